//! The public reviews API for the team: write, submit, approve, publish and retract, with
//! the same rules as the pages.

use axum::Json as JsonResponse;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use super::ApiUser;
use super::openapi::{ReadErrors, WriteErrors};
use crate::AppState;
use crate::accounts::teams::{self, TeamId, TeamRole};
use crate::accounts::{User, UserId};
use crate::error::AppError;
use crate::incidents::{self, IncidentId};
use crate::reviews::{self, Review};
use crate::web::extractors::{Json, Path};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .post("/api/v1/incidents/{incident}/reviews", create_review)
        .get("/api/v1/reviews/{review}", show_review)
        .patch("/api/v1/reviews/{review}", update_review)
        .post("/api/v1/reviews/{review}/submit", submit_review)
        .post("/api/v1/reviews/{review}/approve", approve_review)
        .post("/api/v1/reviews/{review}/publish", publish_review)
        .post("/api/v1/reviews/{review}/retract", retract_review)
}

/// The review with the caller's role, refusing viewers when `write` is asked.
async fn find_for(app: &AppState, user: &User, id: i64, write: bool) -> Result<Review, AppError> {
    let (review, role) = reviews::find_review_for(&app.db, user, id).await?;
    if write && role < TeamRole::Member {
        return Err(AppError::Forbidden);
    }
    Ok(review)
}

async fn current(app: &AppState, review: &Review) -> Result<JsonResponse<Review>, AppError> {
    let review = reviews::find_review(app.db.pool(), TeamId(review.team_id), review.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(JsonResponse(review))
}

/// Left out, the title and body are written from the incident.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = NewReview)]
struct CreateBody {
    title: Option<String>,
    body_markdown: Option<String>,
}

/// Starts a draft review of an incident.
#[utoipa::path(
    post,
    path = "/api/v1/incidents/{incident}/reviews",
    tag = "reviews",
    params(("incident" = i64, Path, description = "The incident's id")),
    request_body = CreateBody,
    responses((status = 201, description = "The draft", body = Review), WriteErrors),
    security(("bearer" = [])),
)]
async fn create_review(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(incident): Path<i64>,
    Json(body): Json<CreateBody>,
) -> Result<Response, AppError> {
    let incident = incidents::find_incident_for_user(
        app.db.pool(),
        user.id,
        user.is_admin,
        IncidentId(incident),
    )
    .await?
    .ok_or(AppError::NotFound)?;
    if teams::effective_role(app.db.pool(), TeamId(incident.team_id), &user).await?
        < TeamRole::Member
    {
        return Err(AppError::Forbidden);
    }
    let id = reviews::create_review(
        &app.db,
        &user,
        &incident,
        body.title.as_deref(),
        body.body_markdown.as_deref(),
    )
    .await?;
    let review = reviews::find_review(app.db.pool(), TeamId(incident.team_id), id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, JsonResponse(review)).into_response())
}

/// One review.
#[utoipa::path(
    get,
    path = "/api/v1/reviews/{review}",
    tag = "reviews",
    params(("review" = i64, Path, description = "The review's id")),
    responses((status = 200, description = "The review", body = Review), ReadErrors),
    security(("bearer" = [])),
)]
async fn show_review(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<JsonResponse<Review>, AppError> {
    Ok(JsonResponse(find_for(&app, &user, id, false).await?))
}

/// The fields to change; those left out stay as they are.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ReviewChanges)]
struct UpdateBody {
    title: Option<String>,
    body_markdown: Option<String>,
}

/// Edits a review; an edit sends it back to draft.
#[utoipa::path(
    patch,
    path = "/api/v1/reviews/{review}",
    tag = "reviews",
    params(("review" = i64, Path, description = "The review's id")),
    request_body = UpdateBody,
    responses((status = 200, description = "The review as it is now", body = Review), WriteErrors),
    security(("bearer" = [])),
)]
async fn update_review(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<UpdateBody>,
) -> Result<JsonResponse<Review>, AppError> {
    let review = find_for(&app, &user, id, true).await?;
    let title = body.title.as_deref().unwrap_or(&review.title);
    let markdown = body
        .body_markdown
        .as_deref()
        .unwrap_or(&review.body_markdown);
    reviews::save_review(&app.db, user.id, &review, title, markdown).await?;
    current(&app, &review).await
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(deny_unknown_fields)]
struct SubmitBody {
    /// The reviewers' emails.
    #[serde(default)]
    reviewers: Vec<String>,
}

