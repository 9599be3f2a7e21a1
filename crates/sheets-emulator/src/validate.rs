//! Request bodies checked against Google's discovery document before anything else happens, as
//! Google's JSON-to-proto parsing does: unknown fields, values of the wrong JSON type, unknown
//! enum values and lists where no list belongs are refused with Google's `Invalid JSON payload
//! received…` / `Invalid value at…` texts, one `google.rpc.BadRequest` field violation each.
//!
//! What Google's parser (protobuf's JSON mapping) accepts is accepted, and handed on in one form
//! so the request handlers need not know the variants: original proto field names
//! (`update_cells`) as well as lowerCamel ones, explicit `null` members ("not set", dropped),
//! integers and doubles given as strings, booleans given as `"true"`, enum values given as
//! numbers, a single value where a list is expected (a list of one) and lists nested in a
//! repeated field (flattened).

use crate::error::ApiError;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Where the emulator looks for the discovery document when none is given: the shared reference
/// data next to the repository (found from the crate's source directory), then the same place
/// relative to the current directory (the repository root).
pub fn default_paths() -> Vec<PathBuf> {
    vec![
        PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/sheets-discovery/sheets.v4.json"
        )),
        PathBuf::from("../shared/sheets-discovery/sheets.v4.json"),
    ]
}

/// The document at the first default path that holds one, parsed once per process; `None`
/// (after one warning line on stderr) when there is none.
pub fn default_discovery() -> Option<Arc<Discovery>> {
    static DEFAULT: OnceLock<Option<Arc<Discovery>>> = OnceLock::new();
    DEFAULT
        .get_or_init(|| {
            let paths = default_paths();
            let mut problems = Vec::new();
            for p in &paths {
                if !p.is_file() {
                    continue;
                }
                match Discovery::from_file(p) {
                    Ok(d) => return Some(Arc::new(d)),
                    Err(e) => problems.push(e),
                }
            }
            let looked: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            eprintln!(
                "sheets-emulator: warning: no usable Sheets discovery document ({}); request bodies are not validated{}",
                looked.join(", "),
                if problems.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", problems.join("; "))
                }
            );
            None
        })
        .clone()
}

/// The types of one field.
#[derive(Debug, Clone, PartialEq)]
enum Ty {
    /// A message, by schema id.
    Message(String),
    /// `google.protobuf.ListValue` (a row of `ValueRange.values`): a list of anything.
    ListValue,
    /// `google.protobuf.Value` (`"type": "any"`): anything.
    Any,
    /// A map; the entry's proto type name for errors.
    Map {
        value: Box<Ty>,
        entry: String,
    },
    /// An enum, by index into [`Discovery::enums`].
    Enum(usize),
    Str,
    Bytes,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Double,
    Float,
    Bool,
}

#[derive(Debug, Clone)]
struct Field {
    /// The lowerCamel JSON name (what the handlers read).
    json: String,
    /// The original proto name (error paths, and accepted as an alias).
    proto: String,
    ty: Ty,
    repeated: bool,
}

#[derive(Debug, Clone, Default)]
struct Message {
    fields: Vec<Field>,
    /// JSON and proto names to an index into `fields`.
    by_name: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
struct EnumType {
    /// `google.apps.sheets.v4.Dimension`, `google.apps.sheets.v4.PieChartSpec.PieChartLegendPosition`.
    proto: String,
    values: Vec<String>,
}

/// The request schemas of Google's discovery document, ready to check bodies against.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    messages: HashMap<String, Message>,
    enums: Vec<EnumType>,
    /// Method id (`spreadsheets.values.update`) to its request schema (`ValueRange`).
    methods: BTreeMap<String, String>,
}

/// How each method's body is named in Google's request message: the prefix of every error path
/// (`data.values` for values.update, as recorded; the whole request when empty).
fn body_field(method: &str) -> &'static str {
    match method {
        "spreadsheets.values.update" | "spreadsheets.values.append" => "data",
        "spreadsheets.create" => "spreadsheet",
        _ => "",
    }
}

/// Message type names where Google's differs from `google.apps.sheets.v4.<schema id>`.
fn message_proto_name(id: &str) -> String {
    match id {
        // Reported by Google for a string given as requests[0].
        "Request" => "google.apps.sheets.v4.BatchUpdateSpreadsheetRequest.Request".into(),
        _ => format!("google.apps.sheets.v4.{id}"),
    }
}

