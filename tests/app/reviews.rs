use hindsight::accounts::UserId;
use hindsight::accounts::teams::TeamRole;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, location, spawn_app, texts};

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");
const XSS: &str = include_str!("../fixtures/xss/vectors.txt");

async fn token_for(app: &TestApp, email: &str) -> String {
    let id = app
        .count(&format!("SELECT id FROM app_user WHERE email = '{email}'"))
        .await;
    hindsight::api::tokens::create_token(&app.db, UserId(id), "tests")
        .await
        .expect("token")
        .1
}

/// A JSON API call with a bearer token.
async fn api(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("API call");
    let status = response.status();
    let text = response.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn get(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = reqwest::get(app.url(path)).await.expect("GET");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

/// Every public way in: page, index, feed and JSON.
async fn publicly_visible(app: &TestApp, title: &str, slug: Option<&str>) -> Vec<&'static str> {
    let mut seen = Vec::new();
    if get(app, "/reviews").await.1.contains(title) {
        seen.push("index");
    }
    if get(app, "/reviews/feed.atom").await.1.contains(title) {
        seen.push("feed");
    }
    if get(app, "/api/v1/public/reviews").await.1.contains(title) {
        seen.push("api list");
    }
    if let Some(slug) = slug {
        if get(app, &format!("/reviews/{slug}")).await.0 == StatusCode::OK {
            seen.push("page");
        }
        if get(app, &format!("/api/v1/public/reviews/{slug}")).await.0 == StatusCode::OK {
            seen.push("api");
        }
    }
    seen
}

#[tokio::test]
async fn a_review_goes_from_draft_through_one_approval_to_a_public_page() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let author = app
        .sign_in_as(&ops, "ana@example.com", TeamRole::Member)
        .await;
    let approver = app
        .sign_in_as(&ops, "ben@example.com", TeamRole::Member)
        .await;
    let viewer = app
        .sign_in_as(&ops, "vic@example.com", TeamRole::Viewer)
        .await;

    let created = author
        .post_form(&format!("/teams/ops/incidents/{incident}/reviews"), &[])
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let editor = location(created.headers()).to_owned();
    let (status, page) = author.get_text(&editor).await;
    assert_eq!(status, StatusCode::OK);
    let draft = texts(&page, "#body_markdown").concat();
    for section in [
        "## Summary",
        "## Impact",
        "## Timeline (UTC)",
        "## What caused it",
        "## How we resolved it",
        "## What we are changing",
        "## Our commitment",
    ] {
        assert!(
            draft.contains(section),
            "the draft lacks {section}: {draft}"
        );
    }
    assert!(draft.contains("UTC"), "times in the draft are in UTC");

    let title = "Dyn DNS outage: what happened";
    let body = "## Summary\n\nOur DNS provider was attacked.\n\n## Impact\n\nFrom 11:10 to 13:20 UTC.\n\n## What we are changing\n\n- A second DNS provider\n";
    assert_eq!(
        viewer
            .post_form(&editor, &[("title", "x"), ("body_markdown", "y")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let saved = author
        .post_form(&editor, &[("title", title), ("body_markdown", body)])
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let slug_before: i64 = app
        .count("SELECT COUNT(*) FROM review WHERE slug IS NOT NULL")
        .await;
    assert_eq!(
        slug_before, 0,
        "an unpublished review has no public address"
    );
    assert!(publicly_visible(&app, title, None).await.is_empty());

    // Not yet approved: publishing is refused, and the author cannot approve.
    let early = author.post_form(&format!("{editor}/publish"), &[]).await;
    assert_eq!(early.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) FROM review_revision").await, 0);
    let ben = app
        .count("SELECT id FROM app_user WHERE email = 'ben@example.com'")
        .await
        .to_string();
    let ana = app
        .count("SELECT id FROM app_user WHERE email = 'ana@example.com'")
        .await
        .to_string();
    let own = author
        .post_form(&format!("{editor}/submit"), &[("reviewers", &ana)])
        .await;
    assert_eq!(
        own.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the author cannot review their own draft"
    );
    let submitted = author
        .post_form(&format!("{editor}/submit"), &[("reviewers", &ben)])
        .await;
    assert_eq!(submitted.status(), StatusCode::SEE_OTHER);
    author.post_form(&format!("{editor}/approve"), &[]).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM review WHERE status = 'approved'")
            .await,
        0,
        "the author cannot approve"
    );
    assert_eq!(
        viewer
            .post_form(&format!("{editor}/approve"), &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert!(
        publicly_visible(&app, title, None).await.is_empty(),
        "in review is not public"
    );

    approver
        .post_form(
            &format!("{editor}/comments"),
            &[("body", "Say which regions.")],
        )
        .await;
    approver.post_form(&format!("{editor}/approve"), &[]).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM review WHERE status = 'approved'")
            .await,
        1
    );
    assert!(
        publicly_visible(&app, title, None).await.is_empty(),
        "approved is not yet public"
    );

    let published = approver.post_form(&format!("{editor}/publish"), &[]).await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let (slug,): (String,) = sqlx::query_as("SELECT slug FROM review")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(slug.ends_with("dyn-dns-outage-what-happened"), "{slug}");
    assert_eq!(
        publicly_visible(&app, title, Some(&slug)).await,
        ["index", "feed", "api list", "page", "api"]
    );

    let response = reqwest::get(app.url(&format!("/reviews/{slug}")))
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "public, max-age=60");
    assert!(
        response.headers().get("set-cookie").is_none(),
        "public pages set no cookies"
    );
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"'), "a strong ETag: {etag}");
    let html = response.text().await.unwrap();
    assert_eq!(texts(&html, "h1"), [title]);
    let page = scraper::Html::parse_document(&html);
    let times: Vec<_> = page
        .select(&scraper::Selector::parse(".impact time").unwrap())
        .map(|t| t.value().attr("datetime").unwrap().to_owned())
        .collect();
    assert_eq!(times.len(), 2, "the impact window as two <time> elements");
    assert!(times.iter().all(|t| t.ends_with('Z')), "{times:?}");
    assert!(html.contains(r#"property="og:title""#) && html.contains(r#"name="twitter:card""#));
    assert!(html.contains(r#"href="/reviews/feed.atom""#));
    let again = reqwest::Client::new()
        .get(app.url(&format!("/reviews/{slug}")))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    // The team sees the comment kept with the review; the audit trail has every step.
    let (_, editor_page) = viewer.get_text(&editor).await;
    assert!(editor_page.contains("Say which regions."));
    for action in [
        "review.created",
        "review.edited",
        "review.submitted",
        "review.approved",
        "review.published",
        "review.commented",
    ] {
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM audit_event WHERE action = '{action}'"
            ))
            .await,
            1,
            "{action}"
        );
    }
}

#[tokio::test]
async fn a_correction_is_a_new_revision_with_a_note_and_a_retraction_answers_410() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    app.sign_in_as(&ops, "ana@example.com", TeamRole::Member)
        .await;
    app.sign_in_as(&ops, "ben@example.com", TeamRole::Member)
        .await;
    let ana = token_for(&app, "ana@example.com").await;
    let ben = token_for(&app, "ben@example.com").await;
    use reqwest::Method;

    let (status, review) = api(
        &app,
        &ana,
        Method::POST,
        &format!("/api/v1/incidents/{incident}/reviews"),
        json!({"title": "DNS outage", "body_markdown": "## Impact\n\nFrom 11:10 to 13:20 UTC."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{review}");
    let id = review["id"].as_i64().unwrap();
    assert_eq!(review["status"], "draft");
    let (status, refused) = api(
        &app,
        &ana,
        Method::POST,
        &format!("/api/v1/reviews/{id}/publish"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("approved"),
        "{refused}"
    );
    let (status, _) = api(
        &app,
        &ana,
        Method::POST,
        &format!("/api/v1/reviews/{id}/submit"),
        json!({"reviewers": ["ben@example.com"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, refused) = api(
        &app,
        &ana,
        Method::POST,
        &format!("/api/v1/reviews/{id}/approve"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    api(
        &app,
        &ben,
        Method::POST,
        &format!("/api/v1/reviews/{id}/approve"),
        json!({}),
    )
    .await;
    let (status, published) = api(
        &app,
        &ben,
        Method::POST,
        &format!("/api/v1/reviews/{id}/publish"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{published}");
    let slug = published["slug"].as_str().unwrap().to_owned();
    assert!(
        published["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/reviews/{slug}"))
    );
    let (_, feed) = get(&app, "/reviews/feed.atom").await;
    let first_updated = texts(&feed, "entry > updated");

    // A correction goes through the same single approval and needs a public note.
    api(
        &app,
        &ana,
        Method::PATCH,
        &format!("/api/v1/reviews/{id}"),
        json!({"body_markdown": "## Impact\n\nFrom 11:10 to 13:45 UTC."}),
    )
    .await;
    let (_, page) = get(&app, &format!("/reviews/{slug}")).await;
    assert!(
        page.contains("13:20"),
        "the published version stays up while a correction is drafted"
    );
    api(
        &app,
        &ana,
        Method::POST,
        &format!("/api/v1/reviews/{id}/submit"),
        json!({"reviewers": ["ben@example.com"]}),
    )
    .await;
    api(
        &app,
        &ben,
        Method::POST,
        &format!("/api/v1/reviews/{id}/approve"),
        json!({}),
    )
    .await;
    let (status, refused) = api(
        &app,
        &ben,
        Method::POST,
        &format!("/api/v1/reviews/{id}/publish"),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["location"], "field change_note");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (status, _) = api(
        &app,
        &ben,
        Method::POST,
        &format!("/api/v1/reviews/{id}/publish"),
        json!({"change_note": "Corrected the end of the impact window."}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, page) = get(&app, &format!("/reviews/{slug}")).await;
    assert!(
        page.contains("13:45") && !page.contains("13:20"),
        "the page shows the correction"
    );
    assert!(
        texts(&page, ".revisions li")
            .iter()
            .any(|t| t.contains("Corrected the end of the impact window."))
    );
    let (_, feed) = get(&app, "/reviews/feed.atom").await;
    assert_eq!(
        texts(&feed, "entry").len(),
        1,
        "a correction updates the entry"
    );
    assert_ne!(texts(&feed, "entry > updated"), first_updated);
    assert!(feed.contains("13:45"));

    let (status, _) = api(
        &app,
        &ana,
        Method::POST,
        &format!("/api/v1/reviews/{id}/retract"),
        json!({"reason": ""}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a retraction needs a reason"
    );
    let (status, _) = api(
        &app,
        &ana,
        Method::POST,
        &format!("/api/v1/reviews/{id}/retract"),
        json!({"reason": "Published for the wrong incident."}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, gone) = get(&app, &format!("/reviews/{slug}")).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(gone.contains("Published for the wrong incident."));
    assert!(!gone.contains("13:45"));
    assert_eq!(
        get(&app, &format!("/api/v1/public/reviews/{slug}")).await.0,
        StatusCode::GONE
    );
    assert!(publicly_visible(&app, "DNS outage", None).await.is_empty());
}

#[tokio::test]
async fn a_team_without_approval_publishes_directly_and_unknown_slugs_are_404() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    let settings = owner
        .post_form(
            "/teams/ops/review-settings",
            &[("internal_names", "edge-lb\nfalcon")],
        )
        .await;
    assert_eq!(settings.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT review_approval FROM team").await, 0);
    let created = owner
        .post_form(&format!("/teams/ops/incidents/{incident}/reviews"), &[])
        .await;
    let editor = location(created.headers()).to_owned();
    let published = owner.post_form(&format!("{editor}/publish"), &[]).await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) FROM review_revision").await, 1);
    for path in [
        "/reviews/nope",
        "/reviews/1",
        "/reviews/..%2Fadmin",
        "/api/v1/public/reviews/nope",
    ] {
        assert_eq!(get(&app, path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = get(&app, "/reviews?month=March").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn readers_leave_feedback_without_signing_in_and_bots_and_floods_are_turned_away() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    owner.post_form("/teams/ops/review-settings", &[]).await;
    let created = owner
        .post_form(&format!("/teams/ops/incidents/{incident}/reviews"), &[])
        .await;
    let editor = location(created.headers()).to_owned();
    owner.post_form(&format!("{editor}/publish"), &[]).await;
    let (slug,): (String,) = sqlx::query_as("SELECT slug FROM review")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let reader = reqwest::Client::new();
    let feedback = |fields: Vec<(&'static str, String)>| {
        let reader = reader.clone();
        let url = app.url(&format!("/reviews/{slug}/feedback"));
        async move { reader.post(url).form(&fields).send().await.unwrap() }
    };
    let sent = feedback(vec![
        ("clear", "no".into()),
        ("comment", "<script>alert(1)</script> what is DNS?".into()),
    ])
    .await;
    assert_eq!(
        sent.status(),
        StatusCode::OK,
        "no CSRF token or sign-in is needed"
    );
    assert!(sent.headers().get("set-cookie").is_none());
    assert_eq!(
        feedback(vec![("clear", "maybe".into())]).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        feedback(vec![("clear", "yes".into()), ("comment", "x".repeat(2001))])
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let bot = feedback(vec![
        ("clear", "yes".into()),
        ("website", "http://spam.example".into()),
    ])
    .await;
    assert_eq!(bot.status(), StatusCode::OK, "the bot is thanked");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM review_feedback").await,
        1,
        "…and nothing is stored"
    );
    for _ in 0..9 {
        assert_eq!(
            feedback(vec![("clear", "yes".into())]).await.status(),
            StatusCode::OK
        );
    }
    let flood = feedback(vec![("clear", "yes".into())]).await;
    assert_eq!(flood.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(flood.headers().contains_key("retry-after"));

    let (_, page) = owner.get_text(&editor).await;
    assert!(
        texts(&page, "#feedback-heading + p")
            .concat()
            .contains("9 found it clear, 1 did not")
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt; what is DNS?"),
        "comments are shown escaped"
    );
    let address_stored = app
        .count("SELECT COUNT(*) FROM review_feedback WHERE client_key LIKE '%127.0.0.1%'")
        .await;
    assert_eq!(address_stored, 0, "addresses are not stored");
}

#[tokio::test]
async fn hostile_markdown_and_html_are_published_harmless() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    app.sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    let olga = token_for(&app, "olga@example.com").await;
    sqlx::query("UPDATE team SET review_approval = 0")
        .execute(app.db.pool())
        .await
        .unwrap();
    let vectors: Vec<&str> = XSS
        .split("\n---\n")
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    assert!(
        vectors.len() >= 50,
        "the corpus has {} vectors",
        vectors.len()
    );
    let body = vectors.join("\n\n");
    use reqwest::Method;
    let (status, review) = api(
        &app,
        &olga,
        Method::POST,
        &format!("/api/v1/incidents/{incident}/reviews"),
        json!({"title": "Hostile", "body_markdown": body}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, published) = api(
        &app,
        &olga,
        Method::POST,
        &format!("/api/v1/reviews/{}/publish", review["id"]),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{published}");
    let (_, html) = get(
        &app,
        &format!("/reviews/{}", published["slug"].as_str().unwrap()),
    )
    .await;
    let page = scraper::Html::parse_document(&html);
    let all = scraper::Selector::parse(".review-body *").unwrap();
    let mut elements = 0;
    for element in page.select(&all) {
        elements += 1;
        let name = element.value().name();
        assert!(
            ![
                "script", "iframe", "object", "embed", "form", "input", "style", "link", "meta",
                "base", "svg", "math", "frame", "frameset", "applet", "textarea", "button"
            ]
            .contains(&name),
            "<{name}> survived"
        );
        for (attribute, value) in element.value().attrs() {
            assert!(
                !attribute.starts_with("on"),
                "{attribute} on <{name}> survived"
            );
            assert!(
                attribute != "style" && attribute != "formaction" && attribute != "srcdoc",
                "{attribute} survived"
            );
            let squashed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(
                    !squashed.starts_with(scheme),
                    "{attribute}={value:?} on <{name}>"
                );
            }
        }
        if name == "a"
            && element
                .value()
                .attr("href")
                .is_some_and(|h| h.starts_with("http"))
        {
            assert_eq!(element.value().attr("rel"), Some("nofollow noopener"));
        }
    }
    assert!(elements > 20, "the harmless parts of the corpus are kept");
    let (_, feed) = get(&app, "/reviews/feed.atom").await;
    assert!(
        !feed.contains("&lt;script"),
        "the feed carries the same sanitized HTML"
    );
}

#[tokio::test]
async fn site_settings_change_the_public_pages_and_only_admins_change_them() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Owner)
        .await;
    let admin = app.sign_in_as_admin().await;
    assert_eq!(
        member.get("/admin/site").await.status(),
        StatusCode::FORBIDDEN
    );
    let bad = admin
        .post_form(
            "/admin/site",
            &[
                ("name", "Acme status"),
                ("logo_url", "javascript:alert(1)"),
                ("accent", "#123456"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = admin
        .post_form(
            "/admin/site",
            &[
                ("name", "Acme status"),
                ("logo_url", ""),
                ("accent", "red;}body{"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let saved = admin
        .post_form(
            "/admin/site",
            &[
                ("name", "Acme status"),
                ("logo_url", "https://acme.example/logo.png"),
                ("accent", "#aa3300"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, index) = get(&app, "/reviews").await;
    assert_eq!(texts(&index, "h1"), ["Acme status"]);
    assert!(index.contains("https://acme.example/logo.png"));
    let (_, css) = get(&app, "/reviews/site.css").await;
    assert!(css.contains("#aa3300"));
}

#[tokio::test]
async fn the_draft_lists_public_action_items_and_publishing_is_announced_by_webhook() {
    use hindsight::actions::reminders;
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    let olga = token_for(&app, "olga@example.com").await;
    use reqwest::Method;
    for (title, public) in [
        ("Add a second DNS provider", true),
        ("Rotate the on-call pager secret", false),
    ] {
        let (status, action) = api(
            &app,
            &olga,
            Method::POST,
            "/api/v1/actions",
            json!({"incident_id": incident, "title": title, "type": "prevent", "priority": "P1"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{action}");
        let (status, changed) = api(
            &app,
            &olga,
            Method::PATCH,
            &format!("/api/v1/actions/{}", action["id"]),
            json!({"is_public": public}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(changed["is_public"], public);
    }
    let (url, seen) = crate::actions::spawn_receiver(0).await;
    owner
        .post_form(
            "/teams/ops/webhook",
            &[("webhook_url", url.as_str()), ("webhook_format", "slack")],
        )
        .await;
    owner.post_form("/teams/ops/review-settings", &[]).await;

    let (_, review) = api(
        &app,
        &olga,
        Method::POST,
        &format!("/api/v1/incidents/{incident}/reviews"),
        json!({}),
    )
    .await;
    let body = review["body_markdown"].as_str().unwrap();
    assert!(
        body.contains("- Add a second DNS provider (prevent)"),
        "{body}"
    );
    assert!(
        !body.contains("pager secret"),
        "internal items stay out of the draft"
    );
    let (status, published) = api(
        &app,
        &olga,
        Method::POST,
        &format!("/api/v1/reviews/{}/publish", review["id"]),
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let client = reqwest::Client::new();
    let later = chrono::Utc::now() + chrono::Duration::seconds(5);
    let (delivered, failed) =
        reminders::deliver(&app.db, &client, "https://status.example.com", later)
            .await
            .unwrap();
    assert_eq!((delivered, failed), (1, 0));
    let seen = seen.lock().unwrap().clone();
    let message: Value = serde_json::from_str(&seen[0].1).unwrap();
    let text = message["text"].as_str().unwrap();
    assert!(text.contains("Published a public review"), "{text}");
    assert!(
        text.contains(&format!(
            "https://status.example.com/reviews/{}",
            published["slug"].as_str().unwrap()
        )),
        "{text}"
    );
    let again = reminders::deliver(&app.db, &client, "https://status.example.com", later)
        .await
        .unwrap();
    assert_eq!(again, (0, 0), "announced once");
}

#[tokio::test]
async fn guidance_checks_text_through_the_api_and_marks_the_review_draft() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    owner
        .post_form(
            "/teams/ops/review-settings",
            &[
                ("approval_required", "on"),
                ("internal_names", "falcon-db"),
                ("blame_phrases", "cowboy deploy"),
            ],
        )
        .await;
    let olga = token_for(&app, "olga@example.com").await;
    use reqwest::Method;

    let (status, found) = api(
        &app,
        &olga,
        Method::POST,
        "/api/v1/guidance/check",
        json!({"text": "Dave should have checked the config.", "audience": "team", "lang": "auto"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let finding = &found["findings"][0];
    assert_eq!(finding["category"], "blame");
    let text = "Dave should have checked the config.";
    let (start, end) = (
        finding["start"].as_u64().unwrap() as usize,
        finding["end"].as_u64().unwrap() as usize,
    );
    assert!(text[start..end].contains("should"), "{finding}");
    assert!(!finding["suggestion"].as_str().unwrap().is_empty());

    let (_, neutral) = api(
        &app,
        &olga,
        Method::POST,
        "/api/v1/guidance/check",
        json!({"text": "Dave paged the database team at 14:05 UTC.", "audience": "team"}),
    )
    .await;
    assert_eq!(
        neutral["findings"],
        json!([]),
        "a name doing a neutral thing is not blame"
    );

    let (_, korean) = api(
        &app,
        &olga,
        Method::POST,
        "/api/v1/guidance/check",
        json!({"text": "배포 전에 확인했어야 했다.", "lang": "ko"}),
    )
    .await;
    assert_eq!(korean["findings"][0]["category"], "blame", "{korean}");

    let public_text = "A cowboy deploy on falcon-db (OPS-1234, 10.0.3.7) at 14:05 caused errors.";
    let (_, own) = api(
        &app,
        &olga,
        Method::POST,
        "/api/v1/guidance/check",
        json!({"text": public_text, "audience": "public", "team": "ops"}),
    )
    .await;
    let rules: Vec<&str> = own["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for rule in ["custom.blame", "jargon.internal_name"] {
        assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
    }
    let categories: Vec<&str> = own["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["category"].as_str().unwrap())
        .collect();
    assert!(
        categories.contains(&"jargon") && categories.contains(&"vague_time"),
        "{categories:?}"
    );

    for (body, location) in [
        (json!({"text": "x", "audience": "everyone"}), "$.audience"),
        (json!({"text": "x", "lang": "fr"}), "$.lang"),
        (json!({"text": "x".repeat(200_001)}), "$.text"),
    ] {
        let (status, refused) =
            api(&app, &olga, Method::POST, "/api/v1/guidance/check", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(refused["error"]["location"], location);
    }
    let (status, _) = api(
        &app,
        &olga,
        Method::POST,
        "/api/v1/guidance/check",
        json!({"text": "x", "team": "nope"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The editor marks the same things in the draft, with the suggestion in reach.
    let created = owner
        .post_form(&format!("/teams/ops/incidents/{incident}/reviews"), &[])
        .await;
    let editor = location(created.headers()).to_owned();
    owner
        .post_form(
            &editor,
            &[("title", "Outage"), ("body_markdown", public_text)],
        )
        .await;
    let (_, page) = owner.get_text(&editor).await;
    let marked = texts(&page, ".guided-text mark.finding");
    assert!(
        marked.iter().any(|m| m.starts_with("falcon-db")),
        "{marked:?}"
    );
    assert!(page.contains(r#"role="tooltip""#));
}

#[tokio::test]
async fn publishing_twice_at_once_makes_one_revision() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    app.sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    sqlx::query("UPDATE team SET review_approval = 0")
        .execute(app.db.pool())
        .await
        .unwrap();
    let olga = token_for(&app, "olga@example.com").await;
    let (_, review) = api(
        &app,
        &olga,
        reqwest::Method::POST,
        &format!("/api/v1/incidents/{incident}/reviews"),
        json!({}),
    )
    .await;
    let path = format!("/api/v1/reviews/{}/publish", review["id"]);
    let attempts = (0..8).map(|_| api(&app, &olga, reqwest::Method::POST, &path, json!({})));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || s.is_client_error()),
        "{statuses:?}"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM review_revision").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'review.published'")
            .await,
        1
    );
}
