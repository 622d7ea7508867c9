// `refresh` (only refresh tokens) and `any_type` (both kinds) contradict each
// other; the conflict is marked on each.
// Write: `#[require_token(refresh)]` or `#[require_token(any_type)]`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(refresh, any_type)]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
