// `locations()` lists nowhere to look for the token.
// Write: `locations(headers)`, or remove it to use the manager's default.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(locations())]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
