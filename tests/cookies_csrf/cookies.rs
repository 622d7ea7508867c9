//! Cookies: the `Cookie` header read as browsers send it, planted duplicates,
//! `__Host-` prefixes, and the helpers that set and clear Flask-JWT-Extended's
//! cookies with safe defaults.

use super::*;

#[tokio::test]
async fn cookie_headers_are_read_as_browsers_send_them() {
    let manager = build(
        config()
            .token_locations([TokenLocation::Cookies])
            .check_route_locations(false),
    );
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    let raw = |value: Vec<u8>| {
        let mut req = req(Method::GET, "/whoami", &[], &[]);
        req.headers_mut().append(
            "cookie",
            axum::http::HeaderValue::from_bytes(&value).unwrap(),
        );
        req
    };
    // Another application's cookie may hold any bytes; it is skipped.
    let reply = send(
        &app,
        raw([
            b"theirs=\xff\xfe; access_token_cookie=".as_slice(),
            token.as_bytes(),
        ]
        .concat()),
    )
    .await;
    assert_eq!(reply.body, "alice");
    // An empty one is what a logout leaves behind, and quotes come off; the
    // same token twice (quoted or not) is no choice between sessions.
    let reply = send(
        &app,
        raw(format!(
            "access_token_cookie=; access_token_cookie=\"{token}\"; access_token_cookie={token}"
        )
        .into_bytes()),
    )
    .await;
    assert_eq!(reply.body, "alice");
    send(&app, raw(b"access_token_cookie=".to_vec()))
        .await
        .assert_refused(401, None, "Missing cookie \"access_token_cookie\"");
    send(&app, raw(b"access_token_cookie=\xff".to_vec()))
        .await
        .assert_refused(
            401,
            Some("invalid_token"),
            "The access_token_cookie cookie is not a JWT",
        );
}

const PLANTED: &str = "Several different \"access_token_cookie\" cookies in the request; \
     another site of the domain may have set one, so none is used";

/// A sibling subdomain can set a cookie for the parent domain that the
/// browser then sends beside this site's (first, with a longer path): picking
/// either would let that site choose the session.
#[tokio::test]
async fn two_different_token_cookies_are_refused_not_picked() {
    let manager = build(config());
    let app = app(&manager);
    let alice = manager.create_access_token("alice").unwrap();
    let mallory = manager.create_access_token("mallory").unwrap();
    let name = "access_token_cookie";
    for (first, second) in [
        (&mallory, &alice),
        (&alice, &mallory),
        (&alice, &"x".to_owned()),
    ] {
        let reply = send(
            &app,
            req(
                Method::GET,
                "/whoami",
                &[(name, first), (name, second)],
                &[],
            ),
        )
        .await;
        reply.assert_refused(401, Some("invalid_token"), PLANTED);
    }
    // Across several Cookie headers too.
    let two_headers = Request::get("/whoami")
        .header("cookie", format!("theme=dark; {name}={mallory}"))
        .header("cookie", format!("{name}={alice}"))
        .body(Body::empty())
        .unwrap();
    send(&app, two_headers)
        .await
        .assert_refused(401, Some("invalid_token"), PLANTED);
    // `optional` does not forgive it, and no other location is tried instead.
    let bearer = format!("Bearer {alice}");
    for uri in ["/maybe", "/whoami"] {
        let reply = send(
            &app,
            req(
                Method::GET,
                uri,
                &[(name, &alice), (name, &mallory)],
                &[("authorization", &bearer)],
            ),
        )
        .await;
        reply.assert_refused(401, Some("invalid_token"), PLANTED);
    }
    // The refresh cookie likewise.
    let refresh = manager.create_refresh_token("alice").unwrap();
    let planted = manager.create_refresh_token("mallory").unwrap();
    let reply = send(
        &app,
        req(
            Method::POST,
            "/refresh",
            &[
                ("refresh_token_cookie", &planted),
                ("refresh_token_cookie", &refresh),
            ],
            &[("x-csrf-token", &csrf_of(&refresh))],
        ),
    )
    .await;
    reply.assert_refused(
        401,
        Some("invalid_token"),
        "Several different \"refresh_token_cookie\" cookies in the request; another site of \
         the domain may have set one, so none is used",
    );
    // One of them alone is the session.
    let reply = send(&app, req(Method::GET, "/whoami", &[(name, &alice)], &[])).await;
    assert_eq!((reply.status.as_u16(), reply.body), (200, json!("alice")));
}

