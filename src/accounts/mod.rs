//! Users, passwords, sessions, sign-in throttling, teams and memberships.

pub mod audit_log;
pub mod password;
pub mod routes;
pub mod sessions;
pub mod teams;
pub mod throttle;
pub mod tokens;
pub mod views;

use serde_json::json;
use sqlx::AnyExecutor;

use crate::audit::{self, AuditEvent};
use crate::db::{self, flag};
use crate::error::AppError;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct UserId(pub i64);

#[derive(Clone, Debug)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    pub is_disabled: bool,
    pub time_zone: String,
    /// The language the app speaks to them in.
    pub language: crate::i18n::Lang,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    is_admin: i64,
    is_disabled: i64,
    time_zone: String,
    language: String,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> User {
        User {
            id: UserId(row.id),
            email: row.email,
            display_name: row.display_name,
            is_admin: flag(row.is_admin),
            is_disabled: flag(row.is_disabled),
            time_zone: row.time_zone,
            language: crate::i18n::Lang::parse(&row.language).unwrap_or_default(),
        }
    }
}

const USER_COLUMNS: &str = "id, email, display_name, is_admin, is_disabled, time_zone, language";

/// A new account, validated.
#[derive(Debug)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
}

impl NewUser {
    pub fn parse(email: &str, display_name: &str, is_admin: bool) -> Result<NewUser, AppError> {
        Ok(NewUser {
            email: normalize_email(email)?,
            display_name: require_text(display_name, "name", 100)?,
            is_admin,
        })
    }
}

/// Emails are compared case-insensitively, so they are stored lower-cased.
pub fn normalize_email(email: &str) -> Result<String, AppError> {
    let email = email.trim().to_lowercase();
    let plausible = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    if plausible {
        Ok(email)
    } else {
        Err(AppError::invalid(
            crate::t!("account-error-email"),
            "field email",
        ))
    }
}

/// Trimmed text that must be present and at most `max_chars` long. `field` is the form
/// field's name; the messages name it in the reader's language (see `field-name` in
/// `locales/*/accounts.ftl`, which knows the fields callers pass).
pub fn require_text(text: &str, field: &str, max_chars: usize) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid(
            crate::t!("account-error-required", field = field),
            format!("field {field}"),
        ));
    }
    if text.chars().count() > max_chars {
        return Err(AppError::invalid(
            crate::t!("account-error-too-long", field = field, max = max_chars),
            format!("field {field}"),
        ));
    }
    Ok(text.to_owned())
}

pub async fn insert_user(
    db: impl AnyExecutor<'_>,
    user: &NewUser,
    password_hash: &str,
) -> Result<UserId, AppError> {
    let now = db::now_ms();
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO app_user (email, display_name, password_hash, is_admin, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(&user.email)
    .bind(&user.display_name)
    .bind(password_hash)
    .bind(i64::from(user.is_admin))
    .bind(now)
    .fetch_one(db)
    .await;
    match inserted {
        Ok((id,)) => Ok(UserId(id)),
        Err(e) if db::is_unique_violation(&e) => Err(AppError::Conflict(crate::t!(
            "account-error-email-taken",
            email = user.email.as_str()
        ))),
        Err(e) => Err(e.into()),
    }
}

pub async fn find_user(db: impl AnyExecutor<'_>, id: UserId) -> Result<Option<User>, sqlx::Error> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM app_user WHERE id = $1"
    ))
    .bind(id.0)
    .fetch_optional(db)
    .await?;
    Ok(row.map(User::from))
}

pub async fn find_user_by_email(
    db: impl AnyExecutor<'_>,
    email: &str,
) -> Result<Option<User>, sqlx::Error> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM app_user WHERE email = $1"
    ))
    .bind(email.trim().to_lowercase())
    .fetch_optional(db)
    .await?;
    Ok(row.map(User::from))
}

/// The user and their password hash, for signing in.
pub async fn find_credentials(
    db: impl AnyExecutor<'_>,
    email: &str,
) -> Result<Option<(User, String)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct CredentialsRow {
        #[sqlx(flatten)]
        user: UserRow,
        password_hash: String,
    }
    let row: Option<CredentialsRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS}, password_hash FROM app_user WHERE email = $1"
    ))
    .bind(email.trim().to_lowercase())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (User::from(r.user), r.password_hash)))
}

