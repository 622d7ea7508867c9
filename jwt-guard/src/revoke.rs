//! Logout: where revoked tokens are recorded.
//!
//! Give the manager a [`RevocationStore`] with
//! [`JwtConfig::revocation_store`](crate::JwtConfig::revocation_store):
//! [`MemoryStore`] for one process, `RedisStore` (feature `redis`) for
//! several, or your own. [`JwtManager::revoke`](crate::JwtManager::revoke)
//! then revokes one token and
//! [`JwtManager::revoke_all`](crate::JwtManager::revoke_all) every token of an
//! identity, and every guard refuses them with 401 `Token has been revoked`.
//! A store that cannot answer fails closed with 503 (a [`StoreError`]) unless
//! [`revocation_fail_open`](crate::JwtConfig::revocation_fail_open) is on.
//!
//! A store answers one question per request — is this token revoked, by its
//! `jti` or because its identity logged out everywhere after it was issued? —
//! so the guard makes exactly one call (one round trip for a networked store).
//!
//! ```
//! use axum::{Router, routing::post};
//! use jwt_guard::revoke::MemoryStore;
//! use jwt_guard::{JwtManager, Token, require_token};
//!
//! #[require_token(any_type)]
//! async fn logout(manager: JwtManager, token: Token) -> &'static str {
//!     match manager.revoke(&token).await {
//!         Ok(()) => "logged out",
//!         Err(_) => "try again",
//!     }
//! }
//!
//! let manager = JwtManager::builder()
//!     .secret("a-32-byte-secret-from-the-environment!")
//!     .revocation_store(MemoryStore::new())
//!     .build()?;
//! let app: Router = Router::new()
//!     .route("/logout", post(logout))
//!     .layer(manager.layer());
//! # let _ = app;
//! # Ok::<(), jwt_guard::ConfigError>(())
//! ```

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::SystemTime;

use serde_json::Value;

use crate::claims::unix_millis;
use crate::token::Token;

#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use crate::redis_store::RedisStore;

/// A boxed, `Send` future, as the store trait returns them so it stays
/// object-safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where revoked tokens are recorded.
///
/// Implementations keep an entry only as long as the token it revokes could
/// still be presented (`until`), so a store's size is bounded by the tokens
/// alive at once. [`MemoryStore`] serves one process; `RedisStore` (feature
/// `redis`) serves several.
pub trait RevocationStore: Send + Sync + 'static {
    /// Whether `token` is revoked: its `jti` is recorded, or its identity was
    /// revoked at a time after the token's `iat`.
    fn is_revoked<'a>(&'a self, token: &'a Token) -> BoxFuture<'a, Result<bool, StoreError>>;

    /// Records `token` as revoked until `until` (its expiry plus the
    /// manager's leeway, or the end of time for a token without `exp`).
    ///
    /// This is what [`JwtManager::revoke`](crate::JwtManager::revoke) calls. By
    /// default it records the token's `jti` with
    /// [`revoke_jti`](Self::revoke_jti); a store that bounds how much one
    /// identity may hold (as [`MemoryStore`] does) reads the identity and
    /// `iat` here too.
    fn revoke_token<'a>(
        &'a self,
        token: &'a Token,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        match token.jti() {
            Some(jti) => self.revoke_jti(jti, until),
            None => Box::pin(std::future::ready(Err(StoreError::NoJti))),
        }
    }

    /// Records `jti` as revoked until `until` (the token's expiry).
    fn revoke_jti<'a>(
        &'a self,
        jti: &'a str,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>>;

    /// Revokes every token of `identity` issued before `before`; the record is
    /// kept until `until`, when the last such token has expired.
    fn revoke_identity<'a>(
        &'a self,
        identity: &'a str,
        before: SystemTime,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
}

/// A store could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreError {
    /// The store is unreachable or did not answer in time.
    Unavailable(String),
    /// The store refuses new entries (a bounded store at capacity).
    Full,
    /// The token has no `jti`, so it cannot be revoked on its own.
    NoJti,
    /// No store is configured on the manager.
    NotConfigured,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(why) => write!(f, "the revocation store is unavailable: {why}"),
            Self::Full => f.write_str("the revocation store is full"),
            Self::NoJti => {
                f.write_str("the token has no `jti` claim, so it cannot be revoked alone")
            }
            Self::NotConfigured => f.write_str(
                "no revocation store is configured; add one with JwtConfig::revocation_store",
            ),
        }
    }
}

impl std::error::Error for StoreError {}

