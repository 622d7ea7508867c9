//! Guarded requests to count under callgrind, where instruction counts stay
//! the same on a busy machine (BENCHMARKS.md, "Instruction counts"):
//!
//! ```text
//! cargo bench --bench callgrind --no-run
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/deps/callgrind-* cookie 2000
//! ```
//!
//! The first argument picks the request (`bearer`, `cookie`, `cookies`: the
//! token cookie among a browser's usual others), or `set-cookie` for the
//! `Set-Cookie` values of a login (access and refresh cookies with their CSRF
//! cookies) without a request; the second how many to run.
//! Instructions per request are the difference between two counts divided by
//! the difference in requests, so that start-up drops out.

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use jwt_guard::{JwtManager, Token, TokenLocation, require_token};
use tower::ServiceExt;

const SECRET: &str = "benchmark-secret-of-at-least-32-bytes!";

#[require_token]
async fn guarded(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let case = args.next().unwrap_or_else(|| "cookie".to_owned());
    let n: usize = args.next().map_or(1000, |n| n.parse().expect("a count"));
    let manager = JwtManager::builder()
        .secret(SECRET)
        .token_locations([TokenLocation::Cookies, TokenLocation::Headers])
        .build()
        .unwrap();
    let token = manager.create_access_token("alice").unwrap();
    if case == "set-cookie" {
        let refresh = manager.create_refresh_token("alice").unwrap();
        for _ in 0..n {
            let set = manager.cookies().set_access(&token).set_refresh(&refresh);
            assert_eq!(set.to_header_values().unwrap().len(), 4);
        }
        return;
    }
    let (name, value) = match case.as_str() {
        "bearer" => ("authorization", format!("Bearer {token}")),
        "cookie" => ("cookie", format!("access_token_cookie={token}")),
        "cookies" => (
            "cookie",
            format!(
                "theme=dark; _ga=GA1.2.1234567890.1700000000; lang=en-GB; \
                 access_token_cookie={token}; csrf_access_token=0b5e8a41-3a0e-4b57-a1f4-2c8e9d7f6a10"
            ),
        ),
        other => panic!("unknown case {other}: bearer, cookie, cookies or set-cookie"),
    };
    let app = Router::new()
        .route("/guarded", get(guarded))
        .layer(manager.layer());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        for _ in 0..n {
            let req = Request::get("/guarded")
                .header(name, &value)
                .body(Body::empty())
                .unwrap();
            let res = app.clone().oneshot(req).await.unwrap();
            assert_eq!(res.status(), 200);
        }
    });
}
