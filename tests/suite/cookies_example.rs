//! The cookie example over real HTTP: first with a cookie-keeping client
//! (reqwest's cookie jar), then in a real headless Chromium driven over
//! WebDriver: sign in through the form, press the state-changing button (CSRF
//! header from the cookie), post the no-script form (CSRF form field), and see
//! forged posts from another origin refused while the points stay put.
//!
//! The browser test needs Debian's `chromium` and `chromium-driver` (`.ci/run`
//! installs them). Without them it is skipped with a message, unless
//! `JWT_GUARD_REQUIRE_BROWSER=1` (set by CI) makes that a failure.

#[allow(dead_code, unreachable_pub)]
#[path = "../../examples/cookies.rs"]
mod cookies;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use reqwest::cookie::{CookieStore, Jar};
use serde_json::{Value, json};

const SECRET: &str = "browser-test-secret-of-at-least-32-bytes";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The cookie called `name` in the jar, for `url`.
fn jar_cookie(jar: &Jar, url: &reqwest::Url, name: &str) -> Option<String> {
    let header = jar.cookies(url)?;
    header.to_str().unwrap().split("; ").find_map(|pair| {
        pair.strip_prefix(name)?
            .strip_prefix('=')
            .map(str::to_owned)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_over_http_with_a_cookie_jar() {
    let points = cookies::Points::default();
    let manager = cookies::manager(SECRET, true).unwrap();
    let addr = serve(cookies::app(manager.clone(), points.clone())).await;
    // localhost: cookie jars, like browsers, keep `Secure` cookies for it.
    let base = format!("http://localhost:{}", addr.port());
    let url = |path: &str| reqwest::Url::parse(&format!("{base}{path}")).unwrap();
    let jar = Arc::new(Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .build()
        .unwrap();

    // A failed login is a 401 that names its challenge (RFC 7235 §3.1) and
    // sets no cookie.
    let res = client
        .post(url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("username=test&password=wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Bad username or password")
    );
    assert_eq!(jar.cookies(&url("/")), None);

    // Log in: the 303 sets the cookies, the page that follows shows the user.
    let res = client
        .post(url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("username=test&password=test")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Signed in as <span id=\"user\">test</span>")
    );
    let csrf = jar_cookie(&jar, &url("/"), "csrf_access_token").expect("the CSRF cookie");
    let access = jar_cookie(&jar, &url("/"), "access_token_cookie").expect("the access cookie");
    // The refresh cookie lives on its own path.
    assert!(jar_cookie(&jar, &url("/"), "refresh_token_cookie").is_none());
    assert!(jar_cookie(&jar, &url("/refresh"), "refresh_token_cookie").is_some());

    // A safe method needs no CSRF header.
    let me: Value = client
        .get(url("/api/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me, json!({ "user": "test", "points": 0 }));

    // State-changing: no header, a wrong one, the right one.
    let post = |csrf: Option<&str>| {
        let req = client.post(url("/api/points"));
        match csrf {
            Some(csrf) => req.header("x-csrf-token", csrf),
            None => req,
        }
    };
    let res = post(None).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.json::<Value>().await.unwrap()["msg"],
        "Missing CSRF token"
    );
    let res = post(Some("not-the-value")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "msg": "CSRF double submit tokens do not match", "error": "invalid_token" })
    );
    assert_eq!(points.get("test"), 0);
    let res = post(Some(&csrf)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["points"], 1);
    // A fresh token far from expiry is not renewed.
    assert_eq!(
        jar_cookie(&jar, &url("/"), "access_token_cookie").unwrap(),
        access
    );

    // Implicit refresh: a near-expiry access cookie is replaced by the response.
    let near = manager
        .access_token("test")
        .expires_in(Duration::from_secs(60))
        .claim("plan", "gold")
        .mint()
        .unwrap();
    let near_csrf = claims(&near)["csrf"].as_str().unwrap().to_owned();
    jar.add_cookie_str(&format!("access_token_cookie={near}; Path=/"), &url("/"));
    jar.add_cookie_str(&format!("csrf_access_token={near_csrf}; Path=/"), &url("/"));
    let res = client.get(url("/api/me")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let renewed = jar_cookie(&jar, &url("/"), "access_token_cookie").unwrap();
    assert_ne!(renewed, near, "the near-expiry cookie was not renewed");
    let (old, new) = (claims(&near), claims(&renewed));
    assert_eq!(new["sub"], "test");
    assert_eq!(new["plan"], "gold");
    assert_eq!(new["csrf"], old["csrf"]);
    assert!(new["exp"].as_u64().unwrap() > old["exp"].as_u64().unwrap() + 600);
    assert_eq!(
        jar_cookie(&jar, &url("/"), "csrf_access_token").unwrap(),
        near_csrf
    );
    // The renewed cookie works, with the same CSRF value.
    assert_eq!(post(Some(&near_csrf)).send().await.unwrap().status(), 200);
    assert_eq!(points.get("test"), 2);

    // Logout clears every cookie; the API then finds none.
    let res = client.post(url("/logout")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("Sign in"));
    assert_eq!(jar.cookies(&url("/")), None);
    assert_eq!(jar.cookies(&url("/refresh")), None);
    let res = client.get(url("/api/me")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "msg": "Missing cookie \"access_token_cookie\"" })
    );
}

/// A token's payload, unverified (the test minted it).
fn claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cookie_example_in_a_headless_browser() {
    if !browser_available() {
        return;
    }
    let points = cookies::Points::default();
    // `Secure` stays on: Chromium treats http://localhost as a secure context.
    let manager = cookies::manager(SECRET, true).unwrap();
    let app_addr = serve(cookies::app(manager, points.clone())).await;
    let app = format!("http://localhost:{}", app_addr.port());
    let evil_addr = serve(attacker(&app)).await;

    let driver = Driver::start().await;
    let b = driver.session().await;

    // Sign in through the form; the page then shows the user.
    b.goto(&format!("{app}/")).await;
    b.type_into("#password", "test").await;
    b.click("#login").await;
    b.wait_text("#user", "test").await;
    let readable = b.eval("return document.cookie").await;
    let readable = readable.as_str().unwrap();
    assert!(readable.contains("csrf_access_token="), "{readable}");
    assert!(
        !readable.contains("access_token_cookie"),
        "HttpOnly: {readable}"
    );

    // The button sends the CSRF header read from the cookie.
    b.click("#add").await;
    b.wait_text("#status", "Added.").await;
    b.wait_text("#points", "1").await;
    assert_eq!(points.get("test"), 1);

    // The no-script form posts the CSRF value as a field.
    b.click("#add-form").await;
    b.wait_text("#points", "2").await;
    assert_eq!(points.get("test"), 2);

    // Same site, other origin: SameSite=Lax lets the cookie through, so only the
    // double submit stands between the forged form and the action.
    let same_site = format!("http://localhost:{}/", evil_addr.port());
    b.goto(&same_site).await;
    b.click("#forge").await;
    b.wait_body("Missing CSRF token").await;
    b.goto(&same_site).await;
    b.click("#forge-guess").await;
    b.wait_body("CSRF double submit tokens do not match").await;
    // Another site altogether: the browser does not even send the cookie.
    b.goto(&format!("http://127.0.0.1:{}/", evil_addr.port()))
        .await;
    b.click("#forge").await;
    b.wait_body("Missing cookie \\\"access_token_cookie\\\"")
        .await;
    assert_eq!(points.get("test"), 2, "a forged post changed state");

    // Still signed in; signing out clears the cookies.
    b.goto(&format!("{app}/")).await;
    b.wait_text("#points", "2").await;
    b.click("#logout").await;
    b.wait_for("#login").await;
    let status = b
        .eval_async("fetch('/api/me').then((r) => done(r.status))")
        .await;
    assert_eq!(status, json!(401));
    assert_eq!(b.eval("return document.cookie").await, json!(""));
    b.quit().await;
}

/// A page on another origin with forms that post to the app's action.
fn attacker(app: &str) -> Router {
    let page = format!(
        r#"<!doctype html><html><body>
        <form method="post" action="{app}/api/points"><button id="forge">Win a prize</button></form>
        <form method="post" action="{app}/api/points">
          <input type="hidden" name="csrf_token" value="00000000-0000-4000-8000-000000000000">
          <button id="forge-guess">Win another prize</button>
        </form></body></html>"#
    );
    Router::new().route("/", get(move || async move { Html(page) }))
}

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn browser_available() -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "{} not found; install Debian's chromium and chromium-driver (as .ci/run does)",
        missing.join(" and ")
    );
    if crate::common::required("JWT_GUARD_REQUIRE_BROWSER") {
        panic!("JWT_GUARD_REQUIRE_BROWSER is set but {message}");
    }
    eprintln!("skipping the headless-browser test: {message}");
    false
}

