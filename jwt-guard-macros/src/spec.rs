//! The validated guard, and every check that needs only the attribute.
//!
//! `Guard::from_args` walks the loose tree of `args.rs` once. Each mistake is
//! reported to the `Ctxt` and the walk goes on, so one compile shows every problem
//! in the attribute. Checks that also need the handler (path variables) or the
//! whole guard at once (the two `scope` forms) live in `check.rs`.
//!
//! The model is here; the walk is split by argument family in `spec/`.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::LitStr;

use crate::args::{Arg, ArgList};
use crate::ctxt::Ctxt;
use crate::slot::Seen;
use crate::symbol::{self, Symbol};

// Explicit paths, which resolve the same from here (`src/`) whether this file is
// the crate's `spec` module or is included with `#[path]` by the guard-spec fuzz
// target (`fuzz/fuzz_targets/guard_spec.rs`), where rustc would otherwise look
// for the children next to this file rather than in `spec/`.
#[path = "spec/flags.rs"]
mod flags;
#[path = "spec/literal.rs"]
mod literal;
#[path = "spec/logic.rs"]
mod logic;
#[path = "spec/named.rs"]
mod named;
pub(crate) use logic::MAX_NESTING;
pub(crate) use named::path_text;
#[path = "spec/requirement.rs"]
mod requirement;
#[path = "spec/scope.rs"]
mod scope;

/// What the expansion needs, plus what `check.rs` needs to report on.
pub(crate) struct Guard {
    pub(crate) accepts: Accepts,
    pub(crate) fresh: bool,
    pub(crate) optional: bool,
    /// `None`: the manager's default locations.
    pub(crate) locations: Option<Vec<Location>>,
    /// Top-level requirements, all of which must hold.
    pub(crate) reqs: Vec<Req>,
    /// Distinct path variables; a variable's position here is its `Expect::Var` index.
    pub(crate) vars: Vec<VarUse>,
    /// Every item of every `scope(..)`, for the mixed-forms check.
    pub(crate) scope_uses: Vec<ScopeUse>,
    /// Where `fresh` was given, for the check that `optional` guards nothing
    /// about the token's contents.
    pub(crate) fresh_at: Option<Span>,
    /// Each top-level argument that produced a requirement, as written, for
    /// the same check.
    pub(crate) req_items: Vec<TokenStream>,
    /// `AdminOnly` in `#[require_token(AdminOnly, ..)]`: a guard declared with
    /// `guard!` that this one extends.
    pub(crate) named: Option<syn::Path>,
    /// Where `refresh` or `any_type` was given: a use of a named guard may
    /// not change its token type.
    pub(crate) accepts_at: Option<Span>,
    /// Where `optional` was given, for the same reason.
    pub(crate) optional_at: Option<Span>,
    /// Where `locations` was given: a named guard's own cannot be replaced.
    pub(crate) locations_at: Option<Span>,
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum Accepts {
    Access,
    Refresh,
    Any,
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum Location {
    Headers,
    Cookies,
    Query,
}

#[derive(Debug, PartialEq)]
pub(crate) enum Req {
    All(Vec<Req>),
    Any(Vec<Req>),
    Not(Box<Req>),
    Claim {
        path: Vec<String>,
        expect: Expect,
    },
    /// A key of the `scope` object; always a literal.
    Scope {
        path: Vec<String>,
        expect: LitValue,
    },
    ScopeHas(Vec<String>),
}

#[derive(Debug, PartialEq)]
pub(crate) enum Expect {
    Lit(LitValue),
    /// `index` into [`Guard::vars`].
    Var {
        index: usize,
        name: String,
    },
}

#[derive(Debug, PartialEq)]
pub(crate) enum LitValue {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<LitValue>),
}

/// A path variable named by `CLAIM = "var"`, with every place it is named.
pub(crate) struct VarUse {
    pub(crate) name: String,
    /// The dotted claim and the string literal of each use.
    pub(crate) uses: Vec<(String, LitStr)>,
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum ScopeForm {
    /// `scope(admin = true)`
    Map,
    /// `scope("read:users")`
    List,
}

pub(crate) struct ScopeUse {
    pub(crate) form: ScopeForm,
    pub(crate) at: TokenStream,
}

/// Keys already required in one conjunction. Two requirements on the same claim
/// under an AND are a contradiction or a copy-paste slip; under `any(..)` they are
/// alternatives, so each alternative starts afresh.
struct AndScope<'a> {
    claims: Seen<'a>,
    scope_keys: Seen<'a>,
    scope_names: Seen<'a>,
}

impl<'a> AndScope<'a> {
    fn new(cx: &'a Ctxt) -> Self {
        AndScope {
            claims: Seen::new(cx, "requirement on claim"),
            scope_keys: Seen::new(cx, "scope key"),
            scope_names: Seen::new(cx, "scope"),
        }
    }
}

const ONE_VALUE: &str =
    "; it can equal only one value (to accept either, combine the alternatives with `any(..)`)";

/// Where a requirement sits, for messages.
#[derive(Copy, Clone)]
enum Place {
    Top,
    Inside(Symbol),
}

struct Builder<'a> {
    cx: &'a Ctxt,
    vars: Vec<VarUse>,
    scope_uses: Vec<ScopeUse>,
    /// How many `any`/`all`/`not` enclose the requirement being read.
    nesting: usize,
}

