//! The fuzz targets' inputs, replayed on stable: every file of
//! `fuzz/corpus/<target>/` (the seeds) and `fuzz/regressions/<target>/`
//! (inputs that once broke something) goes through the same check the fuzz
//! target runs (`fuzz/checks/`), so each `cargo test` keeps what fuzzing found.

#[path = "../fuzz/checks/mod.rs"]
mod checks;

#[path = "../fuzz/checks/replay.rs"]
mod replay;

use std::path::Path;

/// Runs every input of `kind` (`corpus` or `regressions`) for every target;
/// returns how many ran per target and the failures.
fn replay(kind: &str) -> (Vec<(&'static str, usize)>, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind);
    let mut counts = Vec::new();
    let mut failures = Vec::new();
    for (target, check) in checks::TARGETS {
        let files = replay::inputs(&root.join(target));
        failures.extend(replay::failures(&files, check));
        counts.push((*target, files.len()));
    }
    (counts, failures)
}

#[test]
fn every_seed_passes_its_target() {
    let (counts, failures) = replay("corpus");
    println!("corpus inputs per target: {counts:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    for (target, n) in counts {
        assert!(n >= 5, "fuzz/corpus/{target} holds only {n} seeds");
    }
}

#[test]
fn every_regression_passes_its_target() {
    let (counts, failures) = replay("regressions");
    println!("regressions per target: {counts:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The gaps issue 6 closed are among them (fuzz/seeds.py writes them).
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    assert!(total >= 20, "only {total} regressions");
}
