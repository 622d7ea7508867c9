//! Reads criterion's estimates from the last run and prints the tables of
//! BENCHMARKS.md: per request with its ratios, the targets, and per
//! operation. `./run.sh` runs the benches and then this.
//!
//! Each bench's number is criterion's median (`median.point_estimate`); when
//! `run.sh` ran several rounds (`target/bench-rounds/<n>/`), the median of
//! those medians, with their range in the per-request table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Deserialize;

#[derive(Deserialize)]
struct Benchmark {
    group_id: String,
    function_id: Option<String>,
}

#[derive(Deserialize)]
struct Estimates {
    median: Estimate,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
}

/// `group/function` → median ns.
type Results = BTreeMap<String, f64>;

/// `group/function` → (min, max) over the rounds.
type Ranges = BTreeMap<String, (f64, f64)>;

/// The rounds of `run.sh`, or criterion's own directory after a plain
/// `cargo bench`.
fn result_dirs() -> Vec<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let mut rounds: Vec<PathBuf> = std::fs::read_dir(target.join("bench-rounds"))
        .into_iter()
        .flatten()
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.is_dir())
        .collect();
    rounds.sort();
    if rounds.is_empty() {
        rounds.push(
            std::env::var_os("CRITERION_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| target.join("criterion")),
        );
    }
    rounds
}

/// The median of each bench over the rounds, and the range of the rounds.
fn combine(rounds: &[Results]) -> (Results, Ranges) {
    let mut all: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for round in rounds {
        for (name, value) in round {
            all.entry(name).or_default().push(*value);
        }
    }
    let mut results = Results::new();
    let mut ranges = Ranges::new();
    for (name, mut values) in all {
        values.sort_by(f64::total_cmp);
        let mid = values.len() / 2;
        let median = if values.len() % 2 == 1 {
            values[mid]
        } else {
            (values[mid - 1] + values[mid]) / 2.0
        };
        results.insert(name.to_owned(), median);
        ranges.insert(name.to_owned(), (values[0], values[values.len() - 1]));
    }
    (results, ranges)
}

fn read(dir: &Path) -> std::io::Result<Results> {
    let mut results = Results::new();
    for group in std::fs::read_dir(dir)? {
        let group = group?.path();
        if !group.is_dir() {
            continue;
        }
        for bench in std::fs::read_dir(&group)? {
            let new = bench?.path().join("new");
            let (Ok(meta), Ok(estimates)) = (
                std::fs::read(new.join("benchmark.json")),
                std::fs::read(new.join("estimates.json")),
            ) else {
                continue;
            };
            let (Ok(meta), Ok(estimates)) = (
                serde_json::from_slice::<Benchmark>(&meta),
                serde_json::from_slice::<Estimates>(&estimates),
            ) else {
                continue;
            };
            let name = match meta.function_id {
                Some(function) => format!("{}/{function}", meta.group_id),
                None => meta.group_id,
            };
            results.insert(name, estimates.median.point_estimate);
        }
    }
    Ok(results)
}

