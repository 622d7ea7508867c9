//! The `#[require_token]` attribute of [jwt-guard](https://docs.rs/jwt-guard),
//! with `guard!` (a guard declared once, by name) and `#[public]`.
//!
//! Use them through the `jwt-guard` crate, which re-exports them and provides
//! the runtime the generated code calls: `use jwt_guard::require_token;`. The
//! code these macros emit names `::jwt_guard::__private`, so it does not work
//! without `jwt-guard` as a dependency of the crate that uses it.
//!
//! The attribute's grammar is documented on [`macro@require_token`]; the
//! reference the code and tests are held to (grammar, order of checks, claim
//! layout, responses) is `docs/guard-reference.md` in the repository.

#![forbid(unsafe_code)]
#![doc(test(attr(deny(warnings))))]

mod args;
mod check;
mod ctxt;
mod declare;
mod expand;
mod fallback;
mod handler;
mod named_checks;
mod named_use;
mod public;
mod slot;
mod spec;
mod suggest;
mod symbol;

#[cfg(test)]
mod tests;

use proc_macro::TokenStream;

/// Guards an axum handler with a JWT check: declare what the token must be, and the
/// request is refused before the handler runs when it is not.
///
/// ```
/// use axum::{Router, extract::Path, routing::delete};
/// use jwt_guard::{JwtManager, Token, require_token};
///
/// #[require_token(fresh, sub = "username", scope(admin = true))]
/// async fn delete_user(Path(username): Path<String>, token: Token) -> String {
///     format!("{} deleted {username}", token.identity())
/// }
///
/// let manager = JwtManager::builder().secret("an-example-secret-of-32-bytes-or-more").build()?;
/// let app: Router = Router::new()
///     .route("/users/{username}", delete(delete_user))
///     .layer(manager.layer());
/// # let _ = app;
/// # Ok::<(), jwt_guard::ConfigError>(())
/// ```
///
/// The attribute goes on an `async fn` axum handler. It adds one hidden extractor
/// that runs before every extractor that reads the request (a refused request
/// never has its body read);
/// the signature, generics, `where` clauses, return type, body, doc comments and
/// other attributes are kept as written, so `State`, `Path`, `Json` bodies and
/// `impl IntoResponse` returns all keep working.
///
/// The guard travels inside the first argument that is not a `State`, as a tuple
/// `(_, pat): (Guarded<..>, Ty)` that axum extracts left to right, so the
/// handler's arity is unchanged and `#[debug_handler]` works above or below this
/// attribute. A handler whose arguments are all `State` (or that has none) gets
/// the guard as a new first argument; put `#[debug_handler]` *below*
/// `#[require_token]` on such a handler.
///
/// # Arguments
///
/// With no arguments (`#[require_token]` or `#[require_token()]`) the request needs
/// a valid, unrevoked **access** token. Arguments are separated by commas, in any
/// order:
///
/// | argument | the request needs |
/// |---|---|
/// | `refresh` | a **refresh** token instead of an access token |
/// | `any_type` | an access or a refresh token alike (a logout route that revokes both) |
/// | `fresh` | a token whose `fresh` claim is `true`, or a timestamp still in the future |
/// | `optional` | nothing: a request without a token reaches the handler (which then sees `None`), but a token that is present must pass every check; no requirement on the token's contents may go with it (see below) |
/// | `CLAIM = "var"` | claim `CLAIM` equal to the handler's path variable `var` |
/// | `claims(role = "admin", level = 3, org.id = 7, roles = ["admin"])` | claims equal to these literals |
/// | `scope(admin = true, perm.read = true)` | the `scope` claim is an object whose keys hold these values |
/// | `scope("read:users", "write")` | the `scope` claim (a space-separated string or an array of strings) holds all these names |
/// | `any(..)`, `all(..)`, `not(..)` | a boolean combination of claim requirements (nested at most 16 deep) |
/// | `locations(headers, cookies, query)` | the token is looked for there, in that order, instead of the manager's default |
/// | `Name`, `path::Name` | the named guard `Name` (declared with [`guard!`](macro@guard)) and every other argument: requirements add up |
///
/// `refresh`, `any_type`, `fresh`, `optional` and `locations` apply to the whole
/// guard and go at the top level only. `refresh` and `any_type` exclude each other.
/// The top-level requirements must all hold.
///
/// `optional` goes with `refresh`, `any_type` and `locations` only, which choose
/// which token is read. A requirement on the token's contents (`fresh`, a claim,
/// a scope, a path variable, `any/all/not`) would refuse a signed-in user who
/// fails it while a request without a token, which cannot meet it either,
/// passes; so the combination is a compile error. Check such a route's token in
/// the handler through `Option<Token>` instead:
///
/// ```compile_fail
/// # use jwt_guard::{Token, require_token};
/// // error: this requirement cannot be combined with `optional`
/// #[require_token(optional, claims(role = "admin"))]
/// async fn handler(token: Option<Token>) {}
/// ```
///
/// ```text
/// error: this requirement cannot be combined with `optional`: a request without a token would pass it while a signed-in user who fails it is refused; remove `optional`, or take `Option<Token>` in the handler and check the token there
///  --> src/main.rs:1:27
///   |
/// 1 | #[require_token(optional, claims(role = "admin"))]
///   |                           ^^^^^^^^^^^^^^^^^^^^^^
/// ```
///
/// ## Claim names and values
///
/// * A claim name is an identifier, keywords included (`type = "kind"`); a dotted
///   name (`org.id`) reaches into nested JSON objects.
/// * A value is a string, an integer (negative ones too, within `i64`), `true` or
///   `false`, or a list of those. A list means the claim is an array holding each of
///   the listed values (in any order, among others).
/// * Comparison is strict JSON equality: `true` is not `1`, `"3"` is not `3`.
/// * Floats, chars, byte strings, constants and other expressions are refused at
///   compile time: the guard is fixed when the crate compiles.
///
/// ## Path variables
///
/// `sub = "username"` compares the `sub` claim with the value of the variable
/// `username` that one of the handler's `Path` patterns binds:
///
/// ```
/// # use axum::{Router, extract::Path, routing::get};
/// # use jwt_guard::require_token;
/// #[require_token(sub = "username")]
/// async fn profile(Path(username): Path<String>) -> String { username }
///
/// #[require_token(org_id = "org", sub = "user")]
/// async fn member(Path((org, user)): Path<(u64, String)>) -> String { format!("{org}/{user}") }
///
/// #[derive(serde::Deserialize)]
/// struct Params { username: String, tab: String }
///
/// #[require_token(sub = "username")]
/// async fn settings(Path(Params { username, tab }): Path<Params>) -> String { format!("{username}/{tab}") }
/// # let _: Router = Router::new()
/// #     .route("/users/{id}", get(profile))
/// #     .route("/orgs/{org}/{user}", get(member))
/// #     .route("/settings/{username}/{tab}", get(settings));
/// ```
///
/// The name is the *local variable*, not the route parameter: `Path(username)` on
/// the route `/users/{id}` binds `username`. The guard extracts the `Path` exactly
/// as the handler does (same pattern, same type), so it compares the value the
/// handler receives. A claim string also equals a number or `bool` variable whose
/// text is that string (`"sub": "42"` matches `user_id: u64 = 42`), because
/// RFC 7519 makes `sub` a string. The variable's type must implement
/// `serde::Serialize`, and cannot use the handler's generic parameters. A value
/// with no JSON form (an `f64` from `/t/NaN` or `/t/inf`, which JSON would
/// write as `null`) equals no claim: the request is refused with 403, even
/// when the comparison sits inside `not(..)`.
///
/// To compare a claim with a literal string instead, write `claims(sub = "admin")`.
///
/// ## Scopes
///
/// `scope(..)` has two forms, for the two shapes a `scope` claim takes:
///
/// ```
/// # use jwt_guard::require_token;
/// #[require_token(scope("read:users", "write"))] // "scope": "read:users write" or ["read:users", "write"]
/// async fn list_users() {}
///
/// #[require_token(scope(admin = true))] // "scope": {"admin": true, ...}
/// async fn dashboard() {}
/// # let _: axum::routing::MethodRouter = axum::routing::get(list_users).post(dashboard);
/// ```
///
/// ```compile_fail
/// # use jwt_guard::require_token;
/// // error: cannot mix the two `scope` forms
/// #[require_token(scope("write"), scope(admin = true))]
/// async fn handler() {}
/// ```
///
/// One attribute uses one form: a token's `scope` is either a list or an object.
/// Both forms read the claim the manager names with `JwtConfig::scope_claim`
/// (`scope` by default, `scp` for some providers).
///
/// ## Composition
///
/// `any(..)`, `all(..)` and `not(..)` combine requirements as `cfg` does; inside them
/// go `CLAIM = "var"`, `claims(..)`, `scope(..)` and further `any/all/not`:
///
/// ```
/// # use axum::extract::Path;
/// # use jwt_guard::require_token;
/// #[require_token(any(scope(admin = true), sub = "username"))]
/// async fn profile(Path(username): Path<String>) -> String { username }
///
/// #[require_token(all(claims(verified = true), not(claims(banned = true))))]
/// async fn post_comment() {}
/// # let _: axum::routing::MethodRouter = axum::routing::get(profile).post(post_comment);
/// ```
///
/// `claims(a = 1, b = 2)` inside `any(..)` is one alternative that needs both.
/// `not(..)` takes exactly one requirement; `any()` and `all()` cannot be empty.
///
/// ## Token locations
///
/// `locations(..)` names where this route looks for its token, in order, out of
/// `headers` (`Authorization: Bearer`), `cookies` (HttpOnly cookies, with CSRF
/// double submit on state-changing methods) and `query` (`?jwt=`). The first
/// location that holds a token decides; a later one is never tried, so a header
/// cannot stand in for a cookie whose CSRF check failed. Without `locations(..)`
/// the route uses the manager's list.
///
/// Every location a route names must also be enabled on the manager
/// (`JwtConfig::token_locations`): building a manager that lacks one fails at
/// start-up with an error naming the handler, rather than the route quietly
/// reading tokens from a place the application never enabled. The check sees
/// every guarded handler linked into the program (they are gathered at link
/// time), so a program that runs several managers with different locations
/// turns it off with `JwtConfig::check_route_locations(false)`; such a route then
/// answers 500 and logs why instead of reading the location.
///
/// ```standalone_crate
/// # use jwt_guard::{JwtManager, TokenLocation, require_token};
/// #[require_token(locations(cookies))]
/// async fn transfer() {}
///
/// // `cookies` must be among the manager's locations, or `build()` fails.
/// let manager = JwtManager::builder()
///     .secret("a-32-byte-secret-from-the-environment!")
///     .token_locations([TokenLocation::Headers, TokenLocation::Cookies])
///     .build();
/// assert!(manager.is_ok());
/// # let _: axum::routing::MethodRouter = axum::routing::post(transfer);
/// ```
///
/// # Compile-time errors
///
/// Every mistake in the attribute is reported in the same compile, on the tokens
/// at fault, and the handler is then left as written (without the guard), so no
/// follow-on errors appear. For example
///
/// ```compile_fail
/// # use axum::extract::Path;
/// # use jwt_guard::require_token;
/// #[require_token(frsh, claims(level = 1.5), sub = "usrname")]
/// async fn handler(Path(username): Path<String>) {}
/// ```
///
/// ```text
/// error: unknown guard argument `frsh`; did you mean `fresh`?
///  --> src/main.rs:1:17
///   |
/// 1 | #[require_token(frsh, claims(level = 1.5), sub = "usrname")]
///   |                 ^^^^
///
/// error: floating-point literals are not supported: a float claim cannot be compared exactly; use an integer or a string
///  --> src/main.rs:1:38
///   |
/// 1 | #[require_token(frsh, claims(level = 1.5), sub = "usrname")]
///   |                                      ^^^
///
/// error: unbound path variable `usrname`; did you mean `username`? the handler's `Path` patterns bind `username`
///  --> src/main.rs:1:51
///   |
/// 1 | #[require_token(frsh, claims(level = 1.5), sub = "usrname")]
///   |                                                   ^^^^^^^^^
/// ```
///
/// The errors cover: unknown arguments (with a did-you-mean hint), values that are
/// not literals or of the wrong kind, duplicates, unbound path variables, mixing
/// the two `scope` forms, `optional` with a requirement on the token's contents, empty `any()`/`all()`/`claims()`/`scope()`/`locations()`,
/// `not(..)` without exactly one requirement, guard-wide flags inside
/// `any/all/not`, unknown or repeated token locations, `any/all/not` nested
/// more than 16 deep, the attribute on anything but a free `async fn`, twice
/// on one or with `#[public]`, and named guards inside `any/all/not` or two in
/// one attribute. The uses of a named guard that cannot hold are compile errors
/// at the use (see [`guard!`](macro@guard)). `docs/guard-reference.md` §1.5 in the repository lists each rule;
/// every one has a `tests/ui/fail` case.
#[proc_macro_attribute]
pub fn require_token(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::require_token(args.into(), item.into()).into()
}

