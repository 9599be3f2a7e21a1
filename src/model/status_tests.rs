//! Status vocabulary tests: the classic and per-freeze words, a team's own words, what is
//! written, offered, counted and said of an unknown word.

use super::*;

fn classic(typed: &str) -> Option<Meaning> {
    Vocabulary::classic().meaning(typed)
}

#[test]
fn tracked_means_tracked_and_brings_a_row_back() {
    assert_eq!(classic(" tracked "), Some(Meaning::Tracked));
    assert!(Meaning::Tracked.returns_to_the_milestone());
    assert!(!Meaning::Tracked.leaves_the_milestone());
}

#[test]
fn at_risk_means_at_risk_and_stays() {
    assert_eq!(classic("AT RISK"), Some(Meaning::AtRisk));
    assert!(!Meaning::AtRisk.leaves_the_milestone());
    assert!(!Meaning::AtRisk.returns_to_the_milestone());
}

#[test]
fn removed_from_milestone_means_removed_and_moves_a_row_out() {
    assert_eq!(classic("Removed From Milestone "), Some(Meaning::Removed));
    assert_eq!(classic("RemovedFromMilestone"), Some(Meaning::Removed));
    assert!(Meaning::Removed.leaves_the_milestone());
}

#[test]
fn deferred_means_deferred_and_moves_a_row_out() {
    assert_eq!(classic("deferred"), Some(Meaning::Deferred));
    assert!(Meaning::Deferred.leaves_the_milestone());
}

#[test]
fn exception_pending_means_pending_and_moves_nothing() {
    assert_eq!(
        classic("Exception pending"),
        Some(Meaning::ExceptionPending)
    );
    assert!(!Meaning::ExceptionPending.leaves_the_milestone());
    assert!(!Meaning::ExceptionPending.returns_to_the_milestone());
}

#[test]
fn exception_approved_means_approved_and_brings_a_row_back() {
    assert_eq!(
        classic("exception approved"),
        Some(Meaning::ExceptionApproved)
    );
    assert!(!Meaning::ExceptionApproved.leaves_the_milestone());
    assert!(Meaning::ExceptionApproved.returns_to_the_milestone());
}

#[test]
fn an_unknown_word_means_nothing_but_may_count_loosely() {
    let v = Vocabulary::classic();
    assert_eq!(v.meaning("At Risk For Code Freeze"), None);
    assert_eq!(
        v.loose_meaning("At Risk For Code Freeze"),
        Some(Meaning::AtRisk)
    );
    assert_eq!(v.meaning("maybe"), None);
    assert_eq!(v.loose_meaning("maybe"), None);
    assert_eq!(v.meaning(""), None);
}

#[test]
fn the_written_word_is_the_first_of_its_meaning_and_words_keep_their_order() {
    let v = Vocabulary::classic();
    assert_eq!(v.word(Meaning::Removed), "Removed from Milestone");
    let words: Vec<&str> = v.words().collect();
    assert_eq!(words.len(), 6);
    assert_eq!(words[0], "Tracked");
    assert_eq!(words[5], "Exception Approved");
}

#[test]
fn per_freeze_words_carry_their_freeze() {
    let v = Vocabulary::per_freeze();
    assert_eq!(
        v.said("tracked for enhancement freeze"),
        Some(Said::at(Meaning::Tracked, Freeze::Enhancements))
    );
    assert_eq!(
        v.said("AT RISK FOR CODE FREEZE"),
        Some(Said::at(Meaning::AtRisk, Freeze::Code))
    );
    assert_eq!(v.meaning("Removed From Milestone"), Some(Meaning::Removed));
    assert_eq!(v.meaning("Deferred"), Some(Meaning::Deferred));
    // The classic words are not per-freeze words.
    assert_eq!(v.meaning("Tracked"), None);
    assert_eq!(v.meaning("At Risk"), None);
    assert_eq!(v.words().count(), 12);
}

