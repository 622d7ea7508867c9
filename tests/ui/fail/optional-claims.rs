// `optional` lets a request without a token through, so a claim requirement
// would refuse a signed-in non-admin while an anonymous request passes.
// Write: `#[require_token(claims(role = "admin"))]`, or keep `optional` and
// check the claim in the handler through `Option<Token>`.

use axum::Router;
use axum::routing::get;
use jwt_guard::{Token, require_token};

#[require_token(optional, claims(role = "admin"))]
async fn handler(token: Option<Token>) -> &'static str {
    let _ = token;
    "admin"
}

fn main() {
    let _: Router = Router::new().route("/admin", get(handler));
}
