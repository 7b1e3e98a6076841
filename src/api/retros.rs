//! The retro API: the browser's rules, for integrations (a chat bot collecting cards, a
//! dashboard following a meeting).

use axum::Json as JsonResponse;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::ApiUser;
use super::openapi::{ReadErrors, WriteErrors};
use crate::AppState;
use crate::accounts::teams::TeamRole;
use crate::actions::ActionItem;
use crate::error::AppError;
use crate::incidents::{self, IncidentId};
use crate::retros::live::CardChange;
use crate::retros::live::{event_stream, sse_message};
use crate::retros::routes::{api_event, publish_card, publish_reload, publish_votes};
use crate::retros::{self, NewRetro, Phase, Retro, RetroId, Viewer, templates};
use crate::web::extractors::{Json, Path};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .post("/api/v1/incidents/{incident}/retros", start_retro)
        .get("/api/v1/retros/{retro}", show_retro)
        .get("/api/v1/retros/{retro}/events", retro_events)
        .post("/api/v1/retros/{retro}/phase", change_phase)
        .post("/api/v1/retros/{retro}/cards", add_card)
        .post("/api/v1/retros/{retro}/reveal", reveal)
        .post("/api/v1/retros/{retro}/themes", create_theme)
        .post("/api/v1/retros/{retro}/votes", cast_vote)
        .delete("/api/v1/retros/{retro}/votes", retract_vote)
}

async fn open(
    app: &AppState,
    user: &crate::accounts::User,
    id: i64,
) -> Result<(Retro, Viewer), AppError> {
    let (retro, role) = retros::find_retro_for_user(&app.db, user, RetroId(id)).await?;
    let viewer = Viewer::new(user, role, &retro);
    if viewer.is_participant && retro.phase != Phase::Closed {
        retros::record_attendance(&app.db, retro.id, viewer.user_id).await?;
    }
    Ok((retro, viewer))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct StartBody {
    /// A retro template's key; the default template when left out.
    template: Option<String>,
    /// Votes per person; 3 when left out.
    vote_limit: Option<i64>,
    /// Hide card authors (and card text until revealed); true when left out.
    anonymous: Option<bool>,
}

/// The id of what was created.
#[derive(ToSchema)]
pub struct Created {
    pub id: i64,
}

/// A retro as the caller may see it.
#[derive(ToSchema)]
pub struct RetroView {
    pub id: i64,
    pub incident_id: i64,
    pub phase: Phase,
    /// The template's name.
    pub template: String,
    /// The facilitator's display name.
    pub facilitator: String,
    pub vote_limit: i64,
    pub anonymous: bool,
    pub revealed: bool,
    pub prompts: Vec<PromptView>,
    /// The cards whose text the caller may read.
    pub cards: Vec<CardView>,
    pub themes: Vec<ThemeView>,
    pub actions: Vec<ActionItem>,
}

#[derive(ToSchema)]
pub struct PromptView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub card_count: usize,
}

#[derive(ToSchema)]
pub struct CardView {
    pub id: i64,
    pub prompt_id: i64,
    pub text: String,
    pub theme_id: Option<i64>,
    /// The author's name; left out when the retro is anonymous.
    #[schema(nullable = false)]
    pub author: Option<String>,
}

#[derive(ToSchema)]
pub struct ThemeView {
    pub id: i64,
    pub title: String,
    /// Null while votes are hidden.
    pub votes: Option<i64>,
}

#[derive(ToSchema)]
pub struct PhaseView {
    pub phase: Phase,
}

#[derive(ToSchema)]
pub struct Revealed {
    /// Always true.
    pub revealed: bool,
}

#[derive(ToSchema)]
pub struct VotesLeft {
    /// How many votes the caller has left in this retro.
    pub votes_left: i64,
}

