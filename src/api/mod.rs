//! The JSON API, version 1: authenticated by bearer tokens, never by cookies (so it needs
//! no CSRF token), scoped to the caller's teams.

pub mod actions;
pub mod guidance;
pub mod openapi;
pub mod retros;
pub mod reviews;
pub mod routes;
pub mod tokens;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::AppState;
use crate::accounts::User;
use crate::error::AppError;

/// The secret of an `Authorization: Bearer …` header, as sent.
pub fn bearer_token(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
}

/// The user behind the request's `Authorization: Bearer hs_…` token.
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, AppError> {
        let secret = bearer_token(&parts.headers)
            .map(str::trim)
            .ok_or(AppError::SignInRequired)?;
        let user = tokens::find_token_user(&app.db, secret)
            .await?
            .ok_or(AppError::SignInRequired)?;
        app.api_limiter.check(user.id.0, crate::db::now_ms())?;
        Ok(ApiUser(user))
    }
}
