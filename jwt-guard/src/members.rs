//! Where each top-level claim of a verified payload begins, noted by the pass
//! that verifies it (`payload.rs`), so that a route's requirements read the
//! claims they name from the payload's own text: no second pass over the
//! payload, and nothing built that is only compared.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// How many members are noted. A payload with more (or with an escaped
/// member name, which has no place in the text to point at) is read whole the
/// first time a requirement asks for a member: correct, only slower, and rare.
const NOTED: usize = 16;

/// The top-level member names of a payload, by where they start in it.
#[derive(Debug, Clone)]
pub(crate) struct Members {
    /// Offsets of the names' first bytes (after the opening quote).
    names: [u32; NOTED],
    len: u8,
    /// Whether every member of the payload is noted.
    complete: bool,
}

impl Default for Members {
    fn default() -> Self {
        Self {
            names: [0; NOTED],
            len: 0,
            complete: true,
        }
    }
}

/// Where a member's value is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Lookup<'p> {
    /// The payload's text from the value on (the value is the first JSON value
    /// of it; what follows belongs to later members).
    At(&'p [u8]),
    /// The payload has no such member.
    Absent,
    /// Not every member is noted: read the payload whole.
    Unknown,
}

impl Members {
    /// Notes the member `name`, read from `payload`: a name borrowed from
    /// the text. One with escapes was copied out of it, points elsewhere, and
    /// leaves the index incomplete.
    pub(crate) fn note(&mut self, payload: &[u8], name: &str) {
        if !self.complete {
            return;
        }
        let start = position_in(payload, name).map(|at| u32::try_from(at.start));
        match start {
            Some(Ok(start)) if usize::from(self.len) < NOTED => {
                self.names[usize::from(self.len)] = start;
                self.len += 1;
            }
            _ => self.complete = false,
        }
    }

    /// The value of member `name` in `payload` (the payload these were noted in).
    pub(crate) fn value<'p>(&self, payload: &'p [u8], name: &str) -> Lookup<'p> {
        for &start in &self.names[..usize::from(self.len)] {
            let start = start as usize;
            let Some(rest) = payload.get(start..) else {
                continue;
            };
            if let Some(after) = rest.strip_prefix(name.as_bytes())
                && let Some(after) = after.strip_prefix(b"\"")
            {
                // `"name"`, blanks, `:`, blanks: the payload passed the strict
                // parser, so the colon is there.
                let after = skip_blanks(after);
                return match after.strip_prefix(b":") {
                    Some(value) => Lookup::At(skip_blanks(value)),
                    None => Lookup::Unknown,
                };
            }
        }
        if self.complete {
            Lookup::Absent
        } else {
            Lookup::Unknown
        }
    }
}

/// Where `text` lies in `payload`, when it is a slice of it (a string the
/// deserializer borrowed); `None` for a copy (one that had escapes).
pub(crate) fn position_in(payload: &[u8], text: &str) -> Option<Range<usize>> {
    // Arithmetic on addresses only: the slice is compared by address after.
    let start = (text.as_ptr() as usize).wrapping_sub(payload.as_ptr() as usize);
    let range = start..start.wrapping_add(text.len());
    payload
        .get(range.clone())
        .is_some_and(|found| std::ptr::eq(found, text.as_bytes()))
        .then_some(range)
}

/// The JSON value at the start of `text`, if it is a string: borrowed unless
/// it has escapes. `Ok(None)` for any other type.
pub(crate) fn string_at(text: &[u8]) -> Result<Option<Cow<'_, str>>, serde_json::Error> {
    struct StringOrNot;

    impl<'de> Visitor<'de> for StringOrNot {
        type Value = Option<Cow<'de, str>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }

        fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Borrowed(v)))
        }

        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_owned())))
        }

        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }

    serde_json::Deserializer::from_slice(text).deserialize_any(StringOrNot)
}

/// JSON's insignificant whitespace (RFC 8259 §2).
fn skip_blanks(text: &[u8]) -> &[u8] {
    let blanks = text
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count();
    &text[blanks..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noted(payload: &str) -> Members {
        crate::payload::read(payload.as_bytes(), "sub", 16)
            .unwrap()
            .members
    }

    #[test]
    fn values_are_found_where_they_start() {
        let payload = "{ \"sub\" :\t\"alice\", \"scope\":{\"a\":1},\"n\" : 2 }";
        let members = noted(payload);
        let at = |name| match members.value(payload.as_bytes(), name) {
            Lookup::At(text) => Some(std::str::from_utf8(text).unwrap()),
            _ => None,
        };
        assert_eq!(
            at("sub"),
            Some("\"alice\", \"scope\":{\"a\":1},\"n\" : 2 }")
        );
        assert_eq!(at("scope"), Some("{\"a\":1},\"n\" : 2 }"));
        assert_eq!(at("n"), Some("2 }"));
        // A prefix of a name, or a name inside a value, is not a member.
        assert_eq!(members.value(payload.as_bytes(), "su"), Lookup::Absent);
        assert_eq!(members.value(payload.as_bytes(), "a"), Lookup::Absent);
    }

    #[test]
    fn an_escaped_name_or_many_members_make_the_index_incomplete() {
        let escaped = r#"{"sub":"alice","r\u006fle":"admin"}"#;
        let members = noted(escaped);
        assert_eq!(members.value(escaped.as_bytes(), "role"), Lookup::Unknown);
        assert_eq!(members.value(escaped.as_bytes(), "other"), Lookup::Unknown);
        let many: Vec<String> = (0..NOTED + 1).map(|i| format!("\"m{i}\":{i}")).collect();
        let many = format!("{{{}}}", many.join(","));
        let members = noted(&many);
        assert!(matches!(
            members.value(many.as_bytes(), "m0"),
            Lookup::At(_)
        ));
        assert_eq!(members.value(many.as_bytes(), "m16"), Lookup::Unknown);
    }
}
