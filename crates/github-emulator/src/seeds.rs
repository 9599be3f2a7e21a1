//! The seed records: issues (ISSUES.json) and pull requests (PULLS.json), and issues made up from a tree.

use crate::tree::Tree;
use serde::{Deserialize, Serialize};

/// One issue of the served repository, in the ISSUES.json shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueSeed {
    pub number: u64,
    pub title: String,
    /// `open` or `closed`.
    #[serde(default = "open")]
    pub state: String,
    #[serde(default)]
    pub assignees: Vec<String>,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub milestone: Option<String>,
    #[serde(default)]
    pub body: String,
}

/// One pull request (of any repository), in the PULLS.json shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullSeed {
    /// `owner/name`, e.g. `kubernetes/kubernetes`.
    pub repo: String,
    pub number: u64,
    pub title: String,
    /// `open` or `closed`.
    #[serde(default = "open")]
    pub state: String,
    #[serde(default)]
    pub merged: bool,
    /// Paths the PR changes.
    #[serde(default)]
    pub files: Vec<String>,
    /// Issue numbers of the served repository this PR cross-references.
    #[serde(default)]
    pub references: Vec<u64>,
    #[serde(default)]
    pub labels: Vec<String>,
}

fn open() -> String {
    "open".to_string()
}

impl IssueSeed {
    pub fn is_open(&self) -> bool {
        self.state.eq_ignore_ascii_case("open")
    }
}

impl PullSeed {
    pub fn is_open(&self) -> bool {
        self.state.eq_ignore_ascii_case("open") && !self.merged
    }
}

/// One made-up issue per numbered KEP in the tree: the title from kep.yaml, `sig/<owning-sig>`
/// and `stage/<stage>` labels, the first author as assignee, the milestone from `latest-milestone`.
/// Sorted by number; a number with two kep.yaml files keeps the first.
pub fn issues_from_tree(tree: &Tree) -> Vec<IssueSeed> {
    let mut out: Vec<IssueSeed> = tree
        .files()
        .filter(|(path, _)| path.ends_with("/kep.yaml"))
        .filter_map(|(path, blob)| issue_of_kep(path, &String::from_utf8_lossy(&blob.bytes)))
        .collect();
    out.sort_by_key(|i| i.number);
    out.dedup_by_key(|i| i.number);
    out
}

fn issue_of_kep(path: &str, yaml: &str) -> Option<IssueSeed> {
    let folder = path.rsplit('/').nth(1)?;
    let number: u64 = folder.split_once('-')?.0.parse().ok()?;
    let title = top_level(yaml, "title").unwrap_or_else(|| folder.to_string());
    let mut labels = Vec::new();
    if let Some(sig) = top_level(yaml, "owning-sig") {
        labels.push(format!("sig/{}", sig.trim_start_matches("sig-")));
    }
    if let Some(stage) = top_level(yaml, "stage") {
        labels.push(format!("stage/{stage}"));
    }
    let milestone = top_level(yaml, "latest-milestone").filter(|m| m.starts_with('v'));
    let assignees = first_list_item(yaml, "authors")
        .map(|a| vec![a.trim_start_matches('@').to_string()])
        .unwrap_or_default();
    Some(IssueSeed {
        number,
        title,
        state: "open".into(),
        assignees,
        labels,
        milestone,
        body: format!("Enhancement tracking issue for {path}"),
    })
}

/// The scalar value of a top-level `key: value` line, unquoted.
fn top_level(yaml: &str, key: &str) -> Option<String> {
    yaml.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let value = unquote(rest.trim());
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// The first `- item` under a top-level `key:` line.
fn first_list_item(yaml: &str, key: &str) -> Option<String> {
    let mut lines = yaml
        .lines()
        .skip_while(|l| l.trim_end() != format!("{key}:"));
    lines.next()?;
    let item = lines.next()?.trim().strip_prefix('-')?.trim();
    Some(unquote(item).to_string())
}

fn unquote(s: &str) -> &str {
    let s = s.split(" #").next().unwrap_or(s).trim();
    s.trim_matches('"').trim_matches('\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_an_issue_per_kep() {
        let yaml = "title: Sidecar containers\nkep-number: 753\nauthors:\n  - \"@alice\"\n  - \"@bob\"\nowning-sig: sig-node\nstage: \"beta\"\nlatest-milestone: \"v1.37\"\n";
        let tree = Tree::from_files(vec![
            ("keps/sig-node/753-sidecar/kep.yaml".into(), yaml.into()),
            (
                "keps/NNNN-kep-template/kep.yaml".into(),
                b"title: x".to_vec(),
            ),
            (
                "keps/sig-node/753-sidecar/README.md".into(),
                b"# x".to_vec(),
            ),
        ]);
        let issues = issues_from_tree(&tree);
        assert_eq!(issues.len(), 1);
        let i = &issues[0];
        assert_eq!(i.number, 753);
        assert_eq!(i.title, "Sidecar containers");
        assert_eq!(i.labels, ["sig/node", "stage/beta"]);
        assert_eq!(i.assignees, ["alice"]);
        assert_eq!(i.milestone.as_deref(), Some("v1.37"));
    }

    #[test]
    fn seeds_parse_the_documented_shapes() {
        let issues: Vec<IssueSeed> = serde_json::from_str(
            r#"[{"number": 1234, "title": "t", "state": "open", "assignees": ["login"], "labels": ["sig/node"], "milestone": "v1.37", "body": "b"}]"#,
        )
        .unwrap();
        assert_eq!(issues[0].milestone.as_deref(), Some("v1.37"));
        let pulls: Vec<PullSeed> = serde_json::from_str(
            r#"[{"repo": "kubernetes/enhancements", "number": 5001, "title": "t", "state": "open", "merged": false, "files": ["keps/sig-node/9001-x/kep.yaml"], "references": [9001], "labels": []}]"#,
        )
        .unwrap();
        assert_eq!(pulls[0].references, [9001]);
        assert!(
            serde_json::from_str::<Vec<IssueSeed>>(r#"[{"number":1,"title":"t","lables":[]}]"#)
                .is_err()
        );
    }
}
