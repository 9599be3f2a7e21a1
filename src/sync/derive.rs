//! What each kepsync-owned cell should say for one enhancement, derived from GitHub and the KEP.

use crate::keps::Stage;
use crate::model::{IssueFacts, OpenKepPr};
use crate::sheet::Rgb;

/// The facts of a merged KEP that the sheet shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KepView {
    /// Path of the kep.yaml, relative to the repository root.
    pub yaml_path: String,
    /// `status` as written ("" when missing).
    pub status: String,
    /// `stage` as written ("" when missing).
    pub stage: String,
    /// `owning-sig` as written ("" when missing).
    pub owning_sig: String,
    /// False when the kep.yaml could not be read or parsed at all.
    pub readable: bool,
}

/// A value for one cell: its text, and optionally its link and fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fill {
    pub text: String,
    pub link: Option<String>,
    pub background: Option<Rgb>,
    /// A placeholder ("none"): written into a blank cell, but never replaces what a person typed.
    pub soft: bool,
}

impl Fill {
    fn text(text: impl Into<String>) -> Fill {
        Fill {
            text: text.into(),
            link: None,
            background: None,
            soft: false,
        }
    }

    fn colored(text: impl Into<String>, color: Rgb) -> Fill {
        Fill {
            background: Some(color),
            ..Fill::text(text)
        }
    }

    fn soft(mut self) -> Fill {
        self.soft = true;
        self
    }

    fn linked(mut self, link: String) -> Fill {
        self.link = Some(link);
        self
    }
}

/// The derived values of every kepsync-owned column; `None` = cannot derive, leave the cell alone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Derived {
    pub name: Option<Fill>,
    pub sig: Option<Fill>,
    pub kep_assignee: Option<Fill>,
    pub proposal: Option<Fill>,
    pub kep_state: Option<Fill>,
    pub stage: Option<Fill>,
}

/// Derives the owned cells for `issue`, its merged KEP (if any) and the open KEP PR (if any).
pub fn derive(
    repo: &str,
    issue: &IssueFacts,
    kep: Option<&KepView>,
    open_pr: Option<&OpenKepPr>,
) -> Derived {
    Derived {
        name: Some(Fill::text(issue.title.trim()).linked(issue.url.clone())),
        sig: sig(issue, kep),
        kep_assignee: (!issue.assignees.is_empty()).then(|| Fill::text(issue.assignees.join(", "))),
        proposal: Some(proposal(repo, kep, open_pr)),
        kep_state: Some(kep_state(kep)),
        stage: stage(issue, kep),
    }
}

