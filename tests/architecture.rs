//! The rules of ARCHITECTURE.md, checked on the source so they stay true: file size, which
//! crates each layer may name, and no import circle between files.
//!
//! Where today's code still breaks a rule, the breach is listed here (a ratchet): a new breach
//! fails, and so does a listed one that has been fixed, so the lists only shrink.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const MAX_LINES: usize = 400;

/// Files over [`MAX_LINES`] today, with the most lines each may have until it is split.
const LONG_FILES: &[(&str, usize)] = &[];

/// Import circles between files today (each as its sorted files).
const KNOWN_CIRCLES: &[&[&str]] = &[];

/// Every `.rs` file under `src/`, relative to it, without test-only files.
fn sources() -> Vec<(String, String)> {
    sources_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

/// Every `.rs` file under `root`, relative to it, without test-only files.
fn sources_in(root: &Path) -> Vec<(String, String)> {
    let root = root.to_path_buf();
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = rel_name(&root, &path);
                if !is_test_file(&rel) {
                    out.push((rel, std::fs::read_to_string(&path).expect("utf-8 source")));
                }
            }
        }
    }
    out.sort();
    out
}

fn rel_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .expect("under src")
        .to_string_lossy()
        .replace('\\', "/")
}

fn is_test_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name == "tests.rs" || name.ends_with("_tests.rs")
}

/// The text of a file before its `#[cfg(test)]` module, if any (unit tests may import freely).
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod ").map_or(text, |i| &text[..i])
}

#[test]
fn no_source_file_is_over_400_lines_except_those_listed_and_they_do_not_grow() {
    let mut problems = Vec::new();
    for (rel, text) in sources() {
        let lines = text.lines().count();
        match LONG_FILES.iter().find(|(f, _)| *f == rel) {
            Some((_, max)) if lines > *max => {
                problems.push(format!("{rel}: {lines} lines, grew past its listed {max}"))
            }
            Some(_) if lines <= MAX_LINES => problems.push(format!(
                "{rel}: {lines} lines now: remove it from LONG_FILES"
            )),
            None if lines > MAX_LINES => problems.push(format!(
                "{rel}: {lines} lines (at most {MAX_LINES}): split it"
            )),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn names_crate(text: &str, krate: &str) -> bool {
    Regex::new(&format!(r"\b{krate}::"))
        .unwrap()
        .is_match(without_tests(text))
}

#[test]
fn google_sheets4_is_used_only_by_the_sheets_adapter() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|(rel, text)| !rel.starts_with("sheets/") && names_crate(text, "google_sheets4"))
        .map(|(rel, _)| rel)
        .collect();
    assert!(
        offenders.is_empty(),
        "google_sheets4 outside src/sheets/: {offenders:?}"
    );
}

#[test]
fn octocrab_is_used_only_by_the_github_adapter() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|(rel, text)| !rel.starts_with("github/") && names_crate(text, "octocrab"))
        .map(|(rel, _)| rel)
        .collect();
    assert!(
        offenders.is_empty(),
        "octocrab outside src/github/: {offenders:?}"
    );
}

