//! The hostile-input suite (issue 6): malicious and malformed requests through
//! a real router, one table row each.
//!
//! Every row asserts the exact status, `error` and `msg` of GUARD-SPEC §4, and
//! every response, whatever the row, is checked against the contract itself:
//! never a 500, a `WWW-Authenticate` challenge that parses as RFC 6750 §3 (only
//! printable ASCII, no quote or backslash inside a quoted value), a JSON body
//! `{"msg"[, "error"]}` and nothing else, and the refusal in the response
//! extensions. Rows whose input is reflected in `msg` (duplicate member names)
//! use quotes, CR/LF and non-ASCII to prove it cannot break either.
//!
//! `the_suite_has_at_least_60_distinct_cases` counts the rows, per category.

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
use jwt_guard::{GuardError, JwtManager, MemoryStore, Token, TokenLocation, require_token};
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
            .verify_token(|token| token.claim::<bool>("suspended") != Some(true))
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

// ---- the table ------------------------------------------------------------------

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
    rows.extend(transport());
    rows.extend(structure());
    rows.extend(jose_header());
    rows.extend(time_claims());
    rows.extend(issuer_audience());
    rows.extend(type_freshness_revocation());
    rows.extend(subject_scope_claims());
    rows.extend(cookies_csrf());
    rows
}

