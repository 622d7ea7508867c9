//! Path variables of a router guard, taken from the matched route's
//! parameters: match, mismatch (403), a route without the parameter (500
//! whose log names the fix), segments compared as text.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::get;
use jwt_guard::GuardErrorKind;
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use super::guards::{NotOwnUser, OwnUser, TenantMember};
use super::whoami;
use crate::common::*;

fn users(layer: Router) -> Router {
    layer.layer(manager().layer())
}

#[tokio::test]
async fn the_claim_must_equal_the_routes_parameter() {
    let app = users(
        Router::new()
            .route("/users/{username}", get(whoami))
            .route("/users/{username}/posts/{post}", get(whoami))
            .layer(OwnUser::layer()),
    );
    let alice = manager().create_access_token("alice").unwrap();
    assert_eq!(call(&app, "/users/alice", &alice).await.body, "alice");
    assert_eq!(
        call(&app, "/users/alice/posts/3", &alice).await.body,
        "alice"
    );
    call(&app, "/users/bob", &alice).await.assert_refused(
        403,
        Some("insufficient_scope"),
        "User claims verification failed",
    );
    assert_eq!(call(&app, "/users/bob/posts/3", &alice).await.status, 403);
    // Authentication comes first.
    assert_eq!(send(&app, request("/users/alice", None)).await.status, 401);
}

#[tokio::test]
async fn segments_are_percent_decoded_text() {
    let app = users(
        Router::new()
            .route("/users/{username}", get(whoami))
            .layer(OwnUser::layer()),
    );
    let spaced = manager().create_access_token("a b/é").unwrap();
    assert_eq!(
        call(&app, "/users/a%20b%2F%C3%A9", &spaced).await.status,
        200
    );
    assert_eq!(call(&app, "/users/a%20b", &spaced).await.status, 403);
    // Not valid UTF-8 once decoded: a bad request, not a match.
    let odd = call(&app, "/users/%FF", &spaced).await;
    assert_eq!(
        (odd.status.as_u16(), odd.kind),
        (400, Some(GuardErrorKind::InvalidRequest))
    );
}

#[tokio::test]
async fn a_segment_never_equals_a_number_or_bool_claim() {
    // Decided: a segment is text. `"42"` matches `/t/42`; `42` does not
    // (`042`, `42.0` would each need a rule): fail closed.
    let app = users(
        Router::new()
            .route("/t/{tenant}", get(whoami))
            .layer(TenantMember::layer()),
    );
    let manager = manager();
    let mint = |tenant| {
        manager
            .access_token("alice")
            .claim("tenant", tenant)
            .mint()
            .unwrap()
    };
    assert_eq!(call(&app, "/t/42", &mint(json!("42"))).await.status, 200);
    assert_eq!(call(&app, "/t/42", &mint(json!(42))).await.status, 403);
    assert_eq!(call(&app, "/t/042", &mint(json!("42"))).await.status, 403);
    assert_eq!(call(&app, "/t/true", &mint(json!(true))).await.status, 403);
    assert_eq!(
        call(&app, "/t/true", &mint(json!("true"))).await.status,
        200
    );
}

#[tokio::test]
async fn a_parameter_of_the_outer_nest_binds_too() {
    let docs = Router::new()
        .route("/docs", get(whoami))
        .route("/docs/{id}", get(whoami))
        .layer(TenantMember::layer());
    let app = users(Router::new().nest("/t/{tenant}", docs));
    let manager = manager();
    let acme = manager
        .access_token("alice")
        .claim("tenant", "acme")
        .mint()
        .unwrap();
    assert_eq!(call(&app, "/t/acme/docs", &acme).await.status, 200);
    assert_eq!(call(&app, "/t/acme/docs/9", &acme).await.status, 200);
    assert_eq!(call(&app, "/t/other/docs", &acme).await.status, 403);
}

#[tokio::test(flavor = "current_thread")]
async fn a_route_without_the_parameter_is_a_500_whose_log_names_the_fix() {
    let logs = Logs::default();
    let _scope = tracing::subscriber::set_default(logs.clone());
    // `NotOwnUser` is `not(sub = "username")`: a missing variable must not
    // let it pass by evaluating to "not equal".
    let app = users(
        Router::new()
            .route("/users/{username}", get(whoami))
            .route("/accounts/{id}", get(whoami))
            .route("/about", get(whoami))
            .layer(OwnUser::layer()),
    );
    let not_own = users(
        Router::new()
            .route("/accounts/{id}", get(whoami))
            .route_layer(NotOwnUser::layer()),
    );
    let alice = manager().create_access_token("alice").unwrap();
    for (app, uri, guard, route) in [
        (&app, "/accounts/alice", "OwnUser", "/accounts/{id}"),
        (&app, "/about", "OwnUser", "/about"),
        (&not_own, "/accounts/bob", "NotOwnUser", "/accounts/{id}"),
    ] {
        let reply = call(app, uri, &alice).await;
        assert_eq!(reply.status, 500, "{uri}");
        assert_eq!(reply.kind, Some(GuardErrorKind::RouteParamMissing), "{uri}");
        assert_eq!(reply.body["error"], "server_error");
        // The client learns nothing of the server's set-up; the log says it all.
        assert_eq!(
            reply.msg(),
            "Authentication is not configured on this server"
        );
        let line = logs.take().pop().unwrap_or_default();
        for part in [
            format!("guard `{guard}`"),
            "path parameter `username`".to_owned(),
            format!("route `{route}`"),
            "name the route's parameter `{username}`".to_owned(),
        ] {
            assert!(line.contains(&part), "{part:?} in {line}");
        }
    }
    // The application's mistake shows on any request, with a token or not.
    let anonymous = send(&app, request("/about", None)).await;
    assert_eq!(anonymous.kind, Some(GuardErrorKind::RouteParamMissing));
    assert_eq!(logs.take().len(), 1);
}

/// The log lines of the test's own thread.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<String>>>);

impl Logs {
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

impl Subscriber for Logs {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        if *event.metadata().level() != tracing::Level::ERROR {
            return;
        }
        let mut line = Line(String::new());
        event.record(&mut line);
        self.0.lock().unwrap().push(line.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, "{}={value} ", field.name());
    }
}
