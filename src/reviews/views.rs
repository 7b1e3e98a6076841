//! Review pages: the team's editor and list, translations, and the public site.

use chrono::{DateTime, Utc};
use maud::{DOCTYPE, Markup, html};

use super::public::{PublicReview, PublicTranslation, SiteSettings};
use super::translation::Translation;
use super::{Comment, FeedbackSummary, Review, Status, TeamReviewSettings};
use crate::accounts::teams::{Member, Team, TeamRole};
use crate::guidance::{self, Finding};
use crate::i18n::{self, Lang};
use crate::incidents::Incident;
use crate::incidents::review::human_duration;
use crate::markdown::SafeHtml;
use crate::t;
use crate::web::PageContext;
use crate::web::assets;
use crate::web::layout::{self, FormError, csrf_field, time_in_zone};

fn status_badge(status: Status) -> Markup {
    html! { span class=(format!("badge status-{}", status.as_str())) { (status.label()) } }
}

/// A language's name in the reader's language ("Korean", "한국어").
pub fn language_name(lang: Lang) -> String {
    match lang {
        Lang::En => t!("review-language-en"),
        Lang::Ko => t!("review-language-ko"),
    }
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
        h2 #reviews { (t!("review-incident-heading")) }
        @if reviews.is_empty() {
            p.muted { (t!("review-incident-none")) }
        } @else {
            ul.plain {
                @for review in reviews {
                    li {
                        a href=(format!("/teams/{}/reviews/{}", team.slug, review.id)) { (review.title) }
                        " " (status_badge(review.status))
                        @if let Some(slug) = review.slug.as_ref().filter(|_| review.is_public()) {
                            " · " a href=(format!("/reviews/{slug}")) { (t!("review-incident-public-page")) }
                        }
                    }
                }
            }
        }
        @if can_write {
            form.inline method="post" action=(format!("/teams/{}/incidents/{}/reviews", team.slug, incident.id.0)) {
                (csrf_field(&context.csrf_token))
                button type="submit" { (t!("review-write")) }
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
        &t!("review-list-title", team = team.name.as_str()),
        html! {
            p.muted { a href=(format!("/teams/{}", team.slug)) { (team.name) } " › " (t!("review-list-heading")) }
            h1 { (t!("review-list-heading")) }
            @if reviews.is_empty() {
                p { (t!("review-list-empty")) }
            } @else {
                table {
                    thead {
                        tr {
                            th scope="col" { (t!("review-col-review")) }
                            th scope="col" { (t!("review-col-incident")) }
                            th scope="col" { (t!("review-col-status")) }
                            th scope="col" { (t!("review-col-changed")) }
                        }
                    }
                    tbody {
                        @for review in reviews {
                            tr {
                                td { a href=(format!("/teams/{}/reviews/{}", team.slug, review.id)) { (review.title) } }
                                td { (review.incident_title) }
                                td { (status_badge(review.status)) @if review.is_public() && review.status != Status::Published { " " (t!("review-list-version-public")) } }
                                td { (time_in_zone(review.updated_at, zone)) }
                            }
                        }
                    }
                }
            }
            p { a href="/reviews" { (t!("review-list-public-site")) } }
        },
    )
}

/// The preview pane: the rendered draft, the section checklist and the guidance, shown
/// in the text itself. Also the htmx fragment the editor refreshes while someone types.
/// `content` is the language the text is written in.
pub fn preview_pane(
    html_body: &SafeHtml,
    checklist: &[(String, bool)],
    body: &str,
    findings: &[Finding],
    content: Lang,
) -> Markup {
    html! {
        div #preview-pane aria-live="polite" {
            h2 { (t!("review-checklist")) }
            ul.checklist {
                @for (label, done) in checklist {
                    li class=(if *done { "done" } else { "todo" }) {
                        span.visually-hidden { (if *done { t!("review-check-done") } else { t!("review-check-todo") }) " " }
                        span aria-hidden="true" { (if *done { "✓ " } else { "○ " }) }
                        (label)
                    }
                }
            }
            h2 { (t!("review-suggestions")) }
            @if findings.is_empty() {
                p.muted { (t!("review-suggestions-none")) }
            } @else {
                p.muted { (t!("review-suggestions-count", count = findings.len())) }
                div.guided-text lang=(content.code()) { (guidance::views::highlighted(body, findings, "finding")) }
            }
            h2 { (t!("review-preview")) }
            div.review-body.preview lang=(content.code()) { (html_body) }
        }
    }
}

