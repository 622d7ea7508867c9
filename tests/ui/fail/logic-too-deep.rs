// `any`, `all` and `not` nest at most 16 deep: the 17th level is refused where
// it starts, and nothing inside it is read. Sixteen levels still compile.
// Brackets of any kind nest at most 32 deep: deeper input is refused before it
// is parsed at all.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(not(not(not(not(not(not(not(not(not(not(not(not(not(not(not(not(not(scope("banned")))))))))))))))))))]
async fn too_deep() {}

#[require_token(not(not(not(not(not(not(not(not(not(not(not(not(not(not(not(not(scope("banned"))))))))))))))))))]
async fn deep_enough() {}

#[require_token(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(any(sub = "username")))))))))))))))))))))))))))))))))))))))))]
async fn far_too_deep() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(too_deep))
        .route("/b", get(deep_enough))
        .route("/c", get(far_too_deep));
}
