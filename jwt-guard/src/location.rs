//! Where a request may carry its token: a plain enum the configuration, the
//! guard-spec model and the errors all name, so it sits below them.

/// Where a request may carry its token; see [`JwtConfig::token_locations`](crate::JwtConfig::token_locations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenLocation {
    /// `Authorization: Bearer <token>` (header name and scheme are configurable).
    Headers,
    /// The access or refresh cookie, with CSRF double submit on state-changing
    /// methods (see [`JwtCookies`](crate::cookies::JwtCookies)).
    Cookies,
    /// A query parameter (`?jwt=`, see [`JwtConfig::query_param`](crate::JwtConfig::query_param)). URLs end up in
    /// logs and `Referer` headers: keep it for links that cannot carry a header,
    /// such as a WebSocket handshake or a download.
    Query,
}

/// How a route's `locations(..)` names a location, for messages.
pub(crate) fn grammar_name(location: TokenLocation) -> &'static str {
    match location {
        TokenLocation::Headers => "headers",
        TokenLocation::Cookies => "cookies",
        TokenLocation::Query => "query",
    }
}