fn sig(issue: &IssueFacts, kep: Option<&KepView>) -> Option<Fill> {
    let from_kep = kep
        .map(|k| k.owning_sig.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let from_label = || {
        issue
            .label_values("sig")
            .next()
            .map(|s| format!("sig-{}", s.trim()))
    };
    from_kep.or_else(from_label).map(Fill::text)
}

fn stage(issue: &IssueFacts, kep: Option<&KepView>) -> Option<Fill> {
    let from_kep = kep
        .map(|k| k.stage.trim().to_ascii_lowercase())
        .filter(|s| Stage::parse(s).is_some());
    let from_label = || {
        issue
            .label_values("stage")
            .map(|s| s.trim().to_ascii_lowercase())
            .find(|s| Stage::parse(s).is_some())
    };
    from_kep.or_else(from_label).map(Fill::text)
}

fn proposal(repo: &str, kep: Option<&KepView>, open_pr: Option<&OpenKepPr>) -> Fill {
    if let Some(k) = kep {
        let folder = k
            .yaml_path
            .rsplit_once('/')
            .map(|(dir, _)| dir)
            .unwrap_or(&k.yaml_path);
        let url = format!("https://github.com/{repo}/tree/master/{folder}");
        return Fill::colored(url.clone(), Rgb::GREEN).linked(url);
    }
    if let Some(pr) = open_pr {
        return Fill::colored(pr.url.clone(), Rgb::YELLOW).linked(pr.url.clone());
    }
    Fill::colored("none", Rgb::RED).soft()
}

/// KEP State: the status as written, coloured by what it means for the release.
fn kep_state(kep: Option<&KepView>) -> Fill {
    let Some(k) = kep else {
        return Fill::colored("none", Rgb::RED).soft();
    };
    if !k.readable {
        return Fill::colored("invalid", Rgb::RED);
    }
    let status = k.status.trim();
    let color = match status.to_ascii_lowercase().as_str() {
        "implementable" | "implemented" => Rgb::GREEN,
        "provisional" => Rgb::YELLOW,
        _ => Rgb::RED,
    };
    if status.is_empty() {
        return Fill::colored("invalid", Rgb::RED);
    }
    Fill::colored(status, color)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn issue(n: u64, labels: &[&str]) -> IssueFacts {
        IssueFacts {
            number: n,
            title: format!(" KEP {n} title "),
            url: format!("https://github.com/kubernetes/enhancements/issues/{n}"),
            open: true,
            assignees: vec!["alice".into(), "bob".into()],
            labels: labels.iter().map(|s| s.to_string()).collect(),
            milestone: Some("v1.37".into()),
            linked_prs: vec![],
        }
    }

    pub(crate) fn kep(n: u64, status: &str, stage: &str) -> KepView {
        KepView {
            yaml_path: format!("keps/sig-node/{n}-thing/kep.yaml"),
            status: status.into(),
            stage: stage.into(),
            owning_sig: "sig-node".into(),
            readable: true,
        }
    }

    fn pr(n: u64) -> OpenKepPr {
        OpenKepPr {
            number: 5001,
            title: "KEP".into(),
            url: "https://github.com/kubernetes/enhancements/pull/5001".into(),
            files: vec![format!("keps/sig-node/{n}-thing/kep.yaml")],
        }
    }

    const REPO: &str = "kubernetes/enhancements";

    #[test]
    fn merged_implementable_kep_is_green_green() {
        let d = derive(
            REPO,
            &issue(1, &["sig/storage"]),
            Some(&kep(1, "implementable", "beta")),
            Some(&pr(1)),
        );
        let p = d.proposal.unwrap();
        assert_eq!(
            p.text,
            "https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/1-thing"
        );
        assert_eq!(p.background, Some(Rgb::GREEN));
        assert_eq!(
            d.kep_state.unwrap(),
            Fill::colored("implementable", Rgb::GREEN)
        );
        assert_eq!(
            d.sig.unwrap().text,
            "sig-node",
            "owning-sig wins over the label"
        );
        assert_eq!(d.stage.unwrap().text, "beta");
        let name = d.name.unwrap();
        assert_eq!(name.text, "KEP 1 title");
        assert_eq!(
            name.link.as_deref(),
            Some("https://github.com/kubernetes/enhancements/issues/1")
        );
        assert_eq!(d.kep_assignee.unwrap().text, "alice, bob");
    }

    #[test]
    fn pr_in_flight_is_yellow_and_state_none_red_soft() {
        let d = derive(
            REPO,
            &issue(2, &["sig/node", "stage/alpha"]),
            None,
            Some(&pr(2)),
        );
        assert_eq!(d.proposal.as_ref().unwrap().background, Some(Rgb::YELLOW));
        assert!(d.proposal.unwrap().text.ends_with("/pull/5001"));
        let state = d.kep_state.unwrap();
        assert_eq!(
            (state.text.as_str(), state.background, state.soft),
            ("none", Some(Rgb::RED), true)
        );
        assert_eq!(d.sig.unwrap().text, "sig-node");
        assert_eq!(d.stage.unwrap().text, "alpha");
    }

    #[test]
    fn no_kep_no_pr_is_red_and_soft() {
        let mut i = issue(3, &[]);
        i.assignees.clear();
        let d = derive(REPO, &i, None, None);
        let p = d.proposal.unwrap();
        assert_eq!((p.background, p.soft), (Some(Rgb::RED), true));
        assert_eq!(d.sig, None, "nothing to derive: leave what people typed");
        assert_eq!(d.stage, None);
        assert_eq!(d.kep_assignee, None);
    }

    #[test]
    fn states_are_coloured_by_meaning() {
        let color = |status: &str| {
            derive(REPO, &issue(4, &[]), Some(&kep(4, status, "")), None)
                .kep_state
                .unwrap()
        };
        assert_eq!(color("provisional").background, Some(Rgb::YELLOW));
        assert_eq!(color("implemented").background, Some(Rgb::GREEN));
        for red in [
            "withdrawn",
            "rejected",
            "replaced",
            "deferred",
            "imlpemented",
            "implemented (alpha)",
        ] {
            let f = color(red);
            assert_eq!(
                (f.text.as_str(), f.background),
                (red, Some(Rgb::RED)),
                "{red}"
            );
        }
        assert_eq!(color("").text, "invalid");
        let mut broken = kep(4, "implementable", "beta");
        broken.readable = false;
        let f = derive(REPO, &issue(4, &[]), Some(&broken), None)
            .kep_state
            .unwrap();
        assert_eq!(
            (f.text.as_str(), f.background, f.soft),
            ("invalid", Some(Rgb::RED), false)
        );
    }

    #[test]
    fn out_of_list_stage_falls_back_to_label() {
        let d = derive(
            REPO,
            &issue(5, &["stage/beta"]),
            Some(&kep(5, "implementable", "alpha (deprecated)")),
            None,
        );
        assert_eq!(d.stage.unwrap().text, "beta");
    }
}
