//! Parsing what SIG leads type into an Issue cell: `1234`, `#1234`, an issue URL, `owner/repo#1234`.

use crate::human::quoted;
use thiserror::Error;

/// Why a cell is not a reference to an issue of the tracked repository. The text goes into the
/// row's Sync Status, for the person who typed the cell: their text is quoted with any invisible
/// character named ([`quoted`]), never as a Rust escape like `"\u{200b}961"`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IssueRefError {
    #[error(
        "not an issue reference: {} (expected 1234, #1234 or an issue URL)",
        quoted(.0)
    )]
    Unrecognised(String),
    #[error("{found} is not {expected}: use an issue of {expected}")]
    OtherRepository { found: String, expected: String },
    #[error("{} is a pull request, not an enhancement issue", quoted(.0))]
    PullRequest(String),
    #[error("issue number {} is out of range", quoted(.0))]
    OutOfRange(String),
}

/// Parses `cell` as a reference to an issue of `repo` (`owner/name`).
///
/// Accepts stray spaces, `#`, `https://github.com/owner/name/issues/N` with or without scheme,
/// `www.`, trailing `/`, `#anchor` or `?query`, and `owner/name#N`. Returns `Ok(None)` for a blank cell.
pub fn parse_issue_ref(cell: &str, repo: &str) -> Result<Option<u64>, IssueRefError> {
    let s = cell.trim().trim_matches('\u{a0}').trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(n) = s.strip_prefix('#') {
        return number(n.trim(), cell).map(Some);
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return number(s, cell).map(Some);
    }
    if let Some((found, n)) = s.split_once('#').filter(|(r, _)| looks_like_repo(r)) {
        check_repo(found, repo)?;
        return number(n.trim(), cell).map(Some);
    }
    parse_url(s, repo, cell).map(Some)
}

fn parse_url(s: &str, repo: &str, cell: &str) -> Result<u64, IssueRefError> {
    let rest = s
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    let Some(path) = rest.strip_prefix("github.com/") else {
        return Err(IssueRefError::Unrecognised(shown(cell)));
    };
    let path = path
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [owner, name, kind, n] => {
            check_repo(&format!("{owner}/{name}"), repo)?;
            match *kind {
                "issues" => number(n, cell),
                "pull" | "pulls" => Err(IssueRefError::PullRequest(shown(cell))),
                _ => Err(IssueRefError::Unrecognised(shown(cell))),
            }
        }
        _ => Err(IssueRefError::Unrecognised(shown(cell))),
    }
}

fn looks_like_repo(s: &str) -> bool {
    let mut parts = s.split('/');
    let ok = |p: Option<&str>| {
        p.is_some_and(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        })
    };
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

fn check_repo(found: &str, expected: &str) -> Result<(), IssueRefError> {
    if found.eq_ignore_ascii_case(expected) {
        Ok(())
    } else {
        Err(IssueRefError::OtherRepository {
            found: shown(found),
            expected: expected.to_string(),
        })
    }
}

/// Longest part of a cell an error echoes: the error lands in a Sync Status cell, and Google
/// refuses a cell over 50,000 characters together with the whole batch.
const SHOWN_CHARS: usize = 80;

/// `cell` trimmed, cut to [`SHOWN_CHARS`] characters (with `…` when cut).
fn shown(cell: &str) -> String {
    let cell = cell.trim();
    match cell.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => format!("{}…", &cell[..at]),
        None => cell.to_string(),
    }
}

fn number(digits: &str, cell: &str) -> Result<u64, IssueRefError> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IssueRefError::Unrecognised(shown(cell)));
    }
    match digits.parse::<u64>() {
        Ok(0) | Err(_) => Err(IssueRefError::OutOfRange(shown(cell))),
        Ok(n) if n > u32::MAX as u64 => Err(IssueRefError::OutOfRange(shown(cell))),
        Ok(n) => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPO: &str = "kubernetes/enhancements";

    fn ok(s: &str) -> Option<u64> {
        parse_issue_ref(s, REPO).unwrap()
    }

    #[test]
    fn accepts_every_form_sig_leads_type() {
        assert_eq!(ok("1234"), Some(1234));
        assert_eq!(ok("  #1234 "), Some(1234));
        assert_eq!(ok("# 1234"), Some(1234));
        assert_eq!(
            ok("https://github.com/kubernetes/enhancements/issues/1234"),
            Some(1234)
        );
        assert_eq!(
            ok("github.com/kubernetes/enhancements/issues/1234/"),
            Some(1234)
        );
        assert_eq!(
            ok("https://www.github.com/Kubernetes/Enhancements/issues/1234#issuecomment-9"),
            Some(1234)
        );
        assert_eq!(
            ok("https://github.com/kubernetes/enhancements/issues/1234?x=1"),
            Some(1234)
        );
        assert_eq!(ok("kubernetes/enhancements#1234"), Some(1234));
        assert_eq!(ok("\u{a0}1234\u{a0}"), Some(1234));
        assert_eq!(ok(""), None);
        assert_eq!(ok("   "), None);
    }

    #[test]
    fn rejects_with_a_reason() {
        let err = |s: &str| parse_issue_ref(s, REPO).unwrap_err();
        assert!(matches!(err("abc"), IssueRefError::Unrecognised(_)));
        assert!(matches!(err("#12a"), IssueRefError::Unrecognised(_)));
        assert!(matches!(err("12 34"), IssueRefError::Unrecognised(_)));
        assert!(matches!(err("0"), IssueRefError::OutOfRange(_)));
        assert!(matches!(
            err("99999999999999999999999"),
            IssueRefError::OutOfRange(_)
        ));
        assert!(matches!(
            err("https://github.com/kubernetes/kubernetes/issues/1"),
            IssueRefError::OtherRepository { .. }
        ));
        assert!(matches!(
            err("kubernetes/kubernetes#5"),
            IssueRefError::OtherRepository { .. }
        ));
        assert!(matches!(
            err("https://github.com/kubernetes/enhancements/pull/5001"),
            IssueRefError::PullRequest(_)
        ));
        assert!(matches!(
            err("https://example.com/issues/1"),
            IssueRefError::Unrecognised(_)
        ));
        let msg = err("\u{200b}961").to_string();
        assert_eq!(
            msg,
            "not an issue reference: \"961\" (starts with an invisible ZERO WIDTH SPACE, U+200B) (expected 1234, #1234 or an issue URL)"
        );
        let msg = err("#12\u{200d}34").to_string();
        assert!(
            msg.starts_with(
                "not an issue reference: \"#1234\" (has an invisible ZERO WIDTH JOINER, U+200D after \"#12\")"
            ),
            "{msg}"
        );
        assert_eq!(
            err("next week").to_string(),
            "not an issue reference: \"next week\" (expected 1234, #1234 or an issue URL)"
        );
        let msg = err("https://github.com/kubernetes/kubernetes/issues/1").to_string();
        assert_eq!(
            msg,
            "kubernetes/kubernetes is not kubernetes/enhancements: use an issue of kubernetes/enhancements"
        );
    }
}
