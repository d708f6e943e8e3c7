//! The CSV outputs: `reports.csv` (wide), `cells.csv` (long), `checks.csv`
//! and `errors.csv`, UTF-8 with a byte-order mark by default so that Excel
//! reads the Chinese text.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::Value;

use super::{cell_text, enum_text, ErrorRow, Staged};
use crate::check::series::SeriesCheck;
use crate::record::TemplateVersion;
use crate::template::spec::Spec;

/// The metadata columns that start every row of `reports.csv`.
pub const REPORT_META_COLUMNS: [&str; 10] = [
    "path",
    "sha256",
    "format",
    "pages",
    "title",
    "agency",
    "year",
    "template",
    "hybrid",
    "checks_failed",
];

/// Header of `cells.csv`.
pub const CELLS_COLUMNS: [&str; 8] = [
    "path",
    "table",
    "row",
    "column",
    "value",
    "raw",
    "page_index",
    "line_number",
];

/// Header of `checks.csv`. `previous_path` is filled for `series.*` rules.
pub const CHECKS_COLUMNS: [&str; 9] = [
    "path",
    "rule",
    "severity",
    "status",
    "where",
    "expected",
    "found",
    "message",
    "previous_path",
];

/// Header of `errors.csv`.
pub const ERRORS_COLUMNS: [&str; 4] = ["path", "sha256", "reason", "message"];

/// The cell columns of `reports.csv` as `(table, row, column)`: the union of
/// the gb2019 and gb2021 keys in template order (tables, then rows within a
/// table, then columns: gb2019's order first, gb2021's additions after). The
/// list depends only on the spec, so it is the same for every batch.
///
/// ```
/// let cols = xxgk::output::csv::report_cell_columns();
/// let key = |t: &str, r: &str, c: &str| cols.iter().position(|k| k == &(t.into(), r.into(), c.into()));
/// assert!(key("art20_1", "regulations", "new_made").is_some()); // gb2019
/// assert!(key("art20_1", "regulations", "in_force").is_some()); // gb2021
/// assert!(key("applications", "new_received", "natural_person") < key("applications", "carried_forward", "total"));
/// ```
pub fn report_cell_columns() -> Vec<(String, String, String)> {
    let spec = Spec::builtin();
    let versions = [
        spec.version(TemplateVersion::Gb2019),
        spec.version(TemplateVersion::Gb2021),
    ];
    let mut tables: Vec<&str> = Vec::new();
    for v in &versions {
        for t in &v.tables {
            if !tables.contains(&t.key.as_str()) {
                tables.push(&t.key);
            }
        }
    }
    let mut out = Vec::new();
    for t in tables {
        let specs: Vec<_> = versions.iter().filter_map(|v| v.table(t)).collect();
        let mut rows: Vec<&str> = Vec::new();
        let mut cols: Vec<&str> = Vec::new();
        for ts in &specs {
            for r in &ts.rows {
                if !rows.contains(&r.key.as_str()) {
                    rows.push(&r.key);
                }
            }
            for c in &ts.columns {
                if !cols.contains(&c.key.as_str()) {
                    cols.push(&c.key);
                }
            }
        }
        for r in &rows {
            for c in &cols {
                let exists = specs.iter().any(|ts| {
                    ts.rows.iter().any(|x| x.key == *r) && ts.columns.iter().any(|x| x.key == *c)
                });
                if exists {
                    out.push((t.to_string(), r.to_string(), c.to_string()));
                }
            }
        }
    }
    out
}

struct Table {
    staged: Staged,
    out: csv::Writer<BufWriter<File>>,
}

impl Table {
    fn create(dir: &Path, name: &str, header: &[String], bom: bool) -> std::io::Result<Table> {
        let staged = Staged::new(dir, name)?;
        let mut file = BufWriter::new(File::create(staged.path())?);
        if bom {
            file.write_all("\u{feff}".as_bytes())?;
        }
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(file);
        out.write_record(header)?;
        Ok(Table { staged, out })
    }

    fn row(&mut self, fields: &[String]) -> std::io::Result<()> {
        self.out.write_record(fields).map_err(std::io::Error::other)
    }

    fn finish(self) -> std::io::Result<()> {
        let file = self
            .out
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let file = file.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        self.staged.commit()
    }
}

/// Writes the four CSV files.
pub struct CsvWriters {
    reports: Table,
    cells: Table,
    checks: Table,
    errors: Table,
    columns: Vec<(String, String, String)>,
}

