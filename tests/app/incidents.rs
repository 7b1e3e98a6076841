use hindsight::accounts::teams::{Team, TeamRole};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::common::{Browser, TestApp, location, spawn_app, texts};

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");

async fn import_dyn(app: &TestApp, team: &Team) -> i64 {
    app.import(team, DYN).await
}

async fn upload(
    browser: &Browser,
    team: &str,
    file_name: &str,
    bytes: &[u8],
    timezone: &str,
) -> reqwest::Response {
    let token = browser.csrf_token().await;
    let form = Form::new()
        .part(
            "file",
            Part::bytes(bytes.to_vec()).file_name(file_name.to_owned()),
        )
        .text("format", "auto")
        .text("timezone", timezone.to_owned());
    browser
        .client
        .post(format!(
            "{}/teams/{team}/import?csrf_token={token}",
            browser.base
        ))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_incident_page_shows_durations_communication_and_the_strip() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let id = import_dyn(&app, &ops).await;
    let viewer = app
        .sign_in_as(&ops, "vic@example.com", TeamRole::Viewer)
        .await;

    let (_, team_page) = viewer.get_text("/teams/ops").await;
    assert_eq!(
        texts(&team_page, ".team-list a strong"),
        ["DDoS attack against Managed DNS"]
    );

    let (status, page) = viewer.get_text(&format!("/teams/ops/incidents/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&page, "h1"), ["DDoS attack against Managed DNS"]);
    let stats = texts(&page, ".stats dd");
    assert_eq!(&stats[..4], ["0 s", "4 min", "2 h 10 min", "11 h 07 min"]);
    assert_eq!(
        &stats[4..10],
        ["11", "2 min", "1 h 06 min", "1 h 00 min", "2 h 42 min", "5"]
    );
    assert_eq!(texts(&page, ".update-list tbody tr").len(), 11);
    assert_eq!(texts(&page, ".update-list td.over-target").len(), 5);
    assert_eq!(texts(&page, "svg .strip-tick").len(), 11);
    assert_eq!(texts(&page, "svg .strip-silence").len(), 5);
    assert_eq!(texts(&page, "ol.timeline > li").len(), 17);
    assert!(
        texts(&page, "main form[method=post]").is_empty(),
        "a viewer gets no edit forms"
    );
}

#[tokio::test]
async fn the_timeline_can_be_filtered_by_kind_actor_and_visibility() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let id = import_dyn(&app, &ops).await;
    let viewer = app
        .sign_in_as(&ops, "vic@example.com", TeamRole::Viewer)
        .await;

    let (_, page) = viewer
        .get_text(&format!("/teams/ops/incidents/{id}?kind=alert"))
        .await;
    assert_eq!(texts(&page, "ol.timeline .kind"), ["alert", "alert"]);
    let (_, page) = viewer
        .get_text(&format!("/teams/ops/incidents/{id}?actor=Mina+Park"))
        .await;
    assert_eq!(texts(&page, "ol.timeline .actor"), ["Mina Park"]);
    let (_, page) = viewer
        .get_text(&format!("/teams/ops/incidents/{id}?visibility=public"))
        .await;
    assert_eq!(texts(&page, "ol.timeline > li").len(), 11);
}

#[tokio::test]
async fn a_member_edits_an_entry_and_the_change_is_audited() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let id = import_dyn(&app, &ops).await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    let viewer = app
        .sign_in_as(&ops, "vic@example.com", TeamRole::Viewer)
        .await;
    let entry = app
        .count("SELECT id FROM timeline_entry WHERE source_ref = 'e5'")
        .await;
    let path = format!("/teams/ops/incidents/{id}/entries/{entry}");
    let fields = [
        ("kind", "action"),
        ("visibility", "public"),
        ("text", "Moved traffic off the busy PoPs."),
    ];

    assert_eq!(
        viewer.post_form(&path, &fields).await.status(),
        StatusCode::FORBIDDEN
    );
    let response = member.post_form(&path, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let (kind, visibility, text): (String, String, String) =
        sqlx::query_as("SELECT kind, visibility, text FROM timeline_entry WHERE id = $1")
            .bind(entry)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(
        (kind.as_str(), visibility.as_str(), text.as_str()),
        ("action", "public", "Moved traffic off the busy PoPs.")
    );
    let (detail,): (String,) =
        sqlx::query_as("SELECT detail FROM audit_event WHERE action = 'timeline_entry.edited'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert!(
        detail.contains("apply upstream filtering"),
        "the old text is kept: {detail}"
    );

    let bad = member
        .post_form(
            &path,
            &[("kind", "gossip"), ("visibility", "public"), ("text", "x")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let key = member.post_form(&format!("{path}/key-moment"), &[]).await;
    assert_eq!(key.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(&format!(
            "SELECT is_key_moment FROM timeline_entry WHERE id = {entry}"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn a_missing_entry_is_added_in_the_readers_time_zone() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let id = import_dyn(&app, &ops).await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    let saved = member
        .post_form("/account/preferences", &[("time_zone", "Asia/Seoul")])
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);

    let response = member
        .post_form(
            &format!("/teams/ops/incidents/{id}/entries"),
            &[
                ("occurred_at", "2016-10-21T20:30"),
                ("kind", "observation"),
                ("actor", "Ji-woo"),
                ("text", "고객 문의가 급증했습니다"),
                ("visibility", "internal"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (occurred_at,): (i64,) =
        sqlx::query_as("SELECT occurred_at FROM timeline_entry WHERE actor = 'Ji-woo'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    // 20:30 in Seoul (UTC+9) is 11:30 UTC.
    assert_eq!(
        occurred_at,
        chrono::DateTime::parse_from_rfc3339("2016-10-21T11:30:00Z")
            .unwrap()
            .timestamp_millis()
    );
    let (_, page) = member
        .get_text(&format!("/teams/ops/incidents/{id}?actor=Ji-woo"))
        .await;
    assert_eq!(texts(&page, "ol.timeline time"), ["2016-10-21 20:30 KST"]);

    let empty = member
        .post_form(
            &format!("/teams/ops/incidents/{id}/entries"),
            &[
                ("occurred_at", "2016-10-21T20:30"),
                ("kind", "note"),
                ("text", "  "),
                ("visibility", "internal"),
            ],
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_upload_is_previewed_before_anything_is_written() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    assert_eq!(
        member.get("/teams/ops/import").await.status(),
        StatusCode::OK
    );

    let preview = upload(&member, "ops", "dyn.json", DYN, "").await;
    assert_eq!(preview.status(), StatusCode::OK);
    let page = preview.text().await.unwrap();
    assert!(
        texts(&page, "main p")[0].contains("A new incident with 17 entries"),
        "{page}"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM incident").await, 0);
    let action = scraper::Html::parse_document(&page)
        .select(&scraper::Selector::parse("main form[method=post]").unwrap())
        .next()
        .and_then(|form| form.value().attr("action").map(str::to_owned))
        .unwrap();

    let committed = member.post_form(&action, &[]).await;
    assert_eq!(committed.status(), StatusCode::SEE_OTHER);
    assert!(location(committed.headers()).starts_with("/teams/ops/incidents/"));
    assert_eq!(app.count("SELECT COUNT(*) FROM timeline_entry").await, 17);
    assert_eq!(
        member.post_form(&action, &[]).await.status(),
        StatusCode::FORBIDDEN,
        "a preview is used once"
    );

    let again = upload(&member, "ops", "dyn.json", DYN, "")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        texts(&again, "main p")[0].contains("0 new entries would be added"),
        "{again}"
    );
}

#[tokio::test]
async fn a_bad_upload_says_where_the_problem_is() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    let csv = b"time,actor,kind,text\n2018-10-21 22:52,Ana,note,Started\n";

    let response = upload(&member, "ops", "timeline.csv", csv, "").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let alert = texts(&response.text().await.unwrap(), "[role=alert]").join(" ");
    assert!(
        alert.contains("timeline.csv: line 2, column time") && alert.contains("--timezone"),
        "{alert}"
    );

    let response = upload(&member, "ops", "timeline.csv", csv, "America/Los_Angeles").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) FROM incident").await, 0);

    let viewer = app
        .sign_in_as(&ops, "vic@example.com", TeamRole::Viewer)
        .await;
    assert_eq!(
        upload(&viewer, "ops", "timeline.csv", csv, "UTC")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn another_teams_incident_is_not_found_through_this_team() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let web = app.create_team("web", "Web").await;
    let id = import_dyn(&app, &web).await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Owner)
        .await;

    assert_eq!(
        member
            .get(&format!("/teams/ops/incidents/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        member
            .get(&format!("/teams/web/incidents/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let entry = app.count("SELECT MIN(id) FROM timeline_entry").await;
    let response = member
        .post_form(
            &format!("/teams/ops/incidents/{id}/entries/{entry}"),
            &[("kind", "note"), ("visibility", "public"), ("text", "x")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_owner_sets_the_customer_update_target() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let id = import_dyn(&app, &ops).await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;

    assert_eq!(
        member
            .post_form("/teams/ops/settings", &[("target_cadence_minutes", "30")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        owner
            .post_form("/teams/ops/settings", &[("target_cadence_minutes", "2")])
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        owner
            .post_form("/teams/ops/settings", &[("target_cadence_minutes", "90")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    let (_, page) = owner.get_text(&format!("/teams/ops/incidents/{id}")).await;
    assert_eq!(
        texts(&page, ".update-list td.over-target").len(),
        1,
        "only the 2 h 42 min silence is over 90 minutes"
    );
}

#[tokio::test]
async fn the_demo_data_holds_one_incident_however_often_it_is_loaded() {
    let app = spawn_app().await;
    hindsight::demo::ensure_demo_data(&app.db).await.unwrap();
    hindsight::demo::ensure_demo_data(&app.db).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM incident").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM timeline_entry").await, 17);
}
