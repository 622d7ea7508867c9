//! The guard-spec model: what `#[require_token]` generates for each handler,
//! as plain data (docs/guard-reference.md §1). The runtime reads it; the macro
//! names it through `__private`.

use std::future::Future;

use axum::http::request::Parts;
use axum::response::Response;
use serde_json::Value;

use crate::location::TokenLocation as Location;

/// One handler's guard, resolved at compile time.
#[derive(Debug)]
pub struct GuardSpec {
    /// The handler's name, for logs.
    pub handler: &'static str,
    /// Which token type the route takes.
    pub accepts: Accepts,
    /// `fresh`.
    pub fresh: bool,
    /// `optional`.
    pub optional: bool,
    /// `locations(...)`; `None` means the manager's.
    pub locations: Option<&'static [Location]>,
    /// The declared claims and scopes.
    pub req: Option<&'static Req>,
}

/// Every guard with its own `locations(..)`, gathered at link time so that
/// building a manager can refuse one that lacks a location a route names.
#[linkme::distributed_slice]
#[linkme(crate = linkme)]
pub static ROUTE_LOCATIONS: [&'static GuardSpec];

/// The token types a route takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepts {
    /// Access tokens (the default).
    Access,
    /// Refresh tokens (`refresh`).
    Refresh,
    /// Either (`any_type`).
    Any,
}

/// A declared requirement on the token's claims.
///
/// `Copy` so that the use of a named guard can place the guard's requirement
/// next to its own in a constant (see `named_use.rs`).
#[derive(Debug, Clone, Copy)]
pub enum Req {
    /// All of these.
    All(&'static [Req]),
    /// At least one of these.
    Any(&'static [Req]),
    /// Not this.
    Not(&'static Req),
    /// The claim at this (dotted) path.
    Claim {
        /// Object keys from the payload root.
        path: &'static [&'static str],
        /// What it must equal.
        expect: Expect,
    },
    /// The key at this (dotted) path inside the scope claim, an object
    /// ([`JwtConfig::scope_claim`](crate::JwtConfig::scope_claim), `scope` by default).
    Scope {
        /// Object keys from the `scope` object.
        path: &'static [&'static str],
        /// What it must equal.
        expect: Expect,
    },
    /// The `scope` string or array holds all of these.
    ScopeHas(&'static [&'static str]),
}

/// The value a claim is compared with.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// A literal from the attribute.
    Lit(Lit),
    /// A path variable, by its index in what [`Spec::bind`] returns.
    Var {
        /// Index into the bound values.
        index: usize,
        /// The variable's name, for logs.
        name: &'static str,
    },
}

/// A literal from the attribute.
#[derive(Debug, Clone, Copy)]
pub enum Lit {
    /// `"text"`.
    Str(&'static str),
    /// `3`, `-3`.
    Int(i64),
    /// `true`, `false`.
    Bool(bool),
    /// `["a", "b"]`: an array holding all of these.
    List(&'static [Lit]),
}

/// Implemented by the hidden type the expansion generates for each handler.
pub trait Spec: Send + Sync + 'static {
    /// The handler's guard.
    const SPEC: &'static GuardSpec;

    /// The path variables the guard compares claims with, in
    /// [`Expect::Var::index`] order, taken with the handler's own `Path` pattern;
    /// `None` for a value with no JSON form (see [`path_value`](crate::guarded::path_value)).
    fn bind(
        parts: &mut Parts,
    ) -> impl Future<Output = Result<Vec<Option<Value>>, Response>> + Send {
        let _ = parts;
        std::future::ready(Ok(Vec::new()))
    }
}

/// A guard declared with `guard!`: its spec (whose `handler` is the guard's
/// name) and the path variables its requirements compare claims with, by
/// name, in [`Expect::Var::index`] order. A handler that uses it binds them
/// with its own `Path`; a router layer and the `Guard<G>` extractor take them
/// from the matched route's parameters.
#[derive(Debug)]
pub struct NamedSpec {
    /// What the guard requires.
    pub spec: GuardSpec,
    /// The path variables, by name.
    pub vars: &'static [&'static str],
    /// Whether the declaration names a token type (`refresh`, `any_type`);
    /// a use may not change the type either way.
    pub declares_type: bool,
}
