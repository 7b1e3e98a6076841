//! English rules: word-sequence patterns from `rules/en.json`, anchored on their first
//! word through a hash map, then context guards.

use super::data::{Alternative, ENGLISH, Element, Guard, Rule, RuleSet};
use super::text::{Sentence, Words};
use super::{Audience, Finding};

/// How many words back a negation ("not", "wasn't", "avoid") still counts.
const NEGATION_REACH: usize = 5;

/// How many words around a match the guards look at, so one huge sentence cannot
/// make a check slow.
const GUARD_REACH: usize = 30;

/// Words that make a possessive without `'s`.
const POSSESSIVE_PRONOUNS: [&str; 6] = ["his", "her", "their", "your", "my", "our"];

/// `'s` that is "is", not a possessive.
const NOT_POSSESSIVE: [&str; 9] = [
    "it's", "that's", "what's", "there's", "who's", "he's", "she's", "let's", "here's",
];

/// Checks one English sentence.
pub(super) fn check_sentence(
    text: &str,
    words: &Words,
    sentence: &Sentence,
    audience: Audience,
    findings: &mut Vec<Finding>,
) {
    let set: &'static RuleSet = &ENGLISH;
    let end = sentence.words.end;
    for at in sentence.words.clone() {
        let word = words.lower(at);
        let anchored = set.by_first_word.get(word).into_iter().flatten();
        let prefixed = set
            .by_first_prefix
            .iter()
            .filter(|(prefix, _)| word.starts_with(prefix.as_str()))
            .map(|(_, pattern)| pattern);
        for &(rule_index, pattern_index) in anchored.chain(prefixed).chain(&set.unanchored) {
            let rule = &set.rules[rule_index];
            if rule.public_only && audience == Audience::Team {
                continue;
            }
            let Some(after) = match_at(set, &rule.patterns[pattern_index], text, words, at, end)
            else {
                continue;
            };
            let found = Match {
                set,
                text,
                words,
                sentence,
                first: at,
                after,
            };
            if found.passes(rule) {
                findings.push(Finding {
                    rule: &rule.id,
                    category: rule.category,
                    start: words.list[at].start,
                    end: words.list[after - 1].end,
                    message: &rule.message,
                    suggestion: &rule.suggestion,
                });
            }
        }
    }
}

/// Matches a pattern at word `at`; returns the index after the last matched word. Words
/// must be separated by spaces only: a pattern never matches across a comma or a stop.
fn match_at(
    set: &RuleSet,
    pattern: &[Element],
    text: &str,
    words: &Words,
    at: usize,
    end: usize,
) -> Option<usize> {
    let mut index = at;
    for (position, element) in pattern.iter().enumerate() {
        if index >= end {
            return None;
        }
        if position > 0 {
            let gap = &text[words.list[index - 1].end..words.list[index].start];
            if !gap.chars().all(char::is_whitespace) {
                return None;
            }
        }
        let word = words.lower(index);
        let matches = match element {
            Element::Any => true,
            Element::Class(class) => set.in_class(class, word),
            Element::Possessive => is_possessive(word),
            Element::OneOf(alternatives) => {
                alternatives.iter().any(|alternative| match alternative {
                    Alternative::Exact(exact) => word == exact,
                    Alternative::Prefix(prefix) => word.starts_with(prefix.as_str()),
                })
            }
        };
        if !matches {
            return None;
        }
        index += 1;
    }
    Some(index)
}

fn is_possessive(word: &str) -> bool {
    POSSESSIVE_PRONOUNS.contains(&word)
        || ((word.ends_with("'s") || word.ends_with("s'")) && !NOT_POSSESSIVE.contains(&word))
}

/// A pattern that matched words `first..after` of a sentence.
struct Match<'a> {
    set: &'a RuleSet,
    text: &'a str,
    words: &'a Words,
    sentence: &'a Sentence,
    first: usize,
    after: usize,
}

