//! The sender: a background task that delivers what the outbox holds. It claims due rows
//! the way the webhook deliveries do (`actions::reminders`), so that with several
//! instances on one PostgreSQL database each email goes out once; it sends with a
//! timeout and retries with exponential backoff, recording the last error.

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::EmailSettings;
use crate::AppState;
use crate::db::{Backend, Db};

/// Emails claimed at a time. With the lease below, a batch has time to go out even if
/// every send waits for its timeout.
const BATCH: i64 = 20;
/// How long a claimed email is left to the instance that claimed it. If that instance
/// stops mid-delivery, another sends it after this.
const LEASE_MS: i64 = 15 * 60 * 1000;

/// A transport builder for `url`, or why there is none.
pub(crate) fn transport_builder(url: &str) -> Result<AsyncSmtpTransportBuilder, String> {
    AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| {
        format!("not a usable SMTP address ({e}); use smtp://host:port, smtp://host:587?tls=required or smtps://host:465")
    })
}

/// Starts the sender when email is configured (once per process, beside the reminder
/// job). Refuses settings it cannot send with.
pub fn spawn_worker(state: &AppState) -> Result<(), String> {
    let Some(mail) = state.mail.clone() else {
        return Ok(());
    };
    if state.settings.public_url.is_none() {
        return Err(
            "email needs --public-url: the links in emails must reach Hindsight from a reader's inbox"
                .into(),
        );
    }
    let transport = transport_builder(mail.settings.smtp_url.as_str())?
        .timeout(Some(mail.settings.send_timeout))
        .build();
    let db = state.db.clone();
    tokio::spawn(async move {
        let settings = mail.settings.clone();
        loop {
            if let Err(error) =
                super::queue_pending_announcements(&db, &mail, crate::db::now_ms()).await
            {
                tracing::error!(%error, "could not queue the emails announcing a review");
            }
            // Keep going while whole batches come back: more may be due.
            loop {
                match deliver_due(&db, &transport, &settings, crate::db::now_ms()).await {
                    Ok(outcome) if outcome.claimed == BATCH => {}
                    Ok(_) => break,
                    Err(error) => {
                        tracing::error!(%error, "email delivery failed");
                        break;
                    }
                }
            }
            tokio::select! {
                () = mail.woken() => {}
                () = tokio::time::sleep(settings.poll_interval) => {}
            }
        }
    });
    Ok(())
}

/// What one pass over the outbox did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    pub claimed: i64,
    pub sent: usize,
    pub failed: usize,
}

#[derive(sqlx::FromRow)]
struct OutgoingRow {
    id: i64,
    recipient: String,
    subject: String,
    body_text: String,
    list_unsubscribe: Option<String>,
    attempts: i64,
}

/// Claims up to `BATCH` due emails for this pass: each gets the pass's claim and a next
/// attempt a lease ahead. With PostgreSQL, rows another instance is claiming are skipped
/// rather than waited for. Announcements of reviews retracted since are dropped first.
async fn claim(db: &Db, max_attempts: i64, now_ms: i64) -> Result<(String, i64), sqlx::Error> {
    let claim = crate::accounts::tokens::random_token();
    let skip_locked = match db.backend() {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let mut tx = db.begin().await?;
    sqlx::query(
        "DELETE FROM email_outbox WHERE sent_at IS NULL
         AND review_id IN (SELECT id FROM review WHERE retracted_at IS NOT NULL)",
    )
    .execute(&mut *tx)
    .await?;
    let claimed = sqlx::query(&format!(
        "UPDATE email_outbox SET claim = $1, next_attempt_at = $2 WHERE id IN (
             SELECT id FROM email_outbox WHERE sent_at IS NULL AND next_attempt_at <= $3 AND attempts < $4
             ORDER BY id LIMIT {BATCH} {skip_locked})"
    ))
    .bind(&claim)
    .bind(now_ms + LEASE_MS)
    .bind(now_ms)
    .bind(max_attempts)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok((claim, i64::try_from(claimed).unwrap_or(BATCH)))
}

/// A failed delivery: what went wrong, and whether trying again could help.
struct Failure {
    message: String,
    permanent: bool,
}

