//! `kepsync demo`: the main job on the built-in sample, against in-process emulators, no credentials.

use crate::config::Config;
use crate::cycle::Mode;
use crate::demo::sample;
use crate::demo::table::{self, Colors, TabView, Width, render, wrap};
use crate::readiness::Timestamp;
use crate::sheet::Rgb;
use anyhow::Context;
use emulator_kit::Server;
use github_emulator::{GithubEmulator, Tree};
use sheets_emulator::SheetsEmulator;
use std::io::IsTerminal;
use std::path::Path;

/// The two emulators of a demo, seeded and serving on loopback.
pub struct DemoWorld {
    pub sheets: SheetsEmulator,
    pub github: GithubEmulator,
    pub sheets_server: Server,
    pub github_server: Server,
}

impl DemoWorld {
    /// Starts both emulators seeded with the built-in sample.
    pub async fn start() -> anyhow::Result<DemoWorld> {
        let sheets = SheetsEmulator::new();
        let seed: serde_json::Value =
            serde_json::from_str(sample::SHEET).context("sample sheet")?;
        sheets
            .load(seed)
            .map_err(|e| anyhow::anyhow!("loading the sample sheet: {e}"))?;
        let tree = Tree::from_files(
            sample::TREE
                .iter()
                .map(|(p, b)| (p.to_string(), b.to_vec()))
                .collect(),
        );
        let issues = serde_json::from_str(sample::ISSUES).context("sample issues")?;
        let pulls = serde_json::from_str(sample::PULLS).context("sample pulls")?;
        let github = GithubEmulator::new(tree, issues, pulls);
        let board = serde_json::from_str(sample::BOARD).context("sample board")?;
        github
            .put_project(&board)
            .map_err(|e| anyhow::anyhow!("seeding the sample board: {e}"))?;
        let sheets_server = Server::start("127.0.0.1:0", sheets.handler()).await?;
        let github_server = Server::start("127.0.0.1:0", github.handler()).await?;
        Ok(DemoWorld {
            sheets,
            github,
            sheets_server,
            github_server,
        })
    }

    /// A configuration pointing kepsync at the two emulators, with a release calendar around
    /// today (PRR Freeze two days ago, Enhancements Freeze in five), so the readiness checks run.
    pub fn config(&self) -> anyhow::Result<Config> {
        let day = |offset: i64| Timestamp(Timestamp::now().0 / 86_400 * 86_400 + offset * 86_400);
        let text = format!(
            "spreadsheet-id = \"kepsync-demo\"\nrelease = \"v1.37\"\n\
             [calendar]\nprr-freeze = \"{}\"\nenhancements-freeze = \"{}\"\n\
             [google]\ntoken = \"demo-token\"\nbase-url = \"{}/\"\n\
             [github]\nbase-url = \"{}\"\n\
             [board]\nowner = \"kubernetes\"\nnumber = 264\nwrite = true\npause-ms = 0\n",
            day(-2).rfc3339(),
            day(5).rfc3339(),
            self.sheets_server.url(),
            self.github_server.url()
        );
        Ok(Config::from_toml(&text, Path::new("(demo)"), Vec::new())?)
    }

    /// The sample board as it is now: one row per item, the fields kepsync reads and writes.
    pub fn board(&self) -> TabView {
        let fields = ["Issue Number", "Status", "Stage", "SIG", "PRR Status"];
        let mut rows = vec![fields.iter().map(|f| (f.to_string(), None)).collect()];
        let dump = self.github.project_dump("kubernetes", 264);
        for item in dump.iter().flat_map(|d| &d.items) {
            let value = |f: &str| {
                let v = item.values.get(f);
                let text = v.and_then(|v| v.as_str()).unwrap_or_default();
                (text.to_string(), None)
            };
            rows.push(fields.iter().map(|f| value(f)).collect());
        }
        let title = dump.map_or_else(|| "board".to_string(), |d| format!("{} (board)", d.title));
        TabView { title, rows }
    }

