//! The HTML audit: pages a journalist can read and publish.
//!
//! `xxgk audit FILE... --out DIR` (and `xxgk batch … --audit`, into
//! `DIR/audit/`) writes one self-contained page per report,
//! `reports/<name>.html` ([`page_name`]), and an `index.html` over all of
//! them. Pages carry their CSS (and the index its sorting script) inline;
//! nothing is fetched from the network, no font, no CDN. Pictures of PDF
//! pages are inline SVG redrawn from the glyphs and ruling lines xxgk read.
//!
//! A report's page ([`report_page`]) gives the source (file, SHA-256,
//! format), agency, year and template; a one-line verdict in Chinese and
//! English ([`Verdict`]); every failing check explained (rule, the
//! arithmetic with the printed numbers, the cells read with their page);
//! every table laid out like the national form with each cell's printed
//! text, cells of failing checks highlighted and linked to the check, blank
//! cells told apart from cells xxgk could not read; and, for PDFs, a
//! picture of the page region around each failing table.
//!
//! Stable hooks for tests and scrapers: each value cell is
//! `<td data-cell="table.row.column" data-state="…">`, with the class `fail`
//! when a failing error-level check read it; each check is an `<article
//! id="chk-N" data-rule="rule.id" data-status="…" data-location="…">`, N
//! its index in the record's `checks`.
//!
//! ```
//! let text = std::fs::read("fixtures/seed_guyuan_2020.txt").unwrap();
//! let rec = xxgk::extract_bytes("seed_guyuan_2020.txt", &text, &xxgk::Settings::default()).unwrap();
//! let html = xxgk::audit::report_page(&rec, None);
//! assert!(html.contains("data-cell=\"applications.new_received.natural_person\""));
//! assert!(!html.contains("http://") && !html.contains("https://"));
//! ```

pub mod form;
pub mod html;
pub mod index;
pub mod page;
pub mod picture;

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

pub use index::{index_page, IndexEntry};
pub use page::report_page;

use crate::batch::inputs;
use crate::check::series::{series_checks, ReportSummary};
use crate::output::ErrorRow;
use crate::record::{CheckStatus, Severity};
use crate::{Error, ErrorKind, Record, Settings};

/// The folder of the report pages, inside the audit folder.
pub const REPORTS_DIR: &str = "reports";

/// The index page's file name in the audit folder.
pub const INDEX_FILE: &str = "index.html";

/// The file name of a report's page, relative to the audit folder:
/// `reports/<file name, made safe>-<8 hex digits of the path's SHA-256>.html`.
/// It depends on the path alone, so a rerun overwrites the same page.
///
/// ```
/// let a = xxgk::audit::page_name("archive/2023/洪泽区 年报.pdf");
/// assert!(a.starts_with("reports/_____-") || a.starts_with("reports/"));
/// assert!(a.ends_with(".html"));
/// assert_ne!(a, xxgk::audit::page_name("archive/2024/洪泽区 年报.pdf"));
/// ```
pub fn page_name(path: &str) -> String {
    let file = Path::new(path)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut safe: String = file
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    if safe.is_empty() {
        safe.push_str("report");
    }
    let hash = crate::record::sha256_hex(path.as_bytes());
    format!("{REPORTS_DIR}/{safe}-{}.html", &hash[..8])
}

/// A number from a record's JSON, as people write it.
pub(crate) fn json_num(v: &Value) -> String {
    match v.as_f64() {
        Some(f) => crate::check::explain::fmt_num(f),
        None => crate::output::cell_text(v),
    }
}

/// The rules that compare a report's numbers with its own totals.
fn is_arithmetic(rule: &str) -> bool {
    matches!(
        rule,
        "applications.balance"
            | "applications.results_total"
            | "applications.row_total"
            | "review_litigation.row_total"
    )
}

/// A report's outcome in counts, and its one-line verdict.
///
/// ```
/// use xxgk::audit::Verdict;
/// use xxgk::record::{CheckStatus, Severity};
/// let v = Verdict::of([
///     ("applications.balance", Severity::Error, CheckStatus::Fail),
///     ("applications.balance", Severity::Error, CheckStatus::Pass),
/// ].into_iter());
/// assert_eq!(v.status(), "fail");
/// assert_eq!(v.zh(), "本报告有 1 处数字与自身合计不符");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Failing error-level instances.
    pub errors: usize,
    /// Of which arithmetic (a total against its parts).
    pub arithmetic: usize,
    /// Of which values out of their domain.
    pub domain: usize,
    /// Error-level instances that could not be decided.
    pub not_assessable: usize,
    /// Failing warning- and info-level instances.
    pub warnings: usize,
    /// Passing arithmetic instances.
    pub checked: usize,
}

