//! Teams and memberships. Every later object belongs to a team.

use std::fmt;
use std::str::FromStr;

use serde_json::json;
use sqlx::AnyExecutor;

use super::{User, UserId, require_text};
use crate::audit::{self, AuditEvent};
use crate::db;
use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TeamId(pub i64);

#[derive(Clone, Debug)]
pub struct Team {
    pub id: TeamId,
    pub slug: String,
    pub name: String,
}

#[derive(sqlx::FromRow)]
struct TeamRow {
    id: i64,
    slug: String,
    name: String,
}

impl From<TeamRow> for Team {
    fn from(row: TeamRow) -> Team {
        Team {
            id: TeamId(row.id),
            slug: row.slug,
            name: row.name,
        }
    }
}

/// A role within a team; later variants allow more (`Viewer < Member < Owner`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum TeamRole {
    /// Reads everything of the team, changes nothing.
    Viewer,
    /// Takes part: writes cards, owns action items.
    Member,
    /// Manages the team's members and settings.
    Owner,
}

impl TeamRole {
    pub const ALL: [TeamRole; 3] = [TeamRole::Owner, TeamRole::Member, TeamRole::Viewer];

    /// The role with its article, for sentences: "an owner", "a member".
    pub fn with_article(self) -> &'static str {
        match self {
            TeamRole::Viewer => "a viewer",
            TeamRole::Member => "a member",
            TeamRole::Owner => "an owner",
        }
    }

    /// The role's name in the reader's language.
    pub fn label(self) -> String {
        match self {
            TeamRole::Viewer => crate::t!("role-viewer"),
            TeamRole::Member => crate::t!("role-member"),
            TeamRole::Owner => crate::t!("role-owner"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TeamRole::Viewer => "viewer",
            TeamRole::Member => "member",
            TeamRole::Owner => "owner",
        }
    }
}

impl fmt::Display for TeamRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TeamRole {
    type Err = AppError;
    fn from_str(text: &str) -> Result<TeamRole, AppError> {
        match text {
            "viewer" => Ok(TeamRole::Viewer),
            "member" => Ok(TeamRole::Member),
            "owner" => Ok(TeamRole::Owner),
            _ => Err(AppError::invalid(
                crate::t!("team-error-role"),
                "field role",
            )),
        }
    }
}

/// A new team, validated.
pub struct NewTeam {
    pub slug: String,
    pub name: String,
}

impl NewTeam {
    pub fn parse(slug: &str, name: &str) -> Result<NewTeam, AppError> {
        let slug = slug.trim().to_lowercase();
        let valid_slug = (2..=40).contains(&slug.len())
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !slug.starts_with('-')
            && !slug.ends_with('-');
        if !valid_slug {
            return Err(AppError::invalid(
                crate::t!("team-error-slug"),
                "field slug",
            ));
        }
        Ok(NewTeam {
            slug,
            name: require_text(name, "name", 100)?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct Member {
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: TeamRole,
    pub is_disabled: bool,
}

pub async fn insert_team(db: impl AnyExecutor<'_>, team: &NewTeam) -> Result<Team, AppError> {
    let inserted: Result<TeamRow, sqlx::Error> = sqlx::query_as(
        "INSERT INTO team (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id, slug, name",
    )
    .bind(&team.slug)
    .bind(&team.name)
    .bind(db::now_ms())
    .fetch_one(db)
    .await;
    match inserted {
        Ok(row) => Ok(Team::from(row)),
        Err(e) if db::is_unique_violation(&e) => Err(AppError::Conflict(crate::t!(
            "team-error-slug-taken",
            slug = team.slug.as_str()
        ))),
        Err(e) => Err(e.into()),
    }
}

pub async fn find_team_by_slug(
    db: impl AnyExecutor<'_>,
    slug: &str,
) -> Result<Option<Team>, sqlx::Error> {
    let row: Option<TeamRow> = sqlx::query_as("SELECT id, slug, name FROM team WHERE slug = $1")
        .bind(slug)
        .fetch_optional(db)
        .await?;
    Ok(row.map(Team::from))
}

/// Teams `user` belongs to, with their role, by name.
pub async fn list_teams_of_user(
    db: impl AnyExecutor<'_>,
    user: UserId,
) -> Result<Vec<(Team, TeamRole)>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        team: TeamRow,
        role: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT t.id, t.slug, t.name, m.role FROM team t
         JOIN membership m ON m.team_id = t.id
         WHERE m.user_id = $1 ORDER BY lower(t.name), t.id",
    )
    .bind(user.0)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| Ok((Team::from(r.team), r.role.parse()?)))
        .collect()
}

pub async fn list_all_teams(db: impl AnyExecutor<'_>) -> Result<Vec<Team>, sqlx::Error> {
    let rows: Vec<TeamRow> =
        sqlx::query_as("SELECT id, slug, name FROM team ORDER BY lower(name), id")
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(Team::from).collect())
}

pub async fn find_role(
    db: impl AnyExecutor<'_>,
    team: TeamId,
    user: UserId,
) -> Result<Option<TeamRole>, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT role FROM membership WHERE team_id = $1 AND user_id = $2")
            .bind(team.0)
            .bind(user.0)
            .fetch_optional(db)
            .await?;
    row.map(|(role,)| role.parse()).transpose()
}

/// `user`'s role in `team` as far as access goes: administrators act as owners of every
/// team, and anyone else outside it gets NotFound, which reveals nothing about the team.
pub async fn effective_role(
    db: impl AnyExecutor<'_>,
    team: TeamId,
    user: &User,
) -> Result<TeamRole, AppError> {
    match find_role(db, team, user.id).await? {
        Some(role) => Ok(role),
        None if user.is_admin => Ok(TeamRole::Owner),
        None => Err(AppError::NotFound),
    }
}

