//! Label intake: every open issue carrying `[intake] label` (with the release milestone, when
//! asked) that is on neither Enhancements nor Removed gets an Enhancements and a Docs row, as a
//! KEP Collection intake does; one opted in after the Enhancements Freeze is only noted. A
//! tracked row whose label is gone stays, with a note (KEP Collection rows: in Sync Status too).

use super::intake::{membership_after_moves, plan_intake};
use super::layout::Role;
use super::plan::{Plan, PlanInput};
use crate::model::IssueLookup;

/// Plans label intake and its notes; nothing when `[intake] label` is unset.
pub(super) fn plan_label_intake(input: &PlanInput<'_>, p: &mut Plan) {
    let Some(labelled) = input.intake.labelled else {
        return;
    };
    let (on_enh, on_removed) = membership_after_moves(input.layout, p);
    for (&n, &opted_in) in &labelled.open {
        let taken = p
            .new_rows
            .iter()
            .any(|r| r.role == Role::Enhancements && r.issue == n);
        if taken || on_enh.contains(&n) || on_removed.contains(&n) {
            continue;
        }
        let Some(IssueLookup::Found(facts)) = input.issues.get(&n) else {
            continue;
        };
        if !input.intake.eligible(labelled, facts) {
            continue;
        }
        if input.intake.late(opted_in) {
            p.warnings.push(format!(
                "#{n} (label {}): {}",
                labelled.label,
                input.intake.late_note()
            ));
            continue;
        }
        plan_intake(input, n, p);
    }
    note_labels_gone(input, p);
}

/// A note for every Enhancements row whose intake label is gone.
fn note_labels_gone(input: &PlanInput<'_>, p: &mut Plan) {
    let t = &input.layout.enhancements;
    for r in &t.rows {
        let Some(n) = r.number() else { continue };
        if let Some(note) = input.intake.label_gone(n, input.issues.get(&n)) {
            p.warnings
                .push(format!("{} row {} (#{n}): {note}", t.tab.title, r.row + 1));
        }
    }
}
