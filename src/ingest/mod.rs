//! Ingest: bytes of a PDF, text or HTML file → a [`Document`] of lines.
//!
//! This is the only stage (with output) that touches files.

pub mod docx;
pub mod html;
pub mod pdf;
pub mod text;

use crate::error::{Error, ErrorKind, Result};
use crate::layout::table::Table;
use crate::layout::{Line, Page};
use crate::record::SourceFormat;
use crate::settings::Settings;

/// A document reduced to positioned lines, ready for section and table
/// matching.
#[derive(Debug, Clone)]
pub struct Document {
    /// The input format.
    pub format: SourceFormat,
    /// Pages with glyphs and rules (PDF only; empty otherwise).
    pub pages: Vec<Page>,
    /// Number of pages (PDF), `None` otherwise.
    pub page_count: Option<usize>,
    /// Every line in reading order. Each table row is also a line, so
    /// sections and prose read the same way for every input.
    pub lines: Vec<Line>,
    /// The tables whose structure the input gives (ruled PDF grids, HTML
    /// and DOCX tables), in reading order.
    pub tables: Vec<Table>,
    /// True when cell boxes are real page positions (PDF); false when `x0`
    /// is a field index (text).
    pub positioned: bool,
}

/// Guesses the format from the first bytes and the file name.
///
/// ```
/// use xxgk::ingest::sniff;
/// use xxgk::record::SourceFormat;
/// assert_eq!(sniff("a.pdf", b"%PDF-1.7\n").unwrap(), SourceFormat::Pdf);
/// assert_eq!(sniff("a.txt", "一、总体情况".as_bytes()).unwrap(), SourceFormat::Text);
/// assert!(sniff("a.bin", &[0u8, 159, 146, 150]).is_err());
/// ```
pub fn sniff(name: &str, bytes: &[u8]) -> Result<SourceFormat> {
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::UnsupportedFormat {
            detail: "empty file".into(),
        }));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Ok(SourceFormat::Pdf);
    }
    let lower = name.to_ascii_lowercase();
    if head.starts_with(b"PK\x03\x04") {
        return sniff_zip(bytes);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        let kind = if lower.ends_with(".wps") {
            "a WPS Office .wps document"
        } else if lower.ends_with(".xls") || lower.ends_with(".et") {
            "a legacy spreadsheet (.xls/.et)"
        } else {
            "a legacy Word .doc document"
        };
        return Err(Error::new(ErrorKind::UnsupportedFormat {
            detail: format!(
                "{kind} (OLE2); convert it first: soffice --headless --convert-to docx FILE"
            ),
        }));
    }
    if lower.ends_with(".pdf") {
        return Err(Error::new(ErrorKind::UnsupportedFormat {
            detail: "named .pdf but has no %PDF- header".into(),
        }));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (t, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors || t.contains('\0') {
                return Err(Error::new(ErrorKind::UnsupportedFormat {
                    detail: "binary data".into(),
                }));
            }
            t.into_owned()
        }
    };
    let head_text: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.ends_with(".html")
        || lower.ends_with(".htm")
        || head_text.contains("<table")
        || head_text.contains("<html")
    {
        return Ok(SourceFormat::Html);
    }
    Ok(SourceFormat::Text)
}

/// What a zip package is: a DOCX when it holds `word/document.xml`.
fn sniff_zip(bytes: &[u8]) -> Result<SourceFormat> {
    let refuse = |detail: &str| {
        Err(Error::new(ErrorKind::UnsupportedFormat {
            detail: detail.to_string(),
        }))
    };
    let Ok(zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return refuse("a damaged zip file");
    };
    let has = |n: &str| zip.file_names().any(|f| f.eq_ignore_ascii_case(n));
    if has("word/document.xml") {
        Ok(SourceFormat::Docx)
    } else if has("OFD.xml") {
        refuse("an OFD document (GB/T 33190), which xxgk does not read; print it to PDF first")
    } else if has("xl/workbook.xml") {
        refuse("an .xlsx spreadsheet, not a report")
    } else if has("ppt/presentation.xml") {
        refuse("a .pptx presentation, not a report")
    } else {
        refuse("a zip archive, not a report; unpack it and give its files")
    }
}

/// Largest text or HTML input, in bytes: a report as text is some tens of
/// kilobytes. PDFs have their own cap,
/// [`Limits::max_input_bytes`](pdf::Limits::max_input_bytes).
pub const MAX_TEXT_INPUT_BYTES: usize = 32 << 20;

/// Reads a document from bytes.
///
/// Errors: [`ErrorKind::UnsupportedFormat`] when the bytes are neither PDF,
/// text nor HTML, [`ErrorKind::LimitExceeded`] past a size limit, and the
/// errors of [`pdf::read_document`].
pub fn read_document(name: &str, bytes: &[u8], settings: &Settings) -> Result<Document> {
    read_document_ocr(name, bytes, settings).map(|(doc, _)| doc)
}

/// Reads a document from bytes, with what OCR did to its scanned pages
/// (empty for text and HTML, and for PDFs whose pages all have text).
///
/// Errors: those of [`read_document`], and [`ErrorKind::OcrUnavailable`]
/// when no page has text and the scanned pages could not be read.
pub fn read_document_ocr(
    name: &str,
    bytes: &[u8],
    settings: &Settings,
) -> Result<(Document, crate::ocr::OcrReport)> {
    let pdf_header = bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-");
    let zip = bytes.starts_with(b"PK\x03\x04");
    if !pdf_header && !zip && bytes.len() > MAX_TEXT_INPUT_BYTES {
        return Err(Error::new(ErrorKind::LimitExceeded {
            detail: format!(
                "a text or HTML file of {} bytes (limit {MAX_TEXT_INPUT_BYTES})",
                bytes.len()
            ),
        }));
    }
    let none = crate::ocr::OcrReport::default;
    match sniff(name, bytes)? {
        SourceFormat::Pdf => pdf::read_document_ocr(bytes, settings),
        SourceFormat::Docx => docx::read_docx(bytes).map(|d| (d, none())),
        SourceFormat::Text => Ok((text::read_text(&text::decode(bytes)), none())),
        SourceFormat::Html => {
            let page = text::decode(bytes);
            let depth = html::block_depth(&page);
            if depth > html::MAX_BLOCK_DEPTH {
                return Err(Error::new(ErrorKind::LimitExceeded {
                    detail: format!(
                        "HTML block elements nested {depth} deep (limit {})",
                        html::MAX_BLOCK_DEPTH
                    ),
                }));
            }
            Ok((html::read_html(&page), none()))
        }
    }
}
