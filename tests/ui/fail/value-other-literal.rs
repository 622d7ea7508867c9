// Literals that are not JSON values or do not fit: a char, a byte string, an
// integer with a type suffix, an integer beyond `i64`, a string with a suffix
// (rustc passes `"admin"x` to the macro as one literal).
// Write: `claims(grade = "A", tag = "x", level = 3, big = 9223372036854775807)`,
// `claims(role = "admin")`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(claims(grade = 'A', tag = b"x", level = 3u8, big = 9223372036854775808))]
async fn handler() {}

#[require_token(claims(role = "admin"x))]
async fn suffixed() {}

fn main() {
    let _: Router = Router::new()
        .route("/", get(handler))
        .route("/s", get(suffixed));
}
