//! The error contract (docs/guard-reference.md §4) and header transport (§3b): status,
//! `WWW-Authenticate` and `{"msg", "error"}` for every row.

use crate::common::*;
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jwt_guard::{GuardError, GuardErrorKind, GuardRejection, JwtManager, Token, require_token};
use serde_json::json;

#[require_token]
async fn protected(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

#[require_token(claims(role = "admin"))]
async fn admin() -> &'static str {
    "admin"
}

fn app_with(manager: JwtManager) -> Router {
    Router::new()
        .route("/protected", get(protected))
        .route("/admin", get(admin))
        .layer(manager.layer())
}

fn app() -> Router {
    app_with(manager())
}

fn token() -> String {
    manager().create_access_token("alice").unwrap()
}

#[tokio::test]
async fn no_token_is_401_without_an_error_code() {
    let reply = send(&app(), request("/protected", None)).await;
    reply.assert_refused(401, None, "Missing Authorization Header");
    assert_eq!(reply.body, json!({"msg": "Missing Authorization Header"}));
}

#[tokio::test]
async fn a_header_without_a_bearer_credential_counts_as_no_token() {
    for value in ["Basic dXNlcjpwYXNz", "Token abc", "Bearerabc", ""] {
        send(&app(), get_with_header("/protected", value)).await.assert_refused(
            401,
            None,
            "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'",
        );
    }
}

#[tokio::test]
async fn bearer_scheme_spacing_and_lists() {
    let token = token();
    for value in [
        format!("Bearer {token}"),
        format!("bearer {token}"),
        format!("BEARER    {token}"),
        format!("Basic dXNlcjpwYXNz, Bearer {token}"),
        format!("Bearer {token}, Basic dXNlcjpwYXNz"),
    ] {
        let reply = send(&app(), get_with_header("/protected", &value)).await;
        assert_eq!(reply.status, 200, "{value}");
        assert_eq!(reply.body, json!("alice"));
    }
}

#[tokio::test]
async fn malformed_bearer_requests_are_400_invalid_request() {
    let token = token();
    let cases = [
        (
            "Bearer".to_owned(),
            "The Authorization header has the 'Bearer' scheme but no token",
        ),
        (
            "Bearer   ".to_owned(),
            "The Authorization header has the 'Bearer' scheme but no token",
        ),
        (
            format!("Bearer {token}, Bearer {token}"),
            "Several Bearer tokens in the request; send exactly one",
        ),
        (
            format!("Bearer {token} extra"),
            "The Authorization header has more than one word after 'Bearer'; send one token",
        ),
        (
            format!("Bearer\t{token}"),
            "The Authorization header separates 'Bearer' from its token with a tab; use a space",
        ),
    ];
    for (value, msg) in cases {
        send(&app(), get_with_header("/protected", &value))
            .await
            .assert_refused(400, Some("invalid_request"), msg);
    }
}

const NOT_B64TOKEN: &str = "The Authorization header's Bearer credential is not one token of \
     RFC 6750 syntax (letters, digits, '-', '.', '_', '~', '+', '/', then any '=')";

/// RFC 6750 §2.1: `credentials = "Bearer" 1*SP b64token`. Anything else after
/// the scheme is a malformed request, refused before the token is decoded.
#[tokio::test]
async fn credentials_outside_b64token_are_400_invalid_request() {
    let token = token();
    let (header, rest) = token.split_once('.').unwrap();
    for value in [
        format!("Bearer \"{token}\""),
        format!("Bearer {header}=.{rest}"),
        format!("Bearer {token};"),
        format!("Bearer {token}\\"),
        format!("Bearer realm=\"api\", token=\"{token}\""),
        format!("Bearer token={token}"),
        format!("Basic dXNlcjpwYXNz, Bearer <{token}>"),
    ] {
        send(&app(), get_with_header("/protected", &value))
            .await
            .assert_refused(400, Some("invalid_request"), NOT_B64TOKEN);
    }
    // Every b64token character, and trailing '=', reach the decoder.
    send(&app(), get_with_header("/protected", "Bearer aZ09-._~+/=="))
        .await
        .assert_refused(401, Some("invalid_token"), "Not enough segments");
}

