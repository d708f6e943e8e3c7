//! xxgk reads Chinese government information-disclosure annual reports
//! (政府信息公开工作年度报告) and turns each into a checked [`Record`].
//!
//! The pipeline, one module per stage:
//!
//! 1. [`ingest`]: PDF, text or HTML bytes → positioned [`layout::Line`]s;
//! 2. [`layout`]: glyphs → cells → lines (PDF);
//! 3. [`section`]: the six numbered sections;
//! 4. [`template`]: the national format's tables, matched by row label and
//!    column position;
//! 5. [`normalize`]: cell text → number or null, raw text kept;
//! 6. [`check`]: the consistency rules of the spec;
//! 7. the binary writes the record.
//!
//! ```no_run
//! let record = xxgk::extract_path("report.pdf".as_ref(), &xxgk::Settings::default())?;
//! println!("{}", serde_json::to_string(&record).unwrap());
//! # Ok::<(), xxgk::Error>(())
//! ```
#![deny(missing_docs)]

pub mod audit;
pub mod batch;
pub mod check;
pub mod debug;
pub mod error;
pub mod geom;
pub mod identity;
pub mod ingest;
pub mod layout;
pub mod meta;
pub mod normalize;
pub mod ocr;
pub mod output;
pub mod pre2019;
pub mod record;
pub mod section;
pub mod settings;
pub mod template;

pub use error::{Error, ErrorKind, Result};
pub use record::Record;
pub use settings::Settings;

use std::path::Path;

/// Reads and checks one report file.
pub fn extract_path(path: &Path, settings: &Settings) -> Result<Record> {
    let bytes = std::fs::read(path)?;
    extract_bytes(&path.to_string_lossy(), &bytes, settings)
}

/// Reads and checks one report given as bytes; `name` is used for the
/// record's `source.path` and to help guess the format.
///
/// ```
/// let text = std::fs::read("fixtures/seed_guyuan_2020.txt").unwrap();
/// let rec = xxgk::extract_bytes("seed_guyuan_2020.txt", &text, &xxgk::Settings::default()).unwrap();
/// assert_eq!(rec.agency.as_deref(), Some("固原市城市管理局"));
/// assert_eq!(rec.template, xxgk::record::TemplateVersion::Gb2019);
/// ```
pub fn extract_bytes(name: &str, bytes: &[u8], settings: &Settings) -> Result<Record> {
    extract_bytes_with_document(name, bytes, settings).map(|(record, _)| record)
}

/// Like [`extract_bytes`], and also returns the document read: its pages'
/// glyphs and ruling lines are what [`audit`] draws the pictures of the
/// page from.
pub fn extract_bytes_with_document(
    name: &str,
    bytes: &[u8],
    settings: &Settings,
) -> Result<(Record, ingest::Document)> {
    let (doc, ocr) = ingest::read_document_ocr(name, bytes, settings)?;
    let mut record = build_record_with(name, bytes, &doc, settings)?;
    ocr::apply::apply(&mut record, &ocr, &settings.ocr);
    Ok((record, doc))
}

/// Builds the record of a document already read, with the default
/// [`Settings`].
pub fn build_record(name: &str, bytes: &[u8], doc: &ingest::Document) -> Result<Record> {
    build_record_with(name, bytes, doc, &Settings::default())
}

/// Every table of a document: those its input gives (ruled PDF grids, HTML,
/// DOCX) and, in a PDF, those read from the alignment of text in the table
/// areas, in reading order.
pub fn document_tables(doc: &ingest::Document, settings: &Settings) -> Vec<layout::table::Table> {
    let meta = meta::find_meta(&doc.lines);
    let (version, _) = template::detect::detect(&doc.lines, meta.year);
    let vspec = template::spec::Spec::builtin().version(version);
    let headings = section::find_headings(&doc.lines, vspec);
    tables_with(doc, &headings, settings)
}

fn tables_with(
    doc: &ingest::Document,
    headings: &[section::Heading],
    settings: &Settings,
) -> Vec<layout::table::Table> {
    let mut tables = doc.tables.clone();
    if doc.positioned && !doc.pages.is_empty() {
        for area in template::areas::aligned_areas(doc, headings, &doc.tables) {
            tables.extend(layout::aligned::aligned_tables(
                &doc.pages,
                &doc.lines,
                area,
                &settings.layout,
            ));
        }
        tables.sort_by_key(|t| t.first_line);
    }
    tables
}

