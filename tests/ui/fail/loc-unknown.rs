// Unknown token locations: a misspelling gets a did-you-mean, other words and
// non-names are refused.
// Write: `locations(headers)`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(locations(header))]
async fn typo() {}

#[require_token(locations(cookie))]
async fn typo_of_later() {}

#[require_token(locations(body, "headers"))]
async fn unsupported() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(typo))
        .route("/b", get(typo_of_later))
        .route("/c", get(unsupported));
}
