//! What the benchmarks share: the release server as a child process, and how a target is
//! reported. Each bench includes it with `#[path = "support/mod.rs"] mod support;`.

#![allow(dead_code, reason = "each bench uses a different part")]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the server may take to say it is listening.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// "met" or "MISSED", beside a target.
pub fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

/// `hindsight serve` on a free port; killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub log: PathBuf,
}

impl Server {
    /// Starts `hindsight serve` on a free port and waits for its "listening" line. The log
    /// (one line per request) goes to a file: a pipe nobody drains would stall the server.
    pub fn start(url: &str, log: &Path) -> Server {
        let log_file = std::fs::File::create(log).expect("create the server log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_hindsight"))
            .args(["serve", "--bind", "127.0.0.1:0", "--database-url", url])
            // The benches send thousands of API requests a minute with one token: they
            // measure the server, not its per-user rate limit.
            .env("HINDSIGHT_API_REQUESTS_PER_MINUTE", "1000000000")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .expect("spawn hindsight serve");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut server = Server {
            child,
            base: String::new(),
            log: log.to_owned(),
        };
        // A thread reads stdout to its end, so the server never blocks on a full pipe;
        // the lines come here through a channel, which allows a timeout.
        let (lines, received) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                // Err only means the bench stopped listening; the server keeps running.
                let _listening = lines.send(line).is_ok();
            }
        });
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match received.recv_timeout(left) {
                Ok(line) => {
                    if let Some(base) = line.strip_prefix("Hindsight listening on ") {
                        server.base = base.trim().to_owned();
                        return server;
                    }
                }
                Err(_) => panic!(
                    "the server did not say it was listening within {START_TIMEOUT:?}; its log:\n{}",
                    std::fs::read_to_string(&server.log).unwrap_or_default()
                ),
            }
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The errors the server logged ("request failed"), by route and message, with counts.
    pub fn failures_logged(&self) -> BTreeMap<String, usize> {
        let mut failures = BTreeMap::new();
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        for line in log.lines().filter(|l| l.contains("request failed")) {
            let message = line
                .split_once("error=")
                .map_or(line, |(_, error)| error)
                .trim();
            // The request span says which route: "method=POST path=/api/v1/…".
            let route = line
                .split_once("method=")
                .and_then(|(_, rest)| rest.split(" request_id").next())
                .and_then(|route| route.split_once(" path="))
                .map_or(String::new(), |(method, path)| format!("{method} {path}: "));
            *failures.entry(format!("{route}{message}")).or_insert(0) += 1;
        }
        failures
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The bench is ending either way; a process already gone is fine.
        let _killed = self.child.kill().is_ok();
        let _reaped = self.child.wait().is_ok();
    }
}

// ---------------------------------------------------------------------------------------
// PostgreSQL beside SQLite.

/// The environment variable naming a PostgreSQL server the benches may use: the URL of a
/// database there, as a role that may CREATE DATABASE.
pub const POSTGRES_URL_VAR: &str = "HINDSIGHT_BENCH_POSTGRES_URL";

/// A fresh database `hindsight_bench_<random>` for one bench run, on the server named by
/// HINDSIGHT_BENCH_POSTGRES_URL or else on a throwaway cluster started for the run.
/// Dropping it drops the database, then stops the cluster if the bench started one; so it
/// is cleaned up on a panic too. Drop the app servers using it first.
pub struct PostgresDb {
    /// The URL of the fresh database.
    pub url: String,
    /// Where the server came from, in words.
    pub source: String,
    admin_url: String,
    name: String,
    /// Declared last: stopped after the database is dropped.
    cluster: Option<Cluster>,
}

