//! The authorization matrix: every route of the app × every kind of visitor, with the
//! answer each must get, and no response that shows one team's incident to another.
//!
//! The table below is keyed by (method, path pattern). A route in `route_table()` that
//! has no entry fails the test (so a new route must say who may use it), and so does an
//! entry for a route that no longer exists.

use std::collections::BTreeSet;
use std::fmt;
use std::time::Duration;

use hindsight::accounts::teams::{Team, TeamRole};
use hindsight::import::drafts::{self, Draft};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, TestApp, location, spawn_app_with};

const DYN: &[u8] = include_bytes!("../fixtures/native/dyn-ddos.json");
/// The ops team's incident (from the fixture).
const OPS_TITLE: &str = "DDoS attack against Managed DNS";
/// The web team's incident: nobody outside web may ever see it.
const WEB_TITLE: &str = "WEB-SECRET outage zebra";
/// What a 403 from a role check says (a 403 with another reason is a rule of the object).
const ROLE_REFUSAL: &str = "Your role doesn";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Actor {
    Anonymous,
    Viewer,
    /// A member of the web team, not of ops.
    Outsider,
    Member,
    Owner,
    Admin,
    /// A bearer token of the web team's member.
    OutsiderToken,
    /// A bearer token of ops' member (asked only on `/api/` routes).
    MemberToken,
    /// A bearer token of ops' viewer (asked only on `/api/` routes): reads, never writes.
    ViewerToken,
}

const ACTORS: [Actor; 9] = [
    Actor::Anonymous,
    Actor::Viewer,
    Actor::Outsider,
    Actor::Member,
    Actor::Owner,
    Actor::Admin,
    Actor::OutsiderToken,
    Actor::MemberToken,
    Actor::ViewerToken,
];

impl Actor {
    /// A browser with a session (not anonymous, not a bearer token).
    fn signed_in(self) -> bool {
        matches!(
            self,
            Actor::Viewer | Actor::Outsider | Actor::Member | Actor::Owner | Actor::Admin
        )
    }

    fn ops_role(self) -> Option<TeamRole> {
        match self {
            Actor::Viewer | Actor::ViewerToken => Some(TeamRole::Viewer),
            Actor::Member | Actor::MemberToken => Some(TeamRole::Member),
            // Instance administrators act as owners of every team.
            Actor::Owner | Actor::Admin => Some(TeamRole::Owner),
            Actor::Anonymous | Actor::Outsider | Actor::OutsiderToken => None,
        }
    }

    /// The incident title this actor must never be shown. Admins see every team.
    fn forbidden_title(self) -> Option<&'static str> {
        match self {
            Actor::Anonymous | Actor::Outsider | Actor::OutsiderToken => Some(OPS_TITLE),
            Actor::Viewer
            | Actor::Member
            | Actor::Owner
            | Actor::MemberToken
            | Actor::ViewerToken => Some(WEB_TITLE),
            Actor::Admin => None,
        }
    }
}

/// Who may use a route.
#[derive(Clone, Copy, Debug)]
enum Access {
    /// Anyone, signed in or not (public site, health, assets, login page).
    Public,
    /// The same answer for everyone (a used-up setup link, wrong credentials, …).
    Everyone(u16),
    /// Signing out: everyone ends up at the login page.
    SignOut,
    /// Any signed-in person; others are sent to sign in.
    SignedIn,
    /// A signed-in person acting on an object of someone else's account (404).
    OthersObject,
    /// Instance administrators; other people get 403.
    Admin,
    /// `/teams/{team}/…` with a lowest role: non-members 404, lower roles 403.
    Team(TeamRole),
    /// The retro's facilitator (ops' owner here) or a team owner; members 403.
    Facilitator,
    /// A retro card's author (ops' owner here) or the facilitator; members 403.
    CardAuthor,
    /// An import preview: only the member who uploaded it may commit it.
    OwnDraft,
    /// The JSON API with a lowest team role: no token 401, another team's object 404.
    Api(TeamRole),
    /// The JSON API, any token (the answer is scoped to the caller's teams).
    ApiAnyToken,
    /// The JSON API on a facilitator's action: a member's token gets 403.
    ApiFacilitator,
    /// The JSON API's review steps: a member's token passes authorization, and the
    /// review's state may still refuse the step with a 403 giving the reason.
    ApiReviewStep,
}

/// What one request must get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Past authorization: 2xx, a redirect (not to the login page), or 409/410/422.
    Pass,
    /// `Pass`, or a 403 that gives a reason other than the role.
    PassOrRefused,
    Status(u16),
    /// 303 to `/login`.
    Login,
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expect::Pass => f.write_str("2xx/3xx (not to /login)/409/410/422"),
            Expect::PassOrRefused => f.write_str("pass, or 403 with a reason"),
            Expect::Status(status) => write!(f, "{status}"),
            Expect::Login => f.write_str("303 to /login"),
        }
    }
}

