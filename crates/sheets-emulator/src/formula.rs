//! Cell references inside formulas, moved the way Sheets moves them: relative references shift
//! when a formula is copied; references to rows or columns that are inserted or deleted follow
//! the cells they name (`#REF!` when those cells are gone).

/// One corner of a reference: zero-based index and whether it is absolute (`$`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub index: i64,
    pub fixed: bool,
}

/// A reference corner as written: column and/or row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Corner {
    pub col: Option<Part>,
    pub row: Option<Part>,
}

/// A reference found in a formula: an optional sheet title and one or two corners.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub sheet: Option<String>,
    pub start: Corner,
    pub end: Option<Corner>,
}

/// Rewrites every reference of `formula` with `f` (`None` → `#REF!`); text in double quotes is
/// left alone.
pub fn rewrite(formula: &str, f: &dyn Fn(&Ref) -> Option<Ref>) -> String {
    let chars: Vec<char> = formula.chars().collect();
    let mut out = String::with_capacity(formula.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            let end = string_end(&chars, i);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        if starts_token(&chars, i)
            && let Some((r, len)) = read_ref(&chars, i)
        {
            match f(&r) {
                Some(moved) => out.push_str(&print(&moved)),
                None => out.push_str("#REF!"),
            }
            i += len;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn string_end(chars: &[char], start: usize) -> usize {
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == '"' {
            if chars.get(i + 1) == Some(&'"') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    chars.len()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

fn starts_token(chars: &[char], i: usize) -> bool {
    i == 0 || !(is_word(chars[i - 1]) || chars[i - 1] == '$')
}

/// Reads `[sheet!]corner[:corner]` at `i`; the length consumed.
fn read_ref(chars: &[char], i: usize) -> Option<(Ref, usize)> {
    let (sheet, after_sheet) = read_sheet(chars, i).unwrap_or((None, i));
    let (start, mut j) = read_corner(chars, after_sheet)?;
    let mut end = None;
    if chars.get(j) == Some(&':')
        && let Some((c, k)) = read_corner(chars, j + 1)
    {
        end = Some(c);
        j = k;
    }
    let complete = |c: &Corner| c.col.is_some() && c.row.is_some();
    let valid = match &end {
        None => complete(&start),
        Some(e) => {
            (start.col.is_some() == e.col.is_some()) && (start.row.is_some() == e.row.is_some())
        }
    };
    let followed_by_word = chars
        .get(j)
        .is_some_and(|c| is_word(*c) || *c == '(' || *c == '!');
    (valid && !followed_by_word).then_some((Ref { sheet, start, end }, j - i))
}

fn read_sheet(chars: &[char], i: usize) -> Option<(Option<String>, usize)> {
    if chars.get(i) == Some(&'\'') {
        let mut title = String::new();
        let mut j = i + 1;
        while j < chars.len() {
            if chars[j] == '\'' {
                if chars.get(j + 1) == Some(&'\'') {
                    title.push('\'');
                    j += 2;
                    continue;
                }
                return (chars.get(j + 1) == Some(&'!')).then_some((Some(title), j + 2));
            }
            title.push(chars[j]);
            j += 1;
        }
        return None;
    }
    let mut j = i;
    while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
        j += 1;
    }
    (j > i && chars.get(j) == Some(&'!')).then(|| (Some(chars[i..j].iter().collect()), j + 1))
}

fn read_corner(chars: &[char], i: usize) -> Option<(Corner, usize)> {
    let mut j = i;
    let col_fixed = take(chars, &mut j, '$');
    let letters_start = j;
    while j < chars.len() && chars[j].is_ascii_alphabetic() && j - letters_start < 3 {
        j += 1;
    }
    let letters: String = chars[letters_start..j].iter().collect();
    let row_fixed = take(chars, &mut j, '$');
    let digits_start = j;
    while j < chars.len() && chars[j].is_ascii_digit() {
        j += 1;
    }
    let digits: String = chars[digits_start..j].iter().collect();
    let col = (!letters.is_empty()).then(|| Part {
        index: column_index(&letters),
        fixed: col_fixed,
    });
    let row = match digits.parse::<i64>() {
        Ok(n) if n >= 1 => Some(Part {
            index: n - 1,
            fixed: row_fixed,
        }),
        _ if digits.is_empty() => None,
        _ => return None,
    };
    if (col.is_none() && col_fixed)
        || (row.is_none() && row_fixed)
        || (col.is_none() && row.is_none())
    {
        return None;
    }
    Some((Corner { col, row }, j))
}

fn take(chars: &[char], j: &mut usize, c: char) -> bool {
    let hit = chars.get(*j) == Some(&c);
    if hit {
        *j += 1;
    }
    hit
}

fn column_index(letters: &str) -> i64 {
    letters
        .chars()
        .fold(0i64, |n, c| n * 26 + (c.to_ascii_uppercase() as i64 - 64))
        - 1
}

fn print(r: &Ref) -> String {
    let mut s = String::new();
    if let Some(sheet) = &r.sheet {
        s.push_str(&crate::a1::quote_title(sheet));
        s.push('!');
    }
    s.push_str(&print_corner(&r.start));
    if let Some(e) = &r.end {
        s.push(':');
        s.push_str(&print_corner(e));
    }
    s
}

fn print_corner(c: &Corner) -> String {
    let mut s = String::new();
    if let Some(col) = c.col {
        if col.fixed {
            s.push('$');
        }
        s.push_str(&crate::a1::column_letters(col.index.max(0) as u32));
    }
    if let Some(row) = c.row {
        if row.fixed {
            s.push('$');
        }
        s.push_str(&(row.index + 1).to_string());
    }
    s
}

/// The formula copied `rows` down and `cols` right: relative parts move, `$` parts stay.
pub fn copied(formula: &str, rows: i64, cols: i64) -> String {
    let shift_corner = |c: &Corner| -> Option<Corner> {
        let mv = |p: Option<Part>, by: i64| match p {
            Some(p) if !p.fixed => {
                let index = p.index + by;
                (index >= 0).then_some(Some(Part { index, ..p }))
            }
            other => Some(other),
        };
        Some(Corner {
            col: mv(c.col, cols)?,
            row: mv(c.row, rows)?,
        })
    };
    rewrite(formula, &|r| {
        Some(Ref {
            sheet: r.sheet.clone(),
            start: shift_corner(&r.start)?,
            end: match &r.end {
                Some(e) => Some(shift_corner(e)?),
                None => None,
            },
        })
    })
}

/// Which way a dimension changed on one sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// `n` rows (or columns) inserted before `at`.
    Inserted { at: i64, n: i64 },
    /// `[from, to)` deleted.
    Deleted { from: i64, to: i64 },
}

/// The formula after rows (`rows` true) or columns changed on the sheet its unqualified
/// references point to when `home` is true, or on the sheet titled `sheet`.
pub fn after_change(formula: &str, rows: bool, change: Change, home: bool, sheet: &str) -> String {
    rewrite(formula, &|r| {
        let affected = match &r.sheet {
            None => home,
            Some(t) => t.eq_ignore_ascii_case(sheet),
        };
        if !affected {
            return Some(r.clone());
        }
        let pick = |c: &Corner| if rows { c.row } else { c.col };
        let set = |c: &Corner, p: Option<Part>| {
            if rows {
                Corner { row: p, ..*c }
            } else {
                Corner { col: p, ..*c }
            }
        };
        let start = pick(&r.start);
        let end = r.end.as_ref().map(pick).unwrap_or(start);
        let (Some(s), Some(e)) = (start, end) else {
            return Some(r.clone());
        };
        let (ns, ne) = move_span(s.index, e.index, change)?;
        let start = set(&r.start, Some(Part { index: ns, ..s }));
        let end = r
            .end
            .as_ref()
            .map(|c| set(c, Some(Part { index: ne, ..e })));
        Some(Ref {
            sheet: r.sheet.clone(),
            start,
            end,
        })
    })
}

/// The span `[s, e]` (inclusive) after the change; `None` when nothing of it is left.
fn move_span(s: i64, e: i64, change: Change) -> Option<(i64, i64)> {
    match change {
        Change::Inserted { at, n } => {
            let mv = |x: i64| if x >= at { x + n } else { x };
            Some((mv(s), mv(e)))
        }
        Change::Deleted { from, to } => {
            let n = to - from;
            let ns = if s >= to {
                s - n
            } else if s >= from {
                from
            } else {
                s
            };
            let ne = if e >= to {
                e - n
            } else if e >= from {
                from - 1
            } else {
                e
            };
            (ne >= ns).then_some((ns, ne))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_relative_parts_only() {
        assert_eq!(copied("=A1+$B$2+C$3+$D4", 2, 1), "=B3+$B$2+D$3+$D6");
        assert_eq!(copied("=SUM(A1:B2)", 1, 0), "=SUM(A2:B3)");
        assert_eq!(copied("=A1", -1, 0), "=#REF!");
        assert_eq!(copied("=\"A1\"&A1", 1, 0), "=\"A1\"&A2");
        assert_eq!(copied("=LOG10(A1)", 1, 0), "=LOG10(A2)");
        assert_eq!(copied("='KEP Collection'!A1", 1, 0), "='KEP Collection'!A2");
        assert_eq!(copied("=COUNTA(A:A)", 5, 1), "=COUNTA(B:B)");
    }

    #[test]
    fn follows_inserted_and_deleted_rows() {
        let ins = Change::Inserted { at: 4, n: 2 };
        assert_eq!(
            after_change("=SUM(A2:A10)+B3", true, ins, true, "S"),
            "=SUM(A2:A12)+B3"
        );
        assert_eq!(after_change("=Other!A9", true, ins, true, "S"), "=Other!A9");
        assert_eq!(
            after_change("=Other!A9", true, ins, false, "Other"),
            "=Other!A11"
        );
        let del = Change::Deleted { from: 4, to: 6 };
        assert_eq!(
            after_change("=SUM(A2:A10)", true, del, true, "S"),
            "=SUM(A2:A8)"
        );
        assert_eq!(after_change("=A5", true, del, true, "S"), "=#REF!");
        assert_eq!(after_change("=$A$9", true, del, true, "S"), "=$A$7");
        let cols = Change::Inserted { at: 0, n: 1 };
        assert_eq!(after_change("=A1:B1", false, cols, true, "S"), "=B1:C1");
    }
}
