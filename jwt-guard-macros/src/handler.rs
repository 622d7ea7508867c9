//! The function side: is it an `async fn`, and which path variables does it bind?

use proc_macro2::{Ident, TokenStream};
use syn::{FnArg, Item, ItemFn, Pat, Type};

use crate::ctxt::Ctxt;

pub(crate) struct Handler {
    pub(crate) item: ItemFn,
    /// The arguments written `Path(..): T`, in signature order.
    pub(crate) path_args: Vec<PathArg>,
}

/// One `Path(..)` argument: its pattern and type are re-run verbatim by the
/// expansion, so the guard sees exactly the values the handler receives.
pub(crate) struct PathArg {
    pub(crate) pat: Pat,
    pub(crate) ty: Type,
    /// Every variable the pattern binds, with its span for `quote_spanned!`.
    pub(crate) bindings: Vec<Ident>,
}

/// Both `#[public]` and `#[require_token]` on one handler.
pub(crate) const GUARDED_OR_PUBLIC: &str = "a handler is either guarded or public: \
    `#[require_token]` guards it, `#[public]` marks it open to everyone; remove one of them";

/// An attribute by the last segment of its path, so `jwt_guard::public` counts.
pub(crate) fn is_attr(attr: &syn::Attribute, name: &str) -> bool {
    attr.path().segments.last().is_some_and(|s| s.ident == name)
}

const NOT_A_FN: &str = "`#[require_token]` can only be used on an `async fn` axum handler";

impl Handler {
    /// `None` when the item is not a function; the error is already reported.
    pub(crate) fn from_tokens(cx: &Ctxt, item: TokenStream) -> Option<Handler> {
        match syn::parse2::<Item>(item.clone()) {
            Ok(Item::Fn(item)) => Some(Handler::from_item(cx, item)),
            Ok(other) => {
                cx.error_spanned_by(other, NOT_A_FN);
                None
            }
            // Not an item at all (a trait method without body, ...).
            Err(_) => {
                cx.error_spanned_by(item, NOT_A_FN);
                None
            }
        }
    }

    fn from_item(cx: &Ctxt, item: ItemFn) -> Handler {
        let sig = &item.sig;
        if sig.asyncness.is_none() {
            cx.error_at(
                sig.fn_token.span,
                format!(
                    "`#[require_token]` handlers must be `async`; write `async fn {}(..)`",
                    sig.ident
                ),
            );
        }
        // A second `#[require_token]` would expand on its own after this one and add
        // a second guard and a clashing spec type; one attribute says it all.
        for attr in &item.attrs {
            if is_attr(attr, "public") {
                cx.error_spanned_by(attr, GUARDED_OR_PUBLIC);
            }
            if is_attr(attr, "require_token") {
                cx.error_spanned_by(
                    attr,
                    "`#[require_token]` is applied twice; merge the arguments into one attribute",
                );
            }
        }
        // An axum handler is a free fn, and the guard may become a new first
        // argument, a place only a receiver can take.
        if let Some(receiver) = sig.receiver() {
            cx.error_spanned_by(
                receiver,
                "`#[require_token]` goes on a free `async fn` handler, not on a method",
            );
        }
        let path_args = sig
            .inputs
            .iter()
            .filter_map(|arg| match arg {
                FnArg::Typed(typed) => path_arg(&typed.pat, &typed.ty),
                _ => None,
            })
            .collect();
        Handler { item, path_args }
    }

    /// Every name bound by a `Path` pattern, in signature order.
    pub(crate) fn bound_names(&self) -> impl Iterator<Item = &Ident> {
        self.path_args.iter().flat_map(|a| &a.bindings)
    }
}

