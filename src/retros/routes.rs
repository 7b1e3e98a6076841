//! The meeting's pages, its form posts, and its live stream.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::live::{CardChange, LiveHub, RetroEvent, event_stream, sse_message};
use super::views::{self, PageExtras};
use super::{Card, NewRetro, Phase, Retro, RetroId, Viewer};
use crate::AppState;
use crate::accounts::UserId;
use crate::accounts::teams;
use crate::actions::{self, NewAction};
use crate::error::AppError;
use crate::incidents::{self, IncidentId};
use crate::t;
use crate::web::PageContext;
use crate::web::extractors::{Form, Member, Path, TeamMember, form_number, optional_form_number};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .post("/teams/{team}/incidents/{incident}/retros", start_retro)
        .get("/teams/{team}/retros/{retro}", show_retro)
        .get("/teams/{team}/retros/{retro}/events", retro_events)
        .get("/teams/{team}/retros/{retro}/summary.md", download_summary)
        .post("/teams/{team}/retros/{retro}/phase", change_phase)
        .post("/teams/{team}/retros/{retro}/reveal", reveal_cards)
        .post("/teams/{team}/retros/{retro}/cards", add_card)
        .post("/teams/{team}/retros/{retro}/cards/{card}", edit_card)
        .post(
            "/teams/{team}/retros/{retro}/cards/{card}/delete",
            delete_card,
        )
        .post("/teams/{team}/retros/{retro}/cards/{card}/theme", move_card)
        .post("/teams/{team}/retros/{retro}/themes", create_theme)
        .post("/teams/{team}/retros/{retro}/themes/{theme}", rename_theme)
        .post(
            "/teams/{team}/retros/{retro}/themes/{theme}/notes",
            add_note,
        )
        .post(
            "/teams/{team}/retros/{retro}/themes/{theme}/timer",
            start_timer,
        )
        .post("/teams/{team}/retros/{retro}/votes", cast_vote)
        .post(
            "/teams/{team}/retros/{retro}/votes/{theme}/retract",
            retract_vote,
        )
        .post("/teams/{team}/retros/{retro}/actions", add_action)
        .post("/teams/{team}/retros/{retro}/questions", add_question)
        .get("/teams/{team}/templates", list_templates)
        .post("/teams/{team}/templates", create_template)
        .post("/teams/{team}/templates/{template}", update_template)
}