impl PostgresDb {
    /// The server to use, and a fresh database on it; `Err` says why PostgreSQL is
    /// skipped.
    pub fn create() -> Result<PostgresDb, String> {
        let (admin_url, source, cluster) = match std::env::var(POSTGRES_URL_VAR) {
            Ok(url) if !url.trim().is_empty() => (
                url.trim().to_owned(),
                format!("the server named by {POSTGRES_URL_VAR}"),
                None,
            ),
            _ => {
                let cluster = Cluster::start().map_err(|why| {
                    format!("{POSTGRES_URL_VAR} is not set, and no throwaway cluster: {why}")
                })?;
                (
                    cluster.url.clone(),
                    format!(
                        "a throwaway cluster on 127.0.0.1:{} (tests/pg/cluster.sh; \
                         {POSTGRES_URL_VAR} not set)",
                        cluster.port
                    ),
                    Some(cluster),
                )
            }
        };
        let name = format!("hindsight_bench_{:016x}", rand::random::<u64>());
        let mut url = reqwest::Url::parse(&admin_url)
            .map_err(|e| format!("{POSTGRES_URL_VAR} is not a URL: {e}"))?;
        url.set_path(&format!("/{name}"));
        postgres_admin(&admin_url, &format!("CREATE DATABASE {name}"))
            .map_err(|e| format!("could not create a database on {source}: {e}"))?;
        Ok(PostgresDb {
            url: url.to_string(),
            source,
            admin_url,
            name,
            cluster,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for PostgresDb {
    fn drop(&mut self) {
        // FORCE ends connections left behind (a server killed mid-request); PostgreSQL
        // before 13 lacks it, so the plain statement follows.
        let dropped = postgres_admin(
            &self.admin_url,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        )
        .or_else(|_| {
            postgres_admin(
                &self.admin_url,
                &format!("DROP DATABASE IF EXISTS {}", self.name),
            )
        });
        if let Err(e) = dropped {
            eprintln!("could not drop the bench database {}: {e}", self.name);
        }
    }
}

/// Runs one statement on the server's administrative database, outside a transaction.
fn postgres_admin(admin_url: &str, statement: &str) -> Result<(), String> {
    use sqlx::{Connection, Executor};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let connecting = sqlx::PgConnection::connect(admin_url);
        let mut conn = tokio::time::timeout(Duration::from_secs(15), connecting)
            .await
            .map_err(|_| "no connection within 15 s".to_owned())?
            .map_err(|e| e.to_string())?;
        let done = conn.execute(statement).await.map(|_| ());
        // The statement's result is what matters; a failed goodbye is not.
        let _closed = conn.close().await.is_ok();
        done.map_err(|e| e.to_string())
    })
}

/// A throwaway PostgreSQL cluster (`tests/pg/cluster.sh`) in a temporary directory on a
/// free port; stopped and removed when dropped.
pub struct Cluster {
    dir: PathBuf,
    pub port: u16,
    pub url: String,
}

impl Cluster {
    const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pg/cluster.sh");

    pub fn start() -> Result<Cluster, String> {
        if !postgres_installed() {
            return Err(
                "pg_ctl and initdb are not installed (neither on PATH nor in \
                        /usr/lib/postgresql/*/bin)"
                    .to_owned(),
            );
        }
        // The script makes the directory and, as root, hands it to the postgres user;
        // a parent only root may enter would lock that user out, so it is a top-level
        // temporary directory of its own.
        let dir = tempfile::Builder::new()
            .prefix("hindsight-bench-pg-")
            .tempdir()
            .map_err(|e| format!("temp dir: {e}"))?
            .keep();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        // From here on the guard exists, so a failed start is stopped and removed too.
        let mut cluster = Cluster {
            dir,
            port,
            url: String::new(),
        };
        let output = Command::new(Cluster::SCRIPT)
            .arg("start")
            .arg(&cluster.dir)
            .arg(port.to_string())
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("could not run tests/pg/cluster.sh: {e}"))?;
        if !output.status.success() {
            let log = std::fs::read_to_string(cluster.dir.join("server.log")).unwrap_or_default();
            return Err(format!(
                "tests/pg/cluster.sh start failed: {} {}",
                String::from_utf8_lossy(&output.stderr).trim(),
                log.lines().rev().take(5).collect::<Vec<_>>().join(" | ")
            ));
        }
        cluster.url = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        if !cluster.url.starts_with("postgres") {
            return Err(format!(
                "tests/pg/cluster.sh printed {:?}, not a URL",
                cluster.url
            ));
        }
        Ok(cluster)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let stopped = Command::new(Cluster::SCRIPT)
            .arg("stop")
            .arg(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if !stopped.is_ok_and(|s| s.success()) {
            eprintln!(
                "could not stop the bench's PostgreSQL cluster in {}",
                self.dir.display()
            );
        }
    }
}

/// Whether `pg_ctl` and `initdb` can be found where tests/pg/cluster.sh looks.
fn postgres_installed() -> bool {
    let on_path = ["pg_ctl", "initdb"].iter().all(|tool| {
        Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    on_path
        || std::fs::read_dir("/usr/lib/postgresql").is_ok_and(|versions| {
            versions.flatten().any(|v| {
                let bin = v.path().join("bin");
                bin.join("pg_ctl").exists() && bin.join("initdb").exists()
            })
        })
}

/// Runs `run` for PostgreSQL, turning a panic into an error message: the SQLite numbers
/// and the table still print, and the caller says the run failed.
pub fn catch_run<T>(run: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

// ---------------------------------------------------------------------------------------
// The side-by-side table.

/// One backend's figure in a row: the text printed, and the numbers the ratio column
/// divides (PostgreSQL's by SQLite's, pairwise).
#[derive(Clone, Debug)]
pub struct Cell {
    pub text: String,
    pub values: Vec<f64>,
}

impl Cell {
    /// Several times in milliseconds, "3.1 / 5.2 ms".
    pub fn ms(times: &[Duration]) -> Cell {
        let values: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
        let text = values
            .iter()
            .map(|v| format!("{v:.1}"))
            .collect::<Vec<_>>()
            .join(" / ");
        Cell {
            text: format!("{text} ms"),
            values,
        }
    }

    /// One number with its text.
    pub fn one(value: f64, text: String) -> Cell {
        Cell {
            text,
            values: vec![value],
        }
    }
}

/// One measured case; `None` where that backend was skipped or failed.
pub struct Row {
    pub label: String,
    pub sqlite: Option<Cell>,
    pub postgres: Option<Cell>,
}

/// Prints the rows as a table: case, SQLite, PostgreSQL, PostgreSQL / SQLite. `figure`
/// names what the cells hold ("p50 / p99"); `postgres` is the PostgreSQL status line.
pub fn print_side_by_side(title: &str, figure: &str, postgres: &str, rows: &[Row]) {
    let ratio = |row: &Row| match (&row.sqlite, &row.postgres) {
        (Some(s), Some(p)) if s.values.len() == p.values.len() => s
            .values
            .iter()
            .zip(&p.values)
            .map(|(s, p)| {
                if *s > 0.0 {
                    format!("{:.2}×", p / s)
                } else {
                    "–".to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" / "),
        _ => "–".to_owned(),
    };
    let text = |cell: &Option<Cell>| cell.as_ref().map_or("–".to_owned(), |c| c.text.clone());
    let header = [
        "case".to_owned(),
        format!("SQLite {figure}").trim_end().to_owned(),
        format!("PostgreSQL {figure}").trim_end().to_owned(),
        "PG/SQLite".to_owned(),
    ];
    let lines: Vec<[String; 4]> = rows
        .iter()
        .map(|row| {
            [
                row.label.clone(),
                text(&row.sqlite),
                text(&row.postgres),
                ratio(row),
            ]
        })
        .collect();
    let width = |i: usize| {
        lines
            .iter()
            .chain(std::iter::once(&header))
            .map(|l| l[i].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2), width(3)];
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
    let print = |line: &[String; 4]| {
        println!(
            "{}  {}  {}  {}",
            pad(&line[0], widths[0]),
            pad(&line[1], widths[1]),
            pad(&line[2], widths[2]),
            line[3]
        );
    };
    println!();
    println!("== side by side: {title} ==");
    println!("PostgreSQL: {postgres}");
    print(&header);
    println!("{}", "-".repeat(widths.iter().sum::<usize>() + 6 + 4));
    for line in &lines {
        print(line);
    }
}
