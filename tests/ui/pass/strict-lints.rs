//! A crate that denies warnings and the stricter allow-by-default lints still
//! compiles with guarded handlers: the generated items are marked hidden and
//! carry the macro's span, and bound variables that the body ignores do not warn.

#![deny(
    warnings,
    missing_docs,
    unreachable_pub,
    unused_qualifications,
    unused_results,
    rust_2018_idioms,
    single_use_lifetimes,
    trivial_casts,
    variant_size_differences
)]

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::require_token;

/// Handlers.
pub mod handlers {
    use super::*;

    /// Uses only `org` in the body; the guard reads `user`.
    #[require_token(sub = "user", scope("read"))]
    pub async fn member(Path((org, user)): Path<(u64, String)>) -> String {
        let _ = user;
        org.to_string()
    }

    #[require_token(fresh)]
    pub(crate) async fn private_handler() {}
}

fn main() {
    let _: Router = Router::new()
        .route("/orgs/{org}/{user}", get(handlers::member))
        .route("/private", get(handlers::private_handler));
}
