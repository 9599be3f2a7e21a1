//! The state directory: blobs cached by git SHA (verified on read) and the last answers' ETags
//! and facts, all written atomically (temp file + rename). Without a directory, memory only.
//!
//! With a directory, blobs are not also kept in memory: the KEP files (~21 MB for every KEP)
//! would otherwise stay in the process for its whole life, and at a cycle's peak (the pre-write
//! re-read) on top of everything else; a cycle reads them from disk instead.

use super::error::GithubError;
use serde::{Serialize, de::DeserializeOwned};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The git blob SHA of `bytes`: `sha1("blob {len}\0" + bytes)`, hex. Every cached KEP file is
/// checked with it on every cycle (21 MB for the whole corpus), hence ring's SHA-1.
pub fn git_blob_sha(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut h = ring::digest::Context::new(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY);
    h.update(format!("blob {}\0", bytes.len()).as_bytes());
    h.update(bytes);
    h.finish()
        .as_ref()
        .iter()
        .fold(String::with_capacity(40), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

pub struct Store {
    dir: Option<PathBuf>,
    blobs: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl Store {
    pub fn new(dir: Option<PathBuf>) -> Result<Store, GithubError> {
        if let Some(dir) = &dir {
            let blobs = dir.join("blobs");
            std::fs::create_dir_all(&blobs).map_err(|source| GithubError::State {
                path: blobs,
                source,
            })?;
        }
        Ok(Store {
            dir,
            blobs: Mutex::new(HashMap::new()),
        })
    }

    /// The blob with this SHA, from memory or disk; a file whose contents do not hash to its name
    /// is deleted and reported missing.
    pub fn blob(&self, sha: &str) -> Option<Arc<Vec<u8>>> {
        let Some(dir) = &self.dir else {
            return self.memory().get(sha).cloned();
        };
        let path = dir.join("blobs").join(sha);
        let bytes = std::fs::read(&path).ok()?;
        if git_blob_sha(&bytes) != sha {
            tracing::warn!(path = %path.display(), "cached blob does not match its SHA; discarding it");
            let _ = std::fs::remove_file(&path);
            return None;
        }
        Some(Arc::new(bytes))
    }

    /// Keeps the blob fetched for `sha` when its contents hash to it (hashed here, once), so a
    /// wrong one can never be stored; `None` when they do not. The bytes come back shared (with
    /// the memory cache when there is no directory).
    pub fn put_blob(&self, sha: &str, bytes: Vec<u8>) -> Result<Option<Arc<Vec<u8>>>, GithubError> {
        if git_blob_sha(&bytes) != sha {
            return Ok(None);
        }
        let bytes = Arc::new(bytes);
        match &self.dir {
            Some(dir) => write_atomically(&dir.join("blobs").join(sha), &bytes)?,
            None => {
                self.memory().insert(sha.to_string(), bytes.clone());
            }
        }
        Ok(Some(bytes))
    }

    /// Forgets every blob whose SHA is not in `keep` (blobs no longer in the tree), on disk too.
    pub fn retain_blobs(&self, keep: &HashSet<&str>) {
        self.memory().retain(|sha, _| keep.contains(sha.as_str()));
        let Some(dir) = &self.dir else { return };
        let Ok(entries) = std::fs::read_dir(dir.join("blobs")) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !keep.contains(name.as_str()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Reads `name` (JSON) from the directory; missing or unreadable state reads as `None`.
    pub fn load<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        let path = self.dir.as_ref()?.join(name);
        let text = std::fs::read(&path).ok()?;
        match serde_json::from_slice(&text) {
            Ok(v) => Some(v),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "ignoring unreadable GitHub state");
                None
            }
        }
    }

    /// Writes `name` (JSON) atomically; a no-op without a directory.
    pub fn save<T: Serialize>(&self, name: &str, value: &T) -> Result<(), GithubError> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let path = dir.join(name);
        let bytes = serde_json::to_vec(value).map_err(|e| GithubError::State {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        write_atomically(&path, &bytes)
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Vec<u8>>>> {
        self.blobs.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Writes a sibling temp file, then renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), GithubError> {
    let err = |source| GithubError::State {
        path: path.to_path_buf(),
        source,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stores `bytes` under their own SHA, returned.
    fn put(store: &Store, bytes: &[u8]) -> String {
        let sha = git_blob_sha(bytes);
        assert!(store.put_blob(&sha, bytes.to_vec()).unwrap().is_some());
        sha
    }

    #[test]
    fn blob_sha_is_gits() {
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
    fn corrupt_blob_file_is_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(Some(dir.path().to_path_buf())).unwrap();
        let sha = put(&store, b"kep");
        let file = dir.path().join("blobs").join(&sha);
        std::fs::write(&file, b"ke").unwrap(); // half-written
        let fresh = Store::new(Some(dir.path().to_path_buf())).unwrap();
        assert_eq!(fresh.blob(&sha), None);
        assert!(!file.exists());
        put(&fresh, b"kep");
        let again = Store::new(Some(dir.path().to_path_buf())).unwrap();
        assert_eq!(
            again.blob(&sha).as_deref().map(Vec::as_slice),
            Some(&b"kep"[..])
        );
    }

    #[test]
    fn blobs_live_on_disk_with_a_directory_and_in_memory_without() {
        let dir = tempfile::tempdir().unwrap();
        let on_disk = Store::new(Some(dir.path().to_path_buf())).unwrap();
        let sha = put(&on_disk, b"readme");
        assert!(on_disk.memory().is_empty(), "not held twice");
        let first = on_disk.blob(&sha).unwrap();
        assert!(on_disk.memory().is_empty(), "a read does not pin it either");
        drop(first);
        std::fs::remove_file(dir.path().join("blobs").join(&sha)).unwrap();
        assert_eq!(on_disk.blob(&sha), None, "the disk is the cache");

        assert_eq!(
            on_disk.put_blob(&sha, b"not the readme".to_vec()).unwrap(),
            None,
            "contents that do not hash to the SHA are refused"
        );
        assert!(!dir.path().join("blobs").join(&sha).exists());

        let in_memory = Store::new(None).unwrap();
        let sha = put(&in_memory, b"readme");
        assert_eq!(
            in_memory.blob(&sha).as_deref().map(Vec::as_slice),
            Some(&b"readme"[..])
        );
    }

    #[test]
    fn retain_drops_other_blobs_and_stray_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(Some(dir.path().to_path_buf())).unwrap();
        let keep = put(&store, b"keep");
        let drop = put(&store, b"drop");
        std::fs::write(dir.path().join("blobs").join(".x.1.tmp"), b"half").unwrap();
        store.retain_blobs(&HashSet::from([keep.as_str()]));
        assert!(store.blob(&keep).is_some());
        assert!(store.blob(&drop).is_none());
        let left: Vec<_> = std::fs::read_dir(dir.path().join("blobs"))
            .unwrap()
            .collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn json_state_round_trips_and_bad_json_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(Some(dir.path().to_path_buf())).unwrap();
        store.save("s.json", &vec![1, 2]).unwrap();
        assert_eq!(store.load::<Vec<i32>>("s.json"), Some(vec![1, 2]));
        std::fs::write(dir.path().join("s.json"), b"{").unwrap();
        assert_eq!(store.load::<Vec<i32>>("s.json"), None);
        assert_eq!(Store::new(None).unwrap().load::<Vec<i32>>("s.json"), None);
    }
}
