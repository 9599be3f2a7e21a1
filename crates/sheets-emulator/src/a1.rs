//! A1 notation: parsing what clients send (leniently, like Google) and echoing ranges the way
//! Google does (quoted only when needed, normalised to the grid).

/// One end of an A1 span: a column, a row, or both (zero-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Corner {
    pub col: Option<u32>,
    pub row: Option<u32>,
}

/// The part of an A1 range after the `!`: one corner or two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: Corner,
    pub end: Option<Corner>,
}

/// A parsed A1 range: an optional sheet title and an optional span (None = whole sheet, or a
/// bare name that may be a sheet title or a named range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum A1 {
    /// `Sheet1!A1:B2`, `'My Sheet'!A:A`, `'Sheet1'`.
    Sheet { title: String, span: Option<Span> },
    /// `A1:B2` without a sheet: the first visible sheet.
    Bare(Span),
    /// A bare word: a sheet title or a named range (`Sheet1`, `NamedRange`).
    Name(String),
    /// `'Sheet1'!NamedRange`.
    SheetName { title: String, name: String },
}

/// Parses an A1 range; `None` when it is not A1 at all.
pub fn parse(input: &str) -> Option<A1> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(rest) = s.strip_prefix('\'') {
        let (title, after) = quoted(rest)?;
        return with_sheet(title, after);
    }
    match s.rfind('!') {
        Some(i) => with_sheet(s[..i].to_string(), &s[i..]),
        None => match parse_span(s) {
            Some(span) => Some(A1::Bare(span)),
            None => Some(A1::Name(s.to_string())),
        },
    }
}

fn with_sheet(title: String, after: &str) -> Option<A1> {
    if after.is_empty() {
        return Some(A1::Sheet { title, span: None });
    }
    let rest = after.strip_prefix('!')?;
    if rest.is_empty() {
        return Some(A1::Sheet { title, span: None });
    }
    match parse_span(rest) {
        Some(span) => Some(A1::Sheet {
            title,
            span: Some(span),
        }),
        None if is_plain_name(rest) => Some(A1::SheetName {
            title,
            name: rest.to_string(),
        }),
        None => None,
    }
}

fn is_plain_name(s: &str) -> bool {
    let digits = s.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let cell_like = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
    !cell_like
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

/// True when the range names one corner (`Sheet1!B2`), which writes may grow from.
pub fn is_anchor(input: &str) -> bool {
    matches!(
        parse(input),
        Some(A1::Sheet {
            span: Some(Span { end: None, .. }),
            ..
        }) | Some(A1::Bare(Span { end: None, .. }))
    )
}

/// Reads a quoted title (after the opening quote): `''` is a quote; a lone quote not followed by
/// `!` or the end is also taken literally (Google's own examples print `'Jon's_Data'!A1`).
fn quoted(rest: &str) -> Option<(String, &str)> {
    let mut title = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\'' {
            title.push(c);
            continue;
        }
        match chars.peek() {
            Some((_, '\'')) => {
                title.push('\'');
                chars.next();
            }
            Some((_, '!')) | None => return Some((title, &rest[i + 1..])),
            Some(_) => title.push('\''),
        }
    }
    None
}

/// Parses `A1`, `A1:B2`, `A:A`, `1:2`, `A5:A`, `A1:1`.
pub fn parse_span(s: &str) -> Option<Span> {
    let (a, b) = match s.split_once(':') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let start = parse_corner(a)?;
    let end = match b {
        Some(b) => Some(parse_corner(b)?),
        None => None,
    };
    if end.is_none() && (start.col.is_none() || start.row.is_none()) {
        return None;
    }
    Some(Span { start, end })
}

fn parse_corner(s: &str) -> Option<Corner> {
    let s = s.trim().trim_start_matches('$');
    let letters_end = s
        .char_indices()
        .find(|(_, c)| !c.is_ascii_alphabetic())
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let (letters, digits) = s.split_at(letters_end);
    let digits = digits.trim_start_matches('$');
    if letters.len() > 3 || (letters.is_empty() && digits.is_empty()) {
        return None;
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let col = if letters.is_empty() {
        None
    } else {
        Some(column_index(letters)?)
    };
    let row = if digits.is_empty() {
        None
    } else {
        let n: u32 = digits.parse().ok()?;
        if n == 0 {
            return None;
        }
        Some(n - 1)
    };
    Some(Corner { col, row })
}

/// `A` → 0, `Z` → 25, `AA` → 26.
pub fn column_index(letters: &str) -> Option<u32> {
    let mut n: u32 = 0;
    for c in letters.chars() {
        let d = c.to_ascii_uppercase() as u32;
        if !(65..=90).contains(&d) {
            return None;
        }
        n = n * 26 + (d - 64);
    }
    n.checked_sub(1)
}

/// 0 → `A`, 26 → `AA`.
pub fn column_letters(mut index: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push((b'A' + (index % 26) as u8) as char);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.iter().rev().collect()
}

/// A title as Google echoes it: bare only when it is a plain identifier that cannot be read as
/// a cell reference; otherwise quoted with `'` doubled.
pub fn quote_title(title: &str) -> String {
    let plain = title
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && title.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain && !looks_like_cell(title) {
        title.to_string()
    } else {
        format!("'{}'", title.replace('\'', "''"))
    }
}

fn looks_like_cell(s: &str) -> bool {
    parse_corner(s).is_some_and(|c| c.col.is_some() && c.row.is_some())
        || s.eq_ignore_ascii_case("true")
        || s.eq_ignore_ascii_case("false")
}

/// A zero-based, half-open rectangle on one sheet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rect {
    pub row0: u32,
    pub row1: u32,
    pub col0: u32,
    pub col1: u32,
}

