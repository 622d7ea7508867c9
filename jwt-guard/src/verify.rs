//! Turning a raw token into a verified [`Token`], in the order
//! docs/guard-reference.md §1.6 fixes: length → structure → header and algorithm →
//! signature → payload JSON → `exp`/`nbf`/`iat` → `iss`/`aud` → claim shapes.
//! Every message names only a cause that was actually checked.

use std::borrow::Cow;
use std::str::FromStr;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::Algorithm;
use serde_json::{Map, Value};

use crate::claims::{Fresh, TokenType, is_sane_date, system_time_from_f64};
use crate::error::{GuardError, GuardErrorKind};
use crate::json::{self, StrictError};
use crate::keys::{Candidates, Key, KeySet};
use crate::payload::{self, PayloadError, Raw, Reserved};
use crate::token::{Identity, Text, Token, TokenData};

/// Bounds checked before or while decoding, so hostile input costs bounded
/// time and memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    pub(crate) max_token_length: usize,
    pub(crate) max_jti_length: usize,
    pub(crate) max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_token_length: 8 * 1024,
            max_jti_length: 256,
            max_depth: 16,
        }
    }
}

/// Which claims a token must carry to be accepted (docs/guard-reference.md §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Acceptance {
    pub(crate) require_exp: bool,
    pub(crate) require_type: bool,
    pub(crate) string_subject: bool,
}

/// The deepest nesting a manager may allow: serde_json stops at 128 levels
/// of its own, which must never be what refuses a token (its error says
/// nothing structural).
pub(crate) const MAX_CLAIM_DEPTH: usize = 100;

/// What verification needs, and nothing else: built once by the manager
/// from its configuration and keys, so `verify` is a function of this value,
/// the token and the time.
pub(crate) struct Verifier {
    /// The algorithms a header may name.
    pub(crate) allowed: Vec<Algorithm>,
    pub(crate) keys: KeySet,
    /// Header segments this manager's keys produce, recognised without
    /// decoding them (see `read_header`).
    pub(crate) known_headers: Vec<KnownHeader>,
    /// Keys from an identity provider, refreshed outside verification.
    #[cfg(feature = "jwks")]
    pub(crate) remote: Option<crate::remote_jwks::RemoteJwks>,
    pub(crate) limits: Limits,
    pub(crate) leeway: Duration,
    pub(crate) issuer: Option<String>,
    pub(crate) audience: Vec<String>,
    pub(crate) identity_claim: String,
    pub(crate) acceptance: Acceptance,
    /// Other issuers' `type` values and what they mean.
    pub(crate) type_values: Vec<(String, TokenType)>,
}

/// A header segment and what it says.
pub(crate) struct KnownHeader {
    pub(crate) segment: String,
    pub(crate) algorithm: Algorithm,
    pub(crate) kid: Option<String>,
}

/// `raw` is bytes: a header value needs no UTF-8 check to be decoded, and
/// base64url refuses anything that is not ASCII anyway.
pub(crate) fn verify(inner: &Verifier, raw: &[u8], now: SystemTime) -> Result<Token, GuardError> {
    // Before any decoding: an oversized token costs nothing but this comparison.
    let max = inner.limits.max_token_length;
    if raw.len() > max {
        return Err(GuardError::new(
            GuardErrorKind::TooLarge,
            format!("The token is longer than {max} bytes"),
        ));
    }
    let payload = decode(inner, raw)?;
    let max_depth = inner.limits.max_depth;
    let reserved = payload::read(&payload, &inner.identity_claim, max_depth)
        .map_err(|err| payload_error(err, max_depth))?;
    check_times(inner, &reserved, now)?;
    check_issuer_and_audience(inner, &reserved)?;
    let mut data = read_token(inner, reserved, &payload)?;
    // The payload stays raw (the strings above point into it); the claims map
    // is built from it on first use.
    data.payload = payload;
    Ok(Token::new(data))
}

