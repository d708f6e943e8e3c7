//! [`OcrEngine`] on Tesseract's C API, loaded at run time.
//!
//! libtesseract is opened with `libloading` the first time OCR is needed,
//! not linked: reading a PDF with a text layer pays nothing for OCR (no
//! C++ library to load and relocate at start-up), building xxgk needs no
//! Tesseract headers, and a machine without Tesseract still reads every
//! born-digital report (a scan then gets a one-line reason).
//!
//! One [`Tesseract`] holds two initialised Tesseract instances: `eng` with a
//! digits whitelist for value cells, and `chi_sim` for labels and prose.
//! Initialising loads the models (tens of milliseconds), so the page
//! pipeline keeps one per worker thread.

use std::ffi::{c_char, c_void, CStr, CString};
use std::os::raw::c_int;
use std::sync::OnceLock;

use super::engine::{GrayView, OcrEngine, Symbol, TextKind};
use crate::error::{Error, ErrorKind, Result};

/// The shared-library names tried, in order.
const LIBRARY_NAMES: &[&str] = &[
    "libtesseract.so.5",
    "libtesseract.so.4",
    "libtesseract.so",
    "libtesseract.5.dylib",
    "libtesseract.dylib",
];

// Values of the C API's enums (tesseract/capi.h).
const OEM_LSTM_ONLY: c_int = 1;
const PSM_AUTO: c_int = 3;
const PSM_SINGLE_BLOCK: c_int = 6;
const PSM_SINGLE_LINE: c_int = 7;
const RIL_TEXTLINE: c_int = 2;
const RIL_SYMBOL: c_int = 4;

type Handle = *mut c_void;

/// The C API functions xxgk calls, resolved from the loaded library.
struct Capi {
    create: unsafe extern "C" fn() -> Handle,
    delete: unsafe extern "C" fn(Handle),
    end: unsafe extern "C" fn(Handle),
    init2: unsafe extern "C" fn(Handle, *const c_char, *const c_char, c_int) -> c_int,
    set_variable: unsafe extern "C" fn(Handle, *const c_char, *const c_char) -> c_int,
    set_page_seg_mode: unsafe extern "C" fn(Handle, c_int),
    set_image: unsafe extern "C" fn(Handle, *const u8, c_int, c_int, c_int, c_int),
    set_source_resolution: unsafe extern "C" fn(Handle, c_int),
    recognize: unsafe extern "C" fn(Handle, *mut c_void) -> c_int,
    clear: unsafe extern "C" fn(Handle),
    get_iterator: unsafe extern "C" fn(Handle) -> Handle,
    result_page_iterator: unsafe extern "C" fn(Handle) -> Handle,
    result_utf8_text: unsafe extern "C" fn(Handle, c_int) -> *mut c_char,
    delete_text: unsafe extern "C" fn(*const c_char),
    page_bounding_box: unsafe extern "C" fn(
        Handle,
        c_int,
        *mut c_int,
        *mut c_int,
        *mut c_int,
        *mut c_int,
    ) -> c_int,
    result_confidence: unsafe extern "C" fn(Handle, c_int) -> f32,
    page_is_at_beginning_of: unsafe extern "C" fn(Handle, c_int) -> c_int,
    result_choice_iterator: unsafe extern "C" fn(Handle) -> Handle,
    choice_utf8_text: unsafe extern "C" fn(Handle) -> *const c_char,
    choice_confidence: unsafe extern "C" fn(Handle) -> f32,
    choice_next: unsafe extern "C" fn(Handle) -> c_int,
    choice_delete: unsafe extern "C" fn(Handle),
    result_next: unsafe extern "C" fn(Handle, c_int) -> c_int,
    result_delete: unsafe extern "C" fn(Handle),
    version: unsafe extern "C" fn() -> *const c_char,
    /// libgomp's `omp_set_max_active_levels`, when Tesseract uses OpenMP.
    omp_set_max_active_levels: Option<unsafe extern "C" fn(c_int)>,
    // Kept open for the life of the process: the pointers above point into it.
    _library: libloading::Library,
}

