//! The `guard_spec` fuzz target's inputs, replayed on stable: every file of
//! `fuzz/corpus/guard_spec/` (the seeds) and `fuzz/regressions/guard_spec/`
//! (inputs that once broke something) goes through the very check the target
//! runs, `fuzz/checks/guard_spec.rs`, included here so it exists once. It is
//! here and not in the root package's `tests/suite/fuzz_corpus.rs` because it calls
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
        let attr = text.split_once('\n').map_or(&*text, |(attr, _)| attr);
        let Ok(args) = attr.parse::<TokenStream>() else {
            continue;
        };
        match check::verdict(&args) {
            Verdict::Accept { .. } => accepted += 1,
            Verdict::Refuse(_) => refused += 1,
        }
    }
    assert!(
        accepted >= 30 && refused >= 50,
        "{accepted} accepted, {refused} refused"
    );
}

/// Attributes whose outcome is known (`Ok(vars)`: valid where `vars` are
/// bound), one or more per rule of the grammar.
fn table() -> Vec<(String, Result<Vec<String>, ()>)> {
    let ok = |vars: &[&str]| Ok::<Vec<String>, ()>(vars.iter().map(|v| v.to_string()).collect());
    let cases: &[(&str, Result<Vec<String>, ()>)] = &[
        ("", ok(&[])),
        ("refresh, fresh", ok(&[])),
        ("refresh, optional, locations(cookies)", ok(&[])),
        ("any_type, locations(cookies, query,),", ok(&[])),
        ("sub = \"username\", fresh", ok(&["username"])),
        ("sub = \"usrname\"", ok(&["usrname"])),
        (
            "r#type = \"u\", org.id = \"o\", a.b = \"u\"",
            ok(&["u", "o"]),
        ),
        ("fresh.x = \"u\", r#fresh = \"v\"", ok(&["u", "v"])),
        (
            "claims(role = \"admin\", level = -3, org.id = 7, roles = [\"a\", 1, true], e = [])",
            ok(&[]),
        ),
        ("claims(fresh = r\"x\", n = 0x10, m = 1_000)", ok(&[])),
        ("scope(admin = true, perm.read = true)", ok(&[])),
        ("scope(\"read:users\", \"write\"), scope(\"x\")", ok(&[])),
        (
            "any(sub = \"a\", sub = \"b\"), not(claims(x = 1)), all(claims(y = 2))",
            ok(&["a", "b"]),
        ),
        ("claims(x = 1), any(claims(x = 2))", ok(&[])),
        // Named guards (docs/guard-reference.md §1.7).
        ("Admin", ok(&[])),
        ("Admin, sub = \"username\", fresh", ok(&["username"])),
        ("::guards::Admin, optional", ok(&[])),
        ("r#Admin, crate::X", Err(())),
        ("any(Admin)", Err(())),
        ("not(guards::Admin)", Err(())),
        ("guards::Admin = 1", Err(())),
        ("guards::", Err(())),
        ("admin", Err(())),
        (
            &format!("{}claims(x = 1){}", "not(".repeat(16), ")".repeat(16)),
            ok(&[]),
        ),
        (
            &format!("{}claims(x = 1){}", "not(".repeat(17), ")".repeat(17)),
            Err(()),
        ),
        ("refresh, fresh, optional", Err(())),
        ("optional, sub = \"username\"", Err(())),
        ("optional, any(claims(a = 1))", Err(())),
        ("refresh, any_type", Err(())),
        ("fresh, fresh", Err(())),
        ("frsh", Err(())),
        ("r#fresh", Err(())),
        ("\"admin\"", Err(())),
        ("fresh,,", Err(())),
        (",", Err(())),
        ("sub = 5", Err(())),
        ("sub = \"username\"x", Err(())),
        ("sub = \"username\", sub = \"other\"", Err(())),
        ("claims(sub = \"a\"), r#sub = \"username\"", Err(())),
        ("locations(json)", Err(())),
        ("locations(r#headers)", Err(())),
        ("locations(headers), locations(query)", Err(())),
        ("locations()", Err(())),
        ("any()", Err(())),
        ("all()", Err(())),
        ("not(claims(a = 1), claims(b = 2))", Err(())),
        ("any(fresh)", Err(())),
        ("not(locations(headers))", Err(())),
        ("claims(role = \"admin\")", ok(&[])),
        ("claims(level = 1.5)", Err(())),
        ("claims(level = 3u8)", Err(())),
        ("claims(level = 9223372036854775808)", Err(())),
        ("claims(level = -9223372036854775808)", ok(&[])),
        ("claims(level = MAX)", Err(())),
        ("claims(c = 'x')", Err(())),
        ("claims(roles = [[\"a\"]])", Err(())),
        ("claims(roles = [\"a\"] x)", Err(())),
        ("claims(roles = [,])", Err(())),
        ("claims(a = 1, a = 2)", Err(())),
        ("claims(a)", Err(())),
        ("claims", Err(())),
        ("scope(\"a\", admin = true)", Err(())),
        ("scope(admin = true), any(scope(\"a\"))", Err(())),
        ("scope(\"a b\")", Err(())),
        ("scope(\"\")", Err(())),
        ("scope(\"a\", \"a\")", Err(())),
        ("scope(read)", Err(())),
        ("scope(a = 1, a = 2)", Err(())),
        ("fresh x", Err(())),
        ("a..b = \"u\"", Err(())),
        ("a. b = \"u\"", ok(&["u"])),
        ("a == \"u\"", Err(())),
    ];
    let nested = |n: usize| format!("{}claims(x = 1){}", "not(".repeat(n), ")".repeat(n));
    cases
        .iter()
        .map(|(attr, want)| (attr.to_string(), want.clone()))
        .chain([(nested(16), ok(&[])), (nested(17), Err(()))])
        .collect()
}

/// The check itself catches what it claims to: its own reading knows the
/// table.
#[test]
fn the_reading_knows_the_spec() {
    for (attr, want) in table() {
        let got = match check::verdict(&attr.parse().unwrap()) {
            Verdict::Accept { vars, .. } => Ok(vars),
            Verdict::Refuse(_) => Err(()),
        };
        assert_eq!(got, want, "{attr}");
    }
}

/// And the macro agrees with it on every row, on [`check::HANDLER`] (which
/// binds `username` only), so a wrong row is caught too.
#[test]
fn the_table_goes_through_the_check() {
    for (attr, _) in table() {
        check::guard_spec(attr.as_bytes());
    }
}

/// Inputs rustc would never hand the macro still get a verdict.
#[test]
fn inputs_that_cannot_reach_the_macro_are_judged_too() {
    for input in [
        // The attribute does not lex: judged as `#[require_token("…")]`.
        &b"claims(x = \"unterminated)"[..],
        b"fresh, '",
        // Not UTF-8.
        b"fresh\xff",
        // The item does not lex, or nests too deep: the attribute is judged on HANDLER.
        b"fresh\nasync fn f() { \"",
        // Lexes, but is not an item.
        b"fresh\nfn f();",
        b"fresh\nx y z",
        // Itself a `compile_error!`.
        b"fresh\ncompile_error!(\"\");",
    ] {
        check::guard_spec(input);
    }
    let deep = format!("fresh\nasync fn f() {}{}", "{".repeat(40), "}".repeat(40));
    check::guard_spec(deep.as_bytes());
    let deep = format!("{}fresh{}", "any(".repeat(40), ")".repeat(40));
    assert!(matches!(
        check::verdict(&deep.parse().unwrap()),
        Verdict::Refuse(_)
    ));
    check::guard_spec(deep.as_bytes());
}
