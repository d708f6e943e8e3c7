//! Rows of a scanned table whose rules between rows were lost.
//!
//! Light horizontal borders can vanish from a scan while the vertical ones
//! stay (a bilevel scan of a slightly turned page keeps a vertical line's
//! pixels and drops a horizontal one's). The grid then has the columns but
//! cells several rows tall, holding one number per row. The rows are put
//! back from what the table itself shows:
//!
//! 1. each line of numbers in the value columns (numbers in two columns or
//!    more) is a row, at its centre;
//! 2. the lines of the row-label column (the column just left of the
//!    values) are shared out among the rows in reading order, so that each
//!    row's label lines are centred on its numbers, as a cell's text is;
//! 3. a rule is drawn in the gap between each row's label lines and the
//!    next row's (on a piece of the lost rule when one was found there),
//!    and between the column labels and the first row when they share
//!    cells, across the whole table. Group labels in columns further left,
//!    which span several rows, are cut into pieces by it; their rows are
//!    still named by their own labels.
//!
//! A table is read this way only when two of its cells or more span rows;
//! rules already found stay, and no rule is added between two rows that
//! one of them already parts.

use super::page::{classify, CellInk, Shape};
use super::raster::{self, Bits, Component};
use super::words::{lines, words};
use crate::geom::BBox;
use crate::layout::Rule;

/// A line of marks: top and bottom in page pixels.
#[derive(Debug, Clone, Copy)]
struct Band {
    top: f32,
    bottom: f32,
}

impl Band {
    fn center(&self) -> f32 {
        (self.top + self.bottom) / 2.0
    }
}

/// The lines of a cell (page pixels), each with whether all its words are
/// numbers or dashes.
fn cell_lines(c: &CellInk, dpi: f32) -> Vec<(Band, bool)> {
    lines(c.comps.clone())
        .into_iter()
        .map(|line| {
            let number = words(line.clone(), dpi)
                .iter()
                .all(|w| matches!(classify(w, dpi), Shape::Number | Shape::Dash));
            let band = Band {
                top: (c.y + line.iter().map(|k| k.y0).min().unwrap_or(0)) as f32,
                bottom: (c.y + line.iter().map(|k| k.y1).max().unwrap_or(0)) as f32,
            };
            (band, number)
        })
        .collect()
}

/// The lines of numbers of a cell (page pixels).
fn number_lines(c: &CellInk, dpi: f32) -> Vec<Band> {
    cell_lines(c, dpi)
        .into_iter()
        .filter(|l| l.1)
        .map(|l| l.0)
        .collect()
}

/// Whether a cell spans rows that its rules should have parted: it holds
/// two or more lines of numbers, or a line of numbers under a line of
/// text (a column label and its value in one cell).
pub(super) fn rows_lost(c: &CellInk, dpi: f32) -> bool {
    let lines = cell_lines(c, dpi);
    let numbers: Vec<&Band> = lines.iter().filter(|l| l.1).map(|l| &l.0).collect();
    let Some(first) = numbers.first() else {
        return false;
    };
    numbers.len() >= 2 || lines.iter().any(|l| !l.1 && l.0.bottom <= first.top)
}

/// Whether a cell holds a line with two numbers or more side by side: the
/// rules between columns were lost, and the grid cannot be trusted.
pub(super) fn columns_lost(c: &CellInk, dpi: f32) -> bool {
    lines(c.comps.clone()).into_iter().any(|line| {
        words(line, dpi)
            .iter()
            .filter(|w| classify(w, dpi) == Shape::Number)
            .count()
            >= 2
    })
}

