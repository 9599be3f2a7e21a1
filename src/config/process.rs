//! The release-process sections of `kepsync.toml`: `[status]` (the Status vocabulary, a team's
//! own words, `advance`) and `[intake]` (opt-in by label), with the vocabulary they make.

use super::error::ConfigError;
use crate::model::Vocabulary;
use crate::model::status::{Said, VOCABULARY_NAMES};
use serde::Deserialize;
use std::collections::BTreeMap;

/// `[status]`: which words people type in Status, and whether kepsync advances it.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct StatusSection {
    /// `classic` (Tracked, At Risk, …) or `per-freeze` (Tracked For PRR Freeze, …).
    pub vocabulary: String,
    /// A team's own words, each with its meaning (`"On Track" = "tracked"`,
    /// `"Late" = "at-risk-for-code-freeze"`), added to the vocabulary (or overriding a word).
    pub words: BTreeMap<String, String>,
    /// Set Status when a freeze passes (per-freeze meanings; needs `[calendar]`). Off by default.
    #[serde(deserialize_with = "super::sections::bool_or_text")]
    pub advance: bool,
}

impl Default for StatusSection {
    fn default() -> Self {
        StatusSection {
            vocabulary: "classic".into(),
            words: BTreeMap::new(),
            advance: false,
        }
    }
}

impl StatusSection {
    /// The vocabulary these settings make; an unknown name or meaning names the key.
    pub fn vocabulary(&self) -> Result<Vocabulary, ConfigError> {
        let mut v = Vocabulary::named(&self.vocabulary).ok_or_else(|| {
            ConfigError::Invalid(format!(
                "status.vocabulary: {:?} is not a vocabulary (known: {})",
                self.vocabulary,
                VOCABULARY_NAMES.join(", ")
            ))
        })?;
        for (word, meaning) in &self.words {
            if word.trim().is_empty() {
                return Err(ConfigError::Invalid("status.words: a word is blank".into()));
            }
            let said = Said::parse(meaning).ok_or_else(|| {
                ConfigError::Invalid(format!(
                    "status.words.{word:?}: {meaning:?} is not a meaning (tracked, at-risk, removed, deferred, exception-pending, exception-approved; tracked and at-risk may add \"-for-prr|enhancement|code|docs-freeze\")"
                ))
            })?;
            v = v.with_word(word, said);
        }
        Ok(v)
    }

    /// `advance` needs a `[calendar]` (when freezes pass) and words that name freezes (what to
    /// write): the per-freeze vocabulary, or a team's own `…-for-…-freeze` words.
    pub fn check_advance(&self, calendar: bool, v: &Vocabulary) -> Result<(), ConfigError> {
        if !self.advance {
            return Ok(());
        }
        if !calendar {
            return Err(ConfigError::Invalid(
                "status.advance needs [calendar] (it acts when a freeze passes)".into(),
            ));
        }
        if !v
            .words()
            .any(|w| v.said(w).is_some_and(|s| s.freeze.is_some()))
        {
            return Err(ConfigError::Invalid(
                "status.advance needs words that name freezes (vocabulary = \"per-freeze\", or [status.words] mapped to tracked-for-…-freeze)".into(),
            ));
        }
        Ok(())
    }
}

/// `[intake]`: opt-in by label, beside (or instead of) the KEP Collection tab.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct IntakeSection {
    /// Every open enhancement issue with this label is tracked (`lead-opted-in`); unset = off.
    pub label: Option<String>,
    /// Also require the release milestone on the issue.
    #[serde(deserialize_with = "super::sections::bool_or_text")]
    pub milestone: bool,
}

impl IntakeSection {
    /// The intake label, when label intake is on.
    pub fn label(&self) -> Option<&str> {
        super::sections::optional_name(&self.label)
    }
}
