//! Ruled grids: ruling lines → edges → intersections → cells → tables.
//!
//! Follows pdfplumber's `TableFinder` with the "lines" strategy: rules are
//! snapped and joined into edges, a cell is the smallest rectangle whose four
//! corners are intersections joined by edges, and cells that touch form one
//! table. Every stage stays in [`Grid`] for tests and debugging.

use super::settings::LayoutSettings;
use super::Rule;
use crate::geom::BBox;

/// A merged ruling line: `pos` is y for a horizontal edge and x for a
/// vertical one; `lo..hi` is its extent along the other axis. In points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// The position across the edge.
    pub pos: f32,
    /// Start along the edge.
    pub lo: f32,
    /// End along the edge.
    pub hi: f32,
}

/// One cell of a ruled table.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// The cell rectangle (between ruling lines).
    pub bbox: BBox,
    /// Index of the table in [`Grid::tables`].
    pub table: usize,
    /// First row band (index into the table's `row_tops`).
    pub row: usize,
    /// Number of row bands spanned (at least 1).
    pub row_span: usize,
    /// First column band (index into the table's `col_edges`).
    pub col: usize,
    /// Number of column bands spanned (at least 1).
    pub col_span: usize,
}

/// A group of touching cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The union of the cells.
    pub bbox: BBox,
    /// Tops of the row bands, ascending; the last entry is the bottom edge.
    pub row_edges: Vec<f32>,
    /// Left edges of the column bands, ascending; the last entry is the
    /// right edge.
    pub col_edges: Vec<f32>,
}

/// Everything found from one page's rules.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Horizontal edges after snapping and joining.
    pub h_edges: Vec<Edge>,
    /// Vertical edges after snapping and joining.
    pub v_edges: Vec<Edge>,
    /// Points where a horizontal and a vertical edge meet, `(x, y)`.
    pub intersections: Vec<(f32, f32)>,
    /// The cells.
    pub cells: Vec<GridCell>,
    /// The tables.
    pub tables: Vec<Table>,
}

/// Most ruling lines of one direction on a page that can still form a grid.
/// A page of tables has a few hundred; past this the page is read as free
/// text. Every cap here bounds the work of a hostile page.
pub const MAX_GRID_RULES: usize = 5000;

/// Most edges of one direction, after snapping and joining, in a grid.
pub const MAX_GRID_EDGES: usize = 500;

/// Most intersections in a grid.
pub const MAX_GRID_INTERSECTIONS: usize = 10_000;

/// Most cells in a grid (each glyph is looked up among them).
pub const MAX_GRID_CELLS: usize = 2000;

/// Most corner candidates tried while finding cells.
pub const MAX_GRID_WORK: usize = 2_000_000;

fn snap(edges: &mut [Edge], tol: f32) {
    edges.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let mut i = 0;
    while i < edges.len() {
        let mut j = i + 1;
        while j < edges.len()
            && edges[j].pos - edges[j - 1].pos <= tol
            && edges[j].pos - edges[i].pos <= tol * 2.0
        {
            j += 1;
        }
        let mean = edges[i..j].iter().map(|e| e.pos).sum::<f32>() / (j - i) as f32;
        for e in &mut edges[i..j] {
            e.pos = mean;
        }
        i = j;
    }
}

fn join(mut edges: Vec<Edge>, tol: f32) -> Vec<Edge> {
    edges.sort_by(|a, b| a.pos.total_cmp(&b.pos).then(a.lo.total_cmp(&b.lo)));
    let mut out: Vec<Edge> = Vec::new();
    for e in edges {
        if let Some(last) = out.last_mut() {
            if last.pos == e.pos && e.lo <= last.hi + tol {
                last.hi = last.hi.max(e.hi);
                continue;
            }
        }
        out.push(e);
    }
    out
}

