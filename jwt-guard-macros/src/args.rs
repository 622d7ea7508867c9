//! Syntax only: the attribute's arguments as a loose tree.
//!
//! Nothing here knows what `fresh` or `claims` mean; it only recognises the shapes
//! `key`, `key = value`, `key(..)` and a bare value, with dotted keys. Values are
//! taken leniently (every token up to the next comma), so that `level = MAX` or
//! `x = 1.5` reach `spec.rs` and get an error that names the problem, instead of a
//! raw "expected literal" from the parser. Every node keeps its tokens, so errors
//! land on exactly what the user wrote.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, TokenStreamExt};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Token, bracketed, parenthesized, token};

/// How deep parentheses and brackets may nest in the attribute: twice the
/// limit on `any`/`all`/`not` (each level may hold `claims(..)` and a list).
pub(crate) const MAX_GROUP_DEPTH: usize = 2 * crate::spec::MAX_NESTING;

/// An error on the first group nested deeper than [`MAX_GROUP_DEPTH`], found
/// with an explicit stack: the parser below recurses once per level, and an
/// attribute nested thousands deep must get an error, not overflow the
/// compiler's stack.
pub(crate) fn too_deep(tokens: &TokenStream) -> Option<syn::Error> {
    let mut open = vec![tokens.clone().into_iter()];
    while let Some(level) = open.last_mut() {
        match level.next() {
            Some(TokenTree::Group(group)) if open.len() > MAX_GROUP_DEPTH => {
                return Some(syn::Error::new(
                    group.span(),
                    format!(
                        "the guard's arguments nest more than {MAX_GROUP_DEPTH} levels of \
                         brackets deep; flatten the requirement"
                    ),
                ));
            }
            Some(TokenTree::Group(group)) => open.push(group.stream().into_iter()),
            Some(_) => {}
            None => {
                open.pop();
            }
        }
    }
    None
}

/// A comma-separated list: the whole attribute, or the inside of `key(..)`.
pub(crate) struct ArgList {
    pub(crate) args: Vec<Arg>,
}

/// One item of an [`ArgList`].
pub(crate) enum Arg {
    /// `fresh`, `sub = "username"`, `claims(..)`.
    Named(Named),
    /// A value where a name was expected: the items of `scope("read", "write")`,
    /// or a mistake such as `#[require_token("admin")]`.
    Value(Value),
    /// A path with `::`, `guards::AdminOnly`: a named guard. A single
    /// identifier (`AdminOnly`) parses as a [`Named`] flag; `spec.rs` decides
    /// by its case.
    Path(syn::Path),
}

pub(crate) struct Named {
    pub(crate) key: Key,
    pub(crate) body: Body,
}

/// A possibly dotted name: `fresh`, `type`, `org.id`.
pub(crate) struct Key {
    pub(crate) first: Ident,
    pub(crate) rest: Vec<(Token![.], Ident)>,
}

pub(crate) enum Body {
    /// Nothing follows the key.
    Flag,
    /// `= value`.
    Eq { eq: Token![=], value: Value },
    /// `(..)`.
    Group { paren: token::Paren, args: ArgList },
}

/// Whatever follows `=`, or a bare item, with its original tokens.
pub(crate) struct Value {
    pub(crate) kind: ValueKind,
    tokens: TokenStream,
}

pub(crate) enum ValueKind {
    /// Any single Rust literal, `-3` and `true` included; which kinds are allowed
    /// is decided in `spec.rs`.
    Lit(syn::Lit),
    /// `[a, b]`.
    List(Vec<Value>),
    /// Anything else up to the next comma: `MAX`, `1 + 1`, `Some(3)`.
    Other,
}

impl Key {
    /// The key when it is a single identifier, the only form keywords take.
    pub(crate) fn single(&self) -> Option<&Ident> {
        self.rest.is_empty().then_some(&self.first)
    }

    /// The claim path, `r#` removed: `org.id` → `["org", "id"]`.
    pub(crate) fn segments(&self) -> Vec<String> {
        std::iter::once(&self.first)
            .chain(self.rest.iter().map(|(_, ident)| ident))
            .map(|ident| ident.unraw().to_string())
            .collect()
    }

    /// The key as written in messages: `org.id`.
    pub(crate) fn dotted(&self) -> String {
        self.segments().join(".")
    }
}

impl Value {
    /// The value's tokens as text, for messages (`5`, `["a", "b"]`).
    pub(crate) fn text(&self) -> String {
        self.tokens.to_string()
    }

