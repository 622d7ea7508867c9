//! Finding the raw token in a request (GUARD-SPEC §3b).
//!
//! The first configured location that holds a token decides: there is no
//! fallback to a later one, so a header can never stand in for a cookie whose
//! CSRF check failed, nor a query parameter for a refused header.

use std::borrow::Cow;

use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::__private::{Accepts, GuardSpec, ROUTE_LOCATIONS};
use crate::config::{ConfigError, JwtConfig, TokenLocation};
use crate::cookies;
use crate::csrf::Csrf;
use crate::error::{GuardError, GuardErrorKind};
use crate::token::Token;

/// What the request carries.
pub(crate) enum Located<'a> {
    Token(Found<'a>),
    /// No token; the error says where it was looked for, for routes that need one.
    Absent(GuardError),
}

/// A raw token and what its location still requires of it once verified.
pub(crate) struct Found<'a> {
    /// Bytes: a header value is never converted to text (see [`plain_credential`]).
    pub(crate) raw: Cow<'a, [u8]>,
    pub(crate) from: TokenLocation,
    csrf: Csrf<'a>,
}

impl Found<'_> {
    /// The double-submit check of a cookie-borne token; other locations pass.
    pub(crate) fn check_csrf(&self, token: &Token) -> Result<(), GuardError> {
        self.csrf.check(token)
    }
}

pub(crate) fn find_token<'a>(
    parts: &'a Parts,
    config: &'a JwtConfig,
    spec: &GuardSpec,
) -> Result<Located<'a>, GuardError> {
    let locations = match spec.locations {
        Some(route) => {
            check_enabled(config, spec.handler, route)?;
            route
        }
        None => config.locations.as_slice(),
    };
    // Allocated only when a location comes up empty.
    let mut absences = Vec::new();
    for &location in locations {
        let found = match location {
            TokenLocation::Headers => {
                from_headers(&parts.headers, config)?.map(|raw| (Cow::Borrowed(raw), Csrf::None))
            }
            TokenLocation::Cookies => {
                let refresh = spec.accepts == Accepts::Refresh;
                cookies::from_cookies(parts, config, refresh)?
                    .map(|(raw, csrf)| (Cow::Borrowed(raw.as_bytes()), csrf))
            }
            TokenLocation::Query => from_query(parts, config)?.map(|raw| {
                let raw = match raw {
                    Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
                    Cow::Owned(text) => Cow::Owned(text.into_bytes()),
                };
                (raw, Csrf::None)
            }),
        };
        match found {
            Ok((raw, csrf)) => {
                return Ok(Located::Token(Found {
                    raw,
                    from: location,
                    csrf,
                }));
            }
            Err(absent) => absences.push((location, absent)),
        }
    }
    Ok(Located::Absent(absent_everywhere(absences, config)))
}

/// Flask-JWT-Extended's message: one location's own text, or all of them.
fn absent_everywhere(
    mut absences: Vec<(TokenLocation, GuardError)>,
    config: &JwtConfig,
) -> GuardError {
    if absences.len() <= 1 {
        return absences
            .pop()
            .map(|(_, err)| err)
            .unwrap_or_else(|| GuardError::missing_header(display_name(config)));
    }
    let names: Vec<&str> = absences.iter().map(|(l, _)| location_name(*l)).collect();
    let details: Vec<&str> = absences.iter().map(|(_, e)| e.msg()).collect();
    let (last, first) = names.split_last().unwrap_or((&"", &[]));
    GuardError::new(
        GuardErrorKind::MissingToken,
        format!(
            "Missing JWT in {} or {last} ({})",
            first.join(", "),
            details.join("; ")
        ),
    )
}

/// The names Flask-JWT-Extended gives the locations in its messages.
fn location_name(location: TokenLocation) -> &'static str {
    match location {
        TokenLocation::Headers => "headers",
        TokenLocation::Cookies => "cookies",
        TokenLocation::Query => "query_string",
    }
}