/// Horizontal rules (points) between the rows of the table `table` whose
/// cells are `cells`, found from the alignment of its numbers and labels
/// (`page_rules`: the rules found, for a row-label column outside the grid
/// and the pieces of lost rules); none when the rows cannot be told apart.
pub(super) fn row_rules(
    bits: &Bits,
    table: BBox,
    cells: &[&CellInk],
    page_rules: &[Rule],
    dpi: f32,
    page_index: usize,
) -> Vec<Rule> {
    let px = |pt: f32| pt * dpi / 72.0;
    let to_pt = |p: f32| p * 72.0 / dpi;
    // 1. Rows: the lines of numbers, clustered by centre.
    let mut numbers: Vec<(Band, f32)> = Vec::new(); // (line, left edge in points)
    for c in cells {
        for b in number_lines(c, dpi) {
            numbers.push((b, c.cell.x0));
        }
    }
    // A row has numbers in two columns or more; a lone number-like word
    // (a label's numbering "2.") is not a row.
    let all = numbers.clone();
    numbers.retain(|(b, x0)| {
        all.iter().any(|(o, ox0)| {
            (ox0 - x0).abs() > 3.0 && (o.center() - b.center()).abs() < 0.5 * (b.bottom - b.top)
        })
    });
    if numbers.len() < 2 {
        return Vec::new();
    }
    // The value columns hold numbers in most rows; a stray number-like
    // mark in a label column does not make it one.
    let counts: Vec<usize> = numbers
        .iter()
        .map(|n| numbers.iter().filter(|m| (m.1 - n.1).abs() <= 3.0).count())
        .collect();
    let most = counts.iter().copied().max().unwrap_or(0);
    let mut k = 0;
    numbers.retain(|_| {
        k += 1;
        counts[k - 1] * 10 >= most * 3
    });
    let value_x0 = numbers.iter().map(|n| n.1).fold(f32::MAX, f32::min);
    let mut heights: Vec<f32> = numbers.iter().map(|n| n.0.bottom - n.0.top).collect();
    heights.sort_by(f32::total_cmp);
    let h = heights[heights.len() / 2].max(1.0);
    numbers.sort_by(|a, b| a.0.center().total_cmp(&b.0.center()));
    let mut rows: Vec<Band> = Vec::new();
    for (b, _) in &numbers {
        match rows.last_mut() {
            Some(r) if b.center() - r.center() < 0.6 * h => {
                r.top = r.top.min(b.top);
                r.bottom = r.bottom.max(b.bottom);
            }
            _ => rows.push(*b),
        }
    }
    // 2. The row-label column: the cells ending where the values begin;
    // its left edge is the rightmost of their left edges.
    // When that column is not part of the grid (its rules between rows
    // lost too), it ends at the nearest vertical rule left of the values.
    let from_cells = cells
        .iter()
        .filter(|c| (c.cell.x1 - value_x0).abs() <= 3.0)
        .map(|c| c.cell.x0)
        .fold(f32::MIN, f32::max);
    let from_rules = page_rules
        .iter()
        .filter(|r| r.bbox.width() < r.bbox.height() && r.bbox.x0 < value_x0 - 6.0)
        .filter(|r| {
            let overlap = r.bbox.bottom.min(table.bottom) - r.bbox.top.max(table.top);
            overlap >= 0.5 * table.height()
        })
        .map(|r| r.bbox.x0)
        .fold(f32::MIN, f32::max);
    let label_x0 = if from_cells > f32::MIN {
        from_cells
    } else {
        from_rules
    };
    let has_label_column = label_x0 > f32::MIN && label_x0 < value_x0 - 6.0;
    // The header's last line in the value columns, above the first row
    // (a column label in the same cell as its value).
    let header_bottom = cells
        .iter()
        .filter(|c| c.cell.x0 >= value_x0 - 3.0)
        .flat_map(|c| cell_lines(c, dpi))
        .filter(|(b, number)| !number && b.bottom <= rows[0].top)
        .map(|(b, _)| b.bottom)
        .reduce(f32::max);
    let labels = if has_label_column {
        label_lines(bits, table, label_x0, value_x0, &rows, h, dpi)
    } else {
        Vec::new()
    };
    // 3. Share the label lines out among the rows.
    let Some(between) = share_out(&rows, &labels, h) else {
        return Vec::new();
    };
    // Each cut with the stretch (pixels) that a rule already found would
    // part: none is added there.
    let mut cuts: Vec<((f32, f32), (f32, f32))> = between
        .into_iter()
        .zip(rows.windows(2))
        .map(|(gap, w)| (gap, (w[0].center(), w[1].center())))
        .collect();
    if let Some(b) = header_bottom {
        cuts.insert(0, ((b, rows[0].top), (b, rows[0].center())));
    }
    let value_width = table.x1 - value_x0;
    let parted = |(from, to): (f32, f32)| {
        page_rules.iter().any(|r| {
            let y = px(r.bbox.top);
            r.bbox.width() > r.bbox.height()
                && y > from
                && y < to
                && r.bbox.x1.min(table.x1) - r.bbox.x0.max(value_x0) >= 0.5 * value_width
        })
    };
    cuts.retain(|&(_, stretch)| !parted(stretch));
    let span = (to_pt(rows[0].top), to_pt(rows[rows.len() - 1].bottom));
    // The rules run from the table's leftmost vertical rule beside these
    // rows (a row label spanning the group columns, left of the grid).
    let left = page_rules
        .iter()
        .filter(|r| r.bbox.width() < r.bbox.height())
        .filter(|r| r.bbox.x0 < table.x0 && r.bbox.x0 > table.x0 - 300.0)
        .filter(|r| {
            let overlap = r.bbox.bottom.min(span.1) - r.bbox.top.max(span.0);
            overlap >= 0.5 * (span.1 - span.0)
        })
        .map(|r| r.bbox.x0)
        .fold(table.x0, f32::min);
    let left = if has_label_column {
        left.min(label_x0)
    } else {
        left
    };
    // A piece of the lost rule found in the gap gives the cut's place (the
    // rest of its dots then fall on the cut, not inside a cell).
    let pieces: Vec<f32> = page_rules
        .iter()
        .filter(|r| r.bbox.width() > r.bbox.height())
        .filter(|r| r.bbox.x1 > table.x0 && r.bbox.x0 < table.x1)
        .map(|r| px(r.bbox.top))
        .collect();
    cuts.into_iter()
        .map(|((above, below), _)| {
            let y = pieces
                .iter()
                .copied()
                .filter(|&y| y > above && y < below)
                .min_by(|a, b| {
                    let mid = (above + below) / 2.0;
                    (a - mid).abs().total_cmp(&(b - mid).abs())
                })
                .unwrap_or((above + below) / 2.0);
            Rule {
                page_index,
                bbox: BBox::new(left, to_pt(y), table.x1, to_pt(y)),
            }
        })
        .collect()
}