impl Guard {
    pub(crate) fn from_args(cx: &Ctxt, args: &ArgList) -> Guard {
        let mut b = Builder {
            cx,
            vars: Vec::new(),
            scope_uses: Vec::new(),
            nesting: 0,
        };
        let mut guard = Guard {
            accepts: Accepts::Access,
            fresh: false,
            optional: false,
            locations: None,
            reqs: Vec::new(),
            vars: Vec::new(),
            scope_uses: Vec::new(),
            fresh_at: None,
            req_items: Vec::new(),
            named: None,
            accepts_at: None,
            optional_at: None,
            locations_at: None,
        };
        let mut flags = Seen::new(cx, "guard argument");
        let mut and = AndScope::new(cx);
        for arg in &args.args {
            if let Some(path) = named::named_guard(arg) {
                b.named(path, &mut guard);
                continue;
            }
            match arg {
                Arg::Path(_) => {}
                Arg::Named(named) => {
                    match named
                        .key
                        .single()
                        .and_then(|k| symbol::lookup(k, symbol::GUARD_WIDE))
                    {
                        Some(word) => b.guard_wide(word, named, &mut flags, &mut guard),
                        None => {
                            let before = guard.reqs.len();
                            b.requirement(named, &mut and, &mut guard.reqs, Place::Top);
                            if guard.reqs.len() > before {
                                guard.req_items.push(named.to_token_stream());
                            }
                        }
                    }
                }
                Arg::Value(value) => cx.error_spanned_by(
                    value,
                    "expected a guard argument, found a value; a required scope is written \
                     `scope(\"name\")` and a claim value `claims(name = value)`",
                ),
            }
        }
        if let (Some(refresh), Some(any_type)) = (
            flags.span_of(symbol::REFRESH.0),
            flags.span_of(symbol::ANY_TYPE.0),
        ) {
            cx.error_at(
                refresh,
                "`refresh` conflicts with `any_type`: `refresh` accepts only refresh tokens, \
                 `any_type` accepts both kinds; keep one of them",
            );
            cx.error_at(
                any_type,
                "`any_type` conflicts with `refresh`: `any_type` accepts both kinds of token, \
                 `refresh` only refresh tokens; keep one of them",
            );
        }
        guard.fresh_at = guard
            .fresh
            .then(|| flags.span_of(symbol::FRESH.0))
            .flatten();
        guard.accepts_at = flags
            .span_of(symbol::REFRESH.0)
            .or_else(|| flags.span_of(symbol::ANY_TYPE.0));
        guard.optional_at = flags.span_of(symbol::OPTIONAL.0);
        guard.locations_at = flags.span_of(symbol::LOCATIONS.0);
        guard.vars = b.vars;
        guard.scope_uses = b.scope_uses;
        guard
    }
}
