//! The user loader of [`JwtConfig`] (Flask-JWT-Extended's
//! `user_lookup_loader`) and the type-erased user it returns; `user.rs` runs
//! it per request and hands the user to `CurrentUser<U>`.

use std::any::Any;
use std::future::Future;
use std::sync::Arc;

use crate::config::JwtConfig;
use crate::revoke::BoxFuture;
use crate::token::Token;

pub(crate) type UserLoader =
    Arc<dyn Fn(Token) -> BoxFuture<'static, Option<LoadedUser>> + Send + Sync>;

/// The loaded user, type-erased so the manager needs no type parameter; kept in
/// the request's state so the loader runs once per request.
#[derive(Clone)]
pub(crate) struct LoadedUser(pub(crate) Arc<dyn Any + Send + Sync>);

impl JwtConfig {
    /// Loads the application's user for a verified token. It runs on every
    /// guarded request, once, after revocation and the verification hook; `None`
    /// refuses the request with 401 `Error loading the user <identity>`. Handlers
    /// read the result with [`CurrentUser<U>`](crate::CurrentUser).
    ///
    /// ```
    /// use jwt_guard::{CurrentUser, JwtManager, require_token};
    ///
    /// #[derive(Clone)]
    /// struct User { name: String, admin: bool }
    ///
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .user_loader(|token| async move {
    ///         // A database look-up, in a real service.
    ///         let name = token.identity_str()?.to_owned();
    ///         Some(User { admin: name == "root", name })
    ///     })
    ///     .build()
    ///     .unwrap();
    ///
    /// #[require_token]
    /// async fn me(CurrentUser(user): CurrentUser<User>) -> String {
    ///     format!("{} (admin: {})", user.name, user.admin)
    /// }
    /// # let _: axum::Router = axum::Router::new().route("/me", axum::routing::get(me)).layer(manager.layer());
    /// ```
    pub fn user_loader<U, F, Fut>(mut self, load: F) -> Self
    where
        U: Clone + Send + Sync + 'static,
        F: Fn(Token) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Option<U>> + Send + 'static,
    {
        self.user_loader = Some(Arc::new(move |token| {
            let user = load(token);
            Box::pin(async move { user.await.map(|u| LoadedUser(Arc::new(u))) })
        }));
        self
    }
}

impl LoadedUser {
    /// The user, if it is a `U`.
    pub(crate) fn get<U: 'static>(&self) -> Option<&U> {
        self.0.downcast_ref::<U>()
    }
}
