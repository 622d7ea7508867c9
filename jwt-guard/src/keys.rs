//! Keys, each bound to one algorithm (RFC 8725 §3.1), and the set a manager
//! verifies with, selected by `kid` as an exact-match lookup.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use jsonwebtoken::jwk::{
    AlgorithmParameters, EllipticCurve, Jwk, JwkSet, KeyOperations, PublicKeyUse,
};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, EncodingKey};

use hmac::{Hmac, Mac as _};
use sha2::{Sha256, Sha384, Sha512};

use crate::error::ConfigError;
use crate::error::GuardError;

/// A signing or verification key, bound to the algorithms it may be used with.
///
/// Built from an HMAC secret, a PEM or DER key, or a JWK; the key policy
/// (RSA ≥ 2048 bits, an HMAC secret at least as long as its hash, the curve
/// that belongs to the algorithm) is checked here, so a manager never holds a
/// key it should not use.
///
/// ```
/// use jwt_guard::{Algorithm, Key};
///
/// let pem = std::fs::read("../tests/keys/p256.pem").unwrap();
/// let key = Key::from_pem(Algorithm::ES256, &pem)?.with_kid("2026-11");
/// assert_eq!(key.algorithm(), Algorithm::ES256);
/// assert!(key.can_sign());
/// // The curve must fit the algorithm.
/// assert!(Key::from_pem(Algorithm::ES384, &pem).is_err());
/// # Ok::<(), jwt_guard::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct Key {
    pub(crate) kid: Option<String>,
    pub(crate) algorithms: Vec<Algorithm>,
    pub(crate) decoding: DecodingKey,
    pub(crate) encoding: Option<EncodingKey>,
    /// The public half as a JWK, for `/.well-known/jwks.json`; `None` for HMAC.
    pub(crate) public_jwk: Option<Jwk>,
    /// For HMAC keys, the MAC already keyed: each verification clones it
    /// instead of hashing the key's pads again.
    pub(crate) mac: Option<Mac>,
}

/// A keyed HMAC state of one of the three hashes.
#[derive(Clone)]
pub(crate) enum Mac {
    Sha256(Hmac<Sha256>),
    Sha384(Hmac<Sha384>),
    Sha512(Hmac<Sha512>),
}

impl Mac {
    /// The one algorithm this MAC computes.
    fn algorithm(&self) -> Algorithm {
        match self {
            Self::Sha256(_) => Algorithm::HS256,
            Self::Sha384(_) => Algorithm::HS384,
            Self::Sha512(_) => Algorithm::HS512,
        }
    }
}

impl Key {
    /// An HMAC key (HS256, HS384 or HS512); the secret must be at least as long
    /// as the hash (RFC 7518 §3.2) and not one repeated byte.
    pub fn hmac(algorithm: Algorithm, secret: impl AsRef<[u8]>) -> Result<Self, ConfigError> {
        let secret = secret.as_ref();
        check_secret(secret, algorithm)?;
        Self::hmac_unchecked(algorithm, secret)
    }

    /// [`Key::hmac`] after its policy: the algorithm is an HMAC one, the
    /// secret anything (`insecure-test-keys` exposes it for conformance vectors).
    pub(crate) fn hmac_unchecked(algorithm: Algorithm, secret: &[u8]) -> Result<Self, ConfigError> {
        if !matches!(
            algorithm,
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512
        ) {
            return Err(ConfigError::UnsupportedAlgorithm(algorithm));
        }
        let keyed = |e| bad_key(algorithm, &format!("{e}"));
        let mac = match algorithm {
            Algorithm::HS256 => Mac::Sha256(Hmac::new_from_slice(secret).map_err(keyed)?),
            Algorithm::HS384 => Mac::Sha384(Hmac::new_from_slice(secret).map_err(keyed)?),
            _ => Mac::Sha512(Hmac::new_from_slice(secret).map_err(keyed)?),
        };
        Ok(Self {
            kid: None,
            algorithms: vec![algorithm],
            decoding: DecodingKey::from_secret(secret),
            encoding: Some(EncodingKey::from_secret(secret)),
            public_jwk: None,
            mac: Some(mac),
        })
    }