/// Structure, algorithm and signature; the payload is parsed only once the
/// signature holds.
fn decode(inner: &Verifier, raw: &[u8]) -> Result<Vec<u8>, GuardError> {
    let (header, payload, signature) = segments(raw)?;
    // The signed message is `header.payload`, a prefix of the raw token.
    let message = &raw[..header.len() + 1 + payload.len()];
    let max_depth = inner.limits.max_depth;
    let (algorithm, kid) = read_header(inner, header, max_depth)?;
    // `jku`, `x5u`, `x5c` and `jwk` are never read: the key comes from the
    // manager's own set, found by exact `kid`, and from nowhere the token says.
    #[cfg(feature = "jwks")]
    let remote = inner.remote.as_ref().map(|r| r.snapshot());
    #[cfg(feature = "jwks")]
    let sets = [Some(&inner.keys), remote.as_deref()];
    #[cfg(not(feature = "jwks"))]
    let sets = [Some(&inner.keys)];
    let keys = select_keys(&sets, kid.as_deref(), algorithm)?;
    let mut verified = false;
    for key in keys {
        if key.verify(signature, message, algorithm)? {
            verified = true;
            break;
        }
    }
    if !verified {
        return Err(GuardError::new(
            GuardErrorKind::InvalidSignature,
            "Signature verification failed",
        ));
    }
    base64url(payload).map_err(|_| GuardError::malformed("Invalid payload padding"))
}

/// A compact JWS: header, payload and signature, still base64url.
type Segments<'a> = (&'a [u8], &'a [u8], &'a [u8]);

/// `header.payload.signature`, the dots found with `memchr` (a byte-by-byte
/// split costs more than the rest of finding the token).
fn segments(raw: &[u8]) -> Result<Segments<'_>, GuardError> {
    let mut dots = memchr::memchr_iter(b'.', raw);
    match (dots.next(), dots.next(), dots.next()) {
        (Some(first), Some(second), None) => {
            Ok((&raw[..first], &raw[first + 1..second], &raw[second + 1..]))
        }
        (Some(_), Some(_), Some(_)) => Err(GuardError::malformed(
            "Too many segments: encrypted (JWE) and nested tokens are not accepted",
        )),
        _ => Err(GuardError::malformed("Not enough segments")),
    }
}

/// The algorithm and `kid` of a JOSE header. A header segment this manager
/// writes itself (or Flask's byte-for-byte) is recognised without decoding;
/// any other is parsed strictly.
fn read_header<'h>(
    inner: &'h Verifier,
    segment: &[u8],
    max_depth: usize,
) -> Result<(Algorithm, Option<Cow<'h, str>>), GuardError> {
    if let Some(known) = inner
        .known_headers
        .iter()
        .find(|k| k.segment.as_bytes() == segment)
    {
        return Ok((known.algorithm, known.kid.as_deref().map(Cow::Borrowed)));
    }
    let header = decode_json(segment, "header", max_depth)?;
    let alg = match header.get("alg") {
        Some(Value::String(alg)) => alg.as_str(),
        _ => return Err(GuardError::malformed("Invalid header string: no \"alg\"")),
    };
    let algorithm = Algorithm::from_str(alg)
        .ok()
        .filter(|a| inner.allowed.contains(a))
        .ok_or_else(|| {
            GuardError::new(
                GuardErrorKind::DisallowedAlgorithm,
                "The specified alg value is not allowed",
            )
        })?;
    // RFC 7515 §4.1.11: a recipient that does not understand a critical
    // extension must refuse the token; this guard understands none.
    if header.contains_key("crit") {
        return Err(GuardError::malformed(
            "Unsupported critical header parameters (\"crit\")",
        ));
    }
    // RFC 7516 §4.1 defines `enc` and `zip` for encrypted tokens only: a JWS
    // carrying them was made by, or for, something that treats it as a JWE
    // (`zip` would even have the payload inflated), so it is not read as one.
    if let Some(name) = ["enc", "zip"].into_iter().find(|n| header.contains_key(*n)) {
        return Err(GuardError::malformed(format!(
            "Invalid header string: \"{name}\" belongs to encrypted tokens (JWE), which are not accepted"
        )));
    }
    let kid = match header.get("kid") {
        None => None,
        Some(Value::String(kid)) => Some(Cow::Owned(kid.clone())),
        Some(_) => {
            return Err(GuardError::malformed(
                "Invalid header string: \"kid\" is not a string",
            ));
        }
    };
    Ok((algorithm, kid))
}

