//! CSRF double submit: which requests must echo the token's `csrf` value (header
//! or form field), the refusals and their kinds, and the settings.

use super::*;

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
