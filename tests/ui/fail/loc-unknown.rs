// Unknown token locations: a misspelling gets a did-you-mean (Flask-JWT-Extended's
// `query_string` too), the body is refused with the reason, other words and
// non-names are refused with the list.
// Write: `locations(headers)`, `locations(cookies)` or `locations(query)`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(locations(header))]
async fn typo() {}

#[require_token(locations(cookie, query_string))]
async fn other_names() {}

#[require_token(locations(json, url, "headers"))]
async fn unsupported() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(typo))
        .route("/b", get(other_names))
        .route("/c", get(unsupported));
}
