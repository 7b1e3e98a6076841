//! Review pages for the team (the editor and its workflow) and the public site's routes.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Review, TeamReviewSettings, draft, public, translation, views};
use crate::AppState;
use crate::accounts::UserId;
use crate::accounts::teams;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::incidents::{self, IncidentId};
use crate::t;
use crate::web::PageContext;
use crate::web::extractors::{Admin, Form, Member, Owner, Path, TeamMember, Viewer};
use crate::web::flash::{self, Flash};
use crate::web::layout::FormError;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .post("/teams/{team}/incidents/{incident}/reviews", create_review)
        .get("/teams/{team}/reviews", list_reviews)
        .get("/teams/{team}/reviews/{review}", show_editor)
        .post("/teams/{team}/reviews/{review}", save_review)
        .post("/teams/{team}/reviews/{review}/preview", preview_review)
        .post("/teams/{team}/reviews/{review}/submit", submit_review)
        .post("/teams/{team}/reviews/{review}/approve", approve_review)
        .post("/teams/{team}/reviews/{review}/publish", publish_review)
        .post("/teams/{team}/reviews/{review}/retract", retract_review)
        .post("/teams/{team}/reviews/{review}/comments", add_comment)
        .get(
            "/teams/{team}/reviews/{review}/translations/{lang}",
            show_translation,
        )
        .post(
            "/teams/{team}/reviews/{review}/translations/{lang}",
            save_translation,
        )
        .post(
            "/teams/{team}/reviews/{review}/translations/{lang}/preview",
            preview_translation,
        )
        .post(
            "/teams/{team}/reviews/{review}/translations/{lang}/publish",
            publish_translation,
        )
        .post("/teams/{team}/review-settings", save_team_settings)
        .get("/admin/site", show_site_settings)
        .post("/admin/site", save_site_settings)
        .get("/reviews", public::show_index)
        .get("/reviews/feed.atom", public::show_feed)
        .get("/reviews/site.css", public::site_stylesheet)
        .get("/reviews/{slug}", public::show_review)
        .post("/reviews/{slug}/feedback", public::leave_feedback)
        .get("/api/v1/public/reviews", public::api_list)
        .get("/api/v1/public/reviews/{slug}", public::api_show)
}

