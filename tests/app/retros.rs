use std::time::Duration;

use hindsight::accounts::teams::{Team, TeamRole};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{Browser, TestApp, spawn_app, texts};

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");

struct Meeting {
    app: TestApp,
    team: Team,
    incident: i64,
    retro: i64,
    facilitator: Browser,
    ana: Browser,
    ben: Browser,
}

impl Meeting {
    fn path(&self, rest: &str) -> String {
        format!("/teams/{}/retros/{}{rest}", self.team.slug, self.retro)
    }

    async fn phase(&self, phase: &str) {
        let response = self
            .facilitator
            .post_form(&self.path("/phase"), &[("phase", phase)])
            .await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "moving to {phase}"
        );
    }

    async fn prompt_id(&self) -> i64 {
        self.app
            .count(&format!(
                "SELECT MIN(id) FROM retro_prompt WHERE retro_id = {}",
                self.retro
            ))
            .await
    }
}

/// An anonymous retro on the Dyn incident: Fay facilitates, Ana and Ben take part.
async fn meeting(anonymous: bool) -> Meeting {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let incident = app.import(&team, DYN).await;
    let facilitator = app
        .sign_in_as(&team, "fay@example.com", TeamRole::Member)
        .await;
    let ana = app
        .sign_in_as(&team, "ana@example.com", TeamRole::Member)
        .await;
    let ben = app
        .sign_in_as(&team, "ben@example.com", TeamRole::Member)
        .await;
    let fay = app
        .count("SELECT id FROM app_user WHERE email = 'fay@example.com'")
        .await
        .to_string();
    let mut fields = vec![
        ("template", "builtin:blameless"),
        ("facilitator", fay.as_str()),
        ("vote_limit", "3"),
    ];
    if anonymous {
        fields.push(("anonymous", "on"));
    }
    let started = facilitator
        .post_form(&format!("/teams/ops/incidents/{incident}/retros"), &fields)
        .await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    let retro = app.count("SELECT MAX(id) FROM retro").await;
    Meeting {
        app,
        team,
        incident,
        retro,
        facilitator,
        ana,
        ben,
    }
}

/// Reads a server-sent-events response until `done` says so or `limit` passes; returns
/// everything read.
async fn read_events(
    response: &mut reqwest::Response,
    limit: Duration,
    done: impl Fn(&str) -> bool,
) -> String {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + limit;
    while !done(&seen) {
        match tokio::time::timeout_at(deadline, response.chunk()).await {
            Ok(Ok(Some(chunk))) => seen.push_str(&String::from_utf8_lossy(&chunk)),
            _ => break,
        }
    }
    seen
}

