//! Time zones as timelines write them: abbreviations (`PST`, `KST`), offsets (`+09:00`,
//! `UTC-7`) and IANA names (`Europe/Berlin`), and turning a local wall-clock time into UTC.
//!
//! Abbreviations are ambiguous in the world at large; this table picks the reading most
//! likely in an incident timeline and says so: `IST` is India (+05:30, not Israel or
//! Ireland), `CST` is US Central (−06:00, not China), `BST` is British Summer Time (+01:00).
//! An abbreviation names one offset, whatever the date: `PST` in July is still −08:00,
//! because that is what the writer said. The generic `PT`, `MT`, `CT` and `ET` name the
//! region instead, and follow its daylight-saving rules.

use std::fmt;

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

const HOUR: i32 = 3600;
const MINUTE: i32 = 60;

/// Abbreviations with one fixed offset from UTC, in seconds east of UTC.
const FIXED_ABBREVIATIONS: &[(&str, i32)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("UT", 0),
    ("Z", 0),
    // North America
    ("HST", -10 * HOUR),
    ("AKST", -9 * HOUR),
    ("AKDT", -8 * HOUR),
    ("PST", -8 * HOUR),
    ("PDT", -7 * HOUR),
    ("MST", -7 * HOUR),
    ("MDT", -6 * HOUR),
    ("CST", -6 * HOUR),
    ("CDT", -5 * HOUR),
    ("EST", -5 * HOUR),
    ("EDT", -4 * HOUR),
    ("AST", -4 * HOUR),
    ("ADT", -3 * HOUR),
    ("NST", -3 * HOUR - 30 * MINUTE),
    ("NDT", -2 * HOUR - 30 * MINUTE),
    // South America
    ("BRT", -3 * HOUR),
    ("ART", -3 * HOUR),
    // Europe and Africa
    ("WET", 0),
    ("WEST", HOUR),
    ("BST", HOUR),
    ("IST", 5 * HOUR + 30 * MINUTE),
    ("CET", HOUR),
    ("CEST", 2 * HOUR),
    ("EET", 2 * HOUR),
    ("EEST", 3 * HOUR),
    ("MSK", 3 * HOUR),
    ("WAT", HOUR),
    ("CAT", 2 * HOUR),
    ("SAST", 2 * HOUR),
    ("EAT", 3 * HOUR),
    // Asia and Oceania
    ("PKT", 5 * HOUR),
    ("ICT", 7 * HOUR),
    ("WIB", 7 * HOUR),
    ("SGT", 8 * HOUR),
    ("HKT", 8 * HOUR),
    ("AWST", 8 * HOUR),
    ("JST", 9 * HOUR),
    ("KST", 9 * HOUR),
    ("ACST", 9 * HOUR + 30 * MINUTE),
    ("ACDT", 10 * HOUR + 30 * MINUTE),
    ("AEST", 10 * HOUR),
    ("AEDT", 11 * HOUR),
    ("NZST", 12 * HOUR),
    ("NZDT", 13 * HOUR),
];

/// Abbreviations that name a region rather than an offset ("9:00 PT" is PST in winter and
/// PDT in summer), resolved with that region's rules.
const REGIONAL_ABBREVIATIONS: &[(&str, Tz)] = &[
    ("PT", Tz::America__Los_Angeles),
    ("MT", Tz::America__Denver),
    ("CT", Tz::America__Chicago),
    ("ET", Tz::America__New_York),
];

/// The fixed offset an abbreviation stands for (`PST` → −08:00, `KST` → +09:00), or `None`
/// for an unknown one. Case-insensitive: callers decide how strict to be with lowercase.
pub fn offset_of(abbreviation: &str) -> Option<FixedOffset> {
    FIXED_ABBREVIATIONS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(abbreviation))
        .and_then(|&(_, seconds)| FixedOffset::east_opt(seconds))
}

/// A zone a time was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// A fixed offset: an abbreviation like `PDT`, or `+09:00`.
    Fixed(FixedOffset),
    /// A region with daylight-saving rules: an IANA name, or `PT`/`ET`.
    Region(Tz),
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Fixed(offset) if offset.local_minus_utc() == 0 => f.write_str("UTC"),
            Zone::Fixed(offset) => write!(f, "UTC{offset}"),
            Zone::Region(tz) => f.write_str(tz.name()),
        }
    }
}

