//! Reminders and notifications through a team's outgoing webhook: items created, done,
//! due within two days, or overdue. Notifications wait in an outbox table (one per item
//! and reason, so nobody is told twice); a background job sweeps for due items and
//! delivers with a timeout and retries with backoff, never inside a request.
//!
//! When email is configured, the sweep's reasons (due soon, overdue) also reach the
//! item's owner by email, once per item and reason like the webhook notifications.

use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

use crate::accounts::teams::TeamId;
use crate::db::{Db, WriteTx};
use crate::error::AppError;
use crate::i18n::Lang;

/// Header carrying `sha256=<hex HMAC of "timestamp.body">` on generic deliveries.
pub const SIGNATURE_HEADER: &str = "x-hindsight-signature";
pub const TIMESTAMP_HEADER: &str = "x-hindsight-timestamp";
/// Deliveries given up after this many failed attempts.
pub const MAX_ATTEMPTS: i64 = 6;
const TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Webhook {
    pub url: String,
    pub format: String,
    pub secret: String,
    /// The language its messages are written in.
    pub language: Lang,
}

/// A team's webhook as its owner sets it.
pub struct WebhookSettings<'a> {
    /// Empty to remove the webhook.
    pub url: &'a str,
    pub format: &'a str,
    /// `en` or `ko`; the saver's language when not given.
    pub language: Option<&'a str>,
}

