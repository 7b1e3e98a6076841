//! `POST /api/v1/guidance/check`: the blameless- and plain-language checks for any text.

use axum::Json as JsonResponse;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::ApiUser;
use super::openapi::WriteErrors;
use crate::AppState;
use crate::accounts::teams;
use crate::error::AppError;
use crate::guidance::{self, Audience, CustomRules, Finding, Lang};
use crate::web::extractors::Json;
use crate::web::routes::Routes;

/// Longest text checked at once (a long review is some 50,000 characters).
pub const MAX_TEXT_CHARS: usize = 200_000;

pub fn routes() -> Routes {
    Routes::new().post("/api/v1/guidance/check", check)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct CheckBody {
    /// At most 200,000 characters.
    text: String,
    /// `team` (the default) or `public`.
    #[serde(default)]
    #[schema(pattern = "^(team|public)$")]
    audience: Option<String>,
    /// `auto` (the default), `en` or `ko`.
    #[serde(default)]
    #[schema(pattern = "^(auto|en|ko)$")]
    lang: Option<String>,
    /// A team's slug: its own phrases and internal names are checked too.
    #[serde(default)]
    team: Option<String>,
}

/// What the checks found.
#[derive(ToSchema)]
pub struct Findings {
    pub findings: Vec<Finding>,
}

/// Checks a text for blaming, hindsight and unclear wording.
#[utoipa::path(
    post,
    path = "/api/v1/guidance/check",
    tag = "guidance",
    request_body = CheckBody,
    responses((status = 200, description = "The findings, byte offsets into `text`", body = Findings), WriteErrors),
    security(("bearer" = [])),
)]
async fn check(
    State(app): State<AppState>,
    ApiUser(user): ApiUser,
    Json(body): Json<CheckBody>,
) -> Result<JsonResponse<Value>, AppError> {
    if body.text.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::invalid(
            crate::t!("api-error-text-too-long", limit = MAX_TEXT_CHARS),
            "$.text",
        ));
    }
    let audience: Audience = body
        .audience
        .as_deref()
        .unwrap_or("team")
        .parse()
        .map_err(|e: guidance::UnknownOption| AppError::invalid(e.to_string(), "$.audience"))?;
    let lang: Lang = body
        .lang
        .as_deref()
        .unwrap_or("auto")
        .parse()
        .map_err(|e: guidance::UnknownOption| AppError::invalid(e.to_string(), "$.lang"))?;
    let custom = match body.team.as_deref() {
        Some(slug) => {
            let team = teams::find_team_by_slug(app.db.pool(), slug)
                .await?
                .ok_or(AppError::NotFound)?;
            teams::effective_role(app.db.pool(), team.id, &user).await?;
            let settings = crate::reviews::team_settings(app.db.pool(), team.id).await?;
            CustomRules::from_lines(&settings.blame_phrases, &settings.internal_names)
        }
        None => CustomRules::default(),
    };
    let findings = guidance::check(&body.text, audience, lang, &custom);
    Ok(JsonResponse(json!({ "findings": findings })))
}
