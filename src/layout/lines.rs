//! Glyphs → cells → lines, in reading order.
//!
//! 1. The page's rules become a [`Grid`] of ruled table cells.
//! 2. Every glyph whose centre lies in a grid cell belongs to that cell; all
//!    its glyphs become one [`Cell`] (a label wrapped over several text
//!    lines, or written one character per line, is joined).
//! 3. Each table row band gives one [`Line`] with the cells that start in
//!    it, left to right; empty cells are kept as `""` so columns stay in
//!    place (except leading ones, which continue a group label from an
//!    earlier row or page). A cell spanning several row bands (a group label such as
//!    三、本年度办理结果) goes on its own line just before the first row it
//!    spans, together with other spanning cells that start there. So every
//!    data row starts with its own label.
//! 4. Glyphs outside grids are grouped into visual lines; a line is split
//!    into cells at gaps wider than `cell_gap_em` and at vertical rules.
//! 5. Lines are ordered top to bottom; a line holding only a page number
//!    ("-3-", "- 3 -", "3", "第3页") near the top or bottom edge is marked
//!    as furniture.

use super::grid::Grid;
use super::settings::LayoutSettings;
use super::table::{Table, TableCell, TableOrigin};
use super::words::{block_text, group_columns, group_lines, push_line_text};
use super::{Cell, Glyph, Line, Page};
use crate::geom::BBox;

/// Builds the lines of one page in reading order.
///
/// ```
/// use xxgk::geom::BBox;
/// use xxgk::layout::{lines::page_lines, settings::LayoutSettings, Glyph, Page};
/// let g = |t: &str, x: f32| Glyph { page_index: 0, text: t.into(),
///     bbox: BBox::new(x, 100.0, x + 12.0, 112.0), size_pt: 12.0, vertical: false };
/// let page = Page { page_index: 0, width_pt: 595.0, height_pt: 842.0,
///     glyphs: vec![g("规", 10.0), g("章", 22.0), g("0", 100.0)], rules: vec![] };
/// let lines = page_lines(&page, &LayoutSettings::default());
/// assert_eq!(lines[0].text(), "规章\t0");
/// ```
pub fn page_lines(page: &Page, settings: &LayoutSettings) -> Vec<Line> {
    page_layout(page, settings).0
}

