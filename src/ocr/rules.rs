//! Ruling lines found in a page image, as the same [`Rule`]s (in points)
//! that a born-digital PDF's strokes give, so [`Grid`](crate::layout::grid::Grid)
//! builds the table model from them.
//!
//! A horizontal rule is a run of ink at least `min_rule_pt` long (gaps of a
//! pixel or two allowed, for noise and JPEG), continued on the rows below
//! while it overlaps; a vertical rule is the same on columns. Text strokes
//! are shorter than one em, so they are not taken.

use std::ops::Range;

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
/// at least `min_len` long and at least `fill_pct` % ink.
fn runs(
    mut ink: impl FnMut(usize) -> bool,
    len: usize,
    gap: usize,
    min_len: usize,
    fill_pct: usize,
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
        if end - start >= min_len && count * 100 >= (end - start) * fill_pct {
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

/// Which way a rule runs.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dir {
    Horizontal,
    Vertical,
}

/// How runs are looked for on one pass.
struct Scan {
    dir: Dir,
    /// Pixel lines read together (odd): a pixel is ink when any of the
    /// `band` lines centred on it has ink there.
    band: usize,
    /// Longest gap bridged, in pixels.
    gap: usize,
    /// Shortest run, in pixels.
    min_len: usize,
    /// Least share of ink in a run, in percent.
    fill_pct: usize,
    /// Keep only runs whose pixel lines one pixel clear of the band, on
    /// either side, are nearly blank along the run (at most 12 % ink), as
    /// beside a rule; beside a pixel line through text they are not.
    isolated: bool,
}

/// The merged segments of one pass over the image.
fn scan(bits: &Bits, s: &Scan) -> Vec<Seg> {
    let (w, h) = (bits.width, bits.height);
    let (lines, along) = match s.dir {
        Dir::Horizontal => (h, w),
        Dir::Vertical => (w, h),
    };
    let half = s.band / 2;
    let mut found = Vec::new();
    let mut buf = Vec::new();
    for pos in 0..lines {
        buf.clear();
        let (a, b) = (pos.saturating_sub(half), (pos + half + 1).min(lines));
        let ink = |i: usize| {
            (a..b).any(|p| match s.dir {
                Dir::Horizontal => bits.ink[p * w + i],
                Dir::Vertical => bits.ink[i * w + p],
            })
        };
        runs(ink, along, s.gap, s.min_len, s.fill_pct, &mut buf);
        let blank_beside = |lo: usize, hi: usize| {
            let share = |line: Option<usize>| {
                let Some(line) = line.filter(|&l| l < lines) else {
                    return 0;
                };
                let ink = (lo..hi)
                    .filter(|&i| match s.dir {
                        Dir::Horizontal => bits.ink[line * w + i],
                        Dir::Vertical => bits.ink[i * w + line],
                    })
                    .count();
                ink * 100 / (hi - lo).max(1)
            };
            share(pos.checked_sub(half + 2)) <= 12 && share(Some(pos + half + 2)) <= 12
        };
        found.extend(
            buf.iter()
                .filter(|&&(lo, hi)| !s.isolated || blank_beside(lo, hi))
                .map(|&(lo, hi)| (pos, lo, hi)),
        );
    }
    merge(found)
}

/// Finds the ruling lines of a (deskewed) page image whose pixels are
/// `72 / dpi` points. Rules shorter than `min_rule_pt` or thicker than
/// `max_thickness_pt` are left out.
///
/// Solid runs are rules. Faint rules, which a threshold leaves broken into
/// dashes and a pixel stepped (thin light-grey borders in a bilevel scan),
/// are looked for a second time, several pixel lines at once with wider
/// gaps; such a run counts only when it runs from one rule of the other
/// direction to another and crosses one on its way, as a table's border
/// does and a line of text inside a cell cannot.
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
    let to_rule = |s: &Seg, dir: Dir| {
        let at = to_pt(s.pos0 + s.pos1) / 2.0;
        let bbox = match dir {
            Dir::Horizontal => BBox::new(to_pt(s.lo), at, to_pt(s.hi), at),
            Dir::Vertical => BBox::new(at, to_pt(s.lo), at, to_pt(s.hi)),
        };
        Rule { page_index, bbox }
    };
    let pass = |dir: Dir, faint: bool| -> Vec<Rule> {
        let min_len = px(match dir {
            Dir::Horizontal => min_h_pt,
            Dir::Vertical => min_v_pt,
        });
        let s = if faint {
            Scan {
                dir,
                band: 3,
                gap: px(12.0).max(3),
                min_len,
                fill_pct: 35,
                isolated: true,
            }
        } else {
            Scan {
                dir,
                band: 1,
                gap: px(0.6).max(2),
                min_len,
                fill_pct: 90,
                isolated: false,
            }
        };
        let thick = px(max_thickness_pt) + s.band - 1;
        scan(bits, &s)
            .iter()
            .filter(|seg| seg.pos1 - seg.pos0 <= thick)
            .map(|seg| to_rule(seg, dir))
            .collect()
    };
    let mut h = pass(Dir::Horizontal, false);
    let mut v = pass(Dir::Vertical, false);
    // Faint runs of one direction may stand on faint runs of the other (a
    // table whose borders all came out faint): both are blank beside.
    let (cand_h, cand_v) = (pass(Dir::Horizontal, true), pass(Dir::Vertical, true));
    let crossing_v: Vec<Rule> = v.iter().chain(&cand_v).cloned().collect();
    let faint_h = anchored(bits, dpi, Dir::Horizontal, cand_h.clone(), &h, &crossing_v);
    h.extend(faint_h);
    let crossing_h: Vec<Rule> = h.iter().chain(&cand_h).cloned().collect();
    let faint_v = anchored(bits, dpi, Dir::Vertical, cand_v, &v, &crossing_h);
    v.extend(faint_v);
    keep_connected(h.into_iter().chain(v).collect(), 3.0)
}

