// Syntax errors in the arguments: a doubled comma, a missing value. The handler
// is checked anyway, so its own mistake (not `async`) is reported in the same
// compile.
// Write: `#[require_token(fresh)]` on an `async fn`, and `sub = "username"`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(fresh,,)]
fn doubled_comma() {}

#[require_token(sub = )]
fn missing_value() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(doubled_comma))
        .route("/b", get(missing_value));
}
