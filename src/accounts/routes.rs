//! Signing in and out, first-run setup, the account page, administration of people, and
//! teams with their members.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::teams::{self, NewTeam, TeamRole};
use super::views::{self, SetupValues};
use super::{NewUser, User, UserId, password, sessions, throttle};
use crate::AppState;
use crate::db::{self, WriteTx};
use crate::error::AppError;
use crate::web::extractors::{
    Admin, ClientAddress, CurrentSession, CurrentUser, Form, MaybeUser, Owner, Path, Query,
    TeamMember, Viewer,
};
use crate::web::flash::{self, Flash};
use crate::web::layout::FormError;
use crate::web::routes::Routes;
use crate::web::{PageContext, SESSION_COOKIE, safe_next, set_cookie};

pub fn routes() -> Routes {
    Routes::new()
        .get("/", show_home)
        .get("/login", show_login)
        .post("/login", sign_in)
        .post("/logout", sign_out)
        .get("/setup", show_setup)
        .post("/setup", create_first_admin)
        .get("/account", show_account)
        .post("/account/password", change_password)
        .post("/account/preferences", update_preferences)
        .post("/account/tokens", create_api_token)
        .post("/account/tokens/{token}/revoke", revoke_api_token)
        .get("/reset-password", show_reset_password)
        .post("/reset-password", reset_password)
        .get("/admin/users", list_users)
        .post("/admin/users", create_user)
        .post("/admin/users/{user}/reset-link", create_password_link)
        .post("/admin/users/{user}/disable", disable_user)
        .post("/admin/users/{user}/enable", enable_user)
        .get("/teams", list_teams)
        .post("/teams", create_team)
        .get("/teams/{team}", show_team)
        .post("/teams/{team}/members", add_member)
        .post("/teams/{team}/members/{user}/role", change_member_role)
        .post("/teams/{team}/members/{user}/remove", remove_member)
}

/// Renders `page` with `status`, for forms shown again with an error.
fn with_status(status: StatusCode, page: maud::Markup) -> Response {
    (status, page).into_response()
}

async fn show_home(MaybeUser(user): MaybeUser) -> Redirect {
    match user {
        Some(_) => Redirect::to("/teams"),
        None => Redirect::to("/login"),
    }
}

#[derive(Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

async fn show_login(
    MaybeUser(user): MaybeUser,
    context: PageContext,
    Query(query): Query<NextQuery>,
) -> Response {
    if user.is_some() {
        return Redirect::to(&safe_next(&query.next)).into_response();
    }
    views::login_page(&context, "", &query.next, None).into_response()
}

#[derive(Deserialize)]
struct SignInForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

async fn sign_in(
    State(app): State<AppState>,
    ClientAddress(client): ClientAddress,
    context: PageContext,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let email = form.email.trim().to_lowercase();
    let now = db::now_ms();
    let show_again = |status: StatusCode, message: &str| {
        with_status(
            status,
            views::login_page(&context, &email, &form.next, Some(&FormError::new(message))),
        )
    };

    if let Err(error) = throttle::check_sign_in_allowed(app.db.pool(), &email, &client, now).await {
        return match error {
            AppError::TooManyRequests {
                message,
                retry_after_s,
            } => {
                let mut response = show_again(StatusCode::TOO_MANY_REQUESTS, &message);
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
                Ok(response)
            }
            other => Err(other),
        };
    }

    let credentials = super::find_credentials(app.db.pool(), &email).await?;
    let (user, stored_hash) = match credentials {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let password_ok = password::verify_password(form.password.clone(), stored_hash).await?;
    let Some(user) = user.filter(|_| password_ok) else {
        let mut tx = app.db.begin().await?;
        throttle::record_failure(&mut tx, &email, &client, now).await?;
        tx.commit().await?;
        return Ok(show_again(
            StatusCode::UNAUTHORIZED,
            &crate::t!("login-error-wrong-credentials"),
        ));
    };
    if user.is_disabled {
        // Said only after the right password, so it reveals nothing to a guesser.
        return Ok(show_again(
            StatusCode::FORBIDDEN,
            &crate::t!("login-error-disabled"),
        ));
    }
    throttle::clear_account_failures(app.db.pool(), &email).await?;
    start_session(&app, &headers, &user, &safe_next(&form.next)).await
}

/// Signs `user` in with a brand-new session (never one the browser brought along, so a
/// planted session id is useless) and redirects to `next`.
async fn start_session(
    app: &AppState,
    headers: &HeaderMap,
    user: &User,
    next: &str,
) -> Result<Response, AppError> {
    let mut tx = app.db.begin().await?;
    if let Some(old_token) = crate::web::cookie(headers, SESSION_COOKIE) {
        sessions::delete_session_by_token(&mut *tx, old_token).await?;
    }
    let session = sessions::insert_session(&mut tx, user.id).await?;
    tx.commit().await?;
    let max_age_s = app.settings.session_limits.absolute_ms / 1000;
    let mut response = Redirect::to(next).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            SESSION_COOKIE,
            &session.token,
            Some(max_age_s),
            app.settings.secure_cookies,
        ),
    );
    Ok(response)
}

