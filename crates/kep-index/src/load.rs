//! Reading and parsing every file of the tree in parallel (std threads, no pool), before any cross-file work.

use super::aliases::OwnersAliases;
use super::kep_yaml::{RawKep, parse_kep_yaml};
use super::problem::Problem;
use super::prr::{PrrFile, parse_prr};
use super::readme::{ReadmeFindings, scan_readme};
use super::salvage::salvage_kep_yaml;
use super::text::{MAX_YAML_BYTES, decode};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a file's bytes come from.
pub(crate) enum Source {
    /// Shared with whoever fetched it (the GitHub blob cache), so not copied.
    Bytes(Arc<Vec<u8>>),
    Disk(PathBuf),
}

/// One file to index, by its path relative to the repository root.
pub(crate) struct Input {
    pub path: String,
    pub source: Source,
}

/// A kep.yaml as read: its fields if it parsed, and what went wrong on the way.
pub(crate) struct KepRead {
    pub raw: Option<Box<RawKep>>,
    /// The fields were salvaged from a file that failed strict decoding.
    pub salvaged: bool,
    pub problems: Vec<Problem>,
}

/// One file after the per-file work.
pub(crate) enum Parsed {
    Kep {
        path: String,
        read: KepRead,
    },
    Readme {
        dir: String,
        findings: ReadmeFindings,
    },
    Prr {
        path: String,
        result: Result<PrrFile, String>,
    },
    Aliases(Result<OwnersAliases, String>),
    Unreadable {
        path: String,
        error: String,
    },
}

/// The kinds of file the index reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    KepYaml,
    Readme,
    Prr,
    OwnersAliases,
}

/// What a repository path is to the index, if anything.
pub(crate) fn classify(path: &str) -> Option<Kind> {
    if path == "OWNERS_ALIASES" {
        return Some(Kind::OwnersAliases);
    }
    let rest = path.strip_prefix("keps/")?;
    if let Some(prr) = rest.strip_prefix("prod-readiness/") {
        return (prr.ends_with(".yaml") && prr.contains('/')).then_some(Kind::Prr);
    }
    if rest.ends_with("/kep.yaml") {
        Some(Kind::KepYaml)
    } else if rest.ends_with("/README.md") {
        Some(Kind::Readme)
    } else {
        None
    }
}

/// Parses every input, using all cores for large inputs. Returns the results and the bytes read.
pub(crate) fn parse_all(inputs: Vec<Input>) -> (Vec<Parsed>, usize) {
    let threads = worker_count(inputs.len());
    let next = AtomicUsize::new(0);
    let inputs = &inputs;
    let mut slots: Vec<(usize, Parsed, usize)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| scope.spawn(|| worker(inputs, &next)))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    slots.sort_unstable_by_key(|(index, _, _)| *index);
    let bytes = slots.iter().map(|(_, _, n)| n).sum();
    (slots.into_iter().map(|(_, p, _)| p).collect(), bytes)
}

fn worker_count(items: usize) -> usize {
    if items < 64 {
        return 1;
    }
    std::thread::available_parallelism().map_or(2, |n| n.get().min(8))
}

fn worker(inputs: &[Input], next: &AtomicUsize) -> Vec<(usize, Parsed, usize)> {
    let mut done = Vec::new();
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(input) = inputs.get(index) else {
            return done;
        };
        if let Some((parsed, bytes)) = parse_one(input) {
            done.push((index, parsed, bytes));
        }
    }
}

fn parse_one(input: &Input) -> Option<(Parsed, usize)> {
    let kind = classify(&input.path)?;
    let path = input.path.clone();
    let owned;
    let bytes: &[u8] = match &input.source {
        Source::Bytes(b) => b,
        Source::Disk(file) => match std::fs::read(file) {
            Ok(b) => {
                owned = b;
                &owned
            }
            Err(err) => return Some((unreadable(kind, path, err.to_string()), 0)),
        },
    };
    Some((parse_bytes(kind, path, bytes), bytes.len()))
}

fn unreadable(kind: Kind, path: String, error: String) -> Parsed {
    match kind {
        Kind::KepYaml => Parsed::Kep {
            path,
            read: KepRead {
                raw: None,
                salvaged: false,
                problems: vec![Problem::Unreadable(error)],
            },
        },
        _ => Parsed::Unreadable { path, error },
    }
}

