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
//! Input: any bytes, read as UTF-8 (invalid sequences become U+FFFD). The
//! first line is the attribute's arguments, what sits between the parentheses
//! of `#[require_token(..)]`. The rest, when it holds anything but whitespace,
//! is the item the attribute is on; otherwise the item is [`HANDLER`].
//!
//! No input goes unjudged. What rustc would never hand the macro is mapped to
//! the nearest input it would:
//! * an attribute line that does not lex is given to the macro as one string
//!   literal (`#[require_token("…")]`), which it must refuse as a bare value;
//! * an item that does not lex, or nests more than [`MAX_DEPTH`] groups deep
//!   (syn's parsers recurse once per level, in the macro and in this check
//!   alike), is replaced by [`HANDLER`], so the attribute is still judged;
//! * an item that lexes but is not an item (`fn f();`) still goes through the
//!   macro, which must answer with the tokens unchanged and its errors.
//!
//! What must hold for every input:
//! * no panic;
//! * the output parses as a sequence of items (for an item that is not one:
//!   the tokens, then `compile_error!`s);
//! * with errors (`compile_error!`s): every message is non-empty and is not the
//!   "bug in jwt-guard-macros" one; the output is exactly the item, unchanged
//!   but for an `async` the fallback may add to a fn, followed by the errors
//!   (docs/guard-reference.md §1.5: the handler stays, so the router using it
//!   still compiles and no "cannot find function" follows the real errors);
//! * without errors: the item is an `async fn` without receiver, and the
//!   output is the hidden spec type, its `Spec` impl (and a locations
//!   registration, and for a named guard its checks as `const _` items) and the fn with its name, attributes, generics, return
//!   type and body unchanged and exactly one more guard argument
//!   (docs/guard-reference.md §1);
//! * an item that is not a free `async fn` with one `#[require_token]` gets at
//!   least one error;
//! * an independent reading of the arguments ([`verdict`], a token-level
//!   reading of the whole grammar that shares no code with the macro's parser
//!   and validation) agrees, on every input: what it refuses gets at least one
//!   error; what it accepts expands without errors on a free `async fn` that
//!   binds every path variable it names ([`HANDLER`] binds `username`, and a
//!   guard that names none needs none), and otherwise gets only errors about
//!   those path variables.

use std::str::FromStr;

use proc_macro2::{Delimiter, Literal, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{FnArg, Item, ItemFn};

/// The item when the input has only the attribute line: it binds the path
/// variable `username`.
pub(crate) const HANDLER: &str = "async fn handler(Path(username): Path<String>, token: Token) {}";

/// The path variable [`HANDLER`] binds.
const HANDLER_BINDS: &str = "username";

/// The message `fallback.rs` gives when a stage failed without an error.
const BUG: &str = "this is a bug in jwt-guard-macros";

/// Panics when the pipeline breaks one of the rules above.
pub(crate) fn guard_spec(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (attr, item_text) = match text.split_once('\n') {
        Some((attr, rest)) if !rest.trim().is_empty() => (attr, rest),
        Some((attr, _)) => (attr, HANDLER),
        None => (&*text, HANDLER),
    };
    let args = TokenStream::from_str(attr)
        .unwrap_or_else(|_| TokenTree::Literal(Literal::string(attr)).into());
    let (item_text, item_tokens) = match TokenStream::from_str(item_text) {
        Ok(tokens) if depth(tokens.clone()) <= MAX_DEPTH => (item_text, tokens),
        _ => (HANDLER, TokenStream::from_str(HANDLER).unwrap()),
    };
    let verdict = verdict(&args);
    let out = crate::expand::require_token(args, item_tokens.clone());
    let why = || format!("attribute: {attr:?}\nitem: {item_text:?}\noutput: {out}");
    let Ok(item) = syn::parse2::<Item>(item_tokens.clone()) else {
        not_an_item_is_refused(&item_tokens, &out, &why);
        return;
    };
    let file = syn::parse2::<syn::File>(out.clone())
        .unwrap_or_else(|e| panic!("the output is not a sequence of items ({e})\n{}", why()));
    // An item that is itself a `compile_error!` comes back first, as written.
    let own = usize::from(compile_error_message(&item).is_some());
    let errors: Vec<String> = file.items[own..]
        .iter()
        .filter_map(compile_error_message)
        .map(|message| {
            let message =
                message.unwrap_or_else(|| panic!("a compile_error! without a string\n{}", why()));
            assert!(!message.trim().is_empty(), "an empty error\n{}", why());
            assert!(!message.contains(BUG), "{message}\n{}", why());
            message
        })
        .collect();

    if errors.is_empty() {
        let named = matches!(verdict, Verdict::Accept { named: true, .. });
        expansion_keeps_the_handler(&item, &file.items, named, &why);
    } else {
        fallback_keeps_the_item(&item, &file.items, &why);
    }

    // What the item alone decides: a free `async fn`, guarded once (docs/guard-reference.md §1.5).
    let item_refused = match &item {
        Item::Fn(f) => {
            f.sig.asyncness.is_none()
                || f.sig.receiver().is_some()
                || f.attrs.iter().any(|a| {
                    a.path()
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == "require_token" || s.ident == "public")
                })
        }
        _ => true,
    };
    if item_refused {
        assert!(
            !errors.is_empty(),
            "expanded on an item that is not a free `async fn` guarded once\n{}",
            why()
        );
    }
    match verdict {
        Verdict::Refuse(rule) => assert!(!errors.is_empty(), "accepted, but {rule}\n{}", why()),
        Verdict::Accept { .. } if item_refused => {}
        Verdict::Accept { vars, .. } => {
            // Which of the named variables the item is known to bind: HANDLER
            // binds `username`; of any other item nothing is assumed.
            let unbound = vars
                .iter()
                .filter(|v| item_text != HANDLER || v.as_str() != HANDLER_BINDS)
                .count();
            if unbound == 0 {
                assert!(
                    errors.is_empty(),
                    "valid arguments refused: {errors:?}\n{}",
                    why()
                );
            } else {
                if item_text == HANDLER {
                    assert!(!errors.is_empty(), "an unbound path variable\n{}", why());
                }
                for message in &errors {
                    assert!(
                        is_path_variable_error(message),
                        "valid arguments refused for more than their path variables: \
                         {message:?}\n{}",
                        why()
                    );
                }
            }
        }
    }
}

