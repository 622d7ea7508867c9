// Inside `any/all/not` go `CLAIM = "var"`, `claims(..)`, `scope(..)` and further
// `any/all/not`; a misspelling gets a did-you-mean, a value is refused.
// Write: `all(claims(verified = true))`, `any(scope("admin"), ..)`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

#[require_token(all(clams(verified = true)))]
async fn typo() {}

#[require_token(any(admin, "read"))]
async fn not_requirements() {}

fn main() {
    let _: Router = Router::new()
        .route("/a", get(typo))
        .route("/b", get(not_requirements));
}
