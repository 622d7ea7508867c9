//! The `unsigned_tokens` target: random bytes as a token.

use super::*;

/// Random bytes as a token, for a manager whose secret nobody knows: any
/// acceptance is a signature bypass.
pub(crate) fn unsigned_tokens(data: &[u8]) {
    let fx = fixture();
    let (manager, app) = &fx.unsigned;
    let text = String::from_utf8_lossy(data);
    if let Ok(token) = manager.verify(&text) {
        panic!("signature bypass: {text:?} verified as {token:?}");
    }
    let sendable = !data.is_empty() && data.iter().all(|b| (0x21..=0x7e).contains(b) && *b != b',');
    if sendable {
        let req = Request::get("/access")
            .header("authorization", [b"Bearer ".as_slice(), data].concat())
            .body(Body::empty())
            .unwrap();
        let res = send(app, req);
        if let Err(why) = contract::check(&res) {
            panic!("contract broken: {why}\n{res:?}\ninput: {text:?}");
        }
        assert!(
            res.status != 200 && res.error.is_some(),
            "signature bypass through the router: {text:?} got {res:?}"
        );
    }
}
