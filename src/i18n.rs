//! The one translation layer: every word a person reads comes from the Fluent files in
//! `locales/{en,ko}/`, looked up in the language of the request.
//!
//! The language travels with the request as a task-local ([`scope`]), set by the session
//! middleware (the signed-in person's setting, else `Accept-Language`) and by the public
//! site (`Accept-Language`, or `?lang=` on a review). Views call [`t!`](crate::t)
//! wherever they are, without threading the language through every signature. Work
//! done outside a request (emails, streamed live-meeting fragments) sets its own scope
//! with [`sync_scope`].

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
pub use fluent_bundle::FluentValue;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use serde::{Deserialize, Serialize};

mod files {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// A language Hindsight speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 tag, for `lang` attributes, `hreflang` and storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's name in itself, for pickers.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// `en`, `ko`, or a regional tag of either (`ko-KR`).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(primary))
    }

    /// The reader's preferred language among ours, from an `Accept-Language` header
    /// (RFC 9110 §12.5.4): the highest `q` wins, earlier entries break ties.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(Lang, f32)> = None;
        for entry in header.split(',') {
            let mut parts = entry.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else {
                continue;
            };
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if quality > 0.0 && best.is_none_or(|(_, q)| quality > q) {
                best = Some((lang, quality));
            }
        }
        best.map(|(lang, _)| lang).unwrap_or_default()
    }

    /// The request's language from its headers, for pages not tied to a person.
    pub fn from_headers(headers: &axum::http::HeaderMap) -> Lang {
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or_default()
    }
}

tokio::task_local! {
    static CURRENT: Lang;
}

/// The language of the work in progress (English outside any scope).
pub fn current() -> Lang {
    CURRENT.try_with(|lang| *lang).unwrap_or_default()
}

/// Runs `future` with `lang` as the current language.
pub async fn scope<F: Future>(lang: Lang, future: F) -> F::Output {
    CURRENT.scope(lang, future).await
}

/// Runs `work` with `lang` as the current language.
pub fn sync_scope<R>(lang: Lang, work: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(lang, work)
}

struct Bundles {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| {
    let bundles = Lang::ALL
        .into_iter()
        .map(|lang| {
            let id = lang
                .code()
                .parse()
                .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Isolation marks would land inside HTML attributes and plain-text emails.
            bundle.set_use_isolating(false);
            for (_, name, source) in files::FILES.iter().filter(|(l, ..)| *l == lang.code()) {
                let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(
                    |(resource, errors)| {
                        tracing::error!(file = %name, ?errors, "translation file has errors");
                        resource
                    },
                );
                if let Err(errors) = bundle.add_resource(resource) {
                    tracing::error!(file = %name, ?errors, "translation file repeats a key");
                }
            }
            (lang, bundle)
        })
        .collect();
    Bundles { bundles }
});

/// The text of `key` in `lang`, with `args` filled in. A missing key (which the tests
/// rule out) shows the key itself rather than nothing.
pub fn text_in(lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let Some(bundle) = BUNDLES
        .bundles
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, b)| b)
    else {
        return key.to_owned();
    };
    let (id, attribute) = match key.split_once('.') {
        Some((id, attribute)) => (id, Some(attribute)),
        None => (key, None),
    };
    let Some(message) = bundle.get_message(id) else {
        tracing::warn!(key, lang = lang.code(), "missing translation");
        return key.to_owned();
    };
    let pattern = match attribute {
        Some(attribute) => message.get_attribute(attribute).map(|a| a.value()),
        None => message.value(),
    };
    let Some(pattern) = pattern else {
        tracing::warn!(key, lang = lang.code(), "missing translation");
        return key.to_owned();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(
            key,
            lang = lang.code(),
            ?errors,
            "translation could not be filled in"
        );
    }
    text.into_owned()
}

/// The text of `key` in the current language. Use [`t!`](crate::t).
pub fn text(key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    text_in(current(), key, args)
}

/// A translated text: `t!("key")`, or `t!("key", name = value, …)` for a message with
/// `{ $name }` placeables. Numbers select plural forms.
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::i18n::text($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text(
            $key,
            &[$((stringify!($name), $crate::i18n::FluentValue::from($value))),+],
        )
    };
}

/// A calendar date as the current language writes it.
pub fn date(day: NaiveDate) -> String {
    match current() {
        Lang::En => day.format("%Y-%m-%d").to_string(),
        Lang::Ko => day.format("%Y년 %-m월 %-d일").to_string(),
    }
}

/// A month as the current language writes it ("November 2026", "2026년 11월").
pub fn month(day: NaiveDate) -> String {
    match current() {
        Lang::En => day.format("%B %Y").to_string(),
        Lang::Ko => day.format("%Y년 %-m월").to_string(),
    }
}

