//! Ruling lines found in a page image, as the same [`Rule`]s (in points)
//! that a born-digital PDF's strokes give, so [`Grid`](crate::layout::grid::Grid)
//! builds the table model from them.
//!
//! A horizontal rule is a run of ink at least `min_rule_pt` long (gaps of a
//! pixel or two allowed, for noise and JPEG), continued on the rows below
//! while it overlaps; a vertical rule is the same on columns. Text strokes
//! are shorter than one em, so they are not taken.

use super::raster::Bits;
use crate::geom::BBox;
use crate::layout::Rule;

/// One run-merged segment, in pixels: `pos0..pos1` across, `lo..hi` along.
#[derive(Debug, Clone, Copy)]
struct Seg {
    pos0: usize,
    pos1: usize,
    lo: usize,
    hi: usize,
}

/// Runs of ink along one line of pixels, bridging gaps of at most `gap`,
/// at least `min_len` long and at least 90 % ink.
fn runs(
    mut ink: impl FnMut(usize) -> bool,
    len: usize,
    gap: usize,
    min_len: usize,
    out: &mut Vec<(usize, usize)>,
) {
    let mut i = 0;
    while i < len {
        if !ink(i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1; // exclusive, last ink + 1
        let mut count = 1;
        let mut j = i + 1;
        while j < len {
            if ink(j) {
                end = j + 1;
                count += 1;
                j += 1;
            } else if j - end < gap {
                j += 1;
            } else {
                break;
            }
        }
        // A rule is solid; a row of pixels through a line of CJK text has
        // ink in every character but gaps in each.
        if end - start >= min_len && count * 10 >= (end - start) * 9 {
            out.push((start, end));
        }
        i = j.max(end);
    }
}

/// Merges runs found on consecutive lines (`pos`, `lo..hi`) into segments.
fn merge(mut found: Vec<(usize, usize, usize)>) -> Vec<Seg> {
    found.sort_unstable();
    let mut open: Vec<Seg> = Vec::new();
    let mut done: Vec<Seg> = Vec::new();
    for (pos, lo, hi) in found {
        // Close segments that ended more than one line ago.
        let mut k = 0;
        while k < open.len() {
            if open[k].pos1 + 1 < pos {
                done.push(open.swap_remove(k));
            } else {
                k += 1;
            }
        }
        let overlap = |s: &Seg| {
            let o = hi.min(s.hi) as i64 - lo.max(s.lo) as i64;
            o > 0 && o as usize * 2 >= (hi - lo).min(s.hi - s.lo)
        };
        match open.iter_mut().find(|s| s.pos1 <= pos && overlap(s)) {
            Some(s) => {
                s.pos1 = pos + 1;
                s.lo = s.lo.min(lo);
                s.hi = s.hi.max(hi);
            }
            None => open.push(Seg {
                pos0: pos,
                pos1: pos + 1,
                lo,
                hi,
            }),
        }
    }
    done.extend(open);
    done
}

/// Finds the ruling lines of a (deskewed) page image whose pixels are
/// `72 / dpi` points. Rules shorter than `min_rule_pt` or thicker than
/// `max_thickness_pt` are left out.
pub fn find_rules(
    bits: &Bits,
    dpi: f32,
    page_index: usize,
    min_h_pt: f32,
    min_v_pt: f32,
    max_thickness_pt: f32,
) -> Vec<Rule> {
    let px = |pt: f32| (pt * dpi / 72.0).round().max(1.0) as usize;
    let to_pt = |p: usize| p as f32 * 72.0 / dpi;
    let gap = px(0.6).max(2);
    let (w, h) = (bits.width, bits.height);
    let mut found = Vec::new();
    let mut buf = Vec::new();
    for y in 0..h {
        buf.clear();
        let row = &bits.ink[y * w..(y + 1) * w];
        runs(|x| row[x], w, gap, px(min_h_pt), &mut buf);
        found.extend(buf.iter().map(|&(a, b)| (y, a, b)));
    }
    let mut rules = Vec::new();
    for s in merge(found) {
        if s.pos1 - s.pos0 <= px(max_thickness_pt) {
            let y = to_pt(s.pos0 + s.pos1) / 2.0;
            rules.push(Rule {
                page_index,
                bbox: BBox::new(to_pt(s.lo), y, to_pt(s.hi), y),
            });
        }
    }
    let mut found = Vec::new();
    for x in 0..w {
        buf.clear();
        runs(|y| bits.ink[y * w + x], h, gap, px(min_v_pt), &mut buf);
        found.extend(buf.iter().map(|&(a, b)| (x, a, b)));
    }
    for s in merge(found) {
        if s.pos1 - s.pos0 <= px(max_thickness_pt) {
            let x = to_pt(s.pos0 + s.pos1) / 2.0;
            rules.push(Rule {
                page_index,
                bbox: BBox::new(x, to_pt(s.lo), x, to_pt(s.hi)),
            });
        }
    }
    keep_connected(rules, 3.0)
}

/// Keeps the rules that belong to a table: a vertical rule must meet two
/// horizontal ones (strokes of large or bold text meet none); a horizontal
/// rule must meet two vertical ones, or be long (a rule of a table drawn
/// with horizontal lines only).
fn keep_connected(rules: Vec<Rule>, tol: f32) -> Vec<Rule> {
    let is_h = |r: &Rule| r.bbox.height() < r.bbox.width();
    let meets = |a: &Rule, b: &Rule| {
        let (h, v) = if is_h(a) { (a, b) } else { (b, a) };
        v.bbox.x0 >= h.bbox.x0 - tol
            && v.bbox.x0 <= h.bbox.x1 + tol
            && h.bbox.top >= v.bbox.top - tol
            && h.bbox.top <= v.bbox.bottom + tol
    };
    let (h, v): (Vec<Rule>, Vec<Rule>) = rules.into_iter().partition(is_h);
    let v: Vec<Rule> = v
        .into_iter()
        .filter(|r| h.iter().filter(|x| meets(r, x)).take(2).count() == 2)
        .collect();
    let h: Vec<Rule> = h
        .into_iter()
        .filter(|r| {
            r.bbox.width() >= 100.0 || v.iter().filter(|x| meets(r, x)).take(2).count() == 2
        })
        .collect();
    h.into_iter().chain(v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_gives_four_rules() {
        let (w, h) = (300, 200);
        let mut ink = vec![false; w * h];
        for x in 20..280 {
            ink[30 * w + x] = true;
            ink[31 * w + x] = true;
            ink[170 * w + x] = true;
        }
        for y in 30..171 {
            ink[y * w + 20] = true;
            ink[y * w + 279] = true;
        }
        // A short stroke (text) is not a rule.
        for x in 100..110 {
            ink[100 * w + x] = true;
        }
        let bits = Bits {
            width: w,
            height: h,
            ink,
        };
        let rules = find_rules(&bits, 72.0, 0, 20.0, 15.0, 6.0);
        let horiz = rules.iter().filter(|r| r.bbox.height() == 0.0).count();
        assert_eq!(horiz, 2);
        assert_eq!(rules.len(), 4);
    }
}
