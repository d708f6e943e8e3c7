//! Tables without column rules: the grid read from the text's alignment.
//!
//! For a block of lines known to hold a table (the template stage finds
//! it), the builder works on the glyphs of each line:
//!
//! 1. each line is cut into *words* at gaps wider than
//!    [`LayoutSettings::word_gap_em`]; a word is a value (a number or a
//!    "none" mark) or a label;
//! 2. the values' x-ranges, clustered, give the value columns; header
//!    words over a column with no value at all (a column left blank in
//!    every row) add it; the label columns stand left of the first value
//!    column;
//! 3. lines above the first line with values, and label lines reaching
//!    into the value columns further down (the header of a second small
//!    table), are header rows. In each column the lowest header word, with
//!    the words stacked tight above it (a label wrapped in its cell), is the
//!    column's own label; the other header words are group labels over
//!    several columns: one per repeat when the column labels repeat
//!    (行政复议 / 未经复议直接起诉 / 复议后起诉 over three runs of 结果维持…总计),
//!    all columns for a line that is a caption, otherwise the columns it
//!    stands over;
//! 4. a line with values is a body row; a label line between body rows is
//!    a fragment of a wrapped label (joined to the nearest body row, or to
//!    the values below it when they have no label of their own) or, when
//!    it starts a numbered label and nothing claims it, a row whose cells
//!    are all blank.
//!
//! The result is a [`Table`] of origin [`TableOrigin::AlignedPdf`], one per
//! page, with its column positions, mapped like every other table.

use std::ops::Range;

use super::settings::LayoutSettings;
use super::table::{Table, TableCell, TableOrigin};
use super::words::{block_text, group_columns, group_lines, push_line_text};
use super::{Glyph, Line, Page};
use crate::geom::BBox;
use crate::normalize::is_value_text;

/// A run of glyphs on one line with no wide gap inside.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    bbox: BBox,
    value: bool,
}

/// One line of the block, cut into words.
#[derive(Debug, Clone)]
struct Row {
    line_index: usize,
    words: Vec<Word>,
    top: f32,
    bottom: f32,
}

impl Row {
    fn center(&self) -> f32 {
        (self.top + self.bottom) / 2.0
    }
    fn has_values(&self) -> bool {
        self.words.iter().any(|w| w.value)
    }
}

/// Builds the tables of the block `range` of `lines` (one per page the
/// block covers), or none where no line holds a value.
pub fn aligned_tables(
    pages: &[Page],
    lines: &[Line],
    range: Range<usize>,
    s: &LayoutSettings,
) -> Vec<Table> {
    let range = range.start.min(lines.len())..range.end.min(lines.len());
    let mut out = Vec::new();
    let mut start = range.start;
    // A row label cut by a page break: its first lines end one page, the
    // rest and its values open the next.
    let mut cut_label: Option<String> = None;
    // A page of header lines only (a table's header at the foot of a page).
    let mut carried_header: Vec<Row> = Vec::new();
    while start < range.end {
        let page_index = lines[start].page_index;
        let mut end = start;
        while end < range.end && lines[end].page_index == page_index {
            end += 1;
        }
        if let Some(page) = pages.iter().find(|p| p.page_index == page_index) {
            if let Some(t) = page_table(
                page,
                lines,
                start..end,
                s,
                &mut cut_label,
                &mut carried_header,
            ) {
                out.push(t);
            }
        }
        start = end;
    }
    out
}

fn words_of(glyphs: &[&Glyph], s: &LayoutSettings) -> Vec<Word> {
    let mut runs: Vec<Vec<&Glyph>> = Vec::new();
    for &g in glyphs {
        if let Some(run) = runs.last_mut() {
            let p = run[run.len() - 1];
            let size = g.size_pt.max(p.size_pt).max(1.0);
            let gap = g.bbox.x0 - p.bbox.x1;
            let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
            // Two numbers side by side in narrow columns: a smaller gap
            // separates them (no number has a gap inside).
            let limit = if digits(&p.text) && digits(&g.text) {
                s.space_gap_em.max(0.2) * size
            } else {
                s.word_gap_em * size
            };
            if gap <= limit {
                run.push(g);
                continue;
            }
        }
        runs.push(vec![g]);
    }
    runs.into_iter()
        .map(|run| {
            let mut text = String::new();
            push_line_text(&mut text, &run, s);
            let bbox = run.iter().fold(run[0].bbox, |b: BBox, g| b.union(&g.bbox));
            let value = is_value_text(&text);
            Word { text, bbox, value }
        })
        .collect()
}