/// Sets (or with an empty `url`, removes) a team's webhook; returns the signing secret.
pub async fn save_webhook(
    db: &Db,
    actor: crate::accounts::UserId,
    team: TeamId,
    settings: &WebhookSettings<'_>,
) -> Result<Option<String>, AppError> {
    let (url, format) = (settings.url, settings.format);
    let language = match settings.language.map(str::trim).filter(|l| !l.is_empty()) {
        None => crate::i18n::current(),
        Some(code) => Lang::parse(code).ok_or_else(|| {
            AppError::invalid(
                crate::t!("account-error-unknown-language", language = code),
                "field webhook_language",
            )
        })?,
    };
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM team_webhook WHERE team_id = $1")
        .bind(team.0)
        .execute(&mut *tx)
        .await?;
    let secret = match super::parse_external_url(url)
        .map_err(|_| AppError::invalid(crate::t!("webhook-error-url"), "field webhook_url"))?
    {
        None => None,
        Some(url) => {
            if !matches!(format, "slack" | "generic") {
                return Err(AppError::invalid(
                    crate::t!("webhook-error-format"),
                    "field webhook_format",
                ));
            }
            let secret = crate::accounts::tokens::random_token();
            sqlx::query("INSERT INTO team_webhook (team_id, url, format, secret, created_at, language) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(team.0)
                .bind(&url)
                .bind(format)
                .bind(&secret)
                .bind(crate::db::now_ms())
                .bind(language.code())
                .execute(&mut *tx)
                .await?;
            Some(secret)
        }
    };
    crate::audit::record(
        &mut *tx,
        Some(actor),
        crate::audit::AuditEvent {
            action: "team.webhook_saved",
            object_type: "team",
            object_id: team.0,
            detail: json!({"format": format, "language": language.code(), "removed": secret.is_none()}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(secret)
}

pub async fn find_webhook(
    db: impl sqlx::AnyExecutor<'_>,
    team: TeamId,
) -> Result<Option<Webhook>, sqlx::Error> {
    let row: Option<(String, String, String, String)> =
        sqlx::query_as("SELECT url, format, secret, language FROM team_webhook WHERE team_id = $1")
            .bind(team.0)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(url, format, secret, language)| Webhook {
        url,
        format,
        secret,
        language: Lang::parse(&language).unwrap_or_default(),
    }))
}

/// Queues a notification for an item, inside the change's transaction, if its team has
/// a webhook. A second one for the same item and reason is ignored.
pub async fn enqueue(
    tx: &mut WriteTx,
    team: TeamId,
    action: i64,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO action_notification (action_id, team_id, reason, created_at, next_attempt_at)
         SELECT $1, $2, $3, $4, $4 WHERE EXISTS (SELECT 1 FROM team_webhook WHERE team_id = $2)
         ON CONFLICT (action_id, reason) DO NOTHING",
    )
    .bind(action)
    .bind(team.0)
    .bind(reason)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Finds items that became overdue or are due within two days (as of `now`) and queues
/// one notification each. Returns how many were queued.
pub async fn sweep(db: &Db, now: DateTime<Utc>) -> Result<u64, AppError> {
    let today = now.date_naive();
    let soon = today + chrono::Days::new(2);
    let mut tx = db.begin().await?;
    let mut queued = 0;
    for (reason, condition) in [
        ("overdue", "a.due_date < $2"),
        ("due_soon", "a.due_date >= $2 AND a.due_date <= $3"),
    ] {
        let result = sqlx::query(&format!(
            "INSERT INTO action_notification (action_id, team_id, reason, created_at, next_attempt_at)
             SELECT a.id, a.team_id, '{reason}', $1, $1 FROM action_item a JOIN team_webhook w ON w.team_id = a.team_id
             WHERE a.status IN ('open', 'in_progress') AND a.due_date IS NOT NULL AND {condition}
             ON CONFLICT (action_id, reason) DO NOTHING"
        ))
        .bind(now.timestamp_millis())
        .bind(today.format("%Y-%m-%d").to_string())
        .bind(soon.format("%Y-%m-%d").to_string())
        .execute(&mut *tx)
        .await?;
        queued += result.rows_affected();
    }
    tx.commit().await?;
    Ok(queued)
}

#[derive(sqlx::FromRow)]
struct DueItemRow {
    id: i64,
    title: String,
    due_date: String,
    team_slug: String,
    email: String,
    display_name: String,
    language: String,
    reason: String,
}

/// Queues an email to the owner of each item that became overdue or is due within two
/// days (as of `now`), in the owner's language. Like [`sweep`], once per item and reason
/// (the outbox's dedupe key plays the part of `action_notification`'s unique key, which
/// only holds rows for teams with a webhook). Returns how many were queued.
pub async fn email_reminders(
    db: &Db,
    mail: &crate::email::Mailer,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let today = now.date_naive();
    let soon = today + chrono::Days::new(2);
    let reason = "CASE WHEN a.due_date < $1 THEN 'overdue' ELSE 'due_soon' END";
    let due: Vec<DueItemRow> = sqlx::query_as(&format!(
        "SELECT a.id, a.title, a.due_date, t.slug AS team_slug, u.email, u.display_name, u.language,
                {reason} AS reason
         FROM action_item a JOIN team t ON t.id = a.team_id JOIN app_user u ON u.id = a.owner_id
         WHERE a.status IN ('open', 'in_progress') AND a.due_date IS NOT NULL AND a.due_date <= $2
           AND u.is_disabled = 0 AND u.email_reminders = 1
           AND NOT EXISTS (SELECT 1 FROM email_outbox o
                           WHERE o.dedupe_key = 'action:' || CAST(a.id AS TEXT) || ':' || {reason})
         ORDER BY a.id"
    ))
    .bind(today.format("%Y-%m-%d").to_string())
    .bind(soon.format("%Y-%m-%d").to_string())
    .fetch_all(db.pool())
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    // `now` says which items are due; the emails go out now by the clock.
    let now_ms = crate::db::now_ms();
    let mut queued = 0;
    let settings_link = mail.link("/account");
    let mut tx = db.begin().await?;
    for item in due {
        let lang = crate::i18n::Lang::parse(&item.language).unwrap_or_default();
        let link = mail.link(&format!("/teams/{}/actions/{}", item.team_slug, item.id));
        let (subject, body) = crate::i18n::sync_scope(lang, || {
            let due = chrono::NaiveDate::parse_from_str(&item.due_date, "%Y-%m-%d")
                .map(crate::i18n::date)
                .unwrap_or_else(|_| item.due_date.clone());
            crate::email::messages::Reminder {
                owner_name: &item.display_name,
                title: &item.title,
                due: &due,
                is_overdue: item.reason == "overdue",
                link: &link,
                settings_link: &settings_link,
            }
            .render()
        });
        let email = crate::email::NewEmail {
            kind: crate::email::Kind::Reminder,
            recipient: item.email,
            subject,
            body,
            unsubscribe: None,
            subscriber_id: None,
            review_id: None,
            dedupe_key: Some(format!("action:{}:{}", item.id, item.reason)),
        };
        if crate::email::enqueue(&mut tx, &email, now_ms).await? {
            queued += 1;
        }
    }
    tx.commit().await?;
    if queued > 0 {
        mail.wake();
    }
    Ok(queued)
}

/// `sha256=<hex>` of `timestamp.body` with the team's secret.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| {
        // HMAC takes keys of any length; this cannot happen.
        Hmac::<Sha256>::new_from_slice(b"hindsight").unwrap_or_else(|_| unreachable!())
    });
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let bytes = mac.finalize().into_bytes();
    format!(
        "sha256={}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

/// The message text for an item's `reason`, in the current language.
fn message(reason: &str, title: &str, due: Option<&str>, owner: Option<&str>) -> String {
    let who = owner.map(|o| format!(" ({o})")).unwrap_or_default();
    let due = due.unwrap_or_default();
    match reason {
        "created" => crate::t!("webhook-message-created", who = who, title = title),
        "done" => crate::t!("webhook-message-done", who = who, title = title),
        "due_soon" => crate::t!(
            "webhook-message-due-soon",
            due = due,
            who = who,
            title = title
        ),
        _ => crate::t!(
            "webhook-message-overdue",
            due = due,
            who = who,
            title = title
        ),
    }
}

/// One message waiting in an outbox table.
struct Outgoing {
    /// `action_notification` or `review_notification`: which outbox it is in.
    outbox: &'static str,
    id: i64,
    attempts: i64,
    url: String,
    format: String,
    secret: String,
    text: String,
    link: String,
    /// The generic JSON event, without `url` and `text` (added on sending).
    event: serde_json::Value,
}

/// Action item notifications due to go out.
async fn pending_action_notifications(
    db: &Db,
    base_url: &str,
    claim: &str,
) -> Result<Vec<Outgoing>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Pending {
        id: i64,
        action_id: i64,
        reason: String,
        attempts: i64,
        title: String,
        due_date: Option<String>,
        owner_name: Option<String>,
        team_slug: String,
        url: String,
        format: String,
        secret: String,
        language: String,
    }
    let pending: Vec<Pending> = sqlx::query_as(
        "SELECT n.id, n.action_id, n.reason, n.attempts, a.title, a.due_date, u.display_name AS owner_name,
                t.slug AS team_slug, w.url, w.format, w.secret, w.language
         FROM action_notification n JOIN action_item a ON a.id = n.action_id JOIN team t ON t.id = n.team_id
         JOIN team_webhook w ON w.team_id = n.team_id LEFT JOIN app_user u ON u.id = a.owner_id
         WHERE n.delivered_at IS NULL AND n.claim = $1 ORDER BY n.id",
    )
    .bind(claim)
    .fetch_all(db.pool())
    .await?;
    Ok(pending
        .into_iter()
        .map(|item| Outgoing {
            outbox: "action_notification",
            id: item.id,
            attempts: item.attempts,
            text: crate::i18n::sync_scope(Lang::parse(&item.language).unwrap_or_default(), || {
                message(
                    &item.reason,
                    &item.title,
                    item.due_date.as_deref(),
                    item.owner_name.as_deref(),
                )
            }),
            link: format!("{base_url}/teams/{}/actions/{}", item.team_slug, item.action_id),
            event: json!({"event": format!("action_item.{}", item.reason), "action_id": item.action_id,
                "title": item.title, "due_date": item.due_date, "owner": item.owner_name, "team": item.team_slug}),
            url: item.url,
            format: item.format,
            secret: item.secret,
        })
        .collect())
}