    /// An RSA, EC or Ed25519 key from PEM: a private key (PKCS#8, or PKCS#1 for
    /// RSA) signs and verifies, a public key (SubjectPublicKeyInfo) only verifies.
    pub fn from_pem(algorithm: Algorithm, pem: &[u8]) -> Result<Self, ConfigError> {
        let text =
            std::str::from_utf8(pem).map_err(|_| bad_key(algorithm, "the PEM is not text"))?;
        let private = text.contains("PRIVATE KEY-----");
        let err = |e: jsonwebtoken::errors::Error| bad_key(algorithm, &e.to_string());
        let family = asymmetric_family(algorithm)?;
        if private {
            let encoding = match family {
                AlgorithmFamily::Rsa => EncodingKey::from_rsa_pem(pem),
                AlgorithmFamily::Ec => EncodingKey::from_ec_pem(pem),
                _ => EncodingKey::from_ed_pem(pem),
            }
            .map_err(err)?;
            Self::from_private(algorithm, encoding)
        } else {
            let decoding = match family {
                AlgorithmFamily::Rsa => DecodingKey::from_rsa_pem(pem),
                AlgorithmFamily::Ec => DecodingKey::from_ec_pem(pem),
                _ => DecodingKey::from_ed_pem(pem),
            }
            .map_err(err)?;
            Self::from_public(algorithm, decoding)
        }
    }

    /// A private key from DER: PKCS#1 for RSA, PKCS#8 for EC and Ed25519.
    pub fn from_private_der(algorithm: Algorithm, der: &[u8]) -> Result<Self, ConfigError> {
        let encoding = match asymmetric_family(algorithm)? {
            AlgorithmFamily::Rsa => EncodingKey::from_rsa_der(der),
            AlgorithmFamily::Ec => EncodingKey::from_ec_der(der),
            _ => EncodingKey::from_ed_der(der),
        };
        Self::from_private(algorithm, encoding)
    }

    /// A public key from DER: PKCS#1 `RSAPublicKey` for RSA, the raw point for
    /// EC and Ed25519.
    pub fn from_public_der(algorithm: Algorithm, der: &[u8]) -> Result<Self, ConfigError> {
        let decoding = match asymmetric_family(algorithm)? {
            AlgorithmFamily::Rsa => DecodingKey::from_rsa_der(der),
            AlgorithmFamily::Ec => DecodingKey::from_ec_der(der),
            _ => DecodingKey::from_ed_der(der),
        };
        Self::from_public(algorithm, decoding)
    }

    /// A public key from a JWK. Its `alg` decides the algorithm; without one,
    /// EC and OKP keys take the algorithm of their curve and RSA keys
    /// `rsa_default` (the JWK does not say whether it is for RS* or PS*). Its
    /// `kid` is kept. Private JWK members are ignored: a JWK key only verifies.
    pub fn from_jwk(jwk: &Jwk, rsa_default: Algorithm) -> Result<Self, ConfigError> {
        install_crypto_backend();
        // RFC 7517 §4.2-4.3: a key published for encryption, or whose
        // operations exclude verification, must not verify signatures.
        if jwk
            .common
            .public_key_use
            .as_ref()
            .is_some_and(|u| *u != PublicKeyUse::Signature)
        {
            return Err(ConfigError::Key("the JWK's `use` is not `sig`".to_owned()));
        }
        if jwk
            .common
            .key_operations
            .as_ref()
            .is_some_and(|ops| !ops.contains(&KeyOperations::Verify))
        {
            return Err(ConfigError::Key(
                "the JWK's `key_ops` does not include `verify`".to_owned(),
            ));
        }
        let algorithm = match &jwk.common.key_algorithm {
            Some(alg) => Algorithm::from_str(&alg.to_string())
                .map_err(|_| ConfigError::Key(format!("JWK algorithm `{alg}` is not supported")))?,
            None => match &jwk.algorithm {
                AlgorithmParameters::EllipticCurve(p) => match p.curve {
                    EllipticCurve::P256 => Algorithm::ES256,
                    EllipticCurve::P384 => Algorithm::ES384,
                    _ => return Err(ConfigError::Key("JWK curve is not supported".to_owned())),
                },
                AlgorithmParameters::OctetKeyPair(_) => Algorithm::EdDSA,
                AlgorithmParameters::RSA(_) => rsa_default,
                _ => {
                    return Err(ConfigError::Key(
                        "a symmetric or unknown JWK cannot verify; configure a secret with Key::hmac".to_owned(),
                    ));
                }
            },
        };
        if asymmetric_family(algorithm).is_err() {
            return Err(ConfigError::Key(
                "a symmetric JWK (kty \"oct\") is a shared secret; configure it with Key::hmac"
                    .to_owned(),
            ));
        }
        let decoding =
            DecodingKey::from_jwk(jwk).map_err(|e| bad_key(algorithm, &e.to_string()))?;
        if decoding.family() != algorithm.family() {
            return Err(bad_key(
                algorithm,
                "the JWK's key type does not fit the algorithm",
            ));
        }
        let mut key = Self::from_public(algorithm, decoding)?;
        key.kid = jwk.common.key_id.clone();
        if let Some(public) = key.public_jwk.as_mut() {
            public.common.key_id = key.kid.clone();
        }
        Ok(key)
    }

