//! The journal file, `STATE_DIR/journal.jsonl`: append-only, one line per record, each line
//! `<fnv1a-64 of the JSON, 16 hex digits> <JSON>\n`, fsynced after each append. A last line with
//! no newline (a crash mid-append) or a line whose checksum does not match is ignored, with a
//! warning; the next append first cuts a torn tail off so that it starts on a line of its own.

use super::record::CycleRecord;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The journal's file name inside the state directory.
pub const JOURNAL_FILE: &str = "journal.jsonl";

/// Why the journal could not be read or appended.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("journal {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("journal record could not be encoded: {0}")]
    Encode(#[from] serde_json::Error),
}

/// The journal of one state directory.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
}

/// What reading the journal found: the records (those of one cycle merged, oldest first) and a
/// warning for each line ignored.
#[derive(Debug, Default)]
pub struct JournalRead {
    pub records: Vec<CycleRecord>,
    pub warnings: Vec<String>,
}

impl Journal {
    /// The journal in `state_dir` (created on the first append).
    pub fn in_dir(state_dir: &Path) -> Journal {
        Journal {
            path: state_dir.join(JOURNAL_FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io(&self) -> impl Fn(std::io::Error) -> JournalError + '_ {
        |source| JournalError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Appends one record and fsyncs it.
    pub fn append(&self, record: &CycleRecord) -> Result<(), JournalError> {
        // The record of a cold 2,000-row cycle is ~4 MB of JSON: written as it is, not copied
        // into a line first.
        let json = serde_json::to_vec(record)?;
        let prefix = format!("{:016x} ", fnv1a(&json));
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(self.io())?;
        let created = !self.path.exists();
        let mut f = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&self.path)
            .map_err(self.io())?;
        cut_torn_tail(&mut f).map_err(self.io())?;
        f.seek(SeekFrom::End(0)).map_err(self.io())?;
        for part in [prefix.as_bytes(), &json, b"\n"] {
            f.write_all(part).map_err(self.io())?;
        }
        f.sync_all().map_err(self.io())?;
        if created {
            // The new file's directory entry must survive a crash too.
            File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(self.io())?;
        }
        Ok(())
    }

    /// Every whole record; `Ok(None)` when there is no journal yet.
    pub fn read(&self) -> Result<Option<JournalRead>, JournalError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io()(e)),
        };
        Ok(Some(parse(&bytes)))
    }
}

/// The records of a journal file's bytes.
pub(super) fn parse(bytes: &[u8]) -> JournalRead {
    let mut out = JournalRead::default();
    let whole = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    if whole < bytes.len() {
        out.warnings.push(format!(
            "ignoring a torn last journal record ({} bytes with no end: a crash while writing it)",
            bytes.len() - whole
        ));
    }
    for (i, line) in bytes[..whole].split(|b| *b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        match parse_line(line) {
            Some(r) => merge(&mut out.records, r),
            None => out.warnings.push(format!(
                "ignoring journal line {}: damaged (checksum)",
                i + 1
            )),
        }
    }
    out
}

fn parse_line(line: &[u8]) -> Option<CycleRecord> {
    let (sum, json) = (line.get(..16)?, line.get(17..)?);
    let sum = u64::from_str_radix(std::str::from_utf8(sum).ok()?, 16).ok()?;
    (sum == fnv1a(json) && line[16] == b' ')
        .then(|| serde_json::from_slice(json).ok())
        .flatten()
}

/// A record appended under an id already read (the GitHub / board part of a cycle) joins it.
fn merge(records: &mut Vec<CycleRecord>, r: CycleRecord) {
    match records.iter_mut().find(|x| x.cycle == r.cycle) {
        Some(x) => {
            x.cells.extend(r.cells);
            x.moves.extend(r.moves);
            x.intakes.extend(r.intakes);
            x.removals.extend(r.removals);
            x.github.extend(r.github);
            x.board.extend(r.board);
            x.kept.extend(r.kept);
            x.sync_log_pending |= r.sync_log_pending;
            x.sync_log_written.extend(r.sync_log_written);
        }
        None => records.push(r),
    }
}

/// Cuts the file back to its last newline when the tail is torn.
fn cut_torn_tail(f: &mut File) -> std::io::Result<()> {
    let len = f.metadata()?.len();
    if len == 0 {
        return Ok(());
    }
    let mut last = [0u8];
    f.seek(SeekFrom::Start(len - 1))?;
    f.read_exact(&mut last)?;
    if last[0] == b'\n' {
        return Ok(());
    }
    let mut all = Vec::new();
    f.seek(SeekFrom::Start(0))?;
    f.read_to_end(&mut all)?;
    let keep = all.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    f.set_len(keep as u64)?;
    f.sync_all()
}

/// FNV-1a, 64 bits: enough to tell a torn or damaged line from a whole one.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str) -> CycleRecord {
        CycleRecord {
            cycle: id.into(),
            time: "2026-12-02T10:00:00Z".into(),
            ..CycleRecord::default()
        }
    }

    #[test]
    fn a_torn_last_record_is_ignored_and_the_next_append_starts_a_new_line() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(dir.path());
        j.append(&rec("a")).unwrap();
        let mut f = OpenOptions::new().append(true).open(j.path()).unwrap();
        f.write_all(b"0123456789abcdef {\"cycle\":\"b\",\"ti")
            .unwrap();
        let read = j.read().unwrap().unwrap();
        assert_eq!(read.records, vec![rec("a")]);
        assert!(read.warnings[0].contains("torn"), "{:?}", read.warnings);
        j.append(&rec("c")).unwrap();
        let read = j.read().unwrap().unwrap();
        assert_eq!(read.records, vec![rec("a"), rec("c")]);
        assert!(read.warnings.is_empty());
    }

    #[test]
    fn a_damaged_line_fails_its_checksum_and_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(dir.path());
        j.append(&rec("a")).unwrap();
        j.append(&rec("b")).unwrap();
        let text = std::fs::read_to_string(j.path()).unwrap();
        std::fs::write(j.path(), text.replacen("\"a\"", "\"x\"", 1)).unwrap();
        let read = j.read().unwrap().unwrap();
        assert_eq!(read.records, vec![rec("b")]);
        assert_eq!(read.warnings.len(), 1);
    }

    #[test]
    fn records_of_one_cycle_are_merged_and_no_file_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::in_dir(&dir.path().join("nested"));
        assert!(j.read().unwrap().is_none());
        let mut gh = rec("a");
        gh.kept.push("k".into());
        j.append(&rec("a")).unwrap();
        j.append(&gh).unwrap();
        let read = j.read().unwrap().unwrap();
        assert_eq!(read.records.len(), 1);
        assert_eq!(read.records[0].kept, vec!["k".to_string()]);
    }
}
