//! Fills the template tables from a document's lines.
//!
//! Rows are matched by label (normalised, with the spec's variants and a
//! tolerance for small typos). Values go to columns by position: by the
//! field index for tab-separated text (a blank field stays blank), and by the
//! cells' x positions for PDF, learned from the table's complete rows, so a
//! blank cell never shifts its neighbours.

use indexmap::IndexMap;

use crate::ingest::Document;
use crate::layout::table::{Table, TableOrigin};
use crate::normalize::{parse_cell, parse_cell_in, Value};
use crate::record::{CellSource, CellValue, ExtraRow, Number, Tables, TemplateVersion};
use crate::section::Heading;
use crate::template::glued;
use crate::template::label::normalize;
use crate::template::spec::{RowSpec, Spec, TableSpec, VersionSpec};
use crate::template::structured;

use crate::template::cells::{split_line, ValueCell};
use crate::template::columns::{learn_centers, place};
pub use crate::template::rows::LABEL_THRESHOLD;
use crate::template::rows::{best_row, match_rows, regions, row_matchers, RowMatcher};
use crate::template::runs::{resolve_runs, split_review_run};

/// The tables read from one document.
#[derive(Debug, Default)]
pub struct Matched {
    /// Values by table, row and column.
    pub tables: Tables,
    /// Where each value came from.
    pub cells: Vec<CellSource>,
    /// Rows beyond the format.
    pub extra_rows: Vec<ExtraRow>,
    /// Problems met (unreadable cells, values that could not be placed).
    pub warnings: Vec<String>,
    /// `other_handling` when a gb2021 report prints a single （六）其他处理 row.
    pub hybrid: Option<String>,
    /// Number of template rows found.
    pub rows_found: usize,
}

