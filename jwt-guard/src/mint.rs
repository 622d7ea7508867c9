//! Minting tokens beyond the two one-liners on [`JwtManager`]: per-token
//! lifetime, freshness and claims.
//!
//! [`JwtManager::create_access_token`] and
//! [`JwtManager::create_refresh_token`] cover a plain login. For anything
//! more, [`JwtManager::access_token`] and [`JwtManager::refresh_token`] give a
//! [`TokenBuilder`]; [`TokenBuilder::mint`] signs it, or says in a
//! [`MintError`] why it cannot. [`Fresh`] is what a token says about
//! freshness, as minted and as read back with [`Token::fresh`].
//!
//! ```
//! use std::time::Duration;
//! use jwt_guard::JwtManager;
//! use jwt_guard::mint::{Fresh, MintError};
//!
//! let manager = JwtManager::builder()
//!     .secret("a-32-byte-secret-from-the-environment!")
//!     .build()?;
//! // Just logged in with a password: fresh for ten minutes.
//! let raw = manager
//!     .access_token("alice")
//!     .fresh(Duration::from_secs(600))
//!     .expires_in(Duration::from_secs(3600))
//!     .claim("role", "admin")
//!     .mint()?;
//! let token = manager.verify(&raw)?;
//! assert!(matches!(token.fresh(), Fresh::Until(_)));
//!
//! // The claims jwt-guard writes itself cannot be overridden.
//! let err = manager.access_token("alice").claim("exp", 0).mint();
//! assert_eq!(err, Err(MintError::ReservedClaim("exp".into())));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`JwtManager`]: crate::JwtManager
//! [`JwtManager::create_access_token`]: crate::JwtManager::create_access_token
//! [`JwtManager::create_refresh_token`]: crate::JwtManager::create_refresh_token
//! [`JwtManager::access_token`]: crate::JwtManager::access_token
//! [`JwtManager::refresh_token`]: crate::JwtManager::refresh_token
//! [`Token::fresh`]: crate::Token::fresh

// The builder holds the manager's shared state rather than the handle, so the
// implicit-refresh layer, which the handle hands out, can mint too.

use std::fmt;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};

use jsonwebtoken::Header;
use serde::Serialize;
use serde_json::{Map, Value};

pub use crate::claims::Fresh;
use crate::claims::{RESERVED, TokenType, end_of_time, issued_at_claim, unix_seconds};
use crate::shared::Shared;

/// Options for one token; finish with [`mint`](Self::mint).
#[must_use = "a TokenBuilder does nothing until `.mint()`"]
pub struct TokenBuilder<'m> {
    shared: &'m Shared,
    token_type: TokenType,
    identity: Result<Value, String>,
    fresh: Fresh,
    lifetime: Option<Option<Duration>>,
    issued_at: Option<SystemTime>,
    claims: Vec<(String, Result<Value, String>)>,
    /// The CSRF value to repeat instead of a new one (implicit refresh).
    csrf: Option<String>,
}

impl<'m> TokenBuilder<'m> {
    pub(crate) fn new(shared: &'m Shared, token_type: TokenType, identity: impl Serialize) -> Self {
        Self {
            shared,
            token_type,
            identity: serde_json::to_value(identity).map_err(|e| e.to_string()),
            fresh: Fresh::No,
            lifetime: None,
            issued_at: None,
            claims: Vec::new(),
            csrf: None,
        }
    }

    /// Carries `csrf` over from the token this one renews, so requests already
    /// in flight with the old CSRF header still pass.
    pub(crate) fn keep_csrf(mut self, csrf: String) -> Self {
        self.csrf = Some(csrf);
        self
    }

    /// Freshness: `true`, `false`, or a [`Duration`] it stays fresh for.
    pub fn fresh(mut self, fresh: impl Into<Fresh>) -> Self {
        self.fresh = fresh.into();
        self
    }

