//! Guards declared once with `guard!` and used by name: in
//! `#[require_token(Name, ..)]`, as a router layer (`Name::layer()`), and as
//! the `Guard<Name>` extractor.

use std::fmt;
use std::marker::PhantomData;

use crate::spec::NamedSpec;

/// A guard declared with `guard!`, usable by name. Implemented only by that
/// macro's expansion.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a named guard",
    label = "declare it with `jwt_guard::guard!`"
)]
pub trait NamedGuard: Send + Sync + 'static {
    /// The declared guard.
    #[doc(hidden)]
    const NAMED: &'static NamedSpec;
}

/// Runs a named guard in front of every route of a `Router` (see
/// `NamedGuard`).
pub struct GuardLayer<G>(PhantomData<fn() -> G>);

impl<G: NamedGuard> GuardLayer<G> {
    /// The layer for guard `G`.
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<G: NamedGuard> Default for GuardLayer<G> {
    fn default() -> Self {
        Self::new()
    }
}

impl<G> Clone for GuardLayer<G> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<G> Copy for GuardLayer<G> {}

impl<G> fmt::Debug for GuardLayer<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("GuardLayer")
            .field(&std::any::type_name::<G>())
            .finish()
    }
}
