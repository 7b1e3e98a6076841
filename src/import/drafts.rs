//! Uploads kept between the preview and the person's confirmation.

use crate::accounts::UserId;
use crate::accounts::teams::TeamId;
use crate::db::{Db, now_ms};
use crate::error::AppError;

/// Drafts older than this are deleted; the person uploads again.
const KEEP_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(sqlx::FromRow)]
pub struct Draft {
    pub file_name: String,
    pub format: Option<String>,
    pub timezone: Option<String>,
    pub content: Vec<u8>,
}

pub async fn save_draft(
    db: &Db,
    team: TeamId,
    user: UserId,
    draft: &Draft,
) -> Result<i64, AppError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM import_draft WHERE created_at < $1")
        .bind(now - KEEP_MS)
        .execute(&mut *tx)
        .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO import_draft (team_id, user_id, file_name, format, timezone, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(team.0)
    .bind(user.0)
    .bind(&draft.file_name)
    .bind(&draft.format)
    .bind(&draft.timezone)
    .bind(&draft.content)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The draft `id` if `user` uploaded it to `team` and it has not expired.
pub async fn find_draft(
    db: &Db,
    team: TeamId,
    user: UserId,
    id: i64,
) -> Result<Option<Draft>, sqlx::Error> {
    sqlx::query_as(
        "SELECT file_name, format, timezone, content FROM import_draft
         WHERE id = $1 AND team_id = $2 AND user_id = $3 AND created_at >= $4",
    )
    .bind(id)
    .bind(team.0)
    .bind(user.0)
    .bind(now_ms() - KEEP_MS)
    .fetch_optional(db.pool())
    .await
}

pub async fn delete_draft(db: &Db, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM import_draft WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}
