use hindsight::accounts::teams::TeamRole;
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;

use crate::common::{location, spawn_app, texts};

/// Fills a route's path parameters with things that exist, so that only CSRF can refuse.
fn concrete_path(pattern: &str, team: &str, user: i64) -> String {
    pattern
        .replace("{team}", team)
        .replace("{user}", &user.to_string())
        .replace("{file}", "style.css")
}

#[tokio::test]
async fn every_state_changing_route_refuses_a_missing_or_foreign_csrf_token() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let admin = app.sign_in_as_admin().await;
    let member = app.create_user("ben@example.com", "Ben", false).await;
    app.add_member(&team, "ben@example.com", TeamRole::Member)
        .await;
    let foreign_token = app.client().csrf_token().await;
    let audit_before = app.count("SELECT COUNT(*) FROM audit_event").await;

    let state_changing: Vec<_> = hindsight::route_table()
        .into_iter()
        .filter(|route| hindsight::web::csrf::is_state_changing(&route.method))
        .collect();
    // The API authenticates with bearer tokens only, so a browser's cookies cannot be
    // borrowed there; it must refuse a signed-in browser that has no token.
    let (api, state_changing): (Vec<_>, Vec<_>) = state_changing
        .into_iter()
        .partition(|route| route.path.starts_with("/api/"));
    // The public site never reads a session, so a forged request has no one's authority
    // to borrow; its forms (reader feedback, email subscriptions, whose links carry their
    // own secrets) are tested with their own abuse limits (reviews.rs, email.rs).
    let (public, state_changing): (Vec<_>, Vec<_>) = state_changing
        .into_iter()
        .partition(|route| hindsight::web::is_public_site(route.path));
    assert_eq!(
        public.iter().map(|r| r.path).collect::<Vec<_>>(),
        [
            "/reviews/{slug}/feedback",
            "/reviews/subscribe",
            "/reviews/subscribe/confirm",
            "/reviews/unsubscribe"
        ],
        "only reader feedback and email subscriptions change state without a session"
    );
    for route in api {
        let path = concrete_path(route.path, &team.slug, member.0);
        let response = admin
            .client
            .request(route.method.clone(), format!("{}{path}", admin.base))
            .header("x-csrf-token", admin.csrf_token().await)
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{} {path} with cookies only",
            route.method
        );
    }
    assert!(
        state_changing.len() >= 10,
        "the walk found too few routes: {state_changing:?}"
    );

    for route in state_changing {
        let path = concrete_path(route.path, &team.slug, member.0);
        let url = format!("{}{path}", admin.base);
        let fields = [
            ("email", "x@example.com"),
            ("role", "viewer"),
            ("name", "X"),
            ("slug", "xx"),
        ];

        let missing = admin
            .client
            .request(route.method.clone(), &url)
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(
            missing.status(),
            StatusCode::FORBIDDEN,
            "{} {path} without a token",
            route.method
        );
        let body = missing.text().await.unwrap();
        assert!(
            body.contains("This form has expired"),
            "{} {path}: {body}",
            route.method
        );

        let mut with_foreign = fields.to_vec();
        with_foreign.push(("csrf_token", &foreign_token));
        let foreign = admin
            .client
            .request(route.method.clone(), &url)
            .form(&with_foreign)
            .send()
            .await
            .unwrap();
        assert_eq!(
            foreign.status(),
            StatusCode::FORBIDDEN,
            "{} {path} with another visitor's token",
            route.method
        );

        let header = admin
            .client
            .request(route.method.clone(), &url)
            .header("x-csrf-token", "forged")
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(
            header.status(),
            StatusCode::FORBIDDEN,
            "{} {path} with a forged header",
            route.method
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_event").await,
        audit_before,
        "nothing changed"
    );
}

#[tokio::test]
async fn the_csrf_header_is_accepted_for_htmx_requests() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let owner = app
        .sign_in_as(&team, "olga@example.com", TeamRole::Owner)
        .await;
    app.create_user("ben@example.com", "Ben", false).await;
    let token = owner.csrf_token().await;

    let response = owner
        .client
        .post(format!("{}/teams/ops/members", owner.base))
        .header("x-csrf-token", token)
        .header("hx-request", "true")
        .form(&[("email", "ben@example.com"), ("role", "viewer")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM membership WHERE role = 'viewer'")
            .await,
        1
    );
}