/// The retro named in the path, if it is this team's, and who is looking at it.
async fn open_retro(
    app: &AppState,
    member: &TeamMember<crate::web::extractors::Viewer>,
    id: i64,
) -> Result<(Retro, Viewer), AppError> {
    let retro = super::find_retro(app.db.pool(), member.team.id, RetroId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer = Viewer::new(&member.user, member.role, &retro);
    if viewer.is_participant && retro.phase != Phase::Closed {
        super::record_attendance(&app.db, retro.id, viewer.user_id).await?;
    }
    Ok((retro, viewer))
}

type Anyone = TeamMember<crate::web::extractors::Viewer>;

fn back(team: &str, retro: &Retro, anchor: &str) -> Response {
    axum::response::Redirect::to(&format!("{}{anchor}", views::base_url(team, retro)))
        .into_response()
}

#[derive(Deserialize)]
struct StartForm {
    template: String,
    facilitator: String,
    vote_limit: String,
    #[serde(default)]
    anonymous: Option<String>,
    #[serde(default)]
    hide_votes: Option<String>,
    #[serde(default)]
    phase_minutes: String,
}

async fn start_retro(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    Path((_, incident)): Path<(String, i64)>,
    Form(form): Form<StartForm>,
) -> Result<Response, AppError> {
    let incident = incidents::find_incident(app.db.pool(), member.team.id, IncidentId(incident))
        .await?
        .ok_or(AppError::NotFound)?;
    let new = NewRetro {
        template_key: form.template,
        facilitator: UserId(form_number(&form.facilitator, "facilitator")?),
        vote_limit: form_number(&form.vote_limit, "vote_limit")?,
        is_anonymous: form.anonymous.is_some(),
        hide_votes: form.hide_votes.is_some(),
        phase_minutes: optional_form_number(&form.phase_minutes, "phase_minutes")?,
    };
    let id = super::start_retro(&app.db, member.team.id, incident.id, member.user.id, &new).await?;
    Ok(
        axum::response::Redirect::to(&format!("/teams/{}/retros/{}", member.team.slug, id.0))
            .into_response(),
    )
}

async fn page_extras_data(
    app: &AppState,
    member: &Anyone,
    retro: &Retro,
) -> Result<ExtrasData, AppError> {
    let incident = incidents::find_incident(app.db.pool(), member.team.id, retro.incident_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let entries = if retro.phase == Phase::Timeline {
        incidents::list_entries(app.db.pool(), incident.id).await?
    } else {
        Vec::new()
    };
    let open_actions = if retro.phase == Phase::Prepare {
        actions::list_open_team_actions(app.db.pool(), member.team.id, incident.id).await?
    } else {
        Vec::new()
    };
    let members = teams::list_members(app.db.pool(), member.team.id).await?;
    let my_votes = super::my_votes(app.db.pool(), retro.id, member.user.id).await?;
    // The customer-communication lens is discussed beside the incident's figures.
    let communication = if retro.phase == Phase::Reflect
        && super::templates::is_customers_lens(&retro.template_name)
    {
        let all_entries = incidents::list_entries(app.db.pool(), incident.id).await?;
        let stages = incidents::review::Stages::of(&incident, &all_entries);
        let target = incidents::target_cadence_s(app.db.pool(), member.team.id).await?;
        Some(incidents::review::CommunicationReview::of(
            &stages,
            &all_entries,
            target,
        ))
    } else {
        None
    };
    let mut reader_feedback = Vec::new();
    if communication.is_some() {
        for review in crate::reviews::list_incident_reviews(app.db.pool(), incident.id.0).await? {
            if review.revisions > 0 {
                let summary = crate::reviews::feedback_summary(app.db.pool(), review.id).await?;
                reader_feedback.push((review.title, summary));
            }
        }
    }
    Ok(ExtrasData {
        incident,
        entries,
        open_actions,
        members,
        my_votes,
        communication,
        reader_feedback,
    })
}

struct ExtrasData {
    incident: incidents::Incident,
    entries: Vec<incidents::TimelineEntry>,
    open_actions: Vec<actions::ActionItem>,
    members: Vec<teams::Member>,
    my_votes: Vec<i64>,
    communication: Option<incidents::review::CommunicationReview>,
    reader_feedback: Vec<(String, crate::reviews::FeedbackSummary)>,
}

async fn show_retro(
    State(app): State<AppState>,
    member: Anyone,
    context: PageContext,
    Path((_, id)): Path<(String, i64)>,
) -> Result<maud::Markup, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    let data = page_extras_data(&app, &member, &retro).await?;
    let board = super::load_board(&app.db, retro).await?;
    let present = app.live.present(board.retro.id);
    let extras = PageExtras {
        team: &member.team,
        incident: &data.incident,
        entries: &data.entries,
        open_actions: &data.open_actions,
        members: &data.members,
        my_votes: &data.my_votes,
        present: &present,
        zone: &member.user.time_zone,
        now: chrono::Utc::now(),
        communication: data.communication.as_ref(),
        reader_feedback: &data.reader_feedback,
    };
    Ok(views::retro_page(&context, &board, &viewer, &extras))
}

async fn download_summary(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (retro, _) = open_retro(&app, &member, id).await?;
    let incident = incidents::find_incident(app.db.pool(), member.team.id, retro.incident_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let board = super::load_board(&app.db, retro).await?;
    if board.retro.phase != Phase::Closed {
        return Err(AppError::Conflict(t!("retro-error-summary-not-ready")));
    }
    let file_name = format!("attachment; filename=\"retro-{}.md\"", board.retro.id.0);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/markdown; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, file_name),
        ],
        views::summary_markdown(&board, &incident),
    )
        .into_response())
}

/// Publishes a card change with the prompt's new count.
pub async fn publish_card(
    app: &AppState,
    retro: &Retro,
    change: CardChange,
    card: Card,
) -> Result<(), AppError> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM retro_card WHERE retro_id = $1 AND prompt_id = $2")
            .bind(retro.id.0)
            .bind(card.prompt_id)
            .fetch_one(app.db.pool())
            .await?;
    app.live.publish(
        retro.id,
        RetroEvent::card(
            change,
            card,
            usize::try_from(count).unwrap_or(0),
            retro.clone(),
        ),
    );
    Ok(())
}

/// Tells every page to load afresh (a phase change, a reveal, new themes).
pub fn publish_reload(live: &LiveHub, retro: RetroId, what: &str) {
    live.publish(retro, RetroEvent::reload(json!({"type": what})));
}

#[derive(Deserialize)]
struct PhaseForm {
    phase: String,
}

