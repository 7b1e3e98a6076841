use hindsight::accounts::teams::{Team, TeamRole};
use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{TestApp, spawn_app};

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");

/// An API token for a new user with `role` in `team`.
async fn token_for(app: &TestApp, team: &Team, email: &str, role: TeamRole) -> String {
    let user = app.create_user(email, email, false).await;
    app.add_member(team, email, role).await;
    hindsight::api::tokens::create_token(&app.db, user, "tests")
        .await
        .unwrap()
        .1
}

async fn post_import(
    app: &TestApp,
    token: &str,
    team: &str,
    query: &str,
    body: &[u8],
) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/teams/{team}/imports{query}")))
        .bearer_auth(token)
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn get_json(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn importing_the_same_export_twice_adds_nothing() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let token = token_for(&app, &team, "mo@example.com", TeamRole::Member).await;

    let (status, preview) = post_import(&app, &token, "ops", "?dry_run=true", DYN).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(preview["status"], "preview");
    assert_eq!(preview["entries_added"], 17);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM incident").await,
        0,
        "a dry run writes nothing"
    );

    let (status, first) = post_import(&app, &token, "ops", "", DYN).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (first["status"].as_str(), first["entries_added"].as_i64()),
        (Some("created"), Some(17))
    );

    let (_, second) = post_import(&app, &token, "ops", "?format=native", DYN).await;
    assert_eq!(second["status"], "unchanged");
    assert_eq!(second["entries_added"], 0);
    assert_eq!(second["incident_id"], first["incident_id"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM timeline_entry").await, 17);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'incident.imported'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_longer_csv_export_of_the_same_incident_adds_only_the_new_entries() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let token = token_for(&app, &team, "mo@example.com", TeamRole::Member).await;
    let short = "time,actor,kind,text\n2018-10-21T22:52:00Z,Monitoring,alert,Replication lag\n2018-10-21T22:54:00Z,Ana,escalation,Paged the database team\n";
    let longer =
        format!("{short}2018-10-21T23:09:00Z,Status page,communication,We are investigating\n");

    let (_, first) = post_import(&app, &token, "ops", "", short.as_bytes()).await;
    let (_, second) = post_import(&app, &token, "ops", "", longer.as_bytes()).await;
    assert_eq!(first["status"], "created");
    assert_eq!(
        (second["status"].as_str(), second["entries_added"].as_i64()),
        (Some("updated"), Some(1))
    );
    assert_eq!(second["incident_id"], first["incident_id"]);
    assert_eq!(second["entries_total"], 3);
}

#[tokio::test]
async fn bad_input_gets_a_located_error_and_writes_nothing() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let token = token_for(&app, &team, "mo@example.com", TeamRole::Member).await;
    let broken = String::from_utf8_lossy(DYN).replace("2016-10-21T12:10:00Z", "noon-ish");

    let (status, body) = post_import(&app, &token, "ops", "", broken.as_bytes()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["location"], "$.entries[3].occurred_at");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("noon-ish")
    );

    let (status, body) = post_import(&app, &token, "ops", "?format=yaml", DYN).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["location"], "parameter format");

    let (status, body) = post_import(&app, &token, "ops", "", b"   ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["message"], "the file is empty");
    assert_eq!(app.count("SELECT COUNT(*) FROM incident").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM timeline_entry").await, 0);
}

#[tokio::test]
async fn the_api_checks_who_is_asking() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let web = app.create_team("web", "Web").await;
    let member = token_for(&app, &ops, "mo@example.com", TeamRole::Member).await;
    let viewer = token_for(&app, &ops, "vic@example.com", TeamRole::Viewer).await;
    let outsider = token_for(&app, &web, "wes@example.com", TeamRole::Owner).await;

    let (status, body) = post_import(&app, "hs_not-a-token", "ops", "", DYN).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["error"]["message"].is_string());
    assert_eq!(
        post_import(&app, &viewer, "ops", "", DYN).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post_import(&app, &outsider, "ops", "", DYN).await.0,
        StatusCode::NOT_FOUND
    );

    let (_, created) = post_import(&app, &member, "ops", "", DYN).await;
    let id = created["incident_id"].as_i64().unwrap();
    assert_eq!(
        get_json(&app, &outsider, &format!("/api/v1/incidents/{id}"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, listed) = get_json(&app, &outsider, "/api/v1/incidents").await;
    assert_eq!(
        listed["incidents"].as_array().unwrap().len(),
        0,
        "no other team's incidents"
    );
    assert_eq!(
        get_json(&app, &viewer, &format!("/api/v1/incidents/{id}"))
            .await
            .0,
        StatusCode::OK
    );

    let user = app
        .count("SELECT id FROM app_user WHERE email = 'vic@example.com'")
        .await;
    let token_id = app
        .count(&format!("SELECT id FROM api_token WHERE user_id = {user}"))
        .await;
    hindsight::api::tokens::revoke_token(&app.db, hindsight::accounts::UserId(user), token_id)
        .await
        .unwrap();
    assert_eq!(
        get_json(&app, &viewer, "/api/v1/incidents").await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_imported_timeline_reads_back_the_same_through_the_api() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let token = token_for(&app, &team, "mo@example.com", TeamRole::Member).await;
    let (_, created) = post_import(&app, &token, "ops", "", DYN).await;
    let id = created["incident_id"].as_i64().unwrap();

    let (status, timeline) =
        get_json(&app, &token, &format!("/api/v1/incidents/{id}/timeline")).await;
    assert_eq!(status, StatusCode::OK);
    let source: Value = serde_json::from_slice(DYN).unwrap();
    let read: Vec<_> = timeline["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source_ref"].clone(),
                e["kind"].clone(),
                e["text"].clone(),
                e["actor"].as_str().map(str::to_owned),
                e["visibility"].clone(),
            )
        })
        .collect();
    let written: Vec<_> = source["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source_ref"].clone(),
                e["kind"].clone(),
                e["text"].clone(),
                e["actor"].as_str().map(str::to_owned),
                e.get("visibility")
                    .cloned()
                    .unwrap_or_else(|| "internal".into()),
            )
        })
        .collect();
    assert_eq!(read, written);
    let first_time = chrono::DateTime::parse_from_rfc3339(
        timeline["entries"][0]["occurred_at"].as_str().unwrap(),
    )
    .unwrap();
    assert_eq!(first_time.to_rfc3339(), "2016-10-21T11:10:00+00:00");
}

