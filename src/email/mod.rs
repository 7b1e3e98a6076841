//! Email, only when an SMTP server is configured (`--smtp-url`): readers subscribe to the
//! public reviews (double opt-in, a one-click unsubscribe link in every email) and hear of
//! publications and corrections; action item owners get their reminders.
//!
//! Requests never talk to the mail server. They add rows to the `email_outbox` table and
//! wake the sender ([`worker`]), which claims due rows (once across instances), sends each
//! with a timeout, and retries with backoff. A reader's address is shown to nobody.

pub mod messages;
pub mod routes;
pub mod views;
pub mod worker;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use serde_json::json;
use tokio::sync::Notify;

use crate::AppState;
use crate::accounts::tokens::{random_token, token_hash};
use crate::db::{Db, WriteTx};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::t;

/// Longest address accepted (RFC 5321's limit on a forward path).
pub const MAX_ADDRESS_CHARS: usize = 254;
/// A confirmation link works this long.
const CONFIRM_VALID_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// One confirmation email per address in this time, however often it is asked for, so
/// nobody can flood someone else's inbox through us.
const REQUEST_INTERVAL_MS: i64 = 60 * 60 * 1000;
/// Addresses one client may ask confirmations for in `REQUEST_INTERVAL_MS`.
const REQUESTS_PER_CLIENT: i64 = 10;

/// The `--smtp-url`: `smtp://host:port`, `smtp://…?tls=required` (STARTTLS) or `smtps://…`.
/// It may hold a password, so `Debug` shows neither it nor the user.
#[derive(Clone)]
pub struct SmtpUrl(String);

impl SmtpUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for SmtpUrl {
    type Err = String;

    /// Checks that lettre can build a transport from it (scheme, host, TLS option).
    fn from_str(url: &str) -> Result<SmtpUrl, String> {
        worker::transport_builder(url)?;
        Ok(SmtpUrl(url.to_owned()))
    }
}

impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (scheme, rest) = self.0.split_once("://").unwrap_or(("?", &self.0));
        let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
        write!(f, "{scheme}://…@{host}")
    }
}

/// Parses `--mail-from`: `noreply@example.com` or `Status <noreply@example.com>`.
pub fn parse_mailbox(text: &str) -> Result<Mailbox, String> {
    text.parse::<Mailbox>()
        .map_err(|e| format!("{text:?} is not an email address ({e})"))
}

/// How the app sends email. `None` in `Settings` means no email at all.
#[derive(Clone, Debug)]
pub struct EmailSettings {
    pub smtp_url: SmtpUrl,
    /// The `From` of every email.
    pub from: Mailbox,
    /// How often the outbox is looked at without being woken (for retries, and for mail
    /// queued by other instances).
    pub poll_interval: Duration,
    /// The wait after the first failed attempt; it doubles after each further one.
    pub retry_base: Duration,
    /// Attempts before an email is given up.
    pub max_attempts: i64,
    /// Longest one delivery may take.
    pub send_timeout: Duration,
}

impl EmailSettings {
    pub fn new(smtp_url: SmtpUrl, from: Mailbox) -> EmailSettings {
        EmailSettings {
            smtp_url,
            from,
            poll_interval: Duration::from_secs(30),
            // 30 s, 1 min, 2 min … about four hours in all: longer than greylisting lasts.
            retry_base: Duration::from_secs(30),
            max_attempts: 10,
            send_timeout: Duration::from_secs(30),
        }
    }

    /// From text, as tests and library users have it.
    pub fn parse(smtp_url: &str, from: &str) -> Result<EmailSettings, String> {
        Ok(EmailSettings::new(smtp_url.parse()?, parse_mailbox(from)?))
    }
}

/// What request handlers need to queue email. Cheap to clone; `AppState.mail` is `None`
/// when no SMTP server is configured.
#[derive(Clone, Debug)]
pub struct Mailer {
    pub settings: Arc<EmailSettings>,
    /// Where links in emails point (`--public-url`).
    base_url: String,
    wake: Arc<Notify>,
}

impl Mailer {
    pub fn new(settings: EmailSettings, public_url: Option<&str>) -> Mailer {
        Mailer {
            settings: Arc::new(settings),
            base_url: public_url
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned(),
            wake: Arc::new(Notify::new()),
        }
    }

    /// An absolute link to `path` on this site.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Tells the sender there is mail to go out. A wake while it is busy is kept.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub(crate) async fn woken(&self) {
        self.wake.notified().await;
    }
}

