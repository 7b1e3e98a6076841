//! Writing a parsed `Timeline`: all or nothing, in one transaction, and idempotent —
//! entries already imported (by source reference) are skipped.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use serde_json::json;

use super::{EntryDraft, Timeline};
use crate::accounts::UserId;
use crate::accounts::teams::TeamId;
use crate::audit::{self, AuditEvent};
use crate::db::{Backend, Db, WriteTx, json_array_rows, now_ms};
use crate::error::AppError;
use crate::incidents::{IncidentId, ms};
use crate::t;

/// What an import did (or, for a dry run, would do).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ImportOutcome {
    pub incident_id: Option<i64>,
    /// `created`, `updated`, `unchanged` or `preview`.
    pub status: &'static str,
    pub entries_added: usize,
    pub entries_total: usize,
    pub warnings: Vec<String>,
}

/// A summary of a timeline for the preview page.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub counts_by_kind: BTreeMap<String, usize>,
    pub first_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_at: Option<chrono::DateTime<chrono::Utc>>,
}

pub fn summarize(timeline: &Timeline) -> Summary {
    let mut counts_by_kind = BTreeMap::new();
    for entry in &timeline.entries {
        *counts_by_kind
            .entry(entry.kind.as_str().to_owned())
            .or_insert(0) += 1;
    }
    Summary {
        counts_by_kind,
        first_at: timeline.entries.iter().map(|e| e.occurred_at).min(),
        last_at: timeline.entries.iter().map(|e| e.occurred_at).max(),
    }
}

/// Rows per INSERT statement (about 1–2 MB of JSON).
const BATCH: usize = 10_000;

/// No text in an import may hold a NUL character: PostgreSQL cannot store one.
fn refuse_nul(timeline: &Timeline) -> Result<(), AppError> {
    let incident = &timeline.incident;
    let has_nul = |text: &str| text.contains('\0');
    let incident_fields = [
        Some(incident.title.as_str()),
        incident.severity.as_deref(),
        incident.summary.as_deref(),
        incident.customer_impact.as_deref(),
    ];
    if incident_fields.into_iter().flatten().any(has_nul)
        || incident.affected_services.iter().any(|s| has_nul(s))
        || has_nul(&timeline.source_ref)
    {
        return Err(AppError::invalid(
            t!("import-error-nul-incident"),
            t!("import-at-incident"),
        ));
    }
    for (index, entry) in timeline.entries.iter().enumerate() {
        if has_nul(&entry.text)
            || entry.actor.as_deref().is_some_and(has_nul)
            || has_nul(&entry.source_ref)
        {
            return Err(AppError::invalid(
                t!("import-error-nul-entry", number = index + 1),
                t!("import-at-entry", number = index + 1),
            ));
        }
    }
    Ok(())
}

/// Imports `timeline` into `team`, or with `dry_run` only says what it would do.
pub async fn import_timeline(
    db: &Db,
    team: TeamId,
    actor: Option<UserId>,
    timeline: &Timeline,
    dry_run: bool,
) -> Result<ImportOutcome, AppError> {
    let started = std::time::Instant::now();
    let outcome = apply(db, team, actor, timeline, dry_run).await;
    if !dry_run {
        crate::web::metrics::record_import(
            timeline.format.as_str(),
            outcome.is_ok(),
            started.elapsed(),
        );
    }
    outcome
}

async fn apply(
    db: &Db,
    team: TeamId,
    actor: Option<UserId>,
    timeline: &Timeline,
    dry_run: bool,
) -> Result<ImportOutcome, AppError> {
    refuse_nul(timeline)?;
    let mut tx = db.begin().await?;
    let existing = find_existing(&mut tx, team, timeline).await?;
    let known_refs: HashSet<String> = match existing {
        Some(id) => sqlx::query_as::<_, (String,)>(
            "SELECT source_ref FROM timeline_entry WHERE incident_id = $1",
        )
        .bind(id.0)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|(r,)| r)
        .collect(),
        None => HashSet::new(),
    };
    let new_entries: Vec<&EntryDraft> = timeline
        .entries
        .iter()
        .filter(|e| !known_refs.contains(&e.source_ref))
        .collect();
    let entries_total = known_refs.len() + new_entries.len();
    if dry_run {
        // Dropping the transaction rolls it back; nothing was written anyway.
        return Ok(ImportOutcome {
            incident_id: existing.map(|id| id.0),
            status: "preview",
            entries_added: new_entries.len(),
            entries_total,
            warnings: timeline.warnings.clone(),
        });
    }

    let (incident, fields_changed) = match existing {
        Some(id) => (id, update_incident(&mut tx, id, timeline).await?),
        None => (insert_incident(&mut tx, team, timeline).await?, true),
    };
    let now = now_ms();
    for batch in new_entries.chunks(BATCH) {
        insert_entries(&mut tx, db.backend(), incident, batch, now).await?;
    }
    let status = match (existing, fields_changed || !new_entries.is_empty()) {
        (None, _) => "created",
        (Some(_), true) => "updated",
        (Some(_), false) => "unchanged",
    };
    if status != "unchanged" {
        audit::record(
            &mut *tx,
            actor,
            AuditEvent {
                action: if status == "created" { "incident.imported" } else { "incident.reimported" },
                object_type: "incident",
                object_id: incident.0,
                detail: json!({"format": timeline.format.as_str(), "entries_added": new_entries.len()}),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ImportOutcome {
        incident_id: Some(incident.0),
        status,
        entries_added: new_entries.len(),
        entries_total,
        warnings: timeline.warnings.clone(),
    })
}

async fn find_existing(
    tx: &mut WriteTx,
    team: TeamId,
    timeline: &Timeline,
) -> Result<Option<IncidentId>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM incident WHERE team_id = $1 AND source_format = $2 AND source_ref = $3",
    )
    .bind(team.0)
    .bind(timeline.format.as_str())
    .bind(&timeline.source_ref)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(id,)| IncidentId(id)))
}

