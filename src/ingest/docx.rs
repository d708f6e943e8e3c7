//! DOCX ingest: the body of `word/document.xml`. Paragraphs become lines;
//! every `w:tbl` becomes a [`Table`] with its merged cells (`w:gridSpan`,
//! `w:vMerge`, `w:gridBefore`) and one line per row. Headers, footers,
//! footnotes and comments live in other parts of the package and are not
//! read; deleted text (`w:delText`) is skipped, inserted text kept.
//!
//! The package is read with `zip`, the XML with `quick-xml`; the size of
//! the decompressed document is capped (a zip bomb is refused).

use std::io::Read;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{Error, ErrorKind, Result};
use crate::geom::BBox;
use crate::ingest::Document;
use crate::layout::table::{Table, TableCell, TableOrigin};
use crate::layout::words::is_cjk;
use crate::layout::{Cell, Line};
use crate::record::SourceFormat;

/// Largest decompressed `word/document.xml`, in bytes. A report's is some
/// hundreds of kilobytes.
pub const MAX_DOCUMENT_XML_BYTES: u64 = 64 << 20;

/// Most table cells read from one document.
pub const MAX_CELLS: usize = 100_000;

fn unsupported(detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::UnsupportedFormat {
        detail: detail.into(),
    })
}

/// Reads a DOCX package.
///
/// Errors: [`ErrorKind::UnsupportedFormat`] when the bytes are not a zip
/// holding `word/document.xml` or the XML is broken, and
/// [`ErrorKind::LimitExceeded`] past [`MAX_DOCUMENT_XML_BYTES`].
pub fn read_docx(bytes: &[u8]) -> Result<Document> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| unsupported(format!("damaged .docx (zip): {e}")))?;
    let mut entry = zip
        .by_name("word/document.xml")
        .map_err(|_| unsupported("a zip file without word/document.xml (not a .docx)"))?;
    let mut xml = Vec::new();
    (&mut entry)
        .take(MAX_DOCUMENT_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| unsupported(format!("damaged .docx (word/document.xml): {e}")))?;
    if xml.len() as u64 > MAX_DOCUMENT_XML_BYTES {
        return Err(Error::new(ErrorKind::LimitExceeded {
            detail: format!(
                "word/document.xml decompresses to more than {MAX_DOCUMENT_XML_BYTES} bytes"
            ),
        }));
    }
    read_document_xml(&xml)
}

/// The merge state of a cell (`w:vMerge`).
#[derive(Clone, Copy, PartialEq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

struct RawCell {
    col: usize,
    col_span: usize,
    vmerge: VMerge,
    text: String,
}

#[derive(Default)]
struct TableBuild {
    rows: Vec<Vec<RawCell>>,
    /// Grid columns skipped at the start of the current row.
    grid_before: usize,
    next_col: usize,
}