#[tokio::test]
async fn the_incident_api_reports_stage_times_and_communication_cadence() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let token = token_for(&app, &team, "mo@example.com", TeamRole::Member).await;
    let (_, created) = post_import(&app, &token, "ops", "", DYN).await;
    let id = created["incident_id"].as_i64().unwrap();

    let (_, incident) = get_json(&app, &token, &format!("/api/v1/incidents/{id}")).await;
    assert_eq!(incident["title"], "DDoS attack against Managed DNS");
    assert_eq!(incident["metrics"]["time_to_acknowledge_s"], 240);
    assert_eq!(incident["metrics"]["time_to_resolve_s"], 11 * 3600 + 7 * 60);
    let communication = &incident["communication"];
    assert_eq!(communication["public_updates"], 11);
    assert_eq!(communication["first_public_update_after_s"], 120);
    // 11 updates from 11:12 to 22:17: ten gaps averaging 66.5 minutes.
    assert_eq!(
        communication["mean_gap_s"],
        (22 * 3600 + 17 * 60 - (11 * 3600 + 12 * 60)) / 10
    );
    assert_eq!(
        communication["max_gap_s"],
        (16 * 3600 + 2 * 60) - (13 * 3600 + 20 * 60)
    );
    assert_eq!(communication["target_cadence_s"], 3600);
    assert_eq!(communication["gaps_over_target"], 5);
}

#[tokio::test]
async fn incidents_are_listed_newest_first_a_page_at_a_time() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let token = token_for(&app, &team, "mo@example.com", TeamRole::Member).await;
    for day in 1..=3 {
        let csv = format!("time,actor,kind,text\n2024-01-0{day}T10:00:00Z,Ana,note,Day {day}\n");
        post_import(&app, &token, "ops", "", csv.as_bytes()).await;
    }
    let (_, page1) = get_json(&app, &token, "/api/v1/incidents?per_page=2").await;
    let titles: Vec<_> = page1["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].clone())
        .collect();
    assert_eq!(titles, ["Incident of 2024-01-03", "Incident of 2024-01-02"]);
    assert_eq!(page1["next_page"], 2);
    let (_, page2) = get_json(&app, &token, "/api/v1/incidents?per_page=2&page=2").await;
    assert_eq!(page2["incidents"].as_array().unwrap().len(), 1);
    assert!(page2["next_page"].is_null());
}