/// A moment in `zone`, to the minute, with the zone's abbreviation.
pub fn date_time<Tz>(time: DateTime<Tz>) -> String
where
    Tz: chrono::TimeZone,
    Tz::Offset: std::fmt::Display,
{
    match current() {
        Lang::En => time.format("%Y-%m-%d %H:%M %Z").to_string(),
        Lang::Ko => time.format("%Y년 %-m월 %-d일 %H:%M %Z").to_string(),
    }
}

/// A moment in UTC, for public pages and emails that have no reader's zone.
pub fn date_time_utc(time: DateTime<Utc>) -> String {
    match current() {
        Lang::En => time.format("%Y-%m-%d %H:%M UTC").to_string(),
        Lang::Ko => time.format("%Y년 %-m월 %-d일 %H:%M UTC").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_bundle::FluentResource;
    use fluent_syntax::ast;

    use super::*;

    /// Every key (message and attribute) of each file, per language.
    fn keys_by_file() -> BTreeMap<(&'static str, &'static str), BTreeSet<String>> {
        let mut keys = BTreeMap::new();
        for (lang, name, source) in files::FILES {
            let resource = FluentResource::try_new((*source).to_owned())
                .unwrap_or_else(|(_, errors)| panic!("{lang}/{name} does not parse: {errors:?}"));
            let mut file_keys = BTreeSet::new();
            for entry in resource.entries() {
                if let ast::Entry::Message(message) = entry {
                    let id = message.id.name;
                    if message.value.is_some() {
                        file_keys.insert(id.to_owned());
                    }
                    for attribute in &message.attributes {
                        file_keys.insert(format!("{id}.{}", attribute.id.name));
                    }
                }
            }
            keys.insert((*lang, *name), file_keys);
        }
        keys
    }

    #[test]
    fn every_key_exists_in_every_language() {
        let keys = keys_by_file();
        let names: BTreeSet<&str> = keys.keys().map(|(_, name)| *name).collect();
        let mut problems = Vec::new();
        for name in names {
            let english = keys.get(&("en", name)).cloned().unwrap_or_default();
            for lang in Lang::ALL {
                let Some(these) = keys.get(&(lang.code(), name)) else {
                    problems.push(format!("locales/{}/{name} is missing", lang.code()));
                    continue;
                };
                for key in english.difference(these) {
                    problems.push(format!(
                        "{key} is in en/{name} but not {}/{name}",
                        lang.code()
                    ));
                }
                for key in these.difference(&english) {
                    problems.push(format!(
                        "{key} is in {}/{name} but not en/{name}",
                        lang.code()
                    ));
                }
            }
        }
        assert!(
            problems.is_empty(),
            "translations out of step:\n{}",
            problems.join("\n")
        );
    }

    #[test]
    fn no_key_is_defined_twice() {
        for lang in Lang::ALL {
            let mut seen = BTreeMap::new();
            for ((l, name), keys) in keys_by_file() {
                if l != lang.code() {
                    continue;
                }
                for key in keys {
                    if let Some(other) = seen.insert(key.clone(), name) {
                        panic!("{key} is defined in both {l}/{other} and {l}/{name}");
                    }
                }
            }
        }
    }

    /// Every `t!("key")` in the code names a key that exists, so a typo cannot ship.
    #[test]
    fn every_key_the_code_uses_exists() {
        let english: BTreeSet<String> = keys_by_file()
            .into_iter()
            .filter(|((lang, _), _)| *lang == "en")
            .flat_map(|(_, keys)| keys)
            .collect();
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).expect("src is readable").flatten() {
                    stack.push(entry.path());
                }
                continue;
            }
            // This file's own docs and tests show the macro with made-up keys.
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("src/i18n.rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("source is readable");
            for (at, _) in source.match_indices("t!(\"") {
                // `format!("…` ends the same way; only a `t!` of its own is ours.
                let own_macro = source[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
                let key = source[at + 4..].split('"').next();
                if let Some(key) = key.filter(|_| own_macro)
                    && !english.contains(key)
                {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys used but not defined:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn accept_language_picks_the_preferred_language_we_speak() {
        assert_eq!(
            Lang::from_accept_language("ko-KR,ko;q=0.9,en;q=0.8"),
            Lang::Ko
        );
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,ko;q=0.8"),
            Lang::En
        );
        assert_eq!(Lang::from_accept_language("fr, ko;q=0.5"), Lang::Ko);
        assert_eq!(Lang::from_accept_language("ko;q=0, en"), Lang::En);
        assert_eq!(Lang::from_accept_language("de, fr"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
    }

    #[test]
    fn texts_follow_the_current_language() {
        assert_eq!(sync_scope(Lang::En, || crate::t!("nav-sign-in")), "Sign in");
        assert_eq!(sync_scope(Lang::Ko, || crate::t!("nav-sign-in")), "로그인");
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).expect("a real date");
        assert_eq!(sync_scope(Lang::Ko, || date(day)), "2026년 3월 2일");
        assert_eq!(sync_scope(Lang::En, || date(day)), "2026-03-02");
    }
}
