//! The check behind the `guard_spec` fuzz target: the `#[require_token]`
//! attribute's whole pipeline (`expand::require_token`: parse, validate,
//! expand or fall back), run in-process on fuzzer text.
//!
//! A proc-macro crate exports only its macros, so this file reaches the
//! pipeline as `crate::expand`: the fuzz target declares the macro crate's
//! modules at its own root with `#[path]` (`fuzz/fuzz_targets/guard_spec.rs`),
//! and the stable replay is a unit test inside jwt-guard-macros
//! (`jwt-guard-macros/src/tests/fuzz_corpus.rs`), where `crate::expand` is the
//! real module. Both include this one file. It depends on `proc_macro2` and
//! `syn` only, not on the runtime (so it is not in `checks/mod.rs`).
//!
//! Input: UTF-8 text. The first line is the attribute's arguments, what sits
//! between the parentheses of `#[require_token(..)]`. The rest, when it holds
//! anything but whitespace, is the item the attribute is on; otherwise the
//! item is [`HANDLER`].
//!
//! What must hold, for every input whose parts lex, whose item is an item (as
//! rustc would hand it to the macro) and whose groups nest at most
//! [`MAX_DEPTH`] deep:
//! * no panic;
//! * the output parses as a sequence of items;
//! * with errors (`compile_error!`s): every message is non-empty and is not the
//!   "bug in jwt-guard-macros" one; the output is exactly the item, unchanged
//!   but for an `async` the fallback may add to a fn, followed by the errors
//!   (GUARD-SPEC §1 / STYLE 3.2.6: no cascade of "cannot find function");
//! * without errors: the item is an `async fn` without receiver, and the
//!   output is the hidden spec type, its `Spec` impl (and a locations
//!   registration) and the fn with its name, attributes, generics, return
//!   type and body unchanged and exactly one more guard argument (STYLE
//!   3.2.7);
//! * an independent reading of the arguments ([`verdict`], a token-level
//!   classifier of a subset of the grammar that shares no code with the
//!   parser) agrees: what it accepts expands without errors (on [`HANDLER`],
//!   or, when no path variable is bound, on any free `async fn` that has no
//!   second `#[require_token]`), what it refuses gets at least one error.

use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{FnArg, Item, ItemFn};

/// The item when the input has only the attribute line: it binds the path
/// variable `username`.
pub(crate) const HANDLER: &str = "async fn handler(Path(username): Path<String>, token: Token) {}";

/// The message `fallback.rs` gives when a stage failed without an error.
const BUG: &str = "this is a bug in jwt-guard-macros";