/// Builds the record of a document already read.
pub fn build_record_with(
    name: &str,
    bytes: &[u8],
    doc: &ingest::Document,
    settings: &Settings,
) -> Result<Record> {
    let meta = meta::find_meta(&doc.lines);
    let (version, evidence) = template::detect::detect(&doc.lines, meta.year);
    // A report of a year before the national format, with none of its labels.
    if pre2019::before_format(&doc.lines, &meta, evidence) {
        let parts = pre2019::read(doc, &meta);
        return Ok(pre2019_record(name, bytes, doc, meta, parts));
    }
    let vspec = template::spec::Spec::builtin().version(version);
    // Crawler dumps print whole tables as one line: cut them into rows.
    let unglued;
    let doc = if doc.positioned {
        doc
    } else {
        unglued = unglue_outside_tables(doc, vspec);
        &unglued
    };
    let headings = section::find_headings(&doc.lines, vspec);
    let tables = tables_with(doc, &headings, settings);
    let matched = template::matcher::match_tables(doc, &tables, &headings, version);
    if !looks_like_report(doc, &meta, &matched) {
        // A pre-format report (its title, or its statistics table)?
        let parts = pre2019::read(doc, &meta);
        if pre2019::accepts(&doc.lines, &meta, &parts) {
            return Ok(pre2019_record(name, bytes, doc, meta, parts));
        }
        return Err(Error::new(ErrorKind::NotAReport {
            detail: "no template tables found".into(),
        }));
    }
    let agency_name = meta.agency.as_deref().and_then(identity::identify);
    let mut record = Record {
        schema: record::RECORD_SCHEMA,
        source: source(name, bytes, doc),
        duplicate_of: None,
        title: meta.title,
        agency_key: agency_name.as_ref().map(|a| a.key.clone()),
        region: agency_name.and_then(|a| a.region),
        agency: meta.agency,
        year: meta.year,
        template: version,
        hybrid: matched.hybrid,
        sections: section::sections(&doc.lines, &headings, doc.positioned),
        tables: matched.tables,
        extra_rows: matched.extra_rows,
        cells: matched.cells,
        checks: Vec::new(),
        warnings: matched.warnings,
        statistics_tables: None,
        indicators: None,
        stated_figures: None,
    };
    record.warnings.extend(source_warnings(doc, bytes));
    record.checks = check::check_record(&record);
    Ok(record)
}

/// Warnings about the input itself: a PDF cut short (the reader recovers
/// what it can, the record says so), pages without a text layer (a scanned
/// page inside a text PDF).
/// Where a record came from: the file's name, SHA-256, format and pages.
fn source(name: &str, bytes: &[u8], doc: &ingest::Document) -> record::Source {
    record::Source {
        path: name.to_string(),
        sha256: record::sha256_hex(bytes),
        format: doc.format,
        pages: doc.page_count,
        ocr: Vec::new(),
    }
}

fn source_warnings(doc: &ingest::Document, bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    if doc.format == record::SourceFormat::Pdf {
        let tail = &bytes[bytes.len().saturating_sub(2048)..];
        if !tail.windows(5).any(|w| w == b"%%EOF") {
            out.push(
                "PDF has no %%EOF at its end (truncated?); what follows the cut is missing".into(),
            );
        }
    }
    for p in doc.pages.iter().filter(|p| p.glyphs.is_empty()) {
        out.push(format!(
            "page {}: no text layer (scanned image?); its content is not read",
            p.page_index + 1
        ));
    }
    out
}

/// The record of a pre-format report ([`pre2019`]).
fn pre2019_record(
    name: &str,
    bytes: &[u8],
    doc: &ingest::Document,
    meta: meta::Meta,
    parts: pre2019::Parts,
) -> Record {
    let agency_name = meta.agency.as_deref().and_then(identity::identify);
    let mut record = Record {
        schema: record::RECORD_SCHEMA,
        source: source(name, bytes, doc),
        duplicate_of: None,
        title: meta.title,
        agency_key: agency_name.as_ref().map(|a| a.key.clone()),
        region: agency_name.and_then(|a| a.region),
        agency: meta.agency,
        year: meta.year,
        template: record::TemplateVersion::Pre2019,
        hybrid: None,
        sections: parts.sections,
        tables: record::Tables::new(),
        extra_rows: Vec::new(),
        cells: Vec::new(),
        checks: Vec::new(),
        warnings: parts.warnings,
        statistics_tables: Some(parts.statistics_tables),
        indicators: Some(parts.indicators),
        stated_figures: Some(parts.stated_figures),
    };
    record.warnings.extend(source_warnings(doc, bytes));
    record.checks = check::check_record(&record);
    record
}

/// Cuts glued crawler lines into rows, leaving the lines of structured
/// tables as they are (their cells' line indices move with them).
fn unglue_outside_tables(
    doc: &ingest::Document,
    vspec: &template::spec::VersionSpec,
) -> ingest::Document {
    let mut lines = Vec::with_capacity(doc.lines.len());
    let mut tables = doc.tables.clone();
    tables.sort_by_key(|t| t.first_line);
    let mut at = 0;
    for t in &mut tables {
        let start = t.first_line.max(at);
        lines.extend(template::glued::unglue(
            doc.lines[at..start].to_vec(),
            vspec,
        ));
        let end = t.end_line.max(start);
        let moved = lines.len();
        lines.extend_from_slice(&doc.lines[start..end]);
        t.offset_lines(moved);
        t.offset_lines_back(start);
        at = end;
    }
    lines.extend(template::glued::unglue(doc.lines[at..].to_vec(), vspec));
    ingest::Document {
        lines,
        tables,
        ..doc.clone()
    }
}

/// A report has template rows, speaks of 信息公开, and, when neither the
/// 申请 table nor the 复议/诉讼 table was found, has a report title: a budget
/// report that happens to list 行政事业性收费 is not one.
fn looks_like_report(
    doc: &ingest::Document,
    meta: &meta::Meta,
    matched: &template::matcher::Matched,
) -> bool {
    if matched.rows_found == 0 {
        return false;
    }
    let mentions = doc
        .lines
        .iter()
        .any(|l| l.cells.iter().any(|c| c.text.contains("信息公开")));
    let core_tables = matched.tables.contains_key("applications")
        || matched.tables.contains_key("review_litigation");
    mentions && (core_tables || meta.title.is_some())
}