fn camel_to_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn upper_camel(snake_or_camel: &str) -> String {
    let mut out = String::new();
    let mut up = true;
    for c in snake_or_camel.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.push(c.to_ascii_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The enum's own name, from its values and the fields that use it.
fn enum_name(values: &[String], fields: &[&str]) -> String {
    let first = values.first().map(String::as_str).unwrap_or("");
    match first {
        // Google's names for these, whose first value does not say it.
        "INPUT_VALUE_OPTION_UNSPECIFIED" => return "ValueInputOption".into(),
        "FORMATTED_VALUE" => return "ValueRenderOption".into(),
        "SERIAL_NUMBER" => return "DateTimeRenderOption".into(),
        _ => {}
    }
    for suffix in ["_UNSPECIFIED", "_UNDEFINED"] {
        if let Some(stem) = first.strip_suffix(suffix) {
            return upper_camel(&stem.to_ascii_lowercase());
        }
    }
    let longest = fields
        .iter()
        .max_by_key(|f| (f.len(), std::cmp::Reverse(**f)))
        .copied()
        .unwrap_or("Enum");
    upper_camel(longest)
}

impl Discovery {
    /// Reads and prepares the document at `path`.
    pub fn from_file(path: &Path) -> Result<Discovery, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        let doc: Value =
            serde_json::from_str(&text).map_err(|e| format!("parsing {}: {e}", path.display()))?;
        Discovery::from_document(&doc).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Prepares a parsed discovery document (`schemas` and `resources`).
    pub fn from_document(doc: &Value) -> Result<Discovery, String> {
        let schemas = doc
            .get("schemas")
            .and_then(Value::as_object)
            .ok_or("no \"schemas\" object")?;
        let mut d = Discovery::default();
        collect_methods(doc, "", &mut d.methods);
        if d.methods.is_empty() {
            return Err("no methods with a request body under \"resources\"".into());
        }
        // Enums: one type per distinct value list; shared lists are top-level proto enums, the
        // others nested in the one message that uses them.
        let mut lists: BTreeMap<Vec<String>, (BTreeSet<String>, Vec<String>)> = BTreeMap::new();
        for (id, schema) in schemas {
            for (name, p) in schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let p = if p.get("type").and_then(Value::as_str) == Some("array") {
                    p.get("items").unwrap_or(p)
                } else {
                    p
                };
                if let Some(values) = enum_values(p) {
                    let entry = lists.entry(values).or_default();
                    entry.0.insert(id.clone());
                    entry.1.push(name.clone());
                }
            }
        }
        let mut enum_index: HashMap<(String, Vec<String>), usize> = HashMap::new();
        for (values, (owners, fields)) in &lists {
            let names: Vec<&str> = fields.iter().map(String::as_str).collect();
            let name = enum_name(values, &names);
            let proto = match owners.iter().next() {
                Some(owner) if owners.len() == 1 => format!("google.apps.sheets.v4.{owner}.{name}"),
                _ => format!("google.apps.sheets.v4.{name}"),
            };
            let i = d.enums.len();
            d.enums.push(EnumType {
                proto,
                values: values.clone(),
            });
            for owner in owners {
                enum_index.insert((owner.clone(), values.clone()), i);
            }
        }
        for (id, schema) in schemas {
            let mut m = Message::default();
            for (name, p) in schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let (ty, repeated) = field_type(p, id, name, &enum_index);
                let f = Field {
                    json: name.clone(),
                    proto: camel_to_snake(name),
                    ty,
                    repeated,
                };
                let i = m.fields.len();
                m.by_name.insert(f.json.clone(), i);
                m.by_name.entry(f.proto.clone()).or_insert(i);
                m.fields.push(f);
            }
            d.messages.insert(id.clone(), m);
        }
        for (method, schema) in &d.methods {
            if !d.messages.contains_key(schema) {
                return Err(format!("{method}: request schema {schema} is not defined"));
            }
        }
        Ok(d)
    }

    /// The request schema of a method (`spreadsheets.batchUpdate` → `BatchUpdateSpreadsheetRequest`).
    pub fn request_schema(&self, method: &str) -> Option<&str> {
        self.methods.get(method).map(String::as_str)
    }

    /// Checks `body` as the request of `method`; on success the body in canonical form
    /// (lowerCamel names, no null members, scalars in their JSON types, lists where lists belong).
    /// Methods the document does not give a request body pass unchanged.
    pub fn check(&self, method: &str, body: &Value) -> Result<Value, ApiError> {
        let Some(schema) = self.request_schema(method) else {
            return Ok(body.clone());
        };
        let mut walk = Walk {
            d: self,
            errors: Vec::new(),
        };
        let out = match body {
            Value::Null => Value::Null,
            Value::Object(obj) => Value::Object(walk.message(schema, obj, body_field(method))),
            _ => {
                walk.unknown_name("", "", "Root element must be a message.");
                Value::Null
            }
        };
        if walk.errors.is_empty() {
            Ok(out)
        } else {
            Err(violations(&walk.errors))
        }
    }
}

