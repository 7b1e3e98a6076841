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
use crate::i18n::{self, Lang};
use crate::t;

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

/// (key, the name's translation key, each prompt's translation key). A prompt's key
/// gives its title; the key's `.question` attribute its description.
type BuiltIn = (&'static str, &'static str, &'static [&'static str]);

const BUILT_IN: [BuiltIn; 10] = [
    (
        "blameless",
        "retro-template-blameless",
        &[
            "retro-prompt-went-well",
            "retro-prompt-went-badly",
            "retro-prompt-lucky",
            "retro-prompt-puzzles",
        ],
    ),
    (
        "assumptions",
        "retro-template-assumptions",
        &[
            "retro-prompt-assumptions",
            "retro-prompt-hopes",
            "retro-prompt-fears",
        ],
    ),
    (
        "motivations",
        "retro-template-motivations",
        &[
            "retro-prompt-motivations",
            "retro-prompt-misunderstandings",
            "retro-prompt-behaviour",
        ],
    ),
    (
        "relationships",
        "retro-template-relationships",
        &[
            "retro-prompt-preferences",
            "retro-prompt-relationships",
            "retro-prompt-respect",
        ],
    ),
    (
        "roles",
        "retro-template-roles",
        &[
            "retro-prompt-roles-clear",
            "retro-prompt-roles-unclear",
            "retro-prompt-gaps",
        ],
    ),
    (
        "tasks",
        "retro-template-tasks",
        &[
            "retro-prompt-tasks",
            "retro-prompt-issues",
            "retro-prompt-actions",
        ],
    ),
    (
        "delivery",
        "retro-template-delivery",
        &[
            "retro-prompt-releases",
            "retro-prompt-planning",
            "retro-prompt-follow-up",
        ],
    ),
    (
        "milestones",
        "retro-template-milestones",
        &[
            "retro-prompt-milestones",
            "retro-prompt-dependencies",
            "retro-prompt-dates",
        ],
    ),
    (
        "artifacts",
        "retro-template-artifacts",
        &[
            "retro-prompt-meetings",
            "retro-prompt-messages",
            "retro-prompt-documents",
        ],
    ),
    (
        "customers",
        CUSTOMERS_NAME_KEY,
        &[
            "retro-prompt-customers-heard",
            "retro-prompt-customers-needed",
            "retro-prompt-our-language",
        ],
    ),
];

pub const DEFAULT_KEY: &str = "builtin:blameless";

/// The name of the lens shown beside the incident's communication review.
const CUSTOMERS_NAME_KEY: &str = "retro-template-customers";

/// Whether a retro was started from the customer-communication lens. A retro keeps the
/// template name it started with, in the language of whoever started it, so any of our
/// languages counts.
pub fn is_customers_lens(template_name: &str) -> bool {
    Lang::ALL
        .into_iter()
        .any(|lang| i18n::text_in(lang, CUSTOMERS_NAME_KEY, &[]) == template_name)
}

/// The built-in templates, default first, in the current language. Starting a retro
/// copies the texts, so its prompts stay in the language of the person who started it.
pub fn built_in() -> Vec<Template> {
    BUILT_IN
        .iter()
        .map(|(key, name, prompts)| Template {
            key: format!("builtin:{key}"),
            name: i18n::text(name, &[]),
            prompts: prompts
                .iter()
                .map(|prompt| PromptText {
                    title: i18n::text(prompt, &[]),
                    description: i18n::text(&format!("{prompt}.question"), &[]),
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
            t!("retro-error-prompt-count"),
            "field prompts",
        ));
    }
    if let Some(long) = prompts
        .iter()
        .position(|p| p.title.chars().count() > 80 || p.title.is_empty())
    {
        return Err(AppError::invalid(
            t!("retro-error-prompt-title", number = long + 1),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys are looked up at run time, so the test that checks `t!` keys misses them.
    #[test]
    fn every_built_in_template_reads_in_every_language() {
        for lang in Lang::ALL {
            for template in i18n::sync_scope(lang, built_in) {
                for text in std::iter::once(&template.name).chain(
                    template
                        .prompts
                        .iter()
                        .flat_map(|p| [&p.title, &p.description]),
                ) {
                    assert!(
                        !text.starts_with("retro-"),
                        "{} has no {text} translation",
                        lang.code()
                    );
                }
            }
        }
        let korean = i18n::sync_scope(Lang::Ko, built_in);
        assert_eq!(korean[0].name, "비난 없는 회고 (기본)");
        assert_eq!(korean[0].prompts[0].title, "잘된 점");
        let english = i18n::sync_scope(Lang::En, built_in);
        assert_eq!(english[0].prompts[0].title, "What went well");
        assert!(is_customers_lens(&korean[9].name));
        assert!(is_customers_lens(&english[9].name));
        assert!(!is_customers_lens(&english[0].name));
    }
}
