//! Planning `kepsync undo --github` / `--board` (pure): a journal record and GitHub as read now →
//! the edits that put back what the cycle changed, only where GitHub still shows what kepsync
//! wrote (a person's later change is kept and listed, like a cell).

use super::record::{BoardChange, CycleRecord, GithubChange};
use crate::board::{BoardStep, BoardUndo};
use crate::model::board::{Board, FieldKind, FieldValue};
use crate::model::name::same_name;
use crate::model::{IssueFacts, IssueLookup};
use crate::writeback::{IssueEdit, IssueWrite, WritebackPlan};
use std::collections::BTreeMap;

/// The GitHub part of an undo: the edits to send, and what it leaves alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GithubUndo {
    pub plan: WritebackPlan,
    pub kept: Vec<String>,
}

/// Reverses the applied write-back edits of `record`, last first, over the issues as read now.
pub fn plan_github_undo(record: &CycleRecord, issues: &BTreeMap<u64, IssueLookup>) -> GithubUndo {
    let mut u = GithubUndo::default();
    let mut by_issue: BTreeMap<u64, Vec<IssueEdit>> = BTreeMap::new();
    for g in record.github.iter().filter(|g| g.applied).rev() {
        let facts = match issues.get(&g.issue) {
            Some(IssueLookup::Found(f)) => f,
            _ => {
                u.kept.push(format!(
                    "#{} {}: the issue was not read; kept",
                    g.issue, g.edit
                ));
                continue;
            }
        };
        let (edits, kept) = reverse_edit(g, facts);
        by_issue.entry(g.issue).or_default().extend(edits);
        u.kept.extend(kept);
    }
    for (issue, edits) in by_issue.into_iter().filter(|(_, e)| !e.is_empty()) {
        let milestone_before = match issues.get(&issue) {
            Some(IssueLookup::Found(f)) => f.milestone.clone(),
            _ => None,
        };
        u.plan.writes.push(IssueWrite {
            issue,
            reason: format!("undo of cycle {}", record.cycle),
            edits,
            milestone_before,
        });
    }
    u
}

/// The edits that reverse `g` where the issue still shows it, and what is kept.
fn reverse_edit(g: &GithubChange, f: &IssueFacts) -> (Vec<IssueEdit>, Vec<String>) {
    let here = format!("#{} {}", g.issue, g.edit);
    let has = |l: &str| f.labels.iter().any(|x| x == l);
    let changed = |now: String| vec![format!("{here}: changed since ({now}); kept")];
    match &g.change {
        None => (
            Vec::new(),
            vec![format!(
                "{here}: journaled as text only; undo it on GitHub by hand"
            )],
        ),
        Some(IssueEdit::SetMilestone(m)) if f.milestone.as_deref() == Some(m) => {
            let back = match &g.milestone_before {
                Some(b) => IssueEdit::SetMilestone(b.clone()),
                None => IssueEdit::ClearMilestone(m.clone()),
            };
            (vec![back], Vec::new())
        }
        Some(IssueEdit::ClearMilestone(m)) if f.milestone.is_none() => {
            (vec![IssueEdit::SetMilestone(m.clone())], Vec::new())
        }
        Some(IssueEdit::SetMilestone(_) | IssueEdit::ClearMilestone(_)) => {
            let now = f.milestone.as_deref().unwrap_or("no milestone");
            (Vec::new(), changed(format!("milestone now {now}")))
        }
        Some(IssueEdit::AddLabels(labels)) => {
            let (still, gone): (Vec<&String>, Vec<&String>) = labels.iter().partition(|l| has(l));
            let kept = gone
                .iter()
                .map(|l| format!("#{} add {l}: removed since; kept", g.issue))
                .collect();
            let edits = still.into_iter().cloned().map(IssueEdit::RemoveLabel);
            (edits.collect(), kept)
        }
        Some(IssueEdit::RemoveLabel(l)) if !has(l) => {
            (vec![IssueEdit::AddLabels(vec![l.clone()])], Vec::new())
        }
        Some(IssueEdit::RemoveLabel(_)) => (Vec::new(), changed("added again".into())),
    }
}

