//! Parses a GraphQL document with apollo-compiler and lowers the operation to execute (the named
//! one, else the first) and the fragments into the executor's tree.

use super::doc::{Document, Field, GqlValue, ParseError, Selection};
use apollo_compiler::ast::{self, Definition, OperationType};
use apollo_compiler::parser::SourceMap;

/// Parses `src`: apollo-compiler's AST (for validation) and the executor's tree.
pub fn parse(
    src: &str,
    operation_name: Option<&str>,
) -> Result<(ast::Document, Document), ParseError> {
    let ast =
        ast::Document::parse(src, "query.graphql").map_err(|e| first_syntax_error(&e.errors))?;
    let doc = lower(&ast, operation_name)?;
    Ok((ast, doc))
}

fn first_syntax_error(errors: &apollo_compiler::validation::DiagnosticList) -> ParseError {
    let first = errors.iter().next();
    let (line, column) = first
        .as_ref()
        .and_then(|d| d.line_column_range())
        .map_or((1, 1), |r| (r.start.line, r.start.column));
    ParseError {
        message: first.map_or_else(|| "syntax error".into(), |d| d.error.to_string()),
        line,
        column,
    }
}

fn lower(ast: &ast::Document, operation_name: Option<&str>) -> Result<Document, ParseError> {
    let sources = &ast.sources;
    let mut doc = Document::default();
    let mut chosen = None;
    for def in &ast.definitions {
        match def {
            Definition::OperationDefinition(op) => {
                let wanted = operation_name.is_none_or(|n| op.name.as_deref() == Some(n));
                if chosen.is_none() && wanted {
                    chosen = Some(op);
                }
            }
            Definition::FragmentDefinition(f) => {
                let sel = selections(sources, &f.selection_set);
                doc.fragments
                    .insert(f.name.to_string(), (f.type_condition.to_string(), sel));
            }
            _ => {}
        }
    }
    let op = chosen.ok_or_else(|| ParseError {
        message: match operation_name {
            Some(n) => format!("No operation named \"{n}\""),
            None => "the document has no operation".into(),
        },
        line: 1,
        column: 1,
    })?;
    doc.is_mutation = op.operation_type == OperationType::Mutation;
    let kind = if doc.is_mutation { "mutation" } else { "query" };
    doc.operation_label = match &op.name {
        Some(n) => format!("{kind} {n}"),
        None => kind.to_string(),
    };
    for var in &op.variables {
        if let Some(default) = &var.default_value {
            doc.defaults.insert(var.name.to_string(), value(default));
        }
    }
    doc.operation = selections(sources, &op.selection_set);
    Ok(doc)
}

fn selections(sources: &SourceMap, set: &[ast::Selection]) -> Vec<Selection> {
    set.iter()
        .map(|s| match s {
            ast::Selection::Field(f) => Selection::Field(field(sources, f)),
            ast::Selection::InlineFragment(i) => Selection::Inline(
                i.type_condition.as_ref().map(|t| t.to_string()),
                selections(sources, &i.selection_set),
            ),
            ast::Selection::FragmentSpread(s) => Selection::Spread(s.fragment_name.to_string()),
        })
        .collect()
}

fn field(sources: &SourceMap, f: &apollo_compiler::Node<ast::Field>) -> Field {
    let (line, column) = f
        .line_column_range(sources)
        .map_or((1, 1), |r| (r.start.line, r.start.column));
    Field {
        alias: f.alias.as_ref().map(|a| a.to_string()),
        name: f.name.to_string(),
        args: f
            .arguments
            .iter()
            .map(|a| (a.name.to_string(), value(&a.value)))
            .collect(),
        selection: selections(sources, &f.selection_set),
        line,
        column,
    }
}

fn value(v: &ast::Value) -> GqlValue {
    match v {
        ast::Value::Null => GqlValue::Null,
        ast::Value::Enum(n) => GqlValue::Enum(n.to_string()),
        ast::Value::Variable(n) => GqlValue::Var(n.to_string()),
        ast::Value::String(s) => GqlValue::Str(s.clone()),
        ast::Value::Float(f) => GqlValue::Float(f.try_to_f64().unwrap_or(f64::NAN)),
        ast::Value::Int(i) => match i.as_str().parse::<i64>() {
            Ok(n) => GqlValue::Int(n),
            Err(_) => GqlValue::Float(i.try_to_f64().unwrap_or(f64::NAN)),
        },
        ast::Value::Boolean(b) => GqlValue::Bool(*b),
        ast::Value::List(items) => GqlValue::List(items.iter().map(|i| value(i)).collect()),
        ast::Value::Object(fields) => GqlValue::Object(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), value(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(sel: &Selection) -> &Field {
        match sel {
            Selection::Field(f) => f,
            other => panic!("not a field: {other:?}"),
        }
    }

    #[test]
    fn lowers_aliases_fragments_args_and_positions() {
        let (_, doc) = parse(
            "query Q($n: Int = 7) {\n  a: issue(number: $n, s: \"x\\\"y\", l: [1, 2.5], o: {k: OPEN}) { ...K }\n}\nfragment K on Issue { number ... on Issue { title } }",
            None,
        )
        .unwrap();
        let f = field(&doc.operation[0]);
        assert_eq!(
            (f.key(), f.name.as_str(), f.line, f.column),
            ("a", "issue", 2, 3)
        );
        assert_eq!(f.arg("number"), Some(&GqlValue::Var("n".into())));
        assert_eq!(f.arg("s"), Some(&GqlValue::Str("x\"y".into())));
        assert_eq!(
            f.arg("l"),
            Some(&GqlValue::List(vec![
                GqlValue::Int(1),
                GqlValue::Float(2.5)
            ]))
        );
        assert_eq!(
            f.arg("o"),
            Some(&GqlValue::Object(vec![(
                "k".into(),
                GqlValue::Enum("OPEN".into())
            )]))
        );
        assert_eq!(doc.defaults.get("n"), Some(&GqlValue::Int(7)));
        assert_eq!(doc.operation_label, "query Q");
        assert_eq!(doc.fragments["K"].0, "Issue");
    }

    #[test]
    fn picks_the_named_operation_and_reports_syntax_errors_with_positions() {
        let src = "query A { viewer { login } } mutation B { x }";
        let (_, doc) = parse(src, Some("B")).unwrap();
        assert!(doc.is_mutation);
        let e = parse("{\n  repository(owner: ) }", None).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("syntax error"), "{}", e.message);
    }
}
