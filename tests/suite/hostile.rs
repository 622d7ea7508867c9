//! The hostile-input suite (issue 6): malicious and malformed requests through
//! a real router, one table row each.
//!
//! Every row asserts the exact status, `error` and `msg` of docs/guard-reference.md §4, and
//! every response, whatever the row, is checked against the contract itself:
//! never a 500, a `WWW-Authenticate` challenge that parses as RFC 6750 §3 (only
//! printable ASCII, no quote or backslash inside a quoted value), a JSON body
//! `{"msg"[, "error"]}` and nothing else, and the refusal in the response
//! extensions. Rows whose input is reflected in `msg` (duplicate member names)
//! use quotes, CR/LF and non-ASCII to prove it cannot break either.
//!
//! `the_suite_has_at_least_60_distinct_cases` counts the rows, per category.

mod cookies_csrf;
mod issuer_audience;
mod jose_header;
mod structure;
mod subject_scope_claims;
mod time_claims;
mod transport;
mod type_freshness_revocation;

use crate::fuzz_corpus::checks::contract;

use std::collections::{BTreeMap, HashSet};

use contract::{Response, parse_challenge};
use std::time::Duration;

use crate::common::*;
use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{HeaderName, HeaderValue, Method, Request, StatusCode};
use axum::routing::{any, get};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
use http_body_util::BodyExt;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use jwt_guard::revoke::MemoryStore;
use jwt_guard::{GuardError, JwtManager, Token, TokenLocation, require_token};
use serde_json::{Value, json};
use tower::ServiceExt;

// ---- the routes every app serves ------------------------------------------

#[require_token]
async fn protected(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(refresh)]
async fn refresh_route() -> &'static str {
    "refresh"
}

#[require_token(fresh)]
async fn fresh_route() -> &'static str {
    "fresh"
}

#[require_token(optional)]
async fn optional(token: Option<Token>) -> String {
    token.map_or_else(|| "anonymous".to_owned(), |t| t.identity().to_string())
}

#[require_token(sub = "username")]
async fn user(Path(username): Path<String>) -> String {
    username
}

#[require_token(claims(role = "admin", level = 3, org.id = 7, roles = ["admin"]))]
async fn claims_route() -> &'static str {
    "claims"
}

#[require_token(scope(admin = true))]
async fn scope_map() -> &'static str {
    "scope map"
}

#[require_token(scope("read", "write"))]
async fn scope_list() -> &'static str {
    "scope list"
}

#[require_token(all(claims(team = "red"), not(claims(banned = true))))]
async fn composed() -> &'static str {
    "composed"
}

fn routes(manager: &JwtManager) -> Router {
    Router::new()
        .route("/protected", any(protected))
        .route("/refresh", get(refresh_route))
        .route("/fresh", get(fresh_route))
        .route("/optional", get(optional))
        .route("/users/{username}", get(user))
        .route("/claims", get(claims_route))
        .route("/scope_map", get(scope_map))
        .route("/scope_list", get(scope_list))
        .route("/composed", get(composed))
        .layer(manager.layer())
}

// ---- the managers the rows run against ------------------------------------

/// Which manager a row's request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum App {
    /// HS256 secret, `Authorization` header only, a revocation store.
    Std,
    /// As `Std` plus an issuer and an audience.
    IssAud,
    /// As `Std` with 10 s of leeway.
    Leeway,
    /// Cookies (with CSRF), then headers, then the query string.
    Multi,
    /// A verify-only RS256 manager holding a public key.
    Rsa,
    /// As `Std` with a user loader that knows `alice` only, and a
    /// verification hook that refuses `"suspended": true`.
    Loader,
}

const ISSUER: &str = "https://auth.example";
const AUDIENCE: &str = "api";
const REVOKED_JTI: &str = "revoked-jti";
const ATTACKER: &str = "an-attacker-secret-that-is-long-enough!!";

fn key_file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

struct Fx {
    std: JwtManager,
    multi: JwtManager,
    routers: BTreeMap<App, Router>,
}

