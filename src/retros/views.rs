//! The meeting page and the pieces of it that change live. One function per piece: the
//! full page, the redirect after a form and the live stream all call the same ones, so
//! they cannot drift apart.

use maud::{Markup, html};

use super::{Board, Card, Note, Phase, Prompt, Retro, Theme, Viewer};
use crate::accounts::teams::{Member, Team};
use crate::actions::{ActionItem, ActionType};
use crate::guidance;
use crate::incidents::review::human_duration;
use crate::incidents::{Incident, TimelineEntry};
use crate::t;
use crate::web::PageContext;
use crate::web::layout::{self, csrf_field, time_in_zone};
use crate::web::sentence::sentence;

/// What the page shows beside the board.
pub struct PageExtras<'a> {
    pub team: &'a Team,
    pub incident: &'a Incident,
    pub entries: &'a [TimelineEntry],
    pub open_actions: &'a [ActionItem],
    pub members: &'a [Member],
    pub my_votes: &'a [i64],
    pub present: &'a [String],
    pub zone: &'a str,
    pub now: chrono::DateTime<chrono::Utc>,
    /// The incident's communication review, shown beside the customer-communication lens.
    pub communication: Option<&'a crate::incidents::review::CommunicationReview>,
    /// What readers said about the incident's public reviews, for the same lens.
    pub reader_feedback: &'a [(String, crate::reviews::FeedbackSummary)],
}

pub fn base_url(team: &str, retro: &Retro) -> String {
    format!("/teams/{team}/retros/{}", retro.id.0)
}

pub fn retro_page(
    context: &PageContext,
    board: &Board,
    viewer: &Viewer,
    extras: &PageExtras<'_>,
) -> Markup {
    let retro = &board.retro;
    let base = base_url(&extras.team.slug, retro);
    layout::page(
        context,
        &t!(
            "retro-page-title",
            incident = extras.incident.title.as_str()
        ),
        html! {
            p.muted {
                a href=(format!("/teams/{}", extras.team.slug)) { (extras.team.name) } " › "
                a href=(format!("/teams/{}/incidents/{}", extras.team.slug, extras.incident.id.0)) { (extras.incident.title) }
                " › " (t!("retro-breadcrumb"))
            }
            h1 { (t!("retro-heading", incident = extras.incident.title.as_str())) }
            p.muted {
                (retro.template_name) " · " (t!("retro-facilitated-by", name = retro.facilitator_name.as_str()))
                @if retro.is_anonymous { " · " (t!("retro-anonymous-cards")) }
                " · " (t!("retro-votes-each", count = retro.vote_limit))
            }
            div.retro-live data-live=(format!("{base}/events")) {
                (phase_bar(context, retro, viewer, &base))
                (presence(extras.present))
                (board_region(context, board, viewer, extras))
            }
        },
    )
}

fn phase_bar(context: &PageContext, retro: &Retro, viewer: &Viewer, base: &str) -> Markup {
    html! {
        nav.phases aria-label=(t!("retro-phases-label")) {
            ol {
                @for phase in Phase::ALL {
                    li aria-current=[(phase == retro.phase).then_some("step")] class=[(phase == retro.phase).then_some("current")] {
                        (phase.title())
                    }
                }
            }
        }
        @if viewer.is_facilitator && viewer.is_participant && retro.phase != Phase::Closed {
            div.facilitator-controls {
                @if let Some(previous) = retro.phase.previous() {
                    (phase_button(context, base, previous, &t!("retro-phase-back", phase = previous.title()), true))
                }
                @if let Some(next) = retro.phase.next() {
                    (phase_button(context, base, next, &t!("retro-phase-next", phase = next.title()), false))
                }
                @if retro.is_anonymous && !retro.is_revealed && matches!(retro.phase, Phase::Reflect | Phase::Group) {
                    form.inline method="post" action=(format!("{base}/reveal")) {
                        (csrf_field(&context.csrf_token))
                        button.secondary type="submit" { (t!("retro-reveal-cards")) }
                    }
                }
            }
        }
    }
}

