//! Review pages: the team's editor and list, and the public site.

use chrono::{DateTime, Utc};
use maud::{DOCTYPE, Markup, html};

use super::public::{PublicReview, SiteSettings};
use super::{Comment, FeedbackSummary, Review, Status, TeamReviewSettings};
use crate::accounts::teams::{Member, Team, TeamRole};
use crate::guidance::{self, Finding};
use crate::incidents::Incident;
use crate::incidents::review::human_duration;
use crate::markdown::SafeHtml;
use crate::web::PageContext;
use crate::web::assets;
use crate::web::layout::{self, FormError, csrf_field, time_in_zone};

fn status_badge(status: Status) -> Markup {
    html! { span class=(format!("badge status-{}", status.as_str())) { (status.label()) } }
}

/// The reviews section of an incident page.
pub fn incident_reviews(
    context: &PageContext,
    team: &Team,
    incident: &Incident,
    reviews: &[Review],
    can_write: bool,
) -> Markup {
    html! {
        h2 #reviews { "Public review" }
        @if reviews.is_empty() {
            p.muted { "No public review yet. Customers who lived through this deserve a clear account." }
        } @else {
            ul.plain {
                @for review in reviews {
                    li {
                        a href=(format!("/teams/{}/reviews/{}", team.slug, review.id)) { (review.title) }
                        " " (status_badge(review.status))
                        @if let Some(slug) = review.slug.as_ref().filter(|_| review.is_public()) {
                            " · " a href=(format!("/reviews/{slug}")) { "public page" }
                        }
                    }
                }
            }
        }
        @if can_write {
            form.inline method="post" action=(format!("/teams/{}/incidents/{}/reviews", team.slug, incident.id.0)) {
                (csrf_field(&context.csrf_token))
                button type="submit" { "Write the public review" }
            }
        }
    }
}

pub fn team_reviews_page(
    context: &PageContext,
    team: &Team,
    reviews: &[Review],
    zone: &str,
) -> Markup {
    layout::page(
        context,
        &format!("Public reviews · {}", team.name),
        html! {
            p.muted { a href=(format!("/teams/{}", team.slug)) { (team.name) } " › Public reviews" }
            h1 { "Public reviews" }
            @if reviews.is_empty() {
                p { "No reviews yet. Start one from an incident's page with “Write the public review”." }
            } @else {
                table {
                    thead { tr { th scope="col" { "Review" } th scope="col" { "Incident" } th scope="col" { "Status" } th scope="col" { "Changed" } } }
                    tbody {
                        @for review in reviews {
                            tr {
                                td { a href=(format!("/teams/{}/reviews/{}", team.slug, review.id)) { (review.title) } }
                                td { (review.incident_title) }
                                td { (status_badge(review.status)) @if review.is_public() && review.status != Status::Published { " (a version is public)" } }
                                td { (time_in_zone(review.updated_at, zone)) }
                            }
                        }
                    }
                }
            }
            p { a href="/reviews" { "See the public site" } }
        },
    )
}

/// The preview pane: the rendered draft, the section checklist and the guidance, shown
/// in the text itself. Also the htmx fragment the editor refreshes while someone types.
pub fn preview_pane(
    html_body: &SafeHtml,
    checklist: &[(&str, bool)],
    body: &str,
    findings: &[Finding],
) -> Markup {
    html! {
        div #preview-pane aria-live="polite" {
            h2 { "Checklist" }
            ul.checklist {
                @for (label, done) in checklist {
                    li class=(if *done { "done" } else { "todo" }) {
                        span.visually-hidden { (if *done { "Done: " } else { "To do: " }) }
                        span aria-hidden="true" { (if *done { "✓ " } else { "○ " }) }
                        (label)
                    }
                }
            }
            h2 { "Suggestions for a public audience" }
            @if findings.is_empty() {
                p.muted { "Nothing to suggest." }
            } @else {
                p.muted {
                    (findings.len()) @if findings.len() == 1 { " suggestion" } @else { " suggestions" }
                    ", marked in your text below: hover or focus one to read it. Suggestions only — nothing here stops you from publishing."
                }
                div.guided-text { (guidance::views::highlighted(body, findings, "finding")) }
            }
            h2 { "Preview" }
            div.review-body.preview { (html_body) }
        }
    }
}

