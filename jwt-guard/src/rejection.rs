//! The rejection of the crate's extractors, typed as axum's own are
//! (`JsonRejection`): the refusal as data, and the response it becomes.

use std::fmt;

use axum::response::{IntoResponse, Response};

use crate::error::GuardError;
use crate::manager::JwtManager;

/// Why [`Token`](crate::Token), `Option<Token>`, [`Claims<T>`](crate::Claims),
/// [`CurrentUser<U>`](crate::CurrentUser) or [`JwtManager`] refused a request.
///
/// It holds the [`GuardError`] and becomes, through [`IntoResponse`], the
/// response the manager gives for it: the RFC 6750 default with the
/// configured [`realm`](crate::JwtConfig::realm), or what the
/// [`on_error`](crate::JwtConfig::on_error) hook returns (see
/// [`JwtManager::respond`]). A handler that takes `Result<Token, GuardRejection>`
/// sees the refusal instead of it being answered, and decides:
///
/// ```
/// use axum::response::{IntoResponse, Redirect, Response};
/// use axum::{Router, routing::get};
/// use jwt_guard::{GuardRejection, JwtManager, Token};
///
/// // A browser page: without a usable token, to the login page.
/// async fn dashboard(token: Result<Token, GuardRejection>) -> Response {
///     match token {
///         Ok(token) => format!("hello {}", token.identity_str().unwrap_or("?")).into_response(),
///         // A server fault is not fixed by logging in again.
///         Err(rejection) if rejection.error().status().is_server_error() => {
///             rejection.into_response()
///         }
///         Err(rejection) => {
///             tracing::debug!("to the login page: {rejection}");
///             Redirect::to("/login").into_response()
///         }
///     }
/// }
///
/// let manager = JwtManager::builder()
///     .secret("a-32-byte-secret-from-the-environment!")
///     .build()?;
/// let app: Router = Router::new().route("/dashboard", get(dashboard)).layer(manager.layer());
/// # let _ = app;
/// # Ok::<(), jwt_guard::ConfigError>(())
/// ```
///
/// It is an [`std::error::Error`] whose text is the error's `msg`, and it is
/// `Send + Sync`, so it travels through `?` into `Box<dyn Error + Send + Sync>`
/// or `anyhow::Error`.
pub struct GuardRejection {
    error: GuardError,
    /// The manager that renders the response; `None` where the default
    /// response is the answer (no manager on the request, a misconfigured
    /// `CurrentUser`). The response is rendered only when the rejection becomes
    /// one: a handler that handles the refusal itself costs no rendering, and
    /// the rejection stays small and `Sync` (a `Response` body is not).
    manager: Option<JwtManager>,
}

impl GuardRejection {
    /// A refusal the manager answers (its realm, its `on_error` hook).
    pub(crate) fn new(manager: &JwtManager, error: GuardError) -> Self {
        Self {
            error,
            manager: Some(manager.clone()),
        }
    }

    /// A refusal answered with the default response, whatever the manager's
    /// configuration.
    pub(crate) fn default_response(error: GuardError) -> Self {
        Self {
            error,
            manager: None,
        }
    }

    /// Why the request was refused.
    pub fn error(&self) -> &GuardError {
        &self.error
    }

    /// Why the request was refused, by value.
    pub fn into_error(self) -> GuardError {
        self.error
    }
}

impl IntoResponse for GuardRejection {
    fn into_response(self) -> Response {
        match &self.manager {
            Some(manager) => manager.respond(&self.error),
            None => self.error.into_response(),
        }
    }
}

impl fmt::Debug for GuardRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuardRejection")
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for GuardRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl std::error::Error for GuardRejection {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::GuardErrorKind;

    #[test]
    fn travels_as_an_error_between_threads() {
        fn boxed(r: GuardRejection) -> Box<dyn std::error::Error + Send + Sync> {
            r.into()
        }
        let err = GuardError::new(GuardErrorKind::Expired, "Token has expired");
        let boxed = boxed(GuardRejection::default_response(err.clone()));
        assert_eq!(boxed.to_string(), "Token has expired");
        let rejection = GuardRejection::default_response(err.clone());
        assert_eq!(rejection.error(), &err);
        assert_eq!(
            format!("{rejection:?}"),
            format!("GuardRejection {{ error: {err:?}, .. }}")
        );
        assert_eq!(rejection.into_response().status(), 401);
    }
}