fn phase_button(
    context: &PageContext,
    base: &str,
    phase: Phase,
    label: &str,
    secondary: bool,
) -> Markup {
    html! {
        form.inline method="post" action=(format!("{base}/phase")) {
            (csrf_field(&context.csrf_token))
            input type="hidden" name="phase" value=(phase.as_str());
            button class=[secondary.then_some("secondary")] type="submit" { (label) }
        }
    }
}

/// Who has the meeting open now.
pub fn presence(names: &[String]) -> Markup {
    html! {
        p #presence.muted aria-live="polite" {
            @if names.is_empty() {
                (t!("retro-present", names = t!("retro-present-nobody")))
            } @else {
                (t!("retro-present", names = names.join(", ")))
            }
        }
    }
}

/// The phase's own content: the part that is sent again when a stream (re)connects.
pub fn board_region(
    context: &PageContext,
    board: &Board,
    viewer: &Viewer,
    extras: &PageExtras<'_>,
) -> Markup {
    let retro = &board.retro;
    let base = base_url(&extras.team.slug, retro);
    html! {
        section #board aria-labelledby="phase-title" {
            h2 #phase-title { (retro.phase.title()) }
            div.card.script {
                @if viewer.is_facilitator { p { strong { (t!("retro-facilitator-label")) } " " (retro.phase.facilitator_script()) } }
                p { (retro.phase.instructions()) }
                @if let Some(minutes) = retro.phase_minutes {
                    @let ends = retro.phase_started_at + chrono::Duration::minutes(minutes);
                    p.muted {
                        (t!("retro-time-box", minutes = minutes)) " "
                        @if ends > extras.now {
                            (sentence(&t!("retro-time-box-ends", time = "{0}"), &[time_in_zone(ends, extras.zone)]))
                        } @else { (t!("retro-time-box-up")) }
                    }
                }
            }
            @if !viewer.is_participant { p.muted { (t!("retro-watching")) } }
            @match retro.phase {
                Phase::Prepare => (prepare(extras)),
                Phase::Timeline => (timeline(context, board, viewer, extras, &base)),
                Phase::Reflect => {
                    @if let Some(review) = extras.communication {
                        (crate::incidents::views::communication_review(review, extras.zone))
                        (crate::reviews::views::reader_feedback(extras.reader_feedback))
                    }
                    (reflect(context, board, viewer, &base))
                }
                Phase::Group => (group(context, board, viewer, &base)),
                Phase::Vote => (vote(context, board, viewer, extras, &base)),
                Phase::Discuss => (discuss(context, board, viewer, extras, &base)),
                Phase::Actions => (actions_phase(context, board, viewer, extras, &base)),
                Phase::Closed => (summary(board, extras, &base)),
            }
        }
    }
}

fn prepare(extras: &PageExtras<'_>) -> Markup {
    html! {
        h3 { (t!("retro-agenda")) }
        ol {
            @for phase in &Phase::ALL[1..] { li { strong { (phase.title()) } ": " (phase.instructions()) } }
        }
        h3 { (t!("retro-ground-rules")) }
        ul {
            li { (t!("retro-rule-system")) }
            li { (t!("retro-rule-questions")) }
            li { (t!("retro-rule-best")) }
            li { (t!("retro-rule-conditions")) }
        }
        h3 { (t!("retro-follow-through")) }
        @if extras.open_actions.is_empty() {
            p { (t!("retro-no-open-actions")) }
        } @else {
            (action_table(extras.open_actions, true))
        }
    }
}

