//! Email: readers' subscriptions to the public reviews (double opt-in, one-click
//! unsubscribe), announcements of publications and corrections, reminders to action item
//! owners, and a sender that retries — against a local SMTP receiver.

use std::time::{Duration, Instant};

use hindsight::Settings;
use hindsight::accounts::UserId;
use hindsight::accounts::teams::{TeamId, TeamRole};
use hindsight::email::EmailSettings;
use reqwest::StatusCode;

use crate::common::smtp::{Received, SmtpReceiver};
use crate::common::{Browser, TestApp, spawn_app, spawn_app_on, spawn_app_with, texts};

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");
/// Where links in emails point (`--public-url`); tests follow them on the test app.
const PUBLIC_URL: &str = "https://status.example.com";

/// Email settings for `smtp_url` with intervals short enough for a test.
fn fast_email(smtp_url: &str) -> EmailSettings {
    let mut email =
        EmailSettings::parse(smtp_url, "Example Status <status@example.com>").expect("settings");
    email.poll_interval = Duration::from_millis(50);
    email.retry_base = Duration::from_millis(50);
    email.send_timeout = Duration::from_secs(5);
    email
}

async fn spawn_with(email: EmailSettings) -> TestApp {
    spawn_app_with(Settings {
        public_url: Some(PUBLIC_URL.into()),
        email: Some(email),
        ..Settings::default()
    })
    .await
}

/// A team with an incident and its owner, signed in, with approval off.
async fn team_with_owner(app: &TestApp) -> (Browser, i64) {
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    let off = owner.post_form("/teams/ops/review-settings", &[]).await;
    assert_eq!(off.status(), StatusCode::SEE_OTHER);
    (owner, incident)
}

