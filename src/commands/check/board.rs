//! The board side of `kepsync check` (with `[board]`): the board is readable, the fields kepsync
//! reads and writes are there with the options it needs, and the token can write it.

use super::{Failure, Line, Outcome};
use crate::board::PrrStatus;
use crate::board::status::status_key;
use crate::config::{BoardSection, Config};
use crate::github::GithubAdapter;
use crate::model::Vocabulary;
use crate::model::board::{Board, BoardField, FieldKind};

/// `board`, `board fields` and `board write`.
pub async fn checks(config: &Config, adapter: &GithubAdapter) -> Vec<Line> {
    let Some(b) = &config.board else {
        return Vec::new();
    };
    let read = adapter.observe_board(&b.owner, b.number).await;
    let board = match read {
        Ok(board) => board,
        Err(e) => {
            let f = Failure::new(
                format!("board {}/{} not read: {e}", b.owner, b.number),
                "check [board] owner and number, and give the token the `read:project` scope (or `project` to write)",
            );
            return vec![
                line("board", Err(f)),
                line("board fields", Err(Failure::blocked("board"))),
                line("board write", Err(Failure::blocked("board"))),
            ];
        }
    };
    let found = format!(
        "{:?} ({}/{}), {} item(s)",
        board.title,
        b.owner,
        b.number,
        board.items.len()
    );
    vec![
        line("board", Ok(found)),
        line(
            "board fields",
            fields_outcome(&board, b, config.vocabulary()),
        ),
        line("board write", write_outcome(adapter, b).await),
    ]
}

fn line(name: &'static str, outcome: Outcome) -> Line {
    Line { name, outcome }
}

/// Every configured field is found; a single select has an option for each value kepsync writes.
pub fn fields_outcome(board: &Board, b: &BoardSection, v: &Vocabulary) -> Outcome {
    let n = &b.fields;
    let wanted: [(&str, &[&str]); 6] = [
        (&n.issue_number, &[]),
        (&n.stage, &["alpha", "beta", "stable"]),
        (&n.sig, &[]),
        (&n.prr_status, &PRR),
        (&n.kind, &[]),
        (&n.status, &[]),
    ];
    let mut problems = Vec::new();
    for (name, values) in wanted {
        match board.field(name) {
            None => problems.push(format!("no field {name:?}")),
            Some(f) => problems.extend(missing_options(f, values)),
        }
    }
    if let Some(status) = board.field(&n.status) {
        problems.extend(unknown_status_options(status, v));
    }
    if problems.is_empty() {
        Ok(format!(
            "{} field(s), every one kepsync uses found",
            board.fields.len()
        ))
    } else {
        Err(Failure::new(
            problems.join("; "),
            "add the field or option on the board, or name the board's own in [board.fields]",
        ))
    }
}

const PRR: [&str; 3] = [
    PrrStatus::Approved.word(),
    PrrStatus::NeedsApproval.word(),
    PrrStatus::NotRequired.word(),
];

fn missing_options(f: &BoardField, values: &[&str]) -> Vec<String> {
    if !matches!(f.kind, FieldKind::SingleSelect(_)) {
        return Vec::new();
    }
    values
        .iter()
        .filter(|v| f.option(v).is_none())
        .map(|v| format!("{} has no option {v:?}", f.name))
        .collect()
}

/// Status options whose meaning the vocabulary does not know (kepsync compares them as written).
fn unknown_status_options(f: &BoardField, v: &Vocabulary) -> Vec<String> {
    let FieldKind::SingleSelect(options) = &f.kind else {
        return Vec::new();
    };
    options
        .iter()
        .filter(|o| v.loose_meaning(&o.name).is_none())
        .map(|o| {
            format!(
                "{} option {:?} means nothing kepsync knows (compared as written: {:?})",
                f.name,
                o.name,
                status_key(v, &o.name)
            )
        })
        .collect()
}

async fn write_outcome(adapter: &GithubAdapter, b: &BoardSection) -> Outcome {
    let can = adapter.can_update_board(&b.owner, b.number).await;
    match (can, b.write) {
        (Ok(true), _) => Ok("the token can write the board".into()),
        (Ok(false), false) => {
            Ok("read only ([board] write = false; the token cannot write)".into())
        }
        (Ok(false), true) => Err(Failure::new(
            "[board] write = true, but the token cannot write the board",
            "give the token the `project` scope (classic) or Projects: read and write (fine-grained), or set [board] write = false",
        )),
        (Err(e), _) => Err(Failure::new(e.to_string(), "see the board line")),
    }
}
