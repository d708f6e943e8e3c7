//! Settings for every stage, with documented defaults.

pub use crate::layout::settings::LayoutSettings;

/// Everything that tunes extraction.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// How glyphs become cells and lines.
    pub layout: LayoutSettings,
}
