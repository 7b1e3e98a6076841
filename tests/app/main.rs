//! Integration tests: the real app on a random port, a real SQLite file, real HTTP.

#[path = "../common/mod.rs"]
mod common;

mod accounts;
mod actions;
mod authz;
mod cli;
mod copy;
mod hardening;
mod imports;
mod instances;
mod incidents;
mod openapi;
mod retros;
mod schema;
mod reviews;
mod security;
mod teams;
