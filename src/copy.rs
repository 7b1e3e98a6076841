//! Moving an instance's data to another database (SQLite to PostgreSQL, typically): every
//! table but sessions, in one transaction on the target, with the row counts checked
//! before it commits. The target must be empty.

use futures_util::TryStreamExt;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::{Backend, Db};

/// Every table that is copied, parents before children (foreign keys hold throughout).
pub const COPIED_TABLES: &[&str] = &[
    "app_user",
    "team",
    "membership",
    "password_reset",
    "login_failure",
    "audit_event",
    "incident",
    "timeline_entry",
    "api_token",
    "import_draft",
    "retro_template",
    "retro",
    "retro_prompt",
    "retro_theme",
    "retro_card",
    "retro_vote",
    "retro_note",
    "retro_question",
    "retro_attendee",
    "action_item",
    "action_item_history",
    "calendar_feed",
    "team_webhook",
    "action_notification",
    "site_setting",
    "review",
    "review_reviewer",
    "review_comment",
    "review_revision",
    "review_feedback",
    "review_notification",
    "review_translation",
    "review_translation_revision",
    "email_subscriber",
    "email_outbox",
    "email_announcement",
    "change_counter",
];

/// Tables deliberately left behind: sign-ins (people sign in again on the new database)
/// and live events in transit.
pub const SKIPPED_TABLES: &[&str] = &["session", "live_event"];

#[derive(Debug)]
pub struct CopyError(pub String);

impl std::fmt::Display for CopyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CopyError {}

impl From<sqlx::Error> for CopyError {
    fn from(error: sqlx::Error) -> CopyError {
        CopyError(format!("database error: {error}"))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Integer,
    Text,
    Bytes,
}

/// The columns of `table` in `db`, with how their values are carried.
async fn columns(db: &Db, table: &str) -> Result<Vec<(String, Kind)>, CopyError> {
    let rows: Vec<(String, String)> = match db.backend() {
        Backend::Sqlite => {
            sqlx::query_as("SELECT name, type FROM pragma_table_info($1) ORDER BY cid")
                .bind(table)
                .fetch_all(db.pool())
                .await?
        }
        Backend::Postgres => {
            sqlx::query_as(
                "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(db.pool())
            .await?
        }
    };
    if rows.is_empty() {
        return Err(CopyError(format!("the target has no table {table}")));
    }
    rows.into_iter()
        .map(|(name, kind)| {
            let kind = match kind.to_lowercase().as_str() {
                "integer" | "bigint" => Kind::Integer,
                "text" => Kind::Text,
                "blob" | "bytea" => Kind::Bytes,
                other => {
                    return Err(CopyError(format!(
                        "column {table}.{name} has a type ({other}) the copy does not know"
                    )));
                }
            };
            Ok((name, kind))
        })
        .collect()
}

async fn count(db: &Db, table: &str) -> Result<i64, CopyError> {
    // Table names come from COPIED_TABLES, never from input.
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(db.pool())
        .await?;
    Ok(n)
}

/// Copies everything from `from` to `to` (migrated, and empty of people and teams).
/// Returns the number of rows copied per table.
pub async fn copy_data(from: &Db, to: &Db) -> Result<Vec<(&'static str, i64)>, CopyError> {
    for table in ["app_user", "team", "incident"] {
        if count(to, table).await? > 0 {
            return Err(CopyError(format!(
                "the target already has data (its {table} table is not empty); copy into a new, empty database"
            )));
        }
    }
    let mut tx = to.begin().await?;
    let mut copied = Vec::new();
    for &table in COPIED_TABLES {
        let columns = columns(to, table).await?;
        let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
        let list = names.join(", ");
        let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
        let insert = format!(
            "INSERT INTO {table} ({list}) VALUES ({})",
            placeholders.join(", ")
        );
        // Rows a fresh schema starts with (the change counter) make way for the source's.
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *tx)
            .await?;
        let select = format!("SELECT {list} FROM {table}");
        let mut rows = sqlx::query(&select).fetch(from.pool());
        let mut n = 0i64;
        while let Some(row) = rows.try_next().await? {
            let mut query = sqlx::query(&insert);
            for (index, (name, kind)) in columns.iter().enumerate() {
                query = bind_value(query, &row, index, *kind)
                    .map_err(|e| CopyError(format!("{table}.{name}: {e}")))?;
            }
            query
                .execute(&mut *tx)
                .await
                .map_err(|e| CopyError(format!("copying a row of {table}: {e}")))?;
            n += 1;
        }
        drop(rows);
        if to.backend() == Backend::Postgres && names.contains(&"id") && table != "site_setting" {
            // Explicit ids leave the identity sequence behind; move it past them.
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            ))
            .execute(&mut *tx)
            .await?;
        }
        let (in_target,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *tx)
            .await?;
        let in_source = count(from, table).await?;
        if in_target != n || in_source != n {
            return Err(CopyError(format!(
                "{table}: {in_source} rows in the source, {n} read, {in_target} in the target; nothing was copied"
            )));
        }
        copied.push((table, n));
    }
    tx.commit().await?;
    Ok(copied)
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

fn bind_value<'q>(
    query: AnyQuery<'q>,
    row: &AnyRow,
    index: usize,
    kind: Kind,
) -> Result<AnyQuery<'q>, sqlx::Error> {
    Ok(match kind {
        Kind::Integer => query.bind(row.try_get::<Option<i64>, _>(index)?),
        Kind::Text => query.bind(row.try_get::<Option<String>, _>(index)?),
        Kind::Bytes => query.bind(row.try_get::<Option<Vec<u8>>, _>(index)?),
    })
}