/// The key an identity is revoked under: the string itself, or the JSON text
/// of a non-string identity (Flask-JWT-Extended allows any JSON value).
pub(crate) fn identity_key(identity: &Value) -> String {
    match identity {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether a token issued at `iat` falls under an identity cutoff. A token
/// without `iat` cannot prove it came after the cutoff, so it is revoked.
///
/// Both sides are compared in whole milliseconds, the precision jwt-guard
/// mints `iat` with; [`JwtManager::revoke_all`](crate::JwtManager::revoke_all)
/// returns only once its cut-off has passed, so every token minted after it
/// returns is on the right side.
pub(crate) fn issued_before(token: &Token, cutoff: SystemTime) -> bool {
    token
        .issued_at()
        .is_none_or(|iat| unix_millis(iat) < unix_millis(cutoff))
}

/// Revocations kept in this process's memory: for a single instance.
///
/// Entries leave as the tokens they revoke expire (swept on every write, in
/// order of expiry), and the store holds at most `capacity` entries: at
/// capacity it refuses new revocations rather than forget a live one.
///
/// One identity cannot fill it: past [`max_per_identity`](Self::max_per_identity)
/// revoked tokens of one identity (1,000 by default), a further revocation of
/// that identity's tokens is recorded as one identity cut-off instead: every
/// token of that identity issued up to the one being revoked is refused, as
/// after [`JwtManager::revoke_all`](crate::JwtManager::revoke_all) (cut-offs
/// are exact to the millisecond, so this includes a token of that identity
/// minted in the same millisecond as the one revoked). An account
/// that logs in and out in a loop thus holds a bounded number of entries, and
/// every other user's logout keeps working.
///
/// ```
/// use jwt_guard::JwtManager;
/// use jwt_guard::revoke::MemoryStore;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let manager = JwtManager::builder()
///     .secret("a-32-byte-secret-from-the-environment!")
///     .revocation_store(MemoryStore::new())
///     .build()?;
/// let token = manager.verify(&manager.create_access_token("alice")?)?;
/// manager.revoke(&token).await?;
/// assert!(manager.is_revoked(&token).await?);
/// # Ok(())
/// # }
/// ```
pub struct MemoryStore {
    capacity: usize,
    per_identity: usize,
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    jtis: HashMap<String, Revoked>,
    identities: HashMap<String, (SystemTime, SystemTime)>,
    /// How many entries of `jtis` each identity owns.
    owned: HashMap<String, usize>,
    /// Expiry order of every entry, for the sweep; stale items (an entry
    /// replaced since) are skipped when popped.
    expiry: BinaryHeap<Reverse<(SystemTime, Key)>>,
}

/// A revoked `jti`: until when, and whose (`None` when revoked by `jti` alone,
/// through [`RevocationStore::revoke_jti`]).
struct Revoked {
    until: SystemTime,
    owner: Option<String>,
}

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Jti(String),
    Identity(String),
}

impl MemoryStore {
    /// A store of up to a million entries.
    pub fn new() -> Self {
        Self::with_capacity(1_000_000)
    }

    /// A store of up to `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            capacity,
            per_identity: 1_000,
            inner: Mutex::new(Entries::default()),
        }
    }

    /// How many revoked tokens of one identity are kept one by one before
    /// they are folded into an identity cut-off (1,000 by default, at least 1).
    ///
    /// ```
    /// use jwt_guard::revoke::MemoryStore;
    ///
    /// let store = MemoryStore::with_capacity(100_000).max_per_identity(50);
    /// # let _ = store;
    /// ```
    pub fn max_per_identity(mut self, entries: usize) -> Self {
        self.per_identity = entries.max(1);
        self
    }

    /// How many revocations are held (expired ones are swept on writes).
    pub fn len(&self) -> usize {
        let entries = self.lock();
        entries.jtis.len() + entries.identities.len()
    }

    /// Whether no revocation is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding the lock cannot leave the maps inconsistent
        // (every write is a single insert), so a poisoned lock is still usable.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn revoke_jti_of(
        &self,
        jti: &str,
        owner: Option<String>,
        until: SystemTime,
        cutoff: SystemTime,
    ) -> Result<(), StoreError> {
        let now = SystemTime::now();
        let mut entries = self.lock();
        entries.sweep(now);
        if until <= now {
            return Ok(());
        }
        if let Some(revoked) = entries.jtis.get_mut(jti) {
            revoked.until = revoked.until.max(until);
        } else if let Some(owner) = owner
            .as_ref()
            .filter(|owner| entries.owned.get(*owner).copied().unwrap_or(0) >= self.per_identity)
        {
            // This identity holds its share: one cut-off covers this token
            // and every earlier one of it, in a single entry.
            return entries.revoke_identity(owner, cutoff, until, self.capacity);
        } else {
            entries.check_room(self.capacity)?;
            if let Some(owner) = &owner {
                *entries.owned.entry(owner.clone()).or_default() += 1;
            }
            entries
                .jtis
                .insert(jti.to_owned(), Revoked { until, owner });
        }
        entries
            .expiry
            .push(Reverse((until, Key::Jti(jti.to_owned()))));
        Ok(())
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore")
            .field("capacity", &self.capacity)
            .field("max_per_identity", &self.per_identity)
            .field("len", &self.len())
            .finish()
    }
}

