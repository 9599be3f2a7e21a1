//! OWNERS_ALIASES: who may approve production readiness (approvers plus emeritus).

use super::text::{Text, one_line, options};
use std::collections::{BTreeMap, BTreeSet};

/// The alias holding current PRR approvers.
pub const PRR_APPROVERS_ALIAS: &str = "prod-readiness-approvers";
/// The alias holding former PRR approvers, still accepted by CI.
pub const PRR_EMERITUS_ALIAS: &str = "prod-readiness-approvers-emeritus";

/// The aliases of OWNERS_ALIASES, name → GitHub handles (without `@`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnersAliases {
    pub aliases: BTreeMap<String, Vec<String>>,
}

#[derive(serde::Deserialize)]
struct RawAliases {
    aliases: Option<BTreeMap<String, Option<Vec<Option<Text>>>>>,
}

impl OwnersAliases {
    /// Parses OWNERS_ALIASES text; the error is one readable line.
    pub fn parse(text: &str) -> Result<OwnersAliases, String> {
        let raw: RawAliases =
            serde_saphyr::from_str_with_options(text, options()).map_err(|e| one_line(&e))?;
        let aliases = raw
            .aliases
            .unwrap_or_default()
            .into_iter()
            .map(|(name, people)| {
                let people = people.unwrap_or_default().into_iter().flatten();
                (name, people.map(|t| handle(&t.0).to_owned()).collect())
            })
            .collect();
        Ok(OwnersAliases { aliases })
    }

    /// Everyone CI accepts as a PRR approver.
    pub fn prr_approvers(&self) -> BTreeSet<&str> {
        [PRR_APPROVERS_ALIAS, PRR_EMERITUS_ALIAS]
            .iter()
            .filter_map(|alias| self.aliases.get(*alias))
            .flatten()
            .map(String::as_str)
            .collect()
    }

    /// Whether `approver` (with or without `@`) may approve PRR.
    pub fn is_prr_approver(&self, approver: &str) -> bool {
        self.prr_approvers().contains(handle(approver))
    }
}

/// A GitHub handle without the `@` and surrounding spaces.
pub fn handle(person: &str) -> &str {
    let person = person.trim();
    person.strip_prefix('@').unwrap_or(person)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "aliases:\n  prod-readiness-approvers:\n    - deads2k\n    - wojtek-t\n  prod-readiness-approvers-emeritus:\n    - ehashman\n  sig-node-leads:\n    - someone\n";

    #[test]
    fn approvers_and_emeritus_are_accepted_with_or_without_at() {
        let aliases = OwnersAliases::parse(TEXT).expect("parses");
        assert!(aliases.is_prr_approver("@deads2k"));
        assert!(aliases.is_prr_approver("wojtek-t"));
        assert!(aliases.is_prr_approver("@ehashman"));
        assert!(!aliases.is_prr_approver("someone"));
        assert!(!aliases.is_prr_approver(""));
    }

    #[test]
    fn broken_aliases_are_an_error() {
        assert!(OwnersAliases::parse("aliases: [\n").is_err());
    }
}
