//! The statuspage importer is being written; until then it refuses with a message.

use super::{ImportError, ImportOptions, Timeline};

/// True when the bytes look like this format (for auto-detection).
pub fn looks_like(_bytes: &[u8]) -> bool {
    false
}

pub fn parse(_bytes: &[u8], _options: &ImportOptions) -> Result<Timeline, ImportError> {
    Err(ImportError::new("the statuspage importer is not built yet"))
}
