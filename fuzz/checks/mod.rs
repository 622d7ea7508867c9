//! The checks behind every fuzz target, shared by the targets
//! (`fuzz/fuzz_targets/*.rs`, built with cargo fuzz on nightly) and by their
//! stable replay (`tests/fuzz_corpus.rs`), which runs every corpus input and
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
use jwt_guard::{Algorithm, GuardError, JwtManager, Key, MemoryStore, Token, TokenLocation};
use jwt_guard::{RevocationStore, require_token};
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

/// A requirement of the guard grammar, as docs/GUARD-SPEC.md §1 words it.
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

// ---- target: the Authorization header -----------------------------------------

/// Arbitrary `Authorization` values (one per line, `$` a valid token): the
/// guard must answer as RFC 6750 §2.1 and docs/GUARD-SPEC.md §3b say, and accept
/// exactly the one valid token.
pub(crate) fn header_parser(data: &[u8]) {
    let fx = fixture();
    let marker = [("$", fx.valid.clone())];
    let values: Vec<Vec<u8>> = data
        .split(|b| *b == b'\n')
        .take(4)
        .map(|line| replace_markers(line, &marker))
        .filter(|line| HeaderValue::from_bytes(line).is_ok())
        .collect();
    let mut req = Request::get("/access").body(Body::empty()).unwrap();
    for value in &values {
        req.headers_mut()
            .append("authorization", HeaderValue::from_bytes(value).unwrap());
    }
    let refs: Vec<&[u8]> = values.iter().map(Vec::as_slice).collect();
    let want = match reference::bearer(&refs) {
        Found::Absent if refs.is_empty() => {
            Outcome::Refused(401, None, Some("Missing Authorization Header".into()))
        }
        Found::Absent => Outcome::Refused(
            401,
            None,
            Some(
                "Missing 'Bearer' type in 'Authorization' header. \
                 Expected 'Authorization: Bearer <JWT>'"
                    .into(),
            ),
        ),
        Found::BadRequest => Outcome::Refused(400, Some("invalid_request"), None),
        Found::Token(token) => expected_for_token(&PLAIN, &token, true, Accepts::Access, false),
    };
    let res = send(&fx.plain, req);
    assert_outcome(&res, &want, &String::from_utf8_lossy(data));
}

// ---- target: unsigned tokens ------------------------------------------------------

