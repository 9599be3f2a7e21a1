//! The board plan: every tracked enhancement gets exactly one item (added when missing, never
//! archived or deleted), and each kepsync-owned field the board has gets the derived value.

use super::status::{StatusCarry, StatusInput, carry_status, kept_after, status_key};
use crate::config::BoardFieldNames;
use crate::model::board::{Board, BoardField, FieldKind, FieldValue};
use std::collections::BTreeMap;
use std::fmt;

/// PRR Status of an enhancement for the stage it targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrrStatus {
    Approved,
    NeedsApproval,
    NotRequired,
}

impl PrrStatus {
    /// The option name on the board.
    pub const fn word(self) -> &'static str {
        match self {
            PrrStatus::Approved => "Approved",
            PrrStatus::NeedsApproval => "Needs Approval",
            PrrStatus::NotRequired => "Not Required",
        }
    }
}

/// What kepsync derives for one tracked enhancement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tracked {
    pub issue: u64,
    /// GitHub knows the issue (an item can only be added for an issue it has).
    pub known: bool,
    /// The KEP's stage, else the `stage/*` label.
    pub stage: Option<String>,
    /// The owning SIG (`sig-node`).
    pub sig: Option<String>,
    pub prr: Option<PrrStatus>,
    /// Type, suggested from the KEP (only written into a blank field).
    pub kind: Option<String>,
    /// Status on the sheet, when the sheet is a surface.
    pub sheet_status: Option<String>,
    /// The sheet's exception columns that hold something: copied into blank board fields.
    pub exception: Vec<(Owned, String)>,
}

/// Which owned field a set is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Owned {
    IssueNumber,
    Stage,
    Sig,
    PrrStatus,
    Type,
    Status,
    /// The sheet's exception columns, copied into a blank board field (people type both).
    ExceptionType,
    ExceptionStatus,
    ExceptionLink,
    ExceptionDate,
}

/// One field of one item to set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSet {
    pub issue: u64,
    /// The item's id; `None` for an item this plan adds (known once it is added).
    pub item: Option<String>,
    pub owned: Owned,
    pub field: String,
    pub field_id: String,
    pub before: String,
    pub value: FieldValue,
}

/// A Status both surfaces changed differently since they last agreed: nothing is overwritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusConflict {
    pub issue: u64,
    /// The board's word.
    pub board: String,
    /// The whole story, for the plan and the log.
    pub message: String,
}

/// Everything the board part of a cycle does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardPlan {
    /// The project's node id.
    pub project: String,
    /// Issues to add as items, in issue order.
    pub adds: Vec<u64>,
    pub sets: Vec<FieldSet>,
    /// Sheet Status cells to set from the board: (issue, word).
    pub to_sheet: Vec<(u64, String)>,
    /// Statuses changed differently on both sides: nothing is overwritten.
    pub conflicts: Vec<StatusConflict>,
    /// Values with no matching option, and other things people should know.
    pub notes: Vec<String>,
    /// The Status memory to keep in the sheet once its batch is applied, by issue
    /// ([`super::status::last_agreed`]'s form): what was read, updated by this cycle.
    pub agreed: BTreeMap<u64, String>,
}

impl BoardPlan {
    /// True when the board part writes nothing.
    pub fn is_empty(&self) -> bool {
        self.adds.is_empty() && self.sets.is_empty()
    }

    /// Mutations applying it sends.
    pub fn mutation_count(&self) -> usize {
        self.adds.len() + self.sets.len()
    }
}

/// Everything the board plan reads.
pub struct BoardInput<'a> {
    pub board: &'a Board,
    pub names: &'a BoardFieldNames,
    pub tracked: &'a [Tracked],
    pub status: Option<StatusInput<'a>>,
}

/// The board plan: items to add and owned fields to set.
pub fn plan_board(input: &BoardInput<'_>) -> BoardPlan {
    let mut p = BoardPlan {
        project: input.board.id.clone(),
        agreed: input
            .status
            .as_ref()
            .map(|s| s.agreed.clone())
            .unwrap_or_default(),
        ..BoardPlan::default()
    };
    for t in input.tracked {
        let item = input.board.item_of(t.issue);
        if item.is_none() && !t.known {
            p.notes.push(format!(
                "#{}: no such issue on GitHub, so no board item for it",
                t.issue
            ));
            continue;
        }
        if item.is_none() {
            p.adds.push(t.issue);
        }
        let current = |field: &str| item.map_or("", |i| i.value(field));
        for (owned, wanted, only_blank) in owned_values(t) {
            let Some(field) = owned_field(input, owned) else {
                continue;
            };
            let before = current(&field.name);
            if (only_blank && !before.trim().is_empty()) || same_value(before, &wanted) {
                continue;
            }
            let Some(value) = value_for(field, &wanted, t.issue, &mut p.notes) else {
                continue;
            };
            p.sets.push(FieldSet {
                issue: t.issue,
                item: item.map(|i| i.id.clone()),
                owned,
                field: field.name.clone(),
                field_id: field.id.clone(),
                before: before.to_string(),
                value,
            });
        }
        if let Some(status) = &input.status {
            carry(input, status, t, current(&input.names.status), &mut p);
        }
    }
    p
}