/// The errors a valid guard can still get from its handler: a variable the
/// `Path` patterns do not bind, or bind with a generic type (`check.rs`).
fn is_path_variable_error(message: &str) -> bool {
    message.contains("path variable") || message.contains("variable of this `Path`")
}

/// Tokens that are not an item: the macro answers with them unchanged,
/// followed by its errors.
fn not_an_item_is_refused(item: &TokenStream, out: &TokenStream, why: &dyn Fn() -> String) {
    let n = item.clone().into_iter().count();
    let mut trees = out.clone().into_iter();
    let kept: TokenStream = trees.by_ref().take(n).collect();
    assert_eq!(
        kept.to_string(),
        item.to_string(),
        "the tokens were changed\n{}",
        why()
    );
    let rest: TokenStream = trees.collect();
    let file = syn::parse2::<syn::File>(rest)
        .unwrap_or_else(|e| panic!("the errors are not items ({e})\n{}", why()));
    assert!(!file.items.is_empty(), "no error for a non-item\n{}", why());
    for item in &file.items {
        let message = compile_error_message(item)
            .flatten()
            .unwrap_or_else(|| panic!("not a compile_error! with a string\n{}", why()));
        assert!(
            !message.trim().is_empty() && !message.contains(BUG),
            "{message:?}\n{}",
            why()
        );
    }
}

/// Deeper items are replaced by [`HANDLER`] (see [`guard_spec`]); deeper
/// arguments must be refused (the macro's own limit is the same).
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

/// The expansion: spec type, `Spec` impl, maybe a locations registration, the
/// checks of a named guard's use (`const _`, only when one is named), and the
/// fn with one more argument, the guard.
fn expansion_keeps_the_handler(item: &Item, out: &[Item], named: bool, why: &dyn Fn() -> String) {
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
            Item::Const(c) if named && c.ident == "_" => "check",
            _ => "other",
        })
        .filter(|kind| *kind != "check")
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

