//! The claim layout jwt-guard shares with Flask-JWT-Extended (docs/guard-reference.md §3).

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
/// use jwt_guard::mint::Fresh;
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

/// The last second a NumericDate can name: 9999-12-31T23:59:59Z. A value past
/// it is not a date any clock will reach, so a token carrying one in `exp`,
/// `nbf` or `iat` is refused rather than treated as "never expires".
pub(crate) const LAST_SECOND: u64 = 253_402_300_799;

/// `LAST_SECOND` as a time: how long a revocation is kept for a token that
/// can be used for ever (one without `exp`, where `require_exp(false)`).
pub(crate) fn end_of_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(LAST_SECOND)
}

/// Whether `secs` is a NumericDate jwt-guard accepts: from 1970 to the end of
/// year 9999.
pub(crate) fn is_sane_date(secs: f64) -> bool {
    secs.is_finite() && (0.0..=LAST_SECOND as f64).contains(&secs)
}

/// A NumericDate as a time; `None` for values outside [`is_sane_date`].
pub(crate) fn system_time_from_f64(secs: f64) -> Option<SystemTime> {
    if !is_sane_date(secs) {
        return None;
    }
    UNIX_EPOCH.checked_add(Duration::from_secs_f64(secs))
}

/// Milliseconds since 1970, rounded to the nearest: for times read back from
/// a token or a store, where the decimal text of a whole millisecond may come
/// back a hair below it as a float.
pub(crate) fn unix_millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| {
        let millis = d.as_nanos().saturating_add(500_000) / 1_000_000;
        u64::try_from(millis).unwrap_or(u64::MAX)
    })
}

/// Milliseconds since 1970, rounded down: what `iat` says is never later than
/// the moment the token was minted.
pub(crate) fn floor_millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// `iat` as jwt-guard writes it: seconds with the milliseconds as a fraction
/// (RFC 7519 §2 allows a non-integer NumericDate), so that a "log out
/// everywhere" cut-off can tell tokens minted just before it from those minted
/// just after it within the same second.
pub(crate) fn issued_at_claim(t: SystemTime) -> Value {
    let millis = floor_millis(t);
    if millis.is_multiple_of(1000) {
        Value::from(millis / 1000)
    } else {
        // Exact to the millisecond: an f64 holds every whole number of
        // milliseconds below 2^53, which is far past the year 9999.
        Value::from(millis as f64 / 1000.0)
    }
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

    #[test]
    fn issue_times_keep_their_milliseconds_through_the_claim() {
        for millis in [
            0,
            999,
            1_000,
            1_764_700_000_123,
            1_764_700_000_999,
            253_402_300_798_999,
        ] {
            let t = UNIX_EPOCH + Duration::from_millis(millis) + Duration::from_nanos(999_999);
            let claim = issued_at_claim(t);
            let read = system_time_from_f64(claim.as_f64().unwrap());
            assert_eq!(read.map(unix_millis), Some(millis), "{claim}");
        }
        assert_eq!(
            issued_at_claim(UNIX_EPOCH + Duration::from_secs(7)),
            json!(7)
        );
    }

    #[test]
    fn dates_past_the_year_9999_are_not_dates() {
        assert!(is_sane_date(LAST_SECOND as f64));
        assert!(!is_sane_date(LAST_SECOND as f64 + 1.0));
        assert!(!is_sane_date(-1.0));
        assert!(!is_sane_date(f64::NAN));
        assert!(!is_sane_date(1e300));
        assert_eq!(
            system_time_from_f64(LAST_SECOND as f64),
            Some(end_of_time())
        );
    }
}
