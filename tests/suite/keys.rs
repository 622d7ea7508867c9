//! Asymmetric keys, key rotation by `kid`, the served JWKS, and tokens shaped
//! like real identity providers' (issue 5), through the router.

use crate::common::*;
use axum::Router;
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{EncodingKey, Header};
use jwt_guard::jwks::serve_jwks;
use jwt_guard::{Algorithm, ConfigError, JwtManager, Key, Token, TokenType, require_token};
use serde_json::{Value, json};

#[require_token]
async fn protected(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(claims(realm_access.roles = ["admin"]), scope("profile"))]
async fn keycloak_admin(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(scope("read:users"), claims(permissions = ["delete:users"]))]
async fn auth0_delete() -> &'static str {
    "deleted"
}

fn app(manager: &JwtManager) -> Router {
    Router::new()
        .route("/protected", get(protected))
        .route("/keycloak", get(keycloak_admin))
        .route("/auth0", get(auth0_delete))
        .route("/.well-known/jwks.json", get(serve_jwks))
        .layer(manager.layer())
}

fn signer(alg: Algorithm, private: &str) -> JwtManager {
    JwtManager::builder()
        .signing_key(
            Key::from_pem(alg, &key_file(private))
                .unwrap()
                .with_kid(format!("{alg:?}")),
        )
        .build()
        .unwrap()
}

fn verifier(alg: Algorithm, public: &str) -> JwtManager {
    JwtManager::builder()
        .verification_key(
            Key::from_pem(alg, &key_file(public))
                .unwrap()
                .with_kid(format!("{alg:?}")),
        )
        .build()
        .unwrap()
}

