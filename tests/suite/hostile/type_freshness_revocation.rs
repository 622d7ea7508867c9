//! Token type, freshness and revocation: `type` and `fresh` malformed or
//! wrong for the route, revoked, duplicated and oversized `jti`.

use super::*;

/// Valid claims without `type` and `fresh`, plus these members as raw JSON.
fn untyped_plus(extra: &str) -> String {
    signed_payload(claims_plus(
        &without(without(access(), "type"), "fresh"),
        extra,
    ))
}

pub(super) fn cases() -> Vec<Case> {
    use Cat::TypeFreshnessRevocation as F;
    let std = |name, want, token: fn() -> String| std_token(F, name, want, token);
    let to = |name, uri: &'static str, want, token: fn() -> String| {
        row(F, name, App::Std, want, move |_| bearer(uri, &token()))
    };
    vec![
        std("type in capitals", invalid(INVALID_TYPE), || {
            valid_with("type", json!("ACCESS"))
        }),
        std("type an array", invalid(INVALID_TYPE), || {
            valid_with("type", json!(["access"]))
        }),
        std("type null", invalid(INVALID_TYPE), || {
            valid_with("type", json!(null))
        }),
        std(
            "a refresh token on an access route",
            invalid(ONLY_ACCESS),
            || valid_with("type", json!("refresh")),
        ),
        to(
            "an access token on the refresh route",
            "/refresh",
            invalid(ONLY_REFRESH),
            valid,
        ),
        std("type twice", invalid(twice("payload", "type")), || {
            untyped_plus(r#""type":"refresh","fresh":false,"type":"access""#)
        }),
        std(
            "type twice, the second escaped",
            invalid(twice("payload", "type")),
            || untyped_plus(r#""type":"refresh","fresh":false,"\u0074ype":"access""#),
        ),
        to(
            "not fresh on a fresh route",
            "/fresh",
            invalid(FRESH),
            valid,
        ),
        to(
            "fresh the string true",
            "/fresh",
            invalid(INVALID_FRESH),
            || valid_with("fresh", json!("true")),
        ),
        to(
            "fresh 1 (a timestamp in 1970)",
            "/fresh",
            invalid(FRESH),
            || valid_with("fresh", json!(1)),
        ),
        to("fresh a second ago", "/fresh", invalid(FRESH), || {
            valid_with("fresh", json!(now() - 1))
        }),
        to("fresh 1e300", "/fresh", invalid(INVALID_FRESH), || {
            valid_with("fresh", json!(1e300))
        }),
        to("fresh negative", "/fresh", invalid(INVALID_FRESH), || {
            valid_with("fresh", json!(-1))
        }),
        to("fresh null", "/fresh", invalid(INVALID_FRESH), || {
            valid_with("fresh", json!(null))
        }),
        to(
            "fresh until later is accepted",
            "/fresh",
            ok("fresh"),
            || valid_with("fresh", json!(now() + 600)),
        ),
        to(
            "fresh twice, false first",
            "/fresh",
            invalid(twice("payload", "fresh")),
            || untyped_plus(r#""type":"access","fresh":false,"fresh":true"#),
        ),
        std("a revoked jti", invalid(REVOKED), || {
            valid_with("jti", json!(REVOKED_JTI))
        }),
        std(
            "jti twice, the revoked one second",
            invalid(twice("payload", "jti")),
            || {
                let extra = format!("\"jti\":\"another\",\"jti\":\"{REVOKED_JTI}\"");
                signed_payload(claims_plus(&without(access(), "jti"), &extra))
            },
        ),
        std(
            "jti of 257 bytes",
            invalid("The \"jti\" claim is longer than 256 bytes"),
            || valid_with("jti", json!("j".repeat(257))),
        ),
        std("jti of 256 bytes is accepted", ok("alice"), || {
            valid_with("jti", json!("j".repeat(256)))
        }),
        std("jti null", invalid(INVALID_JTI), || {
            valid_with("jti", json!(null))
        }),
    ]
}