    /// The value when it is one bare identifier (`MAX`, `username`), which gets a
    /// more precise message than other non-literals.
    pub(crate) fn as_ident(&self) -> Option<Ident> {
        let mut iter = self.tokens.clone().into_iter();
        match (iter.next(), iter.next(), &self.kind) {
            (Some(TokenTree::Ident(ident)), None, ValueKind::Other) => Some(ident),
            _ => None,
        }
    }
}

impl Parse for ArgList {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut args = Vec::new();
        while !input.is_empty() {
            args.push(input.parse()?);
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(ArgList { args })
    }
}

impl Parse for Arg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(Token![,]) {
            return Err(input.error("expected a guard argument before this `,`"));
        }
        if input.peek(Token![::]) || (input.peek(Ident::peek_any) && input.peek2(Token![::])) {
            return input.call(syn::Path::parse_mod_style).map(Arg::Path);
        }
        // `true`/`false` are identifiers to the tokenizer; they are values here.
        if !input.peek(syn::LitBool) && input.peek(Ident::peek_any) {
            input.parse().map(Arg::Named)
        } else {
            parse_value(input, input.span()).map(Arg::Value)
        }
    }
}

impl Parse for Named {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let key = input.parse()?;
        let body = if input.peek(Token![=]) {
            let eq: Token![=] = input.parse()?;
            let value = parse_value(input, eq.span)?;
            Body::Eq { eq, value }
        } else if input.peek(token::Paren) {
            let content;
            let paren = parenthesized!(content in input);
            let args = content.parse()?;
            Body::Group { paren, args }
        } else {
            Body::Flag
        };
        Ok(Named { key, body })
    }
}

impl Parse for Key {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        // `parse_any`: a claim may be called `type` or `ref`.
        let first = input.call(Ident::parse_any)?;
        let mut rest = Vec::new();
        while input.peek(Token![.]) && !input.peek(Token![..]) {
            let dot = input.parse()?;
            rest.push((dot, input.call(Ident::parse_any)?));
        }
        Ok(Key { first, rest })
    }
}

/// `after` is where a missing value is reported: the `=` it should follow, rather
/// than the whole attribute that "end of input" would point at.
fn parse_value(input: ParseStream<'_>, after: Span) -> syn::Result<Value> {
    if input.peek(token::Bracket) {
        let tokens = input.fork().parse::<TokenTree>()?.into_token_stream();
        let content;
        let bracket = bracketed!(content in input);
        let mut elems = Vec::new();
        while !content.is_empty() {
            if content.peek(Token![,]) {
                return Err(content.error("expected a list element before this `,`"));
            }
            elems.push(parse_value(&content, bracket.span.open())?);
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        return Ok(Value {
            kind: ValueKind::List(elems),
            tokens,
        });
    }
    let tokens = take_until_comma(input)?;
    if tokens.is_empty() {
        return Err(syn::Error::new(after, "expected a value after `=`"));
    }
    let kind = match syn::parse2::<syn::Lit>(tokens.clone()) {
        Ok(lit) => ValueKind::Lit(lit),
        Err(_) => ValueKind::Other,
    };
    Ok(Value { kind, tokens })
}

/// Every token tree up to (not including) the next comma at this nesting level.
fn take_until_comma(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    input.step(|cursor| {
        let mut rest = *cursor;
        let mut tokens = TokenStream::new();
        while let Some((tree, next)) = rest.token_tree() {
            if matches!(&tree, TokenTree::Punct(p) if p.as_char() == ',') {
                break;
            }
            tokens.append(tree);
            rest = next;
        }
        Ok((tokens, rest))
    })
}

impl ToTokens for ArgList {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                <Token![,]>::default().to_tokens(tokens);
            }
            arg.to_tokens(tokens);
        }
    }
}

impl ToTokens for Arg {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Arg::Named(named) => named.to_tokens(tokens),
            Arg::Value(value) => value.to_tokens(tokens),
            Arg::Path(path) => path.to_tokens(tokens),
        }
    }
}

impl ToTokens for Named {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.key.to_tokens(tokens);
        self.body.to_tokens(tokens);
    }
}

impl ToTokens for Body {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Body::Flag => {}
            Body::Eq { eq, value } => {
                eq.to_tokens(tokens);
                value.to_tokens(tokens);
            }
            Body::Group { paren, args } => paren.surround(tokens, |inner| args.to_tokens(inner)),
        }
    }
}

impl ToTokens for Key {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.first.to_tokens(tokens);
        for (dot, ident) in &self.rest {
            dot.to_tokens(tokens);
            ident.to_tokens(tokens);
        }
    }
}

impl ToTokens for Value {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(self.tokens.clone());
    }
}
