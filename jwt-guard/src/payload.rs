//! One pass over a verified payload: the claims the guard decides on are read
//! into [`Reserved`], borrowing from the decoded bytes, and every other member
//! is only validated (no duplicate names at any level, nesting bounded) without
//! being built. The full claims map is made later, and only if something asks
//! for it ([`Token::claims`](crate::Token::claims)); since this pass already
//! refused what the strict parser refuses, that later parse cannot disagree.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use crate::json::{Fault, Strict, StrictError};
use crate::members::Members;

/// A reserved claim as written: scalars borrowed or copied, containers built.
#[derive(Debug, Clone)]
pub(crate) enum Raw<'de> {
    Null,
    Bool(bool),
    Num(Number),
    Str(Cow<'de, str>),
    /// An array or object, already checked by the strict parser (boxed:
    /// rare, and it would double the size of every slot).
    Nested(Box<Value>),
}

impl Raw<'_> {
    pub(crate) fn into_value(self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(b),
            Self::Num(n) => Value::Number(n),
            Self::Str(s) => Value::String(s.into_owned()),
            Self::Nested(v) => *v,
        }
    }
}

/// The claims whose values the checks read, each `None` when absent.
#[derive(Debug, Default)]
pub(crate) struct Reserved<'de> {
    pub(crate) exp: Option<Raw<'de>>,
    pub(crate) nbf: Option<Raw<'de>>,
    pub(crate) iat: Option<Raw<'de>>,
    pub(crate) iss: Option<Raw<'de>>,
    pub(crate) aud: Option<Raw<'de>>,
    pub(crate) sub: Option<Raw<'de>>,
    pub(crate) token_type: Option<Raw<'de>>,
    pub(crate) fresh: Option<Raw<'de>>,
    pub(crate) jti: Option<Raw<'de>>,
    /// The configured identity claim (`sub` by default, then also in `sub`).
    pub(crate) identity: Option<Raw<'de>>,
    /// Where every top-level member starts, for the requirements of routes.
    pub(crate) members: Members,
}

impl<'de> Reserved<'de> {
    fn slot(&mut self, claim: Claim) -> &mut Option<Raw<'de>> {
        match claim {
            Claim::Exp => &mut self.exp,
            Claim::Nbf => &mut self.nbf,
            Claim::Iat => &mut self.iat,
            Claim::Iss => &mut self.iss,
            Claim::Aud => &mut self.aud,
            Claim::Sub => &mut self.sub,
            Claim::Type => &mut self.token_type,
            Claim::Fresh => &mut self.fresh,
            Claim::Jti => &mut self.jti,
        }
    }
}

/// The names [`Reserved`] holds.
#[derive(Debug, Clone, Copy)]
enum Claim {
    Exp,
    Nbf,
    Iat,
    Iss,
    Aud,
    Sub,
    Type,
    Fresh,
    Jti,
}

impl Claim {
    fn of(name: &[u8]) -> Option<Self> {
        // Fixed-length patterns compile to a few integer compares; a match on
        // `&str` literals calls `memcmp` once per arm, for every member.
        Some(match *name {
            [b'e', b'x', b'p'] => Self::Exp,
            [b'n', b'b', b'f'] => Self::Nbf,
            [b'i', b'a', b't'] => Self::Iat,
            [b'i', b's', b's'] => Self::Iss,
            [b'a', b'u', b'd'] => Self::Aud,
            [b's', b'u', b'b'] => Self::Sub,
            [b'j', b't', b'i'] => Self::Jti,
            [b't', b'y', b'p', b'e'] => Self::Type,
            [b'f', b'r', b'e', b's', b'h'] => Self::Fresh,
            _ => return None,
        })
    }
}

