//! The action items API: create, read, change and list items, with the views' filters.

use axum::Json as JsonResponse;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::ApiUser;
use super::openapi::{ReadErrors, WriteErrors};
use crate::AppState;
use crate::accounts::teams::{self, TeamId, TeamRole};
use crate::accounts::{User, UserId};
use crate::actions::filter::FilterQuery;
use crate::actions::{self, ActionChanges, ActionDetail, ActionItem, HistoryEntry, NewAction};
use crate::error::AppError;
use crate::incidents::{self, IncidentId};
use crate::web::extractors::{Json, Path, Query};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .post("/api/v1/actions", create_action)
        .get("/api/v1/actions", list_actions)
        .get("/api/v1/actions/{action}", show_action)
        .patch("/api/v1/actions/{action}", update_action)
        .get("/api/v1/actions/{action}/history", show_history)
}

/// The item `id` if the caller may see it, with their role in its team.
async fn find_for(
    app: &AppState,
    user: &User,
    id: i64,
) -> Result<(ActionDetail, TeamRole), AppError> {
    let (team,): (i64,) = sqlx::query_as("SELECT team_id FROM action_item WHERE id = $1")
        .bind(id)
        .fetch_optional(app.db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let role = teams::effective_role(app.db.pool(), TeamId(team), user).await?;
    let action = actions::find_action(app.db.pool(), TeamId(team), id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((action, role))
}

/// A user of `team` by email, for owners given by address.
async fn owner_by_email(app: &AppState, team: TeamId, email: &str) -> Result<UserId, AppError> {
    let user = crate::accounts::find_user_by_email(app.db.pool(), email).await?;
    let member = match &user {
        Some(user) => teams::find_role(app.db.pool(), team, user.id)
            .await?
            .is_some(),
        None => false,
    };
    match user {
        Some(user) if member => Ok(user.id),
        _ => Err(AppError::invalid(
            crate::t!("api-error-owner-not-member", email = email),
            "$.owner_email",
        )),
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NewAction)]
struct CreateBody {
    incident_id: i64,
    title: String,
    /// Markdown.
    description: Option<String>,
    /// `prevent`, `mitigate`, `detect`, `process` or `communicate`.
    #[serde(rename = "type")]
    #[schema(pattern = "^(prevent|mitigate|detect|process|communicate)$")]
    action_type: String,
    /// A member of the incident's team.
    owner_email: Option<String>,
    /// `P1`, `P2` or `P3`.
    #[schema(pattern = "^(P1|P2|P3)$")]
    priority: String,
    /// `YYYY-MM-DD`.
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    due_date: Option<String>,
    /// An http(s) link to a ticket elsewhere.
    external_url: Option<String>,
}

/// Creates an action item for an incident.
#[utoipa::path(
    post,
    path = "/api/v1/actions",
    tag = "actions",
    request_body = CreateBody,
    responses((status = 201, description = "The new item", body = ActionDetail), WriteErrors),
    security(("bearer" = [])),
)]
async fn create_action(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Json(body): Json<CreateBody>,
) -> Result<Response, AppError> {
    let incident = incidents::find_incident_for_user(
        app.db.pool(),
        user.id,
        user.is_admin,
        IncidentId(body.incident_id),
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let team = TeamId(incident.team_id);
    if teams::effective_role(app.db.pool(), team, &user).await? < TeamRole::Member {
        return Err(AppError::Forbidden);
    }
    let owner = match body.owner_email.as_deref() {
        Some(email) => Some(owner_by_email(&app, team, email).await?),
        None => None,
    };
    let new = NewAction {
        team,
        incident: incident.id,
        retro: None,
        theme: None,
        card: None,
        title: body.title,
        action_type: body.action_type.parse()?,
        owner,
        priority: actions::parse_priority(&body.priority)?,
        due_date: actions::parse_due_date(body.due_date.as_deref().unwrap_or(""))?,
    };
    let external_url = actions::parse_external_url(body.external_url.as_deref().unwrap_or(""))?;
    let mut tx = app.db.begin().await?;
    let id = actions::insert_action(&mut tx, user.id, &new).await?;
    tx.commit().await?;
    // Description and link go through the same change path as later edits.
    let changes = ActionChanges {
        description: body.description,
        external_url: Some(external_url),
        ..Default::default()
    };
    let action = actions::update_action(&app.db, user.id, team, id, changes).await?;
    Ok((axum::http::StatusCode::CREATED, JsonResponse(action)).into_response())
}

/// One action item.
#[utoipa::path(
    get,
    path = "/api/v1/actions/{action}",
    tag = "actions",
    params(("action" = i64, Path, description = "The item's id")),
    responses((status = 200, description = "The item", body = ActionDetail), ReadErrors),
    security(("bearer" = [])),
)]
async fn show_action(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<JsonResponse<ActionDetail>, AppError> {
    Ok(JsonResponse(find_for(&app, &user, id).await?.0))
}

/// Every change of an action item.
#[utoipa::path(
    get,
    path = "/api/v1/actions/{action}/history",
    tag = "actions",
    params(("action" = i64, Path, description = "The item's id")),
    responses((status = 200, description = "The changes", body = History), ReadErrors),
    security(("bearer" = [])),
)]
async fn show_history(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<JsonResponse<Value>, AppError> {
    let (action, _) = find_for(&app, &user, id).await?;
    let history = actions::list_history(app.db.pool(), action.id).await?;
    Ok(JsonResponse(json!({ "history": history })))
}

/// The changes of an item, oldest first.
#[derive(ToSchema)]
pub struct History {
    pub history: Vec<HistoryEntry>,
}

/// The fields to change; those left out stay as they are.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ActionChanges)]
struct PatchBody {
    title: Option<String>,
    description: Option<String>,
    /// `prevent`, `mitigate`, `detect`, `process` or `communicate`.
    #[serde(rename = "type")]
    #[schema(pattern = "^(prevent|mitigate|detect|process|communicate)$")]
    action_type: Option<String>,
    /// An email, or null to remove the owner.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    owner_email: Option<Option<String>>,
    /// `P1`, `P2` or `P3`.
    #[schema(pattern = "^(P1|P2|P3)$")]
    priority: Option<String>,
    /// `YYYY-MM-DD`, or null to remove it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    due_date: Option<Option<String>>,
    /// `open`, `in_progress`, `done` or `wont_do` (which needs `reason`).
    #[schema(pattern = "^(open|in_progress|done|wont_do)$")]
    status: Option<String>,
    reason: Option<String>,
    /// A link, or null to remove it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    external_url: Option<Option<String>>,
    is_public: Option<bool>,
}

/// Tells a field sent as null (`Some(None)`: clear it) from one left out (`None`).
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

/// Changes an action item.
#[utoipa::path(
    patch,
    path = "/api/v1/actions/{action}",
    tag = "actions",
    params(("action" = i64, Path, description = "The item's id")),
    request_body = PatchBody,
    responses((status = 200, description = "The item as it is now", body = ActionDetail), WriteErrors),
    security(("bearer" = [])),
)]
async fn update_action(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<PatchBody>,
) -> Result<JsonResponse<ActionDetail>, AppError> {
    let (action, role) = find_for(&app, &user, id).await?;
    if role < TeamRole::Member {
        return Err(AppError::Forbidden);
    }
    let team = TeamId(action.team_id);
    let owner = match body.owner_email {
        Some(Some(email)) => Some(Some(owner_by_email(&app, team, &email).await?)),
        Some(None) => Some(None),
        None => None,
    };
    let changes = ActionChanges {
        title: body.title,
        description: body.description,
        action_type: body.action_type.as_deref().map(str::parse).transpose()?,
        owner,
        priority: body
            .priority
            .as_deref()
            .map(actions::parse_priority)
            .transpose()?,
        due_date: body
            .due_date
            .map(|d| actions::parse_due_date(d.as_deref().unwrap_or("")))
            .transpose()?,
        status: body.status.as_deref().map(str::parse).transpose()?,
        reason: body.reason,
        external_url: body
            .external_url
            .map(|u| actions::parse_external_url(u.as_deref().unwrap_or("")))
            .transpose()?,
        is_public: body.is_public,
    };
    Ok(JsonResponse(
        actions::update_action(&app.db, user.id, team, id, changes).await?,
    ))
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(flatten)]
    filter: FilterQuery,
    #[serde(default)]
    format: String,
}

