//! The public site in Korean: pages that follow `Accept-Language` (and never hand one
//! language's cached page to another's reader), and reviews translated by their team and
//! published beside the English original, in pages, feeds and the JSON API.

use hindsight::accounts::teams::TeamRole;
use reqwest::header::{ACCEPT_ENCODING, ACCEPT_LANGUAGE, VARY};
use reqwest::{Response, StatusCode};
use serde_json::Value;

use crate::common::{Browser, TestApp, location, spawn_app, texts};

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");
const KOREAN: &str = "ko-KR,ko;q=0.9,en;q=0.5";

const TITLE: &str = "DNS outage: what happened";
const BODY: &str = "## Summary\n\nOur DNS provider was attacked.\n\n## Impact\n\nFrom 11:10 to 13:20 UTC.\n\n## What we are changing\n\n- A second DNS provider\n";
const KO_TITLE: &str = "DNS 장애: 무슨 일이 있었나";
const KO_BODY: &str = "## 요약\n\nDNS 제공업체가 공격을 받았습니다.\n\n## 영향\n\n11:10부터 13:20 UTC까지.\n\n## 개선할 내용\n\n- 두 번째 DNS 제공업체\n";

/// A team with approval off, its people, and one review of the Dyn incident.
struct Fixture {
    owner: Browser,
    member: Browser,
    viewer: Browser,
    /// `/teams/ops/reviews/{id}`.
    editor: String,
    /// `{editor}/translations/ko`.
    korean: String,
    incident: i64,
}

async fn fixture(app: &TestApp) -> Fixture {
    let ops = app.create_team("ops", "Operations").await;
    let incident = app.import(&ops, DYN).await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    let member = app
        .sign_in_as(&ops, "ben@example.com", TeamRole::Member)
        .await;
    let viewer = app
        .sign_in_as(&ops, "vic@example.com", TeamRole::Viewer)
        .await;
    let off = owner.post_form("/teams/ops/review-settings", &[]).await;
    assert_eq!(off.status(), StatusCode::SEE_OTHER);
    let editor = write_review(&owner, incident, TITLE, BODY).await;
    let korean = format!("{editor}/translations/ko");
    Fixture {
        owner,
        member,
        viewer,
        editor,
        korean,
        incident,
    }
}

/// A new review of `incident` with this text; its editor's path.
async fn write_review(owner: &Browser, incident: i64, title: &str, body: &str) -> String {
    let created = owner
        .post_form(&format!("/teams/ops/incidents/{incident}/reviews"), &[])
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let editor = location(created.headers()).to_owned();
    let saved = owner
        .post_form(&editor, &[("title", title), ("body_markdown", body)])
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    editor
}

/// Publishes the English review (approval is off); its slug.
async fn publish(app: &TestApp, browser: &Browser, editor: &str, note: &str) -> String {
    let published = browser
        .post_form(&format!("{editor}/publish"), &[("change_note", note)])
        .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let id: i64 = editor.rsplit('/').next().unwrap().parse().unwrap();
    let (slug,): (String,) = sqlx::query_as("SELECT slug FROM review WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .expect("a published review has a slug");
    slug
}

/// A public GET as an anonymous reader with this `Accept-Language` (none: English).
async fn read(app: &TestApp, path: &str, language: Option<&str>) -> Response {
    let mut request = reqwest::Client::new().get(app.url(path));
    if let Some(language) = language {
        request = request.header(ACCEPT_LANGUAGE, language);
    }
    request.send().await.expect("GET")
}

async fn read_text(app: &TestApp, path: &str, language: Option<&str>) -> (StatusCode, String) {
    let response = read(app, path, language).await;
    let status = response.status();
    (status, response.text().await.expect("body"))
}

/// The flash message a redirect leads to, as the browser would see it.
async fn flash_after(browser: &Browser, response: Response) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, page) = browser.get_text(location(response.headers())).await;
    texts(&page, "#flash").concat()
}

fn attribute(html: &str, selector: &str, name: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).expect("selector");
    page.select(&selector)
        .filter_map(|e| e.value().attr(name).map(str::to_owned))
        .collect()
}