impl Fx {
    async fn new() -> Self {
        let std = JwtManager::builder()
            .secret(SECRET)
            .revocation_store(MemoryStore::new())
            .build()
            .unwrap();
        let revoked = std
            .verify(&sign(&with(
                claims("alice", "access"),
                "jti",
                json!(REVOKED_JTI),
            )))
            .unwrap();
        std.revoke(&revoked).await.unwrap();
        let iss_aud = JwtManager::builder()
            .secret(SECRET)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .build()
            .unwrap();
        let leeway = JwtManager::builder()
            .secret(SECRET)
            .leeway(Duration::from_secs(10))
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
        let rsa = JwtManager::builder()
            .verification_key(
                jwt_guard::Key::from_pem(Algorithm::RS256, &key_file("rsa2048.pub.pem")).unwrap(),
            )
            .build()
            .unwrap();
        let loader = JwtManager::builder()
            .secret(SECRET)
            .user_loader(
                |token| async move { (token.identity_str() == Some("alice")).then_some(()) },
            )
            .token_check(|token| token.claim::<bool>("suspended") != Some(true))
            .build()
            .unwrap();
        let routers = BTreeMap::from([
            (App::Std, routes(&std)),
            (App::IssAud, routes(&iss_aud)),
            (App::Leeway, routes(&leeway)),
            (App::Multi, routes(&multi)),
            (App::Rsa, routes(&rsa)),
            (App::Loader, routes(&loader)),
        ]);
        Self {
            std,
            multi,
            routers,
        }
    }

    /// An access token from the cookie-reading manager (it carries `csrf`).
    fn cookie_token(&self, sub: &str) -> String {
        self.multi.create_access_token(sub).unwrap()
    }
}

// ---- token makers ------------------------------------------------------------

fn access() -> Value {
    claims("alice", "access")
}

/// A valid access token for `alice`.
fn valid() -> String {
    sign(&access())
}

/// A valid token with one claim changed.
fn valid_with(name: &str, value: Value) -> String {
    sign(&with(access(), name, value))
}

/// HS256 over exactly these (possibly non-canonical) segments, with `secret`.
fn sign_segments_with(secret: &[u8], header: &str, payload: &str) -> String {
    let message = format!("{header}.{payload}");
    let signature = jsonwebtoken::crypto::sign(
        message.as_bytes(),
        &EncodingKey::from_secret(secret),
        Algorithm::HS256,
    )
    .unwrap();
    format!("{message}.{signature}")
}

fn sign_segments(header: &str, payload: &str) -> String {
    sign_segments_with(SECRET.as_bytes(), header, payload)
}

