//! The release board through the GitHub adapter: read it whole (paginated), and apply a board
//! plan (items added, then fields set, one mutation at a time, paced).

use super::adapter::GithubAdapter;
use super::board_queries::{
    add_item_mutation, board_query, clear_field_mutation, delete_item_mutation, first_error,
    node_ids_query, parse_board_page, set_field_mutation, set_fields_mutation,
    viewer_can_update_query,
};
use super::error::GithubError;
use crate::board::{BoardOutcome, BoardPlan, BoardStep, BoardUndo, FieldSet};

/// Field sets sent in one request (each still a mutation of its own): a cold board of 500
/// enhancements is ~3,400 sets, one request each took most of an hour at a second apart.
const SETS_PER_REQUEST: usize = 10;
use crate::model::board::Board;
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

impl GithubAdapter {
    /// The whole board: every field, every item with its values, 100 items a query.
    pub async fn observe_board(&self, owner: &str, number: u64) -> Result<Board, GithubError> {
        let mut board = Board::default();
        let mut after: Option<String> = None;
        loop {
            let call = format!("read board {owner}/{number}");
            let body = self
                .transport()
                .graphql(&call, &board_query(owner, number, after.as_deref()))
                .await?;
            after = parse_board_page(&call, &body, self.repo(), &mut board)?;
            if after.is_none() {
                return Ok(board);
            }
        }
    }

    /// Whether the token can write the board (`viewerCanUpdate`).
    pub async fn can_update_board(&self, owner: &str, number: u64) -> Result<bool, GithubError> {
        let call = format!("board {owner}/{number} permissions");
        let body = self
            .transport()
            .graphql(&call, &viewer_can_update_query(owner, number))
            .await?;
        if let Some(message) = first_error(&body) {
            return Err(GithubError::Status {
                call,
                status: 200,
                message,
            });
        }
        Ok(body
            .pointer("/data/organization/projectV2/viewerCanUpdate")
            .and_then(Value::as_bool)
            .unwrap_or(false))
    }

    /// Applies `plan`: adds the missing items, then sets each field, `pause` apart. The first
    /// refusal stops board writes for the cycle with one message naming the fix.
    pub async fn apply_board(&self, plan: &BoardPlan, pause: Duration) -> BoardOutcome {
        let mut out = BoardOutcome::default();
        let mut items: BTreeMap<u64, String> = BTreeMap::new();
        let mut first = true;
        let result = async {
            let contents = self.node_ids(&plan.adds).await?;
            for n in &plan.adds {
                let Some(content) = contents.get(n) else {
                    tracing::warn!(
                        issue = n,
                        "no node id for the issue: not added to the board"
                    );
                    continue;
                };
                paced(&mut first, pause).await;
                let body = self
                    .mutate(*n, &add_item_mutation(&plan.project, content))
                    .await?;
                let id = body
                    .pointer("/data/addProjectV2ItemById/item/id")
                    .and_then(Value::as_str)
                    .ok_or_else(|| GithubError::decode("add to board", "no item id"))?;
                items.insert(*n, id.to_string());
                out.added.push((*n, id.to_string()));
                out.applied.push(format!("#{n}: added to the board"));
            }
            let ready: Vec<(usize, &FieldSet, String)> = plan
                .sets
                .iter()
                .enumerate()
                .filter_map(|(k, s)| {
                    let item = s.item.clone().or_else(|| items.get(&s.issue).cloned())?;
                    Some((k, s, item))
                })
                .collect();
            for chunk in ready.chunks(SETS_PER_REQUEST) {
                paced(&mut first, pause).await;
                self.set_fields(&plan.project, chunk, &mut out).await?;
            }
            Ok::<(), GithubError>(())
        }
        .await;
        if let Err(e) = result {
            let message = explain(&e);
            tracing::error!(%message, "board writes stopped");
            out.error = Some(message);
        }
        out
    }