/// A zone by abbreviation (`PDT`, `PT`) or IANA name (`Asia/Seoul`), case-insensitive.
pub fn zone_named(name: &str) -> Option<Zone> {
    if let Some(offset) = offset_of(name) {
        return Some(Zone::Fixed(offset));
    }
    if let Some(&(_, tz)) = REGIONAL_ABBREVIATIONS
        .iter()
        .find(|(abbreviation, _)| abbreviation.eq_ignore_ascii_case(name))
    {
        return Some(Zone::Region(tz));
    }
    // Only names with a slash: chrono-tz also knows bare legacy names ("EST5EDT", "Cuba")
    // that read like ordinary words.
    if name.contains('/') {
        return name.parse::<Tz>().ok().map(Zone::Region);
    }
    None
}

/// Reads a numeric offset at the start of `text`: `+09:00`, `+0900`, `+9`, `-07`, or with a
/// Unicode minus (`−7`). Returns the offset and how many bytes it took.
///
/// One- and two-digit forms (`+9`) are easily confused with counts ("+10 servers"), so
/// `allow_hours_only` says whether they are wanted here (after `UTC` or `GMT`, they are).
pub fn parse_offset(text: &str, allow_hours_only: bool) -> Option<(FixedOffset, usize)> {
    let (sign, sign_len) = if let Some(rest) = text.strip_prefix('+') {
        (1, text.len() - rest.len())
    } else if let Some(rest) = text.strip_prefix('-') {
        (-1, text.len() - rest.len())
    } else if let Some(rest) = text.strip_prefix('\u{2212}') {
        (-1, text.len() - rest.len())
    } else {
        return None;
    };
    let rest = &text[sign_len..];
    let digits: Vec<u32> = rest
        .chars()
        .take_while(char::is_ascii_digit)
        .take(5)
        .filter_map(|c| c.to_digit(10))
        .collect();
    let (hours, minutes, used) = match digits.as_slice() {
        // +09:00
        [h1, h2] if rest[2..].starts_with(':') => {
            let minute_digits: Vec<u32> = rest[3..]
                .chars()
                .take_while(char::is_ascii_digit)
                .take(3)
                .filter_map(|c| c.to_digit(10))
                .collect();
            match minute_digits.as_slice() {
                [m1, m2] => (h1 * 10 + h2, m1 * 10 + m2, 5),
                _ => return None,
            }
        }
        // +0900
        [h1, h2, m1, m2] => (h1 * 10 + h2, m1 * 10 + m2, 4),
        [h1, h2] if allow_hours_only => (h1 * 10 + h2, 0, 2),
        [h] if allow_hours_only => (*h, 0, 1),
        _ => return None,
    };
    // Real offsets run from −12:00 to +14:00 in steps of 30 or 45 minutes; anything else
    // is more likely a time range ("14:02-14:10") or a count.
    if hours > 14 || (sign < 0 && hours > 12) || ![0, 30, 45].contains(&minutes) {
        return None;
    }
    let seconds = sign * (hours as i32 * HOUR + minutes as i32 * MINUTE);
    FixedOffset::east_opt(seconds).map(|offset| (offset, sign_len + used))
}

/// A local time turned into UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResolvedTime {
    pub utc: DateTime<Utc>,
    /// Set when the wall-clock time happened twice (clocks went back): `utc` is then the
    /// earlier of the two, and this the later, so the caller can warn.
    pub later_alternative: Option<DateTime<Utc>>,
}

/// A wall-clock time that never happened in its zone: clocks skipped it (spring forward).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SkippedLocalTime {
    pub local: NaiveDateTime,
    pub zone: Zone,
}

impl fmt::Display for SkippedLocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::t!(
            "import-error-clocks-skipped",
            time = self.local.format("%Y-%m-%d %H:%M").to_string(),
            zone = self.zone.to_string()
        ))
    }
}

