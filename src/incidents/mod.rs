//! Incidents and their timelines: the SQL that reads and writes them, and the first
//! analysis a retrospective needs (how long each stage took, how well customers were kept
//! informed).

pub mod kinds;
pub mod review;
pub mod routes;
pub mod strip;
pub mod views;

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::AnyExecutor;

use crate::accounts::UserId;
use crate::accounts::teams::TeamId;
use crate::audit::{self, AuditEvent};
use crate::db::{self, Db, flag, time_from_ms};
use crate::error::AppError;
use kinds::{EntryKind, Visibility};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct IncidentId(pub i64);

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Incident {
    #[schema(value_type = i64)]
    pub id: IncidentId,
    pub team_id: i64,
    pub title: String,
    pub severity: Option<String>,
    pub summary: Option<String>,
    pub customer_impact: Option<String>,
    pub affected_services: Vec<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub detected_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub mitigated_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub source_format: String,
    pub source_ref: String,
}

#[derive(sqlx::FromRow)]
struct IncidentRow {
    id: i64,
    team_id: i64,
    title: String,
    severity: Option<String>,
    summary: Option<String>,
    customer_impact: Option<String>,
    affected_services: String,
    started_at: Option<i64>,
    detected_at: Option<i64>,
    acknowledged_at: Option<i64>,
    mitigated_at: Option<i64>,
    resolved_at: Option<i64>,
    source_format: String,
    source_ref: String,
}

const INCIDENT_COLUMNS: &str = "id, team_id, title, severity, summary, customer_impact, affected_services, \
     started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, source_format, source_ref";