fn expected(access: Access, actor: Actor) -> Expect {
    use Actor::*;
    // `pass` is what an ops token with enough role gets; a viewer's token cannot write.
    let api_caller = |minimum: TeamRole, pass: Expect| match actor {
        OutsiderToken => Expect::Status(404),
        MemberToken | ViewerToken if actor.ops_role() >= Some(minimum) => pass,
        MemberToken | ViewerToken => Expect::Status(403),
        _ => Expect::Status(401),
    };
    // Non-API pages: anonymous visitors and bearer tokens (which only the API reads) are
    // sent to sign in; another team's members learn nothing (404).
    let team_page = |pass_for: &dyn Fn(TeamRole) -> Expect| match actor {
        Anonymous | OutsiderToken | MemberToken | ViewerToken => Expect::Login,
        Outsider => Expect::Status(404),
        _ => pass_for(actor.ops_role().expect("an ops actor")),
    };
    match access {
        Access::Public => Expect::Pass,
        Access::Everyone(status) => Expect::Status(status),
        Access::SignOut => Expect::Login,
        Access::SignedIn if actor.signed_in() => Expect::Pass,
        Access::OthersObject if actor.signed_in() => Expect::Status(404),
        Access::Admin if actor == Admin => Expect::Pass,
        Access::Admin if actor.signed_in() => Expect::Status(403),
        Access::SignedIn | Access::OthersObject | Access::Admin => Expect::Login,
        Access::Team(minimum) => team_page(&|role| {
            if role >= minimum {
                Expect::Pass
            } else {
                Expect::Status(403)
            }
        }),
        Access::Facilitator | Access::CardAuthor => team_page(&|role| {
            if role == TeamRole::Owner {
                Expect::Pass
            } else {
                Expect::Status(403)
            }
        }),
        Access::OwnDraft => team_page(&|_| {
            if actor == Member {
                Expect::Pass
            } else {
                Expect::Status(403)
            }
        }),
        Access::Api(minimum) => api_caller(minimum, Expect::Pass),
        Access::ApiAnyToken => match actor {
            OutsiderToken | MemberToken | ViewerToken => Expect::Pass,
            _ => Expect::Status(401),
        },
        // Neither token's user facilitates the retro nor owns the team.
        Access::ApiFacilitator => api_caller(TeamRole::Viewer, Expect::Status(403)),
        Access::ApiReviewStep => api_caller(TeamRole::Member, Expect::PassOrRefused),
    }
}

