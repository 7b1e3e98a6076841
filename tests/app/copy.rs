//! `hindsight copy-data`: everything an instance serves is the same after a move.

use std::process::Command;

use hindsight::accounts::teams::TeamRole;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, fresh_postgres_database, postgres_server, spawn_app, spawn_app_on};

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");

async fn api(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, String) {
    let mut request = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("API call");
    (response.status(), response.text().await.expect("body"))
}

fn copy_data(from: &str, to: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(["copy-data", "--from", from, "--to", to])
        .output()
        .expect("run copy-data")
}

#[tokio::test]
async fn every_api_answer_is_the_same_after_copying_to_a_new_database() {
    // The source is SQLite (as when moving to PostgreSQL), whatever the suite runs on.
    let source_dir = tempfile::tempdir().unwrap();
    let source_url = format!("sqlite://{}", source_dir.path().join("old.db").display());
    let app = spawn_app_on(Some(source_url.clone()), Default::default()).await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let (owner, token) = app
        .sign_in_with_token(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    app.sign_in_as(&ops, "ben@example.com", TeamRole::Member)
        .await;
    use reqwest::Method;

    // A bit of everything: a retro with cards, action items with history, a published
    // review with reader feedback, webhooks, site settings, audit events.
    let (_, retro) = api(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/incidents/{incident}/retros"),
        Some(json!({})),
    )
    .await;
    let retro: Value = serde_json::from_str(&retro).unwrap();
    let retro = retro["id"].as_i64().unwrap();
    for phase in ["timeline", "reflect"] {
        api(
            &app,
            &token,
            Method::POST,
            &format!("/api/v1/retros/{retro}/phase"),
            Some(json!({"phase": phase})),
        )
        .await;
    }
    let (_, state) = api(
        &app,
        &token,
        Method::GET,
        &format!("/api/v1/retros/{retro}"),
        None,
    )
    .await;
    let prompt = serde_json::from_str::<Value>(&state).unwrap()["prompts"][0]["id"]
        .as_i64()
        .unwrap();
    for text in [
        "The resolver cache hid the outage for a while",
        "Paging worked: 3 minutes to acknowledge",
    ] {
        let (status, _) = api(
            &app,
            &token,
            Method::POST,
            &format!("/api/v1/retros/{retro}/cards"),
            Some(json!({"prompt_id": prompt, "text": text})),
        )
        .await;
        assert!(status.is_success());
    }
    let (_, action) = api(&app, &token, Method::POST, "/api/v1/actions",
        Some(json!({"incident_id": incident, "title": "Second DNS provider", "type": "prevent", "priority": "P1", "owner_email": "ben@example.com", "due_date": "2027-02-01"}))).await;
    let action = serde_json::from_str::<Value>(&action).unwrap()["id"]
        .as_i64()
        .unwrap();
    api(
        &app,
        &token,
        Method::PATCH,
        &format!("/api/v1/actions/{action}"),
        Some(json!({"status": "in_progress", "is_public": true})),
    )
    .await;
    owner.post_form("/teams/ops/review-settings", &[]).await;
    owner
        .post_form(
            "/teams/ops/webhook",
            &[
                ("webhook_url", "https://hooks.example/x"),
                ("webhook_format", "slack"),
            ],
        )
        .await;
    let (_, review) = api(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/incidents/{incident}/reviews"),
        Some(json!({})),
    )
    .await;
    let review = serde_json::from_str::<Value>(&review).unwrap()["id"]
        .as_i64()
        .unwrap();
    let (_, published) = api(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/reviews/{review}/publish"),
        Some(json!({})),
    )
    .await;
    let slug = serde_json::from_str::<Value>(&published).unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    reqwest::Client::new()
        .post(app.url(&format!("/reviews/{slug}/feedback")))
        .form(&[("clear", "yes"), ("comment", "Clear, thanks")])
        .send()
        .await
        .unwrap();

    let paths = [
        "/api/v1/incidents".to_owned(),
        format!("/api/v1/incidents/{incident}"),
        format!("/api/v1/incidents/{incident}/timeline"),
        format!("/api/v1/retros/{retro}"),
        "/api/v1/actions".to_owned(),
        format!("/api/v1/actions/{action}"),
        format!("/api/v1/actions/{action}/history"),
        "/api/v1/actions?format=csv".to_owned(),
        format!("/api/v1/reviews/{review}"),
        "/api/v1/public/reviews".to_owned(),
        format!("/api/v1/public/reviews/{slug}"),
    ];
    let mut before = Vec::new();
    for path in &paths {
        let (status, body) = api(&app, &token, Method::GET, path, None).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        before.push(body);
    }
    let audit_before = app.count("SELECT COUNT(*) FROM audit_event").await;
    app.db.close().await;

    let target_dir = tempfile::tempdir().unwrap();
    let target_url = match postgres_server() {
        Some(server) => fresh_postgres_database(&server).await,
        None => format!("sqlite://{}", target_dir.path().join("new.db").display()),
    };
    let output = copy_data(&source_url, &target_url);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "copy-data failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("the counts match"), "{stdout}");
    assert!(stdout.contains("action_item_history: "), "{stdout}");

    let moved = spawn_app_on(Some(target_url.clone()), Default::default()).await;
    for (path, old) in paths.iter().zip(&before) {
        let (status, new) = api(&moved, &token, Method::GET, path, None).await;
        assert_eq!(status, StatusCode::OK, "{path} after the copy: {new}");
        assert_eq!(&new, old, "{path} differs after the copy");
    }
    assert_eq!(
        moved.count("SELECT COUNT(*) FROM audit_event").await,
        audit_before
    );
    assert_eq!(
        moved.count("SELECT COUNT(*) FROM session").await,
        0,
        "sessions stay behind"
    );
    // New rows get new ids after the copied ones (PostgreSQL's sequences moved on).
    let (status, _) = api(&moved, &token, Method::POST, "/api/v1/actions",
        Some(json!({"incident_id": incident, "title": "After the move", "type": "detect", "priority": "P3"}))).await;
    assert_eq!(status, StatusCode::CREATED);

    let again = copy_data(&source_url, &target_url);
    assert!(
        !again.status.success(),
        "a second copy into the same database is refused"
    );
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already has data"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[tokio::test]
async fn the_copy_covers_every_table_of_the_schema() {
    let app = spawn_app().await;
    let query = match app.db.backend() {
        hindsight::db::Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'"
        }
        hindsight::db::Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'"
        }
    };
    let tables: Vec<(String,)> = sqlx::query_as(query)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    let mut missing: Vec<&str> = tables
        .iter()
        .map(|(name,)| name.as_str())
        .filter(|name| {
            !hindsight::copy::COPIED_TABLES.contains(name)
                && !hindsight::copy::SKIPPED_TABLES.contains(name)
        })
        .collect();
    missing.sort_unstable();
    assert!(
        missing.is_empty(),
        "tables neither copied nor deliberately skipped: {missing:?}"
    );
}
