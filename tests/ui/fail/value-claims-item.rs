// `claims(..)` holds only `name = value` pairs.
// Write: `claims(admin = true)`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(claims(admin, "ops"))]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
