//! The checks of `#[require_token(Name, ..)]` that need the named guard's
//! declaration, which the macro cannot see: constants whose evaluation fails
//! the build (`cargo check` included) with a message the macro writes, naming
//! the guard and the fix, on the tokens at fault.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt as _;

use crate::handler::PathArg;
use crate::spec::{Accepts, Guard, path_text};

/// One constant per rule that needs the declaration; each fails the build
/// with a message naming the guard and the fix, on the tokens at fault.
pub(crate) fn checks(
    guard: &Guard,
    path: &syn::Path,
    named: &TokenStream,
    usable: &[(usize, &PathArg)],
) -> TokenStream {
    let name = path_text(path);
    let at_path = first_span(path);
    let mut out = TokenStream::new();
    let mut fail = |span: Span, condition: TokenStream, message: TokenStream| {
        out.extend(quote_spanned! {span=>
            const _: () = #condition { ::core::panic!("{}", #message.as_str()) };
        });
    };

    // A named path variable this handler does not bind.
    let names: Vec<String> = usable
        .iter()
        .flat_map(|(_, arg)| &arg.bindings)
        .map(|b| b.unraw().to_string())
        .collect();
    let listed = if names.is_empty() {
        "it has no `Path` pattern that binds a variable".to_owned()
    } else {
        let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        format!("its `Path` patterns bind {}", listed.join(", "))
    };
    let var = Ident::new("__jwt_guard_var", Span::mixed_site());
    let head = format!("the named guard `{name}` compares a claim with the path variable `");
    let tail = format!(
        "`, which this handler does not bind: {listed}; add a `Path` argument that binds it, \
         e.g. `Path("
    );
    fail(
        at_path,
        quote! {
            if let ::core::option::Option::Some(#var) =
                ::jwt_guard::__private::unbound(#named.vars, &[#(#names),*])
        },
        quote! {
            ::jwt_guard::__private::Message::new()
                .push(#head).push(#var).push(#tail).push(#var).push("): Path<String>`")
        },
    );

    // A use adds requirements; it cannot change which token the guard reads.
    if let Some(at) = guard.accepts_at {
        let (word, variant) = match guard.accepts {
            Accepts::Refresh => ("refresh", quote!(Refresh)),
            _ => ("any_type", quote!(Any)),
        };
        let message = format!(
            "`{word}` would change the token type of the named guard `{name}`: a use adds \
             requirements to a named guard but cannot change the type of token it accepts; \
             remove `{word}` here, or declare a separate guard with `guard!`"
        );
        fail(
            at,
            quote!(if !::core::matches!(#named.spec.accepts, ::jwt_guard::__private::Accepts::#variant)),
            quote!(::jwt_guard::__private::Message::new().push(#message)),
        );
    }

    // `optional` would loosen a guard that requires a token.
    if let Some(at) = guard.optional_at {
        let message = format!(
            "`optional` would loosen the named guard `{name}`, which requires a token: a use adds \
             requirements, it cannot make the token optional; remove `optional`, or declare an \
             optional guard with `guard!`"
        );
        fail(
            at,
            quote!(if !#named.spec.optional),
            quote!(::jwt_guard::__private::Message::new().push(#message)),
        );
    }

    // An optional named guard takes no requirement on the token's contents,
    // for the reason the inline form refuses them (see `check.rs`).
    let contents = guard
        .fresh_at
        .into_iter()
        .chain(guard.req_items.iter().filter_map(first_token_span));
    for at in contents {
        let message = format!(
            "the named guard `{name}` is `optional`, so this requirement cannot extend it: a \
             request without a token would pass it while a signed-in user who fails it is \
             refused; take `Option<Token>` in the handler and check the token there"
        );
        fail(
            at,
            quote!(if #named.spec.optional),
            quote!(::jwt_guard::__private::Message::new().push(#message)),
        );
    }

    // One guard, one list of places to look.
    if let Some(at) = guard.locations_at {
        let message = format!(
            "the named guard `{name}` already names its `locations(..)`; a use cannot replace \
             them: remove `locations(..)` here, or declare a separate guard with `guard!`"
        );
        fail(
            at,
            quote!(if #named.spec.locations.is_some()),
            quote!(::jwt_guard::__private::Message::new().push(#message)),
        );
    }
    out
}

fn first_span(path: &syn::Path) -> Span {
    first_token_span(&path.to_token_stream()).unwrap_or_else(Span::call_site)
}

fn first_token_span(tokens: &TokenStream) -> Option<Span> {
    tokens.clone().into_iter().next().map(|t| t.span())
}