/// Starts a retro for an incident; the caller facilitates.
#[utoipa::path(
    post,
    path = "/api/v1/incidents/{incident}/retros",
    tag = "retros",
    params(("incident" = i64, Path, description = "The incident's id")),
    request_body = StartBody,
    responses((status = 200, description = "The new retro's id", body = Created), WriteErrors),
    security(("bearer" = [])),
)]
async fn start_retro(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(incident): Path<i64>,
    Json(body): Json<StartBody>,
) -> Result<JsonResponse<Value>, AppError> {
    let incident = incidents::find_incident_for_user(
        app.db.pool(),
        user.id,
        user.is_admin,
        IncidentId(incident),
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let team = crate::accounts::teams::TeamId(incident.team_id);
    let role = crate::accounts::teams::find_role(app.db.pool(), team, user.id).await?;
    if role.is_none_or(|r| r < TeamRole::Member) {
        return Err(AppError::Forbidden);
    }
    let new = NewRetro {
        template_key: body
            .template
            .unwrap_or_else(|| templates::DEFAULT_KEY.to_owned()),
        facilitator: user.id,
        vote_limit: body.vote_limit.unwrap_or(3),
        is_anonymous: body.anonymous.unwrap_or(true),
        hide_votes: false,
        phase_minutes: None,
    };
    let id = retros::start_retro(&app.db, team, incident.id, user.id, &new).await?;
    Ok(JsonResponse(json!({"id": id.0})))
}

/// The retro as the caller may see it: card text only when allowed, authors never when
/// anonymous.
#[utoipa::path(
    get,
    path = "/api/v1/retros/{retro}",
    tag = "retros",
    params(("retro" = i64, Path, description = "The retro's id")),
    responses((status = 200, description = "The retro", body = RetroView), ReadErrors),
    security(("bearer" = [])),
)]
async fn show_retro(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<JsonResponse<Value>, AppError> {
    let (retro, _) = open(&app, &user, id).await?;
    let board = retros::load_board(&app.db, retro).await?;
    let retro = &board.retro;
    let prompts: Vec<Value> = board
        .prompts
        .iter()
        .map(|p| json!({"id": p.id, "title": p.title, "description": p.description, "card_count": board.count_in(p.id)}))
        .collect();
    let cards: Vec<Value> = board
        .cards
        .iter()
        .filter_map(|card| {
            let text = card.text_for(retro, Some(user.id))?;
            let mut value = json!({"id": card.id, "prompt_id": card.prompt_id, "text": text, "theme_id": card.theme_id});
            if let Some(author) = card.author_for(retro) {
                value["author"] = json!(author);
            }
            Some(value)
        })
        .collect();
    let themes: Vec<Value> = board
        .themes
        .iter()
        .map(|t| {
            let votes = (!retro.hide_votes || retro.phase > Phase::Vote).then_some(t.votes);
            json!({"id": t.id, "title": t.title, "votes": votes})
        })
        .collect();
    Ok(JsonResponse(json!({
        "id": retro.id.0,
        "incident_id": retro.incident_id.0,
        "phase": retro.phase,
        "template": retro.template_name,
        "facilitator": retro.facilitator_name,
        "vote_limit": retro.vote_limit,
        "anonymous": retro.is_anonymous,
        "revealed": retro.is_revealed,
        "prompts": prompts,
        "cards": cards,
        "themes": themes,
        "actions": board.actions,
    })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct PhaseBody {
    /// The phase to move to (`prepare`, `timeline`, `reflect`, `group`, `vote`,
    /// `discuss`, `actions` or `closed`).
    #[schema(value_type = Phase)]
    phase: String,
}

/// Moves the retro to another phase (the facilitator only).
#[utoipa::path(
    post,
    path = "/api/v1/retros/{retro}/phase",
    tag = "retros",
    params(("retro" = i64, Path, description = "The retro's id")),
    request_body = PhaseBody,
    responses((status = 200, description = "The new phase", body = PhaseView), WriteErrors),
    security(("bearer" = [])),
)]
async fn change_phase(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<PhaseBody>,
) -> Result<JsonResponse<Value>, AppError> {
    let (retro, viewer) = open(&app, &user, id).await?;
    let phase: Phase = body
        .phase
        .parse()
        .map_err(|e: String| AppError::invalid(e, "$.phase"))?;
    retros::set_phase(&app.db, &retro, &viewer, phase).await?;
    app.live.publish(
        retro.id,
        crate::retros::live::RetroEvent::reload(json!({"type": "phase_changed", "phase": phase})),
    );
    Ok(JsonResponse(json!({"phase": phase})))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct CardBody {
    prompt_id: i64,
    text: String,
}

/// Adds a card under a prompt.
#[utoipa::path(
    post,
    path = "/api/v1/retros/{retro}/cards",
    tag = "retros",
    params(("retro" = i64, Path, description = "The retro's id")),
    request_body = CardBody,
    responses((status = 200, description = "The new card's id", body = Created), WriteErrors),
    security(("bearer" = [])),
)]
async fn add_card(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<CardBody>,
) -> Result<JsonResponse<Value>, AppError> {
    let (retro, viewer) = open(&app, &user, id).await?;
    let card = retros::add_card(&app.db, &retro, &viewer, body.prompt_id, &body.text).await?;
    let card_id = card.id;
    publish_card(&app, &retro, CardChange::Added, card).await?;
    Ok(JsonResponse(json!({"id": card_id})))
}

/// Reveals the cards of an anonymous retro (the facilitator only).
#[utoipa::path(
    post,
    path = "/api/v1/retros/{retro}/reveal",
    tag = "retros",
    params(("retro" = i64, Path, description = "The retro's id")),
    responses((status = 200, description = "Revealed", body = Revealed), WriteErrors),
    security(("bearer" = [])),
)]
async fn reveal(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<JsonResponse<Value>, AppError> {
    let (retro, viewer) = open(&app, &user, id).await?;
    retros::reveal(&app.db, &retro, &viewer).await?;
    publish_reload(&app.live, retro.id, "revealed");
    Ok(JsonResponse(json!({"revealed": true})))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ThemeBody {
    title: String,
    #[serde(default)]
    card_ids: Vec<i64>,
}

/// Groups cards into a new theme.
#[utoipa::path(
    post,
    path = "/api/v1/retros/{retro}/themes",
    tag = "retros",
    params(("retro" = i64, Path, description = "The retro's id")),
    request_body = ThemeBody,
    responses((status = 200, description = "The new theme's id", body = Created), WriteErrors),
    security(("bearer" = [])),
)]
async fn create_theme(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<ThemeBody>,
) -> Result<JsonResponse<Value>, AppError> {
    let (retro, viewer) = open(&app, &user, id).await?;
    let theme = retros::create_theme(&app.db, &retro, &viewer, &body.title, &body.card_ids).await?;
    publish_reload(&app.live, retro.id, "themes_changed");
    Ok(JsonResponse(json!({"id": theme})))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct VoteBody {
    theme_id: i64,
}

/// Casts one vote for a theme.
#[utoipa::path(
    post,
    path = "/api/v1/retros/{retro}/votes",
    tag = "retros",
    params(("retro" = i64, Path, description = "The retro's id")),
    request_body = VoteBody,
    responses((status = 200, description = "The caller's votes left", body = VotesLeft), WriteErrors),
    security(("bearer" = [])),
)]
async fn cast_vote(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<VoteBody>,
) -> Result<JsonResponse<Value>, AppError> {
    let (retro, viewer) = open(&app, &user, id).await?;
    retros::vote(&app.db, &retro, &viewer, body.theme_id).await?;
    votes_left(&app, &retro, &user, body.theme_id).await
}

