// Outside `claims(..)`, `CLAIM = ..` binds the claim to a path variable and takes
// the variable's name as a string; a literal there is a mistake, and so is the
// variable's name without quotes.
// Write: `claims(sub = 5)` to compare with a literal, `sub = "username"` to compare
// with the path variable.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(sub = 5)]
async fn literal() {}

#[require_token(sub = username)]
async fn unquoted(Path(username): Path<String>) -> String {
    username
}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(literal))
        .route("/b/{username}", get(unquoted));
}
