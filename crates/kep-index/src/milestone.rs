//! Milestone text as written in kep.yaml → normalised `v1.N`, and the tolerant version order CI uses.

/// Normalises a milestone as written (`v1.37`, `"1.37"`, `v1.37.0`) to `v1.37`.
///
/// Placeholders and anything that is not a Kubernetes `1.N` release (`0.0`, `TBD`, `x.y`,
/// empty, `v1.21, v1.37`) give `None`; callers keep the raw text beside it.
pub fn normalize_milestone(raw: &str) -> Option<String> {
    let version = parse_tolerant(raw)?;
    (version.major == 1).then(|| format!("v1.{}", version.minor))
}

/// A `major.minor.patch` version read the way Go's `semver.ParseTolerant` reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

/// The first milestone whose implementable/implemented KEPs need a PRR approval.
pub const PRR_REQUIRED_FROM: Version = Version {
    major: 1,
    minor: 21,
    patch: 0,
};

/// Parses `v1.37`, `1.37`, ` 1.37.2 ` like `semver.ParseTolerant`: trims spaces, drops a leading
/// `v`, pads missing parts with zero. Pre-release or build suffixes and anything else give `None`.
pub fn parse_tolerant(raw: &str) -> Option<Version> {
    let text = raw.trim();
    let text = text.strip_prefix('v').unwrap_or(text);
    let mut parts = [0u64; 3];
    for (count, part) in text.split('.').enumerate() {
        if count == 3 || part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts[count] = part.parse().ok()?;
    }
    Some(Version {
        major: parts[0],
        minor: parts[1],
        patch: parts[2],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_forms_of_a_release_normalise_to_v1_n() {
        for raw in ["v1.37", "1.37", " v1.37 ", "v1.37.0", "1.37.2"] {
            assert_eq!(normalize_milestone(raw).as_deref(), Some("v1.37"), "{raw}");
        }
        assert_eq!(normalize_milestone("v1.9").as_deref(), Some("v1.9"));
    }

    #[test]
    fn placeholders_and_junk_normalise_to_none() {
        for raw in [
            "0.0",
            "TBD",
            "",
            "x.y",
            "never",
            "v1.21, v1.37",
            "v1.",
            "2.0",
            "v1.37-alpha",
        ] {
            assert_eq!(normalize_milestone(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn tolerant_parse_pads_and_orders_like_semver() {
        assert_eq!(
            parse_tolerant("v1.21"),
            Some(Version {
                major: 1,
                minor: 21,
                patch: 0
            })
        );
        assert!(parse_tolerant("1.9").unwrap() < PRR_REQUIRED_FROM);
        assert!(parse_tolerant("0.0").unwrap() < PRR_REQUIRED_FROM);
        assert!(parse_tolerant("v1.30").unwrap() > PRR_REQUIRED_FROM);
        assert_eq!(parse_tolerant("TBD"), None);
        assert_eq!(parse_tolerant("1.2.3.4"), None);
    }
}
