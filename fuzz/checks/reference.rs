//! A small, independent reference of what the guard must decide: where the
//! token is found (docs/guard-reference.md §3b), how a JWS compact token is verified
//! (RFC 7515, RFC 7519, RFC 8725) and the order of checks of docs/guard-reference.md §1.6,
//! written from the spec rather than from the guard's code. The fuzz targets
//! compare the guard's answers with these.

use super::json::{self, J, JErr};

pub(crate) const MAX_LEN: usize = 8192;
pub(crate) const MAX_DEPTH: usize = 16;
pub(crate) const MAX_JTI: usize = 256;

/// What a manager is configured with, as far as the reference needs it.
pub(crate) struct Config {
    pub(crate) secret: &'static [u8],
    pub(crate) issuer: Option<&'static str>,
    pub(crate) audience: &'static [&'static str],
    pub(crate) revoked: &'static [&'static str],
}

/// A refused token: 401 `invalid_token` wherever it came from, even when it
/// is at fault only for its size or its nesting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    Invalid(String),
}

fn invalid(msg: impl Into<String>) -> Refusal {
    Refusal::Invalid(msg.into())
}

/// The answer a request must get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// 200 with this body.
    Ok(String),
    /// Refused: status, `error` code, and the `msg` when the reference
    /// knows it exactly.
    Refused(u16, Option<&'static str>, Option<String>),
}

impl Outcome {
    pub(crate) fn invalid_token(msg: impl Into<String>) -> Self {
        Outcome::Refused(401, Some("invalid_token"), Some(msg.into()))
    }

