//! Every named guard the router-guard tests use, in one place.
// Declared `pub`, as an application declares its guards; this crate is a
// test binary, where nothing is reachable from outside.
#![allow(unreachable_pub)]

use jwt_guard::guard;

guard!(pub Authenticated);
guard!(pub AdminOnly = scope(admin = true));
guard!(pub FreshOnly = fresh);
guard!(pub RefreshOnly = refresh);
guard!(pub MaybeUser = optional);
guard!(pub OwnUser = sub = "username");
guard!(pub TenantMember = tenant = "tenant");
guard!(pub NotOwnUser = not(sub = "username"));
