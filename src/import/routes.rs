//! Importing through the web: upload a file or paste text, see a preview, then confirm.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::apply::{self, ImportOutcome, Summary};
use super::drafts::{self, Draft};
use super::{Format, Timeline};
use crate::AppState;
use crate::api::routes::import_options;
use crate::error::AppError;
use crate::web::PageContext;
use crate::web::extractors::{Member, Path, TeamMember};
use crate::web::flash::{self, Flash};
use crate::web::layout::{self, FormError, csrf_field, time_in_zone};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/teams/{team}/import", show_import_form)
        .post_unlimited("/teams/{team}/import", upload_import)
        .post("/teams/{team}/import/{draft}", commit_import)
}

async fn show_import_form(member: TeamMember<Member>, context: PageContext) -> Markup {
    import_form_page(&context, &member.team.slug, None, None)
}

/// The name given to text pasted instead of a file.
const PASTED: &str = "pasted text";

const FORMATS: [(&str, &str); 7] = [
    ("auto", "Detect automatically"),
    ("native", "Hindsight JSON"),
    ("csv", "CSV (time, actor, kind, text)"),
    ("markdown", "Markdown or plain-text timeline"),
    ("statuspage", "Atlassian Statuspage incident JSON"),
    ("pagerduty", "PagerDuty incident and log entries JSON"),
    ("slack", "Slack channel export (zip)"),
];

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
        "Import a timeline",
        html! {
            h1 { "Import a timeline" }
            p { "Bring in a finished incident from where it was recorded. You will see a preview before anything is saved, and importing the same export again adds nothing." }
            @if let Some(error) = error {
                div.flash.flash-error role="alert" {
                    (error.message)
                    @if let Some(field) = &error.field { br; "Where: " (field) }
                }
            }
            form.stacked.card method="post" action=(action) enctype="multipart/form-data" {
                (csrf_field(&context.csrf_token))
                div {
                    label for="import-file" { "File" }
                    span.hint #import-file-hint { "JSON, CSV, Markdown or a Slack export zip." }
                    input #import-file type="file" name="file" aria-describedby="import-file-hint";
                }
                div {
                    label for="import-text" { "Or paste the timeline" }
                    textarea #import-text name="text" rows="8" { (pasted) }
                }
                div {
                    label for="import-format" { "Format" }
                    select #import-format name="format" {
                        @for (value, label) in FORMATS { option value=(value) selected[value == chosen_format] { (label) } }
                    }
                }
                div {
                    label for="import-timezone" { "Time zone for times written without one" }
                    span.hint #import-timezone-hint { "An IANA name such as Europe/Berlin or America/New_York. Leave empty if every time has a zone." }
                    input #import-timezone type="text" name="timezone" value=(timezone) aria-describedby="import-timezone-hint";
                }
                div { button type="submit" { "Preview import" } }
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
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::invalid(format!("The upload could not be read: {e}"), "upload"))?
    {
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| {
            AppError::invalid(format!("The upload could not be read: {e}"), "upload")
        })? {
            total += chunk.len();
            if total > limit {
                return Err(AppError::invalid(
                    format!(
                        "The upload is larger than the limit of {} MB.",
                        limit / (1024 * 1024)
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
            "Choose a file or paste a timeline.",
            "field file",
        ));
    }
    Ok(draft)
}

/// Parses a draft off the async runtime (big exports take a while).
async fn parse_draft(draft: &Draft) -> Result<Timeline, AppError> {
    let (format, options) = import_options(draft.format.as_deref(), draft.timezone.as_deref())?;
    let content = draft.content.clone();
    let file_name = draft.file_name.clone();
    tokio::task::spawn_blocking(move || {
        super::parse(&content, format, &options).map_err(|mut e| {
            e.location = Some(match e.location.take() {
                Some(location) => format!("{file_name}: {location}"),
                None => file_name,
            });
            e
        })
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
    layout::page(
        context,
        "Preview import",
        html! {
            h1 { "Preview: " (timeline.incident.title) }
            p {
                "Read as " strong { (format_label(timeline.format)) } ". "
                @if outcome.incident_id.is_some() {
                    "This incident was imported before: " strong { (outcome.entries_added) } " new entr"
                    (if outcome.entries_added == 1 { "y" } else { "ies" }) " would be added to the "
                    (outcome.entries_total - outcome.entries_added) " already there."
                } @else {
                    "A new incident with " strong { (outcome.entries_added) } " entries would be created."
                }
            }
            (incident_fields(&timeline.incident, zone))
            h2 { "Entries by kind" }
            dl.stats {
                @for (kind, count) in &summary.counts_by_kind { div { dt { (kind) } dd { (count) } } }
            }
            p.muted {
                @if let (Some(first), Some(last)) = (summary.first_at, summary.last_at) {
                    "From " (time_in_zone(first, zone)) " to " (time_in_zone(last, zone)) "."
                }
            }
            @if !timeline.warnings.is_empty() {
                h2 { "Please check" }
                ul { @for warning in &timeline.warnings { li { (warning) } } }
            }
            h2 { "First entries" }
            ol.timeline {
                @for entry in timeline.entries.iter().take(SHOWN) {
                    li {
                        div.entry-meta {
                            (time_in_zone(entry.occurred_at, zone))
                            span.kind { (entry.kind) }
                            @if let Some(actor) = &entry.actor { span { (actor) } }
                            @if entry.visibility == crate::incidents::kinds::Visibility::Public { span.badge { "public" } }
                        }
                        p.entry-text { (entry.text) }
                    }
                }
            }
            @if timeline.entries.len() > SHOWN { p.muted { "… and " (timeline.entries.len() - SHOWN) " more." } }
            form.inline method="post" action=(format!("/teams/{team}/import/{draft_id}")) {
                (csrf_field(&context.csrf_token))
                button type="submit" { "Import" }
                " "
                a href=(format!("/teams/{team}/import")) { "Start over" }
            }
        },
    )
}

/// What the source says about the incident itself.
fn incident_fields(incident: &super::IncidentDraft, zone: &str) -> Markup {
    let times = [
        ("Started", incident.started_at),
        ("Detected", incident.detected_at),
        ("Acknowledged", incident.acknowledged_at),
        ("Mitigated", incident.mitigated_at),
        ("Resolved", incident.resolved_at),
    ];
    html! {
        h2 { "Incident" }
        table {
            caption.visually-hidden { "Incident fields found in the file" }
            tbody {
                tr { th scope="row" { "Title" } td { (incident.title) } }
                tr { th scope="row" { "Severity" } td { (incident.severity.as_deref().unwrap_or("—")) } }
                tr {
                    th scope="row" { "Affected services" }
                    td { @if incident.affected_services.is_empty() { "—" } @else { (incident.affected_services.join(", ")) } }
                }
                @for (label, time) in times {
                    tr {
                        th scope="row" { (label) }
                        td { @match time { Some(time) => (time_in_zone(time, zone)), None => "not in the file" } }
                    }
                }
            }
        }
    }
}

fn format_label(format: Format) -> &'static str {
    FORMATS
        .iter()
        .find(|(value, _)| *value == format.as_str())
        .map_or("an unknown format", |(_, label)| label)
}

async fn commit_import(
    State(app): State<AppState>,
    member: TeamMember<Member>,
    Path((_, draft_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let draft = drafts::find_draft(&app.db, member.team.id, member.user.id, draft_id)
        .await?
        .ok_or_else(|| {
            AppError::Refused("This preview has expired. Upload the file again.".into())
        })?;
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
        "unchanged" => "Nothing new: this export was imported before.".to_owned(),
        _ => format!(
            "Imported {} entr{}.",
            outcome.entries_added,
            if outcome.entries_added == 1 {
                "y"
            } else {
                "ies"
            }
        ),
    };
    let incident = outcome.incident_id.unwrap_or_default();
    Ok(flash::redirect(
        &format!("/teams/{}/incidents/{incident}", member.team.slug),
        Flash::notice(message),
    ))
}