    pub(crate) fn from_refusal(refusal: Refusal) -> Self {
        let Refusal::Invalid(msg) = refusal;
        Outcome::invalid_token(msg)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Fresh {
    No,
    Yes,
    Until(f64),
}

/// A token the reference verified.
#[derive(Debug, Clone)]
pub(crate) struct Verified {
    pub(crate) claims: J,
    pub(crate) sub: String,
    pub(crate) refresh: bool,
    pub(crate) fresh: Fresh,
    pub(crate) jti: Option<String>,
}

/// Strict base64url without padding (RFC 7515 §2): its alphabet only, no
/// `=`, no length of 1 mod 4, and the unused trailing bits zero.
pub(crate) fn b64url(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    };
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in bytes {
        acc = (acc << 6) | u32::from(value(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // What is left over must be zero bits.
    (acc == 0).then_some(out)
}

fn segment_json(segment: &str, what: &str) -> Result<J, Refusal> {
    let bytes = b64url(segment).ok_or_else(|| invalid(format!("Invalid {what} padding")))?;
    match json::parse(&bytes, MAX_DEPTH) {
        Ok(value @ J::Obj(_)) => Ok(value),
        Ok(_) => Err(invalid(format!(
            "Invalid {what} string: must be a json object"
        ))),
        Err(JErr::Duplicate(name)) => Err(invalid(format!(
            "Invalid {what} string: \"{}\" appears twice",
            name.escape_default()
        ))),
        Err(JErr::TooDeep) => Err(invalid(format!(
            "Invalid {what} string: nested deeper than {MAX_DEPTH} levels"
        ))),
        Err(JErr::Syntax) => Err(invalid(format!("Invalid {what} string"))),
    }
}

/// 9999-12-31T23:59:59Z in seconds since 1970.
const LAST_DATE: f64 = 253_402_300_799.0;

fn time_claim(claims: &J, name: &str) -> Result<Option<f64>, Refusal> {
    match claims.get(name) {
        None => Ok(None),
        // A date from 1970 to 9999-12-31T23:59:59Z; anything else is no date.
        Some(J::Num(n)) if (0.0..=LAST_DATE).contains(&n.value) => Ok(Some(n.value)),
        Some(J::Num(_)) => Err(invalid(format!(
            "Invalid \"{name}\" claim: expected a NumericDate (seconds since 1970) between 1970 and the year 9999"
        ))),
        Some(_) => Err(invalid(format!(
            "Invalid \"{name}\" claim: expected a NumericDate (seconds since 1970)"
        ))),
    }
}

/// RFC 7515 §5.2 and RFC 7519 §7.2 for an HS256-only manager without `kid`s,
/// then the claims docs/guard-reference.md §3.2 makes strict, in the order of §1.6.
pub(crate) fn verify(config: &Config, token: &str, now: f64) -> Result<Verified, Refusal> {
    if token.len() > MAX_LEN {
        return Err(invalid(format!("The token is longer than {MAX_LEN} bytes")));
    }
    let segments: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = segments.as_slice() else {
        return Err(invalid(if segments.len() > 3 {
            "Too many segments: encrypted (JWE) and nested tokens are not accepted"
        } else {
            "Not enough segments"
        }));
    };
    let jose = segment_json(header, "header")?;
    match jose.get("alg") {
        Some(J::Str(alg)) if alg == "HS256" => {}
        Some(J::Str(_)) => return Err(invalid("The specified alg value is not allowed")),
        _ => return Err(invalid("Invalid header string: no \"alg\"")),
    }
    if jose.get("crit").is_some() {
        return Err(invalid("Unsupported critical header parameters (\"crit\")"));
    }
    // RFC 7516 §4.1: parameters of encrypted tokens only.
    for name in ["enc", "zip"] {
        if jose.get(name).is_some() {
            return Err(invalid(format!(
                "Invalid header string: \"{name}\" belongs to encrypted tokens (JWE), which are not accepted"
            )));
        }
    }
    match jose.get("kid") {
        None => {}
        Some(J::Str(_)) => return Err(invalid("Unknown key id (kid)")),
        Some(_) => return Err(invalid("Invalid header string: \"kid\" is not a string")),
    }
    // An HMAC-SHA256 tag is 43 characters; one over 86 is no tag of ours.
    let mac = if signature.len() > 86 {
        None
    } else {
        Some(b64url(signature).ok_or_else(|| invalid("Invalid crypto padding"))?)
    };
    let message = format!("{header}.{payload}");
    if mac != Some(hmac_sha256(config.secret, message.as_bytes())) {
        return Err(invalid("Signature verification failed"));
    }
    let claims = segment_json(payload, "payload")?;

    match time_claim(&claims, "exp")? {
        Some(exp) if exp <= now => return Err(invalid("Token has expired")),
        Some(_) => {}
        None => return Err(invalid("Token is missing the \"exp\" claim")),
    }
    if time_claim(&claims, "nbf")?.is_some_and(|nbf| nbf > now) {
        return Err(invalid("The token is not yet valid (nbf)"));
    }
    if time_claim(&claims, "iat")?.is_some_and(|iat| iat > now) {
        return Err(invalid("The token is not yet valid (iat)"));
    }
    if let Some(issuer) = config.issuer {
        match claims.get("iss") {
            Some(J::Str(iss)) if iss == issuer => {}
            None => return Err(invalid("Token is missing the \"iss\" claim")),
            Some(_) => return Err(invalid("Invalid issuer")),
        }
    }
    let ours = |aud: &J| matches!(aud, J::Str(a) if config.audience.contains(&a.as_str()));
    match claims.get("aud") {
        None if config.audience.is_empty() => {}
        None => return Err(invalid("Token is missing the \"aud\" claim")),
        Some(_) if config.audience.is_empty() => return Err(invalid("Invalid audience")),
        Some(aud @ J::Str(_)) if ours(aud) => {}
        Some(J::Arr(auds))
            if auds.iter().all(|a| matches!(a, J::Str(_))) && auds.iter().any(ours) => {}
        Some(_) => return Err(invalid("Audience doesn't match")),
    }
    let sub = match claims.get("sub") {
        None => return Err(invalid("Token is missing the \"sub\" claim")),
        Some(J::Str(sub)) => sub.clone(),
        Some(_) => {
            return Err(invalid(
                "Invalid \"sub\" claim: expected a string (RFC 7519 §4.1.2)",
            ));
        }
    };
    let refresh = match claims.get("type") {
        Some(J::Str(t)) if t == "access" => false,
        Some(J::Str(t)) if t == "refresh" => true,
        None => return Err(invalid("Token is missing the \"type\" claim")),
        Some(_) => {
            return Err(invalid(
                "Invalid \"type\" claim: expected \"access\" or \"refresh\"",
            ));
        }
    };
    let fresh = match claims.get("fresh") {
        None | Some(J::Bool(false)) => Fresh::No,
        Some(J::Bool(true)) => Fresh::Yes,
        Some(J::Num(n)) if (0.0..=LAST_DATE).contains(&n.value) => Fresh::Until(n.value),
        Some(_) => {
            return Err(invalid(
                "Invalid \"fresh\" claim: expected true, false or a NumericDate",
            ));
        }
    };
    let jti = match claims.get("jti") {
        None => None,
        Some(J::Str(jti)) if jti.len() > MAX_JTI => {
            return Err(invalid(format!(
                "The \"jti\" claim is longer than {MAX_JTI} bytes"
            )));
        }
        Some(J::Str(jti)) => Some(jti.clone()),
        Some(_) => return Err(invalid("Invalid \"jti\" claim: expected a string")),
    };
    Ok(Verified {
        claims,
        sub,
        refresh,
        fresh,
        jti,
    })
}

/// The token types a route takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Accepts {
    Access,
    Refresh,
    Any,
}

/// After verification: token type, freshness, revocation (docs/guard-reference.md §1.6).
pub(crate) fn guard(
    config: &Config,
    token: &Verified,
    accepts: Accepts,
    fresh: bool,
    now: f64,
) -> Result<(), Refusal> {
    match (accepts, token.refresh) {
        (Accepts::Access, true) => return Err(invalid("Only non-refresh tokens are allowed")),
        (Accepts::Refresh, false) => return Err(invalid("Only refresh tokens are allowed")),
        _ => {}
    }
    let is_fresh = match token.fresh {
        Fresh::No => false,
        Fresh::Yes => true,
        Fresh::Until(until) => now < until,
    };
    if fresh && !is_fresh {
        return Err(invalid("Fresh token required"));
    }
    if token
        .jti
        .as_deref()
        .is_some_and(|jti| config.revoked.contains(&jti))
    {
        return Err(invalid("Token has been revoked"));
    }
    Ok(())
}

/// What a location holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    Token(String),
    Absent,
    /// A malformed request (400 `invalid_request`).
    BadRequest,
}

/// RFC 6750 §2.1 read through RFC 7235 §2.1, over every `Authorization` value
/// (joined into one list, as RFC 9110 §5.3 combines field lines): visible
/// ASCII only; the list splits into credentials, `scheme [ 1*SP ( token68 /
/// #auth-param ) ]`, where a comma inside a quoted string splits nothing and,
/// after a comma, `name=` continues the parameters of the credential before.
/// Exactly one credential may have the scheme `Bearer` (any case), and it must
/// carry one token68 (RFC 6750's b64token). A list that does not parse is a
/// malformed request if it mentions `bearer` anywhere, else it holds no token.
pub(crate) fn bearer(values: &[&[u8]]) -> Found {
    if values
        .iter()
        .any(|v| v.iter().any(|b| !matches!(b, b'\t' | 0x20..=0x7e)))
    {
        return Found::BadRequest;
    }
    let joined = values
        .iter()
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let Some(credentials) = lex(&joined).and_then(|lexemes| credentials(&lexemes)) else {
        return if joined.to_ascii_lowercase().contains("bearer") {
            Found::BadRequest
        } else {
            Found::Absent
        };
    };
    let mut tokens = Vec::new();
    for (scheme, body) in credentials {
        if !scheme.eq_ignore_ascii_case("bearer") {
            continue;
        }
        match body {
            Credential::Token68(token) => tokens.push(token),
            Credential::Bare | Credential::Params => return Found::BadRequest,
        }
    }
    match tokens.len() {
        0 => Found::Absent,
        1 => Found::Token(tokens.remove(0)),
        _ => Found::BadRequest,
    }
}

/// The pieces of an `Authorization` value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lexeme {
    /// A run of token characters and `/` (a token68 may hold `/`, a token not).
    Word(String),
    Equals,
    Comma,
    /// A run of spaces and tabs.
    Blank(String),
    Quoted,
    Other,
}

/// `None` for a quoted string that never closes.
fn lex(text: &str) -> Option<Vec<Lexeme>> {
    const TCHAR: &str = "!#$%&'*+-.^_`|~";
    let word = |c: char| c.is_ascii_alphanumeric() || TCHAR.contains(c) || c == '/';
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if word(c) || c == ' ' || c == '\t' {
            let blank = !word(c);
            let start = k;
            while k < chars.len()
                && (if blank {
                    matches!(chars[k], ' ' | '\t')
                } else {
                    word(chars[k])
                })
            {
                k += 1;
            }
            let run: String = chars[start..k].iter().collect();
            out.push(if blank {
                Lexeme::Blank(run)
            } else {
                Lexeme::Word(run)
            });
            continue;
        }
        k += 1;
        out.push(match c {
            '=' => Lexeme::Equals,
            ',' => Lexeme::Comma,
            '"' => {
                loop {
                    match chars.get(k) {
                        None => return None,
                        Some('"') => break,
                        Some('\\') => k += 2,
                        Some(_) => k += 1,
                    }
                }
                k += 1;
                Lexeme::Quoted
            }
            _ => Lexeme::Other,
        });
    }
    Some(out)
}