/// A chromedriver process, ended when dropped.
struct Driver {
    child: Child,
    url: String,
    profile: PathBuf,
    http: reqwest::Client,
}

impl Driver {
    /// Starts chromedriver on a port of its own choosing (`--port=0`) and reads
    /// the port back from its startup line: a port picked free here and
    /// released before chromedriver binds it could be taken in between.
    async fn start() -> Self {
        let mut child = Command::new(CHROMEDRIVER)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let port = announced_port(child.stdout.take().unwrap(), Duration::from_secs(20))
            .unwrap_or_else(|why| {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromedriver --port=0: {why}")
            });
        let driver = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            profile: std::env::temp_dir()
                .join(format!("jwt-guard-chromium-{}", uuid::Uuid::new_v4())),
            http: reqwest::Client::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = driver
                .http
                .get(format!("{}/status", driver.url))
                .send()
                .await;
            if let Ok(res) = ready {
                let status: Value = res.json().await.unwrap_or_default();
                if status["value"]["ready"] == true {
                    return driver;
                }
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not become ready"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn session(&self) -> Session<'_> {
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ]
        .map(String::from)
        .into_iter()
        .chain([format!("--user-data-dir={}", self.profile.display())])
        .collect::<Vec<_>>();
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
        }}});
        let res = self.call("POST", "/session", Some(caps)).await;
        let id = res["sessionId"].as_str().expect("a session id").to_owned();
        Session { driver: self, id }
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.url);
        let req = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body.unwrap_or_else(|| json!({}))),
        };
        let res = req.send().await.expect("chromedriver answers");
        let status = res.status();
        let body: Value = res.json().await.expect("chromedriver answers JSON");
        assert!(status.is_success(), "{method} {path}: {status} {body}");
        body["value"].clone()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// The port in chromedriver's `ChromeDriver was started successfully on port
