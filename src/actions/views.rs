//! Action item pages.

use chrono::NaiveDate;
use maud::{Markup, html};

use super::{ActionDetail, ActionItem, ActionType, HistoryEntry, Status};
use crate::accounts::teams::{Member, Team};
use crate::t;
use crate::web::PageContext;
use crate::web::layout::{self, FormError, csrf_field, time_in_zone};
use crate::web::sentence::sentence;

/// A stored `YYYY-MM-DD` date as the reader's language writes it (form values and
/// exports keep the stored form).
pub fn shown_date(stored: &str) -> String {
    NaiveDate::parse_from_str(stored, "%Y-%m-%d")
        .map_or_else(|_| stored.to_owned(), crate::i18n::date)
}

/// An optional due date for reading, or a dash.
fn shown_due(stored: Option<&str>) -> String {
    stored.map_or_else(|| "—".to_owned(), shown_date)
}

/// What an action item's page shows.
#[derive(Clone, Copy)]
pub struct ActionPage<'a> {
    pub team: &'a Team,
    pub action: &'a ActionDetail,
    /// What the change form shows: the item, or what was sent when a change was refused.
    pub form: &'a ActionDetail,
    pub history: &'a [HistoryEntry],
    pub members: &'a [Member],
    pub can_edit: bool,
    pub zone: &'a str,
}