/// RFC 7235 §2.1: a comma inside another scheme's quoted-string (escaped
/// quotes included) separates nothing, so a `Bearer` written there is part of
/// that parameter, not a credential of its own.
#[tokio::test]
async fn a_bearer_token_inside_another_schemes_parameter_is_no_credential() {
    let token = token();
    let missing =
        "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'";
    for value in [
        format!("Foo realm=\"x, Bearer {token}, y\""),
        format!("Foo realm=\"x\\\", Bearer {token}, y\""),
        format!("Foo realm=\"x\\\\\\\", Bearer {token}\""),
        format!("Basic dXNlcjpwYXNz, Foo a=b, Bearer={token}"),
        format!("Foo a=\"\", b = \"Bearer {token}\""),
    ] {
        send(&app(), get_with_header("/protected", &value))
            .await
            .assert_refused(401, None, missing);
    }
    // The credential that follows another's parameters is still found.
    for value in [
        format!("Digest username=\"a, Bearer b\", realm=\"r\\\"\", Bearer {token}"),
        format!("Foo a=\"Bearer x\", Bearer {token}, Basic dXNlcjpwYXNz"),
    ] {
        let reply = send(&app(), get_with_header("/protected", &value)).await;
        assert_eq!(
            (reply.status, reply.body),
            (StatusCode::OK, json!("alice")),
            "{value}"
        );
    }
}

/// A list whose quoted strings do not close cannot be split into credentials:
/// when it mentions Bearer, the guard cannot tell whether it holds a token.
#[tokio::test]
async fn an_unparsable_list_that_mentions_bearer_is_400() {
    let token = token();
    send(
        &app(),
        get_with_header("/protected", &format!("Foo realm=\"x, Bearer {token}")),
    )
    .await
    .assert_refused(
        400,
        Some("invalid_request"),
        "The Authorization header is not a list of RFC 7235 credentials (a quoted string is not \
         closed at byte 10), so whether it holds a Bearer token cannot be told",
    );
    send(
        &app(),
        get_with_header("/protected", "Foo realm=\"x, Basic y"),
    )
    .await
    .assert_refused(
        401,
        None,
        "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'",
    );
}

/// The 400/401 line: a malformed request is 400, a malformed token 401, even
/// when the token is at fault for its size or its nesting and came in the
/// `Authorization` header.
#[tokio::test]
async fn a_token_over_a_limit_in_the_header_is_401_invalid_token() {
    let manager = manager();
    let long = manager
        .access_token("alice")
        .claim("pad", "x".repeat(9000))
        .mint()
        .unwrap();
    call(&app(), "/protected", &long).await.assert_refused(
        401,
        Some("invalid_token"),
        "The token is longer than 8192 bytes",
    );
    let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
    let nested = manager
        .access_token("alice")
        .claim(
            "n",
            serde_json::from_str::<serde_json::Value>(&deep).unwrap(),
        )
        .mint()
        .unwrap();
    call(&app(), "/protected", &nested).await.assert_refused(
        401,
        Some("invalid_token"),
        "Invalid payload string: nested deeper than 16 levels",
    );
    let jti = sign(&with(
        claims("alice", "access"),
        "jti",
        json!("j".repeat(300)),
    ));
    call(&app(), "/protected", &jti).await.assert_refused(
        401,
        Some("invalid_token"),
        "The \"jti\" claim is longer than 256 bytes",
    );
}

#[tokio::test]
async fn two_authorization_headers_with_tokens_are_ambiguous() {
    let token = token();
    let req = Request::get("/protected")
        .header("authorization", format!("Bearer {token}"))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    send(&app(), req).await.assert_refused(
        400,
        Some("invalid_request"),
        "Several Bearer tokens in the request; send exactly one",
    );
}

#[tokio::test]
async fn non_ascii_header_bytes_are_400() {
    let req = Request::get("/protected")
        .header(
            "authorization",
            axum::http::HeaderValue::from_bytes(b"Bearer \xff\xfe").unwrap(),
        )
        .body(Body::empty())
        .unwrap();
    send(&app(), req).await.assert_refused(
        400,
        Some("invalid_request"),
        "The Authorization header holds bytes that are not visible ASCII",
    );
}

#[tokio::test]
async fn invalid_tokens_are_401_invalid_token() {
    let reply = call(&app(), "/protected", "a.b").await;
    reply.assert_refused(401, Some("invalid_token"), "Not enough segments");
    assert_eq!(
        reply.challenge(),
        r#"Bearer error="invalid_token", error_description="Not enough segments""#
    );
    let mut tampered = token();
    tampered.push('A');
    call(&app(), "/protected", &tampered).await.assert_refused(
        401,
        Some("invalid_token"),
        "Signature verification failed",
    );
}

#[tokio::test]
async fn unsatisfied_claims_are_403_insufficient_scope() {
    let reply = call(&app(), "/admin", &token()).await;
    reply.assert_refused(
        403,
        Some("insufficient_scope"),
        "User claims verification failed",
    );
    let ok = manager()
        .access_token("a")
        .claim("role", "admin")
        .mint()
        .unwrap();
    assert_eq!(call(&app(), "/admin", &ok).await.status, 200);
}

