//! The checks behind every fuzz target, shared by the targets
//! (`fuzz/fuzz_targets/*.rs`, built with cargo fuzz on nightly) and by their
//! stable replay (`tests/suite/fuzz_corpus.rs`), which runs every corpus input and
//! every regression through the same functions on each `cargo test`.
//!
//! Each check drives the public API only: a real router with guarded routes,
//! requests sent with `tower::ServiceExt::oneshot`. Each panics when the guard
//! breaks a rule: a 5xx, a broken RFC 6750 answer (see [`contract`]), an
//! accepted forgery, or an answer the independent [`reference`] disagrees with.
//!
//! Input formats (so that seeds can be written by hand):
//! * `header_parser`: up to four `Authorization` values, one per line; `$` is
//!   a valid token.
//! * `unsigned_tokens`: the bytes are the token.
//! * `signed_tokens`, `claims_eval`: bytes drive a generator of JOSE headers
//!   and claims (signed with the manager's secret); or, starting with `R`,
//!   `R<route>\n<header JSON>\n<payload JSON>` (`claims_eval`:
//!   `R<route>\n<payload JSON>`), where `$NOW` and `$EXP` are replaced by now
//!   and an hour from now.
//! * `cookies_csrf`: lines `m:<method>`, `p:<route>`, `c:<Cookie value>`,
//!   `x:<X-CSRF-TOKEN value>`, `a:<Authorization value>`, `q:<query>`.
//! * `requests`: an HTTP/1-like request: method line, target line, then
//!   `Name: value` header lines, an empty line and the body.
//!
//! In the last three, `$A`, `$R`, `$F`, `$H`, `$X`, `$E` stand for tokens
//! (access, refresh, fresh, minted for headers, forged, expired) and `$a`,
//! `$r`, `$f` for the CSRF values of the first three.

// Each fuzz target uses one check; the replay test uses them all.
#![allow(dead_code)]

pub(crate) mod contract;
pub(crate) mod json;
pub(crate) mod reference;

// One file per target: its check and what only it uses. What several share
// (routes, fixtures, generators) stays below.
mod claims_eval;
mod cookies_csrf;
mod header_parser;
mod requests;
mod signed_tokens;
mod unsigned_tokens;

pub(crate) use claims_eval::claims_eval;
pub(crate) use cookies_csrf::cookies_csrf;
pub(crate) use header_parser::header_parser;
pub(crate) use requests::requests;
pub(crate) use signed_tokens::signed_tokens;
pub(crate) use unsigned_tokens::unsigned_tokens;

use std::future::Future;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{HeaderValue, Method, Request, Uri};
use axum::routing::any;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http_body_util::BodyExt;
use jwt_guard::revoke::{MemoryStore, RevocationStore};
use jwt_guard::{Algorithm, GuardError, JwtManager, Key, Token, TokenLocation, require_token};
use tower::ServiceExt;

use contract::Response;
use json::J;
use reference::{Accepts, Config, Found, Outcome};

/// Every target: its name (the directory of its corpus) and its check.
/// A fuzz target's check: panics when the guard breaks a rule.
pub(crate) type Check = fn(&[u8]);

pub(crate) const TARGETS: &[(&str, Check)] = &[
    ("header_parser", header_parser),
    ("unsigned_tokens", unsigned_tokens),
    ("signed_tokens", signed_tokens),
    ("claims_eval", claims_eval),
    ("cookies_csrf", cookies_csrf),
    ("requests", requests),
];

const SECRET: &[u8] = b"the-fuzzing-secret-of-at-least-32-bytes";
const ATTACKER: &[u8] = b"an-attacker-secret-that-is-long-enough!!";
const ISSUER: &str = "iss-A";
const AUDIENCE: &str = "aud-A";
const REVOKED: &str = "revoked";

const PLAIN: Config = Config {
    secret: SECRET,
    issuer: None,
    audience: &[],
    revoked: &[],
};
const SIGNED: Config = Config {
    secret: SECRET,
    issuer: Some(ISSUER),
    audience: &[AUDIENCE],
    revoked: &[REVOKED],
};