/// What follows a credential's scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Credential {
    Bare,
    Token68(String),
    Params,
}

fn is_token(word: &str) -> bool {
    !word.contains('/')
}

fn is_token68_body(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~+/".contains(c))
}

/// The credentials of a lexed list, or `None` when it is not one.
fn credentials(lx: &[Lexeme]) -> Option<Vec<(String, Credential)>> {
    use Lexeme::*;
    let at = |k: usize| lx.get(k);
    let blank = |k: usize| usize::from(matches!(at(k), Some(Blank(_))));
    // An element ends at the end of the list or at a comma.
    let ends = |k: usize| matches!(at(k), None | Some(Comma));
    let mut out = Vec::new();
    let mut k = 0;
    loop {
        while matches!(at(k), Some(Blank(_) | Comma)) {
            k += 1;
        }
        let Some(lexeme) = at(k) else {
            return Some(out);
        };
        let Word(scheme) = lexeme else { return None };
        if !is_token(scheme) {
            return None;
        }
        k += 1;
        if ends(k + blank(k)) {
            out.push((scheme.clone(), Credential::Bare));
            k += blank(k);
            continue;
        }
        // One or more spaces, and nothing else, before the body.
        match at(k) {
            Some(Blank(b)) if b.chars().all(|c| c == ' ') => k += 1,
            _ => return None,
        }
        // A token68: a word of its alphabet, then '=' padding, then the end
        // of the element.
        if let Some(Word(w)) = at(k)
            && is_token68_body(w)
        {
            let mut e = k + 1;
            while at(e) == Some(&Equals) {
                e += 1;
            }
            if ends(e + blank(e)) {
                out.push((
                    scheme.clone(),
                    Credential::Token68(
                        std::iter::once(w.clone())
                            .chain((k + 1..e).map(|_| "=".to_owned()))
                            .collect(),
                    ),
                ));
                k = e + blank(e);
                continue;
            }
        }
        // Otherwise auth-params: `name [blank] = [blank] (token / quoted)`.
        let param_at = |k: usize| -> Option<usize> {
            let Some(Word(name)) = at(k) else { return None };
            if !is_token(name) {
                return None;
            }
            let mut e = k + 1;
            e += blank(e);
            (at(e) == Some(&Equals)).then_some(e + 1)
        };
        loop {
            let mut e = param_at(k)?;
            e += blank(e);
            match at(e) {
                Some(Word(v)) if is_token(v) => e += 1,
                Some(Quoted) => e += 1,
                _ => return None,
            }
            e += blank(e);
            if !ends(e) {
                return None;
            }
            k = e;
            // After the comma: another parameter, or the next credential.
            let mut next = k;
            while matches!(at(next), Some(Blank(_) | Comma)) {
                next += 1;
            }
            if at(next).is_none() || param_at(next).is_none() {
                break;
            }
            k = next;
        }
        out.push((scheme.clone(), Credential::Params));
    }
}

