// The named guard compares `sub` with `username`, so the handler's binding of
// `username` must be `serde::Serialize` (other bindings need not be).
// Write: `Path(username): Path<String>`, or derive `Serialize`.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::{guard, require_token};

guard!(Owner = sub = "username");

#[derive(serde::Deserialize)]
struct Name(String);

#[require_token(Owner)]
async fn profile(Path(username): Path<Name>) -> String {
    username.0
}

fn main() {
    let _: Router = Router::new().route("/{username}", get(profile));
}
