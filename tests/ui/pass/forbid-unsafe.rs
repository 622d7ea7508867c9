//! A crate that forbids unsafe code can use every guard form, `locations(..)`
//! included (its registration must not need an unsafe attribute).

#![forbid(unsafe_code)]

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(locations(cookies, headers))]
async fn cookies_first() -> &'static str {
    "ok"
}

#[require_token(fresh, claims(role = "admin"))]
async fn admin() -> &'static str {
    "ok"
}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(cookies_first))
        .route("/b", get(admin));
}
