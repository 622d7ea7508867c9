//! The Wycheproof JWS vectors (`../shared/fixtures/wycheproof/`, Apache-2.0)
//! through the guard's verification, every vector's outcome asserted.
//!
//! Most vectors sign a payload that is not a claims object ("Test", "foo"):
//! for those the best a claims verifier can do is hold the signature, decode
//! the payload and then refuse it as no claims. A valid vector must get that
//! far (or all the way to `Ok`), and the same vector with its signature
//! altered must fail on the signature: so its result comes from the
//! signature, not from a check before it. Every invalid vector must be
//! refused, the base64 group's for the reason each one is about, and every
//! vector the guard decides otherwise than the file is listed in `DELIBERATE`
//! with the exact outcome it gets.
//!
//! The base64 group's key is 32 zero bytes, which `Key::hmac`'s policy
//! refuses; the test builds it with `Key::hmac_insecure_for_tests` (feature
//! `insecure-test-keys`) so that its vectors reach the decoder.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwt_guard::jwks::jwk::Jwk;
use jwt_guard::{Algorithm, GuardErrorKind, JwtManager, Key};
use serde_json::Value;
use std::fmt;

/// What the guard made of one vector.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// Verified: `Ok`, or refused only after the signature held and the
    /// payload decoded, because the payload is not a claims object.
    Verified,
    /// Refused with this kind and message.
    Refused(GuardErrorKind, String),
    /// The group's key could not be configured; the message names why.
    NoKey(String),
}

use Outcome::{NoKey, Refused, Verified};

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verified => f.write_str("verified"),
            Refused(kind, msg) => write!(f, "refused, {kind:?}: {msg}"),
            NoKey(why) => write!(f, "no key: {why}"),
        }
    }
}

fn refused(kind: GuardErrorKind, msg: &str) -> Outcome {
    Refused(kind, msg.to_owned())
}

/// The outcome the guard gives where it decides otherwise than the file, and why.
fn deliberate(id: u64) -> Option<(Outcome, &'static str)> {
    use GuardErrorKind::{DisallowedAlgorithm, InvalidSignature, Malformed};
    let not_allowed = "The specified alg value is not allowed";
    Some(match id {
        // RFC 8725 §3.1: the JWK binds the key to PS256; the token names PS384.
        346 | 350 => (
            refused(DisallowedAlgorithm, not_allowed),
            "key bound to PS256, token says PS384",
        ),
        // jsonwebtoken (and so the guard) has no ES512: the key is refused.
        347 | 351 => (
            NoKey("key: JWK algorithm `UNKNOWN_ALGORITHM` is not supported".into()),
            "ES521/P-521 is not supported",
        ),
        // The file's string for these is byte for byte tcId 357's (the padding
        // the comment names is not in it), so it verifies as 357 does;
        // `the_padding_vectors_are_the_valid_one` pins the sameness.
        367 | 370 => (Verified, "the fixture holds no padding: it is tcId 357"),
        // A character outside base64url is never skipped over (strict
        // decoding, RFC 7515 §2); in the payload the MAC, over the bytes as
        // sent, fails first.
        372 => (
            refused(Malformed, "Invalid header padding"),
            "`?` inside the header is not base64url",
        ),
        373 => (
            refused(InvalidSignature, "Signature verification failed"),
            "`?` inside the payload is not base64url; the MAC over it fails",
        ),
        _ => return None,
    })
}

/// The reason each invalid vector of the base64 group (an HS256 key, tcId
/// 357–377) must be refused for.
fn base64_group_reason(id: u64) -> Option<Outcome> {
    use GuardErrorKind::{InvalidSignature, Malformed};
    Some(match id {
        // Spaces or `?` in the signature: not base64url.
        360..=364 => refused(Malformed, "Invalid crypto padding"),
        // Spaces or `#` in the header.
        365 | 366 => refused(Malformed, "Invalid header padding"),
        // Spaces, `#` or `?` in the payload (the MAC covers the bytes as
        // sent, and these were MACed as sent), and a MAC over a payload
        // whose unused bits are set: each decodes only leniently.
        368 | 369 | 371 | 375 => refused(Malformed, "Invalid payload padding"),
        // Unused bits modified after the MAC: the MAC no longer matches.
        374 => refused(InvalidSignature, "Signature verification failed"),
        _ => return None,
    })
}

