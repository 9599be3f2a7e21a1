//! The built-in sample for `kepsync demo`: made-up KEPs, issues, PRs and a tracking sheet.

/// The sample spreadsheet, in the Sheets emulator's load format.
pub const SHEET: &str = include_str!("sample/sheet.json");

/// The sample enhancement issues (GitHub emulator ISSUES.json format).
pub const ISSUES: &str = include_str!("sample/issues.json");

/// The sample release board (GitHub emulator project seed): two items, one with a drifted Stage
/// and SIG.
pub const BOARD: &str = include_str!("sample/board.json");

/// The sample pull requests (GitHub emulator PULLS.json format).
pub const PULLS: &str = include_str!("sample/pulls.json");

/// The sample kubernetes/enhancements tree: path → contents.
pub const TREE: &[(&str, &[u8])] = &[
    (
        "OWNERS_ALIASES",
        include_bytes!("sample/tree/OWNERS_ALIASES"),
    ),
    (
        "keps/prod-readiness/sig-api-machinery/9002.yaml",
        include_bytes!("sample/tree/keps/prod-readiness/sig-api-machinery/9002.yaml"),
    ),
    (
        "keps/prod-readiness/sig-apps/9005.yaml",
        include_bytes!("sample/tree/keps/prod-readiness/sig-apps/9005.yaml"),
    ),
    (
        "keps/prod-readiness/sig-network/9004.yaml",
        include_bytes!("sample/tree/keps/prod-readiness/sig-network/9004.yaml"),
    ),
    (
        "keps/prod-readiness/sig-node/9001.yaml",
        include_bytes!("sample/tree/keps/prod-readiness/sig-node/9001.yaml"),
    ),
    (
        "keps/prod-readiness/sig-node/9007.yaml",
        include_bytes!("sample/tree/keps/prod-readiness/sig-node/9007.yaml"),
    ),
    (
        "keps/prod-readiness/sig-node/9008.yaml",
        include_bytes!("sample/tree/keps/prod-readiness/sig-node/9008.yaml"),
    ),
    (
        "keps/prod-readiness/sig-node/9010.yaml",
        include_bytes!("sample/tree/keps/prod-readiness/sig-node/9010.yaml"),
    ),
    (
        "keps/sig-api-machinery/9002-shard-aware-watch-cache/README.md",
        include_bytes!("sample/tree/keps/sig-api-machinery/9002-shard-aware-watch-cache/README.md"),
    ),
    (
        "keps/sig-api-machinery/9002-shard-aware-watch-cache/kep.yaml",
        include_bytes!("sample/tree/keps/sig-api-machinery/9002-shard-aware-watch-cache/kep.yaml"),
    ),
    (
        "keps/sig-apps/9005-statefulset-start-ordinal/README.md",
        include_bytes!("sample/tree/keps/sig-apps/9005-statefulset-start-ordinal/README.md"),
    ),
    (
        "keps/sig-apps/9005-statefulset-start-ordinal/kep.yaml",
        include_bytes!("sample/tree/keps/sig-apps/9005-statefulset-start-ordinal/kep.yaml"),
    ),
    (
        "keps/sig-network/9004-legacy-proxy-mode-removal/README.md",
        include_bytes!("sample/tree/keps/sig-network/9004-legacy-proxy-mode-removal/README.md"),
    ),
    (
        "keps/sig-network/9004-legacy-proxy-mode-removal/kep.yaml",
        include_bytes!("sample/tree/keps/sig-network/9004-legacy-proxy-mode-removal/kep.yaml"),
    ),
    (
        "keps/sig-node/9001-pod-burst-limits/README.md",
        include_bytes!("sample/tree/keps/sig-node/9001-pod-burst-limits/README.md"),
    ),
    (
        "keps/sig-node/9001-pod-burst-limits/kep.yaml",
        include_bytes!("sample/tree/keps/sig-node/9001-pod-burst-limits/kep.yaml"),
    ),
    (
        "keps/sig-node/9007-node-log-query/README.md",
        include_bytes!("sample/tree/keps/sig-node/9007-node-log-query/README.md"),
    ),
    (
        "keps/sig-node/9007-node-log-query/kep.yaml",
        include_bytes!("sample/tree/keps/sig-node/9007-node-log-query/kep.yaml"),
    ),
    (
        "keps/sig-node/9008-faster-image-pulls/README.md",
        include_bytes!("sample/tree/keps/sig-node/9008-faster-image-pulls/README.md"),
    ),
    (
        "keps/sig-node/9008-faster-image-pulls/kep.yaml",
        include_bytes!("sample/tree/keps/sig-node/9008-faster-image-pulls/kep.yaml"),
    ),
    (
        "keps/sig-node/9010-container-restart-rules/README.md",
        include_bytes!("sample/tree/keps/sig-node/9010-container-restart-rules/README.md"),
    ),
    (
        "keps/sig-node/9010-container-restart-rules/kep.yaml",
        include_bytes!("sample/tree/keps/sig-node/9010-container-restart-rules/kep.yaml"),
    ),
];
