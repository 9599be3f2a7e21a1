//! One kep.yaml read into raw strings: known fields, unknown and repeated keys, with no judgement yet.

use super::text::{Text, one_line, options, texts};
use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// A feature gate and the components that must enable it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FeatureGate {
    pub name: String,
    pub components: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeatureGate {
    name: Option<Text>,
    components: Option<Vec<Option<Text>>>,
}

/// A kep.yaml as written. `Some("")` is a key present with an empty value; `None` is absent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct RawKep {
    pub title: Option<String>,
    pub kep_number: Option<String>,
    pub owning_sig: Option<String>,
    pub status: Option<String>,
    pub stage: Option<String>,
    pub latest_milestone: Option<String>,
    pub editor: Option<String>,
    pub creation_date: Option<String>,
    pub last_updated: Option<String>,
    pub disable_supported: Option<String>,
    pub authors: Option<Vec<String>>,
    pub approvers: Option<Vec<String>>,
    pub reviewers: Option<Vec<String>>,
    pub participating_sigs: Option<Vec<String>>,
    pub see_also: Option<Vec<String>>,
    pub replaces: Option<Vec<String>>,
    pub superseded_by: Option<Vec<String>>,
    pub metrics: Option<Vec<String>>,
    /// `milestone:` block, key → raw value (any key; unknown ones are judged later).
    pub milestone: Option<BTreeMap<String, String>>,
    pub feature_gates: Vec<FeatureGate>,
    /// Keys kubernetes/enhancements' strict decoder would reject.
    pub unknown_keys: Vec<String>,
    /// Keys written more than once.
    pub repeated_keys: Vec<String>,
}

/// Keys accepted without a yaml tag on the Go struct (yaml.v3 lower-cases the field name).
const UNTAGGED_KEYS: [&str; 4] = ["id", "name", "path", "prnumber"];

/// Parses kep.yaml text. The error is one readable line from the YAML parser.
pub(crate) fn parse_kep_yaml(text: &str) -> Result<RawKep, String> {
    serde_saphyr::from_str_with_options::<RawKep>(text, options()).map_err(|e| one_line(&e))
}

impl<'de> Deserialize<'de> for RawKep {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RawKepVisitor)
    }
}

struct RawKepVisitor;

impl<'de> Visitor<'de> for RawKepVisitor {
    type Value = RawKep;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping of kep.yaml fields")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawKep, A::Error> {
        let mut kep = RawKep::default();
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<Text>()? {
            let key = key.0;
            if seen.contains(&key) {
                kep.repeated_keys.push(key.clone());
            } else {
                seen.push(key.clone());
            }
            read_field(&mut kep, &key, &mut map)
                .map_err(|e| de::Error::custom(format_args!("field `{key}`: {e}")))?;
        }
        Ok(kep)
    }
}

fn read_field<'de, A: MapAccess<'de>>(
    kep: &mut RawKep,
    key: &str,
    map: &mut A,
) -> Result<(), A::Error> {
    let scalar = |map: &mut A| -> Result<Option<String>, A::Error> {
        let value: Option<Text> = map.next_value()?;
        Ok(Some(
            value.map(|t| t.0.trim().to_owned()).unwrap_or_default(),
        ))
    };
    let list = |map: &mut A| -> Result<Option<Vec<String>>, A::Error> {
        Ok(texts(map.next_value::<Option<Vec<Option<Text>>>>()?))
    };
    match key {
        "title" => kep.title = scalar(map)?,
        "kep-number" => kep.kep_number = scalar(map)?,
        "owning-sig" => kep.owning_sig = scalar(map)?,
        "status" => kep.status = scalar(map)?,
        "stage" => kep.stage = scalar(map)?,
        "latest-milestone" => kep.latest_milestone = scalar(map)?,
        "editor" => kep.editor = scalar(map)?,
        "creation-date" => kep.creation_date = scalar(map)?,
        "last-updated" => kep.last_updated = scalar(map)?,
        "disable-supported" => kep.disable_supported = scalar(map)?,
        "authors" => kep.authors = list(map)?,
        "approvers" => kep.approvers = list(map)?,
        "reviewers" => kep.reviewers = list(map)?,
        "participating-sigs" => kep.participating_sigs = list(map)?,
        "see-also" => kep.see_also = list(map)?,
        "replaces" => kep.replaces = list(map)?,
        "superseded-by" => kep.superseded_by = list(map)?,
        "metrics" => kep.metrics = list(map)?,
        "milestone" => kep.milestone = Some(milestone_block(map.next_value()?)),
        "feature-gates" => kep.feature_gates = feature_gates(map.next_value()?),
        _ => {
            map.next_value::<IgnoredAny>()?;
            if !UNTAGGED_KEYS.contains(&key) {
                kep.unknown_keys.push(key.to_owned());
            }
        }
    }
    Ok(())
}

