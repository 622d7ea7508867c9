//! The verified token as handlers see it.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::claims::{Fresh, TokenType};
use crate::members::{Lookup, Members};

/// A verified token.
///
/// As an extractor it reads the token the route's guard verified, without
/// decoding it again; on a route without a guard it verifies an access token
/// itself (so a bare `token: Token` argument already protects a handler).
/// `Option<Token>` yields `None` when the request carries no token and still
/// refuses one that is present but invalid.
///
/// ```
/// use jwt_guard::{Token, require_token};
///
/// #[require_token]
/// async fn whoami(token: Token) -> String {
///     format!("{} ({})", token.identity(), token.token_type())
/// }
/// # let _: axum::routing::MethodRouter = axum::routing::get(whoami);
/// ```
#[derive(Clone, Debug)]
pub struct Token(Arc<TokenData>);

#[derive(Debug)]
pub(crate) struct TokenData {
    pub(crate) identity: Identity,
    pub(crate) token_type: TokenType,
    pub(crate) fresh: Fresh,
    pub(crate) jti: Option<Text>,
    pub(crate) expires_at: Option<SystemTime>,
    pub(crate) issued_at: Option<SystemTime>,
    /// The decoded payload JSON, already checked in full by verification.
    pub(crate) payload: Vec<u8>,
    /// Where each claim starts in `payload`.
    pub(crate) members: Members,
    /// Every claim, parsed from `payload` the first time something asks;
    /// `None` if that parse failed, which verification makes impossible.
    pub(crate) claims: OnceLock<Option<Map<String, Value>>>,
}

/// The identity claim: a string (the usual case) is kept as [`Text`] and made
/// a [`Value`] only if [`Token::identity`] is called.
#[derive(Debug)]
pub(crate) enum Identity {
    Text(Text, OnceLock<Value>),
    Other(Value),
}

/// A string claim: where it lies in the payload when written without escapes
/// (no copy at all), or its own copy when it had some.
#[derive(Debug)]
pub(crate) enum Text {
    In(Range<usize>),
    Own(Box<str>),
}

impl Text {
    /// `text` as read from `payload`.
    pub(crate) fn new(text: Cow<'_, str>, payload: &[u8]) -> Self {
        match text {
            Cow::Borrowed(part) => match crate::members::position_in(payload, part) {
                Some(range) => Self::In(range),
                None => Self::Own(part.into()),
            },
            Cow::Owned(own) => Self::Own(own.into_boxed_str()),
        }
    }

    fn get<'a>(&'a self, payload: &'a [u8]) -> &'a str {
        match self {
            // A slice the deserializer handed out as `&str`: valid UTF-8.
            Self::In(range) => payload
                .get(range.clone())
                .and_then(|bytes| std::str::from_utf8(bytes).ok())
                .unwrap_or_default(),
            Self::Own(own) => own,
        }
    }
}

impl Token {
    pub(crate) fn new(data: TokenData) -> Self {
        Self(Arc::new(data))
    }

    /// The identity claim (`sub` unless configured otherwise), any JSON value.
    pub fn identity(&self) -> &Value {
        match &self.0.identity {
            Identity::Text(text, value) => {
                value.get_or_init(|| Value::String(text.get(&self.0.payload).to_owned()))
            }
            Identity::Other(value) => value,
        }
    }

    /// The identity when it is a string, as `sub` is under strict verification.
    pub fn identity_str(&self) -> Option<&str> {
        match &self.0.identity {
            Identity::Text(text, _) => Some(text.get(&self.0.payload)),
            Identity::Other(value) => value.as_str(),
        }
    }

    /// Access or refresh.
    pub fn token_type(&self) -> TokenType {
        self.0.token_type
    }

    /// The `fresh` claim as read.
    pub fn fresh(&self) -> Fresh {
        self.0.fresh
    }

    /// Whether the token is fresh now.
    pub fn is_fresh(&self) -> bool {
        self.0.fresh.is_fresh_at(SystemTime::now())
    }

