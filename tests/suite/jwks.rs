//! Keys from a remote JWKS served on loopback: fetched once, refreshed on an
//! unknown `kid` at most once per interval and by one fetch at a time (which
//! tokens the cached keys answer never wait for), stale keys kept while the
//! provider is down, bounded answers, no redirects, HTTPS required off
//! loopback, and OIDC discovery.

use std::future::Future;
use std::io::{Read, Write};
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http_body_util::BodyExt;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use jwt_guard::jwks::{OidcProvider, RemoteJwks};
use jwt_guard::{ConfigError, JwtManager, Key, Token, require_token};
use serde_json::{Value, json};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tower::ServiceExt;

fn key_file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The public JWK of a key file under `kid`.
fn jwk(file: &str, kid: &str) -> Value {
    let key = Key::from_pem(Algorithm::RS256, &key_file(file))
        .unwrap()
        .with_kid(kid);
    serde_json::to_value(key.public_jwk().unwrap()).unwrap()
}

fn token(file: &str, kid: &str) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_owned());
    let now = jsonwebtoken::get_current_timestamp();
    let claims = json!({"sub": "alice", "iss": "http://idp", "iat": now, "exp": now + 300});
    jsonwebtoken::encode(
        &header,
        &claims,
        &EncodingKey::from_rsa_pem(&key_file(file)).unwrap(),
    )
    .unwrap()
}

/// A provider on 127.0.0.1 that serves whatever JWKS the test sets, and
/// counts the requests it gets.
struct Provider {
    base: String,
    keys: Arc<Mutex<Value>>,
    hits: Arc<AtomicUsize>,
    task: Option<JoinHandle<()>>,
}

#[derive(Clone)]
struct ProviderState {
    keys: Arc<Mutex<Value>>,
    hits: Arc<AtomicUsize>,
    base: String,
}

async fn jwks(State(state): State<ProviderState>) -> Response {
    state.hits.fetch_add(1, Ordering::SeqCst);
    axum::Json(state.keys.lock().unwrap().clone()).into_response()
}

async fn discovery(State(state): State<ProviderState>) -> Response {
    axum::Json(json!({"issuer": state.base, "jwks_uri": format!("{}/certs", state.base)}))
        .into_response()
}

impl Provider {
    async fn start(keys: Value) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let keys = Arc::new(Mutex::new(keys));
        let hits = Arc::new(AtomicUsize::new(0));
        let state = ProviderState {
            keys: keys.clone(),
            hits: hits.clone(),
            base: base.clone(),
        };
        let app = Router::new()
            .route("/certs", get(jwks))
            .route("/.well-known/openid-configuration", get(discovery))
            .with_state(state);
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            base,
            keys,
            hits,
            task: Some(task),
        }
    }

    fn url(&self) -> String {
        format!("{}/certs", self.base)
    }

    fn set(&self, keys: Value) {
        *self.keys.lock().unwrap() = keys;
    }

    /// Stops serving: the port refuses connections from now on.
    async fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

#[require_token]
async fn protected(token: Token) -> String {
    token.identity_str().unwrap_or_default().to_owned()
}

fn app(manager: &JwtManager) -> Router {
    Router::new()
        .route("/protected", get(protected))
        .layer(manager.layer())
}

fn verifier(remote: RemoteJwks) -> JwtManager {
    JwtManager::builder()
        .remote_jwks(remote)
        .issuer("http://idp")
        .require_type(false)
        .build()
        .unwrap()
}

