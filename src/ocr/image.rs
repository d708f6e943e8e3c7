//! Page images: taken straight from the PDF when a page is one image (DCT,
//! Flate, CCITT G4), otherwise rendered with poppler's `pdftoppm` when it is
//! installed.
//!
//! Every page image is grey (0 = black) and covers the whole page, so pixel
//! `(x, y)` is at `(x, y) · 72 / dpi` points from the page's top-left corner.

use image::GrayImage;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::error::{Error, ErrorKind, Result};

/// A page as a grey image covering the whole page.
#[derive(Debug, Clone)]
pub struct PageImage {
    /// The pixels.
    pub image: GrayImage,
    /// Horizontal resolution, pixels per inch of the page.
    pub dpi_x: f32,
    /// Vertical resolution, pixels per inch of the page.
    pub dpi_y: f32,
    /// How the image was obtained: `dct`, `flate`, `ccitt`, `render`.
    pub source: &'static str,
}

/// Largest page image taken, in pixels (a 600 dpi A3 page has 70 M).
pub const MAX_IMAGE_PIXELS: u64 = 80_000_000;

fn failed(detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::OcrUnavailable {
        detail: detail.into(),
    })
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

fn int(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<i64> {
    match deref(doc, d.get(key).ok()?) {
        Object::Integer(i) => Some(*i),
        Object::Real(r) => Some(*r as i64),
        _ => None,
    }
}

fn name_of(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    match deref(doc, o) {
        Object::Name(n) => Some(n.clone()),
        Object::Array(a) if a.len() == 1 => name_of(doc, &a[0]),
        _ => None,
    }
}

/// The image XObjects a page's resources name, following `Parent` for
/// inherited resources.
fn page_images(doc: &Document, page_id: ObjectId) -> Vec<&Stream> {
    let mut out = Vec::new();
    let Ok(mut d) = doc.get_dictionary(page_id) else {
        return out;
    };
    let mut resources = None;
    for _ in 0..32 {
        if let Ok(r) = d.get(b"Resources") {
            resources = deref(doc, r).as_dict().ok();
            break;
        }
        match d.get(b"Parent").map(|p| deref(doc, p)) {
            Ok(Object::Dictionary(p)) => d = p,
            _ => break,
        }
    }
    let Some(xobjects) = resources
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|x| deref(doc, x).as_dict().ok())
    else {
        return out;
    };
    for (_, v) in xobjects.iter() {
        if let Object::Stream(s) = deref(doc, v) {
            if s.dict
                .get(b"Subtype")
                .ok()
                .and_then(|o| name_of(doc, o))
                .as_deref()
                == Some(b"Image")
            {
                out.push(s);
            }
        }
    }
    out
}

/// True when the page's resources hold an image (so OCR can read it).
pub fn page_has_image(doc: &Document, page_id: ObjectId) -> bool {
    !page_images(doc, page_id).is_empty()
}

/// Takes the page's image straight from the PDF when the page holds exactly
/// one image whose shape matches the page (so it covers it, as scanners and
/// img2pdf place it). `None` when the page is anything else or the image's
/// encoding is not one read here (JBIG2, JPX, colour-key masks…).
pub fn embedded_page_image(
    doc: &Document,
    page_id: ObjectId,
    width_pt: f32,
    height_pt: f32,
) -> Option<PageImage> {
    let images = page_images(doc, page_id);
    if images.len() != 1 {
        return None;
    }
    let s = images[0];
    let w = int(doc, &s.dict, b"Width")?;
    let h = int(doc, &s.dict, b"Height")?;
    if w <= 0 || h <= 0 || (w as u64) * (h as u64) > MAX_IMAGE_PIXELS {
        return None;
    }
    let (dpi_x, dpi_y) = (w as f32 * 72.0 / width_pt, h as f32 * 72.0 / height_pt);
    // The image must have the page's shape (same dpi both ways within 3%).
    if !(dpi_x > 30.0 && dpi_y > 30.0 && (dpi_x / dpi_y - 1.0).abs() < 0.03) {
        return None;
    }
    let (image, source) = decode_image(doc, s, w as u32, h as u32)?;
    Some(PageImage {
        image,
        dpi_x,
        dpi_y,
        source,
    })
}

fn decode_image(doc: &Document, s: &Stream, w: u32, h: u32) -> Option<(GrayImage, &'static str)> {
    let filter = s.dict.get(b"Filter").ok().and_then(|f| name_of(doc, f));
    let bpc = int(doc, &s.dict, b"BitsPerComponent").unwrap_or(8);
    let invert = match s.dict.get(b"Decode").map(|d| deref(doc, d)) {
        Ok(Object::Array(a)) => {
            a.first().and_then(|o| match deref(doc, o) {
                Object::Integer(i) => Some(*i == 1),
                Object::Real(r) => Some(*r > 0.5),
                _ => None,
            }) == Some(true)
        }
        _ => false,
    };
    let mask = matches!(
        s.dict.get(b"ImageMask").map(|o| deref(doc, o)),
        Ok(Object::Boolean(true))
    );
    let mut img = match filter.as_deref() {
        Some(b"DCTDecode") => {
            let dynimg =
                image::load_from_memory_with_format(&s.content, image::ImageFormat::Jpeg).ok()?;
            (dynimg.to_luma8(), "dct")
        }
        Some(b"CCITTFaxDecode") => (decode_ccitt(doc, s, w, h)?, "ccitt"),
        Some(b"FlateDecode") | None => {
            let data = if filter.is_some() {
                s.decompressed_content().ok()?
            } else {
                s.content.clone()
            };
            let colors = match s
                .dict
                .get(b"ColorSpace")
                .ok()
                .and_then(|c| name_of(doc, c))
                .as_deref()
            {
                Some(b"DeviceRGB") => 3,
                Some(b"DeviceCMYK") => 4,
                _ if mask => 1,
                Some(b"DeviceGray") | Some(b"CalGray") => 1,
                _ => return None,
            };
            (unpack(&data, w, h, bpc as u32, colors)?, "flate")
        }
        _ => return None,
    };
    // An image mask paints its 0 samples black by default.
    if invert != mask {
        image::imageops::invert(&mut img.0);
    }
    Some(img)
}