/// N.` line (its banner, `Starting ChromeDriver … on port 0`, comes first).
/// Its output is read on a thread of its own, which keeps draining it
/// afterwards so that chromedriver never blocks on a full pipe.
fn announced_port(stdout: ChildStdout, within: Duration) -> Result<u16, String> {
    const STARTED: &str = "ChromeDriver was started successfully on port ";
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let mut said = Vec::new();
        for line in lines.by_ref() {
            if let Some(port) = line.strip_prefix(STARTED) {
                let port = port.trim_end_matches('.').parse::<u16>();
                let _ = tx.send(port.map_err(|e| format!("{line:?}: {e}")));
                // Drain what else it says, until it exits.
                lines.for_each(drop);
                return;
            }
            said.push(line);
        }
        let _ = tx.send(Err(format!(
            "exited without announcing its port; it said: {said:?}"
        )));
    });
    match rx.recv_timeout(within) {
        Ok(Ok(0)) => Err("announced port 0".to_owned()),
        Ok(port) => port,
        Err(_) => Err(format!("no port announced within {within:?}")),
    }
}

/// One browser session, with the few commands the test needs.
struct Session<'d> {
    driver: &'d Driver,
    id: String,
}

const WAIT: Duration = Duration::from_secs(10);

impl Session<'_> {
    async fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.id);
        self.driver.call(method, &path, body).await
    }

    async fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url }))).await;
    }

    async fn find(&self, css: &str) -> String {
        let found = self
            .cmd(
                "POST",
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await;
        // The W3C element reference key.
        found["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_owned()
    }

    async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.cmd("POST", &format!("/element/{element}/click"), None)
            .await;
    }

    async fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        self.cmd("POST", &format!("/element/{element}/clear"), None)
            .await;
        let body = json!({ "text": text });
        self.cmd("POST", &format!("/element/{element}/value"), Some(body))
            .await;
    }

    async fn eval(&self, script: &str) -> Value {
        let body = json!({ "script": script, "args": [] });
        self.cmd("POST", "/execute/sync", Some(body)).await
    }

    /// Runs `script` with `done` as the callback that ends it.
    async fn eval_async(&self, script: &str) -> Value {
        let script = format!("const done = arguments[arguments.length - 1]; {script}");
        let body = json!({ "script": script, "args": [] });
        self.cmd("POST", "/execute/async", Some(body)).await
    }

    /// Polls `script` until it returns `true`, then returns what `describe` says.
    async fn wait_until(&self, script: &str, what: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            if self.eval(script).await == json!(true) {
                return;
            }
            if Instant::now() > deadline {
                let body = self
                    .eval("return document.body ? document.body.innerText : ''")
                    .await;
                panic!("timed out waiting for {what}; the page says: {body}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn wait_for(&self, css: &str) {
        let script = format!("return document.querySelector({}) !== null", json!(css));
        self.wait_until(&script, css).await;
    }

    async fn wait_text(&self, css: &str, text: &str) {
        let script = format!(
            "const e = document.querySelector({}); return e !== null && e.textContent === {}",
            json!(css),
            json!(text)
        );
        self.wait_until(&script, &format!("{css} to read {text:?}"))
            .await;
    }

    async fn wait_body(&self, text: &str) {
        let script = format!(
            "return !!document.body && document.body.innerText.includes({})",
            json!(text)
        );
        self.wait_until(&script, &format!("the page to say {text:?}"))
            .await;
    }

    async fn quit(self) {
        self.cmd("DELETE", "", None).await;
    }
}
