//! Server-side sessions: the cookie holds a random token, the table only its hash.

use sqlx::AnyExecutor;

use super::tokens::{random_token, token_hash};
use super::{User, UserId, UserRow};
use crate::db::{self, WriteTx};

/// How long a session lives without use, and at most.
#[derive(Clone, Copy, Debug)]
pub struct SessionLimits {
    pub idle_ms: i64,
    pub absolute_ms: i64,
}

/// A session that was just created: the token goes in the cookie, never in the database.
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

/// A live session and its user.
pub struct ActiveSession {
    pub session_id: i64,
    pub csrf_token: String,
    pub last_seen_at: i64,
    pub user: User,
}

pub async fn insert_session(tx: &mut WriteTx, user: UserId) -> Result<NewSession, sqlx::Error> {
    let session = NewSession {
        token: random_token(),
        csrf_token: random_token(),
    };
    let now = db::now_ms();
    sqlx::query(
        "INSERT INTO session (token_hash, user_id, csrf_token, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(token_hash(&session.token))
    .bind(user.0)
    .bind(&session.csrf_token)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(session)
}

/// The session for a cookie token, if it exists, has not expired and its user is enabled.
pub async fn find_active_session(
    db: impl AnyExecutor<'_>,
    token: &str,
    limits: SessionLimits,
    now: i64,
) -> Result<Option<ActiveSession>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct SessionRow {
        session_id: i64,
        csrf_token: String,
        last_seen_at: i64,
        #[sqlx(flatten)]
        user: UserRow,
    }
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT s.id AS session_id, s.csrf_token, s.last_seen_at,
                u.id, u.email, u.display_name, u.is_admin, u.is_disabled, u.time_zone, u.language
         FROM session s JOIN app_user u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND u.is_disabled = 0
           AND s.last_seen_at > $2 AND s.created_at > $3",
    )
    .bind(token_hash(token))
    .bind(now - limits.idle_ms)
    .bind(now - limits.absolute_ms)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| ActiveSession {
        session_id: r.session_id,
        csrf_token: r.csrf_token,
        last_seen_at: r.last_seen_at,
        user: User::from(r.user),
    }))
}

/// Marks a session as used now, which extends its idle expiry.
pub async fn touch_session(
    db: impl AnyExecutor<'_>,
    session_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE session SET last_seen_at = $1 WHERE id = $2")
        .bind(now)
        .bind(session_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn delete_session_by_token(
    db: impl AnyExecutor<'_>,
    token: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM session WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(db)
        .await?;
    Ok(())
}

/// Ends every session of `user` except `keep` (the one changing the password).
pub async fn delete_sessions_of_user(
    db: impl AnyExecutor<'_>,
    user: UserId,
    keep: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM session WHERE user_id = $1 AND id <> $2")
        .bind(user.0)
        .bind(keep.unwrap_or(0))
        .execute(db)
        .await?;
    Ok(())
}
