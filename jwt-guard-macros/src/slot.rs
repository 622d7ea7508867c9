//! Duplicate detection, written once for every kind of key.
//!
//! A flag, a claim path, a scope name or a location may each be given once per
//! place; rather than a hand-written check per key (the copy-paste bug
//! tracing-attributes once had), every place records its keys in a [`Seen`] and the
//! second occurrence is reported on its own tokens.

use proc_macro2::Span;
use quote::ToTokens;

use crate::ctxt::Ctxt;

/// Keys already given in one place, with where they were first given.
pub(crate) struct Seen<'a> {
    cx: &'a Ctxt,
    /// How a key is called in messages: "guard argument", "claim", "location", ...
    what: &'static str,
    first: Vec<(String, Span)>,
}

impl<'a> Seen<'a> {
    pub(crate) fn new(cx: &'a Ctxt, what: &'static str) -> Self {
        Seen {
            cx,
            what,
            first: Vec::new(),
        }
    }

    /// Records `key`; when it was given before, reports a duplicate on `at` and
    /// returns `false` so the caller can drop the repeated value.
    pub(crate) fn insert<T: ToTokens>(&mut self, key: &str, at: T) -> bool {
        self.insert_with(key, at, "")
    }

    /// Same as [`Seen::insert`], with extra advice appended to the message.
    pub(crate) fn insert_with<T: ToTokens>(&mut self, key: &str, at: T, advice: &str) -> bool {
        if self.first.iter().any(|(k, _)| k == key) {
            self.cx
                .error_spanned_by(at, format!("duplicate {} `{}`{}", self.what, key, advice));
            return false;
        }
        let span = at
            .into_token_stream()
            .into_iter()
            .next()
            .map_or_else(Span::call_site, |t| t.span());
        self.first.push((key.to_owned(), span));
        true
    }

    /// Where `key` was first given, if it was.
    pub(crate) fn span_of(&self, key: &str) -> Option<Span> {
        self.first.iter().find(|(k, _)| k == key).map(|(_, s)| *s)
    }
}
