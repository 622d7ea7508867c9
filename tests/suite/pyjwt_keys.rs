//! PyJWT and jwt-guard accept each other's tokens for every algorithm, with the
//! same key files. The Python side is set up as for `fje_interop.rs`
//! (`JWT_GUARD_PYTHON`, and `JWT_GUARD_REQUIRE_INTEROP=1` in CI).

use crate::common::{KEY_PAIRS, key_file, key_path, python, python_failure};
use jwt_guard::{Algorithm, JwtManager, Key, TokenType};
use serde_json::json;

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

fn alg_name(alg: Algorithm) -> String {
    format!("{alg:?}")
}

#[test]
fn pyjwt_tokens_are_accepted_for_every_algorithm() {
    for (alg, private, public) in KEY_PAIRS {
        let Some(token) = python(MINT, &[&alg_name(*alg), &key_path(private)]) else {
            return;
        };
        let manager = JwtManager::builder()
            .verification_key(
                Key::from_pem(*alg, &key_file(public))
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
    for (alg, private, public) in KEY_PAIRS {
        let manager = JwtManager::builder()
            .signing_key(
                Key::from_pem(*alg, &key_file(private))
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
        .signing_key(Key::from_pem(Algorithm::RS256, &key_file("rsa2048-b.pem")).unwrap())
        .build()
        .unwrap();
    let token = manager.create_access_token("alice").unwrap();
    let Some(stderr) = python_failure(DECODE, &["RS256", &key_path("rsa2048.pub.pem"), &token])
    else {
        return;
    };
    assert!(stderr.contains("Signature verification failed"), "{stderr}");
}
