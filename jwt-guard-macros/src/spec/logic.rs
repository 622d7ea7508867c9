//! `any(..)`, `all(..)` and `not(..)`.

use crate::args::{Arg, ArgList, Named};
use crate::spec::{AndScope, Builder, Place, Req};
use crate::symbol::{self, Symbol};

/// How deep `any`, `all` and `not` may nest. Real guards use two or three
/// levels; the limit keeps the macro (and the runtime's evaluation, which
/// follows the same tree) from recursing as deep as an input can nest.
pub(crate) const MAX_NESTING: usize = 16;

impl Builder<'_> {
    /// `any(..)`, `all(..)`, `not(..)`.
    pub(super) fn logic(
        &mut self,
        word: Symbol,
        named: &Named,
        args: &ArgList,
        out: &mut Vec<Req>,
    ) {
        if self.nesting == MAX_NESTING {
            self.cx.error_spanned_by(
                named,
                format!(
                    "`{word}(..)` nested more than {MAX_NESTING} levels deep; flatten the \
                     requirement (`not(not(x))` is `x`, `all(a, all(b, c))` is `all(a, b, c)`)"
                ),
            );
            return;
        }
        self.nesting += 1;
        self.combination(word, named, args, out);
        self.nesting -= 1;
    }

    fn combination(&mut self, word: Symbol, named: &Named, args: &ArgList, out: &mut Vec<Req>) {
        let items = &args.args;
        match word {
            symbol::ANY => {
                if items.is_empty() {
                    self.cx.error_spanned_by(
                        named,
                        "empty `any()` can never be satisfied; list the alternatives, e.g. \
                         `any(scope(admin = true), sub = \"username\")`",
                    );
                }
                let mut alternatives = Vec::new();
                for item in items {
                    // Alternatives may repeat a claim: `any(sub = "a", sub = "b")`.
                    let mut and = AndScope::new(self.cx);
                    alternatives.extend(self.conjunction(item, &mut and, word));
                }
                out.push(Req::Any(alternatives));
            }
            symbol::ALL => {
                if items.is_empty() {
                    self.cx.error_spanned_by(
                        named,
                        "empty `all()` requires nothing; list the requirements, e.g. \
                         `all(scope(\"read\"), claims(verified = true))`, or remove it",
                    );
                }
                let mut and = AndScope::new(self.cx);
                let mut inner = Vec::new();
                for item in items {
                    self.item(item, &mut and, &mut inner, word);
                }
                out.push(Req::All(inner));
            }
            _ => {
                let Some(first) = items.first() else {
                    self.cx.error_spanned_by(
                        named,
                        "`not()` needs exactly one requirement, e.g. `not(scope(\"banned\"))`",
                    );
                    return;
                };
                if let [_, second, .., last] | [_, second @ last] = items.as_slice() {
                    self.cx.error_spanned_by(
                        quote::quote!(#second #last),
                        "`not(..)` takes exactly one requirement; to require that not all of \
                         them hold write `not(all(..))`, that none holds `not(any(..))`",
                    );
                }
                let mut and = AndScope::new(self.cx);
                if let Some(req) = self.conjunction(first, &mut and, word) {
                    out.push(Req::Not(Box::new(req)));
                }
            }
        }
    }

    /// One item as a single requirement: `claims(a = 1, b = 2)` inside `any(..)` is
    /// one alternative requiring both.
    fn conjunction(&mut self, item: &Arg, and: &mut AndScope<'_>, outer: Symbol) -> Option<Req> {
        let mut reqs = Vec::new();
        self.item(item, and, &mut reqs, outer);
        match reqs.len() {
            0 => None,
            1 => reqs.pop(),
            _ => Some(Req::All(reqs)),
        }
    }

    /// One item inside `any/all/not`.
    fn item(&mut self, item: &Arg, and: &mut AndScope<'_>, out: &mut Vec<Req>, outer: Symbol) {
        if let Some(path) = super::named::named_guard(item) {
            self.named_inside(&path, outer);
            return;
        }
        match item {
            Arg::Path(_) => {}
            Arg::Named(named) => self.requirement(named, and, out, Place::Inside(outer)),
            Arg::Value(value) => self.cx.error_spanned_by(
                value,
                format!(
                    "expected a requirement inside `{outer}(..)`, found a value; a required \
                     scope is written `scope(\"name\")` and a claim value `claims(name = value)`"
                ),
            ),
        }
    }
}