async fn change_phase(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<PhaseForm>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    let phase: Phase = form
        .phase
        .parse()
        .map_err(|e: String| AppError::invalid(e, "field phase"))?;
    super::set_phase(&app.db, &retro, &viewer, phase).await?;
    app.live.publish(
        retro.id,
        RetroEvent::reload(json!({"type": "phase_changed", "phase": phase})),
    );
    Ok(back(&member.team.slug, &retro, ""))
}

async fn reveal_cards(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    super::reveal(&app.db, &retro, &viewer).await?;
    publish_reload(&app.live, retro.id, "revealed");
    Ok(back(&member.team.slug, &retro, ""))
}

#[derive(Deserialize)]
struct CardForm {
    prompt_id: String,
    text: String,
}

async fn add_card(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<CardForm>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    let card = super::add_card(
        &app.db,
        &retro,
        &viewer,
        form_number(&form.prompt_id, "prompt_id")?,
        &form.text,
    )
    .await?;
    let anchor = format!("#card-{}", card.id);
    publish_card(&app, &retro, CardChange::Added, card).await?;
    Ok(back(&member.team.slug, &retro, &anchor))
}

#[derive(Deserialize)]
struct TextForm {
    text: String,
}

async fn edit_card(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id, card)): Path<(String, i64, i64)>,
    Form(form): Form<TextForm>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    let card = super::edit_card(&app.db, &retro, &viewer, card, &form.text).await?;
    let anchor = format!("#card-{}", card.id);
    publish_card(&app, &retro, CardChange::Edited, card).await?;
    Ok(back(&member.team.slug, &retro, &anchor))
}

async fn delete_card(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id, card)): Path<(String, i64, i64)>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    let card = super::delete_card(&app.db, &retro, &viewer, card).await?;
    publish_card(&app, &retro, CardChange::Deleted, card).await?;
    Ok(back(&member.team.slug, &retro, ""))
}

#[derive(Deserialize)]
struct MoveForm {
    theme_id: String,
}

async fn move_card(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id, card)): Path<(String, i64, i64)>,
    Form(form): Form<MoveForm>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    let theme = optional_form_number(&form.theme_id, "theme_id")?;
    super::move_card(&app.db, &retro, &viewer, card, theme).await?;
    publish_reload(&app.live, retro.id, "themes_changed");
    Ok(back(&member.team.slug, &retro, &format!("#card-{card}")))
}

/// `title` and any number of `card_ids`.
async fn create_theme(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    let title = fields
        .iter()
        .find(|(k, _)| k == "title")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let cards = fields
        .iter()
        .filter(|(k, _)| k == "card_ids")
        .map(|(_, v)| form_number(v, "card_ids"))
        .collect::<Result<Vec<_>, _>>()?;
    let theme = super::create_theme(&app.db, &retro, &viewer, title, &cards).await?;
    publish_reload(&app.live, retro.id, "themes_changed");
    Ok(back(&member.team.slug, &retro, &format!("#theme-{theme}")))
}

#[derive(Deserialize)]
struct TitleForm {
    title: String,
}

async fn rename_theme(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id, theme)): Path<(String, i64, i64)>,
    Form(form): Form<TitleForm>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    super::rename_theme(&app.db, &retro, &viewer, theme, &form.title).await?;
    publish_reload(&app.live, retro.id, "themes_changed");
    Ok(back(&member.team.slug, &retro, &format!("#theme-{theme}")))
}

#[derive(Deserialize)]
struct VoteForm {
    theme_id: String,
}

/// The theme's new vote count, told to everyone (as "hidden" while votes are hidden).
pub async fn publish_votes(app: &AppState, retro: &Retro, theme: i64) -> Result<(), AppError> {
    let (votes,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM retro_vote WHERE theme_id = $1")
        .bind(theme)
        .fetch_one(app.db.pool())
        .await?;
    let shown = super::Theme {
        id: theme,
        title: String::new(),
        votes,
    };
    let count = (!retro.hide_votes).then_some(votes);
    app.live.publish(
        retro.id,
        RetroEvent::shared(
            || views::theme_votes(&shown, retro.hide_votes).into_string(),
            json!({"type": "votes_changed", "theme_id": theme, "votes": count}),
        ),
    );
    Ok(())
}

async fn cast_vote(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<VoteForm>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    let theme = form_number(&form.theme_id, "theme_id")?;
    super::vote(&app.db, &retro, &viewer, theme).await?;
    publish_votes(&app, &retro, theme).await?;
    Ok(back(&member.team.slug, &retro, ""))
}

async fn retract_vote(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id, theme)): Path<(String, i64, i64)>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    super::retract_vote(&app.db, &retro, &viewer, theme).await?;
    publish_votes(&app, &retro, theme).await?;
    Ok(back(&member.team.slug, &retro, ""))
}