fn timeline(
    context: &PageContext,
    board: &Board,
    viewer: &Viewer,
    extras: &PageExtras<'_>,
    base: &str,
) -> Markup {
    html! {
        p {
            (t!("retro-timeline-missing")) " "
            a href=(format!("/teams/{}/incidents/{}#add-entry", extras.team.slug, extras.incident.id.0)) { (t!("retro-timeline-add")) }
            "."
        }
        ol.timeline #retro-timeline {
            @for entry in extras.entries {
                li #(format!("retro-entry-{}", entry.id.0)) {
                    div.entry-meta {
                        (time_in_zone(entry.occurred_at, extras.zone))
                        span.kind { (entry.kind) }
                        @if let Some(actor) = &entry.actor { span { (actor) } }
                    }
                    p.entry-text { (entry.text) }
                    ul.questions #(format!("questions-{}", entry.id.0)) {
                        @for question in board.questions.iter().filter(|q| q.entry_id == entry.id.0) {
                            li { "❓ " (question.text) " — " (question.author_name) }
                        }
                    }
                    @if viewer.is_participant {
                        details.edit {
                            summary { (t!("retro-ask-question")) span.visually-hidden { " " (t!("retro-ask-question-about", time = crate::i18n::date_time_utc(entry.occurred_at))) } }
                            form.stacked method="post" action=(format!("{base}/questions")) {
                                (csrf_field(&context.csrf_token))
                                input type="hidden" name="entry_id" value=(entry.id.0);
                                label for=(format!("question-{}", entry.id.0)) { (t!("retro-your-question")) }
                                textarea id=(format!("question-{}", entry.id.0)) name="text" required {}
                                div { button type="submit" { (t!("retro-attach-question")) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn reflect(context: &PageContext, board: &Board, viewer: &Viewer, base: &str) -> Markup {
    html! {
        div.prompts {
            @for prompt in &board.prompts {
                (prompt_column(context, board, viewer, prompt, base))
            }
        }
    }
}

fn prompt_column(
    context: &PageContext,
    board: &Board,
    viewer: &Viewer,
    prompt: &Prompt,
    base: &str,
) -> Markup {
    let retro = &board.retro;
    html! {
        section.prompt aria-labelledby=(format!("prompt-{}-title", prompt.id)) {
            h3 #(format!("prompt-{}-title", prompt.id)) { (prompt.title) }
            @if !prompt.description.is_empty() { p.muted { (prompt.description) } }
            (prompt_count(prompt.id, board.count_in(prompt.id)))
            ul.cards #(format!("prompt-{}-cards", prompt.id)) {
                @for card in board.cards.iter().filter(|c| c.prompt_id == prompt.id) {
                    @if card.text_for(retro, Some(viewer.user_id)).is_some() {
                        (card_item(context, card, retro, viewer, base))
                    }
                }
            }
            @if viewer.is_participant {
                form.stacked method="post" action=(format!("{base}/cards")) {
                    (csrf_field(&context.csrf_token))
                    input type="hidden" name="prompt_id" value=(prompt.id);
                    label for=(format!("new-card-{}", prompt.id)) { (t!("retro-add-card-label", prompt = prompt.title.as_str())) }
                    textarea id=(format!("new-card-{}", prompt.id)) name="text" rows="2" required {}
                    div { button type="submit" { (t!("retro-add-card")) } }
                }
            }
        }
    }
}

pub fn prompt_count(prompt_id: i64, count: usize) -> Markup {
    html! {
        p.card-count #(format!("prompt-{prompt_id}-count")) aria-live="polite" {
            (t!("retro-card-count", count = count))
        }
    }
}

/// One card, as `viewer` may see it (callers check the text is visible first).
pub fn card_item(
    context: &PageContext,
    card: &Card,
    retro: &Retro,
    viewer: &Viewer,
    base: &str,
) -> Markup {
    let text = card.text_for(retro, Some(viewer.user_id)).unwrap_or("");
    let is_own = card.author_id == viewer.user_id;
    html! {
        li.retro-card #(format!("card-{}", card.id)) data-append=(format!("prompt-{}-cards", card.prompt_id)) {
            @let findings = if is_own { guidance::check(text, guidance::Audience::Team, guidance::Lang::Auto, &guidance::CustomRules::from_lines(&retro.team_blame_phrases, "")) } else { Vec::new() };
            // Only the author sees suggestions on their own words.
            p { (guidance::views::highlighted(text, &findings, &format!("card-{}-finding", card.id))) }
            @if let Some(author) = card.author_for(retro) { p.muted { "— " (author) } }
            @else if is_own { p.muted { (t!("retro-card-by-you")) } }
            @if !findings.is_empty() {
                p.suggestion { "💡 " (findings[0].suggestion) span.muted { " " (t!("retro-suggestion-more")) } }
            }
            @if card.can_edit(viewer) && (retro.phase == Phase::Reflect || (viewer.is_facilitator && retro.phase != Phase::Closed)) {
                details.edit {
                    summary { (t!("retro-edit-card")) }
                    form.stacked method="post" action=(format!("{base}/cards/{}", card.id)) {
                        (csrf_field(&context.csrf_token))
                        label for=(format!("card-text-{}", card.id)) { (t!("retro-card-text")) }
                        textarea id=(format!("card-text-{}", card.id)) name="text" required { (text) }
                        div { button type="submit" { (t!("retro-save-card")) } }
                    }
                    form.inline method="post" action=(format!("{base}/cards/{}/delete", card.id)) {
                        (csrf_field(&context.csrf_token))
                        button.secondary type="submit" data-confirm=(t!("retro-delete-card-confirm")) { (t!("retro-delete-card")) }
                    }
                }
            }
        }
    }
}

fn group(context: &PageContext, board: &Board, viewer: &Viewer, base: &str) -> Markup {
    let retro = &board.retro;
    let hidden = retro.is_anonymous && !retro.is_revealed;
    html! {
        @if hidden {
            p { (t!("retro-cards-hidden")) }
            @for prompt in &board.prompts { (prompt_count(prompt.id, board.count_in(prompt.id))) }
        } @else {
            @if viewer.is_participant {
                form.stacked.card method="post" action=(format!("{base}/themes")) {
                    (csrf_field(&context.csrf_token))
                    label for="new-theme" { (t!("retro-new-theme")) }
                    input #new-theme type="text" name="title" required;
                    div { button type="submit" { (t!("retro-create-theme")) } }
                }
            }
            @for theme in &board.themes {
                section.theme #(format!("theme-{}", theme.id)) {
                    h3 { (theme.title) }
                    @if viewer.is_participant {
                        form.inline method="post" action=(format!("{base}/themes/{}", theme.id)) {
                            (csrf_field(&context.csrf_token))
                            label.visually-hidden for=(format!("theme-title-{}", theme.id)) { (t!("retro-rename-theme-label", theme = theme.title.as_str())) }
                            input id=(format!("theme-title-{}", theme.id)) type="text" name="title" value=(theme.title) required;
                            button.secondary type="submit" { (t!("retro-rename")) }
                        }
                    }
                    ul.cards { @for card in board.cards.iter().filter(|c| c.theme_id == Some(theme.id)) { (grouped_card(context, board, viewer, card, base)) } }
                }
            }
            section.theme #ungrouped {
                h3 { (t!("retro-ungrouped")) }
                ul.cards { @for card in board.cards.iter().filter(|c| c.theme_id.is_none()) { (grouped_card(context, board, viewer, card, base)) } }
            }
        }
    }
}

fn grouped_card(
    context: &PageContext,
    board: &Board,
    viewer: &Viewer,
    card: &Card,
    base: &str,
) -> Markup {
    let retro = &board.retro;
    html! {
        li.retro-card #(format!("card-{}", card.id)) draggable=[viewer.is_participant.then_some("true")] data-card=(card.id) {
            p { (card.text_for(retro, Some(viewer.user_id)).unwrap_or("")) }
            @if let Some(author) = card.author_for(retro) { p.muted { "— " (author) } }
            @if viewer.is_participant {
                form.inline method="post" action=(format!("{base}/cards/{}/theme", card.id)) {
                    (csrf_field(&context.csrf_token))
                    label.visually-hidden for=(format!("card-theme-{}", card.id)) { (t!("retro-card-theme")) }
                    select id=(format!("card-theme-{}", card.id)) name="theme_id" {
                        option value="" selected[card.theme_id.is_none()] { (t!("retro-no-theme")) }
                        @for theme in &board.themes {
                            option value=(theme.id) selected[card.theme_id == Some(theme.id)] { (theme.title) }
                        }
                    }
                    button.secondary type="submit" { (t!("retro-move")) }
                }
            }
        }
    }
}

pub fn theme_votes(theme: &Theme, hide_votes: bool) -> Markup {
    html! {
        span.badge #(format!("theme-{}-votes", theme.id)) {
            @if hide_votes { (t!("retro-votes-hidden")) } @else { (t!("retro-vote-count", count = theme.votes)) }
        }
    }
}

