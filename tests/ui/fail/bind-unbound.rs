// `sub = "usrname"` names a path variable the handler does not bind; the error
// lists what the `Path` pattern binds and suggests the closest.
// Write: `sub = "username"`.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(sub = "usrname")]
async fn handler(Path(username): Path<String>) -> String {
    username
}

fn main() {
    let _: Router = Router::new().route("/users/{username}", get(handler));
}
