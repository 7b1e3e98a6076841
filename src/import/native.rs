//! Hindsight's own JSON timeline format (documented in docs/import-format.md, schema at
//! /api/v1/schema/import.json).

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{
    EntryDraft, Format, ImportError, ImportOptions, IncidentDraft, Timeline, check_json_depth,
    content_ref,
};
use crate::incidents::kinds::{EntryKind, Visibility};
use crate::t;

/// The JSON Schema of the format, served to integrators.
pub const SCHEMA: &str = include_str!("../../docs/import-schema.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    #[serde(default, rename = "$schema")]
    _schema: Option<String>,
    incident: IncidentFields,
    entries: Vec<EntryFields>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IncidentFields {
    id: String,
    title: String,
    severity: Option<String>,
    summary: Option<String>,
    customer_impact: Option<String>,
    #[serde(default)]
    affected_services: Vec<String>,
    started_at: Option<String>,
    detected_at: Option<String>,
    acknowledged_at: Option<String>,
    mitigated_at: Option<String>,
    resolved_at: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFields {
    occurred_at: String,
    kind: String,
    actor: Option<String>,
    text: String,
    #[serde(default)]
    visibility: Option<String>,
    source_ref: Option<String>,
}

/// True for JSON that has our top-level `incident` and `entries`.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    head.trim_start().starts_with('{') && head.contains("\"entries\"")
}

pub fn parse(bytes: &[u8], _options: &ImportOptions) -> Result<Timeline, ImportError> {
    check_json_depth(bytes, &t!("import-input"))?;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let document: Document = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let inner = e.inner();
        let path = e.path().to_string();
        let place = if inner.is_syntax() || inner.is_eof() || path == "." {
            t!(
                "import-at-line-column",
                line = inner.line(),
                column = inner.column()
            )
        } else {
            format!("$.{path}")
        };
        ImportError::at(place, strip_position(&inner.to_string()))
    })?;

    let time =
        |value: &Option<String>, path: &str| value.as_deref().map(|v| rfc3339(v, path)).transpose();
    let fields = &document.incident;
    if fields.title.trim().is_empty() {
        return Err(ImportError::at(
            "$.incident.title",
            t!("import-error-empty-title"),
        ));
    }
    let incident = IncidentDraft {
        title: fields.title.trim().to_owned(),
        severity: fields.severity.clone(),
        summary: fields.summary.clone(),
        customer_impact: fields.customer_impact.clone(),
        affected_services: fields.affected_services.clone(),
        started_at: time(&fields.started_at, "$.incident.started_at")?,
        detected_at: time(&fields.detected_at, "$.incident.detected_at")?,
        acknowledged_at: time(&fields.acknowledged_at, "$.incident.acknowledged_at")?,
        mitigated_at: time(&fields.mitigated_at, "$.incident.mitigated_at")?,
        resolved_at: time(&fields.resolved_at, "$.incident.resolved_at")?,
    };

    let mut entries = Vec::with_capacity(document.entries.len());
    for (i, entry) in document.entries.iter().enumerate() {
        let at = |field: &str| format!("$.entries[{i}].{field}");
        let occurred_at = rfc3339(&entry.occurred_at, &at("occurred_at"))?;
        let kind: EntryKind =
            entry
                .kind
                .parse()
                .map_err(|e: crate::incidents::kinds::UnknownKind| {
                    ImportError::at(at("kind"), e.to_string())
                })?;
        let visibility: Visibility = entry
            .visibility
            .as_deref()
            .unwrap_or("internal")
            .parse()
            .map_err(|e: String| ImportError::at(at("visibility"), e))?;
        if entry.text.trim().is_empty() {
            return Err(ImportError::at(at("text"), t!("import-error-empty-text")));
        }
        let actor = entry.actor.clone().filter(|a| !a.trim().is_empty());
        let source_ref = entry
            .source_ref
            .clone()
            .unwrap_or_else(|| content_ref(occurred_at, actor.as_deref(), &entry.text));
        entries.push(EntryDraft {
            occurred_at,
            kind,
            actor,
            text: entry.text.clone(),
            visibility,
            source_ref,
        });
    }
    Ok(Timeline {
        format: Format::Native,
        source_ref: fields.id.clone(),
        incident,
        entries,
        warnings: Vec::new(),
    })
}

/// serde_json appends " at line L column C"; we report the place separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message.to_owned(),
    }
}

fn rfc3339(value: &str, path: &str) -> Result<DateTime<Utc>, ImportError> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            ImportError::at(
                path,
                t!("import-error-not-rfc3339", value = format!("{value:?}")),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/native/dyn-ddos.json");

    #[test]
    fn the_fixture_imports_with_its_entries_in_utc() {
        let timeline = parse(FIXTURE, &ImportOptions::default()).unwrap();
        assert_eq!(timeline.source_ref, "dyn-2016-10-21");
        assert!(timeline.entries.len() >= 11);
        let first = &timeline.entries[0];
        assert_eq!(first.occurred_at.to_rfc3339(), "2016-10-21T11:10:00+00:00");
        let public_updates = timeline
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Communication && e.visibility == Visibility::Public)
            .count();
        assert_eq!(public_updates, 11);
    }

    #[test]
    fn errors_name_the_json_path() {
        let bad_time = br#"{"incident":{"id":"x","title":"T"},"entries":[{"occurred_at":"2016-10-21T11:10:00Z","kind":"note","text":"a"},{"occurred_at":"yesterday","kind":"note","text":"b"}]}"#;
        let error = parse(bad_time, &ImportOptions::default()).unwrap_err();
        assert_eq!(error.location.as_deref(), Some("$.entries[1].occurred_at"));
        assert!(error.message.contains("\"yesterday\""));

        let bad_kind = br#"{"incident":{"id":"x","title":"T"},"entries":[{"occurred_at":"2016-10-21T11:10:00Z","kind":"panic","text":"a"}]}"#;
        let error = parse(bad_kind, &ImportOptions::default()).unwrap_err();
        assert_eq!(error.location.as_deref(), Some("$.entries[0].kind"));
        assert!(error.message.contains("expected one of alert"));

        let missing = br#"{"incident":{"id":"x"},"entries":[]}"#;
        let error = parse(missing, &ImportOptions::default()).unwrap_err();
        assert!(error.message.contains("missing field `title`"), "{error}");

        let syntax = b"{\"incident\": {\n  \"id\": \"x\",\n  oops }";
        let error = parse(syntax, &ImportOptions::default()).unwrap_err();
        assert_eq!(error.location.as_deref(), Some("line 3, column 3"));
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let error = parse(deep.as_bytes(), &ImportOptions::default()).unwrap_err();
        assert!(error.message.contains("nested deeper"));
    }
}
