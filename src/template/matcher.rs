//! Fills the template tables from a document's lines.
//!
//! Rows are matched by label (normalised, with the spec's variants and a
//! tolerance for small typos). Values go to columns by position: by the
//! field index for tab-separated text (a blank field stays blank), and by the
//! cells' x positions for PDF, learned from the table's complete rows, so a
//! blank cell never shifts its neighbours.

use indexmap::IndexMap;
use std::collections::VecDeque;

use crate::geom::BBox;
use crate::ingest::Document;
use crate::layout::Line;
use crate::normalize::{is_value_text, parse_cell, Value};
use crate::record::{CellSource, CellValue, ExtraRow, Number, Tables, TemplateVersion};
use crate::section::Heading;
use crate::template::glued;
use crate::template::label::{core, normalize, numbering, similarity};
use crate::template::spec::{RowSpec, Spec, TableSpec, VersionSpec};

/// Label similarity at or above which a printed label is taken for a row.
pub const LABEL_THRESHOLD: f32 = 0.8;

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

/// A value cell taken from a line.
#[derive(Debug, Clone)]
struct ValueCell {
    text: String,
    bbox: Option<BBox>,
    page_index: usize,
    line_index: usize,
}

/// A line split into its label texts and its value cells.
#[derive(Debug, Clone, Default)]
struct SplitLine {
    labels: Vec<String>,
    values: Vec<ValueCell>,
    /// Values came from splitting one text run at spaces, so blank cells
    /// cannot be told apart.
    loose: bool,
}

fn split_line(line: &Line, line_index: usize, positioned: bool) -> SplitLine {
    let cells = &line.cells;
    let last_label = cells
        .iter()
        .rposition(|c| !c.text.trim().is_empty() && !is_value_text(&c.text));
    let (label_cells, value_cells) = match last_label {
        Some(k) => (&cells[..=k], &cells[k + 1..]),
        None => (&cells[..0], &cells[..]),
    };
    let mut out = SplitLine {
        labels: label_cells
            .iter()
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        ..SplitLine::default()
    };
    // A text line without separators: token columns stand in for x.
    let columns = !positioned && cells.len() == 1;
    for c in value_cells {
        if positioned && c.text.trim().is_empty() {
            continue;
        }
        // A cell holding several numbers separated by spaces.
        let toks = tokens(&c.text, c.bbox.x0);
        if toks.len() > 1 && toks.iter().all(|t| is_value_text(&t.0)) && !c.text.contains("万元")
        {
            out.loose = true;
            for (t, x0, x1) in toks {
                out.values.push(ValueCell {
                    text: t,
                    bbox: (positioned || columns).then(|| BBox::new(x0, 0.0, x1, 0.0)),
                    page_index: line.page_index,
                    line_index,
                });
            }
            continue;
        }
        out.values.push(ValueCell {
            text: c.text.trim().to_string(),
            bbox: positioned.then_some(c.bbox),
            page_index: c.page_index,
            line_index,
        });
    }
    // "规章  0  0  0" in one run of text: split trailing numbers off the label.
    if out.values.is_empty() {
        if let (Some(last), Some(cell)) = (out.labels.pop(), label_cells.last()) {
            let toks = tokens(&cell.text, cell.bbox.x0);
            let n_vals = toks
                .iter()
                .rev()
                .take_while(|t| is_value_text(&t.0))
                .count();
            if n_vals > 0 && n_vals < toks.len() {
                let k = toks.len() - n_vals;
                out.labels
                    .push(toks[..k].iter().map(|t| t.0.as_str()).collect::<String>());
                out.loose = true;
                for (t, x0, x1) in toks.into_iter().skip(k) {
                    out.values.push(ValueCell {
                        text: t,
                        bbox: columns.then(|| BBox::new(x0, 0.0, x1, 0.0)),
                        page_index: line.page_index,
                        line_index,
                    });
                }
            } else {
                out.labels.push(last);
            }
        }
    }
    out
}

