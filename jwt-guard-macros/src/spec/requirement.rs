//! One claim requirement: `CLAIM = "var"`, `claims(..)`, or the dispatch to
//! `scope(..)` and `any/all/not`; plus unknown words, with did-you-mean.

use syn::LitStr;
use syn::ext::IdentExt as _;

use crate::args::{Arg, ArgList, Body, Key, Named, Value, ValueKind};
use crate::spec::{AndScope, Builder, Expect, ONE_VALUE, Place, Req, VarUse};
use crate::suggest;
use crate::symbol::{self, Symbol};

impl Builder<'_> {
    /// A claim requirement or a composition of them, lowered into `out`.
    pub(super) fn requirement(
        &mut self,
        named: &Named,
        and: &mut AndScope<'_>,
        out: &mut Vec<Req>,
        place: Place,
    ) {
        let word = named
            .key
            .single()
            .and_then(|k| symbol::lookup(k, symbol::TOP_LEVEL));
        match (word, &named.body) {
            (Some(word), _) if word.is_in(symbol::GUARD_WIDE) => {
                let Place::Inside(outer) = place else {
                    // Top-level guard-wide words never reach here (see `from_args`).
                    return;
                };
                self.cx.error_spanned_by(
                    named,
                    format!(
                        "`{word}` applies to the whole guard and cannot go inside \
                         `{outer}(..)`; move it to the top level of `#[require_token(..)]`"
                    ),
                );
            }
            (Some(symbol::CLAIMS), Body::Group { args, .. }) => self.claims(named, args, and, out),
            (Some(symbol::SCOPE), Body::Group { args, .. }) => self.scope(named, args, and, out),
            // What is left of the requirement words: `any`, `all`, `not`.
            (Some(word), Body::Group { args, .. }) => self.logic(word, named, args, out),
            (Some(word), _) => {
                let example = match word {
                    symbol::CLAIMS => "claims(role = \"admin\")",
                    symbol::SCOPE => "scope(\"read:users\")",
                    symbol::NOT => "not(scope(\"banned\"))",
                    _ => "any(scope(admin = true), sub = \"username\")",
                };
                self.cx.error_spanned_by(
                    named,
                    format!("`{word}` takes a list in parentheses, e.g. `{example}`"),
                );
            }
            (None, Body::Eq { value, .. }) => self.binding(&named.key, value, and, out),
            (None, Body::Flag) => self.unknown(named, place, false),
            (None, Body::Group { .. }) => self.unknown(named, place, true),
        }
    }

    fn unknown(&self, named: &Named, place: Place, group: bool) {
        let key = &named.key;
        let Some(ident) = key.single() else {
            let message = if group {
                format!("unknown guard argument `{}(..)`", key.dotted())
            } else {
                format!(
                    "`{0}` needs a value: write `{0} = \"path_var\"` to compare the claim with a \
                     path variable, or `claims({0} = value)` to compare it with a literal",
                    key.dotted()
                )
            };
            self.cx.error_spanned_by(key, message);
            return;
        };
        let (candidates, outer) = match place {
            Place::Top => (symbol::TOP_LEVEL, None),
            Place::Inside(outer) => (symbol::REQUIREMENTS, Some(outer)),
        };
        let typo = ident.unraw().to_string();
        let message = match suggest::closest(&typo, candidates.iter().map(|s| s.0)) {
            Some(s) => match outer {
                None => format!("unknown guard argument `{typo}`; did you mean `{s}`?"),
                Some(outer) => {
                    format!("unknown requirement `{typo}` in `{outer}(..)`; did you mean `{s}`?")
                }
            },
            None => {
                let render = |s: Symbol| {
                    if s.is_in(symbol::FLAGS) {
                        s.0.to_owned()
                    } else {
                        format!("{s}(..)")
                    }
                };
                let listed = symbol::one_of(candidates, render);
                match outer {
                    None => format!(
                        "unknown guard argument `{typo}`; expected {listed}, or \
                         `CLAIM = \"path_var\"`"
                    ),
                    Some(outer) => format!(
                        "unknown requirement `{typo}` in `{outer}(..)`; expected {listed}, or \
                         `CLAIM = \"path_var\"`"
                    ),
                }
            }
        };
        self.cx.error_at(ident.span(), message);
    }

    /// `CLAIM = "var"`: the claim equals the handler's path variable `var`.
    fn binding(&mut self, key: &Key, value: &Value, and: &mut AndScope<'_>, out: &mut Vec<Req>) {
        let claim = key.dotted();
        // A suffixed string falls through to `literal`, which refuses it.
        if let ValueKind::Lit(syn::Lit::Str(lit)) = &value.kind
            && lit.suffix().is_empty()
        {
            if and.claims.insert_with(&claim, key, ONE_VALUE) {
                let index = self.var(&claim, lit);
                out.push(Req::Claim {
                    path: key.segments(),
                    expect: Expect::Var {
                        index,
                        name: lit.value(),
                    },
                });
            }
            return;
        }
        if let Some(ident) = value.as_ident() {
            self.cx.error_spanned_by(
                value,
                format!("expected the path variable's name as a string: `{claim} = \"{ident}\"`"),
            );
            return;
        }
        // A valid literal of another kind: the user meant a literal comparison.
        // An invalid one has just been reported by `literal`.
        if self.literal(value).is_some() {
            self.cx.error_spanned_by(
                value,
                format!(
                    "`{claim} = ..` outside `claims(..)` binds the claim to a path variable, \
                     named by a string (`{claim} = \"user_id\"`); to compare `{claim}` with \
                     the literal `{}`, write `claims({claim} = {})`",
                    value.text(),
                    value.text(),
                ),
            );
        }
    }

    fn var(&mut self, claim: &str, lit: &LitStr) -> usize {
        let name = lit.value();
        let index = match self.vars.iter().position(|v| v.name == name) {
            Some(index) => index,
            None => {
                self.vars.push(VarUse {
                    name,
                    uses: Vec::new(),
                });
                self.vars.len() - 1
            }
        };
        self.vars[index].uses.push((claim.to_owned(), lit.clone()));
        index
    }

    /// `claims(k = lit, ..)`: each pair is one requirement.
    fn claims(
        &mut self,
        named: &Named,
        args: &ArgList,
        and: &mut AndScope<'_>,
        out: &mut Vec<Req>,
    ) {
        if args.args.is_empty() {
            self.cx.error_spanned_by(
                named,
                "empty `claims()`; list the claims to compare, e.g. `claims(role = \"admin\")`",
            );
        }
        for arg in &args.args {
            let Arg::Named(Named {
                key,
                body: Body::Eq { value, .. },
            }) = arg
            else {
                self.cx.error_spanned_by(
                    arg,
                    "expected `name = value` in `claims(..)`, e.g. `claims(role = \"admin\")`",
                );
                continue;
            };
            let expect = self.literal(value);
            // The key is recorded even when its value is wrong, so a repeat of it
            // is still reported.
            if and.claims.insert_with(&key.dotted(), key, ONE_VALUE)
                && let Some(expect) = expect
            {
                out.push(Req::Claim {
                    path: key.segments(),
                    expect: Expect::Lit(expect),
                });
            }
        }
    }
}