/// Random bytes as a token, for a manager whose secret nobody knows: any
/// acceptance is a signature bypass.
pub(crate) fn unsigned_tokens(data: &[u8]) {
    let fx = fixture();
    let (manager, app) = &fx.unsigned;
    let text = String::from_utf8_lossy(data);
    if let Ok(token) = manager.verify(&text) {
        panic!("signature bypass: {text:?} verified as {token:?}");
    }
    let sendable = !data.is_empty() && data.iter().all(|b| (0x21..=0x7e).contains(b) && *b != b',');
    if sendable {
        let req = Request::get("/access")
            .header("authorization", [b"Bearer ".as_slice(), data].concat())
            .body(Body::empty())
            .unwrap();
        let res = send(app, req);
        if let Err(why) = contract::check(&res) {
            panic!("contract broken: {why}\n{res:?}\ninput: {text:?}");
        }
        assert!(
            res.status != 200 && res.error.is_some(),
            "signature bypass through the router: {text:?} got {res:?}"
        );
    }
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

// ---- target: signed, structure-aware tokens -----------------------------------

/// Arbitrary JOSE headers and claims, signed with the manager's secret (and
/// sometimes damaged after or before signing): the guard must decide exactly
/// as the reference validator does, message included.
pub(crate) fn signed_tokens(data: &[u8]) {
    let fx = fixture();
    let now = now_secs();
    let routes = [
        ("/access", Accepts::Access, false),
        ("/refresh", Accepts::Refresh, false),
        ("/fresh", Accepts::Access, true),
        ("/any", Accepts::Any, false),
    ];
    let (route, header, payload, damage) = match raw_mode(data, now) {
        Some((route, parts)) => {
            let header = parts.first().cloned().unwrap_or_default();
            let payload = parts.get(1).cloned().unwrap_or_default();
            (routes[usize::from(route) % 4], header, payload, 0)
        }
        None => {
            let mut g = Gen::new(data);
            let route = g.pick(&routes);
            let mut header = Vec::new();
            if !g.rare() {
                header.push((quote("alg"), quote("HS256")));
            }
            if g.rare() {
                for _ in 0..=g.below(3) {
                    header.push((g.pick(NAMES).to_owned(), value(&mut g, 1, now)));
                }
            }
            let claims = claims(&mut g, now, route.1 == Accepts::Refresh);
            let damage = if g.rare() { g.below(8) } else { 0 };
            (
                route,
                object(&header).into_bytes(),
                object(&claims).into_bytes(),
                damage,
            )
        }
    };
    let (mut h, mut p) = (
        URL_SAFE_NO_PAD.encode(&header),
        URL_SAFE_NO_PAD.encode(&payload),
    );
    match damage {
        1 => h.push('='),
        2 => p.push('='),
        3 => p = p.replace(['-', '_'], "+"),
        _ => {}
    }
    let message = format!("{h}.{p}");
    let mut signature = URL_SAFE_NO_PAD.encode(reference::hmac_sha256(SECRET, message.as_bytes()));
    match damage {
        4 => {
            signature = URL_SAFE_NO_PAD.encode(reference::hmac_sha256(ATTACKER, message.as_bytes()))
        }
        5 => {
            signature.pop();
            signature.push('B');
        }
        6 => signature.push('='),
        7 => signature.truncate(42),
        _ => {}
    }
    let token = format!("{message}.{signature}");
    let (path, accepts, fresh) = route;
    let want = expected_for_token(&SIGNED, &token, true, accepts, fresh);
    let req = Request::get(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = send(&fx.signed, req);
    let context = (
        String::from_utf8_lossy(&header),
        String::from_utf8_lossy(&payload),
        damage,
        path,
    );
    assert_outcome(&res, &want, &context);
    if res.status == 200 {
        assert!(
            signature == URL_SAFE_NO_PAD.encode(reference::hmac_sha256(SECRET, message.as_bytes())),
            "accepted with a damaged signature: {context:?}"
        );
    }
}

// ---- target: the claim-requirement evaluator ------------------------------------

/// Claim values of the kinds the routes compare, many nearly right.
fn claim_value(g: &mut Gen<'_>, now: u64) -> String {
    const LIKELY: &[&str] = &[
        "\"admin\"",
        "\"owner\"",
        "\"red\"",
        "\"blue\"",
        "\"x\"",
        "3",
        "3.0",
        "\"3\"",
        "7",
        "\"7\"",
        "-2",
        "-2.0",
        "-1",
        "-0",
        "true",
        "false",
        "\"true\"",
        "null",
        "42",
        "\"42\"",
        "\"042\"",
        "4.2e1",
        "18446744073709551615",
        "{\"id\":7}",
        "{\"id\":\"7\"}",
        "{\"id\":7.0}",
        "{\"admin\":true}",
        "{\"admin\":true,\"perm\":{\"read\":true},\"groups\":[\"a\"]}",
        "{\"admin\":true,\"perm\":{\"read\":1},\"groups\":\"a\"}",
        "[\"admin\",\"ops\"]",
        "[\"ops\",\"admin\",\"x\"]",
        "[\"admin\"]",
        "[[\"admin\",\"ops\"]]",
        "[\"x\"]",
        "\"read write\"",
        "\"write  read\"",
        "\"read,write\"",
        "[\"read\",\"write\"]",
        "[\"read write\"]",
        "[\"read\",7,\"write\"]",
    ];
    if g.byte() < 200 {
        g.pick(LIKELY).to_owned()
    } else {
        value(g, 1, now)
    }
}

/// Valid tokens whose other claims are generated: every claim route must
/// answer 200 or 403 exactly as a plain interpreter of the same guard says.
pub(crate) fn claims_eval(data: &[u8]) {
    let fx = fixture();
    let now = now_secs();
    let routes = claim_routes();
    let base = [
        ("sub", quote("alice")),
        ("type", quote("access")),
        ("exp", (now + 3600).to_string()),
    ];
    let mut g = Gen::new(data);
    let (index, payload) = match raw_mode(data, now) {
        Some((route, parts)) => (
            usize::from(route),
            parts.first().cloned().unwrap_or_default(),
        ),
        None => {
            let index = g.byte() as usize;
            let mut members: Vec<(String, String)> =
                base.iter().map(|(n, v)| (quote(n), v.clone())).collect();
            const CLAIMS: &[&str] = &[
                "role", "level", "org", "roles", "scope", "team", "banned", "uid", "delta",
                "active", "type", "perm", "groups",
            ];
            for _ in 0..=g.below(6) {
                let name = g.pick(CLAIMS);
                if name == "type" && !g.rare() {
                    continue;
                }
                members.push((quote(name), claim_value(&mut g, now)));
            }
            (index, object(&members).into_bytes())
        }
    };
    let (path, requirement) = &routes[index % routes.len()];
    let var = match *path {
        "/c5" => Some(Var::U64(g.pick(&[0, 7, 42, u64::MAX, 3]))),
        "/c6" => Some(Var::Str(
            g.pick(&["red", "blue", "7", "true", "alice"]).to_owned(),
        )),
        _ => None,
    };
    let uri = match &var {
        Some(Var::U64(n)) => format!("{path}/{n}"),
        Some(Var::Str(s)) => format!("{path}/{s}"),
        None => (*path).to_owned(),
    };
    let token = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#),
        URL_SAFE_NO_PAD.encode(&payload)
    );
    let signature = URL_SAFE_NO_PAD.encode(reference::hmac_sha256(SECRET, token.as_bytes()));
    let token = format!("{token}.{signature}");
    let want = match expected_for_token(&PLAIN, &token, true, Accepts::Access, false) {
        Outcome::Ok(_) => {
            let claims = json::parse(&payload, reference::MAX_DEPTH).unwrap();
            if holds(requirement, &claims, var.as_ref()) {
                let body = match &var {
                    Some(Var::U64(n)) => n.to_string(),
                    Some(Var::Str(s)) => s.clone(),
                    None => path.trim_start_matches('/').to_owned(),
                };
                Outcome::Ok(body)
            } else {
                Outcome::Refused(
                    403,
                    Some("insufficient_scope"),
                    Some("User claims verification failed".into()),
                )
            }
        }
        refused => refused,
    };
    let req = Request::get(&uri)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = send(&fx.plain, req);
    assert_outcome(&res, &want, &(uri, String::from_utf8_lossy(&payload)));
}

// ---- target: cookies and CSRF ------------------------------------------------------------

/// One parsed line-format request.
#[derive(Debug, Default)]
struct Lines {
    method: Option<Vec<u8>>,
    route: Option<Vec<u8>>,
    cookies: Vec<Vec<u8>>,
    csrf: Vec<Vec<u8>>,
    authorization: Vec<Vec<u8>>,
    query: Option<Vec<u8>>,
}

fn lines(data: &[u8], markers: &[(&str, String)]) -> Lines {
    let mut out = Lines::default();
    for line in data.split(|b| *b == b'\n') {
        let (Some(&key), Some(b':')) = (line.first(), line.get(1)) else {
            continue;
        };
        let value = replace_markers(&line[2..], markers);
        let valid = HeaderValue::from_bytes(&value).is_ok();
        match key {
            b'm' => out.method = Some(value),
            b'p' => out.route = Some(value),
            b'c' if valid && out.cookies.len() < 3 => out.cookies.push(value),
            b'x' if valid && out.csrf.len() < 2 => out.csrf.push(value),
            b'a' if valid && out.authorization.len() < 2 => out.authorization.push(value),
            b'q' => out.query = Some(value),
            _ => {}
        }
    }
    out
}

/// Cookie, header and query tokens on every method, with and without CSRF
/// values: the guard must answer as the reference of docs/GUARD-SPEC.md §3b does
/// (first location that holds a token decides; CSRF double submit on
/// state-changing methods, before any signature work for a missing value).
pub(crate) fn cookies_csrf(data: &[u8]) {
    let fx = fixture();
    let input = lines(data, &fx.markers);
    let method = input
        .method
        .as_deref()
        .and_then(|m| Method::from_bytes(m).ok())
        .unwrap_or(Method::GET);
    let (path, accepts, optional) = match input.route.as_deref() {
        Some(b"refresh") => ("/refresh", Accepts::Refresh, false),
        Some(b"optional") => ("/optional", Accepts::Access, true),
        _ => ("/access", Accepts::Access, false),
    };
    // The query as the request target carries it (the URI parser decides
    // what a query is; a target it refuses goes without one).
    let uri: Uri = input
        .query
        .as_ref()
        .and_then(|q| Uri::try_from([format!("{path}?").as_bytes(), q].concat()).ok())
        .filter(|uri| uri.path() == path)
        .unwrap_or_else(|| Uri::from_static(path));
    let mut req = Request::builder()
        .method(method.clone())
        .uri(uri.clone())
        .body(Body::empty())
        .unwrap();
    let headers = req.headers_mut();
    for (name, values) in [
        ("cookie", &input.cookies),
        ("x-csrf-token", &input.csrf),
        ("authorization", &input.authorization),
    ] {
        for value in values {
            headers.append(name, HeaderValue::from_bytes(value).unwrap());
        }
    }

    let finish = |token: &str, csrf: Option<Option<&[u8]>>| {
        let now = now_f64();
        let verified = match reference::verify(&PLAIN, token, now) {
            Ok(v) => v,
            Err(refusal) => return Outcome::from_refusal(refusal),
        };
        if let Some(submitted) = csrf {
            let claim = match verified.claims.get("csrf") {
                None => return Outcome::invalid_token("Token is missing the \"csrf\" claim"),
                Some(J::Str(c)) if !c.is_empty() => c.as_bytes(),
                Some(_) => {
                    return Outcome::invalid_token(
                        "Invalid \"csrf\" claim: expected a non-empty string",
                    );
                }
            };
            if submitted.is_some_and(|s| s != claim) {
                return Outcome::invalid_token("CSRF double submit tokens do not match");
            }
        }
        match reference::guard(&PLAIN, &verified, accepts, false, now) {
            Ok(()) => Outcome::Ok(verified.sub),
            Err(refusal) => Outcome::from_refusal(refusal),
        }
    };
    let want = (|| {
        let name = if accepts == Accepts::Refresh {
            "refresh_token_cookie"
        } else {
            "access_token_cookie"
        };
        let cookies: Vec<&[u8]> = input.cookies.iter().map(Vec::as_slice).collect();
        let Ok(found) = reference::cookie(&cookies, name) else {
            return Outcome::invalid_token(format!(
                "Several different \"{name}\" cookies in the request; another site of the \
                 domain may have set one, so none is used"
            ));
        };
        if let Some(raw) = found {
            let Ok(token) = String::from_utf8(raw) else {
                return Outcome::invalid_token(format!("The {name} cookie is not a JWT"));
            };
            let unsafe_method =
                [Method::POST, Method::PUT, Method::PATCH, Method::DELETE].contains(&method);
            let csrf = if unsafe_method {
                match input.csrf.first().filter(|v| !v.is_empty()) {
                    Some(value) => Some(value.as_slice()),
                    None => return Outcome::invalid_token("Missing CSRF token"),
                }
            } else {
                None
            };
            return finish(&token, Some(csrf));
        }
        let authorization: Vec<&[u8]> = input.authorization.iter().map(Vec::as_slice).collect();
        match reference::bearer(&authorization) {
            Found::BadRequest => return Outcome::Refused(400, Some("invalid_request"), None),
            Found::Token(token) => return finish(&token, None),
            Found::Absent => {}
        }
        match reference::query(uri.query(), "jwt") {
            Found::BadRequest => return Outcome::Refused(400, Some("invalid_request"), None),
            Found::Token(token) => return finish(&token, None),
            Found::Absent => {}
        }
        if optional {
            Outcome::Ok("anonymous".to_owned())
        } else {
            Outcome::Refused(401, None, None)
        }
    })();
    let res = send(&fx.multi, req);
    assert_outcome(&res, &want, &(method, uri, &input));
}

// ---- target: whole requests ---------------------------------------------------------------

/// Arbitrary requests (method, target, headers, body) to every route: never a
/// 5xx, the RFC 6750 contract on every refusal, and nothing accepted but
/// the tokens the request carries.
pub(crate) fn requests(data: &[u8]) {
    let fx = fixture();
    let data = replace_markers(data, &fx.markers);
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (&data[..], &b""[..]),
    };
    let mut lines = head.split(|b| *b == b'\n');
    let method = lines
        .next()
        .and_then(|m| Method::from_bytes(m).ok())
        .unwrap_or(Method::GET);
    let Some(uri) = lines.next().and_then(|t| Uri::try_from(t).ok()) else {
        return;
    };
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::from(body.to_vec()))
        .unwrap();
    for line in lines.take(16) {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii_start());
        if let (Ok(name), Ok(value)) = (
            axum::http::HeaderName::from_bytes(name),
            HeaderValue::from_bytes(value),
        ) {
            req.headers_mut().append(name, value);
        }
    }
    let path = req.uri().path().to_owned();
    let res = send(&fx.multi, req);
    if let Err(why) = contract::check(&res) {
        panic!(
            "contract broken: {why}\n{res:?}\ninput: {:?}",
            String::from_utf8_lossy(&data)
        );
    }
    if res.status == 200 && res.error.is_none() {
        let body = String::from_utf8_lossy(&res.body).into_owned();
        assert!(
            !fx.never.contains(&body.as_str()),
            "a forged or expired token was accepted: {:?}",
            String::from_utf8_lossy(&data)
        );
        let carried = fx
            .markers
            .iter()
            .filter(|(m, _)| m.as_bytes()[1].is_ascii_uppercase())
            .any(|(_, token)| data.windows(token.len()).any(|w| w == token.as_bytes()));
        assert!(
            carried || body == "anonymous",
            "{path} accepted a request that carries none of the valid tokens: {:?}",
            String::from_utf8_lossy(&data)
        );
    }
}
