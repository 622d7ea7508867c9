//! What `#[require_token(Name, ..)]` evaluates at compile time: the checks
//! that need both the named guard's declaration and the handler. The macro
//! sees only the tokens of the use, so it emits these as constants that fail
//! the build with a message naming the guard and the fix.

use serde_json::Value;

use crate::guarded::path_value;

/// Picks how a `Path` binding of a handler becomes a value for a named guard,
/// by whether the guard compares a claim with it (`WANTED`, computed from the
/// declaration at compile time). Only a wanted binding must be `Serialize`: a
/// handler may bind anything else it likes.
pub struct Binding<const WANTED: bool>;

/// See [`Binding`]. A wanted binding that is not `Serialize` gets rustc's
/// own "`T: Serialize` is not satisfied" on the user's variable.
pub trait BindingValue<T: ?Sized> {
    /// The binding as JSON; `None` when not wanted or without a JSON form.
    fn value(value: &T) -> Option<Value>;
}

impl<T: serde::Serialize + ?Sized> BindingValue<T> for Binding<true> {
    fn value(value: &T) -> Option<Value> {
        path_value(value)
    }
}

impl<T: ?Sized> BindingValue<T> for Binding<false> {
    fn value(_: &T) -> Option<Value> {
        None
    }
}

/// The first of `vars` that is not among `bound`.
pub const fn unbound(vars: &'static [&'static str], bound: &[&str]) -> Option<&'static str> {
    let mut i = 0;
    while i < vars.len() {
        if position(bound, vars[i]).is_none() {
            return Some(vars[i]);
        }
        i += 1;
    }
    None
}

/// Where `name` is in `names`.
pub const fn position(names: &[&str], name: &str) -> Option<usize> {
    let mut i = 0;
    while i < names.len() {
        if str_eq(names[i], name) {
            return Some(i);
        }
        i += 1;
    }
    None
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A compile-time message made of literal pieces and names, because `panic!`
/// in a constant takes a single `&str` argument and no formatting.
pub struct Message {
    buf: [u8; 1024],
    len: usize,
}

impl Message {
    /// An empty message.
    pub const fn new() -> Self {
        Message {
            buf: [0; 1024],
            len: 0,
        }
    }

    /// Appends `piece` whole, or nothing once the message is full (so the
    /// text stays valid UTF-8).
    pub const fn push(mut self, piece: &str) -> Self {
        let bytes = piece.as_bytes();
        if self.len + bytes.len() > self.buf.len() {
            return self;
        }
        let mut i = 0;
        while i < bytes.len() {
            self.buf[self.len + i] = bytes[i];
            i += 1;
        }
        self.len += bytes.len();
        self
    }

    /// The text so far.
    pub const fn as_str(&self) -> &str {
        match core::str::from_utf8(self.buf.split_at(self.len).0) {
            Ok(text) => text,
            Err(_) => "",
        }
    }
}

impl Default for Message {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_unbound_variable() {
        assert_eq!(unbound(&["org", "user"], &["user", "org"]), None);
        assert_eq!(unbound(&["org", "user"], &["user"]), Some("org"));
        assert_eq!(unbound(&[], &[]), None);
        assert_eq!(position(&["a", "bc"], "bc"), Some(1));
        assert_eq!(position(&["a", "bc"], "b"), None);
    }

    #[test]
    fn builds_messages_in_const() {
        const M: Message = Message::new().push("path variable `").push("org").push("`");
        assert_eq!(M.as_str(), "path variable `org`");
        let long = "x".repeat(1000);
        assert_eq!(Message::new().push(&long).push(&long).as_str().len(), 1000);
    }
}
