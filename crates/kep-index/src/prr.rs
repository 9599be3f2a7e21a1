//! `keps/prod-readiness/<sig>/<number>.yaml`: the PRR approver per stage.

use super::text::{Text, one_line, options};
use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// One PRR approval file as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrrFile {
    /// Path relative to the repository root.
    pub path: String,
    /// `kep-number` written in the file (raw).
    pub kep_number: Option<String>,
    /// stage → approver as written (possibly with `@`, possibly empty).
    pub approvers: BTreeMap<String, String>,
}

/// Where a PRR file path says it belongs: (owning-sig folder, file stem).
pub(crate) fn prr_location(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("keps/prod-readiness/")?;
    let (sig, file) = rest.split_once('/')?;
    let stem = file.strip_suffix(".yaml")?;
    (!stem.contains('/')).then_some((sig, stem))
}

/// Parses a PRR file; the error is one readable line from the YAML parser.
pub(crate) fn parse_prr(path: &str, text: &str) -> Result<PrrFile, String> {
    let mut prr: PrrFile =
        serde_saphyr::from_str_with_options(text, options()).map_err(|e| one_line(&e))?;
    prr.path = path.to_owned();
    Ok(prr)
}

impl<'de> Deserialize<'de> for PrrFile {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PrrVisitor)
    }
}

struct PrrVisitor;

impl<'de> Visitor<'de> for PrrVisitor {
    type Value = PrrFile;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping with kep-number and one block per stage")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PrrFile, A::Error> {
        let mut prr = PrrFile::default();
        while let Some(key) = map.next_key::<Text>()? {
            if key.0 == "kep-number" {
                prr.kep_number = map.next_value::<Option<Text>>()?.map(|t| t.0);
            } else if let Some(block) = map.next_value::<Option<StageBlock>>()? {
                prr.approvers.insert(key.0, block.approver);
            }
        }
        Ok(prr)
    }
}

/// `<stage>: {approver: "@handle"}`; other keys in the block are ignored.
struct StageBlock {
    approver: String,
}

impl<'de> Deserialize<'de> for StageBlock {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(StageBlockVisitor)
    }
}

struct StageBlockVisitor;

impl<'de> Visitor<'de> for StageBlockVisitor {
    type Value = StageBlock;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stage block with an approver")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StageBlock, A::Error> {
        let mut approver = String::new();
        while let Some(key) = map.next_key::<Text>()? {
            if key.0 == "approver" {
                let value = map.next_value::<Option<Text>>()?;
                approver = value.map(|t| t.0.trim().to_owned()).unwrap_or_default();
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(StageBlock { approver })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_approver_of_every_stage() {
        let text = "kep-number: 2625\nalpha:\n  approver: \"@johnbelamaric\"\nbeta:\n  approver: deads2k\ndeprecated:\n  approver:\n";
        let prr = parse_prr("keps/prod-readiness/sig-node/2625.yaml", text).expect("parses");
        assert_eq!(prr.kep_number.as_deref(), Some("2625"));
        assert_eq!(prr.approvers["alpha"], "@johnbelamaric");
        assert_eq!(prr.approvers["beta"], "deads2k");
        assert_eq!(prr.approvers["deprecated"], "");
        assert_eq!(prr.path, "keps/prod-readiness/sig-node/2625.yaml");
    }

    #[test]
    fn broken_prr_files_are_errors() {
        assert!(parse_prr("p", "alpha: [\n").is_err());
        assert!(parse_prr("p", "alpha: just-a-name\n").is_err());
    }

    #[test]
    fn location_comes_from_the_path() {
        assert_eq!(
            prr_location("keps/prod-readiness/sig-node/2625.yaml"),
            Some(("sig-node", "2625"))
        );
        assert_eq!(prr_location("keps/prod-readiness/OWNERS"), None);
        assert_eq!(prr_location("keps/sig-node/2625.yaml"), None);
    }
}
