//! Minting: the claim layout Flask-JWT-Extended writes (docs/guard-reference.md §3.1), per-call
//! options, additional claims, and configuration refused at build time.

use std::time::Duration;

use crate::common::*;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::Algorithm;
use jwt_guard::mint::{Fresh, MintError};
use jwt_guard::{ConfigError, JwtManager, TokenType};
use serde_json::{Value, json};

fn payload(token: &str) -> Value {
    let part = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

fn header(token: &str) -> Value {
    let part = token.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// The whole seconds of an `iat`, checking it is a NumericDate with at most
/// millisecond precision.
fn whole_seconds(iat: &Value) -> u64 {
    let secs = iat.as_f64().expect("iat is a number");
    let millis = (secs * 1000.0).round();
    assert!(
        (secs * 1000.0 - millis).abs() < 1e-3,
        "{iat} has more than milliseconds"
    );
    millis as u64 / 1000
}

#[test]
fn access_tokens_have_the_flask_layout() {
    let before = now();
    let token = manager().create_access_token("alice").unwrap();
    let claims = payload(&token);
    assert_eq!(header(&token), json!({"alg": "HS256", "typ": "JWT"}));
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["type"], "access");
    assert_eq!(claims["fresh"], true);
    // `iat` carries milliseconds (see `revoke_all`); `exp` whole seconds.
    let iat = whole_seconds(&claims["iat"]);
    assert!(iat >= before && iat <= now());
    // `nbf` is the second `iat` falls in.
    assert_eq!(claims["nbf"].as_u64(), Some(iat));
    assert_eq!(claims["exp"].as_u64().unwrap(), iat + 15 * 60);
    assert_eq!(claims["jti"].as_str().unwrap().len(), 36);
    let mut keys: Vec<_> = claims.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["exp", "fresh", "iat", "jti", "nbf", "sub", "type"]);
}

#[test]
fn refresh_tokens_live_thirty_days_and_are_not_fresh() {
    let claims = payload(&manager().create_refresh_token("alice").unwrap());
    assert_eq!(claims["type"], "refresh");
    assert_eq!(claims["fresh"], false);
    assert_eq!(
        claims["exp"].as_u64().unwrap() - whole_seconds(&claims["iat"]),
        30 * 24 * 3600
    );
}

#[test]
fn every_jti_is_unique() {
    let m = manager();
    let a = payload(&m.create_access_token("a").unwrap());
    let b = payload(&m.create_access_token("a").unwrap());
    assert_ne!(a["jti"], b["jti"]);
}

#[test]
fn per_token_options() {
    let m = manager();
    let claims = payload(
        &m.access_token("alice")
            .fresh(Duration::from_secs(600))
            .expires_in(Duration::from_secs(60))
            .claim("role", "admin")
            .claim("org", json!({"id": 7}))
            .mint()
            .unwrap(),
    );
    let iat = whole_seconds(&claims["iat"]);
    assert_eq!(claims["fresh"].as_u64().unwrap(), iat + 600);
    assert_eq!(claims["exp"].as_u64().unwrap(), iat + 60);
    assert_eq!(claims["role"], "admin");
    assert_eq!(claims["org"]["id"], 7);
    let forever = payload(&m.refresh_token("a").no_expiry().mint().unwrap());
    assert!(forever.get("exp").is_none());
    // A strict manager refuses what it minted without exp.
    let raw = m.refresh_token("a").no_expiry().mint().unwrap();
    assert_eq!(
        m.verify(&raw).unwrap_err().msg(),
        "Token is missing the \"exp\" claim"
    );
}

#[test]
fn a_refresh_token_can_be_minted_fresh() {
    let m = manager();
    let token = m
        .verify(&m.refresh_token("a").fresh(true).mint().unwrap())
        .unwrap();
    assert_eq!(token.token_type(), TokenType::Refresh);
    assert!(token.is_fresh());
    assert_eq!(token.fresh(), Fresh::Yes);
}

#[test]
fn reserved_claims_cannot_be_overridden() {
    let m = manager();
    for name in [
        "exp", "iat", "nbf", "jti", "type", "fresh", "csrf", "iss", "aud", "sub",
    ] {
        let err = m.access_token("a").claim(name, 1).mint().unwrap_err();
        assert_eq!(err, MintError::ReservedClaim(name.to_owned()));
        assert!(err.to_string().contains("reserved claim"));
    }
}

