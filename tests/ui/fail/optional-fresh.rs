// `optional` with `fresh`: a request without a token would pass while a
// signed-in user whose token is not fresh is refused.
// Write: `#[require_token(fresh)]`, or keep `optional` and check
// `token.is_fresh()` in the handler through `Option<Token>`.

use axum::Router;
use axum::routing::post;
use jwt_guard::{Token, require_token};

#[require_token(fresh, optional)]
async fn handler(token: Option<Token>) -> &'static str {
    let _ = token;
    "changed"
}

fn main() {
    let _: Router = Router::new().route("/password", post(handler));
}
