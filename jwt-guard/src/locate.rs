//! Finding the raw token in a request.
//!
//! The first configured location that holds a token decides: there is no
//! fallback to a later one, so a header can never stand in for a cookie whose
//! CSRF check failed, nor a query parameter for a refused header.

use std::borrow::Cow;
use std::ops::Range;

use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::config::{ConfigError, JwtConfig, TokenLocation};
use crate::cookies;
use crate::csrf::Csrf;
use crate::error::{GuardError, GuardErrorKind};
use crate::spec::{Accepts, GuardSpec};
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

    /// Whether this token, found by a [`Syntax::Deferred`] read and refused,
    /// must be read again strictly: a header token outside `b64token` syntax,
    /// which makes the request malformed (400) or hides a different token
    /// (`Bearer  <tok>`, `Bearer <tok>, Basic ..`).
    pub(crate) fn recheck(&self) -> bool {
        self.from == TokenLocation::Headers && !is_b64token(&self.raw)
    }
}

/// How strictly a lone `Bearer` header is read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// The quick read: the bytes after `Bearer ` are the token, their RFC 6750
    /// syntax unchecked. A token that verifies is base64url and dots, so a
    /// `b64token`; one that fails and is not is read again [`Strict`](Self::Strict)ly
    /// (see [`Found::recheck`]), so no answer differs from a strict read, and a
    /// valid token is not scanned twice (once here, once by the decoder).
    Deferred,
    /// Every header through the RFC 7235 credentials grammar and the
    /// `b64token` rule.
    Strict,
}

pub(crate) fn find_token<'a>(
    parts: &'a Parts,
    config: &'a JwtConfig,
    spec: &GuardSpec,
    syntax: Syntax,
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
                from_headers(&parts.headers, config, syntax)?.map(|raw| (raw, Csrf::None))
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
            Err(GuardError::misconfigured(
                GuardErrorKind::LocationNotEnabled,
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

/// `Ok(Ok(token))`, `Ok(Err(why it is absent))`, or `Err` for a malformed request.
type Lookup<'a> = Result<Result<Cow<'a, [u8]>, GuardError>, GuardError>;

/// RFC 6750 §2.1 read through RFC 7235's credentials grammar: the header is a
/// list of credentials, each an auth-scheme followed by a token68 or by
/// auth-params whose quoted strings may hold commas, and exactly one of them may
/// be a `Bearer` credential (scheme case-insensitive), whose token must be an
/// RFC 6750 `b64token`. Repeated headers are one list (RFC 9110 §5.3).
fn from_headers<'a>(headers: &'a HeaderMap, config: &'a JwtConfig, syntax: Syntax) -> Lookup<'a> {
    let name = display_name(config);
    let scheme = config.header_scheme.as_str();
    let all = headers.get_all(&config.header_name);
    let mut values = all.iter();
    let Some(first) = values.next() else {
        return Ok(Err(GuardError::missing_header(name)));
    };
    if values.next().is_none()
        && let Some(token) = plain_credential(first.as_bytes(), scheme)
        && (syntax == Syntax::Deferred || is_b64token(token))
    {
        return Ok(Ok(Cow::Borrowed(token)));
    }
    let mut texts = Vec::new();
    for value in all.iter() {
        texts.push(value.to_str().map_err(|_| {
            GuardError::invalid_request(format!(
                "The {name} header holds bytes that are not visible ASCII"
            ))
        })?);
    }
    if scheme.is_empty() {
        return raw_tokens(&texts, name);
    }
    let joined = match texts.as_slice() {
        [one] => Cow::Borrowed(*one),
        several => Cow::Owned(several.join(", ")),
    };
    let credentials = match parse_credentials(&joined) {
        Ok(credentials) => credentials,
        Err(err) => return unparsable(&err, &joined, scheme, name).map(Err),
    };
    let mut found = None;
    for credential in credentials {
        if !credential.scheme.eq_ignore_ascii_case(scheme) {
            continue;
        }
        let token = match credential.body {
            Body::Token68(range) => range,
            Body::Empty => return Err(no_token(scheme, name)),
            Body::Params => return Err(not_b64token(scheme, name)),
        };
        if found.replace(token).is_some() {
            return Err(several(scheme));
        }
    }
    let Some(token) = found else {
        return Ok(Err(GuardError::missing_scheme(name, scheme_label(scheme))));
    };
    Ok(Ok(match joined {
        // One header: the token is a slice of its value.
        Cow::Borrowed(text) => Cow::Borrowed(&text.as_bytes()[token]),
        Cow::Owned(text) => Cow::Owned(text.as_bytes()[token].to_vec()),
    }))
}

/// With an empty scheme the header value is the token itself, one per header.
fn raw_tokens<'a>(texts: &[&'a str], name: &str) -> Lookup<'a> {
    let mut found = None;
    for text in texts {
        let token = text.trim_matches([' ', '\t']);
        if token.is_empty() {
            continue;
        }
        if token.contains([' ', '\t']) {
            return Err(several_words("", name));
        }
        if !is_b64token(token.as_bytes()) {
            return Err(not_b64token("", name));
        }
        if found.replace(token).is_some() {
            return Err(several(""));
        }
    }
    Ok(found
        .map(|token| Cow::Borrowed(token.as_bytes()))
        .ok_or_else(|| GuardError::missing_scheme(name, scheme_label(""))))
}

