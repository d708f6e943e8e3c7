//! Tables with structure mapped onto the national format.
//!
//! A [`Table`] (ruled PDF grid, HTML, DOCX, or an unruled PDF table whose
//! columns come from its header) is read by its own structure:
//!
//! 1. each cell is a label, a value (a number or a "none" mark) or blank;
//! 2. the *label columns* are those left of the first value anywhere in the
//!    table; a *body row* holds values (or only blanks after its label), a
//!    *header row* holds labels over the value columns;
//! 3. a value's *row labels* are the labels left of it in its row (group
//!    labels spanning several rows included), its *column labels* the
//!    labels of the nearest header block above it in its column (spanning
//!    group headers and table captions included);
//! 4. the spec's row and column are found among those labels: the row
//!    among the row labels and the column among the column labels, or,
//!    for a table printed another way round (table 四 as one row of 15, or
//!    transposed), the row among the column labels;
//! 5. the value is taken from its own grid position, so a blank cell stays
//!    blank and never shifts its neighbours.
//!
//! A table fragment without a header (a table continued on the next page)
//! takes the column labels of the previous fragment whose columns line up.

use crate::ingest::Document;
use crate::layout::table::{Table, TableOrigin};
use crate::normalize::is_value_text;
use crate::template::cells::ValueCell;
use crate::template::label::{core, similarity};
use crate::template::rows::{best_row, RowMatcher, LABEL_THRESHOLD};
use crate::template::spec::{Spec, TableSpec};

/// One row of a template table read from a structured table.
#[derive(Debug, Clone)]
pub(crate) struct Placement<'a> {
    pub(crate) table: &'a TableSpec,
    pub(crate) row_key: String,
    /// By the spec's column order; `None` where the table has no cell.
    pub(crate) values: Vec<Option<ValueCell>>,
    /// Index into the document's tables.
    pub(crate) source_table: usize,
}

/// What the structured tables of a document gave.
#[derive(Debug, Default)]
pub(crate) struct Structured<'a> {
    pub(crate) placements: Vec<Placement<'a>>,
    pub(crate) warnings: Vec<String>,
    /// Indices of the document's tables that gave at least one row.
    pub(crate) used_tables: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Blank,
    Value,
    Label,
}

/// A column label of the spec, with the forms it accepts.
struct ColMatcher<'a> {
    table: &'a TableSpec,
    col: usize,
    cores: Vec<String>,
}

fn col_matchers<'a>(spec: &Spec, tables: &[&'a TableSpec]) -> Vec<ColMatcher<'a>> {
    let mut out = Vec::new();
    for t in tables {
        for (j, c) in t.columns.iter().enumerate() {
            let mut cores = vec![label_core(&c.label)];
            for v in spec.variants(&c.label) {
                cores.push(label_core(&v));
            }
            // Bare-word variants ("合计" for "总计").
            for (k, vs) in &spec.label_variants {
                if label_core(k) == cores[0] {
                    cores.extend(vs.iter().map(|v| label_core(v)));
                }
            }
            cores.retain(|c| !c.is_empty());
            cores.dedup();
            out.push(ColMatcher {
                table: t,
                col: j,
                cores,
            });
        }
    }
    out
}

/// A label's core without a bracketed unit note: "本年收费金额（单位：万元）"
/// and "本年收费金额(万元)" both give "本年收费金额".
fn label_core(s: &str) -> String {
    let c = core(s);
    match c.find(['(', '（']) {
        Some(i) if i > 0 => {
            let inner = &c[i..];
            if inner.contains("单位") || inner.contains("元") || inner.contains('件') {
                c[..i].to_string()
            } else {
                c
            }
        }
        _ => c,
    }
}

impl ColMatcher<'_> {
    fn score(&self, text: &str) -> f32 {
        let c = label_core(text);
        if c.is_empty() {
            return 0.0;
        }
        let n = c.chars().count();
        let mut best: f32 = 0.0;
        for r in &self.cores {
            let m = r.chars().count();
            let s = if *r == c {
                1.0
            } else if m < 4 || n < 4 {
                0.0
            } else {
                similarity(&c, r)
            };
            best = best.max(s);
        }
        best
    }
}

