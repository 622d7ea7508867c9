//! Strict JSON for JOSE headers and claims: duplicate member names are refused
//! at every level (RFC 7519 §4 allows refusing them, and last-wins would let a
//! second `type` or `scope` hide behind the first), and nesting is bounded.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// Why a JSON segment was refused.
#[derive(Debug)]
pub(crate) enum StrictError {
    Syntax,
    Duplicate(String),
    TooDeep,
}

/// Parses `bytes` as JSON, refusing duplicate names and nesting deeper than
/// `max_depth` (objects and arrays count one level each).
pub(crate) fn parse(bytes: &[u8], max_depth: usize) -> Result<Value, StrictError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Strict {
        depth: 0,
        max_depth,
    }
    .deserialize(&mut de)
    .map_err(|err| classify(&err))?;
    de.end().map_err(|_| StrictError::Syntax)?;
    Ok(value)
}

/// What a parse error raised by [`Strict`] (or a visitor built on it) means.
pub(crate) fn classify(err: &serde_json::Error) -> StrictError {
    let text = err.to_string();
    if let Some(rest) = text.strip_prefix(DUPLICATE) {
        let name = rest.split(" at line").next().unwrap_or_default();
        StrictError::Duplicate(name.to_owned())
    } else if text.starts_with(TOO_DEEP) || text.starts_with("recursion limit exceeded") {
        StrictError::TooDeep
    } else {
        StrictError::Syntax
    }
}

pub(crate) const DUPLICATE: &str = "duplicate member ";
const TOO_DEEP: &str = "nested too deeply";

/// The strict value builder, at some depth.
#[derive(Clone, Copy)]
pub(crate) struct Strict {
    depth: usize,
    max_depth: usize,
}

impl Strict {
    pub(crate) fn at(depth: usize, max_depth: usize) -> Self {
        Self { depth, max_depth }
    }

    /// One level down, or the error that refuses it.
    pub(crate) fn deeper<E: de::Error>(self) -> Result<Self, E> {
        if self.depth >= self.max_depth {
            return Err(E::custom(TOO_DEEP));
        }
        Ok(Self {
            depth: self.depth + 1,
            ..self
        })
    }
}

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut members = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            // One search per member: the entry both detects a duplicate and
            // holds the place for the value.
            match members.entry(name) {
                Entry::Occupied(taken) => {
                    return Err(de::Error::custom(format_args!(
                        "{DUPLICATE}{}",
                        taken.key()
                    )));
                }
                Entry::Vacant(slot) => {
                    slot.insert(map.next_value_seed(inner)?);
                }
            }
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_refused_at_every_level() {
        assert!(
            matches!(parse(br#"{"a":1,"a":2}"#, 8), Err(StrictError::Duplicate(n)) if n == "a")
        );
        assert!(matches!(
            parse(br#"{"scope":{"admin":false,"admin":true}}"#, 8),
            Err(StrictError::Duplicate(n)) if n == "admin"
        ));
        assert!(parse(br#"{"a":{"b":1},"c":{"b":2}}"#, 8).is_ok());
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}1{}", "[".repeat(10), "]".repeat(10));
        assert!(matches!(
            parse(deep.as_bytes(), 9),
            Err(StrictError::TooDeep)
        ));
        assert!(parse(deep.as_bytes(), 10).is_ok());
        let very_deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(very_deep.as_bytes(), 32).is_err());
    }

    #[test]
    fn trailing_bytes_and_bad_utf8_are_syntax_errors() {
        assert!(matches!(
            parse(br#"{"a":1} x"#, 8),
            Err(StrictError::Syntax)
        ));
        assert!(matches!(
            parse(b"{\"a\":\"\xff\"}", 8),
            Err(StrictError::Syntax)
        ));
        assert_eq!(
            parse(br#"{"n":1.5,"i":-2,"u":18446744073709551615}"#, 8).unwrap()["i"],
            -2
        );
    }
}
