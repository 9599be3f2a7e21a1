//! Which issue edits the sheet asks for: Tracked rows (on Enhancements, or on Removed and moving
//! back) get the release milestone,
//! `tracked/yes` and `stage/<stage>`; removed rows get `tracked/no` and lose the release milestone.
//! Only edits the issue's current facts show are needed.

use super::{IssueEdit, IssueWrite, WritebackPlan};
use crate::model::{IssueFacts, IssueLookup};
use crate::model::{Meaning, Vocabulary};
use crate::sync::{Column, KepView, Layout, Role, TabLayout};
use std::collections::BTreeMap;

const TRACKED_YES: &str = "tracked/yes";
const TRACKED_NO: &str = "tracked/no";
const STAGES: [&str; 3] = ["alpha", "beta", "stable"];

/// What write-back planning reads.
pub struct WritebackInput<'a> {
    pub layout: &'a Layout<'a>,
    pub issues: &'a BTreeMap<u64, IssueLookup>,
    pub keps: &'a BTreeMap<u64, KepView>,
    /// The release milestone, `v1.37`.
    pub release: &'a str,
    /// The Status words in use.
    pub vocabulary: &'a Vocabulary,
}

/// What a row asks of its issue.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Intent {
    Tracked { stage: Option<String> },
    Removed,
}

/// The edits the sheet asks for, one [`IssueWrite`] per issue that needs any.
pub fn plan_writeback(input: &WritebackInput<'_>) -> WritebackPlan {
    let mut out = WritebackPlan::default();
    let mut intents: BTreeMap<u64, (Intent, String)> = BTreeMap::new();
    let mut conflicting = Vec::new();
    for role in [Role::Enhancements, Role::Removed] {
        for (n, intent, reason) in row_intents(input.vocabulary, input.layout.get(role), input.keps)
        {
            match intents.get(&n) {
                Some((old, _)) if *old != intent => conflicting.push(n),
                Some(_) => {}
                None => {
                    intents.insert(n, (intent, reason));
                }
            }
        }
    }
    conflicting.sort_unstable();
    conflicting.dedup();
    for n in &conflicting {
        intents.remove(n);
        out.notes.push(format!(
            "issue #{n} is on more than one row asking for different things; not written"
        ));
    }
    for (n, (intent, reason)) in intents {
        let facts = match input.issues.get(&n) {
            Some(IssueLookup::Found(f)) if f.open => f,
            Some(IssueLookup::Found(_)) => continue,
            _ => {
                out.notes
                    .push(format!("issue #{n} ({reason}) was not read; not written"));
                continue;
            }
        };
        let edits = edits_for(&intent, facts, input.release);
        if !edits.is_empty() {
            out.writes.push(IssueWrite {
                issue: n,
                reason,
                edits,
                milestone_before: facts.milestone.clone(),
            });
        }
    }
    out
}

/// (issue, intent, reason) of each row of a tab whose Status asks for a write.
fn row_intents(
    v: &Vocabulary,
    tab: &TabLayout<'_>,
    keps: &BTreeMap<u64, KepView>,
) -> Vec<(u64, Intent, String)> {
    let Some(status_col) = tab.col(Column::Status) else {
        return Vec::new();
    };
    tab.rows
        .iter()
        .filter_map(|r| {
            let n = r.number()?;
            let status = tab.tab.text(r.row, status_col).trim();
            let reason = format!("{status} on {} row {}", tab.tab.title, r.row + 1);
            // Tracked (for any freeze) or an exception approved, on Removed too: the row moves
            // back this cycle.
            let meaning = v.meaning(status);
            if meaning.is_some_and(Meaning::returns_to_the_milestone) {
                let cell = tab.col(Column::Stage).map(|c| tab.tab.text(r.row, c));
                let stage = stage_of(keps.get(&n).map(|k| k.stage.as_str()), cell);
                Some((n, Intent::Tracked { stage }, reason))
            } else if meaning.is_some_and(Meaning::leaves_the_milestone) {
                Some((n, Intent::Removed, reason))
            } else {
                None
            }
        })
        .collect()
}

/// The KEP's stage if it is one of alpha/beta/stable, else the Stage cell's.
fn stage_of(kep: Option<&str>, cell: Option<&str>) -> Option<String> {
    [kep, cell].into_iter().flatten().find_map(|s| {
        let s = s.trim().to_ascii_lowercase();
        STAGES.contains(&s.as_str()).then_some(s)
    })
}

fn edits_for(intent: &Intent, facts: &IssueFacts, release: &str) -> Vec<IssueEdit> {
    let has = |l: &str| facts.labels.iter().any(|x| x == l);
    let mut add = Vec::new();
    let mut remove = Vec::new();
    let mut edits = Vec::new();
    match intent {
        Intent::Tracked { stage } => {
            if facts.milestone.as_deref() != Some(release) {
                edits.push(IssueEdit::SetMilestone(release.to_string()));
            }
            add.push(TRACKED_YES.to_string());
            remove.push(TRACKED_NO.to_string());
            if let Some(stage) = stage {
                let wanted = format!("stage/{stage}");
                remove.extend(
                    facts
                        .labels
                        .iter()
                        .filter(|l| l.starts_with("stage/") && **l != wanted)
                        .cloned(),
                );
                add.push(wanted);
            }
        }
        Intent::Removed => {
            if facts.milestone.as_deref() == Some(release) {
                edits.push(IssueEdit::ClearMilestone(release.to_string()));
            }
            add.push(TRACKED_NO.to_string());
            remove.push(TRACKED_YES.to_string());
        }
    }
    add.retain(|l| !has(l));
    if !add.is_empty() {
        edits.push(IssueEdit::AddLabels(add));
    }
    edits.extend(
        remove
            .into_iter()
            .filter(|l| has(l))
            .map(IssueEdit::RemoveLabel),
    );
    edits
}