/// Reverses the applied board changes of `record`, last first, over the board as read now:
/// items it added are deleted (their field sets with them), fields go back to their value
/// before, or are cleared when it was blank, only where the board still shows what kepsync
/// wrote.
pub fn plan_board_undo(record: &CycleRecord, board: &Board) -> BoardUndo {
    let mut u = BoardUndo {
        project: board.id.clone(),
        ..BoardUndo::default()
    };
    let applied: Vec<&BoardChange> = record.board.iter().filter(|b| b.applied).collect();
    let deleted: Vec<u64> = applied
        .iter()
        .filter(|b| b.is_add())
        .filter_map(|b| plan_delete(b, board, &mut u))
        .collect();
    for b in applied.iter().rev().filter(|b| !b.is_add()) {
        if deleted.contains(&b.issue) {
            continue;
        }
        plan_field(b, board, &mut u);
    }
    u
}

/// Deletes the item `b` added when it is still on the board under the same id.
fn plan_delete(b: &BoardChange, board: &Board, u: &mut BoardUndo) -> Option<u64> {
    let here = format!("#{} added to the board", b.issue);
    let Some(item) = &b.item else {
        u.kept
            .push(format!("{here}: its item id was not journaled; kept"));
        return None;
    };
    if !board.items.iter().any(|i| &i.id == item) {
        u.kept.push(format!("{here}: no longer on the board"));
        return None;
    }
    u.steps.push(BoardStep::Delete {
        issue: b.issue,
        item: item.clone(),
    });
    Some(b.issue)
}

/// Sets the field of `b` back (or clears it) where the board still shows what kepsync wrote.
fn plan_field(b: &BoardChange, board: &Board, u: &mut BoardUndo) {
    let here = format!("#{} {}", b.issue, b.field);
    let (Some(item_id), Some(field)) = (&b.item, board.field(&b.field)) else {
        u.kept
            .push(format!("{here}: the item or the field is gone; kept"));
        return;
    };
    let Some(item) = board.items.iter().find(|i| &i.id == item_id) else {
        u.kept.push(format!("{here}: the item is gone; kept"));
        return;
    };
    let now = item.value(&field.name).to_string();
    if !same_name(&now, &b.after) {
        u.kept.push(format!(
            "{here}: changed since kepsync wrote {:?} (now {now:?}); kept",
            b.after
        ));
        return;
    }
    let (issue, item, field_id) = (b.issue, item_id.clone(), field.id.clone());
    let name = field.name.clone();
    if b.before.trim().is_empty() {
        u.steps.push(BoardStep::Clear {
            issue,
            item,
            field: name,
            field_id,
            now,
        });
        return;
    }
    let value = match &field.kind {
        FieldKind::SingleSelect(_) => field.option(&b.before).map(|o| FieldValue::Option {
            id: o.id.clone(),
            name: o.name.clone(),
        }),
        FieldKind::Text => Some(FieldValue::Text(b.before.clone())),
        FieldKind::Date => Some(FieldValue::Date(b.before.clone())),
        _ => None,
    };
    match value {
        Some(value) => u.steps.push(BoardStep::Set {
            issue,
            item,
            field: name,
            field_id,
            now,
            value,
        }),
        None => u.kept.push(format!(
            "{here}: the board has no option {:?} any more; kept",
            b.before
        )),
    }
}

/// The journal's view of a board undo, as far as `applied` steps got: each step a change of its
/// own (a field set back or cleared can be undone in turn; a deleted item cannot).
pub fn board_undo_changes(u: &BoardUndo, applied: usize) -> Vec<BoardChange> {
    let change = |s: &BoardStep| match s {
        BoardStep::Delete { issue, item } => BoardChange {
            issue: *issue,
            field: super::record::ITEM.into(),
            after: "deleted".into(),
            item: Some(item.clone()),
            ..BoardChange::default()
        },
        BoardStep::Set {
            issue,
            item,
            field,
            field_id,
            now,
            value,
        } => field_change(*issue, item, field, field_id, now, value.shown()),
        BoardStep::Clear {
            issue,
            item,
            field,
            field_id,
            now,
        } => field_change(*issue, item, field, field_id, now, ""),
    };
    u.steps
        .iter()
        .enumerate()
        .map(|(k, s)| BoardChange {
            applied: k < applied,
            project: u.project.clone(),
            ..change(s)
        })
        .collect()
}

fn field_change(
    issue: u64,
    item: &str,
    field: &str,
    field_id: &str,
    before: &str,
    after: &str,
) -> BoardChange {
    BoardChange {
        issue,
        field: field.to_string(),
        before: before.to_string(),
        after: after.to_string(),
        item: Some(item.to_string()),
        field_id: Some(field_id.to_string()),
        ..BoardChange::default()
    }
}

#[cfg(test)]
mod tests;
