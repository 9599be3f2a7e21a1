//! The checks: kubernetes/enhancements CI's rules (strict fields, required fields, PRR) and the ones CI forgets.

use super::aliases::{OwnersAliases, handle};
use super::kep_yaml::RawKep;
use super::milestone::{PRR_REQUIRED_FROM, parse_tolerant};
use super::model::Kep;
use super::problem::Problem;
use super::prr::PrrFile;
use super::status::{Stage, Status};
use std::collections::HashMap;

/// Keys allowed in the `milestone:` block.
const MILESTONE_KEYS: [&str; 6] = [
    "alpha",
    "beta",
    "stable",
    "deprecated",
    "removed",
    "disabled",
];

/// Strict-decoding and required-field checks on the file as written.
pub(crate) fn check_fields(raw: &RawKep) -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    problems.extend(raw.unknown_keys.iter().cloned().map(Problem::UnknownField));
    problems.extend(
        raw.repeated_keys
            .iter()
            .cloned()
            .map(Problem::RepeatedField),
    );
    for (field, value) in [
        ("title", &raw.title),
        ("kep-number", &raw.kep_number),
        ("owning-sig", &raw.owning_sig),
        ("status", &raw.status),
    ] {
        match value.as_deref() {
            None => problems.push(Problem::MissingField(field)),
            Some("") => problems.push(Problem::EmptyField(field)),
            Some(_) => {}
        }
    }
    for (field, value) in [("authors", &raw.authors), ("approvers", &raw.approvers)] {
        if value.is_none() {
            problems.push(Problem::MissingField(field));
        }
    }
    if let Some(block) = &raw.milestone {
        let unknown = block
            .keys()
            .filter(|k| !MILESTONE_KEYS.contains(&k.as_str()));
        problems.extend(unknown.cloned().map(Problem::UnknownMilestoneKey));
    }
    if let Some(value) = &raw.disable_supported
        && parse_bool(value).is_none()
        && !value.is_empty()
    {
        problems.push(Problem::NotABool(value.clone()));
    }
    problems
}

/// YAML booleans as yaml.v3 decodes them into a typed Go bool (YAML 1.1 forms included).
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "y" | "Y" | "on" | "On" | "ON" => {
            Some(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "n" | "N" | "off" | "Off" | "OFF" => {
            Some(false)
        }
        _ => None,
    }
}

/// The checks CI forgets: allowed values, implemented ⇒ stable, folder number = kep-number.
pub(crate) fn check_values(kep: &Kep, folder_number: Option<u64>) -> Vec<Problem> {
    let mut problems = Vec::new();
    if kep.number.is_none() && !kep.number_raw.is_empty() {
        problems.push(Problem::NotANumber(kep.number_raw.clone()));
    }
    if !kep.status.is_empty() && Status::parse(&kep.status).is_none() {
        problems.push(Problem::StatusNotAllowed(kep.status.clone()));
    }
    if !kep.stage.is_empty() && Stage::parse(&kep.stage).is_none() {
        problems.push(Problem::StageNotAllowed(kep.stage.clone()));
    }
    if Status::parse(&kep.status) == Some(Status::Implemented)
        && Stage::parse(&kep.stage) != Some(Stage::Stable)
    {
        problems.push(Problem::ImplementedNotStable(kep.stage.clone()));
    }
    if let (Some(folder), Some(number)) = (folder_number, kep.number)
        && folder != number
    {
        problems.push(Problem::FolderNumberDiffers { folder, number });
    }
    problems
}

/// Whether CI's PRR rule applies (`isPRRRequired` in kubernetes/enhancements `pkg/kepval`).
///
/// It applies to implementable/implemented KEPs unless latest-milestone reads as a version
/// before v1.21. A missing milestone or stage does not exempt; an unreadable milestone fails CI.
pub(crate) fn prr_required(kep: &Kep) -> Result<bool, Problem> {
    if !Status::parse(&kep.status).is_some_and(Status::needs_prr) {
        return Ok(false);
    }
    if kep.latest_milestone_raw.is_empty() || kep.stage.is_empty() {
        return Ok(true);
    }
    match parse_tolerant(&kep.latest_milestone_raw) {
        Some(version) => Ok(version >= PRR_REQUIRED_FROM),
        None => Err(Problem::PrrMilestoneUnreadable(
            kep.latest_milestone_raw.clone(),
        )),
    }
}

/// PRR files by path, as parsed.
pub(crate) type PrrFiles = HashMap<String, Result<PrrFile, String>>;

/// Path of the PRR file CI looks for: `keps/prod-readiness/<owning-sig>/<kep-number>.yaml`.
pub(crate) fn prr_path(kep: &Kep) -> String {
    format!(
        "keps/prod-readiness/{}/{}.yaml",
        kep.owning_sig, kep.number_raw
    )
}

