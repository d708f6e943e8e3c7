//! Plain-text ingest: each line of text becomes a [`Line`], each
//! tab-separated field a [`Cell`] whose `x0` is its field index.

use crate::geom::BBox;
use crate::ingest::Document;
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
    let lines = text
        .split('\n')
        .map(|l| {
            page += l.matches('\x0c').count();
            text_line(l, page)
        })
        .collect();
    Document {
        format: SourceFormat::Text,
        pages: Vec::new(),
        page_count: None,
        lines,
        tables: Vec::new(),
        positioned: false,
    }
}
