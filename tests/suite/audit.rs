//! The deny-by-default audit: every route that answers 2xx must have been
//! guarded or marked public. It catches a forgotten guard and passes every
//! other way a route can be meant.

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use jwt_guard::audit::{Audit, Public, PublicLayer};
use jwt_guard::{Claims, Guard, JwtManager, Token, require_token};
use serde_json::Value;

use crate::common::*;
use crate::router_guards::guards::{AdminOnly, Authenticated, MaybeUser};

#[require_token]
async fn attribute(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(optional)]
async fn optional_attribute(token: Option<Token>) -> String {
    token.map_or("anonymous".into(), |t| {
        t.identity_str().unwrap_or_default().to_owned()
    })
}

async fn bare_token(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

async fn bare_claims(Claims(claims): Claims<Value>) -> String {
    claims["sub"].to_string()
}

async fn maybe_token(token: Option<Token>) -> &'static str {
    if token.is_some() {
        "someone"
    } else {
        "anonymous"
    }
}

async fn extractor(_: Guard<AdminOnly>) -> &'static str {
    "admin"
}

async fn health(_: Public) -> &'static str {
    "ok"
}

/// Forgot its guard: the audit's target.
async fn billing() -> &'static str {
    "every invoice"
}

fn app(manager: &JwtManager, audit: &Audit) -> Router {
    let layered = Router::new()
        .route("/layered", get(|| async { "behind a router guard" }))
        .layer(Authenticated::layer());
    let optional = Router::new()
        .route("/optional-layer", get(|| async { "anyone" }))
        .layer(MaybeUser::layer());
    let assets = Router::new()
        .route("/assets/app.css", get(|| async { "body {}" }))
        .layer(PublicLayer);
    Router::new()
        .route("/attribute", get(attribute))
        .route("/optional-attribute", get(optional_attribute))
        .route("/token", get(bare_token))
        .route("/claims", get(bare_claims))
        .route("/maybe-token", get(maybe_token))
        .route("/extractor", get(extractor))
        .route("/health", get(health))
        .route("/billing", get(billing))
        .route("/created", get(|| async { StatusCode::CREATED }))
        .route("/teapot", get(|| async { StatusCode::IM_A_TEAPOT }))
        .merge(layered)
        .merge(optional)
        .merge(assets)
        .layer(manager.layer())
        .layer(audit.layer())
}

fn admin_token(manager: &JwtManager) -> String {
    manager
        .access_token("root")
        .claim("scope", serde_json::json!({ "admin": true }))
        .mint()
        .unwrap()
}

#[tokio::test]
async fn the_audit_catches_a_forgotten_guard() {
    let manager = manager();
    let audit = Audit::new();
    let app = app(&manager, &audit);
    let token = admin_token(&manager);
    let reply = call(&app, "/billing", &token).await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.body["error"], "server_error");
    let msg = reply.msg();
    for part in [
        "GET /billing",
        "(route `/billing`)",
        "200 OK",
        "#[public]",
        "#[require_token(..)]",
    ] {
        assert!(msg.contains(part), "{part:?} in {msg}");
    }
    let violations = audit.violations();
    assert_eq!(violations.len(), 1);
    let violation = &violations[0];
    assert_eq!(violation.method(), "GET");
    assert_eq!(violation.path(), "/billing");
    assert_eq!(violation.route(), Some("/billing"));
    assert_eq!(violation.status(), StatusCode::OK);
    // Any 2xx, not only 200.
    assert_eq!(call(&app, "/created", &token).await.status, 500);
    assert_eq!(audit.violations().len(), 2);
}

#[tokio::test]
async fn guarded_public_and_refused_routes_pass() {
    let manager = manager();
    let audit = Audit::new();
    let app = app(&manager, &audit);
    let token = admin_token(&manager);
    for uri in [
        "/attribute",
        "/optional-attribute",
        "/token",
        "/claims",
        "/maybe-token",
        "/extractor",
        "/layered",
        "/optional-layer",
    ] {
        assert_eq!(
            call(&app, uri, &token).await.status,
            200,
            "{uri} with a token"
        );
    }
    // Public, and anonymous where a guard declared that it takes anonymous
    // requests.
    for uri in [
        "/health",
        "/assets/app.css",
        "/optional-attribute",
        "/maybe-token",
        "/optional-layer",
    ] {
        assert_eq!(send(&app, request(uri, None)).await.status, 200, "{uri}");
    }
    // Refused, not found, not 2xx: nothing to report.
    for (uri, status) in [
        ("/attribute", 401),
        ("/token", 401),
        ("/layered", 401),
        ("/extractor", 401),
        ("/nowhere", 404),
        ("/teapot", 418),
    ] {
        assert_eq!(send(&app, request(uri, None)).await.status, status, "{uri}");
    }
    assert_eq!(audit.violations(), Vec::new());
}

#[tokio::test]
async fn without_the_audit_layer_nothing_changes() {
    let manager = manager();
    let app: Router = Router::new()
        .route("/billing", get(billing))
        .route("/health", get(health))
        .route("/attribute", get(attribute))
        .layer(manager.layer());
    assert_eq!(
        send(&app, request("/billing", None)).await.body,
        "every invoice"
    );
    assert_eq!(send(&app, request("/health", None)).await.body, "ok");
    let token = manager.create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/attribute", &token).await.body, "alice");
}