/// Turns a wall-clock time in `zone` into UTC.
///
/// During the hour clocks go back the time is ambiguous; the earlier instant is chosen
/// (a timeline read top to bottom most often means the first pass) and the later one is
/// reported in `later_alternative`. A time in the hour clocks skip is refused rather than
/// guessed, since any guess puts the entry an hour off.
pub fn local_to_utc(local: NaiveDateTime, zone: Zone) -> Result<ResolvedTime, SkippedLocalTime> {
    match zone {
        Zone::Fixed(offset) => match offset.from_local_datetime(&local) {
            LocalResult::Single(at) => Ok(ResolvedTime {
                utc: at.with_timezone(&Utc),
                later_alternative: None,
            }),
            // A fixed offset has no gaps or folds; only an out-of-range date gets here.
            _ => Err(SkippedLocalTime { local, zone }),
        },
        Zone::Region(tz) => match tz.from_local_datetime(&local) {
            LocalResult::Single(at) => Ok(ResolvedTime {
                utc: at.with_timezone(&Utc),
                later_alternative: None,
            }),
            LocalResult::Ambiguous(earlier, later) => Ok(ResolvedTime {
                utc: earlier.with_timezone(&Utc),
                later_alternative: Some(later.with_timezone(&Utc)),
            }),
            LocalResult::None => Err(SkippedLocalTime { local, zone }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn abbreviations_map_to_their_offsets() {
        let hours = |name: &str| offset_of(name).map(|o| o.local_minus_utc() as f64 / 3600.0);
        assert_eq!(hours("PST"), Some(-8.0));
        assert_eq!(hours("pdt"), Some(-7.0));
        assert_eq!(hours("KST"), Some(9.0));
        assert_eq!(hours("IST"), Some(5.5));
        assert_eq!(hours("NZDT"), Some(13.0));
        assert_eq!(hours("Z"), Some(0.0));
        assert_eq!(hours("XYZ"), None);
        assert_eq!(hours(""), None);
    }

    #[test]
    fn every_abbreviation_is_a_valid_offset() {
        for (name, _) in FIXED_ABBREVIATIONS {
            assert!(offset_of(name).is_some(), "{name}");
        }
    }

    #[test]
    fn zones_are_found_by_abbreviation_region_or_iana_name() {
        assert_eq!(
            zone_named("PT"),
            Some(Zone::Region(Tz::America__Los_Angeles))
        );
        assert_eq!(
            zone_named("Asia/Seoul"),
            Some(Zone::Region(Tz::Asia__Seoul))
        );
        assert!(matches!(zone_named("cest"), Some(Zone::Fixed(_))));
        assert_eq!(zone_named("Cuba"), None);
        assert_eq!(zone_named("Nowhere/Special"), None);
    }

    #[test]
    fn offsets_are_read_in_their_written_forms() {
        let read = |text: &str, hours_only: bool| {
            parse_offset(text, hours_only).map(|(o, used)| (o.local_minus_utc(), used))
        };
        assert_eq!(read("+09:00 rest", false), Some((9 * HOUR, 6)));
        assert_eq!(read("-0700", false), Some((-7 * HOUR, 5)));
        assert_eq!(read("+0530", false), Some((5 * HOUR + 30 * MINUTE, 5)));
        assert_eq!(read("\u{2212}7", true), Some((-7 * HOUR, 4)));
        assert_eq!(read("+9", true), Some((9 * HOUR, 2)));
        assert_eq!(read("+10 servers", false), None);
        assert_eq!(read("+123", true), None);
        assert_eq!(read("+25:00", false), None);
        assert_eq!(read("-14:00", false), None);
        assert_eq!(read("+0545", false), Some((5 * HOUR + 45 * MINUTE, 5)));
        assert_eq!(read("-07:10", false), None);
        assert_eq!(read("+09:7", false), None);
        assert_eq!(read("nine", true), None);
    }

    #[test]
    fn fixed_zones_convert_directly() {
        let pdt = Zone::Fixed(offset_of("PDT").unwrap());
        let resolved = local_to_utc(local("2016-10-21 14:37"), pdt).unwrap();
        assert_eq!(resolved.utc.to_rfc3339(), "2016-10-21T21:37:00+00:00");
        assert_eq!(resolved.later_alternative, None);
    }

    #[test]
    fn an_ambiguous_local_time_takes_the_earlier_instant() {
        // 2016-11-06 01:30 happened twice in Los Angeles: PDT, then PST.
        let zone = Zone::Region(Tz::America__Los_Angeles);
        let resolved = local_to_utc(local("2016-11-06 01:30"), zone).unwrap();
        assert_eq!(resolved.utc.to_rfc3339(), "2016-11-06T08:30:00+00:00");
        assert_eq!(
            resolved.later_alternative.map(|at| at.to_rfc3339()),
            Some("2016-11-06T09:30:00+00:00".to_owned())
        );
    }

    #[test]
    fn a_skipped_local_time_is_refused() {
        // 2016-03-13 02:30 never happened in Los Angeles.
        let zone = Zone::Region(Tz::America__Los_Angeles);
        let error = local_to_utc(local("2016-03-13 02:30"), zone).unwrap_err();
        assert_eq!(
            error.to_string(),
            "2016-03-13 02:30 did not happen in America/Los_Angeles: clocks skipped it for daylight saving time"
        );
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        let far = NaiveDate::MAX.and_hms_opt(23, 59, 0).unwrap();
        let _ = local_to_utc(far, Zone::Fixed(offset_of("NZDT").unwrap()));
        let _ = local_to_utc(far, Zone::Region(Tz::Pacific__Auckland));
        let early = NaiveDate::MIN.and_hms_opt(0, 0, 0).unwrap();
        let _ = local_to_utc(early, Zone::Fixed(offset_of("PST").unwrap()));
    }
}