    /// Names the key: minted tokens carry this `kid`, and tokens naming it are
    /// verified with this key only.
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        let kid = kid.into();
        if let Some(jwk) = self.public_jwk.as_mut() {
            jwk.common.key_id = Some(kid.clone());
        }
        self.kid = Some(kid);
        self
    }

    /// Lets an RSA key also verify tokens of another RSA algorithm, for a
    /// provider that signs with, say, both RS256 and PS256 under one key.
    /// Without it a key verifies its own algorithm alone.
    ///
    /// Every other key stays bound to exactly one algorithm (RFC 8725 §3.1):
    /// an HMAC secret to the hash it was checked for (a second HMAC algorithm
    /// needs its own [`Key::hmac`], whose secret is checked against that
    /// hash), an EC key to the algorithm of its curve, an Ed25519 key to
    /// EdDSA. Naming the key's own algorithm again changes nothing.
    ///
    /// ```
    /// use jwt_guard::{Algorithm, Key};
    ///
    /// let pem = std::fs::read("../tests/keys/rsa2048.pub.pem").unwrap();
    /// let rsa = Key::from_pem(Algorithm::RS256, &pem)?.also_for(Algorithm::PS256)?;
    /// assert_eq!(rsa.algorithm(), Algorithm::RS256);
    ///
    /// let secret = "a-64-byte-secret-from-the-environment-of-the-service-0123456789!";
    /// let err = Key::hmac(Algorithm::HS256, secret)?
    ///     .also_for(Algorithm::HS512)
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("configure a second Key::hmac"));
    /// // Each hash gets its own key.
    /// let hs512 = Key::hmac(Algorithm::HS512, secret)?;
    /// # let _ = hs512;
    /// # Ok::<(), jwt_guard::ConfigError>(())
    /// ```
    pub fn also_for(mut self, algorithm: Algorithm) -> Result<Self, ConfigError> {
        let own = self.algorithm();
        if algorithm == own {
            return Ok(self);
        }
        match (own.family(), algorithm.family()) {
            (AlgorithmFamily::Rsa, AlgorithmFamily::Rsa) => {}
            // The MAC is keyed for one hash, and the secret's length was
            // checked against that hash only.
            (AlgorithmFamily::Hmac, _) => {
                return Err(bad_key(
                    own,
                    &format!(
                        "an HMAC key is bound to the one hash it was made for and cannot also \
                         verify {algorithm:?}; configure a second Key::hmac({algorithm:?}, ..) \
                         with its own secret for the other hash"
                    ),
                ));
            }
            (AlgorithmFamily::Ec, _) => {
                return Err(bad_key(
                    own,
                    &format!(
                        "an EC key verifies only the algorithm of its curve \
                         (ES256 for P-256, ES384 for P-384), not {algorithm:?}"
                    ),
                ));
            }
            _ => {
                return Err(bad_key(
                    algorithm,
                    &format!("another key type than this {own:?} key's"),
                ));
            }
        }
        if !self.algorithms.contains(&algorithm) {
            self.algorithms.push(algorithm);
        }
        Ok(self)
    }

    /// The algorithm this key signs with.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithms[0]
    }

    /// The key's `kid`.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Whether this key holds a private half (or is an HMAC secret).
    pub fn can_sign(&self) -> bool {
        self.encoding.is_some()
    }

    /// The public half as a JWK (`None` for an HMAC secret, which is never
    /// published).
    pub fn public_jwk(&self) -> Option<&Jwk> {
        self.public_jwk.as_ref()
    }

    /// Whether `signature` (base64url) signs `message` under this key for
    /// `algorithm`; an undecodable signature is an error.
    pub(crate) fn verify(
        &self,
        signature: &[u8],
        message: &[u8],
        algorithm: Algorithm,
    ) -> Result<bool, GuardError> {
        let bad_padding = || GuardError::malformed("Invalid crypto padding");
        // Only the algorithms this key is bound to; the callers select keys
        // by that already, and a key never trusts them to.
        if !self.algorithms.contains(&algorithm) {
            return Ok(false);
        }
        if let Some(mac) = &self.mac {
            // The keyed hash must be the one the header names: a SHA-256 MAC
            // never stands for HS512.
            if mac.algorithm() != algorithm {
                return Ok(false);
            }
            // The longest HMAC (SHA-512) is 64 bytes; anything longer is not
            // a MAC of ours, and a stack buffer spares an allocation.
            // (72: base64 decoding asks for room rounded up to whole blocks.)
            let mut buf = [0u8; 72];
            if signature.len() > 86 {
                return Ok(false);
            }
            let tag: &[u8] = base64_simd::URL_SAFE_NO_PAD
                .decode(signature, base64_simd::Out::from_slice(&mut buf))
                .map_err(|_| bad_padding())?;
            // verify_slice compares in constant time.
            return Ok(match mac.clone() {
                Mac::Sha256(mut m) => {
                    m.update(message);
                    m.verify_slice(tag).is_ok()
                }
                Mac::Sha384(mut m) => {
                    m.update(message);
                    m.verify_slice(tag).is_ok()
                }
                Mac::Sha512(mut m) => {
                    m.update(message);
                    m.verify_slice(tag).is_ok()
                }
            });
        }
        let signature = std::str::from_utf8(signature).map_err(|_| bad_padding())?;
        jsonwebtoken::crypto::verify(signature, message, &self.decoding, algorithm)
            .map_err(|_| bad_padding())
    }

    fn from_private(algorithm: Algorithm, encoding: EncodingKey) -> Result<Self, ConfigError> {
        install_crypto_backend();
        let mut jwk = Jwk::from_encoding_key(&encoding, algorithm).map_err(|e| {
            // aws-lc refuses a short RSA private key itself, before the policy
            // below can count its bits: the same refusal, in the same words.
            let e = e.to_string();
            if algorithm.family() == AlgorithmFamily::Rsa && e.ends_with("TooSmall") {
                let bits = rsa_private_modulus(encoding.as_bytes()).map_or_else(
                    || "fewer than 2048".to_owned(),
                    |n| modulus_bits(n).to_string(),
                );
                bad_key(
                    algorithm,
                    &format!("an RSA key of {bits} bits is too short; use at least 2048"),
                )
            } else {
                bad_key(algorithm, &e)
            }
        })?;
        check_public(algorithm, &jwk)?;
        jwk.common.public_key_use = Some(PublicKeyUse::Signature);
        let decoding =
            DecodingKey::from_jwk(&jwk).map_err(|e| bad_key(algorithm, &e.to_string()))?;
        Ok(Self {
            kid: None,
            algorithms: vec![algorithm],
            decoding,
            encoding: Some(encoding),
            public_jwk: Some(jwk),
            mac: None,
        })
    }

    fn from_public(algorithm: Algorithm, decoding: DecodingKey) -> Result<Self, ConfigError> {
        install_crypto_backend();
        let mut jwk = Jwk::from_decoding_key(&decoding, Some(algorithm))
            .map_err(|e| bad_key(algorithm, &e.to_string()))?;
        check_public(algorithm, &jwk)?;
        jwk.common.public_key_use = Some(PublicKeyUse::Signature);
        Ok(Self {
            kid: None,
            algorithms: vec![algorithm],
            decoding,
            encoding: None,
            public_jwk: Some(jwk),
            mac: None,
        })
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("kid", &self.kid)
            .field("algorithms", &self.algorithms)
            .field("can_sign", &self.can_sign())
            .finish_non_exhaustive()
    }
}

