// An uppercase name in `#[require_token]` is a named guard, so it must be one
// declared with `guard!`.
// Write: `jwt_guard::guard!(Admin = scope(admin = true));`

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

struct Admin;

#[require_token(Admin)]
async fn handler() {}

fn main() {
    let _ = Admin;
    let _: Router = Router::new().route("/", get(handler));
}
