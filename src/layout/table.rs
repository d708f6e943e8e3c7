//! The table model shared by every input: a grid of cells with row and
//! column spans, each cell with its text and where it was printed.
//!
//! Every ingest path that knows a table's structure builds a [`Table`]:
//! ruled PDF grids (from ruling lines), HTML `<table>` (rowspan/colspan),
//! DOCX `w:tbl` (gridSpan/vMerge), and unruled PDF tables whose columns are
//! read from the header cells' x-ranges. The template stage then maps a
//! table onto the national format by its header and row labels, and takes
//! each value from its grid column, so a blank cell never shifts its
//! neighbours.

use crate::geom::BBox;
use serde::Serialize;

/// Where a table's structure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableOrigin {
    /// A PDF table whose grid is drawn with ruling lines.
    RuledPdf,
    /// A PDF table without (vertical) ruling lines; its columns come from
    /// the header cells' x-ranges and the values' alignment.
    AlignedPdf,
    /// An HTML `<table>`.
    Html,
    /// A DOCX `w:tbl`.
    Docx,
    /// A markdown pipe table.
    Markdown,
    /// A table of plain text whose columns are read from the alignment of
    /// its characters (a `pdftotext -layout` dump).
    AlignedText,
}

/// One cell of a [`Table`]: the top-left grid position it starts at, its
/// spans, its text, and where it was printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableCell {
    /// First grid row, starting at `0`.
    pub row: usize,
    /// First grid column, starting at `0`.
    pub col: usize,
    /// Rows spanned (at least 1).
    pub row_span: usize,
    /// Columns spanned (at least 1).
    pub col_span: usize,
    /// The text, whitespace inside kept as printed; `""` for an empty cell.
    pub text: String,
    /// Page index (PDF), starting at `0`.
    pub page_index: Option<usize>,
    /// The cell's box on the page (PDF).
    pub bbox: Option<BBox>,
    /// Index into the document's lines of the line that holds this cell's
    /// row (every input keeps one line per table row).
    pub line_index: Option<usize>,
    /// Why the cell's place in the grid is not certain (a short row of a
    /// markdown table): its value is left blank with this as the warning.
    pub uncertain: Option<String>,
}

impl TableCell {
    /// A cell of one row and one column with no position.
    ///
    /// ```
    /// use xxgk::layout::table::TableCell;
    /// let c = TableCell::new(1, 2, "规章");
    /// assert_eq!((c.row, c.col, c.row_span, c.col_span), (1, 2, 1, 1));
    /// ```
    pub fn new(row: usize, col: usize, text: &str) -> TableCell {
        TableCell {
            row,
            col,
            row_span: 1,
            col_span: 1,
            text: text.to_string(),
            page_index: None,
            bbox: None,
            line_index: None,
            uncertain: None,
        }
    }

    /// True when the cell covers grid position `(row, col)`.
    pub fn covers(&self, row: usize, col: usize) -> bool {
        row >= self.row
            && row < self.row + self.row_span
            && col >= self.col
            && col < self.col + self.col_span
    }
}

/// A table: rows × columns of grid positions, covered by cells.
///
/// ```
/// use xxgk::layout::table::{Table, TableCell, TableOrigin};
/// let mut head = TableCell::new(0, 1, "行政复议");
/// head.col_span = 2;
/// let t = Table::new(TableOrigin::Html, vec![
///     head, TableCell::new(1, 1, "结果维持"), TableCell::new(1, 2, "总计"),
///     TableCell::new(2, 0, "件数"), TableCell::new(2, 1, "1"), TableCell::new(2, 2, "1"),
/// ]);
/// assert_eq!((t.n_rows, t.n_cols), (3, 3));
/// assert_eq!(t.at(0, 2).map(|c| c.text.as_str()), Some("行政复议"));
/// assert!(t.at(0, 0).is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Where the structure came from.
    pub origin: TableOrigin,
    /// Number of grid rows.
    pub n_rows: usize,
    /// Number of grid columns.
    pub n_cols: usize,
    /// The cells, in reading order (row, then column).
    pub cells: Vec<TableCell>,
    /// `occupancy[row * n_cols + col]` is the index of the cell covering
    /// that position, if any.
    #[serde(skip)]
    occupancy: Vec<Option<usize>>,
    /// The document lines this table occupies: `first_line..end_line`.
    pub first_line: usize,
    /// One past the last document line of the table.
    pub end_line: usize,
    /// The x-positions (points) of the column boundaries, `n_cols + 1` of
    /// them, for PDF tables; empty for other inputs.
    pub col_edges: Vec<f32>,
}