/// The keys that may verify a token: the one its `kid` names, or, without a
/// `kid`, every key bound to its algorithm.
fn select_keys<'a>(
    sets: &[Option<&'a KeySet>],
    kid: Option<&str>,
    algorithm: Algorithm,
) -> Result<Vec<&'a Key>, GuardError> {
    let disallowed = |msg| GuardError::new(GuardErrorKind::DisallowedAlgorithm, msg);
    let mut unnamed = Vec::new();
    for set in sets.iter().flatten() {
        match set.candidates(kid, algorithm) {
            Candidates::Named(key) if key.algorithms.contains(&algorithm) => return Ok(vec![key]),
            Candidates::Named(_) => {
                return Err(disallowed(
                    "The specified alg value is not allowed for this key",
                ));
            }
            Candidates::Unnamed(keys) => unnamed.extend(keys),
            Candidates::UnknownKid => {}
        }
    }
    if kid.is_some() {
        return Err(GuardError::new(
            GuardErrorKind::UnknownKey,
            "Unknown key id (kid)",
        ));
    }
    if unnamed.is_empty() {
        return Err(disallowed("The specified alg value is not allowed"));
    }
    Ok(unnamed)
}

fn decode_json(
    segment: &[u8],
    what: &str,
    max_depth: usize,
) -> Result<Map<String, Value>, GuardError> {
    let bytes =
        base64url(segment).map_err(|_| GuardError::malformed(format!("Invalid {what} padding")))?;
    match json::parse(&bytes, max_depth) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(not_object(what)),
        Err(err) => Err(strict_error(err, what, max_depth)),
    }
}

/// Unpadded base64url with canonical trailing bits, as RFC 7515 §2 wants.
fn base64url(segment: &[u8]) -> Result<Vec<u8>, base64_simd::Error> {
    base64_simd::URL_SAFE_NO_PAD.decode_to_vec(segment)
}

fn payload_error(err: PayloadError, max_depth: usize) -> GuardError {
    match err {
        PayloadError::NotObject => not_object("payload"),
        PayloadError::Strict(err) => strict_error(err, "payload", max_depth),
    }
}

fn not_object(what: &str) -> GuardError {
    GuardError::malformed(format!("Invalid {what} string: must be a json object"))
}

fn strict_error(err: StrictError, what: &str, max_depth: usize) -> GuardError {
    match err {
        StrictError::Duplicate(name) => GuardError::malformed(format!(
            "Invalid {what} string: \"{}\" appears twice",
            name.escape_default()
        )),
        StrictError::TooDeep => GuardError::new(
            GuardErrorKind::TooLarge,
            format!("Invalid {what} string: nested deeper than {max_depth} levels"),
        ),
        StrictError::Syntax => GuardError::malformed(format!("Invalid {what} string")),
    }
}

fn check_times(inner: &Verifier, claims: &Reserved<'_>, now: SystemTime) -> Result<(), GuardError> {
    let config = inner;
    let now = now
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let leeway = config.leeway.as_secs_f64();
    match numeric_date(claims.exp.as_ref(), "exp")? {
        // RFC 7519 §4.1.4: the token is valid only while now < exp.
        Some(exp) if exp <= now - leeway => {
            return Err(GuardError::new(
                GuardErrorKind::Expired,
                "Token has expired",
            ));
        }
        Some(_) => {}
        None if config.acceptance.require_exp => return Err(GuardError::missing_claim("exp")),
        None => {}
    }
    if numeric_date(claims.nbf.as_ref(), "nbf")?.is_some_and(|nbf| nbf > now + leeway) {
        return Err(GuardError::new(
            GuardErrorKind::NotYetValid,
            "The token is not yet valid (nbf)",
        ));
    }
    if numeric_date(claims.iat.as_ref(), "iat")?.is_some_and(|iat| iat > now + leeway) {
        return Err(GuardError::new(
            GuardErrorKind::NotYetValid,
            "The token is not yet valid (iat)",
        ));
    }
    Ok(())
}

fn numeric_date(claim: Option<&Raw<'_>>, name: &str) -> Result<Option<f64>, GuardError> {
    match claim {
        None => Ok(None),
        // Past the year 9999 a number is no date: accepting it would make a
        // token that never expires while `Token::expires_at` cannot say when.
        Some(Raw::Num(n)) => n
            .as_f64()
            .filter(|secs| is_sane_date(*secs))
            .map(Some)
            .ok_or_else(|| {
                GuardError::invalid_claim(
                    name,
                    "a NumericDate (seconds since 1970) between 1970 and the year 9999",
                )
            }),
        Some(_) => Err(GuardError::invalid_claim(
            name,
            "a NumericDate (seconds since 1970)",
        )),
    }
}