/// The checked, lower-cased address, or a 422 naming the field.
pub fn parse_address(input: &str) -> Result<String, AppError> {
    let address = input.trim().to_lowercase();
    if address.chars().count() > MAX_ADDRESS_CHARS {
        return Err(AppError::invalid(
            t!("email-address-too-long", max = MAX_ADDRESS_CHARS),
            "field email",
        ));
    }
    let plausible = crate::accounts::normalize_email(&address).is_ok()
        && lettre::Address::from_str(&address).is_ok();
    if !plausible {
        return Err(AppError::invalid(
            t!("email-address-invalid"),
            "field email",
        ));
    }
    Ok(address)
}

/// Which email an outbox row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// "Confirm your subscription", to a reader who asked.
    Confirm,
    /// A review was published or corrected, to a subscriber.
    Review,
    /// An action item is due soon or overdue, to its owner.
    Reminder,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Confirm => "confirm",
            Kind::Review => "review",
            Kind::Reminder => "reminder",
        }
    }
}

/// One email to queue.
pub struct NewEmail {
    pub kind: Kind,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// The unsubscribe link, for the `List-Unsubscribe` header, and its token's hash.
    pub unsubscribe: Option<(String, String)>,
    pub subscriber_id: Option<i64>,
    pub review_id: Option<i64>,
    /// An email with the same key is never queued twice.
    pub dedupe_key: Option<String>,
}