fn vote(
    context: &PageContext,
    board: &Board,
    viewer: &Viewer,
    extras: &PageExtras<'_>,
    base: &str,
) -> Markup {
    let retro = &board.retro;
    let left = retro.vote_limit - extras.my_votes.len() as i64;
    html! {
        @if viewer.is_participant {
            p { (sentence(&t!("retro-votes-left", left = "{0}", limit = retro.vote_limit), &[html! { strong { (left) } }])) }
        }
        @if board.themes.is_empty() { p { (t!("retro-no-themes")) } }
        @for theme in &board.themes {
            section.theme {
                h3 { (theme.title) " " (theme_votes(theme, retro.hide_votes)) }
                @let mine = extras.my_votes.iter().filter(|t| **t == theme.id).count();
                @if viewer.is_participant {
                    p.muted { (t!("retro-your-votes-here", count = mine)) }
                    form.inline method="post" action=(format!("{base}/votes")) {
                        (csrf_field(&context.csrf_token))
                        input type="hidden" name="theme_id" value=(theme.id);
                        button type="submit" disabled[left <= 0] { (t!("retro-vote")) span.visually-hidden { " " (t!("retro-for-theme", theme = theme.title.as_str())) } }
                    }
                    @if mine > 0 {
                        form.inline method="post" action=(format!("{base}/votes/{}/retract", theme.id)) {
                            (csrf_field(&context.csrf_token))
                            button.secondary type="submit" { (t!("retro-take-vote-back")) span.visually-hidden { " " (t!("retro-from-theme", theme = theme.title.as_str())) } }
                        }
                    }
                }
                ul.cards { @for card in board.cards.iter().filter(|c| c.theme_id == Some(theme.id)) { li { (card.text) } } }
            }
        }
    }
}