fn check_issuer_and_audience(inner: &Verifier, claims: &Reserved<'_>) -> Result<(), GuardError> {
    let config = inner;
    if let Some(issuer) = &config.issuer {
        match &claims.iss {
            Some(Raw::Str(iss)) if iss == issuer => {}
            None => {
                return Err(GuardError::new(
                    GuardErrorKind::InvalidIssuer,
                    "Token is missing the \"iss\" claim",
                ));
            }
            Some(_) => {
                return Err(GuardError::new(
                    GuardErrorKind::InvalidIssuer,
                    "Invalid issuer",
                ));
            }
        }
    }
    let audience_matches = |aud: &str| config.audience.iter().any(|a| a == aud);
    match (&claims.aud, config.audience.is_empty()) {
        (None, true) => {}
        (None, false) => {
            return Err(GuardError::new(
                GuardErrorKind::InvalidAudience,
                "Token is missing the \"aud\" claim",
            ));
        }
        // RFC 7519 §4.1.3: a recipient that does not identify itself with the
        // audience must reject the token; with none configured, it identifies
        // with no audience at all.
        (Some(_), true) => {
            return Err(GuardError::new(
                GuardErrorKind::InvalidAudience,
                "Invalid audience",
            ));
        }
        (Some(Raw::Str(aud)), false) if audience_matches(aud) => {}
        (Some(Raw::Nested(nested)), false)
            if nested.as_array().is_some_and(|auds| {
                auds.iter().all(Value::is_string)
                    && auds.iter().filter_map(Value::as_str).any(audience_matches)
            }) => {}
        (Some(_), false) => {
            return Err(GuardError::new(
                GuardErrorKind::InvalidAudience,
                "Audience doesn't match",
            ));
        }
    }
    Ok(())
}

/// The claim shapes jwt-guard relies on: identity, `type`, `fresh`, `jti`.
/// The payload itself is left for the caller to move in.
fn read_token(
    inner: &Verifier,
    claims: Reserved<'_>,
    payload: &[u8],
) -> Result<TokenData, GuardError> {
    let config = inner;
    let identity = match claims.identity {
        None => return Err(GuardError::missing_claim(&config.identity_claim)),
        Some(Raw::Str(text)) => Identity::Text(Text::new(text, payload), OnceLock::new()),
        Some(other) => Identity::Other(other.into_value()),
    };
    if config.acceptance.string_subject
        && claims
            .sub
            .as_ref()
            .is_some_and(|s| !matches!(s, Raw::Str(_)))
    {
        return Err(GuardError::invalid_claim(
            "sub",
            "a string (RFC 7519 §4.1.2)",
        ));
    }
    let invalid_type = || GuardError::invalid_claim("type", "\"access\" or \"refresh\"");
    let token_type = match &claims.token_type {
        Some(Raw::Str(t)) => match t.as_ref() {
            "access" => TokenType::Access,
            "refresh" => TokenType::Refresh,
            // Other issuers' names, mapped by explicit configuration only.
            other => config
                .type_values
                .iter()
                .find(|(value, _)| value == other)
                .map(|(_, token_type)| *token_type)
                .ok_or_else(invalid_type)?,
        },
        None if !config.acceptance.require_type => TokenType::Access,
        None => return Err(GuardError::missing_claim("type")),
        Some(_) => return Err(invalid_type()),
    };
    let fresh = Fresh::from_claim(claims.fresh.map(Raw::into_value).as_ref())
        .ok_or_else(|| GuardError::invalid_claim("fresh", "true, false or a NumericDate"))?;
    let jti = match claims.jti {
        None => None,
        Some(Raw::Str(jti)) if jti.len() > config.limits.max_jti_length => {
            return Err(GuardError::new(
                GuardErrorKind::TooLarge,
                format!(
                    "The \"jti\" claim is longer than {} bytes",
                    config.limits.max_jti_length
                ),
            ));
        }
        Some(Raw::Str(jti)) => Some(Text::new(jti, payload)),
        Some(_) => return Err(GuardError::invalid_claim("jti", "a string")),
    };
    let time = |claim: &Option<Raw<'_>>| match claim {
        Some(Raw::Num(n)) => n.as_f64().and_then(system_time_from_f64),
        _ => None,
    };
    Ok(TokenData {
        identity,
        token_type,
        fresh,
        jti,
        expires_at: time(&claims.exp),
        issued_at: time(&claims.iat),
        payload: Vec::new(),
        members: claims.members,
        claims: OnceLock::new(),
    })
}
