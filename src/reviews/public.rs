//! The public site: published reviews for anyone, no sign-in. Only what a publication
//! froze is reachable here — drafts, reviews in review and approved-but-unpublished ones
//! have no slug and answer 404 like any unknown address. A review page is rendered once
//! per language and then served from memory with a strong ETag.
//!
//! Languages: the page's own words (navigation, labels, dates) follow the reader's
//! `Accept-Language`; the review itself is the English original unless the address asks
//! for a published translation with `?lang=ko`, which also sets the page's words.

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::views;
use crate::AppState;
use crate::db::{self, time_from_ms};
use crate::error::AppError;
use crate::i18n::{self, Lang};
use crate::t;
use crate::web::extractors::{ClientAddress, Form, Path, Query};

/// Instance settings of the public site.
#[derive(Clone, Debug, Serialize)]
pub struct SiteSettings {
    pub name: String,
    /// An https image address, or empty.
    pub logo_url: String,
    /// `#rrggbb`.
    pub accent: String,
    /// Whether readers can subscribe by email (SMTP is configured); not stored.
    pub email_subscriptions: bool,
}

impl Default for SiteSettings {
    fn default() -> SiteSettings {
        SiteSettings {
            name: t!("review-site-default-name"),
            logo_url: String::new(),
            email_subscriptions: false,
            accent: "#2456a6".into(),
        }
    }
}

pub async fn site_settings(db: impl sqlx::AnyExecutor<'_>) -> Result<SiteSettings, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT name, value FROM site_setting")
        .fetch_all(db)
        .await?;
    let mut settings = SiteSettings::default();
    for (name, value) in rows {
        match name.as_str() {
            "name" => settings.name = value,
            "logo_url" => settings.logo_url = value,
            "accent" => settings.accent = value,
            _ => {}
        }
    }
    Ok(settings)
}

/// The site's look for a public page, knowing whether this instance sends email.
pub async fn public_site(app: &AppState) -> Result<SiteSettings, sqlx::Error> {
    let mut site = site_settings(app.db.pool()).await?;
    site.email_subscriptions = app.mail.is_some();
    Ok(site)
}

/// Checks and saves the site settings.
pub async fn save_site_settings(
    app: &AppState,
    actor: crate::accounts::UserId,
    name: &str,
    logo_url: &str,
    accent: &str,
) -> Result<(), AppError> {
    let name = crate::accounts::require_text(name, "site name", 100)?;
    let logo_url = logo_url.trim();
    if !logo_url.is_empty() && !logo_url.starts_with("https://") && !logo_url.starts_with('/') {
        return Err(AppError::invalid(
            t!("review-site-error-logo-scheme"),
            "field logo_url",
        ));
    }
    if logo_url.len() > 500 || logo_url.chars().any(|c| c.is_whitespace() || c == '"') {
        return Err(AppError::invalid(
            t!("review-site-error-logo-invalid"),
            "field logo_url",
        ));
    }
    let accent = accent.trim();
    let is_colour = accent.len() == 7
        && accent.starts_with('#')
        && accent[1..].chars().all(|c| c.is_ascii_hexdigit());
    if !is_colour {
        return Err(AppError::invalid(
            t!("review-site-error-accent"),
            "field accent",
        ));
    }
    let mut tx = app.db.begin().await?;
    for (key, value) in [
        ("name", name.as_str()),
        ("logo_url", logo_url),
        ("accent", accent),
    ] {
        sqlx::query(
            "INSERT INTO site_setting (name, value) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut *tx)
        .await?;
    }
    crate::audit::record(
        &mut *tx,
        Some(actor),
        crate::audit::AuditEvent::plain("site.settings_saved", "site", 0),
    )
    .await?;
    tx.commit().await?;
    app.public.clear();
    Ok(())
}

/// One earlier publication, as the page lists it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RevisionNote {
    pub number: i64,
    pub published_at: DateTime<Utc>,
    pub change_note: String,
}

