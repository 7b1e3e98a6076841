//! The rule files (`rules/en.json`, `rules/ko.json`), compiled into the binary and
//! parsed once into indexes the checkers walk in one pass.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

use super::Category;

/// English rules, parsed on first use. The files are part of the binary and a unit test
/// parses both, so a failure here is a build defect, not bad input.
pub(super) static ENGLISH: LazyLock<RuleSet> = LazyLock::new(|| {
    RuleSet::parse(include_str!("rules/en.json"), Script::Words).expect("rules/en.json is valid")
});

/// Korean rules, parsed on first use.
pub(super) static KOREAN: LazyLock<RuleSet> = LazyLock::new(|| {
    RuleSet::parse(include_str!("rules/ko.json"), Script::Syllables)
        .expect("rules/ko.json is valid")
});

/// How a rule file's patterns match: English patterns are word sequences; Korean
/// patterns are substrings, because particles and endings attach to words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    Words,
    Syllables,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    lang: String,
    classes: HashMap<String, Vec<String>>,
    rules: Vec<RuleEntry>,
    texts: Texts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    id: String,
    category: Category,
    #[serde(default)]
    public_only: bool,
    patterns: Vec<String>,
    #[serde(default)]
    guards: Vec<Guard>,
    #[serde(default)]
    unless_next: Vec<String>,
    #[serde(default)]
    requires_later: Vec<String>,
    #[serde(default)]
    unless_before: Vec<String>,
    #[serde(default)]
    unless_after: Vec<String>,
    #[serde(default)]
    requires_after: Vec<String>,
    message: String,
    suggestion: String,
}

/// Context checks a rule file can ask for by name; the logic lives in `english.rs` and
/// `korean.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Guard {
    /// English: the word before the match (past adverbs) is not a system noun.
    PersonSubject,
    /// English: a past participle follows ("should have checked"), not a noun phrase
    /// ("should have a runbook").
    ParticipleNext,
    /// No negation or distancing word ("not", "wasn't", "avoid") shortly before
    /// (English), or "아니" shortly after (Korean).
    NotNegated,
    /// English: "who was responsible for coordinating…" asks about a role.
    NotRoleQuestion,
    /// English: the word after the match (past determiners) is not a system noun.
    PersonAfter,
    /// English: the word after the match is a name or a person.
    PersonAfterStrict,
    /// Korean: the syllable before ends in the past-tense ㅆ (했어야, not 해야, 있어야).
    PastBefore,
    /// Korean: the nearest subject before the match is not a system noun.
    NotSystemSubject,
    /// Korean: no subject after the match is a system noun (왜 알림이 울리지 않았나).
    NoSystemSubjectAfter,
    /// Korean: a person word comes before the match in the sentence.
    PersonBefore,
}

/// A message and a rewrite prompt.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Text {
    pub message: String,
    pub suggestion: String,
}

/// Texts of the rules whose matching is in code (the same for both languages).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Texts {
    #[serde(rename = "jargon.host")]
    pub host: Text,
    #[serde(rename = "jargon.ticket")]
    pub ticket: Text,
    #[serde(rename = "jargon.ip_address")]
    pub ip_address: Text,
    #[serde(rename = "jargon.internal_name")]
    pub internal_name: Text,
    #[serde(rename = "plain_language.long_sentence")]
    pub long_sentence: Text,
    #[serde(rename = "vague_time.no_time_zone")]
    pub no_time_zone: Text,
    #[serde(rename = "missing_impact.no_window")]
    pub no_impact_window: Text,
    #[serde(rename = "custom.blame")]
    pub custom_blame: Text,
}

/// One rule, ready to match.
#[derive(Debug)]
pub(super) struct Rule {
    pub id: String,
    pub category: Category,
    pub public_only: bool,
    pub guards: Vec<Guard>,
    pub unless_next: Vec<String>,
    pub requires_later: Vec<String>,
    pub unless_before: Vec<String>,
    pub unless_after: Vec<String>,
    pub requires_after: Vec<String>,
    pub message: String,
    pub suggestion: String,
    /// English only: each pattern as a sequence of elements.
    pub patterns: Vec<Vec<Element>>,
}

/// One position of an English pattern.
#[derive(Debug)]
pub(super) enum Element {
    /// `careless*|sloppy`: any of these words, `*` at the end for a prefix.
    OneOf(Vec<Alternative>),
    /// `*`: any one word.
    Any,
    /// `@person`: a word of a class in the rule file.
    Class(String),
    /// `@poss`: a possessive (`Kevin's`, `their`).
    Possessive,
}

#[derive(Debug)]
pub(super) enum Alternative {
    Exact(String),
    Prefix(String),
}

/// Where a pattern is: rule index and pattern index (English) or the pattern (Korean).
pub(super) type PatternRef = (usize, usize);

#[derive(Debug)]
pub(super) struct RuleSet {
    pub rules: Vec<Rule>,
    pub texts: Texts,
    classes: HashMap<String, HashSet<String>>,
    /// English: patterns by their first word.
    pub by_first_word: HashMap<String, Vec<PatternRef>>,
    /// English: patterns whose first word is a prefix (`careless*`).
    pub by_first_prefix: Vec<(String, PatternRef)>,
    /// English: patterns that start with a class, tried at every word.
    pub unanchored: Vec<PatternRef>,
    /// Korean: patterns by their first char, with the pattern text.
    pub by_first_char: HashMap<char, Vec<(usize, String)>>,
}

