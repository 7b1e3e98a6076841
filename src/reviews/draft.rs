//! The first draft of a public review, written from what Hindsight already knows: the
//! incident's facts, its *public* timeline, the retro's themes and the action items the
//! team marked public. Everything is editable; placeholders say what to write.

use chrono::{DateTime, Utc};

use crate::db::Db;
use crate::error::AppError;
use crate::incidents::kinds::Visibility;
use crate::incidents::review::human_duration;
use crate::incidents::{self, Incident};
use crate::t;

pub struct Prefill {
    pub title: String,
    pub body: String,
}

fn utc(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%d %H:%M UTC").to_string()
}

pub async fn prefill(db: &Db, incident: &Incident) -> Result<Prefill, AppError> {
    let entries = incidents::list_entries(db.pool(), incident.id).await?;
    let public: Vec<_> = entries
        .iter()
        .filter(|e| e.visibility == Visibility::Public)
        .collect();
    let themes: Vec<(String,)> = sqlx::query_as(
        "SELECT t.title FROM retro_theme t JOIN retro r ON r.id = t.retro_id WHERE r.incident_id = $1
         ORDER BY (SELECT COUNT(*) FROM retro_vote v WHERE v.theme_id = t.id) DESC, t.id LIMIT 8",
    )
    .bind(incident.id.0)
    .fetch_all(db.pool())
    .await?;
    let changes: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT title, type, status FROM action_item WHERE incident_id = $1 AND is_public = 1 ORDER BY id",
    )
    .bind(incident.id.0)
    .fetch_all(db.pool())
    .await?;

    let mut body = String::new();
    let mut line = |text: &str| {
        body.push_str(text);
        body.push('\n');
    };
    line("## Summary");
    line("");
    line(
        incident
            .summary
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or("In two or three sentences: what happened, who was affected, and that it is resolved."),
    );
    line("");
    line("## Impact");
    line("");
    let end = incident.resolved_at.or(incident.mitigated_at);
    match (incident.started_at, end) {
        (Some(start), Some(end)) => {
            line(&format!(
                "From {} to {} ({}).",
                utc(start),
                utc(end),
                human_duration((end - start).num_seconds())
            ));
        }
        (Some(start), None) => line(&format!("From {} until [end time, UTC].", utc(start))),
        _ => line("From [start time, UTC] to [end time, UTC]."),
    }
    line("");
    if !incident.affected_services.is_empty() {
        line(&format!(
            "Affected: {}.",
            incident.affected_services.join(", ")
        ));
        line("");
    }
    line(
        incident
            .customer_impact
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(
                "What customers saw: errors, slowness, missing data — in their words, not ours.",
            ),
    );
    line("");
    line("## Timeline (UTC)");
    line("");
    if public.is_empty() {
        line("- [time UTC] — [what customers were told or saw]");
    }
    for entry in &public {
        let text = entry.text.replace('\n', " ");
        line(&format!(
            "- {} — {}",
            entry.occurred_at.format("%Y-%m-%d %H:%M"),
            text.trim()
        ));
    }
    line("");
    line("## What caused it");
    line("");
    line(
        "The conditions that made this possible, in plain words. Describe systems and circumstances, not people.",
    );
    if !themes.is_empty() {
        line("");
        line("Themes from the team's retrospective (rewrite them for customers):");
        line("");
        for (theme,) in &themes {
            line(&format!("- {theme}"));
        }
    }
    line("");
    line("## How we resolved it");
    line("");
    line("What we did to restore service, and when.");
    line("");
    line("## What we are changing");
    line("");
    if changes.is_empty() {
        line(
            "- [a change, and when we expect it done] (mark action items public to list them here)",
        );
    }
    for (title, kind, status) in &changes {
        let state = if status == "done" { " — done" } else { "" };
        line(&format!("- {title} ({kind}){state}"));
    }
    line("");
    line("## Our commitment");
    line("");
    line(
        "We are sorry. This was our failure, not yours, and the changes above are how we mean to keep it from happening again.",
    );
    Ok(Prefill {
        title: incident.title.clone(),
        body,
    })
}

/// Placeholders the first draft leaves for the writer to fill in.
const PLACEHOLDERS: [&str; 6] = [
    "[start time, UTC]",
    "[end time, UTC]",
    "[time UTC]",
    "[what customers were told or saw]",
    "[a change, and when we expect it done]",
    "In two or three sentences:",
];

/// The editor's checklist: is each thing a reader needs there? Suggestions, never rules.
pub fn checklist(body: &str) -> Vec<(String, bool)> {
    let lower = body.to_lowercase();
    let has_zone = ["utc", "gmt", "kst", "pst", "pdt", "est", "edt", "cet"]
        .iter()
        .any(|zone| {
            // Korean attaches particles to the word before them ("UTC까지"), so a zone
            // ends where the Latin letters do.
            lower
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| word == *zone)
        })
        || lower.contains("+00:00")
        || lower.contains("+09:00");
    let times = lower
        .as_bytes()
        .windows(5)
        .filter(|w| {
            w[0].is_ascii_digit()
                && w[1].is_ascii_digit()
                && w[2] == b':'
                && w[3].is_ascii_digit()
                && w[4].is_ascii_digit()
        })
        .count();
    let has_changes = body.lines().any(|line| {
        let line = line.to_lowercase();
        line.starts_with('#')
            && [
                "chang",
                "improv",
                "next step",
                "prevent",
                "변경",
                "개선",
                "재발",
            ]
            .iter()
            .any(|word| line.contains(word))
    });
    let has_list_item = body.lines().any(|l| {
        let l = l.trim_start();
        (l.starts_with("- ") || l.starts_with("* ")) && !l.contains("[a change")
    });
    vec![
        (t!("review-check-impact-window"), times >= 2),
        (t!("review-check-time-zone"), has_zone),
        (
            t!("review-check-changes-section"),
            has_changes && has_list_item,
        ),
        (
            t!("review-check-no-placeholders"),
            !PLACEHOLDERS.iter().any(|p| body.contains(p)),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::checklist;

    #[test]
    fn checklist_sees_window_zone_changes_and_placeholders() {
        let done = checklist(
            "## Impact\nFrom 14:05 to 15:10 UTC.\n## What we are changing\n- Add a canary stage\n",
        );
        assert!(done.iter().all(|(_, ok)| *ok), "{done:?}");
        let korean = checklist(
            "## 영향\n11:10부터 13:20 UTC까지.\n## 개선할 내용\n- 카나리 배포 단계 추가\n",
        );
        assert!(korean.iter().all(|(_, ok)| *ok), "{korean:?}");
        let todo = checklist("In two or three sentences: what happened.");
        assert!(todo.iter().all(|(_, ok)| !*ok), "{todo:?}");
    }
}
