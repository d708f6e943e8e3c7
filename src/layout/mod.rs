//! Positioned text: glyphs and ruling lines per page, and the lines and cells
//! built from them.
//!
//! The object model follows pdfplumber: [`Glyph`]s (one character each) are
//! grouped into [`Cell`]s (a run of text inside one table cell, or a word
//! group separated by a wide gap), and cells that share a baseline form a
//! [`Line`]. Every object keeps its page index and box, so each value in a
//! record traces back to the page it was printed on.

pub mod aligned;
pub mod grid;
pub mod lines;
pub mod settings;
pub mod table;
pub mod words;

use crate::geom::BBox;
use serde::Serialize;

/// One character as painted on a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glyph {
    /// Page index, starting at `0`.
    pub page_index: usize,
    /// The Unicode text of the glyph (usually one character; a ligature may give more).
    pub text: String,
    /// The glyph's box on the page.
    pub bbox: BBox,
    /// Effective font size in points (font size times the text matrix scale).
    pub size_pt: f32,
    /// True when the font writes vertically (Identity-V and other `-V` CMaps).
    pub vertical: bool,
}

/// A ruling line: a stroked path segment or a thin filled rectangle, such as a
/// table border.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rule {
    /// Page index, starting at `0`.
    pub page_index: usize,
    /// The rule's box; one side is (close to) zero for a line.
    pub bbox: BBox,
}

/// The positioned content of one page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Page {
    /// Page index, starting at `0`.
    pub page_index: usize,
    /// Page width in points.
    pub width_pt: f32,
    /// Page height in points.
    pub height_pt: f32,
    /// Every glyph, in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// Every ruling line.
    pub rules: Vec<Rule>,
}

/// A run of text that belongs together: the content of one table cell, or a
/// group of words separated from its neighbours by a wide gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The text, with glyphs in reading order and no tab or newline.
    pub text: String,
    /// The union of the glyph boxes.
    pub bbox: BBox,
    /// Page index, starting at `0`.
    pub page_index: usize,
}

/// One visual line of text: cells sharing a baseline, left to right.
///
/// For plain-text input a line is one line of the file, and each
/// tab-separated field is a cell whose `x0` is its field index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// Page index, starting at `0`.
    pub page_index: usize,
    /// The cells, left to right.
    pub cells: Vec<Cell>,
    /// True for page furniture such as a printed page number ("-3-") that
    /// must not be read as table content.
    pub furniture: bool,
}

impl Line {
    /// The cells' texts joined by tabs.
    ///
    /// ```
    /// use xxgk::layout::{Cell, Line};
    /// use xxgk::geom::BBox;
    /// let cell = |t: &str| Cell { text: t.into(), bbox: BBox::default(), page_index: 0 };
    /// let line = Line { page_index: 0, cells: vec![cell("规章"), cell("0")], furniture: false };
    /// assert_eq!(line.text(), "规章\t0");
    /// ```
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, c) in self.cells.iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            out.push_str(&c.text);
        }
        out
    }
}