fn vectors() -> Value {
    let path = format!(
        "{}/../shared/fixtures/wycheproof/json_web_signature_test.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// A manager that verifies with the group's key, or why it cannot have one.
fn manager_for(jwk: &Value) -> Result<JwtManager, String> {
    let key = if jwk["kty"] == "oct" {
        let secret = URL_SAFE_NO_PAD.decode(jwk["k"].as_str().unwrap()).unwrap();
        let alg: Algorithm = jwk["alg"].as_str().unwrap().parse().unwrap();
        Key::hmac_insecure_for_tests(alg, secret).map_err(|e| e.to_string())?
    } else {
        let parsed: Jwk = serde_json::from_value(jwk.clone()).map_err(|e| e.to_string())?;
        Key::from_jwk(&parsed, Algorithm::RS256).map_err(|e| e.to_string())?
    };
    let key = match jwk["kid"].as_str() {
        Some(kid) => key.with_kid(kid),
        None => key,
    };
    JwtManager::builder()
        .verification_key(key)
        .build()
        .map_err(|e| e.to_string())
}

/// Whether the vector's payload is a JSON object, read independently of the
/// guard (lenient base64, as the file's authors may have meant it).
fn payload_is_an_object(jws: &str) -> bool {
    let Some(payload) = jws.split('.').nth(1) else {
        return false;
    };
    URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .is_some_and(|v| v.is_object())
}

fn outcome(manager: &Result<JwtManager, String>, jws: &str) -> Outcome {
    let manager = match manager {
        Ok(manager) => manager,
        Err(why) => return NoKey(why.clone()),
    };
    match manager.verify(jws) {
        Ok(_) => Verified,
        // The payload decoded and is no claims object: the signature held.
        Err(err)
            if err.kind() == GuardErrorKind::Malformed
                && err.msg().starts_with("Invalid payload string")
                && !payload_is_an_object(jws) =>
        {
            Verified
        }
        Err(err) => Refused(err.kind(), err.msg().to_owned()),
    }
}

/// The vector with the first character of its signature changed (six whole
/// bits: still canonical base64url, unlike a change to the last one).
fn with_altered_signature(jws: &str) -> String {
    let at = jws.rfind('.').unwrap() + 1;
    let first = &jws[at..=at];
    let other = if first == "A" { "B" } else { "A" };
    format!("{}{other}{}", &jws[..at], &jws[at + 1..])
}

#[test]
fn every_wycheproof_jws_vector() {
    let vectors = vectors();
    let mut checked = 0;
    let mut verified = 0;
    let mut failures = Vec::new();
    for group in vectors["testGroups"].as_array().unwrap() {
        let jwk = group
            .get("public")
            .or_else(|| group.get("private"))
            .unwrap();
        let manager = manager_for(jwk);
        for test in group["tests"].as_array().unwrap() {
            let id = test["tcId"].as_u64().unwrap();
            let jws = test["jws"].as_str().unwrap_or_default();
            let got = outcome(&manager, jws);
            checked += 1;
            let expected = match (deliberate(id), test["result"].as_str()) {
                (Some((expected, _)), _) => Some(expected),
                (None, Some("valid")) => Some(Verified),
                (None, _) => base64_group_reason(id),
            };
            let ok = match &expected {
                Some(expected) => got == *expected,
                // Any refusal will do outside the base64 group.
                None => matches!(got, Refused(..) | NoKey(_)),
            };
            if got == Verified {
                verified += 1;
                // The verdict came from the signature: alter it and it fails there.
                let altered = outcome(&manager, &with_altered_signature(jws));
                let signature_failure = matches!(&altered,
                    Refused(kind, _) if *kind == GuardErrorKind::InvalidSignature);
                if !signature_failure {
                    failures.push(format!(
                        "tcId {id}: verified, but with its signature altered it is {altered}"
                    ));
                }
            }
            if !ok {
                failures.push(format!(
                    "tcId {id} ({}, {}): the file says {}, expected {}, the guard gave {got}",
                    group["comment"],
                    test["comment"],
                    test["result"],
                    expected.map_or_else(|| "a refusal".to_owned(), |e| e.to_string()),
                ));
            }
        }
    }
    assert_eq!(checked, vectors["numberOfTests"].as_u64().unwrap());
    assert!(
        failures.is_empty(),
        "{} vectors differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The file's 46 valid vectors but the six deliberate refusals, and the
    // two copies of 357.
    assert_eq!(verified, 42, "vectors verified");
}

#[test]
fn the_padding_vectors_are_the_valid_one() {
    let vectors = vectors();
    let jws = |id: u64| {
        vectors["testGroups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["tests"].as_array().unwrap())
            .find(|t| t["tcId"] == id)
            .unwrap()["jws"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(jws(367), jws(357));
    assert_eq!(jws(370), jws(357));
}

#[test]
fn the_base64_group_key_is_refused_by_the_policy() {
    // Why the test needs `hmac_insecure_for_tests`: the policy refuses it.
    let err = Key::hmac(Algorithm::HS256, [0u8; 32]).unwrap_err();
    assert!(err.to_string().contains("one byte repeated"), "{err}");
}
