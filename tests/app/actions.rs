use hindsight::accounts::teams::TeamRole;
use reqwest::StatusCode;

use crate::common::{location, spawn_app, texts};

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");

#[tokio::test]
async fn an_action_item_is_created_changed_and_closed_with_its_history_kept() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    let viewer = app
        .sign_in_as(&ops, "vic@example.com", TeamRole::Viewer)
        .await;
    let mo = app
        .count("SELECT id FROM app_user WHERE email = 'mo@example.com'")
        .await
        .to_string();
    let fields = [
        ("title", "Add upstream scrubbing runbook"),
        ("type", "mitigate"),
        ("owner", mo.as_str()),
        ("priority", "P1"),
        ("due_date", "2026-12-01"),
    ];

    assert_eq!(
        viewer
            .post_form(&format!("/teams/ops/incidents/{incident}/actions"), &fields)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let created = member
        .post_form(&format!("/teams/ops/incidents/{incident}/actions"), &fields)
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let page = location(created.headers()).to_owned();
    let (status, body) = viewer.get_text(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&body, "h1"), ["Add upstream scrubbing runbook"]);
    assert!(
        texts(&body, "main form[method=post]").is_empty(),
        "viewers read only"
    );
    let (_, incident_page) = viewer
        .get_text(&format!("/teams/ops/incidents/{incident}"))
        .await;
    assert!(
        texts(&incident_page, "#actions + ul a")
            .contains(&"Add upstream scrubbing runbook".to_owned())
    );

    let edit = |status: &'static str, reason: &'static str, url: &'static str| {
        vec![
            ("title", "Add upstream scrubbing runbook"),
            ("description", "Covers DNS providers."),
            ("status", status),
            ("reason", reason),
            ("owner", ""),
            ("due_date", "2026-12-01"),
            ("priority", "P1"),
            ("type", "mitigate"),
            ("external_url", url),
        ]
    };
    let no_reason = member.post_form(&page, &edit("wont_do", "", "")).await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(texts(&no_reason.text().await.unwrap(), ".field-error")[0].contains("Say why"));
    let bad_link = member
        .post_form(&page, &edit("open", "", "javascript:alert(1)"))
        .await;
    assert_eq!(bad_link.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        viewer
            .post_form(&page, &edit("done", "", ""))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    let done = member
        .post_form(
            &page,
            &edit("done", "", "https://github.com/acme/dns/issues/12"),
        )
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) FROM action_item WHERE status = 'done' AND closed_at IS NOT NULL AND owner_id IS NULL").await, 1);
    let (_, body) = member.get_text(&page).await;
    let history = texts(&body, "ol.timeline p").join(" | ");
    assert!(
        history.contains("Changed status from Open to Done"),
        "{history}"
    );
    assert!(
        history.contains("Changed owner from mo@example.com to —"),
        "{history}"
    );
    assert!(
        history.contains("Changed link from — to https://github.com/acme/dns/issues/12"),
        "{history}"
    );

    let wont = member
        .post_form(
            &page,
            &edit("wont_do", "Replaced by the provider's managed runbook", ""),
        )
        .await;
    assert_eq!(wont.status(), StatusCode::SEE_OTHER);
    let (_, body) = member.get_text(&page).await;
    assert!(
        body.contains("Replaced by the provider&#39;s managed runbook")
            || body.contains("Replaced by the provider's managed runbook")
    );
    assert!(
        app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'action_item.updated'")
            .await
            >= 2
    );
}

