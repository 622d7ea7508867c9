//! Shared helpers for the integration tests: a manager, requests through the
//! real router, and hand-made tokens for the hostile cases.
#![allow(dead_code, unreachable_pub)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http_body_util::BodyExt;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use jwt_guard::{GuardError, GuardErrorKind, JwtManager};
use serde_json::Value;
use tower::ServiceExt;

pub const SECRET: &str = "integration-test-secret-of-at-least-32-bytes";

pub fn manager() -> JwtManager {
    JwtManager::builder().secret(SECRET).build().unwrap()
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub fn ago(secs: u64) -> SystemTime {
    SystemTime::now() - Duration::from_secs(secs)
}

pub fn ahead(secs: u64) -> SystemTime {
    SystemTime::now() + Duration::from_secs(secs)
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    /// The kind of the `GuardError` the response carries, if it is a refusal.
    pub kind: Option<GuardErrorKind>,
}

impl Reply {
    pub fn msg(&self) -> &str {
        self.body["msg"].as_str().unwrap_or_default()
    }

    pub fn challenge(&self) -> &str {
        self.headers
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap())
            .unwrap_or_default()
    }

    /// Asserts an RFC 6750 refusal: status, `error` in body and challenge, `msg`.
    #[track_caller]
    pub fn assert_refused(&self, status: u16, error: Option<&str>, msg: &str) {
        assert_eq!(self.status.as_u16(), status, "status of {self:?}");
        assert_eq!(self.msg(), msg, "msg of {self:?}");
        assert_eq!(self.body["error"].as_str(), error, "error of {self:?}");
        let challenge = self.challenge();
        assert!(challenge.starts_with("Bearer"), "challenge of {self:?}");
        match error {
            Some(code) => {
                assert!(
                    challenge.contains(&format!("error=\"{code}\"")),
                    "challenge of {self:?}"
                );
                assert!(
                    challenge.contains("error_description=\""),
                    "challenge of {self:?}"
                );
            }
            None => assert_eq!(challenge, "Bearer", "challenge of {self:?}"),
        }
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let kind = res.extensions().get::<GuardError>().map(GuardError::kind);
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Reply {
        status,
        headers,
        body,
        kind,
    }
}

pub fn request(uri: &str, token: Option<&str>) -> Request<Body> {
    let mut req = Request::get(uri);
    if let Some(token) = token {
        req = req.header("authorization", format!("Bearer {token}"));
    }
    req.body(Body::empty()).unwrap()
}

pub fn get_with_header(uri: &str, value: &str) -> Request<Body> {
    Request::get(uri)
        .header("authorization", value)
        .body(Body::empty())
        .unwrap()
}

pub fn post_json(uri: &str, token: Option<&str>, body: Value) -> Request<Body> {
    let mut req = Request::post(uri).header("content-type", "application/json");
    if let Some(token) = token {
        req = req.header("authorization", format!("Bearer {token}"));
    }
    req.body(Body::from(body.to_string())).unwrap()
}

pub async fn call(app: &Router, uri: &str, token: &str) -> Reply {
    send(app, request(uri, Some(token))).await
}

pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Claims as this crate mints them, valid now, for hand-made tokens.
pub fn claims(sub: &str, token_type: &str) -> Value {
    let now = now();
    serde_json::json!({
        "sub": sub, "type": token_type, "fresh": false, "jti": "j-1",
        "iat": now, "nbf": now, "exp": now + 600,
    })
}

/// `claims` with `name` set to `value`.
pub fn with(mut claims: Value, name: &str, value: Value) -> Value {
    claims[name] = value;
    claims
}

/// `claims` without `name`.
pub fn without(mut claims: Value, name: &str) -> Value {
    claims.as_object_mut().unwrap().remove(name);
    claims
}

/// Picks jsonwebtoken's crypto backend for the tests' own direct calls to it.
/// With the `aws-lc` feature both backends are compiled in and jsonwebtoken
/// cannot pick one by itself (it panics); jwt-guard picks aws-lc when it builds
/// a manager or a key, but a test may sign before it has either. The same
/// choice, made here; a no-op when a provider is already in place.
pub fn crypto_backend() {
    #[cfg(feature = "aws-lc")]
    let _ = jsonwebtoken::crypto::CryptoProvider::install_default(
        &jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER,
    );
}

/// Signs arbitrary claims with the test secret (or another) and algorithm.
pub fn sign_with(alg: Algorithm, secret: &str, claims: &Value) -> String {
    crypto_backend();
    jsonwebtoken::encode(
        &Header::new(alg),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

pub fn sign(claims: &Value) -> String {
    sign_with(Algorithm::HS256, SECRET, claims)
}

/// A token with a hand-written header and payload, HS256-signed over exactly
/// those bytes (so the header may say anything).
pub fn forge(header: &str, payload: &str) -> String {
    crypto_backend();
    let message = format!("{}.{}", b64(header), b64(payload));
    let signature = jsonwebtoken::crypto::sign(
        message.as_bytes(),
        &EncodingKey::from_secret(SECRET.as_bytes()),
        Algorithm::HS256,
    )
    .unwrap();
    format!("{message}.{signature}")
}

pub fn delete_with(uri: &str, token: &str) -> Request<Body> {
    Request::delete(uri)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

/// A file of `tests/keys/` (test-only keys).
pub fn key_path(name: &str) -> String {
    format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))
}

pub fn key_file(name: &str) -> Vec<u8> {
    std::fs::read(key_path(name)).unwrap()
}

/// Whether the `JWT_GUARD_REQUIRE_*` flag `flag` is on, which turns a test's
/// missing outside dependency (Redis, a browser, the Python side) from a skip
/// into a failure. Every such flag is read here, the same way: on when set to
/// anything but the empty string or `0`, so `1`, `yes` and `true` all require,
/// and `0` or `FLAG=` (the usual ways to switch a flag off) do not.
pub fn required(flag: &str) -> bool {
    std::env::var_os(flag).is_some_and(|value| !value.is_empty() && value != "0")
}

/// Runs a Python snippet for the interop tests and parses its JSON output.
/// `None` when the Python side (from `JWT_GUARD_PYTHON`, default `python3`) is
/// not installed and `JWT_GUARD_REQUIRE_INTEROP` is off (see [`required`]); CI
/// sets it, which turns a missing Python side into a failure.
pub fn python(script: &str, args: &[&str]) -> Option<Value> {
    let python = std::env::var("JWT_GUARD_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let required = required("JWT_GUARD_REQUIRE_INTEROP");
    match std::process::Command::new(&python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
    {
        Ok(out) if out.status.success() => Some(serde_json::from_slice(&out.stdout).unwrap()),
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            if !required && stderr.contains("ModuleNotFoundError") {
                eprintln!("skipped: the Python side is not installed for {python} (see .ci/run)");
                return None;
            }
            panic!("{python} failed: {stderr}");
        }
        Err(err) if !required => {
            eprintln!("skipped: cannot run {python}: {err}");
            None
        }
        Err(err) => panic!("cannot run {python}: {err}"),
    }
}

/// Runs a Python snippet that is expected to fail; its stderr, or `None` when
/// the Python side is not installed and not required.
pub fn python_failure(script: &str, args: &[&str]) -> Option<String> {
    let python = std::env::var("JWT_GUARD_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let required = required("JWT_GUARD_REQUIRE_INTEROP");
    let out = match std::process::Command::new(&python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
    {
        Ok(out) => out,
        Err(err) if !required => {
            eprintln!("skipped: cannot run {python}: {err}");
            return None;
        }
        Err(err) => panic!("cannot run {python}: {err}"),
    };
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !required && stderr.contains("ModuleNotFoundError") {
        return None;
    }
    assert!(
        !out.status.success(),
        "{python} succeeded where it should fail"
    );
    Some(stderr)
}

/// Every asymmetric algorithm with its test key files:
/// (algorithm, private key file, public key file).
pub const KEY_PAIRS: &[(Algorithm, &str, &str)] = &[
    (Algorithm::RS256, "rsa2048.pem", "rsa2048.pub.pem"),
    (Algorithm::RS384, "rsa2048.pem", "rsa2048.pub.pem"),
    (Algorithm::RS512, "rsa2048.pem", "rsa2048.pub.pem"),
    (Algorithm::PS256, "rsa2048.pem", "rsa2048.pub.pem"),
    (Algorithm::PS384, "rsa2048.pem", "rsa2048.pub.pem"),
    (Algorithm::PS512, "rsa2048.pem", "rsa2048.pub.pem"),
    (Algorithm::ES256, "p256.pem", "p256.pub.pem"),
    (Algorithm::ES384, "p384.pem", "p384.pub.pem"),
    (Algorithm::EdDSA, "ed25519.pem", "ed25519.pub.pem"),
];
