//! The incident page: header with stage durations, the communication review, the strip,
//! and the timeline with its filters and edit forms.

use maud::{Markup, html};

use super::kinds::{EntryKind, Visibility};
use super::review::{CommunicationReview, Metrics, Stages, human_duration};
use super::strip::incident_strip;
use super::{Incident, TimelineEntry};
use crate::accounts::teams::{Team, TeamRole};
use crate::t;
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
            p.muted { a href=(format!("/teams/{}", page.team.slug)) { (page.team.name) } " › " (t!("incident-breadcrumb")) }
            h1 { (incident.title) }
            p.muted {
                @if let Some(severity) = &incident.severity { span.badge { (t!("incident-severity", severity = severity.as_str())) } " " }
                @if let Some(start) = page.stages.started_at { (time_in_zone(start, page.zone)) }
                " → "
                @match page.stages.resolved_at {
                    Some(end) => (time_in_zone(end, page.zone)),
                    None => (t!("incident-not-resolved")),
                }
                @if !incident.affected_services.is_empty() { " · " (t!("incident-affected", services = incident.affected_services.join(", "))) }
            }
            @if let Some(summary) = &incident.summary { p { (summary) } }
            @if let Some(impact) = &incident.customer_impact { p { strong { (t!("incident-customer-impact")) } " " (impact) } }

            h2 #durations { (t!("incident-durations")) }
            dl.stats {
                (stat(&t!("incident-time-to-detect"), page.metrics.time_to_detect_s))
                (stat(&t!("incident-time-to-acknowledge"), page.metrics.time_to_acknowledge_s))
                (stat(&t!("incident-time-to-mitigate"), page.metrics.time_to_mitigate_s))
                (stat(&t!("incident-time-to-resolve"), page.metrics.time_to_resolve_s))
            }
            (incident_strip(page.zone, page.stages, page.communication, page.entries.last().map(|e| e.occurred_at)))

            (communication_review(page.communication, page.zone))
            (page.retros)
            (page.actions)

            h2 #timeline { (t!("timeline-heading")) }
            form.filters method="get" action=(format!("{base}#timeline")) {
                div {
                    label for="filter-kind" { (t!("timeline-kind")) }
                    select #filter-kind name="kind" {
                        option value="" { (t!("timeline-all-kinds")) }
                        @for kind in EntryKind::ALL {
                            option value=(kind.as_str()) selected[page.filter.kind == kind.as_str()] { (kind.label()) }
                        }
                    }
                }
                div {
                    label for="filter-actor" { (t!("timeline-actor")) }
                    select #filter-actor name="actor" {
                        option value="" { (t!("timeline-everyone")) }
                        @for actor in &actors {
                            option value=(actor) selected[page.filter.actor == *actor] { (actor) }
                        }
                    }
                }
                div {
                    label for="filter-visibility" { (t!("timeline-visibility")) }
                    select #filter-visibility name="visibility" {
                        option value="" { (t!("timeline-all-visibilities")) }
                        option value="internal" selected[page.filter.visibility == "internal"] { (t!("timeline-filter-internal")) }
                        option value="public" selected[page.filter.visibility == "public"] { (t!("timeline-filter-public")) }
                    }
                }
                div { button.secondary type="submit" { (t!("timeline-filter-submit")) } }
                @if page.filter.is_active() { div { a href=(format!("{base}#timeline")) { (t!("timeline-show-all")) } } }
            }
            p.muted {
                (t!("timeline-showing", shown = shown.len(), total = page.entries.len()))
                " "
                @if page.zone == "UTC" { (t!("timeline-times-in", zone = page.zone)) }
                @else { (t!("timeline-times-in-hover", zone = page.zone)) }
            }
            ol.timeline {
                @for entry in &shown {
                    (entry_item(context, entry, &base, can_edit, page.zone))
                }
            }
            @if can_edit {
                h2 #add-entry { (t!("timeline-add-heading")) }
                form.stacked.card method="post" action=(format!("{base}/entries")) {
                    (csrf_field(&context.csrf_token))
                    div {
                        label for="new-occurred-at" { (t!("timeline-add-when", zone = page.zone)) }
                        input #new-occurred-at type="datetime-local" name="occurred_at" step="1" required;
                    }
                    div { label for="new-kind" { (t!("timeline-kind")) } (kind_select("new-kind", EntryKind::Note)) }
                    div { label for="new-actor" { (t!("timeline-add-actor")) } input #new-actor type="text" name="actor"; }
                    div { label for="new-text" { (t!("timeline-add-text")) } textarea #new-text name="text" required {} }
                    div { label for="new-visibility" { (t!("timeline-visibility")) } (visibility_select("new-visibility", Visibility::Internal)) }
                    div { button type="submit" { (t!("timeline-add-submit")) } }
                }
            }
        },
    )
}

fn stat(label: &str, seconds: Option<i64>) -> Markup {
    html! {
        div {
            dt { (label) }
            dd { @match seconds { Some(s) => (human_duration(s)), None => span.muted { (t!("incident-unknown")) } } }
        }
    }
}