/// Reads the XML of `word/document.xml`.
///
/// ```
/// let xml = r#"<w:document xmlns:w="w"><w:body>
///   <w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>
///   <w:tbl>
///     <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>行政复议</w:t></w:r></w:p></w:tc></w:tr>
///     <w:tr><w:tc><w:p><w:r><w:t>结果维持</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
///   </w:tbl></w:body></w:document>"#;
/// let doc = xxgk::ingest::docx::read_document_xml(xml.as_bytes()).unwrap();
/// assert_eq!(doc.lines[0].text(), "一、总体情况");
/// let t = &doc.tables[0];
/// assert_eq!((t.n_rows, t.n_cols), (2, 2));
/// assert_eq!(t.at(0, 1).unwrap().text, "行政复议");
/// assert_eq!(t.at(1, 1).unwrap().text, "");
/// ```
pub fn read_document_xml(xml: &[u8]) -> Result<Document> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    // Open tables, outermost first; text inside a nested table goes to the
    // cell of the outermost one.
    let mut stack: Vec<TableBuild> = Vec::new();
    let mut para = String::new();
    let mut cell: Option<RawCell> = None;
    let mut in_text = false;
    let mut skip_depth = 0usize; // inside w:del / mc:Fallback
    let mut cells_read = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| unsupported(format!("damaged .docx (XML): {e}")))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = local(&e);
                if skip_depth > 0 || matches!(name.as_str(), "del" | "Fallback" | "instrText") {
                    skip_depth += 1;
                    continue;
                }
                match name.as_str() {
                    "t" => in_text = true,
                    "tbl" => stack.push(TableBuild::default()),
                    "tr" if stack.len() == 1 => {
                        let t = stack.last_mut().expect("one table");
                        t.rows.push(Vec::new());
                        t.grid_before = 0;
                        t.next_col = 0;
                    }
                    "tc" if stack.len() == 1 => {
                        let t = stack.last_mut().expect("one table");
                        if t.next_col == 0 {
                            t.next_col = t.grid_before;
                        }
                        cell = Some(RawCell {
                            col: t.next_col,
                            col_span: 1,
                            vmerge: VMerge::None,
                            text: String::new(),
                        });
                    }
                    "vMerge" if stack.len() == 1 => set_vmerge(&e, &mut cell),
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip_depth > 0 {
                    continue;
                }
                let name = local(&e);
                match name.as_str() {
                    "tab" => text_target(&mut cell, &mut para).push(' '),
                    "br" | "cr" => {
                        if cell.is_some() {
                            text_target(&mut cell, &mut para).push(' ');
                        } else {
                            push_line(&mut lines, &para);
                            para.clear();
                        }
                    }
                    "gridSpan" if stack.len() == 1 => {
                        if let (Some(c), Some(n)) = (cell.as_mut(), val(&e)) {
                            c.col_span = n.clamp(1, 1000);
                        }
                    }
                    "gridBefore" if stack.len() == 1 => {
                        if let (Some(t), Some(n)) = (stack.last_mut(), val(&e)) {
                            t.grid_before = n.min(1000);
                        }
                    }
                    "vMerge" if stack.len() == 1 => set_vmerge(&e, &mut cell),
                    "tc" if stack.len() == 1 => {
                        // An empty self-closed cell.
                        if let Some(t) = stack.last_mut() {
                            if t.next_col == 0 {
                                t.next_col = t.grid_before;
                            }
                            let col = t.next_col;
                            t.next_col += 1;
                            if let Some(r) = t.rows.last_mut() {
                                r.push(RawCell {
                                    col,
                                    col_span: 1,
                                    vmerge: VMerge::None,
                                    text: String::new(),
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip_depth == 0 => {
                let s = t
                    .xml10_content()
                    .map_err(|e| unsupported(format!("damaged .docx (XML text): {e}")))?;
                text_target(&mut cell, &mut para).push_str(&s);
            }
            Event::GeneralRef(r) if in_text && skip_depth == 0 => {
                let name = String::from_utf8_lossy(&r);
                let ch = match name.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                if let Some(ch) = ch {
                    text_target(&mut cell, &mut para).push(ch);
                }
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match name.as_str() {
                    "t" => in_text = false,
                    "p" => {
                        if let Some(c) = cell.as_mut() {
                            if !c.text.ends_with(' ') && !c.text.is_empty() {
                                c.text.push(' ');
                            }
                        } else {
                            push_line(&mut lines, &para);
                            para.clear();
                        }
                    }
                    "tc" if stack.len() == 1 => {
                        if let (Some(mut c), Some(t)) = (cell.take(), stack.last_mut()) {
                            c.text = tidy(&c.text);
                            t.next_col = c.col + c.col_span;
                            cells_read += 1;
                            if let Some(r) = t.rows.last_mut() {
                                r.push(c);
                            }
                        }
                    }
                    "tbl" => {
                        if let Some(t) = stack.pop() {
                            if stack.is_empty() && cells_read <= MAX_CELLS {
                                if let Some(table) = build_table(t, &mut lines) {
                                    tables.push(table);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        buf.clear();
    }
    push_line(&mut lines, &para);
    Ok(Document {
        format: SourceFormat::Docx,
        pages: Vec::new(),
        page_count: None,
        lines,
        tables,
        positioned: false,
    })
}

fn local(e: &BytesStart) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

/// The `w:val` attribute as a number.
fn val(e: &BytesStart) -> Option<usize> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == b"val")
            .then(|| String::from_utf8_lossy(&a.value).trim().parse().ok())
            .flatten()
    })
}

fn set_vmerge(e: &BytesStart, cell: &mut Option<RawCell>) {
    let restart = e
        .attributes()
        .flatten()
        .any(|a| a.key.local_name().as_ref() == b"val" && a.value.as_ref() == b"restart");
    if let Some(c) = cell.as_mut() {
        c.vmerge = if restart {
            VMerge::Restart
        } else {
            VMerge::Continue
        };
    }
}

fn text_target<'a>(cell: &'a mut Option<RawCell>, para: &'a mut String) -> &'a mut String {
    match cell {
        Some(c) => &mut c.text,
        None => para,
    }
}

fn push_line(lines: &mut Vec<Line>, text: &str) {
    let t = tidy(text);
    if t.is_empty() {
        return;
    }
    let n = t.chars().count() as f32;
    lines.push(Line {
        page_index: 0,
        cells: vec![Cell {
            text: t,
            bbox: BBox::new(0.0, 0.0, n, 0.0),
            page_index: 0,
        }],
        furniture: false,
    });
}

/// Places the rows' cells on the grid: a `w:vMerge` continuation widens
/// the cell above it in the same column instead of making a cell.
fn build_table(t: TableBuild, lines: &mut Vec<Line>) -> Option<Table> {
    let mut cells: Vec<TableCell> = Vec::new();
    // The cell (index into `cells`) a vertical merge in this column extends.
    let mut open: Vec<Option<usize>> = Vec::new();
    for (r, row) in t.rows.into_iter().enumerate() {
        let line_index = lines.len();
        let mut line_cells = Vec::new();
        for raw in row {
            let end = raw.col + raw.col_span;
            if open.len() < end {
                open.resize(end, None);
            }
            if raw.vmerge == VMerge::Continue {
                if let Some(k) = open[raw.col] {
                    let c: &mut TableCell = &mut cells[k];
                    if c.row + c.row_span == r && c.col == raw.col {
                        c.row_span += 1;
                        continue;
                    }
                }
            }
            line_cells.push(Cell {
                text: raw.text.clone(),
                bbox: BBox::new(raw.col as f32, 0.0, end as f32, 0.0),
                page_index: 0,
            });
            cells.push(TableCell {
                row: r,
                col: raw.col,
                row_span: 1,
                col_span: raw.col_span,
                text: raw.text,
                page_index: None,
                bbox: None,
                line_index: Some(line_index),
                uncertain: None,
            });
            let k = cells.len() - 1;
            for slot in &mut open[raw.col..end] {
                *slot = (raw.vmerge == VMerge::Restart).then_some(k);
            }
        }
        lines.push(Line {
            page_index: 0,
            cells: line_cells,
            furniture: false,
        });
    }
    (!cells.is_empty()).then(|| Table::new(TableOrigin::Docx, cells))
}

/// Trims, collapses whitespace, and drops a space next to a CJK character
/// (paragraph breaks inside a cell are not spaces of the text).
fn tidy(s: &str) -> String {
    let chars: Vec<char> = s
        .split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = if i > 0 { chars[i - 1] } else { ' ' };
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            if is_cjk(prev) || is_cjk(next) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::read_document_xml;

    fn tc(text: &str, props: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
    }

    #[test]
    fn vertical_merges_become_row_spans() {
        let xml = format!(
            r#"<w:document xmlns:w="w"><w:body><w:tbl>
            <w:tr>{}{}{}</w:tr>
            <w:tr>{}{}{}</w:tr>
            <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{}{}</w:tr>
            </w:tbl></w:body></w:document>"#,
            tc("三、本年度办理结果", r#"<w:vMerge w:val="restart"/>"#),
            tc("（一）予以公开", ""),
            tc("3", ""),
            tc("", "<w:vMerge/>"),
            tc("（二）部分公开", ""),
            tc("1", ""),
            tc("（三）不予公开", ""),
            tc("0", ""),
        );
        let doc = read_document_xml(xml.as_bytes()).unwrap();
        let t = &doc.tables[0];
        assert_eq!((t.n_rows, t.n_cols), (3, 3));
        assert_eq!(t.at(1, 0).unwrap().text, "三、本年度办理结果");
        assert_eq!(t.at(1, 0).unwrap().row_span, 2);
        assert_eq!(t.at(1, 1).unwrap().text, "（二）部分公开");
        assert_eq!(t.at(2, 1).unwrap().text, "（三）不予公开");
        assert!(t.at(2, 0).is_none());
    }

    #[test]
    fn deleted_text_and_fallbacks_are_skipped() {
        let xml = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
          <w:p><w:r><w:t>行政</w:t></w:r><w:del><w:r><w:delText>错</w:delText></w:r></w:del><w:ins><w:r><w:t>复议</w:t></w:r></w:ins></w:p>
          <w:p><mc:AlternateContent><mc:Choice><w:r><w:t>甲</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>甲</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>
        </w:body></w:document>"#;
        let doc = read_document_xml(xml.as_bytes()).unwrap();
        assert_eq!(doc.lines[0].text(), "行政复议");
        assert_eq!(doc.lines[1].text(), "甲");
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(read_document_xml(b"<w:document><w:body><w:p></w:body>").is_err());
    }
}