fn transport() -> Vec<Case> {
    use App::*;
    use Cat::Transport as T;
    let header = |values: Vec<Vec<u8>>| {
        move |_: &Fx| authorization(&values.iter().map(Vec::as_slice).collect::<Vec<_>>())
    };
    let tok = |prefix: &str, suffix: &str| format!("{prefix}{}{suffix}", valid()).into_bytes();
    vec![
        row(T, "lowercase scheme", Std, ok("alice"), move |_| {
            authorization(&[&tok("bearer ", "")])
        }),
        row(
            T,
            "mixed-case scheme, three spaces",
            Std,
            ok("alice"),
            move |_| authorization(&[&tok("BeArEr   ", "")]),
        ),
        row(
            T,
            "tab between scheme and token",
            Std,
            bad_request(TAB),
            move |_| authorization(&[&tok("Bearer\t", "")]),
        ),
        row(
            T,
            "leading and trailing whitespace around the credential",
            Std,
            ok("alice"),
            move |_| authorization(&[&tok(" \t Bearer ", "\t ")]),
        ),
        row(
            T,
            "two words after the scheme",
            Std,
            bad_request(WORDS),
            move |_| authorization(&[&tok("Bearer ", " extra")]),
        ),
        row(T, "a tab inside the token", Std, bad_request(WORDS), |_| {
            let token = valid();
            let (head, sig) = token.rsplit_once('.').unwrap();
            authorization(&[format!("Bearer {head}.\t{sig}").as_bytes()])
        }),
        row(
            T,
            "the scheme alone",
            Std,
            bad_request(NO_TOKEN),
            header(vec![b"Bearer".to_vec()]),
        ),
        row(
            T,
            "the scheme then a comma",
            Std,
            bad_request(NO_TOKEN),
            header(vec![b"Bearer ,".to_vec()]),
        ),
        row(
            T,
            "another scheme's credential, then an empty Bearer",
            Std,
            bad_request(NO_TOKEN),
            header(vec![b"Basic dXNlcjpwYXNz, Bearer".to_vec()]),
        ),
        row(
            T,
            "Basic only",
            Std,
            absent(MISSING_BEARER),
            header(vec![b"Basic dXNlcjpwYXNz".to_vec()]),
        ),
        row(
            T,
            "scheme glued to the token with '='",
            Std,
            bad_request(glued('=')),
            move |_| authorization(&[&tok("Bearer=", "")]),
        ),
        row(
            T,
            "scheme glued to the token with ':'",
            Std,
            bad_request(glued(':')),
            move |_| authorization(&[&tok("Bearer:", "")]),
        ),
        row(
            T,
            "an empty Authorization header",
            Std,
            absent(MISSING_BEARER),
            header(vec![Vec::new()]),
        ),
        row(
            T,
            "two Bearer credentials in one header",
            Std,
            bad_request(SEVERAL),
            |_| {
                let token = valid();
                authorization(&[format!("Bearer {token}, bearer {token}").as_bytes()])
            },
        ),
        row(
            T,
            "two Authorization headers, the second a garbage Bearer",
            Std,
            bad_request(SEVERAL),
            |_| authorization(&[format!("Bearer {}", valid()).as_bytes(), b"bearer x"]),
        ),
        row(
            T,
            "Basic header, then a Bearer header",
            Std,
            ok("alice"),
            |_| {
                authorization(&[
                    b"Basic dXNlcjpwYXNz",
                    format!("Bearer {}", valid()).as_bytes(),
                ])
            },
        ),
        row(
            T,
            "a Bearer header, then an empty header",
            Std,
            ok("alice"),
            |_| authorization(&[format!("Bearer {}", valid()).as_bytes(), b""]),
        ),
        row(T, "UTF-8 in the token", Std, bad_request(NON_ASCII), |_| {
            authorization(&[format!("Bearer é{}", valid()).as_bytes()])
        }),
        row(
            T,
            "a no-break space after the scheme",
            Std,
            bad_request(NON_ASCII),
            |_| {
                authorization(&[[b"Bearer\xc2\xa0".as_slice(), valid().as_bytes()]
                    .concat()
                    .as_slice()])
            },
        ),
        row(
            T,
            "non-ASCII in a second header without Bearer",
            Std,
            bad_request(NON_ASCII),
            |_| authorization(&[format!("Bearer {}", valid()).as_bytes(), b"Basic \x80\xff"]),
        ),
        row(
            T,
            "a quoted token",
            Std,
            bad_request(NOT_B64TOKEN),
            move |_| authorization(&[&tok("Bearer \"", "\"")]),
        ),
        row(
            T,
            "'=' inside the token is outside b64token",
            Std,
            bad_request(NOT_B64TOKEN),
            |_| {
                let token = valid();
                let (header, rest) = token.split_once('.').unwrap();
                authorization(&[format!("Bearer {header}=.{rest}").as_bytes()])
            },
        ),
        row(
            T,
            "Bearer with auth-params instead of a token",
            Std,
            bad_request(NOT_B64TOKEN),
            header(vec![br#"Bearer realm="api", token="x""#.to_vec()]),
        ),
        row(
            T,
            "smuggled: Bearer inside another scheme's quoted parameter",
            Std,
            absent(MISSING_BEARER),
            move |_| authorization(&[&tok(r#"Foo realm="x, Bearer "#, r#", y""#)]),
        ),
        row(
            T,
            "smuggled: an escaped quote keeps Bearer inside the parameter",
            Std,
            absent(MISSING_BEARER),
            move |_| authorization(&[&tok(r#"Foo realm="x\", Bearer "#, r#", y""#)]),
        ),
        row(
            T,
            "smuggled: a quoted string continued into a second header",
            Std,
            absent(MISSING_BEARER),
            move |_| authorization(&[br#"Foo realm="x"#, &tok("Bearer ", r#"""#)]),
        ),
        row(
            T,
            "smuggled: Bearer as another scheme's parameter name",
            Std,
            absent(MISSING_BEARER),
            move |_| authorization(&[&tok("Foo a=b, Bearer=", "")]),
        ),
        row(
            T,
            "optional: a Bearer inside a quoted parameter is no token",
            Std,
            ok("anonymous"),
            |_| {
                let value = format!(r#"Foo realm="Bearer {}""#, valid());
                let mut req = authorization(&[value.as_bytes()]);
                *req.uri_mut() = "/optional".parse().unwrap();
                req
            },
        ),
        row(
            T,
            "several schemes: Bearer after another's quoted parameters",
            Std,
            ok("alice"),
            move |_| {
                authorization(&[&tok(
                    r#"Digest username="a, Bearer b", realm="r\"", Basic x==, Bearer "#,
                    r#", Foo a=b"#,
                )])
            },
        ),
        row(
            T,
            "an unterminated quoted string before a Bearer credential",
            Std,
            bad_request(unparsable("a quoted string is not closed at byte 10")),
            move |_| authorization(&[&tok(r#"Foo realm="x, Bearer "#, "")]),
        ),
        row(
            T,
            "an unterminated quoted string without Bearer is no token",
            Std,
            absent(MISSING_BEARER),
            header(vec![br#"Foo realm="x, Basic dXNlcjpwYXNz"#.to_vec()]),
        ),
        row(
            T,
            "the token under another header name",
            Std,
            absent(MISSING_HEADER),
            |_| {
                Request::get("/protected")
                    .header("x-authorization", format!("Bearer {}", valid()))
                    .body(Body::empty())
                    .unwrap()
            },
        ),
        row(
            T,
            "the token in the query of a header-only manager",
            Std,
            absent(MISSING_HEADER),
            |_| request(&format!("/protected?jwt={}", valid()), None),
        ),
        row(
            T,
            "optional: another scheme counts as no token",
            Std,
            ok("anonymous"),
            |_| {
                let mut req = authorization(&[b"Basic dXNlcjpwYXNz"]);
                *req.uri_mut() = "/optional".parse().unwrap();
                req
            },
        ),
        row(
            T,
            "optional: an empty Bearer is not forgiven",
            Std,
            bad_request(NO_TOKEN),
            |_| {
                let mut req = authorization(&[b"Bearer "]);
                *req.uri_mut() = "/optional".parse().unwrap();
                req
            },
        ),
        row(
            T,
            "optional: a garbage token is not forgiven",
            Std,
            invalid(NOT_ENOUGH),
            |_| bearer("/optional", "garbage"),
        ),
        row(
            T,
            "a 1 MiB header is refused before decoding",
            Std,
            invalid(TOO_LONG),
            |_| authorization(&[format!("Bearer {}", "A".repeat(1 << 20)).as_bytes()]),
        ),
        row(
            T,
            "several locations: an expired cookie beside a valid header",
            Multi,
            invalid(EXPIRED),
            |fx| {
                let expired = fx
                    .multi
                    .access_token("alice")
                    .issued_at(ago(3600))
                    .mint()
                    .unwrap();
                let bearer = format!("Bearer {}", fx.cookie_token("bob"));
                with_cookies(
                    Method::GET,
                    "/protected",
                    &[&access_cookie(&expired)],
                    &[("authorization", &bearer)],
                )
            },
        ),
        row(
            T,
            "several locations: an empty Bearer beside a valid query token",
            Multi,
            bad_request(NO_TOKEN),
            |fx| {
                let uri = format!("/protected?jwt={}", fx.cookie_token("bob"));
                with_cookies(Method::GET, &uri, &[], &[("authorization", "Bearer")])
            },
        ),
        row(
            T,
            "several locations: a garbage header beside a valid query token",
            Multi,
            invalid(NOT_ENOUGH),
            |fx| {
                let uri = format!("/protected?jwt={}", fx.cookie_token("bob"));
                with_cookies(
                    Method::GET,
                    &uri,
                    &[],
                    &[("authorization", "Bearer garbage")],
                )
            },
        ),
        row(
            T,
            "several locations: the cookie decides over the header",
            Multi,
            ok("alice"),
            |fx| {
                let bearer = format!("Bearer {}", fx.cookie_token("bob"));
                with_cookies(
                    Method::GET,
                    "/protected",
                    &[&access_cookie(&fx.cookie_token("alice"))],
                    &[("authorization", &bearer)],
                )
            },
        ),
        row(
            T,
            "the query parameter twice",
            Multi,
            bad_request("Several 'jwt' query parameters in the request; send exactly one"),
            |fx| {
                let token = fx.cookie_token("alice");
                request(&format!("/protected?jwt={token}&jwt={token}"), None)
            },
        ),
        row(
            T,
            "an empty query parameter",
            Multi,
            bad_request("The 'jwt' query parameter is empty"),
            |_| request("/protected?jwt=", None),
        ),
        row(
            T,
            "percent-encoded invalid UTF-8 in the query",
            Multi,
            invalid(NOT_ENOUGH),
            |_| request("/protected?jwt=%FF%FE%00", None),
        ),
        row(
            T,
            "an over-long query token is 401, not 400",
            Multi,
            invalid(TOO_LONG),
            |_| request(&format!("/protected?jwt={}", valid_of_length(8193)), None),
        ),
        row(
            T,
            "the parameter name in another case",
            Multi,
            absent(MISSING_EVERYWHERE),
            |fx| {
                request(
                    &format!("/protected?JWT={}", fx.cookie_token("alice")),
                    None,
                )
            },
        ),
    ]
}

fn structure() -> Vec<Case> {
    use Cat::Structure as S;
    let std = |name, want, token: fn() -> String| std_token(S, name, want, token);
    vec![
        std("one segment", invalid(NOT_ENOUGH), || {
            "eyJhbGciOiJIUzI1NiJ9".to_owned()
        }),
        std("two segments", invalid(NOT_ENOUGH), || {
            valid().rsplit_once('.').unwrap().0.to_owned()
        }),
        std("a lone dot", invalid(NOT_ENOUGH), || ".".to_owned()),
        std("three empty segments", invalid(HEADER_STRING), || {
            "..".to_owned()
        }),
        std("four segments", invalid(TOO_MANY), || {
            format!("{}.x", valid())
        }),
        std(
            "a JWE in compact form (five segments)",
            invalid(TOO_MANY),
            || {
                format!(
                    "{}.{}.{}.{}.{}",
                    b64(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#),
                    b64([7u8; 256]),
                    b64([1u8; 12]),
                    b64(b"ciphertext"),
                    b64([2u8; 16])
                )
            },
        ),
        std(
            "the JWS JSON serialization",
            bad_request(NOT_B64TOKEN),
            json_serialization,
        ),
        query_case(
            S,
            "the JWS JSON serialization in the query",
            invalid(NOT_ENOUGH),
            json_serialization,
        ),
        std(
            "a nested JWT as the payload (cty JWT)",
            invalid(PAYLOAD_STRING),
            || sign_segments(&b64(r#"{"alg":"HS256","cty":"JWT"}"#), &b64(valid())),
        ),
        std("a stripped signature", invalid(SIG), || {
            format!("{}.", valid().rsplit_once('.').unwrap().0)
        }),
        std("an over-long signature", invalid(SIG), || {
            format!("{}{}", valid(), "A".repeat(64))
        }),
        // `=` inside the token is outside RFC 6750's b64token, so the header
        // refuses these before decoding; the query string reaches the decoder.
        query_case(
            S,
            "'=' padding on the header",
            invalid(HEADER_PADDING),
            || {
                let header = URL_SAFE.encode(r#"{"alg":"HS256","x":12}"#);
                assert!(header.ends_with('='));
                sign_segments(&header, &b64(access().to_string()))
            },
        ),
        query_case(
            S,
            "'=' padding on the payload, signed as sent",
            invalid(PAYLOAD_PADDING),
            || {
                let payload = URL_SAFE.encode(claims_needing_padding());
                assert!(payload.ends_with('='));
                sign_segments(&b64(r#"{"alg":"HS256"}"#), &payload)
            },
        ),
        std(
            "'=' padding on the signature",
            invalid(CRYPTO_PADDING),
            || format!("{}=", valid()),
        ),
        std(
            "the standard alphabet in the header",
            invalid(HEADER_PADDING),
            || {
                let header = b64(r#"{"alg":"HS256","x":"~~~~~?????"}"#);
                assert!(header.contains(['-', '_']));
                sign_segments(&standard_alphabet(&header), &b64(access().to_string()))
            },
        ),
        std(
            "the standard alphabet in the payload, signed as sent",
            invalid(PAYLOAD_PADDING),
            || {
                let payload = b64(with(access(), "x", json!("~~~~~?????")).to_string());
                assert!(payload.contains(['-', '_']));
                sign_segments(&b64(r#"{"alg":"HS256"}"#), &standard_alphabet(&payload))
            },
        ),
        std(
            "the standard alphabet in the signature",
            invalid(CRYPTO_PADDING),
            || {
                let token = valid_with_url_chars_in_signature();
                let (head, sig) = token.rsplit_once('.').unwrap();
                format!("{head}.{}", standard_alphabet(sig))
            },
        ),
        std(
            "trailing bits set in the header's last character",
            invalid(HEADER_PADDING),
            || {
                let header = set_trailing_bit(&b64(r#"{"alg":"HS256","x":12}"#));
                sign_segments(&header, &b64(access().to_string()))
            },
        ),
        std(
            "trailing bits set in the signature (same MAC bytes)",
            invalid(CRYPTO_PADDING),
            || {
                let token = valid();
                let (head, sig) = token.rsplit_once('.').unwrap();
                format!("{head}.{}", set_trailing_bit(sig))
            },
        ),
        std(
            "a byte-order mark before the header",
            invalid(HEADER_STRING),
            || signed_header("\u{feff}{\"alg\":\"HS256\"}"),
        ),
        std(
            "a byte-order mark before the payload",
            invalid(PAYLOAD_STRING),
            || signed_payload(format!("\u{feff}{}", access())),
        ),
        std(
            "invalid UTF-8 in the header",
            invalid(HEADER_STRING),
            || signed_header(b"{\"alg\":\"HS256\",\"x\":\"\xff\"}"),
        ),
        std(
            "an overlong UTF-8 sequence in the payload",
            invalid(PAYLOAD_STRING),
            || {
                let mut bytes = claims_plus(&access(), "\"x\":\"@@\"").into_bytes();
                let at = bytes.iter().position(|b| *b == b'@').unwrap();
                bytes[at..at + 2].copy_from_slice(b"\xc0\xaf");
                signed_payload(bytes)
            },
        ),
        std(
            "a lone surrogate escape in the payload",
            invalid(PAYLOAD_STRING),
            || signed_payload(claims_plus(&access(), r#""x":"\ud800""#)),
        ),
        std(
            "trailing bytes after the header object",
            invalid(HEADER_STRING),
            || signed_header(r#"{"alg":"HS256"}x"#),
        ),
        std(
            "a second object after the payload",
            invalid(PAYLOAD_STRING),
            || signed_payload(format!("{}{{}}", access())),
        ),
        std("a NUL after the payload", invalid(PAYLOAD_STRING), || {
            signed_payload(format!("{}\0", access()))
        }),
        std("a comment in the payload", invalid(PAYLOAD_STRING), || {
            signed_payload(claims_plus(&access(), r#""x":1/*x*/"#))
        }),
        std("an array payload", invalid(NOT_OBJECT), || {
            signed_payload(format!("[{}]", access()))
        }),
        std("a string payload", invalid(NOT_OBJECT), || {
            signed_payload("\"alice\"")
        }),
        std("a null payload", invalid(NOT_OBJECT), || {
            signed_payload("null")
        }),
        std(
            "a header that is an array",
            invalid("Invalid header string: must be a json object"),
            || signed_header(r#"[{"alg":"HS256"}]"#),
        ),
        std("claims nested 16 deep are accepted", ok("alice"), || {
            // The payload object is level 1; fifteen arrays make sixteen.
            signed_payload(claims_plus(&access(), &format!("\"n\":{}", nested(15))))
        }),
        std("claims nested 17 deep", invalid(deeper("payload")), || {
            signed_payload(claims_plus(&access(), &format!("\"n\":{}", nested(16))))
        }),
        std(
            "a header nested 17 deep, unsigned",
            invalid(deeper("header")),
            || {
                format!(
                    "{}.e30.x",
                    b64(format!("{{\"alg\":\"HS256\",\"x\":{}}}", nested(16)))
                )
            },
        ),
        std(
            "a payload nested 3000 deep",
            invalid(deeper("payload")),
            || signed_payload(format!("{{\"sub\":{}}}", nested(3000))),
        ),
        std(
            "a valid token of exactly 8192 bytes is accepted",
            ok("alice"),
            || valid_of_length(8192),
        ),
        std("a valid token of 8193 bytes", invalid(TOO_LONG), || {
            valid_of_length(8193)
        }),
    ]
}

fn jose_header() -> Vec<Case> {
    use Cat::JoseHeader as J;
    let std = |name, want, token: fn() -> String| std_token(J, name, want, token);
    let rsa = |name, want, token: fn() -> String| {
        row(J, name, App::Rsa, want, move |_| {
            bearer("/protected", &token())
        })
    };
    vec![
        std("alg none, unsigned", invalid(ALG), || {
            unsigned(r#"{"alg":"none"}"#)
        }),
        std("alg None, unsigned", invalid(ALG), || {
            unsigned(r#"{"alg":"None","typ":"JWT"}"#)
        }),
        std("alg nOnE, unsigned", invalid(ALG), || {
            unsigned(r#"{"alg":"nOnE"}"#)
        }),
        std("alg none with a valid HMAC signature", invalid(ALG), || {
            signed_header(r#"{"alg":"none"}"#)
        }),
        std("alg in lowercase", invalid(ALG), || {
            signed_header(r#"{"alg":"hs256"}"#)
        }),
        std("alg with a trailing NUL", invalid(ALG), || {
            signed_header(r#"{"alg":"HS256\u0000"}"#)
        }),
        std("alg empty", invalid(ALG), || signed_header(r#"{"alg":""}"#)),
        std("alg not a string", invalid(NO_ALG), || {
            signed_header(r#"{"alg":["HS256"]}"#)
        }),
        std("alg null", invalid(NO_ALG), || {
            signed_header(r#"{"alg":null}"#)
        }),
        std(
            "alg twice, none first",
            invalid(twice("header", "alg")),
            || signed_header(r#"{"alg":"none","alg":"HS256"}"#),
        ),
        std(
            "alg twice, the second escaped",
            invalid(twice("header", "alg")),
            || signed_header(r#"{"alg":"HS256","\u0061lg":"none"}"#),
        ),
        std(
            "an algorithm outside the allow-list (HS512)",
            invalid(ALG),
            || sign_with(Algorithm::HS512, &SECRET.repeat(2), &access()),
        ),
        rsa(
            "RS256 service: HS512 keyed with the public key PEM",
            invalid(ALG),
            || {
                jsonwebtoken::encode(
                    &Header::new(Algorithm::HS512),
                    &access(),
                    &EncodingKey::from_secret(&key_file("rsa2048.pub.pem")),
                )
                .unwrap()
            },
        ),
        rsa("RS256 service: alg none", invalid(ALG), || {
            unsigned(r#"{"alg":"none"}"#)
        }),
        rsa(
            "RS256 service: PS256 by the right key, bound to RS256",
            invalid(ALG),
            || rs_token(Algorithm::PS256, "rsa2048.pem", &access()),
        ),
        rsa("RS256 service: RS256 by another key", invalid(SIG), || {
            rs_token(Algorithm::RS256, "rsa2048-b.pem", &access())
        }),
        rsa(
            "RS256 service: the genuine token is accepted",
            ok("alice"),
            || rs_token(Algorithm::RS256, "rsa2048.pem", &access()),
        ),
        std("crit empty", invalid(CRIT), || {
            signed_header(r#"{"alg":"HS256","crit":[]}"#)
        }),
        // Unencoded, as RFC 7797 sends it: outside b64token, so in the query.
        query_case(
            J,
            "crit b64 with an unencoded payload",
            invalid(CRIT),
            || {
                let header = b64(r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#);
                sign_segments(&header, r#"{"sub":"alice"}"#)
            },
        ),
        std("crit null", invalid(CRIT), || {
            signed_header(r#"{"alg":"HS256","crit":null}"#)
        }),
        std("crit naming a present parameter", invalid(CRIT), || {
            signed_header(r#"{"alg":"HS256","x":1,"crit":["x"]}"#)
        }),
        query_case(
            J,
            "b64 false without crit: the payload is still base64url",
            invalid(PAYLOAD_PADDING),
            || sign_segments(&b64(r#"{"alg":"HS256","b64":false}"#), r#"{"sub":"alice"}"#),
        ),
        std("jku to the attacker's key set", invalid(SIG), || {
            attacker_header(r#"{"alg":"HS256","jku":"https://evil.example/jwks.json"}"#)
        }),
        std("x5u to the attacker's certificate", invalid(SIG), || {
            attacker_header(r#"{"alg":"HS256","x5u":"https://evil.example/cert.pem"}"#)
        }),
        std(
            "an embedded oct jwk holding the attacker's secret",
            invalid(SIG),
            || {
                let k = URL_SAFE_NO_PAD.encode(ATTACKER);
                attacker_header(&format!(
                    r#"{{"alg":"HS256","jwk":{{"kty":"oct","k":"{k}"}}}}"#
                ))
            },
        ),
        std("an x5c chain from the attacker", invalid(SIG), || {
            let cert = STANDARD.encode([0x30u8; 64]);
            attacker_header(&format!(r#"{{"alg":"HS256","x5c":["{cert}"]}}"#))
        }),
        std("kid path traversal", invalid(KID), || {
            signed_header(r#"{"alg":"HS256","kid":"../../../../../../dev/null"}"#)
        }),
        std("kid SQL injection", invalid(KID), || {
            signed_header(r#"{"alg":"HS256","kid":"x' UNION SELECT 'secret' --"}"#)
        }),
        std("kid of 5000 bytes", invalid(KID), || {
            signed_header(format!(r#"{{"alg":"HS256","kid":"{}"}}"#, "k".repeat(5000)))
        }),
        std(
            "kid with a quote, CR/LF, NUL and non-ASCII",
            invalid(KID),
            || signed_header(r#"{"alg":"HS256","kid":"a\"\r\nSet-Cookie: x=1; é\u0000"}"#),
        ),
        std("kid empty", invalid(KID), || {
            signed_header(r#"{"alg":"HS256","kid":""}"#)
        }),
        std("kid a number", invalid(KID_TYPE), || {
            signed_header(r#"{"alg":"HS256","kid":123}"#)
        }),
        std("kid an object (NoSQL-style)", invalid(KID_TYPE), || {
            signed_header(r#"{"alg":"HS256","kid":{"$ne":null}}"#)
        }),
        std("kid null", invalid(KID_TYPE), || {
            signed_header(r#"{"alg":"HS256","kid":null}"#)
        }),
        std(
            "a reflected duplicate name with a quote and CR/LF",
            invalid(twice("header", r#"a\"\r\nSet-Cookie: x"#)),
            || {
                let name = r#""a\"\r\nSet-Cookie: x""#;
                format!(
                    "{}.e30.x",
                    b64(format!(r#"{{"alg":"HS256",{name}:1,{name}:2}}"#))
                )
            },
        ),
        std(
            "a reflected duplicate name with non-ASCII",
            invalid(twice("header", r"\u{e9}\u{202e}")),
            || {
                format!(
                    "{}.e30.x",
                    b64("{\"alg\":\"HS256\",\"é\u{202e}\":1,\"é\u{202e}\":2}")
                )
            },
        ),
        std(
            "zip DEF with a deflated payload is not inflated",
            invalid(jwe_only("zip")),
            || {
                let payload = deflated(&access().to_string());
                sign_segments(&b64(r#"{"alg":"HS256","zip":"DEF"}"#), &b64(payload))
            },
        ),
        std(
            "zip DEF from the attacker",
            invalid(jwe_only("zip")),
            || attacker_header(r#"{"alg":"HS256","zip":"DEF"}"#),
        ),
        std(
            "zip DEF over a plain JSON payload, validly signed",
            invalid(jwe_only("zip")),
            || signed_header(r#"{"alg":"HS256","zip":"DEF"}"#),
        ),
        std(
            "enc in a validly signed JWS header",
            invalid(jwe_only("enc")),
            || signed_header(r#"{"alg":"HS256","enc":"A128GCM"}"#),
        ),
        std(
            "enc null is still JWE-only",
            invalid(jwe_only("enc")),
            || signed_header(r#"{"alg":"HS256","enc":null,"kid":"k"}"#),
        ),
        std("alg dir with enc (a JWE header)", invalid(ALG), || {
            signed_header(r#"{"alg":"dir","enc":"A128CBC-HS256"}"#)
        }),
    ]
}

fn time_claims() -> Vec<Case> {
    use Cat::TimeClaims as C;
    let std = |name, want, token: fn() -> String| std_token(C, name, want, token);
    let leeway = |name, want, token: fn() -> String| {
        row(C, name, App::Leeway, want, move |_| {
            bearer("/protected", &token())
        })
    };
    vec![
        std(
            "exp as a numeric string",
            invalid(time_claim("exp")),
            || valid_with("exp", json!((now() + 600).to_string())),
        ),
        std("exp a boolean", invalid(time_claim("exp")), || {
            valid_with("exp", json!(true))
        }),
        std("exp an object", invalid(time_claim("exp")), || {
            valid_with("exp", json!({"$gt": 0}))
        }),
        std("exp the string NaN", invalid(time_claim("exp")), || {
            valid_with("exp", json!("NaN"))
        }),
        std(
            "exp the string Infinity",
            invalid(time_claim("exp")),
            || valid_with("exp", json!("Infinity")),
        ),
        std(
            "exp negative is no date",
            invalid(not_a_date("exp")),
            || valid_with("exp", json!(-1)),
        ),
        std("exp negative zero", invalid(EXPIRED), || {
            valid_with("exp", json!(-0.0))
        }),
        std(
            "exp i64::MIN is no date",
            invalid(not_a_date("exp")),
            || valid_with("exp", json!(i64::MIN)),
        ),
        std("exp a past fraction", invalid(EXPIRED), || {
            valid_with("exp", json!(1.5))
        }),
        std("exp 1e300 is no date", invalid(not_a_date("exp")), || {
            valid_with("exp", json!(1e300))
        }),
        std(
            "exp u64::MAX is no date",
            invalid(not_a_date("exp")),
            || valid_with("exp", json!(u64::MAX)),
        ),
        std(
            "exp 1e999 is not a number JSON can hold",
            invalid(PAYLOAD_STRING),
            || signed_payload(claims_plus(&without(access(), "exp"), r#""exp":1e999"#)),
        ),
        std("exp with a fraction in the future", ok("alice"), || {
            valid_with("exp", json!(now() as f64 + 600.25))
        }),
        std("exp equal to now", invalid(EXPIRED), || {
            valid_with("exp", json!(now()))
        }),
        std(
            "exp missing",
            invalid("Token is missing the \"exp\" claim"),
            || sign(&without(access(), "exp")),
        ),
        std(
            "exp twice, expired first",
            invalid(twice("payload", "exp")),
            || {
                let extra = format!("\"exp\":1,\"exp\":{}", now() + 600);
                signed_payload(claims_plus(&without(access(), "exp"), &extra))
            },
        ),
        std("nbf equal to now is accepted", ok("alice"), || {
            valid_with("nbf", json!(now()))
        }),
        std("nbf five seconds ahead", invalid(NBF), || {
            valid_with("nbf", json!(now() + 5))
        }),
        std("nbf 1e300 is no date", invalid(not_a_date("nbf")), || {
            valid_with("nbf", json!(1e300))
        }),
        std(
            "nbf u64::MAX is no date",
            invalid(not_a_date("nbf")),
            || valid_with("nbf", json!(u64::MAX)),
        ),
        std("nbf as a string", invalid(time_claim("nbf")), || {
            valid_with("nbf", json!("0"))
        }),
        std("nbf -1e300 is no date", invalid(not_a_date("nbf")), || {
            valid_with("nbf", json!(-1e300))
        }),
        std(
            "iat u64::MAX is no date",
            invalid(not_a_date("iat")),
            || valid_with("iat", json!(u64::MAX)),
        ),
        std("iat a boolean", invalid(time_claim("iat")), || {
            valid_with("iat", json!(false))
        }),
        leeway("leeway: exp 5 s ago is accepted", ok("alice"), || {
            valid_with("exp", json!(now() - 5))
        }),
        leeway(
            "leeway: exp exactly the leeway ago",
            invalid(EXPIRED),
            || valid_with("exp", json!(now() - 10)),
        ),
        leeway(
            "leeway: nbf exactly the leeway ahead is accepted",
            ok("alice"),
            || valid_with("nbf", json!(now() + 10)),
        ),
        leeway("leeway: nbf beyond the leeway", invalid(NBF), || {
            valid_with("nbf", json!(now() + 15))
        }),
        leeway("leeway: iat beyond the leeway", invalid(IAT), || {
            sign(&with(without(access(), "nbf"), "iat", json!(now() + 15)))
        }),
    ]
}

fn issuer_audience() -> Vec<Case> {
    use Cat::IssuerAudience as I;
    fn base() -> Value {
        with(with(access(), "iss", json!(ISSUER)), "aud", json!(AUDIENCE))
    }
    let iss_aud = |name, want, token: fn() -> String| {
        row(I, name, App::IssAud, want, move |_| {
            bearer("/protected", &token())
        })
    };
    vec![
        iss_aud("the right iss and aud are accepted", ok("alice"), || {
            sign(&base())
        }),
        iss_aud("iss missing", invalid(MISSING_ISS), || {
            sign(&without(base(), "iss"))
        }),
        iss_aud("iss a number", invalid(INVALID_ISSUER), || {
            sign(&with(base(), "iss", json!(7)))
        }),
        iss_aud(
            "iss an array holding the issuer",
            invalid(INVALID_ISSUER),
            || sign(&with(base(), "iss", json!(["evil", ISSUER]))),
        ),
        iss_aud("iss null", invalid(INVALID_ISSUER), || {
            sign(&with(base(), "iss", json!(null)))
        }),
        iss_aud("iss with a trailing slash", invalid(INVALID_ISSUER), || {
            sign(&with(base(), "iss", json!(format!("{ISSUER}/"))))
        }),
        iss_aud("iss in another case", invalid(INVALID_ISSUER), || {
            sign(&with(base(), "iss", json!(ISSUER.to_uppercase())))
        }),
        iss_aud("iss with a NUL suffix", invalid(INVALID_ISSUER), || {
            sign(&with(base(), "iss", json!(format!("{ISSUER}\0"))))
        }),
        iss_aud(
            "iss twice, the expected one second",
            invalid(twice("payload", "iss")),
            || {
                let extra = format!("\"iss\":\"https://evil.example\",\"iss\":\"{ISSUER}\"");
                signed_payload(claims_plus(&without(base(), "iss"), &extra))
            },
        ),
        iss_aud("aud missing", invalid(MISSING_AUD), || {
            sign(&without(base(), "aud"))
        }),
        iss_aud("aud a number", invalid(AUD_MISMATCH), || {
            sign(&with(base(), "aud", json!(123)))
        }),
        iss_aud("aud null", invalid(AUD_MISMATCH), || {
            sign(&with(base(), "aud", json!(null)))
        }),
        iss_aud("aud an empty array", invalid(AUD_MISMATCH), || {
            sign(&with(base(), "aud", json!([])))
        }),
        iss_aud(
            "aud an array with a non-string",
            invalid(AUD_MISMATCH),
            || sign(&with(base(), "aud", json!([AUDIENCE, 7]))),
        ),
        iss_aud("aud in another case", invalid(AUD_MISMATCH), || {
            sign(&with(base(), "aud", json!("API")))
        }),
        iss_aud("aud an object", invalid(AUD_MISMATCH), || {
            sign(&with(base(), "aud", json!({AUDIENCE: true})))
        }),
        iss_aud(
            "aud twice, the expected one second",
            invalid(twice("payload", "aud")),
            || {
                let extra = format!("\"aud\":\"web\",\"aud\":\"{AUDIENCE}\"");
                signed_payload(claims_plus(&without(base(), "aud"), &extra))
            },
        ),
        std_token(
            I,
            "an audience where none is configured",
            invalid("Invalid audience"),
            || valid_with("aud", json!(AUDIENCE)),
        ),
        std_token(
            I,
            "an empty audience array where none is configured",
            invalid("Invalid audience"),
            || valid_with("aud", json!([])),
        ),
    ]
}

/// Valid claims without `type` and `fresh`, plus these members as raw JSON.
fn untyped_plus(extra: &str) -> String {
    signed_payload(claims_plus(
        &without(without(access(), "type"), "fresh"),
        extra,
    ))
}

fn type_freshness_revocation() -> Vec<Case> {
    use Cat::TypeFreshnessRevocation as F;
    let std = |name, want, token: fn() -> String| std_token(F, name, want, token);
    let to = |name, uri: &'static str, want, token: fn() -> String| {
        row(F, name, App::Std, want, move |_| bearer(uri, &token()))
    };
    vec![
        std("type in capitals", invalid(INVALID_TYPE), || {
            valid_with("type", json!("ACCESS"))
        }),
        std("type an array", invalid(INVALID_TYPE), || {
            valid_with("type", json!(["access"]))
        }),
        std("type null", invalid(INVALID_TYPE), || {
            valid_with("type", json!(null))
        }),
        std(
            "a refresh token on an access route",
            invalid(ONLY_ACCESS),
            || valid_with("type", json!("refresh")),
        ),
        to(
            "an access token on the refresh route",
            "/refresh",
            invalid(ONLY_REFRESH),
            valid,
        ),
        std("type twice", invalid(twice("payload", "type")), || {
            untyped_plus(r#""type":"refresh","fresh":false,"type":"access""#)
        }),
        std(
            "type twice, the second escaped",
            invalid(twice("payload", "type")),
            || untyped_plus(r#""type":"refresh","fresh":false,"\u0074ype":"access""#),
        ),
        to(
            "not fresh on a fresh route",
            "/fresh",
            invalid(FRESH),
            valid,
        ),
        to(
            "fresh the string true",
            "/fresh",
            invalid(INVALID_FRESH),
            || valid_with("fresh", json!("true")),
        ),
        to(
            "fresh 1 (a timestamp in 1970)",
            "/fresh",
            invalid(FRESH),
            || valid_with("fresh", json!(1)),
        ),
        to("fresh a second ago", "/fresh", invalid(FRESH), || {
            valid_with("fresh", json!(now() - 1))
        }),
        to("fresh 1e300", "/fresh", invalid(INVALID_FRESH), || {
            valid_with("fresh", json!(1e300))
        }),
        to("fresh negative", "/fresh", invalid(INVALID_FRESH), || {
            valid_with("fresh", json!(-1))
        }),
        to("fresh null", "/fresh", invalid(INVALID_FRESH), || {
            valid_with("fresh", json!(null))
        }),
        to(
            "fresh until later is accepted",
            "/fresh",
            ok("fresh"),
            || valid_with("fresh", json!(now() + 600)),
        ),
        to(
            "fresh twice, false first",
            "/fresh",
            invalid(twice("payload", "fresh")),
            || untyped_plus(r#""type":"access","fresh":false,"fresh":true"#),
        ),
        std("a revoked jti", invalid(REVOKED), || {
            valid_with("jti", json!(REVOKED_JTI))
        }),
        std(
            "jti twice, the revoked one second",
            invalid(twice("payload", "jti")),
            || {
                let extra = format!("\"jti\":\"another\",\"jti\":\"{REVOKED_JTI}\"");
                signed_payload(claims_plus(&without(access(), "jti"), &extra))
            },
        ),
        std(
            "jti of 257 bytes",
            invalid("The \"jti\" claim is longer than 256 bytes"),
            || valid_with("jti", json!("j".repeat(257))),
        ),
        std("jti of 256 bytes is accepted", ok("alice"), || {
            valid_with("jti", json!("j".repeat(256)))
        }),
        std("jti null", invalid(INVALID_JTI), || {
            valid_with("jti", json!(null))
        }),
    ]
}

/// Claims that satisfy `/claims`.
fn granted() -> Value {
    let mut claims = access();
    claims["role"] = json!("admin");
    claims["level"] = json!(3);
    claims["org"] = json!({"id": 7});
    claims["roles"] = json!(["ops", "admin"]);
    claims
}

fn subject_scope_claims() -> Vec<Case> {
    use Cat::SubjectScopeClaims as M;
    let to = |name, uri: &'static str, want, token: fn() -> String| {
        row(M, name, App::Std, want, move |_| bearer(uri, &token()))
    };
    let claims_route = |name, want, change: fn(Value) -> Value| {
        row(M, name, App::Std, want, move |_| {
            bearer("/claims", &sign(&change(granted())))
        })
    };
    vec![
        to(
            "sub bound to another user's path",
            "/users/bob",
            forbidden(),
            valid,
        ),
        to(
            "sub matching the path is accepted",
            "/users/alice",
            ok("alice"),
            valid,
        ),
        to(
            "sub an array holding the user",
            "/users/alice",
            invalid(INVALID_SUB),
            || valid_with("sub", json!(["alice"])),
        ),
        to(
            "sub a number equal to the path",
            "/users/42",
            invalid(INVALID_SUB),
            || valid_with("sub", json!(42)),
        ),
        to(
            "sub against the path with a NUL",
            "/users/alice%00",
            forbidden(),
            valid,
        ),
        to(
            "sub against the path in capitals",
            "/users/ALICE",
            forbidden(),
            valid,
        ),
        to(
            "sub twice, the victim second",
            "/users/bob",
            invalid(twice("payload", "sub")),
            || {
                signed_payload(claims_plus(
                    &without(access(), "sub"),
                    r#""sub":"alice","sub":"bob""#,
                ))
            },
        ),
        claims_route("every required claim is accepted", ok("claims"), |c| c),
        claims_route("role an array holding the role", forbidden(), |c| {
            with(c, "role", json!(["admin"]))
        }),
        claims_route("level the string 3", forbidden(), |c| {
            with(c, "level", json!("3"))
        }),
        claims_route("level the float 3.0", forbidden(), |c| {
            with(c, "level", json!(3.0))
        }),
        claims_route("level true", forbidden(), |c| with(c, "level", json!(true))),
        claims_route("org.id as a flat dotted name", forbidden(), |c| {
            with(without(c, "org"), "org.id", json!(7))
        }),
        claims_route("roles a string, not an array", forbidden(), |c| {
            with(c, "roles", json!("admin"))
        }),
        claims_route("roles an array of arrays", forbidden(), |c| {
            with(c, "roles", json!([["admin"]]))
        }),
        to(
            "org.id twice inside org",
            "/claims",
            invalid(twice("payload", "id")),
            || {
                signed_payload(claims_plus(
                    &without(granted(), "org"),
                    r#""org":{"id":8,"id":7}"#,
                ))
            },
        ),
        to(
            "scope a string where an object is required",
            "/scope_map",
            forbidden(),
            || valid_with("scope", json!("admin")),
        ),
        to(
            "scope.admin the string true",
            "/scope_map",
            forbidden(),
            || valid_with("scope", json!({"admin": "true"})),
        ),
        to(
            "scope.admin the number 1",
            "/scope_map",
            forbidden(),
            || valid_with("scope", json!({"admin": 1})),
        ),
        to(
            "scope an array holding the object",
            "/scope_map",
            forbidden(),
            || valid_with("scope", json!([{"admin": true}])),
        ),
        to(
            "scope.admin twice",
            "/scope_map",
            invalid(twice("payload", "admin")),
            || {
                signed_payload(claims_plus(
                    &access(),
                    r#""scope":{"admin":false,"admin":true}"#,
                ))
            },
        ),
        to(
            "scope list joined by a comma",
            "/scope_list",
            forbidden(),
            || valid_with("scope", json!("read,write")),
        ),
        to(
            "scope list joined by a tab",
            "/scope_list",
            forbidden(),
            || valid_with("scope", json!("read\twrite")),
        ),
        to(
            "scope list in one array element",
            "/scope_list",
            forbidden(),
            || valid_with("scope", json!(["read write"])),
        ),
        to("scope list in capitals", "/scope_list", forbidden(), || {
            valid_with("scope", json!("READ WRITE"))
        }),
        to(
            "scope list with a double space is accepted",
            "/scope_list",
            ok("scope list"),
            || valid_with("scope", json!("read  write")),
        ),
        to(
            "not(banned = true) with banned true",
            "/composed",
            forbidden(),
            || {
                sign(&with(
                    with(access(), "team", json!("red")),
                    "banned",
                    json!(true),
                ))
            },
        ),
        to(
            "not(banned = true) with the string true is not banned",
            "/composed",
            ok("composed"),
            || {
                sign(&with(
                    with(access(), "team", json!("red")),
                    "banned",
                    json!("true"),
                ))
            },
        ),
        to("team missing", "/composed", forbidden(), valid),
        row(
            M,
            "an unknown user whose name holds a quote and CR/LF",
            App::Loader,
            invalid("Error loading the user mallory\"\r\nSet-Cookie: x=1"),
            |_| {
                bearer(
                    "/protected",
                    &valid_with("sub", json!("mallory\"\r\nSet-Cookie: x=1")),
                )
            },
        ),
        row(
            M,
            "an unknown user whose name holds a backslash and non-ASCII",
            App::Loader,
            invalid("Error loading the user \\é\u{202e}\u{0}"),
            |_| bearer("/protected", &valid_with("sub", json!("\\é\u{202e}\u{0}"))),
        ),
        row(
            M,
            "the verification hook refuses a suspended user",
            App::Loader,
            forbidden(),
            |_| bearer("/protected", &valid_with("suspended", json!(true))),
        ),
        row(
            M,
            "the hook compares typed: the string true is not suspended",
            App::Loader,
            ok("alice"),
            |_| bearer("/protected", &valid_with("suspended", json!("true"))),
        ),
    ]
}

fn post_cookie(cookie: &str, csrf: &[&str]) -> Request<Body> {
    let headers: Vec<(&str, &str)> = csrf.iter().map(|v| ("x-csrf-token", *v)).collect();
    with_cookies(
        Method::POST,
        "/protected",
        &[&access_cookie(cookie)],
        &headers,
    )
}

fn get_cookie(token: &str) -> Request<Body> {
    with_cookies(Method::GET, "/protected", &[&access_cookie(token)], &[])
}

fn cookies_csrf() -> Vec<Case> {
    use App::Multi;
    use Cat::CookiesCsrf as K;
    let invalid_csrf = || invalid("Invalid \"csrf\" claim: expected a non-empty string");
    vec![
        row(
            K,
            "POST without the CSRF header",
            Multi,
            invalid(CSRF_MISSING),
            |fx| post_cookie(&fx.cookie_token("alice"), &[]),
        ),
        row(
            K,
            "PUT with an empty CSRF header",
            Multi,
            invalid(CSRF_MISSING),
            |fx| {
                with_cookies(
                    Method::PUT,
                    "/protected",
                    &[&access_cookie(&fx.cookie_token("alice"))],
                    &[("x-csrf-token", "")],
                )
            },
        ),
        row(
            K,
            "POST with the right CSRF value is accepted",
            Multi,
            ok("alice"),
            |fx| {
                let token = fx.cookie_token("alice");
                post_cookie(&token, &[&csrf_claim(&token)])
            },
        ),
        row(
            K,
            "POST with a wrong CSRF value",
            Multi,
            invalid(CSRF_MISMATCH),
            |fx| post_cookie(&fx.cookie_token("alice"), &["guess"]),
        ),
        row(
            K,
            "POST with another session's CSRF value",
            Multi,
            invalid(CSRF_MISMATCH),
            |fx| {
                post_cookie(
                    &fx.cookie_token("alice"),
                    &[&csrf_claim(&fx.cookie_token("mallory"))],
                )
            },
        ),
        row(
            K,
            "POST with the CSRF value and a trailing space",
            Multi,
            invalid(CSRF_MISMATCH),
            |fx| {
                let token = fx.cookie_token("alice");
                post_cookie(&token, &[&format!("{} ", csrf_claim(&token))])
            },
        ),
        row(
            K,
            "POST with a CSRF prefix",
            Multi,
            invalid(CSRF_MISMATCH),
            |fx| {
                let token = fx.cookie_token("alice");
                let csrf = csrf_claim(&token);
                post_cookie(&token, &[&csrf[..csrf.len() - 1]])
            },
        ),
        row(
            K,
            "POST with two CSRF headers, the wrong one first",
            Multi,
            invalid(CSRF_MISMATCH),
            |fx| {
                let token = fx.cookie_token("alice");
                post_cookie(&token, &["guess", &csrf_claim(&token)])
            },
        ),
        row(
            K,
            "POST with an expired token and its CSRF value",
            Multi,
            invalid(EXPIRED),
            |fx| {
                let token = fx
                    .multi
                    .access_token("alice")
                    .issued_at(ago(3600))
                    .mint()
                    .unwrap();
                post_cookie(&token, &[&csrf_claim(&token)])
            },
        ),
        row(
            K,
            "POST with a forged token and its own CSRF value",
            Multi,
            invalid(SIG),
            |_| {
                let forged = sign_with(
                    Algorithm::HS256,
                    ATTACKER,
                    &with(access(), "csrf", json!("c")),
                );
                post_cookie(&forged, &["c"])
            },
        ),
        row(
            K,
            "a header-minted token planted in the cookie",
            Multi,
            invalid("Token is missing the \"csrf\" claim"),
            |fx| get_cookie(&fx.std.create_access_token("alice").unwrap()),
        ),
        row(
            K,
            "a cookie token whose csrf claim is empty",
            Multi,
            invalid_csrf(),
            |_| get_cookie(&valid_with("csrf", json!(""))),
        ),
        row(
            K,
            "a cookie token whose csrf claim is an array",
            Multi,
            invalid_csrf(),
            |_| get_cookie(&valid_with("csrf", json!(["c"]))),
        ),
        row(
            K,
            "a cookie token whose csrf claim appears twice",
            Multi,
            invalid(twice("payload", "csrf")),
            |_| {
                get_cookie(&signed_payload(claims_plus(
                    &access(),
                    r#""csrf":"a","csrf":"b""#,
                )))
            },
        ),
        row(
            K,
            "a refresh token in the access cookie",
            Multi,
            invalid(ONLY_ACCESS),
            |fx| get_cookie(&fx.multi.create_refresh_token("alice").unwrap()),
        ),
        row(
            K,
            "invalid UTF-8 in the access cookie",
            Multi,
            invalid("The access_token_cookie cookie is not a JWT"),
            |_| {
                with_cookies(
                    Method::GET,
                    "/protected",
                    &[b"access_token_cookie=\xc3\x28.a.b"],
                    &[],
                )
            },
        ),
        row(
            K,
            "UTF-8 in the access cookie",
            Multi,
            invalid(HEADER_PADDING),
            |_| {
                with_cookies(
                    Method::GET,
                    "/protected",
                    &["access_token_cookie=é.a.b".as_bytes()],
                    &[],
                )
            },
        ),
        row(
            K,
            "an over-long cookie token is 401, not 400",
            Multi,
            invalid(TOO_LONG),
            |_| get_cookie(&valid_of_length(9000)),
        ),
        row(
            K,
            "a cookie token nested too deeply is 401, not 400",
            Multi,
            invalid(deeper("header")),
            |_| {
                get_cookie(&format!(
                    "{}.e30.x",
                    b64(format!("{{\"alg\":\"HS256\",\"x\":{}}}", nested(16)))
                ))
            },
        ),
        row(K, "alg none in the cookie", Multi, invalid(ALG), |_| {
            get_cookie(&unsigned_with(
                r#"{"alg":"none"}"#,
                &with(access(), "csrf", json!("c")),
            ))
        }),
        row(
            K,
            "two Cookie headers, garbage first",
            Multi,
            invalid(PLANTED),
            |fx| {
                let good = access_cookie(&fx.cookie_token("alice"));
                with_cookies(
                    Method::GET,
                    "/protected",
                    &[b"access_token_cookie=garbage", &good],
                    &[],
                )
            },
        ),
        row(
            K,
            "a planted access cookie before the real one",
            Multi,
            invalid(PLANTED),
            |fx| {
                let cookie = format!(
                    "access_token_cookie={}; access_token_cookie={}",
                    fx.cookie_token("mallory"),
                    fx.cookie_token("alice")
                );
                with_cookies(Method::GET, "/protected", &[cookie.as_bytes()], &[])
            },
        ),
        row(
            K,
            "a planted access cookie after the real one, on POST with its CSRF value",
            Multi,
            invalid(PLANTED),
            |fx| {
                let alice = fx.cookie_token("alice");
                let cookie = format!(
                    "access_token_cookie={alice}; theme=dark; access_token_cookie=\"{}\"",
                    fx.cookie_token("mallory")
                );
                with_cookies(
                    Method::POST,
                    "/protected",
                    &[cookie.as_bytes()],
                    &[("x-csrf-token", &csrf_claim(&alice))],
                )
            },
        ),
        row(
            K,
            "a planted access cookie on an optional route beside a header token",
            Multi,
            invalid(PLANTED),
            |fx| {
                let cookie = format!(
                    "access_token_cookie={}; access_token_cookie=x",
                    fx.cookie_token("alice")
                );
                let bearer = format!("Bearer {}", fx.cookie_token("alice"));
                with_cookies(
                    Method::GET,
                    "/optional",
                    &[cookie.as_bytes()],
                    &[("authorization", &bearer)],
                )
            },
        ),
        row(
            K,
            "a planted refresh cookie beside the real one",
            Multi,
            invalid(
                "Several different \"refresh_token_cookie\" cookies in the request; another \
                 site of the domain may have set one, so none is used",
            ),
            |fx| {
                let cookie = |who: &str| {
                    format!(
                        "refresh_token_cookie={}",
                        fx.multi.create_refresh_token(who).unwrap()
                    )
                };
                with_cookies(
                    Method::GET,
                    "/refresh",
                    &[cookie("alice").as_bytes(), cookie("mallory").as_bytes()],
                    &[],
                )
            },
        ),
        row(
            K,
            "the same access cookie twice, once quoted, is accepted",
            Multi,
            ok("alice"),
            |fx| {
                let token = fx.cookie_token("alice");
                let cookie =
                    format!("access_token_cookie=\"{token}\"; access_token_cookie={token}");
                with_cookies(Method::GET, "/protected", &[cookie.as_bytes()], &[])
            },
        ),
        row(
            K,
            "an emptied access cookie beside the real one is accepted",
            Multi,
            ok("alice"),
            |fx| {
                let cookie = format!(
                    "access_token_cookie=; access_token_cookie={}",
                    fx.cookie_token("alice")
                );
                with_cookies(Method::GET, "/protected", &[cookie.as_bytes()], &[])
            },
        ),
        row(
            K,
            "the cookie name in another case",
            Multi,
            absent(MISSING_EVERYWHERE),
            |fx| {
                let cookie = format!("ACCESS_TOKEN_COOKIE={}", fx.cookie_token("alice"));
                with_cookies(Method::GET, "/protected", &[cookie.as_bytes()], &[])
            },
        ),
        row(
            K,
            "a cookie name with a suffix",
            Multi,
            absent(MISSING_EVERYWHERE),
            |fx| {
                let cookie = format!("access_token_cookie2={}", fx.cookie_token("alice"));
                with_cookies(Method::GET, "/protected", &[cookie.as_bytes()], &[])
            },
        ),
    ]
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