/// The fields of a review's or a translation's text.
#[derive(Clone, Copy)]
struct TextForm<'a> {
    /// Where it is saved; the preview is at `{action}/preview`.
    action: &'a str,
    title: &'a str,
    body: &'a str,
    title_label: &'a str,
    body_label: &'a str,
    /// The language the text is written in.
    content: Lang,
}

/// The title and Markdown fields of a review or a translation, with the live preview.
fn text_form(context: &PageContext, form: &TextForm<'_>, error: Option<&FormError>) -> Markup {
    let TextForm {
        action,
        title,
        body,
        title_label,
        body_label,
        content,
    } = *form;
    html! {
        form.stacked #review-form method="post" action=(action) lang=[(content != i18n::current()).then_some(content.code())] {
            (csrf_field(&context.csrf_token))
            (layout::Field::new("title", title_label, "text").value(title).error_from(error).render())
            label for="body_markdown" { (body_label) }
            textarea #body_markdown name="body_markdown" rows="30"
                hx-post=(format!("{action}/preview")) hx-trigger="input changed delay:600ms"
                hx-target="#preview-pane" hx-swap="outerHTML" hx-include="#review-form" { (body) }
            div.actions lang=(i18n::current().code()) {
                button type="submit" { (t!("review-save")) }
                button.secondary type="submit" formaction=(format!("{action}/preview")) { (t!("review-preview")) }
            }
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
    pub translations: &'a [Translation],
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
                a href=(format!("/teams/{}/reviews", page.team.slug)) { (t!("review-list-heading")) } " › "
                a href=(format!("/teams/{}/incidents/{}", page.team.slug, review.incident_id)) { (review.incident_title) }
            }
            h1 { (review.title) " " (status_badge(review.status)) }
            @if let (Some(slug), true) = (&review.slug, review.is_public()) {
                p { (t!("review-public-at")) " " a href=(format!("/reviews/{slug}")) { "/reviews/" (slug) } "." }
            }
            @if let Some(reason) = &review.retraction_reason {
                p.flash.flash-error { (t!("review-retracted-reason", reason = reason.as_str())) }
            }
            (FormError::summary(error))
            section.workflow aria-labelledby="workflow-heading" {
                h2 #workflow-heading { (t!("review-workflow")) }
                p {
                    @match review.status {
                        Status::Draft if review.is_public() => (t!("review-workflow-correction")),
                        Status::Draft => (t!("review-workflow-draft")),
                        Status::InReview => (t!("review-workflow-in-review")),
                        Status::Approved => (t!("review-workflow-approved")),
                        Status::Published => (t!("review-workflow-published")),
                        Status::Retracted => (t!("review-workflow-retracted")),
                    }
                    @if !page.reviewers.is_empty() { " " (t!("review-workflow-asked", names = page.reviewers.join(", "))) }
                    @if let Some(by) = &review.approved_by { " " (t!("review-workflow-approved-by", name = by.as_str())) }
                }
                @if can_edit && review.status == Status::Draft && page.approval_required {
                    form.stacked method="post" action=(format!("{base}/submit")) {
                        (csrf_field(&context.csrf_token))
                        fieldset {
                            legend { (t!("review-ask-legend")) }
                            @let candidates: Vec<&Member> = page.members.iter().filter(|m| m.role >= TeamRole::Member && Some(m.user_id.0) != review.author_id).collect();
                            @if candidates.is_empty() {
                                p.muted { (t!("review-ask-nobody")) }
                            }
                            @for m in &candidates {
                                div.check {
                                    input type="checkbox" name="reviewers" value=(m.user_id.0) id=(format!("reviewer-{}", m.user_id.0));
                                    label for=(format!("reviewer-{}", m.user_id.0)) { (m.display_name) }
                                }
                            }
                        }
                        div { button type="submit" { (t!("review-ask-submit")) } }
                    }
                }
                @if can_edit && review.status == Status::InReview && !is_author {
                    form.inline method="post" action=(format!("{base}/approve")) {
                        (csrf_field(&context.csrf_token))
                        button type="submit" { (t!("review-approve")) }
                    }
                }
                @if review.status == Status::InReview && is_author {
                    p.muted { (t!("review-approve-not-you")) }
                }
                @if can_publish {
                    form.stacked method="post" action=(format!("{base}/publish")) {
                        (csrf_field(&context.csrf_token))
                        @if review.revisions > 0 {
                            (layout::Field::new("change_note", &t!("review-change-note-label"), "text")
                                .hint(&t!("review-change-note-hint"))
                                .error_from(error).render())
                        }
                        div { button type="submit" { (t!("review-publish")) } }
                    }
                }
                @if can_edit && review.is_public() {
                    details {
                        summary { (t!("review-retract-summary")) }
                        form.stacked method="post" action=(format!("{base}/retract")) {
                            (csrf_field(&context.csrf_token))
                            (layout::Field::new("reason", &t!("review-retract-reason-label"), "text").error_from(error).render())
                            div { button.danger type="submit" data-confirm=(t!("review-retract-confirm")) { (t!("review-retract")) } }
                        }
                    }
                }
            }
            div.editor {
                @if can_edit {
                    (text_form(context, &TextForm {
                        action: &base,
                        title: page.title,
                        body: page.body,
                        title_label: &t!("review-field-title"),
                        body_label: &t!("review-field-body"),
                        content: Lang::En,
                    }, error))
                } @else {
                    p.muted { (t!("review-read-only")) }
                }
                (page.preview)
            }
            (translations_section(page, &base))
            section aria-labelledby="comments-heading" {
                h2 #comments-heading { (t!("review-comments")) }
                @if page.comments.is_empty() { p.muted { (t!("review-comments-none")) } }
                ul.plain {
                    @for comment in page.comments {
                        li.card {
                            p.muted { (comment.author_name.clone().unwrap_or_else(|| t!("review-comment-someone"))) " · " (time_in_zone(comment.created_at, page.zone)) }
                            p.prewrap { (comment.body) }
                        }
                    }
                }
                @if page.role >= TeamRole::Member {
                    form.stacked method="post" action=(format!("{base}/comments")) {
                        (csrf_field(&context.csrf_token))
                        label for="comment-body" { (t!("review-comment-label")) }
                        textarea #comment-body name="body" rows="3" required {}
                        div { button.secondary type="submit" { (t!("review-comment-submit")) } }
                    }
                }
            }
            @if !page.revisions.is_empty() {
                section aria-labelledby="revisions-heading" {
                    h2 #revisions-heading { (t!("review-revisions-heading")) }
                    ol {
                        @for revision in page.revisions.iter().rev() {
                            li { (time_in_zone(revision.published_at, page.zone))
                                " — "
                                @if !revision.change_note.is_empty() { (revision.change_note) } @else { (t!("review-revision-first")) } }
                        }
                    }
                }
                section aria-labelledby="feedback-heading" {
                    h2 #feedback-heading { (t!("review-feedback-heading")) }
                    p { (t!("review-feedback-counts", clear = page.feedback.clear, unclear = page.feedback.unclear)) }
                    ul.plain {
                        @for (clear, text, at) in &page.feedback.comments {
                            li.card {
                                p.muted { (if *clear { t!("review-feedback-clear") } else { t!("review-feedback-unclear") }) " · " (time_in_zone(*at, page.zone)) }
                                p.prewrap { (text) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// Where a translation stands, in a sentence or two, for the team.
fn translation_status(translation: Option<&Translation>, review: &Review, zone: &str) -> Markup {
    html! {
        @match translation {
            None => p { (t!("review-translation-none")) },
            Some(translation) => {
                p {
                    @match translation.latest() {
                        Some(published) => {
                            (t!("review-translation-published")) " " (time_in_zone(published.published_at, zone)) "."
                            @if translation.has_unpublished_changes() { " " (t!("review-translation-unpublished-changes")) }
                        }
                        None => (t!("review-translation-draft")),
                    }
                }
                @if review.status == Status::Retracted {
                    p { (t!("review-translation-retracted")) }
                } @else if let Some((from, current)) = translation.out_of_date(review.revisions) {
                    p.flash.flash-error.translation-stale {
                        strong { (t!("review-translation-stale")) }
                        " "
                        @if from == 0 {
                            (t!("review-translation-stale-detail-draft", current = current))
                        } @else {
                            (t!("review-translation-stale-detail", from = from, current = current))
                        }
                    }
                }
            }
        }
    }
}

/// The translations part of the editor: one entry per language, with its state.
fn translations_section(page: &EditorPage<'_>, base: &str) -> Markup {
    let review = page.review;
    html! {
        section.translations aria-labelledby="translations-heading" {
            h2 #translations-heading { (t!("review-translations-heading")) }
            @for lang in super::translation::target_languages() {
                @let name = language_name(lang);
                @let translation = page.translations.iter().find(|t| t.lang == lang);
                h3 { (t!("review-translation-heading", language = name.as_str())) }
                (translation_status(translation, review, page.zone))
                p {
                    a href=(format!("{base}/translations/{}", lang.code())) {
                        @if page.role >= TeamRole::Member && review.status != Status::Retracted {
                            @if translation.is_some() {
                                (t!("review-translation-edit", language = name.as_str()))
                            } @else {
                                (t!("review-translation-start", language = name.as_str()))
                            }
                        } @else {
                            (t!("review-translation-read", language = name.as_str()))
                        }
                    }
                    @if let (Some(slug), Some(_)) = (review.slug.as_ref().filter(|_| review.is_public()), translation.and_then(Translation::latest)) {
                        " · " a href=(format!("/reviews/{slug}?lang={}", lang.code())) hreflang=(lang.code()) { (t!("review-translation-public-page")) }
                    }
                }
            }
        }
    }
}

/// Everything the translation page shows.
pub struct TranslationPage<'a> {
    pub team: &'a Team,
    pub review: &'a Review,
    pub lang: Lang,
    pub translation: Option<&'a Translation>,
    /// The title and body in the form: the saved ones, or what was sent when refused.
    pub title: &'a str,
    pub body: &'a str,
    pub preview: Markup,
    pub role: TeamRole,
    /// The English text it is translated from: (revision, Markdown).
    pub english: (i64, &'a str),
    pub zone: &'a str,
}

/// A review's translation into one language: the same editor, preview and guidance as
/// the English text, and publication without a second approval.
pub fn translation_page(
    context: &PageContext,
    page: &TranslationPage<'_>,
    error: Option<&FormError>,
) -> Markup {
    let review = page.review;
    let name = language_name(page.lang);
    let review_url = format!("/teams/{}/reviews/{}", page.team.slug, review.id);
    let base = format!("{review_url}/translations/{}", page.lang.code());
    let can_edit = page.role >= TeamRole::Member && review.status != Status::Retracted;
    let can_publish = can_edit
        && review.is_public()
        && page
            .translation
            .is_some_and(Translation::has_unpublished_changes);
    let heading = t!("review-translation-heading", language = name.as_str());
    layout::page(
        context,
        &t!(
            "review-translation-page-title",
            language = name.as_str(),
            title = review.title.as_str()
        ),
        html! {
            p.muted {
                a href=(format!("/teams/{}", page.team.slug)) { (page.team.name) } " › "
                a href=(format!("/teams/{}/reviews", page.team.slug)) { (t!("review-list-heading")) } " › "
                a href=(review_url) { (review.title) }
            }
            h1 { (heading) }
            (FormError::summary(error))
            section.workflow aria-labelledby="workflow-heading" {
                h2 #workflow-heading { (t!("review-workflow")) }
                (translation_status(page.translation, review, page.zone))
                p { (t!("review-translation-no-approval", language = name.as_str())) }
                @if can_edit && !review.is_public() {
                    p.muted { (t!("review-translation-needs-english")) }
                }
                @if can_publish {
                    form.inline method="post" action=(format!("{base}/publish")) {
                        (csrf_field(&context.csrf_token))
                        button type="submit" { (t!("review-translation-publish", language = name.as_str())) }
                    }
                }
                @if let (Some(slug), Some(_)) = (review.slug.as_ref().filter(|_| review.is_public()), page.translation.and_then(Translation::latest)) {
                    p { a href=(format!("/reviews/{slug}?lang={}", page.lang.code())) hreflang=(page.lang.code()) { (t!("review-translation-public-page")) } }
                }
            }
            div.editor {
                @if can_edit {
                    (text_form(context, &TextForm {
                        action: &base,
                        title: page.title,
                        body: page.body,
                        title_label: &t!("review-translation-field-title", language = name.as_str()),
                        body_label: &t!("review-translation-field-body", language = name.as_str()),
                        content: page.lang,
                    }, error))
                } @else {
                    p.muted { (t!("review-translation-read-only")) }
                    @if let Some(translation) = page.translation {
                        h2 lang=(page.lang.code()) { (translation.title) }
                    }
                }
                (page.preview)
            }
            section aria-labelledby="english-heading" {
                h2 #english-heading {
                    @if page.english.0 > 0 {
                        (t!("review-translation-english", revision = page.english.0))
                    } @else {
                        (t!("review-translation-english-draft"))
                    }
                }
                details {
                    summary { (t!("review-translation-english-show")) }
                    pre.prewrap lang="en" { (page.english.1) }
                }
            }
            @if let Some(translation) = page.translation.filter(|t| !t.revisions.is_empty()) {
                section aria-labelledby="translation-history-heading" {
                    h2 #translation-history-heading { (t!("review-translation-history")) }
                    ol {
                        @for revision in translation.revisions.iter().rev() {
                            li {
                                (time_in_zone(revision.published_at, page.zone)) " — "
                                @if revision.source_revision == 0 {
                                    (t!("review-translation-history-item-draft"))
                                } @else {
                                    (t!("review-translation-history-item", source = revision.source_revision))
                                }
                                @if let Some(by) = &revision.published_by { " · " (by) }
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
        h2 #review-settings { (t!("review-settings-heading")) }
        form.stacked.card method="post" action=(format!("/teams/{}/review-settings", team.slug)) {
            (csrf_field(&context.csrf_token))
            div.check {
                input #approval_required type="checkbox" name="approval_required" value="on" checked[settings.approval_required];
                label for="approval_required" { (t!("review-settings-approval")) }
            }
            label for="internal_names" { (t!("review-settings-internal-names")) }
            textarea #internal_names name="internal_names" rows="4" { (settings.internal_names) }
            label for="blame_phrases" { (t!("review-settings-blame-phrases")) }
            textarea #blame_phrases name="blame_phrases" rows="3" { (settings.blame_phrases) }
            div { button type="submit" { (t!("review-settings-save")) } }
        }
        p { a href=(format!("/teams/{}/reviews", team.slug)) { (t!("review-settings-team-reviews")) } }
    }
}

pub fn site_settings_page(
    context: &PageContext,
    site: &SiteSettings,
    subscribers: Option<i64>,
    error: Option<&FormError>,
) -> Markup {
    let title = t!("review-site-title");
    layout::narrow_page(
        context,
        &title,
        html! {
            h1 { (title) }
            p { (t!("review-site-intro-before")) " " a href="/reviews" { "/reviews" } " " (t!("review-site-intro-after")) }
            (FormError::summary(error))
            form.stacked method="post" action="/admin/site" {
                (csrf_field(&context.csrf_token))
                (layout::Field::new("name", &t!("review-site-name"), "text").value(&site.name).error_from(error).render())
                (layout::Field::new("logo_url", &t!("review-site-logo"), "url").value(&site.logo_url).error_from(error).render())
                (layout::Field::new("accent", &t!("review-site-accent"), "color").value(&site.accent).error_from(error).render())
                div { button type="submit" { (t!("review-save")) } }
            }
            @if let Some(count) = subscribers { (crate::email::views::subscriber_count(count)) }
        },
    )
}

fn utc_time(time: DateTime<Utc>) -> Markup {
    html! {
        time datetime=(time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)) { (i18n::date_time_utc(time)) }
    }
}

fn utc_date(time: DateTime<Utc>) -> Markup {
    html! {
        time datetime=(time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)) { (i18n::date(time.date_naive())) }
    }
}

/// Links to the other languages a page can be read in, each named in its own language.
/// `alternates` lists every language with its address; `shown` is the one on screen.
fn language_switch(alternates: &[(Lang, String)], shown: Lang) -> Markup {
    html! {
        @let others: Vec<&(Lang, String)> = alternates.iter().filter(|(lang, _)| *lang != shown).collect();
        @if !others.is_empty() {
            p.language-switch {
                @for (lang, url) in others {
                    a href=(url) hreflang=(lang.code()) lang=(lang.code()) { (i18n::text_in(*lang, "review-public-read-in", &[])) }
                    " "
                }
            }
        }
    }
}

/// A page of the public site that is not a review (the email subscription pages): the
/// same frame, with extra `head` elements.
pub fn public_site_page(site: &SiteSettings, title: &str, head: Markup, content: Markup) -> Markup {
    let frame = PublicFrame {
        title,
        head,
        alternates: &[],
    };
    public_document(site, frame, content)
}

/// What the public page frame needs besides its content.
struct PublicFrame<'a> {
    title: &'a str,
    head: Markup,
    /// Every language the page can be read in, with its address, for `hreflang` links.
    alternates: &'a [(Lang, String)],
}

/// The public site's page frame: no scripts, the site's name, logo and colour, in the
/// current language.
fn public_document(site: &SiteSettings, frame: PublicFrame<'_>, content: Markup) -> Markup {
    let lang = i18n::current();
    let feed = super::public::feed_path(lang);
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (frame.title) " · " (site.name) }
                link rel="icon" href=(assets::url("icon.svg")) type="image/svg+xml";
                link rel="stylesheet" href=(assets::url("style.css"));
                link rel="stylesheet" href="/reviews/site.css";
                @if lang == Lang::En {
                    link rel="alternate" type="application/atom+xml" title=(t!("review-public-feed-title", site = site.name.as_str())) href="/reviews/feed.atom";
                } @else {
                    link rel="alternate" type="application/atom+xml" hreflang="en"
                        title=(t!("review-public-feed-title-in", site = site.name.as_str(), language = language_name(Lang::En))) href="/reviews/feed.atom";
                    link rel="alternate" type="application/atom+xml" hreflang=(lang.code())
                        title=(t!("review-public-feed-title-in", site = site.name.as_str(), language = language_name(lang))) href=(feed);
                }
                @if frame.alternates.len() > 1 {
                    @for (alternate, url) in frame.alternates {
                        link rel="alternate" hreflang=(alternate.code()) href=(url);
                    }
                }
                (frame.head)
            }
            body.public {
                a.skip-link href="#main" { (t!("skip-to-content")) }
                header.site-header {
                    nav aria-label=(t!("review-public-nav")) {
                        a.brand href="/reviews" {
                            @if !site.logo_url.is_empty() { img.logo src=(site.logo_url) alt="" width="28" height="28"; " " }
                            (site.name)
                        }
                        ul.nav-links { li { a href=(feed) { (t!("review-public-feed")) } } }
                    }
                }
                main #main { (content) }
                footer.site-footer {
                    p {
                        (t!("review-public-subscribe-before")) " " a href=(feed) { (t!("review-public-atom-feed")) } (t!("review-public-subscribe-after"))
                        @if site.email_subscriptions { " " (crate::email::views::subscribe_link()) }
                    }
                }
            }
        }
    }
}

fn impact(review: &PublicReview) -> Markup {
    html! {
        dl.impact {
            dt { (t!("review-public-impact-window")) }
            dd {
                @match (review.impact_start, review.impact_end) {
                    (Some(start), Some(end)) => {
                        (utc_time(start)) " " (t!("review-public-impact-to")) " " (utc_time(end))
                        " (" (human_duration((end - start).num_seconds())) ")"
                    }
                    (Some(start), None) => { (t!("review-public-impact-from")) " " (utc_time(start)) }
                    _ => (t!("review-public-impact-in-text")),
                }
            }
            @if !review.services.is_empty() {
                dt { (t!("review-public-affected")) }
                dd { (review.services.join(", ")) }
            }
        }
    }
}

/// A published review: the original, or its `translation`, in the current language's
/// words. The review's own text is marked with its language when the two differ.
pub fn public_review_page(
    site: &SiteSettings,
    review: &PublicReview,
    translation: Option<&PublicTranslation>,
    base: Option<&str>,
) -> Markup {
    let chrome = i18n::current();
    let content = translation.map_or(Lang::En, |t| t.lang);
    let (title, summary, body_html, published_at, updated_at) = match translation {
        Some(t) => (
            &t.title,
            &t.summary,
            &t.body_html,
            t.published_at,
            t.updated_at,
        ),
        None => (
            &review.title,
            &review.summary,
            &review.body_html,
            review.published_at,
            review.updated_at,
        ),
    };
    let path = translation.map_or_else(|| format!("/reviews/{}", review.slug), |t| t.url.clone());
    let url = base.map(|b| format!("{}{path}", b.trim_end_matches('/')));
    let alternates = review.alternates();
    // The switch leads to a page wholly in the other language (the plain address's words
    // follow the reader's browser); the `hreflang` links keep the canonical address.
    let mut switch = alternates.clone();
    if let Some(original) = switch.iter_mut().find(|(lang, _)| *lang == Lang::En) {
        original.1 = format!("/reviews/{}?lang=en", review.slug);
    }
    let is_updated = match translation {
        Some(t) => t.updated_at > t.published_at,
        None => review.revision > 1,
    };
    let content_lang = (content != chrome).then_some(content.code());
    let head = html! {
        meta name="description" content=(summary);
        meta property="og:type" content="article";
        meta property="og:title" content=(title);
        meta property="og:description" content=(summary);
        meta property="og:site_name" content=(site.name);
        @if content != Lang::En { meta property="og:locale" content=(content.code()); }
        @if let Some(url) = &url {
            meta property="og:url" content=(url);
            link rel="canonical" href=(url);
        }
        meta property="article:published_time" content=(published_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        meta property="article:modified_time" content=(updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        meta name="twitter:card" content="summary";
        meta name="twitter:title" content=(title);
        meta name="twitter:description" content=(summary);
    };
    let query = translation.map_or(String::new(), |t| format!("?lang={}", t.lang.code()));
    public_document(
        site,
        PublicFrame {
            title,
            head,
            alternates: &alternates,
        },
        html! {
            article.review {
                h1 lang=[content_lang] { (title) }
                (language_switch(&switch, content))
                @if translation.is_none() && chrome != Lang::En && review.translation(chrome).is_none() {
                    p.muted { (t!("review-public-original-only", language = language_name(Lang::En))) }
                }
                p.muted {
                    (t!("review-public-published")) " " (utc_date(published_at))
                    @if is_updated {
                        " · " (t!("review-public-updated")) " " (utc_date(updated_at))
                    }
                }
                @if let Some(translation) = translation {
                    p.muted {
                        @if translation.translated_from_revision == 0 {
                            (t!("review-public-translated-from-draft", language = language_name(Lang::En)))
                        } @else {
                            (t!("review-public-translated-from", language = language_name(Lang::En), revision = translation.translated_from_revision))
                        }
                    }
                    @if super::translation::is_behind(translation.translated_from_revision, review.revision) {
                        p.translation-stale {
                            (t!("review-public-translation-behind")) " "
                            a href=(format!("/reviews/{}?lang=en", review.slug)) hreflang="en" { (t!("review-public-read-original")) }
                        }
                    }
                }
                (impact(review))
                // Rendered at publication; sanitized again here, in case the database was
                // edited by hand.
                div.review-body lang=[content_lang] { (SafeHtml::sanitize(body_html)) }
                @if translation.is_none() && review.revisions.len() > 1 {
                    section.revisions aria-labelledby="revisions-heading" {
                        h2 #revisions-heading { (t!("review-public-revisions")) }
                        ul {
                            @for revision in &review.revisions {
                                li {
                                    @if revision.change_note.is_empty() { (t!("review-public-published")) " " (utc_date(revision.published_at)) }
                                    @else { (t!("review-public-updated")) " " (utc_date(revision.published_at)) ": " span lang=[content_lang] { (revision.change_note) } }
                                }
                            }
                        }
                    }
                }
            }
            section.feedback #feedback aria-labelledby="feedback-heading" {
                h2 #feedback-heading { (t!("review-public-feedback-question")) }
                form.stacked method="post" action=(format!("/reviews/{}/feedback{query}", review.slug)) {
                    fieldset {
                        legend { (t!("review-public-feedback-answer")) }
                        div.check { input #clear-yes type="radio" name="clear" value="yes" required; label for="clear-yes" { (t!("review-public-feedback-yes")) } }
                        div.check { input #clear-no type="radio" name="clear" value="no"; label for="clear-no" { (t!("review-public-feedback-no")) } }
                    }
                    label for="feedback-comment" { (t!("review-public-feedback-comment")) }
                    textarea #feedback-comment name="comment" rows="3" maxlength=(super::public::MAX_FEEDBACK_CHARS) {}
                    // A trap for bots: hidden from people and from screen readers.
                    div.trap aria-hidden="true" {
                        label for="feedback-website" { (t!("review-public-feedback-trap")) }
                        input #feedback-website type="text" name="website" tabindex="-1" autocomplete="off";
                    }
                    div { button type="submit" { (t!("review-public-feedback-send")) } }
                }
            }
        },
    )
}

/// The page that replaces a retracted review, in every language it was published in.
pub fn retracted_page(site: &SiteSettings, title: &str, at: DateTime<Utc>, reason: &str) -> Markup {
    public_document(
        site,
        PublicFrame {
            title: &t!("review-public-retracted-title", title = title),
            head: html! { meta name="robots" content="noindex"; },
            alternates: &[],
        },
        html! {
            h1 { (t!("review-public-retracted-heading")) }
            p { (t!("review-public-withdrawn", title = title, date = i18n::date(at.date_naive()))) }
            p { strong { (t!("review-public-reason")) } " " span lang=[(i18n::current() != Lang::En).then_some("en")] { (reason) } }
            p { a href="/reviews" { (t!("review-public-all")) } }
        },
    )
}

/// `?lang=` names a language the review was not published in (404).
pub fn translation_missing_page(site: &SiteSettings, review: &PublicReview, lang: Lang) -> Markup {
    let name = language_name(lang);
    let title = t!(
        "review-public-no-translation-title",
        language = name.as_str()
    );
    public_document(
        site,
        PublicFrame {
            title: &title,
            head: html! { meta name="robots" content="noindex"; },
            alternates: &[],
        },
        html! {
            h1 { (title) }
            p { (t!("review-public-no-translation", language = name.as_str())) }
            p { a href=(format!("/reviews/{}?lang=en", review.slug)) hreflang="en" lang="en" { (review.title) } }
            p { a href="/reviews" { (t!("review-public-all")) } }
        },
    )
}

/// `?lang=` names a language Hindsight does not speak (404): the ones there are.
pub fn unknown_language_page(
    site: &SiteSettings,
    asked: &str,
    alternates: &[(Lang, String)],
) -> Markup {
    let title = t!("review-public-unknown-language-title");
    public_document(
        site,
        PublicFrame {
            title: &title,
            head: html! { meta name="robots" content="noindex"; },
            alternates: &[],
        },
        html! {
            h1 { (title) }
            p { (t!("review-public-unknown-language", asked = asked)) }
            ul {
                @for (lang, url) in alternates {
                    li { a href=(url) hreflang=(lang.code()) lang=(lang.code()) { (lang.native_name()) } }
                }
            }
        },
    )
}

pub fn feedback_thanks(site: &SiteSettings, review: &PublicReview, content: Lang) -> Markup {
    let back = match content {
        Lang::En => format!("/reviews/{}", review.slug),
        lang => format!("/reviews/{}?lang={}", review.slug, lang.code()),
    };
    public_document(
        site,
        PublicFrame {
            title: &t!("review-public-thanks"),
            head: html! {},
            alternates: &[],
        },
        html! {
            h1 { (t!("review-public-thanks")) }
            p { (t!("review-public-thanks-detail")) }
            p { a href=(back) { (t!("review-public-back")) } }
        },
    )
}

/// The index's filters, as the reader set them.
pub struct IndexFilters<'a> {
    /// `YYYY-MM`, newest first.
    pub months: &'a [String],
    pub services: &'a [String],
    pub month: &'a str,
    pub service: &'a str,
    /// The language the address asked for with `?lang=`, kept when filtering.
    pub chosen: Option<Lang>,
}

pub fn public_index(
    site: &SiteSettings,
    reviews: &[PublicReview],
    filters: &IndexFilters<'_>,
) -> Markup {
    let lang = i18n::current();
    let alternates: Vec<(Lang, String)> = Lang::ALL
        .into_iter()
        .map(|l| (l, format!("/reviews?lang={}", l.code())))
        .collect();
    public_document(
        site,
        PublicFrame {
            title: &t!("review-public-index-title"),
            head: html! { meta name="description" content=(t!("review-public-index-description", site = site.name.as_str())); },
            alternates: &[],
        },
        html! {
            h1 { (site.name) }
            (language_switch(&alternates, lang))
            p { (t!("review-public-index-intro")) }
            form.filters method="get" action="/reviews" {
                @if let Some(chosen) = filters.chosen { input type="hidden" name="lang" value=(chosen.code()); }
                div {
                    label for="month" { (t!("review-public-month")) }
                    select #month name="month" {
                        option value="" { (t!("review-public-all-months")) }
                        @for m in filters.months {
                            @let label = chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").map_or_else(|_| m.clone(), i18n::month);
                            option value=(m) selected[m == filters.month] { (label) }
                        }
                    }
                }
                div {
                    label for="service" { (t!("review-public-service")) }
                    select #service name="service" {
                        option value="" { (t!("review-public-all-services")) }
                        @for s in filters.services { option value=(s) selected[s == filters.service] { (s) } }
                    }
                }
                div { button type="submit" { (t!("review-public-filter")) } }
            }
            @if reviews.is_empty() { p { (t!("review-public-none")) } }
            ol.review-list {
                @for review in reviews {
                    li {
                        @match review.translation(lang) {
                            Some(translation) => {
                                h2 { a href=(translation.url) { (translation.title) } }
                                p.muted {
                                    (utc_date(translation.published_at))
                                    @if !review.services.is_empty() { " · " (review.services.join(", ")) }
                                    @if translation.updated_at > translation.published_at { " · " (t!("review-public-updated-lower")) " " (utc_date(translation.updated_at)) }
                                    " · " a href=(format!("/reviews/{}?lang=en", review.slug)) hreflang="en" lang="en" { (i18n::text_in(Lang::En, "review-public-read-in", &[])) }
                                }
                                p { (translation.summary) }
                            }
                            None => {
                                @let content_lang = (lang != Lang::En).then_some("en");
                                h2 { a href=(format!("/reviews/{}", review.slug)) lang=[content_lang] { (review.title) } }
                                p.muted {
                                    (utc_date(review.published_at))
                                    @if !review.services.is_empty() { " · " (review.services.join(", ")) }
                                    @if review.revision > 1 { " · " (t!("review-public-updated-lower")) " " (utc_date(review.updated_at)) }
                                    @for translation in &review.translations {
                                        " · " a href=(translation.url) hreflang=(translation.language) lang=(translation.language) { (i18n::text_in(translation.lang, "review-public-read-in", &[])) }
                                    }
                                }
                                p lang=[content_lang] { (review.summary) }
                            }
                        }
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
            h3 { (t!("review-reader-feedback-heading")) }
            @for (title, summary) in reviews {
                p { strong { (title) } ": " (t!("review-feedback-counts", clear = summary.clear, unclear = summary.unclear)) }
                @if !summary.comments.is_empty() {
                    ul {
                        @for (_, text, _) in summary.comments.iter().take(5) { li.prewrap { (text) } }
                    }
                }
            }
        }
    }
}
