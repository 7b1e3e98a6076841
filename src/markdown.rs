//! Markdown to HTML that is safe to show anyone: CommonMark by pulldown-cmark, then an
//! allow-list sanitizer (ammonia), so nothing a writer types — by mistake or not — can run
//! script, load frames or forms, restyle the page, or link to `javascript:` URLs.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("nofollow noopener"))
        .add_tag_attributes("h1", &["id"])
        .add_tag_attributes("h2", &["id"])
        .add_tag_attributes("h3", &["id"])
        .add_tag_attributes("h4", &["id"])
        .add_tag_attributes("h5", &["id"])
        .add_tag_attributes("h6", &["id"])
        .add_allowed_classes("a", &["anchor"])
        .strip_comments(true);
    builder
});

/// HTML that went through the sanitizer: the one kind of raw HTML a page may show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SafeHtml(String);

impl SafeHtml {
    /// Sanitizes HTML from elsewhere (such as a stored revision) before it is shown.
    pub fn sanitize(html: &str) -> SafeHtml {
        SafeHtml(SANITIZER.clean(html).to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl maud::Render for SafeHtml {
    fn render_to(&self, buffer: &mut String) {
        buffer.push_str(&self.0);
    }
}

/// Renders `markdown` to sanitized HTML. Headings get an `id` and a self-link, so a
/// reader can point others at one section.
pub fn render(markdown: &str) -> SafeHtml {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut output: Vec<Event<'_>> = Vec::with_capacity(events.len() + 8);
    let mut index = 0;
    while index < events.len() {
        match &events[index] {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level;
                let end = events[index..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |offset| index + offset);
                let text: String = events[index + 1..end]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let id = unique_anchor(&text, &mut used);
                output.push(Event::Html(CowStr::from(format!(
                    "<{} id=\"{id}\">",
                    heading_tag(level)
                ))));
                output.extend(events[index + 1..end].iter().cloned());
                output.push(Event::Html(CowStr::from(format!(
                    " <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></{}>\n",
                    heading_tag(level)
                ))));
                index = end + 1;
            }
            event => {
                output.push(event.clone());
                index += 1;
            }
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, output.into_iter());
    SafeHtml::sanitize(&html)
}

/// Plain text of the first paragraph, for link previews and feed summaries.
pub fn first_paragraph(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    let mut in_paragraph = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if !text.trim().is_empty() => break,
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Text(t) | Event::Code(t) if in_paragraph => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

fn heading_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

/// `What we are changing!` → `what-we-are-changing`: lowercase letters and digits, one
/// hyphen for each run of anything else, stopping once `max_chars` are written.
pub fn slug_words(text: &str, max_chars: usize) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.chars().count() >= max_chars {
            break;
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// A heading's anchor, `section-` and its words; a repeat gets `-2`, `-3`, …
fn unique_anchor(text: &str, used: &mut HashMap<String, usize>) -> String {
    let slug = slug_words(text, usize::MAX);
    let base = if slug.is_empty() { "section" } else { &slug };
    let base = format!("section-{base}");
    let count = used.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        base
    } else {
        format!("{base}-{count}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_anchors_and_links_get_rel() {
        let html = render(
            "## What happened\n\nSee [status](https://status.example.com).\n\n## What happened",
        )
        .into_string();
        assert!(html.contains(r##"<h2 id="section-what-happened">What happened <a class="anchor" href="#section-what-happened""##), "{html}");
        assert!(html.contains(r#"id="section-what-happened-2""#), "{html}");
        assert!(html.contains(r#"rel="nofollow noopener""#), "{html}");
    }

    #[test]
    fn script_handlers_and_dangerous_urls_are_removed() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) \
             <a href=\"data:text/html,hi\">d</a> <iframe src=\"https://e.com\"></iframe> \
             <form><input></form> <p style=\"color:red\">s</p>",
        )
        .into_string();
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "data:",
            "<iframe",
            "<form",
            "<input",
            "style=",
        ] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
    }

    #[test]
    fn first_paragraph_is_plain_and_short() {
        let text = first_paragraph(
            "# Title\n\nThe **API** was slow\nfor an hour.\n\nMore.",
            100,
        );
        assert_eq!(text, "The API was slow for an hour.");
        assert_eq!(first_paragraph("abcdef", 4), "abc…");
    }
}

#[cfg(test)]
mod hostile {
    use proptest::prelude::*;

    use super::render;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Whatever is typed, the output has no script, handler, frame or dangerous URL.
        #[test]
        fn nothing_typed_comes_out_dangerous(text in "(<[a-zA-Z]{1,8}( [a-z]{1,10}=\"?(javascript:|data:|on|x)[^>]{0,20})?>|\\[x\\]\\((javascript|data|vbscript|https?):[a-z()]{0,8}\\)|[ -~\\n]{0,40}){0,12}") {
            let html = render(&text).into_string().to_lowercase();
            // Text is escaped, so every `<` in the output opens a real tag.
            for tag in html.split('<').skip(1).filter_map(|rest| rest.split('>').next()) {
                let name: String = tag.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
                prop_assert!(!["script", "iframe", "object", "embed", "form", "style", "input", "base", "meta", "link"].contains(&name.as_str()), "<{tag}> in {html}");
                for attribute in tag.split_whitespace().skip(1) {
                    let (key, value) = attribute.split_once('=').unwrap_or((attribute, ""));
                    prop_assert!(!key.starts_with("on") && key != "style", "{key} in <{tag}>");
                    let value = value.trim_matches('"');
                    for scheme in ["javascript:", "vbscript:", "data:"] {
                        prop_assert!(!value.starts_with(scheme), "{key}={value} in <{tag}>");
                    }
                }
            }
        }

        #[test]
        fn any_text_renders_without_panicking(text in "\\PC{0,300}") {
            let _html = render(&text);
            let _summary = super::first_paragraph(&text, 50);
        }
    }
}
