//! Live meeting load: 200 participants follow one retro over SSE while 200 writers (the
//! same people) post 20 cards each, all at once, against the release `hindsight serve` as
//! a child process. Checks that every card is stored exactly once and reaches every
//! participant, and prints the time from each POST to its event's arrival at the last
//! participant, the POST latency, and the server's CPU time and peak RSS. Never asserts
//! timings: it prints them beside the target (p99 < 250 ms, nothing lost or duplicated).
//!
//! The load generator is this process, on the same machine as the server: the two share
//! its cores, so its own CPU time is printed beside the server's.
//!
//! The same run goes first against SQLite, then against PostgreSQL when a server is at
//! hand: a fresh database on the server named by HINDSIGHT_BENCH_POSTGRES_URL, or else on
//! a throwaway cluster (tests/pg/cluster.sh) when PostgreSQL is installed; otherwise
//! PostgreSQL is skipped and says why. A table at the end puts the two side by side.
//!
//! Run: `cargo bench --bench live`. HINDSIGHT_BENCH_PARTICIPANTS (default 200) and
//! HINDSIGHT_BENCH_CARDS_PER_WRITER (default 20) change the size, for both backends.

#[path = "support/mod.rs"]
mod support;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Value, json};
use support::{Cell, PostgresDb, Row, Server, verdict};
use tokio::sync::{oneshot, watch};

const DEFAULT_PARTICIPANTS: usize = 200;
const DEFAULT_CARDS_PER_WRITER: usize = 20;
const P99_TARGET: Duration = Duration::from_millis(250);
const PASSWORD: &str = "bench-password-0123";
/// Setup runs three `hindsight` processes per user; a few users at a time keep both
/// cores busy without piling up SQLite lock waits.
const SETUP_THREADS: usize = 4;
/// Bounds on every wait, so the bench ends whatever the server does.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(60);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// No writer sends a new card after this long; with the request timeout it bounds the
/// writing phase.
const WRITE_DEADLINE: Duration = Duration::from_secs(180);
/// How long after the last POST answer the participants may take to see every card.
const DELIVERY_WAIT: Duration = Duration::from_secs(30);

