// `#[public]` takes no arguments, goes on an `async fn` handler, and a handler
// is either guarded or public.
// Write: `#[public] async fn health() {}`.

use jwt_guard::{public, require_token};

#[public(open)]
async fn with_args() {}

#[public]
fn not_async() {}

#[public]
#[require_token]
async fn public_outer() {}

#[require_token]
#[public]
async fn guarded_outer() {}

#[public]
struct NotAFn;

fn main() {}
