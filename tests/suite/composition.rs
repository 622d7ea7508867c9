//! Where two features meet, the guard fails closed: revocation × leeway,
//! implicit refresh × logout, revocation × tokens without a usable `exp`,
//! "log out everywhere" × a login in the same second, one account × the
//! in-memory store's capacity, a manager taken from a request × another router,
//! and `JwtManager::authorize` × every check of the guard. Each test went
//! through the real router (or the public API a WebSocket path would use) and
//! failed before the seam was closed; docs/SECURITY.md lists them.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::common::*;
use axum::body::Body;
use axum::http::{Request, header};
use axum::routing::get;
use axum::{Extension, Router};
use jwt_guard::authorize::Requirements;
use jwt_guard::revoke::{BoxFuture, MemoryStore, RevocationStore, StoreError};
use jwt_guard::{GuardErrorKind, JwtManager, Token, TokenLocation, require_token};
use serde_json::json;

const REVOKED: &str = "Token has been revoked";

#[require_token]
async fn whoami(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(any_type)]
async fn logout(manager: JwtManager, token: Token) -> String {
    match manager.revoke(&token).await {
        Ok(()) => "revoked".to_owned(),
        Err(err) => format!("logout failed: {err}"),
    }
}

#[require_token]
async fn logout_everywhere(manager: JwtManager, token: Token) -> String {
    match manager.revoke_all(token.identity()).await {
        Ok(()) => "revoked everywhere".to_owned(),
        Err(err) => format!("logout failed: {err}"),
    }
}

fn app(manager: &JwtManager) -> Router {
    Router::new()
        .route("/whoami", get(whoami))
        .route("/logout", get(logout))
        .route("/logout_everywhere", get(logout_everywhere))
        .layer(manager.layer())
}

/// A store that records what it is asked to keep, and answers from a
/// `MemoryStore`.
#[derive(Clone, Default)]
struct Recording(Arc<Kept>);

#[derive(Default)]
struct Kept {
    inner: MemoryStore,
    kept: Mutex<Vec<(String, SystemTime)>>,
}

impl std::ops::Deref for Recording {
    type Target = Kept;

    fn deref(&self) -> &Kept {
        &self.0
    }
}

impl RevocationStore for Recording {
    fn is_revoked<'a>(&'a self, token: &'a Token) -> BoxFuture<'a, Result<bool, StoreError>> {
        self.inner.is_revoked(token)
    }

    fn revoke_jti<'a>(
        &'a self,
        jti: &'a str,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        self.kept
            .lock()
            .unwrap()
            .push((format!("jti {jti}"), until));
        self.inner.revoke_jti(jti, until)
    }

    fn revoke_identity<'a>(
        &'a self,
        identity: &'a str,
        before: SystemTime,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        self.kept
            .lock()
            .unwrap()
            .push((format!("identity {identity}"), until));
        self.inner.revoke_identity(identity, before, until)
    }
}

fn year_9999() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(253_402_300_799)
}

// ---- revocation × leeway ------------------------------------------------

#[tokio::test]
async fn a_token_revoked_inside_the_leeway_stays_revoked_until_the_leeway_ends() {
    let store = MemoryStore::new();
    let manager = JwtManager::builder()
        .secret(SECRET)
        .leeway(Duration::from_secs(3600))
        .revocation_store(store)
        .build()
        .unwrap();
    let app = app(&manager);
    // Expired a minute ago, still accepted for the rest of the hour's leeway.
    let token = manager
        .access_token("alice")
        .issued_at(ago(120))
        .expires_in(Duration::from_secs(60))
        .mint()
        .unwrap();
    assert_eq!(call(&app, "/whoami", &token).await.body, "alice");
    assert_eq!(call(&app, "/logout", &token).await.body, "revoked");
    call(&app, "/whoami", &token)
        .await
        .assert_refused(401, Some("invalid_token"), REVOKED);
}

