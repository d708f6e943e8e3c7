//! Rendering the outputs from journal lines given in path order: one entry
//! per path, cross-report checks after all records. The result depends only
//! on the lines pushed, so a single run and a merge of shards over the same
//! files render identically.
//!
//! Memory stays bounded: each record is parsed, written out and dropped;
//! only a small [`ReportSummary`] per report is kept for the series checks.
//! SQLite is written by its own thread, fed through a small bounded channel,
//! so database work overlaps JSON parsing and CSV writing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::journal::{self, Entry, JOURNAL};
use crate::check::series::{series_checks, ReportSummary, SeriesCheck};
use crate::output::csv::CsvWriters;
use crate::output::ndjson::NdjsonWriter;
use crate::output::sqlite::SqliteWriter;
use crate::output::{ErrorRow, Formats, Staged};
use crate::record::CheckStatus;

/// What was rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderSummary {
    /// Records in the outputs.
    pub records: usize,
    /// Error rows by reason code.
    pub errors_by_reason: BTreeMap<String, usize>,
    /// Reports with at least one failing instance, by rule id (series rules included).
    pub failing_by_rule: BTreeMap<String, usize>,
}

impl RenderSummary {
    /// Error rows in all.
    pub fn errors(&self) -> usize {
        self.errors_by_reason.values().sum()
    }
}

/// Loads and merges the journals' indexes: one entry per path (later
/// journals and later lines win), sorted by path.
pub fn load_entries(journals: &[PathBuf]) -> std::io::Result<Vec<Entry>> {
    let mut by_path: HashMap<String, Entry> = HashMap::new();
    for (i, j) in journals.iter().enumerate() {
        let (entries, _) = journal::scan(j, i)?;
        for e in entries {
            by_path.insert(e.path.clone(), e);
        }
    }
    let mut v: Vec<Entry> = by_path.into_values().collect();
    v.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(v)
}

enum DbRow {
    Record(Arc<serde_json::Value>),
    Error(ErrorRow),
    Series(SeriesCheck),
    /// Everything is sent: commit and rename. Without it (an error upstream)
    /// the database stays a temporary file.
    Finish,
}

fn write_db(mut db: SqliteWriter, rx: Receiver<DbRow>) -> std::io::Result<()> {
    for row in rx {
        match row {
            DbRow::Record(v) => db.record(&v)?,
            DbRow::Error(e) => db.error(&e)?,
            DbRow::Series(s) => db.series(&s)?,
            DbRow::Finish => return db.finish(),
        }
    }
    Ok(())
}

/// Writes the outputs of one folder from journal lines pushed in path
/// order. Every file, the compacted `journal.ndjson` included, is written
/// under a temporary name and renamed into place by [`Renderer::finish`].
pub struct Renderer {
    compact: BufWriter<File>,
    staged_journal: Staged,
    ndjson: Option<NdjsonWriter>,
    csv: Option<CsvWriters>,
    db: Option<(SyncSender<DbRow>, JoinHandle<std::io::Result<()>>)>,
    summary: RenderSummary,
    summaries: Vec<ReportSummary>,
    last_path: Option<String>,
}

impl Renderer {
    /// Starts the outputs in `out_dir`.
    pub fn create(out_dir: &Path, formats: Formats, bom: bool) -> std::io::Result<Renderer> {
        let staged_journal = Staged::new(out_dir, JOURNAL)?;
        let compact = BufWriter::new(File::create(staged_journal.path())?);
        let ndjson = match formats.ndjson {
            true => Some(NdjsonWriter::create(out_dir)?),
            false => None,
        };
        let csv = match formats.csv {
            true => Some(CsvWriters::create(out_dir, bom)?),
            false => None,
        };
        let db = match formats.sqlite {
            true => {
                let db = SqliteWriter::create(out_dir)?;
                let (tx, rx) = sync_channel::<DbRow>(4);
                let handle = std::thread::Builder::new()
                    .name("xxgk-sqlite".into())
                    .spawn(move || write_db(db, rx))?;
                Some((tx, handle))
            }
            false => None,
        };
        Ok(Renderer {
            compact,
            staged_journal,
            ndjson,
            csv,
            db,
            summary: RenderSummary::default(),
            summaries: Vec::new(),
            last_path: None,
        })
    }

