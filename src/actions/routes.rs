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
use crate::web::extractors::{
    CurrentUser, Form, Member, Path, Query, TeamMember, Viewer, optional_form_number,
};
use crate::web::flash::{self, Flash};
use crate::web::layout::FormError;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .post("/teams/{team}/incidents/{incident}/actions", create_action)
        .get("/teams/{team}/actions/{action}", show_action)
        .post("/teams/{team}/actions/{action}", update_action)
        .get("/teams/{team}/actions", show_team_board)
        .post("/teams/{team}/actions/{action}/status", set_status)
        .post("/account/calendar", create_calendar_feed)
        .post("/account/calendar/revoke", revoke_calendar_feed)
        .get("/calendar/{file}", show_calendar)
        .post("/teams/{team}/webhook", save_webhook)
        .get("/dashboard", show_dashboard)
        .get("/teams/{team}/dashboard", show_team_dashboard)
        .get("/actions", list_actions)
        .get("/actions.csv", export_actions)
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
    let owner = optional_form_number(&form.owner, "owner")?.map(UserId);
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
        Flash::notice(crate::t!("action-added")),
    ))
}

async fn render_action(
    app: &AppState,
    member: &TeamMember<Viewer>,
    context: &PageContext,
    id: i64,
    error: Option<&FormError>,
    submitted: Option<&EditForm>,
) -> Result<maud::Markup, AppError> {
    let action = super::find_action(app.db.pool(), member.team.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // After a refused change the form shows what was sent, so nothing typed is lost.
    let mut shown = action.clone();
    if let Some(form) = submitted {
        let or_none = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        shown.title = form.title.clone();
        shown.description = form.description.clone();
        shown.status = form.status.clone();
        shown.status_reason = or_none(&form.reason);
        shown.owner_id = form.owner.trim().parse().ok();
        shown.due_date = or_none(&form.due_date);
        shown.priority = form.priority.clone();
        shown.action_type = form.action_type.clone();
        shown.external_url = or_none(&form.external_url);
        shown.is_public = form.is_public == "on";
    }
    let history = super::list_history(app.db.pool(), id).await?;
    let members = teams::list_members(app.db.pool(), member.team.id).await?;
    let page = views::ActionPage {
        team: &member.team,
        action: &action,
        form: &shown,
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
    render_action(&app, &member, &context, id, None, None).await
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
    /// A checkbox: "on" when ticked, absent otherwise.
    #[serde(default)]
    is_public: String,
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
            owner: Some(optional_form_number(&form.owner, "owner")?.map(UserId)),
            priority: Some(super::parse_priority(&form.priority)?),
            due_date: Some(super::parse_due_date(&form.due_date)?),
            status: Some(form.status.parse()?),
            reason: Some(form.reason.clone()),
            external_url: Some(super::parse_external_url(&form.external_url)?),
            is_public: Some(form.is_public == "on"),
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
            Flash::notice(crate::t!("action-saved")),
        )),
        Err(error) => {
            let error = FormError::from_app_error(error)?;
            let page =
                render_action(&app, &member, &context, id, Some(&error), Some(&form)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// Items per page in the lists.
const PAGE_SIZE: i64 = 50;
/// Most rows in one CSV download.
const CSV_LIMIT: i64 = 10_000;

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Everyone's starting view is their own open items: `/actions` with no filter shows
/// "My items"; any filter in the URL replaces that.
fn default_to_mine(
    mut query: super::filter::FilterQuery,
    raw: Option<&str>,
) -> super::filter::FilterQuery {
    if raw.is_none_or(str::is_empty) {
        query.owner = "me".into();
        query.status = "open".into();
    }
    query
}

async fn list_actions(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    context: PageContext,
    uri: axum::http::Uri,
    Query(query): Query<super::filter::FilterQuery>,
) -> Result<maud::Markup, AppError> {
    let query = default_to_mine(query, uri.query());
    let filter = query.parse(user.id)?;
    let offset = (filter.page - 1) * PAGE_SIZE;
    let mut items = super::list_actions(
        app.db.pool(),
        user.id,
        user.is_admin,
        &filter,
        today(),
        PAGE_SIZE + 1,
        offset,
    )
    .await?;
    let has_next = items.len() as i64 > PAGE_SIZE;
    items.truncate(PAGE_SIZE as usize);
    let teams: Vec<_> = if user.is_admin {
        teams::list_all_teams(app.db.pool()).await?
    } else {
        teams::list_teams_of_user(app.db.pool(), user.id)
            .await?
            .into_iter()
            .map(|(team, _)| team)
            .collect()
    };
    let title = if query.owner == "me" && query.status == "open" && query.team.is_empty() {
        crate::t!("action-list-mine")
    } else {
        crate::t!("action-list-title")
    };
    Ok(views::list_page(
        &context,
        &views::ListPage {
            title: &title,
            path: "/actions",
            filter: &filter,
            query: &query,
            items: &items,
            teams: &teams,
            has_next,
            today: today(),
        },
    ))
}

/// The filtered view as CSV (RFC 4180, UTF-8), every page of it.
async fn export_actions(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<super::filter::FilterQuery>,
) -> Result<Response, AppError> {
    let filter = query.parse(user.id)?;
    csv_response(&app, &user, &filter).await
}

/// Items matching `filter` as a CSV download (shared by the page and the API).
pub async fn csv_response(
    app: &AppState,
    user: &crate::accounts::User,
    filter: &super::filter::ActionFilter,
) -> Result<Response, AppError> {
    let items = super::list_actions(
        app.db.pool(),
        user.id,
        user.is_admin,
        filter,
        today(),
        CSV_LIMIT,
        0,
    )
    .await?;
    // Machine-read: the header and the type and status values stay English, as stored,
    // whatever the reader's language.
    let header = [
        "id", "team", "incident", "title", "type", "owner", "priority", "due_date", "status",
    ];
    let rows = items.iter().map(|item| {
        vec![
            item.id.to_string(),
            item.team_slug.clone(),
            item.incident_title.clone(),
            item.title.clone(),
            item.action_type.clone(),
            item.owner_name.clone().unwrap_or_default(),
            item.priority.clone(),
            item.due_date.clone().unwrap_or_default(),
            item.status.clone(),
        ]
    });
    crate::web::csv_download("action-items.csv", &header, rows)
}

/// A team board shows up to this many items; the filtered list pages through the rest.
const BOARD_LIMIT: i64 = 500;

async fn show_team_board(
    State(app): State<AppState>,
    member: TeamMember<Viewer>,
    context: PageContext,
) -> Result<maud::Markup, AppError> {
    let filter = super::filter::ActionFilter {
        team_slug: Some(member.team.slug.clone()),
        ..Default::default()
    };
    let items = super::list_actions(
        app.db.pool(),
        member.user.id,
        true,
        &filter,
        today(),
        BOARD_LIMIT,
        0,
    )
    .await?;
    let members = teams::list_members(app.db.pool(), member.team.id).await?;
    Ok(views::team_board(
        &context,
        &member.team,
        &items,
        &members,
        member.role >= TeamRole::Member,
    ))
}

#[derive(Deserialize)]
struct StatusForm {
    status: String,
    #[serde(default)]
    reason: String,
    /// Left out: unchanged. Empty: nobody.
    owner: Option<String>,
    /// Left out: unchanged. Empty: no due date.
    due_date: Option<String>,
}

/// A quick change of status, owner and due date from the board (won't do still needs a
/// reason, given on the item's own page).
async fn set_status(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<StatusForm>,
) -> Result<Response, AppError> {
    let changes = ActionChanges {
        status: Some(form.status.parse()?),
        reason: Some(form.reason),
        owner: form
            .owner
            .as_deref()
            .map(|owner| optional_form_number(owner, "owner").map(|o| o.map(UserId)))
            .transpose()?,
        due_date: form
            .due_date
            .as_deref()
            .map(super::parse_due_date)
            .transpose()?,
        ..Default::default()
    };
    let action = super::update_action(&app.db, member.user.id, member.team.id, id, changes).await?;
    Ok(flash::redirect(
        &format!("/teams/{}/actions", member.team.slug),
        Flash::notice(crate::t!(
            "action-status-set",
            title = action.title.as_str(),
            status = views::status_label(&action.status)
        )),
    ))
}

async fn create_calendar_feed(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    context: PageContext,
    headers: axum::http::HeaderMap,
) -> Result<maud::Markup, AppError> {
    let token = super::calendar::create_feed(&app.db, user.id).await?;
    let url = format!(
        "{}/calendar/{token}.ics",
        crate::web::site_url(app.settings.secure_cookies, &headers)
    );
    Ok(views::calendar_link_page(&context, &url))
}

async fn revoke_calendar_feed(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Response, AppError> {
    super::calendar::revoke_feed(&app.db, user.id).await?;
    Ok(flash::redirect(
        "/account",
        Flash::notice(crate::t!("calendar-stopped")),
    ))
}

/// The feed itself: no session (calendar apps have none); the secret address is the key.
async fn show_calendar(
    State(app): State<AppState>,
    headers: axum::http::HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let site = crate::web::site_url(app.settings.secure_cookies, &headers);
    let feed = super::calendar::feed_items(&app.db, token, &site)
        .await?
        .ok_or(AppError::NotFound)?;
    let host = site.split("://").nth(1).unwrap_or("hindsight");
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/calendar; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "private, max-age=300"),
        ],
        // Calendar apps send no session: the feed speaks its owner's language.
        crate::i18n::sync_scope(feed.lang, || super::calendar::render(&feed.items, host)),
    )
        .into_response())
}