fn bad_key(algorithm: Algorithm, why: &str) -> ConfigError {
    ConfigError::Key(format!("{algorithm:?} key: {why}"))
}

fn asymmetric_family(algorithm: Algorithm) -> Result<AlgorithmFamily, ConfigError> {
    match algorithm.family() {
        AlgorithmFamily::Hmac => Err(bad_key(algorithm, "HMAC keys are secrets; use Key::hmac")),
        family => Ok(family),
    }
}

pub(crate) fn check_secret(secret: &[u8], algorithm: Algorithm) -> Result<(), ConfigError> {
    let min = match algorithm {
        Algorithm::HS256 => 32,
        Algorithm::HS384 => 48,
        Algorithm::HS512 => 64,
        other => return Err(ConfigError::UnsupportedAlgorithm(other)),
    };
    if secret.is_empty() {
        return Err(ConfigError::EmptySecret);
    }
    if secret.len() < min {
        return Err(ConfigError::WeakSecret {
            algorithm,
            reason: format!(
                "it has {} bytes and needs at least {min} (RFC 7518 §3.2)",
                secret.len()
            ),
        });
    }
    if secret.iter().all(|b| *b == secret[0]) {
        return Err(ConfigError::WeakSecret {
            algorithm,
            reason: "it is one byte repeated".to_owned(),
        });
    }
    Ok(())
}