/// The loaded library, or why it could not be loaded.
fn capi() -> Result<&'static Capi> {
    static CAPI: OnceLock<std::result::Result<Capi, String>> = OnceLock::new();
    CAPI.get_or_init(load)
        .as_ref()
        .map_err(|e| unavailable(e.clone()))
}

fn load() -> std::result::Result<Capi, String> {
    // SAFETY: loading libtesseract runs its initialisers, which are plain
    // C++ static constructors; the symbols below are looked up by their C
    // API names and given the C API's signatures.
    unsafe {
        let library = LIBRARY_NAMES
            .iter()
            .find_map(|n| libloading::Library::new(n).ok())
            .ok_or_else(|| {
                "libtesseract not found (Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
                    .to_string()
            })?;
        macro_rules! sym {
            ($name:literal) => {
                *library
                    .get(concat!($name, "\0").as_bytes())
                    .map_err(|e| format!("libtesseract has no {}: {e}", $name))?
            };
        }
        Ok(Capi {
            create: sym!("TessBaseAPICreate"),
            delete: sym!("TessBaseAPIDelete"),
            end: sym!("TessBaseAPIEnd"),
            init2: sym!("TessBaseAPIInit2"),
            set_variable: sym!("TessBaseAPISetVariable"),
            set_page_seg_mode: sym!("TessBaseAPISetPageSegMode"),
            set_image: sym!("TessBaseAPISetImage"),
            set_source_resolution: sym!("TessBaseAPISetSourceResolution"),
            recognize: sym!("TessBaseAPIRecognize"),
            clear: sym!("TessBaseAPIClear"),
            get_iterator: sym!("TessBaseAPIGetIterator"),
            result_page_iterator: sym!("TessResultIteratorGetPageIterator"),
            result_utf8_text: sym!("TessResultIteratorGetUTF8Text"),
            delete_text: sym!("TessDeleteText"),
            page_bounding_box: sym!("TessPageIteratorBoundingBox"),
            result_confidence: sym!("TessResultIteratorConfidence"),
            page_is_at_beginning_of: sym!("TessPageIteratorIsAtBeginningOf"),
            result_choice_iterator: sym!("TessResultIteratorGetChoiceIterator"),
            choice_utf8_text: sym!("TessChoiceIteratorGetUTF8Text"),
            choice_confidence: sym!("TessChoiceIteratorConfidence"),
            choice_next: sym!("TessChoiceIteratorNext"),
            choice_delete: sym!("TessChoiceIteratorDelete"),
            result_next: sym!("TessResultIteratorNext"),
            result_delete: sym!("TessResultIteratorDelete"),
            version: sym!("TessVersion"),
            omp_set_max_active_levels: library
                .get::<unsafe extern "C" fn(c_int)>(b"omp_set_max_active_levels\0")
                .ok()
                .map(|f| *f),
            _library: library,
        })
    }
}

fn unavailable(detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::OcrUnavailable {
        detail: detail.into(),
    })
}

/// One initialised `TessBaseAPI`.
struct Api {
    capi: &'static Capi,
    handle: Handle,
}

// A TessBaseAPI may move between threads; it is never shared.
unsafe impl Send for Api {}

impl Drop for Api {
    fn drop(&mut self) {
        // SAFETY: `handle` came from TessBaseAPICreate and is dropped once.
        unsafe {
            (self.capi.end)(self.handle);
            (self.capi.delete)(self.handle);
        }
    }
}

