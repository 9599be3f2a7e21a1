//! Printing a tab as a terminal table, with each cell's fill as a 24-bit background colour,
//! fitted to the terminal's width (cells shortened with `…`, and a tab with too many columns for
//! the width printed in parts that each repeat the first column), or in full (`--wide`).
//!
//! Widths are display columns ([`unicode_width`]): 🟩 takes two, a combining mark none.

use crate::sheet::Rgb;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// One tab to print: cell texts and fills, row by row.
pub struct TabView {
    pub title: String,
    pub rows: Vec<Vec<(String, Option<Rgb>)>>,
}

/// How to show fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colors {
    /// ANSI 24-bit backgrounds.
    Ansi,
    /// `[green]`-style tags after the text (no terminal, or `NO_COLOR`).
    Tags,
}

/// How wide the output may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// At most this many display columns per line.
    Fit(usize),
    /// Every value in full, however long the lines get (`kepsync demo --wide`).
    Wide,
}

/// Lines when stdout is not a terminal and `COLUMNS` says nothing.
pub const DEFAULT_WIDTH: usize = 100;
/// Narrower than this, nothing is readable; a smaller `COLUMNS` or terminal is taken as this.
pub const MIN_WIDTH: usize = 40;

/// The width to fit: `COLUMNS` when it is a number, else the terminal's width (`terminal`: `None`
/// when stdout is not a terminal), else [`DEFAULT_WIDTH`]; never below [`MIN_WIDTH`].
pub fn fit_width(columns: Option<&str>, terminal: Option<usize>) -> usize {
    columns
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w > 0)
        .or(terminal.filter(|w| *w > 0))
        .unwrap_or(DEFAULT_WIDTH)
        .max(MIN_WIDTH)
}

/// Between two cells.
const SEPARATOR: &str = " │ ";
const SEPARATOR_WIDTH: usize = 3;
/// A column is not shortened below this (or below its widest cell, when that is narrower);
/// when that cannot fit, the tab is printed in parts.
const MIN_COLUMN: usize = 8;

/// A cell as shown: its text (on one line) and, in [`Colors::Tags`], its colour tag.
struct Shown {
    text: String,
    tag: String,
    bg: Option<Rgb>,
}

impl Shown {
    fn width(&self) -> usize {
        self.text.width() + self.tag.width()
    }

    /// Exactly `width` columns: shortened with `…` (the tag kept whole when there is room) and padded.
    fn fitted(&self, width: usize) -> String {
        let full = format!("{}{}", self.text, self.tag);
        let mut out = if self.width() <= width {
            full
        } else if width >= self.tag.width() + 2 {
            format!(
                "{}{}",
                shorten(&self.text, width - self.tag.width()),
                self.tag
            )
        } else {
            shorten(&full, width)
        };
        let pad = width.saturating_sub(out.width());
        out.extend(std::iter::repeat_n(' ', pad));
        out
    }
}

