//! Cookies and CSRF: double-submit values missing or wrong, tokens that do not
//! belong in the access cookie, and planted or duplicate cookies.

use super::*;

fn post_cookie(cookie: &str, csrf: &[&str]) -> Request<Body> {
    let headers: Vec<(&str, &str)> = csrf.iter().map(|v| ("x-csrf-token", *v)).collect();
    with_cookies(
        Method::POST,
        "/protected",
        &[&access_cookie(cookie)],
        &headers,
    )
}

fn get_cookie(token: &str) -> Request<Body> {
    with_cookies(Method::GET, "/protected", &[&access_cookie(token)], &[])
}

pub(super) fn cases() -> Vec<Case> {
    use App::Multi;
    use Cat::CookiesCsrf as K;
    let invalid_csrf = || invalid("Invalid \"csrf\" claim: expected a non-empty string");
    vec![
        row(
            K,
            "POST without the CSRF header",
            Multi,
            invalid(CSRF_MISSING),
            |fx| post_cookie(&fx.cookie_token("alice"), &[]),
        ),
        row(
            K,
            "PUT with an empty CSRF header",
            Multi,
            invalid(CSRF_MISSING),
            |fx| {
                with_cookies(
                    Method::PUT,
                    "/protected",
                    &[&access_cookie(&fx.cookie_token("alice"))],
                    &[("x-csrf-token", "")],
                )
            },
        ),
        row(
            K,
            "POST with the right CSRF value is accepted",
            Multi,
            ok("alice"),
            |fx| {
                let token = fx.cookie_token("alice");
                post_cookie(&token, &[&csrf_claim(&token)])
            },
        ),
        row(
            K,
            "POST with a wrong CSRF value",
            Multi,
            invalid(CSRF_MISMATCH),
            |fx| post_cookie(&fx.cookie_token("alice"), &["guess"]),
        ),
        row(
            K,
            "POST with another session's CSRF value",
            Multi,
            invalid(CSRF_MISMATCH),
            |fx| {
                post_cookie(
                    &fx.cookie_token("alice"),
                    &[&csrf_claim(&fx.cookie_token("mallory"))],
                )
            },
        ),
        row(
            K,
            "POST with the CSRF value and a trailing space",
            Multi,
            invalid(CSRF_MISMATCH),
            |fx| {
                let token = fx.cookie_token("alice");
                post_cookie(&token, &[&format!("{} ", csrf_claim(&token))])
            },
        ),
        row(
            K,
            "POST with a CSRF prefix",
            Multi,
            invalid(CSRF_MISMATCH),
            |fx| {
                let token = fx.cookie_token("alice");
                let csrf = csrf_claim(&token);
                post_cookie(&token, &[&csrf[..csrf.len() - 1]])
            },
        ),
        row(
            K,
            "POST with two CSRF headers, the wrong one first",
            Multi,
            invalid(CSRF_MISMATCH),
            |fx| {
                let token = fx.cookie_token("alice");
                post_cookie(&token, &["guess", &csrf_claim(&token)])
            },
        ),
        row(
            K,
            "POST with an expired token and its CSRF value",
            Multi,
            invalid(EXPIRED),
            |fx| {
                let token = fx
                    .multi
                    .access_token("alice")
                    .issued_at(ago(3600))
                    .mint()
                    .unwrap();
                post_cookie(&token, &[&csrf_claim(&token)])
            },
        ),
        row(
            K,
            "POST with a forged token and its own CSRF value",
            Multi,
            invalid(SIG),
            |_| {
                let forged = sign_with(
                    Algorithm::HS256,
                    ATTACKER,
                    &with(access(), "csrf", json!("c")),
                );
                post_cookie(&forged, &["c"])
            },
        ),
        row(
            K,
            "a header-minted token planted in the cookie",
            Multi,
            invalid("Token is missing the \"csrf\" claim"),
            |fx| get_cookie(&fx.std.create_access_token("alice").unwrap()),
        ),
        row(
            K,
            "a cookie token whose csrf claim is empty",
            Multi,
            invalid_csrf(),
            |_| get_cookie(&valid_with("csrf", json!(""))),
        ),
        row(
            K,
            "a cookie token whose csrf claim is an array",
            Multi,
            invalid_csrf(),
            |_| get_cookie(&valid_with("csrf", json!(["c"]))),
        ),
        row(
            K,
            "a cookie token whose csrf claim appears twice",
            Multi,
            invalid(twice("payload", "csrf")),
            |_| {
                get_cookie(&signed_payload(claims_plus(
                    &access(),
                    r#""csrf":"a","csrf":"b""#,
                )))
            },
        ),
        row(
            K,
            "a refresh token in the access cookie",
            Multi,
            invalid(ONLY_ACCESS),
            |fx| get_cookie(&fx.multi.create_refresh_token("alice").unwrap()),
        ),
        row(
            K,
            "invalid UTF-8 in the access cookie",
            Multi,
            invalid("The access_token_cookie cookie is not a JWT"),
            |_| {
                with_cookies(
                    Method::GET,
                    "/protected",
                    &[b"access_token_cookie=\xc3\x28.a.b"],
                    &[],
                )
            },
        ),
        row(
            K,
            "UTF-8 in the access cookie",
            Multi,
            invalid(HEADER_PADDING),
            |_| {
                with_cookies(
                    Method::GET,
                    "/protected",
                    &["access_token_cookie=é.a.b".as_bytes()],
                    &[],
                )
            },
        ),
        row(
            K,
            "an over-long cookie token is 401, not 400",
            Multi,
            invalid(TOO_LONG),
            |_| get_cookie(&valid_of_length(9000)),
        ),
        row(
            K,
            "a cookie token nested too deeply is 401, not 400",
            Multi,
            invalid(deeper("header")),
            |_| {
                get_cookie(&format!(
                    "{}.e30.x",
                    b64(format!("{{\"alg\":\"HS256\",\"x\":{}}}", nested(16)))
                ))
            },
        ),
        row(K, "alg none in the cookie", Multi, invalid(ALG), |_| {
            get_cookie(&unsigned_with(
                r#"{"alg":"none"}"#,
                &with(access(), "csrf", json!("c")),
            ))
        }),
        row(
            K,
            "two Cookie headers, garbage first",
            Multi,
            invalid(PLANTED),
            |fx| {
                let good = access_cookie(&fx.cookie_token("alice"));
                with_cookies(
                    Method::GET,
                    "/protected",
                    &[b"access_token_cookie=garbage", &good],
                    &[],
                )
            },
        ),
        row(
            K,
            "a planted access cookie before the real one",
            Multi,
            invalid(PLANTED),
            |fx| {
                let cookie = format!(
                    "access_token_cookie={}; access_token_cookie={}",
                    fx.cookie_token("mallory"),
                    fx.cookie_token("alice")
                );
                with_cookies(Method::GET, "/protected", &[cookie.as_bytes()], &[])
            },
        ),
        row(
            K,
            "a planted access cookie after the real one, on POST with its CSRF value",
            Multi,
            invalid(PLANTED),
            |fx| {
                let alice = fx.cookie_token("alice");
                let cookie = format!(
                    "access_token_cookie={alice}; theme=dark; access_token_cookie=\"{}\"",
                    fx.cookie_token("mallory")
                );
                with_cookies(
                    Method::POST,
                    "/protected",
                    &[cookie.as_bytes()],
                    &[("x-csrf-token", &csrf_claim(&alice))],
                )
            },
        ),
        row(
            K,
            "a planted access cookie on an optional route beside a header token",
            Multi,
            invalid(PLANTED),
            |fx| {
                let cookie = format!(
                    "access_token_cookie={}; access_token_cookie=x",
                    fx.cookie_token("alice")
                );
                let bearer = format!("Bearer {}", fx.cookie_token("alice"));
                with_cookies(
                    Method::GET,
                    "/optional",
                    &[cookie.as_bytes()],
                    &[("authorization", &bearer)],
                )
            },
        ),
        row(
            K,
            "a planted refresh cookie beside the real one",
            Multi,
            invalid(
                "Several different \"refresh_token_cookie\" cookies in the request; another \
                 site of the domain may have set one, so none is used",
            ),
            |fx| {
                let cookie = |who: &str| {
                    format!(
                        "refresh_token_cookie={}",
                        fx.multi.create_refresh_token(who).unwrap()
                    )
                };
                with_cookies(
                    Method::GET,
                    "/refresh",
                    &[cookie("alice").as_bytes(), cookie("mallory").as_bytes()],
                    &[],
                )
            },
        ),
        row(
            K,
            "the same access cookie twice, once quoted, is accepted",
            Multi,
            ok("alice"),
            |fx| {
                let token = fx.cookie_token("alice");
                let cookie =
                    format!("access_token_cookie=\"{token}\"; access_token_cookie={token}");
                with_cookies(Method::GET, "/protected", &[cookie.as_bytes()], &[])
            },
        ),
        row(
            K,
            "an emptied access cookie beside the real one is accepted",
            Multi,
            ok("alice"),
            |fx| {
                let cookie = format!(
                    "access_token_cookie=; access_token_cookie={}",
                    fx.cookie_token("alice")
                );
                with_cookies(Method::GET, "/protected", &[cookie.as_bytes()], &[])
            },
        ),
        row(
            K,
            "the cookie name in another case",
            Multi,
            absent(MISSING_EVERYWHERE),
            |fx| {
                let cookie = format!("ACCESS_TOKEN_COOKIE={}", fx.cookie_token("alice"));
                with_cookies(Method::GET, "/protected", &[cookie.as_bytes()], &[])
            },
        ),
        row(
            K,
            "a cookie name with a suffix",
            Multi,
            absent(MISSING_EVERYWHERE),
            |fx| {
                let cookie = format!("access_token_cookie2={}", fx.cookie_token("alice"));
                with_cookies(Method::GET, "/protected", &[cookie.as_bytes()], &[])
            },
        ),
    ]
}
