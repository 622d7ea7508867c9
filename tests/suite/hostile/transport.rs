//! Transport: the `Authorization` header (scheme, whitespace, several
//! credentials and headers, Bearer smuggled inside another scheme's parameters,
//! non-ASCII), optional routes, and the token outside the header.

use super::*;

pub(super) fn cases() -> Vec<Case> {
    use App::*;
    use Cat::Transport as T;
    let header = |values: Vec<Vec<u8>>| {
        move |_: &Fx| authorization(&values.iter().map(Vec::as_slice).collect::<Vec<_>>())
    };
    let tok = |prefix: &str, suffix: &str| format!("{prefix}{}{suffix}", valid()).into_bytes();
    vec![
        row(T, "lowercase scheme", Std, ok("alice"), move |_| {
            authorization(&[&tok("bearer ", "")])
        }),
        row(
            T,
            "mixed-case scheme, three spaces",
            Std,
            ok("alice"),
            move |_| authorization(&[&tok("BeArEr   ", "")]),
        ),
        row(
            T,
            "tab between scheme and token",
            Std,
            bad_request(TAB),
            move |_| authorization(&[&tok("Bearer\t", "")]),
        ),
        row(
            T,
            "leading and trailing whitespace around the credential",
            Std,
            ok("alice"),
            move |_| authorization(&[&tok(" \t Bearer ", "\t ")]),
        ),
        row(
            T,
            "two words after the scheme",
            Std,
            bad_request(WORDS),
            move |_| authorization(&[&tok("Bearer ", " extra")]),
        ),
        row(T, "a tab inside the token", Std, bad_request(WORDS), |_| {
            let token = valid();
            let (head, sig) = token.rsplit_once('.').unwrap();
            authorization(&[format!("Bearer {head}.\t{sig}").as_bytes()])
        }),
        row(
            T,
            "the scheme alone",
            Std,
            bad_request(NO_TOKEN),
            header(vec![b"Bearer".to_vec()]),
        ),
        row(
            T,
            "the scheme then a comma",
            Std,
            bad_request(NO_TOKEN),
            header(vec![b"Bearer ,".to_vec()]),
        ),
        row(
            T,
            "another scheme's credential, then an empty Bearer",
            Std,
            bad_request(NO_TOKEN),
            header(vec![b"Basic dXNlcjpwYXNz, Bearer".to_vec()]),
        ),
        row(
            T,
            "Basic only",
            Std,
            absent(MISSING_BEARER),
            header(vec![b"Basic dXNlcjpwYXNz".to_vec()]),
        ),
        row(
            T,
            "scheme glued to the token with '='",
            Std,
            bad_request(glued('=')),
            move |_| authorization(&[&tok("Bearer=", "")]),
        ),
        row(
            T,
            "scheme glued to the token with ':'",
            Std,
            bad_request(glued(':')),
            move |_| authorization(&[&tok("Bearer:", "")]),
        ),
        row(
            T,
            "an empty Authorization header",
            Std,
            absent(MISSING_BEARER),
            header(vec![Vec::new()]),
        ),
        row(
            T,
            "two Bearer credentials in one header",
            Std,
            bad_request(SEVERAL),
            |_| {
                let token = valid();
                authorization(&[format!("Bearer {token}, bearer {token}").as_bytes()])
            },
        ),
        row(
            T,
            "two Authorization headers, the second a garbage Bearer",
            Std,
            bad_request(SEVERAL),
            |_| authorization(&[format!("Bearer {}", valid()).as_bytes(), b"bearer x"]),
        ),
        row(
            T,
            "Basic header, then a Bearer header",
            Std,
            ok("alice"),
            |_| {
                authorization(&[
                    b"Basic dXNlcjpwYXNz",
                    format!("Bearer {}", valid()).as_bytes(),
                ])
            },
        ),
        row(
            T,
            "a Bearer header, then an empty header",
            Std,
            ok("alice"),
            |_| authorization(&[format!("Bearer {}", valid()).as_bytes(), b""]),
        ),
        row(T, "UTF-8 in the token", Std, bad_request(NON_ASCII), |_| {
            authorization(&[format!("Bearer é{}", valid()).as_bytes()])
        }),
        row(
            T,
            "a no-break space after the scheme",
            Std,
            bad_request(NON_ASCII),
            |_| {
                authorization(&[[b"Bearer\xc2\xa0".as_slice(), valid().as_bytes()]
                    .concat()
                    .as_slice()])
            },
        ),
        row(
            T,
            "non-ASCII in a second header without Bearer",
            Std,
            bad_request(NON_ASCII),
            |_| authorization(&[format!("Bearer {}", valid()).as_bytes(), b"Basic \x80\xff"]),
        ),
        row(
            T,
            "a quoted token",
            Std,
            bad_request(NOT_B64TOKEN),
            move |_| authorization(&[&tok("Bearer \"", "\"")]),
        ),
        row(
            T,
            "'=' inside the token is outside b64token",
            Std,
            bad_request(NOT_B64TOKEN),
            |_| {
                let token = valid();
                let (header, rest) = token.split_once('.').unwrap();
                authorization(&[format!("Bearer {header}=.{rest}").as_bytes()])
            },
        ),
        row(
            T,
            "Bearer with auth-params instead of a token",
            Std,
            bad_request(NOT_B64TOKEN),
            header(vec![br#"Bearer realm="api", token="x""#.to_vec()]),
        ),
        row(
            T,
            "smuggled: Bearer inside another scheme's quoted parameter",
            Std,
            absent(MISSING_BEARER),
            move |_| authorization(&[&tok(r#"Foo realm="x, Bearer "#, r#", y""#)]),
        ),
        row(
            T,
            "smuggled: an escaped quote keeps Bearer inside the parameter",
            Std,
            absent(MISSING_BEARER),
            move |_| authorization(&[&tok(r#"Foo realm="x\", Bearer "#, r#", y""#)]),
        ),
        row(
            T,
            "smuggled: a quoted string continued into a second header",
            Std,
            absent(MISSING_BEARER),
            move |_| authorization(&[br#"Foo realm="x"#, &tok("Bearer ", r#"""#)]),
        ),
        row(
            T,
            "smuggled: Bearer as another scheme's parameter name",
            Std,
            absent(MISSING_BEARER),
            move |_| authorization(&[&tok("Foo a=b, Bearer=", "")]),
        ),
        row(
            T,
            "optional: a Bearer inside a quoted parameter is no token",
            Std,
            ok("anonymous"),
            |_| {
                let value = format!(r#"Foo realm="Bearer {}""#, valid());
                let mut req = authorization(&[value.as_bytes()]);
                *req.uri_mut() = "/optional".parse().unwrap();
                req
            },
        ),
        row(
            T,
            "several schemes: Bearer after another's quoted parameters",
            Std,
            ok("alice"),
            move |_| {
                authorization(&[&tok(
                    r#"Digest username="a, Bearer b", realm="r\"", Basic x==, Bearer "#,
                    r#", Foo a=b"#,
                )])
            },
        ),
        row(
            T,
            "an unterminated quoted string before a Bearer credential",
            Std,
            bad_request(unparsable("a quoted string is not closed at byte 10")),
            move |_| authorization(&[&tok(r#"Foo realm="x, Bearer "#, "")]),
        ),
        row(
            T,
            "an unterminated quoted string without Bearer is no token",
            Std,
            absent(MISSING_BEARER),
            header(vec![br#"Foo realm="x, Basic dXNlcjpwYXNz"#.to_vec()]),
        ),
        row(
            T,
            "the token under another header name",
            Std,
            absent(MISSING_HEADER),
            |_| {
                Request::get("/protected")
                    .header("x-authorization", format!("Bearer {}", valid()))
                    .body(Body::empty())
                    .unwrap()
            },
        ),
        row(
            T,
            "the token in the query of a header-only manager",
            Std,
            absent(MISSING_HEADER),
            |_| request(&format!("/protected?jwt={}", valid()), None),
        ),
        row(
            T,
            "optional: another scheme counts as no token",
            Std,
            ok("anonymous"),
            |_| {
                let mut req = authorization(&[b"Basic dXNlcjpwYXNz"]);
                *req.uri_mut() = "/optional".parse().unwrap();
                req
            },
        ),
        row(
            T,
            "optional: an empty Bearer is not forgiven",
            Std,
            bad_request(NO_TOKEN),
            |_| {
                let mut req = authorization(&[b"Bearer "]);
                *req.uri_mut() = "/optional".parse().unwrap();
                req
            },
        ),
        row(
            T,
            "optional: a garbage token is not forgiven",
            Std,
            invalid(NOT_ENOUGH),
            |_| bearer("/optional", "garbage"),
        ),
        row(
            T,
            "a 1 MiB header is refused before decoding",
            Std,
            invalid(TOO_LONG),
            |_| authorization(&[format!("Bearer {}", "A".repeat(1 << 20)).as_bytes()]),
        ),
        row(
            T,
            "several locations: an expired cookie beside a valid header",
            Multi,
            invalid(EXPIRED),
            |fx| {
                let expired = fx
                    .multi
                    .access_token("alice")
                    .issued_at(ago(3600))
                    .mint()
                    .unwrap();
                let bearer = format!("Bearer {}", fx.cookie_token("bob"));
                with_cookies(
                    Method::GET,
                    "/protected",
                    &[&access_cookie(&expired)],
                    &[("authorization", &bearer)],
                )
            },
        ),
        row(
            T,
            "several locations: an empty Bearer beside a valid query token",
            Multi,
            bad_request(NO_TOKEN),
            |fx| {
                let uri = format!("/protected?jwt={}", fx.cookie_token("bob"));
                with_cookies(Method::GET, &uri, &[], &[("authorization", "Bearer")])
            },
        ),
        row(
            T,
            "several locations: a garbage header beside a valid query token",
            Multi,
            invalid(NOT_ENOUGH),
            |fx| {
                let uri = format!("/protected?jwt={}", fx.cookie_token("bob"));
                with_cookies(
                    Method::GET,
                    &uri,
                    &[],
                    &[("authorization", "Bearer garbage")],
                )
            },
        ),
        row(
            T,
            "several locations: the cookie decides over the header",
            Multi,
            ok("alice"),
            |fx| {
                let bearer = format!("Bearer {}", fx.cookie_token("bob"));
                with_cookies(
                    Method::GET,
                    "/protected",
                    &[&access_cookie(&fx.cookie_token("alice"))],
                    &[("authorization", &bearer)],
                )
            },
        ),
        row(
            T,
            "the query parameter twice",
            Multi,
            bad_request("Several 'jwt' query parameters in the request; send exactly one"),
            |fx| {
                let token = fx.cookie_token("alice");
                request(&format!("/protected?jwt={token}&jwt={token}"), None)
            },
        ),
        row(
            T,
            "an empty query parameter",
            Multi,
            bad_request("The 'jwt' query parameter is empty"),
            |_| request("/protected?jwt=", None),
        ),
        row(
            T,
            "percent-encoded invalid UTF-8 in the query",
            Multi,
            invalid(NOT_ENOUGH),
            |_| request("/protected?jwt=%FF%FE%00", None),
        ),
        row(
            T,
            "an over-long query token is 401, not 400",
            Multi,
            invalid(TOO_LONG),
            |_| request(&format!("/protected?jwt={}", valid_of_length(8193)), None),
        ),
        row(
            T,
            "the parameter name in another case",
            Multi,
            absent(MISSING_EVERYWHERE),
            |fx| {
                request(
                    &format!("/protected?JWT={}", fx.cookie_token("alice")),
                    None,
                )
            },
        ),
    ]
}
