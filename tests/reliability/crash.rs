//! Crash safety: SIGKILL the server in the middle of a large import and a stream of
//! cards, again and again on the same file, and check what the restarted app finds.
//!
//! SQLite in WAL mode with `synchronous = NORMAL` may lose the last transactions on a
//! power cut, but not on a killed process: a commit is in the WAL (the kernel's page
//! cache) before its answer is sent. So every acknowledged write must survive, and an
//! import — one transaction — must be all there or not at all.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::support::{
    Api, Reasons, Reply, STARTUP, Server, card_problems, cards_by_text, env_usize, import_state,
    integrity_check, log_lines_with, native_export, open_db, retro_in_reflect, run, seed,
    small_incident, sqlite_url, team_with_people, within,
};

const WRITERS: usize = 3;

/// What one card writer saw before the server died under it.
#[derive(Default)]
struct Written {
    acknowledged: Vec<(i64, String)>,
    /// Sent but never answered: may or may not be stored, but at most once.
    unanswered: Vec<String>,
    /// Refused (4xx) or failed (5xx): must not be stored.
    rejected: Vec<String>,
    reasons: Reasons,
}

async fn write_cards(
    api: Api,
    token: String,
    retro: i64,
    prompts: Vec<i64>,
    label: String,
    stop: Arc<AtomicBool>,
) -> Written {
    let mut written = Written::default();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        let text = format!("{label}-{n}");
        let body = json!({"prompt_id": prompts[n % prompts.len()], "text": text});
        match api
            .post(&format!("/api/v1/retros/{retro}/cards"), &token, &body)
            .await
        {
            Reply::Ok(card) => {
                let id = card["id"].as_i64().expect("the card's id");
                written.acknowledged.push((id, text));
            }
            Reply::Lost(_) => {
                written.unanswered.push(text);
                break;
            }
            Reply::Refused(status, message) | Reply::Failed(status, message) => {
                written.reasons.add(format!("{status} {message}"));
                written.rejected.push(text);
            }
        }
        n += 1;
    }
    written
}

#[test]
fn a_killed_server_keeps_every_acknowledged_write_and_imports_all_or_nothing() {
    run(crash_safety);
}

