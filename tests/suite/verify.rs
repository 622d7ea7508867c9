//! Token verification: signatures, algorithms, time claims, token types and
//! malformed claim values — all 401, never a 500.

use std::time::Duration;

use crate::common::*;
use axum::Router;
use axum::routing::get;
use jsonwebtoken::Algorithm;
use jwt_guard::{JwtConfig, JwtManager, Token, require_token};
use serde_json::json;

#[require_token]
async fn protected(token: Token) -> String {
    token.identity().to_string()
}

#[require_token(refresh)]
async fn refresh() -> &'static str {
    "refresh"
}

fn app_with(manager: JwtManager) -> Router {
    Router::new()
        .route("/protected", get(protected))
        .route("/refresh", get(refresh))
        .layer(manager.layer())
}

fn app() -> Router {
    app_with(manager())
}

async fn refused(app: &Router, token: &str, msg: &str) {
    call(app, "/protected", token)
        .await
        .assert_refused(401, Some("invalid_token"), msg);
}

#[tokio::test]
async fn a_hand_made_valid_token_is_accepted() {
    let reply = call(&app(), "/protected", &sign(&claims("alice", "access"))).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, json!("alice"));
}

#[tokio::test]
async fn signatures_must_match() {
    let token = sign_with(
        Algorithm::HS256,
        "another-secret-that-is-long-enough!!",
        &claims("a", "access"),
    );
    refused(&app(), &token, "Signature verification failed").await;
    let valid = sign(&claims("a", "access"));
    let (head, _) = valid.rsplit_once('.').unwrap();
    let swapped = format!("{head}.{}", b64([0u8; 32]));
    refused(&app(), &swapped, "Signature verification failed").await;
    let payload = b64(json!({"sub": "admin", "type": "access", "exp": now() + 60}).to_string());
    let mut parts: Vec<&str> = valid.split('.').collect();
    parts[1] = &payload;
    refused(&app(), &parts.join("."), "Signature verification failed").await;
}

#[tokio::test]
async fn a_forged_expired_token_fails_on_its_signature() {
    let token = sign_with(
        Algorithm::HS256,
        "another-secret-that-is-long-enough!!",
        &with(claims("a", "access"), "exp", json!(now() - 100)),
    );
    refused(&app(), &token, "Signature verification failed").await;
}

