//! Interoperability with Flask-JWT-Extended and PyJWT: tokens minted here are
//! accepted there and the other way round (docs/guard-reference.md §3).
//!
//! The Python side runs from `JWT_GUARD_PYTHON` (default `python3`) with
//! `flask-jwt-extended` installed; `.ci/run` sets up a virtualenv and sets
//! `JWT_GUARD_REQUIRE_INTEROP=1`, which turns a missing Python side into a
//! failure instead of a skip.

use crate::common::*;
use axum::Router;
use axum::routing::get;
use jwt_guard::{JwtConfig, JwtManager, Token, require_token};
use serde_json::json;

const FLASK: &str = r#"
import json, sys
from flask import Flask
from flask_jwt_extended import JWTManager, create_access_token, create_refresh_token, decode_token

mode, secret = sys.argv[1], sys.argv[2]
app = Flask(__name__)
app.config["JWT_SECRET_KEY"] = secret
JWTManager(app)
with app.app_context():
    if mode == "mint":
        print(json.dumps({
            "access": create_access_token(identity="alice", fresh=True, additional_claims={"role": "admin"}),
            "refresh": create_refresh_token(identity="alice"),
        }))
    else:
        print(json.dumps(decode_token(sys.argv[3])))
"#;

const PYJWT: &str = r#"
import json, sys, jwt
print(json.dumps(jwt.decode(sys.argv[2], sys.argv[1], algorithms=["HS256"])))
"#;

#[require_token(fresh, claims(role = "admin"))]
async fn admin(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(refresh)]
async fn refresh(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

fn app(manager: JwtManager) -> Router {
    Router::new()
        .route("/admin", get(admin))
        .route("/refresh", get(refresh))
        .layer(manager.layer())
}

#[tokio::test]
async fn flask_tokens_pass_our_guards() {
    let Some(tokens) = python(FLASK, &["mint", SECRET]) else {
        return;
    };
    let access = tokens["access"].as_str().unwrap();
    let refresh = tokens["refresh"].as_str().unwrap();
    for manager in [
        manager(),
        JwtConfig::flask_jwt_extended()
            .secret(SECRET)
            .build()
            .unwrap(),
    ] {
        let app = app(manager);
        let reply = call(&app, "/admin", access).await;
        assert_eq!(
            (reply.status.as_u16(), reply.body.clone()),
            (200, json!("alice"))
        );
        assert_eq!(call(&app, "/refresh", refresh).await.body, json!("alice"));
        call(&app, "/admin", refresh).await.assert_refused(
            401,
            Some("invalid_token"),
            "Only non-refresh tokens are allowed",
        );
    }
}

#[test]
fn our_tokens_pass_flask_and_pyjwt() {
    let m = manager();
    let access = m
        .access_token("alice")
        .fresh(true)
        .claim("role", "admin")
        .mint()
        .unwrap();
    let Some(decoded) = python(FLASK, &["decode", SECRET, &access]) else {
        return;
    };
    assert_eq!(decoded["sub"], "alice");
    assert_eq!(decoded["type"], "access");
    assert_eq!(decoded["fresh"], true);
    assert_eq!(decoded["role"], "admin");
    let refresh = m.create_refresh_token("alice").unwrap();
    let decoded = python(FLASK, &["decode", SECRET, &refresh]).unwrap();
    assert_eq!(
        (decoded["type"].clone(), decoded["fresh"].clone()),
        (json!("refresh"), json!(false))
    );
    let fresh_for = m
        .access_token("alice")
        .fresh(std::time::Duration::from_secs(300))
        .mint()
        .unwrap();
    let decoded = python(PYJWT, &[SECRET, &fresh_for]).unwrap();
    // `iat` carries milliseconds (a float unless whole); `fresh` is whole
    // seconds from the second it was minted in.
    let iat = decoded["iat"].as_f64().unwrap();
    assert_eq!(decoded["fresh"].as_u64().unwrap(), iat.floor() as u64 + 300);
}

#[test]
fn flask_refuses_our_tokens_signed_with_another_secret() {
    let other = JwtManager::builder()
        .secret("another-secret-that-is-32-bytes-long")
        .build()
        .unwrap();
    let token = other.create_access_token("alice").unwrap();
    let Some(stderr) = python_failure(FLASK, &["decode", SECRET, &token]) else {
        return;
    };
    assert!(stderr.contains("Signature verification failed"), "{stderr}");
}