/// Takes back one vote from a theme.
#[utoipa::path(
    delete,
    path = "/api/v1/retros/{retro}/votes",
    tag = "retros",
    params(("retro" = i64, Path, description = "The retro's id")),
    request_body = VoteBody,
    responses((status = 200, description = "The caller's votes left", body = VotesLeft), WriteErrors),
    security(("bearer" = [])),
)]
async fn retract_vote(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<VoteBody>,
) -> Result<JsonResponse<Value>, AppError> {
    let (retro, viewer) = open(&app, &user, id).await?;
    retros::retract_vote(&app.db, &retro, &viewer, body.theme_id).await?;
    votes_left(&app, &retro, &user, body.theme_id).await
}

/// Tells everyone the theme's new count; answers with the caller's votes left.
async fn votes_left(
    app: &AppState,
    retro: &Retro,
    user: &crate::accounts::User,
    theme: i64,
) -> Result<JsonResponse<Value>, AppError> {
    publish_votes(app, retro, theme).await?;
    let used = retros::my_votes(app.db.pool(), retro.id, user.id)
        .await?
        .len() as i64;
    Ok(JsonResponse(json!({"votes_left": retro.vote_limit - used})))
}

/// The live stream as JSON events, with the same anonymity rules as the pages. The first
/// event is the current state (`{"type":"sync", …}` as `GET /api/v1/retros/{id}` has it).
#[utoipa::path(
    get,
    path = "/api/v1/retros/{retro}/events",
    tag = "retros",
    params(("retro" = i64, Path, description = "The retro's id")),
    responses(
        (status = 200, description = "Server-sent events named `retro`, each a JSON object \
            with a `type`; it stays open", content_type = "text/event-stream", body = String),
        ReadErrors,
    ),
    security(("bearer" = [])),
)]
async fn retro_events(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (retro, _) = open(&app, &user, id).await?;
    let receiver = app.live.join(retro.id, user.id, &user.display_name).0;
    let presence = crate::retros::routes::Presence::new(app.live.clone(), retro.id, user.id);
    let JsonResponse(state) =
        show_retro(State(app.clone()), ApiUser(user.clone()), Path(id)).await?;
    let sync = sse_message(
        "retro",
        &json!({"type": "sync", "retro": state}).to_string(),
    );
    let viewer = user.id;
    Ok(event_stream(
        sync,
        receiver,
        presence,
        move |event| Some(api_event(event, viewer)),
        |missed| {
            sse_message(
                "retro",
                &json!({"type": "lagged", "missed": missed}).to_string(),
            )
        },
    ))
}
