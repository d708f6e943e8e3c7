//! Rendering the outputs from journal lines given in path order: one entry
//! per path, cross-report checks after all records. The result depends only
//! on the lines pushed, so a single run and a merge of shards over the same
//! files render identically.
//!
//! Memory stays bounded: each record is parsed, written out and dropped;
//! only a small [`ReportSummary`] per report is kept for the series checks,
//! and for each agency key and year a digest of each version's cells (a
//! version's cells are read back from the journal being written when a
//! later report of the same agency and year has other cells).
//! SQLite is written by its own thread, fed through a small bounded channel,
//! so database work overlaps JSON parsing and CSV writing.
//!
//! Reports of the same agency key and year are compared as they come (in
//! path order, see [`super::copies`]): a copy of an earlier report gets
//! `duplicate_of` (in `records.ndjson`, `reports.csv` and SQLite), a
//! report with other cells gets `conflicts_with` (the first version's path)
//! and one `series.conflicting_versions` finding per differing cell.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::copies::{self, Cells};
use super::journal::{self, Entry, JOURNAL};
use super::overview::{self, AgencyRow};
use crate::check::series::{conflict_checks, series_checks, ReportSummary, SeriesCheck};
use crate::identity::{identify, Region};
use crate::output::csv::CsvWriters;
use crate::output::ndjson::NdjsonWriter;
use crate::output::sqlite::SqliteWriter;
use crate::output::{ErrorRow, Formats, ReportFields, Staged};
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
    /// Agencies (agency keys) in the overview.
    pub agencies: usize,
    /// Pairs of reports of one agency in consecutive years that were checked.
    pub pairs: usize,
    /// Missing years between an agency's first and last report, summed.
    pub gaps: usize,
    /// Records that are copies of another record (`duplicate_of`).
    pub copies: usize,
    /// Records that are another version of an earlier record (`conflicts_with`).
    pub conflicting_reports: usize,
}

impl RenderSummary {
    /// Error rows in all.
    pub fn errors(&self) -> usize {
        self.errors_by_reason.values().sum()
    }
}

/// Loads and merges the journals' indexes: one entry per file identity and
/// per path (later journals and later lines win), sorted by path.
pub fn load_entries(journals: &[PathBuf]) -> std::io::Result<Vec<Entry>> {
    let mut all = Vec::new();
    for (i, j) in journals.iter().enumerate() {
        all.extend(journal::scan(j, i)?.0);
    }
    Ok(latest(all))
}

/// One entry per file identity and per path, the later of two winning,
/// sorted by path.
pub fn latest(entries: Vec<Entry>) -> Vec<Entry> {
    let mut by_id: HashMap<String, (usize, Entry)> = HashMap::new();
    for (n, e) in entries.into_iter().enumerate() {
        by_id.insert(e.id.clone(), (n, e));
    }
    let mut by_path: HashMap<String, (usize, Entry)> = HashMap::new();
    for (n, e) in by_id.into_values() {
        match by_path.get(&e.path) {
            Some((m, _)) if *m > n => {}
            _ => {
                by_path.insert(e.path.clone(), (n, e));
            }
        }
    }
    let mut v: Vec<Entry> = by_path.into_values().map(|(_, e)| e).collect();
    v.sort_by(|a, b| a.path.cmp(&b.path));
    v
}

enum DbRow {
    Record(Arc<serde_json::Value>, ReportFields),
    Error(ErrorRow),
    Series(Box<SeriesCheck>),
    Agency(AgencyRow),
    /// Everything is sent: commit and rename. Without it (an error upstream)
    /// the database stays a temporary file.
    Finish,
}

