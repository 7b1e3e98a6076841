//! Atlassian Statuspage incidents, in the shapes people download them in: the REST API v1
//! incident object, the public status API's `/api/v2/incidents.json` (`{page, incidents}`)
//! and a single `{page, incident}`. A v1 list (an array of incidents) is read too.
//!
//! Every incident update is something customers were told, so each becomes a public
//! communication entry whose text starts with the update's status ("Monitoring: …").
//! Statuspage says nothing about who wrote an update, so entries have no actor.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::json::{contains, describe, optional_str, optional_time, read_json, without_bom};
use super::{EntryDraft, Format, ImportError, ImportOptions, IncidentDraft, Timeline, content_ref};
use crate::incidents::kinds::{EntryKind, Visibility};
use crate::t;

/// Incidents named in the error that refuses a list of several; the rest are counted.
const LISTED_INCIDENTS: usize = 10;

/// True when the bytes look like this format (for auto-detection).
pub fn looks_like(bytes: &[u8]) -> bool {
    let text = without_bom(bytes).trim_ascii_start();
    matches!(text.first(), Some(b'{' | b'[')) && contains(text, b"\"incident_updates\"")
}

/// Reads one Statuspage incident and its updates.
pub fn parse(bytes: &[u8], options: &ImportOptions) -> Result<Timeline, ImportError> {
    let document = read_json(bytes, &t!("import-expected-statuspage"))?;
    let (incident, path) = find_incident(&document)?;
    read_incident(incident, &path, options)
}

/// The incident object inside whichever document shape this is, with its JSON path.
fn find_incident(document: &Value) -> Result<(&Map<String, Value>, String), ImportError> {
    match document {
        Value::Object(object) if object.contains_key("incident_updates") => {
            Ok((object, "$".to_owned()))
        }
        Value::Object(object) if object.contains_key("incident") => {
            let path = "$.incident";
            match object.get("incident") {
                Some(Value::Object(incident)) => Ok((incident, path.to_owned())),
                Some(other) => Err(ImportError::at(
                    path,
                    t!("import-error-expected-incident", found = describe(other)),
                )),
                None => Err(ImportError::at(path, t!("import-error-missing"))),
            }
        }
        Value::Object(object) if object.contains_key("incidents") => {
            match object.get("incidents") {
                Some(Value::Array(incidents)) => only_incident(incidents, "$.incidents"),
                Some(other) => Err(ImportError::at(
                    "$.incidents",
                    t!(
                        "import-error-sp-expected-incidents",
                        found = describe(other)
                    ),
                )),
                None => Err(ImportError::at("$.incidents", t!("import-error-missing"))),
            }
        }
        Value::Array(incidents) => only_incident(incidents, "$"),
        _ => Err(ImportError::at("$", t!("import-error-sp-not-incident"))),
    }
}

/// The one incident of a list. A list of several is refused rather than guessed from:
/// importing the wrong incident would be worse than asking.
fn only_incident<'a>(
    incidents: &'a [Value],
    path: &str,
) -> Result<(&'a Map<String, Value>, String), ImportError> {
    match incidents {
        [] => Err(ImportError::at(path, t!("import-error-sp-empty-list"))),
        [Value::Object(incident)] => Ok((incident, format!("{path}[0]"))),
        [other] => Err(ImportError::at(
            format!("{path}[0]"),
            t!("import-error-expected-incident", found = describe(other)),
        )),
        several => {
            let mut names: Vec<String> = several
                .iter()
                .take(LISTED_INCIDENTS)
                .map(|incident| {
                    let id = incident.get("id").and_then(Value::as_str).unwrap_or("?");
                    match incident.get("name").and_then(Value::as_str) {
                        Some(name) => format!("{id} ({name:?})"),
                        None => id.to_owned(),
                    }
                })
                .collect();
            if several.len() > LISTED_INCIDENTS {
                names.push(t!(
                    "import-and-more",
                    count = several.len() - LISTED_INCIDENTS
                ));
            }
            Err(ImportError::at(
                path,
                t!(
                    "import-error-sp-several",
                    count = several.len(),
                    names = names.join(", ")
                ),
            ))
        }
    }
}

/// One incident update, read and checked, before ordering.
struct Update {
    id: Option<String>,
    status: Option<String>,
    text: String,
    /// `display_at`, the time shown on the status page, else `created_at`.
    shown_at: DateTime<Utc>,
    created_at: Option<DateTime<Utc>>,
}

