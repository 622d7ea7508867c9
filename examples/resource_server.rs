//! A resource server: it mints nothing and verifies an identity provider's
//! RS256/ES256 tokens with the keys the provider publishes as a JWKS, guarding
//! routes on scopes and roles.
//!
//! ```text
//! OIDC_ISSUER=https://sso.example/realms/main JWT_AUDIENCE=orders-api \
//!     cargo run --example resource_server
//! ```
//!
//! `OIDC_ISSUER` is discovered (`/.well-known/openid-configuration`);
//! `JWKS_URL` with `JWT_ISSUER` skips discovery. With neither, the example
//! starts a demo issuer of its own on `127.0.0.1:3002` (keys from
//! `tests/keys/`) whose `GET /token?user=alice&roles=admin&scope=orders:read`
//! hands out tokens, so the whole flow runs on one machine.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::Query;
use axum::routing::get;
use axum::{Json, Router};
use jwt_guard::jwks::{OidcProvider, RemoteJwks, serve_jwks};
use jwt_guard::{Algorithm, JwtManager, Key, Token, require_token};
use serde::Deserialize;
use serde_json::{Value, json};

#[require_token(scope("orders:read"))]
async fn orders(token: Token) -> Json<Value> {
    Json(json!({ "orders": [], "for": token.identity() }))
}

#[require_token(claims(realm_access.roles = ["admin"]))]
async fn admin() -> Json<Value> {
    Json(json!({ "message": "Hello admin!" }))
}

#[require_token]
async fn me(token: Token) -> Json<Value> {
    Json(Value::Object(token.claims().clone()))
}

fn app(manager: &JwtManager) -> Router {
    Router::new()
        .route("/orders", get(orders))
        .route("/admin", get(admin))
        .route("/me", get(me))
        .layer(manager.layer())
}

#[derive(Deserialize)]
struct TokenRequest {
    user: String,
    #[serde(default)]
    roles: String,
    #[serde(default)]
    scope: String,
}

/// The demo issuer: a JWKS and a token endpoint, Keycloak-shaped tokens.
async fn demo_issuer(addr: &str, audience: &str) -> String {
    let pem = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/keys/rsa2048.pem"
    ))
    .expect("the demo issuer signs with tests/keys/rsa2048.pem");
    let key = Key::from_pem(Algorithm::RS256, &pem)
        .expect("a valid RSA key")
        .with_kid("demo-1");
    let issuer = format!("http://{addr}");
    let manager = JwtManager::builder()
        .signing_key(key)
        .issuer(issuer.clone())
        .audience(audience)
        .build()
        .expect("a valid issuer configuration");
    let minter = manager.clone();
    let token = move |Query(q): Query<TokenRequest>| {
        let manager = minter.clone();
        async move {
            let roles: Vec<&str> = q.roles.split(',').filter(|r| !r.is_empty()).collect();
            let iat = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let token = manager
                .access_token(q.user)
                .claim("realm_access", json!({ "roles": roles }))
                .claim("scope", q.scope)
                .claim("auth_time", iat)
                .mint();
            match token {
                Ok(token) => Json(json!({ "access_token": token, "token_type": "Bearer" })),
                Err(err) => Json(json!({ "error": err.to_string() })),
            }
        }
    };
    let discovery = {
        let issuer = issuer.clone();
        move || async move { Json(json!({ "issuer": issuer, "jwks_uri": format!("{issuer}/certs") })) }
    };
    let idp = Router::new()
        .route("/certs", get(serve_jwks))
        .route("/token", get(token))
        .route("/.well-known/openid-configuration", get(discovery))
        .layer(manager.layer());
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: the demo issuer cannot listen on {addr}: {err}");
            std::process::exit(2);
        }
    };
    tokio::spawn(async move {
        let _ = axum::serve(listener, idp).await;
    });
    eprintln!(
        "demo issuer on {issuer}: curl '{issuer}/token?user=alice&roles=admin&scope=orders:read'"
    );
    issuer
}

#[tokio::main]
async fn main() {
    let audience = std::env::var("JWT_AUDIENCE").unwrap_or_else(|_| "orders-api".to_owned());
    let (issuer, jwks) = match (std::env::var("OIDC_ISSUER"), std::env::var("JWKS_URL")) {
        (Ok(issuer), _) => match OidcProvider::discover(&issuer).await {
            Ok(found) => (found.issuer, found.jwks),
            Err(err) => {
                eprintln!("error: {err}");
                std::process::exit(2);
            }
        },
        (Err(_), Ok(url)) => match std::env::var("JWT_ISSUER") {
            Ok(issuer) => (issuer, RemoteJwks::new(url)),
            Err(_) => {
                eprintln!("error: JWKS_URL needs JWT_ISSUER (the `iss` to require)");
                std::process::exit(2);
            }
        },
        (Err(_), Err(_)) => {
            let issuer = demo_issuer("127.0.0.1:3002", &audience).await;
            let jwks = RemoteJwks::new(format!("{issuer}/certs"));
            (issuer, jwks)
        }
    };
    // Identity-provider tokens carry no `type` claim: every token is an access token.
    let manager = JwtManager::builder()
        .remote_jwks(jwks)
        .issuer(issuer.clone())
        .audience(audience)
        .require_type(false)
        .build();
    let manager = match manager {
        Ok(manager) => manager,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(2);
        }
    };
    let addr = std::env::var("JWT_GUARD_ADDR").unwrap_or_else(|_| "127.0.0.1:3001".to_owned());
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: cannot listen on {addr}: {err}");
            std::process::exit(2);
        }
    };
    eprintln!("resource server on http://{addr} trusting {issuer}: GET /orders, /admin, /me");
    if let Err(err) = axum::serve(listener, app(&manager)).await {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}