pub async fn list_members(db: impl AnyExecutor<'_>, team: TeamId) -> Result<Vec<Member>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        email: String,
        display_name: String,
        role: String,
        is_disabled: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, m.role, u.is_disabled FROM membership m
         JOIN app_user u ON u.id = m.user_id
         WHERE m.team_id = $1 ORDER BY lower(u.display_name), u.id",
    )
    .bind(team.0)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Member {
                user_id: UserId(r.id),
                email: r.email,
                display_name: r.display_name,
                role: r.role.parse()?,
                is_disabled: db::flag(r.is_disabled),
            })
        })
        .collect()
}

/// Adds `user` to the team or, if already a member, changes their role.
pub async fn upsert_membership(
    db: impl AnyExecutor<'_>,
    team: TeamId,
    user: UserId,
    role: TeamRole,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO membership (team_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(team.0)
    .bind(user.0)
    .bind(role.as_str())
    .bind(db::now_ms())
    .execute(db)
    .await?;
    Ok(())
}

pub async fn delete_membership(
    db: impl AnyExecutor<'_>,
    team: TeamId,
    user: UserId,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM membership WHERE team_id = $1 AND user_id = $2")
        .bind(team.0)
        .bind(user.0)
        .execute(db)
        .await?;
    Ok(result.rows_affected() > 0)
}

pub async fn count_owners(db: impl AnyExecutor<'_>, team: TeamId) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM membership WHERE team_id = $1 AND role = 'owner'")
            .bind(team.0)
            .fetch_one(db)
            .await?;
    Ok(count)
}

/// Creates a team, audited.
pub async fn create_team(
    db: &db::Db,
    actor: Option<UserId>,
    team: &NewTeam,
) -> Result<Team, AppError> {
    let mut tx = db.begin().await?;
    let created = insert_team(&mut *tx, team).await?;
    audit::record(
        &mut *tx,
        actor,
        AuditEvent {
            action: "team.created",
            object_type: "team",
            object_id: created.id.0,
            detail: json!({"slug": created.slug, "name": created.name}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Adds the account with `email` to the team with `role`, or changes its role.
pub async fn add_member(
    db: &db::Db,
    actor: Option<UserId>,
    team: &Team,
    email: &str,
    role: TeamRole,
) -> Result<User, AppError> {
    let email = super::normalize_email(email)?;
    let mut tx = db.begin().await?;
    let user = super::find_user_by_email(&mut *tx, &email)
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                crate::t!("team-error-no-account", email = email.as_str()),
                "field email",
            )
        })?;
    let previous = find_role(&mut *tx, team.id, user.id).await?;
    if previous == Some(TeamRole::Owner) && role != TeamRole::Owner {
        refuse_if_last_owner(&mut tx, team.id).await?;
    }
    upsert_membership(&mut *tx, team.id, user.id, role).await?;
    audit::record(
        &mut *tx,
        actor,
        AuditEvent {
            action: if previous.is_some() {
                "team.member_role_changed"
            } else {
                "team.member_added"
            },
            object_type: "team",
            object_id: team.id.0,
            detail: json!({"user_id": user.id.0, "email": user.email, "role": role.as_str(),
                           "previous_role": previous.map(TeamRole::as_str)}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// Changes the role of an existing member.
pub async fn change_role(
    db: &db::Db,
    actor: UserId,
    team: &Team,
    member: UserId,
    role: TeamRole,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let previous = find_role(&mut *tx, team.id, member)
        .await?
        .ok_or(AppError::NotFound)?;
    if previous == TeamRole::Owner && role != TeamRole::Owner {
        refuse_if_last_owner(&mut tx, team.id).await?;
    }
    upsert_membership(&mut *tx, team.id, member, role).await?;
    audit::record(
        &mut *tx,
        Some(actor),
        AuditEvent {
            action: "team.member_role_changed",
            object_type: "team",
            object_id: team.id.0,
            detail: json!({"user_id": member.0, "role": role.as_str(), "previous_role": previous.as_str()}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a member from the team.
pub async fn remove_member(
    db: &db::Db,
    actor: UserId,
    team: &Team,
    member: UserId,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let previous = find_role(&mut *tx, team.id, member)
        .await?
        .ok_or(AppError::NotFound)?;
    if previous == TeamRole::Owner {
        refuse_if_last_owner(&mut tx, team.id).await?;
    }
    delete_membership(&mut *tx, team.id, member).await?;
    audit::record(
        &mut *tx,
        Some(actor),
        AuditEvent {
            action: "team.member_removed",
            object_type: "team",
            object_id: team.id.0,
            detail: json!({"user_id": member.0, "previous_role": previous.as_str()}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A team always keeps at least one owner, or nobody could manage it.
async fn refuse_if_last_owner(tx: &mut db::WriteTx, team: TeamId) -> Result<(), AppError> {
    if count_owners(&mut **tx, team).await? <= 1 {
        return Err(AppError::Refused(crate::t!("team-error-last-owner")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_by_what_they_allow() {
        assert!(TeamRole::Viewer < TeamRole::Member && TeamRole::Member < TeamRole::Owner);
        assert_eq!("member".parse::<TeamRole>().unwrap(), TeamRole::Member);
        assert!("admin".parse::<TeamRole>().is_err());
    }

    #[test]
    fn slugs_are_short_lowercase_names() {
        assert_eq!(
            NewTeam::parse(" Payments-SRE ", "Payments").unwrap().slug,
            "payments-sre"
        );
        for bad in ["a", "-ops", "ops-", "ops team", "ops/x", ""] {
            assert!(
                NewTeam::parse(bad, "Ops").is_err(),
                "{bad:?} should be refused"
            );
        }
    }
}
