//! A browser app that keeps its tokens in HttpOnly cookies, with CSRF double
//! submit and implicit refresh.
//!
//! ```text
//! cargo run --example cookies
//! # open http://localhost:3000, sign in as test/test, press "Add a point"
//! ```
//!
//! * `GET /` is the page: a login form, or the signed-in view whose button calls
//!   `POST /api/points` with the `X-CSRF-TOKEN` header read from the
//!   `csrf_access_token` cookie, and a form button that posts the CSRF value
//!   as a hidden `csrf_token` field instead (no script needed).
//! * `POST /login` sets the access and refresh cookies; `POST /logout` clears them.
//! * `POST /refresh` renews the access cookie from the refresh cookie, which is
//!   only ever sent to that path.
//! * Every response to a signed-in request renews an access cookie that expires
//!   within five minutes, so an active session never sees it expire.
//!
//! `JWT_SECRET_KEY` sets the HMAC secret (unset: a random one per run);
//! `JWT_GUARD_ADDR` the address (default `127.0.0.1:3000`). On a loopback
//! address the app speaks plain HTTP, so its cookies are not marked `Secure`
//! there (with a warning); anywhere else put it behind HTTPS.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use jwt_guard::{ConfigError, GuardRejection, JwtManager, Token, TokenLocation, require_token};
use serde::Deserialize;
use serde_json::json;

/// The demo's users: (username, password).
const USERS: &[(&str, &str)] = &[("test", "test"), ("admin", "1234")];

/// Access cookies this close to expiry are renewed by the response.
pub const REFRESH_WINDOW: Duration = Duration::from_secs(5 * 60);

/// Each user's points: the state the CSRF-protected action changes.
#[derive(Clone, Default)]
pub struct Points(Arc<Mutex<HashMap<String, u64>>>);

impl Points {
    /// `user`'s points so far.
    pub fn get(&self, user: &str) -> u64 {
        let points = self.0.lock().unwrap_or_else(|e| e.into_inner());
        points.get(user).copied().unwrap_or(0)
    }

    fn add(&self, user: &str) -> u64 {
        let mut points = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let entry = points.entry(user.to_owned()).or_insert(0);
        *entry += 1;
        *entry
    }
}

/// The manager this app needs: tokens in cookies only, the refresh cookie on
/// its own path, `Secure` as the transport allows.
pub fn manager(secret: &str, secure: bool) -> Result<JwtManager, ConfigError> {
    JwtManager::builder()
        .secret(secret)
        .token_locations([TokenLocation::Cookies])
        .refresh_cookie_path("/refresh")
        .cookie_secure(secure)
        .build()
}

/// Builds the router around a manager; the tests drive this same function.
pub fn app(manager: JwtManager, points: Points) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/refresh", post(refresh))
        .route("/api/me", get(me))
        .route("/api/points", post(add_point))
        .route("/points", post(add_point_form))
        .with_state(points)
        .layer(manager.implicit_refresh(REFRESH_WINDOW))
        .layer(manager.csrf_form_layer())
        .layer(manager.layer())
}

/// The page: the login form without a valid session, the app with one. A
/// refused token (expired, say) is not an error here, just a reason to sign in.
async fn page(State(points): State<Points>, token: Result<Token, GuardRejection>) -> Html<String> {
    let Ok(token) = token else {
        return Html(LOGIN_PAGE.to_owned());
    };
    let user = token.identity_str().unwrap_or_default();
    // The same value the script reads from the cookie, for the no-script form.
    let csrf = token.claim::<String>("csrf").unwrap_or_default();
    Html(
        APP_PAGE
            .replace("{user}", &escape(user))
            .replace("{points}", &points.get(user).to_string())
            .replace("{csrf}", &escape(&csrf)),
    )
}

#[derive(Deserialize)]
struct Credentials {
    username: String,
    password: String,
}

async fn login(manager: JwtManager, Form(creds): Form<Credentials>) -> Response {
    let known = USERS
        .iter()
        .any(|(user, pass)| *user == creds.username && *pass == creds.password);
    if !known {
        // RFC 7235 §3.1: a 401 names how to authenticate; here, with the
        // token the login sets as a cookie.
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            Html(LOGIN_PAGE.replace("<!--error-->", "<p id=error>Bad username or password</p>")),
        )
            .into_response();
    }
    let tokens = manager
        .access_token(&creds.username)
        .fresh(true)
        .mint()
        .and_then(|access| Ok((access, manager.create_refresh_token(&creds.username)?)));
    match tokens {
        Ok((access, refresh)) => {
            let cookies = manager.cookies().set_access(&access).set_refresh(&refresh);
            // 303: the browser follows with a GET, so a reload does not post again.
            (cookies, Redirect::to("/")).into_response()
        }
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}

