//! The emulator's mutable world: the tree, issues, pulls, a logical clock, rate limits and counts.

use crate::graphql::GithubSchema;
use crate::projects::{Project, ProjectSeed, Projects};
use crate::seeds::{IssueSeed, PullSeed};
use crate::tree::{Tree, TreeEntry};
use crate::util::{now_epoch, sha1_hex};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The scopes a token has unless told otherwise: everything kepsync may need.
pub const DEFAULT_SCOPES: [&str; 3] = ["repo", "read:org", "project"];

/// The repository whose issues and tree are served.
pub const REPO: &str = "kubernetes/enhancements";
/// Requests per hour per resource, as for a personal token.
pub const LIMIT: u32 = 5000;
/// The logical clock starts here (2026-01-01T00:00:00Z); each change moves it one second.
const EPOCH_BASE: u64 = 1_767_225_600;

/// Request counts, as `GET /_emulator/requests` reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Every API request (control endpoints excluded).
    pub total: u32,
    /// Answered 304 Not Modified (free).
    pub not_modified: u32,
    /// Answered by the API and counted against a rate limit (REST non-304, GraphQL).
    pub rate_limited: u32,
    /// GraphQL points spent.
    pub graphql_points: u32,
    /// Answered by an injected fault instead.
    pub faulted: u32,
    /// GraphQL documents whose operation is a query (answered, whatever their errors).
    pub graphql_queries: u32,
    /// Mutation fields executed (each `addProjectV2ItemById` etc. in a mutation document).
    pub graphql_mutations: u32,
    /// GitHub's secondary-limit points: 1 per GraphQL query, 5 per mutation (2,000 a minute).
    pub secondary_points: u32,
}

#[derive(Debug, Clone)]
pub struct IssueRecord {
    pub seed: IssueSeed,
    pub created: u64,
    pub updated: u64,
}

#[derive(Debug, Clone)]
pub struct PullRecord {
    pub seed: PullSeed,
    pub created: u64,
    pub updated: u64,
}

/// Everything behind the emulator's mutex.
#[derive(Debug)]
pub struct State {
    pub tree: Tree,
    listing: Option<(String, Vec<TreeEntry>)>,
    pub commit_seq: u64,
    pub issues: BTreeMap<u64, IssueRecord>,
    pub pulls: BTreeMap<(String, u64), PullRecord>,
    /// Milestone titles in creation order; a milestone's number is its place here, from 1.
    pub milestones: Vec<String>,
    /// False when the token may not write (writes answer 403, as for a read-only token).
    pub can_write: bool,
    /// The classic token's OAuth scopes (`x-oauth-scopes`); Projects v2 needs `read:project` or
    /// `project` to read and `project` to write.
    pub scopes: Vec<String>,
    pub projects: Projects,
    /// GitHub's schema, when found: every GraphQL document is validated against it.
    pub schema: Option<Arc<GithubSchema>>,
    clock: u64,
    pub core_used: u32,
    pub graphql_used: u32,
    pub reset_at: u64,
    pub counts: Counts,
}

impl State {
    pub fn new(tree: Tree, issues: Vec<IssueSeed>, pulls: Vec<PullSeed>) -> State {
        let mut state = State {
            tree,
            listing: None,
            commit_seq: 1,
            issues: BTreeMap::new(),
            pulls: BTreeMap::new(),
            milestones: Vec::new(),
            can_write: true,
            scopes: DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect(),
            projects: Projects::default(),
            schema: crate::graphql::default_schema(),
            clock: EPOCH_BASE,
            core_used: 0,
            graphql_used: 0,
            reset_at: now_epoch() + 3600,
            counts: Counts::default(),
        };
        let mut titles: Vec<String> = issues.iter().filter_map(|i| i.milestone.clone()).collect();
        titles.sort_unstable();
        titles.dedup();
        state.milestones = titles;
        issues.into_iter().for_each(|i| state.upsert_issue(i));
        pulls.into_iter().for_each(|p| state.upsert_pull(p));
        state
    }

    /// Adds or replaces the project `(seed.owner, seed.number)`; items must be existing issues.
    pub fn put_project(&mut self, seed: &ProjectSeed) -> Result<(), String> {
        let now = self.tick();
        let project = Project::from_seed(seed, |n| self.issues.contains_key(&n), now)?;
        let key = (project.owner.clone(), project.number);
        self.projects.boards.insert(key, project);
        Ok(())
    }