/// What the independent reading says of the arguments; there is no third
/// answer, so every input is judged.
#[derive(Debug, PartialEq)]
pub(crate) enum Verdict {
    /// Valid on a free `async fn` whose `Path` patterns bind each of `vars`
    /// (the path variables named, in order of first use) with a concrete type.
    Accept {
        vars: Vec<String>,
        /// Whether it names a guard declared with `guard!` (`Admin`,
        /// `guards::Admin`), whose own checks run as constants in the output.
        named: bool,
    },
    /// Invalid whatever the item; the rule it breaks.
    Refuse(&'static str),
}

/// The rule broken, or the value read.
type Reading<T> = Result<T, &'static str>;

/// Words that apply to the whole guard, at the top level only.
const GUARD_WIDE: &[&str] = &["refresh", "fresh", "optional", "any_type", "locations"];
const LOCATIONS: &[&str] = &["headers", "cookies", "query"];
/// How many `any/all/not` may enclose one another (docs/guard-reference.md §1.5).
const MAX_LOGIC: usize = 16;

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

/// `name`, `name = value` or `name(..)`, the name possibly dotted.
struct Named<'a> {
    /// The dotted claim path as compared (`r#` removed): `org.id`.
    claim: String,
    /// The keyword it spells: one segment, not raw (`r#fresh` is a claim).
    word: Option<String>,
    shape: Shape<'a>,
}

enum Shape<'a> {
    Flag,
    Eq(&'a [TokenTree]),
    Group(TokenStream),
}

/// `None` when the item is a value (it starts with anything but a name:
/// a literal, `true`, punctuation, a group).
fn named(item: &[TokenTree]) -> Reading<Option<Named<'_>>> {
    let Some(first) = item.first() else {
        return Err("an argument is missing before a `,`");
    };
    let name = |tree: &TokenTree| match tree {
        TokenTree::Ident(i) => Some(i.to_string()),
        _ => None,
    };
    let Some(head) = name(first).filter(|s| s != "true" && s != "false") else {
        return Ok(None);
    };
    let unraw = |s: &str| s.strip_prefix("r#").unwrap_or(s).to_owned();
    let mut segments = vec![unraw(&head)];
    let mut rest = &item[1..];
    while let [TokenTree::Punct(dot), tail @ ..] = rest
        && dot.as_char() == '.'
    {
        // `a.b`: the `.` stands alone; `a..b` or `a.` followed by anything
        // but a name is no dotted name.
        match tail {
            [next, tail @ ..] if dot.spacing() == Spacing::Alone && name(next).is_some() => {
                segments.push(unraw(&name(next).unwrap()));
                rest = tail;
            }
            _ => return Err("a `.` in a name is not followed by a name"),
        }
    }
    let word = (segments.len() == 1 && !head.starts_with("r#")).then_some(head);
    let shape = match rest {
        [] => Shape::Flag,
        [TokenTree::Punct(eq), value @ ..] if eq.as_char() == '=' => Shape::Eq(value),
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
            Shape::Group(g.stream())
        }
        _ => return Err("tokens follow an argument without a `,` between them"),
    };
    Ok(Some(Named {
        claim: segments.join("."),
        word,
        shape,
    }))
}

/// Whether the item is a named guard (docs/guard-reference.md §1.7): a path
/// with `::` (which must then be a whole path), or one identifier written
/// alone whose first letter, `r#` aside, is uppercase.
fn named_guard(item: &[TokenTree]) -> Reading<bool> {
    let is_colon = |tree: &TokenTree| matches!(tree, TokenTree::Punct(p) if p.as_char() == ':');
    let has_path_sep = match item {
        [first, second, ..] if is_colon(first) && is_colon(second) => true,
        [TokenTree::Ident(_), second, third, ..] => is_colon(second) && is_colon(third),
        _ => false,
    };
    if has_path_sep {
        let tokens: TokenStream = item.iter().cloned().collect();
        return syn::parse::Parser::parse2(syn::Path::parse_mod_style, tokens)
            .map(|_| true)
            .map_err(|_| "a malformed path");
    }
    Ok(match item {
        [TokenTree::Ident(ident)] => {
            let text = ident.to_string();
            let text = text.strip_prefix("r#").unwrap_or(&text);
            text.starts_with(|c: char| c.is_uppercase())
        }
        _ => false,
    })
}

/// One literal a claim can equal: a string without suffix, `true`/`false`, an
/// integer without suffix within `i64`; `Some` with the text of a string.
fn scalar(tokens: &[TokenTree]) -> Reading<Option<String>> {
    match syn::parse2::<syn::Lit>(tokens.iter().cloned().collect()) {
        Ok(syn::Lit::Str(s)) if s.suffix().is_empty() => Ok(Some(s.value())),
        Ok(syn::Lit::Bool(_)) => Ok(None),
        Ok(syn::Lit::Int(i))
            if i.suffix().is_empty() && i.base10_digits().parse::<i64>().is_ok() =>
        {
            Ok(None)
        }
        Ok(_) => Err("a literal of a kind or range no claim is compared with"),
        Err(_) => Err("a value that is not one literal"),
    }
}

