//! Projects v2 mutations over HTTP: idempotent add, set and clear of each value type, delete,
//! and GitHub's refusals (unknown option, another project's item, unknown ids, no `project`).

mod support;

use serde_json::{Value, json};
use support::*;

const UPDATE: &str = "mutation($p: ID!, $i: ID!, $f: ID!, $v: ProjectV2FieldValue!) {
  updateProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $f, value: $v}) { projectV2Item { id } } }";
const CLEAR: &str = "mutation($p: ID!, $i: ID!, $f: ID!) {
  clearProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $f}) { projectV2Item { id } } }";
const DELETE: &str = "mutation($p: ID!, $i: ID!) { deleteProjectV2Item(input: {projectId: $p, itemId: $i}) { deletedItemId } }";
const ADD: &str = "mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: {projectId: $p, contentId: $c}) { item { id } } }";

fn values_of(emu: &github_emulator::GithubEmulator, issue: u64) -> Value {
    let dump = emu.project_dump("kubernetes", 264).expect("board");
    let item = dump.items.iter().find(|i| i.issue == issue).expect("item");
    serde_json::to_value(&item.values).unwrap()
}

#[tokio::test]
async fn adding_an_issue_twice_gives_the_same_item() {
    let Some((emu, _server, api)) = start_with_board().await else {
        return;
    };
    let (project, _, _) = ids(&api, "Stage", None).await;
    let existing = item_id(&api, 1001).await;
    assert_eq!(item_id(&api, 1001).await, existing);
    let added = api
        .graphql(ADD, json!({ "p": project, "c": "I_1151" }))
        .await;
    let new_id = added["data"]["addProjectV2ItemById"]["item"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(new_id, existing);
    let again = api
        .graphql(ADD, json!({ "p": project, "c": "I_1151" }))
        .await;
    assert_eq!(
        again["data"]["addProjectV2ItemById"]["item"]["id"],
        json!(new_id)
    );
    assert_eq!(
        emu.project_dump("kubernetes", 264).unwrap().items.len(),
        151
    );
}

#[tokio::test]
async fn each_value_type_is_set_and_cleared() {
    let Some((emu, _server, api)) = start_with_board().await else {
        return;
    };
    let item = item_id(&api, 1002).await;
    let cases = [
        (
            "Stage",
            Some("Stable"),
            json!({ "singleSelectOptionId": "" }),
            json!("Stable"),
        ),
        (
            "Note",
            None,
            json!({ "text": "needs docs" }),
            json!("needs docs"),
        ),
        (
            "Exception Request Date",
            None,
            json!({ "date": "2026-02-03" }),
            json!("2026-02-03"),
        ),
    ];
    for (field, option, mut value, shown) in cases {
        let (project, field_id, option_id) = ids(&api, field, option).await;
        if let Some(id) = option_id {
            value = json!({ "singleSelectOptionId": id });
        }
        let vars = json!({ "p": project, "i": item, "f": field_id, "v": value });
        let set = api.graphql(UPDATE, vars).await;
        assert_eq!(
            set["data"]["updateProjectV2ItemFieldValue"]["projectV2Item"]["id"],
            json!(item),
            "{set}"
        );
        assert_eq!(values_of(&emu, 1002)[field], shown);
        let cleared = api
            .graphql(CLEAR, json!({ "p": project, "i": item, "f": field_id }))
            .await;
        assert!(cleared.get("errors").is_none(), "{cleared}");
        assert_eq!(values_of(&emu, 1002).get(field), None, "{field} cleared");
    }
}

#[tokio::test]
async fn numbers_are_set_on_number_fields_and_read_back() {
    let Some(fields) = release_tracking_fields() else {
        return;
    };
    let Some((emu, _server, api)) = start_with_board().await else {
        return;
    };
    let mut seed = board_seed(&fields);
    seed["fields"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "Points", "type": "number" }));
    seed["items"][0]["values"]["Points"] = json!(3);
    api.send("PUT", "/_emulator/projects/kubernetes/264", Some(seed))
        .await;
    assert_eq!(values_of(&emu, 1001)["Points"], json!(3));
    let (project, field_id, _) = ids(&api, "Points", None).await;
    let item = item_id(&api, 1001).await;
    let vars = json!({ "p": project, "i": item, "f": field_id, "v": { "number": 2.5 } });
    api.graphql(UPDATE, vars).await;
    let q = r#"query($i: ID!) { node(id: $i) { ... on ProjectV2Item { fieldValueByName(name: "Points") { ... on ProjectV2ItemFieldNumberValue { number } } } } }"#;
    let read = api.graphql(q, json!({ "i": item })).await;
    assert_eq!(
        read["data"]["node"]["fieldValueByName"]["number"],
        json!(2.5)
    );
}

