//! The code generated for `#[require_token(Name, ..)]`: the handler's spec
//! computed in const context from the named guard's and the local arguments,
//! its `bind`, and (in `named_checks.rs`) the checks that need the guard's
//! declaration, which the macro cannot see.
//!
//! Only handlers that name a guard get any of this; a plain attribute expands
//! as before.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt as _;
use syn::{GenericParam, Generics};

use crate::check::BoundVar;
use crate::expand::{bind_fn, locations, req_all};
use crate::handler::PathArg;
use crate::spec::Guard;

pub(crate) struct Use {
    pub(crate) spec: TokenStream,
    pub(crate) bind: Option<TokenStream>,
    pub(crate) checks: TokenStream,
}

pub(crate) fn expand(
    guard: &Guard,
    path: &syn::Path,
    handler: &str,
    bound: &[BoundVar],
    path_args: &[PathArg],
    generics: &Generics,
) -> Use {
    let named = quote!(<#path as ::jwt_guard::__private::NamedGuard>::NAMED);
    // The handler's `Path` arguments the guard can re-run: not those whose type
    // uses the handler's generic parameters, which do not exist in `bind`.
    let usable: Vec<(usize, &PathArg)> = path_args
        .iter()
        .enumerate()
        .filter(|(_, arg)| !uses_generics(&arg.ty, generics))
        .collect();
    Use {
        spec: spec(guard, &named, handler),
        bind: bind(guard, &named, bound, &usable),
        checks: crate::named_checks::checks(guard, path, &named, &usable),
    }
}

/// Requirements add up: the named guard's type and locations, `fresh` if
/// either says so, and both sets of claim requirements.
fn spec(guard: &Guard, named: &TokenStream, handler: &str) -> TokenStream {
    let fresh = guard.fresh;
    let locations = locations(guard);
    let req = if guard.reqs.is_empty() {
        quote!(#named.spec.req)
    } else {
        let offset = quote!(#named.vars.len());
        let local = req_all(&guard.reqs, Some(&offset));
        quote! {
            ::core::option::Option::Some(&::jwt_guard::__private::Req::All(&[
                match #named.spec.req {
                    ::core::option::Option::Some(__jwt_guard_req) => *__jwt_guard_req,
                    ::core::option::Option::None => ::jwt_guard::__private::Req::All(&[]),
                },
                ::jwt_guard::__private::Req::All(#local),
            ]))
        }
    };
    quote! {
        ::jwt_guard::__private::GuardSpec {
            handler: #handler,
            accepts: #named.spec.accepts,
            fresh: #named.spec.fresh || #fresh,
            optional: #named.spec.optional,
            locations: if #named.spec.locations.is_some() {
                #named.spec.locations
            } else {
                #locations
            },
            req: #req,
        }
    }
}

/// The named guard's variables first, found by name among the handler's
/// bindings, then the local ones. A `Path` argument is extracted only when a
/// variable needs it, which the constant in `if const` decides at compile time.
fn bind(
    guard: &Guard,
    named: &TokenStream,
    bound: &[BoundVar],
    usable: &[(usize, &PathArg)],
) -> Option<TokenStream> {
    if usable.is_empty() {
        // Nothing to bind: the `unbound` check makes sure the guard names no
        // variable.
        return None;
    }
    let parts = Ident::new("__jwt_guard_parts", Span::mixed_site());
    let values = Ident::new("__jwt_guard_values", Span::mixed_site());
    // Prefixed as well as hygienic: a pattern binding that names a constant
    // in scope would match against it instead.
    let slot = Ident::new("__jwt_guard_slot", Span::mixed_site());
    let local_len = guard.vars.len();
    let args = usable.iter().map(|(index, arg)| {
        let (pat, ty) = (&arg.pat, &arg.ty);
        let names: Vec<String> = arg.bindings.iter().map(|b| b.unraw().to_string()).collect();
        let locals: Vec<(usize, &BoundVar)> = bound
            .iter()
            .enumerate()
            .filter(|(_, b)| b.arg == *index)
            .collect();
        let needed_locally = !locals.is_empty();
        // Only a binding the guard names must be `Serialize`; which ones it
        // names is known in const context only, so the trait impl is picked
        // by a const generic.
        let from_named = arg.bindings.iter().zip(&names).map(|(ident, name)| {
            let position = quote!(::jwt_guard::__private::position(#named.vars, #name));
            let value = quote_spanned! {ident.span()=>
                <::jwt_guard::__private::Binding<{ #position.is_some() }>
                    as ::jwt_guard::__private::BindingValue<_>>::value(&#ident)
            };
            quote! {
                if let ::core::option::Option::Some(#slot) = const { #position } {
                    #values[#slot] = #value;
                }
            }
        });
        let from_local = locals.iter().map(|(position, b)| {
            let ident = &b.ident;
            let value = quote_spanned!(ident.span()=> ::jwt_guard::__private::path_value(&#ident));
            quote!(#values[#named.vars.len() + #position] = #value;)
        });
        quote! {
            if const {
                #needed_locally
                    #(|| ::jwt_guard::__private::position(#named.vars, #names).is_some())*
            } {
                #[allow(unused_variables, unused_mut)]
                let #pat: #ty = ::jwt_guard::__private::extract_path::<#ty>(#parts).await?;
                #(#from_named)*
                #(#from_local)*
            }
        }
    });
    Some(bind_fn(
        &parts,
        quote! {
            let mut #values: ::std::vec::Vec<::core::option::Option<::jwt_guard::__private::Value>> =
                ::std::vec![::core::option::Option::None; #named.vars.len() + #local_len];
            #(#args)*
            ::core::result::Result::Ok(#values)
        },
    ))
}

fn uses_generics(ty: &syn::Type, generics: &Generics) -> bool {
    let params: Vec<Ident> = generics
        .params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Type(t) => Some(t.ident.clone()),
            GenericParam::Const(c) => Some(c.ident.clone()),
            _ => None,
        })
        .collect();
    !params.is_empty() && mentions(ty.to_token_stream(), &params)
}

fn mentions(tokens: TokenStream, params: &[Ident]) -> bool {
    tokens.into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => params.contains(&ident),
        proc_macro2::TokenTree::Group(group) => mentions(group.stream(), params),
        _ => false,
    })
}
