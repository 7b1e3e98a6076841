//! Which action items a view shows: filters and sort from the URL (so a view can be
//! bookmarked and shared), turned into one portable query.

use chrono::NaiveDate;
use serde::Deserialize;

use super::{ActionType, Status};
use crate::accounts::UserId;
use crate::error::AppError;

/// The filters as they arrive in the query string; all optional.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FilterQuery {
    #[serde(default)]
    pub team: String,
    /// `me`, a user id, or empty for anyone.
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub status: String,
    #[serde(default, rename = "type")]
    pub action_type: String,
    #[serde(default)]
    pub priority: String,
    #[serde(default)]
    pub incident: String,
    #[serde(default)]
    pub overdue: String,
    #[serde(default)]
    pub due_before: String,
    #[serde(default)]
    pub due_after: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

/// Filters, validated.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionFilter {
    pub team_slug: Option<String>,
    pub owner: Option<UserId>,
    /// `status=open` also matches in-progress items: both still need doing.
    pub status: Option<String>,
    pub action_type: Option<ActionType>,
    pub priority: Option<&'static str>,
    pub incident: Option<i64>,
    pub overdue: bool,
    pub due_before: Option<NaiveDate>,
    pub due_after: Option<NaiveDate>,
    pub sort: Sort,
    pub page: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Due,
    Priority,
    Newest,
    Updated,
}

impl Sort {
    pub const ALL: [(Sort, &'static str); 4] = [
        (Sort::Due, "due"),
        (Sort::Priority, "priority"),
        (Sort::Newest, "newest"),
        (Sort::Updated, "updated"),
    ];

    /// What the sort is called in the reader's language.
    pub fn label(self) -> String {
        match self {
            Sort::Due => crate::t!("action-sort-due"),
            Sort::Priority => crate::t!("action-sort-priority"),
            Sort::Newest => crate::t!("action-sort-newest"),
            Sort::Updated => crate::t!("action-sort-updated"),
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            Sort::Due => "CASE WHEN a.due_date IS NULL THEN 1 ELSE 0 END, a.due_date, a.id",
            Sort::Priority => {
                "a.priority, CASE WHEN a.due_date IS NULL THEN 1 ELSE 0 END, a.due_date, a.id"
            }
            Sort::Newest => "a.created_at DESC, a.id DESC",
            Sort::Updated => "a.updated_at DESC, a.id DESC",
        }
    }

    pub fn key(self) -> &'static str {
        Sort::ALL
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("due", |(_, key)| key)
    }
}

fn date(text: &str, field: &str) -> Result<Option<NaiveDate>, AppError> {
    super::parse_due_date(text).map_err(|_| {
        AppError::invalid(
            crate::t!("action-error-date", text = format!("{text:?}")),
            format!("parameter {field}"),
        )
    })
}

impl FilterQuery {
    pub fn parse(&self, me: UserId) -> Result<ActionFilter, AppError> {
        let owner = match self.owner.trim() {
            "" => None,
            "me" => Some(me),
            id => Some(UserId(id.parse().map_err(|_| {
                AppError::invalid(crate::t!("action-error-owner-choice"), "parameter owner")
            })?)),
        };
        let status = match self.status.trim() {
            "" => None,
            "open" => Some("open".to_owned()),
            other => Some(other.parse::<Status>()?.as_str().to_owned()),
        };
        Ok(ActionFilter {
            team_slug: Some(self.team.trim().to_owned()).filter(|t| !t.is_empty()),
            owner,
            status,
            action_type: match self.action_type.trim() {
                "" => None,
                text => Some(text.parse()?),
            },
            priority: match self.priority.trim() {
                "" => None,
                text => Some(super::parse_priority(text)?),
            },
            incident: match self.incident.trim() {
                "" => None,
                id => Some(id.parse().map_err(|_| {
                    AppError::invalid(
                        crate::t!("action-error-incident-number"),
                        "parameter incident",
                    )
                })?),
            },
            overdue: matches!(self.overdue.trim(), "true" | "1" | "on"),
            due_before: date(&self.due_before, "due_before")?,
            due_after: date(&self.due_after, "due_after")?,
            sort: Sort::ALL
                .iter()
                .find(|(_, key)| *key == self.sort.trim())
                .map_or(Sort::Due, |(s, _)| *s),
            page: page_number(&self.page)?,
        })
    }
}

/// The highest page anyone can ask for: offsets stay far from overflowing.
pub const MAX_PAGE: i64 = 1_000_000;

/// A `page` parameter: 1 when missing or not a number, refused past `MAX_PAGE`.
pub fn page_number(text: &str) -> Result<i64, AppError> {
    let page: i64 = text.trim().parse().unwrap_or(1).max(1);
    if page > MAX_PAGE {
        return Err(AppError::invalid(
            crate::t!("web-error-no-such-page"),
            "parameter page",
        ));
    }
    Ok(page)
}

