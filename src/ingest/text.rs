//! Plain-text ingest: each line of text becomes a [`Line`], each
//! tab-separated field a [`Cell`] whose `x0` is its field index.

use crate::geom::BBox;
use crate::ingest::Document;
use crate::layout::table::{Table, TableCell, TableOrigin};
use crate::layout::{Cell, Line};
use crate::record::SourceFormat;

/// Decodes bytes as UTF-8 (BOM stripped), falling back to GB18030.
///
/// ```
/// assert_eq!(xxgk::ingest::text::decode("\u{feff}规章".as_bytes()), "规章");
/// ```
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// Splits one line of text into cells at tabs (or at the `|` of a
/// markdown table row).
///
/// ```
/// use xxgk::ingest::text::text_line;
/// let line = text_line("规章\t0\t\t5", 0);
/// let texts: Vec<_> = line.cells.iter().map(|c| c.text.as_str()).collect();
/// assert_eq!(texts, ["规章", "0", "", "5"]);
/// let md = text_line("| 规章 | 0 |  |", 0);
/// assert_eq!(md.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["规章", "0", ""]);
/// ```
pub fn text_line(s: &str, page_index: usize) -> Line {
    let s = s.trim_end_matches(['\r', '\n']).trim_start_matches('\x0c');
    let t = s.trim();
    // A markdown table row: | a | b |
    let fields: Vec<&str> = if t.len() > 1 && t.starts_with('|') && t.ends_with('|') {
        if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            Vec::new() // the |---|---| separator
        } else {
            t[1..t.len() - 1].split('|').collect()
        }
    } else {
        s.split('\t').collect()
    };
    let single = fields.len() == 1;
    let cells = fields
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let text = f.trim();
            // Without separators, keep the character column where the text
            // starts: columns of a `pdftotext -layout` dump still line up.
            let bbox = if single {
                let indent = f.chars().take_while(|c| c.is_whitespace()).count() as f32;
                BBox::new(indent, 0.0, indent + text.chars().count() as f32, 0.0)
            } else {
                BBox::new(i as f32, 0.0, i as f32 + 1.0, 0.0)
            };
            Cell {
                text: text.to_string(),
                bbox,
                page_index,
            }
        })
        .collect();
    Line {
        page_index,
        cells,
        furniture: false,
    }
}

/// Reads plain text: one [`Line`] per line of the file (blank lines kept, so
/// that line `i` of the document is line `i + 1` of the file).
pub fn read_text(text: &str) -> Document {
    // A form feed starts a new page, as in `pdftotext` output.
    let mut page = 0;
    let raw: Vec<&str> = text.split('\n').collect();
    let lines: Vec<Line> = raw
        .iter()
        .map(|l| {
            page += l.matches('\x0c').count();
            text_line(l, page)
        })
        .collect();
    let pipe: Vec<bool> = raw.iter().map(|l| is_pipe_row(l)).collect();
    let tables = markdown_tables(&lines, &pipe);
    Document {
        format: SourceFormat::Text,
        pages: Vec::new(),
        page_count: None,
        lines,
        tables,
        positioned: false,
    }
}

/// True for a markdown table row: `| a | b |`.
fn is_pipe_row(line: &str) -> bool {
    let t = line.trim();
    t.len() > 1 && t.starts_with('|') && t.ends_with('|')
}

/// A column name some converters print where a table has no header
/// ("Col1", "Col5").
fn placeholder(cell: &str) -> bool {
    cell.strip_prefix("Col")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Markdown pipe tables: each block of consecutive `| … |` rows is a
/// [`Table`] whose cells stand in their pipe positions. A row shorter than
/// the table, where the header names columns it does not reach, is not
/// placed: its cells are marked uncertain.
fn markdown_tables(lines: &[Line], pipe: &[bool]) -> Vec<Table> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if pipe[i] {
            let start = i;
            while i < lines.len() && pipe[i] {
                i += 1;
            }
            if let Some(t) = markdown_table(lines, start..i) {
                out.push(t);
            }
            continue;
        }
        i += 1;
    }
    out
}

fn markdown_table(lines: &[Line], range: std::ops::Range<usize>) -> Option<Table> {
    let rows: Vec<(usize, Vec<String>)> = range
        .filter(|&k| !lines[k].cells.is_empty())
        .map(|k| {
            let texts = lines[k]
                .cells
                .iter()
                .map(|c| {
                    let t = c.text.replace("<br>", "");
                    if placeholder(&t) {
                        String::new()
                    } else {
                        t
                    }
                })
                .collect();
            (k, texts)
        })
        .collect();
    let width = rows.iter().map(|(_, r)| r.len()).max()?;
    if width < 2 {
        return None;
    }
    // Columns the first row names (a header), for judging short rows.
    let named: Vec<bool> = (0..width)
        .map(|c| rows[0].1.get(c).is_some_and(|t| !t.trim().is_empty()))
        .collect();
    let mut cells = Vec::new();
    for (r, (k, texts)) in rows.iter().enumerate() {
        let short = texts.len() < width && named[texts.len()..].iter().any(|&n| n);
        let mut c = 0;
        while c < width {
            let text = texts.get(c).cloned().unwrap_or_default();
            // A label repeated across the cells of a merged range (as some
            // converters print merged cells) is one cell spanning them.
            let mut span = 1;
            if !text.trim().is_empty() && !crate::normalize::is_value_text(&text) {
                while c + span < width && texts.get(c + span) == Some(&text) {
                    span += 1;
                }
            }
            let col = c;
            c += span;
            cells.push(TableCell {
                row: r,
                col,
                row_span: 1,
                col_span: span,
                text,
                page_index: None,
                bbox: None,
                line_index: Some(*k),
                uncertain: (short && r > 0).then(|| {
                    format!(
                        "a markdown row of {} cells in a table of {width}: which columns its cells stand in is not certain",
                        texts.len()
                    )
                }),
            });
        }
    }
    Some(Table::new(TableOrigin::Markdown, cells))
}
