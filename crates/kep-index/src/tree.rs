//! Walking a kubernetes/enhancements checkout for the files the index reads (no reading yet).

use super::load::{Input, Parsed, Source, classify};
use std::io;
use std::path::Path;

/// The files found, and the folders that could not be listed.
pub(crate) struct TreeInputs {
    pub files: Vec<Input>,
    pub unreadable: Vec<Parsed>,
}

/// Lists `OWNERS_ALIASES` and every indexed file under `keps/`. Symlinks are skipped, as CI does.
pub(crate) fn list_inputs(root: &Path) -> io::Result<TreeInputs> {
    let keps = root.join("keps");
    std::fs::read_dir(root)?;
    if !keps.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "{} has no keps/ folder: not a kubernetes/enhancements checkout",
                root.display()
            ),
        ));
    }
    let mut found = TreeInputs {
        files: Vec::new(),
        unreadable: Vec::new(),
    };
    let aliases = root.join("OWNERS_ALIASES");
    if aliases.is_file() {
        found.files.push(Input {
            path: "OWNERS_ALIASES".into(),
            source: Source::Disk(aliases),
        });
    }
    walk(&keps, "keps", &mut found)?;
    Ok(found)
}

fn walk(dir: &Path, rel: &str, found: &mut TreeInputs) -> io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if rel == "keps" => return Err(err),
        Err(err) => {
            found.unreadable.push(Parsed::Unreadable {
                path: format!("{rel}/"),
                error: err.to_string(),
            });
            return Ok(());
        }
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let path = format!("{rel}/{name}");
        if kind.is_dir() {
            walk(&entry.path(), &path, found)?;
        } else if kind.is_file() && classify(&path).is_some() {
            found.files.push(Input {
                path,
                source: Source::Disk(entry.path()),
            });
        }
    }
    Ok(())
}
