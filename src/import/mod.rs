//! Importing finished incident timelines. Every source format has one file here and
//! produces the same `Timeline`; writing it to the database is shared.

pub mod apply;
pub mod csv;
pub mod drafts;
pub mod json;
pub mod markdown;
pub mod native;
pub mod pagerduty;
pub mod routes;
pub mod slack;
pub mod statuspage;
pub mod timezones;

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::incidents::kinds::{EntryKind, Visibility};
use crate::t;

/// The source formats Hindsight reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Native,
    Csv,
    Markdown,
    Statuspage,
    Pagerduty,
    Slack,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Native => "native",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Statuspage => "statuspage",
            Format::Pagerduty => "pagerduty",
            Format::Slack => "slack",
        }
    }
}

/// What an importer made of its input: the incident, its entries, and what the reader
/// should know before committing (out-of-order entries, dropped messages, …).
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    pub format: Format,
    /// The incident's identity in its source (a Statuspage or PagerDuty incident id, a
    /// Slack channel id…), so that importing it again finds the same incident.
    pub source_ref: String,
    pub incident: IncidentDraft,
    pub entries: Vec<EntryDraft>,
    pub warnings: Vec<String>,
}

/// The incident's fields as the source knows them; anything unknown stays `None`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncidentDraft {
    pub title: String,
    /// Free text from the source ("critical", "P1", "major"…).
    pub severity: Option<String>,
    pub summary: Option<String>,
    pub customer_impact: Option<String>,
    pub affected_services: Vec<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub detected_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub mitigated_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// One timeline entry, times in UTC.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryDraft {
    pub occurred_at: DateTime<Utc>,
    pub kind: EntryKind,
    /// A person or system; `None` when the source does not say.
    pub actor: Option<String>,
    pub text: String,
    pub visibility: Visibility,
    /// The entry's identity in its source (a message `ts`, a log entry id, or a hash of
    /// its time and text), unique within the incident: re-imports skip known entries.
    pub source_ref: String,
}

/// Options that change how input is read.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// IANA zone for times written without one (`Europe/Berlin`); without it such times
    /// are refused.
    pub timezone: Option<chrono_tz::Tz>,
}

/// Input that could not be read, and where: `location` names the file (inside a zip),
/// line and column, or JSON path, e.g. `channel/2016-10-21.json: $[4].ts`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub message: String,
    pub location: Option<String>,
}

impl ImportError {
    pub fn at(location: impl Into<String>, message: impl Into<String>) -> ImportError {
        ImportError {
            message: message.into(),
            location: Some(location.into()),
        }
    }

