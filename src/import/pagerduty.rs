//! PagerDuty incidents from the REST API v2: the incident and its log entries side by side,
//! `{"incident": {…}, "log_entries": […]}`, or the log-entries response alone
//! (`{"log_entries": […], "limit": …, "more": …}`), the incident then known from the
//! entries' `incident` references. A bare array of log entries is read too.
//!
//! Each log entry becomes an internal entry. Its kind follows its type:
//!
//! - Alert: trigger.
//! - Action: acknowledge (also spelled acknowledgement), assign, snooze, unsnooze,
//!   urgency_change, priority_change.
//! - Escalation: escalate, delegate, repeat_escalation_path, exhaust_escalation_path.
//! - Resolution: resolve.
//! - Note: annotate, notify, unacknowledge, reach_ack_limit, reach_trigger_limit, link,
//!   and any type not listed here (with a warning).
//!
//! Notifications are notes rather than escalations: one escalation pages several people
//! on several channels, and the escalate entries already say when responsibility moved.
//! Unacknowledging is usually PagerDuty's acknowledgement timeout, so it is a note too.
//!
//! The actor is the entry's `agent`. A user agent is a person, named by its summary. Any
//! other agent (a service, an integration, an escalation policy…) is PagerDuty acting on
//! its own, so the actor says what it is: "PagerDuty service: Checkout API".

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::json::{
    contains, describe, expected_time, optional_str, optional_time, read_json, without_bom,
};
use super::{EntryDraft, Format, ImportError, ImportOptions, IncidentDraft, Timeline, content_ref};
use crate::incidents::kinds::{EntryKind, Visibility};
use crate::t;

/// Incident ids named in the error that refuses entries of several incidents.
const LISTED_INCIDENTS: usize = 10;

/// True when the bytes look like this format (for auto-detection).
pub fn looks_like(bytes: &[u8]) -> bool {
    let text = without_bom(bytes).trim_ascii_start();
    matches!(text.first(), Some(b'{' | b'['))
        && (contains(text, b"\"log_entries\"") || contains(text, b"_log_entry\""))
}

/// Reads one PagerDuty incident and its log entries.
pub fn parse(bytes: &[u8], options: &ImportOptions) -> Result<Timeline, ImportError> {
    let document = read_json(bytes, &t!("import-expected-pagerduty"))?;
    let (incident, raw_entries, entries_path, more) = split_document(&document)?;
    let mut warnings = Vec::new();
    if more {
        warnings.push(t!("import-warning-pd-more", count = raw_entries.len()));
    }

    let incident_id = identify_incident(incident, raw_entries, &entries_path)?;
    let log_entries = read_log_entries(
        raw_entries,
        &entries_path,
        &incident_id,
        options,
        &mut warnings,
    )?;
    let draft = incident_draft(
        incident,
        &incident_id,
        raw_entries,
        &log_entries,
        options,
        &mut warnings,
    )?;
    let entries = timeline_entries(log_entries, &mut warnings);

    Ok(Timeline {
        format: Format::Pagerduty,
        source_ref: incident_id,
        incident: draft,
        entries,
        warnings,
    })
}

/// The incident object (if the file has one), the log entries with their JSON path, and
/// whether the response says more pages exist.
type DocumentParts<'a> = (Option<&'a Map<String, Value>>, &'a [Value], String, bool);

fn split_document(document: &Value) -> Result<DocumentParts<'_>, ImportError> {
    let object = match document {
        Value::Array(entries) => return Ok((None, entries, "$".to_owned(), false)),
        Value::Object(object) => object,
        _ => {
            return Err(ImportError::at("$", t!("import-error-pd-not-entries")));
        }
    };
    let incident = match object.get("incident") {
        None | Some(Value::Null) => None,
        Some(Value::Object(incident)) => Some(incident),
        Some(other) => {
            return Err(ImportError::at(
                "$.incident",
                t!("import-error-expected-incident", found = describe(other)),
            ));
        }
    };
    let entries = match object.get("log_entries") {
        Some(Value::Array(entries)) => entries.as_slice(),
        Some(other) => {
            return Err(ImportError::at(
                "$.log_entries",
                t!("import-error-pd-expected-entries", found = describe(other)),
            ));
        }
        None => {
            return Err(ImportError::at(
                "$.log_entries",
                t!("import-error-pd-missing-entries"),
            ));
        }
    };
    let more = object.get("more").and_then(Value::as_bool).unwrap_or(false);
    Ok((incident, entries, "$.log_entries".to_owned(), more))
}

