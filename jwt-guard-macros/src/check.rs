//! Checks that need more than one item at a time: the guard against the handler,
//! or every `scope(..)` of the attribute together. One function per rule.

use proc_macro2::{Ident, TokenStream, TokenTree};
use syn::GenericParam;
use syn::ext::IdentExt as _;

use crate::ctxt::Ctxt;
use crate::handler::Handler;
use crate::spec::{Guard, ScopeForm};
use crate::suggest;

/// Where the value of one path variable comes from, parallel to `Guard::vars`.
pub(crate) struct BoundVar {
    /// Index into `Handler::path_args`.
    pub(crate) arg: usize,
    /// The binding in the user's pattern; its span makes a type that cannot become
    /// JSON fail with rustc's own error on the user's variable.
    pub(crate) ident: Ident,
}

/// Runs every cross-cutting rule; `Some` when every path variable is bound.
pub(crate) fn check(cx: &Ctxt, guard: &Guard, handler: &Handler) -> Option<Vec<BoundVar>> {
    without_handler(cx, guard);
    let bound = path_vars_are_bound(cx, guard, handler)?;
    path_types_are_concrete(cx, handler, &bound);
    Some(bound)
}

/// The rules `guard!` runs too: they need only the arguments.
pub(crate) fn without_handler(cx: &Ctxt, guard: &Guard) {
    scope_forms_agree(cx, guard);
    optional_reads_nothing(cx, guard);
}

/// The `scope` claim of one token is either an object or a list of names, so a
/// guard that asks for both can never pass; every participant is marked, because
/// which of them is the mistake is the user's call.
fn scope_forms_agree(cx: &Ctxt, guard: &Guard) {
    let uses = &guard.scope_uses;
    let has = |form| uses.iter().any(|u| u.form == form);
    if !(has(ScopeForm::Map) && has(ScopeForm::List)) {
        return;
    }
    for scope_use in uses {
        let message = match scope_use.form {
            ScopeForm::Map => {
                "cannot mix the two `scope` forms: this reads the `scope` claim as an object \
                 (`scope(key = value)`), another item reads it as a list of names \
                 (`scope(\"name\")`); a token's `scope` is one or the other, so use one form"
            }
            ScopeForm::List => {
                "cannot mix the two `scope` forms: this reads the `scope` claim as a list of \
                 names (`scope(\"name\")`), another item reads it as an object \
                 (`scope(key = value)`); a token's `scope` is one or the other, so use one form"
            }
        };
        cx.error_spanned_by(&scope_use.at, message);
    }
}

/// `optional` lets a request without a token through, so a requirement on the
/// token's contents (`fresh`, a claim, a scope, a path binding) would refuse a
/// signed-in user who fails it while an anonymous request, which cannot meet it
/// either, passes: dropping the token would be a way around the check. Each
/// requirement is marked, so removing some of them shows what is left. The token
/// type (`refresh`, `any_type`) and `locations` only choose which token is read,
/// so they stay allowed.
fn optional_reads_nothing(cx: &Ctxt, guard: &Guard) {
    if !guard.optional {
        return;
    }
    const FIX: &str =
        "remove `optional`, or take `Option<Token>` in the handler and check the token there";
    if let Some(fresh) = guard.fresh_at {
        cx.error_at(
            fresh,
            format!(
                "`fresh` cannot be combined with `optional`: a request without a token would \
                 pass while a signed-in user whose token is not fresh is refused; {FIX}"
            ),
        );
    }
    for item in &guard.req_items {
        cx.error_spanned_by(
            item,
            format!(
                "this requirement cannot be combined with `optional`: a request without a \
                 token would pass it while a signed-in user who fails it is refused; {FIX}"
            ),
        );
    }
}

/// `sub = "username"` compares against the value the handler receives, so
/// `username` must be bound by one of the handler's `Path` patterns.
fn path_vars_are_bound(cx: &Ctxt, guard: &Guard, handler: &Handler) -> Option<Vec<BoundVar>> {
    let mut bound = Vec::new();
    let mut all_bound = true;
    for var in &guard.vars {
        let found = handler
            .path_args
            .iter()
            .enumerate()
            .find_map(|(arg, path)| {
                let ident = path
                    .bindings
                    .iter()
                    .find(|b| b.unraw() == var.name.as_str())?;
                Some(BoundVar {
                    arg,
                    ident: ident.clone(),
                })
            });
        match found {
            Some(b) => bound.push(b),
            None => {
                all_bound = false;
                for (claim, lit) in &var.uses {
                    cx.error_spanned_by(lit, unbound_message(handler, &var.name, claim));
                }
            }
        }
    }
    all_bound.then_some(bound)
}

fn unbound_message(handler: &Handler, name: &str, claim: &str) -> String {
    let literal = format!(
        "to compare `{claim}` with the literal string instead, write `claims({claim} = \"{name}\")`"
    );
    if handler.path_args.is_empty() {
        let var = if is_ident(name) { name } else { "name" };
        return format!(
            "`{name}` is not a path variable: the handler has no `Path` argument; add one that \
             binds it, e.g. `Path({var}): Path<String>`, or {literal}"
        );
    }
    let names: Vec<String> = handler
        .bound_names()
        .map(|i| i.unraw().to_string())
        .collect();
    if names.is_empty() {
        return format!(
            "`{name}` is not a path variable: the handler's `Path` pattern binds no variables; \
             bind it, e.g. `Path({name}): Path<String>`, or {literal}"
        );
    }
    let listed = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match suggest::closest(name, names.iter().map(String::as_str)) {
        Some(close) => format!(
            "unbound path variable `{name}`; did you mean `{close}`? the handler's `Path` \
             patterns bind {listed}"
        ),
        None => format!(
            "unbound path variable `{name}`; the handler's `Path` patterns bind {listed}; \
             {literal}"
        ),
    }
}

fn is_ident(name: &str) -> bool {
    syn::parse_str::<Ident>(name).is_ok()
}

/// The expansion re-runs a `Path` argument in a non-generic impl, where the
/// handler's type parameters do not exist; say so on the parameter instead of
/// letting rustc report "can't use generic parameters from outer item".
fn path_types_are_concrete(cx: &Ctxt, handler: &Handler, bound: &[BoundVar]) {
    let params: Vec<&Ident> = handler
        .item
        .sig
        .generics
        .params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Type(t) => Some(&t.ident),
            GenericParam::Const(c) => Some(&c.ident),
            _ => None,
        })
        .collect();
    if params.is_empty() {
        return;
    }
    for (index, arg) in handler.path_args.iter().enumerate() {
        if !bound.iter().any(|b| b.arg == index) {
            continue;
        }
        let ty = quote::ToTokens::to_token_stream(&arg.ty);
        if let Some(used) = find_ident(ty, &params) {
            cx.error_at(
                used.span(),
                format!(
                    "the guard compares a claim with a variable of this `Path`, so its type \
                     cannot use the handler's generic parameter `{used}`; use a concrete type"
                ),
            );
        }
    }
}

fn find_ident(tokens: TokenStream, wanted: &[&Ident]) -> Option<Ident> {
    tokens.into_iter().find_map(|tree| match tree {
        TokenTree::Ident(ident) if wanted.iter().any(|w| **w == ident) => Some(ident),
        TokenTree::Group(group) => find_ident(group.stream(), wanted),
        _ => None,
    })
}