impl Rect {
    pub fn rows(&self) -> u32 {
        self.row1.saturating_sub(self.row0)
    }
    pub fn cols(&self) -> u32 {
        self.col1.saturating_sub(self.col0)
    }
}

/// The span resolved against a grid of `rows` × `cols` (open ends run to the grid's edge).
pub fn resolve(span: &Span, rows: u32, cols: u32) -> Rect {
    let end = span.end.unwrap_or(span.start);
    let (r0, r1) = bounds(span.start.row, end.row, rows);
    let (c0, c1) = bounds(span.start.col, end.col, cols);
    Rect {
        row0: r0,
        row1: r1,
        col0: c0,
        col1: c1,
    }
}

fn bounds(a: Option<u32>, b: Option<u32>, size: u32) -> (u32, u32) {
    match (a, b) {
        (Some(a), Some(b)) => (a.min(b), a.max(b) + 1),
        (Some(a), None) => (a, size.max(a + 1)),
        (None, Some(b)) => (0, b + 1),
        (None, None) => (0, size),
    }
}

/// `A1` or `A1:B2` for a rectangle (a single cell prints as one corner).
pub fn rect_a1(r: &Rect) -> String {
    let start = format!("{}{}", column_letters(r.col0), r.row0 + 1);
    if r.rows() == 1 && r.cols() == 1 {
        return start;
    }
    format!(
        "{start}:{}{}",
        column_letters(r.col1.saturating_sub(1)),
        r.row1.max(1)
    )
}

/// `Sheet1!A1:B2` / `'My Sheet'!A1`.
pub fn range_a1(title: &str, r: &Rect) -> String {
    format!("{}!{}", quote_title(title), rect_a1(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(s: &str) -> Span {
        parse_span(s).unwrap()
    }

    #[test]
    fn parses_sheet_forms() {
        assert_eq!(
            parse("'Sheet1'"),
            Some(A1::Sheet {
                title: "Sheet1".into(),
                span: None
            })
        );
        assert_eq!(
            parse("'It''s'!A1"),
            Some(A1::Sheet {
                title: "It's".into(),
                span: Some(span("A1"))
            })
        );
        assert_eq!(
            parse("'Jon's_Data'!A1:D5"),
            Some(A1::Sheet {
                title: "Jon's_Data".into(),
                span: Some(span("A1:D5"))
            })
        );
        assert_eq!(
            parse("🌵 test 1!A:A"),
            Some(A1::Sheet {
                title: "🌵 test 1".into(),
                span: Some(span("A:A"))
            })
        );
        assert_eq!(parse("A1:B2"), Some(A1::Bare(span("A1:B2"))));
        assert_eq!(parse("Sheet1"), Some(A1::Name("Sheet1".into())));
        assert_eq!(
            parse("'Sheet1'!NamedRange"),
            Some(A1::SheetName {
                title: "Sheet1".into(),
                name: "NamedRange".into()
            })
        );
        assert_eq!(parse("Sheet1!A0"), None);
        assert_eq!(parse("'unterminated"), None);
    }

    #[test]
    fn resolves_open_and_reversed_spans() {
        let r = |s: &str| rect_a1(&resolve(&span(s), 1000, 26));
        assert_eq!(r("A1:C"), "A1:C1000");
        assert_eq!(r("A:A"), "A1:A1000");
        assert_eq!(r("A1:1"), "A1:Z1");
        assert_eq!(r("D4:A1"), "A1:D4");
        assert_eq!(r("D4"), "D4");
        assert_eq!(r("A3:3"), "A3:Z3");
    }

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote_title("Sheet1"), "Sheet1");
        assert_eq!(quote_title("D3"), "'D3'");
        assert_eq!(quote_title("KEP Collection"), "'KEP Collection'");
        assert_eq!(quote_title("It's"), "'It''s'");
        assert_eq!(quote_title("🌵"), "'🌵'");
    }

    #[test]
    fn column_letters_round_trip() {
        for i in [0, 25, 26, 51, 701, 702, 18277] {
            assert_eq!(column_index(&column_letters(i)), Some(i));
        }
        assert_eq!(column_letters(26), "AA");
    }
}