/// Adds the action item "Patch the resolver", owned by user `owner_id` and due on `due`'s
/// day.
async fn add_item_owned_by(
    by: &Browser,
    incident: i64,
    owner_id: i64,
    due: chrono::DateTime<chrono::Utc>,
) {
    let added = by
        .post_form(
            &format!("/teams/ops/incidents/{incident}/actions"),
            &[
                ("title", "Patch the resolver"),
                ("type", "prevent"),
                ("priority", "P1"),
                ("owner", &owner_id.to_string()),
                ("due_date", &due.date_naive().to_string()),
            ],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
}

/// Writes and publishes a review; returns its id.
async fn publish_review(app: &TestApp, owner: &Browser, incident: i64) -> i64 {
    let created = owner
        .post_form(&format!("/teams/ops/incidents/{incident}/reviews"), &[])
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let id = app.count("SELECT MAX(id) FROM review").await;
    save(
        owner,
        id,
        "DNS answers were slow for two hours. We added capacity.",
    )
    .await;
    let published = owner
        .post_form(&format!("/teams/ops/reviews/{id}/publish"), &[])
        .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    id
}

async fn save(owner: &Browser, review: i64, body: &str) {
    let saved = owner
        .post_form(
            &format!("/teams/ops/reviews/{review}"),
            &[("title", "Slow DNS answers"), ("body_markdown", body)],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
}

async fn correct_review(owner: &Browser, review: i64, note: &str) {
    save(
        owner,
        review,
        "DNS answers were slow for three hours. We added capacity.",
    )
    .await;
    let published = owner
        .post_form(
            &format!("/teams/ops/reviews/{review}/publish"),
            &[("change_note", note)],
        )
        .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
}

/// The path and query of a link in an email (which points at `PUBLIC_URL`).
fn path_of(link: &str) -> String {
    link.strip_prefix(PUBLIC_URL)
        .unwrap_or_else(|| panic!("{link} is not on {PUBLIC_URL}"))
        .to_owned()
}

/// A reader's browser: no cookies kept from the app, nothing signed in.
fn reader(app: &TestApp) -> Browser {
    app.client()
}

async fn subscribe(app: &TestApp, address: &str) -> (StatusCode, String) {
    let response = reader(app)
        .post_form_raw("/reviews/subscribe", &[("email", address)])
        .await;
    (response.status(), response.text().await.unwrap())
}

/// The confirmation email's link for `address`, among what the receiver has.
fn confirmation_link(smtp: &SmtpReceiver, address: &str) -> String {
    let email = smtp
        .messages_to(address)
        .into_iter()
        .rev()
        .find(|m| m.subject().starts_with("Confirm your subscription"))
        .unwrap_or_else(|| panic!("no confirmation email to {address}: {:?}", smtp.messages()));
    path_of(
        &email
            .link(&format!("{PUBLIC_URL}/reviews/subscribe/confirm?token="))
            .expect("a confirmation link"),
    )
}

/// Subscribes `address` and confirms it as the reader would.
async fn subscribe_and_confirm(app: &TestApp, smtp: &SmtpReceiver, address: &str) {
    let before = smtp.messages().len();
    assert_eq!(subscribe(app, address).await.0, StatusCode::OK);
    smtp.wait_for(before + 1).await;
    let link = confirmation_link(smtp, address);
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let confirmed = reader(app)
        .post_form_raw("/reviews/subscribe/confirm", &[("token", &token)])
        .await;
    assert_eq!(confirmed.status(), StatusCode::OK);
}

/// Waits until the outbox has nothing left to send (or 10 s).
async fn outbox_settled(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while app
        .count("SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NULL")
        .await
        > 0
    {
        if Instant::now() > deadline {
            let rows: Vec<(String, i64, Option<String>)> = sqlx::query_as(
                "SELECT kind, attempts, last_error FROM email_outbox WHERE sent_at IS NULL",
            )
            .fetch_all(app.db.pool())
            .await
            .unwrap();
            panic!("the outbox never emptied: {rows:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A little longer, in case anything would (wrongly) go out twice.
    tokio::time::sleep(Duration::from_millis(200)).await;
}

fn review_emails(messages: &[Received]) -> Vec<&Received> {
    messages
        .iter()
        .filter(|m| {
            let subject = m.subject();
            subject.starts_with("Incident review:")
                || subject.starts_with("Corrected incident review:")
        })
        .collect()
}

#[tokio::test]
async fn only_confirmed_readers_hear_of_a_publication_and_its_correction_once_each() {
    let smtp = SmtpReceiver::start().await;
    let app = spawn_with(fast_email(&smtp.url())).await;
    let (owner, incident) = team_with_owner(&app).await;

    subscribe_and_confirm(&app, &smtp, "ana@example.net").await;
    // Bo asks but never confirms: a pending address gets nothing but the confirmation.
    assert_eq!(subscribe(&app, "bo@example.net").await.0, StatusCode::OK);
    smtp.wait_for(2).await;

    let review = publish_review(&app, &owner, incident).await;
    outbox_settled(&app).await;
    let to_ana = smtp.messages_to("ana@example.net");
    let published = review_emails(&to_ana);
    assert_eq!(published.len(), 1, "one email for the publication");
    let email = published[0];
    assert_eq!(email.subject(), "Incident review: Slow DNS answers");
    assert_eq!(email.mail_from, "status@example.com");
    let body = email.body();
    assert!(
        body.contains("DNS answers were slow for two hours"),
        "{body}"
    );
    let (_, slug): (i64, String) = sqlx::query_as("SELECT id, slug FROM review WHERE id = $1")
        .bind(review)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(
        body.contains(&format!("{PUBLIC_URL}/reviews/{slug}")),
        "{body}"
    );
    // RFC 8058 one-click unsubscribe, and the same link in the text.
    let header = email.header("List-Unsubscribe").expect("List-Unsubscribe");
    assert!(
        header.starts_with(&format!("<{PUBLIC_URL}/reviews/unsubscribe?token=")),
        "{header}"
    );
    assert_eq!(
        email.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(body.contains(header.trim_matches(['<', '>'])), "{body}");
    assert_eq!(smtp.messages_to("bo@example.net").len(), 1, "bo is pending");

    correct_review(&owner, review, "The impact lasted three hours, not two.").await;
    outbox_settled(&app).await;
    let to_ana = smtp.messages_to("ana@example.net");
    let emails = review_emails(&to_ana);
    assert_eq!(emails.len(), 2, "one more for the correction");
    assert_eq!(
        emails[1].subject(),
        "Corrected incident review: Slow DNS answers"
    );
    assert!(
        emails[1]
            .body()
            .contains("What changed: The impact lasted three hours, not two."),
        "{}",
        emails[1].body()
    );
    assert_ne!(
        emails[0].header("List-Unsubscribe"),
        emails[1].header("List-Unsubscribe"),
        "each email has its own unsubscribe token"
    );

    // A retraction is not announced.
    let retracted = owner
        .post_form(
            &format!("/teams/ops/reviews/{review}/retract"),
            &[("reason", "Published for the wrong incident.")],
        )
        .await;
    assert_eq!(retracted.status(), StatusCode::SEE_OTHER);
    outbox_settled(&app).await;
    assert_eq!(smtp.messages_to("ana@example.net").len(), 3);
    assert_eq!(smtp.messages_to("bo@example.net").len(), 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM email_outbox WHERE kind = 'review' AND attempts = 1 AND sent_at IS NOT NULL")
            .await,
        2
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NOT NULL AND (body_text <> '' OR list_unsubscribe IS NOT NULL)")
            .await,
        0,
        "sent emails keep no working unsubscribe link"
    );
}

#[tokio::test]
async fn opening_the_confirmation_link_shows_a_button_and_only_pressing_it_confirms() {
    let smtp = SmtpReceiver::start().await;
    let app = spawn_with(fast_email(&smtp.url())).await;
    assert_eq!(subscribe(&app, "ana@example.net").await.0, StatusCode::OK);
    smtp.wait_for(1).await;
    let link = confirmation_link(&smtp, "ana@example.net");
    let confirmed =
        || app.count("SELECT COUNT(*) FROM email_subscriber WHERE confirmed_at IS NOT NULL");

    // Mail scanners open links: a GET must change nothing.
    for _ in 0..2 {
        let (status, page) = reader(&app).get_text(&link).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(texts(&page, "form button"), ["Confirm my subscription"]);
        assert!(!page.contains("ana@example.net"));
    }
    assert_eq!(confirmed().await, 0);

    let token = link.split("token=").nth(1).unwrap();
    let pressed = reader(&app)
        .post_form_raw("/reviews/subscribe/confirm", &[("token", token)])
        .await;
    assert_eq!(pressed.status(), StatusCode::OK);
    assert!(pressed.text().await.unwrap().contains("You are subscribed"));
    assert_eq!(confirmed().await, 1);

    // The link is used up, and a made-up one never worked.
    let again = reader(&app)
        .post_form_raw("/reviews/subscribe/confirm", &[("token", token)])
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let (status, page) = reader(&app)
        .get_text("/reviews/subscribe/confirm?token=made-up")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("This link does not work"), "{page}");
    let actions: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, detail FROM audit_event WHERE object_type = 'email_subscriber' ORDER BY id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert_eq!(
        actions
            .iter()
            .map(|(action, _)| action.as_str())
            .collect::<Vec<_>>(),
        ["email_subscriber.requested", "email_subscriber.confirmed"]
    );
    assert!(
        actions.iter().all(|(_, detail)| !detail.contains('@')),
        "no address in the audit trail: {actions:?}"
    );
}

#[tokio::test]
async fn one_click_unsubscribe_needs_no_session_or_csrf_token_and_stops_the_emails() {
    let smtp = SmtpReceiver::start().await;
    let app = spawn_with(fast_email(&smtp.url())).await;
    let (owner, incident) = team_with_owner(&app).await;
    subscribe_and_confirm(&app, &smtp, "ana@example.net").await;
    let review = publish_review(&app, &owner, incident).await;
    outbox_settled(&app).await;
    let to_ana = smtp.messages_to("ana@example.net");
    let email = review_emails(&to_ana)[0];
    let link = email
        .header("List-Unsubscribe")
        .unwrap()
        .trim_matches(['<', '>'])
        .to_owned();

    // The page behind the link asks first…
    let (status, page) = reader(&app).get_text(&path_of(&link)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&page, "form button"), ["Unsubscribe"]);
    assert!(!page.contains("ana@example.net"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM email_subscriber WHERE unsubscribed_at IS NOT NULL")
            .await,
        0
    );
    // …and a mail client's one-click POST (no cookie, no CSRF token) acts at once.
    let one_click = reqwest::Client::new()
        .post(app.url(&path_of(&link)))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(one_click.status(), StatusCode::OK);
    assert!(
        one_click
            .text()
            .await
            .unwrap()
            .contains("You are unsubscribed")
    );
    let twice = reqwest::Client::new()
        .post(app.url(&path_of(&link)))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(
        twice.status(),
        StatusCode::OK,
        "using the link again is fine"
    );

    correct_review(&owner, review, "The impact lasted three hours, not two.").await;
    outbox_settled(&app).await;
    assert_eq!(
        review_emails(&smtp.messages_to("ana@example.net")).len(),
        1,
        "nothing after unsubscribing"
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_event WHERE action = 'email_subscriber.unsubscribed'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn the_subscribe_answer_is_the_same_for_every_address_and_shows_none() {
    let smtp = SmtpReceiver::start().await;
    let app = spawn_with(fast_email(&smtp.url())).await;
    subscribe_and_confirm(&app, &smtp, "known@example.net").await;

    let (status, form) = reader(&app).get_text("/reviews/subscribe").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&form, "form button"), ["Subscribe"]);
    let (new_status, new_answer) = subscribe(&app, "new@example.net").await;
    let (known_status, known_answer) = subscribe(&app, "known@example.net").await;
    let (again_status, again_answer) = subscribe(&app, "new@example.net").await;
    assert_eq!(
        (new_status, known_status, again_status),
        (StatusCode::OK, StatusCode::OK, StatusCode::OK)
    );
    assert_eq!(new_answer, known_answer, "a known address answers the same");
    assert_eq!(new_answer, again_answer);
    for (page, address) in [
        (&new_answer, "new@example.net"),
        (&known_answer, "known@example.net"),
    ] {
        assert!(!page.contains(address), "the answer shows {address}");
        assert!(page.contains("Check your inbox"));
    }

    // Asking again within the hour sends nothing more: nobody floods an inbox through us.
    for _ in 0..3 {
        subscribe(&app, "new@example.net").await;
    }
    outbox_settled(&app).await;
    assert_eq!(smtp.messages_to("new@example.net").len(), 1);
    assert_eq!(
        smtp.messages_to("known@example.net").len(),
        1,
        "a subscribed address gets no new confirmation"
    );

    // Bad input: a clear 422 beside the field, never a server error.
    let (status, page) = subscribe(&app, "not an address").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&page, ".field-error"),
        ["Enter an email address such as ana@example.com."]
    );
    let long = format!("{}@example.net", "a".repeat(300));
    let (status, page) = subscribe(&app, &long).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("at most 254 characters"), "{page}");
    let (status, _) = subscribe(&app, "nul\0@example.net").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM email_subscriber").await,
        2,
        "nothing stored for bad input"
    );

    // No page of the app shows a reader's address: not the public pages, not the admin's.
    let admin = app.sign_in_as_admin().await;
    for path in [
        "/reviews",
        "/reviews/subscribe",
        "/admin/site",
        "/admin/audit",
    ] {
        let (_, page) = admin.get_text(path).await;
        assert!(
            !page.contains("@example.net"),
            "{path} shows a reader's address"
        );
    }
}

#[tokio::test]
async fn an_owner_is_emailed_once_per_reminder_in_their_language() {
    let smtp = SmtpReceiver::start().await;
    let app = spawn_with(fast_email(&smtp.url())).await;
    let (owner, incident) = team_with_owner(&app).await;
    let olga = app
        .count("SELECT id FROM app_user WHERE email = 'olga@example.com'")
        .await;
    sqlx::query("UPDATE app_user SET language = 'ko' WHERE id = $1")
        .bind(olga)
        .execute(app.db.pool())
        .await
        .unwrap();
    let now = chrono::Utc::now();
    add_item_owned_by(&owner, incident, olga, now + chrono::Duration::days(5)).await;
    let mail = app.state.mail.as_ref().expect("email is on");
    let remind = |at| hindsight::actions::reminders::email_reminders(&app.db, mail, at);

    assert_eq!(remind(now).await.unwrap(), 0, "not due yet");
    let soon = now + chrono::Duration::days(4);
    assert_eq!(remind(soon).await.unwrap(), 1);
    assert_eq!(remind(soon).await.unwrap(), 0, "never twice");
    let after = now + chrono::Duration::days(6);
    assert_eq!(remind(after).await.unwrap(), 1);
    assert_eq!(remind(after).await.unwrap(), 0, "never twice");
    outbox_settled(&app).await;

    let emails = smtp.messages_to("olga@example.com");
    assert_eq!(
        emails.len(),
        2,
        "{:?}",
        emails.iter().map(Received::subject).collect::<Vec<_>>()
    );
    assert_eq!(emails[0].subject(), "마감 임박: Patch the resolver");
    assert_eq!(emails[1].subject(), "마감일 지남: Patch the resolver");
    let body = emails[0].body();
    let id = app.count("SELECT MAX(id) FROM action_item").await;
    assert!(
        body.contains(&format!("{PUBLIC_URL}/teams/ops/actions/{id}")),
        "{body}"
    );
    assert!(body.contains("담당하신 후속 조치"), "{body}");
    assert!(
        emails[0].header("List-Unsubscribe").is_none(),
        "reminders are not a mailing list"
    );
}

#[tokio::test]
async fn a_mail_server_that_refuses_at_first_gets_the_email_on_a_later_attempt() {
    let smtp = SmtpReceiver::start().await;
    smtp.refuse_next(2);
    let app = spawn_with(fast_email(&smtp.url())).await;
    assert_eq!(subscribe(&app, "ana@example.net").await.0, StatusCode::OK);
    let messages = smtp.wait_for(1).await;
    assert_eq!(smtp.refused(), 2);
    assert_eq!(messages[0].rcpt_to, ["ana@example.net"]);
    outbox_settled(&app).await;
    let (attempts, last_error, sent): (i64, Option<String>, Option<i64>) =
        sqlx::query_as("SELECT attempts, last_error, sent_at FROM email_outbox")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(attempts, 3, "two refusals, then delivered");
    assert!(sent.is_some());
    assert_eq!(last_error, None);
    assert_eq!(smtp.messages().len(), 1, "delivered once");

    let (_, metrics) = app.client().get_text("/metrics").await;
    assert!(
        metrics.contains("hindsight_emails_total{outcome=\"sent\"}")
            && metrics.contains("hindsight_emails_total{outcome=\"failed\"}"),
        "{metrics}"
    );
}

#[tokio::test]
async fn an_unreachable_mail_server_never_holds_up_a_request() {
    // A port nobody listens on: connections are refused.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let app = spawn_with(fast_email(&format!("smtp://127.0.0.1:{port}"))).await;
    let (owner, incident) = team_with_owner(&app).await;
    // A confirmed reader (their confirmation could never have arrived).
    let now = hindsight::db::now_ms();
    sqlx::query(
        "INSERT INTO email_subscriber (address, language, requested_at, requested_by, confirmed_at, created_at)
         VALUES ('ana@example.net', 'en', $1, 'test', $1, $1)",
    )
    .bind(now)
    .execute(app.db.pool())
    .await
    .unwrap();

    let started = Instant::now();
    publish_review(&app, &owner, incident).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "publishing took {:?}",
        started.elapsed()
    );
    let (status, _) = subscribe(&app, "bo@example.net").await;
    assert_eq!(status, StatusCode::OK);

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let failed = app
            .count("SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NULL AND attempts >= 1 AND last_error IS NOT NULL")
            .await;
        if failed == 2 {
            break;
        }
        assert!(Instant::now() < deadline, "the failures were not recorded");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (last_error,): (String,) =
        sqlx::query_as("SELECT last_error FROM email_outbox WHERE kind = 'review'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert!(last_error.contains("mail server"), "{last_error}");
}

#[tokio::test]
async fn a_mail_server_that_never_answers_never_holds_up_a_request() {
    // Accepts connections and then says nothing, ever.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = silent.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            held.push(stream);
        }
    });
    let mut email = fast_email(&format!("smtp://{address}"));
    email.send_timeout = Duration::from_secs(120);
    let app = spawn_with(email).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let answered = client
        .post(app.url("/reviews/subscribe"))
        .form(&[("email", "ana@example.net")])
        .send()
        .await
        .expect("answered while the mail server hangs");
    assert_eq!(answered.status(), StatusCode::OK);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NULL")
            .await,
        1,
        "still queued"
    );
}

