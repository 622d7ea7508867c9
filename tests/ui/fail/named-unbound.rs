// A named guard's path variable must be bound by the `Path` of each handler
// that uses it; the check runs where the guard is used.
// Write: `async fn profile(Path(username): Path<String>)`.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::{guard, require_token};

guard!(Owner = sub = "username");

#[require_token(Owner)]
async fn profile(Path(id): Path<String>) -> String {
    id
}

#[require_token(Owner)]
async fn no_path() {}

fn main() {
    let _: Router = Router::new()
        .route("/{id}", get(profile))
        .route("/", get(no_path));
}
