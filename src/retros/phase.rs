//! The meeting's phases, in order, with what the facilitator says and what participants do.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::t;

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Prepare,
    Timeline,
    Reflect,
    Group,
    Vote,
    Discuss,
    Actions,
    Closed,
}

impl Phase {
    pub const ALL: [Phase; 8] = [
        Phase::Prepare,
        Phase::Timeline,
        Phase::Reflect,
        Phase::Group,
        Phase::Vote,
        Phase::Discuss,
        Phase::Actions,
        Phase::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Prepare => "prepare",
            Phase::Timeline => "timeline",
            Phase::Reflect => "reflect",
            Phase::Group => "group",
            Phase::Vote => "vote",
            Phase::Discuss => "discuss",
            Phase::Actions => "actions",
            Phase::Closed => "closed",
        }
    }

    /// The phase's name, in the reader's language.
    pub fn title(self) -> String {
        match self {
            Phase::Prepare => t!("retro-phase-prepare"),
            Phase::Timeline => t!("retro-phase-timeline"),
            Phase::Reflect => t!("retro-phase-reflect"),
            Phase::Group => t!("retro-phase-group"),
            Phase::Vote => t!("retro-phase-vote"),
            Phase::Discuss => t!("retro-phase-discuss"),
            Phase::Actions => t!("retro-phase-actions"),
            Phase::Closed => t!("retro-phase-closed"),
        }
    }

    pub fn next(self) -> Option<Phase> {
        Phase::ALL
            .iter()
            .position(|p| *p == self)
            .and_then(|i| Phase::ALL.get(i + 1).copied())
    }

    pub fn previous(self) -> Option<Phase> {
        Phase::ALL
            .iter()
            .position(|p| *p == self)
            .and_then(|i| i.checked_sub(1))
            .map(|i| Phase::ALL[i])
    }

    /// What the facilitator can say to open the phase.
    pub fn facilitator_script(self) -> String {
        match self {
            Phase::Prepare => t!("retro-phase-prepare.script"),
            Phase::Timeline => t!("retro-phase-timeline.script"),
            Phase::Reflect => t!("retro-phase-reflect.script"),
            Phase::Group => t!("retro-phase-group.script"),
            Phase::Vote => t!("retro-phase-vote.script"),
            Phase::Discuss => t!("retro-phase-discuss.script"),
            Phase::Actions => t!("retro-phase-actions.script"),
            Phase::Closed => t!("retro-phase-closed.script"),
        }
    }

    /// What participants do in this phase.
    pub fn instructions(self) -> String {
        match self {
            Phase::Prepare => t!("retro-phase-prepare.instructions"),
            Phase::Timeline => t!("retro-phase-timeline.instructions"),
            Phase::Reflect => t!("retro-phase-reflect.instructions"),
            Phase::Group => t!("retro-phase-group.instructions"),
            Phase::Vote => t!("retro-phase-vote.instructions"),
            Phase::Discuss => t!("retro-phase-discuss.instructions"),
            Phase::Actions => t!("retro-phase-actions.instructions"),
            Phase::Closed => t!("retro-phase-closed.instructions"),
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Phase {
    type Err = String;
    fn from_str(text: &str) -> Result<Phase, String> {
        Phase::ALL
            .into_iter()
            .find(|p| p.as_str() == text.trim())
            .ok_or_else(|| t!("retro-error-unknown-phase", phase = text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_step_forward_and_back_in_order() {
        assert_eq!(Phase::Prepare.previous(), None);
        assert_eq!(Phase::Reflect.next(), Some(Phase::Group));
        assert_eq!(Phase::Group.previous(), Some(Phase::Reflect));
        assert_eq!(Phase::Closed.next(), None);
        assert_eq!("vote".parse::<Phase>().unwrap(), Phase::Vote);
        assert!("party".parse::<Phase>().is_err());
    }
}
