//! A key that skips the key policy, for conformance tests only (feature
//! `insecure-test-keys`): Wycheproof's base64 vectors are signed with 32 zero
//! bytes, which [`Key::hmac`] refuses, and their decoding cases would
//! otherwise never reach the decoder.

use crate::{ConfigError, Key};
use jsonwebtoken::Algorithm;

impl Key {
    /// An HMAC key with any secret, weak ones included. **Never use it
    /// outside tests**: it exists so that published test vectors signed with
    /// weak keys can be verified, and it is compiled only with the
    /// `insecure-test-keys` feature.
    ///
    /// ```
    /// use jwt_guard::{Algorithm, Key};
    /// // Refused by the policy, accepted here.
    /// assert!(Key::hmac(Algorithm::HS256, [0u8; 32]).is_err());
    /// assert!(Key::hmac_insecure_for_tests(Algorithm::HS256, [0u8; 32]).is_ok());
    /// // Still an HMAC algorithm only.
    /// assert!(Key::hmac_insecure_for_tests(Algorithm::RS256, [7u8; 32]).is_err());
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "insecure-test-keys")))]
    pub fn hmac_insecure_for_tests(
        algorithm: Algorithm,
        secret: impl AsRef<[u8]>,
    ) -> Result<Self, ConfigError> {
        Self::hmac_unchecked(algorithm, secret.as_ref())
    }
}