    /// The sample spreadsheet's tabs as they are now.
    pub fn tabs(&self) -> Vec<TabView> {
        self.sheets
            .dump("kepsync-demo")
            .map(|d| tab_views(&d))
            .unwrap_or_default()
    }
}

/// How wide the demo prints: every value in full with `wide`, else the width of `COLUMNS`, of
/// the terminal, or 100 columns when stdout is not a terminal.
pub fn output_width(wide: bool) -> Width {
    if wide {
        return Width::Wide;
    }
    let stdout = std::io::stdout();
    let terminal = stdout
        .is_terminal()
        .then(|| terminal_size::terminal_size_of(&stdout))
        .flatten()
        .map(|(w, _)| usize::from(w.0));
    Width::Fit(table::fit_width(
        std::env::var("COLUMNS").ok().as_deref(),
        terminal,
    ))
}

/// Runs the demo: prints the sheet, one cycle's plan, the sheet after, and an idle second cycle,
/// every line within `width`.
pub async fn demo(width: Width) -> anyhow::Result<()> {
    let colors = if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Colors::Ansi
    } else {
        Colors::Tags
    };
    let say = |text: &str| print!("{}", wrap(text, width));
    let world = DemoWorld::start().await?;
    say(
        "kepsync demo: the built-in sample sheet and a made-up kubernetes/enhancements, served on loopback.\n\n",
    );
    if width != Width::Wide {
        say(
            "(long cells are shortened with …; `kepsync demo --wide` prints every value in full)\n\n",
        );
    }
    println!("BEFORE\n");
    world
        .tabs()
        .iter()
        .for_each(|t| println!("{}", render(t, colors, width)));
    println!("{}", render(&world.board(), colors, width));
    let syncer = super::connect_with_token(world.config()?, Some("demo-token".into())).await?;
    let first = syncer.cycle(Mode::Apply).await?;
    say("CYCLE 1: the plan kepsync applied in one atomic batchUpdate, then on the board\n\n");
    say(&first.plan.to_string());
    if let Some(board) = &first.board {
        say(&board.to_string());
    }
    say(&format!("{}\n\n", first.summary()));
    println!("AFTER\n");
    world
        .tabs()
        .iter()
        .for_each(|t| println!("{}", render(t, colors, width)));
    println!("{}", render(&world.board(), colors, width));
    let second = syncer.cycle(Mode::Apply).await?;
    say(&format!(
        "CYCLE 2 (nothing changed since): {}\n",
        second.summary()
    ));
    Ok(())
}

/// Tabs of an emulator dump (`{"sheets": [{"title", "rows", "backgrounds"}]}`) as printable views.
pub fn tab_views(dump: &serde_json::Value) -> Vec<TabView> {
    let empty = Vec::new();
    let sheets = dump["sheets"].as_array().unwrap_or(&empty);
    sheets
        .iter()
        .map(|s| {
            let rows = s["rows"].as_array().unwrap_or(&empty);
            let bgs = s["backgrounds"].as_array().unwrap_or(&empty);
            let rows = rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    let cells = row.as_array().unwrap_or(&empty);
                    cells
                        .iter()
                        .enumerate()
                        .map(|(c, v)| {
                            let text = v.as_str().map(str::to_string).unwrap_or_else(|| {
                                v["formula"]
                                    .as_str()
                                    .map(str::to_string)
                                    .unwrap_or_default()
                            });
                            let bg = bgs
                                .get(r)
                                .and_then(|b| b.get(c))
                                .and_then(|b| b.as_str())
                                .and_then(Rgb::from_hex);
                            (text, bg.filter(|c| *c != Rgb::WHITE))
                        })
                        .collect()
                })
                .collect();
            TabView {
                title: s["title"].as_str().unwrap_or("?").to_string(),
                rows,
            }
        })
        .collect()
}
