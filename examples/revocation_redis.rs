//! The quickstart with its revocations in Redis, so that several instances
//! share one blocklist: log out through one, be refused by the others.
//!
//! ```text
//! redis-server --port 6379 &
//! REDIS_URL=redis://127.0.0.1:6379/ JWT_SECRET_KEY=… cargo run --example revocation_redis
//! JWT_GUARD_ADDR=127.0.0.1:3001 REDIS_URL=… JWT_SECRET_KEY=… cargo run --example revocation_redis
//! ```
//!
//! Without `REDIS_URL` it says so and keeps revocations in memory.

#[allow(dead_code)] // this example uses the quickstart's router, not its `main`
#[path = "quickstart.rs"]
mod quickstart;

use jwt_guard::revoke::RedisStore;

#[tokio::main]
async fn main() {
    let secret = quickstart::secret();
    let manager = match std::env::var("REDIS_URL") {
        Ok(url) => match RedisStore::open(&url) {
            Ok(store) => {
                eprintln!("revocations are kept in Redis at {url}");
                quickstart::with_store(&secret, store)
            }
            Err(err) => {
                eprintln!("error: REDIS_URL: {err}");
                std::process::exit(2);
            }
        },
        Err(_) => {
            eprintln!(
                "warning: REDIS_URL is not set; revocations are kept in this process's memory"
            );
            quickstart::manager(&secret)
        }
    };
    match manager {
        Ok(manager) => quickstart::serve(manager).await,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(2);
        }
    }
}