/// Clusters x-intervals that overlap (within `tol`), left to right.
fn cluster(mut spans: Vec<(f32, f32)>, tol: f32) -> Vec<(f32, f32)> {
    spans.sort_by(|a, b| ((a.0 + a.1) / 2.0).total_cmp(&((b.0 + b.1) / 2.0)));
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (x0, x1) in spans {
        if let Some(last) = out.last_mut() {
            if x0 <= last.1 + tol {
                last.0 = last.0.min(x0);
                last.1 = last.1.max(x1);
                continue;
            }
        }
        out.push((x0, x1));
    }
    // Merging can make neighbours overlap: repeat until stable.
    let mut merged: Vec<(f32, f32)> = Vec::new();
    for (x0, x1) in out {
        match merged.last_mut() {
            Some(last) if x0 <= last.1 + tol => last.1 = last.1.max(x1),
            _ => merged.push((x0, x1)),
        }
    }
    merged
}

fn overlap(a: (f32, f32), b: (f32, f32)) -> f32 {
    (a.1.min(b.1) - a.0.max(b.0)).max(0.0)
}

/// True for a label that starts a numbered row: "1.", "（三）", "一、".
fn numbered(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut chars = t.chars();
    match chars.next() {
        Some('（' | '(') => true,
        Some(c) if c.is_ascii_digit() => {
            matches!(chars.next(), Some('.' | '．' | '、' | ')' | '）'))
        }
        Some(c) if "一二三四五六七八九十".contains(c) => {
            matches!(chars.next(), Some('、' | '．' | '.'))
        }
        _ => false,
    }
}

/// The words of the block's glyphs on one page, regrouped into visual
/// lines (each glyph in one line only), with the document line each comes
/// from.
fn block_rows(page: &Page, lines: &[Line], range: Range<usize>, s: &LayoutSettings) -> Vec<Row> {
    let block: Vec<(usize, BBox)> = range
        .filter(|&i| !lines[i].furniture)
        .filter_map(|i| {
            lines[i]
                .cells
                .iter()
                .filter(|c| !c.text.trim().is_empty())
                .map(|c| c.bbox)
                .reduce(|a, b| a.union(&b))
                .map(|b| (i, b))
        })
        .collect();
    let Some(area) = block.iter().map(|(_, b)| *b).reduce(|a, b| a.union(&b)) else {
        return Vec::new();
    };
    let inside = |g: &&Glyph| {
        let (x, y) = (g.bbox.center_x(), g.bbox.center_y());
        !g.text.trim().is_empty()
            && x >= area.x0 - 0.5
            && x <= area.x1 + 0.5
            && y >= area.top - 0.5
            && y <= area.bottom + 0.5
            && block
                .iter()
                .any(|(_, b)| y >= b.top - 0.5 && y <= b.bottom + 0.5)
    };
    let glyphs: Vec<&Glyph> = page.glyphs.iter().filter(inside).collect();
    let (vertical, horizontal): (Vec<&Glyph>, Vec<&Glyph>) =
        glyphs.into_iter().partition(|g| g.vertical);
    let line_of = |top: f32, bottom: f32| {
        block
            .iter()
            .max_by(|a, b| {
                let o = |x: &BBox| (bottom.min(x.bottom) - top.max(x.top)).max(0.0);
                o(&a.1).total_cmp(&o(&b.1))
            })
            .map_or(0, |(i, _)| *i)
    };
    let mut rows: Vec<Row> = Vec::new();
    for line in group_lines(&horizontal, s) {
        let words = words_of(&line, s);
        let top = words.iter().map(|w| w.bbox.top).fold(f32::MAX, f32::min);
        let bottom = words.iter().map(|w| w.bbox.bottom).fold(f32::MIN, f32::max);
        rows.push(Row {
            line_index: line_of(top, bottom),
            words,
            top,
            bottom,
        });
    }
    // A label written vertically is one word, as tall as it is printed.
    for col in group_columns(&vertical) {
        let (text, bbox) = block_text(&col, s);
        rows.push(Row {
            line_index: line_of(bbox.top, bbox.bottom),
            words: vec![Word {
                text,
                bbox,
                value: false,
            }],
            top: bbox.top,
            bottom: bbox.bottom,
        });
    }
    rows.sort_by(|a, b| a.center().total_cmp(&b.center()));
    rows
}

/// A header word placed on the grid: its value columns and its level
/// (0 for a column's own label, higher for group labels).
struct HeaderCell {
    cols: Range<usize>,
    text: String,
    bbox: BBox,
    level: usize,
    line_index: usize,
}

