//! Import throughput: a generated 100,000-row CSV and a 100,000-message Slack export,
//! each imported by the release `hindsight import` as a child process, timed beside the
//! `sqlite3` command-line tool's `.import` of the same rows in the same run. Two floors:
//! a bare table of four text columns (what `.import` does with the CSV as it is), and an
//! equivalent table — `timeline_entry`'s columns, constraints and indexes, filled with
//! the values Hindsight stores. Prints times, ratios to both floors, and peak RSS.
//!
//! Run: `cargo bench --bench import` (needs `sqlite3` on the PATH for the floor).
//! Set HINDSIGHT_BENCH_ROWS to change the size.

#[path = "support/mod.rs"]
mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::verdict;

const DEFAULT_ROWS: usize = 100_000;
const RSS_TARGET_MB: f64 = 256.0;
const RATIO_TARGET: f64 = 5.0;

fn main() {
    let rows = std::env::var("HINDSIGHT_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_ROWS);
    let dir = tempfile::tempdir().expect("temp dir");
    let csv_path = dir.path().join("timeline.csv");
    write_csv(&csv_path, rows);
    let slack_path = dir.path().join("export.zip");
    write_slack_zip(&slack_path, rows);

    println!("import benchmark: {rows} rows, release build, one run each");
    let bare_floor = sqlite_bare_floor(dir.path(), &csv_path);
    let equivalent_floor = sqlite_equivalent_floor(dir.path(), rows);
    for (label, path) in [("CSV", &csv_path), ("Slack zip", &slack_path)] {
        let database = dir.path().join(format!("{}.db", label.replace(' ', "-")));
        let url = format!("sqlite://{}", database.display());
        let setup = hindsight(&[
            "team",
            "create",
            "--slug",
            "bench",
            "--name",
            "Bench",
            "--database-url",
            &url,
        ]);
        assert!(setup.status.success(), "team create failed");
        let (elapsed, peak_kb, output) = measure(
            Command::new(env!("CARGO_BIN_EXE_hindsight"))
                .args(["import", "--team", "bench", "--database-url", &url])
                .arg(path),
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            println!(
                "{label:>10}: import failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
            continue;
        }
        let peak_mb = peak_kb as f64 / 1024.0;
        print!(
            "{label:>10}: {:>8.2} s, peak RSS {peak_mb:>6.1} MB",
            elapsed.as_secs_f64()
        );
        println!();
        for (name, floor) in [
            ("bare-table", bare_floor),
            ("equivalent-table", equivalent_floor),
        ] {
            match floor {
                Some(floor) => println!(
                    "{:>10}  {:.2}× the {name} floor",
                    "",
                    elapsed.as_secs_f64() / floor.as_secs_f64()
                ),
                None => println!("{:>10}  no {name} floor (sqlite3 missing or failed)", ""),
            }
        }
        let ratio = equivalent_floor.map(|floor| elapsed.as_secs_f64() / floor.as_secs_f64());
        println!(
            "{:>10}  targets: ≤ {RATIO_TARGET}× the equivalent-table floor: {}; peak RSS < {RSS_TARGET_MB} MB: {}",
            "",
            ratio.map_or("unknown", |r| verdict(r <= RATIO_TARGET)),
            verdict(peak_mb < RSS_TARGET_MB)
        );
        println!("{:>10}  {}", "", stdout.trim());
    }
}

fn hindsight(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(args)
        .output()
        .expect("run hindsight")
}

/// `.import` of the benchmark CSV as it is, into a table of four text columns.
fn sqlite_bare_floor(dir: &Path, csv: &Path) -> Option<Duration> {
    let script = format!(
        "CREATE TABLE timeline_entry (occurred_at TEXT, actor TEXT, kind TEXT, text TEXT);\n.mode csv\n.import --skip 1 {} timeline_entry\n",
        csv.display()
    );
    run_sqlite("a bare table", &dir.join("bare-floor.db"), &script)
}

/// `.import` of the rows Hindsight stores into a table like `timeline_entry`: the same
/// columns, CHECK and UNIQUE constraints and indexes, in WAL mode like the app. `.import`
/// cannot leave the id to SQLite, so rows pass through a staging table.
fn sqlite_equivalent_floor(dir: &Path, rows: usize) -> Option<Duration> {
    let stored = dir.join("stored-rows.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&stored).ok()?);
    let start_ms = 1_477_046_400_000i64;
    for i in 0..rows {
        let occurred_at = chrono::DateTime::from_timestamp_millis(start_ms + i as i64 * 1000)?;
        let text = message_text(i);
        let source_ref = hindsight::import::content_ref(occurred_at, Some(ACTORS[i % 5]), &text);
        writeln!(
            out,
            "1,{},{},{},\"{}\",internal,{source_ref},0,{start_ms},{start_ms}",
            occurred_at.timestamp_millis(),
            KINDS[i % 4],
            ACTORS[i % 5],
            text.replace('"', "\"\"")
        )
        .ok()?;
    }
    out.flush().ok()?;
    drop(out);
    let script = format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
CREATE TABLE timeline_entry (
    id INTEGER PRIMARY KEY, incident_id INTEGER NOT NULL, occurred_at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('alert', 'detection', 'action', 'decision', 'observation',
        'escalation', 'communication', 'resolution', 'note')),
    actor TEXT, text TEXT NOT NULL, visibility TEXT NOT NULL CHECK (visibility IN ('internal', 'public')),
    source_ref TEXT NOT NULL, is_key_moment INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL, UNIQUE (incident_id, source_ref));
CREATE INDEX timeline_entry_incident_time ON timeline_entry (incident_id, occurred_at, id);
CREATE TEMP TABLE staging (incident_id, occurred_at, kind, actor, text, visibility, source_ref,
    is_key_moment, created_at, updated_at);
.mode csv
.import {} staging
BEGIN;
INSERT INTO timeline_entry (incident_id, occurred_at, kind, actor, text, visibility, source_ref,
    is_key_moment, created_at, updated_at)
SELECT incident_id, occurred_at, kind, actor, text, visibility, source_ref, is_key_moment,
    created_at, updated_at FROM staging;
COMMIT;
",
        stored.display()
    );
    run_sqlite(
        "equivalent table",
        &dir.join("equivalent-floor.db"),
        &script,
    )
}

fn run_sqlite(name: &str, database: &Path, script: &str) -> Option<Duration> {
    let mut child = Command::new("sqlite3")
        .arg(database)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let started = Instant::now();
    child.stdin.take()?.write_all(script.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    let elapsed = started.elapsed();
    if !output.status.success() || !output.stderr.is_empty() {
        println!(
            "sqlite3 ({name}) failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    }
    println!(
        "{:>10}: {:>8.2} s (sqlite3 .import into {name}: a floor)",
        "sqlite3",
        elapsed.as_secs_f64()
    );
    Some(elapsed)
}

/// Runs the command, polling its peak resident memory (VmHWM only grows, so the last
/// reading before exit is the peak to within one poll).
fn measure(command: &mut Command) -> (Duration, u64, std::process::Output) {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path)
            && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kb = line
                .split_whitespace()
                .nth(1)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            peak_kb = peak_kb.max(kb);
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let elapsed = started.elapsed();
    let output = child.wait_with_output().expect("output");
    (elapsed, peak_kb, output)
}

const ACTORS: [&str; 5] = ["Ana", "Ben", "Chloé", "민준", "Monitoring"];
const KINDS: [&str; 4] = ["note", "action", "observation", "communication"];

fn message_text(i: usize) -> String {
    format!(
        "Step {i}: checked replica lag on db-{} and posted \"status, ok\" — 진행 중 🚧",
        i % 17
    )
}

fn write_csv(path: &Path, rows: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("csv"));
    writeln!(out, "time,actor,kind,text").expect("write");
    let start = 1_477_046_400; // 2016-10-21T10:40:00Z
    for i in 0..rows {
        let time = chrono::DateTime::from_timestamp(start + i as i64, 0).expect("time");
        let text = message_text(i).replace('"', "\"\"");
        writeln!(
            out,
            "{},{},{},\"{text}\"",
            time.to_rfc3339(),
            ACTORS[i % 5],
            KINDS[i % 4]
        )
        .expect("write");
    }
}

/// A Slack export: users.json, channels.json and one file per day in the channel folder.
fn write_slack_zip(path: &Path, messages: usize) {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("zip"));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let users: Vec<_> = ACTORS
        .iter()
        .enumerate()
        .map(|(i, name)| serde_json::json!({"id": format!("U{i:04}"), "name": name.to_lowercase(), "real_name": name, "profile": {"display_name": name, "real_name": name}}))
        .collect();
    zip.start_file("users.json", options).expect("zip");
    zip.write_all(serde_json::to_string(&users).expect("json").as_bytes())
        .expect("zip");
    zip.start_file("channels.json", options).expect("zip");
    zip.write_all(br#"[{"id": "C0BENCH", "name": "incident-bench", "created": 1477046400, "purpose": {"value": "Benchmark incident"}}]"#)
        .expect("zip");
    let start = 1_477_046_400i64;
    let per_day = 20_000;
    for (day, chunk) in (0..messages)
        .collect::<Vec<_>>()
        .chunks(per_day)
        .enumerate()
    {
        let date = chrono::DateTime::from_timestamp(start + day as i64 * 86_400, 0).expect("date");
        let day_messages: Vec<_> = chunk
            .iter()
            .map(|&i| {
                let ts = format!("{}.{:06}", start + day as i64 * 86_400 + (i % per_day) as i64, i % 1_000_000);
                serde_json::json!({"type": "message", "user": format!("U{:04}", i % 5), "text": message_text(i), "ts": ts})
            })
            .collect();
        zip.start_file(
            format!("incident-bench/{}.json", date.format("%Y-%m-%d")),
            options,
        )
        .expect("zip");
        zip.write_all(
            serde_json::to_string(&day_messages)
                .expect("json")
                .as_bytes(),
        )
        .expect("zip");
    }
    zip.finish().expect("zip");
}