/// Panics when the pipeline breaks one of the rules above.
pub(crate) fn guard_spec(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (attr, item_text) = match text.split_once('\n') {
        Some((attr, rest)) if !rest.trim().is_empty() => (attr, rest),
        Some((attr, _)) => (attr, HANDLER),
        None => (text, HANDLER),
    };
    let default_handler = item_text == HANDLER;
    let (Ok(args), Ok(item_tokens)) = (
        TokenStream::from_str(attr),
        TokenStream::from_str(item_text),
    ) else {
        return;
    };
    // syn's parsers recurse once per level of nesting, in the macro and in
    // this check alike (a limit of every syn-based macro, not a finding):
    // the re-parse of the expansion below, three expressions per level of
    // `any(..)`, overflows a 2 MiB test thread of the debug replay about 120
    // levels deep, and the macro itself the fuzzer's 8 MiB (with ASan) a few
    // thousand deep. Real guards nest a handful of levels.
    if depth(args.clone()) > MAX_DEPTH || depth(item_tokens.clone()) > MAX_DEPTH {
        return;
    }
    // rustc hands an attribute macro only a well-formed item.
    let Ok(item) = syn::parse2::<Item>(item_tokens.clone()) else {
        return;
    };
    if compile_error_message(&item).is_some() {
        return;
    }

    let out = crate::expand::require_token(args.clone(), item_tokens);
    let why = || format!("attribute: {attr:?}\nitem: {item_text:?}\noutput: {out}");
    let file = syn::parse2::<syn::File>(out.clone())
        .unwrap_or_else(|e| panic!("the output is not a sequence of items ({e})\n{}", why()));
    let errors: Vec<Option<String>> = file
        .items
        .iter()
        .filter_map(compile_error_message)
        .collect();

    if errors.is_empty() {
        expansion_keeps_the_handler(&item, &file.items, &why);
    } else {
        for message in &errors {
            let message = message
                .as_deref()
                .unwrap_or_else(|| panic!("a compile_error! without a string\n{}", why()));
            assert!(!message.trim().is_empty(), "an empty error\n{}", why());
            assert!(!message.contains(BUG), "{message}\n{}", why());
        }
        fallback_keeps_the_item(&item, &file.items, &why);
    }

    // What the item alone decides.
    let item_refused = match &item {
        Item::Fn(f) => f.sig.asyncness.is_none() || f.sig.receiver().is_some(),
        _ => true,
    };
    if item_refused {
        assert!(
            !errors.is_empty(),
            "expanded on an item that is not a free `async fn`\n{}",
            why()
        );
    }
    // A free `async fn` with no second `#[require_token]` (GUARD-SPEC §1):
    // valid arguments that bind no path variable are valid on it.
    let plain_handler = match &item {
        Item::Fn(f) => {
            !item_refused
                && !f.attrs.iter().any(|a| {
                    a.path()
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == "require_token")
                })
        }
        _ => false,
    };
    match verdict(&args, default_handler) {
        Verdict::Accept { binds } if default_handler || (plain_handler && !binds) => assert!(
            errors.is_empty(),
            "valid arguments refused: {errors:?}\n{}",
            why()
        ),
        Verdict::Accept { .. } => {}
        Verdict::Refuse(rule) => assert!(!errors.is_empty(), "accepted, but {rule}\n{}", why()),
        Verdict::Unknown => {}
    }
}

/// Deeper inputs are skipped (see [`guard_spec`]).
const MAX_DEPTH: usize = 32;

/// How deeply groups nest in `tokens`.
fn depth(tokens: TokenStream) -> usize {
    let mut stack = vec![tokens.into_iter()];
    let mut max = 0;
    while let Some(top) = stack.last_mut() {
        match top.next() {
            Some(TokenTree::Group(g)) => {
                stack.push(g.stream().into_iter());
                max = max.max(stack.len() - 1);
            }
            Some(_) => {}
            None => {
                stack.pop();
            }
        }
    }
    max
}

/// `Some(message)` for a `compile_error! { .. }` item (`None` inside when its
/// argument is not one string literal).
fn compile_error_message(item: &Item) -> Option<Option<String>> {
    let Item::Macro(m) = item else {
        return None;
    };
    let last = m.mac.path.segments.last()?;
    (last.ident == "compile_error").then(|| {
        syn::parse2::<syn::LitStr>(m.mac.tokens.clone())
            .ok()
            .map(|s| s.value())
    })
}

fn text<T: ToTokens>(tokens: &T) -> String {
    tokens.to_token_stream().to_string()
}

/// The fallback: the item as written (a fn may gain `async`), then the errors.
fn fallback_keeps_the_item(item: &Item, out: &[Item], why: &dyn Fn() -> String) {
    assert!(
        out.len() >= 2 && out[1..].iter().all(|i| compile_error_message(i).is_some()),
        "the errors must follow the item, alone\n{}",
        why()
    );
    match (item, &out[0]) {
        (Item::Fn(before), Item::Fn(after)) => {
            let mut after = after.clone();
            if before.sig.asyncness.is_none() {
                after.sig.asyncness = None;
            }
            assert_eq!(
                text(before),
                text(&after),
                "the fallback changed the fn\n{}",
                why()
            );
        }
        (before, after) => {
            assert_eq!(
                text(before),
                text(after),
                "the fallback changed the item\n{}",
                why()
            );
        }
    }
}

