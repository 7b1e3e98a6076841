//! The incident page and the edits made on it.

use axum::extract::State;
use axum::response::Response;
use chrono::{NaiveDateTime, TimeZone};
use serde::Deserialize;

use super::kinds::{EntryKind, Visibility};
use super::review::{CommunicationReview, Stages};
use super::views::{self, EntryFilter, IncidentPage};
use super::{EntryChange, EntryId, Incident, IncidentId, NewEntry};
use crate::AppState;
use crate::accounts::teams::Team;
use crate::error::AppError;
use crate::web::PageContext;
use crate::web::extractors::{Form, Member, Owner, Path, Query, TeamMember, Viewer};
use crate::web::flash::{self, Flash};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/teams/{team}/incidents/{incident}", show_incident)
        .post("/teams/{team}/incidents/{incident}/entries", add_entry)
        .post(
            "/teams/{team}/incidents/{incident}/entries/{entry}",
            update_entry,
        )
        .post(
            "/teams/{team}/incidents/{incident}/entries/{entry}/key-moment",
            toggle_key_moment,
        )
        .post("/teams/{team}/settings", update_team_settings)
}

async fn team_incident(app: &AppState, team: &Team, id: i64) -> Result<Incident, AppError> {
    super::find_incident(app.db.pool(), team.id, IncidentId(id))
        .await?
        .ok_or(AppError::NotFound)
}

async fn show_incident(
    State(app): State<AppState>,
    member: TeamMember<Viewer>,
    context: PageContext,
    Path((_, id)): Path<(String, i64)>,
    Query(filter): Query<EntryFilter>,
) -> Result<maud::Markup, AppError> {
    let incident = team_incident(&app, &member.team, id).await?;
    let entries = super::list_entries(app.db.pool(), incident.id).await?;
    let target = super::target_cadence_s(app.db.pool(), member.team.id).await?;
    let stages = Stages::of(&incident, &entries);
    let communication = CommunicationReview::of(&stages, &entries, target);
    let retros = crate::retros::list_incident_retros(app.db.pool(), incident.id).await?;
    let templates = crate::retros::templates::list_templates(app.db.pool(), member.team.id).await?;
    let members = crate::accounts::teams::list_members(app.db.pool(), member.team.id).await?;
    let retros = crate::retros::views::incident_retros(
        &context,
        &crate::retros::views::RetroSection {
            team: &member.team,
            incident: &incident,
            retros: &retros,
            templates: &templates,
            members: &members,
            me: member.user.id,
            can_start: member.role >= crate::accounts::teams::TeamRole::Member,
        },
    );
    let reviews = crate::reviews::list_incident_reviews(app.db.pool(), incident.id.0).await?;
    let reviews = crate::reviews::views::incident_reviews(
        &context,
        &member.team,
        &incident,
        &reviews,
        member.role >= crate::accounts::teams::TeamRole::Member,
    );
    let retros = maud::html! { (retros) (reviews) };
    let action_items = crate::actions::list_incident_actions(app.db.pool(), incident.id).await?;
    let actions = crate::actions::views::incident_actions(
        &context,
        &member.team,
        incident.id.0,
        &action_items,
        &members,
        member.role >= crate::accounts::teams::TeamRole::Member,
    );
    Ok(views::incident_page(
        &context,
        &IncidentPage {
            team: &member.team,
            role: member.role,
            incident: &incident,
            entries: &entries,
            metrics: &stages.metrics(),
            stages: &stages,
            communication: &communication,
            filter: &filter,
            zone: &member.user.time_zone,
            retros,
            actions,
        },
    ))
}

#[derive(Deserialize)]
struct NewEntryForm {
    occurred_at: String,
    kind: String,
    #[serde(default)]
    actor: String,
    text: String,
    visibility: String,
}

fn parse_kind(text: &str) -> Result<EntryKind, AppError> {
    text.parse()
        .map_err(|e: super::kinds::UnknownKind| AppError::invalid(e.message(), "field kind"))
}

