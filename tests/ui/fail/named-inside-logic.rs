// A named guard applies as a whole: it cannot be an alternative in `any(..)`
// or go inside `all(..)`/`not(..)`.
// Write: `#[require_token(Admin, any(..))]`.

use axum::extract::Path;
use jwt_guard::{guard, require_token};

mod guards {
    jwt_guard::guard!(pub Admin = scope(admin = true));
}
guard!(Admin = scope(admin = true));

#[require_token(any(Admin, sub = "username"))]
async fn either(Path(username): Path<String>) {
    let _ = username;
}

#[require_token(not(guards::Admin))]
async fn not_admin() {}

fn main() {}