/// `__Host-` cookies cannot be set by another host at all, so the duplicate
/// above cannot even be planted.
#[tokio::test]
async fn host_prefixed_cookies_are_set_read_and_cleared_under_their_prefixed_names() {
    let manager = build(config().host_prefixed_cookies(true));
    let app = refreshing(&manager);
    let access = manager.create_access_token("alice").unwrap();
    let refresh = manager.create_refresh_token("alice").unwrap();
    let set = manager
        .cookies()
        .set_access(&access)
        .set_refresh(&refresh)
        .to_header_values()
        .unwrap();
    let set: Vec<&str> = set.iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(
        set,
        [
            format!("__Host-access_token_cookie={access}; HttpOnly; SameSite=Lax; Secure; Path=/"),
            format!(
                "__Host-csrf_access_token={}; SameSite=Lax; Secure; Path=/",
                csrf_of(&access)
            ),
            format!(
                "__Host-refresh_token_cookie={refresh}; HttpOnly; SameSite=Lax; Secure; Path=/"
            ),
            format!(
                "__Host-csrf_refresh_token={}; SameSite=Lax; Secure; Path=/",
                csrf_of(&refresh)
            ),
        ]
    );
    let unset = manager.cookies().unset_all().to_header_values().unwrap();
    let names: Vec<&str> = unset
        .iter()
        .map(|v| v.to_str().unwrap().split('=').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "__Host-access_token_cookie",
            "__Host-csrf_access_token",
            "__Host-refresh_token_cookie",
            "__Host-csrf_refresh_token"
        ]
    );
    assert!(unset.iter().all(|v| {
        let v = v.to_str().unwrap();
        v.contains("; Path=/;") && v.contains("; Max-Age=0;") && v.contains("; Secure")
    }));

    // The guard reads the prefixed name, and only it.
    let reply = send(
        &app,
        req(
            Method::GET,
            "/whoami",
            &[("__Host-access_token_cookie", &access)],
            &[],
        ),
    )
    .await;
    assert_eq!((reply.status.as_u16(), reply.body), (200, json!("alice")));
    send(
        &app,
        req(
            Method::GET,
            "/headers-first",
            &[("access_token_cookie", &access)],
            &[],
        ),
    )
    .await
    .assert_refused(
        401,
        None,
        "Missing JWT in headers or cookies (Missing Authorization Header; \
         Missing cookie \"__Host-access_token_cookie\")",
    );
    let post = req(
        Method::POST,
        "/refresh",
        &[("__Host-refresh_token_cookie", &refresh)],
        &[("x-csrf-token", &csrf_of(&refresh))],
    );
    assert_eq!(send(&app, post).await.body, "refresh for alice");

    // Implicit refresh renews under the prefixed name.
    let near = manager
        .access_token("alice")
        .expires_in(Duration::from_secs(120))
        .mint()
        .unwrap();
    let reply = send(
        &app,
        req(
            Method::GET,
            "/whoami",
            &[("__Host-access_token_cookie", &near)],
            &[],
        ),
    )
    .await;
    let renewed = set_cookies(&reply);
    assert_eq!(renewed.len(), 2, "{renewed:?}");
    assert!(
        renewed[0].starts_with("__Host-access_token_cookie="),
        "{renewed:?}"
    );
    assert!(
        renewed[1].starts_with("__Host-csrf_access_token="),
        "{renewed:?}"
    );

    // Custom names are prefixed too, whichever setter comes first.
    for config in [
        config()
            .access_cookie_name("at")
            .host_prefixed_cookies(true),
        config()
            .host_prefixed_cookies(true)
            .access_cookie_name("at"),
        config()
            .host_prefixed_cookies(true)
            .access_cookie_name("__Host-at"),
    ] {
        let manager = build(config);
        let token = manager.create_access_token("alice").unwrap();
        let set = manager
            .cookies()
            .set_access(&token)
            .to_header_values()
            .unwrap();
        assert!(
            set[0].to_str().unwrap().starts_with("__Host-at="),
            "{set:?}"
        );
    }
    // Turned off again, the given names come back.
    let off = build(
        config()
            .host_prefixed_cookies(true)
            .host_prefixed_cookies(false),
    );
    let token = off.create_access_token("alice").unwrap();
    let set = off.cookies().set_access(&token).to_header_values().unwrap();
    assert!(set[0].to_str().unwrap().starts_with("access_token_cookie="));
}

