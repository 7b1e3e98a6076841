//! Retros and imports in Korean: the pages, the refusals, the importers' located errors,
//! and a live meeting where each participant hears it in their own language.

use std::time::Duration;

use hindsight::accounts::teams::{Team, TeamRole};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::common::{Browser, TestApp, spawn_app, texts};

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");

/// A member of `team` who reads the app in Korean (times in Seoul).
async fn korean_member(app: &TestApp, team: &Team, email: &str) -> Browser {
    let browser = app.sign_in_as(team, email, TeamRole::Member).await;
    let saved = browser
        .post_form(
            "/account/preferences",
            &[("time_zone", "Asia/Seoul"), ("language", "ko")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    browser
}

async fn user_id(app: &TestApp, email: &str) -> String {
    app.count(&format!("SELECT id FROM app_user WHERE email = '{email}'"))
        .await
        .to_string()
}

/// Starts a retro on `incident` facilitated by `facilitator` (an email); returns its id.
async fn start_retro(
    app: &TestApp,
    starter: &Browser,
    incident: i64,
    facilitator: &str,
    template: &str,
) -> i64 {
    let facilitator = user_id(app, facilitator).await;
    let started = starter
        .post_form(
            &format!("/teams/ops/incidents/{incident}/retros"),
            &[
                ("template", template),
                ("facilitator", facilitator.as_str()),
                ("vote_limit", "3"),
            ],
        )
        .await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    app.count("SELECT MAX(id) FROM retro").await
}

async fn prompt_titles(app: &TestApp, retro: i64) -> Vec<String> {
    sqlx::query_as::<_, (String,)>(
        "SELECT title FROM retro_prompt WHERE retro_id = $1 ORDER BY position",
    )
    .bind(retro)
    .fetch_all(app.db.pool())
    .await
    .unwrap()
    .into_iter()
    .map(|(title,)| title)
    .collect()
}

/// Reads a server-sent-events response until `done` says so or `limit` passes.
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
async fn a_korean_member_runs_a_retro_and_imports_in_korean() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let minji = korean_member(&app, &ops, "minji@example.com").await;
    let ben = app
        .sign_in_as(&ops, "ben@example.com", TeamRole::Member)
        .await;

    // The incident page offers the built-in templates in Korean.
    let (_, incident_page) = minji
        .get_text(&format!("/teams/ops/incidents/{incident}"))
        .await;
    assert_eq!(texts(&incident_page, "h2#retros"), ["회고"]);
    let offered = texts(&incident_page, "#retro-template option");
    assert_eq!(offered[0], "비난 없는 회고 (기본)");
    assert!(offered.contains(&"고객과 어떻게 소통했는가".to_owned()));

    // Starting a retro copies its template in the starter's language...
    let korean_retro = start_retro(
        &app,
        &minji,
        incident,
        "minji@example.com",
        "builtin:blameless",
    )
    .await;
    assert_eq!(
        prompt_titles(&app, korean_retro).await,
        [
            "잘된 점",
            "잘되지 않은 점",
            "운이 좋았던 점",
            "질문과 의문점"
        ]
    );
    // ...and an English speaker's retro in English.
    let english_retro =
        start_retro(&app, &ben, incident, "ben@example.com", "builtin:blameless").await;
    assert_eq!(
        prompt_titles(&app, english_retro).await[0],
        "What went well"
    );

    let path = format!("/teams/ops/retros/{korean_retro}");
    let (status, page) = minji.get_text(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"<html lang="ko">"#));
    let heading = texts(&page, "h1").join(" ");
    assert!(heading.starts_with("회고: "), "{heading}");
    assert_eq!(texts(&page, ".phases li")[0], "준비");
    assert_eq!(texts(&page, "#phase-title"), ["준비"]);
    assert!(
        texts(&page, ".muted")
            .iter()
            .any(|t| t.contains("진행: minji@example.com"))
    );
    assert!(page.contains("기본 원칙"), "the ground rules are in Korean");

    // Moving on and refusing speak Korean too.
    for phase in ["timeline", "reflect"] {
        let moved = minji
            .post_form(&format!("{path}/phase"), &[("phase", phase)])
            .await;
        assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    }
    let (_, page) = minji.get_text(&path).await;
    assert_eq!(texts(&page, "#phase-title"), ["돌아보기"]);
    let columns = texts(&page, ".prompt h3");
    assert_eq!(columns[0], "잘된 점");
    assert!(texts(&page, ".card-count").iter().all(|c| c == "카드 0장"));
    let refused = minji
        .post_form(&format!("{path}/votes"), &[("theme_id", "1")])
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let refusal = refused.text().await.unwrap();
    assert!(
        refusal.contains("투표 단계에서만 할 수 있습니다."),
        "{refusal}"
    );

    // The stored prompts stay as written: an English reader sees them in Korean, in an
    // English page.
    let (_, bens_view) = ben.get_text(&path).await;
    assert_eq!(texts(&bens_view, "#phase-title"), ["Reflect"]);
    assert_eq!(texts(&bens_view, ".prompt h3")[0], "잘된 점");

    // The import page.
    let (status, import_page) = minji.get_text("/teams/ops/import").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&import_page, "h1"), ["타임라인 가져오기"]);
    assert_eq!(texts(&import_page, "label[for=import-file]"), ["파일"]);
    assert_eq!(
        texts(&import_page, "#import-format option")[0],
        "자동으로 감지"
    );
    assert_eq!(
        texts(&import_page, "button[type=submit]")
            .last()
            .map(String::as_str),
        Some("가져오기 미리 보기")
    );
}

