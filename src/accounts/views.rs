//! Pages for signing in, first-run setup, accounts, people and teams.

use crate::t;
use maud::{Markup, html};

use super::User;
use super::teams::{Member, Team, TeamRole};
use crate::api::tokens::ApiToken;
use crate::web::PageContext;
use crate::web::layout::{self, Field, FormError, csrf_field, time_in_zone};

pub fn login_page(
    context: &PageContext,
    email: &str,
    next: &str,
    error: Option<&FormError>,
) -> Markup {
    layout::narrow_page(
        context,
        "Sign in",
        html! {
            h1 { "Sign in" }
            (FormError::summary(error))
            form.stacked.card method="post" action="/login" {
                (csrf_field(&context.csrf_token))
                input type="hidden" name="next" value=(next);
                (Field::new("email", "Email", "email").value(email).autocomplete("username").render())
                (Field::new("password", "Password", "password").autocomplete("current-password").render())
                div { button type="submit" { "Sign in" } }
            }
            p.muted { "Forgot your password? Ask an administrator for a new password link." }
        },
    )
}

pub struct SetupValues<'a> {
    pub token: &'a str,
    pub email: &'a str,
    pub name: &'a str,
}

pub fn setup_page(
    context: &PageContext,
    values: &SetupValues<'_>,
    error: Option<&FormError>,
) -> Markup {
    layout::narrow_page(
        context,
        "Set up Hindsight",
        html! {
            h1 { "Welcome to Hindsight" }
            p { "Create the first administrator account. You can invite everyone else afterwards." }
            (FormError::summary(error))
            form.stacked.card method="post" action="/setup" {
                (csrf_field(&context.csrf_token))
                input type="hidden" name="token" value=(values.token);
                (Field::new("name", "Your name", "text").value(values.name).autocomplete("name").error_from(error).render())
                (Field::new("email", "Email", "email").value(values.email).autocomplete("username").error_from(error).render())
                (Field::new("password", "Password", "password").autocomplete("new-password")
                    .hint("At least 10 characters. A few unrelated words work well.").error_from(error).render())
                (Field::new("password_confirm", "Password again", "password").autocomplete("new-password").error_from(error).render())
                div { button type="submit" { "Create administrator" } }
            }
        },
    )
}