fn header(token: &str) -> Value {
    let part = token.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

#[tokio::test]
async fn every_algorithm_mints_and_verifies_with_public_keys_only() {
    for (alg, private, public) in KEY_PAIRS {
        let token = signer(*alg, private).create_access_token("alice").unwrap();
        assert_eq!(header(&token)["alg"], format!("{alg:?}"));
        assert_eq!(header(&token)["kid"], format!("{alg:?}"));
        let reply = call(&app(&verifier(*alg, public)), "/protected", &token).await;
        assert_eq!(
            (reply.status.as_u16(), reply.body.clone()),
            (200, json!("alice")),
            "{alg:?}"
        );
    }
}

#[test]
fn a_verify_only_manager_cannot_mint() {
    let manager = verifier(Algorithm::RS256, "rsa2048.pub.pem");
    assert_eq!(
        manager.create_access_token("a").unwrap_err(),
        jwt_guard::mint::MintError::NoSigningKey
    );
}

#[tokio::test]
async fn each_key_verifies_its_own_algorithm_only() {
    let rs = signer(Algorithm::RS256, "rsa2048.pem")
        .create_access_token("a")
        .unwrap();
    // An unnamed RS256 key: a PS256 token signed by the same RSA key is refused.
    let rs_only = JwtManager::builder()
        .verification_key(Key::from_pem(Algorithm::RS256, &key_file("rsa2048.pub.pem")).unwrap())
        .allowed_algorithms([Algorithm::RS256, Algorithm::PS256])
        .build()
        .unwrap();
    assert_eq!(
        call(&app(&rs_only), "/protected", &rs).await.status,
        401,
        "kid RS256 is unknown here"
    );
    let unnamed_rs = jsonwebtoken::encode(
        &Header::new(Algorithm::RS256),
        &claims("a", "access"),
        &EncodingKey::from_rsa_pem(&key_file("rsa2048.pem")).unwrap(),
    )
    .unwrap();
    let unnamed_ps = jsonwebtoken::encode(
        &Header::new(Algorithm::PS256),
        &claims("a", "access"),
        &EncodingKey::from_rsa_pem(&key_file("rsa2048.pem")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        call(&app(&rs_only), "/protected", &unnamed_rs).await.status,
        200
    );
    call(&app(&rs_only), "/protected", &unnamed_ps)
        .await
        .assert_refused(
            401,
            Some("invalid_token"),
            "The specified alg value is not allowed",
        );
    // Configured explicitly, the key verifies both.
    let both = JwtManager::builder()
        .verification_key(
            Key::from_pem(Algorithm::RS256, &key_file("rsa2048.pub.pem"))
                .unwrap()
                .also_for(Algorithm::PS256)
                .unwrap(),
        )
        .build()
        .unwrap();
    assert_eq!(
        call(&app(&both), "/protected", &unnamed_ps).await.status,
        200
    );
}

/// RFC 8725 §3.1: an HMAC secret is bound to the hash it was checked for, and
/// an EC key to its curve's algorithm; only RSA keys may cover several
/// algorithms (RS* and PS* use the same key).
#[test]
fn also_for_keeps_hmac_and_ec_keys_bound_to_one_algorithm() {
    let secret = "0123456789abcdef".repeat(4);
    for other in [Algorithm::HS384, Algorithm::HS512] {
        let err = Key::hmac(Algorithm::HS256, &secret)
            .unwrap()
            .also_for(other)
            .unwrap_err();
        assert!(matches!(err, ConfigError::Key(_)), "{err:?}");
        let msg = err.to_string();
        assert!(
            msg.contains(&format!("cannot also verify {other:?}"))
                && msg.contains(&format!("configure a second Key::hmac({other:?}, ..)")),
            "{msg}"
        );
    }
    let err = Key::from_pem(Algorithm::ES256, &key_file("p256.pub.pem"))
        .unwrap()
        .also_for(Algorithm::ES384)
        .unwrap_err();
    assert!(
        err.to_string().contains("only the algorithm of its curve"),
        "{err}"
    );
    assert!(
        Key::from_pem(Algorithm::RS256, &key_file("rsa2048.pub.pem"))
            .unwrap()
            .also_for(Algorithm::HS256)
            .is_err()
    );
    // The key's own algorithm again, and RSA to RSA, are fine.
    assert!(
        Key::hmac(Algorithm::HS256, &secret)
            .unwrap()
            .also_for(Algorithm::HS256)
            .is_ok()
    );
    assert!(
        Key::from_pem(Algorithm::RS256, &key_file("rsa2048.pub.pem"))
            .unwrap()
            .also_for(Algorithm::PS512)
            .is_ok()
    );
}

/// A header that says HS512 over a SHA-256 MAC: whichever way the manager got
/// its HMAC keys, each algorithm is checked with its own hash, and each
/// hash's secret with its own length rule.
#[tokio::test]
async fn an_hs512_header_over_a_sha256_mac_is_refused() {
    let secret = "0123456789abcdef".repeat(4);
    let hs512_over_sha256 = |kid: Option<&str>| {
        crypto_backend();
        let header = match kid {
            Some(kid) => format!(r#"{{"alg":"HS512","kid":"{kid}","typ":"JWT"}}"#),
            None => r#"{"alg":"HS512","typ":"JWT"}"#.to_owned(),
        };
        let message = format!("{}.{}", b64(header), b64(claims("a", "access").to_string()));
        let mac = jsonwebtoken::crypto::sign(
            message.as_bytes(),
            &EncodingKey::from_secret(secret.as_bytes()),
            Algorithm::HS256,
        )
        .unwrap();
        format!("{message}.{mac}")
    };
    let genuine = |alg, kid: Option<&str>| {
        crypto_backend();
        let mut header = Header::new(alg);
        header.kid = kid.map(str::to_owned);
        jsonwebtoken::encode(
            &header,
            &claims("a", "access"),
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap()
    };

    // One secret, two HMAC algorithms allowed: one key per hash.
    let both = app(&JwtManager::builder()
        .secret(&secret)
        .allowed_algorithms([Algorithm::HS256, Algorithm::HS512])
        .build()
        .unwrap());
    assert_eq!(
        call(&both, "/protected", &genuine(Algorithm::HS512, None))
            .await
            .status,
        200
    );
    assert_eq!(
        call(&both, "/protected", &genuine(Algorithm::HS256, None))
            .await
            .status,
        200
    );
    call(&both, "/protected", &hs512_over_sha256(None))
        .await
        .assert_refused(401, Some("invalid_token"), "Signature verification failed");

    // A named HS256 key, HS512 on the allow-list: the key is not HS512's.
    let named = app(&JwtManager::builder()
        .signing_key(Key::hmac(Algorithm::HS256, &secret).unwrap().with_kid("k"))
        .allowed_algorithms([Algorithm::HS256, Algorithm::HS512])
        .build()
        .unwrap());
    for token in [
        hs512_over_sha256(Some("k")),
        genuine(Algorithm::HS512, Some("k")),
    ] {
        call(&named, "/protected", &token).await.assert_refused(
            401,
            Some("invalid_token"),
            "The specified alg value is not allowed for this key",
        );
    }
    assert_eq!(
        call(&named, "/protected", &genuine(Algorithm::HS256, Some("k")))
            .await
            .status,
        200
    );

    // Binding one key to both hashes is a configuration error, before any request.
    let err = Key::hmac(Algorithm::HS256, &secret)
        .and_then(|key| key.also_for(Algorithm::HS512))
        .map(|key| JwtManager::builder().signing_key(key).build())
        .unwrap_err();
    assert!(err.to_string().contains("Key::hmac(HS512, ..)"), "{err}");

    // The secret is held to each listed hash's length: 32 bytes suit HS256, not HS512.
    let err = JwtManager::builder()
        .secret(&secret[..32])
        .allowed_algorithms([Algorithm::HS256, Algorithm::HS512])
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::WeakSecret {
                algorithm: Algorithm::HS512,
                ..
            }
        ),
        "{err:?}"
    );
}

/// The classic confusion: an RS256 service handed an HS256 token whose MAC key
/// is the RSA public key, in each encoding an attacker might pick.
#[tokio::test]
async fn hmac_with_the_public_key_is_refused_in_every_encoding() {
    let manager = verifier(Algorithm::RS256, "rsa2048.pub.pem");
    let jwk = serde_json::to_vec(&manager.jwks().keys[0]).unwrap();
    let encodings: [Vec<u8>; 4] = [
        key_file("rsa2048.pub.pem"),
        key_file("rsa2048.pub.der"),
        jwk,
        String::from_utf8(key_file("rsa2048.pub.pem"))
            .unwrap()
            .trim()
            .as_bytes()
            .to_vec(),
    ];
    for (i, secret) in encodings.iter().enumerate() {
        for kid in [None, Some("RS256")] {
            let mut header = Header::new(Algorithm::HS256);
            header.kid = kid.map(str::to_owned);
            let token = jsonwebtoken::encode(
                &header,
                &claims("admin", "access"),
                &EncodingKey::from_secret(secret),
            )
            .unwrap();
            let reply = call(&app(&manager), "/protected", &token).await;
            assert_eq!(reply.status, 401, "encoding {i}, kid {kid:?}");
            assert_eq!(reply.body["error"], "invalid_token");
            assert!(
                reply
                    .msg()
                    .starts_with("The specified alg value is not allowed"),
                "{}",
                reply.msg()
            );
        }
    }
}

#[test]
fn the_key_policy_is_enforced_at_configuration() {
    let err = |r: Result<Key, ConfigError>| r.unwrap_err().to_string();
    assert!(
        err(Key::from_pem(Algorithm::RS256, &key_file("rsa1024.pem")))
            .contains("1024 bits is too short")
    );
    assert!(
        err(Key::from_pem(
            Algorithm::RS256,
            &key_file("rsa1024.pub.pem")
        ))
        .contains("1024 bits")
    );
    assert!(err(Key::from_pem(Algorithm::ES384, &key_file("p256.pub.pem"))).contains("curve"));
    assert!(err(Key::from_pem(Algorithm::ES256, &key_file("rsa2048.pem"))).contains("ES256"));
    assert!(err(Key::from_pem(Algorithm::HS256, &key_file("rsa2048.pem"))).contains("HMAC"));
    assert!(Key::hmac(Algorithm::HS512, [7u8; 32]).is_err());
    assert!(Key::hmac(Algorithm::HS256, "").is_err());
    assert!(Key::from_pem(Algorithm::EdDSA, b"not a pem").is_err());
    // DER works as well as PEM.
    let der = Key::from_private_der(Algorithm::RS256, &key_file("rsa2048.der")).unwrap();
    let public = Key::from_public_der(Algorithm::RS256, &key_file("rsa2048.pub.der")).unwrap();
    let pem = Key::from_pem(Algorithm::RS256, &key_file("rsa2048.pub.pem")).unwrap();
    assert_eq!(der.public_jwk(), pem.public_jwk());
    assert_eq!(public.public_jwk(), pem.public_jwk());
    // Two keys may not share a kid.
    let dup = JwtManager::builder()
        .signing_key(
            Key::from_pem(Algorithm::RS256, &key_file("rsa2048.pem"))
                .unwrap()
                .with_kid("k"),
        )
        .verification_key(
            Key::from_pem(Algorithm::ES256, &key_file("p256.pub.pem"))
                .unwrap()
                .with_kid("k"),
        )
        .build();
    assert!(dup.unwrap_err().to_string().contains("share the kid"));
}

#[tokio::test]
async fn rotation_by_kid_loses_no_request() {
    let old = || {
        Key::from_pem(Algorithm::RS256, &key_file("rsa2048.pem"))
            .unwrap()
            .with_kid("2026-10")
    };
    let new = || {
        Key::from_pem(Algorithm::RS256, &key_file("rsa2048-b.pem"))
            .unwrap()
            .with_kid("2026-11")
    };
    let before = JwtManager::builder().signing_key(old()).build().unwrap();
    let during = JwtManager::builder()
        .signing_key(new())
        .verification_key(old())
        .build()
        .unwrap();
    let after = JwtManager::builder().signing_key(new()).build().unwrap();
    let old_token = before.create_access_token("alice").unwrap();
    let new_token = during.create_access_token("alice").unwrap();
    assert_eq!(header(&new_token)["kid"], "2026-11");
    assert_eq!(
        call(&app(&during), "/protected", &old_token).await.status,
        200
    );
    assert_eq!(
        call(&app(&during), "/protected", &new_token).await.status,
        200
    );
    assert_eq!(
        call(&app(&after), "/protected", &new_token).await.status,
        200
    );
    call(&app(&after), "/protected", &old_token)
        .await
        .assert_refused(401, Some("invalid_token"), "Unknown key id (kid)");
    // A kid is matched exactly: no normalisation, no path or URL tricks.
    for kid in [
        "2026-11 ",
        "2026-11/../2026-10",
        "../2026-11",
        "2026-1",
        "https://evil/2026-11",
    ] {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.to_owned());
        let token = jsonwebtoken::encode(
            &header,
            &claims("alice", "access"),
            &EncodingKey::from_rsa_pem(&key_file("rsa2048-b.pem")).unwrap(),
        )
        .unwrap();
        call(&app(&after), "/protected", &token)
            .await
            .assert_refused(401, Some("invalid_token"), "Unknown key id (kid)");
    }
}

#[tokio::test]
async fn embedded_keys_and_key_urls_are_never_trusted() {
    let manager = verifier(Algorithm::ES256, "p256.pub.pem");
    // The attacker signs with their own P-256 key and offers it in the header
    // as `jwk`, with `jku` and `x5u` pointing at their server.
    let attacker_jwk =
        serde_json::to_value(&verifier(Algorithm::ES256, "p256-b.pub.pem").jwks().keys[0]).unwrap();
    for header in [
        json!({"alg": "ES256", "jwk": attacker_jwk}),
        json!({"alg": "ES256", "jku": "https://evil.example/jwks.json"}),
        json!({"alg": "ES256", "x5u": "https://evil.example/cert.pem", "kid": "ES256"}),
        json!({"alg": "ES256", "kid": "ES256", "jwk": attacker_jwk}),
    ] {
        let message = format!(
            "{}.{}",
            b64(header.to_string()),
            b64(claims("admin", "access").to_string())
        );
        let signature = jsonwebtoken::crypto::sign(
            message.as_bytes(),
            &EncodingKey::from_ec_pem(&key_file("p256-b.pem")).unwrap(),
            Algorithm::ES256,
        )
        .unwrap();
        call(
            &app(&manager),
            "/protected",
            &format!("{message}.{signature}"),
        )
        .await
        .assert_refused(401, Some("invalid_token"), "Signature verification failed");
    }
}

#[tokio::test]
async fn the_served_jwks_holds_public_halves_only() {
    let manager = JwtManager::builder()
        .signing_key(
            Key::from_pem(Algorithm::EdDSA, &key_file("ed25519.pem"))
                .unwrap()
                .with_kid("ed"),
        )
        .verification_key(
            Key::from_pem(Algorithm::RS256, &key_file("rsa2048.pem"))
                .unwrap()
                .with_kid("rsa"),
        )
        .verification_key(
            Key::hmac(Algorithm::HS256, SECRET)
                .unwrap()
                .with_kid("shared"),
        )
        .build()
        .unwrap();
    let reply = send(&app(&manager), request("/.well-known/jwks.json", None)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["cache-control"], "public, max-age=300");
    let keys = reply.body["keys"].as_array().unwrap();
    let kids: Vec<&str> = keys.iter().map(|k| k["kid"].as_str().unwrap()).collect();
    assert_eq!(kids, ["ed", "rsa"], "the HMAC secret is never published");
    for key in keys {
        assert!(
            key.get("d").is_none() && key.get("k").is_none() && key.get("p").is_none(),
            "{key}"
        );
        assert_eq!(key["use"], "sig");
    }
    assert_eq!(keys[0]["kty"], "OKP");
    assert_eq!(keys[1]["alg"], "RS256");
    // Those keys verify what the manager mints.
    let set: jwt_guard::jwks::jwk::JwkSet = serde_json::from_value(reply.body.clone()).unwrap();
    let from_jwks = JwtManager::builder()
        .verification_key(Key::from_jwk(&set.keys[0], Algorithm::RS256).unwrap())
        .build()
        .unwrap();
    let token = manager.create_access_token("alice").unwrap();
    assert_eq!(
        call(&app(&from_jwks), "/protected", &token).await.status,
        200
    );
}

fn keycloak_claims() -> Value {
    let now = now();
    json!({
        "exp": now + 300, "iat": now, "auth_time": now, "jti": "onrtac:3f7c",
        "iss": "https://sso.example/realms/main", "aud": ["account", "orders-api"],
        "sub": "f6a1c1c2-5b0e-4a8e-9f57-1c8d2b2f8e11", "typ": "Bearer", "azp": "web",
        "sid": "7d9f", "acr": "1", "allowed-origins": ["https://app.example"],
        "realm_access": {"roles": ["offline_access", "admin", "uma_authorization"]},
        "resource_access": {"account": {"roles": ["manage-account"]}},
        "scope": "openid profile email", "email_verified": true,
        "preferred_username": "alice", "email": "alice@example.com"
    })
}

fn rs256_token(claims: &Value, kid: &str) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(
        &header,
        claims,
        &EncodingKey::from_rsa_pem(&key_file("rsa2048.pem")).unwrap(),
    )
    .unwrap()
}

