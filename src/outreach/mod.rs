//! SIG outreach: the handbook's Slack messages, one per SIG, with the numbers from the sheet.
//!
//! Pure: [`sig_statuses`] counts each SIG's enhancements and `At Risk` rows on the Enhancements
//! tab; [`messages`] fills the two templates for every SIG on the sheet or in the KEP corpus.

mod template;

use crate::model::{Meaning, Vocabulary};
pub use template::{NON_PARTICIPATING, PARTICIPATING, fill, format_freeze};

use crate::sync::{Column, TabLayout, same_name};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The header of the readiness column (from the readiness work), read when present.
pub const READINESS_HEADER: &str = "Readiness";

/// One SIG's numbers on the Enhancements tab.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SigStatus {
    /// The SIG name without `sig-` (`node`).
    pub sig: String,
    pub enhancements: usize,
    pub at_risk: usize,
}

/// One Slack message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub sig: String,
    pub participating: bool,
    pub enhancements: usize,
    pub at_risk: usize,
    pub text: String,
}

/// `sig-node`, `SIG Node`, `node` → `node`; blank → `None`.
pub fn sig_name(raw: &str) -> Option<String> {
    let lower = raw.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    let name = lower
        .strip_prefix("sig-")
        .unwrap_or(&lower)
        .trim_matches('-');
    (!name.is_empty()).then(|| name.to_string())
}

/// Counts every row with an issue on the Enhancements tab by SIG. A row is at risk when its
/// Status is `At Risk` or its Readiness cell (if the column exists) says at risk or is red text
/// starting with "at risk".
pub fn sig_statuses(v: &Vocabulary, enhancements: &TabLayout<'_>) -> BTreeMap<String, SigStatus> {
    let tab = enhancements.tab;
    let status_col = enhancements.col(Column::Status);
    let sig_col = enhancements.col(Column::Sig);
    let readiness_col = enhancements
        .headers
        .iter()
        .position(|h| same_name(h, READINESS_HEADER));
    let mut out: BTreeMap<String, SigStatus> = BTreeMap::new();
    for row in enhancements.rows.iter().filter(|r| r.number().is_some()) {
        let Some(sig) = sig_col.and_then(|c| sig_name(tab.text(row.row, c))) else {
            continue;
        };
        let text = |c: Option<usize>| c.map(|c| tab.text(row.row, c)).unwrap_or("");
        let at_risk =
            v.says(text(status_col), Meaning::AtRisk) || says_at_risk(text(readiness_col));
        let entry = out.entry(sig.clone()).or_insert_with(|| SigStatus {
            sig,
            ..SigStatus::default()
        });
        entry.enhancements += 1;
        entry.at_risk += usize::from(at_risk);
    }
    out
}

fn says_at_risk(readiness: &str) -> bool {
    readiness.trim().to_ascii_lowercase().starts_with("at risk")
}

/// Every SIG's message, sorted by SIG: participating SIGs (on the sheet) and the others (from
/// `known_sigs`, e.g. the KEP corpus's owning SIGs).
pub fn messages(
    statuses: &BTreeMap<String, SigStatus>,
    known_sigs: &BTreeSet<String>,
    freeze: &str,
    cycle: &str,
) -> Vec<Message> {
    let mut sigs: BTreeSet<String> = statuses.keys().cloned().collect();
    sigs.extend(known_sigs.iter().filter_map(|s| sig_name(s)));
    sigs.into_iter()
        .map(|sig| {
            let st = statuses.get(&sig).cloned().unwrap_or_default();
            let participating = st.enhancements > 0;
            let template = if participating {
                PARTICIPATING
            } else {
                NON_PARTICIPATING
            };
            let text = fill(template, &sig, freeze, st.enhancements, st.at_risk, cycle);
            Message {
                sig,
                participating,
                enhancements: st.enhancements,
                at_risk: st.at_risk,
                text,
            }
        })
        .collect()
}

/// The messages as plain text: a `# sig-x (participating, 3 enhancements, 1 at risk)` line, the
/// message, a blank line.
pub fn to_text(messages: &[Message]) -> String {
    let mut out = String::new();
    for m in messages {
        let what = if m.participating {
            format!(
                "participating, {} enhancement(s), {} at risk",
                m.enhancements, m.at_risk
            )
        } else {
            "not participating".to_string()
        };
        out.push_str(&format!("# sig-{} ({what})\n{}\n\n", m.sig, m.text));
    }
    out
}

#[cfg(test)]
mod tests;
