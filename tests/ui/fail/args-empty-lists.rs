// `claims()` and `scope()` with nothing inside require nothing, which is almost
// certainly an unfinished edit.
// Write: `claims(role = "admin")`, `scope("read:users")`, or remove them.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(claims())]
async fn no_claims() {}

#[require_token(scope())]
async fn no_scopes() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(no_claims))
        .route("/b", get(no_scopes));
}
