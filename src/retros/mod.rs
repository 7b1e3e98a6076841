//! Live blameless retrospectives: a facilitator guides the team through phases, from the
//! timeline to agreed action items. This module holds the rules and the SQL; `live` the
//! in-process event hub; `views` the pages and the fragments sent live.

pub mod live;
pub mod phase;
pub mod relay;
pub mod routes;
pub mod templates;
pub mod views;

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::AnyExecutor;

use crate::accounts::teams::{TeamId, TeamRole};
use crate::accounts::{User, UserId};
use crate::actions::{self, ActionItem, NewAction};
use crate::audit::{self, AuditEvent};
use crate::db::{self, Db, flag, time_from_ms};
use crate::error::AppError;
use crate::incidents::IncidentId;
use crate::t;
pub use phase::Phase;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct RetroId(pub i64);

/// Serializable so live events can travel between instances (see `live::relay`).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Retro {
    pub id: RetroId,
    pub team_id: TeamId,
    pub incident_id: IncidentId,
    pub facilitator_id: UserId,
    pub facilitator_name: String,
    pub template_name: String,
    pub phase: Phase,
    pub vote_limit: i64,
    pub is_anonymous: bool,
    pub is_revealed: bool,
    pub hide_votes: bool,
    pub phase_minutes: Option<i64>,
    pub phase_started_at: DateTime<Utc>,
    pub discuss_theme_id: Option<i64>,
    pub timer_ends_at: Option<DateTime<Utc>>,
    /// The team's own phrases to flag as blame on cards (from its settings).
    #[serde(default)]
    pub team_blame_phrases: String,
}

#[derive(sqlx::FromRow)]
struct RetroRow {
    id: i64,
    team_id: i64,
    incident_id: i64,
    facilitator_id: i64,
    facilitator_name: String,
    template_name: String,
    phase: String,
    vote_limit: i64,
    is_anonymous: i64,
    is_revealed: i64,
    hide_votes: i64,
    phase_minutes: Option<i64>,
    phase_started_at: i64,
    discuss_theme_id: Option<i64>,
    timer_ends_at: Option<i64>,
    team_blame_phrases: String,
}

impl TryFrom<RetroRow> for Retro {
    type Error = AppError;
    fn try_from(row: RetroRow) -> Result<Retro, AppError> {
        Ok(Retro {
            id: RetroId(row.id),
            team_id: TeamId(row.team_id),
            incident_id: IncidentId(row.incident_id),
            facilitator_id: UserId(row.facilitator_id),
            facilitator_name: row.facilitator_name,
            template_name: row.template_name,
            phase: row
                .phase
                .parse()
                .map_err(|e: String| AppError::Internal(e.into()))?,
            vote_limit: row.vote_limit,
            is_anonymous: flag(row.is_anonymous),
            is_revealed: flag(row.is_revealed),
            hide_votes: flag(row.hide_votes),
            phase_minutes: row.phase_minutes,
            phase_started_at: time_from_ms(row.phase_started_at),
            discuss_theme_id: row.discuss_theme_id,
            timer_ends_at: row.timer_ends_at.map(time_from_ms),
            team_blame_phrases: row.team_blame_phrases,
        })
    }
}

const RETRO_SELECT: &str = "SELECT r.id, r.team_id, r.incident_id, r.facilitator_id, u.display_name AS facilitator_name,
        r.template_name, r.phase, r.vote_limit, r.is_anonymous, r.is_revealed, r.hide_votes, r.phase_minutes,
        r.phase_started_at, r.discuss_theme_id, r.timer_ends_at, t.blame_phrases AS team_blame_phrases
     FROM retro r JOIN app_user u ON u.id = r.facilitator_id JOIN team t ON t.id = r.team_id";

/// Who is looking at a retro, and what they may do there.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub user_id: UserId,
    pub name: String,
    /// Owners and members take part; viewers watch.
    pub is_participant: bool,
    /// The facilitator or a team owner: moves phases, reveals, edits others' cards.
    pub is_facilitator: bool,
}