#[tokio::test]
async fn an_unknown_option_and_a_wrong_value_type_are_refused() {
    let Some((emu, _server, api)) = start_with_board().await else {
        return;
    };
    let (project, stage, _) = ids(&api, "Stage", None).await;
    let item = item_id(&api, 1003).await;
    let before = values_of(&emu, 1003);
    let vars =
        json!({ "p": project, "i": item, "f": stage, "v": { "singleSelectOptionId": "deadbeef" } });
    let a = api.graphql(UPDATE, vars).await;
    assert_eq!(a["data"]["updateProjectV2ItemFieldValue"], Value::Null);
    assert_eq!(
        a["errors"][0]["message"],
        json!("The single select option Id does not belong to the field")
    );
    assert_eq!(
        a["errors"][0]["path"],
        json!(["updateProjectV2ItemFieldValue"])
    );
    let vars = json!({ "p": project, "i": item, "f": stage, "v": { "text": "Beta" } });
    let b = api.graphql(UPDATE, vars).await;
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("singleSelectOptionId"),
        "{b}"
    );
    assert_eq!(values_of(&emu, 1003), before);
}

#[tokio::test]
async fn another_projects_item_and_unknown_ids_are_refused() {
    let Some(fields) = release_tracking_fields() else {
        return;
    };
    let Some((emu, _server, api)) = start_with_board().await else {
        return;
    };
    let mut other = fields.clone();
    other["items"] = json!([{ "issue": 1001 }]);
    api.send("PUT", "/_emulator/projects/kubernetes/241", Some(other))
        .await;
    let q = r#"{ organization(login: "kubernetes") { projectV2(number: 241) { id items(first: 1) { nodes { id } } } } }"#;
    let old = api.graphql(q, json!({})).await;
    let old_board = &old["data"]["organization"]["projectV2"];
    let foreign = old_board["items"]["nodes"][0]["id"].as_str().unwrap();
    let (project, stage, option) = ids(&api, "Stage", Some("Beta")).await;
    let vars =
        json!({ "p": project, "i": foreign, "f": stage, "v": { "singleSelectOptionId": option } });
    let a = api.graphql(UPDATE, vars).await;
    assert_eq!(a["data"]["updateProjectV2ItemFieldValue"], Value::Null);
    assert!(
        a["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("does not belong to the project"),
        "{a}"
    );
    let d = api
        .graphql(DELETE, json!({ "p": project, "i": foreign }))
        .await;
    assert!(
        d["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("does not belong"),
        "{d}"
    );
    assert_eq!(emu.project_dump("kubernetes", 241).unwrap().items.len(), 1);
    let unknown = api
        .graphql(ADD, json!({ "p": project, "c": "I_999999" }))
        .await;
    assert_eq!(unknown["errors"][0]["type"], json!("NOT_FOUND"));
    assert_eq!(
        unknown["errors"][0]["message"],
        json!("Could not resolve to a node with the global id of 'I_999999'")
    );
}

#[tokio::test]
async fn deleting_an_item_removes_it_and_answers_its_id() {
    let Some((emu, _server, api)) = start_with_board().await else {
        return;
    };
    let (project, _, _) = ids(&api, "Stage", None).await;
    let item = item_id(&api, 1010).await;
    let d = api
        .graphql(DELETE, json!({ "p": project, "i": item }))
        .await;
    assert_eq!(
        d["data"]["deleteProjectV2Item"]["deletedItemId"],
        json!(item)
    );
    let dump = emu.project_dump("kubernetes", 264).unwrap();
    assert!(dump.items.iter().all(|i| i.issue != 1010));
    assert_eq!(dump.items.len(), 149);
}

#[tokio::test]
async fn mutations_need_the_project_scope_and_change_nothing_without_it() {
    let Some((emu, _server, api)) = start_with_board().await else {
        return;
    };
    let (project, stage, option) = ids(&api, "Stage", Some("Stable")).await;
    let item = item_id(&api, 1004).await;
    emu.set_scopes(&["repo", "read:project"]);
    let vars =
        json!({ "p": project, "i": item, "f": stage, "v": { "singleSelectOptionId": option } });
    let a = api.graphql(UPDATE, vars).await;
    assert_eq!(a["data"], Value::Null);
    assert_eq!(a["errors"][0]["type"], json!("INSUFFICIENT_SCOPES"));
    let message = a["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("The 'updateProjectV2ItemFieldValue' field requires one of the following scopes: ['project'], but your token has only been granted the: ['repo', 'read:project'] scopes."), "{message}");
    assert_eq!(values_of(&emu, 1004)["Stage"], json!("Alpha"));
    assert_eq!(emu.counts().graphql_mutations, 1, "only item_id's add ran");
}
