//! Sign-in throttling, per account and per client address, kept in the database so every
//! app instance counts the same failures.

use sqlx::AnyExecutor;

use crate::db::WriteTx;
use crate::error::AppError;

const WINDOW_MS: i64 = 15 * 60 * 1000;
/// Failed attempts allowed in the window before an account is held back.
pub const ACCOUNT_LIMIT: i64 = 5;
/// A client address may try more (an office shares one address), but not endlessly.
pub const CLIENT_LIMIT: i64 = 30;

#[derive(Clone, Copy)]
enum Scope {
    Account,
    Client,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Client => "client",
        }
    }
}

/// Refuses with 429 and the wait when either the account or the client address has used
/// up its failed attempts.
pub async fn check_sign_in_allowed(
    db: &sqlx::AnyPool,
    email: &str,
    client: &str,
    now: i64,
) -> Result<(), AppError> {
    let waits = [
        wait_ms(db, Scope::Account, email, ACCOUNT_LIMIT, now).await?,
        wait_ms(db, Scope::Client, client, CLIENT_LIMIT, now).await?,
    ];
    match waits.into_iter().flatten().max() {
        None => Ok(()),
        Some(wait) => {
            let retry_after_s = u64::try_from((wait + 999) / 1000).unwrap_or(1).max(1);
            let minutes = retry_after_s.div_ceil(60);
            Err(AppError::TooManyRequests {
                message: crate::t!("login-error-throttled", minutes = minutes),
                retry_after_s,
            })
        }
    }
}

async fn wait_ms(
    db: impl AnyExecutor<'_>,
    scope: Scope,
    subject: &str,
    limit: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let recent: Vec<(i64,)> = sqlx::query_as(
        "SELECT failed_at FROM login_failure
         WHERE scope = $1 AND subject = $2 AND failed_at > $3
         ORDER BY failed_at DESC LIMIT $4",
    )
    .bind(scope.as_str())
    .bind(subject)
    .bind(now - WINDOW_MS)
    .bind(limit)
    .fetch_all(db)
    .await?;
    if (recent.len() as i64) < limit {
        return Ok(None);
    }
    // Allowed again once the oldest of the last `limit` failures leaves the window.
    Ok(recent.last().map(|(oldest,)| oldest + WINDOW_MS - now))
}

/// Counts a failed attempt against both the account and the client address.
pub async fn record_failure(
    tx: &mut WriteTx,
    email: &str,
    client: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    for (scope, subject) in [(Scope::Account, email), (Scope::Client, client)] {
        sqlx::query(
            "DELETE FROM login_failure WHERE scope = $1 AND subject = $2 AND failed_at <= $3",
        )
        .bind(scope.as_str())
        .bind(subject)
        .bind(now - WINDOW_MS)
        .execute(&mut **tx)
        .await?;
        sqlx::query("INSERT INTO login_failure (scope, subject, failed_at) VALUES ($1, $2, $3)")
            .bind(scope.as_str())
            .bind(subject)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A successful sign-in forgives the account's earlier mistakes.
pub async fn clear_account_failures(
    db: impl AnyExecutor<'_>,
    email: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failure WHERE scope = 'account' AND subject = $1")
        .bind(email)
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::i18n::{Lang, sync_scope};

    #[test]
    fn the_wait_is_said_in_whole_minutes_in_each_language() {
        let said = |lang, minutes: u64| {
            sync_scope(lang, || {
                crate::t!("login-error-throttled", minutes = minutes)
            })
        };
        assert_eq!(
            said(Lang::En, 1),
            "Too many failed sign-in attempts. Please wait 1 minute and try again."
        );
        assert_eq!(
            said(Lang::En, 15),
            "Too many failed sign-in attempts. Please wait 15 minutes and try again."
        );
        assert_eq!(
            said(Lang::Ko, 15),
            "로그인 실패가 너무 많습니다. 15분 뒤에 다시 시도해 주세요."
        );
    }
}
