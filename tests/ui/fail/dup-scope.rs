// The same scope name, or the same key of the `scope` object, given twice.
// Write: `scope("read")`, `scope(admin = true)`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(scope("read", "read"))]
async fn name() {}

#[require_token(scope(perm.read = true, perm.read = false))]
async fn key() {}

fn main() {
    let _: Router = Router::new().route("/a", get(name)).route("/b", get(key));
}