/// The non-empty cookie called `name` over every `Cookie` value
/// (`;`-separated pairs, ASCII whitespace trimmed, one layer of quotes off).
/// Two with different values are ambiguous (`Err`): another site of the
/// domain may have set one of them.
pub(crate) fn cookie(values: &[&[u8]], name: &str) -> Result<Option<Vec<u8>>, ()> {
    let mut seen: Vec<Vec<u8>> = Vec::new();
    for value in values {
        for pair in value.split(|b| *b == b';') {
            let pair = pair.trim_ascii();
            let Some(eq) = pair.iter().position(|b| *b == b'=') else {
                continue;
            };
            let (key, mut val) = (pair[..eq].trim_ascii(), pair[eq + 1..].trim_ascii());
            if val.len() >= 2 && val[0] == b'"' && val[val.len() - 1] == b'"' {
                val = &val[1..val.len() - 1];
            }
            if key == name.as_bytes() && !val.is_empty() && !seen.iter().any(|s| s == val) {
                seen.push(val.to_vec());
            }
        }
    }
    match seen.len() {
        0 => Ok(None),
        1 => Ok(seen.pop()),
        _ => Err(()),
    }
}

/// `application/x-www-form-urlencoded` decoding of one name or value.
fn form_decode(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push((hi * 16 + lo) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The one `name` parameter of a query string.
pub(crate) fn query(query: Option<&str>, name: &str) -> Found {
    let mut values = query
        .unwrap_or("")
        .as_bytes()
        .split(|b| *b == b'&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (key, value) = match pair.iter().position(|b| *b == b'=') {
                Some(eq) => (&pair[..eq], &pair[eq + 1..]),
                None => (pair, &b""[..]),
            };
            (form_decode(key) == name).then(|| form_decode(value))
        });
    match (values.next(), values.next()) {
        (None, _) => Found::Absent,
        (Some(_), Some(_)) => Found::BadRequest,
        (Some(value), None) if value.is_empty() => Found::BadRequest,
        (Some(value), None) => Found::Token(value),
    }
}

