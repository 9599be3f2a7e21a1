//! The official sync job's method, as the baseline: sig-release's
//! `sync-enhancements-github-project-beta.sh` (periodic, every 6 hours) written again over plain
//! hyper. Each run looks up the board and its `Issue Number` field, lists OPEN issues labelled
//! `lead-opted-in` (`first: 100`, never passing the cursor, so at most 100), then for every one
//! sends `addProjectV2ItemById` and `updateProjectV2ItemFieldValue` of Issue Number, whatever
//! the board already holds.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};

/// The board and field look-up (one query: the project's id and its fields' ids by name).
const BOARD: &str = "query($org: String!, $number: Int!) { organization(login: $org) { \
    projectV2(number: $number) { id fields(first: 50) { nodes { ... on ProjectV2FieldCommon { id name } } } } } }";

/// The job's listing: the first 100 open opted-in issues; the cursor is asked for but never sent.
const ISSUES: &str = "query { repository(owner: \"kubernetes\", name: \"enhancements\") { \
    issues(first: 100, labels: [\"lead-opted-in\"], states: OPEN) { \
    pageInfo { hasNextPage endCursor } nodes { id number } } } }";

const ADD: &str = "mutation($project: ID!, $content: ID!) { \
    addProjectV2ItemById(input: {projectId: $project, contentId: $content}) { item { id } } }";

const SET_TEXT: &str = "mutation($project: ID!, $item: ID!, $field: ID!, $text: String!) { \
    updateProjectV2ItemFieldValue(input: {projectId: $project, itemId: $item, fieldId: $field, \
    value: {text: $text}}) { projectV2Item { id } } }";

/// A GraphQL client of one endpoint.
pub struct Job {
    client: Client<HttpConnector, Full<Bytes>>,
    url: String,
    token: String,
}

impl Job {
    /// The job against the GitHub API at `base_url`, with `token`.
    pub fn new(base_url: &str, token: &str) -> Job {
        Job {
            client: Client::builder(TokioExecutor::new()).build_http(),
            url: format!("{base_url}/graphql"),
            token: token.to_string(),
        }
    }

    /// One run of the job on board `owner`/`number`; returns the issues it synced.
    pub async fn run(&self, owner: &str, number: u64) -> usize {
        let (project, field) = self.board(owner, number).await;
        let issues = self.opted_in().await;
        for (content, n) in &issues {
            let item = self.add(&project, content).await;
            self.set_issue_number(&project, &item, &field, *n).await;
        }
        issues.len()
    }

    /// The board's id and its `Issue Number` field's id.
    async fn board(&self, owner: &str, number: u64) -> (String, String) {
        let data = self
            .graphql(BOARD, json!({ "org": owner, "number": number }))
            .await;
        let project = &data["organization"]["projectV2"];
        let field = project["fields"]["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|f| f["name"] == "Issue Number")
            .expect("the board has an Issue Number field");
        (text(&project["id"]), text(&field["id"]))
    }

    /// (node id, number) of the first 100 open `lead-opted-in` issues.
    async fn opted_in(&self) -> Vec<(String, u64)> {
        let data = self.graphql(ISSUES, json!({})).await;
        data["repository"]["issues"]["nodes"]
            .as_array()
            .expect("issue nodes")
            .iter()
            .map(|i| (text(&i["id"]), i["number"].as_u64().expect("number")))
            .collect()
    }

    async fn add(&self, project: &str, content: &str) -> String {
        let vars = json!({ "project": project, "content": content });
        let data = self.graphql(ADD, vars).await;
        text(&data["addProjectV2ItemById"]["item"]["id"])
    }

    async fn set_issue_number(&self, project: &str, item: &str, field: &str, n: u64) {
        let vars =
            json!({ "project": project, "item": item, "field": field, "text": n.to_string() });
        self.graphql(SET_TEXT, vars).await;
    }

    /// POSTs one document; panics on an HTTP or GraphQL error (the bench must not miscount).
    async fn graphql(&self, query: &str, variables: Value) -> Value {
        let body = json!({ "query": query, "variables": variables }).to_string();
        let request = http::Request::post(&self.url)
            .header("authorization", format!("bearer {}", self.token))
            .header("content-type", "application/json")
            .header("user-agent", "kepsync-board-bench")
            .body(Full::new(Bytes::from(body)))
            .expect("request");
        let response = self.client.request(request).await.expect("POST /graphql");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let answer: Value = serde_json::from_slice(&bytes).expect("JSON answer");
        assert!(
            status.is_success() && answer.get("errors").is_none(),
            "{status}: {answer}"
        );
        answer["data"].clone()
    }
}

fn text(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
        .to_string()
}
