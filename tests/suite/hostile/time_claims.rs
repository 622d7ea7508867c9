//! Time claims: `exp`, `nbf` and `iat` of every JSON type, out of range,
//! fractional, at now, missing and twice, with and without leeway.

use super::*;

pub(super) fn cases() -> Vec<Case> {
    use Cat::TimeClaims as C;
    let std = |name, want, token: fn() -> String| std_token(C, name, want, token);
    let leeway = |name, want, token: fn() -> String| {
        row(C, name, App::Leeway, want, move |_| {
            bearer("/protected", &token())
        })
    };
    vec![
        std(
            "exp as a numeric string",
            invalid(time_claim("exp")),
            || valid_with("exp", json!((now() + 600).to_string())),
        ),
        std("exp a boolean", invalid(time_claim("exp")), || {
            valid_with("exp", json!(true))
        }),
        std("exp an object", invalid(time_claim("exp")), || {
            valid_with("exp", json!({"$gt": 0}))
        }),
        std("exp the string NaN", invalid(time_claim("exp")), || {
            valid_with("exp", json!("NaN"))
        }),
        std(
            "exp the string Infinity",
            invalid(time_claim("exp")),
            || valid_with("exp", json!("Infinity")),
        ),
        std(
            "exp negative is no date",
            invalid(not_a_date("exp")),
            || valid_with("exp", json!(-1)),
        ),
        std("exp negative zero", invalid(EXPIRED), || {
            valid_with("exp", json!(-0.0))
        }),
        std(
            "exp i64::MIN is no date",
            invalid(not_a_date("exp")),
            || valid_with("exp", json!(i64::MIN)),
        ),
        std("exp a past fraction", invalid(EXPIRED), || {
            valid_with("exp", json!(1.5))
        }),
        std("exp 1e300 is no date", invalid(not_a_date("exp")), || {
            valid_with("exp", json!(1e300))
        }),
        std(
            "exp u64::MAX is no date",
            invalid(not_a_date("exp")),
            || valid_with("exp", json!(u64::MAX)),
        ),
        std(
            "exp 1e999 is not a number JSON can hold",
            invalid(PAYLOAD_STRING),
            || signed_payload(claims_plus(&without(access(), "exp"), r#""exp":1e999"#)),
        ),
        std("exp with a fraction in the future", ok("alice"), || {
            valid_with("exp", json!(now() as f64 + 600.25))
        }),
        std("exp equal to now", invalid(EXPIRED), || {
            valid_with("exp", json!(now()))
        }),
        std(
            "exp missing",
            invalid("Token is missing the \"exp\" claim"),
            || sign(&without(access(), "exp")),
        ),
        std(
            "exp twice, expired first",
            invalid(twice("payload", "exp")),
            || {
                let extra = format!("\"exp\":1,\"exp\":{}", now() + 600);
                signed_payload(claims_plus(&without(access(), "exp"), &extra))
            },
        ),
        std("nbf equal to now is accepted", ok("alice"), || {
            valid_with("nbf", json!(now()))
        }),
        std("nbf five seconds ahead", invalid(NBF), || {
            valid_with("nbf", json!(now() + 5))
        }),
        std("nbf 1e300 is no date", invalid(not_a_date("nbf")), || {
            valid_with("nbf", json!(1e300))
        }),
        std(
            "nbf u64::MAX is no date",
            invalid(not_a_date("nbf")),
            || valid_with("nbf", json!(u64::MAX)),
        ),
        std("nbf as a string", invalid(time_claim("nbf")), || {
            valid_with("nbf", json!("0"))
        }),
        std("nbf -1e300 is no date", invalid(not_a_date("nbf")), || {
            valid_with("nbf", json!(-1e300))
        }),
        std(
            "iat u64::MAX is no date",
            invalid(not_a_date("iat")),
            || valid_with("iat", json!(u64::MAX)),
        ),
        std("iat a boolean", invalid(time_claim("iat")), || {
            valid_with("iat", json!(false))
        }),
        leeway("leeway: exp 5 s ago is accepted", ok("alice"), || {
            valid_with("exp", json!(now() - 5))
        }),
        leeway(
            "leeway: exp exactly the leeway ago",
            invalid(EXPIRED),
            || valid_with("exp", json!(now() - 10)),
        ),
        leeway(
            "leeway: nbf exactly the leeway ahead is accepted",
            ok("alice"),
            || valid_with("nbf", json!(now() + 10)),
        ),
        leeway("leeway: nbf beyond the leeway", invalid(NBF), || {
            valid_with("nbf", json!(now() + 15))
        }),
        leeway("leeway: iat beyond the leeway", invalid(IAT), || {
            sign(&with(without(access(), "nbf"), "iat", json!(now() + 15)))
        }),
    ]
}
