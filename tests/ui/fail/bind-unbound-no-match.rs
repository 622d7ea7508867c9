// A path variable that is not bound and not close to a bound one: perhaps a literal
// comparison was meant.
// Write: `sub = "user"` (the variable), or `claims(sub = "id")` (the literal string).

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(sub = "id")]
async fn handler(Path((org, user)): Path<(u64, String)>) -> String {
    format!("{org}/{user}")
}

fn main() {
    let _: Router = Router::new().route("/orgs/{org}/{user}", get(handler));
}