/// Whitespace-separated tokens of a text with their character columns,
/// counted from `x0`.
fn tokens(text: &str, x0: f32) -> Vec<(String, f32, f32)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0usize;
    for (i, ch) in text.chars().enumerate() {
        if ch.is_whitespace() {
            if !cur.is_empty() {
                let n = cur.chars().count();
                out.push((
                    std::mem::take(&mut cur),
                    x0 + start as f32,
                    x0 + (start + n) as f32,
                ));
            }
        } else {
            if cur.is_empty() {
                start = i;
            }
            cur.push(ch);
        }
    }
    if !cur.is_empty() {
        let n = cur.chars().count();
        out.push((cur, x0 + start as f32, x0 + (start + n) as f32));
    }
    // A unit printed apart from its number ("126.5 万元") belongs to it.
    let mut merged: Vec<(String, f32, f32)> = Vec::with_capacity(out.len());
    for t in out {
        let unit = matches!(t.0.as_str(), "万元" | "元" | "亿元" | "件" | "个" | "项");
        match merged.last_mut() {
            Some(prev) if unit && is_value_text(&prev.0) => {
                prev.0 = format!("{} {}", prev.0, t.0);
                prev.2 = t.2;
            }
            _ => merged.push(t),
        }
    }
    merged
}

/// A row spec with the label forms it accepts.
struct RowMatcher<'a> {
    table: &'a TableSpec,
    row_key: &'a str,
    cores: Vec<String>,
    /// The label's enumeration ("(七)", "3."), required when the core is
    /// short: "总计" alone is a column header, "（七）总计" the row.
    numbering: Option<String>,
    /// The printed enumeration with the first characters of the label
    /// ("(二)部分公开"), for labels glued to other text.
    numbered_head: Option<String>,
}

impl RowMatcher<'_> {
    fn score(&self, cand: &Candidate) -> f32 {
        let c = &cand.core;
        if c.is_empty() {
            return 0.0;
        }
        let c_len = c.chars().count();
        let mut best: f32 = 0.0;
        for r in &self.cores {
            let r_len = r.chars().count();
            let s = if r == c {
                if r_len < 4 && self.numbering.is_some() && cand.numbering != self.numbering {
                    0.0
                } else {
                    1.0
                }
            } else if r_len < 4 || c_len < 4 {
                // Short labels ("其他", "规章") must match exactly.
                0.0
            } else if r.starts_with(c.as_str()) || c.starts_with(r.as_str()) {
                // A wrapped label's first line, or a label with an annotation.
                0.95
            } else if 2.0 * r_len.min(c_len) as f32 / (r_len + c_len) as f32 >= LABEL_THRESHOLD {
                similarity(c, r)
            } else {
                0.0 // too different in length to reach the threshold
            };
            best = best.max(s);
        }
        // A label glued to a group label's fragment, as in a table without
        // borders: "度办理结（二）部分公开（区分处理" still names （二）部分公开.
        if best < LABEL_THRESHOLD {
            if let Some(head) = &self.numbered_head {
                if cand.normalized.contains(head.as_str()) {
                    best = 0.9;
                }
            }
        }
        best
    }
}

fn row_matchers<'a>(
    spec: &Spec,
    tables: &[&'a TableSpec],
    extra: &'a [RowSpec],
) -> Vec<RowMatcher<'a>> {
    let mut out = Vec::new();
    for t in tables {
        let rows = t.rows.iter().chain(if t.key == "applications" {
            extra.iter()
        } else {
            [].iter()
        });
        for r in rows {
            let mut cores = vec![core(&r.label)];
            for v in spec.variants(&r.label) {
                cores.push(core(&v));
            }
            // Variants listed under another label that name this one.
            for (k, vs) in &spec.label_variants {
                if vs.iter().any(|v| core(v) == core(&r.label)) {
                    cores.push(core(k));
                }
            }
            cores.retain(|c| !c.is_empty());
            cores.dedup();
            out.push(RowMatcher {
                table: t,
                row_key: &r.key,
                cores,
                numbering: numbering_key(&r.label),
                numbered_head: numbered_head(&r.label),
            });
        }
    }
    out
}

/// The enumeration of a label in a comparable form: "（七）", "(七)" and
/// "七、" give "七"; "3." and "3、" give "3".
fn numbering_key(label: &str) -> Option<String> {
    let n = normalize(label);
    numbering(&n).map(|p| {
        p.chars()
            .filter(|c| !matches!(c, '(' | ')' | '.'))
            .collect::<String>()
    })
}

