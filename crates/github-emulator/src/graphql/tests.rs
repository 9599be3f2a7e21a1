//! Unit tests of GraphQL pricing and execution against a small state.

use super::*;
use crate::seeds::IssueSeed;
use crate::tree::Tree;

fn state() -> State {
    let issue = |n| IssueSeed {
        number: n,
        title: format!("I{n}"),
        state: "open".into(),
        assignees: vec![],
        labels: vec!["a".into(), "b".into(), "c".into()],
        milestone: None,
        body: String::new(),
    };
    State::new(Tree::default(), vec![issue(1), issue(2)], vec![])
}

fn query(state: &mut State, q: &str) -> GraphqlAnswer {
    answer(state, &json!({ "query": q }))
}

#[test]
fn fifty_aliased_issues_cost_two_points() {
    let aliases: String = (1..=50)
        .map(|n| format!("i{n}: issue(number: {n}) {{ ...K }} "))
        .collect();
    let q = format!(
        "{{ repository(owner: \"kubernetes\", name: \"enhancements\") {{ {aliases} }} }}
         fragment K on Issue {{ assignees(first: 10) {{ nodes {{ login }} }} labels(first: 30) {{ nodes {{ name }} }}
           timelineItems(last: 100) {{ nodes {{ __typename }} }} }}"
    );
    let mut st = state();
    let a = query(&mut st, &q);
    assert_eq!(a.points, 2);
    assert_eq!(st.graphql_used, 2);
}

#[test]
fn variables_and_pagination_cursors() {
    let mut st = state();
    let body = json!({
        "query": "query($n: Int!) { repository(owner: \"kubernetes\", name: \"enhancements\") { issue(number: $n) { labels(first: 2) { pageInfo { hasNextPage endCursor } nodes { name } } } } }",
        "variables": { "n": 2 }
    });
    let a = answer(&mut st, &body);
    let labels = &a.body["data"]["repository"]["issue"]["labels"];
    assert_eq!(labels["nodes"], json!([{ "name": "a" }, { "name": "b" }]));
    let cursor = labels["pageInfo"]["endCursor"].as_str().unwrap();
    let next = query(
        &mut st,
        &format!(
            "{{ repository(owner: \"kubernetes\", name: \"enhancements\") {{ issue(number: 2) {{ labels(first: 2, after: \"{cursor}\") {{ pageInfo {{ hasNextPage }} nodes {{ name }} }} }} }} }}"
        ),
    );
    let labels = &next.body["data"]["repository"]["issue"]["labels"];
    assert_eq!(labels["nodes"], json!([{ "name": "c" }]));
    assert_eq!(labels["pageInfo"]["hasNextPage"], json!(false));
}

#[test]
fn exhausted_points_give_a_rate_limited_error() {
    let mut st = state();
    st.graphql_used = crate::state::LIMIT;
    let a = query(&mut st, "{ rateLimit { remaining } }");
    assert_eq!(a.status, 200);
    assert_eq!(a.body["errors"][0]["type"], json!("RATE_LIMITED"));
    assert_eq!(a.points, 0);
}

#[test]
fn unknown_repository_and_mutations_are_errors() {
    let mut st = state();
    let a = query(
        &mut st,
        "{ repository(owner: \"x\", name: \"y\") { name } }",
    );
    assert_eq!(a.body["data"]["repository"], Value::Null);
    assert_eq!(a.body["errors"][0]["type"], json!("NOT_FOUND"));
    let m = query(
        &mut st,
        "mutation { addStar(input: {starrableId: \"x\"}) { clientMutationId } }",
    );
    let message = m.body["errors"][0]["message"].as_str().unwrap();
    let expected = match st.schema {
        Some(_) => "not emulated",
        None => "Field 'addStar' doesn't exist on type 'Mutation'",
    };
    assert!(message.contains(expected), "{message}");
}

#[test]
fn issues_are_listed_by_label_and_state_in_pages() {
    let issue = |n: u64, state: &str, label: &str| IssueSeed {
        number: n,
        title: format!("I{n}"),
        state: state.into(),
        assignees: vec![],
        labels: vec!["sig/node".into(), label.into()],
        milestone: None,
        body: String::new(),
    };
    let issues = vec![
        issue(1, "open", "lead-opted-in"),
        issue(2, "closed", "lead-opted-in"),
        issue(3, "open", "other"),
        issue(4, "open", "lead-opted-in"),
        issue(5, "open", "lead-opted-in"),
    ];
    let mut st = State::new(Tree::default(), issues, vec![]);
    let page = |st: &mut State, after: &str| {
        let q = format!(
            "{{ repository(owner: \"kubernetes\", name: \"enhancements\") {{ issues(first: 2, {after} labels: [\"lead-opted-in\"], states: OPEN) {{ totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ id number }} }} }} }}"
        );
        let a = query(st, &q);
        assert!(a.body.get("errors").is_none(), "{}", a.body);
        a.body["data"]["repository"]["issues"].clone()
    };
    let first = page(&mut st, "");
    assert_eq!(first["totalCount"], json!(3));
    assert_eq!(
        first["nodes"],
        json!([{"id": "I_1", "number": 1}, {"id": "I_4", "number": 4}])
    );
    assert_eq!(first["pageInfo"]["hasNextPage"], json!(true));
    let cursor = first["pageInfo"]["endCursor"].as_str().unwrap().to_string();
    let next = page(&mut st, &format!("after: \"{cursor}\","));
    assert_eq!(next["nodes"], json!([{"id": "I_5", "number": 5}]));
    assert_eq!(next["pageInfo"]["hasNextPage"], json!(false));
}
