//! kepsync's write token: the precondition that makes two kepsync writers on one sheet safe.
//!
//! Google Sheets has no conditional write, but a `batchUpdate` is all or nothing ("if any request
//! is not valid then the entire request will fail and nothing will be applied") and developer
//! metadata ids are "spreadsheet-scoped unique". So every kepsync batch starts by creating the
//! token's next id and deleting the id it was planned from. Two batches planned from the same
//! token both try to create the same next id: the first applies, the second fails as a whole and
//! its writer re-reads and re-plans.

use super::batch::BatchRequest;
use super::error::SheetsError;
use super::lean::LeanMetadata;
use crate::sheet::WriteToken;
use serde_json::json;

/// The developer metadata key of the token.
pub const KEY: &str = "kepsync.write-token";

/// The id of the first token, on a sheet kepsync has not written yet (and after wrapping).
pub const FIRST_ID: i32 = 1_000_000_001;

/// The token among spreadsheet-level metadata: the highest id under [`KEY`], if any.
pub fn current<'a>(metadata: impl Iterator<Item = &'a LeanMetadata>) -> Option<WriteToken> {
    metadata
        .filter(|m| m.metadata_key.as_deref() == Some(KEY))
        .filter_map(|m| {
            Some(WriteToken {
                id: m.metadata_id.filter(|id| *id > 0)?,
                value: m.metadata_value.clone().unwrap_or_default(),
            })
        })
        .max_by_key(|t| t.id)
}

/// The id a batch planned from `planned_from` creates. The same for every writer that read
/// the same token, which is the point.
pub fn next_id(planned_from: Option<&WriteToken>) -> i32 {
    match planned_from {
        Some(t) if t.id < i32::MAX => t.id + 1,
        _ => FIRST_ID,
    }
}

/// The requests that go first in a batch planned from `planned_from`: create the next token
/// (request 0, the precondition), then delete the one it was planned from.
pub fn requests(planned_from: Option<&WriteToken>, note: &str) -> Vec<BatchRequest> {
    let create = json!({"createDeveloperMetadata": {"developerMetadata": {
        "metadataId": next_id(planned_from),
        "metadataKey": KEY,
        "metadataValue": note,
        "location": {"spreadsheet": true},
        "visibility": "DOCUMENT",
    }}});
    let mut out = vec![BatchRequest::Other(create)];
    if let Some(t) = planned_from {
        out.push(BatchRequest::Other(json!({"deleteDeveloperMetadata": {
            "dataFilter": {"developerMetadataLookup": {"metadataId": t.id}}
        }})));
    }
    out
}

/// True when a batch led by [`requests`] failed on the token: another writer applied a batch
/// planned from the same token first. Recognised by the request index Google names
/// (`Invalid requests[0].createDeveloperMetadata: …`), not by the wording after it.
pub fn lost_to_another_writer(e: &SheetsError) -> bool {
    matches!(e, SheetsError::Rejected { status: 400, message, .. }
        if message.contains("requests[0].createDeveloperMetadata")
            || message.contains("requests[1].deleteDeveloperMetadata"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(id: i32, key: &str) -> LeanMetadata {
        LeanMetadata {
            metadata_id: Some(id),
            metadata_key: Some(key.into()),
            metadata_value: Some(format!("v{id}")),
        }
    }

    #[test]
    fn the_token_is_the_highest_id_under_its_key() {
        let all = [md(7, KEY), md(99, "other"), md(9, KEY), md(8, KEY)];
        assert_eq!(current(all.iter()).map(|t| t.id), Some(9));
        assert_eq!(current([md(5, "other")].iter()), None);
    }

    #[test]
    fn writers_that_read_the_same_token_create_the_same_next_id() {
        let t = WriteToken {
            id: 41,
            value: "a".into(),
        };
        let u = WriteToken {
            id: 41,
            value: "b".into(),
        };
        assert_eq!(next_id(Some(&t)), next_id(Some(&u)));
        assert_eq!(next_id(Some(&t)), 42);
        assert_eq!(next_id(None), FIRST_ID);
        let last = WriteToken {
            id: i32::MAX,
            value: String::new(),
        };
        assert_eq!(next_id(Some(&last)), FIRST_ID);
    }

    #[test]
    fn the_create_comes_first_then_the_delete_of_the_token_planned_from() {
        let t = WriteToken {
            id: 41,
            value: String::new(),
        };
        let body = super::super::batch::body(&requests(Some(&t), "note")).unwrap();
        let text = std::str::from_utf8(&body).unwrap();
        let create = text.find("createDeveloperMetadata").unwrap();
        let delete = text.find("deleteDeveloperMetadata").unwrap();
        assert!(create < delete, "{text}");
        assert!(text.contains(r#""metadataId":42"#), "{text}");
        assert!(
            text.contains(r#""developerMetadataLookup":{"metadataId":41}"#),
            "{text}"
        );
        assert_eq!(requests(None, "n").len(), 1);
    }

    #[test]
    fn only_a_failure_of_the_token_requests_is_a_lost_race() {
        let rejected = |message: &str| SheetsError::Rejected {
            status: 400,
            message: message.into(),
            operation: "batchUpdate".into(),
        };
        assert!(lost_to_another_writer(&rejected(
            "Invalid requests[0].createDeveloperMetadata: Developer metadata with ID 42 already exists."
        )));
        assert!(!lost_to_another_writer(&rejected(
            "Invalid requests[3].updateCells: No grid with id: 9"
        )));
    }
}
