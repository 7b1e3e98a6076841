//! What the three suites share: the real `hindsight` binary as a child process, API
//! calls that say whether a write was acknowledged, refused, failed or lost, and direct
//! reads of the SQLite file.

use std::collections::BTreeMap;
use std::future::Future;
use std::path::Path;
use std::process::Stdio;
use std::sync::Mutex;
use std::time::Duration;

use hindsight::accounts::teams::{self, NewTeam, TeamRole};
use hindsight::accounts::{self, NewUser};
use hindsight::db::{Db, PoolOptions};
use reqwest::{Client, Method, RequestBuilder};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub const BIN: &str = env!("CARGO_BIN_EXE_hindsight");
pub const PASSWORD: &str = "correct horse battery staple";
/// Every wait is bounded: a hung server fails the test instead of hanging CI.
pub const STARTUP: Duration = Duration::from_secs(60);
pub const REQUEST: Duration = Duration::from_secs(120);

/// One suite at a time: they share two cores with the rest of CI, and their figures mean
/// more when they do not slow each other down.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs `suite` when `HINDSIGHT_RELIABILITY=1`, on its own runtime, one suite at a time.
pub fn run<F: Future<Output = ()>>(suite: impl FnOnce() -> F) {
    if std::env::var("HINDSIGHT_RELIABILITY").as_deref() != Ok("1") {
        println!("skipped: set HINDSIGHT_RELIABILITY=1");
        return;
    }
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(suite());
}

/// `HINDSIGHT_RELIABILITY_SEED`, or a new seed (printed, so a failure can be replayed).
pub fn seed() -> u64 {
    std::env::var("HINDSIGHT_RELIABILITY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        })
}

/// A size from the environment, for trying bigger loads by hand.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `future`, or a panic naming `what` after `limit`.
pub async fn within<T>(what: &str, limit: Duration, future: impl Future<Output = T>) -> T {
    match tokio::time::timeout(limit, future).await {
        Ok(value) => value,
        Err(_) => panic!("{what} did not finish within {} s", limit.as_secs()),
    }
}

pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// `hindsight serve` on `database_url`, its log appended to `log`.
pub struct Server {
    child: Child,
    pub api: Api,
}

impl Server {
    pub async fn start(database_url: &str, log: &Path) -> Server {
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("open the server log");
        let mut child = Command::new(BIN)
            .args(["serve", "--bind", "127.0.0.1:0", "--database-url"])
            .arg(database_url)
            // Rate limits and timeouts are not what these suites test: a 429 or 408 would
            // only hide the writes they count.
            .args(["--api-requests-per-minute", "1000000"])
            .args(["--request-timeout-seconds", "300"])
            .args(["--reminder-interval-seconds", "3600"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log_file))
            .kill_on_drop(true)
            .spawn()
            .expect("start hindsight serve");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let listening = tokio::time::timeout(STARTUP, async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(base) = line.strip_prefix("Hindsight listening on ") {
                    return Some(base.trim().to_owned());
                }
            }
            None
        })
        .await;
        let base = match listening {
            Ok(Some(base)) => base,
            Ok(None) => panic!(
                "hindsight serve exited before listening; its log ends:\n{}",
                log_tail(log)
            ),
            Err(_) => panic!(
                "hindsight serve was not listening within {} s; its log ends:\n{}",
                STARTUP.as_secs(),
                log_tail(log)
            ),
        };
        // Keep reading so the pipe never fills.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Server {
            child,
            api: Api::new(&base),
        }
    }

    /// SIGKILL: no shutdown, no flush, no chance to finish what it was doing.
    pub async fn kill(mut self) {
        self.child.start_kill().expect("send SIGKILL");
        within("the killed server's exit", STARTUP, self.child.wait())
            .await
            .expect("wait for the server");
    }
}

fn log_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// Lines of the log that mention `needle`.
pub fn log_lines_with(log: &Path, needle: &str) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|line| line.contains(needle))
        .map(str::to_owned)
        .collect()
}

/// What became of one request.
#[derive(Debug)]
pub enum Reply {
    /// 2xx: the app said it was done.
    Ok(Value),
    /// 4xx, with the error's message.
    Refused(u16, String),
    /// 5xx: always a bug.
    Failed(u16, String),
    /// No complete answer (the server died, or the wait ran out): maybe written, maybe not.
    Lost(String),
}

impl Reply {
    /// The answer's JSON, or a panic saying what came instead.
    pub fn expect_ok(self, what: &str) -> Value {
        match self {
            Reply::Ok(value) => value,
            other => panic!("{what}: {other:?}"),
        }
    }

