//! What the GitHub emulator serves in a world: a KEP tree, issues and pulls, usable both by the
//! `github-emulator` binary (as files) and in-process (as a [`GithubEmulator`]).

use github_emulator::{GithubEmulator, IssueSeed, PullSeed, Tree};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// Where the KEP tree comes from.
#[derive(Debug, Clone)]
pub enum TreeSource {
    /// A directory on disk (the corpus, the demo sample).
    Dir(PathBuf),
    /// Files made by the test (written under the world's directory for the binary).
    Files(Vec<(String, Vec<u8>)>),
}

/// A KEP tree, issues and (optionally) pulls.
#[derive(Debug, Clone)]
pub struct GithubSeed {
    pub tree: TreeSource,
    pub issues: Value,
    pub pulls: Option<Value>,
    /// Projects v2 boards, in the emulator's seeding shape.
    pub projects: Vec<Value>,
}

impl GithubSeed {
    /// The demo sample's tree and issues (`src/demo/sample`), no pulls.
    pub fn demo() -> GithubSeed {
        GithubSeed {
            tree: TreeSource::Dir(demo_tree_dir()),
            issues: serde_json::from_str(kepsync::demo::sample::ISSUES).expect("sample issues"),
            pulls: None,
            projects: Vec::new(),
        }
    }

    /// The tree in `dir`, no issues, no pulls.
    pub fn tree_dir(dir: &Path) -> GithubSeed {
        GithubSeed {
            tree: TreeSource::Dir(dir.to_path_buf()),
            issues: json!([]),
            pulls: None,
            projects: Vec::new(),
        }
    }

    /// A tree of `files` (path, contents), no issues, no pulls.
    pub fn tree_files(files: Vec<(String, Vec<u8>)>) -> GithubSeed {
        GithubSeed {
            tree: TreeSource::Files(files),
            issues: json!([]),
            pulls: None,
            projects: Vec::new(),
        }
    }

    pub fn issues(mut self, issues: Value) -> GithubSeed {
        self.issues = issues;
        self
    }

    pub fn pulls(mut self, pulls: Value) -> GithubSeed {
        self.pulls = Some(pulls);
        self
    }

    /// A Projects v2 board (see `support::board`).
    pub fn project(mut self, project: Value) -> GithubSeed {
        self.projects.push(project);
        self
    }

    /// The demo sample's pulls.
    pub fn demo_pulls(self) -> GithubSeed {
        self.pulls(serde_json::from_str(kepsync::demo::sample::PULLS).expect("sample pulls"))
    }

    /// The `github-emulator` arguments serving this seed, writing what it needs under `dir`.
    pub fn args(&self, dir: &Path) -> Vec<String> {
        let tree = match &self.tree {
            TreeSource::Dir(d) => d.clone(),
            TreeSource::Files(files) => {
                let root = dir.join("tree");
                for (p, bytes) in files {
                    let path = root.join(p);
                    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                    std::fs::write(path, bytes).expect("tree file");
                }
                root
            }
        };
        let write =
            |name: &str, v: &Value| crate::support::process::write(dir, name, &v.to_string());
        let mut args = vec![
            "--tree".to_string(),
            tree.to_string_lossy().into_owned(),
            "--issues".to_string(),
            write("issues.json", &self.issues),
        ];
        if let Some(pulls) = &self.pulls {
            args.extend(["--pulls".to_string(), write("pulls.json", pulls)]);
        }
        if !self.projects.is_empty() {
            let projects = Value::Array(self.projects.clone());
            args.extend(["--projects".to_string(), write("projects.json", &projects)]);
        }
        args
    }

    /// An in-process emulator serving this seed.
    pub fn emulator(&self) -> GithubEmulator {
        let tree = match &self.tree {
            TreeSource::Dir(d) => {
                Tree::from_dir(d).unwrap_or_else(|e| panic!("{}: {e}", d.display()))
            }
            TreeSource::Files(files) => Tree::from_files(files.clone()),
        };
        let issues: Vec<IssueSeed> = serde_json::from_value(self.issues.clone()).expect("issues");
        let pulls: Vec<PullSeed> = self
            .pulls
            .clone()
            .map(|p| serde_json::from_value(p).expect("pulls"))
            .unwrap_or_default();
        let emulator = GithubEmulator::new(tree, issues, pulls);
        for p in &self.projects {
            let seed = serde_json::from_value(p.clone()).expect("project seed");
            emulator.put_project(&seed).expect("project seeds");
        }
        emulator
    }
}

/// `src/demo/sample/tree`: the files of `kepsync::demo::sample::TREE`.
pub fn demo_tree_dir() -> PathBuf {
    crate::support::process::repo_path("src/demo/sample/tree")
}

/// Issues of the demo sample plus `extra` plain ones numbered from 9100.
pub fn demo_issues(extra: u64) -> Value {
    let mut out: Vec<Value> =
        serde_json::from_str(kepsync::demo::sample::ISSUES).expect("sample issues");
    for n in 9100..9100 + extra {
        out.push(json!({
            "number": n,
            "title": format!("Enhancement {n}"),
            "state": "open",
            "assignees": [format!("dev{}", n % 7)],
            "labels": [format!("sig/sig{}", n % 5), "stage/alpha"],
            "milestone": "v1.37",
            "body": "",
        }));
    }
    Value::Array(out)
}