/// How many of the longest-waiting items a dashboard lists.
const OLDEST: i64 = 10;

async fn show_dashboard(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    context: PageContext,
) -> Result<maud::Markup, AppError> {
    let scope = super::dashboard::Scope::User {
        user: user.id,
        is_admin: user.is_admin,
    };
    let loaded = app
        .dashboards
        .load(app.db.pool(), scope, chrono::Utc::now(), OLDEST)
        .await?;
    Ok(views::dashboard_page(
        &context,
        &crate::t!("dashboard-title-mine"),
        &loaded.dashboard,
        &loaded.oldest,
        "/actions?status=open",
    ))
}

async fn show_team_dashboard(
    State(app): State<AppState>,
    member: TeamMember<Viewer>,
    context: PageContext,
) -> Result<maud::Markup, AppError> {
    let scope = super::dashboard::Scope::Team(member.team.id);
    let loaded = app
        .dashboards
        .load(app.db.pool(), scope, chrono::Utc::now(), OLDEST)
        .await?;
    let title = crate::t!("dashboard-title-team", team = member.team.name.as_str());
    Ok(views::dashboard_page(
        &context,
        &title,
        &loaded.dashboard,
        &loaded.oldest,
        &format!("/teams/{}/actions", member.team.slug),
    ))
}

#[derive(Deserialize)]
struct WebhookForm {
    #[serde(default)]
    webhook_url: String,
    #[serde(default)]
    webhook_format: String,
    webhook_language: Option<String>,
}

async fn save_webhook(
    State(app): State<AppState>,
    owner: TeamMember<crate::web::extractors::Owner>,
    context: PageContext,
    Form(form): Form<WebhookForm>,
) -> Result<Response, AppError> {
    match super::reminders::save_webhook(
        &app.db,
        owner.user.id,
        owner.team.id,
        &super::reminders::WebhookSettings {
            url: &form.webhook_url,
            format: &form.webhook_format,
            language: form.webhook_language.as_deref(),
        },
    )
    .await?
    {
        Some(secret) => {
            Ok(views::webhook_secret_page(&context, &owner.team, &secret).into_response())
        }
        None => Ok(flash::redirect(
            &format!("/teams/{}", owner.team.slug),
            Flash::notice(crate::t!("webhook-off")),
        )),
    }
}
