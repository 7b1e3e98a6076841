//! The one page layout and the small components every view shares.

use axum::http::StatusCode;
use maud::{DOCTYPE, Markup, html};

use super::flash::FlashKind;
use super::{Flash, PageContext, assets, csrf};
use crate::t;

/// A full page: header with navigation, flash message, `content`, footer.
pub fn page(context: &PageContext, title: &str, content: Markup) -> Markup {
    document(context, title, "", content)
}

/// A page with a narrow column, for short forms such as signing in.
pub fn narrow_page(context: &PageContext, title: &str, content: Markup) -> Markup {
    document(context, title, "narrow", content)
}

fn document(context: &PageContext, title: &str, main_class: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(crate::i18n::current().code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                link rel="icon" href=(assets::url("icon.svg")) type="image/svg+xml";
                title { (title) " · " (t!("site-name")) }
                meta name="csrf-token" content=(context.csrf_token);
                // htmx would otherwise inject an inline <style>, which our CSP forbids.
                meta name="htmx-config" content=r#"{"includeIndicatorStyles":false,"allowEval":false}"#;
                link rel="stylesheet" href=(assets::url("style.css"));
                script src=(assets::url("htmx.min.js")) defer {}
                script src=(assets::url("app.js")) defer {}
            }
            body {
                a.skip-link href="#main" { (t!("skip-to-content")) }
                header.site-header {
                    nav aria-label=(t!("nav-main")) {
                        a.brand href="/" { (t!("site-name")) }
                        @if let Some(user) = &context.user {
                            ul.nav-links {
                                li { a href="/teams" { (t!("nav-teams")) } }
                                li { a href="/actions" { (t!("nav-actions")) } }
                                li { a href="/dashboard" { (t!("nav-dashboard")) } }
                                @if user.is_admin {
                                    li { a href="/admin/users" { (t!("nav-people")) } }
                                    li { a href="/admin/site" { (t!("nav-public-site")) } }
                                    li { a href="/admin/audit" { (t!("nav-audit")) } }
                                }
                                li { a href="/account" { (t!("nav-account")) } }
                            }
                            div.nav-user {
                                span { (user.display_name) }
                                form.inline method="post" action="/logout" {
                                    (csrf_field(&context.csrf_token))
                                    button.link type="submit" { (t!("nav-sign-out")) }
                                }
                            }
                        } @else {
                            div.nav-user { a href="/login" { (t!("nav-sign-in")) } }
                        }
                    }
                }
                main #main class=(main_class) {
                    div #flash aria-live="polite" {
                        @if let Some(flash) = &context.flash { (flash_message(flash)) }
                    }
                    (content)
                }
                footer.site-footer {
                    p { (t!("footer-tagline")) }
                }
            }
        }
    }
}

/// The hidden field every state-changing form carries.
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name=(csrf::FORM_FIELD) value=(token); }
}

pub fn flash_message(flash: &Flash) -> Markup {
    let (class, role) = match flash.kind {
        FlashKind::Notice => ("flash flash-notice", "status"),
        FlashKind::Error => ("flash flash-error", "alert"),
    };
    html! { div class=(class) role=(role) { (flash.text) } }
}

/// An error as a message in the flash area (for htmx requests).
pub fn error_flash(message: &str, location: Option<&str>) -> Markup {
    html! {
        div.flash.flash-error role="alert" {
            (message)
            @if let Some(location) = location { " (" (readable_location(location)) ")" }
        }
    }
}

/// A full error page: what happened, in plain words, and where to go next.
pub fn error_page(
    context: &PageContext,
    status: StatusCode,
    message: &str,
    location: Option<&str>,
    request_id: &str,
) -> Markup {
    let title = match status {
        StatusCode::NOT_FOUND => t!("error-title-not-found"),
        StatusCode::FORBIDDEN => t!("error-title-forbidden"),
        StatusCode::UNPROCESSABLE_ENTITY => t!("error-title-invalid"),
        StatusCode::TOO_MANY_REQUESTS => t!("error-title-too-many"),
        s if s.is_server_error() => t!("error-title-server"),
        _ => t!("error-title-other"),
    };
    page(
        context,
        &title,
        html! {
            h1 { (title) }
            p { (message) }
            @if let Some(location) = location { p.muted { (t!("error-where", location = readable_location(location))) } }
            @if status.is_server_error() {
                p.muted { (t!("error-reference")) " " code { (request_id) } }
            }
            p { a href="/" { (t!("error-go-home")) } " " (t!("error-or-back")) }
        },
    )
}

