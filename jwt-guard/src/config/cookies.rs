//! The cookie settings of [`JwtConfig`]: names, attributes, the `__Host-`
//! option, and the checks a browser would otherwise fail silently at
//! (run when the manager is built).

use crate::config::{ConfigError, JwtConfig, TokenLocation};

/// The `SameSite` attribute of the token cookies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SameSite {
    /// Sent only with requests that start on the same site.
    Strict,
    /// Also sent when the user follows a link from another site (the default).
    Lax,
    /// Sent with cross-site requests too; needs `Secure`.
    None,
}

// jwt-guard keeps its own `SameSite` rather than re-exporting the `cookie`
// crate's: the public API then follows neither `cookie`'s versions nor its
// exhaustive enum (ours is `#[non_exhaustive]`).
impl SameSite {
    pub(crate) fn into_cookie(self) -> cookie::SameSite {
        match self {
            Self::Strict => cookie::SameSite::Strict,
            Self::Lax => cookie::SameSite::Lax,
            Self::None => cookie::SameSite::None,
        }
    }
}

/// Names and attributes of the four cookies.
#[derive(Debug, Clone)]
pub(crate) struct CookieConfig {
    /// The names in use: the given ones, with `__Host-` in front when
    /// [`JwtConfig::host_prefixed_cookies`] is on (kept in step by `rename`).
    pub(crate) access_name: String,
    pub(crate) refresh_name: String,
    pub(crate) csrf_access_name: String,
    pub(crate) csrf_refresh_name: String,
    /// The names as the application gave them.
    given: [String; 4],
    host_prefix: bool,
    pub(crate) access_path: String,
    pub(crate) refresh_path: String,
    pub(crate) csrf_path: String,
    pub(crate) domain: Option<String>,
    pub(crate) secure: bool,
    pub(crate) http_only: bool,
    pub(crate) same_site: SameSite,
    pub(crate) session: bool,
}

impl Default for CookieConfig {
    /// Flask-JWT-Extended's names and paths; `Secure` and `SameSite=Lax` on,
    /// where Flask-JWT-Extended leaves both off.
    fn default() -> Self {
        let given = [
            "access_token_cookie",
            "refresh_token_cookie",
            "csrf_access_token",
            "csrf_refresh_token",
        ]
        .map(str::to_owned);
        Self {
            access_name: given[0].clone(),
            refresh_name: given[1].clone(),
            csrf_access_name: given[2].clone(),
            csrf_refresh_name: given[3].clone(),
            given,
            host_prefix: false,
            access_path: "/".to_owned(),
            refresh_path: "/".to_owned(),
            csrf_path: "/".to_owned(),
            domain: None,
            secure: true,
            http_only: true,
            same_site: SameSite::Lax,
            session: true,
        }
    }
}

/// The prefix that binds a cookie to the exact host that set it: browsers take
/// such a cookie only with `Secure`, `Path=/` and no `Domain`, so neither a
/// sibling subdomain nor a plain-HTTP page can set or overwrite it.
const HOST_PREFIX: &str = "__Host-";

/// Browsers take a cookie whose name starts with this only with `Secure`.
const SECURE_PREFIX: &str = "__Secure-";