async fn crash_safety() {
    let kills = env_usize("HINDSIGHT_RELIABILITY_KILLS", 20);
    let entries = env_usize("HINDSIGHT_RELIABILITY_IMPORT_ENTRIES", 30_000);
    let seed = seed();
    println!(
        "crash safety: {kills} kills, imports of {entries} entries, {WRITERS} card writers, seed {seed} (set HINDSIGHT_RELIABILITY_SEED to replay)"
    );
    let mut rng = StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(&dir.path().join("crash.db"));
    let log = dir.path().join("serve.log");
    let people = team_with_people(&url, "crash", WRITERS + 1).await;
    let owner = &people[0].token;
    let imports = "/api/v1/teams/crash/imports?format=native";

    let mut server = Server::start(&url, &log).await;
    let incident = small_incident(&server.api, "crash", owner, "crash-base").await;
    let (retro, prompts) = retro_in_reflect(&server.api, owner, incident, 3).await;

    // How long an import takes here sizes the kill window so that kills land before,
    // during and after it. (A measure for aiming, never an assertion.)
    let started = Instant::now();
    let calibration = within(
        "the calibration import",
        STARTUP * 2,
        server
            .api
            .post_bytes(imports, owner, native_export("crash-calibration", entries)),
    )
    .await
    .expect_ok("the calibration import");
    assert_eq!(calibration["entries_total"], entries);
    let window_ms = (started.elapsed().as_millis() as u64 * 3 / 2).max(200);
    println!(
        "crash safety: an import takes ~{} ms here; kills fall in 0..{window_ms} ms",
        started.elapsed().as_millis()
    );

    let mut acknowledged: Vec<(i64, String)> = Vec::new();
    let mut unanswered: Vec<String> = Vec::new();
    let mut rejected: Vec<String> = Vec::new();
    let mut reasons = Reasons::default();
    let (mut present_at_kill, mut absent_at_kill, mut imports_acknowledged) = (0, 0, 0);
    for round in 0..kills {
        let source = format!("crash-{round}");
        let export = native_export(&source, entries);
        let stop = Arc::new(AtomicBool::new(false));
        let import = tokio::spawn({
            let api = server.api.another_client();
            let (token, export) = (owner.clone(), export.clone());
            async move { api.post_bytes(imports, &token, export).await }
        });
        let writers: Vec<_> = (1..=WRITERS)
            .map(|w| {
                tokio::spawn(write_cards(
                    server.api.another_client(),
                    people[w].token.clone(),
                    retro,
                    prompts.clone(),
                    format!("round {round} writer {w}"),
                    stop.clone(),
                ))
            })
            .collect();

        let delay = rng.gen_range(0..=window_ms);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        server.kill().await;
        stop.store(true, Ordering::Relaxed);

        let import = within("the import's answer", STARTUP, import)
            .await
            .expect("import task");
        let import_acknowledged = match &import {
            Reply::Ok(outcome) => {
                assert_eq!(outcome["entries_total"], entries, "{outcome}");
                true
            }
            Reply::Lost(_) => false,
            other => panic!("round {round}: the import was answered {other:?}"),
        };
        imports_acknowledged += usize::from(import_acknowledged);
        for writer in writers {
            let written = within("a card writer", STARTUP, writer)
                .await
                .expect("writer task");
            acknowledged.extend(written.acknowledged);
            unanswered.extend(written.unanswered);
            rejected.extend(written.rejected);
            reasons.merge(written.reasons);
        }

        // The file as the killed server left it.
        let db = open_db(&url).await;
        let integrity = integrity_check(&db).await;
        assert_eq!(integrity, "ok", "round {round} (killed after {delay} ms)");
        let (incidents, rows) = import_state(&db, &source).await;
        let present = match (incidents, rows) {
            (0, 0) => false,
            (1, n) if n == entries as i64 => true,
            other => panic!(
                "round {round} (killed after {delay} ms): the import is partly there: (incidents, entries) = {other:?}, expected (0, 0) or (1, {entries})"
            ),
        };
        assert!(
            present || !import_acknowledged,
            "round {round}: the import was acknowledged but is not in the database"
        );
        if present {
            present_at_kill += 1;
        } else {
            absent_at_kill += 1;
        }
        let cards = cards_by_text(&db, retro).await;
        let problems = card_problems(&cards, &acknowledged);
        assert!(
            problems.is_empty(),
            "round {round} (killed after {delay} ms), {} of {} acknowledged cards wrong:\n{}",
            problems.len(),
            acknowledged.len(),
            problems[..problems.len().min(20)].join("\n")
        );
        for text in &unanswered {
            let copies = cards.get(text).map_or(0, Vec::len);
            assert!(
                copies <= 1,
                "round {round}: unanswered card {text:?} stored {copies} times"
            );
        }
        for text in &rejected {
            assert!(
                !cards.contains_key(text),
                "round {round}: refused card {text:?} was stored"
            );
        }
        db.close().await;

        // Restarted on the same file, the import completes, once.
        server = Server::start(&url, &log).await;
        let again = within(
            "the repeated import",
            STARTUP * 2,
            server.api.post_bytes(imports, owner, export),
        )
        .await
        .expect_ok("the repeated import");
        assert_eq!(again["entries_total"], entries, "{again}");
        let expected_status = if present { "unchanged" } else { "created" };
        assert_eq!(again["status"], expected_status, "round {round}: {again}");
        let db = open_db(&url).await;
        assert_eq!(
            import_state(&db, &source).await,
            (1, entries as i64),
            "round {round}: after the repeated import"
        );
        db.close().await;
    }
    server.kill().await;

    let db = open_db(&url).await;
    assert_eq!(integrity_check(&db).await, "ok");
    let cards = cards_by_text(&db, retro).await;
    db.close().await;
    let found = acknowledged.len() - card_problems(&cards, &acknowledged).len();
    let unanswered_found = unanswered
        .iter()
        .filter(|text| cards.contains_key(*text))
        .count();
    let locked = log_lines_with(&log, "database is locked");
    println!("crash safety: kills survived: {kills} of {kills}");
    println!(
        "crash safety: cards acknowledged {}, found {found}; unanswered at the kill {} ({unanswered_found} of them stored); refused {} ({})",
        acknowledged.len(),
        unanswered.len(),
        rejected.len(),
        reasons.show()
    );
    println!(
        "crash safety: imports at the kill: present {present_at_kill}, absent {absent_at_kill} (acknowledged before the kill: {imports_acknowledged}); all {kills} completed when repeated"
    );
    assert!(
        locked.is_empty(),
        "the log mentions a locked database:\n{}",
        locked.join("\n")
    );
    assert!(
        rejected.is_empty(),
        "cards were refused: {}",
        reasons.show()
    );
}
