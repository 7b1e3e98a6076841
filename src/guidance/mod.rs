//! Gentle language checks while people write: blameless language for the team, plain
//! language for customers, in English and Korean.
//!
//! [`check`] takes a text, who will read it ([`Audience`]) and its language ([`Lang`],
//! or detected per sentence), and returns [`Finding`]s: byte ranges with a message and a
//! rewrite prompt. The rules and their texts live in `rules/en.json` and `rules/ko.json`,
//! compiled into the binary; teams add phrases and internal names with [`CustomRules`].
//! The rule set, what is deliberately not flagged, and the measured precision and recall
//! are in `docs/guidance.md`.

mod data;
mod english;
mod korean;
mod public;
mod text;
pub mod views;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use data::{ENGLISH, KOREAN, RuleSet};
use text::{Sentence, Words, is_hangul, is_mostly_hangul};

/// Who will read the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Retro cards and internal notes: blame and hindsight checks.
    Team,
    /// A public post-incident review: the team checks plus jargon, long sentences,
    /// evasive phrases, times without a zone and a missing impact window.
    Public,
}

/// The language of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Per sentence: Korean when at least 30% of its letters are Hangul, else English.
    /// A mixed text gets both rule sets, each on its own sentences.
    #[default]
    Auto,
    En,
    Ko,
}

/// What kind of wording a finding is about. Serialized in snake_case (`hindsight_bias`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Points at a person: counterfactuals, character judgments, "human error", fault
    /// hunting, "why didn't you", minimisers.
    Blame,
    /// Makes the outcome look predictable: "it was obvious", "should have known".
    HindsightBias,
    /// Words customers don't know: host names, ticket ids, IP addresses, internal names.
    Jargon,
    /// Hard to read: very long sentences.
    PlainLanguage,
    /// A time without a time zone.
    VagueTime,
    /// A passive phrase that hides what happened: "mistakes were made".
    Evasion,
    /// The text never says when the impact started and ended.
    MissingImpact,
}

impl Category {
    /// Blame and hindsight bias both judge people after the fact; the corpus test and
    /// retro cards treat them alike.
    pub fn counts_as_blame(self) -> bool {
        matches!(self, Category::Blame | Category::HindsightBias)
    }
}

/// One finding: `text[start..end]` (byte offsets, on char boundaries) and what to try.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Finding {
    /// Which rule: `en.counterfactual`, `ko.fault`, `jargon.host`, `custom.blame`, …
    pub rule: &'static str,
    pub category: Category,
    pub start: usize,
    pub end: usize,
    /// What is wrong, in the language of the sentence.
    pub message: &'static str,
    /// A rewrite prompt, in the language of the sentence.
    pub suggestion: &'static str,
}

/// A value for `audience` or `lang` that is not one of the known ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOption {
    pub field: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl fmt::Display for UnknownOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = crate::t!(
            "guidance-error-unknown-option",
            field = self.field,
            value = self.value.as_str(),
            expected = self.expected
        );
        f.write_str(&text)
    }
}

impl std::error::Error for UnknownOption {}

impl FromStr for Audience {
    type Err = UnknownOption;

    /// `team` or `public`, any case.
    fn from_str(value: &str) -> Result<Audience, UnknownOption> {
        match value.trim().to_ascii_lowercase().as_str() {
            "team" => Ok(Audience::Team),
            "public" => Ok(Audience::Public),
            _ => Err(UnknownOption {
                field: "audience",
                value: value.to_owned(),
                expected: "\"team\" or \"public\"",
            }),
        }
    }
}

impl FromStr for Lang {
    type Err = UnknownOption;

    /// `auto`, `en` or `ko`, any case.
    fn from_str(value: &str) -> Result<Lang, UnknownOption> {
        match value.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Lang::Auto),
            "en" => Ok(Lang::En),
            "ko" => Ok(Lang::Ko),
            _ => Err(UnknownOption {
                field: "lang",
                value: value.to_owned(),
                expected: "\"auto\", \"en\" or \"ko\"",
            }),
        }
    }
}

/// Phrases a team adds in its settings: more blaming phrases, and internal names
/// (services, teams, hosts) that customers should not see. Matching ignores case and
/// respects word boundaries; a Korean word may carry a particle (결제팀 matches 결제팀이).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomRules {
    blame_phrases: Vec<Phrase>,
    internal_names: Vec<Phrase>,
}

/// A phrase as lowercased words.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Phrase(Vec<String>);

impl Phrase {
    fn parse(line: &str) -> Option<Phrase> {
        let words = Words::new(line);
        let phrase: Vec<String> = (0..words.list.len())
            .map(|index| words.lower(index).to_owned())
            .collect();
        (!phrase.is_empty()).then_some(Phrase(phrase))
    }

