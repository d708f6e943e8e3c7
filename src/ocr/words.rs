//! Numbers outside the tables found by their rules.
//!
//! A scanned table whose rules were lost (light borders that a threshold
//! dropped, or a table printed without rules) gives no grid. Its figures
//! must still be read as digits, never by the page pass's Chinese model:
//! the page's marks outside the grid's tables are grouped into lines and
//! words, and each word whose marks look like a number (or a dash) becomes
//! a cell of its own, read like a grid cell. Their glyphs then stand where
//! they were printed, so the table is read from the alignment of its words
//! (`layout::aligned`), as for a born-digital PDF without rules.

use image::GrayImage;

use super::page::{classify, CellInk, Shape};
use super::raster::{self, Bits, Component};
use crate::geom::BBox;

/// The number- and dash-shaped words of `bits` outside `tables` (boxes in
/// points), as cells whose `cell` is the word's box in points.
pub(super) fn loose_number_words(
    bits: &Bits,
    page: &GrayImage,
    tables: &[BBox],
    dpi: f32,
) -> Vec<CellInk> {
    let px = |pt: f32| pt * dpi / 72.0;
    let mut rest = bits.clone();
    for t in tables {
        let x0 = px(t.x0 - 2.0).max(0.0) as usize;
        let y0 = px(t.top - 2.0).max(0.0) as usize;
        let x1 = (px(t.x1 + 2.0).max(0.0) as usize).min(rest.width);
        let y1 = (px(t.bottom + 2.0).max(0.0) as usize).min(rest.height);
        for y in y0..y1 {
            rest.ink[y * rest.width + x0.min(x1)..y * rest.width + x1].fill(false);
        }
    }
    let (comps, _) = raster::components(&rest);
    let speck = (px(0.6) * px(0.6)).max(3.0) as usize;
    let thin = px(1.5).max(2.0) as usize;
    // Text-sized marks only: no specks, rules or their remnants, stamps.
    let marks: Vec<Component> = comps
        .into_iter()
        .filter(|c| {
            c.pixels >= speck
                && (c.height() as f32) <= px(24.0)
                && (c.width() as f32) <= px(40.0)
                && !(c.width() <= thin && c.height() as f32 > px(6.0))
                && !(c.height() <= thin && c.width() as f32 > px(12.0))
        })
        .collect();
    let mut out = Vec::new();
    for line in lines(marks) {
        for word in words(line, dpi) {
            let shape = classify(&word, dpi);
            if shape != Shape::Number && shape != Shape::Dash {
                continue;
            }
            out.push(word_cell(bits, page, &word, shape, dpi));
        }
    }
    out
}

/// A cell of its own for the marks `word` (page pixels): their ink and grey
/// pixels only, in a crop with a small margin.
pub(super) fn word_cell(
    bits: &Bits,
    page: &GrayImage,
    word: &[Component],
    shape: Shape,
    dpi: f32,
) -> CellInk {
    let to_pt = |p: usize| p as f32 * 72.0 / dpi;
    let margin = 2;
    let x0 = word.iter().map(|c| c.x0).min().unwrap_or(0);
    let y0 = word.iter().map(|c| c.y0).min().unwrap_or(0);
    let x1 = word.iter().map(|c| c.x1).max().unwrap_or(0);
    let y1 = word.iter().map(|c| c.y1).max().unwrap_or(0);
    let (cx0, cy0) = (x0.saturating_sub(margin), y0.saturating_sub(margin));
    let (cx1, cy1) = (
        (x1 + margin).min(bits.width),
        (y1 + margin).min(bits.height),
    );
    let (w, h) = (cx1 - cx0, cy1 - cy0);
    let mut ink = vec![false; w * h];
    let mut gray = GrayImage::from_pixel(w as u32, h as u32, image::Luma([255]));
    for c in word {
        for y in c.y0..c.y1.min(cy1) {
            for x in c.x0..c.x1.min(cx1) {
                if bits.get(x, y) {
                    ink[(y - cy0) * w + (x - cx0)] = true;
                }
                gray.put_pixel(
                    (x - cx0) as u32,
                    (y - cy0) as u32,
                    *page.get_pixel(x as u32, y as u32),
                );
            }
        }
    }
    let comps = word
        .iter()
        .map(|c| Component {
            x0: c.x0 - cx0,
            y0: c.y0 - cy0,
            x1: c.x1 - cx0,
            y1: c.y1 - cy0,
            pixels: c.pixels,
        })
        .collect();
    CellInk {
        cell: BBox::new(to_pt(x0), to_pt(y0), to_pt(x1), to_pt(y1)),
        x: cx0,
        y: cy0,
        bits: Bits {
            width: w,
            height: h,
            ink,
        },
        gray,
        comps,
        shape,
    }
}

/// The digits that open a cell of one line of text, such as "126.5" in
/// "126.5万元": the longest run of its first marks, left to right, that
/// looks like a number (page pixels), if any.
pub(super) fn number_prefix(comps: &[Component], dpi: f32) -> Option<Vec<Component>> {
    let mut all = lines(comps.to_vec());
    if all.len() != 1 {
        return None;
    }
    let mut line = all.remove(0);
    line.sort_by_key(|c| c.x0);
    (1..line.len())
        .rev()
        .map(|k| line[..k].to_vec())
        .find(|p| classify(p, dpi) == Shape::Number)
}

/// Marks grouped into lines: a mark joins the line it overlaps by half its
/// own height (or the line's), top to bottom.
pub(super) fn lines(mut marks: Vec<Component>) -> Vec<Vec<Component>> {
    marks.sort_by_key(|c| (c.y0 + c.y1, c.x0));
    let mut lines: Vec<(usize, usize, Vec<Component>)> = Vec::new();
    for c in marks {
        let found = lines.iter_mut().rev().take(4).find(|(top, bottom, _)| {
            let overlap = c.y1.min(*bottom) as i64 - c.y0.max(*top) as i64;
            overlap > 0 && overlap as usize * 2 >= c.height().min(bottom - top)
        });
        match found {
            Some((top, bottom, members)) => {
                *top = (*top).min(c.y0);
                *bottom = (*bottom).max(c.y1);
                members.push(c);
            }
            None => lines.push((c.y0, c.y1, vec![c])),
        }
    }
    lines.into_iter().map(|(_, _, m)| m).collect()
}

/// A line's marks cut into words at gaps wider than half the line's height
/// (and at least 3 pt): digits of one number stand closer than that, the
/// figures of a table's columns much further apart.
pub(super) fn words(mut line: Vec<Component>, dpi: f32) -> Vec<Vec<Component>> {
    line.sort_by_key(|c| c.x0);
    let top = line.iter().map(|c| c.y0).min().unwrap_or(0);
    let bottom = line.iter().map(|c| c.y1).max().unwrap_or(0);
    let gap = ((bottom - top) as f32 * 0.5).max(3.0 * dpi / 72.0);
    let mut out: Vec<Vec<Component>> = Vec::new();
    let mut right = 0usize;
    for c in line {
        match out.last_mut() {
            Some(w) if (c.x0 as f32) - (right as f32) <= gap => {
                right = right.max(c.x1);
                w.push(c);
            }
            _ => {
                right = c.x1;
                out.push(vec![c]);
            }
        }
    }
    out
}
