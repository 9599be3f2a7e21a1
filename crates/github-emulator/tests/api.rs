//! The emulator over real HTTP: octocrab's models accept its REST answers; ETags, 304s, rate
//! headers, pagination; GraphQL aliases, partial results and errors; control endpoints; the binary.

use bytes::Bytes;
use github_emulator::{GithubEmulator, IssueSeed, PullSeed, Tree};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};

struct Http {
    base: String,
    client: Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
}

struct Answer {
    status: u16,
    headers: http::HeaderMap,
    body: Bytes,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl Http {
    fn new(base: String) -> Http {
        Http {
            base,
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Answer {
        let mut req = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = self
            .client
            .request(req.body(Full::new(Bytes::from(body))).expect("request"))
            .await
            .expect("answer");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.into_body().collect().await.expect("body").to_bytes();
        Answer {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str) -> Answer {
        self.send("GET", path, &[], Vec::new()).await
    }

    async fn graphql(&self, query: &str) -> Answer {
        let body = serde_json::to_vec(&json!({ "query": query })).expect("json");
        self.send("POST", "/graphql", &[], body).await
    }
}

fn issue(number: u64, title: &str) -> IssueSeed {
    IssueSeed {
        number,
        title: title.into(),
        state: "open".into(),
        assignees: vec!["alice".into()],
        labels: vec!["sig/node".into(), "stage/beta".into()],
        milestone: Some("v1.37".into()),
        body: "body".into(),
    }
}

fn pull(repo: &str, number: u64, references: Vec<u64>) -> PullSeed {
    PullSeed {
        repo: repo.into(),
        number,
        title: format!("PR {number}"),
        state: "open".into(),
        merged: false,
        files: (0..3)
            .map(|i| format!("keps/sig-node/1001-a/f{i}"))
            .collect(),
        references,
        labels: vec![],
    }
}

async fn start() -> (GithubEmulator, emulator_kit::Server, Http) {
    let tree = Tree::from_files(vec![
        (
            "keps/sig-node/1001-a/kep.yaml".into(),
            b"title: A\n".to_vec(),
        ),
        ("README.md".into(), b"hello\n".to_vec()),
    ]);
    let emulator = GithubEmulator::new(
        tree,
        vec![issue(1001, "A"), issue(1002, "B"), issue(1003, "C")],
        vec![
            pull("kubernetes/enhancements", 5001, vec![1001]),
            pull("kubernetes/kubernetes", 120001, vec![1001]),
        ],
    );
    let server = emulator_kit::Server::start("127.0.0.1:0", emulator.handler())
        .await
        .expect("emulator starts");
    let http = Http::new(server.url());
    (emulator, server, http)
}

#[tokio::test]
async fn rest_answers_deserialize_into_octocrab_models() {
    let (_emulator, server, _) = start().await;
    let gh = octocrab::Octocrab::builder()
        .base_uri(server.url())
        .expect("base")
        .build()
        .expect("client");
    let issue = gh
        .issues("kubernetes", "enhancements")
        .get(1001)
        .await
        .expect("issue");
    assert_eq!(issue.title, "A");
    assert_eq!(issue.milestone.map(|m| m.title).as_deref(), Some("v1.37"));
    assert_eq!(issue.assignees[0].login, "alice");
    assert_eq!(
        issue
            .labels
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>(),
        ["sig/node", "stage/beta"]
    );

    let page = gh
        .issues("kubernetes", "enhancements")
        .list()
        .state(octocrab::params::State::All)
        .send()
        .await
        .expect("issue list");
    assert_eq!(page.items.len(), 4, "three issues and the enhancements PR");

    let pulls = gh
        .pulls("kubernetes", "enhancements")
        .list()
        .send()
        .await
        .expect("pulls");
    assert_eq!(
        pulls.items.iter().map(|p| p.number).collect::<Vec<_>>(),
        [5001]
    );
    let files = gh
        .pulls("kubernetes", "enhancements")
        .list_files(5001)
        .await
        .expect("files");
    assert_eq!(files.items.len(), 3);
    assert_eq!(files.items[0].filename, "keps/sig-node/1001-a/f0");
    let merged = gh
        .pulls("kubernetes", "kubernetes")
        .get(120001)
        .await
        .expect("k/k pull");
    assert_eq!(merged.merged, Some(false));
}

#[tokio::test]
async fn etags_give_free_304s_and_change_with_the_content() {
    let (emulator, _server, http) = start().await;
    let tree_path = "/repos/kubernetes/enhancements/git/trees/master?recursive=1";
    let first = http.get(tree_path).await;
    assert_eq!(first.status, 200);
    let etag = first.header("etag").expect("etag").to_string();
    let remaining = first
        .header("x-ratelimit-remaining")
        .expect("remaining")
        .to_string();
    assert_eq!(first.header("x-ratelimit-resource"), Some("core"));
    let tree = first.json();
    assert_eq!(tree["truncated"], json!(false));
    let paths: Vec<&str> = tree["tree"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "README.md",
            "keps",
            "keps/sig-node",
            "keps/sig-node/1001-a",
            "keps/sig-node/1001-a/kep.yaml"
        ]
    );

    let again = http
        .send("GET", tree_path, &[("if-none-match", &etag)], Vec::new())
        .await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(
        again.header("x-ratelimit-remaining"),
        Some(remaining.as_str()),
        "304s are free"
    );
    assert_eq!(emulator.counts().not_modified, 1);
    assert_eq!(emulator.counts().rate_limited, 1);

    emulator.set_file(
        "keps/sig-node/1001-a/kep.yaml",
        Some(b"title: A2\n".to_vec()),
    );
    let changed = http
        .send("GET", tree_path, &[("if-none-match", &etag)], Vec::new())
        .await;
    assert_eq!(changed.status, 200);
    assert_ne!(changed.json()["sha"], tree["sha"]);

    let list =
        "/repos/kubernetes/enhancements/issues?state=all&sort=updated&direction=desc&per_page=100";
    let issues_etag = http.get(list).await.header("etag").unwrap().to_string();
    emulator.upsert_issue(issue(1002, "B2"));
    let after = http
        .send("GET", list, &[("if-none-match", &issues_etag)], Vec::new())
        .await;
    assert_eq!(after.status, 200);
    assert_eq!(
        after.json()[0]["title"],
        json!("B2"),
        "sorted by updated, newest first"
    );

    let pulls = "/repos/kubernetes/enhancements/pulls?state=open";
    let pulls_etag = http.get(pulls).await.header("etag").unwrap().to_string();
    assert_eq!(
        http.send("GET", pulls, &[("if-none-match", &pulls_etag)], Vec::new())
            .await
            .status,
        304
    );
    emulator.upsert_pull(pull("kubernetes/enhancements", 5002, vec![]));
    assert_eq!(
        http.send("GET", pulls, &[("if-none-match", &pulls_etag)], Vec::new())
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn lists_are_paginated_with_link_headers() {
    let (_emulator, server, http) = start().await;
    let first = http
        .get("/repos/kubernetes/enhancements/issues?state=all&per_page=3")
        .await;
    assert_eq!(first.json().as_array().unwrap().len(), 3);
    let link = first.header("link").expect("link header").to_string();
    let next = format!(
        "<{}/repos/kubernetes/enhancements/issues?state=all&per_page=3&page=2>; rel=\"next\"",
        server.url()
    );
    assert!(link.contains(&next), "{link}");
    assert!(link.contains("rel=\"last\""), "{link}");
    let second = http
        .get("/repos/kubernetes/enhancements/issues?state=all&per_page=3&page=2")
        .await;
    assert_eq!(second.json().as_array().unwrap().len(), 1);
    assert!(second.header("link").unwrap().contains("rel=\"prev\""));
}

#[tokio::test]
async fn blobs_and_contents_carry_the_file_bytes() {
    let (_emulator, _server, http) = start().await;
    let sha = github_emulator::git_blob_sha(b"hello\n");
    assert_eq!(sha, "ce013625030ba8dba906f756967f9e9ca394464a");
    let blob = http
        .get(&format!("/repos/kubernetes/enhancements/git/blobs/{sha}"))
        .await
        .json();
    assert_eq!(blob["encoding"], json!("base64"));
    assert_eq!(blob["content"], json!("aGVsbG8K\n"));
    let content = http
        .get("/repos/kubernetes/enhancements/contents/README.md")
        .await
        .json();
    assert_eq!(content["sha"], json!(sha));
    let raw = http
        .send(
            "GET",
            "/repos/kubernetes/enhancements/contents/README.md",
            &[("accept", "application/vnd.github.raw")],
            Vec::new(),
        )
        .await;
    assert_eq!(&raw.body[..], b"hello\n");
    let dir = http
        .get("/repos/kubernetes/enhancements/contents/keps")
        .await
        .json();
    assert_eq!(dir[0]["type"], json!("dir"));
    assert_eq!(
        http.get("/repos/kubernetes/enhancements/contents/nope")
            .await
            .status,
        404
    );
    let limits = http.get("/rate_limit").await.json();
    assert_eq!(limits["resources"]["graphql"]["limit"], json!(5000));
}

#[tokio::test]
async fn graphql_aliases_partial_results_and_cost() {
    let (emulator, _server, http) = start().await;
    let answer = http
        .graphql(
            r#"query { rateLimit { cost remaining }
              repository(owner: "kubernetes", name: "enhancements") {
                i1001: issue(number: 1001) { ...K }
                i999: issue(number: 999) { ...K }
              } }
              fragment K on Issue { number title state milestone { title }
                assignees(first: 10) { nodes { login } } labels(first: 10) { nodes { name } }
                timelineItems(last: 100, itemTypes: [CROSS_REFERENCED_EVENT]) { nodes { __typename
                  ... on CrossReferencedEvent { source { ... on PullRequest { number merged state repository { nameWithOwner } } } } } } }"#,
        )
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("x-ratelimit-resource"), Some("graphql"));
    let body = answer.json();
    let issue = &body["data"]["repository"]["i1001"];
    assert_eq!(issue["title"], json!("A"));
    assert_eq!(issue["state"], json!("OPEN"));
    assert_eq!(issue["milestone"]["title"], json!("v1.37"));
    assert_eq!(issue["labels"]["nodes"][1]["name"], json!("stage/beta"));
    let refs: Vec<&str> = issue["timelineItems"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["source"]["repository"]["nameWithOwner"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["kubernetes/enhancements", "kubernetes/kubernetes"]);
    assert_eq!(body["data"]["repository"]["i999"], Value::Null);
    assert_eq!(body["errors"][0]["type"], json!("NOT_FOUND"));
    assert_eq!(body["errors"][0]["path"], json!(["repository", "i999"]));
    assert_eq!(body["data"]["rateLimit"]["cost"], json!(1));
    assert_eq!(emulator.counts().graphql_points, 1);
}

#[tokio::test]
async fn graphql_pull_requests_page_and_blobs_resolve() {
    let (emulator, _server, http) = start().await;
    for n in 5002..5005 {
        emulator.upsert_pull(pull("kubernetes/enhancements", n, vec![]));
    }
    let page = |after: &str| {
        format!(
            r#"{{ repository(owner: "kubernetes", name: "enhancements") {{
                pullRequests(states: OPEN, first: 3{after}) {{ pageInfo {{ hasNextPage endCursor }}
                  nodes {{ number files(first: 2) {{ pageInfo {{ hasNextPage }} nodes {{ path }} }} }} }} }} }}"#
        )
    };
    let first = http.graphql(&page("")).await.json();
    let conn = &first["data"]["repository"]["pullRequests"];
    assert_eq!(conn["nodes"].as_array().unwrap().len(), 3);
    assert_eq!(conn["pageInfo"]["hasNextPage"], json!(true));
    assert_eq!(
        conn["nodes"][0]["files"]["pageInfo"]["hasNextPage"],
        json!(true)
    );
    let cursor = conn["pageInfo"]["endCursor"].as_str().unwrap().to_string();
    let second = http
        .graphql(&page(&format!(", after: \"{cursor}\"")))
        .await
        .json();
    let conn = &second["data"]["repository"]["pullRequests"];
    assert_eq!(conn["nodes"].as_array().unwrap().len(), 1);
    assert_eq!(conn["pageInfo"]["hasNextPage"], json!(false));

