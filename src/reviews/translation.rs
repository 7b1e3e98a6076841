//! Translations of a review: per language, a working copy the team edits and its frozen
//! publications, shown at `/reviews/{slug}?lang=…` beside the English review.
//!
//! A translation has no approval step of its own: the English text was approved, and
//! the translation says the same thing. What it needs instead is the English review on
//! the public site, and a record of which English revision it was made from, so that a
//! later correction of the English text marks it as possibly out of date.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::AnyExecutor;

use super::{Review, record, refuse_if_retracted, valid_body, valid_title};
use crate::accounts::UserId;
use crate::db::{self, Db, time_from_ms};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::t;

/// Whether a translation made from English revision `from` lags behind `current`. One
/// made before the first publication (0) is of the text that was then approved and
/// published, so only a correction puts it behind.
pub fn is_behind(from: i64, current: i64) -> bool {
    from.max(1) < current
}

/// The languages a review can be translated into: every one Hindsight speaks but the
/// original's.
pub fn target_languages() -> impl Iterator<Item = Lang> {
    Lang::ALL.into_iter().filter(|lang| *lang != Lang::En)
}

/// A translation language from a path segment; the original's language is no target.
pub fn target_language(code: &str) -> Option<Lang> {
    target_languages().find(|lang| lang.code() == code)
}

/// One publication of a translation.
#[derive(Clone, Debug)]
pub struct TranslationRevision {
    pub number: i64,
    pub title: String,
    pub body_markdown: String,
    /// The English revision it was translated from (0: the unpublished English draft).
    pub source_revision: i64,
    pub published_by: Option<String>,
    pub published_at: DateTime<Utc>,
}

/// A review's translation into one language, as the team sees it.
#[derive(Clone, Debug)]
pub struct Translation {
    pub id: i64,
    pub review_id: i64,
    pub lang: Lang,
    /// The working copy.
    pub title: String,
    pub body_markdown: String,
    /// The English revision the working copy was translated from (0: the unpublished
    /// English draft).
    pub source_revision: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<String>,
    /// Publications, newest first.
    pub revisions: Vec<TranslationRevision>,
}

impl Translation {
    /// The publication on the public site, if any.
    pub fn latest(&self) -> Option<&TranslationRevision> {
        self.revisions.first()
    }

    /// True when the working copy differs from what is public (or nothing is).
    pub fn has_unpublished_changes(&self) -> bool {
        self.latest().is_none_or(|published| {
            published.title != self.title
                || published.body_markdown != self.body_markdown
                || published.source_revision != self.source_revision
        })
    }

    /// `(translated from, current)` when the English review was corrected after the
    /// translation readers see (or, before any publication, the saved one) was made.
    pub fn out_of_date(&self, english_revision: i64) -> Option<(i64, i64)> {
        let from = self
            .latest()
            .map_or(self.source_revision, |published| published.source_revision);
        is_behind(from, english_revision).then_some((from, english_revision))
    }
}