/// What lettre's `Header::parse` returns on failure (its own alias is private).
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// RFC 8058's one-click unsubscribe: the link of `List-Unsubscribe` takes a POST.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(text: &str) -> Result<Self, BoxError> {
        Ok(ListUnsubscribe(text.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, BoxError> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// RFC 3834: no out-of-office replies to these.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, BoxError> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

fn message(from: &Mailbox, email: &OutgoingRow) -> Result<Message, Failure> {
    let to = email.recipient.parse::<Mailbox>().map_err(|e| Failure {
        message: format!("the recipient's address is not usable: {e}"),
        permanent: true,
    })?;
    // The sender's domain, as RFC 5322 asks (lettre's default would be "localhost").
    let message_id = format!(
        "<hindsight.{}.{}@{}>",
        email.id,
        crate::accounts::tokens::random_token(),
        from.email.domain()
    );
    let mut builder = Message::builder()
        .message_id(Some(message_id))
        .from(from.clone())
        .to(to)
        .subject(email.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .header(AutoSubmitted);
    if let Some(url) = &email.list_unsubscribe {
        builder = builder
            .header(ListUnsubscribe(url.clone()))
            .header(ListUnsubscribePost);
    }
    builder.body(email.body_text.clone()).map_err(|e| Failure {
        message: format!("the email could not be put together: {e}"),
        permanent: true,
    })
}

async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    settings: &EmailSettings,
    email: &OutgoingRow,
) -> Result<(), Failure> {
    let message = message(&settings.from, email)?;
    match tokio::time::timeout(settings.send_timeout, transport.send(message)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) => Err(Failure {
            message: format!("the mail server did not take it: {error}"),
            // A 5xx answer ("no such mailbox") will not change by asking again.
            permanent: error.is_permanent(),
        }),
        Err(_) => Err(Failure {
            message: format!(
                "the mail server did not answer within {} s",
                settings.send_timeout.as_secs_f64()
            ),
            permanent: false,
        }),
    }
}

/// Sends what is due (as of `now_ms`), recording each outcome.
pub async fn deliver_due(
    db: &Db,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    settings: &EmailSettings,
    now_ms: i64,
) -> Result<Delivered, sqlx::Error> {
    let (claim, claimed) = claim(db, settings.max_attempts, now_ms).await?;
    let mut outcome = Delivered {
        claimed,
        ..Delivered::default()
    };
    if claimed == 0 {
        return Ok(outcome);
    }
    let due: Vec<OutgoingRow> = sqlx::query_as(
        "SELECT id, recipient, subject, body_text, list_unsubscribe, attempts FROM email_outbox
         WHERE claim = $1 AND sent_at IS NULL ORDER BY id",
    )
    .bind(&claim)
    .fetch_all(db.pool())
    .await?;
    for email in due {
        let result = send(transport, settings, &email).await;
        let finished_at = crate::db::now_ms();
        let mut tx = db.begin().await?;
        match result {
            Ok(()) => {
                outcome.sent += 1;
                // The body and header hold a working unsubscribe link: once sent, they
                // are the reader's alone.
                sqlx::query(
                    "UPDATE email_outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL, claim = NULL,
                            body_text = '', list_unsubscribe = NULL WHERE id = $2",
                )
                .bind(finished_at)
                .bind(email.id)
                .execute(&mut *tx)
                .await?;
            }
            Err(failure) => {
                outcome.failed += 1;
                tracing::warn!(email = email.id, error = %failure.message, "an email could not be sent");
                let attempts = if failure.permanent {
                    settings.max_attempts.max(email.attempts + 1)
                } else {
                    email.attempts + 1
                };
                let base_ms = i64::try_from(settings.retry_base.as_millis()).unwrap_or(30_000);
                let exponent = u32::try_from(email.attempts).unwrap_or(0).min(16);
                let backoff = base_ms.saturating_mul(2i64.pow(exponent));
                sqlx::query(
                    "UPDATE email_outbox SET attempts = $1, next_attempt_at = $2, last_error = $3, claim = NULL
                     WHERE id = $4",
                )
                .bind(attempts)
                .bind(finished_at.saturating_add(backoff))
                .bind(&failure.message)
                .bind(email.id)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
    }
    crate::web::metrics::record_emails(outcome.sent, outcome.failed);
    Ok(outcome)
}