/// Reads one block of header lines (`rows[block]`) over the value
/// columns `edges` (`n_value + 1` x-positions).
fn header_cells(
    rows: &[Row],
    block: Range<usize>,
    edges: &[f32],
    boundary: f32,
    em: f32,
) -> Vec<HeaderCell> {
    let n_value = edges.len() - 1;
    let col_of = |w: &Word| -> Option<usize> {
        let c = w.bbox.center_x();
        (0..n_value).find(|&k| c >= edges[k] && c < edges[k + 1])
    };
    let inside_one = |w: &Word, k: usize| {
        let o = overlap((edges[k], edges[k + 1]), (w.bbox.x0, w.bbox.x1));
        o >= 0.7 * w.bbox.width()
    };
    // (row, word) of every header word in the value area.
    let words: Vec<(usize, &Word)> = block
        .clone()
        .flat_map(|r| rows[r].words.iter().map(move |w| (r, w)))
        .filter(|(_, w)| w.bbox.x1 > boundary + 0.25 * em)
        .collect();
    // Each column's own label: the lowest word inside it, with the words
    // stacked tight above it (a label wrapped in its cell) — unless the
    // lowest words alone repeat with the columns and the stacks do not
    // (a group label sits tight above the middle column of its group).
    let leaves = |join: bool| {
        let mut used = vec![false; words.len()];
        let mut cells: Vec<HeaderCell> = Vec::new();
        let mut texts: Vec<String> = vec![String::new(); n_value];
        for (k, leaf) in texts.iter_mut().enumerate() {
            let mut mine: Vec<usize> = (0..words.len())
                .filter(|&i| col_of(words[i].1) == Some(k) && inside_one(words[i].1, k))
                .collect();
            mine.sort_by(|&a, &b| words[b].1.bbox.bottom.total_cmp(&words[a].1.bbox.bottom));
            let Some(&low) = mine.first() else { continue };
            let mut stack = vec![low];
            let mut top = words[low].1.bbox.top;
            for &i in mine[1..].iter().filter(|_| join) {
                let w = words[i].1;
                // A line of a label wrapped in its cell stays inside the
                // column; a word running over its edges is a group label.
                let within = w.bbox.x0 >= edges[k] - 1.0 && w.bbox.x1 <= edges[k + 1] + 1.0;
                if top - w.bbox.bottom <= 0.45 * em && within {
                    stack.push(i);
                    top = top.min(w.bbox.top);
                } else {
                    break;
                }
            }
            stack.reverse();
            let text: String = stack.iter().map(|&i| words[i].1.text.as_str()).collect();
            let bbox = stack
                .iter()
                .map(|&i| words[i].1.bbox)
                .reduce(|a, b| a.union(&b))
                .expect("one word");
            for &i in &stack {
                used[i] = true;
            }
            *leaf = text.clone();
            cells.push(HeaderCell {
                cols: k..k + 1,
                text,
                bbox,
                level: 0,
                line_index: rows[words[low].0].line_index,
            });
        }
        (cells, used, texts)
    };
    let period_of = |texts: &[String]| {
        (1..n_value).find(|&p| {
            n_value % p == 0
                && n_value / p >= 2
                && texts[..p].iter().all(|t| !t.is_empty())
                && (0..n_value).all(|k| texts[k] == texts[k % p])
        })
    };
    let (mut out, mut used, mut leaf_text) = leaves(true);
    if period_of(&leaf_text).is_none() {
        let lowest = leaves(false);
        if period_of(&lowest.2).is_some() {
            (out, used, leaf_text) = lowest;
        }
    }
    // Group labels.
    let mut groups: Vec<usize> = (0..words.len()).filter(|&i| !used[i]).collect();
    groups.sort_by(|&a, &b| words[b].1.bbox.bottom.total_cmp(&words[a].1.bbox.bottom));
    let mut placed: Vec<(usize, Range<usize>)> = Vec::new();
    // Column labels repeating m times: m groups side by side, one each.
    if let Some(period) = period_of(&leaf_text) {
        let m = n_value / period;
        // Words that repeat with the columns (the first line of a wrapped
        // column label) stay over their column.
        let inside = |i: usize| col_of(words[i].1);
        let repeating = |i: usize| {
            inside(i).is_some_and(|k| {
                (0..m).all(|g| {
                    let kk = k % period + g * period;
                    groups
                        .iter()
                        .any(|&j| inside(j) == Some(kk) && words[j].1.text == words[i].1.text)
                })
            })
        };
        let mut picked: Vec<usize> = Vec::new();
        for &i in groups.iter().filter(|&&i| !repeating(i)) {
            let b = words[i].1.bbox;
            if picked
                .iter()
                .all(|&j| overlap((b.x0, b.x1), (words[j].1.bbox.x0, words[j].1.bbox.x1)) <= 0.0)
            {
                picked.push(i);
            }
            if picked.len() == m {
                break;
            }
        }
        if picked.len() == m {
            picked.sort_by(|&a, &b| words[a].1.bbox.x0.total_cmp(&words[b].1.bbox.x0));
            for (g, &i) in picked.iter().enumerate() {
                placed.push((i, g * period..(g + 1) * period));
            }
        }
    }
    for &i in &groups {
        if placed.iter().any(|(j, _)| *j == i) {
            continue;
        }
        let (r, w) = words[i];
        let alone = rows[r]
            .words
            .iter()
            .filter(|x| x.bbox.x1 > boundary)
            .count()
            == 1
            && !block.clone().any(|o| {
                o != r
                    && rows[o]
                        .words
                        .iter()
                        .any(|x| x.bbox.y_overlap(&w.bbox) > 0.0 && x.bbox.x1 > boundary)
            });
        let cols = if alone {
            // A caption, or a group label alone on its line: every column.
            0..n_value
        } else {
            // The group labels placed below it that it stands over, or
            // the columns it stands over.
            let under: Vec<&Range<usize>> = placed
                .iter()
                .filter(|(j, _)| {
                    let b = words[*j].1.bbox;
                    b.top >= w.bbox.bottom && overlap((b.x0, b.x1), (w.bbox.x0, w.bbox.x1)) > 0.0
                })
                .map(|(_, c)| c)
                .collect();
            if let (Some(a), Some(b)) = (
                under.iter().map(|c| c.start).min(),
                under.iter().map(|c| c.end).max(),
            ) {
                a..b
            } else {
                let hit: Vec<usize> = (0..n_value)
                    .filter(|&k| {
                        let c = (edges[k] + edges[k + 1]) / 2.0;
                        c >= w.bbox.x0 - 0.5 * em && c <= w.bbox.x1 + 0.5 * em
                    })
                    .collect();
                let centre = |k: usize| (edges[k] + edges[k + 1]) / 2.0;
                let between = (0..n_value.saturating_sub(1))
                    .find(|&k| centre(k) < w.bbox.center_x() && w.bbox.center_x() < centre(k + 1));
                match (hit.first(), hit.last(), between) {
                    (Some(&a), Some(&b), _) => a..b + 1,
                    // Centred between two columns: a label over both.
                    (_, _, Some(k)) if !col_of(w).is_some_and(|c| inside_one(w, c)) => k..k + 2,
                    _ => match col_of(w) {
                        Some(k) => k..k + 1,
                        None => continue,
                    },
                }
            }
        };
        placed.push((i, cols));
    }
    // Levels: higher for words printed higher.
    placed.sort_by(|a, b| words[b.0].1.bbox.top.total_cmp(&words[a.0].1.bbox.top));
    for (level, (i, cols)) in placed.into_iter().enumerate() {
        let (r, w) = words[i];
        out.push(HeaderCell {
            cols,
            text: w.text.clone(),
            bbox: w.bbox,
            level: level + 1,
            line_index: rows[r].line_index,
        });
    }
    out
}