impl Api {
    fn new(lang: &str, vars: &[(&str, &str)]) -> Result<Api> {
        let capi = capi()?;
        let c_lang = CString::new(lang).map_err(|_| unavailable("bad language name"))?;
        // SAFETY: plain C API calls on a handle we own; strings outlive the calls.
        unsafe {
            let handle = (capi.create)();
            if handle.is_null() {
                return Err(unavailable("TessBaseAPICreate failed"));
            }
            let api = Api { capi, handle };
            let rc = (capi.init2)(handle, std::ptr::null(), c_lang.as_ptr(), OEM_LSTM_ONLY);
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
                (capi.set_variable)(handle, k.as_ptr(), v.as_ptr());
            }
            Ok(api)
        }
    }

    fn recognize(&mut self, image: GrayView<'_>, psm: c_int) -> Result<Vec<Symbol>> {
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
            let (api, h) = (self.capi, self.handle);
            (api.set_page_seg_mode)(h, psm);
            (api.set_image)(
                h,
                image.pixels.as_ptr(),
                image.width as c_int,
                image.height as c_int,
                1,
                image.width as c_int,
            );
            (api.set_source_resolution)(h, image.dpi.clamp(70, 2400) as c_int);
            if (api.recognize)(h, std::ptr::null_mut()) != 0 {
                (api.clear)(h);
                return Err(unavailable("Tesseract could not recognise an image"));
            }
            let it = (api.get_iterator)(h);
            if it.is_null() {
                (api.clear)(h);
                return Ok(out);
            }
            let page_it = (api.result_page_iterator)(it);
            let sym = RIL_SYMBOL;
            let line = RIL_TEXTLINE;
            let mut first = true;
            loop {
                let text_ptr = (api.result_utf8_text)(it, sym);
                if !text_ptr.is_null() {
                    let text = CStr::from_ptr(text_ptr).to_string_lossy().into_owned();
                    (api.delete_text)(text_ptr);
                    let (mut l, mut t, mut r, mut b) = (0, 0, 0, 0);
                    (api.page_bounding_box)(page_it, sym, &mut l, &mut t, &mut r, &mut b);
                    let confidence = (api.result_confidence)(it, sym);
                    let line_start = !first && (api.page_is_at_beginning_of)(page_it, line) != 0;
                    first = false;
                    let mut alternatives = Vec::new();
                    let ci = (api.result_choice_iterator)(it);
                    if !ci.is_null() {
                        loop {
                            let c = (api.choice_utf8_text)(ci);
                            if !c.is_null() {
                                let s = CStr::from_ptr(c).to_string_lossy().into_owned();
                                let conf = (api.choice_confidence)(ci);
                                if s != text && !alternatives.iter().any(|(a, _)| *a == s) {
                                    alternatives.push((s, conf));
                                }
                            }
                            if (api.choice_next)(ci) == 0 {
                                break;
                            }
                        }
                        (api.choice_delete)(ci);
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
                if (api.result_next)(it, sym) == 0 {
                    break;
                }
            }
            (api.result_delete)(it);
            (api.clear)(h);
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
/// `omp_set_max_active_levels(0)`, found in the loaded library (a Tesseract built
/// without OpenMP has no such symbol, and nothing is done). A user's own
/// `OMP_THREAD_LIMIT` is left alone.
fn serial_openmp(capi: &Capi) {
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return;
    }
    // The setting belongs to the calling thread's data environment, so
    // every worker makes it for itself (each makes its engine once).
    if let Some(f) = capi.omp_set_max_active_levels {
        // SAFETY: libgomp's `void omp_set_max_active_levels(int)`.
        unsafe { f(0) };
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
        serial_openmp(capi()?);
        let common = [("debug_file", "/dev/null"), ("lstm_choice_mode", "2")];
        let mut digit_vars = common.to_vec();
        digit_vars.push(("tessedit_char_whitelist", "0123456789.-"));
        digit_vars.push(("classify_bln_numeric_mode", "1"));
        Ok(Tesseract {
            digits: Api::new("eng", &digit_vars)?,
            chinese: Api::new("chi_sim", &common)?,
        })
    }

    /// The library's version, e.g. `5.3.0` (empty when it cannot be
    /// loaded).
    pub fn version() -> String {
        let Ok(api) = capi() else {
            return String::new();
        };
        // SAFETY: returns a static string.
        unsafe {
            let v = (api.version)();
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
            TextKind::Digits => self.digits.recognize(image, PSM_SINGLE_LINE),
            TextKind::Label => self.chinese.recognize(image, PSM_SINGLE_BLOCK),
            TextKind::Page => self.chinese.recognize(image, PSM_AUTO),
        }
    }
}
