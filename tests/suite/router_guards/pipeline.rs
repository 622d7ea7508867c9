//! The rest of the attribute's pipeline, through a router guard: cookies
//! and CSRF double submit, revocation, the `token_check` hook, the user
//! loader, the manager's error responder, and `optional`.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use jwt_guard::revoke::MemoryStore;
use jwt_guard::{CurrentUser, GuardErrorKind, JwtManager, Token, TokenLocation};

use super::guards::{Authenticated, MaybeUser};
use super::whoami;
use crate::common::*;

fn guarded(manager: &JwtManager) -> Router {
    Router::new()
        .route("/me", get(whoami).post(whoami))
        .layer(Authenticated::layer())
        .layer(manager.layer())
}

#[tokio::test]
async fn cookies_and_csrf_through_a_router_guard() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .token_locations([TokenLocation::Cookies])
        .build()
        .unwrap();
    let app = guarded(&manager);
    let token = manager.create_access_token("alice").unwrap();
    let csrf = manager
        .verify(&token)
        .unwrap()
        .claim::<String>("csrf")
        .unwrap();
    let req = |method: Method, csrf: Option<&str>| {
        let mut req = Request::builder()
            .method(method)
            .uri("/me")
            .header(header::COOKIE, format!("access_token_cookie={token}"));
        if let Some(csrf) = csrf {
            req = req.header("x-csrf-token", csrf);
        }
        req.body(Body::empty()).unwrap()
    };
    assert_eq!(send(&app, req(Method::GET, None)).await.body, "alice");
    send(&app, req(Method::POST, None)).await.assert_refused(
        401,
        Some("invalid_token"),
        "Missing CSRF token",
    );
    let reply = send(&app, req(Method::POST, Some("not-the-value"))).await;
    assert_eq!(reply.kind, Some(GuardErrorKind::CsrfMismatch));
    assert_eq!(
        send(&app, req(Method::POST, Some(&csrf))).await.body,
        "alice"
    );
}

#[tokio::test]
async fn a_revoked_token_is_refused_by_a_router_guard() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .revocation_store(MemoryStore::new())
        .build()
        .unwrap();
    let app = guarded(&manager);
    let raw = manager.create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/me", &raw).await.body, "alice");
    manager
        .revoke(&manager.verify(&raw).unwrap())
        .await
        .unwrap();
    call(&app, "/me", &raw).await.assert_refused(
        401,
        Some("invalid_token"),
        "Token has been revoked",
    );
}

#[tokio::test]
async fn the_hook_and_the_user_loader_run_behind_a_router_guard() {
    #[derive(Clone)]
    struct User(String);
    async fn me(CurrentUser(user): CurrentUser<User>) -> String {
        user.0
    }
    let manager = JwtManager::builder()
        .secret(SECRET)
        .token_check(|token| token.claim::<bool>("suspended") != Some(true))
        .user_loader(|token: Token| {
            let name = token
                .identity_str()
                .filter(|n| *n != "ghost")
                .map(str::to_owned);
            async move { name.map(User) }
        })
        .build()
        .unwrap();
    let app: Router = Router::new()
        .route("/me", get(me))
        .layer(Authenticated::layer())
        .layer(manager.layer());
    let alice = manager.create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/me", &alice).await.body, "alice");
    let suspended = manager
        .access_token("alice")
        .claim("suspended", true)
        .mint()
        .unwrap();
    let reply = call(&app, "/me", &suspended).await;
    assert_eq!(
        (reply.status.as_u16(), reply.kind),
        (403, Some(GuardErrorKind::VerificationFailed))
    );
    let ghost = manager.create_access_token("ghost").unwrap();
    call(&app, "/me", &ghost).await.assert_refused(
        401,
        Some("invalid_token"),
        "Error loading the user ghost",
    );
}

#[tokio::test]
async fn refusals_go_through_the_managers_responder() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .on_error(|err| (StatusCode::IM_A_TEAPOT, err.msg().to_owned()).into_response())
        .build()
        .unwrap();
    let app = guarded(&manager);
    let reply = send(&app, request("/me", None)).await;
    assert_eq!(reply.status, StatusCode::IM_A_TEAPOT);
    assert_eq!(reply.body, "Missing Authorization Header");
}

#[tokio::test]
async fn an_optional_router_guard_lets_anonymous_requests_in_but_not_bad_tokens() {
    async fn maybe(token: Option<Token>) -> String {
        token.map_or("anonymous".to_owned(), |t| {
            t.identity_str().unwrap_or_default().to_owned()
        })
    }
    let manager = manager();
    let app: Router = Router::new()
        .route("/maybe", get(maybe))
        .layer(MaybeUser::layer())
        .layer(manager.layer());
    assert_eq!(send(&app, request("/maybe", None)).await.body, "anonymous");
    let token = manager.create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/maybe", &token).await.body, "alice");
    assert_eq!(call(&app, "/maybe", "not.a.token").await.status, 401);
}
