//! Demo data for `serve --demo`: a team and an administrator with a known password, so a
//! newcomer can look around at once. Running it again changes nothing.

use crate::accounts::teams::{self, NewTeam, TeamRole};
use crate::accounts::{self, NewUser};
use crate::db::Db;
use crate::error::AppError;
use crate::import;

pub const DEMO_EMAIL: &str = "demo@example.com";
pub const DEMO_PASSWORD: &str = "hindsight-demo";
pub const DEMO_TEAM: &str = "demo";

/// The Dyn 2016 DDoS timeline, the same file the import tests use.
const DEMO_INCIDENT: &[u8] = include_bytes!("../tests/fixtures/native/dyn-ddos.json");

/// Makes sure the demo team, its administrator and a demo incident exist.
pub async fn ensure_demo_data(db: &Db) -> Result<(), AppError> {
    let user = match accounts::find_user_by_email(db.pool(), DEMO_EMAIL).await? {
        Some(user) => user.id,
        None => {
            let user = NewUser::parse(DEMO_EMAIL, "Demo Admin", true)?;
            accounts::create_user(db, None, &user, DEMO_PASSWORD.to_owned()).await?
        }
    };
    let team = match teams::find_team_by_slug(db.pool(), DEMO_TEAM).await? {
        Some(team) => team,
        None => {
            let team = teams::create_team(db, Some(user), &NewTeam::parse(DEMO_TEAM, "Demo team")?)
                .await?;
            teams::add_member(db, Some(user), &team, DEMO_EMAIL, TeamRole::Owner).await?;
            team
        }
    };
    // Imports are idempotent: on later runs this finds the incident and adds nothing.
    let timeline = import::parse(
        DEMO_INCIDENT,
        Some(import::Format::Native),
        &import::ImportOptions::default(),
    )?;
    import::apply::import_timeline(db, team.id, Some(user), &timeline, false).await?;
    Ok(())
}