/// Fills every table of `version` from the document.
///
/// `tables` are the document's tables with structure (ruled PDF grids,
/// HTML, DOCX, and PDF tables read from their alignment), in reading
/// order. They are read by their header and row labels first; a template table they
/// give is taken from them alone. The other template tables are read from
/// the remaining lines (labels and value positions), the fallback for
/// sources without structure.
pub fn match_tables(
    doc: &Document,
    tables: &[Table],
    headings: &[Heading],
    version: TemplateVersion,
) -> Matched {
    let spec = Spec::builtin();
    let vspec: &VersionSpec = spec.version(version);
    let mut out = Matched::default();

    // The hybrid row （六）其他处理 of a gb2021 report, taken from gb2019.
    let hybrid_rows: Vec<RowSpec> = if version == TemplateVersion::Gb2021 {
        spec.version(TemplateVersion::Gb2019)
            .table("applications")
            .and_then(|t| t.rows.iter().find(|r| r.key == "other_handling"))
            .map(|r| RowSpec {
                key: r.key.clone(),
                label: r.label.clone(),
                group: r.group.clone(),
                subgroup: None,
            })
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };

    // 1. Tables with structure.
    let all: Vec<&TableSpec> = vspec.tables.iter().collect();
    let all_matchers = row_matchers(spec, &all, &hybrid_rows);
    let structured = structured::map_tables(doc, tables, spec, &all, &all_matchers);
    out.warnings.extend(structured.warnings.iter().cloned());
    let from_structure: Vec<&str> = structured
        .placements
        .iter()
        .map(|p| p.table.key.as_str())
        .collect();

    // 2. The other tables from the lines outside the structured tables.
    let masked;
    let line_doc = if structured.used_tables.is_empty() {
        doc
    } else {
        let mut lines = doc.lines.clone();
        for &ti in &structured.used_tables {
            let t = &tables[ti];
            for l in &mut lines[t.first_line.min(t.end_line)..t.end_line.min(doc.lines.len())] {
                l.cells.clear();
            }
        }
        masked = Document {
            format: doc.format,
            pages: Vec::new(),
            page_count: doc.page_count,
            lines,
            tables: doc
                .tables
                .iter()
                .filter(|t| t.origin == TableOrigin::Markdown)
                .cloned()
                .collect(),
            positioned: doc.positioned,
        };
        &masked
    };
    let regions = regions(&line_doc.lines, headings);
    let wanted = |t: &&TableSpec| !from_structure.contains(&t.key.as_str());
    let art20: Vec<&TableSpec> = vspec
        .tables
        .iter()
        .filter(|t| t.key.starts_with("art20"))
        .filter(wanted)
        .collect();
    let apps: Vec<&TableSpec> = vspec
        .tables
        .iter()
        .filter(|t| t.key == "applications")
        .filter(wanted)
        .collect();
    let review: Vec<&TableSpec> = vspec
        .tables
        .iter()
        .filter(|t| t.key == "review_litigation")
        .filter(wanted)
        .collect();

    let art20_matchers = row_matchers(spec, &art20, &[]);
    let mut hits = match_rows(line_doc, regions.art20, &art20_matchers);
    // Extra rows are read from every line of the 第二十条 area, tables
    // with structure included.
    let all_art20: Vec<&TableSpec> = vspec
        .tables
        .iter()
        .filter(|t| t.key.starts_with("art20"))
        .collect();
    extra_rows(
        doc,
        self::regions(&doc.lines, headings).art20,
        &row_matchers(spec, &all_art20, &[]),
        &mut out,
    );
    hits.extend(match_rows(
        line_doc,
        regions.applications,
        &row_matchers(spec, &apps, &hybrid_rows),
    ));
    let mut review_hits = match_rows(line_doc, regions.review, &row_matchers(spec, &review, &[]));
    review_hits.retain(|h| h.values.iter().any(|v| !v.text.is_empty()));
    // Printed as three rows of five (not the usual one row of fifteen).
    let review_by_rows = review_hits.len() == 3
        && review_hits.iter().all(|h| {
            h.values.len() == 5 || (h.values.len() == 1 && glued::is_run(&h.values[0].text))
        });
    if review_by_rows {
        hits.extend(review_hits);
    }

    if !doc.positioned {
        resolve_runs(&mut hits, vspec, &mut out.warnings);
    }

    // Rows placed into columns: structured rows as read, line rows by
    // position.
    let mut placed: Vec<(&TableSpec, String, Vec<Option<ValueCell>>)> = structured
        .placements
        .iter()
        .map(|p| (p.table, p.row_key.clone(), p.values.clone()))
        .collect();
    for t in &vspec.tables {
        let n = t.columns.len();
        let centers = learn_centers(&hits, &t.key, n);
        for h in hits.iter().filter(|h| h.table.key == t.key) {
            let placed_row = match &h.untrusted {
                Some(why) => Err(why.clone()),
                None => place(h, n, doc.positioned, &centers),
            };
            let mut cells = match placed_row {
                Ok(p) => p,
                Err(why) => {
                    out.warnings
                        .push(format!("{}.{}: {why}; row left blank", t.key, h.row_key));
                    vec![None; n]
                }
            };
            // A unit stated in the header or caption lines just above.
            if let Some(first) = cells.iter().flatten().map(|c| c.line_index).min() {
                let unit = line_doc.lines[first.saturating_sub(4)..first]
                    .iter()
                    .rev()
                    .find_map(|l| structured::stated_unit(&l.text()));
                for c in cells.iter_mut().flatten() {
                    c.unit = c.unit.or(unit);
                }
            }
            placed.push((h.table, h.row_key.clone(), cells));
        }
    }

    // Hybrid: a single （六）其他处理 row and none of its sub-rows. A row of
    // a table with structure counts even when blank; a line of text only
    // with values (else it may be the group label of its sub-rows).
    let structured_rows = structured.placements.len();
    let has_other_handling = placed.iter().enumerate().any(|(i, (_, r, v))| {
        r == "other_handling"
            && (i < structured_rows || v.iter().flatten().any(|c| !c.text.is_empty()))
    });
    let has_other_sub = placed
        .iter()
        .any(|(_, r, _)| r.starts_with("other_") && r != "other_handling");
    if has_other_handling && !has_other_sub && version == TemplateVersion::Gb2021 {
        out.hybrid = Some("other_handling".into());
    }
    placed.retain(|(_, r, _)| {
        r != "other_handling" || version == TemplateVersion::Gb2019 || out.hybrid.is_some()
    });

    for t in &vspec.tables {
        let mut rows: IndexMap<String, IndexMap<String, CellValue>> = IndexMap::new();
        let order: Vec<&str> = t
            .rows
            .iter()
            .map(|r| r.key.as_str())
            .chain(
                hybrid_rows
                    .iter()
                    .map(|r| r.key.as_str())
                    .filter(|_| t.key == "applications"),
            )
            .collect();
        let mut table_rows: Vec<&(&TableSpec, String, Vec<Option<ValueCell>>)> =
            placed.iter().filter(|p| p.0.key == t.key).collect();
        table_rows.sort_by_key(|p| order.iter().position(|k| *k == p.1).unwrap_or(usize::MAX));
        for (_, row_key, cells) in table_rows {
            if rows.contains_key(row_key) {
                continue;
            }
            let mut cols = IndexMap::new();
            for (col, cell) in t.columns.iter().zip(cells) {
                let value = read_value(t, row_key, &col.key, cell.as_ref(), doc, &mut out);
                cols.insert(col.key.clone(), value);
            }
            rows.insert(row_key.clone(), cols);
            out.rows_found += 1;
        }
        if t.key == "review_litigation" && !review_by_rows && !review.is_empty() {
            read_review_row(line_doc, regions.review, t, &mut rows, &mut out);
        }
        if !rows.is_empty() {
            // Rows of a table found that could not be read at all.
            for r in &t.rows {
                let replaced = out.hybrid.is_some() && r.key.starts_with("other_");
                if !rows.contains_key(&r.key) && !replaced {
                    out.warnings.push(format!(
                        "{}.{}: row not found in the table; its cells are missing",
                        t.key, r.key
                    ));
                }
            }
            out.tables.insert(t.key.clone(), rows);
        }
    }
    // Tables of the format not found in a report that has others: printed
    // without a single figure (every cell left blank), or not read.
    if out.rows_found > 0 {
        let full = self::regions(&doc.lines, headings);
        for t in &vspec.tables {
            let region = match t.key.as_str() {
                "applications" => Some(full.applications),
                "review_litigation" => Some(full.review),
                _ => None,
            };
            if !out.tables.contains_key(&t.key)
                && region.is_some_and(|r| printed_blank(&doc.lines, r, t, spec))
            {
                out.warnings.push(format!(
                    "{}: table ({}) printed with its labels and no figure; every cell left blank",
                    t.key, t.caption
                ));
                let rows = t
                    .rows
                    .iter()
                    .map(|r| {
                        let cols = t.columns.iter().map(|c| (c.key.clone(), None)).collect();
                        (r.key.clone(), cols)
                    })
                    .collect();
                out.tables.insert(t.key.clone(), rows);
            }
            if !out.tables.contains_key(&t.key) {
                out.warnings.push(format!(
                    "{}: table ({}) not found or not read; its cells are missing",
                    t.key, t.caption
                ));
            }
        }
    }
    out
}