    pub fn new(message: impl Into<String>) -> ImportError {
        ImportError {
            message: message.into(),
            location: None,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// Limits that keep hostile input from exhausting memory.
pub mod limits {
    /// Deepest JSON nesting accepted.
    pub const MAX_JSON_DEPTH: usize = 64;
    /// Most entries in a zip archive.
    pub const MAX_ZIP_ENTRIES: usize = 20_000;
    /// Most bytes a zip archive may expand to, in all.
    pub const MAX_UNZIPPED_BYTES: u64 = 512 * 1024 * 1024;
}

/// A stable reference for an entry that has no id in its source: a hash of its time,
/// actor and text, so the same entry imported again is recognised.
pub fn content_ref(occurred_at: DateTime<Utc>, actor: Option<&str>, text: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(occurred_at.timestamp_millis().to_be_bytes());
    hasher.update(actor.unwrap_or("").as_bytes());
    hasher.update([0]);
    hasher.update(text.as_bytes());
    hasher
        .finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks JSON nesting depth before parsing, so a deeply nested document is refused with
/// a location instead of exhausting the parser's stack.
pub fn check_json_depth(bytes: &[u8], file: &str) -> Result<(), ImportError> {
    let (mut depth, mut in_string, mut escaped, mut line) = (0usize, false, false, 1usize);
    for &byte in bytes {
        if byte == b'\n' {
            line += 1;
        }
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limits::MAX_JSON_DEPTH {
                    return Err(ImportError::at(
                        format!("{file}: {}", t!("import-at-line", line = line)),
                        t!("import-error-json-depth", levels = limits::MAX_JSON_DEPTH),
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Gives identical entries (same time, actor and text) distinct references, `ref#2`…, so
/// both are kept, and warns about them.
pub fn number_duplicate_refs(entries: &mut [EntryDraft], warnings: &mut Vec<String>) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut duplicates = 0;
    for entry in entries.iter_mut() {
        let count = seen.entry(entry.source_ref.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            duplicates += 1;
            entry.source_ref = format!("{}#{count}", entry.source_ref);
        }
    }
    if duplicates > 0 {
        warnings.push(t!("import-warning-duplicates", count = duplicates));
    }
}

/// Guesses the format from the first bytes: a zip is a Slack export; JSON is Statuspage,
/// PagerDuty or ours by their telltale fields; a header row with our columns is CSV;
/// anything else is read as a Markdown or plain-text timeline.
pub fn detect(bytes: &[u8]) -> Format {
    if slack::looks_like(bytes) {
        Format::Slack
    } else if statuspage::looks_like(bytes) {
        Format::Statuspage
    } else if pagerduty::looks_like(bytes) {
        Format::Pagerduty
    } else if native::looks_like(bytes) {
        Format::Native
    } else if csv::looks_like(bytes) {
        Format::Csv
    } else {
        Format::Markdown
    }
}

/// Parses one uploaded file in `format` (detected when `None`).
pub fn parse(
    bytes: &[u8],
    format: Option<Format>,
    options: &ImportOptions,
) -> Result<Timeline, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::new(t!("import-error-empty-file")));
    }
    let timeline = match format.unwrap_or_else(|| detect(bytes)) {
        Format::Native => native::parse(bytes, options),
        Format::Csv => csv::parse(bytes, options),
        Format::Markdown => markdown::parse(bytes, options),
        Format::Statuspage => statuspage::parse(bytes, options),
        Format::Pagerduty => pagerduty::parse(bytes, options),
        Format::Slack => slack::parse_zip(bytes, options),
    }?;
    check_sizes(timeline)
}

/// Longest entry text kept, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Refuses timelines whose fields would not fit the pages that show them.
fn check_sizes(timeline: Timeline) -> Result<Timeline, ImportError> {
    if timeline.incident.title.chars().count() > 300 {
        return Err(ImportError::at(
            t!("import-at-incident-title"),
            t!("import-error-title-too-long"),
        ));
    }
    for (i, entry) in timeline.entries.iter().enumerate() {
        if entry.text.chars().count() > MAX_TEXT_CHARS {
            return Err(ImportError::at(
                t!(
                    "import-at-entry-time",
                    number = i + 1,
                    time = entry.occurred_at.to_rfc3339()
                ),
                t!("import-error-text-too-long", max = MAX_TEXT_CHARS),
            ));
        }
    }
    Ok(timeline)
}

impl From<ImportError> for crate::error::AppError {
    fn from(error: ImportError) -> crate::error::AppError {
        crate::error::AppError::Invalid {
            message: error.message,
            location: error.location,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const FORMATS: [Option<Format>; 7] = [
        None,
        Some(Format::Native),
        Some(Format::Csv),
        Some(Format::Markdown),
        Some(Format::Statuspage),
        Some(Format::Pagerduty),
        Some(Format::Slack),
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever arrives, every importer answers with a timeline or an error.
        #[test]
        fn no_input_makes_any_importer_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            for format in FORMATS {
                let _outcome = parse(&bytes, format, &ImportOptions::default());
            }
        }

        /// Text that looks almost right (the usual real-world case) is no different.
        #[test]
        fn near_miss_text_makes_no_importer_panic(text in "[-0-9:TZ ,\\n\\[\\]{}\"a-z#*|<>@.]{0,400}") {
            for format in FORMATS {
                let _outcome = parse(text.as_bytes(), format, &ImportOptions::default());
            }
        }
    }

    #[test]
    fn formats_are_detected_from_their_first_bytes() {
        let fixture = |path: &str| {
            std::fs::read(format!(
                "{}/tests/fixtures/{path}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        assert_eq!(detect(&fixture("native/dyn-ddos.json")), Format::Native);
        assert_eq!(detect(&fixture("csv/checkout-errors.csv")), Format::Csv);
        assert_eq!(
            detect(&fixture("statuspage/v1-incident.json")),
            Format::Statuspage
        );
        assert_eq!(
            detect(&fixture("pagerduty/log-entries-only.json")),
            Format::Pagerduty
        );
        assert_eq!(
            detect(&fixture("markdown/github-2018.md")),
            Format::Markdown
        );
        assert_eq!(detect(b"PK\x03\x04rest of a zip"), Format::Slack);
    }
}