/// Every route and who may use it.
fn table() -> Vec<(Method, &'static str, Access)> {
    use Access::*;
    use TeamRole::{Member, Owner, Viewer};
    let (get, post, patch, delete) = (Method::GET, Method::POST, Method::PATCH, Method::DELETE);
    vec![
        (get.clone(), "/healthz", Public),
        (get.clone(), "/readyz", Public),
        // Operators' counters: open unless `--metrics-token` is set (it is not here).
        (get.clone(), "/metrics", Public),
        (get.clone(), "/assets/{file}", Public),
        // Accounts and sessions.
        (get.clone(), "/", SignedIn),
        (get.clone(), "/login", Public),
        (post.clone(), "/login", Everyone(401)),
        (post.clone(), "/logout", SignOut),
        (get.clone(), "/setup", Everyone(403)),
        (post.clone(), "/setup", Everyone(403)),
        (get.clone(), "/account", SignedIn),
        (post.clone(), "/account/password", SignedIn),
        (post.clone(), "/account/preferences", SignedIn),
        (post.clone(), "/account/email-reminders", SignedIn),
        (post.clone(), "/account/tokens", SignedIn),
        (post.clone(), "/account/tokens/{token}/revoke", OthersObject),
        (get.clone(), "/reset-password", Everyone(403)),
        (post.clone(), "/reset-password", Everyone(403)),
        (get.clone(), "/admin/users", Admin),
        (get.clone(), "/admin/audit", Admin),
        (get.clone(), "/admin/audit.csv", Admin),
        (post.clone(), "/admin/users", Admin),
        (post.clone(), "/admin/users/{user}/reset-link", Admin),
        (post.clone(), "/admin/users/{user}/disable", Admin),
        (post.clone(), "/admin/users/{user}/enable", Admin),
        (get.clone(), "/teams", SignedIn),
        (post.clone(), "/teams", Admin),
        (get.clone(), "/teams/{team}", Team(Viewer)),
        (post.clone(), "/teams/{team}/members", Team(Owner)),
        (
            post.clone(),
            "/teams/{team}/members/{user}/role",
            Team(Owner),
        ),
        (
            post.clone(),
            "/teams/{team}/members/{user}/remove",
            Team(Owner),
        ),
        // Incidents.
        (
            get.clone(),
            "/teams/{team}/incidents/{incident}",
            Team(Viewer),
        ),
        (
            post.clone(),
            "/teams/{team}/incidents/{incident}/entries",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/incidents/{incident}/entries/{entry}",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/incidents/{incident}/entries/{entry}/key-moment",
            Team(Member),
        ),
        (post.clone(), "/teams/{team}/settings", Team(Owner)),
        // Retrospectives.
        (
            post.clone(),
            "/teams/{team}/incidents/{incident}/retros",
            Team(Member),
        ),
        (get.clone(), "/teams/{team}/retros/{retro}", Team(Viewer)),
        (
            get.clone(),
            "/teams/{team}/retros/{retro}/events",
            Team(Viewer),
        ),
        (
            get.clone(),
            "/teams/{team}/retros/{retro}/summary.md",
            Team(Viewer),
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/phase",
            Facilitator,
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/reveal",
            Facilitator,
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/cards",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/cards/{card}",
            CardAuthor,
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/cards/{card}/delete",
            CardAuthor,
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/cards/{card}/theme",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/themes",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/themes/{theme}",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/themes/{theme}/notes",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/themes/{theme}/timer",
            Facilitator,
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/votes",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/votes/{theme}/retract",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/actions",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/retros/{retro}/questions",
            Team(Member),
        ),
        (get.clone(), "/teams/{team}/templates", Team(Viewer)),
        (post.clone(), "/teams/{team}/templates", Team(Member)),
        (
            post.clone(),
            "/teams/{team}/templates/{template}",
            Team(Member),
        ),
        // Action items.
        (
            post.clone(),
            "/teams/{team}/incidents/{incident}/actions",
            Team(Member),
        ),
        (get.clone(), "/teams/{team}/actions/{action}", Team(Viewer)),
        (post.clone(), "/teams/{team}/actions/{action}", Team(Member)),
        (get.clone(), "/teams/{team}/actions", Team(Viewer)),
        (
            post.clone(),
            "/teams/{team}/actions/{action}/status",
            Team(Member),
        ),
        (post.clone(), "/account/calendar", SignedIn),
        (post.clone(), "/account/calendar/revoke", SignedIn),
        // The feed's secret address is its credential: public by design.
        (get.clone(), "/calendar/{file}", Public),
        (post.clone(), "/teams/{team}/webhook", Team(Owner)),
        (get.clone(), "/dashboard", SignedIn),
        (get.clone(), "/teams/{team}/dashboard", Team(Viewer)),
        (get.clone(), "/actions", SignedIn),
        (get.clone(), "/actions.csv", SignedIn),
        // Reviews, and the public site.
        (
            post.clone(),
            "/teams/{team}/incidents/{incident}/reviews",
            Team(Member),
        ),
        (get.clone(), "/teams/{team}/reviews", Team(Viewer)),
        (get.clone(), "/teams/{team}/reviews/{review}", Team(Viewer)),
        (post.clone(), "/teams/{team}/reviews/{review}", Team(Member)),
        (
            post.clone(),
            "/teams/{team}/reviews/{review}/preview",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/reviews/{review}/submit",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/reviews/{review}/approve",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/reviews/{review}/publish",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/reviews/{review}/retract",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/reviews/{review}/comments",
            Team(Member),
        ),
        (post.clone(), "/teams/{team}/review-settings", Team(Owner)),
        (get.clone(), "/admin/site", Admin),
        (post.clone(), "/admin/site", Admin),
        (
            get.clone(),
            "/teams/{team}/reviews/{review}/translations/{lang}",
            Team(Viewer),
        ),
        (
            post.clone(),
            "/teams/{team}/reviews/{review}/translations/{lang}",
            Team(Member),
        ),
        (
            post.clone(),
            "/teams/{team}/reviews/{review}/translations/{lang}/preview",
            Team(Member),
        ),
        // The draft review is not public: every publication is refused with a reason.
        (
            post.clone(),
            "/teams/{team}/reviews/{review}/translations/{lang}/publish",
            Team(Member),
        ),
        (get.clone(), "/reviews", Public),
        (get.clone(), "/reviews/feed.atom", Public),
        (get.clone(), "/reviews/site.css", Public),
        (get.clone(), "/reviews/{slug}", Public),
        (post.clone(), "/reviews/{slug}/feedback", Public),
        // Email subscriptions (email is on here). The links' tokens are the only key:
        // without a valid one, everyone gets the same 404.
        (get.clone(), "/reviews/subscribe", Public),
        (post.clone(), "/reviews/subscribe", Public),
        (get.clone(), "/reviews/subscribe/confirm", Everyone(404)),
        (post.clone(), "/reviews/subscribe/confirm", Everyone(404)),
        (get.clone(), "/reviews/unsubscribe", Everyone(404)),
        (post.clone(), "/reviews/unsubscribe", Everyone(404)),
        (get.clone(), "/api/v1/public/reviews", Public),
        (get.clone(), "/api/v1/public/reviews/{slug}", Public),
        // Imports.
        (get.clone(), "/teams/{team}/import", Team(Member)),
        (post.clone(), "/teams/{team}/import", Team(Member)),
        (post.clone(), "/teams/{team}/import/{draft}", OwnDraft),
        // The JSON API.
        (get.clone(), "/api/v1/schema/import.json", Public),
        (get.clone(), "/api/v1/openapi.json", Public),
        (get.clone(), "/api/docs", Public),
        (post.clone(), "/api/v1/teams/{team}/imports", Api(Member)),
        (get.clone(), "/api/v1/incidents", ApiAnyToken),
        (get.clone(), "/api/v1/incidents/{incident}", Api(Viewer)),
        (
            get.clone(),
            "/api/v1/incidents/{incident}/timeline",
            Api(Viewer),
        ),
        (
            post.clone(),
            "/api/v1/incidents/{incident}/retros",
            Api(Member),
        ),
        (get.clone(), "/api/v1/retros/{retro}", Api(Viewer)),
        (get.clone(), "/api/v1/retros/{retro}/events", Api(Viewer)),
        (post.clone(), "/api/v1/retros/{retro}/phase", ApiFacilitator),
        (post.clone(), "/api/v1/retros/{retro}/cards", Api(Member)),
        (
            post.clone(),
            "/api/v1/retros/{retro}/reveal",
            ApiFacilitator,
        ),
        (post.clone(), "/api/v1/retros/{retro}/themes", Api(Member)),
        (post.clone(), "/api/v1/retros/{retro}/votes", Api(Member)),
        (delete.clone(), "/api/v1/retros/{retro}/votes", Api(Member)),
        (post.clone(), "/api/v1/actions", Api(Member)),
        (get.clone(), "/api/v1/actions", ApiAnyToken),
        (get.clone(), "/api/v1/actions/{action}", Api(Viewer)),
        (patch.clone(), "/api/v1/actions/{action}", Api(Member)),
        (get.clone(), "/api/v1/actions/{action}/history", Api(Viewer)),
        (
            post.clone(),
            "/api/v1/incidents/{incident}/reviews",
            Api(Member),
        ),
        (get.clone(), "/api/v1/reviews/{review}", Api(Viewer)),
        (patch.clone(), "/api/v1/reviews/{review}", Api(Member)),
        (
            post.clone(),
            "/api/v1/reviews/{review}/submit",
            ApiReviewStep,
        ),
        (
            post.clone(),
            "/api/v1/reviews/{review}/approve",
            ApiReviewStep,
        ),
        (
            post.clone(),
            "/api/v1/reviews/{review}/publish",
            ApiReviewStep,
        ),
        (
            post.clone(),
            "/api/v1/reviews/{review}/retract",
            ApiReviewStep,
        ),
        (post, "/api/v1/guidance/check", Api(Viewer)),
    ]
}

