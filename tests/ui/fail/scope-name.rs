// Scope names are non-empty strings without whitespace (the `scope` claim is
// space-separated, RFC 6749 §3.3); a number or a bare word is not a scope name.
// Write: `scope("read", "users")`, `scope("admin")`, or `scope(admin = true)` for
// the key of a `scope` object.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(scope("read users"))]
async fn whitespace() {}

#[require_token(scope(""))]
async fn empty() {}

#[require_token(scope(5))]
async fn number() {}

#[require_token(scope(admin))]
async fn bare_word() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(whitespace))
        .route("/b", get(empty))
        .route("/c", get(number))
        .route("/d", get(bare_word));
}
