//! Revocation with the in-memory store, the verification hook and the user
//! loader, through the router, in the order docs/guard-reference.md §1.6 fixes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use crate::common::*;
use axum::Router;
use axum::routing::{delete, get};
use jwt_guard::revoke::{BoxFuture, MemoryStore, RevocationStore, StoreError};
use jwt_guard::{CurrentUser, GuardErrorKind, JwtManager, Token, require_token};
use serde_json::json;

#[require_token]
async fn protected(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(any_type)]
async fn logout(manager: JwtManager, token: Token) -> String {
    manager.revoke(&token).await.unwrap();
    "revoked".to_owned()
}

#[require_token(refresh)]
async fn refresh() -> &'static str {
    "refreshed"
}

#[require_token]
async fn logout_everywhere(manager: JwtManager, token: Token) -> &'static str {
    manager.revoke_all(token.identity()).await.unwrap();
    "everywhere"
}

fn app(manager: &JwtManager) -> Router {
    Router::new()
        .route("/protected", get(protected))
        .route("/refresh", get(refresh))
        .route("/logout", delete(logout))
        .route("/logout_everywhere", delete(logout_everywhere))
        .layer(manager.layer())
}

fn with_store() -> JwtManager {
    JwtManager::builder()
        .secret(SECRET)
        .revocation_store(MemoryStore::new())
        .build()
        .unwrap()
}

const REVOKED: &str = "Token has been revoked";

#[tokio::test]
async fn a_revoked_access_token_is_refused_and_others_are_not() {
    let manager = with_store();
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    let other = manager.create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/protected", &token).await.status, 200);
    let reply = send(&app, delete_with("/logout", &token)).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.body, json!("revoked"));
    call(&app, "/protected", &token)
        .await
        .assert_refused(401, Some("invalid_token"), REVOKED);
    assert_eq!(call(&app, "/protected", &other).await.status, 200);
}

#[tokio::test]
async fn refresh_tokens_are_revoked_too() {
    let manager = with_store();
    let app = app(&manager);
    let token = manager.create_refresh_token("alice").unwrap();
    assert_eq!(call(&app, "/refresh", &token).await.status, 200);
    let reply = send(&app, delete_with("/logout", &token)).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.body, json!("revoked"));
    call(&app, "/refresh", &token)
        .await
        .assert_refused(401, Some("invalid_token"), REVOKED);
}

#[tokio::test]
async fn logging_out_everywhere_revokes_every_earlier_token_of_the_identity() {
    let manager = with_store();
    let app = app(&manager);
    let earlier = manager
        .access_token("alice")
        .issued_at(ago(60))
        .mint()
        .unwrap();
    let refresh = manager
        .refresh_token("alice")
        .issued_at(ago(60))
        .mint()
        .unwrap();
    let bob = manager
        .access_token("bob")
        .issued_at(ago(60))
        .mint()
        .unwrap();
    let current = manager
        .access_token("alice")
        .issued_at(ago(30))
        .mint()
        .unwrap();
    let reply = send(&app, delete_with("/logout_everywhere", &current)).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.body, json!("everywhere"));
    call(&app, "/protected", &earlier)
        .await
        .assert_refused(401, Some("invalid_token"), REVOKED);
    call(&app, "/refresh", &refresh)
        .await
        .assert_refused(401, Some("invalid_token"), REVOKED);
    call(&app, "/protected", &current)
        .await
        .assert_refused(401, Some("invalid_token"), REVOKED);
    assert_eq!(call(&app, "/protected", &bob).await.status, 200);
    // A token issued after the logout is not revoked.
    let lenient = JwtManager::builder()
        .secret(SECRET)
        .leeway(Duration::from_secs(5))
        .build()
        .unwrap();
    let later = manager
        .access_token("alice")
        .issued_at(ahead(2))
        .mint()
        .unwrap();
    let later = lenient.verify(&later).unwrap();
    assert!(!manager.is_revoked(&later).await.unwrap());
}