fn parse_bytes(kind: Kind, path: String, bytes: &[u8]) -> Parsed {
    if kind != Kind::Readme && bytes.len() > MAX_YAML_BYTES {
        return too_large(kind, path, bytes.len());
    }
    let (text, utf8_problem) = decode(bytes);
    match kind {
        Kind::KepYaml => Parsed::Kep {
            read: read_kep(&text, utf8_problem),
            path,
        },
        Kind::Readme => Parsed::Readme {
            dir: path.trim_end_matches("/README.md").to_owned(),
            findings: scan_readme(&text),
        },
        Kind::Prr => Parsed::Prr {
            result: parse_prr(&path, &text),
            path,
        },
        Kind::OwnersAliases => Parsed::Aliases(OwnersAliases::parse(&text)),
    }
}

fn too_large(kind: Kind, path: String, size: usize) -> Parsed {
    let detail = format!("{size} bytes, more than the {MAX_YAML_BYTES} bytes allowed");
    match kind {
        Kind::KepYaml => Parsed::Kep {
            path,
            read: KepRead {
                raw: None,
                salvaged: false,
                problems: vec![Problem::TooLarge(size)],
            },
        },
        Kind::Prr => Parsed::Prr {
            path,
            result: Err(detail),
        },
        Kind::OwnersAliases => Parsed::Aliases(Err(detail)),
        Kind::Readme => Parsed::Unreadable {
            path,
            error: detail,
        },
    }
}

fn read_kep(text: &str, utf8_problem: Option<String>) -> KepRead {
    let mut problems: Vec<Problem> = utf8_problem.into_iter().map(Problem::NotUtf8).collect();
    problems.extend(separator_lines(text).map(Problem::SeparatorLine));
    match parse_kep_yaml(text) {
        Ok(raw) => KepRead {
            raw: Some(Box::new(raw)),
            salvaged: false,
            problems,
        },
        Err(detail) => {
            problems.push(Problem::Yaml(detail));
            KepRead {
                raw: Some(Box::new(salvage_kep_yaml(text))),
                salvaged: true,
                problems,
            }
        }
    }
}

/// Lines (1-based) that contain `---` without being a bare document marker.
fn separator_lines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.contains("---") && line.trim_end() != "---")
        .map(|(n, _)| n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_files_the_index_reads() {
        assert_eq!(classify("keps/sig-node/1-x/kep.yaml"), Some(Kind::KepYaml));
        assert_eq!(
            classify("keps/sig-cloud-provider/azure/2-y/kep.yaml"),
            Some(Kind::KepYaml)
        );
        assert_eq!(classify("keps/sig-node/1-x/README.md"), Some(Kind::Readme));
        assert_eq!(classify("keps/README.md"), None);
        assert_eq!(
            classify("keps/prod-readiness/sig-node/1.yaml"),
            Some(Kind::Prr)
        );
        assert_eq!(classify("keps/prod-readiness/README.md"), None);
        assert_eq!(classify("keps/prod-readiness/OWNERS"), None);
        assert_eq!(classify("OWNERS_ALIASES"), Some(Kind::OwnersAliases));
        assert_eq!(classify("keps/sig-node/1-x/image.png"), None);
    }

    #[test]
    fn separator_lines_are_found_but_bare_markers_are_not() {
        let lines: Vec<_> = separator_lines("---\ntitle: a --- b\n---\n").collect();
        assert_eq!(lines, [2]);
    }

    #[test]
    fn many_inputs_keep_their_order() {
        let inputs: Vec<Input> = (0..200)
            .map(|n| Input {
                path: format!("keps/sig-x/{n}-k/kep.yaml"),
                source: Source::Bytes(Arc::new(format!("kep-number: {n}\n").into_bytes())),
            })
            .collect();
        let (parsed, bytes) = parse_all(inputs);
        assert_eq!(parsed.len(), 200);
        assert!(bytes > 200 * 10);
        for (n, p) in parsed.iter().enumerate() {
            let Parsed::Kep { read, .. } = p else {
                panic!("kep expected")
            };
            let number = read.raw.as_ref().and_then(|r| r.kep_number.clone());
            assert_eq!(number, Some(n.to_string()));
        }
    }
}