/// Whether the lines of `region` hold table `t` printed with no figure:
/// every column label of the table stands there, and no line other than a
/// sentence holds a number or a "none" mark.
fn printed_blank(
    lines: &[crate::layout::Line],
    region: (usize, usize),
    t: &TableSpec,
    spec: &Spec,
) -> bool {
    let (a, b) = (region.0.min(lines.len()), region.1.min(lines.len()));
    let mut text = String::new();
    for line in &lines[a..b] {
        if line.furniture {
            continue;
        }
        let printed = line.text();
        if printed.contains(['。', '；']) {
            continue;
        }
        let value = line
            .cells
            .iter()
            .flat_map(|c| c.text.split_whitespace())
            .any(crate::normalize::is_value_text);
        if value {
            return false;
        }
        text.push_str(&normalize(&printed));
    }
    !t.columns.is_empty()
        && t.columns.iter().all(|c| {
            std::iter::once(c.label.clone())
                .chain(spec.variants(&c.label))
                .any(|v| !v.is_empty() && text.contains(&normalize(&v)))
        })
}

fn read_value(
    t: &TableSpec,
    row: &str,
    col: &str,
    cell: Option<&ValueCell>,
    doc: &Document,
    out: &mut Matched,
) -> CellValue {
    let raw = cell.map_or(String::new(), |c| c.text.clone());
    let stated = cell.and_then(|c| c.unit);
    if let Some(why) = cell.and_then(|c| c.ambiguous.as_ref()) {
        out.warnings
            .push(format!("{}.{row}.{col}: {why}; left blank", t.key));
    }
    // A row read without a cell under this column: say so, unless a
    // warning about the row already does.
    if cell.is_none() {
        let row_key = format!("{}.{row}", t.key);
        let said = out.warnings.iter().any(|w| {
            w.strip_prefix(row_key.as_str())
                .is_some_and(|rest| rest.starts_with([':', ' ', '.']))
        });
        if !said {
            out.warnings.push(format!(
                "{row_key}.{col}: no cell was read under this column; left blank"
            ));
        }
    }
    let parsed = match cell.and_then(|c| c.ambiguous.as_ref()) {
        Some(_) => Value::Blank,
        None => parse_cell_in(&raw, t.unit(col), stated),
    };
    let value = match parsed {
        Value::Blank => None,
        Value::Number(v) => Some(Number(v)),
        Value::Unreadable => {
            out.warnings
                .push(format!("{}.{row}.{col}: unreadable cell {raw:?}", t.key));
            None
        }
    };
    out.cells.push(CellSource {
        table: t.key.clone(),
        row: row.to_string(),
        column: col.to_string(),
        value,
        raw,
        page_index: if doc.positioned {
            cell.map(|c| c.page_index)
        } else {
            None
        },
        line_number: if doc.positioned {
            None
        } else {
            cell.map(|c| c.line_index + 1)
        },
        bbox: cell.and_then(|c| c.bbox),
        ocr: None,
    });
    value
}