fn kind(text: &str) -> Kind {
    let t = text.trim();
    if t.is_empty() {
        Kind::Blank
    } else if is_value_text(t) || several_numbers(t) {
        Kind::Value
    } else {
        Kind::Label
    }
}

/// "3 0": two numbers in one cell (a missing column rule): not one value.
fn several_numbers(t: &str) -> bool {
    let toks: Vec<&str> = t.split_whitespace().collect();
    toks.len() > 1 && toks.iter().all(|w| is_value_text(w) && !w.contains('元'))
}

/// Maps every table of the document onto the spec tables given.
///
/// `row_matchers` covers the rows of every table (and the hybrid row);
/// `tables` are the spec tables of the document's format.
pub(crate) fn map_tables<'a>(
    doc: &Document,
    doc_tables: &[Table],
    spec: &Spec,
    tables: &[&'a TableSpec],
    row_matchers: &[RowMatcher<'a>],
) -> Structured<'a> {
    let cols = col_matchers(spec, tables);
    let mut out = Structured::default();
    // Column labels of the last fragment with a header, by grid column
    // (and x-range for PDF), for fragments continued without one.
    let mut carried: Option<Carried> = None;
    let mut prev_end = 0;
    for (ti, table) in doc_tables.iter().enumerate() {
        let before = out.placements.len();
        let caption = caption(doc, prev_end, table.first_line);
        prev_end = prev_end.max(table.end_line);
        let header = map_one(
            ti,
            table,
            caption.as_deref(),
            row_matchers,
            &cols,
            carried.as_ref(),
            &mut out,
        );
        if let Some(h) = header {
            carried = Some(h);
        }
        if out.placements.len() > before {
            out.used_tables.push(ti);
        }
    }
    out
}

/// The caption of a table: the last line of text just above it (at most
/// three lines up, after the previous table), when it is short and not a
/// sentence. "（二）行政诉讼（未经复议直接起诉）情况" names the row of a
/// small table printed under it.
fn caption(doc: &Document, after: usize, first_line: usize) -> Option<String> {
    let end = first_line.min(doc.lines.len());
    let from = after.max(first_line.saturating_sub(3)).min(end);
    doc.lines[from..end]
        .iter()
        .rev()
        .filter(|l| !l.furniture)
        .map(|l| l.text())
        .find(|t| !t.trim().is_empty())
        .filter(|t| t.chars().count() <= 40 && !t.contains('。') && !t.contains('；'))
}

/// The unit a header or caption states: "（单位：元）", "(万元)".
pub(crate) fn stated_unit(label: &str) -> Option<&'static str> {
    let t = crate::template::label::normalize(label);
    [
        ("万元", ["单位:万元", "(万元)"]),
        ("亿元", ["单位:亿元", "(亿元)"]),
        ("元", ["单位:元", "(元)"]),
    ]
    .into_iter()
    .find(|(_, forms)| forms.iter().any(|f| t.contains(f)))
    .map(|(unit, _)| unit)
}

/// A grid column's labels (leaf first) and x-range (PDF).
type ColumnLabels = (Vec<String>, Option<(f32, f32)>);

/// The column labels of a table's value columns, kept for a fragment that
/// continues it without a header (or with the rest of a header row cut by
/// a page break).
#[derive(Debug, Clone)]
struct Carried {
    n_cols: usize,
    label_cols: usize,
    /// The table ends with header rows (no body row below them): its last
    /// header row may continue at the top of the next fragment.
    ended_in_header: bool,
    /// Per grid column: its labels (leaf first) and x-range (PDF).
    columns: Vec<ColumnLabels>,
}