fn parse_visibility(text: &str) -> Result<Visibility, AppError> {
    text.parse().map_err(|_: String| {
        AppError::invalid(
            crate::t!(
                "timeline-error-unknown-visibility",
                visibility = format!("{:?}", text.trim().to_lowercase())
            ),
            "field visibility",
        )
    })
}

async fn add_entry(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<NewEntryForm>,
) -> Result<Response, AppError> {
    let incident = team_incident(&app, &member.team, id).await?;
    let zone: chrono_tz::Tz = member.user.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let local = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(form.occurred_at.trim(), format).ok())
        .ok_or_else(|| AppError::invalid(crate::t!("timeline-error-time"), "field occurred_at"))?;
    let occurred_at = zone
        .from_local_datetime(&local)
        .earliest()
        .ok_or_else(|| {
            AppError::invalid(
                crate::t!("timeline-error-skipped-time", zone = zone.name()),
                "field occurred_at",
            )
        })?
        .with_timezone(&chrono::Utc);
    let entry = NewEntry {
        occurred_at,
        kind: parse_kind(&form.kind)?,
        actor: Some(form.actor),
        text: form.text,
        visibility: parse_visibility(&form.visibility)?,
    };
    let entry_id = super::add_entry(&app.db, member.user.id, incident.id, entry).await?;
    Ok(flash::redirect(
        &format!(
            "/teams/{}/incidents/{}#entry-{}",
            member.team.slug, incident.id.0, entry_id.0
        ),
        Flash::notice(crate::t!("timeline-entry-added")),
    ))
}

#[derive(Deserialize)]
struct EntryForm {
    kind: String,
    visibility: String,
    text: String,
}

async fn update_entry(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    Path((_, id, entry)): Path<(String, i64, i64)>,
    Form(form): Form<EntryForm>,
) -> Result<Response, AppError> {
    let incident = team_incident(&app, &member.team, id).await?;
    let change = EntryChange {
        kind: parse_kind(&form.kind)?,
        visibility: parse_visibility(&form.visibility)?,
        text: form.text,
    };
    super::update_entry(&app.db, member.user.id, incident.id, EntryId(entry), change).await?;
    Ok(flash::redirect(
        &format!(
            "/teams/{}/incidents/{}#entry-{entry}",
            member.team.slug, incident.id.0
        ),
        Flash::notice(crate::t!("timeline-entry-saved")),
    ))
}

async fn toggle_key_moment(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    Path((_, id, entry)): Path<(String, i64, i64)>,
) -> Result<Response, AppError> {
    let incident = team_incident(&app, &member.team, id).await?;
    let is_key_moment =
        super::toggle_key_moment(&app.db, member.user.id, incident.id, EntryId(entry)).await?;
    Ok(flash::redirect(
        &format!(
            "/teams/{}/incidents/{}#entry-{entry}",
            member.team.slug, incident.id.0
        ),
        Flash::notice(if is_key_moment {
            crate::t!("timeline-key-moment-marked")
        } else {
            crate::t!("timeline-key-moment-unmarked")
        }),
    ))
}

#[derive(Deserialize)]
struct TeamSettingsForm {
    target_cadence_minutes: String,
}

async fn update_team_settings(
    State(app): State<AppState>,
    owner: TeamMember<Owner>,
    Form(form): Form<TeamSettingsForm>,
) -> Result<Response, AppError> {
    let minutes: i64 = form.target_cadence_minutes.trim().parse().map_err(|_| {
        AppError::invalid(
            crate::t!("incident-error-cadence-number"),
            "field target_cadence_minutes",
        )
    })?;
    super::set_target_cadence(&app.db, owner.user.id, owner.team.id, minutes).await?;
    Ok(flash::redirect(
        &format!("/teams/{}", owner.team.slug),
        Flash::notice(crate::t!("incident-cadence-saved", minutes = minutes)),
    ))
}
