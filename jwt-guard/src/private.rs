//! Items the `#[require_token]` expansion names. **Not public API**: anything
//! here may change in any release. The runtime depends on the macro crate with
//! an exact `=x.y.z` requirement, so the expansion always comes from the macro
//! release made with this runtime and the two agree on these items. Only
//! re-exports: the model is `spec.rs`, the extractor `guarded.rs`.

pub use crate::audit::Public;
pub use crate::guarded::{Guarded, extract_path, path_value};
pub use crate::location::TokenLocation as Location;
pub use crate::named::NamedGuard;
pub use crate::named_use::{Binding, BindingValue, Message, position, unbound};
pub use crate::spec::{Accepts, Expect, GuardSpec, Lit, NamedSpec, ROUTE_LOCATIONS, Req, Spec};
pub use axum::http::request::Parts;
pub use axum::response::Response;
pub use linkme;
pub use serde_json::Value;