#[test]
fn additional_claims_come_from_a_manager_wide_loader() {
    let m = JwtManager::builder()
        .secret(SECRET)
        .additional_claims(|identity| {
            let mut claims = serde_json::Map::new();
            claims.insert(
                "name".into(),
                json!(format!("user {}", identity.as_str().unwrap_or("?"))),
            );
            claims
        })
        .build()
        .unwrap();
    let claims = payload(&m.create_access_token("alice").unwrap());
    assert_eq!(claims["name"], "user alice");
    let claims = payload(&m.access_token("bob").claim("extra", true).mint().unwrap());
    assert_eq!(
        (claims["name"].clone(), claims["extra"].clone()),
        (json!("user bob"), json!(true))
    );

    let bad = JwtManager::builder()
        .secret(SECRET)
        .additional_claims(|_| [("type".to_owned(), json!("admin"))].into_iter().collect())
        .build()
        .unwrap();
    assert_eq!(
        bad.create_access_token("a").unwrap_err(),
        MintError::ReservedClaim("type".into())
    );
}

#[test]
fn strict_managers_mint_string_subjects_only() {
    assert_eq!(
        manager().create_access_token(42).unwrap_err(),
        MintError::IdentityNotString
    );
    let lenient = JwtManager::builder()
        .secret(SECRET)
        .require_string_subject(false)
        .build()
        .unwrap();
    let token = lenient
        .verify(&lenient.create_access_token(42).unwrap())
        .unwrap();
    assert_eq!(token.identity(), &json!(42));
    // Another identity claim may hold any JSON value.
    let custom = JwtManager::builder()
        .secret(SECRET)
        .identity_claim("identity")
        .build()
        .unwrap();
    let token = custom
        .verify(&custom.create_access_token(json!({"id": 1})).unwrap())
        .unwrap();
    assert_eq!(token.identity(), &json!({"id": 1}));
    assert_eq!(
        payload(&custom.create_access_token(1).unwrap())["identity"],
        1
    );
}

#[test]
fn issuer_audience_and_nbf_switch() {
    let m = JwtManager::builder()
        .secret(SECRET)
        .issuer("me")
        .audience("a")
        .audience("b")
        .encode_nbf(false)
        .build()
        .unwrap();
    let claims = payload(&m.create_access_token("x").unwrap());
    assert_eq!(claims["iss"], "me");
    assert_eq!(claims["aud"], json!(["a", "b"]));
    assert!(claims.get("nbf").is_none());
}

#[test]
fn weak_or_inconsistent_configuration_is_refused() {
    let build = |b: jwt_guard::JwtConfig| b.build().unwrap_err();
    assert_eq!(build(JwtManager::builder()), ConfigError::EmptySecret);
    assert!(matches!(
        build(JwtManager::builder().secret("super-secret")),
        ConfigError::WeakSecret { .. }
    ));
    assert!(matches!(
        build(JwtManager::builder().secret("a".repeat(64))),
        ConfigError::WeakSecret { .. }
    ));
    let thirty_two = "0123456789abcdef0123456789abcdef";
    assert!(JwtManager::builder().secret(thirty_two).build().is_ok());
    assert!(matches!(
        build(
            JwtManager::builder()
                .secret(thirty_two)
                .algorithm(Algorithm::HS512)
        ),
        ConfigError::WeakSecret { .. }
    ));
    assert_eq!(
        build(
            JwtManager::builder()
                .secret(thirty_two)
                .algorithm(Algorithm::RS256)
        ),
        ConfigError::UnsupportedAlgorithm(Algorithm::RS256)
    );
    assert!(matches!(
        build(
            JwtManager::builder()
                .secret(thirty_two)
                .allowed_algorithms([Algorithm::HS384])
        ),
        ConfigError::AllowList(_)
    ));
    assert!(matches!(
        build(
            JwtManager::builder()
                .secret(thirty_two)
                .allowed_algorithms([])
        ),
        ConfigError::AllowList(_)
    ));
    assert!(matches!(
        build(
            JwtManager::builder()
                .secret(thirty_two)
                .identity_claim("exp")
        ),
        ConfigError::IdentityClaim(_)
    ));
    assert!(matches!(
        build(
            JwtManager::builder()
                .secret(thirty_two)
                .header_scheme("Bea rer")
        ),
        ConfigError::HeaderScheme(_)
    ));
    let msg = build(JwtManager::builder().secret("short")).to_string();
    assert_eq!(
        msg,
        "the JWT secret is too weak for HS256: it has 5 bytes and needs at least 32 (RFC 7518 §3.2)"
    );
}
