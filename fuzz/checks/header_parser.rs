//! The `header_parser` target: `Authorization` values, one per line.

use super::*;

/// Arbitrary `Authorization` values (one per line, `$` a valid token): the
/// guard must answer as RFC 6750 §2.1 and docs/guard-reference.md §3b say, and accept
/// exactly the one valid token.
pub(crate) fn header_parser(data: &[u8]) {
    let fx = fixture();
    let marker = [("$", fx.valid.clone())];
    let values: Vec<Vec<u8>> = data
        .split(|b| *b == b'\n')
        .take(4)
        .map(|line| replace_markers(line, &marker))
        .filter(|line| HeaderValue::from_bytes(line).is_ok())
        .collect();
    let mut req = Request::get("/access").body(Body::empty()).unwrap();
    for value in &values {
        req.headers_mut()
            .append("authorization", HeaderValue::from_bytes(value).unwrap());
    }
    let refs: Vec<&[u8]> = values.iter().map(Vec::as_slice).collect();
    let want = match reference::bearer(&refs) {
        Found::Absent if refs.is_empty() => {
            Outcome::Refused(401, None, Some("Missing Authorization Header".into()))
        }
        Found::Absent => Outcome::Refused(
            401,
            None,
            Some(
                "Missing 'Bearer' type in 'Authorization' header. \
                 Expected 'Authorization: Bearer <JWT>'"
                    .into(),
            ),
        ),
        Found::BadRequest => Outcome::Refused(400, Some("invalid_request"), None),
        Found::Token(token) => expected_for_token(&PLAIN, &token, true, Accepts::Access, false),
    };
    let res = send(&fx.plain, req);
    assert_outcome(&res, &want, &String::from_utf8_lossy(data));
}