fn read_incident(
    incident: &Map<String, Value>,
    path: &str,
    options: &ImportOptions,
) -> Result<Timeline, ImportError> {
    let mut warnings = Vec::new();

    let id = match optional_str(incident, "id", path)? {
        Some(id) if !id.trim().is_empty() => id.trim().to_owned(),
        _ => {
            return Err(ImportError::at(
                format!("{path}.id"),
                t!("import-error-missing-incident-id"),
            ));
        }
    };
    let title = match optional_str(incident, "name", path)? {
        Some(name) if !name.trim().is_empty() => name.trim().to_owned(),
        _ => {
            let title = t!("import-title-statuspage", id = id.as_str());
            warnings.push(t!("import-warning-sp-no-name", title = title.as_str()));
            title
        }
    };
    let status = optional_str(incident, "status", path)?.unwrap_or("");
    let impact = match optional_str(incident, "impact", path)? {
        Some(impact) => Some(impact),
        None => optional_str(incident, "impact_override", path)?,
    };
    let severity = impact
        .map(str::trim)
        .filter(|impact| !impact.is_empty())
        .map(str::to_owned);

    let created_at = optional_time(incident, "created_at", path, options)?;
    let started_at = optional_time(incident, "started_at", path, options)?;
    let monitoring_at = optional_time(incident, "monitoring_at", path, options)?;
    let resolved_at_field = optional_time(incident, "resolved_at", path, options)?;

    let mut updates = read_updates(incident, path, options, &mut warnings)?;
    order_oldest_first(&mut updates);

    let first_update_at = updates.first().map(|update| update.shown_at);
    let first_monitoring_at = updates
        .iter()
        .find(|update| update.status.as_deref() == Some("monitoring"))
        .map(|update| update.shown_at);
    let resolved_at = match (resolved_at_field, final_resolution_at(&updates)) {
        (Some(resolved_at), _) => Some(resolved_at),
        (None, Some(resolved_update_at)) => {
            warnings.push(t!(
                "import-warning-sp-resolved-time",
                time = crate::i18n::date_time_utc(resolved_update_at)
            ));
            Some(resolved_update_at)
        }
        (None, None) => {
            if matches!(status, "resolved" | "postmortem" | "completed") {
                warnings.push(t!("import-warning-sp-resolution-unknown", status = status));
            }
            None
        }
    };
    if matches!(status, "investigating" | "identified" | "monitoring") {
        warnings.push(t!("import-warning-still-open", status = status));
    }
    if matches!(
        status,
        "scheduled" | "in_progress" | "verifying" | "completed"
    ) || impact == Some("maintenance")
    {
        warnings.push(t!("import-warning-sp-maintenance"));
    }

    let summary = match optional_str(incident, "postmortem_body", path)? {
        Some(body) => Some(plain_text_from_html(body)).filter(|text| !text.is_empty()),
        None => None,
    };

    let affected_services = affected_components(incident, path)?;
    let entries = communication_entries(updates, &mut warnings);
    if entries.is_empty() {
        warnings.push(t!("import-warning-sp-no-updates"));
    }

    Ok(Timeline {
        format: Format::Statuspage,
        source_ref: id,
        incident: IncidentDraft {
            title,
            severity,
            summary,
            customer_impact: None,
            affected_services,
            started_at: started_at.or(created_at).or(first_update_at),
            detected_at: created_at.or(first_update_at),
            acknowledged_at: None,
            mitigated_at: first_monitoring_at.or(monitoring_at),
            resolved_at,
        },
        entries,
        warnings,
    })
}