/// The lines of text of the row-label column (`label_x0` to `value_x0`,
/// points) near the rows, top to bottom, in page pixels.
fn label_lines(
    bits: &Bits,
    table: BBox,
    label_x0: f32,
    value_x0: f32,
    rows: &[Band],
    h: f32,
    dpi: f32,
) -> Vec<Band> {
    let px = |pt: f32| pt * dpi / 72.0;
    let margin = px(1.5) + 1.0;
    let (x0, x1) = (
        (px(label_x0) + margin) as usize,
        ((px(value_x0) - margin).max(0.0) as usize).min(bits.width),
    );
    let (y0, y1) = (
        (px(table.top) + margin) as usize,
        ((px(table.bottom) - margin).max(0.0) as usize).min(bits.height),
    );
    if x1 <= x0 + 2 || y1 <= y0 + 2 {
        return Vec::new();
    }
    let crop = bits.crop(x0, y0, x1, y1);
    let (comps, _) = raster::components(&crop);
    let speck = (px(0.6) * px(0.6)).max(3.0) as usize;
    let thin = px(1.5).max(2.0) as usize;
    let marks: Vec<Component> = comps
        .into_iter()
        .filter(|c| {
            c.pixels >= speck
                && !(c.width() <= thin && c.height() as f32 > 2.0 * h)
                && !(c.height() <= thin && c.width() as f32 > 2.0 * h)
        })
        .collect();
    let mut labels: Vec<Band> = lines(marks)
        .into_iter()
        .map(|l| Band {
            top: (y0 + l.iter().map(|k| k.y0).min().unwrap_or(0)) as f32,
            bottom: (y0 + l.iter().map(|k| k.y1).max().unwrap_or(0)) as f32,
        })
        .collect();
    labels.sort_by(|a, b| a.top.total_cmp(&b.top));
    // Lines far above the first row or below the last are the header's or
    // another table's.
    let (first, last) = (rows[0].top - 5.0 * h, rows[rows.len() - 1].bottom + 5.0 * h);
    labels.retain(|l| l.bottom >= first && l.top <= last);
    labels
}

