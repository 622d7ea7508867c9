//! A router guard and a handler's guard (an attribute, `Guard<G>`, another
//! router guard) on the same request: both must hold, each side alone
//! refuses, and a token found where both look is verified once (the
//! counting `token_check` hook runs once per request).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{Request, header};
use axum::routing::get;
use jwt_guard::{CurrentUser, GuardErrorKind, JwtManager, Token, TokenLocation, require_token};

use super::guards::{AdminOnly, Authenticated, FreshOnly, RefreshOnly};
use super::{Hooks, counted_manager, scoped, whoami};
use crate::common::*;

#[require_token(sub = "username")]
async fn own_profile(Path(username): Path<String>, token: Token) -> String {
    format!("{username}/{}", token.identity_str().unwrap_or_default())
}

#[require_token]
async fn access_only(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn an_attribute_inside_a_guarded_router_adds_its_requirements() {
    let hooks = Hooks::default();
    let manager = counted_manager(&hooks);
    let admin = Router::new()
        .route("/users/{username}", get(own_profile))
        .layer(AdminOnly::layer());
    let app: Router = Router::new().nest("/admin", admin).layer(manager.layer());

    let root = scoped(&manager, "root", true);
    assert_eq!(
        call(&app, "/admin/users/root", &root).await.body,
        "root/root"
    );
    assert_eq!(
        hooks.take(),
        1,
        "one verification for the router guard and the attribute"
    );

    // The attribute alone refuses: an admin, but not this user.
    let reply = call(&app, "/admin/users/alice", &root).await;
    assert_eq!(reply.kind, Some(GuardErrorKind::InsufficientClaims));
    assert_eq!(hooks.take(), 1);

    // The router guard alone refuses: this user, but no admin.
    let alice = scoped(&manager, "alice", false);
    let reply = call(&app, "/admin/users/alice", &alice).await;
    assert_eq!(reply.kind, Some(GuardErrorKind::InsufficientClaims));
    assert_eq!(hooks.take(), 1);
}

#[tokio::test]
async fn two_router_guards_both_hold_and_verify_once() {
    let hooks = Hooks::default();
    let manager = counted_manager(&hooks);
    let inner = Router::new()
        .route("/keys", get(whoami))
        .route_layer(FreshOnly::layer());
    let app: Router = Router::new()
        .nest("/admin", inner.layer(AdminOnly::layer()))
        .layer(manager.layer());
    let mint = |admin: bool, fresh: bool| {
        manager
            .access_token("root")
            .claim("scope", serde_json::json!({ "admin": admin }))
            .fresh(fresh)
            .mint()
            .unwrap()
    };
    assert_eq!(
        call(&app, "/admin/keys", &mint(true, true)).await.body,
        "root"
    );
    assert_eq!(hooks.take(), 1);
    let stale = call(&app, "/admin/keys", &mint(true, false)).await;
    stale.assert_refused(401, Some("invalid_token"), "Fresh token required");
    let not_admin = call(&app, "/admin/keys", &mint(false, true)).await;
    assert_eq!(not_admin.kind, Some(GuardErrorKind::InsufficientClaims));
}

#[tokio::test]
async fn the_token_type_of_each_side_must_hold() {
    // A refresh-only router over an access-only handler: nothing passes,
    // and each side is the one that refuses one of the two types.
    let manager = manager();
    let app: Router = Router::new()
        .route("/both", get(access_only))
        .layer(RefreshOnly::layer())
        .layer(manager.layer());
    let access = call(&app, "/both", &manager.create_access_token("a").unwrap()).await;
    access.assert_refused(
        401,
        Some("invalid_token"),
        "Only refresh tokens are allowed",
    );
    let refresh = call(&app, "/both", &manager.create_refresh_token("a").unwrap()).await;
    refresh.assert_refused(
        401,
        Some("invalid_token"),
        "Only non-refresh tokens are allowed",
    );
}

#[derive(Clone, Debug)]
struct User(String);

#[require_token]
async fn current(token: Token, CurrentUser(user): CurrentUser<User>) -> String {
    format!("{} as {}", token.identity_str().unwrap_or_default(), user.0)
}

#[tokio::test]
async fn a_guard_that_looks_elsewhere_runs_the_whole_pipeline_on_its_own_token() {
    // The router guard takes refresh tokens, which it reads from the refresh
    // cookie; the handler's guard reads the access cookie. Two tokens, two
    // verifications, and the user is the one of the handler's token.
    let hooks = Hooks::default();
    let loads = Arc::new(AtomicUsize::new(0));
    let counted = loads.clone();
    let manager = hooks
        .install(
            JwtManager::builder()
                .secret(SECRET)
                .token_locations([TokenLocation::Cookies]),
        )
        .user_loader(move |token| {
            counted.fetch_add(1, Ordering::SeqCst);
            let name = token.identity_str().map(str::to_owned);
            async move { name.map(User) }
        })
        .build()
        .unwrap();
    let app: Router = Router::new()
        .route("/me", get(current))
        .layer(RefreshOnly::layer())
        .layer(manager.layer());
    let access = manager.create_access_token("alice").unwrap();
    let refresh = manager.create_refresh_token("bob").unwrap();
    let req = |cookies: String| {
        Request::get("/me")
            .header(header::COOKIE, cookies)
            .body(Body::empty())
            .unwrap()
    };
    let both = format!("access_token_cookie={access}; refresh_token_cookie={refresh}");
    let reply = send(&app, req(both)).await;
    assert_eq!(reply.body, "alice as alice");
    assert_eq!(hooks.take(), 2);
    assert_eq!(loads.swap(0, Ordering::SeqCst), 2);
    // Each side alone refuses.
    let reply = send(&app, req(format!("access_token_cookie={access}"))).await;
    assert_eq!(reply.kind, Some(GuardErrorKind::MissingToken));
    let reply = send(&app, req(format!("refresh_token_cookie={refresh}"))).await;
    assert_eq!(reply.kind, Some(GuardErrorKind::MissingToken));
}

#[tokio::test]
async fn extractors_behind_a_router_guard_reuse_its_token_and_user() {
    let hooks = Hooks::default();
    let loads = Arc::new(AtomicUsize::new(0));
    let counted = loads.clone();
    let manager = hooks
        .install(JwtManager::builder().secret(SECRET))
        .user_loader(move |token| {
            counted.fetch_add(1, Ordering::SeqCst);
            let name = token.identity_str().map(str::to_owned);
            async move { name.map(User) }
        })
        .build()
        .unwrap();
    async fn everything(
        token: Token,
        jwt_guard::Claims(claims): jwt_guard::Claims<serde_json::Value>,
        CurrentUser(user): CurrentUser<User>,
    ) -> String {
        format!(
            "{} {} {}",
            token.identity_str().unwrap_or_default(),
            claims["sub"],
            user.0
        )
    }
    let app: Router = Router::new()
        .route("/all", get(everything))
        .layer(Authenticated::layer())
        .layer(manager.layer());
    let token = manager.create_access_token("alice").unwrap();
    assert_eq!(
        call(&app, "/all", &token).await.body,
        "alice \"alice\" alice"
    );
    assert_eq!(hooks.take(), 1);
    assert_eq!(loads.load(Ordering::SeqCst), 1);
}