/// A token whose payload is these exact bytes, signed with the test secret.
fn signed_payload(payload: impl AsRef<[u8]>) -> String {
    sign_segments(&b64(r#"{"alg":"HS256","typ":"JWT"}"#), &b64(payload))
}

/// A token whose header is these exact bytes (the payload a valid one).
fn signed_header(header: impl AsRef<[u8]>) -> String {
    sign_segments(&b64(header), &b64(access().to_string()))
}

/// The same with an attacker's secret: anything that verifies it is a bypass.
fn attacker_header(header: &str) -> String {
    sign_segments_with(
        ATTACKER.as_bytes(),
        &b64(header),
        &b64(access().to_string()),
    )
}

/// An unsecured token: this header, valid claims, an empty signature.
fn unsigned(header: &str) -> String {
    unsigned_with(header, &access())
}

fn unsigned_with(header: &str, claims: &Value) -> String {
    format!("{}.{}.", b64(header), b64(claims.to_string()))
}

/// `n` nested arrays around a number: `[[…[1]…]]`.
fn nested(n: usize) -> String {
    format!("{}1{}", "[".repeat(n), "]".repeat(n))
}

/// A valid token padded with a filler claim to exactly `len` bytes (one of
/// two header lengths reaches every total).
fn valid_of_length(len: usize) -> String {
    let token = |header: &str, pad: usize| {
        let claims = with(access(), "pad", json!("x".repeat(pad)));
        sign_segments(&b64(header), &b64(claims.to_string()))
    };
    for header in [r#"{"alg":"HS256"}"#, r#"{"alg":"HS256","t":12}"#] {
        // Each filler byte adds 4/3 characters: start just below the target.
        let shortest = token(header, 0).len();
        let start = (len.saturating_sub(shortest) * 3 / 4).saturating_sub(4);
        for pad in start..start + 16 {
            let token = token(header, pad);
            if token.len() == len {
                return token;
            }
        }
    }
    panic!("no valid token of exactly {len} bytes")
}

/// A valid token in the JWS JSON serialization (RFC 7515 §7.2), which the
/// guard does not take.
fn json_serialization() -> String {
    let token = valid();
    let parts: Vec<&str> = token.split('.').collect();
    json!({"payload": parts[1], "protected": parts[0], "signature": parts[2]}).to_string()
}

/// Claims whose JSON text is not a multiple of 3 bytes long, so that their
/// canonical base64 would need `=` padding.
fn claims_needing_padding() -> String {
    (0..3)
        .map(|k| with(access(), "p", json!("x".repeat(k))).to_string())
        .find(|text| text.len() % 3 != 0)
        .unwrap()
}

/// `claims` with one more member, written as raw JSON text (so it may repeat
/// a name or hold what `json!` cannot write).
fn claims_plus(claims: &Value, extra: &str) -> String {
    let text = claims.to_string();
    format!("{},{extra}}}", &text[..text.len() - 1])
}

/// Standard base64 (`+`, `/`) where base64url has `-`, `_`.
fn standard_alphabet(segment: &str) -> String {
    segment.replace('-', "+").replace('_', "/")
}

/// A valid token whose signature holds a `-` or `_`, so that the standard
/// alphabet spells it differently.
fn valid_with_url_chars_in_signature() -> String {
    (0..)
        .map(|i| valid_with("jti", json!(format!("j-{i}"))))
        .find(|t| t.rsplit('.').next().unwrap().contains(['-', '_']))
        .unwrap()
}

/// Sets a trailing bit the canonical encoding leaves zero in the last
/// character of a segment whose length is not a multiple of 4.
fn set_trailing_bit(segment: &str) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let last = segment.as_bytes()[segment.len() - 1];
    let index = alphabet.iter().position(|c| *c == last).unwrap();
    assert!(
        !segment.len().is_multiple_of(4) && index.is_multiple_of(4),
        "{segment}"
    );
    format!(
        "{}{}",
        &segment[..segment.len() - 1],
        alphabet[index + 1] as char
    )
}

/// `json` as a raw DEFLATE stream (one stored block), what `"zip":"DEF"` means.
fn deflated(json: &str) -> Vec<u8> {
    let len = u16::try_from(json.len()).unwrap();
    let mut out = vec![0x01];
    out.extend(len.to_le_bytes());
    out.extend((!len).to_le_bytes());
    out.extend(json.as_bytes());
    out
}

fn rs_token(alg: Algorithm, private: &str, claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(alg),
        claims,
        &EncodingKey::from_rsa_pem(&key_file(private)).unwrap(),
    )
    .unwrap()
}

fn csrf_claim(token: &str) -> String {
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    claims["csrf"].as_str().unwrap().to_owned()
}

// ---- request makers -----------------------------------------------------------

fn bearer(uri: &str, token: &str) -> Request<Body> {
    request(uri, Some(token))
}

/// One request with these raw `Authorization` values, one header each.
fn authorization(values: &[&[u8]]) -> Request<Body> {
    let mut req = Request::get("/protected").body(Body::empty()).unwrap();
    for value in values {
        req.headers_mut()
            .append("authorization", HeaderValue::from_bytes(value).unwrap());
    }
    req
}

/// A request with raw `Cookie` values and other headers.
fn with_cookies(
    method: Method,
    uri: &str,
    cookies: &[&[u8]],
    headers: &[(&str, &str)],
) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .unwrap();
    for cookie in cookies {
        req.headers_mut()
            .append("cookie", HeaderValue::from_bytes(cookie).unwrap());
    }
    for (name, value) in headers {
        req.headers_mut().append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    req
}

/// `token` as the `jwt` query parameter of `/protected`, every byte but
/// RFC 3986's unreserved ones percent-encoded: the way to reach the decoder with
/// bytes an `Authorization` header refuses (outside RFC 6750's `b64token`).
fn query_token(token: &str) -> Request<Body> {
    let encoded: String = token
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    request(&format!("/protected?jwt={encoded}"), None)
}

fn access_cookie(token: &str) -> Vec<u8> {
    format!("access_token_cookie={token}").into_bytes()
}

// ---- expectations ---------------------------------------------------------------