#[tokio::test]
async fn revocations_are_kept_until_exp_plus_leeway() {
    let store = Recording::default();
    let leeway = Duration::from_secs(600);
    let manager = JwtManager::builder()
        .secret(SECRET)
        .leeway(leeway)
        .revocation_store(store.clone())
        .build()
        .unwrap();
    let raw = manager.create_access_token("alice").unwrap();
    let token = manager.verify(&raw).unwrap();
    assert_eq!(call(&app(&manager), "/logout", &raw).await.body, "revoked");
    let kept = store.kept.lock().unwrap().clone();
    let exp = token.expires_at().unwrap();
    assert_eq!(
        kept,
        [(format!("jti {}", token.jti().unwrap()), exp + leeway)]
    );
}

#[tokio::test]
async fn identity_cutoffs_outlast_every_token_issued_before_them() {
    let store = Recording::default();
    let leeway = Duration::from_secs(600);
    let manager = JwtManager::builder()
        .secret(SECRET)
        .leeway(leeway)
        .revocation_store(store.clone())
        .build()
        .unwrap();
    // A token minted with a lifetime longer than any configured one.
    let long = manager
        .access_token("alice")
        .expires_in(Duration::from_secs(90 * 24 * 3600))
        .mint()
        .unwrap();
    let long_exp = manager.verify(&long).unwrap().expires_at().unwrap();
    let reply = call(&app(&manager), "/logout_everywhere", &long).await;
    assert_eq!(reply.body, "revoked everywhere");
    let kept = store.kept.lock().unwrap().clone();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].0, "identity alice");
    assert!(kept[0].1 >= long_exp + leeway, "{kept:?}");
    call(&app(&manager), "/whoami", &long).await.assert_refused(
        401,
        Some("invalid_token"),
        REVOKED,
    );
}

// ---- tokens without a usable exp -----------------------------------------

#[tokio::test]
async fn numeric_dates_past_the_year_9999_are_refused() {
    let manager = manager();
    let app = app(&manager);
    let far = "a NumericDate (seconds since 1970) between 1970 and the year 9999";
    for (claim, value) in [
        ("exp", json!(1e13)),
        ("exp", json!(253_402_300_800_u64)),
        ("exp", json!(u64::MAX)),
        ("exp", json!(1e300)),
        ("exp", json!(-1)),
        ("nbf", json!(1e13)),
        ("iat", json!(u64::MAX)),
    ] {
        let token = sign(&with(
            with(claims("alice", "access"), "exp", json!(now() + 600)),
            claim,
            value.clone(),
        ));
        call(&app, "/whoami", &token).await.assert_refused(
            401,
            Some("invalid_token"),
            &format!("Invalid \"{claim}\" claim: expected {far}"),
        );
        assert!(manager.verify(&token).is_err(), "{claim} = {value}");
    }
}

#[tokio::test]
async fn every_accepted_exp_is_a_time() {
    let manager = manager();
    let last = sign(&with(
        claims("alice", "access"),
        "exp",
        json!(253_402_300_799_u64),
    ));
    assert_eq!(call(&app(&manager), "/whoami", &last).await.body, "alice");
    assert_eq!(
        manager.verify(&last).unwrap().expires_at(),
        Some(year_9999())
    );
    let fraction = sign(&with(claims("alice", "access"), "exp", json!(1e11 + 0.5)));
    let at = manager.verify(&fraction).unwrap().expires_at().unwrap();
    assert_eq!(at, UNIX_EPOCH + Duration::from_millis(100_000_000_000_500));
}

#[tokio::test]
async fn tokens_without_exp_stay_revoked_for_as_long_as_they_work() {
    let store = Recording::default();
    let manager = JwtManager::builder()
        .secret(SECRET)
        .require_exp(false)
        .revocation_store(store.clone())
        .build()
        .unwrap();
    let app = app(&manager);
    let forever = manager.access_token("alice").no_expiry().mint().unwrap();
    assert_eq!(call(&app, "/whoami", &forever).await.body, "alice");
    assert_eq!(call(&app, "/logout", &forever).await.body, "revoked");
    assert_eq!(
        call(
            &app,
            "/logout_everywhere",
            &manager.create_access_token("bob").unwrap()
        )
        .await
        .body,
        "revoked everywhere"
    );
    let kept = store.kept.lock().unwrap().clone();
    assert_eq!(kept.len(), 2);
    assert!(
        kept.iter().all(|(_, until)| *until == year_9999()),
        "{kept:?}"
    );
    call(&app, "/whoami", &forever)
        .await
        .assert_refused(401, Some("invalid_token"), REVOKED);
}

