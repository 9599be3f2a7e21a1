//! Status, the people's field on both surfaces, carried between the sheet and the board: words
//! are compared by meaning (the vocabulary; `Tracked` on a classic sheet agrees with `Tracked
//! For Enhancement Freeze` on the board), an unknown word as written ignoring case and spaces.
//! A side that changed since the two last agreed is carried to the other; when both changed,
//! neither is overwritten.

use crate::model::board::{BoardField, FieldKind, FieldValue};
use crate::model::name::fold;
use crate::model::{Freeze, Vocabulary};
use std::collections::BTreeMap;

/// What carrying Status reads besides the two words.
pub struct StatusInput<'a> {
    pub vocabulary: &'a Vocabulary,
    /// The next freeze of `[calendar]`: a word that names no freeze (`Tracked` on a classic
    /// sheet) goes to the board as the option for that freeze (`Tracked For Code Freeze`).
    pub next_freeze: Option<Freeze>,
    /// The key ([`status_key`]) both sides last agreed on, by issue.
    pub agreed: &'a BTreeMap<u64, String>,
}

/// What to do with one enhancement's Status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusCarry {
    /// Both blank, or no sheet row.
    Nothing,
    /// Both sides mean the same.
    Agreed,
    ToBoard(FieldValue),
    /// The sheet's word to write.
    ToSheet(String),
    Conflict(String),
    /// The board has no option meaning the sheet's word.
    NoOption(String),
}

/// The memory of one enhancement's Status, as kept: `key` (both sides last agreed on it), or
/// `old>sent` (they agreed on `old`, and kepsync then sent the sheet's `sent` to the board), so
/// the cycle after a carry needs no write to record it. With `old>sent`, they last agreed on
/// `sent` when the board shows it, or when the sheet still does and the board moved on from
/// `old` (the write landed, then a person changed the board); otherwise the write did not land
/// and `old` is still the last agreement.
pub fn last_agreed(kept: Option<&str>, (sheet_key, board_key): (&str, &str)) -> Option<String> {
    let kept = kept?;
    Some(match kept.split_once('>') {
        Some((old, sent)) if board_key == sent || (sheet_key == sent && board_key != old) => {
            sent.to_string()
        }
        Some((old, _)) => old.to_string(),
        None => kept.to_string(),
    })
}

/// What to keep for one enhancement after `carried` ([`last_agreed`]'s form); `None`: keep what
/// was kept.
pub fn kept_after(
    carried: &StatusCarry,
    kept: Option<&str>,
    (sheet_key, board_key): (&str, &str),
) -> Option<String> {
    let last = last_agreed(kept, (sheet_key, board_key));
    match carried {
        StatusCarry::Agreed if last.as_deref() == Some(sheet_key) => None,
        StatusCarry::Agreed => Some(sheet_key.to_string()),
        // The board's word goes into the sheet in the same atomic batch as this record.
        StatusCarry::ToSheet(_) => Some(board_key.to_string()),
        // The board's write comes after the batch: recorded as sent, agreed once it lands.
        StatusCarry::ToBoard(_) => Some(format!("{}>{sheet_key}", last.unwrap_or_default())),
        _ => None,
    }
}

/// What a Status word means, for comparing: the meaning's label (with its freeze for a
/// per-freeze word of the vocabulary), else the word folded.
pub fn status_key(vocabulary: &Vocabulary, word: &str) -> String {
    if word.trim().is_empty() {
        return String::new();
    }
    if let Some(said) = vocabulary.said(word) {
        return said.label();
    }
    vocabulary
        .loose_meaning(word)
        .map_or_else(|| fold(word), |m| m.label().to_string())
}

