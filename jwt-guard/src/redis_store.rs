//! A revocation store in Redis, shared by every instance of a service.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::sync::OnceCell;

use crate::revoke::{BoxFuture, RevocationStore, StoreError, identity_key, issued_before};
use crate::token::Token;

/// Revocations in Redis (feature `redis`): one key per revoked `jti` and one
/// per identity logged out everywhere, each expiring with the tokens it
/// revokes, so Redis holds nothing past its use.
///
/// Every call is bounded by a timeout (500 ms by default): with Redis down, a
/// guard answers 503 in bounded time (or lets the token through, with
/// [`JwtConfig::revocation_fail_open`](crate::JwtConfig::revocation_fail_open)).
/// The connection is made lazily and re-made after a failure, so a service can
/// start while Redis is still coming up.
///
/// ```
/// use std::time::Duration;
/// use jwt_guard::JwtManager;
/// use jwt_guard::revoke::RedisStore;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // No runtime is needed yet: the connection is made on first use.
/// let store = RedisStore::open("redis://127.0.0.1:6379/")?
///     .prefix("my-api:revoked:")
///     .timeout(Duration::from_millis(200));
/// let manager = JwtManager::builder()
///     .secret("a-32-byte-secret-from-the-environment!")
///     .revocation_store(store)
///     .build()?;
/// # let _ = manager;
/// # Ok(())
/// # }
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
#[derive(Clone)]
pub struct RedisStore {
    client: redis::Client,
    config: ConnectionManagerConfig,
    /// Made on first use, inside the runtime that serves requests: the
    /// connection manager spawns a task, so it cannot be made in `open`, which
    /// may run before any runtime exists.
    connection: Arc<OnceCell<ConnectionManager>>,
    prefix: String,
    timeout: Duration,
}

impl RedisStore {
    /// A store on the Redis server at `url` (`redis://host:port/db`). No
    /// connection is made until the first use.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let timeout = Duration::from_millis(500);
        let client = redis::Client::open(url).map_err(unavailable)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(1);
        Ok(Self {
            client,
            config,
            connection: Arc::new(OnceCell::new()),
            prefix: "jwt-guard:".to_owned(),
            timeout,
        })
    }

    /// The prefix of every key (`jwt-guard:` by default), for services that
    /// share a Redis database.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// The longest a call may take before the store counts as unavailable.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    async fn connection(&self) -> Result<ConnectionManager, StoreError> {
        self.connection
            .get_or_try_init(|| async {
                ConnectionManager::new_lazy_with_config(self.client.clone(), self.config.clone())
            })
            .await
            .cloned()
            .map_err(unavailable)
    }

    fn jti_key(&self, jti: &str) -> String {
        format!("{}jti:{jti}", self.prefix)
    }

    fn identity_key(&self, identity: &str) -> String {
        format!("{}identity:{identity}", self.prefix)
    }

    async fn bounded<T>(
        &self,
        call: impl Future<Output = redis::RedisResult<T>>,
    ) -> Result<T, StoreError> {
        match tokio::time::timeout(self.timeout, call).await {
            Ok(result) => result.map_err(unavailable),
            Err(_) => Err(StoreError::Unavailable(format!(
                "Redis did not answer within {:?}",
                self.timeout
            ))),
        }
    }

    /// `SET key value PX ttl`, skipped when the entry would already be dead.
    async fn set_until(
        &self,
        key: String,
        value: String,
        until: SystemTime,
    ) -> Result<(), StoreError> {
        let Ok(ttl) = until.duration_since(SystemTime::now()) else {
            return Ok(());
        };
        let millis = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let mut connection = self.connection().await?;
        let mut set = redis::cmd("SET");
        set.arg(key).arg(value).arg("PX").arg(millis);
        self.bounded(set.query_async::<()>(&mut connection)).await
    }
}

fn unavailable(err: redis::RedisError) -> StoreError {
    StoreError::Unavailable(err.to_string())
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl RevocationStore for RedisStore {
    fn is_revoked<'a>(&'a self, token: &'a Token) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(async move {
            // One round trip for both questions.
            let mut get = redis::cmd("MGET");
            get.arg(self.identity_key(&identity_key(token.identity())));
            if let Some(jti) = token.jti() {
                get.arg(self.jti_key(jti));
            }
            let mut connection = self.connection().await?;
            let values: Vec<Option<String>> =
                self.bounded(get.query_async(&mut connection)).await?;
            if values.get(1).is_some_and(Option::is_some) {
                return Ok(true);
            }
            let cutoff = values
                .first()
                .and_then(Option::as_deref)
                .and_then(|secs| secs.parse::<f64>().ok())
                .and_then(crate::claims::system_time_from_f64);
            Ok(cutoff.is_some_and(|cutoff| issued_before(token, cutoff)))
        })
    }

    fn revoke_jti<'a>(
        &'a self,
        jti: &'a str,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(self.set_until(self.jti_key(jti), "1".to_owned(), until))
    }

    fn revoke_identity<'a>(
        &'a self,
        identity: &'a str,
        before: SystemTime,
        until: SystemTime,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        let cutoff = before
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        Box::pin(self.set_until(self.identity_key(identity), cutoff.to_string(), until))
    }
}
