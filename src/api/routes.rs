//! JSON API v1 handlers.

use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::ApiUser;
use crate::AppState;
use crate::accounts::User;
use crate::accounts::teams::{self, Team, TeamRole};
use crate::error::AppError;
use crate::import::{self, Format, ImportOptions, apply};
use crate::incidents::review::{CommunicationReview, Stages};
use crate::incidents::{self, Incident, IncidentId};
use crate::web::extractors::{Path, Query};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/schema/import.json", show_import_schema)
        .post_unlimited("/api/v1/teams/{team}/imports", create_import)
        .get("/api/v1/incidents", list_incidents)
        .get("/api/v1/incidents/{incident}", show_incident)
        .get("/api/v1/incidents/{incident}/timeline", show_timeline)
}

async fn show_import_schema() -> Response {
    (
        [(header::CONTENT_TYPE, "application/schema+json")],
        import::native::SCHEMA,
    )
        .into_response()
}

/// The team named `slug` if `user` has at least `minimum` in it (admins act as owners).
/// Others get 404, as on the web pages.
pub async fn team_for_api(
    app: &AppState,
    user: &User,
    slug: &str,
    minimum: TeamRole,
) -> Result<Team, AppError> {
    let team = teams::find_team_by_slug(app.db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let role = teams::effective_role(app.db.pool(), team.id, user).await?;
    if role < minimum {
        return Err(AppError::Forbidden);
    }
    Ok(team)
}

#[derive(Deserialize)]
struct ImportQuery {
    format: Option<String>,
    #[serde(default)]
    dry_run: Option<String>,
    timezone: Option<String>,
}

/// Reads `?format=…&timezone=…` into the importer's options.
pub fn import_options(
    format: Option<&str>,
    timezone: Option<&str>,
) -> Result<(Option<Format>, ImportOptions), AppError> {
    let format = match format.map(str::trim).filter(|f| !f.is_empty() && *f != "auto") {
        None => None,
        Some(name) => Some(<Format as clap::ValueEnum>::from_str(name, true).map_err(|_| {
            AppError::invalid(
                format!("unknown format {name:?}; use auto, native, csv, markdown, statuspage, pagerduty or slack"),
                "parameter format",
            )
        })?),
    };
    let timezone = match timezone.map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(name) => Some(name.parse::<chrono_tz::Tz>().map_err(|_| {
            AppError::invalid(
                format!("unknown time zone {name:?}; use an IANA name such as Europe/Berlin"),
                "parameter timezone",
            )
        })?),
    };
    Ok((format, ImportOptions { timezone }))
}

async fn create_import(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    Query(query): Query<ImportQuery>,
    body: Body,
) -> Result<Response, AppError> {
    let team = team_for_api(&app, &user, &slug, TeamRole::Member).await?;
    let (format, options) = import_options(query.format.as_deref(), query.timezone.as_deref())?;
    let dry_run = matches!(query.dry_run.as_deref(), Some("true" | "1" | "yes"));
    let bytes = to_bytes(body, app.settings.max_upload_bytes)
        .await
        .map_err(|_| AppError::PayloadTooLarge)?;
    let timeline = tokio::task::spawn_blocking(move || import::parse(&bytes, format, &options))
        .await
        .map_err(AppError::internal)??;
    let outcome =
        apply::import_timeline(&app.db, team.id, Some(user.id), &timeline, dry_run).await?;
    Ok(Json(outcome).into_response())
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<i64>,
    per_page: Option<i64>,
}

async fn list_incidents(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Query(query): Query<PageQuery>,
) -> Result<Json<Value>, AppError> {
    let page = query.page.unwrap_or(1).max(1);
    let per_page = query.per_page.unwrap_or(50).clamp(1, 200);
    // One extra row tells whether there is a next page.
    let mut incidents = incidents::list_incidents_for_user(
        app.db.pool(),
        user.id,
        user.is_admin,
        per_page + 1,
        (page - 1) * per_page,
    )
    .await?;
    let has_next = incidents.len() as i64 > per_page;
    incidents.truncate(per_page as usize);
    Ok(Json(json!({
        "incidents": incidents,
        "page": page,
        "per_page": per_page,
        "next_page": has_next.then_some(page + 1),
    })))
}

async fn incident_for(app: &AppState, user: &User, id: i64) -> Result<Incident, AppError> {
    incidents::find_incident_for_user(app.db.pool(), user.id, user.is_admin, IncidentId(id))
        .await?
        .ok_or(AppError::NotFound)
}

async fn show_incident(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let incident = incident_for(&app, &user, id).await?;
    let entries = incidents::list_entries(app.db.pool(), incident.id).await?;
    let target =
        incidents::target_cadence_s(app.db.pool(), teams::TeamId(incident.team_id)).await?;
    let stages = Stages::of(&incident, &entries);
    let communication = CommunicationReview::of(&stages, &entries, target);
    let mut body = serde_json::to_value(&incident).map_err(AppError::internal)?;
    body["metrics"] = serde_json::to_value(stages.metrics()).map_err(AppError::internal)?;
    body["communication"] = serde_json::to_value(&communication).map_err(AppError::internal)?;
    body["entries_total"] = json!(entries.len());
    Ok(Json(body))
}

async fn show_timeline(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let incident = incident_for(&app, &user, id).await?;
    let entries = incidents::list_entries(app.db.pool(), incident.id).await?;
    Ok(Json(json!({ "entries": entries })))
}
