//! Named guards (`guard!`) used by `#[require_token(Name, ..)]`, through a real
//! router: one declaration reused by several handlers, extended by a use (both
//! must hold), its path variables bound by each handler's own `Path`, and its
//! token type and freshness kept. The `locations(..)` registration of a named
//! guard is tested in `tests/guard.rs`, a binary whose managers read headers.

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use jwt_guard::{JwtManager, Token, guard, public, require_token};
use serde_json::{Value, json};

use crate::common::*;

guard!(
    /// Administrators only.
    pub AdminOnly = scope(admin = true)
);
guard!(Owner = sub = "username");
guard!(pub(crate) RefreshOnly = refresh);
guard!(OrgOwner = sub = "user", org = "org");
guard!(Maybe = optional);

#[require_token(AdminOnly)]
async fn dashboard() -> &'static str {
    "dashboard"
}

#[require_token(AdminOnly)]
async fn reports(token: Token) -> String {
    format!("reports for {}", token.identity())
}

#[require_token(AdminOnly, claims(verified = true))]
async fn audited() -> &'static str {
    "audited"
}

#[require_token(Owner)]
async fn profile(Path(username): Path<String>) -> String {
    username
}

// The route parameter is `{id}`; the guard compares the handler's `username`.
#[require_token(Owner)]
async fn renamed(Path((_org, username)): Path<(String, String)>) -> String {
    username
}

// The named guard's variable comes first, the local one after it.
#[require_token(Owner, org = "org")]
async fn member(Path((org, username)): Path<(String, String)>) -> String {
    format!("{org}/{username}")
}

// Two variables of the guard, bound in another order than declared.
#[require_token(OrgOwner)]
async fn org_member(Path((user, org)): Path<(String, u64)>) -> String {
    format!("{org}/{user}")
}

#[require_token(AdminOnly, fresh)]
async fn fresh_admin() -> &'static str {
    "fresh admin"
}

#[require_token(RefreshOnly)]
async fn renew(token: Token) -> String {
    token.token_type().to_string()
}

#[require_token(RefreshOnly, refresh, fresh)]
async fn fresh_renew() -> &'static str {
    "fresh renew"
}

#[require_token(Maybe)]
async fn maybe(token: Option<Token>) -> String {
    token.map_or_else(|| "anonymous".to_owned(), |t| t.identity().to_string())
}

// Repeating `optional` on an optional guard changes nothing.
#[require_token(Maybe, optional)]
async fn maybe_again(token: Option<Token>) -> String {
    token.map_or_else(|| "anonymous".to_owned(), |t| t.identity().to_string())
}

#[public]
async fn open() -> &'static str {
    "open"
}

fn app() -> Router {
    Router::new()
        .route("/dashboard", get(dashboard))
        .route("/reports", get(reports))
        .route("/audited", get(audited))
        .route("/profile/{username}", get(profile))
        .route("/renamed/{org}/{id}", get(renamed))
        .route("/member/{org}/{user}", get(member))
        .route("/org_member/{user}/{org}", get(org_member))
        .route("/fresh_admin", get(fresh_admin))
        .route("/renew", get(renew))
        .route("/fresh_renew", get(fresh_renew))
        .route("/open", get(open))
        .route("/maybe", get(maybe))
        .route("/maybe_again", get(maybe_again))
        .layer(manager().layer())
}

fn m() -> JwtManager {
    manager()
}

fn token(sub: &str, claims: &[(&str, Value)]) -> String {
    let manager = m();
    let mut builder = manager.access_token(sub).fresh(false);
    for (name, value) in claims {
        builder = builder.claim(*name, value.clone());
    }
    builder.mint().unwrap()
}

const CLAIMS_FAILED: &str = "User claims verification failed";

#[tokio::test]
async fn one_declaration_guards_several_handlers() {
    let app = app();
    let admin = token("alice", &[("scope", json!({"admin": true}))]);
    let user = token("bob", &[("scope", json!({"admin": false}))]);
    assert_eq!(
        call(&app, "/dashboard", &admin).await.body,
        json!("dashboard")
    );
    assert_eq!(
        call(&app, "/reports", &admin).await.body,
        json!("reports for \"alice\"")
    );
    for uri in ["/dashboard", "/reports"] {
        call(&app, uri, &user)
            .await
            .assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);
        send(&app, request(uri, None)).await.assert_refused(
            401,
            None,
            "Missing Authorization Header",
        );
    }
}

