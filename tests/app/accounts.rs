use reqwest::StatusCode;

use crate::common::{PASSWORD, location, spawn_app, texts};

#[tokio::test]
async fn the_setup_link_creates_the_first_administrator_once() {
    let app = spawn_app().await;
    let token = app
        .state
        .open_setup()
        .await
        .unwrap()
        .expect("a setup token with no users");
    let visitor = app.client();

    assert_eq!(visitor.get("/setup").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        visitor.get("/setup?token=guess").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        visitor.get(&format!("/setup?token={token}")).await.status(),
        StatusCode::OK
    );

    let mismatched = visitor
        .post_form(
            "/setup",
            &[
                ("token", &token),
                ("name", "Ana"),
                ("email", "ana@example.com"),
                ("password", PASSWORD),
                ("password_confirm", "something else entirely"),
            ],
        )
        .await;
    assert_eq!(mismatched.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = mismatched.text().await.unwrap();
    assert_eq!(
        texts(&body, "#field-password_confirm-error"),
        ["The two passwords are not the same."]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM app_user").await, 0);

    let created = visitor
        .post_form(
            "/setup",
            &[
                ("token", &token),
                ("name", "Ana"),
                ("email", "Ana@Example.com"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(created.headers()), "/teams");
    let (status, teams_page) = visitor.get_text("/teams").await;
    assert_eq!(status, StatusCode::OK);
    assert!(texts(&teams_page, ".nav-user span").contains(&"Ana".to_owned()));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM app_user WHERE is_admin = 1 AND email = 'ana@example.com'")
            .await,
        1
    );

    let again = app.client();
    assert_eq!(
        again.get(&format!("/setup?token={token}")).await.status(),
        StatusCode::FORBIDDEN
    );
    let second_admin = again
        .post_form(
            "/setup",
            &[
                ("token", &token),
                ("name", "Eve"),
                ("email", "eve@example.com"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(second_admin.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM app_user").await, 1);
}

#[tokio::test]
async fn signing_in_with_the_right_password_opens_the_teams_page() {
    let app = spawn_app().await;
    app.create_user("ben@example.com", "Ben", false).await;
    let browser = app.client();

    let response = browser.sign_in("BEN@example.com ", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("hindsight_session="))
        .expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP by default: {cookie}"
    );

    let (status, body) = browser.get_text("/teams").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&body, "h1"), ["Teams"]);
    // The database holds only a hash of the cookie's token.
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("hindsight_session=");
    let (stored,): (String,) = sqlx::query_as("SELECT token_hash FROM session")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_ne!(stored, token);
    assert_eq!(stored.len(), 64);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    app.create_user("ben@example.com", "Ben", false).await;

    let wrong_password = app
        .client()
        .sign_in("ben@example.com", "not the password")
        .await;
    let unknown_email = app.client().sign_in("nobody@example.com", PASSWORD).await;

    assert_eq!(wrong_password.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_email.status(), StatusCode::UNAUTHORIZED);
    let wrong_password = texts(&wrong_password.text().await.unwrap(), "[role=alert]");
    let unknown_email = texts(&unknown_email.text().await.unwrap(), "[role=alert]");
    assert_eq!(wrong_password, unknown_email);
    assert!(wrong_password[0].contains("do not match an account"));
}

#[tokio::test]
async fn repeated_failures_hold_an_account_back_and_say_how_long() {
    let app = spawn_app().await;
    app.create_user("ben@example.com", "Ben", false).await;
    let attacker = app.client();
    for _ in 0..hindsight::accounts::throttle::ACCOUNT_LIMIT {
        let response = attacker
            .sign_in("ben@example.com", "guess guess guess")
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    // Even the right password waits now, from any browser.
    let response = app.client().sign_in("ben@example.com", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");
    let body = response.text().await.unwrap();
    assert!(
        texts(&body, "[role=alert]")[0].contains("Please wait 15 minutes"),
        "{body}"
    );

    // Another account from the same address is not held back yet.
    app.create_user("cy@example.com", "Cy", false).await;
    assert_eq!(
        app.client()
            .sign_in("cy@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn too_many_failures_from_one_address_hold_it_back() {
    let app = spawn_app().await;
    let attacker = app.client();
    for attempt in 0..hindsight::accounts::throttle::CLIENT_LIMIT {
        let response = attacker
            .sign_in(&format!("user{attempt}@example.com"), "guess guess")
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let response = attacker.sign_in("fresh@example.com", "guess guess").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    app.create_user("ben@example.com", "Ben", false).await;
    let browser = app.signed_in("ben@example.com").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM session").await, 1);

    let response = browser.post_form("/logout", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(response.headers()), "/login");
    assert_eq!(app.count("SELECT COUNT(*) FROM session").await, 0);

    let after = browser.get("/teams").await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(after.headers()), "/login?next=%2Fteams");
    let (_, login) = browser.get_text("/login").await;
    assert_eq!(texts(&login, "[role=status]"), ["You are signed out."]);
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = spawn_app().await;
    app.create_user("ben@example.com", "Ben", false).await;
    let browser = app.signed_in("ben@example.com").await;
    assert_eq!(browser.get("/teams").await.status(), StatusCode::OK);

    let idle = hindsight::Settings::default().session_limits.idle_ms;
    sqlx::query("UPDATE session SET last_seen_at = last_seen_at - $1")
        .bind(idle + 1000)
        .execute(app.db.pool())
        .await
        .unwrap();

    let response = browser.get("/teams").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(response.headers()).starts_with("/login"));
}

#[tokio::test]
async fn a_busy_session_still_ends_at_its_absolute_limit() {
    let app = spawn_app().await;
    app.create_user("ben@example.com", "Ben", false).await;
    let browser = app.signed_in("ben@example.com").await;

    let absolute = hindsight::Settings::default().session_limits.absolute_ms;
    sqlx::query("UPDATE session SET created_at = created_at - $1")
        .bind(absolute + 1000)
        .execute(app.db.pool())
        .await
        .unwrap();

    assert_eq!(browser.get("/teams").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_disabled_user_cannot_sign_in_and_is_signed_out() {
    let app = spawn_app().await;
    let admin = app.sign_in_as_admin().await;
    let ben = app.create_user("ben@example.com", "Ben", false).await;
    let bens_browser = app.signed_in("ben@example.com").await;

    let response = admin
        .post_form(&format!("/admin/users/{}/disable", ben.0), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    assert_eq!(
        bens_browser.get("/teams").await.status(),
        StatusCode::SEE_OTHER
    );
    let again = app.client().sign_in("ben@example.com", PASSWORD).await;
    assert_eq!(again.status(), StatusCode::FORBIDDEN);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("This account is disabled")
    );
    // A wrong password still gets the ordinary answer, revealing nothing.
    let guess = app
        .client()
        .sign_in("ben@example.com", "wrong wrong wrong")
        .await;
    assert_eq!(guess.status(), StatusCode::UNAUTHORIZED);

    admin
        .post_form(&format!("/admin/users/{}/enable", ben.0), &[])
        .await;
    assert_eq!(
        app.client()
            .sign_in("ben@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_event WHERE action IN ('user.disabled', 'user.enabled')"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn changing_the_password_signs_out_other_devices() {
    let app = spawn_app().await;
    app.create_user("ben@example.com", "Ben", false).await;
    let laptop = app.signed_in("ben@example.com").await;
    let phone = app.signed_in("ben@example.com").await;
    let new_password = "a brand new passphrase";

    let wrong_current = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", "not it at all"),
                ("new_password", new_password),
                ("confirm_password", new_password),
            ],
        )
        .await;
    assert_eq!(wrong_current.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(
            &wrong_current.text().await.unwrap(),
            "#field-current_password-error"
        ),
        ["Your current password is not correct."]
    );

    let changed = laptop
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", new_password),
                ("confirm_password", new_password),
            ],
        )
        .await;
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);

    assert_eq!(laptop.get("/account").await.status(), StatusCode::OK);
    assert_eq!(phone.get("/account").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.client()
            .sign_in("ben@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.client()
            .sign_in("ben@example.com", new_password)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn an_invited_person_chooses_a_password_through_a_one_time_link() {
    let app = spawn_app().await;
    let admin = app.sign_in_as_admin().await;

    let created = admin
        .post_form(
            "/admin/users",
            &[("name", "Cy Newcomer"), ("email", "cy@example.com")],
        )
        .await;
    assert_eq!(created.status(), StatusCode::OK);
    let body = created.text().await.unwrap();
    let link = texts(&body, ".secret-link a")
        .pop()
        .expect("a password link");
    let path = link
        .split_once(&app.address.to_string())
        .unwrap()
        .1
        .to_owned();

    let newcomer = app.client();
    assert_eq!(newcomer.get(&path).await.status(), StatusCode::OK);
    let token = path.split_once("token=").unwrap().1;
    let too_short = newcomer
        .post_form(
            "/reset-password",
            &[
                ("token", token),
                ("new_password", "short"),
                ("confirm_password", "short"),
            ],
        )
        .await;
    assert_eq!(too_short.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let saved = newcomer
        .post_form(
            "/reset-password",
            &[
                ("token", token),
                ("new_password", PASSWORD),
                ("confirm_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        newcomer.sign_in("cy@example.com", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );

    // The link works once.
    assert_eq!(
        app.client().get(&path).await.status(),
        StatusCode::FORBIDDEN
    );
    let reuse = app
        .client()
        .post_form(
            "/reset-password",
            &[
                ("token", token),
                ("new_password", "another long one"),
                ("confirm_password", "another long one"),
            ],
        )
        .await;
    assert_eq!(reuse.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn only_administrators_reach_the_people_pages() {
    let app = spawn_app().await;
    app.create_user("ben@example.com", "Ben", false).await;
    let ben = app.signed_in("ben@example.com").await;

    assert_eq!(
        ben.get("/admin/users").await.status(),
        StatusCode::FORBIDDEN
    );
    let response = ben
        .post_form(
            "/admin/users",
            &[("name", "Eve"), ("email", "eve@example.com")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM app_user WHERE email = 'eve@example.com'")
            .await,
        0
    );

    let visitor = app.client();
    let response = visitor.get("/admin/users").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(response.headers()), "/login?next=%2Fadmin%2Fusers");
}

#[tokio::test]
async fn a_duplicate_email_is_refused_beside_the_form() {
    let app = spawn_app().await;
    let admin = app.sign_in_as_admin().await;
    app.create_user("ben@example.com", "Ben", false).await;

    let response = admin
        .post_form(
            "/admin/users",
            &[("name", "Ben Again"), ("email", "BEN@example.com")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.unwrap();
    assert!(texts(&body, "[role=alert]")[0].contains("already an account for ben@example.com"));

    let response = admin
        .post_form(
            "/admin/users",
            &[("name", "Nobody"), ("email", "not-an-email")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&response.text().await.unwrap(), "#field-email-error"),
        ["Enter an email address such as ana@example.com."]
    );
}