/// Everything the editor page shows.
pub struct EditorPage<'a> {
    pub team: &'a Team,
    pub review: &'a Review,
    /// The title and body in the form: the saved ones, or what was sent when refused.
    pub title: &'a str,
    pub body: &'a str,
    pub preview: Markup,
    pub role: TeamRole,
    pub me: i64,
    pub members: &'a [Member],
    pub reviewers: &'a [String],
    pub comments: &'a [Comment],
    pub revisions: &'a [super::public::RevisionNote],
    pub feedback: &'a FeedbackSummary,
    pub approval_required: bool,
    pub zone: &'a str,
}

pub fn editor_page(
    context: &PageContext,
    page: &EditorPage<'_>,
    error: Option<&FormError>,
) -> Markup {
    let review = page.review;
    let base = format!("/teams/{}/reviews/{}", page.team.slug, review.id);
    let can_edit = page.role >= TeamRole::Member && review.status != Status::Retracted;
    let is_author = review.author_id == Some(page.me);
    let can_publish = can_edit
        && (review.status == Status::Approved
            || (!page.approval_required && review.status == Status::Draft));
    layout::page(
        context,
        &review.title,
        html! {
            p.muted {
                a href=(format!("/teams/{}", page.team.slug)) { (page.team.name) } " › "
                a href=(format!("/teams/{}/reviews", page.team.slug)) { "Public reviews" } " › "
                a href=(format!("/teams/{}/incidents/{}", page.team.slug, review.incident_id)) { (review.incident_title) }
            }
            h1 { (review.title) " " (status_badge(review.status)) }
            @if let (Some(slug), true) = (&review.slug, review.is_public()) {
                p { "Public at " a href=(format!("/reviews/{slug}")) { "/reviews/" (slug) } "." }
            }
            @if let Some(reason) = &review.retraction_reason {
                p.flash.flash-error { "Retracted: " (reason) }
            }
            (FormError::summary(error))
            section.workflow aria-labelledby="workflow-heading" {
                h2 #workflow-heading { "Workflow" }
                p {
                    @match review.status {
                        Status::Draft if review.is_public() => "A correction is being drafted; the published version stays up until it is published.",
                        Status::Draft => "Draft: only the team sees it.",
                        Status::InReview => "Waiting for a review.",
                        Status::Approved => "Approved and ready to publish.",
                        Status::Published => "Published. Edit it to draft a correction.",
                        Status::Retracted => "Retracted: the public page explains why.",
                    }
                    @if !page.reviewers.is_empty() { " Asked: " (page.reviewers.join(", ")) "." }
                    @if let Some(by) = &review.approved_by { " Approved by " (by) "." }
                }
                @if can_edit && review.status == Status::Draft && page.approval_required {
                    form.stacked method="post" action=(format!("{base}/submit")) {
                        (csrf_field(&context.csrf_token))
                        fieldset {
                            legend { "Ask for a review" }
                            @let candidates: Vec<&Member> = page.members.iter().filter(|m| m.role >= TeamRole::Member && Some(m.user_id.0) != review.author_id).collect();
                            @if candidates.is_empty() {
                                p.muted { "Nobody else on the team can review. A team owner can switch approval off for small teams." }
                            }
                            @for m in &candidates {
                                div.check {
                                    input type="checkbox" name="reviewers" value=(m.user_id.0) id=(format!("reviewer-{}", m.user_id.0));
                                    label for=(format!("reviewer-{}", m.user_id.0)) { (m.display_name) }
                                }
                            }
                        }
                        div { button type="submit" { "Send for review" } }
                    }
                }
                @if can_edit && review.status == Status::InReview && !is_author {
                    form.inline method="post" action=(format!("{base}/approve")) {
                        (csrf_field(&context.csrf_token))
                        button type="submit" { "Approve" }
                    }
                }
                @if review.status == Status::InReview && is_author {
                    p.muted { "Someone other than you approves it." }
                }
                @if can_publish {
                    form.stacked method="post" action=(format!("{base}/publish")) {
                        (csrf_field(&context.csrf_token))
                        @if review.revisions > 0 {
                            (layout::Field::new("change_note", "What this correction changes (shown on the public page)", "text")
                                .hint("For example: corrected the end of the impact window.")
                                .error_from(error).render())
                        }
                        div { button type="submit" { "Publish" } }
                    }
                }
                @if can_edit && review.is_public() {
                    details {
                        summary { "Retract the public review" }
                        form.stacked method="post" action=(format!("{base}/retract")) {
                            (csrf_field(&context.csrf_token))
                            (layout::Field::new("reason", "Why (shown on the page that replaces it)", "text").error_from(error).render())
                            div { button.danger type="submit" data-confirm="Retract this review? Its page will say it was withdrawn." { "Retract" } }
                        }
                    }
                }
            }
            div.editor {
                @if can_edit {
                    form.stacked #review-form method="post" action=(base.clone()) {
                        (csrf_field(&context.csrf_token))
                        (layout::Field::new("title", "Title", "text").value(page.title).error_from(error).render())
                        label for="body_markdown" { "Review (Markdown)" }
                        textarea #body_markdown name="body_markdown" rows="30"
                            hx-post=(format!("{base}/preview")) hx-trigger="input changed delay:600ms"
                            hx-target="#preview-pane" hx-swap="outerHTML" hx-include="#review-form" { (page.body) }
                        div.actions {
                            button type="submit" { "Save" }
                            button.secondary type="submit" formaction=(format!("{base}/preview")) { "Preview" }
                        }
                    }
                } @else {
                    p.muted { "You can read this review; members of the team edit it." }
                }
                (page.preview)
            }
            section aria-labelledby="comments-heading" {
                h2 #comments-heading { "Comments" }
                @if page.comments.is_empty() { p.muted { "No comments yet." } }
                ul.plain {
                    @for comment in page.comments {
                        li.card {
                            p.muted { (comment.author_name.as_deref().unwrap_or("Someone")) " · " (time_in_zone(comment.created_at, page.zone)) }
                            p.prewrap { (comment.body) }
                        }
                    }
                }
                @if page.role >= TeamRole::Member {
                    form.stacked method="post" action=(format!("{base}/comments")) {
                        (csrf_field(&context.csrf_token))
                        label for="comment-body" { "Add a comment" }
                        textarea #comment-body name="body" rows="3" required {}
                        div { button.secondary type="submit" { "Comment" } }
                    }
                }
            }
            @if !page.revisions.is_empty() {
                section aria-labelledby="revisions-heading" {
                    h2 #revisions-heading { "Published revisions" }
                    ol {
                        @for revision in page.revisions.iter().rev() {
                            li { (time_in_zone(revision.published_at, page.zone))
                                @if !revision.change_note.is_empty() { " — " (revision.change_note) } @else { " — first publication" } }
                        }
                    }
                }
                section aria-labelledby="feedback-heading" {
                    h2 #feedback-heading { "Reader feedback" }
                    p { (page.feedback.clear) " found it clear, " (page.feedback.unclear) " did not." }
                    ul.plain {
                        @for (clear, text, at) in &page.feedback.comments {
                            li.card {
                                p.muted { (if *clear { "Clear" } else { "Not clear" }) " · " (time_in_zone(*at, page.zone)) }
                                p.prewrap { (text) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The team's review and guidance settings (owners).
pub fn settings_section(
    context: &PageContext,
    team: &Team,
    settings: &TeamReviewSettings,
) -> Markup {
    html! {
        h2 #review-settings { "Public reviews and guidance" }
        form.stacked.card method="post" action=(format!("/teams/{}/review-settings", team.slug)) {
            (csrf_field(&context.csrf_token))
            div.check {
                input #approval_required type="checkbox" name="approval_required" value="on" checked[settings.approval_required];
                label for="approval_required" { "Ask a second team member to approve a review before it is published" }
            }
            label for="internal_names" { "Internal names customers should not see (one per line: services, hosts, team names)" }
            textarea #internal_names name="internal_names" rows="4" { (settings.internal_names) }
            label for="blame_phrases" { "Extra phrases to flag as blame (one per line)" }
            textarea #blame_phrases name="blame_phrases" rows="3" { (settings.blame_phrases) }
            div { button type="submit" { "Save review settings" } }
        }
        p { a href=(format!("/teams/{}/reviews", team.slug)) { "The team's public reviews" } }
    }
}

pub fn site_settings_page(
    context: &PageContext,
    site: &SiteSettings,
    error: Option<&FormError>,
) -> Markup {
    layout::narrow_page(
        context,
        "Public site",
        html! {
            h1 { "Public site" }
            p { "How the public review pages at " a href="/reviews" { "/reviews" } " look." }
            (FormError::summary(error))
            form.stacked method="post" action="/admin/site" {
                (csrf_field(&context.csrf_token))
                (layout::Field::new("name", "Site name", "text").value(&site.name).error_from(error).render())
                (layout::Field::new("logo_url", "Logo address (https://…, optional)", "url").value(&site.logo_url).error_from(error).render())
                (layout::Field::new("accent", "Accent colour", "color").value(&site.accent).error_from(error).render())
                div { button type="submit" { "Save" } }
            }
        },
    )
}

fn utc_time(time: DateTime<Utc>) -> Markup {
    html! {
        time datetime=(time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)) { (time.format("%Y-%m-%d %H:%M UTC")) }
    }
}

fn utc_date(time: DateTime<Utc>) -> Markup {
    html! {
        time datetime=(time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)) { (time.format("%Y-%m-%d")) }
    }
}

/// The public site's page frame: no scripts, the site's name, logo and colour.
fn public_document(site: &SiteSettings, title: &str, head: Markup, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (site.name) }
                link rel="icon" href=(assets::url("icon.svg")) type="image/svg+xml";
                link rel="stylesheet" href=(assets::url("style.css"));
                link rel="stylesheet" href="/reviews/site.css";
                link rel="alternate" type="application/atom+xml" title=(format!("{} — feed", site.name)) href="/reviews/feed.atom";
                (head)
            }
            body.public {
                a.skip-link href="#main" { "Skip to main content" }
                header.site-header {
                    nav aria-label="Site" {
                        a.brand href="/reviews" {
                            @if !site.logo_url.is_empty() { img.logo src=(site.logo_url) alt="" width="28" height="28"; " " }
                            (site.name)
                        }
                        ul.nav-links { li { a href="/reviews/feed.atom" { "Feed" } } }
                    }
                }
                main #main { (content) }
                footer.site-footer {
                    p { "Subscribe to new and corrected reviews with the " a href="/reviews/feed.atom" { "Atom feed" } "." }
                }
            }
        }
    }
}

fn impact(review: &PublicReview) -> Markup {
    html! {
        dl.impact {
            dt { "Impact window" }
            dd {
                @match (review.impact_start, review.impact_end) {
                    (Some(start), Some(end)) => {
                        (utc_time(start)) " to " (utc_time(end))
                        " (" (human_duration((end - start).num_seconds())) ")"
                    }
                    (Some(start), None) => { "From " (utc_time(start)) }
                    _ => "Stated in the review below",
                }
            }
            @if !review.services.is_empty() {
                dt { "Affected" }
                dd { (review.services.join(", ")) }
            }
        }
    }
}

pub fn public_review_page(
    site: &SiteSettings,
    review: &PublicReview,
    base: Option<&str>,
) -> Markup {
    let url = base.map(|b| format!("{}/reviews/{}", b.trim_end_matches('/'), review.slug));
    let head = html! {
        meta name="description" content=(review.summary);
        meta property="og:type" content="article";
        meta property="og:title" content=(review.title);
        meta property="og:description" content=(review.summary);
        meta property="og:site_name" content=(site.name);
        @if let Some(url) = &url {
            meta property="og:url" content=(url);
            link rel="canonical" href=(url);
        }
        meta property="article:published_time" content=(review.published_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        meta property="article:modified_time" content=(review.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        meta name="twitter:card" content="summary";
        meta name="twitter:title" content=(review.title);
        meta name="twitter:description" content=(review.summary);
    };
    public_document(
        site,
        &review.title,
        head,
        html! {
            article.review {
                h1 { (review.title) }
                p.muted {
                    "Published " (utc_date(review.published_at))
                    @if review.revision > 1 { " · Updated " (utc_date(review.updated_at)) }
                }
                (impact(review))
                // Rendered at publication; sanitized again here, in case the database was
                // edited by hand.
                div.review-body { (SafeHtml::sanitize(&review.body_html)) }
                @if review.revisions.len() > 1 {
                    section.revisions aria-labelledby="revisions-heading" {
                        h2 #revisions-heading { "Revisions" }
                        ul {
                            @for revision in &review.revisions {
                                li {
                                    @if revision.change_note.is_empty() { "Published " (utc_date(revision.published_at)) }
                                    @else { "Updated " (utc_date(revision.published_at)) ": " (revision.change_note) }
                                }
                            }
                        }
                    }
                }
            }
            section.feedback #feedback aria-labelledby="feedback-heading" {
                h2 #feedback-heading { "Was this review clear?" }
                form.stacked method="post" action=(format!("/reviews/{}/feedback", review.slug)) {
                    fieldset {
                        legend { "Your answer" }
                        div.check { input #clear-yes type="radio" name="clear" value="yes" required; label for="clear-yes" { "Yes" } }
                        div.check { input #clear-no type="radio" name="clear" value="no"; label for="clear-no" { "No" } }
                    }
                    label for="feedback-comment" { "What could be clearer? (optional)" }
                    textarea #feedback-comment name="comment" rows="3" maxlength=(super::public::MAX_FEEDBACK_CHARS) {}
                    // A trap for bots: hidden from people and from screen readers.
                    div.trap aria-hidden="true" {
                        label for="feedback-website" { "Leave this empty" }
                        input #feedback-website type="text" name="website" tabindex="-1" autocomplete="off";
                    }
                    div { button type="submit" { "Send feedback" } }
                }
            }
        },
    )
}

pub fn retracted_page(
    site: &SiteSettings,
    review: &PublicReview,
    at: DateTime<Utc>,
    reason: &str,
) -> Markup {
    public_document(
        site,
        &format!("Retracted: {}", review.title),
        html! { meta name="robots" content="noindex"; },
        html! {
            h1 { "This review was retracted" }
            p { "“" (review.title) "” was withdrawn on " (utc_date(at)) "." }
            p { strong { "Reason: " } (reason) }
            p { a href="/reviews" { "All reviews" } }
        },
    )
}

pub fn feedback_thanks(site: &SiteSettings, review: &PublicReview) -> Markup {
    public_document(
        site,
        "Thank you",
        html! {},
        html! {
            h1 { "Thank you" }
            p { "Your feedback helps us write clearer reviews." }
            p { a href=(format!("/reviews/{}", review.slug)) { "Back to the review" } }
        },
    )
}

pub fn public_index(
    site: &SiteSettings,
    reviews: &[PublicReview],
    months: &[String],
    services: &[String],
    month: &str,
    service: &str,
) -> Markup {
    public_document(
        site,
        "Incident reviews",
        html! { meta name="description" content=(format!("Post-incident reviews from {}", site.name)); },
        html! {
            h1 { (site.name) }
            p { "What went wrong, what it meant for you, and what we are changing." }
            form.filters method="get" action="/reviews" {
                div {
                    label for="month" { "Month" }
                    select #month name="month" {
                        option value="" { "All months" }
                        @for m in months { option value=(m) selected[m == month] { (m) } }
                    }
                }
                div {
                    label for="service" { "Service" }
                    select #service name="service" {
                        option value="" { "All services" }
                        @for s in services { option value=(s) selected[s == service] { (s) } }
                    }
                }
                div { button type="submit" { "Filter" } }
            }
            @if reviews.is_empty() { p { "No reviews match." } }
            ol.review-list {
                @for review in reviews {
                    li {
                        h2 { a href=(format!("/reviews/{}", review.slug)) { (review.title) } }
                        p.muted {
                            (utc_date(review.published_at))
                            @if !review.services.is_empty() { " · " (review.services.join(", ")) }
                            @if review.revision > 1 { " · updated " (utc_date(review.updated_at)) }
                        }
                        p { (review.summary) }
                    }
                }
            }
        },
    )
}

/// Readers' answers to "Was this review clear?", for the retro's customer lens.
pub fn reader_feedback(reviews: &[(String, FeedbackSummary)]) -> Markup {
    html! {
        @if !reviews.is_empty() {
            h3 { "What readers of the public review said" }
            @for (title, summary) in reviews {
                p { strong { (title) } ": " (summary.clear) " found it clear, " (summary.unclear) " did not." }
                @if !summary.comments.is_empty() {
                    ul {
                        @for (_, text, _) in summary.comments.iter().take(5) { li.prewrap { (text) } }
                    }
                }
            }
        }
    }
}
