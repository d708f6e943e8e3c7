//! Tolerances for building cells and lines from glyphs.

/// How glyphs are grouped into cells and lines. Units are in field names.
#[derive(Debug, Clone)]
pub struct LayoutSettings {
    /// Glyphs whose vertical centres differ by at most this fraction of the
    /// font size sit on one line. The default is `0.5`.
    pub line_tolerance_em: f32,
}

impl Default for LayoutSettings {
    fn default() -> Self {
        LayoutSettings {
            line_tolerance_em: 0.5,
        }
    }
}