async fn sign_out(State(app): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = crate::web::cookie(&headers, SESSION_COOKIE) {
        sessions::delete_session_by_token(app.db.pool(), token).await?;
    }
    let mut response = flash::redirect("/login", Flash::notice(crate::t!("login-signed-out")));
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", Some(0), app.settings.secure_cookies),
    );
    Ok(response)
}

#[derive(Deserialize)]
struct SetupQuery {
    #[serde(default)]
    token: String,
}

fn setup_refused() -> AppError {
    AppError::Refused(crate::t!("setup-error-link"))
}

async fn show_setup(
    State(app): State<AppState>,
    context: PageContext,
    Query(query): Query<SetupQuery>,
) -> Result<Response, AppError> {
    if !app.is_setup_token(&query.token) || super::count_users(app.db.pool()).await? > 0 {
        return Err(setup_refused());
    }
    let values = SetupValues {
        token: &query.token,
        email: "",
        name: "",
    };
    Ok(views::setup_page(&context, &values, None).into_response())
}

#[derive(Deserialize)]
struct SetupForm {
    token: String,
    name: String,
    email: String,
    password: String,
    password_confirm: String,
}

async fn create_first_admin(
    State(app): State<AppState>,
    context: PageContext,
    headers: HeaderMap,
    Form(form): Form<SetupForm>,
) -> Result<Response, AppError> {
    if !app.is_setup_token(&form.token) || super::count_users(app.db.pool()).await? > 0 {
        return Err(setup_refused());
    }
    let created = async {
        confirm_matches(&form.password, &form.password_confirm, "password_confirm")?;
        let user = NewUser::parse(&form.email, &form.name, true)?;
        let id = super::create_user(&app.db, None, &user, form.password.clone()).await?;
        super::find_user(app.db.pool(), id)
            .await?
            .ok_or(AppError::NotFound)
    }
    .await;
    match created {
        Ok(user) => {
            // Only one administrator can be made through the link.
            app.take_setup_token(&form.token);
            let mut response = start_session(&app, &headers, &user, "/teams").await?;
            response
                .extensions_mut()
                .insert(Flash::notice(crate::t!("setup-done")));
            Ok(response)
        }
        Err(error) => {
            let error = FormError::from_app_error(error)?;
            let values = SetupValues {
                token: &form.token,
                email: &form.email,
                name: &form.name,
            };
            Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::setup_page(&context, &values, Some(&error)),
            ))
        }
    }
}

fn confirm_matches(password: &str, confirmation: &str, field: &str) -> Result<(), AppError> {
    if password == confirmation {
        Ok(())
    } else {
        Err(AppError::invalid(
            crate::t!("password-error-mismatch"),
            format!("field {field}"),
        ))
    }
}

async fn show_account(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    context: PageContext,
) -> Result<maud::Markup, AppError> {
    account_view(&app, &context, &user, None).await
}

