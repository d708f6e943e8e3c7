//! Raster operations on grey page images: threshold, skew, rotation,
//! resampling, connected components.

use image::{GrayImage, Luma};

/// Otsu's threshold of a grey image: pixels at or below it are ink.
///
/// ```
/// use image::{GrayImage, Luma};
/// let mut img = GrayImage::from_pixel(10, 10, Luma([250]));
/// for x in 0..10 { img.put_pixel(x, 5, Luma([20])); }
/// let t = xxgk::ocr::raster::otsu(&img);
/// assert!(t >= 20 && t < 250);
/// ```
pub fn otsu(img: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for p in img.as_raw() {
        hist[*p as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return 128;
    }
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &h)| i as f64 * h as f64)
        .sum();
    let (mut w0, mut sum0, mut best, mut best_t) = (0f64, 0f64, -1f64, 128u8);
    for (t, &h) in hist.iter().enumerate() {
        w0 += h as f64;
        if w0 == 0.0 {
            continue;
        }
        let w1 = total as f64 - w0;
        if w1 == 0.0 {
            break;
        }
        sum0 += t as f64 * h as f64;
        let (m0, m1) = (sum0 / w0, (sum_all - sum0) / w1);
        let between = w0 * w1 * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    best_t
}

/// The grey level of the paper: the median pixel (most of a page is paper).
pub fn paper_level(img: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for p in img.as_raw() {
        hist[*p as usize] += 1;
    }
    let half = img.as_raw().len() as u64 / 2;
    let mut seen = 0;
    for (v, &h) in hist.iter().enumerate() {
        seen += h;
        if seen > half {
            return v as u8;
        }
    }
    255
}

/// A bit image: `true` is ink.
#[derive(Debug, Clone)]
pub struct Bits {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Row-major ink flags.
    pub ink: Vec<bool>,
}

impl Bits {
    /// Ink where the grey value is at or below `threshold`.
    pub fn from_gray(img: &GrayImage, threshold: u8) -> Bits {
        Bits {
            width: img.width() as usize,
            height: img.height() as usize,
            ink: img.as_raw().iter().map(|&p| p <= threshold).collect(),
        }
    }

    /// The ink flag at `(x, y)`; outside the image is paper.
    pub fn get(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.height && self.ink[y * self.width + x]
    }

