//! The pipeline, and the code generated from a guard that passed every check.
//!
//! Code generation takes only validated input and cannot fail. Everything it
//! emits names the runtime by absolute path (`::jwt_guard::__private::…`,
//! `::core::…`, `::std::…`); the only user tokens it copies are the handler
//! itself and its `Path` patterns and types.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt as _;
use syn::punctuated::Punctuated;
use syn::{FnArg, Pat, PatType, PatWild, Token, Type};

use crate::args::ArgList;
use crate::check::{self, BoundVar};
use crate::ctxt::Ctxt;
use crate::fallback;
use crate::handler::{Handler, PathArg};
use crate::spec::{Accepts, Expect, Guard, LitValue, Location, Req};

/// `#[require_token(args)] item`.
pub(crate) fn require_token(args: TokenStream, item: TokenStream) -> TokenStream {
    let cx = Ctxt::new();
    // A syntax error in the arguments still lets the function be checked, so
    // both are reported in one compile.
    let parsed = match crate::args::too_deep(&args) {
        Some(deep) => Err(deep),
        None => syn::parse2::<ArgList>(args),
    };
    let guard = match parsed {
        Ok(args) => Some(Guard::from_args(&cx, &args)),
        Err(error) => {
            cx.syn_error(error);
            None
        }
    };
    let handler = Handler::from_tokens(&cx, item.clone());
    let checked = match (guard, handler) {
        (Some(guard), Some(handler)) => {
            check::check(&cx, &guard, &handler).map(|bound| (guard, handler, bound))
        }
        _ => None,
    };
    match (cx.check(), checked) {
        (Ok(()), Some((guard, handler, bound))) => expand(&guard, &bound, handler),
        (result, _) => fallback::expand(item, result.err()),
    }
}