fn provider(issuer: &str, audience: &str) -> JwtManager {
    JwtManager::builder()
        .verification_key(
            Key::from_pem(Algorithm::RS256, &key_file("rsa2048.pub.pem"))
                .unwrap()
                .with_kid("idp"),
        )
        .issuer(issuer)
        .audience(audience)
        .require_type(false)
        .build()
        .unwrap()
}

#[tokio::test]
async fn keycloak_shaped_tokens_through_the_guard() {
    let manager = provider("https://sso.example/realms/main", "orders-api");
    let app = app(&manager);
    let reply = call(&app, "/keycloak", &rs256_token(&keycloak_claims(), "idp")).await;
    assert_eq!(
        (reply.status.as_u16(), reply.body.clone()),
        (200, json!("f6a1c1c2-5b0e-4a8e-9f57-1c8d2b2f8e11"))
    );
    let mut user = keycloak_claims();
    user["realm_access"]["roles"] = json!(["offline_access"]);
    call(&app, "/keycloak", &rs256_token(&user, "idp"))
        .await
        .assert_refused(
            403,
            Some("insufficient_scope"),
            "User claims verification failed",
        );
    let mut other_realm = keycloak_claims();
    other_realm["iss"] = json!("https://sso.example/realms/other");
    call(&app, "/keycloak", &rs256_token(&other_realm, "idp"))
        .await
        .assert_refused(401, Some("invalid_token"), "Invalid issuer");
    let mut other_aud = keycloak_claims();
    other_aud["aud"] = json!("account");
    call(&app, "/keycloak", &rs256_token(&other_aud, "idp"))
        .await
        .assert_refused(401, Some("invalid_token"), "Audience doesn't match");
    // Without `type`, a token is an access token only because the manager says so.
    let strict = JwtManager::builder()
        .verification_key(
            Key::from_pem(Algorithm::RS256, &key_file("rsa2048.pub.pem"))
                .unwrap()
                .with_kid("idp"),
        )
        .issuer("https://sso.example/realms/main")
        .audience("orders-api")
        .build()
        .unwrap();
    call(
        &app_for(&strict),
        "/protected",
        &rs256_token(&keycloak_claims(), "idp"),
    )
    .await
    .assert_refused(
        401,
        Some("invalid_token"),
        "Token is missing the \"type\" claim",
    );
}

