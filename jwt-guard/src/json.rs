//! Strict JSON for JOSE headers and claims: duplicate member names are refused
//! at every level (RFC 7519 §4 allows refusing them, and last-wins would let a
//! second `type` or `scope` hide behind the first), and nesting is bounded.

use std::cell::Cell;
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
    let fault = Fault::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Strict::at(0, max_depth, &fault)
        .deserialize(&mut de)
        .map_err(|_| fault.take())?;
    de.end().map_err(|_| StrictError::Syntax)?;
    Ok(value)
}

/// Why a strict visitor refused, recorded where it refused: serde_json's
/// errors carry only text, and a refusal must not be recovered by parsing
/// another crate's messages. A parse that fails with nothing recorded failed
/// on serde_json's own grounds: the text is not JSON.
#[derive(Default)]
pub(crate) struct Fault(Cell<Option<StrictError>>);

impl Fault {
    /// Records `why` and gives the error that stops the parse.
    pub(crate) fn refuse<E: de::Error>(&self, why: StrictError) -> E {
        let err = E::custom(&why);
        self.0.set(Some(why));
        err
    }

    /// What refused the parse that just failed.
    pub(crate) fn take(&self) -> StrictError {
        self.0.take().unwrap_or(StrictError::Syntax)
    }
}

impl fmt::Display for StrictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax => f.write_str("not JSON"),
            Self::Duplicate(name) => write!(f, "duplicate member {name}"),
            Self::TooDeep => f.write_str("nested too deeply"),
        }
    }
}

/// The strict value builder, at some depth.
#[derive(Clone, Copy)]
pub(crate) struct Strict<'f> {
    depth: usize,
    max_depth: usize,
    pub(crate) fault: &'f Fault,
}

impl<'f> Strict<'f> {
    pub(crate) fn at(depth: usize, max_depth: usize, fault: &'f Fault) -> Self {
        Self {
            depth,
            max_depth,
            fault,
        }
    }

    /// One level down, or the error that refuses it.
    pub(crate) fn deeper<E: de::Error>(self) -> Result<Self, E> {
        if self.depth >= self.max_depth {
            return Err(self.fault.refuse(StrictError::TooDeep));
        }
        Ok(Self {
            depth: self.depth + 1,
            ..self
        })
    }
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
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
                    return Err(self
                        .fault
                        .refuse(StrictError::Duplicate(taken.key().clone())));
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