/// "(二)部分公开" for "（二）部分公开（区分处理的…）": the enumeration and
/// four characters of the label, when the label has both.
fn numbered_head(label: &str) -> Option<String> {
    let n = normalize(label);
    let prefix = numbering(&n)?;
    let rest: String = n[prefix.len()..].chars().take(4).collect();
    (rest.chars().count() == 4).then(|| format!("{prefix}{rest}"))
}

/// A printed label prepared once for comparison with every row.
struct Candidate {
    normalized: String,
    core: String,
    numbering: Option<String>,
}

impl Candidate {
    fn new(label: &str) -> Candidate {
        let normalized = normalize(label);
        Candidate {
            core: crate::template::label::strip_numbering(&normalized).to_string(),
            numbering: numbering_key(label),
            normalized,
        }
    }
}

/// The best row for a line's labels: the rightmost label that matches a row
/// wins (it is the most specific: group labels stand to its left).
fn best_row<'m, 'a>(
    matchers: &'m [RowMatcher<'a>],
    labels: &[String],
    taken: &[(&str, &str)],
    empty_taken: &[(&str, &str)],
) -> Option<&'m RowMatcher<'a>> {
    let mut candidates: Vec<String> = labels.iter().rev().cloned().collect();
    if labels.len() > 1 {
        candidates.push(labels.concat());
    }
    for cand in candidates {
        let cand = Candidate::new(&cand);
        let mut best: Option<(&RowMatcher, f32)> = None;
        for m in matchers {
            if taken.contains(&(m.table.key.as_str(), m.row_key))
                && !empty_taken.contains(&(m.table.key.as_str(), m.row_key))
            {
                continue;
            }
            let s = m.score(&cand);
            if s >= LABEL_THRESHOLD && best.is_none_or(|(_, b)| s > b) {
                best = Some((m, s));
            }
        }
        if let Some((m, _)) = best {
            return Some(m);
        }
    }
    None
}

/// One matched row with its raw value cells.
struct RowHit<'a> {
    table: &'a TableSpec,
    row_key: String,
    values: Vec<ValueCell>,
    loose: bool,
}

impl RowHit<'_> {
    fn nonblank(&self) -> usize {
        self.values.iter().filter(|v| !v.text.is_empty()).count()
    }

    /// Fewer values than a row of this table has (at most two needed): a
    /// later line with the same label may be the real row.
    fn is_weak(&self) -> bool {
        self.nonblank() < self.table.columns.len().min(2)
    }
}

/// Line ranges of the three table areas.
struct Regions {
    art20: (usize, usize),
    applications: (usize, usize),
    review: (usize, usize),
}

fn regions(lines: &[Line], headings: &[Heading]) -> Regions {
    let at = |n: u32| {
        headings
            .iter()
            .find(|h| h.number == n)
            .map(|h| h.line_index)
    };
    let joined = |l: &Line| -> String { normalize(&l.text()) };
    let n = lines.len();
    // The tables' own anchors come first: some reports renumber or reorder
    // their sections, and the headings then point elsewhere.
    let apps_start = lines
        .iter()
        .position(|l| {
            let t = joined(l);
            t.contains("本年新收政府信息公开申请数量")
                || t.contains("申请人情况")
                || t.contains("勾稽关系")
        })
        .or_else(|| at(3))
        .unwrap_or(0);
    let art20_start = lines[..apps_start]
        .iter()
        .position(|l| joined(l).contains("第二十条第"))
        .or_else(|| at(2).filter(|&i| i < apps_start))
        .unwrap_or(0);
    let review_start = at(4)
        .filter(|&i| i > apps_start)
        .or_else(|| {
            lines
                .iter()
                .enumerate()
                .skip(apps_start)
                .find(|(_, l)| {
                    let t = joined(l);
                    t.contains("行政复议") && !t.contains("申请")
                })
                .map(|(i, _)| i)
        })
        .unwrap_or(n);
    let review_end = at(5).filter(|&i| i > review_start).unwrap_or(n);
    Regions {
        art20: (art20_start, apps_start.max(art20_start)),
        applications: (apps_start, review_start.max(apps_start)),
        review: (review_start, review_end.max(review_start)),
    }
}

