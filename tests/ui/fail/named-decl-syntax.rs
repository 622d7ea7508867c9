// `guard!` takes `VIS Name = ARGS`: a name, `=`, then the attribute's arguments.
// Write: `guard!(pub AdminOnly = fresh);`

jwt_guard::guard!(pub = fresh);
jwt_guard::guard!(AdminOnly fresh);
jwt_guard::guard!(admin_only = fresh);

fn main() {}
