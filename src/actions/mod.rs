//! Action items: every follow-up of an incident, tracked until it is done, with a
//! history of every change. Retros (Actions phase) and incident pages create them.

pub mod calendar;
pub mod dashboard;
pub mod filter;
pub mod reminders;
pub mod routes;
pub mod views;

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

    /// The type's name in the reader's language (stored and exported values stay
    /// `as_str`).
    pub fn label(self) -> String {
        match self {
            ActionType::Prevent => crate::t!("action-type-prevent"),
            ActionType::Mitigate => crate::t!("action-type-mitigate"),
            ActionType::Detect => crate::t!("action-type-detect"),
            ActionType::Process => crate::t!("action-type-process"),
            ActionType::Communicate => crate::t!("action-type-communicate"),
        }
    }

    /// The label of a stored type; an unknown one is shown as stored.
    pub fn label_of(stored: &str) -> String {
        stored
            .parse::<ActionType>()
            .map_or_else(|_| stored.to_owned(), ActionType::label)
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
            .ok_or_else(|| AppError::invalid(crate::t!("action-error-type"), "field type"))
    }
}

/// P1 (most urgent) to P3.
pub fn parse_priority(text: &str) -> Result<&'static str, AppError> {
    match text.trim().to_uppercase().as_str() {
        "P1" => Ok("P1"),
        "P2" => Ok("P2"),
        "P3" => Ok("P3"),
        _ => Err(AppError::invalid(
            crate::t!("action-error-priority"),
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
                crate::t!("action-error-date", text = format!("{text:?}")),
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

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ActionItem {
    pub id: i64,
    pub incident_id: i64,
    pub retro_id: Option<i64>,
    pub theme_id: Option<i64>,
    pub title: String,
    #[serde(rename = "type")]
    pub action_type: String,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub priority: String,
    pub due_date: Option<String>,
    pub status: String,
    pub incident_title: String,
    pub team_slug: String,
}

pub async fn insert_action(
    tx: &mut WriteTx,
    actor: UserId,
    action: &NewAction,
) -> Result<i64, AppError> {
    let title = crate::accounts::require_text(&action.title, "title", 200)?;
    if let Some(owner) = action.owner
        && crate::accounts::teams::find_role(&mut **tx, action.team, owner)
            .await?
            .is_none()
    {
        return Err(AppError::invalid(
            crate::t!("action-error-owner-not-member"),
            "field owner",
        ));
    }
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
    reminders::enqueue(tx, action.team, id, "created", now).await?;
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

const ACTION_SELECT: &str = "SELECT a.id, a.incident_id, a.retro_id, a.theme_id, a.title, a.type AS action_type,
        a.owner_id, u.display_name AS owner_name, a.priority, a.due_date, a.status, i.title AS incident_title,
        t.slug AS team_slug
     FROM action_item a JOIN incident i ON i.id = a.incident_id JOIN team t ON t.id = a.team_id
     LEFT JOIN app_user u ON u.id = a.owner_id";

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: i64,
    incident_id: i64,
    retro_id: Option<i64>,
    theme_id: Option<i64>,
    title: String,
    action_type: String,
    owner_id: Option<i64>,
    owner_name: Option<String>,
    priority: String,
    due_date: Option<String>,
    status: String,
    incident_title: String,
    team_slug: String,
}

fn from_row(row: ActionRow) -> ActionItem {
    ActionItem {
        id: row.id,
        incident_id: row.incident_id,
        retro_id: row.retro_id,
        theme_id: row.theme_id,
        title: row.title,
        action_type: row.action_type,
        owner_id: row.owner_id,
        owner_name: row.owner_name,
        priority: row.priority,
        due_date: row.due_date,
        status: row.status,
        incident_title: row.incident_title,
        team_slug: row.team_slug,
    }
}

/// Items `user` may see (their teams', or all for an admin) that match `filter`, `limit`
/// of them from `offset`.
pub async fn list_actions(
    db: impl AnyExecutor<'_>,
    user: UserId,
    is_admin: bool,
    filter: &filter::ActionFilter,
    today: NaiveDate,
    limit: i64,
    offset: i64,
) -> Result<Vec<ActionItem>, sqlx::Error> {
    let order = format!("{} LIMIT {limit} OFFSET {offset}", filter.order_by());
    list_actions_in(db, user, is_admin, None, filter, today, &order, limit).await
}

/// The query behind every list: the reader's teams (or only `team`), `filter`, and an
/// ORDER BY clause (with any LIMIT) from our own code, never from input.
#[expect(
    clippy::too_many_arguments,
    reason = "one query, many independent knobs"
)]
pub async fn list_actions_in(
    db: impl AnyExecutor<'_>,
    user: UserId,
    is_admin: bool,
    team: Option<TeamId>,
    filter: &filter::ActionFilter,
    today: NaiveDate,
    order: &str,
    limit: i64,
) -> Result<Vec<ActionItem>, sqlx::Error> {
    let (clause, params) = filter.where_clause(4, today);
    let limit_clause = if order.contains("LIMIT") {
        String::new()
    } else {
        format!(" LIMIT {limit}")
    };
    let sql = format!(
        "{ACTION_SELECT} WHERE ($1 = 1 OR a.team_id IN (SELECT team_id FROM membership WHERE user_id = $2))
           AND ($3 = 0 OR a.team_id = $3){clause}
         ORDER BY {order}{limit_clause}"
    );
    let mut query = sqlx::query_as::<_, ActionRow>(&sql)
        .bind(i64::from(is_admin))
        .bind(user.0)
        .bind(team.map_or(0, |t| t.0));
    for param in params {
        query = match param {
            filter::Param::Int(value) => query.bind(value),
            filter::Param::Text(value) => query.bind(value),
        };
    }
    Ok(query
        .fetch_all(db)
        .await?
        .into_iter()
        .map(from_row)
        .collect())
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

/// An incident's action items, oldest first.
pub async fn list_incident_actions(
    db: impl AnyExecutor<'_>,
    incident: IncidentId,
) -> Result<Vec<ActionItem>, sqlx::Error> {
    let rows: Vec<ActionRow> = sqlx::query_as(&format!(
        "{ACTION_SELECT} WHERE a.incident_id = $1 ORDER BY a.id"
    ))
    .bind(incident.0)
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

/// Where an action item stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    InProgress,
    Done,
    WontDo,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Open,
        Status::InProgress,
        Status::Done,
        Status::WontDo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::WontDo => "wont_do",
        }
    }

    /// The status's name in the reader's language (stored and exported values stay
    /// `as_str`).
    pub fn label(self) -> String {
        match self {
            Status::Open => crate::t!("action-status-open"),
            Status::InProgress => crate::t!("action-status-in-progress"),
            Status::Done => crate::t!("action-status-done"),
            Status::WontDo => crate::t!("action-status-wont-do"),
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::WontDo)
    }
}

