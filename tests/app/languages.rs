//! The Korean UI: a person's language setting, and `Accept-Language` for everyone else.

use hindsight::accounts::teams::TeamRole;
use reqwest::StatusCode;
use reqwest::header::ACCEPT_LANGUAGE;

use crate::common::{location, spawn_app, texts};

#[tokio::test]
async fn signed_out_pages_follow_accept_language() {
    let app = spawn_app().await;
    let visitor = app.client();
    let korean = visitor
        .client
        .get(app.url("/login"))
        .header(ACCEPT_LANGUAGE, "ko-KR,ko;q=0.9,en;q=0.5")
        .send()
        .await
        .expect("GET /login");
    let body = korean.text().await.expect("body");
    assert!(body.contains(r#"<html lang="ko">"#), "{body}");
    assert_eq!(texts(&body, ".skip-link"), ["본문으로 건너뛰기"]);

    let (_, english) = visitor.get_text("/login").await;
    assert!(english.contains(r#"<html lang="en">"#));
    assert_eq!(texts(&english, ".skip-link"), ["Skip to main content"]);
}

#[tokio::test]
async fn a_person_reads_the_app_in_the_language_they_chose() {
    let app = spawn_app().await;
    app.create_user("minji@example.com", "Minji", false).await;
    let reader = app.signed_in("minji@example.com").await;
    let (_, before) = reader.get_text("/account").await;
    assert_eq!(texts(&before, "a[href='/teams']"), ["Teams"]);

    let saved = reader
        .post_form(
            "/account/preferences",
            &[("time_zone", "Asia/Seoul"), ("language", "ko")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);

    // The setting wins over the browser's header.
    let after = reader
        .client
        .get(app.url("/account"))
        .header(ACCEPT_LANGUAGE, "en-US")
        .send()
        .await
        .expect("GET /account");
    let body = after.text().await.expect("body");
    assert!(body.contains(r#"<html lang="ko">"#));
    assert_eq!(texts(&body, "a[href='/teams']"), ["팀"]);
    assert_eq!(texts(&body, ".flash-notice"), ["환경 설정을 저장했습니다."]);

    // Error pages speak it too.
    let (status, missing) = reader.get_text("/teams/nobody-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing.contains("페이지를 찾을 수 없습니다"), "{missing}");
}

#[tokio::test]
async fn an_unknown_language_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    app.create_user("sam@example.com", "Sam", false).await;
    let reader = app.signed_in("sam@example.com").await;
    let refused = reader
        .post_form(
            "/account/preferences",
            &[("time_zone", "Asia/Seoul"), ("language", "xx")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = refused.text().await.expect("body");
    assert!(
        body.contains("xx is not a language Hindsight speaks"),
        "{body}"
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM app_user WHERE time_zone = 'Asia/Seoul' OR language <> 'en'"
        )
        .await,
        0
    );
}

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");

/// A member of team ops who reads the app in Korean, and the imported incident's id.
async fn korean_member(app: &crate::common::TestApp) -> (crate::common::Browser, i64) {
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let member = app
        .sign_in_as(&ops, "minji@example.com", TeamRole::Member)
        .await;
    let saved = member
        .post_form(
            "/account/preferences",
            &[("time_zone", "Asia/Seoul"), ("language", "ko")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    (member, incident)
}

async fn add_action(
    member: &crate::common::Browser,
    incident: i64,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    member
        .post_form(&format!("/teams/ops/incidents/{incident}/actions"), fields)
        .await
}

#[tokio::test]
async fn a_korean_member_reads_action_items_in_korean_while_the_csv_stays_as_stored() {
    let app = spawn_app().await;
    let (member, incident) = korean_member(&app).await;
    let added = add_action(
        &member,
        incident,
        &[
            ("title", "DNS 쿼리 속도 제한"),
            ("type", "prevent"),
            ("priority", "P1"),
            ("due_date", "2020-01-15"),
        ],
    )
    .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let item = location(added.headers()).to_owned();

    let (status, list) = member.get_text("/actions?team=ops").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&list, "h1"), ["후속 조치"]);
    assert_eq!(
        texts(&list, "thead th"),
        ["조치", "장애", "담당자", "상태", "우선순위", "기한", "유형"]
    );
    assert_eq!(
        texts(&list, "tbody td"),
        [
            "DNS 쿼리 속도 제한",
            "DDoS attack against Managed DNS",
            "—",
            "열림",
            "P1",
            "2020년 1월 15일 (기한 지남)",
            "예방",
        ]
    );
    // Options are labelled in Korean but still send the stored values.
    assert!(
        list.contains(r#"<option value="prevent">예방</option>"#),
        "{list}"
    );
    assert_eq!(
        texts(&list, "label[for=filter-overdue]"),
        ["기한 지난 항목만"]
    );

    let (_, page) = member.get_text(&item).await;
    assert_eq!(
        texts(&page, ".stats dt"),
        ["상태", "담당자", "기한", "우선순위", "유형"]
    );
    assert_eq!(
        texts(&page, ".stats dd"),
        ["열림", "아직 없음", "2020년 1월 15일", "P1", "예방"]
    );
    // The date input keeps the ISO date browsers read.
    assert!(page.contains(r#"value="2020-01-15""#), "{page}");

    let csv = member.get("/actions.csv?team=ops").await;
    let csv = csv.text().await.expect("body");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,team,incident,title,type,owner,priority,due_date,status")
    );
    assert!(
        lines
            .next()
            .is_some_and(|row| row.ends_with(",prevent,,P1,2020-01-15,open")),
        "{csv}"
    );
}

#[tokio::test]
async fn a_korean_member_reads_the_dashboard_and_its_charts_in_korean() {
    let app = spawn_app().await;
    let (member, incident) = korean_member(&app).await;
    for (title, kind, priority) in [
        ("빠른 완료", "detect", "P2"),
        ("열린 항목", "prevent", "P1"),
    ] {
        add_action(
            &member,
            incident,
            &[("title", title), ("type", kind), ("priority", priority)],
        )
        .await;
    }
    let now = chrono::Utc::now().timestamp_millis();
    let day = 86_400_000i64;
    sqlx::query(
        "UPDATE action_item SET status = 'done', created_at = $1, closed_at = $2 WHERE title = '빠른 완료'",
    )
    .bind(now - 5 * day)
    .bind(now - day)
    .execute(app.db.pool())
    .await
    .expect("close an item");

    let (status, page) = member.get_text("/teams/ops/dashboard").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&page, "h1"), ["Operations의 후속 조치 현황"]);
    assert_eq!(
        texts(&page, ".stats dt"),
        [
            "미완료",
            "기한 지남",
            "최근 30일 완료",
            "최근 90일 완료",
            "최근 장애 10건의 후속 조치 완료율",
        ]
    );
    assert_eq!(texts(&page, ".stats dd")[4], "2건 중 50%");
    assert_eq!(
        texts(&page, "figure.chart figcaption"),
        [
            "우선순위별 미완료 항목",
            "유형별 완료까지 걸린 일수 (중앙값)",
            "우선순위별 완료까지 걸린 일수 (중앙값)",
        ]
    );
    let charts: Vec<String> = scraper::Html::parse_document(&page)
        .select(&scraper::Selector::parse("svg[role=img]").expect("selector"))
        .filter_map(|svg| svg.value().attr("aria-label").map(str::to_owned))
        .collect();
    assert_eq!(
        charts,
        [
            "우선순위별 미완료 항목: P1: 1.0건",
            "유형별 완료까지 걸린 일수 (중앙값): 탐지: 4.0일",
            "우선순위별 완료까지 걸린 일수 (중앙값): P2: 4.0일",
        ]
    );
    // The words drawn inside the SVG, not only its text alternative.
    assert_eq!(texts(&page, "svg text.chart-label"), ["P1", "탐지", "P2"]);
    assert_eq!(texts(&page, "main h2"), ["가장 오래 기다린 항목"]);
}

#[tokio::test]
async fn a_korean_member_reads_the_team_and_incident_pages_in_korean() {
    let app = spawn_app().await;
    let (member, incident) = korean_member(&app).await;

    let (status, team) = member.get_text("/teams/ops").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&team, "main p.muted")[0], "내 역할: 구성원");
    assert_eq!(texts(&team, "main h2"), ["장애", "구성원"]);
    assert_eq!(texts(&team, "main thead th"), ["이름", "이메일", "역할"]);
    assert_eq!(
        texts(&team, "a[href='/teams/ops/import']"),
        ["타임라인 가져오기"]
    );

    let (status, page) = member
        .get_text(&format!("/teams/ops/incidents/{incident}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&page, "#durations"), ["단계별 소요 시간"]);
    assert_eq!(
        texts(&page, "#durations + dl dt"),
        ["탐지까지", "확인까지", "완화까지", "해결까지"]
    );
    assert_eq!(texts(&page, "#timeline"), ["타임라인"]);
    assert_eq!(texts(&page, "#communication"), ["고객에게 어떻게 알렸나요"]);
    assert_eq!(texts(&page, "#actions"), ["후속 조치"]);
    assert_eq!(texts(&page, "svg title#strip-title"), ["장애 타임라인 띠"]);
    let strip = texts(&page, "svg desc#strip-desc").join("");
    assert!(strip.contains("부터") && strip.contains("년"), "{strip}");
    let kinds = texts(&page, ".entry-meta .kind");
    assert!(!kinds.is_empty());
    let korean_kinds = [
        "알림",
        "탐지",
        "조치",
        "결정",
        "관찰",
        "에스컬레이션",
        "소통",
        "해결",
        "메모",
    ];
    assert!(
        kinds
            .iter()
            .all(|kind| korean_kinds.contains(&kind.as_str())),
        "{kinds:?}"
    );
    // Filtering still goes by the stored kind.
    let (_, filtered) = member
        .get_text(&format!(
            "/teams/ops/incidents/{incident}?kind=communication"
        ))
        .await;
    assert!(
        texts(&filtered, ".entry-meta .kind")
            .iter()
            .all(|kind| kind == "소통")
    );
}

#[tokio::test]
async fn a_korean_member_is_told_in_korean_what_to_fix() {
    let app = spawn_app().await;
    let (member, incident) = korean_member(&app).await;

    let untitled = add_action(
        &member,
        incident,
        &[("title", "  "), ("type", "prevent"), ("priority", "P2")],
    )
    .await;
    assert_eq!(untitled.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = untitled.text().await.expect("body");
    assert_eq!(texts(&body, "main h1"), ["입력한 내용을 확인해 주세요"]);
    assert!(body.contains("제목을 입력해 주세요."), "{body}");
    assert!(body.contains("위치: title 입력란"), "{body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM action_item").await, 0);

    // On the item's own page the refusal sits above the form, which keeps what was typed.
    let added = add_action(
        &member,
        incident,
        &[
            ("title", "런북 정리"),
            ("type", "process"),
            ("priority", "P3"),
        ],
    )
    .await;
    let item = location(added.headers()).to_owned();
    let refused = member
        .post_form(
            &item,
            &[
                ("title", ""),
                ("status", "open"),
                ("priority", "P3"),
                ("type", "process"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = refused.text().await.expect("body");
    assert_eq!(texts(&body, ".flash-error"), ["제목을 입력해 주세요."]);

    let no_reason = member
        .post_form(
            &item,
            &[
                ("title", "런북 정리"),
                ("status", "wont_do"),
                ("priority", "P3"),
                ("type", "process"),
            ],
        )
        .await;
    let body = no_reason.text().await.expect("body");
    assert_eq!(
        texts(&body, ".field-error"),
        ["하지 않는 이유를 적어 주세요. 사유는 항목과 함께 보관됩니다."]
    );
}

/// Calendar apps fetch the feed without a session: it speaks its owner's language.
#[tokio::test]
async fn a_korean_members_calendar_feed_is_in_korean() {
    let app = spawn_app().await;
    let (member, incident) = korean_member(&app).await;
    let minji = app
        .count("SELECT id FROM app_user WHERE email = 'minji@example.com'")
        .await
        .to_string();
    let added = add_action(
        &member,
        incident,
        &[
            ("title", "DNS 쿼리 속도 제한"),
            ("type", "prevent"),
            ("owner", &minji),
            ("priority", "P2"),
            ("due_date", "2030-01-15"),
        ],
    )
    .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let created = member.post_form("/account/calendar", &[]).await;
    assert_eq!(created.status(), StatusCode::OK);
    let url = texts(&created.text().await.expect("body"), "#calendar-url")
        .pop()
        .expect("the feed's address");
    let path = url
        .split_once(&app.address.to_string())
        .expect("an address on this app")
        .1
        .to_owned();
    // An English-speaking calendar app asks; the feed is still Minji's.
    let feed = app
        .client()
        .client
        .get(app.url(&path))
        .header(ACCEPT_LANGUAGE, "en-US")
        .send()
        .await
        .expect("GET feed");
    let text = feed.text().await.expect("body");
    assert!(
        text.contains("X-WR-CALNAME:Hindsight 후속 조치\r\n"),
        "{text}"
    );
    assert!(
        text.contains("SUMMARY:마감 (P2): DNS 쿼리 속도 제한\r\n"),
        "{text}"
    );
}

/// A team channel has no one reader: the webhook's own language setting picks its words.
#[tokio::test]
async fn a_webhook_speaks_the_language_its_owner_chose() {
    use hindsight::actions::reminders;

    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    let (url, seen) = crate::actions::spawn_receiver(0).await;
    let refused = owner
        .post_form(
            "/teams/ops/webhook",
            &[
                ("webhook_url", url.as_str()),
                ("webhook_format", "slack"),
                ("webhook_language", "xx"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("SELECT COUNT(*) FROM team_webhook").await, 0);
    let saved = owner
        .post_form(
            "/teams/ops/webhook",
            &[
                ("webhook_url", url.as_str()),
                ("webhook_format", "slack"),
                ("webhook_language", "ko"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);

    // The owner reads the app in English; the channel still gets Korean.
    let added = add_action(
        &owner,
        incident,
        &[
            ("title", "DNS 쿼리 속도 제한"),
            ("type", "prevent"),
            ("priority", "P1"),
        ],
    )
    .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let client = reqwest::Client::new();
    let soon = chrono::Utc::now() + chrono::Duration::seconds(5);
    assert_eq!(
        reminders::deliver(&app.db, &client, "http://hindsight.example", soon)
            .await
            .expect("delivered"),
        (1, 0)
    );
    let (_, body) = seen
        .lock()
        .expect("lock")
        .last()
        .cloned()
        .expect("a message");
    let message: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        message["text"],
        "새 후속 조치: DNS 쿼리 속도 제한 <http://hindsight.example/teams/ops/actions/1>",
        "{body}"
    );
    let (_, team_page) = owner.get_text("/teams/ops").await;
    assert_eq!(
        texts(&team_page, "#webhook-language option[selected]"),
        ["한국어"]
    );
}