/// Announcements of published reviews (and their corrections) due to go out.
async fn pending_review_notifications(
    db: &Db,
    base_url: &str,
    claim: &str,
) -> Result<Vec<Outgoing>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Pending {
        id: i64,
        attempts: i64,
        review_id: i64,
        number: i64,
        title: String,
        change_note: String,
        slug: String,
        team_slug: String,
        url: String,
        format: String,
        secret: String,
        language: String,
    }
    let pending: Vec<Pending> = sqlx::query_as(
        "SELECT n.id, n.attempts, v.review_id, v.number, v.title, v.change_note, r.slug, t.slug AS team_slug,
                w.url, w.format, w.secret, w.language
         FROM review_notification n JOIN review_revision v ON v.id = n.revision_id JOIN review r ON r.id = v.review_id
         JOIN team t ON t.id = n.team_id JOIN team_webhook w ON w.team_id = n.team_id
         WHERE n.delivered_at IS NULL AND n.claim = $1 AND r.retracted_at IS NULL ORDER BY n.id",
    )
    .bind(claim)
    .fetch_all(db.pool())
    .await?;
    Ok(pending
        .into_iter()
        .map(|item| {
            let lang = Lang::parse(&item.language).unwrap_or_default();
            let (event, text) = if item.number == 1 {
                (
                    "review.published",
                    crate::i18n::sync_scope(lang, || {
                        crate::t!(
                            "webhook-message-review-published",
                            title = item.title.as_str()
                        )
                    }),
                )
            } else {
                (
                    "review.corrected",
                    crate::i18n::sync_scope(lang, || {
                        crate::t!(
                            "webhook-message-review-corrected",
                            title = item.title.as_str(),
                            note = item.change_note.as_str()
                        )
                    }),
                )
            };
            Outgoing {
                outbox: "review_notification",
                id: item.id,
                attempts: item.attempts,
                text,
                link: format!("{base_url}/reviews/{}", item.slug),
                event: json!({"event": event, "review_id": item.review_id, "revision": item.number,
                    "title": item.title, "change_note": item.change_note, "team": item.team_slug}),
                url: item.url,
                format: item.format,
                secret: item.secret,
            }
        })
        .collect())
}