fn col_x(table: &Table, c: usize) -> Option<(f32, f32)> {
    if let Some(r) = table.col_range(c) {
        return Some(r);
    }
    // Without column positions, the narrowest cell starting at this column.
    table
        .cells
        .iter()
        .filter(|cell| cell.col == c)
        .filter_map(|cell| cell.bbox.map(|b| (cell.col_span, b.x0, b.x1)))
        .min_by_key(|(span, _, _)| *span)
        .map(|(span, x0, x1)| {
            let w = (x1 - x0) / span as f32;
            (x0, x0 + w)
        })
}

/// The roles of a table's rows and columns.
struct Roles {
    kinds: Vec<Kind>,
    label_cols: usize,
    is_header: Vec<bool>,
    is_body: Vec<bool>,
}

fn roles(table: &Table) -> Roles {
    let (n_rows, n_cols) = (table.n_rows, table.n_cols);
    let kinds: Vec<Kind> = table.cells.iter().map(|c| kind(&c.text)).collect();
    let kind_at = |r: usize, c: usize| table.index_at(r, c).map_or(Kind::Blank, |i| kinds[i]);
    // Label columns: left of the first value anywhere. In a table with no
    // value at all (every cell left blank), left of the rows' runs of
    // blank cells at their end ("结果维持 | ∅ | ∅"; the rightmost, as a
    // table without spans leaves its group labels' cells empty), or none
    // (headers only).
    // A row's label columns end at its first value; rows with a label
    // decide (a row of values without labels, as table 四's one row of
    // 15, decides alone).
    let first_value = |r: usize| (0..n_cols).find(|&c| kind_at(r, c) == Kind::Value);
    let first_non_label = |r: usize| (0..n_cols).find(|&c| kind_at(r, c) != Kind::Label);
    // (A blank cell among the labels, the rest of a group label cut by a
    // page break, does not end them: the last label before the value does.)
    // (Cells left empty among a row's labels, where a table without spans
    // leaves the rest of a group label, do not end them: the values do.)
    // (Blank cells after the last label of every row are blank values: a
    // column left blank in every row, as the first column of table 四
    // transposed with no 行政复议 case, is no label column. Rows without
    // values count too: the leaf labels of a sparse table's blank rows.)
    let min_value = (0..n_rows)
        .filter(|&r| (0..n_cols).any(|c| kind_at(r, c) == Kind::Label))
        .filter_map(first_value)
        .min();
    let label_end = min_value.and_then(|v| {
        (0..n_rows)
            .filter(|&r| !(v..n_cols).any(|c| kind_at(r, c) == Kind::Label))
            .filter_map(|r| (0..v).rev().find(|&c| kind_at(r, c) == Kind::Label))
            .max()
            .map(|last| (last + 1).min(v))
    });
    let unlabelled = (0..n_rows)
        .filter(|&r| first_value(r).is_some())
        .filter_map(first_non_label);
    let label_cols = label_end
        .or_else(|| unlabelled.min())
        .or_else(|| {
            (0..n_rows)
                .filter_map(|r| {
                    let mut start = None;
                    for c in (0..n_cols).rev() {
                        match table.index_at(r, c).map(|i| kinds[i]) {
                            Some(Kind::Blank) => start = Some(c),
                            _ => break,
                        }
                    }
                    start
                })
                .max()
        })
        .unwrap_or(0);
    let has_label_in =
        |r: usize, cs: std::ops::Range<usize>| cs.into_iter().any(|c| kind_at(r, c) == Kind::Label);
    let is_header: Vec<bool> = (0..n_rows)
        .map(|r| {
            has_label_in(r, label_cols..n_cols)
                && !(label_cols..n_cols).any(|c| kind_at(r, c) == Kind::Value)
        })
        .collect();
    // A row of blanks under a header (table 四 with nothing filled in) is
    // a body row too: its cells are blank, not missing.
    let is_body: Vec<bool> = (0..n_rows)
        .map(|r| {
            !is_header[r]
                && ((label_cols..n_cols).any(|c| kind_at(r, c) == Kind::Value)
                    || has_label_in(r, 0..label_cols)
                    || (is_header[..r].iter().any(|&h| h)
                        && (label_cols..n_cols).any(|c| table.index_at(r, c).is_some())))
        })
        .collect();
    Roles {
        kinds,
        label_cols,
        is_header,
        is_body,
    }
}

