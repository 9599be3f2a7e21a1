//! Table rendering tests: widths, cuts, colours, parts.

use super::*;

const URL: &str = "https://github.com/kubernetes/enhancements/tree/master/keps/x";

fn view() -> TabView {
    TabView {
        title: "Enhancements".into(),
        rows: vec![
            vec![("Issue".into(), None), ("Proposal".into(), None)],
            vec![("9001".into(), None), (URL.into(), Some(Rgb::GREEN))],
        ],
    }
}

fn widest(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

#[test]
fn tags_mode_names_colours_and_cuts_long_cells_to_the_width() {
    let s = render(&view(), Colors::Tags, Width::Fit(40));
    assert!(s.starts_with("── Enhancements ──\n"));
    assert!(
        s.contains("9001  │ https://github.com/kube… [green]"),
        "{s}"
    );
    assert_eq!(widest(&s), 40, "{s}");
    assert!(!s.contains('\x1b'));
}

#[test]
fn wide_shows_every_value_in_full() {
    let s = render(&view(), Colors::Tags, Width::Wide);
    assert!(s.contains(&format!("9001  │ {URL} [green]")), "{s}");
}

#[test]
fn ansi_mode_paints_backgrounds() {
    let s = render(&view(), Colors::Ansi, Width::Fit(100));
    assert!(s.contains("\x1b[48;2;183;224;205m"), "{s:?}");
}

#[test]
fn emoji_take_two_columns() {
    let tab = TabView {
        title: "Dashboard".into(),
        rows: vec![
            vec![("State".into(), None), ("n".into(), None)],
            vec![("🟩 ready".into(), None), ("3".into(), None)],
            vec![
                ("🟥 at risk, and a long way from ready".into(), None),
                ("1".into(), None),
            ],
        ],
    };
    let s = render(&tab, Colors::Tags, Width::Fit(40));
    for line in s.lines().skip(1) {
        assert_eq!(line.width(), line.width().min(40), "{s}");
    }
    // The separators line up: each row's `│` sits at the same display column.
    let at: Vec<usize> = s
        .lines()
        .skip(1)
        .map(|l| l[..l.find('│').unwrap()].width())
        .collect();
    assert!(at.windows(2).all(|w| w[0] == w[1]), "{s}");
    assert!(
        s.contains("🟥 at risk, and a long way from rea… │ 1"),
        "{s}"
    );
}

#[test]
fn too_many_columns_print_in_parts_that_repeat_the_first() {
    let header: Vec<(String, Option<Rgb>)> = (0..12)
        .map(|c| (format!("Column {c:02} header"), None))
        .collect();
    let tab = TabView {
        title: "Enhancements".into(),
        rows: vec![header],
    };
    let s = render(&tab, Colors::Tags, Width::Fit(100));
    assert!(widest(&s) <= 100, "{s}");
    assert!(s.contains("\n── Enhancements, continued ──\n"), "{s}");
    let parts: Vec<&str> = s.lines().filter(|l| l.starts_with("Column 00")).collect();
    assert_eq!(parts.len(), 2, "{s}");
    assert!(parts[1].contains("Column 11"), "{s}");
    let one = render(&tab, Colors::Tags, Width::Wide);
    assert_eq!(one.lines().count(), 2, "{one}");
}

#[test]
fn share_cuts_the_widest_first() {
    assert_eq!(share(&[5, 30, 10], &[5, 8, 8], 45), vec![5, 30, 10]);
    assert_eq!(share(&[5, 30, 10], &[5, 8, 8], 30), vec![5, 15, 10]);
    assert_eq!(share(&[5, 30, 30], &[5, 8, 8], 30), vec![5, 13, 12]);
}

#[test]
fn width_is_columns_else_the_terminal_else_100() {
    assert_eq!(fit_width(Some("80"), Some(200)), 80);
    assert_eq!(fit_width(Some("junk"), Some(200)), 200);
    assert_eq!(fit_width(None, None), 100);
    assert_eq!(fit_width(Some("0"), None), 100);
    assert_eq!(fit_width(Some("10"), None), MIN_WIDTH);
}

#[test]
fn long_lines_fold_at_spaces_and_long_words_are_cut() {
    let line = "Enhancements row 2 (#9007): Proposal \"\" → \"https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/9007\" (linked) [green]\nshort\n";
    let folded = wrap(line, Width::Fit(40));
    assert!(widest(&folded) <= 40, "{folded}");
    assert!(
        folded.starts_with(
            "Enhancements row 2 (#9007): Proposal \"\"\n    → \"https://github.com/kubernetes/enh\n"
        ),
        "{folded}"
    );
    assert!(folded.ends_with("\nshort\n"), "{folded}");
    let joined: String = folded.split_whitespace().collect();
    let original: String = line.split_whitespace().collect();
    assert_eq!(joined, original, "nothing is lost");
    assert_eq!(wrap(line, Width::Wide), line);
}
