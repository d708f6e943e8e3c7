//! `xxgk.sqlite`: tables `reports`, `cells`, `checks`, `check_operands`,
//! `warnings`, `sections`, `errors`, `agencies`, `indicators` (pre2019
//! statistics-table rows), `rules` and `dictionary`
//! with keys and indexes, and the views `failing_checks` and `check_cells`;
//! the schema is [`SCHEMA_SQL`] (`schema/sqlite.sql`). `metadata.json`
//! beside it describes it for Datasette (see [`super::metadata`]).
//!
//! The database is built in one transaction in `xxgk.sqlite.tmp` and renamed
//! into place when complete, so an interrupted run never leaves a database
//! that does not open.

use std::path::Path;

use rusqlite::{params, Connection};
use serde_json::Value;

use super::{cell_text, ErrorRow, ReportFields, Staged};
use crate::batch::overview::AgencyRow;
use crate::check::series::SeriesCheck;

/// The schema, as run to create the database.
pub const SCHEMA_SQL: &str = include_str!("../../schema/sqlite.sql");

/// The file name in the output folder.
pub const SQLITE_FILE: &str = "xxgk.sqlite";

/// Writes the database.
pub struct SqliteWriter {
    staged: Staged,
    conn: Connection,
    dir: std::path::PathBuf,
}

fn sql_err(e: rusqlite::Error) -> std::io::Error {
    std::io::Error::other(e)
}

fn text(v: Option<&Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => None,
        Some(v) => Some(cell_text(v)),
    }
}

fn json_text(v: Option<&Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.to_string()),
    }
}

/// A list as a JSON array.
fn json_list<T: serde::Serialize>(v: &[T]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// A JSON number as an SQLite value: integer when integral.
fn number(v: Option<&Value>) -> rusqlite::types::Value {
    use rusqlite::types::Value as Sql;
    match v {
        Some(Value::Number(n)) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => n.as_f64().map(Sql::Real).unwrap_or(Sql::Null),
        },
        _ => Sql::Null,
    }
}

/// The schema's tables: everything before the `-- @indexes` line.
fn schema_tables() -> &'static str {
    SCHEMA_SQL.split("-- @indexes").next().unwrap_or(SCHEMA_SQL)
}

/// The schema's indexes, built once the rows are in (bulk inserts are
/// faster without them).
fn schema_indexes() -> &'static str {
    SCHEMA_SQL.split_once("-- @indexes").map_or("", |(_, i)| i)
}