fn read_updates(
    incident: &Map<String, Value>,
    path: &str,
    options: &ImportOptions,
    warnings: &mut Vec<String>,
) -> Result<Vec<Update>, ImportError> {
    let updates_path = format!("{path}.incident_updates");
    let raw_updates = match incident.get("incident_updates") {
        Some(Value::Array(updates)) => updates.as_slice(),
        Some(Value::Null) => {
            warnings.push(t!("import-warning-sp-null-updates"));
            &[]
        }
        Some(other) => {
            return Err(ImportError::at(
                updates_path,
                t!("import-error-sp-expected-updates", found = describe(other)),
            ));
        }
        None => {
            return Err(ImportError::at(
                updates_path,
                t!("import-error-sp-missing-updates"),
            ));
        }
    };

    let mut updates = Vec::with_capacity(raw_updates.len());
    for (index, raw_update) in raw_updates.iter().enumerate() {
        let update_path = format!("{updates_path}[{index}]");
        let Value::Object(update) = raw_update else {
            return Err(ImportError::at(
                update_path,
                t!(
                    "import-error-sp-expected-update",
                    found = describe(raw_update)
                ),
            ));
        };
        let created_at = optional_time(update, "created_at", &update_path, options)?;
        let shown_at = match optional_time(update, "display_at", &update_path, options)? {
            Some(display_at) => display_at,
            None => created_at.ok_or_else(|| {
                ImportError::at(
                    format!("{update_path}.display_at"),
                    t!("import-error-sp-no-time"),
                )
            })?,
        };
        let status = optional_str(update, "status", &update_path)?
            .map(str::trim)
            .filter(|status| !status.is_empty())
            .map(str::to_owned);
        let body = plain_text_from_html(optional_str(update, "body", &update_path)?.unwrap_or(""));
        let text = match (status.as_deref(), body.is_empty()) {
            (Some(status), false) => format!("{}: {body}", status_label(status)),
            (Some(status), true) => status_label(status),
            (None, false) => body,
            (None, true) => "(an update with no text)".to_owned(),
        };
        let id = optional_str(update, "id", &update_path)?
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned);
        updates.push(Update {
            id,
            status,
            text,
            shown_at,
            created_at,
        });
    }
    Ok(updates)
}

/// Statuspage lists updates newest first. Turning a newest-first list around before a
/// stable sort keeps updates posted in the same second in the order they were posted.
fn order_oldest_first(updates: &mut [Update]) {
    if let (Some(first), Some(last)) = (updates.first(), updates.last())
        && first.shown_at > last.shown_at
    {
        updates.reverse();
    }
    updates.sort_by_key(|update| (update.shown_at, update.created_at));
}

/// When the incident was last resolved: the first update of the final run of resolved
/// updates. An incident that reopened was not resolved at its first resolved update, and
/// a later "resolved" clarification does not move the resolution; postmortem updates,
/// posted after resolution, end no run.
fn final_resolution_at(updates: &[Update]) -> Option<DateTime<Utc>> {
    let mut resolved_since = None;
    for update in updates {
        match update.status.as_deref() {
            Some("resolved" | "completed") => {
                resolved_since = resolved_since.or(Some(update.shown_at));
            }
            Some("postmortem") => {}
            _ => resolved_since = None,
        }
    }
    resolved_since
}

fn communication_entries(updates: Vec<Update>, warnings: &mut Vec<String>) -> Vec<EntryDraft> {
    let mut entries: Vec<EntryDraft> = Vec::with_capacity(updates.len());
    let mut duplicates = 0;
    for update in updates {
        let source_ref = update
            .id
            .unwrap_or_else(|| content_ref(update.shown_at, None, &update.text));
        // Re-imports recognise entries by source_ref, so two entries must never share one.
        if entries.iter().any(|entry| entry.source_ref == source_ref) {
            duplicates += 1;
            continue;
        }
        entries.push(EntryDraft {
            occurred_at: update.shown_at,
            kind: EntryKind::Communication,
            actor: None,
            text: update.text,
            visibility: Visibility::Public,
            source_ref,
        });
    }
    if duplicates > 0 {
        warnings.push(t!("import-warning-sp-duplicates", count = duplicates));
    }
    entries
}

/// "in_progress" → "In progress".
fn status_label(status: &str) -> String {
    let spaced = status.replace('_', " ");
    let mut characters = spaced.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => spaced,
    }
}

