//! The guard's checks for a token that did not come in an HTTP request: a
//! WebSocket message, a job from a queue, a gRPC call.
//!
//! [`JwtManager::authorize`] takes the raw token and the [`Requirements`] a
//! `#[require_token(..)]` attribute would declare, runs the guard's whole
//! pipeline (revocation, the application's check and the user loader
//! included) and returns the admitted token as [`Authorized`], or the
//! [`GuardError`] the guard would answer with.
//!
//! ```
//! use jwt_guard::JwtManager;
//! use jwt_guard::authorize::Requirements;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let manager = JwtManager::builder()
//!     .secret("a-32-byte-secret-from-the-environment!")
//!     .build()?;
//! let raw = manager.access_token("alice").claim("role", "admin").mint()?;
//! // The first message on a WebSocket carries the token.
//! let admins = Requirements::access().claim("role", "admin");
//! let admitted = manager.authorize(&raw, &admins).await?;
//! assert_eq!(admitted.token().identity_str(), Some("alice"));
//! # Ok(())
//! # }
//! ```

use serde_json::Value;

use crate::config::user::LoadedUser;
use crate::error::GuardError;
use crate::guard;
use crate::manager::JwtManager;
use crate::spec::Accepts;
use crate::token::Token;
use crate::user;

/// What [`JwtManager::authorize`] requires of a token besides a valid
/// signature and times: its type, freshness, claims and scopes, as
/// `#[require_token(..)]` declares them for a route.
///
/// ```
/// use jwt_guard::authorize::Requirements;
/// use serde_json::json;
///
/// let admins = Requirements::access()
///     .fresh()
///     .claim("role", "admin")
///     .claim("org.id", json!(7))
///     .scopes(["orders:read"]);
/// # let _ = admins;
/// ```
#[derive(Debug, Clone)]
pub struct Requirements {
    accepts: Accepts,
    fresh: bool,
    claims: Vec<(String, Value)>,
    scopes: Vec<String>,
}

impl Requirements {
    /// Access tokens only (what a bare `#[require_token]` takes).
    pub fn access() -> Self {
        Self::of(Accepts::Access)
    }

    /// Refresh tokens only (`#[require_token(refresh)]`).
    pub fn refresh() -> Self {
        Self::of(Accepts::Refresh)
    }

    /// Either type (`#[require_token(any_type)]`).
    pub fn any_type() -> Self {
        Self::of(Accepts::Any)
    }

    fn of(accepts: Accepts) -> Self {
        Self {
            accepts,
            fresh: false,
            claims: Vec::new(),
            scopes: Vec::new(),
        }
    }

    /// A fresh token only (`fresh`).
    pub fn fresh(mut self) -> Self {
        self.fresh = true;
        self
    }

    /// The claim at `path` (dot-separated object keys from the payload root,
    /// as in `claims(org.id = 7)`) must equal `value` as JSON, without
    /// coercion: `7` is not `"7"`, and an array must equal the whole array.
    pub fn claim(mut self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.claims.push((path.into(), value.into()));
        self
    }

    /// The scope claim ([`JwtConfig::scope_claim`](crate::JwtConfig::scope_claim),
    /// a space-separated string or an array of strings) must hold every one
    /// of `scopes` (`scope("a", "b")`).
    pub fn scopes(mut self, scopes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    fn claims_hold(&self, token: &Token, scope_claim: &str) -> bool {
        let claims = token.claims();
        let equal = |(path, want): &(String, Value)| {
            let mut keys = path.split('.');
            let first = keys.next().and_then(|key| claims.get(key));
            keys.try_fold(first, |value, key| Some(value?.as_object()?.get(key)))
                .flatten()
                .is_some_and(|have| have == want)
        };
        let wanted: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
        self.claims.iter().all(equal)
            && (wanted.is_empty() || crate::req::scope_has_all(claims.get(scope_claim), &wanted))
    }
}

impl Default for Requirements {
    /// [`Requirements::access`].
    fn default() -> Self {
        Self::access()
    }
}

/// A token [`JwtManager::authorize`] admitted, with the user the manager's
/// [`user_loader`](crate::JwtConfig::user_loader) loaded for it.
#[derive(Clone)]
pub struct Authorized {
    token: Token,
    user: Option<LoadedUser>,
}

impl Authorized {
    /// The verified token.
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// The verified token, by value.
    pub fn into_token(self) -> Token {
        self.token
    }

    /// The loaded user, when the manager has a loader and `U` is the type it
    /// returns.
    pub fn user<U: 'static>(&self) -> Option<&U> {
        self.user.as_ref()?.get::<U>()
    }
}

impl std::fmt::Debug for Authorized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorized")
            .field("token", &self.token)
            .field("user", &self.user.is_some())
            .finish()
    }
}

/// [`JwtManager::authorize`]'s body; the method itself is in `extract.rs`
/// with the other methods that run the guard's pipeline, above the handle.
pub(crate) async fn authorize(
    manager: &JwtManager,
    raw: &str,
    requirements: &Requirements,
) -> Result<Authorized, GuardError> {
    let token = guard::verify_refreshing(manager, raw.as_bytes()).await?;
    guard::admit(manager, &token, requirements.accepts, requirements.fresh).await?;
    let config = &manager.inner.config;
    let user = match &config.user_loader {
        Some(loader) => Some(user::load_user(loader, &token).await?),
        None => None,
    };
    if !requirements.claims_hold(&token, &config.scope_claim) {
        return Err(GuardError::insufficient());
    }
    Ok(Authorized { token, user })
}
