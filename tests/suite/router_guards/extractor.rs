//! `Guard<G>` as a handler argument: the named guard's checks, the admitted
//! token, path variables from the matched route, `Option<Guard<G>>` and the
//! reuse of a router guard's token.

use axum::Router;
use axum::routing::get;
use jwt_guard::{Guard, GuardErrorKind, GuardRejection};

use super::guards::{AdminOnly, Authenticated, MaybeUser, OwnUser};
use super::{Hooks, counted_manager, scoped};
use crate::common::*;

async fn admin(admin: Guard<AdminOnly>) -> String {
    format!("admin {}", admin.token().identity_str().unwrap_or_default())
}

async fn maybe_admin(admin: Option<Guard<AdminOnly>>) -> String {
    match admin {
        Some(admin) => format!(
            "admin {}",
            admin.into_token().identity_str().unwrap_or_default()
        ),
        None => "anonymous".to_owned(),
    }
}

async fn own(user: Guard<OwnUser>) -> String {
    user.token().identity_str().unwrap_or_default().to_owned()
}

async fn handled(admin: Result<Guard<AdminOnly>, GuardRejection>) -> String {
    match admin {
        Ok(_) => "admin".to_owned(),
        Err(rejection) => format!("refused: {}", rejection.error().msg()),
    }
}

async fn maybe_user(user: Option<Guard<MaybeUser>>) -> String {
    user.map_or("anonymous".to_owned(), |u| {
        u.token().identity_str().unwrap_or_default().to_owned()
    })
}

fn app() -> Router {
    Router::new()
        .route("/admin", get(admin))
        .route("/maybe", get(maybe_admin))
        .route("/users/{username}", get(own))
        .route("/accounts/{id}", get(own))
        .route("/handled", get(handled))
        .route("/maybe-user", get(maybe_user))
        .layer(manager().layer())
}

#[tokio::test]
async fn the_extractor_runs_the_named_guard() {
    let app = app();
    let manager = manager();
    let root = scoped(&manager, "root", true);
    let alice = scoped(&manager, "alice", false);
    assert_eq!(call(&app, "/admin", &root).await.body, "admin root");
    let reply = call(&app, "/admin", &alice).await;
    reply.assert_refused(
        403,
        Some("insufficient_scope"),
        "User claims verification failed",
    );
    let reply = send(&app, request("/admin", None)).await;
    reply.assert_refused(401, None, "Missing Authorization Header");
    let reply = call(&app, "/admin", "not.a.token").await;
    assert_eq!(reply.status, 401);
    assert_eq!(
        call(&app, "/handled", &alice).await.body,
        "refused: User claims verification failed"
    );
}

#[tokio::test]
async fn option_of_the_extractor_is_none_without_a_token_only() {
    let app = app();
    let manager = manager();
    assert_eq!(send(&app, request("/maybe", None)).await.body, "anonymous");
    let root = scoped(&manager, "root", true);
    assert_eq!(call(&app, "/maybe", &root).await.body, "admin root");
    let alice = scoped(&manager, "alice", false);
    assert_eq!(call(&app, "/maybe", &alice).await.status, 403);
    assert_eq!(call(&app, "/maybe", "not.a.token").await.status, 401);
    // `optional` in the declaration: the `Option` is the extractor's form.
    assert_eq!(
        send(&app, request("/maybe-user", None)).await.body,
        "anonymous"
    );
    let token = manager.create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/maybe-user", &token).await.body, "alice");
}

#[tokio::test]
async fn path_variables_come_from_the_matched_route() {
    let app = app();
    let alice = manager().create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/users/alice", &alice).await.body, "alice");
    assert_eq!(call(&app, "/users/bob", &alice).await.status, 403);
    let reply = call(&app, "/accounts/alice", &alice).await;
    assert_eq!(
        (reply.status.as_u16(), reply.kind),
        (500, Some(GuardErrorKind::RouteParamMissing))
    );
}

#[tokio::test]
async fn behind_a_router_guard_the_extractor_reuses_its_token() {
    let hooks = Hooks::default();
    let manager = counted_manager(&hooks);
    let app: Router = Router::new()
        .route("/admin", get(admin))
        .layer(Authenticated::layer())
        .layer(manager.layer());
    let root = scoped(&manager, "root", true);
    assert_eq!(call(&app, "/admin", &root).await.body, "admin root");
    assert_eq!(hooks.take(), 1);
    // Each side alone refuses: the extractor (not an admin), the router
    // guard (no token at all).
    let alice = scoped(&manager, "alice", false);
    assert_eq!(call(&app, "/admin", &alice).await.status, 403);
    let reply = send(&app, request("/admin", None)).await;
    assert_eq!(reply.kind, Some(GuardErrorKind::MissingToken));
}
