//! Structure: segments (JWE, the JSON serialization, a nested JWT), base64url
//! (padding, alphabet, trailing bits), encodings and payloads that are not one
//! JSON object, and nesting depth.

use super::*;

pub(super) fn cases() -> Vec<Case> {
    use Cat::Structure as S;
    let std = |name, want, token: fn() -> String| std_token(S, name, want, token);
    vec![
        std("one segment", invalid(NOT_ENOUGH), || {
            "eyJhbGciOiJIUzI1NiJ9".to_owned()
        }),
        std("two segments", invalid(NOT_ENOUGH), || {
            valid().rsplit_once('.').unwrap().0.to_owned()
        }),
        std("a lone dot", invalid(NOT_ENOUGH), || ".".to_owned()),
        std("three empty segments", invalid(HEADER_STRING), || {
            "..".to_owned()
        }),
        std("four segments", invalid(TOO_MANY), || {
            format!("{}.x", valid())
        }),
        std(
            "a JWE in compact form (five segments)",
            invalid(TOO_MANY),
            || {
                format!(
                    "{}.{}.{}.{}.{}",
                    b64(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#),
                    b64([7u8; 256]),
                    b64([1u8; 12]),
                    b64(b"ciphertext"),
                    b64([2u8; 16])
                )
            },
        ),
        std(
            "the JWS JSON serialization",
            bad_request(NOT_B64TOKEN),
            json_serialization,
        ),
        query_case(
            S,
            "the JWS JSON serialization in the query",
            invalid(NOT_ENOUGH),
            json_serialization,
        ),
        std(
            "a nested JWT as the payload (cty JWT)",
            invalid(PAYLOAD_STRING),
            || sign_segments(&b64(r#"{"alg":"HS256","cty":"JWT"}"#), &b64(valid())),
        ),
        std("a stripped signature", invalid(SIG), || {
            format!("{}.", valid().rsplit_once('.').unwrap().0)
        }),
        std("an over-long signature", invalid(SIG), || {
            format!("{}{}", valid(), "A".repeat(64))
        }),
        // `=` inside the token is outside RFC 6750's b64token, so the header
        // refuses these before decoding; the query string reaches the decoder.
        query_case(
            S,
            "'=' padding on the header",
            invalid(HEADER_PADDING),
            || {
                let header = URL_SAFE.encode(r#"{"alg":"HS256","x":12}"#);
                assert!(header.ends_with('='));
                sign_segments(&header, &b64(access().to_string()))
            },
        ),
        query_case(
            S,
            "'=' padding on the payload, signed as sent",
            invalid(PAYLOAD_PADDING),
            || {
                let payload = URL_SAFE.encode(claims_needing_padding());
                assert!(payload.ends_with('='));
                sign_segments(&b64(r#"{"alg":"HS256"}"#), &payload)
            },
        ),
        std(
            "'=' padding on the signature",
            invalid(CRYPTO_PADDING),
            || format!("{}=", valid()),
        ),
        std(
            "the standard alphabet in the header",
            invalid(HEADER_PADDING),
            || {
                let header = b64(r#"{"alg":"HS256","x":"~~~~~?????"}"#);
                assert!(header.contains(['-', '_']));
                sign_segments(&standard_alphabet(&header), &b64(access().to_string()))
            },
        ),
        std(
            "the standard alphabet in the payload, signed as sent",
            invalid(PAYLOAD_PADDING),
            || {
                let payload = b64(with(access(), "x", json!("~~~~~?????")).to_string());
                assert!(payload.contains(['-', '_']));
                sign_segments(&b64(r#"{"alg":"HS256"}"#), &standard_alphabet(&payload))
            },
        ),
        std(
            "the standard alphabet in the signature",
            invalid(CRYPTO_PADDING),
            || {
                let token = valid_with_url_chars_in_signature();
                let (head, sig) = token.rsplit_once('.').unwrap();
                format!("{head}.{}", standard_alphabet(sig))
            },
        ),
        std(
            "trailing bits set in the header's last character",
            invalid(HEADER_PADDING),
            || {
                let header = set_trailing_bit(&b64(r#"{"alg":"HS256","x":12}"#));
                sign_segments(&header, &b64(access().to_string()))
            },
        ),
        std(
            "trailing bits set in the signature (same MAC bytes)",
            invalid(CRYPTO_PADDING),
            || {
                let token = valid();
                let (head, sig) = token.rsplit_once('.').unwrap();
                format!("{head}.{}", set_trailing_bit(sig))
            },
        ),
        std(
            "a byte-order mark before the header",
            invalid(HEADER_STRING),
            || signed_header("\u{feff}{\"alg\":\"HS256\"}"),
        ),
        std(
            "a byte-order mark before the payload",
            invalid(PAYLOAD_STRING),
            || signed_payload(format!("\u{feff}{}", access())),
        ),
        std(
            "invalid UTF-8 in the header",
            invalid(HEADER_STRING),
            || signed_header(b"{\"alg\":\"HS256\",\"x\":\"\xff\"}"),
        ),
        std(
            "an overlong UTF-8 sequence in the payload",
            invalid(PAYLOAD_STRING),
            || {
                let mut bytes = claims_plus(&access(), "\"x\":\"@@\"").into_bytes();
                let at = bytes.iter().position(|b| *b == b'@').unwrap();
                bytes[at..at + 2].copy_from_slice(b"\xc0\xaf");
                signed_payload(bytes)
            },
        ),
        std(
            "a lone surrogate escape in the payload",
            invalid(PAYLOAD_STRING),
            || signed_payload(claims_plus(&access(), r#""x":"\ud800""#)),
        ),
        std(
            "trailing bytes after the header object",
            invalid(HEADER_STRING),
            || signed_header(r#"{"alg":"HS256"}x"#),
        ),
        std(
            "a second object after the payload",
            invalid(PAYLOAD_STRING),
            || signed_payload(format!("{}{{}}", access())),
        ),
        std("a NUL after the payload", invalid(PAYLOAD_STRING), || {
            signed_payload(format!("{}\0", access()))
        }),
        std("a comment in the payload", invalid(PAYLOAD_STRING), || {
            signed_payload(claims_plus(&access(), r#""x":1/*x*/"#))
        }),
        std("an array payload", invalid(NOT_OBJECT), || {
            signed_payload(format!("[{}]", access()))
        }),
        std("a string payload", invalid(NOT_OBJECT), || {
            signed_payload("\"alice\"")
        }),
        std("a null payload", invalid(NOT_OBJECT), || {
            signed_payload("null")
        }),
        std(
            "a header that is an array",
            invalid("Invalid header string: must be a json object"),
            || signed_header(r#"[{"alg":"HS256"}]"#),
        ),
        std("claims nested 16 deep are accepted", ok("alice"), || {
            // The payload object is level 1; fifteen arrays make sixteen.
            signed_payload(claims_plus(&access(), &format!("\"n\":{}", nested(15))))
        }),
        std("claims nested 17 deep", invalid(deeper("payload")), || {
            signed_payload(claims_plus(&access(), &format!("\"n\":{}", nested(16))))
        }),
        std(
            "a header nested 17 deep, unsigned",
            invalid(deeper("header")),
            || {
                format!(
                    "{}.e30.x",
                    b64(format!("{{\"alg\":\"HS256\",\"x\":{}}}", nested(16)))
                )
            },
        ),
        std(
            "a payload nested 3000 deep",
            invalid(deeper("payload")),
            || signed_payload(format!("{{\"sub\":{}}}", nested(3000))),
        ),
        std(
            "a valid token of exactly 8192 bytes is accepted",
            ok("alice"),
            || valid_of_length(8192),
        ),
        std("a valid token of 8193 bytes", invalid(TOO_LONG), || {
            valid_of_length(8193)
        }),
    ]
}
