//! Token locations, cookies with CSRF double submit, the query string, the
//! cookie helpers and implicit refresh, through the real router: one module per
//! concern, sharing the app below.
//!
//! Every guarded handler of this binary names its locations among headers,
//! cookies and query, so every manager built here enables all three (or expects
//! to be refused for lacking one). That is also why this is a test binary of its
//! own rather than a module of `tests/suite`: `build()` checks every
//! `#[require_token(locations(..))]` route linked into the binary, so the
//! `locations(query)` route here would refuse the header-only managers there.

#[path = "../common/mod.rs"]
mod common;

mod cookies;
mod csrf;
mod locations;
mod refresh;

use std::collections::HashMap;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Form;
use axum::http::{Method, Request};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use common::*;
use jwt_guard::cookies::SameSite;
use jwt_guard::{
    ConfigError, GuardErrorKind, JwtConfig, JwtManager, Token, TokenLocation, require_token,
};
use serde_json::{Value, json};

const ALL: [TokenLocation; 3] = [
    TokenLocation::Cookies,
    TokenLocation::Headers,
    TokenLocation::Query,
];

fn config() -> JwtConfig {
    JwtManager::builder().secret(SECRET).token_locations(ALL)
}

fn build(config: JwtConfig) -> JwtManager {
    config.build().unwrap()
}

#[require_token]
async fn whoami(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(refresh)]
async fn refresh(token: Token) -> String {
    format!("refresh for {}", token.identity_str().unwrap_or_default())
}

#[require_token(optional)]
async fn maybe(token: Option<Token>) -> String {
    token.map_or("anonymous".to_owned(), |t| t.identity().to_string())
}

#[require_token(locations(query))]
async fn query_only(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(locations(headers, cookies))]
async fn headers_first(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(claims(role = "admin"))]
async fn admin() -> &'static str {
    "admin"
}

#[require_token]
async fn form_echo(Form(form): Form<HashMap<String, String>>) -> Json<Value> {
    Json(json!(form))
}

async fn public() -> &'static str {
    "public"
}

/// A login that sets its own access cookie while the old one is near expiry.
#[require_token]
async fn relogin(manager: JwtManager) -> impl axum::response::IntoResponse {
    let access = manager.create_access_token("bob").unwrap();
    (manager.cookies().set_access(&access), "relogged")
}

fn app(manager: &JwtManager) -> Router {
    Router::new()
        .route("/whoami", any(whoami))
        .route("/refresh", post(refresh))
        .route("/maybe", any(maybe))
        .route("/query", get(query_only))
        .route("/headers-first", any(headers_first))
        .route("/admin", get(admin))
        .route("/form", post(form_echo))
        .route("/public", get(public))
        .route("/relogin", get(relogin))
        .layer(manager.layer())
}

fn app_with(manager: &JwtManager) -> Router {
    app(manager)
}

/// The app behind the implicit-refresh layer (five minutes before expiry).
fn refreshing(manager: &JwtManager) -> Router {
    app(manager).layer(manager.implicit_refresh(Duration::from_secs(300)))
}

/// A request with cookies and extra headers.
fn req(
    method: Method,
    uri: &str,
    cookies: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Request<Body> {
    let mut req = Request::builder().method(method).uri(uri);
    if !cookies.is_empty() {
        let cookie: Vec<String> = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        req = req.header("cookie", cookie.join("; "));
    }
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.body(Body::empty()).unwrap()
}

/// A token's payload, unverified (the test minted it).
fn payload(token: &str) -> Value {
    use base64::Engine;
    let part = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn csrf_of(token: &str) -> String {
    payload(token)["csrf"].as_str().unwrap().to_owned()
}

fn set_cookies(reply: &Reply) -> Vec<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}