async fn create_review(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    Path((_, incident)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let incident = incidents::find_incident(app.db.pool(), member.team.id, IncidentId(incident))
        .await?
        .ok_or(AppError::NotFound)?;
    let id = super::create_review(&app.db, &member.user, &incident, None, None).await?;
    Ok(flash::redirect(
        &format!("/teams/{}/reviews/{id}", member.team.slug),
        Flash::notice(t!("review-flash-draft-ready")),
    ))
}

async fn list_reviews(
    State(app): State<AppState>,
    member: TeamMember<Viewer>,
    context: PageContext,
) -> Result<maud::Markup, AppError> {
    let reviews = super::list_team_reviews(app.db.pool(), member.team.id).await?;
    Ok(views::team_reviews_page(
        &context,
        &member.team,
        &reviews,
        &member.user.time_zone,
    ))
}

async fn find<R>(app: &AppState, member: &TeamMember<R>, id: i64) -> Result<Review, AppError> {
    super::find_review(app.db.pool(), member.team.id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The preview pane for `body`, written in `lang` (`None`: the original, which may mix
/// languages), with the team's own guidance phrases.
async fn preview_for(
    app: &AppState,
    member_team: teams::TeamId,
    body: &str,
    lang: Option<Lang>,
) -> Result<maud::Markup, AppError> {
    let settings = super::team_settings(app.db.pool(), member_team).await?;
    let guidance_lang = match lang {
        None => crate::guidance::Lang::Auto,
        Some(Lang::En) => crate::guidance::Lang::En,
        Some(Lang::Ko) => crate::guidance::Lang::Ko,
    };
    Ok(views::preview_pane(
        &crate::markdown::render(body),
        &draft::checklist(body),
        body,
        &super::public_findings(body, &settings, guidance_lang),
        lang.unwrap_or(Lang::En),
    ))
}

/// The editor, showing `title` and `body` (what was sent, when a change was refused).
async fn render_editor(
    app: &AppState,
    context: &PageContext,
    member: &TeamMember<impl Send + Sync>,
    review: &Review,
    text: Option<(&str, &str)>,
    error: Option<&FormError>,
) -> Result<maud::Markup, AppError> {
    let (title, body) = text.unwrap_or((&review.title, &review.body_markdown));
    let members = teams::list_members(app.db.pool(), member.team.id).await?;
    let reviewers = super::list_reviewers(app.db.pool(), review.id).await?;
    let comments = super::list_comments(app.db.pool(), review.id).await?;
    let feedback = super::feedback_summary(app.db.pool(), review.id).await?;
    let revisions = match review.slug.as_deref() {
        Some(slug) => public::find_public(app, slug)
            .await?
            .map(|p| p.revisions)
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let approval_required = super::approval_required(app.db.pool(), member.team.id).await?;
    let translations = translation::list_translations(app.db.pool(), review.id).await?;
    let page = views::EditorPage {
        team: &member.team,
        review,
        title,
        body,
        preview: preview_for(app, member.team.id, body, None).await?,
        role: member.role,
        me: member.user.id.0,
        members: &members,
        reviewers: &reviewers,
        comments: &comments,
        revisions: &revisions,
        feedback: &feedback,
        translations: &translations,
        approval_required,
        zone: &member.user.time_zone,
    };
    Ok(views::editor_page(context, &page, error))
}

async fn show_editor(
    State(app): State<AppState>,
    member: TeamMember<Viewer>,
    context: PageContext,
    Path((_, id)): Path<(String, i64)>,
) -> Result<maud::Markup, AppError> {
    let review = find(&app, &member, id).await?;
    render_editor(&app, &context, &member, &review, None, None).await
}

#[derive(Deserialize)]
struct DraftForm {
    title: String,
    body_markdown: String,
}

/// A refused form comes back with what was typed and the reason beside the field.
async fn refused_form(
    app: &AppState,
    context: &PageContext,
    member: &TeamMember<Member>,
    review: &Review,
    text: Option<(&str, &str)>,
    error: AppError,
) -> Result<Response, AppError> {
    if let AppError::Refused(message) = &error {
        return Ok(flash::redirect(
            &editor_url(member, review.id),
            Flash::error(message.clone()),
        ));
    }
    let error = FormError::from_app_error(error)?;
    let page = render_editor(app, context, member, review, text, Some(&error)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn editor_url<R>(member: &TeamMember<R>, id: i64) -> String {
    format!("/teams/{}/reviews/{id}", member.team.slug)
}

async fn save_review(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    context: PageContext,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<DraftForm>,
) -> Result<Response, AppError> {
    let review = find(&app, &member, id).await?;
    match super::save_review(
        &app.db,
        member.user.id,
        &review,
        &form.title,
        &form.body_markdown,
    )
    .await
    {
        Ok(()) => Ok(flash::redirect(
            &editor_url(&member, id),
            Flash::notice(t!("review-flash-saved")),
        )),
        Err(error) => {
            let text = Some((form.title.as_str(), form.body_markdown.as_str()));
            refused_form(&app, &context, &member, &review, text, error).await
        }
    }
}

/// The preview of unsaved text: a fragment for htmx, the whole editor without it.
async fn preview_review(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    context: PageContext,
    headers: HeaderMap,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<DraftForm>,
) -> Result<Response, AppError> {
    let review = find(&app, &member, id).await?;
    if form.body_markdown.chars().count() > super::MAX_BODY_CHARS {
        return Err(super::body_too_long());
    }
    if headers.contains_key("hx-request") {
        return Ok(preview_for(&app, member.team.id, &form.body_markdown, None)
            .await?
            .into_response());
    }
    let text = Some((form.title.as_str(), form.body_markdown.as_str()));
    Ok(render_editor(&app, &context, &member, &review, text, None)
        .await?
        .into_response())
}

async fn submit_review(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    context: PageContext,
    Path((_, id)): Path<(String, i64)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let review = find(&app, &member, id).await?;
    let mut reviewers = Vec::new();
    for (key, value) in form_urlencoded::parse(&body) {
        if key == "reviewers" {
            reviewers.push(UserId(crate::web::extractors::form_number(
                &value,
                "reviewers",
            )?));
        }
    }
    match super::submit_review(&app.db, member.user.id, &review, &reviewers).await {
        Ok(()) => Ok(flash::redirect(
            &editor_url(&member, id),
            Flash::notice(t!("review-flash-submitted")),
        )),
        Err(error) => refused_form(&app, &context, &member, &review, None, error).await,
    }
}

async fn approve_review(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    context: PageContext,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let review = find(&app, &member, id).await?;
    match super::approve_review(&app.db, member.user.id, &review).await {
        Ok(()) => Ok(flash::redirect(
            &editor_url(&member, id),
            Flash::notice(t!("review-flash-approved")),
        )),
        Err(error) => refused_form(&app, &context, &member, &review, None, error).await,
    }
}

#[derive(Deserialize)]
struct PublishForm {
    #[serde(default)]
    change_note: String,
}

async fn publish_review(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    context: PageContext,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<PublishForm>,
) -> Result<Response, AppError> {
    let review = find(&app, &member, id).await?;
    match super::publish_review(
        &app.db,
        member.user.id,
        &review,
        &form.change_note,
        app.mail.is_some(),
    )
    .await
    {
        Ok(published) => {
            app.public.clear();
            crate::email::announce(&app);
            Ok(flash::redirect(
                &editor_url(&member, id),
                Flash::notice(t!("review-flash-published", slug = published.slug)),
            ))
        }
        Err(error) => refused_form(&app, &context, &member, &review, None, error).await,
    }
}

#[derive(Deserialize)]
struct RetractForm {
    #[serde(default)]
    reason: String,
}

async fn retract_review(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    context: PageContext,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<RetractForm>,
) -> Result<Response, AppError> {
    let review = find(&app, &member, id).await?;
    match super::retract_review(&app.db, member.user.id, &review, &form.reason).await {
        Ok(()) => {
            app.public.clear();
            Ok(flash::redirect(
                &editor_url(&member, id),
                Flash::notice(t!("review-flash-retracted")),
            ))
        }
        Err(error) => refused_form(&app, &context, &member, &review, None, error).await,
    }
}

#[derive(Deserialize)]
struct CommentForm {
    body: String,
}

async fn add_comment(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    context: PageContext,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    let review = find(&app, &member, id).await?;
    match super::add_comment(&app.db, member.user.id, &review, &form.body).await {
        Ok(()) => Ok(flash::redirect(
            &format!("{}#comments-heading", editor_url(&member, id)),
            Flash::notice(t!("review-flash-commented")),
        )),
        Err(error) => refused_form(&app, &context, &member, &review, None, error).await,
    }
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    approval_required: String,
    #[serde(default)]
    internal_names: String,
    #[serde(default)]
    blame_phrases: String,
}

async fn save_team_settings(
    State(app): State<AppState>,
    member: TeamMember<Owner>,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let settings = TeamReviewSettings {
        approval_required: form.approval_required == "on",
        internal_names: form.internal_names,
        blame_phrases: form.blame_phrases,
    };
    let location = format!("/teams/{}#review-settings", member.team.slug);
    match super::save_team_settings(&app.db, member.user.id, member.team.id, &settings).await {
        Ok(()) => Ok(flash::redirect(
            &location,
            Flash::notice(t!("review-flash-settings-saved")),
        )),
        Err(AppError::Invalid { message, .. }) => {
            Ok(flash::redirect(&location, Flash::error(message)))
        }
        Err(error) => Err(error),
    }
}

async fn show_site_settings(
    State(app): State<AppState>,
    _admin: Admin,
    context: PageContext,
) -> Result<maud::Markup, AppError> {
    let site = public::public_site(&app).await?;
    let subscribers = match app.mail {
        Some(_) => Some(crate::email::confirmed_subscriber_count(app.db.pool()).await?),
        None => None,
    };
    Ok(views::site_settings_page(
        &context,
        &site,
        subscribers,
        None,
    ))
}

#[derive(Deserialize)]
struct SiteForm {
    name: String,
    #[serde(default)]
    logo_url: String,
    accent: String,
}

async fn save_site_settings(
    State(app): State<AppState>,
    Admin(admin): Admin,
    context: PageContext,
    Form(form): Form<SiteForm>,
) -> Result<Response, AppError> {
    match public::save_site_settings(&app, admin.id, &form.name, &form.logo_url, &form.accent).await
    {
        Ok(()) => Ok(flash::redirect(
            "/admin/site",
            Flash::notice(t!("review-flash-site-saved")),
        )),
        Err(error) => {
            let error = FormError::from_app_error(error)?;
            let shown = public::SiteSettings {
                name: form.name,
                logo_url: form.logo_url,
                accent: form.accent,
                email_subscriptions: app.mail.is_some(),
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                views::site_settings_page(&context, &shown, None, Some(&error)),
            )
                .into_response())
        }
    }
}

/// The language of a translation route (`/translations/ko`): one we translate into.
fn translation_language(code: &str) -> Result<Lang, AppError> {
    translation::target_language(code).ok_or(AppError::NotFound)
}

fn translation_url<R>(member: &TeamMember<R>, id: i64, lang: Lang) -> String {
    format!("{}/translations/{}", editor_url(member, id), lang.code())
}

/// The translation page, showing `title` and `body` (what was sent, when a change was
/// refused).
async fn render_translation(
    app: &AppState,
    context: &PageContext,
    member: &TeamMember<impl Send + Sync>,
    review: &Review,
    lang: Lang,
    text: Option<(&str, &str)>,
    error: Option<&FormError>,
) -> Result<maud::Markup, AppError> {
    let saved = translation::find_translation(app.db.pool(), review.id, lang).await?;
    let (title, body) = match (text, &saved) {
        (Some(text), _) => text,
        (None, Some(saved)) => (saved.title.as_str(), saved.body_markdown.as_str()),
        (None, None) => ("", ""),
    };
    let (english_revision, english) = translation::english_source(app.db.pool(), review).await?;
    let page = views::TranslationPage {
        team: &member.team,
        review,
        lang,
        translation: saved.as_ref(),
        title,
        body,
        preview: preview_for(app, member.team.id, body, Some(lang)).await?,
        role: member.role,
        english: (english_revision, &english),
        zone: &member.user.time_zone,
    };
    Ok(views::translation_page(context, &page, error))
}

async fn show_translation(
    State(app): State<AppState>,
    member: TeamMember<Viewer>,
    context: PageContext,
    Path((_, id, lang)): Path<(String, i64, String)>,
) -> Result<maud::Markup, AppError> {
    let lang = translation_language(&lang)?;
    let review = find(&app, &member, id).await?;
    render_translation(&app, &context, &member, &review, lang, None, None).await
}

/// A refused translation form: a step the review's state refuses goes back with the
/// reason as a message, bad input comes back with what was typed.
async fn refused_translation(
    app: &AppState,
    context: &PageContext,
    member: &TeamMember<Member>,
    review: &Review,
    lang: Lang,
    text: Option<(&str, &str)>,
    error: AppError,
) -> Result<Response, AppError> {
    if let AppError::Refused(message) = &error {
        return Ok(flash::redirect(
            &translation_url(member, review.id, lang),
            Flash::error(message.clone()),
        ));
    }
    let error = FormError::from_app_error(error)?;
    let page = render_translation(app, context, member, review, lang, text, Some(&error)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn save_translation(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    context: PageContext,
    Path((_, id, lang)): Path<(String, i64, String)>,
    Form(form): Form<DraftForm>,
) -> Result<Response, AppError> {
    let lang = translation_language(&lang)?;
    let review = find(&app, &member, id).await?;
    match translation::save_translation(
        &app.db,
        member.user.id,
        &review,
        lang,
        &form.title,
        &form.body_markdown,
    )
    .await
    {
        Ok(()) => Ok(flash::redirect(
            &translation_url(&member, id, lang),
            Flash::notice(t!("review-translation-flash-saved")),
        )),
        Err(error) => {
            let text = Some((form.title.as_str(), form.body_markdown.as_str()));
            refused_translation(&app, &context, &member, &review, lang, text, error).await
        }
    }
}

/// The preview of an unsaved translation: a fragment for htmx, the whole page without it.
async fn preview_translation(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    context: PageContext,
    headers: HeaderMap,
    Path((_, id, lang)): Path<(String, i64, String)>,
    Form(form): Form<DraftForm>,
) -> Result<Response, AppError> {
    let lang = translation_language(&lang)?;
    let review = find(&app, &member, id).await?;
    if form.body_markdown.chars().count() > super::MAX_BODY_CHARS {
        return Err(super::body_too_long());
    }
    if headers.contains_key("hx-request") {
        return Ok(
            preview_for(&app, member.team.id, &form.body_markdown, Some(lang))
                .await?
                .into_response(),
        );
    }
    let text = Some((form.title.as_str(), form.body_markdown.as_str()));
    Ok(
        render_translation(&app, &context, &member, &review, lang, text, None)
            .await?
            .into_response(),
    )
}

async fn publish_translation(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    context: PageContext,
    Path((_, id, lang)): Path<(String, i64, String)>,
) -> Result<Response, AppError> {
    let lang = translation_language(&lang)?;
    let review = find(&app, &member, id).await?;
    let saved = translation::find_translation(app.db.pool(), review.id, lang).await?;
    match translation::publish_translation(&app.db, member.user.id, &review, saved.as_ref()).await {
        Ok(_) => {
            app.public.clear();
            let slug = review.slug.as_deref().unwrap_or_default();
            Ok(flash::redirect(
                &translation_url(&member, id, lang),
                Flash::notice(t!(
                    "review-translation-flash-published",
                    path = format!("/reviews/{slug}?lang={}", lang.code())
                )),
            ))
        }
        Err(error) => {
            refused_translation(&app, &context, &member, &review, lang, None, error).await
        }
    }
}
