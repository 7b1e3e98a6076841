//! Pages for signing in, first-run setup, accounts, people and teams.

use crate::t;
use maud::{Markup, html};

use super::User;
use super::teams::{Member, Team, TeamRole};
use crate::api::tokens::ApiToken;
use crate::web::PageContext;
use crate::web::layout::{self, Field, FormError, csrf_field, time_in_zone};
use crate::web::sentence::sentence;

pub fn login_page(
    context: &PageContext,
    email: &str,
    next: &str,
    error: Option<&FormError>,
) -> Markup {
    let title = t!("login-title");
    layout::narrow_page(
        context,
        &title,
        html! {
            h1 { (title) }
            (FormError::summary(error))
            form.stacked.card method="post" action="/login" {
                (csrf_field(&context.csrf_token))
                input type="hidden" name="next" value=(next);
                (Field::new("email", &t!("account-email"), "email").value(email).autocomplete("username").render())
                (Field::new("password", &t!("account-password"), "password").autocomplete("current-password").render())
                div { button type="submit" { (t!("login-submit")) } }
            }
            p.muted { (t!("login-forgot")) }
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
        &t!("setup-title"),
        html! {
            h1 { (t!("setup-welcome")) }
            p { (t!("setup-intro")) }
            (FormError::summary(error))
            form.stacked.card method="post" action="/setup" {
                (csrf_field(&context.csrf_token))
                input type="hidden" name="token" value=(values.token);
                (Field::new("name", &t!("setup-your-name"), "text").value(values.name).autocomplete("name").error_from(error).render())
                (Field::new("email", &t!("account-email"), "email").value(values.email).autocomplete("username").error_from(error).render())
                (Field::new("password", &t!("account-password"), "password").autocomplete("new-password")
                    .hint(&t!("setup-password-hint", min = super::password::MIN_LENGTH)).error_from(error).render())
                (Field::new("password_confirm", &t!("setup-password-again"), "password").autocomplete("new-password").error_from(error).render())
                div { button type="submit" { (t!("setup-submit")) } }
            }
        },
    )
}

pub fn account_page(
    context: &PageContext,
    user: &User,
    tokens: &[ApiToken],
    // What other features add to the account: the calendar feed, reminder emails.
    sections: Markup,
    error: Option<&FormError>,
) -> Markup {
    let title = t!("account-title");
    layout::page(
        context,
        &title,
        html! {
            h1 { (title) }
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
            (sections)
            h2 { (t!("token-heading")) }
            p.muted { (t!("token-intro")) }
            @if !tokens.is_empty() {
                div.table-wrap {
                    table {
                        caption.visually-hidden { (t!("token-caption")) }
                        thead { tr { th scope="col" { (t!("token-name")) } th scope="col" { (t!("token-created")) } th scope="col" { (t!("token-last-used")) } th scope="col" { (t!("token-revoke")) } } }
                        tbody {
                            @for token in tokens {
                                tr {
                                    td { (token.name) }
                                    td { (time_in_zone(crate::db::time_from_ms(token.created_at), &user.time_zone)) }
                                    td {
                                        @match token.last_used_at {
                                            Some(at) => (time_in_zone(crate::db::time_from_ms(at), &user.time_zone)),
                                            None => (t!("token-never-used")),
                                        }
                                    }
                                    td {
                                        form.inline method="post" action=(format!("/account/tokens/{}/revoke", token.id)) {
                                            (csrf_field(&context.csrf_token))
                                            button.secondary type="submit" data-confirm=(t!("token-revoke-confirm", name = token.name.as_str())) {
                                                (t!("token-revoke")) span.visually-hidden { " " (token.name) }
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
                (Field::new("name", &t!("token-new-for"), "text").hint(&t!("token-new-hint")).error_from(error).render())
                div { button type="submit" { (t!("token-create")) } }
            }
            h2 { (t!("password-change-heading")) }
            p.muted { (t!("password-change-intro")) }
            (FormError::summary(error))
            form.stacked.card method="post" action="/account/password" {
                (csrf_field(&context.csrf_token))
                (Field::new("current_password", &t!("password-current"), "password").autocomplete("current-password").error_from(error).render())
                (Field::new("new_password", &t!("password-new"), "password").autocomplete("new-password")
                    .hint(&t!("password-new-hint", min = super::password::MIN_LENGTH)).error_from(error).render())
                (Field::new("confirm_password", &t!("password-new-again"), "password").autocomplete("new-password").error_from(error).render())
                div { button type="submit" { (t!("password-change-submit")) } }
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
    let title = t!("password-reset-title");
    layout::narrow_page(
        context,
        &title,
        html! {
            h1 { (title) }
            p { (sentence(&t!("password-reset-for", email = "{0}"), &[html! { strong { (user.email) } }])) }
            (FormError::summary(error))
            form.stacked.card method="post" action="/reset-password" {
                (csrf_field(&context.csrf_token))
                input type="hidden" name="token" value=(token);
                (Field::new("new_password", &t!("password-new"), "password").autocomplete("new-password")
                    .hint(&t!("password-new-hint", min = super::password::MIN_LENGTH)).error_from(error).render())
                (Field::new("confirm_password", &t!("password-new-again"), "password").autocomplete("new-password").error_from(error).render())
                div { button type="submit" { (t!("password-reset-submit")) } }
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
        &t!("people-link-title"),
        html! {
            h1 {
                @if is_new_account { (t!("people-link-created-for", name = user.display_name.as_str())) }
                @else { (t!("people-link-for", name = user.display_name.as_str())) }
            }
            p {
                (sentence(
                    &t!("people-link-send", email = "{0}", hours = super::RESET_LINK_HOURS),
                    &[html! { strong { (user.email) } }],
                ))
            }
            p.card.secret-link { a href=(link) { (link) } }
            p { a href="/admin/users" { (t!("people-back")) } }
        },
    )
}

pub fn admin_users_page(
    context: &PageContext,
    users: &[User],
    error: Option<&FormError>,
) -> Markup {
    let me = context.user.as_ref().map(|u| u.id);
    let title = t!("people-title");
    layout::page(
        context,
        &title,
        html! {
            h1 { (title) }
            div.table-wrap {
                table {
                    caption.visually-hidden { (t!("people-caption")) }
                    thead { tr { th scope="col" { (t!("account-name")) } th scope="col" { (t!("account-email")) } th scope="col" { (t!("people-status")) } th scope="col" { (t!("people-actions")) } } }
                    tbody {
                        @for user in users {
                            tr {
                                td { (user.display_name) @if user.is_admin { " " span.badge { (t!("people-admin-badge")) } } }
                                td { (user.email) }
                                td { @if user.is_disabled { (t!("people-disabled")) } @else { (t!("people-active")) } }
                                td {
                                    form.inline method="post" action=(format!("/admin/users/{}/reset-link", user.id.0)) {
                                        (csrf_field(&context.csrf_token))
                                        button.secondary type="submit" { (t!("people-link-button")) span.visually-hidden { " " (t!("people-link-button-whose", name = user.display_name.as_str())) } }
                                    }
                                    " "
                                    @if user.is_disabled {
                                        form.inline method="post" action=(format!("/admin/users/{}/enable", user.id.0)) {
                                            (csrf_field(&context.csrf_token))
                                            button.secondary type="submit" { (t!("people-enable")) span.visually-hidden { " " (user.display_name) } }
                                        }
                                    } @else if Some(user.id) != me {
                                        form.inline method="post" action=(format!("/admin/users/{}/disable", user.id.0)) {
                                            (csrf_field(&context.csrf_token))
                                            button.secondary type="submit" data-confirm=(t!("people-disable-confirm", name = user.display_name.as_str())) {
                                                (t!("people-disable")) span.visually-hidden { " " (user.display_name) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { (t!("people-add-heading")) }
            p.muted { (t!("people-add-intro")) }
            (FormError::summary(error))
            form.stacked.card method="post" action="/admin/users" {
                (csrf_field(&context.csrf_token))
                (Field::new("name", &t!("account-name"), "text").error_from(error).render())
                (Field::new("email", &t!("account-email"), "email").error_from(error).render())
                div.checkbox {
                    input #field-is_admin type="checkbox" name="is_admin" value="on";
                    " "
                    label for="field-is_admin" { (t!("people-is-admin")) }
                }
                div { button type="submit" { (t!("people-add-submit")) } }
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
    let title = t!("team-list-title");
    layout::page(
        context,
        &title,
        html! {
            h1 { (title) }
            @if teams.is_empty() {
                p { (t!("team-list-empty")) }
            } @else {
                ul.team-list {
                    @for (team, role) in teams {
                        li.card {
                            a href=(format!("/teams/{}", team.slug)) { strong { (team.name) } }
                            " "
                            span.muted { (team.slug) }
                            @if let Some(role) = role { " " span.badge { (role.label()) } }
                        }
                    }
                }
            }
            @if can_create {
                h2 { (t!("team-create-heading")) }
                (FormError::summary(error))
                form.stacked.card method="post" action="/teams" {
                    (csrf_field(&context.csrf_token))
                    (Field::new("name", &t!("team-name"), "text").error_from(error).render())
                    (Field::new("slug", &t!("team-slug"), "text")
                        .hint(&t!("team-slug-hint"))
                        .error_from(error).render())
                    div { button type="submit" { (t!("team-create-submit")) } }
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
            p.muted { (t!("team-your-role", role = my_role.label())) }
            (incidents)
            h2 { (t!("team-members")) }
            @if members.is_empty() {
                p { (t!("team-members-empty")) }
            } @else {
                div.table-wrap {
                    table {
                        caption.visually-hidden { (t!("team-members-caption", team = team.name.as_str())) }
                        thead { tr {
                            th scope="col" { (t!("account-name")) } th scope="col" { (t!("account-email")) } th scope="col" { (t!("team-role")) }
                            @if is_owner { th scope="col" { (t!("team-remove")) } }
                        } }
                        tbody {
                            @for member in members {
                                tr {
                                    td { (member.display_name) @if member.is_disabled { " " span.badge { (t!("team-member-disabled")) } } }
                                    td { (member.email) }
                                    td {
                                        @if is_owner {
                                            form.inline method="post" action=(format!("/teams/{}/members/{}/role", team.slug, member.user_id.0)) {
                                                (csrf_field(&context.csrf_token))
                                                label.visually-hidden for=(format!("role-{}", member.user_id.0)) { (t!("team-role-of", name = member.display_name.as_str())) }
                                                (role_select(&format!("role-{}", member.user_id.0), member.role, None))
                                                button.secondary type="submit" { (t!("team-role-save")) span.visually-hidden { " " (t!("team-role-save-whose", name = member.display_name.as_str())) } }
                                            }
                                        } @else {
                                            (member.role.label())
                                        }
                                    }
                                    @if is_owner {
                                        td {
                                            form.inline method="post" action=(format!("/teams/{}/members/{}/remove", team.slug, member.user_id.0)) {
                                                (csrf_field(&context.csrf_token))
                                                button.secondary type="submit" data-confirm=(t!("team-remove-confirm", name = member.display_name.as_str(), team = team.name.as_str())) {
                                                    (t!("team-remove")) span.visually-hidden { " " (member.display_name) }
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
                h2 { (t!("team-settings")) }
                form.stacked.card method="post" action=(format!("/teams/{}/settings", team.slug)) {
                    (csrf_field(&context.csrf_token))
                    div {
                        label for="field-target_cadence_minutes" { (t!("team-cadence")) }
                        span.hint #field-target_cadence_minutes-hint { (t!("team-cadence-hint")) }
                        input #field-target_cadence_minutes type="number" name="target_cadence_minutes" min="5" max="1440"
                            value=(target_cadence_minutes) aria-describedby="field-target_cadence_minutes-hint" required;
                    }
                    div { button type="submit" { (t!("team-settings-save")) } }
                }
            }
            @if is_owner {
                h2 { (t!("team-add-member-heading")) }
                form.stacked.card method="post" action=(format!("/teams/{}/members", team.slug)) {
                    (csrf_field(&context.csrf_token))
                    (Field::new("email", &t!("team-add-member-email"), "email").render())
                    div {
                        label for="field-role" { (t!("team-role")) }
                        span.hint #field-role-hint { (t!("team-role-hint")) }
                        (role_select("field-role", TeamRole::Member, Some("field-role-hint")))
                    }
                    div { button type="submit" { (t!("team-add-member-submit")) } }
                }
            }
        },
    )
}

fn role_select(id: &str, selected: TeamRole, described_by: Option<&str>) -> Markup {
    html! {
        select id=(id) name="role" aria-describedby=[described_by] {
            @for role in TeamRole::ALL {
                option value=(role.as_str()) selected[role == selected] { (role.label()) }
            }
        }
    }
}

/// Shows a new API token once.
pub fn new_token_page(context: &PageContext, name: &str, secret: &str) -> Markup {
    layout::page(
        context,
        &t!("token-new-title"),
        html! {
            h1 { (t!("token-new-heading", name = name)) }
            p { (sentence(&t!("token-new-copy", header = "{0}"), &[html! { code { "Authorization: Bearer …" } }])) }
            p.card.secret-link { code #new-token { (secret) } }
            p { a href="/account" { (t!("account-back")) } }
        },
    )
}
