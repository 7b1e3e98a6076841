//! CSRF protection for every state-changing request, applied once to the whole router so
//! no route can forget it. Forms carry `csrf_token`; htmx sends `X-CSRF-Token`.
//! The JSON API under `/api/` is exempt: it authenticates with bearer tokens, never
//! cookies, so another site cannot borrow a visitor's credentials there.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::CsrfToken;
use crate::accounts::tokens::same_secret;
use crate::error::AppError;

pub const FORM_FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";
/// Forms are small; larger bodies (uploads) carry the token in the header or the URL.
const FORM_LIMIT: usize = 1024 * 1024;

pub fn is_state_changing(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

pub async fn verify_csrf(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !is_state_changing(request.method())
        || path.starts_with("/api/")
        || super::is_public_site(path)
    {
        return next.run(request).await;
    }
    let Some(CsrfToken(expected)) = request.extensions().get::<CsrfToken>().cloned() else {
        return AppError::CsrfRejected.into_response();
    };
    let from_header = request
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let from_query = request
        .uri()
        .query()
        .and_then(|query| field(query.as_bytes()));

    let (given, request) = match from_header.or(from_query) {
        Some(given) => (Some(given), request),
        None if is_urlencoded_form(&request) => {
            let (parts, body) = request.into_parts();
            let bytes = match to_bytes(body, FORM_LIMIT).await {
                Ok(bytes) => bytes,
                Err(error) if is_length_limit(&error) => {
                    return AppError::PayloadTooLarge.into_response();
                }
                // The client stopped sending (see RequestBodyTimeoutLayer) or went away.
                Err(_) => return axum::http::StatusCode::REQUEST_TIMEOUT.into_response(),
            };
            let given = field(&bytes);
            (given, Request::from_parts(parts, Body::from(bytes)))
        }
        None => (None, request),
    };
    match given {
        Some(given) if same_secret(&given, &expected) => next.run(request).await,
        _ => AppError::CsrfRejected.into_response(),
    }
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = source {
        if error.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = error.source();
    }
    false
}

fn is_urlencoded_form(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

fn field(urlencoded: &[u8]) -> Option<String> {
    form_urlencoded::parse(urlencoded)
        .find(|(key, _)| key == FORM_FIELD)
        .map(|(_, value)| value.into_owned())
}
