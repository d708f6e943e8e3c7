//! The CSV outputs: `reports.csv` (wide), `cells.csv` (long), `checks.csv`,
//! `errors.csv`, `series.csv` (one row per agency) and `indicators.csv`
//! (the statistics-table rows of pre2019 reports, long), UTF-8 with a
//! byte-order mark by default so that Excel reads the Chinese text.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::Value;

use super::{cell_text, enum_text, ErrorRow, ReportFields, Staged};
use crate::batch::overview::AgencyRow;
use crate::check::series::SeriesCheck;
use crate::record::TemplateVersion;
use crate::template::spec::Spec;

/// The metadata columns that start every row of `reports.csv`.
/// `checks_failed` counts the failing error-level instances, cross-year
/// (`series.*`) ones included; the `cells_*` columns count the cells of the
/// report's form without a value, by why (see
/// [`CellCounts`](super::CellCounts)).
pub const REPORT_META_COLUMNS: [&str; 20] = [
    "path",
    "sha256",
    "format",
    "pages",
    "title",
    "agency",
    "agency_key",
    "region_code",
    "region_name",
    "region_level",
    "year",
    "template",
    "hybrid",
    "checks_failed",
    "cells_blank",
    "cells_unread",
    "cells_missing",
    "warning_count",
    "duplicate_of",
    "conflicts_with",
];

/// Where `checks_failed` is in a `reports.csv` row.
const CHECKS_FAILED_AT: usize = 13;

/// Header of `cells.csv`: the cells as read, with their state (`value`,
/// `blank`, `unread`) and their page (1-based as printed, and 0-based
/// `page_index` for programs).
pub const CELLS_COLUMNS: [&str; 10] = [
    "path",
    "table_key",
    "row_key",
    "column_key",
    "value",
    "raw",
    "state",
    "page",
    "page_index",
    "line_number",
];

/// Header of `checks.csv`. `previous_path` to `agency_key` are filled for
/// `series.*` rules: the earlier report, both agencies as printed and the
/// key that paired them. `operands` lists the cells the instance read,
/// `key = printed text (page)`.
pub const CHECKS_COLUMNS: [&str; 17] = [
    "path",
    "rule",
    "severity",
    "status",
    "location",
    "expected",
    "found",
    "message",
    "previous_path",
    "agency",
    "previous_agency",
    "agency_key",
    "message_en",
    "arithmetic",
    "difference",
    "printed_total",
    "operands",
];

/// Header of `series.csv`, one row per agency (see
/// [`AgencyRow`]); lists are `;`-separated.
pub const SERIES_COLUMNS: [&str; 18] = [
    "agency_key",
    "region_code",
    "region_name",
    "region_level",
    "agencies",
    "reports",
    "copies",
    "undated",
    "first_year",
    "last_year",
    "years",
    "gaps",
    "pairs",
    "chain_pass",
    "chain_fail",
    "chain_not_assessable",
    "conflicting_years",
    "near_matches",
];

/// Header of `indicators.csv`: one row per statistics-table row of a
/// pre2019 report (`seq` its index in the record's `indicators`, `parent_seq`
/// the `seq` of the total it is an item of).
pub const INDICATORS_COLUMNS: [&str; 13] = [
    "path",
    "seq",
    "table_index",
    "indicator_key",
    "label",
    "unit",
    "value",
    "cumulative",
    "parent_seq",
    "group_label",
    "page_index",
    "line_number",
    "raw",
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

    /// Flushes the file and renames it to `dest` instead of its final name.
    fn flush_to(self, dest: &Path) -> std::io::Result<()> {
        let file = self
            .out
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        drop(file.into_inner().map_err(|e| e.into_error())?);
        std::fs::rename(self.staged.path(), dest)
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

/// The columns of a check that explain it: `message_en`, `arithmetic`,
/// `difference`, `printed_total` and `operands` (see [`CHECKS_COLUMNS`]).
pub fn check_explained(check: &Value) -> [String; 5] {
    let arith = check.get("arithmetic");
    [
        field(check.get("message_en")),
        field(arith.and_then(|a| a.get("zh"))),
        field(arith.and_then(|a| a.get("difference"))),
        field(arith.and_then(|a| a.get("printed_total"))),
        operands(check),
    ]
}

/// The cells a check read, `key = printed text (第 N 页)`, `; `-separated;
/// a cell of the earlier report is marked `上一年`.
pub fn operands(check: &Value) -> String {
    let mut out = Vec::new();
    for c in check
        .get("cells")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let mut s = field(c.get("key"));
        if c.get("previous").and_then(Value::as_bool) == Some(true) {
            s.insert_str(0, "上一年 ");
        }
        s.push_str(" = ");
        match c.get("raw").and_then(Value::as_str) {
            Some(r) if !r.is_empty() => s.push_str(r),
            _ => {
                let state = field(c.get("state"));
                s.push_str(match state.as_str() {
                    "blank" => "（空白）",
                    "missing" => "（未找到）",
                    _ => "（未读出）",
                });
            }
        }
        if let Some(p) = c.get("page").and_then(Value::as_u64) {
            s.push_str(&format!("（第 {p} 页）"));
        } else if let Some(l) = c.get("line_number").and_then(Value::as_u64) {
            s.push_str(&format!("（第 {l} 行）"));
        }
        out.push(s);
    }
    out.join("; ")
}

/// The state of a cell of a record's `cells`: `value`, `blank` or `unread`.
pub fn cell_state(cell: &Value) -> crate::record::CellState {
    crate::record::CellState::of(
        cell.get("value").is_some_and(|v| !v.is_null()),
        cell.get("raw").and_then(Value::as_str).unwrap_or_default(),
        cell.get("page_index").is_some_and(|p| !p.is_null())
            || cell.get("line_number").is_some_and(|p| !p.is_null()),
        cell.pointer("/ocr/uncertain")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    )
}

/// Writes the CSV files.
pub struct CsvWriters {
    reports: Table,
    cells: Table,
    checks: Table,
    errors: Table,
    series: Table,
    indicators: Table,
    columns: Vec<(String, String, String)>,
    dir: std::path::PathBuf,
    bom: bool,
}

fn joined<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(";")
}

