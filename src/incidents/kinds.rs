//! The vocabulary of a timeline: what kind of moment an entry is, and who may see it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What an entry records. A *communication* is an update told to customers.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Alert,
    Detection,
    Action,
    Decision,
    Observation,
    Escalation,
    Communication,
    Resolution,
    Note,
}

impl EntryKind {
    pub const ALL: [EntryKind; 9] = [
        EntryKind::Alert,
        EntryKind::Detection,
        EntryKind::Action,
        EntryKind::Decision,
        EntryKind::Observation,
        EntryKind::Escalation,
        EntryKind::Communication,
        EntryKind::Resolution,
        EntryKind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Alert => "alert",
            EntryKind::Detection => "detection",
            EntryKind::Action => "action",
            EntryKind::Decision => "decision",
            EntryKind::Observation => "observation",
            EntryKind::Escalation => "escalation",
            EntryKind::Communication => "communication",
            EntryKind::Resolution => "resolution",
            EntryKind::Note => "note",
        }
    }

    /// The kind's name in the reader's language (stored, imported and exported values
    /// stay `as_str`).
    pub fn label(self) -> String {
        match self {
            EntryKind::Alert => crate::t!("timeline-kind-alert"),
            EntryKind::Detection => crate::t!("timeline-kind-detection"),
            EntryKind::Action => crate::t!("timeline-kind-action"),
            EntryKind::Decision => crate::t!("timeline-kind-decision"),
            EntryKind::Observation => crate::t!("timeline-kind-observation"),
            EntryKind::Escalation => crate::t!("timeline-kind-escalation"),
            EntryKind::Communication => crate::t!("timeline-kind-communication"),
            EntryKind::Resolution => crate::t!("timeline-kind-resolution"),
            EntryKind::Note => crate::t!("timeline-kind-note"),
        }
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text of an unknown kind, with the kinds that exist.
#[derive(Debug, PartialEq, Eq)]
pub struct UnknownKind(pub String);

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = EntryKind::ALL.iter().map(|k| k.as_str()).collect();
        write!(
            f,
            "unknown kind {:?}; expected one of {}",
            self.0,
            known.join(", ")
        )
    }
}

impl UnknownKind {
    /// The refusal in the reader's language, for showing (`Display` is for logs).
    pub fn message(&self) -> String {
        let known: Vec<&str> = EntryKind::ALL.iter().map(|k| k.as_str()).collect();
        crate::t!(
            "timeline-error-unknown-kind",
            kind = format!("{:?}", self.0),
            known = known.join(", ")
        )
    }
}

impl FromStr for EntryKind {
    type Err = UnknownKind;
    fn from_str(text: &str) -> Result<EntryKind, UnknownKind> {
        let wanted = text.trim().to_lowercase();
        EntryKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == wanted)
            .ok_or_else(|| UnknownKind(text.to_owned()))
    }
}

/// Who may see an entry: the team only, or also customers (in a public review).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    #[default]
    Internal,
    Public,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Internal => "internal",
            Visibility::Public => "public",
        }
    }

    /// The visibility's name in the reader's language.
    pub fn label(self) -> String {
        match self {
            Visibility::Internal => crate::t!("timeline-visibility-internal"),
            Visibility::Public => crate::t!("timeline-visibility-public"),
        }
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Visibility {
    type Err = String;
    fn from_str(text: &str) -> Result<Visibility, String> {
        match text.trim().to_lowercase().as_str() {
            "internal" | "" => Ok(Visibility::Internal),
            "public" => Ok(Visibility::Public),
            other => Err(format!(
                "unknown visibility {other:?}; expected internal or public"
            )),
        }
    }
}