/// Queues `email` to go out now; returns false if one with its dedupe key exists already.
pub async fn enqueue(tx: &mut WriteTx, email: &NewEmail, now: i64) -> Result<bool, sqlx::Error> {
    let (list_unsubscribe, token_hash) = match &email.unsubscribe {
        Some((url, hash)) => (Some(url.as_str()), Some(hash.as_str())),
        None => (None, None),
    };
    let result = sqlx::query(
        "INSERT INTO email_outbox (kind, recipient, subject, body_text, list_unsubscribe, unsubscribe_token_hash,
                subscriber_id, review_id, dedupe_key, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(email.kind.as_str())
    .bind(&email.recipient)
    .bind(&email.subject)
    .bind(&email.body)
    .bind(list_unsubscribe)
    .bind(token_hash)
    .bind(email.subscriber_id)
    .bind(email.review_id)
    .bind(email.dedupe_key.as_deref())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// A fresh unsubscribe link for one email: (the link, its token's hash).
fn unsubscribe_link(mail: &Mailer) -> (String, String) {
    let token = random_token();
    (
        mail.link(&format!("/reviews/unsubscribe?token={token}")),
        token_hash(&token),
    )
}

#[derive(sqlx::FromRow)]
struct SubscriberRow {
    id: i64,
    requested_at: i64,
    confirmed_at: Option<i64>,
    unsubscribed_at: Option<i64>,
}

/// A reader asks to subscribe `address`. Queues a confirmation email unless the address
/// is subscribed already or had one within the hour; the caller answers the same in every
/// case, so the answer reveals nothing about the address.
pub async fn request_subscription(
    db: &Db,
    mail: &Mailer,
    address: &str,
    lang: Lang,
    client_key: &str,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    // The client's limit comes first, whatever the address: refusing only new addresses
    // would tell a client which ones are known.
    let (recent,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM email_subscriber WHERE requested_by = $1 AND requested_at > $2",
    )
    .bind(client_key)
    .bind(now - REQUEST_INTERVAL_MS)
    .fetch_one(&mut *tx)
    .await?;
    if recent >= REQUESTS_PER_CLIENT {
        return Err(AppError::TooManyRequests {
            message: t!("email-too-many-requests"),
            retry_after_s: 60 * 60,
        });
    }
    let existing: Option<SubscriberRow> = sqlx::query_as(
        "SELECT id, requested_at, confirmed_at, unsubscribed_at FROM email_subscriber WHERE address = $1",
    )
    .bind(address)
    .fetch_optional(&mut *tx)
    .await?;
    let already_subscribed = existing
        .as_ref()
        .is_some_and(|s| s.confirmed_at.is_some() && s.unsubscribed_at.is_none());
    let asked_lately = existing
        .as_ref()
        .is_some_and(|s| now - s.requested_at < REQUEST_INTERVAL_MS);
    if already_subscribed || asked_lately {
        return Ok(());
    }
    let token = random_token();
    let id = match existing {
        Some(subscriber) => {
            // Someone else may be typing this address: nothing changes for the reader
            // until the link in their inbox is used.
            sqlx::query(
                "UPDATE email_subscriber SET confirm_token_hash = $1, confirm_expires_at = $2, requested_at = $3,
                        requested_by = $4, language = $5 WHERE id = $6",
            )
            .bind(token_hash(&token))
            .bind(now + CONFIRM_VALID_MS)
            .bind(now)
            .bind(client_key)
            .bind(lang.code())
            .bind(subscriber.id)
            .execute(&mut *tx)
            .await?;
            subscriber.id
        }
        None => {
            // Another instance may have added the address a moment ago: then it has just
            // been asked for, and this request sends nothing.
            let inserted: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO email_subscriber (address, language, confirm_token_hash, confirm_expires_at,
                        requested_at, requested_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $5) ON CONFLICT (address) DO NOTHING RETURNING id",
            )
            .bind(address)
            .bind(lang.code())
            .bind(token_hash(&token))
            .bind(now + CONFIRM_VALID_MS)
            .bind(now)
            .bind(client_key)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((id,)) = inserted else {
                return Ok(());
            };
            id
        }
    };
    let site = crate::reviews::public::site_settings(&mut *tx).await?;
    let confirm_url = mail.link(&format!("/reviews/subscribe/confirm?token={token}"));
    let (subject, body) =
        crate::i18n::sync_scope(lang, || messages::confirmation(&site.name, &confirm_url));
    let email = NewEmail {
        kind: Kind::Confirm,
        recipient: address.to_owned(),
        subject,
        body,
        unsubscribe: None,
        subscriber_id: Some(id),
        review_id: None,
        dedupe_key: None,
    };
    enqueue(&mut tx, &email, now).await?;
    // The address stays out of the audit trail: the subscriber's id is enough.
    crate::audit::record(
        &mut *tx,
        None,
        crate::audit::AuditEvent::plain("email_subscriber.requested", "email_subscriber", id),
    )
    .await?;
    tx.commit().await?;
    mail.wake();
    Ok(())
}

/// The pending subscriber whose confirmation link carries `token`, if it still works.
pub async fn find_pending(db: &Db, token: &str, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM email_subscriber WHERE confirm_token_hash = $1 AND confirm_expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Confirms the subscription whose link carries `token`; false if the link does not work.
pub async fn confirm(db: &Db, token: &str, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE email_subscriber SET confirmed_at = $1, unsubscribed_at = NULL, confirm_token_hash = NULL,
                confirm_expires_at = NULL
         WHERE confirm_token_hash = $2 AND confirm_expires_at > $1 RETURNING id",
    )
    .bind(now)
    .bind(token_hash(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id,)) = row else {
        return Ok(false);
    };
    crate::audit::record(
        &mut *tx,
        None,
        crate::audit::AuditEvent::plain("email_subscriber.confirmed", "email_subscriber", id),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The subscriber an email's unsubscribe token was made for.
pub async fn find_by_unsubscribe_token(db: &Db, token: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT subscriber_id FROM email_outbox WHERE unsubscribe_token_hash = $1")
            .bind(token_hash(token))
            .fetch_optional(db.pool())
            .await?;
    Ok(row.and_then(|(id,)| id))
}

/// Ends the subscription an email's unsubscribe link was for, and drops what was still
/// queued for it; false if the link is unknown. Using the link twice is fine.
pub async fn unsubscribe(db: &Db, token: &str, now: i64) -> Result<bool, sqlx::Error> {
    let Some(id) = find_by_unsubscribe_token(db, token).await? else {
        return Ok(false);
    };
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE email_subscriber SET unsubscribed_at = $1 WHERE id = $2 AND unsubscribed_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query("DELETE FROM email_outbox WHERE subscriber_id = $1 AND sent_at IS NULL")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if changed > 0 {
        crate::audit::record(
            &mut *tx,
            None,
            crate::audit::AuditEvent::plain(
                "email_subscriber.unsubscribed",
                "email_subscriber",
                id,
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// How many readers get the review emails (for administrators; never who).
pub async fn confirmed_subscriber_count(
    db: impl sqlx::AnyExecutor<'_>,
) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM email_subscriber WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL",
    )
    .fetch_one(db)
    .await?;
    Ok(count)
}

/// Whether `user` gets their action-item reminders by email.
pub async fn reminders_wanted(
    db: impl sqlx::AnyExecutor<'_>,
    user: crate::accounts::UserId,
) -> Result<bool, sqlx::Error> {
    let (wanted,): (i64,) = sqlx::query_as("SELECT email_reminders FROM app_user WHERE id = $1")
        .bind(user.0)
        .fetch_one(db)
        .await?;
    Ok(wanted != 0)
}

/// Turns `user`'s reminder emails on or off.
pub async fn set_reminders_wanted(
    db: &Db,
    user: crate::accounts::UserId,
    wanted: bool,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE app_user SET email_reminders = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(wanted))
        .bind(crate::db::now_ms())
        .bind(user.0)
        .execute(&mut *tx)
        .await?;
    crate::audit::record(
        &mut *tx,
        Some(user),
        crate::audit::AuditEvent {
            action: "user.email_reminders_changed",
            object_type: "user",
            object_id: user.0,
            detail: json!({"email_reminders": wanted}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Wakes the sender after a publication or correction: the publishing transaction left
/// an `email_announcement` row, which the sender turns into the subscribers' emails.
pub fn announce(app: &AppState) {
    if let Some(mail) = &app.mail {
        mail.wake();
    }
}

/// Turns every pending announcement into emails; returns how many were queued.
pub async fn queue_pending_announcements(
    db: &Db,
    mail: &Mailer,
    now: i64,
) -> Result<usize, sqlx::Error> {
    let pending: Vec<(i64,)> =
        sqlx::query_as("SELECT revision_id FROM email_announcement ORDER BY revision_id")
            .fetch_all(db.pool())
            .await?;
    let mut queued = 0;
    for (revision,) in pending {
        queued += queue_announcements(db, mail, revision, now).await?;
    }
    Ok(queued)
}

#[derive(sqlx::FromRow)]
struct RevisionRow {
    review_id: i64,
    number: i64,
    title: String,
    summary: String,
    change_note: String,
    slug: Option<String>,
}

/// Queues one email per confirmed subscriber for `revision` and takes its pending
/// announcement away, in one transaction; returns how many. An announcement another
/// instance took first queues nothing.
async fn queue_announcements(
    db: &Db,
    mail: &Mailer,
    revision: i64,
    now: i64,
) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin().await?;
    let taken = sqlx::query("DELETE FROM email_announcement WHERE revision_id = $1")
        .bind(revision)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if taken == 0 {
        return Ok(0);
    }
    let found: Option<RevisionRow> = sqlx::query_as(
        "SELECT v.review_id, v.number, v.title, v.summary, v.change_note, r.slug
         FROM review_revision v JOIN review r ON r.id = v.review_id
         WHERE v.id = $1 AND r.retracted_at IS NULL",
    )
    .bind(revision)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(RevisionRow {
        review_id,
        number,
        title,
        summary,
        change_note,
        slug: Some(slug),
    }) = found
    else {
        // Retracted since: nothing to announce.
        tx.commit().await?;
        return Ok(0);
    };
    let subscribers: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, address, language FROM email_subscriber
         WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL ORDER BY id",
    )
    .fetch_all(&mut *tx)
    .await?;
    if subscribers.is_empty() {
        tx.commit().await?;
        return Ok(0);
    }
    let site = crate::reviews::public::site_settings(&mut *tx).await?;
    let review = messages::Announcement {
        site_name: &site.name,
        title: &title,
        summary: &summary,
        link: &mail.link(&format!("/reviews/{slug}")),
        change_note: (number > 1).then_some(change_note.as_str()),
    };
    let mut queued = 0;
    for (subscriber, address, language) in subscribers {
        let lang = Lang::parse(&language).unwrap_or_default();
        let (link, hash) = unsubscribe_link(mail);
        let (subject, body) = crate::i18n::sync_scope(lang, || review.render(&link));
        let email = NewEmail {
            kind: Kind::Review,
            recipient: address,
            subject,
            body,
            unsubscribe: Some((link, hash)),
            subscriber_id: Some(subscriber),
            review_id: Some(review_id),
            dedupe_key: Some(format!("revision:{revision}:subscriber:{subscriber}")),
        };
        if enqueue(&mut tx, &email, now).await? {
            queued += 1;
        }
    }
    crate::audit::record(
        &mut *tx,
        None,
        crate::audit::AuditEvent {
            action: "review.emailed",
            object_type: "review",
            object_id: review_id,
            detail: json!({"revision_id": revision, "emails": queued}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(queued)
}