/// The size of an RSA modulus in bits, counted in whole bytes.
fn modulus_bits(n: &[u8]) -> usize {
    let leading_zeros = n.iter().take_while(|b| **b == 0).count();
    (n.len() - leading_zeros) * 8
}

/// The modulus of an RSA private key in DER, PKCS#1 (`RSAPrivateKey`: version,
/// modulus, …) or PKCS#8 (version, algorithm, the PKCS#1 key in an octet
/// string); `None` for anything else. Only for naming a key's size when the
/// backend refuses it before it can be read.
fn rsa_private_modulus(der: &[u8]) -> Option<&[u8]> {
    /// One DER element at the start of `input`: its tag, its contents, the rest.
    fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
        let (&tag, rest) = input.split_first()?;
        let (&first, rest) = rest.split_first()?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 || rest.len() < count {
                return None;
            }
            let len = rest[..count]
                .iter()
                .fold(0usize, |len, b| (len << 8) | usize::from(*b));
            (len, &rest[count..])
        };
        (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
    }
    const SEQUENCE: u8 = 0x30;
    const INTEGER: u8 = 0x02;
    const OCTET_STRING: u8 = 0x04;
    let (SEQUENCE, body, _) = element(der)? else {
        return None;
    };
    let (INTEGER, _version, rest) = element(body)? else {
        return None;
    };
    match element(rest)? {
        (INTEGER, modulus, _) => Some(modulus),
        (SEQUENCE, _algorithm, rest) => match element(rest)? {
            (OCTET_STRING, inner, _) => rsa_private_modulus(inner),
            _ => None,
        },
        _ => None,
    }
}

/// RSA moduli of at least 2048 bits (RFC 7518 §3.3); the curve that belongs to
/// the algorithm (RFC 7518 §3.4, RFC 8037).
fn check_public(algorithm: Algorithm, jwk: &Jwk) -> Result<(), ConfigError> {
    match (&jwk.algorithm, algorithm.family()) {
        (AlgorithmParameters::RSA(rsa), AlgorithmFamily::Rsa) => {
            let n = base64_simd::URL_SAFE_NO_PAD
                .decode_to_vec(rsa.n.trim_end_matches('='))
                .map_err(|_| bad_key(algorithm, "the RSA modulus is not base64url"))?;
            let bits = modulus_bits(&n);
            if bits < 2048 {
                return Err(bad_key(
                    algorithm,
                    &format!("an RSA key of {bits} bits is too short; use at least 2048"),
                ));
            }
            Ok(())
        }
        (AlgorithmParameters::EllipticCurve(ec), AlgorithmFamily::Ec) => {
            let fits = matches!(
                (algorithm, &ec.curve),
                (Algorithm::ES256, EllipticCurve::P256) | (Algorithm::ES384, EllipticCurve::P384)
            );
            if fits {
                Ok(())
            } else {
                Err(bad_key(
                    algorithm,
                    &format!("the curve {:?} does not belong to it", ec.curve),
                ))
            }
        }
        (AlgorithmParameters::OctetKeyPair(okp), AlgorithmFamily::Ed)
            if okp.curve == EllipticCurve::Ed25519 =>
        {
            Ok(())
        }
        _ => Err(bad_key(
            algorithm,
            "the key type does not fit the algorithm",
        )),
    }
}

/// The keys a manager verifies with: by `kid`, and those without one.
#[derive(Clone, Default)]
pub(crate) struct KeySet {
    by_kid: HashMap<String, Arc<Key>>,
    unnamed: Vec<Arc<Key>>,
}