fn strings(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|s| s.to_string()).collect()
}

fn field(v: Option<&Value>) -> String {
    v.map(cell_text).unwrap_or_default()
}

impl CsvWriters {
    /// Starts the six files in `dir` (under temporary names); `bom` writes
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
            series: Table::create(dir, "series.csv", &strings(&SERIES_COLUMNS), bom)?,
            indicators: Table::create(dir, "indicators.csv", &strings(&INDICATORS_COLUMNS), bom)?,
            columns,
            dir: dir.to_path_buf(),
            bom,
        })
    }

    /// Writes one record (as JSON): its `reports.csv` row, its cells and its
    /// checks; `fields` are what the batch adds to the row.
    pub fn record(&mut self, rec: &Value, fields: &ReportFields) -> std::io::Result<()> {
        let source = rec.get("source");
        let path = field(source.and_then(|s| s.get("path")));
        let checks = rec
            .get("checks")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let failed = checks
            .iter()
            .filter(|c| {
                c.get("status").and_then(Value::as_str) == Some("fail")
                    && c.get("severity").and_then(Value::as_str) == Some("error")
            })
            .count();
        let counts = super::cell_counts(rec);
        let warnings = rec
            .get("warnings")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let mut row = vec![
            path.clone(),
            field(source.and_then(|s| s.get("sha256"))),
            field(source.and_then(|s| s.get("format"))),
            field(source.and_then(|s| s.get("pages"))),
            field(rec.get("title")),
            field(rec.get("agency")),
            fields.agency_key.clone().unwrap_or_default(),
            fields
                .region
                .as_ref()
                .map_or_else(String::new, |r| r.code.clone()),
            fields
                .region
                .as_ref()
                .map_or_else(String::new, |r| r.name.clone()),
            fields
                .region
                .as_ref()
                .map_or_else(String::new, |r| r.level.key().to_string()),
            field(rec.get("year")),
            field(rec.get("template")),
            field(rec.get("hybrid")),
            failed.to_string(),
            counts.blank.to_string(),
            counts.unread.to_string(),
            counts.missing.to_string(),
            warnings.to_string(),
            fields.duplicate_of.clone().unwrap_or_default(),
            fields.conflicts_with.clone().unwrap_or_default(),
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
                            if v.is_null() { "unread" } else { "value" }.to_string(),
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
                cell_state(cell).key().to_string(),
                cell.get("page_index")
                    .and_then(Value::as_u64)
                    .map_or_else(String::new, |p| (p + 1).to_string()),
                field(cell.get("page_index")),
                field(cell.get("line_number")),
            ])?;
        }
        let indicators = rec
            .get("indicators")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        for (seq, i) in indicators.iter().enumerate() {
            self.indicators.row(&[
                path.clone(),
                seq.to_string(),
                field(i.get("table_index")),
                field(i.get("key")),
                field(i.get("label")),
                field(i.get("unit")),
                field(i.get("value")),
                field(i.get("cumulative")),
                field(i.get("parent")),
                field(i.get("group")),
                field(i.get("page_index")),
                field(i.get("line_number")),
                field(i.get("raw")),
            ])?;
        }
        for check in checks {
            let mut row = vec![
                path.clone(),
                field(check.get("rule")),
                field(check.get("severity")),
                field(check.get("status")),
                field(check.get("where")),
                field(check.get("expected")),
                field(check.get("found")),
                field(check.get("message")),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ];
            row.extend(check_explained(check));
            self.checks.row(&row)?;
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
    pub fn series_check(&mut self, c: &SeriesCheck) -> std::io::Result<()> {
        let r = &c.result;
        let json = |v: &Option<Value>| v.as_ref().map(cell_text).unwrap_or_default();
        let explained = serde_json::to_value(r)
            .map(|v| check_explained(&v))
            .unwrap_or_default();
        let mut row = vec![
            c.path.clone(),
            r.rule.clone(),
            enum_text(&r.severity),
            enum_text(&r.status),
            r.location.clone(),
            json(&r.expected),
            json(&r.found),
            r.message.clone(),
            c.previous_path.clone(),
            c.agency.clone(),
            c.previous_agency.clone(),
            c.agency_key.clone(),
        ];
        row.extend(explained);
        self.checks.row(&row)
    }

    /// Writes one agency's row to `series.csv`.
    pub fn agency(&mut self, a: &AgencyRow) -> std::io::Result<()> {
        let region = a.region.as_ref();
        self.series.row(&[
            a.agency_key.clone(),
            region.map_or_else(String::new, |r| r.code.clone()),
            region.map_or_else(String::new, |r| r.name.clone()),
            region.map_or_else(String::new, |r| r.level.key().to_string()),
            joined(&a.agencies),
            a.reports.to_string(),
            a.copies.to_string(),
            a.undated.to_string(),
            a.years.first().map_or_else(String::new, i32::to_string),
            a.years.last().map_or_else(String::new, i32::to_string),
            joined(&a.years),
            joined(&a.gaps),
            a.pairs.to_string(),
            a.chain_pass.to_string(),
            a.chain_fail.to_string(),
            a.chain_not_assessable.to_string(),
            joined(&a.conflicting_years),
            joined(&a.near_matches),
        ])
    }

    /// Flushes the files, writes `dictionary.csv` and renames them into
    /// place. `series_errors` gives, by path, the failing error-level
    /// cross-report instances, added to the reports' `checks_failed`.
    pub fn finish(
        self,
        series_errors: &std::collections::HashMap<String, usize>,
    ) -> std::io::Result<()> {
        let mut dict = Table::create(
            &self.dir,
            "dictionary.csv",
            &strings(&super::dictionary::DICTIONARY_COLUMNS),
            self.bom,
        )?;
        for e in super::dictionary::entries() {
            dict.row(&e.row())?;
        }
        dict.finish()?;
        if series_errors.is_empty() {
            self.reports.finish()?;
        } else {
            // Rewrite the staged reports.csv with the cross-report failures added.
            let header: Vec<String> = {
                let mut h = strings(&REPORT_META_COLUMNS);
                h.extend(self.columns.iter().map(|(t, r, c)| format!("{t}.{r}.{c}")));
                h
            };
            let staged = self.dir.join("reports.csv.partial");
            self.reports.flush_to(&staged)?;
            let mut out = Table::create(&self.dir, "reports.csv", &header, self.bom)?;
            let mut bytes = std::fs::read(&staged)?;
            if bytes.starts_with("\u{feff}".as_bytes()) {
                bytes.drain(..3);
            }
            let mut rd = csv::ReaderBuilder::new()
                .has_headers(true)
                .from_reader(bytes.as_slice());
            for rec in rd.records() {
                let rec = rec.map_err(std::io::Error::other)?;
                let mut row: Vec<String> = rec.iter().map(String::from).collect();
                if let Some(n) = series_errors.get(&row[0]) {
                    let own: usize = row[CHECKS_FAILED_AT].parse().unwrap_or(0);
                    row[CHECKS_FAILED_AT] = (own + n).to_string();
                }
                out.row(&row)?;
            }
            std::fs::remove_file(&staged)?;
            out.finish()?;
        }
        self.cells.finish()?;
        self.checks.finish()?;
        self.errors.finish()?;
        self.series.finish()?;
        self.indicators.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_failed_adds_the_failing_cross_report_errors() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = CsvWriters::create(dir.path(), true).unwrap();
        let rec = serde_json::json!({
            "source": {"path": "a.txt", "sha256": "00", "format": "text"},
            "template": "gb2021",
            "checks": [
                {"rule": "applications.balance", "severity": "error", "status": "fail", "where": "x"},
                {"rule": "values.complete", "severity": "warning", "status": "fail", "where": "y"}
            ]
        });
        w.record(&rec, &ReportFields::default()).unwrap();
        let mut b = rec.clone();
        b["source"]["path"] = "b.txt".into();
        w.record(&b, &ReportFields::default()).unwrap();
        let series = std::collections::HashMap::from([("b.txt".to_string(), 2usize)]);
        w.finish(&series).unwrap();
        let text = std::fs::read_to_string(dir.path().join("reports.csv")).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let mut rd = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let at = rd
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "checks_failed")
            .unwrap();
        let failed: Vec<String> = rd.records().map(|r| r.unwrap()[at].to_string()).collect();
        assert_eq!(failed, ["1", "3"]);
        assert!(!dir.path().join("reports.csv.partial").exists());
        assert!(dir.path().join("dictionary.csv").exists());
    }
}