/// Where an error is, for people: locations are written `field NAME`, `parameter NAME`
/// (a fixed word, then the name the form or URL uses), or as the importers word them.
fn readable_location(location: &str) -> String {
    if let Some(name) = location.strip_prefix("field ") {
        t!("error-location-field", name = name)
    } else if let Some(name) = location.strip_prefix("parameter ") {
        t!("error-location-parameter", name = name)
    } else {
        location.to_owned()
    }
}

/// One labelled input with an optional hint and error, wired for screen readers.
pub struct Field<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub kind: &'a str,
    pub value: &'a str,
    pub autocomplete: &'a str,
    pub hint: Option<&'a str>,
    pub error: Option<&'a str>,
    pub required: bool,
}

impl<'a> Field<'a> {
    pub fn new(name: &'a str, label: &'a str, kind: &'a str) -> Field<'a> {
        Field {
            name,
            label,
            kind,
            value: "",
            autocomplete: "off",
            hint: None,
            error: None,
            required: true,
        }
    }

    pub fn value(mut self, value: &'a str) -> Field<'a> {
        self.value = value;
        self
    }

    pub fn autocomplete(mut self, autocomplete: &'a str) -> Field<'a> {
        self.autocomplete = autocomplete;
        self
    }

    pub fn hint(mut self, hint: &'a str) -> Field<'a> {
        self.hint = Some(hint);
        self
    }

    /// Shows `error` when it is about this field (its location is "field NAME").
    pub fn error_from(mut self, error: Option<&'a FormError>) -> Field<'a> {
        self.error = error
            .filter(|e| e.field.as_deref() == Some(self.name))
            .map(|e| e.message.as_str());
        self
    }

    pub fn render(&self) -> Markup {
        let id = format!("field-{}", self.name);
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let described_by = [
            self.hint.map(|_| hint_id.as_str()),
            self.error.map(|_| error_id.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        html! {
            div {
                label for=(id) { (self.label) }
                // Outside the label, so screen readers read it once, as the description.
                @if let Some(hint) = self.hint { span.hint id=(hint_id) { (hint) } }
                input id=(id) name=(self.name) type=(self.kind) value=(self.value)
                    autocomplete=(self.autocomplete) required[self.required]
                    aria-invalid=[self.error.map(|_| "true")]
                    aria-describedby=[(!described_by.is_empty()).then_some(described_by.as_str())];
                @if let Some(error) = self.error { p.field-error id=(error_id) { (error) } }
            }
        }
    }
}

/// A form-level error: its message, and the field it is about when there is one.
#[derive(Clone, Debug)]
pub struct FormError {
    pub message: String,
    pub field: Option<String>,
}

impl FormError {
    pub fn new(message: impl Into<String>) -> FormError {
        FormError {
            message: message.into(),
            field: None,
        }
    }

    /// Takes an `Invalid`/`Conflict` error apart for showing beside the form; anything
    /// else is not the reader's to fix and is passed back.
    pub fn from_app_error(
        error: crate::error::AppError,
    ) -> Result<FormError, crate::error::AppError> {
        use crate::error::AppError;
        match error {
            AppError::Invalid { message, location } => Ok(FormError {
                message,
                field: location.and_then(|l| l.strip_prefix("field ").map(str::to_owned)),
            }),
            AppError::Conflict(message) => Ok(FormError::new(message)),
            other => Err(other),
        }
    }

    /// The error summary above a form, for errors not shown beside a field.
    pub fn summary(error: Option<&FormError>) -> Markup {
        html! {
            @if let Some(error) = error.filter(|e| e.field.is_none()) {
                div.flash.flash-error role="alert" { (error.message) }
            }
        }
    }
}

/// A time in the reader's zone, with the UTC time on hover and in `datetime`.
pub fn time_in_zone(time: chrono::DateTime<chrono::Utc>, zone: &str) -> Markup {
    let zone: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    let local = time.with_timezone(&zone);
    html! {
        time datetime=(time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            title=(time.format("%Y-%m-%d %H:%M:%S UTC")) {
            (crate::i18n::date_time(local))
        }
    }
}
