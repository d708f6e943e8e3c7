//! Visual debugging: one PDF page as SVG, with what xxgk detected drawn over
//! it. Glyph boxes are grey, ruling lines red, the cells of each line blue
//! (labelled `line:cell`), lines marked as page furniture orange. SVG is text,
//! so two versions of a page can be diffed.

use std::fmt::Write;

use crate::ingest::Document;

/// Renders page `page_index` (0-based) of a PDF document as SVG. Returns
/// `None` when the document has no such page (or is not a PDF).
///
/// ```
/// use xxgk::geom::BBox;
/// use xxgk::ingest::Document;
/// use xxgk::layout::{Cell, Glyph, Line, Page};
/// use xxgk::record::SourceFormat;
/// let glyph = Glyph { page_index: 0, text: "规".into(), bbox: BBox::new(10.0, 10.0, 20.0, 20.0), size_pt: 10.0, vertical: false };
/// let page = Page { page_index: 0, width_pt: 100.0, height_pt: 50.0, glyphs: vec![glyph], rules: vec![] };
/// let cell = Cell { text: "规".into(), bbox: BBox::new(10.0, 10.0, 20.0, 20.0), page_index: 0 };
/// let doc = Document {
///     format: SourceFormat::Pdf, pages: vec![page], page_count: Some(1),
///     lines: vec![Line { page_index: 0, cells: vec![cell], furniture: false }], tables: vec![],
///     positioned: true,
/// };
/// let svg = xxgk::debug::page_svg(&doc, 0).unwrap();
/// assert!(svg.starts_with("<svg") && svg.contains(">规</text>"));
/// assert!(xxgk::debug::page_svg(&doc, 1).is_none());
/// ```
pub fn page_svg(doc: &Document, page_index: usize) -> Option<String> {
    let page = doc.pages.iter().find(|p| p.page_index == page_index)?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif">"#,
        w = page.width_pt,
        h = page.height_pt
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<g id="glyphs" fill="none" stroke="silver" stroke-width="0.3">"#
    );
    for g in &page.glyphs {
        let b = g.bbox;
        let _ = writeln!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/><text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="dimgray" stroke="none">{}</text>"#,
            b.x0,
            b.top,
            b.width().max(0.1),
            b.height().max(0.1),
            b.x0,
            b.bottom - b.height() * 0.15,
            (b.height() * 0.8).max(1.0),
            escape(&g.text)
        );
    }
    let _ = writeln!(s, "</g>");
    let _ = writeln!(
        s,
        r#"<g id="rules" stroke="red" stroke-width="0.6" fill="none">"#
    );
    for r in &page.rules {
        let b = r.bbox;
        let _ = writeln!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/>"#,
            b.x0,
            b.top,
            b.width().max(0.3),
            b.height().max(0.3)
        );
    }
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, r#"<g id="cells" fill="none" stroke-width="0.5">"#);
    for (li, line) in doc
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.page_index == page_index)
    {
        let colour = if line.furniture { "orange" } else { "blue" };
        for (ci, c) in line.cells.iter().enumerate() {
            let b = c.bbox;
            let _ = writeln!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" stroke="{colour}"><title>{}</title></rect><text x="{:.1}" y="{:.1}" font-size="3" fill="{colour}">{li}:{ci}</text>"#,
                b.x0,
                b.top,
                b.width().max(0.5),
                b.height().max(0.5),
                escape(&c.text),
                b.x0,
                b.top - 0.5
            );
        }
    }
    let _ = writeln!(s, "</g>\n</svg>");
    Some(s)
}

fn escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Describes every table of a document as text: its origin, page and
/// grid size, then one line per grid row with each cell's text (`·` for a
/// position covered by a span from above or the left, `∅` for an empty
/// cell). What `xxgk tables FILE` prints.
///
/// ```
/// let doc = xxgk::ingest::html::read_html(
///     "<table><tr><td colspan=2>行政复议</td></tr><tr><td>结果维持</td><td></td></tr></table>");
/// let text = xxgk::debug::tables_text(&doc);
/// assert!(text.contains("table 1: html, 2 rows x 2 columns"));
/// assert!(text.contains("行政复议 | ·"));
/// assert!(text.contains("结果维持 | ∅"));
/// ```
pub fn tables_text(doc: &Document) -> String {
    let mut s = String::new();
    for (i, t) in doc.tables.iter().enumerate() {
        let origin = serde_json::to_value(t.origin)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let page = t
            .page_index()
            .map(|p| format!(", page {}", p + 1))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "table {}: {origin}{page}, {} rows x {} columns, lines {}..{}",
            i + 1,
            t.n_rows,
            t.n_cols,
            t.first_line + 1,
            t.end_line
        );
        for r in 0..t.n_rows {
            let row: Vec<String> = (0..t.n_cols)
                .map(|c| match t.index_at(r, c) {
                    None => "-".to_string(),
                    Some(k) => {
                        let cell = &t.cells[k];
                        if cell.row != r || cell.col != c {
                            "·".to_string()
                        } else if cell.text.trim().is_empty() {
                            "∅".to_string()
                        } else {
                            cell.text.clone()
                        }
                    }
                })
                .collect();
            let _ = writeln!(s, "  {:>3}: {}", r + 1, row.join(" | "));
        }
    }
    s
}
