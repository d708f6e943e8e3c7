//! HTML ingest: block elements become lines of text, and every data table
//! (a `<table>` holding no other table) becomes a [`Table`] with its
//! rowspan/colspan structure, plus one line per row.
//!
//! Parsing is html5ever's (through `scraper`), so unclosed tags, implicit
//! `<tbody>` and stray markup are handled as browsers do. A table that holds
//! other tables is page layout, not data: its cells are read as text.

use scraper::{ElementRef, Html, Node};

use crate::geom::BBox;
use crate::ingest::Document;
use crate::layout::table::{Table, TableCell, TableOrigin};
use crate::layout::words::is_cjk;
use crate::layout::{Cell, Line};
use crate::record::SourceFormat;

/// Largest rowspan or colspan taken (HTML's own limit for colspan).
const MAX_SPAN: usize = 1000;

/// Elements whose content is not text of the page.
const SKIPPED: &[&str] = &["script", "style", "noscript", "template", "head"];

/// Elements that start and end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "center",
    "title",
    "caption",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "hr",
    "body",
    "html",
];

/// Reads an HTML page or fragment.
///
/// ```
/// let doc = xxgk::ingest::html::read_html(
///     "<p>一、总体情况</p><table><tr><td rowspan=2>行政复议</td><td>1</td></tr><tr><td>&nbsp;</td></tr></table>");
/// assert_eq!(doc.lines[0].text(), "一、总体情况");
/// assert_eq!(doc.lines[1].text(), "行政复议\t1");
/// let t = &doc.tables[0];
/// assert_eq!((t.n_rows, t.n_cols), (2, 2));
/// assert_eq!(t.at(1, 0).unwrap().text, "行政复议");
/// assert_eq!(t.at(1, 1).unwrap().text, "");
/// ```
pub fn read_html(html: &str) -> Document {
    let dom = Html::parse_document(html);
    let mut reader = Reader::default();
    reader.walk(dom.root_element());
    reader.flush_line();
    Document {
        format: SourceFormat::Html,
        pages: Vec::new(),
        page_count: None,
        lines: reader.lines,
        tables: reader.tables,
        positioned: false,
    }
}

#[derive(Default)]
struct Reader {
    lines: Vec<Line>,
    tables: Vec<Table>,
    text: String,
}

/// One data table being read: its rows of (element, text) cells.
struct RawCell {
    text: String,
    row_span: usize,
    col_span: usize,
}

impl Reader {
    fn flush_line(&mut self) {
        let t = tidy(&self.text);
        if !t.is_empty() {
            let line = Line {
                page_index: 0,
                cells: vec![Cell {
                    text: t.clone(),
                    bbox: BBox::new(0.0, 0.0, t.chars().count() as f32, 0.0),
                    page_index: 0,
                }],
                furniture: false,
            };
            self.lines.push(line);
        }
        self.text.clear();
    }

    /// Walks the tree without recursion (deeply nested markup cannot
    /// exhaust the stack).
    fn walk(&mut self, root: ElementRef) {
        let mut stack: Vec<(ego_tree::NodeRef<Node>, bool)> = vec![(*root, false)];
        while let Some((node, closing)) = stack.pop() {
            match node.value() {
                Node::Text(t) => push_text(&mut self.text, t),
                Node::Element(e) => {
                    let name = e.name();
                    if SKIPPED.contains(&name) {
                        continue;
                    }
                    if BLOCKS.contains(&name) {
                        self.flush_line();
                    }
                    if closing {
                        continue;
                    }
                    if name == "table" {
                        if let Some(el) = ElementRef::wrap(node) {
                            if !el.descendants().skip(1).any(|d| is_element(d, "table")) {
                                self.read_table(el);
                                continue;
                            }
                        }
                    }
                    stack.push((node, true));
                    let children: Vec<_> = node.children().collect();
                    for c in children.into_iter().rev() {
                        stack.push((c, false));
                    }
                }
                _ => {
                    if !closing {
                        let children: Vec<_> = node.children().collect();
                        for c in children.into_iter().rev() {
                            stack.push((c, false));
                        }
                    }
                }
            }
        }
    }