/// The incident's id: the incident object's, else the one incident the entries refer to.
fn identify_incident(
    incident: Option<&Map<String, Value>>,
    entries: &[Value],
    entries_path: &str,
) -> Result<String, ImportError> {
    if let Some(incident) = incident {
        return match optional_str(incident, "id", "$.incident")? {
            Some(id) if !id.trim().is_empty() => Ok(id.trim().to_owned()),
            _ => Err(ImportError::at(
                "$.incident.id",
                t!("import-error-missing-incident-id"),
            )),
        };
    }
    let mut ids: Vec<&str> = Vec::new();
    for entry in entries {
        if let Some(id) = referenced_incident_id(entry)
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    match ids.as_slice() {
        [id] => Ok((*id).to_owned()),
        [] if entries.is_empty() => {
            Err(ImportError::at(entries_path, t!("import-error-pd-nothing")))
        }
        [] => Err(ImportError::at(
            entries_path,
            t!("import-error-pd-no-incident"),
        )),
        several => {
            let mut listed: Vec<String> = several
                .iter()
                .take(LISTED_INCIDENTS)
                .map(|id| (*id).to_owned())
                .collect();
            if several.len() > LISTED_INCIDENTS {
                listed.push(t!(
                    "import-and-more",
                    count = several.len() - LISTED_INCIDENTS
                ));
            }
            Err(ImportError::at(
                entries_path,
                t!(
                    "import-error-pd-several",
                    count = several.len(),
                    ids = listed.join(", ")
                ),
            ))
        }
    }
}

fn referenced_incident_id(entry: &Value) -> Option<&str> {
    entry
        .get("incident")?
        .get("id")?
        .as_str()
        .map(str::trim)
        .filter(|id| !id.is_empty())
}

/// What a log entry's type means for the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LogEntryType {
    Acknowledge,
    Annotate,
    Assign,
    Delegate,
    Escalate,
    ExhaustEscalationPath,
    Link,
    Notify,
    PriorityChange,
    ReachAckLimit,
    ReachTriggerLimit,
    RepeatEscalationPath,
    Resolve,
    Snooze,
    Trigger,
    Unacknowledge,
    Unsnooze,
    UrgencyChange,
    /// A type this importer does not know; kept as a note.
    Other,
}

impl LogEntryType {
    fn from_name(name: &str) -> LogEntryType {
        match name {
            // The API writes "acknowledge_log_entry"; PagerDuty's OpenAPI schema lists
            // "acknowledgement_log_entry". Exports carry either.
            "acknowledge_log_entry" | "acknowledgement_log_entry" => LogEntryType::Acknowledge,
            "annotate_log_entry" => LogEntryType::Annotate,
            "assign_log_entry" => LogEntryType::Assign,
            "delegate_log_entry" => LogEntryType::Delegate,
            "escalate_log_entry" => LogEntryType::Escalate,
            "exhaust_escalation_path_log_entry" => LogEntryType::ExhaustEscalationPath,
            "link_log_entry" => LogEntryType::Link,
            "notify_log_entry" => LogEntryType::Notify,
            "priority_change_log_entry" => LogEntryType::PriorityChange,
            "reach_ack_limit_log_entry" => LogEntryType::ReachAckLimit,
            "reach_trigger_limit_log_entry" => LogEntryType::ReachTriggerLimit,
            "repeat_escalation_path_log_entry" => LogEntryType::RepeatEscalationPath,
            "resolve_log_entry" => LogEntryType::Resolve,
            "snooze_log_entry" => LogEntryType::Snooze,
            "trigger_log_entry" => LogEntryType::Trigger,
            "unacknowledge_log_entry" => LogEntryType::Unacknowledge,
            "unsnooze_log_entry" => LogEntryType::Unsnooze,
            "urgency_change_log_entry" => LogEntryType::UrgencyChange,
            _ => LogEntryType::Other,
        }
    }

    fn kind(self) -> EntryKind {
        match self {
            LogEntryType::Trigger => EntryKind::Alert,
            LogEntryType::Acknowledge
            | LogEntryType::Assign
            | LogEntryType::Snooze
            | LogEntryType::Unsnooze
            | LogEntryType::UrgencyChange
            | LogEntryType::PriorityChange => EntryKind::Action,
            LogEntryType::Escalate
            | LogEntryType::Delegate
            | LogEntryType::RepeatEscalationPath
            | LogEntryType::ExhaustEscalationPath => EntryKind::Escalation,
            LogEntryType::Resolve => EntryKind::Resolution,
            LogEntryType::Annotate
            | LogEntryType::Notify
            | LogEntryType::Unacknowledge
            | LogEntryType::ReachAckLimit
            | LogEntryType::ReachTriggerLimit
            | LogEntryType::Link
            | LogEntryType::Other => EntryKind::Note,
        }
    }

    /// Text for an entry that has no summary. Not translated: entry text is stored as
    /// imported and, for an entry without an id, identifies it when imported again.
    fn fallback_text(self) -> &'static str {
        match self {
            LogEntryType::Acknowledge => "Acknowledged",
            LogEntryType::Annotate => "Note added",
            LogEntryType::Assign => "Assigned",
            LogEntryType::Delegate => "Delegated",
            LogEntryType::Escalate => "Escalated",
            LogEntryType::ExhaustEscalationPath => "Escalation path exhausted",
            LogEntryType::Link => "Linked",
            LogEntryType::Notify => "Notified",
            LogEntryType::PriorityChange => "Priority changed",
            LogEntryType::ReachAckLimit => "Acknowledgement limit reached",
            LogEntryType::ReachTriggerLimit => "Trigger limit reached",
            LogEntryType::RepeatEscalationPath => "Escalation path repeated",
            LogEntryType::Resolve => "Resolved",
            LogEntryType::Snooze => "Snoozed",
            LogEntryType::Trigger => "Triggered",
            LogEntryType::Unacknowledge => "Unacknowledged",
            LogEntryType::Unsnooze => "Unsnoozed",
            LogEntryType::UrgencyChange => "Urgency changed",
            LogEntryType::Other => "Log entry",
        }
    }
}