async fn upload(browser: &Browser, file_name: &str, bytes: &[u8]) -> reqwest::Response {
    let token = browser.csrf_token().await;
    let form = Form::new()
        .part(
            "file",
            Part::bytes(bytes.to_vec()).file_name(file_name.to_owned()),
        )
        .text("format", "auto")
        .text("timezone", "");
    browser
        .client
        .post(format!(
            "{}/teams/ops/import?csrf_token={token}",
            browser.base
        ))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_import_error_in_korean_still_says_which_line_and_column() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let minji = korean_member(&app, &ops, "minji@example.com").await;

    let csv = "time,actor,kind,text\n2024-03-01T09:00:00Z,Ana,alert,Errors rising\n2024-03-01 10:00,Ana,note,Rolled back\n";
    let refused = upload(&minji, "timeline.csv", csv.as_bytes()).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    let alert = texts(&page, "[role=alert]").join(" ");
    assert!(
        alert.contains("\"2024-03-01 10:00\"에는 시간대가 없습니다"),
        "{alert}"
    );
    assert!(
        alert.contains("위치: timeline.csv: 3번째 줄, time 열"),
        "{alert}"
    );

    // A Markdown file names its line too, and the preview of a good file is in Korean.
    let markdown = "# DB outage\n\n- 2016-10-21 11:10 UTC — Alerts fire\n- 11:25 — Failover\n";
    let refused = upload(&minji, "notes.md", markdown.as_bytes()).await;
    let page = refused.text().await.unwrap();
    let alert = texts(&page, "[role=alert]").join(" ");
    assert!(alert.contains("notes.md: 4번째 줄"), "{alert}");
    assert!(alert.contains("시간대가 없습니다"), "{alert}");

    let good = "time,actor,kind,text\n2024-03-01T09:00:00Z,Ana,alert,Errors rising\n2024-03-01T09:05:00Z,Ana,note,Rolled back\n";
    let preview = upload(&minji, "timeline.csv", good.as_bytes()).await;
    assert_eq!(preview.status(), StatusCode::OK);
    let page = preview.text().await.unwrap();
    let summary = texts(&page, "main p").join(" ");
    assert!(
        summary.contains("CSV (time, actor, kind, text) 형식으로 읽었습니다.")
            && summary.contains("항목 2개로 새 장애를 만듭니다."),
        "{summary}"
    );
    assert_eq!(
        texts(&page, "h1"),
        ["미리 보기: 2024년 3월 1일 장애"],
        "a made-up title is in the importer's language"
    );
}

#[tokio::test]
async fn two_people_in_one_meeting_each_hear_it_in_their_own_language() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let fay = app
        .sign_in_as(&ops, "fay@example.com", TeamRole::Member)
        .await;
    let minji = korean_member(&app, &ops, "minji@example.com").await;
    let ben = app
        .sign_in_as(&ops, "ben@example.com", TeamRole::Member)
        .await;
    let retro = start_retro(&app, &fay, incident, "fay@example.com", "builtin:blameless").await;
    let path = format!("/teams/ops/retros/{retro}");
    for phase in ["timeline", "reflect"] {
        let moved = fay
            .post_form(&format!("{path}/phase"), &[("phase", phase)])
            .await;
        assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    }

    let mut korean = minji.get(&format!("{path}/events")).await;
    let mut english = ben.get(&format!("{path}/events")).await;
    assert_eq!(korean.status(), StatusCode::OK);
    assert_eq!(english.status(), StatusCode::OK);
    // Each is sent the board in their language, then Ben's arrival: one announcement,
    // rendered once where it happened, in every language.
    let korean_start = read_events(&mut korean, Duration::from_secs(5), |s| {
        s.contains("event: sync") && s.contains("ben@example.com")
    })
    .await;
    let english_start = read_events(&mut english, Duration::from_secs(5), |s| {
        s.contains("event: sync") && s.contains("ben@example.com")
    })
    .await;
    assert!(korean_start.contains("돌아보기"), "{korean_start}");
    assert!(english_start.contains("Reflect"), "{english_start}");
    assert!(
        korean_start.contains("지금 참여 중: ben@example.com, minji@example.com"),
        "{korean_start}"
    );
    assert!(
        english_start.contains("Here now: ben@example.com, minji@example.com"),
        "{english_start}"
    );

    let prompt = app
        .count(&format!(
            "SELECT MIN(id) FROM retro_prompt WHERE retro_id = {retro}"
        ))
        .await;
    let added = fay
        .post_form(
            &format!("{path}/cards"),
            &[
                ("prompt_id", &prompt.to_string()),
                ("text", "the runbook was out of date"),
            ],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);

    let korean_seen = read_events(&mut korean, Duration::from_secs(5), |s| {
        s.contains("카드 1장")
    })
    .await;
    let english_seen = read_events(&mut english, Duration::from_secs(5), |s| {
        s.contains("1 card")
    })
    .await;
    assert!(korean_seen.contains("카드 1장"), "{korean_seen}");
    assert!(english_seen.contains("1 card"), "{english_seen}");
    for (who, seen, other_language) in [
        ("Minji", &korean_seen, "1 card"),
        ("Ben", &english_seen, "카드 1장"),
    ] {
        assert!(
            !seen.contains(other_language),
            "{who} hears the other language: {seen}"
        );
    }

    // Minji leaving is told to Ben in English, though nobody's request is running then.
    drop(korean);
    // The stream notices the drop at its next write at the latest (a keep-alive, 15 s).
    let english_presence = read_events(&mut english, Duration::from_secs(20), |s| {
        s.contains("Here now: ben@example.com<") || s.contains("Here now: ben@example.com\n")
    })
    .await;
    assert!(
        english_presence.contains("Here now: ben@example.com"),
        "{english_presence}"
    );
    assert!(
        !english_presence.contains("지금 참여 중"),
        "{english_presence}"
    );
}
