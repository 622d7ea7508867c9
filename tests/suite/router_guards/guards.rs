//! Every named guard the router-guard tests use, in one place. Until
//! `guard!` lands they are written out by hand over the items its expansion
//! names (`jwt_guard::__private`); each carries the `guard!` line it stands
//! for, so that switching means replacing each `named_guard!` with that line.
// Declared `pub`, as an application declares its guards; this crate is a
// test binary, where nothing is reachable from outside.
#![allow(unreachable_pub)]

use jwt_guard::__private::{Accepts, Expect, GuardSpec, Lit, NamedSpec, Req};
use jwt_guard::GuardLayer;

/// One unit struct implementing `NamedGuard`, with `Name::layer()`, as
/// `guard!` expands.
macro_rules! named_guard {
    ($name:ident { accepts: $accepts:ident, fresh: $fresh:expr, optional: $optional:expr,
      req: $req:expr, vars: [$($var:literal),*] }) => {
        pub struct $name;

        impl jwt_guard::NamedGuard for $name {
            const NAMED: &'static NamedSpec = &NamedSpec {
                spec: GuardSpec {
                    handler: stringify!($name),
                    accepts: Accepts::$accepts,
                    fresh: $fresh,
                    optional: $optional,
                    locations: None,
                    req: $req,
                },
                vars: &[$($var),*],
                declares_type: !matches!(Accepts::$accepts, Accepts::Access),
            };
        }

        impl $name {
            pub fn layer() -> GuardLayer<Self> {
                GuardLayer::new()
            }
        }
    };
}

// guard!(pub Authenticated);
named_guard!(Authenticated {
    accepts: Access,
    fresh: false,
    optional: false,
    req: None,
    vars: []
});

// guard!(pub AdminOnly = scope(admin = true));
named_guard!(AdminOnly {
    accepts: Access,
    fresh: false,
    optional: false,
    req: Some(&Req::Scope {
        path: &["admin"],
        expect: Expect::Lit(Lit::Bool(true))
    }),
    vars: []
});

// guard!(pub FreshOnly = fresh);
named_guard!(FreshOnly {
    accepts: Access,
    fresh: true,
    optional: false,
    req: None,
    vars: []
});

// guard!(pub RefreshOnly = refresh);
named_guard!(RefreshOnly {
    accepts: Refresh,
    fresh: false,
    optional: false,
    req: None,
    vars: []
});

// guard!(pub MaybeUser = optional);
named_guard!(MaybeUser {
    accepts: Access,
    fresh: false,
    optional: true,
    req: None,
    vars: []
});

// guard!(pub OwnUser = sub = "username");
named_guard!(OwnUser {
    accepts: Access,
    fresh: false,
    optional: false,
    req: Some(&Req::Claim {
        path: &["sub"],
        expect: Expect::Var {
            index: 0,
            name: "username"
        },
    }),
    vars: ["username"]
});

// guard!(pub TenantMember = claims(tenant = "tenant"));
named_guard!(TenantMember {
    accepts: Access,
    fresh: false,
    optional: false,
    req: Some(&Req::Claim {
        path: &["tenant"],
        expect: Expect::Var {
            index: 0,
            name: "tenant"
        },
    }),
    vars: ["tenant"]
});

// guard!(pub NotOwnUser = not(sub = "username"));
named_guard!(NotOwnUser {
    accepts: Access,
    fresh: false,
    optional: false,
    req: Some(&Req::Not(&Req::Claim {
        path: &["sub"],
        expect: Expect::Var {
            index: 0,
            name: "username"
        },
    })),
    vars: ["username"]
});
