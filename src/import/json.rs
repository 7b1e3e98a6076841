//! Reading JSON exports (Statuspage, PagerDuty): the file, typed fields with their JSON
//! path in every error, and times with offsets.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use serde_json::{Map, Value};

use super::{ImportError, ImportOptions, check_json_depth};
use crate::t;

/// How a time must be written, quoted in errors.
pub fn expected_time() -> String {
    t!("import-expected-time")
}

/// Parses a JSON document; `expected` says what the file should hold ("PagerDuty log
/// entries") for the error about an empty file.
pub fn read_json(bytes: &[u8], expected: &str) -> Result<Value, ImportError> {
    // Files saved by Windows tools often start with a byte order mark, which JSON forbids.
    let bytes = without_bom(bytes);
    if bytes.trim_ascii().is_empty() {
        return Err(ImportError::new(t!(
            "import-error-empty-json",
            expected = expected
        )));
    }
    check_json_depth(bytes, &t!("import-input"))?;
    serde_json::from_slice(bytes).map_err(|error| syntax_error(&error, None))
}

/// A JSON syntax error at its line and column, after `file` when the input has several.
pub fn syntax_error(error: &serde_json::Error, file: Option<&str>) -> ImportError {
    let at = t!(
        "import-at-line-column",
        line = error.line(),
        column = error.column()
    );
    ImportError::at(
        match file {
            Some(file) => format!("{file}: {at}"),
            None => at,
        },
        t!("import-error-invalid-json", detail = json_error_text(error)),
    )
}

/// A string field; `None` when absent or null, an error when it holds something else.
pub fn optional_str<'a>(
    object: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, ImportError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(ImportError::at(
            format!("{path}.{key}"),
            t!("import-error-expected-text", found = describe(other)),
        )),
    }
}

/// A time field; `None` when absent, null or empty.
pub fn optional_time(
    object: &Map<String, Value>,
    key: &str,
    path: &str,
    options: &ImportOptions,
) -> Result<Option<DateTime<Utc>>, ImportError> {
    let field_path = format!("{path}.{key}");
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => parse_time(text, &field_path, options).map(Some),
        Some(other) => Err(ImportError::at(
            field_path,
            t!(
                "import-error-expected-time",
                found = describe(other),
                expected = expected_time()
            ),
        )),
    }
}

/// An RFC 3339 time; a time without an offset only with `options.timezone`.
pub fn parse_time(
    text: &str,
    path: &str,
    options: &ImportOptions,
) -> Result<DateTime<Utc>, ImportError> {
    let trimmed = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(time.with_timezone(&Utc));
    }
    // Offsets without a colon ("-0800") are not RFC 3339 but appear in hand-made exports.
    if let Ok(time) = DateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Ok(time.with_timezone(&Utc));
    }
    let without_offset = NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%d %H:%M:%S%.f"));
    let Ok(local) = without_offset else {
        return Err(ImportError::at(
            path,
            t!(
                "import-error-not-a-time",
                value = format!("{:?}", shortened(text)),
                expected = expected_time()
            ),
        ));
    };
    let Some(zone) = options.timezone else {
        return Err(ImportError::at(
            path,
            t!(
                "import-error-no-offset",
                value = format!("{:?}", shortened(text)),
                expected = expected_time()
            ),
        ));
    };
    match zone.from_local_datetime(&local) {
        LocalResult::Single(time) => Ok(time.with_timezone(&Utc)),
        // A repeated hour (clocks going back) is read as its first occurrence; the APIs
        // always write offsets, so only hand-edited files get here.
        LocalResult::Ambiguous(earliest, _) => Ok(earliest.with_timezone(&Utc)),
        LocalResult::None => Err(ImportError::at(
            path,
            t!(
                "import-error-skipped-time",
                value = format!("{:?}", shortened(text)),
                zone = zone.name()
            ),
        )),
    }
}

/// serde_json's message without its trailing position, which the location already gives.
pub fn json_error_text(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&position).unwrap_or(&text).to_owned()
}

/// A JSON value as an error message names it.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("{flag}"),
        // The number as written: as a Fluent number it would be reformatted.
        Value::Number(number) => t!("import-json-number", number = number.to_string()),
        Value::String(text) => t!("import-json-text", text = format!("{:?}", shortened(text))),
        Value::Array(_) => t!("import-json-array"),
        Value::Object(_) => t!("import-json-object"),
    }
}

/// At most 60 characters of a bad value, so an error stays readable.
pub fn shortened(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Whether `needle` occurs in `haystack` (for cheap format detection).
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
