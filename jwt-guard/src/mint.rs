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

pub use crate::claims::Fresh;
pub use crate::manager::{MintError, TokenBuilder};
