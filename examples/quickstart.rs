//! The seed server: the Flask-JWT-Extended and Flask_PyJWT walk-throughs in axum.
//!
//! ```text
//! cargo run --example quickstart
//! curl -s -X POST localhost:3000/login -H 'content-type: application/json' \
//!      -d '{"username":"test","password":"test"}'
//! curl -s localhost:3000/protected -H "Authorization: Bearer $ACCESS"
//! ```
//!
//! `JWT_SECRET_KEY` sets the HMAC secret (unset: a random one per run, so tokens
//! die with the process); `JWT_GUARD_ADDR` the address (default `127.0.0.1:3000`).

use axum::extract::Path;
use axum::extract::rejection::JsonRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use jwt_guard::mint::MintError;
use jwt_guard::revoke::{MemoryStore, RevocationStore, StoreError};
use jwt_guard::{ConfigError, JwtManager, Token, guard, public, require_token};
use serde_json::{Value, json};

guard!(
    /// The demo's administrators: an access token whose `scope` says
    /// `{"admin": true}`. Declared once, it guards every admin route below.
    AdminOnly = scope(admin = true)
);

/// The demo's users: (username, password, admin).
const USERS: &[(&str, &str, bool)] = &[("test", "test", false), ("admin", "1234", true)];

/// The demo's manager: `secret`, and revocations kept in memory.
pub(crate) fn manager(secret: &str) -> Result<JwtManager, ConfigError> {
    with_store(secret, MemoryStore::new())
}

/// The demo's manager with another revocation store (see `revocation_redis.rs`).
pub(crate) fn with_store(
    secret: &str,
    store: impl RevocationStore,
) -> Result<JwtManager, ConfigError> {
    JwtManager::builder()
        .secret(secret)
        .revocation_store(store)
        .build()
}

/// Builds the router around a manager; the tests drive this same function.
pub(crate) fn app(manager: JwtManager) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/login", post(login))
        .route("/fresh_login", post(fresh_login))
        .route("/refresh", post(refresh))
        .route("/protected", get(protected))
        .route("/protected_fresh", get(protected_fresh))
        .route("/user_specific_route/{username}", get(user_specific_route))
        .route("/custom_claim_route", get(custom_claim_route))
        .route("/token/info", get(token_info))
        .route("/logout", delete(logout))
        .route("/logout_refresh", delete(logout_refresh))
        .merge(admin_routes())
        .layer(manager.layer())
}

/// The admin routes: one guard over all of them, so a route added here
/// cannot forget it. The handlers keep their own attributes only for what
/// differs between them (none do).
fn admin_routes() -> Router {
    Router::new()
        .route("/admin_dashboard", get(admin_dashboard))
        .route(
            "/admin/users/{username}/sessions",
            delete(sign_out_everywhere),
        )
        .route_layer(AdminOnly::layer())
}

#[public]
async fn index() -> Json<Value> {
    Json(json!({
        "POST /login": "JSON {username, password} -> access_token (fresh) + refresh_token",
        "POST /fresh_login": "JSON {username, password} -> a fresh access_token",
        "POST /refresh": "refresh token -> a new, non-fresh access_token",
        "GET /protected": "any access token",
        "GET /protected_fresh": "a fresh access token",
        "GET /user_specific_route/{username}": "an access token whose sub is {username}",
        "GET /custom_claim_route": "custom_claim = \"Arbitrary Required Value\" (user test)",
        "GET /admin_dashboard": "scope {admin: true} (user admin)",
        "DELETE /admin/users/{username}/sessions": "scope {admin: true}: revokes every token {username} holds",
        "GET /token/info": "what the token says",
        "DELETE /logout": "revokes the access token presented",
        "DELETE /logout_refresh": "revokes the refresh token presented",
    }))
}

/// A refused login, answered as `{"msg": …}` like the Flask walk-through.
struct Refused(StatusCode, &'static str);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        let body = Json(json!({ "msg": self.1 }));
        if self.0 == StatusCode::UNAUTHORIZED {
            // RFC 7235 §3.1: a 401 names how to authenticate; here, with the
            // bearer token the login hands out.
            (self.0, [(header::WWW_AUTHENTICATE, "Bearer")], body).into_response()
        } else {
            (self.0, body).into_response()
        }
    }
}

/// Checks the login body as the Flask walk-through does, returning the user.
fn authenticate(body: Result<Json<Value>, JsonRejection>) -> Result<&'static str, Refused> {
    let Ok(Json(body)) = body else {
        return Err(Refused(StatusCode::BAD_REQUEST, "Missing JSON in request"));
    };
    let field = |name: &str| {
        body.get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let username = field("username").ok_or(Refused(
        StatusCode::BAD_REQUEST,
        "Missing username parameter",
    ))?;
    let password = field("password").ok_or(Refused(
        StatusCode::BAD_REQUEST,
        "Missing password parameter",
    ))?;
    USERS
        .iter()
        .find(|(user, pass, _)| *user == username && *pass == password)
        .map(|(user, _, _)| *user)
        .ok_or(Refused(
            StatusCode::UNAUTHORIZED,
            "Bad username or password",
        ))
}

