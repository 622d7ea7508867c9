//! PyJWT and jwt-guard accept each other's tokens for every algorithm, with the
//! same key files. The Python side is set up as for `fje_interop.rs`
//! (`JWT_GUARD_PYTHON`, and `JWT_GUARD_REQUIRE_INTEROP=1` in CI).

use std::process::Command;

use jwt_guard::{Algorithm, JwtManager, Key, TokenType};
use serde_json::{Value, json};

const MINT: &str = r#"
import json, sys, time, jwt
alg, key_path = sys.argv[1], sys.argv[2]
now = int(time.time())
claims = {"sub": "alice", "type": "access", "fresh": False, "jti": "py-" + alg,
          "iat": now, "nbf": now, "exp": now + 300}
print(json.dumps(jwt.encode(claims, open(key_path).read(), algorithm=alg, headers={"kid": "py"})))
"#;

const DECODE: &str = r#"
import json, sys, jwt
alg, key_path, token = sys.argv[1], sys.argv[2], sys.argv[3]
print(json.dumps(jwt.decode(token, open(key_path).read(), algorithms=[alg])))
"#;

const PAIRS: &[(Algorithm, &str, &str)] = &[
    (Algorithm::RS256, "rsa2048.pem", "rsa2048.pub.pem"),
    (Algorithm::RS384, "rsa2048.pem", "rsa2048.pub.pem"),
    (Algorithm::RS512, "rsa2048.pem", "rsa2048.pub.pem"),
    (Algorithm::PS256, "rsa2048.pem", "rsa2048.pub.pem"),
    (Algorithm::PS384, "rsa2048.pem", "rsa2048.pub.pem"),
    (Algorithm::PS512, "rsa2048.pem", "rsa2048.pub.pem"),
    (Algorithm::ES256, "p256.pem", "p256.pub.pem"),
    (Algorithm::ES384, "p384.pem", "p384.pub.pem"),
    (Algorithm::EdDSA, "ed25519.pem", "ed25519.pub.pem"),
];

fn key_path(name: &str) -> String {
    format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn python(script: &str, args: &[&str]) -> Option<Value> {
    let python = std::env::var("JWT_GUARD_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let required = std::env::var_os("JWT_GUARD_REQUIRE_INTEROP").is_some();
    match Command::new(&python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
    {
        Ok(out) if out.status.success() => Some(serde_json::from_slice(&out.stdout).unwrap()),
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            if !required && stderr.contains("ModuleNotFoundError") {
                eprintln!(
                    "skipped: PyJWT with cryptography is not installed for {python} (see .ci/run)"
                );
                return None;
            }
            panic!("{python} failed: {stderr}");
        }
        Err(err) if !required => {
            eprintln!("skipped: cannot run {python}: {err}");
            None
        }
        Err(err) => panic!("cannot run {python}: {err}"),
    }
}

fn alg_name(alg: Algorithm) -> String {
    format!("{alg:?}")
}

#[test]
fn pyjwt_tokens_are_accepted_for_every_algorithm() {
    for (alg, private, public) in PAIRS {
        let Some(token) = python(MINT, &[&alg_name(*alg), &key_path(private)]) else {
            return;
        };
        let manager = JwtManager::builder()
            .verification_key(
                Key::from_pem(*alg, &std::fs::read(key_path(public)).unwrap())
                    .unwrap()
                    .with_kid("py"),
            )
            .build()
            .unwrap();
        let verified = manager
            .verify(token.as_str().unwrap())
            .unwrap_or_else(|e| panic!("{alg:?}: {e}"));
        assert_eq!(verified.identity(), &json!("alice"));
        assert_eq!(verified.token_type(), TokenType::Access);
        assert_eq!(verified.jti(), Some(format!("py-{alg:?}").as_str()));
    }
}

#[test]
fn our_tokens_are_accepted_by_pyjwt_for_every_algorithm() {
    for (alg, private, public) in PAIRS {
        let manager = JwtManager::builder()
            .signing_key(
                Key::from_pem(*alg, &std::fs::read(key_path(private)).unwrap())
                    .unwrap()
                    .with_kid("rs"),
            )
            .build()
            .unwrap();
        let token = manager
            .access_token("alice")
            .claim("role", "admin")
            .mint()
            .unwrap();
        let Some(claims) = python(DECODE, &[&alg_name(*alg), &key_path(public), &token]) else {
            return;
        };
        assert_eq!(
            (claims["sub"].clone(), claims["role"].clone()),
            (json!("alice"), json!("admin")),
            "{alg:?}"
        );
    }
}

#[test]
fn pyjwt_refuses_our_token_under_another_key() {
    let manager = JwtManager::builder()
        .signing_key(
            Key::from_pem(
                Algorithm::RS256,
                &std::fs::read(key_path("rsa2048-b.pem")).unwrap(),
            )
            .unwrap(),
        )
        .build()
        .unwrap();
    let token = manager.create_access_token("alice").unwrap();
    let python_bin = std::env::var("JWT_GUARD_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let Ok(out) = Command::new(&python_bin)
        .arg("-c")
        .arg(DECODE)
        .args(["RS256", &key_path("rsa2048.pub.pem"), &token])
        .output()
    else {
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("ModuleNotFoundError")
        && std::env::var_os("JWT_GUARD_REQUIRE_INTEROP").is_none()
    {
        return;
    }
    assert!(!out.status.success());
    assert!(stderr.contains("Signature verification failed"), "{stderr}");
}