/// Which keys may verify a token.
pub(crate) enum Candidates<'a> {
    /// The one key the token's `kid` names.
    Named(&'a Key),
    /// The token names no `kid`: the unnamed keys of its algorithm.
    Unnamed(Vec<&'a Key>),
    /// The token's `kid` is not in the set.
    UnknownKid,
}

impl KeySet {
    pub(crate) fn insert(&mut self, key: Key) -> Result<(), ConfigError> {
        let key = Arc::new(key);
        match &key.kid {
            Some(kid) => {
                if self.by_kid.insert(kid.clone(), key.clone()).is_some() {
                    return Err(ConfigError::Key(format!("two keys share the kid `{kid}`")));
                }
            }
            None => self.unnamed.push(key),
        }
        Ok(())
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &Key> {
        self.by_kid.values().chain(&self.unnamed).map(|k| &**k)
    }

    pub(crate) fn candidates(&self, kid: Option<&str>, algorithm: Algorithm) -> Candidates<'_> {
        match kid {
            // Exact match only: a kid is a name, never a path, URL or query.
            Some(kid) => match self.by_kid.get(kid) {
                Some(key) => Candidates::Named(key),
                None => Candidates::UnknownKid,
            },
            None => Candidates::Unnamed(
                self.unnamed
                    .iter()
                    .chain(self.by_kid.values())
                    .filter(|k| k.algorithms.contains(&algorithm))
                    .map(|k| &**k)
                    .collect(),
            ),
        }
    }

    /// The public keys, as served at `/.well-known/jwks.json`.
    pub(crate) fn public_jwks(&self) -> JwkSet {
        let mut keys: Vec<Jwk> = self.keys().filter_map(|k| k.public_jwk.clone()).collect();
        keys.sort_by(|a, b| a.common.key_id.cmp(&b.common.key_id));
        JwkSet { keys }
    }
}

/// With both backends compiled in, jsonwebtoken cannot pick one by itself:
/// aws-lc is the one a user asks for explicitly, so it wins. Installing fails
/// harmlessly when a provider is already in place (another manager, or the
/// application's own choice). Called by everything that reaches
/// jsonwebtoken's crypto: building a manager and making an asymmetric
/// [`Key`], which may come first (jsonwebtoken panics without a provider).
pub(crate) fn install_crypto_backend() {
    #[cfg(all(feature = "aws-lc", feature = "rust-crypto"))]
    let _ = jsonwebtoken::crypto::CryptoProvider::install_default(
        &jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Even a key whose list names another hash (as `also_for` once allowed)
    /// never lets its SHA-256 MAC stand for HS512.
    #[test]
    fn an_hmac_key_verifies_only_with_the_hash_it_was_keyed_for() {
        let secret = "0123456789abcdef".repeat(4);
        let mut key = Key::hmac(Algorithm::HS256, &secret).unwrap();
        key.algorithms.push(Algorithm::HS512);
        let message = b"eyJhbGciOiJIUzUxMiJ9.e30";
        let tag = {
            let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
            mac.update(message);
            base64_simd::URL_SAFE_NO_PAD.encode_to_string(mac.finalize().into_bytes())
        };
        let verify = |alg| key.verify(tag.as_bytes(), message, alg).unwrap();
        assert!(verify(Algorithm::HS256));
        assert!(!verify(Algorithm::HS512));
        assert!(!verify(Algorithm::HS384));
    }

    /// The size named when aws-lc refuses a short private key itself.
    #[test]
    fn the_modulus_of_a_private_key_is_read_from_pkcs1_and_pkcs8() {
        let size = |pem: &[u8]| {
            let key = EncodingKey::from_rsa_pem(pem).unwrap();
            rsa_private_modulus(key.as_bytes()).map(modulus_bits)
        };
        assert_eq!(
            size(include_bytes!("../../tests/keys/rsa1024.pem")),
            Some(1024)
        );
        assert_eq!(
            size(include_bytes!("../../tests/keys/rsa2048.pem")),
            Some(2048)
        );
        let der = include_bytes!("../../tests/keys/rsa2048.der");
        assert_eq!(rsa_private_modulus(der).map(modulus_bits), Some(2048));
        for bad in [
            &[][..],
            &[0x30, 0x81],
            &[0x30, 0x03, 0x02, 0x01, 0x00],
            &[0x04, 0x00],
        ] {
            assert_eq!(rsa_private_modulus(bad), None, "{bad:?}");
        }
    }
}