#[tokio::test]
async fn the_import_schema_is_served() {
    let app = spawn_app().await;
    let response = app.client().get("/api/v1/schema/import.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    let schema: Value = response.json().await.unwrap();
    assert_eq!(
        schema["required"],
        serde_json::json!(["incident", "entries"])
    );
}

#[tokio::test]
async fn people_create_and_revoke_their_own_api_tokens_on_the_account_page() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let browser = app
        .sign_in_as(&team, "mo@example.com", TeamRole::Member)
        .await;

    let created = browser
        .post_form("/account/tokens", &[("name", "CI importer")])
        .await;
    assert_eq!(created.status(), StatusCode::OK);
    let secret = crate::common::texts(&created.text().await.unwrap(), "#new-token")
        .pop()
        .unwrap();
    assert!(secret.starts_with("hs_"));
    let (stored,): (String,) = sqlx::query_as("SELECT token_hash FROM api_token")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_ne!(stored, secret, "only a hash is stored");
    assert_eq!(
        post_import(&app, &secret, "ops", "?dry_run=1", DYN).await.0,
        StatusCode::OK
    );

    let (_, account) = browser.get_text("/account").await;
    assert_eq!(
        crate::common::texts(&account, "tbody td:first-child"),
        ["CI importer"]
    );
    let revoke = scraper::Html::parse_document(&account)
        .select(&scraper::Selector::parse("form[action$='/revoke']").unwrap())
        .next()
        .and_then(|f| f.value().attr("action").map(str::to_owned))
        .unwrap();

    let other = app
        .sign_in_as(&team, "eve@example.com", TeamRole::Member)
        .await;
    assert_eq!(
        other.post_form(&revoke, &[]).await.status(),
        StatusCode::NOT_FOUND,
        "not someone else's token"
    );
    assert_eq!(
        browser.post_form(&revoke, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        post_import(&app, &secret, "ops", "?dry_run=1", DYN).await.0,
        StatusCode::UNAUTHORIZED
    );
    let empty_name = browser.post_form("/account/tokens", &[("name", " ")]).await;
    assert_eq!(empty_name.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[test]
fn the_command_line_imports_once_and_reports_json() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_hindsight"))
            .args(args)
            .current_dir(dir.path())
            .env_remove("HINDSIGHT_DATABASE_URL")
            .output()
            .unwrap()
    };
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/native/dyn-ddos.json"
    );
    assert!(
        run(&["team", "create", "--slug", "ops", "--name", "Ops"])
            .status
            .success()
    );

    let outcomes: Vec<Value> = [vec!["--dry-run"], vec![], vec![]]
        .into_iter()
        .map(|extra| {
            let mut args = vec!["import", "--team", "ops"];
            args.extend(extra);
            args.push(fixture);
            let output = run(&args);
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            serde_json::from_slice(&output.stdout).unwrap()
        })
        .collect();
    let statuses: Vec<_> = outcomes
        .iter()
        .map(|o| o["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["preview", "created", "unchanged"]);
    assert_eq!(outcomes[1]["entries_total"], 17);
    assert_eq!(outcomes[2]["entries_added"], 0);

    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        b"{\"incident\": {\"id\": \"x\", \"title\": \"T\"}, \"entries\": [ {\"occurred_at\": 5} ]}",
    )
    .unwrap();
    let failed = run(&["import", "--team", "ops", broken.to_str().unwrap()]);
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("broken.json: $.entries[0].occurred_at"),
        "{stderr}"
    );
    assert!(failed.stdout.is_empty());
}