/// The ids of ops' objects that fill the path parameters.
struct Ids {
    ops: Team,
    owner: i64,
    spare: i64,
    /// The member the owner and the admin each remove (a second removal would be a 404).
    removable: Vec<(Actor, i64)>,
    incident: i64,
    entry: i64,
    retro: i64,
    prompt: i64,
    card: i64,
    /// One card per actor for the delete route, so one deletion does not change the
    /// answer the next actor gets.
    cards_to_delete: Vec<(Actor, i64)>,
    theme: i64,
    template: i64,
    action: i64,
    draft_review: i64,
    published_slug: String,
    draft: i64,
    spare_token: i64,
    calendar_file: String,
    asset_file: String,
}

impl Ids {
    fn fill(&self, pattern: &str, actor: Actor) -> Result<String, String> {
        let mut path = String::new();
        let mut rest = pattern;
        while let Some(start) = rest.find('{') {
            let end = rest[start..]
                .find('}')
                .map(|e| start + e)
                .ok_or("unclosed {")?;
            path.push_str(&rest[..start]);
            let name = &rest[start + 1..end];
            let value = match name {
                "team" => self.ops.slug.clone(),
                "user" if pattern.ends_with("/remove") => self
                    .removable
                    .iter()
                    .find(|(a, _)| *a == actor)
                    .map_or(self.spare, |(_, id)| *id)
                    .to_string(),
                "user" => self.spare.to_string(),
                "token" => self.spare_token.to_string(),
                "incident" => self.incident.to_string(),
                "entry" => self.entry.to_string(),
                "retro" => self.retro.to_string(),
                "card" if pattern.ends_with("/delete") => self
                    .cards_to_delete
                    .iter()
                    .find(|(a, _)| *a == actor)
                    .map(|(_, id)| id.to_string())
                    .ok_or("no card to delete for this actor")?,
                "card" => self.card.to_string(),
                "theme" => self.theme.to_string(),
                "template" => self.template.to_string(),
                "action" => self.action.to_string(),
                "review" => self.draft_review.to_string(),
                "slug" => self.published_slug.clone(),
                "lang" => "ko".to_owned(),
                "draft" => self.draft.to_string(),
                "file" if pattern.starts_with("/calendar/") => self.calendar_file.clone(),
                "file" => self.asset_file.clone(),
                other => return Err(format!("no value for path parameter {{{other}}}")),
            };
            path.push_str(&value);
            rest = &rest[end + 1..];
        }
        path.push_str(rest);
        Ok(path)
    }

    /// A small, plausible form for any of the app's forms: every field a form reads, so
    /// that the request reaches its authorization check rather than failing to parse.
    fn form(&self, path: &str, actor: Actor) -> Vec<(&'static str, String)> {
        let login_email = format!("nobody-{actor:?}@example.com").to_lowercase();
        let email = if path == "/login" {
            login_email
        } else {
            "spare@example.com".to_owned()
        };
        vec![
            ("email", email),
            ("password", "not the password".into()),
            ("role", "member".into()),
            ("name", "Authz check".into()),
            ("slug", "authz-new".into()),
            ("token", "not-a-valid-token".into()),
            ("password_confirm", "a long new passphrase".into()),
            ("current_password", "not the password".into()),
            ("new_password", "a long new passphrase".into()),
            ("confirm_password", "a long new passphrase".into()),
            ("time_zone", "UTC".into()),
            ("occurred_at", "2016-10-21T12:00".into()),
            ("kind", "action".into()),
            ("actor", "Authz".into()),
            ("text", "Authz check text".into()),
            ("visibility", "public".into()),
            ("target_cadence_minutes", "30".into()),
            ("template", "builtin:blameless".into()),
            ("facilitator", self.owner.to_string()),
            ("vote_limit", "3".into()),
            ("phase", "vote".into()),
            ("prompt_id", self.prompt.to_string()),
            ("theme_id", self.theme.to_string()),
            ("card_ids", self.card.to_string()),
            ("title", "Authz check title".into()),
            ("minutes", "5".into()),
            ("type", "prevent".into()),
            ("priority", "P2".into()),
            ("status", "in_progress".into()),
            ("entry_id", self.entry.to_string()),
            ("prompts", "Went well\nTo improve".into()),
            ("webhook_url", String::new()),
            ("webhook_format", String::new()),
            ("email_reminders", "on".into()),
            ("body_markdown", "Authz check body.".into()),
            ("body", "Authz check comment.".into()),
            ("reason", "Authz check reason.".into()),
            ("change_note", "Authz check note.".into()),
            ("reviewers", self.owner.to_string()),
            ("approval_required", "on".into()),
            ("internal_names", String::new()),
            ("blame_phrases", String::new()),
            ("logo_url", String::new()),
            ("accent", "#2456a6".into()),
            ("clear", "yes".into()),
            ("comment", String::new()),
            ("website", String::new()),
        ]
    }

