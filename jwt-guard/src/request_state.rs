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

use crate::audit;
use crate::claims::TokenType;
use crate::config::user::LoadedUser;
use crate::location::TokenLocation;
use crate::spec::{Accepts, GuardSpec};
use crate::token::Token;

#[derive(Clone, Default)]
pub(crate) struct RequestState {
    token: Option<Token>,
    /// Where the guard that admitted `token` looked for it.
    sought: Option<Sought>,
    user: Option<LoadedUser>,
    renewal: Option<Renewal>,
}

/// Where a guard looks for its token. Two guards that look in the same
/// places, in the same order, find the same token in a request; a later one
/// may then take the token an earlier one admitted instead of verifying it
/// again.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sought {
    /// The guard's `locations(..)`; `None` for the manager's.
    locations: Option<&'static [TokenLocation]>,
    /// Among the cookies, a refresh guard reads the refresh cookie.
    refresh_cookie: bool,
}

impl Sought {
    pub(crate) fn of(spec: &GuardSpec) -> Self {
        Self {
            locations: spec.locations,
            refresh_cookie: spec.accepts == Accepts::Refresh,
        }
    }

    /// Whether both look in the same places, `manager` being the manager's
    /// own locations.
    fn same(self, other: Self, manager: &[TokenLocation]) -> bool {
        let locations = self.locations.unwrap_or(manager);
        locations == other.locations.unwrap_or(manager)
            && (self.refresh_cookie == other.refresh_cookie
                || !locations.contains(&TokenLocation::Cookies))
    }
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

    /// The token an earlier guard of this request admitted (with revocation,
    /// the hook and the user loader), if it looked where `sought` looks.
    pub(crate) fn admitted(
        parts: &Parts,
        sought: Sought,
        manager: &[TokenLocation],
    ) -> Option<Token> {
        let state = Self::of(parts)?;
        let earlier = state.sought?;
        if earlier.same(sought, manager) {
            state.token.clone()
        } else {
            None
        }
    }

    /// Keeps the admitted token for the extractors and guards that run after
    /// the guard, and marks the request guarded for an audit (every way in
    /// ends here).
    pub(crate) fn keep_token(parts: &mut Parts, token: Token, sought: Sought) {
        audit::mark_guarded(&parts.extensions);
        let state = Self::of_mut(parts);
        state.token = Some(token);
        state.sought = Some(sought);
    }

    /// Forgets the user loaded for an earlier guard's token, before a guard
    /// that looks elsewhere (and may find another token) loads its own.
    pub(crate) fn forget_user(parts: &mut Parts) {
        if let Some(state) = parts.extensions.get_mut::<Self>() {
            state.user = None;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::TokenLocation::{Cookies, Headers, Query};

    fn sought(locations: Option<&'static [TokenLocation]>, refresh_cookie: bool) -> Sought {
        Sought {
            locations,
            refresh_cookie,
        }
    }

    #[test]
    fn guards_that_look_in_the_same_places_find_the_same_token() {
        let manager = [Headers, Cookies];
        let same = |a, b| Sought::same(a, b, &manager);
        // The manager's locations, by default or spelled out.
        assert!(same(
            sought(None, false),
            sought(Some(&[Headers, Cookies]), false)
        ));
        // The order decides which token is found first.
        assert!(!same(
            sought(None, false),
            sought(Some(&[Cookies, Headers]), false)
        ));
        assert!(!same(sought(None, false), sought(Some(&[Headers]), false)));
        // The refresh cookie is another token than the access cookie...
        assert!(!same(sought(None, false), sought(None, true)));
        // ...which matters only where cookies are read.
        assert!(same(
            sought(Some(&[Headers, Query]), false),
            sought(Some(&[Headers, Query]), true)
        ));
    }
}