/// The account page, with the reader's API tokens and calendar feed.
async fn account_view(
    app: &AppState,
    context: &PageContext,
    user: &User,
    error: Option<&FormError>,
) -> Result<maud::Markup, AppError> {
    let tokens = crate::api::tokens::list_tokens(app.db.pool(), user.id).await?;
    let has_feed = crate::actions::calendar::has_feed(&app.db, user.id).await?;
    let reminders = match app.mail {
        Some(_) => {
            let wanted = crate::email::reminders_wanted(app.db.pool(), user.id).await?;
            crate::email::views::reminder_setting(&context.csrf_token, wanted)
        }
        None => maud::html! {},
    };
    let sections = maud::html! {
        (crate::actions::views::calendar_section(context, has_feed))
        (reminders)
    };
    Ok(views::account_page(context, user, &tokens, sections, error))
}

#[derive(Deserialize)]
struct NewTokenForm {
    name: String,
}

async fn create_api_token(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    context: PageContext,
    Form(form): Form<NewTokenForm>,
) -> Result<Response, AppError> {
    match crate::api::tokens::create_token(&app.db, user.id, &form.name).await {
        Ok((_, secret)) => {
            Ok(views::new_token_page(&context, form.name.trim(), &secret).into_response())
        }
        Err(error) => {
            let error = FormError::from_app_error(error)?;
            Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                account_view(&app, &context, &user, Some(&error)).await?,
            ))
        }
    }
}

async fn revoke_api_token(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(token): Path<i64>,
) -> Result<Response, AppError> {
    crate::api::tokens::revoke_token(&app.db, user.id, token).await?;
    Ok(flash::redirect(
        "/account",
        Flash::notice(crate::t!("token-revoked")),
    ))
}

#[derive(Deserialize)]
struct PreferencesForm {
    time_zone: String,
    language: Option<String>,
}

async fn update_preferences(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<PreferencesForm>,
) -> Result<Response, AppError> {
    super::update_preferences(&app.db, user.id, &form.time_zone, form.language.as_deref()).await?;
    // The notice is read on the next page, which speaks the newly chosen language.
    let language = form.language.as_deref().and_then(crate::i18n::Lang::parse);
    let notice = crate::i18n::sync_scope(language.unwrap_or(user.language), || {
        crate::t!("account-preferences-saved")
    });
    Ok(flash::redirect("/account", Flash::notice(notice)))
}

#[derive(Deserialize)]
struct ChangePasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

async fn change_password(
    State(app): State<AppState>,
    CurrentSession(session): CurrentSession,
    context: PageContext,
    Form(form): Form<ChangePasswordForm>,
) -> Result<Response, AppError> {
    let changed = async {
        confirm_matches(
            &form.new_password,
            &form.confirm_password,
            "confirm_password",
        )?;
        super::change_password(
            &app.db,
            &session.user,
            session.session_id,
            form.current_password.clone(),
            form.new_password.clone(),
        )
        .await
    }
    .await;
    match changed {
        Ok(()) => Ok(flash::redirect(
            "/account",
            Flash::notice(crate::t!("password-changed")),
        )),
        Err(error) => {
            let error = FormError::from_app_error(error)?;
            Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                account_view(&app, &context, &session.user, Some(&error)).await?,
            ))
        }
    }
}

async fn show_reset_password(
    State(app): State<AppState>,
    context: PageContext,
    Query(query): Query<SetupQuery>,
) -> Result<Response, AppError> {
    let (_, user) = super::find_password_reset(app.db.pool(), &query.token, db::now_ms())
        .await?
        .ok_or_else(super::expired_link)?;
    Ok(views::reset_password_page(&context, &query.token, &user, None).into_response())
}

#[derive(Deserialize)]
struct ResetPasswordForm {
    token: String,
    new_password: String,
    confirm_password: String,
}

async fn reset_password(
    State(app): State<AppState>,
    context: PageContext,
    Form(form): Form<ResetPasswordForm>,
) -> Result<Response, AppError> {
    let reset = async {
        confirm_matches(
            &form.new_password,
            &form.confirm_password,
            "confirm_password",
        )?;
        super::reset_password(&app.db, &form.token, form.new_password.clone()).await
    }
    .await;
    match reset {
        Ok(_) => Ok(flash::redirect(
            "/login",
            Flash::notice(crate::t!("password-reset-done")),
        )),
        Err(error @ AppError::Refused(_)) => Err(error),
        Err(error) => {
            let error = FormError::from_app_error(error)?;
            let (_, user) = super::find_password_reset(app.db.pool(), &form.token, db::now_ms())
                .await?
                .ok_or_else(super::expired_link)?;
            Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::reset_password_page(&context, &form.token, &user, Some(&error)),
            ))
        }
    }
}