    /// The part from `(x0, y0)` to `(x1, y1)` (exclusive); outside the
    /// image is paper.
    pub fn crop(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> Bits {
        let (w, h) = (x1.saturating_sub(x0), y1.saturating_sub(y0));
        let mut ink = Vec::with_capacity(w * h);
        for y in y0..y0 + h {
            for x in x0..x0 + w {
                ink.push(self.get(x, y));
            }
        }
        Bits {
            width: w,
            height: h,
            ink,
        }
    }
}

/// The page's skew in degrees (positive: the content is turned
/// counter-clockwise), found by the angle whose horizontal projection of ink
/// is sharpest, between −`max_deg` and `max_deg`.
pub fn estimate_skew(bits: &Bits, max_deg: f32) -> f32 {
    // Work on ink points sampled to at most ~400k.
    let n_ink = bits.ink.iter().filter(|&&b| b).count();
    if n_ink < 100 {
        return 0.0;
    }
    let step = (n_ink / 400_000).max(1);
    let pts: Vec<(f32, f32)> = bits
        .ink
        .iter()
        .enumerate()
        .filter(|(_, &b)| b)
        .step_by(step)
        .map(|(i, _)| ((i % bits.width) as f32, (i / bits.width) as f32))
        .collect();
    let (cx, cy) = (bits.width as f32 / 2.0, bits.height as f32 / 2.0);
    let h = bits.height + bits.width;
    let score = |deg: f32| -> f64 {
        let (s, c) = deg.to_radians().sin_cos();
        let mut hist = vec![0u32; h * 2];
        for &(x, y) in &pts {
            // y of the point once the page is turned back by `deg`.
            let yr = (x - cx) * s + (y - cy) * c + h as f32;
            let i = yr as usize;
            if i < hist.len() {
                hist[i] += 1;
            }
        }
        hist.iter().map(|&v| (v as f64) * (v as f64)).sum()
    };
    let mut best = (0.0f32, score(0.0));
    let mut a = -max_deg;
    while a <= max_deg + 1e-3 {
        let sc = score(a);
        if sc > best.1 {
            best = (a, sc);
        }
        a += 0.2;
    }
    let centre = best.0;
    let mut a = centre - 0.2;
    while a <= centre + 0.2 + 1e-3 {
        let sc = score(a);
        if sc > best.1 {
            best = (a, sc);
        }
        a += 0.02;
    }
    best.0
}

/// Turns the image by `deg` degrees about its centre (bilinear, white
/// outside), keeping its size. `rotate(img, estimate_skew(..))` straightens
/// a page.
pub fn rotate(img: &GrayImage, deg: f32) -> GrayImage {
    if deg.abs() < 0.01 {
        return img.clone();
    }
    let (w, h) = (img.width() as usize, img.height() as usize);
    let src = img.as_raw();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let mut out = vec![255u8; w * h];
    for y in 0..h {
        let dy = y as f32 - cy;
        for x in 0..w {
            let dx = x as f32 - cx;
            // Source point: the destination turned back by -deg.
            let sx = dx * c + dy * s + cx;
            let sy = -dx * s + dy * c + cy;
            if sx < 0.0 || sy < 0.0 || sx >= (w - 1) as f32 || sy >= (h - 1) as f32 {
                continue;
            }
            let (x0, y0) = (sx as usize, sy as usize);
            let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
            let p = |xx: usize, yy: usize| src[yy * w + xx] as f32;
            let v = p(x0, y0) * (1.0 - fx) * (1.0 - fy)
                + p(x0 + 1, y0) * fx * (1.0 - fy)
                + p(x0, y0 + 1) * (1.0 - fx) * fy
                + p(x0 + 1, y0 + 1) * fx * fy;
            out[y * w + x] = v.round().clamp(0.0, 255.0) as u8;
        }
    }
    GrayImage::from_raw(w as u32, h as u32, out).unwrap_or_else(|| img.clone())
}

/// Scales by `factor` (area-averaging down, bilinear up).
pub fn scale(img: &GrayImage, factor: f32) -> GrayImage {
    let w = ((img.width() as f32 * factor).round() as u32).max(1);
    let h = ((img.height() as f32 * factor).round() as u32).max(1);
    let filter = if factor < 1.0 {
        image::imageops::FilterType::Triangle
    } else {
        image::imageops::FilterType::CatmullRom
    };
    image::imageops::resize(img, w, h, filter)
}

/// A connected group of ink pixels (8-connected).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Component {
    /// Left, top, right (exclusive), bottom (exclusive), in pixels.
    pub x0: usize,
    /// Top.
    pub y0: usize,
    /// Right (exclusive).
    pub x1: usize,
    /// Bottom (exclusive).
    pub y1: usize,
    /// Number of ink pixels.
    pub pixels: usize,
}

impl Component {
    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.x1 - self.x0
    }
    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.y1 - self.y0
    }
}

/// Labels the 8-connected components of `bits`; returns them and the label
/// of each pixel (0 = paper, k = component k − 1).
pub fn components(bits: &Bits) -> (Vec<Component>, Vec<u32>) {
    let (w, h) = (bits.width, bits.height);
    let mut label = vec![0u32; w * h];
    let mut comps = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if !bits.ink[start] || label[start] != 0 {
            continue;
        }
        let id = comps.len() as u32 + 1;
        let mut c = Component {
            x0: usize::MAX,
            y0: usize::MAX,
            x1: 0,
            y1: 0,
            pixels: 0,
        };
        label[start] = id;
        stack.push(start);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            c.x0 = c.x0.min(x);
            c.y0 = c.y0.min(y);
            c.x1 = c.x1.max(x + 1);
            c.y1 = c.y1.max(y + 1);
            c.pixels += 1;
            for dy in [-1i64, 0, 1] {
                for dx in [-1i64, 0, 1] {
                    let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                    if nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                        continue;
                    }
                    let j = ny as usize * w + nx as usize;
                    if bits.ink[j] && label[j] == 0 {
                        label[j] = id;
                        stack.push(j);
                    }
                }
            }
        }
        comps.push(c);
    }
    (comps, label)
}

/// A white image of `w × h` with the given ink drawn black.
pub fn to_gray(bits: &Bits) -> GrayImage {
    let data = bits.ink.iter().map(|&b| if b { 0 } else { 255 }).collect();
    GrayImage::from_raw(bits.width as u32, bits.height as u32, data)
        .unwrap_or_else(|| GrayImage::from_pixel(1, 1, Luma([255])))
}