impl FromStr for Status {
    type Err = AppError;
    fn from_str(text: &str) -> Result<Status, AppError> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .ok_or_else(|| AppError::invalid(crate::t!("action-error-status"), "field status"))
    }
}

/// An external link (a Jira or GitHub issue): http or https only.
pub fn parse_external_url(text: &str) -> Result<Option<String>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let valid = (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() <= 2000
        && text
            .split("://")
            .nth(1)
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !text.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(Some(text.to_owned()))
    } else {
        Err(AppError::invalid(
            crate::t!("action-error-link"),
            "field external_url",
        ))
    }
}

/// One action item with everything its page shows.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ActionDetail {
    pub id: i64,
    pub team_id: i64,
    pub incident_id: i64,
    pub incident_title: String,
    pub retro_id: Option<i64>,
    pub title: String,
    pub description: String,
    #[serde(rename = "type")]
    pub action_type: String,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub priority: String,
    pub due_date: Option<String>,
    pub status: String,
    pub status_reason: Option<String>,
    pub external_url: Option<String>,
    /// Listed in the public review under "what we are changing".
    pub is_public: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    id: i64,
    team_id: i64,
    incident_id: i64,
    incident_title: String,
    retro_id: Option<i64>,
    title: String,
    description: String,
    action_type: String,
    owner_id: Option<i64>,
    owner_name: Option<String>,
    priority: String,
    due_date: Option<String>,
    status: String,
    status_reason: Option<String>,
    external_url: Option<String>,
    is_public: i64,
    created_at: i64,
    updated_at: i64,
    closed_at: Option<i64>,
}