    let sha = github_emulator::git_blob_sha(b"hello\n");
    let blobs = http
        .graphql(&format!(
            r#"{{ repository(owner: "kubernetes", name: "enhancements") {{
                b0: object(oid: "{sha}") {{ ... on Blob {{ text byteSize }} }}
                b1: object(expression: "master:keps/sig-node/1001-a/kep.yaml") {{ ... on Blob {{ text }} }}
                b2: object(oid: "0000000000000000000000000000000000000000") {{ ... on Blob {{ text }} }} }} }}"#
        ))
        .await
        .json();
    let repo = &blobs["data"]["repository"];
    assert_eq!(repo["b0"]["text"], json!("hello\n"));
    assert_eq!(repo["b0"]["byteSize"], json!(6));
    assert_eq!(repo["b1"]["text"], json!("title: A\n"));
    assert_eq!(repo["b2"], Value::Null);
}

#[tokio::test]
async fn graphql_rejects_unknown_fields_and_bad_syntax_without_panicking() {
    let (_emulator, _server, http) = start().await;
    let unknown = http
        .graphql(r#"{ repository(owner: "kubernetes", name: "enhancements") { issue(number: 1001) { bogus } } }"#)
        .await
        .json();
    assert!(unknown.get("data").is_none(), "{unknown}");
    assert_eq!(
        unknown["errors"][0]["message"],
        json!("Field 'bogus' doesn't exist on type 'Issue'")
    );
    let syntax = http.graphql("{ repository(owner: ) }").await.json();
    assert!(
        syntax["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Parse error on line 1")
    );
    let unpaged = http
        .graphql(r#"{ repository(owner: "kubernetes", name: "enhancements") { pullRequests { totalCount } } }"#)
        .await
        .json();
    assert_eq!(
        unpaged["errors"][0]["type"],
        json!("MISSING_PAGINATION_BOUNDARIES")
    );
    let not_json = http.send("POST", "/graphql", &[], b"{".to_vec()).await;
    assert_eq!(not_json.status, 400);
}

#[tokio::test]
async fn control_endpoints_change_the_world_and_inject_faults() {
    let (emulator, _server, http) = start().await;
    let put = http
        .send(
            "PUT",
            "/_emulator/files/keps/sig-node/1002-b/kep.yaml",
            &[],
            b"title: B\n".to_vec(),
        )
        .await;
    assert_eq!(put.status, 200);
    let text = http
        .get("/repos/kubernetes/enhancements/contents/keps/sig-node/1002-b/kep.yaml")
        .await;
    assert_eq!(text.status, 200);
    assert_eq!(
        http.send("DELETE", "/_emulator/files/README.md", &[], Vec::new())
            .await
            .status,
        200
    );
    assert_eq!(
        http.get("/repos/kubernetes/enhancements/contents/README.md")
            .await
            .status,
        404
    );

    let seed = serde_json::to_vec(&json!({ "title": "New", "labels": ["sig/apps"] })).unwrap();
    assert_eq!(
        http.send("PUT", "/_emulator/issues/2000", &[], seed)
            .await
            .status,
        200
    );
    assert_eq!(
        http.get("/repos/kubernetes/enhancements/issues/2000")
            .await
            .json()["title"],
        json!("New")
    );
    let pr = serde_json::to_vec(
        &json!({ "title": "impl", "state": "closed", "merged": true, "references": [2000] }),
    )
    .unwrap();
    assert_eq!(
        http.send(
            "PUT",
            "/_emulator/pulls/kubernetes/kubernetes/130000",
            &[],
            pr
        )
        .await
        .status,
        200
    );
    assert_eq!(
        http.get("/repos/kubernetes/kubernetes/pulls/130000")
            .await
            .json()["merged"],
        json!(true)
    );
    assert_eq!(
        http.send("PUT", "/_emulator/issues/x", &[], b"{}".to_vec())
            .await
            .status,
        400
    );

    let fault = br#"[{"path": "/rate_limit", "status": 429, "kind": "secondary", "retry_after": 7}, {"path": "/rate_limit", "status": 403, "kind": "primary"}]"#;
    assert_eq!(
        http.send("POST", "/_emulator/faults", &[], fault.to_vec())
            .await
            .status,
        200
    );
    let limited = http.get("/rate_limit").await;
    assert_eq!(
        (limited.status, limited.header("retry-after")),
        (429, Some("7"))
    );
    let primary = http.get("/rate_limit").await;
    assert_eq!(
        (primary.status, primary.header("x-ratelimit-remaining")),
        (403, Some("0"))
    );
    assert_eq!(http.get("/rate_limit").await.status, 200);
    assert_eq!(
        http.send("POST", "/_emulator/faults", &[], b"{\"stauts\":1}".to_vec())
            .await
            .status,
        400
    );

    let counts = http.get("/_emulator/requests").await.json();
    assert_eq!(counts["faulted"], json!(2));
    assert!(counts["log"].as_array().unwrap().len() >= 6);
    assert_eq!(
        http.send("POST", "/_emulator/requests/reset", &[], Vec::new())
            .await
            .status,
        200
    );
    assert_eq!(emulator.counts().total, 0);
}

#[tokio::test]
async fn the_binary_prints_its_address_and_serves() {
    use tokio::io::AsyncBufReadExt;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("tree/keps")).unwrap();
    std::fs::write(dir.path().join("tree/keps/x.txt"), b"x").unwrap();
    std::fs::write(
        dir.path().join("issues.json"),
        br#"[{"number": 7, "title": "seven"}]"#,
    )
    .unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_github-emulator"))
        .args(["--addr", "127.0.0.1:0", "--tree"])
        .arg(dir.path().join("tree"))
        .arg("--issues")
        .arg(dir.path().join("issues.json"))
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let line = tokio::io::BufReader::new(stdout)
        .lines()
        .next_line()
        .await
        .unwrap()
        .expect("first line");
    let url = line.strip_prefix("listening on ").expect(&line).to_string();
    let http = Http::new(url);
    assert_eq!(
        http.get("/repos/kubernetes/enhancements/issues/7")
            .await
            .json()["title"],
        json!("seven")
    );
    child.kill().await.expect("stop");

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_github-emulator"))
        .args(["--tree", "/nonexistent-dir", "--issues", "x.json"])
        .output()
        .expect("runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("reading tree"));
}
