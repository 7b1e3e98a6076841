//! One-shot messages shown on the page after a redirect ("Member added").
//!
//! A handler returns `flash::redirect(…)`; the session middleware turns the carried
//! `Flash` into a cookie, and clears it once a page has shown it.

use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::FLASH_COOKIE;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlashKind {
    Notice,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flash {
    pub kind: FlashKind,
    pub text: String,
}

impl Flash {
    pub fn notice(text: impl Into<String>) -> Flash {
        Flash {
            kind: FlashKind::Notice,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Flash {
        Flash {
            kind: FlashKind::Error,
            text: text.into(),
        }
    }

    pub fn to_cookie_value(&self) -> String {
        let prefix = match self.kind {
            FlashKind::Notice => 'n',
            FlashKind::Error => 'e',
        };
        URL_SAFE_NO_PAD.encode(format!("{prefix}{}", self.text))
    }

    /// Reads the flash cookie; anything unreadable is treated as no message.
    pub fn from_headers(headers: &HeaderMap) -> Option<Flash> {
        let bytes = URL_SAFE_NO_PAD
            .decode(super::cookie(headers, FLASH_COOKIE)?)
            .ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let mut chars = text.chars();
        let kind = match chars.next()? {
            'n' => FlashKind::Notice,
            'e' => FlashKind::Error,
            _ => return None,
        };
        Some(Flash {
            kind,
            text: chars.as_str().chars().take(500).collect(),
        })
    }
}

/// A 303 redirect that shows `flash` on the next page.
pub fn redirect(location: &str, flash: Flash) -> Response {
    let mut response = Redirect::to(location).into_response();
    response.extensions_mut().insert(flash);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, header};

    #[test]
    fn a_flash_survives_the_cookie_round_trip() {
        let flash = Flash::error("Añadido: \"ops\"; 팀");
        let mut headers = HeaderMap::new();
        let cookie = format!("{FLASH_COOKIE}={}", flash.to_cookie_value());
        headers.insert(header::COOKIE, HeaderValue::from_str(&cookie).unwrap());
        assert_eq!(Flash::from_headers(&headers), Some(flash));
    }
}
