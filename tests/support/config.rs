//! The one writer of kepsync config files for tests: a small builder over a TOML table, so a test
//! says which keys it sets (`set("github.write", true)`) instead of formatting a whole file.

use std::path::Path;

/// A kepsync config being built: keys are dotted paths (`"google.base-url"`, `"state-dir"`).
#[derive(Debug, Clone, Default)]
pub struct ConfigToml(toml::Table);

impl ConfigToml {
    /// `spreadsheet-id` and `release = "v1.37"`, nothing else.
    pub fn new(spreadsheet_id: &str) -> ConfigToml {
        ConfigToml::default()
            .set("spreadsheet-id", spreadsheet_id)
            .set("release", "v1.37")
    }

    /// Sets `path` (a dotted key: `section.key`) to `value`, creating the section if needed.
    pub fn set(mut self, path: &str, value: impl Into<toml::Value>) -> ConfigToml {
        let mut keys: Vec<&str> = path.split('.').collect();
        let last = keys.pop().expect("a key");
        let mut table = &mut self.0;
        for key in keys {
            table = table
                .entry(key)
                .or_insert_with(|| toml::Value::Table(toml::Table::new()))
                .as_table_mut()
                .unwrap_or_else(|| panic!("{key} is not a section"));
        }
        table.insert(last.to_string(), value.into());
        self
    }

    /// Sets `path` to a file path, as text.
    pub fn set_path(self, path: &str, value: &Path) -> ConfigToml {
        self.set(path, value.to_string_lossy().into_owned())
    }

    /// Removes `path` (a key or a whole section), if it is there.
    pub fn remove(mut self, path: &str) -> ConfigToml {
        let mut keys: Vec<&str> = path.split('.').collect();
        let last = keys.pop().expect("a key");
        let mut table = Some(&mut self.0);
        for key in keys {
            table = table
                .and_then(|t| t.get_mut(key))
                .and_then(|v| v.as_table_mut());
        }
        if let Some(t) = table {
            t.remove(last);
        }
        self
    }

    /// Every key of `other` set over these (sections merged key by key).
    pub fn merged(self, other: &ConfigToml) -> ConfigToml {
        fn merge(into: &mut toml::Table, from: &toml::Table) {
            for (k, v) in from {
                match (into.get_mut(k), v) {
                    (Some(toml::Value::Table(a)), toml::Value::Table(b)) => merge(a, b),
                    _ => {
                        into.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        let mut out = self;
        merge(&mut out.0, &other.0);
        out
    }

    /// The file's text.
    pub fn text(&self) -> String {
        self.0.to_string()
    }

    /// Writes the file as `name` in `dir`, returning its path as a string.
    pub fn write(&self, dir: &Path, name: &str) -> String {
        crate::support::process::write(dir, name, &self.text())
    }

    /// The parsed config, for in-process kepsyncs.
    pub fn to_config(&self) -> kepsync::config::Config {
        kepsync::config::Config::from_toml(&self.text(), Path::new("(test)"), Vec::new())
            .unwrap_or_else(|e| panic!("test config: {e}\n{}", self.text()))
    }
}
