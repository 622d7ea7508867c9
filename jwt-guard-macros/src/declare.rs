//! `guard!(#[attrs] VIS Name = ARGS)`: a guard declared once, used by name.
//!
//! The arguments go through the attribute's own stages (`args.rs`, `spec.rs`,
//! the checks of `check.rs` that need no handler); the checks that need a
//! handler's `Path` run where the guard is used (`named_use.rs`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::ext::IdentExt as _;
use syn::parse::{ParseStream, Parser as _};
use syn::{Attribute, Token, Visibility};

use crate::args::ArgList;
use crate::check;
use crate::ctxt::Ctxt;
use crate::expand::{guard_spec, register_locations};
use crate::spec::{Accepts, Guard, path_text};

/// What precedes `=`.
struct Head {
    attrs: Vec<Attribute>,
    vis: Visibility,
    name: Ident,
}

pub(crate) fn guard(input: TokenStream) -> TokenStream {
    let cx = Ctxt::new();
    let mut rest = TokenStream::new();
    let head = (|stream: ParseStream<'_>| head(stream, &mut rest)).parse2(input);
    let head = match head {
        Ok(head) => Some(head),
        Err(error) => {
            cx.syn_error(error);
            None
        }
    };
    let guard = head.as_ref().and_then(|_| {
        let parsed = match crate::args::too_deep(&rest) {
            Some(deep) => Err(deep),
            None => syn::parse2::<ArgList>(rest),
        };
        match parsed {
            Ok(args) => Some(Guard::from_args(&cx, &args)),
            Err(error) => {
                cx.syn_error(error);
                None
            }
        }
    });
    if let (Some(head), Some(guard)) = (&head, &guard) {
        check_declaration(&cx, head, guard);
    }
    match (cx.check(), head, guard) {
        (Ok(()), Some(head), Some(guard)) => expand(&head, &guard),
        (result, head, _) => {
            let error = result.err().map(syn::Error::into_compile_error);
            // The type is still declared, so each use reports only its own
            // mistakes instead of "cannot find type".
            let dummy = head.map(|head| {
                let cx = Ctxt::new();
                let guard = Guard::from_args(&cx, &ArgList { args: Vec::new() });
                let _ = cx.check();
                expand(&head, &guard)
            });
            quote!(#error #dummy)
        }
    }
}

fn head(input: ParseStream<'_>, rest: &mut TokenStream) -> syn::Result<Head> {
    let attrs = input.call(Attribute::parse_outer)?;
    let vis: Visibility = input.parse()?;
    if !input.peek(Ident::peek_any) || input.peek(Token![=]) {
        return Err(input.error(
            "expected the guard's name: `guard!(pub AdminOnly = fresh, scope(admin = true))`",
        ));
    }
    let name: Ident = input.parse()?;
    // `guard!(pub Authenticated)`: any valid access token, as a bare
    // `#[require_token]` asks.
    if input.is_empty() {
        return Ok(Head { attrs, vis, name });
    }
    if !input.peek(Token![=]) {
        return Err(input.error(format!(
            "expected `=` after the guard's name, then its arguments: `{name} = fresh, ..`"
        )));
    }
    input.parse::<Token![=]>()?;
    *rest = input.parse()?;
    Ok(Head { attrs, vis, name })
}

/// The checks of `check.rs` that need no handler, plus the declaration's own.
fn check_declaration(cx: &Ctxt, head: &Head, guard: &Guard) {
    check::without_handler(cx, guard);
    // `#[require_token]` tells a named guard from a keyword by its case.
    if !head
        .name
        .unraw()
        .to_string()
        .starts_with(|c: char| c.is_uppercase())
    {
        cx.error_at(
            head.name.span(),
            format!(
                "a named guard's name starts with an uppercase letter, as a type's does \
                 (`#[require_token]` tells it from a keyword by its case): write `{}`",
                upper_camel(&head.name.unraw().to_string())
            ),
        );
    }
    if let Some(path) = &guard.named {
        cx.error_spanned_by(
            path,
            format!(
                "a named guard cannot name another named guard (`{}`); write its arguments \
                 out in this declaration",
                path_text(path)
            ),
        );
    }
}

/// `admin_only` → `AdminOnly`.
fn upper_camel(name: &str) -> String {
    name.split('_')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
        })
        .collect()
}

fn expand(head: &Head, guard: &Guard) -> TokenStream {
    let Head { attrs, vis, name } = head;
    let spec = guard_spec(guard, &name.unraw().to_string());
    let vars = guard.vars.iter().map(|v| &v.name);
    let declares_type = guard.accepts != Accepts::Access;
    let register = guard.locations.is_some().then(|| {
        register_locations(
            &name.unraw(),
            quote!(&<#name as ::jwt_guard::__private::NamedGuard>::NAMED.spec),
        )
    });
    let layer_doc = format!(
        "The router layer for this guard: `.route_layer({name}::layer())` runs it in front of \
         every route of a `Router`."
    );
    quote! {
        #(#attrs)*
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::default::Default)]
        #vis struct #name;

        impl ::jwt_guard::__private::NamedGuard for #name {
            const NAMED: &'static ::jwt_guard::__private::NamedSpec =
                &::jwt_guard::__private::NamedSpec {
                    spec: #spec,
                    vars: &[#(#vars),*],
                    declares_type: #declares_type,
                };
        }

        impl #name {
            #[doc = #layer_doc]
            #[allow(dead_code)]
            #vis fn layer() -> ::jwt_guard::GuardLayer<Self> {
                ::jwt_guard::GuardLayer::new()
            }
        }

        #register
    }
}
