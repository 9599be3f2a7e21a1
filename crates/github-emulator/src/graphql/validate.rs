//! Validation of documents against GitHub's schema: GitHub's `undefinedField` errors from our own
//! walk (with graphql-ruby's paths), apollo-compiler's validation for everything else, and a walk
//! that visits every field with the type it is selected on (used for "not emulated" too).

use super::doc::{Document, Field, Selection};
use super::lower;
use super::schema::GithubSchema;
use apollo_compiler::ast;
use serde_json::{Value, json};

/// Validates a document kepsync (or anyone) would send to GitHub: `Err` lists every problem's
/// message (a syntax error, a field GitHub does not have, a missing argument, …).
pub fn validate_document(schema: &GithubSchema, document: &str) -> Result<(), Vec<String>> {
    let (ast, doc) = lower::parse(document, None).map_err(|e| {
        vec![format!(
            "Parse error on line {}, column {}: {}",
            e.line, e.column, e.message
        )]
    })?;
    let errors = validation_errors(schema, &ast, &doc);
    if errors.is_empty() {
        return Ok(());
    }
    Err(errors
        .iter()
        .map(|e| e["message"].as_str().unwrap_or_default().to_string())
        .collect())
}

/// GitHub-shaped errors for every way the document is invalid against the schema (empty: valid).
pub fn validation_errors(schema: &GithubSchema, ast: &ast::Document, doc: &Document) -> Vec<Value> {
    let mut errors = undefined_fields(schema, doc);
    if let Err(with_errors) = ast.to_executable_validate(schema.inner()) {
        for diag in with_errors.errors.iter() {
            let name = diag.error.unstable_error_name().unwrap_or("");
            if name == "UndefinedField" {
                continue;
            }
            let message = diag
                .error
                .unstable_compat_message()
                .unwrap_or_else(|| diag.error.to_string());
            let mut e = json!({ "extensions": { "code": code_for(name) }, "message": message });
            if let Some(range) = diag.line_column_range() {
                e["locations"] =
                    json!([{ "line": range.start.line, "column": range.start.column }]);
            }
            errors.push(e);
        }
    }
    errors
}

/// graphql-ruby's error codes for apollo-compiler's rule names (`validationError` when unmapped).
fn code_for(apollo_name: &str) -> &'static str {
    match apollo_name {
        "RequiredArgument" => "missingRequiredArguments",
        "UndefinedArgument" => "argumentNotAccepted",
        "UndefinedVariable" => "variableNotDefined",
        "UnusedVariable" => "variableNotUsed",
        "UndefinedFragment" | "UnusedFragment" => "useAndDefineFragment",
        "UndefinedDefinition"
        | "UndefinedTypeInNamedFragmentTypeCondition"
        | "UndefinedTypeInInlineFragmentTypeCondition" => "undefinedType",
        "InvalidFragmentSpread" => "cannotSpreadFragment",
        "MissingSubselection" | "SubselectionOnScalarType" | "SubselectionOnEnumType" => {
            "selectionMismatch"
        }
        "DisallowedVariableUsage" => "variableMismatch",
        "UnsupportedValueType"
        | "IntCoercionError"
        | "FloatCoercionError"
        | "UndefinedEnumValue"
        | "UndefinedInputValue"
        | "RequiredField" => "argumentLiteralsIncompatible",
        _ => "validationError",
    }
}

/// One field as the walk meets it: the type it is selected on and graphql-ruby's path to it.
pub struct Visit<'d> {
    pub parent: &'d str,
    pub field: &'d Field,
    pub path: &'d [String],
}

/// Visits every field of the operation and of each fragment definition with its parent type
/// (`None` from the visitor: do not descend, e.g. the field is undefined). Fragment spreads are
/// not followed: each fragment is walked once from its own definition.
pub fn walk(schema: &GithubSchema, doc: &Document, visit: &mut dyn FnMut(Visit<'_>) -> bool) {
    if let Some(root) = schema.root(doc.is_mutation) {
        let mut path = vec![doc.operation_label.clone()];
        walk_set(schema, &root, &doc.operation, &mut path, visit);
    }
    for (name, (on, sel)) in &doc.fragments {
        if schema.has_type(on) {
            walk_set(
                schema,
                on,
                sel,
                &mut vec![format!("fragment {name}")],
                visit,
            );
        }
    }
}

fn walk_set(
    schema: &GithubSchema,
    parent: &str,
    sel: &[Selection],
    path: &mut Vec<String>,
    visit: &mut dyn FnMut(Visit<'_>) -> bool,
) {
    for s in sel {
        match s {
            Selection::Field(f) => {
                path.push(f.key().to_string());
                let descend = visit(Visit {
                    parent,
                    field: f,
                    path,
                });
                if descend && let Some(ty) = schema.field_type(parent, &f.name) {
                    walk_set(schema, &ty, &f.selection, path, visit);
                }
                path.pop();
            }
            Selection::Inline(on, inner) => {
                let ty = on.as_deref().unwrap_or(parent);
                if schema.has_type(ty) {
                    path.push(format!("... on {ty}"));
                    walk_set(schema, ty, inner, path, visit);
                    path.pop();
                }
            }
            Selection::Spread(_) => {}
        }
    }
}

/// GitHub's error for each field its type does not have.
fn undefined_fields(schema: &GithubSchema, doc: &Document) -> Vec<Value> {
    let mut errors = Vec::new();
    walk(schema, doc, &mut |v| {
        if schema.field_type(v.parent, &v.field.name).is_some() {
            return true;
        }
        errors.push(json!({
            "path": v.path,
            "extensions": { "code": "undefinedField", "typeName": v.parent, "fieldName": v.field.name },
            "locations": [{ "line": v.field.line, "column": v.field.column }],
            "message": format!("Field '{}' doesn't exist on type '{}'", v.field.name, v.parent)
        }));
        false
    });
    errors
}
