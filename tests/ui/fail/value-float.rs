// Float literals are refused: a float claim cannot be compared exactly, and the
// runtime compares integers strictly (`2` is not `2.0`).
// Write: an integer (`claims(ratio = 2)`) or a string (`claims(ratio = "1.5")`).

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(claims(ratio = 1.5, offset = -0.5))]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
