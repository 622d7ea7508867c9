//! Per request through a real axum 0.8 router (`tower::ServiceExt::oneshot`):
//! no guard, our guard in three forms, and the peers on the same HS256 token
//! and route. `./run.sh` runs this with the other benches and prints the ratios.

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use criterion::{Criterion, criterion_group, criterion_main};
use jwt_guard_benches as fx;
use tokio::runtime::Runtime;
use tower::ServiceExt;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let manager = fx::manager();
    let token = fx::token(&manager);
    let ours = fx::ours(&manager);

    let mut group = c.benchmark_group("request");
    let mut run = |name: &str, app: &Router, make: &dyn Fn() -> Request<Body>| {
        let answer = match name {
            "unprotected" => "anonymous",
            "guard_optional_absent" => "",
            _ => fx::SUBJECT,
        };
        check(&rt, name, app, make(), answer);
        group.bench_function(name, |b| {
            b.to_async(&rt).iter(|| app.clone().oneshot(make()))
        });
    };
    let with_token = |uri| fx::request_maker(uri, &token);
    let without_token = |uri| {
        move || {
            Request::get(uri)
                .body(Body::empty())
                .expect("a valid request")
        }
    };

    run("unprotected", &ours, &with_token(fx::OPEN));
    run("guard", &ours, &with_token(fx::GUARDED));
    run("guard_claims_scope_path", &ours, &with_token(fx::BOUND));
    run("guard_scope_list", &ours, &with_token(fx::SCOPE));
    run("guard_claims", &ours, &with_token(fx::CLAIMS));
    run("guard_sub_path", &ours, &with_token(fx::SUB));
    run("guard_optional", &ours, &with_token("/optional"));
    run("guard_optional_absent", &ours, &without_token("/optional"));
    // The same token again and again: after the first request, a cache hit.
    let cached = fx::ours(&fx::cached_manager());
    run("guard_cached", &cached, &with_token(fx::GUARDED));
    run(
        "hand_written_decode",
        &fx::hand_written_router(),
        &with_token(fx::GUARDED),
    );
    let authorizer = rt.block_on(fx::jwt_authorizer_router());
    run("jwt_authorizer", &authorizer, &with_token(fx::GUARDED));
    run(
        "axum_jwt_auth",
        &fx::axum_jwt_auth_router(),
        &with_token(fx::GUARDED),
    );
    group.finish();
}

/// Every contender must accept the request and read the identity before it is
/// measured, or the numbers would time a refusal.
fn check(rt: &Runtime, name: &str, app: &Router, request: Request<Body>, answer: &str) {
    let (status, body) = rt.block_on(async {
        let response = app
            .clone()
            .oneshot(request)
            .await
            .expect("routers are infallible");
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16).await;
        (status, body.expect("a small body"))
    });
    assert_eq!(status, 200, "{name} must accept the request");
    assert_eq!(
        body,
        answer.as_bytes(),
        "{name} must answer with the identity"
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
