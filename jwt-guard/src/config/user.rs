//! The user loader of [`JwtConfig`](crate::JwtConfig) (Flask-JWT-Extended's
//! `user_lookup_loader`) and the type-erased user it returns; `user.rs` runs
//! it per request, and `CurrentUser<U>` (extracted in `extract.rs`) hands the
//! user to the handler. The setter, `user_loader`, is in `setters.rs`.

use std::any::Any;
use std::sync::Arc;

use crate::revoke::BoxFuture;
use crate::token::Token;

pub(crate) type UserLoader =
    Arc<dyn Fn(Token) -> BoxFuture<'static, Option<LoadedUser>> + Send + Sync>;

/// The loaded user, type-erased so the manager needs no type parameter; kept in
/// the request's state so the loader runs once per request.
#[derive(Clone)]
pub(crate) struct LoadedUser(pub(crate) Arc<dyn Any + Send + Sync>);

impl LoadedUser {
    /// The user, if it is a `U`.
    pub(crate) fn get<U: 'static>(&self) -> Option<&U> {
        self.0.downcast_ref::<U>()
    }
}