#[tokio::test]
async fn an_owner_must_belong_to_the_team_and_other_teams_items_stay_hidden() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let web = app.create_team("web", "Web").await;
    let incident = app.import(&ops, DYN).await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    let outsider = app
        .sign_in_as(&web, "wes@example.com", TeamRole::Owner)
        .await;
    let wes = app
        .count("SELECT id FROM app_user WHERE email = 'wes@example.com'")
        .await
        .to_string();

    let foreign_owner = member
        .post_form(
            &format!("/teams/ops/incidents/{incident}/actions"),
            &[
                ("title", "x"),
                ("type", "detect"),
                ("owner", &wes),
                ("priority", "P2"),
            ],
        )
        .await;
    assert_eq!(foreign_owner.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let created = member
        .post_form(
            &format!("/teams/ops/incidents/{incident}/actions"),
            &[
                ("title", "Alert on resolver errors"),
                ("type", "detect"),
                ("priority", "P2"),
            ],
        )
        .await;
    let page = location(created.headers()).to_owned();
    let id = page.rsplit('/').next().unwrap();
    assert_eq!(outsider.get(&page).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        outsider
            .get(&format!("/teams/web/actions/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn lists_filter_sort_page_and_export_what_they_show() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let web = app.create_team("web", "Web").await;
    let incident = app.import(&ops, DYN).await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    let mo = app
        .count("SELECT id FROM app_user WHERE email = 'mo@example.com'")
        .await
        .to_string();
    for (title, owner, priority, due) in [
        (
            "Overdue runbook, with a comma",
            mo.as_str(),
            "P1",
            "2020-01-01",
        ),
        ("Future dashboard \"v2\"", mo.as_str(), "P3", "2099-01-01"),
        ("Unowned alert", "", "P2", ""),
    ] {
        let created = member
            .post_form(
                &format!("/teams/ops/incidents/{incident}/actions"),
                &[
                    ("title", title),
                    ("type", "detect"),
                    ("owner", owner),
                    ("priority", priority),
                    ("due_date", due),
                ],
            )
            .await;
        assert_eq!(created.status(), StatusCode::SEE_OTHER);
    }
    // Another team's item never shows up in Mo's lists.
    let other_incident = app
        .import(
            &web,
            b"time,actor,kind,text\n2024-01-01T00:00:00Z,A,note,x\n",
        )
        .await;
    let outsider = app
        .sign_in_as(&web, "wes@example.com", TeamRole::Owner)
        .await;
    outsider
        .post_form(
            &format!("/teams/web/incidents/{other_incident}/actions"),
            &[
                ("title", "Secret web item"),
                ("type", "process"),
                ("priority", "P1"),
            ],
        )
        .await;

    let (_, mine) = member.get_text("/actions").await;
    assert_eq!(texts(&mine, "h1"), ["My open action items"]);
    assert_eq!(
        texts(&mine, "tbody td:first-child"),
        ["Overdue runbook, with a comma", "Future dashboard \"v2\""]
    );
    assert!(texts(&mine, "tbody td.over-target")[0].contains("overdue"));

    let (_, everyone) = member.get_text("/actions?status=open&sort=priority").await;
    assert_eq!(
        texts(&everyone, "tbody td:first-child"),
        [
            "Overdue runbook, with a comma",
            "Unowned alert",
            "Future dashboard \"v2\""
        ]
    );
    let (_, overdue) = member.get_text("/actions?overdue=true").await;
    assert_eq!(
        texts(&overdue, "tbody td:first-child"),
        ["Overdue runbook, with a comma"]
    );
    let (_, p3) = member.get_text("/actions?priority=P3&team=ops").await;
    assert_eq!(
        texts(&p3, "tbody td:first-child"),
        ["Future dashboard \"v2\""]
    );
    let bad = member.get("/actions?due_before=tomorrow").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let csv = member.get("/actions.csv?status=open&sort=due").await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = csv.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let titles: Vec<&str> = rows.iter().map(|r| &r[3]).collect();
    assert_eq!(
        titles,
        [
            "Overdue runbook, with a comma",
            "Future dashboard \"v2\"",
            "Unowned alert"
        ]
    );
    assert_eq!(&rows[0][1], "ops");
    assert!(!body.contains("Secret web item"));
}

#[tokio::test]
async fn the_team_board_groups_items_by_status_and_moves_them() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    let viewer = app
        .sign_in_as(&ops, "vic@example.com", TeamRole::Viewer)
        .await;
    member
        .post_form(
            &format!("/teams/ops/incidents/{incident}/actions"),
            &[
                ("title", "Rotate keys"),
                ("type", "prevent"),
                ("priority", "P1"),
            ],
        )
        .await;
    let id = app.count("SELECT MAX(id) FROM action_item").await;

    let (_, board) = viewer.get_text("/teams/ops/actions").await;
    assert_eq!(texts(&board, "#column-open"), ["Open (1)"]);
    assert!(
        texts(&board, "main form[method=post]").is_empty(),
        "viewers see no forms"
    );
    assert_eq!(
        viewer
            .post_form(
                &format!("/teams/ops/actions/{id}/status"),
                &[("status", "done")]
            )
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    let moved = member
        .post_form(
            &format!("/teams/ops/actions/{id}/status"),
            &[("status", "in_progress")],
        )
        .await;
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    let (_, board) = member.get_text("/teams/ops/actions").await;
    assert_eq!(texts(&board, "#column-in_progress"), ["In progress (1)"]);
    let no_reason = member
        .post_form(
            &format!("/teams/ops/actions/{id}/status"),
            &[("status", "wont_do")],
        )
        .await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_actions_api_creates_changes_lists_and_explains_items() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    app.create_team("web", "Web").await;
    let incident = app.import(&ops, DYN).await;
    let token = |email: &'static str, team: &'static str, role| {
        let app = &app;
        async move {
            let user = app.create_user(email, email, false).await;
            let team = hindsight::accounts::teams::find_team_by_slug(app.db.pool(), team)
                .await
                .unwrap()
                .unwrap();
            app.add_member(&team, email, role).await;
            hindsight::api::tokens::create_token(&app.db, user, "bot")
                .await
                .unwrap()
                .1
        }
    };
    let mo = token("mo@example.com", "ops", TeamRole::Member).await;
    let vic = token("vic@example.com", "ops", TeamRole::Viewer).await;
    let wes = token("wes@example.com", "web", TeamRole::Owner).await;
    let client = reqwest::Client::new();
    let call = |method: reqwest::Method, token: &str, path: &str, body: serde_json::Value| {
        client
            .request(method, app.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    use reqwest::Method;
    use serde_json::{Value, json};

    let body = json!({"incident_id": incident, "title": "Alert on resolver errors", "type": "detect",
                      "owner_email": "mo@example.com", "priority": "P1", "due_date": "2020-01-02",
                      "external_url": "https://github.com/acme/dns/issues/7", "description": "Page at 1% errors."});
    let created = call(Method::POST, &mo, "/api/v1/actions", body.clone())
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let item: Value = created.json().await.unwrap();
    let id = item["id"].as_i64().unwrap();
    assert_eq!(
        (item["owner_name"].as_str(), item["status"].as_str()),
        (Some("mo@example.com"), Some("open"))
    );
    assert_eq!(item["external_url"], "https://github.com/acme/dns/issues/7");

    let mut bad = body.clone();
    bad["owner_email"] = json!("wes@example.com");
    let refused = call(Method::POST, &mo, "/api/v1/actions", bad)
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["error"]["location"],
        "$.owner_email"
    );
    assert_eq!(
        call(Method::POST, &vic, "/api/v1/actions", body.clone())
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(Method::POST, &wes, "/api/v1/actions", body.clone())
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );

    let path = format!("/api/v1/actions/{id}");
    let no_reason = call(Method::PATCH, &mo, &path, json!({"status": "wont_do"}))
        .await
        .unwrap();
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        call(Method::PATCH, &vic, &path, json!({"status": "done"}))
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(Method::GET, &wes, &path, json!({}))
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let unknown = call(Method::PATCH, &mo, &path, json!({"colour": "red"}))
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let done = call(
        Method::PATCH,
        &mo,
        &path,
        json!({"status": "done", "owner_email": null}),
    )
    .await
    .unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    let done: Value = done.json().await.unwrap();
    assert_eq!(
        (done["status"].as_str(), done["owner_name"].is_null()),
        (Some("done"), true)
    );
    assert!(done["closed_at"].is_string());

    let history: Value = call(Method::GET, &vic, &format!("{path}/history"), json!({}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let fields: Vec<&str> = history["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"status") && fields.contains(&"owner_id"),
        "{fields:?}"
    );

    let listed: Value = call(
        Method::GET,
        &vic,
        "/api/v1/actions?status=done&type=detect",
        json!({}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(listed["actions"].as_array().unwrap().len(), 1);
    let none: Value = call(Method::GET, &vic, "/api/v1/actions?status=open", json!({}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(none["actions"], json!([]));
    let csv = call(Method::GET, &vic, "/api/v1/actions?format=csv", json!({}))
        .await
        .unwrap();
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(&rows[0][3], "Alert on resolver errors");
    let outsiders: Value = call(Method::GET, &wes, "/api/v1/actions", json!({}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(outsiders["actions"], json!([]));
}

#[tokio::test]
async fn a_personal_calendar_feed_lists_due_items_until_it_is_revoked() {
    use icalendar::Component;

    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    let mo = app
        .count("SELECT id FROM app_user WHERE email = 'mo@example.com'")
        .await
        .to_string();
    for (title, owner, due) in [
        (
            "Rotate keys; then, test \"failover\"",
            mo.as_str(),
            "2026-12-01",
        ),
        ("Nobody's item", "", "2026-12-02"),
        ("No due date", mo.as_str(), ""),
    ] {
        member
            .post_form(
                &format!("/teams/ops/incidents/{incident}/actions"),
                &[
                    ("title", title),
                    ("type", "prevent"),
                    ("owner", owner),
                    ("priority", "P2"),
                    ("due_date", due),
                ],
            )
            .await;
    }

    let created = member.post_form("/account/calendar", &[]).await;
    assert_eq!(created.status(), StatusCode::OK);
    let url = texts(&created.text().await.unwrap(), "#calendar-url")
        .pop()
        .unwrap();
    let path = url
        .split_once(&app.address.to_string())
        .unwrap()
        .1
        .to_owned();
    let stored = app.count("SELECT COUNT(*) FROM calendar_feed").await;
    assert_eq!(stored, 1);

    let feed = app.client().get(&path).await;
    assert_eq!(
        feed.status(),
        StatusCode::OK,
        "no session needed: the address is the key"
    );
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let text = feed.text().await.unwrap();
    assert!(text.contains("\r\n"), "RFC 5545 lines end in CRLF");
    let calendar: icalendar::Calendar = text.parse().unwrap();
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 1, "only Mo's open items with a due date");
    assert_eq!(
        events[0].get_summary(),
        Some("Due (P2): Rotate keys; then, test \"failover\"")
    );
    assert!(events[0].get_uid().unwrap().starts_with("action-"));

    let again = member.post_form("/account/calendar", &[]).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(
        app.client().get(&path).await.status(),
        StatusCode::NOT_FOUND,
        "a new address revokes the old"
    );
    member.post_form("/account/calendar/revoke", &[]).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM calendar_feed").await, 0);
    assert_eq!(
        app.client().get("/calendar/guess.ics").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_dashboard_counts_follow_through() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let web = app.create_team("web", "Web").await;
    let incident = app.import(&ops, DYN).await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    for (title, kind, priority, due) in [
        ("Old overdue item", "prevent", "P1", "2020-01-01"),
        ("Done fast", "detect", "P2", ""),
        ("Done slow", "detect", "P2", ""),
        ("Still open", "process", "P3", "2099-01-01"),
    ] {
        member
            .post_form(
                &format!("/teams/ops/incidents/{incident}/actions"),
                &[
                    ("title", title),
                    ("type", kind),
                    ("priority", priority),
                    ("due_date", due),
                ],
            )
            .await;
    }
    // Closed 2 and 6 days after they were opened, within the last month.
    let now = chrono::Utc::now().timestamp_millis();
    let day = 86_400_000i64;
    for (title, days) in [("Done fast", 2), ("Done slow", 6)] {
        sqlx::query("UPDATE action_item SET status = 'done', created_at = $1, closed_at = $2 WHERE title = $3")
            .bind(now - (days + 1) * day)
            .bind(now - day)
            .bind(title)
            .execute(app.db.pool())
            .await
            .unwrap();
    }
    sqlx::query("UPDATE action_item SET created_at = $1 WHERE title = 'Old overdue item'")
        .bind(now - 400 * day)
        .execute(app.db.pool())
        .await
        .unwrap();

    let (status, page) = member.get_text("/teams/ops/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    let stats = texts(&page, ".stats dd");
    assert_eq!(stats, ["2", "1", "2", "2", "50% of 4"]);
    let charts: Vec<String> = scraper::Html::parse_document(&page)
        .select(&scraper::Selector::parse("svg[role=img]").unwrap())
        .filter_map(|svg| svg.value().attr("aria-label").map(str::to_owned))
        .collect();
    assert!(
        charts.contains(&"Median days to close, by type: detect: 4.0 days".to_owned()),
        "{charts:?}"
    );
    assert!(
        charts.contains(&"Open items by priority: P1: 1.0 items; P3: 1.0 items".to_owned()),
        "{charts:?}"
    );
    assert_eq!(texts(&page, "main ol li a")[0], "Old overdue item");

    let (_, overall) = member.get_text("/dashboard").await;
    assert_eq!(texts(&overall, ".stats dd")[0], "2");
    let outsider = app
        .sign_in_as(&web, "wes@example.com", TeamRole::Owner)
        .await;
    assert_eq!(
        outsider.get("/teams/ops/dashboard").await.status(),
        StatusCode::NOT_FOUND
    );
    let (_, theirs) = outsider.get_text("/dashboard").await;
    assert_eq!(
        texts(&theirs, ".stats dd")[0],
        "0",
        "another team's items are not counted"
    );

    // Dashboards are kept between requests: any change shows at once all the same.
    let (_, _) = member.get_text("/dashboard").await;
    let mo_id = app
        .count("SELECT id FROM app_user WHERE email = 'mo@example.com'")
        .await;
    sqlx::query(
        "UPDATE action_item SET status = 'done', closed_at = $1 WHERE title = 'Still open'",
    )
    .bind(now)
    .execute(app.db.pool())
    .await
    .unwrap();
    let (_, page) = member.get_text("/teams/ops/dashboard").await;
    assert_eq!(texts(&page, ".stats dd")[..3], ["1", "1", "3"]);
    app.add_member(&web, "mo@example.com", TeamRole::Viewer)
        .await;
    sqlx::query("UPDATE action_item SET team_id = $1 WHERE title = 'Old overdue item'")
        .bind(web.id.0)
        .execute(app.db.pool())
        .await
        .unwrap();
    let (_, theirs) = outsider.get_text("/dashboard").await;
    assert_eq!(texts(&theirs, ".stats dd")[0], "1", "moved to their team");
    sqlx::query("DELETE FROM membership WHERE team_id = $1 AND user_id = $2")
        .bind(web.id.0)
        .bind(mo_id)
        .execute(app.db.pool())
        .await
        .unwrap();
    let (_, overall) = member.get_text("/dashboard").await;
    assert_eq!(
        texts(&overall, ".stats dd")[0],
        "0",
        "no longer a member of web"
    );
}

/// A webhook receiver on 127.0.0.1 that records what it gets and answers 500 to the
/// first `failures` requests.
pub async fn spawn_receiver(
    failures: usize,
) -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<(axum::http::HeaderMap, String)>>>,
) {
    use std::sync::{Arc, Mutex};
    let seen: Arc<Mutex<Vec<(axum::http::HeaderMap, String)>>> = Arc::default();
    let recorder = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let recorder = recorder.clone();
            async move {
                let mut seen = recorder.lock().unwrap();
                seen.push((headers, body));
                if seen.len() <= failures {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::OK
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}/hook"), seen)
}

#[tokio::test]
async fn webhooks_are_signed_retried_after_a_failure_and_never_repeated() {
    use hindsight::actions::reminders;
    use hmac::Mac;

    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    let (url, seen) = spawn_receiver(1).await;

    assert_eq!(
        member
            .post_form(
                "/teams/ops/webhook",
                &[("webhook_url", url.as_str()), ("webhook_format", "generic")]
            )
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let saved = owner
        .post_form(
            "/teams/ops/webhook",
            &[("webhook_url", url.as_str()), ("webhook_format", "generic")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let secret = texts(&saved.text().await.unwrap(), "#webhook-secret")
        .pop()
        .unwrap();

    // A moment ahead of the clock, so what the form below queues is due to go out.
    let now = chrono::Utc::now() + chrono::Duration::seconds(5);
    let due = (now + chrono::Duration::days(5)).date_naive().to_string();
    member
        .post_form(
            &format!("/teams/ops/incidents/{incident}/actions"),
            &[
                ("title", "Patch the resolver"),
                ("type", "prevent"),
                ("priority", "P1"),
                ("due_date", &due),
            ],
        )
        .await;
    let client = reqwest::Client::new();
    let base = app.url("");

    let (delivered, failed) = reminders::deliver(&app.db, &client, &base, now)
        .await
        .unwrap();
    assert_eq!((delivered, failed), (0, 1), "the receiver answered 500");
    let (_, team_page) = owner.get_text("/teams/ops").await;
    assert!(
        team_page.contains("the receiver answered 500"),
        "failures show in the team settings"
    );
    assert_eq!(
        reminders::deliver(&app.db, &client, &base, now)
            .await
            .unwrap(),
        (0, 0),
        "not before the backoff"
    );
    let later = now + chrono::Duration::seconds(31);
    assert_eq!(
        reminders::deliver(&app.db, &client, &base, later)
            .await
            .unwrap(),
        (1, 0),
        "retried"
    );

    let (headers, body) = seen.lock().unwrap().last().cloned().unwrap();
    let timestamp = headers[reminders::TIMESTAMP_HEADER]
        .to_str()
        .unwrap()
        .to_owned();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        headers[reminders::SIGNATURE_HEADER].to_str().unwrap(),
        format!("sha256={expected}")
    );
    let event: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (event["event"].as_str(), event["title"].as_str()),
        (Some("action_item.created"), Some("Patch the resolver"))
    );

    // Due in five days: nothing yet; in two days: "due soon"; after the date: "overdue", once.
    assert_eq!(reminders::sweep(&app.db, now).await.unwrap(), 0);
    let two_days_before = now + chrono::Duration::days(3);
    assert_eq!(reminders::sweep(&app.db, two_days_before).await.unwrap(), 1);
    let after = now + chrono::Duration::days(6);
    assert_eq!(reminders::sweep(&app.db, after).await.unwrap(), 1);
    assert_eq!(
        reminders::sweep(&app.db, after).await.unwrap(),
        0,
        "never twice for the same reason"
    );
    assert_eq!(
        reminders::deliver(&app.db, &client, &base, after)
            .await
            .unwrap(),
        (2, 0)
    );
    let reasons: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|(_, body)| {
            serde_json::from_str::<serde_json::Value>(body).unwrap()["event"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        reasons,
        [
            "action_item.created",
            "action_item.created",
            "action_item.due_soon",
            "action_item.overdue"
        ]
    );

    let slack = owner
        .post_form(
            "/teams/ops/webhook",
            &[("webhook_url", url.as_str()), ("webhook_format", "slack")],
        )
        .await;
    assert_eq!(slack.status(), StatusCode::OK);
    let id = app.count("SELECT MAX(id) FROM action_item").await;
    let item = format!("/teams/ops/actions/{id}");
    let done = member
        .post_form(
            &item,
            &[
                ("title", "Patch the resolver"),
                ("status", "done"),
                ("priority", "P1"),
                ("type", "prevent"),
                ("due_date", &due),
            ],
        )
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        reminders::deliver(&app.db, &client, &base, chrono::Utc::now())
            .await
            .unwrap(),
        (1, 0)
    );
    let (_, body) = seen.lock().unwrap().last().cloned().unwrap();
    let slack_message: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(
        slack_message["text"]
            .as_str()
            .unwrap()
            .starts_with("Done: Patch the resolver"),
        "{body}"
    );
}

#[tokio::test]
async fn the_board_changes_status_owner_and_due_date_in_place() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    let viewer = app
        .sign_in_as(&ops, "vic@example.com", TeamRole::Viewer)
        .await;
    app.create_user("out@example.com", "Outsider", false).await;
    member
        .post_form(
            &format!("/teams/ops/incidents/{incident}/actions"),
            &[
                ("title", "Add a canary"),
                ("type", "prevent"),
                ("priority", "P2"),
            ],
        )
        .await;
    let id = app.count("SELECT id FROM action_item").await;
    let mo = app
        .count("SELECT id FROM app_user WHERE email = 'mo@example.com'")
        .await
        .to_string();
    let outsider = app
        .count("SELECT id FROM app_user WHERE email = 'out@example.com'")
        .await
        .to_string();
    let (_, board) = member.get_text("/teams/ops/actions").await;
    assert_eq!(
        texts(&board, &format!("#owner-{id} option")),
        ["Nobody yet", "mo@example.com", "vic@example.com"]
    );
    let path = format!("/teams/ops/actions/{id}/status");
    let fields = |owner: &'static str| {
        vec![
            ("status", "in_progress"),
            ("owner", owner),
            ("due_date", "2027-01-15"),
        ]
    };
    assert_eq!(
        viewer.post_form(&path, &fields("")).await.status(),
        StatusCode::FORBIDDEN
    );
    let refused = member
        .post_form(&path, &[("status", "in_progress"), ("owner", &outsider)])
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM action_item WHERE status = 'open'")
            .await,
        1,
        "nothing half-written"
    );
    let moved = member
        .post_form(
            &path,
            &[
                ("status", "in_progress"),
                ("owner", &mo),
                ("due_date", "2027-01-15"),
            ],
        )
        .await;
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    let (status, owner, due): (String, Option<i64>, Option<String>) =
        sqlx::query_as("SELECT status, owner_id, due_date FROM action_item")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(
        (status.as_str(), owner, due.as_deref()),
        ("in_progress", Some(mo.parse().unwrap()), Some("2027-01-15"))
    );
    // A status-only form (as before) leaves owner and due date alone.
    member.post_form(&path, &[("status", "done")]).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM action_item WHERE status = 'done' AND owner_id IS NOT NULL AND due_date = '2027-01-15'")
            .await,
        1
    );
}
