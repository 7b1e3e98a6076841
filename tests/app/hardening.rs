//! Sessions, cookies, headers, limits and hostile input, across every route.

use std::io::{Read, Write};
use std::time::Duration;

use hindsight::Settings;
use hindsight::accounts::UserId;
use hindsight::accounts::teams::TeamRole;
use reqwest::StatusCode;

use crate::common::{PASSWORD, spawn_app, spawn_app_with, texts};

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");

/// A route pattern with its team and user filled in; other parameters stay as written,
/// which the app must refuse as cleanly as anything else.
fn concrete(pattern: &str, team: &str, user: i64) -> String {
    pattern
        .replace("{team}", team)
        .replace("{user}", &user.to_string())
        .replace("{file}", "style.css")
}

#[tokio::test]
async fn a_session_set_before_sign_in_is_never_kept_and_cookies_carry_their_flags() {
    let app = spawn_app_with(Settings {
        secure_cookies: true,
        ..Settings::default()
    })
    .await;
    app.create_user("ana@example.com", "Ana", false).await;
    let planted = "attacker-chosen-session-value-0123456789abcdef";
    let browser = app.client();
    let token = browser.csrf_token().await;
    let response = browser
        .client
        .post(app.url("/login"))
        .header(
            "cookie",
            format!("hindsight_session={planted}; hindsight_csrf={token}"),
        )
        .form(&[
            ("email", "ana@example.com"),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("hindsight_session=") && !c.starts_with("hindsight_session=;"))
        .expect("a session cookie");
    assert!(
        !session.contains(planted),
        "the planted id was kept: {session}"
    );
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Secure"] {
        assert!(session.contains(flag), "{flag} missing: {session}");
    }
    // The planted value is no session at all.
    let (status, _) = {
        let response = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(app.url("/account"))
            .header("cookie", format!("hindsight_session={planted}"))
            .send()
            .await
            .unwrap();
        (response.status(), ())
    };
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the planted id does not sign anyone in"
    );
}

#[tokio::test]
async fn every_html_page_carries_the_security_headers() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let incident = app.import(&team, DYN).await;
    let admin = app.sign_in_as_admin().await;
    let user = app.create_user("ben@example.com", "Ben", false).await;
    let mut paths: Vec<String> = hindsight::route_table()
        .into_iter()
        .filter(|r| r.method == reqwest::Method::GET)
        .map(|r| concrete(r.path, &team.slug, user.0))
        .collect();
    paths.push(format!("/teams/ops/incidents/{incident}"));
    paths.push("/no/such/page".into());
    let mut html_pages = 0;
    for path in &paths {
        let response = admin.get(path).await;
        let is_html = response
            .headers()
            .get("content-type")
            .is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/html"));
        assert!(
            !response.status().is_server_error(),
            "{path}: {}",
            response.status()
        );
        if !is_html {
            continue;
        }
        html_pages += 1;
        let headers = response.headers();
        let csp = headers
            .get("content-security-policy")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}: CSP {csp:?}"
        );
        assert_eq!(
            headers
                .get("x-content-type-options")
                .map(|v| v.to_str().unwrap()),
            Some("nosniff"),
            "{path}"
        );
        assert!(headers.contains_key("referrer-policy"), "{path}");
        assert_eq!(
            headers.get("x-frame-options").map(|v| v.to_str().unwrap()),
            Some("DENY"),
            "{path}"
        );
    }
    assert!(
        html_pages >= 20,
        "only {html_pages} HTML pages were checked"
    );
}

#[tokio::test]
async fn no_route_accepts_a_body_over_its_limit() {
    let app = spawn_app_with(Settings {
        max_upload_bytes: 1024 * 1024,
        ..Settings::default()
    })
    .await;
    let team = app.create_team("ops", "Operations").await;
    let admin = app.sign_in_as_admin().await;
    let token = admin.csrf_token().await;
    let admin_id = app
        .count("SELECT id FROM app_user WHERE email = 'admin@example.com'")
        .await;
    let api_token = hindsight::api::tokens::create_token(&app.db, UserId(admin_id), "limits")
        .await
        .unwrap()
        .1;
    let big = "a".repeat(2 * 1024 * 1024);
    let mut refused = 0;
    let mut routes = 0;
    for route in hindsight::route_table() {
        if !hindsight::web::csrf::is_state_changing(&route.method) {
            continue;
        }
        routes += 1;
        let path = concrete(route.path, &team.slug, admin_id);
        let body = format!("csrf_token={token}&text={big}");
        let response = admin
            .client
            .request(route.method.clone(), app.url(&path))
            .header("content-type", "application/x-www-form-urlencoded")
            .bearer_auth(&api_token)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        assert!(
            status.is_client_error(),
            "{} {path} answered {status} to a 2 MB body",
            route.method
        );
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            refused += 1;
        }
    }
    println!(
        "body limits: {routes} state-changing routes, {refused} answered 413, the rest refused the request otherwise"
    );
    assert!(
        refused * 2 > routes,
        "most routes should say 413: {refused} of {routes}"
    );
}

