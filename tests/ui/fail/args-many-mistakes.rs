// Eight mistakes in one attribute, all reported in one compile (ten errors): a
// misspelt flag, a flag given a value, a constant and a float as claim values, an
// unbound path variable, both `scope` forms at once (marked on each), an empty
// `any()`, and `refresh` with `any_type` (marked on each).
// Write: `#[require_token(fresh, claims(level = 3), sub = "username",
// scope("read"), refresh)]`.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(
    frsh,
    optional = true,
    claims(level = MAX, ratio = 1.5),
    sub = "usrname",
    scope(admin = true, "read"),
    any(),
    refresh,
    any_type
)]
async fn handler(Path(username): Path<String>) -> String {
    username
}

fn main() {
    let _: Router = Router::new().route("/users/{username}", get(handler));
}