/// Submits a draft for review.
#[utoipa::path(
    post,
    path = "/api/v1/reviews/{review}/submit",
    tag = "reviews",
    params(("review" = i64, Path, description = "The review's id")),
    request_body = SubmitBody,
    responses((status = 200, description = "The review as it is now", body = Review), WriteErrors),
    security(("bearer" = [])),
)]
async fn submit_review(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<SubmitBody>,
) -> Result<JsonResponse<Review>, AppError> {
    let review = find_for(&app, &user, id, true).await?;
    let mut reviewers: Vec<UserId> = Vec::new();
    for (index, email) in body.reviewers.iter().enumerate() {
        let found = crate::accounts::find_user_by_email(app.db.pool(), email).await?;
        match found {
            Some(reviewer) => reviewers.push(reviewer.id),
            None => {
                return Err(AppError::invalid(
                    crate::t!("api-error-reviewer-not-member", email = email.as_str()),
                    format!("$.reviewers[{index}]"),
                ));
            }
        }
    }
    reviews::submit_review(&app.db, user.id, &review, &reviewers).await?;
    current(&app, &review).await
}

/// Approves a review in review (someone other than its author).
#[utoipa::path(
    post,
    path = "/api/v1/reviews/{review}/approve",
    tag = "reviews",
    params(("review" = i64, Path, description = "The review's id")),
    responses((status = 200, description = "The review as it is now", body = Review), WriteErrors),
    security(("bearer" = [])),
)]
async fn approve_review(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<JsonResponse<Review>, AppError> {
    let review = find_for(&app, &user, id, true).await?;
    reviews::approve_review(&app.db, user.id, &review).await?;
    current(&app, &review).await
}

#[derive(Deserialize, Default, ToSchema)]
#[serde(deny_unknown_fields)]
struct PublishBody {
    /// What changed since the last publication; needed for a correction.
    #[serde(default)]
    change_note: String,
}

/// Where a publication went.
#[derive(ToSchema)]
pub struct PublishedView {
    pub slug: String,
    /// The public page's address.
    pub url: String,
    /// The revision now public, from 1.
    pub revision: i64,
}

/// Publishes an approved review, or a correction of a published one.
#[utoipa::path(
    post,
    path = "/api/v1/reviews/{review}/publish",
    tag = "reviews",
    params(("review" = i64, Path, description = "The review's id")),
    request_body = PublishBody,
    responses((status = 200, description = "The publication", body = PublishedView), WriteErrors),
    security(("bearer" = [])),
)]
async fn publish_review(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<PublishBody>,
) -> Result<JsonResponse<serde_json::Value>, AppError> {
    let review = find_for(&app, &user, id, true).await?;
    let published = reviews::publish_review(
        &app.db,
        user.id,
        &review,
        &body.change_note,
        app.mail.is_some(),
    )
    .await?;
    app.public.clear();
    crate::email::announce(&app);
    let base = reviews::public::base_url(&app, &headers);
    Ok(JsonResponse(json!({
        "slug": published.slug,
        "url": format!("{base}/reviews/{}", published.slug),
        "revision": published.revision,
    })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct RetractBody {
    /// Shown on the public page.
    reason: String,
}

/// Takes a published review off the public site; its page says why.
#[utoipa::path(
    post,
    path = "/api/v1/reviews/{review}/retract",
    tag = "reviews",
    params(("review" = i64, Path, description = "The review's id")),
    request_body = RetractBody,
    responses((status = 200, description = "The review as it is now", body = Review), WriteErrors),
    security(("bearer" = [])),
)]
async fn retract_review(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<RetractBody>,
) -> Result<JsonResponse<Review>, AppError> {
    let review = find_for(&app, &user, id, true).await?;
    reviews::retract_review(&app.db, user.id, &review, &body.reason).await?;
    app.public.clear();
    current(&app, &review).await
}
