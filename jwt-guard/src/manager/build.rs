//! `JwtConfig::build`: every start-up check, then the shared state the
//! handle points to. Nothing is checked per request that could be checked
//! here.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use jsonwebtoken::{Algorithm, AlgorithmFamily, Header};

use crate::cache::TokenCache;
use crate::claims::RESERVED;
use crate::config::{ConfigError, JwtConfig};
use crate::keys::{Key, KeySet};
use crate::manager::JwtManager;
use crate::shared::Shared;
use crate::verify::{KnownHeader, Verifier};

impl JwtConfig {
    /// Checks the configuration and builds the manager.
    pub fn build(self) -> Result<JwtManager, ConfigError> {
        let config = self;
        crate::keys::install_crypto_backend();
        // An explicit allow-list is checked before keys are made from it, so
        // its own mistakes are named as such.
        if let Some(allowed) = &config.allowed {
            let signing = config.signing_key.as_ref().map(Key::algorithm);
            let secret = (!config.secret.is_empty()).then_some(config.algorithm);
            check_allow_list(allowed, signing.or(secret))?;
        }
        #[cfg(feature = "jwks")]
        if let Some(remote) = &config.remote_jwks {
            remote.check()?;
        }
        let (keys, signing) = key_set(&config)?;
        let allowed = match &config.allowed {
            Some(allowed) => allowed.clone(),
            // A remote JWKS may bring any asymmetric key; each is still bound to
            // its own algorithm when it arrives.
            None if has_remote_keys(&config) => ASYMMETRIC.to_vec(),
            None => {
                let mut all: Vec<Algorithm> =
                    keys.keys().flat_map(|k| k.algorithms.clone()).collect();
                all.dedup();
                all
            }
        };
        check_allow_list(&allowed, signing.as_ref().map(Key::algorithm))?;
        check_identity_claim(&config.identity_claim)?;
        let depth = config.limits.max_depth;
        if !(1..=crate::verify::MAX_CLAIM_DEPTH).contains(&depth) {
            return Err(ConfigError::Limit(format!(
                "max_claim_depth is {depth}; it must be from 1 to {}",
                crate::verify::MAX_CLAIM_DEPTH
            )));
        }
        check_scheme(&config.header_scheme)?;
        crate::config::locations::check_config(&config)?;
        crate::config::cookies::check_config(&config)?;
        let verifier = Verifier {
            known_headers: known_headers(&keys, &allowed),
            keys,
            allowed,
            #[cfg(feature = "jwks")]
            remote: config.remote_jwks.clone(),
            limits: config.limits,
            leeway: config.leeway,
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
            identity_claim: config.identity_claim.clone(),
            acceptance: config.acceptance,
            type_values: config.type_values.clone(),
        };
        Ok(JwtManager {
            inner: Arc::new(Shared {
                cache: config
                    .token_cache
                    .map(|(capacity, max_age)| TokenCache::new(capacity, max_age, config.leeway)),
                verifier,
                signing,
                config,
                longest_minted: AtomicU64::new(0),
            }),
        })
    }
}

/// Whether keys may arrive from a remote JWKS.
fn has_remote_keys(config: &JwtConfig) -> bool {
    #[cfg(feature = "jwks")]
    return config.remote_jwks.is_some();
    #[cfg(not(feature = "jwks"))]
    {
        let _ = config;
        false
    }
}

/// The header segments the keys' tokens carry: as jsonwebtoken writes them
/// (`{"typ":"JWT","alg":…,"kid":…}`) and as PyJWT writes them, with sorted keys
/// (`{"alg":…,"kid":…,"typ":"JWT"}`). Any other header is simply parsed.
fn known_headers(keys: &KeySet, allowed: &[Algorithm]) -> Vec<KnownHeader> {
    let mut known = Vec::new();
    for key in keys.keys() {
        for algorithm in key.algorithms.iter().filter(|a| allowed.contains(a)) {
            let mut ours = Header::new(*algorithm);
            ours.kid = key.kid.clone();
            let mut sorted = serde_json::Map::new();
            sorted.insert(
                "alg".into(),
                serde_json::to_value(algorithm).unwrap_or_default(),
            );
            if let Some(kid) = &key.kid {
                sorted.insert("kid".into(), kid.clone().into());
            }
            sorted.insert("typ".into(), "JWT".into());
            let variants = [
                serde_json::to_vec(&ours).ok(),
                serde_json::to_vec(&sorted).ok(),
            ];
            for json in variants.into_iter().flatten() {
                known.push(KnownHeader {
                    segment: base64_simd::URL_SAFE_NO_PAD.encode_to_string(json),
                    algorithm: *algorithm,
                    kid: key.kid.clone(),
                });
            }
        }
    }
    known
}

const ASYMMETRIC: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// The keys to verify with and the one to mint with: the secret (one HMAC key
/// per allowed HMAC algorithm) or the signing key, plus the verification keys.
fn key_set(config: &JwtConfig) -> Result<(KeySet, Option<Key>), ConfigError> {
    let mut keys = KeySet::default();
    let signing = match (&config.signing_key, config.secret.is_empty()) {
        (Some(_), false) => {
            return Err(ConfigError::Key(
                "both a secret and a signing key are set; keep one".to_owned(),
            ));
        }
        (Some(key), true) => Some(key.clone()),
        (None, false) => {
            let signing = Key::hmac(config.algorithm, &config.secret)?;
            let others =
                config.allowed.iter().flatten().filter(|alg| {
                    **alg != config.algorithm && alg.family() == AlgorithmFamily::Hmac
                });
            for alg in others {
                keys.insert(Key::hmac(*alg, &config.secret)?)?;
            }
            Some(signing)
        }
        (None, true) if config.verification_keys.is_empty() && !has_remote_keys(config) => {
            return Err(ConfigError::EmptySecret);
        }
        (None, true) => None,
    };
    if let Some(key) = &signing {
        keys.insert(key.clone())?;
    }
    for key in &config.verification_keys {
        keys.insert(key.clone())?;
    }
    Ok((keys, signing))
}

fn check_allow_list(allowed: &[Algorithm], signing: Option<Algorithm>) -> Result<(), ConfigError> {
    if allowed.is_empty() {
        return Err(ConfigError::AllowList("it is empty".to_owned()));
    }
    if let Some(signing) = signing.filter(|s| !allowed.contains(s)) {
        return Err(ConfigError::AllowList(format!(
            "it lacks the signing algorithm {signing:?}, so minted tokens would be refused"
        )));
    }
    Ok(())
}

fn check_identity_claim(claim: &str) -> Result<(), ConfigError> {
    if claim.is_empty() {
        return Err(ConfigError::IdentityClaim("it is empty".to_owned()));
    }
    if RESERVED.contains(&claim) {
        return Err(ConfigError::IdentityClaim(format!(
            "`{claim}` is a reserved claim"
        )));
    }
    Ok(())
}

fn check_scheme(scheme: &str) -> Result<(), ConfigError> {
    let token_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if scheme.chars().all(token_char) {
        Ok(())
    } else {
        Err(ConfigError::HeaderScheme(format!(
            "`{scheme}` is not an RFC 7235 token"
        )))
    }
}
