//! The test harness: the real app on 127.0.0.1:0 with a fresh SQLite file per test, and
//! HTTP clients that keep cookies and do not follow redirects (so tests see them).

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the harness"
)]

pub mod smtp;

use std::net::SocketAddr;
use std::path::PathBuf;

use hindsight::accounts::teams::{self, NewTeam, Team, TeamRole};
use hindsight::accounts::{self, NewUser, UserId};
use hindsight::db::Db;
use hindsight::{AppState, Settings};
use reqwest::header::{HeaderMap, LOCATION};
use reqwest::{Client, Response, StatusCode};
use tempfile::TempDir;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub address: SocketAddr,
    pub state: AppState,
    pub db: Db,
    /// The database's URL (SQLite file or PostgreSQL database).
    pub db_url: String,
    /// The SQLite file (unused when the suite runs on PostgreSQL).
    pub db_path: PathBuf,
    _dir: TempDir,
}

/// The PostgreSQL server the suite runs against instead of SQLite, if any: a URL of a
/// database on it that may create databases (`HINDSIGHT_TEST_DATABASE_URL`).
pub fn postgres_server() -> Option<String> {
    std::env::var("HINDSIGHT_TEST_DATABASE_URL")
        .ok()
        .filter(|url| url.starts_with("postgres"))
}

/// A new, empty database on `server`, for one test.
pub async fn fresh_postgres_database(server: &str) -> String {
    let name = format!(
        "hindsight_test_{}",
        hindsight::accounts::tokens::random_token()
            .to_lowercase()
            .replace(['-', '_'], "")
    );
    let name = &name[..40.min(name.len())];
    let admin = Db::connect(server)
        .await
        .expect("connect to the test PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(admin.pool())
        .await
        .expect("create a test database");
    admin.close().await;
    let (base, _) = server
        .rsplit_once('/')
        .expect("a database URL ends with /name");
    format!("{base}/{name}")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Settings::default()).await
}

pub async fn spawn_app_with(settings: Settings) -> TestApp {
    spawn_app_on(None, settings).await
}

/// The app on the database at `url` (migrated first), or on a fresh one.
pub async fn spawn_app_on(url: Option<String>, settings: Settings) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("hindsight.db");
    let url = match (url, postgres_server()) {
        (Some(url), _) => url,
        (None, Some(server)) => fresh_postgres_database(&server).await,
        (None, None) => format!("sqlite://{}", db_path.display()),
    };
    let db = Db::connect(&url).await.expect("open database");
    db.migrate().await.expect("migrate");
    let state = AppState::new(db.clone(), settings);
    // A no-op unless the settings configure email.
    hindsight::email::worker::spawn_worker(&state).expect("email settings");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    // Bound already: requests queue until the server task polls, so nothing to wait for.
    tokio::spawn(hindsight::serve(
        listener,
        state.clone(),
        std::future::pending(),
    ));
    TestApp {
        address,
        state,
        db,
        db_url: url,
        db_path,
        _dir: dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// A browser-like client with its own cookie jar.
    pub fn client(&self) -> Browser {
        Browser {
            client: Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            base: self.url(""),
        }
    }

    pub async fn create_user(&self, email: &str, name: &str, is_admin: bool) -> UserId {
        let user = NewUser::parse(email, name, is_admin).expect("valid user");
        accounts::create_user(&self.db, None, &user, PASSWORD.to_owned())
            .await
            .expect("create user")
    }

    pub async fn create_team(&self, slug: &str, name: &str) -> Team {
        teams::create_team(
            &self.db,
            None,
            &NewTeam::parse(slug, name).expect("valid team"),
        )
        .await
        .expect("create team")
    }

    pub async fn add_member(&self, team: &Team, email: &str, role: TeamRole) {
        teams::add_member(&self.db, None, team, email, role)
            .await
            .expect("add member");
    }

    /// A new user with `role` in `team`, signed in.
    pub async fn sign_in_as(&self, team: &Team, email: &str, role: TeamRole) -> Browser {
        self.create_user(email, email, false).await;
        self.add_member(team, email, role).await;
        self.signed_in(email).await
    }

    /// Like [`TestApp::sign_in_as`], and also an API token of theirs.
    pub async fn sign_in_with_token(
        &self,
        team: &Team,
        email: &str,
        role: TeamRole,
    ) -> (Browser, String) {
        let user = self.create_user(email, email, false).await;
        self.add_member(team, email, role).await;
        let (_, token) = hindsight::api::tokens::create_token(&self.db, user, "test")
            .await
            .expect("token");
        (self.signed_in(email).await, token)
    }

    pub async fn sign_in_as_admin(&self) -> Browser {
        self.create_user("admin@example.com", "Ada Admin", true)
            .await;
        self.signed_in("admin@example.com").await
    }

    /// Signs in an existing user (password `PASSWORD`) and asserts it worked.
    pub async fn signed_in(&self, email: &str) -> Browser {
        let browser = self.client();
        let response = browser.sign_in(email, PASSWORD).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "sign-in of {email} failed"
        );
        browser
    }

    /// Imports an export into `team` and returns the incident's id.
    pub async fn import(&self, team: &Team, bytes: &[u8]) -> i64 {
        let timeline =
            hindsight::import::parse(bytes, None, &Default::default()).expect("valid fixture");
        hindsight::import::apply::import_timeline(&self.db, team.id, None, &timeline, false)
            .await
            .expect("import")
            .incident_id
            .expect("an incident")
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let (count,): (i64,) = sqlx::query_as(sql)
            .fetch_one(self.db.pool())
            .await
            .expect("count query");
        count
    }
}

/// One visitor's browser: cookies kept, redirects not followed.
pub struct Browser {
    pub client: Client,
    pub base: String,
}

impl Browser {
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET")
    }

    pub async fn get_text(&self, path: &str) -> (StatusCode, String) {
        let response = self.get(path).await;
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// The CSRF token the app gives this browser's forms (from any page's meta tag).
    pub async fn csrf_token(&self) -> String {
        // Signed-in visitors are sent on from /login; their account page has the token.
        let (status, mut body) = self.get_text("/login").await;
        if status == StatusCode::SEE_OTHER {
            body = self.get_text("/account").await.1;
        }
        let page = scraper::Html::parse_document(&body);
        let selector = scraper::Selector::parse(r#"meta[name="csrf-token"]"#).expect("selector");
        page.select(&selector)
            .next()
            .and_then(|meta| meta.value().attr("content"))
            .expect("csrf meta tag")
            .to_owned()
    }

    /// Submits a form as a browser would, with this browser's CSRF token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf_token().await;
        let mut fields = fields.to_vec();
        fields.push(("csrf_token", &token));
        self.post_form_raw(path, &fields).await
    }

    /// Submits exactly `fields`, with no CSRF token added.
    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .expect("POST")
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Response {
        self.post_form("/login", &[("email", email), ("password", password)])
            .await
    }
}

pub fn location(headers: &HeaderMap) -> &str {
    headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Text of every element matching `selector`.
pub fn texts(html: &str, selector: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).expect("selector");
    page.select(&selector)
        .map(|element| element.text().collect::<String>().trim().to_owned())
        .collect()
}