/// The expansion: spec type, `Spec` impl, maybe a locations registration, and
/// the fn with one more argument, the guard.
fn expansion_keeps_the_handler(item: &Item, out: &[Item], why: &dyn Fn() -> String) {
    let Item::Fn(before) = item else {
        panic!("expanded on an item that is not a fn\n{}", why());
    };
    let name = syn::ext::IdentExt::unraw(&before.sig.ident);
    let spec = format!("__jwt_guard_spec_{name}");
    let kinds: Vec<&str> = out
        .iter()
        .map(|i| match i {
            Item::Struct(s) if s.ident == spec => "spec",
            Item::Static(_) => "static",
            Item::Impl(i) if text(&i.self_ty) == spec => "impl",
            Item::Fn(f) if f.sig.ident == before.sig.ident => "fn",
            _ => "other",
        })
        .collect();
    assert!(
        kinds == ["spec", "impl", "fn"] || kinds == ["spec", "static", "impl", "fn"],
        "unexpected items {kinds:?}\n{}",
        why()
    );
    let Some(Item::Fn(after)) = out.last() else {
        unreachable!()
    };
    let same = |a: &ItemFn, b: &ItemFn| {
        a.attrs.iter().map(text).eq(b.attrs.iter().map(text))
            && text(&a.vis) == text(&b.vis)
            && text(&a.sig.generics) == text(&b.sig.generics)
            && text(&a.sig.generics.where_clause) == text(&b.sig.generics.where_clause)
            && text(&a.sig.output) == text(&b.sig.output)
            && text(&a.block) == text(&b.block)
    };
    assert!(same(before, after), "the handler was changed\n{}", why());
    let guards = |f: &ItemFn| {
        let is_guard = |arg: &FnArg| match arg {
            FnArg::Typed(t) => text(&t.ty).contains(":: jwt_guard :: __private :: Guarded <"),
            FnArg::Receiver(_) => false,
        };
        f.sig.inputs.iter().filter(|arg| is_guard(arg)).count()
    };
    let (n, m) = (before.sig.inputs.len(), after.sig.inputs.len());
    assert!(
        (m == n || m == n + 1) && guards(after) == guards(before) + 1,
        "the guard must be exactly one more extractor\n{}",
        why()
    );
}

/// What the independent reading says of the arguments.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// Valid on [`HANDLER`], and, when they bind no path variable
    /// (`binds: false`), on any free `async fn`: no error allowed.
    Accept { binds: bool },
    /// Invalid whatever the item; the rule it breaks.
    Refuse(&'static str),
    /// Outside the subset this reading knows.
    Unknown,
}

const FLAGS: &[&str] = &["refresh", "fresh", "optional", "any_type"];
const KEYWORDS: &[&str] = &[
    "refresh",
    "fresh",
    "optional",
    "any_type",
    "claims",
    "scope",
    "any",
    "all",
    "not",
    "locations",
];
const LISTS: &[&str] = &["claims", "scope", "any", "all", "not", "locations"];
const LOCATIONS: &[&str] = &["headers", "cookies", "query"];

/// The items of a comma-separated list, split on the top-level commas.
fn split(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut items = vec![Vec::new()];
    for tree in tokens {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => items.push(Vec::new()),
            _ => items.last_mut().unwrap().push(tree),
        }
    }
    // An empty list has no items; one trailing comma after an item is fine.
    let n = items.len();
    if n == 1 && items[0].is_empty() || n > 1 && items[n - 1].is_empty() && !items[n - 2].is_empty()
    {
        items.pop();
    }
    items
}

/// A plain identifier (not raw) other than `true`/`false`.
fn word(tree: &TokenTree) -> Option<String> {
    match tree {
        TokenTree::Ident(i) => {
            let s = i.to_string();
            (!s.starts_with("r#") && s != "true" && s != "false").then_some(s)
        }
        _ => None,
    }
}

fn is_raw(tree: &TokenTree) -> bool {
    matches!(tree, TokenTree::Ident(i) if i.to_string().starts_with("r#"))
}