/// A published translation of a review: its latest publication.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicTranslation {
    #[serde(skip)]
    pub review_id: i64,
    #[serde(skip)]
    pub lang: Lang,
    /// A BCP 47 code, such as `ko`.
    pub language: String,
    pub title: String,
    pub summary: String,
    pub body_html: String,
    /// First published.
    pub published_at: DateTime<Utc>,
    /// Last published.
    pub updated_at: DateTime<Utc>,
    /// The English revision it was translated from (0: the text as approved, before the
    /// English review's first publication); lower than the review's `revision` when the
    /// English text was corrected since.
    pub translated_from_revision: i64,
    /// The page's path on this site, `/reviews/{slug}?lang={language}`.
    pub url: String,
}

/// A review as the public sees it: its latest revision.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicReview {
    #[serde(skip)]
    pub review_id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    #[serde(rename = "body_html")]
    pub body_html: String,
    pub services: Vec<String>,
    pub impact_start: Option<DateTime<Utc>>,
    pub impact_end: Option<DateTime<Utc>>,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub revision: i64,
    pub revisions: Vec<RevisionNote>,
    /// Published translations, one per language.
    pub translations: Vec<PublicTranslation>,
    #[serde(skip)]
    pub retracted: Option<(DateTime<Utc>, String)>,
}

impl PublicReview {
    /// The published translation into `lang`, if there is one.
    pub fn translation(&self, lang: Lang) -> Option<&PublicTranslation> {
        self.translations.iter().find(|t| t.lang == lang)
    }

    /// The languages it can be read in, the original first, each with its address.
    pub fn alternates(&self) -> Vec<(Lang, String)> {
        let mut alternates = vec![(Lang::En, format!("/reviews/{}", self.slug))];
        alternates.extend(self.translations.iter().map(|t| (t.lang, t.url.clone())));
        alternates
    }
}

#[derive(sqlx::FromRow)]
struct PublicRow {
    review_id: i64,
    slug: String,
    retracted_at: Option<i64>,
    retraction_reason: Option<String>,
    first_published_at: i64,
    number: i64,
    title: String,
    summary: String,
    body_html: String,
    services: String,
    impact_start: Option<i64>,
    impact_end: Option<i64>,
    published_at: i64,
}

const PUBLIC_SELECT: &str = "SELECT r.id AS review_id, r.slug, r.retracted_at, r.retraction_reason,
        r.published_at AS first_published_at, v.number, v.title, v.summary, v.body_html, v.services,
        v.impact_start, v.impact_end, v.published_at
     FROM review r JOIN review_revision v ON v.review_id = r.id
     WHERE r.slug IS NOT NULL
       AND v.number = (SELECT MAX(number) FROM review_revision w WHERE w.review_id = r.id)";

fn from_row(row: PublicRow) -> PublicReview {
    PublicReview {
        review_id: row.review_id,
        slug: row.slug,
        title: row.title,
        summary: row.summary,
        body_html: row.body_html,
        services: serde_json::from_str(&row.services).unwrap_or_default(),
        impact_start: row.impact_start.map(time_from_ms),
        impact_end: row.impact_end.map(time_from_ms),
        published_at: time_from_ms(row.first_published_at),
        updated_at: time_from_ms(row.published_at),
        revision: row.number,
        revisions: Vec::new(),
        translations: Vec::new(),
        retracted: row
            .retracted_at
            .map(|at| (time_from_ms(at), row.retraction_reason.unwrap_or_default())),
    }
}

#[derive(sqlx::FromRow)]
struct TranslationRow {
    review_id: i64,
    slug: String,
    language: String,
    first_published_at: i64,
    title: String,
    summary: String,
    body_html: String,
    source_revision: i64,
    published_at: i64,
}

/// The latest publication of each translation (`revisions` counts them, so it is also
/// the latest one's number).
const TRANSLATION_SELECT: &str = "SELECT t.review_id, r.slug, t.language,
        t.published_at AS first_published_at, v.title, v.summary, v.body_html, v.source_revision,
        v.published_at
     FROM review_translation t JOIN review r ON r.id = t.review_id
     JOIN review_translation_revision v ON v.translation_id = t.id AND v.number = t.revisions
     WHERE r.slug IS NOT NULL";

