//! Batch outputs: `records.ndjson`, the CSV files and the SQLite database.
//!
//! Each writer writes to a temporary file (`NAME.tmp`) in the output folder
//! and renames it over the final name only when everything is written, so an
//! interrupted run leaves the previous complete outputs in place, never a
//! half-written file. The writers take records as parsed JSON
//! (`serde_json::Value`, as stored in the batch journal) so the same code
//! renders a single run and a merge of shards.

pub mod csv;
pub mod ndjson;
pub mod sqlite;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A file that could not be turned into a record: one row of `errors.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRow {
    /// The path as given.
    pub path: String,
    /// Hex SHA-256 of the file's bytes; empty when the file could not be read.
    pub sha256: String,
    /// [`Error::reason_code`](crate::Error::reason_code), e.g. `timeout`.
    pub reason: String,
    /// One sentence.
    pub message: String,
}

/// What the batch adds to a record's row in `reports.csv` and SQLite
/// `reports`: the identity fields (taken from the record, or computed from
/// its agency for a record of an older version) and the comparison with the
/// other reports of the same agency and year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFields {
    /// The canonical agency key.
    pub agency_key: Option<String>,
    /// The division the agency name determines.
    pub region: Option<crate::identity::Region>,
    /// The first copy's path, when this report is a copy of an earlier one
    /// (same agency key, year and cells).
    pub duplicate_of: Option<String>,
    /// The first version's path, when this report has the agency key and
    /// year of an earlier one but other cells.
    pub conflicts_with: Option<String>,
}

/// Which outputs to write. `records.ndjson` and the journal are always kept
/// as the batch's own state; `ndjson` here means the sorted `records.ndjson`.
///
/// ```
/// use xxgk::output::Formats;
/// let f: Formats = "csv,sqlite".parse().unwrap();
/// assert!(f.csv && f.sqlite && !f.ndjson);
/// assert!("xlsx".parse::<Formats>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// `records.ndjson`.
    pub ndjson: bool,
    /// `reports.csv`, `cells.csv`, `checks.csv`, `errors.csv`, `series.csv`.
    pub csv: bool,
    /// `xxgk.sqlite`.
    pub sqlite: bool,
}

impl Default for Formats {
    /// All formats.
    fn default() -> Self {
        Formats {
            ndjson: true,
            csv: true,
            sqlite: true,
        }
    }
}

impl FromStr for Formats {
    type Err = String;
    fn from_str(s: &str) -> Result<Formats, String> {
        let mut f = Formats {
            ndjson: false,
            csv: false,
            sqlite: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "ndjson" | "json" => f.ndjson = true,
                "csv" => f.csv = true,
                "sqlite" | "db" => f.sqlite = true,
                other => return Err(format!("unknown format {other:?} (ndjson, csv, sqlite)")),
            }
        }
        if !(f.ndjson || f.csv || f.sqlite) {
            return Err("no format chosen".into());
        }
        Ok(f)
    }
}

impl fmt::Display for Formats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut v = Vec::new();
        if self.ndjson {
            v.push("ndjson");
        }
        if self.csv {
            v.push("csv");
        }
        if self.sqlite {
            v.push("sqlite");
        }
        write!(f, "{}", v.join(","))
    }
}

/// A file written under a temporary name and renamed into place by
/// [`Staged::commit`].
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    dest: PathBuf,
}

impl Staged {
    /// Stages `dir/name` as `dir/name.tmp` (an old temporary file is removed).
    pub fn new(dir: &Path, name: &str) -> std::io::Result<Staged> {
        let dest = dir.join(name);
        let tmp = dir.join(format!("{name}.tmp"));
        if tmp.exists() {
            std::fs::remove_file(&tmp)?;
        }
        Ok(Staged { tmp, dest })
    }

    /// The temporary path to write to.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Renames the temporary file over the final name.
    pub fn commit(self) -> std::io::Result<()> {
        std::fs::rename(&self.tmp, &self.dest)
    }
}

/// A JSON value as CSV text: numbers and strings plainly, `null` empty,
/// arrays and objects as JSON.
///
/// ```
/// use serde_json::json;
/// assert_eq!(xxgk::output::cell_text(&json!(21)), "21");
/// assert_eq!(xxgk::output::cell_text(&json!(null)), "");
/// assert_eq!(xxgk::output::cell_text(&json!("甲")), "甲");
/// ```
pub fn cell_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A value's JSON form as text, without quotes for a string (for enums such
/// as [`CheckStatus`](crate::record::CheckStatus)).
///
/// ```
/// use xxgk::record::CheckStatus;
/// assert_eq!(xxgk::output::enum_text(&CheckStatus::NotAssessable), "not_assessable");
/// ```
pub fn enum_text<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
