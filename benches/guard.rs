//! Per-request cost of a guarded route through a real router: no guard, the
//! guard alone, with each revocation store, and with the verified-token cache.
//!
//! `cargo bench --bench guard`. The Redis case uses `REDIS_URL`, or starts a
//! `redis-server` on a free loopback port when one is on PATH, and is left out
//! (with a message) otherwise.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use criterion::{Criterion, criterion_group, criterion_main};
use jwt_guard::revoke::{MemoryStore, RedisStore};
use jwt_guard::{JwtManager, Token, require_token};
use tower::ServiceExt;

const SECRET: &str = "benchmark-secret-of-at-least-32-bytes!";

async fn open() -> &'static str {
    "ok"
}

#[require_token]
async fn guarded(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

fn router(manager: &JwtManager) -> Router {
    Router::new()
        .route("/open", get(open))
        .route("/guarded", get(guarded))
        .layer(manager.layer())
}

/// A `redis-server` of the benchmark's own, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn redis() -> Option<(String, Option<Server>)> {
    if let Ok(url) = std::env::var("REDIS_URL") {
        return Some((url, None));
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let child = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
        ])
        .stdout(Stdio::null())
        .spawn()
        .ok()?;
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some((format!("redis://127.0.0.1:{port}/"), Some(server)))
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let plain = JwtManager::builder().secret(SECRET).build().unwrap();
    let token = plain.create_access_token("alice").unwrap();
    let request = |uri: &'static str| {
        let auth = format!("Bearer {token}");
        move || {
            Request::get(uri)
                .header("authorization", auth.clone())
                .body(Body::empty())
                .unwrap()
        }
    };

    let mut group = c.benchmark_group("request");
    let mut run = |name: &str, app: Router, uri: &'static str| {
        let make = request(uri);
        let check = rt.block_on(app.clone().oneshot(make())).unwrap();
        assert_eq!(
            check.status(),
            200,
            "{name} must succeed before it is measured"
        );
        group.bench_function(name, |b| {
            b.to_async(&rt).iter(|| app.clone().oneshot(make()))
        });
    };
    run("unprotected", router(&plain), "/open");
    run("guard", router(&plain), "/guarded");
    let memory = JwtManager::builder()
        .secret(SECRET)
        .revocation_store(MemoryStore::new())
        .build()
        .unwrap();
    run("guard + memory store", router(&memory), "/guarded");
    let cached = JwtManager::builder()
        .secret(SECRET)
        .token_cache(10_000, Duration::from_secs(60))
        .build()
        .unwrap();
    run(
        "guard + token cache (repeat token)",
        router(&cached),
        "/guarded",
    );
    let _server = match redis() {
        Some((url, server)) => {
            let store = RedisStore::open(&url).unwrap();
            let manager = JwtManager::builder()
                .secret(SECRET)
                .revocation_store(store)
                .build()
                .unwrap();
            // The store is entered from the runtime that drives the requests.
            run("guard + redis store", router(&manager), "/guarded");
            server
        }
        None => {
            eprintln!("guard + redis store: left out (no REDIS_URL and no redis-server on PATH)");
            None
        }
    };
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