/// What the row expects.
#[derive(Debug, Clone)]
enum Want {
    /// 200 with this body (the handler's text).
    Ok(&'static str),
    /// A refusal: status, RFC 6750 `error`, and the exact `msg`.
    Refused {
        status: u16,
        error: Option<&'static str>,
        msg: String,
    },
}

fn ok(body: &'static str) -> Want {
    Want::Ok(body)
}

/// 401 `invalid_token` with exactly `msg`.
fn invalid(msg: impl Into<String>) -> Want {
    Want::Refused {
        status: 401,
        error: Some("invalid_token"),
        msg: msg.into(),
    }
}

/// 400 `invalid_request` with exactly `msg`.
fn bad_request(msg: impl Into<String>) -> Want {
    Want::Refused {
        status: 400,
        error: Some("invalid_request"),
        msg: msg.into(),
    }
}

/// 401 without an `error` (no token at all).
fn absent(msg: impl Into<String>) -> Want {
    Want::Refused {
        status: 401,
        error: None,
        msg: msg.into(),
    }
}

/// 403 `insufficient_scope`.
fn forbidden() -> Want {
    Want::Refused {
        status: 403,
        error: Some("insufficient_scope"),
        msg: CLAIMS_FAILED.to_owned(),
    }
}

const MISSING_HEADER: &str = "Missing Authorization Header";
const MISSING_BEARER: &str =
    "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'";
const MISSING_EVERYWHERE: &str = "Missing JWT in cookies, headers or query_string \
     (Missing cookie \"access_token_cookie\"; Missing Authorization Header; \
     Missing 'jwt' query parameter)";
const NO_TOKEN: &str = "The Authorization header has the 'Bearer' scheme but no token";
const SEVERAL: &str = "Several Bearer tokens in the request; send exactly one";
const WORDS: &str =
    "The Authorization header has more than one word after 'Bearer'; send one token";
const TAB: &str =
    "The Authorization header separates 'Bearer' from its token with a tab; use a space";
const NON_ASCII: &str = "The Authorization header holds bytes that are not visible ASCII";
const NOT_B64TOKEN: &str = "The Authorization header's Bearer credential is not one token of \
     RFC 6750 syntax (letters, digits, '-', '.', '_', '~', '+', '/', then any '=')";
const TOO_LONG: &str = "The token is longer than 8192 bytes";
const NOT_ENOUGH: &str = "Not enough segments";
const TOO_MANY: &str = "Too many segments: encrypted (JWE) and nested tokens are not accepted";
const HEADER_PADDING: &str = "Invalid header padding";
const PAYLOAD_PADDING: &str = "Invalid payload padding";
const CRYPTO_PADDING: &str = "Invalid crypto padding";
const HEADER_STRING: &str = "Invalid header string";
const PAYLOAD_STRING: &str = "Invalid payload string";
const NOT_OBJECT: &str = "Invalid payload string: must be a json object";
const SIG: &str = "Signature verification failed";
const ALG: &str = "The specified alg value is not allowed";
const NO_ALG: &str = "Invalid header string: no \"alg\"";
const CRIT: &str = "Unsupported critical header parameters (\"crit\")";
const KID: &str = "Unknown key id (kid)";
const KID_TYPE: &str = "Invalid header string: \"kid\" is not a string";
const EXPIRED: &str = "Token has expired";
const NBF: &str = "The token is not yet valid (nbf)";
const IAT: &str = "The token is not yet valid (iat)";
const INVALID_ISSUER: &str = "Invalid issuer";
const MISSING_ISS: &str = "Token is missing the \"iss\" claim";
const AUD_MISMATCH: &str = "Audience doesn't match";
const MISSING_AUD: &str = "Token is missing the \"aud\" claim";
const INVALID_TYPE: &str = "Invalid \"type\" claim: expected \"access\" or \"refresh\"";
const ONLY_ACCESS: &str = "Only non-refresh tokens are allowed";
const ONLY_REFRESH: &str = "Only refresh tokens are allowed";
const FRESH: &str = "Fresh token required";
const INVALID_FRESH: &str = "Invalid \"fresh\" claim: expected true, false or a NumericDate";
const REVOKED: &str = "Token has been revoked";
const INVALID_SUB: &str = "Invalid \"sub\" claim: expected a string (RFC 7519 §4.1.2)";
const INVALID_JTI: &str = "Invalid \"jti\" claim: expected a string";
const CLAIMS_FAILED: &str = "User claims verification failed";
const CSRF_MISSING: &str = "Missing CSRF token";
const CSRF_MISMATCH: &str = "CSRF double submit tokens do not match";
const PLANTED: &str = "Several different \"access_token_cookie\" cookies in the request; \
     another site of the domain may have set one, so none is used";

fn time_claim(name: &str) -> String {
    format!("Invalid \"{name}\" claim: expected a NumericDate (seconds since 1970)")
}

/// A number that no clock reaches (before 1970, past the year 9999): a token
/// whose `exp` is one would never expire while `Token::expires_at` says `None`.
fn not_a_date(name: &str) -> String {
    format!(
        "Invalid \"{name}\" claim: expected a NumericDate (seconds since 1970) between 1970 and the year 9999"
    )
}

fn glued(c: char) -> String {
    format!(
        "The Authorization header has '{c}' right after 'Bearer'; separate the token with one space"
    )
}

/// An `Authorization` header that is not a list of credentials but mentions Bearer.
fn unparsable(why: &str) -> String {
    format!(
        "The Authorization header is not a list of RFC 7235 credentials ({why}), so whether it \
         holds a Bearer token cannot be told"
    )
}

/// A JWS header carrying a parameter only encrypted tokens have.
fn jwe_only(name: &str) -> String {
    format!(
        "Invalid header string: \"{name}\" belongs to encrypted tokens (JWE), which are not accepted"
    )
}

fn deeper(what: &str) -> String {
    format!("Invalid {what} string: nested deeper than 16 levels")
}

fn twice(what: &str, escaped_name: &str) -> String {
    format!("Invalid {what} string: \"{escaped_name}\" appears twice")
}

// ---- the table: its rows, one module per category (`hostile/*.rs`) -----------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cat {
    Transport,
    Structure,
    JoseHeader,
    TimeClaims,
    IssuerAudience,
    TypeFreshnessRevocation,
    SubjectScopeClaims,
    CookiesCsrf,
}

