//! Password hashing with argon2id, off the async runtime.

use std::sync::LazyLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::AppError;

pub const MIN_LENGTH: usize = 10;
const MAX_LENGTH: usize = 1024;

/// OWASP's recommended argon2id settings: 19 MiB of memory, two passes, one lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashed once, so an unknown email costs as much to check as a wrong password and
/// timing does not reveal which accounts exist.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking("not a real password").unwrap_or_default());

/// Refuses passwords that are too short or absurdly long, saying which.
pub fn check_strength(password: &str, field: &str) -> Result<(), AppError> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(AppError::invalid(
            crate::t!("password-error-too-short", min = MIN_LENGTH),
            format!("field {field}"),
        ));
    }
    if length > MAX_LENGTH {
        return Err(AppError::invalid(
            crate::t!("password-error-too-long", max = MAX_LENGTH),
            format!("field {field}"),
        ));
    }
    Ok(())
}

fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

fn verify_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Hashes a password for storage.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    // argon2 burns CPU on purpose; on the runtime it would stall other requests.
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(AppError::internal)?
        .map_err(|e| AppError::Internal(e.to_string().into()))
}

/// Checks `candidate` against the stored hash; with no stored hash (unknown account) it
/// checks a dummy hash anyway and answers false.
pub async fn verify_password(candidate: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let hash = stored.as_deref().unwrap_or(DUMMY_HASH.as_str());
        verify_blocking(&candidate, hash) && stored.is_some()
    })
    .await
    .map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify_password("correct horse battery".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("wrong horse battery".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("not a real password".into(), None)
                .await
                .unwrap()
        );
    }

    #[test]
    fn short_passwords_are_refused_with_the_field() {
        let error = check_strength("short", "new_password").unwrap_err();
        assert!(
            matches!(error, AppError::Invalid { location: Some(l), .. } if l == "field new_password")
        );
    }
}
