// The two `scope` forms in different places of one attribute (here one inside
// `any(..)`); each participant is marked.
// Write: one form throughout, e.g. `scope("admin")` and `any(scope("read"), ..)`.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(scope(admin = true), any(scope("read"), sub = "username"))]
async fn handler(Path(username): Path<String>) -> String {
    username
}

fn main() {
    let _: Router = Router::new().route("/{username}", get(handler));
}