pub fn note_item(note: &Note) -> Markup {
    html! {
        li #(format!("note-{}", note.id)) data-append=(format!("theme-{}-notes", note.theme_id)) {
            (note.text) span.muted { " — " (note.author_name) }
        }
    }
}

fn discuss(
    context: &PageContext,
    board: &Board,
    viewer: &Viewer,
    extras: &PageExtras<'_>,
    base: &str,
) -> Markup {
    let retro = &board.retro;
    html! {
        @for (rank, theme) in board.themes.iter().enumerate() {
            section.theme #(format!("theme-{}", theme.id)) {
                h3 { (rank + 1) ". " (theme.title) " " (theme_votes(theme, false)) }
                @if retro.discuss_theme_id == Some(theme.id) {
                    @if let Some(ends) = retro.timer_ends_at {
                        p.timer {
                            @if ends > extras.now {
                                (sentence(
                                    &t!("retro-timer-ends", time = "{0}", left = human_duration((ends - extras.now).num_seconds())),
                                    &[time_in_zone(ends, extras.zone)],
                                ))
                            }
                            @else { (t!("retro-timer-up")) }
                        }
                    }
                }
                ul.cards { @for card in board.cards.iter().filter(|c| c.theme_id == Some(theme.id)) { li { (card.text) } } }
                h4 { (t!("retro-notes")) }
                ul #(format!("theme-{}-notes", theme.id)) {
                    @for note in board.notes.iter().filter(|n| n.theme_id == theme.id) { (note_item(note)) }
                }
                @if viewer.is_participant {
                    form.stacked method="post" action=(format!("{base}/themes/{}/notes", theme.id)) {
                        (csrf_field(&context.csrf_token))
                        label for=(format!("new-note-{}", theme.id)) { (t!("retro-add-note-label", theme = theme.title.as_str())) }
                        textarea id=(format!("new-note-{}", theme.id)) name="text" rows="2" required {}
                        div { button type="submit" { (t!("retro-add-note")) } }
                    }
                }
                @if viewer.is_facilitator && viewer.is_participant {
                    form.inline method="post" action=(format!("{base}/themes/{}/timer", theme.id)) {
                        (csrf_field(&context.csrf_token))
                        label for=(format!("timer-{}", theme.id)) { (t!("retro-timer-minutes")) }
                        input id=(format!("timer-{}", theme.id)) type="number" name="minutes" min="1" max="60" value="5";
                        button.secondary type="submit" { (t!("retro-start-timer")) span.visually-hidden { " " (t!("retro-for-theme", theme = theme.title.as_str())) } }
                    }
                }
            }
        }
    }
}