impl SqliteWriter {
    /// Creates the database under a temporary name in `dir`, with the schema,
    /// and starts the transaction.
    pub fn create(dir: &Path) -> std::io::Result<SqliteWriter> {
        let staged = Staged::new(dir, SQLITE_FILE)?;
        let conn = Connection::open(staged.path()).map_err(sql_err)?;
        conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            .map_err(sql_err)?;
        conn.execute_batch(schema_tables()).map_err(sql_err)?;
        conn.execute(
            "INSERT INTO meta(name, value) VALUES ('schema', 'xxgk.sqlite/3'), ('xxgk_version', ?1)",
            params![env!("CARGO_PKG_VERSION")],
        )
        .map_err(sql_err)?;
        conn.execute_batch("BEGIN").map_err(sql_err)?;
        for (rule, severity) in super::metadata::rules() {
            let (zh, en) = crate::check::explain::rule_title(&rule).unwrap_or(("", ""));
            conn.execute(
                "INSERT OR IGNORE INTO rules(rule, severity, title_zh, title_en) VALUES (?1, ?2, ?3, ?4)",
                params![rule, severity, zh, en],
            )
            .map_err(sql_err)?;
        }
        for e in super::dictionary::entries() {
            let (t, r, c) = match &e.cell {
                Some((t, r, c)) => (Some(t.as_str()), Some(r.as_str()), Some(c.as_str())),
                None => (None, None, None),
            };
            conn.execute(
                "INSERT OR IGNORE INTO dictionary(file, column_index, column_name, table_key,
                 row_key, column_key, label_zh, unit, templates, description_zh, description_en)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    e.file,
                    e.column_index as i64,
                    e.column_name,
                    t,
                    r,
                    c,
                    e.label_zh,
                    e.unit,
                    e.templates,
                    e.description_zh,
                    e.description_en
                ],
            )
            .map_err(sql_err)?;
        }
        Ok(SqliteWriter {
            staged,
            conn,
            dir: dir.to_path_buf(),
        })
    }

    /// Inserts one record (as JSON) with its cells and checks; `fields` are
    /// what the batch adds to its row.
    pub fn record(&mut self, rec: &Value, fields: &ReportFields) -> std::io::Result<()> {
        let source = rec.get("source");
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
            .count() as i64;
        let counts = super::cell_counts(rec);
        let warnings = rec
            .get("warnings")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let agency = text(rec.get("agency"));
        let mut stmt = self
            .conn
            .prepare_cached(
                "INSERT INTO reports(path, sha256, format, pages, title, agency, agency_key,
                 region_code, region_name, region_level, year, template, hybrid, checks_failed,
                 cells_blank, cells_unread, cells_missing, warning_count, duplicate_of,
                 conflicts_with)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19, ?20)",
            )
            .map_err(sql_err)?;
        stmt.execute(params![
            text(source.and_then(|s| s.get("path"))),
            text(source.and_then(|s| s.get("sha256"))).unwrap_or_default(),
            text(source.and_then(|s| s.get("format"))).unwrap_or_default(),
            number(source.and_then(|s| s.get("pages"))),
            text(rec.get("title")),
            agency,
            fields.agency_key,
            fields.region.as_ref().map(|r| r.code.as_str()),
            fields.region.as_ref().map(|r| r.name.as_str()),
            fields.region.as_ref().map(|r| r.level.key()),
            number(rec.get("year")),
            text(rec.get("template")).unwrap_or_default(),
            text(rec.get("hybrid")),
            failed,
            counts.blank as i64,
            counts.unread as i64,
            counts.missing as i64,
            warnings.len() as i64,
            fields.duplicate_of,
            fields.conflicts_with,
        ])
        .map_err(sql_err)?;
        let id = self.conn.last_insert_rowid();
        let mut stmt = self
            .conn
            .prepare_cached(
                "INSERT INTO cells(report_id, seq, table_key, row_key, column_key, value, raw,
                 state, page, page_index, line_number)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .map_err(sql_err)?;
        let cells = rec
            .get("cells")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        for (seq, cell) in cells.iter().enumerate() {
            stmt.execute(params![
                id,
                seq as i64,
                text(cell.get("table")).unwrap_or_default(),
                text(cell.get("row")).unwrap_or_default(),
                text(cell.get("column")).unwrap_or_default(),
                number(cell.get("value")),
                text(cell.get("raw")).unwrap_or_default(),
                super::csv::cell_state(cell).key(),
                cell.get("page_index")
                    .and_then(Value::as_i64)
                    .map(|p| p + 1),
                number(cell.get("page_index")),
                number(cell.get("line_number")),
            ])
            .map_err(sql_err)?;
        }
        if cells.is_empty() {
            let mut seq = 0i64;
            let tables = rec.get("tables").and_then(Value::as_object);
            for (t, rows) in tables.into_iter().flatten() {
                for (r, cols) in rows.as_object().into_iter().flatten() {
                    for (c, v) in cols.as_object().into_iter().flatten() {
                        stmt.execute(params![
                            id,
                            seq,
                            t,
                            r,
                            c,
                            number(Some(v)),
                            "",
                            if v.is_null() { "unread" } else { "value" },
                            None::<i64>,
                            None::<i64>,
                            None::<i64>
                        ])
                        .map_err(sql_err)?;
                        seq += 1;
                    }
                }
            }
        }
        for c in checks {
            self.check(Some(id), c, None, None)?;
        }
        let mut stmt = self
            .conn
            .prepare_cached("INSERT INTO warnings(report_id, seq, message) VALUES (?1, ?2, ?3)")
            .map_err(sql_err)?;
        for (seq, w) in warnings.iter().enumerate() {
            stmt.execute(params![id, seq as i64, text(Some(w)).unwrap_or_default()])
                .map_err(sql_err)?;
        }
        let indicators = rec
            .get("indicators")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if !indicators.is_empty() {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "INSERT INTO indicators(report_id, seq, table_index, indicator_key, label, unit, value,
                     cumulative, parent_seq, group_label, page_index, line_number, raw)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )
                .map_err(sql_err)?;
            for (seq, i) in indicators.iter().enumerate() {
                stmt.execute(params![
                    id,
                    seq as i64,
                    number(i.get("table_index")),
                    text(i.get("key")),
                    text(i.get("label")).unwrap_or_default(),
                    text(i.get("unit")),
                    number(i.get("value")),
                    number(i.get("cumulative")),
                    number(i.get("parent")),
                    text(i.get("group")),
                    number(i.get("page_index")),
                    number(i.get("line_number")),
                    text(i.get("raw")).unwrap_or_default(),
                ])
                .map_err(sql_err)?;
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "INSERT OR IGNORE INTO sections(report_id, number, section_key, heading, page, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(sql_err)?;
        for sec in rec
            .get("sections")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            stmt.execute(params![
                id,
                number(sec.get("number")),
                text(sec.get("key")).unwrap_or_default(),
                text(sec.get("heading")).unwrap_or_default(),
                sec.get("page_index").and_then(Value::as_i64).map(|p| p + 1),
                text(sec.get("text")).unwrap_or_default(),
            ])
            .map_err(sql_err)?;
        }
        Ok(())
    }

    /// Inserts one check instance (as JSON) of report `report_id`, with the
    /// cells it read; `previous` and `agency_key` for `series.*` rules.
    fn check(
        &self,
        report_id: Option<i64>,
        c: &Value,
        previous: Option<&str>,
        agency_key: Option<&str>,
    ) -> std::io::Result<()> {
        let arith = c.get("arithmetic");
        self.conn
            .prepare_cached(
                "INSERT INTO checks(report_id, rule, severity, status, location, expected, found,
                 message, message_en, arithmetic, difference, printed_total, previous_report_id,
                 agency_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                         (SELECT id FROM reports WHERE path = ?13), ?14)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    report_id,
                    text(c.get("rule")).unwrap_or_default(),
                    text(c.get("severity")).unwrap_or_default(),
                    text(c.get("status")).unwrap_or_default(),
                    text(c.get("where")).unwrap_or_default(),
                    json_text(c.get("expected")),
                    json_text(c.get("found")),
                    text(c.get("message")).unwrap_or_default(),
                    text(c.get("message_en")).unwrap_or_default(),
                    text(arith.and_then(|a| a.get("zh"))),
                    number(arith.and_then(|a| a.get("difference"))),
                    text(arith.and_then(|a| a.get("printed_total"))),
                    previous,
                    agency_key,
                ])
            })
            .map_err(sql_err)?;
        let check_id = self.conn.last_insert_rowid();
        let mut stmt = self
            .conn
            .prepare_cached(
                "INSERT INTO check_operands(check_id, seq, cell_key, table_key, row_key,
                 column_key, side, state, raw, value, page, page_index, line_number, previous)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )
            .map_err(sql_err)?;
        for (seq, cell) in c
            .get("cells")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let key = text(cell.get("key")).unwrap_or_default();
            let mut parts = key.splitn(3, '.');
            let (t, r, col) = (
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            );
            stmt.execute(params![
                check_id,
                seq as i64,
                key,
                t,
                r,
                col,
                text(cell.get("side")).unwrap_or_default(),
                text(cell.get("state")).unwrap_or_default(),
                text(cell.get("raw")),
                number(cell.get("value")),
                number(cell.get("page")),
                number(cell.get("page_index")),
                number(cell.get("line_number")),
                cell.get("previous")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            ])
            .map_err(sql_err)?;
        }
        Ok(())
    }

    /// Inserts one error row.
    pub fn error(&mut self, e: &ErrorRow) -> std::io::Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO errors(path, sha256, reason, message) VALUES (?1, ?2, ?3, ?4)",
            )
            .and_then(|mut s| s.execute(params![e.path, e.sha256, e.reason, e.message]))
            .map(|_| ())
            .map_err(sql_err)
    }

    /// Inserts one cross-report check, linked to both reports.
    pub fn series(&mut self, c: &SeriesCheck) -> std::io::Result<()> {
        let report_id: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM reports WHERE path = ?1")
            .and_then(|mut s| {
                s.query_row(params![c.path], |row| row.get(0))
                    .map(Some)
                    .or_else(|e| match e {
                        rusqlite::Error::QueryReturnedNoRows => Ok(None),
                        e => Err(e),
                    })
            })
            .map_err(sql_err)?;
        let value = serde_json::to_value(&c.result).map_err(std::io::Error::other)?;
        self.check(
            report_id,
            &value,
            Some(c.previous_path.as_str()),
            Some(c.agency_key.as_str()),
        )
    }

    /// Inserts one agency of the overview.
    pub fn agency(&mut self, a: &AgencyRow) -> std::io::Result<()> {
        let region = a.region.as_ref();
        self.conn
            .prepare_cached(
                "INSERT INTO agencies(agency_key, region_code, region_name, region_level, agencies,
                 reports, copies, undated, first_year, last_year, years, gaps, pairs, chain_pass,
                 chain_fail, chain_not_assessable, conflicting_years, near_matches)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    a.agency_key,
                    region.map(|r| r.code.as_str()),
                    region.map(|r| r.name.as_str()),
                    region.map(|r| r.level.key()),
                    json_list(&a.agencies),
                    a.reports as i64,
                    a.copies as i64,
                    a.undated as i64,
                    a.years.first(),
                    a.years.last(),
                    json_list(&a.years),
                    json_list(&a.gaps),
                    a.pairs as i64,
                    a.chain_pass as i64,
                    a.chain_fail as i64,
                    a.chain_not_assessable as i64,
                    json_list(&a.conflicting_years),
                    json_list(&a.near_matches),
                ])
            })
            .map(|_| ())
            .map_err(sql_err)
    }

    /// Commits the transaction, closes the database and renames it into place.
    pub fn finish(self) -> std::io::Result<()> {
        self.conn.execute_batch(schema_indexes()).map_err(sql_err)?;
        // cross-report failures count in checks_failed too
        self.conn
            .execute_batch(
                "UPDATE reports SET checks_failed = (SELECT count(*) FROM checks c
                   WHERE c.report_id = reports.id AND c.severity = 'error' AND c.status = 'fail')",
            )
            .map_err(sql_err)?;
        super::metadata::write(&self.dir)?;
        self.conn.execute_batch("COMMIT").map_err(sql_err)?;
        self.conn.close().map_err(|(_, e)| sql_err(e))?;
        self.staged.commit()
    }
}