async fn status(app: &Router, token: &str) -> (StatusCode, Value) {
    let req = Request::get("/protected")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn unknown_kids_cause_no_request_storm() {
    let provider = Provider::start(json!({"keys": [jwk("rsa2048.pub.pem", "k1")]})).await;
    let remote = RemoteJwks::new(provider.url()).min_interval(Duration::from_secs(60));
    let app = app(&verifier(remote.clone()));
    assert_eq!(
        status(&app, &token("rsa2048.pem", "k1")).await.0,
        StatusCode::OK
    );
    assert_eq!(provider.hits(), 1);
    let flood: Vec<_> = (0..50)
        .map(|i| {
            let app = app.clone();
            let token = token("rsa2048-b.pem", &format!("unknown-{i}"));
            tokio::spawn(async move { status(&app, &token).await })
        })
        .collect();
    for request in flood {
        let (code, body) = request.await.unwrap();
        assert_eq!(code, StatusCode::UNAUTHORIZED);
        assert_eq!(body["msg"], "Unknown key id (kid)");
    }
    // The first fetch was under a minute ago: the flood cost the provider nothing.
    assert_eq!(provider.hits(), 1);
    assert_eq!(remote.fetch_count(), 1);
    // Cached keys serve known kids without a request.
    for _ in 0..20 {
        assert_eq!(
            status(&app, &token("rsa2048.pem", "k1")).await.0,
            StatusCode::OK
        );
    }
    assert_eq!(provider.hits(), 1);
}

#[tokio::test]
async fn rotation_is_picked_up_and_stale_keys_survive_an_outage() {
    let mut provider = Provider::start(json!({"keys": [jwk("rsa2048.pub.pem", "k1")]})).await;
    let remote = RemoteJwks::new(provider.url())
        .min_interval(Duration::ZERO)
        .timeout(Duration::from_millis(500));
    let app = app(&verifier(remote.clone()));
    assert_eq!(
        status(&app, &token("rsa2048.pem", "k1")).await.0,
        StatusCode::OK
    );

    // The provider adds k2 and starts signing with it.
    provider.set(json!({"keys": [jwk("rsa2048.pub.pem", "k1"), jwk("rsa2048-b.pub.pem", "k2")]}));
    assert_eq!(
        status(&app, &token("rsa2048-b.pem", "k2")).await.0,
        StatusCode::OK
    );
    let hits = provider.hits();
    assert_eq!(hits, 2, "one fetch at start, one for the new kid");

    // The provider goes away.
    provider.stop().await;
    for (file, kid) in [("rsa2048.pem", "k1"), ("rsa2048-b.pem", "k2")] {
        let answered =
            tokio::time::timeout(Duration::from_secs(5), status(&app, &token(file, kid))).await;
        assert_eq!(
            answered.expect("no hang while the provider is down").0,
            StatusCode::OK,
            "{kid}"
        );
    }
    let (code, body) = tokio::time::timeout(
        Duration::from_secs(5),
        status(&app, &token("rsa2048-b.pem", "k3")),
    )
    .await
    .expect("an unknown kid is answered in bounded time");
    assert_eq!(code, StatusCode::UNAUTHORIZED);
    assert_eq!(body["msg"], "Unknown key id (kid)");
    assert!(
        remote.fetch_count() >= 3,
        "the unknown kid tried a fetch, which failed"
    );
}

#[tokio::test]
async fn keys_the_provider_withdrew_stop_working_after_max_age() {
    let provider = Provider::start(json!({"keys": [jwk("rsa2048.pub.pem", "k1")]})).await;
    let remote = RemoteJwks::new(provider.url())
        .min_interval(Duration::ZERO)
        .max_age(Duration::ZERO);
    let app = app(&verifier(remote));
    assert_eq!(
        status(&app, &token("rsa2048.pem", "k1")).await.0,
        StatusCode::OK
    );
    provider.set(json!({"keys": [jwk("rsa2048-b.pub.pem", "k2")]}));
    let (code, body) = status(&app, &token("rsa2048.pem", "k1")).await;
    assert_eq!(
        (code, body["msg"].clone()),
        (StatusCode::UNAUTHORIZED, json!("Unknown key id (kid)"))
    );
}

/// Keys the guard cannot use are skipped, and the rest still load: a valid
/// `oct` secret (a shared secret has no place in a public JWKS) and a P-521
/// key. The allow-list admits their algorithms, so what refuses their tokens
/// is that they were never loaded.
#[tokio::test]
async fn a_broken_provider_document_keeps_nothing_bad() {
    let secret = b"a-valid-32-byte-hmac-secret-of-the-idp!";
    let sym = URL_SAFE_NO_PAD.encode(secret);
    let provider = Provider::start(json!({"keys": [
        jwk("rsa2048.pub.pem", "k1"),
        {"kty": "oct", "k": sym, "kid": "sym", "alg": "HS256", "use": "sig"},
        {"kty": "EC", "crv": "P-521", "kid": "odd", "x": "AA", "y": "AA"},
    ]}))
    .await;
    let remote = RemoteJwks::new(provider.url());
    let manager = JwtManager::builder()
        .remote_jwks(remote.clone())
        .allowed_algorithms([Algorithm::RS256, Algorithm::HS256, Algorithm::ES256])
        .issuer("http://idp")
        .require_type(false)
        .build()
        .unwrap();
    let app = app(&manager);
    // The usable key works.
    assert_eq!(
        status(&app, &token("rsa2048.pem", "k1")).await.0,
        StatusCode::OK
    );
    let now = jsonwebtoken::get_current_timestamp();
    let claims = json!({"sub": "alice", "iss": "http://idp", "exp": now + 60});
    let signed = |alg, kid: &str, key: &EncodingKey| {
        let mut header = Header::new(alg);
        header.kid = Some(kid.to_owned());
        jsonwebtoken::encode(&header, &claims, key).unwrap()
    };
    let with_secret = signed(Algorithm::HS256, "sym", &EncodingKey::from_secret(secret));
    let p256 = EncodingKey::from_ec_pem(&key_file("p256.pem")).unwrap();
    let with_odd = signed(Algorithm::ES256, "odd", &p256);
    for (what, forged) in [("oct", with_secret), ("P-521", with_odd)] {
        let (code, body) = status(&app, &forged).await;
        assert_eq!(
            (code, body["msg"].clone()),
            (StatusCode::UNAUTHORIZED, json!("Unknown key id (kid)")),
            "the {what} key was not loaded"
        );
    }
    // The document was read once; the skipped kids did not fetch it again.
    assert_eq!(remote.fetch_count(), 1);
    assert_eq!(remote.last_error(), None);
}

/// Serves `app(base)` on 127.0.0.1, port 0; returns the base URL.
async fn serve(app: impl FnOnce(&str) -> Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = app(&base);
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    base
}

fn keys(kids: &[(&str, &str)]) -> Value {
    json!({"keys": kids.iter().map(|(file, kid)| jwk(file, kid)).collect::<Vec<_>>()})
}

/// A provider whose `/certs` answers k1 at once the first time; every later
/// request is announced on `arrived` and held until the test releases it,
/// then answered with k1 and k2.
struct HeldProvider {
    url: String,
    hits: Arc<AtomicUsize>,
    arrived: mpsc::UnboundedReceiver<()>,
    release: watch::Sender<bool>,
}

impl HeldProvider {
    async fn start() -> Self {
        let hits = Arc::new(AtomicUsize::new(0));
        let (arrived_tx, arrived) = mpsc::unbounded_channel();
        let (release, released) = watch::channel(false);
        let counted = hits.clone();
        let base = serve(move |_| {
            Router::new().route(
                "/certs",
                get(move || {
                    let hits = counted.clone();
                    let arrived = arrived_tx.clone();
                    let mut released = released.clone();
                    async move {
                        if hits.fetch_add(1, Ordering::SeqCst) == 0 {
                            return axum::Json(keys(&[("rsa2048.pub.pem", "k1")]));
                        }
                        let _ = arrived.send(());
                        let _ = released.wait_for(|r| *r).await;
                        axum::Json(keys(&[
                            ("rsa2048.pub.pem", "k1"),
                            ("rsa2048-b.pub.pem", "k2"),
                        ]))
                    }
                }),
            )
        })
        .await;
        Self {
            url: format!("{base}/certs"),
            hits,
            arrived,
            release,
        }
    }

    fn release(&self) {
        self.release.send_replace(true);
    }
}

/// Polls `future` once, with a waker nothing will call: whether it finishes
/// without waiting for anything.
fn poll_once<F: Future + ?Sized>(future: Pin<&mut F>) -> Poll<F::Output> {
    future.poll(&mut Context::from_waker(Waker::noop()))
}

#[tokio::test]
async fn a_slow_provider_holds_up_only_the_tokens_that_need_new_keys() {
    let mut provider = HeldProvider::start().await;
    let remote = RemoteJwks::new(&provider.url)
        .min_interval(Duration::ZERO)
        .timeout(Duration::from_secs(60));
    let app = app(&verifier(remote.clone()));
    let known = token("rsa2048.pem", "k1");
    assert_eq!(status(&app, &known).await.0, StatusCode::OK);

    // A token with a new kid starts a fetch, which the provider holds.
    let needs_k2 = tokio::spawn({
        let app = app.clone();
        let token = token("rsa2048-b.pem", "k2");
        async move { status(&app, &token).await }
    });
    provider.arrived.recv().await.unwrap();

    // Meanwhile a token the cached keys answer is answered at once: polled a
    // single time, it is done.
    let mut answer = pin!(status(&app, &known));
    match poll_once(answer.as_mut()) {
        Poll::Ready((code, _)) => assert_eq!(code, StatusCode::OK),
        Poll::Pending => panic!("a token with a cached kid waited for the fetch"),
    }

    provider.release();
    assert_eq!(needs_k2.await.unwrap().0, StatusCode::OK);
    assert_eq!(provider.hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_fetch_outlives_the_request_that_started_it() {
    let mut provider = HeldProvider::start().await;
    let remote = RemoteJwks::new(&provider.url)
        .min_interval(Duration::ZERO)
        .timeout(Duration::from_secs(60));
    let app = app(&verifier(remote.clone()));
    assert_eq!(
        status(&app, &token("rsa2048.pem", "k1")).await.0,
        StatusCode::OK
    );

    // The request that starts the fetch goes away while the provider holds it.
    let gone = tokio::spawn({
        let app = app.clone();
        let token = token("rsa2048-b.pem", "k2");
        async move { status(&app, &token).await }
    });
    provider.arrived.recv().await.unwrap();
    gone.abort();
    assert!(gone.await.unwrap_err().is_cancelled());

    // The fetch it started still lands: the next request is answered with
    // its keys, and the provider is not asked again.
    provider.release();
    assert_eq!(
        status(&app, &token("rsa2048-b.pem", "k2")).await.0,
        StatusCode::OK
    );
    assert_eq!(provider.hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn concurrent_unknown_kids_wait_for_one_fetch() {
    let mut provider = HeldProvider::start().await;
    // No rate limit: only the single flight keeps this to one fetch.
    let remote = RemoteJwks::new(&provider.url)
        .min_interval(Duration::ZERO)
        .timeout(Duration::from_secs(60));
    let app = app(&verifier(remote.clone()));
    assert_eq!(
        status(&app, &token("rsa2048.pem", "k1")).await.0,
        StatusCode::OK
    );

    type Answer = Pin<Box<dyn Future<Output = (StatusCode, Value)> + Send>>;
    let mut requests: Vec<Answer> = (0..16)
        .map(|_| {
            let app = app.clone();
            let token = token("rsa2048-b.pem", "k2");
            Box::pin(async move { status(&app, &token).await }) as Answer
        })
        .collect();
    // Each is polled once, here, before any can be answered: each now needs
    // the keys the one fetch under way will bring.
    for request in &mut requests {
        assert!(poll_once(request.as_mut()).is_pending());
    }
    let requests: Vec<_> = requests.into_iter().map(tokio::spawn).collect();
    provider.arrived.recv().await.unwrap();
    provider.release();
    for request in requests {
        assert_eq!(request.await.unwrap().0, StatusCode::OK);
    }
    assert_eq!(
        provider.hits.load(Ordering::SeqCst),
        2,
        "one fetch at start, one for k2"
    );
    assert_eq!(remote.fetch_count(), 2);
}

/// `/certs` answers `first` the first time and `later` after; `/moved` (a
/// redirect target) serves k1 and k2 and counts its requests.
async fn scripted(first: Response, later: fn() -> Response) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let moved = Arc::new(AtomicUsize::new(0));
    let first = Arc::new(Mutex::new(Some(first)));
    let (counted, moved_hits) = (hits.clone(), moved.clone());
    let base = serve(move |_| {
        Router::new()
            .route(
                "/certs",
                get(move || {
                    counted.fetch_add(1, Ordering::SeqCst);
                    let answer = first.lock().unwrap().take();
                    async move { answer.unwrap_or_else(later) }
                }),
            )
            .route(
                "/moved",
                get(move || {
                    moved_hits.fetch_add(1, Ordering::SeqCst);
                    async {
                        axum::Json(keys(&[
                            ("rsa2048.pub.pem", "k1"),
                            ("rsa2048-b.pub.pem", "k2"),
                        ]))
                    }
                }),
            )
    })
    .await;
    (format!("{base}/certs"), moved)
}

/// After a failed fetch: k2 is unknown, and k1, loaded before, still works.
async fn keys_kept(remote: &RemoteJwks) {
    let app = app(&verifier(remote.clone()));
    assert_eq!(
        status(&app, &token("rsa2048.pem", "k1")).await.0,
        StatusCode::OK
    );
    assert_eq!(remote.last_error(), None);
    let (code, body) = status(&app, &token("rsa2048-b.pem", "k2")).await;
    assert_eq!(
        (code, body["msg"].clone()),
        (StatusCode::UNAUTHORIZED, json!("Unknown key id (kid)"))
    );
    assert_eq!(remote.fetch_count(), 2);
    assert_eq!(
        status(&app, &token("rsa2048.pem", "k1")).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let redirect = || {
        Response::builder()
            .status(StatusCode::FOUND)
            .header("location", "/moved")
            .body(Body::empty())
            .unwrap()
    };
    let (url, moved) = scripted(
        axum::Json(keys(&[("rsa2048.pub.pem", "k1")])).into_response(),
        redirect,
    )
    .await;
    let remote = RemoteJwks::new(url).min_interval(Duration::ZERO);
    keys_kept(&remote).await;
    assert_eq!(
        moved.load(Ordering::SeqCst),
        0,
        "the redirect target got no request"
    );
    let err = remote.last_error().unwrap();
    assert!(
        err.contains("answered 302 Found to `/moved`; redirects are not followed"),
        "{err}"
    );
}

/// A JWKS of exactly `len` bytes holding `kids`.
fn padded(kids: &[(&str, &str)], len: usize) -> Vec<u8> {
    let mut doc = keys(kids);
    doc["padding"] = json!("");
    let bare = serde_json::to_vec(&doc).unwrap().len();
    doc["padding"] = json!("x".repeat(len - bare));
    let bytes = serde_json::to_vec(&doc).unwrap();
    assert_eq!(bytes.len(), len);
    bytes
}

const MIB: usize = 1024 * 1024;

#[tokio::test]
async fn a_jwks_over_one_mib_is_refused_and_the_keys_kept() {
    // Exactly 1 MiB is read; one byte more (declared in Content-Length) is not.
    fn too_big() -> Response {
        padded(
            &[("rsa2048.pub.pem", "k1"), ("rsa2048-b.pub.pem", "k2")],
            MIB + 1,
        )
        .into_response()
    }
    let (url, _) = scripted(
        padded(&[("rsa2048.pub.pem", "k1")], MIB).into_response(),
        too_big,
    )
    .await;
    let remote = RemoteJwks::new(url).min_interval(Duration::ZERO);
    keys_kept(&remote).await;
    let err = remote.last_error().unwrap();
    assert!(
        err.contains("larger than the limit of 1 MiB (1048576 bytes)"),
        "{err}"
    );
}

/// A bare HTTP/1.1 server on 127.0.0.1 (a thread, one request per
/// connection): the first request gets `first`, every later one `later`,
/// both whole raw responses.
fn raw_provider(first: Vec<u8>, later: Vec<u8>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/certs", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|r| r == 1) {
                head.push(byte[0]);
            }
            // The client may hang up once it has read enough.
            let _ = stream.write_all(if n == 0 { &first } else { &later });
        }
    });
    url
}

#[tokio::test]
async fn an_undeclared_length_is_read_up_to_one_mib_only() {
    let k1 = serde_json::to_vec(&keys(&[("rsa2048.pub.pem", "k1")])).unwrap();
    let mut first = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        k1.len()
    )
    .into_bytes();
    first.extend_from_slice(&k1);
    // Chunked, so no length is declared: 2 MiB in 64 KiB chunks.
    let body = padded(
        &[("rsa2048.pub.pem", "k1"), ("rsa2048-b.pub.pem", "k2")],
        2 * MIB,
    );
    let mut later =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
            .to_vec();
    for chunk in body.chunks(64 * 1024) {
        later.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        later.extend_from_slice(chunk);
        later.extend_from_slice(b"\r\n");
    }
    later.extend_from_slice(b"0\r\n\r\n");
    let remote = RemoteJwks::new(raw_provider(first, later)).min_interval(Duration::ZERO);
    keys_kept(&remote).await;
    let err = remote.last_error().unwrap();
    assert!(err.contains("larger than the limit of 1 MiB"), "{err}");
}

