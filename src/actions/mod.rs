//! Action items: every follow-up of an incident, tracked until it is done.
//! (The views across incidents, reminders and exports come with the action-items work;
//! the retro's Actions phase creates items here.)

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use sqlx::AnyExecutor;

use crate::accounts::UserId;
use crate::accounts::teams::TeamId;
use crate::audit::{self, AuditEvent};
use crate::db::{self, WriteTx};
use crate::error::AppError;
use crate::incidents::IncidentId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionType {
    Prevent,
    Mitigate,
    Detect,
    Process,
    Communicate,
}

impl ActionType {
    pub const ALL: [ActionType; 5] = [
        ActionType::Prevent,
        ActionType::Mitigate,
        ActionType::Detect,
        ActionType::Process,
        ActionType::Communicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionType::Prevent => "prevent",
            ActionType::Mitigate => "mitigate",
            ActionType::Detect => "detect",
            ActionType::Process => "process",
            ActionType::Communicate => "communicate",
        }
    }
}

impl fmt::Display for ActionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ActionType {
    type Err = AppError;
    fn from_str(text: &str) -> Result<ActionType, AppError> {
        ActionType::ALL
            .into_iter()
            .find(|t| t.as_str() == text.trim())
            .ok_or_else(|| {
                AppError::invalid(
                    "The type must be prevent, mitigate, detect, process or communicate.",
                    "field type",
                )
            })
    }
}

/// P1 (most urgent) to P3.
pub fn parse_priority(text: &str) -> Result<&'static str, AppError> {
    match text.trim().to_uppercase().as_str() {
        "P1" => Ok("P1"),
        "P2" => Ok("P2"),
        "P3" => Ok("P3"),
        _ => Err(AppError::invalid(
            "The priority must be P1, P2 or P3.",
            "field priority",
        )),
    }
}

/// A due date as `YYYY-MM-DD`, or none.
pub fn parse_due_date(text: &str) -> Result<Option<NaiveDate>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            AppError::invalid(
                format!("{text:?} is not a date; write it like 2026-03-01."),
                "field due_date",
            )
        })
}

/// A new action item, validated.
pub struct NewAction {
    pub team: TeamId,
    pub incident: IncidentId,
    pub retro: Option<i64>,
    pub theme: Option<i64>,
    pub card: Option<i64>,
    pub title: String,
    pub action_type: ActionType,
    pub owner: Option<UserId>,
    pub priority: &'static str,
    pub due_date: Option<NaiveDate>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ActionItem {
    pub id: i64,
    pub incident_id: i64,
    pub retro_id: Option<i64>,
    pub theme_id: Option<i64>,
    pub title: String,
    #[serde(rename = "type")]
    pub action_type: String,
    pub owner_name: Option<String>,
    pub priority: String,
    pub due_date: Option<String>,
    pub status: String,
    pub incident_title: String,
}

pub async fn insert_action(
    tx: &mut WriteTx,
    actor: UserId,
    action: &NewAction,
) -> Result<i64, AppError> {
    let title = crate::accounts::require_text(&action.title, "title", 200)?;
    let now = db::now_ms();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO action_item (team_id, incident_id, retro_id, theme_id, card_id, title, type, owner_id, priority,
             due_date, status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12, $12) RETURNING id",
    )
    .bind(action.team.0)
    .bind(action.incident.0)
    .bind(action.retro)
    .bind(action.theme)
    .bind(action.card)
    .bind(&title)
    .bind(action.action_type.as_str())
    .bind(action.owner.map(|o| o.0))
    .bind(action.priority)
    .bind(action.due_date.map(|d| d.format("%Y-%m-%d").to_string()))
    .bind(actor.0)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    audit::record(
        &mut **tx,
        Some(actor),
        AuditEvent {
            action: "action_item.created",
            object_type: "action_item",
            object_id: id,
            detail: json!({"title": title, "incident_id": action.incident.0, "retro_id": action.retro}),
        },
    )
    .await?;
    Ok(id)
}

const ACTION_SELECT: &str = "SELECT a.id, a.incident_id, a.retro_id, a.theme_id, a.title, a.type, u.display_name,
        a.priority, a.due_date, a.status, i.title
     FROM action_item a JOIN incident i ON i.id = a.incident_id LEFT JOIN app_user u ON u.id = a.owner_id";

type ActionRow = (
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    String,
);

fn from_row(row: ActionRow) -> ActionItem {
    let (
        id,
        incident_id,
        retro_id,
        theme_id,
        title,
        action_type,
        owner_name,
        priority,
        due_date,
        status,
        incident_title,
    ) = row;
    ActionItem {
        id,
        incident_id,
        retro_id,
        theme_id,
        title,
        action_type,
        owner_name,
        priority,
        due_date,
        status,
        incident_title,
    }
}

/// The actions agreed in a retro, oldest first.
pub async fn list_retro_actions(
    db: impl AnyExecutor<'_>,
    retro: i64,
) -> Result<Vec<ActionItem>, sqlx::Error> {
    let rows: Vec<ActionRow> = sqlx::query_as(&format!(
        "{ACTION_SELECT} WHERE a.retro_id = $1 ORDER BY a.id"
    ))
    .bind(retro)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// A team's still-open items from other incidents: overdue first, then by due date.
pub async fn list_open_team_actions(
    db: impl AnyExecutor<'_>,
    team: TeamId,
    except_incident: IncidentId,
) -> Result<Vec<ActionItem>, sqlx::Error> {
    let rows: Vec<ActionRow> = sqlx::query_as(&format!(
        "{ACTION_SELECT} WHERE a.team_id = $1 AND a.incident_id <> $2 AND a.status IN ('open', 'in_progress')
         ORDER BY CASE WHEN a.due_date IS NULL THEN 1 ELSE 0 END, a.due_date, a.id LIMIT 50"
    ))
    .bind(team.0)
    .bind(except_incident.0)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(from_row).collect())
}
