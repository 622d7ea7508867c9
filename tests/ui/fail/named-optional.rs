// `optional` cannot loosen a named guard that requires a token, and an
// optional named guard takes no requirement on the token's contents.
// Write: an optional guard of its own, or check `Option<Token>` in the handler.

use axum::Router;
use axum::routing::get;
use jwt_guard::{guard, require_token};

guard!(Member = claims(member = true));
guard!(Maybe = optional);

#[require_token(Member, optional)]
async fn loosened() {}

#[require_token(Maybe, fresh, claims(role = "admin"))]
async fn tightened() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(loosened))
        .route("/b", get(tightened));
}
