//! The OpenAPI 3.1 document of the JSON API, derived from the handlers' annotations and
//! the types they return, served as JSON and as a plain page for people.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use axum::Json;
use axum::http::Extensions;
use maud::{Markup, html};
use serde_json::Value;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{IntoResponses, Modify, OpenApi, ToSchema};

use crate::web::routes::Routes;
use crate::web::{PageContext, SignedIn, layout};

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/openapi.json", show_document)
        .get("/api/docs", show_docs)
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hindsight API",
        version = env!("CARGO_PKG_VERSION"),
        description = "The JSON API of Hindsight: incidents and their timelines, retros, \
            action items, reviews and the wording checks. Every route but the public ones \
            takes a personal API token as `Authorization: Bearer hs_…` (create one on the \
            Account page or with `hindsight token create`). Errors are \
            `{\"error\":{\"message\":…,\"location\":…}}` with a 4xx status."
    ),
    paths(
        super::routes::show_import_schema,
        super::routes::create_import,
        super::routes::list_incidents,
        super::routes::show_incident,
        super::routes::show_timeline,
        super::retros::start_retro,
        super::retros::show_retro,
        super::retros::retro_events,
        super::retros::change_phase,
        super::retros::add_card,
        super::retros::reveal,
        super::retros::create_theme,
        super::retros::cast_vote,
        super::retros::retract_vote,
        super::actions::create_action,
        super::actions::list_actions,
        super::actions::show_action,
        super::actions::update_action,
        super::actions::show_history,
        super::reviews::create_review,
        super::reviews::show_review,
        super::reviews::update_review,
        super::reviews::submit_review,
        super::reviews::approve_review,
        super::reviews::publish_review,
        super::reviews::retract_review,
        super::guidance::check,
        crate::reviews::public::api_list,
        crate::reviews::public::api_show,
        show_document,
        show_docs,
    ),
    components(schemas(ApiError, ErrorDetail)),
    modifiers(&BearerToken),
    tags(
        (name = "incidents", description = "Imports, incidents and their timelines"),
        (name = "retros", description = "Retro meetings: cards, themes, votes, phases"),
        (name = "actions", description = "Action items"),
        (name = "reviews", description = "Customer-facing reviews and their workflow"),
        (name = "guidance", description = "Blameless and plain-language checks"),
        (name = "public", description = "Published reviews, no token needed"),
        (name = "meta", description = "This document"),
    ),
)]
pub struct ApiDoc;

/// Declares the `bearer` scheme the operations name.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A personal API token, `hs_…`"))
                    .build(),
            ),
        );
    }
}

/// Every error under `/api/`.
#[derive(ToSchema)]
pub struct ApiError {
    pub error: ErrorDetail,
}

#[derive(ToSchema)]
pub struct ErrorDetail {
    /// What went wrong, for a person.
    pub message: String,
    /// Where the bad input was (`$.title`, `query string`, …), or null.
    pub location: Option<String>,
}

/// Builds error responses that all carry an [`ApiError`].
fn errors(list: &[(u16, &str)]) -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
    list.iter()
        .map(|(status, description)| {
            let response = ResponseBuilder::new()
                .description(*description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ApiError")))
                        .build(),
                )
                .build();
            (status.to_string(), RefOr::T(response))
        })
        .collect()
}

const UNAUTHORIZED: (u16, &str) = (401, "No token, or one that is revoked or unknown");
const FORBIDDEN: (u16, &str) = (403, "The caller's role or the workflow does not allow it");
const NOT_FOUND: (u16, &str) = (404, "Not found, or not visible to the caller");
const CONFLICT: (u16, &str) = (
    409,
    "Not possible in the current state (phase, vote limit…)",
);
const TOO_LARGE: (u16, &str) = (413, "The body is too large");
const INVALID: (u16, &str) = (422, "Bad input; `location` says where");
const TOO_MANY: (u16, &str) = (429, "Too many requests; see `Retry-After`");

/// The errors of a read with a token.
pub struct ReadErrors;

impl IntoResponses for ReadErrors {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        errors(&[UNAUTHORIZED, FORBIDDEN, NOT_FOUND, INVALID, TOO_MANY])
    }
}

/// The errors of a change with a token.
pub struct WriteErrors;

