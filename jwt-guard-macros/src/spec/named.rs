//! A named guard among the arguments: `#[require_token(AdminOnly, ..)]`.

use proc_macro2::Ident;
use quote::ToTokens;
use syn::ext::IdentExt as _;

use crate::args::{Arg, Body, Named};
use crate::spec::{Builder, Guard};
use crate::symbol::Symbol;

/// The named guard `arg` spells, if any: a path with `::`, or an identifier
/// written alone that starts with an uppercase letter. Every keyword is
/// lowercase and a claim needs `= "var"`, so neither is taken for a guard;
/// a lowercase typo keeps its did-you-mean.
pub(crate) fn named_guard(arg: &Arg) -> Option<syn::Path> {
    match arg {
        Arg::Path(path) => Some(path.clone()),
        Arg::Named(Named {
            key,
            body: Body::Flag,
        }) => key
            .single()
            .filter(|ident| starts_uppercase(ident))
            .map(|ident| syn::Path::from(ident.clone())),
        _ => None,
    }
}

fn starts_uppercase(ident: &Ident) -> bool {
    ident
        .unraw()
        .to_string()
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// The guard's name as written, for messages: `AdminOnly`, `guards::AdminOnly`.
pub(crate) fn path_text(path: &syn::Path) -> String {
    path.to_token_stream().to_string().replace(' ', "")
}

impl Builder<'_> {
    /// A named guard at the top level; one per attribute.
    pub(super) fn named(&mut self, path: syn::Path, guard: &mut Guard) {
        match &guard.named {
            Some(first) => self.cx.error_spanned_by(
                &path,
                format!(
                    "only one named guard per attribute: `{}` is already used here; write \
                     the requirements of `{}` out as arguments",
                    path_text(first),
                    path_text(&path)
                ),
            ),
            None => guard.named = Some(path),
        }
    }

    /// A named guard inside `any/all/not`, where it cannot go.
    pub(super) fn named_inside(&self, path: &syn::Path, outer: Symbol) {
        let name = path_text(path);
        self.cx.error_spanned_by(
            path,
            format!(
                "the named guard `{name}` applies as a whole and cannot go inside \
                 `{outer}(..)`; put it first at the top level, \
                 `#[require_token({name}, {outer}(..))]`"
            ),
        );
    }
}