/// Hands each review its published translations, in [`Lang::ALL`] order.
fn attach_translations(reviews: &mut [PublicReview], rows: Vec<TranslationRow>) {
    for row in rows {
        // A language this build does not speak stays in the database, out of sight.
        let Some(lang) = super::translation::target_language(&row.language) else {
            continue;
        };
        let Some(review) = reviews.iter_mut().find(|r| r.review_id == row.review_id) else {
            continue;
        };
        review.translations.push(PublicTranslation {
            review_id: row.review_id,
            lang,
            language: row.language,
            url: format!("/reviews/{}?lang={}", row.slug, lang.code()),
            title: row.title,
            summary: row.summary,
            body_html: row.body_html,
            published_at: time_from_ms(row.first_published_at),
            updated_at: time_from_ms(row.published_at),
            translated_from_revision: row.source_revision,
        });
    }
    for review in reviews {
        review
            .translations
            .sort_by_key(|t| Lang::ALL.iter().position(|lang| *lang == t.lang));
    }
}

/// The published review at `slug` (also when retracted, so its page can say so).
pub async fn find_public(app: &AppState, slug: &str) -> Result<Option<PublicReview>, AppError> {
    if !is_slug(slug) {
        return Ok(None);
    }
    let row: Option<PublicRow> = sqlx::query_as(&format!("{PUBLIC_SELECT} AND r.slug = $1"))
        .bind(slug)
        .fetch_optional(app.db.pool())
        .await?;
    let Some(mut review) = row.map(from_row) else {
        return Ok(None);
    };
    let notes: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT number, published_at, change_note FROM review_revision WHERE review_id = $1 ORDER BY number DESC",
    )
    .bind(review.review_id)
    .fetch_all(app.db.pool())
    .await?;
    review.revisions = notes
        .into_iter()
        .map(|(number, at, change_note)| RevisionNote {
            number,
            published_at: time_from_ms(at),
            change_note,
        })
        .collect();
    let translations: Vec<TranslationRow> =
        sqlx::query_as(&format!("{TRANSLATION_SELECT} AND t.review_id = $1"))
            .bind(review.review_id)
            .fetch_all(app.db.pool())
            .await?;
    attach_translations(std::slice::from_mut(&mut review), translations);
    Ok(Some(review))
}

/// Published, not retracted reviews, newest first.
pub async fn list_public(app: &AppState) -> Result<Vec<PublicReview>, AppError> {
    let rows: Vec<PublicRow> = sqlx::query_as(&format!(
        "{PUBLIC_SELECT} AND r.retracted_at IS NULL ORDER BY r.published_at DESC, r.id DESC LIMIT 1000"
    ))
    .fetch_all(app.db.pool())
    .await?;
    let mut reviews: Vec<PublicReview> = rows.into_iter().map(from_row).collect();
    let translations: Vec<TranslationRow> =
        sqlx::query_as(&format!("{TRANSLATION_SELECT} AND r.retracted_at IS NULL"))
            .fetch_all(app.db.pool())
            .await?;
    attach_translations(&mut reviews, translations);
    Ok(reviews)
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 200
        && text
            .chars()
            .all(|c| c == '-' || c.is_alphanumeric() && !c.is_uppercase())
}

/// What an address asks for with `?lang=`.
pub enum RequestedLang<'a> {
    /// Nothing: the page's words follow the reader, the review is the original.
    Reader,
    /// A language Hindsight speaks.
    Chosen(Lang),
    /// Something else, as written.
    Unknown(Cow<'a, str>),
}

/// Reads `lang` from a query string (the first one, if repeated; empty counts as none).
pub fn requested_lang(query: Option<&str>) -> RequestedLang<'_> {
    let Some(query) = query else {
        return RequestedLang::Reader;
    };
    match form_urlencoded::parse(query.as_bytes()).find(|(name, _)| name == "lang") {
        None => RequestedLang::Reader,
        Some((_, value)) if value.trim().is_empty() => RequestedLang::Reader,
        Some((_, value)) => match Lang::parse(&value) {
            Some(lang) => RequestedLang::Chosen(lang),
            None => RequestedLang::Unknown(value),
        },
    }
}

/// Which rendering of a review page: the language of its words, and of the review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageKey {
    pub chrome: Lang,
    pub content: Lang,
}

