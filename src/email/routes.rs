//! The subscription pages, on the public site (`/reviews/…`): no sign-in, no session, no
//! CSRF token (nothing here borrows anyone's authority; the links carry their own
//! secrets). Without SMTP settings every one of them is a 404. Also the account's choice
//! of reminder emails.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{Mailer, views};
use crate::AppState;
use crate::db;
use crate::error::AppError;
use crate::reviews::public::{SiteSettings, site_settings};
use crate::web::extractors::{ClientAddress, CurrentUser, Form, Query};
use crate::web::layout::FormError;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/reviews/subscribe", show_subscribe)
        .post("/reviews/subscribe", subscribe)
        .get("/reviews/subscribe/confirm", show_confirm)
        .post("/reviews/subscribe/confirm", confirm)
        .get("/reviews/unsubscribe", show_unsubscribe)
        .post("/reviews/unsubscribe", unsubscribe)
        .post("/account/email-reminders", save_reminder_setting)
}

#[derive(Deserialize)]
struct ReminderSettingForm {
    email_reminders: String,
}

/// A signed-in person's choice of reminder emails (a page of their account, so the
/// session and CSRF checks apply as on every other).
async fn save_reminder_setting(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<ReminderSettingForm>,
) -> Result<Response, AppError> {
    app.mail.as_ref().ok_or(AppError::NotFound)?;
    let wanted = match form.email_reminders.as_str() {
        "on" => true,
        "off" => false,
        _ => {
            return Err(AppError::invalid(
                crate::t!("email-reminders-invalid"),
                "field email_reminders",
            ));
        }
    };
    super::set_reminders_wanted(&app.db, user.id, wanted).await?;
    let notice = if wanted {
        crate::t!("email-reminders-saved-on")
    } else {
        crate::t!("email-reminders-saved-off")
    };
    Ok(crate::web::flash::redirect(
        "/account",
        crate::web::Flash::notice(notice),
    ))
}

/// The mailer and the site's look, or 404 when email is off.
async fn enabled(app: &AppState) -> Result<(&Mailer, SiteSettings), AppError> {
    let mail = app.mail.as_ref().ok_or(AppError::NotFound)?;
    Ok((mail, site_settings(app.db.pool()).await?))
}

async fn show_subscribe(State(app): State<AppState>) -> Result<Response, AppError> {
    let (_, site) = enabled(&app).await?;
    Ok(views::subscribe_page(&site, "", None).into_response())
}

#[derive(Deserialize)]
struct SubscribeForm {
    #[serde(default)]
    email: String,
    /// Hidden from people; bots fill it in.
    #[serde(default)]
    website: String,
}

async fn subscribe(
    State(app): State<AppState>,
    ClientAddress(client): ClientAddress,
    Form(form): Form<SubscribeForm>,
) -> Result<Response, AppError> {
    let (mail, site) = enabled(&app).await?;
    if !form.website.is_empty() {
        // Answer the bot as if it worked, so it learns nothing.
        return Ok(views::check_inbox_page(&site).into_response());
    }
    let address = match super::parse_address(&form.email) {
        Ok(address) => address,
        Err(error) => {
            let error = FormError::from_app_error(error)?;
            // Oversized input is not echoed back.
            let typed = if form.email.len() <= super::MAX_ADDRESS_CHARS * 4 {
                form.email.as_str()
            } else {
                ""
            };
            let page = views::subscribe_page(&site, typed, Some(&error));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    // A SHA-256 of the client's address, for the throttle; never the address itself.
    let client_key: String = Sha256::digest(client.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    super::request_subscription(
        &app.db,
        mail,
        &address,
        crate::i18n::current(),
        &client_key,
        db::now_ms(),
    )
    .await?;
    Ok(views::check_inbox_page(&site).into_response())
}

#[derive(Deserialize)]
struct TokenParams {
    #[serde(default)]
    token: String,
}

fn invalid_link(site: &SiteSettings) -> Response {
    (StatusCode::NOT_FOUND, views::invalid_link_page(site)).into_response()
}

async fn show_confirm(
    State(app): State<AppState>,
    Query(params): Query<TokenParams>,
) -> Result<Response, AppError> {
    let (_, site) = enabled(&app).await?;
    if super::find_pending(&app.db, &params.token, db::now_ms())
        .await?
        .is_none()
    {
        return Ok(invalid_link(&site));
    }
    Ok(views::confirm_page(&site, &params.token).into_response())
}

async fn confirm(
    State(app): State<AppState>,
    Form(form): Form<TokenParams>,
) -> Result<Response, AppError> {
    let (_, site) = enabled(&app).await?;
    if !super::confirm(&app.db, &form.token, db::now_ms()).await? {
        return Ok(invalid_link(&site));
    }
    Ok(views::confirmed_page(&site).into_response())
}

async fn show_unsubscribe(
    State(app): State<AppState>,
    Query(params): Query<TokenParams>,
) -> Result<Response, AppError> {
    let (_, site) = enabled(&app).await?;
    if super::find_by_unsubscribe_token(&app.db, &params.token)
        .await?
        .is_none()
    {
        return Ok(invalid_link(&site));
    }
    Ok(views::unsubscribe_page(&site, &params.token).into_response())
}

/// RFC 8058's one-click unsubscribe, and the page's button: the token is in the address;
/// the body (`List-Unsubscribe=One-Click`) says nothing more and is not read.
async fn unsubscribe(
    State(app): State<AppState>,
    Query(params): Query<TokenParams>,
) -> Result<Response, AppError> {
    let (_, site) = enabled(&app).await?;
    if !super::unsubscribe(&app.db, &params.token, db::now_ms()).await? {
        return Ok(invalid_link(&site));
    }
    Ok(views::unsubscribed_page(&site).into_response())
}