/// How well customers were kept informed: figures and the list of public updates.
pub fn communication_review(review: &CommunicationReview, zone: &str) -> Markup {
    html! {
        h2 #communication { (t!("communication-heading")) }
        @if review.public_updates == 0 {
            p { (t!("communication-none")) }
        } @else {
            dl.stats {
                div { dt { (t!("communication-public-updates")) } dd { (review.public_updates) } }
                div { dt { (t!("communication-first-update")) } dd { (review.first_public_update_after_s.map(human_duration).unwrap_or_else(|| t!("incident-unknown"))) } }
                div { dt { (t!("communication-mean-gap")) } dd { (review.mean_gap_s.map(human_duration).unwrap_or_else(|| "—".into())) } }
                div { dt { (t!("communication-median-gap")) } dd { (review.median_gap_s.map(human_duration).unwrap_or_else(|| "—".into())) } }
                div { dt { (t!("communication-longest-silence")) } dd { (review.max_gap_s.map(human_duration).unwrap_or_else(|| "—".into())) } }
                div {
                    dt { (t!("communication-gaps-over", target = human_duration(review.target_cadence_s))) }
                    dd class=[(review.gaps_over_target > 0).then_some("over-target")] { (review.gaps_over_target) }
                }
            }
            div.table-wrap {
                table.update-list {
                    caption.visually-hidden { (t!("communication-caption")) }
                    thead { tr {
                        th scope="col" { (t!("communication-time")) } th scope="col" { (t!("communication-silence-before")) }
                        th scope="col" { (t!("communication-promises-next")) } th scope="col" { (t!("communication-update")) }
                    } }
                    tbody {
                        @for update in &review.updates {
                            tr {
                                td { (time_in_zone(update.occurred_at, zone)) }
                                td class=[update.is_over_target.then_some("over-target")] {
                                    (update.gap_before_s.map(human_duration).unwrap_or_else(|| "—".into()))
                                    @if update.is_over_target { " (" (t!("communication-over-target")) ")" }
                                }
                                td { @if update.promises_next_update { (t!("communication-yes")) } @else { (t!("communication-no")) } }
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
    let what = match &entry.actor {
        Some(actor) => format!("{}, {actor}", entry.kind.label()),
        None => entry.kind.label(),
    };
    let which = t!(
        "timeline-entry-which",
        time = entry
            .occurred_at
            .with_timezone(&tz)
            .format("%H:%M %Z")
            .to_string(),
        what = what
    );
    html! {
        li #(format!("entry-{id}")) class=[entry.is_key_moment.then_some("key-moment")] {
            div.entry-meta {
                (time_in_zone(entry.occurred_at, zone))
                span.kind { (entry.kind.label()) }
                @if let Some(actor) = &entry.actor { span.actor { (actor) } }
                @if entry.visibility == Visibility::Public { span.badge { (t!("timeline-badge-public")) } }
                @if entry.is_key_moment { span.badge { (t!("timeline-badge-key-moment")) } }
            }
            p.entry-text { (entry.text) }
            @if can_edit {
                div.entry-actions {
                form.inline method="post" action=(format!("{base}/entries/{id}/key-moment")) {
                    (csrf_field(&context.csrf_token))
                    button.link type="submit" {
                        @if entry.is_key_moment { (t!("timeline-unmark-key-moment")) } @else { (t!("timeline-mark-key-moment")) }
                        span.visually-hidden { " " (which) }
                    }
                }
                details.edit {
                    summary { (t!("timeline-edit")) span.visually-hidden { " " (which) } }
                    form.stacked method="post" action=(format!("{base}/entries/{id}")) {
                        (csrf_field(&context.csrf_token))
                        div { label for=(format!("kind-{id}")) { (t!("timeline-kind")) } (kind_select(&format!("kind-{id}"), entry.kind)) }
                        div { label for=(format!("visibility-{id}")) { (t!("timeline-visibility")) } (visibility_select(&format!("visibility-{id}"), entry.visibility)) }
                        div { label for=(format!("text-{id}")) { (t!("timeline-text")) } textarea id=(format!("text-{id}")) name="text" required { (entry.text) } }
                        div { button type="submit" { (t!("timeline-save-entry")) } }
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
            @for kind in EntryKind::ALL { option value=(kind.as_str()) selected[kind == selected] { (kind.label()) } }
        }
    }
}

fn visibility_select(id: &str, selected: Visibility) -> Markup {
    html! {
        select id=(id) name="visibility" {
            @for visibility in [Visibility::Internal, Visibility::Public] {
                option value=(visibility.as_str()) selected[visibility == selected] { (visibility.label()) }
            }
        }
    }
}

/// The incidents section of a team page.
pub fn team_incidents(team: &Team, role: TeamRole, incidents: &[Incident], zone: &str) -> Markup {
    html! {
        p {
            a href=(format!("/teams/{}/actions", team.slug)) { (t!("incident-list-actions")) } " · "
            a href=(format!("/teams/{}/dashboard", team.slug)) { (t!("incident-list-dashboard")) } " · "
            a href=(format!("/teams/{}/templates", team.slug)) { (t!("incident-list-templates")) }
        }
        h2 { (t!("incident-list-heading")) }
        @if role >= TeamRole::Member {
            p { a.button href=(format!("/teams/{}/import", team.slug)) { (t!("incident-list-import")) } }
        }
        @if incidents.is_empty() {
            p { (t!("incident-list-empty")) }
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
