//! The incident page: header with stage durations, the communication review, the strip,
//! and the timeline with its filters and edit forms.

use maud::{Markup, html};

use super::kinds::{EntryKind, Visibility};
use super::review::{CommunicationReview, Metrics, Stages, human_duration};
use super::strip::incident_strip;
use super::{Incident, TimelineEntry};
use crate::accounts::teams::{Team, TeamRole};
use crate::web::PageContext;
use crate::web::layout::{self, csrf_field, time_in_zone};

/// Which entries the reader asked to see.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct EntryFilter {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub visibility: String,
}

impl EntryFilter {
    pub fn matches(&self, entry: &TimelineEntry) -> bool {
        (self.kind.is_empty() || entry.kind.as_str() == self.kind)
            && (self.actor.is_empty() || entry.actor.as_deref() == Some(self.actor.as_str()))
            && (self.visibility.is_empty() || entry.visibility.as_str() == self.visibility)
    }

    fn is_active(&self) -> bool {
        !(self.kind.is_empty() && self.actor.is_empty() && self.visibility.is_empty())
    }
}

pub struct IncidentPage<'a> {
    pub team: &'a Team,
    pub role: TeamRole,
    pub incident: &'a Incident,
    pub entries: &'a [TimelineEntry],
    pub stages: &'a Stages,
    pub metrics: &'a Metrics,
    pub communication: &'a CommunicationReview,
    pub filter: &'a EntryFilter,
    pub zone: &'a str,
    /// The retrospectives section, rendered by the retros feature.
    pub retros: Markup,
    /// The action items section, rendered by the actions feature.
    pub actions: Markup,
}

pub fn incident_page(context: &PageContext, page: &IncidentPage<'_>) -> Markup {
    let incident = page.incident;
    let can_edit = page.role >= TeamRole::Member;
    let base = format!("/teams/{}/incidents/{}", page.team.slug, incident.id.0);
    let mut actors: Vec<&str> = page
        .entries
        .iter()
        .filter_map(|e| e.actor.as_deref())
        .collect();
    actors.sort_unstable();
    actors.dedup();
    let shown: Vec<&TimelineEntry> = page
        .entries
        .iter()
        .filter(|e| page.filter.matches(e))
        .collect();
    layout::page(
        context,
        &incident.title,
        html! {
            p.muted { a href=(format!("/teams/{}", page.team.slug)) { (page.team.name) } " › Incident" }
            h1 { (incident.title) }
            p.muted {
                @if let Some(severity) = &incident.severity { span.badge { "Severity: " (severity) } " " }
                @if let Some(start) = page.stages.started_at { (time_in_zone(start, page.zone)) }
                " → "
                @match page.stages.resolved_at {
                    Some(end) => (time_in_zone(end, page.zone)),
                    None => "not resolved",
                }
                @if !incident.affected_services.is_empty() { " · Affected: " (incident.affected_services.join(", ")) }
            }
            @if let Some(summary) = &incident.summary { p { (summary) } }
            @if let Some(impact) = &incident.customer_impact { p { strong { "Customer impact: " } (impact) } }

            h2 #durations { "How long each stage took" }
            dl.stats {
                (stat("Time to detect", page.metrics.time_to_detect_s))
                (stat("Time to acknowledge", page.metrics.time_to_acknowledge_s))
                (stat("Time to mitigate", page.metrics.time_to_mitigate_s))
                (stat("Time to resolve", page.metrics.time_to_resolve_s))
            }
            (incident_strip(page.zone, page.stages, page.communication, page.entries.last().map(|e| e.occurred_at)))

            (communication_review(page.communication, page.zone))
            (page.retros)
            (page.actions)

            h2 #timeline { "Timeline" }
            form.filters method="get" action=(format!("{base}#timeline")) {
                div {
                    label for="filter-kind" { "Kind" }
                    select #filter-kind name="kind" {
                        option value="" { "All kinds" }
                        @for kind in EntryKind::ALL {
                            option value=(kind.as_str()) selected[page.filter.kind == kind.as_str()] { (kind) }
                        }
                    }
                }
                div {
                    label for="filter-actor" { "Actor" }
                    select #filter-actor name="actor" {
                        option value="" { "Everyone" }
                        @for actor in &actors {
                            option value=(actor) selected[page.filter.actor == *actor] { (actor) }
                        }
                    }
                }
                div {
                    label for="filter-visibility" { "Visibility" }
                    select #filter-visibility name="visibility" {
                        option value="" { "All" }
                        option value="internal" selected[page.filter.visibility == "internal"] { "Internal" }
                        option value="public" selected[page.filter.visibility == "public"] { "Public" }
                    }
                }
                div { button.secondary type="submit" { "Filter" } }
                @if page.filter.is_active() { div { a href=(format!("{base}#timeline")) { "Show all" } } }
            }
            p.muted { "Showing " (shown.len()) " of " (page.entries.len()) " entries. Times in " (page.zone) @if page.zone != "UTC" { "; hover for UTC" } "." }
            ol.timeline {
                @for entry in &shown {
                    (entry_item(context, entry, &base, can_edit, page.zone))
                }
            }
            @if can_edit {
                h2 #add-entry { "Add a missing entry" }
                form.stacked.card method="post" action=(format!("{base}/entries")) {
                    (csrf_field(&context.csrf_token))
                    div {
                        label for="new-occurred-at" { "When (" (page.zone) ")" }
                        input #new-occurred-at type="datetime-local" name="occurred_at" step="1" required;
                    }
                    div { label for="new-kind" { "Kind" } (kind_select("new-kind", EntryKind::Note)) }
                    div { label for="new-actor" { "Who or what" } input #new-actor type="text" name="actor"; }
                    div { label for="new-text" { "What happened" } textarea #new-text name="text" required {} }
                    div { label for="new-visibility" { "Visibility" } (visibility_select("new-visibility", Visibility::Internal)) }
                    div { button type="submit" { "Add entry" } }
                }
            }
        },
    )
}

