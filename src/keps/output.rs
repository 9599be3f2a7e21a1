//! Rendering KEPs for `kepsync keps`: an aligned table for people, JSON and CSV for programs.

use kep_index::Kep;
use std::fmt::Write;

/// Columns of the table and CSV, with the table width of each (the last one takes the rest).
const TABLE_COLUMNS: [(&str, usize); 7] = [
    ("NUMBER", 6),
    ("SIG", 17),
    ("STATUS", 13),
    ("STAGE", 10),
    ("MILESTONE", 9),
    ("OK", 3),
    ("TITLE", 0),
];

/// Total width of the table.
pub const TABLE_WIDTH: usize = 100;

/// One JSON array of KEPs.
pub fn json(keps: &[&Kep]) -> String {
    serde_json::to_string_pretty(keps).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// An aligned table, every line at most [`TABLE_WIDTH`] characters.
pub fn table(keps: &[&Kep]) -> String {
    let mut out = String::new();
    let header: Vec<String> = TABLE_COLUMNS.iter().map(|(n, _)| (*n).to_owned()).collect();
    push_row(&mut out, &header);
    for kep in keps {
        push_row(&mut out, &row(kep));
    }
    out
}

/// The table, with each KEP's problems word-wrapped under its row.
pub fn table_with_problems(keps: &[&Kep]) -> String {
    let mut out = String::new();
    let header: Vec<String> = TABLE_COLUMNS.iter().map(|(n, _)| (*n).to_owned()).collect();
    push_row(&mut out, &header);
    for kep in keps {
        push_row(&mut out, &row(kep));
        for problem in &kep.problems {
            for line in wrap(problem, TABLE_WIDTH - 6) {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}

/// Word-wraps `text` into lines of at most `width` characters (long words are cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let mut word = fit(word, width);
        let last = lines.last_mut().map_or(0, |l| l.chars().count());
        if last > 0 && last + 1 + word.chars().count() > width {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&std::mem::take(&mut word));
        }
    }
    lines
}

fn row(kep: &Kep) -> Vec<String> {
    vec![
        kep.number.map_or_else(|| "-".to_owned(), |n| n.to_string()),
        kep.owning_sig.trim_start_matches("sig-").to_owned(),
        kep.status.clone(),
        kep.stage.clone(),
        kep.latest_milestone.clone().unwrap_or_else(|| "-".into()),
        if kep.valid { "yes" } else { "NO" }.to_owned(),
        kep.title.clone(),
    ]
}

fn push_row(out: &mut String, cells: &[String]) {
    let mut line = String::new();
    let mut used = 0;
    for ((_, width), cell) in TABLE_COLUMNS.iter().zip(cells) {
        let width = if *width == 0 {
            TABLE_WIDTH - used
        } else {
            *width
        };
        let cell = fit(cell, width);
        let _ = write!(line, "{cell:<width$} ");
        used += width + 1;
    }
    let _ = writeln!(out, "{}", fit(line.trim_end(), TABLE_WIDTH));
}

/// Cuts `text` to `width` characters, marking the cut with `…`.
fn fit(text: &str, width: usize) -> String {
    let text = text.replace(['\n', '\t'], " ");
    if text.chars().count() <= width {
        return text;
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// CSV (RFC 4180): a header, then one line per KEP; problems joined with ` | `.
///
/// Written by the `csv` crate: CRLF line ends, a cell quoted only when it holds a comma, a quote
/// or a line break, inner quotes doubled.
pub fn csv(keps: &[&Kep]) -> String {
    let header = [
        "number",
        "path",
        "title",
        "owning_sig",
        "status",
        "stage",
        "latest_milestone",
        "valid",
        "ci_ok",
        "needs_prr",
        "prr",
        "problems",
    ];
    let mut out = csv_writer();
    // Writing into a Vec cannot fail, and every row has the header's 12 cells.
    out.write_record(header).expect("a CSV header");
    for kep in keps {
        let prr: Vec<String> = kep.prr.iter().map(|(s, a)| format!("{s}={a}")).collect();
        out.write_record([
            kep.number.map(|n| n.to_string()).unwrap_or_default(),
            kep.path.clone(),
            kep.title.clone(),
            kep.owning_sig.clone(),
            kep.status.clone(),
            kep.stage.clone(),
            kep.latest_milestone.clone().unwrap_or_default(),
            kep.valid.to_string(),
            kep.ci_ok.to_string(),
            kep.needs_prr.to_string(),
            prr.join(" "),
            kep.problems.join(" | "),
        ])
        .expect("a CSV row");
    }
    let bytes = out.into_inner().expect("CSV flushed into memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8")
}

/// An RFC 4180 writer into memory: `\r\n` after every record (the crate's default is `\n`).
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kep(title: &str) -> Kep {
        Kep {
            number: Some(1234),
            title: title.into(),
            owning_sig: "sig-api-machinery".into(),
            status: "implementable".into(),
            stage: "alpha (deprecated)".into(),
            latest_milestone: Some("v1.37".into()),
            valid: false,
            ..Kep::default()
        }
    }

    #[test]
    fn table_lines_fit_in_100_columns_and_align() {
        let long = kep(&"very long title ".repeat(20));
        let short = kep("short");
        let text = table(&[&long, &short]);
        for line in text.lines() {
            assert!(line.chars().count() <= TABLE_WIDTH, "{line}");
        }
        let lines: Vec<&str> = text.lines().collect();
        let column = |line: &str, word: &str| line.find(word).map(|at| line[..at].chars().count());
        assert_eq!(column(lines[2], "short"), column(lines[0], "TITLE"));
        assert_eq!(column(lines[1], "very"), column(lines[0], "TITLE"));
        assert!(lines[1].ends_with('…'));
    }

    #[test]
    fn problems_wrap_within_the_table_width() {
        let mut k = kep("t");
        k.problems = vec![format!("keps/sig-x/1-y/kep.yaml: {}", "word ".repeat(60))];
        let text = table_with_problems(&[&k]);
        assert!(text.lines().count() > 3);
        assert!(text.lines().all(|l| l.chars().count() <= TABLE_WIDTH));
    }

    /// One cell as [`csv`] writes it, followed by another (a lone empty cell would be quoted).
    fn csv_cell(cell: &str) -> String {
        let mut out = csv_writer();
        out.write_record([cell, "next"]).expect("record");
        let line = String::from_utf8(out.into_inner().expect("flushed")).expect("utf-8");
        line.strip_suffix(",next\r\n")
            .expect("one record")
            .to_owned()
    }

    #[test]
    fn csv_quotes_commas_quotes_and_newlines() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("cr\r"), "\"cr\r\"");
        assert_eq!(csv_cell(""), "");
        let text = csv(&[&kep("Title, with comma")]);
        assert!(text.contains("\"Title, with comma\""));
        assert!(text.starts_with("number,path,title"));
        assert_eq!(text.matches("\r\n").count(), 2, "{text:?}");
        assert!(text.ends_with("\r\n"));
    }

    #[test]
    fn csv_reads_back_as_the_same_cells() {
        let mut k = kep("Jobs \"quoted\", and\nmore");
        k.problems = vec!["a, b".into(), "c".into()];
        let text = csv(&[&k]);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().expect("header").len(), 12);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][2], "Jobs \"quoted\", and\nmore");
        assert_eq!(&rows[0][11], "a, b | c");
    }

    #[test]
    fn json_is_one_array_with_the_issue_fields() {
        let value: serde_json::Value = serde_json::from_str(&json(&[&kep("x")])).expect("json");
        let first = &value[0];
        for field in [
            "number",
            "path",
            "title",
            "owning_sig",
            "status",
            "stage",
            "latest_milestone",
            "milestones",
            "authors",
            "valid",
            "problems",
            "prr",
            "readme",
        ] {
            assert!(first.get(field).is_some(), "{field}");
        }
        assert_eq!(first["number"], 1234);
    }
}
