//! The subscription pages of the public site. None of them shows an address: not the one
//! typed in, not anyone's.

use maud::{Markup, html};

use crate::reviews::public::SiteSettings;
use crate::t;
use crate::web::layout::{Field, FormError};

/// The public site's frame, with the meta tags pages holding a token need.
fn public_frame(site: &SiteSettings, title: &str, content: Markup) -> Markup {
    let head = html! {
        // Links with tokens must not travel to other sites in a Referer.
        meta name="referrer" content="no-referrer";
        meta name="robots" content="noindex";
    };
    crate::reviews::views::public_site_page(site, title, head, content)
}

/// The form: one address field. Shown again with the error when the address is not one;
/// the typed value is kept only then (it is the reader's own, on their own screen).
pub fn subscribe_page(site: &SiteSettings, typed: &str, error: Option<&FormError>) -> Markup {
    let title = t!("email-subscribe-title");
    let label = t!("email-subscribe-address");
    let hint = t!("email-subscribe-hint");
    public_frame(
        site,
        &title,
        html! {
            h1 { (title) }
            p { (t!("email-subscribe-intro", site = site.name.as_str())) }
            (FormError::summary(error))
            form.stacked method="post" action="/reviews/subscribe" {
                (Field::new("email", &label, "email").value(typed).autocomplete("email").hint(&hint).error_from(error).render())
                // A trap for bots: hidden from people and from screen readers.
                div.trap aria-hidden="true" {
                    label for="subscribe-website" { (t!("email-trap-label")) }
                    input #subscribe-website type="text" name="website" tabindex="-1" autocomplete="off";
                }
                div { button type="submit" { (t!("email-subscribe-button")) } }
            }
            p { (t!("email-subscribe-privacy")) }
        },
    )
}

/// The same answer for every address: new, pending, subscribed or throttled.
pub fn check_inbox_page(site: &SiteSettings) -> Markup {
    let title = t!("email-check-inbox-title");
    public_frame(
        site,
        &title,
        html! {
            h1 { (title) }
            p { (t!("email-check-inbox-text")) }
            p { a href="/reviews" { (t!("email-back-to-reviews")) } }
        },
    )
}

/// A button, not an automatic confirmation: mail scanners open links in emails.
pub fn confirm_page(site: &SiteSettings, token: &str) -> Markup {
    let title = t!("email-confirm-title");
    public_frame(
        site,
        &title,
        html! {
            h1 { (title) }
            p { (t!("email-confirm-text", site = site.name.as_str())) }
            form method="post" action="/reviews/subscribe/confirm" {
                input type="hidden" name="token" value=(token);
                button type="submit" { (t!("email-confirm-button")) }
            }
        },
    )
}

pub fn confirmed_page(site: &SiteSettings) -> Markup {
    let title = t!("email-confirmed-title");
    public_frame(
        site,
        &title,
        html! {
            h1 { (title) }
            p { (t!("email-confirmed-text")) }
            p { a href="/reviews" { (t!("email-back-to-reviews")) } }
        },
    )
}

/// The page behind an email's unsubscribe link. Its button posts what a mail client's
/// one-click unsubscribe posts (RFC 8058).
pub fn unsubscribe_page(site: &SiteSettings, token: &str) -> Markup {
    let title = t!("email-unsubscribe-title");
    public_frame(
        site,
        &title,
        html! {
            h1 { (title) }
            p { (t!("email-unsubscribe-text", site = site.name.as_str())) }
            form method="post" action=(format!("/reviews/unsubscribe?token={token}")) {
                input type="hidden" name="List-Unsubscribe" value="One-Click";
                button type="submit" { (t!("email-unsubscribe-button")) }
            }
        },
    )
}

pub fn unsubscribed_page(site: &SiteSettings) -> Markup {
    let title = t!("email-unsubscribed-title");
    public_frame(
        site,
        &title,
        html! {
            h1 { (title) }
            p { (t!("email-unsubscribed-text")) }
            p { a href="/reviews/subscribe" { (t!("email-subscribe-again")) } }
        },
    )
}

/// A confirmation or unsubscribe link that does not work (expired, used, mistyped).
pub fn invalid_link_page(site: &SiteSettings) -> Markup {
    let title = t!("email-invalid-link-title");
    public_frame(
        site,
        &title,
        html! {
            h1 { (title) }
            p { (t!("email-invalid-link-text")) }
            p { a href="/reviews/subscribe" { (t!("email-subscribe-again")) } }
        },
    )
}

/// The public site's footer link to the form, shown when email is on.
pub fn subscribe_link() -> Markup {
    html! { a href="/reviews/subscribe" { (t!("email-subscribe-link")) } }
}

/// For the public-site settings page: how many readers get the emails, never who.
pub fn subscriber_count(count: i64) -> Markup {
    html! {
        p { (t!("email-subscriber-count", count = count)) }
    }
}

/// The account page's choice of reminder emails (shown when email is on).
pub fn reminder_setting(csrf_token: &str, wanted: bool) -> Markup {
    html! {
        h2 { (t!("email-reminders-heading")) }
        form.stacked.card method="post" action="/account/email-reminders" {
            (crate::web::layout::csrf_field(csrf_token))
            fieldset {
                legend { (t!("email-reminders-legend")) }
                label { input type="radio" name="email_reminders" value="on" checked[wanted]; " " (t!("email-reminders-on")) }
                label { input type="radio" name="email_reminders" value="off" checked[!wanted]; " " (t!("email-reminders-off")) }
            }
            div { button type="submit" { (t!("email-reminders-save")) } }
        }
    }
}
