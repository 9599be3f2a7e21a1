//! Text for people (pure): counts with the right plural, and a person's text quoted so that what
//! cannot be seen is named rather than escaped.
//!
//! Messages land in Sync Status and Readiness cells, read by release-team members, not by Rust
//! programmers: `"\u{200b}961"` means nothing to them, `"961" (starts with an invisible ZERO WIDTH
//! SPACE, U+200B)` tells them what to delete.

/// `n` and `noun`, plural when `n` is not 1: `1 attempt`, `3 attempts` (regular plurals only).
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    match n.into() {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// The names of the invisible or confusable characters people paste most, by code point.
const NAMES: &[(char, &str)] = &[
    ('\u{0009}', "TAB"),
    ('\u{000A}', "LINE FEED"),
    ('\u{000B}', "LINE TABULATION"),
    ('\u{000C}', "FORM FEED"),
    ('\u{000D}', "CARRIAGE RETURN"),
    ('\u{007F}', "DELETE"),
    ('\u{0085}', "NEXT LINE"),
    ('\u{00A0}', "NO-BREAK SPACE"),
    ('\u{00AD}', "SOFT HYPHEN"),
    ('\u{034F}', "COMBINING GRAPHEME JOINER"),
    ('\u{061C}', "ARABIC LETTER MARK"),
    ('\u{115F}', "HANGUL CHOSEONG FILLER"),
    ('\u{1160}', "HANGUL JUNGSEONG FILLER"),
    ('\u{180E}', "MONGOLIAN VOWEL SEPARATOR"),
    ('\u{2000}', "EN QUAD"),
    ('\u{2001}', "EM QUAD"),
    ('\u{2002}', "EN SPACE"),
    ('\u{2003}', "EM SPACE"),
    ('\u{2004}', "THREE-PER-EM SPACE"),
    ('\u{2005}', "FOUR-PER-EM SPACE"),
    ('\u{2006}', "SIX-PER-EM SPACE"),
    ('\u{2007}', "FIGURE SPACE"),
    ('\u{2008}', "PUNCTUATION SPACE"),
    ('\u{2009}', "THIN SPACE"),
    ('\u{200A}', "HAIR SPACE"),
    ('\u{200B}', "ZERO WIDTH SPACE"),
    ('\u{200C}', "ZERO WIDTH NON-JOINER"),
    ('\u{200D}', "ZERO WIDTH JOINER"),
    ('\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{2028}', "LINE SEPARATOR"),
    ('\u{2029}', "PARAGRAPH SEPARATOR"),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{202F}', "NARROW NO-BREAK SPACE"),
    ('\u{205F}', "MEDIUM MATHEMATICAL SPACE"),
    ('\u{2060}', "WORD JOINER"),
    ('\u{2061}', "FUNCTION APPLICATION"),
    ('\u{2062}', "INVISIBLE TIMES"),
    ('\u{2063}', "INVISIBLE SEPARATOR"),
    ('\u{2064}', "INVISIBLE PLUS"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
    ('\u{3000}', "IDEOGRAPHIC SPACE"),
    ('\u{3164}', "HANGUL FILLER"),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE (BOM)"),
    ('\u{FFA0}', "HALFWIDTH HANGUL FILLER"),
    ('\u{FFFC}', "OBJECT REPLACEMENT CHARACTER"),
];

/// Whether `c` is shown as nothing, or as a space that is not one, so a reader cannot tell it
/// is there: controls, the table above, variation selectors and tag characters.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || NAMES.iter().any(|(n, _)| *n == c)
        || ('\u{FE00}'..='\u{FE0F}').contains(&c)
        || ('\u{E0000}'..='\u{E007F}').contains(&c)
        || ('\u{FFF9}'..='\u{FFFB}').contains(&c)
}

/// `NAME, U+XXXX` (or what kind of character it is and its code point, outside the table).
pub fn describe(c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    match NAMES.iter().find(|(n, _)| *n == c) {
        Some((_, name)) => format!("{name}, {code}"),
        None if c.is_control() => format!("control character {code}"),
        None => format!("character {code}"),
    }
}

/// At most this many stretches of invisible characters are described; the rest are counted.
const DESCRIBED_AT_MOST: usize = 3;

/// A person's text for a message: the visible characters in double quotes, then each stretch of
/// invisible ones named with where it is, e.g. `"961" (starts with an invisible ZERO WIDTH SPACE,
/// U+200B)`. Text with nothing invisible is just quoted: `"next week"`.
pub fn quoted(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let visible: String = chars.iter().filter(|c| !is_invisible(**c)).collect();
    let mut notes = Vec::new();
    let mut left_out = 0;
    let mut i = 0;
    while i < chars.len() {
        if !is_invisible(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_invisible(chars[i]) {
            i += 1;
        }
        if notes.len() < DESCRIBED_AT_MOST {
            notes.push(note(&chars, start, i));
        } else {
            left_out += i - start;
        }
    }
    let mut out = format!("\"{visible}\"");
    if !notes.is_empty() {
        out.push_str(&format!(" ({}", notes.join("; ")));
        if left_out > 0 {
            out.push_str(&format!(
                "; and {}",
                count(left_out as u64, "more invisible character")
            ));
        }
        out.push(')');
    }
    out
}

/// The stretch of invisible characters `chars[start..end]`: what they are and where.
fn note(chars: &[char], start: usize, end: usize) -> String {
    let mut groups: Vec<(char, usize)> = Vec::new();
    for c in &chars[start..end] {
        match groups.last_mut() {
            Some((last, n)) if last == c => *n += 1,
            _ => groups.push((*c, 1)),
        }
    }
    let what: Vec<String> = groups
        .iter()
        .map(|(c, n)| match n {
            1 => format!("an invisible {}", describe(*c)),
            n => format!("an invisible {}, {n} times", describe(*c)),
        })
        .collect();
    let what = what.join(" then ");
    if start == 0 && end == chars.len() {
        return format!("only {what}");
    }
    if start == 0 {
        return format!("starts with {what}");
    }
    if end == chars.len() {
        return format!("ends with {what}");
    }
    let before: Vec<char> = chars[..start]
        .iter()
        .copied()
        .filter(|c| !is_invisible(*c))
        .collect();
    let tail: String = before[before.len().saturating_sub(10)..].iter().collect();
    format!("has {what} after \"{tail}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_attempt_and_three_attempts() {
        assert_eq!(count(1u32, "attempt"), "1 attempt");
        assert_eq!(count(3u32, "attempt"), "3 attempts");
        assert_eq!(count(0u32, "attempt"), "0 attempts");
    }

    #[test]
    fn a_leading_zero_width_space_is_named_not_escaped() {
        assert_eq!(
            quoted("\u{200b}961"),
            "\"961\" (starts with an invisible ZERO WIDTH SPACE, U+200B)"
        );
    }

    #[test]
    fn visible_text_is_just_quoted() {
        assert_eq!(quoted("next week"), "\"next week\"");
        assert_eq!(quoted("#9001 🟩"), "\"#9001 🟩\"");
        assert_eq!(quoted(""), "\"\"");
    }

    #[test]
    fn each_invisible_character_is_named_with_where_it_is() {
        assert_eq!(
            quoted("96\u{200d}1\t"),
            "\"961\" (has an invisible ZERO WIDTH JOINER, U+200D after \"96\"; ends with an invisible TAB, U+0009)"
        );
        assert_eq!(
            quoted("\u{feff}1234"),
            "\"1234\" (starts with an invisible ZERO WIDTH NO-BREAK SPACE (BOM), U+FEFF)"
        );
        assert_eq!(
            quoted("12\u{a0}34"),
            "\"1234\" (has an invisible NO-BREAK SPACE, U+00A0 after \"12\")"
        );
        assert_eq!(
            quoted("\u{00ad}"),
            "\"\" (only an invisible SOFT HYPHEN, U+00AD)"
        );
        assert_eq!(
            quoted("\u{202e}1234\n"),
            "\"1234\" (starts with an invisible RIGHT-TO-LEFT OVERRIDE, U+202E; ends with an invisible LINE FEED, U+000A)"
        );
        // Outside the table: the code point still says what it is.
        assert_eq!(
            quoted("1\u{1b}2"),
            "\"12\" (has an invisible control character U+001B after \"1\")"
        );
        assert_eq!(
            quoted("a\u{e0041}"),
            "\"a\" (ends with an invisible character U+E0041)"
        );
    }

    #[test]
    fn a_stretch_is_described_once_and_many_stretches_are_counted() {
        assert_eq!(
            quoted("\u{200b}\u{200b}\u{200b}\u{200c}5"),
            "\"5\" (starts with an invisible ZERO WIDTH SPACE, U+200B, 3 times then an invisible ZERO WIDTH NON-JOINER, U+200C)"
        );
        let q = quoted("1\t2\t3\t4\t5\t\t6");
        assert!(
            q.starts_with("\"123456\" (has an invisible TAB, U+0009 after \"1\"; "),
            "{q}"
        );
        assert!(q.ends_with("; and 3 more invisible characters)"), "{q}");
    }
}