fn milestone_block(block: Option<BTreeMap<String, Option<Text>>>) -> BTreeMap<String, String> {
    block
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.map(|t| t.0.trim().to_owned()).unwrap_or_default()))
        .collect()
}

fn feature_gates(gates: Option<Vec<RawFeatureGate>>) -> Vec<FeatureGate> {
    gates
        .unwrap_or_default()
        .into_iter()
        .map(|g| FeatureGate {
            name: g.name.map(|t| t.0).unwrap_or_default(),
            components: texts(g.components).unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"
title: Sidecar containers
kep-number: 753
authors:
  - "@alice"
  - bob
owning-sig: sig-node
participating-sigs: [sig-apps]
status: implementable
creation-date: 2023-14-05
reviewers: []
approvers:
  - "@carol"
stage: beta
latest-milestone: 1.30
milestone:
  alpha: "v1.28"
  beta: v1.29
  stable: '0.0'
feature-gates:
  - name: SidecarContainers
    components: [kubelet, kube-apiserver]
disable-supported: true
metrics:
  - sidecar_total
"#;

    #[test]
    fn reads_every_field_as_the_text_written() {
        let kep = parse_kep_yaml(FULL).expect("parses");
        assert_eq!(kep.title.as_deref(), Some("Sidecar containers"));
        assert_eq!(kep.kep_number.as_deref(), Some("753"));
        assert_eq!(kep.creation_date.as_deref(), Some("2023-14-05"));
        assert_eq!(kep.latest_milestone.as_deref(), Some("1.30"));
        assert_eq!(kep.authors, Some(vec!["@alice".into(), "bob".into()]));
        assert_eq!(kep.reviewers, Some(vec![]));
        assert_eq!(kep.participating_sigs, Some(vec!["sig-apps".into()]));
        let milestone = kep.milestone.expect("milestone block");
        assert_eq!(milestone["beta"], "v1.29");
        assert_eq!(milestone["stable"], "0.0");
        assert_eq!(
            kep.feature_gates[0].components,
            ["kubelet", "kube-apiserver"]
        );
        assert_eq!(kep.disable_supported.as_deref(), Some("true"));
        assert!(kep.unknown_keys.is_empty() && kep.repeated_keys.is_empty());
    }

    #[test]
    fn quoted_and_unquoted_numbers_agree() {
        let a = parse_kep_yaml("kep-number: 2133\n").expect("parses");
        let b = parse_kep_yaml("kep-number: \"2133\"\n").expect("parses");
        assert_eq!(a.kep_number, b.kep_number);
    }

    #[test]
    fn empty_values_differ_from_absent_ones() {
        let kep = parse_kep_yaml("stage:\nlatest-milestone: \"\"\n").expect("parses");
        assert_eq!(kep.stage.as_deref(), Some(""));
        assert_eq!(kep.latest_milestone.as_deref(), Some(""));
        assert_eq!(kep.status, None);
    }

    #[test]
    fn unknown_and_repeated_keys_are_collected_untagged_go_fields_accepted() {
        let kep = parse_kep_yaml("title: a\ntitle: b\nname: x\nid: y\nowner: z\n").expect("parses");
        assert_eq!(kep.repeated_keys, ["title"]);
        assert_eq!(kep.unknown_keys, ["owner"]);
    }

    #[test]
    fn a_leading_document_marker_is_fine() {
        let kep = parse_kep_yaml("---\ntitle: a\n").expect("parses");
        assert_eq!(kep.title.as_deref(), Some("a"));
    }

    #[test]
    fn broken_yaml_and_wrong_types_are_errors_not_panics() {
        assert!(parse_kep_yaml("title: [unclosed\n").is_err());
        assert!(parse_kep_yaml("authors: {a: b}\n").is_err());
        assert!(parse_kep_yaml("- just\n- a list\n").is_err());
        assert!(parse_kep_yaml("feature-gates:\n  - name: A\n    colour: red\n").is_err());
    }
}
