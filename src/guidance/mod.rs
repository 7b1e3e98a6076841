//! Gentle language suggestions while people write. For now a small built-in word list
//! for blameless cards; the full English and Korean checks come with the guidance work.

/// Phrases that point at a person rather than at the system, and what to try instead.
const BLAME_PHRASES: [(&str, &str); 14] = [
    (
        "should have",
        "Describe what made the action reasonable at the time, rather than what someone should have done.",
    ),
    (
        "shouldn't have",
        "Describe what made the action reasonable at the time, rather than what someone should not have done.",
    ),
    (
        "if only",
        "Name the condition that would have helped, rather than what someone failed to do.",
    ),
    (
        "careless",
        "Name the system condition instead of judging the person.",
    ),
    (
        "sloppy",
        "Name the system condition instead of judging the person.",
    ),
    (
        "negligent",
        "Name the system condition instead of judging the person.",
    ),
    (
        "incompetent",
        "Name the system condition instead of judging the person.",
    ),
    (
        "human error",
        "Ask what in the system made the error likely, and how it could catch it next time.",
    ),
    (
        "operator error",
        "Ask what in the system made the error likely, and how it could catch it next time.",
    ),
    ("whose fault", "Ask how it happened, not who is to blame."),
    (
        "who is responsible",
        "Ask how it happened, not who is to blame.",
    ),
    (
        "why didn't",
        "Ask \"how\" or \"what\" instead: what made that step hard to see at the time?",
    ),
    ("했어야", "당시 그 행동이 합리적이었던 이유를 적어 보세요."),
    (
        "휴먼 에러",
        "오류를 일으키기 쉬웠던 시스템 조건을 적어 보세요.",
    ),
];

/// Suggestions for a retro card, at most one per kind of wording.
pub fn card_suggestions(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    let mut suggestions: Vec<&'static str> = BLAME_PHRASES
        .iter()
        .filter(|(phrase, _)| lower.contains(phrase))
        .map(|(_, suggestion)| *suggestion)
        .collect();
    suggestions.dedup();
    suggestions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blame_gets_a_suggestion_and_neutral_text_none() {
        assert_eq!(
            card_suggestions("Dave should have checked the config").len(),
            1
        );
        assert!(card_suggestions("Dave paged the DB team").is_empty());
        assert!(card_suggestions("The deploy tool let an unreviewed change through").is_empty());
        assert_eq!(card_suggestions("배포 전에 확인했어야 했다").len(), 1);
    }
}
