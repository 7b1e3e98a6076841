//! The first analysis a retrospective needs: how long each stage took, and how well the
//! team kept customers informed. Pure functions of an incident and its timeline.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::kinds::{EntryKind, Visibility};
use super::{Incident, TimelineEntry};

/// When each stage was reached: from the incident's fields, else from the first entry of
/// the matching kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stages {
    pub started_at: Option<DateTime<Utc>>,
    pub detected_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub mitigated_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
}

impl Stages {
    pub fn of(incident: &Incident, entries: &[TimelineEntry]) -> Stages {
        let first_of = |kinds: &[EntryKind]| {
            entries
                .iter()
                .filter(|e| kinds.contains(&e.kind))
                .map(|e| e.occurred_at)
                .min()
        };
        Stages {
            started_at: incident
                .started_at
                .or_else(|| entries.iter().map(|e| e.occurred_at).min()),
            detected_at: incident
                .detected_at
                .or_else(|| first_of(&[EntryKind::Alert, EntryKind::Detection])),
            acknowledged_at: incident.acknowledged_at,
            mitigated_at: incident.mitigated_at,
            resolved_at: incident
                .resolved_at
                .or_else(|| first_of(&[EntryKind::Resolution])),
        }
    }

    /// Seconds from the start to each stage.
    pub fn metrics(&self) -> Metrics {
        let since_start = |at: Option<DateTime<Utc>>| match (self.started_at, at) {
            (Some(start), Some(at)) => Some((at - start).num_seconds()),
            _ => None,
        };
        Metrics {
            time_to_detect_s: since_start(self.detected_at),
            time_to_acknowledge_s: since_start(self.acknowledged_at),
            time_to_mitigate_s: since_start(self.mitigated_at),
            time_to_resolve_s: since_start(self.resolved_at),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Metrics {
    pub time_to_detect_s: Option<i64>,
    pub time_to_acknowledge_s: Option<i64>,
    pub time_to_mitigate_s: Option<i64>,
    pub time_to_resolve_s: Option<i64>,
}

/// One public update and whether it told customers when to expect the next.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PublicUpdate {
    pub occurred_at: DateTime<Utc>,
    /// Seconds of silence before it (from the start for the first update).
    pub gap_before_s: Option<i64>,
    pub is_over_target: bool,
    pub promises_next_update: bool,
    pub text: String,
}

/// How well customers were kept informed, from the public communication entries.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CommunicationReview {
    pub public_updates: usize,
    pub first_public_update_after_s: Option<i64>,
    /// The average over the n−1 gaps between n consecutive updates.
    pub mean_gap_s: Option<i64>,
    pub median_gap_s: Option<i64>,
    pub max_gap_s: Option<i64>,
    pub gaps_over_target: usize,
    pub target_cadence_s: i64,
    #[serde(skip)]
    pub updates: Vec<PublicUpdate>,
}

impl CommunicationReview {
    pub fn of(
        stages: &Stages,
        entries: &[TimelineEntry],
        target_cadence_s: i64,
    ) -> CommunicationReview {
        let mut times: Vec<&TimelineEntry> = entries
            .iter()
            .filter(|e| e.kind == EntryKind::Communication && e.visibility == Visibility::Public)
            .collect();
        times.sort_by_key(|e| e.occurred_at);

        let mut gaps: Vec<i64> = times
            .windows(2)
            .map(|pair| (pair[1].occurred_at - pair[0].occurred_at).num_seconds())
            .collect();
        let updates = times
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let gap_before_s = match i {
                    0 => stages
                        .started_at
                        .map(|s| (entry.occurred_at - s).num_seconds()),
                    _ => Some(gaps[i - 1]),
                };
                PublicUpdate {
                    occurred_at: entry.occurred_at,
                    gap_before_s,
                    is_over_target: i > 0 && gaps[i - 1] > target_cadence_s,
                    promises_next_update: promises_next_update(&entry.text),
                    text: entry.text.clone(),
                }
            })
            .collect();
        let gaps_over_target = gaps.iter().filter(|&&g| g > target_cadence_s).count();
        let mean_gap_s = (!gaps.is_empty()).then(|| gaps.iter().sum::<i64>() / gaps.len() as i64);
        let max_gap_s = gaps.iter().copied().max();
        gaps.sort_unstable();
        let median_gap_s = match gaps.len() {
            0 => None,
            n if n % 2 == 1 => Some(gaps[n / 2]),
            n => Some((gaps[n / 2 - 1] + gaps[n / 2]) / 2),
        };
        CommunicationReview {
            public_updates: times.len(),
            first_public_update_after_s: match (stages.started_at, times.first()) {
                (Some(start), Some(first)) => Some((first.occurred_at - start).num_seconds()),
                _ => None,
            },
            mean_gap_s,
            median_gap_s,
            max_gap_s,
            gaps_over_target,
            target_cadence_s,
            updates,
        }
    }
}

