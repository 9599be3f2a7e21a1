//! Projects v2 reads over HTTP: the board seeded from the shared fields file with 150 items,
//! pagination past 100, fields through interfaces, node ids, the dump round trip, the counts of
//! queries and mutations, and the `read:project` scope.

mod support;

use serde_json::{Value, json};
use support::*;

fn board(answer: &Value) -> &Value {
    &answer["data"]["organization"]["projectV2"]
}

#[tokio::test]
async fn a_board_of_150_items_pages_past_100_with_values_and_content() {
    let Some((_emu, _server, api)) = start_with_board().await else {
        return;
    };
    let first = api.graphql(BOARD, json!({ "after": null })).await;
    assert!(first.get("errors").is_none(), "{first}");
    let items = &board(&first)["items"];
    assert_eq!(board(&first)["title"], json!("v1.37 Release Tracking"));
    assert!(board(&first)["id"].as_str().unwrap().starts_with("PVT_"));
    assert_eq!(items["totalCount"], json!(150));
    assert_eq!(items["nodes"].as_array().unwrap().len(), 100);
    assert_eq!(items["pageInfo"]["hasNextPage"], json!(true));
    let cursor = items["pageInfo"]["endCursor"].as_str().unwrap();
    let second = api.graphql(BOARD, json!({ "after": cursor })).await;
    let rest = &board(&second)["items"];
    assert_eq!(rest["nodes"].as_array().unwrap().len(), 50);
    assert_eq!(rest["pageInfo"]["hasNextPage"], json!(false));
    let last = &rest["nodes"][49];
    assert_eq!(last["content"]["number"], json!(1150));
    assert_eq!(
        last["content"]["repository"]["nameWithOwner"],
        json!("kubernetes/enhancements")
    );
    assert_eq!(last["type"], json!("ISSUE"));
    assert!(last["id"].as_str().unwrap().starts_with("PVTI_"));
    let eighth = &items["nodes"][7];
    assert_eq!(eighth["isArchived"], json!(true));
    let values = eighth["fieldValues"]["nodes"].as_array().unwrap();
    let by_field = |name: &str| values.iter().find(|v| v["field"]["name"] == name).cloned();
    assert_eq!(by_field("Title").unwrap()["text"], json!("KEP 1008"));
    assert_eq!(by_field("Stage").unwrap()["name"], json!("Beta"));
    assert_eq!(
        by_field("Stage").unwrap()["__typename"],
        json!("ProjectV2ItemFieldSingleSelectValue")
    );
    assert_eq!(by_field("Issue Number").unwrap()["text"], json!("1008"));
    // Values of built-in fields the query has no fragment for come back as empty objects.
    assert!(
        values
            .iter()
            .any(|v| v["__typename"] == "ProjectV2ItemFieldLabelValue")
    );
}

