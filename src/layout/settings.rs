//! Tolerances for building cells and lines from glyphs.

/// How glyphs are grouped into cells and lines. Units are in field names:
/// `_em` is a multiple of the glyph's font size, `_pt` is in points.
///
/// ```
/// use xxgk::layout::settings::LayoutSettings;
/// let s = LayoutSettings { cell_gap_em: 2.0, ..LayoutSettings::default() };
/// assert_eq!(s.line_tolerance_em, 0.5);
/// ```
#[derive(Debug, Clone)]
pub struct LayoutSettings {
    /// Glyphs whose vertical centres differ by at most this fraction of the
    /// font size sit on one line. The default is `0.5`.
    pub line_tolerance_em: f32,
    /// Outside ruled tables, a horizontal gap wider than this many ems
    /// between two glyphs starts a new cell. The default is `1.5`.
    pub cell_gap_em: f32,
    /// Between two Latin glyphs (letters, digits, punctuation) a gap wider
    /// than this many ems becomes one space; CJK glyphs are always joined
    /// without spaces. The default is `0.15`.
    pub space_gap_em: f32,
    /// In a table without column rules, a gap wider than this many ems
    /// between two glyphs separates two words (cells). The default is
    /// `0.3`.
    pub word_gap_em: f32,
    /// Parallel ruling lines closer than this are snapped to one line. The
    /// default is `3.0`.
    pub snap_tolerance_pt: f32,
    /// Collinear ruling segments with a gap of at most this are joined. The
    /// default is `3.0`.
    pub join_tolerance_pt: f32,
    /// A horizontal and a vertical rule meet when each reaches within this
    /// distance of the other. The default is `3.0`.
    pub intersection_tolerance_pt: f32,
    /// Grid cells narrower or shorter than this are ignored (double
    /// borders). The default is `2.0`.
    pub min_cell_size_pt: f32,
    /// A page-number-only line within this fraction of the page height from
    /// the top or bottom edge, outside table grids, is page furniture. The
    /// default is `0.1`.
    pub furniture_margin_fraction: f32,
}

impl Default for LayoutSettings {
    fn default() -> Self {
        LayoutSettings {
            line_tolerance_em: 0.5,
            cell_gap_em: 1.5,
            space_gap_em: 0.15,
            word_gap_em: 0.3,
            snap_tolerance_pt: 3.0,
            join_tolerance_pt: 3.0,
            intersection_tolerance_pt: 3.0,
            min_cell_size_pt: 2.0,
            furniture_margin_fraction: 0.1,
        }
    }
}