/// Carries one enhancement's Status: `sheet` is the sheet's word, `board` the board's.
pub fn carry_status(
    s: &StatusInput<'_>,
    issue: u64,
    sheet: &str,
    board: &str,
    field: &BoardField,
) -> StatusCarry {
    let key = |w: &str| status_key(s.vocabulary, w);
    let (ks, kb) = (key(sheet), key(board));
    if ks == kb {
        return if ks.is_empty() {
            StatusCarry::Nothing
        } else {
            StatusCarry::Agreed
        };
    }
    let last = last_agreed(s.agreed.get(&issue).map(String::as_str), (&ks, &kb));
    let last = last.as_deref();
    if last.is_none() && kb.is_empty() {
        return to_board(s, issue, sheet, field);
    }
    if last.is_none() && ks.is_empty() {
        return StatusCarry::ToSheet(sheet_word(s.vocabulary, board));
    }
    if last == Some(kb.as_str()) && !ks.is_empty() {
        return to_board(s, issue, sheet, field);
    }
    if last == Some(ks.as_str()) && !kb.is_empty() {
        return StatusCarry::ToSheet(sheet_word(s.vocabulary, board));
    }
    let since = match last {
        Some(l) if ks.is_empty() || kb.is_empty() => {
            format!("one was cleared since they last agreed ({l})")
        }
        Some(l) => format!("both changed since they last agreed ({l})"),
        None => "kepsync has no record of them agreeing".to_string(),
    };
    StatusCarry::Conflict(format!(
        "#{issue}: Status is {sheet:?} on the sheet and {board:?} on the board; {since}: \
         nothing overwritten, make them the same by hand"
    ))
}

/// The board option for the sheet's word: the same word, else the first of the same meaning.
fn to_board(s: &StatusInput<'_>, issue: u64, sheet: &str, field: &BoardField) -> StatusCarry {
    let FieldKind::SingleSelect(options) = &field.kind else {
        return StatusCarry::ToBoard(FieldValue::Text(sheet.trim().to_string()));
    };
    let v = s.vocabulary;
    let wanted = status_key(v, sheet);
    let same_meaning: Vec<_> = options
        .iter()
        .filter(|o| status_key(v, &o.name) == wanted)
        .collect();
    // The board's options are per-freeze words: among those of the meaning, the next freeze's.
    let of_next_freeze = || {
        let freeze_of = |name: &str| Vocabulary::per_freeze().said(name).and_then(|x| x.freeze);
        same_meaning
            .iter()
            .find(|o| s.next_freeze.is_some() && freeze_of(&o.name) == s.next_freeze)
            .copied()
    };
    let option = field
        .option(sheet)
        .or_else(of_next_freeze)
        .or_else(|| same_meaning.first().copied());
    match option {
        Some(o) => StatusCarry::ToBoard(FieldValue::Option {
            id: o.id.clone(),
            name: o.name.clone(),
        }),
        None => StatusCarry::NoOption(format!(
            "#{issue}: the board's {} has no option meaning {sheet:?}; left as it is",
            field.name
        )),
    }
}

