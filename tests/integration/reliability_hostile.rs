//! Hostile input: property tests (bounded cases) of the issue-reference parser, the emulator's
//! A1 ranges, the kep.yaml reader and the README scanner — no panic, every failure a clear
//! error — and a cycle over giant cells, a 10,000-row tab, merged cells and formulas in
//! people's cells; non-UTF-8 YAML; a 50 MB README.
//!
//! `KEPTEST_FUZZ_CASES` sets the cases per property (default 256).

use crate::support::dump::tab;
use crate::support::github::{GithubSeed, demo_issues};
use crate::support::hooks::person_batch;
use crate::support::rng::env_count;
use crate::support::sheet::{SHEET_ID, enh_col, enh_row, person_cell_kept, sheet};
use crate::support::world::World;
use emulator_kit::{Handler, Outcome, Request};
use kepsync::cycle::Mode;
use kepsync::keps::{KepIndex, scan_readme};
use kepsync::sync::parse_issue_ref;
use proptest::prelude::*;
use serde_json::{Value, json};
use sheets_emulator::SheetsEmulator;

const REPO: &str = "kubernetes/enhancements";
/// Google refuses a cell of more than 50,000 characters (and with it the whole batch).
const CELL_LIMIT: usize = 50_000;

fn cases() -> ProptestConfig {
    ProptestConfig {
        cases: env_count("KEPTEST_FUZZ_CASES", 256) as u32,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text people might type into an Issue cell, hostile or not.
fn issue_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ #\u{a0}]{0,3}[0-9]{0,25}[ /?#a-z]{0,4}",
        (
            "(https?://)?(www\\.)?github\\.com/[a-z/]{0,30}/(issues|pull)/",
            "[0-9]{0,22}",
            "[/?#a-z=]{0,6}"
        )
            .prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        "[a-z]{1,8}/[a-z]{1,12}#[0-9]{1,21}",
    ]
}

proptest! {
    #![proptest_config(cases())]

    #[test]
    fn issue_references_parse_or_fail_clearly(cell in issue_cell()) {
        match parse_issue_ref(&cell, REPO) {
            Ok(Some(n)) => prop_assert!(n > 0, "{cell:?} gave issue 0"),
            Ok(None) => prop_assert!(cell.trim_matches(|c: char| c.is_whitespace()).is_empty(), "{cell:?} read as blank"),
            Err(e) => {
                let text = e.to_string();
                prop_assert!(!text.is_empty());
                prop_assert!(text.chars().count() <= 300, "an error echoing {} chars", text.chars().count());
            }
        }
    }

    #[test]
    fn plain_numbers_round_trip(n in 1u64..=9_999_999, pre in "( |#| #)?", post in " {0,2}") {
        prop_assert_eq!(parse_issue_ref(&format!("{pre}{n}{post}"), REPO).ok().flatten(), Some(n));
    }

    #[test]
    fn a1_ranges_are_answered_or_refused_never_crash(range in prop_oneof![
        any::<String>(),
        "('[^']{0,8}'!)?[A-Z]{0,4}[0-9]{0,12}(:[A-Z]{0,4}[0-9]{0,12})?",
        "[A-Za-z !']{0,12}![A-Z$]{0,5}[0-9]{0,20}:?[A-Z]{0,3}[0-9]{0,20}",
    ]) {
        let (status, body) = get_range(&range);
        prop_assert!(status == 200 || status == 400, "{range:?}: {status} {body}");
        if status == 400 {
            let v: Value = serde_json::from_str(&body).expect("error body is JSON");
            prop_assert!(v.pointer("/error/message").and_then(Value::as_str).is_some_and(|m| !m.is_empty()));
        }
    }

    #[test]
    fn kep_yaml_of_any_bytes_is_one_entry_with_named_problems(bytes in prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        "[-a-z: \\[\\]{}\"'#&*!|>%@`\n]{0,300}".prop_map(String::into_bytes),
        yaml_like().prop_map(String::into_bytes),
    ]) {
        let path = "keps/sig-node/1234-fuzz/kep.yaml";
        let index = KepIndex::from_files(vec![(path.to_string(), bytes)]);
        prop_assert_eq!(index.keps.len(), 1);
        let kep = &index.keps[0];
        prop_assert!(kep.valid || !kep.problems.is_empty());
        for p in &kep.problems {
            prop_assert!(p.contains(path) || p.contains("1234-fuzz"), "problem not naming the file: {p}");
        }
    }

    #[test]
    fn readme_of_any_text_scans(text in prop_oneof![
        any::<String>(),
        proptest::collection::vec(markdown_line(), 0..60).prop_map(|l| l.join("\n")),
    ]) {
        let found = scan_readme(&text);
        if let Some(c) = found.signoff_checklist {
            prop_assert!(c.ticked <= c.total);
        }
    }
}

