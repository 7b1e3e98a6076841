//! The OpenAPI document covers every API route, and its page renders.

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{spawn_app, texts};

#[tokio::test]
async fn the_document_is_openapi_3_1_and_documents_every_api_route() {
    let app = spawn_app().await;
    // No token needed.
    let response = app.client().get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: Value = response.json().await.expect("the document is JSON");
    let version = doc["openapi"].as_str().expect("openapi version");
    assert!(version.starts_with("3.1"), "openapi {version}");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        doc["components"]["securitySchemes"]["bearer"].is_object(),
        "the bearer scheme is declared"
    );

    let mut missing = Vec::new();
    for route in hindsight::route_table() {
        if !route.path.starts_with("/api/") {
            continue;
        }
        let method = route.method.as_str().to_lowercase();
        if doc["paths"][route.path][&method].is_null() {
            missing.push(format!("{} {}", route.method, route.path));
        }
    }
    assert!(missing.is_empty(), "undocumented API routes: {missing:?}");

    // Every operation says what it answers, and the token routes ask for the token.
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            assert!(
                operation["responses"]
                    .as_object()
                    .is_some_and(|r| r.keys().any(|status| status.starts_with('2'))),
                "{method} {path} documents no success"
            );
            let public = path.starts_with("/api/v1/public/")
                || path == "/api/v1/openapi.json"
                || path == "/api/docs"
                || path == "/api/v1/schema/import.json";
            let secured = operation["security"]
                .as_array()
                .is_some_and(|s| !s.is_empty());
            assert_eq!(secured, !public, "{method} {path}: security");
        }
    }

    // Every reference points at a schema that exists.
    let text = doc.to_string();
    for reference in text.split("\"$ref\":\"").skip(1) {
        let name = reference
            .split('"')
            .next()
            .unwrap_or_default()
            .trim_start_matches("#/components/schemas/");
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "dangling reference to {name}"
        );
    }
}

#[tokio::test]
async fn the_api_page_lists_every_operation() {
    let app = spawn_app().await;
    let (status, html) = app.client().get_text("/api/docs").await;
    assert_eq!(status, StatusCode::OK);
    let headings = texts(&html, "article h3 code");
    assert!(
        headings
            .iter()
            .any(|h| h == "GET /api/v1/incidents/{incident}"),
        "{headings:?}"
    );
    assert!(
        headings
            .iter()
            .any(|h| h == "DELETE /api/v1/retros/{retro}/votes"),
        "{headings:?}"
    );
    assert!(headings.iter().any(|h| h == "Review"), "schemas are listed");
    assert!(html.contains("Needs a bearer token."));
    assert!(!html.contains("<script>"), "no inline script");
    assert!(!html.contains("style="), "no inline style");
}