/// How a route's `locations(..)` names a location, for messages.
fn grammar_name(location: TokenLocation) -> &'static str {
    match location {
        TokenLocation::Headers => "headers",
        TokenLocation::Cookies => "cookies",
        TokenLocation::Query => "query",
    }
}

/// A route whose `locations(..)` names a location the manager has not enabled.
/// With the start-up check on, `build()` has already refused it; with it off,
/// the route answers 500 rather than read a place the manager never enabled.
fn check_enabled(
    config: &JwtConfig,
    handler: &str,
    route: &[TokenLocation],
) -> Result<(), GuardError> {
    match route.iter().find(|l| !config.locations.contains(l)) {
        None => Ok(()),
        Some(&location) => {
            tracing::error!(
                handler,
                "jwt-guard: {}",
                ConfigError::RouteLocation {
                    handler: handler.to_owned(),
                    location,
                }
            );
            Err(GuardError::new(
                GuardErrorKind::ManagerMissing,
                "Authentication is not configured on this server",
            ))
        }
    }
}

/// The `?jwt=` parameter (name configurable), percent-decoded. Tokens in URLs end
/// up in logs and `Referer` headers, which is why this location is opt-in.
fn from_query<'a>(
    parts: &'a Parts,
    config: &JwtConfig,
) -> Result<Result<Cow<'a, str>, GuardError>, GuardError> {
    let name = config.query_param.as_str();
    let mut values = form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value);
    let Some(value) = values.next() else {
        return Ok(Err(GuardError::new(
            GuardErrorKind::MissingToken,
            format!("Missing '{name}' query parameter"),
        )));
    };
    if values.next().is_some() {
        return Err(GuardError::invalid_request(format!(
            "Several '{name}' query parameters in the request; send exactly one"
        )));
    }
    if value.is_empty() {
        return Err(GuardError::invalid_request(format!(
            "The '{name}' query parameter is empty"
        )));
    }
    Ok(Ok(value))
}

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

/// `Ok(Ok(token))`, `Ok(Err(why it is absent))`, or `Err` for a malformed request.
type Lookup<'a> = Result<Result<&'a [u8], GuardError>, GuardError>;

/// RFC 6750 §2.1 with RFC 7235's list syntax: the scheme is case-insensitive, one
/// or more spaces follow it, and in a comma-separated header (or repeated headers)
/// the one Bearer credential is used.
fn from_headers<'a>(headers: &'a HeaderMap, config: &'a JwtConfig) -> Lookup<'a> {
    let name = display_name(config);
    let scheme = config.header_scheme.as_str();
    let all = headers.get_all(&config.header_name);
    let mut values = all.iter();
    let Some(first) = values.next() else {
        return Ok(Err(GuardError::missing_header(name)));
    };
    if values.next().is_none()
        && let Some(token) = plain_credential(first.as_bytes(), scheme)
    {
        return Ok(Ok(token));
    }
    let mut found: Option<&'a str> = None;
    for value in all.iter() {
        let text = value.to_str().map_err(|_| {
            GuardError::invalid_request(format!(
                "The {name} header holds bytes that are not visible ASCII"
            ))
        })?;
        if scheme.is_empty() {
            let token = text.trim_matches([' ', '\t']);
            if !token.is_empty() {
                record(&mut found, check_token68(token, scheme, name)?, scheme)?;
            }
            continue;
        }
        for credential in scheme_credentials(text, scheme) {
            record(
                &mut found,
                credential_token(credential, scheme, name)?,
                scheme,
            )?;
        }
    }
    Ok(found
        .map(str::as_bytes)
        .ok_or_else(|| GuardError::missing_scheme(name, scheme_label(scheme))))
}