impl PageKey {
    /// The key for a request, or `None` when it asks for a language we do not speak.
    /// `reader` is asked only when the address leaves the choice to the reader.
    fn of(requested: &RequestedLang<'_>, reader: impl FnOnce() -> Lang) -> Option<PageKey> {
        match requested {
            RequestedLang::Reader => Some(PageKey {
                chrome: reader(),
                content: Lang::En,
            }),
            RequestedLang::Chosen(lang) => Some(PageKey {
                chrome: *lang,
                content: *lang,
            }),
            RequestedLang::Unknown(_) => None,
        }
    }
}

/// A rendered public page with its validator.
pub struct CachedPage {
    status: StatusCode,
    body: Bytes,
    etag: HeaderValue,
}

impl CachedPage {
    fn new(status: StatusCode, html: String) -> CachedPage {
        let digest = Sha256::digest(html.as_bytes());
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        CachedPage {
            status,
            body: Bytes::from(html),
            etag: HeaderValue::from_str(&format!("\"{hex}\""))
                .unwrap_or_else(|_| HeaderValue::from_static("\"0\"")),
        }
    }

    fn respond(&self, request: &HeaderMap) -> Response {
        let not_modified = request
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| {
                tags.split(',')
                    .any(|tag| tag.trim() == "*" || tag.trim() == self.etag.to_str().unwrap_or(""))
            });
        let mut response = if not_modified && self.status == StatusCode::OK {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let mut response = Response::new(Body::from(self.body.clone()));
            *response.status_mut() = self.status;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response
        };
        let headers = response.headers_mut();
        headers.insert(header::ETAG, self.etag.clone());
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=60"),
        );
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
        response
    }
}

/// The renderings of one review page (at most one per [`PageKey`]).
type PageVariants = Vec<(PageKey, Arc<CachedPage>)>;

/// Rendered review pages by slug and [`PageKey`]. Cleared when anything on a public page
/// changes, on every instance (see `retros::relay`), every language at once.
#[derive(Clone, Default)]
pub struct PublicCache {
    // By slug first, so a lookup borrows the path instead of building a key.
    pages: Arc<RwLock<HashMap<String, PageVariants>>>,
    /// With several instances, where to say that theirs must be cleared too.
    others: Arc<std::sync::OnceLock<tokio::sync::mpsc::UnboundedSender<()>>>,
}

impl PublicCache {
    fn get(&self, slug: &str, key: PageKey) -> Option<Arc<CachedPage>> {
        self.pages
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(slug)?
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, page)| page.clone())
    }

    fn insert(&self, slug: String, key: PageKey, page: Arc<CachedPage>) {
        let mut pages = self
            .pages
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let variants = pages.entry(slug).or_default();
        variants.retain(|(k, _)| *k != key);
        variants.push((key, page));
    }

    /// How many renderings are kept, over every slug and language.
    pub fn len(&self) -> usize {
        self.pages
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .values()
            .map(Vec::len)
            .sum()
    }

    /// True when nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every rendered page (after a publication, retraction or settings change),
    /// here and on the other instances.
    pub fn clear(&self) {
        if let Some(others) = self.others.get() {
            // Err only when the relay has stopped.
            let _told = others.send(());
        }
        self.clear_here();
    }

    /// Forgets this instance's rendered pages, in every language.
    pub fn clear_here(&self) {
        self.pages
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }

    /// Tells `others` whenever the cache is cleared.
    pub fn tell_others_through(&self, others: tokio::sync::mpsc::UnboundedSender<()>) {
        let _first = self.others.set(others);
    }
}

/// Serves a rendered review page before the rest of the app's layers: the busiest page
/// there is, the same bytes for every reader of a language, and nothing about it needs a
/// session, a CSRF token or a request id. Asked for compression, for a language we do
/// not speak, or not rendered yet, the request goes the usual way. Each answer is still
/// logged and counted.
pub async fn fast_path(
    State(app): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let cached = (request.method() == axum::http::Method::GET)
        .then(|| request.uri().path().strip_prefix("/reviews/"))
        .flatten()
        .filter(|slug| !slug.contains('/'))
        .filter(|_| !request.headers().contains_key(header::ACCEPT_ENCODING))
        .and_then(|slug| {
            let requested = requested_lang(request.uri().query());
            let key = PageKey::of(&requested, || Lang::from_headers(request.headers()))?;
            app.public.get(slug, key)
        });
    let Some(page) = cached else {
        return next.run(request).await;
    };
    let started = std::time::Instant::now();
    let response =
        crate::web::security::add_security_headers(page.respond(request.headers())).await;
    tracing::info!(method = "GET", path = %request.uri().path(), status = response.status().as_u16(), "served from memory");
    crate::web::metrics::record_request(
        "GET",
        "/reviews/{slug}",
        response.status(),
        started.elapsed(),
    );
    response
}

