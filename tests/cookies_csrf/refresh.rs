//! Implicit refresh: a near-expiry cookie token accepted by a route is renewed
//! in the response, with the same identity, claims and CSRF value.

use super::*;

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
            "csrf_access_token={}; SameSite=Lax; Secure; Path=/",
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
