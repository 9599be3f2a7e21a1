//! `POST /graphql`: parses the query text, prices it like GitHub (connections requested / 100,
//! at least 1), spends the points and executes it.

mod exec;
mod node;
mod parse;

pub use parse::{Document, GqlValue, ParseError, Selection, parse};

use crate::state::{Resource, State};
use serde_json::{Map, Value, json};

/// The answer to one GraphQL request.
pub struct GraphqlAnswer {
    pub status: u16,
    pub body: Value,
    /// Points charged (0 when the request was rejected before execution).
    pub points: u32,
}

/// Answers a GraphQL request body `{"query": …, "variables": …}`.
pub fn answer(state: &mut State, body: &Value) -> GraphqlAnswer {
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
    let doc = match parse(query) {
        Ok(doc) => doc,
        Err(e) => return reject(200, syntax_error(&e)),
    };
    if doc.is_mutation {
        return reject(
            200,
            json!({ "errors": [{ "message": "This emulator serves queries only." }] }),
        );
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
    let body = exec::Exec::new(state, vars, &doc, cost).run();
    GraphqlAnswer {
        status: 200,
        body,
        points: cost,
    }
}

fn reject(status: u16, body: Value) -> GraphqlAnswer {
    GraphqlAnswer {
        status,
        body,
        points: 0,
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