fn main() {
    let participants = env_count("HINDSIGHT_BENCH_PARTICIPANTS", DEFAULT_PARTICIPANTS);
    let cards_per_writer = env_count("HINDSIGHT_BENCH_CARDS_PER_WRITER", DEFAULT_CARDS_PER_WRITER);
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let bench_started = Instant::now();
    println!(
        "live meeting benchmark: {participants} participants following one retro over SSE, \
         {participants} writers × {cards_per_writer} cards = {} cards; release server, one run",
        participants * cards_per_writer
    );
    println!(
        "note: the load generator (this process, 2 tokio workers) runs on the same \
         {cores}-core machine as the server and competes with it for CPU"
    );

    println!();
    println!("== SQLite ==");
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("live.db").display());
    let sqlite = run_backend(dir.path(), &url, participants, cards_per_writer);

    println!();
    let mut failed = false;
    let (postgres, status) = match PostgresDb::create() {
        Ok(pg) => {
            println!("== PostgreSQL ({}; database {}) ==", pg.source, pg.name());
            let pg_dir = tempfile::tempdir().expect("temp dir");
            match support::catch_run(|| {
                run_backend(pg_dir.path(), &pg.url, participants, cards_per_writer)
            }) {
                Ok(summary) => (Some(summary), pg.source.clone()),
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

    let rows = Summary::rows(&sqlite, postgres.as_ref());
    support::print_side_by_side(
        &format!(
            "live meeting, {participants} participants × {cards_per_writer} cards \
             (target: delivery p99 < {} ms, nothing lost)",
            P99_TARGET.as_millis()
        ),
        "",
        &status,
        &rows,
    );
    println!(
        "total wall time {:.1} s (setup included)",
        bench_started.elapsed().as_secs_f64()
    );
    if failed {
        std::process::exit(1);
    }
}

/// Sets up a database at `url` with the CLI, runs the meeting against a server on it and
/// prints the report; returns the figures for the side-by-side table.
fn run_backend(dir: &Path, url: &str, participants: usize, cards_per_writer: usize) -> Summary {
    let setup_started = Instant::now();
    let setup = set_up(dir, url, participants);
    let setup_time = setup_started.elapsed();
    println!(
        "setup: {} users with API tokens, a team and an incident by the CLI in {:.1} s",
        participants + 1,
        setup_time.as_secs_f64()
    );

    // Dropped (killed) when this function returns or unwinds, before the database goes.
    let server = Server::start(url, &dir.join("server.log"));
    println!("server: {} (pid {})", server.base, server.child.id());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let run = runtime.block_on(run_meeting(&server, &setup, cards_per_writer));
    let stored = runtime.block_on(stored_cards(url, run.retro));
    let failures = server.failures_logged();
    drop(server);
    let mut summary = report(&run, stored, &failures);
    summary.setup = setup_time;
    summary
}

/// What the side-by-side table shows of one backend's run.
struct Summary {
    setup: Duration,
    expected: usize,
    received: usize,
    lost_or_duplicated: usize,
    delivery: [Duration; 2],
    post: [Duration; 2],
    acknowledged_per_s: f64,
    server_cpu_s: f64,
    server_cores: f64,
    server_hwm_kb: u64,
}

impl Summary {
    fn rows(sqlite: &Summary, postgres: Option<&Summary>) -> Vec<Row> {
        let row = |label: &str, cell: &dyn Fn(&Summary) -> Cell| Row {
            label: label.to_owned(),
            sqlite: Some(cell(sqlite)),
            postgres: postgres.map(cell),
        };
        vec![
            row("card events delivered / expected", &|s| {
                Cell::one(
                    s.received as f64 / s.expected.max(1) as f64,
                    format!("{}/{}", s.received, s.expected),
                )
            }),
            row("lost or duplicated cards", &|s| {
                Cell::one(
                    s.lost_or_duplicated as f64,
                    s.lost_or_duplicated.to_string(),
                )
            }),
            row(
                "delivery, POST sent → every participant, p50 / p99",
                &|s| Cell::ms(&s.delivery),
            ),
            row("POST latency, p50 / p99", &|s| Cell::ms(&s.post)),
            row("acknowledged cards/s", &|s| {
                Cell::one(s.acknowledged_per_s, format!("{:.0}", s.acknowledged_per_s))
            }),
            row("server CPU over the load", &|s| {
                Cell::one(
                    s.server_cpu_s,
                    format!("{:.2} s ({:.2} cores)", s.server_cpu_s, s.server_cores),
                )
            }),
            row("server peak RSS (VmHWM)", &|s| {
                let mb = s.server_hwm_kb as f64 / 1024.0;
                Cell::one(mb, format!("{mb:.1} MB"))
            }),
            row("setup by the CLI", &|s| {
                let secs = s.setup.as_secs_f64();
                Cell::one(secs, format!("{secs:.1} s"))
            }),
        ]
    }
}

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------------
// Setup, with the CLI as an operator would.

struct Setup {
    /// Index 0 is the facilitator; 1..=participants are the participants.
    tokens: Vec<String>,
    incident_id: i64,
}

fn set_up(dir: &Path, url: &str, participants: usize) -> Setup {
    cli(
        url,
        &["team", "create", "--slug", "bench", "--name", "Bench"],
        None,
    );
    let people: Vec<usize> = (0..=participants).collect();
    let per_thread = people.len().div_ceil(SETUP_THREADS);
    let tokens = std::thread::scope(|scope| {
        let threads: Vec<_> = people
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || chunk.iter().map(|&i| member(url, i)).collect::<Vec<_>>())
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().expect("setup thread"))
            .collect()
    });
    let incident = dir.join("incident.json");
    std::fs::write(
        &incident,
        json!({
            "incident": {"id": "bench-1", "title": "Bench incident"},
            "entries": [{"occurred_at": "2024-01-01T00:00:00Z", "kind": "note", "text": "start"}]
        })
        .to_string(),
    )
    .expect("write the incident file");
    let incident = incident.to_str().expect("temp path is UTF-8");
    let imported: Value =
        serde_json::from_str(&cli(url, &["import", "--team", "bench", incident], None))
            .expect("import prints JSON");
    let incident_id = imported["incident_id"]
        .as_i64()
        .expect("import prints the incident id");
    Setup {
        tokens,
        incident_id,
    }
}

/// Creates user `i`, makes them a member of the team and returns their API token.
fn member(url: &str, i: usize) -> String {
    let email = format!("p{i}@bench.example");
    let name = if i == 0 {
        "Facilitator".to_owned()
    } else {
        format!("Participant {i:03}")
    };
    cli(
        url,
        &[
            "user",
            "create",
            "--email",
            &email,
            "--name",
            &name,
            "--password-stdin",
        ],
        Some(PASSWORD),
    );
    cli(
        url,
        &[
            "team",
            "add-member",
            "--team",
            "bench",
            "--email",
            &email,
            "--role",
            "member",
        ],
        None,
    );
    let token = cli(
        url,
        &["token", "create", "--email", &email, "--name", "bench"],
        None,
    )
    .trim()
    .to_owned();
    assert!(token.starts_with("hs_"), "token create printed {token:?}");
    token
}