impl Verdict {
    /// Counts the outcomes of a report's checks.
    pub fn of<'a>(checks: impl Iterator<Item = (&'a str, Severity, CheckStatus)>) -> Verdict {
        let mut v = Verdict::default();
        for (rule, severity, status) in checks {
            match (severity, status) {
                (Severity::Error, CheckStatus::Fail) => {
                    v.errors += 1;
                    if is_arithmetic(rule) {
                        v.arithmetic += 1;
                    } else if rule == "values.domain" {
                        v.domain += 1;
                    }
                }
                (Severity::Error, CheckStatus::NotAssessable) => v.not_assessable += 1,
                (Severity::Error, CheckStatus::Pass) if is_arithmetic(rule) => v.checked += 1,
                (_, CheckStatus::Fail) => v.warnings += 1,
                _ => {}
            }
        }
        v
    }

    /// `fail` (an error-level check fails), `incomplete` (none fails but
    /// some cannot be decided), `warn` (only warnings fail) or `ok`.
    pub fn status(&self) -> &'static str {
        if self.errors > 0 {
            "fail"
        } else if self.not_assessable > 0 {
            "incomplete"
        } else if self.warnings > 0 {
            "warn"
        } else {
            "ok"
        }
    }

    /// The CSS class of the verdict line (the status).
    pub fn class(&self) -> &'static str {
        self.status()
    }

    /// The status in Chinese, short.
    pub fn status_zh(&self) -> &'static str {
        match self.status() {
            "fail" => "不符",
            "incomplete" => "无法完全核对",
            "warn" => "有提醒",
            _ => "相符",
        }
    }

    /// The verdict in one Chinese sentence.
    pub fn zh(&self) -> String {
        let mut s = if self.errors > 0 {
            let mut parts = Vec::new();
            if self.arithmetic > 0 {
                parts.push(format!("{} 处数字与自身合计不符", self.arithmetic));
            }
            if self.domain > 0 {
                parts.push(format!("{} 处数值不在取值范围内", self.domain));
            }
            let other = self.errors - self.arithmetic - self.domain;
            if other > 0 {
                parts.push(format!("{other} 处其他错误"));
            }
            format!("本报告有 {}", parts.join("，"))
        } else if self.not_assessable > 0 {
            format!(
                "未发现数字与自身合计不符，但有 {} 处因单元格空白、未读出或缺失而无法核对",
                self.not_assessable
            )
        } else if self.checked > 0 {
            format!("本报告的数字与自身合计全部相符（核对 {} 处）", self.checked)
        } else {
            "未能核对本报告的数字（未找到可核对的表格）".to_string()
        };
        if self.errors > 0 && self.not_assessable > 0 {
            s.push_str(&format!("；另有 {} 处无法核对", self.not_assessable));
        }
        s
    }

    /// The verdict in one English sentence.
    pub fn en(&self) -> String {
        if self.errors > 0 {
            format!(
                "{} error-level check instance(s) fail: {} total(s) disagree with their parts, {} value(s) out of range{}",
                self.errors,
                self.arithmetic,
                self.domain,
                if self.not_assessable > 0 {
                    format!("; {} more cannot be decided", self.not_assessable)
                } else {
                    String::new()
                }
            )
        } else if self.not_assessable > 0 {
            format!(
                "No total disagrees, but {} check instance(s) cannot be decided (blank, unread or missing cells)",
                self.not_assessable
            )
        } else if self.checked > 0 {
            format!(
                "Every total agrees with its parts ({} checked)",
                self.checked
            )
        } else {
            "Nothing could be checked (no table found)".to_string()
        }
    }
}

/// How to run `xxgk audit`.
#[derive(Clone)]
pub struct AuditOptions {
    /// The output folder (created if missing).
    pub out_dir: PathBuf,
    /// Worker threads; `0` means one per core.
    pub jobs: usize,
    /// Extraction settings.
    pub settings: Settings,
}

/// What `xxgk audit` wrote.
#[derive(Debug, Clone, Default)]
pub struct AuditSummary {
    /// Report pages written.
    pub reports: usize,
    /// Reports with a failing error-level check.
    pub failing: usize,
    /// Files refused (listed on the index page).
    pub refused: Vec<ErrorRow>,
    /// The index page.
    pub index: PathBuf,
}

/// Writes a report's page into the audit folder `dir` (creating
/// `dir/reports/`); returns its path.
pub fn write_report_page(
    dir: &Path,
    record: &Record,
    doc: Option<&crate::ingest::Document>,
) -> std::io::Result<PathBuf> {
    let name = page_name(&record.source.path);
    let path = dir.join(&name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    write_atomic(&path, report_page(record, doc).as_bytes())?;
    Ok(path)
}

/// Writes `bytes` to `path` through a temporary file renamed into place.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("html.tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Writes the index page of the audit folder `dir`. A report whose page is
/// not in `dir` is listed without a link.
pub fn write_index(
    dir: &Path,
    entries: &[IndexEntry],
    series: &[crate::check::series::SeriesCheck],
    refused: &[ErrorRow],
) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let exists = |p: &str| dir.join(page_name(p)).is_file();
    let path = dir.join(INDEX_FILE);
    write_atomic(
        &path,
        index_page(entries, series, refused, &exists).as_bytes(),
    )?;
    Ok(path)
}

