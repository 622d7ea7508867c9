//! Every row of the guard grammar (docs/guard-reference.md §1), accepted and refused,
//! through a real router.
//!
//! A test binary of its own, not a module of `tests/suite`: `build()` checks every
//! `locations(..)` route linked into the binary, and the `locations(headers)` route
//! here would refuse the cookie-only managers built there.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::Request;
use axum::routing::{get, post};
use axum::{Json, Router};
use common::*;
use jwt_guard::{Claims, GuardErrorKind, JwtManager, Token, require_token};
use serde::Deserialize;
use serde_json::{Value, json};

#[require_token]
async fn plain(token: Token) -> String {
    format!("{} {}", token.identity(), token.token_type())
}

#[require_token(refresh)]
async fn refresh_only(token: Token) -> String {
    token.token_type().to_string()
}

#[require_token(fresh)]
async fn fresh_only() -> &'static str {
    "fresh"
}

#[require_token(refresh, fresh)]
async fn fresh_refresh() -> &'static str {
    "fresh refresh"
}

#[require_token(optional)]
async fn maybe(token: Option<Token>) -> String {
    token.map_or_else(|| "anonymous".to_owned(), |t| t.identity().to_string())
}

#[require_token(any_type)]
async fn either(token: Token) -> String {
    token.token_type().to_string()
}

#[require_token(sub = "username")]
async fn single(Path(username): Path<String>) -> String {
    username
}

#[require_token(org = "org", sub = "user")]
async fn tuple(Path((org, user)): Path<(String, u64)>) -> String {
    format!("{org}/{user}")
}

#[derive(Deserialize)]
struct Params {
    username: String,
    #[allow(dead_code)]
    tab: String,
}

#[require_token(sub = "username")]
async fn structured(Path(Params { username, .. }): Path<Params>) -> String {
    username
}

#[require_token(sub = "who")]
async fn renamed(Path(Params { username: who, .. }): Path<Params>) -> String {
    who
}

#[require_token(claims(role = "admin", level = 3, org.id = 7, roles = ["admin", "ops"]))]
async fn literal_claims() -> &'static str {
    "claims"
}

#[require_token(claims(type = "access", active = true, delta = -2))]
async fn keyword_claim() -> &'static str {
    "keyword"
}

#[require_token(scope(admin = true, perm.read = true, groups = ["a"]))]
async fn scope_map() -> &'static str {
    "scope map"
}

#[require_token(scope("read:users", "write"))]
async fn scope_list() -> &'static str {
    "scope list"
}

#[require_token(any(scope(admin = true), sub = "username"))]
async fn admin_or_owner(Path(username): Path<String>) -> String {
    username
}

#[require_token(all(claims(team = "red"), not(claims(banned = true))))]
async fn composed() -> &'static str {
    "composed"
}

#[require_token(locations(headers))]
async fn header_only() -> &'static str {
    "header"
}

#[require_token]
async fn with_body(State(prefix): State<String>, Json(body): Json<Value>) -> String {
    format!("{prefix}{}", body["n"])
}

#[derive(Deserialize)]
struct MyClaims {
    sub: String,
    level: u8,
}

#[require_token]
async fn typed(Claims(claims): Claims<MyClaims>) -> String {
    format!("{}:{}", claims.sub, claims.level)
}

/// `Token` with no guard verifies an access token by itself.
async fn unguarded(token: Token) -> String {
    token.identity().to_string()
}

fn app() -> Router {
    Router::new()
        .route("/plain", get(plain))
        .route("/refresh", get(refresh_only))
        .route("/fresh", get(fresh_only))
        .route("/fresh_refresh", get(fresh_refresh))
        .route("/maybe", get(maybe))
        .route("/either", get(either))
        .route("/single/{username}", get(single))
        .route("/tuple/{org}/{user}", get(tuple))
        .route("/struct/{tab}/{username}", get(structured))
        .route("/renamed/{tab}/{username}", get(renamed))
        .route("/claims", get(literal_claims))
        .route("/keyword", get(keyword_claim))
        .route("/scope_map", get(scope_map))
        .route("/scope_list", get(scope_list))
        .route("/admin_or_owner/{username}", get(admin_or_owner))
        .route("/composed", get(composed))
        .route("/header_only", get(header_only))
        .route("/body", post(with_body))
        .route("/typed", get(typed))
        .route("/unguarded", get(unguarded))
        .with_state("n=".to_owned())
        .layer(manager().layer())
}

