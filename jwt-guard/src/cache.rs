//! An opt-in cache of verified tokens, for the common case of one client
//! sending the same token many times.
//!
//! It replaces only the decoding and signature check: a hit is keyed on the
//! full token text (compared whole, never by prefix or hash alone), its expiry
//! is checked again on every hit, and everything after verification —
//! type, freshness, revocation, the application's hook — runs as without it.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::RwLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::token::Token;

pub(crate) struct TokenCache {
    capacity: usize,
    /// Seconds.
    max_age: f64,
    leeway: f64,
    entries: RwLock<HashMap<Box<[u8]>, Entry, TailHash>>,
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
        Self {
            capacity,
            max_age: max_age.as_secs_f64(),
            leeway: leeway.as_secs_f64(),
            entries: RwLock::new(HashMap::default()),
        }
    }

    /// The verified token for `raw`, if cached and still within its `exp`.
    pub(crate) fn get(&self, raw: &[u8]) -> Option<Token> {
        // One clock reading for both bounds: it is a good part of a hit's cost.
        let now = now();
        let entries = self.entries.read().ok()?;
        let entry = entries.get(raw)?;
        self.live(entry, now).then(|| entry.token.clone())
    }

    /// Within its `exp` and its time of trust. A clock set back makes every
    /// entry look cached in the future, which counts as stale, not as fresh.
    fn live(&self, entry: &Entry, now: f64) -> bool {
        let age = now - entry.cached_at;
        entry.expires > now && (0.0..self.max_age).contains(&age)
    }

    pub(crate) fn insert(&self, raw: &[u8], token: &Token) {
        let expires = token
            .expires_at()
            .map_or(f64::INFINITY, |exp| seconds(exp) + self.leeway);
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        if entries.len() >= self.capacity {
            let now = now();
            entries.retain(|_, e| self.live(e, now));
            // Still full of live entries: make room for the newest token
            // rather than grow; which one goes does not matter for correctness.
            if entries.len() >= self.capacity {
                let victim = entries.keys().next().cloned();
                if let Some(victim) = victim {
                    entries.remove(&victim);
                }
            }
        }
        entries.insert(
            raw.into(),
            Entry {
                token: token.clone(),
                expires,
                cached_at: now(),
            },
        );
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.read().map_or(0, |e| e.len())
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