/// Raw samples (1 or 8 bits, grey, RGB or CMYK) → grey.
fn unpack(data: &[u8], w: u32, h: u32, bpc: u32, colors: u32) -> Option<GrayImage> {
    let (wu, hu) = (w as usize, h as usize);
    let mut out = GrayImage::new(w, h);
    match (bpc, colors) {
        (1, 1) => {
            let row = wu.div_ceil(8);
            if data.len() < row * hu {
                return None;
            }
            for (y, line) in data.chunks(row).take(hu).enumerate() {
                for x in 0..wu {
                    let bit = (line[x / 8] >> (7 - (x % 8))) & 1;
                    out.put_pixel(
                        x as u32,
                        y as u32,
                        image::Luma([if bit == 1 { 255 } else { 0 }]),
                    );
                }
            }
        }
        (8, c) => {
            let c = c as usize;
            if data.len() < wu * hu * c {
                return None;
            }
            for (i, px) in out.as_mut().iter_mut().enumerate() {
                let s = &data[i * c..i * c + c];
                *px = match c {
                    1 => s[0],
                    3 => ((s[0] as u32 * 299 + s[1] as u32 * 587 + s[2] as u32 * 114) / 1000) as u8,
                    _ => 255u8
                        .saturating_sub(s[3])
                        .saturating_sub(((s[0] as u32 + s[1] as u32 + s[2] as u32) / 3) as u8),
                };
            }
        }
        _ => return None,
    }
    Some(out)
}

fn decode_ccitt(doc: &Document, s: &Stream, w: u32, h: u32) -> Option<GrayImage> {
    let parms = s
        .dict
        .get(b"DecodeParms")
        .ok()
        .map(|p| deref(doc, p))
        .and_then(|p| match p {
            Object::Dictionary(d) => Some(d.clone()),
            Object::Array(a) => a
                .first()
                .and_then(|o| deref(doc, o).as_dict().ok().cloned()),
            _ => None,
        })
        .unwrap_or_default();
    let k = int(doc, &parms, b"K").unwrap_or(0);
    if k >= 0 {
        return None; // Group 3: not produced by the scanners met so far.
    }
    let columns = int(doc, &parms, b"Columns")
        .unwrap_or(1728)
        .clamp(1, 1 << 16) as u32;
    let black_is_1 = matches!(
        parms.get(b"BlackIs1").map(|o| deref(doc, o)),
        Ok(Object::Boolean(true))
    );
    let width = columns.min(w);
    let mut out = GrayImage::from_pixel(w, h, image::Luma([255]));
    let mut y = 0u32;
    fax::decoder::decode_g4(s.content.iter().copied(), columns, Some(h), |transitions| {
        if y < h {
            for (x, c) in fax::decoder::pels(transitions, columns)
                .enumerate()
                .take(width as usize)
            {
                // The filter yields sample 0 for black unless BlackIs1; the
                // grey colour space then shows sample 0 as black.
                let black = c == fax::Color::Black;
                if black != black_is_1 {
                    out.put_pixel(x as u32, y, image::Luma([0]));
                }
            }
        }
        y += 1;
    })?;
    Some(out)
}

/// Renders one page (0-based `page_index`) with poppler's `pdftoppm` at
/// `dpi`, grey. The PDF is written to a temporary file first.
///
/// Errors: [`ErrorKind::OcrUnavailable`] when `pdftoppm` is missing or fails.
pub fn render_page(pdf: &[u8], page_index: usize, dpi: u32) -> Result<PageImage> {
    let dir = std::env::temp_dir().join(format!(
        "xxgk-render-{}-{}-{page_index}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| failed(format!("cannot render page: {e}")))?;
    let result = (|| {
        let input = dir.join("in.pdf");
        std::fs::write(&input, pdf).map_err(|e| failed(format!("cannot render page: {e}")))?;
        let n = (page_index + 1).to_string();
        let status = std::process::Command::new("pdftoppm")
            .args([
                "-gray",
                "-r",
                &dpi.to_string(),
                "-f",
                &n,
                "-l",
                &n,
                "-singlefile",
            ])
            .arg(&input)
            .arg(dir.join("page"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map_err(|_| {
                failed("the page is not one image and pdftoppm (poppler-utils) is not installed")
            })?;
        if !status.success() {
            return Err(failed("pdftoppm could not render the page"));
        }
        let img = image::open(dir.join("page.pgm"))
            .map_err(|e| failed(format!("cannot read the rendered page: {e}")))?
            .to_luma8();
        Ok(PageImage {
            image: img,
            dpi_x: dpi as f32,
            dpi_y: dpi as f32,
            source: "render",
        })
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
