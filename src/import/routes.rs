//! Importing through the web: upload a file or paste text, see a preview, then confirm.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::Timeline;
use super::apply::{self, ImportOutcome, Summary};
use super::drafts::{self, Draft};
use crate::AppState;
use crate::api::routes::import_options;
use crate::error::AppError;
use crate::t;
use crate::web::PageContext;
use crate::web::extractors::{Member, Path, TeamMember};
use crate::web::flash::{self, Flash};
use crate::web::layout::{self, FormError, csrf_field, time_in_zone};
use crate::web::routes::Routes;
use crate::web::sentence::sentence;

pub fn routes() -> Routes {
    Routes::new()
        .get("/teams/{team}/import", show_import_form)
        .post_unlimited("/teams/{team}/import", upload_import)
        .post("/teams/{team}/import/{draft}", commit_import)
}

async fn show_import_form(member: TeamMember<Member>, context: PageContext) -> Markup {
    import_form_page(&context, &member.team.slug, None, None)
}

/// The name a draft of pasted text is stored under (it is shown translated).
const PASTED: &str = "pasted text";

/// The formats offered, by the value the form sends.
const FORMATS: [&str; 7] = [
    "auto",
    "native",
    "csv",
    "markdown",
    "statuspage",
    "pagerduty",
    "slack",
];

/// What a format is called on the form and in the preview.
fn format_name(value: &str) -> String {
    match value {
        "auto" => t!("import-format-auto"),
        "native" => t!("import-format-native"),
        "csv" => t!("import-format-csv"),
        "markdown" => t!("import-format-markdown"),
        "statuspage" => t!("import-format-statuspage"),
        "pagerduty" => t!("import-format-pagerduty"),
        "slack" => t!("import-format-slack"),
        _ => t!("import-format-unknown"),
    }
}

fn import_form_page(
    context: &PageContext,
    team: &str,
    error: Option<&FormError>,
    previous: Option<&Draft>,
) -> Markup {
    let pasted = previous
        .filter(|d| d.file_name == PASTED)
        .map(|d| String::from_utf8_lossy(&d.content).into_owned())
        .unwrap_or_default();
    let chosen_format = previous.and_then(|d| d.format.as_deref()).unwrap_or("auto");
    let timezone = previous.and_then(|d| d.timezone.as_deref()).unwrap_or("");
    // Multipart bodies are not read by the CSRF check, so the token rides in the URL.
    let action = format!("/teams/{team}/import?csrf_token={}", context.csrf_token);
    layout::page(
        context,
        &t!("import-title"),
        html! {
            h1 { (t!("import-title")) }
            p { (t!("import-intro")) }
            @if let Some(error) = error {
                div.flash.flash-error role="alert" {
                    (error.message)
                    @if let Some(field) = &error.field { br; (t!("error-where", location = field.as_str())) }
                }
            }
            form.stacked.card method="post" action=(action) enctype="multipart/form-data" {
                (csrf_field(&context.csrf_token))
                div {
                    label for="import-file" { (t!("import-file")) }
                    span.hint #import-file-hint { (t!("import-file-hint")) }
                    input #import-file type="file" name="file" aria-describedby="import-file-hint";
                }
                div {
                    label for="import-text" { (t!("import-paste")) }
                    textarea #import-text name="text" rows="8" { (pasted) }
                }
                div {
                    label for="import-format" { (t!("import-format")) }
                    select #import-format name="format" {
                        @for value in FORMATS { option value=(value) selected[value == chosen_format] { (format_name(value)) } }
                    }
                }
                div {
                    label for="import-timezone" { (t!("import-time-zone")) }
                    span.hint #import-timezone-hint { (t!("import-time-zone-hint")) }
                    input #import-timezone type="text" name="timezone" value=(timezone) aria-describedby="import-timezone-hint";
                }
                div { button type="submit" { (t!("import-preview-button")) } }
            }
        },
    )
}

