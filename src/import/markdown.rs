//! Timelines pasted from a document or a published post-incident review, in markdown or
//! plain text. Two shapes are read:
//!
//! - lines that start with a time, as list items or not, under a date line or heading:
//!   `- 2016-10-21 11:10 UTC — text`, `14:02 UTC: text`, `1402 UTC text`,
//!   `**2:37 PM PST** – text`, or a table row `| 14:02 UTC | text |`;
//! - timestamp headings followed by paragraphs (`### 2018 October 21 22:52 UTC`), as
//!   many published reviews are written.
//!
//! A time needs a date (its own, or the date line above it) and a zone (its own, a
//! date line's `(PDT)`, a sentence like "All times are UTC", or `--timezone`); without
//! either it is refused, naming the line, rather than guessed.
//!
//! Times without a date take the date in force; one earlier than the time before it
//! by more than twelve hours is read as the next day (23:50, then 00:10), with a warning.
//! Entries stay in document order; any entry earlier than the one before it is warned
//! about. In a region with daylight saving (`--timezone`, `PT`), a wall-clock time that
//! happened twice is read as the earlier instant, with a warning; one that never
//! happened (clocks skipped it) is refused.
//!
//! What belongs to an entry: the text after the time, the lines right below it, and
//! the paragraphs below it up to the next time, date line, heading or rule. After a
//! list item only indented paragraphs count, as in markdown, so a closing remark after
//! a list is not glued to its last item. Text after the timeline (after a heading such
//! as "Next steps") is not imported, and a warning says how much was left.
//!
//! The incident's title is the first `# Heading` before the timeline, else its first
//! other heading (not "Timeline"), else a short first line of plain text. Prose before
//! the first entry becomes the summary. Entries are notes unless a few unambiguous
//! words say otherwise (see `infer_kind`); none has an actor, all are internal.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use super::timezones::{self, Zone};
use super::{
    EntryDraft, Format, ImportError, ImportOptions, IncidentDraft, Timeline, content_ref,
    number_duplicate_refs,
};
use crate::incidents::kinds::{EntryKind, Visibility};
use crate::t;

/// How much of the input `looks_like` reads; enough for a timeline's first lines.
const SNIFF_BYTES: usize = 64 * 1024;

/// A backwards jump larger than this between two times under the same date means the
/// clock passed midnight (23:50, then 00:10), not that the list is out of order.
const MIDNIGHT_JUMP_HOURS: i64 = 12;

/// Longest first line of plain text read as a title; longer, it is a sentence.
const MAX_TITLE_LINE: usize = 120;

/// True when the bytes are text with at least one line that starts with a time.
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // Cut in the middle of a character by the sniff limit: still text.
        Err(error) if error.error_len().is_none() => {
            match std::str::from_utf8(&head[..error.valid_up_to()]) {
                Ok(text) => text,
                Err(_) => return false,
            }
        }
        Err(_) => return false,
    };
    let start = text.trim_start_matches('\u{feff}').trim_start();
    // JSON exports (Statuspage, PagerDuty, our own) are other importers' business.
    if start.starts_with('{') || start.starts_with("[{") || start.starts_with("[\n") {
        return false;
    }
    text.lines()
        .any(|line| matches!(classify(line), Line::Entry { .. }))
}

/// Reads a markdown or plain-text timeline.
pub fn parse(bytes: &[u8], options: &ImportOptions) -> Result<Timeline, ImportError> {
    let text = decode(bytes)?;
    let mut reader = TimelineReader::new(options);
    for (index, line) in text.lines().enumerate() {
        reader.read_line(index + 1, line)?;
    }
    reader.finish()
}

/// The input as text, or an error naming the line and byte where it stops being UTF-8.
fn decode(bytes: &[u8]) -> Result<&str, ImportError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(error) => {
            let offset = error.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(ImportError::at(
                t!("import-at-line-byte", line = line, byte = offset),
                t!("import-error-markdown-utf8"),
            ))
        }
    }
}

/// A timestamp as written at the start of a line.
#[derive(Clone, Debug, PartialEq)]
struct Stamp {
    date: Option<NaiveDate>,
    time: NaiveTime,
    zone: Option<Zone>,
    /// `14:10` in `14:02–14:10 UTC`: the entry is placed at the start and keeps the end
    /// in its text.
    range_end: Option<String>,
    /// The timestamp's text, for messages.
    written: String,
}

/// Where an entry's timestamp stood, which decides what may continue it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EntryForm {
    ListItem,
    Heading,
    Plain,
    TableRow,
}

/// One line, read on its own.
#[derive(Debug, PartialEq)]
enum Line<'a> {
    Blank,
    /// `---`, `***`: ends the entry above.
    Rule,
    Heading {
        level: usize,
        text: &'a str,
    },
    Date {
        date: NaiveDate,
        zone: Option<Zone>,
    },
    Entry {
        stamp: Stamp,
        text: String,
        form: EntryForm,
    },
    /// A table's header, separator, or a row without a time.
    OtherTableRow,
    Prose {
        text: &'a str,
        is_indented: bool,
    },
}

fn classify(raw: &str) -> Line<'_> {
    let line = raw.trim();
    if line.is_empty() {
        return Line::Blank;
    }
    let is_indented = raw.starts_with("  ") || raw.starts_with('\t');
    if is_rule(line) {
        return Line::Rule;
    }
    if line.starts_with('|') {
        return classify_table_row(line);
    }
    let (after_heading, heading_level) = strip_heading_marker(line);
    let (content, is_list_item) = strip_list_marker(after_heading);
    let form = match (heading_level, is_list_item) {
        (Some(_), _) => EntryForm::Heading,
        (None, true) => EntryForm::ListItem,
        (None, false) => EntryForm::Plain,
    };
    if let Some((stamp, text)) = read_entry_start(content) {
        return Line::Entry { stamp, text, form };
    }
    if let Some((date, zone)) = read_date_line(content) {
        return Line::Date { date, zone };
    }
    if let Some(level) = heading_level {
        return Line::Heading {
            level,
            text: clean_heading(after_heading),
        };
    }
    Line::Prose {
        text: line,
        is_indented,
    }
}

fn is_rule(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3
        && ['-', '*', '_', '=']
            .iter()
            .any(|mark| marks.iter().all(|c| c == mark))
}

/// `## Heading ##` → (`Heading ##`, Some(2)).
fn strip_heading_marker(line: &str) -> (&str, Option<usize>) {
    let level = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&level) {
        let rest = &line[level..];
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return (rest.trim(), Some(level));
        }
    }
    (line, None)
}

/// `- text`, `* text`, `+ text`, `1. text`, `1) text`, `> text` → text.
fn strip_list_marker(line: &str) -> (&str, bool) {
    let mut rest = line;
    let mut is_list_item = false;
    if let Some(quoted) = rest.strip_prefix('>') {
        rest = quoted.trim_start();
    }
    for bullet in ['-', '*', '+', '•'] {
        if let Some(after) = rest.strip_prefix(bullet)
            && after.starts_with(char::is_whitespace)
        {
            return (after.trim_start(), true);
        }
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let after = &rest[digits..];
        if let Some(after) = after.strip_prefix('.').or_else(|| after.strip_prefix(')'))
            && after.starts_with(char::is_whitespace)
        {
            rest = after.trim_start();
            is_list_item = true;
        }
    }
    (rest, is_list_item)
}