#[tokio::test]
async fn only_the_facilitator_or_an_owner_moves_the_meeting() {
    let m = meeting(true).await;
    let refused = m
        .ana
        .post_form(&m.path("/phase"), &[("phase", "reflect")])
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    m.phase("timeline").await;
    let owner = m
        .app
        .sign_in_as(&m.team, "olga@example.com", TeamRole::Owner)
        .await;
    assert_eq!(
        owner
            .post_form(&m.path("/phase"), &[("phase", "reflect")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let viewer = m
        .app
        .sign_in_as(&m.team, "vic@example.com", TeamRole::Viewer)
        .await;
    assert_eq!(
        viewer.get(&m.path("")).await.status(),
        StatusCode::OK,
        "viewers watch"
    );
    let prompt = m.prompt_id().await.to_string();
    let card = viewer
        .post_form(
            &m.path("/cards"),
            &[("prompt_id", &prompt), ("text", "hello")],
        )
        .await;
    assert_eq!(card.status(), StatusCode::FORBIDDEN, "but do not write");
    assert_eq!(
        m.app
            .count("SELECT COUNT(*) FROM audit_event WHERE action = 'retro.phase_changed'")
            .await,
        2
    );
}

#[tokio::test]
async fn cards_only_in_reflect_and_votes_only_in_vote() {
    let m = meeting(false).await;
    let prompt = m.prompt_id().await.to_string();
    let early = m
        .ana
        .post_form(
            &m.path("/cards"),
            &[("prompt_id", &prompt), ("text", "Too early")],
        )
        .await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    m.phase("reflect").await;
    let card = m
        .ana
        .post_form(
            &m.path("/cards"),
            &[("prompt_id", &prompt), ("text", "Alerts fired fast")],
        )
        .await;
    assert_eq!(card.status(), StatusCode::SEE_OTHER);
    let theme = m
        .ana
        .post_form(&m.path("/themes"), &[("title", "Alerting")])
        .await;
    assert_eq!(
        theme.status(),
        StatusCode::CONFLICT,
        "themes belong to Group"
    );
    m.phase("group").await;
    assert_eq!(
        m.ana
            .post_form(&m.path("/themes"), &[("title", "Alerting")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let theme = m
        .app
        .count("SELECT MAX(id) FROM retro_theme")
        .await
        .to_string();
    assert_eq!(
        m.ana
            .post_form(&m.path("/votes"), &[("theme_id", &theme)])
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let late = m
        .ana
        .post_form(
            &m.path("/cards"),
            &[("prompt_id", &prompt), ("text", "Too late")],
        )
        .await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert_eq!(m.app.count("SELECT COUNT(*) FROM retro_card").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_vote_limit_holds_under_concurrent_votes() {
    let m = meeting(false).await;
    m.phase("group").await;
    m.ana
        .post_form(&m.path("/themes"), &[("title", "Alerting")])
        .await;
    let theme = m
        .app
        .count("SELECT MAX(id) FROM retro_theme")
        .await
        .to_string();
    m.phase("vote").await;
    let token = m.ana.csrf_token().await;

    let votes: Vec<_> = (0..20)
        .map(|_| {
            let request = m
                .ana
                .client
                .post(m.app.url(&m.path("/votes")))
                .form(&[("theme_id", theme.clone()), ("csrf_token", token.clone())]);
            tokio::spawn(async move { request.send().await.map(|r| r.status()) })
        })
        .collect();
    let mut statuses = Vec::new();
    for vote in votes {
        statuses.push(vote.await.unwrap().unwrap());
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count(),
        3,
        "{statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count(),
        17
    );
    assert_eq!(m.app.count("SELECT COUNT(*) FROM retro_vote").await, 3);

    let back = m
        .ana
        .post_form(&m.path(&format!("/votes/{theme}/retract")), &[])
        .await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        m.ana
            .post_form(&m.path("/votes"), &[("theme_id", &theme)])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(m.app.count("SELECT COUNT(*) FROM retro_vote").await, 3);
}

#[tokio::test]
async fn an_anonymous_card_reaches_no_one_else_before_the_reveal_and_no_one_learns_its_author() {
    let m = meeting(true).await;
    m.phase("reflect").await;
    let prompt = m.prompt_id().await;
    let secret = "the rollback runbook pointed at the old cluster";

    // Ben is watching live, in the browser and through the API.
    let mut ben_stream = m.ben.get(&m.path("/events")).await;
    assert_eq!(ben_stream.status(), StatusCode::OK);
    let ben_user = m
        .app
        .count("SELECT id FROM app_user WHERE email = 'ben@example.com'")
        .await;
    let ben_token = hindsight::api::tokens::create_token(
        &m.app.db,
        hindsight::accounts::UserId(ben_user),
        "bot",
    )
    .await
    .unwrap()
    .1;
    let mut ben_api_stream = reqwest::Client::new()
        .get(m.app.url(&format!("/api/v1/retros/{}/events", m.retro)))
        .bearer_auth(&ben_token)
        .send()
        .await
        .unwrap();
    assert_eq!(ben_api_stream.status(), StatusCode::OK);
    read_events(&mut ben_stream, Duration::from_secs(5), |s| {
        s.contains("event: sync")
    })
    .await;
    read_events(&mut ben_api_stream, Duration::from_secs(5), |s| {
        s.contains("\"sync\"")
    })
    .await;

    let added = m
        .ana
        .post_form(
            &m.path("/cards"),
            &[("prompt_id", &prompt.to_string()), ("text", secret)],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let (_, anas_page) = m.ana.get_text(&m.path("")).await;
    assert!(anas_page.contains(secret), "the author sees her own card");

    let count_shown = format!("prompt-{prompt}-count");
    let seen_live = read_events(&mut ben_stream, Duration::from_secs(5), |s| {
        s.contains("1 card")
    })
    .await;
    assert!(
        seen_live.contains(&count_shown) && seen_live.contains("1 card"),
        "Ben sees the count live: {seen_live}"
    );
    let seen_api = read_events(&mut ben_api_stream, Duration::from_secs(5), |s| {
        s.contains("card_added")
    })
    .await;
    assert!(seen_api.contains("\"prompt_count\":1"), "{seen_api}");
    let ben_token_ref = &ben_token;
    let (_, bens_page) = m.ben.get_text(&m.path("")).await;
    let api_state: Value = reqwest::Client::new()
        .get(m.app.url(&format!("/api/v1/retros/{}", m.retro)))
        .bearer_auth(ben_token_ref)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for (what, seen) in [
        ("live page", &seen_live),
        ("API stream", &seen_api),
        ("page", &bens_page),
        ("API", &api_state.to_string()),
    ] {
        assert!(
            !seen.contains(secret),
            "Ben's {what} shows Ana's hidden card: {seen}"
        );
    }
    assert_eq!(api_state["cards"], json!([]));
    assert_eq!(api_state["prompts"][0]["card_count"], 1);

    let revealed = m.facilitator.post_form(&m.path("/reveal"), &[]).await;
    assert_eq!(revealed.status(), StatusCode::SEE_OTHER);
    assert!(
        read_events(&mut ben_stream, Duration::from_secs(5), |s| s
            .contains("event: reload"))
        .await
        .contains("event: reload")
    );

    let card = m.app.count("SELECT MAX(id) FROM retro_card").await;
    let (_, bens_page) = m.ben.get_text(&m.path("")).await;
    let card_text = texts(&bens_page, &format!("#card-{card}")).join(" ");
    assert!(card_text.contains(secret), "revealed: {card_text}");
    for name in ["ana@example.com", "Ana"] {
        assert!(
            !card_text.contains(name),
            "the card names its author: {card_text}"
        );
    }
    let api_state: Value = reqwest::Client::new()
        .get(m.app.url(&format!("/api/v1/retros/{}", m.retro)))
        .bearer_auth(ben_token_ref)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api_state["cards"][0]["text"], secret);
    assert!(api_state["cards"][0].get("author").is_none());
    let audit_actors = m.app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'retro.card_added' AND actor_id IS NOT NULL").await;
    assert_eq!(
        audit_actors, 0,
        "not even the audit trail names an anonymous author"
    );
}

#[tokio::test]
async fn a_whole_meeting_ends_in_a_summary_with_themes_votes_notes_and_actions() {
    let m = meeting(true).await;
    let prompt = m.prompt_id().await.to_string();
    let entry = m
        .app
        .count("SELECT MIN(id) FROM timeline_entry")
        .await
        .to_string();
    m.phase("timeline").await;
    let question = m
        .ben
        .post_form(
            &m.path("/questions"),
            &[
                ("entry_id", &entry),
                ("text", "How did the alert reach the NOC?"),
            ],
        )
        .await;
    assert_eq!(question.status(), StatusCode::SEE_OTHER);
    m.phase("reflect").await;
    m.ana
        .post_form(
            &m.path("/cards"),
            &[
                ("prompt_id", &prompt),
                ("text", "Scrubbing capacity was added within hours"),
            ],
        )
        .await;
    m.ben
        .post_form(
            &m.path("/cards"),
            &[
                ("prompt_id", &prompt),
                ("text", "Upstream providers answered quickly"),
            ],
        )
        .await;
    m.facilitator.post_form(&m.path("/reveal"), &[]).await;
    m.phase("group").await;
    let cards: Vec<String> = sqlx::query_as::<_, (i64,)>("SELECT id FROM retro_card ORDER BY id")
        .fetch_all(m.app.db.pool())
        .await
        .unwrap()
        .into_iter()
        .map(|(id,)| id.to_string())
        .collect();
    let theme = m
        .ana
        .post_form(
            &m.path("/themes"),
            &[
                ("title", "Partners helped"),
                ("card_ids", &cards[0]),
                ("card_ids", &cards[1]),
            ],
        )
        .await;
    assert_eq!(theme.status(), StatusCode::SEE_OTHER);
    let theme = m
        .app
        .count("SELECT MAX(id) FROM retro_theme")
        .await
        .to_string();
    m.phase("vote").await;
    for voter in [&m.ana, &m.ben] {
        assert_eq!(
            voter
                .post_form(&m.path("/votes"), &[("theme_id", &theme)])
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
    }
    m.phase("discuss").await;
    let note = m
        .ben
        .post_form(
            &m.path(&format!("/themes/{theme}/notes")),
            &[("text", "Keep the provider contacts current")],
        )
        .await;
    assert_eq!(note.status(), StatusCode::SEE_OTHER);
    m.phase("actions").await;
    let owner = m
        .app
        .count("SELECT id FROM app_user WHERE email = 'ben@example.com'")
        .await
        .to_string();
    let action = m
        .ana
        .post_form(
            &m.path("/actions"),
            &[
                ("title", "Review provider escalation contacts quarterly"),
                ("theme_id", &theme),
                ("type", "process"),
                ("owner", &owner),
                ("priority", "P2"),
                ("due_date", "2026-12-31"),
            ],
        )
        .await;
    assert_eq!(action.status(), StatusCode::SEE_OTHER);
    let bad = m
        .ana
        .post_form(
            &m.path("/actions"),
            &[("title", "x"), ("type", "blame"), ("priority", "P2")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    m.phase("closed").await;

    let (_, summary) = m.ben.get_text(&m.path("")).await;
    assert!(
        texts(&summary, ".theme h4")
            .join(" ")
            .contains("Partners helped 2 votes"),
        "{summary}"
    );
    assert!(summary.contains("Keep the provider contacts current"));
    assert!(summary.contains("Review provider escalation contacts quarterly"));
    let attendees = texts(&summary, "#board h3 + p").join(" ");
    assert!(
        attendees.contains("ana@example.com") && attendees.contains("ben@example.com"),
        "{attendees}"
    );
    let markdown = m.ben.get(&m.path("/summary.md")).await;
    assert_eq!(markdown.status(), StatusCode::OK);
    let markdown = markdown.text().await.unwrap();
    assert!(
        markdown.contains("### Partners helped (2 votes)")
            && markdown.contains("| Review provider escalation contacts quarterly | process |"),
        "{markdown}"
    );
    assert_eq!(
        m.app
            .count(
                "SELECT COUNT(*) FROM action_item WHERE status = 'open' AND due_date = '2026-12-31'"
            )
            .await,
        1
    );
    let reopen = m
        .facilitator
        .post_form(&m.path("/phase"), &[("phase", "discuss")])
        .await;
    assert_eq!(reopen.status(), StatusCode::CONFLICT);
    assert_eq!(
        m.incident,
        m.app.count("SELECT incident_id FROM retro").await
    );
}

#[tokio::test]
async fn the_api_runs_a_meeting_with_the_browsers_rules() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let incident = app.import(&team, DYN).await;
    let token_of = |email: &'static str, role| {
        let app = &app;
        let team = &team;
        async move {
            let user = app.create_user(email, email, false).await;
            app.add_member(team, email, role).await;
            hindsight::api::tokens::create_token(&app.db, user, "bot")
                .await
                .unwrap()
                .1
        }
    };
    let fay = token_of("fay@example.com", TeamRole::Member).await;
    let ana = token_of("ana@example.com", TeamRole::Member).await;
    let client = reqwest::Client::new();
    let call = |method: reqwest::Method, token: &str, path: &str, body: Value| {
        client
            .request(method, app.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    use reqwest::Method;

    let started = call(
        Method::POST,
        &fay,
        &format!("/api/v1/incidents/{incident}/retros"),
        json!({"vote_limit": 1}),
    )
    .await
    .unwrap();
    assert_eq!(started.status(), StatusCode::OK);
    let retro = started.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let base = format!("/api/v1/retros/{retro}");
    let state: Value = call(Method::GET, &ana, &base, json!({}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["phase"], "prepare");
    assert_eq!(state["prompts"].as_array().unwrap().len(), 4);
    let prompt = state["prompts"][0]["id"].as_i64().unwrap();

    let early = call(
        Method::POST,
        &ana,
        &format!("{base}/cards"),
        json!({"prompt_id": prompt, "text": "x"}),
    )
    .await
    .unwrap();
    assert_eq!(early.status(), StatusCode::CONFLICT);
    assert!(
        early.json::<Value>().await.unwrap()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Reflect")
    );
    let not_facilitator = call(
        Method::POST,
        &ana,
        &format!("{base}/phase"),
        json!({"phase": "reflect"}),
    )
    .await
    .unwrap();
    assert_eq!(not_facilitator.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        call(
            Method::POST,
            &fay,
            &format!("{base}/phase"),
            json!({"phase": "reflect"})
        )
        .await
        .unwrap()
        .status(),
        StatusCode::OK
    );
    let bad_phase = call(
        Method::POST,
        &fay,
        &format!("{base}/phase"),
        json!({"phase": "party"}),
    )
    .await
    .unwrap();
    assert_eq!(bad_phase.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let card = call(
        Method::POST,
        &ana,
        &format!("{base}/cards"),
        json!({"prompt_id": prompt, "text": "Alerts were clear"}),
    )
    .await
    .unwrap();
    let card = card.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let missing = call(
        Method::POST,
        &ana,
        &format!("{base}/cards"),
        json!({"text": "no prompt"}),
    )
    .await
    .unwrap();
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fays_view: Value = call(Method::GET, &fay, &base, json!({}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fays_view["cards"], json!([]), "anonymous until revealed");
    assert_eq!(
        call(Method::POST, &fay, &format!("{base}/reveal"), json!({}))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    call(
        Method::POST,
        &fay,
        &format!("{base}/phase"),
        json!({"phase": "group"}),
    )
    .await
    .unwrap();
    let theme = call(
        Method::POST,
        &ana,
        &format!("{base}/themes"),
        json!({"title": "Alerting", "card_ids": [card]}),
    )
    .await
    .unwrap();
    let theme = theme.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    call(
        Method::POST,
        &fay,
        &format!("{base}/phase"),
        json!({"phase": "vote"}),
    )
    .await
    .unwrap();
    let vote = call(
        Method::POST,
        &ana,
        &format!("{base}/votes"),
        json!({"theme_id": theme}),
    )
    .await
    .unwrap();
    assert_eq!(vote.json::<Value>().await.unwrap()["votes_left"], 0);
    let over = call(
        Method::POST,
        &ana,
        &format!("{base}/votes"),
        json!({"theme_id": theme}),
    )
    .await
    .unwrap();
    assert_eq!(over.status(), StatusCode::CONFLICT);
    let back = call(
        Method::DELETE,
        &ana,
        &format!("{base}/votes"),
        json!({"theme_id": theme}),
    )
    .await
    .unwrap();
    assert_eq!(back.json::<Value>().await.unwrap()["votes_left"], 1);

    let outsider_team = app.create_team("web", "Web").await;
    let outsider = token_of("wes@example.com", TeamRole::Owner).await;
    app.add_member(&outsider_team, "wes@example.com", TeamRole::Owner)
        .await;
    sqlx::query("DELETE FROM membership WHERE team_id = $1 AND user_id = (SELECT id FROM app_user WHERE email = 'wes@example.com')")
        .bind(team.id.0)
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(
        call(Method::GET, &outsider, &base, json!({}))
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_team_writes_and_reorders_its_own_prompts_and_starts_a_retro_with_them() {
    let m = meeting(true).await;
    let prompts =
        "Signals: What told us first?\nSurprises\nHand-offs: Where did work change hands?";
    let created = m
        .ana
        .post_form(
            "/teams/ops/templates",
            &[("name", "Our review"), ("prompts", prompts)],
        )
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let template = m.app.count("SELECT MAX(id) FROM retro_template").await;
    let reordered =
        "Hand-offs: Where did work change hands?\nSignals: What told us first?\nSurprises";
    let saved = m
        .ana
        .post_form(
            &format!("/teams/ops/templates/{template}"),
            &[("name", "Our review"), ("prompts", reordered)],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let empty = m
        .ana
        .post_form(
            "/teams/ops/templates",
            &[("name", "Nothing"), ("prompts", "  \n ")],
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let viewer = m
        .app
        .sign_in_as(&m.team, "vic@example.com", TeamRole::Viewer)
        .await;
    assert_eq!(
        viewer
            .post_form("/teams/ops/templates", &[("name", "X"), ("prompts", "Y")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let (_, page) = viewer.get_text("/teams/ops/templates").await;
    assert!(texts(&page, "h2").contains(&"Our review".to_owned()));

    let fay = m
        .app
        .count("SELECT id FROM app_user WHERE email = 'fay@example.com'")
        .await
        .to_string();
    let key = format!("team:{template}");
    let started = m
        .facilitator
        .post_form(
            &format!("/teams/ops/incidents/{}/retros", m.incident),
            &[
                ("template", &key),
                ("facilitator", &fay),
                ("vote_limit", "3"),
            ],
        )
        .await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    let retro = m.app.count("SELECT MAX(id) FROM retro").await;
    let titles: Vec<(String,)> =
        sqlx::query_as("SELECT title FROM retro_prompt WHERE retro_id = $1 ORDER BY position")
            .bind(retro)
            .fetch_all(m.app.db.pool())
            .await
            .unwrap();
    let titles: Vec<String> = titles.into_iter().map(|(t,)| t).collect();
    assert_eq!(titles, ["Hand-offs", "Signals", "Surprises"]);
    let other_team = m.app.create_team("web", "Web").await;
    let wes = m
        .app
        .sign_in_as(&other_team, "wes@example.com", TeamRole::Owner)
        .await;
    let foreign = wes
        .post_form(
            &format!("/teams/web/templates/{template}"),
            &[("name", "Mine"), ("prompts", "A")],
        )
        .await;
    assert_eq!(
        foreign.status(),
        StatusCode::NOT_FOUND,
        "another team's template cannot be changed"
    );
}

#[tokio::test]
async fn the_customer_communication_lens_shows_the_incidents_communication_review() {
    let m = meeting(true).await;
    let fay = m
        .app
        .count("SELECT id FROM app_user WHERE email = 'fay@example.com'")
        .await
        .to_string();
    let started = m
        .facilitator
        .post_form(
            &format!("/teams/ops/incidents/{}/retros", m.incident),
            &[
                ("template", "builtin:customers"),
                ("facilitator", &fay),
                ("vote_limit", "3"),
            ],
        )
        .await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    let retro = m.app.count("SELECT MAX(id) FROM retro").await;
    let path = format!("/teams/ops/retros/{retro}");
    m.facilitator
        .post_form(&format!("{path}/phase"), &[("phase", "reflect")])
        .await;
    let (_, page) = m.ana.get_text(&path).await;
    assert!(
        texts(&page, "#board h2").contains(&"How we kept customers informed".to_owned()),
        "{page}"
    );
    assert_eq!(texts(&page, "#board .update-list tbody tr").len(), 11);
    assert_eq!(texts(&page, "section.prompt h3")[0], "What customers heard");
}

#[tokio::test]
async fn only_the_author_sees_guidance_marked_on_their_card_with_the_teams_own_phrases() {
    let m = meeting(true).await;
    sqlx::query("UPDATE team SET blame_phrases = 'cowboy deploy'")
        .execute(m.app.db.pool())
        .await
        .unwrap();
    m.phase("timeline").await;
    m.phase("reflect").await;
    let (_, page) = m.ana.get_text(&m.path("")).await;
    let prompt = scraper::Html::parse_document(&page)
        .select(&scraper::Selector::parse("input[name=prompt_id]").unwrap())
        .next()
        .and_then(|input| input.value().attr("value").map(str::to_owned))
        .expect("a prompt to write under");
    for text in [
        "Dave should have checked the config",
        "A cowboy deploy skipped the canary",
        "The canary caught it in four minutes",
    ] {
        let added = m
            .ana
            .post_form(&m.path("/cards"), &[("prompt_id", &prompt), ("text", text)])
            .await;
        assert_eq!(added.status(), StatusCode::SEE_OTHER);
    }
    let (_, anas) = m.ana.get_text(&m.path("")).await;
    let marked = texts(&anas, ".retro-card mark.finding");
    assert_eq!(marked.len(), 2, "{marked:?}");
    assert!(
        marked.iter().any(|t| t.contains("should have")),
        "{marked:?}"
    );
    assert!(
        marked.iter().any(|t| t.starts_with("cowboy deploy")),
        "the team's phrase: {marked:?}"
    );
    assert!(anas.contains("role=\"tooltip\""));
    m.phase("group").await;
    let (_, bens) = m.ben.get_text(&m.path("")).await;
    assert!(
        texts(&bens, "mark.finding").is_empty(),
        "others never see suggestions on someone's words"
    );
}
