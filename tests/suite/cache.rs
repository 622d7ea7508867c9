//! The opt-in verified-token cache: hits skip only decoding and the signature
//! check; expiry, revocation and everything after verification still apply.

use std::time::{Duration, SystemTime};

use crate::common::*;
use axum::Router;
use axum::routing::get;
use jwt_guard::revoke::MemoryStore;
use jwt_guard::{JwtManager, Token, require_token};
use serde_json::json;

#[require_token]
async fn protected(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(refresh)]
async fn refresh() -> &'static str {
    "refresh"
}

fn app(manager: &JwtManager) -> Router {
    Router::new()
        .route("/protected", get(protected))
        .route("/refresh", get(refresh))
        .layer(manager.layer())
}

fn cached(capacity: usize) -> JwtManager {
    JwtManager::builder()
        .secret(SECRET)
        .revocation_store(MemoryStore::new())
        .token_cache(capacity, Duration::from_secs(60))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_repeated_token_is_served_from_the_cache_and_still_checked() {
    let manager = cached(100);
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    for _ in 0..3 {
        assert_eq!(call(&app, "/protected", &token).await.body, json!("alice"));
    }
    assert_eq!(manager.cached_tokens(), 1);
    // Checks after verification run on every hit: the type…
    call(&app, "/refresh", &token).await.assert_refused(
        401,
        Some("invalid_token"),
        "Only refresh tokens are allowed",
    );
    // …and revocation.
    manager
        .revoke(&manager.verify(&token).unwrap())
        .await
        .unwrap();
    call(&app, "/protected", &token).await.assert_refused(
        401,
        Some("invalid_token"),
        "Token has been revoked",
    );
}

#[tokio::test]
async fn the_whole_token_is_the_key() {
    let manager = cached(100);
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/protected", &token).await.status, 200);
    // Same header and payload, another signature: not a hit.
    let (head, _) = token.rsplit_once('.').unwrap();
    let forged = format!("{head}.{}", b64([7u8; 32]));
    call(&app, "/protected", &forged).await.assert_refused(
        401,
        Some("invalid_token"),
        "Signature verification failed",
    );
    let extended = format!("{token}A");
    call(&app, "/protected", &extended).await.assert_refused(
        401,
        Some("invalid_token"),
        "Signature verification failed",
    );
    assert_eq!(
        manager.cached_tokens(),
        1,
        "refused tokens are never cached"
    );
}

#[tokio::test]
async fn expiry_is_checked_again_on_every_hit() {
    let manager = cached(100);
    let app = app(&manager);
    // `exp` is whole seconds: issued now with 3 s to live, the token expires
    // 2 to 3 s from now, a generous margin for the first call.
    let token = manager
        .access_token("alice")
        .expires_in(Duration::from_secs(3))
        .mint()
        .unwrap();
    let exp = manager.verify(&token).unwrap().expires_at().unwrap();
    assert_eq!(call(&app, "/protected", &token).await.body, json!("alice"));
    assert_eq!(manager.cached_tokens(), 1);
    // Then, however long it takes, until the clock is a second past `exp`.
    let past = exp + Duration::from_secs(1);
    while let Ok(left) = past.duration_since(SystemTime::now()) {
        tokio::time::sleep(left + Duration::from_millis(10)).await;
    }
    call(&app, "/protected", &token).await.assert_refused(
        401,
        Some("invalid_token"),
        "Token has expired",
    );
}

#[tokio::test]
async fn the_cache_is_bounded() {
    let manager = cached(3);
    let app = app(&manager);
    for i in 0..20 {
        let token = manager.create_access_token(format!("user-{i}")).unwrap();
        assert_eq!(call(&app, "/protected", &token).await.status, 200);
        assert!(manager.cached_tokens() <= 3);
    }
}

#[tokio::test]
async fn without_the_option_nothing_is_cached() {
    let manager = manager();
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/protected", &token).await.status, 200);
    assert_eq!(manager.cached_tokens(), 0);
}
