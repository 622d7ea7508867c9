//! Token locations, cookies with CSRF double submit, the query string, the
//! cookie helpers and implicit refresh, through the real router.
//!
//! Every guarded handler of this binary names its locations among headers,
//! cookies and query, so every manager built here enables all three (or expects
//! to be refused for lacking one).

#[path = "../common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Form;
use axum::http::{Method, Request};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use common::*;
use jwt_guard::{
    ConfigError, GuardErrorKind, JwtConfig, JwtManager, SameSite, Token, TokenLocation,
    require_token,
};
use serde_json::{Value, json};

const ALL: [TokenLocation; 3] = [
    TokenLocation::Cookies,
    TokenLocation::Headers,
    TokenLocation::Query,
];

fn config() -> JwtConfig {
    JwtManager::builder().secret(SECRET).token_locations(ALL)
}

fn build(config: JwtConfig) -> JwtManager {
    config.build().unwrap()
}

#[require_token]
async fn whoami(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(refresh)]
async fn refresh(token: Token) -> String {
    format!("refresh for {}", token.identity_str().unwrap_or_default())
}

#[require_token(optional)]
async fn maybe(token: Option<Token>) -> String {
    token.map_or("anonymous".to_owned(), |t| t.identity().to_string())
}

#[require_token(locations(query))]
async fn query_only(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(locations(headers, cookies))]
async fn headers_first(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(claims(role = "admin"))]
async fn admin() -> &'static str {
    "admin"
}

#[require_token]
async fn form_echo(Form(form): Form<HashMap<String, String>>) -> Json<Value> {
    Json(json!(form))
}

async fn public() -> &'static str {
    "public"
}

/// A login that sets its own access cookie while the old one is near expiry.
#[require_token]
async fn relogin(manager: JwtManager) -> impl axum::response::IntoResponse {
    let access = manager.create_access_token("bob").unwrap();
    (manager.cookies().set_access(&access), "relogged")
}

fn app(manager: &JwtManager) -> Router {
    Router::new()
        .route("/whoami", any(whoami))
        .route("/refresh", post(refresh))
        .route("/maybe", any(maybe))
        .route("/query", get(query_only))
        .route("/headers-first", any(headers_first))
        .route("/admin", get(admin))
        .route("/form", post(form_echo))
        .route("/public", get(public))
        .route("/relogin", get(relogin))
        .layer(manager.layer())
}

