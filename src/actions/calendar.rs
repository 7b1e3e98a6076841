//! Each person's due dates as an iCalendar feed (RFC 5545) behind a secret, revocable
//! address, so they can subscribe in their calendar app.

use chrono::{NaiveDate, Utc};
use serde_json::json;

use crate::accounts::UserId;
use crate::accounts::tokens::{random_token, token_hash};
use crate::audit::{self, AuditEvent};
use crate::db::{self, Db};
use crate::error::AppError;

/// Makes a new secret feed address for `user` (replacing any old one) and returns its token.
pub async fn create_feed(db: &Db, user: UserId) -> Result<String, AppError> {
    let token = random_token();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM calendar_feed WHERE user_id = $1")
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO calendar_feed (user_id, token_hash, created_at) VALUES ($1, $2, $3)")
        .bind(user.0)
        .bind(token_hash(&token))
        .bind(db::now_ms())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Some(user),
        AuditEvent {
            action: "calendar_feed.created",
            object_type: "user",
            object_id: user.0,
            detail: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn revoke_feed(db: &Db, user: UserId) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM calendar_feed WHERE user_id = $1")
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Some(user),
        AuditEvent::plain("calendar_feed.revoked", "user", user.0),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn has_feed(db: &Db, user: UserId) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT user_id FROM calendar_feed WHERE user_id = $1")
            .bind(user.0)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.is_some())
}

/// One due item in a feed.
pub struct DueItem {
    pub id: i64,
    pub title: String,
    pub due_date: NaiveDate,
    pub priority: String,
    pub incident_title: String,
    pub url: String,
}

/// A person's feed: their due items, in their language.
pub struct Feed {
    pub lang: crate::i18n::Lang,
    pub items: Vec<DueItem>,
}

/// The open items with a due date owned by the feed's person, or None for an unknown token.
pub async fn feed_items(db: &Db, token: &str, base_url: &str) -> Result<Option<Feed>, AppError> {
    let owner: Option<(i64, String)> = sqlx::query_as(
        "SELECT c.user_id, u.language FROM calendar_feed c JOIN app_user u ON u.id = c.user_id
         WHERE c.token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(db.pool())
    .await?;
    let Some((user, language)) = owner else {
        return Ok(None);
    };
    let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT a.id, a.title, a.due_date, a.priority, i.title, t.slug FROM action_item a
         JOIN incident i ON i.id = a.incident_id JOIN team t ON t.id = a.team_id
         JOIN app_user u ON u.id = a.owner_id
         WHERE a.owner_id = $1 AND u.is_disabled = 0 AND a.status IN ('open', 'in_progress') AND a.due_date IS NOT NULL
         ORDER BY a.due_date, a.id",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    let items = rows
        .into_iter()
        .filter_map(|(id, title, due, priority, incident_title, team)| {
            Some(DueItem {
                url: format!("{base_url}/teams/{team}/actions/{id}"),
                due_date: NaiveDate::parse_from_str(&due, "%Y-%m-%d").ok()?,
                id,
                title,
                priority,
                incident_title,
            })
        })
        .collect();
    Ok(Some(Feed {
        lang: crate::i18n::Lang::parse(&language).unwrap_or_default(),
        items,
    }))
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (§3.1).
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// The feed as an iCalendar document: one all-day event per due item, in the current
/// language.
pub fn render(items: &[DueItem], host: &str) -> String {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hindsight//Action items//EN",
        "CALSCALE:GREGORIAN",
    ] {
        out.push_str(&fold(line));
    }
    out.push_str(&fold(&format!(
        "X-WR-CALNAME:{}",
        escape(&crate::t!("calendar-feed-name"))
    )));
    for item in items {
        let next_day = item.due_date.succ_opt().unwrap_or(item.due_date);
        let lines = [
            "BEGIN:VEVENT".to_owned(),
            format!("UID:action-{}@{}", item.id, escape(host)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", item.due_date.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next_day.format("%Y%m%d")),
            format!(
                "SUMMARY:{}",
                escape(&crate::t!(
                    "calendar-event-summary",
                    priority = item.priority.as_str(),
                    title = item.title.as_str()
                ))
            ),
            format!(
                "DESCRIPTION:{}",
                escape(&format!(
                    "{}\n{}",
                    crate::t!(
                        "calendar-event-description",
                        incident = item.incident_title.as_str()
                    ),
                    item.url
                ))
            ),
            format!("URL:{}", item.url),
            "END:VEVENT".to_owned(),
        ];
        for line in lines {
            out.push_str(&fold(&line));
        }
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let folded = fold(&format!("SUMMARY:{}", "장애 대응 ".repeat(20)));
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
    }
}
