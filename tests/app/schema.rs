//! The two schemas (migrations/sqlite and migrations/postgres) describe the same tables,
//! columns, types, keys, indexes and constraints. Runs when a PostgreSQL server is given
//! (HINDSIGHT_TEST_DATABASE_URL).

use std::collections::BTreeSet;

use hindsight::db::Db;

use crate::common::{fresh_postgres_database, postgres_server};

/// Everything compared, as comparable rows.
#[derive(Debug, Default)]
struct Schema {
    /// (table, column position, name, type, not null, default)
    columns: BTreeSet<(String, i64, String, &'static str, bool, String)>,
    /// (table, columns, unique) of every index but primary keys.
    indexes: BTreeSet<(String, String, bool)>,
    /// Names of the indexes made with CREATE INDEX.
    index_names: BTreeSet<String>,
    /// (table, column, referenced table, referenced column, on delete)
    foreign_keys: BTreeSet<(String, String, String, String, String)>,
    /// (table, primary key columns)
    primary_keys: BTreeSet<(String, String)>,
    /// (table, number of CHECK constraints)
    checks: BTreeSet<(String, usize)>,
}

fn normal_type(declared: &str) -> &'static str {
    match declared.to_lowercase().as_str() {
        "integer" | "bigint" => "integer",
        "text" => "text",
        "blob" | "bytea" => "bytes",
        _ => "other",
    }
}

/// `'UTC'::text` and `'UTC'` alike; identity and no default alike (both empty).
fn normal_default(default: Option<String>) -> String {
    default
        .unwrap_or_default()
        .replace("::text", "")
        .replace("::bigint", "")
        .trim_matches(|c| c == '(' || c == ')')
        .to_owned()
}

fn normal_action(action: &str) -> String {
    match action.to_uppercase().replace('_', " ").as_str() {
        "NO ACTION" | "A" | "" => "NO ACTION".into(),
        "CASCADE" | "C" => "CASCADE".into(),
        "SET NULL" | "N" => "SET NULL".into(),
        "RESTRICT" | "R" => "RESTRICT".into(),
        other => other.to_owned(),
    }
}