/// Names of the incident's components, then of any component its updates name, once
/// each. Both lists may be null or hold placeholders without a name; those are skipped.
fn affected_components(
    incident: &Map<String, Value>,
    path: &str,
) -> Result<Vec<String>, ImportError> {
    let mut names: Vec<String> = Vec::new();
    let mut add_names_from = |list: Option<&Value>, list_path: String| -> Result<(), ImportError> {
        let items = match list {
            None | Some(Value::Null) => return Ok(()),
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(ImportError::at(
                    list_path,
                    t!(
                        "import-error-sp-expected-components",
                        found = describe(other)
                    ),
                ));
            }
        };
        for item in items {
            let name = match item {
                Value::Object(component) => component.get("name").and_then(Value::as_str),
                Value::String(name) => Some(name.as_str()),
                _ => None,
            };
            if let Some(name) = name.map(str::trim).filter(|name| !name.is_empty())
                && !names.iter().any(|known| known == name)
            {
                names.push(name.to_owned());
            }
        }
        Ok(())
    };

    add_names_from(incident.get("components"), format!("{path}.components"))?;
    if let Some(Value::Array(updates)) = incident.get("incident_updates") {
        for (index, update) in updates.iter().enumerate() {
            add_names_from(
                update.get("affected_components"),
                format!("{path}.incident_updates[{index}].affected_components"),
            )?;
        }
    }
    Ok(names)
}

/// Plain text from a Statuspage body, which may hold HTML: tags dropped (block tags
/// become line breaks, list items dashes), entities decoded, blank runs squeezed.
/// A `<` that does not start a tag ("latency < 5 ms") is kept as text.
fn plain_text_from_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let starts_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(end) if starts_tag => {
                let tag = &after[..end];
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                let is_closing = tag.starts_with('/');
                if name == "li" {
                    // The next item or the list's end breaks the line after an item.
                    if !is_closing {
                        text.push_str("\n- ");
                    }
                } else if BLOCK_TAGS.contains(&name.as_str()) {
                    text.push('\n');
                }
                rest = &after[end + 1..];
            }
            _ => {
                text.push('<');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    squeeze_whitespace(&decode_entities(&text))
}

/// Tags whose start or end breaks a line.
const BLOCK_TAGS: [&str; 18] = [
    "br",
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "blockquote",
    "pre",
    "hr",
    "section",
];

