//! `kepsync init [--from SPREADSHEET_ID] [--dry-run]`: reads the spreadsheet (and the previous
//! one), prints the preparation plan and applies it as one batchUpdate.

use super::tools::sheets_adapter;
use crate::config::Config;
use crate::init::{self, InitPlan, SheetState, TabSpec};
use crate::sheets::SheetsAdapter;
use anyhow::Context;

/// What `kepsync init` was asked.
#[derive(Debug, Clone, Default)]
pub struct InitArgs {
    /// The previous release's spreadsheet to roll over from.
    pub from: Option<String>,
    /// Print the plan only.
    pub dry_run: bool,
}

/// Runs the command; returns the plan (applied unless `dry_run`).
pub async fn init(config: &Config, args: &InitArgs) -> anyhow::Result<InitPlan> {
    let specs = init::specs(config);
    let sheets = sheets_adapter(config, &config.spreadsheet_id).await?;
    let target = read(&sheets, &specs)
        .await
        .with_context(|| format!("reading spreadsheet {}", config.spreadsheet_id))?;
    let previous = match &args.from {
        Some(id) => {
            let prev = sheets_adapter(config, id).await?;
            Some(
                read(&prev, &specs)
                    .await
                    .with_context(|| format!("reading the previous spreadsheet {id}"))?,
            )
        }
        None => None,
    };
    let plan = init::plan_init(&target, &specs, previous.as_ref());
    print!("{plan}");
    if args.dry_run || plan.is_empty() {
        if !plan.is_empty() {
            println!("(dry run: nothing was written)");
        }
        return Ok(plan);
    }
    sheets
        .apply(crate::sheets::apply::init::to_requests(&plan))
        .await
        .with_context(|| format!("preparing spreadsheet {}", config.spreadsheet_id))?;
    println!("applied {} change(s) in one batchUpdate", plan.steps.len());
    Ok(plan)
}

/// Two reads: the tab list, then the tabs `init` knows, whole.
async fn read(sheets: &SheetsAdapter, specs: &[TabSpec]) -> anyhow::Result<SheetState> {
    let existing: Vec<String> = sheets
        .tab_layouts()
        .await?
        .into_iter()
        .map(|l| l.title)
        .collect();
    let wanted: Vec<String> = specs.iter().map(|s| s.title.clone()).collect();
    let ranges = crate::sheets::init_read::ranges(&existing, &wanted);
    let ss = sheets
        .read(&ranges, crate::sheets::init_read::INIT_FIELDS)
        .await?;
    Ok(crate::sheets::init_read::read_state(&ss))
}
