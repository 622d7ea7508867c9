//! An opt-in cache of verified tokens, for the common case of one client
//! sending the same token many times.
//!
//! It replaces only the decoding and signature check: a hit is keyed on the
//! full token text (compared whole, never by prefix or hash alone), its expiry
//! is checked again on every hit, and everything after verification —
//! type, freshness, revocation, the application's hook — runs as without it.

use std::hash::{BuildHasher, Hasher, RandomState};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use quick_cache::UnitWeighter;
use quick_cache::sync::{Cache, DefaultLifecycle};

use crate::token::Token;

type Entries = Cache<Box<[u8]>, Entry, UnitWeighter, TailHash, DefaultLifecycle<Box<[u8]>, Entry>>;

/// Bounded by entries; eviction (quick_cache's clock-style S3-FIFO) costs the
/// same at any capacity, and the cache is sharded, so a miss locks one shard
/// for a constant time instead of the whole map for a scan.
pub(crate) struct TokenCache {
    /// Seconds.
    max_age: f64,
    leeway: f64,
    entries: Entries,
}

/// Hashes the last [`TAIL`] bytes of a key: for a JWT, its signature. The map
/// still compares whole keys, so this only picks the bucket; and only verified
/// tokens are inserted, so nobody can choose signatures that share a bucket
/// (the hash is keyed per process besides). Hashing a short tail instead of a
/// whole token is most of what a cache hit costs; 16 base64url characters are
/// 96 bits of MAC, more than enough to spread the buckets.
#[derive(Clone, Default)]
struct TailHash(RandomState);

const TAIL: usize = 16;

impl BuildHasher for TailHash {
    type Hasher = TailHasher<<RandomState as BuildHasher>::Hasher>;

    fn build_hasher(&self) -> Self::Hasher {
        TailHasher(self.0.build_hasher())
    }
}

struct TailHasher<H>(H);

impl<H: Hasher> Hasher for TailHasher<H> {
    fn finish(&self) -> u64 {
        self.0.finish()
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.write(&bytes[bytes.len().saturating_sub(TAIL)..]);
    }
}

#[derive(Clone)]
struct Entry {
    token: Token,
    /// `exp` in seconds (with leeway), `f64::INFINITY` for a token without one.
    expires: f64,
    /// When it was cached (seconds, wall clock): bounds how long a
    /// verification is trusted, so a key withdrawn from the manager's set
    /// stops counting within `max_age`.
    cached_at: f64,
}

impl TokenCache {
    pub(crate) fn new(capacity: usize, max_age: Duration, leeway: Duration) -> Self {
        let capacity = capacity.max(1);
        Self {
            max_age: max_age.as_secs_f64(),
            leeway: leeway.as_secs_f64(),
            entries: Cache::with(
                capacity,
                capacity as u64,
                UnitWeighter,
                TailHash::default(),
                DefaultLifecycle::default(),
            ),
        }
    }

    /// The verified token for `raw`, if cached and still within its `exp`.
    pub(crate) fn get(&self, raw: &[u8]) -> Option<Token> {
        let entry = self.entries.get(raw)?;
        // One clock reading for both bounds: it is a good part of a hit's cost.
        self.live(&entry, now()).then_some(entry.token)
    }

    /// Within its `exp` and its time of trust. A clock set back makes every
    /// entry look cached in the future, which counts as stale, not as fresh.
    fn live(&self, entry: &Entry, now: f64) -> bool {
        let age = now - entry.cached_at;
        entry.expires > now && (0.0..self.max_age).contains(&age)
    }

    /// Caches a verified token. An entry that is no longer live is never
    /// served (see [`get`](Self::get)) and leaves as the cache's eviction
    /// reaches it.
    pub(crate) fn insert(&self, raw: &[u8], token: &Token) {
        let expires = token
            .expires_at()
            .map_or(f64::INFINITY, |exp| seconds(exp) + self.leeway);
        self.entries.insert(
            raw.into(),
            Entry {
                token: token.clone(),
                expires,
                cached_at: now(),
            },
        );
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

fn seconds(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

fn now() -> f64 {
    seconds(SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::JwtManager;

    #[test]
    fn keys_that_share_a_tail_are_told_apart_by_the_whole_key() {
        let manager = JwtManager::builder()
            .secret("a-secret-of-at-least-thirty-two-bytes")
            .build()
            .unwrap();
        let raw = manager.create_access_token("alice").unwrap();
        let cache = TokenCache::new(10, Duration::from_secs(60), Duration::ZERO);
        cache.insert(raw.as_bytes(), &manager.verify(&raw).unwrap());
        assert_eq!(
            cache.get(raw.as_bytes()).unwrap().identity_str(),
            Some("alice")
        );
        // Same last TAIL bytes, so the same bucket: only the full compare
        // keeps these out.
        let altered = format!("X{}", &raw[1..]);
        assert!(cache.get(altered.as_bytes()).is_none());
        assert!(cache.get(&raw.as_bytes()[raw.len() - TAIL..]).is_none());
        assert!(cache.get(&raw.as_bytes()[1..]).is_none());
    }
}
