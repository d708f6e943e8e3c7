//! Glyphs → cells → lines.

use super::settings::LayoutSettings;
use super::{Line, Page};

/// Builds the lines of one page in reading order.
pub fn page_lines(_page: &Page, _settings: &LayoutSettings) -> Vec<Line> {
    Vec::new()
}
