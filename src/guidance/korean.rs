//! Korean rules: substring patterns from `rules/ko.json` (particles and endings attach to
//! words, so word matching would miss 탓에, 잘못으로, 실수로), anchored on their first
//! syllable through a hash map, then context guards.

use super::data::{Guard, KOREAN, Rule, RuleSet};
use super::text::{Sentence, Words, is_hangul};
use super::{Audience, Finding};

/// How far after a match (in chars) "아니" still negates it: "사람의 실수가 아니라".
const NEGATION_REACH: usize = 20;

/// How many words before or after a match the guards look at, so one huge sentence
/// cannot make a check slow.
const GUARD_REACH: usize = 30;

/// How many bytes around a match the text checks see (about 100 Hangul syllables).
const TEXT_REACH: usize = 300;

/// Hangul syllables are `0xAC00 + (initial * 21 + medial) * 28 + final`; final 20 is ㅆ.
const FINAL_SSANG_SIOT: u32 = 20;

/// Checks one Korean sentence.
pub(super) fn check_sentence(
    text: &str,
    words: &Words,
    sentence: &Sentence,
    audience: Audience,
    findings: &mut Vec<Finding>,
) {
    let set: &'static RuleSet = &KOREAN;
    let sentence_text = &text[sentence.start..sentence.end];
    for (offset, c) in sentence_text.char_indices() {
        let Some(candidates) = set.by_first_char.get(&c) else {
            continue;
        };
        for (rule_index, pattern) in candidates {
            if !sentence_text[offset..].starts_with(pattern.as_str()) {
                continue;
            }
            let rule = &set.rules[*rule_index];
            if rule.public_only && audience == Audience::Team {
                continue;
            }
            let found = Match {
                set,
                text,
                words,
                sentence,
                start: sentence.start + offset,
                end: sentence.start + offset + pattern.len(),
            };
            if found.passes(rule) {
                let (start, end) = found.whole_words();
                findings.push(Finding {
                    rule: &rule.id,
                    category: rule.category,
                    start,
                    end,
                    message: &rule.message,
                    suggestion: &rule.suggestion,
                });
            }
        }
    }
}

struct Match<'a> {
    set: &'a RuleSet,
    text: &'a str,
    words: &'a Words,
    sentence: &'a Sentence,
    start: usize,
    end: usize,
}

