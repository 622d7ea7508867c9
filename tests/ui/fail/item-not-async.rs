// Axum handlers guarded by `#[require_token]` must be `async fn`; the error is on
// the `fn` keyword.
// Write: `async fn handler() -> &'static str`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token]
fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