fn m() -> JwtManager {
    manager()
}

fn access(sub: &str) -> String {
    m().access_token(sub).mint().unwrap()
}

fn access_with(sub: &str, name: &str, value: Value) -> String {
    m().access_token(sub).claim(name, value).mint().unwrap()
}

fn refresh(sub: &str) -> String {
    m().create_refresh_token(sub).unwrap()
}

const ONLY_ACCESS: &str = "Only non-refresh tokens are allowed";
const ONLY_REFRESH: &str = "Only refresh tokens are allowed";
const CLAIMS_FAILED: &str = "User claims verification failed";

#[tokio::test]
async fn bare_guard_takes_access_tokens_only() {
    let app = app();
    let ok = call(&app, "/plain", &access("alice")).await;
    assert_eq!(ok.body, json!("\"alice\" access"));
    call(&app, "/plain", &refresh("alice"))
        .await
        .assert_refused(401, Some("invalid_token"), ONLY_ACCESS);
    send(&app, request("/plain", None)).await.assert_refused(
        401,
        None,
        "Missing Authorization Header",
    );
}

#[tokio::test]
async fn refresh_takes_refresh_tokens_only() {
    let app = app();
    assert_eq!(
        call(&app, "/refresh", &refresh("alice")).await.body,
        json!("refresh")
    );
    call(&app, "/refresh", &access("alice"))
        .await
        .assert_refused(401, Some("invalid_token"), ONLY_REFRESH);
}

#[tokio::test]
async fn fresh_needs_a_fresh_token() {
    let app = app();
    let fresh = m().create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/fresh", &fresh).await.status, 200);
    let stale = m().access_token("alice").fresh(false).mint().unwrap();
    call(&app, "/fresh", &stale).await.assert_refused(
        401,
        Some("invalid_token"),
        "Fresh token required",
    );
}

#[tokio::test]
async fn fresh_as_a_duration_expires() {
    let app = app();
    let still = m()
        .access_token("alice")
        .fresh(Duration::from_secs(300))
        .mint()
        .unwrap();
    assert_eq!(call(&app, "/fresh", &still).await.status, 200);
    let lapsed = m()
        .access_token("alice")
        .fresh(Duration::from_secs(60))
        .issued_at(ago(120))
        .mint()
        .unwrap();
    call(&app, "/fresh", &lapsed).await.assert_refused(
        401,
        Some("invalid_token"),
        "Fresh token required",
    );
}

#[tokio::test]
async fn refresh_and_fresh_combine() {
    let app = app();
    let fresh_refresh = m().refresh_token("alice").fresh(true).mint().unwrap();
    assert_eq!(
        call(&app, "/fresh_refresh", &fresh_refresh).await.status,
        200
    );
    call(&app, "/fresh_refresh", &refresh("alice"))
        .await
        .assert_refused(401, Some("invalid_token"), "Fresh token required");
    call(
        &app,
        "/fresh_refresh",
        &m().create_access_token("alice").unwrap(),
    )
    .await
    .assert_refused(401, Some("invalid_token"), ONLY_REFRESH);
}

#[tokio::test]
async fn optional_forgives_only_absence() {
    let app = app();
    assert_eq!(
        send(&app, request("/maybe", None)).await.body,
        json!("anonymous")
    );
    let basic = send(&app, get_with_header("/maybe", "Basic dXNlcjpwYXNz")).await;
    assert_eq!(basic.body, json!("anonymous"));
    assert_eq!(
        call(&app, "/maybe", &access("alice")).await.body,
        json!("alice")
    );
    call(&app, "/maybe", "garbage").await.assert_refused(
        401,
        Some("invalid_token"),
        "Not enough segments",
    );
    call(&app, "/maybe", &refresh("alice"))
        .await
        .assert_refused(401, Some("invalid_token"), ONLY_ACCESS);
    send(&app, get_with_header("/maybe", "Bearer"))
        .await
        .assert_refused(
            400,
            Some("invalid_request"),
            "The Authorization header has the 'Bearer' scheme but no token",
        );
}