    /// The JSON body of an API request.
    fn json(&self, method: &Method, pattern: &str) -> Value {
        match (method.as_str(), pattern) {
            ("POST", "/api/v1/retros/{retro}/phase") => json!({"phase": "vote"}),
            ("POST", "/api/v1/retros/{retro}/cards") => {
                json!({"prompt_id": self.prompt, "text": "Authz card"})
            }
            ("POST", "/api/v1/retros/{retro}/themes") => json!({"title": "Authz theme"}),
            (_, "/api/v1/retros/{retro}/votes") => json!({"theme_id": self.theme}),
            ("POST", "/api/v1/actions") => json!({
                "incident_id": self.incident,
                "title": "Authz API action",
                "type": "prevent",
                "priority": "P2",
            }),
            ("PATCH", "/api/v1/actions/{action}") => json!({"title": "Authz patched"}),
            ("POST", "/api/v1/incidents/{incident}/reviews")
            | ("PATCH", "/api/v1/reviews/{review}") => {
                json!({"title": "Authz API review", "body_markdown": "Authz body."})
            }
            ("POST", "/api/v1/reviews/{review}/retract") => json!({"reason": "Authz reason."}),
            ("POST", "/api/v1/guidance/check") => {
                json!({"text": "Authz text.", "team": self.ops.slug})
            }
            _ => json!({}),
        }
    }
}

/// One visitor: a browser with its own cookies and CSRF token, maybe a bearer token.
struct Visitor {
    actor: Actor,
    browser: Browser,
    csrf: String,
    bearer: Option<String>,
}

async fn visitor(actor: Actor, browser: Browser, bearer: Option<String>) -> Visitor {
    let csrf = browser.csrf_token().await;
    Visitor {
        actor,
        browser,
        csrf,
        bearer,
    }
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    app.count(&format!("SELECT id FROM app_user WHERE email = '{email}'"))
        .await
}

async fn expect_redirect(response: reqwest::Response, what: &str) {
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::SEE_OTHER, "{what}: {body}");
}