pub async fn find_action(
    db: impl AnyExecutor<'_>,
    team: TeamId,
    id: i64,
) -> Result<Option<ActionDetail>, sqlx::Error> {
    let row: Option<DetailRow> = sqlx::query_as(
        "SELECT a.id, a.team_id, a.incident_id, i.title AS incident_title, a.retro_id, a.title, a.description,
                a.type AS action_type, a.owner_id, u.display_name AS owner_name, a.priority, a.due_date, a.status,
                a.status_reason, a.external_url, a.is_public, a.created_at, a.updated_at, a.closed_at
         FROM action_item a JOIN incident i ON i.id = a.incident_id LEFT JOIN app_user u ON u.id = a.owner_id
         WHERE a.team_id = $1 AND a.id = $2",
    )
    .bind(team.0)
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| ActionDetail {
        id: r.id,
        team_id: r.team_id,
        incident_id: r.incident_id,
        incident_title: r.incident_title,
        retro_id: r.retro_id,
        title: r.title,
        description: r.description,
        action_type: r.action_type,
        owner_id: r.owner_id,
        owner_name: r.owner_name,
        priority: r.priority,
        due_date: r.due_date,
        status: r.status,
        status_reason: r.status_reason,
        external_url: r.external_url,
        is_public: db::flag(r.is_public),
        created_at: db::time_from_ms(r.created_at),
        updated_at: db::time_from_ms(r.updated_at),
        closed_at: r.closed_at.map(db::time_from_ms),
    }))
}

/// One recorded change of an action item.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub actor_name: Option<String>,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

pub async fn list_history(
    db: impl AnyExecutor<'_>,
    action: i64,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        actor_name: Option<String>,
        field: String,
        old_value: Option<String>,
        new_value: Option<String>,
        created_at: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT u.display_name AS actor_name, h.field, h.old_value, h.new_value, h.created_at
         FROM action_item_history h LEFT JOIN app_user u ON u.id = h.actor_id WHERE h.action_id = $1 ORDER BY h.id",
    )
    .bind(action)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| HistoryEntry {
            actor_name: r.actor_name,
            field: r.field,
            old_value: r.old_value,
            new_value: r.new_value,
            at: db::time_from_ms(r.created_at),
        })
        .collect())
}

/// A set of changes to an action item; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct ActionChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub action_type: Option<ActionType>,
    /// `Some(None)` removes the owner.
    pub owner: Option<Option<UserId>>,
    pub priority: Option<&'static str>,
    /// `Some(None)` removes the due date.
    pub due_date: Option<Option<NaiveDate>>,
    pub status: Option<Status>,
    pub reason: Option<String>,
    /// `Some(None)` removes the link.
    pub external_url: Option<Option<String>>,
    pub is_public: Option<bool>,
}