fn collect_methods(node: &Value, prefix: &str, out: &mut BTreeMap<String, String>) {
    let Some(resources) = node.get("resources").and_then(Value::as_object) else {
        return;
    };
    for (name, res) in resources {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        for (m, spec) in res
            .get("methods")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(r) = spec.pointer("/request/$ref").and_then(Value::as_str) {
                out.insert(format!("{path}.{m}"), r.to_string());
            }
        }
        collect_methods(res, &path, out);
    }
}

fn enum_values(p: &Value) -> Option<Vec<String>> {
    let values = p.get("enum")?.as_array()?;
    Some(
        values
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
    )
}

/// A property's type and whether it is repeated.
fn field_type(
    p: &Value,
    owner: &str,
    name: &str,
    enums: &HashMap<(String, Vec<String>), usize>,
) -> (Ty, bool) {
    if let Some(r) = p.get("$ref").and_then(Value::as_str) {
        return (Ty::Message(r.to_string()), false);
    }
    let format = p.get("format").and_then(Value::as_str).unwrap_or("");
    let ty = match p.get("type").and_then(Value::as_str).unwrap_or("any") {
        "array" => {
            let items = p.get("items").cloned().unwrap_or(json!({"type": "any"}));
            if items.get("type").and_then(Value::as_str) == Some("array") {
                return (Ty::ListValue, true);
            }
            return (field_type(&items, owner, name, enums).0, true);
        }
        "object" => match p.get("additionalProperties") {
            Some(v) => Ty::Map {
                value: Box::new(field_type(v, owner, name, enums).0),
                entry: format!(
                    "google.apps.sheets.v4.{owner}.{}Entry",
                    upper_camel(&camel_to_snake(name))
                ),
            },
            None => Ty::Any,
        },
        "string" => match enum_values(p) {
            Some(values) => match enums.get(&(owner.to_string(), values)) {
                Some(i) => Ty::Enum(*i),
                None => Ty::Str,
            },
            None => match format {
                "int64" => Ty::Int64,
                "uint64" => Ty::UInt64,
                "byte" => Ty::Bytes,
                _ => Ty::Str,
            },
        },
        "integer" => match format {
            "uint32" => Ty::UInt32,
            "int64" => Ty::Int64,
            "uint64" => Ty::UInt64,
            _ => Ty::Int32,
        },
        "number" => match format {
            "float" => Ty::Float,
            _ => Ty::Double,
        },
        "boolean" => Ty::Bool,
        _ => Ty::Any,
    };
    (ty, false)
}

/// One refusal: its text and the path it names (empty at the root).
#[derive(Debug, Clone, PartialEq)]
struct Violation {
    text: String,
    field: String,
}

/// Google's answer to a body with these problems: the texts joined by newlines, one field
/// violation each (without `field` at the root, where the path is empty).
fn violations(errors: &[Violation]) -> ApiError {
    let message: Vec<&str> = errors.iter().map(|e| e.text.as_str()).collect();
    let mut e = ApiError::invalid(message.join("\n"));
    let list: Vec<Value> = errors
        .iter()
        .map(|v| {
            if v.field.is_empty() {
                json!({"description": v.text})
            } else {
                json!({"field": v.field, "description": v.text})
            }
        })
        .collect();
    e.details = Some(json!([{
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        "fieldViolations": list
    }]));
    e
}

fn join(loc: &str, name: &str) -> String {
    if loc.is_empty() {
        name.to_string()
    } else {
        format!("{loc}.{name}")
    }
}