#[tokio::test]
async fn any_type_takes_both() {
    let app = app();
    assert_eq!(
        call(&app, "/either", &access("a")).await.body,
        json!("access")
    );
    assert_eq!(
        call(&app, "/either", &refresh("a")).await.body,
        json!("refresh")
    );
}

#[tokio::test]
async fn single_path_binding() {
    let app = app();
    assert_eq!(
        call(&app, "/single/alice", &access("alice")).await.body,
        json!("alice")
    );
    call(&app, "/single/bob", &access("alice"))
        .await
        .assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);
}

#[tokio::test]
async fn tuple_binding_and_the_canonical_text_rule() {
    let app = app();
    let token = m().access_token("42").claim("org", "acme").mint().unwrap();
    assert_eq!(
        call(&app, "/tuple/acme/42", &token).await.body,
        json!("acme/42")
    );
    // The handler receives 42 for "042", and "42" is that number's canonical text.
    assert_eq!(
        call(&app, "/tuple/acme/042", &token).await.body,
        json!("acme/42")
    );
    call(&app, "/tuple/acme/43", &token).await.assert_refused(
        403,
        Some("insufficient_scope"),
        CLAIMS_FAILED,
    );
    call(&app, "/tuple/other/42", &token).await.assert_refused(
        403,
        Some("insufficient_scope"),
        CLAIMS_FAILED,
    );
    // A path the handler could not parse is the handler's own 400 (axum's
    // rejection, no challenge), after the token checks: a bad token still
    // gets the guard's 401.
    let reply = call(&app, "/tuple/acme/abc", &token).await;
    assert_eq!(reply.status, 400, "{reply:?}");
    // axum's plain-text rejection names the value it could not parse.
    let text = reply.body.as_str().unwrap_or_default();
    assert!(
        text.starts_with("Invalid URL") && text.contains("`abc`"),
        "{reply:?}"
    );
    assert!(reply.headers.get("www-authenticate").is_none(), "{reply:?}");
    call(&app, "/tuple/acme/abc", "not-a-token")
        .await
        .assert_refused(401, Some("invalid_token"), "Not enough segments");
    // A numeric org claim is not the string the handler receives.
    let numeric = m().access_token("42").claim("org", 7).mint().unwrap();
    call(&app, "/tuple/7/42", &numeric).await.assert_refused(
        403,
        Some("insufficient_scope"),
        CLAIMS_FAILED,
    );
}

#[tokio::test]
async fn struct_bindings_by_field() {
    let app = app();
    assert_eq!(
        call(&app, "/struct/x/alice", &access("alice")).await.body,
        json!("alice")
    );
    call(&app, "/struct/alice/bob", &access("alice"))
        .await
        .assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);
    assert_eq!(
        call(&app, "/renamed/x/alice", &access("alice")).await.body,
        json!("alice")
    );
    call(&app, "/renamed/x/bob", &access("alice"))
        .await
        .assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);
}

#[tokio::test]
async fn literal_claims_are_strict() {
    let app = app();
    let good = m()
        .access_token("a")
        .claim("role", "admin")
        .claim("level", 3)
        .claim("org", json!({"id": 7}))
        .claim("roles", json!(["ops", "dev", "admin"]))
        .mint()
        .unwrap();
    assert_eq!(call(&app, "/claims", &good).await.status, 200);
    let variants = [
        ("level", json!(3.0)),
        ("level", json!("3")),
        ("org", json!({"id": "7"})),
        ("roles", json!(["admin"])),
        ("roles", json!("admin ops")),
        ("role", json!("Admin")),
    ];
    for (name, value) in variants {
        let mut claims =
            json!({"role": "admin", "level": 3, "org": {"id": 7}, "roles": ["admin", "ops"]});
        claims[name] = value.clone();
        let token = claims
            .as_object()
            .unwrap()
            .iter()
            .fold(m().access_token("a"), |t, (k, v)| {
                t.claim(k.clone(), v.clone())
            })
            .mint()
            .unwrap();
        let reply = call(&app, "/claims", &token).await;
        assert_eq!(reply.status, 403, "{name} = {value}");
    }
}

