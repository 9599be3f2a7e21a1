//! Best-effort reading of a kep.yaml that failed strict decoding, so a broken KEP still shows its number.
//!
//! First a loose parse (any shape accepted; a list where a scalar belongs is skipped, a scalar
//! where a list belongs becomes one item); if the YAML itself is broken, a scan of top-level
//! `key: value` lines. Numbers in the loose parse are re-printed, so `1.30` may read as `1.3`:
//! salvaged values are for display, the KEP is already invalid.

use super::kep_yaml::RawKep;
use super::text::options;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// Any YAML value, scalars as text.
#[derive(Debug, Clone, PartialEq)]
enum Loose {
    Null,
    Text(String),
    List(Vec<Loose>),
    Map(Vec<(String, Loose)>),
}

impl Loose {
    fn text(&self) -> Option<String> {
        match self {
            Loose::Text(t) => Some(t.trim().to_owned()),
            Loose::Null => Some(String::new()),
            _ => None,
        }
    }

    fn texts(&self) -> Option<Vec<String>> {
        match self {
            Loose::List(items) => Some(items.iter().filter_map(Loose::text).collect()),
            Loose::Text(t) => Some(vec![t.trim().to_owned()]),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_string()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Loose::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<Loose, Loose>()? {
            entries.push((key.text().unwrap_or_default(), value));
        }
        Ok(Loose::Map(entries))
    }
}

/// Whatever can be read from a kep.yaml that failed strict decoding.
pub(crate) fn salvage_kep_yaml(text: &str) -> RawKep {
    match serde_saphyr::from_str_with_options::<Loose>(text, options()) {
        Ok(Loose::Map(entries)) => from_entries(entries),
        _ => from_lines(text),
    }
}

fn from_entries(entries: Vec<(String, Loose)>) -> RawKep {
    let mut kep = RawKep::default();
    for (key, value) in entries {
        if let Some(slot) = scalar_slot(&mut kep, &key) {
            *slot = value.text();
        } else if let Some(slot) = list_slot(&mut kep, &key) {
            *slot = value.texts();
        } else if let (Loose::Map(block), "milestone") = (&value, key.as_str()) {
            let block: BTreeMap<String, String> = block
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.text()?)))
                .collect();
            kep.milestone = Some(block);
        }
    }
    kep
}

/// Top-level `key: value` lines, for YAML too broken to parse at all.
fn from_lines(text: &str) -> RawKep {
    let mut kep = RawKep::default();
    for line in text
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '-', '#']))
    {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if let Some(slot) = scalar_slot(&mut kep, key.trim()) {
            let value = value.split(" #").next().unwrap_or_default().trim();
            *slot = Some(value.trim_matches(['"', '\'']).to_owned());
        }
    }
    kep
}

fn scalar_slot<'a>(kep: &'a mut RawKep, key: &str) -> Option<&'a mut Option<String>> {
    Some(match key {
        "title" => &mut kep.title,
        "kep-number" => &mut kep.kep_number,
        "owning-sig" => &mut kep.owning_sig,
        "status" => &mut kep.status,
        "stage" => &mut kep.stage,
        "latest-milestone" => &mut kep.latest_milestone,
        "editor" => &mut kep.editor,
        "creation-date" => &mut kep.creation_date,
        "last-updated" => &mut kep.last_updated,
        "disable-supported" => &mut kep.disable_supported,
        _ => return None,
    })
}

fn list_slot<'a>(kep: &'a mut RawKep, key: &str) -> Option<&'a mut Option<Vec<String>>> {
    Some(match key {
        "authors" => &mut kep.authors,
        "approvers" => &mut kep.approvers,
        "reviewers" => &mut kep.reviewers,
        "participating-sigs" => &mut kep.participating_sigs,
        "see-also" => &mut kep.see_also,
        "replaces" => &mut kep.replaces,
        "superseded-by" => &mut kep.superseded_by,
        "metrics" => &mut kep.metrics,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_shapes_still_give_the_number_and_title() {
        let kep = salvage_kep_yaml("title: T\nkep-number: 5\nauthors: \"@x\"\nstatus: [a]\n");
        assert_eq!(kep.title.as_deref(), Some("T"));
        assert_eq!(kep.kep_number.as_deref(), Some("5"));
        assert_eq!(kep.authors, Some(vec!["@x".into()]));
        assert_eq!(kep.status, None);
    }

    #[test]
    fn broken_yaml_falls_back_to_top_level_lines() {
        let kep =
            salvage_kep_yaml("title: \"Broken\"\nkep-number: 77 # note\nauthors: [unclosed\n");
        assert_eq!(kep.title.as_deref(), Some("Broken"));
        assert_eq!(kep.kep_number.as_deref(), Some("77"));
        assert_eq!(kep.authors, None);
    }
}