fn decode_entities(text: &str) -> String {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        decoded.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        // Entity names are short; a distant ';' belongs to something else.
        let entity = after
            .char_indices()
            .take(10)
            .find(|&(_, c)| c == ';')
            .and_then(|(end, _)| entity_char(&after[..end]).map(|c| (end, c)));
        match entity {
            Some((end, character)) => {
                decoded.push(character);
                rest = &after[end + 1..];
            }
            None => {
                decoded.push('&');
                rest = after;
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

fn entity_char(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        _ => return None,
    })
}

/// Trims every line, squeezes runs of spaces, and keeps at most one blank line in a row.
fn squeeze_whitespace(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let squeezed = line.split_whitespace().collect::<Vec<_>>().join(" ");
        let after_blank = lines.last().is_none_or(|last| last.is_empty());
        if !squeezed.is_empty() || !after_blank {
            lines.push(squeezed);
        }
    }
    while lines.last().is_some_and(|last| last.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use proptest::prelude::*;

    use super::*;

    const V1_INCIDENT: &[u8] = include_bytes!("../../tests/fixtures/statuspage/v1-incident.json");
    const PUBLIC_V2: &[u8] =
        include_bytes!("../../tests/fixtures/statuspage/public-v2-incident.json");
    const NULL_RESOLVED_AT: &[u8] =
        include_bytes!("../../tests/fixtures/statuspage/null-resolved-at.json");
    const BROKEN_TIME: &[u8] = include_bytes!("../../tests/fixtures/statuspage/broken-time.json");

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

    #[test]
    fn a_v1_incident_becomes_eleven_public_communications_oldest_first() {
        let timeline = import(V1_INCIDENT);

        assert_eq!(timeline.format, Format::Statuspage);
        assert_eq!(timeline.source_ref, "3kxf8m2vq0dn");
        assert_eq!(timeline.entries.len(), 11);
        assert!(timeline.entries.iter().all(|entry| {
            entry.kind == EntryKind::Communication
                && entry.visibility == Visibility::Public
                && entry.actor.is_none()
        }));
        let ids: Vec<&str> = timeline
            .entries
            .iter()
            .map(|e| e.source_ref.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "u01invest001",
                "u02ident1f00",
                "u03mon1tor00",
                "u04invest002",
                "u05invest003",
                "u06ident1f01",
                "u07ident1f02",
                "u08mon1tor01",
                "u09mon1tor02",
                "u10res0lved0",
                "u11pm0rtem00",
            ]
        );
        assert!(
            timeline
                .entries
                .windows(2)
                .all(|pair| pair[0].occurred_at <= pair[1].occurred_at)
        );
        assert!(timeline.warnings.is_empty(), "{:?}", timeline.warnings);
    }

    #[test]
    fn update_times_use_display_at_and_fall_back_to_created_at() {
        let timeline = import(V1_INCIDENT);
        let time_of = |id: &str| {
            timeline
                .entries
                .iter()
                .find(|entry| entry.source_ref == id)
                .map(|entry| entry.occurred_at)
        };

        // display_at 07:10:07-04:00, created eight minutes later.
        assert_eq!(time_of("u01invest001"), Some(utc("2016-10-21T11:10:07Z")));
        assert_eq!(time_of("u03mon1tor00"), Some(utc("2016-10-21T13:20:00Z")));
        // display_at is null here.
        assert_eq!(time_of("u05invest003"), Some(utc("2016-10-21T16:05:47Z")));
    }

    #[test]
    fn a_v1_incident_fills_the_incident_fields() {
        let incident = import(V1_INCIDENT).incident;

        assert_eq!(
            incident.title,
            "DDoS attack against Managed DNS infrastructure"
        );
        assert_eq!(incident.severity.as_deref(), Some("critical"));
        assert_eq!(incident.started_at, Some(utc("2016-10-21T11:02:00Z")));
        assert_eq!(incident.detected_at, Some(utc("2016-10-21T11:10:07Z")));
        assert_eq!(incident.acknowledged_at, None);
        // The first monitoring update, not monitoring_at (the last time it went to monitoring).
        assert_eq!(incident.mitigated_at, Some(utc("2016-10-21T13:20:00Z")));
        assert_eq!(incident.resolved_at, Some(utc("2016-10-21T21:10:41Z")));
        // Null and placeholder components skipped; Dashboard comes from an update.
        assert_eq!(
            incident.affected_services,
            ["Managed DNS", "Traffic Director", "Dashboard"]
        );
    }

    #[test]
    fn the_postmortem_body_becomes_the_summary_as_plain_text() {
        let summary = import(V1_INCIDENT)
            .incident
            .summary
            .expect("postmortem body");

        assert!(summary.starts_with("On Friday, October 21st, our Managed DNS platform"));
        assert!(summary.contains("distributed denial-of-service attack."));
        assert!(summary.contains("\n- Affected: Managed DNS in US-East & Europe\n"));
        assert!(summary.contains("disruption — the full analysis is at our blog."));
        assert!(
            !summary.contains('<') && !summary.contains("&nbsp;"),
            "{summary}"
        );
    }

    #[test]
    fn update_text_starts_with_the_status_and_loses_its_html() {
        let timeline = import(V1_INCIDENT);
        let text_of = |id: &str| {
            timeline
                .entries
                .iter()
                .find(|entry| entry.source_ref == id)
                .map(|entry| entry.text.clone())
                .unwrap_or_default()
        };

        assert!(text_of("u01invest001").starts_with("Investigating: Starting at 11:10 UTC"));
        assert!(text_of("u01invest001").contains("latency & delayed zone propagation"));
        assert_eq!(
            text_of("u02ident1f00"),
            "Identified: The attack is mainly impacting US East and is visible in query \
             resolution for customers' zones.\nCustomers using our Dashboard may also be \
             unable to sign in."
        );
        assert!(text_of("u07ident1f02").contains("(p99 > 2s)"));
        assert_eq!(
            text_of("u10res0lved0"),
            "Resolved: This incident has been resolved. Thank you for your patience 🙏\n\
             한국 고객 여러분께: 서비스가 정상화되었습니다. 불편을 드려 죄송합니다."
        );
        assert!(text_of("u11pm0rtem00").starts_with("Postmortem: We have published a postmortem"));
    }

    #[test]
    fn the_public_v2_list_with_one_incident_imports_it() {
        let timeline = import(PUBLIC_V2);

        assert_eq!(timeline.source_ref, "x0ljvc9m1wxj");
        assert_eq!(
            timeline.incident.title,
            "Elevated card authorization failures"
        );
        assert_eq!(timeline.incident.severity.as_deref(), Some("major"));
        assert_eq!(
            timeline.incident.started_at,
            Some(utc("2019-02-20T18:00:19.411Z"))
        );
        assert_eq!(
            timeline.incident.detected_at,
            Some(utc("2019-02-20T18:00:19.418Z"))
        );
        assert_eq!(
            timeline.incident.mitigated_at,
            Some(utc("2019-02-20T19:11:24.478Z"))
        );
        assert_eq!(
            timeline.incident.resolved_at,
            Some(utc("2019-02-20T19:40:58.572Z"))
        );
        assert_eq!(
            timeline.incident.affected_services,
            ["Card Authorizations", "Payouts API"]
        );
        assert_eq!(timeline.incident.summary, None);

        let statuses: Vec<&str> = timeline
            .entries
            .iter()
            .map(|entry| entry.text.split(':').next().unwrap_or(""))
            .collect();
        assert_eq!(
            statuses,
            ["Investigating", "Identified", "Monitoring", "Resolved"]
        );
        assert_eq!(
            timeline.entries[0].text,
            "Investigating: We are investigating elevated authorization failures for Visa & \
             Mastercard transactions."
        );
        assert_eq!(
            timeline.entries[0].occurred_at,
            utc("2019-02-20T18:00:19.601Z")
        );
        assert!(timeline.warnings.is_empty(), "{:?}", timeline.warnings);
    }

    #[test]
    fn a_null_resolved_at_falls_back_to_the_resolved_update_and_says_so() {
        let timeline = import(NULL_RESOLVED_AT);

        assert_eq!(timeline.source_ref, "hq0t2mbsw7ld");
        assert_eq!(timeline.entries.len(), 4);
        // The first of the two closing "resolved" updates; the later one is a follow-up.
        assert_eq!(
            timeline.incident.resolved_at,
            Some(utc("2021-06-08T10:41:17.003Z"))
        );
        assert_eq!(
            timeline.incident.mitigated_at,
            Some(utc("2021-06-08T10:02:48.310Z"))
        );
        assert!(timeline.incident.affected_services.is_empty());
        assert_eq!(timeline.warnings.len(), 1, "{:?}", timeline.warnings);
        assert!(
            timeline.warnings[0].contains("resolved_at was empty; used the resolved update's time")
        );
    }

    #[test]
    fn a_reopened_incident_is_resolved_at_its_last_resolution() {
        let mut document = fixture_json(NULL_RESOLVED_AT);
        let reopened = serde_json::json!({
            "id": "reopen000001", "status": "investigating",
            "body": "The delays are back for some workspaces.",
            "created_at": "2021-06-08T10:50:00Z", "display_at": "2021-06-08T10:50:00Z"
        });
        if let Some(Value::Array(updates)) = document.pointer_mut("/incident/incident_updates") {
            updates.insert(1, reopened);
        }

        let timeline = import_json(&document).expect("imports");

        assert_eq!(
            timeline.incident.resolved_at,
            Some(utc("2021-06-08T10:55:00Z"))
        );
    }

    #[test]
    fn a_bad_time_names_its_json_path_the_value_and_the_expected_form() {
        let error = parse(BROKEN_TIME, &ImportOptions::default()).expect_err("bad time");

        assert_eq!(
            error.location.as_deref(),
            Some("$.incident.incident_updates[3].display_at")
        );
        assert!(
            error.message.contains("20/02/2019 10:00 AM"),
            "{}",
            error.message
        );
        assert!(error.message.contains("RFC 3339"), "{}", error.message);
    }

    #[test]
    fn a_time_of_the_wrong_type_is_located_too() {
        let mut document = fixture_json(V1_INCIDENT);
        document["created_at"] = serde_json::json!(1477048207);

        let error = import_json(&document).expect_err("number is not a time");

        assert_eq!(error.location.as_deref(), Some("$.created_at"));
        assert!(
            error.message.contains("the number 1477048207"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_time_without_offset_needs_a_time_zone() {
        let mut document = fixture_json(PUBLIC_V2);
        document["incidents"][0]["created_at"] = serde_json::json!("2019-02-20T10:00:19");

        let error = import_json(&document).expect_err("no offset");
        assert_eq!(error.location.as_deref(), Some("$.incidents[0].created_at"));
        assert!(error.message.contains("no UTC offset"), "{}", error.message);

        let options = ImportOptions {
            timezone: Some(chrono_tz::America::Los_Angeles),
        };
        let timeline = parse(document.to_string().as_bytes(), &options).expect("imports");
        assert_eq!(
            timeline.incident.detected_at,
            Some(utc("2019-02-20T18:00:19Z"))
        );
    }

    #[test]
    fn invalid_json_is_located_by_line_and_column() {
        let truncated = &V1_INCIDENT[..V1_INCIDENT.len() / 2];

        let error = parse(truncated, &ImportOptions::default()).expect_err("truncated");

        let location = error.location.unwrap_or_default();
        assert!(location.starts_with("line "), "{location}");
        assert!(location.contains("column"), "{location}");
        assert!(
            error.message.starts_with("not valid JSON"),
            "{}",
            error.message
        );
    }

    #[test]
    fn empty_input_is_refused_clearly() {
        for input in [&b""[..], b"  \n\t ", b"\xEF\xBB\xBF"] {
            let error = parse(input, &ImportOptions::default()).expect_err("empty");
            assert!(error.message.contains("empty"), "{}", error.message);
        }
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let with_bom = [&b"\xEF\xBB\xBF"[..], PUBLIC_V2].concat();

        assert!(looks_like(&with_bom));
        assert_eq!(import(&with_bom).source_ref, "x0ljvc9m1wxj");
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));

        let error = parse(deep.as_bytes(), &ImportOptions::default()).expect_err("too deep");

        assert!(error.message.contains("nested deeper"), "{}", error.message);
    }

    #[test]
    fn several_incidents_are_refused_with_their_ids_and_names() {
        let mut document = fixture_json(PUBLIC_V2);
        let mut second = document["incidents"][0].clone();
        second["id"] = serde_json::json!("zz9plural0zz");
        second["name"] = serde_json::json!("Dashboard slow");
        if let Some(Value::Array(incidents)) = document.get_mut("incidents") {
            incidents.push(second);
        }

        let error = import_json(&document).expect_err("two incidents");

        assert_eq!(error.location.as_deref(), Some("$.incidents"));
        assert!(
            error.message.contains("holds 2 incidents"),
            "{}",
            error.message
        );
        assert!(
            error
                .message
                .contains("x0ljvc9m1wxj (\"Elevated card authorization failures\")")
        );
        assert!(error.message.contains("zz9plural0zz (\"Dashboard slow\")"));
    }

    #[test]
    fn an_empty_incident_list_is_refused() {
        let error = import_json(&serde_json::json!({"page": {}, "incidents": []}))
            .expect_err("no incidents");

        assert!(error.message.contains("no incidents"), "{}", error.message);
    }

    #[test]
    fn a_v1_list_of_one_incident_imports_it() {
        let document = Value::Array(vec![fixture_json(V1_INCIDENT)]);

        let timeline = import_json(&document).expect("imports");

        assert_eq!(timeline.source_ref, "3kxf8m2vq0dn");
        assert_eq!(timeline.entries.len(), 11);
    }

    #[test]
    fn other_json_is_refused_as_not_statuspage() {
        let error = import_json(&serde_json::json!({"log_entries": []})).expect_err("not ours");

        assert_eq!(error.location.as_deref(), Some("$"));
        assert!(
            error.message.contains("not a Statuspage incident"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_missing_incident_id_is_refused() {
        let mut document = fixture_json(V1_INCIDENT);
        if let Some(object) = document.as_object_mut() {
            object.remove("id");
        }

        let error = import_json(&document).expect_err("no id");

        assert_eq!(error.location.as_deref(), Some("$.id"));
    }

    #[test]
    fn updates_posted_in_the_same_second_keep_their_posting_order() {
        let document = serde_json::json!({
            "id": "same0second0", "name": "Tie", "status": "resolved",
            "created_at": "2020-01-01T00:00:00Z", "resolved_at": "2020-01-01T00:00:00Z",
            "incident_updates": [
                {"id": "third", "status": "resolved", "body": "c", "display_at": "2020-01-01T00:00:00Z"},
                {"id": "second", "status": "monitoring", "body": "b", "display_at": "2020-01-01T00:00:00Z"},
                {"id": "first", "status": "investigating", "body": "a", "display_at": "2019-12-31T23:59:00Z"}
            ]
        });

        let timeline = import_json(&document).expect("imports");

        let ids: Vec<&str> = timeline
            .entries
            .iter()
            .map(|e| e.source_ref.as_str())
            .collect();
        assert_eq!(ids, ["first", "second", "third"]);
    }

    #[test]
    fn updates_without_ids_get_content_refs_and_repeats_are_dropped() {
        let document = serde_json::json!({
            "id": "n0ids0000000", "name": "No ids", "status": "resolved",
            "created_at": "2020-01-01T00:00:00Z", "resolved_at": "2020-01-01T01:00:00Z",
            "incident_updates": [
                {"status": "resolved", "body": "Fixed.", "display_at": "2020-01-01T01:00:00Z"},
                {"status": "resolved", "body": "Fixed.", "display_at": "2020-01-01T01:00:00Z"},
                {"status": "investigating", "body": "Looking.", "display_at": "2020-01-01T00:00:00Z"}
            ]
        });

        let timeline = import_json(&document).expect("imports");

        assert_eq!(timeline.entries.len(), 2);
        assert_eq!(timeline.entries[0].source_ref.len(), 24);
        assert!(timeline.warnings.iter().any(|w| w.contains("listed twice")));
    }

    #[test]
    fn an_open_incident_is_imported_with_a_warning() {
        let mut document = fixture_json(PUBLIC_V2);
        document["incidents"][0]["status"] = serde_json::json!("monitoring");
        document["incidents"][0]["resolved_at"] = Value::Null;
        if let Some(Value::Array(updates)) = document.pointer_mut("/incidents/0/incident_updates") {
            updates.remove(0);
        }

        let timeline = import_json(&document).expect("imports");

        assert_eq!(timeline.incident.resolved_at, None);
        assert!(timeline.warnings.iter().any(|w| w.contains("still open")));
    }

    #[test]
    fn looks_like_finds_statuspage_json_only() {
        assert!(looks_like(V1_INCIDENT));
        assert!(looks_like(PUBLIC_V2));
        assert!(looks_like(NULL_RESOLVED_AT));
        assert!(!looks_like(
            br#"{"log_entries": [{"type": "trigger_log_entry"}]}"#
        ));
        assert!(!looks_like(
            b"time,kind,text\n2020-01-01,note,\"incident_updates\""
        ));
        assert!(!looks_like(b""));
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(plain_text_from_html("a <b>bold</b> move"), "a bold move");
        assert_eq!(
            plain_text_from_html("latency < 5 ms & x<y"),
            "latency < 5 ms & x<y"
        );
        assert_eq!(
            plain_text_from_html("one<br>two<br/>three"),
            "one\ntwo\nthree"
        );
        assert_eq!(
            plain_text_from_html("<p>one</p>\n\n\n<p>two</p>"),
            "one\n\ntwo"
        );
        assert_eq!(
            plain_text_from_html("&lt;script&gt; &amp;amp; &#39;x&#x27; &bogus;"),
            "<script> &amp; 'x' &bogus;"
        );
        assert_eq!(
            plain_text_from_html("<ul><li>a</li><li>b</li></ul>"),
            "- a\n- b"
        );
        assert_eq!(
            plain_text_from_html("unclosed <a href="),
            "unclosed <a href="
        );
        assert_eq!(
            plain_text_from_html("&#0; &#xD800; &#99999999999;"),
            "&#0; &#xD800; &#99999999999;"
        );
        assert_eq!(
            plain_text_from_html("서비스 <i>정상화</i> 🎉"),
            "서비스 정상화 🎉"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _outcome = parse(&bytes, &ImportOptions::default());
            let _detected = looks_like(&bytes);
        }

        #[test]
        fn a_truncated_fixture_never_panics(cut in 0..V1_INCIDENT.len()) {
            let _outcome = parse(&V1_INCIDENT[..cut], &ImportOptions::default());
        }

        #[test]
        fn a_fixture_with_a_flipped_byte_never_panics(
            position in 0..V1_INCIDENT.len(),
            byte in any::<u8>(),
        ) {
            let mut mutated = V1_INCIDENT.to_vec();
            mutated[position] = byte;
            let _outcome = parse(&mutated, &ImportOptions::default());
        }

        #[test]
        fn any_text_in_a_body_never_panics(body in "\\PC*") {
            let document = serde_json::json!({
                "id": "prop", "name": "p",
                "incident_updates": [{"id": "u", "status": "investigating", "body": body,
                                      "display_at": "2020-01-01T00:00:00Z"}]
            });
            prop_assert!(import_json(&document).is_ok());
        }
    }
}