    /// The body as the server sent it, to look for words such as "database is locked".
    pub fn text(&self) -> String {
        match self {
            Reply::Ok(value) => value.to_string(),
            Reply::Refused(_, text) | Reply::Failed(_, text) | Reply::Lost(text) => text.clone(),
        }
    }
}

/// The JSON API of one running server.
#[derive(Clone)]
pub struct Api {
    client: Client,
    pub base: String,
}

impl Api {
    pub fn new(base: &str) -> Api {
        Api {
            client: Client::builder()
                .timeout(REQUEST)
                .build()
                .expect("HTTP client"),
            base: base.to_owned(),
        }
    }

    /// The same server through a client of its own (its own connections).
    pub fn another_client(&self) -> Api {
        Api::new(&self.base)
    }

    fn request(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token)
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        send(self.request(Method::GET, path, token)).await
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Reply {
        send(self.request(Method::POST, path, token).json(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: &Value) -> Reply {
        send(self.request(Method::PATCH, path, token).json(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str, body: &Value) -> Reply {
        send(self.request(Method::DELETE, path, token).json(body)).await
    }

    pub async fn post_bytes(&self, path: &str, token: &str, body: Vec<u8>) -> Reply {
        send(self.request(Method::POST, path, token).body(body)).await
    }
}

async fn send(request: RequestBuilder) -> Reply {
    let response = match request.send().await {
        Ok(response) => response,
        Err(error) => return Reply::Lost(describe(&error)),
    };
    let status = response.status();
    let text = match response.text().await {
        Ok(text) => text,
        Err(error) => return Reply::Lost(describe(&error)),
    };
    if status.is_success() {
        Reply::Ok(serde_json::from_str(&text).unwrap_or(Value::String(text)))
    } else if status.is_server_error() {
        Reply::Failed(status.as_u16(), text)
    } else {
        let message = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
            .unwrap_or(text);
        Reply::Refused(status.as_u16(), message)
    }
}

fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Counts of refusals and failures by reason, for the printed figures.
#[derive(Default)]
pub struct Reasons(pub BTreeMap<String, usize>);

impl Reasons {
    pub fn add(&mut self, reason: String) {
        *self.0.entry(reason).or_insert(0) += 1;
    }

    pub fn total(&self) -> usize {
        self.0.values().sum()
    }

    pub fn merge(&mut self, other: Reasons) {
        for (reason, count) in other.0 {
            *self.0.entry(reason).or_insert(0) += count;
        }
    }

    pub fn show(&self) -> String {
        if self.0.is_empty() {
            return "none".into();
        }
        self.0
            .iter()
            .map(|(reason, count)| format!("{count}× {reason}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A team member with an API token.
pub struct Person {
    pub id: i64,
    pub token: String,
}

/// A team `slug` of `count` people, made through the app's own functions on the file
/// before any server runs: the first is its owner, the others members.
pub async fn team_with_people(database_url: &str, slug: &str, count: usize) -> Vec<Person> {
    let db = Db::connect(database_url).await.expect("open the database");
    db.migrate().await.expect("migrate");
    let team = teams::create_team(&db, None, &NewTeam::parse(slug, slug).expect("team"))
        .await
        .expect("create the team");
    let mut people = Vec::new();
    for n in 0..count {
        let email = format!("{slug}-{n}@example.com");
        let user = NewUser::parse(&email, &format!("{slug} person {n}"), false).expect("user");
        let id = accounts::create_user(&db, None, &user, PASSWORD.to_owned())
            .await
            .expect("create a user");
        let role = if n == 0 {
            TeamRole::Owner
        } else {
            TeamRole::Member
        };
        teams::add_member(&db, None, &team, &email, role)
            .await
            .expect("add a member");
        let (_, token) = hindsight::api::tokens::create_token(&db, id, "reliability")
            .await
            .expect("create a token");
        people.push(Person { id: id.0, token });
    }
    db.close().await;
    people
}

/// A Hindsight JSON export of incident `id` with `entries` timeline entries.
pub fn native_export(id: &str, entries: usize) -> Vec<u8> {
    let start = 1_704_067_200; // 2024-01-01T00:00:00Z
    let mut out = String::with_capacity(entries * 140 + 200);
    out.push_str(&format!(
        r#"{{"incident":{{"id":"{id}","title":"Reliability incident {id}","started_at":"2024-01-01T00:00:00Z"}},"entries":["#
    ));
    for i in 0..entries {
        if i > 0 {
            out.push(',');
        }
        let at = chrono::DateTime::from_timestamp(start + i as i64, 0)
            .expect("a time")
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        out.push_str(&format!(
            r#"{{"occurred_at":"{at}","kind":"note","actor":"Load","text":"entry {i} of {id}","source_ref":"e{i}"}}"#
        ));
    }
    out.push_str("]}");
    out.into_bytes()
}

/// Imports a small incident through the API; its id.
pub async fn small_incident(api: &Api, team: &str, token: &str, id: &str) -> i64 {
    api.post_bytes(
        &format!("/api/v1/teams/{team}/imports?format=native"),
        token,
        native_export(id, 5),
    )
    .await
    .expect_ok("import a small incident")["incident_id"]
        .as_i64()
        .expect("an incident id")
}

/// A retro on `incident` (not anonymous, so its cards can be read back through the API)
/// moved to the Reflect phase; its id and its prompts' ids.
pub async fn retro_in_reflect(
    api: &Api,
    token: &str,
    incident: i64,
    vote_limit: i64,
) -> (i64, Vec<i64>) {
    let retro = api
        .post(
            &format!("/api/v1/incidents/{incident}/retros"),
            token,
            &json!({"anonymous": false, "vote_limit": vote_limit}),
        )
        .await
        .expect_ok("start a retro")["id"]
        .as_i64()
        .expect("a retro id");
    set_phase(api, token, retro, "reflect").await;
    let shown = api
        .get(&format!("/api/v1/retros/{retro}"), token)
        .await
        .expect_ok("show the retro");
    let prompts = shown["prompts"]
        .as_array()
        .expect("prompts")
        .iter()
        .map(|p| p["id"].as_i64().expect("a prompt id"))
        .collect::<Vec<_>>();
    assert!(!prompts.is_empty(), "the retro has prompts");
    (retro, prompts)
}

pub async fn set_phase(api: &Api, token: &str, retro: i64, phase: &str) {
    api.post(
        &format!("/api/v1/retros/{retro}/phase"),
        token,
        &json!({ "phase": phase }),
    )
    .await
    .expect_ok("change the phase");
}

/// The database file opened directly, as an operator's tools would.
pub async fn open_db(database_url: &str) -> Db {
    Db::connect_with(
        database_url,
        PoolOptions {
            size: Some(2),
            timeout: STARTUP,
        },
    )
    .await
    .expect("open the database file")
}

/// `PRAGMA integrity_check`'s answer: "ok", or the problems it found.
pub async fn integrity_check(db: &Db) -> String {
    let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
        .fetch_all(db.pool())
        .await
        .expect("integrity_check");
    rows.into_iter()
        .map(|(line,)| line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Incidents imported as `source_ref`, and their timeline entries.
pub async fn import_state(db: &Db, source_ref: &str) -> (i64, i64) {
    let (incidents,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM incident WHERE source_format = 'native' AND source_ref = $1",
    )
    .bind(source_ref)
    .fetch_one(db.pool())
    .await
    .expect("count incidents");
    let (entries,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM timeline_entry WHERE incident_id IN
             (SELECT id FROM incident WHERE source_format = 'native' AND source_ref = $1)",
    )
    .bind(source_ref)
    .fetch_one(db.pool())
    .await
    .expect("count entries");
    (incidents, entries)
}

/// The retro's cards by text: each text the ids of the rows holding it.
pub async fn cards_by_text(db: &Db, retro: i64) -> BTreeMap<String, Vec<i64>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, text FROM retro_card WHERE retro_id = $1 ORDER BY id")
            .bind(retro)
            .fetch_all(db.pool())
            .await
            .expect("read the cards");
    let mut cards: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for (id, text) in rows {
        cards.entry(text).or_default().push(id);
    }
    cards
}

/// Acknowledged cards (id, text) missing from `cards` or present more than once, or
/// under another id; described, for an assertion message.
pub fn card_problems(
    cards: &BTreeMap<String, Vec<i64>>,
    acknowledged: &[(i64, String)],
) -> Vec<String> {
    acknowledged
        .iter()
        .filter_map(|(id, text)| match cards.get(text).map(Vec::as_slice) {
            Some([found]) if found == id => None,
            None => Some(format!("card {id} {text:?} acknowledged but missing")),
            Some(ids) => Some(format!(
                "card {id} {text:?} acknowledged, found as rows {ids:?}"
            )),
        })
        .collect()
}
