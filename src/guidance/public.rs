//! Public-audience rules whose matching is in code and the same in both languages:
//! internal host names, ticket ids, IP addresses, times without a time zone, long
//! sentences and the missing impact window. Their texts come from the rule files.

use super::data::{Text, Texts};
use super::text::{Sentence, Words, is_hangul};
use super::{Category, Finding};

/// An English sentence longer than this many words gets a finding.
pub const MAX_ENGLISH_WORDS: usize = 35;
/// A Korean sentence longer than this many characters (spaces not counted) gets one.
pub const MAX_KOREAN_CHARS: usize = 100;
/// Texts shorter than this many words are snippets, not reviews: no impact-window check.
pub const MIN_WORDS_FOR_IMPACT_WINDOW: usize = 12;

/// Last labels of names that only resolve inside a network.
const INTERNAL_SUFFIXES: [&str; 13] = [
    "internal",
    "local",
    "corp",
    "lan",
    "intra",
    "intranet",
    "svc",
    "localdomain",
    "home",
    "priv",
    "private",
    "cluster",
    "prod",
];

/// Upper-case prefixes of public standards that look like ticket ids (`UTF-8`).
const NOT_TICKETS: [&str; 22] = [
    "UTF", "SHA", "ISO", "COVID", "AES", "RFC", "TLS", "SSL", "HTTP", "MP", "IPV", "CVE", "RSA",
    "GPT", "PCI", "SOC", "USB", "PEP", "IEEE", "ECMA", "WCAG", "DDR",
];

/// Time zone names and abbreviations (lowercased).
const ZONES: [&str; 31] = [
    "utc", "gmt", "z", "kst", "jst", "pst", "pdt", "est", "edt", "cst", "cdt", "mst", "mdt", "cet",
    "cest", "eet", "eest", "bst", "ist", "aest", "aedt", "nzst", "nzdt", "hst", "akst", "sgt",
    "hkt", "wib", "brt", "wet", "west",
];

const KOREAN_ZONES: [&str; 4] = ["한국 시간", "한국시간", "세계시", "표준시"];

const DURATION_UNITS: [&str; 9] = [
    "minutes", "minute", "mins", "min", "hours", "hour", "hrs", "hr", "seconds",
];

