//! The Sheets adapter tests' spreadsheet (kepsync's tabs, formulas, colours, an odd tab name)
//! served in-process by the world builder, and an adapter config pointing at it.

use crate::support::world::World;
use kepsync::sheets::{RetryPolicy, SheetsAdapter, SheetsConfig};
use serde_json::{Value, json};
use sheets_emulator::SheetsEmulator;
use sheets_emulator::emulator_kit::{FaultSpec, Server};
use std::time::Duration;

pub const ID: &str = "1kepsyncTestSheet_0123456789";
/// A tab name with a space, a quote, `#`, `/` and an emoji.
pub const ODD: &str = "Bob's #1 / 🌵 tab";

pub fn tabs() -> Vec<String> {
    [
        "KEP Collection",
        "Enhancements",
        "Removed from Milestone",
        "Docs",
        ODD,
    ]
    .map(String::from)
    .to_vec()
}

pub fn seed() -> Value {
    json!({"spreadsheetId": ID, "sheets": [
        {"title": "KEP Collection", "frozenRowCount": 1,
         "rows": [["KEP", "Title", "Stage"], ["1234", "Sidecars", {"formula": "=1+1"}], ["99", "=not a formula"]],
         "backgrounds": [[null], ["#B7E0CD", null, null], [null, "#F4C7C3"]],
         "links": [[null], ["https://github.com/kubernetes/enhancements/issues/1234"]]},
        {"title": "Enhancements", "rows": [["Issue", "Status"], ["", "", "gap before"]]},
        {"title": "Removed from Milestone", "rows": []},
        {"title": "Docs", "rows": [["docs"]], "notes": [["a note"]]},
        {"title": ODD, "sheetId": 777, "rows": [["odd"]]},
    ]})
}

pub struct Env {
    pub emu: SheetsEmulator,
    pub server: Server,
}

impl Env {
    pub async fn start() -> Env {
        let (emu, server) = World::new(seed()).serve_sheets().await;
        Env { emu, server }
    }

    pub fn config(&self) -> SheetsConfig {
        SheetsConfig {
            spreadsheet_id: ID.into(),
            base_url: Some(format!("{}/", self.server.url())),
            token: Some("test-token".into()),
            retry: fast_retry(),
            ..SheetsConfig::default()
        }
    }

    pub async fn adapter(&self) -> SheetsAdapter {
        SheetsAdapter::connect(self.config())
            .await
            .expect("adapter connects")
    }

    pub fn fault(&self, spec: Value) {
        let spec: FaultSpec = serde_json::from_value(spec).expect("valid fault");
        self.emu.faults().add(spec);
    }

    pub fn dump(&self) -> Value {
        self.emu.dump(ID).expect("spreadsheet exists")
    }
}

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(50),
        budget: Duration::from_secs(10),
        request_timeout: Duration::from_secs(5),
    }
}
