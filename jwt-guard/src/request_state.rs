//! The one state a request carries for jwt-guard: the token its guard
//! verified, the user loaded for it, and, behind the implicit-refresh layer,
//! the slot where that layer finds the token to renew once the handler has
//! answered. It lives in one private request extension, inserted once (by the
//! guard that first admits a token, or up front by the refresh layer), and
//! nothing the application can take away holds it: not the manager, which is
//! only a handle to shared configuration, nor any extractor's output.

use std::sync::{Arc, Mutex, PoisonError};

use axum::http::Extensions;
use axum::http::request::Parts;

use crate::claims::TokenType;
use crate::config::user::LoadedUser;
use crate::location::TokenLocation;
use crate::token::Token;

#[derive(Clone, Default)]
pub(crate) struct RequestState {
    token: Option<Token>,
    user: Option<LoadedUser>,
    renewal: Option<Renewal>,
}

/// Where the guard leaves the cookie token it accepted, for the implicit-refresh
/// layer to read after the handler (which by then owns the request).
#[derive(Clone, Default)]
pub(crate) struct Renewal(Arc<Mutex<Option<Token>>>);

impl Renewal {
    /// The token the guard accepted, if it is one to renew.
    pub(crate) fn take(&self) -> Option<Token> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

impl RequestState {
    fn of(parts: &Parts) -> Option<&Self> {
        parts.extensions.get::<Self>()
    }

    fn of_mut(parts: &mut Parts) -> &mut Self {
        parts.extensions.get_or_insert_default::<Self>()
    }

    /// The token a guard verified earlier in this request.
    pub(crate) fn token(parts: &Parts) -> Option<Token> {
        Self::of(parts)?.token.clone()
    }

    /// The user loaded for this request's token.
    pub(crate) fn user(parts: &Parts) -> Option<&LoadedUser> {
        Self::of(parts)?.user.as_ref()
    }

    /// Keeps the verified token for the extractors that run after the guard.
    pub(crate) fn keep_token(parts: &mut Parts, token: Token) {
        Self::of_mut(parts).token = Some(token);
    }

    /// Keeps the user the loader found.
    pub(crate) fn keep_user(parts: &mut Parts, user: LoadedUser) {
        Self::of_mut(parts).user = Some(user);
    }

    /// Called once a token has passed every check. Only an access token from
    /// the cookie is remembered for renewal: a header token cannot be replaced
    /// by a `Set-Cookie`, and a refresh token is renewed by the application's
    /// own route.
    pub(crate) fn accepted(parts: &Parts, from: TokenLocation, token: &Token) {
        if from != TokenLocation::Cookies || token.token_type() != TokenType::Access {
            return;
        }
        if let Some(renewal) = Self::of(parts).and_then(|s| s.renewal.as_ref()) {
            *renewal.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(token.clone());
        }
    }

    /// Opens the renewal slot of a request about to go in (the refresh layer).
    pub(crate) fn expect_renewal(extensions: &mut Extensions) -> Renewal {
        let renewal = Renewal::default();
        extensions.get_or_insert_default::<Self>().renewal = Some(renewal.clone());
        renewal
    }
}
