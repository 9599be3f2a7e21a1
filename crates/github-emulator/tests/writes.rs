//! The write routes over real HTTP: PATCH milestone/labels, POST/DELETE labels, the milestone
//! list, ETags that change with the issue, GraphQL seeing the change, the request log, and the
//! read-only token mode.

use bytes::Bytes;
use github_emulator::{GithubEmulator, IssueSeed, Tree};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};

type HttpClient = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

struct Api {
    base: String,
    client: HttpClient,
}

impl Api {
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Option<String>, Value) {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let req = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .body(Full::new(Bytes::from(body)))
            .expect("request");
        let resp = self.client.request(req).await.expect("answer");
        let status = resp.status().as_u16();
        let etag = resp
            .headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        (
            status,
            etag,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }
}

const ISSUE: &str = "/repos/kubernetes/enhancements/issues/1001";

async fn start() -> (GithubEmulator, emulator_kit::Server, Api) {
    let seed = IssueSeed {
        number: 1001,
        title: "A".into(),
        state: "open".into(),
        assignees: vec![],
        labels: vec!["sig/node".into(), "tracked/no".into()],
        milestone: Some("v1.36".into()),
        body: String::new(),
    };
    let emulator = GithubEmulator::new(Tree::from_files(vec![]), vec![seed], vec![]);
    emulator.add_milestone("v1.37");
    let server = emulator_kit::Server::start("127.0.0.1:0", emulator.handler())
        .await
        .expect("emulator starts");
    let api = Api {
        base: server.url(),
        client: Client::builder(TokioExecutor::new()).build_http(),
    };
    (emulator, server, api)
}

#[tokio::test]
async fn milestone_and_label_writes_change_the_issue_and_its_etag() {
    let (emulator, _server, api) = start().await;
    let (_, _, list) = api
        .send(
            "GET",
            "/repos/kubernetes/enhancements/milestones?state=all",
            None,
        )
        .await;
    let titles: Vec<(&str, u64)> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|m| {
            (
                m["title"].as_str().unwrap_or(""),
                m["number"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(titles, [("v1.36", 1), ("v1.37", 2)]);
    let (_, etag0, _) = api.send("GET", ISSUE, None).await;

    let (status, _, issue) = api
        .send("PATCH", ISSUE, Some(json!({"milestone": 2})))
        .await;
    assert_eq!(status, 200, "{issue}");
    assert_eq!(issue["milestone"]["title"], "v1.37");
    let (status, _, labels) = api
        .send(
            "POST",
            &format!("{ISSUE}/labels"),
            Some(json!({"labels": ["tracked/yes", "sig/node"]})),
        )
        .await;
    assert_eq!(status, 200);
    let names: Vec<&str> = labels
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["sig/node", "tracked/no", "tracked/yes"],
        "added once"
    );
    let (status, _, _) = api
        .send("DELETE", &format!("{ISSUE}/labels/tracked%2Fno"), None)
        .await;
    assert_eq!(status, 200);
    let (status, _, err) = api
        .send("DELETE", &format!("{ISSUE}/labels/tracked%2Fno"), None)
        .await;
    assert_eq!(
        (status, err["message"].as_str()),
        (404, Some("Label does not exist"))
    );

    let (_, etag1, _) = api.send("GET", ISSUE, None).await;
    assert_ne!(etag0, etag1, "the issue's ETag changes with it");
    let q = json!({"query": "{ repository(owner: \"kubernetes\", name: \"enhancements\") { issue(number: 1001) { milestone { title } labels(first: 10) { nodes { name } } } } }"});
    let (_, _, gql) = api.send("POST", "/graphql", Some(q)).await;
    let issue = &gql["data"]["repository"]["issue"];
    assert_eq!(issue["milestone"]["title"], "v1.37");
    assert_eq!(
        issue["labels"]["nodes"],
        json!([{"name": "sig/node"}, {"name": "tracked/yes"}])
    );

    let (status, _, _) = api
        .send("PATCH", ISSUE, Some(json!({"milestone": null})))
        .await;
    assert_eq!(status, 200);
    assert_eq!(emulator.issue(1001).and_then(|i| i.milestone), None);
    let (status, _, _) = api
        .send("PATCH", ISSUE, Some(json!({"milestone": 99})))
        .await;
    assert_eq!(status, 422);
    let methods: Vec<String> = emulator
        .log()
        .entries()
        .iter()
        .filter(|e| e.method != "GET" && e.path != "/graphql")
        .map(|e| format!("{} {}", e.method, e.status))
        .collect();
    assert_eq!(
        methods,
        [
            "PATCH 200",
            "POST 200",
            "DELETE 200",
            "DELETE 404",
            "PATCH 200",
            "PATCH 422"
        ]
    );
}

#[tokio::test]
async fn a_read_only_token_gets_403_and_changes_nothing() {
    let (emulator, _server, api) = start().await;
    emulator.set_can_write(false);
    let (status, _, err) = api
        .send(
            "POST",
            &format!("{ISSUE}/labels"),
            Some(json!(["tracked/yes"])),
        )
        .await;
    assert_eq!(
        (status, err["message"].as_str()),
        (
            403,
            Some("Resource not accessible by personal access token")
        )
    );
    let (status, _, _) = api
        .send("PATCH", ISSUE, Some(json!({"milestone": null})))
        .await;
    assert_eq!(status, 403);
    let issue = emulator.issue(1001).expect("issue");
    assert_eq!(issue.labels, ["sig/node", "tracked/no"]);
    assert_eq!(issue.milestone.as_deref(), Some("v1.36"));
    let (status, _, _) = api
        .send(
            "PATCH",
            "/repos/kubernetes/enhancements/issues/7",
            Some(json!({})),
        )
        .await;
    assert_eq!(
        status, 403,
        "permission is checked before existence, as for a read-only token"
    );
}