#[test]
fn minting_past_the_year_9999_is_an_error_not_a_panic() {
    let manager = manager();
    let too_long = manager
        .access_token("alice")
        .expires_in(Duration::MAX)
        .mint();
    assert_eq!(too_long, Err(jwt_guard::mint::MintError::OutOfRange));
    let too_late = manager
        .access_token("alice")
        .issued_at(year_9999() + Duration::from_secs(1))
        .mint();
    assert_eq!(too_late, Err(jwt_guard::mint::MintError::OutOfRange));
}

// ---- log out everywhere × log in --------------------------------------

#[tokio::test]
async fn logging_out_everywhere_then_in_again_within_the_second() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .revocation_store(MemoryStore::new())
        .build()
        .unwrap();
    let app = app(&manager);
    // Many rounds, each within a few milliseconds: every round falls in the
    // same second as its neighbours, which is where whole-second `iat`s broke.
    for round in 0..25 {
        let old = manager.create_access_token("alice").unwrap();
        let reply = call(&app, "/logout_everywhere", &old).await;
        assert_eq!(reply.body, "revoked everywhere", "round {round}");
        let new = manager.create_access_token("alice").unwrap();
        call(&app, "/whoami", &old)
            .await
            .assert_refused(401, Some("invalid_token"), REVOKED);
        assert_eq!(
            call(&app, "/whoami", &new).await.body,
            "alice",
            "round {round}"
        );
    }
}

// ---- one account × the store's capacity ---------------------------------

#[tokio::test]
async fn one_account_logging_in_and_out_cannot_fill_the_memory_store() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .revocation_store(MemoryStore::with_capacity(100).max_per_identity(10))
        .build()
        .unwrap();
    let app = app(&manager);
    // Three times the store's capacity of sessions, logged out one by one.
    // Past ten, one cut-off covers each logout and every earlier token, so
    // some later logouts find their token already revoked: either way, none
    // fails for want of room.
    let mallorys: Vec<String> = (0..300)
        .map(|_| manager.create_refresh_token("mallory").unwrap())
        .collect();
    for refresh in &mallorys {
        let reply = call(&app, "/logout", refresh).await;
        if reply.status == 200 {
            assert_eq!(reply.body, "revoked");
        } else {
            reply.assert_refused(401, Some("invalid_token"), REVOKED);
        }
    }
    for refresh in &mallorys {
        call(&app, "/logout", refresh)
            .await
            .assert_refused(401, Some("invalid_token"), REVOKED);
    }
    // And everybody else can still log out.
    for user in ["alice", "bob", "carol"] {
        let token = manager.create_access_token(user).unwrap();
        assert_eq!(call(&app, "/logout", &token).await.body, "revoked");
        call(&app, "/whoami", &token)
            .await
            .assert_refused(401, Some("invalid_token"), REVOKED);
    }
    // A token of another user issued before all that is untouched.
    let dave = manager.create_access_token("dave").unwrap();
    assert_eq!(call(&app, "/whoami", &dave).await.body, "dave");
}

// ---- implicit refresh × logout ------------------------------------------

fn cookie_manager() -> JwtManager {
    JwtManager::builder()
        .secret(SECRET)
        .token_locations([TokenLocation::Cookies])
        .revocation_store(MemoryStore::new())
        .build()
        .unwrap()
}

fn with_cookie(uri: &str, token: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::COOKIE, format!("access_token_cookie={token}"))
        .body(Body::empty())
        .unwrap()
}

