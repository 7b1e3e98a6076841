//! Command-line flags and their `HINDSIGHT_*` environment variables. Each `///` line is
//! the flag's `--help` text.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::Settings;
use crate::accounts::sessions::SessionLimits;
use crate::accounts::teams::TeamRole;

#[derive(Parser, Debug)]
#[command(
    name = "hindsight",
    version,
    about = "Post-incident timelines, blameless retrospectives and public reviews"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// How log lines are written to standard error: `pretty` for people, `json` (one
    /// object per line) for log collectors. The filter is HINDSIGHT_LOG.
    #[arg(long, global = true, env = "HINDSIGHT_LOG_FORMAT", default_value = "pretty", value_parser = ["pretty", "json"])]
    pub log_format: String,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the web app (runs pending migrations first).
    Serve(ServeConfig),
    /// Apply pending database migrations and exit.
    Migrate(DatabaseArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage teams and their members.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Write a consistent copy of the SQLite database while it is in use.
    Backup(BackupArgs),
    /// Import a finished incident timeline (prints one JSON object).
    Import(ImportArgs),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Copy everything (but sign-in sessions) into a new, empty database, such as from
    /// SQLite to PostgreSQL. Stop the instances using the source first.
    CopyData(CopyDataArgs),
    /// Ask a running instance whether it is ready (for container health checks); exits
    /// 0 when `/readyz` answers 200.
    Health {
        /// The instance's address.
        #[arg(
            long,
            env = "HINDSIGHT_HEALTH_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        url: String,
    },
}

#[derive(Args, Debug)]
pub struct CopyDataArgs {
    /// The database to copy from (sqlite://FILE or postgres://…).
    #[arg(long)]
    pub from: String,
    /// The database to copy into; it is migrated first and must have no data.
    #[arg(long)]
    pub to: String,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The team's short name.
    #[arg(long)]
    pub team: String,
    /// auto, native, csv, markdown, statuspage, pagerduty or slack.
    #[arg(long, default_value = "auto")]
    pub format: String,
    /// IANA time zone for times written without one, e.g. Europe/Berlin.
    #[arg(long)]
    pub timezone: Option<String>,
    /// Show what would be imported without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// The export: a file, or a Slack export folder.
    pub path: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API token for a user and print it (it is shown only once).
    Create {
        #[command(flatten)]
        database: DatabaseArgs,
        /// The user's email.
        #[arg(long)]
        email: String,
        /// What the token is for, e.g. "CI importer".
        #[arg(long)]
        name: String,
    },
}

#[derive(Args, Debug, Clone)]
pub struct DatabaseArgs {
    /// Database URL: sqlite://FILE (created if missing) or postgres://…
    #[arg(
        long,
        env = "HINDSIGHT_DATABASE_URL",
        default_value = "sqlite://hindsight.db"
    )]
    pub database_url: String,
    /// Most database connections open at once (default 8 for SQLite, 10 for PostgreSQL).
    #[arg(long, env = "HINDSIGHT_DATABASE_POOL_SIZE", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub database_pool_size: Option<u32>,
    /// Seconds to wait for a free connection (or, for PostgreSQL, to connect) before
    /// answering with an error.
    #[arg(long, env = "HINDSIGHT_DATABASE_TIMEOUT_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub database_timeout_seconds: u64,
}

impl DatabaseArgs {
    pub fn pool_options(&self) -> crate::db::PoolOptions {
        crate::db::PoolOptions {
            size: self.database_pool_size,
            timeout: std::time::Duration::from_secs(self.database_timeout_seconds),
        }
    }
}

