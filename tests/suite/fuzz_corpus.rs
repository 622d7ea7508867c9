//! The fuzz targets' inputs, replayed on stable: every file of
//! `fuzz/corpus/<target>/` (the seeds) and `fuzz/regressions/<target>/`
//! (inputs that once broke something) goes through the same check the fuzz
//! target runs (`fuzz/checks/`), so each `cargo test` keeps what fuzzing found.

// `pub(crate)`: the hostile table checks every answer against `checks::contract` too.
#[path = "../../fuzz/checks/mod.rs"]
pub(crate) mod checks;

#[path = "../../fuzz/checks/replay.rs"]
mod replay;

use std::path::Path;

/// The fewest regressions each target's folder may hold: its count when it was
/// last pinned. Regressions are only ever added, so a lower count means some
/// were lost; raise a target's number when adding to it. Every target of
/// `checks::TARGETS` must be listed.
const REGRESSIONS: &[(&str, usize)] = &[
    ("header_parser", 1),
    ("unsigned_tokens", 7),
    ("signed_tokens", 20),
    ("claims_eval", 2),
    ("cookies_csrf", 3),
    ("requests", 5),
];

/// The fewest seeds each target's corpus may hold.
const SEEDS: usize = 5;

/// Runs every input of `kind` (`corpus` or `regressions`) for every target,
/// each folder holding at least `minimum(target)` inputs; returns how many ran
/// per target and the failures (a missing or short folder is one).
fn replay(
    kind: &str,
    minimum: impl Fn(&str) -> usize,
) -> (Vec<(&'static str, usize)>, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind);
    let mut counts = Vec::new();
    let mut failures = Vec::new();
    for (target, check) in checks::TARGETS {
        match replay::at_least(&root.join(target), minimum(target)) {
            Ok(files) => {
                failures.extend(replay::failures(&files, check));
                counts.push((*target, files.len()));
            }
            Err(why) => failures.push(why),
        }
    }
    (counts, failures)
}

#[test]
fn every_seed_passes_its_target() {
    let (counts, failures) = replay("corpus", |_| SEEDS);
    println!("corpus inputs per target: {counts:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_regression_passes_its_target() {
    let (counts, failures) = replay("regressions", |target| {
        REGRESSIONS
            .iter()
            .find(|(name, _)| *name == target)
            .map(|(_, n)| *n)
            .unwrap_or_else(|| panic!("{target}: no minimum in REGRESSIONS"))
    });
    println!("regressions per target: {counts:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The minimums name only real targets (a renamed target would otherwise keep
/// a stale row and lose its own).
#[test]
fn every_pinned_minimum_names_a_target() {
    for (name, _) in REGRESSIONS {
        assert!(
            checks::TARGETS.iter().any(|(target, _)| target == name),
            "REGRESSIONS names {name}, which is not a target"
        );
    }
}

/// A deleted or thinned regressions folder fails the replay, naming the folder.
#[test]
fn a_missing_or_short_folder_fails() {
    let root = std::env::temp_dir().join(format!("jwt-guard-replay-{}", std::process::id()));
    let missing = root.join("gone");
    let why = replay::at_least(&missing, 1).unwrap_err();
    assert!(
        why.contains(&missing.display().to_string()) && why.contains("missing"),
        "{why}"
    );
    let short = root.join("short");
    std::fs::create_dir_all(&short).unwrap();
    std::fs::write(short.join("one"), b"x").unwrap();
    std::fs::write(short.join("README.md"), b"not an input").unwrap();
    let why = replay::at_least(&short, 2).unwrap_err();
    assert!(
        why.contains(&short.display().to_string()) && why.contains("holds 1 inputs"),
        "{why}"
    );
    assert_eq!(replay::at_least(&short, 1).unwrap().len(), 1);
    std::fs::remove_dir_all(&root).unwrap();
}
