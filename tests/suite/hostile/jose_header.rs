//! The JOSE header: `alg` (none, case, duplicates, off the allow-list, key
//! confusion on an RS256 service), `crit` and `b64`, key-fetching parameters
//! (`jku`, `x5u`, `jwk`, `x5c`), `kid` injections, compressed and reflected input.

use super::*;

pub(super) fn cases() -> Vec<Case> {
    use Cat::JoseHeader as J;
    let std = |name, want, token: fn() -> String| std_token(J, name, want, token);
    let rsa = |name, want, token: fn() -> String| {
        row(J, name, App::Rsa, want, move |_| {
            bearer("/protected", &token())
        })
    };
    vec![
        std("alg none, unsigned", invalid(ALG), || {
            unsigned(r#"{"alg":"none"}"#)
        }),
        std("alg None, unsigned", invalid(ALG), || {
            unsigned(r#"{"alg":"None","typ":"JWT"}"#)
        }),
        std("alg nOnE, unsigned", invalid(ALG), || {
            unsigned(r#"{"alg":"nOnE"}"#)
        }),
        std("alg none with a valid HMAC signature", invalid(ALG), || {
            signed_header(r#"{"alg":"none"}"#)
        }),
        std("alg in lowercase", invalid(ALG), || {
            signed_header(r#"{"alg":"hs256"}"#)
        }),
        std("alg with a trailing NUL", invalid(ALG), || {
            signed_header(r#"{"alg":"HS256\u0000"}"#)
        }),
        std("alg empty", invalid(ALG), || signed_header(r#"{"alg":""}"#)),
        std("alg not a string", invalid(NO_ALG), || {
            signed_header(r#"{"alg":["HS256"]}"#)
        }),
        std("alg null", invalid(NO_ALG), || {
            signed_header(r#"{"alg":null}"#)
        }),
        std(
            "alg twice, none first",
            invalid(twice("header", "alg")),
            || signed_header(r#"{"alg":"none","alg":"HS256"}"#),
        ),
        std(
            "alg twice, the second escaped",
            invalid(twice("header", "alg")),
            || signed_header(r#"{"alg":"HS256","\u0061lg":"none"}"#),
        ),
        std(
            "an algorithm outside the allow-list (HS512)",
            invalid(ALG),
            || sign_with(Algorithm::HS512, &SECRET.repeat(2), &access()),
        ),
        rsa(
            "RS256 service: HS512 keyed with the public key PEM",
            invalid(ALG),
            || {
                jsonwebtoken::encode(
                    &Header::new(Algorithm::HS512),
                    &access(),
                    &EncodingKey::from_secret(&key_file("rsa2048.pub.pem")),
                )
                .unwrap()
            },
        ),
        rsa("RS256 service: alg none", invalid(ALG), || {
            unsigned(r#"{"alg":"none"}"#)
        }),
        rsa(
            "RS256 service: PS256 by the right key, bound to RS256",
            invalid(ALG),
            || rs_token(Algorithm::PS256, "rsa2048.pem", &access()),
        ),
        rsa("RS256 service: RS256 by another key", invalid(SIG), || {
            rs_token(Algorithm::RS256, "rsa2048-b.pem", &access())
        }),
        rsa(
            "RS256 service: the genuine token is accepted",
            ok("alice"),
            || rs_token(Algorithm::RS256, "rsa2048.pem", &access()),
        ),
        std("crit empty", invalid(CRIT), || {
            signed_header(r#"{"alg":"HS256","crit":[]}"#)
        }),
        // Unencoded, as RFC 7797 sends it: outside b64token, so in the query.
        query_case(
            J,
            "crit b64 with an unencoded payload",
            invalid(CRIT),
            || {
                let header = b64(r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#);
                sign_segments(&header, r#"{"sub":"alice"}"#)
            },
        ),
        std("crit null", invalid(CRIT), || {
            signed_header(r#"{"alg":"HS256","crit":null}"#)
        }),
        std("crit naming a present parameter", invalid(CRIT), || {
            signed_header(r#"{"alg":"HS256","x":1,"crit":["x"]}"#)
        }),
        query_case(
            J,
            "b64 false without crit: the payload is still base64url",
            invalid(PAYLOAD_PADDING),
            || sign_segments(&b64(r#"{"alg":"HS256","b64":false}"#), r#"{"sub":"alice"}"#),
        ),
        std("jku to the attacker's key set", invalid(SIG), || {
            attacker_header(r#"{"alg":"HS256","jku":"https://evil.example/jwks.json"}"#)
        }),
        std("x5u to the attacker's certificate", invalid(SIG), || {
            attacker_header(r#"{"alg":"HS256","x5u":"https://evil.example/cert.pem"}"#)
        }),
        std(
            "an embedded oct jwk holding the attacker's secret",
            invalid(SIG),
            || {
                let k = URL_SAFE_NO_PAD.encode(ATTACKER);
                attacker_header(&format!(
                    r#"{{"alg":"HS256","jwk":{{"kty":"oct","k":"{k}"}}}}"#
                ))
            },
        ),
        std("an x5c chain from the attacker", invalid(SIG), || {
            let cert = STANDARD.encode([0x30u8; 64]);
            attacker_header(&format!(r#"{{"alg":"HS256","x5c":["{cert}"]}}"#))
        }),
        std("kid path traversal", invalid(KID), || {
            signed_header(r#"{"alg":"HS256","kid":"../../../../../../dev/null"}"#)
        }),
        std("kid SQL injection", invalid(KID), || {
            signed_header(r#"{"alg":"HS256","kid":"x' UNION SELECT 'secret' --"}"#)
        }),
        std("kid of 5000 bytes", invalid(KID), || {
            signed_header(format!(r#"{{"alg":"HS256","kid":"{}"}}"#, "k".repeat(5000)))
        }),
        std(
            "kid with a quote, CR/LF, NUL and non-ASCII",
            invalid(KID),
            || signed_header(r#"{"alg":"HS256","kid":"a\"\r\nSet-Cookie: x=1; é\u0000"}"#),
        ),
        std("kid empty", invalid(KID), || {
            signed_header(r#"{"alg":"HS256","kid":""}"#)
        }),
        std("kid a number", invalid(KID_TYPE), || {
            signed_header(r#"{"alg":"HS256","kid":123}"#)
        }),
        std("kid an object (NoSQL-style)", invalid(KID_TYPE), || {
            signed_header(r#"{"alg":"HS256","kid":{"$ne":null}}"#)
        }),
        std("kid null", invalid(KID_TYPE), || {
            signed_header(r#"{"alg":"HS256","kid":null}"#)
        }),
        std(
            "a reflected duplicate name with a quote and CR/LF",
            invalid(twice("header", r#"a\"\r\nSet-Cookie: x"#)),
            || {
                let name = r#""a\"\r\nSet-Cookie: x""#;
                format!(
                    "{}.e30.x",
                    b64(format!(r#"{{"alg":"HS256",{name}:1,{name}:2}}"#))
                )
            },
        ),
        std(
            "a reflected duplicate name with non-ASCII",
            invalid(twice("header", r"\u{e9}\u{202e}")),
            || {
                format!(
                    "{}.e30.x",
                    b64("{\"alg\":\"HS256\",\"é\u{202e}\":1,\"é\u{202e}\":2}")
                )
            },
        ),
        std(
            "zip DEF with a deflated payload is not inflated",
            invalid(jwe_only("zip")),
            || {
                let payload = deflated(&access().to_string());
                sign_segments(&b64(r#"{"alg":"HS256","zip":"DEF"}"#), &b64(payload))
            },
        ),
        std(
            "zip DEF from the attacker",
            invalid(jwe_only("zip")),
            || attacker_header(r#"{"alg":"HS256","zip":"DEF"}"#),
        ),
        std(
            "zip DEF over a plain JSON payload, validly signed",
            invalid(jwe_only("zip")),
            || signed_header(r#"{"alg":"HS256","zip":"DEF"}"#),
        ),
        std(
            "enc in a validly signed JWS header",
            invalid(jwe_only("enc")),
            || signed_header(r#"{"alg":"HS256","enc":"A128GCM"}"#),
        ),
        std(
            "enc null is still JWE-only",
            invalid(jwe_only("enc")),
            || signed_header(r#"{"alg":"HS256","enc":null,"kid":"k"}"#),
        ),
        std("alg dir with enc (a JWE header)", invalid(ALG), || {
            signed_header(r#"{"alg":"dir","enc":"A128CBC-HS256"}"#)
        }),
    ]
}
