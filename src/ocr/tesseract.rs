//! [`OcrEngine`] on Tesseract's C API (libtesseract, through `tesseract-sys`).
//!
//! One [`Tesseract`] holds two initialised Tesseract instances: `eng` with a
//! digits whitelist for value cells, and `chi_sim` for labels and prose.
//! Initialising loads the models (tens of milliseconds), so the page
//! pipeline keeps one per worker thread.

use std::ffi::{CStr, CString};
use std::os::raw::c_int;

use tesseract_sys as ts;

use super::engine::{GrayView, OcrEngine, Symbol, TextKind};
use crate::error::{Error, ErrorKind, Result};

fn unavailable(detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::OcrUnavailable {
        detail: detail.into(),
    })
}

/// One initialised `TessBaseAPI`.
struct Api {
    handle: *mut ts::TessBaseAPI,
}

// A TessBaseAPI may move between threads; it is never shared.
unsafe impl Send for Api {}

impl Drop for Api {
    fn drop(&mut self) {
        // SAFETY: `handle` came from TessBaseAPICreate and is dropped once.
        unsafe {
            ts::TessBaseAPIEnd(self.handle);
            ts::TessBaseAPIDelete(self.handle);
        }
    }
}

impl Api {
    fn new(lang: &str, vars: &[(&str, &str)]) -> Result<Api> {
        let c_lang = CString::new(lang).map_err(|_| unavailable("bad language name"))?;
        // SAFETY: plain C API calls on a handle we own; strings outlive the calls.
        unsafe {
            let handle = ts::TessBaseAPICreate();
            if handle.is_null() {
                return Err(unavailable("TessBaseAPICreate failed"));
            }
            let api = Api { handle };
            let rc = ts::TessBaseAPIInit2(
                handle,
                std::ptr::null(),
                c_lang.as_ptr(),
                ts::TessOcrEngineMode_OEM_LSTM_ONLY,
            );
            if rc != 0 {
                return Err(unavailable(format!(
                    "Tesseract has no '{lang}' model (Debian: apt-get install tesseract-ocr-{})",
                    lang.replace('_', "-")
                )));
            }
            for (k, v) in vars {
                let (k, v) = (
                    CString::new(*k).unwrap_or_default(),
                    CString::new(*v).unwrap_or_default(),
                );
                ts::TessBaseAPISetVariable(handle, k.as_ptr(), v.as_ptr());
            }
            Ok(api)
        }
    }