pub async fn find_password_hash(
    db: impl AnyExecutor<'_>,
    id: UserId,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT password_hash FROM app_user WHERE id = $1")
        .bind(id.0)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|(hash,)| hash))
}

pub async fn list_users(db: impl AnyExecutor<'_>) -> Result<Vec<User>, sqlx::Error> {
    let rows: Vec<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM app_user ORDER BY lower(display_name), id"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(User::from).collect())
}

pub async fn count_users(db: impl AnyExecutor<'_>) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM app_user")
        .fetch_one(db)
        .await?;
    Ok(count)
}

pub async fn update_password_hash(
    db: impl AnyExecutor<'_>,
    id: UserId,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE app_user SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(db::now_ms())
        .bind(id.0)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn update_disabled(
    db: impl AnyExecutor<'_>,
    id: UserId,
    is_disabled: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE app_user SET is_disabled = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(is_disabled))
        .bind(db::now_ms())
        .bind(id.0)
        .execute(db)
        .await?;
    Ok(())
}

/// Creates an account with `password` (checked for strength), audited.
pub async fn create_user(
    db: &db::Db,
    actor: Option<UserId>,
    user: &NewUser,
    password: String,
) -> Result<UserId, AppError> {
    password::check_strength(&password, "password")?;
    let hash = password::hash_password(password).await?;
    let mut tx = db.begin().await?;
    let id = insert_user(&mut *tx, user, &hash).await?;
    audit::record(
        &mut *tx,
        actor.or(Some(id)),
        AuditEvent {
            action: "user.created",
            object_type: "user",
            object_id: id.0,
            detail: json!({"email": user.email, "is_admin": user.is_admin}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates an account nobody knows the password of, and a one-time link for its owner
/// to choose one: administrators never need to know anyone's password.
pub async fn invite_user(
    db: &db::Db,
    admin: UserId,
    user: &NewUser,
) -> Result<(UserId, String), AppError> {
    let unguessable = password::hash_password(tokens::random_token()).await?;
    let mut tx = db.begin().await?;
    let id = insert_user(&mut *tx, user, &unguessable).await?;
    audit::record(
        &mut *tx,
        Some(admin),
        AuditEvent {
            action: "user.created",
            object_type: "user",
            object_id: id.0,
            detail: json!({"email": user.email, "is_admin": user.is_admin}),
        },
    )
    .await?;
    let token = insert_password_reset(&mut tx, id, admin).await?;
    tx.commit().await?;
    Ok((id, token))
}

/// How long a password link stays valid.
pub const RESET_LINK_HOURS: i64 = 72;

/// Makes a one-time password link for `user`, returning its token (stored hashed).
pub async fn insert_password_reset(
    tx: &mut db::WriteTx,
    user: UserId,
    created_by: UserId,
) -> Result<String, sqlx::Error> {
    let token = tokens::random_token();
    let now = db::now_ms();
    sqlx::query(
        "INSERT INTO password_reset (token_hash, user_id, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(tokens::token_hash(&token))
    .bind(user.0)
    .bind(created_by.0)
    .bind(now)
    .bind(now + RESET_LINK_HOURS * 60 * 60 * 1000)
    .execute(&mut **tx)
    .await?;
    audit::record(
        &mut **tx,
        Some(created_by),
        AuditEvent::plain("user.password_link_created", "user", user.0),
    )
    .await?;
    Ok(token)
}

/// The user a password link belongs to, if it is unused and unexpired.
pub async fn find_password_reset(
    db: impl AnyExecutor<'_>,
    token: &str,
    now: i64,
) -> Result<Option<(i64, User)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        reset_id: i64,
        #[sqlx(flatten)]
        user: UserRow,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT r.id AS reset_id, u.id, u.email, u.display_name, u.is_admin, u.is_disabled, u.time_zone, u.language
         FROM password_reset r JOIN app_user u ON u.id = r.user_id
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2",
    )
    .bind(tokens::token_hash(token))
    .bind(now)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.reset_id, User::from(r.user))))
}

