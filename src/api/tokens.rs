//! Personal API tokens: shown once, stored as a SHA-256 hash, revocable.

use sqlx::AnyExecutor;

use crate::accounts::tokens::{random_token, token_hash};
use crate::accounts::{User, UserId, find_user};
use crate::audit::{self, AuditEvent};
use crate::db::{self, Db};
use crate::error::AppError;

/// Tokens start with this, so a leaked one is easy to recognise in logs and scanners.
pub const PREFIX: &str = "hs_";

#[derive(Clone, Debug)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// Makes a token for `user`; returns its id and the secret, which is never shown again.
pub async fn create_token(db: &Db, user: UserId, name: &str) -> Result<(i64, String), AppError> {
    let name = crate::accounts::require_text(name, "name", 100)?;
    let secret = format!("{PREFIX}{}", random_token());
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO api_token (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user.0)
    .bind(&name)
    .bind(token_hash(&secret))
    .bind(db::now_ms())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Some(user),
        AuditEvent::plain("api_token.created", "api_token", id),
    )
    .await?;
    tx.commit().await?;
    Ok((id, secret))
}

/// The enabled user behind a live token.
pub async fn find_token_user(db: &Db, secret: &str) -> Result<Option<User>, AppError> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT t.id, t.user_id, t.last_used_at FROM api_token t JOIN app_user u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.is_disabled = 0",
    )
    .bind(token_hash(secret))
    .fetch_optional(db.pool())
    .await?;
    let Some((token_id, user_id, last_used_at)) = row else {
        return Ok(None);
    };
    // "Last used" to the minute is plenty; writing it on every call would make every
    // API read a database write.
    let now = db::now_ms();
    if last_used_at.is_none_or(|at| now - at > LAST_USED_PRECISION_MS) {
        let mut tx = db.begin().await?;
        sqlx::query("UPDATE api_token SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(token_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(find_user(db.pool(), UserId(user_id)).await?)
}

const LAST_USED_PRECISION_MS: i64 = 60 * 1000;

pub async fn list_tokens(
    db: impl AnyExecutor<'_>,
    user: UserId,
) -> Result<Vec<ApiToken>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM api_token
         WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC",
    )
    .bind(user.0)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, created_at, last_used_at)| ApiToken {
            id,
            name,
            created_at,
            last_used_at,
        })
        .collect())
}

/// Revokes one of `user`'s own tokens.
pub async fn revoke_token(db: &Db, user: UserId, token: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let result = sqlx::query("UPDATE api_token SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(db::now_ms())
        .bind(token)
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    if result.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut *tx,
        Some(user),
        AuditEvent::plain("api_token.revoked", "api_token", token),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