pub fn action_row(action: &ActionItem) -> Markup {
    html! {
        tr #(format!("action-{}", action.id)) data-append="retro-actions" {
            td { (action.title) }
            td { (action.action_type) }
            td { (action.owner_name.as_deref().unwrap_or("—")) }
            td { (action.priority) }
            td { (action.due_date.as_deref().unwrap_or("—")) }
            td { (action.status) }
        }
    }
}

fn action_table(actions: &[ActionItem], show_incident: bool) -> Markup {
    html! {
        div.table-wrap {
            table {
                thead { tr {
                    th scope="col" { (t!("retro-col-action")) } th scope="col" { (t!("retro-col-type")) } th scope="col" { (t!("retro-col-owner")) }
                    th scope="col" { (t!("retro-col-priority")) } th scope="col" { (t!("retro-col-due")) } th scope="col" { (t!("retro-col-status")) }
                    @if show_incident { th scope="col" { (t!("retro-col-incident")) } }
                } }
                tbody #retro-actions {
                    @for action in actions {
                        @if show_incident {
                            tr {
                                td { (action.title) } td { (action.action_type) } td { (action.owner_name.as_deref().unwrap_or("—")) }
                                td { (action.priority) } td { (action.due_date.as_deref().unwrap_or("—")) } td { (action.status) }
                                td { (action.incident_title) }
                            }
                        } @else {
                            (action_row(action))
                        }
                    }
                }
            }
        }
    }
}

fn actions_phase(
    context: &PageContext,
    board: &Board,
    viewer: &Viewer,
    extras: &PageExtras<'_>,
    base: &str,
) -> Markup {
    html! {
        (action_table(&board.actions, false))
        @if viewer.is_participant {
            h3 { (t!("retro-add-action-heading")) }
            form.stacked.card method="post" action=(format!("{base}/actions")) {
                (csrf_field(&context.csrf_token))
                div { label for="action-title" { (t!("retro-action-title")) } input #action-title type="text" name="title" required; }
                div {
                    label for="action-theme" { (t!("retro-action-theme")) }
                    select #action-theme name="theme_id" {
                        option value="" { (t!("retro-action-no-theme")) }
                        @for theme in &board.themes { option value=(theme.id) { (theme.title) } }
                    }
                }
                div {
                    label for="action-type" { (t!("retro-action-type")) }
                    select #action-type name="type" { @for kind in ActionType::ALL { option value=(kind.as_str()) { (kind) } } }
                }
                div {
                    label for="action-owner" { (t!("retro-action-owner")) }
                    select #action-owner name="owner" {
                        option value="" { (t!("retro-action-nobody")) }
                        @for member in extras.members { option value=(member.user_id.0) { (member.display_name) } }
                    }
                }
                div {
                    label for="action-priority" { (t!("retro-action-priority")) }
                    select #action-priority name="priority" { option value="P1" { "P1" } option value="P2" selected { "P2" } option value="P3" { "P3" } }
                }
                div { label for="action-due" { (t!("retro-action-due")) } input #action-due type="date" name="due_date"; }
                div { button type="submit" { (t!("retro-add-action")) } }
            }
        }
    }
}

