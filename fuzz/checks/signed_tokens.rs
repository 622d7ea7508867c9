//! The `signed_tokens` target: signed, structure-aware tokens, judged against
//! the reference validator.

use super::*;

/// Arbitrary JOSE headers and claims, signed with the manager's secret (and
/// sometimes damaged after or before signing): the guard must decide exactly
/// as the reference validator does, message included.
pub(crate) fn signed_tokens(data: &[u8]) {
    let fx = fixture();
    let now = now_secs();
    let routes = [
        ("/access", Accepts::Access, false),
        ("/refresh", Accepts::Refresh, false),
        ("/fresh", Accepts::Access, true),
        ("/any", Accepts::Any, false),
    ];
    let (route, header, payload, damage) = match raw_mode(data, now) {
        Some((route, parts)) => {
            let header = parts.first().cloned().unwrap_or_default();
            let payload = parts.get(1).cloned().unwrap_or_default();
            (routes[usize::from(route) % 4], header, payload, 0)
        }
        None => {
            let mut g = Gen::new(data);
            let route = g.pick(&routes);
            let mut header = Vec::new();
            if !g.rare() {
                header.push((quote("alg"), quote("HS256")));
            }
            if g.rare() {
                for _ in 0..=g.below(3) {
                    header.push((g.pick(NAMES).to_owned(), value(&mut g, 1, now)));
                }
            }
            let claims = claims(&mut g, now, route.1 == Accepts::Refresh);
            let damage = if g.rare() { g.below(8) } else { 0 };
            (
                route,
                object(&header).into_bytes(),
                object(&claims).into_bytes(),
                damage,
            )
        }
    };
    let (mut h, mut p) = (
        URL_SAFE_NO_PAD.encode(&header),
        URL_SAFE_NO_PAD.encode(&payload),
    );
    match damage {
        1 => h.push('='),
        2 => p.push('='),
        3 => p = p.replace(['-', '_'], "+"),
        _ => {}
    }
    let message = format!("{h}.{p}");
    let mut signature = URL_SAFE_NO_PAD.encode(reference::hmac_sha256(SECRET, message.as_bytes()));
    match damage {
        4 => {
            signature = URL_SAFE_NO_PAD.encode(reference::hmac_sha256(ATTACKER, message.as_bytes()))
        }
        5 => {
            signature.pop();
            signature.push('B');
        }
        6 => signature.push('='),
        7 => signature.truncate(42),
        _ => {}
    }
    let token = format!("{message}.{signature}");
    let (path, accepts, fresh) = route;
    let want = expected_for_token(&SIGNED, &token, true, accepts, fresh);
    let req = Request::get(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = send(&fx.signed, req);
    let context = (
        String::from_utf8_lossy(&header),
        String::from_utf8_lossy(&payload),
        damage,
        path,
    );
    assert_outcome(&res, &want, &context);
    if res.status == 200 {
        assert!(
            signature == URL_SAFE_NO_PAD.encode(reference::hmac_sha256(SECRET, message.as_bytes())),
            "accepted with a damaged signature: {context:?}"
        );
    }
}