#[test]
fn the_written_word_names_the_freeze_asked_for() {
    let v = Vocabulary::per_freeze();
    assert_eq!(
        v.word_for(Said::at(Meaning::Tracked, Freeze::Code)),
        "Tracked For Code Freeze"
    );
    assert_eq!(v.word(Meaning::Tracked), "Tracked For PRR Freeze");
    // Classic has no per-freeze word: the meaning's word stands in.
    assert_eq!(
        Vocabulary::classic().word_for(Said::at(Meaning::Tracked, Freeze::Code)),
        "Tracked"
    );
}

#[test]
fn vocabularies_are_named_loosely_and_unknown_names_are_none() {
    assert_eq!(
        Vocabulary::named("Per-Freeze"),
        Some(Vocabulary::per_freeze())
    );
    assert_eq!(
        Vocabulary::named("per_freeze"),
        Some(Vocabulary::per_freeze())
    );
    assert_eq!(Vocabulary::named(" classic "), Some(Vocabulary::classic()));
    assert_eq!(Vocabulary::named("sheet"), None);
}

#[test]
fn a_teams_meanings_parse_in_several_spellings() {
    assert_eq!(Said::parse("tracked"), Some(Said::plain(Meaning::Tracked)));
    assert_eq!(Said::parse("At-Risk"), Some(Said::plain(Meaning::AtRisk)));
    assert_eq!(
        Said::parse("exception_approved"),
        Some(Said::plain(Meaning::ExceptionApproved))
    );
    assert_eq!(
        Said::parse("tracked-for-code-freeze"),
        Some(Said::at(Meaning::Tracked, Freeze::Code))
    );
    assert_eq!(
        Said::parse("At Risk For Enhancement Freeze"),
        Some(Said::at(Meaning::AtRisk, Freeze::Enhancements))
    );
    assert_eq!(Said::parse("deferred for code freeze"), None);
    assert_eq!(Said::parse("tracked for lunch"), None);
    assert_eq!(Said::parse("on track"), None);
}

#[test]
fn a_teams_own_word_is_added_or_overrides() {
    let v = Vocabulary::classic()
        .with_word("On Track", Said::plain(Meaning::Tracked))
        .with_word("deferred", Said::plain(Meaning::Removed));
    assert_eq!(v.meaning("on track"), Some(Meaning::Tracked));
    assert_eq!(v.meaning("Deferred"), Some(Meaning::Removed));
    assert_eq!(v.words().count(), 7);
    assert_eq!(v.words().last(), Some("deferred"));
    // The first word of a meaning is still the one written.
    assert_eq!(v.word(Meaning::Tracked), "Tracked");
}

#[test]
fn metric_labels_are_bounded_meanings() {
    let v = Vocabulary::per_freeze();
    assert_eq!(
        v.metric_label("At Risk For Code Freeze"),
        "at_risk_code_freeze"
    );
    assert_eq!(v.metric_label("deferred"), "deferred");
    assert_eq!(v.metric_label("  "), "blank");
    assert_eq!(v.metric_label("Trackd"), "unknown");
    assert_eq!(v.metric_label("anything at all"), "unknown");
}

#[test]
fn buckets_gather_words_of_one_meaning() {
    let v = Vocabulary::per_freeze();
    assert_eq!(v.bucket_title(Meaning::Tracked), "Tracked");
    assert_eq!(v.bucket_title(Meaning::Removed), "Removed From Milestone");
    assert_eq!(
        Vocabulary::classic().bucket_title(Meaning::Removed),
        "Removed from Milestone"
    );
}

#[test]
fn an_unknown_word_is_named_with_the_known_ones() {
    let note = Vocabulary::classic().not_understood(" Trackd ");
    assert!(
        note.starts_with("Status \"Trackd\" not understood"),
        "{note}"
    );
    assert!(
        note.contains("known: Tracked, At Risk, Removed from Milestone"),
        "{note}"
    );
}