#[tokio::test]
async fn claims_may_be_named_like_keywords_and_be_negative() {
    let app = app();
    let token = m()
        .access_token("a")
        .claim("active", true)
        .claim("delta", -2)
        .mint()
        .unwrap();
    assert_eq!(call(&app, "/keyword", &token).await.status, 200);
    let wrong = m()
        .access_token("a")
        .claim("active", true)
        .claim("delta", 2)
        .mint()
        .unwrap();
    assert_eq!(call(&app, "/keyword", &wrong).await.status, 403);
}

#[tokio::test]
async fn scope_map_form() {
    let app = app();
    let scope = json!({"admin": true, "perm": {"read": true}, "groups": ["b", "a"]});
    assert_eq!(
        call(&app, "/scope_map", &access_with("a", "scope", scope))
            .await
            .status,
        200
    );
    for bad in [
        json!({"admin": true, "perm": {"read": false}, "groups": ["a"]}),
        json!({"admin": 1, "perm": {"read": true}, "groups": ["a"]}),
        json!({"admin": true, "groups": ["a"]}),
        json!("admin"),
    ] {
        let reply = call(&app, "/scope_map", &access_with("a", "scope", bad.clone())).await;
        reply.assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);
    }
    call(&app, "/scope_map", &access("a")).await.assert_refused(
        403,
        Some("insufficient_scope"),
        CLAIMS_FAILED,
    );
}

#[tokio::test]
async fn scope_list_form() {
    let app = app();
    for scope in [
        json!("write read:users"),
        json!(["read:users", "write", "x"]),
    ] {
        assert_eq!(
            call(&app, "/scope_list", &access_with("a", "scope", scope))
                .await
                .status,
            200
        );
    }
    for scope in [
        json!("read:users"),
        json!(["write"]),
        json!("read:users,write"),
        json!({"write": true}),
    ] {
        assert_eq!(
            call(&app, "/scope_list", &access_with("a", "scope", scope))
                .await
                .status,
            403
        );
    }
}

