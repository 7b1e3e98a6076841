//! Backup under write load: `hindsight backup` (SQLite's `VACUUM INTO`) against the file
//! a busy server is writing to, then a fresh server on the copy.
//!
//! What `VACUUM INTO` promises, and so what is checked: the copy is the database as one
//! read transaction saw it — a snapshot at a single moment between the command's start
//! and its end. Hence: every write acknowledged before the command started is in it;
//! nothing sent after it ended is; it holds a prefix of the commits (writes commit one
//! at a time, so a stored card means every card committed before it is stored too); and
//! a transaction is in it whole or not at all (an import's entries, a card with its
//! audit event). Writes during the backup may or may not be in it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::support::{
    Api, BIN, Reasons, Reply, STARTUP, Server, cards_by_text, env_usize, import_state,
    integrity_check, log_lines_with, native_export, open_db, retro_in_reflect, run, seed,
    small_incident, sqlite_url, team_with_people, within,
};

const WRITERS: usize = 4;
/// Cards acknowledged before the backup starts, and after it ends, before stopping.
const CARDS_AROUND: usize = 200;

struct Card {
    id: i64,
    text: String,
    sent: Instant,
    acknowledged: Instant,
}

#[derive(Default)]
struct Written {
    cards: Vec<Card>,
    rejected: Reasons,
}

async fn write_cards(
    api: Api,
    token: String,
    retro: i64,
    prompts: Vec<i64>,
    writer: usize,
    stop: Arc<AtomicBool>,
    count: Arc<AtomicUsize>,
) -> Written {
    let mut written = Written::default();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        let text = format!("writer {writer} card {n}");
        let body = json!({"prompt_id": prompts[n % prompts.len()], "text": text});
        let sent = Instant::now();
        match api
            .post(&format!("/api/v1/retros/{retro}/cards"), &token, &body)
            .await
        {
            Reply::Ok(card) => {
                written.cards.push(Card {
                    id: card["id"].as_i64().expect("the card's id"),
                    text,
                    sent,
                    acknowledged: Instant::now(),
                });
                count.fetch_add(1, Ordering::Relaxed);
            }
            other => written.rejected.add(format!("{other:?}")),
        }
        n += 1;
    }
    written
}

