//! The `hindsight` command as an operator runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

fn hindsight(dir: &TempDir, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(args)
        .current_dir(dir.path())
        .env_remove("HINDSIGHT_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hindsight");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_operator_sets_up_users_and_teams_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();

    let migrated = hindsight(&dir, &["migrate"], "");
    assert!(migrated.status.success(), "{}", stderr(&migrated));
    assert!(
        dir.path().join("hindsight.db").exists(),
        "the default database file is created"
    );

    let created = hindsight(
        &dir,
        &[
            "user",
            "create",
            "--email",
            "Ana@Example.com",
            "--name",
            "Ana",
            "--admin",
            "--password-stdin",
        ],
        "a long enough passphrase\n",
    );
    assert!(created.status.success(), "{}", stderr(&created));
    assert!(stdout(&created).contains("ana@example.com"));

    let team = hindsight(
        &dir,
        &["team", "create", "--slug", "ops", "--name", "Operations"],
        "",
    );
    assert!(team.status.success(), "{}", stderr(&team));

    let member = hindsight(
        &dir,
        &[
            "team",
            "add-member",
            "--team",
            "ops",
            "--email",
            "ana@example.com",
            "--role",
            "owner",
        ],
        "",
    );
    assert!(member.status.success(), "{}", stderr(&member));
    assert!(stdout(&member).contains("owner of ops"));

    let backup_path = dir.path().join("copy.db");
    let backup = hindsight(&dir, &["backup", backup_path.to_str().unwrap()], "");
    assert!(backup.status.success(), "{}", stderr(&backup));
    let copy = rusqlite_count(
        &backup_path,
        "SELECT COUNT(*) FROM membership WHERE role = 'owner'",
    );
    assert_eq!(copy, 1);

    let again = hindsight(&dir, &["backup", backup_path.to_str().unwrap()], "");
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

/// Counts rows in a backup through the app's own database layer.
fn rusqlite_count(path: &std::path::Path, sql: &str) -> i64 {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let db = hindsight::db::Db::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        let (count,): (i64,) = sqlx::query_as(sql).fetch_one(db.pool()).await.unwrap();
        count
    })
}

#[test]
fn mistakes_on_the_command_line_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let create_user = "user create --email a@example.com --name A --password-stdin";
    let add_member = "team add-member --team nope --email a@example.com";
    let mistakes = [
        (create_user.to_owned(), "", "pipe one in"),
        (create_user.to_owned(), "short\n", "at least 10 characters"),
        (
            format!("{add_member} --role member"),
            "",
            "hindsight team create",
        ),
        (
            format!("{add_member} --role boss"),
            "",
            "possible values: viewer, member, owner",
        ),
        (
            "migrate --database-url mysql://x".to_owned(),
            "",
            "sqlite://",
        ),
    ];
    for (args, stdin, advice) in mistakes {
        let args: Vec<&str> = args.split(' ').collect();
        let output = hindsight(&dir, &args, stdin);
        assert!(!output.status.success(), "{args:?} should fail");
        assert!(
            stderr(&output).contains(advice),
            "{args:?}: {}",
            stderr(&output)
        );
    }

    let env_url = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(["migrate"])
        .current_dir(dir.path())
        .env("HINDSIGHT_DATABASE_URL", "sqlite://from-env.db")
        .output()
        .unwrap();
    assert!(env_url.status.success());
    assert!(
        dir.path().join("from-env.db").exists(),
        "HINDSIGHT_DATABASE_URL is read"
    );
}

#[test]
fn serve_prints_a_setup_link_then_the_demo_login() {
    let dir = tempfile::tempdir().unwrap();
    let first_lines = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hindsight"))
            .args(args)
            .current_dir(dir.path())
            .env_remove("HINDSIGHT_DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            if std::io::BufRead::read_line(&mut reader, &mut line).unwrap() == 0 {
                break;
            }
            let done = line.starts_with("Hindsight listening on");
            lines.push(line);
            if done {
                break;
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        lines.concat()
    };

    let fresh = first_lines(&["serve", "--bind", "127.0.0.1:0"]);
    assert!(fresh.contains("/setup?token="), "{fresh}");
    let demo = first_lines(&["serve", "--bind", "127.0.0.1:0", "--demo"]);
    assert!(
        demo.contains("demo@example.com") && demo.contains("hindsight-demo"),
        "{demo}"
    );
    let (_, address) = demo.rsplit_once("listening on ").unwrap();
    assert!(address.trim().starts_with("http://127.0.0.1:"), "{address}");
}

#[test]
fn health_says_whether_an_instance_answers() {
    let down = std::process::Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(["health", "--url", "http://127.0.0.1:9"])
        .output()
        .unwrap();
    assert!(!down.status.success());
    assert!(String::from_utf8_lossy(&down.stderr).contains("did not answer"));
    let version = std::process::Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("hindsight "));
}

#[tokio::test]
async fn health_is_ready_against_a_running_instance() {
    let app = crate::common::spawn_app().await;
    let url = app.url("");
    let up = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_hindsight"))
            .args(["health", "--url", &url])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        up.status.success(),
        "{}",
        String::from_utf8_lossy(&up.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&up.stdout).trim(), "ready");
}
