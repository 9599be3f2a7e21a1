//! The problems a KEP can have, each a sentence naming the field; and whether CI would catch it.

use super::status::{allowed_stages, allowed_statuses};

/// One thing wrong with a kep.yaml (the file path is prefixed when rendered into [`super::Kep::problems`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("cannot be read: {0}")]
    Unreadable(String),
    #[error("{0}")]
    NotUtf8(String),
    #[error("is {0} bytes, more than the 1 MiB a kep.yaml may have; not parsed")]
    TooLarge(usize),
    #[error("does not decode as kep.yaml: {0}")]
    Yaml(String),
    #[error(
        "line {0} contains `---`, which kubernetes/enhancements' parser treats as a document separator"
    )]
    SeparatorLine(usize),
    #[error("field `{0}` is not a kep.yaml field (CI decodes strictly and rejects it)")]
    UnknownField(String),
    #[error("field `{0}` is written more than once")]
    RepeatedField(String),
    #[error("required field `{0}` is missing")]
    MissingField(&'static str),
    #[error("required field `{0}` is empty")]
    EmptyField(&'static str),
    #[error(
        "field `milestone.{0}` is not a stage (alpha, beta, stable, deprecated, removed, disabled)"
    )]
    UnknownMilestoneKey(String),
    #[error("field `disable-supported` is `{0}`, not true or false")]
    NotABool(String),
    #[error("field `kep-number` is `{0}`, not a number")]
    NotANumber(String),
    #[error("field `status` is `{0}`, not one of {list}", list = allowed_statuses())]
    StatusNotAllowed(String),
    #[error("field `stage` is `{0}`, not one of {list}", list = allowed_stages())]
    StageNotAllowed(String),
    #[error("field `status` is implemented but field `stage` is `{0}`, not stable")]
    ImplementedNotStable(String),
    #[error("the folder is numbered {folder} but field `kep-number` is {number}")]
    FolderNumberDiffers { folder: u64, number: u64 },
    #[error(
        "field `latest-milestone` is `{0}`, which CI cannot read as a version for the PRR check"
    )]
    PrrMilestoneUnreadable(String),
    #[error("needs a PRR approval but field `stage` is empty, so no approver can be looked up")]
    PrrStageMissing,
    #[error("needs a PRR approval but {0} does not exist")]
    PrrFileMissing(String),
    #[error("needs a PRR approval but {path} does not parse: {detail}")]
    PrrFileBroken { path: String, detail: String },
    #[error("needs a PRR approval for stage `{stage}` but {path} names no `{stage}.approver`")]
    PrrApproverMissing { path: String, stage: String },
    #[error(
        "PRR approver `{approver}` for stage `{stage}` in {path} is not in OWNERS_ALIASES prod-readiness-approvers (or -emeritus)"
    )]
    PrrApproverNotListed {
        path: String,
        stage: String,
        approver: String,
    },
}

impl Problem {
    /// Whether kubernetes/enhancements' own CI (`hack/verify-kep-metadata.sh`) fails on this.
    pub fn breaks_ci(&self) -> bool {
        !matches!(
            self,
            Problem::NotANumber(_)
                | Problem::StatusNotAllowed(_)
                | Problem::StageNotAllowed(_)
                | Problem::ImplementedNotStable(_)
                | Problem::FolderNumberDiffers { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field_and_list_allowed_values() {
        let text = Problem::StatusNotAllowed("imlpemented".into()).to_string();
        assert!(text.contains("`status`") && text.contains("imlpemented"));
        assert!(text.contains("provisional, implementable"));
        assert!(!Problem::StatusNotAllowed("x".into()).breaks_ci());
        assert!(Problem::MissingField("title").breaks_ci());
    }
}