#[tokio::test]
async fn an_extension_adds_requirements() {
    let app = app();
    let both = token(
        "alice",
        &[("scope", json!({"admin": true})), ("verified", json!(true))],
    );
    assert_eq!(call(&app, "/audited", &both).await.body, json!("audited"));
    // Each side failing alone is refused.
    let admin_only = token("alice", &[("scope", json!({"admin": true}))]);
    call(&app, "/audited", &admin_only).await.assert_refused(
        403,
        Some("insufficient_scope"),
        CLAIMS_FAILED,
    );
    let verified_only = token(
        "bob",
        &[
            ("scope", json!({"admin": false})),
            ("verified", json!(true)),
        ],
    );
    call(&app, "/audited", &verified_only).await.assert_refused(
        403,
        Some("insufficient_scope"),
        CLAIMS_FAILED,
    );
    send(&app, request("/audited", None)).await.assert_refused(
        401,
        None,
        "Missing Authorization Header",
    );
    // The declaration itself is unchanged by the extension.
    assert_eq!(
        call(&app, "/dashboard", &admin_only).await.body,
        json!("dashboard")
    );
}

#[tokio::test]
async fn path_variables_come_from_each_handlers_path() {
    let app = app();
    let alice = token("alice", &[("org", json!("acme"))]);
    assert_eq!(
        call(&app, "/profile/alice", &alice).await.body,
        json!("alice")
    );
    call(&app, "/profile/bob", &alice).await.assert_refused(
        403,
        Some("insufficient_scope"),
        CLAIMS_FAILED,
    );
    // `username` is the second element of the handler's tuple, whatever the
    // route calls it.
    assert_eq!(
        call(&app, "/renamed/x/alice", &alice).await.body,
        json!("alice")
    );
    call(&app, "/renamed/alice/bob", &alice)
        .await
        .assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);
}

#[tokio::test]
async fn a_local_path_variable_extends_a_named_one() {
    let app = app();
    let alice = token("alice", &[("org", json!("acme"))]);
    assert_eq!(
        call(&app, "/member/acme/alice", &alice).await.body,
        json!("acme/alice")
    );
    // The guard's variable fails alone, then the local one.
    call(&app, "/member/acme/bob", &alice).await.assert_refused(
        403,
        Some("insufficient_scope"),
        CLAIMS_FAILED,
    );
    call(&app, "/member/other/alice", &alice)
        .await
        .assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);
}

#[tokio::test]
async fn variables_are_found_by_name_not_position() {
    let app = app();
    let alice = token("alice", &[("org", json!(7))]);
    assert_eq!(
        call(&app, "/org_member/alice/7", &alice).await.body,
        json!("7/alice")
    );
    call(&app, "/org_member/alice/8", &alice)
        .await
        .assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);
    call(&app, "/org_member/bob/7", &alice)
        .await
        .assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);
}

#[tokio::test]
async fn fresh_and_token_type_are_kept() {
    let app = app();
    let stale_admin = token("alice", &[("scope", json!({"admin": true}))]);
    call(&app, "/fresh_admin", &stale_admin)
        .await
        .assert_refused(401, Some("invalid_token"), "Fresh token required");
    let fresh_admin = m()
        .access_token("alice")
        .fresh(true)
        .claim("scope", json!({"admin": true}))
        .mint()
        .unwrap();
    assert_eq!(
        call(&app, "/fresh_admin", &fresh_admin).await.body,
        json!("fresh admin")
    );
    // Fresh alone does not stand in for the named guard's scope.
    let fresh_user = m().access_token("bob").fresh(true).mint().unwrap();
    call(&app, "/fresh_admin", &fresh_user)
        .await
        .assert_refused(403, Some("insufficient_scope"), CLAIMS_FAILED);

    let refresh = m().create_refresh_token("alice").unwrap();
    assert_eq!(call(&app, "/renew", &refresh).await.body, json!("refresh"));
    call(&app, "/renew", &fresh_user).await.assert_refused(
        401,
        Some("invalid_token"),
        "Only refresh tokens are allowed",
    );
    // Repeating the guard's own type is allowed; `fresh` adds up.
    call(&app, "/fresh_renew", &refresh).await.assert_refused(
        401,
        Some("invalid_token"),
        "Fresh token required",
    );
    let fresh_refresh = m().refresh_token("alice").fresh(true).mint().unwrap();
    assert_eq!(
        call(&app, "/fresh_renew", &fresh_refresh).await.body,
        json!("fresh renew")
    );
}

#[tokio::test]
async fn a_public_handler_answers_without_a_token() {
    let app = app();
    assert_eq!(send(&app, request("/open", None)).await.body, json!("open"));
}

#[tokio::test]
async fn an_optional_named_guard_lets_anonymous_requests_through() {
    let app = app();
    let alice = token("alice", &[]);
    for uri in ["/maybe", "/maybe_again"] {
        assert_eq!(
            send(&app, request(uri, None)).await.body,
            json!("anonymous")
        );
        assert_eq!(call(&app, uri, &alice).await.body, json!("alice"));
        // A token that is present must still pass.
        let refresh = m().create_refresh_token("alice").unwrap();
        call(&app, uri, &refresh).await.assert_refused(
            401,
            Some("invalid_token"),
            "Only non-refresh tokens are allowed",
        );
    }
}
