//! OCR of scanned pages: page image → ruling lines → table cells → text.
//!
//! Structure first: the page image's ruling lines become the same
//! [`Rule`]s a born-digital PDF gives, so the layout stage's
//! [`Grid`](crate::layout::grid::Grid) builds the table model; then each
//! cell is read (digits only for numbers, Chinese for labels) and the text
//! becomes [`Glyph`]s on the [`Page`]. The rest of the pipeline is the same
//! code as for a text layer. Every number read keeps its confidence
//! ([`OcrValue`]); [`apply`] puts it into the record, leaves uncertain
//! readings null and lets the checks see them.
//!
//! Modules: [`image`] (page images from the PDF or rendered), [`raster`]
//! (threshold, skew, rotation, components), [`rules`] (ruling lines),
//! [`lexicon`] (label text put right against the format's labels),
//! [`page`] (one page), [`engine`] (the engine trait), [`tesseract`] (the
//! Tesseract engine), [`apply`] (confidence in the record).

pub mod apply;
pub mod engine;
pub mod image;
pub mod lexicon;
pub mod page;
pub mod raster;
mod rows;
pub mod rules;
pub mod tesseract;
mod words;

use std::cell::RefCell;

use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Result};
use crate::geom::BBox;
use crate::layout::{Glyph, Page, Rule};
use crate::settings::LayoutSettings;

/// When pages are read by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// Only pages without a usable text layer (the default).
    #[default]
    Auto,
    /// Every page, ignoring the text layer.
    Always,
    /// Never: a PDF without a text layer is refused.
    Never,
}

impl std::str::FromStr for OcrMode {
    type Err = String;

    /// ```
    /// use xxgk::ocr::OcrMode;
    /// assert_eq!("always".parse::<OcrMode>().unwrap(), OcrMode::Always);
    /// assert!("sometimes".parse::<OcrMode>().is_err());
    /// ```
    fn from_str(s: &str) -> std::result::Result<OcrMode, String> {
        match s {
            "auto" => Ok(OcrMode::Auto),
            "always" => Ok(OcrMode::Always),
            "never" => Ok(OcrMode::Never),
            _ => Err(format!("unknown OCR mode '{s}' (auto, always or never)")),
        }
    }
}

/// How pages are read by OCR.
///
/// ```
/// let s = xxgk::ocr::OcrSettings::default();
/// assert_eq!(s.min_confidence, 80.0);
/// ```
#[derive(Debug, Clone)]
pub struct OcrSettings {
    /// When to OCR a page. The default is [`OcrMode::Auto`].
    pub mode: OcrMode,
    /// A number read with a lower confidence (0–100, the engine's lowest
    /// per-character confidence in the cell) is left null with a warning.
    /// The default is `80.0`.
    pub min_confidence: f32,
    /// Page images above this resolution are scaled down to it before
    /// reading. The default is `300.0`.
    pub max_dpi: f32,
    /// Resolution at which pages that are not one image are rendered
    /// (`pdftoppm`). The default is `300`.
    pub render_dpi: u32,
    /// Largest skew corrected, in degrees. The default is `5.0`.
    pub max_skew_deg: f32,
}

impl Default for OcrSettings {
    fn default() -> Self {
        OcrSettings {
            mode: OcrMode::Auto,
            min_confidence: 80.0,
            max_dpi: 300.0,
            render_dpi: 300,
            max_skew_deg: 5.0,
        }
    }
}

/// A number read by OCR, with its confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrValue {
    /// Page index, starting at `0`.
    pub page_index: usize,
    /// The ink's box in points (the glyphs' union).
    pub bbox: BBox,
    /// The text read (`""` when nothing could be read).
    pub text: String,
    /// The engine's lowest per-character confidence, 0–100.
    pub confidence: f32,
    /// Per character read: the engine's other readings with their
    /// confidences.
    pub alternatives: Vec<Vec<(String, f32)>>,
    /// Whole-cell readings of the engine's other passes that differ from
    /// `text` (the value is then uncertain; the report's arithmetic may
    /// choose among them).
    pub other_readings: Vec<String>,
    /// Why the reading cannot be trusted whatever its confidence (e.g. a
    /// mark that was not read).
    pub problem: Option<String>,
}

