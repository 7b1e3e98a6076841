//! Reliability suites: the real `hindsight` binary as a child process on SQLite files in
//! temporary folders, killed mid-write, loaded by a hundred clients, backed up while
//! busy. They take minutes, so they run only with `HINDSIGHT_RELIABILITY=1`:
//!
//! ```text
//! HINDSIGHT_RELIABILITY=1 cargo test --test reliability -- --nocapture
//! ```
//!
//! Each prints its figures. `HINDSIGHT_RELIABILITY_SEED` replays a run's random choices;
//! `HINDSIGHT_RELIABILITY_KILLS`, `_IMPORT_ENTRIES`, `_CLIENTS` and `_WRITES` change the
//! loads.

mod backup;
mod concurrency;
mod crash;
mod support;
