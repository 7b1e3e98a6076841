//! A fixed-window request counter per caller (per instance), for the API's rate limit.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::error::AppError;

/// Counts requests per key in windows of `window_ms`.
#[derive(Clone)]
pub struct RateLimiter {
    limit: u32,
    window_ms: i64,
    windows: Arc<Mutex<HashMap<i64, (i64, u32)>>>,
}

impl RateLimiter {
    pub fn per_minute(limit: u32) -> RateLimiter {
        RateLimiter {
            limit,
            window_ms: 60_000,
            windows: Arc::default(),
        }
    }

    /// Counts one request of `key` at `now_ms`; refuses it (429 with `Retry-After`) when
    /// the key has used up its window.
    pub fn check(&self, key: i64, now_ms: i64) -> Result<(), AppError> {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now_ms - *start < self.window_ms);
        }
        let (start, count) = windows.entry(key).or_insert((now_ms, 0));
        if now_ms - *start >= self.window_ms {
            *start = now_ms;
            *count = 0;
        }
        if *count >= self.limit {
            let wait_ms = (*start + self.window_ms - now_ms).max(1000);
            let retry_after_s = u64::try_from(wait_ms).unwrap_or(60_000).div_ceil(1000);
            return Err(AppError::TooManyRequests {
                message: crate::t!(
                    "web-error-rate-limited",
                    limit = self.limit,
                    seconds = retry_after_s
                ),
                retry_after_s,
            });
        }
        *count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_refused_after_its_limit_until_the_window_passes() {
        let limiter = RateLimiter::per_minute(2);
        assert!(limiter.check(1, 0).is_ok());
        assert!(limiter.check(1, 10).is_ok());
        let Err(AppError::TooManyRequests { retry_after_s, .. }) = limiter.check(1, 20) else {
            panic!("the third request in a minute is refused");
        };
        assert_eq!(retry_after_s, 60);
        assert!(
            limiter.check(2, 20).is_ok(),
            "other keys have their own window"
        );
        assert!(limiter.check(1, 60_000).is_ok(), "a new window starts");
    }
}
