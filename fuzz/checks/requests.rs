//! The `requests` target: whole HTTP/1-like requests to every route.

use super::*;

/// Arbitrary requests (method, target, headers, body) to every route: never a
/// 5xx, the RFC 6750 contract on every refusal, and nothing accepted but
/// the tokens the request carries.
pub(crate) fn requests(data: &[u8]) {
    let fx = fixture();
    let data = replace_markers(data, &fx.markers);
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (&data[..], &b""[..]),
    };
    let mut lines = head.split(|b| *b == b'\n');
    let method = lines
        .next()
        .and_then(|m| Method::from_bytes(m).ok())
        .unwrap_or(Method::GET);
    let Some(uri) = lines.next().and_then(|t| Uri::try_from(t).ok()) else {
        return;
    };
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::from(body.to_vec()))
        .unwrap();
    for line in lines.take(16) {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii_start());
        if let (Ok(name), Ok(value)) = (
            axum::http::HeaderName::from_bytes(name),
            HeaderValue::from_bytes(value),
        ) {
            req.headers_mut().append(name, value);
        }
    }
    let path = req.uri().path().to_owned();
    let res = send(&fx.multi, req);
    if let Err(why) = contract::check(&res) {
        panic!(
            "contract broken: {why}\n{res:?}\ninput: {:?}",
            String::from_utf8_lossy(&data)
        );
    }
    if res.status == 200 && res.error.is_none() {
        let body = String::from_utf8_lossy(&res.body).into_owned();
        assert!(
            !fx.never.contains(&body.as_str()),
            "a forged or expired token was accepted: {:?}",
            String::from_utf8_lossy(&data)
        );
        let carried = fx
            .markers
            .iter()
            .filter(|(m, _)| m.as_bytes()[1].is_ascii_uppercase())
            .any(|(_, token)| data.windows(token.len()).any(|w| w == token.as_bytes()));
        assert!(
            carried || body == "anonymous",
            "{path} accepted a request that carries none of the valid tokens: {:?}",
            String::from_utf8_lossy(&data)
        );
    }
}
