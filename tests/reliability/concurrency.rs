//! Concurrency: 100 clients send 50 mixed writes each, all at once, to one server —
//! cards, votes cast and taken back, action item edits — and every acknowledged write
//! must be stored exactly once, nothing may fail with a 5xx or a locked database, and no
//! one may hold more votes than the retro allows.

use std::collections::BTreeMap;
use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use tokio::sync::Barrier;

use crate::support::{
    Api, Reasons, Reply, STARTUP, Server, card_problems, cards_by_text, env_usize, integrity_check,
    log_lines_with, open_db, retro_in_reflect, run, seed, set_phase, small_incident, sqlite_url,
    team_with_people, within,
};

const PEOPLE: usize = 25;
const THEMES: usize = 5;
const ACTIONS: usize = 10;
const VOTE_LIMIT: i64 = 3;

/// What one client did and what it was told.
#[derive(Default)]
struct Tally {
    attempted: BTreeMap<&'static str, usize>,
    acknowledged: BTreeMap<&'static str, usize>,
    cards: Vec<(i64, String)>,
    /// (person, theme) → votes cast minus votes taken back, acknowledged.
    votes: BTreeMap<(i64, i64), i64>,
    /// Titles set on items, acknowledged: (item, title).
    edits: Vec<(i64, String)>,
    /// The lowest `votes_left` any vote was answered with.
    fewest_votes_left: i64,
    refused: Reasons,
    failed: Reasons,
    lost: Reasons,
    locked: Vec<String>,
}

struct Plan {
    client: usize,
    person: i64,
    token: String,
    cards_retro: i64,
    prompts: Vec<i64>,
    votes_retro: i64,
    themes: Vec<i64>,
    actions: Vec<i64>,
    writes: usize,
    seed: u64,
}

async fn client(api: Api, plan: Plan, start: Arc<Barrier>) -> Tally {
    let mut rng = StdRng::seed_from_u64(plan.seed.wrapping_add(plan.client as u64));
    let mut tally = Tally {
        fewest_votes_left: VOTE_LIMIT,
        ..Tally::default()
    };
    start.wait().await;
    for n in 0..plan.writes {
        let (kind, reply) = match rng.gen_range(0..4) {
            0 => {
                let text = format!("client {} card {n}", plan.client);
                let body = json!({"prompt_id": plan.prompts[rng.gen_range(0..plan.prompts.len())], "text": text});
                let reply = api
                    .post(
                        &format!("/api/v1/retros/{}/cards", plan.cards_retro),
                        &plan.token,
                        &body,
                    )
                    .await;
                if let Reply::Ok(card) = &reply {
                    tally
                        .cards
                        .push((card["id"].as_i64().expect("the card's id"), text));
                }
                ("card", reply)
            }
            choice @ (1 | 2) => {
                let theme = plan.themes[rng.gen_range(0..plan.themes.len())];
                let path = format!("/api/v1/retros/{}/votes", plan.votes_retro);
                let body = json!({ "theme_id": theme });
                let (kind, reply, change) = if choice == 1 {
                    ("vote", api.post(&path, &plan.token, &body).await, 1)
                } else {
                    ("unvote", api.delete(&path, &plan.token, &body).await, -1)
                };
                if let Reply::Ok(answer) = &reply {
                    *tally.votes.entry((plan.person, theme)).or_insert(0) += change;
                    let left = answer["votes_left"].as_i64().expect("votes_left");
                    tally.fewest_votes_left = tally.fewest_votes_left.min(left);
                }
                (kind, reply)
            }
            _ => {
                let action = plan.actions[rng.gen_range(0..plan.actions.len())];
                let title = format!("client {} title {n}", plan.client);
                let reply = api
                    .patch(
                        &format!("/api/v1/actions/{action}"),
                        &plan.token,
                        &json!({ "title": title }),
                    )
                    .await;
                if let Reply::Ok(item) = &reply {
                    assert_eq!(item["id"], action, "the edit answered with another item");
                    tally.edits.push((action, title));
                }
                ("edit", reply)
            }
        };
        *tally.attempted.entry(kind).or_insert(0) += 1;
        if reply.text().contains("database is locked") {
            tally.locked.push(format!("{kind}: {}", reply.text()));
        }
        match reply {
            Reply::Ok(_) => *tally.acknowledged.entry(kind).or_insert(0) += 1,
            Reply::Refused(status, message) => {
                tally.refused.add(format!("{kind}: {status} {message}"))
            }
            Reply::Failed(status, message) => {
                tally.failed.add(format!("{kind}: {status} {message}"))
            }
            Reply::Lost(error) => tally.lost.add(format!("{kind}: {error}")),
        }
    }
    tally
}

#[test]
fn a_hundred_clients_writing_at_once_lose_nothing_and_never_exceed_the_vote_limit() {
    run(concurrency);
}

