//! A picture of the page region that holds a table, redrawn as inline SVG
//! from the glyphs and ruling lines xxgk read (as `xxgk debug` does), with
//! the cells of failing checks outlined, so the evidence can be shown as
//! printed. No image of the page is embedded: the picture is text, small,
//! and shows exactly what xxgk read.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use super::form::Mark;
use super::html::esc;
use crate::geom::BBox;
use crate::ingest::Document;
use crate::layout::Glyph;
use crate::record::Record;

/// Space kept above the table's first value row (its header), in points.
const ABOVE: f32 = 64.0;
/// Space kept below and beside the table, in points.
const AROUND: f32 = 8.0;

fn union(a: BBox, b: BBox) -> BBox {
    BBox::new(
        a.x0.min(b.x0),
        a.top.min(b.top),
        a.x1.max(b.x1),
        a.bottom.max(b.bottom),
    )
}

fn f1(v: f32) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(String::from).unwrap_or(s)
}

/// One picture per page the table's cells stand on: `(page_index, SVG)`.
/// Empty when the record is not of a PDF or its cells have no boxes.
pub fn table_pictures(
    r: &Record,
    doc: &Document,
    table: &str,
    marks: &HashMap<String, Mark>,
) -> Vec<(usize, String)> {
    let mut by_page: BTreeMap<usize, BBox> = BTreeMap::new();
    for c in r.cells.iter().filter(|c| c.table == table) {
        if let (Some(p), Some(b)) = (c.page_index, c.bbox) {
            by_page
                .entry(p)
                .and_modify(|u| *u = union(*u, b))
                .or_insert(b);
        }
    }
    let mut out = Vec::new();
    for (page_index, cells) in by_page {
        let Some(page) = doc.pages.iter().find(|p| p.page_index == page_index) else {
            continue;
        };
        let top = (cells.top - ABOVE).max(0.0);
        let bottom = (cells.bottom + AROUND).min(page.height_pt.max(cells.bottom));
        let in_band = |b: &BBox| b.bottom >= top && b.top <= bottom;
        let mut left = cells.x0;
        let mut right = cells.x1;
        for b in page
            .glyphs
            .iter()
            .map(|g| g.bbox)
            .chain(page.rules.iter().map(|r| r.bbox))
            .filter(in_band)
        {
            left = left.min(b.x0);
            right = right.max(b.x1);
        }
        let region = BBox::new(
            (left - AROUND).max(0.0),
            top,
            (right + AROUND).min(page.width_pt.max(right)),
            bottom,
        );
        out.push((page_index, svg(r, page, region, table, marks)));
    }
    out
}

fn svg(
    r: &Record,
    page: &crate::layout::Page,
    region: BBox,
    table: &str,
    marks: &HashMap<String, Mark>,
) -> String {
    let (w, h) = (region.width().max(1.0), region.height().max(1.0));
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg viewBox=\"{} {} {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"第 {} 页局部 page {} region\">",
        f1(region.x0),
        f1(region.top),
        f1(w),
        f1(h),
        f1(w * 1.3),
        f1(h * 1.3),
        page.page_index + 1,
        page.page_index + 1
    );
    let _ = write!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\"/>",
        f1(region.x0),
        f1(region.top),
        f1(w),
        f1(h)
    );
    let inside = |b: &BBox| {
        b.x1 >= region.x0 && b.x0 <= region.x1 && b.bottom >= region.top && b.top <= region.bottom
    };
    s.push_str("<g class=\"r\">");
    for rule in page.rules.iter().filter(|x| inside(&x.bbox)) {
        let b = rule.bbox;
        let x0 = b.x0.max(region.x0);
        let y0 = b.top.max(region.top);
        let x1 = b.x1.min(region.x1);
        let y1 = b.bottom.min(region.bottom);
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            f1(x0),
            f1(y0),
            f1((x1 - x0).max(0.4)),
            f1((y1 - y0).max(0.4))
        );
    }
    s.push_str("</g>");
    s.push_str(
        "<g class=\"g\" font-family=\"Noto Serif CJK SC, Noto Sans CJK SC, SimSun, serif\">",
    );
    let mut glyphs: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| {
            let (cx, cy) = (g.bbox.center_x(), (g.bbox.top + g.bbox.bottom) / 2.0);
            cx >= region.x0 && cx <= region.x1 && cy >= region.top && cy <= region.bottom
        })
        .collect();
    glyphs.sort_by(|a, b| {
        (a.bbox.bottom * 2.0)
            .round()
            .total_cmp(&(b.bbox.bottom * 2.0).round())
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut i = 0;
    while i < glyphs.len() {
        let g = glyphs[i];
        let size = (g.bbox.height() * 0.9).clamp(1.0, 72.0);
        let y = g.bbox.bottom - g.bbox.height() * 0.12;
        let mut xs = vec![f1(g.bbox.x0)];
        let mut text = esc(&g.text);
        let mut j = i + 1;
        if g.text.chars().count() == 1 && !g.vertical {
            while j < glyphs.len() {
                let n = glyphs[j];
                if n.vertical
                    || n.text.chars().count() != 1
                    || (n.bbox.bottom - g.bbox.bottom).abs() > 0.3
                    || (n.bbox.height() - g.bbox.height()).abs() > 0.3
                {
                    break;
                }
                xs.push(f1(n.bbox.x0));
                text.push_str(&esc(&n.text));
                j += 1;
            }
        }
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\">{text}</text>",
            xs.join(" "),
            f1(y),
            f1(size)
        );
        i = j;
    }
    s.push_str("</g>");
    for c in r
        .cells
        .iter()
        .filter(|c| c.table == table && c.page_index == Some(page.page_index) && c.bbox.is_some())
    {
        let key = format!("{}.{}.{}", c.table, c.row, c.column);
        let Some(m) = marks.get(&key).filter(|m| m.fail) else {
            continue;
        };
        let b = c.bbox.unwrap_or_default();
        let first = m.checks.first().copied().unwrap_or(0);
        let _ = write!(
            s,
            "<a href=\"#chk-{first}\"><rect class=\"fail{}\" data-cell=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect></a>",
            if m.total { " total" } else { "" },
            esc(&key),
            f1(b.x0),
            f1(b.top),
            f1(b.width().max(1.0)),
            f1(b.height().max(1.0)),
            esc(&key)
        );
    }
    s.push_str("</svg>");
    s
}
