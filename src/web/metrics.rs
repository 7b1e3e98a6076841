//! `/metrics` in the Prometheus text format: requests by route and status with their
//! latency, live meetings and their streams, imports, webhook deliveries, emails, and the
//! database pool. Counters live in one process-wide registry, as Prometheus clients do.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        for (bound, count) in BUCKETS.iter().zip(self.counts.iter_mut()) {
            if seconds <= *bound {
                *count += 1;
            }
        }
        self.sum += seconds;
        self.count += 1;
    }
}

/// One route's requests by method and status, and their latency.
#[derive(Default)]
struct RouteStats {
    requests: BTreeMap<(&'static str, u16), u64>,
    latency: Histogram,
}

#[derive(Default)]
struct Registry {
    routes: BTreeMap<String, RouteStats>,
    imports: BTreeMap<(String, &'static str), u64>,
    import_seconds: Histogram,
    webhooks: BTreeMap<&'static str, u64>,
    emails: BTreeMap<&'static str, u64>,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Mutex::default);

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Counts a request by its route pattern (never the raw path, which would let anyone
/// create series) and times it up to its response headers.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().cloned();
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
    record_request(method, route, response.status(), started.elapsed());
    response
}

/// Counts one answered request (for answers given outside the router, too).
pub fn record_request(method: &'static str, route: &str, status: StatusCode, took: Duration) {
    let seconds = took.as_secs_f64();
    let mut registry = registry();
    // Looked up by reference: a route's key is allocated once, not per request.
    let stats = match registry.routes.get_mut(route) {
        Some(stats) => stats,
        None => registry.routes.entry(route.to_owned()).or_default(),
    };
    *stats.requests.entry((method, status.as_u16())).or_default() += 1;
    stats.latency.observe(seconds);
}

pub fn method_label(method: &axum::http::Method) -> &'static str {
    match *method {
        axum::http::Method::GET => "GET",
        axum::http::Method::POST => "POST",
        axum::http::Method::PATCH => "PATCH",
        axum::http::Method::PUT => "PUT",
        axum::http::Method::DELETE => "DELETE",
        axum::http::Method::HEAD => "HEAD",
        axum::http::Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// Records an import: its format, whether it was applied, and how long it took.
pub fn record_import(format: &str, applied: bool, took: Duration) {
    let mut registry = registry();
    *registry
        .imports
        .entry((
            format.to_owned(),
            if applied { "applied" } else { "refused" },
        ))
        .or_default() += 1;
    registry.import_seconds.observe(took.as_secs_f64());
}

/// Records webhook deliveries.
pub fn record_webhooks(delivered: usize, failed: usize) {
    let mut registry = registry();
    *registry.webhooks.entry("delivered").or_default() += delivered as u64;
    *registry.webhooks.entry("failed").or_default() += failed as u64;
}

/// Records emails handed to the mail server, and attempts that failed.
pub fn record_emails(sent: usize, failed: usize) {
    let mut registry = registry();
    *registry.emails.entry("sent").or_default() += sent as u64;
    *registry.emails.entry("failed").or_default() += failed as u64;
}

fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn render(app: &AppState) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let registry = registry();
    let _ = writeln!(
        out,
        "# HELP hindsight_http_requests_total HTTP requests by method, route and status."
    );
    let _ = writeln!(out, "# TYPE hindsight_http_requests_total counter");
    for (route, stats) in &registry.routes {
        for ((method, status), count) in &stats.requests {
            let _ = writeln!(
                out,
                "hindsight_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {count}",
                escape(route)
            );
        }
    }
    let _ = writeln!(
        out,
        "# HELP hindsight_http_request_duration_seconds Time to the response headers, by route."
    );
    let _ = writeln!(
        out,
        "# TYPE hindsight_http_request_duration_seconds histogram"
    );
    for (route, stats) in &registry.routes {
        let histogram = &stats.latency;
        let route = escape(route);
        for (bound, count) in BUCKETS.iter().zip(histogram.counts) {
            let _ = writeln!(
                out,
                "hindsight_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
            );
        }
        let _ = writeln!(
            out,
            "hindsight_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
            histogram.count
        );
        let _ = writeln!(
            out,
            "hindsight_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
            histogram.sum
        );
        let _ = writeln!(
            out,
            "hindsight_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            histogram.count
        );
    }
    let (meetings, streams) = app.live.stats();
    let _ = writeln!(
        out,
        "# HELP hindsight_live_meetings Retros with someone connected to this instance."
    );
    let _ = writeln!(out, "# TYPE hindsight_live_meetings gauge");
    let _ = writeln!(out, "hindsight_live_meetings {meetings}");
    let _ = writeln!(
        out,
        "# HELP hindsight_sse_connections Open live-meeting event streams on this instance."
    );
    let _ = writeln!(out, "# TYPE hindsight_sse_connections gauge");
    let _ = writeln!(out, "hindsight_sse_connections {streams}");
    let _ = writeln!(
        out,
        "# HELP hindsight_imports_total Imports by format and outcome."
    );
    let _ = writeln!(out, "# TYPE hindsight_imports_total counter");
    for ((format, outcome), count) in &registry.imports {
        let _ = writeln!(
            out,
            "hindsight_imports_total{{format=\"{}\",outcome=\"{outcome}\"}} {count}",
            escape(format)
        );
    }
    let _ = writeln!(
        out,
        "# HELP hindsight_import_duration_seconds Time to parse and apply an import."
    );
    let _ = writeln!(out, "# TYPE hindsight_import_duration_seconds summary");
    let _ = writeln!(
        out,
        "hindsight_import_duration_seconds_sum {}",
        registry.import_seconds.sum
    );
    let _ = writeln!(
        out,
        "hindsight_import_duration_seconds_count {}",
        registry.import_seconds.count
    );
    let _ = writeln!(
        out,
        "# HELP hindsight_webhook_deliveries_total Webhook deliveries by outcome."
    );
    let _ = writeln!(out, "# TYPE hindsight_webhook_deliveries_total counter");
    for outcome in ["delivered", "failed"] {
        let count = registry.webhooks.get(outcome).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "hindsight_webhook_deliveries_total{{outcome=\"{outcome}\"}} {count}"
        );
    }
    let _ = writeln!(
        out,
        "# HELP hindsight_emails_total Emails handed to the mail server, and failed attempts."
    );
    let _ = writeln!(out, "# TYPE hindsight_emails_total counter");
    for outcome in ["sent", "failed"] {
        let count = registry.emails.get(outcome).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "hindsight_emails_total{{outcome=\"{outcome}\"}} {count}"
        );
    }
    let pool = app.db.pool();
    let _ = writeln!(
        out,
        "# HELP hindsight_db_connections Database connections open, and idle among them."
    );
    let _ = writeln!(out, "# TYPE hindsight_db_connections gauge");
    let _ = writeln!(
        out,
        "hindsight_db_connections{{state=\"open\"}} {}",
        pool.size()
    );
    let _ = writeln!(
        out,
        "hindsight_db_connections{{state=\"idle\"}} {}",
        pool.num_idle()
    );
    out
}

/// The metrics, for a scraper with the token when `--metrics-token` is set.
pub async fn show_metrics(State(app): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(expected) = &app.settings.metrics_token {
        let given = crate::api::bearer_token(&headers).unwrap_or("");
        if !crate::accounts::tokens::same_secret(given, expected) {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                "metrics need the token set with --metrics-token\n",
            )
                .into_response();
        }
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        render(&app),
    )
        .into_response()
}
