// The guard re-extracts the `Path` in a non-generic impl, so a path variable it
// reads cannot have the handler's generic type.
// Write: a concrete type, `Path(id): Path<String>`.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(sub = "id")]
async fn handler<T>(Path(id): Path<T>) -> String
where
    T: serde::de::DeserializeOwned + Send + 'static,
{
    let _ = id;
    String::new()
}

fn main() {
    let _: Router = Router::new().route("/{id}", get(handler::<String>));
}