/// Matches rows of `tables` in `lines[range]`.
fn match_rows<'a>(
    doc: &Document,
    range: (usize, usize),
    matchers: &[RowMatcher<'a>],
) -> Vec<RowHit<'a>> {
    let mut hits: Vec<RowHit<'a>> = Vec::new();
    let mut taken: Vec<(&str, &str)> = Vec::new();
    // Rows matched without values (a wrapped label whose numbers stand on a
    // following line), and value lines met before their label (a table
    // broken into fragments): each is paired with the first of the other
    // kind, in order.
    let mut pending: VecDeque<usize> = VecDeque::new();
    let mut orphans: VecDeque<(Vec<ValueCell>, bool)> = VecDeque::new();
    for i in range.0..range.1 {
        let line = &doc.lines[i];
        if line.furniture {
            continue;
        }
        let split = split_line(line, i, doc.positioned);
        let row = if split.labels.is_empty() {
            None
        } else {
            let weak: Vec<(&str, &str)> = hits
                .iter()
                .filter(|h| h.is_weak())
                .map(|h| (h.table.key.as_str(), h.row_key.as_str()))
                .collect();
            best_row(matchers, &split.labels, &taken, &weak)
        };
        let nonblank = split.values.iter().filter(|v| !v.text.is_empty()).count();
        match row {
            Some(m) => {
                // A row seen before with too few values (a header, a group
                // label or a sentence of prose that looked like it) gives
                // way to this line.
                let idx = match hits.iter().position(|h| {
                    h.table.key == m.table.key && h.row_key == m.row_key && h.is_weak()
                }) {
                    Some(k) if nonblank < hits[k].nonblank() => continue,
                    Some(k) => {
                        pending.retain(|&p| p != k);
                        hits[k].values = split.values.clone();
                        hits[k].loose = split.loose;
                        k
                    }
                    None => {
                        hits.push(RowHit {
                            table: m.table,
                            row_key: m.row_key.to_string(),
                            values: split.values.clone(),
                            loose: split.loose,
                        });
                        hits.len() - 1
                    }
                };
                taken.push((m.table.key.as_str(), m.row_key));
                if nonblank > 0 {
                    continue;
                }
                if let Some((vals, loose)) = orphans.pop_front() {
                    hits[idx].values = vals;
                    hits[idx].loose = loose;
                    continue;
                }
                // （六）其他处理 is the group label of its sub-rows when they follow.
                if m.row_key.starts_with("other_") && m.row_key != "other_handling" {
                    pending.retain(|&p| hits[p].row_key != "other_handling");
                }
                pending.push_back(idx);
            }
            None => {
                if nonblank == 0 {
                    continue;
                }
                if let Some(&p) = pending.front() {
                    if nonblank >= hits[p].table.columns.len().min(2) {
                        pending.pop_front();
                        hits[p].values = split.values.clone();
                        hits[p].loose = split.loose;
                    }
                } else if !hits.is_empty() && nonblank >= 2 {
                    orphans.push_back((split.values.clone(), split.loose));
                }
            }
        }
    }
    hits
}

/// Column x-centres learned from the rows of a table that have one value per
/// column, per page (a table may move between pages) and overall.
fn learn_centers(
    hits: &[RowHit],
    table: &str,
    n: usize,
) -> (IndexMap<usize, Vec<f32>>, Option<Vec<f32>>) {
    let mut per_page: IndexMap<usize, Vec<Vec<f32>>> = IndexMap::new();
    let mut all: Vec<Vec<f32>> = Vec::new();
    for h in hits
        .iter()
        .filter(|h| h.table.key == table && h.values.len() == n)
    {
        let xs: Option<Vec<f32>> = h
            .values
            .iter()
            .map(|v| v.bbox.map(|b| b.center_x()))
            .collect();
        if let Some(xs) = xs {
            per_page
                .entry(h.values[0].page_index)
                .or_default()
                .push(xs.clone());
            all.push(xs);
        }
    }
    let median = |rows: &[Vec<f32>]| -> Vec<f32> {
        (0..n)
            .map(|j| {
                let mut col: Vec<f32> = rows.iter().map(|r| r[j]).collect();
                col.sort_by(f32::total_cmp);
                col[col.len() / 2]
            })
            .collect()
    };
    let pages = per_page
        .iter()
        .map(|(p, rows)| (*p, median(rows)))
        .collect();
    let overall = (!all.is_empty()).then(|| median(&all));
    (pages, overall)
}