/// Runs `hindsight ARGS --database-url URL` and returns its stdout. Several run at once:
/// SQLite refuses a transaction that read before writing while another process writes
/// ("database is locked", no busy wait for that case), so those attempts are repeated.
fn cli(url: &str, args: &[&str], stdin: Option<&str>) -> String {
    for attempt in 1.. {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hindsight"))
            .args(args)
            .args(["--database-url", url])
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run hindsight");
        if let Some(input) = stdin {
            let mut pipe = child.stdin.take().expect("piped stdin");
            writeln!(pipe, "{input}").expect("write the password");
        }
        let output = child.wait_with_output().expect("wait for hindsight");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() {
            return String::from_utf8_lossy(&output.stdout).into_owned();
        }
        if !stderr.contains("locked") || attempt == 10 {
            panic!("`hindsight {}` failed: {}", args.join(" "), stderr.trim());
        }
        std::thread::sleep(Duration::from_millis(20 * attempt));
    }
    unreachable!()
}

/// User plus system CPU time of a process, in clock ticks (/proc/PID/stat fields 14, 15).
fn cpu_ticks(pid: &str) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name (field 2) may hold spaces; the fields after it are plain numbers.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    field(11) + field(12)
}

/// Busy CPU time of the whole machine, in clock ticks (the first line of /proc/stat, less
/// idle and iowait): what is left after the server and the bench is other processes.
fn machine_busy_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .take(8)
        .filter_map(|v| v.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal
    ticks
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 3 && *i != 4)
        .map(|(_, t)| t)
        .sum()
}