#[tokio::test]
async fn html_responses_carry_the_security_headers() {
    let app = spawn_app().await;
    let visitor = app.client();
    for path in ["/login", "/no-such-page", "/setup"] {
        let response = visitor.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert!(headers.contains_key("x-request-id"), "{path}");
    }
}

#[tokio::test]
async fn pages_use_no_inline_script_or_style() {
    let app = spawn_app().await;
    let admin = app.sign_in_as_admin().await;
    for path in ["/teams", "/account", "/admin/users"] {
        let (status, body) = admin.get_text(path).await;
        assert_eq!(status, StatusCode::OK);
        let page = scraper::Html::parse_document(&body);
        let inline_script = scraper::Selector::parse("script:not([src])").unwrap();
        let inline_style = scraper::Selector::parse("style, [style]").unwrap();
        assert_eq!(page.select(&inline_script).count(), 0, "{path}");
        assert_eq!(page.select(&inline_style).count(), 0, "{path}");
    }
}

#[tokio::test]
async fn an_unknown_page_is_a_friendly_404_for_people_and_json_for_programs() {
    let app = spawn_app().await;
    let visitor = app.client();

    let page = visitor.get("/no-such-page").await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(
        page.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let body = page.text().await.unwrap();
    assert_eq!(texts(&body, "h1"), ["Page not found"]);

    let json = visitor
        .client
        .get(app.url("/no-such-page"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = json.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("couldn't find")
    );
    assert!(body["error"]["location"].is_null());
}

#[tokio::test]
async fn an_htmx_request_gets_its_error_as_a_flash_fragment() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let viewer = app
        .sign_in_as(&team, "vic@example.com", TeamRole::Viewer)
        .await;
    let token = viewer.csrf_token().await;

    let response = viewer
        .client
        .post(format!("{}/teams/ops/members", viewer.base))
        .header("x-csrf-token", token)
        .header("hx-request", "true")
        .form(&[("email", "vic@example.com"), ("role", "owner")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(response.headers()["hx-retarget"], "#flash");
    let body = response.text().await.unwrap();
    assert!(!body.contains("<html"), "a fragment, not a page: {body}");
    assert!(body.contains("role=\"alert\""));
}

#[tokio::test]
async fn assets_have_hashed_names_and_long_cache_lifetimes() {
    let app = spawn_app().await;
    let style = hindsight::web::assets::url("style.css");
    let response = app.client().get(&style).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("prefers-color-scheme: dark")
    );

    assert_eq!(
        app.client().get("/assets/style.css").await.status(),
        StatusCode::NOT_FOUND
    );
    let (_, login) = app.client().get_text("/login").await;
    assert!(login.contains(&style), "pages link the hashed name");
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    let (status, body) = app.client().get_text("/healthz").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
    let (status, body) = app.client().get_text("/readyz").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ready"));

    app.db.close().await;
    let (status, _) = app.client().get_text("/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn a_login_link_never_sends_people_to_another_site() {
    let app = spawn_app().await;
    app.create_user("ben@example.com", "Ben", false).await;
    let browser = app.client();
    let response = browser
        .post_form(
            "/login",
            &[
                ("email", "ben@example.com"),
                ("password", crate::common::PASSWORD),
                ("next", "//evil.example/x"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(response.headers()), "/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_writes_all_succeed() {
    let app = spawn_app().await;
    let admin = app.sign_in_as_admin().await;
    let token = admin.csrf_token().await;

    let requests = (0..50).map(|i| {
        let request = admin.client.post(app.url("/teams")).form(&[
            ("name", format!("Team {i}")),
            ("slug", format!("team-{i}")),
            ("csrf_token", token.clone()),
        ]);
        async move { request.send().await.map(|r| r.status()) }
    });
    let statuses = futures_join_all(requests).await;

    for (i, status) in statuses.iter().enumerate() {
        assert_eq!(
            status.as_ref().ok(),
            Some(&StatusCode::SEE_OTHER),
            "request {i}"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM team").await, 50);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'team.created'")
            .await,
        50
    );
}

/// Runs every future at once on the test's runtime and collects the results in order.
async fn futures_join_all<F, T>(futures: impl Iterator<Item = F>) -> Vec<T>
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.expect("task"));
    }
    results
}