/// Both teams and everything ops has, made through the app's own routes where it can.
async fn fixtures(app: &TestApp) -> (Ids, Vec<Visitor>) {
    let ops = app.create_team("ops", "Operations").await;
    let web = app.create_team("web", "Web").await;
    let incident = app.import(&ops, DYN).await;
    let mut web_export: Value = serde_json::from_slice(DYN).unwrap();
    web_export["incident"]["title"] = json!(WEB_TITLE);
    web_export["incident"]["id"] = json!("web-secret-1");
    app.import(&web, &serde_json::to_vec(&web_export).unwrap())
        .await;

    let viewer = app
        .sign_in_as(&ops, "vic@example.com", TeamRole::Viewer)
        .await;
    let member = app
        .sign_in_as(&ops, "ben@example.com", TeamRole::Member)
        .await;
    let owner = app
        .sign_in_as(&ops, "olga@example.com", TeamRole::Owner)
        .await;
    let outsider = app
        .sign_in_as(&web, "wes@example.com", TeamRole::Member)
        .await;
    let admin = app.sign_in_as_admin().await;
    app.create_user("spare@example.com", "Sam Spare", false)
        .await;
    app.add_member(&ops, "spare@example.com", TeamRole::Member)
        .await;
    let mut removable = Vec::new();
    for (actor, email) in [
        (Actor::Owner, "leaving-1@example.com"),
        (Actor::Admin, "leaving-2@example.com"),
    ] {
        app.create_user(email, email, false).await;
        app.add_member(&ops, email, TeamRole::Member).await;
        removable.push((actor, user_id(app, email).await));
    }
    let (owner_id, member_id, spare) = (
        user_id(app, "olga@example.com").await,
        user_id(app, "ben@example.com").await,
        user_id(app, "spare@example.com").await,
    );
    let outsider_id = user_id(app, "wes@example.com").await;
    let new_token = |user: i64, name: &'static str| async move {
        hindsight::api::tokens::create_token(&app.db, hindsight::accounts::UserId(user), name)
            .await
            .expect("token")
    };
    let (_, member_secret) = new_token(member_id, "member").await;
    let (_, viewer_secret) = new_token(user_id(app, "vic@example.com").await, "viewer").await;
    let (_, outsider_secret) = new_token(outsider_id, "outsider").await;
    let (spare_token, _) = new_token(spare, "spare").await;
    let calendar =
        hindsight::actions::calendar::create_feed(&app.db, hindsight::accounts::UserId(spare))
            .await
            .expect("calendar feed");

    // A retro facilitated by the owner, in the vote phase, with a theme and cards.
    let started = owner
        .post_form(
            &format!("/teams/ops/incidents/{incident}/retros"),
            &[
                ("template", "builtin:blameless"),
                ("facilitator", &owner_id.to_string()),
                ("vote_limit", "3"),
            ],
        )
        .await;
    expect_redirect(started, "start a retro").await;
    let retro = app.count("SELECT MAX(id) FROM retro").await;
    let retro_path = format!("/teams/ops/retros/{retro}");
    let phase = |phase: &'static str| {
        let path = format!("{retro_path}/phase");
        let owner = &owner;
        async move {
            let response = owner.post_form(&path, &[("phase", phase)]).await;
            expect_redirect(response, phase).await;
        }
    };
    phase("reflect").await;
    let prompt = app
        .count(&format!(
            "SELECT MIN(id) FROM retro_prompt WHERE retro_id = {retro}"
        ))
        .await;
    let prompt_text = prompt.to_string();
    for n in 0..=ACTORS.len() {
        let text = format!("Authz card {n}");
        let added = owner
            .post_form(
                &format!("{retro_path}/cards"),
                &[("prompt_id", &prompt_text), ("text", &text)],
            )
            .await;
        expect_redirect(added, "add a card").await;
    }
    let mut cards = Vec::new();
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM retro_card WHERE retro_id = $1 ORDER BY id")
            .bind(retro)
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    cards.extend(rows.into_iter().map(|(id,)| id));
    let card = cards[0];
    phase("group").await;
    let themed = owner
        .post_form(
            &format!("{retro_path}/themes"),
            &[("title", "Authz theme"), ("card_ids", &card.to_string())],
        )
        .await;
    expect_redirect(themed, "create a theme").await;
    let theme = app
        .count(&format!(
            "SELECT MAX(id) FROM retro_theme WHERE retro_id = {retro}"
        ))
        .await;
    phase("vote").await;

    let template = owner
        .post_form(
            "/teams/ops/templates",
            &[("name", "Authz template"), ("prompts", "Good\nBad")],
        )
        .await;
    expect_redirect(template, "save a template").await;
    let template = app
        .count(&format!(
            "SELECT MAX(id) FROM retro_template WHERE team_id = {}",
            ops.id.0
        ))
        .await;

    let action = owner
        .post_form(
            &format!("/teams/ops/incidents/{incident}/actions"),
            &[
                ("title", "Authz action"),
                ("type", "prevent"),
                ("priority", "P2"),
            ],
        )
        .await;
    expect_redirect(action, "add an action item").await;
    let action = app.count("SELECT MAX(id) FROM action_item").await;

    // A published review and a draft, titled so that neither repeats the incident's title.
    let settings_off = owner.post_form("/teams/ops/review-settings", &[]).await;
    expect_redirect(settings_off, "approval off").await;
    let mut reviews = Vec::new();
    for title in ["Authz published review", "Authz draft review"] {
        let created = owner
            .post_form(&format!("/teams/ops/incidents/{incident}/reviews"), &[])
            .await;
        expect_redirect(created, "create a review").await;
        let id = app.count("SELECT MAX(id) FROM review").await;
        let saved = owner
            .post_form(
                &format!("/teams/ops/reviews/{id}"),
                &[
                    ("title", title),
                    ("body_markdown", "What happened, briefly."),
                ],
            )
            .await;
        expect_redirect(saved, "save a review").await;
        reviews.push(id);
    }
    let published = owner
        .post_form(&format!("/teams/ops/reviews/{}/publish", reviews[0]), &[])
        .await;
    expect_redirect(published, "publish a review").await;
    let settings_on = owner
        .post_form("/teams/ops/review-settings", &[("approval_required", "on")])
        .await;
    expect_redirect(settings_on, "approval on").await;
    let (published_slug,): (String,) = sqlx::query_as("SELECT slug FROM review WHERE id = $1")
        .bind(reviews[0])
        .fetch_one(app.db.pool())
        .await
        .unwrap();

    let draft = drafts::save_draft(
        &app.db,
        ops.id,
        hindsight::accounts::UserId(member_id),
        &Draft {
            file_name: "dyn-ddos.json".into(),
            format: None,
            timezone: None,
            content: DYN.to_vec(),
        },
    )
    .await
    .expect("import draft");
    let entry = app
        .count(&format!(
            "SELECT MIN(id) FROM timeline_entry WHERE incident_id = {incident}"
        ))
        .await;
    let asset_file = hindsight::web::assets::url("style.css")
        .trim_start_matches("/assets/")
        .to_owned();

    let ids = Ids {
        ops,
        owner: owner_id,
        spare,
        removable,
        incident,
        entry,
        retro,
        prompt,
        card,
        cards_to_delete: ACTORS
            .iter()
            .copied()
            .zip(cards[1..].iter().copied())
            .collect(),
        theme,
        template,
        action,
        draft_review: reviews[1],
        published_slug,
        draft,
        spare_token,
        calendar_file: format!("{calendar}.ics"),
        asset_file,
    };
    let visitors = vec![
        visitor(Actor::Anonymous, app.client(), None).await,
        visitor(Actor::Viewer, viewer, None).await,
        visitor(Actor::Outsider, outsider, None).await,
        visitor(Actor::Member, member, None).await,
        visitor(Actor::Owner, owner, None).await,
        visitor(Actor::Admin, admin, None).await,
        visitor(Actor::OutsiderToken, app.client(), Some(outsider_secret)).await,
        visitor(Actor::MemberToken, app.client(), Some(member_secret)).await,
        visitor(Actor::ViewerToken, app.client(), Some(viewer_secret)).await,
    ];
    (ids, visitors)
}

