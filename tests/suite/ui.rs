//! Compile-time behaviour of `#[require_token]`: every error of docs/guard-reference.md §1.5 has a
//! `fail/<group>-<case>.rs` with its reviewed `.stderr`, and the `pass/` cases prove
//! the expansion compiles in awkward surroundings. The toolchain is pinned in
//! `rust-toolchain.toml`, so the snapshots are stable; regenerate them with
//! `TRYBUILD=overwrite cargo test --test suite -- ui::` and review the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
