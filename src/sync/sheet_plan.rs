//! The sheet plan's entry: fills, then moves, then intake (KEP Collection, then labels), over
//! one layout.

use super::fills::plan_fills;
use super::intake::plan_collection;
use super::label_intake::plan_label_intake;
use super::layout::{Role, TabLayout};
use super::moves::plan_moves;
use super::plan::{Plan, PlanInput, TabGeom};

/// Computes the plan. Pure: the same input gives the same plan.
pub fn plan(input: &PlanInput<'_>) -> Plan {
    let l = input.layout;
    let mut p = Plan::default();
    for role in Role::ALL {
        let t = l.get(role);
        p.tabs.insert(role, geom(t));
        p.titles.insert(role, t.tab.title.clone());
        p.tab_titles.insert(t.tab.sheet_id, t.tab.title.clone());
    }
    plan_fills(input, &mut p);
    plan_moves(input, &mut p);
    plan_collection(input, &mut p);
    plan_label_intake(input, &mut p);
    p.guards.sort();
    p.guards.dedup();
    p
}

fn geom(t: &TabLayout<'_>) -> TabGeom {
    TabGeom {
        sheet_id: t.tab.sheet_id,
        header_row: t.header_row,
        end_of_data: t.end_of_data(),
        row_count: t.tab.row_count as usize,
        column_count: t.tab.column_count as usize,
    }
}