async fn sqlite_schema(db: &Db) -> Schema {
    let pool = db.pool();
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = Schema::default();
    for (table, sql) in tables {
        let columns: Vec<(i64, String, String, i64, Option<String>, i64)> = sqlx::query_as(
            "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1)",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut key: Vec<(i64, String)> = Vec::new();
        for (position, name, declared, not_null, default, pk) in columns {
            if pk > 0 {
                key.push((pk, name.clone()));
            }
            schema.columns.insert((
                table.clone(),
                position,
                name,
                normal_type(&declared),
                not_null == 1 || pk > 0,
                normal_default(default),
            ));
        }
        key.sort();
        schema.primary_keys.insert((
            table.clone(),
            key.into_iter()
                .map(|(_, n)| n)
                .collect::<Vec<_>>()
                .join(","),
        ));
        let indexes: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT name, \"unique\", origin FROM pragma_index_list($1)")
                .bind(&table)
                .fetch_all(pool)
                .await
                .unwrap();
        for (index, unique, origin) in indexes {
            if origin == "pk" {
                continue;
            }
            let columns: Vec<(String,)> =
                sqlx::query_as("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&index)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            let columns = columns
                .into_iter()
                .map(|(c,)| c)
                .collect::<Vec<_>>()
                .join(",");
            schema.indexes.insert((table.clone(), columns, unique == 1));
            if origin == "c" {
                schema.index_names.insert(index);
            }
        }
        let keys: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list($1)",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .unwrap();
        for (from, target, to, on_delete) in keys {
            schema.foreign_keys.insert((
                table.clone(),
                from,
                target,
                to,
                normal_action(&on_delete),
            ));
        }
        schema
            .checks
            .insert((table.clone(), sql.matches("CHECK (").count()));
    }
    schema
}

async fn postgres_schema(db: &Db) -> Schema {
    let pool = db.pool();
    let mut schema = Schema::default();
    let columns: Vec<(String, i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT CAST(table_name AS TEXT), CAST(ordinal_position AS BIGINT) - 1, CAST(column_name AS TEXT), CAST(data_type AS TEXT),
                CAST(is_nullable AS TEXT), CAST(column_default AS TEXT)
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, position, name, declared, nullable, default) in columns {
        schema.columns.insert((
            table,
            position,
            name,
            normal_type(&declared),
            nullable == "NO",
            normal_default(default),
        ));
    }
    let indexes: Vec<(String, String, bool, bool, bool)> = sqlx::query_as(
        "SELECT CAST(t.relname AS TEXT), CAST(i.relname AS TEXT), x.indisunique, x.indisprimary,
                EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema() AND t.relname <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, index, unique, primary, from_constraint) in indexes {
        let columns: Vec<(String,)> = sqlx::query_as(
            "SELECT CAST(a.attname AS TEXT) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
             CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
             JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
             WHERE i.relname = $1 ORDER BY k.n",
        )
        .bind(&index)
        .fetch_all(pool)
        .await
        .unwrap();
        let columns = columns
            .into_iter()
            .map(|(c,)| c)
            .collect::<Vec<_>>()
            .join(",");
        if primary {
            schema.primary_keys.insert((table, columns));
            continue;
        }
        schema.indexes.insert((table.clone(), columns, unique));
        if !from_constraint {
            schema.index_names.insert(index);
        }
    }
    let keys: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT CAST(t.relname AS TEXT), CAST(a.attname AS TEXT), CAST(r.relname AS TEXT), CAST(ra.attname AS TEXT), CAST(c.confdeltype AS TEXT)
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE c.contype = 'f' AND n.nspname = current_schema()",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, column, target, to, action) in keys {
        schema
            .foreign_keys
            .insert((table, column, target, to, normal_action(&action)));
    }
    let tables: Vec<(String, i64)> = sqlx::query_as(
        "SELECT CAST(t.relname AS TEXT), CAST(COUNT(c.oid) AS BIGINT) FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
         LEFT JOIN pg_constraint c ON c.conrelid = t.oid AND c.contype = 'c'
         WHERE t.relkind = 'r' AND n.nspname = current_schema() AND t.relname <> '_sqlx_migrations' GROUP BY t.relname",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, checks) in tables {
        schema
            .checks
            .insert((table, usize::try_from(checks).unwrap()));
    }
    schema
}

fn same<T: Ord + std::fmt::Debug>(what: &str, sqlite: &BTreeSet<T>, postgres: &BTreeSet<T>) {
    let only_sqlite: Vec<_> = sqlite.difference(postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "{what} differ\n only in SQLite: {only_sqlite:#?}\n only in PostgreSQL: {only_postgres:#?}"
    );
}

#[tokio::test]
async fn the_sqlite_and_postgresql_schemas_are_the_same() {
    let Some(server) = postgres_server() else {
        eprintln!("skipped: set HINDSIGHT_TEST_DATABASE_URL to a PostgreSQL server to run it");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Db::connect(&format!("sqlite://{}", dir.path().join("s.db").display()))
        .await
        .unwrap();
    sqlite.migrate().await.unwrap();
    let postgres = Db::connect(&fresh_postgres_database(&server).await)
        .await
        .unwrap();
    postgres.migrate().await.unwrap();
    let (s, p) = (
        sqlite_schema(&sqlite).await,
        postgres_schema(&postgres).await,
    );
    assert!(
        s.columns.len() > 150,
        "the walk found {} columns",
        s.columns.len()
    );
    assert!(
        s.indexes.len() > 30 && s.foreign_keys.len() > 40,
        "{} indexes, {} foreign keys",
        s.indexes.len(),
        s.foreign_keys.len()
    );
    assert!(
        s.checks.iter().filter(|(_, n)| *n > 0).count() >= 5,
        "{:?}",
        s.checks
    );
    same(
        "columns (table, position, name, type, not null, default)",
        &s.columns,
        &p.columns,
    );
    same("primary keys", &s.primary_keys, &p.primary_keys);
    same("indexes (table, columns, unique)", &s.indexes, &p.indexes);
    same("index names", &s.index_names, &p.index_names);
    same("foreign keys", &s.foreign_keys, &p.foreign_keys);
    same("CHECK constraints per table", &s.checks, &p.checks);
}