#[tokio::test]
async fn alg_none_and_algorithms_outside_the_allow_list_are_refused() {
    let payload = claims("a", "access").to_string();
    let none = format!(
        "{}.{}.",
        b64(r#"{"alg":"none","typ":"JWT"}"#),
        b64(&payload)
    );
    refused(&app(), &none, "The specified alg value is not allowed").await;
    let none_upper = format!("{}.{}.", b64(r#"{"alg":"NONE"}"#), b64(&payload));
    refused(
        &app(),
        &none_upper,
        "The specified alg value is not allowed",
    )
    .await;
    let hs512 = sign_with(Algorithm::HS512, SECRET, &claims("a", "access"));
    refused(&app(), &hs512, "The specified alg value is not allowed").await;
    // An RS256 header on an HS256 manager, signed with the secret as if it were
    // an HMAC key (the classic key-confusion attack).
    let rs256 = forge(r#"{"alg":"RS256","typ":"JWT"}"#, &payload);
    refused(&app(), &rs256, "The specified alg value is not allowed").await;
    let no_alg = forge(r#"{"typ":"JWT"}"#, &payload);
    refused(&app(), &no_alg, "Invalid header string: no \"alg\"").await;
}

#[tokio::test]
async fn the_allow_list_can_hold_several_hmac_algorithms() {
    let secret = "x".repeat(31) + &"y".repeat(33);
    let manager = JwtManager::builder()
        .secret(&secret)
        .allowed_algorithms([Algorithm::HS256, Algorithm::HS512])
        .build()
        .unwrap();
    let app = app_with(manager);
    let hs512 = sign_with(Algorithm::HS512, &secret, &claims("a", "access"));
    assert_eq!(call(&app, "/protected", &hs512).await.status, 200);
    let hs384 = sign_with(Algorithm::HS384, &secret, &claims("a", "access"));
    refused(&app, &hs384, "The specified alg value is not allowed").await;
}

#[tokio::test]
async fn crit_headers_are_refused() {
    let token = forge(
        r#"{"alg":"HS256","crit":["exp"]}"#,
        &claims("a", "access").to_string(),
    );
    refused(
        &app(),
        &token,
        "Unsupported critical header parameters (\"crit\")",
    )
    .await;
}

#[tokio::test]
async fn expiry_with_and_without_leeway() {
    let expired = manager()
        .access_token("a")
        .issued_at(ago(16 * 60))
        .mint()
        .unwrap();
    refused(&app(), &expired, "Token has expired").await;
    let exactly_now = sign(&with(claims("a", "access"), "exp", json!(now())));
    refused(&app(), &exactly_now, "Token has expired").await;

    let lenient = JwtManager::builder()
        .secret(SECRET)
        .leeway(Duration::from_secs(120))
        .build()
        .unwrap();
    let just_expired = sign(&with(claims("a", "access"), "exp", json!(now() - 60)));
    assert_eq!(
        call(&app_with(lenient.clone()), "/protected", &just_expired)
            .await
            .status,
        200
    );
    let long_expired = sign(&with(claims("a", "access"), "exp", json!(now() - 600)));
    refused(&app_with(lenient), &long_expired, "Token has expired").await;
}

#[tokio::test]
async fn not_before_and_future_issue_times() {
    let future = manager()
        .access_token("a")
        .issued_at(ahead(600))
        .mint()
        .unwrap();
    refused(&app(), &future, "The token is not yet valid (nbf)").await;
    let iat_only = manager()
        .access_token("a")
        .issued_at(ahead(600))
        .mint()
        .unwrap();
    let lenient_app = app_with(
        JwtManager::builder()
            .secret(SECRET)
            .leeway(Duration::from_secs(900))
            .build()
            .unwrap(),
    );
    assert_eq!(
        call(&lenient_app, "/protected", &iat_only).await.status,
        200
    );
    let future_iat = sign(&with(
        without(claims("a", "access"), "nbf"),
        "iat",
        json!(now() + 600),
    ));
    refused(&app(), &future_iat, "The token is not yet valid (iat)").await;
    let nbf_future = sign(&with(claims("a", "access"), "nbf", json!(now() + 600)));
    refused(&app(), &nbf_future, "The token is not yet valid (nbf)").await;
}

#[tokio::test]
async fn issuer_and_audience() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .issuer("https://auth.example")
        .audience("api")
        .build()
        .unwrap();
    let app = app_with(manager.clone());
    assert_eq!(
        call(
            &app,
            "/protected",
            &manager.create_access_token("a").unwrap()
        )
        .await
        .status,
        200
    );
    let base = with(
        with(claims("a", "access"), "iss", json!("https://auth.example")),
        "aud",
        json!("api"),
    );
    let cases = [
        (
            with(base.clone(), "iss", json!("https://evil.example")),
            "Invalid issuer",
        ),
        (with(base.clone(), "iss", json!(7)), "Invalid issuer"),
        (
            with(base.clone(), "iss", json!(["evil", "https://auth.example"])),
            "Invalid issuer",
        ),
        (
            without(base.clone(), "iss"),
            "Token is missing the \"iss\" claim",
        ),
        (
            with(base.clone(), "aud", json!("web")),
            "Audience doesn't match",
        ),
        (
            with(base.clone(), "aud", json!(123)),
            "Audience doesn't match",
        ),
        (
            with(base.clone(), "aud", json!(null)),
            "Audience doesn't match",
        ),
        (
            without(base.clone(), "aud"),
            "Token is missing the \"aud\" claim",
        ),
    ];
    for (claims, msg) in cases {
        refused(&app, &sign(&claims), msg).await;
    }
    let several = with(base.clone(), "aud", json!(["web", "api"]));
    assert_eq!(call(&app, "/protected", &sign(&several)).await.status, 200);
    // A manager without an audience refuses tokens that name one (RFC 7519 §4.1.3).
    refused(
        &app_with(crate::common::manager()),
        &sign(&base),
        "Invalid audience",
    )
    .await;
}

#[tokio::test]
async fn token_type_confusion_is_refused_both_ways() {
    let refresh = manager().create_refresh_token("a").unwrap();
    refused(&app(), &refresh, "Only non-refresh tokens are allowed").await;
    let access = manager().create_access_token("a").unwrap();
    call(&app(), "/refresh", &access).await.assert_refused(
        401,
        Some("invalid_token"),
        "Only refresh tokens are allowed",
    );
}

#[tokio::test]
async fn malformed_claim_values_are_401_never_500() {
    let base = claims("a", "access");
    let cases = [
        (
            with(base.clone(), "fresh", json!("yes")),
            "Invalid \"fresh\" claim: expected true, false or a NumericDate",
        ),
        (
            with(base.clone(), "exp", json!("tomorrow")),
            "Invalid \"exp\" claim: expected a NumericDate (seconds since 1970)",
        ),
        (
            with(base.clone(), "nbf", json!(null)),
            "Invalid \"nbf\" claim: expected a NumericDate (seconds since 1970)",
        ),
        (
            with(base.clone(), "iat", json!([1])),
            "Invalid \"iat\" claim: expected a NumericDate (seconds since 1970)",
        ),
        (
            with(base.clone(), "type", json!("auth")),
            "Invalid \"type\" claim: expected \"access\" or \"refresh\"",
        ),
        (
            with(base.clone(), "type", json!(1)),
            "Invalid \"type\" claim: expected \"access\" or \"refresh\"",
        ),
        (
            with(base.clone(), "sub", json!(42)),
            "Invalid \"sub\" claim: expected a string (RFC 7519 §4.1.2)",
        ),
        (
            with(base.clone(), "jti", json!(5)),
            "Invalid \"jti\" claim: expected a string",
        ),
        (
            without(base.clone(), "exp"),
            "Token is missing the \"exp\" claim",
        ),
        (
            without(base.clone(), "type"),
            "Token is missing the \"type\" claim",
        ),
        (
            without(base.clone(), "sub"),
            "Token is missing the \"sub\" claim",
        ),
    ];
    for (claims, msg) in cases {
        refused(&app(), &sign(&claims), msg).await;
    }
}

#[tokio::test]
async fn undecodable_tokens() {
    let cases = [
        ("garbage", "Not enough segments"),
        (
            "a.b.c.d.e",
            "Too many segments: encrypted (JWE) and nested tokens are not accepted",
        ),
        // Outside base64url, inside RFC 6750's b64token (the header takes it).
        ("+++.b.c", "Invalid header padding"),
        (
            &*format!("{}.e30.sig", b64("not json")),
            "Invalid header string",
        ),
        (
            &*format!("{}.e30.sig", b64("[1]")),
            "Invalid header string: must be a json object",
        ),
    ];
    for (token, msg) in cases {
        refused(&app(), token, msg).await;
    }
    let array_payload = forge(r#"{"alg":"HS256"}"#, "[1,2,3]");
    refused(
        &app(),
        &array_payload,
        "Invalid payload string: must be a json object",
    )
    .await;
    let text_payload = forge(r#"{"alg":"HS256"}"#, "hello");
    refused(&app(), &text_payload, "Invalid payload string").await;
}

#[tokio::test]
async fn the_flask_preset_accepts_flask_shaped_tokens() {
    let flask = JwtConfig::flask_jwt_extended()
        .secret(SECRET)
        .build()
        .unwrap();
    let app = app_with(flask);
    // No `type`, no `exp`, an integer identity: all fine for Flask-JWT-Extended.
    let legacy = json!({"sub": 42, "iat": now(), "fresh": false, "jti": "x"});
    let reply = call(&app, "/protected", &sign(&legacy)).await;
    assert_eq!(
        (reply.status.as_u16(), reply.body.clone()),
        (200, json!(42))
    );
    // It is still strict where Flask is.
    refused(
        &app,
        &sign(&with(legacy.clone(), "exp", json!(now() - 5))),
        "Token has expired",
    )
    .await;
    refused(
        &app,
        &sign(&with(legacy.clone(), "iat", json!(now() + 600))),
        "The token is not yet valid (iat)",
    )
    .await;
    call(&app, "/refresh", &sign(&legacy)).await.assert_refused(
        401,
        Some("invalid_token"),
        "Only refresh tokens are allowed",
    );
}