/// A value as Google's parser quotes it in `Invalid value` texts.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

struct Walk<'a> {
    d: &'a Discovery,
    errors: Vec<Violation>,
}

impl Walk<'_> {
    fn unknown_name(&mut self, name: &str, loc: &str, why: &str) {
        let text = if loc.is_empty() {
            format!("Invalid JSON payload received. Unknown name \"{name}\": {why}")
        } else {
            format!("Invalid JSON payload received. Unknown name \"{name}\" at '{loc}': {why}")
        };
        self.errors.push(Violation {
            text,
            field: loc.to_string(),
        });
    }

    fn invalid_value(&mut self, loc: &str, type_name: &str, value: &str) {
        let text = if loc.is_empty() {
            format!("Invalid value ({type_name}), {value}")
        } else {
            format!("Invalid value at '{loc}' ({type_name}), {value}")
        };
        self.errors.push(Violation {
            text,
            field: loc.to_string(),
        });
    }

    /// A message at `loc`; unknown members refused, null members dropped.
    fn message(&mut self, id: &str, obj: &Map<String, Value>, loc: &str) -> Map<String, Value> {
        let d = self.d;
        let mut out = Map::new();
        let Some(m) = d.messages.get(id) else {
            return obj.clone();
        };
        let mut kind_set: Option<&str> = None;
        for (key, v) in obj {
            if v.is_null() {
                continue;
            }
            let Some(f) = m.by_name.get(key.as_str()).map(|&i| &m.fields[i]) else {
                self.unknown_name(key, loc, "Cannot find field.");
                continue;
            };
            if id == "Request" {
                if kind_set.is_some() {
                    self.invalid_value(
                        loc,
                        "oneof",
                        &format!("oneof field 'kind' is already set. Cannot set '{key}'"),
                    );
                    continue;
                }
                kind_set = Some(key);
            }
            if let Some(v) = self.field(f, key, v, loc) {
                out.insert(f.json.clone(), v);
            }
        }
        out
    }

    /// One member `key` (as sent) of the message at `loc`.
    fn field(&mut self, f: &Field, key: &str, v: &Value, loc: &str) -> Option<Value> {
        let here = join(loc, &f.proto);
        if f.repeated {
            let items: Vec<&Value> = match v {
                Value::Array(items) if f.ty == Ty::ListValue => items.iter().collect(),
                Value::Array(items) => flatten(items),
                // A single value or object where a list belongs is a list of one.
                one => {
                    return self
                        .single(f, &f.ty, one, loc, &here)
                        .map(|x| Value::Array(vec![x]));
                }
            };
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                if item.is_null() && f.ty != Ty::ListValue {
                    continue;
                }
                if let Some(x) = self.single(f, &f.ty, item, loc, &format!("{here}[{i}]")) {
                    out.push(x);
                }
            }
            return Some(Value::Array(out));
        }
        if let Ty::Map { value, entry } = &f.ty {
            return match v {
                Value::Object(obj) => {
                    let mut out = Map::new();
                    for (i, (k, x)) in obj.iter().enumerate() {
                        if x.is_null() {
                            continue;
                        }
                        let at = format!("{here}[{i}].value");
                        if let Some(x) = self.single(f, value, x, &format!("{here}[{i}]"), &at) {
                            out.insert(k.clone(), x);
                        }
                    }
                    Some(Value::Object(out))
                }
                Value::Array(_) => {
                    self.unknown_name(key, loc, "Proto field is not repeating, cannot start list.");
                    None
                }
                scalar => {
                    self.invalid_value(
                        &here,
                        &format!("type.googleapis.com/{entry}"),
                        &shown(scalar),
                    );
                    None
                }
            };
        }
        if v.is_array() && f.ty != Ty::Any {
            self.unknown_name(key, loc, "Proto field is not repeating, cannot start list.");
            return None;
        }
        self.single(f, &f.ty, v, loc, &here)
    }

    /// One value of type `ty` at `here` (its message at `parent`); `None` when refused.
    fn single(&mut self, f: &Field, ty: &Ty, v: &Value, parent: &str, here: &str) -> Option<Value> {
        let scalar_kind = match ty {
            Ty::Any => return Some(v.clone()),
            Ty::Message(id) => {
                return match v {
                    Value::Object(obj) => Some(Value::Object(self.message(id, obj, here))),
                    other => {
                        let url = format!("type.googleapis.com/{}", message_proto_name(id));
                        self.invalid_value(here, &url, &shown(other));
                        None
                    }
                };
            }
            Ty::ListValue => {
                return match v {
                    Value::Array(_) | Value::Null => Some(v.clone()),
                    other => {
                        self.invalid_value(
                            here,
                            "type.googleapis.com/google.protobuf.ListValue",
                            &shown(other),
                        );
                        None
                    }
                };
            }
            Ty::Map { .. } => return Some(v.clone()),
            Ty::Enum(i) => {
                let e = &self.d.enums[*i];
                let known = match v {
                    Value::String(s) if e.values.iter().any(|x| x == s) => Some(v.clone()),
                    Value::Number(n) => match n.as_i64() {
                        Some(k) if k >= 0 && (k as usize) < e.values.len() => {
                            Some(json!(e.values[k as usize]))
                        }
                        Some(k) if i32::try_from(k).is_ok() => Some(v.clone()),
                        _ => None,
                    },
                    Value::Object(_) => {
                        self.starting_object(f, parent);
                        return None;
                    }
                    _ => None,
                };
                if known.is_none() {
                    let url = format!("type.googleapis.com/{}", e.proto);
                    self.invalid_value(here, &url, &shown(v));
                }
                return known;
            }
            Ty::Str => "TYPE_STRING",
            Ty::Bytes => "TYPE_BYTES",
            Ty::Int32 => "TYPE_INT32",
            Ty::UInt32 => "TYPE_UINT32",
            Ty::Int64 => "TYPE_INT64",
            Ty::UInt64 => "TYPE_UINT64",
            Ty::Double => "TYPE_DOUBLE",
            Ty::Float => "TYPE_FLOAT",
            Ty::Bool => "TYPE_BOOL",
        };
        if v.is_object() {
            self.starting_object(f, parent);
            return None;
        }
        let out = scalar(ty, v);
        if out.is_none() {
            self.invalid_value(here, scalar_kind, &shown(v));
        }
        out
    }

    fn starting_object(&mut self, f: &Field, parent: &str) {
        self.invalid_value(parent, &f.proto, "Starting an object on a scalar field");
    }
}

