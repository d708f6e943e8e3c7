//! Drawing a table: a grid of cells with row and column spans, text wrapped
//! inside each cell, rows placed down the page and broken across pages
//! (optionally repeating the header rows), ruled as a full grid, as a 三线表
//! or not at all.

use std::collections::HashSet;

use super::page::{advance, text_width, wrap, Align, Flow};
use super::traits::{Ruling, VAlign};

/// How a cell's text runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dir {
    /// Horizontal lines, wrapped to the cell's width.
    Horizontal,
    /// A vertical font: glyphs stacked top to bottom.
    Vertical,
}

/// One cell of the grid (a merged cell spans rows and columns).
#[derive(Debug, Clone)]
pub struct TCell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub text: String,
    pub align: Align,
    pub dir: Dir,
}

/// A table: column widths in points and its cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub widths: Vec<f32>,
    pub nrows: usize,
    /// Rows at the top that form the header (repeated after a page break
    /// when asked).
    pub header_rows: usize,
    pub cells: Vec<TCell>,
}

/// How a table is set.
#[derive(Debug, Clone)]
pub struct Style {
    pub ruling: Ruling,
    pub size: f32,
    /// Inner padding of a cell, left and right.
    pub pad: f32,
    /// Inner padding of a cell, top and bottom.
    pub vpad: f32,
    /// Distance between wrapped lines in a cell.
    pub line_h: f32,
    /// Vertical placement of cell text.
    pub valign: VAlign,
    pub repeat_header: bool,
    /// Start on a new page rather than break the table, when it fits a page.
    pub keep_together: bool,
    /// A body row that does not fit may break inside: its first text lines
    /// end the page, the rest open the next.
    pub split_rows: bool,
    pub min_row_h: f32,
}

/// What rendering did.
#[derive(Debug, Clone, Copy)]
pub struct Rendered {
    /// Parts of the table on different pages.
    pub fragments: usize,
}

impl Table {
    pub fn new(widths: Vec<f32>, header_rows: usize) -> Table {
        Table {
            widths,
            nrows: 0,
            header_rows,
            cells: Vec::new(),
        }
    }

    /// Adds a horizontal-text cell.
    pub fn add(
        &mut self,
        row: usize,
        col: usize,
        rowspan: usize,
        colspan: usize,
        text: &str,
        align: Align,
    ) {
        self.add_dir(row, col, rowspan, colspan, text, align, Dir::Horizontal);
    }

    #[allow(clippy::too_many_arguments)]
    pub fn add_dir(
        &mut self,
        row: usize,
        col: usize,
        rowspan: usize,
        colspan: usize,
        text: &str,
        align: Align,
        dir: Dir,
    ) {
        assert!(
            col + colspan <= self.widths.len(),
            "cell beyond the last column"
        );
        self.nrows = self.nrows.max(row + rowspan);
        self.cells.push(TCell {
            row,
            col,
            rowspan,
            colspan,
            text: text.to_string(),
            align,
            dir,
        });
    }

    /// Adds an empty cell at every grid position no cell covers, so a
    /// ruled grid boxes every position.
    fn filled(&self) -> Vec<TCell> {
        let ncols = self.widths.len();
        let mut covered = vec![vec![false; ncols]; self.nrows];
        for c in &self.cells {
            for row in covered.iter_mut().skip(c.row).take(c.rowspan) {
                for x in row.iter_mut().skip(c.col).take(c.colspan) {
                    assert!(!*x, "overlapping cells");
                    *x = true;
                }
            }
        }
        let mut cells = self.cells.clone();
        for (r, row) in covered.iter().enumerate() {
            for (c, &x) in row.iter().enumerate() {
                if !x {
                    cells.push(TCell {
                        row: r,
                        col: c,
                        rowspan: 1,
                        colspan: 1,
                        text: String::new(),
                        align: Align::Center,
                        dir: Dir::Horizontal,
                    });
                }
            }
        }
        cells
    }