/// What OCR made of one page.
#[derive(Debug, Clone)]
pub struct PageOcr {
    /// Page index, starting at `0`.
    pub page_index: usize,
    /// The text read, as glyphs in points.
    pub glyphs: Vec<Glyph>,
    /// The ruling lines found in the image.
    pub rules: Vec<Rule>,
    /// Every number read in a table cell.
    pub values: Vec<OcrValue>,
    /// The skew corrected, in degrees.
    pub skew_deg: f32,
    /// The resolution the page was read at.
    pub dpi: f32,
}

/// What OCR did to a document.
#[derive(Debug, Clone, Default)]
pub struct OcrReport {
    /// Indices of the pages read by OCR, ascending.
    pub pages: Vec<usize>,
    /// Every number read, all pages.
    pub values: Vec<OcrValue>,
    /// Pages that needed OCR but could not be read, with the reason.
    pub warnings: Vec<String>,
    /// The engine's name, when it ran.
    pub engine: Option<String>,
}

thread_local! {
    /// One engine per worker thread, made on first use.
    static ENGINE: RefCell<Option<std::result::Result<tesseract::Tesseract, String>>> =
        const { RefCell::new(None) };
}

/// Runs `f` with this thread's engine, initialising it once.
fn with_engine<T>(f: impl FnOnce(&mut dyn engine::OcrEngine) -> Result<T>) -> Result<T> {
    ENGINE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(tesseract::Tesseract::new().map_err(|e| e.to_string()));
        }
        match slot.as_mut() {
            Some(Ok(engine)) => f(engine),
            Some(Err(detail)) => Err(Error::new(ErrorKind::OcrUnavailable {
                detail: detail.clone(),
            })),
            None => unreachable!("the engine slot was just filled"),
        }
    })
}

/// True when a page has no usable text layer (in [`OcrMode::Auto`], such a
/// page is read when it holds an image).
pub fn needs_ocr(page: &Page) -> bool {
    page.glyphs.iter().all(|g| g.text.trim().is_empty())
}

/// Reads the pages of a PDF that need it (see [`OcrMode`]) by OCR, in
/// parallel, replacing their glyphs and rules. `doc` is the parsed PDF and
/// `page_ids` its pages in order; `bytes` is used to render pages that are
/// not one image.
pub fn ocr_pages(
    doc: &lopdf::Document,
    page_ids: &[lopdf::ObjectId],
    bytes: &[u8],
    pages: &mut [Page],
    settings: &OcrSettings,
    layout: &LayoutSettings,
) -> OcrReport {
    let mut report = OcrReport::default();
    let todo: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(i, p)| match settings.mode {
            OcrMode::Never => false,
            OcrMode::Always => true,
            OcrMode::Auto => {
                needs_ocr(p)
                    && page_ids
                        .get(*i)
                        .is_some_and(|&id| image::page_has_image(doc, id))
            }
        })
        .map(|(i, _)| i)
        .collect();
    if todo.is_empty() {
        return report;
    }
    let results: Vec<(usize, Result<PageOcr>)> = todo
        .par_iter()
        .map(|&i| {
            let p = &pages[i];
            let r = crate::ingest::pdf::guarded(|| {
                let img = match (settings.mode, page_ids.get(i)) {
                    (OcrMode::Auto, Some(&id)) => {
                        image::embedded_page_image(doc, id, p.width_pt, p.height_pt)
                    }
                    _ => None,
                };
                let img = match img {
                    Some(img) => img,
                    None => image::render_page(bytes, i, settings.render_dpi)?,
                };
                with_engine(|engine| {
                    page::read_page(
                        engine,
                        &img.image,
                        img.dpi_x,
                        p.page_index,
                        settings,
                        layout,
                    )
                })
            });
            (i, r)
        })
        .collect();
    for (i, r) in results {
        match r {
            Ok(ocr) => {
                pages[i].glyphs = ocr.glyphs;
                pages[i].rules = ocr.rules;
                report.pages.push(pages[i].page_index);
                report.values.extend(ocr.values);
            }
            Err(e) => report
                .warnings
                .push(format!("page {}: OCR failed: {e}", pages[i].page_index + 1)),
        }
    }
    if !report.pages.is_empty() {
        report.engine = with_engine(|e| Ok(e.name())).ok();
    }
    report
}
