//! CSV timelines: a header row, then one entry per row. Columns `time`, `actor`, `kind`,
//! `text` and optionally `visibility`, in any order; RFC 4180 quoting (multi-line fields
//! too); UTF-8 with or without a byte-order mark.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

use super::{EntryDraft, Format, ImportError, ImportOptions, IncidentDraft, Timeline, content_ref};
use crate::incidents::kinds::{EntryKind, Visibility};
use crate::t;

const REQUIRED: [&str; 4] = ["time", "actor", "kind", "text"];

/// True when the first line looks like our header.
pub fn looks_like(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let columns: Vec<&str> = header
        .split(',')
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    REQUIRED.iter().all(|r| columns.contains(r))
}

pub fn parse(bytes: &[u8], options: &ImportOptions) -> Result<Timeline, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        return Err(ImportError::at(
            t!("import-at-line", line = line),
            t!("import-error-csv-utf8"),
        ));
    }
    // The csv crate counts lines one too low after \r\n line ends (rust-csv#395), and
    // browsers send pasted text with them: read every line end as \n.
    let normalized = normalize_line_ends(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(normalized.as_slice());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| located(&e, &t!("import-error-csv-header-unreadable")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|r| column(r).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::at(
            t!("import-at-line", line = 1),
            t!(
                "import-error-csv-missing-columns",
                missing = missing.join(", "),
                found = header.join(", ")
            ),
        ));
    }
    let (time_at, actor_at, kind_at, text_at) = (
        column("time"),
        column("actor"),
        column("kind"),
        column("text"),
    );
    let visibility_at = column("visibility");

    let mut entries: Vec<EntryDraft> = Vec::new();
    let mut warnings = Vec::new();
    let mut naive_times = 0;
    for record in reader.records() {
        let record = record.map_err(|e| located(&e, &t!("import-error-csv-row-unreadable")))?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or("").trim();
        let place = |name: &str| t!("import-at-line-field", line = line, column = name);

        let (occurred_at, was_naive) = parse_time(field(time_at), options, &place("time"))?;
        naive_times += usize::from(was_naive);
        let kind = match field(kind_at) {
            "" => EntryKind::Note,
            text => text
                .parse()
                .map_err(|e: crate::incidents::kinds::UnknownKind| {
                    ImportError::at(place("kind"), e.to_string())
                })?,
        };
        let visibility: Visibility = field(visibility_at)
            .parse()
            .map_err(|e: String| ImportError::at(place("visibility"), e))?;
        let text = field(text_at);
        if text.is_empty() {
            return Err(ImportError::at(
                place("text"),
                t!("import-error-empty-text"),
            ));
        }
        let actor = Some(field(actor_at).to_owned()).filter(|a| !a.is_empty());
        if entries
            .last()
            .is_some_and(|previous| previous.occurred_at > occurred_at)
        {
            warnings.push(format!(
                "{}: {}",
                t!("import-at-line", line = line),
                t!("import-warning-csv-order")
            ));
        }
        entries.push(EntryDraft {
            source_ref: content_ref(occurred_at, actor.as_deref(), text),
            occurred_at,
            kind,
            actor,
            text: text.to_owned(),
            visibility,
        });
    }
    if entries.is_empty() {
        return Err(ImportError::at(
            t!("import-at-line", line = 2),
            t!("import-error-csv-no-entries"),
        ));
    }
    if naive_times > 0 {
        warnings.push(t!("import-warning-naive-times", count = naive_times));
    }
    super::number_duplicate_refs(&mut entries, &mut warnings);
    let first = entries.iter().map(|e| e.occurred_at).min();
    Ok(Timeline {
        format: Format::Csv,
        // CSV carries no incident id: the first entry identifies the incident, so a longer
        // export of the same incident finds it again.
        source_ref: entries
            .first()
            .map(|e| e.source_ref.clone())
            .unwrap_or_default(),
        incident: IncidentDraft {
            title: t!(
                "import-title-csv",
                date = first
                    .map(|time| crate::i18n::date(time.date_naive()))
                    .unwrap_or_default()
            ),
            started_at: first,
            ..IncidentDraft::default()
        },
        entries,
        warnings,
    })
}

fn normalize_line_ends(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut iter = bytes.iter().peekable();
    while let Some(&byte) = iter.next() {
        if byte == b'\r' && iter.peek() == Some(&&b'\n') {
            continue;
        }
        out.push(byte);
    }
    out
}

