//! The state a [`JwtManager`](crate::JwtManager) is a handle to: the
//! configuration as built, the verifier made from it, the signing key, the
//! token cache. It sits below the handle so that what the handle hands out
//! (the cookie helper, the CSRF form layer, the implicit-refresh layer, a
//! token builder) can hold the state itself instead of naming the handle,
//! which names them: the handle stays one module above all of them.

use std::fmt;
use std::sync::atomic::AtomicU64;

use crate::cache::TokenCache;
use crate::config::JwtConfig;
use crate::keys::Key;
use crate::verify::Verifier;

pub(crate) struct Shared {
    pub(crate) config: JwtConfig,
    /// Everything verification reads, apart from the rest of the configuration.
    pub(crate) verifier: Verifier,
    pub(crate) signing: Option<Key>,
    pub(crate) cache: Option<TokenCache>,
    /// The longest lifetime (seconds) given to a token minted here with
    /// `expires_in`, so `revoke_all` outlasts it too.
    pub(crate) longest_minted: AtomicU64,
}

/// As the handle shows itself: the configuration, never the keys.
impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("JwtManager").field(&self.config).finish()
    }
}