/// The owned values of one enhancement: (field, value, only when blank).
fn owned_values(t: &Tracked) -> Vec<(Owned, String, bool)> {
    let mut out = vec![(Owned::IssueNumber, t.issue.to_string(), false)];
    let optional = [
        (Owned::Stage, t.stage.clone(), false),
        (Owned::Sig, t.sig.clone(), false),
        (Owned::PrrStatus, t.prr.map(|p| p.word().to_string()), false),
        (Owned::Type, t.kind.clone(), true),
    ];
    out.extend(
        optional
            .into_iter()
            .filter_map(|(o, v, blank)| Some((o, v.filter(|v| !v.trim().is_empty())?, blank))),
    );
    out.extend(t.exception.iter().map(|(o, v)| (*o, v.clone(), true)));
    out
}

/// The board's field for an owned value, when the board has it.
fn owned_field<'b>(input: &BoardInput<'b>, owned: Owned) -> Option<&'b BoardField> {
    let n = input.names;
    let name = match owned {
        Owned::IssueNumber => &n.issue_number,
        Owned::Stage => &n.stage,
        Owned::Sig => &n.sig,
        Owned::PrrStatus => &n.prr_status,
        Owned::Type => &n.kind,
        Owned::Status => &n.status,
        Owned::ExceptionType => &n.exception_request_type,
        Owned::ExceptionStatus => &n.exception_status,
        Owned::ExceptionLink => &n.exception_request_link,
        Owned::ExceptionDate => &n.exception_request_date,
    };
    input.board.field(name)
}

/// Shown values compare ignoring case and spaces (`alpha` is the option `Alpha`).
fn same_value(shown: &str, wanted: &str) -> bool {
    crate::model::name::same_name(shown, wanted)
}

/// The value to write into `field` for `wanted`; a single select's option is never invented.
fn value_for(
    field: &BoardField,
    wanted: &str,
    issue: u64,
    notes: &mut Vec<String>,
) -> Option<FieldValue> {
    match &field.kind {
        FieldKind::Text => Some(FieldValue::Text(wanted.to_string())),
        FieldKind::SingleSelect(_) => match field.option(wanted) {
            Some(o) => Some(FieldValue::Option {
                id: o.id.clone(),
                name: o.name.clone(),
            }),
            None => {
                notes.push(format!(
                    "#{issue}: the board's {} has no option {wanted:?}; left as it is",
                    field.name
                ));
                None
            }
        },
        FieldKind::Date => match jiff::civil::Date::strptime("%Y-%m-%d", wanted.trim()) {
            Ok(d) => Some(FieldValue::Date(d.to_string())),
            Err(_) => {
                notes.push(format!(
                    "#{issue}: {:?} is no date like 2026-02-10 for the board's {}; left as it is",
                    wanted, field.name
                ));
                None
            }
        },
        FieldKind::Number | FieldKind::Other => None,
    }
}

/// Status carried between the sheet and the board for one enhancement.
fn carry(
    input: &BoardInput<'_>,
    s: &StatusInput<'_>,
    t: &Tracked,
    on_board: &str,
    p: &mut BoardPlan,
) {
    let Some(field) = owned_field(input, Owned::Status) else {
        return;
    };
    let Some(sheet) = t.sheet_status.as_deref() else {
        return;
    };
    let carried = carry_status(s, t.issue, sheet, on_board, field);
    let keys = (
        status_key(s.vocabulary, sheet),
        status_key(s.vocabulary, on_board),
    );
    let kept = s.agreed.get(&t.issue).map(String::as_str);
    if let Some(k) = kept_after(&carried, kept, (&keys.0, &keys.1)) {
        p.agreed.insert(t.issue, k);
    }
    match carried {
        StatusCarry::Agreed | StatusCarry::Nothing => {}
        StatusCarry::ToBoard(value) => p.sets.push(FieldSet {
            issue: t.issue,
            item: input.board.item_of(t.issue).map(|i| i.id.clone()),
            owned: Owned::Status,
            field: field.name.clone(),
            field_id: field.id.clone(),
            before: on_board.to_string(),
            value,
        }),
        StatusCarry::ToSheet(word) => p.to_sheet.push((t.issue, word)),
        StatusCarry::Conflict(message) => p.conflicts.push(StatusConflict {
            issue: t.issue,
            board: on_board.trim().to_string(),
            message,
        }),
        StatusCarry::NoOption(message) => p.notes.push(message),
    }
}

impl fmt::Display for BoardPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for n in &self.adds {
            writeln!(f, "board: add #{n} as an item")?;
        }
        for s in &self.sets {
            writeln!(
                f,
                "board: #{} {} {:?} → {:?}",
                s.issue,
                s.field,
                s.before,
                s.value.shown()
            )?;
        }
        for (n, word) in &self.to_sheet {
            writeln!(f, "board → sheet: #{n} Status → {word:?}")?;
        }
        for c in &self.conflicts {
            writeln!(f, "board conflict: {}", c.message)?;
        }
        for n in &self.notes {
            writeln!(f, "board note: {n}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
