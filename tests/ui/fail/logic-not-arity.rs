// `not(..)` takes exactly one requirement.
// Write: `not(scope("banned"))`; to negate several, `not(all(..))` or `not(any(..))`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(not())]
async fn nothing() {}

#[require_token(not(scope("banned"), claims(locked = true), claims(deleted = true)))]
async fn several() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(nothing))
        .route("/b", get(several));
}
