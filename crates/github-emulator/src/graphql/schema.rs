//! GitHub's published GraphQL schema: where it is found, loading it once per process, and the
//! type lookups the validator needs (a field's type, whether a type has a field).

use apollo_compiler::Schema;
use apollo_compiler::validation::Valid;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// GitHub's schema, parsed and validated (cheap to share: hold it in an `Arc`).
pub struct GithubSchema {
    schema: Valid<Schema>,
}

impl std::fmt::Debug for GithubSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GithubSchema({} types)", self.schema.types.len())
    }
}

impl GithubSchema {
    /// Parses schema SDL text. GitHub's schema is accepted even where apollo-compiler's schema
    /// rules are stricter than GitHub's server (the parse must succeed; rule findings are ignored).
    pub fn parse(sdl: &str, name: &str) -> Result<GithubSchema, String> {
        let schema = match Schema::parse_and_validate(sdl, name) {
            Ok(valid) => valid,
            Err(with_errors) if with_errors.partial.types.len() > 100 => {
                Valid::assume_valid(with_errors.partial)
            }
            Err(with_errors) => return Err(format!("{name}: {}", with_errors.errors)),
        };
        Ok(GithubSchema { schema })
    }

    pub fn from_file(path: &Path) -> Result<GithubSchema, String> {
        let sdl = std::fs::read_to_string(path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        GithubSchema::parse(&sdl, &path.display().to_string())
    }

    pub(crate) fn inner(&self) -> &Valid<Schema> {
        &self.schema
    }

    /// The named type a field of `type_name` returns (`None`: no such field).
    pub(crate) fn field_type(&self, type_name: &str, field: &str) -> Option<String> {
        let def = self.schema.type_field(type_name, field).ok()?;
        Some(def.ty.inner_named_type().to_string())
    }

    /// Whether `name` is a type of the schema.
    pub(crate) fn has_type(&self, name: &str) -> bool {
        self.schema.types.contains_key(name)
    }

    /// The root type of queries or mutations.
    pub(crate) fn root(&self, mutation: bool) -> Option<String> {
        let kind = if mutation {
            apollo_compiler::ast::OperationType::Mutation
        } else {
            apollo_compiler::ast::OperationType::Query
        };
        self.schema.root_operation(kind).map(|n| n.to_string())
    }
}

/// Where the emulator looks for GitHub's schema when none is given: the shared reference data
/// next to the repository (found from the crate's source directory), then the same place relative
/// to the current directory (the repository root).
pub fn default_schema_paths() -> Vec<PathBuf> {
    vec![
        PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/github-graphql-schema/schema.graphql"
        )),
        PathBuf::from("../shared/github-graphql-schema/schema.graphql"),
    ]
}

/// The schema at the first default path that holds one, loaded once per process; `None` (after
/// one warning line on stderr) when there is none: the emulator then answers without validation.
pub fn default_schema() -> Option<Arc<GithubSchema>> {
    static DEFAULT: OnceLock<Option<Arc<GithubSchema>>> = OnceLock::new();
    DEFAULT.get_or_init(load_default).clone()
}

fn load_default() -> Option<Arc<GithubSchema>> {
    let paths = default_schema_paths();
    let mut problems = Vec::new();
    for p in paths.iter().filter(|p| p.is_file()) {
        match GithubSchema::from_file(p) {
            Ok(s) => return Some(Arc::new(s)),
            Err(e) => problems.push(e),
        }
    }
    let looked: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let why = if problems.is_empty() {
        String::new()
    } else {
        format!(" ({})", problems.join("; "))
    };
    eprintln!(
        "github-emulator: warning: no GitHub GraphQL schema ({}); GraphQL documents are not validated{why}",
        looked.join(", ")
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn githubs_schema_loads_once_and_knows_projects() {
        let Some(schema) = default_schema() else {
            eprintln!("SKIPPED: ../shared/github-graphql-schema is absent");
            return;
        };
        assert!(Arc::ptr_eq(&schema, &default_schema().unwrap()));
        assert_eq!(
            schema.field_type("Organization", "projectV2").as_deref(),
            Some("ProjectV2")
        );
        assert_eq!(schema.field_type("Issue", "bogus"), None);
        assert_eq!(schema.root(true).as_deref(), Some("Mutation"));
    }
}
