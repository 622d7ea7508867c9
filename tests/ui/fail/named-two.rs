// One named guard per attribute.
// Write the second one's requirements out: `#[require_token(Admin, fresh)]`.

use jwt_guard::{guard, require_token};

guard!(Admin = scope(admin = true));
guard!(Fresh = fresh);

#[require_token(Admin, Fresh)]
async fn handler() {}

fn main() {}
