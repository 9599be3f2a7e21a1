//! The KEP index: every kep.yaml, PRR approval and README section of a kubernetes/enhancements tree.
//!
//! Pure except [`KepIndex::from_dir`], which walks a checkout. Files are parsed in parallel with
//! std threads; scalars are read as the text written (YAML 1.2, no dates or floats). It knows
//! nothing of spreadsheets or GitHub: give it a checkout or the files, get a [`KepIndex`].
//!
//! ```
//! use kep_index::{KepIndex, Status};
//!
//! let kep_yaml = "title: Pods, faster\nkep-number: 1234\nauthors: [\"@a\"]\n\
//!     owning-sig: sig-node\napprovers: [\"@b\"]\nstatus: provisional\nlatest-milestone: \"1.37\"\n";
//! let path = "keps/sig-node/1234-pods-faster/kep.yaml".to_string();
//! let index = KepIndex::from_files([(path, kep_yaml.as_bytes().to_vec())]);
//! let kep = index.get(1234).expect("indexed");
//! assert_eq!(kep.status_kind(), Some(Status::Provisional));
//! assert_eq!(kep.latest_milestone.as_deref(), Some("v1.37"));
//! assert!(kep.valid, "{:?}", kep.problems);
//! ```

mod aliases;
mod build;
mod kep_yaml;
mod load;
mod milestone;
mod model;
mod problem;
mod prr;
mod readme;
mod salvage;
mod status;
mod text;
mod tree;
mod validate;

/// The README's example, compiled and run by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExample;

pub use aliases::{OwnersAliases, PRR_APPROVERS_ALIAS, PRR_EMERITUS_ALIAS, handle};
pub use build::TEMPLATE_PATH;
pub use kep_yaml::FeatureGate;
pub use milestone::{PRR_REQUIRED_FROM, Version, normalize_milestone, parse_tolerant};
pub use model::{Duplicate, IndexStats, Kep, KepIndex};
pub use problem::Problem;
pub use prr::PrrFile;
pub use readme::{Checklist, Graduation, ReadmeFindings, TestPlan, scan_readme};
pub use status::{Stage, Status, allowed_stages, allowed_statuses};

use std::path::Path;
use std::sync::Arc;

impl KepIndex {
    /// Reads every kep.yaml, PRR file, README.md and OWNERS_ALIASES under `root` (a checkout).
    ///
    /// Fails only when `root` or its `keps/` folder cannot be read; a broken file becomes an
    /// invalid entry or a tree problem.
    pub fn from_dir(root: &Path) -> std::io::Result<KepIndex> {
        let inputs = tree::list_inputs(root)?;
        let (mut parsed, bytes) = load::parse_all(inputs.files);
        parsed.extend(inputs.unreadable);
        Ok(build::build(parsed, bytes))
    }

    /// Same from in-memory files: (path relative to the repo root, bytes). Other paths are ignored.
    pub fn from_files<B: Into<Arc<Vec<u8>>>>(
        files: impl IntoIterator<Item = (String, B)>,
    ) -> KepIndex {
        let inputs = files
            .into_iter()
            .filter(|(path, _)| load::classify(path).is_some())
            .map(|(path, bytes)| load::Input {
                path,
                source: load::Source::Bytes(bytes.into()),
            })
            .collect();
        let (parsed, bytes) = load::parse_all(inputs);
        build::build(parsed, bytes)
    }

    /// The KEP whose kep-number is `number` (never the template). With duplicates, the first by path.
    pub fn get(&self, number: u64) -> Option<&Kep> {
        self.by_number.get(&number).map(|&i| &self.keps[i])
    }

    /// Every KEP with kep-number `number`, in path order.
    pub fn all_with_number(&self, number: u64) -> impl Iterator<Item = &Kep> {
        self.keps.iter().filter(move |k| k.number == Some(number))
    }
}
