//! Time-zone abbreviations (PST, KST, ...) and helpers for reading times: being written.
