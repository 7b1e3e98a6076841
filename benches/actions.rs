//! Action-item reads at scale: a database seeded with 100,000 action items across 1,000
//! incidents and 20 teams (through the library, then plain SQL in one transaction), served
//! by the release `hindsight serve` as a child process. Times, one request at a time on
//! loopback (request sent → body read), the filtered JSON list (a page of 50), the HTML
//! list, and the team and all-teams dashboards, and prints p50/p90/p99/max beside the
//! target (p99 < 50 ms). Never asserts timings.
//!
//! The same seed and requests go first to SQLite, then to PostgreSQL when a server is at
//! hand: a fresh database on the server named by HINDSIGHT_BENCH_POSTGRES_URL, or else on
//! a throwaway cluster (tests/pg/cluster.sh) when PostgreSQL is installed; otherwise
//! PostgreSQL is skipped and says why. A table at the end puts the two side by side.
//!
//! Run: `cargo bench --bench actions`. HINDSIGHT_BENCH_ITEMS (default 100000) changes the
//! number of items, for both backends; the 1,000 incidents and 20 teams stay.

#[path = "support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use hindsight::accounts::teams::{self, NewTeam, TeamRole};
use hindsight::accounts::{self, NewUser};
use hindsight::db::Backend;
use support::{Cell, PostgresDb, Row, Server, verdict};

const DEFAULT_ITEMS: usize = 100_000;
const TEAMS: usize = 20;
const INCIDENTS_PER_TEAM: usize = 50;
const P99_TARGET: Duration = Duration::from_millis(50);
const EMAIL: &str = "admin@example.com";
const PASSWORD: &str = "bench-password-0123";
const WARM_UP: usize = 20;
const SAMPLES: usize = 200;
/// Bounds on every wait, so the bench ends whatever the server does.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