// ---- the routes ---------------------------------------------------------------

#[require_token]
async fn access(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(refresh)]
async fn refresh(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(fresh)]
async fn fresh(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(any_type)]
async fn any_type(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(optional)]
async fn optional(token: Option<Token>) -> String {
    token.map_or_else(
        || "anonymous".to_owned(),
        |t| t.identity_str().unwrap_or_default().to_owned(),
    )
}

#[require_token(claims(role = "admin", level = 3, org.id = 7, roles = ["admin", "ops"]))]
async fn c1() -> &'static str {
    "c1"
}

#[require_token(scope(admin = true, perm.read = true, groups = ["a"]))]
async fn c2() -> &'static str {
    "c2"
}

#[require_token(scope("read", "write"))]
async fn c3() -> &'static str {
    "c3"
}

#[require_token(any(
    scope(admin = true),
    all(claims(team = "red"), not(claims(banned = true)))
))]
async fn c4() -> &'static str {
    "c4"
}

#[require_token(uid = "id")]
async fn c5(Path(id): Path<u64>) -> String {
    id.to_string()
}

#[require_token(any(claims(role = "owner"), team = "name"))]
async fn c6(Path(name): Path<String>) -> String {
    name
}

#[require_token(not(any(claims(level = -1), claims(role = ["x"]))))]
async fn c7() -> &'static str {
    "c7"
}

#[require_token(claims(delta = -2, active = false, type = "access"))]
async fn c8() -> &'static str {
    "c8"
}

fn router(manager: &JwtManager) -> Router {
    Router::new()
        .route("/access", any(access))
        .route("/refresh", any(refresh))
        .route("/fresh", any(fresh))
        .route("/any", any(any_type))
        .route("/optional", any(optional))
        .route("/c1", any(c1))
        .route("/c2", any(c2))
        .route("/c3", any(c3))
        .route("/c4", any(c4))
        .route("/c5/{id}", any(c5))
        .route("/c6/{name}", any(c6))
        .route("/c7", any(c7))
        .route("/c8", any(c8))
        .layer(manager.layer())
}

// ---- the plain interpreter of the claim routes ------------------------------

/// A literal of the guard grammar.
#[derive(Debug)]
enum L {
    S(&'static str),
    I(i64),
    B(bool),
    List(Vec<L>),
}

/// A requirement of the guard grammar, as docs/guard-reference.md §1 words it.
#[derive(Debug)]
enum G {
    All(Vec<G>),
    Any(Vec<G>),
    Not(Box<G>),
    Claim(&'static [&'static str], L),
    Scope(&'static [&'static str], L),
    ScopeHas(&'static [&'static str]),
    /// The claim equals the route's one path variable.
    Var(&'static str),
}

/// A path variable as the handler binds it.
#[derive(Debug, Clone)]
enum Var {
    U64(u64),
    Str(String),
}

/// The claim routes: path without variable, requirement, variable kind.
fn claim_routes() -> Vec<(&'static str, G)> {
    use G::*;
    use L::*;
    vec![
        (
            "/c1",
            All(vec![
                Claim(&["role"], S("admin")),
                Claim(&["level"], I(3)),
                Claim(&["org", "id"], I(7)),
                Claim(&["roles"], List(vec![S("admin"), S("ops")])),
            ]),
        ),
        (
            "/c2",
            All(vec![
                Scope(&["admin"], B(true)),
                Scope(&["perm", "read"], B(true)),
                Scope(&["groups"], List(vec![S("a")])),
            ]),
        ),
        ("/c3", ScopeHas(&["read", "write"])),
        (
            "/c4",
            Any(vec![
                Scope(&["admin"], B(true)),
                All(vec![
                    Claim(&["team"], S("red")),
                    Not(Box::new(Claim(&["banned"], B(true)))),
                ]),
            ]),
        ),
        ("/c5", Var("uid")),
        ("/c6", Any(vec![Claim(&["role"], S("owner")), Var("team")])),
        (
            "/c7",
            Not(Box::new(Any(vec![
                Claim(&["level"], I(-1)),
                Claim(&["role"], List(vec![S("x")])),
            ]))),
        ),
        (
            "/c8",
            All(vec![
                Claim(&["delta"], I(-2)),
                Claim(&["active"], B(false)),
                Claim(&["type"], S("access")),
            ]),
        ),
    ]
}