/// Where the public site lives, for absolute links in feeds and link previews.
pub fn base_url(app: &AppState, headers: &HeaderMap) -> String {
    match &app.settings.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => crate::web::site_url(app.settings.secure_cookies, headers),
    }
}

/// Runs a public handler's work with `lang` as the page's language. An error keeps it
/// too: the error page is rendered further out (by `error::render`, which reads the
/// language from the response), after the work is done.
async fn in_language(
    lang: Lang,
    work: impl Future<Output = Result<Response, AppError>>,
) -> Response {
    let mut response = i18n::scope(lang, work)
        .await
        .unwrap_or_else(IntoResponse::into_response);
    response.extensions_mut().insert(lang);
    response
}

/// A page for an address whose `?lang=` we do not speak (404): what it asked for, and
/// the languages there are. Rendered for each such request and never kept, so odd
/// addresses cannot fill the cache.
fn unknown_language(site: &SiteSettings, value: &str, alternates: &[(Lang, String)]) -> Response {
    // Shown as written only when it looks like a language tag.
    let shown: String = value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(20)
        .collect();
    let page = views::unknown_language_page(site, &shown, alternates);
    (
        StatusCode::NOT_FOUND,
        [(header::VARY, "Accept-Language")],
        page,
    )
        .into_response()
}

pub async fn show_review(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let requested = requested_lang(uri.query());
    let Some(key) = PageKey::of(&requested, i18n::current) else {
        let value = match &requested {
            RequestedLang::Unknown(value) => value.as_ref(),
            _ => "",
        };
        return in_language(i18n::current(), async {
            let review = find_public(&app, &slug).await?.ok_or(AppError::NotFound)?;
            let site = public_site(&app).await?;
            Ok(unknown_language(&site, value, &review.alternates()))
        })
        .await;
    };
    in_language(key.chrome, async {
        if let Some(page) = app.public.get(&slug, key) {
            return Ok(page.respond(&headers));
        }
        let review = find_public(&app, &slug).await?.ok_or(AppError::NotFound)?;
        let site = public_site(&app).await?;
        let translation = match key.content {
            Lang::En => None,
            lang => Some(review.translation(lang)),
        };
        let page = match (&review.retracted, translation) {
            (Some((at, reason)), _) => {
                // The page in the asked-for language says so, under the title its
                // readers knew.
                let title = translation
                    .flatten()
                    .map_or(review.title.as_str(), |t| t.title.as_str());
                CachedPage::new(
                    StatusCode::GONE,
                    views::retracted_page(&site, title, *at, reason).into_string(),
                )
            }
            (None, Some(None)) => CachedPage::new(
                StatusCode::NOT_FOUND,
                views::translation_missing_page(&site, &review, key.content).into_string(),
            ),
            (None, Some(Some(translation))) => CachedPage::new(
                StatusCode::OK,
                views::public_review_page(
                    &site,
                    &review,
                    Some(translation),
                    app.settings.public_url.as_deref(),
                )
                .into_string(),
            ),
            (None, None) => CachedPage::new(
                StatusCode::OK,
                views::public_review_page(&site, &review, None, app.settings.public_url.as_deref())
                    .into_string(),
            ),
        };
        let page = Arc::new(page);
        app.public.insert(review.slug.clone(), key, page.clone());
        Ok(page.respond(&headers))
    })
    .await
}

#[derive(Deserialize, Default)]
pub struct IndexQuery {
    #[serde(default)]
    month: String,
    #[serde(default)]
    service: String,
}