/// Percent of ink along `lo..hi` (pixels) on the pixel lines `lines` of
/// direction `dir` read together (ink where any of them has ink).
fn share(bits: &Bits, dir: Dir, lines: Range<isize>, lo: usize, hi: usize) -> usize {
    let (w, h) = (bits.width, bits.height);
    let max_line = match dir {
        Dir::Horizontal => h,
        Dir::Vertical => w,
    } as isize;
    let lines: Vec<usize> = lines
        .filter(|&l| l >= 0 && l < max_line)
        .map(|l| l as usize)
        .collect();
    let along = match dir {
        Dir::Horizontal => w,
        Dir::Vertical => h,
    };
    let (lo, hi) = (lo.min(along), hi.min(along));
    if hi <= lo {
        return 0;
    }
    let ink = (lo..hi)
        .filter(|&i| {
            lines.iter().any(|&l| match dir {
                Dir::Horizontal => bits.ink[l * w + i],
                Dir::Vertical => bits.ink[i * w + l],
            })
        })
        .count();
    ink * 100 / (hi - lo)
}

/// The faint candidates that are new (not along a rule already found), cut
/// at the crossing rules they meet: each stretch between two neighbouring
/// crossing rules is kept when it holds enough ink on the candidate's line
/// and the pixel lines beside it are nearly blank. Runs of at least two
/// kept stretches (a rule that crosses one on its way, which a line of text
/// inside a cell cannot) become rules, from crossing rule to crossing rule.
fn anchored(
    bits: &Bits,
    dpi: f32,
    dir: Dir,
    candidates: Vec<Rule>,
    same: &[Rule],
    crossing: &[Rule],
) -> Vec<Rule> {
    const NEAR: f32 = 2.0;
    const END: f32 = 6.0;
    let px = |pt: f32| pt * dpi / 72.0;
    // (position across, start, end along) of a rule, whichever way it runs.
    let axes = |r: &Rule| {
        if r.bbox.width() >= r.bbox.height() {
            (r.bbox.top, r.bbox.x0, r.bbox.x1)
        } else {
            (r.bbox.x0, r.bbox.top, r.bbox.bottom)
        }
    };
    let mut out = Vec::new();
    for r in candidates {
        let (at, lo, hi) = axes(&r);
        let known = same.iter().any(|o| {
            let (o_at, o_lo, o_hi) = axes(o);
            (o_at - at).abs() <= NEAR && o_hi.min(hi) - o_lo.max(lo) >= (hi - lo) / 2.0
        });
        if known {
            continue;
        }
        // Crossing rules that span this one's line and lie within reach of
        // its ends (a run may end short of its rule by a missing dash), by
        // their position along it.
        let mut stops: Vec<f32> = crossing
            .iter()
            .map(axes)
            .filter(|&(_, c_lo, c_hi)| c_lo - NEAR <= at && at <= c_hi + NEAR)
            .map(|(c_at, _, _)| c_at)
            .filter(|&c| c >= lo - END && c <= hi + END)
            .collect();
        stops.sort_by(f32::total_cmp);
        stops.dedup_by(|a, b| (*a - *b).abs() <= NEAR);
        let line = px(at).round() as isize;
        let margin = px(1.5) + 1.0;
        let good = |a: f32, b: f32| {
            let (pa, pb) = (
                (px(a) + margin) as usize,
                (px(b) - margin).max(0.0) as usize,
            );
            // A rule runs up to the rules it meets: ink near one end of the
            // stretch at least (a column of digits stacked in cells, whose
            // strokes line up, leaves the cells' padding blank at both).
            let end = ((pb.saturating_sub(pa)) / 5).max(px(3.0) as usize);
            pb <= pa
                || share(bits, dir, line - 2..line + 3, pa, pb) >= 25
                    && share(bits, dir, line - 4..line - 3, pa, pb) <= 12
                    && share(bits, dir, line + 4..line + 5, pa, pb) <= 12
                    && (share(bits, dir, line - 2..line + 3, pa, pa + end) > 0
                        || share(bits, dir, line - 2..line + 3, pb.saturating_sub(end), pb) > 0)
        };
        let mut k = 0;
        while k + 1 < stops.len() {
            let first = k;
            while k + 1 < stops.len() && good(stops[k], stops[k + 1]) {
                k += 1;
            }
            if k >= first + 2 {
                let (start, end) = (stops[first], stops[k]);
                let bbox = match dir {
                    Dir::Horizontal => BBox::new(start, at, end, at),
                    Dir::Vertical => BBox::new(at, start, at, end),
                };
                out.push(Rule {
                    page_index: r.page_index,
                    bbox,
                });
            }
            k = k.max(first + 1);
        }
    }
    out
}