#[tokio::test]
async fn prefixed_cookies_browsers_would_drop_are_refused_when_built() {
    let err = |config: JwtConfig| config.build().unwrap_err().to_string();
    let host = || config().host_prefixed_cookies(true);
    assert_eq!(
        err(host().cookie_secure(false)),
        "cookies: `__Host-access_token_cookie` is a __Host- cookie, which browsers only keep \
         when Secure; leave cookie_secure on"
    );
    assert_eq!(
        err(host().cookie_domain("example.com")),
        "cookies: `__Host-access_token_cookie` is a __Host- cookie, which browsers only keep \
         without a Domain; remove cookie_domain(\"example.com\")"
    );
    assert_eq!(
        err(host().refresh_cookie_path("/refresh")),
        "cookies: `__Host-refresh_token_cookie` is a __Host- cookie, which browsers only keep \
         with Path=/, not `/refresh`"
    );
    assert_eq!(
        err(host().csrf_cookie_path("/app")),
        "cookies: `__Host-csrf_access_token` is a __Host- cookie, which browsers only keep \
         with Path=/, not `/app`"
    );
    // Without CSRF protection there is no CSRF cookie to constrain.
    assert!(
        host()
            .csrf_protect(false)
            .csrf_cookie_path("/app")
            .build()
            .is_ok()
    );
    // A prefix written into a name by hand is held to the same rules.
    assert_eq!(
        err(config()
            .access_cookie_name("__host-at")
            .access_cookie_path("/app")),
        "cookies: `__host-at` is a __Host- cookie, which browsers only keep with Path=/, \
         not `/app`"
    );
    assert_eq!(
        err(config()
            .access_cookie_name("__Secure-at")
            .cookie_secure(false)),
        "cookies: `__Secure-at` is a __Secure- cookie, which browsers only keep when Secure; \
         leave cookie_secure on"
    );
    assert!(
        config()
            .access_cookie_name("__Secure-at")
            .access_cookie_path("/app")
            .cookie_domain("example.com")
            .build()
            .is_ok()
    );
}

// ---- cookie helpers -----------------------------------------------------

#[tokio::test]
async fn the_helpers_set_flask_jwt_extended_cookies_with_safe_defaults() {
    let manager = build(config().refresh_cookie_path("/refresh"));
    let access = manager.create_access_token("alice").unwrap();
    let refresh = manager.create_refresh_token("alice").unwrap();
    let set = manager
        .cookies()
        .set_access(&access)
        .set_refresh(&refresh)
        .to_header_values()
        .unwrap();
    let set: Vec<&str> = set.iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(
        set,
        [
            format!("access_token_cookie={access}; HttpOnly; SameSite=Lax; Secure; Path=/"),
            format!(
                "csrf_access_token={}; SameSite=Lax; Secure; Path=/",
                csrf_of(&access)
            ),
            format!(
                "refresh_token_cookie={refresh}; HttpOnly; SameSite=Lax; Secure; Path=/refresh"
            ),
            format!(
                "csrf_refresh_token={}; SameSite=Lax; Secure; Path=/",
                csrf_of(&refresh)
            ),
        ]
    );
    let unset = manager.cookies().unset_all().to_header_values().unwrap();
    let unset: Vec<&str> = unset.iter().map(|v| v.to_str().unwrap()).collect();
    let gone = "Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
    assert_eq!(
        unset,
        [
            format!("access_token_cookie=; HttpOnly; SameSite=Lax; Secure; Path=/; {gone}"),
            format!("csrf_access_token=; SameSite=Lax; Secure; Path=/; {gone}"),
            format!("refresh_token_cookie=; HttpOnly; SameSite=Lax; Secure; Path=/refresh; {gone}"),
            format!("csrf_refresh_token=; SameSite=Lax; Secure; Path=/; {gone}"),
        ]
    );
}

