//! Every GraphQL document kepsync can send, checked against GitHub's published schema
//! (`../shared/github-graphql-schema/schema.graphql`) with the GitHub emulator's validator: the
//! issue, pull request and blob queries, and the board's read, node-id query and mutations.

use kepsync::board::FieldValue;
use kepsync::github::board_queries::{
    add_item_mutation, board_query, clear_field_mutation, delete_item_mutation, node_ids_query,
    set_field_mutation, set_fields_mutation, viewer_can_update_query,
};
use kepsync::github::label_queries::labelled_issues_query;
use kepsync::github::queries::{blobs_query, issues_query, pull_files_query, pulls_query};

const REPO: &str = "kubernetes/enhancements";

fn documents() -> Vec<(&'static str, String)> {
    let option = FieldValue::Option {
        id: "5f2a1b3c".into(),
        name: "Beta".into(),
    };
    vec![
        ("issues", issues_query(REPO, &[9001, 9002]).unwrap()),
        ("pulls, first page", pulls_query(REPO, None).unwrap()),
        (
            "pulls, next page",
            pulls_query(REPO, Some("Y3Vyc29y")).unwrap(),
        ),
        (
            "pull files",
            pull_files_query(REPO, 5001, "Y3Vyc29y").unwrap(),
        ),
        (
            "blobs",
            blobs_query(REPO, &["8b137891791fe96927ad78e64b0aad7bded08bdc"]).unwrap(),
        ),
        (
            "labelled issues, first page",
            labelled_issues_query(REPO, "lead-opted-in", None).unwrap(),
        ),
        (
            "labelled issues, next page",
            labelled_issues_query(REPO, "lead-opted-in", Some("Y3Vyc29y")).unwrap(),
        ),
        ("board, first page", board_query("kubernetes", 264, None)),
        (
            "board, next page",
            board_query("kubernetes", 264, Some("Y3Vyc29y")),
        ),
        ("issue node ids", node_ids_query(REPO, &[9001, 9002])),
        (
            "board permissions",
            viewer_can_update_query("kubernetes", 264),
        ),
        ("add an item", add_item_mutation("PVT_x", "I_x")),
        (
            "set a text field",
            set_field_mutation(
                "PVT_x",
                "PVTI_x",
                "PVTF_x",
                &FieldValue::Text("9001".into()),
            ),
        ),
        (
            "set an option",
            set_field_mutation("PVT_x", "PVTI_x", "PVTSSF_x", &option),
        ),
        (
            "clear a field",
            clear_field_mutation("PVT_x", "PVTI_x", "PVTF_x"),
        ),
        ("delete an item", delete_item_mutation("PVT_x", "PVTI_x")),
        (
            "set several fields in one request",
            set_fields_mutation(
                "PVT_x",
                [
                    ("PVTI_x", "PVTF_x", &option),
                    ("PVTI_y", "PVTSSF_x", &option),
                ],
            ),
        ),
    ]
}

#[test]
fn every_document_kepsync_sends_is_valid_against_githubs_schema() {
    let Some(schema) = github_emulator::default_schema() else {
        eprintln!("SKIPPED: ../shared/github-graphql-schema is not present");
        return;
    };
    let mut refused = Vec::new();
    for (what, doc) in documents() {
        if let Err(errors) = github_emulator::validate_document(&schema, &doc) {
            refused.push(format!("{what}: {errors:?}\n{doc}"));
        }
    }
    assert!(refused.is_empty(), "{}", refused.join("\n\n"));
}

#[test]
fn the_validator_refuses_a_field_github_does_not_have() {
    let Some(schema) = github_emulator::default_schema() else {
        return;
    };
    let doc = board_query("kubernetes", 264, None).replace("isArchived", "isArchivedd");
    let errors = github_emulator::validate_document(&schema, &doc).unwrap_err();
    assert!(
        errors.iter().any(|e| e.contains("isArchivedd")),
        "{errors:?}"
    );
}