/// Closes tables left open at a page break: where at least two vertical
/// edges end at the same height (within `tol`) without meeting any
/// horizontal edge, a horizontal edge joining them is added.
fn close_open_ends(h: &mut Vec<Edge>, v: &[Edge], tol: f32) {
    for top in [true, false] {
        // Only dangling ends: no horizontal edge reaches them. `by_pos` is
        // sorted so only edges near the end's height are looked at.
        let mut by_pos: Vec<Edge> = h.clone();
        by_pos.sort_by(|a, b| a.pos.total_cmp(&b.pos));
        let mut ends: Vec<(f32, f32)> = v
            .iter()
            .map(|e| (if top { e.lo } else { e.hi }, e.pos))
            .filter(|&(y, x)| {
                let from = by_pos.partition_point(|e| e.pos < y - 2.0 * tol - 0.01);
                !by_pos[from..]
                    .iter()
                    .take_while(|e| e.pos <= y + 2.0 * tol + 0.01)
                    .any(|e| (e.pos - y).abs() <= tol && e.lo - tol <= x && e.hi + tol >= x)
            })
            .collect();
        ends.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut i = 0;
        while i < ends.len() {
            let mut j = i + 1;
            while j < ends.len() && ends[j].0 - ends[i].0 <= tol {
                j += 1;
            }
            if j - i >= 2 {
                let y = if top { ends[i].0 } else { ends[j - 1].0 };
                let x0 = ends[i..j].iter().map(|e| e.1).fold(f32::MAX, f32::min);
                let x1 = ends[i..j].iter().map(|e| e.1).fold(f32::MIN, f32::max);
                if x1 - x0 > tol {
                    h.push(Edge {
                        pos: y,
                        lo: x0,
                        hi: x1,
                    });
                }
            }
            i = j;
        }
    }
}

fn covers(edges: &[Edge], pos: f32, a: f32, b: f32, tol: f32) -> bool {
    edges
        .iter()
        .any(|e| (e.pos - pos).abs() < 0.01 && e.lo <= a + tol && e.hi >= b - tol)
}

