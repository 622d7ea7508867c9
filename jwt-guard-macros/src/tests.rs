//! Pipeline tests: attribute + item in, messages or expansion out. They need no
//! runtime, so the macro can be iterated on with `cargo test -p jwt-guard-macros`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::args::ArgList;
use crate::ctxt::Ctxt;
use crate::expand;
use crate::spec::{Expect, Guard, LitValue, Req};

/// Every error message the attribute produces, in order.
fn errors(args: TokenStream, item: TokenStream) -> Vec<String> {
    let out = expand::require_token(args, item).to_string();
    messages(&out)
}

fn messages(out: &str) -> Vec<String> {
    // `compile_error! { "message" }` is rendered as `compile_error ! { "…" }`.
    out.split(":: core :: compile_error ! {")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('"')?;
            let end = rest.find("\" }")?;
            Some(rest[start + 1..end].replace("\\\"", "\""))
        })
        .collect()
}

fn handler() -> TokenStream {
    quote!(
        async fn handler(Path(username): Path<String>) {}
    )
}

#[test]
fn valid_guard_has_no_errors() {
    let out = expand::require_token(
        quote!(refresh, fresh, sub = "username", scope(admin = true)),
        handler(),
    )
    .to_string();
    assert!(!out.contains("compile_error"), "{out}");
}

/// The validated model of an attribute that must be error-free.
fn guard(args: TokenStream) -> Guard {
    let cx = Ctxt::new();
    let guard = syn::parse2::<ArgList>(args).map(|a| Guard::from_args(&cx, &a));
    let result = cx.check();
    match (guard, result) {
        (Ok(guard), Ok(())) => guard,
        (Err(e), _) | (_, Err(e)) => panic!(
            "unexpected errors: {:?}",
            messages(&e.to_compile_error().to_string())
        ),
    }
}

fn claim(path: &[&str], expect: Expect) -> Req {
    Req::Claim {
        path: path.iter().map(|s| s.to_string()).collect(),
        expect,
    }
}

fn str_lit(s: &str) -> LitValue {
    LitValue::Str(s.to_owned())
}

fn var(index: usize, name: &str) -> Expect {
    Expect::Var {
        index,
        name: name.to_owned(),
    }
}

mod errors;
mod expansion;
mod fuzz_corpus;
mod model;
mod named;

#[test]
fn logic_nests_at_most_sixteen_deep() {
    let nested = |depth: usize| -> TokenStream {
        format!(
            "{}scope(\"banned\"){}",
            "not(".repeat(depth),
            ")".repeat(depth)
        )
        .parse()
        .unwrap()
    };
    assert_eq!(errors(nested(16), handler()), Vec::<String>::new());
    let refused = errors(nested(17), handler());
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(
        refused[0].contains("nested more than 16 levels"),
        "{refused:?}"
    );
    // Far deeper input is refused before it is parsed (the parser recurses
    // once per level), on the first group past the limit.
    let deep = errors(nested(100_000), handler());
    assert_eq!(deep.len(), 1, "{deep:?}");
    assert!(deep[0].contains("more than 32 levels"), "{deep:?}");
    assert!(
        errors(nested(31), handler())
            .iter()
            .all(|e| e.contains("16 levels"))
    );
}
