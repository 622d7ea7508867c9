// A token location listed twice.
// Write: `locations(headers)`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(locations(headers, headers))]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