#[test]
fn plain_http_is_refused_when_the_manager_is_built() {
    let build = |remote: RemoteJwks| JwtManager::builder().remote_jwks(remote).build();
    let err = build(RemoteJwks::new("http://idp.example/certs")).unwrap_err();
    assert!(matches!(err, ConfigError::RemoteJwks(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "remote JWKS: the JWKS URL `http://idp.example/certs` uses http://, so anyone on the \
         network path could replace the keys and sign any token; use https:// (plain http is \
         accepted for loopback hosts, or everywhere with RemoteJwks::allow_http(true))"
    );
    // Names that only look like loopback are not.
    for url in [
        "http://127.0.0.1.idp.example/certs",
        "http://localhost.idp.example/certs",
        "http://10.0.0.1/certs",
    ] {
        assert!(build(RemoteJwks::new(url)).is_err(), "{url}");
    }
    for (url, why) in [
        (
            "ftp://idp.example/certs",
            "has the scheme `ftp:`; use https://",
        ),
        ("idp.example/certs", "is not a URL"),
    ] {
        let err = build(RemoteJwks::new(url)).unwrap_err().to_string();
        assert!(err.contains(why), "{url}: {err}");
    }
    // HTTPS anywhere, plain HTTP on loopback hosts, or anywhere by opt-in.
    for url in [
        "https://idp.example/certs",
        "http://127.0.0.1:9/certs",
        "http://127.8.9.10/certs",
        "http://[::1]:9/certs",
        "http://localhost:9/certs",
        "http://LOCALHOST/certs",
    ] {
        assert!(build(RemoteJwks::new(url)).is_ok(), "{url}");
    }
    assert!(build(RemoteJwks::new("http://idp.example/certs").allow_http(true)).is_ok());
}

#[tokio::test]
async fn oidc_discovery_requires_https_for_the_issuer_and_its_jwks_uri() {
    // Refused before any request is made (idp.example does not resolve).
    let err = OidcProvider::discover("http://idp.example")
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains(
            "the OIDC discovery URL `http://idp.example/.well-known/openid-configuration` uses http://"
        ) && err.contains("with OidcProvider::discover_allowing_http"),
        "{err}"
    );
    // A loopback issuer whose document sends the keys elsewhere in the clear.
    let base = serve(|base| {
        let doc = json!({"issuer": base, "jwks_uri": "http://idp.example/certs"});
        Router::new().route(
            "/.well-known/openid-configuration",
            get(move || async move { axum::Json(doc) }),
        )
    })
    .await;
    let err = OidcProvider::discover(&base)
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("the jwks_uri that")
            && err.contains("`http://idp.example/certs` uses http://"),
        "{err}"
    );
    // By opt-in, the keys are taken over plain HTTP too.
    let found = OidcProvider::discover_allowing_http(&base).await.unwrap();
    assert!(
        JwtManager::builder()
            .remote_jwks(found.jwks)
            .build()
            .is_ok()
    );
}

#[tokio::test]
async fn oidc_discovery_finds_the_keys_and_checks_the_issuer() {
    let provider = Provider::start(json!({"keys": [jwk("rsa2048.pub.pem", "k1")]})).await;
    let found = OidcProvider::discover(&provider.base).await.unwrap();
    assert_eq!(found.issuer, provider.base);
    let manager = JwtManager::builder()
        .remote_jwks(found.jwks)
        .issuer(found.issuer.clone())
        .require_type(false)
        .build()
        .unwrap();
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("k1".to_owned());
    let now = jsonwebtoken::get_current_timestamp();
    let claims = json!({"sub": "alice", "iss": found.issuer, "exp": now + 60});
    let token = jsonwebtoken::encode(
        &header,
        &claims,
        &EncodingKey::from_rsa_pem(&key_file("rsa2048.pem")).unwrap(),
    )
    .unwrap();
    assert_eq!(status(&app(&manager), &token).await.0, StatusCode::OK);
    // A document that names another issuer is refused.
    let err = OidcProvider::discover(&format!(
        "{}/",
        provider.base.replace("127.0.0.1", "localhost")
    ))
    .await
    .err()
    .unwrap();
    assert!(err.to_string().contains("names the issuer"), "{err}");
}
