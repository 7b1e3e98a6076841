//! Static files embedded in the binary, served under content-hashed names so browsers
//! can cache them for a year and still see a change at once.

use std::sync::LazyLock;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::extractors::Path;
use crate::error::AppError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const ASSETS: [Asset; 4] = [
    Asset {
        name: "style.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/style.css"),
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/app.js"),
    },
    Asset {
        name: "icon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../../assets/icon.svg"),
    },
    Asset {
        name: "htmx.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/htmx.min.js"),
    },
];

struct HashedAsset {
    /// `style.3f2a9c0d1b7e.css`
    hashed_name: String,
    etag: String,
    asset: &'static Asset,
}

static HASHED: LazyLock<Vec<HashedAsset>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| {
            let digest: String = Sha256::digest(asset.bytes)
                .iter()
                .take(6)
                .map(|b| format!("{b:02x}"))
                .collect();
            let hashed_name = match asset.name.split_once('.') {
                Some((stem, extension)) => format!("{stem}.{digest}.{extension}"),
                None => format!("{}.{digest}", asset.name),
            };
            HashedAsset {
                hashed_name,
                etag: format!("\"{digest}\""),
                asset,
            }
        })
        .collect()
});

/// The URL of an embedded asset by its plain name (`style.css`).
pub fn url(name: &str) -> String {
    HASHED
        .iter()
        .find(|h| h.asset.name == name)
        .map(|h| format!("/assets/{}", h.hashed_name))
        .unwrap_or_else(|| format!("/assets/{name}"))
}

pub async fn serve_asset(
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let hashed = HASHED
        .iter()
        .find(|h| h.hashed_name == file)
        .ok_or(AppError::NotFound)?;
    let etag = HeaderValue::from_str(&hashed.etag).map_err(AppError::internal)?;
    let cache = HeaderValue::from_static("public, max-age=31536000, immutable");
    if headers.get(header::IF_NONE_MATCH) == Some(&etag) {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
        )
            .into_response());
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(hashed.asset.content_type),
            ),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        hashed.asset.bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_urls_carry_a_content_hash() {
        let style = url("style.css");
        assert!(style.starts_with("/assets/style.") && style.ends_with(".css"));
        assert_eq!(style.len(), "/assets/style..css".len() + 12);
    }
}
