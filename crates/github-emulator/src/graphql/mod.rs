//! `POST /graphql`: parses the document (apollo-compiler), validates it against GitHub's schema
//! when loaded (GitHub's errors; "not emulated" for fields the emulator lacks), prices it like
//! GitHub (connections requested / 100, at least 1), spends the points and executes it.

mod doc;
mod exec;
mod lower;
mod mutation;
mod node;
mod project;
mod resolve;
mod schema;
mod served;
mod validate;

pub use doc::{Document, GqlValue, ParseError, Selection};
pub use schema::{GithubSchema, default_schema, default_schema_paths};
pub use served::serves;
pub use validate::validate_document;

use crate::state::{Resource, State};
use serde_json::{Map, Value, json};

/// The answer to one GraphQL request.
pub(crate) struct GraphqlAnswer {
    pub status: u16,
    pub body: Value,
    /// Points charged (0 when the request was rejected before execution).
    pub points: u32,
    /// Whether the document was a mutation (else a query), once parsed.
    pub is_mutation: bool,
    /// Mutation fields executed.
    pub mutations: u32,
}

/// Answers a GraphQL request body `{"query": …, "variables": …, "operationName": …}`.
pub(crate) fn answer(state: &mut State, body: &Value) -> GraphqlAnswer {
    let Some(query) = body.get("query").and_then(Value::as_str) else {
        return reject(
            400,
            json!({ "message": "Problems parsing JSON", "documentation_url": "https://docs.github.com/graphql" }),
        );
    };
    let empty = Map::new();
    let vars = body
        .get("variables")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let operation = body.get("operationName").and_then(Value::as_str);
    let (ast, doc) = match lower::parse(query, operation) {
        Ok(parsed) => parsed,
        Err(e) => return reject(200, syntax_error(&e)),
    };
    if let Some(schema) = state.schema.clone() {
        let mut errors = validate::validation_errors(&schema, &ast, &doc);
        if errors.is_empty() {
            errors = served::not_emulated(&schema, &doc);
        }
        if !errors.is_empty() {
            return reject(200, json!({ "errors": errors }));
        }
    }
    let cost = price(&doc, &doc.operation, 1, vars).div_ceil(100).max(1) as u32;
    if !state.spend(Resource::Graphql, cost) {
        return reject(
            200,
            json!({ "errors": [{
                "type": "RATE_LIMITED",
                "message": "API rate limit exceeded for user ID 1."
            }]}),
        );
    }
    let (body, mutations) = if doc.is_mutation {
        mutation::run(state, vars, &doc, cost)
    } else {
        (exec::Exec::new(state, vars, &doc, cost).run(), 0)
    };
    GraphqlAnswer {
        status: 200,
        body,
        points: cost,
        is_mutation: doc.is_mutation,
        mutations,
    }
}

fn reject(status: u16, body: Value) -> GraphqlAnswer {
    GraphqlAnswer {
        status,
        body,
        points: 0,
        is_mutation: false,
        mutations: 0,
    }
}

fn syntax_error(e: &ParseError) -> Value {
    json!({ "errors": [{
        "message": format!("Parse error on line {}, column {}: {}", e.line, e.column, e.message),
        "locations": [{ "line": e.line, "column": e.column }]
    }]})
}

/// Connections requested: each paginated field counts once per parent it may appear under.
fn price(doc: &Document, sel: &[Selection], mult: u64, vars: &Map<String, Value>) -> u64 {
    sel.iter()
        .map(|s| match s {
            Selection::Field(f) => {
                let bound = ["first", "last"].iter().find_map(|k| match f.arg(k) {
                    Some(GqlValue::Int(n)) => u64::try_from(*n).ok(),
                    Some(GqlValue::Var(v)) => vars.get(v).and_then(Value::as_u64),
                    _ => None,
                });
                match bound {
                    Some(n) => mult + price(doc, &f.selection, mult * n.max(1), vars),
                    None => price(doc, &f.selection, mult, vars),
                }
            }
            Selection::Inline(_, inner) => price(doc, inner, mult, vars),
            Selection::Spread(name) => doc
                .fragments
                .get(name)
                .map_or(0, |(_, inner)| price(doc, inner, mult, vars)),
        })
        .sum()
}

#[cfg(test)]
mod tests;
