//! The CSRF double-submit settings of [`JwtConfig`](crate::JwtConfig)
//! (docs/guard-reference.md §3b): whether cookie tokens need it, on which
//! methods, and where the value comes from. Their setters are in `setters.rs`.

use axum::http::{HeaderName, Method};

/// The double-submit settings.
#[derive(Debug, Clone)]
pub(crate) struct CsrfConfig {
    pub(crate) protect: bool,
    pub(crate) methods: Vec<Method>,
    pub(crate) header: HeaderName,
    pub(crate) form_field: String,
}

impl Default for CsrfConfig {
    fn default() -> Self {
        Self {
            protect: true,
            methods: vec![Method::POST, Method::PUT, Method::PATCH, Method::DELETE],
            header: HeaderName::from_static("x-csrf-token"),
            form_field: "csrf_token".to_owned(),
        }
    }
}
