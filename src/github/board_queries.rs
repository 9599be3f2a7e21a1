//! The Projects v2 GraphQL kepsync sends for the release board (read the board page by page;
//! find issues' node ids; add an item; set a field) and the decoding of the answers.

use super::error::GithubError;
use crate::model::board::{Board, BoardField, BoardItem, FieldKind, SelectOption};
use serde_json::Value;

/// Items (and fields) per page: GitHub's maximum for a connection.
pub const PAGE: usize = 100;

const FIELD_NAME: &str = "field { ... on ProjectV2FieldCommon { name } }";

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// One page of the board: its fields on the first page only, then `PAGE` items after `after`.
pub fn board_query(owner: &str, number: u64, after: Option<&str>) -> String {
    let fields = if after.is_none() {
        "fields(first: 100) { nodes { __typename
        ... on ProjectV2FieldCommon { id name dataType }
        ... on ProjectV2SingleSelectField { options { id name } } } }"
    } else {
        ""
    };
    let after = after
        .map(|a| format!(", after: {}", quote(a)))
        .unwrap_or_default();
    format!(
        "query {{ rateLimit {{ cost remaining resetAt }}
  organization(login: {owner}) {{ projectV2(number: {number}) {{ id title
    {fields}
    items(first: {PAGE}{after}) {{ totalCount pageInfo {{ hasNextPage endCursor }}
      nodes {{ id isArchived
        content {{ __typename ... on Issue {{ number repository {{ nameWithOwner }} }} }}
        fieldValues(first: 30) {{ nodes {{ __typename
          ... on ProjectV2ItemFieldTextValue {{ text {FIELD_NAME} }}
          ... on ProjectV2ItemFieldSingleSelectValue {{ name {FIELD_NAME} }}
          ... on ProjectV2ItemFieldDateValue {{ date {FIELD_NAME} }}
          ... on ProjectV2ItemFieldNumberValue {{ number {FIELD_NAME} }} }} }} }} }} }} }} }}",
        owner = quote(owner),
    )
}

/// The next page's cursor, if any.
pub type Cursor = Option<String>;

/// Decodes one page into `board` (fields from the first page; items appended); items of
/// another repository are kept without an issue number. Returns the next cursor.
pub fn parse_board_page(
    call: &str,
    body: &Value,
    repo: &str,
    board: &mut Board,
) -> Result<Cursor, GithubError> {
    if let Some(message) = first_error(body) {
        return Err(GithubError::Status {
            call: call.to_string(),
            status: 200,
            message,
        });
    }
    let project = body
        .pointer("/data/organization/projectV2")
        .filter(|p| !p.is_null())
        .ok_or_else(|| GithubError::decode(call, "no such project"))?;
    board.id = text(project, "/id");
    board.title = text(project, "/title");
    if let Some(fields) = project.pointer("/fields/nodes").and_then(Value::as_array) {
        board.fields = fields.iter().filter_map(parse_field).collect();
    }
    let items = project
        .pointer("/items/nodes")
        .and_then(Value::as_array)
        .ok_or_else(|| GithubError::decode(call, "no items in the answer"))?;
    board
        .items
        .extend(items.iter().map(|i| parse_item(i, repo)));
    let more = project
        .pointer("/items/pageInfo/hasNextPage")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Ok(more
        .then(|| project.pointer("/items/pageInfo/endCursor"))
        .flatten()
        .and_then(Value::as_str)
        .map(str::to_string))
}

/// The first GraphQL error's type and message (`INSUFFICIENT_SCOPES: …`), if any.
pub fn first_error(body: &Value) -> Option<String> {
    let e = body.pointer("/errors/0")?;
    let message = e.get("message").and_then(Value::as_str).unwrap_or("error");
    Some(match e.get("type").and_then(Value::as_str) {
        Some(t) => format!("{t}: {message}"),
        None => message.to_string(),
    })
}