/// The hidden spec type, its `Spec` impl, and the handler with the guard added.
fn expand(guard: &Guard, bound: &[BoundVar], handler: Handler) -> TokenStream {
    let Handler {
        mut item,
        path_args,
    } = handler;
    // `format_ident!` gives the name the span of its first `Ident` argument,
    // the handler's name: the spec type resolves where the handler is written,
    // and an error about it (two guarded handlers of one name in one module)
    // points at that name. Lints on the generated items are silenced by their
    // `#[allow]` and `#[doc(hidden)]`, not by the span.
    let spec = format_ident!("__jwt_guard_spec_{}", item.sig.ident.unraw());
    let vis = &item.vis;
    let handler_name = item.sig.ident.unraw().to_string();
    let (spec_value, bind, checks) = match &guard.named {
        None => (
            guard_spec(guard, &handler_name),
            bind(bound, &path_args),
            None,
        ),
        Some(named) => {
            let u = crate::named_use::expand(
                guard,
                named,
                &handler_name,
                bound,
                &path_args,
                &item.sig.generics,
            );
            (u.spec, u.bind, Some(u.checks))
        }
    };
    add_guard(
        &mut item.sig.inputs,
        quote!(::jwt_guard::__private::Guarded<#spec>),
    );
    let register = guard
        .locations
        .is_some()
        .then(|| register_locations(&spec, quote!(<#spec as ::jwt_guard::__private::Spec>::SPEC)));
    quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #spec;

        #register

        impl ::jwt_guard::__private::Spec for #spec {
            const SPEC: &'static ::jwt_guard::__private::GuardSpec = &#spec_value;
            #bind
        }

        #checks

        #item
    }
}

/// `Spec::bind` for a guard of its own: the path variables it names, in
/// `Guard::vars` order.
fn bind(bound: &[BoundVar], path_args: &[PathArg]) -> Option<TokenStream> {
    (!bound.is_empty()).then(|| {
        let parts = Ident::new("__jwt_guard_parts", Span::mixed_site());
        // Each `Path` argument that binds a used variable is extracted once.
        let lets = path_args
            .iter()
            .enumerate()
            .filter(|(index, _)| bound.iter().any(|b| b.arg == *index))
            .map(|(_, arg)| {
                let (pat, ty) = (&arg.pat, &arg.ty);
                quote! {
                    #[allow(unused_variables, unused_mut)]
                    let #pat: #ty = ::jwt_guard::__private::extract_path::<#ty>(#parts).await?;
                }
            });
        let values = bound.iter().map(|b| {
            let ident = &b.ident;
            quote_spanned!(ident.span()=> ::jwt_guard::__private::path_value(&#ident))
        });
        bind_fn(
            &parts,
            quote! {
                #(#lets)*
                ::core::result::Result::Ok(::core::convert::From::from([#(#values),*]))
            },
        )
    })
}

/// `async fn bind(parts) -> Result<Vec<Option<Value>>, Response> { body }`.
pub(crate) fn bind_fn(parts: &Ident, body: TokenStream) -> TokenStream {
    quote! {
        async fn bind(
            #parts: &mut ::jwt_guard::__private::Parts,
        ) -> ::core::result::Result<
            ::std::vec::Vec<::core::option::Option<::jwt_guard::__private::Value>>,
            ::jwt_guard::__private::Response,
        > {
            #body
        }
    }
}

/// Lists a guard with its own `locations(..)` in a link-time registry, so that
/// building a manager that lacks one of them fails at start-up instead of the
/// route silently looking somewhere the application never enabled. `owner`
/// names the static; `spec` is a `&'static GuardSpec` constant expression.
pub(crate) fn register_locations(owner: &Ident, spec: TokenStream) -> TokenStream {
    let name = format_ident!("__JWT_GUARD_LOCATIONS_{}", owner);
    quote! {
        #[::jwt_guard::__private::linkme::distributed_slice(
            ::jwt_guard::__private::ROUTE_LOCATIONS
        )]
        #[linkme(crate = ::jwt_guard::__private::linkme)]
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        static #name: &'static ::jwt_guard::__private::GuardSpec = #spec;
    }
}

/// Puts the guard (or `#[public]`'s marker) in front of the handler's extractors.
///
/// It is folded into the first argument that is not a `State` as a tuple
/// `(_, pat): (Guarded<Spec>, Ty)`, which axum extracts left to right, so the
/// guard still runs before every extractor that reads the request. Folding keeps
/// the handler's arity, which `#[debug_handler]` written *above* this attribute
/// relies on: it calls a copy of the item with the arguments it saw. `State` is
/// skipped because `#[debug_handler]` below this attribute infers the state type
/// from `State<..>` arguments. With no other argument the guard becomes a new
/// leading argument.
pub(crate) fn add_guard(inputs: &mut Punctuated<FnArg, Token![,]>, guard: TokenStream) {
    let target = inputs.iter_mut().find_map(|input| match input {
        FnArg::Typed(arg) if !is_state(&arg.ty) => Some(arg),
        _ => None,
    });
    match target {
        Some(arg) => {
            let (pat, ty) = (&arg.pat, &arg.ty);
            let (pat, ty) = (quote!((_, #pat)), quote!((#guard, #ty)));
            *arg.pat = Pat::Verbatim(pat);
            *arg.ty = Type::Verbatim(ty);
        }
        None => {
            let arg = PatType {
                attrs: Vec::new(),
                pat: Box::new(Pat::Wild(PatWild {
                    attrs: Vec::new(),
                    underscore_token: Default::default(),
                })),
                colon_token: Default::default(),
                ty: Box::new(Type::Verbatim(guard)),
            };
            // Receivers were refused in `handler.rs`, so position 0 is free.
            inputs.insert(0, FnArg::Typed(arg));
        }
    }
}

/// `State<..>` by its last path segment, as `#[debug_handler]` recognizes it.
fn is_state(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "State"))
}

/// A `GuardSpec` expression made only of constants, so `&…` is promoted to a
/// `'static` and the spec costs nothing per request.
pub(crate) fn guard_spec(guard: &Guard, handler: &str) -> TokenStream {
    let accepts = match guard.accepts {
        Accepts::Access => quote!(Access),
        Accepts::Refresh => quote!(Refresh),
        Accepts::Any => quote!(Any),
    };
    let (fresh, optional) = (guard.fresh, guard.optional);
    let locations = locations(guard);
    let req = if guard.reqs.is_empty() {
        quote!(::core::option::Option::None)
    } else {
        let all = req_all(&guard.reqs, None);
        quote!(::core::option::Option::Some(&::jwt_guard::__private::Req::All(#all)))
    };
    quote! {
        ::jwt_guard::__private::GuardSpec {
            handler: #handler,
            accepts: ::jwt_guard::__private::Accepts::#accepts,
            fresh: #fresh,
            optional: #optional,
            locations: #locations,
            req: #req,
        }
    }
}

/// `locations: Option<&[Location]>`.
pub(crate) fn locations(guard: &Guard) -> TokenStream {
    match &guard.locations {
        None => quote!(::core::option::Option::None),
        Some(locations) => {
            let locations = locations.iter().map(|l| match l {
                Location::Headers => quote!(::jwt_guard::__private::Location::Headers),
                Location::Cookies => quote!(::jwt_guard::__private::Location::Cookies),
                Location::Query => quote!(::jwt_guard::__private::Location::Query),
            });
            quote!(::core::option::Option::Some(&[#(#locations),*]))
        }
    }
}

/// `&[req, …]`; `offset` is added to every path variable's index (the use of
/// a named guard puts the guard's own variables first).
pub(crate) fn req_all(reqs: &[Req], offset: Option<&TokenStream>) -> TokenStream {
    let reqs = reqs.iter().map(|r| req(r, offset));
    quote!(&[#(#reqs),*])
}

fn req(req: &Req, offset: Option<&TokenStream>) -> TokenStream {
    match req {
        Req::All(reqs) => {
            let all = req_all(reqs, offset);
            quote!(::jwt_guard::__private::Req::All(#all))
        }
        Req::Any(reqs) => {
            let any = req_all(reqs, offset);
            quote!(::jwt_guard::__private::Req::Any(#any))
        }
        Req::Not(inner) => {
            let inner = self::req(inner, offset);
            quote!(::jwt_guard::__private::Req::Not(&#inner))
        }
        Req::Claim { path, expect } => {
            let expect = match expect {
                Expect::Lit(value) => expect_lit(value),
                // `index` is the position in the vector `bind` returns.
                Expect::Var { index, name } => {
                    let offset = offset.map(|o| quote!(#o +));
                    quote!(::jwt_guard::__private::Expect::Var {
                        index: #offset #index,
                        name: #name,
                    })
                }
            };
            quote!(::jwt_guard::__private::Req::Claim { path: &[#(#path),*], expect: #expect })
        }
        Req::Scope { path, expect } => {
            let expect = expect_lit(expect);
            quote!(::jwt_guard::__private::Req::Scope { path: &[#(#path),*], expect: #expect })
        }
        Req::ScopeHas(names) => quote!(::jwt_guard::__private::Req::ScopeHas(&[#(#names),*])),
    }
}

fn expect_lit(value: &LitValue) -> TokenStream {
    let value = lit(value);
    quote!(::jwt_guard::__private::Expect::Lit(#value))
}

fn lit(value: &LitValue) -> TokenStream {
    match value {
        LitValue::Str(s) => quote!(::jwt_guard::__private::Lit::Str(#s)),
        LitValue::Int(n) => {
            // `-` plus the magnitude, so `i64::MIN` needs no out-of-range literal.
            let magnitude = Literal::u64_unsuffixed(n.unsigned_abs());
            let minus = (*n < 0).then(|| quote!(-));
            quote!(::jwt_guard::__private::Lit::Int(#minus #magnitude))
        }
        LitValue::Bool(b) => quote!(::jwt_guard::__private::Lit::Bool(#b)),
        LitValue::List(items) => {
            let items = items.iter().map(lit);
            quote!(::jwt_guard::__private::Lit::List(&[#(#items),*]))
        }
    }
}