impl Match<'_> {
    fn passes(&self, rule: &Rule) -> bool {
        if let Some(next) = self.word(self.after)
            && rule.unless_next.iter().any(|word| word == next)
        {
            return false;
        }
        let reach = self.sentence.words.end.min(self.after + GUARD_REACH);
        if !rule.requires_later.is_empty()
            && !(self.after..reach).any(|index| {
                rule.requires_later
                    .iter()
                    .any(|w| w == self.words.lower(index))
            })
        {
            return false;
        }
        rule.guards.iter().all(|&guard| match guard {
            Guard::PersonSubject => self.subject_is_not_a_system(),
            Guard::ParticipleNext => self.participle_follows(),
            Guard::NotNegated => !self.negated(),
            Guard::NotRoleQuestion => !self.asks_about_a_role(),
            Guard::PersonAfter => self.word_after_is_not_a_system(),
            Guard::PersonAfterStrict => self.word_after_is_a_person(),
            // Korean guards mean nothing here.
            Guard::PastBefore
            | Guard::NotSystemSubject
            | Guard::NoSystemSubjectAfter
            | Guard::PersonBefore => true,
        })
    }

    /// The lowercased word at `index`, if it is in the sentence.
    fn word(&self, index: usize) -> Option<&str> {
        self.sentence
            .words
            .contains(&index)
            .then(|| self.words.lower(index))
    }

    /// The subject is the nearest word before the match, past adverbs. "not who should
    /// have acted" is talk about blame, not blame.
    fn subject_is_not_a_system(&self) -> bool {
        let mut index = self.first;
        let stop = self
            .sentence
            .words
            .start
            .max(self.first.saturating_sub(GUARD_REACH));
        while index > stop {
            index -= 1;
            let word = self.words.lower(index);
            if self.set.in_class("adverbs", word) {
                continue;
            }
            if word == "who"
                && index > self.sentence.words.start
                && self.set.in_class("negation", self.words.lower(index - 1))
            {
                return false;
            }
            return !self.set.in_class("system", word);
        }
        true
    }

    /// "should have checked", "should have load tested": yes. "should have a runbook",
    /// "should have enough headroom": no, that is about having something.
    fn participle_follows(&self) -> bool {
        let mut index = self.after;
        while let Some(word) = self.word(index) {
            if !self.set.in_class("adverbs", word) || index >= self.after + GUARD_REACH {
                break;
            }
            index += 1;
        }
        let Some(next) = self.word(index) else {
            return true;
        };
        if self.set.in_class("determiners", next) {
            return false;
        }
        self.is_participle(next) || self.word(index + 1).is_some_and(|w| self.is_participle(w))
    }

    fn is_participle(&self, word: &str) -> bool {
        (word.len() > 3 && word.ends_with("ed")) || self.set.in_class("participles", word)
    }

    fn negated(&self) -> bool {
        let from = self
            .first
            .saturating_sub(NEGATION_REACH)
            .max(self.sentence.words.start);
        (from..self.first).any(|index| self.set.in_class("negation", self.words.lower(index)))
    }

    fn asks_about_a_role(&self) -> bool {
        self.word(self.after) == Some("for")
            && self
                .word(self.after + 1)
                .is_some_and(|word| word.len() > 4 && word.ends_with("ing"))
    }

    /// The first word after the match past determiners ("the", "our").
    fn word_after(&self) -> Option<usize> {
        let reach = self.sentence.words.end.min(self.after + GUARD_REACH);
        (self.after..reach)
            .find(|&index| !self.set.in_class("determiners", self.words.lower(index)))
    }

    /// "why didn't the release captain…" is about a person even though "release" is a
    /// system word: a person word among the next three decides.
    fn word_after_is_not_a_system(&self) -> bool {
        let Some(first) = self.word_after() else {
            return true;
        };
        let reach = self.sentence.words.end.min(first + 3);
        (first..reach).any(|index| self.set.in_class("person", self.words.lower(index)))
            || !self.set.in_class("system", self.words.lower(first))
    }

    /// A pronoun or person word (not "we" or "I": "why did we choose…" is a fair
    /// question), or a capitalised word that is not a known system: a name.
    fn word_after_is_a_person(&self) -> bool {
        let Some(index) = self.word_after() else {
            return false;
        };
        let word = self.words.lower(index);
        if matches!(word, "we" | "i" | "us") || self.set.in_class("system", word) {
            return false;
        }
        let original = &self.text[self.words.list[index].start..self.words.list[index].end];
        self.set.in_class("person", word) || original.chars().next().is_some_and(char::is_uppercase)
    }
}
