//! The response contract that every refusal keeps, whatever
//! the request: shared by `tests/suite/hostile.rs`, the fuzz targets and their
//! replay (`tests/suite/fuzz_corpus.rs`), so all three hold the guard to one rule.

use std::collections::BTreeMap;

use axum::http::{HeaderMap, StatusCode};
use jwt_guard::{GuardError, GuardErrorKind};
use serde_json::Value;

/// A response, read whole, with the refusal the guard attached to it.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) error: Option<GuardError>,
}

impl Response {
    /// The body as JSON (`Null` when it is not JSON).
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_default()
    }

    /// The body's `error` code.
    pub(crate) fn error_code(&self) -> Option<String> {
        self.json()["error"].as_str().map(str::to_owned)
    }

    /// The body's `msg`.
    pub(crate) fn msg(&self) -> String {
        self.json()["msg"].as_str().unwrap_or_default().to_owned()
    }
}

/// RFC 6750 §3: `Bearer` alone, or `Bearer` and `, `-separated
/// `name="value"` parameters whose values hold only %x20-21 / %x23-5B /
/// %x5D-7E (no quote, no backslash, nothing outside printable ASCII, so no
/// CR/LF). Returns the parameters.
pub(crate) fn parse_challenge(value: &[u8]) -> Result<BTreeMap<String, String>, String> {
    if let Some(b) = value.iter().find(|b| !(0x20..=0x7e).contains(*b)) {
        return Err(format!("byte {b:#04x} outside printable ASCII"));
    }
    let text = std::str::from_utf8(value).map_err(|e| e.to_string())?;
    let Some(rest) = text.strip_prefix("Bearer") else {
        return Err("does not start with `Bearer`".to_owned());
    };
    let mut params = BTreeMap::new();
    if rest.is_empty() {
        return Ok(params);
    }
    let mut rest = rest.strip_prefix(' ').ok_or("no space after `Bearer`")?;
    loop {
        let eq = rest.find('=').ok_or("a parameter without `=`")?;
        let name = &rest[..eq];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(format!("bad parameter name {name:?}"));
        }
        let after = rest[eq + 1..]
            .strip_prefix('"')
            .ok_or("an unquoted value")?;
        let close = after.find('"').ok_or("an unterminated quoted value")?;
        let value = &after[..close];
        if value.contains('\\') {
            return Err("a backslash inside a quoted value".to_owned());
        }
        if params.insert(name.to_owned(), value.to_owned()).is_some() {
            return Err(format!("parameter {name} twice"));
        }
        rest = &after[close + 1..];
        if rest.is_empty() {
            return Ok(params);
        }
        rest = rest
            .strip_prefix(", ")
            .ok_or("parameters not separated by `, `")?;
    }
}

/// `msg` as it must appear in `error_description`: quotes and backslashes
/// replaced, anything outside printable ASCII a `?`.
fn description_of(msg: &str) -> String {
    msg.chars()
        .map(|c| match c {
            '"' => '\'',
            '\\' => '/',
            c if (' '..='~').contains(&c) => c,
            _ => '?',
        })
        .collect()
}

/// The contract: never a 5xx; an accepted request carries no challenge; a
/// refusal carries exactly one well-formed challenge whose `error` matches
/// the body's, a JSON body `{"msg"[, "error"]}` and nothing else, and the
/// same refusal as a `GuardError` in its extensions; 400 always and only with
/// `invalid_request`, and a malformed or oversized token always 401
/// `invalid_token`.
pub(crate) fn check(res: &Response) -> Result<(), String> {
    if res.status.is_server_error() {
        return Err(format!("a {} (never a 5xx)", res.status));
    }
    let challenges: Vec<_> = res.headers.get_all("www-authenticate").iter().collect();
    if res.error.is_none() {
        // Not the guard's answer (an accepted request, or the router's own 404).
        return match challenges.is_empty() {
            true => Ok(()),
            false => Err("a challenge without a GuardError".to_owned()),
        };
    }
    let [challenge] = challenges.as_slice() else {
        return Err(format!("{} WWW-Authenticate headers", challenges.len()));
    };
    let params = parse_challenge(challenge.as_bytes())
        .map_err(|e| format!("challenge {challenge:?}: {e}"))?;
    const KNOWN: [&str; 5] = ["realm", "scope", "error", "error_description", "error_uri"];
    if let Some(name) = params.keys().find(|k| !KNOWN.contains(&k.as_str())) {
        return Err(format!("unknown challenge parameter {name}"));
    }
    let content_type = res.headers.get("content-type").map(|v| v.as_bytes());
    if content_type != Some(b"application/json") {
        return Err(format!("content type {content_type:?}"));
    }
    let body: Value =
        serde_json::from_slice(&res.body).map_err(|e| format!("body is not JSON: {e}"))?;
    let object = body.as_object().ok_or("body is not an object")?;
    let msg = object
        .get("msg")
        .and_then(Value::as_str)
        .ok_or("body has no string msg")?;
    if object.keys().any(|k| k != "msg" && k != "error") {
        return Err(format!("body has other members: {body}"));
    }
    let error = match object.get("error") {
        None => None,
        Some(Value::String(code)) => Some(code.as_str()),
        Some(other) => return Err(format!("error is not a string: {other}")),
    };
    if params.get("error").map(String::as_str) != error {
        return Err(format!(
            "challenge error {:?} but body error {error:?}",
            params.get("error")
        ));
    }
    if params.contains_key("error_description") != error.is_some() {
        return Err("error_description without error, or error without it".to_owned());
    }
    if let Some(description) = params.get("error_description")
        && *description != description_of(msg)
    {
        return Err(format!(
            "error_description {description:?} is not msg {msg:?}"
        ));
    }
    // 400 is for a malformed request and only for it; a token at fault (for
    // its size or nesting too) is 401 wherever it came from.
    if (res.status == StatusCode::BAD_REQUEST) != (error == Some("invalid_request")) {
        return Err(format!("a {} with error {error:?}", res.status));
    }
    let guard_error = res.error.as_ref().ok_or("no GuardError")?;
    if matches!(
        guard_error.kind(),
        GuardErrorKind::Malformed | GuardErrorKind::TooLarge
    ) && (res.status != StatusCode::UNAUTHORIZED || error != Some("invalid_token"))
    {
        return Err(format!(
            "a malformed token answered {} {error:?}, not 401 invalid_token",
            res.status
        ));
    }
    if guard_error.status() != res.status
        || guard_error.error_code() != error
        || guard_error.msg() != msg
    {
        return Err(format!(
            "response disagrees with its GuardError {guard_error:?}"
        ));
    }
    Ok(())
}