fn clean_heading(text: &str) -> &str {
    text.trim_end_matches('#')
        .trim()
        .trim_matches(|c| c == '*' || c == '_')
        .trim()
}

/// Emphasis and brackets a timestamp may be wrapped in: `**14:02**`, `[14:02]`, `` `14:02` ``.
const OPENERS: [(&str, &str); 7] = [
    ("**", "**"),
    ("__", "__"),
    ("*", "*"),
    ("_", "_"),
    ("[", "]"),
    ("(", ")"),
    ("`", "`"),
];

/// A timestamp at the start of `content` and the text after it, if the line is an entry.
fn read_entry_start(content: &str) -> Option<(Stamp, String)> {
    let (opener, closer) = OPENERS
        .iter()
        .find(|(opener, _)| content.starts_with(opener))
        .copied()
        .unwrap_or(("", ""));
    let (stamp, rest) = read_stamp(&content[opener.len()..])?;
    let (text, closed) = text_after_stamp(rest, closer)?;
    let text = if closed || closer.is_empty() {
        text
    } else {
        // `**14:02 UTC — text**`: the emphasis wraps the whole line.
        text.strip_suffix(closer).unwrap_or(text).trim_end()
    };
    Some((stamp, text.to_owned()))
}

/// Skips what may separate a timestamp from its text: closing emphasis, one separator
/// (em dash, en dash, hyphen, colon, pipe…), whitespace. `None` when the timestamp runs
/// straight into other text (`14:02,alert`, `2016-10-21T11:10:00Z,…` in a CSV file).
/// Also says whether `closer` was among what was skipped.
fn text_after_stamp<'a>(rest: &'a str, closer: &str) -> Option<(&'a str, bool)> {
    let mut chars = rest.chars();
    match chars.next() {
        None => return Some(("", false)),
        Some(c) if c.is_whitespace() || "*_])`—–-:|.".contains(c) => {}
        Some(',') if chars.next().is_some_and(char::is_whitespace) => {}
        Some(_) => return None,
    }
    let is_closing = |c: char| c.is_whitespace() || "*_])`".contains(c);
    let before_separator = rest.trim_start_matches(is_closing);
    let skipped = &rest[..rest.len() - before_separator.len()];
    let after_separator = ["—", "–", "---", "--", "-", ":", "|", ".", ","]
        .iter()
        .find_map(|separator| before_separator.strip_prefix(separator))
        .unwrap_or(before_separator);
    let text = after_separator.trim_start_matches(is_closing);
    let skipped_after = &after_separator[..after_separator.len() - text.len()];
    let closed = !closer.is_empty() && (skipped.contains(closer) || skipped_after.contains(closer));
    Some((text.trim(), closed))
}

/// A date, then a time, then a zone; or a time and a zone. The zone may be missing; a
/// four-digit time (`1402`) needs one, or any number would read as a time.
fn read_stamp(text: &str) -> Option<(Stamp, &str)> {
    let (date, after_date) = match read_date(text) {
        Some((date, rest)) => (Some(date), date_time_separator(rest)),
        None => (None, text),
    };
    let (time, is_four_digits, after_time) = read_time(after_date)?;
    // An offset written against the time (`11:10:00-07:00`) is a zone, not a range.
    let attached_zone = after_time
        .starts_with(['+', '-', '\u{2212}'])
        .then(|| read_zone(after_time))
        .flatten();
    let (range_end, after_range) = match attached_zone {
        Some(_) => (None, after_time),
        None => match read_range_end(after_time) {
            Some((end, rest)) => (Some(end), rest),
            None => (None, after_time),
        },
    };
    let (zone, rest) = match attached_zone.or_else(|| read_zone(after_range)) {
        Some((zone, rest)) => (Some(zone), rest),
        None => (None, after_range),
    };
    if is_four_digits && zone.is_none() {
        return None;
    }
    let written = text[..text.len() - rest.len()].trim().to_owned();
    Some((
        Stamp {
            date,
            time,
            zone,
            range_end: range_end.map(str::to_owned),
            written,
        },
        rest,
    ))
}

/// The end of a time range after its start: `–14:10`, ` - 14:10`, ` to 2:45 PM`.
fn read_range_end(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_start();
    let after_dash = ["–", "—", "-"]
        .iter()
        .find_map(|dash| trimmed.strip_prefix(dash))
        .or_else(|| {
            let spaced = text.starts_with(char::is_whitespace);
            trimmed.strip_prefix("to ").filter(|_| spaced)
        })?;
    let end = after_dash.trim_start();
    let (_, is_four_digits, rest) = read_time(end)?;
    if is_four_digits {
        return None;
    }
    Some((&end[..end.len() - rest.len()], rest))
}

/// What may stand between a date and its time: `T`, spaces, a comma, "at".
fn date_time_separator(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix('T') {
        return rest;
    }
    let rest = text.trim_start_matches([' ', ',', '\t']);
    let rest = rest
        .strip_prefix("at ")
        .or_else(|| rest.strip_prefix("@ "))
        .unwrap_or(rest);
    rest.trim_start()
}

/// A line that is only a date (with maybe a weekday, emphasis, a trailing colon, or a
/// zone note: `## Friday, October 21, 2016 (PDT)`).
fn read_date_line(content: &str) -> Option<(NaiveDate, Option<Zone>)> {
    let content = content.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    let (date, rest) = read_date(content)?;
    let rest = rest.trim_matches(|c: char| "*_:,.".contains(c) || c.is_whitespace());
    if rest.is_empty() {
        return Some((date, None));
    }
    if let Some(zone) = all_times_zone(rest) {
        return Some((date, Some(zone)));
    }
    let inner = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(rest)
        .trim();
    if let Some(zone) = zone_word(inner) {
        return Some((date, Some(zone)));
    }
    // "(Friday)", "(금)": a weekday or remark without numbers.
    if rest.starts_with('(') && rest.ends_with(')') && !rest.chars().any(|c| c.is_ascii_digit()) {
        return Some((date, None));
    }
    None
}

const MONTHS: [(&str, u32); 12] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The leading run of ASCII letters.
fn leading_word(text: &str) -> &str {
    let length = text
        .char_indices()
        .find(|(_, c)| !c.is_ascii_alphabetic())
        .map_or(text.len(), |(index, _)| index);
    &text[..length]
}

/// Up to `max` leading ASCII digits and their value.
fn leading_number(text: &str, max: usize) -> Option<(u32, usize, &str)> {
    let count = text.chars().take_while(char::is_ascii_digit).count();
    if count == 0 || count > max {
        return None;
    }
    let value = text[..count].parse().ok()?;
    Some((value, count, &text[count..]))
}

/// A month name or its abbreviation (`Oct`, `Sept.`), case-insensitive.
fn read_month(text: &str) -> Option<(u32, &str)> {
    let word = leading_word(text);
    if word.len() < 3 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let month = MONTHS.iter().find_map(|&(name, number)| {
        let is_abbreviation =
            name.starts_with(lower.as_str()) && (lower.len() == 3 || lower == "sept");
        (name == lower || is_abbreviation).then_some(number)
    })?;
    let rest = &text[word.len()..];
    Some((month, rest.strip_prefix('.').unwrap_or(rest)))
}