    /// Matches at word `at`; returns the index of the last word.
    fn match_at(&self, text: &str, words: &Words, at: usize, end: usize) -> Option<usize> {
        let last = at + self.0.len() - 1;
        if last >= end {
            return None;
        }
        for (offset, expected) in self.0.iter().enumerate() {
            let index = at + offset;
            if offset > 0 {
                let gap = &text[words.list[index - 1].end..words.list[index].start];
                if !gap.chars().all(char::is_whitespace) {
                    return None;
                }
            }
            let word = words.lower(index);
            let rest = word.strip_prefix(expected.as_str())?;
            // `payments-api's`, or a Korean particle after a Korean word: 결제팀이.
            let ends_in_hangul = expected.chars().next_back().is_some_and(is_hangul);
            let allowed = rest.is_empty()
                || (index == last && rest == "'s")
                || (index == last && ends_in_hangul && rest.chars().all(is_hangul));
            if !allowed {
                return None;
            }
        }
        Some(last)
    }
}

impl CustomRules {
    /// From lists of phrases, one phrase per item; blank items are ignored.
    pub fn new<B, N>(blame_phrases: B, internal_names: N) -> CustomRules
    where
        B: IntoIterator,
        B::Item: AsRef<str>,
        N: IntoIterator,
        N::Item: AsRef<str>,
    {
        fn parse_all<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> Vec<Phrase> {
            let mut phrases: Vec<Phrase> = Vec::new();
            for phrase in items
                .into_iter()
                .filter_map(|item| Phrase::parse(item.as_ref()))
            {
                if !phrases.contains(&phrase) {
                    phrases.push(phrase);
                }
            }
            phrases
        }
        CustomRules {
            blame_phrases: parse_all(blame_phrases),
            internal_names: parse_all(internal_names),
        }
    }

    /// From the team settings: newline-separated blame phrases and internal names.
    pub fn from_lines(blame_phrases: &str, internal_names: &str) -> CustomRules {
        CustomRules::new(blame_phrases.lines(), internal_names.lines())
    }

    pub fn is_empty(&self) -> bool {
        self.blame_phrases.is_empty() && self.internal_names.is_empty()
    }

    fn check_sentence(
        &self,
        text: &str,
        words: &Words,
        sentence: &Sentence,
        audience: Audience,
        set: &'static RuleSet,
        findings: &mut Vec<Finding>,
    ) {
        if self.is_empty() {
            return;
        }
        let end = sentence.words.end;
        for at in sentence.words.clone() {
            for phrase in &self.blame_phrases {
                if let Some(last) = phrase.match_at(text, words, at, end) {
                    findings.push(Finding {
                        rule: "custom.blame",
                        category: Category::Blame,
                        start: words.list[at].start,
                        end: words.list[last].end,
                        message: &set.texts.custom_blame.message,
                        suggestion: &set.texts.custom_blame.suggestion,
                    });
                }
            }
            if audience == Audience::Public {
                for name in &self.internal_names {
                    if let Some(last) = name.match_at(text, words, at, end) {
                        findings.push(Finding {
                            rule: "jargon.internal_name",
                            category: Category::Jargon,
                            start: words.list[at].start,
                            end: words.list[last].end,
                            message: &set.texts.internal_name.message,
                            suggestion: &set.texts.internal_name.suggestion,
                        });
                    }
                }
            }
        }
    }
}

/// Checks `text` for `audience` in `lang`, with the team's own phrases. Findings come
/// sorted by position; blame and hindsight findings inside quotation marks are left out
/// (quoting a phrase to discuss it is not using it). Never panics; an empty text has no
/// findings.
pub fn check(text: &str, audience: Audience, lang: Lang, custom: &CustomRules) -> Vec<Finding> {
    let mut findings = Vec::new();
    if text.trim().is_empty() {
        return findings;
    }
    let words = Words::new(text);
    for sentence in text::sentences(text, &words) {
        let is_korean = match lang {
            Lang::En => false,
            Lang::Ko => true,
            Lang::Auto => is_mostly_hangul(&text[sentence.start..sentence.end]),
        };
        let set: &'static RuleSet = if is_korean { &KOREAN } else { &ENGLISH };
        if is_korean {
            korean::check_sentence(text, &words, &sentence, audience, &mut findings);
        } else {
            english::check_sentence(text, &words, &sentence, audience, &mut findings);
        }
        custom.check_sentence(text, &words, &sentence, audience, set, &mut findings);
        if audience == Audience::Public {
            public::check_sentence(
                text,
                &words,
                &sentence,
                &set.texts,
                is_korean,
                &mut findings,
            );
        }
    }
    if audience == Audience::Public {
        let is_korean = match lang {
            Lang::En => false,
            Lang::Ko => true,
            Lang::Auto => is_mostly_hangul(text),
        };
        let set: &'static RuleSet = if is_korean { &KOREAN } else { &ENGLISH };
        public::check_impact_window(text, &words, &set.texts, &mut findings);
    }
    tidy(text, findings)
}

