// Literals that are not JSON values or do not fit: a char, a byte string, an
// integer with a type suffix, an integer beyond `i64`.
// Write: `claims(grade = "A", tag = "x", level = 3, big = 9223372036854775807)`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(claims(grade = 'A', tag = b"x", level = 3u8, big = 9223372036854775808))]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
