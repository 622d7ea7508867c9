// A named guard cannot be declared on top of another one.
// Write its arguments out: `guard!(FreshAdmin = fresh, scope(admin = true));`

jwt_guard::guard!(Admin = scope(admin = true));
jwt_guard::guard!(FreshAdmin = Admin, fresh);

fn main() {}