fn lookup<'a>(root: &'a J, path: &[&str]) -> Option<&'a J> {
    path.iter().try_fold(root, |value, key| value.get(key))
}

/// Strict equality: a JSON type is never coerced into another.
fn literal_holds(claim: &J, lit: &L) -> bool {
    match (lit, claim) {
        (L::S(s), J::Str(c)) => c == s,
        (L::I(n), J::Num(c)) => c.int == Some(i128::from(*n)),
        (L::B(b), J::Bool(c)) => c == b,
        (L::List(items), J::Arr(arr)) => items
            .iter()
            .all(|item| arr.iter().any(|c| literal_holds(c, item))),
        _ => false,
    }
}

/// Equal as JSON values, or a string holding the canonical text of a number.
fn var_holds(claim: &J, var: &Var) -> bool {
    match (var, claim) {
        (Var::U64(n), J::Num(c)) => c.int == Some(i128::from(*n)),
        (Var::U64(n), J::Str(c)) => *c == n.to_string(),
        (Var::Str(s), J::Str(c)) => c == s,
        _ => false,
    }
}

fn holds(req: &G, claims: &J, var: Option<&Var>) -> bool {
    match req {
        G::All(reqs) => reqs.iter().all(|r| holds(r, claims, var)),
        G::Any(reqs) => reqs.iter().any(|r| holds(r, claims, var)),
        G::Not(r) => !holds(r, claims, var),
        G::Claim(path, lit) => lookup(claims, path).is_some_and(|c| literal_holds(c, lit)),
        G::Scope(path, lit) => match claims.get("scope") {
            Some(scope @ J::Obj(_)) => lookup(scope, path).is_some_and(|c| literal_holds(c, lit)),
            _ => false,
        },
        G::ScopeHas(wanted) => match claims.get("scope") {
            Some(J::Str(s)) => wanted.iter().all(|w| s.split(' ').any(|have| have == *w)),
            Some(J::Arr(items)) => wanted
                .iter()
                .all(|w| items.iter().any(|have| have.as_str() == Some(*w))),
            _ => false,
        },
        G::Var(name) => match (claims.get(name), var) {
            (Some(claim), Some(var)) => var_holds(claim, var),
            _ => false,
        },
    }
}

// ---- fixtures -------------------------------------------------------------------

