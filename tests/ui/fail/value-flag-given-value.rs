// Keywords used in the wrong shape: a flag given a value or arguments, a list
// keyword without its parentheses.
// Write: `fresh`, `refresh`, `claims(role = "admin")`, `scope("read")`,
// `locations(headers)`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(fresh = true)]
async fn flag_with_value() {}

#[require_token(refresh(always))]
async fn flag_with_arguments() {}

#[require_token(claims)]
async fn claims_without_list() {}

#[require_token(scope = "read")]
async fn scope_with_value() {}

#[require_token(locations = "headers")]
async fn locations_with_value() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(flag_with_value))
        .route("/b", get(flag_with_arguments))
        .route("/c", get(claims_without_list))
        .route("/d", get(scope_with_value))
        .route("/e", get(locations_with_value));
}
