// Cookies and the query string are not available as token locations yet (they
// arrive with cookie and query-string transport support); until then only the
// `Authorization` header.
// Write: `locations(headers)`, or no `locations(..)` for the manager's default.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(locations(cookies, query))]
async fn handler() {}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
