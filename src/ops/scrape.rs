//! Reading samples back out of the text exposition format, for tests and `kepsync check`-style probes.

/// One sample line: `name{label="value",...} number`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: Vec<(String, String)>,
    pub value: f64,
}

/// The value of the series `name` whose labels are exactly `labels` (in any order).
///
/// ```
/// let text = "kepsync_rows{tab=\"Enhancements\",status=\"Tracked\"} 3\n# EOF\n";
/// let v = kepsync::ops::scrape::sample(text, "kepsync_rows", &[("status", "Tracked"), ("tab", "Enhancements")]);
/// assert_eq!(v, Some(3.0));
/// ```
pub fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples(text)
        .find(|s| s.name == name && same_labels(&s.labels, labels))
        .map(|s| s.value)
}

/// Every sample of the series `name`, whatever its labels.
pub fn series<'a>(text: &'a str, name: &'a str) -> impl Iterator<Item = Sample> + 'a {
    samples(text).filter(move |s| s.name == name)
}

/// Every sample line of `text`; comments and lines that do not parse are skipped.
pub fn samples(text: &str) -> impl Iterator<Item = Sample> + '_ {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(parse_line)
}

fn same_labels(have: &[(String, String)], want: &[(&str, &str)]) -> bool {
    have.len() == want.len()
        && want
            .iter()
            .all(|(k, v)| have.iter().any(|(hk, hv)| hk == k && hv == v))
}

fn parse_line(line: &str) -> Option<Sample> {
    let name_end = line.find(['{', ' '])?;
    let name = line[..name_end].to_string();
    let (labels, rest) = if line[name_end..].starts_with('{') {
        parse_labels(&line[name_end + 1..])?
    } else {
        (Vec::new(), &line[name_end..])
    };
    let value_text = rest.split_whitespace().next()?;
    let value = parse_value(value_text)?;
    Some(Sample {
        name,
        labels,
        value,
    })
}

fn parse_value(text: &str) -> Option<f64> {
    match text {
        "+Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        _ => text.parse().ok(),
    }
}

/// Parses `k="v",k2="v2"}` and returns the labels and what follows the `}`.
fn parse_labels(mut rest: &str) -> Option<(Vec<(String, String)>, &str)> {
    let mut labels = Vec::new();
    loop {
        rest = rest.trim_start_matches(',');
        if let Some(after) = rest.strip_prefix('}') {
            return Some((labels, after));
        }
        let (key, after_key) = rest.split_once("=\"")?;
        let (value, after_value) = parse_quoted(after_key)?;
        labels.push((key.trim().to_string(), value));
        rest = after_value;
    }
}

/// Reads an escaped label value up to its closing quote; returns it and the text after the quote.
fn parse_quoted(text: &str) -> Option<(String, &str)> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, &text[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => value.push('\n'),
                other => value.push(other),
            },
            other => value.push(other),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# HELP kepsync_cycles Sync cycles run.\n\
        # TYPE kepsync_cycles counter\n\
        kepsync_cycles_total 4\n\
        kepsync_rows{tab=\"Enhancements\",status=\"At Risk\"} 2\n\
        kepsync_rows{tab=\"Odd \\\"tab\\\", really\",status=\"x\"} 1\n\
        kepsync_cycle_duration_seconds_bucket{le=\"+Inf\"} 4\n\
        broken{oops 1\n\
        # EOF\n";

    #[test]
    fn finds_plain_and_labelled_samples() {
        assert_eq!(sample(TEXT, "kepsync_cycles_total", &[]), Some(4.0));
        let at_risk = [("status", "At Risk"), ("tab", "Enhancements")];
        assert_eq!(sample(TEXT, "kepsync_rows", &at_risk), Some(2.0));
        let odd = [("tab", "Odd \"tab\", really"), ("status", "x")];
        assert_eq!(sample(TEXT, "kepsync_rows", &odd), Some(1.0));
        let inf = [("le", "+Inf")];
        assert_eq!(
            sample(TEXT, "kepsync_cycle_duration_seconds_bucket", &inf),
            Some(4.0)
        );
    }

    #[test]
    fn label_sets_must_match_exactly() {
        assert_eq!(
            sample(TEXT, "kepsync_rows", &[("tab", "Enhancements")]),
            None
        );
        assert_eq!(sample(TEXT, "kepsync_cycles_total", &[("a", "b")]), None);
        assert_eq!(sample(TEXT, "kepsync_missing", &[]), None);
    }

    #[test]
    fn skips_lines_that_do_not_parse() {
        assert_eq!(series(TEXT, "kepsync_rows").count(), 2);
        assert_eq!(samples(TEXT).count(), 4);
    }
}
