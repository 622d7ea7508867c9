//! `route_layer` vs `layer` on a guarded `nest`: what a client without a
//! token learns from unknown paths (404) and wrong methods (405), fallbacks,
//! and the routes beside the guarded ones. The recommended policy (the
//! rustdoc of `GuardLayer`, docs/guard-reference.md): `.layer` on a nested
//! router that has its own fallback, so nothing shows before authentication.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use jwt_guard::{GuardErrorKind, GuardLayer};

use super::guards::{AdminOnly, OwnUser};
use super::{scoped, whoami};
use crate::common::*;

async fn not_found() -> StatusCode {
    StatusCode::NOT_FOUND
}

fn admin_routes() -> Router {
    Router::new()
        .route("/users", get(whoami))
        .route("/users/{id}", get(whoami))
}

/// The application around a guarded `/admin` nest, with an open sibling.
fn app(admin: Router) -> Router {
    Router::new()
        .nest("/admin", admin)
        .route("/open", get(|| async { "open" }))
        .layer(manager().layer())
}

fn post(uri: &str, token: Option<&str>) -> Request<Body> {
    let mut req = Request::post(uri);
    if let Some(token) = token {
        req = req.header("authorization", format!("Bearer {token}"));
    }
    req.body(Body::empty()).unwrap()
}

/// Status of GET /admin/users, POST /admin/users, GET /admin/nope, GET /open.
async fn statuses(app: &Router, token: Option<&str>) -> [u16; 4] {
    [
        send(app, request("/admin/users", token)).await,
        send(app, post("/admin/users", token)).await,
        send(app, request("/admin/nope", token)).await,
        send(app, request("/open", token)).await,
    ]
    .map(|reply| reply.status.as_u16())
}

async fn pin(app: Router, anonymous: [u16; 4], admin: [u16; 4], other: [u16; 4]) {
    let manager = manager();
    assert_eq!(statuses(&app, None).await, anonymous, "no token");
    let token = scoped(&manager, "root", true);
    assert_eq!(statuses(&app, Some(&token)).await, admin, "admin token");
    let token = scoped(&manager, "alice", false);
    assert_eq!(statuses(&app, Some(&token)).await, other, "non-admin token");
}

#[tokio::test]
async fn route_layer_answers_404_before_authentication() {
    // A wrong method matched a path: `Router::route_layer` wraps the whole
    // method router, its 405 included. An unknown path matched nothing.
    let app = app(admin_routes().route_layer(AdminOnly::layer()));
    pin(
        app,
        [401, 401, 404, 200],
        [200, 405, 404, 200],
        [403, 403, 404, 200],
    )
    .await;
}

#[tokio::test]
async fn a_method_routers_route_layer_answers_405_before_authentication() {
    // `MethodRouter::route_layer` wraps the methods only, not the 405.
    let admin = Router::new()
        .route("/users", get(whoami).route_layer(AdminOnly::layer()))
        .fallback(not_found)
        .layer(AdminOnly::layer());
    let anonymous = [401, 401, 401, 200];
    pin(
        app(admin),
        anonymous,
        [200, 405, 404, 200],
        [403, 403, 403, 200],
    )
    .await;
    let leaky = Router::new().route("/users", get(whoami).route_layer(AdminOnly::layer()));
    pin(
        app(leaky),
        [401, 405, 404, 200],
        [200, 405, 404, 200],
        [403, 405, 404, 200],
    )
    .await;
}

#[tokio::test]
async fn layer_guards_wrong_methods_but_leaves_unknown_paths_to_the_outer_fallback() {
    let app = app(admin_routes().layer(AdminOnly::layer()));
    pin(
        app,
        [401, 401, 404, 200],
        [200, 405, 404, 200],
        [403, 403, 404, 200],
    )
    .await;
}

#[tokio::test]
async fn layer_over_a_nest_with_its_own_fallback_shows_nothing_before_authentication() {
    // The recommended form.
    let app = app(admin_routes().fallback(not_found).layer(AdminOnly::layer()));
    pin(
        app,
        [401, 401, 401, 200],
        [200, 405, 404, 200],
        [403, 403, 403, 200],
    )
    .await;
}

#[tokio::test]
async fn route_layer_leaves_the_fallback_unguarded() {
    let app = app(admin_routes()
        .fallback(not_found)
        .route_layer(AdminOnly::layer()));
    pin(
        app,
        [401, 401, 404, 200],
        [200, 405, 404, 200],
        [403, 403, 404, 200],
    )
    .await;
}

#[tokio::test]
async fn a_layer_on_the_whole_router_guards_its_fallback() {
    let app: Router = Router::new()
        .route("/users", get(whoami))
        .fallback(|| async { "the single-page app" })
        .layer(AdminOnly::layer())
        .layer(manager().layer());
    let anonymous = send(&app, request("/anything", None)).await;
    anonymous.assert_refused(401, None, "Missing Authorization Header");
    let token = scoped(&manager(), "root", true);
    let admitted = call(&app, "/anything", &token).await;
    assert_eq!(admitted.body, "the single-page app");
}

#[tokio::test]
async fn the_handler_reads_the_token_the_router_guard_admitted() {
    let app = app(admin_routes().layer(AdminOnly::layer()));
    let token = scoped(&manager(), "root", true);
    let reply = call(&app, "/admin/users/7", &token).await;
    assert_eq!(
        (reply.status.as_u16(), reply.body.as_str()),
        (200, Some("root"))
    );
}

#[tokio::test]
async fn a_path_bound_guard_refuses_the_fallback_once_authenticated() {
    // No route matched, so `sub = "username"` has nothing to compare with:
    // refused (403), never let through to the fallback unchecked.
    let users = Router::new()
        .route("/{username}", get(whoami))
        .fallback(|| async { "fallback" })
        .layer(OwnUser::layer());
    let app: Router = Router::new().nest("/users", users).layer(manager().layer());
    let token = manager().create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/users/alice", &token).await.body, "alice");
    let fallback = call(&app, "/users/alice/unknown", &token).await;
    assert_eq!(fallback.status, 403);
    assert_eq!(fallback.kind, Some(GuardErrorKind::InsufficientClaims));
    let anonymous = send(&app, request("/users/alice/unknown", None)).await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn without_the_manager_layer_a_router_guard_answers_500() {
    let app: Router = Router::new()
        .route("/users", get(whoami))
        .layer(GuardLayer::<AdminOnly>::new());
    let token = scoped(&manager(), "root", true);
    let reply = call(&app, "/users", &token).await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.kind, Some(GuardErrorKind::ManagerMissing));
}