#[tokio::test]
async fn cookie_names_and_attributes_are_configurable() {
    let manager = build(
        config()
            .access_cookie_name("at")
            .csrf_access_cookie_name("xt")
            .access_cookie_path("/app")
            .csrf_cookie_path("/app")
            .cookie_domain("example.com")
            .cookie_secure(false)
            .cookie_same_site(SameSite::Strict)
            .session_cookies(false)
            .access_lifetime(Duration::from_secs(600)),
    );
    let access = manager.create_access_token("alice").unwrap();
    let set = manager
        .cookies()
        .set_access(&access)
        .to_header_values()
        .unwrap();
    let max_age = |v: &str| {
        v.split("; Max-Age=")
            .nth(1)
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .parse::<u64>()
            .unwrap()
    };
    let (token, csrf) = (set[0].to_str().unwrap(), set[1].to_str().unwrap());
    assert!(
        token.starts_with(&format!(
            "at={access}; HttpOnly; SameSite=Strict; Path=/app; Domain=example.com; Max-Age="
        )),
        "{token}"
    );
    assert!(
        !token.contains("Expires") && !token.contains("Secure"),
        "{token}"
    );
    assert!(
        (598..=600).contains(&max_age(token)),
        "persistent for the token's lifetime: {token}"
    );
    assert!(
        csrf.starts_with(&format!(
            "xt={}; SameSite=Strict; Path=/app; Domain=example.com; Max-Age=",
            csrf_of(&access)
        )),
        "{csrf}"
    );
    assert!(
        !csrf.contains("HttpOnly") && !csrf.contains("Secure"),
        "{csrf}"
    );
    // "Remember me": a per-response Max-Age.
    let set = manager
        .cookies()
        .max_age(Duration::from_secs(86_400))
        .set_access(&access)
        .to_header_values()
        .unwrap();
    assert_eq!(max_age(set[0].to_str().unwrap()), 86_400);

    // The token cookies can be readable by scripts, if the application insists.
    let readable = build(config().cookie_http_only(false));
    let access = readable.create_access_token("alice").unwrap();
    let set = readable
        .cookies()
        .set_access(&access)
        .to_header_values()
        .unwrap();
    assert!(!set[0].to_str().unwrap().contains("HttpOnly"));
    // Without CSRF protection there are no CSRF cookies.
    let off = build(config().csrf_protect(false));
    let access = off.create_access_token("alice").unwrap();
    assert_eq!(
        off.cookies()
            .set_access(&access)
            .unset_refresh()
            .to_header_values()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn cookie_settings_a_browser_would_reject_are_refused_when_built() {
    let err = |config: JwtConfig| config.build().unwrap_err().to_string();
    assert_eq!(
        err(config().access_cookie_name("my cookie")),
        "cookies: `my cookie` is not a valid cookie name (RFC 6265 §4.1.1: letters, digits and !#$%&'*+-.^_`|~)"
    );
    assert_eq!(
        err(config().refresh_cookie_name("access_token_cookie")),
        "cookies: `access_token_cookie` names two different cookies; give each its own name"
    );
    assert_eq!(
        err(config().refresh_cookie_path("refresh")),
        "cookies: `refresh` is not a cookie path: it must start with `/` and hold no `;` or control characters"
    );
    assert_eq!(
        err(config().cookie_domain("a.com; Secure")),
        "cookies: `a.com; Secure` is not a cookie domain"
    );
    assert_eq!(
        err(config()
            .cookie_same_site(SameSite::None)
            .cookie_secure(false)),
        "cookies: SameSite=None needs Secure cookies; browsers drop such cookies otherwise"
    );
    assert!(config().cookie_same_site(SameSite::None).build().is_ok());
}

#[tokio::test]
async fn a_token_the_csrf_cookie_cannot_follow_is_a_logged_500_not_a_broken_login() {
    let manager = build(config());
    let headers_only = build(
        JwtManager::builder()
            .secret(SECRET)
            .check_route_locations(false),
    );
    let no_csrf = headers_only.create_access_token("alice").unwrap();
    let err = manager
        .cookies()
        .set_access(&no_csrf)
        .to_header_values()
        .unwrap_err();
    assert!(err.contains("has no `csrf` claim"), "{err}");
    let res = axum::response::IntoResponse::into_response((
        manager.cookies().set_access(&no_csrf),
        "welcome",
    ));
    assert_eq!(res.status(), 500);
    assert!(res.headers().get("set-cookie").is_none());
    let err = manager
        .cookies()
        .set_access("not a token")
        .to_header_values()
        .unwrap_err();
    assert_eq!(
        err,
        "the token given for the access_token_cookie cookie is not a JWT"
    );
}