/// Reads the payload `json` (an object) in one pass. `identity` names the
/// identity claim; nesting deeper than `max_depth` levels is refused, the
/// payload object itself counting as one.
pub(crate) fn read<'de>(
    json: &'de [u8],
    identity: &str,
    max_depth: usize,
) -> Result<Reserved<'de>, PayloadError> {
    let mut reserved = Reserved::default();
    let fault = Fault::default();
    // Valid UTF-8 throughout (every token this guard or Flask mints) is read
    // as text, which spares serde_json a check of every string; anything
    // else is read as bytes, so that its first fault in document order
    // (a duplicate before the bad byte, say) is the one reported.
    let is_object = match std::str::from_utf8(json) {
        Ok(text) => walk(
            serde_json::Deserializer::from_str(text),
            json,
            identity,
            max_depth,
            &fault,
            &mut reserved,
        ),
        Err(_) => walk(
            serde_json::Deserializer::from_slice(json),
            json,
            identity,
            max_depth,
            &fault,
            &mut reserved,
        ),
    }?;
    if !is_object {
        return Err(PayloadError::NotObject);
    }
    Ok(reserved)
}

fn walk<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
    json: &'de [u8],
    identity: &str,
    max_depth: usize,
    fault: &Fault,
    out: &mut Reserved<'de>,
) -> Result<bool, PayloadError> {
    // Filled in place: the struct is large, and a visitor's return value is
    // moved through every layer of the deserializer.
    let is_object = de
        .deserialize_any(Payload {
            json,
            identity,
            max_depth,
            fault,
            out,
        })
        .map_err(|_| PayloadError::Strict(fault.take()))?;
    // Trailing bytes first: `"a" x` is broken JSON, not a non-object.
    de.end()
        .map_err(|_| PayloadError::Strict(StrictError::Syntax))?;
    Ok(is_object)
}

/// Why a payload was refused.
#[derive(Debug)]
pub(crate) enum PayloadError {
    NotObject,
    Strict(StrictError),
}

struct Payload<'c, 'de> {
    /// The text being read, for [`Members::note`].
    json: &'de [u8],
    identity: &'c str,
    max_depth: usize,
    fault: &'c Fault,
    out: &'c mut Reserved<'de>,
}

impl<'de> Visitor<'de> for Payload<'_, 'de> {
    /// Whether the payload was an object.
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let fault = self.fault;
        let member = Strict::at(0, self.max_depth, fault).deeper::<A::Error>()?;
        // The identity is usually `sub`, read into its slot like the others;
        // any other name is compared with the members that are not reserved.
        let identity = Claim::of(self.identity.as_bytes());
        // Reserved names are told apart by their slots; only the others need
        // to be remembered to refuse a duplicate.
        let mut names = Names::default();
        let reserved = self.out;
        while let Some(name) = map.next_key_seed(Name)? {
            reserved.members.note(self.json, &name);
            if let Some(claim) = Claim::of(name.as_bytes()) {
                if reserved.slot(claim).is_some() {
                    return Err(duplicate(fault, &name));
                }
                let value = map.next_value_seed(RawSeed(member))?;
                *reserved.slot(claim) = Some(value);
            } else if identity.is_none() && name == self.identity {
                if reserved.identity.is_some() {
                    return Err(duplicate(fault, &name));
                }
                reserved.identity = Some(map.next_value_seed(RawSeed(member))?);
            } else {
                names.insert::<A::Error>(name, fault)?;
                map.next_value_seed(Check(member))?;
            }
        }
        if let Some(claim) = identity {
            reserved.identity = reserved.slot(claim).clone();
        }
        Ok(true)
    }

    // Anything but an object is refused by the caller, once the whole text has
    // passed the same strict checks (a deep or duplicated array reports those,
    // trailing bytes a syntax error).
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        Check(Strict::at(0, self.max_depth, self.fault)).visit_seq(seq)?;
        Ok(false)
    }

    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// A member name, borrowed unless it has escapes.
struct Name;

