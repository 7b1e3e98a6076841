//! Hindsight: post-incident timelines, blameless retrospectives, action items and
//! public post-incident reviews, in one binary.

pub mod accounts;
pub mod actions;
pub mod api;
pub mod audit;
pub mod config;
pub mod copy;
pub mod db;
pub mod demo;
pub mod email;
pub mod error;
pub mod guidance;
pub mod i18n;
pub mod import;
pub mod incidents;
pub mod markdown;
pub mod retros;
pub mod reviews;
pub mod web;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{Request, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state, map_response};
use axum::response::IntoResponse;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use accounts::sessions::SessionLimits;
use db::Db;
use error::AppError;
use web::routes::{RouteEntry, Routes};

/// Largest request body accepted by default (forms). Upload routes raise it for themselves.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// Settings the running app reads; built from `config::ServeConfig`.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Marks cookies `Secure`: set when the site is served over HTTPS.
    pub secure_cookies: bool,
    pub session_limits: SessionLimits,
    /// Largest import upload accepted, in bytes.
    pub max_upload_bytes: usize,
    /// The address people reach the site at, for absolute links in feeds and previews.
    pub public_url: Option<String>,
    /// When set, `/metrics` needs `Authorization: Bearer <this>`.
    pub metrics_token: Option<String>,
    /// Most API requests one user may make in a minute.
    pub api_requests_per_minute: u32,
    /// How long a request (up to its response headers) may take, and how long a client
    /// may take to send a request body.
    pub request_timeout: Duration,
    /// How to send email; `None` (no `--smtp-url`) means no email at all.
    pub email: Option<email::EmailSettings>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            secure_cookies: false,
            session_limits: SessionLimits {
                idle_ms: 12 * 60 * 60 * 1000,
                absolute_ms: 7 * 24 * 60 * 60 * 1000,
            },
            max_upload_bytes: 50 * 1024 * 1024,
            public_url: None,
            metrics_token: None,
            api_requests_per_minute: 600,
            request_timeout: Duration::from_secs(30),
            email: None,
        }
    }
}

/// Everything a handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    /// Live meeting events, one channel per open retro.
    pub live: retros::live::LiveHub,
    /// Rendered public review pages.
    pub public: reviews::public::PublicCache,
    /// Computed action item dashboards.
    pub dashboards: actions::dashboard::DashboardCache,
    /// API requests per user.
    pub api_limiter: web::rate::RateLimiter,
    /// Queues email and wakes its sender; `None` when no SMTP server is configured.
    pub mail: Option<email::Mailer>,
    /// The one-time token that lets the first visitor create the first administrator.
    /// `None` once anyone has an account.
    setup_token: Arc<Mutex<Option<String>>>,
}

impl AppState {
    pub fn new(db: Db, settings: Settings) -> AppState {
        let api_limiter = web::rate::RateLimiter::per_minute(settings.api_requests_per_minute);
        let mail = settings
            .email
            .clone()
            .map(|email| email::Mailer::new(email, settings.public_url.as_deref()));
        AppState {
            db,
            settings: Arc::new(settings),
            live: retros::live::LiveHub::default(),
            public: reviews::public::PublicCache::default(),
            dashboards: actions::dashboard::DashboardCache::default(),
            api_limiter,
            mail,
            setup_token: Arc::new(Mutex::new(None)),
        }
    }

    /// With no users yet, makes (or returns) the token for `/setup?token=…`.
    pub async fn open_setup(&self) -> Result<Option<String>, sqlx::Error> {
        if accounts::count_users(self.db.pool()).await? > 0 {
            return Ok(None);
        }
        let mut token = self
            .setup_token
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(Some(
            token
                .get_or_insert_with(accounts::tokens::random_token)
                .clone(),
        ))
    }

    /// Checks a setup token and, if it matches, uses it up.
    pub fn take_setup_token(&self, given: &str) -> bool {
        let mut token = self
            .setup_token
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let matches = token
            .as_deref()
            .is_some_and(|expected| accounts::tokens::same_secret(given, expected));
        if matches {
            *token = None;
        }
        matches
    }

    /// True if `given` is the current setup token (without using it up).
    pub fn is_setup_token(&self, given: &str) -> bool {
        self.setup_token
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_deref()
            .is_some_and(|expected| accounts::tokens::same_secret(given, expected))
    }
}

/// Every route of the app, in one table.
pub fn routes() -> Routes {
    Routes::new()
        .get("/healthz", healthz)
        .get("/readyz", readyz)
        .get("/metrics", web::metrics::show_metrics)
        .get("/assets/{file}", web::assets::serve_asset)
        .merge(accounts::routes::routes())
        .merge(accounts::audit_log::routes())
        .merge(incidents::routes::routes())
        .merge(retros::routes::routes())
        .merge(actions::routes::routes())
        .merge(reviews::routes::routes())
        .merge(email::routes::routes())
        .merge(import::routes::routes())
        .merge(api::routes::routes())
        .merge(api::retros::routes())
        .merge(api::actions::routes())
        .merge(api::reviews::routes())
        .merge(api::guidance::routes())
        .merge(api::openapi::routes())
}

/// The method and path of every route, for tests that must cover them all.
pub fn route_table() -> Vec<RouteEntry> {
    routes().table().to_vec()
}

/// The whole web app, with its middleware, ready to serve.
pub fn build_router(state: AppState) -> Router {
    let timeout = state.settings.request_timeout;
    routes()
        .into_router()
        .route_layer(from_fn(web::metrics::track))
        .fallback(not_found)
        // Innermost first: CSRF needs the session's token; error rendering wraps both.
        .layer(from_fn(web::csrf::verify_csrf))
        .layer(from_fn_with_state(state.clone(), web::session::resolve_session))
        .layer(from_fn(error::render))
        .layer(map_response(web::security::add_security_headers))
        .layer(CompressionLayer::new())
        .layer(DefaultBodyLimit::max(DEFAULT_BODY_LIMIT))
        // A handler that never answers, or a client that stops sending its body halfway,
        // gets 408 rather than holding a connection and a task forever.
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(RequestBodyTimeoutLayer::new(timeout))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let request_id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id)
        })
        .on_response(DefaultOnResponse::new().level(Level::INFO)))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(web::RequestIds::default()))
        .layer(from_fn_with_state(state.clone(), reviews::public::fast_path))
        .with_state(state)
}

/// Serves the app on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        build_router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

async fn not_found() -> AppError {
    AppError::NotFound
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(app): State<AppState>) -> impl IntoResponse {
    match tokio::time::timeout(Duration::from_secs(5), app.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready"),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database timed out"),
    }
}
