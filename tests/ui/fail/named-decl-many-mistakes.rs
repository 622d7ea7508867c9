// A named guard's arguments are checked like the attribute's, every mistake in
// one compile, on the tokens of the declaration.
// Write: `guard!(pub Admin = fresh, claims(level = 1), scope(admin = true));`

jwt_guard::guard!(pub Admin = frsh, claims(level = 1.5), scope("a"), scope(b = true), refresh, any_type);
jwt_guard::guard!(Maybe = optional, fresh, claims(role = "admin"));

fn main() {}