/// Applies the index's month (`YYYY-MM`) and service filters.
fn filter_index(
    reviews: Vec<PublicReview>,
    query: &IndexQuery,
) -> Result<Vec<PublicReview>, AppError> {
    let month = query.month.trim();
    if !month.is_empty()
        && chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").is_err()
    {
        return Err(AppError::invalid(
            t!("review-public-error-month", month = format!("{month:?}")),
            "query month",
        ));
    }
    let service = query.service.trim();
    Ok(reviews
        .into_iter()
        .filter(|r| month.is_empty() || r.published_at.format("%Y-%m").to_string() == month)
        .filter(|r| service.is_empty() || r.services.iter().any(|s| s == service))
        .collect())
}

/// The index's addresses in each language, for its language switch.
fn index_alternates() -> Vec<(Lang, String)> {
    Lang::ALL
        .into_iter()
        .map(|lang| (lang, format!("/reviews?lang={}", lang.code())))
        .collect()
}

pub async fn show_index(
    State(app): State<AppState>,
    uri: Uri,
    Query(query): Query<IndexQuery>,
) -> Response {
    let requested = requested_lang(uri.query());
    let (lang, chosen) = match &requested {
        RequestedLang::Reader => (i18n::current(), None),
        RequestedLang::Chosen(lang) => (*lang, Some(*lang)),
        RequestedLang::Unknown(value) => {
            return in_language(i18n::current(), async {
                let site = public_site(&app).await?;
                Ok(unknown_language(&site, value, &index_alternates()))
            })
            .await;
        }
    };
    in_language(lang, async {
        let all = list_public(&app).await?;
        let mut months: Vec<String> = all
            .iter()
            .map(|r| r.published_at.format("%Y-%m").to_string())
            .collect();
        months.dedup();
        let mut services: Vec<String> = all.iter().flat_map(|r| r.services.clone()).collect();
        services.sort();
        services.dedup();
        let shown = filter_index(all, &query)?;
        let site = public_site(&app).await?;
        let page = views::public_index(
            &site,
            &shown,
            &views::IndexFilters {
                months: &months,
                services: &services,
                month: &query.month,
                service: &query.service,
                chosen,
            },
        );
        Ok((
            [
                (header::CACHE_CONTROL, "public, max-age=60"),
                (header::VARY, "Accept-Language"),
            ],
            page,
        )
            .into_response())
    })
    .await
}

/// The accent colour, as a stylesheet (the CSP allows no inline style).
pub async fn site_stylesheet(State(app): State<AppState>) -> Result<Response, AppError> {
    let site = public_site(&app).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        format!(":root {{ --site-accent: {}; }}\n", site.accent),
    )
        .into_response())
}

/// Escapes text for XML content and attributes.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// One entry of a feed, in the feed's language.
struct FeedEntry<'a> {
    review: &'a PublicReview,
    /// Appended to the entry's id and address: the original has none, so its ids and
    /// links stay as they were before translations existed.
    id_suffix: &'a str,
    query: &'a str,
    title: &'a str,
    summary: &'a str,
    body_html: &'a str,
    published_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The Atom 1.0 feed: one entry per published review, updated by corrections. With
