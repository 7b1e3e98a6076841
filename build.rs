// sqlx::migrate! embeds the migration files; rebuild when they change. The translation
// files under locales/ are embedded through a generated list, so adding a file needs no
// code change.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=locales");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut files = Vec::new();
    for lang in read_dir_sorted(&root) {
        println!("cargo:rerun-if-changed={}", lang.display());
        for file in read_dir_sorted(&lang) {
            if file.extension().is_some_and(|e| e == "ftl") {
                files.push(file);
            }
        }
    }
    let mut out = String::from("pub const FILES: &[(&str, &str, &str)] = &[\n");
    for file in &files {
        let lang = file
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str());
        let name = file.file_name().and_then(|n| n.to_str());
        if let (Some(lang), Some(name)) = (lang, name) {
            let _ = writeln!(
                out,
                "    ({lang:?}, {name:?}, include_str!({:?})),",
                file.display().to_string()
            );
        }
    }
    out.push_str("];\n");
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}

fn read_dir_sorted(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}