type Build = Box<dyn Fn(&Fx) -> Request<Body>>;

struct Case {
    cat: Cat,
    name: &'static str,
    app: App,
    want: Want,
    /// Built when the row runs, so time claims are relative to that moment.
    build: Build,
}

fn row(
    cat: Cat,
    name: &'static str,
    app: App,
    want: Want,
    build: impl Fn(&Fx) -> Request<Body> + 'static,
) -> Case {
    Case {
        cat,
        name,
        app,
        want,
        build: Box::new(build),
    }
}

/// A token to `/protected` of the standard manager.
fn std_token(
    cat: Cat,
    name: &'static str,
    want: Want,
    token: impl Fn() -> String + 'static,
) -> Case {
    row(cat, name, App::Std, want, move |_| {
        bearer("/protected", &token())
    })
}

/// A token in the query string of the several-locations manager.
fn query_case(
    cat: Cat,
    name: &'static str,
    want: Want,
    token: impl Fn() -> String + 'static,
) -> Case {
    row(cat, name, App::Multi, want, move |_| query_token(&token()))
}

fn cases() -> Vec<Case> {
    let mut rows = Vec::new();
    rows.extend(transport::cases());
    rows.extend(structure::cases());
    rows.extend(jose_header::cases());
    rows.extend(time_claims::cases());
    rows.extend(issuer_audience::cases());
    rows.extend(type_freshness_revocation::cases());
    rows.extend(subject_scope_claims::cases());
    rows.extend(cookies_csrf::cases());
    rows
}

// ---- running a row ------------------------------------------------------------------

async fn run(app: &Router, req: Request<Body>) -> Response {
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
}

fn check_want(res: &Response, want: &Want) -> Result<(), String> {
    match want {
        Want::Ok(body) => {
            if res.status != StatusCode::OK || res.body != body.as_bytes() {
                return Err(format!(
                    "want 200 {body:?}, got {} {}",
                    res.status,
                    String::from_utf8_lossy(&res.body)
                ));
            }
        }
        Want::Refused { status, error, msg } => {
            if res.error.is_none() {
                return Err(format!("a {} without a GuardError", res.status));
            }
            if res.status.as_u16() != *status
                || res.error_code().as_deref() != *error
                || res.msg() != *msg
            {
                return Err(format!(
                    "want {status} {error:?} {msg:?}, got {} {}",
                    res.status,
                    res.json()
                ));
            }
        }
    }
    Ok(())
}

