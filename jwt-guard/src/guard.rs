//! What every guard runs, in the order docs/guard-reference.md §1.6 fixes. Shared by all
//! handlers (the generated code only supplies a static spec), so the hot path is
//! compiled once.

use std::time::SystemTime;

use axum::http::request::Parts;

use crate::claims::TokenType;
use crate::error::{GuardError, GuardErrorKind};
use crate::locate::{Located, Syntax, find_token};
use crate::manager::JwtManager;
use crate::request_state::RequestState;
use crate::spec::{Accepts, GuardSpec};
use crate::token::Token;
use crate::user;
use crate::verify::verify;

/// Why no token came out of a request.
pub(crate) enum Refusal {
    /// The request carries none; `optional` routes accept that.
    Absent(GuardError),
    /// It carries one that fails a check; nothing forgives that.
    Invalid(GuardError),
}

/// What a `Token` extractor on a route without a guard asks for.
pub(crate) const UNGUARDED: GuardSpec = GuardSpec {
    handler: "Token extractor",
    accepts: Accepts::Access,
    fresh: false,
    optional: false,
    locations: None,
    req: None,
};

/// Find → verify → CSRF → type → freshness → revocation → the application's
/// hook → the user loader. The declared claims are checked by the caller last,
/// because they may need the path.
pub(crate) async fn authorize(
    manager: &JwtManager,
    parts: &mut Parts,
    spec: &GuardSpec,
) -> Result<Token, Refusal> {
    let config = &manager.inner.config;
    let mut syntax = Syntax::Deferred;
    let (token, from) = loop {
        match find_token(parts, config, spec, syntax).map_err(Refusal::Invalid)? {
            Located::Token(found) => match verify_refreshing(manager, &found.raw).await {
                Ok(token) => {
                    found.check_csrf(&token).map_err(Refusal::Invalid)?;
                    break (token, found.from);
                }
                Err(_) if syntax == Syntax::Deferred && found.recheck() => {
                    syntax = Syntax::Strict;
                }
                Err(err) => return Err(Refusal::Invalid(err)),
            },
            Located::Absent(err) => return Err(Refusal::Absent(err)),
        }
    };
    admit(manager, &token, spec.accepts, spec.fresh)
        .await
        .map_err(Refusal::Invalid)?;
    if let Some(loader) = &config.user_loader {
        // A user already here was loaded for an earlier guard's token, found
        // where this guard does not look: not necessarily this token's.
        RequestState::forget_user(parts);
        user::load(loader, &token, parts)
            .await
            .map_err(Refusal::Invalid)?;
    }
    // Only a token that passed every check may be renewed by the refresh layer.
    RequestState::accepted(parts, from, &token);
    Ok(token)
}

/// What follows verification, wherever the token came from (a request, or
/// [`JwtManager::authorize`]): type → freshness → revocation → the
/// application's hook.
pub(crate) async fn admit(
    manager: &JwtManager,
    token: &Token,
    accepts: Accepts,
    fresh: bool,
) -> Result<(), GuardError> {
    check_kind(token, accepts, fresh)?;
    check_revocation(manager, token).await?;
    if manager
        .inner
        .config
        .token_check
        .as_ref()
        .is_some_and(|check| !check(token))
    {
        return Err(GuardError::new(
            GuardErrorKind::VerificationFailed,
            "User claims verification failed",
        ));
    }
    Ok(())
}

/// What a guard asks of a token on its own, type and freshness: all a later
/// guard checks on a token an earlier guard of the request admitted.
pub(crate) fn check_kind(token: &Token, accepts: Accepts, fresh: bool) -> Result<(), GuardError> {
    check_type(token, accepts)?;
    if fresh && !token.is_fresh() {
        return Err(GuardError::new(
            GuardErrorKind::NotFresh,
            "Fresh token required",
        ));
    }
    Ok(())
}

async fn check_revocation(manager: &JwtManager, token: &Token) -> Result<(), GuardError> {
    let config = &manager.inner.config;
    let Some(store) = &config.revocation else {
        return Ok(());
    };
    match store.is_revoked(token).await {
        Ok(false) => Ok(()),
        Ok(true) => Err(GuardError::new(
            GuardErrorKind::Revoked,
            "Token has been revoked",
        )),
        Err(err) if config.revocation_fail_open => {
            tracing::warn!(%err, "jwt-guard: revocation store unavailable; failing open as configured");
            Ok(())
        }
        Err(err) => {
            tracing::error!(%err, "jwt-guard: revocation store unavailable; refusing the request");
            Err(GuardError::new(
                GuardErrorKind::StoreUnavailable,
                "Token revocation status is unavailable; try again later",
            ))
        }
    }
}

/// Verifies through the token cache when the manager has one.
pub(crate) async fn verify_refreshing(
    manager: &JwtManager,
    raw: &[u8],
) -> Result<Token, GuardError> {
    let cache = manager.inner.cache.as_ref();
    if let Some(token) = cache.and_then(|c| c.get(raw)) {
        return Ok(token);
    }
    let token = verify_with_keys(manager, raw).await?;
    if let Some(cache) = cache {
        cache.insert(raw, &token);
    }
    Ok(token)
}

/// Verifies with the manager's keys; with a remote JWKS, first refreshes keys
/// that are missing or too old, and refreshes once more for a `kid` the cache
/// lacks (the refresh itself is single-flight and rate-limited). A token the
/// current keys can answer never waits for a fetch under way.
async fn verify_with_keys(manager: &JwtManager, raw: &[u8]) -> Result<Token, GuardError> {
    #[cfg(feature = "jwks")]
    if let Some(remote) = &manager.inner.config.remote_jwks {
        if remote.is_stale() {
            remote.refresh().await;
        }
        return match verify(&manager.inner.verifier, raw, SystemTime::now()) {
            Err(err) if err.kind() == GuardErrorKind::UnknownKey => {
                remote.refresh().await;
                verify(&manager.inner.verifier, raw, SystemTime::now())
            }
            other => other,
        };
    }
    verify(&manager.inner.verifier, raw, SystemTime::now())
}

fn check_type(token: &Token, accepts: Accepts) -> Result<(), GuardError> {
    match (accepts, token.token_type()) {
        (Accepts::Any, _)
        | (Accepts::Access, TokenType::Access)
        | (Accepts::Refresh, TokenType::Refresh) => Ok(()),
        (Accepts::Access, TokenType::Refresh) => Err(GuardError::new(
            GuardErrorKind::WrongTokenType,
            "Only non-refresh tokens are allowed",
        )),
        (Accepts::Refresh, TokenType::Access) => Err(GuardError::new(
            GuardErrorKind::WrongTokenType,
            "Only refresh tokens are allowed",
        )),
    }
}
