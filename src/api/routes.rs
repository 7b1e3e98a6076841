//! JSON API v1 handlers.

use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

use super::ApiUser;
use super::openapi::{ReadErrors, WriteErrors};
use crate::AppState;
use crate::accounts::User;
use crate::accounts::teams::{self, Team, TeamRole};
use crate::error::AppError;
use crate::import::{self, Format, ImportOptions, apply};
use crate::incidents::review::{CommunicationReview, Metrics, Stages};
use crate::incidents::{self, Incident, IncidentId, TimelineEntry};
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

/// The JSON Schema of the native import format.
#[utoipa::path(
    get,
    path = "/api/v1/schema/import.json",
    tag = "incidents",
    responses(
        (status = 200, description = "A JSON Schema (draft 2020-12) document",
            content_type = "application/schema+json", body = Object),
    ),
)]
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ImportQuery {
    /// `auto` (the default), `native`, `csv`, `markdown`, `statuspage`, `pagerduty` or
    /// `slack`.
    format: Option<String>,
    /// `true`, `1` or `yes`: only say what the import would do.
    #[serde(default)]
    dry_run: Option<String>,
    /// An IANA time zone for times written without one, such as `Europe/Berlin`.
    timezone: Option<String>,
}

/// Reads `?format=…&timezone=…` into the importer's options.
pub fn import_options(
    format: Option<&str>,
    timezone: Option<&str>,
) -> Result<(Option<Format>, ImportOptions), AppError> {
    let format = match format
        .map(str::trim)
        .filter(|f| !f.is_empty() && *f != "auto")
    {
        None => None,
        Some(name) => Some(
            <Format as clap::ValueEnum>::from_str(name, true).map_err(|_| {
                AppError::invalid(
                    crate::t!("api-error-unknown-format", name = name),
                    "parameter format",
                )
            })?,
        ),
    };
    let timezone = match timezone.map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(name) => Some(name.parse::<chrono_tz::Tz>().map_err(|_| {
            AppError::invalid(
                crate::t!("api-error-unknown-time-zone", name = name),
                "parameter timezone",
            )
        })?),
    };
    Ok((format, ImportOptions { timezone }))
}

/// Imports an incident timeline (any supported format) into a team. All or nothing; an
/// import of the same source again updates the incident.
#[utoipa::path(
    post,
    path = "/api/v1/teams/{team}/imports",
    tag = "incidents",
    params(("team" = String, Path, description = "The team's slug"), ImportQuery),
    request_body(
        description = "The file to import, as it is",
        content(
            (Object = "application/json"),
            (String = "text/plain"),
        ),
    ),
    responses(
        (status = 200, description = "What the import did (or would do)", body = apply::ImportOutcome),
        WriteErrors,
    ),
    security(("bearer" = [])),
)]
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PageQuery {
    /// From 1 (the default).
    page: Option<i64>,
    /// 1 to 200; 50 when left out.
    per_page: Option<i64>,
}

/// A page of incidents.
#[derive(ToSchema)]
pub struct IncidentPage {
    pub incidents: Vec<Incident>,
    pub page: i64,
    pub per_page: i64,
    /// The next page's number, or null on the last page.
    pub next_page: Option<i64>,
}

/// An incident with its stage metrics and how well customers were kept informed.
#[derive(ToSchema)]
pub struct IncidentDetail {
    #[serde(flatten)]
    pub incident: Incident,
    pub metrics: Metrics,
    pub communication: CommunicationReview,
    /// How many timeline entries the incident has.
    pub entries_total: usize,
}

/// An incident's timeline, oldest first.
#[derive(ToSchema)]
pub struct Timeline {
    pub entries: Vec<TimelineEntry>,
}

/// The incidents of the caller's teams, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/incidents",
    tag = "incidents",
    params(PageQuery),
    responses((status = 200, description = "A page of incidents", body = IncidentPage), ReadErrors),
    security(("bearer" = [])),
)]
async fn list_incidents(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Query(query): Query<PageQuery>,
) -> Result<Json<Value>, AppError> {
    // Bounded so that the offset below cannot overflow.
    let page = query.page.unwrap_or(1).clamp(1, i64::MAX / 256);
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

/// One incident with its metrics.
#[utoipa::path(
    get,
    path = "/api/v1/incidents/{incident}",
    tag = "incidents",
    params(("incident" = i64, Path, description = "The incident's id")),
    responses((status = 200, description = "The incident", body = IncidentDetail), ReadErrors),
    security(("bearer" = [])),
)]
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

/// An incident's timeline.
#[utoipa::path(
    get,
    path = "/api/v1/incidents/{incident}/timeline",
    tag = "incidents",
    params(("incident" = i64, Path, description = "The incident's id")),
    responses((status = 200, description = "The timeline", body = Timeline), ReadErrors),
    security(("bearer" = [])),
)]
async fn show_timeline(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Value>, AppError> {
    let incident = incident_for(&app, &user, id).await?;
    let entries = incidents::list_entries(app.db.pool(), incident.id).await?;
    Ok(Json(json!({ "entries": entries })))
}