/// `Path(..)` is recognised by the last segment of the pattern's path, so
/// `axum::extract::Path((a, b))` counts too. The type is not inspected: it may be
/// an alias, and rustc checks it anyway when the pattern is re-run.
fn path_arg(pat: &Pat, ty: &Type) -> Option<PathArg> {
    let Pat::TupleStruct(tuple) = pat else {
        return None;
    };
    let last = tuple.path.segments.last()?;
    if last.ident != "Path" {
        return None;
    }
    let mut bindings = Vec::new();
    for elem in &tuple.elems {
        collect_bindings(elem, &mut bindings);
    }
    Some(PathArg {
        pat: pat.clone(),
        ty: ty.clone(),
        bindings,
    })
}

fn collect_bindings(pat: &Pat, out: &mut Vec<Ident>) {
    match pat {
        Pat::Ident(p) => {
            out.push(p.ident.clone());
            if let Some((_, sub)) = &p.subpat {
                collect_bindings(sub, out);
            }
        }
        Pat::Tuple(p) => p.elems.iter().for_each(|e| collect_bindings(e, out)),
        Pat::TupleStruct(p) => p.elems.iter().for_each(|e| collect_bindings(e, out)),
        Pat::Slice(p) => p.elems.iter().for_each(|e| collect_bindings(e, out)),
        Pat::Struct(p) => p.fields.iter().for_each(|f| collect_bindings(&f.pat, out)),
        Pat::Reference(p) => collect_bindings(&p.pat, out),
        Pat::Paren(p) => collect_bindings(&p.pat, out),
        Pat::Type(p) => collect_bindings(&p.pat, out),
        // Every case of an or-pattern binds the same names.
        Pat::Or(p) => p
            .cases
            .iter()
            .take(1)
            .for_each(|c| collect_bindings(c, out)),
        // `_`, `..`, literals, ranges, paths, macros: nothing bound.
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn names(item: TokenStream) -> Vec<String> {
        let cx = Ctxt::new();
        let handler = Handler::from_tokens(&cx, item).expect("a fn");
        cx.check().expect("no errors");
        handler.bound_names().map(ToString::to_string).collect()
    }

    #[test]
    fn binds_through_patterns() {
        assert_eq!(
            names(quote!(
                async fn h(Path(username): Path<String>) {}
            )),
            ["username"]
        );
        assert_eq!(
            names(quote!(
                async fn h(axum::extract::Path((org, _, user)): Path<(u8, u8, u8)>) {}
            )),
            ["org", "user"]
        );
        assert_eq!(
            names(quote!(
                async fn h(
                    Path(Params {
                        username,
                        id: renamed,
                        ..
                    }): Path<Params>,
                ) {
                }
            )),
            ["username", "renamed"]
        );
        assert_eq!(
            names(quote!(
                async fn h(Path(mut a): Path<String>, Path((ref b, (c,))): P) {}
            )),
            ["a", "b", "c"]
        );
    }

    #[test]
    fn ignores_other_arguments() {
        assert!(
            names(quote!(
                async fn h(State(s): State<u8>, path: Path<String>, Json(j): Json<u8>) {}
            ))
            .is_empty()
        );
    }

    fn errors(item: TokenStream) -> Vec<String> {
        let cx = Ctxt::new();
        let _ = Handler::from_tokens(&cx, item);
        cx.check()
            .err()
            .into_iter()
            .flatten()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn rejects_non_async_and_non_fn() {
        assert_eq!(
            errors(quote!(
                fn h() {}
            )),
            ["`#[require_token]` handlers must be `async`; write `async fn h(..)`"]
        );
        assert_eq!(
            errors(quote!(
                struct S;
            )),
            [NOT_A_FN]
        );
        assert_eq!(
            errors(quote!(
                fn h();
            )),
            [NOT_A_FN]
        );
        assert_eq!(
            errors(quote!(
                async fn h(&self) {}
            ))
            .len(),
            1
        );
        assert_eq!(
            errors(quote!(
                #[jwt_guard::require_token(fresh)]
                async fn h() {}
            )),
            ["`#[require_token]` is applied twice; merge the arguments into one attribute"]
        );
    }
}