#[tokio::test]
async fn the_api_rate_limit_answers_429_with_retry_after() {
    let app = spawn_app_with(Settings {
        api_requests_per_minute: 5,
        ..Settings::default()
    })
    .await;
    let id = app.create_user("bot@example.com", "Bot", false).await;
    let token = hindsight::api::tokens::create_token(&app.db, id, "bot")
        .await
        .unwrap()
        .1;
    let client = reqwest::Client::new();
    for _ in 0..5 {
        let ok = client
            .get(app.url("/api/v1/incidents"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
    }
    let limited = client
        .get(app.url("/api/v1/incidents"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let body: serde_json::Value = limited.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 5 a minute")
    );
}

#[tokio::test]
async fn a_client_that_stops_sending_its_body_gets_408() {
    let app = spawn_app_with(Settings {
        request_timeout: Duration::from_secs(1),
        ..Settings::default()
    })
    .await;
    let address = app.address;
    let started = std::time::Instant::now();
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream
            .write_all(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=a")
            .unwrap();
        let mut answer = String::new();
        let mut buffer = [0u8; 4096];
        while let Ok(n) = stream.read(&mut buffer) {
            if n == 0 {
                break;
            }
            answer.push_str(&String::from_utf8_lossy(&buffer[..n]));
            if answer.contains("\r\n\r\n") {
                break;
            }
        }
        answer
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn administrators_browse_and_export_the_audit_log_which_cannot_be_edited() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let admin = app.sign_in_as_admin().await;
    let member = app
        .sign_in_as(&team, "mo@example.com", TeamRole::Owner)
        .await;
    member
        .post_form("/teams/ops/review-settings", &[("approval_required", "on")])
        .await;
    assert_eq!(
        member.get("/admin/audit").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        member.get("/admin/audit.csv").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.client().get("/admin/audit").await.status(),
        StatusCode::SEE_OTHER
    );

    let (status, page) = admin
        .get_text("/admin/audit?action=team.&actor=mo%40example.com")
        .await;
    assert_eq!(status, StatusCode::OK);
    let actions = texts(&page, "tbody td code:not(.prewrap)");
    assert_eq!(
        actions,
        ["team.review_settings_saved"],
        "filtered to mo's team changes"
    );
    let csv = admin.get("/admin/audit.csv?object_type=team").await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let body = csv.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(
        records
            .iter()
            .any(|r| &r[3] == "team.review_settings_saved" && &r[2] == "mo@example.com")
    );
    assert!(records.iter().all(|r| &r[4] == "team"));

    let writes_to_audit: Vec<_> = hindsight::route_table()
        .into_iter()
        .filter(|r| r.path.contains("audit") && r.method != reqwest::Method::GET)
        .collect();
    assert!(writes_to_audit.is_empty(), "{writes_to_audit:?}");
}

/// Values that have broken web apps before.
fn nasty_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "",
        " ",
        "\0",
        "-1",
        "0",
        "9223372036854775808",
        "1e309",
        "NaN",
        "true",
        "null",
        "../../../etc/passwd",
        "' OR 1=1 --",
        "\"; DROP TABLE app_user; --",
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "%00%ff",
        "\u{202e}gnp.exe",
        "👩‍👩‍👧‍👦🔥",
        "Ｔｅｓｔ",
        "\r\nSet-Cookie: x=1",
        "2026-02-30",
        "9999-99-99",
        "P0",
        "P1; P2",
        "open\u{0}",
        "Asia/Nowhere",
        "+99:99",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    values.push("x".repeat(100_000));
    values.push("ㅋ".repeat(30_000));
    values
}

#[tokio::test]
async fn hostile_input_to_forms_and_the_api_never_gets_a_server_error() {
    // With email on, so that the subscription forms are there to be fed.
    let smtp = crate::common::smtp::SmtpReceiver::start().await;
    let app = spawn_app_with(Settings {
        public_url: Some("https://status.example.com".into()),
        email: Some(
            hindsight::email::EmailSettings::parse(&smtp.url(), "status@example.com").unwrap(),
        ),
        ..Settings::default()
    })
    .await;
    let team = app.create_team("ops", "Operations").await;
    let incident = app.import(&team, DYN).await;
    let (owner, token) = app
        .sign_in_with_token(&team, "olga@example.com", TeamRole::Owner)
        .await;
    let api = reqwest::Client::new();
    let post_json = |path: String, body: String| {
        api.post(app.url(&path))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let retro: serde_json::Value =
        post_json(format!("/api/v1/incidents/{incident}/retros"), "{}".into())
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let retro = retro["id"].as_i64().unwrap();
    let action: serde_json::Value = post_json(
        "/api/v1/actions".into(),
        format!(r#"{{"incident_id":{incident},"title":"t","type":"prevent","priority":"P1"}}"#),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let action = action["id"].as_i64().unwrap();
    let review: serde_json::Value =
        post_json(format!("/api/v1/incidents/{incident}/reviews"), "{}".into())
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let review = review["id"].as_i64().unwrap();

    let forms: Vec<(String, Vec<&str>)> = vec![
        (
            format!("/teams/ops/incidents/{incident}/actions"),
            vec!["title", "type", "owner", "priority", "due_date"],
        ),
        (
            format!("/teams/ops/actions/{action}"),
            vec![
                "title",
                "description",
                "status",
                "reason",
                "owner",
                "due_date",
                "priority",
                "type",
                "external_url",
            ],
        ),
        (
            format!("/teams/ops/actions/{action}/status"),
            vec!["status", "owner", "due_date"],
        ),
        (
            format!("/teams/ops/reviews/{review}"),
            vec!["title", "body_markdown"],
        ),
        (
            format!("/teams/ops/reviews/{review}/publish"),
            vec!["change_note"],
        ),
        (
            format!("/teams/ops/reviews/{review}/comments"),
            vec!["body"],
        ),
        (format!("/teams/ops/retros/{retro}/phase"), vec!["phase"]),
        (
            "/teams/ops/review-settings".to_owned(),
            vec!["internal_names", "blame_phrases"],
        ),
        (
            "/teams/ops/webhook".to_owned(),
            vec!["webhook_url", "webhook_format", "webhook_language"],
        ),
        (
            "/account/preferences".to_owned(),
            vec!["time_zone", "language"],
        ),
        (
            "/account/email-reminders".to_owned(),
            vec!["email_reminders"],
        ),
        ("/reviews/subscribe".to_owned(), vec!["email"]),
        ("/reviews/subscribe/confirm".to_owned(), vec!["token"]),
        (
            "/reviews/unsubscribe?token=P2".to_owned(),
            vec!["List-Unsubscribe"],
        ),
    ];
    let mut tried = 0;
    for (path, fields) in &forms {
        for field in fields {
            for value in nasty_values() {
                let mut body: Vec<(&str, &str)> = fields.iter().map(|f| (*f, "P2")).collect();
                body.retain(|(f, _)| f != field);
                body.push((field, &value));
                let status = owner.post_form(path, &body).await.status();
                tried += 1;
                assert!(
                    !status.is_server_error(),
                    "POST {path} with {field}={:?}: {status}",
                    &value[..value.len().min(40)]
                );
            }
        }
    }
    // Bodies that are not what they claim to be.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let json_bodies = [
        deep.clone(),
        "{".to_owned(),
        r#"{"incident_id": "1", "title": 5}"#.to_owned(),
        format!(
            r#"{{"incident_id": {incident}, "title": "t", "type": "prevent", "priority": "P1", "due_date": "2026-13-45"}}"#
        ),
        r#"{"incident_id": 99999999999999999999, "title": "t", "type": "prevent", "priority": "P1"}"#.to_owned(),
        format!(
            r#"{{"incident_id": {incident}, "title": "t", "type": "prevent", "priority": "P1", "extra": 1}}"#
        ),
    ];
    let json_paths = [
        "/api/v1/actions".to_owned(),
        format!("/api/v1/incidents/{incident}/reviews"),
        format!("/api/v1/retros/{retro}/cards"),
        "/api/v1/guidance/check".to_owned(),
        "/api/v1/teams/ops/imports".to_owned(),
    ];
    for path in &json_paths {
        for body in &json_bodies {
            let status = post_json(path.clone(), body.clone())
                .await
                .unwrap()
                .status();
            tried += 1;
            assert!(
                status.is_client_error(),
                "POST {path} with {:?}…: {status}",
                &body[..body.len().min(40)]
            );
        }
        let invalid_utf8 = api
            .post(app.url(path))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(vec![b'{', b'"', 0xff, 0xfe, b'"', b':', b'1', b'}'])
            .send()
            .await
            .unwrap()
            .status();
        tried += 1;
        assert!(
            invalid_utf8.is_client_error(),
            "POST {path} with invalid UTF-8: {invalid_utf8}"
        );
    }
    let invalid_form = owner
        .client
        .post(app.url(&format!("/teams/ops/incidents/{incident}/actions")))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-csrf-token", owner.csrf_token().await)
        .body(vec![b't', b'i', b't', b'l', b'e', b'=', 0xff, 0xfe])
        .send()
        .await
        .unwrap()
        .status();
    tried += 1;
    assert!(invalid_form.is_client_error(), "{invalid_form}");
    println!("hostile input: {tried} requests, none answered with a server error");
}

#[tokio::test]
async fn metrics_are_in_the_prometheus_format_and_can_ask_for_a_token() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    app.import(&team, DYN).await;
    let admin = app.sign_in_as_admin().await;
    admin.get("/teams/ops").await;
    admin.get("/no/such/page").await;
    let (status, text) = app.client().get_text("/metrics").await;
    assert_eq!(status, StatusCode::OK);
    for line in [
        "# TYPE hindsight_http_requests_total counter",
        "hindsight_http_requests_total{method=\"GET\",route=\"/teams/{team}\",status=\"200\"}",
        "hindsight_http_request_duration_seconds_bucket{route=\"/teams/{team}\",le=\"+Inf\"}",
        "hindsight_live_meetings 0",
        "hindsight_sse_connections 0",
        "hindsight_imports_total{format=\"native\",outcome=\"applied\"}",
        "hindsight_webhook_deliveries_total{outcome=\"failed\"}",
        "hindsight_db_connections{state=\"open\"}",
    ] {
        assert!(text.contains(line), "{line} missing from:\n{text}");
    }
    assert!(
        !text.contains("/no/such/page"),
        "raw paths never become labels"
    );
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let value = line.rsplit(' ').next().unwrap();
        assert!(value.parse::<f64>().is_ok(), "not a sample: {line}");
    }

    let guarded = spawn_app_with(Settings {
        metrics_token: Some("scrape-secret".into()),
        ..Settings::default()
    })
    .await;
    assert_eq!(
        guarded.client().get("/metrics").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let scraped = reqwest::Client::new()
        .get(guarded.url("/metrics"))
        .bearer_auth("scrape-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(scraped.status(), StatusCode::OK);
}

#[tokio::test]
async fn absurd_page_numbers_are_refused_not_overflowed() {
    let app = spawn_app().await;
    let admin = app.sign_in_as_admin().await;
    let admin_id = app
        .count("SELECT id FROM app_user WHERE email = 'admin@example.com'")
        .await;
    let token = hindsight::api::tokens::create_token(&app.db, UserId(admin_id), "pages")
        .await
        .unwrap()
        .1;
    let huge = "9223372036854775807";
    for path in [
        format!("/actions?page={huge}"),
        format!("/admin/audit?page={huge}"),
    ] {
        let status = admin.get(&path).await.status();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
    }
    for path in [
        format!("/api/v1/actions?page={huge}"),
        format!("/api/v1/incidents?page={huge}&per_page=-9223372036854775808"),
    ] {
        let status = reqwest::Client::new()
            .get(app.url(&path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status();
        assert!(
            status.is_success() || status.is_client_error(),
            "{path}: {status}"
        );
    }
}

#[tokio::test]
async fn text_with_a_nul_character_is_refused_everywhere_not_stored_on_one_backend_only() {
    let app = spawn_app().await;
    let team = app.create_team("ops", "Operations").await;
    let incident = app.import(&team, DYN).await;
    let (owner, token) = app
        .sign_in_with_token(&team, "olga@example.com", TeamRole::Owner)
        .await;
    let form = owner
        .post_form(
            &format!("/teams/ops/incidents/{incident}/actions"),
            &[("title", "a\0b"), ("type", "prevent"), ("priority", "P1")],
        )
        .await;
    assert_eq!(form.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let json = reqwest::Client::new()
        .post(app.url("/api/v1/actions"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"incident_id":{incident},"title":"a\u0000b","type":"prevent","priority":"P1"}}"#
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let import = reqwest::Client::new()
        .post(app.url("/api/v1/teams/ops/imports?format=csv&timezone=UTC"))
        .bearer_auth(&token)
        .body("time,text\n2026-01-01T10:00:00Z,broken \0 entry\n")
        .send()
        .await
        .unwrap();
    assert_eq!(
        import.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        import.text().await.unwrap()
    );
    let query = owner.get("/admin/audit?action=%00").await.status();
    assert!(query.is_client_error(), "{query}");
    assert_eq!(app.count("SELECT COUNT(*) FROM action_item").await, 0);
}
