//! Action item pages and edits.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{ActionChanges, NewAction, views};
use crate::AppState;
use crate::accounts::UserId;
use crate::accounts::teams::{self, TeamRole};
use crate::error::AppError;
use crate::incidents::{self, IncidentId};
use crate::web::PageContext;
use crate::web::extractors::{Form, Member, Path, TeamMember, Viewer};
use crate::web::flash::{self, Flash};
use crate::web::layout::FormError;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .post("/teams/{team}/incidents/{incident}/actions", create_action)
        .get("/teams/{team}/actions/{action}", show_action)
        .post("/teams/{team}/actions/{action}", update_action)
}

fn optional_id(text: &str, field: &str) -> Result<Option<i64>, AppError> {
    match text.trim() {
        "" => Ok(None),
        value => value.parse().map(Some).map_err(|_| {
            AppError::invalid(format!("Choose a valid {field}."), format!("field {field}"))
        }),
    }
}

#[derive(Deserialize)]
struct NewActionForm {
    title: String,
    #[serde(rename = "type")]
    action_type: String,
    #[serde(default)]
    owner: String,
    priority: String,
    #[serde(default)]
    due_date: String,
}

async fn create_action(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    Path((_, incident)): Path<(String, i64)>,
    Form(form): Form<NewActionForm>,
) -> Result<Response, AppError> {
    let incident = incidents::find_incident(app.db.pool(), member.team.id, IncidentId(incident))
        .await?
        .ok_or(AppError::NotFound)?;
    let owner = optional_id(&form.owner, "owner")?.map(UserId);
    if let Some(owner) = owner
        && teams::find_role(app.db.pool(), member.team.id, owner)
            .await?
            .is_none()
    {
        return Err(AppError::invalid(
            "The owner must be a member of the team.",
            "field owner",
        ));
    }
    let action = NewAction {
        team: member.team.id,
        incident: incident.id,
        retro: None,
        theme: None,
        card: None,
        title: form.title,
        action_type: form.action_type.parse()?,
        owner,
        priority: super::parse_priority(&form.priority)?,
        due_date: super::parse_due_date(&form.due_date)?,
    };
    let mut tx = app.db.begin().await?;
    let id = super::insert_action(&mut tx, member.user.id, &action).await?;
    tx.commit().await?;
    Ok(flash::redirect(
        &format!("/teams/{}/actions/{id}", member.team.slug),
        Flash::notice("Action item added."),
    ))
}

async fn render_action(
    app: &AppState,
    member: &TeamMember<Viewer>,
    context: &PageContext,
    id: i64,
    error: Option<&FormError>,
) -> Result<maud::Markup, AppError> {
    let action = super::find_action(app.db.pool(), member.team.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let history = super::list_history(app.db.pool(), id).await?;
    let members = teams::list_members(app.db.pool(), member.team.id).await?;
    let page = views::ActionPage {
        team: &member.team,
        action: &action,
        history: &history,
        members: &members,
        can_edit: member.role >= TeamRole::Member,
        zone: &member.user.time_zone,
    };
    Ok(views::action_page(context, &page, error))
}

async fn show_action(
    State(app): State<AppState>,
    member: TeamMember<Viewer>,
    context: PageContext,
    Path((_, id)): Path<(String, i64)>,
) -> Result<maud::Markup, AppError> {
    render_action(&app, &member, &context, id, None).await
}

#[derive(Deserialize)]
struct EditForm {
    title: String,
    #[serde(default)]
    description: String,
    status: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    due_date: String,
    priority: String,
    #[serde(rename = "type")]
    action_type: String,
    #[serde(default)]
    external_url: String,
}

async fn update_action(
    State(app): State<AppState>,
    member: TeamMember<Viewer>,
    context: PageContext,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    if member.role < TeamRole::Member {
        return Err(AppError::Forbidden);
    }
    let changes = async {
        Ok::<_, AppError>(ActionChanges {
            title: Some(form.title.clone()),
            description: Some(form.description.clone()),
            action_type: Some(form.action_type.parse()?),
            owner: Some(optional_id(&form.owner, "owner")?.map(UserId)),
            priority: Some(super::parse_priority(&form.priority)?),
            due_date: Some(super::parse_due_date(&form.due_date)?),
            status: Some(form.status.parse()?),
            reason: Some(form.reason.clone()),
            external_url: Some(super::parse_external_url(&form.external_url)?),
        })
    }
    .await;
    let outcome = match changes {
        Ok(changes) => super::update_action(&app.db, member.user.id, member.team.id, id, changes)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => Ok(flash::redirect(
            &format!("/teams/{}/actions/{id}", member.team.slug),
            Flash::notice("Saved."),
        )),
        Err(error) => {
            let error = FormError::from_app_error(error)?;
            let page = render_action(&app, &member, &context, id, Some(&error)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
