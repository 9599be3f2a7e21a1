//! The board bench's data: N opted-in enhancement issues (the KEP corpus's first, then made-up
//! ones), the sheet tracking them, and the release board (the shared fields file) empty or as
//! the official job leaves it (an item per issue with only Issue Number set).

use crate::support::board::{item, release_board};
use crate::support::github::GithubSeed;
use crate::support::sheet::{enh_row, sheet};
use github_emulator::{IssueSeed, Tree, issues_from_tree};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The label a SIG lead applies to opt an enhancement in.
pub const OPTED_IN: &str = "lead-opted-in";
/// Made-up issues (past the corpus's KEPs) are numbered from here.
const MADE_UP_FROM: u64 = 90_000;

/// What every world of one size shares: the KEP tree and the N opted-in issues.
pub struct Data {
    tree: PathBuf,
    issues: Vec<IssueSeed>,
    /// The shared board fields, with no item.
    board: Value,
}

impl Data {
    /// `None` (the bench is skipped) when `../shared` lacks the corpus or the board fields.
    pub fn load(repo: &Path, n: usize) -> Option<Data> {
        let tree = repo.join("../shared/kep-corpus");
        if !tree.join("keps").is_dir() {
            println!("SKIPPED: ../shared/kep-corpus is not present");
            return None;
        }
        let Some(board) = release_board(Vec::new()) else {
            println!("SKIPPED: ../shared/board/release-tracking-fields.json is not present");
            return None;
        };
        let corpus = Tree::from_dir(&tree).expect("corpus tree");
        let issues = opted_in(issues_from_tree(&corpus), n);
        Some(Data {
            tree,
            issues,
            board,
        })
    }

    pub fn numbers(&self) -> Vec<u64> {
        self.issues.iter().map(|i| i.number).collect()
    }

    /// The GitHub side: the corpus tree, the issues, and the board with `items`.
    pub fn github(&self, items: Vec<Value>) -> GithubSeed {
        let mut board = self.board.clone();
        board["items"] = Value::Array(items);
        GithubSeed::tree_dir(&self.tree)
            .issues(serde_json::to_value(&self.issues).expect("issues"))
            .project(board)
    }

    /// The board as the official job leaves it had it read every issue: one item each, with
    /// only Issue Number set.
    pub fn official_items(&self) -> Vec<Value> {
        self.numbers()
            .into_iter()
            .map(|n| item(n, json!({ "Issue Number": n.to_string() })))
            .collect()
    }

    /// A sheet tracking every issue on Enhancements (Status `Tracked`, owned cells blank).
    pub fn sheet(&self) -> Value {
        let rows: Vec<Vec<String>> = self
            .numbers()
            .into_iter()
            .map(|n| enh_row(n, "Tracked", "", ""))
            .collect();
        sheet(&[], &rows, &[])
    }
}

/// The first `n` issues of the corpus (but #0: the 0000 folders are process KEPs without an
/// issue), then made-up ones, all open, opted in, in v1.37.
fn opted_in(corpus: Vec<IssueSeed>, n: usize) -> Vec<IssueSeed> {
    let made_up = (MADE_UP_FROM..).map(|number| IssueSeed {
        number,
        title: format!("Enhancement {number}"),
        state: "open".into(),
        assignees: vec![format!("dev{}", number % 7)],
        labels: vec![format!("sig/sig{}", number % 5), "stage/alpha".into()],
        milestone: None,
        body: String::new(),
    });
    corpus
        .into_iter()
        .filter(|i| i.number > 0)
        .chain(made_up)
        .take(n)
        .map(|mut i| {
            i.state = "open".into();
            i.milestone = Some("v1.37".into());
            i.labels.push(OPTED_IN.into());
            i
        })
        .collect()
}