/// HMAC-SHA256 (RFC 2104) over SHA-256 (FIPS 180-4), so that the reference
/// shares no code with the guard's MAC.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&sha256(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = sha256(&[pad(0x36), message.to_vec()].concat());
    sha256(&[pad(0x5c), inner.to_vec()].concat()).to_vec()
}

fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut padded = data.to_vec();
    padded.push(0x80);
    while padded.len() % 64 != 56 {
        padded.push(0);
    }
    padded.extend((data.len() as u64 * 8).to_be_bytes());
    for chunk in padded.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in chunk.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (hi, vi) in h.iter_mut().zip(v) {
            *hi = hi.wrapping_add(vi);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_matches_rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn base64url_is_strict() {
        assert_eq!(b64url("eyJ9").unwrap(), b"{\"}");
        assert_eq!(b64url("YQ").unwrap(), b"a");
        assert!(b64url("YR").is_none(), "trailing bits");
        assert!(b64url("YQ==").is_none(), "padding");
        assert!(b64url("a+b/").is_none(), "standard alphabet");
        assert!(b64url("abcde").is_none(), "length 1 mod 4");
    }

    #[test]
    fn locations_follow_the_spec() {
        assert_eq!(bearer(&[b"bearer  x"]), Found::Token("x".into()));
        assert_eq!(bearer(&[b"Basic a, Bearer x"]), Found::Token("x".into()));
        assert_eq!(bearer(&[b"Bearer\tx"]), Found::BadRequest);
        assert_eq!(bearer(&[b"Bearer x", b"Bearer y"]), Found::BadRequest);
        assert_eq!(bearer(&[b"Bearerx"]), Found::Absent);
        assert_eq!(bearer(&[b"Bearer x="]), Found::Token("x=".into()));
        assert_eq!(bearer(&[b"Bearer x=y"]), Found::BadRequest);
        assert_eq!(bearer(&[b"Bearer \"x\""]), Found::BadRequest);
        assert_eq!(bearer(&[b"Foo r=\"a, Bearer x, b\""]), Found::Absent);
        assert_eq!(bearer(&[b"Foo r=\"a\\\", Bearer x\""]), Found::Absent);
        assert_eq!(bearer(&[b"Foo r=\"a", b"Bearer x\""]), Found::Absent);
        assert_eq!(bearer(&[b"Foo a=b, Bearer=x"]), Found::Absent);
        assert_eq!(
            bearer(&[b"Foo r=\"a, b\", Bearer x"]),
            Found::Token("x".into())
        );
        assert_eq!(bearer(&[b"Foo r=\"a, Bearer x"]), Found::BadRequest);
        assert_eq!(bearer(&[b"Foo r=\"a, Basic x"]), Found::Absent);
        assert_eq!(
            query(Some("a=1&jwt=x%2Ey+z"), "jwt"),
            Found::Token("x.y z".into())
        );
        assert_eq!(query(Some("jwt"), "jwt"), Found::BadRequest);
        assert_eq!(cookie(&[b"a=1; jwt=\"x\""], "jwt"), Ok(Some(b"x".to_vec())));
        assert_eq!(
            cookie(&[b"jwt=; jwt=\"x\"", b"jwt=x"], "jwt"),
            Ok(Some(b"x".to_vec()))
        );
        assert_eq!(cookie(&[b"jwt=x; jwt=y"], "jwt"), Err(()));
        assert_eq!(cookie(&[b"jwt=x", b"a=b; jwt=y"], "jwt"), Err(()));
    }
}
