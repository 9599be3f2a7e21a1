//! What one run costs on GitHub: the emulator's counts diffed around the run, plus the board
//! reads among the GraphQL queries (counted by a handler wrapped around the emulator, which sees
//! each request's document).

use emulator_kit::{Handler, Outcome, Request};
use github_emulator::{Counts, GithubEmulator};
use std::sync::{Arc, Mutex};

/// The cost of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    /// GraphQL query documents.
    pub queries: u32,
    /// Of those, reads of the board (documents naming `projectV2`).
    pub board_queries: u32,
    /// Mutation fields run (kepsync and the job both send one per request).
    pub mutations: u32,
    /// GitHub's secondary-limit points: 1 per query, 5 per mutation.
    pub secondary: u32,
    /// GraphQL points (the primary limit: 5,000 an hour).
    pub points: u32,
    /// REST calls counted against their own 5,000 an hour (304s are free).
    pub rest: u32,
    /// Items on the board after the run.
    pub items: usize,
    /// Sheets reads and writes (kepsync with a sheet only).
    pub sheets: (u64, u64),
}

/// Board reads seen so far, shared with the wrapping handler.
#[derive(Clone, Default)]
pub struct BoardReads(Arc<Mutex<u32>>);

impl BoardReads {
    pub fn get(&self) -> u32 {
        *self.0.lock().expect("board reads")
    }
}

/// A handler counting board reads, then answering as the emulator does.
pub struct Meter {
    inner: Arc<dyn Handler>,
    reads: BoardReads,
}

impl Meter {
    pub fn wrap(emulator: &GithubEmulator, reads: BoardReads) -> Arc<dyn Handler> {
        Arc::new(Meter {
            inner: emulator.handler(),
            reads,
        })
    }
}

impl Handler for Meter {
    fn handle(&self, request: Request) -> Outcome {
        if request.path == "/graphql" && is_board_read(&request.body) {
            *self.reads.0.lock().expect("board reads") += 1;
        }
        self.inner.handle(request)
    }
}

/// A query (not a mutation) that reads a Projects v2 board.
fn is_board_read(body: &[u8]) -> bool {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
        return false;
    };
    let doc = v["query"].as_str().unwrap_or("");
    doc.contains("projectV2") && !doc.trim_start().starts_with("mutation")
}

/// The emulator's counts and the board reads at one moment.
#[derive(Clone, Copy)]
pub struct Mark {
    counts: Counts,
    board_reads: u32,
}

pub fn mark(emulator: &GithubEmulator, reads: &BoardReads) -> Mark {
    Mark {
        counts: emulator.counts(),
        board_reads: reads.get(),
    }
}

/// What was spent from `before` to now, and the items on the board now.
pub fn since(before: Mark, emulator: &GithubEmulator, reads: &BoardReads) -> Figures {
    let (a, b) = (before.counts, emulator.counts());
    let queries = b.graphql_queries - a.graphql_queries;
    let mutations = b.graphql_mutations - a.graphql_mutations;
    let graphql_requests = queries + mutations;
    Figures {
        queries,
        board_queries: reads.get() - before.board_reads,
        mutations,
        secondary: b.secondary_points - a.secondary_points,
        points: b.graphql_points - a.graphql_points,
        rest: (b.rate_limited - a.rate_limited).saturating_sub(graphql_requests),
        items: items_on_board(emulator),
        sheets: (0, 0),
    }
}

fn items_on_board(emulator: &GithubEmulator) -> usize {
    use crate::support::board::{NUMBER, OWNER};
    emulator
        .project_dump(OWNER, NUMBER)
        .map_or(0, |p| p.items.len())
}
