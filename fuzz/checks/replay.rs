//! Replaying a fuzz target's inputs on stable, shared by the root package's
//! `tests/suite/fuzz_corpus.rs` and `jwt-guard-macros`' own replay (which cannot
//! share a crate with it, so both include this file with `#[path]`).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// The input files of `dir`, sorted; none when it does not exist (git keeps
/// no empty directory, so a target without regressions has none).
pub(crate) fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

/// The input files of `dir`, which must hold at least `at_least` of them: a
/// folder deleted, renamed or emptied (a careless merge, a regenerated corpus)
/// would otherwise replay nothing and pass. The error names the folder.
pub(crate) fn at_least(dir: &Path, at_least: usize) -> Result<Vec<PathBuf>, String> {
    if !dir.is_dir() {
        return Err(format!(
            "{} is missing: it must hold at least {at_least} inputs",
            dir.display()
        ));
    }
    let files = inputs(dir);
    if files.len() < at_least {
        return Err(format!(
            "{} holds {} inputs, fewer than the {at_least} it must keep",
            dir.display(),
            files.len()
        ));
    }
    Ok(files)
}

/// Runs `check` on every file; one line per input whose check panicked.
pub(crate) fn failures(files: &[PathBuf], check: impl Fn(&[u8])) -> Vec<String> {
    let mut failures = Vec::new();
    for file in files {
        let data = std::fs::read(file).unwrap();
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&data))) {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{}: {why}", file.display()));
        }
    }
    failures
}
