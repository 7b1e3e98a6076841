use hindsight::accounts::teams::TeamRole;
use reqwest::StatusCode;

use crate::common::{location, spawn_app, texts};

#[tokio::test]
async fn an_administrator_creates_a_team_and_its_owner_adds_members() {
    let app = spawn_app().await;
    let admin = app.sign_in_as_admin().await;

    let created = admin
        .post_form(
            "/teams",
            &[("name", "Payments SRE"), ("slug", "payments-sre")],
        )
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(created.headers()), "/teams/payments-sre");

    app.create_user("olga@example.com", "Olga", false).await;
    app.create_user("ben@example.com", "Ben", false).await;
    let added = admin
        .post_form(
            "/teams/payments-sre/members",
            &[("email", "olga@example.com"), ("role", "owner")],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);

    let olga = app.signed_in("olga@example.com").await;
    let added = olga
        .post_form(
            "/teams/payments-sre/members",
            &[("email", "ben@example.com"), ("role", "member")],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let (status, page) = olga.get_text("/teams/payments-sre").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        texts(&page, "[role=status]"),
        ["Ben is now a member of Payments SRE."]
    );
    let emails = texts(&page, "tbody tr td:nth-child(2)");
    assert_eq!(emails, ["ben@example.com", "olga@example.com"]);

    let (_, teams) = olga.get_text("/teams").await;
    assert_eq!(texts(&teams, ".team-list a"), ["Payments SRE"]);
    assert!(
        texts(&teams, "h2").is_empty(),
        "only administrators create teams"
    );
}

#[tokio::test]
async fn a_team_slug_already_taken_is_refused_with_a_message() {
    let app = spawn_app().await;
    app.create_team("ops", "Operations").await;
    let admin = app.sign_in_as_admin().await;

    let response = admin
        .post_form("/teams", &[("name", "Ops again"), ("slug", "ops")])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.unwrap();
    assert!(texts(&body, "[role=alert]")[0].contains("already taken"));

    let response = admin
        .post_form("/teams", &[("name", "Bad"), ("slug", "Bad Slug!")])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!texts(&response.text().await.unwrap(), "#field-slug-error").is_empty());
    assert_eq!(app.count("SELECT COUNT(*) FROM team").await, 1);
}

#[tokio::test]
async fn a_member_cannot_reach_another_teams_pages() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    app.create_team("secret-project", "Secret project").await;
    let ben = app
        .sign_in_as(&ops, "ben@example.com", TeamRole::Owner)
        .await;
    app.create_user("cy@example.com", "Cy", false).await;

    let page = ben.get("/teams/secret-project").await;
    assert_eq!(
        page.status(),
        StatusCode::NOT_FOUND,
        "a non-member learns nothing, not even that it exists"
    );
    assert!(!page.text().await.unwrap().contains("Secret project"));
    let write = ben
        .post_form(
            "/teams/secret-project/members",
            &[("email", "cy@example.com"), ("role", "owner")],
        )
        .await;
    assert_eq!(write.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("SELECT COUNT(*) FROM membership WHERE user_id IN (SELECT id FROM app_user WHERE email = 'cy@example.com')").await, 0);

    let (_, teams) = ben.get_text("/teams").await;
    assert!(!teams.contains("Secret project"));
    assert_eq!(
        ben.get("/teams/no-such-team").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_viewer_can_read_but_not_change_anything() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    app.create_user("olga@example.com", "Olga", false).await;
    app.add_member(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    let viewer = app
        .sign_in_as(&ops, "vic@example.com", TeamRole::Viewer)
        .await;
    let olga_id = app
        .count("SELECT id FROM app_user WHERE email = 'olga@example.com'")
        .await;

    let (status, page) = viewer.get_text("/teams/ops").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        texts(&page, "main form").is_empty(),
        "a viewer sees no forms"
    );

    let attempts = [
        (
            "/teams/ops/members".to_owned(),
            vec![("email", "vic@example.com"), ("role", "owner")],
        ),
        (
            format!("/teams/ops/members/{olga_id}/role"),
            vec![("role", "viewer")],
        ),
        (format!("/teams/ops/members/{olga_id}/remove"), vec![]),
    ];
    for (path, fields) in attempts {
        let response = viewer.post_form(&path, &fields).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM membership WHERE role = 'owner'")
            .await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM membership").await, 2);
}

#[tokio::test]
async fn a_member_cannot_manage_the_team() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let member = app
        .sign_in_as(&ops, "mo@example.com", TeamRole::Member)
        .await;
    let response = member
        .post_form(
            "/teams/ops/members",
            &[("email", "mo@example.com"), ("role", "owner")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_last_owner_cannot_leave_a_team_ownerless() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    let olga_id = app
        .count("SELECT id FROM app_user WHERE email = 'olga@example.com'")
        .await;

    for (path, fields) in [
        (
            format!("/teams/ops/members/{olga_id}/role"),
            vec![("role", "member")],
        ),
        (format!("/teams/ops/members/{olga_id}/remove"), vec![]),
    ] {
        let response = owner.post_form(&path, &fields).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let (_, page) = owner.get_text("/teams/ops").await;
        assert_eq!(
            texts(&page, "[role=alert]"),
            ["A team needs at least one owner. Make someone else an owner first."]
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM membership WHERE role = 'owner'")
            .await,
        1
    );
}

#[tokio::test]
async fn adding_an_unknown_email_says_what_to_do() {
    let app = spawn_app().await;
    let ops = app.create_team("ops", "Operations").await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    owner
        .post_form(
            "/teams/ops/members",
            &[("email", "ghost@example.com"), ("role", "member")],
        )
        .await;
    let (_, page) = owner.get_text("/teams/ops").await;
    assert_eq!(
        texts(&page, "[role=alert]"),
        ["No account uses ghost@example.com. An administrator can create one under People."]
    );
    let (_, page) = owner.get_text("/teams/ops").await;
    assert!(
        texts(&page, "[role=alert]").is_empty(),
        "a flash is shown once"
    );
}

#[tokio::test]
async fn an_administrator_sees_every_team() {
    let app = spawn_app().await;
    app.create_team("ops", "Operations").await;
    app.create_team("web", "Web").await;
    let admin = app.sign_in_as_admin().await;
    let (_, page) = admin.get_text("/teams").await;
    assert_eq!(texts(&page, ".team-list a"), ["Operations", "Web"]);
    assert_eq!(admin.get("/teams/web").await.status(), StatusCode::OK);
}
