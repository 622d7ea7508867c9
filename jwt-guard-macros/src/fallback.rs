//! Output when anything is wrong: the item as written (made `async` if it was
//! not), plus every error.
//!
//! Keeping the handler (unguarded) means the router that uses it still type-checks
//! and rust-analyzer still completes inside it, so the user sees only the errors
//! that matter instead of a cascade of "cannot find function" follow-ons.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::ItemFn;

pub(crate) fn expand(item: TokenStream, error: Option<syn::Error>) -> TokenStream {
    // `None` would mean a stage gave up without saying why; never guard nothing
    // silently.
    let error = error.unwrap_or_else(|| {
        syn::Error::new(
            proc_macro2::Span::call_site(),
            "`#[require_token]` could not be expanded; this is a bug in jwt-guard-macros",
        )
    });
    let mut out = with_async(item);
    out.extend(error.into_compile_error());
    out
}

/// A handler missing only `async` is emitted as `async fn`: the error already says
/// to add it, and this way the router using the fn does not add a second error
/// ("`Handler` is not implemented") about the same mistake.
fn with_async(item: TokenStream) -> TokenStream {
    match syn::parse2::<ItemFn>(item.clone()) {
        Ok(mut f) if f.sig.asyncness.is_none() && f.sig.constness.is_none() => {
            f.sig.asyncness = Some(syn::Token![async](f.sig.fn_token.span));
            f.into_token_stream()
        }
        _ => item,
    }
}
