//! Finding the raw token in a request (GUARD-SPEC §3b).
//!
//! The first configured location that holds a token decides: there is no
//! fallback to a later one, so a header can never bypass a check another
//! location would impose.

use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::config::{JwtConfig, TokenLocation};
use crate::error::GuardError;

/// What the request carries.
pub(crate) enum Located<'a> {
    Token(&'a str),
    /// No token; the error says where it was looked for, for routes that need one.
    Absent(GuardError),
}

pub(crate) fn find_token<'a>(
    parts: &'a Parts,
    config: &'a JwtConfig,
    locations: &[TokenLocation],
) -> Result<Located<'a>, GuardError> {
    let mut first_absence = None;
    for location in locations {
        let found = match location {
            TokenLocation::Headers => from_headers(&parts.headers, config)?,
        };
        match found {
            Located::Token(token) => return Ok(Located::Token(token)),
            Located::Absent(err) => {
                first_absence.get_or_insert(err);
            }
        }
    }
    Ok(Located::Absent(first_absence.unwrap_or_else(|| {
        GuardError::missing_header(config.header_name.as_str())
    })))
}

/// RFC 6750 §2.1 with RFC 7235's list syntax: the scheme is case-insensitive, one
/// or more spaces follow it, and in a comma-separated header (or repeated headers)
/// the one Bearer credential is used.
fn from_headers<'a>(
    headers: &'a HeaderMap,
    config: &'a JwtConfig,
) -> Result<Located<'a>, GuardError> {
    let name = display_name(config);
    let scheme = config.header_scheme.as_str();
    let mut values = headers.get_all(&config.header_name).iter().peekable();
    if values.peek().is_none() {
        return Ok(Located::Absent(GuardError::missing_header(name)));
    }
    let mut found: Option<&'a str> = None;
    for value in values {
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
    Ok(match found {
        Some(token) => Located::Token(token),
        None => Located::Absent(GuardError::missing_scheme(name, scheme_label(scheme))),
    })
}

/// The comma-separated elements of a header value that start with `scheme`,
/// each with the scheme still in front; a tab right after the scheme is kept as
/// a malformed credential rather than silently skipped.
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
    use crate::error::GuardErrorKind;
    use axum::http::Request;

    fn locate(headers: &[&str]) -> Result<Option<String>, GuardErrorKind> {
        let mut req = Request::builder();
        for h in headers {
            req = req.header("authorization", *h);
        }
        let (parts, ()) = req.body(()).unwrap().into_parts();
        let config = JwtConfig::new();
        match find_token(&parts, &config, &[TokenLocation::Headers]) {
            Ok(Located::Token(t)) => Ok(Some(t.to_owned())),
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