/// Clears the cookies whatever state they are in: an expired session must be
/// able to sign out too.
async fn logout(manager: JwtManager) -> impl IntoResponse {
    (manager.cookies().unset_all(), Redirect::to("/"))
}

#[require_token(refresh)]
async fn refresh(manager: JwtManager, token: Token) -> Response {
    match manager.create_access_token(token.identity()) {
        Ok(access) => (
            manager.cookies().set_access(&access),
            Json(json!({ "refresh": true })),
        )
            .into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}

#[require_token]
async fn me(State(points): State<Points>, token: Token) -> Json<serde_json::Value> {
    let user = token.identity_str().unwrap_or_default();
    Json(json!({ "user": user, "points": points.get(user) }))
}

#[require_token]
async fn add_point(State(points): State<Points>, token: Token) -> Json<serde_json::Value> {
    let user = token.identity_str().unwrap_or_default();
    Json(json!({ "user": user, "points": points.add(user) }))
}

#[require_token]
async fn add_point_form(State(points): State<Points>, token: Token) -> Redirect {
    points.add(token.identity_str().unwrap_or_default());
    Redirect::to("/")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const LOGIN_PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>jwt-guard cookies: sign in</title></head>
<body>
<h1>Sign in</h1>
<!--error-->
<form method="post" action="/login">
  <label>User <input id="username" name="username" value="test"></label>
  <label>Password <input id="password" name="password" type="password"></label>
  <button id="login" type="submit">Sign in</button>
</form>
<p>Users: test/test, admin/1234.</p>
</body></html>
"#;

const APP_PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>jwt-guard cookies: {user}</title></head>
<body>
<h1>Signed in as <span id="user">{user}</span></h1>
<p>Points: <span id="points">{points}</span></p>
<button id="add" type="button">Add a point</button>
<form method="post" action="/points">
  <input type="hidden" name="csrf_token" value="{csrf}">
  <button id="add-form" type="submit">Add a point without script</button>
</form>
<p id="status"></p>
<form method="post" action="/logout"><button id="logout" type="submit">Sign out</button></form>
<script>
// The token cookies are HttpOnly; only the CSRF cookies are readable here.
function cookie(name) {
  const found = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : '';
}
async function post(path, csrfCookie) {
  return fetch(path, { method: 'POST', headers: { 'X-CSRF-TOKEN': cookie(csrfCookie) } });
}
document.getElementById('add').addEventListener('click', async () => {
  let res = await post('/api/points', 'csrf_access_token');
  if (res.status === 401 && (await res.clone().json()).msg === 'Token has expired') {
    // The refresh cookie is sent to /refresh only; it renews the access cookie.
    if ((await post('/refresh', 'csrf_refresh_token')).ok) {
      res = await post('/api/points', 'csrf_access_token');
    }
  }
  const body = await res.json();
  const status = document.getElementById('status');
  if (res.ok) {
    document.getElementById('points').textContent = body.points;
    status.textContent = 'Added.';
  } else {
    status.textContent = 'Refused: ' + body.msg;
  }
});
</script>
</body></html>
"#;

/// The secret from `JWT_SECRET_KEY`, or a random one with a warning.
fn secret() -> String {
    match std::env::var("JWT_SECRET_KEY") {
        Ok(secret) => secret,
        Err(_) => {
            eprintln!(
                "warning: JWT_SECRET_KEY is not set; using a random secret for this run \
                 (sessions end when the server restarts)"
            );
            format!(
                "{}{}",
                uuid::Uuid::new_v4().simple(),
                uuid::Uuid::new_v4().simple()
            )
        }
    }
}

#[allow(dead_code)] // the tests include this file for `app` alone
#[tokio::main]
async fn main() {
    let addr = std::env::var("JWT_GUARD_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: cannot listen on {addr}: {err}");
            std::process::exit(2);
        }
    };
    // This server speaks plain HTTP. Browsers drop `Secure` cookies sent over
    // it except on loopback, and nothing but loopback should see it unencrypted.
    let loopback = listener
        .local_addr()
        .as_ref()
        .map(SocketAddr::ip)
        .is_ok_and(|ip| ip.is_loopback());
    if loopback {
        eprintln!(
            "warning: serving plain HTTP on loopback, so the cookies are not marked Secure; \
             put a real deployment behind HTTPS"
        );
    } else {
        eprintln!(
            "warning: serving plain HTTP on {addr}; the cookies are marked Secure, so browsers \
             keep them only when an HTTPS proxy sits in front"
        );
    }
    let manager = match manager(&secret(), !loopback) {
        Ok(manager) => manager,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(2);
        }
    };
    eprintln!("jwt-guard cookies example on http://{addr} (sign in as test/test)");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(err) = axum::serve(listener, app(manager, Points::default()))
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}