struct Fixture {
    /// HS256, the `Authorization` header only.
    plain: Router,
    /// As `plain`, with an issuer, an audience and a revoked `jti`.
    signed: Router,
    /// A secret nobody knows, beside an RS256 public key.
    unsigned: (JwtManager, Router),
    /// Cookies (with CSRF), then the header, then the query string.
    multi: Router,
    /// A valid access token for `alice` from `plain`.
    valid: String,
    /// Marker → text, for the line formats.
    markers: Vec<(&'static str, String)>,
    /// Identities whose tokens must never be accepted.
    never: [&'static str; 2],
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let plain = JwtManager::builder().secret(SECRET).build().unwrap();
        let store = MemoryStore::new();
        let far = SystemTime::now() + Duration::from_secs(10 * 365 * 86400);
        block_on(store.revoke_jti(REVOKED, far)).unwrap();
        let signed = JwtManager::builder()
            .secret(SECRET)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .revocation_store(store)
            .build()
            .unwrap();
        let unknown = format!("{}{}", uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
        // Every kind of key, so that forged signatures reach every verifier.
        let public = |alg, pem: &[u8], kid: &str| Key::from_pem(alg, pem).unwrap().with_kid(kid);
        let rsa = include_bytes!("../../tests/keys/rsa2048.pub.pem");
        let unsigned = JwtManager::builder()
            .secret(unknown)
            .verification_key(
                public(Algorithm::RS256, rsa, "rsa")
                    .also_for(Algorithm::PS256)
                    .unwrap(),
            )
            .verification_key(public(
                Algorithm::ES256,
                include_bytes!("../../tests/keys/p256.pub.pem"),
                "es",
            ))
            .verification_key(public(
                Algorithm::EdDSA,
                include_bytes!("../../tests/keys/ed25519.pub.pem"),
                "ed",
            ))
            .allowed_algorithms([
                Algorithm::HS256,
                Algorithm::RS256,
                Algorithm::PS256,
                Algorithm::ES256,
                Algorithm::EdDSA,
            ])
            .build()
            .unwrap();
        let multi = JwtManager::builder()
            .secret(SECRET)
            .token_locations([
                TokenLocation::Cookies,
                TokenLocation::Headers,
                TokenLocation::Query,
            ])
            .build()
            .unwrap();
        let day = Duration::from_secs(86400);
        let mint = |m: &JwtManager, who: &str| m.access_token(who).expires_in(day).mint().unwrap();
        let access = mint(&multi, "alice");
        let refresh = multi.refresh_token("rita").expires_in(day).mint().unwrap();
        let fresh = multi
            .access_token("fred")
            .fresh(true)
            .expires_in(day)
            .mint()
            .unwrap();
        let headers_only = mint(&plain, "henry");
        let forged = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(Algorithm::HS256),
            &serde_json::json!({"sub": "mallory", "type": "access", "csrf": "c",
                "exp": now_secs() + 86400}),
            &jsonwebtoken::EncodingKey::from_secret(ATTACKER),
        )
        .unwrap();
        let expired = multi
            .access_token("eve")
            .issued_at(SystemTime::now() - 2 * day)
            .mint()
            .unwrap();
        let markers = vec![
            ("$a", csrf_of(&access)),
            ("$r", csrf_of(&refresh)),
            ("$f", csrf_of(&fresh)),
            ("$A", access),
            ("$R", refresh),
            ("$F", fresh),
            ("$H", headers_only),
            ("$X", forged),
            ("$E", expired),
        ];
        Fixture {
            valid: mint(&plain, "alice"),
            plain: router(&plain),
            signed: router(&signed),
            unsigned: (unsigned.clone(), router(&unsigned)),
            multi: router(&multi),
            markers,
            never: ["mallory", "eve"],
        }
    })
}