/// A bound value, in the order of the placeholders.
pub enum Param {
    Int(i64),
    Text(String),
}

impl ActionFilter {
    /// The WHERE clause (after the caller's own first conditions) and its values, with
    /// placeholders numbered from `first`.
    pub fn where_clause(&self, first: usize, today: NaiveDate) -> (String, Vec<Param>) {
        let mut conditions = Vec::new();
        let mut params = Vec::new();
        let mut next = first;
        let mut push = |condition: &str, param: Option<Param>| match param {
            Some(param) => {
                conditions.push(condition.replace('?', &format!("${next}")));
                params.push(param);
                next += 1;
            }
            None => conditions.push(condition.to_owned()),
        };
        if let Some(team) = &self.team_slug {
            push("t.slug = ?", Some(Param::Text(team.clone())));
        }
        if let Some(owner) = self.owner {
            push("a.owner_id = ?", Some(Param::Int(owner.0)));
        }
        match self.status.as_deref() {
            Some("open") => push("a.status IN ('open', 'in_progress')", None),
            Some(status) => push("a.status = ?", Some(Param::Text(status.to_owned()))),
            None => {}
        }
        if let Some(action_type) = self.action_type {
            push(
                "a.type = ?",
                Some(Param::Text(action_type.as_str().to_owned())),
            );
        }
        if let Some(priority) = self.priority {
            push("a.priority = ?", Some(Param::Text(priority.to_owned())));
        }
        if let Some(incident) = self.incident {
            push("a.incident_id = ?", Some(Param::Int(incident)));
        }
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        if self.overdue {
            push(
                "a.status IN ('open', 'in_progress') AND a.due_date < ?",
                Some(Param::Text(day(today))),
            );
        }
        if let Some(before) = self.due_before {
            push("a.due_date <= ?", Some(Param::Text(day(before))));
        }
        if let Some(after) = self.due_after {
            push("a.due_date >= ?", Some(Param::Text(day(after))));
        }
        let clause = if conditions.is_empty() {
            String::new()
        } else {
            format!(" AND {}", conditions.join(" AND "))
        };
        (clause, params)
    }

    pub fn order_by(&self) -> &'static str {
        self.sort.order_by()
    }

    /// The same filters as a query string, for links (next page, CSV of this view).
    pub fn to_query(&self, page: Option<i64>) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(team) = &self.team_slug {
            pairs.push(("team", team.clone()));
        }
        if let Some(owner) = self.owner {
            pairs.push(("owner", owner.0.to_string()));
        }
        if let Some(status) = &self.status {
            pairs.push(("status", status.clone()));
        }
        if let Some(action_type) = self.action_type {
            pairs.push(("type", action_type.as_str().to_owned()));
        }
        if let Some(priority) = self.priority {
            pairs.push(("priority", priority.to_owned()));
        }
        if let Some(incident) = self.incident {
            pairs.push(("incident", incident.to_string()));
        }
        if self.overdue {
            pairs.push(("overdue", "true".into()));
        }
        if let Some(before) = self.due_before {
            pairs.push(("due_before", before.to_string()));
        }
        if let Some(after) = self.due_after {
            pairs.push(("due_after", after.to_string()));
        }
        pairs.push(("sort", self.sort.key().to_owned()));
        if let Some(page) = page {
            pairs.push(("page", page.to_string()));
        }
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_read_from_the_url_and_write_back_the_same() {
        let query = FilterQuery {
            owner: "me".into(),
            status: "open".into(),
            priority: "p1".into(),
            overdue: "true".into(),
            due_before: "2026-12-31".into(),
            sort: "priority".into(),
            ..FilterQuery::default()
        };
        let filter = query.parse(UserId(7)).unwrap();
        assert_eq!(filter.owner, Some(UserId(7)));
        assert_eq!(filter.priority, Some("P1"));
        let (clause, params) = filter.where_clause(2, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
        assert_eq!(
            clause,
            " AND a.owner_id = $2 AND a.status IN ('open', 'in_progress') AND a.priority = $3 AND a.status IN ('open', 'in_progress') AND a.due_date < $4 AND a.due_date <= $5"
        );
        assert_eq!(params.len(), 4);
        assert_eq!(
            filter.to_query(Some(2)),
            "owner=7&status=open&priority=P1&overdue=true&due_before=2026-12-31&sort=priority&page=2"
        );
    }

    #[test]
    fn bad_filters_say_which_parameter() {
        let error = FilterQuery {
            due_after: "soon".into(),
            ..FilterQuery::default()
        }
        .parse(UserId(1))
        .unwrap_err();
        assert!(
            matches!(error, AppError::Invalid { location: Some(l), .. } if l == "parameter due_after")
        );
        assert!(
            FilterQuery {
                status: "maybe".into(),
                ..FilterQuery::default()
            }
            .parse(UserId(1))
            .is_err()
        );
    }
}