#[tokio::test]
async fn revocation_is_checked_after_type_and_freshness() {
    let manager = with_store();
    let app = app(&manager);
    let refresh = manager.create_refresh_token("alice").unwrap();
    manager
        .revoke(&manager.verify(&refresh).unwrap())
        .await
        .unwrap();
    // The type check comes first, so the message names the type.
    call(&app, "/protected", &refresh).await.assert_refused(
        401,
        Some("invalid_token"),
        "Only non-refresh tokens are allowed",
    );
}

#[tokio::test]
async fn expired_entries_leave_the_memory_store() {
    let store = MemoryStore::new();
    let past = SystemTime::now() - Duration::from_secs(1);
    let future = SystemTime::now() + Duration::from_secs(60);
    store.revoke_jti("dead", past).await.unwrap();
    assert!(
        store.is_empty(),
        "an already-expired revocation is not kept"
    );
    store.revoke_jti("alive", future).await.unwrap();
    store
        .revoke_identity("alice", SystemTime::now(), future)
        .await
        .unwrap();
    assert_eq!(store.len(), 2);
    // Entries that expire soon leave on the next write after they expire. Two
    // seconds is a generous margin for the insert and the count below, and the
    // wait that follows ends only once the clock has passed the entry's end,
    // however long that takes.
    let soon = SystemTime::now() + Duration::from_secs(2);
    store.revoke_jti("soon", soon).await.unwrap();
    assert_eq!(store.len(), 3);
    wait_past(soon).await;
    store.revoke_jti("another", future).await.unwrap();
    assert_eq!(store.len(), 3, "the expired entry was swept");
}

/// Sleeps until the wall clock is past `instant`.
async fn wait_past(instant: SystemTime) {
    while let Ok(left) = instant.duration_since(SystemTime::now()) {
        tokio::time::sleep(left + Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_full_memory_store_refuses_rather_than_forgets() {
    let store = MemoryStore::with_capacity(2);
    let future = SystemTime::now() + Duration::from_secs(60);
    store.revoke_jti("a", future).await.unwrap();
    store.revoke_jti("b", future).await.unwrap();
    assert_eq!(store.revoke_jti("c", future).await, Err(StoreError::Full));
    // Re-revoking a held token is not a new entry.
    store.revoke_jti("a", future).await.unwrap();
    assert_eq!(store.len(), 2);
}

#[tokio::test]
async fn revoking_without_a_store_or_a_jti_says_why() {
    let plain = manager();
    let token = plain
        .verify(&plain.create_access_token("a").unwrap())
        .unwrap();
    assert_eq!(plain.revoke(&token).await, Err(StoreError::NotConfigured));
    let manager = with_store();
    let no_jti = sign(&{
        let mut c = claims("a", "access");
        c.as_object_mut().unwrap().remove("jti");
        c
    });
    let token = manager.verify(&no_jti).unwrap();
    assert_eq!(manager.revoke(&token).await, Err(StoreError::NoJti));
}

/// A store that cannot be reached.
struct Down;

impl RevocationStore for Down {
    fn is_revoked<'a>(&'a self, _: &'a Token) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(async { Err(StoreError::Unavailable("connection refused".into())) })
    }
    fn revoke_jti<'a>(
        &'a self,
        _: &'a str,
        _: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async { Err(StoreError::Unavailable("connection refused".into())) })
    }
    fn revoke_identity<'a>(
        &'a self,
        _: &'a str,
        _: SystemTime,
        _: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async { Err(StoreError::Unavailable("connection refused".into())) })
    }
}

#[tokio::test]
async fn an_unreachable_store_fails_closed_unless_told_otherwise() {
    let closed = JwtManager::builder()
        .secret(SECRET)
        .revocation_store(Down)
        .build()
        .unwrap();
    let token = closed.create_access_token("a").unwrap();
    let reply = call(&app(&closed), "/protected", &token).await;
    assert_eq!(reply.status, 503);
    assert_eq!(reply.body["error"], "temporarily_unavailable");
    assert_eq!(
        reply.msg(),
        "Token revocation status is unavailable; try again later"
    );
    assert!(reply.headers.get("www-authenticate").is_none());

    let open = JwtManager::builder()
        .secret(SECRET)
        .revocation_store(Down)
        .revocation_fail_open(true)
        .build()
        .unwrap();
    assert_eq!(call(&app(&open), "/protected", &token).await.status, 200);
}