/// A claim value: a scalar, or `[..]` of scalars (an array holding each).
fn value(tokens: &[TokenTree]) -> Reading<()> {
    match tokens {
        [] => Err("`=` without a value"),
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Bracket => {
            for elem in split(g.stream()) {
                match elem.first() {
                    None => return Err("a list element is missing before a `,`"),
                    Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket => {
                        return Err("a list inside a list");
                    }
                    Some(_) => scalar(&elem).map(drop)?,
                }
            }
            Ok(())
        }
        [TokenTree::Group(g), ..] if g.delimiter() == Delimiter::Bracket => {
            Err("tokens follow a list without a `,`")
        }
        _ => scalar(tokens).map(drop),
    }
}

/// Keys already required in one conjunction: the top level, one `all(..)`,
/// one alternative of `any(..)`, the inside of `not(..)`.
#[derive(Default)]
struct And {
    claims: Vec<String>,
    scope_keys: Vec<String>,
    scope_names: Vec<String>,
}

fn once(seen: &mut Vec<String>, key: &str, rule: &'static str) -> Reading<()> {
    if seen.iter().any(|k| k == key) {
        return Err(rule);
    }
    seen.push(key.to_owned());
    Ok(())
}

#[derive(Default)]
struct Reader {
    named: bool,
    vars: Vec<String>,
    scope_map: bool,
    scope_list: bool,
}

/// docs/guard-reference.md §1 read off the tokens, the whole grammar: flags,
/// `locations(..)`, `CLAIM = "var"`, `claims(..)`, both `scope(..)` forms,
/// `any/all/not` and every compile-error row that the arguments alone decide.
pub(crate) fn verdict(args: &TokenStream) -> Verdict {
    if depth(args.clone()) > MAX_DEPTH {
        return Verdict::Refuse("the arguments nest more than 32 groups deep");
    }
    let mut reader = Reader::default();
    match reader.top(args.clone()) {
        Ok(()) => Verdict::Accept {
            vars: reader.vars,
            named: reader.named,
        },
        Err(rule) => Verdict::Refuse(rule),
    }
}

impl Reader {
    fn top(&mut self, args: TokenStream) -> Reading<()> {
        let mut flags: Vec<String> = Vec::new();
        let mut and = And::default();
        let mut requirements = 0;
        for item in split(args) {
            if named_guard(&item)? {
                if self.named {
                    return Err("two named guards in one attribute");
                }
                self.named = true;
                continue;
            }
            let named = named(&item)?.ok_or("a value where a guard argument belongs")?;
            match named.word.as_deref() {
                Some(word) if GUARD_WIDE.contains(&word) => {
                    match (&named.shape, word) {
                        (Shape::Group(places), "locations") => locations(places.clone())?,
                        (_, "locations") => return Err("`locations` without a list"),
                        (Shape::Flag, _) => {}
                        _ => return Err("a flag is given a value or arguments"),
                    }
                    once(&mut flags, word, "a guard-wide argument is given twice")?;
                }
                _ => {
                    self.requirement(&named, &mut and, 0)?;
                    requirements += 1;
                }
            }
        }
        let has = |flag: &str| flags.iter().any(|f| f == flag);
        if has("refresh") && has("any_type") {
            return Err("`refresh` and `any_type` conflict");
        }
        if self.scope_map && self.scope_list {
            return Err("both `scope` forms in one attribute");
        }
        if has("optional") && (has("fresh") || requirements > 0) {
            return Err("`optional` with a requirement on the token's contents");
        }
        Ok(())
    }

