//! The seed server's routes and curl sessions, through its real router.

#[allow(dead_code, unreachable_pub)]
#[path = "../../examples/quickstart.rs"]
mod example;

use crate::common::*;
use jwt_guard::JwtManager;
use serde_json::{Value, json};

fn app() -> axum::Router {
    example::app(example::manager(SECRET).unwrap())
}

async fn login(app: &axum::Router, user: &str, pass: &str) -> Value {
    let reply = send(
        app,
        post_json("/login", None, json!({"username": user, "password": pass})),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    reply.body
}

/// The access token a login hands `user`.
async fn access_token(app: &axum::Router, user: &str, pass: &str) -> String {
    login(app, user, pass).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_basic_usage_session() {
    let app = app();
    send(&app, request("/protected", None))
        .await
        .assert_refused(401, None, "Missing Authorization Header");
    let tokens = login(&app, "test", "test").await;
    let access = tokens["access_token"].as_str().unwrap();
    let reply = call(&app, "/protected", access).await;
    assert_eq!(reply.body, json!({"logged_in_as": "test"}));
}

#[tokio::test]
async fn login_refuses_bad_bodies_and_credentials() {
    let app = app();
    let not_json = axum::http::Request::post("/login")
        .header("content-type", "text/plain")
        .body(axum::body::Body::from("username=test"))
        .unwrap();
    let reply = send(&app, not_json).await;
    assert_eq!(
        (reply.status.as_u16(), reply.msg()),
        (400, "Missing JSON in request")
    );
    let reply = send(&app, post_json("/login", None, json!({"password": "test"}))).await;
    assert_eq!(
        (reply.status.as_u16(), reply.msg()),
        (400, "Missing username parameter")
    );
    let reply = send(&app, post_json("/login", None, json!({"username": "test"}))).await;
    assert_eq!(
        (reply.status.as_u16(), reply.msg()),
        (400, "Missing password parameter")
    );
    let reply = send(
        &app,
        post_json(
            "/login",
            None,
            json!({"username": "test", "password": "nope"}),
        ),
    )
    .await;
    assert_eq!(
        (reply.status.as_u16(), reply.msg()),
        (401, "Bad username or password")
    );
    // Every 401 names a challenge (RFC 7235 §3.1), a failed login too.
    assert_eq!(reply.challenge(), "Bearer");
}

#[tokio::test]
async fn refresh_and_fresh_login() {
    let app = app();
    let tokens = login(&app, "test", "test").await;
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();
    assert_eq!(call(&app, "/protected_fresh", access).await.status, 200);

    let reply = send(&app, post_json("/refresh", Some(refresh), json!({}))).await;
    let renewed = reply.body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(call(&app, "/protected", &renewed).await.status, 200);
    call(&app, "/protected_fresh", &renewed)
        .await
        .assert_refused(401, Some("invalid_token"), "Fresh token required");
    send(&app, post_json("/refresh", Some(access), json!({})))
        .await
        .assert_refused(
            401,
            Some("invalid_token"),
            "Only refresh tokens are allowed",
        );
    call(&app, "/protected", refresh).await.assert_refused(
        401,
        Some("invalid_token"),
        "Only non-refresh tokens are allowed",
    );

    let reply = send(
        &app,
        post_json(
            "/fresh_login",
            None,
            json!({"username": "test", "password": "test"}),
        ),
    )
    .await;
    let fresh = reply.body["access_token"].as_str().unwrap();
    assert!(reply.body.get("refresh_token").is_none());
    assert_eq!(call(&app, "/protected_fresh", fresh).await.status, 200);
}

#[tokio::test]
async fn path_bound_custom_claim_and_admin_routes() {
    let app = app();
    let test = access_token(&app, "test", "test").await;
    let admin = access_token(&app, "admin", "1234").await;

    let reply = call(&app, "/user_specific_route/test", &test).await;
    assert_eq!(reply.body, json!({"message": "Hello, test!"}));
    assert_eq!(
        call(&app, "/user_specific_route/admin", &test).await.status,
        403
    );

    assert_eq!(call(&app, "/custom_claim_route", &test).await.status, 200);
    assert_eq!(call(&app, "/custom_claim_route", &admin).await.status, 403);

    let reply = call(&app, "/admin_dashboard", &admin).await;
    assert_eq!(reply.body, json!({"message": "Hello admin!"}));
    call(&app, "/admin_dashboard", &test).await.assert_refused(
        403,
        Some("insufficient_scope"),
        "User claims verification failed",
    );

    // The admin scope survives a refresh.
    let refresh = login(&app, "admin", "1234").await["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = send(&app, post_json("/refresh", Some(&refresh), json!({}))).await;
    let renewed = reply.body["access_token"].as_str().unwrap();
    assert_eq!(call(&app, "/admin_dashboard", renewed).await.status, 200);
}

#[tokio::test]
async fn token_info_and_index() {
    let app = app();
    let admin = access_token(&app, "admin", "1234").await;
    let info = call(&app, "/token/info", &admin).await.body;
    assert_eq!(info["token_type"], "access");
    assert_eq!(info["subject"], "admin");
    assert_eq!(info["scope"], json!({"admin": true}));
    assert_eq!(info["fresh"], true);
    assert_eq!(info["claims"]["sub"], "admin");
    let index = send(&app, request("/", None)).await.body;
    assert!(
        index
            .as_object()
            .unwrap()
            .contains_key("GET /admin_dashboard")
    );
}

#[tokio::test]
async fn tokens_from_another_secret_are_refused() {
    let app = app();
    let other = JwtManager::builder()
        .secret("some-other-secret-also-32-bytes-long!")
        .build()
        .unwrap();
    let token = other.create_access_token("test").unwrap();
    call(&app, "/protected", &token).await.assert_refused(
        401,
        Some("invalid_token"),
        "Signature verification failed",
    );
}

#[tokio::test]
async fn logout_revokes_the_presented_tokens() {
    let app = app();
    let tokens = login(&app, "test", "test").await;
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let reply = send(&app, delete_with("/logout", access)).await;
    assert_eq!(reply.body, json!({"msg": "Access token revoked"}));
    call(&app, "/protected", access).await.assert_refused(
        401,
        Some("invalid_token"),
        "Token has been revoked",
    );
    // The refresh token still works until it is revoked in turn.
    let reply = send(&app, post_json("/refresh", Some(refresh), json!({}))).await;
    assert_eq!(reply.status, 200);
    // The type is checked before revocation (docs/guard-reference.md §1.6).
    send(&app, delete_with("/logout_refresh", access))
        .await
        .assert_refused(
            401,
            Some("invalid_token"),
            "Only refresh tokens are allowed",
        );
    let reply = send(&app, delete_with("/logout_refresh", refresh)).await;
    assert_eq!(reply.body, json!({"msg": "Refresh token revoked"}));
    send(&app, post_json("/refresh", Some(refresh), json!({})))
        .await
        .assert_refused(401, Some("invalid_token"), "Token has been revoked");
}

#[tokio::test]
async fn the_admin_router_guards_each_of_its_routes() {
    let app = app();
    let admin = access_token(&app, "admin", "1234").await;
    let test = login(&app, "test", "test").await;
    let (test_access, test_refresh) = (
        test["access_token"].as_str().unwrap(),
        test["refresh_token"].as_str().unwrap(),
    );
    // Both admin routes answer the guard's refusals, no token first.
    for (method, path) in [
        ("GET", "/admin_dashboard"),
        ("DELETE", "/admin/users/test/sessions"),
    ] {
        let bare = axum::http::Request::builder()
            .method(method)
            .uri(path)
            .body(axum::body::Body::empty())
            .unwrap();
        send(&app, bare)
            .await
            .assert_refused(401, None, "Missing Authorization Header");
        let as_test = axum::http::Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {test_access}"))
            .body(axum::body::Body::empty())
            .unwrap();
        send(&app, as_test).await.assert_refused(
            403,
            Some("insufficient_scope"),
            "User claims verification failed",
        );
    }
    // The admin signs test out everywhere: both of test's tokens stop working.
    let reply = send(&app, delete_with("/admin/users/test/sessions", &admin)).await;
    assert_eq!(
        reply.body,
        json!({"msg": "admin signed test out everywhere"})
    );
    call(&app, "/protected", test_access).await.assert_refused(
        401,
        Some("invalid_token"),
        "Token has been revoked",
    );
    send(&app, post_json("/refresh", Some(test_refresh), json!({})))
        .await
        .assert_refused(401, Some("invalid_token"), "Token has been revoked");
    // The admin's own tokens are untouched.
    assert_eq!(call(&app, "/admin_dashboard", &admin).await.status, 200);
}

/// Every route of the quickstart is guarded or marked `#[public]`: the audit
/// layer, over the real router, sees each answer 2xx and records nothing.
#[tokio::test]
async fn every_quickstart_route_is_guarded_or_public() {
    let audit = jwt_guard::audit::Audit::new();
    let app = example::app(example::manager(SECRET).unwrap()).layer(audit.layer());
    assert_eq!(send(&app, request("/", None)).await.status, 200);
    let tokens = login(&app, "admin", "1234").await;
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let fresh = send(
        &app,
        post_json(
            "/fresh_login",
            None,
            json!({"username": "test", "password": "test"}),
        ),
    )
    .await;
    assert_eq!(fresh.status, 200);
    assert_eq!(
        send(&app, post_json("/refresh", Some(refresh), json!({})))
            .await
            .status,
        200
    );
    for path in [
        "/protected",
        "/protected_fresh",
        "/user_specific_route/admin",
        "/token/info",
        "/admin_dashboard",
    ] {
        assert_eq!(call(&app, path, access).await.status, 200, "{path}");
    }
    let test = access_token(&app, "test", "test").await;
    assert_eq!(call(&app, "/custom_claim_route", &test).await.status, 200);
    for path in ["/admin/users/nobody/sessions", "/logout"] {
        assert_eq!(
            send(&app, delete_with(path, access)).await.status,
            200,
            "{path}"
        );
    }
    assert_eq!(
        send(&app, delete_with("/logout_refresh", refresh))
            .await
            .status,
        200
    );
    assert_eq!(audit.violations(), Vec::new());
}
