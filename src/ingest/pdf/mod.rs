//! PDF ingest: a content-stream interpreter on top of lopdf that yields
//! glyphs (with Unicode text and boxes) and ruling lines per page.

use crate::error::{Error, ErrorKind, Result};
use crate::ingest::Document;
use crate::layout::{self, Page};
use crate::record::SourceFormat;
use crate::settings::Settings;

/// Reads every page's glyphs and rules.
pub fn read_pages(_bytes: &[u8]) -> Result<Vec<Page>> {
    Err(Error::new(ErrorKind::UnsupportedFormat {
        detail: "PDF reading is not built yet".into(),
    }))
}

/// Reads a PDF into a [`Document`] of lines.
pub fn read_document(bytes: &[u8], settings: &Settings) -> Result<Document> {
    let pages = read_pages(bytes)?;
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(Error::new(ErrorKind::NoTextLayer));
    }
    let lines = pages
        .iter()
        .flat_map(|p| layout::lines::page_lines(p, &settings.layout))
        .collect();
    Ok(Document {
        format: SourceFormat::Pdf,
        page_count: Some(pages.len()),
        pages,
        lines,
        positioned: true,
    })
}
