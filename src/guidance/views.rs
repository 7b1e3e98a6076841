//! Findings shown where they are: the text with each finding as a highlighted span whose
//! message and suggestion appear on hover and on keyboard focus. Not by colour alone: a
//! finding is also underlined and announced as a suggestion to screen readers.

use maud::{Markup, html};

use super::Finding;

/// `text` with its findings marked. Overlapping findings after the first are left out of
/// the marking (they still appear in any list beside it).
pub fn highlighted(text: &str, findings: &[Finding], id_prefix: &str) -> Markup {
    let mut pieces: Vec<(&str, Option<(usize, &Finding)>)> = Vec::new();
    let mut at = 0;
    for (index, finding) in findings.iter().enumerate() {
        let (start, end) = (finding.start, finding.end);
        let well_formed = start >= at
            && end > start
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        if !well_formed {
            continue;
        }
        pieces.push((&text[at..start], None));
        pieces.push((&text[start..end], Some((index, finding))));
        at = end;
    }
    pieces.push((&text[at..], None));
    html! {
        @for (piece, finding) in pieces {
            @match finding {
                None => (piece),
                Some((index, finding)) => {
                    @let tip = format!("{id_prefix}-{index}");
                    mark.finding tabindex="0" aria-describedby=(tip) {
                        (piece)
                        span.finding-tip role="tooltip" id=(tip) {
                            span.visually-hidden { (crate::t!("guidance-suggestion")) " " }
                            (finding.message)
                            @if !finding.suggestion.is_empty() { " " (finding.suggestion) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guidance::{Audience, CustomRules, Lang, check};

    #[test]
    fn findings_are_marked_in_place_and_the_rest_is_escaped() {
        let text = "<b>Dave</b> should have checked the config.";
        let findings = check(text, Audience::Team, Lang::En, &CustomRules::default());
        assert!(!findings.is_empty());
        let html = highlighted(text, &findings, "f").into_string();
        assert!(html.starts_with("&lt;b&gt;Dave&lt;/b&gt;"), "{html}");
        assert!(
            html.contains(r#"<mark class="finding" tabindex="0" aria-describedby="f-0">"#),
            "{html}"
        );
        assert!(html.contains("role=\"tooltip\""), "{html}");
    }

    #[test]
    fn bad_offsets_are_skipped_not_panicked_on() {
        let finding = Finding {
            rule: "x",
            category: crate::guidance::Category::Blame,
            start: 2,
            end: 99,
            message: "m",
            suggestion: "s",
        };
        assert_eq!(
            highlighted("한국어", &[finding], "f").into_string(),
            "한국어"
        );
    }
}