fn has_prefix(name: &str, prefix: &str) -> bool {
    // Browsers match the prefixes without regard to case.
    name.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

impl CookieConfig {
    /// Recomputes the names in use after a name or the prefix option changed,
    /// so that the order of the setters does not matter.
    fn rename(&mut self) {
        let [access, refresh, csrf_access, csrf_refresh] = self.given.clone().map(|name| {
            if self.host_prefix && !has_prefix(&name, HOST_PREFIX) {
                format!("{HOST_PREFIX}{name}")
            } else {
                name
            }
        });
        self.access_name = access;
        self.refresh_name = refresh;
        self.csrf_access_name = csrf_access;
        self.csrf_refresh_name = csrf_refresh;
    }

    fn set_name(&mut self, which: usize, name: String) {
        self.given[which] = name;
        self.rename();
    }
}

/// A persistent cookie for a token without `exp` lives as long as
/// Flask-JWT-Extended's (one year).
pub(crate) const PERSISTENT_WITHOUT_EXP: u64 = 31_540_000;

/// The cookie settings.
impl JwtConfig {
    /// The cookie that carries access tokens (`access_token_cookie`).
    pub fn access_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookies.set_name(0, name.into());
        self
    }

    /// The cookie that carries refresh tokens (`refresh_token_cookie`).
    pub fn refresh_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookies.set_name(1, name.into());
        self
    }

    /// The script-readable cookie with the access token's CSRF value
    /// (`csrf_access_token`).
    pub fn csrf_access_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookies.set_name(2, name.into());
        self
    }

    /// The script-readable cookie with the refresh token's CSRF value
    /// (`csrf_refresh_token`).
    pub fn csrf_refresh_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookies.set_name(3, name.into());
        self
    }

    /// Puts `__Host-` in front of every cookie name (off by default):
    /// `__Host-access_token_cookie`, `__Host-csrf_access_token` and so on, for
    /// the cookies read and the cookies the helpers set or clear alike.
    ///
    /// Browsers keep such a cookie only if it is `Secure`, has `Path=/` and no
    /// `Domain`, and then only the exact host that set it can set or overwrite
    /// it: a sibling subdomain can no longer plant its own token cookie next to
    /// this site's (session fixation). [`build`](Self::build) refuses the option
    /// with [`cookie_secure(false)`](Self::cookie_secure), a
    /// [`cookie_domain`](Self::cookie_domain) or a cookie path other than `/`.
    /// The page's script reads the CSRF cookie under its new name.
    ///
    /// ```
    /// use jwt_guard::{JwtManager, TokenLocation};
    ///
    /// let manager = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .token_locations([TokenLocation::Cookies])
    ///     .host_prefixed_cookies(true)
    ///     .build()?;
    /// let token = manager.create_access_token("alice").unwrap();
    /// let set = manager.cookies().set_access(&token).to_header_values().unwrap();
    /// assert!(set[0].to_str().unwrap().starts_with("__Host-access_token_cookie="));
    ///
    /// // A refresh cookie limited to one path cannot be a __Host- cookie.
    /// let refused = JwtManager::builder()
    ///     .secret("a-32-byte-secret-from-the-environment!")
    ///     .token_locations([TokenLocation::Cookies])
    ///     .host_prefixed_cookies(true)
    ///     .refresh_cookie_path("/refresh")
    ///     .build();
    /// assert!(refused.is_err());
    /// # Ok::<(), jwt_guard::ConfigError>(())
    /// ```
    pub fn host_prefixed_cookies(mut self, on: bool) -> Self {
        self.cookies.host_prefix = on;
        self.cookies.rename();
        self
    }

    /// The `Path` of the access cookie (`/`).
    pub fn access_cookie_path(mut self, path: impl Into<String>) -> Self {
        self.cookies.access_path = path.into();
        self
    }

    /// The `Path` of the refresh cookie (`/`). Setting it to the refresh route
    /// (`/refresh`) keeps the long-lived token off every other request.
    pub fn refresh_cookie_path(mut self, path: impl Into<String>) -> Self {
        self.cookies.refresh_path = path.into();
        self
    }

    /// The `Path` of both CSRF cookies (`/`): the pages whose script reads them.
    pub fn csrf_cookie_path(mut self, path: impl Into<String>) -> Self {
        self.cookies.csrf_path = path.into();
        self
    }

    /// The `Domain` of every cookie (none by default: the exact host only).
    pub fn cookie_domain(mut self, domain: impl Into<String>) -> Self {
        self.cookies.domain = Some(domain.into());
        self
    }

    /// Whether cookies are marked `Secure`, sent over HTTPS only (on by default;
    /// turn it off for plain-HTTP development only).
    pub fn cookie_secure(mut self, on: bool) -> Self {
        self.cookies.secure = on;
        self
    }

    /// Whether the token cookies are `HttpOnly`, out of reach of scripts (on by
    /// default). Turning it off lets any injected script steal the session;
    /// the CSRF cookies are never `HttpOnly`, since the page must read them.
    pub fn cookie_http_only(mut self, on: bool) -> Self {
        self.cookies.http_only = on;
        self
    }

    /// The `SameSite` attribute (`Lax` by default). [`SameSite::None`] needs
    /// [`cookie_secure`](Self::cookie_secure), which [`build`](Self::build) checks.
    pub fn cookie_same_site(mut self, same_site: SameSite) -> Self {
        self.cookies.same_site = same_site;
        self
    }

    /// Session cookies (the default: gone when the browser closes), or
    /// persistent ones (`false`) whose `Max-Age` is the token's remaining
    /// lifetime.
    pub fn session_cookies(mut self, on: bool) -> Self {
        self.cookies.session = on;
        self
    }
}