/// Every fixture of every format, with what it needs to import.
fn fixtures() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let read = |path: &str| std::fs::read(format!("{root}/{path}")).unwrap();
    let mut fixtures = vec![
        ("native/dyn-ddos.json", read("native/dyn-ddos.json"), ""),
        (
            "csv/checkout-errors.csv",
            read("csv/checkout-errors.csv"),
            "",
        ),
        (
            "statuspage/v1-incident.json",
            read("statuspage/v1-incident.json"),
            "",
        ),
        (
            "statuspage/public-v2-incident.json",
            read("statuspage/public-v2-incident.json"),
            "",
        ),
        (
            "statuspage/null-resolved-at.json",
            read("statuspage/null-resolved-at.json"),
            "",
        ),
        (
            "pagerduty/incident-with-log-entries.json",
            read("pagerduty/incident-with-log-entries.json"),
            "",
        ),
        (
            "pagerduty/log-entries-only.json",
            read("pagerduty/log-entries-only.json"),
            "",
        ),
        (
            "slack/db-outage (zipped)",
            zip_folder(&format!("{root}/slack/db-outage")),
            "",
        ),
    ];
    for name in [
        "four-digit.md",
        "github-2018.md",
        "list-style.md",
        "pacific-12h.md",
    ] {
        let path = format!("markdown/{name}");
        fixtures.push((Box::leak(path.clone().into_boxed_str()), read(&path), ""));
    }
    fixtures.push((
        "markdown/naive-seoul.md",
        read("markdown/naive-seoul.md"),
        "Asia/Seoul",
    ));
    fixtures
}

fn zip_folder(folder: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut pending = vec![std::path::PathBuf::from(folder)];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path
                    .strip_prefix(folder)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                zip.start_file(name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                zip.write_all(&std::fs::read(&path).unwrap()).unwrap();
            }
        }
    }
    zip.finish().unwrap().into_inner()
}

#[tokio::test]
async fn every_fixture_reads_back_through_the_api_as_it_was_imported() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let token = token_for(&app, &team, "mo@example.com", TeamRole::Member).await;

    for (name, bytes, timezone) in fixtures() {
        let options = hindsight::import::ImportOptions {
            timezone: timezone.parse().ok(),
        };
        let parsed = hindsight::import::parse(&bytes, None, &options)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let query = if timezone.is_empty() {
            String::new()
        } else {
            format!("?timezone={timezone}")
        };
        let (status, outcome) = post_import(&app, &token, "ops", &query, &bytes).await;
        assert_eq!(status, StatusCode::OK, "{name}: {outcome}");
        assert_eq!(outcome["entries_added"], parsed.entries.len(), "{name}");

        let id = outcome["incident_id"].as_i64().unwrap();
        let (_, timeline) =
            get_json(&app, &token, &format!("/api/v1/incidents/{id}/timeline")).await;
        let mut read: Vec<(String, i64, String, Option<String>, String, String)> =
            timeline["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    let at =
                        chrono::DateTime::parse_from_rfc3339(e["occurred_at"].as_str().unwrap())
                            .unwrap();
                    (
                        e["source_ref"].as_str().unwrap().to_owned(),
                        at.timestamp_millis(),
                        e["kind"].as_str().unwrap().to_owned(),
                        e["actor"].as_str().map(str::to_owned),
                        e["text"].as_str().unwrap().to_owned(),
                        e["visibility"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
        let mut written: Vec<_> = parsed
            .entries
            .iter()
            .map(|e| {
                (
                    e.source_ref.clone(),
                    e.occurred_at.timestamp_millis(),
                    e.kind.as_str().to_owned(),
                    e.actor.clone(),
                    e.text.clone(),
                    e.visibility.as_str().to_owned(),
                )
            })
            .collect();
        read.sort();
        written.sort();
        assert_eq!(read, written, "{name}");

        let (_, again) = post_import(&app, &token, "ops", &query, &bytes).await;
        assert_eq!(
            again["status"], "unchanged",
            "{name}: importing again adds nothing"
        );
    }
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_without_writing() {
    let app = crate::common::spawn_app_with(hindsight::Settings {
        max_upload_bytes: 4096,
        ..Default::default()
    })
    .await;
    let team = app.create_team("ops", "Operations").await;
    let token = token_for(&app, &team, "mo@example.com", TeamRole::Member).await;
    let (status, body) = post_import(&app, &token, "ops", "", DYN).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("too large")
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM incident").await, 0);
}
