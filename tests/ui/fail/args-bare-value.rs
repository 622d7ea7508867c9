// A value where a guard argument belongs: the attribute does not know whether
// `"admin"` is a scope, a role or a path variable.
// Write: `scope("admin")` for a scope, `claims(role = "admin")` for a claim value.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token("admin")]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
