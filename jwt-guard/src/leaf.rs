//! One requirement of a route tested on one claim, read from the payload's
//! text as it is parsed: strings stay borrowed, numbers are compared as they
//! arrive, and members and elements the test does not need are skipped
//! unbuilt. Only a comparison with a path variable that holds an array or
//! object builds the claim's value. The rules are `req.rs`'s (strict JSON
//! equality, the one string-versus-number rule of path variables).

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use crate::req;
use crate::spec::{Expect, Lit};

/// What a claim must be.
#[derive(Clone, Copy)]
pub(crate) enum Test<'r> {
    /// Equal to a literal or a path variable.
    Eq(&'r Expect),
    /// A scope string or array holding all of these.
    HasAll(&'r [&'r str]),
}

/// Whether the JSON value at the start of `text`, followed `path` into its
/// objects, passes `test`. `text` may go on after the value.
pub(crate) fn holds(
    text: &[u8],
    path: &[&str],
    test: Test<'_>,
    vars: &[Value],
) -> Result<bool, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(text);
    Leaf { path, test, vars }.deserialize(&mut de)
}

/// The test on a top-level string claim already read (the identity).
pub(crate) fn holds_on_str(claim: &str, test: Test<'_>, vars: &[Value]) -> bool {
    Leaf {
        path: &[],
        test,
        vars,
    }
    .scalar(Scalar::Str(claim))
}

/// The same test on a value already built (a payload read whole).
pub(crate) fn holds_in_value(value: &Value, path: &[&str], test: Test<'_>, vars: &[Value]) -> bool {
    let found = path
        .iter()
        .try_fold(value, |value, key| value.as_object()?.get(*key));
    match (found, test) {
        (None, _) => false,
        (Some(value), Test::Eq(expect)) => req::meets(value, expect, vars),
        (Some(value), Test::HasAll(wanted)) => req::scope_has_all(Some(value), wanted),
    }
}

struct Leaf<'a, 'r> {
    path: &'a [&'a str],
    test: Test<'r>,
    vars: &'a [Value],
}

impl<'de> DeserializeSeed<'de> for Leaf<'_, '_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Leaf<'_, '_> {
    /// The variable a test compares with, if it does.
    fn var(&self) -> Option<&Value> {
        match self.test {
            Test::Eq(Expect::Var { index, .. }) => {
                Some(self.vars.get(*index).unwrap_or(&Value::Null))
            }
            _ => None,
        }
    }

    /// A scalar claim at the end of the path.
    fn scalar(&self, claim: Scalar<'_>) -> bool {
        if !self.path.is_empty() {
            return false;
        }
        match self.test {
            Test::Eq(Expect::Lit(lit)) => claim.equals(lit),
            Test::Eq(Expect::Var { .. }) => {
                let var = self.var().unwrap_or(&Value::Null);
                claim.matches_var(var)
            }
            Test::HasAll(wanted) => match claim {
                Scalar::Str(scope) => wanted
                    .iter()
                    .all(|w| scope.split(' ').any(|have| have == *w)),
                _ => false,
            },
        }
    }
}