/// How long a claimed notification is left to the instance that claimed it. If that
/// instance stops mid-delivery, another sends it after this.
const LEASE_MS: i64 = 5 * 60 * 1000;

/// Claims up to 100 notifications in `outbox` that are due, so that no other instance
/// sends them: each gets this run's claim and a next attempt a lease ahead (if the
/// instance stops mid-delivery, another sends it after that). With PostgreSQL, rows
/// another instance is claiming are skipped rather than waited for. Returns the claim.
async fn claim(db: &Db, outbox: &'static str, now_ms: i64) -> Result<String, sqlx::Error> {
    let claim = crate::accounts::tokens::random_token();
    let skip_locked = match db.backend() {
        crate::db::Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        crate::db::Backend::Sqlite => "",
    };
    let mut tx = db.begin().await?;
    sqlx::query(&format!(
        "UPDATE {outbox} SET claim = $1, next_attempt_at = $2 WHERE id IN (
             SELECT id FROM {outbox} WHERE delivered_at IS NULL AND next_attempt_at <= $3 AND attempts < $4
             ORDER BY id LIMIT 100 {skip_locked})"
    ))
    .bind(&claim)
    .bind(now_ms + LEASE_MS)
    .bind(now_ms)
    .bind(MAX_ATTEMPTS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(claim)
}

