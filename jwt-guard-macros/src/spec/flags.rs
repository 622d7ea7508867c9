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
                self.cx
                    .error_spanned_by(arg, "expected a token location name such as `headers`");
                continue;
            };
            match symbol::lookup(ident, symbol::LOCATION_NAMES) {
                Some(symbol::HEADERS) => {
                    if seen.insert(symbol::HEADERS.0, ident) {
                        out.push(Location::Headers);
                    }
                }
                Some(word) => self.cx.error_at(
                    ident.span(),
                    format!(
                        "`{word}` is not available as a token location yet: it arrives with \
                         cookie and query-string transport support; until then only \
                         `locations(headers)` is supported"
                    ),
                ),
                None => {
                    let names = symbol::LOCATION_NAMES.iter().map(|s| s.0);
                    let message = match suggest::closest(&ident.unraw().to_string(), names) {
                        Some(s) if s == symbol::HEADERS.0 => {
                            format!("unknown token location `{ident}`; did you mean `{s}`?")
                        }
                        Some(s) => format!(
                            "unknown token location `{ident}`; did you mean `{s}`? (not \
                             available yet: only `headers` is supported for now)"
                        ),
                        None => format!(
                            "unknown token location `{ident}`; the supported location is `headers`"
                        ),
                    };
                    self.cx.error_at(ident.span(), message);
                }
            }
        }
        out
    }
}