/// Places a row's values into `n` column slots.
fn place(
    hit: &RowHit,
    n: usize,
    positioned: bool,
    centers: &(IndexMap<usize, Vec<f32>>, Option<Vec<f32>>),
) -> Result<Vec<Option<ValueCell>>, String> {
    let mut vals = hit.values.clone();
    let by_position = vals.iter().all(|v| v.bbox.is_some()) && (positioned || hit.loose);
    if !by_position {
        // Right-align: a label may span several fields, and a line may end
        // with a tab.
        while vals.len() > n && vals.last().is_some_and(|v| v.text.is_empty()) {
            vals.pop();
        }
        while vals.len() > n && vals.first().is_some_and(|v| v.text.is_empty()) {
            vals.remove(0);
        }
        if hit.loose && vals.len() != n {
            return Err(format!(
                "{} values for {n} columns, and blank cells cannot be told apart",
                vals.len()
            ));
        }
        if vals.len() > n {
            return Err(format!("{} values for {n} columns", vals.len()));
        }
        let mut out: Vec<Option<ValueCell>> = vals.into_iter().map(Some).collect();
        if out.len() < n {
            // Fields missing at the end of a line: blank cells.
            out.resize(n, None);
        }
        return Ok(out);
    }
    if vals.len() == n {
        return Ok(vals.into_iter().map(Some).collect());
    }
    let page = vals.first().map_or(0, |v| v.page_index);
    let Some(cs) = centers.0.get(&page).or(centers.1.as_ref()) else {
        return Err(format!(
            "{} values for {n} columns and no complete row to learn the columns from",
            vals.len()
        ));
    };
    let mut out: Vec<Option<ValueCell>> = vec![None; n];
    let gap = cs
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(f32::INFINITY, f32::min);
    for v in vals {
        let x = v.bbox.map_or(0.0, |b| b.center_x());
        let (j, d) = cs
            .iter()
            .enumerate()
            .map(|(j, c)| (j, (c - x).abs()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("n > 0");
        if d > gap / 2.0 || out[j].is_some() {
            return Err(format!("cannot place value {:?} at x={x:.1}", v.text));
        }
        out[j] = Some(v);
    }
    Ok(out)
}

/// Fills every table of `version` from the document.
pub fn match_tables(doc: &Document, headings: &[Heading], version: TemplateVersion) -> Matched {
    let spec = Spec::builtin();
    let vspec: &VersionSpec = spec.version(version);
    let regions = regions(&doc.lines, headings);
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

    let art20: Vec<&TableSpec> = vspec
        .tables
        .iter()
        .filter(|t| t.key.starts_with("art20"))
        .collect();
    let apps: Vec<&TableSpec> = vspec
        .tables
        .iter()
        .filter(|t| t.key == "applications")
        .collect();
    let review: Vec<&TableSpec> = vspec
        .tables
        .iter()
        .filter(|t| t.key == "review_litigation")
        .collect();

    let art20_matchers = row_matchers(spec, &art20, &[]);
    let mut hits = match_rows(doc, regions.art20, &art20_matchers);
    extra_rows(doc, regions.art20, &art20_matchers, &mut out);
    hits.extend(match_rows(
        doc,
        regions.applications,
        &row_matchers(spec, &apps, &hybrid_rows),
    ));
    let mut review_hits = match_rows(doc, regions.review, &row_matchers(spec, &review, &[]));
    review_hits.retain(|h| h.values.iter().any(|v| !v.text.is_empty()));
    // Printed as three rows of five (not the usual one row of fifteen).
    let review_by_rows = review_hits.len() == 3
        && review_hits.iter().all(|h| {
            h.values.len() == 5 || (h.values.len() == 1 && glued::is_run(&h.values[0].text))
        });
    if review_by_rows {
        hits.extend(review_hits);
    }

    // Hybrid: a single （六）其他处理 row with values and none of its sub-rows.
    let has_other_handling = hits
        .iter()
        .any(|h| h.row_key == "other_handling" && !h.values.is_empty());
    let has_other_sub = hits
        .iter()
        .any(|h| h.row_key.starts_with("other_") && h.row_key != "other_handling");
    if has_other_handling && !has_other_sub && version == TemplateVersion::Gb2021 {
        out.hybrid = Some("other_handling".into());
    }
    hits.retain(|h| {
        h.row_key != "other_handling" || version == TemplateVersion::Gb2019 || out.hybrid.is_some()
    });

    if !doc.positioned {
        resolve_runs(&mut hits, vspec, &mut out.warnings);
    }

    for t in &vspec.tables {
        let n = t.columns.len();
        let centers = learn_centers(&hits, &t.key, n);
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
        let mut table_hits: Vec<&RowHit> = hits.iter().filter(|h| h.table.key == t.key).collect();
        table_hits.sort_by_key(|h| {
            order
                .iter()
                .position(|k| *k == h.row_key)
                .unwrap_or(usize::MAX)
        });
        for h in table_hits {
            let placed = match place(h, n, doc.positioned, &centers) {
                Ok(p) => p,
                Err(why) => {
                    out.warnings
                        .push(format!("{}.{}: {why}; row left blank", t.key, h.row_key));
                    vec![None; n]
                }
            };
            let mut cols = IndexMap::new();
            for (col, cell) in t.columns.iter().zip(placed) {
                let value = read_value(t, &h.row_key, &col.key, cell.as_ref(), doc, &mut out);
                cols.insert(col.key.clone(), value);
            }
            rows.insert(h.row_key.clone(), cols);
            out.rows_found += 1;
        }
        if t.key == "review_litigation" && !review_by_rows {
            read_review_row(doc, regions.review, t, &mut rows, &mut out);
        }
        if !rows.is_empty() {
            out.tables.insert(t.key.clone(), rows);
        }
    }
    out
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
    let value = match parse_cell(&raw, t.unit(col)) {
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

/// Cuts section 四's run of digits into its 15 cells when exactly one cut
/// makes each of the three rows add up to its 总计.
fn split_review_run(run: &str, t: &TableSpec, warnings: &mut Vec<String>) -> Option<Vec<String>> {
    let per_row = t.columns.len();
    let n = per_row * t.rows.len();
    let fits: Vec<Vec<String>> = glued::split_run(run, n)
        .into_iter()
        .filter(|cells| {
            let v: Vec<f64> = cells
                .iter()
                .map(|c| c.parse().unwrap_or(f64::NAN))
                .collect();
            v.chunks(per_row).all(|row| {
                let (parts, total) = row.split_at(per_row - 1);
                (parts.iter().sum::<f64>() - total[0]).abs() < 1e-6
            })
        })
        .collect();
    if fits.len() == 1 {
        warnings.push(format!(
            "review_litigation: cells printed without separators ({run:?}); cut where each row adds up to its 总计"
        ));
        fits.into_iter().next()
    } else {
        warnings.push(format!(
            "review_litigation: cells printed without separators ({run:?}); {} cuts fit the row totals, table left blank",
            fits.len()
        ));
        None
    }
}

/// Rows whose cells were printed as one run of digits: cut each run into the
/// table's columns. A cut is kept only when the report's own totals leave
/// exactly one: the row's 总计 for the 申请 table, then the column totals
/// (（七）总计 and the balance) across the ambiguous rows. Runs that stay
/// ambiguous are left blank, with a warning.
fn resolve_runs(hits: &mut [RowHit], vspec: &VersionSpec, warnings: &mut Vec<String>) {
    const MAX_COMBINATIONS: usize = 200_000;
    let mut options: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
    for (i, h) in hits.iter().enumerate() {
        let n = h.table.columns.len();
        if n < 2 || h.values.len() != 1 || !glued::is_run(&h.values[0].text) {
            continue;
        }
        let mut cands = glued::split_run(&h.values[0].text, n);
        if h.table.key == "applications" {
            cands.retain(|c| {
                let v: Vec<f64> = c.iter().map(|x| x.parse().unwrap_or(f64::NAN)).collect();
                (v[..n - 1].iter().sum::<f64>() - v[n - 1]).abs() < 1e-6
            });
        }
        options.push((i, cands));
    }
    if options.is_empty() {
        return;
    }
    let mut chosen: Vec<(usize, Option<Vec<String>>)> = Vec::new();
    let mut ambiguous: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
    for (i, cands) in options {
        match cands.len() {
            1 => chosen.push((i, cands.into_iter().next())),
            0 => chosen.push((i, None)),
            _ if hits[i].table.key == "applications" => ambiguous.push((i, cands)),
            _ => chosen.push((i, None)),
        }
    }
    // Column totals decide between the cuts of the ambiguous 申请 rows.
    if !ambiguous.is_empty() {
        let total: usize = ambiguous.iter().map(|(_, c)| c.len()).product();
        let mut fits: Vec<Vec<usize>> = Vec::new();
        if total <= MAX_COMBINATIONS {
            let known: std::collections::HashMap<String, Vec<f64>> = hits
                .iter()
                .enumerate()
                .filter(|(_, h)| h.table.key == "applications")
                .filter_map(|(i, h)| {
                    let cells = chosen
                        .iter()
                        .find(|(j, _)| *j == i)
                        .map(|(_, c)| c.clone())
                        .unwrap_or_else(|| {
                            Some(h.values.iter().map(|v| v.text.clone()).collect())
                        })?;
                    let v: Vec<f64> = cells
                        .iter()
                        .map(|x| x.parse().unwrap_or(f64::NAN))
                        .collect();
                    Some((h.row_key.clone(), v))
                })
                .collect();
            let result_rows: Vec<&str> = vspec
                .table("applications")
                .map(|t| {
                    t.rows
                        .iter()
                        .map(|r| r.key.as_str())
                        .filter(|k| {
                            !matches!(
                                *k,
                                "new_received"
                                    | "carried_over"
                                    | "results_total"
                                    | "carried_forward"
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let mut pick = vec![0usize; ambiguous.len()];
            loop {
                let mut rows = known.clone();
                for (k, (i, cands)) in ambiguous.iter().enumerate() {
                    let v = cands[pick[k]]
                        .iter()
                        .map(|x| x.parse().unwrap_or(f64::NAN))
                        .collect();
                    rows.insert(hits[*i].row_key.clone(), v);
                }
                if columns_add_up(&rows, &result_rows) {
                    fits.push(pick.clone());
                }
                // Next combination.
                let mut k = 0;
                while k < pick.len() {
                    pick[k] += 1;
                    if pick[k] < ambiguous[k].1.len() {
                        break;
                    }
                    pick[k] = 0;
                    k += 1;
                }
                if k == pick.len() {
                    break;
                }
            }
        }
        if fits.len() == 1 {
            for (k, (i, cands)) in ambiguous.iter().enumerate() {
                chosen.push((*i, Some(cands[fits[0][k]].clone())));
            }
        } else {
            for (i, _) in &ambiguous {
                chosen.push((*i, None));
            }
        }
    }
    chosen.sort_by_key(|(i, _)| *i);
    for (i, cells) in chosen {
        let h = &mut hits[i];
        let run = h.values[0].clone();
        match cells {
            Some(cells) => {
                warnings.push(format!(
                    "{}.{}: cells printed without separators ({:?}); cut as {} (the only cut the report's totals allow)",
                    h.table.key,
                    h.row_key,
                    run.text,
                    cells.join("|")
                ));
                h.values = cells
                    .into_iter()
                    .map(|c| ValueCell {
                        text: c,
                        ..run.clone()
                    })
                    .collect();
            }
            None => {
                warnings.push(format!(
                    "{}.{}: cells printed without separators ({:?}) can be cut in several ways; row left blank",
                    h.table.key, h.row_key, run.text
                ));
                h.values = vec![
                    ValueCell {
                        text: String::new(),
                        ..run.clone()
                    };
                    h.table.columns.len()
                ];
            }
        }
    }
}

/// True when every column of the 申请 table whose operands are all known
/// closes: （七）总计 equals the result rows, and 新收 + 结转 equals 总计 +
/// 结转下年度.
fn columns_add_up(
    rows: &std::collections::HashMap<String, Vec<f64>>,
    result_rows: &[&str],
) -> bool {
    let n = rows.values().map(Vec::len).max().unwrap_or(0);
    for c in 0..n {
        let get = |k: &str| rows.get(k).and_then(|v| v.get(c)).copied();
        if let Some(total) = get("results_total") {
            let parts: Option<f64> = result_rows
                .iter()
                .filter(|k| rows.contains_key(**k))
                .map(|k| get(k))
                .sum();
            if let Some(p) = parts {
                if (p - total).abs() > 1e-6 {
                    return false;
                }
            }
        }
        if let (Some(a), Some(b), Some(t), Some(f)) = (
            get("new_received"),
            get("carried_over"),
            get("results_total"),
            get("carried_forward"),
        ) {
            if (a + b - t - f).abs() > 1e-6 {
                return false;
            }
        }
    }
    true
}
