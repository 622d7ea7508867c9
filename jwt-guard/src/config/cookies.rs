//! The cookie settings of [`JwtConfig`]: names, attributes, the `__Host-`
//! option, and the checks a browser would otherwise fail silently at
//! (run when the manager is built). Their setters are in `setters.rs`.

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

    /// Sets one of the four names (access, refresh, CSRF access, CSRF
    /// refresh, in that order).
    pub(crate) fn set_name(&mut self, which: usize, name: String) {
        self.given[which] = name;
        self.rename();
    }

    /// Turns the `__Host-` prefix on or off.
    pub(crate) fn set_host_prefix(&mut self, on: bool) {
        self.host_prefix = on;
        self.rename();
    }
}

/// A persistent cookie for a token without `exp` lives as long as
/// Flask-JWT-Extended's (one year).
pub(crate) const PERSISTENT_WITHOUT_EXP: u64 = 31_540_000;

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
