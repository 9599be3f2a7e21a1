//! The index's public shapes: one [`Kep`] per kep.yaml, the [`KepIndex`], duplicates and figures.

use super::aliases::OwnersAliases;
use super::kep_yaml::FeatureGate;
use super::readme::ReadmeFindings;
use super::status::{Stage, Status};
use serde::Serialize;
use std::collections::BTreeMap;

/// One kep.yaml with its PRR approvals, README findings and problems.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Kep {
    /// `kep-number` parsed; `None` if missing or not a number (the template's `NNNN`).
    pub number: Option<u64>,
    /// `kep-number` as written.
    pub number_raw: String,
    /// Path of kep.yaml relative to the repository root.
    pub path: String,
    /// The SIG folder the KEP sits in (`sig-node`, `provider-aws`), which may differ from `owning_sig`.
    pub folder_sig: String,
    pub title: String,
    pub owning_sig: String,
    /// Raw, trimmed (`""` if missing).
    pub status: String,
    /// Raw, trimmed (`""` if missing).
    pub stage: String,
    /// Normalised `v1.37`, or `None` for placeholders (`0.0`, `TBD`, empty, missing).
    pub latest_milestone: Option<String>,
    pub latest_milestone_raw: String,
    /// `milestone:` block, stage → normalised milestone.
    pub milestones: BTreeMap<String, Option<String>>,
    /// `milestone:` block, stage → milestone as written.
    pub milestones_raw: BTreeMap<String, String>,
    pub authors: Vec<String>,
    pub participating_sigs: Vec<String>,
    pub reviewers: Vec<String>,
    pub approvers: Vec<String>,
    pub editor: String,
    pub creation_date: String,
    pub last_updated: String,
    pub see_also: Vec<String>,
    pub replaces: Vec<String>,
    pub superseded_by: Vec<String>,
    pub feature_gates: Vec<FeatureGate>,
    pub disable_supported: Option<bool>,
    pub metrics: Vec<String>,
    /// No problem at all (neither CI's rules nor the checks CI forgets).
    pub valid: bool,
    /// kubernetes/enhancements' own CI would accept this KEP.
    pub ci_ok: bool,
    /// Readable sentences, each naming the file and the field.
    pub problems: Vec<String>,
    /// The CI rule requires a PRR approval (implementable/implemented, latest-milestone ≥ v1.21).
    pub needs_prr: bool,
    /// stage → PRR approver as written, from `keps/prod-readiness/<owning-sig>/<number>.yaml`.
    pub prr: BTreeMap<String, String>,
    /// Path of the PRR file, if one exists.
    pub prr_path: Option<String>,
    pub readme: ReadmeFindings,
}

impl Kep {
    /// The status, if it is one of the allowed values.
    pub fn status_kind(&self) -> Option<Status> {
        Status::parse(&self.status)
    }

    /// The stage, if it is one of the allowed values.
    pub fn stage_kind(&self) -> Option<Stage> {
        Stage::parse(&self.stage)
    }
}

/// A kep-number used by more than one kep.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub number: u64,
    /// The kep.yaml paths, sorted.
    pub paths: Vec<String>,
}

/// What was read, for reports and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    pub kep_files: usize,
    pub prr_files: usize,
    pub readme_files: usize,
    pub bytes: usize,
}

/// Every KEP of a kubernetes/enhancements tree (or of the files given).
#[derive(Debug, Clone, Default)]
pub struct KepIndex {
    /// Every kep.yaml except the template, sorted by path.
    pub keps: Vec<Kep>,
    /// `keps/NNNN-kep-template/kep.yaml`, read but never validated nor returned by [`KepIndex::get`].
    pub template: Option<Kep>,
    /// kep-numbers used more than once (2133 on master; 0 for process KEPs).
    pub duplicates: Vec<Duplicate>,
    /// OWNERS_ALIASES, when it was given and parsed.
    pub owners_aliases: Option<OwnersAliases>,
    /// Problems of the tree rather than one KEP (README without kep.yaml, orphaned PRR files…).
    pub problems: Vec<String>,
    pub stats: IndexStats,
    pub(crate) by_number: BTreeMap<u64, usize>,
}
