//! Splitting text into words, sentences and quoted spans. One pass each, byte offsets
//! into the original text, always on char boundaries.

use std::ops::Range;

/// A word: a run of letters, digits and `_`, joined across `-` `.` `'` `’` `/` `@` `:`
/// when a letter or digit is on both sides, so `db-prod-03.internal`, `OPS-1234`,
/// `10.0.0.1`, `14:05` and `shouldn't` are one word each. `::` joins too, for IPv6.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word {
    pub start: usize,
    pub end: usize,
    /// Where the lowercased form sits in [`Words::lower`].
    lower_start: usize,
    lower_end: usize,
}

/// The words of a text with their lowercased forms in one buffer: two allocations per
/// check, none per word.
pub(super) struct Words {
    pub list: Vec<Word>,
    lower: String,
}

impl Words {
    pub fn new(text: &str) -> Words {
        let mut words = Words {
            list: Vec::with_capacity(text.len() / 5 + 1),
            lower: String::with_capacity(text.len()),
        };
        let mut current: Option<usize> = None;
        let mut previous: Option<char> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let joins = current.is_some()
                && is_joiner(c)
                && previous.is_some_and(|p| is_word_char(p) || (c == ':' && p == ':'))
                && next.is_some_and(|n| is_word_char(n) || (c == ':' && n == ':'));
            if is_word_char(c) || joins {
                if current.is_none() {
                    current = Some(at);
                }
            } else if let Some(start) = current.take() {
                words.push(text, start, at);
            }
            previous = Some(c);
        }
        if let Some(start) = current {
            words.push(text, start, text.len());
        }
        words
    }

    fn push(&mut self, text: &str, start: usize, end: usize) {
        let lower_start = self.lower.len();
        for c in text[start..end].chars() {
            match c {
                '’' => self.lower.push('\''),
                c if c.is_ascii() => self.lower.push(c.to_ascii_lowercase()),
                c => self.lower.extend(c.to_lowercase()),
            }
        }
        self.list.push(Word {
            start,
            end,
            lower_start,
            lower_end: self.lower.len(),
        });
    }

    /// The lowercased word, with `’` as `'`.
    pub fn lower(&self, index: usize) -> &str {
        self.list
            .get(index)
            .map_or("", |word| &self.lower[word.lower_start..word.lower_end])
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '.' | '\'' | '’' | '/' | '@' | ':')
}

/// A sentence: its byte range and the range of its words in [`Words::list`].
#[derive(Debug, Clone)]
pub(super) struct Sentence {
    pub start: usize,
    pub end: usize,
    pub words: Range<usize>,
}

/// Sentences end at `.` `!` `?` (and their full-width forms) followed by a space or the
/// end, or at a line break. A dot inside a word (`db.internal`, `10.0.0.1`) ends nothing.
pub(super) fn sentences(text: &str, words: &Words) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let ends = match c {
            '\n' => true,
            '.' | '!' | '?' | '…' => next.is_none_or(|n| n.is_whitespace() || is_closer(n)),
            '。' | '！' | '？' => true,
            _ => false,
        };
        if ends {
            let mut end = at + c.len_utf8();
            // Keep a closing quote or bracket with the sentence it closes.
            while let Some(&(closer_at, closer)) = chars.peek() {
                if !is_closer(closer) {
                    break;
                }
                end = closer_at + closer.len_utf8();
                chars.next();
            }
            push_sentence(&mut sentences, text, words, start, end);
            start = end;
        }
    }
    push_sentence(&mut sentences, text, words, start, text.len());
    sentences
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '」' | '』' | '»')
}

fn push_sentence(
    sentences: &mut Vec<Sentence>,
    text: &str,
    words: &Words,
    start: usize,
    end: usize,
) {
    if text[start..end].trim().is_empty() {
        return;
    }
    let first = words.list.partition_point(|word| word.end <= start);
    let last = words.list.partition_point(|word| word.start < end);
    sentences.push(Sentence {
        start,
        end,
        words: first..last.max(first),
    });
}

/// Spans inside quotation marks: `"…"`, `“…”`, `‘…’`, `「…」`, `『…』`, and `'…'` when
/// the marks are not apostrophes. A quote never spans a line break; an unclosed quote
/// quotes nothing.
pub(super) fn quoted_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut open: Option<(char, usize)> = None;
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if c == '\n' {
            open = None;
        } else if let Some((opener, start)) = open {
            let closes = match opener {
                '"' => c == '"',
                '“' => c == '”' || c == '"',
                '‘' => c == '’' && !next.is_some_and(char::is_alphanumeric),
                '「' => c == '」',
                '『' => c == '』',
                '\'' => {
                    c == '\''
                        && !next.is_some_and(char::is_alphanumeric)
                        && !previous.is_some_and(char::is_whitespace)
                }
                _ => false,
            };
            if closes {
                spans.push(start..at + c.len_utf8());
                open = None;
            }
        } else {
            let opens = match c {
                '"' | '“' | '「' | '『' => true,
                '‘' | '\'' => {
                    !previous.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric)
                }
                _ => false,
            };
            if opens {
                open = Some((c, at));
            }
        }
        previous = Some(c);
    }
    spans
}

/// Hangul syllables and jamo.
pub(super) fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// True when Hangul makes up at least 30% of the letters: a Korean sentence keeps a few
/// English words (`DB`, `VPN`) and stays Korean.
pub(super) fn is_mostly_hangul(text: &str) -> bool {
    let (mut hangul, mut letters) = (0usize, 0usize);
    for c in text.chars() {
        if is_hangul(c) {
            hangul += 1;
            letters += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters > 0 && hangul * 10 >= letters * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str) -> Vec<&str> {
        let words = Words::new(text);
        words.list.iter().map(|w| &text[w.start..w.end]).collect()
    }

    #[test]
    fn joined_words_stay_whole() {
        assert_eq!(
            words_of("db-prod-03.internal at 14:05, OPS-1234; shouldn’t 10.0.0.1 fe80::1."),
            [
                "db-prod-03.internal",
                "at",
                "14:05",
                "OPS-1234",
                "shouldn’t",
                "10.0.0.1",
                "fe80::1"
            ]
        );
        assert_eq!(
            words_of("근본 원인: 휴먼 에러."),
            ["근본", "원인", "휴먼", "에러"]
        );
    }

    #[test]
    fn sentences_end_at_stops_not_inside_words() {
        let text = "We paged db-01.internal. It recovered!\nNext line";
        let words = Words::new(text);
        let found: Vec<&str> = sentences(text, &words)
            .iter()
            .map(|s| text[s.start..s.end].trim())
            .collect();
        assert_eq!(
            found,
            ["We paged db-01.internal.", "It recovered!", "Next line"]
        );
    }

    #[test]
    fn quotes_are_found_and_apostrophes_ignored() {
        let text = "He said \"whose fault\" and 'human error' but didn't care";
        let spans: Vec<&str> = quoted_spans(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(spans, ["\"whose fault\"", "'human error'"]);
    }
}