fn summary(board: &Board, extras: &PageExtras<'_>, base: &str) -> Markup {
    html! {
        p { a href=(format!("{base}/summary.md")) download { (t!("retro-download-summary")) } }
        h3 { (t!("retro-attendees")) }
        p { @if board.attendees.is_empty() { "—" } @else { (board.attendees.join(", ")) } }
        h3 { (t!("retro-themes")) }
        @for theme in &board.themes {
            section.theme {
                h4 { (theme.title) " " (theme_votes(theme, false)) }
                ul { @for card in board.cards.iter().filter(|c| c.theme_id == Some(theme.id)) { li { (card.text) } } }
                @let notes: Vec<&Note> = board.notes.iter().filter(|n| n.theme_id == theme.id).collect();
                @if !notes.is_empty() { p { strong { (t!("retro-summary-notes")) } } ul { @for note in notes { li { (note.text) } } } }
            }
        }
        h3 { (t!("retro-actions")) }
        @if board.actions.is_empty() { p { (t!("retro-no-actions")) } } @else { (action_table(&board.actions, false)) }
        p.muted { (t!("retro-summary-incident", incident = extras.incident.title.as_str())) }
    }
}

/// The closed meeting as Markdown, for pasting into a wiki or ticket.
pub fn summary_markdown(board: &Board, incident: &Incident) -> String {
    let escape = |text: &str| text.replace('\n', " ").replace('|', "\\|");
    let mut out = format!(
        "# {}\n\n",
        t!("retro-heading", incident = escape(&incident.title))
    );
    out.push_str(&format!(
        "{}\n\n",
        t!(
            "retro-md-template",
            template = board.retro.template_name.as_str(),
            facilitator = board.retro.facilitator_name.as_str()
        )
    ));
    out.push_str(&format!(
        "## {}\n\n{}\n\n## {}\n\n",
        t!("retro-attendees"),
        if board.attendees.is_empty() {
            "—".into()
        } else {
            board.attendees.join(", ")
        },
        t!("retro-themes")
    ));
    for theme in &board.themes {
        let votes = t!("retro-vote-count", count = theme.votes);
        out.push_str(&format!("### {} ({votes})\n\n", escape(&theme.title)));
        for card in board.cards.iter().filter(|c| c.theme_id == Some(theme.id)) {
            out.push_str(&format!("- {}\n", escape(&card.text)));
        }
        for note in board.notes.iter().filter(|n| n.theme_id == theme.id) {
            out.push_str(&format!(
                "- {}\n",
                t!("retro-md-note", text = escape(&note.text))
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "## {}\n\n| {} | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
        t!("retro-actions"),
        t!("retro-col-action"),
        t!("retro-col-type"),
        t!("retro-col-owner"),
        t!("retro-col-priority"),
        t!("retro-col-due"),
    ));
    for action in &board.actions {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            escape(&action.title),
            action.action_type,
            escape(action.owner_name.as_deref().unwrap_or("—")),
            action.priority,
            action.due_date.as_deref().unwrap_or("—")
        ));
    }
    out
}

/// What the retros section of an incident page needs.
#[derive(Clone, Copy)]
pub struct RetroSection<'a> {
    pub team: &'a Team,
    pub incident: &'a Incident,
    pub retros: &'a [Retro],
    pub templates: &'a [super::templates::Template],
    pub members: &'a [Member],
    pub me: crate::accounts::UserId,
    pub can_start: bool,
}

