//! The Wycheproof JWS vectors (`../shared/fixtures/wycheproof/`, Apache-2.0)
//! through the guard's verification, every result asserted.
//!
//! A vector's signature counts as accepted when verification either succeeds
//! or fails only later, at the claims (most vectors sign a payload like "foo",
//! which is not a claims object). Vectors the guard decides otherwise on
//! purpose are listed in `DELIBERATE` with the reason.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwt_guard::jwk::Jwk;
use jwt_guard::{Algorithm, GuardErrorKind, JwtManager, Key};
use serde_json::Value;

/// (tcId, why the guard decides otherwise than the file)
const DELIBERATE: &[(u64, &str)] = &[
    // RFC 8725 §3.1: the JWK binds the key to PS256; the token names PS384.
    (346, "key bound to PS256, token says PS384"),
    (350, "key bound to PS256, token says PS384"),
    // jsonwebtoken (and so the guard) has no ES512: the key is refused.
    (347, "ES521/P-521 is not supported"),
    (351, "ES521/P-521 is not supported"),
    // The group's HMAC key is 32 zero bytes, which the key policy refuses, so
    // its valid vectors are refused with it (its invalid ones are refused too).
    (357, "all-zero HMAC key refused by policy"),
    (358, "all-zero HMAC key refused by policy"),
    (359, "all-zero HMAC key refused by policy"),
    (376, "all-zero HMAC key refused by policy"),
    (377, "all-zero HMAC key refused by policy"),
    // Besides the key: a character outside base64url is never skipped over.
    (
        372,
        "all-zero key; and `?` inside a segment is not base64url",
    ),
    (
        373,
        "all-zero key; and `?` inside a segment is not base64url",
    ),
];

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
        Key::hmac(alg, secret).map_err(|e| e.to_string())?
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

/// Whether the guard accepted the vector's signature.
fn signature_accepted(manager: &JwtManager, jws: &str) -> bool {
    match manager.verify(jws) {
        Ok(_) => true,
        Err(err) => {
            let later_stage = err.msg().starts_with("Invalid payload")
                || matches!(
                    err.kind(),
                    GuardErrorKind::InvalidClaim
                        | GuardErrorKind::Expired
                        | GuardErrorKind::NotYetValid
                );
            later_stage && err.kind() != GuardErrorKind::InvalidSignature
        }
    }
}

#[test]
fn every_wycheproof_jws_vector() {
    let vectors = vectors();
    let mut checked = 0;
    let mut failures = Vec::new();
    for group in vectors["testGroups"].as_array().unwrap() {
        let jwk = group
            .get("public")
            .or_else(|| group.get("private"))
            .unwrap();
        let manager = manager_for(jwk);
        for test in group["tests"].as_array().unwrap() {
            let id = test["tcId"].as_u64().unwrap();
            let expected_valid = test["result"] == "valid";
            let jws = test["jws"].as_str().unwrap_or_default();
            let accepted = match &manager {
                Ok(manager) => signature_accepted(manager, jws),
                // A key the guard refuses to configure accepts nothing.
                Err(_) => false,
            };
            checked += 1;
            let deliberate = DELIBERATE.iter().any(|(d, _)| *d == id);
            if (accepted == expected_valid) == deliberate {
                failures.push(format!(
                    "tcId {id} ({}, {}): expected {}, guard {} (key: {})",
                    group["comment"],
                    test["comment"],
                    test["result"],
                    if accepted { "accepted" } else { "refused" },
                    manager
                        .as_ref()
                        .map_or_else(|e| e.clone(), |_| "ok".to_owned()),
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
}
