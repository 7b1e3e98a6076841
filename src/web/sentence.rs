//! Translated sentences with markup inside them ("Send this link to <strong>ana@…</strong>").
//!
//! Word order differs between languages, so a sentence cannot be cut into fixed pieces
//! around its markup. The translation is looked up with `{0}`, `{1}`, … as the values of
//! its placeholders, and [`sentence`] puts each piece of markup where its number landed.

use maud::{Markup, html};

/// `text` with every `{N}` replaced by `pieces[N]`; the rest is escaped as usual. A
/// number without a piece is shown as written, so a mistake is visible, not silent.
pub fn sentence(text: &str, pieces: &[Markup]) -> Markup {
    let mut parts: Vec<(&str, Option<&Markup>)> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let piece = after.find('}').and_then(|close| {
            let index: usize = after[..close].parse().ok()?;
            pieces.get(index).map(|piece| (piece, close))
        });
        match piece {
            Some((piece, close)) => {
                parts.push((&rest[..open], Some(piece)));
                rest = &after[close + 1..];
            }
            None => {
                parts.push((&rest[..=open], None));
                rest = after;
            }
        }
    }
    parts.push((rest, None));
    html! {
        @for (text, piece) in parts {
            (text)
            @if let Some(piece) = piece { (piece) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_land_where_the_translation_puts_them() {
        let email = html! { strong { "<ana>" } };
        let name = html! { em { "Ana" } };
        assert_eq!(
            sentence("{1}님, {0}(으)로 보냈습니다 <b>", &[email, name]).into_string(),
            "<em>Ana</em>님, <strong>&lt;ana&gt;</strong>(으)로 보냈습니다 &lt;b&gt;"
        );
        assert_eq!(sentence("{x} {7} {", &[]).into_string(), "{x} {7} {");
    }
}
