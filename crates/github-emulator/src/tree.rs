//! The served default branch: files with real git blob SHAs, nested git tree SHAs, and a commit id.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::Arc;

/// One file of the tree: its bytes and git blob SHA.
#[derive(Debug, Clone, PartialEq)]
pub struct Blob {
    pub sha: String,
    pub bytes: Arc<Vec<u8>>,
}

impl Blob {
    /// A blob with its real git SHA: `sha1("blob {len}\0" + bytes)`.
    pub fn new(bytes: Vec<u8>) -> Blob {
        Blob {
            sha: git_blob_sha(&bytes),
            bytes: Arc::new(bytes),
        }
    }
}

/// The git blob SHA of `bytes`, hex.
pub fn git_blob_sha(bytes: &[u8]) -> String {
    git_object_sha("blob", bytes)
}

fn git_object_sha(kind: &str, bytes: &[u8]) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(format!("{kind} {}\0", bytes.len()).as_bytes());
    h.update(bytes);
    h.digest().to_string()
}

/// One entry of a recursive tree listing, as `GET /git/trees/{ref}?recursive=1` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeEntry {
    pub path: String,
    /// `blob` or `tree`.
    pub kind: &'static str,
    pub sha: String,
    /// Byte size (blobs only).
    pub size: Option<usize>,
}

/// A checkout-like set of files, served as the default branch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tree {
    files: BTreeMap<String, Blob>,
}

impl Tree {
    /// Reads every regular file under `dir` (skipping `.git`), paths relative to `dir` with `/`.
    pub fn from_dir(dir: &Path) -> io::Result<Tree> {
        let mut files = Vec::new();
        collect(dir, "", &mut files)?;
        Ok(Tree::from_files(files))
    }

    /// A tree of these `(path, contents)` pairs.
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Tree {
        let files = files
            .into_iter()
            .map(|(p, b)| (p.trim_start_matches('/').to_string(), Blob::new(b)))
            .collect();
        Tree { files }
    }

    /// Sets (`Some`) or deletes (`None`) one file.
    pub fn set_file(&mut self, path: &str, contents: Option<Vec<u8>>) {
        let path = path.trim_start_matches('/').to_string();
        match contents {
            Some(bytes) => {
                self.files.insert(path, Blob::new(bytes));
            }
            None => {
                self.files.remove(&path);
            }
        }
    }

    /// The file at `path`.
    pub fn file(&self, path: &str) -> Option<&Blob> {
        self.files.get(path.trim_start_matches('/'))
    }

    /// Every file, by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Blob)> {
        self.files.iter().map(|(p, b)| (p.as_str(), b))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the tree has no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The blob with this SHA, if some file has it.
    pub fn blob_by_sha(&self, sha: &str) -> Option<&Blob> {
        self.files.values().find(|b| b.sha == sha)
    }

    /// Direct children of directory `dir` ("" for the root): `(name, is_dir)`, sorted by name.
    pub fn children(&self, dir: &str) -> Vec<(String, bool)> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{}/", dir.trim_end_matches('/'))
        };
        let mut out: Vec<(String, bool)> = Vec::new();
        for path in self.files.keys() {
            let Some(rest) = path.strip_prefix(&prefix) else {
                continue;
            };
            let (name, is_dir) = match rest.split_once('/') {
                Some((d, _)) => (d, true),
                None => (rest, false),
            };
            if out.last().map(|(n, _)| n.as_str()) != Some(name) {
                out.push((name.to_string(), is_dir));
            }
        }
        out
    }

    /// The root tree SHA and the recursive listing (directories and files, git order).
    pub fn listing(&self) -> (String, Vec<TreeEntry>) {
        let mut entries = Vec::new();
        let root = Dir::build(self.files.iter());
        let sha = root.write("", &mut entries);
        (sha, entries)
    }
}

/// A directory while computing git tree objects.
#[derive(Default)]
struct Dir<'a> {
    files: BTreeMap<&'a str, &'a Blob>,
    dirs: BTreeMap<&'a str, Dir<'a>>,
}

impl<'a> Dir<'a> {
    fn build(files: impl Iterator<Item = (&'a String, &'a Blob)>) -> Dir<'a> {
        let mut root = Dir::default();
        for (path, blob) in files {
            let mut dir = &mut root;
            let mut parts = path.split('/').peekable();
            while let Some(part) = parts.next() {
                if parts.peek().is_none() {
                    dir.files.insert(part, blob);
                } else {
                    dir = dir.dirs.entry(part).or_default();
                }
            }
        }
        root
    }

    /// Appends this directory's entries (depth first) and returns its git tree SHA.
    fn write(&self, prefix: &str, out: &mut Vec<TreeEntry>) -> String {
        // git sorts entries by name, a directory's name compared as if it ended with '/'.
        let mut names: Vec<(String, &str, bool)> = self
            .files
            .keys()
            .map(|n| (n.to_string(), *n, false))
            .chain(self.dirs.keys().map(|n| (format!("{n}/"), *n, true)))
            .collect();
        names.sort();
        let mut object = Vec::new();
        for (_, name, is_dir) in names {
            let path = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}/{name}")
            };
            let (mode, sha) = if is_dir {
                let at = out.len();
                out.push(TreeEntry {
                    path: path.clone(),
                    kind: "tree",
                    sha: String::new(),
                    size: None,
                });
                let sha = self.dirs[name].write(&path, out);
                out[at].sha = sha.clone();
                ("40000", sha)
            } else {
                let blob = self.files[name];
                out.push(TreeEntry {
                    path,
                    kind: "blob",
                    sha: blob.sha.clone(),
                    size: Some(blob.bytes.len()),
                });
                ("100644", blob.sha.clone())
            };
            object.extend_from_slice(format!("{mode} {name}\0").as_bytes());
            object.extend_from_slice(&hex_to_bytes(&sha));
        }
        git_object_sha("tree", &object)
    }
}

fn hex_to_bytes(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

fn collect(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == ".git" {
            continue;
        }
        let path = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect(&entry.path(), &path, out)?;
        } else if kind.is_file() {
            out.push((path, std::fs::read(entry.path())?));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_sha_is_gits() {
        // `printf 'hello\n' | git hash-object --stdin`
        assert_eq!(
            git_blob_sha(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
        assert_eq!(
            git_blob_sha(b""),
            "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
        );
    }

    #[test]
    fn tree_sha_is_gits() {
        // `printf 'hello\n' > a; mkdir d; printf 'x' > d/b; git add .; git write-tree`
        let tree = Tree::from_files(vec![
            ("a".into(), b"hello\n".to_vec()),
            ("d/b".into(), b"x".to_vec()),
        ]);
        let (sha, entries) = tree.listing();
        let paths: Vec<_> = entries.iter().map(|e| (e.path.as_str(), e.kind)).collect();
        assert_eq!(paths, [("a", "blob"), ("d", "tree"), ("d/b", "blob")]);
        assert_eq!(sha, "ae16bc3ad152987b97936e7d75e12e2c62df1121");
    }

    #[test]
    fn tree_sha_changes_with_any_file() {
        let mut tree = Tree::from_files(vec![("keps/a/kep.yaml".into(), b"1".to_vec())]);
        let before = tree.listing().0;
        tree.set_file("keps/a/kep.yaml", Some(b"2".to_vec()));
        assert_ne!(before, tree.listing().0);
        tree.set_file("keps/a/kep.yaml", Some(b"1".to_vec()));
        assert_eq!(before, tree.listing().0);
        tree.set_file("keps/a/kep.yaml", None);
        assert!(tree.is_empty());
    }
}