/// Reads the upload's fields, refusing more than `limit` bytes in all.
async fn read_upload(mut multipart: Multipart, limit: usize) -> Result<Draft, AppError> {
    let mut draft = Draft {
        file_name: String::new(),
        format: None,
        timezone: None,
        content: Vec::new(),
    };
    let mut pasted = Vec::new();
    let mut total = 0usize;
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        AppError::invalid(
            t!("import-error-upload-unreadable", detail = e.to_string()),
            t!("import-at-upload"),
        )
    };
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            total += chunk.len();
            if total > limit {
                return Err(AppError::invalid(
                    t!(
                        "import-error-upload-too-large",
                        megabytes = limit / (1024 * 1024)
                    ),
                    "field file",
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = || String::from_utf8_lossy(&bytes).trim().to_owned();
        match name.as_str() {
            "file" => {
                draft.file_name = file_name.unwrap_or_default();
                draft.content = bytes;
            }
            "text" => pasted = bytes,
            "format" => draft.format = Some(text()).filter(|f| !f.is_empty()),
            "timezone" => draft.timezone = Some(text()).filter(|t| !t.is_empty()),
            _ => {}
        }
    }
    if draft.content.is_empty() {
        draft.content = pasted;
        draft.file_name = PASTED.into();
    }
    if draft.content.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::invalid(
            t!("import-error-nothing-chosen"),
            "field file",
        ));
    }
    Ok(draft)
}

