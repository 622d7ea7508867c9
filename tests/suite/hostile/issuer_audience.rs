//! Issuer and audience: `iss` and `aud` missing, mistyped, near misses and
//! twice against a manager that requires them, and an audience where none is set.

use super::*;

pub(super) fn cases() -> Vec<Case> {
    use Cat::IssuerAudience as I;
    fn base() -> Value {
        with(with(access(), "iss", json!(ISSUER)), "aud", json!(AUDIENCE))
    }
    let iss_aud = |name, want, token: fn() -> String| {
        row(I, name, App::IssAud, want, move |_| {
            bearer("/protected", &token())
        })
    };
    vec![
        iss_aud("the right iss and aud are accepted", ok("alice"), || {
            sign(&base())
        }),
        iss_aud("iss missing", invalid(MISSING_ISS), || {
            sign(&without(base(), "iss"))
        }),
        iss_aud("iss a number", invalid(INVALID_ISSUER), || {
            sign(&with(base(), "iss", json!(7)))
        }),
        iss_aud(
            "iss an array holding the issuer",
            invalid(INVALID_ISSUER),
            || sign(&with(base(), "iss", json!(["evil", ISSUER]))),
        ),
        iss_aud("iss null", invalid(INVALID_ISSUER), || {
            sign(&with(base(), "iss", json!(null)))
        }),
        iss_aud("iss with a trailing slash", invalid(INVALID_ISSUER), || {
            sign(&with(base(), "iss", json!(format!("{ISSUER}/"))))
        }),
        iss_aud("iss in another case", invalid(INVALID_ISSUER), || {
            sign(&with(base(), "iss", json!(ISSUER.to_uppercase())))
        }),
        iss_aud("iss with a NUL suffix", invalid(INVALID_ISSUER), || {
            sign(&with(base(), "iss", json!(format!("{ISSUER}\0"))))
        }),
        iss_aud(
            "iss twice, the expected one second",
            invalid(twice("payload", "iss")),
            || {
                let extra = format!("\"iss\":\"https://evil.example\",\"iss\":\"{ISSUER}\"");
                signed_payload(claims_plus(&without(base(), "iss"), &extra))
            },
        ),
        iss_aud("aud missing", invalid(MISSING_AUD), || {
            sign(&without(base(), "aud"))
        }),
        iss_aud("aud a number", invalid(AUD_MISMATCH), || {
            sign(&with(base(), "aud", json!(123)))
        }),
        iss_aud("aud null", invalid(AUD_MISMATCH), || {
            sign(&with(base(), "aud", json!(null)))
        }),
        iss_aud("aud an empty array", invalid(AUD_MISMATCH), || {
            sign(&with(base(), "aud", json!([])))
        }),
        iss_aud(
            "aud an array with a non-string",
            invalid(AUD_MISMATCH),
            || sign(&with(base(), "aud", json!([AUDIENCE, 7]))),
        ),
        iss_aud("aud in another case", invalid(AUD_MISMATCH), || {
            sign(&with(base(), "aud", json!("API")))
        }),
        iss_aud("aud an object", invalid(AUD_MISMATCH), || {
            sign(&with(base(), "aud", json!({AUDIENCE: true})))
        }),
        iss_aud(
            "aud twice, the expected one second",
            invalid(twice("payload", "aud")),
            || {
                let extra = format!("\"aud\":\"web\",\"aud\":\"{AUDIENCE}\"");
                signed_payload(claims_plus(&without(base(), "aud"), &extra))
            },
        ),
        std_token(
            I,
            "an audience where none is configured",
            invalid("Invalid audience"),
            || valid_with("aud", json!(AUDIENCE)),
        ),
        std_token(
            I,
            "an empty audience array where none is configured",
            invalid("Invalid audience"),
            || valid_with("aud", json!([])),
        ),
    ]
}