/// The sheet's word for the board's: the vocabulary's word of its meaning, else as written.
fn sheet_word(v: &Vocabulary, board: &str) -> String {
    if let Some(said) = v.said(board) {
        return v.word_for(said).to_string();
    }
    v.loose_meaning(board)
        .map_or_else(|| board.trim().to_string(), |m| v.word(m).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::board::SelectOption;

    fn status_field() -> BoardField {
        let names = [
            "Tracked For Enhancement Freeze",
            "At Risk For Enhancement Freeze",
            "Removed From Milestone",
            "Deferred",
        ];
        BoardField {
            id: "F".into(),
            name: "Status".into(),
            kind: FieldKind::SingleSelect(
                names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| SelectOption {
                        id: format!("o{i}"),
                        name: n.to_string(),
                    })
                    .collect(),
            ),
        }
    }

    fn carry(sheet: &str, board: &str, last: Option<&str>) -> StatusCarry {
        let v = Vocabulary::classic();
        let agreed: BTreeMap<u64, String> = last.map(|l| (1, l.to_string())).into_iter().collect();
        let s = StatusInput {
            vocabulary: &v,
            next_freeze: None,
            agreed: &agreed,
        };
        carry_status(&s, 1, sheet, board, &status_field())
    }

    #[test]
    fn words_of_one_meaning_agree_across_vocabularies() {
        assert_eq!(
            carry("Tracked", "Tracked For Enhancement Freeze", None),
            StatusCarry::Agreed
        );
        assert_eq!(
            carry("removed from milestone", "Removed From Milestone", None),
            StatusCarry::Agreed
        );
    }

    #[test]
    fn a_sheet_change_since_they_agreed_goes_to_the_board() {
        let got = carry(
            "Removed from Milestone",
            "Tracked For Enhancement Freeze",
            Some("tracked"),
        );
        assert_eq!(
            got,
            StatusCarry::ToBoard(FieldValue::Option {
                id: "o2".into(),
                name: "Removed From Milestone".into()
            })
        );
    }

    #[test]
    fn a_board_change_since_they_agreed_goes_to_the_sheet_in_its_words() {
        let got = carry("Tracked", "Deferred", Some("tracked"));
        assert_eq!(got, StatusCarry::ToSheet("Deferred".into()));
        let got = carry(
            "Deferred",
            "At Risk For Enhancement Freeze",
            Some("deferred"),
        );
        assert_eq!(got, StatusCarry::ToSheet("At Risk".into()));
    }

    #[test]
    fn both_sides_changed_is_a_conflict_and_nothing_is_written() {
        let got = carry(
            "Deferred",
            "At Risk For Enhancement Freeze",
            Some("tracked"),
        );
        assert!(
            matches!(got, StatusCarry::Conflict(ref m) if m.contains("both changed")),
            "{got:?}"
        );
    }

    #[test]
    fn without_a_record_of_agreeing_two_different_words_are_a_conflict() {
        let got = carry("Deferred", "Tracked For Enhancement Freeze", None);
        assert!(
            matches!(got, StatusCarry::Conflict(ref m) if m.contains("no record")),
            "{got:?}"
        );
    }

    #[test]
    fn a_blank_side_is_filled_from_the_other() {
        assert!(matches!(
            carry("Tracked", "", None),
            StatusCarry::ToBoard(_)
        ));
        assert_eq!(
            carry("", "Deferred", None),
            StatusCarry::ToSheet("Deferred".into())
        );
    }

    #[test]
    fn a_status_sent_to_the_board_counts_as_agreed_once_the_board_shows_it() {
        let last = |kept, sheet, board| last_agreed(Some(kept), (sheet, board));
        assert_eq!(
            last("tracked>removed", "removed", "removed").as_deref(),
            Some("removed")
        );
        // The write did not land.
        assert_eq!(
            last("tracked>removed", "removed", "tracked").as_deref(),
            Some("tracked")
        );
        // It landed, then a person changed the board: the board's change is the newer one.
        assert_eq!(
            last("tracked>removed", "removed", "deferred").as_deref(),
            Some("removed")
        );
        assert_eq!(last("deferred", "x", "y").as_deref(), Some("deferred"));
        let got = carry(
            "Removed from Milestone",
            "Deferred",
            Some("tracked>removed"),
        );
        assert_eq!(got, StatusCarry::ToSheet("Deferred".into()));
        // The write did not land: the sheet's change is carried again, not reported.
        let got = carry(
            "Removed from Milestone",
            "Tracked For Enhancement Freeze",
            Some("tracked>removed"),
        );
        assert!(matches!(got, StatusCarry::ToBoard(_)), "{got:?}");
        // It landed: they agree, and nothing needs recording again.
        let got = carry(
            "Removed from Milestone",
            "Removed From Milestone",
            Some("tracked>removed"),
        );
        assert_eq!(got, StatusCarry::Agreed);
        let kept = kept_after(&got, Some("tracked>removed"), ("removed", "removed"));
        assert_eq!(kept, None);
    }

    #[test]
    fn a_word_naming_no_freeze_goes_to_the_board_as_the_next_freezes_option() {
        let v = Vocabulary::classic();
        let mut field = status_field();
        if let FieldKind::SingleSelect(options) = &mut field.kind {
            options.push(SelectOption {
                id: "code".into(),
                name: "Tracked For Code Freeze".into(),
            });
        }
        let agreed = BTreeMap::new();
        let input = |next_freeze| StatusInput {
            vocabulary: &v,
            next_freeze,
            agreed: &agreed,
        };
        let id = |carried| match carried {
            StatusCarry::ToBoard(FieldValue::Option { id, .. }) => id,
            other => panic!("{other:?}"),
        };
        let code = input(Some(Freeze::Code));
        assert_eq!(id(carry_status(&code, 1, "Tracked", "", &field)), "code");
        let none = input(None);
        assert_eq!(
            id(carry_status(&none, 1, "Tracked", "", &field)),
            "o0",
            "the first of the meaning"
        );
    }

    #[test]
    fn a_word_the_board_has_no_option_for_is_noted_not_invented() {
        let got = carry(
            "Exception Pending",
            "Tracked For Enhancement Freeze",
            Some("tracked"),
        );
        assert!(matches!(got, StatusCarry::NoOption(_)), "{got:?}");
    }
}