#[tokio::test]
async fn without_smtp_settings_there_is_no_email_anywhere() {
    let app = spawn_app().await;
    assert!(app.state.mail.is_none());
    let (owner, incident) = team_with_owner(&app).await;
    for path in [
        "/reviews/subscribe",
        "/reviews/subscribe/confirm?token=x",
        "/reviews/unsubscribe?token=x",
    ] {
        assert_eq!(
            reader(&app).get(path).await.status(),
            StatusCode::NOT_FOUND,
            "GET {path}"
        );
    }
    assert_eq!(
        subscribe(&app, "ana@example.net").await.0,
        StatusCode::NOT_FOUND
    );
    let one_click = reader(&app)
        .post_form_raw("/reviews/unsubscribe?token=x", &[])
        .await;
    assert_eq!(one_click.status(), StatusCode::NOT_FOUND);
    publish_review(&app, &owner, incident).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM email_outbox").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM email_subscriber").await, 0);
    let (_, index) = reader(&app).get_text("/reviews").await;
    assert!(!index.contains("/reviews/subscribe"), "{index}");
}

#[test]
fn serve_refuses_email_settings_it_cannot_use() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_hindsight"))
            .arg("serve")
            .args(args)
            .env_remove("HINDSIGHT_SMTP_URL")
            .env_remove("HINDSIGHT_MAIL_FROM")
            .env_remove("HINDSIGHT_PUBLIC_URL")
            .output()
            .expect("run hindsight")
    };
    let without_from = run(&["--smtp-url", "smtp://127.0.0.1:2525"]);
    assert!(!without_from.status.success());
    let stderr = String::from_utf8_lossy(&without_from.stderr);
    assert!(stderr.contains("--mail-from"), "{stderr}");
    let bad_url = run(&[
        "--smtp-url",
        "gopher://mail.example.com",
        "--mail-from",
        "status@example.com",
        "--public-url",
        "https://status.example.com",
    ]);
    assert!(!bad_url.status.success());
    let stderr = String::from_utf8_lossy(&bad_url.stderr);
    assert!(stderr.contains("not a usable SMTP address"), "{stderr}");
    let bad_from = run(&[
        "--smtp-url",
        "smtp://127.0.0.1:2525",
        "--mail-from",
        "not an address",
        "--public-url",
        "https://status.example.com",
    ]);
    assert!(!bad_from.status.success());
    let stderr = String::from_utf8_lossy(&bad_from.stderr);
    assert!(stderr.contains("is not an email address"), "{stderr}");
}

