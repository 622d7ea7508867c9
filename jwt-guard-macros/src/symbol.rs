//! Every keyword of the guard grammar, in one place.
//!
//! Matching goes through [`Symbol`] so that a keyword is spelled once; the lists
//! below feed both the "expected one of" messages and the did-you-mean search,
//! which therefore can never suggest a word the parser would refuse.

use std::fmt::{self, Display};

use proc_macro2::Ident;

/// A keyword of the guard grammar.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) struct Symbol(pub(crate) &'static str);

pub(crate) const REFRESH: Symbol = Symbol("refresh");
pub(crate) const FRESH: Symbol = Symbol("fresh");
pub(crate) const OPTIONAL: Symbol = Symbol("optional");
pub(crate) const ANY_TYPE: Symbol = Symbol("any_type");
pub(crate) const LOCATIONS: Symbol = Symbol("locations");

pub(crate) const CLAIMS: Symbol = Symbol("claims");
pub(crate) const SCOPE: Symbol = Symbol("scope");
pub(crate) const ANY: Symbol = Symbol("any");
pub(crate) const ALL: Symbol = Symbol("all");
pub(crate) const NOT: Symbol = Symbol("not");

pub(crate) const HEADERS: Symbol = Symbol("headers");
pub(crate) const COOKIES: Symbol = Symbol("cookies");
pub(crate) const QUERY: Symbol = Symbol("query");

/// Words written alone (`fresh`), valid only at the top level.
pub(crate) const FLAGS: &[Symbol] = &[REFRESH, FRESH, OPTIONAL, ANY_TYPE];

/// Words that apply to the whole guard and so cannot sit inside `any/all/not`.
pub(crate) const GUARD_WIDE: &[Symbol] = &[REFRESH, FRESH, OPTIONAL, ANY_TYPE, LOCATIONS];

/// Words followed by `(..)` that build claim requirements.
pub(crate) const REQUIREMENTS: &[Symbol] = &[CLAIMS, SCOPE, ANY, ALL, NOT];

/// Every word the top level knows, in the order README's grammar table lists
/// them.
pub(crate) const TOP_LEVEL: &[Symbol] = &[
    REFRESH, FRESH, OPTIONAL, ANY_TYPE, CLAIMS, SCOPE, ANY, ALL, NOT, LOCATIONS,
];

/// Every word `locations(..)` knows, in the order messages list them.
pub(crate) const LOCATION_NAMES: &[Symbol] = &[HEADERS, COOKIES, QUERY];

impl Symbol {
    pub(crate) fn is_in(self, list: &[Symbol]) -> bool {
        list.contains(&self)
    }
}

impl Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

/// The keyword an identifier spells, if any, from `list`.
pub(crate) fn lookup(ident: &Ident, list: &[Symbol]) -> Option<Symbol> {
    list.iter().copied().find(|s| ident == s)
}

/// `` `a`, `b` or `c` `` for messages.
pub(crate) fn one_of(list: &[Symbol], render: impl Fn(Symbol) -> String) -> String {
    let mut out = String::new();
    for (i, s) in list.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == list.len() { " or " } else { ", " });
        }
        out.push('`');
        out.push_str(&render(*s));
        out.push('`');
    }
    out
}