/// Declares a guard once, with a name, for reuse by `#[require_token(Name)]`.
///
/// ```
/// use axum::{Router, extract::Path, routing::get};
/// use jwt_guard::{JwtManager, guard, require_token};
///
/// guard!(
///     /// Administrators whose session is fresh.
///     pub AdminOnly = fresh, scope(admin = true)
/// );
///
/// #[require_token(AdminOnly)] // reuse
/// async fn dashboard() -> &'static str { "dashboard" }
///
/// #[require_token(AdminOnly, sub = "username")] // extend: both must hold
/// async fn own_settings(Path(username): Path<String>) -> String { username }
///
/// let manager = JwtManager::builder().secret("an-example-secret-of-32-bytes-or-more").build()?;
/// let app: Router = Router::new()
///     .route("/admin", get(dashboard))
///     .route("/admin/{username}", get(own_settings))
///     .layer(manager.layer());
/// # let _ = app;
/// # Ok::<(), jwt_guard::ConfigError>(())
/// ```
///
/// The input is `#[attrs] VIS Name = ARGS`: doc comments and other attributes,
/// a visibility, the guard's name (a type name, so it starts with an uppercase
/// letter) and, after `=`, the arguments of [`macro@require_token`] in the same
/// grammar (`guard!(pub Authenticated)`, without `=`, takes any valid access
/// token, as a bare `#[require_token]` does). They are checked as the
/// attribute's are, every mistake reported in one compile on the tokens of the
/// declaration. The checks that need a
/// handler run where the guard is used: `sub = "username"` names a variable
/// that each handler using the guard must bind with its own `Path` (by its
/// local name, as in the attribute), with a `serde::Serialize` type.
///
/// The expansion is a unit struct `Name` (deriving `Clone`, `Copy`, `Debug`
/// and `Default`) implementing `jwt_guard::NamedGuard`, and `Name::layer()`,
/// the `GuardLayer` that runs it in front of a router's routes. A guard with
/// `locations(..)` is checked against the manager at start-up under its name,
/// as a handler's is.
///
/// # Using a named guard
///
/// In `#[require_token(..)]` a named guard is a bare path that starts with an
/// uppercase letter or has `::` (`guards::AdminOnly`); at most one per
/// attribute, at the top level (not inside `any/all/not`). Further arguments
/// add requirements: `fresh` if either says so, every claim requirement of
/// both. A use cannot loosen or retarget the guard, and these are compile
/// errors at the use, on the tokens at fault:
///
/// * a path variable of the guard that the handler's `Path` patterns do not bind;
/// * `refresh` or `any_type` other than the type the guard accepts (a guard
///   that names none accepts access tokens);
/// * `optional` on a guard that is not optional, and requirements on the
///   token's contents added to a guard that is;
/// * `locations(..)` on the use of a guard that names its own.
///
/// ```compile_fail,E0080
/// # use jwt_guard::{guard, require_token};
/// guard!(FreshAdmin = fresh, scope(admin = true));
///
/// // error: `refresh` would change the token type of the named guard `FreshAdmin`
/// #[require_token(FreshAdmin, refresh)]
/// async fn renew() {}
/// ```
///
/// ```text
/// error[E0080]: evaluation panicked: `refresh` would change the token type of the named guard `FreshAdmin`: a use adds requirements to a named guard but cannot change the type of token it accepts; remove `refresh` here, or declare a separate guard with `guard!`
///  --> src/main.rs:4:29
///   |
/// 4 | #[require_token(FreshAdmin, refresh)]
///   |                             ^^^^^^^ evaluation of `_` failed here
/// ```
///
/// A named guard cannot name another one in `guard!`; write its arguments out.
#[proc_macro]
pub fn guard(input: TokenStream) -> TokenStream {
    declare::guard(input.into()).into()
}

/// Marks an axum handler as open to everyone, so that the route audit tells it
/// from a route whose guard was forgotten.
///
/// ```
/// use axum::{Router, routing::get};
/// use jwt_guard::public;
///
/// #[public]
/// async fn health() -> &'static str { "ok" }
///
/// let app: Router = Router::new().route("/health", get(health));
/// # let _ = app;
/// ```
///
/// The attribute goes on an `async fn` handler and takes no arguments. It adds
/// one hidden extractor, folded in front of the handler's arguments exactly as
/// [`macro@require_token`] folds its guard, which marks the request; the
/// handler is otherwise kept as written. A handler is either guarded or
/// public, so `#[public]` together with `#[require_token]` is a compile error:
///
/// ```compile_fail
/// # use jwt_guard::{public, require_token};
/// // error: a handler is either guarded or public
/// #[public]
/// #[require_token]
/// async fn handler() {}
/// ```
#[proc_macro_attribute]
pub fn public(args: TokenStream, item: TokenStream) -> TokenStream {
    public::public(args.into(), item.into()).into()
}