/// The common case, `<scheme> <b64token>` alone in one header, recognised in
/// one pass over the bytes. `None` sends every other shape (and every refusal)
/// to the full parser, which gives it its specific message.
fn plain_credential<'a>(value: &'a [u8], scheme: &str) -> Option<&'a [u8]> {
    let head = value.get(..scheme.len())?;
    if scheme.is_empty() || !head.eq_ignore_ascii_case(scheme.as_bytes()) {
        return None;
    }
    // The token stays bytes: the decoder accepts base64url and dots only, so
    // it needs no UTF-8 validation.
    value.get(scheme.len()..)?.strip_prefix(b" ")
}

/// RFC 6750 §2.1 `b64token` (RFC 7235's token68): `1*( ALPHA / DIGIT / "-" /
/// "." / "_" / "~" / "+" / "/" ) *"="`.
pub(crate) fn is_b64token(token: &[u8]) -> bool {
    let body_len = token.len() - token.iter().rev().take_while(|&&b| b == b'=').count();
    let body = &token[..body_len];
    // Written as a fold without early exit so that it compiles to vector
    // compares: this runs on every request.
    body.iter().fold(!body.is_empty(), |ok, &b| {
        ok & (b.is_ascii_alphanumeric() | matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/'))
    })
}

/// One credential of the list (RFC 7235 §2.1).
struct Credential<'a> {
    scheme: &'a str,
    body: Body,
}

/// What follows a credential's scheme.
enum Body {
    Empty,
    /// Where the token lies in the header text.
    Token68(Range<usize>),
    /// `name=value` pairs: no credential this guard reads takes them.
    Params,
}

/// Why a header is not a list of credentials, and where.
struct Unparsable<'a> {
    /// The scheme of the credential being read, if one had begun.
    scheme: Option<&'a str>,
    why: Why,
    at: usize,
}

#[derive(Clone, Copy)]
enum Why {
    /// A tab where the space between scheme and token belongs.
    TabAfterScheme,
    /// Something other than a space right after the scheme.
    GluedScheme(u8),
    /// A token68 followed by more words.
    ExtraWord,
    /// A quoted string without its closing quote.
    Unterminated,
    /// An auth-param without `=` or without a value.
    BadParam,
    Unexpected(u8),
}

/// `1#credentials`, where `credentials = auth-scheme [ 1*SP ( token68 /
/// #auth-param ) ]`; empty list elements are allowed (RFC 7230 §7). After a
/// comma, `token BWS "="` continues the auth-params of the credential before
/// it; anything else starts a new credential.
fn parse_credentials(text: &str) -> Result<Vec<Credential<'_>>, Unparsable<'_>> {
    let b = text.as_bytes();
    let mut credentials = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b',') {
            i += 1;
        }
        if i == b.len() {
            return Ok(credentials);
        }
        let start = i;
        i = skip_token(b, i);
        if i == start {
            return Err(Unparsable {
                scheme: None,
                why: Why::Unexpected(b[i]),
                at: i,
            });
        }
        let scheme = &text[start..i];
        let fail = |why, at| Unparsable {
            scheme: Some(scheme),
            why,
            at,
        };
        let spaces = skip_spaces(b, i);
        let next = skip_ows(b, spaces);
        let body = if next == b.len() || b[next] == b',' {
            i = next;
            Body::Empty
        } else if b[spaces] == b'\t' {
            return Err(fail(Why::TabAfterScheme, spaces));
        } else if spaces == i {
            return Err(fail(Why::GluedScheme(b[i]), i));
        } else {
            let (body, end) = parse_body(b, spaces).map_err(|(why, at)| fail(why, at))?;
            i = end;
            body
        };
        credentials.push(Credential { scheme, body });
    }
}

/// A token68 or auth-params starting at `i`; returns where the credential ends.
fn parse_body(b: &[u8], i: usize) -> Result<(Body, usize), (Why, usize)> {
    let token_end = skip_token68(b, i);
    let after = skip_ows(b, token_end);
    if token_end > i && (after == b.len() || b[after] == b',') {
        return Ok((Body::Token68(i..token_end), after));
    }
    match parse_params(b, i) {
        Ok(end) => Ok((Body::Params, end)),
        // `<token> <word>`: more than one word, the common mistake.
        Err(_) if token_end > i && after > token_end && b[after] != b'=' => {
            Err((Why::ExtraWord, after))
        }
        Err(err) => Err(err),
    }
}

