//! The `hindsight` command: serve the app, migrate, manage users and teams, back up.

use std::io::BufRead;
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use hindsight::accounts::teams::{self, NewTeam};
use hindsight::accounts::{self, NewUser};
use hindsight::config::{
    BackupArgs, Cli, Command, DatabaseArgs, ImportArgs, ServeConfig, TeamCommand, TokenCommand,
    UserCommand,
};
use hindsight::db::Db;
use hindsight::{AppState, demo};

/// A failure with a sentence for the operator saying what went wrong and what to do.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(error: E) -> Failure {
        Failure(error.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("HINDSIGHT_LOG")
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr);
    if cli.log_format == "json" {
        logs.json().with_current_span(true).init();
    } else {
        // Colour codes help in a terminal and clutter a log file.
        logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Serve(config) => serve(config).await,
        Command::Migrate(database) => {
            open(&database).await?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::User(UserCommand::Create {
            database,
            email,
            name,
            admin,
            password_stdin: _,
        }) => {
            let db = open(&database).await?;
            let password = read_password_from_stdin()?;
            let user = NewUser::parse(&email, &name, admin)?;
            let id = accounts::create_user(&db, None, &user, password).await?;
            println!(
                "Created user {} ({}) with id {}.",
                user.display_name, user.email, id.0
            );
            Ok(())
        }
        Command::Team(TeamCommand::Create {
            database,
            slug,
            name,
        }) => {
            let db = open(&database).await?;
            let team = teams::create_team(&db, None, &NewTeam::parse(&slug, &name)?).await?;
            println!("Created team {} ({}).", team.name, team.slug);
            Ok(())
        }
        Command::Team(TeamCommand::AddMember {
            database,
            team,
            email,
            role,
        }) => {
            let db = open(&database).await?;
            let found = teams::find_team_by_slug(db.pool(), &team)
                .await?
                .ok_or_else(|| {
                    Failure(format!(
                        "no team has the short name {team:?}; `hindsight team create` makes one"
                    ))
                })?;
            let user = teams::add_member(&db, None, &found, &email, role).await?;
            println!(
                "{} is now {} of {}.",
                user.email,
                role.with_article(),
                found.slug
            );
            Ok(())
        }
        Command::Import(args) => import(args).await,
        Command::Token(TokenCommand::Create {
            database,
            email,
            name,
        }) => {
            let db = open(&database).await?;
            let user = accounts::find_user_by_email(db.pool(), &email)
                .await?
                .ok_or_else(|| {
                    Failure(format!(
                        "no account uses {email}; `hindsight user create` makes one"
                    ))
                })?;
            let (_, secret) = hindsight::api::tokens::create_token(&db, user.id, &name).await?;
            println!("{secret}");
            Ok(())
        }
        Command::Backup(BackupArgs { database, path }) => {
            let db = open(&database).await?;
            db.backup_to(&path).await?;
            println!("Backed up to {}.", path.display());
            Ok(())
        }
        Command::Health { url } => {
            let client = reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(5))
                .build()?;
            let address = format!("{}/readyz", url.trim_end_matches('/'));
            let response = client
                .get(&address)
                .send()
                .await
                .map_err(|e| Failure(format!("{address} did not answer: {e}")))?;
            if response.status().is_success() {
                println!("ready");
                Ok(())
            } else {
                Err(Failure(format!("{address} answered {}", response.status())))
            }
        }
        Command::CopyData(args) => {
            if args.from == args.to {
                return Err(Failure("--from and --to name the same database".into()));
            }
            let from = Db::connect(&args.from).await?;
            // The source must be at the same schema version as the target will be.
            from.migrate()
                .await
                .map_err(|e| Failure(format!("could not migrate the source database: {e}")))?;
            let to = Db::connect(&args.to).await?;
            to.migrate()
                .await
                .map_err(|e| Failure(format!("could not migrate the target database: {e}")))?;
            let copied = hindsight::copy::copy_data(&from, &to).await?;
            let total: i64 = copied.iter().map(|(_, n)| n).sum();
            for (table, rows) in &copied {
                println!("{table}: {rows}");
            }
            println!(
                "Copied {total} rows in {} tables; the counts match.",
                copied.len()
            );
            Ok(())
        }
    }
}

