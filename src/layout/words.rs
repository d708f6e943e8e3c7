//! Joining glyphs into text: visual lines of glyphs, and the text of a run.
//!
//! CJK glyphs join without spaces; two Latin glyphs get one space when the
//! gap between them is at least [`LayoutSettings::space_gap_em`].

use super::settings::LayoutSettings;
use super::Glyph;
use crate::geom::BBox;

/// True for characters written without spaces between them: CJK
/// ideographs, kana, hangul, and full-width punctuation and forms.
///
/// ```
/// use xxgk::layout::words::is_cjk;
/// assert!(is_cjk('政') && is_cjk('（') && is_cjk('，'));
/// assert!(!is_cjk('A') && !is_cjk('1'));
/// ```
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3040..=0x31FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF | 0x2018..=0x201F | 0x2026 | 0x2014)
}

fn vcenter(g: &Glyph) -> f32 {
    g.bbox.center_y()
}

/// Groups glyphs into visual lines (top to bottom), each sorted left to
/// right. Glyphs join a line when their vertical centre is within
/// `line_tolerance_em` × font size of the line's mean centre.
pub fn group_lines<'a>(glyphs: &[&'a Glyph], s: &LayoutSettings) -> Vec<Vec<&'a Glyph>> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| vcenter(a).total_cmp(&vcenter(b)));
    let mut lines: Vec<(f32, f32, Vec<&Glyph>)> = Vec::new(); // (sum of centres, min size, glyphs)
    for g in sorted {
        let c = vcenter(g);
        let size = g.size_pt.max(1.0);
        if let Some((sum, min_size, gs)) = lines.last_mut() {
            let mean = *sum / gs.len() as f32;
            if (c - mean).abs() <= s.line_tolerance_em * size.min(*min_size) {
                *sum += c;
                *min_size = min_size.min(size);
                gs.push(g);
                continue;
            }
        }
        lines.push((c, size, vec![g]));
    }
    lines
        .into_iter()
        .map(|(_, _, mut gs)| {
            gs.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
            dedup_overprint(gs)
        })
        .collect()
}

/// Drops glyphs painted twice at (nearly) the same place, a fake-bold trick.
fn dedup_overprint(gs: Vec<&Glyph>) -> Vec<&Glyph> {
    let mut out: Vec<&Glyph> = Vec::with_capacity(gs.len());
    for g in gs {
        let dup = out.iter().rev().take(3).any(|p| {
            p.text == g.text
                && (p.bbox.x0 - g.bbox.x0).abs() < 0.2 * g.size_pt.max(1.0)
                && (p.bbox.top - g.bbox.top).abs() < 0.2 * g.size_pt.max(1.0)
        });
        if !dup {
            out.push(g);
        }
    }
    out
}

/// Appends the text of glyphs on one visual line (already in reading order)
/// to `out`, with spaces between Latin words.
pub fn push_line_text(out: &mut String, line: &[&Glyph], s: &LayoutSettings) {
    let mut prev: Option<&Glyph> = None;
    for g in line {
        if let Some(p) = prev {
            let gap = if g.vertical && p.vertical {
                g.bbox.top - p.bbox.bottom
            } else {
                g.bbox.x0 - p.bbox.x1
            };
            let a = p.text.chars().last().unwrap_or(' ');
            let b = g.text.chars().next().unwrap_or(' ');
            if gap >= s.space_gap_em * g.size_pt.max(1.0) && !is_cjk(a) && !is_cjk(b) {
                out.push(' ');
            }
        }
        out.push_str(&g.text);
        prev = Some(g);
    }
}

/// The text and box of glyphs that form one block (a table cell): visual
/// lines top to bottom, joined without separators except one space between
/// two Latin words. Vertical glyphs are read in columns, right to left, top
/// to bottom.
pub fn block_text(glyphs: &[&Glyph], s: &LayoutSettings) -> (String, BBox) {
    let mut bbox = BBox::new(f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for g in glyphs {
        bbox = bbox.union(&g.bbox);
    }
    let mut out = String::new();
    let vertical = glyphs.iter().filter(|g| g.vertical).count() * 2 > glyphs.len();
    if vertical {
        for col in group_columns(glyphs) {
            push_line_text(&mut out, &col, s);
        }
        return (out, bbox);
    }
    for line in group_lines(glyphs, s) {
        if let (Some(a), Some(b)) = (
            out.chars().last(),
            line.first().and_then(|g| g.text.chars().next()),
        ) {
            if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
                out.push(' ');
            }
        }
        push_line_text(&mut out, &line, s);
    }
    (out, bbox)
}

/// Groups vertical glyphs into columns (right to left), each top to bottom.
pub fn group_columns<'a>(glyphs: &[&'a Glyph]) -> Vec<Vec<&'a Glyph>> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| b.bbox.center_x().total_cmp(&a.bbox.center_x()));
    let mut cols: Vec<Vec<&Glyph>> = Vec::new();
    for g in sorted {
        if let Some(col) = cols.last_mut() {
            let c = col[0].bbox.center_x();
            if (g.bbox.center_x() - c).abs() <= 0.5 * g.size_pt.max(1.0) {
                col.push(g);
                continue;
            }
        }
        cols.push(vec![g]);
    }
    for col in &mut cols {
        col.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
    }
    cols
}
