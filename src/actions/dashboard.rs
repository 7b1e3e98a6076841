//! Follow-through at a glance: how many items are open and overdue, how many get done,
//! how long they take, and which have waited longest.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use maud::{Markup, html};
use sqlx::AnyExecutor;

use super::ActionItem;
use crate::accounts::UserId;
use crate::accounts::teams::TeamId;

/// Whose items a dashboard counts.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    Team(TeamId),
    /// Every team of the user (every team for an admin).
    User {
        user: UserId,
        is_admin: bool,
    },
}

impl Scope {
    /// The condition on `a.team_id`, its parameters bound by `bind`. An administrator's
    /// condition is always true but written without OR, so the planner can use indexes.
    fn condition(self) -> &'static str {
        match self {
            Scope::Team(_) => "a.team_id = $1",
            Scope::User { is_admin: true, .. } => "$1 = $1 AND $2 = $2",
            Scope::User { .. } => {
                "$1 = $1 AND a.team_id IN (SELECT team_id FROM membership WHERE user_id = $2)"
            }
        }
    }

    fn params(self) -> (i64, i64) {
        match self {
            Scope::Team(team) => (team.0, 0),
            Scope::User { user, is_admin } => (i64::from(is_admin), user.0),
        }
    }
}

/// How many of the latest incidents the completion rate looks at.
pub const RECENT_INCIDENTS: i64 = 10;

#[derive(Clone, Debug, Default)]
pub struct Dashboard {
    pub open: i64,
    pub overdue: i64,
    pub done_30_days: i64,
    pub done_90_days: i64,
    /// Done ÷ all items of the latest incidents, if they have any items.
    pub completion_rate: Option<f64>,
    pub recent_items: i64,
    /// Median days from creation to done, per type and per priority.
    pub median_days_by_type: BTreeMap<String, f64>,
    pub median_days_by_priority: BTreeMap<String, f64>,
    pub open_by_priority: BTreeMap<String, i64>,
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    })
}

pub async fn load(
    pool: &sqlx::AnyPool,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<Dashboard, sqlx::Error> {
    let (p1, p2) = scope.params();
    let condition = scope.condition();
    let today = now.date_naive().format("%Y-%m-%d").to_string();
    let day_ms = 86_400_000i64;
    // Windows start at midnight UTC, so a dashboard stays true all day until something
    // changes (and can be kept until then).
    let now_ms = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .map_or(now.timestamp_millis(), |midnight| {
            midnight.and_utc().timestamp_millis()
        })
        + day_ms;

    // Each count reads only the rows of its status, through the (status, …) indexes.
    let (open, overdue): (i64, i64) = sqlx::query_as(&format!(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN a.due_date < $3 THEN 1 ELSE 0 END), 0)
         FROM action_item a WHERE {condition} AND a.status IN ('open', 'in_progress')"
    ))
    .bind(p1)
    .bind(p2)
    .bind(&today)
    .fetch_one(pool)
    .await?;
    let (done_30, done_90): (i64, i64) = sqlx::query_as(&format!(
        "SELECT COALESCE(SUM(CASE WHEN a.closed_at >= $3 THEN 1 ELSE 0 END), 0), COUNT(*)
         FROM action_item a WHERE {condition} AND a.status = 'done' AND a.closed_at >= $4"
    ))
    .bind(p1)
    .bind(p2)
    .bind(now_ms - 30 * day_ms)
    .bind(now_ms - 90 * day_ms)
    .fetch_one(pool)
    .await?;

    let (recent_total, recent_done): (i64, i64) = sqlx::query_as(&format!(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN a.status = 'done' THEN 1 ELSE 0 END), 0)
         FROM action_item a WHERE {condition} AND a.incident_id IN (
             SELECT i.id FROM incident i WHERE EXISTS (SELECT 1 FROM action_item a2 WHERE a2.incident_id = i.id AND {})
             ORDER BY COALESCE(i.started_at, i.created_at) DESC, i.id DESC LIMIT $3)",
        condition.replace("a.team_id", "a2.team_id")
    ))
    .bind(p1)
    .bind(p2)
    .bind(RECENT_INCIDENTS)
    .fetch_one(pool)
    .await?;

    let closed: Vec<(String, String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT a.type, a.priority, a.created_at, a.closed_at FROM action_item a
         WHERE {condition} AND a.status = 'done' AND a.closed_at IS NOT NULL"
    ))
    .bind(p1)
    .bind(p2)
    .fetch_all(pool)
    .await?;
    let mut by_type: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut by_priority: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (action_type, priority, created, closed_at) in closed {
        let days = (closed_at - created).max(0) as f64 / day_ms as f64;
        by_type.entry(action_type).or_default().push(days);
        by_priority.entry(priority).or_default().push(days);
    }
    let medians = |groups: BTreeMap<String, Vec<f64>>| {
        groups
            .into_iter()
            .filter_map(|(key, mut values)| median(&mut values).map(|m| (key, m)))
            .collect()
    };

    let open_by_priority: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT a.priority, COUNT(*) FROM action_item a WHERE {condition} AND a.status IN ('open', 'in_progress')
         GROUP BY a.priority ORDER BY a.priority"
    ))
    .bind(p1)
    .bind(p2)
    .fetch_all(pool)
    .await?;

    Ok(Dashboard {
        open,
        overdue,
        done_30_days: done_30,
        done_90_days: done_90,
        completion_rate: (recent_total > 0).then(|| recent_done as f64 / recent_total as f64),
        recent_items: recent_total,
        median_days_by_type: medians(by_type),
        median_days_by_priority: medians(by_priority),
        open_by_priority: open_by_priority.into_iter().collect(),
    })
}

