//! Batch outputs: `records.ndjson`, the CSV files and the SQLite database.
//!
//! Each writer writes to a temporary file (`NAME.tmp`) in the output folder
//! and renames it over the final name only when everything is written, so an
//! interrupted run leaves the previous complete outputs in place, never a
//! half-written file. The writers take records as parsed JSON
//! (`serde_json::Value`, as stored in the batch journal) so the same code
//! renders a single run and a merge of shards.

pub mod csv;
pub mod dictionary;
pub mod metadata;
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

/// How many cells of the format a record left without a value, by why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CellCounts {
    /// Cells the report printed empty.
    pub blank: usize,
    /// Cells printed but not read by xxgk (text that is not a number,
    /// several numbers in one cell, an untrusted OCR reading, no cell found
    /// under the column).
    pub unread: usize,
    /// Cells of rows or tables of the format that were not found.
    pub missing: usize,
}

/// Counts the cells of the record's format (a record given as JSON) that
/// have no value, by [`CellState`](crate::record::CellState).
///
/// ```
/// use serde_json::json;
/// let rec = json!({"template": "gb2021", "tables": {"art20_5": {"admin_license": {"decisions": null}}},
///     "cells": [{"table": "art20_5", "row": "admin_license", "column": "decisions", "value": null,
///                "raw": "", "page_index": 1, "line_number": null}]});
/// let n = xxgk::output::cell_counts(&rec);
/// assert_eq!(n.blank, 1);
/// assert_eq!(n.unread, 0);
/// assert!(n.missing > 10); // the other tables were not found
/// ```
pub fn cell_counts(rec: &serde_json::Value) -> CellCounts {
    use crate::record::{CellState, TemplateVersion};
    use crate::template::spec::Spec;
    let template = match rec.get("template").and_then(|t| t.as_str()) {
        Some("gb2019") => TemplateVersion::Gb2019,
        Some("gb2021") => TemplateVersion::Gb2021,
        _ => return CellCounts::default(),
    };
    let hybrid = rec.get("hybrid").and_then(|h| h.as_str()) == Some("other_handling");
    let mut sources: std::collections::HashMap<(&str, &str, &str), &serde_json::Value> =
        std::collections::HashMap::new();
    for c in rec
        .get("cells")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
    {
        let part = |k: &str| c.get(k).and_then(|v| v.as_str()).unwrap_or_default();
        sources
            .entry((part("table"), part("row"), part("column")))
            .or_insert(c);
    }
    let tables = rec.get("tables");
    let mut n = CellCounts::default();
    for t in &Spec::builtin().version(template).tables {
        let table = tables.and_then(|x| x.get(&t.key));
        let mut rows: Vec<&str> = t
            .rows
            .iter()
            .map(|r| r.key.as_str())
            .filter(|k| !(hybrid && k.starts_with("other_")))
            .collect();
        if hybrid && template == TemplateVersion::Gb2021 && t.key == "applications" {
            rows.push("other_handling");
        }
        for row in rows {
            let Some(cols) = table.and_then(|x| x.get(row)) else {
                n.missing += t.columns.len();
                continue;
            };
            for c in &t.columns {
                let has_value = cols.get(&c.key).is_some_and(|v| !v.is_null());
                if has_value {
                    continue;
                }
                let state = match sources.get(&(t.key.as_str(), row, c.key.as_str())) {
                    Some(src) => CellState::of(
                        false,
                        src.get("raw").and_then(|r| r.as_str()).unwrap_or_default(),
                        !src.get("page_index").is_none_or(|p| p.is_null())
                            || !src.get("line_number").is_none_or(|p| p.is_null()),
                        src.pointer("/ocr/uncertain")
                            .and_then(|u| u.as_bool())
                            .unwrap_or(false),
                    ),
                    None => CellState::Unread,
                };
                match state {
                    CellState::Blank => n.blank += 1,
                    _ => n.unread += 1,
                }
            }
        }
    }
    n
}