fn csrf_of(token: &str) -> String {
    let payload = token.split('.').nth(1).unwrap();
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    claims["csrf"].as_str().unwrap().to_owned()
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn now_f64() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

fn block_on<F: Future>(future: F) -> F::Output {
    thread_local! {
        static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
    }
    RUNTIME.with(|rt| rt.block_on(future))
}

fn send(app: &Router, req: Request<Body>) -> Response {
    block_on(async {
        let res = app.clone().oneshot(req).await.unwrap();
        let error = res.extensions().get::<GuardError>().cloned();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Response {
            status,
            headers,
            body,
            error,
        }
    })
}

/// The contract, then the expected outcome.
#[track_caller]
fn assert_outcome(res: &Response, want: &Outcome, context: &dyn std::fmt::Debug) {
    if let Err(why) = contract::check(res) {
        panic!("contract broken: {why}\n{res:?}\ninput: {context:?}");
    }
    let agrees = match want {
        Outcome::Ok(body) => res.status == 200 && res.body == body.as_bytes(),
        Outcome::Refused(status, error, msg) => {
            res.status.as_u16() == *status
                && res.error.is_some()
                && res.error_code().as_deref() == *error
                && msg.as_ref().is_none_or(|m| *m == res.msg())
        }
    };
    assert!(
        agrees,
        "the guard and the reference disagree\nguard: {} {}\nreference: {want:?}\ninput: {context:?}",
        res.status,
        String::from_utf8_lossy(&res.body)
    );
}

/// The reference's answer for a token found in a location, on a route; one
/// sent as `Bearer <token>` must first be a credential of RFC 6750's syntax.
fn expected_for_token(
    config: &Config,
    token: &str,
    from_header: bool,
    accepts: Accepts,
    fresh: bool,
) -> Outcome {
    if from_header
        && reference::bearer(&[format!("Bearer {token}").as_bytes()])
            != Found::Token(token.to_owned())
    {
        return Outcome::Refused(400, Some("invalid_request"), None);
    }
    let now = now_f64();
    let verified = match reference::verify(config, token, now) {
        Ok(v) => v,
        Err(refusal) => return Outcome::from_refusal(refusal),
    };
    match reference::guard(config, &verified, accepts, fresh, now) {
        Ok(()) => Outcome::Ok(verified.sub),
        Err(refusal) => Outcome::from_refusal(refusal),
    }
}

fn replace_markers(bytes: &[u8], markers: &[(&str, String)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    'outer: while i < bytes.len() {
        if bytes[i] == b'$' {
            for (marker, text) in markers {
                if bytes[i..].starts_with(marker.as_bytes()) {
                    out.extend(text.as_bytes());
                    i += marker.len();
                    continue 'outer;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

// ---- generators ---------------------------------------------------------------------

/// Reads the fuzzer's bytes as choices; zeros when they run out, so that the
/// all-zero input is the plain valid case.
struct Gen<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Gen<'a> {
    fn new(data: &'a [u8]) -> Self {
        Self { data, pos: 0 }
    }

    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { self.byte() as usize % n }
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }

    /// True one time in eight.
    fn rare(&mut self) -> bool {
        self.byte() >= 224
    }

    fn raw(&mut self, max: usize) -> &'a [u8] {
        let len = self.below(max + 1);
        let start = self.pos.min(self.data.len());
        let end = (start + len).min(self.data.len());
        self.pos += len;
        &self.data[start..end]
    }
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn numbers(now: u64) -> Vec<String> {
    let mut out: Vec<String> = [
        "0",
        "-0",
        "-0.0",
        "1",
        "3",
        "3.0",
        "7",
        "-1",
        "-2",
        "-2.0",
        "1.5",
        "1e300",
        "-1e300",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "2e12",
        "1E3",
        "0.5e1",
        "42",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for offset in [100_000i64, 1_000, -1_000, -100_000] {
        out.push((now as i64 + offset).to_string());
    }
    out.push(format!("{}.5", now + 1_000));
    out.push(format!("{}e0", now - 1_000));
    out
}

const STRINGS: &[&str] = &[
    "HS256",
    "none",
    "RS256",
    "access",
    "refresh",
    "alice",
    "admin",
    "owner",
    "red",
    "x",
    "ops",
    "a",
    "read",
    "write",
    "read write",
    "write read admin",
    "iss-A",
    "aud-A",
    "revoked",
    "7",
    "42",
    "042",
    "true",
    "",
    "é\u{202e}",
    "\"\\\r\n",
    "../../dev/null",
];

/// Member names as JSON text: an escaped spelling repeats a name all the same.
const NAMES: &[&str] = &[
    r#""alg""#,
    r#""kid""#,
    r#""crit""#,
    r#""typ""#,
    r#""jku""#,
    r#""x5u""#,
    r#""jwk""#,
    r#""zip""#,
    r#""enc""#,
    r#""cty""#,
    r#""b64""#,
    r#""sub""#,
    r#""type""#,
    r#""exp""#,
    r#""nbf""#,
    r#""iat""#,
    r#""fresh""#,
    r#""jti""#,
    r#""iss""#,
    r#""aud""#,
    r#""csrf""#,
    r#""scope""#,
    r#""role""#,
    r#""level""#,
    r#""org""#,
    r#""id""#,
    r#""roles""#,
    r#""team""#,
    r#""banned""#,
    r#""uid""#,
    r#""perm""#,
    r#""read""#,
    r#""groups""#,
    r#""admin""#,
    r#""delta""#,
    r#""active""#,
    r#""\u0074ype""#,
    r#""\u0061lg""#,
    r#""a\"b\r\n""#,
    r#""\u00e9\u202e""#,
];

/// Snippets that are not JSON, so that whole texts fail as the fuzzer pleases.
const BROKEN: &[&str] = &[
    "NaN",
    "01",
    "1e999",
    "\"\\ud800\"",
    "[1,]",
    "{\"a\":1,}",
    "\"\u{1}\"",
    "tru",
    "-",
    "1.",
    "\"\\x\"",
    "'a'",
    "/*c*/1",
];

/// A JSON value (or, rarely, something that is not).
fn value(g: &mut Gen<'_>, depth: usize, now: u64) -> String {
    match g.below(12) {
        0 => "null".to_owned(),
        1 => "true".to_owned(),
        2 => "false".to_owned(),
        3 | 4 => g.pick(&numbers(now)),
        5 | 6 => quote(g.pick(STRINGS)),
        7 => quote(&String::from_utf8_lossy(g.raw(12))),
        8 if depth < 20 => {
            let n = g.below(4);
            let items: Vec<String> = (0..n).map(|_| value(g, depth + 1, now)).collect();
            format!("[{}]", items.join(","))
        }
        9 if depth < 20 => {
            let n = g.below(4);
            let members: Vec<String> = (0..n)
                .map(|_| format!("{}:{}", g.pick(NAMES), value(g, depth + 1, now)))
                .collect();
            format!("{{{}}}", members.join(","))
        }
        10 => {
            let k = g.below(24);
            format!("{}0{}", "[".repeat(k), "]".repeat(k))
        }
        11 => g.pick(BROKEN).to_owned(),
        _ => "0".to_owned(),
    }
}

/// An object from members whose names are JSON text already.
fn object(members: &[(String, String)]) -> String {
    let inner: Vec<String> = members
        .iter()
        .map(|(name, value)| format!("{name}:{value}"))
        .collect();
    format!("{{{}}}", inner.join(","))
}

/// Valid claims for `sub`, or each one (rarely) left out or fuzzed, plus
/// (rarely) further members, repeated names included.
fn claims(g: &mut Gen<'_>, now: u64, refresh: bool) -> Vec<(String, String)> {
    let defaults = [
        ("sub", quote("alice")),
        ("type", quote(if refresh { "refresh" } else { "access" })),
        ("exp", (now + 10_000).to_string()),
        ("nbf", (now - 10_000).to_string()),
        ("iat", (now - 10_000).to_string()),
        ("fresh", "false".to_owned()),
        ("jti", quote("j-1")),
        ("iss", quote(ISSUER)),
        ("aud", quote(AUDIENCE)),
    ];
    let mut members = Vec::new();
    for (name, default) in defaults {
        match g.byte() {
            0..=199 => members.push((quote(name), default)),
            200..=219 => {}
            _ => members.push((quote(name), value(g, 1, now))),
        }
    }
    if g.rare() {
        for _ in 0..=g.below(4) {
            members.push((g.pick(NAMES).to_owned(), value(g, 1, now)));
        }
    }
    members
}

fn raw_mode(data: &[u8], now: u64) -> Option<(u8, Vec<Vec<u8>>)> {
    let rest = data.strip_prefix(b"R")?;
    let route = rest.first().copied().unwrap_or(b'0');
    let body = rest.get(1..).unwrap_or_default();
    let body = body.strip_prefix(b"\n").unwrap_or(body);
    let placeholders = [
        ("$NOW", now.to_string()),
        ("$EXP", (now + 3600).to_string()),
    ];
    let parts = body
        .splitn(2, |b| *b == b'\n')
        .map(|part| replace_markers(part, &placeholders))
        .collect();
    Some((route, parts))
}
