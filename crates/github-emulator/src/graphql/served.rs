//! What the emulator serves, by GitHub type and field, and the "not emulated" errors for fields
//! GitHub has that the emulator does not (checked only when GitHub's schema is loaded).

use super::doc::Document;
use super::schema::GithubSchema;
use super::validate::walk;
use serde_json::{Value, json};

const CONNECTION: &[&str] = &["nodes", "edges", "totalCount", "pageInfo"];
const EDGE: &[&str] = &["node", "cursor"];
const FIELD_COMMON: &[&str] = &["id", "name", "dataType"];
const VALUE_COMMON: &[&str] = &["id", "field"];

/// The fields served on each type (`__typename` is served everywhere).
const SERVED: &[(&str, &[&str])] = &[
    (
        "Query",
        &["repository", "rateLimit", "viewer", "organization", "node"],
    ),
    (
        "Mutation",
        &[
            "addProjectV2ItemById",
            "updateProjectV2ItemFieldValue",
            "clearProjectV2ItemFieldValue",
            "deleteProjectV2Item",
        ],
    ),
    (
        "Repository",
        &[
            "id",
            "name",
            "nameWithOwner",
            "url",
            "owner",
            "defaultBranchRef",
            "issue",
            "issueOrPullRequest",
            "issues",
            "pullRequest",
            "pullRequests",
            "object",
        ],
    ),
    (
        "Issue",
        &[
            "id",
            "number",
            "title",
            "body",
            "url",
            "state",
            "stateReason",
            "closed",
            "createdAt",
            "updatedAt",
            "closedAt",
            "author",
            "repository",
            "milestone",
            "assignees",
            "labels",
            "timelineItems",
        ],
    ),
    (
        "PullRequest",
        &[
            "id",
            "number",
            "title",
            "url",
            "state",
            "merged",
            "mergedAt",
            "closed",
            "isDraft",
            "baseRefName",
            "createdAt",
            "updatedAt",
            "author",
            "repository",
            "labels",
            "files",
            "changedFiles",
        ],
    ),
    (
        "Blob",
        &[
            "text",
            "byteSize",
            "oid",
            "abbreviatedOid",
            "isBinary",
            "isTruncated",
        ],
    ),
    ("GitObject", &["oid"]),
    ("Commit", &["oid"]),
    ("Ref", &["name", "prefix", "target"]),
    ("User", &["login", "url", "name"]),
    ("Actor", &["login", "url"]),
    ("RepositoryOwner", &["login", "url"]),
    ("Organization", &["login", "url", "name", "projectV2"]),
    ("Label", &["name", "color"]),
    ("Milestone", &["title", "number", "state", "dueOn"]),
    (
        "CrossReferencedEvent",
        &[
            "source",
            "target",
            "willCloseTarget",
            "isCrossRepository",
            "referencedAt",
            "createdAt",
            "actor",
        ],
    ),
    // Never produced (the emulator's timelines hold cross-references only), but selectable.
    ("ConnectedEvent", &["source", "subject"]),
    (
        "PullRequestChangedFile",
        &["path", "additions", "deletions", "changeType"],
    ),
    (
        "RateLimit",
        &["cost", "limit", "remaining", "used", "resetAt", "nodeCount"],
    ),
    (
        "PageInfo",
        &["hasNextPage", "hasPreviousPage", "startCursor", "endCursor"],
    ),
    ("Node", &["id"]),
    ("UniformResourceLocatable", &["url"]),
    (
        "ProjectV2",
        &[
            "id",
            "title",
            "number",
            "url",
            "closed",
            "public",
            "viewerCanUpdate",
            "fields",
            "field",
            "items",
        ],
    ),
    ("ProjectV2FieldCommon", FIELD_COMMON),
    ("ProjectV2Field", FIELD_COMMON),
    ("ProjectV2IterationField", FIELD_COMMON),
    (
        "ProjectV2SingleSelectField",
        &["id", "name", "dataType", "options"],
    ),
    ("ProjectV2SingleSelectFieldOption", &["id", "name"]),
    (
        "ProjectV2Item",
        &[
            "id",
            "type",
            "isArchived",
            "content",
            "fieldValues",
            "fieldValueByName",
            "project",
            "createdAt",
            "updatedAt",
        ],
    ),
    ("ProjectV2ItemFieldValueCommon", VALUE_COMMON),
    ("ProjectV2ItemFieldTextValue", &["id", "field", "text"]),
    (
        "ProjectV2ItemFieldSingleSelectValue",
        &["id", "field", "name", "optionId"],
    ),
    ("ProjectV2ItemFieldDateValue", &["id", "field", "date"]),
    ("ProjectV2ItemFieldNumberValue", &["id", "field", "number"]),
    ("ProjectV2ItemFieldLabelValue", &["field", "labels"]),
    ("ProjectV2ItemFieldMilestoneValue", &["field", "milestone"]),
    (
        "ProjectV2ItemFieldRepositoryValue",
        &["field", "repository"],
    ),
    ("ProjectV2ItemFieldUserValue", &["field", "users"]),
    ("AddProjectV2ItemByIdPayload", &["item", "clientMutationId"]),
    (
        "UpdateProjectV2ItemFieldValuePayload",
        &["projectV2Item", "clientMutationId"],
    ),
    (
        "ClearProjectV2ItemFieldValuePayload",
        &["projectV2Item", "clientMutationId"],
    ),
    (
        "DeleteProjectV2ItemPayload",
        &["deletedItemId", "clientMutationId"],
    ),
];

/// Whether the emulator answers `field` selected on `parent`.
pub fn serves(parent: &str, field: &str) -> bool {
    if field == "__typename" {
        return true;
    }
    if parent.ends_with("Connection") {
        return CONNECTION.contains(&field);
    }
    if parent.ends_with("Edge") {
        return EDGE.contains(&field);
    }
    SERVED
        .iter()
        .any(|(ty, fields)| *ty == parent && fields.contains(&field))
}

/// An error for each field GitHub has and the emulator does not serve (the document is valid).
pub fn not_emulated(schema: &GithubSchema, doc: &Document) -> Vec<Value> {
    let mut errors = Vec::new();
    walk(schema, doc, &mut |v| {
        if serves(v.parent, &v.field.name) {
            return true;
        }
        errors.push(json!({
            "path": v.path,
            "extensions": { "code": "notEmulated", "typeName": v.parent, "fieldName": v.field.name },
            "locations": [{ "line": v.field.line, "column": v.field.column }],
            "message": format!(
                "Field '{}' on type '{}' is valid on GitHub but not emulated by github-emulator",
                v.field.name, v.parent
            )
        }));
        false
    });
    errors
}
