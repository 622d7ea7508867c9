// `#[require_token]` guards a handler function; on a struct, a constant or an
// impl block it has nothing to guard.
// Write: the attribute on the `async fn` that handles the route.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token]
struct NotAHandler;

#[require_token(fresh)]
const ALSO_NOT: u8 = 0;

async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
