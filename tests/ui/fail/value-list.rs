// List values hold literals, flat: a nested list or a name inside a list is refused.
// Write: `claims(roles = ["admin", "ops"])`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(claims(roles = [["admin"], ops]))]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
