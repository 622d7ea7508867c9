// A path variable is compared as JSON, so its type must implement
// `serde::Serialize`; rustc's own error marks the variable.
// Write: `#[derive(Deserialize, Serialize)] struct UserId(String);`.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::require_token;

#[derive(serde::Deserialize)]
struct UserId(String);

#[require_token(sub = "id")]
async fn handler(Path(id): Path<UserId>) -> String {
    id.0
}

fn main() {
    let _: Router = Router::new().route("/{id}", get(handler));
}