/// GUARD-SPEC §1, read off the tokens for the flags, `locations(..)`,
/// `CLAIM = "var"` (where `default_handler`, [`HANDLER`], binds `username`)
/// and a few mistakes of each compile-error row; anything else is
/// [`Verdict::Unknown`].
pub(crate) fn verdict(args: &TokenStream, default_handler: bool) -> Verdict {
    use Verdict::{Accept, Refuse, Unknown};
    let mut flags: Vec<String> = Vec::new();
    let mut claims: Vec<String> = Vec::new();
    let mut locations = 0;
    let mut known = true;
    for item in split(args.clone()) {
        let Some(first) = item.first() else {
            return Refuse("an argument is missing before a `,`");
        };
        let Some(key) = word(first) else {
            if is_raw(first) {
                known = false;
                continue;
            }
            return Refuse("an argument is not a name (a bare value)");
        };
        match &item[1..] {
            [] if FLAGS.contains(&key.as_str()) => flags.push(key),
            [] => return Refuse("an argument is an unknown or misplaced word"),
            [TokenTree::Ident(_) | TokenTree::Literal(_), ..] => {
                return Refuse("two names or values follow each other without a `,`");
            }
            [TokenTree::Punct(eq), rest @ ..] if eq.as_char() == '=' => {
                if KEYWORDS.contains(&key.as_str()) {
                    return Refuse("a keyword is given a value with `=`");
                }
                let [TokenTree::Literal(lit)] = rest else {
                    return Refuse("`CLAIM = ..` at the top level takes one string literal");
                };
                let lit = lit.to_string();
                if lit.starts_with('"') && !lit.ends_with('"') {
                    return Refuse("a string literal has a suffix");
                }
                if !lit.starts_with('"') && !lit.starts_with('r') {
                    return Refuse(
                        "`CLAIM = ..` at the top level takes a string, not this literal",
                    );
                }
                let name = lit.strip_prefix('"').and_then(|l| l.strip_suffix('"'));
                match name {
                    Some("username") => claims.push(key),
                    Some(name)
                        if default_handler
                            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
                    {
                        return Refuse("the path variable is not bound by the handler");
                    }
                    _ => known = false,
                }
            }
            [TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
                if FLAGS.contains(&key.as_str()) {
                    return Refuse("a flag is given arguments");
                }
                if LISTS.contains(&key.as_str()) && g.stream().is_empty() {
                    return Refuse("an empty list");
                }
                if key != "locations" {
                    known = false;
                    continue;
                }
                locations += 1;
                let mut seen = Vec::new();
                for place in split(g.stream()) {
                    match place.as_slice() {
                        [tree] => match word(tree) {
                            Some(w) if LOCATIONS.contains(&w.as_str()) => {
                                if seen.contains(&w) {
                                    return Refuse("a location is listed twice");
                                }
                                seen.push(w);
                            }
                            Some(_) => return Refuse("an unknown token location"),
                            None if is_raw(tree) => known = false,
                            None => return Refuse("a location is not a name"),
                        },
                        [] => return Refuse("a location is missing before a `,`"),
                        _ => known = false,
                    }
                }
            }
            _ => known = false,
        }
    }
    for (i, flag) in flags.iter().enumerate() {
        if flags[..i].contains(flag) {
            return Refuse("a flag is given twice");
        }
    }
    if flags.iter().any(|f| f == "refresh") && flags.iter().any(|f| f == "any_type") {
        return Refuse("`refresh` and `any_type` conflict");
    }
    if locations > 1 {
        return Refuse("`locations` is given twice");
    }
    if flags.iter().any(|f| f == "optional")
        && (flags.iter().any(|f| f == "fresh") || !claims.is_empty())
    {
        return Refuse("`optional` with a requirement on the token's contents");
    }
    for (i, claim) in claims.iter().enumerate() {
        if claims[..i].contains(claim) {
            return Refuse("a claim is bound to a path variable twice");
        }
    }
    if known && claims.len() <= 1 {
        Accept {
            binds: !claims.is_empty(),
        }
    } else {
        Unknown
    }
}