/// The retros section of an incident page, with the form to start one.
pub fn incident_retros(context: &PageContext, section: &RetroSection<'_>) -> Markup {
    let RetroSection {
        team,
        incident,
        retros,
        templates,
        members,
        me,
        can_start,
    } = *section;
    html! {
        h2 #retros { (t!("retro-section-heading")) }
        p.muted { a href=(format!("/teams/{}/templates", team.slug)) { (t!("retro-prompt-templates")) } }
        @if retros.is_empty() { p { (t!("retro-none-yet")) } }
        ul {
            @for retro in retros {
                li {
                    a href=(base_url(&team.slug, retro)) { (retro.template_name) }
                    " — " (retro.phase.title()) ", " (t!("retro-facilitated-by", name = retro.facilitator_name.as_str()))
                }
            }
        }
        @if can_start {
            details.edit {
                summary { (t!("retro-start-heading")) }
                form.stacked.card method="post" action=(format!("/teams/{}/incidents/{}/retros", team.slug, incident.id.0)) {
                    (csrf_field(&context.csrf_token))
                    div {
                        label for="retro-template" { (t!("retro-start-template")) }
                        select #retro-template name="template" {
                            @for template in templates { option value=(template.key) { (template.name) } }
                        }
                    }
                    div {
                        label for="retro-facilitator" { (t!("retro-start-facilitator")) }
                        select #retro-facilitator name="facilitator" {
                            @for member in members.iter().filter(|m| m.role >= crate::accounts::teams::TeamRole::Member) {
                                option value=(member.user_id.0) selected[member.user_id == me] { (member.display_name) }
                            }
                        }
                    }
                    div { label for="retro-votes" { (t!("retro-start-votes")) } input #retro-votes type="number" name="vote_limit" min="1" max="20" value="3" required; }
                    div.checkbox { input #retro-anonymous type="checkbox" name="anonymous" value="on" checked; " " label for="retro-anonymous" { (t!("retro-start-anonymous")) } }
                    div.checkbox { input #retro-hide-votes type="checkbox" name="hide_votes" value="on"; " " label for="retro-hide-votes" { (t!("retro-start-hide-votes")) } }
                    div { label for="retro-minutes" { (t!("retro-start-minutes")) } input #retro-minutes type="number" name="phase_minutes" min="1" max="240"; }
                    div { button type="submit" { (t!("retro-start")) } }
                }
            }
        }
    }
}

/// Prompts as the template form edits them: one a line, `Title: description`.
fn prompt_lines(template: &super::templates::Template) -> String {
    template
        .prompts
        .iter()
        .map(|p| {
            if p.description.is_empty() {
                p.title.clone()
            } else {
                format!("{}: {}", p.title, p.description)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The team's prompt templates: the built-in ones to read, the team's own to edit.
pub fn templates_page(
    context: &PageContext,
    team: &Team,
    templates: &[super::templates::Template],
    can_edit: bool,
) -> Markup {
    let hint = t!("retro-template-prompts-hint");
    layout::page(
        context,
        &t!("retro-templates-title"),
        html! {
            p.muted { a href=(format!("/teams/{}", team.slug)) { (team.name) } " › " (t!("retro-templates-breadcrumb")) }
            h1 { (t!("retro-templates-heading")) }
            @for template in templates {
                section.card {
                    h2 { (template.name) }
                    @if let Some(id) = template.key.strip_prefix("team:").filter(|_| can_edit) {
                        form.stacked method="post" action=(format!("/teams/{}/templates/{id}", team.slug)) {
                            (csrf_field(&context.csrf_token))
                            div { label for=(format!("template-name-{id}")) { (t!("retro-template-name")) } input id=(format!("template-name-{id}")) type="text" name="name" value=(template.name) required; }
                            div {
                                label for=(format!("template-prompts-{id}")) { (t!("retro-template-prompts")) }
                                span.hint id=(format!("template-prompts-{id}-hint")) { (hint) }
                                textarea id=(format!("template-prompts-{id}")) name="prompts" rows="6" aria-describedby=(format!("template-prompts-{id}-hint")) required { (prompt_lines(template)) }
                            }
                            div { button type="submit" { (t!("retro-template-save")) } }
                        }
                    } @else {
                        ol { @for prompt in &template.prompts { li { strong { (prompt.title) } @if !prompt.description.is_empty() { " — " (prompt.description) } } } }
                    }
                }
            }
            @if can_edit {
                h2 { (t!("retro-template-new")) }
                form.stacked.card method="post" action=(format!("/teams/{}/templates", team.slug)) {
                    (csrf_field(&context.csrf_token))
                    div { label for="template-name" { (t!("retro-template-name")) } input #template-name type="text" name="name" required; }
                    div {
                        label for="template-prompts" { (t!("retro-template-prompts")) }
                        span.hint #template-prompts-hint { (hint) }
                        textarea #template-prompts name="prompts" rows="6" aria-describedby="template-prompts-hint" required {}
                    }
                    div { button type="submit" { (t!("retro-template-create")) } }
                }
            }
        },
    )
}
