//! `kepsync demo` through the binary: no credentials, one cycle that changes the sample sheet and
//! board, then an idle one; every line fits the width (100 columns piped, `COLUMNS`), unless `--wide`.

use crate::support::process::{kepsync, kepsync_command};
use unicode_width::UnicodeWidthStr;

#[test]
fn demo_runs_the_main_job_on_the_sample_and_a_second_cycle_writes_nothing() {
    let out = kepsync(&["demo", "--wide"], &[("NO_COLOR", "1")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "demo failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "intake #9001 → new row on Enhancements",
        "move #9007 from Enhancements row 2 → Removed from Milestone",
        "move #9008 from Removed from Milestone row 2 → Enhancements",
        "issue #99999 not found in kubernetes/enhancements",
        "implementable [green]",
        "provisional [yellow]",
        "withdrawn [red]",
        "add column \"Readiness\" to Enhancements",
        "Readiness \"\" → \"At risk: ",
        "sheets 2 read(s) 1 write(s)",
        "CYCLE 2 (nothing changed since): planned 0 change(s) in 1 attempt; sheets 1 read(s) 0 write(s)",
        // The idle cycle's one counted call is the board's read: GraphQL has no conditional
        // request, and the sample board is one page.
        "1 counted against the rate limit",
        "board: add #9001 as an item",
        "board: #9010 Stage \"Beta\" → \"Alpha\"",
        "board: #9007 Status \"\" → \"Deferred\"",
        "board up to date",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    // A healthy cycle's calls are counted against the rate limit; nothing was rate-limited.
    assert!(!stdout.contains("rate-limited"), "{stdout}");
    assert!(
        !stdout.contains('\x1b'),
        "NO_COLOR output has no escape codes"
    );
}

/// `kepsync demo ARGS` piped, with `COLUMNS` as given (else unset) and no GitHub token: stdout.
fn demo(args: &[&str], columns: Option<&str>) -> String {
    let mut args = args.to_vec();
    args.insert(0, "demo");
    let mut cmd = kepsync_command(&args, &[("NO_COLOR", "1"), ("GITHUB_TOKEN", "")]);
    match columns {
        Some(c) => cmd.env("COLUMNS", c),
        None => cmd.env_remove("COLUMNS"),
    };
    let out = cmd.output().expect("kepsync demo runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "demo failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn widest(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

#[test]
fn demo_piped_fits_100_columns_instead_of_293() {
    let stdout = demo(&[], None);
    for line in stdout.lines() {
        assert!(line.width() <= 100, "{} columns: {line}", line.width());
    }
    assert!(widest(&stdout) > 90, "the width is used:\n{stdout}");
    assert!(
        stdout.contains("`kepsync demo --wide` prints every value in full"),
        "{stdout}"
    );
    // Shortened cells end in an ellipsis; a tab too wide for 100 columns comes in parts.
    assert!(stdout.contains("… [green]"), "{stdout}");
    assert!(stdout.contains("── Enhancements, continued ──"), "{stdout}");
    assert!(
        stdout.contains("intake #9001 → new row on Enhancements"),
        "{stdout}"
    );
}

#[test]
fn demo_honours_columns() {
    let stdout = demo(&[], Some("80"));
    for line in stdout.lines() {
        assert!(line.width() <= 80, "{} columns: {line}", line.width());
    }
    assert!(widest(&stdout) > 70, "{stdout}");
}

#[test]
fn demo_wide_shows_the_full_values() {
    let stdout = demo(&["--wide"], Some("80"));
    let readiness = "At risk: issue lacks the lead-opted-in label; milestone.alpha is v1.36, expected v1.37 [red]";
    assert!(
        stdout
            .lines()
            .any(|l| l.contains('│') && l.contains(readiness)),
        "a table row holds the whole Readiness cell:\n{stdout}"
    );
    assert!(
        !stdout.contains("continued"),
        "one table per tab:\n{stdout}"
    );
    assert!(widest(&stdout) > 200, "{stdout}");
}