/// Reads a body; an event stream only until it goes quiet (it never ends).
async fn read_body(mut response: reqwest::Response) -> String {
    let is_stream = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    let mut body = String::new();
    let quiet = if is_stream {
        Duration::from_millis(300)
    } else {
        Duration::from_secs(10)
    };
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout(quiet, response.chunk()).await {
        body.push_str(&String::from_utf8_lossy(&chunk));
    }
    body
}

struct Outcome {
    status: StatusCode,
    location: String,
    body: String,
    /// A redirect that carries an error message (a step the workflow refused).
    refused_by_message: bool,
}

async fn send(visitor: &Visitor, ids: &Ids, method: &Method, pattern: &str, path: &str) -> Outcome {
    let browser = &visitor.browser;
    let mut request = browser
        .client
        .request(method.clone(), format!("{}{path}", browser.base));
    if let Some(secret) = &visitor.bearer {
        request = request.header(AUTHORIZATION, format!("Bearer {secret}"));
    }
    let state_changing = hindsight::web::csrf::is_state_changing(method);
    if state_changing {
        // A valid token, so that the answer is about authorization, not CSRF.
        request = request.header(hindsight::web::csrf::HEADER, &visitor.csrf);
        request = if pattern.starts_with("/api/") {
            request
                .header(CONTENT_TYPE, "application/json")
                .body(ids.json(method, pattern).to_string())
        } else if pattern == "/teams/{team}/import" {
            let form = reqwest::multipart::Form::new()
                .text("text", "not a timeline")
                .text("format", "auto");
            request.multipart(form)
        } else {
            request.form(&ids.form(path, visitor.actor))
        };
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let location = location(response.headers()).to_owned();
    // Flash cookies are base64url of a kind letter and the text: "e…" is an error.
    let refused_by_message = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|c| c.strip_prefix("hindsight_flash="))
        .any(|value| value.starts_with('Z'));
    let body = read_body(response).await;
    Outcome {
        status,
        location,
        body,
        refused_by_message,
    }
}

fn meets(expect: Expect, outcome: &Outcome, pattern: &str) -> bool {
    let status = outcome.status;
    let to_login = outcome.location.starts_with("/login");
    let pass = status.is_success()
        || (status.is_redirection() && !to_login)
        || [409, 410, 422].contains(&status.as_u16());
    // A redirect from a team's page stays in that team.
    let same_team = !(pattern.starts_with("/teams/{team}")
        && outcome.location.starts_with("/teams/")
        && !outcome.location.starts_with("/teams/ops"));
    match expect {
        Expect::Pass => pass && same_team,
        Expect::PassOrRefused => {
            (pass && same_team)
                || (status == StatusCode::FORBIDDEN && !outcome.body.contains(ROLE_REFUSAL))
        }
        Expect::Status(expected) => status.as_u16() == expected,
        Expect::Login => status == StatusCode::SEE_OTHER && to_login,
    }
}

