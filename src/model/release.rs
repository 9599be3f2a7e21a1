//! The release a sheet tracks: `v1.37`, read from `v1.37`, `1.37` or `V1.37`.

use std::fmt;
use std::str::FromStr;

/// A Kubernetes release, displayed as `v1.37`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release {
    pub major: u32,
    pub minor: u32,
}

/// Why a text is not a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseError(pub String);

impl fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a release like v1.37", self.0)
    }
}

impl std::error::Error for ReleaseError {}

impl FromStr for Release {
    type Err = ReleaseError;

    /// `v1.37`, `1.37`, `V1.37`, with blanks or quotes around it (as milestones and cells are
    /// written); anything else is an error.
    fn from_str(s: &str) -> Result<Release, ReleaseError> {
        let err = || ReleaseError(s.to_string());
        let t = s.trim().trim_matches(['"', '\'']);
        let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
        let (major, minor) = t.split_once('.').ok_or_else(err)?;
        let number = |p: &str| {
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        match (number(major), number(minor)) {
            (Some(major), Some(minor)) => Ok(Release { major, minor }),
            _ => Err(err()),
        }
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}", self.major, self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(s: &str) -> Option<String> {
        s.parse::<Release>().ok().map(|r| r.to_string())
    }

    #[test]
    fn a_release_is_read_with_or_without_its_v_and_shown_with_it() {
        assert_eq!(release("v1.37").as_deref(), Some("v1.37"));
        assert_eq!(release("1.37").as_deref(), Some("v1.37"));
        assert_eq!(release(" V1.37 ").as_deref(), Some("v1.37"));
        assert_eq!(release("'v1.9'").as_deref(), Some("v1.9"));
        assert_eq!(
            "1.37".parse::<Release>(),
            Ok(Release {
                major: 1,
                minor: 37
            })
        );
        assert!("v1.9".parse::<Release>().unwrap() < "v1.37".parse().unwrap());
    }

    #[test]
    fn anything_but_major_dot_minor_is_not_a_release_and_the_error_quotes_it() {
        for bad in [
            "TBD",
            "1.",
            ".37",
            "v1.37.0",
            "1.3x",
            "v",
            "",
            "1.99999999999",
        ] {
            assert!(bad.parse::<Release>().is_err(), "{bad:?}");
        }
        assert_eq!(
            "next".parse::<Release>().unwrap_err().to_string(),
            "\"next\" is not a release like v1.37"
        );
    }
}