/// `Friday, ` / `Fri ` before a date.
fn skip_weekday(text: &str) -> &str {
    let word = leading_word(text);
    let lower = word.to_ascii_lowercase();
    let is_weekday = WEEKDAYS
        .iter()
        .any(|day| *day == lower || (lower.len() == 3 && day.starts_with(lower.as_str())));
    if !is_weekday {
        return text;
    }
    let rest = &text[word.len()..];
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    if rest.starts_with(char::is_whitespace) {
        rest.trim_start()
    } else {
        text
    }
}

/// A day number with an optional ordinal suffix: `21`, `21st`, `3rd`.
fn read_day(text: &str) -> Option<(u32, &str)> {
    let (day, _, rest) = leading_number(text, 2)?;
    let suffix = leading_word(rest);
    let rest = if ["st", "nd", "rd", "th"].contains(&suffix.to_ascii_lowercase().as_str()) {
        &rest[suffix.len()..]
    } else if suffix.is_empty() {
        rest
    } else {
        return None;
    };
    Some((day, rest))
}

/// A date in one of the ways timelines write it: `2016-10-21`, `2016/10/21`,
/// `2018 October 21`, `October 21, 2016`, `21 October 2016`, `2016년 10월 21일`, with an
/// optional leading weekday.
fn read_date(text: &str) -> Option<(NaiveDate, &str)> {
    let text = skip_weekday(text);
    if let Some((year, 4, rest)) = leading_number(text, 4) {
        return read_date_after_year(year, rest);
    }
    if let Some((day, rest)) = read_day(text) {
        // 21 October 2016, 21st of October, 2016
        let rest = rest.trim_start();
        let rest = rest.strip_prefix("of ").unwrap_or(rest);
        let (month, rest) = read_month(rest)?;
        let rest = rest.trim_start_matches(',');
        let rest = rest.strip_prefix(' ')?.trim_start();
        let (year, 4, rest) = leading_number(rest, 4)? else {
            return None;
        };
        return Some((NaiveDate::from_ymd_opt(year as i32, month, day)?, rest));
    }
    // October 21, 2016
    let (month, rest) = read_month(text)?;
    let rest = rest.strip_prefix(' ')?.trim_start();
    let (day, rest) = read_day(rest)?;
    let rest = rest.trim_start_matches(',');
    let rest = rest.strip_prefix(' ')?.trim_start();
    let (year, 4, rest) = leading_number(rest, 4)? else {
        return None;
    };
    Some((NaiveDate::from_ymd_opt(year as i32, month, day)?, rest))
}

fn read_date_after_year(year: u32, rest: &str) -> Option<(NaiveDate, &str)> {
    let year = year as i32;
    // 2016-10-21, 2016/10/21
    if let Some(separator) = rest.chars().next().filter(|c| *c == '-' || *c == '/') {
        let (month, _, after_month) = leading_number(&rest[1..], 2)?;
        let after_month = after_month.strip_prefix(separator)?;
        let (day, _, after_day) = leading_number(after_month, 2)?;
        return Some((NaiveDate::from_ymd_opt(year, month, day)?, after_day));
    }
    // 2016년 10월 21일
    if let Some(after_year) = rest.trim_start().strip_prefix('년') {
        let (month, _, after_month) = leading_number(after_year.trim_start(), 2)?;
        let after_month = after_month.trim_start().strip_prefix('월')?;
        let (day, _, after_day) = leading_number(after_month.trim_start(), 2)?;
        let after_day = after_day.trim_start().strip_prefix('일')?;
        return Some((NaiveDate::from_ymd_opt(year, month, day)?, after_day));
    }
    // 2018 October 21
    let (month, after_month) = read_month(rest.strip_prefix(' ')?.trim_start())?;
    let (day, after_day) = read_day(after_month.strip_prefix(' ')?.trim_start())?;
    let after_day = after_day.strip_prefix(',').unwrap_or(after_day);
    Some((NaiveDate::from_ymd_opt(year, month, day)?, after_day))
}

/// A wall-clock time: `14:02`, `14:02:33`, `2:37 PM`, `2pm`, `1402`. Also says whether it
/// was the four-digit form, which needs a zone to count.
fn read_time(text: &str) -> Option<(NaiveTime, bool, &str)> {
    let (hour, hour_digits, rest) = leading_number(text, 4)?;
    let (hour, minute, second, nanos, is_four_digits, rest) = if hour_digits == 4 {
        (hour / 100, hour % 100, 0, 0, true, rest)
    } else if let Some(after_colon) = rest.strip_prefix(':') {
        let (minute, 2, rest) = leading_number(after_colon, 2)? else {
            return None;
        };
        let (second, nanos, rest) = read_seconds(rest)?;
        (hour, minute, second, nanos, false, rest)
    } else {
        // "2 PM": an hour alone is a time only with a meridiem.
        (hour, 0, 0, 0, false, rest)
    };
    let (hour, rest) = match read_meridiem(rest) {
        Some((is_pm, after)) if !is_four_digits && (1..=12).contains(&hour) => {
            let hour = match (is_pm, hour) {
                (false, 12) => 0,
                (true, 12) => 12,
                (true, hour) => hour + 12,
                (false, hour) => hour,
            };
            (hour, after)
        }
        Some(_) => return None,
        None if !is_four_digits && hour_digits <= 2 && !text[hour_digits..].starts_with(':') => {
            return None;
        }
        None => (hour, rest),
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    Some((time, is_four_digits, rest))
}

/// `:33` or `:33.250` after the minutes, or nothing.
fn read_seconds(text: &str) -> Option<(u32, u32, &str)> {
    let Some(after_colon) = text.strip_prefix(':') else {
        return Some((0, 0, text));
    };
    let (second, 2, rest) = leading_number(after_colon, 2)? else {
        return None;
    };
    let Some(fraction) = rest
        .strip_prefix('.')
        .filter(|f| f.starts_with(|c: char| c.is_ascii_digit()))
    else {
        return Some((second, 0, rest));
    };
    let digits = fraction.chars().take_while(char::is_ascii_digit).count();
    let kept: String = fraction[..digits.min(9)].chars().collect();
    let nanos = format!("{kept:0<9}").parse().ok()?;
    Some((second, nanos, &fraction[digits..]))
}

/// `AM`, `pm`, `a.m.`, `P.M.`, with or without a space before.
fn read_meridiem(text: &str) -> Option<(bool, &str)> {
    let trimmed = text.strip_prefix(' ').unwrap_or(text);
    let lower: String = trimmed
        .chars()
        .take(4)
        .collect::<String>()
        .to_ascii_lowercase();
    for (form, is_pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if lower.starts_with(form) {
            let rest = &trimmed[form.len()..];
            if !rest.starts_with(|c: char| c.is_alphanumeric()) {
                return Some((is_pm, rest));
            }
        }
    }
    None
}

/// A zone right after a time: `UTC`, `Z`, `PDT`, `(KST)`, `UTC+9`, `GMT-07:00`, `+09:00`.
/// Abbreviations must be in capitals (lowercase `ist` or `est` are words), except `utc`
/// and `gmt`.
fn read_zone(text: &str) -> Option<(Zone, &str)> {
    let spaced = text.starts_with(' ');
    let after_space = text.strip_prefix(' ').unwrap_or(text);
    let (in_parentheses, inner) = match after_space.strip_prefix('(') {
        Some(inner) => (true, inner),
        None => (false, after_space),
    };
    let word = leading_word(inner);
    let after_word = &inner[word.len()..];
    let (zone, rest) = if word.eq_ignore_ascii_case("utc") || word.eq_ignore_ascii_case("gmt") {
        match timezones::parse_offset(after_word, true) {
            Some((offset, used)) => (Zone::Fixed(offset), &after_word[used..]),
            None => (timezones::zone_named("UTC")?, after_word),
        }
    } else if word == "Z" && !spaced {
        (timezones::zone_named("Z")?, after_word)
    } else if !word.is_empty() {
        if word.len() < 2 || word != word.to_ascii_uppercase() {
            return None;
        }
        (timezones::zone_named(word)?, after_word)
    } else {
        let (offset, used) = timezones::parse_offset(inner, false)?;
        (Zone::Fixed(offset), &inner[used..])
    };
    if in_parentheses {
        return Some((zone, rest.strip_prefix(')')?));
    }
    Some((zone, rest))
}

/// A zone written as a word on its own: `PDT`, `UTC+9`, `Asia/Seoul`.
fn zone_word(text: &str) -> Option<Zone> {
    let text = text.trim();
    if let Some((zone, rest)) = read_zone(text)
        && rest.trim().is_empty()
    {
        return Some(zone);
    }
    if text.contains('/') {
        return timezones::zone_named(text);
    }
    None
}

/// The zone in a note like "All times are UTC", "(all times in PDT)", "All times listed
/// are in Asia/Seoul".
fn all_times_zone(text: &str) -> Option<Zone> {
    // ASCII lowercasing keeps byte offsets, so `start` is valid in `text` too.
    let start = text.to_ascii_lowercase().find("all times")?;
    let after = text.get(start + "all times".len()..)?;
    let mut words = after.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')');
    let fillers = [
        "",
        "are",
        "is",
        "in",
        "listed",
        "shown",
        "given",
        "expressed",
        "below",
        "here",
        "above",
    ];
    let word = words.find(|word| !fillers.contains(&word.to_lowercase().as_str()))?;
    let word = word.trim_end_matches(['.', ':', ';', '*', '_']);
    zone_word(word).or_else(|| {
        // "all times are utc": lowercase is fine in a sentence that announces a zone.
        let upper = word.to_ascii_uppercase();
        timezones::offset_of(&upper).map(Zone::Fixed)
    })
}

