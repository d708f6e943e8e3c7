//! Rows matched by label: the printed label against the spec's label, its
//! variants and small typos, within the area of each table.

use std::collections::VecDeque;

use crate::ingest::Document;
use crate::layout::Line;
use crate::section::Heading;
use crate::template::cells::{split_line, ValueCell};
use crate::template::label::{core, normalize, numbering, similarity};
use crate::template::spec::{RowSpec, Spec, TableSpec};

/// Label similarity at or above which a printed label is taken for a row.
pub const LABEL_THRESHOLD: f32 = 0.8;

/// A row spec with the label forms it accepts.
pub(crate) struct RowMatcher<'a> {
    pub(crate) table: &'a TableSpec,
    pub(crate) row_key: &'a str,
    pub(crate) cores: Vec<String>,
    /// The label's enumeration ("(七)", "3."), required when the core is
    /// short: "总计" alone is a column header, "（七）总计" the row.
    pub(crate) numbering: Option<String>,
    /// The printed enumeration with the first characters of the label
    /// ("(二)部分公开"), for labels glued to other text.
    pub(crate) numbered_head: Option<String>,
}

impl RowMatcher<'_> {
    pub(crate) fn score(&self, cand: &Candidate) -> f32 {
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
            } else if r.ends_with(c.as_str()) && cand.numbering.is_none() {
                // The rest of a wrapped label ("三方合法权益"): its row
                // started on the line above.
                0.0
            } else if 2.0 * r_len.min(c_len) as f32 / (r_len + c_len) as f32 >= LABEL_THRESHOLD {
                similarity(c, r)
            } else {
                0.0 // too different in length to reach the threshold
            };
            best = best.max(s);
        }
        // One character wrong in a short label ("予已公开", "重复申情") with
        // the row's own enumeration: the numbering confirms it.
        if best < LABEL_THRESHOLD && cand.numbering.is_some() && cand.numbering == self.numbering {
            for r in &self.cores {
                let (r_len, c_len) = (r.chars().count(), c.chars().count());
                if r_len >= 4 && r_len == c_len && similarity(c, r) >= 0.74 {
                    best = best.max(LABEL_THRESHOLD);
                }
            }
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

pub(crate) fn row_matchers<'a>(
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
            // Variants listed under another label that name this one, and
            // variants of the bare words ("总计" → "合计" for （七）总计).
            let own = core(&r.label);
            for (k, vs) in &spec.label_variants {
                if vs.iter().any(|v| core(v) == own) {
                    cores.push(core(k));
                }
                if core(k) == own {
                    cores.extend(spec.variants(k).iter().map(|v| core(v)));
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
pub(crate) fn numbering_key(label: &str) -> Option<String> {
    let n = normalize(label);
    numbering(&n).map(|p| {
        p.chars()
            .filter(|c| !matches!(c, '(' | ')' | '.'))
            .collect::<String>()
    })
}

/// "(二)部分公开" for "（二）部分公开（区分处理的…）": the enumeration and
/// four characters of the label, when the label has both.
pub(crate) fn numbered_head(label: &str) -> Option<String> {
    let n = normalize(label);
    let prefix = numbering(&n)?;
    let rest: String = n[prefix.len()..].chars().take(4).collect();
    (rest.chars().count() == 4).then(|| format!("{prefix}{rest}"))
}

/// A printed label prepared once for comparison with every row.
pub(crate) struct Candidate {
    pub(crate) normalized: String,
    pub(crate) core: String,
    pub(crate) numbering: Option<String>,
}

impl Candidate {
    pub(crate) fn new(label: &str) -> Candidate {
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
pub(crate) fn best_row<'m, 'a>(
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
pub(crate) struct RowHit<'a> {
    pub(crate) table: &'a TableSpec,
    pub(crate) row_key: String,
    pub(crate) values: Vec<ValueCell>,
    pub(crate) loose: bool,
    /// Why the row's values are not trusted (labels and values printed
    /// apart, paired in order, with some left unpaired): its cells are
    /// left blank with this as the warning.
    pub(crate) untrusted: Option<String>,
}

impl RowHit<'_> {
    pub(crate) fn nonblank(&self) -> usize {
        self.values.iter().filter(|v| !v.text.is_empty()).count()
    }

    /// Fewer values than a row of this table has (at most two needed): a
    /// later line with the same label may be the real row.
    pub(crate) fn is_weak(&self) -> bool {
        self.nonblank() < self.table.columns.len().min(2)
    }
}

/// Line ranges of the three table areas.
pub(crate) struct Regions {
    pub(crate) art20: (usize, usize),
    pub(crate) applications: (usize, usize),
    pub(crate) review: (usize, usize),
}

pub(crate) fn regions(lines: &[Line], headings: &[Heading]) -> Regions {
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
pub(crate) fn match_rows<'a>(
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
    let in_pipe = |i: usize| {
        doc.tables.iter().any(|t| {
            t.origin == crate::layout::table::TableOrigin::Markdown
                && i >= t.first_line
                && i < t.end_line
        })
    };
    // Rows that took values printed apart from their label, in order.
    let mut paired: Vec<usize> = Vec::new();
    // The line where each row's label was read.
    let mut label_line: Vec<usize> = Vec::new();
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
                            untrusted: None,
                        });
                        label_line.push(i);
                        hits.len() - 1
                    }
                };
                label_line[idx] = i;
                taken.push((m.table.key.as_str(), m.row_key));
                if nonblank > 0 {
                    continue;
                }
                if let Some((vals, loose)) = orphans.pop_front() {
                    hits[idx].values = vals;
                    paired.push(idx);
                    hits[idx].loose = loose;
                    continue;
                }
                // （六）其他处理 is the group label of its sub-rows when they follow.
                if m.row_key.starts_with("other_") && m.row_key != "other_handling" {
                    pending.retain(|&p| hits[p].row_key != "other_handling");
                }
                // A label printed whole with no value is a row left blank;
                // only a label cut short (wrapped, its values on a line of
                // their own) waits for values.
                let whole = split
                    .labels
                    .iter()
                    .any(|l| m.score(&Candidate::new(l)) >= 1.0);
                if !whole {
                    pending.push_back(idx);
                }
            }
            None => {
                if nonblank == 0 {
                    continue;
                }
                // Values right under the one cut label waiting (within three
                // lines) are its own; others go to the first label waiting,
                // in order, trusted only if all pair up.
                let near = pending
                    .back()
                    .copied()
                    .filter(|&p| pending.len() == 1 && i - label_line[p] <= 3);
                // Pairing in order is for rows of values kept whole (the
                // pipe rows of a markdown conversion that printed labels
                // apart); lines of a text layout pair only when near.
                let in_order = in_pipe(i).then(|| pending.front().copied()).flatten();
                if let Some(p) = near.or(in_order) {
                    if nonblank >= hits[p].table.columns.len().min(2) {
                        pending.retain(|&q| q != p);
                        hits[p].values = split.values.clone();
                        if near.is_none() {
                            paired.push(p);
                        }
                        hits[p].loose = split.loose;
                    }
                } else if !hits.is_empty() && nonblank >= 2 && in_pipe(i) {
                    orphans.push_back((split.values.clone(), split.loose));
                }
            }
        }
    }
    // Labels and values printed apart are paired in order only when every
    // label found its values and every value line its label: a label left
    // over (a row left blank) shifts every pair after it.
    // A label cut short whose values were not found for certain.
    for &p in &pending {
        if hits[p].values.iter().all(|v| v.text.is_empty()) {
            hits[p].untrusted = Some(
                "the row's label is cut short and its values were not found for certain".into(),
            );
        }
    }
    if !pending.is_empty() || !orphans.is_empty() {
        for &p in &paired {
            hits[p].untrusted = Some(format!(
                "labels and values printed apart could not be paired for certain ({} labels without values, {} value lines without labels)",
                pending.len(),
                orphans.len()
            ));
        }
    }
    hits
}
