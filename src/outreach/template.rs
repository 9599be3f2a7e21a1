//! The handbook's two Slack outreach templates, verbatim, and how their placeholders are filled.

use crate::model::calendar::parse_zoned;

/// For a SIG with enhancements on the sheet (handbook, "Collection Monitoring and Triage").
pub const PARTICIPATING: &str = "Hello sig-{{ SIG_NAME }}. Enhancements team here.  Just checking in as we approach enhancements freeze at {{ FREEZE_DATETIME }}. Your SIG has submitted {{ X }} enhancements for the {{ CYCLE }} cycle, and {{ Y }} enhancements are currently `At Risk`. Refer to the [announcement here](https://groups.google.com/a/kubernetes.io/g/dev/c/slwAhtVqjXk/m/zz-eeXdFBgAJ) for the list of review requirements. If your SIG still plans to submit any more enhancement, follow the [instructions here](https://groups.google.com/a/kubernetes.io/g/dev/c/slwAhtVqjXk/m/zz-eeXdFBgAJ) so the enhancements team can begin tracking. Please plan to make KEP updates to meet all of the requirements before enhancement freeze. Please reach out to [#release-enhancements](https://kubernetes.slack.com/archives/C02BY55KV7E) if you have any questions.";

/// For a SIG with nothing on the sheet.
pub const NON_PARTICIPATING: &str = "Hello sig-{{ SIG_NAME }}. Enhancements team here.  Just checking in as we approach enhancements freeze at {{ FREEZE_DATETIME }}. Your SIG has not submitted any enhancements for the {{ CYCLE }} cycle. If your SIG still plans to submit an enhancement, follow the [instructions here](https://groups.google.com/a/kubernetes.io/g/dev/c/slwAhtVqjXk/m/zz-eeXdFBgAJ) so the enhancements team can begin tracking. If your SIG is not planning to submit an enhancement, please reply to this message to confirm. Please reach out to [#release-enhancements](https://kubernetes.slack.com/archives/C02BY55KV7E) if you have any questions.";

/// Fills `{{ SIG_NAME }}`, `{{ FREEZE_DATETIME }}`, `{{ X }}`, `{{ Y }}` and `{{ CYCLE }}`.
pub fn fill(template: &str, sig: &str, freeze: &str, x: usize, y: usize, cycle: &str) -> String {
    template
        .replace("{{ SIG_NAME }}", sig)
        .replace("{{ FREEZE_DATETIME }}", freeze)
        .replace("{{ X }}", &x.to_string())
        .replace("{{ Y }}", &y.to_string())
        .replace("{{ CYCLE }}", cycle)
}

/// A `[calendar]` date-time as people read it, in the zone it was written in:
/// `2026-02-12T00:00:00Z` → `Thursday 12 February 2026 00:00 UTC`; `…T16:00:00-08:00` →
/// `… 16:00 UTC-08:00`; `2026-02-12T16:00 America/Los_Angeles` → `… 16:00 PST (UTC-08:00)`.
/// Anything else is kept as written.
pub fn format_freeze(s: &str) -> String {
    let Ok(at) = parse_zoned(s) else {
        return s.trim().to_string();
    };
    let offset = at.strftime("%:z").to_string();
    let abbreviation = at.strftime("%Z").to_string();
    let zone = match at.time_zone().iana_name() {
        // An offset as written (`-07:00`); `Z` and `+00:00` are UTC's zone.
        None => format!("UTC{offset}"),
        Some(_) if abbreviation == "UTC" => abbreviation,
        // A zone name: its abbreviation that day, and the offset that gives.
        Some(_) => format!("{abbreviation} (UTC{offset})"),
    };
    format!("{} {zone}", at.strftime("%A %-d %B %Y %H:%M"))
}