    /// A claim requirement, `nesting` `any/all/not` deep; never a named guard
    /// (see `logic`).
    fn requirement(&mut self, named: &Named<'_>, and: &mut And, nesting: usize) -> Reading<()> {
        match (named.word.as_deref(), &named.shape) {
            // Only reached inside `any/all/not`: the top level takes these first.
            (Some(word), _) if GUARD_WIDE.contains(&word) => {
                Err("a guard-wide argument inside `any/all/not`")
            }
            (Some("claims"), Shape::Group(args)) => self.claims(args.clone(), and),
            (Some("scope"), Shape::Group(args)) => self.scope(args.clone(), and),
            (Some(word @ ("any" | "all" | "not")), Shape::Group(args)) => {
                self.logic(word, args.clone(), nesting)
            }
            (Some("claims" | "scope" | "any" | "all" | "not"), _) => {
                Err("a requirement word without a list")
            }
            (_, Shape::Eq(value)) => self.binding(&named.claim, value, and),
            (_, Shape::Flag) => Err("an unknown or misplaced word"),
            (_, Shape::Group(_)) => Err("an unknown word with a list"),
        }
    }

    /// `CLAIM = "var"`.
    fn binding(&mut self, claim: &str, value: &[TokenTree], and: &mut And) -> Reading<()> {
        let Ok(Some(var)) = scalar(value) else {
            return Err(
                "`CLAIM = ..` outside `claims(..)` takes a path variable's name as a string",
            );
        };
        once(
            &mut and.claims,
            claim,
            "two requirements on one claim in one conjunction",
        )?;
        if !self.vars.contains(&var) {
            self.vars.push(var);
        }
        Ok(())
    }

    fn claims(&mut self, args: TokenStream, and: &mut And) -> Reading<()> {
        let items = split(args);
        if items.is_empty() {
            return Err("an empty `claims()`");
        }
        for item in items {
            let Some(Named {
                claim,
                shape: Shape::Eq(v),
                ..
            }) = named(&item)?
            else {
                return Err("an item of `claims(..)` that is not `name = value`");
            };
            value(v)?;
            once(
                &mut and.claims,
                &claim,
                "two requirements on one claim in one conjunction",
            )?;
        }
        Ok(())
    }

    fn scope(&mut self, args: TokenStream, and: &mut And) -> Reading<()> {
        let items = split(args);
        if items.is_empty() {
            return Err("an empty `scope()`");
        }
        for item in items {
            match named(&item)? {
                Some(Named {
                    claim,
                    shape: Shape::Eq(v),
                    ..
                }) => {
                    self.scope_map = true;
                    value(v)?;
                    once(
                        &mut and.scope_keys,
                        &claim,
                        "a scope key twice in one conjunction",
                    )?;
                }
                Some(_) => {
                    return Err("an item of `scope(..)` that is neither a name nor `key = value`");
                }
                None => {
                    self.scope_list = true;
                    let Ok(Some(name)) = scalar(&item) else {
                        return Err("a scope name that is not a plain string");
                    };
                    // RFC 6749 §3.3: scopes are space-delimited tokens.
                    if name.is_empty() || name.chars().any(char::is_whitespace) {
                        return Err("a scope name that is empty or holds whitespace");
                    }
                    once(
                        &mut and.scope_names,
                        &name,
                        "a scope name twice in one conjunction",
                    )?;
                }
            }
        }
        Ok(())
    }

    fn logic(&mut self, word: &str, args: TokenStream, nesting: usize) -> Reading<()> {
        if nesting == MAX_LOGIC {
            return Err("`any/all/not` nested more than 16 deep");
        }
        let items = split(args);
        match (word, items.len()) {
            ("any" | "all", 0) => return Err("an empty `any()` or `all()`"),
            ("not", n) if n != 1 => return Err("`not(..)` without exactly one requirement"),
            _ => {}
        }
        // `all(..)` is one conjunction; each alternative of `any(..)`, and the
        // inside of `not(..)`, starts afresh.
        let mut all = And::default();
        for item in &items {
            let mut own = And::default();
            let and = if word == "all" { &mut all } else { &mut own };
            let named = named(item)?.ok_or("a value inside `any/all/not`")?;
            self.requirement(&named, and, nesting + 1)?;
        }
        Ok(())
    }
}

/// `locations(..)`: known names, each once.
fn locations(places: TokenStream) -> Reading<()> {
    let items = split(places);
    if items.is_empty() {
        return Err("an empty `locations()`");
    }
    let mut seen = Vec::new();
    for item in items {
        match named(&item)? {
            Some(Named {
                word: Some(word),
                shape: Shape::Flag,
                ..
            }) if LOCATIONS.contains(&word.as_str()) => {
                once(&mut seen, &word, "a location is listed twice")?;
            }
            _ => return Err("an unknown token location"),
        }
    }
    Ok(())
}
