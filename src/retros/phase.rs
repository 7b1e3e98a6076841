//! The meeting's phases, in order, with what the facilitator says and what participants do.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

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

    pub fn title(self) -> &'static str {
        match self {
            Phase::Prepare => "Prepare",
            Phase::Timeline => "Timeline",
            Phase::Reflect => "Reflect",
            Phase::Group => "Group",
            Phase::Vote => "Vote",
            Phase::Discuss => "Discuss",
            Phase::Actions => "Actions",
            Phase::Closed => "Closed",
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
    pub fn facilitator_script(self) -> &'static str {
        match self {
            Phase::Prepare => {
                "Welcome everyone. We are here to learn how the system let this happen, not to find someone to blame. We ask \"how\" and \"what\", never \"why didn't you\". First, let's check the actions we promised after earlier incidents."
            }
            Phase::Timeline => {
                "Let's read the timeline together. If something is missing, add it; if something puzzles you, attach a question to the entry."
            }
            Phase::Reflect => {
                "Take ten quiet minutes to write cards under each prompt. Describe what happened and what made each action reasonable at the time."
            }
            Phase::Group => {
                "I'll reveal the cards now. Let's read them and group the ones that belong together into themes, and give each theme a short name."
            }
            Phase::Vote => {
                "Spend your votes on the themes you most want to discuss. You can take a vote back until the phase ends."
            }
            Phase::Discuss => {
                "We'll go through the themes in vote order. For each, let's capture what we learned in the notes."
            }
            Phase::Actions => {
                "Let's turn what we learned into a few concrete actions, each with an owner and a due date."
            }
            Phase::Closed => {
                "Thank you. The summary below is what we agreed; the actions are tracked until they are done."
            }
        }
    }

    /// What participants do in this phase.
    pub fn instructions(self) -> &'static str {
        match self {
            Phase::Prepare => {
                "Read the agenda and the ground rules. Look at the open actions from earlier incidents."
            }
            Phase::Timeline => {
                "Read the timeline. Add what is missing; attach questions to entries."
            }
            Phase::Reflect => {
                "Write cards under the prompts. Others see only how many cards there are until they are revealed."
            }
            Phase::Group => "Group related cards into themes and name them.",
            Phase::Vote => "Vote for the themes to discuss.",
            Phase::Discuss => "Discuss the themes in vote order and add notes.",
            Phase::Actions => {
                "Agree on action items: a title, an owner, a due date, a priority and a type."
            }
            Phase::Closed => "The meeting is over. This page is its read-only summary.",
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
            .ok_or_else(|| format!("unknown phase {text:?}; expected prepare, timeline, reflect, group, vote, discuss, actions or closed"))
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