/// A page of action items.
#[derive(ToSchema)]
pub struct ActionPage {
    pub actions: Vec<ActionItem>,
    pub page: i64,
    /// The next page's number, or null on the last page.
    pub next_page: Option<i64>,
}

/// Items with the views' filters, a page of 50 (`page`), as JSON or `format=csv`.
#[utoipa::path(
    get,
    path = "/api/v1/actions",
    tag = "actions",
    params(
        ("team" = Option<String>, Query, description = "A team's slug"),
        ("owner" = Option<String>, Query, description = "`me`, a user id, or empty for anyone"),
        ("status" = Option<String>, Query, description = "`open`, `in_progress`, `done`, `wont_do`"),
        ("type" = Option<String>, Query, description = "An action type"),
        ("priority" = Option<String>, Query, description = "`P1`, `P2` or `P3`"),
        ("incident" = Option<String>, Query, description = "An incident's id"),
        ("overdue" = Option<String>, Query, description = "Only overdue items when set"),
        ("due_before" = Option<String>, Query, description = "`YYYY-MM-DD`"),
        ("due_after" = Option<String>, Query, description = "`YYYY-MM-DD`"),
        ("sort" = Option<String>, Query, description = "The order of the list"),
        ("page" = Option<String>, Query, description = "From 1"),
        ("format" = Option<String>, Query, description = "`csv` for a CSV file"),
    ),
    responses(
        (status = 200, description = "A page of items, or all of them as CSV",
            content((ActionPage = "application/json"), (String = "text/csv"))),
        ReadErrors,
    ),
    security(("bearer" = [])),
)]
async fn list_actions(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let filter = query.filter.parse(user.id)?;
    if query.format == "csv" {
        return crate::actions::routes::csv_response(&app, &user, &filter).await;
    }
    let page_size = 50;
    let mut items = actions::list_actions(
        app.db.pool(),
        user.id,
        user.is_admin,
        &filter,
        chrono::Utc::now().date_naive(),
        page_size + 1,
        (filter.page - 1) * page_size,
    )
    .await?;
    let has_next = items.len() as i64 > page_size;
    items.truncate(page_size as usize);
    Ok(JsonResponse(json!({"actions": items, "page": filter.page, "next_page": has_next.then_some(filter.page + 1)})).into_response())
}
