//! Printing a tab as a terminal table, with each cell's fill as a 24-bit background colour.

use crate::sheet::Rgb;

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

const MAX_WIDTH: usize = 28;

/// Renders `tab` as aligned text, cells cut to 28 characters.
pub fn render(tab: &TabView, colors: Colors) -> String {
    let cols = tab.rows.iter().map(Vec::len).max().unwrap_or(0);
    let shown: Vec<Vec<String>> = tab
        .rows
        .iter()
        .map(|r| {
            (0..cols)
                .map(|c| {
                    r.get(c)
                        .map(|(t, bg)| cell_text(t, *bg, colors))
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            shown
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!("── {} ──\n", tab.title);
    for (r, row) in shown.iter().enumerate() {
        let mut line = String::new();
        for (c, text) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - text.chars().count());
            let bg = tab.rows[r]
                .get(c)
                .and_then(|(_, bg)| *bg)
                .filter(|_| colors == Colors::Ansi);
            match bg {
                Some(rgb) => line.push_str(&format!(
                    "\x1b[48;2;{};{};{}m\x1b[30m{text}{pad}\x1b[0m",
                    rgb.r, rgb.g, rgb.b
                )),
                None => line.push_str(&format!("{text}{pad}")),
            }
            line.push_str(" │ ");
        }
        out.push_str(line.trim_end_matches(" │ ").trim_end());
        out.push('\n');
    }
    out
}

fn cell_text(text: &str, bg: Option<Rgb>, colors: Colors) -> String {
    let one_line = text.replace('\n', " ");
    let mut t: String = one_line.chars().take(MAX_WIDTH).collect();
    if one_line.chars().count() > MAX_WIDTH {
        t.pop();
        t.push('…');
    }
    match (colors, bg) {
        (Colors::Tags, Some(c)) => format!("{t} [{}]", tag(c)),
        _ => t,
    }
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
mod tests {
    use super::*;

    fn view() -> TabView {
        TabView {
            title: "Enhancements".into(),
            rows: vec![
                vec![("Issue".into(), None), ("Proposal".into(), None)],
                vec![
                    ("9001".into(), None),
                    (
                        "https://github.com/kubernetes/enhancements/tree/master/keps/x".into(),
                        Some(Rgb::GREEN),
                    ),
                ],
            ],
        }
    }

    #[test]
    fn tags_mode_names_colours_and_cuts_long_cells() {
        let s = render(&view(), Colors::Tags);
        assert!(s.starts_with("── Enhancements ──\n"));
        assert!(s.contains("https://github.com/kubernet… [green]"), "{s}");
        assert!(!s.contains('\x1b'));
    }

    #[test]
    fn ansi_mode_paints_backgrounds() {
        let s = render(&view(), Colors::Ansi);
        assert!(s.contains("\x1b[48;2;183;224;205m"), "{s:?}");
    }
}