fn stat(label: &str, seconds: Option<i64>) -> Markup {
    html! {
        div {
            dt { (label) }
            dd { @match seconds { Some(s) => (human_duration(s)), None => span.muted { "unknown" } } }
        }
    }
}

/// How well customers were kept informed: figures and the list of public updates.
pub fn communication_review(review: &CommunicationReview, zone: &str) -> Markup {
    html! {
        h2 #communication { "How we kept customers informed" }
        @if review.public_updates == 0 {
            p { "No public updates are in this timeline. Mark status-page updates as public communication entries to review them here." }
        } @else {
            dl.stats {
                div { dt { "Public updates" } dd { (review.public_updates) } }
                div { dt { "First update after" } dd { (review.first_public_update_after_s.map(human_duration).unwrap_or_else(|| "unknown".into())) } }
                div { dt { "Mean gap" } dd { (review.mean_gap_s.map(human_duration).unwrap_or_else(|| "—".into())) } }
                div { dt { "Median gap" } dd { (review.median_gap_s.map(human_duration).unwrap_or_else(|| "—".into())) } }
                div { dt { "Longest silence" } dd { (review.max_gap_s.map(human_duration).unwrap_or_else(|| "—".into())) } }
                div {
                    dt { "Gaps over the " (human_duration(review.target_cadence_s)) " target" }
                    dd class=[(review.gaps_over_target > 0).then_some("over-target")] { (review.gaps_over_target) }
                }
            }
            div.table-wrap {
                table.update-list {
                    caption.visually-hidden { "Public updates in order" }
                    thead { tr { th scope="col" { "Time" } th scope="col" { "Silence before" } th scope="col" { "Says when the next update comes" } th scope="col" { "Update" } } }
                    tbody {
                        @for update in &review.updates {
                            tr {
                                td { (time_in_zone(update.occurred_at, zone)) }
                                td class=[update.is_over_target.then_some("over-target")] {
                                    (update.gap_before_s.map(human_duration).unwrap_or_else(|| "—".into()))
                                    @if update.is_over_target { " (over target)" }
                                }
                                td { @if update.promises_next_update { "Yes" } @else { "No" } }
                                td { (update.text) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn entry_item(
    context: &PageContext,
    entry: &TimelineEntry,
    base: &str,
    can_edit: bool,
    zone: &str,
) -> Markup {
    let id = entry.id.0;
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    // Buttons repeat on every entry; screen readers need to tell them apart.
    let which = format!(
        " entry at {} ({}{})",
        entry.occurred_at.with_timezone(&tz).format("%H:%M %Z"),
        entry.kind,
        entry
            .actor
            .as_deref()
            .map(|a| format!(", {a}"))
            .unwrap_or_default()
    );
    html! {
        li #(format!("entry-{id}")) class=[entry.is_key_moment.then_some("key-moment")] {
            div.entry-meta {
                (time_in_zone(entry.occurred_at, zone))
                span.kind { (entry.kind) }
                @if let Some(actor) = &entry.actor { span.actor { (actor) } }
                @if entry.visibility == Visibility::Public { span.badge { "public" } }
                @if entry.is_key_moment { span.badge { "key moment" } }
            }
            p.entry-text { (entry.text) }
            @if can_edit {
                div.entry-actions {
                form.inline method="post" action=(format!("{base}/entries/{id}/key-moment")) {
                    (csrf_field(&context.csrf_token))
                    button.link type="submit" {
                        @if entry.is_key_moment { "Unmark key moment" } @else { "Mark as key moment" }
                        span.visually-hidden { (which) }
                    }
                }
                details.edit {
                    summary { "Edit" span.visually-hidden { (which) } }
                    form.stacked method="post" action=(format!("{base}/entries/{id}")) {
                        (csrf_field(&context.csrf_token))
                        div { label for=(format!("kind-{id}")) { "Kind" } (kind_select(&format!("kind-{id}"), entry.kind)) }
                        div { label for=(format!("visibility-{id}")) { "Visibility" } (visibility_select(&format!("visibility-{id}"), entry.visibility)) }
                        div { label for=(format!("text-{id}")) { "Text" } textarea id=(format!("text-{id}")) name="text" required { (entry.text) } }
                        div { button type="submit" { "Save entry" } }
                    }
                }
                }
            }
        }
    }
}

fn kind_select(id: &str, selected: EntryKind) -> Markup {
    html! {
        select id=(id) name="kind" {
            @for kind in EntryKind::ALL { option value=(kind.as_str()) selected[kind == selected] { (kind) } }
        }
    }
}

fn visibility_select(id: &str, selected: Visibility) -> Markup {
    html! {
        select id=(id) name="visibility" {
            @for visibility in [Visibility::Internal, Visibility::Public] {
                option value=(visibility.as_str()) selected[visibility == selected] { (visibility) }
            }
        }
    }
}

/// The incidents section of a team page.
pub fn team_incidents(team: &Team, role: TeamRole, incidents: &[Incident], zone: &str) -> Markup {
    html! {
        p { a href=(format!("/teams/{}/actions", team.slug)) { "The team's action items" } " · " a href=(format!("/teams/{}/dashboard", team.slug)) { "Follow-through dashboard" } " · " a href=(format!("/teams/{}/templates", team.slug)) { "Retro templates" } }
        h2 { "Incidents" }
        @if role >= TeamRole::Member {
            p { a.button href=(format!("/teams/{}/import", team.slug)) { "Import a timeline" } }
        }
        @if incidents.is_empty() {
            p { "No incidents yet." }
        } @else {
            ul.team-list {
                @for incident in incidents {
                    li.card {
                        a href=(format!("/teams/{}/incidents/{}", team.slug, incident.id.0)) { strong { (incident.title) } }
                        @if let Some(severity) = &incident.severity { " " span.badge { (severity) } }
                        @if let Some(start) = incident.started_at { br; span.muted { (time_in_zone(start, zone)) } }
                    }
                }
            }
        }
    }
}
