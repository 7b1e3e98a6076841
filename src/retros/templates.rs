//! Prompt templates: the built-in blameless review and lenses drawn from agile
//! retrospectives (people first, then product), plus each team's own.

use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyExecutor;

use crate::accounts::UserId;
use crate::accounts::teams::TeamId;
use crate::audit::{self, AuditEvent};
use crate::db::{self, Db};
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptText {
    pub title: String,
    pub description: String,
}

/// A template to start a retro from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// `builtin:<key>` or `team:<id>`: what a start form sends.
    pub key: String,
    pub name: String,
    pub prompts: Vec<PromptText>,
}

/// (key, name, prompts as (title, description)).
type BuiltIn = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const BUILT_IN: [BuiltIn; 10] = [
    (
        "blameless",
        "Blameless review (default)",
        &[
            (
                "What went well",
                "What helped us notice, respond and recover?",
            ),
            (
                "What didn't go well",
                "Where did the system, the tools or the process make the work harder?",
            ),
            (
                "Where we got lucky",
                "What could have gone worse, and what kept it from doing so?",
            ),
            ("Questions and puzzles", "What do we still not understand?"),
        ],
    ),
    (
        "assumptions",
        "Assumptions, hopes and fears",
        &[
            (
                "Assumptions",
                "What did we take for granted that turned out differently?",
            ),
            (
                "Hopes",
                "What did we hope would happen, and what made that reasonable?",
            ),
            ("Fears", "What were we worried about during the incident?"),
        ],
    ),
    (
        "motivations",
        "Motivations, misunderstandings and behaviour",
        &[
            (
                "Motivations",
                "What were people trying to achieve at each moment?",
            ),
            (
                "Misunderstandings",
                "Where did we understand the situation differently from each other?",
            ),
            (
                "Behaviour",
                "Which actions made sense at the time, given what people knew?",
            ),
        ],
    ),
    (
        "relationships",
        "Preferences, relationships and respect",
        &[
            (
                "Preferences",
                "How did people prefer to work and communicate during the incident?",
            ),
            (
                "Relationships",
                "Which hand-offs between people and teams worked, and which were hard?",
            ),
            ("Respect", "Where did we feel heard, and where not?"),
        ],
    ),
    (
        "roles",
        "Roles and responsibilities",
        &[
            (
                "Roles that were clear",
                "Who knew what they were expected to do?",
            ),
            (
                "Roles that were unclear",
                "Where was it unclear who should act or decide?",
            ),
            (
                "Gaps and overlaps",
                "What fell between roles, or was done twice?",
            ),
        ],
    ),
    (
        "tasks",
        "Tasks, issues and actions",
        &[
            ("Tasks", "Which tasks did the response involve?"),
            ("Issues", "Which issues got in the way?"),
            (
                "Actions",
                "Which actions would make the next response easier?",
            ),
        ],
    ),
    (
        "delivery",
        "Sprints, epics, stories and releases",
        &[
            ("Releases", "Which releases or changes played a part?"),
            (
                "Planning",
                "How did our plans and priorities shape the incident?",
            ),
            (
                "Follow-up work",
                "Which stories should the next sprints carry?",
            ),
        ],
    ),
    (
        "milestones",
        "Milestones, dependencies and dates",
        &[
            ("Milestones", "Which deadlines or milestones were in play?"),
            (
                "Dependencies",
                "Which dependencies, ours or others', mattered?",
            ),
            ("Dates", "Which dates or times surprised us?"),
        ],
    ),
    (
        "artifacts",
        "Meetings, calendars, emails and files",
        &[
            (
                "Meetings",
                "Which meetings or calls helped, and which got in the way?",
            ),
            (
                "Messages",
                "Which messages, emails or pages reached the right people in time?",
            ),
            (
                "Documents",
                "Which runbooks, dashboards or files did we need, and could we find them?",
            ),
        ],
    ),
    (
        "customers",
        "How we communicated with customers",
        &[
            (
                "What customers heard",
                "Were our updates timely, regular and clear? Compare with the communication review.",
            ),
            (
                "What they needed",
                "What did customers need to know that we did not say?",
            ),
            (
                "Our language",
                "Were our updates plain, honest and free of internal jargon?",
            ),
        ],
    ),
];