    fn send(&self, row: DbRow) -> std::io::Result<()> {
        match &self.db {
            Some((tx, _)) => tx
                .send(row)
                .map_err(|_| std::io::Error::other("database writer stopped")),
            None => Ok(()),
        }
    }

    /// Writes one journal line (a record, or an error row when `is_error`).
    /// Lines must come in strictly increasing path order.
    pub fn push(&mut self, line: &[u8], is_error: bool) -> std::io::Result<()> {
        if is_error {
            self.compact.write_all(line)?;
            self.compact.write_all(b"\n")?;
            let Some(row) = journal::parse_error(line) else {
                return Ok(());
            };
            self.check_order(&row.path)?;
            *self
                .summary
                .errors_by_reason
                .entry(row.reason.clone())
                .or_default() += 1;
            if let Some(c) = self.csv.as_mut() {
                c.error(&row)?;
            }
            return self.send(DbRow::Error(row));
        }
        let value = Arc::new(serde_json::from_slice::<serde_json::Value>(line)?);
        self.push_record(line, value)
    }

    /// Writes one record given both as its journal line and parsed.
    pub fn push_record(
        &mut self,
        line: &[u8],
        value: Arc<serde_json::Value>,
    ) -> std::io::Result<()> {
        self.compact.write_all(line)?;
        self.compact.write_all(b"\n")?;
        if let Some(p) = value.pointer("/source/path").and_then(|p| p.as_str()) {
            self.check_order(p)?;
        }
        self.summary.records += 1;
        let failing: BTreeSet<&str> = value
            .get("checks")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
            .filter(|c| c.get("status").and_then(|s| s.as_str()) == Some("fail"))
            .filter_map(|c| c.get("rule").and_then(|r| r.as_str()))
            .collect();
        for rule in failing {
            *self
                .summary
                .failing_by_rule
                .entry(rule.to_string())
                .or_default() += 1;
        }
        if let Some(s) = ReportSummary::from_json(&value) {
            self.summaries.push(s);
        }
        if let Some(n) = self.ndjson.as_mut() {
            n.write_line(line)?;
        }
        if let Some(c) = self.csv.as_mut() {
            c.record(&value)?;
        }
        self.send(DbRow::Record(value))
    }

    fn check_order(&mut self, path: &str) -> std::io::Result<()> {
        if self.last_path.as_deref().is_some_and(|last| last >= path) {
            return Err(std::io::Error::other(format!(
                "render: {path} out of order (internal error)"
            )));
        }
        self.last_path = Some(path.to_string());
        Ok(())
    }

    /// Adds the cross-report checks, finishes every file and renames them
    /// into place.
    pub fn finish(mut self) -> std::io::Result<RenderSummary> {
        let series = series_checks(&std::mem::take(&mut self.summaries));
        let mut failing: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for s in &series {
            if s.result.status == CheckStatus::Fail {
                failing
                    .entry(s.result.rule.as_str())
                    .or_default()
                    .insert(s.path.as_str());
            }
            if let Some(c) = self.csv.as_mut() {
                c.series(s)?;
            }
            self.send(DbRow::Series(s.clone()))?;
        }
        for (rule, paths) in failing {
            *self
                .summary
                .failing_by_rule
                .entry(rule.to_string())
                .or_default() += paths.len();
        }
        self.send(DbRow::Finish)?;
        if let Some((tx, handle)) = self.db.take() {
            drop(tx);
            handle
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("database writer panicked")))?;
        }
        if let Some(n) = self.ndjson.take() {
            n.finish()?;
        }
        if let Some(c) = self.csv.take() {
            c.finish()?;
        }
        self.compact.flush()?;
        self.compact.get_ref().sync_all()?;
        drop(self.compact);
        self.staged_journal.commit()?;
        Ok(self.summary)
    }
}

/// Renders `out_dir`'s outputs from whole journals (used by `merge`).
pub fn render(
    journals: &[PathBuf],
    out_dir: &Path,
    formats: Formats,
    bom: bool,
) -> std::io::Result<RenderSummary> {
    let entries = load_entries(journals)?;
    let mut files: Vec<Option<File>> = journals.iter().map(|j| File::open(j).ok()).collect();
    let mut r = Renderer::create(out_dir, formats, bom)?;
    for e in &entries {
        let Some(f) = files[e.file].as_mut() else {
            continue;
        };
        let line = journal::read_line(f, e)?;
        r.push(&line, e.is_error)?;
    }
    r.finish()
}
