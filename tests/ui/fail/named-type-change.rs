// A use adds requirements to a named guard; it cannot change the token type
// the guard accepts (a guard that names none accepts access tokens).
// Write: a separate guard, `guard!(FreshRefresh = refresh, fresh);`

use axum::Router;
use axum::routing::get;
use jwt_guard::{guard, require_token};

guard!(FreshAdmin = fresh, scope(admin = true));
guard!(RefreshOnly = refresh);

#[require_token(FreshAdmin, refresh)]
async fn renew() {}

#[require_token(RefreshOnly, any_type)]
async fn logout() {}

fn main() {
    let _: Router = Router::new()
        .route("/renew", get(renew))
        .route("/logout", get(logout));
}
