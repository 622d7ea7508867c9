// Unknown guard arguments. A misspelling close to a keyword gets a did-you-mean
// (`frsh` -> `fresh`, `claim` -> `claims`, `scopes` -> `scope`); anything else gets
// the list of valid arguments.
// Write: `#[require_token(fresh)]`, `claims(role = "admin")`, `scope("read")`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(frsh)]
async fn typo_flag() {}

#[require_token(claim(role = "admin"))]
async fn typo_group() {}

#[require_token(scopes("read"))]
async fn typo_scope() {}

#[require_token(admin)]
async fn not_a_keyword() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(typo_flag))
        .route("/b", get(typo_group))
        .route("/c", get(typo_scope))
        .route("/d", get(not_a_keyword));
}