fn yaml_like() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("title"),
        Just("kep-number"),
        Just("owning-sig"),
        Just("status"),
        Just("stage"),
        Just("latest-milestone"),
        Just("milestone"),
        Just("authors"),
        Just("feature-gates"),
    ];
    let value = prop_oneof![
        Just("".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("~".to_string()),
        Just("&a [*a]".to_string()),
        Just("!!binary AAAA".to_string()),
        "[0-9.]{0,6}".prop_map(|s| s),
        "\"[^\"\\\\]{0,12}\"".prop_map(|s| s),
        "\n  - [a-z]{0,5}\n  - x: 1".prop_map(|s| s),
    ];
    proptest::collection::vec((key, value), 0..12)
        .prop_map(|kv| kv.into_iter().map(|(k, v)| format!("{k}: {v}\n")).collect())
}

fn markdown_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("## Release Signoff Checklist".to_string()),
        Just("### Test Plan".to_string()),
        Just("### Graduation Criteria".to_string()),
        Just("#### Alpha".to_string()),
        Just("- [x] done".to_string()),
        Just("- [ ] todo".to_string()),
        Just("```".to_string()),
        Just("~~~".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("## Implementation History".to_string()),
        "[#]{0,8} ?[A-Za-z ]{0,20}",
        any::<String>(),
    ]
}

/// `values.get` of `range` on an in-process emulator, without HTTP.
fn get_range(range: &str) -> (u16, String) {
    thread_local! {
        static EMU: SheetsEmulator = {
            let e = SheetsEmulator::new();
            e.load(sheet(&[], &[], &[])).expect("seed");
            e
        };
    }
    let encoded: String = range
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let mut headers = http::HeaderMap::new();
    headers.insert("authorization", http::HeaderValue::from_static("Bearer t"));
    let req = Request::new(
        http::Method::GET,
        &format!("/v4/spreadsheets/{SHEET_ID}/values/{encoded}"),
        headers,
        bytes::Bytes::new(),
    );
    match EMU.with(|e| e.handle(req)) {
        Outcome::Respond(r) => (r.status, String::from_utf8_lossy(&r.body).into_owned()),
        other => (0, format!("{other:?}")),
    }
}

#[test]
fn a_giant_issue_cell_gives_a_short_error() {
    // Regression: the error echoed the whole cell into Sync Status, over Google's cell limit,
    // so one pasted blob made every batch (and so every cycle) fail.
    for cell in [
        giant('7'),
        format!("#{}", giant('x')),
        format!("{}/b#1", giant('a')),
    ] {
        let err = parse_issue_ref(&cell, REPO).expect_err("not a reference");
        assert!(
            err.to_string().chars().count() < 300,
            "{} chars",
            err.to_string().len()
        );
    }
}

#[test]
fn non_utf8_kep_yaml_is_an_invalid_entry_naming_the_file() {
    let path = "keps/sig-node/4321-latin1/kep.yaml";
    let bytes = b"title: Caf\xe9 \xff\xfe\nkep-number: 4321\nstatus: implementable\n".to_vec();
    let index = KepIndex::from_files(vec![(path.to_string(), bytes)]);
    assert_eq!(index.keps.len(), 1);
    let kep = &index.keps[0];
    assert!(!kep.valid);
    assert!(
        kep.problems
            .iter()
            .any(|p| p.contains(path) && p.to_lowercase().contains("utf-8")),
        "{:?}",
        kep.problems
    );
}

#[test]
fn a_50_mb_readme_scans() {
    let mut text = String::from("## Release Signoff Checklist\n- [x] a\n- [ ] b\n### Test Plan\n");
    let filler =
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(filler);
    }
    text.push_str("## Implementation History\n");
    let found = scan_readme(&text);
    let checklist = found.signoff_checklist.expect("checklist found");
    assert_eq!((checklist.ticked, checklist.total), (1, 2));
    assert!(found.test_plan.is_some());
    assert!(found.implementation_history);
}

fn giant(c: char) -> String {
    std::iter::repeat_n(c, CELL_LIMIT).collect()
}

