//! YAML scalars read as the text written (`1.37`, `0.0`, `2023-14-05` stay strings), and the parse options.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;

/// A YAML scalar as written, never converted to a number, bool or date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_string(TextVisitor)
    }
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
}

/// A list of scalars; `null` items (a bare `-`) are dropped.
pub(crate) fn texts(items: Option<Vec<Option<Text>>>) -> Option<Vec<String>> {
    items.map(|v| {
        v.into_iter()
            .flatten()
            .map(|t| t.0.trim().to_owned())
            .collect()
    })
}

/// The largest YAML file parsed (real kep.yaml files are under 20 KiB); larger ones are a problem.
pub(crate) const MAX_YAML_BYTES: usize = 1 << 20;

/// Alias expansion allowed per file (KEP metadata uses no aliases at all).
const MAX_ALIAS_EVENTS: usize = 10_000;

/// Options for every file: one-line errors, duplicate keys passed to our visitors (which report
/// them), no comment capture. No budget pre-scan (it costs a quarter of the parse time): files
/// from open PRs are untrusted, but the parser's own nesting limits (255) and alias-expansion
/// limits stay on (tightened to 10 000 replayed events), and inputs are capped at [`MAX_YAML_BYTES`] before parsing.
pub(crate) fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        with_snippet: false,
        emit_comments: false,
        budget: None,
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_ALIAS_EVENTS,
        },
    }
}

/// Bytes → text, with a problem sentence when they are not UTF-8 (the text is then lossy).
pub(crate) fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Option<String>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.strip_prefix('\u{feff}').unwrap_or(text).into(), None),
        Err(err) => (
            String::from_utf8_lossy(bytes).into_owned().into(),
            Some(format!(
                "is not valid UTF-8 (first bad byte at offset {})",
                err.valid_up_to()
            )),
        ),
    }
}

/// The first line of a parser error, without the trailing snippet.
pub(crate) fn one_line(err: &serde_saphyr::Error) -> String {
    let text = err.to_string();
    text.lines()
        .next()
        .unwrap_or("unknown error")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn parse(yaml: &str) -> BTreeMap<String, Option<Text>> {
        serde_saphyr::from_str_with_options(yaml, options()).expect("test YAML parses")
    }

    #[test]
    fn scalars_come_out_as_written() {
        let map = parse(
            "a: 1.37\nb: 0.0\nc: 2023-14-05\nd: \"1.30\"\ne: 1.30\nf: 0042\ng: true\nh: '0.0'\ni:\n",
        );
        let get = |k: &str| map[k].as_ref().map(|t| t.0.as_str());
        assert_eq!(get("a"), Some("1.37"));
        assert_eq!(get("b"), Some("0.0"));
        assert_eq!(get("c"), Some("2023-14-05"));
        assert_eq!(get("d"), Some("1.30"));
        assert_eq!(get("e"), Some("1.30"));
        assert_eq!(get("f"), Some("0042"));
        assert_eq!(get("g"), Some("true"));
        assert_eq!(get("h"), Some("0.0"));
        assert_eq!(get("i"), None);
    }

    #[test]
    fn deep_nesting_and_alias_bombs_fail_without_crashing() {
        let deep = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let parsed: Result<BTreeMap<String, Option<Text>>, _> =
            serde_saphyr::from_str_with_options(&deep, options());
        assert!(parsed.is_err());
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            bomb.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        let parsed: Result<BTreeMap<String, serde::de::IgnoredAny>, _> =
            serde_saphyr::from_str_with_options(&bomb, options());
        assert!(parsed.is_err());
    }

    #[test]
    fn non_utf8_is_reported_and_decoded_lossily() {
        let (text, problem) = decode(b"title: caf\xe9\n");
        assert!(text.starts_with("title: caf"));
        assert!(problem.unwrap().contains("offset 10"));
        assert_eq!(decode(b"\xef\xbb\xbfa: b").0, "a: b");
    }
}