    /// The unique token id, used to revoke it.
    pub fn jti(&self) -> Option<&str> {
        self.0.jti.as_ref().map(|jti| jti.get(&self.0.payload))
    }

    /// When the token expires; `None` for a token without `exp`.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.0.expires_at
    }

    /// When the token was issued; `None` for a token without `iat`.
    pub fn issued_at(&self) -> Option<SystemTime> {
        self.0.issued_at
    }

    /// Every claim of the payload.
    ///
    /// Verification reads only the claims its checks need; this map is built
    /// on the first call (per token, not per call), so a route that never asks
    /// for it never pays for it.
    pub fn claims(&self) -> &Map<String, Value> {
        static NONE: OnceLock<Map<String, Value>> = OnceLock::new();
        // Verification refused every payload this parse could refuse (syntax,
        // duplicates, depth), so the empty map is never shown; the guard's
        // own checks use `all_claims`, which says so instead.
        self.all_claims()
            .unwrap_or_else(|| NONE.get_or_init(Map::new))
    }

    /// Every claim; `None` if the payload cannot be read (impossible once
    /// verified, and then refused rather than answered from a default).
    pub(crate) fn all_claims(&self) -> Option<&Map<String, Value>> {
        self.0
            .claims
            .get_or_init(|| match serde_json::from_slice(&self.0.payload) {
                Ok(claims) => Some(claims),
                Err(err) => {
                    tracing::error!(%err, "jwt-guard: a verified payload cannot be read");
                    None
                }
            })
            .as_ref()
    }

    /// The top-level claim `name` when it is a string (borrowed from the
    /// payload unless escaped): `Ok(None)` when absent, `Err(())` when it is
    /// another type, and `Err(())` too when the payload cannot be read.
    pub(crate) fn string_claim(&self, name: &str) -> Result<Option<Cow<'_, str>>, ()> {
        match self.member(name) {
            Lookup::At(text) => match crate::members::string_at(text) {
                Ok(Some(text)) => Ok(Some(text)),
                Ok(None) => Err(()),
                Err(err) => {
                    tracing::error!(%err, claim = name, "jwt-guard: a verified claim cannot be read");
                    Err(())
                }
            },
            Lookup::Absent => Ok(None),
            Lookup::Unknown => match self.all_claims().ok_or(())?.get(name) {
                None => Ok(None),
                Some(Value::String(text)) => Ok(Some(Cow::Borrowed(text.as_str()))),
                Some(_) => Err(()),
            },
        }
    }

    /// Where the value of the top-level claim `name` is in the payload's text.
    pub(crate) fn member(&self, name: &str) -> Lookup<'_> {
        self.0.members.value(&self.0.payload, name)
    }

    /// The decoded payload JSON, for reading claims straight into a type.
    pub(crate) fn payload(&self) -> &[u8] {
        &self.0.payload
    }

    /// One claim as `T`; `None` when it is absent or not a `T`.
    ///
    /// ```
    /// # use jwt_guard::Token;
    /// fn level(token: &Token) -> u8 {
    ///     token.claim::<u8>("level").unwrap_or(0)
    /// }
    /// # let _ = level;
    /// ```
    pub fn claim<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        self.claims()
            .get(name)
            .and_then(|value| T::deserialize(value).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::JwtManager;

    #[test]
    fn string_claims_read_the_same_with_and_without_escapes() {
        let manager = JwtManager::builder()
            .secret("a-secret-of-at-least-thirty-two-bytes")
            .build()
            .unwrap();
        // The second is written with escapes, so it cannot point into the payload.
        for identity in ["alice", "a \"quoted\" \u{e9}l\\ice\n"] {
            let token = manager
                .verify(&manager.create_access_token(identity).unwrap())
                .unwrap();
            let borrowed = matches!(&token.0.identity, Identity::Text(Text::In(_), _));
            assert_eq!(borrowed, identity == "alice");
            assert_eq!(token.identity_str(), Some(identity));
            assert_eq!(token.identity(), &Value::from(identity));
            assert_eq!(token.claims()["sub"], identity);
            assert_eq!(token.jti().map(str::len), Some(36));
        }
    }
}
