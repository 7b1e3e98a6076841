# Email: the public site's subscription pages and the emails themselves (plain text).

email-address-invalid = Enter an email address such as ana@example.com.
email-address-too-long = An email address can be at most { $max } characters long.
email-too-many-requests = We have had many subscription requests from your network. Please try again in an hour.

email-subscribe-link = Get new reviews by email
email-subscribe-title = Get new reviews by email
email-subscribe-intro = We will send you an email when { $site } publishes an incident review or corrects one. Nothing else.
email-subscribe-address = Your email address
email-subscribe-hint = We will send a link to confirm it first.
email-subscribe-button = Subscribe
email-subscribe-privacy = Your address is used for these emails only and is shown to nobody. Every email has a link to unsubscribe at once.
email-trap-label = Leave this empty
email-check-inbox-title = Check your inbox
email-check-inbox-text = If the address can receive our emails, a message with a confirmation link is on its way. Open the link to start your subscription; until then you will get nothing from us.
email-back-to-reviews = Back to the reviews
email-confirm-title = Confirm your subscription
email-confirm-text = Press the button to get an email whenever { $site } publishes or corrects an incident review.
email-confirm-button = Confirm my subscription
email-confirmed-title = You are subscribed
email-confirmed-text = You will get an email when a review is published or corrected. Each one has a link to unsubscribe.
email-unsubscribe-title = Unsubscribe
email-unsubscribe-text = Press the button and { $site } will send you no more review emails.
email-unsubscribe-button = Unsubscribe
email-unsubscribed-title = You are unsubscribed
email-unsubscribed-text = You will get no more review emails from us.
email-subscribe-again = Subscribe again
email-invalid-link-title = This link does not work
email-invalid-link-text = It may have expired or been replaced by a newer one. Confirmation links work for seven days.
email-subscriber-count = { $count ->
    [one] One reader gets new reviews by email.
   *[other] { $count } readers get new reviews by email.
}

email-confirm-subject = Confirm your subscription to { $site }
email-confirm-intro = Someone, hopefully you, asked to get an email when { $site } publishes or corrects an incident review.
email-confirm-action = To confirm, open this link and press the button (it works for seven days):
email-confirm-ignore = If it was not you, ignore this email: you will get nothing more from us.
email-review-published-subject = Incident review: { $title }
email-review-corrected-subject = Corrected incident review: { $title }
email-review-change-note = What changed: { $note }
email-review-read = Read the review: { $link }
email-review-why = You get this email because you subscribed to the incident reviews of { $site }.
email-review-unsubscribe = Unsubscribe: { $link }
email-reminder-greeting = Hello { $name },
email-reminder-due-soon-subject = Due soon: { $title }
email-reminder-due-soon = The action item “{ $title }” that you own is due on { $due }.
email-reminder-overdue-subject = Overdue: { $title }
email-reminder-overdue = The action item “{ $title }” that you own was due on { $due }. If it is done, mark it so; if the date no longer fits, change it.
email-reminder-why = You get this email because you own this action item in Hindsight.
email-reminder-turn-off = To stop these emails, change it on your account page: { $link }
email-reminders-heading = Reminder emails
email-reminders-legend = When an action item you own is due soon or overdue
email-reminders-on = Email me a reminder
email-reminders-off = Don't email me
email-reminders-save = Save
email-reminders-invalid = Choose whether to get reminder emails (on or off).
email-reminders-saved-on = You will get reminder emails for your action items.
email-reminders-saved-off = You will no longer get reminder emails. Your items stay on your list and dashboard.