#[tokio::test]
async fn any_all_not_compose() {
    let app = app();
    let admin = access_with("root", "scope", json!({"admin": true}));
    assert_eq!(
        call(&app, "/admin_or_owner/alice", &admin).await.status,
        200
    );
    assert_eq!(
        call(&app, "/admin_or_owner/alice", &access("alice"))
            .await
            .status,
        200
    );
    assert_eq!(
        call(&app, "/admin_or_owner/alice", &access("bob"))
            .await
            .status,
        403
    );

    let red = access_with("a", "team", json!("red"));
    assert_eq!(call(&app, "/composed", &red).await.status, 200);
    let banned = m()
        .access_token("a")
        .claim("team", "red")
        .claim("banned", true)
        .mint()
        .unwrap();
    assert_eq!(call(&app, "/composed", &banned).await.status, 403);
    let not_banned = m()
        .access_token("a")
        .claim("team", "red")
        .claim("banned", false)
        .mint()
        .unwrap();
    assert_eq!(call(&app, "/composed", &not_banned).await.status, 200);
    assert_eq!(
        call(&app, "/composed", &access_with("a", "team", json!("blue")))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn locations_headers_reads_the_header() {
    let app = app();
    assert_eq!(call(&app, "/header_only", &access("a")).await.status, 200);
    assert_eq!(send(&app, request("/header_only", None)).await.status, 401);
}

#[tokio::test]
async fn a_refused_request_never_has_its_body_read() {
    let app = app();
    let not_json = Request::post("/body")
        .header("content-type", "text/plain")
        .body(Body::from("{{{"))
        .unwrap();
    send(&app, not_json)
        .await
        .assert_refused(401, None, "Missing Authorization Header");
    let good = post_json("/body", Some(&access("a")), json!({"n": 5}));
    assert_eq!(send(&app, good).await.body, json!("n=5"));
}

#[tokio::test]
async fn typed_claims_and_unguarded_token() {
    let app = app();
    let token = access_with("alice", "level", json!(4));
    assert_eq!(call(&app, "/typed", &token).await.body, json!("alice:4"));
    call(&app, "/typed", &access("alice")).await.assert_refused(
        401,
        Some("invalid_token"),
        "Token claims do not have the expected shape: missing field `level`",
    );
    assert_eq!(
        call(&app, "/unguarded", &access("alice")).await.body,
        json!("alice")
    );
    call(&app, "/unguarded", &refresh("alice"))
        .await
        .assert_refused(401, Some("invalid_token"), ONLY_ACCESS);
    send(&app, request("/unguarded", None))
        .await
        .assert_refused(401, None, "Missing Authorization Header");
}

#[tokio::test]
async fn a_forgotten_manager_is_a_500_not_an_open_door() {
    let app: Router = Router::new().route("/plain", get(plain));
    let reply = send(&app, request("/plain", Some(&access("a")))).await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.body["error"], "server_error");
    assert_eq!(reply.kind, Some(GuardErrorKind::ManagerMissing));
}

// ---- path values with no JSON form ------------------------------------------

#[require_token(tenant = "t")]
async fn float_tenant(Path(t): Path<f64>) -> String {
    t.to_string()
}

#[require_token(not(tenant = "t"))]
async fn other_tenant(Path(t): Path<f64>) -> String {
    t.to_string()
}

/// serde_json writes a non-finite `f64` as `null`; such a path value must
/// match nothing, and a requirement using it refuses the request, even under
/// `not(..)`.
#[tokio::test]
async fn a_path_value_with_no_json_form_matches_nothing() {
    let app = Router::new()
        .route("/t/{t}", get(float_tenant))
        .route("/not/{t}", get(other_tenant))
        .layer(manager().layer());
    let null = access_with("alice", "tenant", Value::Null);
    let acme = access_with("alice", "tenant", json!("acme"));
    for value in ["NaN", "inf", "-inf", "infinity"] {
        for token in [&null, &acme] {
            for route in ["t", "not"] {
                call(&app, &format!("/{route}/{value}"), token)
                    .await
                    .assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);
            }
        }
    }
    // Finite values still bind.
    let two_and_a_half = access_with("alice", "tenant", json!(2.5));
    assert_eq!(call(&app, "/t/2.5", &two_and_a_half).await.body, json!(2.5));
    call(&app, "/t/3", &two_and_a_half).await.assert_refused(
        403,
        Some("insufficient_scope"),
        CLAIMS_FAILED,
    );
    assert_eq!(call(&app, "/not/3", &two_and_a_half).await.body, json!(3));
    assert_eq!(call(&app, "/not/3", &null).await.body, json!(3));
    call(&app, "/not/2.5", &two_and_a_half)
        .await
        .assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);
}

// ---- the configured scope claim ----------------------------------------------

/// Both `scope(..)` forms read `JwtConfig::scope_claim`, not a fixed `scope`.
#[tokio::test]
async fn both_scope_forms_read_the_configured_claim() {
    let manager = JwtManager::builder()
        .secret(SECRET)
        .scope_claim("permissions")
        .build()
        .unwrap();
    let app = Router::new()
        .route("/scope_map", get(scope_map))
        .route("/scope_list", get(scope_list))
        .layer(manager.layer());
    let map = json!({"admin": true, "perm": {"read": true}, "groups": ["a"]});
    let list = json!("read:users write");
    let mint = |name: &str, value: &Value| {
        manager
            .access_token("a")
            .claim(name, value.clone())
            .mint()
            .unwrap()
    };
    for (route, value) in [("/scope_map", &map), ("/scope_list", &list)] {
        assert_eq!(
            call(&app, route, &mint("permissions", value)).await.status,
            200,
            "{route}"
        );
        // The right values under the default name only.
        call(&app, route, &mint("scope", value))
            .await
            .assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);
    }
}
