//! The OCR engine behind a small trait, so that the page pipeline does not
//! depend on one engine's API.
//!
//! An engine reads one prepared grey image (dark text on white, 8 bits per
//! pixel) and returns its symbols with boxes in the image's pixels, a
//! confidence from 0 to 100, and the engine's own alternatives for each
//! symbol.

use crate::error::Result;

/// What an image holds, which picks the engine's model and settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// One line of numbers: digits, `.` and `-` only.
    Digits,
    /// One block of Chinese text (a table label, possibly wrapped).
    Label,
    /// A whole page of prose with unknown layout.
    Page,
}

/// One recognised character.
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    /// The text (one character, rarely more).
    pub text: String,
    /// Box in the image's pixels: left, top, right, bottom.
    pub bbox: [i32; 4],
    /// The engine's confidence in this reading, 0–100.
    pub confidence: f32,
    /// Other readings the engine considered for this symbol, with their
    /// confidences, best first; the chosen reading is not repeated.
    pub alternatives: Vec<(String, f32)>,
    /// True for the first symbol of a text line (after the first line).
    pub line_start: bool,
}

/// A grey image borrowed for recognition: `width × height` bytes, row by row.
#[derive(Debug, Clone, Copy)]
pub struct GrayView<'a> {
    /// Pixels, 0 = black, 255 = white.
    pub pixels: &'a [u8],
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Resolution, dots per inch (a hint to the engine).
    pub dpi: u32,
}

/// An OCR engine. One instance is used by one thread at a time; the page
/// pipeline keeps one per worker thread.
pub trait OcrEngine {
    /// A short name for records and benchmarks, e.g. `tesseract 5.3.0`.
    fn name(&self) -> String;
    /// Recognises the image as `kind` and returns its symbols in reading order.
    fn recognize(&mut self, image: GrayView<'_>, kind: TextKind) -> Result<Vec<Symbol>>;
}
