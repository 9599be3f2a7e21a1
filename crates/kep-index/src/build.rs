//! Assembling the index from parsed files: KEP ⇄ README ⇄ PRR file, checks, duplicates, tree problems.

use super::aliases::OwnersAliases;
use super::kep_yaml::RawKep;
use super::load::{KepRead, Parsed};
use super::milestone::normalize_milestone;
use super::model::{Duplicate, IndexStats, Kep, KepIndex};
use super::problem::Problem;
use super::prr::prr_location;
use super::readme::ReadmeFindings;
use super::validate::{
    PrrFiles, check_fields, check_prr, check_values, parse_bool, prr_path, prr_required,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Path of the KEP template's metadata.
pub const TEMPLATE_PATH: &str = "keps/NNNN-kep-template/kep.yaml";

/// Files sorted by kind, before they are joined.
#[derive(Default)]
struct Sorted {
    keps: Vec<(String, KepRead)>,
    readmes: HashMap<String, ReadmeFindings>,
    prr_files: PrrFiles,
    aliases: Option<Result<OwnersAliases, String>>,
    problems: Vec<String>,
    stats: IndexStats,
}

/// Builds the index from every parsed file.
pub(crate) fn build(parsed: Vec<Parsed>, bytes: usize) -> KepIndex {
    let mut sorted = sort(parsed);
    sorted.stats.bytes = bytes;
    let aliases = take_aliases(&mut sorted);
    let mut used_prr = HashSet::new();
    let mut keps: Vec<Kep> = std::mem::take(&mut sorted.keps)
        .into_iter()
        .map(|(path, read)| {
            let kep = join_kep(path, read, &mut sorted, aliases.as_ref());
            used_prr.extend(kep.prr_path.clone());
            kep
        })
        .collect();
    keps.sort_by(|a, b| a.path.cmp(&b.path));
    let template = keps
        .iter()
        .position(|k| k.path == TEMPLATE_PATH)
        .map(|i| keps.remove(i));
    sorted
        .problems
        .extend(leftover_problems(&sorted, &used_prr));
    finish(keps, template, aliases, sorted)
}

/// OWNERS_ALIASES if it parsed; otherwise a tree problem saying PRR approvers go unchecked.
fn take_aliases(sorted: &mut Sorted) -> Option<OwnersAliases> {
    let problem = match sorted.aliases.take() {
        Some(Ok(aliases)) => return Some(aliases),
        Some(Err(detail)) => format!("OWNERS_ALIASES is not valid YAML ({detail})"),
        None => "OWNERS_ALIASES was not given".to_owned(),
    };
    sorted
        .problems
        .push(format!("{problem}; PRR approvers were not checked"));
    None
}

fn sort(parsed: Vec<Parsed>) -> Sorted {
    let mut sorted = Sorted::default();
    for file in parsed {
        match file {
            Parsed::Kep { path, read } => {
                sorted.stats.kep_files += 1;
                sorted.keps.push((path, read));
            }
            Parsed::Readme { dir, findings } => {
                sorted.stats.readme_files += 1;
                sorted.readmes.insert(dir, findings);
            }
            Parsed::Prr { path, result } => {
                sorted.stats.prr_files += 1;
                sorted.prr_files.insert(path, result);
            }
            Parsed::Aliases(result) => sorted.aliases = Some(result),
            Parsed::Unreadable { path, error } => {
                sorted
                    .problems
                    .push(format!("{path} cannot be read: {error}"));
            }
        }
    }
    sorted
}

fn join_kep(
    path: String,
    read: KepRead,
    sorted: &mut Sorted,
    aliases: Option<&OwnersAliases>,
) -> Kep {
    let mut problems = read.problems;
    let mut kep = match read.raw {
        Some(raw) => {
            if !read.salvaged {
                problems.extend(check_fields(&raw));
            }
            kep_from_raw(path, *raw)
        }
        None => Kep {
            folder_sig: folder_sig(&path).to_owned(),
            path,
            ..Kep::default()
        },
    };
    let dir = kep.path.trim_end_matches("/kep.yaml");
    kep.readme = sorted.readmes.remove(dir).unwrap_or_default();
    let prr = sorted.prr_files.get(&prr_path(&kep));
    if let Some(Ok(file)) = prr {
        kep.prr = file.approvers.clone();
        kep.prr_path = Some(file.path.clone());
    }
    if kep.path != TEMPLATE_PATH {
        problems.extend(check_values(&kep, folder_number(&kep.path)));
        match prr_required(&kep) {
            Ok(needed) => kep.needs_prr = needed,
            Err(problem) => {
                kep.needs_prr = true;
                problems.push(problem);
            }
        }
        if kep.needs_prr
            && !problems
                .iter()
                .any(|p| matches!(p, Problem::PrrMilestoneUnreadable(_)))
        {
            problems.extend(check_prr(&kep, prr, aliases));
        }
    }
    kep.ci_ok = !problems.iter().any(Problem::breaks_ci);
    kep.valid = problems.is_empty();
    kep.problems = problems
        .iter()
        .map(|p| format!("{}: {p}", kep.path))
        .collect();
    kep
}

fn kep_from_raw(path: String, raw: RawKep) -> Kep {
    let number_raw = raw.kep_number.unwrap_or_default();
    let latest_milestone_raw = raw.latest_milestone.unwrap_or_default();
    let milestones_raw = raw.milestone.unwrap_or_default();
    Kep {
        number: number_raw.parse().ok(),
        number_raw,
        folder_sig: folder_sig(&path).to_owned(),
        path,
        title: raw.title.unwrap_or_default(),
        owning_sig: raw.owning_sig.unwrap_or_default(),
        status: raw.status.unwrap_or_default(),
        stage: raw.stage.unwrap_or_default(),
        latest_milestone: normalize_milestone(&latest_milestone_raw),
        latest_milestone_raw,
        milestones: milestones_raw
            .iter()
            .map(|(stage, raw)| (stage.clone(), normalize_milestone(raw)))
            .collect(),
        milestones_raw,
        authors: raw.authors.unwrap_or_default(),
        participating_sigs: raw.participating_sigs.unwrap_or_default(),
        reviewers: raw.reviewers.unwrap_or_default(),
        approvers: raw.approvers.unwrap_or_default(),
        editor: raw.editor.unwrap_or_default(),
        creation_date: raw.creation_date.unwrap_or_default(),
        last_updated: raw.last_updated.unwrap_or_default(),
        see_also: raw.see_also.unwrap_or_default(),
        replaces: raw.replaces.unwrap_or_default(),
        superseded_by: raw.superseded_by.unwrap_or_default(),
        feature_gates: raw.feature_gates,
        disable_supported: raw.disable_supported.as_deref().and_then(parse_bool),
        metrics: raw.metrics.unwrap_or_default(),
        ..Kep::default()
    }
}

/// `keps/<folder>/…` → `<folder>`.
fn folder_sig(path: &str) -> &str {
    path.split('/').nth(1).unwrap_or_default()
}

/// The number leading the KEP's folder name (`2043-foo` → 2043, `0000-x` → 0).
pub(crate) fn folder_number(path: &str) -> Option<u64> {
    let dir = path.trim_end_matches("/kep.yaml").rsplit('/').next()?;
    let digits: &str = &dir[..dir.bytes().take_while(u8::is_ascii_digit).count()];
    digits.parse().ok()
}

/// READMEs without a kep.yaml, PRR files nobody uses or named after another number.
fn leftover_problems(sorted: &Sorted, used_prr: &HashSet<String>) -> Vec<String> {
    let mut problems = Vec::new();
    for dir in sorted.readmes.keys() {
        if !dir.ends_with("NNNN-kep-template") {
            problems.push(format!(
                "{dir}/README.md has no kep.yaml beside it (CI fails on this)"
            ));
        }
    }
    for (path, result) in &sorted.prr_files {
        match result {
            Err(detail) => problems.push(format!("{path} is not valid YAML: {detail}")),
            Ok(file) => problems.extend(prr_file_problem(file, used_prr.contains(path))),
        }
    }
    problems.sort();
    problems
}

fn prr_file_problem(file: &super::prr::PrrFile, used: bool) -> Option<String> {
    let (sig, stem) = prr_location(&file.path)?;
    if sig == "template" {
        return None;
    }
    let number = file.kep_number.as_deref().unwrap_or_default();
    if !same_number(number, stem) {
        return Some(format!(
            "{}: field `kep-number` is `{number}` but the file is named {stem}.yaml",
            file.path
        ));
    }
    (!used).then(|| {
        format!(
            "{} matches no KEP with that owning-sig and kep-number",
            file.path
        )
    })
}

/// `0752` and `752` name the same KEP.
fn same_number(a: &str, b: &str) -> bool {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn finish(
    keps: Vec<Kep>,
    template: Option<Kep>,
    aliases: Option<OwnersAliases>,
    mut sorted: Sorted,
) -> KepIndex {
    let mut by_number = BTreeMap::new();
    let mut paths_by_number: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for (i, kep) in keps.iter().enumerate() {
        if let Some(n) = kep.number {
            by_number.entry(n).or_insert(i);
            paths_by_number.entry(n).or_default().push(kep.path.clone());
        }
    }
    let duplicates: Vec<Duplicate> = paths_by_number
        .into_iter()
        .filter(|(_, paths)| paths.len() > 1)
        .map(|(number, paths)| Duplicate { number, paths })
        .collect();
    for dup in &duplicates {
        sorted.problems.push(format!(
            "kep-number {} is used by {} kep.yaml: {}",
            dup.number,
            dup.paths.len(),
            dup.paths.join(", ")
        ));
    }
    KepIndex {
        keps,
        template,
        duplicates,
        owners_aliases: aliases,
        problems: sorted.problems,
        stats: sorted.stats,
        by_number,
    }
}