/// Most grid positions of one table (rows × columns); a bigger table is cut
/// to its first rows. A report's largest table has some 30 × 16.
pub const MAX_TABLE_POSITIONS: usize = 200_000;

impl Table {
    /// Builds a table from its cells; the grid size is the cells' extent.
    /// A cell that overlaps an earlier one keeps only the positions still
    /// free (so malformed spans cannot hide cells).
    pub fn new(origin: TableOrigin, mut cells: Vec<TableCell>) -> Table {
        for c in &mut cells {
            c.row_span = c.row_span.max(1);
            c.col_span = c.col_span.max(1);
        }
        cells.sort_by_key(|c| (c.row, c.col));
        let n_cols = cells.iter().map(|c| c.col + c.col_span).max().unwrap_or(0);
        let mut n_rows = cells.iter().map(|c| c.row + c.row_span).max().unwrap_or(0);
        if n_cols > 0 && n_rows.saturating_mul(n_cols) > MAX_TABLE_POSITIONS {
            n_rows = MAX_TABLE_POSITIONS / n_cols;
            cells.retain(|c| c.row < n_rows);
            for c in &mut cells {
                c.row_span = c.row_span.min(n_rows - c.row);
            }
        }
        let mut occupancy = vec![None; n_rows * n_cols];
        for (i, c) in cells.iter().enumerate() {
            for r in c.row..c.row + c.row_span {
                for k in c.col..c.col + c.col_span {
                    let slot = &mut occupancy[r * n_cols + k];
                    if slot.is_none() {
                        *slot = Some(i);
                    }
                }
            }
        }
        let first_line = cells.iter().filter_map(|c| c.line_index).min().unwrap_or(0);
        let end_line = cells
            .iter()
            .filter_map(|c| c.line_index)
            .max()
            .map_or(first_line, |l| l + 1);
        Table {
            origin,
            n_rows,
            n_cols,
            cells,
            occupancy,
            first_line,
            end_line,
            col_edges: Vec::new(),
        }
    }

    /// The x-range (points) of grid column `col`, when the table has
    /// column positions (PDF).
    pub fn col_range(&self, col: usize) -> Option<(f32, f32)> {
        Some((*self.col_edges.get(col)?, *self.col_edges.get(col + 1)?))
    }

    /// The index (into [`Table::cells`]) of the cell covering `(row, col)`.
    pub fn index_at(&self, row: usize, col: usize) -> Option<usize> {
        if row >= self.n_rows || col >= self.n_cols {
            return None;
        }
        self.occupancy[row * self.n_cols + col]
    }

    /// The cell covering `(row, col)`.
    pub fn at(&self, row: usize, col: usize) -> Option<&TableCell> {
        self.index_at(row, col).map(|i| &self.cells[i])
    }

    /// Moves the table's line indices by `by` lines (when a page's lines
    /// are appended to a document's).
    pub fn offset_lines(&mut self, by: usize) {
        for c in &mut self.cells {
            if let Some(l) = &mut c.line_index {
                *l += by;
            }
        }
        self.first_line += by;
        self.end_line += by;
    }

    /// Moves the table's line indices back by `by` lines (saturating).
    pub fn offset_lines_back(&mut self, by: usize) {
        for c in &mut self.cells {
            if let Some(l) = &mut c.line_index {
                *l = l.saturating_sub(by);
            }
        }
        self.first_line = self.first_line.saturating_sub(by);
        self.end_line = self.end_line.saturating_sub(by);
    }

    /// The page the table starts on (PDF).
    pub fn page_index(&self) -> Option<usize> {
        self.cells.iter().find_map(|c| c.page_index)
    }

    /// The union of the cells' boxes (PDF).
    pub fn bbox(&self) -> Option<BBox> {
        self.cells
            .iter()
            .filter_map(|c| c.bbox)
            .reduce(|a, b| a.union(&b))
    }
}