fn excerpt(body: &str, around: Option<&str>) -> String {
    let start = around
        .and_then(|needle| body.find(needle))
        .map(|at| at.saturating_sub(80))
        .unwrap_or(0);
    body.chars()
        .skip(body[..start].chars().count())
        .take(200)
        .collect::<String>()
        .replace('\n', " ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_every_actor_as_the_access_rules_say_and_leaks_nothing() {
    // Email on, so that its routes answer as they do when configured.
    let smtp = crate::common::smtp::SmtpReceiver::start().await;
    let app = spawn_app_with(hindsight::Settings {
        public_url: Some("https://status.example.com".into()),
        email: Some(
            hindsight::email::EmailSettings::parse(&smtp.url(), "status@example.com").unwrap(),
        ),
        ..hindsight::Settings::default()
    })
    .await;
    let (ids, visitors) = fixtures(&app).await;

    let table = table();
    let routes = hindsight::route_table();
    let mut problems = Vec::new();
    let in_app: BTreeSet<(String, &str)> = routes
        .iter()
        .map(|r| (r.method.to_string(), r.path))
        .collect();
    let in_table: BTreeSet<(String, &str)> =
        table.iter().map(|(m, p, _)| (m.to_string(), *p)).collect();
    for (method, path) in in_app.difference(&in_table) {
        problems.push(format!(
            "{method} {path} has no entry in the authorization matrix: say who may use it"
        ));
    }
    for (method, path) in in_table.difference(&in_app) {
        problems.push(format!(
            "{method} {path} is in the authorization matrix but is no longer a route"
        ));
    }
    assert_eq!(table.len(), in_table.len(), "the matrix has a route twice");

    // Signing out ends the visitor's session, so it goes last.
    let mut ordered: Vec<_> = table
        .iter()
        .filter(|(m, p, _)| in_app.contains(&(m.to_string(), *p)))
        .collect();
    ordered.sort_by_key(|(_, path, _)| *path == "/logout");

    let mut requests = 0;
    let mut audited_writes = 0;
    let mut succeeded: BTreeSet<(String, &str)> = BTreeSet::new();
    let mut audited: BTreeSet<(String, &str)> = BTreeSet::new();
    let mut unexpected = 0;
    let mut leaks = 0;
    // Controls: the titles do show where they belong, so their absence elsewhere means
    // something.
    let (mut ops_title_shown, mut web_title_shown) = (0, 0);
    for (method, pattern, access) in &ordered {
        for visitor in &visitors {
            let actor = visitor.actor;
            let ops_token = matches!(actor, Actor::MemberToken | Actor::ViewerToken);
            if ops_token && !pattern.starts_with("/api/") {
                continue;
            }
            let path = match ids.fill(pattern, actor) {
                Ok(path) => path,
                Err(e) => {
                    problems.push(format!("{method} {pattern}: {e}"));
                    break;
                }
            };
            let expect = expected(*access, actor);
            let changes = hindsight::web::csrf::is_state_changing(method);
            let audited_before = if changes { audit_count(&app).await } else { 0 };
            let outcome = send(visitor, &ids, method, pattern, &path).await;
            requests += 1;
            if changes {
                let recorded = audit_count(&app).await - audited_before;
                let refused = matches!(
                    outcome.status.as_u16(),
                    401 | 403 | 404 | 409 | 410 | 422 | 429
                ) || outcome.location.starts_with("/login")
                    || outcome.refused_by_message;
                if refused && recorded != 0 {
                    problems.push(format!("AUDIT: {method} {path} as {actor:?} was refused ({}) but recorded {recorded} events", outcome.status.as_u16()));
                }
                // A success may change nothing (the same form again, a step the workflow
                // refuses with a message), so each route must be audited at least once.
                if !refused && outcome.status.as_u16() < 400 {
                    succeeded.insert((method.to_string(), *pattern));
                }
                if recorded > 0 {
                    audited_writes += 1;
                    audited.insert((method.to_string(), *pattern));
                }
            }
            if std::env::var_os("AUTHZ_VERBOSE").is_some() {
                println!(
                    "{method} {path} as {actor:?}: {} {} (expected {expect})",
                    outcome.status.as_u16(),
                    outcome.location
                );
            }
            if !meets(expect, &outcome, pattern) {
                unexpected += 1;
                problems.push(format!(
                    "{method} {path} as {actor:?}: expected {expect}, got {} {}{}",
                    outcome.status.as_u16(),
                    if outcome.location.is_empty() {
                        String::new()
                    } else {
                        format!("to {} ", outcome.location)
                    },
                    excerpt(&outcome.body, None),
                ));
            }
            if actor.ops_role().is_some() && outcome.body.contains(OPS_TITLE) {
                ops_title_shown += 1;
            }
            if matches!(actor, Actor::Outsider | Actor::OutsiderToken)
                && outcome.body.contains(WEB_TITLE)
            {
                web_title_shown += 1;
            }
            if let Some(secret) = actor.forbidden_title()
                && outcome.body.contains(secret)
            {
                leaks += 1;
                problems.push(format!(
                    "LEAK: {method} {path} as {actor:?} ({}) shows {secret:?}: …{}…",
                    outcome.status.as_u16(),
                    excerpt(&outcome.body, Some(secret)),
                ));
            }
        }
    }
    for (method, pattern) in succeeded.difference(&audited) {
        if !UNAUDITED.contains(pattern) {
            problems.push(format!(
                "AUDIT: {method} {pattern} changed things without an audit event"
            ));
        }
    }
    println!(
        "authorization matrix: {} routes × {} actors = {requests} requests, {unexpected} unexpected, {leaks} leaks",
        ordered.len(),
        ACTORS.len(),
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(requests > 500, "the walk made too few requests: {requests}");
    assert!(
        ops_title_shown > 20 && web_title_shown > 0,
        "the leak check saw too few titles: ops {ops_title_shown}, web {web_title_shown}"
    );
    println!("titles shown where they belong: ops {ops_title_shown}, web {web_title_shown}");
    println!(
        "audit: {audited_writes} writes recorded an event; every route that changed something is audited; refused writes recorded nothing"
    );
}

async fn audit_count(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM audit_event").await
}

/// State-changing routes that succeed without an audit event, and why.
const UNAUDITED: &[&str] = &[
    // Sessions come and go; failures are counted for throttling instead.
    "/login",
    "/logout",
    // Nothing is written: the text is rendered or checked and sent back.
    "/teams/{team}/reviews/{review}/preview",
    "/teams/{team}/reviews/{review}/translations/{lang}/preview",
    "/api/v1/guidance/check",
    // An anonymous reader's answer, stored as plain text with the review.
    "/reviews/{slug}/feedback",
    // The fixtures send the item's own values again: nothing changes (the full edit form's
    // real changes are audited, and both go through the same update).
    "/teams/{team}/actions/{action}/status",
    // The fixture's draft imports an incident that is already there: nothing changes.
    "/teams/{team}/import/{draft}",
    // Votes are the meeting's own tally, and can be anonymous: recording who voted for
    // what would undo that.
    "/teams/{team}/retros/{retro}/votes",
    "/teams/{team}/retros/{retro}/votes/{theme}/retract",
    "/api/v1/retros/{retro}/votes",
];
