//! Claim values: which literals a guard accepts, and why the others are refused.

use crate::args::{Value, ValueKind};
use crate::spec::{Builder, LitValue};

impl Builder<'_> {
    /// A literal claim value, or `None` after reporting why it is not one.
    pub(super) fn literal(&self, value: &Value) -> Option<LitValue> {
        let lit = match &value.kind {
            ValueKind::Lit(lit) => lit,
            ValueKind::List(elems) => {
                let mut out = Vec::new();
                let mut ok = true;
                for elem in elems {
                    if let ValueKind::List(_) = elem.kind {
                        self.cx.error_spanned_by(
                            elem,
                            "nested lists are not supported; a list means the claim is an \
                             array holding each of these values, so list them flat",
                        );
                        ok = false;
                    } else if let Some(v) = self.literal(elem) {
                        out.push(v);
                    } else {
                        ok = false;
                    }
                }
                return ok.then_some(LitValue::List(out));
            }
            ValueKind::Other => {
                let message = match value.as_ident() {
                    Some(ident) => format!(
                        "expected a literal, found `{ident}`; the guard is fixed at compile \
                         time, so constants and variables cannot be used: write the value itself"
                    ),
                    None => "expected a literal: a string, an integer, `true` or `false`, or a \
                             list of them"
                        .to_owned(),
                };
                self.cx.error_spanned_by(value, message);
                return None;
            }
        };
        let refused = match lit {
            // rustc hands a macro `"admin"x` as one literal without complaint;
            // dropping the suffix silently would accept what the user did not write.
            syn::Lit::Str(s) if !s.suffix().is_empty() => format!(
                "string suffix `{}` is not allowed: write the string alone, `{:?}`",
                s.suffix(),
                s.value()
            ),
            syn::Lit::Str(s) => return Some(LitValue::Str(s.value())),
            syn::Lit::Bool(b) => return Some(LitValue::Bool(b.value)),
            syn::Lit::Int(int) if !int.suffix().is_empty() => format!(
                "integer suffix `{}` is not allowed: claims are JSON numbers, write `{}`",
                int.suffix(),
                int.base10_digits()
            ),
            syn::Lit::Int(int) => match int.base10_digits().parse::<i64>() {
                Ok(n) => return Some(LitValue::Int(n)),
                Err(_) => format!(
                    "integer `{}` does not fit in an `i64`, the range of claim integers",
                    int.base10_digits()
                ),
            },
            syn::Lit::Float(_) => "floating-point literals are not supported: a float claim \
                                   cannot be compared exactly; use an integer or a string"
                .to_owned(),
            syn::Lit::Char(c) => format!(
                "character literals are not supported: a JSON claim has no char type; write a \
                 string: `\"{}\"`",
                c.value().escape_default()
            ),
            syn::Lit::Byte(_) | syn::Lit::ByteStr(_) | syn::Lit::CStr(_) => {
                "byte literals are not supported: a JSON claim has no byte type; write a plain \
                 string"
                    .to_owned()
            }
            _ => "expected a string, an integer, `true` or `false`".to_owned(),
        };
        self.cx.error_spanned_by(value, refused);
        None
    }
}