impl<'de> DeserializeSeed<'de> for Name {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Name {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

/// The names seen in one object, to refuse a duplicate without building the
/// object. Most objects are small: their names stay on the stack and are
/// compared one by one; a large one moves to a set, so that a payload of a
/// thousand members costs a thousand look-ups, not half a million comparisons.
#[derive(Default)]
struct Names<'de> {
    few: [Option<Cow<'de, str>>; FEW],
    len: usize,
    /// Made only for an object of more than [`FEW`] names (a set's keyed
    /// hasher costs a thread-local read even when it stays empty).
    many: Option<HashSet<Cow<'de, str>>>,
}

const FEW: usize = 8;

impl<'de> Names<'de> {
    fn insert<E: de::Error>(&mut self, name: Cow<'de, str>, fault: &Fault) -> Result<(), E> {
        if self.len < FEW {
            if self.few[..self.len].iter().flatten().any(|n| *n == name) {
                return Err(duplicate(fault, &name));
            }
            self.few[self.len] = Some(name);
        } else {
            let many = self
                .many
                .get_or_insert_with(|| self.few.iter_mut().filter_map(Option::take).collect());
            if many.contains(&name) {
                return Err(duplicate(fault, &name));
            }
            many.insert(name);
        }
        self.len += 1;
        Ok(())
    }
}

fn duplicate<E: de::Error>(fault: &Fault, name: &str) -> E {
    fault.refuse(StrictError::Duplicate(name.to_owned()))
}

/// A reserved claim's value.
struct RawSeed<'f>(Strict<'f>);

impl<'de> DeserializeSeed<'de> for RawSeed<'_> {
    type Value = Raw<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RawSeed<'_> {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Raw<'de>, E> {
        Ok(Raw::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Raw<'de>, E> {
        Ok(Raw::Num(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Raw<'de>, E> {
        Ok(Raw::Num(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Raw<'de>, E> {
        Ok(Number::from_f64(v).map_or(Raw::Null, Raw::Num))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_unit<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Raw<'de>, A::Error> {
        self.0.visit_seq(seq).map(|v| Raw::Nested(Box::new(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Raw<'de>, A::Error> {
        self.0.visit_map(map).map(|v| Raw::Nested(Box::new(v)))
    }
}

/// Any other member: checked as the strict parser would, and dropped.
#[derive(Clone, Copy)]
struct Check<'f>(Strict<'f>);

impl<'de> DeserializeSeed<'de> for Check<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Check<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = Self(self.0.deeper()?);
        while seq.next_element_seed(inner)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = Self(self.0.deeper()?);
        let mut names = Names::default();
        while let Some(name) = map.next_key_seed(Name)? {
            names.insert::<A::Error>(name, self.0.fault)?;
            map.next_value_seed(inner)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(json: &str) -> PayloadError {
        read(json.as_bytes(), "sub", 16).unwrap_err()
    }

    /// The payload object plus `levels` nested arrays.
    fn nested(levels: usize) -> String {
        format!("{{\"a\":{}1{}}}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn the_deepest_limit_refuses_before_the_parser_would() {
        let max = crate::verify::MAX_CLAIM_DEPTH;
        assert!(read(nested(max - 1).as_bytes(), "sub", max).is_ok());
        // Past the limit, and past serde_json's own 128 levels: both are our
        // refusal, recorded as such, never serde_json's message.
        for levels in [max, 130, 3000] {
            let err = read(nested(levels).as_bytes(), "sub", max).unwrap_err();
            assert!(
                matches!(err, PayloadError::Strict(StrictError::TooDeep)),
                "{levels}: {err:?}"
            );
        }
        // Not JSON at all is a syntax error, with nothing recorded.
        assert!(matches!(
            read(b"{\"a\":[1,}", "sub", max).unwrap_err(),
            PayloadError::Strict(StrictError::Syntax)
        ));
    }

    #[test]
    fn reserved_claims_are_read_and_borrowed() {
        let json = r#"{"sub":"alice","exp":10,"type":"access","jti":"j","role":"x"}"#;
        let r = read(json.as_bytes(), "sub", 16).unwrap();
        assert!(matches!(r.identity, Some(Raw::Str(Cow::Borrowed("alice")))));
        assert!(matches!(r.sub, Some(Raw::Str(Cow::Borrowed("alice")))));
        assert!(matches!(
            r.token_type,
            Some(Raw::Str(Cow::Borrowed("access")))
        ));
        assert!(matches!(r.exp, Some(Raw::Num(ref n)) if n.as_u64() == Some(10)));
        assert!(r.iss.is_none() && r.fresh.is_none());
    }

    #[test]
    fn another_identity_claim_is_read_as_any_value() {
        let r = read(r#"{"user":{"id":7},"sub":"s"}"#.as_bytes(), "user", 16).unwrap();
        assert_eq!(
            r.identity.unwrap().into_value(),
            serde_json::json!({"id": 7})
        );
        assert!(matches!(r.sub, Some(Raw::Str(_))));
    }

    #[test]
    fn duplicates_are_refused_at_every_level_even_when_escaped() {
        for json in [
            r#"{"type":"refresh","type":"access"}"#,
            r#"{"role":1,"role":2}"#,
            r#"{"scope":{"admin":false,"admin":true}}"#,
            r#"{"x":[{"a":1,"a":1}]}"#,
            r#"{"jti":"a","j\u0074i":"b"}"#,
        ] {
            assert!(
                matches!(
                    refused(json),
                    PayloadError::Strict(StrictError::Duplicate(_))
                ),
                "{json}"
            );
        }
        assert!(read(r#"{"a":{"b":1},"c":{"b":2}}"#.as_bytes(), "sub", 16).is_ok());
        assert!(matches!(
            read(r#"{"user":1,"user":2}"#.as_bytes(), "user", 16).unwrap_err(),
            PayloadError::Strict(StrictError::Duplicate(n)) if n == "user"
        ));
    }

    #[test]
    fn a_large_object_still_finds_its_duplicate() {
        let mut members: Vec<String> = (0..100).map(|i| format!("\"k{i}\":{i}")).collect();
        let unique = format!("{{{}}}", members.join(","));
        assert!(read(unique.as_bytes(), "sub", 16).is_ok());
        members.push("\"k3\":0".to_owned());
        let twice = format!("{{{}}}", members.join(","));
        assert!(matches!(
            refused(&twice),
            PayloadError::Strict(StrictError::Duplicate(n)) if n == "k3"
        ));
    }

    #[test]
    fn nesting_counts_the_payload_itself() {
        // Payload (1) + three arrays = 4 levels.
        let json = r#"{"a":[[[1]]]}"#;
        assert!(read(json.as_bytes(), "sub", 4).is_ok());
        assert!(matches!(
            read(json.as_bytes(), "sub", 3).unwrap_err(),
            PayloadError::Strict(StrictError::TooDeep)
        ));
        let deep = r#"{"sub":[[[1]]]}"#;
        assert!(matches!(
            read(deep.as_bytes(), "sub", 3).unwrap_err(),
            PayloadError::Strict(StrictError::TooDeep)
        ));
    }

    #[test]
    fn faults_are_reported_in_document_order_even_with_bad_utf8() {
        let duplicate_first = b"{\"type\":\"a\",\"type\":\"b\",\"x\":\"\xff\"}";
        assert!(matches!(
            read(duplicate_first, "sub", 16).unwrap_err(),
            PayloadError::Strict(StrictError::Duplicate(n)) if n == "type"
        ));
        let bad_byte_first = b"{\"x\":\"\xff\",\"type\":\"a\",\"type\":\"b\"}";
        assert!(matches!(
            read(bad_byte_first, "sub", 16).unwrap_err(),
            PayloadError::Strict(StrictError::Syntax)
        ));
    }

    #[test]
    fn non_objects_and_trailing_bytes_are_refused() {
        for json in ["[1]", "1", "\"s\"", "null", "true"] {
            assert!(matches!(refused(json), PayloadError::NotObject), "{json}");
        }
        for broken in [r#"{"a":1} x"#, r#""access","exp":1"#, "[1] x", "1 2"] {
            assert!(
                matches!(refused(broken), PayloadError::Strict(StrictError::Syntax)),
                "{broken}"
            );
        }
    }
}