/// Start-up checks: names and attributes a browser would reject or misread.
pub(crate) fn check_config(config: &JwtConfig) -> Result<(), ConfigError> {
    let c = &config.cookies;
    let names = [
        &c.access_name,
        &c.refresh_name,
        &c.csrf_access_name,
        &c.csrf_refresh_name,
    ];
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() || !name.bytes().all(is_token_char) {
            return Err(ConfigError::Cookie(format!(
                "`{name}` is not a valid cookie name (RFC 6265 §4.1.1: letters, digits and !#$%&'*+-.^_`|~)"
            )));
        }
        if names[..i].contains(name) {
            return Err(ConfigError::Cookie(format!(
                "`{name}` names two different cookies; give each its own name"
            )));
        }
    }
    for path in [&c.access_path, &c.refresh_path, &c.csrf_path] {
        if !path.starts_with('/') || !path.bytes().all(is_attribute_char) {
            return Err(ConfigError::Cookie(format!(
                "`{path}` is not a cookie path: it must start with `/` and hold no `;` or control characters"
            )));
        }
    }
    if let Some(domain) = &c.domain
        && (domain.is_empty() || !domain.bytes().all(|b| is_attribute_char(b) && b != b' '))
    {
        return Err(ConfigError::Cookie(format!(
            "`{domain}` is not a cookie domain"
        )));
    }
    if c.same_site == SameSite::None && !c.secure {
        return Err(ConfigError::Cookie(
            "SameSite=None needs Secure cookies; browsers drop such cookies otherwise".to_owned(),
        ));
    }
    let mut set = vec![
        (&c.access_name, &c.access_path),
        (&c.refresh_name, &c.refresh_path),
    ];
    if config.csrf.protect {
        set.extend([
            (&c.csrf_access_name, &c.csrf_path),
            (&c.csrf_refresh_name, &c.csrf_path),
        ]);
    }
    for (name, path) in set {
        check_prefix(c, name, path)?;
    }
    Ok(())
}

/// What browsers require of a cookie whose name has a `__Host-` or
/// `__Secure-` prefix; a cookie that breaks it would never be stored.
fn check_prefix(c: &CookieConfig, name: &str, path: &str) -> Result<(), ConfigError> {
    let refuse = |why: String| {
        Err(ConfigError::Cookie(format!(
            "`{name}` is a {} cookie, which browsers only keep {why}",
            if has_prefix(name, HOST_PREFIX) {
                HOST_PREFIX
            } else {
                SECURE_PREFIX
            }
        )))
    };
    if has_prefix(name, HOST_PREFIX) {
        if !c.secure {
            return refuse("when Secure; leave cookie_secure on".to_owned());
        }
        if let Some(domain) = &c.domain {
            return refuse(format!(
                "without a Domain; remove cookie_domain(\"{domain}\")"
            ));
        }
        if path != "/" {
            return refuse(format!("with Path=/, not `{path}`"));
        }
    } else if has_prefix(name, SECURE_PREFIX) && !c.secure {
        return refuse("when Secure; leave cookie_secure on".to_owned());
    }
    Ok(())
}

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_attribute_char(b: u8) -> bool {
    (0x20..0x7f).contains(&b) && b != b';'
}

/// Whether the manager reads cookies at all, for the refresh layer.
pub(crate) fn enabled(config: &JwtConfig) -> bool {
    config.locations.contains(&TokenLocation::Cookies)
}
