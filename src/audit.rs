//! The audit trail: who changed what, when. Recorded inside the same transaction as the
//! change it describes, so neither exists without the other.

use serde_json::Value;
use sqlx::AnyExecutor;

use crate::accounts::UserId;
use crate::db;

/// One recorded change.
pub struct AuditEvent<'a> {
    /// What happened, as `object.verb`: `user.created`, `team.member_added`.
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: i64,
    /// Facts worth keeping (never secrets).
    pub detail: Value,
}

impl<'a> AuditEvent<'a> {
    /// An event with no detail beyond who, what and when.
    pub fn plain(action: &'a str, object_type: &'a str, object_id: i64) -> AuditEvent<'a> {
        AuditEvent {
            action,
            object_type,
            object_id,
            detail: Value::Object(serde_json::Map::new()),
        }
    }
}

pub async fn record(
    db: impl AnyExecutor<'_>,
    actor: Option<UserId>,
    event: AuditEvent<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_event (actor_id, action, object_type, object_id, detail, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(actor.map(|a| a.0))
    .bind(event.action)
    .bind(event.object_type)
    .bind(event.object_id)
    .bind(event.detail.to_string())
    .bind(db::now_ms())
    .execute(db)
    .await?;
    Ok(())
}
