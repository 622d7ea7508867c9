//! Per-operation cost of verifying and minting, for every algorithm, on the
//! crypto backend selected by features: `cargo bench --bench verify` for
//! RustCrypto (the default), `cargo bench --bench verify --features aws-lc` for
//! aws-lc. BENCHMARKS.md keeps the two side by side.

use criterion::{Criterion, criterion_group, criterion_main};
use jwt_guard::{Algorithm, JwtManager, Key};

fn key_file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn bench(c: &mut Criterion) {
    let backend = if cfg!(feature = "aws-lc") {
        "aws-lc"
    } else {
        "rust-crypto"
    };
    let mut group = c.benchmark_group(format!("verify/{backend}"));
    let hmac = JwtManager::builder()
        .secret("benchmark-secret-of-at-least-32-bytes!")
        .build()
        .unwrap();
    let cases: Vec<(&str, JwtManager)> = [
        (Algorithm::RS256, "rsa2048.pem"),
        (Algorithm::PS256, "rsa2048.pem"),
        (Algorithm::ES256, "p256.pem"),
        (Algorithm::ES384, "p384.pem"),
        (Algorithm::EdDSA, "ed25519.pem"),
    ]
    .into_iter()
    .map(|(alg, file)| {
        let key = Key::from_pem(alg, &key_file(file)).unwrap();
        let name = match alg {
            Algorithm::RS256 => "RS256",
            Algorithm::PS256 => "PS256",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            _ => "EdDSA",
        };
        (
            name,
            JwtManager::builder().signing_key(key).build().unwrap(),
        )
    })
    .chain(std::iter::once(("HS256", hmac)))
    .collect();
    for (name, manager) in &cases {
        let token = manager.create_access_token("alice").unwrap();
        assert!(manager.verify(&token).is_ok());
        group.bench_function(*name, |b| b.iter(|| manager.verify(&token)));
    }
    group.finish();
    let mut group = c.benchmark_group(format!("mint/{backend}"));
    for (name, manager) in &cases {
        group.bench_function(*name, |b| b.iter(|| manager.create_access_token("alice")));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
