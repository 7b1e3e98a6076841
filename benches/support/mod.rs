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