/// `text` cut to at most `width` columns, ending in `…` when cut.
fn shorten(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Renders `tab` as aligned text within `width`.
pub fn render(tab: &TabView, colors: Colors, width: Width) -> String {
    let cols = tab.rows.iter().map(Vec::len).max().unwrap_or(0);
    let shown: Vec<Vec<Shown>> = tab
        .rows
        .iter()
        .map(|r| {
            (0..cols)
                .map(|c| match r.get(c) {
                    Some((t, bg)) => shown(t, *bg, colors),
                    None => shown("", None, colors),
                })
                .collect()
        })
        .collect();
    let natural: Vec<usize> = (0..cols)
        .map(|c| shown.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    let parts = match width {
        Width::Wide => vec![((0..cols).collect::<Vec<_>>(), natural.clone())],
        Width::Fit(w) => fit(&natural, w),
    };
    let mut out = String::new();
    for (i, (columns, widths)) in parts.iter().enumerate() {
        match i {
            0 => out.push_str(&format!("── {} ──\n", tab.title)),
            _ => out.push_str(&format!("\n── {}, continued ──\n", tab.title)),
        }
        for row in &shown {
            let cells: Vec<String> = columns
                .iter()
                .zip(widths)
                .map(|(c, w)| paint(&row[*c], row[*c].fitted(*w), colors))
                .collect();
            out.push_str(cells.join(SEPARATOR).trim_end());
            out.push('\n');
        }
    }
    out
}

fn shown(text: &str, bg: Option<Rgb>, colors: Colors) -> Shown {
    let text = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let tag = match (colors, bg) {
        (Colors::Tags, Some(c)) => format!(" [{}]", tag(c)),
        _ => String::new(),
    };
    Shown { text, tag, bg }
}

fn paint(cell: &Shown, text: String, colors: Colors) -> String {
    match cell.bg.filter(|_| colors == Colors::Ansi) {
        Some(rgb) => format!(
            "\x1b[48;2;{};{};{}m\x1b[30m{text}\x1b[0m",
            rgb.r, rgb.g, rgb.b
        ),
        None => text,
    }
}

/// The parts a tab is printed in, each (its columns, their widths) within `width`: one part
/// when every column fits at [`MIN_COLUMN`], else the fewest parts that do, each repeating the
/// first column (the Issue) and taking an even share of the others.
fn fit(natural: &[usize], width: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    let min: Vec<usize> = natural.iter().map(|n| (*n).min(MIN_COLUMN)).collect();
    let fits = |columns: &[usize]| {
        columns.iter().map(|c| min[*c]).sum::<usize>()
            + SEPARATOR_WIDTH * columns.len().saturating_sub(1)
            <= width
    };
    let all: Vec<usize> = (0..natural.len()).collect();
    let mut groups = vec![all.clone()];
    if !fits(&all) && natural.len() > 2 {
        let rest = &all[1..];
        groups = (2..=rest.len())
            .map(|parts| split(rest, parts))
            .find(|g| g.iter().all(|cols| fits(cols)))
            .unwrap_or_else(|| rest.iter().map(|c| vec![0, *c]).collect());
    }
    groups
        .into_iter()
        .map(|columns| {
            let nat: Vec<usize> = columns.iter().map(|c| natural[*c]).collect();
            let mins: Vec<usize> = columns.iter().map(|c| min[*c]).collect();
            let room = width.saturating_sub(SEPARATOR_WIDTH * columns.len().saturating_sub(1));
            let widths = share(&nat, &mins, room);
            (columns, widths)
        })
        .collect()
}

/// `rest` in `parts` runs of near-equal length, each led by column 0.
fn split(rest: &[usize], parts: usize) -> Vec<Vec<usize>> {
    let (base, extra) = (rest.len() / parts, rest.len() % parts);
    let mut at = 0;
    (0..parts)
        .map(|p| {
            let len = base + usize::from(p < extra);
            let mut cols = vec![0];
            cols.extend_from_slice(&rest[at..at + len]);
            at += len;
            cols
        })
        .collect()
}

/// Column widths within `room`: the natural ones when they fit, else every column above a
/// common level cut down to it (never below its minimum), what is left over going to the cut
/// columns from the left.
fn share(natural: &[usize], min: &[usize], room: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let at = |level: usize| -> Vec<usize> {
        natural
            .iter()
            .zip(min)
            .map(|(n, m)| (*n).min(level.max(*m)))
            .collect()
    };
    let top = natural.iter().copied().max().unwrap_or(0);
    let level = (0..=top)
        .rev()
        .find(|l| at(*l).iter().sum::<usize>() <= room)
        .unwrap_or(0);
    let mut widths = at(level);
    let mut left = room.saturating_sub(widths.iter().sum());
    for (w, n) in widths.iter_mut().zip(natural) {
        if left == 0 {
            break;
        }
        if *w < *n {
            *w += 1;
            left -= 1;
        }
    }
    widths
}

/// `text` with every line longer than `width` folded at spaces (a word longer than a line is
/// cut), continuation lines indented by four spaces. [`Width::Wide`] leaves it as it is.
pub fn wrap(text: &str, width: Width) -> String {
    let Width::Fit(width) = width else {
        return text.to_string();
    };
    const INDENT: &str = "    ";
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if body.width() <= width {
            out.push_str(line);
            continue;
        }
        let mut current = String::new();
        for word in body.split(' ') {
            let blank = current.trim().is_empty();
            let fits_here = current.width() + usize::from(!blank) + word.width() <= width;
            let fits_a_line = INDENT.len() + word.width() <= width;
            if !blank && !fits_here && fits_a_line {
                out.push_str(current.trim_end());
                out.push('\n');
                current = INDENT.to_string();
            } else if !blank {
                current.push(' ');
            }
            // A word longer than a line fills this one and goes on on the next.
            let mut word = word.to_string();
            while current.width() + word.width() > width {
                let (head, tail) = split_at_width(&word, width.saturating_sub(current.width()));
                current.push_str(&head);
                out.push_str(current.trim_end());
                out.push('\n');
                current = INDENT.to_string();
                word = tail;
            }
            current.push_str(&word);
        }
        out.push_str(current.trim_end());
        out.push_str(newline);
    }
    out
}

/// The longest head of `word` within `width` columns (maybe empty), and the rest.
fn split_at_width(word: &str, width: usize) -> (String, String) {
    let mut used = 0;
    let mut at = 0;
    for (i, c) in word.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        at = i + c.len_utf8();
    }
    (word[..at].to_string(), word[at..].to_string())
}

fn tag(c: Rgb) -> String {
    match c {
        Rgb::GREEN => "green".into(),
        Rgb::YELLOW => "yellow".into(),
        Rgb::RED => "red".into(),
        other => other.to_hex(),
    }
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
