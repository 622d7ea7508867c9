// The same claim required twice: under an AND it can only equal one value.
// Write: one value, or alternatives: `any(claims(role = "a"), claims(role = "b"))`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(claims(role = "admin", role = "ops"))]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