/// A table row whose first cell is a timestamp, or a date and then a time.
fn classify_table_row(line: &str) -> Line<'_> {
    let cells: Vec<&str> = line
        .trim_matches('|')
        .split('|')
        .map(|cell| cell.trim().trim_matches(|c| c == '*' || c == '_').trim())
        .collect();
    let full_cell_stamp = |cell: &str| {
        read_stamp(cell)
            .filter(|(_, rest)| rest.trim().is_empty())
            .map(|(stamp, _)| stamp)
    };
    let (stamp, text_cells) = match cells.as_slice() {
        [first, rest @ ..] if full_cell_stamp(first).is_some() => (full_cell_stamp(first), rest),
        [first, second, rest @ ..] => match (read_date_line(first), full_cell_stamp(second)) {
            (Some((date, zone)), Some(stamp)) if stamp.date.is_none() => (
                Some(Stamp {
                    date: Some(date),
                    zone: stamp.zone.or(zone),
                    written: format!("{first} {}", stamp.written),
                    ..stamp
                }),
                rest,
            ),
            _ => (None, rest),
        },
        _ => (None, &[][..]),
    };
    match stamp {
        Some(stamp) => Line::Entry {
            stamp,
            text: text_cells
                .iter()
                .filter(|cell| !cell.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" — "),
            form: EntryForm::TableRow,
        },
        None => Line::OtherTableRow,
    }
}

/// An entry being read: its first line, then continuation lines and paragraphs.
struct PendingEntry {
    line: usize,
    occurred_at: DateTime<Utc>,
    written: String,
    form: EntryForm,
    paragraphs: Vec<Vec<String>>,
    /// A blank line came after the last text: the next text starts a paragraph.
    is_after_blank: bool,
}

impl PendingEntry {
    fn push_line(&mut self, text: &str) {
        match self.paragraphs.last_mut() {
            Some(paragraph) if !self.is_after_blank => paragraph.push(text.to_owned()),
            _ => self.paragraphs.push(vec![text.to_owned()]),
        }
        self.is_after_blank = false;
    }