#[derive(sqlx::FromRow)]
struct TranslationRow {
    id: i64,
    review_id: i64,
    language: String,
    title: String,
    body_markdown: String,
    source_revision: i64,
    updated_at: i64,
    updated_by: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RevisionRow {
    translation_id: i64,
    number: i64,
    title: String,
    body_markdown: String,
    source_revision: i64,
    published_by: Option<String>,
    published_at: i64,
}

impl From<RevisionRow> for TranslationRevision {
    fn from(row: RevisionRow) -> TranslationRevision {
        TranslationRevision {
            number: row.number,
            title: row.title,
            body_markdown: row.body_markdown,
            source_revision: row.source_revision,
            published_by: row.published_by,
            published_at: time_from_ms(row.published_at),
        }
    }
}

/// Every translation of `review`, with its publications, in [`Lang::ALL`] order.
pub async fn list_translations(
    db: impl AnyExecutor<'_> + Copy,
    review: i64,
) -> Result<Vec<Translation>, AppError> {
    let rows: Vec<TranslationRow> = sqlx::query_as(
        "SELECT t.id, t.review_id, t.language, t.title, t.body_markdown, t.source_revision,
                t.updated_at, u.display_name AS updated_by
         FROM review_translation t LEFT JOIN app_user u ON u.id = t.updated_by
         WHERE t.review_id = $1",
    )
    .bind(review)
    .fetch_all(db)
    .await?;
    let revisions: Vec<RevisionRow> = sqlx::query_as(
        "SELECT v.translation_id, v.number, v.title, v.body_markdown, v.source_revision,
                u.display_name AS published_by, v.published_at
         FROM review_translation_revision v JOIN review_translation t ON t.id = v.translation_id
         LEFT JOIN app_user u ON u.id = v.published_by
         WHERE t.review_id = $1 ORDER BY v.number DESC",
    )
    .bind(review)
    .fetch_all(db)
    .await?;
    let mut translations = Vec::new();
    for row in rows {
        // A language this build does not speak stays in the database, out of sight.
        let Some(lang) = target_language(&row.language) else {
            continue;
        };
        translations.push(Translation {
            id: row.id,
            review_id: row.review_id,
            lang,
            title: row.title,
            body_markdown: row.body_markdown,
            source_revision: row.source_revision,
            updated_at: time_from_ms(row.updated_at),
            updated_by: row.updated_by,
            revisions: Vec::new(),
        });
    }
    for revision in revisions {
        if let Some(translation) = translations
            .iter_mut()
            .find(|t| t.id == revision.translation_id)
        {
            translation.revisions.push(revision.into());
        }
    }
    translations.sort_by_key(|t| Lang::ALL.iter().position(|lang| *lang == t.lang));
    Ok(translations)
}

/// The translation of `review` into `lang`, if one was started.
pub async fn find_translation(
    db: impl AnyExecutor<'_> + Copy,
    review: i64,
    lang: Lang,
) -> Result<Option<Translation>, AppError> {
    Ok(list_translations(db, review)
        .await?
        .into_iter()
        .find(|t| t.lang == lang))
}

/// Saves the working copy of the translation into `lang`, made from the English
/// review as it is published now. Nothing public changes until it is published.
pub async fn save_translation(
    db: &Db,
    actor: UserId,
    review: &Review,
    lang: Lang,
    title: &str,
    body: &str,
) -> Result<(), AppError> {
    refuse_if_retracted(review)?;
    let title = valid_title(title)?;
    let body = valid_body(body)?;
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO review_translation (review_id, language, title, body_markdown, source_revision,
                created_at, updated_at, updated_by, revisions)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7, 0)
         ON CONFLICT (review_id, language) DO UPDATE SET title = excluded.title,
                body_markdown = excluded.body_markdown, source_revision = excluded.source_revision,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(review.id)
    .bind(lang.code())
    .bind(&title)
    .bind(&body)
    .bind(review.revisions)
    .bind(now)
    .bind(actor.0)
    .execute(&mut *tx)
    .await?;
    record(
        &mut tx,
        actor,
        "review.translation_saved",
        review.id,
        json!({"language": lang.code(), "source_revision": review.revisions}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes the working copy of `translation` beside the English review. Returns the
/// new publication's number.
pub async fn publish_translation(
    db: &Db,
    actor: UserId,
    review: &Review,
    translation: Option<&Translation>,
) -> Result<i64, AppError> {
    refuse_if_retracted(review)?;
    if !review.is_public() {
        return Err(AppError::Refused(t!(
            "review-translation-error-english-unpublished"
        )));
    }
    let Some(translation) = translation else {
        return Err(AppError::Refused(t!("review-translation-error-not-saved")));
    };
    if !translation.has_unpublished_changes() {
        return Err(AppError::Refused(t!(
            "review-translation-error-nothing-changed"
        )));
    }
    let body_html = crate::markdown::render(&translation.body_markdown).into_string();
    let summary = crate::markdown::first_paragraph(&translation.body_markdown, 280);
    let published = translation.latest().map_or(0, |r| r.number);
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    // Counting publications on the row itself makes two publishers at once meet here:
    // the second finds the count moved on and is told to reload.
    let bumped: Option<(i64,)> = sqlx::query_as(
        "UPDATE review_translation SET revisions = revisions + 1, published_at = COALESCE(published_at, $1)
         WHERE id = $2 AND revisions = $3 AND updated_at = $4 RETURNING revisions",
    )
    .bind(now)
    .bind(translation.id)
    .bind(published)
    .bind(translation.updated_at.timestamp_millis())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((number,)) = bumped else {
        return Err(AppError::Conflict(t!("review-error-changed-meanwhile")));
    };
    sqlx::query(
        "INSERT INTO review_translation_revision (translation_id, number, title, summary, body_markdown,
                body_html, source_revision, published_by, published_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(translation.id)
    .bind(number)
    .bind(&translation.title)
    .bind(&summary)
    .bind(&translation.body_markdown)
    .bind(&body_html)
    .bind(translation.source_revision)
    .bind(actor.0)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    record(
        &mut tx,
        actor,
        "review.translation_published",
        review.id,
        json!({
            "language": translation.lang.code(),
            "revision": number,
            "source_revision": translation.source_revision,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(number)
}

/// The English text a translator works from: the latest publication, or the working
/// copy before there is one. `(revision number, markdown)`.
pub async fn english_source(
    db: impl AnyExecutor<'_>,
    review: &Review,
) -> Result<(i64, String), AppError> {
    let latest: Option<(i64, String)> = sqlx::query_as(
        "SELECT number, body_markdown FROM review_revision WHERE review_id = $1
         ORDER BY number DESC LIMIT 1",
    )
    .bind(review.id)
    .fetch_optional(db)
    .await?;
    Ok(latest.unwrap_or_else(|| (0, review.body_markdown.clone())))
}
