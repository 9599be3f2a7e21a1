//! The printed plan: what would change, cell by cell, and which rows move where.

use super::edit::{CellSet, LinkSet};
use super::layout::Role;
use super::plan::Plan;
use std::fmt;

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            writeln!(f, "No changes: the sheet is up to date.")?;
        }
        let title = |r: Role| {
            self.titles
                .get(&r)
                .cloned()
                .unwrap_or_else(|| r.to_string())
        };
        for h in &self.header_adds {
            writeln!(
                f,
                "add column {:?} to {} (column {})",
                h.title,
                title(h.role),
                h.col + 1
            )?;
        }
        for c in &self.edits {
            let issue = c.issue.map(|n| format!(" (#{n})")).unwrap_or_default();
            writeln!(
                f,
                "{} row {}{issue}: {} {:?} → {}",
                self.tab_title(c.sheet_id),
                c.row + 1,
                c.header,
                c.before.text,
                describe(&c.set)
            )?;
        }
        for r in &self.new_rows {
            let what = if r.role == Role::Enhancements {
                "intake"
            } else {
                "add"
            };
            writeln!(f, "{what} #{} → new row on {}", r.issue, title(r.role))?;
        }
        for m in &self.moves {
            writeln!(
                f,
                "move #{} from {} row {} → {} (Status {:?}; every cell kept)",
                m.issue,
                title(m.from.role),
                m.from.row + 1,
                title(m.to),
                m.status
            )?;
        }
        for (n, r) in &self.docs_removals {
            writeln!(f, "remove #{n} from {} row {}", title(r.role), r.row + 1)?;
        }
        write!(f, "{}", self.extra)?;
        if let Some(w) = &self.board_status {
            let n = w.value.matches(':').count();
            writeln!(
                f,
                "record the Status the sheet and the board agree on ({})",
                crate::human::count(n as u64, "enhancement")
            )?;
        }
        if let Some(w) = &self.status_seen {
            let n = w.value.matches(':').count();
            writeln!(
                f,
                "record the Status kepsync saw ({})",
                crate::human::count(n as u64, "enhancement")
            )?;
        }
        for w in &self.warnings {
            writeln!(f, "note: {w}")?;
        }
        Ok(())
    }
}

fn describe(set: &CellSet) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &set.text {
        parts.push(format!("{t:?}"));
    }
    match &set.link {
        LinkSet::Keep => {}
        LinkSet::Set(l) if Some(l) == set.text.as_ref() => parts.push("(linked)".into()),
        LinkSet::Set(l) => parts.push(format!("(link {l})")),
        LinkSet::Clear => parts.push("(link removed)".into()),
    }
    if let Some(bg) = set.background {
        parts.push(format!("[{}]", color_name(bg)));
    }
    parts.join(" ")
}

fn color_name(c: crate::sheet::Rgb) -> String {
    use crate::sheet::Rgb;
    match c {
        Rgb::GREEN => "green".into(),
        Rgb::YELLOW => "yellow".into(),
        Rgb::RED => "red".into(),
        other => other.to_hex(),
    }
}
