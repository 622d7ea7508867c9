// A guard argument given twice; the second one is marked.
// Write: `#[require_token(fresh, locations(headers))]`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(fresh, fresh, locations(headers), locations(headers))]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
