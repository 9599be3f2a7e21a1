//! Type suggestions on real KEPs of the shared corpus, for v1.37.

use crate::support::process::corpus;
use kepsync::keps::KepIndex;
use kepsync::sync::suggest_type;

#[test]
fn real_keps_get_the_type_their_stage_and_milestones_say() {
    let Some(dir) = corpus() else {
        panic!("../shared/kep-corpus is missing");
    };
    let index = KepIndex::from_dir(&dir).expect("corpus");
    let kind = |n: u64| suggest_type(index.get(n).unwrap_or_else(|| panic!("KEP {n}")), "v1.37");
    // alpha in v1.37
    assert_eq!(kind(5941), "Net New");
    // beta in v1.37 (alpha in v1.36)
    assert_eq!(kind(5732), "Graduating");
    // stable in v1.37
    assert_eq!(kind(5004), "Graduating");
    // stage deprecated
    assert_eq!(kind(5495), "Deprecation");
    // beta since v1.35, latest-milestone v1.37: still beta, so a major change
    assert_eq!(kind(5598), "Major Change");
}