#[tokio::test]
async fn one_client_may_ask_for_ten_addresses_an_hour_and_is_then_refused_for_any() {
    let smtp = SmtpReceiver::start().await;
    let app = spawn_with(fast_email(&smtp.url())).await;
    for n in 0..10 {
        let (status, _) = subscribe(&app, &format!("reader{n}@example.net")).await;
        assert_eq!(status, StatusCode::OK);
    }
    // Refused alike for a new address and one asked for already, so the refusal tells
    // nothing about either.
    for address in ["reader10@example.net", "reader0@example.net"] {
        let (status, page) = subscribe(&app, address).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{address}");
        assert!(page.contains("try again in an hour"), "{page}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM email_subscriber").await, 10);
}

#[tokio::test]
async fn a_reader_gets_emails_in_the_language_they_subscribed_in() {
    let smtp = SmtpReceiver::start().await;
    let app = spawn_with(fast_email(&smtp.url())).await;
    let (owner, incident) = team_with_owner(&app).await;
    let korean = reqwest::Client::new()
        .post(app.url("/reviews/subscribe"))
        .header("accept-language", "ko-KR,ko;q=0.9")
        .form(&[("email", "minji@example.net")])
        .send()
        .await
        .unwrap();
    assert_eq!(korean.status(), StatusCode::OK);
    assert!(
        korean
            .text()
            .await
            .unwrap()
            .contains("받은편지함을 확인해 주십시오")
    );
    let confirmation = smtp.wait_for(1).await.remove(0);
    // The default site name is the app's own wording, so it is translated too.
    assert_eq!(confirmation.subject(), "장애 보고서 구독을 확인해 주십시오");
    let token = confirmation
        .link(&format!("{PUBLIC_URL}/reviews/subscribe/confirm?token="))
        .unwrap()
        .split("token=")
        .nth(1)
        .unwrap()
        .to_owned();
    let confirmed = reader(&app)
        .post_form_raw("/reviews/subscribe/confirm", &[("token", &token)])
        .await;
    assert_eq!(confirmed.status(), StatusCode::OK);

    publish_review(&app, &owner, incident).await;
    let emails = smtp.wait_for(2).await;
    assert_eq!(emails[1].subject(), "장애 보고서: Slow DNS answers");
    assert!(
        emails[1].body().contains("구독 해지: "),
        "{}",
        emails[1].body()
    );
}