#[tokio::test]
async fn fields_come_through_their_interface_with_options_and_typenames() {
    let Some((_emu, _server, api)) = start_with_board().await else {
        return;
    };
    let answer = api.graphql(FIELDS, json!({})).await;
    let nodes = board(&answer)["fields"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    let named = |n: &str| nodes.iter().find(|f| f["name"] == n).cloned().unwrap();
    assert_eq!(named("Title")["dataType"], json!("TITLE"));
    let stage = named("Stage");
    assert_eq!(stage["__typename"], json!("ProjectV2SingleSelectField"));
    assert!(stage["id"].as_str().unwrap().starts_with("PVTSSF_"));
    let options: Vec<&str> = stage["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(options, STAGES);
    assert_eq!(named("Issue Number")["__typename"], json!("ProjectV2Field"));
    assert_eq!(named("Exception Request Date")["dataType"], json!("DATE"));
    assert!(named("Issue Number").get("options").is_none());
    // Ids are stable: the same answer twice.
    assert_eq!(answer, api.graphql(FIELDS, json!({})).await);
}

#[tokio::test]
async fn node_resolves_projects_items_and_issues_and_unknown_ids_are_not_found() {
    let Some((_emu, _server, api)) = start_with_board().await else {
        return;
    };
    let (project, stage, _) = ids(&api, "Stage", None).await;
    let item = item_id(&api, 1001).await;
    let q = r#"query($p: ID!, $i: ID!, $f: ID!) {
      p: node(id: $p) { __typename ... on ProjectV2 { number } }
      i: node(id: $i) { ... on ProjectV2Item { fieldValueByName(name: "Stage") { ... on ProjectV2ItemFieldSingleSelectValue { name } } } }
      f: node(id: $f) { ... on ProjectV2SingleSelectField { name } }
      c: node(id: "I_1002") { ... on Issue { number } }
      x: node(id: "PVTI_nope") { id } }"#;
    let a = api
        .graphql(q, json!({ "p": project, "i": item, "f": stage }))
        .await;
    assert_eq!(
        a["data"]["p"],
        json!({ "__typename": "ProjectV2", "number": 264 })
    );
    assert_eq!(a["data"]["i"]["fieldValueByName"]["name"], json!("Alpha"));
    assert_eq!(a["data"]["f"]["name"], json!("Stage"));
    assert_eq!(a["data"]["c"]["number"], json!(1002));
    assert_eq!(a["data"]["x"], Value::Null);
    assert_eq!(a["errors"][0]["type"], json!("NOT_FOUND"));
    assert_eq!(a["errors"][0]["path"], json!(["x"]));
    assert_eq!(
        a["errors"][0]["message"],
        json!("Could not resolve to a node with the global id of 'PVTI_nope'")
    );
}

#[tokio::test]
async fn the_dump_is_the_seed_and_seeds_again_over_http() {
    let Some((_emu, _server, api)) = start_with_board().await else {
        return;
    };
    let fields = release_tracking_fields().unwrap();
    let dump = api
        .send("GET", "/_emulator/projects/kubernetes/264", None)
        .await
        .body;
    assert_eq!(dump["title"], fields["title"]);
    assert_eq!(
        dump["fields"].as_array().unwrap().len(),
        fields["fields"].as_array().unwrap().len()
    );
    assert_eq!(dump["fields"][0]["options"], fields["fields"][0]["options"]);
    assert_eq!(dump["items"].as_array().unwrap().len(), 150);
    assert_eq!(dump["items"][0], item(0));
    let put = api
        .send(
            "PUT",
            "/_emulator/projects/kubernetes/999",
            Some(dump.clone()),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.body);
    let again = api
        .send("GET", "/_emulator/projects/kubernetes/999", None)
        .await
        .body;
    assert_eq!(again["number"], json!(999));
    assert_eq!(again["items"], dump["items"]);
    assert_eq!(again["fields"], dump["fields"]);
    let bad = json!({ "title": "x", "fields": [], "items": [{ "issue": 1, "values": {} }] });
    let refused = api
        .send("PUT", "/_emulator/projects/kubernetes/5", Some(bad))
        .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.body["error"]
            .as_str()
            .unwrap()
            .contains("no such issue")
    );
    let missing = api
        .send("GET", "/_emulator/projects/kubernetes/6", None)
        .await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn queries_and_mutations_are_counted_apart() {
    let Some((emu, _server, api)) = start_with_board().await else {
        return;
    };
    let (project, _, _) = ids(&api, "Stage", None).await;
    api.send("POST", "/_emulator/requests/reset", None).await;
    api.graphql(FIELDS, json!({})).await;
    api.graphql(BOARD, json!({ "after": null })).await;
    let add = r#"mutation($p: ID!) {
      a: addProjectV2ItemById(input: {projectId: $p, contentId: "I_1155"}) { item { id } }
      b: addProjectV2ItemById(input: {projectId: $p, contentId: "I_1156"}) { item { id } } }"#;
    let added = api.graphql(add, json!({ "p": project })).await;
    assert!(added.get("errors").is_none(), "{added}");
    let counts = emu.counts();
    assert_eq!((counts.graphql_queries, counts.graphql_mutations), (2, 2));
    assert_eq!(counts.secondary_points, 2 + 2 * 5);
    let log = api.send("GET", "/_emulator/requests", None).await.body;
    assert_eq!(log["graphql_queries"], json!(2));
    assert_eq!(log["graphql_mutations"], json!(2));
    assert_eq!(log["secondary_points"], json!(12));
}

#[tokio::test]
async fn reading_a_board_needs_read_project() {
    let Some((emu, _server, api)) = start_with_board().await else {
        return;
    };
    let set = api
        .send(
            "PUT",
            "/_emulator/scopes",
            Some(json!({ "scopes": ["repo"] })),
        )
        .await;
    assert_eq!(set.status, 200);
    let q = r#"{ organization(login: "kubernetes") { projectV2(number: 264) { id title } } }"#;
    let answer = api
        .send("POST", "/graphql", Some(json!({ "query": q })))
        .await;
    assert_eq!(answer.scopes.as_deref(), Some("repo"));
    assert_eq!(answer.body["data"], Value::Null);
    assert_eq!(
        answer.body["errors"][0]["type"],
        json!("INSUFFICIENT_SCOPES")
    );
    assert_eq!(
        answer.body["errors"][0]["message"],
        json!(
            "Your token has not been granted the required scopes to execute this query. The 'id' field requires one of the following scopes: ['read:project'], but your token has only been granted the: ['repo'] scopes. Please modify your token's scopes at: https://github.com/settings/tokens."
        )
    );
    // Issues stay readable with `repo` alone.
    let issue = api.graphql(r#"{ repository(owner: "kubernetes", name: "enhancements") { issue(number: 1001) { title } } }"#, json!({})).await;
    assert_eq!(
        issue["data"]["repository"]["issue"]["title"],
        json!("KEP 1001")
    );
    emu.set_scopes(&["repo", "read:project"]);
    let ok = api.graphql(q, json!({})).await;
    assert_eq!(board(&ok)["title"], json!("v1.37 Release Tracking"));
}
