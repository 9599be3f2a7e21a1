//! A KEP's README.md scanned line by line for the sections the release team checks.

use serde::Serialize;

/// What the README shows. With no README, `found` is false and every section is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReadmeFindings {
    /// A README.md sits beside kep.yaml.
    pub found: bool,
    /// `## Release Signoff Checklist`, if present.
    pub signoff_checklist: Option<Checklist>,
    /// `### Test Plan`, if present.
    pub test_plan: Option<TestPlan>,
    /// `### Graduation Criteria`, if present.
    pub graduation_criteria: Option<Graduation>,
    /// `## Production Readiness Review Questionnaire` is present.
    pub prr_questionnaire: bool,
    /// `## Implementation History` is present.
    pub implementation_history: bool,
}

/// Checkboxes of the Release Signoff Checklist.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Checklist {
    pub ticked: u32,
    pub total: u32,
}

/// The Test Plan section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TestPlan {
    /// The "I/we understand the owners…" box: ticked, unticked, or `None` when missing.
    pub acknowledged: Option<bool>,
    pub unit_tests: bool,
    pub integration_tests: bool,
    pub e2e_tests: bool,
}

/// The Graduation Criteria section and its stage subsections (`alpha`, `beta`, `ga`, `deprecation`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Graduation {
    pub stages: Vec<String>,
}

/// The section a line belongs to, with the heading level that opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Checklist(usize),
    TestPlan(usize),
    Graduation(usize),
}

impl Section {
    fn level(self) -> usize {
        match self {
            Section::Other => 0,
            Section::Checklist(l) | Section::TestPlan(l) | Section::Graduation(l) => l,
        }
    }
}

/// Scans README text. Checkboxes inside code fences or HTML comments are ignored.
pub fn scan_readme(text: &str) -> ReadmeFindings {
    let mut scan = Scanner {
        found: ReadmeFindings {
            found: true,
            ..ReadmeFindings::default()
        },
        section: Section::Other,
        in_fence: false,
        comment_end: 0,
    };
    let base = text.as_ptr() as usize;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with(INTERESTING) {
            scan.line(text, trimmed.as_ptr() as usize - base, trimmed);
        }
    }
    scan.found
}

/// First characters of the lines the scanner acts on (headings, boxes, fences, comments); prose is skipped.
const INTERESTING: [char; 7] = ['#', '-', '*', '[', '`', '~', '<'];

struct Scanner {
    found: ReadmeFindings,
    section: Section,
    in_fence: bool,
    /// Byte offset just past the `-->` closing the current HTML comment; earlier lines are hidden.
    comment_end: usize,
}

impl Scanner {
    /// Acts on one line, already trimmed, starting at byte `at` of `text`.
    ///
    /// Headings count wherever they are (an unclosed comment or fence must not hide the rest of
    /// the file, and kubernetes/enhancements' own TOC check reads headings the same way);
    /// checkboxes count only where readers see them.
    fn line(&mut self, text: &str, at: usize, trimmed: &str) {
        let hidden = self.skip_hidden(text, at, trimmed);
        if let Some((level, title)) = heading(trimmed) {
            self.heading(level, &title.to_ascii_lowercase());
        } else if !hidden && let Some(ticked) = checkbox(trimmed) {
            self.checkbox(ticked, trimmed);
        }
    }

    /// Tracks comments and fences; true when the line is hidden from readers. The end of a
    /// comment is found with one search from its start, not a search per line.
    fn skip_hidden(&mut self, text: &str, at: usize, trimmed: &str) -> bool {
        if at < self.comment_end {
            return true;
        }
        if self.in_fence {
            self.in_fence = !is_closing_fence(trimmed);
            return true;
        }
        if is_opening_fence(trimmed) {
            self.in_fence = true;
            return true;
        }
        if trimmed.starts_with("<!--") {
            let from = at + 4;
            let close = text.get(from..).and_then(|rest| rest.find("-->"));
            self.comment_end = close.map_or(text.len(), |i| from + i + 3);
            return true;
        }
        false
    }

    fn heading(&mut self, level: usize, title: &str) {
        if self.section != Section::Other && level <= self.section.level() {
            self.section = Section::Other;
        }
        if self.top_section(level, title) {
            return;
        }
        match self.section {
            Section::TestPlan(_) => self.test_plan_subsection(title),
            Section::Graduation(_) => self.graduation_subsection(title),
            Section::Checklist(_) | Section::Other => {}
        }
    }

    /// Opens a checked section when the title names one (at any level); false otherwise.
    fn top_section(&mut self, level: usize, title: &str) -> bool {
        let f = &mut self.found;
        if title.starts_with("release signoff checklist") {
            f.signoff_checklist.get_or_insert_default();
            self.section = Section::Checklist(level);
        } else if title.starts_with("test plan") {
            f.test_plan.get_or_insert_default();
            self.section = Section::TestPlan(level);
        } else if title.starts_with("graduation criteria") {
            f.graduation_criteria.get_or_insert_default();
            self.section = Section::Graduation(level);
        } else if title.starts_with("production readiness review questionnaire") {
            f.prr_questionnaire = true;
        } else if title.starts_with("implementation history") {
            f.implementation_history = true;
        } else {
            return false;
        }
        true
    }