#[tokio::test]
async fn the_public_site_links_to_the_form_and_administrators_see_only_a_count() {
    let smtp = SmtpReceiver::start().await;
    let app = spawn_with(fast_email(&smtp.url())).await;
    let (owner, incident) = team_with_owner(&app).await;
    let review = publish_review(&app, &owner, incident).await;
    let slug: (String,) = sqlx::query_as("SELECT slug FROM review WHERE id = $1")
        .bind(review)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    for path in ["/reviews".to_owned(), format!("/reviews/{}", slug.0)] {
        let (status, page) = reader(&app).get_text(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(
            crate::common::texts(&page, "footer a[href='/reviews/subscribe']"),
            ["Get new reviews by email"],
            "{path}"
        );
    }

    subscribe_and_confirm(&app, &smtp, "ana@example.net").await;
    subscribe(&app, "pending@example.net").await;
    let admin = app.sign_in_as_admin().await;
    let (_, settings) = admin.get_text("/admin/site").await;
    assert!(
        settings.contains("One reader gets new reviews by email."),
        "{settings}"
    );
    assert!(!settings.contains("@example.net"));
}

/// The announcement is written in the publishing transaction: a process that stops right
/// after publishing (before its sender runs) loses nothing, and whichever instance's
/// sender runs next announces it, once.
#[tokio::test]
async fn a_publication_is_announced_even_if_its_process_stops_right_after() {
    let smtp = SmtpReceiver::start().await;
    // This instance's sender wakes only when told to: it stands for a process that
    // committed the publication and stopped before telling it.
    let mut stalled = fast_email(&smtp.url());
    stalled.poll_interval = Duration::from_secs(3600);
    let first = spawn_with(stalled).await;
    let (owner, incident) = team_with_owner(&first).await;
    subscribe_and_confirm(&first, &smtp, "ana@example.net").await;
    let created = owner
        .post_form(&format!("/teams/ops/incidents/{incident}/reviews"), &[])
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let id = first.count("SELECT MAX(id) FROM review").await;
    save(
        &owner,
        id,
        "DNS answers were slow for two hours. We added capacity.",
    )
    .await;
    let (team,): (i64,) = sqlx::query_as("SELECT team_id FROM review WHERE id = $1")
        .bind(id)
        .fetch_one(first.db.pool())
        .await
        .unwrap();
    let review = hindsight::reviews::find_review(first.db.pool(), TeamId(team), id)
        .await
        .unwrap()
        .expect("the draft");
    let author = review.author_id.expect("an author");
    hindsight::reviews::publish_review(&first.db, UserId(author), &review, "", true)
        .await
        .expect("published");
    assert_eq!(
        first.count("SELECT COUNT(*) FROM email_announcement").await,
        1
    );
    assert_eq!(
        first
            .count("SELECT COUNT(*) FROM email_outbox WHERE kind = 'review'")
            .await,
        0
    );

    let second = spawn_app_on(
        Some(first.db_url.clone()),
        Settings {
            public_url: Some(PUBLIC_URL.into()),
            email: Some(fast_email(&smtp.url())),
            ..Settings::default()
        },
    )
    .await;
    let received = smtp.wait_for(2).await;
    outbox_settled(&second).await;
    let announcements: Vec<_> = received
        .iter()
        .filter(|m| !m.subject().starts_with("Confirm your subscription"))
        .collect();
    assert_eq!(announcements.len(), 1, "{received:?}");
    assert_eq!(announcements[0].rcpt_to, ["ana@example.net"]);
    assert_eq!(
        second
            .count("SELECT COUNT(*) FROM email_announcement")
            .await,
        0
    );
    assert_eq!(smtp.messages().len(), 2, "announced once");
}

#[tokio::test]
async fn an_owner_can_turn_reminder_emails_off_and_on_again() {
    let smtp = SmtpReceiver::start().await;
    let app = spawn_with(fast_email(&smtp.url())).await;
    let (owner, incident) = team_with_owner(&app).await;
    let olga = app
        .count("SELECT id FROM app_user WHERE email = 'olga@example.com'")
        .await;
    let now = chrono::Utc::now();
    add_item_owned_by(&owner, incident, olga, now + chrono::Duration::days(1)).await;
    let (_, account) = owner.get_text("/account").await;
    assert_eq!(
        texts(&account, "input[name=email_reminders][checked]").len(),
        1
    );
    assert!(account.contains(r#"value="on" checked"#), "on by default");

    let refused = owner
        .post_form("/account/email-reminders", &[("email_reminders", "maybe")])
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let off = owner
        .post_form("/account/email-reminders", &[("email_reminders", "off")])
        .await;
    assert_eq!(off.status(), StatusCode::SEE_OTHER);
    let mail = app.state.mail.as_ref().expect("email is on");
    let remind = || hindsight::actions::reminders::email_reminders(&app.db, mail, now);
    assert_eq!(remind().await.unwrap(), 0, "turned off");

    let on = owner
        .post_form("/account/email-reminders", &[("email_reminders", "on")])
        .await;
    assert_eq!(on.status(), StatusCode::SEE_OTHER);
    assert_eq!(remind().await.unwrap(), 1);
    outbox_settled(&app).await;
    let body = smtp.messages_to("olga@example.com")[0].body();
    assert!(body.contains(&format!("{PUBLIC_URL}/account")), "{body}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'user.email_reminders_changed'")
            .await,
        2
    );

    // Without email there is nothing to choose.
    let quiet = spawn_app().await;
    let (quiet_owner, _) = team_with_owner(&quiet).await;
    let (_, page) = quiet_owner.get_text("/account").await;
    assert!(!page.contains("email_reminders"));
    assert_eq!(
        quiet_owner
            .post_form("/account/email-reminders", &[("email_reminders", "off")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}
