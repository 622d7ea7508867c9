//! The claim layout jwt-guard shares with Flask-JWT-Extended (GUARD-SPEC §3).

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// Whether a token is an access token or a refresh token (its `type` claim).
///
/// ```
/// use jwt_guard::TokenType;
/// assert_eq!(TokenType::Refresh.as_str(), "refresh");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenType {
    /// `"type": "access"`: presented to protected routes.
    Access,
    /// `"type": "refresh"`: presented only to the route that mints new access tokens.
    Refresh,
}

impl TokenType {
    /// The value of the `type` claim.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Refresh => "refresh",
        }
    }
}

impl fmt::Display for TokenType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How fresh a token is: minted straight from a credential check, or not.
///
/// Minting takes anything that converts into it: `true`/`false`, or a
/// [`Duration`] that keeps the token fresh for that long after it is issued.
///
/// ```
/// use std::time::Duration;
/// use jwt_guard::Fresh;
///
/// assert_eq!(Fresh::from(true), Fresh::Yes);
/// assert!(matches!(Fresh::from(Duration::from_secs(600)), Fresh::For(_)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fresh {
    /// Not fresh (`"fresh": false`).
    No,
    /// Fresh (`"fresh": true`).
    Yes,
    /// Fresh for this long after issue; written as a timestamp.
    For(Duration),
    /// Fresh until this instant (read from a token's timestamp).
    Until(SystemTime),
}

impl From<bool> for Fresh {
    fn from(fresh: bool) -> Self {
        if fresh { Self::Yes } else { Self::No }
    }
}

impl From<Duration> for Fresh {
    fn from(window: Duration) -> Self {
        Self::For(window)
    }
}

impl Fresh {
    /// Whether the token counts as fresh at `now`.
    pub fn is_fresh_at(self, now: SystemTime) -> bool {
        match self {
            Self::No => false,
            Self::Yes => true,
            Self::For(_) => true,
            Self::Until(until) => now < until,
        }
    }

    /// The claim value for a token issued at `iat`.
    pub(crate) fn to_claim(self, iat: SystemTime) -> Value {
        match self {
            Self::No => Value::Bool(false),
            Self::Yes => Value::Bool(true),
            Self::For(window) => Value::from(unix_seconds(iat + window)),
            Self::Until(until) => Value::from(unix_seconds(until)),
        }
    }

    /// Reads the claim: a bool, or a NumericDate (which may have a fraction, as
    /// Python writes it).
    pub(crate) fn from_claim(value: Option<&Value>) -> Option<Self> {
        match value {
            None => Some(Self::No),
            Some(Value::Bool(b)) => Some(Self::from(*b)),
            Some(Value::Number(n)) => n.as_f64().and_then(system_time_from_f64).map(Self::Until),
            Some(_) => None,
        }
    }
}

/// Claim names that minting writes itself and an application may not override.
pub(crate) const RESERVED: &[&str] = &[
    "iat", "nbf", "exp", "jti", "type", "fresh", "csrf", "iss", "aud",
];

pub(crate) fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// A NumericDate as a time; `None` for NaN, negative or absurd values.
pub(crate) fn system_time_from_f64(secs: f64) -> Option<SystemTime> {
    if !secs.is_finite() || !(0.0..=1e12).contains(&secs) {
        return None;
    }
    UNIX_EPOCH.checked_add(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fresh_claims_round_trip() {
        let iat = UNIX_EPOCH + Duration::from_secs(1_000);
        let claim = Fresh::For(Duration::from_secs(60)).to_claim(iat);
        assert_eq!(claim, json!(1_060));
        let read = Fresh::from_claim(Some(&claim)).unwrap();
        assert!(read.is_fresh_at(UNIX_EPOCH + Duration::from_secs(1_059)));
        assert!(!read.is_fresh_at(UNIX_EPOCH + Duration::from_secs(1_060)));
    }

    #[test]
    fn fresh_claim_of_the_wrong_type_is_refused() {
        assert_eq!(Fresh::from_claim(Some(&json!("yes"))), None);
        assert_eq!(Fresh::from_claim(Some(&json!(-5))), None);
        assert_eq!(Fresh::from_claim(None), Some(Fresh::No));
        assert_eq!(
            Fresh::from_claim(Some(&json!(1.5))),
            Some(Fresh::Until(UNIX_EPOCH + Duration::from_millis(1_500)))
        );
    }
}