fn set_cookies(reply: &Reply) -> Vec<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_session_logged_out_by_its_handler_is_not_renewed() {
    let manager = cookie_manager();
    let app = app(&manager).layer(manager.implicit_refresh(Duration::from_secs(3600)));
    for route in ["/logout", "/logout_everywhere"] {
        let near = manager
            .access_token("alice")
            .expires_in(Duration::from_secs(120))
            .mint()
            .unwrap();
        // The same request on a plain route is renewed: the window is right.
        let renewed = send(&app, with_cookie("/whoami", &near)).await;
        assert_eq!(renewed.body, "alice");
        assert_eq!(set_cookies(&renewed).len(), 2, "{route}");
        let reply = send(&app, with_cookie(route, &near)).await;
        assert_eq!(reply.status, 200, "{route}");
        assert!(
            reply.body.as_str().unwrap().starts_with("revoked"),
            "{route}"
        );
        assert_eq!(set_cookies(&reply), Vec::<String>::new(), "{route}");
        send(&app, with_cookie("/whoami", &near))
            .await
            .assert_refused(401, Some("invalid_token"), REVOKED);
    }
}

/// A store that records nothing and cannot answer after the guard's check.
struct FailsAfterFirst(Mutex<usize>);

impl RevocationStore for FailsAfterFirst {
    fn is_revoked<'a>(&'a self, _: &'a Token) -> BoxFuture<'a, Result<bool, StoreError>> {
        let mut calls = self.0.lock().unwrap();
        *calls += 1;
        let answer = if *calls == 1 {
            Ok(false)
        } else {
            Err(StoreError::Unavailable("gone".into()))
        };
        Box::pin(std::future::ready(answer))
    }

    fn revoke_jti<'a>(
        &'a self,
        _: &'a str,
        _: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(std::future::ready(Ok(())))
    }

    fn revoke_identity<'a>(
        &'a self,
        _: &'a str,
        _: SystemTime,
        _: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(std::future::ready(Ok(())))
    }
}

#[tokio::test]
async fn a_store_that_stops_answering_renews_nothing() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .token_locations([TokenLocation::Cookies])
        .revocation_store(FailsAfterFirst(Mutex::new(0)))
        .build()
        .unwrap();
    let app = app(&manager).layer(manager.implicit_refresh(Duration::from_secs(3600)));
    let near = manager
        .access_token("alice")
        .expires_in(Duration::from_secs(120))
        .mint()
        .unwrap();
    let reply = send(&app, with_cookie("/whoami", &near)).await;
    assert_eq!(reply.body, "alice");
    assert_eq!(set_cookies(&reply), Vec::<String>::new());
}

// ---- a manager taken from a request × another router ---------------------

#[derive(Clone, Default)]
struct Taken(Arc<Mutex<Option<JwtManager>>>);

#[require_token]
async fn take_manager(
    Extension(manager): Extension<JwtManager>,
    Extension(taken): Extension<Taken>,
) -> &'static str {
    *taken.0.lock().unwrap() = Some(manager);
    "taken"
}

async fn optional_whoami(token: Option<Token>) -> String {
    match token {
        Some(token) => token.identity_str().unwrap_or_default().to_owned(),
        None => "anonymous".to_owned(),
    }
}

#[tokio::test]
async fn a_manager_taken_from_a_guarded_request_carries_no_token() {
    let manager = manager();
    let taken = Taken::default();
    let first = Router::new()
        .route("/take", get(take_manager))
        .layer(Extension(taken.clone()))
        .layer(manager.layer());
    let token = manager.create_access_token("alice").unwrap();
    assert_eq!(call(&first, "/take", &token).await.body, "taken");
    let reused = taken.0.lock().unwrap().take().unwrap();
    let second = Router::new()
        .route("/whoami", get(whoami))
        .route("/maybe", get(optional_whoami))
        .layer(reused.layer());
    send(&second, request("/whoami", None))
        .await
        .assert_refused(401, None, "Missing Authorization Header");
    assert_eq!(
        send(&second, request("/maybe", None)).await.body,
        "anonymous"
    );
    let bob = manager.create_access_token("bob").unwrap();
    assert_eq!(call(&second, "/whoami", &bob).await.body, "bob");
}

// ---- JwtManager::authorize × every check -----------------------------------

#[derive(Clone, Debug, PartialEq)]
struct User {
    name: String,
}

