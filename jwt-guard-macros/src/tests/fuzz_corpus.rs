//! The `guard_spec` fuzz target's inputs, replayed on stable: every file of
//! `fuzz/corpus/guard_spec/` (the seeds) and `fuzz/regressions/guard_spec/`
//! (inputs that once broke something) goes through the very check the target
//! runs, `fuzz/checks/guard_spec.rs`, included here so it exists once. It is
//! here and not in the root package's `tests/fuzz_corpus.rs` because it calls
//! this crate's private `expand::require_token`, which a proc-macro crate
//! cannot export.

#[path = "../../../fuzz/checks/guard_spec.rs"]
mod check;

#[path = "../../../fuzz/checks/replay.rs"]
mod replay;

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

use check::Verdict;

fn dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz")
        .join(kind)
        .join("guard_spec")
}

/// Every input of `kind` through the check; the count and the failures.
fn replay(kind: &str) -> (usize, Vec<String>) {
    let files = replay::inputs(&dir(kind));
    (files.len(), replay::failures(&files, check::guard_spec))
}

#[test]
fn every_seed_passes() {
    let (n, failures) = replay("corpus");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(n >= 30, "fuzz/corpus/guard_spec holds only {n} seeds");
}

/// The fewest regressions `fuzz/regressions/guard_spec/` may hold: its count
/// when last pinned (raise it when adding), so that a deleted or thinned
/// folder fails here rather than replaying nothing.
const REGRESSIONS: usize = 3;

#[test]
fn every_regression_passes() {
    let files =
        replay::at_least(&dir("regressions"), REGRESSIONS).unwrap_or_else(|why| panic!("{why}"));
    let failures = replay::failures(&files, check::guard_spec);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The seeds exercise both sides of the independent reading, so the
/// cross-check is not vacuous.
#[test]
fn seeds_reach_both_verdicts() {
    let (mut accepted, mut refused) = (0, 0);
    for entry in std::fs::read_dir(dir("corpus")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        let (attr, rest) = text.split_once('\n').unwrap_or((&text, ""));
        let Ok(args) = attr.parse::<TokenStream>() else {
            continue;
        };
        match check::verdict(&args, rest.trim().is_empty()) {
            Verdict::Accept { .. } => accepted += 1,
            Verdict::Refuse(_) => refused += 1,
            Verdict::Unknown => {}
        }
    }
    assert!(
        accepted >= 5 && refused >= 10,
        "{accepted} accepted, {refused} refused"
    );
}

/// The check itself catches what it claims to: a panic-free pipeline that
/// wrongly accepted would be reported. (The check's own reading, on inputs
/// whose outcome is known.)
#[test]
fn the_reading_knows_the_spec() {
    let cases: &[(&str, bool, Option<bool>)] = &[
        ("", true, Some(true)),
        ("refresh, fresh", true, Some(true)),
        ("refresh, optional, locations(cookies)", true, Some(true)),
        ("refresh, fresh, optional", true, Some(false)),
        ("optional, sub = \"username\"", true, Some(false)),
        ("any_type, locations(cookies, query,),", true, Some(true)),
        ("sub = \"username\", fresh", true, Some(true)),
        ("refresh, any_type", true, Some(false)),
        ("fresh, fresh", true, Some(false)),
        ("frsh", true, Some(false)),
        ("\"admin\"", true, Some(false)),
        ("fresh,,", true, Some(false)),
        ("sub = 5", true, Some(false)),
        ("sub = \"username\"x", true, Some(false)),
        ("sub = \"usrname\"", true, Some(false)),
        ("sub = \"usrname\"", false, None),
        ("sub = \"username\"", false, Some(true)),
        ("locations(json)", true, Some(false)),
        ("any()", true, Some(false)),
        ("claims(role = \"admin\")", true, None),
        ("r#fresh", true, None),
    ];
    for (attr, default_handler, want) in cases {
        let got = match check::verdict(&attr.parse().unwrap(), *default_handler) {
            Verdict::Accept { .. } => Some(true),
            Verdict::Refuse(_) => Some(false),
            Verdict::Unknown => None,
        };
        assert_eq!(got, *want, "{attr}");
    }
}