/// A cell kepsync wrote (differing from `before`) over Google's cell limit.
fn over_limit(before: &Value, dump: &Value) -> Option<String> {
    for title in [
        "KEP Collection",
        "Enhancements",
        "Removed from Milestone",
        "Docs",
    ] {
        let (t0, t) = (tab(before, title), tab(dump, title));
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.chars().count() > CELL_LIMIT && t0.cell(r, c) != cell {
                    return Some(format!(
                        "{title} row {} col {}: {} chars",
                        r + 1,
                        c + 1,
                        cell.chars().count()
                    ));
                }
            }
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn giant_cells_big_tabs_merges_and_formulas_in_peoples_cells() {
    let rows = env_count("KEPTEST_HOSTILE_ROWS", 10_000);
    let mut coll: Vec<Vec<String>> = (0..rows)
        .map(|i| match i % 1000 {
            0 => vec!["9001".into(), "sig-node".into(), "again".into()],
            1 => vec![
                format!("{}", 9100 + i / 1000),
                "sig-x".into(),
                String::new(),
            ],
            _ => vec![String::new(), format!("sig-{}", i % 7), format!("note {i}")],
        })
        .collect();
    coll.push(vec![giant('7'), "sig-giant".into(), giant('n')]);
    coll.push(vec![
        format!("#{}", giant('x')),
        "sig-giant".into(),
        String::new(),
    ]);
    let mut formula_row = enh_row(
        9002,
        "Tracked",
        "=HYPERLINK(\"https://example.com\",\"me\")",
        "=1+1",
    );
    formula_row[enh_col("Stage Status")] = "=IMPORTXML(\"https://example.com\",\"//a\")".into();
    let enh = vec![
        enh_row(9001, "Tracked", &giant('c'), "keep"),
        formula_row,
        enh_row(9007, "At Risk", "@bo", "merged with the row below"),
        enh_row(9010, "At Risk", "@ed", ""),
    ];
    let github = GithubSeed::demo().issues(demo_issues(20)).demo_pulls();
    let world = World::new(sheet(&coll, &enh, &[]))
        .github(github)
        .serve()
        .await;
    let enh_id = tab(&world.dump(), "Enhancements").sheet_id;
    // Notes of 9007 and 9010 merged, as people do for a shared comment.
    person_batch(
        &world.sheets,
        vec![json!({"mergeCells": {"mergeType": "MERGE_ALL", "range": {
        "sheetId": enh_id, "startRowIndex": 3, "endRowIndex": 5, "startColumnIndex": 10, "endColumnIndex": 11}}})],
    );
    let before = world.dump();
    let first = world
        .syncer
        .cycle(Mode::Apply)
        .await
        .expect("cycle over hostile sheet");
    assert!(first.applied);
    let after = world.dump();
    if let Some(bad) = over_limit(&before, &after) {
        panic!("kepsync wrote a cell Google refuses: {bad}");
    }
    let (e0, e1) = (tab(&before, "Enhancements"), tab(&after, "Enhancements"));
    for (r, row) in e0.rows.iter().enumerate().skip(1) {
        for col in [
            "Issue",
            "Status",
            "Stage Status",
            "Enhancements Contact",
            "Notes",
        ] {
            let c = e0.col(0, col).expect("column");
            let moved = e1
                .rows
                .iter()
                .position(|x| x.first() == row.first())
                .expect("row kept");
            assert!(
                person_cell_kept(col, e0.cell(r, c), e1.cell(moved, c)),
                "{col} of row {} changed: {:?} → {:?}",
                r + 1,
                e0.cell(r, c),
                e1.cell(moved, c)
            );
        }
    }
    let coll1 = tab(&after, "KEP Collection");
    let status = coll1.col(1, "Sync Status").expect("Sync Status column");
    let giant_row = coll1
        .rows
        .iter()
        .position(|r| r.get(1).is_some_and(|s| s == "sig-giant"))
        .expect("giant row");
    let said = coll1.cell(giant_row, status);
    assert!(
        !said.is_empty() && said.chars().count() < 1000,
        "giant Issue cell got Sync Status of {} chars",
        said.chars().count()
    );
    assert_eq!(
        tab(&before, "KEP Collection").rows.len(),
        coll1.rows.len(),
        "no Collection row lost or added"
    );
    let second = world.syncer.cycle(Mode::Apply).await.expect("second cycle");
    assert!(
        !second.applied,
        "converged after one cycle: {}",
        second.plan
    );
}