/// Builds the lines of one page in reading order, and the page's ruled
/// tables. A table cell's `line_index` counts from the first line of this
/// page.
pub fn page_layout(page: &Page, settings: &LayoutSettings) -> (Vec<Line>, Vec<Table>) {
    let grid = Grid::build(&page.rules, settings);
    let mut in_cell: Vec<Vec<&Glyph>> = vec![Vec::new(); grid.cells.len()];
    let mut free: Vec<&Glyph> = Vec::new();
    for g in &page.glyphs {
        if g.text.trim().is_empty() {
            continue;
        }
        match grid.cell_at(g.bbox.center_x(), g.bbox.center_y()) {
            Some(i) => in_cell[i].push(g),
            None => free.push(g),
        }
    }
    // (sort key, order within key, line, the table rows' cells it holds)
    type Placed = (f32, u8, Line, Vec<(usize, usize)>);
    let mut out: Vec<Placed> = Vec::new();
    let page_index = page.page_index;
    let mut table_cells: Vec<Vec<TableCell>> = vec![Vec::new(); grid.tables.len()];
    // Table rows.
    for (t, table) in grid.tables.iter().enumerate() {
        let rows = table.row_edges.len().saturating_sub(1);
        let mut row_cells: Vec<Vec<(Cell, usize)>> = vec![Vec::new(); rows];
        let mut span_cells: Vec<Vec<(Cell, usize)>> = vec![Vec::new(); rows];
        for (i, c) in grid.cells.iter().enumerate() {
            if c.table != t || c.row >= rows {
                continue;
            }
            let (text, bbox) = if in_cell[i].is_empty() {
                (String::new(), c.bbox)
            } else {
                block_text(&in_cell[i], settings)
            };
            table_cells[t].push(TableCell {
                row: c.row,
                col: c.col,
                row_span: c.row_span,
                col_span: c.col_span,
                text: text.clone(),
                page_index: Some(page_index),
                bbox: Some(c.bbox),
                line_index: None,
                uncertain: None,
            });
            let k = table_cells[t].len() - 1;
            let cell = Cell {
                text,
                bbox,
                page_index,
            };
            if c.row_span > 1 {
                if !cell.text.is_empty() {
                    span_cells[c.row].push((cell, k));
                }
            } else {
                row_cells[c.row].push((cell, k));
            }
        }
        for r in 0..rows {
            let top = table.row_edges[r];
            for (order, mut cells) in [
                (0u8, std::mem::take(&mut span_cells[r])),
                (1u8, std::mem::take(&mut row_cells[r])),
            ] {
                if cells.iter().all(|c| c.0.text.is_empty()) {
                    continue;
                }
                cells.sort_by(|a, b| a.0.bbox.x0.total_cmp(&b.0.bbox.x0));
                // A leading empty cell is the continuation of a group label
                // from an earlier row or page: drop it so the row starts
                // with its own label.
                let lead = cells.iter().take_while(|c| c.0.text.is_empty()).count();
                let members = cells.iter().map(|c| (t, c.1)).collect();
                cells.drain(..lead);
                out.push((
                    top,
                    order,
                    Line {
                        page_index,
                        cells: cells.into_iter().map(|c| c.0).collect(),
                        furniture: false,
                    },
                    members,
                ));
            }
        }
    }
    // Free text: horizontal glyphs by visual line, vertical ones by column.
    let (vertical, horizontal): (Vec<&Glyph>, Vec<&Glyph>) =
        free.into_iter().partition(|g| g.vertical);
    for line in group_lines(&horizontal, settings) {
        let cells = split_cells(&line, &grid, settings, page_index);
        let top = line.iter().map(|g| g.bbox.top).fold(f32::MAX, f32::min);
        let mut l = Line {
            page_index,
            cells,
            furniture: false,
        };
        l.furniture = is_page_furniture(&l, page, settings);
        out.push((top, 2, l, Vec::new()));
    }
    for col in group_columns(&vertical) {
        let (text, bbox) = block_text(&col, settings);
        out.push((
            bbox.top,
            2,
            Line {
                page_index,
                cells: vec![Cell {
                    text,
                    bbox,
                    page_index,
                }],
                furniture: false,
            },
            Vec::new(),
        ));
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut lines = Vec::with_capacity(out.len());
    for (i, (_, _, line, members)) in out.into_iter().enumerate() {
        for (t, k) in members {
            table_cells[t][k].line_index = Some(i);
        }
        lines.push(line);
    }
    let tables = table_cells
        .into_iter()
        .zip(&grid.tables)
        .filter(|(cells, _)| !cells.is_empty())
        .map(|(cells, g)| {
            let mut t = Table::new(TableOrigin::RuledPdf, cells);
            if g.col_edges.len() == t.n_cols + 1 {
                t.col_edges = g.col_edges.clone();
            }
            t
        })
        .collect();
    (lines, tables)
}

/// Splits one visual line of free glyphs into cells at wide gaps and at
/// vertical edges of the grid that cross the line.
fn split_cells(line: &[&Glyph], grid: &Grid, s: &LayoutSettings, page_index: usize) -> Vec<Cell> {
    let mut runs: Vec<Vec<&Glyph>> = Vec::new();
    for &g in line {
        if let Some(run) = runs.last_mut() {
            let p = run[run.len() - 1];
            let gap = g.bbox.x0 - p.bbox.x1;
            let cy = g.bbox.center_y();
            let ruled = grid.v_edges.iter().any(|e| {
                e.pos > p.bbox.center_x() && e.pos < g.bbox.center_x() && e.lo <= cy && e.hi >= cy
            });
            if gap <= s.cell_gap_em * g.size_pt.max(p.size_pt).max(1.0) && !ruled {
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
            Cell {
                text,
                bbox,
                page_index,
            }
        })
        .collect()
}

/// True when `text` is only a page number: "3", "-3-", "- 3 -", "—3—",
/// "第3页", "第 3 页 共 5 页", "3/5".
///
/// ```
/// use xxgk::layout::lines::is_page_number;
/// assert!(is_page_number("-3-") && is_page_number("- 3 -") && is_page_number("第3页"));
/// assert!(!is_page_number("21") == false && !is_page_number("一、总体情况"));
/// ```
pub fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.chars().count() > 16 {
        return false;
    }
    let dashes = ['-', '—', '–', '－', '‒', '―'];
    let core = t.trim_matches(|c| dashes.contains(&c));
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if digits(core) {
        return true;
    }
    if let Some((a, b)) = core.split_once('/') {
        return digits(a) && digits(b);
    }
    if let Some(rest) = core.strip_prefix('第') {
        if let Some((n, tail)) = rest.split_once('页') {
            return digits(n)
                && (tail.is_empty()
                    || tail
                        .strip_prefix('共')
                        .and_then(|x| x.strip_suffix('页'))
                        .is_some_and(digits));
        }
    }
    false
}

fn is_page_furniture(line: &Line, page: &Page, s: &LayoutSettings) -> bool {
    if page.height_pt <= 0.0 || line.cells.is_empty() {
        return false;
    }
    let text: String = line.cells.iter().map(|c| c.text.as_str()).collect();
    if !is_page_number(&text) {
        return false;
    }
    // One number in one place: numbers spread across the page ("6 … 6",
    // a table row at the page's foot) are no page number.
    let x0 = line
        .cells
        .iter()
        .map(|c| c.bbox.x0)
        .fold(f32::MAX, f32::min);
    let x1 = line
        .cells
        .iter()
        .map(|c| c.bbox.x1)
        .fold(f32::MIN, f32::max);
    if page.width_pt > 0.0 && x1 - x0 > 0.25 * page.width_pt {
        return false;
    }
    let top = line
        .cells
        .iter()
        .map(|c| c.bbox.top)
        .fold(f32::MAX, f32::min);
    let bottom = line
        .cells
        .iter()
        .map(|c| c.bbox.bottom)
        .fold(f32::MIN, f32::max);
    let margin = s.furniture_margin_fraction * page.height_pt;
    bottom <= margin || top >= page.height_pt - margin
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(cells: &[(&str, f32)], top: f32) -> Line {
        Line {
            page_index: 0,
            cells: cells
                .iter()
                .map(|&(t, x)| Cell {
                    text: t.into(),
                    bbox: BBox::new(x, top, x + 5.0, top + 10.0),
                    page_index: 0,
                })
                .collect(),
            furniture: false,
        }
    }

    #[test]
    fn page_numbers_are_furniture_table_rows_at_the_foot_are_not() {
        let page = Page {
            page_index: 0,
            width_pt: 595.0,
            height_pt: 842.0,
            glyphs: Vec::new(),
            rules: Vec::new(),
        };
        let s = LayoutSettings::default();
        assert!(is_page_furniture(
            &line(&[("-2-", 290.0)], 800.0),
            &page,
            &s
        ));
        assert!(is_page_furniture(
            &line(&[("-", 285.0), ("2", 292.0), ("-", 299.0)], 800.0),
            &page,
            &s
        ));
        // The values of a row ending a page: "6 … 6" under two columns.
        assert!(!is_page_furniture(
            &line(&[("6", 281.0), ("6", 512.0)], 760.0),
            &page,
            &s
        ));
        // A page number high on the page is text.
        assert!(!is_page_furniture(&line(&[("2", 290.0)], 400.0), &page, &s));
    }
}