/// The labels of the nearest header block above row `r` in column `c`,
/// leaf first, each cell once; and whether that block starts at the
/// table's first row.
fn col_labels(table: &Table, roles: &Roles, r: usize, c: usize) -> (Vec<String>, bool) {
    let mut labels: Vec<String> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    let mut in_header = false;
    for rr in (0..r).rev() {
        if roles.is_header[rr] {
            in_header = true;
            if let Some(i) = table.index_at(rr, c) {
                if roles.kinds[i] == Kind::Label && !seen.contains(&i) {
                    seen.push(i);
                    labels.push(table.cells[i].text.clone());
                }
            }
        } else if in_header && roles.is_body[rr] {
            return (labels, false);
        }
        // A row of empty cells above a header (the rest of a header row
        // whose text stayed on the previous page) does not end it.
    }
    (labels, in_header)
}

fn map_one<'a>(
    ti: usize,
    table: &Table,
    caption: Option<&str>,
    row_matchers: &[RowMatcher<'a>],
    cols: &[ColMatcher<'a>],
    carried: Option<&Carried>,
    out: &mut Structured<'a>,
) -> Option<Carried> {
    let (n_rows, n_cols) = (table.n_rows, table.n_cols);
    if n_rows == 0 || n_cols < 2 {
        return None;
    }
    let roles = roles(table);
    let kinds = &roles.kinds;
    let label_cols = roles.label_cols;
    let mut any_header = false;
    let mut doubt = false;
    let mut taken: Vec<(String, String)> = Vec::new();
    // Cells of this table read into a row begun by an earlier table.
    let mut merged: Vec<((String, String), usize)> = Vec::new();
    // Per grid column, the column labels that named a value when they
    // came partly from the fragment this one continues (a header cut by a
    // page break): a further fragment continues those.
    let mut joined_labels: Vec<Option<Vec<String>>> = vec![None; n_cols];
    // Grid column → format column, per format table, as the labels named
    // them; and the values of named rows under no column label of the
    // format (a label misprinted or misread), with their warning.
    let mut named_cols: Vec<(&str, usize, usize)> = Vec::new();
    let mut unplaced: Vec<(&RowMatcher, usize, usize, String)> = Vec::new();
    for r in 0..n_rows {
        if !roles.is_body[r] {
            continue;
        }
        // Row labels, left to right, each cell once.
        let mut row_labels: Vec<String> = Vec::new();
        let mut seen: Vec<usize> = Vec::new();
        for c in 0..label_cols {
            if let Some(i) = table.index_at(r, c) {
                if kinds[i] == Kind::Label && !seen.contains(&i) {
                    seen.push(i);
                    row_labels.push(table.cells[i].text.clone());
                }
            }
        }
        let named = best_row(row_matchers, &row_labels, &[], &[]);
        // Value slots: each cell starting in a value column, once.
        let mut slots: Vec<(usize, usize)> = Vec::new(); // (grid col, cell index)
        for c in label_cols..n_cols {
            if let Some(i) = table.index_at(r, c) {
                if !slots.iter().any(|s| s.1 == i) {
                    slots.push((c, i));
                }
            }
        }
        for &(c, i) in &slots {
            if kinds[i] == Kind::Label {
                continue; // a note inside the body
            }
            let (own, from_top) = col_labels(table, &roles, r, c);
            any_header |= !own.is_empty();
            // Paths to try: the table's own header; with the header of the
            // fragment it continues; with that header's last row joined to
            // this one's first (a header row cut by a page break).
            let mut paths: Vec<Vec<String>> = Vec::new();
            if !own.is_empty() {
                paths.push(own.clone());
            }
            if own.is_empty() || from_top {
                if let Some(prev) = carried.and_then(|k| carried_labels(k, table, label_cols, c)) {
                    let cut = carried.is_some_and(|k| k.ended_in_header);
                    if let (true, true, Some(top)) = (from_top, cut, own.last()) {
                        let mut joined = own[..own.len() - 1].to_vec();
                        joined.push(format!("{}{}", prev[0], top));
                        joined.extend(prev[1..].iter().cloned());
                        paths.push(own.iter().chain(prev.iter()).cloned().collect());
                        paths.push(joined);
                    } else {
                        paths.push(own.iter().chain(prev.iter()).cloned().collect());
                    }
                }
            }
            let found = paths
                .iter()
                .filter(|p| !p.is_empty() || !row_labels.is_empty())
                .find_map(|p| {
                    identify(row_matchers, cols, &row_labels, named, p, caption).map(|f| (f, p))
                });
            let Some(((m, col), path)) = found else {
                if kinds[i] == Kind::Value {
                    // Named by the format's table its row is in, when the
                    // row labels tell.
                    // Else by the format's table the other rows of this
                    // table went to.
                    let place = match named {
                        Some(n) => format!("{}.{}", n.table.key, n.row_key),
                        None => out
                            .placements
                            .iter()
                            .rev()
                            .find(|p| p.source_table == ti)
                            .map_or(format!("table {}", ti + 1), |p| p.table.key.clone()),
                    };
                    let warning = format!(
                        "{place} (row {}, column {} of table {}): value {:?} under {:?} / {:?} matches no cell of the format; not read",
                        r + 1,
                        c + 1,
                        ti + 1,
                        table.cells[i].text,
                        row_labels.join(" "),
                        own.iter().rev().cloned().collect::<Vec<_>>().join(" / ")
                    );
                    match named {
                        Some(n) if table.origin != TableOrigin::AlignedPdf => {
                            unplaced.push((n, c, i, warning));
                        }
                        _ => {
                            out.warnings.push(warning);
                            // A row that its labels name, or a row without
                            // labels, with a value under no known column:
                            // the columns were not read right.
                            if named.is_some() || row_labels.is_empty() {
                                doubt = true;
                            }
                        }
                    }
                }
                continue;
            };
            if *path != own && joined_labels[c].is_none() {
                joined_labels[c] = Some(path.clone());
            }
            if named.is_some() {
                named_cols.push((m.table.key.as_str(), c, col));
            }
            let key = (m.table.key.clone(), m.row_key.to_string());
            let cell = &table.cells[i];
            let value = ValueCell {
                text: cell.text.trim().to_string(),
                bbox: cell.bbox,
                page_index: cell.page_index.unwrap_or(0),
                line_index: cell.line_index.unwrap_or(table.first_line),
                unit: path
                    .iter()
                    .find_map(|l| stated_unit(l))
                    .or_else(|| caption.and_then(stated_unit)),
                ambiguous: several_numbers(cell.text.trim())
                    .then(|| "several numbers in one cell (a column rule missing?)".to_string()),
            };
            let n = m.table.columns.len();
            let pos = match out.placements.iter().position(|p| {
                p.table.key == m.table.key && p.row_key == m.row_key && p.source_table == ti
            }) {
                Some(p) => p,
                None => {
                    if taken.contains(&key) {
                        continue;
                    }
                    // The same row met again in another table: the first
                    // reading stands unless it had no values.
                    if let Some(e) = out
                        .placements
                        .iter()
                        .position(|p| p.table.key == m.table.key && p.row_key == m.row_key)
                    {
                        let had_values = out.placements[e]
                            .values
                            .iter()
                            .flatten()
                            .any(|v| !v.text.is_empty());
                        if had_values && out.placements[e].values[col].is_none() {
                            // A table continuing the earlier one with the
                            // cells it did not have (a transposed table
                            // broken across pages): one reading.
                            merged.push((key.clone(), col));
                            e
                        } else if had_values {
                            if kinds[i] == Kind::Value {
                                out.warnings.push(format!(
                                    "{}.{}: printed again in table {}; the first reading is kept",
                                    m.table.key,
                                    m.row_key,
                                    ti + 1
                                ));
                            }
                            taken.push(key);
                            continue;
                        } else {
                            out.placements.remove(e);
                            taken.push(key);
                            out.placements.push(Placement {
                                table: m.table,
                                row_key: m.row_key.to_string(),
                                values: vec![None; n],
                                source_table: ti,
                            });
                            out.placements.len() - 1
                        }
                    } else {
                        taken.push(key);
                        out.placements.push(Placement {
                            table: m.table,
                            row_key: m.row_key.to_string(),
                            values: vec![None; n],
                            source_table: ti,
                        });
                        out.placements.len() - 1
                    }
                }
            };
            let slot = &mut out.placements[pos].values[col];
            match slot {
                None => *slot = Some(value),
                Some(prev) if prev.text == value.text => {}
                Some(prev) => {
                    prev.ambiguous = Some(format!(
                        "two cells ({:?} and {:?}) under the same header",
                        prev.text, value.text
                    ));
                }
            }
        }
    }
    // Values under a column whose label matched none of the format's:
    // read as the one column of the format left unnamed, when it is the
    // only such column and stands between the columns named as its
    // neighbours; otherwise not read.
    for (m, c, i, warning) in unplaced {
        match by_elimination(m.table, c, &named_cols) {
            Some(col) => {
                let Some(pos) = out.placements.iter().position(|p| {
                    p.table.key == m.table.key && p.row_key == m.row_key && p.source_table == ti
                }) else {
                    out.warnings.push(warning);
                    doubt = true;
                    continue;
                };
                let cell = &table.cells[i];
                out.warnings.push(format!(
                    "{}.{}.{}: column {} of table {} has a label that matches none of the format's; it is read as {:?}, the one column of the format left unnamed, between the columns named as its neighbours",
                    m.table.key,
                    m.row_key,
                    m.table.columns[col].key,
                    c + 1,
                    ti + 1,
                    m.table.columns[col].label
                ));
                let slot = &mut out.placements[pos].values[col];
                if slot.is_none() {
                    *slot = Some(ValueCell {
                        text: cell.text.trim().to_string(),
                        bbox: cell.bbox,
                        page_index: cell.page_index.unwrap_or(0),
                        line_index: cell.line_index.unwrap_or(table.first_line),
                        unit: caption.and_then(stated_unit),
                        ambiguous: several_numbers(cell.text.trim()).then(|| {
                            "several numbers in one cell (a column rule missing?)".to_string()
                        }),
                    });
                }
            }
            None => {
                out.warnings.push(warning);
                doubt = true;
            }
        }
    }
    // A table whose columns were inferred from the alignment of its text,
    // with values left under no known column: none of its values is
    // trusted (a column slipped is a wrong number in every row).
    if doubt && table.origin == TableOrigin::AlignedPdf {
        let why = format!(
            "table {} (read from the alignment of its text): some values stand under no column of the format, so its columns are not trusted; left blank",
            ti + 1
        );
        for p in out.placements.iter_mut() {
            let key = (p.table.key.clone(), p.row_key.clone());
            let mine = p.source_table == ti;
            for (col, v) in p.values.iter_mut().enumerate() {
                if !mine && !merged.contains(&(key.clone(), col)) {
                    continue;
                }
                let mut cell = v.take().unwrap_or(ValueCell {
                    text: String::new(),
                    bbox: None,
                    page_index: table.page_index().unwrap_or(0),
                    line_index: table.first_line,
                    unit: None,
                    ambiguous: None,
                });
                cell.ambiguous = Some(why.clone());
                *v = Some(cell);
            }
        }
    }
    // What a following fragment may continue: the last header block's
    // labels per column.
    let last_body = (0..n_rows).rev().find(|&r| roles.is_body[r]);
    let ended_in_header = roles.is_header.last() == Some(&true);
    let bottom = if ended_in_header {
        n_rows
    } else {
        last_body.map_or(n_rows, |r| r + 1)
    };
    let columns: Vec<ColumnLabels> = (0..n_cols)
        .map(|c| {
            let labels = if ended_in_header {
                let mut l = Vec::new();
                let mut seen = Vec::new();
                for rr in (0..bottom).rev() {
                    if !roles.is_header[rr] {
                        break;
                    }
                    if let Some(i) = table.index_at(rr, c) {
                        if kinds[i] == Kind::Label && !seen.contains(&i) {
                            seen.push(i);
                            l.push(table.cells[i].text.clone());
                        }
                    }
                }
                l
            } else if let Some(joined) = &joined_labels[c] {
                joined.clone()
            } else {
                col_labels(table, &roles, bottom, c).0
            };
            (labels, col_x(table, c))
        })
        .collect();
    (any_header || ended_in_header).then_some(Carried {
        n_cols,
        label_cols,
        ended_in_header,
        columns,
    })
}

/// The format column of `table` that grid column `c` stands for when its
/// label matched none: every other column of the format was named by a
/// single grid column, `c` was not, and `c` stands right after the column
/// named as the format's previous one and right before the one named as its
/// next.
fn by_elimination(table: &TableSpec, c: usize, named: &[(&str, usize, usize)]) -> Option<usize> {
    let mine: Vec<(usize, usize)> = named
        .iter()
        .filter(|(k, _, _)| *k == table.key)
        .map(|&(_, g, col)| (g, col))
        .collect();
    let grid_of = |col: usize| -> Option<usize> {
        let mut gs: Vec<usize> = mine.iter().filter(|x| x.1 == col).map(|x| x.0).collect();
        gs.sort_unstable();
        gs.dedup();
        (gs.len() == 1).then(|| gs[0])
    };
    // Each grid column names one format column.
    for &(g, col) in &mine {
        if mine.iter().any(|&(g2, col2)| g2 == g && col2 != col) {
            return None;
        }
    }
    if mine.iter().any(|&(g, _)| g == c) {
        return None;
    }
    let missing: Vec<usize> = (0..table.columns.len())
        .filter(|&col| !mine.iter().any(|x| x.1 == col))
        .collect();
    let [col] = missing[..] else {
        return None;
    };
    let left = if col == 0 {
        None
    } else {
        Some(grid_of(col - 1)?)
    };
    let right = if col + 1 == table.columns.len() {
        None
    } else {
        Some(grid_of(col + 1)?)
    };
    let fits = left.is_none_or(|l| l + 1 == c) && right.is_none_or(|r| c + 1 == r);
    (fits && (left.is_some() || right.is_some())).then_some(col)
}

/// Column labels for a column of a fragment that continues another: the
/// carried column at the same x-range (PDF), or at the same grid position
/// when the grids have the same shape.
fn carried_labels(k: &Carried, table: &Table, label_cols: usize, c: usize) -> Option<Vec<String>> {
    if table.origin == TableOrigin::RuledPdf || table.origin == TableOrigin::AlignedPdf {
        // Where the column's values stand (a column read from alignment
        // is as wide as the gap to its neighbours; its values are not).
        let values = table
            .cells
            .iter()
            .filter(|cell| cell.col == c && cell.col_span == 1 && kind(&cell.text) == Kind::Value)
            .filter_map(|cell| cell.bbox)
            .reduce(|a, b| a.union(&b));
        let mid = match values {
            Some(b) => b.center_x(),
            None => {
                let (x0, x1) = col_x(table, c)?;
                (x0 + x1) / 2.0
            }
        };
        let hit = k
            .columns
            .iter()
            .filter(|(labels, x)| !labels.is_empty() && x.is_some_and(|(a, b)| mid > a && mid < b))
            .map(|(labels, _)| labels.clone())
            .collect::<Vec<_>>();
        return (hit.len() == 1).then(|| hit[0].clone());
    }
    // Without positions: the same number of value columns, counted from
    // the right (a continued fragment may have a label column more or
    // less).
    if c >= label_cols && k.n_cols - k.label_cols == table.n_cols - label_cols {
        let labels = &k.columns.get(c - label_cols + k.label_cols)?.0;
        return (!labels.is_empty()).then(|| labels.clone());
    }
    None
}

/// Finds the spec row and column named by a value's row and column labels.
fn identify<'m, 'a>(
    row_matchers: &'m [RowMatcher<'a>],
    cols: &[ColMatcher<'a>],
    row_labels: &[String],
    named: Option<&'m RowMatcher<'a>>,
    col_path: &[String],
    caption: Option<&str>,
) -> Option<(&'m RowMatcher<'a>, usize)> {
    // Usual orientation: the row among the row labels (`named`, found once
    // per row). When they name a row, the column can only come from the
    // column labels.
    if let Some(m) = named {
        return best_col(cols, m.table, col_path).map(|c| (m, c));
    }
    // Table 四 as one row of 15, or transposed: the row among the column
    // labels (leaf first), the column among the rest.
    for (k, label) in col_path.iter().enumerate() {
        if let Some(m) = best_row(row_matchers, std::slice::from_ref(label), &[], &[]) {
            let others: Vec<String> = col_path
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, l)| l.clone())
                .chain(row_labels.iter().rev().cloned())
                .collect();
            if let Some(c) = best_col(cols, m.table, &others) {
                return Some((m, c));
            }
        }
    }
    // A row label written inside a longer one ("行政诉讼（未经复议直接起诉）"):
    // in the row labels (the column among the column labels), or in the
    // column labels or the caption of a small table (the column among the
    // other labels).
    for label in row_labels.iter().rev() {
        if let Some(m) = contained_row(row_matchers, label) {
            return best_col(cols, m.table, col_path).map(|c| (m, c));
        }
    }
    let inside: Vec<&str> = col_path.iter().map(String::as_str).chain(caption).collect();
    for (k, label) in inside.iter().enumerate() {
        if let Some(m) = contained_row(row_matchers, label) {
            let others: Vec<String> = inside
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, l)| l.to_string())
                .chain(row_labels.iter().rev().cloned())
                .collect();
            if let Some(c) = best_col(cols, m.table, &others) {
                return Some((m, c));
            }
        }
    }
    None
}

