//! The error sink shared by every validation stage.
//!
//! Every mistake in one attribute is reported in the same compile
//! (docs/guard-reference.md §1.5), so no stage returns early on a semantic error: it
//! records the error here and goes on with a best-effort value. [`Ctxt::check`]
//! is the single place the errors turn into a `Result`; dropping a `Ctxt`
//! without calling it is a bug in this crate, caught by the panic in `Drop` (the
//! same drop bomb serde_derive uses).

use std::cell::RefCell;
use std::fmt::Display;
use std::thread;

use proc_macro2::Span;
use quote::ToTokens;

pub(crate) struct Ctxt {
    // `None` once `check` has taken the errors: that is how `Drop` knows the
    // context was checked. `check` consumes the `Ctxt`, so no push can come
    // after it (one that did would be dropped, not reported).
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    pub(crate) fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// An error covering `tokens`, from the first to the last one.
    pub(crate) fn error_spanned_by<T: ToTokens, M: Display>(&self, tokens: T, message: M) {
        self.syn_error(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// An error at one span (an identifier, a literal, a keyword token).
    pub(crate) fn error_at<M: Display>(&self, span: Span, message: M) {
        self.syn_error(syn::Error::new(span, message));
    }

    /// Keeps an error syn produced, e.g. a syntax error in the arguments.
    pub(crate) fn syn_error(&self, error: syn::Error) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push(error);
        }
    }

    /// Whether anything was reported so far.
    #[cfg(test)]
    pub(crate) fn has_errors(&self) -> bool {
        self.errors.borrow().as_ref().is_some_and(|e| !e.is_empty())
    }

    /// Every recorded error, folded into one `syn::Error` that renders as one
    /// `compile_error!` per message.
    pub(crate) fn check(self) -> Result<(), syn::Error> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        let mut iter = errors.into_iter();
        match iter.next() {
            None => Ok(()),
            Some(mut first) => {
                for rest in iter {
                    first.combine(rest);
                }
                Err(first)
            }
        }
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !thread::panicking() && self.errors.borrow().is_some() {
            panic!("jwt-guard-macros: Ctxt dropped without check()");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_all_errors() {
        let cx = Ctxt::new();
        cx.error_at(Span::call_site(), "one");
        cx.error_at(Span::call_site(), "two");
        assert!(cx.has_errors());
        let messages: Vec<String> = cx
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(messages, ["one", "two"]);
    }

    #[test]
    fn empty_is_ok() {
        assert!(Ctxt::new().check().is_ok());
    }

    #[test]
    #[should_panic(expected = "without check")]
    fn bomb() {
        let _cx = Ctxt::new();
    }
}