    fn text(&self) -> String {
        self.paragraphs
            .iter()
            .map(|lines| lines.join("\n"))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Reads a document line by line, keeping the date and zone in force.
struct TimelineReader {
    option_zone: Option<Zone>,
    title: Option<String>,
    fallback_title: Option<String>,
    summary: Vec<Vec<String>>,
    is_summary_after_blank: bool,
    /// No line but blanks read yet.
    is_at_start: bool,
    /// The summary's first paragraph is the document's first text, with no heading
    /// before it: in plain text, that line may be the title.
    does_summary_open_document: bool,
    entries: Vec<PendingEntry>,
    /// The last entry still takes continuation text.
    is_entry_open: bool,
    date_in_force: Option<NaiveDate>,
    /// The previous time under the current date line, to notice midnight passing.
    previous_local: Option<NaiveDateTime>,
    /// From a date line's note: `## October 21, 2016 (PDT)`.
    section_zone: Option<Zone>,
    /// From a sentence like "All times are UTC".
    document_zone: Option<Zone>,
    ignored_lines: usize,
    first_ignored_line: Option<usize>,
    warnings: Vec<String>,
}

impl TimelineReader {
    fn new(options: &ImportOptions) -> TimelineReader {
        TimelineReader {
            option_zone: options.timezone.map(Zone::Region),
            title: None,
            fallback_title: None,
            summary: Vec::new(),
            is_summary_after_blank: false,
            is_at_start: true,
            does_summary_open_document: false,
            entries: Vec::new(),
            is_entry_open: false,
            date_in_force: None,
            previous_local: None,
            section_zone: None,
            document_zone: None,
            ignored_lines: 0,
            first_ignored_line: None,
            warnings: Vec::new(),
        }
    }

    fn read_line(&mut self, number: usize, raw: &str) -> Result<(), ImportError> {
        let line = classify(raw);
        if self.is_at_start && line != Line::Blank {
            self.is_at_start = false;
            self.does_summary_open_document = matches!(line, Line::Prose { .. });
        }
        match line {
            Line::Blank => {
                if self.is_entry_open {
                    if let Some(entry) = self.entries.last_mut() {
                        entry.is_after_blank = true;
                    }
                } else {
                    self.is_summary_after_blank = true;
                }
            }
            Line::Rule | Line::OtherTableRow => self.is_entry_open = false,
            Line::Heading { level, text } => self.read_heading(level, text),
            Line::Date { date, zone } => {
                self.is_entry_open = false;
                self.date_in_force = Some(date);
                self.previous_local = None;
                self.section_zone = zone;
            }
            Line::Entry { stamp, text, form } => {
                let occurred_at = self.resolve(number, &stamp)?;
                let mut entry = PendingEntry {
                    line: number,
                    occurred_at,
                    written: stamp.written.clone(),
                    form,
                    paragraphs: Vec::new(),
                    is_after_blank: false,
                };
                // Entry text identifies the entry on a re-import: not translated.
                let text = match &stamp.range_end {
                    Some(end) => format!("(until {end}) {text}").trim_end().to_owned(),
                    None => text,
                };
                if !text.is_empty() {
                    entry.push_line(&text);
                }
                self.entries.push(entry);
                self.is_entry_open = true;
            }
            Line::Prose { text, is_indented } => self.read_prose(number, text, is_indented),
        }
        Ok(())
    }

    fn read_heading(&mut self, level: usize, text: &str) {
        self.is_entry_open = false;
        if let Some(zone) = all_times_zone(text).or_else(|| heading_zone_note(text)) {
            self.document_zone = Some(zone);
        }
        if !self.entries.is_empty() || text.is_empty() {
            return;
        }
        if level == 1 && self.title.is_none() {
            self.title = Some(text.to_owned());
        } else if self.fallback_title.is_none() && !text.eq_ignore_ascii_case("timeline") {
            self.fallback_title = Some(text.to_owned());
        }
    }

    fn read_prose(&mut self, number: usize, text: &str, is_indented: bool) {
        if let Some(zone) = all_times_zone(text) {
            self.document_zone = Some(zone);
        }
        if self.is_entry_open
            && let Some(entry) = self.entries.last_mut()
        {
            let list_item_ended =
                entry.form == EntryForm::ListItem && entry.is_after_blank && !is_indented;
            let is_table_row = entry.form == EntryForm::TableRow;
            if !list_item_ended && !is_table_row {
                entry.push_line(text);
                return;
            }
            self.is_entry_open = false;
        }
        if self.entries.is_empty() {
            match self.summary.last_mut() {
                Some(paragraph) if !self.is_summary_after_blank => paragraph.push(text.to_owned()),
                _ => self.summary.push(vec![text.to_owned()]),
            }
            self.is_summary_after_blank = false;
        } else {
            self.ignored_lines += 1;
            self.first_ignored_line.get_or_insert(number);
        }
    }

    /// The entry's time in UTC, from its own date and zone or those in force.
    fn resolve(&mut self, number: usize, stamp: &Stamp) -> Result<DateTime<Utc>, ImportError> {
        let location = || t!("import-at-line", line = number);
        let written = &stamp.written;
        let date = stamp.date.or(self.date_in_force).ok_or_else(|| {
            ImportError::at(
                location(),
                t!(
                    "import-error-markdown-no-date",
                    value = format!("{written:?}")
                ),
            )
        })?;
        let zone = stamp
            .zone
            .or(self.section_zone)
            .or(self.document_zone)
            .or(self.option_zone)
            .ok_or_else(|| {
                ImportError::at(
                    location(),
                    t!(
                        "import-error-markdown-no-zone",
                        value = format!("{written:?}"),
                        written = written.as_str()
                    ),
                )
            })?;
        let mut local = date.and_time(stamp.time);
        if stamp.date.is_none()
            && let Some(previous) = self.previous_local
            && local < previous
            && previous - local > Duration::hours(MIDNIGHT_JUMP_HOURS)
            && let Some(next_day) = local.checked_add_signed(Duration::days(1))
        {
            self.warnings.push(format!(
                "{}: {}",
                location(),
                t!(
                    "import-warning-markdown-next-day",
                    written = written.as_str(),
                    date = crate::i18n::date(next_day.date())
                )
            ));
            local = next_day;
        }
        self.date_in_force = Some(local.date());
        self.previous_local = Some(local);
        let resolved = timezones::local_to_utc(local, zone).map_err(|skipped| {
            ImportError::at(
                location(),
                t!(
                    "import-error-markdown-skipped",
                    problem = skipped.to_string()
                ),
            )
        })?;
        if let Some(later) = resolved.later_alternative {
            self.warnings.push(format!(
                "{}: {}",
                location(),
                t!(
                    "import-warning-markdown-twice",
                    written = written.as_str(),
                    zone = zone.to_string(),
                    earlier = crate::i18n::date_time_utc(resolved.utc),
                    later = later.format("%H:%M").to_string()
                )
            ));
        }
        Ok(resolved.utc)
    }

    fn finish(self) -> Result<Timeline, ImportError> {
        let mut warnings = self.warnings;
        let mut entries: Vec<EntryDraft> = Vec::new();
        let mut lines: Vec<usize> = Vec::new();
        for pending in &self.entries {
            let text = pending.text();
            if text.is_empty() {
                warnings.push(format!(
                    "{}: {}",
                    t!("import-at-line", line = pending.line),
                    t!(
                        "import-warning-markdown-empty",
                        written = pending.written.as_str()
                    )
                ));
                continue;
            }
            let source_ref = content_ref(pending.occurred_at, None, &text);
            entries.push(EntryDraft {
                occurred_at: pending.occurred_at,
                kind: infer_kind(
                    &pending
                        .paragraphs
                        .first()
                        .map(|lines| lines.join(" "))
                        .unwrap_or_default(),
                ),
                actor: None,
                text,
                visibility: Visibility::Internal,
                source_ref,
            });
            lines.push(pending.line);
        }
        number_duplicate_refs(&mut entries, &mut warnings);
        let Some(first) = entries.first() else {
            return Err(ImportError::new(t!("import-error-markdown-no-entries")));
        };
        for index in 1..entries.len() {
            if entries[index].occurred_at < entries[index - 1].occurred_at {
                warnings.push(format!(
                    "{}: {}",
                    t!("import-at-line", line = lines[index]),
                    t!(
                        "import-warning-markdown-order",
                        previous = t!("import-at-line", line = lines[index - 1])
                    )
                ));
            }
        }
        if let Some(line) = self.first_ignored_line {
            warnings.push(t!(
                "import-warning-markdown-ignored",
                count = self.ignored_lines,
                line = line
            ));
        }
        let mut summary_paragraphs = self.summary;
        let found_title = match self.title.or(self.fallback_title) {
            Some(title) => Some(title),
            None => match summary_paragraphs.first().map(Vec::as_slice) {
                // Plain text often starts with a title line of its own.
                Some([line])
                    if self.does_summary_open_document
                        && line.chars().count() <= MAX_TITLE_LINE =>
                {
                    let title = line.clone();
                    summary_paragraphs.remove(0);
                    Some(title)
                }
                _ => None,
            },
        };
        // A made-up title is in the importer's language, but the reference that finds the
        // incident again must not depend on who imports: it uses the English one.
        let day = first.occurred_at.date_naive();
        let source_ref = match &found_title {
            Some(title) => content_ref(first.occurred_at, Some(title), &first.text),
            None => {
                let english = format!("Timeline of {}", day.format("%Y-%m-%d"));
                content_ref(first.occurred_at, Some(&english), &first.text)
            }
        };
        let title = found_title
            .unwrap_or_else(|| t!("import-title-markdown", date = crate::i18n::date(day)));
        let summary = summary_paragraphs
            .iter()
            .map(|lines| lines.join("\n"))
            .collect::<Vec<_>>()
            .join("\n\n");
        Ok(Timeline {
            format: Format::Markdown,
            source_ref,
            incident: IncidentDraft {
                title,
                summary: (!summary.is_empty()).then_some(summary),
                ..IncidentDraft::default()
            },
            entries,
            warnings,
        })
    }
}

/// `## Timeline (PDT)`: a heading that ends in a zone in parentheses.
fn heading_zone_note(text: &str) -> Option<Zone> {
    let inner = text.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    zone_word(&inner[open + 1..])
}

/// The kind of an entry from its first paragraph's words. Deliberately conservative:
/// only phrases that seldom mean anything else, checked in this order, so a status
/// page update saying "resolved" is a communication. Everything else is a note.
///
/// - communication: "status page", "statuspage", "posted an update", "status update",
///   "notified customers", "tweeted";
/// - resolution: "resolved" (not "unresolved", "not resolved", "partially resolved");
/// - alert: "paged", "alerted", "alert fired/triggered", "alerts fired/triggered",
///   or text that starts with "alert";
/// - escalation: "escalated".
fn infer_kind(text: &str) -> EntryKind {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let has_word = |word: &str| words.contains(&word);
    let has_any = |phrases: &[&str]| phrases.iter().any(|phrase| lower.contains(phrase));
    if has_any(&[
        "status page",
        "statuspage",
        "posted an update",
        "status update",
        "notified customers",
    ]) || has_word("tweeted")
    {
        EntryKind::Communication
    } else if has_word("resolved")
        && !has_any(&["not resolved", "not yet resolved", "partially resolved"])
    {
        EntryKind::Resolution
    } else if has_word("paged")
        || has_word("alerted")
        || has_any(&[
            "alert fired",
            "alerts fired",
            "alert triggered",
            "alerts triggered",
        ])
        || words.first().is_some_and(|word| word.starts_with("alert"))
    {
        EntryKind::Alert
    } else if has_word("escalated") {
        EntryKind::Escalation
    } else {
        EntryKind::Note
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LIST_STYLE: &str = include_str!("../../tests/fixtures/markdown/list-style.md");
    const GITHUB_2018: &str = include_str!("../../tests/fixtures/markdown/github-2018.md");
    const PACIFIC_12H: &str = include_str!("../../tests/fixtures/markdown/pacific-12h.md");
    const FOUR_DIGIT: &str = include_str!("../../tests/fixtures/markdown/four-digit.md");
    const NAIVE_SEOUL: &str = include_str!("../../tests/fixtures/markdown/naive-seoul.md");
    const FIXTURES: [&str; 5] = [
        LIST_STYLE,
        GITHUB_2018,
        PACIFIC_12H,
        FOUR_DIGIT,
        NAIVE_SEOUL,
    ];

    fn read(text: &str) -> Timeline {
        parse(text.as_bytes(), &ImportOptions::default()).unwrap()
    }

    fn read_in(text: &str, zone: chrono_tz::Tz) -> Result<Timeline, ImportError> {
        parse(
            text.as_bytes(),
            &ImportOptions {
                timezone: Some(zone),
            },
        )
    }

    /// (UTC time, kind, text) per entry.
    fn rows(timeline: &Timeline) -> Vec<(String, EntryKind, String)> {
        timeline
            .entries
            .iter()
            .map(|entry| {
                (
                    entry.occurred_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    entry.kind,
                    entry.text.clone(),
                )
            })
            .collect()
    }

    fn times(timeline: &Timeline) -> Vec<String> {
        rows(timeline)
            .into_iter()
            .map(|(time, _, _)| time)
            .collect()
    }

    fn texts(timeline: &Timeline) -> Vec<String> {
        rows(timeline)
            .into_iter()
            .map(|(_, _, text)| text)
            .collect()
    }

    #[test]
    fn a_list_style_timeline_gives_one_entry_per_item() {
        let timeline = read(LIST_STYLE);
        assert_eq!(timeline.format, Format::Markdown);
        assert_eq!(timeline.incident.title, "DNS provider outage");
        assert_eq!(
            timeline.incident.summary.as_deref(),
            Some(
                "Our DNS provider was under a DDoS attack for most of the day; customers on the US East\n\
                 Coast could not resolve our domains."
            )
        );
        use EntryKind::*;
        let expected = [
            (
                "2016-10-21 11:10:00",
                Alert,
                "First alerts fired: synthetic checks could not resolve api.example.com",
            ),
            (
                "2016-10-21 11:17:00",
                Alert,
                "On-call engineer paged; started investigating\nLookups from three regions failed, lookups from Europe worked.",
            ),
            (
                "2016-10-21 11:45:00",
                Communication,
                "Posted an update on the status page",
            ),
            (
                "2016-10-21 13:20:00",
                Note,
                "Provider reported mitigation; lookups recovering",
            ),
            (
                "2016-10-21 15:52:00",
                Escalation,
                "Second wave of the attack; escalated to the provider's support",
            ),
            (
                "2016-10-21 17:53:00",
                Note,
                "Added a second DNS provider with a 300 s TTL",
            ),
            ("2016-10-21 20:30:00", Resolution, "Incident resolved"),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(time, kind, text)| (time.to_string(), *kind, text.to_string()))
            .collect();
        assert_eq!(rows(&timeline), expected);
        assert!(
            timeline
                .entries
                .iter()
                .all(|e| e.actor.is_none() && e.visibility == Visibility::Internal)
        );
        // The remark after the list is not part of the last item.
        assert_eq!(
            timeline.warnings,
            ["1 line of text outside the timeline was not imported (line 17)"]
        );
    }

    #[test]
    fn timestamp_headings_take_the_paragraphs_below_them() {
        let timeline = read(GITHUB_2018);
        assert_eq!(timeline.incident.title, "October 21 post-incident analysis");
        let summary = timeline.incident.summary.clone().unwrap();
        assert!(
            summary.starts_with("Routine maintenance on network equipment"),
            "{summary}"
        );
        assert!(
            summary.contains("in the shape of the original report"),
            "{summary}"
        );
        assert_eq!(
            times(&timeline),
            [
                "2018-10-21 22:52:00",
                "2018-10-21 22:54:00",
                "2018-10-21 23:07:00",
                "2018-10-21 23:13:00",
                "2018-10-22 00:05:00",
                "2018-10-22 06:51:00",
                "2018-10-22 16:24:00",
                "2018-10-22 23:03:00",
            ]
        );
        let first = &timeline.entries[0].text;
        assert_eq!(
            first,
            "While network equipment was being replaced, connectivity between the East Coast network\n\
             hub and the primary East Coast data center was lost for 43 seconds.\n\n\
             The failover tooling saw the primary unreachable and began promoting replicas in the\n\
             West Coast data center."
        );
        assert_eq!(timeline.entries[2].text.split("\n\n").count(), 2);
        let kinds: Vec<EntryKind> = timeline.entries.iter().map(|e| e.kind).collect();
        use EntryKind::*;
        assert_eq!(
            kinds,
            [Note, Alert, Note, Escalation, Note, Note, Note, Resolution]
        );
        // "Next steps" ends the timeline; its text is reported, not glued to the last entry.
        assert!(
            !timeline.entries[7]
                .text
                .contains("failover tooling so that")
        );
        assert_eq!(
            timeline.warnings,
            ["1 line of text outside the timeline was not imported (line 58)"]
        );
    }

    #[test]
    fn twelve_hour_times_with_pacific_abbreviations_span_the_dst_change() {
        let timeline = read(PACIFIC_12H);
        assert_eq!(
            timeline.incident.title,
            "Checkout latency during the DST change"
        );
        assert_eq!(
            times(&timeline),
            [
                "2016-11-06 06:40:00",
                "2016-11-06 06:52:00",
                // 1:30 AM PDT, then 1:10 AM PST: forty minutes apart, in order.
                "2016-11-06 08:30:00",
                "2016-11-06 09:10:00",
                "2016-11-07 07:50:00",
                // Past midnight without a new date line: the next day.
                "2016-11-07 08:15:00",
            ]
        );
        assert_eq!(timeline.entries[0].kind, EntryKind::Alert);
        assert_eq!(
            timeline.entries[3].text,
            "Latency climbed again, an hour of wall clock later"
        );
        assert_eq!(
            timeline.warnings,
            [
                "line 15: 12:15 AM PST is earlier than the time before it; read as the next day, 2016-11-07"
            ]
        );
    }

    #[test]
    fn four_digit_times_need_a_zone_and_plain_text_takes_its_first_line_as_title() {
        let timeline = read(FOUR_DIGIT);
        assert_eq!(
            timeline.incident.title,
            "Incident 2016-41: API gateway errors"
        );
        assert_eq!(timeline.incident.summary, None);
        use EntryKind::*;
        let expected: Vec<(String, EntryKind, String)> = [
            (
                "2016-10-21 14:02:00",
                Alert,
                "alerts fired for 5xx errors on the API gateway",
            ),
            ("2016-10-21 14:10:00", Alert, "Engineers paged"),
            (
                "2016-10-21 14:55:00",
                Note,
                "Config rollback finished, errors back to baseline",
            ),
            ("2016-10-21 15:30:00", Resolution, "Incident resolved"),
        ]
        .iter()
        .map(|(time, kind, text)| (time.to_string(), *kind, text.to_string()))
        .collect();
        assert_eq!(rows(&timeline), expected);
        assert!(timeline.warnings.is_empty(), "{:?}", timeline.warnings);
    }

    #[test]
    fn times_without_a_zone_are_refused_without_a_timezone_option() {
        let error = parse(NAIVE_SEOUL.as_bytes(), &ImportOptions::default()).unwrap_err();
        assert_eq!(error.location.as_deref(), Some("line 7"));
        assert!(
            error.message.contains("\"14:02\" has no time zone"),
            "{}",
            error.message
        );
        assert!(error.message.contains("--timezone"), "{}", error.message);
    }

    #[test]
    fn times_without_a_zone_are_read_in_the_timezone_option() {
        let timeline = read_in(NAIVE_SEOUL, chrono_tz::Asia::Seoul).unwrap();
        assert_eq!(timeline.incident.title, "결제 서비스 장애 (payment outage)");
        assert_eq!(
            timeline.incident.summary.as_deref(),
            Some("서울 리전에서 결제 API가 약 한 시간 동안 실패했습니다.")
        );
        use EntryKind::*;
        let expected: Vec<(String, EntryKind, String)> = [
            (
                "2016-10-21 05:02:00",
                Alert,
                "결제 API 오류율 급증, alerts fired",
            ),
            (
                "2016-10-21 05:05:00",
                Alert,
                "온콜 엔지니어 호출 (on-call paged)",
            ),
            (
                "2016-10-21 05:30:00",
                Note,
                "원인 파악: DB 커넥션 풀 고갈\n커넥션 풀 크기를 50에서 200으로 늘렸습니다.",
            ),
            (
                "2016-10-21 06:10:00",
                Resolution,
                "복구 완료, incident resolved",
            ),
        ]
        .iter()
        .map(|(time, kind, text)| (time.to_string(), *kind, text.to_string()))
        .collect();
        assert_eq!(rows(&timeline), expected);
    }

    #[test]
    fn every_separator_and_wrapping_is_understood() {
        let text = "## 2016-10-21\n\
                    14:02 UTC — em dash\n\
                    14:03 UTC – en dash\n\
                    14:04 UTC - hyphen\n\
                    14:05 UTC: colon\n\
                    14:06 UTC whitespace\n\
                    - **14:07 UTC** — bold time\n\
                    * [14:08 UTC] bracketed\n\
                    1. `14:09 UTC` | code and pipe\n\
                    **14:10 UTC — bold line**\n\
                    > 14:11:30 UTC -- quoted with seconds\n\
                    | 14:12 UTC | table | row |\n";
        let timeline = read(text);
        assert_eq!(
            texts(&timeline),
            [
                "em dash",
                "en dash",
                "hyphen",
                "colon",
                "whitespace",
                "bold time",
                "bracketed",
                "code and pipe",
                "bold line",
                "quoted with seconds",
                "table — row",
            ]
        );
        assert_eq!(
            timeline.entries[9]
                .occurred_at
                .format("%H:%M:%S")
                .to_string(),
            "14:11:30"
        );
    }

    #[test]
    fn zones_are_read_in_their_written_forms() {
        let text = "- 2016-10-21T11:10:00Z first\n\
                    - 2016-10-21T13:10:00+02:00 second\n\
                    - 2016-10-21 20:10 +0900 third\n\
                    - 2016-10-21 20:10 UTC+9 fourth\n\
                    - 2016-10-21 04:10 GMT-7 fifth\n\
                    - 2016-10-21 20:10 (KST) sixth\n\
                    - 2016-10-21 16:40 IST seventh\n\
                    - 2016-10-21 7:10 am ET eighth\n\
                    - October 21, 2016 at 4:10 p.m. utc ninth\n\
                    - 21 October 2016 11:10 UTC tenth\n\
                    - Fri, Oct 21 2016 11:10 UTC eleventh\n\
                    - 2016/10/21 11:10 UTC twelfth\n\
                    - 2016년 10월 21일 20:10 KST thirteenth\n";
        let timeline = read(text);
        let at = times(&timeline);
        assert_eq!(at.len(), 13, "{at:?}");
        assert!(
            at[..8].iter().all(|time| time == "2016-10-21 11:10:00"),
            "{at:?}"
        );
        assert_eq!(at[8], "2016-10-21 16:10:00");
        assert!(
            at[9..].iter().all(|time| time == "2016-10-21 11:10:00"),
            "{at:?}"
        );
        assert_eq!(texts(&timeline)[12], "thirteenth");
    }

    #[test]
    fn a_time_range_is_placed_at_its_start_and_keeps_its_end() {
        let timeline = read(
            "2016-10-21\n\
             - 14:02–14:10 UTC — failover\n\
             - 2:15 PM to 2:45 PM PDT: cleanup\n\
             - 2016-10-21T11:10:00-07:00 ISO offset, not a range\n",
        );
        assert_eq!(
            times(&timeline),
            [
                "2016-10-21 14:02:00",
                "2016-10-21 21:15:00",
                "2016-10-21 18:10:00"
            ]
        );
        assert_eq!(
            texts(&timeline),
            [
                "(until 14:10) failover",
                "(until 2:45 PM) cleanup",
                "ISO offset, not a range"
            ]
        );
    }

    #[test]
    fn a_document_note_gives_the_zone_for_times_without_one() {
        let text = "All times are PDT.\n\n## October 21, 2016\n\n- 09:00 — started\n";
        assert_eq!(times(&read(text)), ["2016-10-21 16:00:00"]);
        let text = "## Timeline (UTC)\n\n### Friday, October 21, 2016\n\n- 09:00 — started\n";
        assert_eq!(times(&read(text)), ["2016-10-21 09:00:00"]);
        let text = "## October 21, 2016 (all times KST)\n\n- 09:00 — started\n";
        assert_eq!(times(&read(text)), ["2016-10-21 00:00:00"]);
        // The document's zone wins over the option: the writer said what they meant.
        let text = "All times are in UTC\n\n2016-10-21\n09:00 started\n";
        assert_eq!(
            times(&read_in(text, chrono_tz::Asia::Seoul).unwrap()),
            ["2016-10-21 09:00:00"]
        );
    }

    #[test]
    fn a_time_without_a_date_is_refused_with_its_line() {
        let error = parse(
            b"# Outage\n\n- 14:02 UTC alerts\n",
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert_eq!(error.location.as_deref(), Some("line 3"));
        assert!(
            error.message.starts_with("\"14:02 UTC\" has no date"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_skipped_local_time_is_refused_and_a_repeated_one_warns() {
        let la = chrono_tz::America::Los_Angeles;
        let error = read_in("2016-03-13\n\n02:30 deploy\n", la).unwrap_err();
        assert_eq!(error.location.as_deref(), Some("line 3"));
        assert!(
            error
                .message
                .contains("did not happen in America/Los_Angeles"),
            "{}",
            error.message
        );

        let timeline = read_in("2016-11-06\n\n01:30 deploy\n", la).unwrap();
        assert_eq!(times(&timeline), ["2016-11-06 08:30:00"]);
        assert_eq!(
            timeline.warnings,
            [
                "line 3: 01:30 happened twice in America/Los_Angeles (clocks went back); read as the earlier, 2016-11-06 08:30 UTC, not 09:30 UTC"
            ]
        );
    }

    #[test]
    fn entries_out_of_order_are_kept_and_warned_about() {
        let timeline = read("2016-10-21\n14:10 UTC second\n14:05 UTC first\n");
        assert_eq!(
            times(&timeline),
            ["2016-10-21 14:10:00", "2016-10-21 14:05:00"]
        );
        assert_eq!(
            timeline.warnings,
            [
                "line 3: this entry is earlier than the one before it (line 2); check its date and time"
            ]
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_with_its_line_and_byte() {
        let error = parse(
            b"# Outage\n2016-10-21 14:02 UTC caf\xe9\n",
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert_eq!(error.location.as_deref(), Some("line 2, byte 33"));
        assert!(error.message.contains("not UTF-8"));
    }

    #[test]
    fn a_document_without_times_is_refused() {
        let error = parse(
            b"# Outage\n\nWe had an outage.\n",
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert!(
            error.message.starts_with("no timeline entries found"),
            "{}",
            error.message
        );
        let error = parse(b"", &ImportOptions::default()).unwrap_err();
        assert!(error.message.starts_with("no timeline entries found"));
    }

    #[test]
    fn a_timestamp_without_text_is_skipped_with_a_warning() {
        let timeline =
            read("### 2018 October 21 22:52 UTC\n\n### 2018 October 21 22:54 UTC\n\nAlerts.\n");
        assert_eq!(texts(&timeline), ["Alerts."]);
        assert_eq!(
            timeline.warnings,
            ["line 1: 2018 October 21 22:52 UTC has no text; skipped"]
        );
    }

    #[test]
    fn identical_entries_get_distinct_source_refs() {
        let timeline = read("2016-10-21\n14:02 UTC retry\n14:02 UTC retry\n");
        let refs: Vec<&str> = timeline
            .entries
            .iter()
            .map(|e| e.source_ref.as_str())
            .collect();
        let base = content_ref(timeline.entries[0].occurred_at, None, "retry");
        assert_eq!(refs, [base.clone(), format!("{base}#2")]);
        assert_eq!(timeline.warnings.len(), 1, "{:?}", timeline.warnings);
    }

    #[test]
    fn the_incident_source_ref_follows_title_and_first_entry() {
        let again = read(LIST_STYLE);
        assert_eq!(read(LIST_STYLE).source_ref, again.source_ref);
        let renamed = LIST_STYLE.replace("# DNS provider outage", "# DNS outage");
        assert_ne!(read(&renamed).source_ref, again.source_ref);
        assert_eq!(
            again.source_ref,
            content_ref(
                again.entries[0].occurred_at,
                Some("DNS provider outage"),
                &again.entries[0].text
            )
        );
    }

    #[test]
    fn numbers_that_are_not_times_stay_text() {
        let timeline = read(
            "2016-10-21\n\
             14:02 UTC alerts\n\
             2016 was a long year\n\
             1000 requests failed\n\
             +10 servers added\n\
             - 3:1 ratio\n\
             14:02,csv,row\n",
        );
        assert_eq!(timeline.entries.len(), 1);
        assert_eq!(
            timeline.entries[0].text,
            "alerts\n2016 was a long year\n1000 requests failed\n+10 servers added\n- 3:1 ratio\n14:02,csv,row"
        );
    }

    #[test]
    fn looks_like_accepts_timelines_and_not_other_formats() {
        for fixture in FIXTURES {
            assert!(looks_like(fixture.as_bytes()));
        }
        assert!(!looks_like(
            b"occurred_at,kind,text\n2016-10-21T11:10:00Z,alert,DNS down\n"
        ));
        assert!(!looks_like(
            br#"{"incident": {"created_at": "2016-10-21 11:10 UTC"}}"#
        ));
        assert!(!looks_like(b"[{\"ts\": \"14:02 UTC\"}]"));
        assert!(!looks_like(b"PK\x03\x04\xff\xfe"));
        assert!(!looks_like(b"Just a note without times."));
    }

    #[test]
    fn kinds_are_inferred_conservatively() {
        use EntryKind::*;
        let cases = [
            (
                "Posted an update on the status page: resolved",
                Communication,
            ),
            ("Incident resolved", Resolution),
            ("The DNS issue is not resolved yet", Note),
            ("Unresolved: replication lag", Note),
            ("Engineers were paged", Alert),
            ("Alert: disk full on db-1", Alert),
            ("We tuned the alerting thresholds", Note),
            ("Escalated to the database team", Escalation),
            ("Restarted the primary", Note),
        ];
        for (text, kind) in cases {
            assert_eq!(infer_kind(text), kind, "{text}");
        }
    }

    fn fixture_bytes() -> impl Strategy<Value = Vec<u8>> {
        prop::sample::select(FIXTURES.to_vec()).prop_map(|text| text.as_bytes().to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            let _ = looks_like(&bytes);
            let _ = parse(&bytes, &ImportOptions::default());
        }

        #[test]
        fn arbitrary_text_never_panics(text in "[0-9: APMUTCZ+\\-—–#*_\\[\\]()|\n\\.,/年월일a-z]{0,400}") {
            let _ = looks_like(text.as_bytes());
            let _ = parse(text.as_bytes(), &ImportOptions::default());
            let _ = parse(text.as_bytes(), &ImportOptions { timezone: Some(chrono_tz::America::Los_Angeles) });
        }

        #[test]
        fn truncated_fixtures_never_panic(bytes in fixture_bytes(), cut in any::<prop::sample::Index>()) {
            let cut = cut.index(bytes.len() + 1);
            let _ = parse(&bytes[..cut], &ImportOptions::default());
        }

        #[test]
        fn damaged_fixtures_never_panic(
            bytes in fixture_bytes(),
            flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        ) {
            let mut bytes = bytes;
            for (index, value) in flips {
                let at = index.index(bytes.len());
                bytes[at] = value;
            }
            let _ = looks_like(&bytes);
            let _ = parse(&bytes, &ImportOptions { timezone: Some(chrono_tz::Asia::Seoul) });
        }
    }
}