/// The comma-separated elements of a header value that start with `scheme`,
/// each with the scheme still in front; a tab right after the scheme is kept as
/// a malformed credential rather than silently skipped.
/// The common case, `<scheme> <token>` alone in one header, recognised in one
/// pass over the bytes. `None` sends every other shape (and every refusal) to
/// the full parser, which gives it its specific message.
fn plain_credential<'a>(value: &'a [u8], scheme: &str) -> Option<&'a [u8]> {
    let head = value.get(..scheme.len())?;
    if scheme.is_empty() || !head.eq_ignore_ascii_case(scheme.as_bytes()) {
        return None;
    }
    let token = value.get(scheme.len()..)?.strip_prefix(b" ")?;
    // Visible ASCII without the separators (space, tab, comma): written as a
    // fold without early exit so that it compiles to vector compares.
    let plain = token.iter().fold(!token.is_empty(), |ok, &b| {
        ok & (b > b' ') & (b < 0x7f) & (b != b',')
    });
    // The token stays bytes: checked here, it needs no UTF-8 validation.
    plain.then_some(token)
}

fn scheme_credentials<'a>(text: &'a str, scheme: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    text.split(',')
        .map(|element| element.trim_matches([' ', '\t']))
        .filter(move |element| {
            element
                .get(..scheme.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
                && matches!(
                    element.as_bytes().get(scheme.len()),
                    None | Some(b' ' | b'\t')
                )
        })
}

/// Two tokens are ambiguous: which one would the guard have checked?
fn record<'a>(found: &mut Option<&'a str>, token: &'a str, scheme: &str) -> Result<(), GuardError> {
    if found.replace(token).is_some() {
        return Err(GuardError::invalid_request(format!(
            "Several {} tokens in the request; send exactly one",
            scheme_label(scheme)
        )));
    }
    Ok(())
}

fn credential_token<'a>(
    credential: &'a str,
    scheme: &str,
    name: &str,
) -> Result<&'a str, GuardError> {
    if scheme.is_empty() {
        return check_token68(credential, scheme, name);
    }
    let rest = &credential[scheme.len()..];
    if rest.starts_with('\t') {
        return Err(GuardError::invalid_request(format!(
            "The {name} header separates '{}' from its token with a tab; use a space",
            scheme_label(scheme)
        )));
    }
    let token = rest.trim_start_matches(' ');
    if token.is_empty() {
        return Err(GuardError::invalid_request(format!(
            "The {name} header has the '{}' scheme but no token",
            scheme_label(scheme)
        )));
    }
    check_token68(token, scheme, name)
}

fn check_token68<'a>(token: &'a str, scheme: &str, name: &str) -> Result<&'a str, GuardError> {
    if token.contains([' ', '\t']) {
        return Err(GuardError::invalid_request(format!(
            "The {name} header has more than one word after '{}'; send one token",
            scheme_label(scheme)
        )));
    }
    Ok(token)
}

fn scheme_label(scheme: &str) -> &str {
    if scheme.is_empty() { "JWT" } else { scheme }
}