/// Waits (bounded) until `count` reaches `target`.
async fn until_count(count: &AtomicUsize, target: usize) {
    within("the card writers", STARTUP, async {
        while count.load(Ordering::Relaxed) < target {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
}

#[test]
fn a_backup_taken_under_write_load_is_a_consistent_snapshot_a_server_can_open() {
    run(backup_under_load);
}

async fn backup_under_load() {
    let entries = env_usize("HINDSIGHT_RELIABILITY_IMPORT_ENTRIES", 30_000);
    let seed = seed();
    let mut rng = StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(&dir.path().join("live.db"));
    let copy = dir.path().join("backup.db");
    let log = dir.path().join("serve.log");
    let people = team_with_people(&url, "backup", WRITERS + 1).await;
    let owner = &people[0].token;
    let server = Server::start(&url, &log).await;
    let incident = small_incident(&server.api, "backup", owner, "backup-base").await;
    let (retro, prompts) = retro_in_reflect(&server.api, owner, incident, 3).await;

    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (1..=WRITERS)
        .map(|w| {
            tokio::spawn(write_cards(
                server.api.another_client(),
                people[w].token.clone(),
                retro,
                prompts.clone(),
                w,
                stop.clone(),
                count.clone(),
            ))
        })
        .collect();
    until_count(&count, CARDS_AROUND).await;

    // A large import in flight too: it is one transaction, in the copy whole or not at all.
    let import = tokio::spawn({
        let api = server.api.another_client();
        let token = owner.clone();
        let export = native_export("backup-import", entries);
        async move {
            let reply = api
                .post_bytes("/api/v1/teams/backup/imports?format=native", &token, export)
                .await;
            (reply, Instant::now())
        }
    });
    let delay = rng.gen_range(0..=1500);
    tokio::time::sleep(Duration::from_millis(delay)).await;

    let backup_started = Instant::now();
    let backup = within(
        "hindsight backup",
        STARTUP * 2,
        tokio::process::Command::new(BIN)
            .args(["backup", "--database-url", &url])
            .arg(&copy)
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("run hindsight backup");
    let backup_finished = Instant::now();
    let before_end = count.load(Ordering::Relaxed);
    until_count(&count, before_end + CARDS_AROUND).await;
    stop.store(true, Ordering::Relaxed);

    let mut cards = Vec::new();
    let mut rejected = Reasons::default();
    for writer in writers {
        let written = within("a card writer", STARTUP, writer)
            .await
            .expect("writer task");
        cards.extend(written.cards);
        rejected.merge(written.rejected);
    }
    let (import_reply, import_answered) = within("the import", STARTUP * 2, import)
        .await
        .expect("import task");
    let import_outcome = import_reply.expect_ok("the import under load");
    assert_eq!(import_outcome["entries_total"], entries, "{import_outcome}");
    server.kill().await;
    assert!(
        backup.status.success(),
        "hindsight backup failed: {}",
        String::from_utf8_lossy(&backup.stderr)
    );
    assert!(
        rejected.0.is_empty(),
        "cards were refused: {}",
        rejected.show()
    );

    // The copy, read directly.
    let copy_url = sqlite_url(&copy);
    let db = open_db(&copy_url).await;
    let integrity = integrity_check(&db).await;
    let stored = cards_by_text(&db, retro).await;
    let (incidents, import_rows) = import_state(&db, "backup-import").await;
    let (card_events,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_event WHERE action = 'retro.card_added' AND object_type = 'retro' AND object_id = $1",
    )
    .bind(retro)
    .fetch_one(db.pool())
    .await
    .expect("count audit events");
    db.close().await;

    let stored_count: usize = stored.values().map(Vec::len).sum();
    let newest_stored = stored.values().flatten().copied().max().unwrap_or(0);
    let acknowledged_before: Vec<&Card> = cards
        .iter()
        .filter(|c| c.acknowledged < backup_started)
        .collect();
    let sent_after: Vec<&Card> = cards.iter().filter(|c| c.sent > backup_finished).collect();
    let mut problems = Vec::new();
    for card in &acknowledged_before {
        if stored.get(&card.text).map(Vec::as_slice) != Some(&[card.id]) {
            problems.push(format!(
                "card {} {:?}, acknowledged before the backup started: stored as {:?}",
                card.id,
                card.text,
                stored.get(&card.text)
            ));
        }
    }
    for card in &sent_after {
        if stored.contains_key(&card.text) {
            problems.push(format!(
                "card {} {:?}, sent after the backup ended, is in it",
                card.id, card.text
            ));
        }
    }
    // A snapshot holds a prefix of the commits: no acknowledged card older than the
    // newest stored one may be missing.
    for card in cards.iter().filter(|c| c.id <= newest_stored) {
        if stored.get(&card.text).map(Vec::as_slice) != Some(&[card.id]) {
            problems.push(format!(
                "card {} {:?} is missing though card {newest_stored}, written after it, is in the copy",
                card.id, card.text
            ));
        }
    }
    let known: std::collections::HashSet<&str> = cards.iter().map(|c| c.text.as_str()).collect();
    for text in stored.keys() {
        if !known.contains(text.as_str()) {
            problems.push(format!(
                "card {text:?} is in the copy but was never acknowledged"
            ));
        }
    }
    let import_whole = matches!((incidents, import_rows), (0, 0))
        || (incidents, import_rows) == (1, entries as i64);
    let import_in_copy = incidents == 1;
    let import_acknowledged_before = import_answered < backup_started;
    let during = cards.len() - acknowledged_before.len() - sent_after.len();
    let during_in_copy = cards
        .iter()
        .filter(|c| c.acknowledged >= backup_started && c.sent <= backup_finished)
        .filter(|c| stored.contains_key(&c.text))
        .count();
    println!(
        "backup: {} cards acknowledged before it started, {} found in the copy; {during} written during it ({during_in_copy} in the copy); {} sent after it ended, {} in the copy",
        acknowledged_before.len(),
        acknowledged_before
            .iter()
            .filter(|c| stored.get(&c.text).map(Vec::as_slice) == Some(&[c.id]))
            .count(),
        sent_after.len(),
        sent_after
            .iter()
            .filter(|c| stored.contains_key(&c.text))
            .count()
    );
    println!(
        "backup: import of {entries} entries {} the copy ({} entries; acknowledged {} the backup started); card audit events {card_events} for {stored_count} cards; integrity_check {integrity}",
        if import_in_copy { "in" } else { "not in" },
        import_rows,
        if import_acknowledged_before {
            "before"
        } else {
            "after"
        },
    );
    assert_eq!(integrity, "ok", "integrity_check of the copy");
    assert!(
        import_whole,
        "the import is partly in the copy: {incidents} incidents, {import_rows} entries"
    );
    assert!(
        import_in_copy || !import_acknowledged_before,
        "the import was acknowledged before the backup started but is not in it"
    );
    assert_eq!(
        card_events, stored_count as i64,
        "each card in the copy has its audit event, and no event lacks its card"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems[..problems.len().min(20)].join("\n")
    );

    // A fresh server on the copy opens it and shows what it holds.
    let copy_log = dir.path().join("serve-copy.log");
    let restored = Server::start(&copy_url, &copy_log).await;
    let shown = restored
        .api
        .get(&format!("/api/v1/retros/{retro}"), owner)
        .await
        .expect_ok("the retro, served from the copy");
    let texts: std::collections::HashSet<&str> = shown["cards"]
        .as_array()
        .expect("cards")
        .iter()
        .filter_map(|c| c["text"].as_str())
        .collect();
    let missing = acknowledged_before
        .iter()
        .filter(|c| !texts.contains(c.text.as_str()))
        .count();
    restored.kill().await;
    println!(
        "backup: a server on the copy shows {} cards; {missing} of those acknowledged before the backup missing",
        texts.len()
    );
    assert_eq!(
        missing, 0,
        "cards acknowledged before the backup, missing from the restored server"
    );
    assert_eq!(
        texts.len(),
        stored_count,
        "the restored server shows every stored card"
    );
    for log in [&log, &copy_log] {
        let locked = log_lines_with(log, "database is locked");
        assert!(
            locked.is_empty(),
            "the log mentions a locked database:\n{}",
            locked.join("\n")
        );
    }
    let backup_stderr = String::from_utf8_lossy(&backup.stderr);
    assert!(
        !backup_stderr.contains("database is locked"),
        "{backup_stderr}"
    );
}