/// One log entry, read and checked, before ordering.
struct LogEntry {
    id: Option<String>,
    entry_type: LogEntryType,
    created_at: DateTime<Utc>,
    actor: Option<String>,
    text: String,
    service: Option<String>,
}

fn read_log_entries(
    raw_entries: &[Value],
    entries_path: &str,
    incident_id: &str,
    options: &ImportOptions,
    warnings: &mut Vec<String>,
) -> Result<Vec<LogEntry>, ImportError> {
    let mut log_entries = Vec::with_capacity(raw_entries.len());
    let mut unknown_types: Vec<(String, usize)> = Vec::new();
    let mut other_incidents: Vec<&str> = Vec::new();
    let mut skipped_for_other_incidents = 0;

    for (index, raw_entry) in raw_entries.iter().enumerate() {
        let path = format!("{entries_path}[{index}]");
        let Value::Object(entry) = raw_entry else {
            return Err(ImportError::at(
                path,
                t!(
                    "import-error-pd-expected-entry",
                    found = describe(raw_entry)
                ),
            ));
        };
        // An account-wide log can interleave incidents; only this incident's entries
        // belong on its timeline.
        if let Some(other_id) = referenced_incident_id(raw_entry)
            && other_id != incident_id
        {
            skipped_for_other_incidents += 1;
            if !other_incidents.contains(&other_id) {
                other_incidents.push(other_id);
            }
            continue;
        }

        let type_name = match optional_str(entry, "type", &path)? {
            Some(name) if !name.trim().is_empty() => name.trim(),
            _ => {
                return Err(ImportError::at(
                    format!("{path}.type"),
                    t!("import-error-pd-missing-type"),
                ));
            }
        };
        let entry_type = LogEntryType::from_name(type_name);
        if entry_type == LogEntryType::Other {
            match unknown_types.iter_mut().find(|(name, _)| name == type_name) {
                Some((_, count)) => *count += 1,
                None => unknown_types.push((type_name.to_owned(), 1)),
            }
        }

        let created_at = match optional_time(entry, "created_at", &path, options)? {
            Some(time) => time,
            None => {
                return Err(ImportError::at(
                    format!("{path}.created_at"),
                    t!("import-error-pd-missing-time", expected = expected_time()),
                ));
            }
        };
        let id = optional_str(entry, "id", &path)?
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned);
        let service = entry
            .get("service")
            .and_then(|service| service.get("summary"))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_owned);

        log_entries.push(LogEntry {
            id,
            entry_type,
            created_at,
            actor: actor_of(entry.get("agent")),
            text: entry_text(entry, entry_type, &path)?,
            service,
        });
    }

    if skipped_for_other_incidents > 0 {
        warnings.push(t!(
            "import-warning-pd-other-incidents",
            count = skipped_for_other_incidents,
            ids = other_incidents.join(", ")
        ));
    }
    for (type_name, count) in unknown_types {
        warnings.push(t!(
            "import-warning-pd-unknown-type",
            count = count,
            kind = format!("{type_name:?}")
        ));
    }
    Ok(log_entries)
}

/// Who did it: a person's name for a user agent; for anything else, what kind of
/// PagerDuty object acted, so a service is never mistaken for a person.
fn actor_of(agent: Option<&Value>) -> Option<String> {
    let agent = agent?.as_object()?;
    let agent_type = agent
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    let name = ["summary", "name", "id"]
        .iter()
        .filter_map(|key| agent.get(*key).and_then(Value::as_str))
        .map(str::trim)
        .find(|name| !name.is_empty());
    if matches!(agent_type, "user_reference" | "user") {
        return name.map(str::to_owned);
    }
    let what = agent_type
        .strip_suffix("_reference")
        .unwrap_or(agent_type)
        .replace('_', " ");
    Some(match (what.is_empty(), name) {
        (false, Some(name)) => format!("PagerDuty {what}: {name}"),
        (false, None) => format!("PagerDuty {what}"),
        (true, Some(name)) => format!("PagerDuty: {name}"),
        (true, None) => "PagerDuty".to_owned(),
    })
}

/// The entry's text: its summary, with what the summary leaves out. A note's own words
/// replace the bare "Note added"; a trigger keeps the alert's description; any other
/// entry keeps a note attached to it ("Resolved by Jane. — Note: rolled back").
fn entry_text(
    entry: &Map<String, Value>,
    entry_type: LogEntryType,
    path: &str,
) -> Result<String, ImportError> {
    let summary = optional_str(entry, "summary", path)?
        .map(str::trim)
        .filter(|summary| !summary.is_empty());
    let channel = entry.get("channel").and_then(Value::as_object);
    let channel_text = |key: &str| {
        channel
            .and_then(|channel| channel.get(key))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
    };
    let note = note_text(entry);

    let text = match entry_type {
        LogEntryType::Annotate => {
            let words = channel_text("summary")
                .or(channel_text("content"))
                .or(channel_text("notes"))
                .or(note);
            words.or(summary).unwrap_or("Note added").to_owned()
        }
        LogEntryType::Trigger => {
            let alert = channel_text("summary")
                .or(channel_text("description"))
                .or(channel_text("subject"));
            with_detail(summary.unwrap_or("Triggered"), alert)
        }
        _ => {
            let base = summary.unwrap_or(entry_type.fallback_text());
            match note {
                Some(note) if !base.contains(note) => format!("{base} — Note: {note}"),
                _ => base.to_owned(),
            }
        }
    };
    Ok(text)
}