fn strings(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|s| s.to_string()).collect()
}

fn field(v: Option<&Value>) -> String {
    v.map(cell_text).unwrap_or_default()
}

impl CsvWriters {
    /// Starts the four files in `dir` (under temporary names); `bom` writes
    /// a UTF-8 byte-order mark first.
    pub fn create(dir: &Path, bom: bool) -> std::io::Result<CsvWriters> {
        let columns = report_cell_columns();
        let mut header = strings(&REPORT_META_COLUMNS);
        header.extend(columns.iter().map(|(t, r, c)| format!("{t}.{r}.{c}")));
        Ok(CsvWriters {
            reports: Table::create(dir, "reports.csv", &header, bom)?,
            cells: Table::create(dir, "cells.csv", &strings(&CELLS_COLUMNS), bom)?,
            checks: Table::create(dir, "checks.csv", &strings(&CHECKS_COLUMNS), bom)?,
            errors: Table::create(dir, "errors.csv", &strings(&ERRORS_COLUMNS), bom)?,
            columns,
        })
    }

    /// Writes one record (as JSON): its `reports.csv` row, its cells and its checks.
    pub fn record(&mut self, rec: &Value) -> std::io::Result<()> {
        let source = rec.get("source");
        let path = field(source.and_then(|s| s.get("path")));
        let checks = rec
            .get("checks")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let failed = checks
            .iter()
            .filter(|c| c.get("status").and_then(Value::as_str) == Some("fail"))
            .count();
        let mut row = vec![
            path.clone(),
            field(source.and_then(|s| s.get("sha256"))),
            field(source.and_then(|s| s.get("format"))),
            field(source.and_then(|s| s.get("pages"))),
            field(rec.get("title")),
            field(rec.get("agency")),
            field(rec.get("year")),
            field(rec.get("template")),
            field(rec.get("hybrid")),
            failed.to_string(),
        ];
        let tables = rec.get("tables");
        for (t, r, c) in &self.columns {
            row.push(field(
                tables
                    .and_then(|x| x.get(t))
                    .and_then(|x| x.get(r))
                    .and_then(|x| x.get(c)),
            ));
        }
        self.reports.row(&row)?;

        let cells = rec
            .get("cells")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if cells.is_empty() {
            // No provenance kept: the table values alone.
            for (t, rows) in tables.and_then(Value::as_object).into_iter().flatten() {
                for (r, cols) in rows.as_object().into_iter().flatten() {
                    for (c, v) in cols.as_object().into_iter().flatten() {
                        self.cells.row(&[
                            path.clone(),
                            t.clone(),
                            r.clone(),
                            c.clone(),
                            cell_text(v),
                            String::new(),
                            String::new(),
                            String::new(),
                        ])?;
                    }
                }
            }
        }
        for cell in cells {
            self.cells.row(&[
                path.clone(),
                field(cell.get("table")),
                field(cell.get("row")),
                field(cell.get("column")),
                field(cell.get("value")),
                field(cell.get("raw")),
                field(cell.get("page_index")),
                field(cell.get("line_number")),
            ])?;
        }
        for check in checks {
            self.checks.row(&[
                path.clone(),
                field(check.get("rule")),
                field(check.get("severity")),
                field(check.get("status")),
                field(check.get("where")),
                field(check.get("expected")),
                field(check.get("found")),
                field(check.get("message")),
                String::new(),
            ])?;
        }
        Ok(())
    }

    /// Writes one `errors.csv` row.
    pub fn error(&mut self, e: &ErrorRow) -> std::io::Result<()> {
        self.errors.row(&[
            e.path.clone(),
            e.sha256.clone(),
            e.reason.clone(),
            e.message.clone(),
        ])
    }

    /// Writes one cross-report check to `checks.csv`.
    pub fn series(&mut self, c: &SeriesCheck) -> std::io::Result<()> {
        let r = &c.result;
        let json = |v: &Option<Value>| v.as_ref().map(cell_text).unwrap_or_default();
        self.checks.row(&[
            c.path.clone(),
            r.rule.clone(),
            enum_text(&r.severity),
            enum_text(&r.status),
            r.location.clone(),
            json(&r.expected),
            json(&r.found),
            r.message.clone(),
            c.previous_path.clone(),
        ])
    }

    /// Flushes the four files and renames them into place.
    pub fn finish(self) -> std::io::Result<()> {
        self.reports.finish()?;
        self.cells.finish()?;
        self.checks.finish()?;
        self.errors.finish()
    }
}