impl Entries {
    fn check_room(&self, capacity: usize) -> Result<(), StoreError> {
        if self.jtis.len() + self.identities.len() >= capacity {
            return Err(StoreError::Full);
        }
        Ok(())
    }

    fn revoke_identity(
        &mut self,
        identity: &str,
        before: SystemTime,
        until: SystemTime,
        capacity: usize,
    ) -> Result<(), StoreError> {
        match self.identities.get_mut(identity) {
            Some(slot) => *slot = (slot.0.max(before), slot.1.max(until)),
            None => {
                self.check_room(capacity)?;
                self.identities.insert(identity.to_owned(), (before, until));
            }
        }
        self.expiry
            .push(Reverse((until, Key::Identity(identity.to_owned()))));
        Ok(())
    }

    fn sweep(&mut self, now: SystemTime) {
        while let Some(Reverse((until, _))) = self.expiry.peek() {
            if *until > now {
                break;
            }
            let Some(Reverse((until, key))) = self.expiry.pop() else {
                break;
            };
            // Remove only if the entry was not extended past this expiry since.
            match key {
                Key::Jti(jti) => {
                    if self.jtis.get(&jti).is_some_and(|r| r.until <= until)
                        && let Some(Revoked {
                            owner: Some(owner), ..
                        }) = self.jtis.remove(&jti)
                        && let Some(count) = self.owned.get_mut(&owner)
                    {
                        *count -= 1;
                        if *count == 0 {
                            self.owned.remove(&owner);
                        }
                    }
                }
                Key::Identity(id) => {
                    if self.identities.get(&id).is_some_and(|(_, u)| *u <= until) {
                        self.identities.remove(&id);
                    }
                }
            }
        }
    }
}

impl RevocationStore for MemoryStore {
    fn is_revoked<'a>(&'a self, token: &'a Token) -> BoxFuture<'a, Result<bool, StoreError>> {
        let now = SystemTime::now();
        let entries = self.lock();
        let by_jti = token
            .jti()
            .and_then(|jti| entries.jtis.get(jti))
            .is_some_and(|revoked| revoked.until > now);
        let by_identity = entries
            .identities
            .get(&identity_key(token.identity()))
            .is_some_and(|(before, until)| *until > now && issued_before(token, *before));
        drop(entries);
        Box::pin(std::future::ready(Ok(by_jti || by_identity)))
    }

    fn revoke_token<'a>(
        &'a self,
        token: &'a Token,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        let result = match token.jti() {
            None => Err(StoreError::NoJti),
            Some(jti) => {
                // A cut-off just past this token's `iat` covers it (cut-offs
                // compare whole milliseconds); without `iat`, any cut-off does.
                let cutoff = token.issued_at().unwrap_or_else(SystemTime::now)
                    + std::time::Duration::from_millis(1);
                let owner = identity_key(token.identity());
                self.revoke_jti_of(jti, Some(owner), until, cutoff)
            }
        };
        Box::pin(std::future::ready(result))
    }

    fn revoke_jti<'a>(
        &'a self,
        jti: &'a str,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        let now = SystemTime::now();
        Box::pin(std::future::ready(
            self.revoke_jti_of(jti, None, until, now),
        ))
    }

    fn revoke_identity<'a>(
        &'a self,
        identity: &'a str,
        before: SystemTime,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        let now = SystemTime::now();
        let mut entries = self.lock();
        entries.sweep(now);
        let result = if until <= now {
            Ok(())
        } else {
            entries.revoke_identity(identity, before, until, self.capacity)
        };
        drop(entries);
        Box::pin(std::future::ready(result))
    }
}