#[require_token(claims(role = "admin"))]
async fn admin() -> &'static str {
    "admin"
}

#[tokio::test]
async fn the_verification_hook_refuses_with_403_after_revocation() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .revocation_store(MemoryStore::new())
        .token_check(|token| token.claim::<bool>("suspended") != Some(true))
        .build()
        .unwrap();
    let app = app(&manager).merge(
        Router::new()
            .route("/admin", get(admin))
            .layer(manager.layer()),
    );
    let suspended = manager
        .access_token("a")
        .claim("suspended", true)
        .mint()
        .unwrap();
    call(&app, "/protected", &suspended).await.assert_refused(
        403,
        Some("insufficient_scope"),
        "User claims verification failed",
    );
    assert_eq!(
        call(
            &app,
            "/protected",
            &manager.create_access_token("a").unwrap()
        )
        .await
        .status,
        200
    );
    // Revocation comes first.
    manager
        .revoke(&manager.verify(&suspended).unwrap())
        .await
        .unwrap();
    call(&app, "/protected", &suspended)
        .await
        .assert_refused(401, Some("invalid_token"), REVOKED);
    // The hook comes before the declared claims.
    let both = manager
        .access_token("a")
        .claim("suspended", true)
        .claim("role", "user")
        .mint()
        .unwrap();
    let reply = call(&app, "/admin", &both).await;
    assert_eq!(reply.status, 403);
    assert!(reply.challenge().contains("insufficient_scope"));
}

#[derive(Clone, Debug, PartialEq)]
struct User {
    name: String,
    admin: bool,
}

#[require_token]
async fn me(CurrentUser(user): CurrentUser<User>, again: CurrentUser<User>) -> String {
    assert_eq!(user, again.0);
    format!("{}:{}", user.name, user.admin)
}

async fn me_unguarded(CurrentUser(user): CurrentUser<User>) -> String {
    user.name
}

#[tokio::test]
async fn the_user_loader_runs_once_per_request() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let manager = JwtManager::builder()
        .secret(SECRET)
        .user_loader(move |token: Token| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move {
                let name = token.identity_str()?.to_owned();
                (name != "ghost").then(|| User {
                    admin: name == "root",
                    name,
                })
            }
        })
        .build()
        .unwrap();
    let app: Router = Router::new()
        .route("/me", get(me))
        .route("/me_unguarded", get(me_unguarded))
        .layer(manager.layer());
    let reply = call(&app, "/me", &manager.create_access_token("root").unwrap()).await;
    assert_eq!(reply.body, json!("root:true"));
    assert_eq!(calls.load(Ordering::SeqCst), 1, "two extractors, one load");
    call(&app, "/me", &manager.create_access_token("ghost").unwrap())
        .await
        .assert_refused(401, Some("invalid_token"), "Error loading the user ghost");
    let reply = call(
        &app,
        "/me_unguarded",
        &manager.create_access_token("bob").unwrap(),
    )
    .await;
    assert_eq!(reply.body, json!("bob"));
    send(&app, request("/me_unguarded", None))
        .await
        .assert_refused(401, None, "Missing Authorization Header");
}

#[tokio::test]
async fn current_user_without_a_loader_is_a_server_error() {
    let manager = manager();
    let app: Router = Router::new().route("/me", get(me)).layer(manager.layer());
    let reply = call(&app, "/me", &manager.create_access_token("a").unwrap()).await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.kind, Some(GuardErrorKind::UserLoaderMissing));
}

#[tokio::test]
async fn current_user_of_another_type_than_the_loader_is_a_server_error() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .user_loader(|token: Token| async move { token.identity_str().map(str::to_owned) })
        .build()
        .unwrap();
    let app: Router = Router::new().route("/me", get(me)).layer(manager.layer());
    let reply = call(&app, "/me", &manager.create_access_token("a").unwrap()).await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.body["error"], "server_error");
    assert_eq!(reply.kind, Some(GuardErrorKind::UserTypeMismatch));
}
