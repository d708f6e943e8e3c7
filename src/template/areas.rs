//! Where a document's tables without column rules stand: blocks of lines
//! inside the three table areas (第二十条, 申请, 复议/诉讼) that are not
//! prose, headings, captions or ruled tables.
//!
//! A block starts after the last sentence above the table (prose between a
//! caption and its table stays out) and ends at the next sentence,
//! heading, caption (第二十条第（…）项) or ruled table. The blocks are handed
//! to [`crate::layout::aligned`], which reads their columns from the
//! alignment of the text.

use std::ops::Range;

use crate::ingest::Document;
use crate::layout::table::Table;
use crate::layout::Line;
use crate::normalize::is_value_text;
use crate::section::Heading;
use crate::template::label::normalize;
use crate::template::rows::regions;

/// A line of prose: a sentence, not a table row or label.
fn is_prose(line: &Line, page_width: f32) -> bool {
    let cells: Vec<&crate::layout::Cell> = line
        .cells
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .collect();
    // A sentence ends, or a line of a paragraph runs across the page with
    // a comma in it (a table's corner note stays in its column).
    cells
        .iter()
        .any(|c| c.text.contains(['。', '；', '！', '？']))
        || (cells.len() == 1
            && cells[0].text.contains(['，', ','])
            && cells[0].bbox.width() > 0.55 * page_width)
}

fn has_value(line: &Line) -> bool {
    line.cells
        .iter()
        .flat_map(|c| c.text.split_whitespace())
        .any(is_value_text)
}

/// The line ranges of the blocks that may hold tables without rules.
pub(crate) fn aligned_areas(
    doc: &Document,
    headings: &[Heading],
    ruled: &[Table],
) -> Vec<Range<usize>> {
    let lines = &doc.lines;
    let r = regions(lines, headings);
    let in_ruled = |i: usize| ruled.iter().any(|t| i >= t.first_line && i < t.end_line);
    let is_heading = |i: usize| headings.iter().any(|h| h.line_index == i);
    let mut out = Vec::new();
    for (a, b) in [r.art20, r.applications, r.review] {
        let mut start: Option<usize> = None;
        let mut any_value = false;
        let mut close = |start: &mut Option<usize>, end: usize, any: &mut bool| {
            if let Some(s) = start.take() {
                if *any && end > s {
                    out.push(s..end);
                }
            }
            *any = false;
        };
        for (i, line) in lines.iter().enumerate().take(b).skip(a) {
            if line.furniture || line.cells.iter().all(|c| c.text.trim().is_empty()) {
                continue;
            }
            let caption = normalize(&line.text()).contains("第二十条第");
            let width = doc
                .pages
                .iter()
                .find(|p| p.page_index == line.page_index)
                .map_or(595.0, |p| p.width_pt);
            if in_ruled(i) || is_heading(i) || is_prose(line, width) || caption {
                close(&mut start, i, &mut any_value);
                continue;
            }
            if start.is_none() {
                start = Some(i);
            }
            any_value |= has_value(line);
        }
        close(&mut start, b.min(lines.len()), &mut any_value);
    }
    out
}