/// The claims each user's tokens carry: admin's scope, test's custom claim.
fn user_claims(username: &str) -> Vec<(&'static str, Value)> {
    let admin = USERS
        .iter()
        .any(|(user, _, admin)| *user == username && *admin);
    if admin {
        vec![("scope", json!({ "admin": true }))]
    } else {
        vec![("custom_claim", json!("Arbitrary Required Value"))]
    }
}

fn access_token(manager: &JwtManager, username: &str, fresh: bool) -> Result<String, MintError> {
    user_claims(username)
        .into_iter()
        .fold(manager.access_token(username).fresh(fresh), |t, (k, v)| {
            t.claim(k, v)
        })
        .mint()
}

fn refresh_token(manager: &JwtManager, username: &str) -> Result<String, MintError> {
    user_claims(username)
        .into_iter()
        .fold(manager.refresh_token(username), |t, (k, v)| t.claim(k, v))
        .mint()
}

fn minted(result: Result<Value, MintError>) -> Response {
    match result {
        Ok(body) => Json(body).into_response(),
        Err(err) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "msg": err.to_string() })),
        )
            .into_response(),
    }
}

#[public]
async fn login(manager: JwtManager, body: Result<Json<Value>, JsonRejection>) -> Response {
    let username = match authenticate(body) {
        Ok(username) => username,
        Err(refused) => return refused.into_response(),
    };
    minted((|| {
        Ok(json!({
            "access_token": access_token(&manager, username, true)?,
            "refresh_token": refresh_token(&manager, username)?,
        }))
    })())
}

#[public]
async fn fresh_login(manager: JwtManager, body: Result<Json<Value>, JsonRejection>) -> Response {
    match authenticate(body) {
        Ok(username) => {
            minted(access_token(&manager, username, true).map(|t| json!({ "access_token": t })))
        }
        Err(refused) => refused.into_response(),
    }
}

#[require_token(refresh)]
async fn refresh(manager: JwtManager, token: Token) -> Response {
    let username = token.identity_str().unwrap_or_default().to_owned();
    minted(access_token(&manager, &username, false).map(|t| json!({ "access_token": t })))
}

#[require_token]
async fn protected(token: Token) -> Json<Value> {
    Json(json!({ "logged_in_as": token.identity() }))
}

#[require_token(fresh)]
async fn protected_fresh(token: Token) -> Json<Value> {
    Json(json!({ "fresh_logged_in_as": token.identity() }))
}

#[require_token(sub = "username")]
async fn user_specific_route(Path(username): Path<String>) -> Json<Value> {
    Json(json!({ "message": format!("Hello, {username}!") }))
}

#[require_token(claims(custom_claim = "Arbitrary Required Value"))]
async fn custom_claim_route() -> Json<Value> {
    Json(json!({ "message": "You've reached the custom claim route!" }))
}

// Guarded by `AdminOnly` on the admin router.
async fn admin_dashboard() -> Json<Value> {
    Json(json!({ "message": "Hello admin!" }))
}

/// Revokes every token `username` was issued so far, access and refresh
/// alike, wherever they are.
async fn sign_out_everywhere(
    manager: JwtManager,
    Path(username): Path<String>,
    admin: Token,
) -> Response {
    let admin = admin.identity_str().unwrap_or_default();
    revoked(
        manager.revoke_all(&json!(username)).await,
        format!("{admin} signed {username} out everywhere"),
    )
}

#[require_token]
async fn token_info(token: Token) -> Json<Value> {
    Json(json!({
        "token_type": token.token_type().as_str(),
        "subject": token.identity(),
        "scope": token.claims().get("scope"),
        "fresh": token.is_fresh(),
        "claims": token.claims(),
    }))
}

#[require_token]
async fn logout(manager: JwtManager, token: Token) -> Response {
    revoked(manager.revoke(&token).await, "Access token revoked")
}

#[require_token(refresh)]
async fn logout_refresh(manager: JwtManager, token: Token) -> Response {
    revoked(manager.revoke(&token).await, "Refresh token revoked")
}

fn revoked(result: Result<(), StoreError>, msg: impl Into<String>) -> Response {
    match result {
        Ok(()) => Json(json!({ "msg": msg.into() })).into_response(),
        Err(err) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "msg": err.to_string() })),
        )
            .into_response(),
    }
}

/// The secret from `JWT_SECRET_KEY`, or a random one with a warning.
pub(crate) fn secret() -> String {
    match std::env::var("JWT_SECRET_KEY") {
        Ok(secret) => secret,
        Err(_) => {
            eprintln!(
                "warning: JWT_SECRET_KEY is not set; using a random secret for this run \
                 (tokens stop working when the server restarts)"
            );
            format!(
                "{}{}",
                uuid::Uuid::new_v4().simple(),
                uuid::Uuid::new_v4().simple()
            )
        }
    }
}

#[allow(dead_code)] // the tests include this file for `app` alone
#[tokio::main]
async fn main() {
    match manager(&secret()) {
        Ok(manager) => serve(manager).await,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(2);
        }
    }
}

/// Serves the demo on `JWT_GUARD_ADDR` until Ctrl-C.
pub(crate) async fn serve(manager: JwtManager) {
    let addr = std::env::var("JWT_GUARD_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: cannot listen on {addr}: {err}");
            std::process::exit(2);
        }
    };
    eprintln!("jwt-guard quickstart listening on http://{addr} (GET / lists the routes)");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(err) = axum::serve(listener, app(manager))
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}
