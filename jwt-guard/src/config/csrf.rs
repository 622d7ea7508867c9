//! The CSRF double-submit settings of [`JwtConfig`] (docs/guard-reference.md §3b):
//! whether cookie tokens need it, on which methods, and where the value comes.

use axum::http::{HeaderName, Method};

use crate::config::JwtConfig;

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

/// The CSRF double-submit settings.
impl JwtConfig {
    /// Whether cookie-borne tokens need the double-submit check (on by default).
    /// When off, minted tokens carry no `csrf` claim and the cookie helpers set
    /// no CSRF cookies; only turn it off when something else stops cross-site
    /// requests (`SameSite=Strict` alone does not cover sibling subdomains).
    pub fn csrf_protect(mut self, on: bool) -> Self {
        self.csrf.protect = on;
        self
    }

    /// The methods that need the CSRF header (POST, PUT, PATCH and DELETE by
    /// default). Other methods must not change state.
    ///
    /// ```
    /// use axum::http::Method;
    /// let config = jwt_guard::JwtConfig::new().csrf_methods([Method::POST, Method::DELETE]);
    /// # let _ = config;
    /// ```
    pub fn csrf_methods(mut self, methods: impl IntoIterator<Item = Method>) -> Self {
        self.csrf.methods = methods.into_iter().collect();
        self
    }

    /// The header that carries the CSRF value (`X-CSRF-TOKEN` by default).
    pub fn csrf_header_name(mut self, name: HeaderName) -> Self {
        self.csrf.header = name;
        self
    }

    /// The form field [`JwtManager::csrf_form_layer`](crate::JwtManager::csrf_form_layer) reads the CSRF value from
    /// (`csrf_token` by default).
    pub fn csrf_form_field(mut self, name: impl Into<String>) -> Self {
        self.csrf.form_field = name.into();
        self
    }
}