/// Whether an update tells customers when they will hear more ("next update in 30
/// minutes", "we will update by 14:00 UTC", "다음 업데이트").
pub fn promises_next_update(text: &str) -> bool {
    let lower = text.to_lowercase();
    const PHRASES: [&str; 9] = [
        "next update",
        "will update",
        "will provide an update",
        "will provide another update",
        "will post an update",
        "further update",
        "update again",
        "다음 업데이트",
        "추가 업데이트",
    ];
    PHRASES.iter().any(|p| lower.contains(p))
}

/// "2 h 05 min", "45 min", "30 s": a duration as people read it, in the reader's
/// language ("2시간 05분").
pub fn human_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "−" } else { "" };
    let s = seconds.abs();
    let (days, hours, minutes) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    let text = match (days, hours, minutes) {
        (0, 0, 0) => crate::t!("duration-seconds", s = s),
        (0, 0, m) => crate::t!("duration-minutes", m = m),
        // Zero-padded as text: Fluent would write the number as 5, not 05.
        (0, h, m) => crate::t!("duration-hours-minutes", h = h, m = format!("{m:02}")),
        (d, h, _) => crate::t!("duration-days-hours", d = d, h = h),
    };
    format!("{sign}{text}")
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::incidents::{EntryId, IncidentId};

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2016, 10, 21, hour, minute, 0).unwrap()
    }

    fn update(time: DateTime<Utc>, text: &str) -> TimelineEntry {
        TimelineEntry {
            id: EntryId(0),
            occurred_at: time,
            kind: EntryKind::Communication,
            actor: None,
            text: text.into(),
            visibility: Visibility::Public,
            is_key_moment: false,
            source_ref: String::new(),
        }
    }

    fn incident(started_at: DateTime<Utc>) -> Incident {
        Incident {
            id: IncidentId(1),
            team_id: 1,
            title: "DDoS".into(),
            severity: None,
            summary: None,
            customer_impact: None,
            affected_services: vec![],
            started_at: Some(started_at),
            detected_at: None,
            acknowledged_at: None,
            mitigated_at: None,
            resolved_at: None,
            source_format: "native".into(),
            source_ref: "x".into(),
        }
    }

    #[test]
    fn the_mean_gap_is_over_the_gaps_between_updates() {
        // 11 updates over 10 hours: ten gaps of an hour, one of them two hours long.
        let mut entries: Vec<_> = (0..10)
            .map(|h| update(at(11 + h, 0), "Investigating"))
            .collect();
        entries.push(update(at(22, 0), "Resolved. Next update never"));
        let stages = Stages::of(&incident(at(10, 50)), &entries);
        let review = CommunicationReview::of(&stages, &entries, 3600);

        assert_eq!(review.public_updates, 11);
        assert_eq!(review.first_public_update_after_s, Some(600));
        assert_eq!(review.mean_gap_s, Some(11 * 3600 / 10));
        assert_eq!(review.median_gap_s, Some(3600));
        assert_eq!(review.max_gap_s, Some(2 * 3600));
        assert_eq!(review.gaps_over_target, 1);
        assert!(review.updates[10].is_over_target && review.updates[10].promises_next_update);
        assert!(!review.updates[1].is_over_target);
    }

    #[test]
    fn internal_entries_are_not_customer_updates() {
        let mut internal = update(at(11, 0), "Posted in the war room");
        internal.visibility = Visibility::Internal;
        let stages = Stages::of(&incident(at(10, 0)), &[internal.clone()]);
        let review = CommunicationReview::of(&stages, &[internal], 3600);
        assert_eq!(review.public_updates, 0);
        assert_eq!(
            (review.mean_gap_s, review.first_public_update_after_s),
            (None, None)
        );
    }

    #[test]
    fn stages_fall_back_to_the_first_matching_entry() {
        let mut alert = update(at(10, 5), "CPU high");
        alert.kind = EntryKind::Alert;
        let mut resolved = update(at(12, 0), "Fixed");
        resolved.kind = EntryKind::Resolution;
        let metrics = Stages::of(&incident(at(10, 0)), &[alert, resolved]).metrics();
        assert_eq!(metrics.time_to_detect_s, Some(300));
        assert_eq!(metrics.time_to_resolve_s, Some(7200));
        assert_eq!(metrics.time_to_acknowledge_s, None);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(45), "45 s");
        assert_eq!(human_duration(600), "10 min");
        assert_eq!(human_duration(7500), "2 h 05 min");
        assert_eq!(human_duration(90_000), "1 d 1 h");
    }

    #[test]
    fn durations_read_naturally_in_korean() {
        let korean = |s| crate::i18n::sync_scope(crate::i18n::Lang::Ko, || human_duration(s));
        assert_eq!(korean(45), "45초");
        assert_eq!(korean(600), "10분");
        assert_eq!(korean(7500), "2시간 05분");
        assert_eq!(korean(90_000), "1일 1시간");
        assert_eq!(korean(-600), "−10분");
    }
}