/// A `Vm…:` line of /proc/PID/status, in kB.
fn memory_kb(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Clock ticks per second, and whether `getconf` said so (else Linux's usual 100).
fn ticks_per_second() -> (f64, bool) {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .map_or((100.0, false), |t| (t, true))
}

// ---------------------------------------------------------------------------------------
// The meeting.

/// What one participant's stream delivered.
#[derive(Default)]
struct Follower {
    /// Each card id the first time it arrived, with when its chunk was read.
    arrivals: Vec<(i64, Instant)>,
    duplicates: usize,
    lagged: usize,
    missed: u64,
    /// Other event types (presence, …) by name.
    others: BTreeMap<String, usize>,
    unparsable: usize,
    /// Why the stream ended before the bench stopped it, if it did.
    ended: Option<String>,
}

/// One card POST.
struct Post {
    text: String,
    sent: Instant,
    answered: Instant,
    /// The card id, or what went wrong.
    result: Result<i64, String>,
}

struct Run {
    retro: i64,
    participants: usize,
    attempted_cards: usize,
    sync_failures: BTreeMap<String, usize>,
    sync_times: Vec<Duration>,
    posts: Vec<Post>,
    not_sent: usize,
    followers: Vec<Follower>,
    load_started: Instant,
    writes_done: Instant,
    delivery_done: Instant,
    waited_out: bool,
    server_cpu_s: f64,
    client_cpu_s: f64,
    machine_cpu_s: f64,
    ticks_known: bool,
    ticks: f64,
    server_hwm_kb: u64,
    server_rss_kb: u64,
}

#[derive(Deserialize)]
struct Message {
    #[serde(rename = "type")]
    kind: String,
    card_id: Option<i64>,
    missed: Option<u64>,
}

async fn run_meeting(server: &Server, setup: &Setup, cards_per_writer: usize) -> Run {
    let (ticks, ticks_known) = ticks_per_second();
    let base = &server.base;
    let client = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .tcp_nodelay(true)
        .build()
        .expect("HTTP client");
    let facilitator = &setup.tokens[0];
    let participants = &setup.tokens[1..];

    let started = call(
        client
            .post(format!(
                "{base}/api/v1/incidents/{}/retros",
                setup.incident_id
            ))
            .bearer_auth(facilitator)
            .json(&json!({"anonymous": false})),
        "start the retro",
    )
    .await;
    let retro = started["id"].as_i64().expect("the retro's id");
    call(
        client
            .post(format!("{base}/api/v1/retros/{retro}/phase"))
            .bearer_auth(facilitator)
            .json(&json!({"phase": "reflect"})),
        "move to reflect",
    )
    .await;
    let board = call(
        client
            .get(format!("{base}/api/v1/retros/{retro}"))
            .bearer_auth(facilitator),
        "read the retro",
    )
    .await;
    let prompts: Arc<[i64]> = board["prompts"]
        .as_array()
        .expect("prompts")
        .iter()
        .map(|p| p["id"].as_i64().expect("prompt id"))
        .collect();
    assert!(!prompts.is_empty(), "the retro has no prompts");

    // Every participant opens the stream and waits for its first (sync) event.
    // The streams get their own client: no overall timeout, they stay open.
    let stream_client = reqwest::Client::builder()
        .tcp_nodelay(true)
        .connect_timeout(REQUEST_TIMEOUT)
        .build()
        .expect("HTTP client");
    let (stop, stopped) = watch::channel(false);
    let seen: Arc<Vec<AtomicUsize>> = Arc::new(
        (0..participants.len())
            .map(|_| AtomicUsize::new(0))
            .collect(),
    );
    let mut readers = Vec::new();
    let mut syncs = Vec::new();
    for (i, token) in participants.iter().enumerate() {
        let (synced, sync) = oneshot::channel();
        syncs.push(sync);
        readers.push(tokio::spawn(follow(
            stream_client.clone(),
            format!("{base}/api/v1/retros/{retro}/events"),
            token.clone(),
            synced,
            seen.clone(),
            i,
            stopped.clone(),
        )));
    }
    let connect_started = Instant::now();
    let sync_deadline = tokio::time::Instant::now() + CONNECT_TIMEOUT;
    let sync_results = futures_util::future::join_all(
        syncs
            .into_iter()
            .map(|sync| tokio::time::timeout_at(sync_deadline, sync)),
    )
    .await;
    let connect_time = connect_started.elapsed();
    let mut sync_times = Vec::new();
    let mut sync_failures = BTreeMap::new();
    let mut synced_readers = Vec::new();
    for (i, result) in sync_results.into_iter().enumerate() {
        let failure = match result {
            Ok(Ok(Ok(took))) => {
                sync_times.push(took);
                synced_readers.push(i);
                continue;
            }
            Ok(Ok(Err(why))) => why,
            Ok(Err(_)) => "the stream task ended without a sync".to_owned(),
            Err(_) => format!("no sync within {CONNECT_TIMEOUT:?}"),
        };
        *sync_failures.entry(failure).or_insert(0) += 1;
    }
    let synced = sync_times.len();
    println!(
        "streams: {synced}/{} participants synced in {:.2} s",
        participants.len(),
        connect_time.as_secs_f64()
    );

    // The load: every participant writes its cards one after another, all at once.
    let server_pid = server.pid().to_string();
    let server_cpu_before = cpu_ticks(&server_pid);
    let client_cpu_before = cpu_ticks("self");
    let machine_cpu_before = machine_busy_ticks();
    let load_started = Instant::now();
    let deadline = load_started + WRITE_DEADLINE;
    let writers: Vec<_> = participants
        .iter()
        .enumerate()
        .map(|(writer, token)| {
            tokio::spawn(write_cards(
                client.clone(),
                format!("{base}/api/v1/retros/{retro}/cards"),
                token.clone(),
                writer,
                prompts.clone(),
                cards_per_writer,
                deadline,
            ))
        })
        .collect();
    let mut posts = Vec::new();
    for writer in futures_util::future::join_all(writers).await {
        posts.extend(writer.expect("writer task"));
    }
    let writes_done = Instant::now();
    let attempted_cards = participants.len() * cards_per_writer;
    let not_sent = attempted_cards - posts.len();
    let acknowledged = posts.iter().filter(|p| p.result.is_ok()).count();

    // Wait until every synced stream has seen as many cards as were acknowledged, or
    // until the wait is up. Arrival times are taken by the readers; this only decides
    // when to stop looking.
    let give_up = writes_done + DELIVERY_WAIT;
    let waited_out = loop {
        let behind = synced_readers
            .iter()
            .filter(|&&i| seen[i].load(Ordering::Relaxed) < acknowledged)
            .filter(|&&i| !readers[i].is_finished())
            .count();
        if behind == 0 {
            break false;
        }
        if Instant::now() >= give_up {
            break true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    let delivery_done = Instant::now();
    let server_cpu_s = cpu_ticks(&server_pid).saturating_sub(server_cpu_before) as f64 / ticks;
    let client_cpu_s = cpu_ticks("self").saturating_sub(client_cpu_before) as f64 / ticks;
    let machine_cpu_s = machine_busy_ticks().saturating_sub(machine_cpu_before) as f64 / ticks;
    let server_hwm_kb = memory_kb(server.pid(), "VmHWM:");
    let server_rss_kb = memory_kb(server.pid(), "VmRSS:");

    let _ = stop.send(true);
    let mut followers = Vec::new();
    for reader in readers {
        let abort = reader.abort_handle();
        match tokio::time::timeout(Duration::from_secs(10), reader).await {
            Ok(Ok(follower)) => followers.push(follower),
            Ok(Err(e)) => followers.push(Follower {
                ended: Some(format!("reader task failed: {e}")),
                ..Follower::default()
            }),
            Err(_) => {
                abort.abort();
                followers.push(Follower {
                    ended: Some("reader did not stop".to_owned()),
                    ..Follower::default()
                });
            }
        }
    }
    // Streams that never synced count as participants who received nothing.
    let followers = followers
        .into_iter()
        .enumerate()
        .filter(|(i, _)| synced_readers.contains(i))
        .map(|(_, f)| f)
        .collect();
    Run {
        retro,
        participants: participants.len(),
        attempted_cards,
        sync_failures,
        sync_times,
        posts,
        not_sent,
        followers,
        load_started,
        writes_done,
        delivery_done,
        waited_out,
        server_cpu_s,
        client_cpu_s,
        machine_cpu_s,
        ticks_known,
        ticks,
        server_hwm_kb,
        server_rss_kb,
    }
}

/// Sends a setup request and returns its JSON; setup failures end the bench.
async fn call(request: reqwest::RequestBuilder, what: &str) -> Value {
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    assert!(status.is_success(), "{what}: HTTP {status}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{what}: {e}: {body}"))
}

/// One participant's stream, read until `stop`: reports the sync, then records when each
/// card's event arrives. Times are taken when the chunk is read, before parsing.
async fn follow(
    client: reqwest::Client,
    url: String,
    token: String,
    synced: oneshot::Sender<Result<Duration, String>>,
    seen: Arc<Vec<AtomicUsize>>,
    me: usize,
    mut stop: watch::Receiver<bool>,
) -> Follower {
    let mut follower = Follower::default();
    let started = Instant::now();
    let opened =
        tokio::time::timeout(CONNECT_TIMEOUT, client.get(&url).bearer_auth(&token).send()).await;
    let mut response = match opened {
        Ok(Ok(response)) if response.status().is_success() => response,
        Ok(Ok(response)) => {
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            let _ = synced.send(Err(format!("HTTP {status}: {}", clip(&body))));
            return follower;
        }
        Ok(Err(e)) => {
            let _ = synced.send(Err(e.to_string()));
            return follower;
        }
        Err(_) => {
            let _ = synced.send(Err(format!("no answer within {CONNECT_TIMEOUT:?}")));
            return follower;
        }
    };
    let mut synced = Some(synced);
    let mut cards = HashSet::new();
    let mut buffer: Vec<u8> = Vec::new();
    loop {
        let chunk = tokio::select! {
            biased;
            _ = stop.changed() => break,
            chunk = response.chunk() => chunk,
        };
        let arrived = Instant::now();
        match chunk {
            Ok(Some(bytes)) => buffer.extend_from_slice(&bytes),
            Ok(None) => {
                follower.ended = Some("the server ended the stream".to_owned());
                break;
            }
            Err(e) => {
                follower.ended = Some(format!("stream error: {e}"));
                break;
            }
        }
        // axum ends each message with a blank line ("\n\n").
        let mut consumed = 0;
        while let Some(end) = buffer[consumed..].windows(2).position(|w| w == b"\n\n") {
            let message = &buffer[consumed..consumed + end];
            consumed += end + 2;
            let data: Vec<u8> = message
                .split(|&b| b == b'\n')
                .filter_map(|line| line.strip_prefix(b"data:"))
                .flat_map(|d| d.strip_prefix(b" ").unwrap_or(d).iter().copied())
                .collect();
            if data.is_empty() {
                continue; // a keep-alive comment
            }
            let Ok(message) = serde_json::from_slice::<Message>(&data) else {
                follower.unparsable += 1;
                continue;
            };
            match (message.kind.as_str(), message.card_id) {
                ("sync", _) => {
                    if let Some(synced) = synced.take() {
                        let _ = synced.send(Ok(started.elapsed()));
                    }
                }
                ("card_added", Some(card)) => {
                    if cards.insert(card) {
                        follower.arrivals.push((card, arrived));
                        seen[me].fetch_add(1, Ordering::Relaxed);
                    } else {
                        follower.duplicates += 1;
                    }
                }
                ("lagged", _) => {
                    follower.lagged += 1;
                    follower.missed += message.missed.unwrap_or(0);
                }
                (kind, _) => *follower.others.entry(kind.to_owned()).or_insert(0) += 1,
            }
        }
        buffer.drain(..consumed);
    }
    if let Some(synced) = synced {
        let _ = synced
            .send(Err(follower.ended.clone().unwrap_or_else(|| {
                "stopped before the sync event".to_owned()
            })));
    }
    follower
}

/// One writer: its cards one after another, spread over the prompts, each text unique.
async fn write_cards(
    client: reqwest::Client,
    url: String,
    token: String,
    writer: usize,
    prompts: Arc<[i64]>,
    cards: usize,
    deadline: Instant,
) -> Vec<Post> {
    let mut posts = Vec::with_capacity(cards);
    for i in 0..cards {
        if Instant::now() >= deadline {
            break;
        }
        let text = format!("bench card {writer}-{i}");
        let prompt = prompts[(writer + i) % prompts.len()];
        let request = client
            .post(&url)
            .bearer_auth(&token)
            .json(&json!({"prompt_id": prompt, "text": text}))
            .build()
            .expect("build the card request");
        let sent = Instant::now();
        let result = match client.execute(request).await {
            Ok(response) if response.status().is_success() => {
                match response.json::<Value>().await {
                    Ok(body) => body["id"]
                        .as_i64()
                        .ok_or_else(|| format!("no card id in {body}")),
                    Err(e) => Err(format!("reading the answer: {e}")),
                }
            }
            Ok(response) => {
                let status = response.status();
                let body = response.text().await.unwrap_or_default();
                Err(format!("HTTP {status}: {}", clip(&body)))
            }
            Err(e) if e.is_timeout() => Err(format!("timed out after {REQUEST_TIMEOUT:?}")),
            Err(e) => Err(format!("request error: {e}")),
        };
        posts.push(Post {
            text,
            sent,
            answered: Instant::now(),
            result,
        });
    }
    posts
}

fn clip(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(160) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The retro's cards as stored, (id, text), read from the database.
async fn stored_cards(url: &str, retro: i64) -> Result<Vec<(i64, String)>, String> {
    let db = hindsight::db::Db::connect(url)
        .await
        .map_err(|e| e.to_string())?;
    let rows = sqlx::query_as("SELECT id, text FROM retro_card WHERE retro_id = $1")
        .bind(retro)
        .fetch_all(db.pool())
        .await
        .map_err(|e| e.to_string());
    db.close().await;
    rows
}

// ---------------------------------------------------------------------------------------
// The report.

fn report(
    run: &Run,
    stored: Result<Vec<(i64, String)>, String>,
    failures: &BTreeMap<String, usize>,
) -> Summary {
    let acked: HashMap<i64, &Post> = run
        .posts
        .iter()
        .filter_map(|p| p.result.as_ref().ok().map(|&id| (id, p)))
        .collect();
    let mut refused: BTreeMap<&str, usize> = BTreeMap::new();
    for post in &run.posts {
        if let Err(why) = &post.result {
            *refused.entry(why).or_insert(0) += 1;
        }
    }

    if !run.sync_failures.is_empty() {
        println!("         streams that never synced:");
        for (why, n) in &run.sync_failures {
            println!("           {n} × {why}");
        }
    }
    let mut sync_times = run.sync_times.clone();
    sync_times.sort();
    if !sync_times.is_empty() {
        println!(
            "         time to sync per stream: p50 {}, max {}",
            ms(percentile(&sync_times, 50.0)),
            ms(percentile(&sync_times, 100.0))
        );
    }

    // Writes.
    let write_wall = run.writes_done - run.load_started;
    println!(
        "writes: {} cards posted by {} writers in {:.2} s ({:.0} acknowledged cards/s); \
         {} acknowledged (200 OK), {} failed, {} not sent before the {WRITE_DEADLINE:?} deadline",
        run.posts.len(),
        run.participants,
        write_wall.as_secs_f64(),
        acked.len() as f64 / write_wall.as_secs_f64(),
        acked.len(),
        run.posts.len() - acked.len(),
        run.not_sent
    );
    for (why, n) in &refused {
        println!("         {n} × {why}");
    }
    let mut post_times: Vec<Duration> = run.posts.iter().map(|p| p.answered - p.sent).collect();
    post_times.sort();
    println!(
        "         POST latency (sent → answer read): p50 {}, p90 {}, p99 {}, max {}",
        ms(percentile(&post_times, 50.0)),
        ms(percentile(&post_times, 90.0)),
        ms(percentile(&post_times, 99.0)),
        ms(percentile(&post_times, 100.0))
    );

    // Storage.
    let posted_texts: HashSet<&str> = run.posts.iter().map(|p| p.text.as_str()).collect();
    let (lost, duplicated) = match &stored {
        Ok(rows) => {
            let mut copies: HashMap<&str, usize> = HashMap::new();
            for (_, text) in rows {
                *copies.entry(text.as_str()).or_insert(0) += 1;
            }
            let duplicated: usize = copies.values().map(|&n| n.saturating_sub(1)).sum();
            // Every card a writer set out to write, sent or not, should be there.
            let lost = run
                .attempted_cards
                .saturating_sub(copies.keys().filter(|t| posted_texts.contains(*t)).count());
            let stored_ids: HashSet<i64> = rows.iter().map(|(id, _)| *id).collect();
            let acked_missing = acked.keys().filter(|id| !stored_ids.contains(id)).count();
            let unacked_stored = rows
                .iter()
                .filter(|(id, _)| !acked.contains_key(id))
                .count();
            let failed_but_stored = run
                .posts
                .iter()
                .filter(|p| p.result.is_err() && copies.contains_key(p.text.as_str()))
                .count();
            let strangers = copies.keys().filter(|t| !posted_texts.contains(*t)).count();
            println!(
                "stored: {} cards in retro_card for this retro ({} distinct texts); \
                 {acked_missing} acknowledged but not stored, {unacked_stored} stored without \
                 an acknowledgement ({failed_but_stored} of them answered with an error), \
                 {duplicated} duplicate copies, {strangers} texts nobody posted",
                rows.len(),
                copies.len()
            );
            (lost, duplicated)
        }
        Err(e) => {
            println!("stored: could not read the database: {e}");
            (run.attempted_cards, 0)
        }
    };

    // Delivery.
    let mut per_card: HashMap<i64, (Instant, Instant, usize)> = HashMap::new();
    let mut unknown = 0;
    for follower in &run.followers {
        for &(card, at) in &follower.arrivals {
            if !acked.contains_key(&card) {
                unknown += 1;
            }
            let entry = per_card.entry(card).or_insert((at, at, 0));
            entry.0 = entry.0.min(at);
            entry.1 = entry.1.max(at);
            entry.2 += 1;
        }
    }
    let readers = run.followers.len();
    let expected = acked.len() * run.participants;
    let received: usize = run
        .followers
        .iter()
        .map(|f| {
            f.arrivals
                .iter()
                .filter(|(c, _)| acked.contains_key(c))
                .count()
        })
        .sum();
    let duplicates: usize = run.followers.iter().map(|f| f.duplicates).sum();
    let lagged: usize = run.followers.iter().map(|f| f.lagged).sum();
    let missed: u64 = run.followers.iter().map(|f| f.missed).sum();
    let complete = run
        .followers
        .iter()
        .filter(|f| {
            f.arrivals
                .iter()
                .filter(|(c, _)| acked.contains_key(c))
                .count()
                == acked.len()
        })
        .count();
    let fewest = run
        .followers
        .iter()
        .map(|f| {
            f.arrivals
                .iter()
                .filter(|(c, _)| acked.contains_key(c))
                .count()
        })
        .min()
        .unwrap_or(0);
    println!(
        "events: {expected} card_added deliveries expected ({} acknowledged cards × {} participants), \
         {received} received, {} missing; {duplicates} duplicates, {unknown} for unacknowledged cards, \
         {lagged} lagged notices ({missed} events missed)",
        acked.len(),
        run.participants,
        expected - received
    );
    println!(
        "         participants with every card: {complete}/{}; fewest cards at one participant: \
         {fewest}; {}",
        run.participants,
        if run.waited_out {
            format!("gave up waiting {DELIVERY_WAIT:?} after the last POST answer")
        } else {
            format!(
                "all seen {:.2} s after the last POST answer",
                (run.delivery_done - run.writes_done).as_secs_f64()
            )
        }
    );
    let mut others: BTreeMap<&str, usize> = BTreeMap::new();
    for follower in &run.followers {
        for (kind, n) in &follower.others {
            *others.entry(kind).or_insert(0) += n;
        }
    }
    let unparsable: usize = run.followers.iter().map(|f| f.unparsable).sum();
    println!(
        "         other events: {}{}",
        if others.is_empty() {
            "none".to_owned()
        } else {
            others
                .iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        },
        if unparsable > 0 {
            format!("; {unparsable} unparsable")
        } else {
            String::new()
        }
    );
    let mut ended: BTreeMap<&str, usize> = BTreeMap::new();
    for follower in &run.followers {
        if let Some(why) = &follower.ended {
            *ended.entry(why).or_insert(0) += 1;
        }
    }
    for (why, n) in ended {
        println!("         {n} streams ended early: {why}");
    }

    // Latency: POST sent → the card's event at the last (and the first) participant, for
    // the cards every synced participant received.
    let mut to_all = Vec::new();
    let mut to_first = Vec::new();
    let mut last_arrival = run.load_started;
    for (card, post) in &acked {
        if let Some(&(first, last, count)) = per_card.get(card) {
            last_arrival = last_arrival.max(last);
            to_first.push(first.saturating_duration_since(post.sent));
            if count == readers {
                to_all.push(last.saturating_duration_since(post.sent));
            }
        }
    }
    to_all.sort();
    to_first.sort();
    println!(
        "latency, POST sent → card_added read at every participant ({} cards): \
         p50 {}, p90 {}, p99 {}, max {}",
        to_all.len(),
        ms(percentile(&to_all, 50.0)),
        ms(percentile(&to_all, 90.0)),
        ms(percentile(&to_all, 99.0)),
        ms(percentile(&to_all, 100.0))
    );
    println!(
        "         at the first participant: p50 {}, p99 {} (the rest is fan-out to the others)",
        ms(percentile(&to_first, 50.0)),
        ms(percentile(&to_first, 99.0))
    );
    let delivery_wall = last_arrival.saturating_duration_since(run.load_started);
    println!(
        "throughput: last event read {:.2} s after the first POST; {:.0} card events delivered/s",
        delivery_wall.as_secs_f64(),
        received as f64 / delivery_wall.as_secs_f64().max(1e-9)
    );

    // Resources.
    let load_wall = (run.delivery_done - run.load_started).as_secs_f64();
    let ticks = if run.ticks_known {
        format!("{} ticks/s from getconf", run.ticks)
    } else {
        "assuming 100 ticks/s (getconf CLK_TCK failed)".to_owned()
    };
    println!(
        "server: {:.2} CPU-seconds (user+system) over the {load_wall:.2} s of load = {:.2} cores \
         ({ticks}); peak RSS {:.1} MB (VmHWM), RSS at the end {:.1} MB",
        run.server_cpu_s,
        run.server_cpu_s / load_wall.max(1e-9),
        run.server_hwm_kb as f64 / 1024.0,
        run.server_rss_kb as f64 / 1024.0
    );
    println!(
        "client: {:.2} CPU-seconds over the same {load_wall:.2} s = {:.2} cores (load generator, same machine)",
        run.client_cpu_s,
        run.client_cpu_s / load_wall.max(1e-9)
    );
    // Other processes (a build, say) take cores from both and make the numbers worse.
    let others = (run.machine_cpu_s - run.server_cpu_s - run.client_cpu_s).max(0.0);
    println!(
        "machine: {:.2} cores busy in all over the load, {:.2} of them other processes",
        run.machine_cpu_s / load_wall.max(1e-9),
        others / load_wall.max(1e-9)
    );
    if !failures.is_empty() {
        println!("server log, failed requests:");
        for (why, n) in failures {
            println!("         {n} × {}", clip(why));
        }
    }

    let p99 = percentile(&to_all, 99.0);
    let all_delivered = !to_all.is_empty() && to_all.len() == acked.len();
    println!(
        "target: p99 < {} ms: {}{}",
        P99_TARGET.as_millis(),
        verdict(all_delivered && p99 < P99_TARGET),
        if all_delivered {
            ""
        } else {
            " (not every acknowledged card reached every participant)"
        }
    );
    println!(
        "lost or duplicated cards: {} ({lost} of {} never stored, {duplicated} duplicate copies); \
         card events lost at participants: {}",
        lost + duplicated,
        run.attempted_cards,
        expected - received
    );
    Summary {
        setup: Duration::ZERO,
        expected,
        received,
        lost_or_duplicated: lost + duplicated,
        delivery: [percentile(&to_all, 50.0), p99],
        post: [percentile(&post_times, 50.0), percentile(&post_times, 99.0)],
        acknowledged_per_s: acked.len() as f64 / write_wall.as_secs_f64().max(1e-9),
        server_cpu_s: run.server_cpu_s,
        server_cores: run.server_cpu_s / load_wall.max(1e-9),
        server_hwm_kb: run.server_hwm_kb,
    }
}

/// Nearest-rank percentile of sorted durations; zero when there are none.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0 * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
