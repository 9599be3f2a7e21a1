//! The board part of the cycle's plan: the tracked enhancements as the sheet will hold them once
//! its plan is applied, what kepsync derives for each (Stage, SIG, PRR Status), and a Status the
//! board changed written back onto the sheet (guarded like every other edit).

use super::derive::derive;
use super::edit::CellSet;
use super::intake_rules::IntakeRules;
use super::kep_type::suggest_type;
use super::layout::{Column, Layout, Role};
use super::plan::{BoardStatusWrite, CellEdit, Plan, guard, guard_issue};
use super::planner::{BoardObserved, Knowledge, Observed};
use super::sheet_rows::rows_after;
use crate::board::status::StatusInput;
use crate::board::{BoardInput, BoardPlan, Owned, PrrStatus, StatusConflict, Tracked, plan_board};
use crate::config::{ColumnNames, Config};
use crate::keps::Kep;
use crate::model::IssueLookup;
use crate::model::board::Board;
use crate::model::name::same_name;
use crate::readiness::Timestamp;
use crate::sheet::Snapshot;
use std::collections::BTreeMap;

impl Knowledge {
    /// The board plan, and the sheet Status cells it carries back into `sheet`.
    pub(super) fn board_plan(
        &self,
        o: &Observed<'_>,
        observed: &BoardObserved<'_>,
        sheet: &mut Plan,
        cfg: &Config,
    ) -> Option<BoardPlan> {
        let (snapshot, layout, now) = (o.snapshot, o.layout, o.now);
        let board_cfg = cfg.board.as_ref()?;
        let agreed = read_agreed(snapshot);
        let (enh, removed) = rows_after(layout, sheet);
        let mut exceptions = sheet_exceptions(layout, &cfg.columns);
        let tracked: Vec<Tracked> = enh
            .iter()
            .chain(&removed)
            .map(|r| Tracked {
                sheet_status: Some(r.status.clone()),
                exception: exceptions.remove(&r.issue).unwrap_or_default(),
                ..self.tracked(r.issue, cfg)
            })
            .collect();
        let vocabulary = cfg.vocabulary();
        let plan = plan_board(&BoardInput {
            board: observed.board,
            names: &board_cfg.fields,
            tracked: &tracked,
            status: Some(StatusInput {
                next_freeze: cfg.calendar().and_then(|c| c.next_freeze(now)),
                vocabulary,
                agreed: &agreed,
            }),
        });
        for (issue, word) in &plan.to_sheet {
            status_to_sheet(layout, *issue, word, sheet);
        }
        for c in &plan.conflicts {
            conflict_in_sync_status(layout, c, sheet);
        }
        if plan.agreed != agreed {
            sheet.board_status = Some(BoardStatusWrite {
                id: snapshot.board_status.as_ref().map(|m| m.id),
                value: serde_json::to_string(&plan.agreed).unwrap_or_default(),
            });
        }
        Some(plan)
    }

    /// The board plan of board-only mode: the board's own items are the tracked enhancements,
    /// and Status stays the people's (there is no other surface to carry it to).
    /// With `[intake] label`, the labelled issues are tracked too (added as items), until
    /// Enhancements Freeze: one opted in after it is noted, not added.
    pub fn board_only_plan(
        &self,
        board: &Board,
        issues: &[u64],
        cfg: &Config,
        now: Timestamp,
    ) -> Option<BoardPlan> {
        let names = &cfg.board.as_ref()?.fields;
        let (opted_in, notes) = self.opted_in_by_label(issues, cfg, now);
        let tracked: Vec<Tracked> = issues
            .iter()
            .chain(&opted_in)
            .map(|n| self.tracked(*n, cfg))
            .collect();
        let mut plan = plan_board(&BoardInput {
            board,
            names,
            tracked: &tracked,
            status: None,
        });
        plan.notes.extend(notes);
        Some(plan)
    }

    /// Labelled issues not in `already` that label intake takes in, and a note for each one
    /// opted in after Enhancements Freeze.
    fn opted_in_by_label(
        &self,
        already: &[u64],
        cfg: &Config,
        now: Timestamp,
    ) -> (Vec<u64>, Vec<String>) {
        let rules = IntakeRules::new(cfg, self.labelled.as_ref(), now);
        let (mut taken, mut notes) = (Vec::new(), Vec::new());
        let Some(labelled) = self
            .labelled
            .as_ref()
            .filter(|_| cfg.intake.label().is_some())
        else {
            return (taken, notes);
        };
        for (n, at) in &labelled.open {
            let Some(IssueLookup::Found(facts)) = self.issues.get(n) else {
                continue;
            };
            if already.contains(n) || !rules.eligible(labelled, facts) {
                continue;
            }
            if rules.late(*at) {
                notes.push(format!("#{n}: {}", rules.late_note()));
            } else {
                taken.push(*n);
            }
        }
        (taken, notes)
    }

    /// What kepsync derives for issue `n` (empty when GitHub does not know it).
    /// Type is the KEP's suggestion (written only into a blank field).
    fn tracked(&self, n: u64, cfg: &Config) -> Tracked {
        let Some(IssueLookup::Found(facts)) = self.issues.get(&n) else {
            return Tracked {
                issue: n,
                ..Tracked::default()
            };
        };
        let d = derive(
            &cfg.github.repo,
            facts,
            self.keps.get(&n),
            self.open_prs.get(&n),
        );
        let kep = self.index.get(n);
        let release = cfg.release().to_string();
        let stage = d.stage.map(|f| f.text);
        Tracked {
            issue: n,
            known: true,
            prr: kep.and_then(|k| prr_status(k, stage.as_deref()?)),
            stage,
            sig: d.sig.map(|f| f.text),
            kind: kep.map(|k| suggest_type(k, &release).to_string()),
            sheet_status: None,
            exception: Vec::new(),
        }
    }
}