async fn import(args: ImportArgs) -> Result<(), Failure> {
    let db = open(&args.database).await?;
    let team = teams::find_team_by_slug(db.pool(), &args.team)
        .await?
        .ok_or_else(|| {
            Failure(format!(
                "no team has the short name {:?}; `hindsight team create` makes one",
                args.team
            ))
        })?;
    let (format, options) =
        hindsight::api::routes::import_options(Some(&args.format), args.timezone.as_deref())
            .map_err(|e| Failure(e.message()))?;
    let path = args.path.clone();
    let parsed = tokio::task::spawn_blocking(move || -> Result<_, Failure> {
        let shown = path.display().to_string();
        if path.is_dir() {
            let files = read_folder(&path)?;
            hindsight::import::slack::parse_files(files, &options)
                .map_err(|e| Failure(format!("{shown}: {e}")))
        } else {
            let bytes = std::fs::read(&path)
                .map_err(|e| Failure(format!("could not read {shown}: {e}")))?;
            hindsight::import::parse(&bytes, format, &options)
                .map_err(|e| Failure(format!("{shown}: {e}")))
        }
    })
    .await??;
    let outcome =
        hindsight::import::apply::import_timeline(&db, team.id, None, &parsed, args.dry_run)
            .await?;
    println!("{}", serde_json::to_string(&outcome)?);
    Ok(())
}

/// Every file below `root`, as (path relative to it, contents): an unzipped export.
fn read_folder(root: &std::path::Path) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)
            .map_err(|e| Failure(format!("could not read {}: {e}", folder.display())))?
        {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((relative, std::fs::read(&path)?));
            }
        }
    }
    Ok(files)
}

/// Opens the database and brings its schema up to date.
async fn open(database: &DatabaseArgs) -> Result<Db, Failure> {
    let db = Db::connect_with(&database.database_url, database.pool_options()).await?;
    db.migrate()
        .await
        .map_err(|e| Failure(format!("could not migrate the database: {e}")))?;
    Ok(db)
}

fn read_password_from_stdin() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        Failure(format!(
            "could not read the password from standard input: {e}"
        ))
    })?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(Failure(
            "no password on standard input; pipe one in, e.g. `echo 'a long passphrase' | hindsight user create …`".into(),
        ));
    }
    Ok(password)
}

async fn serve(config: ServeConfig) -> Result<(), Failure> {
    let db = open(&config.database).await?;
    let state = AppState::new(db.clone(), config.settings());
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| Failure(format!("could not listen on {}: {e}; is another program using it? Try --bind 127.0.0.1:PORT", config.bind)))?;
    let address = listener.local_addr()?;
    let base = base_url(address);
    if config.demo {
        demo::ensure_demo_data(&db).await?;
        println!(
            "Demo data ready. Sign in at {base}/login as {} with password {}",
            demo::DEMO_EMAIL,
            demo::DEMO_PASSWORD
        );
    } else if let Some(token) = state.open_setup().await? {
        println!("No users yet. Create the first administrator at {base}/setup?token={token}");
    }
    if db.backend() == hindsight::db::Backend::Postgres {
        // Other instances may serve the same meetings: share live events with them.
        hindsight::retros::relay::start(
            &db,
            &config.database.database_url,
            &state.live,
            &state.public,
        )
        .await
        .map_err(|e| {
            Failure(format!(
                "could not listen for live events in PostgreSQL: {e}"
            ))
        })?;
    }
    let public_url = config.public_url.clone().unwrap_or_else(|| base.clone());
    hindsight::actions::reminders::spawn_job(
        db.clone(),
        public_url.trim_end_matches('/').to_owned(),
        std::time::Duration::from_secs(config.reminder_interval_seconds),
        state.mail.clone(),
    );
    hindsight::email::worker::spawn_worker(&state)
        .map_err(|e| Failure(format!("cannot send email: {e}")))?;
    println!("Hindsight listening on {base}");
    hindsight::serve(listener, state, shutdown_signal()).await?;
    db.close().await;
    Ok(())
}

/// How to reach a listening address from this machine.
fn base_url(address: SocketAddr) -> String {
    let host = match address {
        SocketAddr::V4(v4) if v4.ip().is_unspecified() => "127.0.0.1".to_owned(),
        SocketAddr::V4(v4) => v4.ip().to_string(),
        SocketAddr::V6(v6) if v6.ip().is_unspecified() => "[::1]".to_owned(),
        SocketAddr::V6(v6) => format!("[{}]", v6.ip()),
    };
    format!("http://{host}:{}", address.port())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "could not listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