    fn recognize(&mut self, image: GrayView<'_>, psm: ts::TessPageSegMode) -> Result<Vec<Symbol>> {
        let need = image.width as usize * image.height as usize;
        if image.width == 0 || image.height == 0 || image.pixels.len() < need {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        // SAFETY: the image buffer outlives Recognize (Tesseract copies it in
        // SetImage); iterators are deleted before returning; texts from
        // GetUTF8Text are freed with TessDeleteText, choice texts are owned
        // by the iterator.
        unsafe {
            let h = self.handle;
            ts::TessBaseAPISetPageSegMode(h, psm);
            ts::TessBaseAPISetImage(
                h,
                image.pixels.as_ptr(),
                image.width as c_int,
                image.height as c_int,
                1,
                image.width as c_int,
            );
            ts::TessBaseAPISetSourceResolution(h, image.dpi.clamp(70, 2400) as c_int);
            if ts::TessBaseAPIRecognize(h, std::ptr::null_mut()) != 0 {
                ts::TessBaseAPIClear(h);
                return Err(unavailable("Tesseract could not recognise an image"));
            }
            let it = ts::TessBaseAPIGetIterator(h);
            if it.is_null() {
                ts::TessBaseAPIClear(h);
                return Ok(out);
            }
            let page_it = ts::TessResultIteratorGetPageIterator(it);
            let sym = ts::TessPageIteratorLevel_RIL_SYMBOL;
            let line = ts::TessPageIteratorLevel_RIL_TEXTLINE;
            let mut first = true;
            loop {
                let text_ptr = ts::TessResultIteratorGetUTF8Text(it, sym);
                if !text_ptr.is_null() {
                    let text = CStr::from_ptr(text_ptr).to_string_lossy().into_owned();
                    ts::TessDeleteText(text_ptr);
                    let (mut l, mut t, mut r, mut b) = (0, 0, 0, 0);
                    ts::TessPageIteratorBoundingBox(page_it, sym, &mut l, &mut t, &mut r, &mut b);
                    let confidence = ts::TessResultIteratorConfidence(it, sym);
                    let line_start =
                        !first && ts::TessPageIteratorIsAtBeginningOf(page_it, line) != 0;
                    first = false;
                    let mut alternatives = Vec::new();
                    let ci = ts::TessResultIteratorGetChoiceIterator(it);
                    if !ci.is_null() {
                        loop {
                            let c = ts::TessChoiceIteratorGetUTF8Text(ci);
                            if !c.is_null() {
                                let s = CStr::from_ptr(c).to_string_lossy().into_owned();
                                let conf = ts::TessChoiceIteratorConfidence(ci);
                                if s != text && !alternatives.iter().any(|(a, _)| *a == s) {
                                    alternatives.push((s, conf));
                                }
                            }
                            if ts::TessChoiceIteratorNext(ci) == 0 {
                                break;
                            }
                        }
                        ts::TessChoiceIteratorDelete(ci);
                    }
                    if !text.trim().is_empty() {
                        out.push(Symbol {
                            text,
                            bbox: [l, t, r, b],
                            confidence,
                            alternatives,
                            line_start,
                        });
                    }
                }
                if ts::TessResultIteratorNext(it, sym) == 0 {
                    break;
                }
            }
            ts::TessResultIteratorDelete(it);
            ts::TessBaseAPIClear(h);
        }
        Ok(out)
    }
}

/// Makes Tesseract's OpenMP loops run on the calling thread.
///
/// Debian's libtesseract is built with OpenMP; its parallel loops start
/// threads of their own inside each recognition, which on top of xxgk's
/// one-worker-per-core pages oversubscribe the cores and busy-wait (pages
/// took twice as long). OpenMP reads `OMP_THREAD_LIMIT` only when the
/// library loads, so instead every parallel region is made inactive with
/// `omp_set_max_active_levels(0)`, found at run time (a Tesseract built
/// without OpenMP has no such symbol, and nothing is done). A user's own
/// `OMP_THREAD_LIMIT` is left alone.
fn serial_openmp() {
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return;
    }
    // The setting belongs to the calling thread's data environment, so
    // every worker makes it for itself (each makes its engine once).
    // SAFETY: dlsym with a NUL-terminated name; the symbol, when present,
    // is libgomp's `void omp_set_max_active_levels(int)`.
    unsafe {
        let sym = libc::dlsym(libc::RTLD_DEFAULT, c"omp_set_max_active_levels".as_ptr());
        if !sym.is_null() {
            let f: extern "C" fn(c_int) = std::mem::transmute(sym);
            f(0);
        }
    }
}

/// Tesseract with the models xxgk needs: `eng` (digits) and `chi_sim`.
pub struct Tesseract {
    digits: Api,
    chinese: Api,
}

impl Tesseract {
    /// Initialises both models from Tesseract's default data folder
    /// (`TESSDATA_PREFIX` overrides it).
    ///
    /// Errors: [`ErrorKind::OcrUnavailable`] when a model is missing.
    pub fn new() -> Result<Tesseract> {
        serial_openmp();
        let common = [("debug_file", "/dev/null"), ("lstm_choice_mode", "2")];
        let mut digit_vars = common.to_vec();
        digit_vars.push(("tessedit_char_whitelist", "0123456789.-"));
        digit_vars.push(("classify_bln_numeric_mode", "1"));
        Ok(Tesseract {
            digits: Api::new("eng", &digit_vars)?,
            chinese: Api::new("chi_sim", &common)?,
        })
    }

    /// The library's version, e.g. `5.3.0`.
    pub fn version() -> String {
        // SAFETY: returns a static string.
        unsafe {
            let v = ts::TessVersion();
            if v.is_null() {
                return String::new();
            }
            CStr::from_ptr(v).to_string_lossy().into_owned()
        }
    }
}

impl OcrEngine for Tesseract {
    fn name(&self) -> String {
        format!("tesseract {}", Tesseract::version())
    }

    fn recognize(&mut self, image: GrayView<'_>, kind: TextKind) -> Result<Vec<Symbol>> {
        match kind {
            TextKind::Digits => self
                .digits
                .recognize(image, ts::TessPageSegMode_PSM_SINGLE_LINE),
            TextKind::Label => self
                .chinese
                .recognize(image, ts::TessPageSegMode_PSM_SINGLE_BLOCK),
            TextKind::Page => self.chinese.recognize(image, ts::TessPageSegMode_PSM_AUTO),
        }
    }
}
