//! The start-up checks of where [`JwtConfig`] reads tokens: a usable list of
//! locations and query parameter, and every route's own `locations(..)` among
//! them. The setters (`token_locations`, `query_param`, `check_route_locations`)
//! are in `setters.rs`.

use crate::config::{ConfigError, JwtConfig};
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
