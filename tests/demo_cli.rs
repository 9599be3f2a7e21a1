//! `kepsync demo` through the binary: no credentials, one cycle that changes the sample, then an idle one.

mod common;

#[test]
fn demo_runs_the_main_job_on_the_sample_and_a_second_cycle_writes_nothing() {
    let out = common::kepsync(&["demo"], &[("NO_COLOR", "1")]);
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
        "0 counted against the rate limit",
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