pub fn action_page(
    context: &PageContext,
    page: &ActionPage<'_>,
    error: Option<&FormError>,
) -> Markup {
    let ActionPage {
        team,
        action,
        form,
        history,
        members,
        can_edit,
        zone,
    } = *page;
    let member_name = |id: &str| {
        members
            .iter()
            .find(|m| m.user_id.0.to_string() == id)
            .map_or_else(
                || t!("action-history-person", id = id),
                |m| m.display_name.clone(),
            )
    };
    let shown = |field: &str, value: &Option<String>| match (
        field,
        value.as_deref().filter(|v| !v.is_empty()),
    ) {
        (_, None) => "—".to_owned(),
        ("owner_id", Some(id)) => member_name(id),
        ("status", Some(status)) => status_label(status),
        ("type", Some(kind)) => ActionType::label_of(kind),
        ("due_date", Some(day)) => shown_date(day),
        ("public", Some("yes")) => t!("action-history-yes"),
        ("public", Some("no")) => t!("action-history-no"),
        (_, Some(value)) => value.to_owned(),
    };
    layout::page(
        context,
        &action.title,
        html! {
            p.muted {
                a href=(format!("/teams/{}", team.slug)) { (team.name) } " › "
                a href=(format!("/teams/{}/incidents/{}", team.slug, action.incident_id)) { (action.incident_title) }
                " › " (t!("action-breadcrumb"))
            }
            h1 { (action.title) }
            dl.stats {
                div { dt { (t!("action-status")) } dd { (status_label(&action.status)) } }
                div { dt { (t!("action-owner")) } dd { (action.owner_name.clone().unwrap_or_else(|| t!("action-owner-nobody"))) } }
                div { dt { (t!("action-due")) } dd { (shown_due(action.due_date.as_deref())) } }
                div { dt { (t!("action-priority")) } dd { (action.priority) } }
                div { dt { (t!("action-type")) } dd { (ActionType::label_of(&action.action_type)) } }
            }
            @if let Some(reason) = &action.status_reason { p { strong { (t!("action-why-not")) } " " (reason) } }
            @if !action.description.is_empty() { p.entry-text { (action.description) } }
            @if let Some(url) = &action.external_url {
                p { (sentence(&t!("action-tracked-in", link = "{0}"), &[html! { a href=(url) rel="noopener noreferrer" { (url) } }])) }
            }
            @if can_edit {
                h2 { (t!("action-change")) }
                // Every error shows here: several fields of this form have no spot of their own.
                @if let Some(error) = error { div.flash.flash-error role="alert" { (error.message) } }
                form.stacked.card method="post" action=(format!("/teams/{}/actions/{}", team.slug, action.id)) {
                    (csrf_field(&context.csrf_token))
                    div { label for="action-title" { (t!("action-title")) } input #action-title type="text" name="title" value=(form.title) required; }
                    div { label for="action-description" { (t!("action-description")) } textarea #action-description name="description" rows="4" { (form.description) } }
                    div {
                        label for="action-status" { (t!("action-status")) }
                        select #action-status name="status" {
                            @for status in Status::ALL { option value=(status.as_str()) selected[status.as_str() == form.status] { (status.label()) } }
                        }
                    }
                    div {
                        label for="action-reason" { (t!("action-reason")) }
                        @let reason_error = error.filter(|e| e.field.as_deref() == Some("reason")).map(|e| e.message.as_str());
                        input #action-reason type="text" name="reason" value=(form.status_reason.as_deref().unwrap_or(""))
                            aria-invalid=[reason_error.map(|_| "true")] aria-describedby=[reason_error.map(|_| "action-reason-error")];
                        @if let Some(message) = reason_error { p.field-error #action-reason-error { (message) } }
                    }
                    div {
                        label for="action-owner" { (t!("action-owner")) }
                        select #action-owner name="owner" {
                            option value="" { (t!("action-owner-nobody")) }
                            @for member in members { option value=(member.user_id.0) selected[Some(member.user_id.0) == form.owner_id] { (member.display_name) } }
                        }
                    }
                    div { label for="action-due" { (t!("action-due-date")) } input #action-due type="date" name="due_date" value=(form.due_date.as_deref().unwrap_or("")); }
                    div {
                        label for="action-priority" { (t!("action-priority")) }
                        select #action-priority name="priority" { @for p in ["P1", "P2", "P3"] { option value=(p) selected[p == form.priority] { (p) } } }
                    }
                    div {
                        label for="action-type" { (t!("action-type")) }
                        select #action-type name="type" { @for kind in ActionType::ALL { option value=(kind.as_str()) selected[kind.as_str() == form.action_type] { (kind.label()) } } }
                    }
                    div { label for="action-link" { (t!("action-link")) } input #action-link type="url" name="external_url" value=(form.external_url.as_deref().unwrap_or("")); }
                    div.check {
                        input #action-public type="checkbox" name="is_public" value="on" checked[form.is_public];
                        label for="action-public" { (t!("action-public")) }
                    }
                    div { button type="submit" { (t!("action-save")) } }
                }
            }
            h2 { (t!("action-history")) }
            ol.timeline {
                li { div.entry-meta { (time_in_zone(action.created_at, zone)) } p { (t!("action-history-created")) } }
                @for entry in history {
                    li {
                        div.entry-meta {
                            (time_in_zone(entry.at, zone))
                            span { (entry.actor_name.clone().unwrap_or_else(|| t!("action-history-someone"))) }
                        }
                        p {
                            (sentence(
                                &t!("action-history-changed", field = entry.field.as_str(), old = "{0}", new = "{1}"),
                                &[
                                    html! { strong { (shown(&entry.field, &entry.old_value)) } },
                                    html! { strong { (shown(&entry.field, &entry.new_value)) } },
                                ],
                            ))
                        }
                    }
                }
            }
        },
    )
}

/// The label of a stored status.
pub fn status_label(status: &str) -> String {
    Status::ALL
        .iter()
        .find(|s| s.as_str() == status)
        .map_or_else(|| t!("action-status-unknown"), |s| s.label())
}

/// The action items of one incident, with a form to add one.
pub fn incident_actions(
    context: &PageContext,
    team: &Team,
    incident: i64,
    actions: &[ActionItem],
    members: &[Member],
    can_add: bool,
) -> Markup {
    html! {
        h2 #actions { (t!("action-incident-heading")) }
        @if actions.is_empty() { p { (t!("action-incident-empty")) } } @else {
            ul {
                @for action in actions {
                    li {
                        a href=(format!("/teams/{}/actions/{}", team.slug, action.id)) { (action.title) }
                        " — " (status_label(&action.status)) ", " (action.priority)
                        @if let Some(owner) = &action.owner_name { ", " (owner) }
                        @if let Some(due) = &action.due_date { ", " (t!("action-due-on", date = shown_date(due))) }
                    }
                }
            }
        }
        @if can_add {
            details.edit {
                summary { (t!("action-add-summary")) }
                form.stacked.card method="post" action=(format!("/teams/{}/incidents/{incident}/actions", team.slug)) {
                    (csrf_field(&context.csrf_token))
                    div { label for="new-action-title" { (t!("action-add-title")) } input #new-action-title type="text" name="title" required; }
                    div { label for="new-action-type" { (t!("action-type")) } select #new-action-type name="type" { @for kind in ActionType::ALL { option value=(kind.as_str()) { (kind.label()) } } } }
                    div {
                        label for="new-action-owner" { (t!("action-owner")) }
                        select #new-action-owner name="owner" {
                            option value="" { (t!("action-owner-nobody")) }
                            @for member in members { option value=(member.user_id.0) { (member.display_name) } }
                        }
                    }
                    div { label for="new-action-priority" { (t!("action-priority")) } select #new-action-priority name="priority" { option value="P1" { "P1" } option value="P2" selected { "P2" } option value="P3" { "P3" } } }
                    div { label for="new-action-due" { (t!("action-due-date")) } input #new-action-due type="date" name="due_date"; }
                    div { button type="submit" { (t!("action-add-submit")) } }
                }
            }
        }
    }
}

/// What a list of action items shows.
pub struct ListPage<'a> {
    pub title: &'a str,
    /// The list's own address (`/actions`).
    pub path: &'a str,
    pub filter: &'a super::filter::ActionFilter,
    pub query: &'a super::filter::FilterQuery,
    pub items: &'a [ActionItem],
    pub teams: &'a [Team],
    pub has_next: bool,
    pub today: chrono::NaiveDate,
}

pub fn list_page(context: &PageContext, page: &ListPage<'_>) -> Markup {
    let query = page.query;
    let selected = |value: &str, current: &str| value == current;
    let today = page.today.format("%Y-%m-%d").to_string();
    html! {
        (layout::page(context, page.title, html! {
            h1 { (page.title) }
            form.filters method="get" action=(page.path) {
                div {
                    label for="filter-team" { (t!("action-filter-team")) }
                    select #filter-team name="team" {
                        option value="" { (t!("action-filter-all-teams")) }
                        @for team in page.teams { option value=(team.slug) selected[selected(&team.slug, &query.team)] { (team.name) } }
                    }
                }
                div {
                    label for="filter-owner" { (t!("action-owner")) }
                    select #filter-owner name="owner" {
                        option value="" { (t!("action-filter-anyone")) }
                        option value="me" selected[selected("me", &query.owner)] { (t!("action-filter-me")) }
                    }
                }
                div {
                    label for="filter-status" { (t!("action-status")) }
                    select #filter-status name="status" {
                        option value="" { (t!("action-filter-any")) }
                        option value="open" selected[selected("open", &query.status)] { (t!("action-filter-still-to-do")) }
                        // "Still to do" covers open and in progress; listing "Open" too would mean the same.
                        @for status in [Status::InProgress, Status::Done, Status::WontDo] { option value=(status.as_str()) selected[selected(status.as_str(), &query.status)] { (status.label()) } }
                    }
                }
                div {
                    label for="filter-type" { (t!("action-type")) }
                    select #filter-type name="type" {
                        option value="" { (t!("action-filter-any")) }
                        @for kind in ActionType::ALL { option value=(kind.as_str()) selected[selected(kind.as_str(), &query.action_type)] { (kind.label()) } }
                    }
                }
                div {
                    label for="filter-priority" { (t!("action-priority")) }
                    select #filter-priority name="priority" {
                        option value="" { (t!("action-filter-any")) }
                        @for p in ["P1", "P2", "P3"] { option value=(p) selected[selected(p, &query.priority.to_uppercase())] { (p) } }
                    }
                }
                div { label for="filter-due-after" { (t!("action-filter-due-from")) } input #filter-due-after type="date" name="due_after" value=(query.due_after); }
                div { label for="filter-due-before" { (t!("action-filter-due-until")) } input #filter-due-before type="date" name="due_before" value=(query.due_before); }
                div {
                    label for="filter-sort" { (t!("action-filter-sort")) }
                    select #filter-sort name="sort" {
                        @for (sort, key) in super::filter::Sort::ALL { option value=(key) selected[sort == page.filter.sort] { (sort.label()) } }
                    }
                }
                div.checkbox { input #filter-overdue type="checkbox" name="overdue" value="true" checked[page.filter.overdue]; " " label for="filter-overdue" { (t!("action-filter-overdue")) } }
                div { button.secondary type="submit" { (t!("action-filter-submit")) } }
            }
            p {
                a href=(format!("/actions.csv?{}", page.filter.to_query(None))) { (t!("action-list-download")) }
            }
            @if page.items.is_empty() { p { (t!("action-list-empty")) } } @else {
                div.table-wrap {
                    table {
                        caption.visually-hidden { (page.title) }
                        thead { tr {
                            th scope="col" { (t!("action-column-action")) } th scope="col" { (t!("action-column-incident")) } th scope="col" { (t!("action-owner")) }
                            th scope="col" { (t!("action-status")) } th scope="col" { (t!("action-priority")) } th scope="col" { (t!("action-due")) } th scope="col" { (t!("action-type")) }
                        } }
                        tbody {
                            @for item in page.items {
                                @let overdue = item.due_date.as_deref().is_some_and(|d| d < today.as_str()) && matches!(item.status.as_str(), "open" | "in_progress");
                                tr {
                                    td { a href=(format!("/teams/{}/actions/{}", item.team_slug, item.id)) { (item.title) } }
                                    td { (item.incident_title) }
                                    td { (item.owner_name.as_deref().unwrap_or("—")) }
                                    td { (status_label(&item.status)) }
                                    td { (item.priority) }
                                    td class=[overdue.then_some("over-target")] { (shown_due(item.due_date.as_deref())) @if overdue { " (" (t!("action-overdue-mark")) ")" } }
                                    td { (ActionType::label_of(&item.action_type)) }
                                }
                            }
                        }
                    }
                }
            }
            nav.pager aria-label=(t!("web-pages")) {
                @if page.filter.page > 1 { a href=(format!("{}?{}", page.path, page.filter.to_query(Some(page.filter.page - 1)))) { (t!("action-list-previous")) } " " }
                @if page.has_next { a href=(format!("{}?{}", page.path, page.filter.to_query(Some(page.filter.page + 1)))) { (t!("action-list-next")) } }
            }
        }))
    }
}

/// A team's items in columns by status, each with a quick status change.
pub fn team_board(
    context: &PageContext,
    team: &Team,
    items: &[ActionItem],
    members: &[Member],
    can_edit: bool,
) -> Markup {
    layout::page(
        context,
        &t!("action-board-title", team = team.name.as_str()),
        html! {
            p.muted { a href=(format!("/teams/{}", team.slug)) { (team.name) } " › " (t!("action-board-breadcrumb")) }
            h1 { (t!("action-board-heading", team = team.name.as_str())) }
            p {
                a href=(format!("/actions?team={}&status=open", team.slug)) { (t!("action-board-list")) } " · "
                a href=(format!("/actions?team={}&overdue=true", team.slug)) { (t!("action-board-overdue")) } " · "
                a href=(format!("/actions.csv?team={}", team.slug)) { "CSV" }
            }
            div.prompts #board {
                @for status in Status::ALL {
                    section.prompt aria-labelledby=(format!("column-{}", status.as_str())) {
                        @let column: Vec<&ActionItem> = items.iter().filter(|i| i.status == status.as_str()).collect();
                        h2 #(format!("column-{}", status.as_str())) { (status.label()) " (" (column.len()) ")" }
                        ul.cards {
                            @for item in column {
                                li.retro-card {
                                    p { a href=(format!("/teams/{}/actions/{}", team.slug, item.id)) { (item.title) } }
                                    p.muted {
                                        (item.priority) " · " (item.owner_name.clone().unwrap_or_else(|| t!("action-no-owner")))
                                        " · " (t!("action-due-on", date = shown_due(item.due_date.as_deref())))
                                    }
                                    @if can_edit && status != Status::WontDo {
                                        (quick_edit(context, &team.slug, item, members))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// Status, owner and due date of one item, changed in place: with htmx the board is
/// swapped in from the answer, without it the form posts and the page reloads.
/// Won't do needs a reason, so it is set on the item's own page.
pub fn quick_edit(
    context: &PageContext,
    team_slug: &str,
    item: &ActionItem,
    members: &[Member],
) -> Markup {
    let id = item.id;
    html! {
        form.quick-edit method="post" action=(format!("/teams/{team_slug}/actions/{id}/status"))
            hx-post=(format!("/teams/{team_slug}/actions/{id}/status")) hx-target="#board" hx-select="#board"
            hx-swap="outerHTML" hx-select-oob="#flash" {
            (csrf_field(&context.csrf_token))
            label for=(format!("status-{id}")) { (t!("action-status")) span.visually-hidden { " " (t!("action-quick-of", title = item.title.as_str())) } }
            select id=(format!("status-{id}")) name="status" {
                @for option in [Status::Open, Status::InProgress, Status::Done] {
                    option value=(option.as_str()) selected[option.as_str() == item.status] { (option.label()) }
                }
            }
            label for=(format!("owner-{id}")) { (t!("action-owner")) span.visually-hidden { " " (t!("action-quick-of", title = item.title.as_str())) } }
            select id=(format!("owner-{id}")) name="owner" {
                option value="" { (t!("action-owner-nobody")) }
                @for member in members {
                    option value=(member.user_id.0) selected[Some(member.user_id.0) == item.owner_id] { (member.display_name) }
                }
            }
            label for=(format!("due-{id}")) { (t!("action-due")) span.visually-hidden { " " (t!("action-quick-due-of", title = item.title.as_str())) } }
            input id=(format!("due-{id}")) type="date" name="due_date" value=(item.due_date.as_deref().unwrap_or(""));
            button.secondary type="submit" { (t!("action-quick-save")) span.visually-hidden { " " (t!("action-quick-save-whose", title = item.title.as_str())) } }
        }
    }
}

/// The account page's calendar feed section.
pub fn calendar_section(context: &PageContext, has_feed: bool) -> Markup {
    html! {
        h2 { (t!("calendar-heading")) }
        p.muted { (t!("calendar-intro")) }
        form.inline method="post" action="/account/calendar" {
            (csrf_field(&context.csrf_token))
            button.secondary type="submit" {
                @if has_feed { (t!("calendar-renew")) } @else { (t!("calendar-create")) }
            }
        }
        @if has_feed {
            " "
            form.inline method="post" action="/account/calendar/revoke" {
                (csrf_field(&context.csrf_token))
                button.secondary type="submit" data-confirm=(t!("calendar-stop-confirm")) { (t!("calendar-stop")) }
            }
        }
    }
}

/// Shows a new calendar address once.
pub fn calendar_link_page(context: &PageContext, url: &str) -> Markup {
    layout::page(
        context,
        &t!("calendar-heading"),
        html! {
            h1 { (t!("calendar-link-heading")) }
            p { (t!("calendar-link-intro")) }
            p.card.secret-link { code #calendar-url { (url) } }
            p { a href="/account" { (t!("account-back")) } }
        },
    )
}

/// The follow-through dashboard, for one team or all of the reader's.
pub fn dashboard_page(
    context: &PageContext,
    title: &str,
    dashboard: &super::dashboard::Dashboard,
    oldest: &[ActionItem],
    list_link: &str,
) -> Markup {
    use super::dashboard::{ChartUnit, RECENT_INCIDENTS, bar_chart};
    let by_type: Vec<(String, f64)> = dashboard
        .median_days_by_type
        .iter()
        .map(|(k, v)| (ActionType::label_of(k), *v))
        .collect();
    let by_priority: Vec<(String, f64)> = dashboard
        .median_days_by_priority
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    let open_by_priority: Vec<(String, f64)> = dashboard
        .open_by_priority
        .iter()
        .map(|(k, v)| (k.clone(), *v as f64))
        .collect();
    layout::page(
        context,
        title,
        html! {
            h1 { (title) }
            dl.stats {
                div { dt { (t!("dashboard-open")) } dd { (dashboard.open) } }
                div { dt { (t!("dashboard-overdue")) } dd class=[(dashboard.overdue > 0).then_some("over-target")] { (dashboard.overdue) } }
                div { dt { (t!("dashboard-done-days", days = 30)) } dd { (dashboard.done_30_days) } }
                div { dt { (t!("dashboard-done-days", days = 90)) } dd { (dashboard.done_90_days) } }
                div {
                    dt { (t!("dashboard-completion", incidents = RECENT_INCIDENTS)) }
                    dd {
                        @match dashboard.completion_rate {
                            Some(rate) => (t!("dashboard-completion-rate", percent = format!("{:.0}%", rate * 100.0), items = dashboard.recent_items)),
                            None => "—",
                        }
                    }
                }
            }
            p { a href=(list_link) { (t!("dashboard-see-items")) } }
            div.charts {
                (bar_chart(&t!("dashboard-chart-open-by-priority"), ChartUnit::Items, &open_by_priority))
                (bar_chart(&t!("dashboard-chart-days-by-type"), ChartUnit::Days, &by_type))
                (bar_chart(&t!("dashboard-chart-days-by-priority"), ChartUnit::Days, &by_priority))
            }
            h2 { (t!("dashboard-waiting-longest")) }
            @if oldest.is_empty() { p { (t!("dashboard-nothing-open")) } } @else {
                ol {
                    @for item in oldest {
                        li {
                            a href=(format!("/teams/{}/actions/{}", item.team_slug, item.id)) { (item.title) }
                            " — " (item.incident_title) ", " (item.owner_name.clone().unwrap_or_else(|| t!("action-no-owner")))
                            @if let Some(due) = &item.due_date { ", " (t!("action-due-on", date = shown_date(due))) }
                        }
                    }
                }
            }
        },
    )
}

/// A team's webhook settings and recent failed deliveries (owners only).
pub fn webhook_section(
    context: &PageContext,
    team: &Team,
    webhook: Option<&super::reminders::Webhook>,
    failures: &[(String, String, i64, String)],
) -> Markup {
    html! {
        h2 #webhook { (t!("webhook-heading")) }
        p.muted { (t!("webhook-intro")) }
        @if let Some(webhook) = webhook {
            p { (sentence(&t!("webhook-sending", format = webhook.format.as_str(), url = "{0}"), &[html! { code { (webhook.url) } }])) }
        }
        form.stacked.card method="post" action=(format!("/teams/{}/webhook", team.slug)) {
            (csrf_field(&context.csrf_token))
            div {
                label for="webhook-url" { (t!("webhook-url")) }
                input #webhook-url type="url" name="webhook_url" value=(webhook.map(|w| w.url.as_str()).unwrap_or(""));
            }
            div {
                label for="webhook-format" { (t!("webhook-format")) }
                select #webhook-format name="webhook_format" {
                    option value="slack" selected[webhook.is_some_and(|w| w.format == "slack")] { (t!("webhook-format-slack")) }
                    option value="generic" selected[webhook.is_some_and(|w| w.format == "generic")] { (t!("webhook-format-generic")) }
                }
            }
            div {
                label for="webhook-language" { (t!("webhook-language")) }
                @let chosen = webhook.map_or_else(crate::i18n::current, |w| w.language);
                select #webhook-language name="webhook_language" {
                    @for lang in crate::i18n::Lang::ALL {
                        option value=(lang.code()) lang=(lang.code()) selected[lang == chosen] { (lang.native_name()) }
                    }
                }
            }
            div { button type="submit" { (t!("webhook-save")) } }
        }
        @if !failures.is_empty() {
            h3 { (t!("webhook-failures")) }
            ul {
                @for (title, reason, attempts, error) in failures {
                    li { (title) " (" (t!("webhook-reason", reason = reason.as_str())) "): " (error) " — " (t!("webhook-attempts", count = *attempts)) }
                }
            }
        }
    }
}

/// Shows a new webhook's signing secret once.
pub fn webhook_secret_page(context: &PageContext, team: &Team, secret: &str) -> Markup {
    layout::page(
        context,
        &t!("webhook-saved"),
        html! {
            h1 { (t!("webhook-saved")) }
            p {
                (sentence(
                    &t!("webhook-secret-intro", timestamp = "{0}", signature = "{1}", signed = "{2}"),
                    &[
                        html! { code { "X-Hindsight-Timestamp" } },
                        html! { code { "X-Hindsight-Signature: sha256=…" } },
                        html! { code { "timestamp.body" } },
                    ],
                ))
            }
            p.card.secret-link { code #webhook-secret { (secret) } }
            p { a href=(format!("/teams/{}", team.slug)) { (t!("webhook-back")) } }
        },
    )
}