impl IntoResponses for WriteErrors {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        errors(&[
            UNAUTHORIZED,
            FORBIDDEN,
            NOT_FOUND,
            CONFLICT,
            TOO_LARGE,
            INVALID,
            TOO_MANY,
        ])
    }
}

/// The errors of a public read.
pub struct PublicErrors;

impl IntoResponses for PublicErrors {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        errors(&[NOT_FOUND, INVALID])
    }
}

/// The published reviews, newest first.
#[derive(ToSchema)]
pub struct PublicReviewList {
    pub reviews: Vec<PublicReviewSummary>,
}

/// A published review in the list.
#[derive(ToSchema)]
pub struct PublicReviewSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub services: Vec<String>,
    pub impact_start: Option<chrono::DateTime<chrono::Utc>>,
    pub impact_end: Option<chrono::DateTime<chrono::Utc>>,
    pub published_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// The page's path on this site, `/reviews/{slug}`.
    pub url: String,
}

/// A retracted review: 410 with the reason in the message.
#[derive(ToSchema)]
pub struct RetractedReview {
    pub error: RetractedDetail,
    pub retracted_at: chrono::DateTime<chrono::Utc>,
}

#[derive(ToSchema)]
pub struct RetractedDetail {
    pub message: String,
}

/// The document as a JSON value, built once.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null))
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object)),
)]
async fn show_document() -> Json<Value> {
    Json(document().clone())
}

/// This document as a page for people.
#[utoipa::path(
    get,
    path = "/api/docs",
    tag = "meta",
    responses((status = 200, description = "An HTML page", content_type = "text/html", body = String)),
)]
async fn show_docs(extensions: Extensions) -> Markup {
    let signed_in = extensions.get::<Arc<SignedIn>>().cloned();
    let context = PageContext::for_error(signed_in.as_deref());
    layout::page(&context, "API", docs_page(document()))
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn docs_page(doc: &Value) -> Markup {
    let info = &doc["info"];
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    let tags = doc["tags"].as_array().cloned().unwrap_or_default();
    let schemas = doc["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    html! {
        h1 { (text(&info["title"])) " " span.muted { (text(&info["version"])) } }
        p { (prose(&text(&info["description"]))) }
        p {
            "The machine-readable document: "
            a href="/api/v1/openapi.json" { code { "/api/v1/openapi.json" } }
            " (OpenAPI " (text(&doc["openapi"])) ")."
        }
        nav aria-label="API sections" {
            ul {
                @for tag in &tags {
                    li { a href={ "#tag-" (text(&tag["name"])) } { (text(&tag["name"])) } " — " (text(&tag["description"])) }
                }
                li { a href="#schemas" { "Schemas" } }
            }
        }
        @for tag in &tags {
            @let name = text(&tag["name"]);
            section id={ "tag-" (name) } {
                h2 { (name) }
                @for (path, item) in &paths {
                    @for method in METHODS {
                        @if let Some(op) = item.get(method).filter(|op| has_tag(op, &name)) {
                            (operation(method, path, op))
                        }
                    }
                }
            }
        }
        section #schemas {
            h2 { "Schemas" }
            @for (name, schema) in &schemas {
                article.card id={ "schema-" (name) } {
                    h3 { code { (name) } }
                    (schema_body(schema))
                }
            }
        }
    }
}

