//! One error type for every handler, rendered for whoever asked: a page in the layout for
//! a browser, a fragment for htmx, JSON under `/api/`.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

use crate::web::{self, SignedIn, layout};

#[derive(Debug)]
pub enum AppError {
    NotFound,
    Forbidden,
    /// 403 with a reason the reader can act on ("this setup link is not valid").
    Refused(String),
    SignInRequired,
    /// A state-changing request without the right CSRF token.
    CsrfRejected,
    /// Bad input: 422 with what was wrong and where (`location`, e.g. "field email").
    Invalid {
        message: String,
        location: Option<String>,
    },
    /// 409, e.g. "the slug is already taken".
    Conflict(String),
    /// 429 with `Retry-After`.
    TooManyRequests {
        message: String,
        retry_after_s: u64,
    },
    PayloadTooLarge,
    /// 500: logged with the request id, never shown.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    pub fn invalid(message: impl Into<String>, location: impl Into<String>) -> AppError {
        AppError::Invalid {
            message: message.into(),
            location: Some(location.into()),
        }
    }

    pub fn internal(error: impl std::error::Error + Send + Sync + 'static) -> AppError {
        AppError::Internal(Box::new(error))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Refused(_) | AppError::CsrfRejected => {
                StatusCode::FORBIDDEN
            }
            AppError::SignInRequired => StatusCode::UNAUTHORIZED,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The sentence shown to the person (never internal detail).
    pub fn message(&self) -> String {
        match self {
            AppError::NotFound => crate::t!("error-not-found"),
            AppError::Forbidden => crate::t!("error-forbidden"),
            AppError::SignInRequired => crate::t!("error-sign-in-required"),
            AppError::CsrfRejected => crate::t!("error-csrf"),
            AppError::Invalid { message, .. }
            | AppError::Conflict(message)
            | AppError::Refused(message) => message.clone(),
            AppError::TooManyRequests { message, .. } => message.clone(),
            AppError::PayloadTooLarge => crate::t!("error-too-large"),
            AppError::Internal(_) => crate::t!("error-internal"),
        }
    }

    fn location(&self) -> Option<&str> {
        match self {
            AppError::Invalid { location, .. } => location.as_deref(),
            _ => None,
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Internal(error) => write!(f, "internal error: {error}"),
            other => f.write_str(&other.message()),
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> AppError {
        AppError::internal(error)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        // `render` writes the body: it knows a browser from htmx from the API.
        let mut response = self.status().into_response();
        if let AppError::TooManyRequests { retry_after_s, .. } = &self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_s));
        }
        response.extensions_mut().insert(Arc::new(self));
        response
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Audience {
    Browser,
    Htmx,
    Api,
}

impl Audience {
    fn of(path: &str, headers: &HeaderMap) -> Audience {
        let accept = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if path.starts_with("/api/")
            || (accept.contains("application/json") && !accept.contains("text/html"))
        {
            Audience::Api
        } else if headers.contains_key("hx-request") {
            Audience::Htmx
        } else {
            Audience::Browser
        }
    }
}

/// Middleware: turns an `AppError` carried by a response into the body its reader expects.
pub async fn render(request: Request, next: Next) -> Response {
    let audience = Audience::of(request.uri().path(), request.headers());
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".into());

    let reader_lang = crate::i18n::Lang::from_headers(request.headers());
    let response = next.run(request).await;
    let Some(error) = response.extensions().get::<Arc<AppError>>().cloned() else {
        return response;
    };
    let lang = response
        .extensions()
        .get::<crate::i18n::Lang>()
        .copied()
        .unwrap_or(reader_lang);
    crate::i18n::sync_scope(lang, || {
        render_error(error, response, audience, &request_id, &path_and_query)
    })
}

fn render_error(
    error: Arc<AppError>,
    response: Response,
    audience: Audience,
    request_id: &str,
    path_and_query: &str,
) -> Response {
    if let AppError::Internal(detail) = error.as_ref() {
        tracing::error!(request_id, error = %detail, "request failed");
    }

    if audience == Audience::Browser && matches!(error.as_ref(), AppError::SignInRequired) {
        let login = format!(
            "/login?next={}",
            web::url_encode(&web::safe_next(path_and_query))
        );
        return Redirect::to(&login).into_response();
    }

    let signed_in = response.extensions().get::<Arc<SignedIn>>().cloned();
    let (mut parts, _) = response.into_parts();
    let status = parts.status;
    let body = match audience {
        Audience::Api => {
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            json!({"error": {"message": error.message(), "location": error.location()}}).to_string()
        }
        Audience::Htmx => {
            // Our htmx config swaps error responses; this one lands in the flash area.
            parts
                .headers
                .insert("hx-retarget", HeaderValue::from_static("#flash"));
            parts
                .headers
                .insert("hx-reswap", HeaderValue::from_static("innerHTML"));
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            layout::error_flash(&error.message(), error.location()).into_string()
        }
        Audience::Browser => {
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            let context = web::PageContext::for_error(signed_in.as_deref());
            layout::error_page(
                &context,
                status,
                &error.message(),
                error.location(),
                request_id,
            )
            .into_string()
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, body.into())
}
