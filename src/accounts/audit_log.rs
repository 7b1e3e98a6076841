//! The audit trail for administrators: browse it with filters, download it as CSV. There
//! is deliberately no route that edits or deletes an event.

use axum::extract::State;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;

use crate::AppState;
use crate::db::time_from_ms;
use crate::error::AppError;
use crate::t;
use crate::web::PageContext;
use crate::web::extractors::{Admin, Query};
use crate::web::layout::{self, time_in_zone};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/audit", show_audit)
        .get("/admin/audit.csv", export_audit)
}

const PAGE: i64 = 100;
const CSV_LIMIT: i64 = 100_000;

#[derive(Deserialize, Default)]
struct AuditQuery {
    /// The start of the action, such as `review.` or `user.created`.
    #[serde(default)]
    action: String,
    #[serde(default)]
    object_type: String,
    /// The actor's email.
    #[serde(default)]
    actor: String,
    #[serde(default)]
    page: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    actor: Option<String>,
    action: String,
    object_type: String,
    object_id: i64,
    detail: String,
    created_at: i64,
}

async fn events(
    app: &AppState,
    query: &AuditQuery,
    limit: i64,
    offset: i64,
) -> Result<Vec<EventRow>, AppError> {
    let like = |text: &str| {
        format!(
            "{}%",
            text.trim()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    };
    Ok(sqlx::query_as(
        "SELECT e.id, u.email AS actor, e.action, e.object_type, e.object_id, e.detail, e.created_at
         FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
         WHERE e.action LIKE $1 ESCAPE '\\' AND ($2 = '' OR e.object_type = $2) AND ($3 = '' OR u.email = $3)
         ORDER BY e.id DESC LIMIT $4 OFFSET $5",
    )
    .bind(like(&query.action))
    .bind(query.object_type.trim())
    .bind(query.actor.trim().to_lowercase())
    .bind(limit)
    .bind(offset)
    .fetch_all(app.db.pool())
    .await?)
}

fn query_string(query: &AuditQuery, page: Option<i64>) -> String {
    let mut pairs = form_urlencoded::Serializer::new(String::new());
    pairs.append_pair("action", &query.action);
    pairs.append_pair("object_type", &query.object_type);
    pairs.append_pair("actor", &query.actor);
    if let Some(page) = page {
        pairs.append_pair("page", &page.to_string());
    }
    pairs.finish()
}

async fn show_audit(
    State(app): State<AppState>,
    Admin(admin): Admin,
    context: PageContext,
    Query(query): Query<AuditQuery>,
) -> Result<Markup, AppError> {
    let page = query.page.unwrap_or(1).max(1);
    if page > crate::actions::filter::MAX_PAGE {
        return Err(AppError::invalid(
            t!("web-error-no-such-page"),
            "parameter page",
        ));
    }
    let mut rows = events(&app, &query, PAGE + 1, (page - 1) * PAGE).await?;
    let has_next = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let title = t!("audit-title");
    Ok(layout::page(
        &context,
        &title,
        html! {
            h1 { (title) }
            p.muted { (t!("audit-intro")) }
            form.filters method="get" action="/admin/audit" {
                div { label for="audit-action" { (t!("audit-filter-action")) } input #audit-action type="text" name="action" value=(query.action) placeholder="review."; }
                div { label for="audit-object" { (t!("audit-filter-object")) } input #audit-object type="text" name="object_type" value=(query.object_type) placeholder="action_item"; }
                div { label for="audit-actor" { (t!("audit-filter-actor")) } input #audit-actor type="email" name="actor" value=(query.actor); }
                div { button.secondary type="submit" { (t!("audit-filter-submit")) } }
            }
            p { a href=(format!("/admin/audit.csv?{}", query_string(&query, None))) { (t!("audit-download")) } }
            @if rows.is_empty() { p { (t!("audit-empty")) } } @else {
                div.table-wrap {
                    table {
                        caption.visually-hidden { (t!("audit-caption")) }
                        thead { tr { th scope="col" { (t!("audit-when")) } th scope="col" { (t!("audit-who")) } th scope="col" { (t!("audit-what")) } th scope="col" { (t!("audit-object")) } th scope="col" { (t!("audit-detail")) } } }
                        tbody {
                            @for row in &rows {
                                tr {
                                    td { (time_in_zone(time_from_ms(row.created_at), &admin.time_zone)) }
                                    td {
                                        @match &row.actor {
                                            Some(actor) => (actor),
                                            None => (t!("audit-the-system")),
                                        }
                                    }
                                    td { code { (row.action) } }
                                    td { (row.object_type) " " (row.object_id) }
                                    td { code.prewrap { (row.detail) } }
                                }
                            }
                        }
                    }
                }
            }
            nav.pager aria-label=(t!("web-pages")) {
                @if page > 1 { a href=(format!("/admin/audit?{}", query_string(&query, Some(page - 1)))) { (t!("audit-newer")) } " " }
                @if has_next { a href=(format!("/admin/audit?{}", query_string(&query, Some(page + 1)))) { (t!("audit-older")) } }
            }
        },
    ))
}

async fn export_audit(
    State(app): State<AppState>,
    _admin: Admin,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let rows = events(&app, &query, CSV_LIMIT, 0).await?;
    // Machine-read: the header stays English (and the values raw) in every language.
    let header = [
        "id",
        "time_utc",
        "actor",
        "action",
        "object_type",
        "object_id",
        "detail",
    ];
    crate::web::csv_download(
        "audit-log.csv",
        &header,
        rows.into_iter().map(|row| {
            vec![
                row.id.to_string(),
                time_from_ms(row.created_at).to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                row.actor.unwrap_or_default(),
                row.action,
                row.object_type,
                row.object_id.to_string(),
                row.detail,
            ]
        }),
    )
}
