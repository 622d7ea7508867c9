// `any()` with no alternative can never pass, `all()` with nothing requires nothing.
// Write: `any(scope("admin"), sub = "username")`, `all(scope("read"), claims(verified = true))`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(any())]
async fn empty_any() {}

#[require_token(all())]
async fn empty_all() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(empty_any))
        .route("/b", get(empty_all));
}
