//! What a token-cache miss costs as the cache grows: a guarded request whose
//! token is not cached yet (verification plus an insert into a full cache), at
//! 10,000 and at 1,000,000 entries. The insert must not scan the cache, so the
//! two should cost the same.
//!
//! `cargo bench --bench cache_miss` (filling the larger cache takes a few
//! seconds). It goes through the router only, so the same file measures any
//! revision of the cache.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use jwt_guard::{JwtManager, Token, require_token};
use tower::ServiceExt;

const SECRET: &str = "benchmark-secret-of-at-least-32-bytes!";

#[require_token]
async fn guarded(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

fn request(token: &str) -> Request<Body> {
    Request::get("/guarded")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

async fn admit(app: &Router, token: &str) {
    let res = app.clone().oneshot(request(token)).await.unwrap();
    assert_eq!(res.status(), 200);
}

fn cache_miss(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("token cache miss");
    for capacity in [10_000_usize, 1_000_000] {
        let manager = JwtManager::builder()
            .secret(SECRET)
            .access_lifetime(Duration::from_secs(24 * 3600))
            .token_cache(capacity, Duration::from_secs(24 * 3600))
            .build()
            .unwrap();
        let app = Router::new()
            .route("/guarded", get(guarded))
            .layer(manager.layer());
        rt.block_on(async {
            for i in 0..capacity {
                admit(
                    &app,
                    &manager.create_access_token(format!("user-{i}")).unwrap(),
                )
                .await;
            }
        });
        group.bench_with_input(BenchmarkId::from_parameter(capacity), &capacity, |b, _| {
            b.iter_batched(
                || manager.create_access_token("someone-new").unwrap(),
                |token| rt.block_on(admit(&app, &token)),
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(5));
    targets = cache_miss
}
criterion_main!(benches);
