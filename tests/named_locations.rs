//! A named guard with its own `locations(..)` is registered for the start-up
//! check as the attribute's routes are: building a manager that lacks one of
//! its locations fails, naming the guard.
//!
//! A test binary of its own: the registration covers every guard linked into
//! the binary, and the cookie-only guard here would refuse the header-only
//! managers of `tests/suite`.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use common::*;
use jwt_guard::{ConfigError, JwtManager, Token, TokenLocation, guard, require_token};
use serde_json::json;

guard!(CookieReader = locations(cookies));

#[require_token(CookieReader)]
async fn whoami(token: Token) -> String {
    token.identity().to_string()
}

#[tokio::test]
async fn a_named_guards_locations_are_checked_at_start_up() {
    let err = JwtManager::builder()
        .secret(SECRET)
        .token_locations([TokenLocation::Headers])
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        ConfigError::RouteLocation {
            handler: "CookieReader".to_owned(),
            location: TokenLocation::Cookies,
        }
    );

    let manager = JwtManager::builder()
        .secret(SECRET)
        .token_locations([TokenLocation::Headers, TokenLocation::Cookies])
        .build()
        .unwrap();
    let app = Router::new()
        .route("/whoami", get(whoami))
        .layer(manager.layer());
    let token = manager.create_access_token("alice").unwrap();
    // The use reads the cookie, not the header the manager also enables.
    let by_cookie = Request::get("/whoami")
        .header("cookie", format!("access_token_cookie={token}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, by_cookie).await.body, json!("alice"));
    send(&app, request("/whoami", Some(&token)))
        .await
        .assert_refused(401, None, "Missing cookie \"access_token_cookie\"");
}
