// Named guards in awkward surroundings: a path-qualified use, doc attributes,
// visibility, a use inside a function, generic handlers, `State`, and a
// prelude shadowed where the guard is declared and used.

#![deny(warnings, missing_docs)]
//! A crate of guards.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use jwt_guard::{JwtManager, public, require_token};

/// The guards.
pub mod guards {
    jwt_guard::guard!(
        /// Administrators only.
        #[allow(dead_code)]
        pub Admin = scope(admin = true)
    );
    jwt_guard::guard!(
        /// The user in the path.
        pub Owner = sub = "username"
    );
}

#[allow(dead_code, non_camel_case_types, non_upper_case_globals)]
mod shadowed {
    // Constants named like the expansion's locals would turn a binding
    // pattern into a constant pattern.
    const index: usize = 0;
    const var: &str = "";
    const req: u8 = 0;
    const locations: u8 = 0;
    struct Option;
    struct Some;
    struct None;
    struct Result;
    struct Ok;
    struct Vec;
    struct Clone;
    struct Copy;
    struct Default;
    struct Debug;
    jwt_guard::guard!(pub(crate) Shadowed = fresh, sub = "username", locations(headers));

    #[jwt_guard::require_token(Shadowed, org = "org", claims(x = 1))]
    pub(crate) async fn member(
        axum::extract::Path((org, username)): axum::extract::Path<(String, String)>,
    ) -> String {
        format!("{org}/{username}")
    }
}

#[require_token(guards::Admin)]
async fn dashboard(State(_manager): State<JwtManager>) {}

#[require_token(guards::Owner, claims(verified = true))]
async fn profile<T: Send + 'static>(Path(username): Path<String>) -> String {
    let _ = std::marker::PhantomData::<T>;
    username
}

/// Deserialized only: a binding no named guard compares need not be `Serialize`.
#[derive(serde::Deserialize)]
struct Opaque {
    _id: String,
}

#[require_token(guards::Owner)]
async fn opaque(Path((username, _opaque)): Path<(String, Opaque)>) -> String {
    username
}

#[public]
async fn health(State(_manager): State<JwtManager>) {}

fn main() {
    let manager = JwtManager::builder()
        .secret("a-32-byte-secret-from-the-environment!")
        .build()
        .unwrap();
    let _layer = guards::Admin::layer();
    let _: Router = Router::new()
        .route("/", get(dashboard))
        .route("/health", get(health))
        .route("/users/{username}", get(profile::<u8>))
        .route("/orgs/{org}/{username}", get(shadowed::member))
        .route("/opaque/{username}/{id}", get(opaque))
        .with_state(manager);
}
