//! `[status] advance`: when a freeze passes, kepsync sets Status itself on rows people left alone.
//!
//! A row on Enhancements whose Status is "Tracked For X Freeze", X passed, becomes "Tracked For"
//! the next freeze when every readiness check of X is met, else "At Risk For X Freeze". Only a
//! row whose Status kepsync saw before X passed, and that still shows that word, is touched: the
//! Status kepsync saw on each row, and since when, is kept in the sheet (`kepsync.status-seen`,
//! written in the cycle's batch only when it changes), so a person's change since the freeze
//! (or any Status kepsync first sees after it) is never overwritten.

use super::edit::CellSet;
use super::layout::{Column, Layout, Role};
use super::plan::{BoardStatusWrite, CellEdit, Plan, guard, guard_issue};
use super::sheet_rows::rows_after;
use super::why::Why;
use crate::model::calendar::{Calendar, Freeze, Timestamp};
use crate::model::name::fold;
use crate::model::{Meaning, Said, Vocabulary};
use crate::readiness::Readiness;
use crate::sheet::Snapshot;
use std::collections::BTreeMap;

/// The Status kepsync saw on each row (by issue), and when it first saw that word.
pub(super) type Seen = BTreeMap<u64, (String, Timestamp)>;

/// What advancing reads.
pub(super) struct AdvanceInput<'a> {
    pub layout: &'a Layout<'a>,
    pub vocabulary: &'a Vocabulary,
    pub calendar: &'a Calendar,
    pub now: Timestamp,
    pub readiness: &'a BTreeMap<u64, Readiness>,
    pub seen: &'a Seen,
}

/// The memory as the sheet keeps it (`{"issue": "word@unix"}`); empty when it keeps none or
/// something unreadable (then no row counts as unchanged, so nothing is advanced).
pub(super) fn read_seen(snapshot: &Snapshot) -> Seen {
    let raw: BTreeMap<u64, String> = snapshot
        .status_seen
        .as_ref()
        .and_then(|m| serde_json::from_str(&m.value).ok())
        .unwrap_or_default();
    raw.into_iter()
        .filter_map(|(n, v)| {
            let (word, at) = v.rsplit_once('@')?;
            Some((n, (word.to_string(), Timestamp(at.parse().ok()?))))
        })
        .collect()
}

/// Where a row "Tracked For `x`" goes at `now`: through every passed freeze whose checks are
/// met to "Tracked For" the next one, or "At Risk For" the first passed freeze with a check
/// unmet. `x` itself when it has not passed (or names no date).
pub(super) fn advanced(
    x: Freeze,
    calendar: &Calendar,
    now: Timestamp,
    failed: impl Fn(Freeze) -> bool,
) -> Said {
    let mut f = x;
    loop {
        if calendar.at(f).is_none_or(|t| t > now) {
            return Said::at(Meaning::Tracked, f);
        }
        if failed(f) {
            return Said::at(Meaning::AtRisk, f);
        }
        match Freeze::ALL
            .into_iter()
            .find(|n| *n > f && calendar.at(*n).is_some())
        {
            Some(next) => f = next,
            None => return Said::at(Meaning::Tracked, f),
        }
    }
}

/// True when kepsync saw `typed` before `freeze_at` and nobody changed it since.
pub(super) fn unchanged_since(
    seen: Option<&(String, Timestamp)>,
    typed: &str,
    at: Timestamp,
) -> bool {
    seen.is_some_and(|(word, t)| fold(word) == fold(typed) && *t < at)
}

/// The word of `said` in `v`, only when a word names exactly that (never a fallback).
fn exact_word(v: &Vocabulary, said: Said) -> Option<&str> {
    v.words().find(|w| v.said(w) == Some(said))
}

/// Plans the Status edits of rows whose freeze passed, guarded like any other edit.
pub(super) fn plan_advance(input: &AdvanceInput<'_>, p: &mut Plan) {
    let t = input.layout.get(Role::Enhancements);
    let Some(col) = t.col(Column::Status) else {
        return;
    };
    for r in &t.rows {
        let Some(n) = r.number() else { continue };
        let cell = t.tab.cell(r.row, col).cloned().unwrap_or_default();
        let Some(said) = input.vocabulary.said(&cell.text) else {
            continue;
        };
        let (Meaning::Tracked, Some(x)) = (said.meaning, said.freeze) else {
            continue;
        };
        let Some(at) = input.calendar.at(x).filter(|t| *t <= input.now) else {
            continue;
        };
        let Some(readiness) = input.readiness.get(&n) else {
            continue;
        };
        if !unchanged_since(input.seen.get(&n), &cell.text, at) {
            continue;
        }
        let failed = |f: Freeze| readiness.failures.iter().any(|x| x.freeze == f);
        let to = advanced(x, input.calendar, input.now, failed);
        let Some(word) = exact_word(input.vocabulary, to).filter(|_| to != said) else {
            continue;
        };
        let sheet_id = t.tab.sheet_id;
        let taken = p
            .edits
            .iter()
            .any(|e| e.sheet_id == sheet_id && e.row == r.row && e.col == col);
        if taken || p.moves.iter().any(|m| m.issue == n) {
            continue;
        }
        guard_issue(t, r.row, p);
        p.guards.push(guard(t, r.row, col, cell.text.clone()));
        let mut edit = CellEdit::core(t, r.row, col, Some(n), cell, CellSet::text(word));
        edit.why = Why::Advance;
        p.edits.push(edit);
    }
}

/// The memory after this cycle: each Enhancements row's Status once `plan` is applied, with the
/// time kept where the word is the one already seen and `now` where it is new.
pub(super) fn remembered(seen: &Seen, rows: &[(u64, String)], now: Timestamp) -> Seen {
    rows.iter()
        .filter(|(_, w)| !w.trim().is_empty())
        .map(|(n, w)| match seen.get(n) {
            Some((old, t)) if fold(old) == fold(w) => (*n, (old.clone(), *t)),
            _ => (*n, (w.trim().to_string(), now)),
        })
        .collect()
}

/// Records the Status kepsync saw, in the plan's batch, when it changed (an idle cycle writes
/// nothing).
pub(super) fn remember(snapshot: &Snapshot, layout: &Layout<'_>, now: Timestamp, p: &mut Plan) {
    let seen = read_seen(snapshot);
    let rows: Vec<(u64, String)> = rows_after(layout, p)
        .0
        .into_iter()
        .map(|r| (r.issue, r.status))
        .collect();
    let next = remembered(&seen, &rows, now);
    if next == seen && snapshot.status_seen.is_some() {
        return;
    }
    if next.is_empty() && snapshot.status_seen.is_none() {
        return;
    }
    let raw: BTreeMap<u64, String> = next
        .into_iter()
        .map(|(n, (w, t))| (n, format!("{w}@{}", t.0)))
        .collect();
    p.status_seen = Some(BoardStatusWrite {
        id: snapshot.status_seen.as_ref().map(|m| m.id),
        value: serde_json::to_string(&raw).unwrap_or_default(),
    });
}

#[cfg(test)]
#[path = "advance_tests.rs"]
mod tests;
