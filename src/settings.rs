//! Settings for every stage, with documented defaults.

pub use crate::layout::settings::LayoutSettings;
pub use crate::ocr::{OcrMode, OcrSettings};

/// Everything that tunes extraction.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// How glyphs become cells and lines.
    pub layout: LayoutSettings,
    /// When and how scanned pages are read by OCR.
    pub ocr: OcrSettings,
}