impl From<IncidentRow> for Incident {
    fn from(row: IncidentRow) -> Incident {
        Incident {
            id: IncidentId(row.id),
            team_id: row.team_id,
            title: row.title,
            severity: row.severity,
            summary: row.summary,
            customer_impact: row.customer_impact,
            // Written by us as a JSON array; anything else reads as no services.
            affected_services: serde_json::from_str(&row.affected_services).unwrap_or_default(),
            started_at: row.started_at.map(time_from_ms),
            detected_at: row.detected_at.map(time_from_ms),
            acknowledged_at: row.acknowledged_at.map(time_from_ms),
            mitigated_at: row.mitigated_at.map(time_from_ms),
            resolved_at: row.resolved_at.map(time_from_ms),
            source_format: row.source_format,
            source_ref: row.source_ref,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct EntryId(pub i64);

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TimelineEntry {
    #[schema(value_type = i64)]
    pub id: EntryId,
    pub occurred_at: DateTime<Utc>,
    pub kind: EntryKind,
    pub actor: Option<String>,
    pub text: String,
    pub visibility: Visibility,
    pub is_key_moment: bool,
    pub source_ref: String,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    occurred_at: i64,
    kind: String,
    actor: Option<String>,
    text: String,
    visibility: String,
    is_key_moment: i64,
    source_ref: String,
}

impl TryFrom<EntryRow> for TimelineEntry {
    type Error = AppError;
    fn try_from(row: EntryRow) -> Result<TimelineEntry, AppError> {
        let corrupt =
            |what: String| AppError::Internal(format!("timeline entry {}: {what}", row.id).into());
        Ok(TimelineEntry {
            id: EntryId(row.id),
            occurred_at: time_from_ms(row.occurred_at),
            kind: row
                .kind
                .parse()
                .map_err(|e: kinds::UnknownKind| corrupt(e.to_string()))?,
            actor: row.actor,
            text: row.text,
            visibility: row.visibility.parse().map_err(corrupt)?,
            is_key_moment: flag(row.is_key_moment),
            source_ref: row.source_ref,
        })
    }
}

const ENTRY_COLUMNS: &str =
    "id, occurred_at, kind, actor, text, visibility, is_key_moment, source_ref";

/// The incident with `id`, if it belongs to `team`.
pub async fn find_incident(
    db: impl AnyExecutor<'_>,
    team: TeamId,
    id: IncidentId,
) -> Result<Option<Incident>, sqlx::Error> {
    let row: Option<IncidentRow> = sqlx::query_as(&format!(
        "SELECT {INCIDENT_COLUMNS} FROM incident WHERE team_id = $1 AND id = $2"
    ))
    .bind(team.0)
    .bind(id.0)
    .fetch_optional(db)
    .await?;
    Ok(row.map(Incident::from))
}

/// The incident with `id` if `user` may read it (a member of its team, or an admin).
pub async fn find_incident_for_user(
    db: impl AnyExecutor<'_>,
    user: UserId,
    is_admin: bool,
    id: IncidentId,
) -> Result<Option<Incident>, sqlx::Error> {
    let row: Option<IncidentRow> = sqlx::query_as(&format!(
        "SELECT {INCIDENT_COLUMNS} FROM incident WHERE id = $1
           AND ($2 = 1 OR team_id IN (SELECT team_id FROM membership WHERE user_id = $3))"
    ))
    .bind(id.0)
    .bind(i64::from(is_admin))
    .bind(user.0)
    .fetch_optional(db)
    .await?;
    Ok(row.map(Incident::from))
}

/// Incidents of the teams `user` belongs to (every team for an admin), newest first,
/// `limit` from `offset`.
pub async fn list_incidents_for_user(
    db: impl AnyExecutor<'_>,
    user: UserId,
    is_admin: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<Incident>, sqlx::Error> {
    let rows: Vec<IncidentRow> = sqlx::query_as(&format!(
        "SELECT {INCIDENT_COLUMNS} FROM incident
         WHERE ($1 = 1 OR team_id IN (SELECT team_id FROM membership WHERE user_id = $2))
         ORDER BY COALESCE(started_at, created_at) DESC, id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(i64::from(is_admin))
    .bind(user.0)
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Incident::from).collect())
}

/// A team's incidents, newest first.
pub async fn list_team_incidents(
    db: impl AnyExecutor<'_>,
    team: TeamId,
    limit: i64,
    offset: i64,
) -> Result<Vec<Incident>, sqlx::Error> {
    let rows: Vec<IncidentRow> = sqlx::query_as(&format!(
        "SELECT {INCIDENT_COLUMNS} FROM incident WHERE team_id = $1
         ORDER BY COALESCE(started_at, created_at) DESC, id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(team.0)
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Incident::from).collect())
}

/// The incident's entries in time order.
pub async fn list_entries(
    db: impl AnyExecutor<'_>,
    incident: IncidentId,
) -> Result<Vec<TimelineEntry>, AppError> {
    let rows: Vec<EntryRow> = sqlx::query_as(&format!(
        "SELECT {ENTRY_COLUMNS} FROM timeline_entry WHERE incident_id = $1 ORDER BY occurred_at, id"
    ))
    .bind(incident.0)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(TimelineEntry::try_from).collect()
}

pub async fn count_entries(
    db: impl AnyExecutor<'_>,
    incident: IncidentId,
) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM timeline_entry WHERE incident_id = $1")
            .bind(incident.0)
            .fetch_one(db)
            .await?;
    Ok(count)
}

/// The team's target time between customer updates, in seconds.
pub async fn target_cadence_s(db: impl AnyExecutor<'_>, team: TeamId) -> Result<i64, sqlx::Error> {
    let (minutes,): (i64,) =
        sqlx::query_as("SELECT target_cadence_minutes FROM team WHERE id = $1")
            .bind(team.0)
            .fetch_one(db)
            .await?;
    Ok(minutes * 60)
}

/// Milliseconds, or NULL.
pub fn ms(time: Option<DateTime<Utc>>) -> Option<i64> {
    time.map(|t| t.timestamp_millis())
}

/// Now in stored form, re-exported for the importers' writers.
pub fn now_ms() -> i64 {
    db::now_ms()
}

/// An entry written by hand on the incident page.
pub struct NewEntry {
    pub occurred_at: DateTime<Utc>,
    pub kind: EntryKind,
    pub actor: Option<String>,
    pub text: String,
    pub visibility: Visibility,
}

/// A change to an entry's kind, visibility and text.
pub struct EntryChange {
    pub kind: EntryKind,
    pub visibility: Visibility,
    pub text: String,
}

fn entry_text(text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid(
            crate::t!("timeline-error-text-empty"),
            "field text",
        ));
    }
    if text.chars().count() > crate::import::MAX_TEXT_CHARS {
        return Err(AppError::invalid(
            crate::t!(
                "timeline-error-text-too-long",
                max = crate::import::MAX_TEXT_CHARS
            ),
            "field text",
        ));
    }
    Ok(text.to_owned())
}

/// Adds a missing entry by hand, audited.
pub async fn add_entry(
    db: &Db,
    actor: UserId,
    incident: IncidentId,
    entry: NewEntry,
) -> Result<EntryId, AppError> {
    let text = entry_text(&entry.text)?;
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO timeline_entry (incident_id, occurred_at, kind, actor, text, visibility, source_ref, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(incident.0)
    .bind(entry.occurred_at.timestamp_millis())
    .bind(entry.kind.as_str())
    .bind(entry.actor.as_deref().map(str::trim).filter(|a| !a.is_empty()))
    .bind(&text)
    .bind(entry.visibility.as_str())
    .bind(format!("manual:{}", crate::accounts::tokens::random_token()))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Some(actor),
        AuditEvent {
            action: "timeline_entry.added",
            object_type: "incident",
            object_id: incident.0,
            detail: json!({"entry_id": id, "kind": entry.kind.as_str()}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(EntryId(id))
}

/// Changes an entry's kind, visibility and text, keeping the old values in the audit.
pub async fn update_entry(
    db: &Db,
    actor: UserId,
    incident: IncidentId,
    entry: EntryId,
    change: EntryChange,
) -> Result<(), AppError> {
    let text = entry_text(&change.text)?;
    let mut tx = db.begin().await?;
    let before: Option<(String, String, String)> = sqlx::query_as(
        "SELECT kind, visibility, text FROM timeline_entry WHERE incident_id = $1 AND id = $2",
    )
    .bind(incident.0)
    .bind(entry.0)
    .fetch_optional(&mut *tx)
    .await?;
    let (kind, visibility, old_text) = before.ok_or(AppError::NotFound)?;
    sqlx::query("UPDATE timeline_entry SET kind = $1, visibility = $2, text = $3, updated_at = $4 WHERE id = $5")
        .bind(change.kind.as_str())
        .bind(change.visibility.as_str())
        .bind(&text)
        .bind(db::now_ms())
        .bind(entry.0)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Some(actor),
        AuditEvent {
            action: "timeline_entry.edited",
            object_type: "incident",
            object_id: incident.0,
            detail: json!({"entry_id": entry.0,
                "before": {"kind": kind, "visibility": visibility, "text": old_text},
                "after": {"kind": change.kind.as_str(), "visibility": change.visibility.as_str(), "text": text}}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Marks or unmarks an entry as a key moment; returns the new state.
pub async fn toggle_key_moment(
    db: &Db,
    actor: UserId,
    incident: IncidentId,
    entry: EntryId,
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let current: Option<(i64,)> = sqlx::query_as(
        "SELECT is_key_moment FROM timeline_entry WHERE incident_id = $1 AND id = $2",
    )
    .bind(incident.0)
    .bind(entry.0)
    .fetch_optional(&mut *tx)
    .await?;
    let is_key_moment = !flag(current.ok_or(AppError::NotFound)?.0);
    sqlx::query("UPDATE timeline_entry SET is_key_moment = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(is_key_moment))
        .bind(db::now_ms())
        .bind(entry.0)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Some(actor),
        AuditEvent {
            action: if is_key_moment {
                "timeline_entry.key_moment_marked"
            } else {
                "timeline_entry.key_moment_unmarked"
            },
            object_type: "incident",
            object_id: incident.0,
            detail: json!({"entry_id": entry.0}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(is_key_moment)
}

/// Sets how often the team means to update customers during an incident.
pub async fn set_target_cadence(
    db: &Db,
    actor: UserId,
    team: TeamId,
    minutes: i64,
) -> Result<(), AppError> {
    if !(5..=24 * 60).contains(&minutes) {
        return Err(AppError::invalid(
            crate::t!("incident-error-cadence-range"),
            "field target_cadence_minutes",
        ));
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE team SET target_cadence_minutes = $1 WHERE id = $2")
        .bind(minutes)
        .bind(team.0)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Some(actor),
        AuditEvent {
            action: "team.target_cadence_changed",
            object_type: "team",
            object_id: team.0,
            detail: json!({"minutes": minutes}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
