//! Where [`JwtConfig`] reads tokens: the locations, the header's name and
//! scheme, the query parameter, and the start-up check that every route's own
//! `locations(..)` is among them.

use crate::config::{ConfigError, JwtConfig, TokenLocation};
use crate::location::grammar_name;
use crate::spec::ROUTE_LOCATIONS;

/// Start-up checks of the locations: a usable list, and every route's own
/// `locations(..)` among them.
pub(crate) fn check_config(config: &JwtConfig) -> Result<(), ConfigError> {
    if config.locations.is_empty() {
        return Err(ConfigError::TokenLocations(
            "the list is empty; name at least one, e.g. TokenLocation::Headers".to_owned(),
        ));
    }
    for (i, location) in config.locations.iter().enumerate() {
        if config.locations[..i].contains(location) {
            return Err(ConfigError::TokenLocations(format!(
                "`{}` is listed twice",
                grammar_name(*location)
            )));
        }
    }
    if config.query_param.is_empty() {
        return Err(ConfigError::TokenLocations(
            "the query parameter name is empty".to_owned(),
        ));
    }
    if config.check_route_locations {
        for spec in ROUTE_LOCATIONS {
            for location in spec.locations.unwrap_or_default() {
                if !config.locations.contains(location) {
                    return Err(ConfigError::RouteLocation {
                        handler: spec.handler.to_owned(),
                        location: *location,
                    });
                }
            }
        }
    }
    Ok(())
}

/// Where tokens are looked for.
impl JwtConfig {
    /// Where requests carry their token, in the order they are looked for
    /// (the `Authorization` header alone by default). The first location that
    /// holds a token decides: a request is never retried with a later one.
    ///
    /// ```
    /// use jwt_guard::{JwtManager, TokenLocation};
    ///
    /// // Browsers send the cookie; API clients the header.
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .token_locations([TokenLocation::Cookies, TokenLocation::Headers])
    ///     .build()?;
    /// # let _ = manager;
    /// # Ok::<(), jwt_guard::ConfigError>(())
    /// ```
    pub fn token_locations(mut self, locations: impl IntoIterator<Item = TokenLocation>) -> Self {
        self.locations = locations.into_iter().collect();
        self
    }

    /// The query parameter that carries the token when
    /// [`TokenLocation::Query`] is enabled (`jwt` by default).
    pub fn query_param(mut self, name: impl Into<String>) -> Self {
        self.query_param = name.into();
        self
    }

    /// Whether [`build`](Self::build) refuses a manager that lacks a location some
    /// route's `#[require_token(locations(..))]` names (on by default).
    ///
    /// The check sees every guarded handler linked into the program, so a program
    /// that runs several managers with different locations turns it off; such a
    /// route then answers 500 (and logs why) instead of reading the location.
    pub fn check_route_locations(mut self, on: bool) -> Self {
        self.check_route_locations = on;
        self
    }
}