fn is_korean_page(html: &str) -> bool {
    html.contains(r#"<html lang="ko">"#) && texts(html, ".skip-link") == ["본문으로 건너뛰기"]
}

fn is_english_page(html: &str) -> bool {
    html.contains(r#"<html lang="en">"#) && texts(html, ".skip-link") == ["Skip to main content"]
}

#[tokio::test]
async fn korean_readers_get_korean_words_and_english_readers_keep_english_whichever_came_first() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let slug = publish(&app, &f.owner, &f.editor, "").await;
    let page = format!("/reviews/{slug}");

    // Korean first, then English, each twice: the second answer comes from memory.
    for round in 0..2 {
        let korean = read(&app, &page, Some(KOREAN)).await;
        assert_eq!(korean.status(), StatusCode::OK);
        assert_eq!(korean.headers()[VARY], "Accept-Language");
        let korean = korean.text().await.unwrap();
        assert!(is_korean_page(&korean), "round {round}: {korean}");
        assert_eq!(
            texts(&korean, "#feedback-heading"),
            ["이 보고서는 이해하기 쉬웠나요?"]
        );
        // The review itself is the English original, marked as such.
        assert_eq!(texts(&korean, "h1"), [TITLE]);
        assert_eq!(attribute(&korean, "h1", "lang"), ["en"]);
        assert!(korean.contains("년"), "dates in Korean: {korean}");

        let (_, english) = read_text(&app, &page, None).await;
        assert!(is_english_page(&english), "round {round}: {english}");
        assert_eq!(
            texts(&english, "#feedback-heading"),
            ["Was this review clear?"]
        );
        assert!(attribute(&english, "h1", "lang").is_empty());
    }
    assert_eq!(app.state.public.len(), 2, "one rendering per language");

    // English first, then Korean, after the cache was emptied.
    app.state.public.clear();
    for _ in 0..2 {
        let (_, english) = read_text(&app, &page, Some("en-US,en;q=0.9")).await;
        assert!(is_english_page(&english));
        let (_, korean) = read_text(&app, &page, Some(KOREAN)).await;
        assert!(is_korean_page(&korean));
    }
    // The way past the fast path (a reader who accepts compression) keeps them apart too.
    let korean = reqwest::Client::new()
        .get(app.url(&page))
        .header(ACCEPT_LANGUAGE, KOREAN)
        .header(ACCEPT_ENCODING, "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(korean.headers()[VARY], "Accept-Language");
    assert!(is_korean_page(&korean.text().await.unwrap()));
    let english = reqwest::Client::new()
        .get(app.url(&page))
        .header(ACCEPT_ENCODING, "identity")
        .send()
        .await
        .unwrap();
    assert!(is_english_page(&english.text().await.unwrap()));
    assert_eq!(app.state.public.len(), 2);

    // The index, both orders, with its month filter named in each language.
    let month = chrono::Utc::now();
    for order in [[Some(KOREAN), None], [None, Some(KOREAN)]] {
        for language in order {
            let response = read(&app, "/reviews", language).await;
            assert_eq!(response.headers()[VARY], "Accept-Language");
            let index = response.text().await.unwrap();
            let months = texts(&index, "#month option");
            if language.is_some() {
                assert!(is_korean_page(&index), "{index}");
                assert_eq!(
                    texts(&index, "h1"),
                    ["장애 보고서"],
                    "the default site name"
                );
                assert_eq!(months[1], month.format("%Y년 %-m월").to_string());
            } else {
                assert!(is_english_page(&index), "{index}");
                assert_eq!(texts(&index, "h1"), ["Incident reviews"]);
                assert_eq!(months[1], month.format("%B %Y").to_string());
            }
            assert_eq!(
                attribute(&index, "#month option", "value")[1],
                month.format("%Y-%m").to_string(),
                "the filter's values stay the same"
            );
        }
    }

    // `?lang=en` asks for English whatever the browser says.
    let (_, chosen) = read_text(&app, &format!("{page}?lang=en"), Some(KOREAN)).await;
    assert!(is_english_page(&chosen));
}

#[tokio::test]
async fn a_translation_is_published_beside_the_english_review_without_a_second_approval() {
    let app = spawn_app().await;
    let f = fixture(&app).await;

    // Drafted before the English review is public: saved, but not publishable.
    let saved = f
        .member
        .post_form(
            &f.korean,
            &[("title", KO_TITLE), ("body_markdown", KO_BODY)],
        )
        .await;
    assert_eq!(
        flash_after(&f.member, saved).await,
        "Translation saved.",
        "a member who may edit the review may edit its translation"
    );
    let early = f
        .member
        .post_form(&format!("{}/publish", f.korean), &[])
        .await;
    assert!(
        flash_after(&f.member, early)
            .await
            .contains("publish the English review first")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM review_translation_revision")
            .await,
        0
    );

    // Viewers read it and change nothing.
    let (status, as_viewer) = f.viewer.get_text(&f.korean).await;
    assert_eq!(status, StatusCode::OK);
    assert!(texts(&as_viewer, "#review-form").is_empty());
    assert!(as_viewer.contains(KO_TITLE));
    for path in [f.korean.clone(), format!("{}/publish", f.korean)] {
        let refused = f
            .viewer
            .post_form(&path, &[("title", "x"), ("body_markdown", "y")])
            .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path}");
    }
    // English is the original, and only languages Hindsight speaks are translations.
    for other in ["en", "fr", "ko-KR"] {
        let (status, _) = f
            .member
            .get_text(&format!("{}/translations/{other}", f.editor))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{other}");
    }

    // The English review goes public; the Korean draft does not.
    let slug = publish(&app, &f.owner, &f.editor, "").await;
    let korean_page = format!("/reviews/{slug}?lang=ko");
    let (status, missing) = read_text(&app, &korean_page, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(is_korean_page(&missing));
    assert!(
        missing.contains("이 보고서는 아직 한국어로 게시되지 않았습니다"),
        "{missing}"
    );
    let (_, feed) = read_text(&app, "/reviews/feed.atom?lang=ko", None).await;
    assert!(texts(&feed, "entry").is_empty(), "{feed}");
    assert!(!feed.contains(KO_TITLE));

    // The translator sees the English text, the guidance in Korean, and no approval step.
    let (_, page) = f.member.get_text(&f.korean).await;
    assert!(page.contains("The English text (revision 1)"), "{page}");
    assert!(page.contains("Our DNS provider was attacked."));
    assert!(page.contains("No second approval is needed"));
    assert_eq!(
        attribute(&page, "#body_markdown", "hx-post"),
        [format!("{}/preview", f.korean)]
    );
    let blame = format!("{KO_BODY}\n운영자가 배포 전에 확인했어야 했다.\n");
    let preview = f
        .member
        .client
        .post(format!("{}{}/preview", f.member.base, f.korean))
        .header("hx-request", "true")
        .header(
            hindsight::web::csrf::HEADER,
            f.member.csrf_token().await.as_str(),
        )
        .form(&[("title", KO_TITLE), ("body_markdown", blame.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status(), StatusCode::OK);
    let preview = preview.text().await.unwrap();
    let marked = texts(&preview, ".guided-text mark.finding");
    assert!(
        marked.iter().any(|m| m.contains("했어야")),
        "Korean blame is marked: {marked:?}"
    );
    assert!(
        preview.contains("<h2"),
        "the preview is rendered: {preview}"
    );

    let published = f
        .member
        .post_form(&format!("{}/publish", f.korean), &[])
        .await;
    assert_eq!(
        flash_after(&f.member, published).await,
        format!("Translation published at /reviews/{slug}?lang=ko.")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'review.translation_published'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'review.translation_saved'")
            .await,
        1
    );

    // The Korean page: Korean title and text, Korean words, and the way to the original.
    let (status, korean) = read_text(&app, &korean_page, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        is_korean_page(&korean),
        "?lang=ko sets the page's words: {korean}"
    );
    assert_eq!(texts(&korean, "h1"), [KO_TITLE]);
    assert!(korean.contains("DNS 제공업체가 공격을 받았습니다."));
    assert!(!korean.contains("Our DNS provider was attacked."));
    let alternates = |html: &str| {
        let mut pairs: Vec<(String, String)> =
            attribute(html, "link[rel=alternate][hreflang]", "hreflang")
                .into_iter()
                .zip(attribute(html, "link[rel=alternate][hreflang]", "href"))
                .filter(|(_, href)| !href.contains("feed.atom"))
                .collect();
        pairs.sort();
        pairs
    };
    let expected = vec![
        ("en".to_owned(), format!("/reviews/{slug}")),
        ("ko".to_owned(), format!("/reviews/{slug}?lang=ko")),
    ];
    assert_eq!(alternates(&korean), expected);
    assert_eq!(texts(&korean, ".language-switch a"), ["Read in English"]);
    assert_eq!(
        attribute(&korean, ".language-switch a", "href"),
        [format!("/reviews/{slug}?lang=en")]
    );
    assert_eq!(
        attribute(&korean, "#feedback form", "action"),
        [format!("/reviews/{slug}/feedback?lang=ko")]
    );
    let (_, english) = read_text(&app, &format!("/reviews/{slug}"), None).await;
    assert_eq!(alternates(&english), expected);
    assert_eq!(texts(&english, ".language-switch a"), ["한국어로 읽기"]);
    assert_eq!(attribute(&english, ".language-switch a", "lang"), ["ko"]);
    assert_eq!(texts(&english, "h1"), [TITLE]);

    // The team page says where the translation stands.
    let (_, editor) = f.viewer.get_text(&f.editor).await;
    let section = texts(&editor, "section.translations").concat();
    assert!(section.contains("Korean translation"), "{section}");
    assert!(section.contains("Published"), "{section}");
    assert!(!section.contains("May be out of date"), "{section}");

    // Nothing new to publish.
    let again = f
        .member
        .post_form(&format!("{}/publish", f.korean), &[])
        .await;
    assert!(
        flash_after(&f.member, again)
            .await
            .contains("Nothing has changed")
    );

    // The English review is corrected: the translation may be out of date, and the
    // Korean page keeps showing what was published, saying the original moved on.
    let corrected_body = BODY.replace("13:20", "13:45");
    f.owner
        .post_form(
            &f.editor,
            &[("title", TITLE), ("body_markdown", &corrected_body)],
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    publish(
        &app,
        &f.owner,
        &f.editor,
        "Corrected the end of the impact window.",
    )
    .await;
    let (_, editor) = f.viewer.get_text(&f.editor).await;
    let stale = texts(&editor, "section.translations .translation-stale").concat();
    assert!(
        stale.contains("May be out of date")
            && stale.contains(
                "translated before the English review was first published; it is now at revision 2"
            ),
        "{stale}"
    );
    let (_, korean) = read_text(&app, &korean_page, None).await;
    assert_eq!(texts(&korean, "h1"), [KO_TITLE]);
    assert!(korean.contains("11:10부터 13:20 UTC까지"));
    assert!(
        texts(&korean, ".translation-stale")
            .concat()
            .contains("원문이 수정되었습니다"),
        "{korean}"
    );
    // Brought up to date and published again: no longer marked.
    let updated = KO_BODY.replace("13:20", "13:45");
    f.member
        .post_form(
            &f.korean,
            &[("title", KO_TITLE), ("body_markdown", &updated)],
        )
        .await;
    let republished = f
        .member
        .post_form(&format!("{}/publish", f.korean), &[])
        .await;
    assert_eq!(republished.status(), StatusCode::SEE_OTHER);
    let (_, editor) = f.viewer.get_text(&f.editor).await;
    assert!(texts(&editor, ".translation-stale").is_empty());
    let (_, korean) = read_text(&app, &korean_page, None).await;
    assert!(korean.contains("11:10부터 13:45 UTC까지"));
    assert!(texts(&korean, ".translation-stale").is_empty());
    // A second correction: now it names the revision it was made from.
    f.owner
        .post_form(
            &f.editor,
            &[
                ("title", TITLE),
                ("body_markdown", &format!("{corrected_body}\nMore.\n")),
            ],
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    publish(&app, &f.owner, &f.editor, "Added a sentence.").await;
    let (_, editor) = f.viewer.get_text(&f.editor).await;
    let stale = texts(&editor, ".translation-stale").concat();
    assert!(
        stale.contains("translated from revision 2; the English review is now at revision 3"),
        "{stale}"
    );

    // Retracting the review retracts its translation too: 410, in Korean.
    let retracted = f
        .owner
        .post_form(
            &format!("{}/retract", f.editor),
            &[("reason", "Published for the wrong incident.")],
        )
        .await;
    assert_eq!(retracted.status(), StatusCode::SEE_OTHER);
    let (status, gone) = read_text(&app, &korean_page, None).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(is_korean_page(&gone));
    assert_eq!(texts(&gone, "h1"), ["철회된 보고서입니다"]);
    assert!(gone.contains(KO_TITLE) && gone.contains("Published for the wrong incident."));
    assert!(!gone.contains("13:45"));
    let (status, _) = read_text(&app, &format!("/reviews/{slug}"), None).await;
    assert_eq!(status, StatusCode::GONE);
    let (_, feed) = read_text(&app, "/reviews/feed.atom?lang=ko", None).await;
    assert!(texts(&feed, "entry").is_empty());
    let refused = f
        .member
        .post_form(
            &f.korean,
            &[("title", KO_TITLE), ("body_markdown", KO_BODY)],
        )
        .await;
    assert!(flash_after(&f.member, refused).await.contains("retracted"));
    let (_, editor) = f.viewer.get_text(&f.editor).await;
    assert!(
        texts(&editor, "section.translations")
            .concat()
            .contains("off the public site too")
    );
}

/// The structure Atom 1.0 (RFC 4287) requires of a feed and its entries, and what a
/// reader relies on: unique ids, RFC 3339 times, one alternate link per entry.
fn assert_valid_atom(feed: &str) {
    assert!(
        feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        "{feed}"
    );
    assert!(feed.trim_end().ends_with("</feed>"));
    for element in ["id", "title", "updated"] {
        assert_eq!(
            texts(feed, &format!("feed > {element}")).len(),
            1,
            "the feed has one {element}"
        );
    }
    assert_eq!(texts(feed, "feed > link[rel=self]").len(), 1);
    let page = scraper::Html::parse_document(feed);
    let entry_selector = scraper::Selector::parse("entry").unwrap();
    let mut ids = Vec::new();
    for entry in page.select(&entry_selector) {
        let html = entry.html();
        for element in ["id", "title", "updated", "published", "summary", "content"] {
            assert_eq!(
                texts(&html, element).len(),
                1,
                "an entry has one {element}: {html}"
            );
        }
        assert_eq!(texts(&html, "link[rel=alternate]").len(), 1);
        for time in texts(&html, "updated")
            .into_iter()
            .chain(texts(&html, "published"))
        {
            assert!(
                chrono::DateTime::parse_from_rfc3339(&time).is_ok(),
                "{time}"
            );
        }
        ids.push(texts(&html, "id").concat());
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "entry ids are unique: {ids:?}");
    assert!(ids.iter().all(|id| id.starts_with("tag:")), "{ids:?}");
}

#[tokio::test]
async fn the_korean_feed_lists_the_translated_reviews_in_korean_and_the_english_feed_is_unchanged()
{
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let slug = publish(&app, &f.owner, &f.editor, "").await;
    let other = write_review(&f.owner, f.incident, "Another outage", "Only in English.").await;
    publish(&app, &f.owner, &other, "").await;
    f.member
        .post_form(
            &f.korean,
            &[("title", KO_TITLE), ("body_markdown", KO_BODY)],
        )
        .await;
    f.member
        .post_form(&format!("{}/publish", f.korean), &[])
        .await;

    let (status, english) = read_text(&app, "/reviews/feed.atom", Some(KOREAN)).await;
    assert_eq!(status, StatusCode::OK);
    assert_valid_atom(&english);
    assert!(
        english.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"),
        "no language mark, whatever the reader's browser says"
    );
    assert_eq!(texts(&english, "feed > title"), ["Incident reviews"]);
    assert_eq!(texts(&english, "entry").len(), 2);
    assert!(!english.contains(KO_TITLE));
    let english_ids = texts(&english, "entry > id");
    assert!(
        english_ids
            .iter()
            .all(|id| id.rsplit(':').next().is_some_and(|tail| tail
                .strip_prefix("review-")
                .is_some_and(|n| n.parse::<i64>().is_ok()))),
        "{english_ids:?}"
    );

    let (status, korean) = read_text(&app, "/reviews/feed.atom?lang=ko", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_valid_atom(&korean);
    assert!(korean.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ko\">"));
    assert_eq!(texts(&korean, "feed > title"), ["장애 보고서 (한국어)"]);
    assert_eq!(texts(&korean, "entry > title"), [KO_TITLE]);
    let base = app.url("");
    assert_eq!(
        attribute(&korean, "feed > link[rel=self]", "href"),
        [format!("{base}/reviews/feed.atom?lang=ko")]
    );
    assert_eq!(
        attribute(&korean, "entry > link[rel=alternate]", "href"),
        [format!("{base}/reviews/{slug}?lang=ko")]
    );
    let korean_id = texts(&korean, "entry > id").concat();
    assert!(korean_id.ends_with("-ko"), "{korean_id}");
    assert!(
        !english_ids.contains(&korean_id),
        "a translation is its own entry"
    );
    assert!(korean.contains("DNS 제공업체가 공격을 받았습니다."));
    assert!(!korean.contains("Only in English."));
    assert_ne!(texts(&korean, "feed > id"), texts(&english, "feed > id"));

    // The Korean pages point at the Korean feed; the English feed stays listed.
    let (_, page) = read_text(&app, &format!("/reviews/{slug}?lang=ko"), None).await;
    let feeds = attribute(&page, "link[type='application/atom+xml']", "href");
    assert_eq!(feeds, ["/reviews/feed.atom", "/reviews/feed.atom?lang=ko"]);

    // The index in Korean lists the translation under its Korean title.
    let (_, index) = read_text(&app, "/reviews", Some(KOREAN)).await;
    let titles = texts(&index, ".review-list h2");
    assert!(titles.contains(&KO_TITLE.to_owned()), "{titles:?}");
    assert!(titles.contains(&"Another outage".to_owned()), "{titles:?}");
    let (_, index) = read_text(&app, "/reviews", None).await;
    assert!(!index.contains(KO_TITLE));
    assert!(texts(&index, ".review-list a[hreflang=ko]").contains(&"한국어로 읽기".to_owned()));

    // The public API lists the published translation.
    let (_, json) = read_text(&app, &format!("/api/v1/public/reviews/{slug}"), None).await;
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["translations"][0]["language"], "ko");
    assert_eq!(json["translations"][0]["title"], KO_TITLE);
    assert_eq!(
        json["translations"][0]["url"],
        format!("/reviews/{slug}?lang=ko")
    );
    assert_eq!(json["translations"][0]["translated_from_revision"], 1);
    assert_eq!(json["translations"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_language_the_site_does_not_speak_is_a_clear_404_never_a_500() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let slug = publish(&app, &f.owner, &f.editor, "").await;
    let kept = app.state.public.len();
    for asked in ["xx", "fr", "%00", "%E2%80%AE", "k%3Co", "ko%26lang%3Den"] {
        let (status, page) = read_text(&app, &format!("/reviews/{slug}?lang={asked}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{asked}: {page}");
        assert!(
            page.contains("which this site does not have"),
            "{asked}: {page}"
        );
        assert_eq!(
            attribute(&page, "main a[hreflang]", "href"),
            [format!("/reviews/{slug}")],
            "{asked}: the languages there are"
        );
        for path in ["/reviews", "/reviews/feed.atom"] {
            let (status, page) = read_text(&app, &format!("{path}?lang={asked}"), None).await;
            // The index reads its filters first, and a NUL in any of them is a 422.
            assert!(
                status == StatusCode::NOT_FOUND
                    || (asked == "%00" && status == StatusCode::UNPROCESSABLE_ENTITY),
                "{path}?lang={asked}: {status}"
            );
            assert!(
                page.contains("this site does not have") || page.contains("NUL"),
                "{page}"
            );
        }
    }
    let (_, page) = read_text(&app, &format!("/reviews/{slug}?lang=xx"), Some(KOREAN)).await;
    assert!(is_korean_page(&page));
    assert!(page.contains("“xx”"), "{page}");
    assert_eq!(
        app.state.public.len(),
        kept,
        "odd addresses are not kept in memory"
    );
    // A regional tag is its language; an empty one is no choice at all.
    let (status, page) = read_text(&app, &format!("/reviews/{slug}?lang=ko-KR"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not translated yet");
    assert!(is_korean_page(&page));
    let (status, page) = read_text(&app, &format!("/reviews/{slug}?lang="), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(is_english_page(&page));
    let (status, page) = read_text(&app, "/reviews/no-such-review?lang=ko", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("페이지를 찾을 수 없습니다"), "{page}");
}

#[tokio::test]
async fn publishing_a_translation_twice_at_once_makes_one_publication() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    publish(&app, &f.owner, &f.editor, "").await;
    f.member
        .post_form(
            &f.korean,
            &[("title", KO_TITLE), ("body_markdown", KO_BODY)],
        )
        .await;
    let token = f.member.csrf_token().await;
    let path = format!("{}{}/publish", f.member.base, f.korean);
    let attempts = (0..6).map(|_| {
        f.member
            .client
            .post(&path)
            .form(&[("csrf_token", token.as_str())])
            .send()
    });
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.expect("POST").status())
        .collect();
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER || s.is_client_error()),
        "{statuses:?}"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM review_translation_revision")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'review.translation_published'")
            .await,
        1
    );
}
