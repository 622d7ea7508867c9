// Two `#[require_token]` attributes on one handler would add two guards and two
// clashing spec types; the first one reports it and leaves the second to guard
// the handler.
// Write: one attribute, `#[require_token(fresh, scope("read"))]`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(fresh)]
#[require_token(scope("read"))]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