#[derive(Args, Debug)]
pub struct ServeConfig {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Address to listen on.
    #[arg(long, env = "HINDSIGHT_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Create a demo team and administrator (demo@example.com) and print the login.
    #[arg(long, env = "HINDSIGHT_DEMO")]
    pub demo: bool,
    /// Mark cookies Secure; set this when users reach Hindsight over HTTPS.
    #[arg(long, env = "HINDSIGHT_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "HINDSIGHT_SESSION_IDLE_MINUTES", default_value_t = 720, value_parser = clap::value_parser!(u32).range(1..))]
    pub session_idle_minutes: u32,
    /// Hours after sign-in after which a session ends, however active.
    #[arg(long, env = "HINDSIGHT_SESSION_MAX_HOURS", default_value_t = 168, value_parser = clap::value_parser!(u32).range(1..))]
    pub session_max_hours: u32,
    /// Largest import upload accepted, in megabytes.
    #[arg(long, env = "HINDSIGHT_MAX_UPLOAD_MB", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub max_upload_mb: u32,
    /// Seconds between reminder sweeps and webhook deliveries.
    #[arg(long, env = "HINDSIGHT_REMINDER_INTERVAL_SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub reminder_interval_seconds: u64,
    /// The address people reach Hindsight at (for links in notifications), such as
    /// https://hindsight.example.com; defaults to the address it listens on.
    #[arg(long, env = "HINDSIGHT_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// A secret that `/metrics` asks for (`Authorization: Bearer …`); without it the
    /// metrics are open to anyone who can reach the port.
    #[arg(long, env = "HINDSIGHT_METRICS_TOKEN")]
    pub metrics_token: Option<String>,
    /// Most API requests one user may make in a minute (then 429 with Retry-After).
    #[arg(long, env = "HINDSIGHT_API_REQUESTS_PER_MINUTE", default_value_t = 600, value_parser = clap::value_parser!(u32).range(1..))]
    pub api_requests_per_minute: u32,
    /// Seconds a request may take to be answered (streams excepted) and a client may take
    /// to send its body; slower ones get 408.
    #[arg(long, env = "HINDSIGHT_REQUEST_TIMEOUT_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_seconds: u64,
    /// SMTP server for email (readers' subscriptions to the public reviews, action item
    /// reminders): smtp://host:25, smtp://user:password@host:587?tls=required (STARTTLS)
    /// or smtps://user:password@host:465. Without it Hindsight sends no email. Needs
    /// --mail-from and --public-url.
    #[arg(long, env = "HINDSIGHT_SMTP_URL", hide_env_values = true, requires_all = ["mail_from", "public_url"])]
    pub smtp_url: Option<crate::email::SmtpUrl>,
    /// The sender of every email, such as "Status <noreply@example.com>".
    #[arg(long, env = "HINDSIGHT_MAIL_FROM", value_parser = crate::email::parse_mailbox)]
    pub mail_from: Option<lettre::message::Mailbox>,
}

impl ServeConfig {
    pub fn settings(&self) -> Settings {
        Settings {
            secure_cookies: self.secure_cookies,
            session_limits: SessionLimits {
                idle_ms: i64::from(self.session_idle_minutes) * 60 * 1000,
                absolute_ms: i64::from(self.session_max_hours) * 60 * 60 * 1000,
            },
            max_upload_bytes: self.max_upload_mb as usize * 1024 * 1024,
            public_url: self
                .public_url
                .as_deref()
                .map(|url| url.trim_end_matches('/').to_owned()),
            metrics_token: self.metrics_token.clone().filter(|t| !t.is_empty()),
            api_requests_per_minute: self.api_requests_per_minute,
            request_timeout: std::time::Duration::from_secs(self.request_timeout_seconds),
            email: match (&self.smtp_url, &self.mail_from) {
                (Some(url), Some(from)) => {
                    Some(crate::email::EmailSettings::new(url.clone(), from.clone()))
                }
                _ => None,
            },
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user; the password is read from standard input.
    Create {
        #[command(flatten)]
        database: DatabaseArgs,
        /// Email address, used to sign in.
        #[arg(long)]
        email: String,
        /// Name shown to others.
        #[arg(long)]
        name: String,
        /// Make the user an instance administrator.
        #[arg(long)]
        admin: bool,
        /// Read the password from standard input (one line). Required: passwords never
        /// go on the command line, where other users of the machine could see them.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TeamCommand {
    /// Create a team.
    Create {
        #[command(flatten)]
        database: DatabaseArgs,
        /// Short name used in addresses, such as payments-sre.
        #[arg(long)]
        slug: String,
        /// Display name.
        #[arg(long)]
        name: String,
    },
    /// Add a user to a team, or change their role in it.
    AddMember {
        #[command(flatten)]
        database: DatabaseArgs,
        /// The team's short name.
        #[arg(long)]
        team: String,
        /// The user's email.
        #[arg(long)]
        email: String,
        /// owner, member or viewer.
        #[arg(long, value_enum)]
        role: TeamRole,
    },
}

#[derive(Args, Debug)]
pub struct BackupArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Where to write the copy; the file must not exist yet.
    pub path: PathBuf,
}