/// Section 四's table printed as one data row of 15 cells: 行政复议 5,
/// 未经复议直接起诉 5, 复议后起诉 5.
fn read_review_row(
    doc: &Document,
    range: (usize, usize),
    t: &TableSpec,
    rows: &mut IndexMap<String, IndexMap<String, CellValue>>,
    out: &mut Matched,
) {
    let n = t.columns.len() * t.rows.len();
    let mut vals: Vec<ValueCell> = Vec::new();
    let mut loose = false;
    for i in range.0..range.1 {
        let line = &doc.lines[i];
        if line.furniture {
            continue;
        }
        let split = split_line(line, i, doc.positioned);
        let nonblank = split.values.iter().filter(|v| !v.text.is_empty()).count();
        // Header words glued to one run of digits (a crawler dump).
        if !doc.positioned
            && vals.is_empty()
            && split.values.len() == 1
            && glued::is_run(&split.values[0].text)
        {
            if let Some(parts) = split_review_run(&split.values[0].text, t, &mut out.warnings) {
                vals = parts
                    .into_iter()
                    .map(|p| ValueCell {
                        text: p,
                        ..split.values[0].clone()
                    })
                    .collect();
                break;
            }
        }
        if !split.labels.is_empty() || nonblank == 0 {
            if !vals.is_empty() {
                break;
            }
            continue;
        }
        loose |= split.loose;
        vals.extend(split.values);
        if vals.len() >= n {
            break;
        }
    }
    if vals.is_empty() {
        return;
    }
    if !doc.positioned || loose {
        while vals.len() > n && vals.last().is_some_and(|v| v.text.is_empty()) {
            vals.pop();
        }
        while vals.len() > n && vals.first().is_some_and(|v| v.text.is_empty()) {
            vals.remove(0);
        }
    }
    if vals.len() != n {
        out.warnings.push(format!(
            "review_litigation: found {} values for the {n} cells of the 复议/诉讼 row; table left blank",
            vals.len()
        ));
        for r in &t.rows {
            let mut cols = IndexMap::new();
            for c in &t.columns {
                cols.insert(c.key.clone(), None);
            }
            rows.insert(r.key.clone(), cols);
        }
        return;
    }
    let mut it = vals.into_iter();
    for r in &t.rows {
        let mut cols = IndexMap::new();
        for c in &t.columns {
            let cell = it.next();
            let value = read_value(t, &r.key, &c.key, cell.as_ref(), doc, out);
            cols.insert(c.key.clone(), value);
        }
        rows.insert(r.key.clone(), cols);
        out.rows_found += 1;
    }
}

/// Rows a report adds to the 第二十条 tables (e.g. a provincial 其他主动公开文件
/// row): a short label that matches no row of the format, followed by exactly
/// one value per column of the table it stands in.
fn extra_rows(doc: &Document, range: (usize, usize), matchers: &[RowMatcher], out: &mut Matched) {
    let mut current: Option<&TableSpec> = None;
    for i in range.0..range.1 {
        let line = &doc.lines[i];
        if line.furniture {
            continue;
        }
        let split = split_line(line, i, doc.positioned);
        if split.labels.is_empty() {
            continue;
        }
        if let Some(m) = best_row(matchers, &split.labels, &[], &[]) {
            current = Some(m.table);
            continue;
        }
        let label = split.labels.concat();
        if let Some(t) = caption_table(&label, matchers) {
            current = Some(t);
            continue;
        }
        let Some(t) = current else { continue };
        let nonblank = split.values.iter().filter(|v| !v.text.is_empty()).count();
        let n = t.columns.len();
        if nonblank == 0
            || split.values.len() != n
            || label.chars().count() > 30
            || label.contains('。')
        {
            continue;
        }
        let label = label.trim().to_string();
        if label == "信息内容" {
            continue;
        }
        let mut values = IndexMap::new();
        for (c, v) in t.columns.iter().zip(&split.values) {
            let value = match parse_cell(&v.text, t.unit(&c.key)) {
                Value::Number(x) => Some(Number(x)),
                _ => None,
            };
            values.insert(c.key.clone(), value);
        }
        out.extra_rows.push(ExtraRow {
            table: t.key.clone(),
            key: format!("extra_{}", out.extra_rows.len() + 1),
            label,
            values,
        });
    }
}

/// The table a caption line names (第二十条第（一）项 → art20_1).
fn caption_table<'a>(label: &str, matchers: &[RowMatcher<'a>]) -> Option<&'a TableSpec> {
    let l = normalize(label);
    matchers
        .iter()
        .map(|m| m.table)
        .find(|t| l.contains(&normalize(&t.caption)))
}