pub const DEFAULT_KEY: &str = "builtin:blameless";

/// The lens shown beside the incident's communication review.
pub const CUSTOMERS_NAME: &str = "How we communicated with customers";

/// The built-in templates, default first.
pub fn built_in() -> Vec<Template> {
    BUILT_IN
        .iter()
        .map(|(key, name, prompts)| Template {
            key: format!("builtin:{key}"),
            name: (*name).to_owned(),
            prompts: prompts
                .iter()
                .map(|(title, description)| PromptText {
                    title: (*title).into(),
                    description: (*description).into(),
                })
                .collect(),
        })
        .collect()
}

/// Every template a team can start from: built-in ones, then the team's own.
pub async fn list_templates(
    db: impl AnyExecutor<'_>,
    team: TeamId,
) -> Result<Vec<Template>, AppError> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, name, prompts FROM retro_template WHERE team_id = $1 ORDER BY lower(name), id",
    )
    .bind(team.0)
    .fetch_all(db)
    .await?;
    let mut templates = built_in();
    for (id, name, prompts) in rows {
        let prompts: Vec<PromptText> = serde_json::from_str(&prompts)
            .map_err(|e| AppError::Internal(format!("template {id}: {e}").into()))?;
        templates.push(Template {
            key: format!("team:{id}"),
            name,
            prompts,
        });
    }
    Ok(templates)
}

/// Reads one prompt a line: `Title` or `Title: description`.
pub fn parse_prompt_lines(text: &str) -> Result<Vec<PromptText>, AppError> {
    let prompts: Vec<PromptText> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| match line.split_once(':') {
            Some((title, description)) => PromptText {
                title: title.trim().into(),
                description: description.trim().into(),
            },
            None => PromptText {
                title: line.into(),
                description: String::new(),
            },
        })
        .collect();
    if prompts.is_empty() || prompts.len() > 12 {
        return Err(AppError::invalid(
            "Write between 1 and 12 prompts, one a line.",
            "field prompts",
        ));
    }
    if let Some(long) = prompts
        .iter()
        .position(|p| p.title.chars().count() > 80 || p.title.is_empty())
    {
        return Err(AppError::invalid(
            format!(
                "Prompt {} needs a title of at most 80 characters.",
                long + 1
            ),
            "field prompts",
        ));
    }
    Ok(prompts)
}

/// Creates (`id` None) or replaces a team template, audited.
pub async fn save_template(
    db: &Db,
    actor: UserId,
    team: TeamId,
    id: Option<i64>,
    name: &str,
    prompts: &[PromptText],
) -> Result<i64, AppError> {
    let name = crate::accounts::require_text(name, "name", 80)?;
    let prompts_json = serde_json::to_string(prompts).map_err(AppError::internal)?;
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    let id = match id {
        Some(id) => {
            let updated = sqlx::query("UPDATE retro_template SET name = $1, prompts = $2, updated_at = $3 WHERE id = $4 AND team_id = $5")
                .bind(&name)
                .bind(&prompts_json)
                .bind(now)
                .bind(id)
                .bind(team.0)
                .execute(&mut *tx)
                .await?;
            if updated.rows_affected() == 0 {
                return Err(AppError::NotFound);
            }
            id
        }
        None => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO retro_template (team_id, name, prompts, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(team.0)
            .bind(&name)
            .bind(&prompts_json)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            id
        }
    };
    audit::record(
        &mut *tx,
        Some(actor),
        AuditEvent {
            action: "retro_template.saved",
            object_type: "team",
            object_id: team.0,
            detail: json!({"template_id": id, "name": name}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
