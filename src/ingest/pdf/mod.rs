//! PDF ingest: a content-stream interpreter on top of lopdf that yields
//! glyphs (with Unicode text and boxes) and ruling lines per page.
//!
//! Modules: [`cmap`] (CMap parsing), [`encoding`] (single-byte encodings,
//! glyph names, predefined Chinese CMaps), [`font`] (codes → text and
//! widths), [`kangxi`] (radical → ideograph table), `interp` (the content
//! stream interpreter), [`limits`] (safety limits).
//!
//! All lopdf and interpreter work runs inside [`guarded`]: a panic becomes
//! [`ErrorKind::Internal`] and is not printed.

pub mod cmap;
pub mod encoding;
pub mod font;
mod interp;
pub mod kangxi;
pub mod limits;
mod obj;

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::error::{Error, ErrorKind, Result};
use crate::ingest::Document as IngestDocument;
use crate::layout::{self, Page};
use crate::record::SourceFormat;
use crate::settings::Settings;
pub use limits::Limits;

thread_local! {
    static QUIET_PANICS: Cell<bool> = const { Cell::new(false) };
}
static HOOK: Once = Once::new();

/// Runs `f`, turning a panic into [`ErrorKind::Internal`]. While `f` runs on
/// this thread, the panic hook stays silent; other threads are unaffected.
///
/// ```
/// use xxgk::ingest::pdf::guarded;
/// let r: xxgk::error::Result<()> = guarded(|| panic!("boom"));
/// assert_eq!(r.unwrap_err().reason_code(), "internal");
/// ```
pub fn guarded<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    let was = QUIET_PANICS.with(|q| q.replace(true));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET_PANICS.with(|q| q.set(was));
    match r {
        Ok(r) => r,
        Err(payload) => {
            let detail = if let Some(s) = payload.downcast_ref::<&str>() {
                (*s).to_string()
            } else if let Some(s) = payload.downcast_ref::<String>() {
                s.clone()
            } else {
                "panic in the PDF reader".to_string()
            };
            Err(Error::new(ErrorKind::Internal { detail }))
        }
    }
}

/// Reads every page's glyphs and rules with the default [`Limits`].
pub fn read_pages(bytes: &[u8]) -> Result<Vec<Page>> {
    read_pages_with_limits(bytes, &Limits::default())
}

/// Reads every page's glyphs and rules.
///
/// Errors: [`ErrorKind::MalformedPdf`] when lopdf cannot parse the file,
/// [`ErrorKind::Encrypted`] when it needs a user password,
/// [`ErrorKind::LimitExceeded`] past a limit, [`ErrorKind::Internal`] for a
/// contained panic.
pub fn read_pages_with_limits(bytes: &[u8], limits: &Limits) -> Result<Vec<Page>> {
    guarded(|| read_pages_inner(bytes, limits))
}

fn malformed(detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::MalformedPdf {
        detail: detail.into(),
    })
}

fn load(bytes: &[u8], limits: &Limits) -> Result<Document> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        ..Default::default()
    };
    let mut doc = match Document::load_mem_with_options(bytes, options) {
        Ok(d) => d,
        Err(e) => {
            let msg = e.to_string();
            let lower = msg.to_ascii_lowercase();
            if lower.contains("password") || lower.contains("decrypt") {
                return Err(Error::new(ErrorKind::Encrypted));
            }
            if lower.contains("limit") {
                return Err(Error::new(ErrorKind::LimitExceeded {
                    detail: format!(
                        "a stream decodes to more than {} bytes",
                        limits.max_stream_bytes
                    ),
                }));
            }
            return Err(malformed(msg));
        }
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() && doc.is_encrypted() {
        return Err(Error::new(ErrorKind::Encrypted));
    }
    Ok(doc)
}

/// Finds an inheritable page attribute (`Resources`, `MediaBox`, `Rotate`).
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut d = page;
    for _ in 0..64 {
        if let Ok(v) = d.get(key) {
            return Some(obj::deref(doc, v));
        }
        d = obj::deref(doc, d.get(b"Parent").ok()?).as_dict().ok()?;
    }
    None
}

/// The page count the root of the page tree claims (`/Count`), if any.
fn claimed_page_count(doc: &Document) -> Option<i64> {
    let pages = doc.catalog().ok()?.get(b"Pages").ok()?;
    let pages = obj::deref(doc, pages).as_dict().ok()?;
    match obj::deref(doc, pages.get(b"Count").ok()?) {
        Object::Integer(n) => Some(*n),
        Object::Real(r) if r.is_finite() => Some(*r as i64),
        _ => None,
    }
}

