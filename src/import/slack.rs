//! The Slack importer is being written; until then it refuses with a message.

use super::{ImportError, ImportOptions, Timeline};

/// True when the bytes look like a Slack export zip (for auto-detection).
pub fn looks_like(_bytes: &[u8]) -> bool {
    false
}

/// A Slack export as a zip archive.
pub fn parse_zip(_bytes: &[u8], _options: &ImportOptions) -> Result<Timeline, ImportError> {
    Err(ImportError::new("the Slack importer is not built yet"))
}

/// A Slack export already unzipped: (path inside the export, contents) pairs.
pub fn parse_files(_files: Vec<(String, Vec<u8>)>, _options: &ImportOptions) -> Result<Timeline, ImportError> {
    Err(ImportError::new("the Slack importer is not built yet"))
}
