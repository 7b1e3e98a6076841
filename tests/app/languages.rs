//! The Korean UI: a person's language setting, and `Accept-Language` for everyone else.

use reqwest::StatusCode;
use reqwest::header::ACCEPT_LANGUAGE;

use crate::common::{spawn_app, texts};

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