fn main() {
    let items = std::env::var("HINDSIGHT_BENCH_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(DEFAULT_ITEMS);
    let incidents = TEAMS * INCIDENTS_PER_TEAM;
    let per_incident = items.div_ceil(incidents);
    println!(
        "action items benchmark: {} items ({per_incident} per incident) across {incidents} \
         incidents and {TEAMS} teams; release server, {SAMPLES} sequential requests per case \
         after {WARM_UP} warm-up; SQLite, then PostgreSQL, same seed and requests",
        per_incident * incidents
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");

    println!();
    println!("== SQLite ==");
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("actions.db");
    let url = format!("sqlite://{}", database.display());
    let sqlite = run_backend(&runtime, &url, dir.path(), per_incident);

    println!();
    let mut failed = false;
    let (postgres, status) = match PostgresDb::create() {
        Ok(pg) => {
            println!("== PostgreSQL ({}; database {}) ==", pg.source, pg.name());
            let pg_dir = tempfile::tempdir().expect("temp dir");
            match support::catch_run(|| run_backend(&runtime, &pg.url, pg_dir.path(), per_incident))
            {
                Ok(cases) => (Some(cases), pg.source.clone()),
                Err(why) => {
                    println!("PostgreSQL run failed: {why}");
                    failed = true;
                    (None, format!("run failed: {why}"))
                }
            }
        }
        Err(why) => {
            println!("== PostgreSQL: skipped ({why}) ==");
            (None, format!("skipped: {why}"))
        }
    };

    let rows: Vec<Row> = sqlite
        .iter()
        .enumerate()
        .map(|(i, case)| Row {
            label: case.label.clone(),
            sqlite: Some(case.cell.clone()),
            postgres: postgres
                .as_ref()
                .and_then(|p| p.get(i))
                .map(|c| c.cell.clone()),
        })
        .collect();
    support::print_side_by_side(
        "action items, sequential requests on loopback (target p99 < 50 ms)",
        "p50 / p99",
        &status,
        &rows,
    );
    if failed {
        std::process::exit(1);
    }
}

/// One line of the side-by-side table.
struct Case {
    label: String,
    cell: Cell,
}

/// Seeds a database at `url`, serves it and measures every case; prints as it goes.
fn run_backend(
    runtime: &tokio::runtime::Runtime,
    url: &str,
    dir: &std::path::Path,
    per_incident: usize,
) -> Vec<Case> {
    let seed_started = Instant::now();
    let (slugs, token, size) = runtime.block_on(seed(url, per_incident));
    let seed_time = seed_started.elapsed();
    println!(
        "seed: {:.1} s; database size {:.1} MB ({})",
        seed_time.as_secs_f64(),
        size.bytes as f64 / 1_048_576.0,
        size.what
    );

    // Dropped (killed) when this function returns or unwinds, before the database goes.
    let server = Server::start(url, &dir.join("server.log"));
    println!("server: {} (pid {})", server.base, server.child.id());
    let mut cases = vec![Case {
        label: "seed: library, then SQL in one transaction (time)".to_owned(),
        cell: Cell::one(
            seed_time.as_secs_f64(),
            format!("{:.1} s", seed_time.as_secs_f64()),
        ),
    }];
    cases.extend(runtime.block_on(run(&server.base, &slugs, &token)));
    let failures: usize = server.failures_logged().values().sum();
    if failures > 0 {
        println!("server logged {failures} failed requests (see above)");
        for (why, n) in server.failures_logged() {
            println!("  {n} × {}", why.chars().take(300).collect::<String>());
        }
    }
    cases
}

/// How big the seeded database is, and how that was measured.
struct Size {
    bytes: u64,
    what: &'static str,
}

// ---------------------------------------------------------------------------------------
// Seeding, through the library and then plain SQL.

/// Creates the admin, the teams, the incidents and the items; returns the team slugs, an
/// API token for the admin and the database's size. The SQL runs on both backends; only
/// the due date's date arithmetic is spelled for each.
async fn seed(url: &str, per_incident: usize) -> (Vec<String>, String, Size) {
    let db = hindsight::db::Db::connect(url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let admin = accounts::create_user(
        &db,
        None,
        &NewUser::parse(EMAIL, "Admin", true).expect("user"),
        PASSWORD.into(),
    )
    .await
    .expect("create the admin");
    let mut slugs = Vec::new();
    let mut team_ids = Vec::new();
    for t in 0..TEAMS {
        let slug = format!("team-{t:02}");
        let team = teams::create_team(
            &db,
            None,
            &NewTeam::parse(&slug, &format!("Team {t:02}")).expect("team"),
        )
        .await
        .expect("create a team");
        teams::add_member(&db, None, &team, EMAIL, TeamRole::Owner)
            .await
            .expect("add the admin");
        team_ids.push(team.id.0);
        slugs.push(slug);
    }
    let (_, token) = hindsight::api::tokens::create_token(&db, admin, "bench")
        .await
        .expect("create a token");

    // Today plus (g * 37) % 730 - 365 days, as YYYY-MM-DD in UTC.
    let due_date = match db.backend() {
        Backend::Sqlite => "date($3 / 1000, 'unixepoch', ((g * 37) % 730 - 365) || ' days')",
        Backend::Postgres => {
            "to_char(DATE '1970-01-01' + ($3 / 86400000 + (g * 37) % 730 - 365)::integer, \
             'YYYY-MM-DD')"
        }
    };
    let now = hindsight::db::now_ms();
    let day = 86_400_000i64;
    let mut tx = db.begin().await.expect("begin");
    for team_id in &team_ids {
        // 50 incidents per team, started over the past year.
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1)
             INSERT INTO incident (team_id, title, severity, summary, affected_services,
                 started_at, detected_at, resolved_at, source_format, source_ref,
                 created_at, updated_at)
             SELECT $2, 'Bench incident ' || i, 'SEV' || (1 + i % 3), 'Something broke.',
                 '[\"api\",\"db\"]', $3 - i * $4 * 7, $3 - i * $4 * 7 + 60000,
                 $3 - i * $4 * 7 + 3600000, 'bench', 'bench-' || i, $3, $3
             FROM n",
        )
        .bind(INCIDENTS_PER_TEAM as i64)
        .bind(team_id)
        .bind(now)
        .bind(day)
        .execute(&mut *tx)
        .await
        .expect("insert incidents");
    }
    // Items: g numbers them; status 40 % open, 10 % in progress, 45 % done, 5 % won't do;
    // due dates over the past and next year (every 11th without); a quarter owned by the
    // admin.
    sqlx::query(&format!(
        "WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j + 1 < $1),
         g AS (SELECT incident.id AS incident_id, incident.team_id AS team_id,
                      incident.id * $1 + k.j AS g
               FROM incident CROSS JOIN k)
         INSERT INTO action_item (team_id, incident_id, title, description, type, owner_id,
             priority, due_date, status, is_public, created_by, created_at, updated_at,
             closed_at)
         SELECT team_id, incident_id, 'Action item ' || g, 'Follow up on finding ' || g,
             CASE (g / 3) % 5 WHEN 0 THEN 'prevent' WHEN 1 THEN 'mitigate' WHEN 2 THEN 'detect'
                 WHEN 3 THEN 'process' ELSE 'communicate' END,
             CASE WHEN g % 4 = 0 THEN $2 END,
             CASE (g / 7) % 3 WHEN 0 THEN 'P1' WHEN 1 THEN 'P2' ELSE 'P3' END,
             CASE WHEN g % 11 = 0 THEN NULL ELSE {due_date} END,
             CASE WHEN g % 20 < 8 THEN 'open' WHEN g % 20 < 10 THEN 'in_progress'
                 WHEN g % 20 < 19 THEN 'done' ELSE 'wont_do' END,
             CASE WHEN g % 9 = 0 THEN 1 ELSE 0 END, $2, $3 - (g % 365) * $4, $3 - (g % 30) * $4,
             CASE WHEN g % 20 >= 10 THEN $3 - (g % 30) * $4 END
         FROM g"
    ))
    .bind(per_incident as i64)
    .bind(admin.0)
    .bind(now)
    .bind(day)
    .execute(&mut *tx)
    .await
    .expect("insert action items");
    tx.commit().await.expect("commit");
    sqlx::query("ANALYZE")
        .execute(db.pool())
        .await
        .expect("analyze");
    // PostgreSQL's size is asked before closing; SQLite's files are measured after.
    let postgres_bytes = match db.backend() {
        Backend::Sqlite => None,
        Backend::Postgres => {
            let (bytes,): (i64,) =
                sqlx::query_as("SELECT pg_database_size(current_database())::BIGINT")
                    .fetch_one(db.pool())
                    .await
                    .expect("database size");
            Some(bytes.max(0) as u64)
        }
    };
    db.close().await;
    let size = match postgres_bytes {
        Some(bytes) => Size {
            bytes,
            what: "pg_database_size",
        },
        None => {
            let file = url.trim_start_matches("sqlite://");
            Size {
                bytes: ["", "-wal", "-shm"]
                    .iter()
                    .filter_map(|suffix| std::fs::metadata(format!("{file}{suffix}")).ok())
                    .map(|m| m.len())
                    .sum(),
                what: "file, WAL and shared memory",
            }
        }
    };
    (slugs, token, size)
}

// ---------------------------------------------------------------------------------------
// The requests.

async fn run(base: &str, slugs: &[String], token: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let api = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .expect("client");
    let auth = format!("Bearer {token}");
    // The first rows of each team's open list: how many items the list pages cover.
    let first: serde_json::Value = api
        .get(format!(
            "{base}/api/v1/actions?team={}&status=open&sort=due",
            slugs[0]
        ))
        .header("authorization", &auth)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("list JSON");
    let rows = first["actions"].as_array().map_or(0, |a| a.len());
    println!("first page of {}'s open items: {rows} rows", slugs[0]);

    cases.push(
        measure(
            "API list: one team, status=open, sort=due, pages 1-10",
            |i| {
                api.get(format!(
                    "{base}/api/v1/actions?team={}&status=open&sort=due&page={}",
                    slugs[i % slugs.len()],
                    1 + (i / slugs.len()) % 10
                ))
                .header("authorization", &auth)
            },
        )
        .await,
    );
    cases.push(
        measure(
            "API list: all teams, status=open&priority=P1&overdue=true, pages 1-10",
            |i| {
                api.get(format!(
                    "{base}/api/v1/actions?status=open&priority=P1&overdue=true&page={}",
                    1 + i % 10
                ))
                .header("authorization", &auth)
            },
        )
        .await,
    );
    cases.push(
        measure("API list: all teams, status=open, deep page 100-109", |i| {
            api.get(format!(
                "{base}/api/v1/actions?status=open&sort=due&page={}",
                100 + i % 10
            ))
            .header("authorization", &auth)
        })
        .await,
    );

    let web = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    sign_in(&web, base).await;
    cases.push(
        measure("HTML list: /actions?team=…&status=open", |i| {
            web.get(format!(
                "{base}/actions?team={}&status=open",
                slugs[i % slugs.len()]
            ))
        })
        .await,
    );
    cases.push(
        measure("team dashboard: /teams/…/dashboard", |i| {
            web.get(format!("{base}/teams/{}/dashboard", slugs[i % slugs.len()]))
        })
        .await,
    );
    cases.push(
        measure("dashboard, all 20 teams: /dashboard", |_| {
            web.get(format!("{base}/dashboard"))
        })
        .await,
    );

    // Dashboards are kept until an action item changes. Right after a change the first
    // request computes afresh: how long that takes, with an edit (untimed) before each.
    let mut times = Vec::new();
    for i in 0..COLD_SAMPLES {
        let edit = api
            .patch(format!("{base}/api/v1/actions/{}", 1 + i))
            .header("authorization", &auth)
            .json(&serde_json::json!({"priority": if i % 2 == 0 { "P2" } else { "P3" }}))
            .send()
            .await
            .expect("edit");
        assert!(
            edit.status().is_success(),
            "the edit failed: {}",
            edit.status()
        );
        let sent = Instant::now();
        let page = web
            .get(format!("{base}/dashboard"))
            .send()
            .await
            .expect("dashboard");
        assert!(page.status().is_success());
        page.bytes().await.expect("dashboard body");
        times.push(sent.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("dashboard, all 20 teams, first request after a change (recomputed)");
    println!(
        "  n={COLD_SAMPLES} p50 {:.1} ms, max {:.1} ms (informational: the target above is for the page people load)",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
    cases.push(Case {
        label: "dashboard, all 20 teams, recomputed after a change (p50 / max)".to_owned(),
        cell: Cell::ms(&[times[times.len() / 2], times[times.len() - 1]]),
    });
    cases
}

/// Changes made to measure a recomputed dashboard.
const COLD_SAMPLES: usize = 30;

async fn sign_in(web: &reqwest::Client, base: &str) {
    let page = web
        .get(format!("{base}/login"))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("login page body");
    let marker = "<meta name=\"csrf-token\" content=\"";
    let csrf = page
        .split_once(marker)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(token, _)| token.to_owned())
        .expect("the login page carries a CSRF token");
    let response = web
        .post(format!("{base}/login"))
        .form(&[
            ("email", EMAIL),
            ("password", PASSWORD),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .expect("sign in");
    assert_eq!(response.status(), 303, "signing in did not redirect");
}

/// Sends WARM_UP then SAMPLES requests one at a time and prints the latency percentiles.
async fn measure(label: &str, request: impl Fn(usize) -> reqwest::RequestBuilder) -> Case {
    let mut times = Vec::with_capacity(SAMPLES);
    let mut bytes = 0;
    let mut errors = 0;
    let started = Instant::now();
    for i in 0..WARM_UP + SAMPLES {
        let sent = Instant::now();
        let result = match request(i).send().await {
            Ok(response) => {
                let status = response.status();
                response
                    .bytes()
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|body| {
                        if status.is_success() {
                            Ok(body.len())
                        } else {
                            Err(format!("{status}: {}", String::from_utf8_lossy(&body)))
                        }
                    })
            }
            Err(e) => Err(e.to_string()),
        };
        let elapsed = sent.elapsed();
        match result {
            Ok(len) if i >= WARM_UP => {
                times.push(elapsed);
                bytes += len;
            }
            Ok(_) => {}
            Err(e) => {
                if errors == 0 {
                    println!(
                        "  {label}: request failed: {}",
                        e.chars().take(300).collect::<String>()
                    );
                }
                errors += 1;
            }
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| {
        times
            .get(((times.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or_default()
    };
    let p99 = at(0.99);
    println!("{label}");
    println!(
        "  n={} p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; mean body {:.1} kB; \
         {errors} errors; {:.1} s",
        times.len(),
        ms(at(0.50)),
        ms(at(0.90)),
        ms(p99),
        ms(times.last().copied().unwrap_or_default()),
        bytes as f64 / times.len().max(1) as f64 / 1024.0,
        started.elapsed().as_secs_f64()
    );
    println!(
        "  target: p99 < {} ms: {}",
        P99_TARGET.as_millis(),
        verdict(!times.is_empty() && errors == 0 && p99 < P99_TARGET)
    );
    let mut cell = Cell::ms(&[at(0.50), p99]);
    if errors > 0 {
        cell.text.push_str(&format!(" ({errors} errors)"));
    }
    Case {
        label: label.to_owned(),
        cell,
    }
}