fn located(error: &csv::Error, what: &str) -> ImportError {
    let line = error.position().map(|p| p.line());
    let detail = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => t!(
            "import-error-csv-field-count",
            problem = what,
            found = *len,
            expected = *expected_len
        ),
        _ => format!("{what}: {error}"),
    };
    match line {
        Some(line) => ImportError::at(t!("import-at-line", line = line), detail),
        None => ImportError::new(detail),
    }
}

/// Reads RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` in the `--timezone` zone. Returns whether
/// the time had no zone of its own.
fn parse_time(
    value: &str,
    options: &ImportOptions,
    place: &str,
) -> Result<(DateTime<Utc>, bool), ImportError> {
    if let Ok(time) = DateTime::parse_from_rfc3339(value) {
        return Ok((time.with_timezone(&Utc), false));
    }
    let naive = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
    .ok_or_else(|| {
        ImportError::at(
            place,
            t!("import-error-csv-not-a-time", value = format!("{value:?}")),
        )
    })?;
    let zone = options.timezone.ok_or_else(|| {
        ImportError::at(
            place,
            t!("import-error-csv-no-zone", value = format!("{value:?}")),
        )
    })?;
    let local = zone.from_local_datetime(&naive).earliest().ok_or_else(|| {
        ImportError::at(
            place,
            t!(
                "import-error-skipped-time",
                value = format!("{value:?}"),
                zone = zone.name()
            ),
        )
    })?;
    Ok((local.with_timezone(&Utc), true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_any_order_with_quotes_and_a_bom() {
        let input = "\u{feff}Text,Kind,Time,Actor,Visibility\n\"Paged the DB team, then waited\",escalation,2018-10-21T22:54:00Z,Mina,\n\"A note\nover two lines\",note,2018-10-21T22:52:00Z,,internal\n\"Status: \"\"degraded\"\"\",communication,2018-10-21T23:09:00Z,Status page,public\n";
        let timeline = parse(input.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(timeline.entries.len(), 3);
        assert_eq!(timeline.entries[0].text, "Paged the DB team, then waited");
        assert_eq!(timeline.entries[1].text, "A note\nover two lines");
        assert_eq!(timeline.entries[1].actor, None);
        assert_eq!(timeline.entries[2].text, "Status: \"degraded\"");
        assert_eq!(timeline.entries[2].visibility, Visibility::Public);
        assert_eq!(timeline.warnings.len(), 1, "{:?}", timeline.warnings);
        assert!(timeline.warnings[0].starts_with("line 3"));
    }

    #[test]
    fn naive_times_need_a_zone() {
        let input = "time,actor,kind,text\n2018-10-21 15:52,Ana,note,Started\n";
        let error = parse(input.as_bytes(), &ImportOptions::default()).unwrap_err();
        assert_eq!(error.location.as_deref(), Some("line 2, column time"));
        assert!(error.message.contains("--timezone"));

        let options = ImportOptions {
            timezone: Some(chrono_tz::America::Los_Angeles),
        };
        let timeline = parse(input.as_bytes(), &options).unwrap();
        assert_eq!(
            timeline.entries[0].occurred_at.to_rfc3339(),
            "2018-10-21T22:52:00+00:00"
        );
    }

    #[test]
    fn errors_say_which_line_and_column() {
        let missing = parse(b"time,who,text\n", &ImportOptions::default()).unwrap_err();
        assert!(missing.message.contains("actor, kind"), "{missing}");

        let bad_kind = "time,actor,kind,text\n2018-10-21T22:52:00Z,Ana,panic,x\n";
        let error = parse(bad_kind.as_bytes(), &ImportOptions::default()).unwrap_err();
        assert_eq!(error.location.as_deref(), Some("line 2, column kind"));

        let short_row = "time,actor,kind,text\n2018-10-21T22:52:00Z,Ana,note\n";
        let error = parse(short_row.as_bytes(), &ImportOptions::default()).unwrap_err();
        assert_eq!(error.location.as_deref(), Some("line 2"));
        assert!(error.message.contains("3 fields where the header has 4"));

        let windows = "time,actor,kind,text\r\n2018-10-21T22:52:00Z,Ana,note,x\r\n2018-10-21 22:53,Ana,note,y\r\n";
        let error = parse(windows.as_bytes(), &ImportOptions::default()).unwrap_err();
        assert_eq!(
            error.location.as_deref(),
            Some("line 3, column time"),
            "Windows line ends count right"
        );

        let not_utf8 = b"time,actor,kind,text\n2018-10-21T22:52:00Z,\xff,note,x\n";
        let error = parse(not_utf8, &ImportOptions::default()).unwrap_err();
        assert_eq!(error.location.as_deref(), Some("line 2"));
    }
}