fn app_for(manager: &JwtManager) -> Router {
    app(manager)
}

#[tokio::test]
async fn auth0_shaped_tokens_through_the_guard() {
    let manager = provider("https://tenant.auth0.example/", "https://api.example");
    let now = now();
    let claims = json!({
        "iss": "https://tenant.auth0.example/", "sub": "auth0|5f7c8ec7c33c6c004bbafe82",
        "aud": ["https://api.example", "https://tenant.auth0.example/userinfo"],
        "iat": now, "exp": now + 86400, "azp": "my-client-id",
        "scope": "openid profile read:users", "permissions": ["read:users", "delete:users"]
    });
    let app = app(&manager);
    assert_eq!(
        call(&app, "/auth0", &rs256_token(&claims, "idp"))
            .await
            .body,
        json!("deleted")
    );
    let mut reader = claims.clone();
    reader["permissions"] = json!(["read:users"]);
    assert_eq!(
        call(&app, "/auth0", &rs256_token(&reader, "idp"))
            .await
            .status,
        403
    );
}

#[require_token(scope("orders.read"))]
async fn scp_route() -> &'static str {
    "orders"
}

#[require_token(refresh)]
async fn refresh_route() -> &'static str {
    "refresh"
}

#[tokio::test]
async fn scp_arrays_and_flask_pyjwt_types_by_explicit_configuration() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .scope_claim("scp")
        .type_value("auth", TokenType::Access)
        .build()
        .unwrap();
    let app: Router = Router::new()
        .route("/orders", get(scp_route))
        .route("/refresh", get(refresh_route))
        .route("/protected", get(protected))
        .layer(manager.layer());
    let mut token = claims("svc", "access");
    token["scp"] = json!(["orders.read", "orders.write"]);
    assert_eq!(call(&app, "/orders", &sign(&token)).await.status, 200);
    token["scp"] = json!(["orders.write"]);
    assert_eq!(call(&app, "/orders", &sign(&token)).await.status, 403);
    // Flask_PyJWT's "auth" tokens are access tokens here, and not refresh tokens.
    let auth = sign(&claims("alice", "auth"));
    assert_eq!(call(&app, "/protected", &auth).await.status, 200);
    call(&app, "/refresh", &auth).await.assert_refused(
        401,
        Some("invalid_token"),
        "Only refresh tokens are allowed",
    );
    // Unmapped, it stays refused.
    let plain = app_for(&crate::common::manager());
    call(&plain, "/protected", &auth).await.assert_refused(
        401,
        Some("invalid_token"),
        "Invalid \"type\" claim: expected \"access\" or \"refresh\"",
    );
}