/// Parses a draft off the async runtime (big exports take a while).
async fn parse_draft(draft: &Draft) -> Result<Timeline, AppError> {
    if let Some(zone) = draft.timezone.as_deref().map(str::trim)
        && !zone.is_empty()
        && zone.parse::<chrono_tz::Tz>().is_err()
    {
        // Checked here too so the form says it in the reader's language.
        return Err(AppError::invalid(
            t!("import-error-unknown-zone", zone = zone),
            "field timezone",
        ));
    }
    let (format, options) = import_options(draft.format.as_deref(), draft.timezone.as_deref())?;
    let content = draft.content.clone();
    let file_name = if draft.file_name == PASTED {
        t!("import-pasted-text")
    } else {
        draft.file_name.clone()
    };
    // The importers' messages are in the reader's language; the blocking thread has no
    // request around it to say which.
    let lang = crate::i18n::current();
    tokio::task::spawn_blocking(move || {
        crate::i18n::sync_scope(lang, || super::parse(&content, format, &options)).map_err(
            |mut e| {
                e.location = Some(match e.location.take() {
                    Some(location) => format!("{file_name}: {location}"),
                    None => file_name,
                });
                e
            },
        )
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::from)
}

async fn upload_import(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    context: PageContext,
    multipart: Multipart,
) -> Result<Response, AppError> {
    // The location here is a place in the upload, not a form field: show it whole.
    let form_error = |error: AppError| match error {
        AppError::Invalid { message, location } => Ok(FormError {
            message,
            field: location,
        }),
        other => FormError::from_app_error(other),
    };
    let draft = match read_upload(multipart, app.settings.max_upload_bytes).await {
        Ok(draft) => draft,
        Err(error) => {
            let page =
                import_form_page(&context, &member.team.slug, Some(&form_error(error)?), None);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let timeline = match parse_draft(&draft).await {
        Ok(timeline) => timeline,
        Err(error) => {
            // Keep what was pasted and chosen, so fixing one thing does not mean redoing all.
            let page = import_form_page(
                &context,
                &member.team.slug,
                Some(&form_error(error)?),
                Some(&draft),
            );
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let outcome = apply::import_timeline(
        &app.db,
        member.team.id,
        Some(member.user.id),
        &timeline,
        true,
    )
    .await?;
    let draft_id = drafts::save_draft(&app.db, member.team.id, member.user.id, &draft).await?;
    let summary = apply::summarize(&timeline);
    Ok(preview_page(
        &context,
        &member.team.slug,
        draft_id,
        &timeline,
        &summary,
        &outcome,
        &member.user.time_zone,
    )
    .into_response())
}

fn preview_page(
    context: &PageContext,
    team: &str,
    draft_id: i64,
    timeline: &Timeline,
    summary: &Summary,
    outcome: &ImportOutcome,
    zone: &str,
) -> Markup {
    const SHOWN: usize = 20;
    let added = html! { strong { (outcome.entries_added) } };
    layout::page(
        context,
        &t!("import-preview-title"),
        html! {
            h1 { (t!("import-preview-heading", title = timeline.incident.title.as_str())) }
            p {
                (sentence(
                    &t!("import-read-as", format = "{0}"),
                    &[html! { strong { (format_name(timeline.format.as_str())) } }],
                ))
                " "
                @if outcome.incident_id.is_some() {
                    (sentence(
                        &t!(
                            "import-preview-existing",
                            added = "{0}",
                            count = outcome.entries_added,
                            existing = outcome.entries_total - outcome.entries_added
                        ),
                        &[added],
                    ))
                } @else {
                    (sentence(
                        &t!("import-preview-new", added = "{0}", count = outcome.entries_added),
                        &[added],
                    ))
                }
            }
            (incident_fields(&timeline.incident, zone))
            h2 { (t!("import-entries-by-kind")) }
            dl.stats {
                @for (kind, count) in &summary.counts_by_kind { div { dt { (kind) } dd { (count) } } }
            }
            p.muted {
                @if let (Some(first), Some(last)) = (summary.first_at, summary.last_at) {
                    (sentence(
                        &t!("import-preview-range", first = "{0}", last = "{1}"),
                        &[time_in_zone(first, zone), time_in_zone(last, zone)],
                    ))
                }
            }
            @if !timeline.warnings.is_empty() {
                h2 { (t!("import-please-check")) }
                ul { @for warning in &timeline.warnings { li { (warning) } } }
            }
            h2 { (t!("import-first-entries")) }
            ol.timeline {
                @for entry in timeline.entries.iter().take(SHOWN) {
                    li {
                        div.entry-meta {
                            (time_in_zone(entry.occurred_at, zone))
                            span.kind { (entry.kind) }
                            @if let Some(actor) = &entry.actor { span { (actor) } }
                            @if entry.visibility == crate::incidents::kinds::Visibility::Public { span.badge { (t!("import-public")) } }
                        }
                        p.entry-text { (entry.text) }
                    }
                }
            }
            @if timeline.entries.len() > SHOWN { p.muted { (t!("import-and-more-entries", count = timeline.entries.len() - SHOWN)) } }
            form.inline method="post" action=(format!("/teams/{team}/import/{draft_id}")) {
                (csrf_field(&context.csrf_token))
                button type="submit" { (t!("import-button")) }
                " "
                a href=(format!("/teams/{team}/import")) { (t!("import-start-over")) }
            }
        },
    )
}

/// What the source says about the incident itself.
fn incident_fields(incident: &super::IncidentDraft, zone: &str) -> Markup {
    let times = [
        (t!("import-field-started"), incident.started_at),
        (t!("import-field-detected"), incident.detected_at),
        (t!("import-field-acknowledged"), incident.acknowledged_at),
        (t!("import-field-mitigated"), incident.mitigated_at),
        (t!("import-field-resolved"), incident.resolved_at),
    ];
    html! {
        h2 { (t!("import-incident")) }
        table {
            caption.visually-hidden { (t!("import-incident-caption")) }
            tbody {
                tr { th scope="row" { (t!("import-field-title")) } td { (incident.title) } }
                tr { th scope="row" { (t!("import-field-severity")) } td { (incident.severity.as_deref().unwrap_or("—")) } }
                tr {
                    th scope="row" { (t!("import-field-services")) }
                    td { @if incident.affected_services.is_empty() { "—" } @else { (incident.affected_services.join(", ")) } }
                }
                @for (label, time) in times {
                    tr {
                        th scope="row" { (label) }
                        td { @match time { Some(time) => (time_in_zone(time, zone)), None => (t!("import-not-in-file")) } }
                    }
                }
            }
        }
    }
}

async fn commit_import(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    Path((_, draft_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let draft = drafts::find_draft(&app.db, member.team.id, member.user.id, draft_id)
        .await?
        .ok_or_else(|| AppError::Refused(t!("import-error-preview-expired")))?;
    let timeline = parse_draft(&draft).await?;
    let outcome = apply::import_timeline(
        &app.db,
        member.team.id,
        Some(member.user.id),
        &timeline,
        false,
    )
    .await?;
    drafts::delete_draft(&app.db, draft_id).await?;
    let message = match outcome.status {
        "unchanged" => t!("import-done-unchanged"),
        _ => t!("import-done", count = outcome.entries_added),
    };
    let incident = outcome.incident_id.unwrap_or_default();
    Ok(flash::redirect(
        &format!("/teams/{}/incidents/{incident}", member.team.slug),
        Flash::notice(message),
    ))
}