async fn list_users(
    State(app): State<AppState>,
    Admin(_): Admin,
    context: PageContext,
) -> Result<maud::Markup, AppError> {
    let users = super::list_users(app.db.pool()).await?;
    Ok(views::admin_users_page(&context, &users, None))
}

#[derive(Deserialize)]
struct CreateUserForm {
    name: String,
    email: String,
    #[serde(default)]
    is_admin: Option<String>,
}

async fn create_user(
    State(app): State<AppState>,
    Admin(admin): Admin,
    context: PageContext,
    headers: HeaderMap,
    Form(form): Form<CreateUserForm>,
) -> Result<Response, AppError> {
    let created = async {
        let user = NewUser::parse(&form.email, &form.name, form.is_admin.is_some())?;
        let (id, token) = super::invite_user(&app.db, admin.id, &user).await?;
        let user = super::find_user(app.db.pool(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok::<_, AppError>((user, token))
    }
    .await;
    match created {
        Ok((user, token)) => {
            let link = password_link(&app, &headers, &token);
            Ok(views::password_link_page(&context, &user, &link, true).into_response())
        }
        Err(error) => {
            let error = FormError::from_app_error(error)?;
            let users = super::list_users(app.db.pool()).await?;
            Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::admin_users_page(&context, &users, Some(&error)),
            ))
        }
    }
}

/// The full address of a password link, as the administrator reached this site.
fn password_link(app: &AppState, headers: &HeaderMap, token: &str) -> String {
    let site = crate::web::site_url(app.settings.secure_cookies, headers);
    format!("{site}/reset-password?token={token}")
}

async fn create_password_link(
    State(app): State<AppState>,
    Admin(admin): Admin,
    context: PageContext,
    headers: HeaderMap,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    let user = super::find_user(app.db.pool(), UserId(user_id))
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx: WriteTx = app.db.begin().await?;
    let token = super::insert_password_reset(&mut tx, user.id, admin.id).await?;
    tx.commit().await?;
    let link = password_link(&app, &headers, &token);
    Ok(views::password_link_page(&context, &user, &link, false).into_response())
}

async fn disable_user(
    State(app): State<AppState>,
    Admin(admin): Admin,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    let user = super::set_disabled(&app.db, &admin, UserId(user_id), true).await?;
    Ok(flash::redirect(
        "/admin/users",
        Flash::notice(crate::t!(
            "people-disabled-done",
            name = user.display_name.as_str()
        )),
    ))
}

async fn enable_user(
    State(app): State<AppState>,
    Admin(admin): Admin,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    let user = super::set_disabled(&app.db, &admin, UserId(user_id), false).await?;
    Ok(flash::redirect(
        "/admin/users",
        Flash::notice(crate::t!(
            "people-enabled-done",
            name = user.display_name.as_str()
        )),
    ))
}

async fn teams_for(
    app: &AppState,
    user: &User,
) -> Result<Vec<(teams::Team, Option<TeamRole>)>, AppError> {
    let mine = teams::list_teams_of_user(app.db.pool(), user.id).await?;
    if !user.is_admin {
        return Ok(mine
            .into_iter()
            .map(|(team, role)| (team, Some(role)))
            .collect());
    }
    let all = teams::list_all_teams(app.db.pool()).await?;
    Ok(all
        .into_iter()
        .map(|team| {
            let role = mine
                .iter()
                .find(|(t, _)| t.id == team.id)
                .map(|(_, role)| *role);
            (team, role)
        })
        .collect())
}

async fn list_teams(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    context: PageContext,
) -> Result<maud::Markup, AppError> {
    let teams = teams_for(&app, &user).await?;
    Ok(views::teams_page(&context, &teams, user.is_admin, None))
}

#[derive(Deserialize)]
struct CreateTeamForm {
    name: String,
    slug: String,
}