/// `#auth-param` from `i`; stops before a comma that starts a new credential.
fn parse_params(b: &[u8], mut i: usize) -> Result<usize, (Why, usize)> {
    loop {
        let name_end = skip_token(b, i);
        if name_end == i {
            return Err((Why::Unexpected(b[i]), i));
        }
        i = skip_ows(b, name_end);
        if b.get(i) != Some(&b'=') {
            return Err((Why::BadParam, i));
        }
        i = skip_ows(b, i + 1);
        if b.get(i) == Some(&b'"') {
            i = skip_quoted(b, i)?;
        } else {
            let value_end = skip_token(b, i);
            if value_end == i {
                return Err((Why::BadParam, i));
            }
            i = value_end;
        }
        i = skip_ows(b, i);
        if i == b.len() {
            return Ok(i);
        }
        if b[i] != b',' {
            return Err((Why::Unexpected(b[i]), i));
        }
        let mut next = i;
        while next < b.len() && matches!(b[next], b' ' | b'\t' | b',') {
            next += 1;
        }
        let name_end = skip_token(b, next);
        let param = name_end > next && b.get(skip_ows(b, name_end)) == Some(&b'=');
        if !param {
            return Ok(i);
        }
        i = next;
    }
}

/// A quoted-string opening at `i` (with quoted-pair escapes); returns the
/// index after its closing quote.
fn skip_quoted(b: &[u8], open: usize) -> Result<usize, (Why, usize)> {
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'"' => return Ok(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    Err((Why::Unterminated, open))
}

fn skip_token(b: &[u8], i: usize) -> usize {
    i + b[i..].iter().take_while(|&&c| is_tchar(c)).count()
}

fn skip_token68(b: &[u8], i: usize) -> usize {
    let body = i + b[i..]
        .iter()
        .take_while(|&&c| c.is_ascii_alphanumeric() || b"-._~+/".contains(&c))
        .count();
    if body == i {
        return i;
    }
    body + b[body..].iter().take_while(|&&c| c == b'=').count()
}

fn skip_spaces(b: &[u8], i: usize) -> usize {
    i + b[i..].iter().take_while(|&&c| c == b' ').count()
}

fn skip_ows(b: &[u8], i: usize) -> usize {
    i + b[i..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count()
}

fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

/// The refusal of a header that is not a list of credentials. A broken
/// credential of our scheme gets its own message; a broken list that does not
/// even mention the scheme cannot hide a token of it and counts as none; any
/// other is refused, since where its credentials begin and end is a guess.
/// `Ok` is the absence, `Err` the refusal.
fn unparsable(
    err: &Unparsable<'_>,
    text: &str,
    scheme: &str,
    name: &str,
) -> Result<GuardError, GuardError> {
    let ours = err.scheme.is_some_and(|s| s.eq_ignore_ascii_case(scheme));
    if ours {
        return Err(match err.why {
            Why::TabAfterScheme => GuardError::invalid_request(format!(
                "The {name} header separates '{scheme}' from its token with a tab; use a space"
            )),
            Why::GluedScheme(c) => GuardError::invalid_request(format!(
                "The {name} header has '{}' right after '{scheme}'; separate the token with one space",
                char::from(c).escape_default()
            )),
            Why::ExtraWord => several_words(scheme, name),
            _ => not_b64token(scheme, name),
        });
    }
    let mentions = text
        .as_bytes()
        .windows(scheme.len())
        .any(|w| w.eq_ignore_ascii_case(scheme.as_bytes()));
    if !mentions {
        return Ok(GuardError::missing_scheme(name, scheme));
    }
    let why = match err.why {
        Why::Unterminated => "a quoted string is not closed".to_owned(),
        Why::BadParam => "a parameter has no '=' or no value".to_owned(),
        Why::ExtraWord => "a credential has more than one word".to_owned(),
        Why::TabAfterScheme => "a tab follows a scheme".to_owned(),
        Why::GluedScheme(c) | Why::Unexpected(c) => {
            format!("unexpected '{}'", char::from(c).escape_default())
        }
    };
    Err(GuardError::invalid_request(format!(
        "The {name} header is not a list of RFC 7235 credentials ({why} at byte {}), so whether \
         it holds a {scheme} token cannot be told",
        err.at
    )))
}

fn no_token(scheme: &str, name: &str) -> GuardError {
    GuardError::invalid_request(format!(
        "The {name} header has the '{}' scheme but no token",
        scheme_label(scheme)
    ))
}

fn several_words(scheme: &str, name: &str) -> GuardError {
    GuardError::invalid_request(format!(
        "The {name} header has more than one word after '{}'; send one token",
        scheme_label(scheme)
    ))
}

fn not_b64token(scheme: &str, name: &str) -> GuardError {
    GuardError::invalid_request(format!(
        "The {name} header's {} credential is not one token of RFC 6750 syntax (letters, \
         digits, '-', '.', '_', '~', '+', '/', then any '=')",
        scheme_label(scheme)
    ))
}

/// Two tokens are ambiguous: which one would the guard have checked?
fn several(scheme: &str) -> GuardError {
    GuardError::invalid_request(format!(
        "Several {} tokens in the request; send exactly one",
        scheme_label(scheme)
    ))
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
            b"Bearer \"a.b.c\"",
            b"Bearer a=.b.c",
            b"Bearer a.b.c;",
            b"Bearer =",
        ] {
            // The quick read may take the bytes after `Bearer `; the strict
            // read that follows a refusal never takes them as they are.
            let strict = plain_credential(value, "Bearer").filter(|t| is_b64token(t));
            assert_eq!(strict, None, "{value:?}");
        }
        assert_eq!(plain_credential(b"a.b.c", ""), None);
        assert_eq!(
            plain_credential(b"Bearer aZ09-._~+/==", "Bearer"),
            Some(&b"aZ09-._~+/=="[..])
        );
    }

    #[test]
    fn b64token_is_rfc_6750_syntax() {
        for good in ["a", "a.b.c", "A-Z_a~z+0/9", "abc=", "abc==", "x.y.z=="] {
            assert!(is_b64token(good.as_bytes()), "{good}");
        }
        for bad in [
            "", "=", "==", "a=b", "a b", "a,b", "\"a\"", "a;", "a:b", "a\\b", "é",
        ] {
            assert!(!is_b64token(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn a_bearer_inside_another_schemes_parameters_is_no_credential() {
        for value in [
            r#"Foo realm="x, Bearer abc, y""#,
            r#"Foo realm="x\", Bearer abc, y""#,
            r#"Foo realm="x\\", b="Bearer abc""#,
            "Foo a=b, Bearer=abc",
            "Foo a=b,, bearer =abc",
            r#"Foo realm="x"#,
        ] {
            assert_eq!(locate(&[value]), Ok(None), "{value}");
        }
        // A quoted string left open in one header continues into the next.
        assert_eq!(locate(&[r#"Foo realm="x"#, r#"Bearer abc""#]), Ok(None));
    }

    #[test]
    fn a_bearer_credential_after_other_schemes_parameters_is_used() {
        for value in [
            r#"Digest username="a, b", realm="r", Bearer abc"#,
            r#"Foo a="Bearer x", Bearer abc"#,
            "Basic dXNlcjpwYXNz==, ,Bearer abc , Foo bar=baz",
            r#"Foo a = "\"," , Bearer abc"#,
        ] {
            assert_eq!(locate(&[value]), Ok(Some("abc".into())), "{value}");
        }
        assert_eq!(
            locate(&[r#"Foo realm="x, y""#, "Bearer abc"]),
            Ok(Some("abc".into()))
        );
    }

    #[test]
    fn a_list_that_cannot_be_parsed_is_refused_when_it_mentions_bearer() {
        let bad = GuardErrorKind::InvalidRequest;
        assert_eq!(locate(&[r#"Foo realm="x, Bearer abc"#]), Err(bad));
        assert_eq!(locate(&["Foo a b, Bearer abc"]), Err(bad));
        assert_eq!(locate(&["Bearer abc, =x"]), Err(bad));
        assert_eq!(locate(&[r#"Foo a="b" c, Bearer abc"#]), Err(bad));
        // `a=` is a token68, not a parameter without a value.
        assert_eq!(locate(&["Foo a=, Bearer abc"]), Ok(Some("abc".into())));
        // The same lists without Bearer hide no token.
        assert_eq!(locate(&[r#"Foo realm="x, Basic abc"#]), Ok(None));
        assert_eq!(locate(&["Foo a b"]), Ok(None));
    }

    #[test]
    fn the_bearer_credential_must_be_one_b64token() {
        let bad = GuardErrorKind::InvalidRequest;
        for value in [
            r#"Bearer "abc""#,
            r#"Bearer realm="x""#,
            "Bearer a=b",
            "Bearer abc=.def",
            "Bearer a;b",
            "Bearer=abc",
            "Bearer:abc",
            "Bearer \tabc",
        ] {
            assert_eq!(locate(&[value]), Err(bad), "{value}");
        }
    }

    fn locate(headers: &[&str]) -> Result<Option<String>, GuardErrorKind> {
        let mut req = Request::builder();
        for h in headers {
            req = req.header("authorization", *h);
        }
        let (parts, ()) = req.body(()).unwrap().into_parts();
        let config = JwtConfig::new();
        match find_token(&parts, &config, &UNGUARDED, Syntax::Strict) {
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