/// A note attached to a log entry: a string, or an object with `content`.
fn note_text(entry: &Map<String, Value>) -> Option<&str> {
    let note = match entry.get("note")? {
        Value::String(text) => text.as_str(),
        Value::Object(note) => note.get("content")?.as_str()?,
        _ => return None,
    };
    Some(note.trim()).filter(|note| !note.is_empty())
}

fn with_detail(base: &str, detail: Option<&str>) -> String {
    match detail {
        Some(detail) if !base.contains(detail) => format!("{base} — {detail}"),
        _ => base.to_owned(),
    }
}

fn incident_draft(
    incident: Option<&Map<String, Value>>,
    incident_id: &str,
    raw_entries: &[Value],
    log_entries: &[LogEntry],
    options: &ImportOptions,
    warnings: &mut Vec<String>,
) -> Result<IncidentDraft, ImportError> {
    let path = "$.incident";
    let empty = Map::new();
    let fields = incident.unwrap_or(&empty);

    let reference_summary = raw_entries
        .iter()
        .filter(|entry| referenced_incident_id(entry) == Some(incident_id))
        .find_map(|entry| entry.get("incident")?.get("summary")?.as_str())
        .map(str::trim)
        .filter(|summary| !summary.is_empty());
    let title = [
        optional_str(fields, "title", path)?,
        optional_str(fields, "summary", path)?,
        reference_summary,
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .find(|title| !title.is_empty())
    .map(str::to_owned)
    .unwrap_or_else(|| {
        let title = t!("import-title-pagerduty", id = incident_id);
        warnings.push(t!("import-warning-pd-no-title", title = title.as_str()));
        title
    });

    // Priority ("P1") is the team's own severity scale; urgency (high/low) only decides
    // how loudly people are paged, so it stands in when there is no priority.
    let priority = fields
        .get("priority")
        .and_then(|priority| priority.get("summary").or(priority.get("name")))
        .and_then(Value::as_str);
    let urgency = optional_str(fields, "urgency", path)?;
    let severity = priority
        .or(urgency)
        .map(str::trim)
        .filter(|severity| !severity.is_empty())
        .map(str::to_owned);

    let description = optional_str(fields, "description", path)?
        .map(str::trim)
        .filter(|description| !description.is_empty() && *description != title)
        .map(str::to_owned);

    let mut affected_services: Vec<String> = Vec::new();
    let incident_service = fields
        .get("service")
        .and_then(|service| service.get("summary"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|name| !name.is_empty());
    let entry_services = log_entries
        .iter()
        .filter_map(|entry| entry.service.as_deref());
    for service in incident_service.into_iter().chain(entry_services) {
        if !affected_services.iter().any(|known| known == service) {
            affected_services.push(service.to_owned());
        }
    }

    let created_at = optional_time(fields, "created_at", path, options)?;
    let first_of = |wanted: LogEntryType| {
        log_entries
            .iter()
            .filter(|entry| entry.entry_type == wanted)
            .map(|entry| entry.created_at)
            .min()
    };
    let first_trigger_at = first_of(LogEntryType::Trigger);
    let first_entry_at = log_entries.iter().map(|entry| entry.created_at).min();
    let last_resolve_at = log_entries
        .iter()
        .filter(|entry| entry.entry_type == LogEntryType::Resolve)
        .map(|entry| entry.created_at)
        .max();

    let status = optional_str(fields, "status", path)?.unwrap_or("");
    let resolved_at = match last_resolve_at {
        Some(resolved_at) => Some(resolved_at),
        None if status == "resolved" => {
            let recorded = match optional_time(fields, "resolved_at", path, options)? {
                Some(resolved_at) => Some(resolved_at),
                None => optional_time(fields, "last_status_change_at", path, options)?,
            };
            warnings.push(match recorded {
                Some(_) => t!("import-warning-pd-resolved-time"),
                None => t!("import-warning-pd-resolved-unknown"),
            });
            recorded
        }
        None => None,
    };
    if matches!(status, "triggered" | "acknowledged") {
        warnings.push(t!("import-warning-still-open", status = status));
    }
    if first_trigger_at.is_none() && !log_entries.is_empty() {
        warnings.push(match created_at {
            Some(_) => t!("import-warning-pd-no-trigger-created"),
            None => t!("import-warning-pd-no-trigger"),
        });
    }

    Ok(IncidentDraft {
        title,
        severity,
        summary: description,
        customer_impact: None,
        affected_services,
        started_at: created_at.or(first_trigger_at).or(first_entry_at),
        detected_at: first_trigger_at.or(created_at),
        acknowledged_at: first_of(LogEntryType::Acknowledge),
        mitigated_at: None,
        resolved_at,
    })
}

/// Entries oldest first. PagerDuty lists log entries newest first; turning such a list
/// around before a stable sort keeps entries of the same second (a trigger and its first
/// notification) in the order they happened.
fn timeline_entries(mut log_entries: Vec<LogEntry>, warnings: &mut Vec<String>) -> Vec<EntryDraft> {
    if let (Some(first), Some(last)) = (log_entries.first(), log_entries.last())
        && first.created_at > last.created_at
    {
        log_entries.reverse();
    }
    log_entries.sort_by_key(|entry| entry.created_at);

    let mut entries: Vec<EntryDraft> = Vec::with_capacity(log_entries.len());
    let mut duplicates = 0;
    for log_entry in log_entries {
        let source_ref = log_entry.id.unwrap_or_else(|| {
            content_ref(
                log_entry.created_at,
                log_entry.actor.as_deref(),
                &log_entry.text,
            )
        });
        // Re-imports recognise entries by source_ref, so two entries must never share one;
        // overlapping pages of the same log repeat entries.
        if entries.iter().any(|entry| entry.source_ref == source_ref) {
            duplicates += 1;
            continue;
        }
        entries.push(EntryDraft {
            occurred_at: log_entry.created_at,
            kind: log_entry.entry_type.kind(),
            actor: log_entry.actor,
            text: log_entry.text,
            visibility: Visibility::Internal,
            source_ref,
        });
    }
    if duplicates > 0 {
        warnings.push(t!("import-warning-pd-duplicates", count = duplicates));
    }
    entries
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    const WITH_INCIDENT: &[u8] =
        include_bytes!("../../tests/fixtures/pagerduty/incident-with-log-entries.json");
    const ENTRIES_ONLY: &[u8] =
        include_bytes!("../../tests/fixtures/pagerduty/log-entries-only.json");

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("test times are RFC 3339")
            .with_timezone(&Utc)
    }

    fn import(bytes: &[u8]) -> Timeline {
        parse(bytes, &ImportOptions::default()).expect("fixture imports")
    }

    fn import_json(document: &Value) -> Result<Timeline, ImportError> {
        parse(document.to_string().as_bytes(), &ImportOptions::default())
    }

    fn fixture_json(bytes: &[u8]) -> Value {
        serde_json::from_slice(bytes).expect("fixture is JSON")
    }

    fn summary_of(entries: &[EntryDraft]) -> Vec<(&str, EntryKind, Option<&str>)> {
        entries
            .iter()
            .map(|entry| {
                (
                    entry.source_ref.as_str(),
                    entry.kind,
                    entry.actor.as_deref(),
                )
            })
            .collect()
    }

    #[test]
    fn an_incident_with_its_log_entries_becomes_an_internal_timeline_oldest_first() {
        let timeline = import(WITH_INCIDENT);

        assert_eq!(timeline.format, Format::Pagerduty);
        assert_eq!(timeline.source_ref, "Q1R5TFK4NBDW9Y");
        assert!(timeline.warnings.is_empty(), "{:?}", timeline.warnings);
        assert!(
            timeline
                .entries
                .iter()
                .all(|e| e.visibility == Visibility::Internal)
        );
        let service = Some("PagerDuty service: Checkout API");
        assert_eq!(
            summary_of(&timeline.entries),
            [
                ("R1TRGR0000000000000000000A", EntryKind::Alert, service),
                ("R2NTFY0000000000000000000B", EntryKind::Note, service),
                (
                    "R3ACKN0000000000000000000C",
                    EntryKind::Action,
                    Some("Ana Folau")
                ),
                (
                    "R4NOTE0000000000000000000D",
                    EntryKind::Note,
                    Some("Ana Folau")
                ),
                ("R5UNAK0000000000000000000E", EntryKind::Note, None),
                ("R6ESCL0000000000000000000F", EntryKind::Escalation, None),
                ("R7NTFY0000000000000000000G", EntryKind::Note, service),
                (
                    "R8ACKN0000000000000000000H",
                    EntryKind::Action,
                    Some("Ben Okafor")
                ),
                (
                    "R9URGC0000000000000000000J",
                    EntryKind::Action,
                    Some("Ben Okafor")
                ),
                (
                    "RAPRIO0000000000000000000K",
                    EntryKind::Action,
                    Some("Ben Okafor")
                ),
                (
                    "RBASGN0000000000000000000L",
                    EntryKind::Action,
                    Some("Ben Okafor")
                ),
                (
                    "RCDLGT0000000000000000000M",
                    EntryKind::Escalation,
                    Some("Ben Okafor")
                ),
                (
                    "RDSNOZ0000000000000000000N",
                    EntryKind::Action,
                    Some("Chloé Martin")
                ),
                (
                    "RERSLV0000000000000000000P",
                    EntryKind::Resolution,
                    Some("Chloé Martin")
                ),
            ]
        );
    }

    #[test]
    fn log_entry_times_keep_their_offsets() {
        let timeline = import(WITH_INCIDENT);

        // 01:02:52-08:00, the account's time zone.
        assert_eq!(timeline.entries[0].occurred_at, utc("2015-11-10T09:02:52Z"));
        assert_eq!(
            timeline.entries[13].occurred_at,
            utc("2015-11-10T10:31:45Z")
        );
    }

    #[test]
    fn texts_keep_summaries_notes_and_alert_descriptions() {
        let timeline = import(WITH_INCIDENT);
        let text_of = |id: &str| {
            timeline
                .entries
                .iter()
                .find(|entry| entry.source_ref == id)
                .map(|entry| entry.text.as_str())
                .unwrap_or_default()
        };

        assert_eq!(
            text_of("R1TRGR0000000000000000000A"),
            "Triggered through the API. — 5xx error rate above 5% on checkout-api (prod)"
        );
        assert_eq!(
            text_of("R4NOTE0000000000000000000D"),
            "Spike started right after deploy 2015.11.10-3 — rolling back. 서울 리전 결제도 영향 받음 🔥"
        );
        assert_eq!(
            text_of("R3ACKN0000000000000000000C"),
            "Acknowledged by Ana Folau."
        );
        assert_eq!(
            text_of("RERSLV0000000000000000000P"),
            "Resolved by Chloé Martin. — Note: Rolled back deploy 2015.11.10-3; error rate back to 0.2%."
        );
    }

    #[test]
    fn the_incident_fields_come_from_the_incident_and_its_entries() {
        let incident = import(WITH_INCIDENT).incident;

        assert_eq!(incident.title, "Checkout API 5xx error rate above 5%");
        assert_eq!(incident.severity.as_deref(), Some("P1"));
        // The description only repeats the title.
        assert_eq!(incident.summary, None);
        assert_eq!(incident.affected_services, ["Checkout API"]);
        assert_eq!(incident.started_at, Some(utc("2015-11-10T09:02:52Z")));
        assert_eq!(incident.detected_at, Some(utc("2015-11-10T09:02:52Z")));
        // The first acknowledgement, spelled "acknowledgement_log_entry".
        assert_eq!(incident.acknowledged_at, Some(utc("2015-11-10T09:05:10Z")));
        assert_eq!(incident.mitigated_at, None);
        assert_eq!(incident.resolved_at, Some(utc("2015-11-10T10:31:45Z")));
    }

    #[test]
    fn urgency_stands_in_for_a_missing_priority() {
        let mut document = fixture_json(WITH_INCIDENT);
        document["incident"]["priority"] = Value::Null;

        let timeline = import_json(&document).expect("imports");

        assert_eq!(timeline.incident.severity.as_deref(), Some("high"));
    }

    #[test]
    fn log_entries_alone_name_their_incident_through_references() {
        let timeline = import(ENTRIES_ONLY);

        assert_eq!(timeline.source_ref, "PT4KHLK");
        assert_eq!(timeline.incident.title, "[#1187] Disk full on db-replica-3");
        assert_eq!(timeline.incident.severity, None);
        assert_eq!(timeline.incident.affected_services, ["Postgres Replicas"]);
        assert_eq!(
            timeline.incident.started_at,
            Some(utc("2016-03-02T04:12:09Z"))
        );
        assert_eq!(
            timeline.incident.detected_at,
            Some(utc("2016-03-02T04:12:09Z"))
        );
        assert_eq!(
            timeline.incident.acknowledged_at,
            Some(utc("2016-03-02T05:22:45Z"))
        );
        assert_eq!(
            timeline.incident.resolved_at,
            Some(utc("2016-03-02T06:03:12Z"))
        );

        let datadog = Some("PagerDuty integration: Datadog");
        let service = Some("PagerDuty service: Postgres Replicas");
        assert_eq!(
            summary_of(&timeline.entries),
            [
                ("Q1TRGR0000000000000000001A", EntryKind::Alert, datadog),
                ("Q2NTFY0000000000000000001B", EntryKind::Note, service),
                ("Q3RPET0000000000000000001C", EntryKind::Escalation, None),
                ("Q4NTFY0000000000000000001D", EntryKind::Note, service),
                ("Q5EXHS0000000000000000001E", EntryKind::Escalation, None),
                ("Q6RTLM0000000000000000001F", EntryKind::Note, service),
                (
                    "Q7RSPR0000000000000000001G",
                    EntryKind::Note,
                    Some("Eli Navarro")
                ),
                (
                    "Q8ACKN0000000000000000001H",
                    EntryKind::Action,
                    Some("Eli Navarro")
                ),
                (
                    "Q9LINK0000000000000000001J",
                    EntryKind::Note,
                    Some("Eli Navarro")
                ),
                ("QARALM0000000000000000001K", EntryKind::Note, service),
                ("QBRSLV0000000000000000001L", EntryKind::Resolution, datadog),
            ]
        );
        assert_eq!(
            timeline.entries[0].text,
            "Triggered through the website. — [Datadog] disk usage 97% on db-replica-3"
        );
    }

    #[test]
    fn an_unknown_log_entry_type_is_a_note_with_a_warning() {
        let timeline = import(ENTRIES_ONLY);

        assert_eq!(timeline.warnings.len(), 1, "{:?}", timeline.warnings);
        assert!(timeline.warnings[0].contains("\"responder_request_log_entry\" as notes"));
    }

    #[test]
    fn every_documented_log_entry_type_has_its_kind() {
        let expected = [
            ("acknowledge_log_entry", EntryKind::Action),
            ("acknowledgement_log_entry", EntryKind::Action),
            ("annotate_log_entry", EntryKind::Note),
            ("assign_log_entry", EntryKind::Action),
            ("delegate_log_entry", EntryKind::Escalation),
            ("escalate_log_entry", EntryKind::Escalation),
            ("exhaust_escalation_path_log_entry", EntryKind::Escalation),
            ("notify_log_entry", EntryKind::Note),
            ("reach_ack_limit_log_entry", EntryKind::Note),
            ("reach_trigger_limit_log_entry", EntryKind::Note),
            ("repeat_escalation_path_log_entry", EntryKind::Escalation),
            ("resolve_log_entry", EntryKind::Resolution),
            ("snooze_log_entry", EntryKind::Action),
            ("trigger_log_entry", EntryKind::Alert),
            ("unacknowledge_log_entry", EntryKind::Note),
            ("urgency_change_log_entry", EntryKind::Action),
            ("link_log_entry", EntryKind::Note),
            ("priority_change_log_entry", EntryKind::Action),
            ("unsnooze_log_entry", EntryKind::Action),
        ];
        for (type_name, kind) in expected {
            let entry_type = LogEntryType::from_name(type_name);
            assert_ne!(entry_type, LogEntryType::Other, "{type_name}");
            assert_eq!(entry_type.kind(), kind, "{type_name}");
        }
        assert_eq!(
            LogEntryType::from_name("merge_log_entry").kind(),
            EntryKind::Note
        );
    }

    #[test]
    fn agents_that_are_not_people_are_named_as_pagerduty_objects() {
        let cases = [
            (
                json!({"type": "user_reference", "summary": "Ana Folau"}),
                Some("Ana Folau"),
            ),
            (
                json!({"type": "user", "name": "Ana Folau", "summary": "Ana Folau"}),
                Some("Ana Folau"),
            ),
            (
                json!({"type": "escalation_policy_reference", "summary": "Payments On-Call"}),
                Some("PagerDuty escalation policy: Payments On-Call"),
            ),
            (
                json!({"type": "service_reference"}),
                Some("PagerDuty service"),
            ),
            (
                json!({"summary": "Something"}),
                Some("PagerDuty: Something"),
            ),
            (json!(null), None),
            (json!("not an object"), None),
        ];
        for (agent, actor) in cases {
            assert_eq!(actor_of(Some(&agent)).as_deref(), actor, "{agent}");
        }
    }

    #[test]
    fn a_note_can_come_from_the_note_field_too() {
        let document = json!({"log_entries": [
            {"id": "A", "type": "annotate_log_entry", "created_at": "2020-01-01T00:00:00Z",
             "summary": "Note added", "note": {"content": "from note.content"},
             "incident": {"id": "PX"}},
            {"id": "B", "type": "annotate_log_entry", "created_at": "2020-01-01T00:01:00Z",
             "summary": "Note added", "channel": {"type": "note"}, "note": "from note",
             "incident": {"id": "PX"}},
            {"id": "C", "type": "annotate_log_entry", "created_at": "2020-01-01T00:02:00Z",
             "incident": {"id": "PX"}}
        ]});

        let timeline = import_json(&document).expect("imports");

        let texts: Vec<&str> = timeline.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["from note.content", "from note", "Note added"]);
    }

    #[test]
    fn a_bad_time_names_its_json_path_the_value_and_the_expected_form() {
        let mut document = fixture_json(WITH_INCIDENT);
        document["log_entries"][2]["created_at"] = json!("yesterday at 5");

        let error = import_json(&document).expect_err("bad time");

        assert_eq!(
            error.location.as_deref(),
            Some("$.log_entries[2].created_at")
        );
        assert!(
            error.message.contains("\"yesterday at 5\""),
            "{}",
            error.message
        );
        assert!(error.message.contains("RFC 3339"), "{}", error.message);
    }

    #[test]
    fn a_bad_incident_time_is_located_in_the_incident() {
        let mut document = fixture_json(WITH_INCIDENT);
        document["incident"]["created_at"] = json!("2015-13-45T99:00:00Z");

        let error = import_json(&document).expect_err("bad time");

        assert_eq!(error.location.as_deref(), Some("$.incident.created_at"));
    }

    #[test]
    fn a_log_entry_without_a_time_or_type_is_refused_where_it_is() {
        let mut document = fixture_json(ENTRIES_ONLY);
        if let Some(entry) = document["log_entries"][4].as_object_mut() {
            entry.remove("created_at");
        }
        let error = import_json(&document).expect_err("no time");
        assert_eq!(
            error.location.as_deref(),
            Some("$.log_entries[4].created_at")
        );

        let mut document = fixture_json(ENTRIES_ONLY);
        document["log_entries"][1]["type"] = json!(7);
        let error = import_json(&document).expect_err("numeric type");
        assert_eq!(error.location.as_deref(), Some("$.log_entries[1].type"));
    }

    #[test]
    fn invalid_json_is_located_by_line_and_column() {
        let error = parse(
            &WITH_INCIDENT[..WITH_INCIDENT.len() / 3],
            &ImportOptions::default(),
        )
        .expect_err("truncated");

        let location = error.location.unwrap_or_default();
        assert!(
            location.starts_with("line ") && location.contains("column"),
            "{location}"
        );
    }

    #[test]
    fn empty_input_is_refused_clearly() {
        for input in [&b""[..], b"\n \r\n", b"\xEF\xBB\xBF "] {
            let error = parse(input, &ImportOptions::default()).expect_err("empty");
            assert!(error.message.contains("empty"), "{}", error.message);
        }
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!(
            "{{\"log_entries\": {}{}}}",
            "[".repeat(5_000),
            "]".repeat(5_000)
        );

        let error = parse(deep.as_bytes(), &ImportOptions::default()).expect_err("too deep");

        assert!(error.message.contains("nested deeper"), "{}", error.message);
    }

    #[test]
    fn entries_of_several_incidents_without_an_incident_are_refused() {
        let mut document = fixture_json(ENTRIES_ONLY);
        document["log_entries"][3]["incident"]["id"] = json!("POTHER1");

        let error = import_json(&document).expect_err("two incidents");

        assert_eq!(error.location.as_deref(), Some("$.log_entries"));
        assert!(
            error.message.contains("2 incidents (PT4KHLK, POTHER1)"),
            "{}",
            error.message
        );
    }

    #[test]
    fn entries_of_other_incidents_beside_an_incident_are_skipped_with_a_warning() {
        let mut document = fixture_json(WITH_INCIDENT);
        document["log_entries"][0]["incident"]["id"] = json!("POTHER1");

        let timeline = import_json(&document).expect("imports");

        assert_eq!(timeline.entries.len(), 13);
        assert!(
            timeline
                .warnings
                .iter()
                .any(|w| w.contains("1 log entries of other incidents (POTHER1)"))
        );
    }

    #[test]
    fn a_partial_export_says_more_pages_exist() {
        let mut document = fixture_json(ENTRIES_ONLY);
        document["more"] = json!(true);

        let timeline = import_json(&document).expect("imports");

        assert!(
            timeline
                .warnings
                .iter()
                .any(|w| w.contains("\"more\": true"))
        );
    }

    #[test]
    fn an_incident_without_log_entries_is_refused() {
        let mut document = fixture_json(WITH_INCIDENT);
        if let Some(object) = document.as_object_mut() {
            object.remove("log_entries");
        }

        let error = import_json(&document).expect_err("no log entries");

        assert_eq!(error.location.as_deref(), Some("$.log_entries"));
    }

    #[test]
    fn a_bare_array_of_log_entries_imports() {
        let document = fixture_json(ENTRIES_ONLY)["log_entries"].clone();

        let timeline = import_json(&document).expect("imports");

        assert_eq!(timeline.source_ref, "PT4KHLK");
        assert_eq!(timeline.entries.len(), 11);
    }

    #[test]
    fn a_resolved_incident_without_a_resolve_entry_uses_its_own_time() {
        let mut document = fixture_json(WITH_INCIDENT);
        if let Some(Value::Array(entries)) = document.get_mut("log_entries") {
            entries.retain(|entry| entry["type"] != "resolve_log_entry");
        }

        let timeline = import_json(&document).expect("imports");

        assert_eq!(
            timeline.incident.resolved_at,
            Some(utc("2015-11-10T10:31:45Z"))
        );
        assert!(
            timeline
                .warnings
                .iter()
                .any(|w| w.contains("no resolve log entry"))
        );
    }

    #[test]
    fn repeated_log_entries_are_imported_once() {
        let mut document = fixture_json(ENTRIES_ONLY);
        let repeated = document["log_entries"][0].clone();
        if let Some(Value::Array(entries)) = document.get_mut("log_entries") {
            entries.push(repeated);
        }

        let timeline = import_json(&document).expect("imports");

        assert_eq!(timeline.entries.len(), 11);
        assert!(timeline.warnings.iter().any(|w| w.contains("listed twice")));
    }

    #[test]
    fn looks_like_finds_pagerduty_json_only() {
        assert!(looks_like(WITH_INCIDENT));
        assert!(looks_like(ENTRIES_ONLY));
        assert!(looks_like(br#"[{"type": "trigger_log_entry"}]"#));
        assert!(!looks_like(br#"{"incident_updates": []}"#));
        assert!(!looks_like(b"log_entries,are,csv"));
        assert!(!looks_like(b""));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _outcome = parse(&bytes, &ImportOptions::default());
            let _detected = looks_like(&bytes);
        }

        #[test]
        fn a_truncated_fixture_never_panics(cut in 0..WITH_INCIDENT.len()) {
            let _outcome = parse(&WITH_INCIDENT[..cut], &ImportOptions::default());
        }

        #[test]
        fn a_fixture_with_a_flipped_byte_never_panics(
            position in 0..WITH_INCIDENT.len(),
            byte in any::<u8>(),
        ) {
            let mut mutated = WITH_INCIDENT.to_vec();
            mutated[position] = byte;
            let _outcome = parse(&mutated, &ImportOptions::default());
        }

        #[test]
        fn any_fields_in_a_log_entry_never_panic(
            type_name in "[a-z_]{0,30}",
            summary in "\\PC*",
            created_at in "\\PC{0,40}",
        ) {
            let document = json!({"log_entries": [{
                "id": "X", "type": type_name, "summary": summary, "created_at": created_at,
                "agent": {"type": summary.clone(), "summary": summary},
                "incident": {"id": "PX"}
            }]});
            let _outcome = import_json(&document);
        }
    }
}