fn services_json(timeline: &Timeline) -> String {
    serde_json::Value::from(timeline.incident.affected_services.clone()).to_string()
}

async fn insert_incident(
    tx: &mut WriteTx,
    team: TeamId,
    timeline: &Timeline,
) -> Result<IncidentId, sqlx::Error> {
    let draft = &timeline.incident;
    let now = now_ms();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO incident (team_id, title, severity, summary, customer_impact, affected_services,
             started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, source_format, source_ref,
             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(team.0)
    .bind(&draft.title)
    .bind(&draft.severity)
    .bind(&draft.summary)
    .bind(&draft.customer_impact)
    .bind(services_json(timeline))
    .bind(ms(draft.started_at))
    .bind(ms(draft.detected_at))
    .bind(ms(draft.acknowledged_at))
    .bind(ms(draft.mitigated_at))
    .bind(ms(draft.resolved_at))
    .bind(timeline.format.as_str())
    .bind(&timeline.source_ref)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(IncidentId(id))
}

/// Fills in what the source now knows (a later export may add the resolve time); fields
/// the source leaves empty keep what the team wrote. Returns whether anything changed.
async fn update_incident(
    tx: &mut WriteTx,
    id: IncidentId,
    timeline: &Timeline,
) -> Result<bool, sqlx::Error> {
    let draft = &timeline.incident;
    let result = sqlx::query(
        "UPDATE incident SET
             severity = COALESCE($2, severity), summary = COALESCE($3, summary),
             customer_impact = COALESCE($4, customer_impact),
             started_at = COALESCE($5, started_at), detected_at = COALESCE($6, detected_at),
             acknowledged_at = COALESCE($7, acknowledged_at), mitigated_at = COALESCE($8, mitigated_at),
             resolved_at = COALESCE($9, resolved_at), updated_at = $10
         WHERE id = $1 AND (
             ($2 IS NOT NULL AND severity IS DISTINCT FROM $2) OR ($3 IS NOT NULL AND summary IS DISTINCT FROM $3)
          OR ($4 IS NOT NULL AND customer_impact IS DISTINCT FROM $4)
          OR ($5 IS NOT NULL AND started_at IS DISTINCT FROM $5) OR ($6 IS NOT NULL AND detected_at IS DISTINCT FROM $6)
          OR ($7 IS NOT NULL AND acknowledged_at IS DISTINCT FROM $7) OR ($8 IS NOT NULL AND mitigated_at IS DISTINCT FROM $8)
          OR ($9 IS NOT NULL AND resolved_at IS DISTINCT FROM $9))",
    )
    .bind(id.0)
    .bind(&draft.severity)
    .bind(&draft.summary)
    .bind(&draft.customer_impact)
    .bind(ms(draft.started_at))
    .bind(ms(draft.detected_at))
    .bind(ms(draft.acknowledged_at))
    .bind(ms(draft.mitigated_at))
    .bind(ms(draft.resolved_at))
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// Inserts entries in one statement per batch: the rows travel as one JSON array bound
/// to a single parameter, which is several times faster than binding each value.
async fn insert_entries(
    tx: &mut WriteTx,
    backend: Backend,
    incident: IncidentId,
    entries: &[&EntryDraft],
    now: i64,
) -> Result<(), sqlx::Error> {
    let rows: Vec<serde_json::Value> = entries
        .iter()
        .map(|entry| {
            json!([
                entry.occurred_at.timestamp_millis(),
                entry.kind.as_str(),
                entry.actor,
                entry.text,
                entry.visibility.as_str(),
                entry.source_ref,
            ])
        })
        .collect();
    let sql = format!(
        "INSERT INTO timeline_entry (incident_id, occurred_at, kind, actor, text, visibility, source_ref, created_at, updated_at)
         SELECT $1, CAST(value->>0 AS BIGINT), value->>1, value->>2, value->>3, value->>4, value->>5, $3, $3
         FROM {}",
        json_array_rows(backend, "$2")
    );
    sqlx::query(&sql)
        .bind(incident.0)
        .bind(serde_json::Value::Array(rows).to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