async fn add_note(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id, theme)): Path<(String, i64, i64)>,
    Form(form): Form<TextForm>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    let note = super::add_note(&app.db, &retro, &viewer, theme, &form.text).await?;
    app.live.publish(
        retro.id,
        RetroEvent::shared(
            || views::note_item(&note).into_string(),
            json!({"type": "note_added", "note": note}),
        ),
    );
    Ok(back(&member.team.slug, &retro, &format!("#theme-{theme}")))
}

#[derive(Deserialize)]
struct TimerForm {
    minutes: String,
}

async fn start_timer(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id, theme)): Path<(String, i64, i64)>,
    Form(form): Form<TimerForm>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    super::start_timer(
        &app.db,
        &retro,
        &viewer,
        theme,
        form_number(&form.minutes, "minutes")?,
    )
    .await?;
    publish_reload(&app.live, retro.id, "timer_started");
    Ok(back(&member.team.slug, &retro, &format!("#theme-{theme}")))
}

#[derive(Deserialize)]
struct ActionForm {
    title: String,
    #[serde(default)]
    theme_id: String,
    #[serde(rename = "type")]
    action_type: String,
    #[serde(default)]
    owner: String,
    priority: String,
    #[serde(default)]
    due_date: String,
}

async fn add_action(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    let action = NewAction {
        team: member.team.id,
        incident: retro.incident_id,
        retro: Some(retro.id.0),
        theme: optional_form_number(&form.theme_id, "theme_id")?,
        card: None,
        title: form.title,
        action_type: form.action_type.parse()?,
        owner: optional_form_number(&form.owner, "owner")?.map(UserId),
        priority: actions::parse_priority(&form.priority)?,
        due_date: actions::parse_due_date(&form.due_date)?,
    };
    let action_id = super::add_action(&app.db, &retro, &viewer, action).await?;
    if let Some(action) = actions::list_retro_actions(app.db.pool(), retro.id.0)
        .await?
        .into_iter()
        .find(|a| a.id == action_id)
    {
        app.live.publish(
            retro.id,
            RetroEvent::shared(
                || views::action_row(&action).into_string(),
                json!({"type": "action_added", "action": action}),
            ),
        );
    }
    Ok(back(
        &member.team.slug,
        &retro,
        &format!("#action-{action_id}"),
    ))
}

#[derive(Deserialize)]
struct QuestionForm {
    entry_id: String,
    text: String,
}

async fn add_question(
    State(app): State<AppState>,
    member: Anyone,
    Path((_, id)): Path<(String, i64)>,
    Form(form): Form<QuestionForm>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    let entry = form_number(&form.entry_id, "entry_id")?;
    super::add_question(&app.db, &retro, &viewer, entry, &form.text).await?;
    publish_reload(&app.live, retro.id, "question_added");
    Ok(back(
        &member.team.slug,
        &retro,
        &format!("#retro-entry-{entry}"),
    ))
}

/// One open stream: leaving (the browser closes or drops) updates who is present.
pub struct Presence {
    live: LiveHub,
    retro: RetroId,
    user: UserId,
}

impl Presence {
    /// Marks `user` present (after `LiveHub::join`) and tells the others.
    pub fn new(live: LiveHub, retro: RetroId, user: UserId) -> Presence {
        publish_presence(&live, retro, &live.present(retro));
        Presence { live, retro, user }
    }
}

impl Drop for Presence {
    fn drop(&mut self) {
        if let Some(names) = self.live.leave(self.retro, self.user) {
            publish_presence(&self.live, self.retro, &names);
        }
    }
}

fn publish_presence(live: &LiveHub, retro: RetroId, names: &[String]) {
    live.publish(
        retro,
        RetroEvent::shared(
            || views::presence(names).into_string(),
            json!({"type": "presence", "present": names}),
        ),
    );
}