#[test]
fn the_model_imports_nothing_else_of_the_crate_and_no_client_or_runtime() {
    let mut problems = Vec::new();
    let crate_path = Regex::new(r"\bcrate::").unwrap();
    for (rel, text) in sources() {
        if !rel.starts_with("model/") {
            continue;
        }
        let body = without_tests(&text);
        if crate_path.is_match(body) {
            problems.push(format!("{rel} imports from the crate"));
        }
        for krate in ["google_sheets4", "octocrab", "hyper", "tokio", "yup_oauth2"] {
            if names_crate(body, krate) {
                problems.push(format!("{rel} names {krate}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A file's code without its comments and unit tests.
fn code_of(text: &str) -> String {
    without_tests(text)
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The crates the model may name (ARCHITECTURE.md: std, serde and jiff only).
const MODEL_CRATES: &[&str] = &["std", "core", "serde", "jiff", "super", "self"];

#[test]
fn the_model_uses_only_std_serde_and_jiff() {
    let use_root =
        Regex::new(r"(?m)^\s*(?:pub(?:\([^)]*\))?\s+)?use\s+:*([A-Za-z_][A-Za-z0-9_]*)").unwrap();
    let files = sources();
    // A model file's own child modules (`pub use calendar::Calendar;` in model/mod.rs).
    let child = |root: &str| {
        files.iter().any(|(rel, _)| {
            *rel == format!("model/{root}.rs") || *rel == format!("model/{root}/mod.rs")
        })
    };
    let mut problems = Vec::new();
    for (rel, text) in &files {
        if !rel.starts_with("model/") {
            continue;
        }
        for cap in use_root.captures_iter(without_tests(text)) {
            if !MODEL_CRATES.contains(&&cap[1]) && !child(&cap[1]) {
                problems.push(format!("{rel} uses {}", &cap[1]));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_planner_does_no_io_and_names_no_client() {
    let mut problems = Vec::new();
    for (rel, text) in sources() {
        let planner = rel.starts_with("sync/")
            || rel.starts_with("readiness/")
            || rel.starts_with("writeback/")
            || rel.starts_with("board/");
        if !planner {
            continue;
        }
        let body = code_of(&text);
        for krate in ["google_sheets4", "octocrab", "hyper", "tokio", "yup_oauth2"] {
            if names_crate(&body, krate) {
                problems.push(format!("{rel} names {krate}"));
            }
        }
        for adapter in [
            "crate::sheets::",
            "crate::github::",
            "std::fs::",
            "std::net::",
        ] {
            if body.contains(adapter) {
                problems.push(format!("{rel} uses {adapter}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---- import circles ----

/// A module path → its file, for every source file (`sync/plan.rs` is `sync::plan`).
fn module_files(files: &[(String, String)]) -> BTreeMap<String, String> {
    files
        .iter()
        .filter(|(rel, _)| rel != "main.rs")
        .map(|(rel, _)| {
            let m = rel
                .trim_end_matches(".rs")
                .trim_end_matches("/mod")
                .replace('/', "::");
            let m = if m == "lib" { String::new() } else { m };
            (m, rel.clone())
        })
        .collect()
}

/// Every crate path a file names, made absolute from the crate root: its `use` items expanded
/// (`a::{b, c::d}` → `a::b`, `a::c::d`) and paths written inline (`super::extra::ExtraWrites`).
/// A module file's `pub use` re-exports are not its dependencies and are left out.
fn imports(module: &str, text: &str, modules: &BTreeMap<String, String>) -> Vec<Vec<String>> {
    let code = code_of(text);
    let uses = Regex::new(r"(?m)^\s*(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);").unwrap();
    let mut out = Vec::new();
    for cap in uses.captures_iter(&code) {
        if cap.get(1).is_some() && is_module_file(module, modules) {
            continue;
        }
        for path in expand(&compact(&cap[2])) {
            out.extend(absolute(module, &path, modules));
        }
    }
    let rest = uses.replace_all(&code, "");
    let inline = Regex::new(r"\b(?:crate|super)(?:::[A-Za-z_][A-Za-z0-9_]*)+").unwrap();
    for m in inline.find_iter(&rest) {
        out.extend(absolute(module, m.as_str(), modules));
    }
    out
}

/// True for a `mod.rs` or `lib.rs`: a module with children.
fn is_module_file(module: &str, modules: &BTreeMap<String, String>) -> bool {
    modules
        .get(module)
        .is_some_and(|f| f.ends_with("mod.rs") || f == "lib.rs")
}

fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

/// A `use` tree with its whitespace gone but for ` as ` aliases.
fn compact(tree: &str) -> String {
    tree.split_whitespace()
        .map(|w| if w == "as" { " as " } else { w })
        .collect()
}

fn absolute(module: &str, path: &str, modules: &BTreeMap<String, String>) -> Option<Vec<String>> {
    let path = path.split(" as ").next().unwrap_or(path);
    let mut segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = module
        .split("::")
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    match segs.first().copied() {
        Some("crate") => {
            base.clear();
            segs.remove(0);
        }
        Some("super") => {
            while segs.first() == Some(&"super") {
                base.pop();
                segs.remove(0);
            }
        }
        Some("self") => {
            segs.remove(0);
        }
        // A child module named relatively (`pub use plan::Plan;` in a mod.rs).
        Some(first) if modules.contains_key(&join(module, first)) => {}
        _ => return None,
    }
    base.extend(segs.into_iter().map(String::from));
    Some(base)
}

/// The file an absolute path's item lives in: the deepest module file on the path, seen
/// through a `mod.rs`'s `pub use child::Item` re-exports.
fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_string()
    } else {
        format!("{module}::{name}")
    }
}

fn target_file(
    path: &[String],
    files: &BTreeMap<String, String>,
    reexports: &BTreeMap<String, BTreeMap<String, String>>,
) -> Option<String> {
    let mut module = String::new();
    let mut found = files.get("").cloned();
    let mut rest = path;
    while let Some((first, tail)) = rest.split_first() {
        let next = join(&module, first);
        match files.get(&next) {
            Some(f) => {
                found = Some(f.clone());
                module = next;
                rest = tail;
            }
            None => break,
        }
    }
    if let (Some(item), Some(map)) = (rest.first(), reexports.get(&module))
        && let Some(child) = map.get(item)
    {
        return files.get(child).cloned();
    }
    found
}

/// For each module file, the items it re-exports from a child module: item → child module.
fn reexports(
    files: &[(String, String)],
    modules: &BTreeMap<String, String>,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let by_file: BTreeMap<&str, &str> = modules
        .iter()
        .map(|(m, f)| (f.as_str(), m.as_str()))
        .collect();
    let pub_use = Regex::new(r"(?m)^\s*pub use\s+([^;]+);").unwrap();
    for (rel, text) in files {
        let Some(module) = by_file.get(rel.as_str()).copied() else {
            continue;
        };
        let mut map = BTreeMap::new();
        for cap in pub_use.captures_iter(text) {
            for path in expand(&compact(&cap[1])) {
                let Some(abs) = absolute(module, &path, modules) else {
                    continue;
                };
                if let Some(item) = abs.last() {
                    let child = abs[..abs.len() - 1].join("::");
                    if child != module && modules.contains_key(&child) {
                        map.insert(item.clone(), child);
                    }
                }
            }
        }
        out.insert(module.to_string(), map);
    }
    out
}

fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    graph_of(&sources())
}

/// Which files each file imports from (mod.rs and lib.rs are seen through, not counted).
fn graph_of(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let modules = module_files(files);
    let reexports = reexports(files, &modules);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, rel) in &modules {
        let text = &files.iter().find(|(f, _)| f == rel).expect("listed").1;
        let edges = graph.entry(rel.clone()).or_default();
        for path in imports(module, text, &modules) {
            if let Some(target) = target_file(&path, &modules, &reexports)
                && target != *rel
                && target != "lib.rs"
            {
                edges.insert(target);
            }
        }
    }
    graph
}

/// Strongly connected components of more than one file (Tarjan).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        for w in graph.get(v).into_iter().flatten() {
            if !s.index.contains_key(w.as_str()) {
                visit(s, w);
                let lw = s.low[w.as_str()];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w.as_str()) {
                let iw = s.index[w.as_str()];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                scc.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                s.out.push(scc);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out.sort();
    s.out
}

#[test]
fn no_import_circle_between_files_except_those_listed() {
    let found = circles(&import_graph());
    let known: Vec<Vec<String>> = KNOWN_CIRCLES
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect();
    let new: Vec<&Vec<String>> = found.iter().filter(|c| !known.contains(c)).collect();
    let gone: Vec<&Vec<String>> = known.iter().filter(|c| !found.contains(c)).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "import circles not listed: {new:#?}\nlisted circles that are gone (remove them): {gone:#?}"
    );
}

#[test]
fn the_circle_finder_finds_a_circle_through_super_imports_and_reexports() {
    let files = vec![
        (
            "sync/mod.rs".to_string(),
            "mod a;\nmod b;\npub use b::Bee;\n".to_string(),
        ),
        (
            "sync/a.rs".to_string(),
            "use crate::sync::Bee;\n".to_string(),
        ),
        (
            "sync/b.rs".to_string(),
            "use super::a::{Ay, other::{X}};\n".to_string(),
        ),
        ("lib.rs".to_string(), "pub mod sync;\n".to_string()),
    ];
    let graph = graph_of(&files);
    assert_eq!(
        circles(&graph),
        vec![vec!["sync/a.rs".to_string(), "sync/b.rs".to_string()]]
    );
}

// ---- the KEP index crate ----

/// The crates `crates/kep-index` may not name: kepsync, the clients, the runtime.
const NOT_IN_KEP_INDEX: &[&str] = &[
    "kepsync",
    "google_sheets4",
    "octocrab",
    "hyper",
    "hyper_util",
    "tokio",
    "yup_oauth2",
    "emulator_kit",
];

fn kep_index_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/kep-index")
}

#[test]
fn the_kep_index_crate_has_short_files_no_circle_and_names_nothing_of_kepsync() {
    let files = sources_in(&kep_index_dir().join("src"));
    assert!(files.iter().any(|(rel, _)| rel == "lib.rs"), "{files:?}");
    let mut problems = Vec::new();
    for (rel, text) in &files {
        let lines = text.lines().count();
        if lines > MAX_LINES {
            problems.push(format!(
                "kep-index/{rel}: {lines} lines (at most {MAX_LINES}): split it"
            ));
        }
        for krate in NOT_IN_KEP_INDEX {
            if names_crate(text, krate) {
                problems.push(format!("kep-index/{rel} names {krate}"));
            }
        }
        if without_tests(text).contains("std::net") {
            problems.push(format!("kep-index/{rel} uses std::net"));
        }
    }
    for circle in circles(&graph_of(&files)) {
        problems.push(format!("kep-index: import circle {circle:?}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_kep_index_crate_depends_on_no_runtime_client_or_workspace_crate() {
    let manifest = std::fs::read_to_string(kep_index_dir().join("Cargo.toml")).expect("manifest");
    let manifest: toml::Table = manifest.parse().expect("manifest is TOML");
    let mut problems = Vec::new();
    for section in ["dependencies", "build-dependencies"] {
        let Some(deps) = manifest.get(section).and_then(|d| d.as_table()) else {
            continue;
        };
        for (name, spec) in deps {
            let crate_name = name.replace('-', "_");
            if NOT_IN_KEP_INDEX.contains(&crate_name.as_str()) || name.starts_with("hyper") {
                problems.push(format!("[{section}] {name}"));
            }
            if spec.get("path").is_some() {
                problems.push(format!("[{section}] {name} is a path dependency"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "kep-index may not depend on: {problems:?}"
    );
}