impl Viewer {
    pub fn new(user: &User, role: TeamRole, retro: &Retro) -> Viewer {
        Viewer {
            user_id: user.id,
            name: user.display_name.clone(),
            is_participant: role >= TeamRole::Member,
            is_facilitator: retro.facilitator_id == user.id || role == TeamRole::Owner,
        }
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Prompt {
    pub id: i64,
    pub title: String,
    pub description: String,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Card {
    pub id: i64,
    pub prompt_id: i64,
    pub author_id: UserId,
    pub author_name: String,
    pub text: String,
    pub theme_id: Option<i64>,
}

impl Card {
    /// The text, if `viewer` may read it: always their own; others' once revealed, or at
    /// once when the retro is not anonymous.
    pub fn text_for(&self, retro: &Retro, viewer_id: Option<UserId>) -> Option<&str> {
        let is_own = viewer_id == Some(self.author_id);
        (is_own || !retro.is_anonymous || retro.is_revealed).then_some(self.text.as_str())
    }

    /// The author's name, never shown when the retro is anonymous.
    pub fn author_for(&self, retro: &Retro) -> Option<&str> {
        (!retro.is_anonymous).then_some(self.author_name.as_str())
    }

    pub fn can_edit(&self, viewer: &Viewer) -> bool {
        viewer.is_participant && (viewer.user_id == self.author_id || viewer.is_facilitator)
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Theme {
    pub id: i64,
    pub title: String,
    pub votes: i64,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Note {
    pub id: i64,
    pub theme_id: i64,
    pub author_name: String,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Question {
    pub entry_id: i64,
    pub author_name: String,
    pub text: String,
}

/// Everything a retro page shows, loaded at once.
pub struct Board {
    pub retro: Retro,
    pub prompts: Vec<Prompt>,
    pub cards: Vec<Card>,
    /// Themes in vote order (most first) once voting has started, else in creation order.
    pub themes: Vec<Theme>,
    pub notes: Vec<Note>,
    pub questions: Vec<Question>,
    pub actions: Vec<ActionItem>,
    pub attendees: Vec<String>,
}

impl Board {
    pub fn count_in(&self, prompt_id: i64) -> usize {
        self.cards
            .iter()
            .filter(|c| c.prompt_id == prompt_id)
            .count()
    }
}

pub async fn find_retro(
    db: impl AnyExecutor<'_>,
    team: TeamId,
    id: RetroId,
) -> Result<Option<Retro>, AppError> {
    let row: Option<RetroRow> = sqlx::query_as(&format!(
        "{RETRO_SELECT} WHERE r.team_id = $1 AND r.id = $2"
    ))
    .bind(team.0)
    .bind(id.0)
    .fetch_optional(db)
    .await?;
    row.map(Retro::try_from).transpose()
}

/// A retro the user may see (their team's, or any for an admin), with their team role.
pub async fn find_retro_for_user(
    db: &Db,
    user: &User,
    id: RetroId,
) -> Result<(Retro, TeamRole), AppError> {
    let row: Option<RetroRow> = sqlx::query_as(&format!("{RETRO_SELECT} WHERE r.id = $1"))
        .bind(id.0)
        .fetch_optional(db.pool())
        .await?;
    let retro = row
        .map(Retro::try_from)
        .transpose()?
        .ok_or(AppError::NotFound)?;
    let role = crate::accounts::teams::effective_role(db.pool(), retro.team_id, user).await?;
    Ok((retro, role))
}

pub async fn list_incident_retros(
    db: impl AnyExecutor<'_>,
    incident: IncidentId,
) -> Result<Vec<Retro>, AppError> {
    let rows: Vec<RetroRow> = sqlx::query_as(&format!(
        "{RETRO_SELECT} WHERE r.incident_id = $1 ORDER BY r.id DESC"
    ))
    .bind(incident.0)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(Retro::try_from).collect()
}

pub async fn load_board(db: &Db, retro: Retro) -> Result<Board, AppError> {
    let pool = db.pool();
    let prompts: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, title, description FROM retro_prompt WHERE retro_id = $1 ORDER BY position, id",
    )
    .bind(retro.id.0)
    .fetch_all(pool)
    .await?;
    let cards: Vec<(i64, i64, i64, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT c.id, c.prompt_id, c.author_id, u.display_name, c.text, c.theme_id
         FROM retro_card c JOIN app_user u ON u.id = c.author_id WHERE c.retro_id = $1 ORDER BY c.id",
    )
    .bind(retro.id.0)
    .fetch_all(pool)
    .await?;
    let mut themes: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT t.id, t.title, (SELECT COUNT(*) FROM retro_vote v WHERE v.theme_id = t.id)
         FROM retro_theme t WHERE t.retro_id = $1 ORDER BY t.id",
    )
    .bind(retro.id.0)
    .fetch_all(pool)
    .await?;
    if retro.phase > Phase::Vote {
        themes.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    }
    let notes: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT n.id, n.theme_id, u.display_name, n.text FROM retro_note n JOIN app_user u ON u.id = n.author_id
         WHERE n.retro_id = $1 ORDER BY n.id",
    )
    .bind(retro.id.0)
    .fetch_all(pool)
    .await?;
    let questions: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT q.entry_id, u.display_name, q.text FROM retro_question q JOIN app_user u ON u.id = q.author_id
         WHERE q.retro_id = $1 ORDER BY q.id",
    )
    .bind(retro.id.0)
    .fetch_all(pool)
    .await?;
    let attendees: Vec<(String,)> = sqlx::query_as(
        "SELECT u.display_name FROM retro_attendee a JOIN app_user u ON u.id = a.user_id
         WHERE a.retro_id = $1 ORDER BY lower(u.display_name)",
    )
    .bind(retro.id.0)
    .fetch_all(pool)
    .await?;
    let actions = actions::list_retro_actions(pool, retro.id.0).await?;
    Ok(Board {
        prompts: prompts
            .into_iter()
            .map(|(id, title, description)| Prompt {
                id,
                title,
                description,
            })
            .collect(),
        cards: cards
            .into_iter()
            .map(
                |(id, prompt_id, author, author_name, text, theme_id)| Card {
                    id,
                    prompt_id,
                    author_id: UserId(author),
                    author_name,
                    text,
                    theme_id,
                },
            )
            .collect(),
        themes: themes
            .into_iter()
            .map(|(id, title, votes)| Theme { id, title, votes })
            .collect(),
        notes: notes
            .into_iter()
            .map(|(id, theme_id, author_name, text)| Note {
                id,
                theme_id,
                author_name,
                text,
            })
            .collect(),
        questions: questions
            .into_iter()
            .map(|(entry_id, author_name, text)| Question {
                entry_id,
                author_name,
                text,
            })
            .collect(),
        actions,
        attendees: attendees.into_iter().map(|(name,)| name).collect(),
        retro,
    })
}

/// The votes `user` has cast, by theme.
pub async fn my_votes(
    db: impl AnyExecutor<'_>,
    retro: RetroId,
    user: UserId,
) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT theme_id FROM retro_vote WHERE retro_id = $1 AND user_id = $2")
            .bind(retro.0)
            .bind(user.0)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(|(theme,)| theme).collect())
}

/// How a retro starts.
pub struct NewRetro {
    pub template_key: String,
    pub facilitator: UserId,
    pub vote_limit: i64,
    pub is_anonymous: bool,
    pub hide_votes: bool,
    pub phase_minutes: Option<i64>,
}

/// Records a change to a retro in the audit trail, inside its transaction.
async fn audit_retro(
    tx: &mut db::WriteTx,
    actor: Option<UserId>,
    action: &str,
    retro: &Retro,
    detail: serde_json::Value,
) -> Result<(), sqlx::Error> {
    audit::record(
        &mut **tx,
        actor,
        AuditEvent {
            action,
            object_type: "retro",
            object_id: retro.id.0,
            detail,
        },
    )
    .await
}

/// Refuses a theme id that is not this retro's.
async fn require_theme(tx: &mut db::WriteTx, retro: &Retro, theme: i64) -> Result<(), AppError> {
    let exists: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM retro_theme WHERE id = $1 AND retro_id = $2")
            .bind(theme)
            .bind(retro.id.0)
            .fetch_optional(&mut **tx)
            .await?;
    exists
        .map(|_| ())
        .ok_or_else(|| AppError::invalid(t!("retro-error-choose-theme"), "field theme_id"))
}

fn refuse_phase(expected: Phase) -> AppError {
    AppError::Conflict(t!("retro-error-wrong-phase", phase = expected.title()))
}

fn require_participant(viewer: &Viewer) -> Result<(), AppError> {
    if viewer.is_participant {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn require_facilitator(viewer: &Viewer) -> Result<(), AppError> {
    if viewer.is_facilitator && viewer.is_participant {
        Ok(())
    } else {
        Err(AppError::Refused(t!("retro-error-facilitator-only")))
    }
}

fn check_text(text: &str, field: &str, max: usize) -> Result<String, AppError> {
    crate::accounts::require_text(text, field, max)
}

pub async fn start_retro(
    db: &Db,
    team: TeamId,
    incident: IncidentId,
    actor: UserId,
    new: &NewRetro,
) -> Result<RetroId, AppError> {
    if !(1..=20).contains(&new.vote_limit) {
        return Err(AppError::invalid(
            t!("retro-error-vote-limit"),
            "field vote_limit",
        ));
    }
    if new.phase_minutes.is_some_and(|m| !(1..=240).contains(&m)) {
        return Err(AppError::invalid(
            t!("retro-error-time-box"),
            "field phase_minutes",
        ));
    }
    let template = templates::list_templates(db.pool(), team)
        .await?
        .into_iter()
        .find(|t| t.key == new.template_key)
        .ok_or_else(|| AppError::invalid(t!("retro-error-choose-template"), "field template"))?;
    if crate::accounts::teams::find_role(db.pool(), team, new.facilitator)
        .await?
        .is_none_or(|r| r < TeamRole::Member)
    {
        return Err(AppError::invalid(
            t!("retro-error-facilitator-role"),
            "field facilitator",
        ));
    }
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO retro (team_id, incident_id, facilitator_id, template_name, phase, vote_limit, is_anonymous,
             hide_votes, phase_minutes, phase_started_at, created_at)
         VALUES ($1, $2, $3, $4, 'prepare', $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(team.0)
    .bind(incident.0)
    .bind(new.facilitator.0)
    .bind(&template.name)
    .bind(new.vote_limit)
    .bind(i64::from(new.is_anonymous))
    .bind(i64::from(new.hide_votes))
    .bind(new.phase_minutes)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    for (position, prompt) in template.prompts.iter().enumerate() {
        sqlx::query("INSERT INTO retro_prompt (retro_id, position, title, description) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(position as i64)
            .bind(&prompt.title)
            .bind(&prompt.description)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut *tx,
        Some(actor),
        AuditEvent {
            action: "retro.started",
            object_type: "retro",
            object_id: id,
            detail: json!({"incident_id": incident.0, "template": template.name, "anonymous": new.is_anonymous}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(RetroId(id))
}

/// Records that `user` joined (for the attendee list); joining twice changes nothing.
pub async fn record_attendance(db: &Db, retro: RetroId, user: UserId) -> Result<(), AppError> {
    // Most calls come from people already recorded: check without taking the write lock.
    let known: Option<(i64,)> =
        sqlx::query_as("SELECT user_id FROM retro_attendee WHERE retro_id = $1 AND user_id = $2")
            .bind(retro.0)
            .bind(user.0)
            .fetch_optional(db.pool())
            .await?;
    if known.is_none() {
        sqlx::query(
            "INSERT INTO retro_attendee (retro_id, user_id, joined_at) VALUES ($1, $2, $3)
             ON CONFLICT (retro_id, user_id) DO NOTHING",
        )
        .bind(retro.0)
        .bind(user.0)
        .bind(db::now_ms())
        .execute(db.pool())
        .await?;
    }
    Ok(())
}

pub async fn set_phase(
    db: &Db,
    retro: &Retro,
    viewer: &Viewer,
    phase: Phase,
) -> Result<(), AppError> {
    require_facilitator(viewer)?;
    if retro.phase == Phase::Closed && phase != Phase::Closed {
        return Err(AppError::Conflict(t!("retro-error-closed")));
    }
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE retro SET phase = $1, phase_started_at = $2, closed_at = $3, timer_ends_at = NULL WHERE id = $4",
    )
    .bind(phase.as_str())
    .bind(now)
    .bind((phase == Phase::Closed).then_some(now))
    .bind(retro.id.0)
    .execute(&mut *tx)
    .await?;
    audit_retro(
        &mut tx,
        Some(viewer.user_id),
        "retro.phase_changed",
        retro,
        json!({"from": retro.phase.as_str(), "to": phase.as_str()}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The audit actor for a card change: nobody, in an anonymous retro, so that not even
/// the audit trail names a card's author.
fn card_actor(retro: &Retro, viewer: &Viewer) -> Option<UserId> {
    (!retro.is_anonymous).then_some(viewer.user_id)
}

pub const MAX_CARD_CHARS: usize = 2000;

pub async fn add_card(
    db: &Db,
    retro: &Retro,
    viewer: &Viewer,
    prompt_id: i64,
    text: &str,
) -> Result<Card, AppError> {
    require_participant(viewer)?;
    if retro.phase != Phase::Reflect {
        return Err(refuse_phase(Phase::Reflect));
    }
    let text = check_text(text, "text", MAX_CARD_CHARS)?;
    let mut tx = db.begin().await?;
    // One statement checks the prompt belongs to this retro and inserts: the write lock
    // is held for as few round trips as possible while a whole team is writing.
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO retro_card (retro_id, prompt_id, author_id, text, created_at, updated_at)
         SELECT $1, $2, $3, $4, $5, $5 WHERE EXISTS (SELECT 1 FROM retro_prompt WHERE id = $2 AND retro_id = $1)
         RETURNING id",
    )
    .bind(retro.id.0)
    .bind(prompt_id)
    .bind(viewer.user_id.0)
    .bind(&text)
    .bind(db::now_ms())
    .fetch_optional(&mut *tx)
    .await?;
    let (id,) = inserted
        .ok_or_else(|| AppError::invalid(t!("retro-error-choose-prompt"), "field prompt_id"))?;
    audit_retro(
        &mut tx,
        card_actor(retro, viewer),
        "retro.card_added",
        retro,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(Card {
        id,
        prompt_id,
        author_id: viewer.user_id,
        author_name: viewer.name.clone(),
        text,
        theme_id: None,
    })
}

async fn find_card(db: impl AnyExecutor<'_>, retro: RetroId, card: i64) -> Result<Card, AppError> {
    let row: Option<(i64, i64, i64, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT c.id, c.prompt_id, c.author_id, u.display_name, c.text, c.theme_id
         FROM retro_card c JOIN app_user u ON u.id = c.author_id WHERE c.retro_id = $1 AND c.id = $2",
    )
    .bind(retro.0)
    .bind(card)
    .fetch_optional(db)
    .await?;
    let (id, prompt_id, author, author_name, text, theme_id) = row.ok_or(AppError::NotFound)?;
    Ok(Card {
        id,
        prompt_id,
        author_id: UserId(author),
        author_name,
        text,
        theme_id,
    })
}

/// Edits a card's text: its author while writing, the facilitator at any open phase.
pub async fn edit_card(
    db: &Db,
    retro: &Retro,
    viewer: &Viewer,
    card_id: i64,
    text: &str,
) -> Result<Card, AppError> {
    let mut card = find_card(db.pool(), retro.id, card_id).await?;
    if !card.can_edit(viewer) {
        return Err(AppError::Refused(t!("retro-error-edit-card")));
    }
    if retro.phase == Phase::Closed || (retro.phase != Phase::Reflect && !viewer.is_facilitator) {
        return Err(refuse_phase(Phase::Reflect));
    }
    let text = check_text(text, "text", MAX_CARD_CHARS)?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE retro_card SET text = $1, updated_at = $2 WHERE id = $3")
        .bind(&text)
        .bind(db::now_ms())
        .bind(card.id)
        .execute(&mut *tx)
        .await?;
    audit_retro(
        &mut tx,
        card_actor(retro, viewer),
        "retro.card_edited",
        retro,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    card.text = text;
    Ok(card)
}

pub async fn delete_card(
    db: &Db,
    retro: &Retro,
    viewer: &Viewer,
    card_id: i64,
) -> Result<Card, AppError> {
    let card = find_card(db.pool(), retro.id, card_id).await?;
    if !card.can_edit(viewer) {
        return Err(AppError::Refused(t!("retro-error-delete-card")));
    }
    if retro.phase == Phase::Closed || (retro.phase != Phase::Reflect && !viewer.is_facilitator) {
        return Err(refuse_phase(Phase::Reflect));
    }
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM retro_card WHERE id = $1")
        .bind(card.id)
        .execute(&mut *tx)
        .await?;
    audit_retro(
        &mut tx,
        card_actor(retro, viewer),
        "retro.card_deleted",
        retro,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(card)
}

pub async fn reveal(db: &Db, retro: &Retro, viewer: &Viewer) -> Result<(), AppError> {
    require_facilitator(viewer)?;
    if !matches!(retro.phase, Phase::Reflect | Phase::Group) {
        return Err(AppError::Conflict(t!(
            "retro-error-wrong-phases",
            first = Phase::Reflect.title(),
            second = Phase::Group.title()
        )));
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE retro SET is_revealed = 1 WHERE id = $1")
        .bind(retro.id.0)
        .execute(&mut *tx)
        .await?;
    audit_retro(
        &mut tx,
        Some(viewer.user_id),
        "retro.revealed",
        retro,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn require_grouping(retro: &Retro) -> Result<(), AppError> {
    if retro.phase != Phase::Group {
        return Err(refuse_phase(Phase::Group));
    }
    if retro.is_anonymous && !retro.is_revealed {
        return Err(AppError::Conflict(t!("retro-error-reveal-first")));
    }
    Ok(())
}

/// Creates a theme and moves `card_ids` into it.
pub async fn create_theme(
    db: &Db,
    retro: &Retro,
    viewer: &Viewer,
    title: &str,
    card_ids: &[i64],
) -> Result<i64, AppError> {
    require_participant(viewer)?;
    require_grouping(retro)?;
    let title = check_text(title, "title", 120)?;
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO retro_theme (retro_id, title, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(retro.id.0)
    .bind(&title)
    .bind(viewer.user_id.0)
    .bind(db::now_ms())
    .fetch_one(&mut *tx)
    .await?;
    for card in card_ids {
        let moved =
            sqlx::query("UPDATE retro_card SET theme_id = $1 WHERE id = $2 AND retro_id = $3")
                .bind(id)
                .bind(card)
                .bind(retro.id.0)
                .execute(&mut *tx)
                .await?;
        if moved.rows_affected() == 0 {
            return Err(AppError::invalid(
                t!("retro-error-card-elsewhere", card = *card),
                "field card_ids",
            ));
        }
    }
    audit_retro(
        &mut tx,
        Some(viewer.user_id),
        "retro.theme_created",
        retro,
        json!({"theme_id": id, "title": title}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn rename_theme(
    db: &Db,
    retro: &Retro,
    viewer: &Viewer,
    theme: i64,
    title: &str,
) -> Result<(), AppError> {
    require_participant(viewer)?;
    require_grouping(retro)?;
    let title = check_text(title, "title", 120)?;
    let mut tx = db.begin().await?;
    let renamed = sqlx::query("UPDATE retro_theme SET title = $1 WHERE id = $2 AND retro_id = $3")
        .bind(&title)
        .bind(theme)
        .bind(retro.id.0)
        .execute(&mut *tx)
        .await?;
    if renamed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit_retro(
        &mut tx,
        Some(viewer.user_id),
        "retro.theme_renamed",
        retro,
        json!({"theme_id": theme, "title": title}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Puts a card in a theme, or takes it out (`theme` None).
pub async fn move_card(
    db: &Db,
    retro: &Retro,
    viewer: &Viewer,
    card: i64,
    theme: Option<i64>,
) -> Result<(), AppError> {
    require_participant(viewer)?;
    require_grouping(retro)?;
    let mut tx = db.begin().await?;
    if let Some(theme) = theme {
        require_theme(&mut tx, retro, theme).await?;
    }
    let moved = sqlx::query("UPDATE retro_card SET theme_id = $1 WHERE id = $2 AND retro_id = $3")
        .bind(theme)
        .bind(card)
        .bind(retro.id.0)
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit_retro(
        &mut tx,
        Some(viewer.user_id),
        "retro.card_moved",
        retro,
        json!({"card_id": card, "theme_id": theme}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Casts one of the viewer's votes for a theme; refused with 409 once the limit is spent.
pub async fn vote(db: &Db, retro: &Retro, viewer: &Viewer, theme: i64) -> Result<(), AppError> {
    require_participant(viewer)?;
    if retro.phase != Phase::Vote {
        return Err(refuse_phase(Phase::Vote));
    }
    let mut tx = db.begin().await?;
    require_theme(&mut tx, retro, theme).await?;
    let used: Vec<(i64,)> =
        sqlx::query_as("SELECT slot FROM retro_vote WHERE retro_id = $1 AND user_id = $2")
            .bind(retro.id.0)
            .bind(viewer.user_id.0)
            .fetch_all(&mut *tx)
            .await?;
    let limit_reached =
        || AppError::Conflict(t!("retro-error-votes-used", limit = retro.vote_limit));
    let slot = (1..=retro.vote_limit)
        .find(|s| !used.iter().any(|(u,)| u == s))
        .ok_or_else(limit_reached)?;
    let inserted = sqlx::query(
        "INSERT INTO retro_vote (retro_id, theme_id, user_id, slot, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(retro.id.0)
    .bind(theme)
    .bind(viewer.user_id.0)
    .bind(slot)
    .bind(db::now_ms())
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        // Another vote of the same person took this slot at the same moment.
        Err(e) if db::is_unique_violation(&e) => return Err(limit_reached()),
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(())
}

/// Takes back one of the viewer's votes for a theme.
pub async fn retract_vote(
    db: &Db,
    retro: &Retro,
    viewer: &Viewer,
    theme: i64,
) -> Result<(), AppError> {
    require_participant(viewer)?;
    if retro.phase != Phase::Vote {
        return Err(refuse_phase(Phase::Vote));
    }
    let mut tx = db.begin().await?;
    let vote: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM retro_vote WHERE retro_id = $1 AND user_id = $2 AND theme_id = $3 ORDER BY slot DESC LIMIT 1",
    )
    .bind(retro.id.0)
    .bind(viewer.user_id.0)
    .bind(theme)
    .fetch_optional(&mut *tx)
    .await?;
    let (id,) = vote.ok_or_else(|| AppError::Conflict(t!("retro-error-no-vote")))?;
    sqlx::query("DELETE FROM retro_vote WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_note(
    db: &Db,
    retro: &Retro,
    viewer: &Viewer,
    theme: i64,
    text: &str,
) -> Result<Note, AppError> {
    require_participant(viewer)?;
    if retro.phase != Phase::Discuss {
        return Err(refuse_phase(Phase::Discuss));
    }
    let text = check_text(text, "text", MAX_CARD_CHARS)?;
    let mut tx = db.begin().await?;
    require_theme(&mut tx, retro, theme).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO retro_note (retro_id, theme_id, author_id, text, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(retro.id.0)
    .bind(theme)
    .bind(viewer.user_id.0)
    .bind(&text)
    .bind(db::now_ms())
    .fetch_one(&mut *tx)
    .await?;
    audit_retro(
        &mut tx,
        Some(viewer.user_id),
        "retro.note_added",
        retro,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(Note {
        id,
        theme_id: theme,
        author_name: viewer.name.clone(),
        text,
    })
}

/// Starts the discussion timer on a theme (`minutes` from now).
pub async fn start_timer(
    db: &Db,
    retro: &Retro,
    viewer: &Viewer,
    theme: i64,
    minutes: i64,
) -> Result<(), AppError> {
    require_facilitator(viewer)?;
    if retro.phase != Phase::Discuss {
        return Err(refuse_phase(Phase::Discuss));
    }
    if !(1..=60).contains(&minutes) {
        return Err(AppError::invalid(t!("retro-error-timer"), "field minutes"));
    }
    sqlx::query("UPDATE retro SET discuss_theme_id = $1, timer_ends_at = $2 WHERE id = $3")
        .bind(theme)
        .bind(db::now_ms() + minutes * 60_000)
        .bind(retro.id.0)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn add_question(
    db: &Db,
    retro: &Retro,
    viewer: &Viewer,
    entry: i64,
    text: &str,
) -> Result<(), AppError> {
    require_participant(viewer)?;
    if retro.phase != Phase::Timeline {
        return Err(refuse_phase(Phase::Timeline));
    }
    let text = check_text(text, "text", MAX_CARD_CHARS)?;
    let mut tx = db.begin().await?;
    let exists: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM timeline_entry WHERE id = $1 AND incident_id = $2")
            .bind(entry)
            .bind(retro.incident_id.0)
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        return Err(AppError::NotFound);
    }
    sqlx::query("INSERT INTO retro_question (retro_id, entry_id, author_id, text, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(retro.id.0)
        .bind(entry)
        .bind(viewer.user_id.0)
        .bind(&text)
        .bind(db::now_ms())
        .execute(&mut *tx)
        .await?;
    audit_retro(
        &mut tx,
        Some(viewer.user_id),
        "retro.question_added",
        retro,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Agrees an action item in the Actions phase.
pub async fn add_action(
    db: &Db,
    retro: &Retro,
    viewer: &Viewer,
    action: NewAction,
) -> Result<i64, AppError> {
    require_participant(viewer)?;
    if retro.phase != Phase::Actions {
        return Err(refuse_phase(Phase::Actions));
    }
    let mut tx = db.begin().await?;
    let id = actions::insert_action(&mut tx, viewer.user_id, &action).await?;
    tx.commit().await?;
    Ok(id)
}