/// An extractor for `xxgk batch --audit`: extracts a file (with `inner`
/// when given, else [`crate::extract_bytes_with_document`]), writes its
/// page into the audit folder `dir`, and returns the record. With `inner`
/// the page has no pictures (no document is at hand).
pub fn batch_extractor(
    dir: PathBuf,
    settings: Settings,
    inner: Option<crate::batch::run::Extractor>,
) -> crate::batch::run::Extractor {
    Arc::new(move |name: &str, bytes: &[u8]| {
        let (record, doc) = match &inner {
            Some(ex) => (ex(name, bytes)?, None),
            None => {
                let (r, d) = crate::extract_bytes_with_document(name, bytes, &settings)?;
                (r, Some(d))
            }
        };
        write_report_page(&dir, &record, doc.as_ref())?;
        Ok(record)
    })
}

/// `xxgk audit`: extracts every file of `inputs` (files, folders, glob
/// patterns, as for `xxgk batch`), writes a page per report and the index
/// into `opts.out_dir`. A file that gives no record is listed on the index
/// with its reason. An input naming nothing stops the run before it starts
/// (an `std::io::ErrorKind::NotFound` error whose inner error is an
/// [`inputs::MissingInputs`]).
pub fn run(paths: &[String], opts: &AuditOptions) -> std::io::Result<AuditSummary> {
    let expanded = inputs::expand(paths);
    if !expanded.missing.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            inputs::MissingInputs {
                inputs: expanded.missing,
            },
        ));
    }
    std::fs::create_dir_all(opts.out_dir.join(REPORTS_DIR))?;
    let mut files: Vec<String> = expanded
        .files
        .into_iter()
        .chain(expanded.unreadable)
        .collect();
    files.sort();
    files.dedup();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .thread_name(|_| "xxgk-audit".to_string())
        .build()
        .map_err(std::io::Error::other)?;
    type Done = Result<(IndexEntry, ReportSummary), ErrorRow>;
    let one = |path: &String| -> std::io::Result<Done> {
        let refuse = |sha: &str, e: Error| ErrorRow {
            path: path.clone(),
            sha256: sha.to_string(),
            reason: e.reason_code().to_string(),
            message: e.to_string(),
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return Ok(Err(refuse("", Error::from(e)))),
        };
        let sha = crate::record::sha256_hex(&bytes);
        let got = catch_unwind(AssertUnwindSafe(|| {
            crate::extract_bytes_with_document(path, &bytes, &opts.settings)
        }))
        .unwrap_or_else(|p| {
            Err(Error::new(ErrorKind::Internal {
                detail: crate::batch::run::panic_text(&*p),
            }))
        });
        let (record, doc) = match got {
            Ok(x) => x,
            Err(e) => return Ok(Err(refuse(&sha, e))),
        };
        write_report_page(&opts.out_dir, &record, Some(&doc))?;
        let value = serde_json::to_value(&record).map_err(std::io::Error::other)?;
        let entry = IndexEntry::from_json(&value)
            .ok_or_else(|| std::io::Error::other("audit: a record does not read back"))?;
        Ok(Ok((entry, ReportSummary::from_record(&record))))
    };
    let results: Vec<std::io::Result<Done>> = pool.install(|| {
        use rayon::prelude::*;
        files.par_iter().map(one).collect()
    });
    let mut entries = Vec::new();
    let mut summaries = Vec::new();
    let mut refused = Vec::new();
    for r in results {
        match r? {
            Ok((e, s)) => {
                entries.push(e);
                summaries.push(s);
            }
            Err(row) => refused.push(row),
        }
    }
    let series = series_checks(&summaries);
    let index = write_index(&opts.out_dir, &entries, &series, &refused)?;
    Ok(AuditSummary {
        reports: entries.len(),
        failing: entries.iter().filter(|e| e.verdict.errors > 0).count(),
        refused,
        index,
    })
}

/// The failing rules of a record's checks (as JSON), sorted.
pub(crate) fn failing_rules(rec: &Value) -> BTreeSet<String> {
    rec.get("checks")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .filter(|c| c.get("status").and_then(|s| s.as_str()) == Some("fail"))
        .filter_map(|c| c.get("rule").and_then(|r| r.as_str()).map(String::from))
        .collect()
}
