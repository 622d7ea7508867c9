//! The Redis revocation store against a real `redis-server`: shared between
//! routers, keys that expire with their tokens, and Redis going away.
//!
//! The server comes from `REDIS_URL`; without it the tests start their own
//! `redis-server` when one is on PATH, and otherwise say that they were skipped
//! (CI sets `JWT_GUARD_REQUIRE_REDIS=1`, which makes a missing server a
//! failure). The outage test always runs its own server, since it stops it.
//!
//! A server of our own listens on a Unix socket in a directory of its own, with
//! TCP off (`--port 0`): a loopback port picked free and released before
//! `redis-server` binds it could be taken by anything in between (and the
//! outage test would bind it twice), where the socket's path is ours alone.

use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;
use axum::Router;
use axum::routing::{delete, get};
use jwt_guard::revoke::RedisStore;
use jwt_guard::{JwtManager, Token, require_token};
use serde_json::json;

#[require_token]
async fn protected(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(any_type)]
async fn logout(manager: JwtManager, token: Token) -> String {
    match manager.revoke(&token).await {
        Ok(()) => "revoked".to_owned(),
        Err(err) => err.to_string(),
    }
}

#[require_token]
async fn logout_everywhere(manager: JwtManager, token: Token) -> &'static str {
    manager.revoke_all(token.identity()).await.unwrap();
    "everywhere"
}

fn app(manager: &JwtManager) -> Router {
    Router::new()
        .route("/protected", get(protected))
        .route("/logout", delete(logout))
        .route("/logout_everywhere", delete(logout_everywhere))
        .layer(manager.layer())
}

/// A `redis-server` this test started, on a Unix socket; stopped when dropped,
/// its directory removed with it.
struct OwnServer {
    child: Child,
    dir: PathBuf,
}

