//! The `claims_eval` target: the claim-requirement evaluator, judged against
//! the plain interpreter of the claim routes.

use super::*;

/// Claim values of the kinds the routes compare, many nearly right.
fn claim_value(g: &mut Gen<'_>, now: u64) -> String {
    const LIKELY: &[&str] = &[
        "\"admin\"",
        "\"owner\"",
        "\"red\"",
        "\"blue\"",
        "\"x\"",
        "3",
        "3.0",
        "\"3\"",
        "7",
        "\"7\"",
        "-2",
        "-2.0",
        "-1",
        "-0",
        "true",
        "false",
        "\"true\"",
        "null",
        "42",
        "\"42\"",
        "\"042\"",
        "4.2e1",
        "18446744073709551615",
        "{\"id\":7}",
        "{\"id\":\"7\"}",
        "{\"id\":7.0}",
        "{\"admin\":true}",
        "{\"admin\":true,\"perm\":{\"read\":true},\"groups\":[\"a\"]}",
        "{\"admin\":true,\"perm\":{\"read\":1},\"groups\":\"a\"}",
        "[\"admin\",\"ops\"]",
        "[\"ops\",\"admin\",\"x\"]",
        "[\"admin\"]",
        "[[\"admin\",\"ops\"]]",
        "[\"x\"]",
        "\"read write\"",
        "\"write  read\"",
        "\"read,write\"",
        "[\"read\",\"write\"]",
        "[\"read write\"]",
        "[\"read\",7,\"write\"]",
    ];
    if g.byte() < 200 {
        g.pick(LIKELY).to_owned()
    } else {
        value(g, 1, now)
    }
}

/// Valid tokens whose other claims are generated: every claim route must
/// answer 200 or 403 exactly as a plain interpreter of the same guard says.
pub(crate) fn claims_eval(data: &[u8]) {
    let fx = fixture();
    let now = now_secs();
    let routes = claim_routes();
    let base = [
        ("sub", quote("alice")),
        ("type", quote("access")),
        ("exp", (now + 3600).to_string()),
    ];
    let mut g = Gen::new(data);
    let (index, payload) = match raw_mode(data, now) {
        Some((route, parts)) => (
            usize::from(route),
            parts.first().cloned().unwrap_or_default(),
        ),
        None => {
            let index = g.byte() as usize;
            let mut members: Vec<(String, String)> =
                base.iter().map(|(n, v)| (quote(n), v.clone())).collect();
            const CLAIMS: &[&str] = &[
                "role", "level", "org", "roles", "scope", "team", "banned", "uid", "delta",
                "active", "type", "perm", "groups",
            ];
            for _ in 0..=g.below(6) {
                let name = g.pick(CLAIMS);
                if name == "type" && !g.rare() {
                    continue;
                }
                members.push((quote(name), claim_value(&mut g, now)));
            }
            (index, object(&members).into_bytes())
        }
    };
    let (path, requirement) = &routes[index % routes.len()];
    let var = match *path {
        "/c5" => Some(Var::U64(g.pick(&[0, 7, 42, u64::MAX, 3]))),
        "/c6" => Some(Var::Str(
            g.pick(&["red", "blue", "7", "true", "alice"]).to_owned(),
        )),
        _ => None,
    };
    let uri = match &var {
        Some(Var::U64(n)) => format!("{path}/{n}"),
        Some(Var::Str(s)) => format!("{path}/{s}"),
        None => (*path).to_owned(),
    };
    let token = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#),
        URL_SAFE_NO_PAD.encode(&payload)
    );
    let signature = URL_SAFE_NO_PAD.encode(reference::hmac_sha256(SECRET, token.as_bytes()));
    let token = format!("{token}.{signature}");
    let want = match expected_for_token(&PLAIN, &token, true, Accepts::Access, false) {
        Outcome::Ok(_) => {
            let claims = json::parse(&payload, reference::MAX_DEPTH).unwrap();
            if holds(requirement, &claims, var.as_ref()) {
                let body = match &var {
                    Some(Var::U64(n)) => n.to_string(),
                    Some(Var::Str(s)) => s.clone(),
                    None => path.trim_start_matches('/').to_owned(),
                };
                Outcome::Ok(body)
            } else {
                Outcome::Refused(
                    403,
                    Some("insufficient_scope"),
                    Some("User claims verification failed".into()),
                )
            }
        }
        refused => refused,
    };
    let req = Request::get(&uri)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = send(&fx.plain, req);
    assert_outcome(&res, &want, &(uri, String::from_utf8_lossy(&payload)));
}