#[tokio::test]
async fn authorize_runs_the_whole_pipeline_but_locating() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .scope_claim("scp")
        .revocation_store(MemoryStore::new())
        .token_check(|token| token.claim::<bool>("banned") != Some(true))
        .user_loader(|token| async move {
            let name = token.identity_str()?.to_owned();
            (name != "ghost").then_some(User { name })
        })
        .build()
        .unwrap();
    let access = Requirements::access();
    let kind = |result: Result<jwt_guard::authorize::Authorized, jwt_guard::GuardError>| {
        result
            .map(|a| a.token().identity().clone())
            .map_err(|e| e.kind())
    };

    let alice = manager
        .access_token("alice")
        .fresh(true)
        .claim("role", "admin")
        .claim("org", json!({"id": 7}))
        .claim("scp", "orders:read orders:write")
        .mint()
        .unwrap();
    let admitted = manager.authorize(&alice, &access).await.unwrap();
    assert_eq!(
        admitted.user::<User>(),
        Some(&User {
            name: "alice".into()
        })
    );
    assert_eq!(admitted.user::<String>(), None);
    let admins = Requirements::access()
        .fresh()
        .claim("role", "admin")
        .claim("org.id", 7)
        .scopes(["orders:write", "orders:read"]);
    assert_eq!(
        kind(manager.authorize(&alice, &admins).await),
        Ok(json!("alice"))
    );
    for (refusing, why) in [
        (Requirements::access().claim("role", "user"), "role"),
        (Requirements::access().claim("org.id", "7"), "no coercion"),
        (Requirements::access().claim("org.name", "x"), "absent"),
        (Requirements::access().scopes(["orders:delete"]), "scope"),
    ] {
        assert_eq!(
            kind(manager.authorize(&alice, &refusing).await),
            Err(GuardErrorKind::InsufficientClaims),
            "{why}"
        );
    }

    let refresh = manager.create_refresh_token("alice").unwrap();
    assert_eq!(
        kind(manager.authorize(&refresh, &access).await),
        Err(GuardErrorKind::WrongTokenType)
    );
    assert_eq!(
        kind(manager.authorize(&refresh, &Requirements::refresh()).await),
        Ok(json!("alice"))
    );
    assert_eq!(
        kind(manager.authorize(&alice, &Requirements::refresh()).await),
        Err(GuardErrorKind::WrongTokenType)
    );
    assert_eq!(
        kind(manager.authorize(&refresh, &Requirements::any_type()).await),
        Ok(json!("alice"))
    );

    let stale = manager.access_token("alice").mint().unwrap();
    assert_eq!(
        kind(
            manager
                .authorize(&stale, &Requirements::access().fresh())
                .await
        ),
        Err(GuardErrorKind::NotFresh)
    );

    let banned = manager
        .access_token("alice")
        .claim("banned", true)
        .mint()
        .unwrap();
    assert_eq!(
        kind(manager.authorize(&banned, &access).await),
        Err(GuardErrorKind::VerificationFailed)
    );

    let ghost = manager.create_access_token("ghost").unwrap();
    assert_eq!(
        kind(manager.authorize(&ghost, &access).await),
        Err(GuardErrorKind::UserNotFound)
    );

    assert_eq!(
        kind(manager.authorize("not.a.token", &access).await),
        Err(GuardErrorKind::Malformed)
    );

    manager
        .revoke(&manager.verify(&alice).unwrap())
        .await
        .unwrap();
    assert_eq!(
        kind(manager.authorize(&alice, &access).await),
        Err(GuardErrorKind::Revoked)
    );
    // `verify` alone checks what the token says about itself only.
    assert!(manager.verify(&alice).is_ok());
}

#[tokio::test]
async fn authorize_uses_the_token_cache() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .token_cache(16, Duration::from_secs(60))
        .build()
        .unwrap();
    let raw = manager.create_access_token("alice").unwrap();
    assert_eq!(manager.cached_tokens(), 0);
    manager
        .authorize(&raw, &Requirements::access())
        .await
        .unwrap();
    assert_eq!(manager.cached_tokens(), 1);
    // The cache never admits what verification refuses.
    let _ = manager.authorize("a.b.c", &Requirements::access()).await;
    assert_eq!(manager.cached_tokens(), 1);
}