    /// This token's lifetime instead of the configured one.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.lifetime = Some(Some(lifetime));
        self
    }

    /// Mints the token without `exp` (strict managers refuse such tokens).
    pub fn no_expiry(mut self) -> Self {
        self.lifetime = Some(None);
        self
    }

    /// Issue time other than now, for back-dating or tests; `nbf` and `exp`
    /// follow it.
    pub fn issued_at(mut self, at: SystemTime) -> Self {
        self.issued_at = Some(at);
        self
    }

    /// An additional claim. Reserved names (`exp`, `type`, the identity claim, …)
    /// make [`mint`](Self::mint) fail.
    pub fn claim(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        let value = serde_json::to_value(value).map_err(|e| e.to_string());
        self.claims.push((name.into(), value));
        self
    }

    /// Signs the token.
    pub fn mint(self) -> Result<String, MintError> {
        let shared = self.shared;
        let config = &shared.config;
        let identity = self.identity.map_err(MintError::Serialize)?;
        if config.identity_claim == "sub"
            && config.acceptance.string_subject
            && !identity.is_string()
        {
            return Err(MintError::IdentityNotString);
        }
        let now = self.issued_at.unwrap_or_else(SystemTime::now);
        if now > end_of_time() {
            return Err(MintError::OutOfRange);
        }
        let mut payload = Map::new();
        if let Some(loader) = &config.claims_loader {
            for (name, value) in loader(&identity) {
                insert_additional(&mut payload, &config.identity_claim, name, value)?;
            }
        }
        for (name, value) in self.claims {
            let value = value.map_err(MintError::Serialize)?;
            insert_additional(&mut payload, &config.identity_claim, name, value)?;
        }
        let iat = issued_at_claim(now);
        payload.insert("fresh".into(), self.fresh.to_claim(now));
        payload.insert("iat".into(), iat);
        payload.insert("jti".into(), uuid::Uuid::new_v4().to_string().into());
        payload.insert("type".into(), self.token_type.as_str().into());
        // The double-submit value of cookie-borne tokens (see csrf.rs).
        if config.csrf.protect && crate::config::cookies::enabled(config) {
            let csrf = self
                .csrf
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            payload.insert("csrf".into(), csrf.into());
        }
        payload.insert(config.identity_claim.clone(), identity);
        if config.encode_nbf {
            // The second `iat` falls in: only `iat` needs the milliseconds
            // (identity cut-offs compare it), and four bytes fewer in every
            // token are a SHA-256 block fewer now and then.
            payload.insert("nbf".into(), unix_seconds(now).into());
        }
        let default_lifetime = match self.token_type {
            TokenType::Access => config.access_lifetime,
            TokenType::Refresh => config.refresh_lifetime,
        };
        if let Some(lifetime) = self.lifetime.unwrap_or(default_lifetime) {
            let exp = now
                .checked_add(lifetime)
                .filter(|exp| *exp <= end_of_time())
                .ok_or(MintError::OutOfRange)?;
            payload.insert("exp".into(), unix_seconds(exp).into());
            shared
                .longest_minted
                .fetch_max(lifetime.as_secs().saturating_add(1), Ordering::Relaxed);
        }
        if let Some(iss) = &config.issuer {
            payload.insert("iss".into(), iss.clone().into());
        }
        match config.audience.as_slice() {
            [] => {}
            [one] => {
                payload.insert("aud".into(), one.clone().into());
            }
            many => {
                payload.insert("aud".into(), many.to_vec().into());
            }
        }
        let key = shared.signing.as_ref().ok_or(MintError::NoSigningKey)?;
        let encoding = key.encoding.as_ref().ok_or(MintError::NoSigningKey)?;
        let mut header = Header::new(key.algorithm());
        header.kid = key.kid.clone();
        jsonwebtoken::encode(&header, &payload, encoding)
            .map_err(|e| MintError::Encode(e.to_string()))
    }
}

fn insert_additional(
    payload: &mut Map<String, Value>,
    identity_claim: &str,
    name: String,
    value: Value,
) -> Result<(), MintError> {
    if RESERVED.contains(&name.as_str()) || name == identity_claim {
        return Err(MintError::ReservedClaim(name));
    }
    payload.insert(name, value);
    Ok(())
}

/// Why a token could not be minted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MintError {
    /// An additional claim tried to set a claim the manager writes itself.
    ReservedClaim(String),
    /// The identity is not a string while `sub` must be one (RFC 7519 §4.1.2).
    IdentityNotString,
    /// The identity or a claim value could not be serialized.
    Serialize(String),
    /// Signing failed.
    Encode(String),
    /// The manager only verifies: it has no secret and no private signing key.
    NoSigningKey,
    /// The issue time or the expiry falls after the year 9999, which no
    /// verifier accepts as a date.
    OutOfRange,
}

impl fmt::Display for MintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ReservedClaim(name) => write!(
                f,
                "`{name}` is a reserved claim that jwt-guard writes itself; use another name"
            ),
            Self::IdentityNotString => f.write_str(
                "the identity must be a string because `sub` is one (RFC 7519 §4.1.2); \
                 pass `id.to_string()` or configure require_string_subject(false)",
            ),
            Self::Serialize(e) => write!(f, "cannot serialize a claim: {e}"),
            Self::Encode(e) => write!(f, "cannot sign the token: {e}"),
            Self::NoSigningKey => f.write_str(
                "this manager only verifies tokens; give it a secret or a private signing key to mint",
            ),
            Self::OutOfRange => f.write_str(
                "the token's issue time or expiry falls after the year 9999; use a shorter lifetime",
            ),
        }
    }
}

impl std::error::Error for MintError {}
