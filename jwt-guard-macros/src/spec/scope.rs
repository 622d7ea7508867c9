//! `scope(..)` in its two forms: the keys of a `scope` object, or a list of names.

use quote::ToTokens;

use crate::args::{Arg, ArgList, Body, Named, Value, ValueKind};
use crate::spec::{AndScope, Builder, ONE_VALUE, Req, ScopeForm, ScopeUse};

impl Builder<'_> {
    /// `scope(k = lit, ..)` (the `scope` claim is an object) or `scope("a", "b")`
    /// (it is a list of names). Mixing the two is reported by `check.rs`, which sees
    /// every `scope(..)` of the attribute at once.
    pub(super) fn scope(
        &mut self,
        named: &Named,
        args: &ArgList,
        and: &mut AndScope<'_>,
        out: &mut Vec<Req>,
    ) {
        if args.args.is_empty() {
            self.cx.error_spanned_by(
                named,
                "empty `scope()`; list the required scopes, e.g. `scope(\"read:users\")`, or \
                 the keys of the `scope` object, e.g. `scope(admin = true)`",
            );
        }
        let mut names = Vec::new();
        for arg in &args.args {
            match arg {
                Arg::Named(Named {
                    key,
                    body: Body::Eq { value, .. },
                }) => {
                    self.scope_uses.push(ScopeUse {
                        form: ScopeForm::Map,
                        at: arg.to_token_stream(),
                    });
                    let expect = self.literal(value);
                    if and.scope_keys.insert_with(&key.dotted(), key, ONE_VALUE)
                        && let Some(expect) = expect
                    {
                        out.push(Req::Scope {
                            path: key.segments(),
                            expect,
                        });
                    }
                }
                Arg::Value(value) => {
                    self.scope_uses.push(ScopeUse {
                        form: ScopeForm::List,
                        at: arg.to_token_stream(),
                    });
                    if let Some(name) = self.scope_name(value)
                        && and.scope_names.insert(&name, value)
                    {
                        names.push(name);
                    }
                }
                Arg::Path(path) => self.cx.error_spanned_by(
                    path,
                    "expected a scope name (`\"read:users\"`) or `key = value` in `scope(..)`",
                ),
                Arg::Named(other) => {
                    let hint = match (&other.body, other.key.single()) {
                        (Body::Flag, Some(ident)) => format!(
                            "; for the scope named `{ident}` write `scope(\"{ident}\")`, for \
                             the key of a `scope` object write `scope({ident} = true)`"
                        ),
                        _ => String::new(),
                    };
                    self.cx.error_spanned_by(
                        other,
                        format!(
                            "expected a scope name (`\"read:users\"`) or `key = value` in \
                             `scope(..)`{hint}"
                        ),
                    );
                }
            }
        }
        if !names.is_empty() {
            out.push(Req::ScopeHas(names));
        }
    }

    /// One name of `scope("a", "b")`.
    fn scope_name(&self, value: &Value) -> Option<String> {
        // A suffixed string goes to `literal`, which refuses it.
        let ValueKind::Lit(syn::Lit::Str(lit)) = &value.kind else {
            if let Some(ident) = value.as_ident() {
                self.cx.error_spanned_by(
                    value,
                    format!("expected a scope name in quotes: `\"{ident}\"`"),
                );
            } else if self.literal(value).is_some() {
                self.cx.error_spanned_by(
                    value,
                    "expected a scope name as a string, e.g. `scope(\"read:users\")`; to \
                     compare a key of a `scope` object write `scope(key = value)`",
                );
            }
            return None;
        };
        if !lit.suffix().is_empty() {
            self.literal(value);
            return None;
        }
        let name = lit.value();
        // RFC 6749 §3.3: scope tokens are space-delimited, so a name cannot hold one.
        if name.is_empty() {
            self.cx.error_spanned_by(
                lit,
                "empty scope name; write the scope, e.g. `\"read:users\"`",
            );
            return None;
        }
        if name.chars().any(char::is_whitespace) {
            let parts: Vec<String> = name
                .split_whitespace()
                .map(|p| format!("\"{p}\""))
                .collect();
            self.cx.error_spanned_by(
                lit,
                format!(
                    "a scope name cannot contain whitespace (scopes are space-separated, RFC \
                     6749 §3.3); for several scopes write `scope({})`",
                    parts.join(", ")
                ),
            );
            return None;
        }
        Some(name)
    }
}
