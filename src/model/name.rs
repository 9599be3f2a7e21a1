//! The one rule for matching names people type (tab titles, headers, Status words): case and
//! whitespace are ignored.

/// A name as it is matched: no whitespace, lower case.
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// True when `a` and `b` name the same thing.
pub fn same_name(a: &str, b: &str) -> bool {
    fold(a) == fold(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_spaces_are_ignored() {
        assert!(same_name(
            " Removed From\tMilestone ",
            "removedfrommilestone"
        ));
        assert!(!same_name("Tracked", "Trackd"));
        assert_eq!(fold("At Risk"), "atrisk");
    }
}