/// A dashboard with the items that have waited longest.
pub struct Loaded {
    pub dashboard: Dashboard,
    pub oldest: Vec<ActionItem>,
}

type CacheKey = (Option<i64>, i64, bool, chrono::NaiveDate);
/// A computed dashboard and the change count it was computed at.
type Cached = (i64, Arc<Loaded>);

/// Computed dashboards, each kept with the change count it was computed at (see the
/// `change_counter` triggers) and used until that count moves or the day changes.
#[derive(Clone, Default)]
pub struct DashboardCache {
    entries: Arc<Mutex<HashMap<CacheKey, Cached>>>,
}

/// Bounds the memory a cache can take: past this many scopes it starts afresh.
const MAX_CACHED: usize = 10_000;

impl DashboardCache {
    /// The dashboard for `scope` as of `now`, computed only if something changed.
    pub async fn load(
        &self,
        pool: &sqlx::AnyPool,
        scope: Scope,
        now: DateTime<Utc>,
        oldest: i64,
    ) -> Result<Arc<Loaded>, sqlx::Error> {
        let (version,): (i64,) =
            sqlx::query_as("SELECT value FROM change_counter WHERE name = 'dashboard'")
                .fetch_one(pool)
                .await?;
        let key: CacheKey = match scope {
            Scope::Team(team) => (Some(team.0), 0, false, now.date_naive()),
            Scope::User { user, is_admin } => (None, user.0, is_admin, now.date_naive()),
        };
        let cached = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
            .filter(|(at, _)| *at == version)
            .map(|(_, loaded)| loaded.clone());
        if let Some(loaded) = cached {
            return Ok(loaded);
        }
        // Read before computing: a change made meanwhile moves the count past this one,
        // so the next request computes afresh.
        let loaded = Arc::new(Loaded {
            dashboard: load(pool, scope, now).await?,
            oldest: oldest_open(pool, scope, oldest).await?,
        });
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= MAX_CACHED {
            entries.clear();
        }
        entries.insert(key, (version, loaded.clone()));
        Ok(loaded)
    }
}

/// The items that have waited longest.
pub async fn oldest_open(
    db: impl AnyExecutor<'_>,
    scope: Scope,
    limit: i64,
) -> Result<Vec<ActionItem>, sqlx::Error> {
    let filter = super::filter::ActionFilter {
        status: Some("open".into()),
        sort: super::filter::Sort::Newest,
        ..Default::default()
    };
    let (user, is_admin, team) = match scope {
        Scope::Team(team) => (UserId(0), true, Some(team)),
        Scope::User { user, is_admin } => (user, is_admin, None),
    };
    let mut items = super::list_actions_in(
        db,
        user,
        is_admin,
        team,
        &filter,
        chrono::Utc::now().date_naive(),
        "a.created_at, a.id",
        limit,
    )
    .await?;
    items.truncate(limit as usize);
    Ok(items)
}

/// What a chart's values count.
#[derive(Clone, Copy, Debug)]
pub enum ChartUnit {
    Items,
    Days,
}

impl ChartUnit {
    /// A value with its unit, for the chart's text alternative.
    fn describe(self, value: f64) -> String {
        // Formatted here so every language shows one decimal, as the bars' labels do.
        let value = format!("{value:.1}");
        match self {
            ChartUnit::Items => crate::t!("dashboard-chart-items", value = value),
            ChartUnit::Days => crate::t!("dashboard-chart-days", value = value),
        }
    }
}

/// A horizontal bar chart, drawn on the server; `values` in display order.
pub fn bar_chart(title: &str, unit: ChartUnit, values: &[(String, f64)]) -> Markup {
    let max = values
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let row = 28.0;
    let height = row * values.len().max(1) as f64 + 8.0;
    let description: Vec<String> = values
        .iter()
        .map(|(label, v)| format!("{label}: {}", unit.describe(*v)))
        .collect();
    html! {
        figure.chart {
            figcaption { (title) }
            @if values.is_empty() {
                p.muted { (crate::t!("dashboard-chart-empty")) }
            } @else {
                svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 400 {height}")) role="img" aria-label=(format!("{title}: {}", description.join("; "))) {
                    @for (i, (label, value)) in values.iter().enumerate() {
                        @let y = 4.0 + i as f64 * row;
                        text.chart-label x="0" y=(format!("{:.1}", y + 17.0)) { (label) }
                        rect.chart-bar x="110" y=(format!("{y:.1}")) height="20" width=(format!("{:.1}", (value / max * 230.0).max(1.0))) {}
                        text.chart-value x=(format!("{:.1}", 116.0 + (value / max * 230.0).max(1.0))) y=(format!("{:.1}", y + 15.0)) { (format!("{value:.1}")) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn each_value_gets_a_labelled_bar() {
        let chart = bar_chart(
            "Median days to close",
            ChartUnit::Days,
            &[("prevent".into(), 4.0), ("detect".into(), 2.0)],
        )
        .into_string();
        assert_eq!(chart.matches("<rect").count(), 2);
        assert!(chart.contains("prevent: 4.0 days; detect: 2.0 days"));
    }
}