/// Drops blame inside quotes, sorts by position, and keeps one finding where one rule
/// matched overlapping spans (작업자 과실 and 과실).
fn tidy(text: &str, mut findings: Vec<Finding>) -> Vec<Finding> {
    let quotes = text::quoted_spans(text);
    if !quotes.is_empty() {
        // Quotes are in order and never overlap: the only candidate is the last quote
        // that opens at or before the finding.
        findings.retain(|finding| {
            let opened = quotes.partition_point(|quote| quote.start <= finding.start);
            !finding.category.counts_as_blame()
                || opened == 0
                || finding.end > quotes[opened - 1].end
        });
    }
    findings.sort_by(|a, b| {
        (a.start, std::cmp::Reverse(a.end), a.rule).cmp(&(
            b.start,
            std::cmp::Reverse(b.end),
            b.rule,
        ))
    });
    let mut reached: HashMap<&'static str, usize> = HashMap::new();
    findings.retain(|finding| {
        let end = reached.entry(finding.rule).or_insert(0);
        if finding.start < *end {
            return false;
        }
        *end = finding.end.max(finding.start + 1);
        true
    });
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_found(text: &str, audience: Audience) -> Vec<&'static str> {
        check(text, audience, Lang::Auto, &CustomRules::default())
            .into_iter()
            .map(|finding| finding.rule)
            .collect()
    }

    #[test]
    fn blame_gets_a_suggestion_and_neutral_text_none() {
        let blame = |text: &str| {
            check(text, Audience::Team, Lang::Auto, &CustomRules::default())
                .into_iter()
                .filter(|f| f.category.counts_as_blame())
                .count()
        };
        assert_eq!(blame("Dave should have checked the config"), 1);
        assert_eq!(blame("Dave paged the DB team"), 0);
        assert_eq!(blame("The deploy tool let an unreviewed change through"), 0);
        assert_eq!(blame("배포 전에 확인했어야 했다"), 1);
    }

    #[test]
    fn options_parse_with_clear_errors() {
        assert_eq!("Public".parse(), Ok(Audience::Public));
        assert_eq!("ko".parse(), Ok(Lang::Ko));
        let error = "everyone".parse::<Audience>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown audience \"everyone\": expected \"team\" or \"public\""
        );
        assert!(
            "fr".parse::<Lang>()
                .unwrap_err()
                .to_string()
                .contains("\"auto\", \"en\" or \"ko\"")
        );
    }

    #[test]
    fn findings_serialize_with_snake_case_categories() {
        let findings = check(
            "It was obvious that it would fail.",
            Audience::Team,
            Lang::En,
            &CustomRules::default(),
        );
        let json = serde_json::to_value(&findings).unwrap();
        assert_eq!(json[0]["category"], "hindsight_bias");
        assert_eq!(json[0]["rule"], "en.hindsight_general");
        assert!(
            json[0]["suggestion"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
    }

    #[test]
    fn mixed_text_runs_both_rule_sets() {
        let found = rules_found(
            "Dave should have checked. 운영팀의 태만이 원인이다.",
            Audience::Team,
        );
        assert_eq!(found, ["en.counterfactual", "ko.character"]);
    }

    #[test]
    fn quoted_blame_is_discussion_not_blame() {
        assert!(
            rules_found(
                "We stopped writing \"human error\" in reviews.",
                Audience::Team
            )
            .is_empty()
        );
        assert_eq!(
            rules_found("Root cause: human error.", Audience::Team),
            ["en.human_error"]
        );
    }

    #[test]
    fn custom_phrases_match_whole_words_ignoring_case() {
        let custom = CustomRules::from_lines("cowboy deploy\n\n", "payments-api\n결제팀\nLedger");
        let findings = check(
            "A Cowboy deploy hit payments-api and ledgers; 결제팀이 확인했다.",
            Audience::Public,
            Lang::Auto,
            &custom,
        );
        let matched: Vec<(&str, &str)> = findings
            .iter()
            .filter(|f| f.rule.starts_with("custom") || f.rule == "jargon.internal_name")
            .map(|f| {
                (
                    f.rule,
                    &"A Cowboy deploy hit payments-api and ledgers; 결제팀이 확인했다."
                        [f.start..f.end],
                )
            })
            .collect();
        assert_eq!(
            matched,
            [
                ("custom.blame", "Cowboy deploy"),
                ("jargon.internal_name", "payments-api"),
                ("jargon.internal_name", "결제팀이")
            ]
        );
    }
}