    fn test_plan_subsection(&mut self, title: &str) {
        let Some(plan) = self.found.test_plan.as_mut() else {
            return;
        };
        if title.starts_with("unit test") {
            plan.unit_tests = true;
        } else if title.starts_with("integration test") {
            plan.integration_tests = true;
        } else if title.starts_with("e2e test") || title.starts_with("end-to-end test") {
            plan.e2e_tests = true;
        }
    }

    fn graduation_subsection(&mut self, title: &str) {
        let Some(graduation) = self.found.graduation_criteria.as_mut() else {
            return;
        };
        if let Some(stage) = graduation_stage(title)
            && !graduation.stages.iter().any(|s| s == stage)
        {
            graduation.stages.push(stage.to_owned());
        }
    }

    fn checkbox(&mut self, ticked: bool, line: &str) {
        match self.section {
            Section::Checklist(_) => {
                if let Some(list) = self.found.signoff_checklist.as_mut() {
                    list.total += 1;
                    list.ticked += u32::from(ticked);
                }
            }
            Section::TestPlan(_) if line.contains("understand the owners") => {
                if let Some(plan) = self.found.test_plan.as_mut() {
                    plan.acknowledged = Some(ticked);
                }
            }
            _ => {}
        }
    }
}

/// A line opening a code block: three backticks (or tildes) and an info string without backticks.
fn is_opening_fence(line: &str) -> bool {
    let rest = line
        .strip_prefix("```")
        .or_else(|| line.strip_prefix("~~~"));
    rest.is_some_and(|rest| !rest.contains('`'))
}

/// A line closing a code block: only backticks or tildes.
fn is_closing_fence(line: &str) -> bool {
    let line = line.trim_end();
    line.len() >= 3 && (line.bytes().all(|b| b == b'`') || line.bytes().all(|b| b == b'~'))
}

/// `## Title` → (2, "Title"). Needs a space (or nothing) after the hashes.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &line[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim()))
}

/// `- [ ] …`, `* [x] …` or a bare `[X] …` → whether ticked.
fn checkbox(line: &str) -> Option<bool> {
    let rest = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .unwrap_or(line)
        .trim_start();
    let inner = rest.strip_prefix('[')?.get(..2)?;
    match inner {
        " ]" => Some(false),
        "x]" | "X]" => Some(true),
        _ => None,
    }
}

/// A Graduation Criteria subsection title → the stage it covers.
fn graduation_stage(title: &str) -> Option<&'static str> {
    let first = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| !w.is_empty())?;
    match first {
        "alpha" => Some("alpha"),
        "beta" => Some("beta"),
        "ga" | "stable" | "general" => Some("ga"),
        "deprecation" | "deprecated" => Some("deprecation"),
        "removal" | "removed" => Some("removal"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const README: &str = "# KEP-1: x
## Release Signoff Checklist
<!--
- [ ] hidden box in a comment
-->
- [x] (R) Enhancement issue in release milestone
- [ ] (R) KEP approvers have approved
  - [X] e2e Tests for all Beta API Operations
## Summary
- [ ] not in the checklist
## Design Details
### Test Plan
[x] I/we understand the owners of the involved components may require updates
##### Unit tests
##### Integration tests
```
- [ ] a box in a fence is not counted
```
### Graduation Criteria
#### Alpha
#### Beta
#### GA
## Production Readiness Review Questionnaire
## Implementation History
";

    #[test]
    fn finds_the_sections_the_release_team_checks() {
        let f = scan_readme(README);
        assert!(f.found);
        assert_eq!(
            f.signoff_checklist,
            Some(Checklist {
                ticked: 2,
                total: 3
            })
        );
        let plan = f.test_plan.expect("test plan");
        assert_eq!(plan.acknowledged, Some(true));
        assert!(plan.unit_tests && plan.integration_tests && !plan.e2e_tests);
        let unclosed = scan_readme("<!-- never closed\n- [ ] hidden\n## Test Plan\n");
        assert!(unclosed.test_plan.is_some());
        let inline = scan_readme(
            "## Release Signoff Checklist\n<!-- note --> \n- [x] a\n<!--\n- [ ] b\n  -->\n- [ ] c\n",
        );
        assert_eq!(
            inline.signoff_checklist,
            Some(Checklist {
                ticked: 1,
                total: 2
            })
        );
        assert_eq!(
            f.graduation_criteria.expect("graduation").stages,
            ["alpha", "beta", "ga"]
        );
        assert!(f.prr_questionnaire && f.implementation_history);
    }

    #[test]
    fn unticked_and_missing_acknowledgement_differ() {
        let unticked = scan_readme("### Test Plan\n[ ] I/we understand the owners of x\n");
        assert_eq!(unticked.test_plan.unwrap().acknowledged, Some(false));
        let missing = scan_readme("### Test Plan\nWe will test.\n");
        assert_eq!(missing.test_plan.unwrap().acknowledged, None);
    }

    #[test]
    fn a_readme_without_sections_finds_nothing() {
        let f = scan_readme("# Old KEP\nSome prose.\n");
        assert!(f.found);
        assert_eq!(f.signoff_checklist, None);
        assert_eq!(f.test_plan, None);
        assert!(!f.prr_questionnaire);
    }

    #[test]
    fn headings_need_a_space_after_the_hashes() {
        assert_eq!(heading("## Test Plan"), Some((2, "Test Plan")));
        assert_eq!(heading("#hashtag"), None);
        assert_eq!(checkbox("- [x] done"), Some(true));
        assert_eq!(checkbox("- [link](x)"), None);
    }
}