/// Keeps the rules that belong to a table: a rule must meet two rules of
/// the other direction (strokes of large or bold text meet none), or be
/// long (a table drawn with horizontal lines only, or one whose horizontal
/// lines the scan lost).
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
        .filter(|r| {
            r.bbox.height() >= 100.0 || h.iter().filter(|x| meets(r, x)).take(2).count() == 2
        })
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

    /// A box of three columns with one rule between its rows left dashed,
    /// one pixel wide and stepped by the scan, and a block of text-like
    /// strokes in a cell.
    fn faint_table() -> Bits {
        let (w, h) = (400, 300);
        let mut ink = vec![false; w * h];
        for x in 20..380 {
            ink[20 * w + x] = true;
            ink[280 * w + x] = true;
        }
        for y in 20..281 {
            for x in [20, 150, 380] {
                ink[y * w + x] = true;
            }
        }
        // The faint rule: 7 pixels on, 4 off, one pixel lower every 120.
        for x in 21..380 {
            if x % 11 < 7 {
                ink[(150 + (x - 21) / 120) * w + x] = true;
            }
        }
        // Text: rows of short strokes with gaps, several lines tall.
        for y in (60..100).step_by(3) {
            for x in 30..140 {
                if (x / 4 + y) % 3 != 0 {
                    ink[y * w + x] = true;
                }
            }
        }
        Bits {
            width: w,
            height: h,
            ink,
        }
    }

    #[test]
    fn a_faint_dashed_rule_between_rules_is_found() {
        let rules = find_rules(&faint_table(), 72.0, 0, 25.0, 14.0, 4.0);
        let faint: Vec<&Rule> = rules
            .iter()
            .filter(|r| r.bbox.height() == 0.0 && (r.bbox.top - 151.0).abs() <= 2.0)
            .collect();
        assert_eq!(faint.len(), 1, "{rules:?}");
        // Put on the outer rules it runs between.
        assert!((faint[0].bbox.x0 - 20.5).abs() <= 1.0, "{:?}", faint[0]);
        assert!((faint[0].bbox.x1 - 380.5).abs() <= 1.0, "{:?}", faint[0]);
    }

    #[test]
    fn text_strokes_are_not_faint_rules() {
        let rules = find_rules(&faint_table(), 72.0, 0, 25.0, 14.0, 4.0);
        let in_text = rules
            .iter()
            .filter(|r| r.bbox.height() == 0.0 && r.bbox.top > 40.0 && r.bbox.top < 120.0)
            .count();
        assert_eq!(in_text, 0, "{rules:?}");
    }
}
