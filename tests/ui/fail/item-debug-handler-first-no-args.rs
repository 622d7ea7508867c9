// A handler with no arguments has none to fold the guard into, so the guard is
// a new argument; `#[debug_handler]` above `#[require_token]` then calls its copy
// of the item with no arguments and rustc reports the missing one.
// Write `#[debug_handler]` below `#[require_token]` for such a handler.

use axum::routing::get;
use axum::{Router, debug_handler};
use jwt_guard::require_token;

#[debug_handler]
#[require_token]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