impl Match<'_> {
    /// The sentence before the match, at most [`TEXT_REACH`] bytes of it.
    fn before(&self) -> &str {
        let mut from = self
            .start
            .saturating_sub(TEXT_REACH)
            .max(self.sentence.start);
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        &self.text[from..self.start]
    }

    /// The sentence after the match, at most [`TEXT_REACH`] bytes of it.
    fn after(&self) -> &str {
        let mut to = (self.end + TEXT_REACH).min(self.sentence.end);
        while !self.text.is_char_boundary(to) {
            to -= 1;
        }
        &self.text[self.end..to]
    }

    fn passes(&self, rule: &Rule) -> bool {
        let before = self.before();
        let after = self.after();
        if rule
            .unless_before
            .iter()
            .any(|s| before.ends_with(s.as_str()))
            || rule
                .unless_after
                .iter()
                .any(|s| after.starts_with(s.as_str()))
        {
            return false;
        }
        if !rule.requires_after.is_empty()
            && !rule
                .requires_after
                .iter()
                .any(|s| after.contains(s.as_str()))
        {
            return false;
        }
        rule.guards.iter().all(|&guard| match guard {
            Guard::PastBefore => past_tense_before(before),
            Guard::NotSystemSubject => self.subject_before_is_not_a_system(),
            Guard::NoSystemSubjectAfter => !self.system_subject_after(),
            Guard::PersonBefore => self.person_before(),
            Guard::NotNegated => {
                let reach = after
                    .char_indices()
                    .nth(NEGATION_REACH)
                    .map_or(after.len(), |(at, _)| at);
                !after[..reach].contains("아니")
            }
            // English guards mean nothing here.
            Guard::PersonSubject
            | Guard::ParticipleNext
            | Guard::NotRoleQuestion
            | Guard::PersonAfter
            | Guard::PersonAfterStrict => true,
        })
    }

    /// The words of the sentence that end before the match, nearest first.
    fn words_before(&self) -> impl Iterator<Item = &str> {
        let words = &self.words.list[self.sentence.words.clone()];
        let split = words.partition_point(|word| word.end <= self.start);
        words[..split]
            .iter()
            .rev()
            .take(GUARD_REACH)
            .map(|word| &self.text[word.start..word.end])
    }

    fn words_after(&self) -> impl Iterator<Item = &str> {
        let words = &self.words.list[self.sentence.words.clone()];
        let split = words.partition_point(|word| word.start < self.end);
        words[split..]
            .iter()
            .take(GUARD_REACH)
            .map(|word| &self.text[word.start..word.end])
    }

    /// The stem of a word that ends in a subject or topic particle (알림이 → 알림).
    fn subject_stem<'w>(&self, word: &'w str) -> Option<&'w str> {
        self.set
            .class_words("subject_particles")
            .filter_map(|particle| word.strip_suffix(particle))
            .find(|stem| !stem.is_empty())
    }

    fn is_person(&self, stem: &str) -> bool {
        self.set
            .class_words("person")
            .any(|person| stem.contains(person))
            || self
                .set
                .in_class("person_exact", strip_hangul_suffix(stem, 1))
    }

    fn is_system(&self, stem: &str) -> bool {
        !self.is_person(stem)
            && self
                .set
                .class_words("system")
                .any(|system| stem.contains(system))
    }

    /// "알림이 울렸어야 했다" is about the alert, "김 대리가 확인했어야 했다" about a
    /// person. Only the nearest subject counts.
    fn subject_before_is_not_a_system(&self) -> bool {
        self.words_before()
            .find_map(|word| self.subject_stem(word))
            .is_none_or(|stem| !self.is_system(stem))
    }

    fn system_subject_after(&self) -> bool {
        self.words_after()
            .filter_map(|word| self.subject_stem(word))
            .any(|stem| self.is_system(stem))
    }

    fn person_before(&self) -> bool {
        self.words_before().any(|word| self.is_person(word))
    }

    /// The match grown to the words it touches, so the highlight covers 확인했어야, not
    /// only 어야.
    fn whole_words(&self) -> (usize, usize) {
        let list = &self.words.list;
        let first = list.partition_point(|word| word.end <= self.start);
        let start = list
            .get(first)
            .filter(|word| word.start <= self.start)
            .map_or(self.start, |word| word.start);
        let last = list.partition_point(|word| word.end < self.end);
        let end = list
            .get(last)
            .filter(|word| word.start < self.end)
            .map_or(self.end, |word| word.end);
        (start, end)
    }
}

/// The syllable just before ends in the past-tense ㅆ: 했어야, 봤어야, 말았어야. Not 있어야
/// ("must have", about the future).
fn past_tense_before(before: &str) -> bool {
    before.chars().next_back().is_some_and(|c| {
        let code = c as u32;
        ('\u{AC00}'..='\u{D7A3}').contains(&c)
            && (code - 0xAC00) % 28 == FINAL_SSANG_SIOT
            && c != '있'
    })
}

/// `word` without up to `particles` trailing Hangul syllables past the first: 그가 → 그.
fn strip_hangul_suffix(word: &str, particles: usize) -> &str {
    let mut end = word.len();
    for (count, (at, c)) in word.char_indices().rev().enumerate() {
        if count >= particles || at == 0 || !is_hangul(c) {
            break;
        }
        end = at;
    }
    &word[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_tense_is_told_from_future_duty() {
        assert!(past_tense_before("확인했"));
        assert!(past_tense_before("말았"));
        assert!(!past_tense_before("추가해"));
        assert!(!past_tense_before("있"));
        assert!(!past_tense_before(""));
    }

    #[test]
    fn particles_come_off() {
        assert_eq!(strip_hangul_suffix("그가", 1), "그");
        assert_eq!(strip_hangul_suffix("그", 1), "그");
    }
}