    /// A data table: rows in document order (thead, tbody, tfoot as
    /// written), cells placed by the HTML table algorithm.
    fn read_table(&mut self, table: ElementRef) {
        let mut rows: Vec<Vec<RawCell>> = Vec::new();
        for node in table.descendants() {
            if let Some(el) = ElementRef::wrap(node) {
                match el.value().name() {
                    "caption" => {
                        push_text(&mut self.text, &cell_text(el));
                        self.flush_line();
                    }
                    "tr" => rows.push(Vec::new()),
                    "td" | "th" => {
                        if rows.is_empty() {
                            rows.push(Vec::new());
                        }
                        let span = |a: &str| {
                            el.value()
                                .attr(a)
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(1)
                                .clamp(1, MAX_SPAN)
                        };
                        let cell = RawCell {
                            text: cell_text(el),
                            row_span: span("rowspan"),
                            col_span: span("colspan"),
                        };
                        if let Some(r) = rows.last_mut() {
                            r.push(cell);
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut cells = Vec::new();
        // Positions taken by rowspans from rows above: taken[col] = rows left.
        let mut taken: Vec<usize> = Vec::new();
        for (r, row) in rows.into_iter().enumerate() {
            let line_index = self.lines.len();
            let mut col = 0usize;
            let mut line_cells = Vec::new();
            for raw in row {
                while col < taken.len() && taken[col] > 0 {
                    col += 1;
                }
                let end = col + raw.col_span;
                if taken.len() < end {
                    taken.resize(end, 0);
                }
                for t in &mut taken[col..end] {
                    *t = raw.row_span;
                }
                line_cells.push(Cell {
                    text: raw.text.clone(),
                    bbox: BBox::new(col as f32, 0.0, end as f32, 0.0),
                    page_index: 0,
                });
                cells.push(TableCell {
                    row: r,
                    col,
                    row_span: raw.row_span,
                    col_span: raw.col_span,
                    text: raw.text,
                    page_index: None,
                    bbox: None,
                    line_index: Some(line_index),
                    uncertain: None,
                });
                col = end;
            }
            for t in &mut taken {
                *t = t.saturating_sub(1);
            }
            self.lines.push(Line {
                page_index: 0,
                cells: line_cells,
                furniture: false,
            });
        }
        if !cells.is_empty() {
            self.tables.push(Table::new(TableOrigin::Html, cells));
        }
    }
}

fn is_element(node: ego_tree::NodeRef<Node>, name: &str) -> bool {
    matches!(node.value(), Node::Element(e) if e.name() == name)
}

/// A cell's text: its text nodes in order, whitespace collapsed, pieces
/// from separate blocks joined without a space between CJK characters.
fn cell_text(el: ElementRef) -> String {
    let mut out = String::new();
    for node in el.descendants() {
        match node.value() {
            Node::Text(t) => push_text(&mut out, t),
            Node::Element(e) if BLOCKS.contains(&e.name()) && !out.ends_with(' ') => {
                out.push(' ');
            }
            _ => {}
        }
    }
    tidy(&out)
}

/// Appends text with runs of whitespace (and no-break spaces) as one space.
fn push_text(out: &mut String, raw: &str) {
    for c in raw.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}' {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Trims, and drops a space that stands next to a CJK character (the
/// line breaks of the HTML source are not spaces of the text).
fn tidy(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = chars.get(i.wrapping_sub(1)).copied().unwrap_or(' ');
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            if is_cjk(prev) || is_cjk(next) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Deepest nesting of block elements taken. Each block start tag makes the
/// HTML parser look through the open elements, so a page nested
/// hundreds of thousands deep would take hours; real pages nest some tens.
pub const MAX_BLOCK_DEPTH: usize = 2000;

/// Block elements whose start tag closes an open `<p>`: the parser's cost
/// grows with how deep these nest.
const DEPTH_COUNTED: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
];

/// How deep block elements nest, from a scan of the tags (an upper bound:
/// unclosed tags count as open).
///
/// ```
/// use xxgk::ingest::html::block_depth;
/// assert_eq!(block_depth("<div><div></div><section>x</section></div>"), 2);
/// assert_eq!(block_depth(&"<div>".repeat(5000)), 5000);
/// ```
pub fn block_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |n| start + n);
        if end == start || end - start > 10 {
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        if DEPTH_COUNTED.contains(&name.as_str()) {
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                max = max.max(depth);
            }
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::read_html;

    #[test]
    fn spans_are_placed_by_the_table_algorithm() {
        let doc = read_html(
            "<table>
              <tr><td rowspan=2 colspan=2>corner</td><td colspan=2>申请人情况</td></tr>
              <tr><td>自然人</td><td>总计</td></tr>
              <tr><td rowspan=2>三、本年度办理结果</td><td>（一）予以公开</td><td>3</td><td></td></tr>
              <tr><td>（二）部分公开</td><td>1</td><td>1</td></tr>
            </table>",
        );
        let t = &doc.tables[0];
        assert_eq!((t.n_rows, t.n_cols), (4, 4));
        assert_eq!(t.at(1, 2).unwrap().text, "自然人");
        assert_eq!(t.at(3, 0).unwrap().text, "三、本年度办理结果");
        assert_eq!(t.at(3, 1).unwrap().text, "（二）部分公开");
        assert_eq!(t.at(2, 3).unwrap().text, "");
        assert_eq!(t.at(3, 3).unwrap().text, "1");
    }

    #[test]
    fn layout_tables_are_read_as_text() {
        let doc = read_html(
            "<table><tr><td><p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>",
        );
        assert_eq!(doc.tables.len(), 1);
        assert_eq!(doc.lines[0].text(), "一、总体情况");
        assert_eq!(doc.lines[1].text(), "规章\t0");
    }

    #[test]
    fn scripts_and_entities() {
        let doc = read_html("<script>var a='<p>x</p>';</script><p>行政&nbsp;复议&amp;诉讼</p>");
        assert_eq!(doc.lines.len(), 1);
        assert_eq!(doc.lines[0].text(), "行政复议&诉讼");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<span>".repeat(100_000) + "规章" + &"</span>".repeat(100_000);
        let doc = read_html(&html);
        assert!(doc.lines.iter().any(|l| l.text().contains("规章")));
    }
}