/// A row label cut by a page break in a ruled table: the row's first label
/// words and its values end one page; its last words open the next page's
/// fragment as a row with no value (under the repeated header, if any).
/// Those words are moved to the end of the earlier row's label, when that
/// row has values, the later row is the fragment's first row without a
/// header label and is not numbered (a numbered label is a row of its own,
/// left blank), and the row after it has values.
///
/// ```
/// use xxgk::layout::table::{join_cut_labels, Table, TableCell, TableOrigin};
/// let cell = |r, c, t: &str, page| {
///     let mut x = TableCell::new(r, c, t);
///     x.page_index = Some(page);
///     x
/// };
/// let a = Table::new(TableOrigin::RuledPdf, vec![
///     cell(0, 0, "2.重复申请", 1), cell(0, 1, "6", 1),
///     cell(1, 0, "3.危及“三", 1), cell(1, 1, "0", 1),
/// ]);
/// let b = Table::new(TableOrigin::RuledPdf, vec![
///     cell(0, 0, "安全一稳定”", 2), cell(0, 1, "", 2),
///     cell(1, 0, "4.保护第三方合法权益", 2), cell(1, 1, "1", 2),
/// ]);
/// let mut tables = vec![a, b];
/// join_cut_labels(&mut tables);
/// assert_eq!(tables[0].at(1, 0).unwrap().text, "3.危及“三安全一稳定”");
/// assert_eq!(tables[1].at(0, 0).unwrap().text, "");
/// ```
pub fn join_cut_labels(tables: &mut [Table]) {
    use crate::normalize::is_value_text;
    let value = |t: &str| is_value_text(t.trim());
    let numbered = |t: &str| {
        let t = t.trim_start();
        t.starts_with(|c: char| c.is_ascii_digit() || "（(一二三四五六七八九十".contains(c))
    };
    for i in 1..tables.len() {
        let (before, after) = tables.split_at_mut(i);
        let (a, b) = (&mut before[i - 1], &mut after[0]);
        if a.origin != TableOrigin::RuledPdf || b.origin != TableOrigin::RuledPdf {
            continue;
        }
        match (a.page_index(), b.page_index()) {
            (Some(pa), Some(pb)) if pb == pa + 1 => {}
            _ => continue,
        }
        // The value columns: where the first row with values has them.
        let row_cells = |t: &Table, r: usize| -> Vec<usize> {
            (0..t.cells.len())
                .filter(|&k| t.cells[k].row == r)
                .collect()
        };
        let first_value_col = |t: &Table, r: usize| {
            row_cells(t, r)
                .into_iter()
                .filter(|&k| value(&t.cells[k].text))
                .map(|k| t.cells[k].col)
                .min()
        };
        let Some(last_a) = (0..a.n_rows)
            .rev()
            .find(|&r| first_value_col(a, r).is_some())
        else {
            continue;
        };
        if last_a + 1 != a.n_rows {
            continue;
        }
        // b's first row with values, and the row just above it.
        let Some(first_b) = (0..b.n_rows).find(|&r| first_value_col(b, r).is_some()) else {
            continue;
        };
        if first_b == 0 {
            continue;
        }
        let r0 = first_b - 1;
        let v = first_value_col(b, first_b).unwrap_or(0);
        let cells0 = row_cells(b, r0);
        // No text at or right of the values (a header row), one-row cells.
        if cells0
            .iter()
            .any(|&k| b.cells[k].col >= v && !b.cells[k].text.trim().is_empty())
        {
            continue;
        }
        let Some(&piece) = cells0
            .iter()
            .filter(|&&k| b.cells[k].row_span == 1 && !b.cells[k].text.trim().is_empty())
            .max_by_key(|&&k| b.cells[k].col)
        else {
            continue;
        };
        let rest = b.cells[piece].text.trim().to_string();
        if numbered(&rest) {
            continue;
        }
        let va = first_value_col(a, last_a).unwrap_or(0);
        let Some(&target) = row_cells(a, last_a)
            .iter()
            .filter(|&&k| a.cells[k].col < va && !a.cells[k].text.trim().is_empty())
            .max_by_key(|&&k| a.cells[k].col)
        else {
            continue;
        };
        if a.cells[target].row_span != 1 {
            continue;
        }
        a.cells[target].text.push_str(&rest);
        b.cells[piece].text.clear();
    }
}
