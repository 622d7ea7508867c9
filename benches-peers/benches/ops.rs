//! Per operation: verifying (HS256 ours and jsonwebtoken's, the lean path,
//! and jsonwebtoken's RS256/ES256/EdDSA), minting, and the parts of the floor.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jsonwebtoken::{Header, Validation};
use jwt_guard_benches::{self as fx, LeanClaims, LeanHeader, LeanKey, PeerClaims};
use serde_json::{Map, Value};

/// The payload of the bench token, as JSON text and as a map.
fn payload(token: &str) -> (Vec<u8>, Map<String, Value>) {
    let (_, payload, _) = fx::segments(token).expect("three segments");
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload)
        .expect("base64url");
    let map = serde_json::from_slice(&bytes).expect("a JSON object");
    (bytes, map)
}

fn verify(c: &mut Criterion) {
    let manager = fx::manager();
    let token = fx::token(&manager);
    let hand = fx::HandDecoder::new();
    let lean = LeanKey::new(fx::SECRET.as_bytes());
    let (_, claims) = payload(&token);

    let mut group = c.benchmark_group("verify");
    manager.verify(&token).expect("ours accepts the token");
    group.bench_function("ours_HS256", |b| {
        b.iter(|| manager.verify(black_box(&token)))
    });
    hand.decode::<PeerClaims>(&token)
        .expect("jsonwebtoken accepts the token");
    group.bench_function("jsonwebtoken_HS256", |b| {
        b.iter(|| hand.decode::<PeerClaims>(black_box(&token)))
    });
    group.bench_function("jsonwebtoken_HS256_map", |b| {
        b.iter(|| hand.decode::<Map<String, Value>>(black_box(&token)))
    });
    fx::lean_decode(&lean, &token, fx::now()).expect("the lean path accepts the token");
    group.bench_function("lean_HS256", |b| {
        b.iter(|| fx::lean_decode(&lean, black_box(&token), fx::now()))
    });

    // The same claims signed with each asymmetric key, verified by our manager
    // holding that key and by jsonwebtoken with its public half.
    for keys in &fx::ASYMMETRIC {
        let (encoding, decoding) = keys.jsonwebtoken_keys();
        let signed =
            jsonwebtoken::encode(&Header::new(keys.algorithm), &claims, &encoding).expect("signs");
        let ours = fx::asymmetric_manager(keys);
        ours.verify(&signed).expect("ours accepts the token");
        group.bench_function(format!("ours_{}", keys.name), |b| {
            b.iter(|| ours.verify(black_box(&signed)))
        });
        let mut validation = Validation::new(keys.algorithm);
        validation.set_audience(&[fx::AUDIENCE]);
        validation.validate_nbf = true;
        jsonwebtoken::decode::<PeerClaims>(&signed, &decoding, &validation)
            .expect("jsonwebtoken accepts its own token");
        group.bench_function(format!("jsonwebtoken_{}", keys.name), |b| {
            b.iter(|| {
                jsonwebtoken::decode::<PeerClaims>(black_box(&signed), &decoding, &validation)
            })
        });
    }
    group.finish();
}

fn mint(c: &mut Criterion) {
    let manager = fx::manager();
    let token = fx::token(&manager);
    let (_, claims) = payload(&token);
    let key = jsonwebtoken::EncodingKey::from_secret(fx::SECRET.as_bytes());
    let header = Header::new(jsonwebtoken::Algorithm::HS256);

    let mut group = c.benchmark_group("mint");
    group.bench_function("ours_create_access_token", |b| {
        b.iter(|| manager.create_access_token(black_box(fx::SUBJECT)))
    });
    // The same claims, already built: the signing and serialization alone.
    group.bench_function("jsonwebtoken_encode", |b| {
        b.iter(|| jsonwebtoken::encode(&header, black_box(&claims), &key))
    });
    group.finish();
}

fn floor(c: &mut Criterion) {
    let manager = fx::manager();
    let token = fx::token(&manager);
    let parts = fx::segments(&token).expect("three segments");
    let (payload_json, _) = payload(&token);
    let mut header_buf = [0u8; 256];
    let mut signature_buf = [0u8; 64];
    let (h, _, s) =
        fx::decode_segments(parts, &mut header_buf, &mut signature_buf).expect("base64url");
    let header_json = header_buf[..h].to_vec();
    let signature = signature_buf[..s].to_vec();
    let message = &token.as_bytes()[..parts.0.len() + 1 + parts.1.len()];
    let key = LeanKey::new(fx::SECRET.as_bytes());

    let mut group = c.benchmark_group("floor");
    assert!(key.verify(message, &signature));
    group.bench_function("hmac_sha256_verify", |b| {
        b.iter(|| key.verify(black_box(message), black_box(&signature)))
    });
    group.bench_function("base64url_three_segments", |b| {
        b.iter(|| {
            let mut header_buf = [0u8; 256];
            let mut signature_buf = [0u8; 64];
            fx::decode_segments(black_box(parts), &mut header_buf, &mut signature_buf)
                .map(|(h, p, s)| (h, p.len(), s))
        })
    });
    serde_json::from_slice::<LeanHeader<'_>>(&header_json).expect("a header");
    group.bench_function("header_json_struct", |b| {
        b.iter(|| {
            serde_json::from_slice::<LeanHeader<'_>>(black_box(&header_json)).map(|h| h.alg.len())
        })
    });
    serde_json::from_slice::<LeanClaims>(&payload_json).expect("the claims");
    group.bench_function("claims_json_struct", |b| {
        b.iter(|| serde_json::from_slice::<LeanClaims>(black_box(&payload_json)))
    });
    group.bench_function("claims_json_map", |b| {
        b.iter(|| serde_json::from_slice::<Map<String, Value>>(black_box(&payload_json)))
    });
    group.finish();
}

criterion_group!(benches, verify, mint, floor);
criterion_main!(benches);
