//! Where the token is looked for: the configured locations in order, a route's
//! own `locations(..)` (checked against the manager when it is built), and the
//! query string.

use super::*;

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
    assert_eq!(reply.kind, Some(GuardErrorKind::LocationNotEnabled));
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
