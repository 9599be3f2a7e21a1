//! What `kepsync init` plans: its steps, per tab, in order.

/// One change; `title` and `sheet_id` name the tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    AddTab {
        title: String,
        sheet_id: i32,
        rows: u32,
        columns: u32,
    },
    AddColumns {
        title: String,
        sheet_id: i32,
        count: u32,
    },
    AddRows {
        title: String,
        sheet_id: i32,
        count: u32,
    },
    WriteHeaders {
        title: String,
        sheet_id: i32,
        row: u32,
        col: u32,
        headers: Vec<String>,
    },
    /// Rows copied from the previous release's `data` tab: (column, text) cells per row.
    CopyRows {
        title: String,
        sheet_id: i32,
        at_row: u32,
        rows: Vec<Vec<(u32, String)>>,
    },
    Bold {
        title: String,
        sheet_id: i32,
        row: u32,
        columns: u32,
    },
    Freeze {
        title: String,
        sheet_id: i32,
        rows: u32,
    },
    StatusDropdown {
        title: String,
        sheet_id: i32,
        col: u32,
        from_row: u32,
        to_row: u32,
        /// The words offered (the configured vocabulary's).
        values: Vec<String>,
    },
    ProtectHeader {
        title: String,
        sheet_id: i32,
        rows: u32,
    },
}

impl Step {
    /// Requests go in this order: grid changes first, protection last.
    pub(super) fn rank(&self) -> u8 {
        match self {
            Step::AddTab { .. } => 0,
            Step::AddColumns { .. } | Step::AddRows { .. } => 1,
            Step::WriteHeaders { .. } | Step::CopyRows { .. } => 2,
            Step::Bold { .. } | Step::Freeze { .. } => 3,
            Step::StatusDropdown { .. } => 4,
            Step::ProtectHeader { .. } => 5,
        }
    }
}

/// Everything `init` would change, and what it chose not to touch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InitPlan {
    pub steps: Vec<Step>,
    pub notes: Vec<String>,
}

impl InitPlan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}
