// Guard values are fixed at compile time: a name (a constant, a variable) or an
// expression cannot be used, only a literal.
// Write: `claims(level = 3)`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(claims(level = MAX))]
async fn constant() {}

#[require_token(claims(level = 1 + 2))]
async fn expression() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(constant))
        .route("/b", get(expression));
}