/// `Authorization` rather than the lowercase name `http` stores, for messages.
fn display_name(config: &JwtConfig) -> &str {
    if config.header_name == axum::http::header::AUTHORIZATION {
        "Authorization"
    } else {
        config.header_name.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::UNGUARDED;
    use axum::http::Request;

    #[test]
    fn the_one_pass_path_takes_only_a_plain_credential() {
        assert_eq!(
            plain_credential(b"Bearer a.b.c", "Bearer"),
            Some(&b"a.b.c"[..])
        );
        assert_eq!(
            plain_credential(b"bEARER a.b.c", "Bearer"),
            Some(&b"a.b.c"[..])
        );
        // Everything else goes to the full parser, which explains the refusal
        // or finds the credential elsewhere in the value.
        for value in [
            &b"Bearer  a.b.c"[..],
            b"Bearer\ta.b.c",
            b"Bearer a.b.c ",
            b"Bearer a.b.c, Basic x",
            b"Bearer a b",
            b"Bearer ",
            b"Bearer",
            b"Bearera.b.c",
            b" Bearer a.b.c",
            b"Bearer a.\xc3\xa9.c",
            b"Bearer a.\x7f.c",
            b"Basic a.b.c",
        ] {
            assert_eq!(plain_credential(value, "Bearer"), None, "{value:?}");
        }
        assert_eq!(plain_credential(b"a.b.c", ""), None);
    }

    fn locate(headers: &[&str]) -> Result<Option<String>, GuardErrorKind> {
        let mut req = Request::builder();
        for h in headers {
            req = req.header("authorization", *h);
        }
        let (parts, ()) = req.body(()).unwrap().into_parts();
        let config = JwtConfig::new();
        match find_token(&parts, &config, &UNGUARDED) {
            Ok(Located::Token(t)) => Ok(Some(String::from_utf8(t.raw.into_owned()).unwrap())),
            Ok(Located::Absent(_)) => Ok(None),
            Err(e) => Err(e.kind()),
        }
    }

    #[test]
    fn the_scheme_is_case_insensitive_and_spaces_may_repeat() {
        assert_eq!(locate(&["bEaReR   abc"]), Ok(Some("abc".into())));
    }

    #[test]
    fn the_bearer_credential_of_a_list_is_used() {
        assert_eq!(
            locate(&["Basic dXNlcjpwYXNz, Bearer abc"]),
            Ok(Some("abc".into()))
        );
        assert_eq!(
            locate(&["Basic dXNlcjpwYXNz", "Bearer abc"]),
            Ok(Some("abc".into()))
        );
    }

    #[test]
    fn no_bearer_credential_is_no_token() {
        assert_eq!(locate(&[]), Ok(None));
        assert_eq!(locate(&["Basic dXNlcjpwYXNz"]), Ok(None));
        assert_eq!(locate(&["Bearerabc"]), Ok(None));
        assert_eq!(locate(&[""]), Ok(None));
    }

    #[test]
    fn malformed_bearer_credentials_are_invalid_requests() {
        let bad = GuardErrorKind::InvalidRequest;
        assert_eq!(locate(&["Bearer"]), Err(bad));
        assert_eq!(locate(&["Bearer    "]), Err(bad));
        assert_eq!(locate(&["Bearer a, Bearer b"]), Err(bad));
        assert_eq!(locate(&["Bearer a", "Bearer b"]), Err(bad));
        assert_eq!(locate(&["Bearer a b"]), Err(bad));
        assert_eq!(locate(&["Bearer\tabc"]), Err(bad));
    }
}

#[cfg(test)]
mod query_tests {
    use super::*;
    use axum::http::Request;

    fn query(uri: &str) -> Result<Result<String, String>, GuardErrorKind> {
        let (parts, ()) = Request::get(uri).body(()).unwrap().into_parts();
        let config = JwtConfig::new().query_param("jwt");
        match from_query(&parts, &config) {
            Ok(Ok(raw)) => Ok(Ok(raw.into_owned())),
            Ok(Err(absent)) => Ok(Err(absent.msg().to_owned())),
            Err(e) => Err(e.kind()),
        }
    }

    #[test]
    fn the_parameter_is_percent_decoded() {
        assert_eq!(query("/?a=1&jwt=x.y%2Ez"), Ok(Ok("x.y.z".into())));
    }

    #[test]
    fn an_absent_parameter_says_its_name() {
        assert_eq!(
            query("/?jwtx=1"),
            Ok(Err("Missing 'jwt' query parameter".into()))
        );
        assert_eq!(query("/"), Ok(Err("Missing 'jwt' query parameter".into())));
    }

    #[test]
    fn empty_or_repeated_parameters_are_invalid_requests() {
        assert_eq!(query("/?jwt="), Err(GuardErrorKind::InvalidRequest));
        assert_eq!(query("/?jwt=a&jwt=b"), Err(GuardErrorKind::InvalidRequest));
    }
}