/// The row whose label (at least four characters) stands inside `text`;
/// the longest wins, and two different rows of that length give none.
fn contained_row<'m, 'a>(
    row_matchers: &'m [RowMatcher<'a>],
    text: &str,
) -> Option<&'m RowMatcher<'a>> {
    let t = core(text);
    let mut best: Option<(&RowMatcher, usize)> = None;
    let mut tie = false;
    for m in row_matchers {
        for c in &m.cores {
            let n = c.chars().count();
            if n < 4 || !t.contains(c.as_str()) {
                continue;
            }
            match best {
                Some((b, len)) if n == len && !std::ptr::eq(b, m) => tie = true,
                Some((_, len)) if n <= len => {}
                _ => {
                    best = Some((m, n));
                    tie = false;
                }
            }
        }
    }
    best.filter(|_| !tie).map(|(m, _)| m)
}

/// The spec column among `labels` (most specific first); then among
/// labels joined down the column, two or more at a time (a column label
/// wrapped over lines read as separate header words: "商业" over "企业",
/// or one character a line).
fn best_col(cols: &[ColMatcher], table: &TableSpec, labels: &[String]) -> Option<usize> {
    let mut tries: Vec<String> = labels.to_vec();
    for n in 2..=labels.len().min(8) {
        for w in labels.windows(n) {
            tries.push(w.iter().rev().map(String::as_str).collect());
        }
    }
    for l in &tries {
        let mut best: Option<(usize, f32)> = None;
        let mut tie = false;
        for m in cols.iter().filter(|m| m.table.key == table.key) {
            let s = m.score(l);
            if s < LABEL_THRESHOLD {
                continue;
            }
            match best {
                Some((_, b)) if s < b => {}
                Some((_, b)) if s == b => tie = true,
                _ => {
                    best = Some((m.col, s));
                    tie = false;
                }
            }
        }
        if let (Some((c, _)), false) = (best, tie) {
            return Some(c);
        }
    }
    None
}
