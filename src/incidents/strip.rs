//! A server-rendered SVG strip of an incident: its stages as bands, public updates as
//! ticks, long silences marked. No chart library and no JavaScript.

use chrono::{DateTime, Utc};
use maud::{Markup, html};

use super::review::{CommunicationReview, Stages, human_duration};
use crate::t;

const WIDTH: f64 = 960.0;
const LEFT: f64 = 10.0;
const RIGHT: f64 = 950.0;

/// The strip, or nothing when the incident has no time span to draw.
pub fn incident_strip(
    zone: &str,
    stages: &Stages,
    communication: &CommunicationReview,
    last_entry_at: Option<DateTime<Utc>>,
) -> Markup {
    let update_times = communication.updates.iter().map(|u| u.occurred_at);
    let start = [stages.started_at]
        .into_iter()
        .flatten()
        .chain(update_times.clone())
        .min();
    let end = [stages.resolved_at, last_entry_at]
        .into_iter()
        .flatten()
        .chain(update_times)
        .max();
    let (Some(start), Some(end)) = (start, end) else {
        return html! {};
    };
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    let local = |t: DateTime<Utc>, format: &str| t.with_timezone(&tz).format(format).to_string();
    let span_ms = (end - start).num_milliseconds().max(1) as f64;
    let x = |t: DateTime<Utc>| {
        LEFT + (RIGHT - LEFT) * ((t - start).num_milliseconds() as f64 / span_ms).clamp(0.0, 1.0)
    };

    let milestones = [
        (t!("strip-detecting"), stages.started_at, "band-detect"),
        (
            t!("strip-acknowledging"),
            stages.detected_at,
            "band-acknowledge",
        ),
        (
            t!("strip-mitigating"),
            stages.acknowledged_at,
            "band-mitigate",
        ),
        (t!("strip-recovering"), stages.mitigated_at, "band-recover"),
        (t!("strip-resolved"), stages.resolved_at, ""),
    ];
    let known: Vec<(&str, DateTime<Utc>, &str)> = milestones
        .iter()
        .filter_map(|(label, at, class)| at.map(|at| (label.as_str(), at, *class)))
        .collect();
    let bands: Vec<(&str, f64, f64, &str)> = known
        .windows(2)
        .filter(|pair| pair[1].1 > pair[0].1 && !pair[0].2.is_empty())
        .map(|pair| (pair[0].0, x(pair[0].1), x(pair[1].1), pair[0].2))
        .collect();

    let description = t!(
        "strip-description",
        start = crate::i18n::date_time(start.with_timezone(&tz)),
        end = crate::i18n::date_time(end.with_timezone(&tz)),
        updates = communication.public_updates,
        silence = communication
            .max_gap_s
            .map(human_duration)
            .unwrap_or_else(|| t!("strip-not-measurable")),
    );
    html! {
        figure.strip {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} 96")) role="img"
                aria-labelledby="strip-title strip-desc" preserveAspectRatio="none" {
                title #strip-title { (t!("strip-title")) }
                desc #strip-desc { (description) }
                rect.strip-track x=(LEFT) y="34" width=(RIGHT - LEFT) height="24" {}
                @for (label, from, to, class) in &bands {
                    rect class=(class) x=(format!("{from:.1}")) y="34" width=(format!("{:.1}", (to - from).max(1.0))) height="24" {
                        title { (label) }
                    }
                }
                @for update in &communication.updates {
                    @if update.is_over_target {
                        @if let Some(gap) = update.gap_before_s {
                            @let silence_start = update.occurred_at - chrono::Duration::seconds(gap);
                            rect.strip-silence x=(format!("{:.1}", x(silence_start))) y="62" width=(format!("{:.1}", (x(update.occurred_at) - x(silence_start)).max(1.0))) height="8" {
                                title { (t!("strip-silence", duration = human_duration(gap))) }
                            }
                        }
                    }
                    line.strip-tick x1=(format!("{:.1}", x(update.occurred_at))) x2=(format!("{:.1}", x(update.occurred_at))) y1="8" y2="30" {
                        title { (t!("strip-update-at", time = local(update.occurred_at, "%H:%M %Z"))) }
                    }
                }
                text.strip-label x=(LEFT) y="90" { (local(start, "%H:%M %Z")) }
                text.strip-label x=(RIGHT) y="90" text-anchor="end" { (local(end, "%H:%M %Z")) }
            }
            figcaption {
                span.legend.legend-tick { (t!("strip-legend-update")) }
                " "
                span.legend.legend-silence { (t!("strip-legend-silence")) }
                @for (label, _, _, class) in &bands {
                    " " span class=(format!("legend legend-{class}")) { (label) }
                }
            }
        }
    }
}
