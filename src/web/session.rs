//! Middleware that finds who is behind a request (from the session cookie), provides the
//! request's CSRF token, and writes the flash cookie.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{
    CSRF_COOKIE, CsrfToken, FLASH_COOKIE, Flash, SESSION_COOKIE, SignedIn, cookie, set_cookie,
};
use crate::AppState;
use crate::accounts::sessions;
use crate::accounts::tokens::random_token;
use crate::db;
use crate::error::AppError;
use crate::i18n::{self, Lang};

/// Touching a session on every request would make every page view a write.
const TOUCH_AFTER_MS: i64 = 60 * 1000;

pub async fn resolve_session(
    State(app): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if super::is_public_site(request.uri().path()) {
        let lang = Lang::from_headers(request.headers());
        return i18n::scope(lang, next.run(request)).await;
    }
    let now = db::now_ms();
    let secure = app.settings.secure_cookies;
    let mut cookies_to_set = Vec::new();

    let token = cookie(request.headers(), SESSION_COOKIE).map(str::to_owned);
    let active = match &token {
        Some(token) => {
            match sessions::find_active_session(
                app.db.pool(),
                token,
                app.settings.session_limits,
                now,
            )
            .await
            {
                Ok(active) => active,
                Err(e) => return AppError::from(e).into_response(),
            }
        }
        None => None,
    };
    let signed_in = match active {
        Some(active) => {
            if now - active.last_seen_at > TOUCH_AFTER_MS
                && let Err(e) = sessions::touch_session(app.db.pool(), active.session_id, now).await
            {
                return AppError::from(e).into_response();
            }
            Some(Arc::new(SignedIn {
                user: active.user,
                session_id: active.session_id,
                csrf_token: active.csrf_token,
            }))
        }
        None => {
            if token.is_some() {
                // Expired or ended elsewhere: drop the dead cookie.
                cookies_to_set.push(set_cookie(SESSION_COOKIE, "", Some(0), secure));
            }
            None
        }
    };

    let csrf_token = match &signed_in {
        Some(signed_in) => signed_in.csrf_token.clone(),
        None => match cookie(request.headers(), CSRF_COOKIE).filter(|v| v.len() == 43) {
            Some(existing) => existing.to_owned(),
            None => {
                let fresh = random_token();
                cookies_to_set.push(set_cookie(CSRF_COOKIE, &fresh, None, secure));
                fresh
            }
        },
    };
    request.extensions_mut().insert(CsrfToken(csrf_token));
    if let Some(signed_in) = &signed_in {
        request.extensions_mut().insert(signed_in.clone());
    }
    let had_flash = cookie(request.headers(), FLASH_COOKIE).is_some();
    let lang = match &signed_in {
        Some(signed_in) => signed_in.user.language,
        None => Lang::from_headers(request.headers()),
    };

    let mut response = i18n::scope(lang, next.run(request)).await;
    // For error pages rendered further out.
    response.extensions_mut().insert(lang);

    if let Some(signed_in) = signed_in {
        // For error pages rendered further out, which no longer see the request.
        response.extensions_mut().insert(signed_in);
    }
    if let Some(flash) = response.extensions_mut().remove::<Flash>() {
        cookies_to_set.push(set_cookie(
            FLASH_COOKIE,
            &flash.to_cookie_value(),
            None,
            secure,
        ));
    } else if had_flash && !response.status().is_redirection() {
        cookies_to_set.push(set_cookie(FLASH_COOKIE, "", Some(0), secure));
    }
    for value in cookies_to_set {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