/// The live stream of a retro for one browser: first the current board (so a reconnect
/// loses nothing), then every change as HTML fragments rendered for this viewer.
async fn retro_events(
    State(app): State<AppState>,
    member: Anyone,
    context: PageContext,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (retro, viewer) = open_retro(&app, &member, id).await?;
    let data = page_extras_data(&app, &member, &retro).await?;
    let board = super::load_board(&app.db, retro).await?;
    let (receiver, present) =
        app.live
            .join(board.retro.id, member.user.id, &member.user.display_name);
    let presence = Presence::new(app.live.clone(), board.retro.id, member.user.id);
    let extras = PageExtras {
        team: &member.team,
        incident: &data.incident,
        entries: &data.entries,
        open_actions: &data.open_actions,
        members: &data.members,
        my_votes: &data.my_votes,
        present: &present,
        zone: &member.user.time_zone,
        now: chrono::Utc::now(),
        communication: data.communication.as_ref(),
        reader_feedback: &data.reader_feedback,
    };
    let sync = sse_message(
        "sync",
        &views::board_region(&context, &board, &viewer, &extras).into_string(),
    );
    let base = views::base_url(&member.team.slug, &board.retro);
    // Events are rendered in the stream, outside this request: in this reader's language,
    // whatever the others in the meeting read.
    let lang = crate::i18n::current();
    Ok(event_stream(
        sync,
        receiver,
        presence,
        move |event| {
            crate::i18n::sync_scope(lang, || browser_event(event, &viewer, &context, &base))
        },
        // Fell too far behind: load the page afresh rather than show a gap.
        |_| sse_message("reload", "lagged"),
    ))
}

/// What one browser receives for an event: fragments it may see, or nothing.
fn browser_event(
    event: &RetroEvent,
    viewer: &Viewer,
    context: &PageContext,
    base: &str,
) -> Option<String> {
    match event {
        RetroEvent::Card(event) => {
            let (card, retro) = (&event.card, &event.retro);
            let mut html = event
                .count_html(|| {
                    views::prompt_count(card.prompt_id, event.prompt_count).into_string()
                })
                .to_owned();
            match event.change {
                CardChange::Deleted => html.push_str(&format!(
                    "<span id=\"card-{}\" data-remove></span>",
                    card.id
                )),
                CardChange::Added | CardChange::Edited => {
                    if card.text_for(retro, Some(viewer.user_id)).is_some()
                        && retro.phase == Phase::Reflect
                    {
                        if card.can_edit(viewer) {
                            // Its author and the facilitator get the edit form, with their own token.
                            html.push_str(
                                &views::card_item(context, card, retro, viewer, base).into_string(),
                            );
                        } else {
                            html.push_str(event.card_html_for_others(|| {
                                let someone_else = Viewer {
                                    user_id: UserId(0),
                                    name: String::new(),
                                    is_participant: false,
                                    is_facilitator: false,
                                };
                                views::card_item(context, card, retro, &someone_else, base)
                                    .into_string()
                            }));
                        }
                    }
                }
            }
            Some(sse_message("fragment", &html))
        }
        RetroEvent::Shared { html, .. } => {
            Some(sse_message("fragment", html.get(crate::i18n::current())))
        }
        RetroEvent::Reload { .. } => Some(sse_message("reload", "reload")),
    }
}

/// What an API client receives: the same rules, as JSON.
pub fn api_event(event: &RetroEvent, viewer: UserId) -> String {
    let body = match event {
        RetroEvent::Card(event) => {
            event.api_json(event.card.text_for(&event.retro, Some(viewer)).is_some())
        }
        RetroEvent::Shared { json, .. } | RetroEvent::Reload { json } => json.as_ref(),
    };
    sse_message("retro", body)
}

async fn list_templates(
    State(app): State<AppState>,
    member: Anyone,
    context: PageContext,
) -> Result<maud::Markup, AppError> {
    let templates = super::templates::list_templates(app.db.pool(), member.team.id).await?;
    Ok(views::templates_page(
        &context,
        &member.team,
        &templates,
        member.role >= teams::TeamRole::Member,
    ))
}

#[derive(Deserialize)]
struct TemplateForm {
    name: String,
    prompts: String,
}

async fn create_template(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    Form(form): Form<TemplateForm>,
) -> Result<Response, AppError> {
    let prompts = super::templates::parse_prompt_lines(&form.prompts)?;
    super::templates::save_template(
        &app.db,
        member.user.id,
        member.team.id,
        None,
        &form.name,
        &prompts,
    )
    .await?;
    Ok(crate::web::flash::redirect(
        &format!("/teams/{}/templates", member.team.slug),
        crate::web::Flash::notice(t!("retro-template-saved-new")),
    ))
}

async fn update_template(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    Path((_, template)): Path<(String, i64)>,
    Form(form): Form<TemplateForm>,
) -> Result<Response, AppError> {
    let prompts = super::templates::parse_prompt_lines(&form.prompts)?;
    super::templates::save_template(
        &app.db,
        member.user.id,
        member.team.id,
        Some(template),
        &form.name,
        &prompts,
    )
    .await?;
    Ok(crate::web::flash::redirect(
        &format!("/teams/{}/templates", member.team.slug),
        crate::web::Flash::notice(t!("retro-template-saved")),
    ))
}