/// Splits the label lines (top to bottom) into one contiguous block per row
/// (a block may be empty), each row's block centred as near as can be on
/// the row, every cut falling between two rows' numbers; returns the gap
/// (last ink above, first ink below, in pixels) where each cut between
/// neighbouring rows falls, or none when no split fits.
fn share_out(rows: &[Band], labels: &[Band], h: f32) -> Option<Vec<(f32, f32)>> {
    let (n, m) = (rows.len(), labels.len());
    // cost[k][j]: best cost with the first j lines in the first k rows.
    const INF: f32 = f32::MAX;
    let mut cost = vec![vec![INF; m + 1]; n + 1];
    let mut from = vec![vec![0usize; m + 1]; n + 1];
    cost[0][0] = 0.0;
    let block_cost = |k: usize, i: usize, j: usize| -> Option<f32> {
        // lines i..j go to row k
        if i == j {
            return Some(h); // a row without a label line
        }
        let (top, bottom) = (labels[i].top, labels[j - 1].bottom);
        // The row's numbers stand within its label block's rows.
        let r = rows[k];
        if r.center() < top - h || r.center() > bottom + h {
            return None;
        }
        // Lines of this block must not reach past the next or the previous
        // row's numbers.
        if k + 1 < n && bottom > rows[k + 1].top {
            return None;
        }
        if k > 0 && top < rows[k - 1].bottom {
            return None;
        }
        Some(((top + bottom) / 2.0 - r.center()).abs())
    };
    for k in 0..n {
        for i in 0..=m {
            if cost[k][i] == INF {
                continue;
            }
            for j in i..=m {
                if let Some(c) = block_cost(k, i, j) {
                    let total = cost[k][i] + c;
                    if total < cost[k + 1][j] {
                        cost[k + 1][j] = total;
                        from[k + 1][j] = i;
                    }
                }
            }
        }
    }
    if cost[n][m] == INF {
        return None;
    }
    // Walk back: the first line of each row's block.
    let mut starts = vec![0usize; n + 1];
    let mut j = m;
    starts[n] = m;
    for k in (1..=n).rev() {
        let i = from[k][j];
        starts[k - 1] = i;
        j = i;
    }
    let mut cuts = Vec::new();
    for k in 0..n - 1 {
        // Between row k's block and row k + 1's: the last ink above (a
        // label line of row k, or its numbers) and the first ink below.
        let end = starts[k + 1];
        let above = if end > starts[k] {
            labels[end - 1].bottom.max(rows[k].bottom)
        } else {
            rows[k].bottom
        };
        let below_end = starts[k + 2];
        let below = if below_end > end {
            labels[end].top.min(rows[k + 1].top)
        } else {
            rows[k + 1].top
        };
        if below <= above {
            return None;
        }
        cuts.push((above, below));
    }
    Some(cuts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(top: f32, bottom: f32) -> Band {
        Band { top, bottom }
    }

    /// A label of four lines centred on its row's numbers, then a row of one
    /// line: the fourth line is nearer the second row's numbers, but the
    /// centring gives it to the first row.
    #[test]
    fn label_lines_go_to_the_row_they_are_centred_on() {
        let rows = [band(96.0, 104.0), band(146.0, 154.0)];
        let labels = [
            band(70.0, 78.0),
            band(86.0, 94.0),
            band(106.0, 114.0),
            band(122.0, 130.0),
            band(146.0, 154.0),
        ];
        let cuts = share_out(&rows, &labels, 8.0).unwrap();
        assert_eq!(cuts, vec![(130.0, 146.0)]);
    }

    #[test]
    fn rows_without_labels_are_cut_between_their_numbers() {
        let rows = [band(96.0, 104.0), band(126.0, 134.0), band(156.0, 164.0)];
        let cuts = share_out(&rows, &[], 8.0).unwrap();
        assert_eq!(cuts, vec![(104.0, 126.0), (134.0, 156.0)]);
    }
}