pub fn account_page(
    context: &PageContext,
    user: &User,
    tokens: &[ApiToken],
    calendar: Markup,
    error: Option<&FormError>,
) -> Markup {
    layout::page(
        context,
        "Your account",
        html! {
            h1 { "Your account" }
            div.card {
                p { strong { (user.display_name) } br; (user.email) }
            }
            h2 { (t!("account-preferences")) }
            form.stacked.card method="post" action="/account/preferences" {
                (csrf_field(&context.csrf_token))
                div {
                    label for="field-language" { (t!("account-language")) }
                    select #field-language name="language" {
                        @for lang in crate::i18n::Lang::ALL {
                            option value=(lang.code()) lang=(lang.code()) selected[lang == user.language] { (lang.native_name()) }
                        }
                    }
                }
                div {
                    label for="field-time_zone" { (t!("account-time-zone")) }
                    select #field-time_zone name="time_zone" {
                        @for zone in chrono_tz::TZ_VARIANTS {
                            option value=(zone.name()) selected[zone.name() == user.time_zone] { (zone.name()) }
                        }
                    }
                }
                div { button type="submit" { (t!("account-preferences-save")) } }
            }
            (calendar)
            h2 { "API tokens" }
            p.muted { "For scripts that import timelines or read incidents through the JSON API. A token acts as you; revoke any you no longer use." }
            @if !tokens.is_empty() {
                div.table-wrap {
                    table {
                        caption.visually-hidden { "Your API tokens" }
                        thead { tr { th scope="col" { "Name" } th scope="col" { "Created" } th scope="col" { "Last used" } th scope="col" { "Revoke" } } }
                        tbody {
                            @for token in tokens {
                                tr {
                                    td { (token.name) }
                                    td { (time_in_zone(crate::db::time_from_ms(token.created_at), &user.time_zone)) }
                                    td {
                                        @match token.last_used_at {
                                            Some(at) => (time_in_zone(crate::db::time_from_ms(at), &user.time_zone)),
                                            None => "never",
                                        }
                                    }
                                    td {
                                        form.inline method="post" action=(format!("/account/tokens/{}/revoke", token.id)) {
                                            (csrf_field(&context.csrf_token))
                                            button.secondary type="submit" data-confirm=(format!("Revoke the token {}?", token.name)) {
                                                "Revoke" span.visually-hidden { " " (token.name) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            form.stacked.card method="post" action="/account/tokens" {
                (csrf_field(&context.csrf_token))
                (Field::new("name", "New token for", "text").hint("What will use it, e.g. \"CI importer\".").error_from(error).render())
                div { button type="submit" { "Create token" } }
            }
            h2 { "Change your password" }
            p.muted { "Changing it signs you out on every other device." }
            (FormError::summary(error))
            form.stacked.card method="post" action="/account/password" {
                (csrf_field(&context.csrf_token))
                (Field::new("current_password", "Current password", "password").autocomplete("current-password").error_from(error).render())
                (Field::new("new_password", "New password", "password").autocomplete("new-password")
                    .hint("At least 10 characters.").error_from(error).render())
                (Field::new("confirm_password", "New password again", "password").autocomplete("new-password").error_from(error).render())
                div { button type="submit" { "Change password" } }
            }
        },
    )
}

pub fn reset_password_page(
    context: &PageContext,
    token: &str,
    user: &User,
    error: Option<&FormError>,
) -> Markup {
    layout::narrow_page(
        context,
        "Choose a password",
        html! {
            h1 { "Choose a password" }
            p { "For " strong { (user.email) } "." }
            (FormError::summary(error))
            form.stacked.card method="post" action="/reset-password" {
                (csrf_field(&context.csrf_token))
                input type="hidden" name="token" value=(token);
                (Field::new("new_password", "New password", "password").autocomplete("new-password")
                    .hint("At least 10 characters.").error_from(error).render())
                (Field::new("confirm_password", "New password again", "password").autocomplete("new-password").error_from(error).render())
                div { button type="submit" { "Save password" } }
            }
        },
    )
}

/// Shows a one-time password link to the administrator who made it.
pub fn password_link_page(
    context: &PageContext,
    user: &User,
    link: &str,
    is_new_account: bool,
) -> Markup {
    layout::page(
        context,
        "Password link",
        html! {
            h1 {
                @if is_new_account { "Account created for " (user.display_name) }
                @else { "Password link for " (user.display_name) }
            }
            p {
                "Send this link to " strong { (user.email) } " so they can choose a password. "
                "It works once and expires in " (super::RESET_LINK_HOURS) " hours. "
                "It is shown only now."
            }
            p.card.secret-link { a href=(link) { (link) } }
            p { a href="/admin/users" { "Back to people" } }
        },
    )
}

pub fn admin_users_page(
    context: &PageContext,
    users: &[User],
    error: Option<&FormError>,
) -> Markup {
    let me = context.user.as_ref().map(|u| u.id);
    layout::page(
        context,
        "People",
        html! {
            h1 { "People" }
            div.table-wrap {
                table {
                    caption.visually-hidden { "Everyone with an account" }
                    thead { tr { th scope="col" { "Name" } th scope="col" { "Email" } th scope="col" { "Status" } th scope="col" { "Actions" } } }
                    tbody {
                        @for user in users {
                            tr {
                                td { (user.display_name) @if user.is_admin { " " span.badge { "admin" } } }
                                td { (user.email) }
                                td { @if user.is_disabled { "Disabled" } @else { "Active" } }
                                td {
                                    form.inline method="post" action=(format!("/admin/users/{}/reset-link", user.id.0)) {
                                        (csrf_field(&context.csrf_token))
                                        button.secondary type="submit" { "Password link" span.visually-hidden { " for " (user.display_name) } }
                                    }
                                    " "
                                    @if user.is_disabled {
                                        form.inline method="post" action=(format!("/admin/users/{}/enable", user.id.0)) {
                                            (csrf_field(&context.csrf_token))
                                            button.secondary type="submit" { "Enable" span.visually-hidden { " " (user.display_name) } }
                                        }
                                    } @else if Some(user.id) != me {
                                        form.inline method="post" action=(format!("/admin/users/{}/disable", user.id.0)) {
                                            (csrf_field(&context.csrf_token))
                                            button.secondary type="submit" data-confirm=(format!("Disable {}? They will be signed out.", user.display_name)) {
                                                "Disable" span.visually-hidden { " " (user.display_name) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "Add a person" }
            p.muted { "They get a one-time link to choose their own password." }
            (FormError::summary(error))
            form.stacked.card method="post" action="/admin/users" {
                (csrf_field(&context.csrf_token))
                (Field::new("name", "Name", "text").error_from(error).render())
                (Field::new("email", "Email", "email").error_from(error).render())
                div.checkbox {
                    input #field-is_admin type="checkbox" name="is_admin" value="on";
                    " "
                    label for="field-is_admin" { "Instance administrator (manages people and teams)" }
                }
                div { button type="submit" { "Create account" } }
            }
        },
    )
}

pub fn teams_page(
    context: &PageContext,
    teams: &[(Team, Option<TeamRole>)],
    can_create: bool,
    error: Option<&FormError>,
) -> Markup {
    layout::page(
        context,
        "Teams",
        html! {
            h1 { "Teams" }
            @if teams.is_empty() {
                p { "You are not in any team yet. A team owner or an administrator can add you." }
            } @else {
                ul.team-list {
                    @for (team, role) in teams {
                        li.card {
                            a href=(format!("/teams/{}", team.slug)) { strong { (team.name) } }
                            " "
                            span.muted { (team.slug) }
                            @if let Some(role) = role { " " span.badge { (role) } }
                        }
                    }
                }
            }
            @if can_create {
                h2 { "Create a team" }
                (FormError::summary(error))
                form.stacked.card method="post" action="/teams" {
                    (csrf_field(&context.csrf_token))
                    (Field::new("name", "Team name", "text").error_from(error).render())
                    (Field::new("slug", "Short name", "text")
                        .hint("Used in addresses: lowercase letters, digits and dashes, such as payments-sre.")
                        .error_from(error).render())
                    div { button type="submit" { "Create team" } }
                }
            }
        },
    )
}

pub fn team_page(
    context: &PageContext,
    team: &Team,
    my_role: TeamRole,
    members: &[Member],
    incidents: Markup,
    target_cadence_minutes: i64,
) -> Markup {
    let is_owner = my_role == TeamRole::Owner;
    layout::page(
        context,
        &team.name,
        html! {
            h1 { (team.name) }
            p.muted { "Your role: " (my_role) }
            (incidents)
            h2 { "Members" }
            @if members.is_empty() {
                p { "No members yet." }
            } @else {
                div.table-wrap {
                    table {
                        caption.visually-hidden { "Members of " (team.name) }
                        thead { tr {
                            th scope="col" { "Name" } th scope="col" { "Email" } th scope="col" { "Role" }
                            @if is_owner { th scope="col" { "Remove" } }
                        } }
                        tbody {
                            @for member in members {
                                tr {
                                    td { (member.display_name) @if member.is_disabled { " " span.badge { "disabled" } } }
                                    td { (member.email) }
                                    td {
                                        @if is_owner {
                                            form.inline method="post" action=(format!("/teams/{}/members/{}/role", team.slug, member.user_id.0)) {
                                                (csrf_field(&context.csrf_token))
                                                label.visually-hidden for=(format!("role-{}", member.user_id.0)) { "Role of " (member.display_name) }
                                                (role_select(&format!("role-{}", member.user_id.0), member.role, None))
                                                button.secondary type="submit" { "Save" span.visually-hidden { " role of " (member.display_name) } }
                                            }
                                        } @else {
                                            (member.role)
                                        }
                                    }
                                    @if is_owner {
                                        td {
                                            form.inline method="post" action=(format!("/teams/{}/members/{}/remove", team.slug, member.user_id.0)) {
                                                (csrf_field(&context.csrf_token))
                                                button.secondary type="submit" data-confirm=(format!("Remove {} from {}?", member.display_name, team.name)) {
                                                    "Remove" span.visually-hidden { " " (member.display_name) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if is_owner {
                h2 { "Settings" }
                form.stacked.card method="post" action=(format!("/teams/{}/settings", team.slug)) {
                    (csrf_field(&context.csrf_token))
                    div {
                        label for="field-target_cadence_minutes" { "Customer update target (minutes)" }
                        span.hint #field-target_cadence_minutes-hint { "During an incident, customers should hear from us at least this often. Longer silences are highlighted." }
                        input #field-target_cadence_minutes type="number" name="target_cadence_minutes" min="5" max="1440"
                            value=(target_cadence_minutes) aria-describedby="field-target_cadence_minutes-hint" required;
                    }
                    div { button type="submit" { "Save settings" } }
                }
            }
            @if is_owner {
                h2 { "Add a member" }
                form.stacked.card method="post" action=(format!("/teams/{}/members", team.slug)) {
                    (csrf_field(&context.csrf_token))
                    (Field::new("email", "Email of their account", "email").render())
                    div {
                        label for="field-role" { "Role" }
                        span.hint #field-role-hint { "Viewers read; members take part; owners also manage the team." }
                        (role_select("field-role", TeamRole::Member, Some("field-role-hint")))
                    }
                    div { button type="submit" { "Add member" } }
                }
            }
        },
    )
}

fn role_select(id: &str, selected: TeamRole, described_by: Option<&str>) -> Markup {
    html! {
        select id=(id) name="role" aria-describedby=[described_by] {
            @for role in TeamRole::ALL {
                option value=(role.as_str()) selected[role == selected] { (role) }
            }
        }
    }
}

/// Shows a new API token once.
pub fn new_token_page(context: &PageContext, name: &str, secret: &str) -> Markup {
    layout::page(
        context,
        "New API token",
        html! {
            h1 { "New API token: " (name) }
            p { "Copy it now: it is shown only once. Send it as " code { "Authorization: Bearer …" } "." }
            p.card.secret-link { code #new-token { (secret) } }
            p { a href="/account" { "Back to your account" } }
        },
    )
}
