// A token location listed twice: the first location that holds a token
// decides, so a repeat can only be a slip.
// Write: `locations(headers)` or `locations(cookies, query)`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(locations(headers, headers))]
async fn handler() {}

#[require_token(locations(cookies, query, cookies))]
async fn browser() {}

fn main() {
    let _: Router = Router::new()
        .route("/", get(handler))
        .route("/b", get(browser));
}
