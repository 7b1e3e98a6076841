//! Extractors that authorize by type: a handler taking `TeamMember<Owner>` cannot run for
//! a viewer. Also our own `Form`, `Path` and `Query`, which reject with `AppError`
//! (axum's raw ones are banned in clippy.toml).

use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::{CsrfToken, Flash, PageContext, SignedIn};
use crate::AppState;
use crate::accounts::User;
use crate::accounts::teams::{self, Team, TeamRole};
use crate::error::AppError;

/// The signed-in user; anyone else is asked to sign in.
pub struct CurrentUser(pub User);

/// The signed-in user's session, for handlers that act on the session itself.
pub struct CurrentSession(pub Arc<SignedIn>);

/// The signed-in user, if any.
pub struct MaybeUser(pub Option<User>);

/// A signed-in instance administrator.
pub struct Admin(pub User);

impl FromRequestParts<AppState> for CurrentSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Arc<SignedIn>>()
            .cloned()
            .map(CurrentSession)
            .ok_or(AppError::SignInRequired)
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, AppError> {
        let CurrentSession(session) = CurrentSession::from_request_parts(parts, app).await?;
        Ok(CurrentUser(session.user.clone()))
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, AppError> {
        Ok(MaybeUser(
            parts
                .extensions
                .get::<Arc<SignedIn>>()
                .map(|s| s.user.clone()),
        ))
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, AppError> {
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, app).await?;
        if user.is_admin {
            Ok(Admin(user))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// The lowest team role a route allows.
pub trait MinimumRole {
    const ROLE: TeamRole;
}

/// Reads only.
pub struct Viewer;
/// Takes part.
pub struct Member;
/// Manages the team.
pub struct Owner;

impl MinimumRole for Viewer {
    const ROLE: TeamRole = TeamRole::Viewer;
}
impl MinimumRole for Member {
    const ROLE: TeamRole = TeamRole::Member;
}
impl MinimumRole for Owner {
    const ROLE: TeamRole = TeamRole::Owner;
}

/// A signed-in member of the team named by the `{team}` path segment, with at least role
/// `R`. Non-members get 404, which reveals nothing about the team. Instance
/// administrators act as owners of every team.
pub struct TeamMember<R> {
    pub user: User,
    pub team: Team,
    pub role: TeamRole,
    minimum: PhantomData<R>,
}

impl<R: MinimumRole + Send + Sync> FromRequestParts<AppState> for TeamMember<R> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, AppError> {
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, app).await?;
        let params = RawPathParams::from_request_parts(parts, app)
            .await
            .map_err(|_| AppError::NotFound)?;
        let slug = params
            .iter()
            .find(|(name, _)| *name == "team")
            .map(|(_, value)| value.to_owned())
            .ok_or(AppError::NotFound)?;
        let team = teams::find_team_by_slug(app.db.pool(), &slug)
            .await?
            .ok_or(AppError::NotFound)?;
        let role = teams::effective_role(app.db.pool(), team.id, &user).await?;
        if role < R::ROLE {
            return Err(AppError::Forbidden);
        }
        Ok(TeamMember {
            user,
            team,
            role,
            minimum: PhantomData,
        })
    }
}

impl FromRequestParts<AppState> for PageContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, AppError> {
        let signed_in = parts.extensions.get::<Arc<SignedIn>>();
        Ok(PageContext {
            user: signed_in.map(|s| s.user.clone()),
            csrf_token: parts
                .extensions
                .get::<CsrfToken>()
                .map(|t| t.0.clone())
                .unwrap_or_default(),
            flash: Flash::from_headers(&parts.headers),
        })
    }
}

/// The client's address, for throttling. Direct connections only: behind a reverse
/// proxy every client shares the proxy's address, which is throttled as one.
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, AppError> {
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        Ok(ClientAddress(address))
    }
}

/// A URL-encoded form body. A field that is missing or malformed is a 422 naming it.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| AppError::PayloadTooLarge)?;
        refuse_nul(&bytes, "field")?;
        serde_urlencoded::from_bytes(&bytes)
            .map(Form)
            .map_err(|e| AppError::Invalid {
                message: crate::t!("web-error-form", detail = e.to_string()),
                location: None,
            })
    }
}

/// Path parameters. A segment that does not parse (`/users/abc`) is a 404.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    #[expect(
        clippy::disallowed_types,
        reason = "this is the wrapper that replaces it"
    )]
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Path(value))
            .map_err(|_| AppError::NotFound)
    }
}

/// Query-string parameters; a malformed one is a 422 naming it.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        refuse_nul(parts.uri.query().unwrap_or("").as_bytes(), "parameter")?;
        serde_urlencoded::from_str(parts.uri.query().unwrap_or(""))
            .map(Query)
            .map_err(|e| AppError::Invalid {
                message: crate::t!("web-error-query", detail = e.to_string()),
                location: Some("query string".into()),
            })
    }
}

/// A JSON body; malformed JSON or a missing field is a 422 saying which.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| AppError::PayloadTooLarge)?;
        // JSON strings carry NUL only as an escape.
        if bytes.windows(6).any(|w| w == b"\\u0000") {
            return Err(AppError::invalid(crate::t!("web-error-json-nul"), "body"));
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut deserializer)
            .map(Json)
            .map_err(|e| {
                let path = e.path().to_string();
                AppError::Invalid {
                    message: crate::t!("web-error-json", detail = e.inner().to_string()),
                    location: (path != ".").then(|| format!("$.{path}")),
                }
            })
    }
}

/// Refuses URL-encoded pairs whose value holds a NUL character: no text needs one, and
/// PostgreSQL cannot store it (SQLite can, so the two would differ).
fn refuse_nul(urlencoded: &[u8], kind: &str) -> Result<(), AppError> {
    match form_urlencoded::parse(urlencoded).find(|(_, value)| value.contains('\0')) {
        Some((key, _)) => Err(AppError::invalid(
            crate::t!("web-error-nul", field = key.as_ref()),
            format!("{kind} {key}"),
        )),
        None => Ok(()),
    }
}

/// A whole number from a form field (ids from selects, counts typed in); a 422 naming the
/// field when it is not one.
pub fn form_number(text: &str, field: &str) -> Result<i64, AppError> {
    text.trim().parse().map_err(|_| {
        AppError::invalid(
            crate::t!("web-error-number", field = field),
            format!("field {field}"),
        )
    })
}

/// `form_number` for a field that may be left empty.
pub fn optional_form_number(text: &str, field: &str) -> Result<Option<i64>, AppError> {
    match text.trim() {
        "" => Ok(None),
        value => form_number(value, field).map(Some),
    }
}
