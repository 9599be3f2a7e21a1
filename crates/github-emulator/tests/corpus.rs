//! The emulator seeded from the real KEP corpus: the tree loads, and one issue is made per KEP.

use github_emulator::{Tree, issues_from_tree};
use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn corpus_tree_makes_hundreds_of_distinct_issues() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/kep-corpus");
    let Ok(tree) = Tree::from_dir(&dir) else {
        eprintln!("SKIPPED: no KEP corpus at {}", dir.display());
        return;
    };
    let issues = issues_from_tree(&tree);
    assert!(issues.len() >= 300, "only {} issues", issues.len());
    let numbers: BTreeSet<u64> = issues.iter().map(|i| i.number).collect();
    assert_eq!(numbers.len(), issues.len(), "numbers are unique");
    assert!(issues.iter().all(|i| !i.title.is_empty()));
    assert!(
        issues
            .iter()
            .all(|i| i.labels.iter().any(|l| l.starts_with("sig/")))
    );
    assert!(
        issues
            .iter()
            .any(|i| i.milestone.as_deref() == Some("v1.37"))
    );
    let (root, entries) = tree.listing();
    assert_eq!(root.len(), 40);
    assert_eq!(
        entries.iter().filter(|e| e.kind == "blob").count(),
        tree.len()
    );
}
