//! Shared helpers of the Projects v2 tests: a started emulator with 160 issues, the board seeded
//! from ../shared/board/release-tracking-fields.json with 150 items, and an HTTP client.
#![allow(dead_code)]

use bytes::Bytes;
use github_emulator::{GithubEmulator, IssueSeed, ProjectSeed, Tree};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use std::path::PathBuf;

type HttpClient = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

pub const FIRST_ISSUE: u64 = 1001;
pub const ISSUES: u64 = 160;
pub const ITEMS: u64 = 150;
pub const STAGES: [&str; 3] = ["Alpha", "Beta", "Stable"];

pub struct Api {
    base: String,
    client: HttpClient,
}

pub struct Answer {
    pub status: u16,
    pub scopes: Option<String>,
    pub body: Value,
}

impl Api {
    pub async fn send(&self, method: &str, path: &str, body: Option<Value>) -> Answer {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let req = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .body(Full::new(Bytes::from(body)))
            .expect("request");
        let resp = self.client.request(req).await.expect("answer");
        let status = resp.status().as_u16();
        let scopes = resp
            .headers()
            .get("x-oauth-scopes")
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            scopes,
            body,
        }
    }

    /// A GraphQL request's JSON body.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        let body = json!({ "query": query, "variables": variables });
        let answer = self.send("POST", "/graphql", Some(body)).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.body
    }
}

/// `../shared/board/release-tracking-fields.json`, or `None` (with a note) when ../shared is absent.
pub fn release_tracking_fields() -> Option<Value> {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/board/release-tracking-fields.json"
    ));
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("the fields file is JSON")),
        Err(_) => {
            eprintln!("SKIPPED: {} is absent", path.display());
            None
        }
    }
}

/// The item seed of the i-th issue: a Stage cycling through the options, its Issue Number, a SIG.
pub fn item(i: u64) -> Value {
    let number = FIRST_ISSUE + i;
    json!({
        "issue": number,
        "archived": i == 7,
        "values": {
            "Stage": STAGES[(i % 3) as usize],
            "Issue Number": number.to_string(),
            "SIG": "sig-node",
            "Status": "Tracked For Enhancement Freeze"
        }
    })
}

/// The board seed: the shared fields file (extra keys and all) plus `ITEMS` items.
pub fn board_seed(fields: &Value) -> Value {
    let mut seed = fields.clone();
    seed["items"] = Value::Array((0..ITEMS).map(item).collect());
    seed
}

fn issues() -> Vec<IssueSeed> {
    (0..ISSUES)
        .map(|i| IssueSeed {
            number: FIRST_ISSUE + i,
            title: format!("KEP {}", FIRST_ISSUE + i),
            state: "open".into(),
            assignees: vec!["someone".into()],
            labels: vec!["sig/node".into(), "lead-opted-in".into()],
            milestone: Some("v1.37".into()),
            body: String::new(),
        })
        .collect()
}

/// A started emulator with the board kubernetes/264 seeded (None when ../shared is absent).
pub async fn start_with_board() -> Option<(GithubEmulator, emulator_kit::Server, Api)> {
    let fields = release_tracking_fields()?;
    let emulator = GithubEmulator::new(Tree::from_files(vec![]), issues(), vec![]);
    let seed: ProjectSeed = serde_json::from_value(board_seed(&fields)).expect("seed shape");
    emulator.put_project(&seed).expect("the board seeds");
    let server = emulator_kit::Server::start("127.0.0.1:0", emulator.handler())
        .await
        .expect("emulator starts");
    let api = Api {
        base: server.url(),
        client: Client::builder(TokioExecutor::new()).build_http(),
    };
    Some((emulator, server, api))
}

pub const BOARD: &str = r#"query($after: String) {
  organization(login: "kubernetes") {
    projectV2(number: 264) {
      id title number
      items(first: 100, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          id isArchived type
          content { ... on Issue { id number title url state repository { nameWithOwner } } }
          fieldValues(first: 20) {
            nodes {
              __typename
              ... on ProjectV2ItemFieldTextValue { text field { ... on ProjectV2FieldCommon { name id } } }
              ... on ProjectV2ItemFieldSingleSelectValue { name optionId field { ... on ProjectV2FieldCommon { name id } } }
              ... on ProjectV2ItemFieldDateValue { date field { ... on ProjectV2FieldCommon { name } } }
              ... on ProjectV2ItemFieldNumberValue { number field { ... on ProjectV2FieldCommon { name } } }
            }
          }
        }
      }
    }
  }
}"#;

pub const FIELDS: &str = r#"{
  organization(login: "kubernetes") {
    projectV2(number: 264) {
      fields(first: 50) {
        totalCount
        nodes {
          __typename
          ... on ProjectV2FieldCommon { id name dataType }
          ... on ProjectV2SingleSelectField { options { id name } }
        }
      }
    }
  }
}"#;

/// The project's id, a field's id and an option's id, read through GraphQL.
pub async fn ids(api: &Api, field: &str, option: Option<&str>) -> (String, String, Option<String>) {
    let fields = api.graphql(FIELDS, json!({})).await;
    let project = api
        .graphql(
            r#"{ organization(login: "kubernetes") { projectV2(number: 264) { id } } }"#,
            json!({}),
        )
        .await;
    let nodes = fields["data"]["organization"]["projectV2"]["fields"]["nodes"]
        .as_array()
        .expect("fields")
        .clone();
    let f = nodes
        .iter()
        .find(|n| n["name"] == field)
        .expect("field exists");
    let option_id = option.map(|o| {
        let opts = f["options"].as_array().expect("options");
        let found = opts.iter().find(|x| x["name"] == o).expect("option exists");
        found["id"].as_str().unwrap().to_string()
    });
    (
        project["data"]["organization"]["projectV2"]["id"]
            .as_str()
            .unwrap()
            .to_string(),
        f["id"].as_str().unwrap().to_string(),
        option_id,
    )
}

/// The item id of an issue on the board (first page only is enough for the first 100).
pub async fn item_id(api: &Api, issue: u64) -> String {
    let q = format!(
        r#"{{ repository(owner: "kubernetes", name: "enhancements") {{ issue(number: {issue}) {{ id }} }} }}"#
    );
    let content = api.graphql(&q, json!({})).await;
    let content_id = content["data"]["repository"]["issue"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (project, _, _) = ids(api, "Stage", None).await;
    let add = api
        .graphql(
            "mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: {projectId: $p, contentId: $c}) { item { id } } }",
            json!({ "p": project, "c": content_id }),
        )
        .await;
    add["data"]["addProjectV2ItemById"]["item"]["id"]
        .as_str()
        .expect("item id")
        .to_string()
}