/// `?lang=ko`, the reviews published in Korean, in Korean.
pub async fn show_feed(State(app): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    // The feed's language is its address's alone: a feed reader's Accept-Language
    // must not turn the English feed into another one.
    let lang = match requested_lang(uri.query()) {
        RequestedLang::Reader => Lang::En,
        RequestedLang::Chosen(lang) => lang,
        RequestedLang::Unknown(value) => {
            return in_language(i18n::current(), async {
                let site = public_site(&app).await?;
                let alternates: Vec<(Lang, String)> = Lang::ALL
                    .into_iter()
                    .map(|lang| (lang, feed_path(lang)))
                    .collect();
                Ok(unknown_language(&site, &value, &alternates))
            })
            .await;
        }
    };
    in_language(lang, async {
        let reviews = list_public(&app).await?;
        let site = public_site(&app).await?;
        let base = base_url(&app, &headers);
        Ok((
            [
                (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=60"),
            ],
            feed_xml(&reviews, &site, &base, lang),
        )
            .into_response())
    })
    .await
}

/// The feed's path in `lang`.
pub fn feed_path(lang: Lang) -> String {
    match lang {
        Lang::En => "/reviews/feed.atom".to_owned(),
        lang => format!("/reviews/feed.atom?lang={}", lang.code()),
    }
}

fn feed_xml(reviews: &[PublicReview], site: &SiteSettings, base: &str, lang: Lang) -> String {
    let suffix = format!("-{}", lang.code());
    let query = format!("?lang={}", lang.code());
    let entries: Vec<FeedEntry<'_>> = match lang {
        Lang::En => reviews
            .iter()
            .map(|review| FeedEntry {
                review,
                id_suffix: "",
                query: "",
                title: &review.title,
                summary: &review.summary,
                body_html: &review.body_html,
                published_at: review.published_at,
                updated_at: review.updated_at,
            })
            .collect(),
        lang => reviews
            .iter()
            .filter_map(|review| {
                let translation = review.translation(lang)?;
                Some(FeedEntry {
                    review,
                    id_suffix: &suffix,
                    query: &query,
                    title: &translation.title,
                    summary: &translation.summary,
                    body_html: &translation.body_html,
                    published_at: translation.published_at,
                    updated_at: translation.updated_at,
                })
            })
            .collect(),
    };
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or("localhost")
        .split(['/', ':'])
        .next()
        .unwrap_or("localhost")
        .to_owned();
    let updated = entries
        .iter()
        .map(|e| e.updated_at)
        .max()
        .unwrap_or_else(|| time_from_ms(0));
    let (feed_lang, title, self_path, index_path) = match lang {
        // The original feed reads as it did before translations: no language mark, the
        // site's name as its title.
        Lang::En => (
            String::new(),
            site.name.clone(),
            feed_path(lang),
            "/reviews".to_owned(),
        ),
        lang => (
            format!(" xml:lang=\"{}\"", lang.code()),
            t!("review-feed-title", site = site.name.as_str()),
            feed_path(lang),
            format!("/reviews{query}"),
        ),
    };
    let mut feed = String::with_capacity(4096 + entries.len() * 2048);
    feed.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"{feed_lang}>\n"
    ));
    feed.push_str(&format!("  <title>{}</title>\n", xml(&title)));
    feed.push_str(&format!("  <id>{}{}</id>\n", xml(base), xml(&self_path)));
    feed.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}{}\"/>\n",
        xml(base),
        xml(&self_path)
    ));
    feed.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}{}\"/>\n",
        xml(base),
        xml(&index_path)
    ));
    feed.push_str(&format!(
        "  <updated>{}</updated>\n",
        updated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    ));
    feed.push_str("  <generator>Hindsight</generator>\n");
    for entry in &entries {
        let review = entry.review;
        let url = format!("{base}/reviews/{}{}", review.slug, entry.query);
        feed.push_str("  <entry>\n");
        feed.push_str(&format!("    <title>{}</title>\n", xml(entry.title)));
        // Stable across corrections and across a change of the site's address; each
        // language its own, since each is its own entry to a feed reader.
        feed.push_str(&format!(
            "    <id>tag:{},{}:review-{}{}</id>\n",
            xml(&host),
            review.published_at.format("%Y-%m-%d"),
            review.review_id,
            entry.id_suffix
        ));
        feed.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml(&url)
        ));
        feed.push_str(&format!(
            "    <published>{}</published>\n",
            entry
                .published_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ));
        feed.push_str(&format!(
            "    <updated>{}</updated>\n",
            entry
                .updated_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ));
        feed.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            xml(&site.name)
        ));
        for service in &review.services {
            feed.push_str(&format!("    <category term=\"{}\"/>\n", xml(service)));
        }
        feed.push_str(&format!("    <summary>{}</summary>\n", xml(entry.summary)));
        feed.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml(entry.body_html)
        ));
        feed.push_str("  </entry>\n");
    }
    feed.push_str("</feed>\n");
    feed
}

