//! Named guards over whole routers, composed with handler guards, and as the
//! `Guard<G>` extractor (issue 14), through real routers. The guards are in
//! `router_guards/guards.rs`.

mod composition;
mod extractor;
pub(crate) mod guards;
mod nest;
mod paths;
mod pipeline;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use jwt_guard::{JwtConfig, JwtManager, Token};
use serde_json::json;

use crate::common::SECRET;

/// How many times the manager's `token_check` hook ran: once per admitted
/// token, so a second verification of the same token shows as a 2.
#[derive(Clone, Default)]
struct Hooks(Arc<AtomicUsize>);

impl Hooks {
    fn install(&self, config: JwtConfig) -> JwtConfig {
        let count = self.0.clone();
        config.token_check(move |_| {
            count.fetch_add(1, Ordering::SeqCst);
            true
        })
    }

    /// The count since the last call.
    fn take(&self) -> usize {
        self.0.swap(0, Ordering::SeqCst)
    }
}

fn counted_manager(hooks: &Hooks) -> JwtManager {
    hooks
        .install(JwtManager::builder().secret(SECRET))
        .build()
        .unwrap()
}

/// An access token for `sub` with `scope: {"admin": admin}`.
fn scoped(manager: &JwtManager, sub: &str, admin: bool) -> String {
    manager
        .access_token(sub)
        .claim("scope", json!({ "admin": admin }))
        .mint()
        .unwrap()
}

/// The handler behind most guards: who the admitted token belongs to.
async fn whoami(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}