impl Grid {
    /// Builds the grid of one page from its rules.
    ///
    /// ```
    /// use xxgk::geom::BBox;
    /// use xxgk::layout::{grid::Grid, settings::LayoutSettings, Rule};
    /// let r = |x0, t, x1, b| Rule { page_index: 0, bbox: BBox::new(x0, t, x1, b) };
    /// // A 2×1 table: three horizontal lines... two rows, one column.
    /// let rules = [r(0.0, 0.0, 100.0, 0.0), r(0.0, 20.0, 100.0, 20.0), r(0.0, 40.0, 100.0, 40.0),
    ///              r(0.0, 0.0, 0.0, 40.0), r(100.0, 0.0, 100.0, 40.0)];
    /// let g = Grid::build(&rules, &LayoutSettings::default());
    /// assert_eq!(g.cells.len(), 2);
    /// assert_eq!(g.tables.len(), 1);
    /// ```
    pub fn build(rules: &[Rule], s: &LayoutSettings) -> Grid {
        let mut h = Vec::new();
        let mut v = Vec::new();
        for r in rules {
            let b = r.bbox;
            if b.width() >= b.height() {
                h.push(Edge {
                    pos: b.center_y(),
                    lo: b.x0,
                    hi: b.x1,
                });
            } else {
                v.push(Edge {
                    pos: b.center_x(),
                    lo: b.top,
                    hi: b.bottom,
                });
            }
        }
        if h.len() < 2 || v.len() < 2 || h.len() > MAX_GRID_RULES || v.len() > MAX_GRID_RULES {
            return Grid::default();
        }
        snap(&mut v, s.snap_tolerance_pt);
        let v = join(v, s.join_tolerance_pt);
        close_open_ends(&mut h, &v, s.snap_tolerance_pt);
        snap(&mut h, s.snap_tolerance_pt);
        let h = join(h, s.join_tolerance_pt);
        if h.len() > MAX_GRID_EDGES || v.len() > MAX_GRID_EDGES {
            return Grid::default();
        }
        let tol = s.intersection_tolerance_pt;
        let mut pts: Vec<(f32, f32)> = Vec::new();
        for ve in &v {
            for he in &h {
                if ve.pos >= he.lo - tol
                    && ve.pos <= he.hi + tol
                    && he.pos >= ve.lo - tol
                    && he.pos <= ve.hi + tol
                {
                    pts.push((ve.pos, he.pos));
                }
            }
        }
        pts.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
        pts.dedup();
        if pts.len() > MAX_GRID_INTERSECTIONS {
            return Grid::default();
        }
        // Points near a height, from `pts` sorted by (y, x); the window is
        // wider than the 0.01 pt match so rounding cannot drop one.
        let row_of = |y: f32| {
            let from = pts.partition_point(|p| p.1 < y - 0.02);
            let to = pts.partition_point(|p| p.1 <= y + 0.02);
            &pts[from..to]
        };
        // Indices into `pts` sorted by (x, index), for the points of a column.
        let mut by_x: Vec<usize> = (0..pts.len()).collect();
        by_x.sort_by(|&a, &b| pts[a].0.total_cmp(&pts[b].0).then(a.cmp(&b)));
        let has_pt = |x: f32, y: f32| {
            row_of(y)
                .iter()
                .any(|p| (p.0 - x).abs() < 0.01 && (p.1 - y).abs() < 0.01)
        };
        let mut rects: Vec<BBox> = Vec::new();
        let mut work = 0usize;
        for &(x, y) in &pts {
            let from = by_x.partition_point(|&i| pts[i].0 < x - 0.02);
            let to = by_x.partition_point(|&i| pts[i].0 <= x + 0.02);
            let mut column: Vec<usize> = by_x[from..to]
                .iter()
                .copied()
                .filter(|&i| (pts[i].0 - x).abs() < 0.01 && pts[i].1 > y)
                .collect();
            column.sort_unstable();
            let below: Vec<f32> = column.iter().map(|&i| pts[i].1).collect();
            let right: Vec<f32> = row_of(y)
                .iter()
                .filter(|p| (p.1 - y).abs() < 0.01 && p.0 > x)
                .map(|p| p.0)
                .collect();
            'found: for &by in &below {
                if !covers(&v, x, y, by, tol) {
                    break;
                }
                for &rx in &right {
                    work += 1;
                    if work > MAX_GRID_WORK {
                        return Grid::default();
                    }
                    if !covers(&h, y, x, rx, tol) {
                        break;
                    }
                    if has_pt(rx, by) && covers(&h, by, x, rx, tol) && covers(&v, rx, y, by, tol) {
                        if rx - x >= s.min_cell_size_pt && by - y >= s.min_cell_size_pt {
                            rects.push(BBox::new(x, y, rx, by));
                        }
                        break 'found;
                    }
                }
            }
        }
        if rects.len() > MAX_GRID_CELLS {
            return Grid::default();
        }
        // Tables: connected groups of touching cells (union-find).
        let n = rects.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (rects[i], rects[j]);
                let touch = a.x0 <= b.x1 + tol
                    && b.x0 <= a.x1 + tol
                    && a.top <= b.bottom + tol
                    && b.top <= a.bottom + tol;
                if touch {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    if ri != rj {
                        parent[ri] = rj;
                    }
                }
            }
        }
        let mut roots: Vec<usize> = Vec::new();
        let mut table_of = vec![0usize; n];
        for (i, slot) in table_of.iter_mut().enumerate() {
            let r = find(&mut parent, i);
            *slot = match roots.iter().position(|&x| x == r) {
                Some(t) => t,
                None => {
                    roots.push(r);
                    roots.len() - 1
                }
            };
        }
        let mut tables: Vec<Table> = roots
            .iter()
            .map(|_| Table {
                bbox: BBox::new(f32::MAX, f32::MAX, f32::MIN, f32::MIN),
                row_edges: Vec::new(),
                col_edges: Vec::new(),
            })
            .collect();
        for (i, r) in rects.iter().enumerate() {
            let t = &mut tables[table_of[i]];
            t.bbox = t.bbox.union(r);
            t.row_edges.push(r.top);
            t.row_edges.push(r.bottom);
            t.col_edges.push(r.x0);
            t.col_edges.push(r.x1);
        }
        for t in &mut tables {
            t.row_edges.sort_by(f32::total_cmp);
            t.row_edges.dedup_by(|a, b| (*a - *b).abs() < 0.01);
            t.col_edges.sort_by(f32::total_cmp);
            t.col_edges.dedup_by(|a, b| (*a - *b).abs() < 0.01);
        }
        let cells = rects
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let t = &tables[table_of[i]];
                let idx = |edges: &[f32], v: f32| {
                    edges.iter().position(|e| (e - v).abs() < 0.01).unwrap_or(0)
                };
                let (a, b) = (idx(&t.row_edges, r.top), idx(&t.row_edges, r.bottom));
                let (l, rt) = (idx(&t.col_edges, r.x0), idx(&t.col_edges, r.x1));
                GridCell {
                    bbox: *r,
                    table: table_of[i],
                    row: a,
                    row_span: b.saturating_sub(a).max(1),
                    col: l,
                    col_span: rt.saturating_sub(l).max(1),
                }
            })
            .collect();
        Grid {
            h_edges: h,
            v_edges: v,
            intersections: pts,
            cells,
            tables,
        }
    }

    /// The index of the cell holding the point, if any.
    pub fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        self.cells
            .iter()
            .position(|c| x >= c.bbox.x0 && x <= c.bbox.x1 && y >= c.bbox.top && y <= c.bbox.bottom)
    }
}
