//! `#[public]`: a handler meant to be open, marked so the audit layer can tell
//! it from one whose guard was forgotten.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{Item, ItemFn};

use crate::ctxt::Ctxt;
use crate::expand::add_guard;
use crate::fallback;

const NOT_A_FN: &str = "`#[public]` can only be used on an `async fn` axum handler";

pub(crate) fn public(args: TokenStream, item: TokenStream) -> TokenStream {
    let cx = Ctxt::new();
    if !args.is_empty() {
        cx.error_spanned_by(
            &args,
            "`#[public]` takes no arguments; write just `#[public]`",
        );
    }
    let handler = match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Fn(item)) => Some(item),
        Ok(other) => {
            cx.error_spanned_by(other, NOT_A_FN);
            None
        }
        Err(_) => {
            cx.error_spanned_by(&item, NOT_A_FN);
            None
        }
    };
    if let Some(handler) = &handler {
        check(&cx, handler);
    }
    match (cx.check(), handler) {
        (Ok(()), Some(mut handler)) => {
            add_guard(
                &mut handler.sig.inputs,
                quote!(::jwt_guard::__private::Public),
            );
            handler.into_token_stream()
        }
        (result, _) => fallback::expand(item, result.err()),
    }
}

fn check(cx: &Ctxt, handler: &ItemFn) {
    let sig = &handler.sig;
    if sig.asyncness.is_none() {
        cx.error_at(
            sig.fn_token.span,
            format!(
                "`#[public]` handlers must be `async`; write `async fn {}(..)`",
                sig.ident
            ),
        );
    }
    if let Some(receiver) = sig.receiver() {
        cx.error_spanned_by(
            receiver,
            "`#[public]` goes on a free `async fn` handler, not on a method",
        );
    }
    // Whichever of the two attributes is outer sees the other here; the
    // inner one never sees the outer, which is already expanded.
    for attr in &handler.attrs {
        if crate::handler::is_attr(attr, "require_token") {
            cx.error_spanned_by(attr, crate::handler::GUARDED_OR_PUBLIC);
        }
    }
}
