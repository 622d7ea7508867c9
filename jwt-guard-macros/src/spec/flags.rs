//! The guard-wide arguments: `refresh`, `fresh`, `optional`, `any_type` and
//! `locations(..)`, valid at the top level only.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::ext::IdentExt as _;

use crate::args::{Arg, ArgList, Body, Named};
use crate::slot::Seen;
use crate::spec::{Accepts, Builder, Guard, Location};
use crate::suggest;
use crate::symbol::{self, Symbol};

impl Builder<'_> {
    /// `refresh`, `fresh`, `optional`, `any_type`, `locations(..)` at the top level.
    pub(super) fn guard_wide(
        &mut self,
        word: Symbol,
        named: &Named,
        flags: &mut Seen<'_>,
        guard: &mut Guard,
    ) {
        match (&named.body, word == symbol::LOCATIONS) {
            (Body::Group { args, .. }, true) => {
                let locations = self.locations(named, args);
                if flags.insert(word.0, &named.key) {
                    guard.locations = Some(locations);
                }
            }
            (_, true) => self.cx.error_spanned_by(
                named,
                "`locations` takes a list of token locations: write `locations(headers)`",
            ),
            (Body::Flag, false) => {
                if flags.insert(word.0, &named.key) {
                    match word {
                        symbol::REFRESH => guard.accepts = Accepts::Refresh,
                        symbol::ANY_TYPE => guard.accepts = Accepts::Any,
                        symbol::FRESH => guard.fresh = true,
                        _ => guard.optional = true,
                    }
                }
            }
            (Body::Eq { eq, value }, false) => self.cx.error_spanned_by(
                quote::quote!(#eq #value),
                format!("`{word}` is a flag and takes no value; write just `{word}`"),
            ),
            (Body::Group { paren, args }, false) => {
                let mut group = TokenStream::new();
                paren.surround(&mut group, |t| args.to_tokens(t));
                self.cx.error_spanned_by(
                    group,
                    format!("`{word}` is a flag and takes no arguments; write just `{word}`"),
                );
            }
        }
    }

    fn locations(&mut self, named: &Named, args: &ArgList) -> Vec<Location> {
        if args.args.is_empty() {
            self.cx.error_spanned_by(
                named,
                "empty `locations()`; name where to look for the token, e.g. \
                 `locations(headers)`, or remove it to use the manager's default",
            );
        }
        let mut seen = Seen::new(self.cx, "location");
        let mut out = Vec::new();
        for arg in &args.args {
            let ident = match arg {
                Arg::Named(Named {
                    key,
                    body: Body::Flag,
                }) => key.single(),
                _ => None,
            };
            let Some(ident) = ident else {
                self.cx.error_spanned_by(
                    arg,
                    "expected a token location name: `headers`, `cookies` or `query`",
                );
                continue;
            };
            let (word, location) = match symbol::lookup(ident, symbol::LOCATION_NAMES) {
                Some(word @ symbol::HEADERS) => (word, Location::Headers),
                Some(word @ symbol::COOKIES) => (word, Location::Cookies),
                Some(word @ symbol::QUERY) => (word, Location::Query),
                _ => {
                    let names = symbol::LOCATION_NAMES.iter().map(|s| s.0);
                    let known = symbol::one_of(symbol::LOCATION_NAMES, |s| s.0.to_owned());
                    let word = ident.unraw().to_string();
                    let message = match (word.as_str(), suggest::closest(&word, names)) {
                        // Flask-JWT-Extended's names for the same places.
                        ("query_string", _) => format!(
                            "unknown token location `{ident}`; did you mean `query`? \
                             (Flask-JWT-Extended's `query_string`)"
                        ),
                        // The body is deliberately not a location (docs/guard-reference.md §3b): a
                        // guard runs before the handler and must not consume it.
                        ("json" | "body", _) => format!(
                            "`{ident}` is not a token location: the request body is never \
                             read for a token; expected {known}"
                        ),
                        (_, Some(s)) => {
                            format!("unknown token location `{ident}`; did you mean `{s}`?")
                        }
                        (_, None) => format!("unknown token location `{ident}`; expected {known}"),
                    };
                    self.cx.error_at(ident.span(), message);
                    continue;
                }
            };
            if seen.insert(word.0, ident) {
                out.push(location);
            }
        }
        out
    }
}