fn write_db(mut db: SqliteWriter, rx: Receiver<DbRow>) -> std::io::Result<()> {
    for row in rx {
        match row {
            DbRow::Record(v, f) => db.record(&v, &f)?,
            DbRow::Error(e) => db.error(&e)?,
            DbRow::Series(s) => db.series(&s)?,
            DbRow::Agency(a) => db.agency(&a)?,
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
    /// Bytes written to `compact` so far.
    compact_len: u64,
    /// `compact` opened for reading back a version's cells.
    compact_reader: Option<File>,
    staged_journal: Staged,
    ndjson: Option<NdjsonWriter>,
    csv: Option<CsvWriters>,
    db: Option<(SyncSender<DbRow>, JoinHandle<std::io::Result<()>>)>,
    summary: RenderSummary,
    summaries: Vec<ReportSummary>,
    /// (agency key, year) → the versions seen so far, in path order.
    versions: HashMap<(String, i32), Vec<Version>>,
    /// `series.conflicting_versions` findings, in path order.
    conflicts: Vec<SeriesCheck>,
    last_path: Option<String>,
    /// The audit folder whose index page is written at the end, and what
    /// it lists.
    audit: Option<AuditIndex>,
}

/// What the audit index page lists, gathered while rendering.
struct AuditIndex {
    dir: PathBuf,
    entries: Vec<crate::audit::IndexEntry>,
    refused: Vec<ErrorRow>,
}

/// One version of a report of one agency and year: the first report with
/// these cells, in path order.
struct Version {
    path: String,
    agency: String,
    /// Where its line is in `compact`.
    offset: u64,
    len: usize,
    digest: [u8; 32],
    /// How many of its own error-level checks fail.
    own_errors: usize,
    /// Its cells, once read back.
    cells: Option<Cells>,
}

/// How many earlier versions of one agency and year a report's cells are
/// compared with (digests are compared with all). One agency publishes a
/// handful; many more share a key only when the titles were misread, and
/// the bound keeps such a group from costing time quadratic in its size.
const VERSIONS_COMPARED: usize = 32;

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
            compact_len: 0,
            compact_reader: None,
            staged_journal,
            ndjson,
            csv,
            db,
            summary: RenderSummary::default(),
            summaries: Vec::new(),
            versions: HashMap::new(),
            conflicts: Vec::new(),
            last_path: None,
            audit: None,
        })
    }

    /// Also writes the audit index page (`index.html`) into `dir` when
    /// finishing, listing every record and error row pushed (the report
    /// pages themselves are written by the extractor, see
    /// [`crate::audit::batch_extractor`]).
    pub fn with_audit(mut self, dir: PathBuf) -> Renderer {
        self.audit = Some(AuditIndex {
            dir,
            entries: Vec::new(),
            refused: Vec::new(),
        });
        self
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
            self.write_compact(line)?;
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
            if let Some(a) = self.audit.as_mut() {
                a.refused.push(row.clone());
            }
            return self.send(DbRow::Error(row));
        }
        let Some(range) = journal::record_bytes(line) else {
            return Err(std::io::Error::other(
                "render: a journal line does not parse",
            ));
        };
        let value = Arc::new(serde_json::from_slice::<serde_json::Value>(
            &line[range.clone()],
        )?);
        self.push_record(line, range, value)
    }

    fn write_compact(&mut self, line: &[u8]) -> std::io::Result<u64> {
        let offset = self.compact_len;
        self.compact.write_all(line)?;
        self.compact.write_all(b"\n")?;
        self.compact_len += line.len() as u64 + 1;
        Ok(offset)
    }

    /// The cells of a version, read back from the journal being written.
    fn read_cells(&mut self, v: &Version) -> std::io::Result<Cells> {
        self.compact.flush()?;
        if self.compact_reader.is_none() {
            self.compact_reader = Some(File::open(self.staged_journal.path())?);
        }
        let f = self.compact_reader.as_mut().expect("just opened");
        f.seek(SeekFrom::Start(v.offset))?;
        let mut line = vec![0; v.len];
        f.read_exact(&mut line)?;
        let range = journal::record_bytes(&line)
            .ok_or_else(|| std::io::Error::other("render: a journal line does not parse"))?;
        let value: serde_json::Value = serde_json::from_slice(&line[range])?;
        Ok(copies::cells(&value))
    }

    /// Compares a record with the earlier versions of its agency and year:
    /// returns the path it is a copy of, or else the first version's path
    /// when there is one (and records the conflict findings), and adds it
    /// as a new version.
    fn place_version(
        &mut self,
        key: &str,
        year: i32,
        path: &str,
        agency: &str,
        value: &serde_json::Value,
        at: (u64, usize),
    ) -> std::io::Result<(Option<String>, Option<String>)> {
        let cells = copies::cells(value);
        let digest = copies::digest(&cells);
        let own_errors = value
            .get("checks")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
            .filter(|c| {
                c.get("severity").and_then(|s| s.as_str()) == Some("error")
                    && c.get("status").and_then(|s| s.as_str()) == Some("fail")
            })
            .count();
        let group_key = (key.to_string(), year);
        let mut earlier = self.versions.remove(&group_key).unwrap_or_default();
        let mut result = (None, None);
        if let Some(v) = earlier.iter().find(|v| v.digest == digest) {
            result.0 = Some(v.path.clone());
        } else {
            let mut first_differences = None;
            for v in earlier.iter_mut().take(VERSIONS_COMPARED) {
                if v.cells.is_none() {
                    v.cells = Some(self.read_cells(v)?);
                }
                let c = copies::compare(v.cells.as_ref().expect("just read"), &cells);
                if c.same_report {
                    result.0 = Some(v.path.clone());
                    break;
                }
                first_differences.get_or_insert(c.differences);
            }
            if let (None, Some(first), Some(differences)) =
                (&result.0, earlier.first(), first_differences)
            {
                result.1 = Some(first.path.clone());
                self.conflicts.extend(conflict_checks(
                    key,
                    (&first.path, &first.agency, first.own_errors),
                    (path, agency, own_errors),
                    &differences,
                ));
            }
        }
        let mut versions = earlier;
        if result.0.is_none() {
            versions.push(Version {
                path: path.to_string(),
                agency: agency.to_string(),
                offset: at.0,
                len: at.1,
                digest,
                own_errors,
                cells: None,
            });
        }
        self.versions.insert(group_key, versions);
        Ok(result)
    }

    /// Writes one record given both as its journal line and parsed;
    /// `record` is where the record's JSON lies in `line`.
    pub fn push_record(
        &mut self,
        line: &[u8],
        record: Range<usize>,
        mut value: Arc<serde_json::Value>,
    ) -> std::io::Result<()> {
        let offset = self.write_compact(line)?;
        let path = value
            .pointer("/source/path")
            .and_then(|p| p.as_str())
            .unwrap_or_default()
            .to_string();
        self.check_order(&path)?;
        let agency = value
            .get("agency")
            .and_then(|a| a.as_str())
            .map(String::from);
        // records of older versions lack the identity fields: compute them
        let parsed = match value.get("agency_key") {
            Some(_) => None,
            None => agency.as_deref().and_then(identify),
        };
        let agency_key = match &parsed {
            Some(p) => Some(p.key.clone()),
            None => value
                .get("agency_key")
                .and_then(|k| k.as_str())
                .map(String::from),
        };
        let region: Option<Region> = match parsed {
            Some(p) => p.region,
            None => value
                .get("region")
                .and_then(|r| serde_json::from_value(r.clone()).ok()),
        };
        let year = value
            .get("year")
            .and_then(|y| y.as_i64())
            .and_then(|y| i32::try_from(y).ok());
        let (duplicate_of, conflicts_with) = match (&agency_key, year) {
            (Some(key), Some(year)) if !key.is_empty() => self.place_version(
                key,
                year,
                &path,
                agency.as_deref().unwrap_or_default(),
                &value,
                (offset, line.len()),
            )?,
            _ => (None, None),
        };
        let mut ndjson_line = std::borrow::Cow::Borrowed(&line[record]);
        if let Some(first) = &duplicate_of {
            ndjson_line = std::borrow::Cow::Owned(copies::with_duplicate_of(&ndjson_line, first));
            if let Some(obj) = Arc::make_mut(&mut value).as_object_mut() {
                obj.insert("duplicate_of".into(), first.clone().into());
            }
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
        if let Some(mut s) = ReportSummary::from_json(&value) {
            s.agency_key = agency_key.clone();
            self.summaries.push(s);
        }
        if let Some(n) = self.ndjson.as_mut() {
            n.write_line(&ndjson_line)?;
        }
        self.summary.conflicting_reports += usize::from(conflicts_with.is_some());
        let fields = ReportFields {
            agency_key,
            region,
            duplicate_of,
            conflicts_with,
        };
        if let Some(c) = self.csv.as_mut() {
            c.record(&value, &fields)?;
        }
        if let Some(a) = self.audit.as_mut() {
            if let Some(mut e) = crate::audit::IndexEntry::from_json(&value) {
                e.agency_key = fields.agency_key.clone().or(e.agency_key);
                a.entries.push(e);
            }
        }
        self.send(DbRow::Record(value, fields))
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
        let summaries = std::mem::take(&mut self.summaries);
        let mut series = series_checks(&summaries);
        series.append(&mut self.conflicts);
        let mut failing: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let mut series_errors: HashMap<String, usize> = HashMap::new();
        for s in &series {
            if s.result.status == CheckStatus::Fail
                && s.result.severity == crate::record::Severity::Error
            {
                *series_errors.entry(s.path.clone()).or_default() += 1;
            }
            if s.result.status == CheckStatus::Fail {
                failing
                    .entry(s.result.rule.as_str())
                    .or_default()
                    .insert(s.path.as_str());
            }
            if let Some(c) = self.csv.as_mut() {
                c.series_check(s)?;
            }
            self.send(DbRow::Series(Box::new(s.clone())))?;
        }
        let rows = overview::agencies(&summaries, &series);
        self.summary.agencies = rows.len();
        for row in rows {
            self.summary.pairs += row.pairs;
            self.summary.gaps += row.gaps.len();
            self.summary.copies += row.copies;
            if let Some(c) = self.csv.as_mut() {
                c.agency(&row)?;
            }
            self.send(DbRow::Agency(row))?;
        }
        for (rule, paths) in failing {
            *self
                .summary
                .failing_by_rule
                .entry(rule.to_string())
                .or_default() += paths.len();
        }
        if let Some(a) = self.audit.take() {
            crate::audit::write_index(&a.dir, &a.entries, &series, &a.refused)?;
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
            c.finish(&series_errors)?;
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
