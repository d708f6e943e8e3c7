//! Rendering the outputs from one or more journals: sorted by path, one
//! entry per path (the last written wins), cross-report checks after all
//! records. The result depends only on the set of journal entries, so a
//! single run and a merge of shards over the same files render identically.
//!
//! Memory stays bounded: only an index (path, hash, offset) and a small
//! [`ReportSummary`] per report are held; each record is read back, written
//! out and dropped.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::journal::{self, Entry, JOURNAL};
use crate::check::series::{series_checks, ReportSummary};
use crate::output::csv::CsvWriters;
use crate::output::ndjson::NdjsonWriter;
use crate::output::sqlite::SqliteWriter;
use crate::output::{Formats, Staged};

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

/// Renders `out_dir`'s outputs (and a compacted, sorted `journal.ndjson`)
/// from `journals`. Every file is written under a temporary name and renamed
/// into place at the end.
pub fn render(
    journals: &[PathBuf],
    out_dir: &Path,
    formats: Formats,
    bom: bool,
) -> std::io::Result<RenderSummary> {
    let entries = load_entries(journals)?;
    let mut files: Vec<File> = journals
        .iter()
        .map(|j| File::open(j).or_else(|_| tempfile_empty()))
        .collect::<std::io::Result<_>>()?;
    let staged_journal = Staged::new(out_dir, JOURNAL)?;
    let mut compact = BufWriter::new(File::create(staged_journal.path())?);
    let mut ndjson = if formats.ndjson {
        Some(NdjsonWriter::create(out_dir)?)
    } else {
        None
    };
    let mut csv = if formats.csv {
        Some(CsvWriters::create(out_dir, bom)?)
    } else {
        None
    };
    // The database is written by its own thread, fed in order through a
    // bounded channel, so SQLite work overlaps JSON parsing and CSV writing.
    let db = if formats.sqlite {
        Some(SqliteWriter::create(out_dir)?)
    } else {
        None
    };
    std::thread::scope(|scope| {
        let (tx, db_thread) = match db {
            Some(db) => {
                let (tx, rx) = std::sync::mpsc::sync_channel::<DbRow>(64);
                (Some(tx), Some(scope.spawn(move || write_db(db, rx))))
            }
            None => (None, None),
        };
        let body = render_rows(
            &entries,
            &mut files,
            &mut compact,
            &mut ndjson,
            &mut csv,
            tx,
        );
        let db_result = match db_thread {
            Some(t) => t
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("database writer panicked"))),
            None => Ok(()),
        };
        let summary = body?;
        db_result?;
        finish(ndjson, csv, compact, staged_journal)?;
        Ok(summary)
    })
}

enum DbRow {
    Record(std::sync::Arc<serde_json::Value>),
    Error(crate::output::ErrorRow),
    Series(crate::check::series::SeriesCheck),
}

fn write_db(mut db: SqliteWriter, rx: std::sync::mpsc::Receiver<DbRow>) -> std::io::Result<()> {
    for row in rx {
        match row {
            DbRow::Record(v) => db.record(&v)?,
            DbRow::Error(e) => db.error(&e)?,
            DbRow::Series(s) => db.series(&s)?,
        }
    }
    db.finish()
}

fn send(tx: &Option<std::sync::mpsc::SyncSender<DbRow>>, row: DbRow) -> std::io::Result<()> {
    match tx {
        Some(tx) => tx
            .send(row)
            .map_err(|_| std::io::Error::other("database writer stopped")),
        None => Ok(()),
    }
}

fn finish(
    ndjson: Option<NdjsonWriter>,
    csv: Option<CsvWriters>,
    mut compact: BufWriter<File>,
    staged_journal: Staged,
) -> std::io::Result<()> {
    if let Some(n) = ndjson {
        n.finish()?;
    }
    if let Some(c) = csv {
        c.finish()?;
    }
    compact.flush()?;
    compact.get_ref().sync_all()?;
    drop(compact);
    staged_journal.commit()
}

/// Writes every entry and the series checks; dropping `db` (the sender) at
/// the end lets the database thread finish.
fn render_rows(
    entries: &[Entry],
    files: &mut [File],
    compact: &mut BufWriter<File>,
    ndjson: &mut Option<NdjsonWriter>,
    csv: &mut Option<CsvWriters>,
    db: Option<std::sync::mpsc::SyncSender<DbRow>>,
) -> std::io::Result<RenderSummary> {
    let mut summary = RenderSummary::default();
    let mut summaries = Vec::new();
    for e in entries {
        let line = journal::read_line(&mut files[e.file], e)?;
        compact.write_all(&line)?;
        compact.write_all(b"\n")?;
        if e.is_error {
            let Some(row) = journal::parse_error(&line) else {
                continue;
            };
            *summary
                .errors_by_reason
                .entry(row.reason.clone())
                .or_default() += 1;
            if let Some(c) = csv.as_mut() {
                c.error(&row)?;
            }
            send(&db, DbRow::Error(row))?;
            continue;
        }
        let value = std::sync::Arc::new(serde_json::from_slice::<serde_json::Value>(&line)?);
        summary.records += 1;
        let mut failing: Vec<&str> = value
            .get("checks")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
            .filter(|c| c.get("status").and_then(|s| s.as_str()) == Some("fail"))
            .filter_map(|c| c.get("rule").and_then(|r| r.as_str()))
            .collect();
        failing.sort_unstable();
        failing.dedup();
        for rule in failing {
            *summary.failing_by_rule.entry(rule.to_string()).or_default() += 1;
        }
        if let Some(s) = ReportSummary::from_json(&value) {
            summaries.push(s);
        }
        if let Some(n) = ndjson.as_mut() {
            n.write_line(&line)?;
        }
        if let Some(c) = csv.as_mut() {
            c.record(&value)?;
        }
        send(&db, DbRow::Record(value))?;
    }
    let series = series_checks(&summaries);
    drop(summaries);
    let mut failing_pairs: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for s in &series {
        if s.result.status == crate::record::CheckStatus::Fail {
            failing_pairs
                .entry(s.result.rule.as_str())
                .or_default()
                .insert(s.path.as_str());
        }
        if let Some(c) = csv.as_mut() {
            c.series(s)?;
        }
        send(&db, DbRow::Series(s.clone()))?;
    }
    for (rule, paths) in failing_pairs {
        *summary.failing_by_rule.entry(rule.to_string()).or_default() += paths.len();
    }
    drop(db);
    Ok(summary)
}

fn tempfile_empty() -> std::io::Result<File> {
    // A journal that does not exist reads as empty; `scan` gave it no entries.
    File::open(if cfg!(windows) { "NUL" } else { "/dev/null" })
}