fn page_table(
    page: &Page,
    lines: &[Line],
    range: Range<usize>,
    s: &LayoutSettings,
    cut_label: &mut Option<String>,
    carried_header: &mut Vec<Row>,
) -> Option<Table> {
    let mut rows = block_rows(page, lines, range, s);
    // Header lines that ended the previous page (the table's values all
    // on this one) stand above this page's first line.
    if !carried_header.is_empty() {
        let top = rows.first().map_or(0.0, |r| r.top);
        let bottom = carried_header
            .iter()
            .map(|r| r.bottom)
            .fold(f32::MIN, f32::max);
        let dy = top - 1.0 - bottom;
        let mut moved: Vec<Row> = std::mem::take(carried_header);
        for r in &mut moved {
            r.top += dy;
            r.bottom += dy;
            for w in &mut r.words {
                w.bbox.top += dy;
                w.bbox.bottom += dy;
            }
        }
        moved.extend(rows);
        rows = moved;
    }
    let Some(first_body) = rows.iter().position(Row::has_values) else {
        *cut_label = None;
        *carried_header = rows;
        return None;
    };
    let mut sizes: Vec<f32> = rows
        .iter()
        .flat_map(|r| r.words.iter())
        .map(|w| w.bbox.height())
        .collect();
    sizes.sort_by(f32::total_cmp);
    let em = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(1.0);
    let tol = 0.25 * em;

    // Value columns from the values.
    let value_spans: Vec<(f32, f32)> = rows
        .iter()
        .flat_map(|r| r.words.iter().filter(|w| w.value))
        .map(|w| (w.bbox.x0, w.bbox.x1))
        .collect();
    let mut columns = cluster(value_spans, tol);
    // The label area ends halfway between the labels and the first
    // values (at the block's left edge when no row has a label).
    let v0 = columns.first()?.0;
    // (Row labels of the lines from the first values down, those of rows
    // left blank included: the widest tells where the label column ends.)
    let label_right = rows[first_body..]
        .iter()
        .filter(|r| {
            // (Not a header further down: labels over the values.)
            !r.words.iter().any(|w| !w.value && w.bbox.x0 >= v0 - tol)
        })
        .flat_map(|r| r.words.iter())
        .filter(|w| !w.value && w.bbox.x1 <= v0 + tol)
        .map(|w| w.bbox.x1)
        .fold(f32::MIN, f32::max);
    let block_left = rows
        .iter()
        .flat_map(|r| r.words.iter())
        .map(|w| w.bbox.x0)
        .fold(f32::MAX, f32::min);
    let boundary = if label_right > f32::MIN {
        // A column label above the values standing clear of the row labels
        // (over a column left blank in every row) starts the value area.
        let first_header = rows[..first_body]
            .iter()
            .flat_map(|r| r.words.iter())
            .filter(|w| !w.value && w.bbox.x0 > label_right + 0.5 * em && w.bbox.x0 < v0)
            .map(|w| w.bbox.x0)
            .fold(f32::MAX, f32::min);
        ((label_right + v0) / 2.0).min(first_header - tol)
    } else {
        block_left.min(v0) - tol
    };
    // Header rows: the lines above the first values, and label lines that
    // reach into the value columns further down.
    // Above the first values, a label line inside the header's height (a
    // corner note) is a header line too; one below the header, or on a
    // page continuing a table without its header, starts a row label.
    // (A word starting in the value area: a row label running long from
    // the label area is no header.)
    let reaches = |r: &Row| r.words.iter().any(|w| w.bbox.x0 >= boundary - tol);
    let header_bottom = rows[..first_body]
        .iter()
        .filter(|r| reaches(r))
        .map(|r| r.bottom)
        .fold(f32::MIN, f32::max);
    let is_header: Vec<bool> = rows
        .iter()
        .enumerate()
        .map(|(k, r)| !r.has_values() && (reaches(r) || (k < first_body && r.top < header_bottom)))
        .collect();
    // Columns named only by a header word over no value (blank in every
    // row): words as narrow as a column, clear of the value columns.
    let widths: Vec<f32> = columns.windows(2).map(|w| w[1].0 - w[0].0).collect();
    let pitch = if widths.is_empty() {
        f32::MAX
    } else {
        let mut w = widths.clone();
        w.sort_by(f32::total_cmp);
        w[w.len() / 2]
    };
    let header_words: Vec<&Word> = rows
        .iter()
        .zip(&is_header)
        .filter(|(_, &h)| h)
        .flat_map(|(r, _)| r.words.iter())
        .collect();
    let span_of = |w: &Word| (w.bbox.x0, w.bbox.x1);
    let extra: Vec<&Word> = header_words
        .iter()
        .copied()
        .filter(|w| {
            let span = span_of(w);
            span.0 >= boundary
                && span.1 - span.0 <= pitch
                && columns.iter().all(|&c| overlap(c, span) <= 0.0)
                && columns.iter().all(|&c| {
                    ((c.0 + c.1) - (span.0 + span.1)).abs() / 2.0 > 0.5 * pitch.min(4.0 * em)
                })
        })
        .collect();
    // A group label over several of them is not a column of its own, nor
    // is a word standing over a lower header line, centred between the
    // nearest words of that line on either side (行政诉讼 over
    // 未经复议直接起诉 | 复议后起诉), nor one with a header word below it
    // reaching past its ends.
    let group_over = |a: &Word| {
        let c = a.bbox.center_x();
        let below: Vec<&&Word> = header_words
            .iter()
            .filter(|b| b.bbox.top >= a.bbox.bottom - 0.1 * em && b.bbox.x1 > boundary)
            .collect();
        let spans_two = below.iter().any(|l| {
            l.bbox.x1 <= c
                && below
                    .iter()
                    .filter(|r| r.bbox.x0 >= c && r.bbox.y_overlap(&l.bbox) > 0.0)
                    .min_by(|x, y| x.bbox.x0.total_cmp(&y.bbox.x0))
                    .is_some_and(|r| {
                        let nearest_left = below
                            .iter()
                            .filter(|x| x.bbox.x1 <= c && x.bbox.y_overlap(&l.bbox) > 0.0)
                            .all(|x| x.bbox.x1 <= l.bbox.x1);
                        let (lc, rc) = (l.bbox.center_x(), r.bbox.center_x());
                        nearest_left && (c - (lc + rc) / 2.0).abs() <= 0.35 * (rc - lc)
                    })
        });
        spans_two
            || below.iter().any(|b| {
                overlap(span_of(a), span_of(b)) > 0.0
                    && (b.bbox.x0 < a.bbox.x0 - 0.5 * em || b.bbox.x1 > a.bbox.x1 + 0.5 * em)
            })
    };
    let extra: Vec<(f32, f32)> = extra
        .iter()
        .filter(|a| !group_over(a))
        .map(|w| span_of(w))
        .collect();
    let extra: Vec<(f32, f32)> = extra
        .iter()
        .copied()
        .filter(|&a| {
            let under: Vec<(f32, f32)> = extra
                .iter()
                .copied()
                .filter(|&b| b != a && overlap(a, b) > 0.0 && b.1 - b.0 < a.1 - a.0)
                .collect();
            !under
                .iter()
                .any(|&b| under.iter().any(|&c| c != b && overlap(b, c) <= 0.0))
        })
        .collect();
    if !extra.is_empty() {
        columns.extend(cluster(extra, tol));
        columns.sort_by(|a, b| a.0.total_cmp(&b.0));
        columns = cluster(columns, 0.0);
    }
    let n_value = columns.len();
    let left = block_left.min(boundary);
    let right = rows
        .iter()
        .flat_map(|r| r.words.iter())
        .map(|w| w.bbox.x1)
        .fold(columns[n_value - 1].1 + tol, f32::max);
    let mut value_edges: Vec<f32> = vec![boundary];
    for k in 1..n_value {
        value_edges.push((columns[k - 1].1 + columns[k].0) / 2.0);
    }
    value_edges.push(right);
    let col_of_value = |w: &Word| -> Option<usize> {
        let span = (w.bbox.x0, w.bbox.x1);
        (0..n_value)
            .map(|k| (k, overlap((value_edges[k], value_edges[k + 1]), span)))
            .filter(|(_, o)| *o > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(k, _)| k)
    };
    let in_label_area = |w: &Word| !w.value && w.bbox.center_x() < boundary;

    // Logical body rows: each line with values, with its label fragments.
    // `owner[k]` is the body row a label line belongs to.
    let body: Vec<usize> = (0..rows.len()).filter(|&k| rows[k].has_values()).collect();
    let mut owner: Vec<Option<usize>> = (0..rows.len())
        .map(|k| rows[k].has_values().then_some(k))
        .collect();
    let mut standalone: Vec<usize> = Vec::new();
    let labels_of = |k: usize| rows[k].words.iter().filter(|w| in_label_area(w));
    let x_touch =
        |a: &Word, b: &Word| overlap((a.bbox.x0, a.bbox.x1), (b.bbox.x0, b.bbox.x1)) > 0.0;
    // Where the row labels of lines with values start (their rightmost
    // label word, which is the row's own label).
    let row_label_starts: Vec<f32> = body
        .iter()
        .filter_map(|&b| labels_of(b).next_back().map(|w| w.bbox.x0))
        .collect();
    // The label line directly above `k` in the same column of labels, with
    // no more than an em between them.
    let above_in_stack = |k: usize| {
        (0..k).rev().take_while(|&j| !is_header[j]).find(|&j| {
            rows[k].top - rows[j].bottom < 1.0 * em
                && labels_of(j).any(|a| labels_of(k).any(|b| x_touch(a, b)))
        })
    };
    for k in 0..rows.len() {
        if is_header[k] || rows[k].has_values() {
            continue;
        }
        // Label lines opening a page that continues a label cut at the
        // end of the previous page belong to that label's row.
        if k < first_body
            && cut_label.is_some()
            && !labels_of(k).next_back().is_some_and(|w| numbered(&w.text))
        {
            continue;
        }
        // The rightmost label of the line is its row label; a group label
        // to its left ("（六", "三、") does not decide.
        match labels_of(k).next_back().filter(|w| numbered(&w.text)) {
            Some(head) => {
                // A numbered label starts a row. Its values are on the
                // first line below (through the lines it wraps onto) whose
                // own label there is missing or not numbered.
                let mut last = k;
                let mut found = None;
                for j in k + 1..rows.len() {
                    if rows[j].top - rows[last].bottom >= 1.0 * em && !rows[j].has_values() {
                        break;
                    }
                    let over: Vec<&Word> = labels_of(j).filter(|w| x_touch(w, head)).collect();
                    if over.iter().any(|w| numbered(&w.text)) || is_header[j] {
                        break;
                    }
                    if rows[j].has_values() {
                        let near = rows[j].top - rows[last].bottom < 1.0 * em
                            || rows[j].center() < rows[last].bottom + 0.5 * em;
                        // The values are this label's when they stand on
                        // its continuation, on no label, or inside it (the
                        // label goes on below them); a line with a label of
                        // its own elsewhere is a row of its own.
                        let continues_below = rows.get(j + 1).is_some_and(|n| {
                            !n.has_values()
                                && n.top - rows[j].bottom < 1.0 * em
                                && labels_of(j + 1).any(|w| x_touch(w, head) && !numbered(&w.text))
                        });
                        let theirs =
                            !over.is_empty() || labels_of(j).next().is_none() || continues_below;
                        found = (near && theirs).then_some(j);
                        break;
                    }
                    if !over.is_empty() {
                        last = j;
                    }
                }
                match found {
                    Some(b) => owner[k] = Some(b),
                    None => {
                        owner[k] = Some(k);
                        standalone.push(k);
                    }
                }
            }
            None => {
                // A continuation of the label line above it when that line
                // is full (it wrapped at the column's edge); a short label
                // line above means this one is a row of its own, left
                // blank. With no label line above, the nearest values.
                let full = |j: usize| {
                    labels_of(j)
                        .filter(|a| labels_of(k).any(|b| x_touch(a, b)))
                        .any(|a| {
                            a.bbox.x1 >= label_right - 1.5 * em && a.bbox.x1 >= boundary - 3.0 * em
                        })
                };
                // (A fragment of a group label, in a column further left,
                // never makes a row.)
                // A row label stands where row labels start (left-aligned)
                // or reaches where they end.
                let row_label = labels_of(k).any(|w| {
                    w.bbox.x1 >= label_right - 1.5 * em
                        || row_label_starts
                            .iter()
                            .any(|&x| (w.bbox.x0 - x).abs() <= 0.5 * em)
                });
                match above_in_stack(k) {
                    Some(j) if full(j) || !row_label => owner[k] = owner[j],
                    Some(_) => {
                        owner[k] = Some(k);
                        standalone.push(k);
                    }
                    None if row_label => {
                        owner[k] = Some(k);
                        standalone.push(k);
                    }
                    None => {
                        owner[k] = body.iter().copied().min_by(|&a, &b| {
                            (rows[a].center() - rows[k].center())
                                .abs()
                                .total_cmp(&(rows[b].center() - rows[k].center()).abs())
                        });
                    }
                }
            }
        }
    }
    let mut attached: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    for (k, o) in owner.iter().enumerate() {
        if let Some(b) = *o {
            if b != k {
                attached[b].push(k);
            }
        }
    }

    // Label stacks of a body row: its label words and its fragments', a
    // stack per x-overlap, top to bottom.
    let stacks_of = |k: usize| -> Vec<(BBox, String)> {
        let mut members: Vec<usize> = attached[k].clone();
        members.push(k);
        members.sort_by(|&a, &b| rows[a].top.total_cmp(&rows[b].top));
        let mut stacks: Vec<(BBox, String)> = Vec::new();
        for m in members {
            for w in rows[m].words.iter().filter(|w| in_label_area(w)) {
                match stacks
                    .iter_mut()
                    .find(|(b, _)| overlap((b.x0, b.x1), (w.bbox.x0, w.bbox.x1)) > 0.0)
                {
                    Some((b, t)) => {
                        *b = b.union(&w.bbox);
                        t.push_str(&w.text);
                    }
                    None => stacks.push((w.bbox, w.text.clone())),
                }
            }
        }
        stacks.sort_by(|a, b| a.0.x0.total_cmp(&b.0.x0));
        stacks
    };
    // Grid rows in reading order: header blocks (one grid row per header
    // level), body rows.
    enum Part {
        Header(Range<usize>),
        Body(usize),
        /// The row of a small table that printed its header and no value.
        Blank(usize),
    }
    // A caption (one word alone on its line) under a line of column labels
    // starts the header of the next small table.
    let in_values = |k: usize| {
        rows[k]
            .words
            .iter()
            .filter(|w| w.bbox.x0 >= boundary - tol)
            .count()
    };
    let mut bands: Vec<f32> = value_edges.windows(2).map(|w| w[1] - w[0]).collect();
    bands.sort_by(f32::total_cmp);
    let band = bands[bands.len() / 2];
    let caption = |k: usize| {
        in_values(k) == 1
            && rows[k]
                .words
                .iter()
                .any(|w| w.bbox.x0 >= boundary - tol && w.bbox.width() > 1.5 * band)
    };
    let mut parts: Vec<Part> = Vec::new();
    let mut k = 0;
    while k < rows.len() {
        if is_header[k] {
            let start = k;
            k += 1;
            while k < rows.len() && is_header[k] && !(caption(k) && in_values(k - 1) >= 2) {
                k += 1;
            }
            if let Some(Part::Header(prev)) = parts.last() {
                let last = prev.end - 1;
                parts.push(Part::Blank(last));
            }
            parts.push(Part::Header(start..k));
            continue;
        }
        if rows[k].has_values() || standalone.contains(&k) {
            parts.push(Part::Body(k));
        }
        k += 1;
    }
    let mut body_stacks: Vec<(usize, Vec<(BBox, String)>)> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Body(k) => Some((*k, stacks_of(*k))),
            Part::Header(_) | Part::Blank(_) => None,
        })
        .collect();
    // The start of a row label cut at the end of the previous page goes
    // in front of this page's first row label, when that one is not
    // numbered (a label's continuation); this page's own cut label goes
    // to the next.
    if let (Some(cut), Some((_, stacks))) = (cut_label.take(), body_stacks.first_mut()) {
        if let Some((_, text)) = stacks.last_mut().filter(|(_, t)| !numbered(t)) {
            text.insert_str(0, &cut);
        }
    }
    if let Some(Part::Body(k)) = parts.last() {
        if standalone.contains(k) {
            *cut_label = body_stacks
                .last()
                .and_then(|(_, st)| st.last())
                .map(|(_, t)| t.clone());
        }
    }
    let n_label = body_stacks
        .iter()
        .map(|(_, s)| s.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let page_index = Some(page.page_index);
    let mut cells: Vec<TableCell> = Vec::new();
    let mut r = 0usize;
    for part in &parts {
        match part {
            Part::Header(block) => {
                let heads = header_cells(&rows, block.clone(), &value_edges, boundary, em);
                let levels = heads.iter().map(|h| h.level).max().map_or(0, |l| l + 1);
                // Label-area words of the block (a corner note): one cell.
                let label: Vec<&Word> = block
                    .clone()
                    .flat_map(|i| rows[i].words.iter())
                    .filter(|w| w.bbox.x1 <= boundary + tol)
                    .collect();
                if !label.is_empty() && levels > 0 {
                    cells.push(TableCell {
                        row: r,
                        col: 0,
                        row_span: levels,
                        col_span: n_label,
                        text: label.iter().map(|w| w.text.as_str()).collect(),
                        page_index,
                        bbox: label.iter().map(|w| w.bbox).reduce(|a, b| a.union(&b)),
                        line_index: Some(rows[block.start].line_index),
                        uncertain: None,
                    });
                }
                for h in heads {
                    cells.push(TableCell {
                        row: r + (levels - 1 - h.level),
                        col: n_label + h.cols.start,
                        row_span: 1,
                        col_span: h.cols.len(),
                        text: h.text,
                        page_index,
                        bbox: Some(h.bbox),
                        line_index: Some(h.line_index),
                        uncertain: None,
                    });
                }
                r += levels;
            }
            Part::Blank(k) => {
                for c in 0..n_value {
                    cells.push(TableCell {
                        row: r,
                        col: n_label + c,
                        row_span: 1,
                        col_span: 1,
                        text: String::new(),
                        page_index,
                        bbox: None,
                        line_index: Some(rows[*k].line_index),
                        uncertain: None,
                    });
                }
                r += 1;
            }
            Part::Body(k) => {
                let row = &rows[*k];
                let stacks = body_stacks
                    .iter()
                    .find(|(b, _)| b == k)
                    .map(|(_, s)| s.clone())
                    .unwrap_or_default();
                // The last label reaches the values, as a cell spanning the
                // label columns it does not share.
                let n_stacks = stacks.len();
                for (j, (bbox, text)) in stacks.into_iter().enumerate() {
                    cells.push(TableCell {
                        row: r,
                        col: j,
                        row_span: 1,
                        col_span: if j + 1 == n_stacks { n_label - j } else { 1 },
                        text,
                        page_index,
                        bbox: Some(bbox),
                        line_index: Some(row.line_index),
                        uncertain: None,
                    });
                }
                let mut slot: Vec<Option<(String, BBox)>> = vec![None; n_value];
                for w in row.words.iter().filter(|w| !in_label_area(w)) {
                    let Some(c) = col_of_value(w) else { continue };
                    match &mut slot[c] {
                        Some((t, b)) => {
                            t.push(' ');
                            t.push_str(&w.text);
                            *b = b.union(&w.bbox);
                        }
                        None => slot[c] = Some((w.text.clone(), w.bbox)),
                    }
                }
                for (c, v) in slot.into_iter().enumerate() {
                    let (text, bbox) = match v {
                        Some((t, b)) => (t, Some(b)),
                        None => (String::new(), None),
                    };
                    cells.push(TableCell {
                        row: r,
                        col: n_label + c,
                        row_span: 1,
                        col_span: 1,
                        text,
                        page_index,
                        bbox,
                        line_index: Some(row.line_index),
                        uncertain: None,
                    });
                }
                r += 1;
            }
        }
    }
    if cells.is_empty() {
        return None;
    }
    // Column labels run together on a line (no gap between them to tell
    // where one column ends): which values stand under which is not
    // certain.
    let run_together = rows
        .iter()
        .zip(&is_header)
        .filter(|(_, &h)| h)
        .any(|(r, _)| {
            let area: Vec<&Word> = r
                .words
                .iter()
                .filter(|w| w.bbox.x0 >= boundary - tol)
                .collect();
            area.windows(2)
                .any(|w| w[1].bbox.x0 - w[0].bbox.x1 < 0.5 * em && !w[0].value && !w[1].value)
        });
    if run_together {
        let why = "the column labels of this table run together, so which column each value stands in is not certain";
        for c in cells
            .iter_mut()
            .filter(|c| c.col >= n_label && c.row_span == 1)
        {
            if !c.text.is_empty() || c.bbox.is_none() {
                c.uncertain = Some(why.to_string());
            }
        }
    }
    let mut table = Table::new(TableOrigin::AlignedPdf, cells);
    let mut edges: Vec<f32> = (0..n_label)
        .map(|j| left + (boundary - left) * j as f32 / n_label as f32)
        .collect();
    edges.extend(value_edges);
    if edges.len() == table.n_cols + 1 {
        table.col_edges = edges;
    }
    Some(table)
}
