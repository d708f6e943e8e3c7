//! Ingest: bytes of a PDF, text or HTML file → a [`Document`] of lines.
//!
//! This is the only stage (with output) that touches files.

pub mod pdf;
pub mod text;

use crate::error::{Error, ErrorKind, Result};
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
    /// Every line in reading order.
    pub lines: Vec<Line>,
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
    if !pdf_header && bytes.len() > MAX_TEXT_INPUT_BYTES {
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
        SourceFormat::Text => Ok((text::read_text(&text::decode(bytes)), none())),
        SourceFormat::Html => Ok((text::read_html(&text::decode(bytes)), none())),
    }
}