#[tokio::test]
async fn every_hostile_request_gets_the_exact_rfc6750_answer() {
    let fx = Fx::new().await;
    let mut failures = Vec::new();
    for case in cases() {
        let res = run(&fx.routers[&case.app], (case.build)(&fx)).await;
        let verdict = contract::check(&res).and_then(|()| check_want(&res, &case.want));
        if let Err(why) = verdict {
            failures.push(format!("[{:?}] {}: {why}", case.cat, case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A request's identity, to prove the rows are distinct requests.
fn fingerprint(app: App, req: &Request<Body>) -> String {
    let mut headers: Vec<String> = req
        .headers()
        .iter()
        .map(|(k, v)| format!("{k}:{}", String::from_utf8_lossy(v.as_bytes())))
        .collect();
    headers.sort();
    format!("{app:?} {} {} {headers:?}", req.method(), req.uri())
}

#[tokio::test]
async fn the_suite_has_at_least_60_distinct_cases() {
    let fx = Fx::new().await;
    let cases = cases();
    let mut names = HashSet::new();
    let mut requests = HashSet::new();
    let mut per_category: BTreeMap<Cat, usize> = BTreeMap::new();
    for case in &cases {
        assert!(
            names.insert(case.name),
            "two rows are called {:?}",
            case.name
        );
        let req = (case.build)(&fx);
        assert!(
            requests.insert(fingerprint(case.app, &req)),
            "row {:?} repeats another row's request",
            case.name
        );
        *per_category.entry(case.cat).or_default() += 1;
    }
    let refusals = cases
        .iter()
        .filter(|c| matches!(c.want, Want::Refused { .. }))
        .count();
    println!(
        "{} rows ({refusals} refusals): {per_category:?}",
        cases.len()
    );
    assert!(cases.len() >= 60, "only {} rows", cases.len());
    assert!(refusals >= 60, "only {refusals} refusals");
    assert_eq!(
        per_category.len(),
        8,
        "a category has no rows: {per_category:?}"
    );
    for (cat, n) in per_category {
        assert!(n >= 5, "{cat:?} has only {n} rows");
    }
}

/// The contract checker itself must catch what it is there to catch.
#[test]
fn the_contract_checker_refuses_broken_challenges_and_bodies() {
    for bad in [
        b"Basic".as_slice(),
        b"Bearer error=\"a\"b\"",
        b"Bearer error=\"invalid_token\"\r\nSet-Cookie: x=1",
        b"Bearer error=\"a\\\"\"",
        b"Bearer error=\"\xc3\xa9\"",
        b"Bearer error=\"a\",error_description=\"b\"",
        b"Bearer error=invalid_token",
    ] {
        assert!(
            parse_challenge(bad).is_err(),
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
    let ok =
        parse_challenge(br#"Bearer realm="api", error="invalid_token", error_description="x""#)
            .unwrap();
    assert_eq!(ok["error"], "invalid_token");
    assert!(parse_challenge(b"Bearer").unwrap().is_empty());

    let error = GuardError::new(jwt_guard::GuardErrorKind::Malformed, "bad \"x\"");
    let good = || {
        let res = axum::response::IntoResponse::into_response(error.clone());
        let mut headers = res.headers().clone();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        Response {
            status: res.status(),
            headers,
            body: br#"{"msg":"bad \"x\"","error":"invalid_token"}"#.to_vec(),
            error: Some(error.clone()),
        }
    };
    assert_eq!(contract::check(&good()), Ok(()));
    let broken: [fn(&mut Response); 6] = [
        |r| r.status = StatusCode::INTERNAL_SERVER_ERROR,
        |r| r.body = br#"{"msg":"bad \"x\"","error":"invalid_token","x":1}"#.to_vec(),
        |r| r.body = br#"{"msg":"other","error":"invalid_token"}"#.to_vec(),
        |r| r.body = b"bad".to_vec(),
        |r| {
            r.headers.remove("www-authenticate");
        },
        |r| {
            r.headers
                .append("www-authenticate", HeaderValue::from_static("Bearer"));
        },
    ];
    for (i, breaks) in broken.iter().enumerate() {
        let mut res = good();
        breaks(&mut res);
        assert!(
            contract::check(&res).is_err(),
            "breakage {i} went unnoticed"
        );
    }
}