fn has_tag(op: &Value, tag: &str) -> bool {
    op["tags"]
        .as_array()
        .is_some_and(|tags| tags.iter().any(|t| t.as_str() == Some(tag)))
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn operation(method: &str, path: &str, op: &Value) -> Markup {
    let id = format!("{method}-{path}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>();
    let needs_token = op["security"].as_array().is_some_and(|s| !s.is_empty());
    let parameters = op["parameters"].as_array().cloned().unwrap_or_default();
    let responses = op["responses"].as_object().cloned().unwrap_or_default();
    let (errors, answers): (Vec<_>, Vec<_>) = responses.iter().partition(|(_, r)| {
        r["content"]["application/json"]["schema"]["$ref"].as_str() == Some(ERROR_REF)
    });
    html! {
        article.card id=(id) {
            h3 { code { (method.to_uppercase()) " " (path) } }
            @if let Some(summary) = op["summary"].as_str() { p { (prose(summary)) } }
            @if let Some(description) = op["description"].as_str() { p.muted { (prose(description)) } }
            p { @if needs_token { "Needs a bearer token." } @else { "No token needed." } }
            @if !parameters.is_empty() {
                h4 { "Parameters" }
                ul {
                    @for p in &parameters {
                        li {
                            code { (text(&p["name"])) } " (" (text(&p["in"]))
                            @if p["required"].as_bool() == Some(true) { ", required" }
                            "): " (type_of(&p["schema"]))
                            @if let Some(d) = p["description"].as_str() { " — " (prose(d)) }
                        }
                    }
                }
            }
            @if let Some(body) = op.get("requestBody") {
                h4 { "Request body" }
                @if let Some(d) = body["description"].as_str() { p { (prose(d)) } }
                (content(&body["content"]))
            }
            h4 { "Responses" }
            ul {
                @for (status, response) in &answers {
                    li {
                        strong { (status) } " — " (prose(&text(&response["description"])))
                        (content(&response["content"]))
                    }
                }
            }
            @if !errors.is_empty() {
                h4 { "Errors, each an " a href="#schema-ApiError" { "ApiError" } }
                ul {
                    @for (status, response) in &errors {
                        li { strong { (status) } " — " (prose(&text(&response["description"]))) }
                    }
                }
            }
        }
    }
}

const ERROR_REF: &str = "#/components/schemas/ApiError";

/// Text with `code` spans, as the doc comments write them.
fn prose(text: &str) -> Markup {
    html! {
        @for (i, part) in text.split('`').enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

fn content(content: &Value) -> Markup {
    let Some(types) = content.as_object() else {
        return html! {};
    };
    html! {
        ul {
            @for (media, body) in types {
                li { code { (media) } ": " (type_of(&body["schema"])) (fields(&body["schema"])) }
            }
        }
    }
}

/// A schema in a few words, with links to named schemas.
fn type_of(schema: &Value) -> Markup {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return html! { a href={ "#schema-" (name) } { (name) } };
    }
    for (key, joiner) in [("oneOf", " or "), ("anyOf", " or "), ("allOf", " with ")] {
        if let Some(parts) = schema[key].as_array() {
            return html! {
                @for (i, part) in parts.iter().enumerate() {
                    @if i > 0 { (joiner) }
                    (type_of(part))
                }
            };
        }
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values.iter().map(text).collect();
        return html! { "one of " code { (values.join(", ")) } };
    }
    let types: Vec<String> = match &schema["type"] {
        Value::Array(types) => types.iter().map(text).collect(),
        Value::String(t) => vec![t.clone()],
        _ => Vec::new(),
    };
    if types.is_empty() {
        return html! { "any JSON" };
    }
    html! {
        @for (i, t) in types.iter().enumerate() {
            @if i > 0 { " or " }
            @if t == "array" {
                "list of " (type_of(&schema["items"]))
            } @else {
                (t)
                @if let Some(format) = schema["format"].as_str() { " (" (format) ")" }
                @if let Some(pattern) = schema["pattern"].as_str() { " matching " code { (pattern) } }
            }
        }
    }
}

/// The fields of an inline object schema, if it has any.
fn fields(schema: &Value) -> Markup {
    let Some(properties) = schema["properties"].as_object() else {
        return html! {};
    };
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    html! {
        ul {
            @for (name, property) in properties {
                li {
                    code { (name) } ": " (type_of(property))
                    @if !required.contains(&name.as_str()) { " (optional)" }
                    @if let Some(d) = property["description"].as_str() { " — " (prose(d)) }
                    (fields(property))
                }
            }
        }
    }
}

fn schema_body(schema: &Value) -> Markup {
    html! {
        @if let Some(d) = schema["description"].as_str() { p { (prose(d)) } }
        @if let Some(parts) = schema["allOf"].as_array() {
            @for part in parts {
                @if part.get("$ref").is_some() { p { "All fields of " (type_of(part)) ", and:" } }
                (fields(part))
            }
        } @else if schema.get("properties").is_some() {
            (fields(schema))
        } @else {
            p { (type_of(schema)) }
        }
    }
}