    /// Draws the table at the flow's position and moves the flow below it.
    pub fn render(&self, flow: &mut Flow, s: &Style) -> Rendered {
        let cells = self.filled();
        let total_w: f32 = self.widths.iter().sum();
        let scale = (flow.geom.content_width() / total_w).min(1.0);
        let widths: Vec<f32> = self.widths.iter().map(|w| w * scale).collect();
        let x_left = flow.geom.left + (flow.geom.content_width() - total_w * scale) / 2.0;
        let mut xs = vec![x_left];
        for w in &widths {
            xs.push(xs[xs.len() - 1] + w);
        }
        let cell_w = |c: &TCell| xs[c.col + c.colspan] - xs[c.col];
        let lines = |c: &TCell| -> Vec<String> {
            match c.dir {
                Dir::Horizontal => wrap(&c.text, s.size, cell_w(c) - 2.0 * s.pad),
                Dir::Vertical => vec![c.text.clone()],
            }
        };
        let needed = |c: &TCell| -> f32 {
            if c.text.is_empty() {
                return 0.0;
            }
            match c.dir {
                Dir::Horizontal => lines(c).len() as f32 * s.line_h + 2.0 * s.vpad,
                Dir::Vertical => c.text.chars().count() as f32 * s.size + 2.0 * s.vpad,
            }
        };
        // Row heights: single-row cells first, then spanning cells stretch
        // the rows they span.
        let mut h = vec![s.min_row_h; self.nrows];
        for c in cells.iter().filter(|c| c.rowspan == 1) {
            h[c.row] = h[c.row].max(needed(c));
        }
        for c in cells.iter().filter(|c| c.rowspan > 1) {
            let have: f32 = h[c.row..c.row + c.rowspan].iter().sum();
            let want = needed(c);
            if want > have {
                let add = (want - have) / c.rowspan as f32;
                for x in &mut h[c.row..c.row + c.rowspan] {
                    *x += add;
                }
            }
        }
        let total_h: f32 = h.iter().sum();
        let header_h: f32 = h[..self.header_rows].iter().sum();
        if s.keep_together && total_h > flow.remaining() && total_h <= flow.geom.content_height() {
            flow.break_page(None);
        }
        // Header and first body row stay together.
        let first_body = h.get(self.header_rows).copied().unwrap_or(0.0);
        if header_h + first_body > flow.remaining() {
            flow.break_page(None);
        }

        // Place rows: (fragment, page, row, top, bottom).
        let mut placed: Vec<(usize, usize, usize, f32, f32)> = Vec::new();
        let mut frag = 0;
        let mut y = flow.y;
        for r in 0..self.nrows {
            // A row broken inside: the lines that fit stay on this page.
            let room = flow.geom.content_bottom() - y;
            let fits = ((room - s.vpad) / s.line_h).floor();
            if s.split_rows
                && r >= self.header_rows
                && y + h[r] > flow.geom.content_bottom()
                && fits >= 1.0
                && h[r] - (fits * s.line_h + s.vpad) >= s.line_h
            {
                let first = fits * s.line_h + s.vpad;
                placed.push((frag, flow.page_index(), r, y, y + first));
                flow.new_page(flow.geom);
                frag += 1;
                y = flow.y;
                if s.repeat_header {
                    for (hr, &hh) in h.iter().enumerate().take(self.header_rows) {
                        placed.push((frag, flow.page_index(), hr, y, y + hh));
                        y += hh;
                    }
                }
                let rest = (h[r] - first).max(s.line_h + s.vpad);
                placed.push((frag, flow.page_index(), r, y, y + rest));
                y += rest;
                continue;
            }
            if r >= self.header_rows && y + h[r] > flow.geom.content_bottom() {
                // Nothing is drawn until all rows are placed, so the new
                // page is always a fresh one.
                flow.new_page(flow.geom);
                frag += 1;
                y = flow.y;
                if s.repeat_header {
                    for (hr, &hh) in h.iter().enumerate().take(self.header_rows) {
                        placed.push((frag, flow.page_index(), hr, y, y + hh));
                        y += hh;
                    }
                }
            }
            placed.push((frag, flow.page_index(), r, y, y + h[r]));
            y += h[r];
        }

        let mut segments: HashSet<(usize, i64, i64, i64, i64)> = HashSet::new();
        let mut seg = |flow: &mut Flow, page: usize, x0: f32, y0: f32, x1: f32, y1: f32, w: f32| {
            let key = (
                page,
                (x0 * 10.0).round() as i64,
                (y0 * 10.0).round() as i64,
                (x1 * 10.0).round() as i64,
                (y1 * 10.0).round() as i64,
            );
            if segments.insert(key) {
                flow.rule(page, x0, y0, x1, y1, w);
            }
        };

        for c in &cells {
            // The cell's pieces, one per fragment.
            let mut pieces: Vec<(usize, usize, f32, f32)> = Vec::new(); // (frag, page, top, bottom)
            for &(f, page, r, top, bottom) in &placed {
                if r < c.row || r >= c.row + c.rowspan {
                    continue;
                }
                match pieces.iter_mut().find(|p| p.0 == f) {
                    Some(p) => {
                        p.2 = p.2.min(top);
                        p.3 = p.3.max(bottom);
                    }
                    None => pieces.push((f, page, top, bottom)),
                }
            }
            let (x0, x1) = (xs[c.col], xs[c.col + c.colspan]);
            if s.ruling == Ruling::Grid {
                for &(_, page, top, bottom) in &pieces {
                    seg(flow, page, x0, top, x1, top, 0.5);
                    seg(flow, page, x0, bottom, x1, bottom, 0.5);
                    seg(flow, page, x0, top, x0, bottom, 0.5);
                    seg(flow, page, x1, top, x1, bottom, 0.5);
                }
            }
            if c.text.is_empty() {
                continue;
            }
            // Header cells repeat with the header; other text is drawn once,
            // in the first piece tall enough (else the tallest).
            let want = needed(c);
            // A one-row cell of a row broken inside: its lines flow from the
            // top of the first piece into the next.
            if s.split_rows
                && c.row >= self.header_rows
                && c.rowspan == 1
                && c.dir == Dir::Horizontal
                && pieces.len() > 1
            {
                let ls = lines(c);
                let mut next = 0;
                for (n, &(_, page, top, bottom)) in pieces.iter().enumerate() {
                    let last = n + 1 == pieces.len();
                    let room = (((bottom - top - s.vpad) / s.line_h).floor() as usize).max(1);
                    let take = if last {
                        ls.len() - next
                    } else {
                        room.min(ls.len() - next)
                    };
                    for (i, l) in ls[next..next + take].iter().enumerate() {
                        let w = text_width(l, s.size);
                        let x = match c.align {
                            Align::Left => x0 + s.pad,
                            Align::Center => x0 + (x1 - x0 - w) / 2.0,
                            Align::Right => x1 - s.pad - w,
                        };
                        let gt = top + s.vpad + i as f32 * s.line_h + (s.line_h - s.size) / 2.0;
                        flow.text_at(page, x, gt, l, s.size);
                    }
                    next += take;
                    if next >= ls.len() {
                        break;
                    }
                }
                continue;
            }
            let chosen: Vec<(usize, usize, f32, f32)> = if c.row < self.header_rows {
                pieces.clone()
            } else {
                let fit = pieces
                    .iter()
                    .find(|p| p.3 - p.2 >= want - 0.01)
                    .or_else(|| {
                        pieces
                            .iter()
                            .max_by(|a, b| (a.3 - a.2).total_cmp(&(b.3 - b.2)))
                    });
                fit.into_iter().copied().collect()
            };
            for (_, page, top, bottom) in chosen {
                match c.dir {
                    Dir::Horizontal => {
                        let ls = lines(c);
                        let block = ls.len() as f32 * s.line_h;
                        let y0 = match s.valign {
                            VAlign::Center => top + (bottom - top - block) / 2.0,
                            VAlign::Top => top + s.vpad,
                        };
                        for (i, l) in ls.iter().enumerate() {
                            let w = text_width(l, s.size);
                            let x = match c.align {
                                Align::Left => x0 + s.pad,
                                Align::Center => x0 + (x1 - x0 - w) / 2.0,
                                Align::Right => x1 - s.pad - w,
                            };
                            let gt = y0 + i as f32 * s.line_h + (s.line_h - s.size) / 2.0;
                            flow.text_at(page, x, gt, l, s.size);
                        }
                    }
                    Dir::Vertical => {
                        let n = c.text.chars().count() as f32;
                        let stack = n * s.size;
                        let y0 = match s.valign {
                            VAlign::Center => top + (bottom - top - stack) / 2.0,
                            VAlign::Top => top + s.vpad,
                        };
                        flow.vertical_at(page, (x0 + x1) / 2.0, y0, &c.text, s.size);
                    }
                }
            }
        }

        if s.ruling == Ruling::ThreeLine {
            let (xa, xb) = (xs[0], xs[xs.len() - 1]);
            for f in 0..=frag {
                let rows: Vec<_> = placed.iter().filter(|p| p.0 == f).collect();
                let Some(first) = rows.first() else { continue };
                let page = first.1;
                let top = first.3;
                let bottom = rows.iter().map(|p| p.4).fold(f32::MIN, f32::max);
                seg(flow, page, xa, top, xb, top, 1.0);
                if let Some(hb) = rows
                    .iter()
                    .filter(|p| p.2 + 1 == self.header_rows)
                    .map(|p| p.4)
                    .next()
                {
                    seg(flow, page, xa, hb, xb, hb, 0.5);
                }
                seg(flow, page, xa, bottom, xb, bottom, 1.0);
            }
        }
        flow.y = y;
        Rendered {
            fragments: frag + 1,
        }
    }
}

/// The width a label of `chars` characters needs on one line at `size`.
pub fn label_width(text: &str, size: f32, pad: f32) -> f32 {
    text.chars().map(|c| advance(c, size)).sum::<f32>() + 2.0 * pad
}
