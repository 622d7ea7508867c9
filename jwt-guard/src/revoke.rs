//! Revocation: the store seam, and the in-memory store.
//!
//! A store answers one question per request — is this token revoked, by its
//! `jti` or because its identity logged out everywhere after it was issued? —
//! so the guard makes exactly one call (one round trip for a networked store).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::SystemTime;

use serde_json::Value;

use crate::token::Token;

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
pub(crate) fn issued_before(token: &Token, cutoff: SystemTime) -> bool {
    token.issued_at().is_none_or(|iat| iat < cutoff)
}

/// Revocations kept in this process's memory: for a single instance.
///
/// Entries leave as the tokens they revoke expire (swept on every write, in
/// order of expiry), and the store holds at most `capacity` entries: at
/// capacity it refuses new revocations rather than forget a live one.
///
/// ```
/// use jwt_guard::{JwtManager, MemoryStore};
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
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    jtis: HashMap<String, SystemTime>,
    identities: HashMap<String, (SystemTime, SystemTime)>,
    /// Expiry order of every entry, for the sweep; stale items (an entry
    /// replaced since) are skipped when popped.
    expiry: BinaryHeap<Reverse<(SystemTime, Key)>>,
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
            inner: Mutex::new(Entries::default()),
        }
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

    fn insert(
        &self,
        key: Key,
        until: SystemTime,
        cutoff: Option<SystemTime>,
    ) -> Result<(), StoreError> {
        let now = SystemTime::now();
        let mut entries = self.lock();
        entries.sweep(now);
        if until <= now {
            return Ok(());
        }
        let fresh_key = match &key {
            Key::Jti(jti) => !entries.jtis.contains_key(jti),
            Key::Identity(id) => !entries.identities.contains_key(id),
        };
        if fresh_key && entries.jtis.len() + entries.identities.len() >= self.capacity {
            return Err(StoreError::Full);
        }
        match (&key, cutoff) {
            (Key::Jti(jti), _) => {
                let slot = entries.jtis.entry(jti.clone()).or_insert(until);
                *slot = (*slot).max(until);
            }
            (Key::Identity(id), Some(before)) => {
                let slot = entries
                    .identities
                    .entry(id.clone())
                    .or_insert((before, until));
                *slot = (slot.0.max(before), slot.1.max(until));
            }
            (Key::Identity(_), None) => {}
        }
        entries.expiry.push(Reverse((until, key)));
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
            .field("len", &self.len())
            .finish()
    }
}

impl Entries {
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
                    if self.jtis.get(&jti).is_some_and(|u| *u <= until) {
                        self.jtis.remove(&jti);
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
            .is_some_and(|until| *until > now);
        let by_identity = entries
            .identities
            .get(&identity_key(token.identity()))
            .is_some_and(|(before, until)| *until > now && issued_before(token, *before));
        drop(entries);
        Box::pin(std::future::ready(Ok(by_jti || by_identity)))
    }

    fn revoke_jti<'a>(
        &'a self,
        jti: &'a str,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(std::future::ready(self.insert(
            Key::Jti(jti.to_owned()),
            until,
            None,
        )))
    }

    fn revoke_identity<'a>(
        &'a self,
        identity: &'a str,
        before: SystemTime,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(std::future::ready(self.insert(
            Key::Identity(identity.to_owned()),
            until,
            Some(before),
        )))
    }
}
