//! The `cookies_csrf` target: cookies and CSRF, in the line format.

use super::*;

/// One parsed line-format request.
#[derive(Debug, Default)]
struct Lines {
    method: Option<Vec<u8>>,
    route: Option<Vec<u8>>,
    cookies: Vec<Vec<u8>>,
    csrf: Vec<Vec<u8>>,
    authorization: Vec<Vec<u8>>,
    query: Option<Vec<u8>>,
}

fn lines(data: &[u8], markers: &[(&str, String)]) -> Lines {
    let mut out = Lines::default();
    for line in data.split(|b| *b == b'\n') {
        let (Some(&key), Some(b':')) = (line.first(), line.get(1)) else {
            continue;
        };
        let value = replace_markers(&line[2..], markers);
        let valid = HeaderValue::from_bytes(&value).is_ok();
        match key {
            b'm' => out.method = Some(value),
            b'p' => out.route = Some(value),
            b'c' if valid && out.cookies.len() < 3 => out.cookies.push(value),
            b'x' if valid && out.csrf.len() < 2 => out.csrf.push(value),
            b'a' if valid && out.authorization.len() < 2 => out.authorization.push(value),
            b'q' => out.query = Some(value),
            _ => {}
        }
    }
    out
}

/// Cookie, header and query tokens on every method, with and without CSRF
/// values: the guard must answer as the reference of docs/guard-reference.md §3b does
/// (first location that holds a token decides; CSRF double submit on
/// state-changing methods, before any signature work for a missing value).
pub(crate) fn cookies_csrf(data: &[u8]) {
    let fx = fixture();
    let input = lines(data, &fx.markers);
    let method = input
        .method
        .as_deref()
        .and_then(|m| Method::from_bytes(m).ok())
        .unwrap_or(Method::GET);
    let (path, accepts, optional) = match input.route.as_deref() {
        Some(b"refresh") => ("/refresh", Accepts::Refresh, false),
        Some(b"optional") => ("/optional", Accepts::Access, true),
        _ => ("/access", Accepts::Access, false),
    };
    // The query as the request target carries it (the URI parser decides
    // what a query is; a target it refuses goes without one).
    let uri: Uri = input
        .query
        .as_ref()
        .and_then(|q| Uri::try_from([format!("{path}?").as_bytes(), q].concat()).ok())
        .filter(|uri| uri.path() == path)
        .unwrap_or_else(|| Uri::from_static(path));
    let mut req = Request::builder()
        .method(method.clone())
        .uri(uri.clone())
        .body(Body::empty())
        .unwrap();
    let headers = req.headers_mut();
    for (name, values) in [
        ("cookie", &input.cookies),
        ("x-csrf-token", &input.csrf),
        ("authorization", &input.authorization),
    ] {
        for value in values {
            headers.append(name, HeaderValue::from_bytes(value).unwrap());
        }
    }

    let finish = |token: &str, csrf: Option<Option<&[u8]>>| {
        let now = now_f64();
        let verified = match reference::verify(&PLAIN, token, now) {
            Ok(v) => v,
            Err(refusal) => return Outcome::from_refusal(refusal),
        };
        if let Some(submitted) = csrf {
            let claim = match verified.claims.get("csrf") {
                None => return Outcome::invalid_token("Token is missing the \"csrf\" claim"),
                Some(J::Str(c)) if !c.is_empty() => c.as_bytes(),
                Some(_) => {
                    return Outcome::invalid_token(
                        "Invalid \"csrf\" claim: expected a non-empty string",
                    );
                }
            };
            if submitted.is_some_and(|s| s != claim) {
                return Outcome::invalid_token("CSRF double submit tokens do not match");
            }
        }
        match reference::guard(&PLAIN, &verified, accepts, false, now) {
            Ok(()) => Outcome::Ok(verified.sub),
            Err(refusal) => Outcome::from_refusal(refusal),
        }
    };
    let want = (|| {
        let name = if accepts == Accepts::Refresh {
            "refresh_token_cookie"
        } else {
            "access_token_cookie"
        };
        let cookies: Vec<&[u8]> = input.cookies.iter().map(Vec::as_slice).collect();
        let Ok(found) = reference::cookie(&cookies, name) else {
            return Outcome::invalid_token(format!(
                "Several different \"{name}\" cookies in the request; another site of the \
                 domain may have set one, so none is used"
            ));
        };
        if let Some(raw) = found {
            let Ok(token) = String::from_utf8(raw) else {
                return Outcome::invalid_token(format!("The {name} cookie is not a JWT"));
            };
            let unsafe_method =
                [Method::POST, Method::PUT, Method::PATCH, Method::DELETE].contains(&method);
            let csrf = if unsafe_method {
                match input.csrf.first().filter(|v| !v.is_empty()) {
                    Some(value) => Some(value.as_slice()),
                    None => return Outcome::invalid_token("Missing CSRF token"),
                }
            } else {
                None
            };
            return finish(&token, Some(csrf));
        }
        let authorization: Vec<&[u8]> = input.authorization.iter().map(Vec::as_slice).collect();
        match reference::bearer(&authorization) {
            Found::BadRequest => return Outcome::Refused(400, Some("invalid_request"), None),
            Found::Token(token) => return finish(&token, None),
            Found::Absent => {}
        }
        match reference::query(uri.query(), "jwt") {
            Found::BadRequest => return Outcome::Refused(400, Some("invalid_request"), None),
            Found::Token(token) => return finish(&token, None),
            Found::Absent => {}
        }
        if optional {
            Outcome::Ok("anonymous".to_owned())
        } else {
            Outcome::Refused(401, None, None)
        }
    })();
    let res = send(&fx.multi, req);
    assert_outcome(&res, &want, &(method, uri, &input));
}
