//! The GitHub facts kepsync reasons about: an enhancement issue as observed, its linked PRs,
//! and open KEP pull requests. Built by the GitHub adapter; read by the planner.

use serde::{Deserialize, Serialize};

/// The facts of one enhancement issue in kubernetes/enhancements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueFacts {
    pub number: u64,
    pub title: String,
    /// `https://github.com/kubernetes/enhancements/issues/N`.
    pub url: String,
    pub open: bool,
    pub assignees: Vec<String>,
    pub labels: Vec<String>,
    /// Milestone title (`v1.37`), if any.
    pub milestone: Option<String>,
    /// Pull requests in any repository that cross-reference or connect to the issue.
    pub linked_prs: Vec<LinkedPr>,
}

impl IssueFacts {
    /// The values of labels `prefix/...`, e.g. `label_values("sig")` → `["node"]`.
    pub fn label_values<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.labels
            .iter()
            .filter_map(move |l| l.strip_prefix(prefix).and_then(|r| r.strip_prefix('/')))
    }
}

/// A pull request linked to an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedPr {
    /// `owner/name`, e.g. `kubernetes/kubernetes`.
    pub repo: String,
    pub number: u64,
    pub url: String,
    pub open: bool,
    pub merged: bool,
}

/// What looking up one issue number gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IssueLookup {
    Found(IssueFacts),
    /// No issue with that number (GitHub said NOT_FOUND, or the number is a pull request).
    NotFound,
    /// This one issue could not be read; the message says why.
    Failed(String),
}

/// An open pull request in kubernetes/enhancements and the KEP files it touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenKepPr {
    pub number: u64,
    pub title: String,
    pub url: String,
    /// Paths of changed files (`keps/sig-node/1234-x/kep.yaml`, …).
    pub files: Vec<String>,
}

impl OpenKepPr {
    /// KEP numbers whose folder (`keps/**/NNNN-slug/`) this PR touches.
    pub fn kep_numbers(&self) -> Vec<u64> {
        let mut out: Vec<u64> = self
            .files
            .iter()
            .filter_map(|f| kep_number_of_path(f))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The KEP number of a path inside a KEP folder `keps/<one or more dirs>/NNNN-slug/…`,
/// or of a PRR file `keps/prod-readiness/<sig>/NNNN.yaml`.
pub fn kep_number_of_path(path: &str) -> Option<u64> {
    let rest = path.strip_prefix("keps/")?;
    let parts: Vec<&str> = rest.split('/').collect();
    if parts.first() == Some(&"prod-readiness") {
        return parts.get(2)?.strip_suffix(".yaml")?.parse().ok();
    }
    // A KEP folder is a non-first path segment named `digits-slug`, followed by a file.
    parts
        .iter()
        .enumerate()
        .skip(1)
        .take(parts.len().saturating_sub(2))
        .find_map(|(_, seg)| {
            let (num, slug) = seg.split_once('-')?;
            (!num.is_empty() && !slug.is_empty() && num.bytes().all(|b| b.is_ascii_digit()))
                .then(|| num.parse().ok())
                .flatten()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kep_numbers_from_paths() {
        assert_eq!(
            kep_number_of_path("keps/sig-node/1234-foo/kep.yaml"),
            Some(1234)
        );
        assert_eq!(
            kep_number_of_path("keps/sig-cloud-provider/azure/586-x/README.md"),
            Some(586)
        );
        assert_eq!(
            kep_number_of_path("keps/provider-aws/0629-y/kep.yaml"),
            Some(629)
        );
        assert_eq!(
            kep_number_of_path("keps/prod-readiness/sig-node/1234.yaml"),
            Some(1234)
        );
        assert_eq!(kep_number_of_path("keps/NNNN-kep-template/kep.yaml"), None);
        assert_eq!(kep_number_of_path("keps/sig-node/README.md"), None);
        assert_eq!(kep_number_of_path("keps/sig-node/1234-foo"), None);
        assert_eq!(kep_number_of_path("docs/1234-foo/x.md"), None);
    }

    #[test]
    fn pr_kep_numbers_dedup() {
        let pr = OpenKepPr {
            number: 1,
            title: "t".into(),
            url: "u".into(),
            files: vec![
                "keps/sig-node/9001-x/kep.yaml".into(),
                "keps/sig-node/9001-x/README.md".into(),
                "keps/prod-readiness/sig-node/9001.yaml".into(),
                "README.md".into(),
            ],
        };
        assert_eq!(pr.kep_numbers(), vec![9001]);
    }
}

/// The issues opted in by label (`[intake] label`), as the GitHub adapter last listed them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelledIssues {
    /// The label listed (`lead-opted-in`).
    pub label: String,
    /// Every open issue carrying the label, with when it was opted in at the latest (Unix
    /// seconds): the first listing that saw it, or the issue's creation when it was already
    /// labelled in kepsync's very first listing (GitHub's label event time is not read).
    pub open: std::collections::BTreeMap<u64, i64>,
    /// Every issue any listing saw labelled, so a tracked row whose label is gone can say so.
    pub seen: std::collections::BTreeSet<u64>,
}

impl LabelledIssues {
    /// Whether `facts` carry the label (matched ignoring case, as GitHub does).
    pub fn carries(&self, facts: &IssueFacts) -> bool {
        facts
            .labels
            .iter()
            .any(|l| l.eq_ignore_ascii_case(&self.label))
    }
}