/// `3169.4` → `3,169`.
fn ns(value: f64) -> String {
    let digits = format!("{:.0}", value);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ratio(value: f64) -> String {
    format!("{value:.2}")
}

/// What each request bench is, for the table.
const REQUESTS: &[(&str, &str)] = &[
    ("unprotected", "unprotected handler"),
    ("guard", "**jwt-guard** `#[require_token]`"),
    (
        "guard_claims_scope_path",
        "**jwt-guard** `sub = \"username\", claims(..), scope(..)` + `Path`",
    ),
    (
        "guard_scope_list",
        "**jwt-guard** `scope(orders = [\"read\"])`",
    ),
    ("guard_claims", "**jwt-guard** `claims(role = \"admin\")`"),
    (
        "guard_sub_path",
        "**jwt-guard** `sub = \"username\"` + `Path`",
    ),
    ("guard_optional", "**jwt-guard** `optional`, token present"),
    (
        "guard_optional_absent",
        "**jwt-guard** `optional`, no token",
    ),
    ("guard_cached", "**jwt-guard** cached repeat token"),
    (
        "hand_written_decode",
        "hand-written extractor calling `jsonwebtoken::decode`",
    ),
    ("jwt_authorizer", "jwt-authorizer 0.15 (layer)"),
    ("axum_jwt_auth", "axum-jwt-auth 0.7 (`Claims<T>`)"),
];

/// The parts whose sum is the lean decode floor.
const FLOOR_PARTS: &[&str] = &[
    "floor/hmac_sha256_verify",
    "floor/base64url_three_segments",
    "floor/header_json_struct",
    "floor/claims_json_struct",
];

fn print_requests(r: &Results, ranges: &Ranges, rounds: usize) {
    let get = |name: &str| r.get(&format!("request/{name}")).copied();
    let unprotected = get("unprotected");
    let guard = get("guard");
    println!("### Per request (axum 0.8 router, `oneshot`, HS256)\n");
    println!("| per request | median ns | rounds' range | ÷ unprotected | our guard ÷ this |");
    println!("|---|---:|---:|---:|---:|");
    for (name, label) in REQUESTS {
        let Some(value) = get(name) else { continue };
        let over_open = unprotected.map_or("–".into(), |u| ratio(value / u));
        let ours_over = match guard {
            Some(g) if !name.starts_with("guard") && *name != "unprotected" => ratio(g / value),
            _ => "–".into(),
        };
        let range = match ranges.get(&format!("request/{name}")) {
            Some((lo, hi)) if rounds > 1 => format!("{}–{}", ns(*lo), ns(*hi)),
            _ => "–".into(),
        };
        println!(
            "| {label} | {} | {range} | {over_open} | {ours_over} |",
            ns(value)
        );
    }
    println!();
}

/// Issue 13's target: a route with requirements costs at most 1.1× the plain guard.
fn print_requirement_targets(r: &Results) {
    let get = |name: &str| r.get(&format!("request/{name}")).copied();
    let Some(guard) = get("guard") else { return };
    println!("### Requirement routes ÷ the plain guard, from this run\n");
    println!("| route | ÷ plain guard | target | met |");
    println!("|---|---:|---:|:---:|");
    for (name, target) in [
        ("guard_scope_list", Some(1.1)),
        ("guard_claims", Some(1.1)),
        ("guard_sub_path", Some(1.1)),
        ("guard_claims_scope_path", None),
    ] {
        let Some(value) = get(name) else { continue };
        let label = REQUESTS
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(name, |(_, l)| *l);
        match target {
            Some(t) => {
                let met = if value / guard <= t { "yes" } else { "no" };
                println!("| {label} | {} | ≤ {t} | {met} |", ratio(value / guard));
            }
            None => println!("| {label} | {} | | |", ratio(value / guard)),
        }
    }
    println!();
}

fn print_targets(r: &Results) {
    let get = |name: &str| r.get(name).copied();
    let (Some(guard), Some(unprotected)) = (get("request/guard"), get("request/unprotected"))
    else {
        return;
    };
    let parts: Option<Vec<f64>> = FLOOR_PARTS.iter().map(|p| get(p)).collect();
    println!("### Issue 7's targets, from this run\n");
    println!("| measure | value | target | met |");
    println!("|---|---:|---:|:---:|");
    let row = |what: &str, value: f64, target: f64| {
        let met = if value <= target { "yes" } else { "no" };
        println!("| {what} | {} | ≤ {target} | {met} |", ratio(value));
    };
    if let Some(hand) = get("request/hand_written_decode") {
        row(
            "guard ÷ hand-written `jsonwebtoken::decode`",
            guard / hand,
            0.75,
        );
    }
    if let Some(authorizer) = get("request/jwt_authorizer") {
        row("guard ÷ jwt-authorizer", guard / authorizer, 0.6);
        if let Some(cached) = get("request/guard_cached") {
            row("cached repeat ÷ jwt-authorizer", cached / authorizer, 0.3);
        }
    }
    if let Some(parts) = &parts {
        let floor = unprotected + parts.iter().sum::<f64>();
        row(
            &format!(
                "guard ÷ floor (unprotected + lean decode parts = {} ns)",
                ns(floor)
            ),
            guard / floor,
            1.4,
        );
    }
    if let Some(lean) = get("verify/lean_HS256") {
        let floor = unprotected + lean;
        println!(
            "| guard ÷ (unprotected + lean decode path = {} ns) | {} | | |",
            ns(floor),
            ratio(guard / floor)
        );
    }
    println!();
}

/// The algorithms of the verify benches: `verify/ours_<alg>` against
/// `verify/jsonwebtoken_<alg>`; a row shows whichever of the two ran.
const ALGORITHMS: &[&str] = &["HS256", "RS256", "ES256", "EdDSA"];

fn print_ops(r: &Results) {
    let get = |name: &str| r.get(name).copied();
    let cell = |v: Option<f64>| v.map_or("–".into(), ns);
    println!(
        "### Per operation: verify (signature, `exp`/`nbf`/`aud`; ours keeps every claim, \
         jsonwebtoken's fills the peers' two-field struct)\n"
    );
    println!(
        "| algorithm | jwt-guard `JwtManager::verify` ns | `jsonwebtoken::decode` ns | ours ÷ jsonwebtoken |"
    );
    println!("|---|---:|---:|---:|");
    for alg in ALGORITHMS {
        let ours = get(&format!("verify/ours_{alg}"));
        let theirs = get(&format!("verify/jsonwebtoken_{alg}"));
        if ours.is_none() && theirs.is_none() {
            continue;
        }
        let over = match (ours, theirs) {
            (Some(o), Some(t)) => ratio(o / t),
            _ => "–".into(),
        };
        println!("| {alg} | {} | {} | {over} |", cell(ours), cell(theirs));
    }
    println!();
    let hs = get("verify/jsonwebtoken_HS256");
    let over_hs = |v: f64| hs.map_or("–".into(), |b| ratio(v / b));
    println!("| operation | median ns | ÷ `jsonwebtoken::decode` HS256 |");
    println!("|---|---:|---:|");
    let rows: &[(&str, &str)] = &[
        (
            "verify/jsonwebtoken_HS256_map",
            "`jsonwebtoken::decode` HS256 into a `Map`",
        ),
        (
            "verify/lean_HS256",
            "lean decode path, HS256 (the floor as code)",
        ),
        (
            "mint/ours_create_access_token",
            "mint: jwt-guard `create_access_token`",
        ),
        (
            "mint/jsonwebtoken_encode",
            "mint: `jsonwebtoken::encode` of ready claims",
        ),
        (
            "floor/hmac_sha256_verify",
            "floor: HMAC-SHA256 verify (pre-keyed)",
        ),
        (
            "floor/base64url_three_segments",
            "floor: base64url of the three segments",
        ),
        ("floor/header_json_struct", "floor: header JSON → struct"),
        (
            "floor/claims_json_struct",
            "floor: claims JSON → reserved-claims struct",
        ),
        (
            "floor/claims_json_map",
            "claims JSON → `Map<String, Value>` (for comparison)",
        ),
    ];
    for (name, label) in rows {
        if let Some(v) = get(name) {
            println!("| {label} | {} | {} |", ns(v), over_hs(v));
        }
    }
    let parts: Option<Vec<f64>> = FLOOR_PARTS.iter().map(|p| get(p)).collect();
    if let Some(parts) = parts {
        let sum = parts.iter().sum::<f64>();
        println!(
            "| sum of the four floor parts | {} | {} |",
            ns(sum),
            over_hs(sum)
        );
    }
    // Benches added later (an `ours_RS256`, a cache) still show up.
    let known = |name: &str| {
        rows.iter().any(|(n, _)| *n == name)
            || FLOOR_PARTS.contains(&name)
            || ALGORITHMS.iter().any(|a| {
                name == format!("verify/ours_{a}") || name == format!("verify/jsonwebtoken_{a}")
            })
    };
    for (name, v) in r {
        if !name.starts_with("request/") && !known(name) {
            println!("| `{name}` | {} | {} |", ns(*v), over_hs(*v));
        }
    }
    println!();
}

fn main() -> ExitCode {
    let dirs = result_dirs();
    let rounds: Vec<Results> = dirs
        .iter()
        .filter_map(|dir| read(dir).ok())
        .filter(|round| !round.is_empty())
        .collect();
    if rounds.is_empty() {
        eprintln!(
            "no criterion results under {}; run ./run.sh (or cargo bench) first",
            dirs[0].display()
        );
        return ExitCode::FAILURE;
    }
    let (results, ranges) = combine(&rounds);
    println!(
        "Each number: criterion's median; the median of {} rounds' medians.\n",
        rounds.len()
    );
    print_requests(&results, &ranges, rounds.len());
    print_targets(&results);
    print_requirement_targets(&results);
    print_ops(&results);
    ExitCode::SUCCESS
}
