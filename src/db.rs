//! The database pool (SQLite by default, PostgreSQL for scale-out), migrations, and the
//! few helpers every domain shares: time conversion, write transactions, constraint errors.
//!
//! Everything backend-specific lives here; the domains write portable SQL only.

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyConnection, AnyPool, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Which database server sits behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The shared connection pool. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite allows one writer at a time. A transaction that reads first and writes later
    /// cannot wait for the lock (SQLite answers "database is locked" at once to avoid a
    /// deadlock), so in-process writers queue here instead. PostgreSQL needs no such lock.
    write_lock: Arc<Mutex<()>>,
}

/// A write transaction. On SQLite it also holds the process-wide write lock until it
/// commits or is dropped (which rolls back).
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    _write_lock: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// What went wrong while opening the database, in words an operator can act on.
#[derive(Debug)]
pub struct ConnectError(pub String);

/// How many connections a pool keeps, and how long a request waits for one.
#[derive(Clone, Copy, Debug)]
pub struct PoolOptions {
    /// `None`: 8 for SQLite, 10 for PostgreSQL.
    pub size: Option<u32>,
    pub timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> PoolOptions {
        PoolOptions {
            size: None,
            timeout: Duration::from_secs(30),
        }
    }
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConnectError {}

impl Db {
    /// Opens the pool for `url` (`sqlite://file.db` or `postgres://…`). A missing SQLite
    /// file is created.
    pub async fn connect(url: &str) -> Result<Db, ConnectError> {
        Db::connect_with(url, PoolOptions::default()).await
    }

    /// Opens the pool for `url` with a chosen size and timeout.
    pub async fn connect_with(url: &str, pool: PoolOptions) -> Result<Db, ConnectError> {
        sqlx::any::install_default_drivers();
        let backend = backend_of(url)?;
        let url = match backend {
            Backend::Sqlite => sqlite_url_creating_file(url),
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)
            .map_err(|e| ConnectError(format!("the database URL {url:?} is not valid: {e}")))?;
        let pool = AnyPoolOptions::new()
            .max_connections(pool.size.unwrap_or(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 10,
            }))
            .acquire_timeout(pool.timeout)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the writer; the busy timeout covers
                        // writers from other processes (the CLI beside a running server).
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;
                             PRAGMA cache_size = -32768;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| ConnectError(format!("could not open the database {url:?}: {e}")))?;
        Ok(Db {
            pool,
            backend,
            write_lock: Arc::new(Mutex::new(())),
        })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await,
        }
    }

    /// Starts a transaction for writing. Every multi-statement write goes through here.
    pub async fn begin(&self) -> Result<WriteTx, sqlx::Error> {
        let write_lock = match self.backend {
            Backend::Sqlite => Some(self.write_lock.clone().lock_owned().await),
            Backend::Postgres => None,
        };
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Sqlite {
            // Take SQLite's write lock now, as BEGIN IMMEDIATE would: a transaction that
            // reads first and writes later fails at once ("database is locked") if any
            // other connection wrote in between, while this write waits its turn under
            // the busy timeout. A no-op UPDATE on a table every database has does it.
            sqlx::query("UPDATE app_user SET id = id WHERE 0")
                .execute(&mut *tx)
                .await?;
        }
        Ok(WriteTx {
            tx,
            _write_lock: write_lock,
        })
    }

    /// Answers whether the database responds.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Writes a consistent copy of a live SQLite database to `target`, which must not exist.
    pub async fn backup_to(&self, target: &Path) -> Result<(), ConnectError> {
        if self.backend != Backend::Sqlite {
            return Err(ConnectError(
                "backup copies SQLite databases; for PostgreSQL use pg_dump".into(),
            ));
        }
        if target.exists() {
            return Err(ConnectError(format!(
                "{} already exists; choose a new file name so no backup is overwritten",
                target.display()
            )));
        }
        let target_text = target
            .to_str()
            .ok_or_else(|| ConnectError("the backup path must be valid UTF-8".into()))?;
        // VACUUM INTO writes a transactionally consistent snapshot while others keep writing.
        sqlx::query("VACUUM INTO $1")
            .bind(target_text)
            .execute(&self.pool)
            .await
            .map_err(|e| ConnectError(format!("backup to {target_text} failed: {e}")))?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn backend_of(url: &str) -> Result<Backend, ConnectError> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(ConnectError(format!(
            "the database URL {url:?} is not supported; use sqlite://FILE or postgres://…"
        )))
    }
}

/// sqlx opens SQLite files read-write but refuses to create them unless asked to.
fn sqlite_url_creating_file(url: &str) -> String {
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// A FROM-clause source that yields one row per element of the JSON array bound at
/// `param` (e.g. `$2`), each in a column named `value`. Bulk inserts bind one JSON text
/// instead of thousands of parameters; only the function's name differs per backend.
pub fn json_array_rows(backend: Backend, param: &str) -> String {
    match backend {
        Backend::Sqlite => format!("json_each({param})"),
        Backend::Postgres => format!("json_array_elements(CAST({param} AS json))"),
    }
}

/// True when the error is a unique-constraint violation (e.g. an email already taken).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|e| e.is_unique_violation())
}

/// Now, as stored: UTC Unix milliseconds.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// A stored time back as a `DateTime`. Out-of-range values clamp to the epoch rather
/// than fail: they can only come from a hand-edited database.
pub fn time_from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// Reads an INTEGER 0/1 column as a bool (the Any driver decodes no booleans).
pub fn flag(value: i64) -> bool {
    value != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_create_the_file_unless_a_mode_is_given() {
        assert_eq!(
            sqlite_url_creating_file("sqlite://h.db"),
            "sqlite://h.db?mode=rwc"
        );
        assert_eq!(
            sqlite_url_creating_file("sqlite://h.db?cache=shared"),
            "sqlite://h.db?cache=shared&mode=rwc"
        );
        assert_eq!(
            sqlite_url_creating_file("sqlite://h.db?mode=ro"),
            "sqlite://h.db?mode=ro"
        );
    }

    #[test]
    fn unknown_schemes_are_refused_with_advice() {
        let error = backend_of("mysql://x").unwrap_err();
        assert!(error.0.contains("sqlite://"));
    }
}
