//! Documents checked against GitHub's published schema: the ones kepsync sends validate, a field
//! GitHub lacks gets GitHub's `undefinedField` error, a field the emulator lacks "not emulated".

mod support;

use github_emulator::{default_schema, validate_document};
use serde_json::json;
use support::*;

/// The documents kepsync's GitHub adapter sends today (as `src/github/queries.rs` writes them).
const KEPSYNC_DOCUMENTS: [&str; 4] = [
    r#"query { rateLimit { cost remaining resetAt }
  repository(owner: "kubernetes", name: "enhancements") {
    i1001: issue(number: 1001) { ...K }
  }
}
fragment K on Issue { number title url state updatedAt milestone { title }
  assignees(first: 20) { nodes { login } }
  labels(first: 50) { nodes { name } }
  timelineItems(last: 100, itemTypes: [CROSS_REFERENCED_EVENT, CONNECTED_EVENT]) {
    nodes { __typename
      ... on CrossReferencedEvent { source { ...P } }
      ... on ConnectedEvent { source { ...P } subject { ...P } } } } }
fragment P on PullRequest { number url state merged repository { nameWithOwner } }"#,
    r#"query { rateLimit { cost remaining resetAt }
  repository(owner: "kubernetes", name: "enhancements") {
    pullRequests(states: OPEN, first: 50, after: "Y3Vyc29yOnYyOjE=") {
      pageInfo { hasNextPage endCursor }
      nodes { number title url files(first: 100) { pageInfo { hasNextPage endCursor } nodes { path } } }
    }
  }
}"#,
    r#"query { rateLimit { cost remaining resetAt }
  repository(owner: "kubernetes", name: "enhancements") { pullRequest(number: 5001) { files(first: 100, after: "x") { pageInfo { hasNextPage endCursor } nodes { path } } } }
}"#,
    r#"query { rateLimit { cost remaining resetAt }
  repository(owner: "kubernetes", name: "enhancements") {
    b0: object(oid: "0123456789abcdef0123456789abcdef01234567") { ... on Blob { text isBinary } }
  }
}"#,
];

#[test]
fn the_documents_kepsync_sends_and_the_board_documents_validate() {
    let Some(schema) = default_schema() else {
        eprintln!("SKIPPED: ../shared/github-graphql-schema is absent");
        return;
    };
    for doc in KEPSYNC_DOCUMENTS.iter().chain([&BOARD, &FIELDS]) {
        assert_eq!(validate_document(&schema, doc), Ok(()), "{doc}");
    }
}

#[test]
fn invalid_documents_list_every_problem() {
    let Some(schema) = default_schema() else {
        return;
    };
    let errors = validate_document(
        &schema,
        r#"{ repository(owner: "kubernetes") { issue(number: 1) { bogus } } }"#,
    )
    .unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e == "Field 'bogus' doesn't exist on type 'Issue'"),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("name")),
        "missing argument: {errors:?}"
    );
    let syntax = validate_document(&schema, "{ repository(owner: ) }").unwrap_err();
    assert!(syntax[0].starts_with("Parse error on line 1"), "{syntax:?}");
    let mutation = "mutation($v: ProjectV2FieldValue!) { updateProjectV2ItemFieldValue(input: {projectId: \"p\", itemId: \"i\", fieldId: \"f\", value: $v}) { projectV2Item { id } } }";
    assert_eq!(validate_document(&schema, mutation), Ok(()));
    let wrong_input = mutation.replace("fieldId", "field");
    assert!(validate_document(&schema, &wrong_input).is_err());
}

#[tokio::test]
async fn a_field_github_lacks_gets_githubs_undefined_field_error() {
    let Some((_emu, _server, api)) = start_with_board().await else {
        return;
    };
    if default_schema().is_none() {
        return;
    }
    let q = "query {\n  organization(login: \"kubernetes\") { projectV2(number: 264) { ... on ProjectV2 { bogus } } }\n}";
    let column = q.lines().nth(1).and_then(|l| l.find("bogus")).unwrap() + 1;
    let a = api.graphql(q, json!({})).await;
    assert!(a.get("data").is_none(), "{a}");
    assert_eq!(
        a["errors"],
        json!([{
            "path": ["query", "organization", "projectV2", "... on ProjectV2", "bogus"],
            "extensions": { "code": "undefinedField", "typeName": "ProjectV2", "fieldName": "bogus" },
            "locations": [{ "line": 2, "column": column }],
            "message": "Field 'bogus' doesn't exist on type 'ProjectV2'"
        }])
    );
}

#[tokio::test]
async fn a_field_github_has_but_the_emulator_lacks_is_not_emulated() {
    let Some((emu, _server, api)) = start_with_board().await else {
        return;
    };
    if default_schema().is_none() {
        return;
    }
    let q = r#"{ organization(login: "kubernetes") { projectV2(number: 264) { title readme } } }"#;
    let a = api.graphql(q, json!({})).await;
    let message = a["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("not emulated"), "{message}");
    assert!(
        message.contains("'readme'") && message.contains("'ProjectV2'"),
        "{message}"
    );
    assert_eq!(a["errors"][0]["extensions"]["typeName"], json!("ProjectV2"));
    // Without the schema the emulator still answers, and an unserved field is its own error.
    emu.set_schema(None);
    let plain = api.graphql(q, json!({})).await;
    assert_eq!(
        plain["errors"][0]["extensions"]["code"],
        json!("undefinedField")
    );
    let served = api
        .graphql(
            r#"{ organization(login: "kubernetes") { projectV2(number: 264) { title } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        served["data"]["organization"]["projectV2"]["title"],
        json!("v1.37 Release Tracking")
    );
}

#[test]
fn every_served_field_exists_on_github() {
    let Some(schema) = default_schema() else {
        return;
    };
    // A document selecting a served field that GitHub does not have would be refused: check a
    // representative of each served Projects v2 type through a full document.
    let doc = r#"{ organization(login: "o") { login url name projectV2(number: 1) {
      id title number url closed public
      field(name: "x") { ... on ProjectV2FieldCommon { id name dataType } }
      fields(first: 1) { nodes { ... on ProjectV2SingleSelectField { options { id name } } ... on ProjectV2IterationField { id } } }
      items(first: 1) { totalCount edges { cursor node { id } } nodes { id type isArchived createdAt updatedAt project { id }
        fieldValueByName(name: "x") { ... on ProjectV2ItemFieldValueCommon { id field { __typename } } }
        fieldValues(first: 1) { nodes {
          ... on ProjectV2ItemFieldLabelValue { labels(first: 1) { nodes { name } } }
          ... on ProjectV2ItemFieldMilestoneValue { milestone { title } }
          ... on ProjectV2ItemFieldRepositoryValue { repository { nameWithOwner } }
          ... on ProjectV2ItemFieldUserValue { users(first: 1) { nodes { login } } } } } } } } } }"#;
    assert_eq!(validate_document(&schema, doc), Ok(()));
    for (ty, field) in [
        ("ProjectV2", "readme"),
        ("Issue", "reactions"),
        ("ProjectV2Item", "creator"),
    ] {
        assert!(!github_emulator::graphql::serves(ty, field), "{ty}.{field}");
    }
}