#[tokio::test]
async fn the_realm_is_named_in_challenges() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .realm("api")
        .build()
        .unwrap();
    let reply = send(&app_with(manager.clone()), request("/protected", None)).await;
    assert_eq!(reply.challenge(), r#"Bearer realm="api""#);
    let reply = call(&app_with(manager), "/protected", "x.y.z").await;
    assert!(
        reply
            .challenge()
            .starts_with(r#"Bearer realm="api", error="invalid_token""#)
    );
}

#[tokio::test]
async fn the_header_name_and_scheme_are_configurable() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .header_name(HeaderName::from_static("x-api-token"))
        .header_scheme("JWT")
        .build()
        .unwrap();
    let token = manager.create_access_token("alice").unwrap();
    let app = app_with(manager);
    let req = Request::get("/protected")
        .header("x-api-token", format!("jwt {token}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, req).await.status, 200);
    // The Authorization header is no longer a location.
    send(&app, request("/protected", Some(&token)))
        .await
        .assert_refused(401, None, "Missing x-api-token Header");

    let raw = JwtManager::builder()
        .secret(SECRET)
        .header_scheme("")
        .build()
        .unwrap();
    let token = raw.create_access_token("alice").unwrap();
    let req = Request::get("/protected")
        .header("authorization", token)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app_with(raw), req).await.status, 200);
}

#[tokio::test]
async fn every_response_is_replaceable() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .on_error(|err| match err.kind() {
            GuardErrorKind::Expired => (
                StatusCode::UNAUTHORIZED,
                "The token has expired, log in again",
            )
                .into_response(),
            GuardErrorKind::InsufficientClaims => {
                (StatusCode::NOT_FOUND, "no such page").into_response()
            }
            _ => err.clone().into_response(),
        })
        .build()
        .unwrap();
    let app = app_with(manager.clone());
    let expired = manager
        .access_token("a")
        .issued_at(ago(3600))
        .mint()
        .unwrap();
    let reply = call(&app, "/protected", &expired).await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, json!("The token has expired, log in again"));
    let reply = call(&app, "/admin", &manager.create_access_token("a").unwrap()).await;
    assert_eq!(
        (reply.status.as_u16(), reply.body.clone()),
        (404, json!("no such page"))
    );
    // Other kinds keep the default.
    send(&app, request("/protected", None))
        .await
        .assert_refused(401, None, "Missing Authorization Header");
}

async fn unguarded(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

/// Passes every refusal on, after reading it as data.
async fn by_hand(token: Result<Token, GuardRejection>) -> Response {
    match token {
        Ok(token) => unguarded(token).await.into_response(),
        Err(rejection) => {
            assert_eq!(rejection.to_string(), rejection.error().msg());
            let kind = rejection.error().kind();
            let res = rejection.into_response();
            // The default response carries the same error; a replaced one may not.
            let carried = res.extensions().get::<GuardError>().map(GuardError::kind);
            assert!(
                carried.is_none() || carried == Some(kind),
                "{carried:?} {kind:?}"
            );
            res
        }
    }
}

#[tokio::test]
async fn a_handler_that_takes_the_rejection_answers_it_byte_for_byte() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .realm("api")
        .on_error(|err| match err.kind() {
            GuardErrorKind::Expired => (StatusCode::UNAUTHORIZED, "log in again").into_response(),
            _ => err.clone().into_response(),
        })
        .build()
        .unwrap();
    let app = Router::new()
        .route("/extractor", get(unguarded))
        .route("/by_hand", get(by_hand))
        .layer(manager.layer());
    let expired = manager
        .access_token("a")
        .issued_at(ago(3600))
        .mint()
        .unwrap();
    let cases = [
        None,
        Some(expired),
        Some("not.a.token".to_owned()),
        Some(manager.create_refresh_token("a").unwrap()),
        Some(manager.create_access_token("alice").unwrap()),
    ];
    for token in &cases {
        let want = send(&app, request("/extractor", token.as_deref())).await;
        let got = send(&app, request("/by_hand", token.as_deref())).await;
        assert_eq!(
            (got.status, &got.headers, &got.body),
            (want.status, &want.headers, &want.body),
            "{token:?}"
        );
    }
    // Without a manager on the request, the default 500.
    let bare = Router::new().route("/by_hand", get(by_hand));
    let reply = send(&bare, request("/by_hand", None)).await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.kind, Some(GuardErrorKind::ManagerMissing));
}
