//! Integration tests: the real app on a random port, a real SQLite file, real HTTP.

#[path = "../common/mod.rs"]
mod common;

mod accounts;
mod actions;
mod authz;
mod cli;
mod copy;
mod email;
mod hardening;
mod imports;
mod incidents;
mod instances;
mod languages;
mod openapi;
mod retro_languages;
mod retros;
mod review_translations;
mod reviews;
mod schema;
mod security;
mod teams;