/// What people typed in the exception columns of Enhancements and Removed, by issue: copied
/// into the board's exception fields where those are blank.
fn sheet_exceptions(
    layout: &Layout<'_>,
    names: &ColumnNames,
) -> BTreeMap<u64, Vec<(Owned, String)>> {
    let columns = [
        (Owned::ExceptionType, &names.exception_request_type),
        (Owned::ExceptionStatus, &names.exception_status),
        (Owned::ExceptionLink, &names.exception_request_link),
        (Owned::ExceptionDate, &names.exception_request_date),
    ];
    let mut out = BTreeMap::new();
    for t in [&layout.enhancements, &layout.removed] {
        let found: Vec<(Owned, usize)> = columns
            .iter()
            .filter_map(|(o, name)| Some((*o, t.headers.iter().position(|h| same_name(h, name))?)))
            .collect();
        for r in &t.rows {
            let Some(n) = r.number() else { continue };
            let typed: Vec<(Owned, String)> = found
                .iter()
                .map(|(o, c)| (*o, t.tab.text(r.row, *c).trim().to_string()))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            if !typed.is_empty() {
                out.insert(n, typed);
            }
        }
    }
    out
}

/// PRR Status for the stage the enhancement targets: not required by CI's rule, approved when
/// the PRR file names an approver for the stage, else needs approval.
pub fn prr_status(kep: &Kep, stage: &str) -> Option<PrrStatus> {
    if !kep.needs_prr {
        return Some(PrrStatus::NotRequired);
    }
    let approved = kep
        .prr
        .get(stage)
        .is_some_and(|a| !a.trim().is_empty() && a.trim() != "@");
    Some(if approved {
        PrrStatus::Approved
    } else {
        PrrStatus::NeedsApproval
    })
}

/// Writes the board's Status word into the sheet row of `issue` (Enhancements or Removed),
/// unless the plan already edits that cell.
fn status_to_sheet(layout: &Layout<'_>, issue: u64, word: &str, p: &mut Plan) {
    for role in [Role::Enhancements, Role::Removed] {
        let t = layout.get(role);
        let Some(col) = t.col(Column::Status) else {
            continue;
        };
        let Some(row) = t.rows.iter().find(|r| r.number() == Some(issue)) else {
            continue;
        };
        let (sheet_id, row) = (t.tab.sheet_id, row.row);
        let taken = p
            .edits
            .iter()
            .any(|e| e.sheet_id == sheet_id && e.row == row && e.col == col);
        if taken || p.moves.iter().any(|m| m.issue == issue) {
            return;
        }
        let cell = t.tab.cell(row, col).cloned().unwrap_or_default();
        guard_issue(t, row, p);
        p.guards.push(guard(t, row, col, cell.text.clone()));
        p.edits.push(CellEdit::core(
            t,
            row,
            col,
            Some(issue),
            cell,
            CellSet::text(word),
        ));
        return;
    }
}

/// A Status conflict named in the Sync Status of the issue's KEP Collection rows (after what
/// intake says of the row), so the people who typed the issue see it.
fn conflict_in_sync_status(layout: &Layout<'_>, c: &StatusConflict, p: &mut Plan) {
    let t = &layout.collection;
    let Some(col) = t.col(Column::SyncStatus) else {
        return;
    };
    let note = format!(
        "; Status differs on the board ({:?}) and both changed: nothing overwritten",
        c.board
    );
    for row in t.rows.iter().filter(|r| r.number() == Some(c.issue)) {
        let (sheet_id, row) = (t.tab.sheet_id, row.row);
        let cell = t.tab.cell(row, col).cloned().unwrap_or_default();
        let planned = p
            .edits
            .iter()
            .position(|e| e.sheet_id == sheet_id && e.row == row && e.col == col);
        let base = planned
            .and_then(|i| p.edits[i].set.text.clone())
            .unwrap_or_else(|| cell.text.clone());
        let wanted = format!("{base}{note}");
        match planned {
            Some(i) if wanted == cell.text => {
                p.edits.remove(i);
            }
            Some(i) => p.edits[i].set = CellSet::text(wanted),
            None if wanted == cell.text => {}
            None => {
                p.guards.push(guard(t, row, col, cell.text.clone()));
                let edit = CellEdit::core(t, row, col, Some(c.issue), cell, CellSet::text(wanted));
                p.edits.push(edit);
            }
        }
    }
}

/// The Status the sheet and the board last agreed on, as the sheet keeps it (empty when it keeps
/// none, or keeps something unreadable: then no side counts as unchanged, so nothing is
/// overwritten).
fn read_agreed(snapshot: &Snapshot) -> BTreeMap<u64, String> {
    snapshot
        .board_status
        .as_ref()
        .and_then(|m| serde_json::from_str(&m.value).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kep(needs_prr: bool, approvers: &[(&str, &str)]) -> Kep {
        Kep {
            needs_prr,
            prr: approvers
                .iter()
                .map(|(s, a)| (s.to_string(), a.to_string()))
                .collect(),
            ..Kep::default()
        }
    }

    #[test]
    fn prr_status_is_for_the_stage_the_enhancement_targets() {
        let k = kep(true, &[("alpha", "@ada"), ("beta", "@")]);
        assert_eq!(prr_status(&k, "alpha"), Some(PrrStatus::Approved));
        assert_eq!(
            prr_status(&k, "beta"),
            Some(PrrStatus::NeedsApproval),
            "@ is no one"
        );
        assert_eq!(prr_status(&k, "stable"), Some(PrrStatus::NeedsApproval));
        assert_eq!(
            prr_status(&kep(false, &[]), "beta"),
            Some(PrrStatus::NotRequired)
        );
    }
}