fn text(v: &Value, pointer: &str) -> String {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn parse_field(f: &Value) -> Option<BoardField> {
    let id = f.get("id")?.as_str()?.to_string();
    let name = f.get("name")?.as_str()?.to_string();
    let kind = match f.get("dataType").and_then(Value::as_str) {
        Some("TEXT") => FieldKind::Text,
        Some("DATE") => FieldKind::Date,
        Some("NUMBER") => FieldKind::Number,
        Some("SINGLE_SELECT") => FieldKind::SingleSelect(
            f.get("options")
                .and_then(Value::as_array)
                .map(|os| {
                    os.iter()
                        .map(|o| SelectOption {
                            id: text(o, "/id"),
                            name: text(o, "/name"),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        ),
        _ => FieldKind::Other,
    };
    Some(BoardField { id, name, kind })
}

fn parse_item(i: &Value, repo: &str) -> BoardItem {
    let content = i.get("content").unwrap_or(&Value::Null);
    let ours = content
        .pointer("/repository/nameWithOwner")
        .and_then(Value::as_str)
        .is_some_and(|r| r.eq_ignore_ascii_case(repo));
    let values = i
        .pointer("/fieldValues/nodes")
        .and_then(Value::as_array)
        .map(|vs| vs.iter().filter_map(parse_value).collect())
        .unwrap_or_default();
    BoardItem {
        id: text(i, "/id"),
        issue: ours
            .then(|| content.get("number").and_then(Value::as_u64))
            .flatten(),
        archived: i
            .get("isArchived")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        values,
    }
}

fn parse_value(v: &Value) -> Option<(String, String)> {
    let field = v.pointer("/field/name")?.as_str()?.to_string();
    let shown = ["text", "name", "date"]
        .iter()
        .find_map(|k| v.get(*k).and_then(Value::as_str).map(str::to_string))
        .or_else(|| {
            v.get("number")
                .and_then(Value::as_f64)
                .map(|n| n.to_string())
        })?;
    Some((field, shown))
}

/// Whether the token can write the board.
pub fn viewer_can_update_query(owner: &str, number: u64) -> String {
    format!(
        "query {{ organization(login: {}) {{ projectV2(number: {number}) {{ viewerCanUpdate }} }} }}",
        quote(owner)
    )
}

/// Node ids of these issues, aliased `i<N>`.
pub fn node_ids_query(repo: &str, numbers: &[u64]) -> String {
    let (owner, name) = repo.split_once('/').unwrap_or((repo, ""));
    let aliases: String = numbers
        .iter()
        .map(|n| format!(" i{n}: issue(number: {n}) {{ id }}"))
        .collect();
    format!(
        "query {{ repository(owner: {}, name: {}) {{{aliases} }} }}",
        quote(owner),
        quote(name)
    )
}

/// `addProjectV2ItemById`: the item's id comes back (the existing one if already there).
pub fn add_item_mutation(project: &str, content: &str) -> String {
    format!(
        "mutation {{ addProjectV2ItemById(input: {{projectId: {}, contentId: {}}}) {{ item {{ id }} }} }}",
        quote(project),
        quote(content)
    )
}

/// `updateProjectV2ItemFieldValue` with a text or a single-select option.
pub fn set_field_mutation(
    project: &str,
    item: &str,
    field: &str,
    value: &crate::board::FieldValue,
) -> String {
    format!(
        "mutation {{ {} }}",
        update_field(project, (item, field, value))
    )
}

/// Several `updateProjectV2ItemFieldValue`, aliased `s0`, `s1`, … in one document: one request
/// instead of one each (GitHub runs a document's mutations in order).
pub fn set_fields_mutation<'a>(
    project: &str,
    sets: impl IntoIterator<Item = (&'a str, &'a str, &'a crate::board::FieldValue)>,
) -> String {
    let aliased: Vec<String> = sets
        .into_iter()
        .enumerate()
        .map(|(i, set)| format!("s{i}: {}", update_field(project, set)))
        .collect();
    format!("mutation {{ {} }}", aliased.join(" "))
}

fn update_field(
    project: &str,
    (item, field, value): (&str, &str, &crate::board::FieldValue),
) -> String {
    let value = match value {
        crate::board::FieldValue::Text(t) => format!("{{text: {}}}", quote(t)),
        crate::board::FieldValue::Date(d) => format!("{{date: {}}}", quote(d)),
        crate::board::FieldValue::Option { id, .. } => {
            format!("{{singleSelectOptionId: {}}}", quote(id))
        }
    };
    format!(
        "updateProjectV2ItemFieldValue(input: {{projectId: {}, itemId: {}, fieldId: {}, value: {value}}}) {{ projectV2Item {{ id }} }}",
        quote(project),
        quote(item),
        quote(field)
    )
}

/// `clearProjectV2ItemFieldValue`: the field goes back to blank.
pub fn clear_field_mutation(project: &str, item: &str, field: &str) -> String {
    format!(
        "mutation {{ clearProjectV2ItemFieldValue(input: {{projectId: {}, itemId: {}, fieldId: {}}}) {{ projectV2Item {{ id }} }} }}",
        quote(project),
        quote(item),
        quote(field)
    )
}

/// `deleteProjectV2Item`: the item leaves the board (the issue itself is untouched).
pub fn delete_item_mutation(project: &str, item: &str) -> String {
    format!(
        "mutation {{ deleteProjectV2Item(input: {{projectId: {}, itemId: {}}}) {{ deletedItemId }} }}",
        quote(project),
        quote(item)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_decodes_fields_items_and_the_next_cursor() {
        let body = json!({"data": {"organization": {"projectV2": {
        "id": "PVT_1", "title": "v1.37 Release Tracking",
        "fields": {"nodes": [
            {"__typename": "ProjectV2SingleSelectField", "id": "F1", "name": "Stage", "dataType": "SINGLE_SELECT",
             "options": [{"id": "a", "name": "Alpha"}]},
            {"__typename": "ProjectV2Field", "id": "F2", "name": "Issue Number", "dataType": "TEXT"},
            {"__typename": "ProjectV2Field", "id": "F3", "name": "Title", "dataType": "TITLE"}
        ]},
        "items": {"totalCount": 2, "pageInfo": {"hasNextPage": true, "endCursor": "c1"}, "nodes": [
            {"id": "I1", "isArchived": false,
             "content": {"__typename": "Issue", "number": 7, "repository": {"nameWithOwner": "kubernetes/enhancements"}},
             "fieldValues": {"nodes": [
                {"__typename": "ProjectV2ItemFieldSingleSelectValue", "name": "Alpha", "field": {"name": "Stage"}},
                {"__typename": "ProjectV2ItemFieldTextValue", "text": "7", "field": {"name": "Issue Number"}},
                {"__typename": "ProjectV2ItemFieldRepositoryValue"}
             ]}},
            {"id": "I2", "isArchived": true,
             "content": {"__typename": "Issue", "number": 7, "repository": {"nameWithOwner": "kubernetes/kubernetes"}},
             "fieldValues": {"nodes": []}}
        ]}}}}});
        let mut b = Board::default();
        let next = parse_board_page("board", &body, "kubernetes/enhancements", &mut b).unwrap();
        assert_eq!(next.as_deref(), Some("c1"));
        assert_eq!(b.id, "PVT_1");
        assert_eq!(b.fields.len(), 3);
        assert!(matches!(b.fields[2].kind, FieldKind::Other));
        assert_eq!(
            b.field("stage")
                .and_then(|f| f.option("ALPHA"))
                .map(|o| o.id.as_str()),
            Some("a")
        );
        assert_eq!(b.items[0].issue, Some(7));
        assert_eq!(b.items[0].value("Issue Number"), "7");
        assert_eq!(
            b.items[1].issue, None,
            "another repository's issue is not ours"
        );
        assert!(b.items[1].archived);
    }

    #[test]
    fn an_error_answer_names_its_type() {
        let body = json!({"data": null, "errors": [{"type": "INSUFFICIENT_SCOPES", "message": "needs read:project"}]});
        let e = parse_board_page("board", &body, "o/r", &mut Board::default()).unwrap_err();
        assert!(
            e.to_string()
                .contains("INSUFFICIENT_SCOPES: needs read:project"),
            "{e}"
        );
    }

    #[test]
    fn mutations_quote_what_they_carry() {
        let m = set_field_mutation(
            "P",
            "I",
            "F",
            &crate::board::FieldValue::Text("a \"b\"".into()),
        );
        assert!(m.contains(r#"value: {text: "a \"b\""}"#), "{m}");
        let m = add_item_mutation("P", "C");
        assert!(m.contains(r#"contentId: "C""#), "{m}");
        let m = clear_field_mutation("P", "I \"x\"", "F");
        assert!(m.contains(r#"itemId: "I \"x\"""#), "{m}");
        let m = delete_item_mutation("P", "I");
        assert!(
            m.contains(r#"deleteProjectV2Item(input: {projectId: "P", itemId: "I"})"#),
            "{m}"
        );
    }
}