/// The page ids in page order, each once. lopdf's page tree walk is bounded
/// (depth 256, one step per object), so cycles and shared kids end.
fn page_ids(doc: &Document, limits: &Limits) -> Result<Vec<ObjectId>> {
    let too_many = |n: String| {
        Error::new(ErrorKind::LimitExceeded {
            detail: format!("{n} pages (limit {})", limits.max_pages),
        })
    };
    if let Some(n) = claimed_page_count(doc) {
        if n > limits.max_pages as i64 {
            return Err(too_many(format!("the page tree claims {n}")));
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut ids = Vec::new();
    for id in doc.page_iter() {
        if seen.insert(id) {
            ids.push(id);
            if ids.len() > limits.max_pages {
                return Err(too_many(format!("more than {}", limits.max_pages)));
            }
        }
    }
    Ok(ids)
}

fn read_pages_inner(bytes: &[u8], limits: &Limits) -> Result<Vec<Page>> {
    read_pages_doc(bytes, limits).map(|(_, _, pages)| pages)
}

/// The parsed PDF, its page ids in order, and every page's glyphs and rules.
fn read_pages_doc(bytes: &[u8], limits: &Limits) -> Result<(Document, Vec<ObjectId>, Vec<Page>)> {
    if bytes.len() > limits.max_input_bytes {
        return Err(Error::new(ErrorKind::LimitExceeded {
            detail: format!(
                "the file has {} bytes (limit {})",
                bytes.len(),
                limits.max_input_bytes
            ),
        }));
    }
    let doc = load(bytes, limits)?;
    let page_ids = page_ids(&doc, limits)?;
    if page_ids.is_empty() {
        return Err(malformed("no pages"));
    }
    let mut fonts = interp::FontCache::new();
    let mut budget = interp::Budget::new(limits);
    let mut pages = Vec::with_capacity(page_ids.len());
    for (page_index, &id) in page_ids.iter().enumerate() {
        pages.push(read_page(
            &doc,
            id,
            page_index,
            &mut fonts,
            &mut budget,
            limits,
        )?);
    }
    Ok((doc, page_ids, pages))
}

fn read_page(
    doc: &Document,
    id: ObjectId,
    page_index: usize,
    fonts: &mut interp::FontCache,
    budget: &mut interp::Budget,
    limits: &Limits,
) -> Result<Page> {
    let empty = Dictionary::new();
    let page = doc.get_dictionary(id).unwrap_or(&empty);
    let mb = inherited(doc, page, b"MediaBox")
        .and_then(|o| obj::nums(doc, o, 4))
        .filter(|v| (v[2] - v[0]).abs() > 1.0 && (v[3] - v[1]).abs() > 1.0)
        .unwrap_or_else(|| vec![0.0, 0.0, 595.0, 842.0]);
    let (x0, y0, x1, y1) = (
        mb[0].min(mb[2]),
        mb[1].min(mb[3]),
        mb[0].max(mb[2]),
        mb[1].max(mb[3]),
    );
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(obj::num)
        .map(|r| ((r as i64).rem_euclid(360) / 90) * 90)
        .unwrap_or(0);
    let (w, h) = (x1 - x0, y1 - y0);
    let (base, width_pt, height_pt) = match rotate {
        90 => ([0.0, 1.0, 1.0, 0.0, -y0, -x0], h, w),
        180 => ([-1.0, 0.0, 0.0, 1.0, x1, -y0], w, h),
        270 => ([0.0, -1.0, -1.0, 0.0, y1, x1], h, w),
        _ => ([1.0, 0.0, 0.0, -1.0, -x0, y1], w, h),
    };
    let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
    let allowance = limits.max_content_bytes_per_page.min(budget.decoded_bytes);
    let content = doc
        .get_page_content_with_limit(id, allowance)
        .map_err(|_| {
            Error::new(ErrorKind::LimitExceeded {
                detail: format!(
                    "page {} content decodes to more than {} bytes \
                     (or the document's streams to more than {} bytes)",
                    page_index + 1,
                    limits.max_content_bytes_per_page,
                    limits.max_decoded_bytes
                ),
            })
        })?;
    let mut it = interp::PageInterp::new(doc, fonts, limits, budget, page_index, base);
    it.charge_content(content.len());
    it.run(&content, resources, 0)?;
    it.finish();
    Ok(Page {
        page_index,
        width_pt,
        height_pt,
        glyphs: std::mem::take(&mut it.glyphs),
        rules: std::mem::take(&mut it.rules),
    })
}

/// Characters that every Chinese report has somewhere.
const COMMON_CJK: &str = "的政府公开信息年一是了和在有工作";

/// Checks that decoded text reads as text: not mostly private-use or
/// unmapped characters, and, when there are many CJK glyphs, some common
/// ones among them.
///
/// ```
/// use xxgk::ingest::pdf::check_text_reliable;
/// assert!(check_text_reliable("政府信息公开工作年度报告".chars()).is_ok());
/// assert!(check_text_reliable("\u{E000}".repeat(50).chars()).is_err());
/// ```
pub fn check_text_reliable(chars: impl Iterator<Item = char>) -> Result<()> {
    let (mut total, mut bad, mut cjk, mut common) = (0usize, 0usize, 0usize, 0usize);
    let mut symbols = 0usize;
    for c in chars {
        if c.is_whitespace() {
            continue;
        }
        total += 1;
        if font::is_private_use(c) || c == '\u{FFFD}' || (c as u32) < 0x20 || c == '\u{7F}' {
            bad += 1;
        }
        if c.is_ascii_punctuation()
            || matches!(c as u32, 0x80..=0xBF | 0x2010..=0x203F | 0x0152..=0x02DC)
        {
            symbols += 1;
        }
        if matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF) {
            cjk += 1;
            if COMMON_CJK.contains(c) {
                common += 1;
            }
        }
    }
    if total >= 20 && bad * 10 > total * 3 {
        return Err(Error::new(ErrorKind::UnreliableText {
            detail: format!("{bad} of {total} characters are private-use, control or unmapped"),
        }));
    }
    if total >= 200 && cjk * 20 < total && symbols * 5 > total {
        return Err(Error::new(ErrorKind::UnreliableText {
            detail: format!(
                "almost no CJK characters ({cjk} of {total}) and {symbols} punctuation or symbol characters"
            ),
        }));
    }
    if cjk >= 200 && common == 0 {
        return Err(Error::new(ErrorKind::UnreliableText {
            detail: format!("{cjk} CJK characters but none of the common ones ({COMMON_CJK})"),
        }));
    }
    Ok(())
}

/// Reads a PDF into a [`Document`](IngestDocument) of lines.
pub fn read_document(bytes: &[u8], settings: &Settings) -> Result<IngestDocument> {
    read_document_ocr(bytes, settings).map(|(doc, _)| doc)
}

/// Reads a PDF into a [`Document`](IngestDocument) of lines, reading
/// scanned pages by OCR as [`Settings::ocr`] says, and reports what OCR did.
///
/// Errors: those of [`read_pages`] and [`document_from_pages`], and
/// [`ErrorKind::OcrUnavailable`] when no page has text and the scanned
/// pages could not be read.
pub fn read_document_ocr(
    bytes: &[u8],
    settings: &Settings,
) -> Result<(IngestDocument, crate::ocr::OcrReport)> {
    let (doc, page_ids, mut pages) = guarded(|| read_pages_doc(bytes, &Limits::default()))?;
    let report = crate::ocr::ocr_pages(
        &doc,
        &page_ids,
        bytes,
        &mut pages,
        &settings.ocr,
        &settings.layout,
    );
    drop(doc);
    let no_text = pages
        .iter()
        .all(|p| p.glyphs.iter().all(|g| g.text.trim().is_empty()));
    if no_text {
        if let Some(w) = report.warnings.first() {
            return Err(Error::new(ErrorKind::OcrUnavailable { detail: w.clone() }));
        }
    }
    document_from_pages(pages, settings).map(|d| (d, report))
}

/// Builds a [`Document`](IngestDocument) from pages already read (or built
/// directly, as the layout generator in the tests does).
///
/// Errors: [`ErrorKind::NoTextLayer`] when no page has text, and
/// [`ErrorKind::UnreliableText`] when the text does not read as text.
pub fn document_from_pages(pages: Vec<Page>, settings: &Settings) -> Result<IngestDocument> {
    if pages
        .iter()
        .all(|p| p.glyphs.iter().all(|g| g.text.trim().is_empty()))
    {
        return Err(Error::new(ErrorKind::NoTextLayer));
    }
    check_text_reliable(
        pages
            .iter()
            .flat_map(|p| p.glyphs.iter())
            .flat_map(|g| g.text.chars()),
    )?;
    let (lines, tables) = guarded(|| {
        let mut lines = Vec::new();
        let mut tables = Vec::new();
        for p in &pages {
            let (page_lines, page_tables) = layout::lines::page_layout(p, &settings.layout);
            for mut t in page_tables {
                t.offset_lines(lines.len());
                tables.push(t);
            }
            lines.extend(page_lines);
        }
        layout::table::join_cut_labels(&mut tables);
        Ok((lines, tables))
    })?;
    Ok(IngestDocument {
        format: SourceFormat::Pdf,
        page_count: Some(pages.len()),
        pages,
        lines,
        tables,
        positioned: true,
    })
}