    /// Whether the token has one of these scopes.
    pub fn has_scope(&self, any_of: &[&str]) -> bool {
        self.scopes.iter().any(|s| any_of.contains(&s.as_str()))
    }

    pub fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    pub fn upsert_issue(&mut self, seed: IssueSeed) {
        if let Some(m) = &seed.milestone {
            self.add_milestone(m);
        }
        let now = self.tick();
        let created = self.issues.get(&seed.number).map_or(now, |r| r.created);
        let record = IssueRecord {
            seed,
            created,
            updated: now,
        };
        self.issues.insert(record.seed.number, record);
    }

    pub fn upsert_pull(&mut self, seed: PullSeed) {
        let now = self.tick();
        let key = (seed.repo.clone(), seed.number);
        let created = self.pulls.get(&key).map_or(now, |r| r.created);
        self.pulls.insert(
            key,
            PullRecord {
                seed,
                created,
                updated: now,
            },
        );
    }

    pub fn set_file(&mut self, path: &str, contents: Option<Vec<u8>>) {
        self.tree.set_file(path, contents);
        self.listing = None;
        self.commit_seq += 1;
    }

    /// The root tree SHA and recursive listing (cached until the tree changes).
    pub fn listing(&mut self) -> &(String, Vec<TreeEntry>) {
        self.listing.get_or_insert_with(|| self.tree.listing())
    }

    /// The id of the default branch's head commit (changes with the tree).
    pub fn commit_sha(&mut self) -> String {
        let tree = self.listing().0.clone();
        commit_id(self.commit_seq, &tree)
    }

    /// The same id without the listing cache (for read-only callers).
    pub fn commit_sha_uncached(&self) -> String {
        let tree = match &self.listing {
            Some((sha, _)) => sha.clone(),
            None => self.tree.listing().0,
        };
        commit_id(self.commit_seq, &tree)
    }

    /// Pull requests that cross-reference issue `number` of the served repository.
    pub fn pulls_referencing(&self, number: u64) -> Vec<&PullRecord> {
        self.pulls
            .values()
            .filter(|p| p.seed.references.contains(&number))
            .collect()
    }

    /// Milestone number for a title: its place among the milestones (seeded ones sorted by title,
    /// later ones in creation order).
    pub fn milestone_number(&self, title: &str) -> u64 {
        self.milestones
            .iter()
            .position(|t| t == title)
            .map_or(1, |i| i as u64 + 1)
    }

    /// Creates a milestone unless one has this title.
    pub fn add_milestone(&mut self, title: &str) {
        if !self.milestones.iter().any(|t| t == title) {
            self.milestones.push(title.to_string());
        }
    }

    /// The title of milestone `number`.
    pub fn milestone_title(&self, number: u64) -> Option<&str> {
        let i = usize::try_from(number).ok()?.checked_sub(1)?;
        self.milestones.get(i).map(String::as_str)
    }

    /// Changes an issue in place: its `updated_at` moves (and so the ETags of its answers).
    pub fn edit_issue(&mut self, number: u64, edit: impl FnOnce(&mut IssueSeed)) -> bool {
        let now = self.tick();
        match self.issues.get_mut(&number) {
            Some(rec) => {
                edit(&mut rec.seed);
                rec.updated = now;
                true
            }
            None => false,
        }
    }

    /// Spends `points` of a resource; false when the limit is exhausted.
    pub fn spend(&mut self, resource: Resource, points: u32) -> bool {
        self.roll_window();
        let used = match resource {
            Resource::Core => &mut self.core_used,
            Resource::Graphql => &mut self.graphql_used,
        };
        if *used + points > LIMIT {
            return false;
        }
        *used += points;
        true
    }

    pub fn used(&self, resource: Resource) -> u32 {
        match resource {
            Resource::Core => self.core_used,
            Resource::Graphql => self.graphql_used,
        }
    }

    fn roll_window(&mut self) {
        let now = now_epoch();
        if now >= self.reset_at {
            self.reset_at = now + 3600;
            self.core_used = 0;
            self.graphql_used = 0;
        }
    }
}

fn commit_id(seq: u64, tree: &str) -> String {
    sha1_hex(format!("commit {seq} tree {tree}").as_bytes())
}

/// A rate-limit bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Core,
    Graphql,
}

impl Resource {
    pub fn name(self) -> &'static str {
        match self {
            Resource::Core => "core",
            Resource::Graphql => "graphql",
        }
    }
}