/// Sets a new password from a one-time link: uses the link up and ends every session.
pub async fn reset_password(
    db: &db::Db,
    token: &str,
    new_password: String,
) -> Result<User, AppError> {
    password::check_strength(&new_password, "new_password")?;
    let hash = password::hash_password(new_password).await?;
    let mut tx = db.begin().await?;
    let (reset_id, user) = find_password_reset(&mut *tx, token, db::now_ms())
        .await?
        .ok_or_else(expired_link)?;
    let used =
        sqlx::query("UPDATE password_reset SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(db::now_ms())
            .bind(reset_id)
            .execute(&mut *tx)
            .await?;
    if used.rows_affected() != 1 {
        return Err(expired_link());
    }
    update_password_hash(&mut *tx, user.id, &hash).await?;
    sessions::delete_sessions_of_user(&mut *tx, user.id, None).await?;
    audit::record(
        &mut *tx,
        Some(user.id),
        AuditEvent::plain("user.password_reset", "user", user.id.0),
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

pub fn expired_link() -> AppError {
    AppError::Refused(crate::t!("password-error-link-expired"))
}

/// Changes the signed-in user's password and ends their other sessions.
pub async fn change_password(
    db: &db::Db,
    user: &User,
    current_session: i64,
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let stored = find_password_hash(db.pool(), user.id).await?;
    if !password::verify_password(current_password, stored).await? {
        return Err(AppError::invalid(
            crate::t!("password-error-current"),
            "field current_password",
        ));
    }
    password::check_strength(&new_password, "new_password")?;
    let hash = password::hash_password(new_password).await?;
    let mut tx = db.begin().await?;
    update_password_hash(&mut *tx, user.id, &hash).await?;
    sessions::delete_sessions_of_user(&mut *tx, user.id, Some(current_session)).await?;
    audit::record(
        &mut *tx,
        Some(user.id),
        AuditEvent::plain("user.password_changed", "user", user.id.0),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Disables or re-enables an account; disabling ends its sessions at once.
pub async fn set_disabled(
    db: &db::Db,
    admin: &User,
    target: UserId,
    is_disabled: bool,
) -> Result<User, AppError> {
    if target == admin.id && is_disabled {
        return Err(AppError::Refused(crate::t!("people-error-disable-self")));
    }
    let mut tx = db.begin().await?;
    let user = find_user(&mut *tx, target)
        .await?
        .ok_or(AppError::NotFound)?;
    update_disabled(&mut *tx, target, is_disabled).await?;
    if is_disabled {
        sessions::delete_sessions_of_user(&mut *tx, target, None).await?;
    }
    audit::record(
        &mut *tx,
        Some(admin.id),
        AuditEvent {
            action: if is_disabled {
                "user.disabled"
            } else {
                "user.enabled"
            },
            object_type: "user",
            object_id: target.0,
            detail: json!({"email": user.email}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// Sets the zone the user reads times in (an IANA name such as Europe/Berlin) and,
/// when given, the language the app speaks to them in (`en`, `ko`).
pub async fn update_preferences(
    db: &db::Db,
    user: UserId,
    zone: &str,
    language: Option<&str>,
) -> Result<(), AppError> {
    let zone: chrono_tz::Tz = zone.trim().parse().map_err(|_| {
        AppError::invalid(
            crate::t!("account-error-unknown-zone", zone = zone),
            "field time_zone",
        )
    })?;
    let language = language
        .map(|code| {
            crate::i18n::Lang::parse(code).ok_or_else(|| {
                AppError::invalid(
                    crate::t!("account-error-unknown-language", language = code),
                    "field language",
                )
            })
        })
        .transpose()?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE app_user SET time_zone = $1, language = COALESCE($2, language), updated_at = $3
         WHERE id = $4",
    )
    .bind(zone.name())
    .bind(language.map(|l| l.code()))
    .bind(db::now_ms())
    .bind(user.0)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Some(user),
        AuditEvent {
            action: "user.preferences_changed",
            object_type: "user",
            object_id: user.0,
            detail: json!({"time_zone": zone.name(), "language": language.map(|l| l.code())}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            normalize_email("  Ana@Example.COM ").unwrap(),
            "ana@example.com"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a na@example.com",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
