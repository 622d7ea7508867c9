//! Keys from a remote JWKS served on loopback: fetched once, refreshed on an
//! unknown `kid` at most once per interval, stale keys kept while the provider
//! is down, and OIDC discovery.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http_body_util::BodyExt;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use jwt_guard::{JwtManager, Key, RemoteJwks, Token, discover, require_token};
use serde_json::{Value, json};
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

#[tokio::test]
async fn a_broken_provider_document_keeps_nothing_bad() {
    let provider = Provider::start(json!({"keys": [jwk("rsa2048.pub.pem", "k1"), {"kty": "oct", "k": "c2VjcmV0", "kid": "sym"}, {"kty": "EC", "crv": "P-521", "kid": "odd", "x": "AA", "y": "AA"}]})).await;
    let remote = RemoteJwks::new(provider.url());
    let app = app(&verifier(remote));
    // The usable key works; the symmetric and unsupported ones were skipped.
    assert_eq!(
        status(&app, &token("rsa2048.pem", "k1")).await.0,
        StatusCode::OK
    );
    let mut header = Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some("sym".to_owned());
    let now = jsonwebtoken::get_current_timestamp();
    let forged = jsonwebtoken::encode(
        &header,
        &json!({"sub": "alice", "iss": "http://idp", "exp": now + 60}),
        &EncodingKey::from_secret(b"secret"),
    )
    .unwrap();
    assert_eq!(status(&app, &forged).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn oidc_discovery_finds_the_keys_and_checks_the_issuer() {
    let provider = Provider::start(json!({"keys": [jwk("rsa2048.pub.pem", "k1")]})).await;
    let found = discover(&provider.base).await.unwrap();
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
    let err = discover(&format!(
        "{}/",
        provider.base.replace("127.0.0.1", "localhost")
    ))
    .await
    .err()
    .unwrap();
    assert!(err.to_string().contains("names the issuer"), "{err}");
}