/// Checks one sentence for the public-audience rules.
pub(super) fn check_sentence(
    text: &str,
    words: &Words,
    sentence: &Sentence,
    texts: &'static Texts,
    is_korean: bool,
    findings: &mut Vec<Finding>,
) {
    let mut times: Vec<(usize, usize)> = Vec::new();
    let mut has_zone = KOREAN_ZONES
        .iter()
        .any(|zone| text[sentence.start..sentence.end].contains(zone));
    let mut index = sentence.words.start;
    while index < sentence.words.end {
        let word = &words.list[index];
        let original = &text[word.start..word.end];
        let lower = words.lower(index);
        let (rule, found) = if is_ticket(original) {
            ("jargon.ticket", Some(&texts.ticket))
        } else if is_ip_address(lower) {
            ("jargon.ip_address", Some(&texts.ip_address))
        } else if is_internal_host(lower) {
            ("jargon.host", Some(&texts.host))
        } else {
            ("", None)
        };
        if let Some(found) = found {
            findings.push(finding(rule, Category::Jargon, word.start, word.end, found));
        }
        if is_zone(lower) || is_offset(text, word.start, lower) {
            has_zone = true;
        } else if let Some(last) = time_at(text, words, index, sentence.words.end) {
            let start = korean_day_part_before(text, words, index, sentence.words.start)
                .unwrap_or(word.start);
            if lower.ends_with('z') {
                has_zone = true;
            }
            times.push((start, words.list[last].end));
            index = last;
        }
        index += 1;
    }
    if !has_zone {
        for (start, end) in times {
            findings.push(finding(
                "vague_time.no_time_zone",
                Category::VagueTime,
                start,
                end,
                &texts.no_time_zone,
            ));
        }
    }
    let is_long = if is_korean {
        text[sentence.start..sentence.end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .count()
            > MAX_KOREAN_CHARS
    } else {
        sentence.words.len() > MAX_ENGLISH_WORDS
    };
    if is_long {
        let (start, end) = trimmed(text, sentence.start, sentence.end);
        findings.push(finding(
            "plain_language.long_sentence",
            Category::PlainLanguage,
            start,
            end,
            &texts.long_sentence,
        ));
    }
}

/// A whole-text rule: a public review should say when the impact started and ended. It
/// is satisfied by two times, or one time and a duration ("for 42 minutes", "42분 동안").
/// The finding covers the first line, since the window belongs near the top.
pub(super) fn check_impact_window(
    text: &str,
    words: &Words,
    texts: &'static Texts,
    findings: &mut Vec<Finding>,
) {
    if words.list.len() < MIN_WORDS_FOR_IMPACT_WINDOW {
        return;
    }
    let (mut times, mut has_duration) = (0, false);
    let mut index = 0;
    while index < words.list.len() {
        if let Some(last) = time_at(text, words, index, words.list.len()) {
            times += 1;
            index = last;
        } else if is_duration(words, index) {
            has_duration = true;
        }
        if times >= 2 || (times == 1 && has_duration) {
            return;
        }
        index += 1;
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let (start, end) = trimmed(text, 0, first_line_end);
    findings.push(finding(
        "missing_impact.no_window",
        Category::MissingImpact,
        start,
        end,
        &texts.no_impact_window,
    ));
}

fn finding(
    rule: &'static str,
    category: Category,
    start: usize,
    end: usize,
    text: &'static Text,
) -> Finding {
    Finding {
        rule,
        category,
        start,
        end,
        message: &text.message,
        suggestion: &text.suggestion,
    }
}

/// The range without surrounding whitespace (an empty range at `start` if all blank).
fn trimmed(text: &str, start: usize, end: usize) -> (usize, usize) {
    let part = &text[start..end];
    let leading = part.len() - part.trim_start().len();
    let trailing = part.len() - part.trim_end().len();
    if leading == part.len() {
        (start, start)
    } else {
        (start + leading, end - trailing)
    }
}

/// `OPS-1234`, `JIRA-12`, `INC2-7`: upper-case project key, hyphen, number.
fn is_ticket(word: &str) -> bool {
    let Some((key, number)) = word.split_once('-') else {
        return false;
    };
    key.len() >= 2
        && key.len() <= 10
        && key.starts_with(|c: char| c.is_ascii_uppercase())
        && key
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !NOT_TICKETS.contains(&key)
        && (1..=7).contains(&number.len())
        && number.chars().all(|c| c.is_ascii_digit())
}

fn is_ip_address(word: &str) -> bool {
    let address = word.split(['/', '%']).next().unwrap_or(word);
    is_ipv4(address.split(':').next().unwrap_or(address)) || is_ipv6(address)
}

fn is_ipv4(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        parts += 1;
        if part.is_empty()
            || part.len() > 3
            || !part.chars().all(|c| c.is_ascii_digit())
            || part.parse::<u16>().map_or(true, |n| n > 255)
        {
            return false;
        }
    }
    parts == 4
}

/// `2001:db8::1`, `fe80::1`, or the full eight groups. Times (`14:05:00`) have neither a
/// `::` nor five colons.
fn is_ipv6(word: &str) -> bool {
    let colons = word.matches(':').count();
    colons >= 2
        && (word.contains("::") || colons >= 5)
        && word.chars().any(|c| c.is_ascii_hexdigit())
        && word
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        && word
            .split(':')
            .all(|group| group.len() <= 4 || group.contains('.'))
}

/// `db-prod-03.internal`, `api-7f9c`, `web-01`, `cache_eu_2`: a name under an internal
/// suffix, or letters followed by segments with numbers in them. Not `top-10`,
/// `covid-19` or `utf-8`: a bare number needs a leading zero or a third segment.
fn is_internal_host(word: &str) -> bool {
    if word.contains('.') && !word.ends_with('.') {
        let labels: Vec<&str> = word.split('.').collect();
        let has_letters = word.chars().any(|c| c.is_ascii_alphabetic());
        if labels.len() >= 2
            && has_letters
            && labels
                .iter()
                .skip(1)
                .any(|label| INTERNAL_SUFFIXES.contains(label) || *label == "internal")
        {
            return true;
        }
    }
    let name = word.split('.').next().unwrap_or(word);
    let segments: Vec<&str> = name.split(['-', '_']).collect();
    if segments.len() < 2
        || segments[0].is_empty()
        || !segments[0].chars().all(|c| c.is_ascii_lowercase())
    {
        return false;
    }
    segments[1..].iter().any(|segment| {
        let has_digit = segment.chars().any(|c| c.is_ascii_digit());
        let is_hex_like = segment.chars().all(|c| c.is_ascii_hexdigit())
            && segment.chars().any(|c| c.is_ascii_alphabetic());
        has_digit
            && segment.chars().all(|c| c.is_ascii_alphanumeric())
            && (is_hex_like
                || segment.starts_with('0')
                || segments.len() >= 3
                || segment.chars().any(|c| c.is_ascii_alphabetic()))
    })
}

/// `14:05`, `9:30`, `14:05:59`, `2:30pm`, with an optional trailing `z`.
fn is_clock_time(word: &str) -> bool {
    let word = word.strip_suffix('z').unwrap_or(word);
    let word = word
        .strip_suffix("am")
        .or_else(|| word.strip_suffix("pm"))
        .unwrap_or(word);
    let mut parts = word.split(':');
    let (Some(hours), Some(minutes)) = (parts.next(), parts.next()) else {
        return false;
    };
    let seconds = parts.next();
    parts.next().is_none()
        && is_number_up_to(hours, 2, 24)
        && minutes.len() == 2
        && is_number_up_to(minutes, 2, 59)
        && seconds.is_none_or(|s| s.len() == 2 && is_number_up_to(s, 2, 60))
}

fn is_number_up_to(text: &str, digits: usize, max: u32) -> bool {
    !text.is_empty()
        && text.len() <= digits
        && text.chars().all(|c| c.is_ascii_digit())
        && text.parse::<u32>().is_ok_and(|n| n <= max)
}

/// A time starting at word `index`: `14:05`, `14:05-14:47` (one word), `3pm`,
/// `3 p.m`, `오후 3시`, `14시 5분`. Returns the index of its last word.
fn time_at(text: &str, words: &Words, index: usize, end: usize) -> Option<usize> {
    let lower = words.lower(index);
    let word_start = words.list.get(index)?.start;
    if is_offset(text, word_start, lower) {
        return None;
    }
    // Korean particles attach to the time itself: 11:10부터, 13:20까지.
    let clock = lower.trim_end_matches(is_hangul);
    if clock.split(['-', '–']).any(is_clock_time) {
        return Some(index);
    }
    let digits = lower.len() - lower.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 2 {
        return None;
    }
    let (number, rest) = lower.split_at(digits);
    if !is_number_up_to(number, 2, 24) {
        return None;
    }
    if matches!(rest, "am" | "pm") {
        return Some(index);
    }
    if rest.is_empty()
        && index + 1 < end
        && matches!(words.lower(index + 1), "am" | "pm" | "a.m" | "p.m")
    {
        return Some(index + 1);
    }
    // 3시, 14시에, 3시경: an hour. 3시간 is a duration.
    if let Some(after_hour) = rest.strip_prefix('시')
        && !after_hour.starts_with('간')
        && after_hour.chars().all(is_hangul)
    {
        let next = index + 1;
        let has_minutes = next < end && {
            let minutes = words.lower(next);
            let digits = minutes.len()
                - minutes
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            digits > 0 && minutes[digits..].starts_with('분')
        };
        return Some(if has_minutes { next } else { index });
    }
    None
}

/// `+09:00` after a time is an offset: it names the zone.
fn is_offset(text: &str, word_start: usize, lower: &str) -> bool {
    text[..word_start].ends_with(['+', '−']) && (is_clock_time(lower) || lower.len() == 4)
}

/// `UTC`, `kst`, `KST에` (a particle after it).
fn is_zone(lower: &str) -> bool {
    let without_particle = lower.trim_end_matches(is_hangul);
    ZONES.contains(&without_particle) && !without_particle.is_empty()
}

/// 오후 before 3시: the highlight starts there.
fn korean_day_part_before(text: &str, words: &Words, index: usize, first: usize) -> Option<usize> {
    let previous = index.checked_sub(1).filter(|&p| p >= first)?;
    let word = &words.list[previous];
    matches!(
        &text[word.start..word.end],
        "오전" | "오후" | "새벽" | "아침" | "저녁" | "밤" | "낮"
    )
    .then_some(word.start)
}

fn is_duration(words: &Words, index: usize) -> bool {
    let lower = words.lower(index);
    let digits = lower.len() - lower.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return false;
    }
    let rest = &lower[digits..];
    let next = words.lower(index + 1);
    (rest.is_empty() && DURATION_UNITS.contains(&next))
        || rest.starts_with("-minute")
        || rest.starts_with("-hour")
        || rest.starts_with("시간")
        || (rest.starts_with('분')
            && (rest.contains("간") || rest.contains("동안") || next.starts_with("동안")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_tickets_and_addresses_are_told_from_ordinary_words() {
        for host in [
            "db-prod-03.internal",
            "api-7f9c",
            "web-01",
            "cache.svc",
            "payments.corp",
        ] {
            assert!(is_internal_host(host), "{host}");
        }
        for word in [
            "top-10",
            "covid-19",
            "utf-8",
            "sha-256",
            "x86-64",
            "example.com",
            "e.g",
            "read-only",
            "2024-05-01",
        ] {
            assert!(!is_internal_host(word), "{word}");
        }
        assert!(is_ticket("OPS-1234") && is_ticket("JIRA-12"));
        assert!(!is_ticket("UTF-8") && !is_ticket("ops-12") && !is_ticket("OPS-"));
        for address in [
            "10.0.0.1",
            "192.168.1.20:5432",
            "10.0.0.0/8",
            "2001:db8::1",
            "fe80::1",
        ] {
            assert!(is_ip_address(address), "{address}");
        }
        for word in ["14:05:00", "1.2.3", "300.1.1.1", "v1.2.3.4", "::"] {
            assert!(!is_ip_address(word), "{word}");
        }
    }

    #[test]
    fn clock_times() {
        for time in ["14:05", "9:30", "23:59:59", "2:30pm", "14:05z"] {
            assert!(is_clock_time(time), "{time}");
        }
        for word in ["3:1", "25:00", "14:5", "a:bc", "14:05:00:00"] {
            assert!(!is_clock_time(word), "{word}");
        }
    }
}
