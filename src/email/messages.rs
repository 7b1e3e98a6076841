//! The emails' words: (subject, plain-text body), in the current language. Callers set
//! the recipient's language with `i18n::sync_scope`. Plain text only: nothing a reader
//! wrote is ever interpreted as HTML in someone's mail client.

use crate::t;

/// Paragraphs, separated by blank lines.
fn paragraphs(parts: &[&str]) -> String {
    let mut body = parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n");
    body.push('\n');
    body
}

/// "Confirm your subscription", with the link to the confirmation page.
pub fn confirmation(site_name: &str, confirm_url: &str) -> (String, String) {
    (
        t!("email-confirm-subject", site = site_name),
        paragraphs(&[
            &t!("email-confirm-intro", site = site_name),
            &t!("email-confirm-action"),
            confirm_url,
            &t!("email-confirm-ignore"),
        ]),
    )
}

/// A published or corrected review, for one subscriber.
pub struct Announcement<'a> {
    pub site_name: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    /// The review's public page.
    pub link: &'a str,
    /// For a correction: what it changed.
    pub change_note: Option<&'a str>,
}

impl Announcement<'_> {
    pub fn render(&self, unsubscribe_url: &str) -> (String, String) {
        let subject = match self.change_note {
            None => t!("email-review-published-subject", title = self.title),
            Some(_) => t!("email-review-corrected-subject", title = self.title),
        };
        let change = self
            .change_note
            .map(|note| t!("email-review-change-note", note = note))
            .unwrap_or_default();
        let read = t!("email-review-read", link = self.link);
        let footer = format!(
            "-- \n{}\n{}",
            t!("email-review-why", site = self.site_name),
            t!("email-review-unsubscribe", link = unsubscribe_url)
        );
        (
            subject,
            paragraphs(&[self.title, &change, self.summary, &read, &footer]),
        )
    }
}

/// An action item reminder for its owner.
pub struct Reminder<'a> {
    pub owner_name: &'a str,
    pub title: &'a str,
    /// The due date, written for the reader.
    pub due: &'a str,
    pub is_overdue: bool,
    pub link: &'a str,
    /// The owner's account page, where these emails are turned off.
    pub settings_link: &'a str,
}

impl Reminder<'_> {
    pub fn render(&self) -> (String, String) {
        let (subject, line) = if self.is_overdue {
            (
                t!("email-reminder-overdue-subject", title = self.title),
                t!("email-reminder-overdue", title = self.title, due = self.due),
            )
        } else {
            (
                t!("email-reminder-due-soon-subject", title = self.title),
                t!(
                    "email-reminder-due-soon",
                    title = self.title,
                    due = self.due
                ),
            )
        };
        (
            subject,
            paragraphs(&[
                &t!("email-reminder-greeting", name = self.owner_name),
                &line,
                self.link,
                &format!(
                    "-- \n{}\n{}",
                    t!("email-reminder-why"),
                    t!("email-reminder-turn-off", link = self.settings_link)
                ),
            ]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, sync_scope};

    #[test]
    fn a_correction_says_what_changed_and_every_announcement_can_be_unsubscribed() {
        let review = Announcement {
            site_name: "Acme status",
            title: "Checkout errors",
            summary: "Payments failed for 20 minutes.",
            link: "https://status.example.com/reviews/checkout",
            change_note: Some("The impact window was longer."),
        };
        let (subject, body) = sync_scope(Lang::En, || review.render("https://u.example/x"));
        assert!(subject.contains("Checkout errors"), "{subject}");
        assert!(body.contains("The impact window was longer."), "{body}");
        assert!(body.contains("https://status.example.com/reviews/checkout"));
        assert!(body.contains("https://u.example/x"));
        let (korean, _) = sync_scope(Lang::Ko, || review.render("https://u.example/x"));
        assert_ne!(korean, subject, "written in the reader's language");
    }
}
