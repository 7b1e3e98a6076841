//! Action item pages.

use maud::{Markup, html};

use super::{ActionDetail, ActionItem, ActionType, HistoryEntry, Status};
use crate::accounts::teams::{Member, Team};
use crate::web::PageContext;
use crate::web::layout::{self, FormError, csrf_field, time_in_zone};

fn field_label(field: &str) -> &str {
    match field {
        "owner_id" => "owner",
        "due_date" => "due date",
        "external_url" => "link",
        "public" => "public",
        "status_reason" => "reason",
        other => other,
    }
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
            .map_or_else(|| format!("person {id}"), |m| m.display_name.clone())
    };
    let shown = |field: &str, value: &Option<String>| match (
        field,
        value.as_deref().filter(|v| !v.is_empty()),
    ) {
        (_, None) => "—".to_owned(),
        ("owner_id", Some(id)) => member_name(id),
        ("status", Some(status)) => status_label(status).to_owned(),
        (_, Some(value)) => value.to_owned(),
    };
    layout::page(
        context,
        &action.title,
        html! {
            p.muted {
                a href=(format!("/teams/{}", team.slug)) { (team.name) } " › "
                a href=(format!("/teams/{}/incidents/{}", team.slug, action.incident_id)) { (action.incident_title) }
                " › Action item"
            }
            h1 { (action.title) }
            dl.stats {
                div { dt { "Status" } dd { (status_label(&action.status)) } }
                div { dt { "Owner" } dd { (action.owner_name.as_deref().unwrap_or("Nobody yet")) } }
                div { dt { "Due" } dd { (action.due_date.as_deref().unwrap_or("—")) } }
                div { dt { "Priority" } dd { (action.priority) } }
                div { dt { "Type" } dd { (action.action_type) } }
            }
            @if let Some(reason) = &action.status_reason { p { strong { "Why not: " } (reason) } }
            @if !action.description.is_empty() { p.entry-text { (action.description) } }
            @if let Some(url) = &action.external_url { p { "Tracked in " a href=(url) rel="noopener noreferrer" { (url) } } }
            @if can_edit {
                h2 { "Change" }
                // Every error shows here: several fields of this form have no spot of their own.
                @if let Some(error) = error { div.flash.flash-error role="alert" { (error.message) } }
                form.stacked.card method="post" action=(format!("/teams/{}/actions/{}", team.slug, action.id)) {
                    (csrf_field(&context.csrf_token))
                    div { label for="action-title" { "Title" } input #action-title type="text" name="title" value=(form.title) required; }
                    div { label for="action-description" { "Description" } textarea #action-description name="description" rows="4" { (form.description) } }
                    div {
                        label for="action-status" { "Status" }
                        select #action-status name="status" {
                            @for status in Status::ALL { option value=(status.as_str()) selected[status.as_str() == form.status] { (status.label()) } }
                        }
                    }
                    div {
                        label for="action-reason" { "Reason (needed for won't do)" }
                        @let reason_error = error.filter(|e| e.field.as_deref() == Some("reason")).map(|e| e.message.as_str());
                        input #action-reason type="text" name="reason" value=(form.status_reason.as_deref().unwrap_or(""))
                            aria-invalid=[reason_error.map(|_| "true")] aria-describedby=[reason_error.map(|_| "action-reason-error")];
                        @if let Some(message) = reason_error { p.field-error #action-reason-error { (message) } }
                    }
                    div {
                        label for="action-owner" { "Owner" }
                        select #action-owner name="owner" {
                            option value="" { "Nobody yet" }
                            @for member in members { option value=(member.user_id.0) selected[Some(member.user_id.0) == form.owner_id] { (member.display_name) } }
                        }
                    }
                    div { label for="action-due" { "Due date" } input #action-due type="date" name="due_date" value=(form.due_date.as_deref().unwrap_or("")); }
                    div {
                        label for="action-priority" { "Priority" }
                        select #action-priority name="priority" { @for p in ["P1", "P2", "P3"] { option value=(p) selected[p == form.priority] { (p) } } }
                    }
                    div {
                        label for="action-type" { "Type" }
                        select #action-type name="type" { @for kind in ActionType::ALL { option value=(kind.as_str()) selected[kind.as_str() == form.action_type] { (kind) } } }
                    }
                    div { label for="action-link" { "Link to the issue tracker" } input #action-link type="url" name="external_url" value=(form.external_url.as_deref().unwrap_or("")); }
                    div.check {
                        input #action-public type="checkbox" name="is_public" value="on" checked[form.is_public];
                        label for="action-public" { "Public: list it in the customer-facing review" }
                    }
                    div { button type="submit" { "Save changes" } }
                }
            }
            h2 { "History" }
            ol.timeline {
                li { div.entry-meta { (time_in_zone(action.created_at, zone)) } p { "Created." } }
                @for entry in history {
                    li {
                        div.entry-meta { (time_in_zone(entry.at, zone)) span { (entry.actor_name.as_deref().unwrap_or("someone")) } }
                        p { "Changed " (field_label(&entry.field)) " from " strong { (shown(&entry.field, &entry.old_value)) } " to " strong { (shown(&entry.field, &entry.new_value)) } "." }
                    }
                }
            }
        },
    )
}

pub fn status_label(status: &str) -> &'static str {
    Status::ALL
        .iter()
        .find(|s| s.as_str() == status)
        .map_or("Unknown", |s| s.label())
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
        h2 #actions { "Action items" }
        @if actions.is_empty() { p { "No action items yet." } } @else {
            ul {
                @for action in actions {
                    li {
                        a href=(format!("/teams/{}/actions/{}", team.slug, action.id)) { (action.title) }
                        " — " (status_label(&action.status)) ", " (action.priority)
                        @if let Some(owner) = &action.owner_name { ", " (owner) }
                        @if let Some(due) = &action.due_date { ", due " (due) }
                    }
                }
            }
        }
        @if can_add {
            details.edit {
                summary { "Add an action item" }
                form.stacked.card method="post" action=(format!("/teams/{}/incidents/{incident}/actions", team.slug)) {
                    (csrf_field(&context.csrf_token))
                    div { label for="new-action-title" { "What will we do?" } input #new-action-title type="text" name="title" required; }
                    div { label for="new-action-type" { "Type" } select #new-action-type name="type" { @for kind in ActionType::ALL { option value=(kind.as_str()) { (kind) } } } }
                    div {
                        label for="new-action-owner" { "Owner" }
                        select #new-action-owner name="owner" {
                            option value="" { "Nobody yet" }
                            @for member in members { option value=(member.user_id.0) { (member.display_name) } }
                        }
                    }
                    div { label for="new-action-priority" { "Priority" } select #new-action-priority name="priority" { option value="P1" { "P1" } option value="P2" selected { "P2" } option value="P3" { "P3" } } }
                    div { label for="new-action-due" { "Due date" } input #new-action-due type="date" name="due_date"; }
                    div { button type="submit" { "Add action item" } }
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
                    label for="filter-team" { "Team" }
                    select #filter-team name="team" {
                        option value="" { "All my teams" }
                        @for team in page.teams { option value=(team.slug) selected[selected(&team.slug, &query.team)] { (team.name) } }
                    }
                }
                div {
                    label for="filter-owner" { "Owner" }
                    select #filter-owner name="owner" {
                        option value="" { "Anyone" }
                        option value="me" selected[selected("me", &query.owner)] { "Me" }
                    }
                }
                div {
                    label for="filter-status" { "Status" }
                    select #filter-status name="status" {
                        option value="" { "Any" }
                        option value="open" selected[selected("open", &query.status)] { "Still to do" }
                        // "Still to do" covers open and in progress; listing "Open" too would mean the same.
                        @for status in [Status::InProgress, Status::Done, Status::WontDo] { option value=(status.as_str()) selected[selected(status.as_str(), &query.status)] { (status.label()) } }
                    }
                }
                div {
                    label for="filter-type" { "Type" }
                    select #filter-type name="type" {
                        option value="" { "Any" }
                        @for kind in ActionType::ALL { option value=(kind.as_str()) selected[selected(kind.as_str(), &query.action_type)] { (kind) } }
                    }
                }
                div {
                    label for="filter-priority" { "Priority" }
                    select #filter-priority name="priority" {
                        option value="" { "Any" }
                        @for p in ["P1", "P2", "P3"] { option value=(p) selected[selected(p, &query.priority.to_uppercase())] { (p) } }
                    }
                }
                div { label for="filter-due-after" { "Due from" } input #filter-due-after type="date" name="due_after" value=(query.due_after); }
                div { label for="filter-due-before" { "Due until" } input #filter-due-before type="date" name="due_before" value=(query.due_before); }
                div {
                    label for="filter-sort" { "Sort by" }
                    select #filter-sort name="sort" {
                        @for (sort, key, label) in super::filter::Sort::ALL { option value=(key) selected[sort == page.filter.sort] { (label) } }
                    }
                }
                div.checkbox { input #filter-overdue type="checkbox" name="overdue" value="true" checked[page.filter.overdue]; " " label for="filter-overdue" { "Overdue only" } }
                div { button.secondary type="submit" { "Show" } }
            }
            p {
                a href=(format!("/actions.csv?{}", page.filter.to_query(None))) { "Download this view as CSV" }
            }
            @if page.items.is_empty() { p { "No action items match." } } @else {
                div.table-wrap {
                    table {
                        caption.visually-hidden { (page.title) }
                        thead { tr {
                            th scope="col" { "Action" } th scope="col" { "Incident" } th scope="col" { "Owner" }
                            th scope="col" { "Status" } th scope="col" { "Priority" } th scope="col" { "Due" } th scope="col" { "Type" }
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
                                    td class=[overdue.then_some("over-target")] { (item.due_date.as_deref().unwrap_or("—")) @if overdue { " (overdue)" } }
                                    td { (item.action_type) }
                                }
                            }
                        }
                    }
                }
            }
            nav.pager aria-label="Pages" {
                @if page.filter.page > 1 { a href=(format!("{}?{}", page.path, page.filter.to_query(Some(page.filter.page - 1)))) { "← Previous" } " " }
                @if page.has_next { a href=(format!("{}?{}", page.path, page.filter.to_query(Some(page.filter.page + 1)))) { "Next →" } }
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
        &format!("{} action items", team.name),
        html! {
            p.muted { a href=(format!("/teams/{}", team.slug)) { (team.name) } " › Action items" }
            h1 { "Action items of " (team.name) }
            p {
                a href=(format!("/actions?team={}&status=open", team.slug)) { "List with filters" } " · "
                a href=(format!("/actions?team={}&overdue=true", team.slug)) { "Overdue" } " · "
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
                                    p.muted { (item.priority) " · " (item.owner_name.as_deref().unwrap_or("no owner")) " · due " (item.due_date.as_deref().unwrap_or("—")) }
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
            label for=(format!("status-{id}")) { "Status" span.visually-hidden { " of " (item.title) } }
            select id=(format!("status-{id}")) name="status" {
                @for option in [Status::Open, Status::InProgress, Status::Done] {
                    option value=(option.as_str()) selected[option.as_str() == item.status] { (option.label()) }
                }
            }
            label for=(format!("owner-{id}")) { "Owner" span.visually-hidden { " of " (item.title) } }
            select id=(format!("owner-{id}")) name="owner" {
                option value="" { "Nobody yet" }
                @for member in members {
                    option value=(member.user_id.0) selected[Some(member.user_id.0) == item.owner_id] { (member.display_name) }
                }
            }
            label for=(format!("due-{id}")) { "Due" span.visually-hidden { " date of " (item.title) } }
            input id=(format!("due-{id}")) type="date" name="due_date" value=(item.due_date.as_deref().unwrap_or(""));
            button.secondary type="submit" { "Save" span.visually-hidden { " changes to " (item.title) } }
        }
    }
}

/// The account page's calendar feed section.
pub fn calendar_section(context: &PageContext, has_feed: bool) -> Markup {
    html! {
        h2 { "Calendar feed" }
        p.muted { "Subscribe to your action items' due dates in your calendar app. The address is secret: anyone who has it sees your items' titles." }
        form.inline method="post" action="/account/calendar" {
            (csrf_field(&context.csrf_token))
            button.secondary type="submit" {
                @if has_feed { "Make a new address (the old one stops working)" } @else { "Make a calendar address" }
            }
        }
        @if has_feed {
            " "
            form.inline method="post" action="/account/calendar/revoke" {
                (csrf_field(&context.csrf_token))
                button.secondary type="submit" data-confirm="Stop the calendar feed?" { "Stop the feed" }
            }
        }
    }
}

/// Shows a new calendar address once.
pub fn calendar_link_page(context: &PageContext, url: &str) -> Markup {
    layout::page(
        context,
        "Calendar feed",
        html! {
            h1 { "Your calendar feed" }
            p { "Add this address to your calendar app as a subscription. It is shown only now." }
            p.card.secret-link { code #calendar-url { (url) } }
            p { a href="/account" { "Back to your account" } }
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
    use super::dashboard::{RECENT_INCIDENTS, bar_chart};
    let by_type: Vec<(String, f64)> = dashboard
        .median_days_by_type
        .iter()
        .map(|(k, v)| (k.clone(), *v))
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
                div { dt { "Open" } dd { (dashboard.open) } }
                div { dt { "Overdue" } dd class=[(dashboard.overdue > 0).then_some("over-target")] { (dashboard.overdue) } }
                div { dt { "Done in 30 days" } dd { (dashboard.done_30_days) } }
                div { dt { "Done in 90 days" } dd { (dashboard.done_90_days) } }
                div {
                    dt { "Done, of the last " (RECENT_INCIDENTS) " incidents' items" }
                    dd {
                        @match dashboard.completion_rate {
                            Some(rate) => { (format!("{:.0}%", rate * 100.0)) " of " (dashboard.recent_items) }
                            None => "—",
                        }
                    }
                }
            }
            p { a href=(list_link) { "See the items" } }
            div.charts {
                (bar_chart("Open items by priority", "items", &open_by_priority))
                (bar_chart("Median days to close, by type", "days", &by_type))
                (bar_chart("Median days to close, by priority", "days", &by_priority))
            }
            h2 { "Waiting longest" }
            @if oldest.is_empty() { p { "Nothing is open." } } @else {
                ol {
                    @for item in oldest {
                        li {
                            a href=(format!("/teams/{}/actions/{}", item.team_slug, item.id)) { (item.title) }
                            " — " (item.incident_title) ", " (item.owner_name.as_deref().unwrap_or("no owner"))
                            @if let Some(due) = &item.due_date { ", due " (due) }
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
        h2 #webhook { "Notifications" }
        p.muted { "Hindsight posts to this address when an action item is created, done, due within two days, or overdue." }
        @if let Some(webhook) = webhook { p { "Sending " (webhook.format) " messages to " code { (webhook.url) } "." } }
        form.stacked.card method="post" action=(format!("/teams/{}/webhook", team.slug)) {
            (csrf_field(&context.csrf_token))
            div {
                label for="webhook-url" { "Webhook address (empty to stop)" }
                input #webhook-url type="url" name="webhook_url" value=(webhook.map(|w| w.url.as_str()).unwrap_or(""));
            }
            div {
                label for="webhook-format" { "Format" }
                select #webhook-format name="webhook_format" {
                    option value="slack" selected[webhook.is_some_and(|w| w.format == "slack")] { "Slack-compatible ({\"text\": …})" }
                    option value="generic" selected[webhook.is_some_and(|w| w.format == "generic")] { "Generic JSON, signed with HMAC-SHA256" }
                }
            }
            div { button type="submit" { "Save webhook" } }
        }
        @if !failures.is_empty() {
            h3 { "Deliveries that failed" }
            ul {
                @for (title, reason, attempts, error) in failures {
                    li { (title) " (" (reason) "): " (error) " — " (attempts) " attempt" @if *attempts != 1 { "s" } }
                }
            }
        }
    }
}

/// Shows a new webhook's signing secret once.
pub fn webhook_secret_page(context: &PageContext, team: &Team, secret: &str) -> Markup {
    layout::page(
        context,
        "Webhook saved",
        html! {
            h1 { "Webhook saved" }
            p { "Deliveries carry " code { "X-Hindsight-Timestamp" } " and " code { "X-Hindsight-Signature: sha256=…" }
                ", the HMAC-SHA256 of " code { "timestamp.body" } " with this secret. It is shown only now." }
            p.card.secret-link { code #webhook-secret { (secret) } }
            p { a href=(format!("/teams/{}", team.slug)) { "Back to the team" } }
        },
    )
}