async fn concurrency() {
    let clients = env_usize("HINDSIGHT_RELIABILITY_CLIENTS", 100);
    let writes = env_usize("HINDSIGHT_RELIABILITY_WRITES", 50);
    let seed = seed();
    println!(
        "concurrency: {clients} clients × {writes} writes, {PEOPLE} people (several clients each), seed {seed}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(&dir.path().join("load.db"));
    let log = dir.path().join("serve.log");
    let people = team_with_people(&url, "load", PEOPLE).await;
    let owner = &people[0].token;
    let server = Server::start(&url, &log).await;
    let api = &server.api;

    let incident = small_incident(api, "load", owner, "load-base").await;
    let (cards_retro, prompts) = retro_in_reflect(api, owner, incident, VOTE_LIMIT).await;
    let (votes_retro, _) = retro_in_reflect(api, owner, incident, VOTE_LIMIT).await;
    set_phase(api, owner, votes_retro, "group").await;
    let mut themes = Vec::new();
    for t in 0..THEMES {
        let theme = api
            .post(
                &format!("/api/v1/retros/{votes_retro}/themes"),
                owner,
                &json!({"title": format!("Theme {t}"), "card_ids": []}),
            )
            .await
            .expect_ok("create a theme");
        themes.push(theme["id"].as_i64().expect("a theme id"));
    }
    set_phase(api, owner, votes_retro, "vote").await;
    let mut actions = Vec::new();
    for a in 0..ACTIONS {
        let item = api
            .post(
                "/api/v1/actions",
                owner,
                &json!({"incident_id": incident, "title": format!("Item {a}"), "type": "prevent", "priority": "P2"}),
            )
            .await
            .expect_ok("create an action item");
        actions.push(item["id"].as_i64().expect("an item id"));
    }

    let start = Arc::new(Barrier::new(clients));
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let person = &people[c % PEOPLE];
            let plan = Plan {
                client: c,
                person: person.id,
                token: person.token.clone(),
                cards_retro,
                prompts: prompts.clone(),
                votes_retro,
                themes: themes.clone(),
                actions: actions.clone(),
                writes,
                seed,
            };
            tokio::spawn(client(api.another_client(), plan, start.clone()))
        })
        .collect();
    let mut total = Tally {
        fewest_votes_left: VOTE_LIMIT,
        ..Tally::default()
    };
    for task in tasks {
        let tally = within("a client's writes", STARTUP * 10, task)
            .await
            .expect("client task");
        for (kind, n) in tally.attempted {
            *total.attempted.entry(kind).or_insert(0) += n;
        }
        for (kind, n) in tally.acknowledged {
            *total.acknowledged.entry(kind).or_insert(0) += n;
        }
        total.cards.extend(tally.cards);
        for (key, n) in tally.votes {
            *total.votes.entry(key).or_insert(0) += n;
        }
        total.edits.extend(tally.edits);
        total.fewest_votes_left = total.fewest_votes_left.min(tally.fewest_votes_left);
        total.refused.merge(tally.refused);
        total.failed.merge(tally.failed);
        total.lost.merge(tally.lost);
        total.locked.extend(tally.locked);
    }
    server.kill().await;

    let db = open_db(&url).await;
    assert_eq!(integrity_check(&db).await, "ok");
    // Cards: each acknowledged one stored once, under its id; nothing else stored.
    let cards = cards_by_text(&db, cards_retro).await;
    let card_problems = card_problems(&cards, &total.cards);
    let stored_cards: usize = cards.values().map(Vec::len).sum();
    // Votes: what each person was told they hold, per theme, is what is stored.
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT user_id, theme_id, COUNT(*) FROM retro_vote WHERE retro_id = $1 GROUP BY user_id, theme_id",
    )
    .bind(votes_retro)
    .fetch_all(db.pool())
    .await
    .expect("read the votes");
    let stored_votes: BTreeMap<(i64, i64), i64> =
        rows.into_iter().map(|(u, t, n)| ((u, t), n)).collect();
    let mut vote_problems = Vec::new();
    for key in total.votes.keys().chain(stored_votes.keys()) {
        let told = total.votes.get(key).copied().unwrap_or(0);
        let stored = stored_votes.get(key).copied().unwrap_or(0);
        if told != stored {
            vote_problems.push(format!(
                "person {} theme {}: acknowledged net {told}, stored {stored}",
                key.0, key.1
            ));
        }
    }
    let mut per_person: BTreeMap<i64, i64> = BTreeMap::new();
    for ((person, _), n) in &stored_votes {
        *per_person.entry(*person).or_insert(0) += n;
    }
    let most_votes = per_person.values().copied().max().unwrap_or(0);
    // Edits: each acknowledged title recorded once in its item's history, and each item
    // ends with the title of its last recorded change.
    let history: Vec<(i64, i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT id, action_id, old_value, new_value FROM action_item_history WHERE field = 'title' ORDER BY id",
    )
    .fetch_all(db.pool())
    .await
    .expect("read the history");
    let mut recorded: BTreeMap<(i64, String), usize> = BTreeMap::new();
    let mut last_title: BTreeMap<i64, String> = BTreeMap::new();
    let mut chain_breaks = Vec::new();
    for (id, action, old, new) in &history {
        let new = new.clone().unwrap_or_default();
        *recorded.entry((*action, new.clone())).or_insert(0) += 1;
        let before = last_title.get(action).cloned().unwrap_or_else(|| {
            format!(
                "Item {}",
                actions
                    .iter()
                    .position(|a| a == action)
                    .unwrap_or(usize::MAX)
            )
        });
        if old.as_deref() != Some(before.as_str()) {
            chain_breaks.push(format!(
                "history {id} of item {action}: from {old:?} to {new:?}, but the title then was {before:?}"
            ));
        }
        last_title.insert(*action, new);
    }
    let mut edit_problems = Vec::new();
    for (action, title) in &total.edits {
        let copies = recorded
            .get(&(*action, title.clone()))
            .copied()
            .unwrap_or(0);
        if copies != 1 {
            edit_problems.push(format!(
                "item {action} title {title:?}: recorded {copies} times"
            ));
        }
    }
    if history.len() != total.edits.len() {
        edit_problems.push(format!(
            "{} title changes recorded for {} acknowledged edits",
            history.len(),
            total.edits.len()
        ));
    }
    for action in &actions {
        let (title,): (String,) = sqlx::query_as("SELECT title FROM action_item WHERE id = $1")
            .bind(action)
            .fetch_one(db.pool())
            .await
            .expect("read an item");
        if let Some(last) = last_title.get(action)
            && *last != title
        {
            edit_problems.push(format!(
                "item {action} is titled {title:?}, its last change says {last:?}"
            ));
        }
    }
    db.close().await;
    let locked_in_log = log_lines_with(&log, "database is locked");

    let attempted: usize = total.attempted.values().sum();
    let acknowledged: usize = total.acknowledged.values().sum();
    let found_votes: i64 = total
        .votes
        .iter()
        .filter(|(key, n)| stored_votes.get(key).copied().unwrap_or(0) == **n)
        .map(|(_, n)| *n)
        .sum();
    println!(
        "concurrency: writes attempted {attempted} ({:?}), acknowledged {acknowledged} ({:?})",
        total.attempted, total.acknowledged
    );
    println!(
        "concurrency: found: cards {} of {} acknowledged ({stored_cards} stored), title edits {} of {} ({} recorded), net votes {found_votes} of {}",
        total.cards.len() - card_problems.len(),
        total.cards.len(),
        total.edits.len() - edit_problems.len().min(total.edits.len()),
        total.edits.len(),
        history.len(),
        total.votes.values().sum::<i64>()
    );
    println!(
        "concurrency: votes per person at most {most_votes} (limit {VOTE_LIMIT}); fewest votes_left answered {}",
        total.fewest_votes_left
    );
    println!(
        "concurrency: refused {}: {}",
        total.refused.total(),
        total.refused.show()
    );
    println!(
        "concurrency: 5xx {}: {}; lost {}: {}; \"database is locked\": {} in answers, {} in the log",
        total.failed.total(),
        total.failed.show(),
        total.lost.total(),
        total.lost.show(),
        total.locked.len(),
        locked_in_log.len()
    );
    println!(
        "concurrency: item histories out of order: {}",
        chain_breaks.len()
    );

    assert_eq!(
        total.failed.total(),
        0,
        "5xx answers: {}",
        total.failed.show()
    );
    assert_eq!(
        total.lost.total(),
        0,
        "unanswered requests: {}",
        total.lost.show()
    );
    assert!(
        total.locked.is_empty(),
        "answers mention a locked database: {:?}",
        total.locked
    );
    assert!(
        locked_in_log.is_empty(),
        "the log mentions a locked database:\n{}",
        locked_in_log.join("\n")
    );
    assert!(
        card_problems.is_empty(),
        "cards:\n{}",
        card_problems.join("\n")
    );
    assert_eq!(
        stored_cards,
        total.cards.len(),
        "cards stored that were not acknowledged"
    );
    assert!(
        vote_problems.is_empty(),
        "votes:\n{}",
        vote_problems.join("\n")
    );
    assert!(
        most_votes <= VOTE_LIMIT,
        "someone holds {most_votes} votes: {per_person:?}"
    );
    assert!(
        total.fewest_votes_left >= 0,
        "a vote was answered with {} votes left",
        total.fewest_votes_left
    );
    for reason in total.refused.0.keys() {
        assert!(
            reason.starts_with("vote: 409") || reason.starts_with("unvote: 409"),
            "only votes over the limit or without a vote to take back may be refused: {reason}"
        );
    }
    assert!(
        edit_problems.is_empty(),
        "edits:\n{}",
        edit_problems.join("\n")
    );
    assert!(
        chain_breaks.is_empty(),
        "{} title changes were recorded from a title the item no longer had (the change read the item before taking the write lock):\n{}",
        chain_breaks.len(),
        chain_breaks[..chain_breaks.len().min(10)].join("\n")
    );
}
