//! Shared web plumbing: cookies, the signed-in context, CSRF, layout, assets, headers.

pub mod assets;
pub mod csrf;
pub mod extractors;
pub mod flash;
pub mod layout;
pub mod metrics;
pub mod rate;
pub mod routes;
pub mod security;
pub mod sentence;
pub mod session;

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, header};

use crate::accounts::User;
pub use flash::Flash;

pub const SESSION_COOKIE: &str = "hindsight_session";
pub const CSRF_COOKIE: &str = "hindsight_csrf";
pub const FLASH_COOKIE: &str = "hindsight_flash";

/// The signed-in person behind a request, put in the request (and response) extensions
/// by the session middleware.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub user: User,
    pub session_id: i64,
    pub csrf_token: String,
}

/// The CSRF token this request's forms must carry: the session's, or for visitors who
/// are not signed in, the random value of their CSRF cookie.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

/// What the layout needs to know about the reader.
#[derive(Clone, Debug, Default)]
pub struct PageContext {
    pub user: Option<User>,
    pub csrf_token: String,
    pub flash: Option<Flash>,
}

impl PageContext {
    /// Context for an error page, rendered after the handler has gone.
    pub fn for_error(signed_in: Option<&SignedIn>) -> PageContext {
        PageContext {
            user: signed_in.map(|s| s.user.clone()),
            csrf_token: signed_in.map(|s| s.csrf_token.clone()).unwrap_or_default(),
            flash: None,
        }
    }
}

/// The value of cookie `name`, if the request sent it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A `Set-Cookie` value: always HttpOnly and SameSite=Lax, Secure when serving HTTPS.
/// `max_age_s` of `None` makes a browser-session cookie; `Some(0)` deletes.
pub fn set_cookie(name: &str, value: &str, max_age_s: Option<i64>, secure: bool) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age_s {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    // Names and values are ours: base64url tokens, never raw user input.
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

/// The public site: read by anyone, never tied to a session. Its pages are the same
/// for every reader (so they can be cached), and its forms — reader feedback, email
/// subscriptions (whose links carry their own secrets) — carry no one's authority, so
/// there is nothing for a forged request to borrow.
pub fn is_public_site(path: &str) -> bool {
    path == "/reviews" || path.starts_with("/reviews/") || path.starts_with("/api/v1/public/")
}

/// This site's address as the visitor reached it (for links people copy elsewhere:
/// password links, calendar feeds).
pub fn site_url(secure: bool, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if secure { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// Request ids: a random prefix per process and a counter, unique without a random
/// number (and a system call) per request.
#[derive(Clone)]
pub struct RequestIds {
    prefix: Arc<str>,
    next: Arc<std::sync::atomic::AtomicU64>,
}

impl Default for RequestIds {
    fn default() -> RequestIds {
        let token = crate::accounts::tokens::random_token();
        RequestIds {
            prefix: token[..12].into(),
            next: Arc::default(),
        }
    }
}

impl tower_http::request_id::MakeRequestId for RequestIds {
    fn make_request_id<B>(
        &mut self,
        _: &axum::http::Request<B>,
    ) -> Option<tower_http::request_id::RequestId> {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(tower_http::request_id::RequestId::new)
    }
}

/// Rows as an RFC 4180 CSV download named `file_name`.
pub fn csv_download<R, F>(
    file_name: &str,
    header: &[&str],
    rows: R,
) -> Result<axum::response::Response, crate::error::AppError>
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<[u8]>,
{
    use axum::response::IntoResponse;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(header)
        .map_err(crate::error::AppError::internal)?;
    for row in rows {
        writer
            .write_record(row)
            .map_err(crate::error::AppError::internal)?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| crate::error::AppError::Internal(e.to_string().into()))?;
    let disposition = format!("attachment; filename=\"{file_name}\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

pub fn url_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A `next=` target is followed only when it is a path on this site, so a crafted
/// login link cannot send people elsewhere.
pub fn safe_next(next: &str) -> String {
    let is_local_path = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if is_local_path {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_targets_stay_on_this_site() {
        assert_eq!(safe_next("/teams/ops"), "/teams/ops");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
    }

    #[test]
    fn cookies_are_found_among_several() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; hindsight_session=xyz; b=2"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("xyz"));
        assert_eq!(cookie(&headers, "missing"), None);
    }
}