    /// Applies the board part of an undo, one mutation at a time, `pause` apart; the first
    /// refusal stops it with one message naming the fix.
    pub async fn apply_board_undo(&self, undo: &BoardUndo, pause: Duration) -> BoardOutcome {
        let mut out = BoardOutcome::default();
        let mut first = true;
        for step in &undo.steps {
            paced(&mut first, pause).await;
            let m = match step {
                BoardStep::Delete { item, .. } => delete_item_mutation(&undo.project, item),
                BoardStep::Set {
                    item,
                    field_id,
                    value,
                    ..
                } => set_field_mutation(&undo.project, item, field_id, value),
                BoardStep::Clear { item, field_id, .. } => {
                    clear_field_mutation(&undo.project, item, field_id)
                }
            };
            if let Err(e) = self.mutate(step.issue(), &m).await {
                let message = explain(&e);
                tracing::error!(%message, "board undo stopped");
                out.error = Some(message);
                return out;
            }
            tracing::info!(%step, "board change undone");
            out.applied.push(step.to_string());
        }
        out
    }

    /// One request setting `chunk`'s fields; each one that landed is recorded, and the first
    /// refusal is the error.
    async fn set_fields(
        &self,
        project: &str,
        chunk: &[(usize, &FieldSet, String)],
        out: &mut BoardOutcome,
    ) -> Result<(), GithubError> {
        let sets = chunk
            .iter()
            .map(|(_, s, item)| (item.as_str(), s.field_id.as_str(), &s.value));
        let call = format!("board: set {} field(s)", chunk.len());
        let body = self
            .transport()
            .graphql(&call, &set_fields_mutation(project, sets))
            .await?;
        for (i, (k, s, _)) in chunk.iter().enumerate() {
            if body
                .pointer(&format!("/data/s{i}/projectV2Item/id"))
                .is_some()
            {
                out.set.push(*k);
                tracing::debug!(issue = s.issue, field = %s.field, before = %s.before, after = %s.value.shown(), "board field set");
                out.applied
                    .push(format!("#{}: {} → {:?}", s.issue, s.field, s.value.shown()));
            }
        }
        match first_error(&body) {
            Some(message) => Err(GithubError::Status {
                call,
                status: 200,
                message,
            }),
            None => Ok(()),
        }
    }

    async fn node_ids(&self, numbers: &[u64]) -> Result<BTreeMap<u64, String>, GithubError> {
        let mut out = BTreeMap::new();
        for chunk in numbers.chunks(50) {
            let call = "issue node ids";
            let body = self
                .transport()
                .graphql(call, &node_ids_query(self.repo(), chunk))
                .await?;
            for n in chunk {
                let id = body.pointer(&format!("/data/repository/i{n}/id"));
                if let Some(id) = id.and_then(Value::as_str) {
                    out.insert(*n, id.to_string());
                }
            }
        }
        Ok(out)
    }

    async fn mutate(&self, issue: u64, mutation: &str) -> Result<Value, GithubError> {
        let call = format!("board #{issue}");
        let body = self.transport().graphql(&call, mutation).await?;
        match first_error(&body) {
            Some(message) => Err(GithubError::Status {
                call,
                status: 200,
                message,
            }),
            None => Ok(body),
        }
    }
}

async fn paced(first: &mut bool, pause: Duration) {
    if !std::mem::take(first) {
        tokio::time::sleep(pause).await;
    }
}

/// One message for a refusal, naming the fix.
fn explain(e: &GithubError) -> String {
    let refused = match e {
        GithubError::Status {
            status, message, ..
        } => {
            matches!(status, 401 | 403)
                || message.contains("INSUFFICIENT_SCOPES")
                || message.contains("FORBIDDEN")
        }
        _ => false,
    };
    if refused {
        format!(
            "the GitHub token cannot write the board ({e}); board writes stopped for this cycle. Give the token the `project` scope (classic) or Projects: read and write (fine-grained), or set [board] write = false"
        )
    } else {
        format!("{e}; board writes stopped for this cycle")
    }
}