async fn create_team(
    State(app): State<AppState>,
    Admin(admin): Admin,
    context: PageContext,
    Form(form): Form<CreateTeamForm>,
) -> Result<Response, AppError> {
    let created = async {
        let team = NewTeam::parse(&form.slug, &form.name)?;
        teams::create_team(&app.db, Some(admin.id), &team).await
    }
    .await;
    match created {
        Ok(team) => Ok(flash::redirect(
            &format!("/teams/{}", team.slug),
            Flash::notice(crate::t!("team-created", team = team.name.as_str())),
        )),
        Err(error) => {
            let error = FormError::from_app_error(error)?;
            let teams = teams_for(&app, &admin).await?;
            Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::teams_page(&context, &teams, true, Some(&error)),
            ))
        }
    }
}

async fn show_team(
    State(app): State<AppState>,
    member: TeamMember<Viewer>,
    context: PageContext,
) -> Result<maud::Markup, AppError> {
    let members = teams::list_members(app.db.pool(), member.team.id).await?;
    let incidents =
        crate::incidents::list_team_incidents(app.db.pool(), member.team.id, 100, 0).await?;
    let cadence_s = crate::incidents::target_cadence_s(app.db.pool(), member.team.id).await?;
    let notifications = if member.role == TeamRole::Owner {
        let webhook =
            crate::actions::reminders::find_webhook(app.db.pool(), member.team.id).await?;
        let failures =
            crate::actions::reminders::recent_failures(app.db.pool(), member.team.id).await?;
        let review_settings = crate::reviews::team_settings(app.db.pool(), member.team.id).await?;
        maud::html! {
            (crate::actions::views::webhook_section(&context, &member.team, webhook.as_ref(), &failures))
            (crate::reviews::views::settings_section(&context, &member.team, &review_settings))
        }
    } else {
        maud::html! {}
    };
    let incidents = crate::incidents::views::team_incidents(
        &member.team,
        member.role,
        &incidents,
        &member.user.time_zone,
    );
    Ok(views::team_page(
        &context,
        &member.team,
        member.role,
        &members,
        maud::html! { (incidents) (notifications) },
        cadence_s / 60,
    ))
}

#[derive(Deserialize)]
struct AddMemberForm {
    email: String,
    role: String,
}

/// Team forms answer small mistakes with a message on the team page.
fn back_to_team(slug: &str, outcome: Result<String, AppError>) -> Result<Response, AppError> {
    let location = format!("/teams/{slug}");
    match outcome {
        Ok(notice) => Ok(flash::redirect(&location, Flash::notice(notice))),
        Err(error) => {
            let error = FormError::from_app_error(error).or_else(|error| match error {
                AppError::Refused(message) => Ok(FormError::new(message)),
                other => Err(other),
            })?;
            Ok(flash::redirect(&location, Flash::error(error.message)))
        }
    }
}

async fn add_member(
    State(app): State<AppState>,
    owner: TeamMember<Owner>,
    Form(form): Form<AddMemberForm>,
) -> Result<Response, AppError> {
    let outcome = async {
        let role: TeamRole = form.role.parse()?;
        let user =
            teams::add_member(&app.db, Some(owner.user.id), &owner.team, &form.email, role).await?;
        Ok(crate::t!(
            "team-member-added",
            name = user.display_name.as_str(),
            role = role.as_str(),
            team = owner.team.name.as_str()
        ))
    }
    .await;
    back_to_team(&owner.team.slug, outcome)
}

#[derive(Deserialize)]
struct RoleForm {
    role: String,
}

async fn change_member_role(
    State(app): State<AppState>,
    owner: TeamMember<Owner>,
    Path((_, member_id)): Path<(String, i64)>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    let outcome = async {
        let role: TeamRole = form.role.parse()?;
        teams::change_role(&app.db, owner.user.id, &owner.team, UserId(member_id), role).await?;
        Ok(crate::t!("team-role-changed", role = role.as_str()))
    }
    .await;
    back_to_team(&owner.team.slug, outcome)
}

async fn remove_member(
    State(app): State<AppState>,
    owner: TeamMember<Owner>,
    Path((_, member_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let outcome = teams::remove_member(&app.db, owner.user.id, &owner.team, UserId(member_id))
        .await
        .map(|()| crate::t!("team-member-removed"));
    back_to_team(&owner.team.slug, outcome)
}
