// `refresh`, `fresh`, `optional`, `any_type` and `locations` apply to the whole
// guard; inside `any/all/not` they would mean nothing.
// Write: `#[require_token(fresh, any(scope("admin"), sub = "username"))]`.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(any(fresh, sub = "username"))]
async fn fresh_inside(Path(username): Path<String>) -> String {
    username
}

#[require_token(all(refresh, claims(verified = true)), not(locations(headers)))]
async fn flags_inside() {}

fn main() {
    let _: Router = Router::new()
        .route("/a/{username}", get(fresh_inside))
        .route("/b", get(flags_inside));
}