/// Lists nested in a repeated field continue it (`[[a], b]` is `[a, b]`), as Google's parser
/// reads them.
fn flatten(items: &[Value]) -> Vec<&Value> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::Array(inner) => out.extend(flatten(inner)),
            other => out.push(other),
        }
    }
    out
}

fn integral(v: &Value) -> Option<i128> {
    match v {
        Value::Number(n) => n.as_i64().map(i128::from).or_else(|| {
            n.as_u64().map(i128::from).or_else(|| {
                n.as_f64()
                    .filter(|x| x.fract() == 0.0 && x.abs() < 1.9e19)
                    .map(|x| x as i128)
            })
        }),
        Value::String(s) => s.parse::<i128>().ok(),
        _ => None,
    }
}

/// A scalar in its canonical JSON form, or `None` when Google's parser refuses it.
fn scalar(ty: &Ty, v: &Value) -> Option<Value> {
    let int_in = |lo: i128, hi: i128| integral(v).filter(|n| (lo..=hi).contains(n));
    match ty {
        Ty::Str | Ty::Bytes => v.is_string().then(|| v.clone()),
        Ty::Int32 => int_in(i32::MIN as i128, i32::MAX as i128).map(|n| json!(n as i64)),
        Ty::UInt32 => int_in(0, u32::MAX as i128).map(|n| json!(n as i64)),
        Ty::Int64 => int_in(i64::MIN as i128, i64::MAX as i128).map(|n| json!(n as i64)),
        Ty::UInt64 => int_in(0, u64::MAX as i128).map(|n| json!(n as u64)),
        Ty::Double | Ty::Float => {
            let (x, out) = match v {
                // Numbers pass as sent (an integer stays an integer in echoes).
                Value::Number(n) => (n.as_f64()?, v.clone()),
                Value::String(s) if matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity") => {
                    return Some(v.clone());
                }
                Value::String(s) => {
                    let x = s.parse::<f64>().ok().filter(|x| x.is_finite())?;
                    (x, json!(x))
                }
                _ => return None,
            };
            if *ty == Ty::Float && x.abs() > f32::MAX as f64 {
                return None;
            }
            Some(out)
        }
        Ty::Bool => match v {
            Value::Bool(_) => Some(v.clone()),
            Value::String(s) => match s.to_ascii_lowercase().as_str() {
                "true" | "t" | "yes" | "y" | "1" => Some(json!(true)),
                "false" | "f" | "no" | "n" | "0" => Some(json!(false)),
                _ => None,
            },
            _ => None,
        },
        _ => Some(v.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn discovery() -> Option<Arc<Discovery>> {
        let d = default_discovery();
        if d.is_none() {
            eprintln!("SKIPPED: the discovery document is absent");
        }
        d
    }

    fn message(e: &ApiError) -> &str {
        &e.message
    }

    #[test]
    fn request_schemas_come_from_the_document() {
        let Some(d) = discovery() else { return };
        assert_eq!(
            d.request_schema("spreadsheets.batchUpdate"),
            Some("BatchUpdateSpreadsheetRequest")
        );
        assert_eq!(
            d.request_schema("spreadsheets.values.update"),
            Some("ValueRange")
        );
        assert_eq!(d.request_schema("spreadsheets.create"), Some("Spreadsheet"));
        assert_eq!(
            d.request_schema("spreadsheets.developerMetadata.search"),
            Some("SearchDeveloperMetadataRequest")
        );
        assert_eq!(d.request_schema("spreadsheets.get"), None);
    }

    #[test]
    fn enum_type_names_follow_googles() {
        let Some(d) = discovery() else { return };
        let proto = |first: &str| {
            d.enums
                .iter()
                .find(|e| e.values.first().map(String::as_str) == Some(first))
                .map(|e| e.proto.clone())
        };
        assert_eq!(
            proto("DIMENSION_UNSPECIFIED").as_deref(),
            Some("google.apps.sheets.v4.Dimension")
        );
        assert_eq!(
            proto("INPUT_VALUE_OPTION_UNSPECIFIED").as_deref(),
            Some("google.apps.sheets.v4.ValueInputOption")
        );
        assert_eq!(
            proto("PIE_CHART_LEGEND_POSITION_UNSPECIFIED").as_deref(),
            Some("google.apps.sheets.v4.PieChartSpec.PieChartLegendPosition")
        );
    }

    #[test]
    fn several_problems_are_reported_together_in_key_order() {
        let Some(d) = discovery() else { return };
        let body = json!({"requests": [{"updateCells": {"zzz": 1, "aaa": 2, "fields": "*"}}]});
        let e = d.check("spreadsheets.batchUpdate", &body).unwrap_err();
        assert_eq!(
            message(&e),
            "Invalid JSON payload received. Unknown name \"aaa\" at 'requests[0].update_cells': Cannot find field.\n\
             Invalid JSON payload received. Unknown name \"zzz\" at 'requests[0].update_cells': Cannot find field."
        );
        let fv = &e.details.unwrap()[0]["fieldViolations"];
        assert_eq!(fv.as_array().unwrap().len(), 2);
        assert_eq!(fv[1]["field"], "requests[0].update_cells");
    }

    #[test]
    fn root_problems_name_no_path() {
        let Some(d) = discovery() else { return };
        let e = d
            .check("spreadsheets.batchUpdate", &json!({"data": []}))
            .unwrap_err();
        assert_eq!(
            message(&e),
            "Invalid JSON payload received. Unknown name \"data\": Cannot find field."
        );
        assert_eq!(
            e.details.unwrap()[0]["fieldViolations"][0],
            json!({"description": "Invalid JSON payload received. Unknown name \"data\": Cannot find field."})
        );
        let e = d
            .check("spreadsheets.values.batchClear", &json!([1]))
            .unwrap_err();
        assert_eq!(
            message(&e),
            "Invalid JSON payload received. Unknown name \"\": Root element must be a message."
        );
        let e = d
            .check(
                "spreadsheets.values.update",
                &json!({"valueInputOption": "RAW"}),
            )
            .unwrap_err();
        assert_eq!(
            message(&e),
            "Invalid JSON payload received. Unknown name \"valueInputOption\" at 'data': Cannot find field."
        );
    }

    #[test]
    fn lists_and_objects_in_the_wrong_place() {
        let Some(d) = discovery() else { return };
        let body =
            json!({"requests": [{"updateCells": {"range": [{"sheetId": 0}], "fields": "*"}}]});
        let e = d.check("spreadsheets.batchUpdate", &body).unwrap_err();
        assert_eq!(
            message(&e),
            "Invalid JSON payload received. Unknown name \"range\" at 'requests[0].update_cells': Proto field is not repeating, cannot start list."
        );
        let body = json!({"requests": [{"updateCells": {"fields": {"a": 1}}}]});
        let e = d.check("spreadsheets.batchUpdate", &body).unwrap_err();
        assert_eq!(
            message(&e),
            "Invalid value at 'requests[0].update_cells' (fields), Starting an object on a scalar field"
        );
        let e = d
            .check(
                "spreadsheets.batchUpdate",
                &json!({"requests": ["repeatCell"]}),
            )
            .unwrap_err();
        assert_eq!(
            message(&e),
            "Invalid value at 'requests[0]' (type.googleapis.com/google.apps.sheets.v4.BatchUpdateSpreadsheetRequest.Request), \"repeatCell\""
        );
        let e = d
            .check("spreadsheets.values.update", &json!({"values": ["x"]}))
            .unwrap_err();
        assert_eq!(
            message(&e),
            "Invalid value at 'data.values[0]' (type.googleapis.com/google.protobuf.ListValue), \"x\""
        );
    }

    #[test]
    fn two_kinds_in_one_request_are_refused() {
        let Some(d) = discovery() else { return };
        let body = json!({"requests": [{"deleteSheet": {"sheetId": 1}, "addSheet": {}}]});
        let e = d.check("spreadsheets.batchUpdate", &body).unwrap_err();
        assert_eq!(
            message(&e),
            "Invalid value at 'requests[0]' (oneof), oneof field 'kind' is already set. Cannot set 'deleteSheet'"
        );
    }

    #[test]
    fn accepted_variants_come_out_canonical() {
        let Some(d) = discovery() else { return };
        let body = json!({"requests": [
            {"update_dimension_properties": {"range": {"sheet_id": "7", "dimension": 1, "startIndex": 2.0},
              "properties": {"hiddenByUser": "true", "pixelSize": null}, "fields": "hiddenByUser"}},
            [{"deleteSheet": {"sheetId": 3}}],
            null
        ], "includeSpreadsheetInResponse": null, "responseRanges": "A1"});
        let out = d.check("spreadsheets.batchUpdate", &body).unwrap();
        assert_eq!(
            out,
            json!({"requests": [
                {"updateDimensionProperties": {"range": {"sheetId": 7, "dimension": "ROWS", "startIndex": 2},
                  "properties": {"hiddenByUser": true}, "fields": "hiddenByUser"}},
                {"deleteSheet": {"sheetId": 3}}
            ], "responseRanges": ["A1"]})
        );
    }

    #[test]
    fn scalars_of_the_wrong_kind_name_their_proto_type() {
        let Some(d) = discovery() else { return };
        let cases = [
            (
                json!({"sheetId": "x"}),
                "Invalid value at 'requests[0].delete_sheet.sheet_id' (TYPE_INT32), \"x\"",
            ),
            (
                json!({"sheetId": 1.5}),
                "Invalid value at 'requests[0].delete_sheet.sheet_id' (TYPE_INT32), 1.5",
            ),
            (
                json!({"sheetId": 4294967296u64}),
                "Invalid value at 'requests[0].delete_sheet.sheet_id' (TYPE_INT32), 4294967296",
            ),
            (
                json!({"sheetId": true}),
                "Invalid value at 'requests[0].delete_sheet.sheet_id' (TYPE_INT32), true",
            ),
        ];
        for (args, want) in cases {
            let body = json!({"requests": [{"deleteSheet": args}]});
            let e = d.check("spreadsheets.batchUpdate", &body).unwrap_err();
            assert_eq!(message(&e), want);
        }
        let body = json!({"requests": [{"updateCells": {"fields": 5}}]});
        let e = d.check("spreadsheets.batchUpdate", &body).unwrap_err();
        assert_eq!(
            message(&e),
            "Invalid value at 'requests[0].update_cells.fields' (TYPE_STRING), 5"
        );
    }
}