/// Delivers what is due to go out (as of `now`); returns (delivered, failed).
pub async fn deliver(
    db: &Db,
    client: &reqwest::Client,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<(usize, usize), AppError> {
    let now_ms = now.timestamp_millis();
    let claimed = claim(db, "action_notification", now_ms).await?;
    let mut pending = pending_action_notifications(db, base_url, &claimed).await?;
    let claimed = claim(db, "review_notification", now_ms).await?;
    pending.extend(pending_review_notifications(db, base_url, &claimed).await?);
    let (mut delivered, mut failed) = (0, 0);
    for item in pending {
        let body = match item.format.as_str() {
            "slack" => json!({"text": format!("{} <{}>", item.text, item.link)}),
            _ => {
                let mut event = item.event;
                event["url"] = json!(item.link);
                event["text"] = json!(item.text);
                event
            }
        }
        .to_string();
        let timestamp = now.timestamp();
        let request = client
            .post(&item.url)
            .timeout(TIMEOUT)
            .header("content-type", "application/json")
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(SIGNATURE_HEADER, signature(&item.secret, timestamp, &body))
            .body(body);
        let outcome = match request.send().await {
            Ok(response) if response.status().is_success() => Ok(()),
            Ok(response) => Err(format!("the receiver answered {}", response.status())),
            Err(error) => Err(format!("could not deliver: {error}")),
        };
        // The outbox names come from the two functions above, never from input.
        let outbox = item.outbox;
        let mut tx = db.begin().await?;
        match outcome {
            Ok(()) => {
                delivered += 1;
                sqlx::query(&format!("UPDATE {outbox} SET delivered_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2"))
                    .bind(now_ms)
                    .bind(item.id)
                    .execute(&mut *tx)
                    .await?;
            }
            Err(error) => {
                failed += 1;
                // 30 s, 1 min, 2 min, 4 min, … between attempts.
                let backoff = 30_000 * 2i64.pow(u32::try_from(item.attempts).unwrap_or(0).min(10));
                sqlx::query(&format!("UPDATE {outbox} SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3"))
                    .bind(now_ms + backoff)
                    .bind(&error)
                    .bind(item.id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
    }
    crate::web::metrics::record_webhooks(delivered, failed);
    Ok((delivered, failed))
}

/// Recent failed deliveries of a team, newest first, for its settings page.
pub async fn recent_failures(
    db: impl sqlx::AnyExecutor<'_>,
    team: TeamId,
) -> Result<Vec<(String, String, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.title, n.reason, n.attempts, n.last_error FROM action_notification n JOIN action_item a ON a.id = n.action_id
         WHERE n.team_id = $1 AND n.delivered_at IS NULL AND n.last_error IS NOT NULL ORDER BY n.id DESC LIMIT 10",
    )
    .bind(team.0)
    .fetch_all(db)
    .await
}

/// Runs the sweep and deliveries every `interval`, for the life of the server; with
/// `mail`, owners also get their reminders by email.
pub fn spawn_job(db: Db, base_url: String, interval: Duration, mail: Option<crate::email::Mailer>) {
    tokio::spawn(async move {
        let client = reqwest::Client::new();
        let mut ticker = tokio::time::interval(interval);
        loop {
            ticker.tick().await;
            let now = Utc::now();
            if let Err(error) = sweep(&db, now).await {
                tracing::error!(%error, "reminder sweep failed");
            }
            if let Some(mail) = &mail
                && let Err(error) = email_reminders(&db, mail, now).await
            {
                tracing::error!(%error, "queueing reminder emails failed");
            }
            match deliver(&db, &client, &base_url, now).await {
                Ok((_, failed)) if failed > 0 => tracing::warn!(
                    failed,
                    "some webhook deliveries failed; they will be retried"
                ),
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "webhook delivery failed"),
            }
        }
    });
}
