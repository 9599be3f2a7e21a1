//! The allowed `status` and `stage` values of kep.yaml, as kubernetes/enhancements' `api` package lists them.

use std::fmt;

/// A KEP's `status`, when it is one of the allowed values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Provisional,
    Implementable,
    Implemented,
    Deferred,
    Rejected,
    Withdrawn,
    Replaced,
}

impl Status {
    /// Every allowed status, in the order kubernetes/enhancements lists them.
    pub const ALL: [Status; 7] = [
        Status::Provisional,
        Status::Implementable,
        Status::Implemented,
        Status::Deferred,
        Status::Rejected,
        Status::Withdrawn,
        Status::Replaced,
    ];

    /// The value as written in kep.yaml.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Provisional => "provisional",
            Status::Implementable => "implementable",
            Status::Implemented => "implemented",
            Status::Deferred => "deferred",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
            Status::Replaced => "replaced",
        }
    }

    /// Exact match on the written value (after trimming); `None` for anything outside the list.
    pub fn parse(text: &str) -> Option<Status> {
        let text = text.trim();
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the PRR rule can apply (implementable or implemented).
    pub fn needs_prr(self) -> bool {
        matches!(self, Status::Implementable | Status::Implemented)
    }
}

impl std::str::FromStr for Status {
    type Err = String;

    fn from_str(text: &str) -> Result<Status, String> {
        Status::parse(text)
            .ok_or_else(|| format!("status `{text}` is not one of {}", allowed_statuses()))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A KEP's `stage`, when it is one of the allowed values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    Alpha,
    Beta,
    Stable,
    Deprecated,
    Disabled,
    Removed,
}

impl Stage {
    /// Every allowed stage, in the order kubernetes/enhancements lists them.
    pub const ALL: [Stage; 6] = [
        Stage::Alpha,
        Stage::Beta,
        Stage::Stable,
        Stage::Deprecated,
        Stage::Disabled,
        Stage::Removed,
    ];

    /// The value as written in kep.yaml (also the key of the PRR file block).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Alpha => "alpha",
            Stage::Beta => "beta",
            Stage::Stable => "stable",
            Stage::Deprecated => "deprecated",
            Stage::Disabled => "disabled",
            Stage::Removed => "removed",
        }
    }

    /// Exact match on the written value (after trimming); `None` for anything outside the list.
    pub fn parse(text: &str) -> Option<Stage> {
        let text = text.trim();
        Stage::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl std::str::FromStr for Stage {
    type Err = String;

    fn from_str(text: &str) -> Result<Stage, String> {
        Stage::parse(text)
            .ok_or_else(|| format!("stage `{text}` is not one of {}", allowed_stages()))
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The allowed status values, comma-separated, for messages.
pub fn allowed_statuses() -> String {
    Status::ALL.map(Status::as_str).join(", ")
}

/// The allowed stage values, comma-separated, for messages.
pub fn allowed_stages() -> String {
    Stage::ALL.map(Stage::as_str).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_values_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn values_seen_on_master_outside_the_lists_are_rejected() {
        for bad in [
            "superseded",
            "implemented (alpha)",
            "imlpemented",
            "removed",
            "Implemented",
        ] {
            assert_eq!(Status::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Status::parse(
                "provisional|implementable|implemented|deferred|rejected|withdrawn|replaced"
            ),
            None
        );
        for bad in ["alpha|beta|stable", "alpha (deprecated)", ""] {
            assert_eq!(Stage::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn from_str_explains_the_allowed_values() {
        assert_eq!("beta".parse::<Stage>(), Ok(Stage::Beta));
        let err = "superseded".parse::<Status>().expect_err("not allowed");
        assert!(err.contains("superseded") && err.contains("replaced"));
    }

    #[test]
    fn only_implementable_and_implemented_can_need_prr() {
        let needing: Vec<_> = Status::ALL.into_iter().filter(|s| s.needs_prr()).collect();
        assert_eq!(needing, [Status::Implementable, Status::Implemented]);
    }
}