/// CI's PRR check for a KEP that needs one. `aliases` `None` skips the membership check.
pub(crate) fn check_prr(
    kep: &Kep,
    prr: Option<&Result<PrrFile, String>>,
    aliases: Option<&OwnersAliases>,
) -> Option<Problem> {
    let path = prr_path(kep);
    let file = match prr {
        None => return Some(Problem::PrrFileMissing(path)),
        Some(Err(detail)) => {
            return Some(Problem::PrrFileBroken {
                path,
                detail: detail.clone(),
            });
        }
        Some(Ok(file)) => file,
    };
    if kep.stage.is_empty() {
        return Some(Problem::PrrStageMissing);
    }
    let approver = file.approvers.get(&kep.stage).map(String::as_str);
    let approver = approver.map(handle).unwrap_or_default();
    if approver.is_empty() {
        return Some(Problem::PrrApproverMissing {
            path,
            stage: kep.stage.clone(),
        });
    }
    match aliases {
        Some(aliases) if !aliases.is_prr_approver(approver) => {
            Some(Problem::PrrApproverNotListed {
                path,
                stage: kep.stage.clone(),
                approver: approver.to_owned(),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kep_yaml::parse_kep_yaml;

    fn kep(status: &str, stage: &str, milestone: &str) -> Kep {
        Kep {
            number: Some(1234),
            number_raw: "1234".into(),
            owning_sig: "sig-node".into(),
            status: status.into(),
            stage: stage.into(),
            latest_milestone_raw: milestone.into(),
            ..Kep::default()
        }
    }

    #[test]
    fn prr_rule_follows_ci() {
        assert_eq!(
            prr_required(&kep("implementable", "alpha", "v1.37")),
            Ok(true)
        );
        assert_eq!(
            prr_required(&kep("implemented", "stable", "1.21")),
            Ok(true)
        );
        assert_eq!(
            prr_required(&kep("implementable", "alpha", "v1.20")),
            Ok(false)
        );
        assert_eq!(
            prr_required(&kep("implementable", "alpha", "0.0")),
            Ok(false)
        );
        assert_eq!(
            prr_required(&kep("provisional", "alpha", "v1.37")),
            Ok(false)
        );
        assert_eq!(prr_required(&kep("implementable", "", "v1.10")), Ok(true));
        assert_eq!(prr_required(&kep("implementable", "beta", "")), Ok(true));
        assert!(prr_required(&kep("implementable", "beta", "TBD")).is_err());
    }

    #[test]
    fn prr_check_needs_file_approver_and_alias() {
        let aliases = OwnersAliases::parse("aliases:\n  prod-readiness-approvers: [deads2k]\n")
            .expect("parses");
        let k = kep("implementable", "beta", "v1.37");
        let file = |approver: &str| {
            let mut f = PrrFile::default();
            f.approvers.insert("beta".into(), approver.into());
            Ok(f)
        };
        assert!(matches!(
            check_prr(&k, None, Some(&aliases)),
            Some(Problem::PrrFileMissing(p)) if p == "keps/prod-readiness/sig-node/1234.yaml"
        ));
        assert_eq!(check_prr(&k, Some(&file("@deads2k")), Some(&aliases)), None);
        assert!(matches!(
            check_prr(&k, Some(&file("")), Some(&aliases)),
            Some(Problem::PrrApproverMissing { .. })
        ));
        assert!(matches!(
            check_prr(&k, Some(&file("@stranger")), Some(&aliases)),
            Some(Problem::PrrApproverNotListed { .. })
        ));
        assert_eq!(check_prr(&k, Some(&file("@stranger")), None), None);
        let broken = Err("bad".to_owned());
        assert!(matches!(
            check_prr(&k, Some(&broken), Some(&aliases)),
            Some(Problem::PrrFileBroken { .. })
        ));
    }

    #[test]
    fn required_fields_and_strictness() {
        let raw = parse_kep_yaml("title: \"\"\nkep-number: 1\nfoo: bar\nmilestone:\n  gamma: v1.2\ndisable-supported: maybe\n")
            .expect("parses");
        let problems = check_fields(&raw);
        assert!(problems.contains(&Problem::EmptyField("title")));
        assert!(problems.contains(&Problem::MissingField("owning-sig")));
        assert!(problems.contains(&Problem::MissingField("authors")));
        assert!(problems.contains(&Problem::UnknownField("foo".into())));
        assert!(problems.contains(&Problem::UnknownMilestoneKey("gamma".into())));
        assert!(problems.contains(&Problem::NotABool("maybe".into())));
    }

    #[test]
    fn checks_ci_forgets() {
        let mut k = kep("implemented", "beta", "v1.30");
        let problems = check_values(&k, Some(2043));
        assert!(problems.contains(&Problem::ImplementedNotStable("beta".into())));
        assert!(problems.contains(&Problem::FolderNumberDiffers {
            folder: 2043,
            number: 1234
        }));
        k.status = "imlpemented".into();
        k.stage = "alpha (deprecated)".into();
        let problems = check_values(&k, Some(1234));
        assert!(problems.contains(&Problem::StatusNotAllowed("imlpemented".into())));
        assert!(problems.contains(&Problem::StageNotAllowed("alpha (deprecated)".into())));
    }
}