/// Applies `changes`, recording each changed field in the item's history and the audit
/// trail. Won't-do needs a reason; an owner must be a member of the item's team.
pub async fn update_action(
    db: &db::Db,
    actor: UserId,
    team: TeamId,
    id: i64,
    changes: ActionChanges,
) -> Result<ActionDetail, AppError> {
    // The item is read inside the write transaction (and locked on PostgreSQL), so the
    // history's "from" values and the status change are those of the item being changed,
    // not of a copy another edit has already changed.
    let mut tx = db.begin().await?;
    if db.backend() == db::Backend::Postgres {
        sqlx::query("SELECT id FROM action_item WHERE id = $1 FOR UPDATE")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let current = find_action(&mut *tx, team, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut fields: Vec<(&'static str, Option<String>, Option<String>)> = Vec::new();
    let mut note = |field: &'static str, old: Option<String>, new: Option<String>| {
        if old != new {
            fields.push((field, old, new));
        }
    };
    if let Some(title) = &changes.title {
        note(
            "title",
            Some(current.title.clone()),
            Some(crate::accounts::require_text(title, "title", 200)?),
        );
    }
    if let Some(description) = &changes.description {
        if description.chars().count() > 20_000 {
            return Err(AppError::invalid(
                crate::t!("action-error-description-too-long"),
                "field description",
            ));
        }
        note(
            "description",
            Some(current.description.clone()),
            Some(description.trim().to_owned()),
        );
    }
    if let Some(action_type) = changes.action_type {
        note(
            "type",
            Some(current.action_type.clone()),
            Some(action_type.as_str().to_owned()),
        );
    }
    if let Some(owner) = changes.owner {
        if let Some(owner) = owner
            && crate::accounts::teams::find_role(&mut *tx, team, owner)
                .await?
                .is_none()
        {
            return Err(AppError::invalid(
                crate::t!("action-error-owner-not-in-team"),
                "field owner",
            ));
        }
        note(
            "owner_id",
            current.owner_id.map(|o| o.to_string()),
            owner.map(|o| o.0.to_string()),
        );
    }
    if let Some(priority) = changes.priority {
        note(
            "priority",
            Some(current.priority.clone()),
            Some(priority.to_owned()),
        );
    }
    if let Some(due_date) = changes.due_date {
        note(
            "due_date",
            current.due_date.clone(),
            due_date.map(|d| d.format("%Y-%m-%d").to_string()),
        );
    }
    if let Some(url) = &changes.external_url {
        note("external_url", current.external_url.clone(), url.clone());
    }
    if let Some(public) = changes.is_public {
        let shown = |p: bool| Some(if p { "yes" } else { "no" }.to_owned());
        note("public", shown(current.is_public), shown(public));
    }
    if let Some(status) = changes.status {
        let reason = changes
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        if status == Status::WontDo && reason.is_none() && current.status != Status::WontDo.as_str()
        {
            return Err(AppError::invalid(
                crate::t!("action-error-reason-needed"),
                "field reason",
            ));
        }
        note(
            "status",
            Some(current.status.clone()),
            Some(status.as_str().to_owned()),
        );
        if status == Status::WontDo {
            note(
                "status_reason",
                current.status_reason.clone(),
                reason.map(str::to_owned).or(current.status_reason.clone()),
            );
        }
    }
    if fields.is_empty() {
        return Ok(current);
    }
    let now = db::now_ms();
    for (field, _, new) in &fields {
        // Field names come from the list above, never from input.
        let column = match *field {
            "owner_id" => "owner_id = CAST($1 AS BIGINT)",
            "title" => "title = $1",
            "description" => "description = $1",
            "type" => "type = $1",
            "priority" => "priority = $1",
            "due_date" => "due_date = $1",
            "external_url" => "external_url = $1",
            "public" => "is_public = CASE WHEN $1 = 'yes' THEN 1 ELSE 0 END",
            "status" => "status = $1",
            _ => "status_reason = $1",
        };
        sqlx::query(&format!(
            "UPDATE action_item SET {column}, updated_at = $2 WHERE id = $3"
        ))
        .bind(new.as_deref())
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    if let Some(status) = changes.status
        && status.as_str() != current.status
    {
        sqlx::query("UPDATE action_item SET closed_at = $1 WHERE id = $2")
            .bind(status.is_closed().then_some(now))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if status == Status::Done {
            reminders::enqueue(&mut tx, team, id, "done", now).await?;
        }
    }
    for (field, old, new) in &fields {
        sqlx::query(
            "INSERT INTO action_item_history (action_id, actor_id, field, old_value, new_value, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(actor.0)
        .bind(*field)
        .bind(old.as_deref())
        .bind(new.as_deref())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut *tx,
        Some(actor),
        AuditEvent {
            action: "action_item.updated",
            object_type: "action_item",
            object_id: id,
            detail: json!({"fields": fields.iter().map(|(f, _, _)| *f).collect::<Vec<_>>()}),
        },
    )
    .await?;
    tx.commit().await?;
    find_action(db.pool(), team, id)
        .await?
        .ok_or(AppError::NotFound)
}