impl RuleSet {
    fn parse(source: &str, script: Script) -> Result<RuleSet, String> {
        let file: RuleFile = serde_json::from_str(source).map_err(|e| e.to_string())?;
        let classes: HashMap<String, HashSet<String>> = file
            .classes
            .into_iter()
            .map(|(name, words)| (name, words.into_iter().collect()))
            .collect();
        let mut set = RuleSet {
            rules: Vec::with_capacity(file.rules.len()),
            texts: file.texts,
            classes,
            by_first_word: HashMap::new(),
            by_first_prefix: Vec::new(),
            unanchored: Vec::new(),
            by_first_char: HashMap::new(),
        };
        for (rule_index, entry) in file.rules.into_iter().enumerate() {
            if !entry.id.starts_with(&format!("{}.", file.lang)) {
                return Err(format!(
                    "rule {} should start with {}.",
                    entry.id, file.lang
                ));
            }
            let mut patterns = Vec::new();
            for (pattern_index, pattern) in entry.patterns.iter().enumerate() {
                match script {
                    Script::Words => {
                        let elements = set.parse_pattern(pattern)?;
                        set.index(&elements, (rule_index, pattern_index));
                        patterns.push(elements);
                    }
                    Script::Syllables => {
                        let first = pattern
                            .chars()
                            .next()
                            .ok_or_else(|| format!("empty pattern in {}", entry.id))?;
                        set.by_first_char
                            .entry(first)
                            .or_default()
                            .push((rule_index, pattern.clone()));
                    }
                }
            }
            set.rules.push(Rule {
                id: entry.id,
                category: entry.category,
                public_only: entry.public_only,
                guards: entry.guards,
                unless_next: entry.unless_next,
                requires_later: entry.requires_later,
                unless_before: entry.unless_before,
                unless_after: entry.unless_after,
                requires_after: entry.requires_after,
                message: entry.message,
                suggestion: entry.suggestion,
                patterns,
            });
        }
        Ok(set)
    }

    fn parse_pattern(&self, pattern: &str) -> Result<Vec<Element>, String> {
        let elements: Vec<Element> = pattern
            .split_whitespace()
            .map(|part| match part {
                "*" => Ok(Element::Any),
                "@poss" => Ok(Element::Possessive),
                _ => match part.strip_prefix('@') {
                    Some(class) if self.classes.contains_key(class) => {
                        Ok(Element::Class(class.to_owned()))
                    }
                    Some(class) => Err(format!("unknown class @{class} in \"{pattern}\"")),
                    None => Ok(Element::OneOf(
                        part.split('|')
                            .map(|alternative| match alternative.strip_suffix('*') {
                                Some(prefix) if !prefix.is_empty() => {
                                    Alternative::Prefix(prefix.to_owned())
                                }
                                _ => Alternative::Exact(alternative.to_owned()),
                            })
                            .collect(),
                    )),
                },
            })
            .collect::<Result<_, _>>()?;
        if elements.is_empty() {
            return Err("empty pattern".to_owned());
        }
        Ok(elements)
    }

    fn index(&mut self, elements: &[Element], at: PatternRef) {
        match elements.first() {
            Some(Element::OneOf(alternatives)) => {
                for alternative in alternatives {
                    match alternative {
                        Alternative::Exact(word) => {
                            self.by_first_word.entry(word.clone()).or_default().push(at);
                        }
                        Alternative::Prefix(prefix) => {
                            self.by_first_prefix.push((prefix.clone(), at));
                        }
                    }
                }
            }
            _ => self.unanchored.push(at),
        }
    }

    /// Is this word (lowercased, a trailing `'s` ignored) in the named class?
    pub fn in_class(&self, class: &str, word: &str) -> bool {
        let word = word.strip_suffix("'s").unwrap_or(word);
        self.classes
            .get(class)
            .is_some_and(|words| words.contains(word))
    }

    pub fn class_words(&self, class: &str) -> impl Iterator<Item = &str> {
        self.classes
            .get(class)
            .into_iter()
            .flat_map(|words| words.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_rule_files_parse() {
        assert!(!ENGLISH.rules.is_empty());
        assert!(!KOREAN.rules.is_empty());
        for class in [
            "person",
            "system",
            "negation",
            "adverbs",
            "determiners",
            "participles",
        ] {
            assert!(ENGLISH.classes.contains_key(class), "en.json lacks {class}");
        }
        for class in ["person", "person_exact", "system", "subject_particles"] {
            assert!(KOREAN.classes.contains_key(class), "ko.json lacks {class}");
        }
    }

    #[test]
    fn a_bad_rule_file_is_an_error_not_a_panic() {
        assert!(RuleSet::parse("{}", Script::Words).is_err());
        let unknown_class = include_str!("rules/en.json").replace("@person", "@nobody");
        assert!(RuleSet::parse(&unknown_class, Script::Words).is_err());
    }
}