#[utoipa::path(
    get,
    path = "/api/v1/public/reviews",
    tag = "public",
    summary = "The published reviews, newest first; no token needed.",
    params(
        ("month" = Option<String>, Query, description = "`YYYY-MM`"),
        ("service" = Option<String>, Query, description = "An affected service"),
    ),
    responses(
        (status = 200, description = "Published reviews, newest first",
            body = crate::api::openapi::PublicReviewList),
        crate::api::openapi::PublicErrors,
    ),
)]
pub async fn api_list(
    State(app): State<AppState>,
    Query(query): Query<IndexQuery>,
) -> Result<Response, AppError> {
    let reviews = filter_index(list_public(&app).await?, &query)?;
    let list: Vec<serde_json::Value> = reviews
        .iter()
        .map(|r| {
            serde_json::json!({"slug": r.slug, "title": r.title, "summary": r.summary, "services": r.services,
                "impact_start": r.impact_start, "impact_end": r.impact_end, "published_at": r.published_at,
                "updated_at": r.updated_at, "url": format!("/reviews/{}", r.slug)})
        })
        .collect();
    Ok(axum::Json(serde_json::json!({"reviews": list})).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/public/reviews/{slug}",
    tag = "public",
    summary = "One published review with its revisions and published translations; no token needed.",
    params(("slug" = String, Path, description = "The review's slug")),
    responses(
        (status = 200, description = "The review's latest revision", body = PublicReview),
        (status = 410, description = "Retracted", body = crate::api::openapi::RetractedReview),
        crate::api::openapi::PublicErrors,
    ),
)]
pub async fn api_show(
    State(app): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let review = find_public(&app, &slug).await?.ok_or(AppError::NotFound)?;
    if let Some((at, reason)) = &review.retracted {
        return Ok((
            StatusCode::GONE,
            axum::Json(serde_json::json!({"error": {"message": t!("review-public-api-retracted", reason = reason.as_str())}, "retracted_at": at})),
        )
            .into_response());
    }
    Ok(axum::Json(review).into_response())
}

#[derive(Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    clear: String,
    #[serde(default)]
    comment: String,
    /// Hidden from people; bots fill it in.
    #[serde(default)]
    website: String,
}

/// Feedback from one address per hour, across all reviews.
const FEEDBACK_PER_HOUR: i64 = 10;
pub const MAX_FEEDBACK_CHARS: usize = 2_000;

/// A reader's answer to "Was this review clear?". The form's address carries the
/// page's `?lang=`, so the thanks come in the language the reader was reading.
pub async fn leave_feedback(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    uri: Uri,
    ClientAddress(address): ClientAddress,
    Form(form): Form<FeedbackForm>,
) -> Response {
    let (lang, content) = match requested_lang(uri.query()) {
        RequestedLang::Chosen(lang) => (lang, lang),
        RequestedLang::Reader | RequestedLang::Unknown(_) => (i18n::current(), Lang::En),
    };
    in_language(lang, store_feedback(app, slug, content, address, form)).await
}

async fn store_feedback(
    app: AppState,
    slug: String,
    content: Lang,
    address: String,
    form: FeedbackForm,
) -> Result<Response, AppError> {
    let review = find_public(&app, &slug).await?.ok_or(AppError::NotFound)?;
    if review.retracted.is_some() {
        return Err(AppError::NotFound);
    }
    let site = public_site(&app).await?;
    let thanks = || views::feedback_thanks(&site, &review, content).into_response();
    if !form.website.is_empty() {
        // Thank the bot as if it worked, so it learns nothing.
        return Ok(thanks());
    }
    let was_clear = match form.clear.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(AppError::invalid(
                t!("review-public-error-clear"),
                "field clear",
            ));
        }
    };
    let comment = form.comment.trim();
    if comment.chars().count() > MAX_FEEDBACK_CHARS {
        return Err(AppError::invalid(
            t!("review-public-error-comment-long", max = MAX_FEEDBACK_CHARS),
            "field comment",
        ));
    }
    let client_key: String = Sha256::digest(address.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let now = db::now_ms();
    let mut tx = app.db.begin().await?;
    let (recent,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM review_feedback WHERE client_key = $1 AND created_at > $2",
    )
    .bind(&client_key)
    .bind(now - 60 * 60 * 1000)
    .fetch_one(&mut *tx)
    .await?;
    if recent >= FEEDBACK_PER_HOUR {
        return Err(AppError::TooManyRequests {
            message: t!("review-public-error-too-much-feedback"),
            retry_after_s: 60 * 60,
        });
    }
    sqlx::query(
        "INSERT INTO review_feedback (review_id, was_clear, comment, client_key, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(review.review_id)
    .bind(i64::from(was_clear))
    .bind(comment)
    .bind(&client_key)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(thanks())
}
