//! Customer-facing post-incident reviews: a Markdown draft written from what we know, one
//! approval step by someone other than the author, and publication as frozen, sanitized
//! revisions on the public site. A correction is a new revision with a public change note;
//! a retraction leaves a 410 page with the reason.

pub mod draft;
pub mod public;
pub mod routes;
pub mod translation;
pub mod views;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::AnyExecutor;

use crate::accounts::teams::{self, TeamId, TeamRole};
use crate::accounts::{User, UserId};
use crate::audit::{self, AuditEvent};
use crate::db::{self, Db, WriteTx, time_from_ms};
use crate::error::AppError;
use crate::incidents::Incident;
use crate::t;

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_BODY_CHARS: usize = 100_000;
pub const MAX_NOTE_CHARS: usize = 300;
pub const MAX_COMMENT_CHARS: usize = 5_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ReviewStatus)]
pub enum Status {
    Draft,
    InReview,
    Approved,
    Published,
    Retracted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in_review",
            Status::Approved => "approved",
            Status::Published => "published",
            Status::Retracted => "retracted",
        }
    }

    pub fn label(self) -> String {
        match self {
            Status::Draft => t!("review-status-draft"),
            Status::InReview => t!("review-status-in-review"),
            Status::Approved => t!("review-status-approved"),
            Status::Published => t!("review-status-published"),
            Status::Retracted => t!("review-status-retracted"),
        }
    }

    fn parse(text: &str) -> Result<Status, AppError> {
        Ok(match text {
            "draft" => Status::Draft,
            "in_review" => Status::InReview,
            "approved" => Status::Approved,
            "published" => Status::Published,
            "retracted" => Status::Retracted,
            other => {
                return Err(AppError::Internal(
                    format!("unknown review status {other:?}").into(),
                ));
            }
        })
    }
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Review {
    pub id: i64,
    pub team_id: i64,
    pub incident_id: i64,
    pub incident_title: String,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub title: String,
    pub body_markdown: String,
    pub status: Status,
    /// Set once first published.
    pub slug: Option<String>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub retracted_at: Option<DateTime<Utc>>,
    pub retraction_reason: Option<String>,
    /// How many revisions are public (0 before the first publication).
    pub revisions: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Review {
    /// True while a revision of it is on the public site.
    pub fn is_public(&self) -> bool {
        self.revisions > 0 && self.retracted_at.is_none()
    }
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: i64,
    team_id: i64,
    incident_id: i64,
    incident_title: String,
    author_id: Option<i64>,
    author_name: Option<String>,
    title: String,
    body_markdown: String,
    status: String,
    slug: Option<String>,
    approved_by: Option<String>,
    approved_at: Option<i64>,
    published_at: Option<i64>,
    retracted_at: Option<i64>,
    retraction_reason: Option<String>,
    revisions: i64,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<ReviewRow> for Review {
    type Error = AppError;
    fn try_from(row: ReviewRow) -> Result<Review, AppError> {
        Ok(Review {
            id: row.id,
            team_id: row.team_id,
            incident_id: row.incident_id,
            incident_title: row.incident_title,
            author_id: row.author_id,
            author_name: row.author_name,
            title: row.title,
            body_markdown: row.body_markdown,
            status: Status::parse(&row.status)?,
            slug: row.slug,
            approved_by: row.approved_by,
            approved_at: row.approved_at.map(time_from_ms),
            published_at: row.published_at.map(time_from_ms),
            retracted_at: row.retracted_at.map(time_from_ms),
            retraction_reason: row.retraction_reason,
            revisions: row.revisions,
            created_at: time_from_ms(row.created_at),
            updated_at: time_from_ms(row.updated_at),
        })
    }
}

const REVIEW_SELECT: &str = "SELECT r.id, r.team_id, r.incident_id, i.title AS incident_title, r.author_id,
        a.display_name AS author_name, r.title, r.body_markdown, r.status, r.slug,
        p.display_name AS approved_by, r.approved_at, r.published_at, r.retracted_at, r.retraction_reason,
        (SELECT COUNT(*) FROM review_revision v WHERE v.review_id = r.id) AS revisions,
        r.created_at, r.updated_at
     FROM review r JOIN incident i ON i.id = r.incident_id
     LEFT JOIN app_user a ON a.id = r.author_id LEFT JOIN app_user p ON p.id = r.approved_by";

/// The review `id` of `team`.
pub async fn find_review(
    db: impl AnyExecutor<'_>,
    team: TeamId,
    id: i64,
) -> Result<Option<Review>, AppError> {
    let row: Option<ReviewRow> = sqlx::query_as(&format!(
        "{REVIEW_SELECT} WHERE r.team_id = $1 AND r.id = $2"
    ))
    .bind(team.0)
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(Review::try_from).transpose()
}

/// The review `id` if `user` may see it, with their role in its team.
pub async fn find_review_for(
    db: &Db,
    user: &User,
    id: i64,
) -> Result<(Review, TeamRole), AppError> {
    let (team,): (i64,) = sqlx::query_as("SELECT team_id FROM review WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let role = teams::effective_role(db.pool(), TeamId(team), user).await?;
    let review = find_review(db.pool(), TeamId(team), id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((review, role))
}

/// A team's reviews, most recently changed first.
pub async fn list_team_reviews(
    db: impl AnyExecutor<'_>,
    team: TeamId,
) -> Result<Vec<Review>, AppError> {
    let rows: Vec<ReviewRow> = sqlx::query_as(&format!(
        "{REVIEW_SELECT} WHERE r.team_id = $1 ORDER BY r.updated_at DESC, r.id DESC LIMIT 200"
    ))
    .bind(team.0)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(Review::try_from).collect()
}

/// The incident's reviews.
pub async fn list_incident_reviews(
    db: impl AnyExecutor<'_>,
    incident: i64,
) -> Result<Vec<Review>, AppError> {
    let rows: Vec<ReviewRow> = sqlx::query_as(&format!(
        "{REVIEW_SELECT} WHERE r.incident_id = $1 ORDER BY r.id"
    ))
    .bind(incident)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(Review::try_from).collect()
}

fn valid_title(title: &str) -> Result<String, AppError> {
    crate::accounts::require_text(title, "title", MAX_TITLE_CHARS)
}

/// The refusal of a body over [`MAX_BODY_CHARS`].
pub fn body_too_long() -> AppError {
    AppError::invalid(
        t!("review-error-body-too-long", max = MAX_BODY_CHARS),
        "field body_markdown",
    )
}

fn valid_body(body: &str) -> Result<String, AppError> {
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(body_too_long());
    }
    if body.trim().is_empty() {
        return Err(AppError::invalid(
            t!("review-error-body-empty"),
            "field body_markdown",
        ));
    }
    Ok(body.replace("\r\n", "\n"))
}

async fn record(
    tx: &mut WriteTx,
    actor: UserId,
    action: &str,
    review: i64,
    detail: serde_json::Value,
) -> Result<(), sqlx::Error> {
    audit::record(
        &mut **tx,
        Some(actor),
        AuditEvent {
            action,
            object_type: "review",
            object_id: review,
            detail,
        },
    )
    .await
}

/// Starts a review of `incident`: with no title or body given, a draft written from the
/// incident, its public timeline, its retro and its public action items.
pub async fn create_review(
    db: &Db,
    actor: &User,
    incident: &Incident,
    title: Option<&str>,
    body: Option<&str>,
) -> Result<i64, AppError> {
    let prefill = draft::prefill(db, incident).await?;
    let title = valid_title(title.unwrap_or(&prefill.title))?;
    let body = valid_body(body.unwrap_or(&prefill.body))?;
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO review (team_id, incident_id, author_id, title, body_markdown, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'draft', $6, $6) RETURNING id",
    )
    .bind(incident.team_id)
    .bind(incident.id.0)
    .bind(actor.id.0)
    .bind(&title)
    .bind(&body)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    record(
        &mut tx,
        actor.id,
        "review.created",
        id,
        json!({"incident_id": incident.id.0}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Makes sure the review is still as `review` shows it: when two people act at once, the
/// second is told to reload instead of both moving it on (two publications, say).
async fn still_as_read(tx: &mut WriteTx, review: &Review) -> Result<(), AppError> {
    let unchanged = sqlx::query(
        "UPDATE review SET updated_at = updated_at WHERE id = $1 AND status = $2 AND updated_at = $3",
    )
    .bind(review.id)
    .bind(review.status.as_str())
    .bind(review.updated_at.timestamp_millis())
    .execute(&mut **tx)
    .await?;
    if unchanged.rows_affected() != 1 {
        return Err(AppError::Conflict(t!("review-error-changed-meanwhile")));
    }
    Ok(())
}

fn refuse_if_retracted(review: &Review) -> Result<(), AppError> {
    if review.status == Status::Retracted {
        return Err(AppError::Refused(t!("review-error-retracted")));
    }
    Ok(())
}

/// Saves the working copy. A change after submission or approval sends it back to draft:
/// an approval covers the words that were approved, not later ones.
pub async fn save_review(
    db: &Db,
    actor: UserId,
    review: &Review,
    title: &str,
    body: &str,
) -> Result<(), AppError> {
    refuse_if_retracted(review)?;
    let title = valid_title(title)?;
    let body = valid_body(body)?;
    if title == review.title && body == review.body_markdown {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    still_as_read(&mut tx, review).await?;
    sqlx::query(
        "UPDATE review SET title = $1, body_markdown = $2, status = 'draft', approved_by = NULL,
                approved_at = NULL, updated_at = $3 WHERE id = $4",
    )
    .bind(&title)
    .bind(&body)
    .bind(db::now_ms())
    .bind(review.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM review_reviewer WHERE review_id = $1")
        .bind(review.id)
        .execute(&mut *tx)
        .await?;
    record(
        &mut tx,
        actor,
        "review.edited",
        review.id,
        json!({"previous_status": review.status.as_str()}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the team asks for an approval before publishing.
pub async fn approval_required(
    db: impl AnyExecutor<'_>,
    team: TeamId,
) -> Result<bool, sqlx::Error> {
    let (required,): (i64,) = sqlx::query_as("SELECT review_approval FROM team WHERE id = $1")
        .bind(team.0)
        .fetch_one(db)
        .await?;
    Ok(db::flag(required))
}

/// The author asks `reviewers` (members of the team other than the author) to review.
pub async fn submit_review(
    db: &Db,
    actor: UserId,
    review: &Review,
    reviewers: &[UserId],
) -> Result<(), AppError> {
    refuse_if_retracted(review)?;
    if review.status != Status::Draft {
        return Err(AppError::Refused(t!(
            "review-error-submit-not-draft",
            status = review.status.label().to_lowercase()
        )));
    }
    let team = TeamId(review.team_id);
    let mut asked = Vec::new();
    for reviewer in reviewers {
        if Some(reviewer.0) == review.author_id || *reviewer == actor {
            return Err(AppError::invalid(
                t!("review-error-reviewer-is-author"),
                "field reviewers",
            ));
        }
        match teams::find_role(db.pool(), team, *reviewer).await? {
            Some(role) if role >= TeamRole::Member => asked.push(*reviewer),
            _ => {
                return Err(AppError::invalid(
                    t!("review-error-reviewer-not-member"),
                    "field reviewers",
                ));
            }
        }
    }
    if asked.is_empty() {
        return Err(AppError::invalid(
            t!("review-error-no-reviewers"),
            "field reviewers",
        ));
    }
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    still_as_read(&mut tx, review).await?;
    sqlx::query("UPDATE review SET status = 'in_review', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(review.id)
        .execute(&mut *tx)
        .await?;
    for reviewer in &asked {
        sqlx::query(
            "INSERT INTO review_reviewer (review_id, user_id, requested_at) VALUES ($1, $2, $3)
             ON CONFLICT (review_id, user_id) DO NOTHING",
        )
        .bind(review.id)
        .bind(reviewer.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    record(
        &mut tx,
        actor,
        "review.submitted",
        review.id,
        json!({"reviewers": asked.iter().map(|r| r.0).collect::<Vec<_>>()}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Approves the working copy. Never by its author.
pub async fn approve_review(db: &Db, actor: UserId, review: &Review) -> Result<(), AppError> {
    refuse_if_retracted(review)?;
    if review.status != Status::InReview {
        return Err(AppError::Refused(t!("review-error-approve-not-in-review")));
    }
    if review.author_id == Some(actor.0) {
        return Err(AppError::Refused(t!("review-error-approve-own")));
    }
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    still_as_read(&mut tx, review).await?;
    sqlx::query(
        "UPDATE review SET status = 'approved', approved_by = $1, approved_at = $2, updated_at = $2 WHERE id = $3",
    )
    .bind(actor.0)
    .bind(now)
    .bind(review.id)
    .execute(&mut *tx)
    .await?;
    record(&mut tx, actor, "review.approved", review.id, json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// What a publication freezes: the working copy, rendered, with the incident's facts.
pub struct Published {
    pub slug: String,
    pub revision: i64,
}

/// Publishes the working copy as a new revision. The first publication picks the slug;
/// later ones are corrections and need a public change note.
pub async fn publish_review(
    db: &Db,
    actor: UserId,
    review: &Review,
    change_note: &str,
    announce_by_email: bool,
) -> Result<Published, AppError> {
    refuse_if_retracted(review)?;
    let team = TeamId(review.team_id);
    let needs_approval = approval_required(db.pool(), team).await?;
    if review.status == Status::Published {
        return Err(AppError::Refused(t!("review-error-nothing-changed")));
    }
    if needs_approval && review.status != Status::Approved {
        return Err(AppError::Refused(t!("review-error-publish-not-approved")));
    }
    let change_note = change_note.trim();
    if review.revisions > 0 && change_note.is_empty() {
        return Err(AppError::invalid(
            t!("review-error-change-note-missing"),
            "field change_note",
        ));
    }
    if change_note.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::invalid(
            t!("review-error-change-note-too-long", max = MAX_NOTE_CHARS),
            "field change_note",
        ));
    }
    let incident = crate::incidents::find_incident(
        db.pool(),
        team,
        crate::incidents::IncidentId(review.incident_id),
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let body_html = crate::markdown::render(&review.body_markdown).into_string();
    let summary = crate::markdown::first_paragraph(&review.body_markdown, 280);
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    still_as_read(&mut tx, review).await?;
    let slug = match &review.slug {
        Some(slug) => slug.clone(),
        None => unused_slug(&mut tx, &review.title, now).await?,
    };
    let (revision,): (i64,) = sqlx::query_as(
        "INSERT INTO review_revision (review_id, number, title, summary, body_markdown, body_html, services,
                impact_start, impact_end, change_note, published_by, published_at)
         SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
         FROM review_revision WHERE review_id = $1 RETURNING id",
    )
    .bind(review.id)
    .bind(&review.title)
    .bind(&summary)
    .bind(&review.body_markdown)
    .bind(&body_html)
    .bind(serde_json::to_string(&incident.affected_services).unwrap_or_else(|_| "[]".into()))
    .bind(crate::incidents::ms(incident.started_at))
    .bind(crate::incidents::ms(incident.resolved_at.or(incident.mitigated_at)))
    .bind(change_note)
    .bind(actor.0)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE review SET status = 'published', slug = $1, published_at = COALESCE(published_at, $2),
                updated_at = $2 WHERE id = $3",
    )
    .bind(&slug)
    .bind(now)
    .bind(review.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM review_reviewer WHERE review_id = $1")
        .bind(review.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO review_notification (revision_id, team_id, created_at, next_attempt_at)
         SELECT $1, $2, $3, $3 WHERE EXISTS (SELECT 1 FROM team_webhook WHERE team_id = $2)",
    )
    .bind(revision)
    .bind(team.0)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if announce_by_email {
        sqlx::query("INSERT INTO email_announcement (revision_id, created_at) VALUES ($1, $2)")
            .bind(revision)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    record(
        &mut tx,
        actor,
        "review.published",
        review.id,
        json!({"slug": slug, "revision_id": revision, "change_note": change_note}),
    )
    .await?;
    tx.commit().await?;
    Ok(Published { slug, revision })
}

/// `2026-03-01-api-errors-for-eu-customers`, with `-2`, `-3`… if taken.
async fn unused_slug(tx: &mut WriteTx, title: &str, now: i64) -> Result<String, AppError> {
    let words = crate::markdown::slug_words(title, 60);
    let date = time_from_ms(now).format("%Y-%m-%d");
    let base = if words.is_empty() {
        format!("{date}-review")
    } else {
        format!("{date}-{words}")
    };
    for n in 1..1000 {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM review WHERE slug = $1")
            .bind(&candidate)
            .fetch_optional(&mut **tx)
            .await?;
        if taken.is_none() {
            return Ok(candidate);
        }
    }
    Err(AppError::Refused(t!("review-error-slug-exhausted")))
}

/// Takes a published review off the public site; its page then says why (410 Gone).
pub async fn retract_review(
    db: &Db,
    actor: UserId,
    review: &Review,
    reason: &str,
) -> Result<(), AppError> {
    refuse_if_retracted(review)?;
    if review.revisions == 0 {
        return Err(AppError::Refused(t!("review-error-retract-unpublished")));
    }
    let reason = crate::accounts::require_text(reason, "reason", MAX_NOTE_CHARS)?;
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    still_as_read(&mut tx, review).await?;
    sqlx::query(
        "UPDATE review SET status = 'retracted', retracted_at = $1, retraction_reason = $2, updated_at = $1 WHERE id = $3",
    )
    .bind(now)
    .bind(&reason)
    .bind(review.id)
    .execute(&mut *tx)
    .await?;
    record(
        &mut tx,
        actor,
        "review.retracted",
        review.id,
        json!({"reason": reason}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, Serialize)]
pub struct Comment {
    pub author_name: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub async fn add_comment(
    db: &Db,
    actor: UserId,
    review: &Review,
    body: &str,
) -> Result<(), AppError> {
    let body = crate::accounts::require_text(body, "comment", MAX_COMMENT_CHARS)?;
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO review_comment (review_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(review.id)
        .bind(actor.0)
        .bind(&body)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, actor, "review.commented", review.id, json!({})).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list_comments(
    db: impl AnyExecutor<'_>,
    review: i64,
) -> Result<Vec<Comment>, sqlx::Error> {
    let rows: Vec<(Option<String>, String, i64)> = sqlx::query_as(
        "SELECT u.display_name, c.body, c.created_at FROM review_comment c
         LEFT JOIN app_user u ON u.id = c.author_id WHERE c.review_id = $1 ORDER BY c.id",
    )
    .bind(review)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(author_name, body, at)| Comment {
            author_name,
            body,
            created_at: time_from_ms(at),
        })
        .collect())
}

/// The names of the people asked to review the working copy.
pub async fn list_reviewers(
    db: impl AnyExecutor<'_>,
    review: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT u.display_name FROM review_reviewer r JOIN app_user u ON u.id = r.user_id
         WHERE r.review_id = $1 ORDER BY u.display_name",
    )
    .bind(review)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(name,)| name).collect())
}

#[derive(Clone, Debug, Serialize)]
pub struct FeedbackSummary {
    pub clear: i64,
    pub unclear: i64,
    /// Newest first: (was it clear, comment, when).
    pub comments: Vec<(bool, String, DateTime<Utc>)>,
}

pub async fn feedback_summary(
    db: impl AnyExecutor<'_> + Copy,
    review: i64,
) -> Result<FeedbackSummary, sqlx::Error> {
    let (clear, unclear): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*) FILTER (WHERE was_clear = 1), COUNT(*) FILTER (WHERE was_clear = 0) FROM review_feedback WHERE review_id = $1",
    )
    .bind(review)
    .fetch_one(db)
    .await?;
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT was_clear, comment, created_at FROM review_feedback WHERE review_id = $1 AND comment <> ''
         ORDER BY id DESC LIMIT 50",
    )
    .bind(review)
    .fetch_all(db)
    .await?;
    Ok(FeedbackSummary {
        clear,
        unclear,
        comments: rows
            .into_iter()
            .map(|(c, text, at)| (db::flag(c), text, time_from_ms(at)))
            .collect(),
    })
}

/// The team's review settings.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TeamReviewSettings {
    pub approval_required: bool,
    pub internal_names: String,
    pub blame_phrases: String,
}

pub async fn team_settings(
    db: impl AnyExecutor<'_>,
    team: TeamId,
) -> Result<TeamReviewSettings, sqlx::Error> {
    let (approval, internal_names, blame_phrases): (i64, String, String) = sqlx::query_as(
        "SELECT review_approval, internal_names, blame_phrases FROM team WHERE id = $1",
    )
    .bind(team.0)
    .fetch_one(db)
    .await?;
    Ok(TeamReviewSettings {
        approval_required: db::flag(approval),
        internal_names,
        blame_phrases,
    })
}

pub async fn save_team_settings(
    db: &Db,
    actor: UserId,
    team: TeamId,
    settings: &TeamReviewSettings,
) -> Result<(), AppError> {
    for (text, field) in [
        (&settings.internal_names, "internal_names"),
        (&settings.blame_phrases, "blame_phrases"),
    ] {
        if text.lines().count() > 500 || text.len() > 20_000 {
            return Err(AppError::invalid(
                t!("review-error-list-too-long"),
                format!("field {field}"),
            ));
        }
    }
    let clean = |text: &str| {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE team SET review_approval = $1, internal_names = $2, blame_phrases = $3 WHERE id = $4")
        .bind(i64::from(settings.approval_required))
        .bind(clean(&settings.internal_names))
        .bind(clean(&settings.blame_phrases))
        .bind(team.0)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Some(actor),
        AuditEvent {
            action: "team.review_settings_saved",
            object_type: "team",
            object_id: team.0,
            detail: json!({"approval_required": settings.approval_required}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Guidance for a public audience on a draft in `lang`, with the team's own phrases and
/// names.
pub fn public_findings(
    body: &str,
    settings: &TeamReviewSettings,
    lang: crate::guidance::Lang,
) -> Vec<crate::guidance::Finding> {
    let custom =
        crate::guidance::CustomRules::from_lines(&settings.blame_phrases, &settings.internal_names);
    crate::guidance::check(body, crate::guidance::Audience::Public, lang, &custom)
}