impl OwnServer {
    /// A new server in a directory of its own; `None` when there is no
    /// `redis-server` to run.
    fn start() -> Option<Self> {
        let dir =
            std::env::temp_dir().join(format!("jwt-guard-redis-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir(&dir).unwrap();
        let Some(child) = Self::spawn(&dir) else {
            let _ = std::fs::remove_dir_all(&dir);
            return None;
        };
        let mut server = Self { child, dir };
        server.wait_ready();
        Some(server)
    }

    /// The same server again, on the same socket, after [`stop`](Self::stop).
    fn restart(&mut self) {
        let child = Self::spawn(&self.dir).expect("redis-server runs again");
        self.child = child;
        self.wait_ready();
    }

    fn spawn(dir: &Path) -> Option<Child> {
        Command::new("redis-server")
            .args(["--port", "0", "--unixsocket"])
            .arg(dir.join("redis.sock"))
            .args([
                "--unixsocketperm",
                "700",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .arg("--dir")
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()
    }

    /// Waits until the socket answers; a server that exits first (a bad
    /// option, a socket it cannot create) fails the test at once, saying so.
    fn wait_ready(&mut self) {
        let socket = self.socket();
        let deadline = Instant::now() + Duration::from_secs(10);
        while UnixStream::connect(&socket).is_err() {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!(
                    "redis-server exited ({status}) before listening on {}",
                    socket.display()
                );
            }
            assert!(
                Instant::now() < deadline,
                "redis-server did not listen on {} within 10 s",
                socket.display()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn socket(&self) -> PathBuf {
        self.dir.join("redis.sock")
    }

    fn url(&self) -> String {
        format!("redis+unix://{}", self.socket().display())
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn skip_or_fail(why: &str) {
    if required("JWT_GUARD_REQUIRE_REDIS") {
        panic!("JWT_GUARD_REQUIRE_REDIS is set but {why}");
    }
    eprintln!("skipped: {why} (set REDIS_URL or put redis-server on PATH)");
}

/// The server to use: `REDIS_URL`, or one of our own.
fn redis() -> Option<(String, Option<OwnServer>)> {
    if let Ok(url) = std::env::var("REDIS_URL") {
        return Some((url, None));
    }
    match OwnServer::start() {
        Some(server) => Some((server.url(), Some(server))),
        None => {
            skip_or_fail("no REDIS_URL and no redis-server on PATH");
            None
        }
    }
}

/// A manager on `url`, with keys under a prefix of this test's own.
fn manager_on(url: &str, prefix: &str) -> JwtManager {
    let store = RedisStore::open(url)
        .unwrap()
        .prefix(prefix)
        .timeout(Duration::from_millis(300));
    JwtManager::builder()
        .secret(SECRET)
        .revocation_store(store)
        .build()
        .unwrap()
}

fn unique(prefix: &str) -> String {
    format!("jwt-guard-test:{prefix}:{}:", uuid::Uuid::new_v4().simple())
}

#[tokio::test]
async fn two_routers_sharing_one_redis_see_each_others_revocations() {
    let Some((url, _server)) = redis() else {
        return;
    };
    let prefix = unique("shared");
    let (one, two) = (manager_on(&url, &prefix), manager_on(&url, &prefix));
    let (app_one, app_two) = (app(&one), app(&two));
    let token = one.create_access_token("alice").unwrap();
    let kept = one.create_access_token("alice").unwrap();
    assert_eq!(call(&app_two, "/protected", &token).await.status, 200);
    let reply = send(&app_one, delete_with("/logout", &token)).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.body, json!("revoked"));
    call(&app_two, "/protected", &token).await.assert_refused(
        401,
        Some("invalid_token"),
        "Token has been revoked",
    );
    call(&app_one, "/protected", &token).await.assert_refused(
        401,
        Some("invalid_token"),
        "Token has been revoked",
    );
    assert_eq!(call(&app_two, "/protected", &kept).await.status, 200);

    let earlier = one.access_token("bob").issued_at(ago(60)).mint().unwrap();
    let current = one.access_token("bob").issued_at(ago(30)).mint().unwrap();
    let reply = send(&app_two, delete_with("/logout_everywhere", &current)).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.body, json!("everywhere"));
    call(&app_one, "/protected", &earlier).await.assert_refused(
        401,
        Some("invalid_token"),
        "Token has been revoked",
    );
    assert_eq!(call(&app_one, "/protected", &kept).await.status, 200);
}

#[tokio::test]
async fn keys_expire_with_their_tokens() {
    let Some((url, _server)) = redis() else {
        return;
    };
    let prefix = unique("ttl");
    let manager = manager_on(&url, &prefix);
    let raw = manager
        .access_token("alice")
        .expires_in(Duration::from_secs(30))
        .mint()
        .unwrap();
    let token = manager.verify(&raw).unwrap();
    manager.revoke(&token).await.unwrap();
    let client = redis::Client::open(url.as_str()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let key = format!("{prefix}jti:{}", token.jti().unwrap());
    let ttl: i64 = redis::cmd("PTTL")
        .arg(&key)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(ttl > 0 && ttl <= 30_000, "PTTL {ttl}");
    manager.revoke_all(token.identity()).await.unwrap();
    let key = format!("{prefix}identity:alice");
    let ttl: i64 = redis::cmd("PTTL")
        .arg(&key)
        .query_async(&mut conn)
        .await
        .unwrap();
    // The identity record outlives the longest token (30 days of refresh).
    assert!(ttl > 29 * 24 * 3600 * 1000, "PTTL {ttl}");
}

/// Revocation × leeway and × a login in the same second, on Redis: the
/// entry outlives `exp` by the leeway, and a cut-off is exact to the
/// millisecond (issue 12, docs/SECURITY.md "Where features meet").
#[tokio::test]
async fn redis_keeps_revocations_through_the_leeway_and_cutoffs_to_the_millisecond() {
    let Some((url, _server)) = redis() else {
        return;
    };
    let prefix = unique("seams");
    let store = RedisStore::open(&url)
        .unwrap()
        .prefix(&prefix)
        .timeout(Duration::from_millis(300));
    let manager = JwtManager::builder()
        .secret(SECRET)
        .leeway(Duration::from_secs(3600))
        .revocation_store(store)
        .build()
        .unwrap();
    let app = app(&manager);
    // Expired a minute ago, inside the hour of leeway.
    let late = manager
        .access_token("alice")
        .issued_at(ago(120))
        .expires_in(Duration::from_secs(60))
        .mint()
        .unwrap();
    assert_eq!(call(&app, "/protected", &late).await.body, json!("alice"));
    let reply = send(&app, delete_with("/logout", &late)).await;
    assert_eq!(
        (reply.status.as_u16(), reply.body.clone()),
        (200, json!("revoked"))
    );
    call(&app, "/protected", &late).await.assert_refused(
        401,
        Some("invalid_token"),
        "Token has been revoked",
    );
    let client = redis::Client::open(url.as_str()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let jti = manager.verify(&late).unwrap().jti().unwrap().to_owned();
    let ttl: i64 = redis::cmd("PTTL")
        .arg(format!("{prefix}jti:{jti}"))
        .query_async(&mut conn)
        .await
        .unwrap();
    // exp was 60 s ago; the leeway keeps it usable for 3,540 s more.
    assert!((3_400_000..=3_540_000).contains(&ttl), "PTTL {ttl}");

    for round in 0..10 {
        let old = manager.create_access_token("bob").unwrap();
        let reply = send(&app, delete_with("/logout_everywhere", &old)).await;
        assert_eq!(reply.body, json!("everywhere"), "round {round}");
        let new = manager.create_access_token("bob").unwrap();
        call(&app, "/protected", &old).await.assert_refused(
            401,
            Some("invalid_token"),
            "Token has been revoked",
        );
        assert_eq!(
            call(&app, "/protected", &new).await.body,
            json!("bob"),
            "round {round}"
        );
    }
}

#[tokio::test]
async fn redis_going_away_is_a_bounded_503_then_recovers() {
    let Some(mut server) = OwnServer::start() else {
        skip_or_fail("no redis-server on PATH for the outage test");
        return;
    };
    let manager = manager_on(&server.url(), &unique("outage"));
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/protected", &token).await.status, 200);

    server.stop();
    // A hang would trip this bound; the store's own timeout is 300 ms.
    let reply = tokio::time::timeout(Duration::from_secs(10), call(&app, "/protected", &token))
        .await
        .expect("the guard answers while Redis is down");
    assert_unavailable(&reply);
    let reply = tokio::time::timeout(
        Duration::from_secs(10),
        send(&app, delete_with("/logout", &token)),
    )
    .await
    .expect("logout answers while Redis is down");
    // The guard's own revocation check refuses before the handler runs.
    assert_unavailable(&reply);

    server.restart();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let reply = call(&app, "/protected", &token).await;
        if reply.status == 200 {
            break;
        }
        assert_unavailable(&reply);
        assert!(
            Instant::now() < deadline,
            "no recovery after Redis came back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `open` may run before any runtime exists (in `main`, before `#[tokio::main]`
/// code, or in a benchmark's setup): it must not need one.
#[test]
fn a_store_opened_outside_a_runtime_works_inside_one() {
    let store = RedisStore::open("redis://127.0.0.1:1/")
        .unwrap()
        .timeout(Duration::from_millis(200));
    let manager = JwtManager::builder()
        .secret(SECRET)
        .revocation_store(store)
        .build()
        .unwrap();
    let token = manager.create_access_token("alice").unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Nothing listens on port 1: the guard fails closed.
    let reply = runtime.block_on(call(&app(&manager), "/protected", &token));
    assert_unavailable(&reply);
}

/// The answer while the store cannot be reached: 503 with a retry hint, and no
/// challenge, since no credentials would help.
#[track_caller]
fn assert_unavailable(reply: &Reply) {
    assert_eq!(reply.status, 503, "{reply:?}");
    assert_eq!(
        reply.body,
        json!({
            "error": "temporarily_unavailable",
            "msg": "Token revocation status is unavailable; try again later",
        })
    );
    assert!(reply.headers.get("www-authenticate").is_none(), "{reply:?}");
}
