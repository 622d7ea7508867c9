// A named guard that names its locations cannot have them replaced by a use.
// Write: `#[require_token(CookieOnly)]`, or a separate guard.

use axum::Router;
use axum::routing::get;
use jwt_guard::{guard, require_token};

guard!(CookieOnly = locations(cookies));

#[require_token(CookieOnly, locations(headers))]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
