//! Several instances on one database: live events reach every participant whichever
//! instance they are connected to, and background deliveries go out exactly once.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use hindsight::accounts::teams::TeamRole;
use hindsight::accounts::{self, NewUser};
use hindsight::db::Db;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{PASSWORD, fresh_postgres_database, postgres_server, spawn_app};

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");

/// `hindsight serve` as a child process; killed when dropped.
struct Instance {
    child: Child,
    base: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_instance(url: &str) -> Instance {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(["serve", "--bind", "127.0.0.1:0", "--database-url", url])
        .env("HINDSIGHT_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn hindsight serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server said where it listens")
            .expect("a line");
        if let Some((_, address)) = line.split_once("listening on ") {
            break address.trim().to_owned();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Instance { child, base }
}

/// Events seen on one API stream, by card id.
async fn collect_cards(
    mut stream: reqwest::Response,
    expected: usize,
    limit: Duration,
) -> BTreeMap<i64, usize> {
    let mut seen = String::new();
    let mut cards: BTreeMap<i64, usize> = BTreeMap::new();
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        cards.clear();
        for line in seen.lines() {
            let Some(data) = line.strip_prefix("data: ") else {
                continue;
            };
            let Ok(event) = serde_json::from_str::<Value>(data) else {
                continue;
            };
            if event["type"] == "card_added" {
                *cards
                    .entry(event["card_id"].as_i64().unwrap_or(-1))
                    .or_default() += 1;
            }
        }
        if cards.values().sum::<usize>() >= expected {
            // Give a duplicate a moment to show up before declaring victory.
            if let Ok(Ok(Some(chunk))) =
                tokio::time::timeout(Duration::from_millis(300), stream.chunk()).await
            {
                seen.push_str(&String::from_utf8_lossy(&chunk));
                continue;
            }
            return cards;
        }
        match tokio::time::timeout_at(deadline, stream.chunk()).await {
            Ok(Ok(Some(chunk))) => seen.push_str(&String::from_utf8_lossy(&chunk)),
            _ => return cards,
        }
    }
}

#[tokio::test]
async fn two_instances_on_one_postgresql_share_every_live_event_once() {
    let Some(server) = postgres_server() else {
        eprintln!("skipped: set HINDSIGHT_TEST_DATABASE_URL to a PostgreSQL server to run it");
        return;
    };
    let url = fresh_postgres_database(&server).await;
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let team = hindsight::accounts::teams::create_team(
        &db,
        None,
        &hindsight::accounts::teams::NewTeam::parse("ops", "Operations").unwrap(),
    )
    .await
    .unwrap();
    let mut tokens = Vec::new();
    for email in ["ana@example.com", "ben@example.com"] {
        let user = accounts::create_user(
            &db,
            None,
            &NewUser::parse(email, email, false).unwrap(),
            PASSWORD.to_owned(),
        )
        .await
        .unwrap();
        hindsight::accounts::teams::add_member(&db, None, &team, email, TeamRole::Member)
            .await
            .unwrap();
        tokens.push(
            hindsight::api::tokens::create_token(&db, user, "tests")
                .await
                .unwrap()
                .1,
        );
    }
    let timeline = hindsight::import::parse(DYN, None, &Default::default()).unwrap();
    let incident = hindsight::import::apply::import_timeline(&db, team.id, None, &timeline, false)
        .await
        .unwrap()
        .incident_id
        .unwrap();

    let a = start_instance(&url);
    let b = start_instance(&url);
    let client = reqwest::Client::new();
    let call = |base: &str, token: &str, path: &str, body: Value| {
        client
            .post(format!("{base}{path}"))
            .bearer_auth(token.to_owned())
            .json(&body)
            .send()
    };
    let retro: Value = call(
        &a.base,
        &tokens[0],
        &format!("/api/v1/incidents/{incident}/retros"),
        json!({"anonymous": false}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let retro = retro["id"].as_i64().expect("a retro id");
    for phase in ["timeline", "reflect"] {
        let moved = call(
            &a.base,
            &tokens[0],
            &format!("/api/v1/retros/{retro}/phase"),
            json!({"phase": phase}),
        )
        .await
        .unwrap();
        assert_eq!(moved.status(), StatusCode::OK);
    }
    let state: Value = client
        .get(format!("{}/api/v1/retros/{retro}", b.base))
        .bearer_auth(&tokens[1])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let prompt = state["prompts"][0]["id"].as_i64().expect("a prompt");

    // One participant on each instance, both watching.
    let mut streams = Vec::new();
    for (base, token) in [(&a.base, &tokens[0]), (&b.base, &tokens[1])] {
        let stream = client
            .get(format!("{base}/api/v1/retros/{retro}/events"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(stream.status(), StatusCode::OK);
        streams.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;

    const CARDS: usize = 20;
    let started = std::time::Instant::now();
    for i in 0..CARDS {
        let (base, token) = if i % 2 == 0 {
            (&a.base, &tokens[0])
        } else {
            (&b.base, &tokens[1])
        };
        let added = call(
            base,
            token,
            &format!("/api/v1/retros/{retro}/cards"),
            json!({"prompt_id": prompt, "text": format!("card {i}")}),
        )
        .await
        .unwrap();
        assert!(added.status().is_success(), "card {i}: {}", added.status());
    }
    let (on_a, on_b) = tokio::join!(
        collect_cards(streams.remove(0), CARDS, Duration::from_secs(10)),
        collect_cards(streams.remove(0), CARDS, Duration::from_secs(10)),
    );
    let elapsed = started.elapsed();
    for (name, seen) in [("instance A", &on_a), ("instance B", &on_b)] {
        assert_eq!(
            seen.len(),
            CARDS,
            "{name} saw {} of {CARDS} cards: {seen:?}",
            seen.len()
        );
        assert!(
            seen.values().all(|&n| n == 1),
            "{name} saw a card twice: {seen:?}"
        );
    }
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");

    // A correction published through A shows on B, which had the first version cached.
    sqlx::query("UPDATE team SET review_approval = 0")
        .execute(db.pool())
        .await
        .unwrap();
    let review: Value = call(
        &a.base,
        &tokens[0],
        &format!("/api/v1/incidents/{incident}/reviews"),
        json!({"title": "DNS outage", "body_markdown": "First version."}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let review = review["id"].as_i64().unwrap();
    let published: Value = call(
        &a.base,
        &tokens[0],
        &format!("/api/v1/reviews/{review}/publish"),
        json!({}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let page = format!("{}/reviews/{}", b.base, published["slug"].as_str().unwrap());
    let first = client
        .get(&page)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(first.contains("First version."));
    // Korean readers get their own rendering of the page, kept beside the English one.
    let korean = |client: &reqwest::Client| {
        client
            .get(&page)
            .header(reqwest::header::ACCEPT_LANGUAGE, "ko-KR,ko;q=0.9")
            .send()
    };
    let first_korean = korean(&client).await.unwrap().text().await.unwrap();
    assert!(
        first_korean.contains(r#"<html lang="ko">"#) && first_korean.contains("First version.")
    );
    client
        .patch(format!("{}/api/v1/reviews/{review}", a.base))
        .bearer_auth(&tokens[0])
        .json(&json!({"body_markdown": "Corrected version."}))
        .send()
        .await
        .unwrap();
    let corrected = call(
        &a.base,
        &tokens[0],
        &format!("/api/v1/reviews/{review}/publish"),
        json!({"change_note": "Fixed the wording."}),
    )
    .await
    .unwrap();
    assert_eq!(corrected.status(), StatusCode::OK);
    let mut shown = String::new();
    for _ in 0..20 {
        shown = client
            .get(&page)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if shown.contains("Corrected version.") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        shown.contains("Corrected version."),
        "instance B still serves the old page"
    );
    let shown_korean = korean(&client).await.unwrap().text().await.unwrap();
    assert!(
        shown_korean.contains(r#"<html lang="ko">"#) && shown_korean.contains("Corrected version."),
        "instance B still serves the old page to Korean readers"
    );
}

#[tokio::test]
async fn two_instances_deliver_each_notification_once() {
    use hindsight::actions::reminders;
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    let (url, seen) = crate::actions::spawn_receiver(0).await;
    owner
        .post_form(
            "/teams/ops/webhook",
            &[("webhook_url", url.as_str()), ("webhook_format", "generic")],
        )
        .await;
    for i in 0..60 {
        owner
            .post_form(
                &format!("/teams/ops/incidents/{incident}/actions"),
                &[
                    ("title", &format!("Item {i}")),
                    ("type", "prevent"),
                    ("priority", "P2"),
                ],
            )
            .await;
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM action_notification").await,
        60
    );
    // A second instance: its own pool on the same database.
    let other = Db::connect(&app.db_url).await.unwrap();
    let client = reqwest::Client::new();
    let later = chrono::Utc::now() + chrono::Duration::seconds(5);
    let runs = (0..6).map(|i| {
        let db = if i % 2 == 0 {
            app.db.clone()
        } else {
            other.clone()
        };
        let client = client.clone();
        async move {
            reminders::deliver(&db, &client, "https://h.example", later)
                .await
                .unwrap()
        }
    });
    let results = futures_util::future::join_all(runs).await;
    let delivered: usize = results.iter().map(|(d, _)| d).sum();
    assert_eq!(delivered, 60, "{results:?}");
    let bodies: Vec<Value> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|(_, body)| serde_json::from_str(body).unwrap())
        .collect();
    let mut ids: Vec<i64> = bodies
        .iter()
        .map(|b| b["action_id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        (bodies.len(), ids.len()),
        (60, 60),
        "each item announced once"
    );
}