/// A request with cookies and extra headers.
fn req(
    method: Method,
    uri: &str,
    cookies: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Request<Body> {
    let mut req = Request::builder().method(method).uri(uri);
    if !cookies.is_empty() {
        let cookie: Vec<String> = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        req = req.header("cookie", cookie.join("; "));
    }
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.body(Body::empty()).unwrap()
}

/// A token's payload, unverified (the test minted it).
fn payload(token: &str) -> Value {
    use base64::Engine;
    let part = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn csrf_of(token: &str) -> String {
    payload(token)["csrf"].as_str().unwrap().to_owned()
}

fn set_cookies(reply: &Reply) -> Vec<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

// ---- locations ----------------------------------------------------------

#[tokio::test]
async fn the_first_configured_location_that_holds_a_token_decides() {
    let manager = build(config());
    let app = app(&manager);
    let alice = manager.create_access_token("alice").unwrap();
    let bob = manager.create_access_token("bob").unwrap();
    let cookie = [("access_token_cookie", alice.as_str())];
    let bearer = format!("Bearer {bob}");
    let header = [("authorization", bearer.as_str())];

    let reply = send(&app, req(Method::GET, "/whoami", &cookie, &header)).await;
    assert_eq!(reply.body, "alice", "cookies come first in this manager");
    let reply = send(&app, req(Method::GET, "/whoami", &[], &header)).await;
    assert_eq!(reply.body, "bob");
    let reply = send(
        &app,
        req(Method::GET, &format!("/whoami?jwt={bob}"), &[], &[]),
    )
    .await;
    assert_eq!(reply.body, "bob");
    // The route's own order wins over the manager's.
    let reply = send(&app, req(Method::GET, "/headers-first", &cookie, &header)).await;
    assert_eq!(reply.body, "bob");
}

#[tokio::test]
async fn a_refused_token_never_falls_back_to_a_later_location() {
    let manager = build(config());
    let app = app(&manager);
    let good = manager.create_access_token("bob").unwrap();
    let bearer = format!("Bearer {good}");
    let header = [("authorization", bearer.as_str())];
    // A bad cookie is not rescued by a good header...
    send(
        &app,
        req(
            Method::GET,
            "/whoami",
            &[("access_token_cookie", "garbage")],
            &header,
        ),
    )
    .await
    .assert_refused(401, Some("invalid_token"), "Not enough segments");
    // ...nor a cookie that fails its CSRF check by a header that needs none.
    let alice = manager.create_access_token("alice").unwrap();
    let cookie = [("access_token_cookie", alice.as_str())];
    send(&app, req(Method::POST, "/whoami", &cookie, &header))
        .await
        .assert_refused(401, Some("invalid_token"), "Missing CSRF token");
}

#[tokio::test]
async fn absent_everywhere_says_where_it_looked() {
    let manager = build(config());
    let app = app(&manager);
    send(&app, req(Method::GET, "/whoami", &[], &[])).await.assert_refused(
        401,
        None,
        "Missing JWT in cookies, headers or query_string (Missing cookie \"access_token_cookie\"; \
         Missing Authorization Header; Missing 'jwt' query parameter)",
    );
    send(&app, req(Method::GET, "/query", &[], &[]))
        .await
        .assert_refused(401, None, "Missing 'jwt' query parameter");
    let cookies_only = build(
        config()
            .token_locations([TokenLocation::Cookies])
            .check_route_locations(false),
    );
    send(
        &app_with(&cookies_only),
        req(Method::GET, "/whoami", &[("other", "x")], &[]),
    )
    .await
    .assert_refused(401, None, "Missing cookie \"access_token_cookie\"");
    let reply = send(&app, req(Method::GET, "/maybe", &[], &[])).await;
    assert_eq!(reply.body, "anonymous");
}

fn app_with(manager: &JwtManager) -> Router {
    app(manager)
}

#[tokio::test]
async fn a_route_reads_only_its_own_locations() {
    let manager = build(config());
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    let bearer = format!("Bearer {token}");
    send(
        &app,
        req(
            Method::GET,
            "/query",
            &[("access_token_cookie", &token)],
            &[("authorization", &bearer)],
        ),
    )
    .await
    .assert_refused(401, None, "Missing 'jwt' query parameter");
    let reply = send(
        &app,
        req(Method::GET, &format!("/query?x=1&jwt={token}"), &[], &[]),
    )
    .await;
    assert_eq!(reply.body, "alice");
}

#[tokio::test]
async fn the_query_parameter_is_configurable_and_must_be_unambiguous() {
    let manager = build(config().query_param("access_token"));
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    let reply = send(
        &app,
        req(
            Method::GET,
            &format!("/query?access_token={token}"),
            &[],
            &[],
        ),
    )
    .await;
    assert_eq!(reply.body, "alice");
    send(
        &app,
        req(Method::GET, &format!("/query?jwt={token}"), &[], &[]),
    )
    .await
    .assert_refused(401, None, "Missing 'access_token' query parameter");
    let twice = format!("/query?access_token={token}&access_token={token}");
    send(&app, req(Method::GET, &twice, &[], &[]))
        .await
        .assert_refused(
            400,
            Some("invalid_request"),
            "Several 'access_token' query parameters in the request; send exactly one",
        );
    send(&app, req(Method::GET, "/query?access_token=", &[], &[]))
        .await
        .assert_refused(
            400,
            Some("invalid_request"),
            "The 'access_token' query parameter is empty",
        );
    // Query tokens are never CSRF-checked: a URL is not sent by a cross-site form
    // unless the attacker already holds the token.
    let post = req(
        Method::POST,
        &format!("/whoami?access_token={token}"),
        &[],
        &[],
    );
    assert_eq!(send(&app, post).await.body, "alice");
}

#[tokio::test]
async fn a_manager_lacking_a_route_location_is_refused_when_built() {
    let err = JwtManager::builder()
        .secret(SECRET)
        .token_locations([TokenLocation::Headers, TokenLocation::Cookies])
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        ConfigError::RouteLocation {
            handler: "query_only".to_owned(),
            location: TokenLocation::Query,
        }
    );
    assert_eq!(
        err.to_string(),
        "handler `query_only` reads its token from Query (`#[require_token(locations(..))]`), \
         which this manager does not enable; add TokenLocation::Query to \
         JwtConfig::token_locations or remove it from the route (a program running several \
         managers with different locations turns this check off with \
         JwtConfig::check_route_locations(false))"
    );
    // The default manager (headers only) is refused too: `query_only` and
    // `headers_first` name locations it lacks.
    assert!(matches!(
        JwtManager::builder().secret(SECRET).build(),
        Err(ConfigError::RouteLocation { .. })
    ));
}

#[tokio::test]
async fn without_the_start_up_check_such_a_route_answers_500_and_reads_nothing() {
    let manager = build(
        config()
            .token_locations([TokenLocation::Headers])
            .check_route_locations(false),
    );
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    let reply = send(
        &app,
        req(Method::GET, &format!("/query?jwt={token}"), &[], &[]),
    )
    .await;
    assert_eq!(reply.status, 500);
    assert_eq!(
        reply.headers.get("www-authenticate"),
        None,
        "a server fault asks the client for nothing"
    );
    // Routes without their own locations work as configured.
    assert_eq!(call(&app, "/whoami", &token).await.body, "alice");
}

#[tokio::test]
async fn location_lists_are_checked_when_built() {
    let err = |config: JwtConfig| config.build().unwrap_err().to_string();
    assert_eq!(
        err(config().token_locations([])),
        "token locations: the list is empty; name at least one, e.g. TokenLocation::Headers"
    );
    assert_eq!(
        err(config().token_locations([
            TokenLocation::Cookies,
            TokenLocation::Headers,
            TokenLocation::Query,
            TokenLocation::Cookies
        ])),
        "token locations: `cookies` is listed twice"
    );
    assert_eq!(
        err(config().query_param("")),
        "token locations: the query parameter name is empty"
    );
}

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
            format!("__Host-access_token_cookie={access}; Path=/; Secure; HttpOnly; SameSite=Lax"),
            format!(
                "__Host-csrf_access_token={}; Path=/; Secure; SameSite=Lax",
                csrf_of(&access)
            ),
            format!(
                "__Host-refresh_token_cookie={refresh}; Path=/; Secure; HttpOnly; SameSite=Lax"
            ),
            format!(
                "__Host-csrf_refresh_token={}; Path=/; Secure; SameSite=Lax",
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

// ---- CSRF double submit -------------------------------------------------

#[tokio::test]
async fn cookie_tokens_need_the_csrf_header_on_state_changing_methods() {
    let manager = build(config());
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    let csrf = csrf_of(&token);
    let cookie = [("access_token_cookie", token.as_str())];

    for method in [Method::GET, Method::HEAD, Method::OPTIONS] {
        let reply = send(&app, req(method.clone(), "/whoami", &cookie, &[])).await;
        assert_eq!(reply.status, 200, "{method}");
    }
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        send(&app, req(method.clone(), "/whoami", &cookie, &[]))
            .await
            .assert_refused(401, Some("invalid_token"), "Missing CSRF token");
        send(
            &app,
            req(method.clone(), "/whoami", &cookie, &[("x-csrf-token", "")]),
        )
        .await
        .assert_refused(401, Some("invalid_token"), "Missing CSRF token");
        let wrong = send(
            &app,
            req(
                method.clone(),
                "/whoami",
                &cookie,
                &[("x-csrf-token", &csrf[1..])],
            ),
        )
        .await;
        wrong.assert_refused(
            401,
            Some("invalid_token"),
            "CSRF double submit tokens do not match",
        );
        assert_eq!(
            wrong.headers["www-authenticate"].to_str().unwrap(),
            "Bearer error=\"invalid_token\", error_description=\"CSRF double submit tokens do not match\""
        );
        let reply = send(
            &app,
            req(
                method.clone(),
                "/whoami",
                &cookie,
                &[("x-csrf-token", &csrf)],
            ),
        )
        .await;
        assert_eq!(
            (reply.status.as_u16(), reply.body.clone()),
            (200, json!("alice")),
            "{method}"
        );
    }
}

#[tokio::test]
async fn csrf_refusals_carry_their_own_kinds() {
    let manager = build(config());
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    let cookie = [("access_token_cookie", token.as_str())];
    let res = tower::ServiceExt::oneshot(app.clone(), req(Method::POST, "/whoami", &cookie, &[]))
        .await
        .unwrap();
    assert_eq!(
        res.extensions()
            .get::<jwt_guard::GuardError>()
            .unwrap()
            .kind(),
        GuardErrorKind::CsrfMissing
    );
    let res = tower::ServiceExt::oneshot(
        app,
        req(Method::POST, "/whoami", &cookie, &[("x-csrf-token", "x")]),
    )
    .await
    .unwrap();
    assert_eq!(
        res.extensions()
            .get::<jwt_guard::GuardError>()
            .unwrap()
            .kind(),
        GuardErrorKind::CsrfMismatch
    );
}

#[tokio::test]
async fn header_tokens_are_never_csrf_checked() {
    let manager = build(config());
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    for method in [Method::POST, Method::DELETE] {
        let bearer = format!("Bearer {token}");
        let reply = send(
            &app,
            req(method, "/whoami", &[], &[("authorization", &bearer)]),
        )
        .await;
        assert_eq!(reply.body, "alice");
    }
    // A header-only manager mints no `csrf` claim at all.
    let headers = build(
        JwtManager::builder()
            .secret(SECRET)
            .check_route_locations(false),
    );
    assert!(
        payload(&headers.create_access_token("a").unwrap())
            .get("csrf")
            .is_none()
    );
}

#[tokio::test]
async fn a_cookie_token_without_a_csrf_claim_is_refused_on_every_method() {
    let manager = build(config());
    let app = app(&manager);
    // Same key, but minted by a manager that does not read cookies.
    let headers_only = build(
        JwtManager::builder()
            .secret(SECRET)
            .check_route_locations(false),
    );
    let planted = headers_only.create_access_token("alice").unwrap();
    let cookie = [("access_token_cookie", planted.as_str())];
    send(&app, req(Method::GET, "/whoami", &cookie, &[]))
        .await
        .assert_refused(
            401,
            Some("invalid_token"),
            "Token is missing the \"csrf\" claim",
        );
    send(
        &app,
        req(
            Method::POST,
            "/whoami",
            &cookie,
            &[("x-csrf-token", "anything")],
        ),
    )
    .await
    .assert_refused(
        401,
        Some("invalid_token"),
        "Token is missing the \"csrf\" claim",
    );
    let odd = sign(&json!({ "sub": "alice", "type": "access", "exp": now() + 60, "csrf": 7 }));
    send(
        &app,
        req(
            Method::GET,
            "/whoami",
            &[("access_token_cookie", &odd)],
            &[],
        ),
    )
    .await
    .assert_refused(
        401,
        Some("invalid_token"),
        "Invalid \"csrf\" claim: expected a non-empty string",
    );
}

#[tokio::test]
async fn optional_routes_do_not_forgive_a_failed_csrf_check() {
    let manager = build(config());
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    send(
        &app,
        req(
            Method::POST,
            "/maybe",
            &[("access_token_cookie", &token)],
            &[],
        ),
    )
    .await
    .assert_refused(401, Some("invalid_token"), "Missing CSRF token");
}

#[tokio::test]
async fn refresh_routes_read_the_refresh_cookie_and_its_csrf_value() {
    let manager = build(config());
    let app = app(&manager);
    let access = manager.create_access_token("alice").unwrap();
    let refresh = manager.create_refresh_token("alice").unwrap();
    let both = [
        ("access_token_cookie", access.as_str()),
        ("refresh_token_cookie", refresh.as_str()),
    ];
    send(
        &app,
        req(
            Method::POST,
            "/refresh",
            &[("access_token_cookie", &access)],
            &[("x-csrf-token", &csrf_of(&access))],
        ),
    )
    .await
    .assert_refused(
        401,
        None,
        "Missing JWT in cookies, headers or query_string (Missing cookie \"refresh_token_cookie\"; \
         Missing Authorization Header; Missing 'jwt' query parameter)",
    );
    send(
        &app,
        req(
            Method::POST,
            "/refresh",
            &both,
            &[("x-csrf-token", &csrf_of(&access))],
        ),
    )
    .await
    .assert_refused(
        401,
        Some("invalid_token"),
        "CSRF double submit tokens do not match",
    );
    let reply = send(
        &app,
        req(
            Method::POST,
            "/refresh",
            &both,
            &[("x-csrf-token", &csrf_of(&refresh))],
        ),
    )
    .await;
    assert_eq!(reply.body, "refresh for alice");
}

#[tokio::test]
async fn csrf_settings_are_configurable() {
    let manager = build(
        config()
            .csrf_header_name(axum::http::HeaderName::from_static("x-xsrf"))
            .csrf_methods([Method::POST]),
    );
    let app = app(&manager);
    let token = manager.create_access_token("alice").unwrap();
    let cookie = [("access_token_cookie", token.as_str())];
    let reply = send(&app, req(Method::DELETE, "/whoami", &cookie, &[])).await;
    assert_eq!(reply.body, "alice", "DELETE is not a CSRF method here");
    send(
        &app,
        req(
            Method::POST,
            "/whoami",
            &cookie,
            &[("x-csrf-token", &csrf_of(&token))],
        ),
    )
    .await
    .assert_refused(401, Some("invalid_token"), "Missing CSRF token");
    let reply = send(
        &app,
        req(
            Method::POST,
            "/whoami",
            &cookie,
            &[("x-xsrf", &csrf_of(&token))],
        ),
    )
    .await;
    assert_eq!(reply.body, "alice");

    let off = build(config().csrf_protect(false));
    let token = off.create_access_token("alice").unwrap();
    assert!(payload(&token).get("csrf").is_none());
    let reply = send(
        &app_with(&off),
        req(
            Method::POST,
            "/whoami",
            &[("access_token_cookie", &token)],
            &[],
        ),
    )
    .await;
    assert_eq!(reply.body, "alice");
}

fn form(uri: &str, cookie: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header("cookie", format!("access_token_cookie={cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn the_form_layer_reads_the_csrf_field_and_keeps_the_body() {
    let manager = build(config());
    let with_layer = app(&manager).layer(manager.csrf_form_layer());
    let token = manager.create_access_token("alice").unwrap();
    let csrf = csrf_of(&token);
    let reply = send(
        &with_layer,
        form("/form", &token, &format!("note=hi+there&csrf_token={csrf}")),
    )
    .await;
    assert_eq!(
        reply.body,
        json!({ "note": "hi there", "csrf_token": csrf })
    );
    send(
        &with_layer,
        form("/form", &token, "note=hi&csrf_token=forged"),
    )
    .await
    .assert_refused(
        401,
        Some("invalid_token"),
        "CSRF double submit tokens do not match",
    );
    send(&with_layer, form("/form", &token, "note=hi"))
        .await
        .assert_refused(401, Some("invalid_token"), "Missing CSRF token");
    // The header still wins when both are sent.
    let mut both = form("/form", &token, "csrf_token=forged");
    both.headers_mut()
        .insert("x-csrf-token", csrf.parse().unwrap());
    let reply = send(&with_layer, both).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.body, json!({ "csrf_token": "forged" }));
    // Without the layer the field is not looked at.
    send(
        &app(&manager),
        form("/form", &token, &format!("csrf_token={csrf}")),
    )
    .await
    .assert_refused(401, Some("invalid_token"), "Missing CSRF token");
    // A form too large to search is refused, not buffered.
    let big = format!("csrf_token={csrf}&pad={}", "x".repeat(70 * 1024));
    let reply = send(&with_layer, form("/form", &token, &big)).await;
    assert_eq!(reply.status, 413, "{reply:?}");
    assert_eq!(
        reply.body,
        json!({ "msg": "The form is too large to look for its CSRF token" })
    );
    // The request's size is at fault, not its credentials: no challenge.
    assert!(reply.headers.get("www-authenticate").is_none(), "{reply:?}");
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
            format!("access_token_cookie={access}; Path=/; Secure; HttpOnly; SameSite=Lax"),
            format!(
                "csrf_access_token={}; Path=/; Secure; SameSite=Lax",
                csrf_of(&access)
            ),
            format!(
                "refresh_token_cookie={refresh}; Path=/refresh; Secure; HttpOnly; SameSite=Lax"
            ),
            format!(
                "csrf_refresh_token={}; Path=/; Secure; SameSite=Lax",
                csrf_of(&refresh)
            ),
        ]
    );
    let unset = manager.cookies().unset_all().to_header_values().unwrap();
    let unset: Vec<&str> = unset.iter().map(|v| v.to_str().unwrap()).collect();
    let gone = "Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure";
    assert_eq!(
        unset,
        [
            format!("access_token_cookie=; Path=/; {gone}; HttpOnly; SameSite=Lax"),
            format!("csrf_access_token=; Path=/; {gone}; SameSite=Lax"),
            format!("refresh_token_cookie=; Path=/refresh; {gone}; HttpOnly; SameSite=Lax"),
            format!("csrf_refresh_token=; Path=/; {gone}; SameSite=Lax"),
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
            "at={access}; Path=/app; Domain=example.com; Max-Age="
        )),
        "{token}"
    );
    assert!(token.ends_with("; HttpOnly; SameSite=Strict"), "{token}");
    assert!(
        (598..=600).contains(&max_age(token)),
        "persistent for the token's lifetime: {token}"
    );
    assert!(
        csrf.starts_with(&format!(
            "xt={}; Path=/app; Domain=example.com; Max-Age=",
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

// ---- implicit refresh ---------------------------------------------------

fn refreshing(manager: &JwtManager) -> Router {
    app(manager).layer(manager.implicit_refresh(Duration::from_secs(300)))
}

#[tokio::test]
async fn a_near_expiry_cookie_is_renewed_with_the_same_identity_claims_and_csrf() {
    let manager = build(config());
    let app = refreshing(&manager);
    let near = manager
        .access_token("alice")
        .expires_in(Duration::from_secs(120))
        .fresh(true)
        .claim("role", "admin")
        .mint()
        .unwrap();
    let reply = send(
        &app,
        req(
            Method::GET,
            "/admin",
            &[("access_token_cookie", &near)],
            &[],
        ),
    )
    .await;
    assert_eq!(reply.status, 200);
    let set = set_cookies(&reply);
    assert_eq!(set.len(), 2, "{set:?}");
    let renewed = set[0]
        .strip_prefix("access_token_cookie=")
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    let (old, new) = (payload(&near), payload(renewed));
    assert_eq!(new["sub"], "alice");
    assert_eq!(new["role"], "admin");
    assert_eq!(new["csrf"], old["csrf"]);
    assert_eq!(new["fresh"], false, "renewal does not extend freshness");
    assert_ne!(new["jti"], old["jti"]);
    assert!(new["exp"].as_u64().unwrap() >= now() + 15 * 60 - 5);
    assert_eq!(
        set[1],
        format!(
            "csrf_access_token={}; Path=/; Secure; SameSite=Lax",
            old["csrf"].as_str().unwrap()
        )
    );
    // The renewed token works, also on a state-changing request with the old CSRF value.
    let post = req(
        Method::POST,
        "/whoami",
        &[("access_token_cookie", renewed)],
        &[("x-csrf-token", old["csrf"].as_str().unwrap())],
    );
    let reply = send(&app, post).await;
    assert_eq!((reply.status.as_u16(), &reply.body), (200, &json!("alice")));
}

#[tokio::test]
async fn only_accepted_cookie_tokens_near_expiry_are_renewed_after_success() {
    let manager = build(config());
    let app = refreshing(&manager);
    let near = manager
        .access_token("alice")
        .expires_in(Duration::from_secs(120))
        .mint()
        .unwrap();
    let far = manager.create_access_token("alice").unwrap();
    let cookie = |t: &str| vec![("access_token_cookie", t.to_owned())];
    let get = |uri: &str, cookies: Vec<(&'static str, String)>, headers: &[(&str, &str)]| {
        let cookies: Vec<(&str, &str)> = cookies.iter().map(|(k, v)| (*k, v.as_str())).collect();
        req(Method::GET, uri, &cookies, headers)
    };
    // Far from expiry. (Each answer's status and body are checked too, since a
    // refused request would also set no cookie.)
    let reply = send(&app, get("/whoami", cookie(&far), &[])).await;
    assert_eq!((reply.status.as_u16(), &reply.body), (200, &json!("alice")));
    assert!(set_cookies(&reply).is_empty());
    // An unguarded page does not extend the session.
    let reply = send(&app, get("/public", cookie(&near), &[])).await;
    assert_eq!(
        (reply.status.as_u16(), &reply.body),
        (200, &json!("public"))
    );
    assert!(set_cookies(&reply).is_empty());
    // A refused request (the claims do not match) is not renewed.
    let reply = send(&app, get("/admin", cookie(&near), &[])).await;
    reply.assert_refused(
        403,
        Some("insufficient_scope"),
        "User claims verification failed",
    );
    assert!(set_cookies(&reply).is_empty());
    // A header token cannot be replaced by a cookie.
    let bearer = format!("Bearer {near}");
    let reply = send(
        &app,
        get("/headers-first", vec![], &[("authorization", &bearer)]),
    )
    .await;
    assert_eq!((reply.status.as_u16(), &reply.body), (200, &json!("alice")));
    assert!(set_cookies(&reply).is_empty());
    // A response that sets the access cookie itself keeps its own.
    let reply = send(&app, get("/relogin", cookie(&near), &[])).await;
    assert_eq!(
        (reply.status.as_u16(), &reply.body),
        (200, &json!("relogged"))
    );
    let set = set_cookies(&reply);
    assert_eq!(set.len(), 2, "{set:?}");
    let own = set[0]
        .strip_prefix("access_token_cookie=")
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    assert_eq!(payload(own)["sub"], "bob");
    // An expired cookie is refused, never renewed.
    let expired = manager
        .access_token("alice")
        .issued_at(ago(3600))
        .expires_in(Duration::from_secs(60))
        .mint()
        .unwrap();
    let reply = send(&app, get("/whoami", cookie(&expired), &[])).await;
    reply.assert_refused(401, Some("invalid_token"), "Token has expired");
    assert!(set_cookies(&reply).is_empty());
}