impl<'de> Visitor<'de> for Leaf<'_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<bool, E> {
        Ok(self.scalar(Scalar::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<bool, E> {
        Ok(self.scalar(Scalar::Num(&v.into())))
    }

    fn visit_u64<E>(self, v: u64) -> Result<bool, E> {
        Ok(self.scalar(Scalar::Num(&v.into())))
    }

    fn visit_f64<E>(self, v: f64) -> Result<bool, E> {
        // JSON has no non-finite numbers, so this is always `Some`.
        Ok(Number::from_f64(v).is_some_and(|n| self.scalar(Scalar::Num(&n))))
    }

    fn visit_str<E>(self, v: &str) -> Result<bool, E> {
        Ok(self.scalar(Scalar::Str(v)))
    }

    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(self.scalar(Scalar::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        match (self.path.is_empty(), self.test) {
            (true, Test::Eq(Expect::Lit(Lit::List(items)))) => {
                holds_all(seq, items, |elem, lit| elem.equals(lit))
            }
            (true, Test::HasAll(wanted)) => holds_all(
                seq,
                wanted,
                |elem, w| matches!(elem, Scalar::Str(have) if have == *w),
            ),
            (true, Test::Eq(Expect::Var { .. })) => {
                let var = self.var().unwrap_or(&Value::Null);
                let claim = Value::deserialize(SeqAccessDeserializer::new(seq))?;
                Ok(req::var_eq(&claim, var))
            }
            _ => {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(false)
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let Some((key, rest)) = self.path.split_first() else {
            return match self.var() {
                Some(var) => {
                    let claim = Value::deserialize(MapAccessDeserializer::new(map))?;
                    Ok(req::var_eq(&claim, var))
                }
                None => {
                    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                    Ok(false)
                }
            };
        };
        let mut result = false;
        // Every member is read, to the end of the object: the parser checks
        // that an object ends where its visitor stopped.
        while let Some(is_key) = map.next_key_seed(KeyIs(key))? {
            if is_key {
                result = map.next_value_seed(Leaf {
                    path: rest,
                    test: self.test,
                    vars: self.vars,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(result)
    }
}

/// Whether an array holds, for each of `wanted`, an element `matches` it.
fn holds_all<'de, A: SeqAccess<'de>, W>(
    mut seq: A,
    wanted: &[W],
    matches: impl Fn(Scalar<'_>, &W) -> bool,
) -> Result<bool, A::Error> {
    // One bit per wanted item; a longer list than 64 (never seen in a
    // guard) is tracked in a vector.
    let mut found_few = 0u64;
    let mut found_many = if wanted.len() > 64 {
        vec![false; wanted.len()]
    } else {
        Vec::new()
    };
    while let Some(elem) = seq.next_element::<Element<'_>>()? {
        let elem = elem.as_scalar();
        for (i, w) in wanted.iter().enumerate() {
            if matches(elem, w) {
                match found_many.get_mut(i) {
                    Some(found) => *found = true,
                    None => found_few |= 1 << i,
                }
            }
        }
    }
    Ok(if found_many.is_empty() {
        found_few.count_ones() as usize == wanted.len()
    } else {
        found_many.iter().all(|f| *f)
    })
}

/// A claim value as it arrived; arrays and objects are only built inside a
/// list (a list literal may hold a list).
#[derive(Clone, Copy)]
enum Scalar<'v> {
    Null,
    Bool(bool),
    Num(&'v Number),
    Str(&'v str),
    Built(&'v Value),
}

impl Scalar<'_> {
    /// `req.rs`'s literal rule, on a value not built.
    fn equals(self, lit: &Lit) -> bool {
        match (self, lit) {
            (Self::Built(value), lit) => req::lit_eq(value, lit),
            (Self::Str(s), Lit::Str(want)) => s == *want,
            // `as_i64` is `None` for a float, so `2.0` never equals `2`.
            (Self::Num(n), Lit::Int(want)) => n.as_i64() == Some(*want),
            (Self::Bool(b), Lit::Bool(want)) => b == *want,
            _ => false,
        }
    }

    /// `req.rs`'s variable rule, on a value not built.
    fn matches_var(self, var: &Value) -> bool {
        match (self, var) {
            (Self::Built(value), var) => req::var_eq(value, var),
            (Self::Null, var) => var.is_null(),
            (Self::Bool(b), var) => var.as_bool() == Some(b),
            (Self::Num(n), Value::Number(var)) => n == var,
            (Self::Num(_), _) => false,
            (Self::Str(s), Value::String(var)) => s == var,
            (Self::Str(s), Value::Number(n)) => s == n.to_string(),
            (Self::Str(s), Value::Bool(b)) => s == if *b { "true" } else { "false" },
            (Self::Str(_), _) => false,
        }
    }
}

/// An array element: a scalar borrowed where it can be, anything else built.
enum Element<'de> {
    Null,
    Bool(bool),
    Num(Number),
    Str(Cow<'de, str>),
    Built(Value),
}

impl Element<'_> {
    fn as_scalar(&self) -> Scalar<'_> {
        match self {
            Self::Null => Scalar::Null,
            Self::Bool(b) => Scalar::Bool(*b),
            Self::Num(n) => Scalar::Num(n),
            Self::Str(s) => Scalar::Str(s),
            Self::Built(v) => Scalar::Built(v),
        }
    }
}

impl<'de> Deserialize<'de> for Element<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ElementVisitor)
    }
}

struct ElementVisitor;

impl<'de> Visitor<'de> for ElementVisitor {
    type Value = Element<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Element::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Element::Num(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Element::Num(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Number::from_f64(v).map_or(Element::Null, Element::Num))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Element::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Element::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Element::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Element::Built)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Element::Built)
    }
}

/// Whether a member name is this one, escaped or not.
struct KeyIs<'k>(&'k str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E>(self, v: &str) -> Result<bool, E> {
        Ok(v == self.0)
    }
}
