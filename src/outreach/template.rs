//! The handbook's two Slack outreach templates, verbatim, and how their placeholders are filled.

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

/// An RFC 3339 date-time as people read it: `2026-02-12T00:00:00Z` →
/// `Thursday 12 February 2026 00:00 UTC`; `…T16:00:00-08:00` → `… 16:00 UTC-08:00`.
/// Anything else is kept as written.
pub fn format_freeze(s: &str) -> String {
    parse(s.trim()).unwrap_or_else(|| s.trim().to_string())
}

fn parse(s: &str) -> Option<String> {
    let (date, time) = s.split_once(['T', 't', ' '])?;
    let mut d = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || time.len() < 5 {
        return None;
    }
    let hm = time.get(..5)?;
    let zone = if time.ends_with(['Z', 'z']) {
        "UTC".to_string()
    } else {
        let at = time.rfind(['+', '-'])?;
        format!("UTC{}", &time[at..])
    };
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS[(m - 1) as usize];
    Some(format!(
        "{} {day} {month} {y} {hm} {zone}",
        weekday(y, m, day)
    ))
}

/// The day of the week (Sakamoto's method, proleptic Gregorian).
fn weekday(y: i64, m: i64, d: i64) -> &'static str {
    const T: [i64; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    const DAYS: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    let y = if m < 3 { y - 1 } else { y };
    let i = (y + y / 4 - y / 100 + y / 400 + T[(m - 1) as usize] + d).rem_euclid(7);
    DAYS[i as usize]
}
