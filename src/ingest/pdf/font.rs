//! Fonts: splitting strings into codes, codes into Unicode text and widths.
//!
//! Supported: Type0 (CID) fonts with Identity-H/V, predefined Chinese CMaps or
//! an embedded CMap; simple TrueType/Type1 fonts; Type3 fonts. Text comes
//! from, in order: ToUnicode, the CMap's own meaning (UCS-2, UTF-16, GBK), the
//! simple font's encoding and `/Differences`, and the embedded TrueType's
//! Unicode `cmap` (inverted: glyph id → character).

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::CMap;
use super::encoding::{glyph_name_to_unicode, BaseEncoding, Predefined};
use super::obj;

/// Largest font program or CMap stream read, in bytes.
const MAX_FONT_STREAM_BYTES: usize = 32 << 20;

/// Bytes of budget charged per parsed CMap entry or font table entry: the
/// parsed font stays in memory for the whole document.
const ENTRY_COST_BYTES: usize = 64;

/// The decoded bytes of a font stream, at most [`MAX_FONT_STREAM_BYTES`] and
/// at most `budget`, which is reduced by their length.
fn budget_stream(doc: &Document, o: &Object, budget: &mut usize) -> Option<Vec<u8>> {
    let data = obj::stream_bytes(doc, o, MAX_FONT_STREAM_BYTES.min(*budget))?;
    *budget = budget.saturating_sub(data.len());
    Some(data)
}

/// Parses a CMap and charges its entries to `budget`.
fn parse_cmap(data: &[u8], budget: &mut usize) -> CMap {
    let m = CMap::parse(data);
    *budget = budget.saturating_sub(m.entries().saturating_mul(ENTRY_COST_BYTES));
    m
}

/// Widths of a CID font: `(first, last, value)`.
#[derive(Debug, Clone)]
enum WidthRun {
    /// One width for every CID in the range.
    Same(u32, u32, f32),
    /// One width per CID, starting at the first.
    List(u32, Vec<f32>),
}

/// Parses a CID font `/W` array, in both forms: `c [w1 w2 …]` and
/// `c_first c_last w`. Returns `(cid, width)` lookups via [`CidWidths::get`].
///
/// ```
/// use lopdf::Object;
/// use xxgk::ingest::pdf::font::CidWidths;
/// let w = CidWidths::parse(&[
///     Object::Integer(16),
///     Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
///     Object::Integer(20),
///     Object::Integer(30),
///     Object::Integer(250),
/// ]);
/// assert_eq!(w.get(17), Some(600.0));
/// assert_eq!(w.get(25), Some(250.0));
/// assert_eq!(w.get(31), None);
/// ```
#[derive(Debug, Clone, Default)]
pub struct CidWidths {
    runs: Vec<WidthRun>,
}

impl CidWidths {
    /// Parses a `/W` array whose elements are already dereferenced.
    pub fn parse(items: &[Object]) -> CidWidths {
        let mut runs = Vec::new();
        let mut i = 0;
        while i < items.len() {
            let Some(first) = obj::num(&items[i]) else {
                i += 1;
                continue;
            };
            match items.get(i + 1) {
                Some(Object::Array(ws)) => {
                    let list: Vec<f32> = ws.iter().map(|w| obj::num(w).unwrap_or(0.0)).collect();
                    runs.push(WidthRun::List(first.max(0.0) as u32, list));
                    i += 2;
                }
                Some(o) => {
                    if let (Some(last), Some(w)) =
                        (obj::num(o), items.get(i + 2).and_then(obj::num))
                    {
                        runs.push(WidthRun::Same(
                            first.max(0.0) as u32,
                            last.max(0.0) as u32,
                            w,
                        ));
                    }
                    i += 3;
                }
                None => break,
            }
        }
        CidWidths { runs }
    }

    /// The width of `cid` in thousandths of an em, if listed.
    pub fn get(&self, cid: u32) -> Option<f32> {
        for r in &self.runs {
            match r {
                WidthRun::Same(a, b, w) if cid >= *a && cid <= *b => return Some(*w),
                WidthRun::List(a, ws) if cid >= *a && ((cid - a) as usize) < ws.len() => {
                    return Some(ws[(cid - a) as usize])
                }
                _ => {}
            }
        }
        None
    }
}

/// Vertical metrics from `/W2`: `(w1y, vx, vy)` per CID.
#[derive(Debug, Clone, Default)]
struct VerticalMetrics {
    runs: Vec<(u32, u32, Vec<[f32; 3]>)>,
}

impl VerticalMetrics {
    fn parse(items: &[Object]) -> VerticalMetrics {
        let mut runs = Vec::new();
        let mut i = 0;
        while i < items.len() {
            let Some(first) = obj::num(&items[i]) else {
                i += 1;
                continue;
            };
            let first = first.max(0.0) as u32;
            match items.get(i + 1) {
                Some(Object::Array(ws)) => {
                    let nums: Vec<f32> = ws.iter().map(|w| obj::num(w).unwrap_or(0.0)).collect();
                    let list: Vec<[f32; 3]> =
                        nums.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
                    let n = list.len() as u32;
                    if n > 0 {
                        runs.push((first, first.saturating_add(n - 1), list));
                    }
                    i += 2;
                }
                Some(o) => {
                    let last = obj::num(o).unwrap_or(0.0).max(0.0) as u32;
                    let v: Vec<f32> = (2..5)
                        .map(|k| items.get(i + k).and_then(obj::num).unwrap_or(0.0))
                        .collect();
                    runs.push((first, last, vec![[v[0], v[1], v[2]]]));
                    i += 5;
                }
                None => break,
            }
        }
        VerticalMetrics { runs }
    }

    fn get(&self, cid: u32) -> Option<[f32; 3]> {
        self.runs
            .iter()
            .find(|(a, b, _)| cid >= *a && cid <= *b)
            .map(|(a, _, l)| {
                if l.len() == 1 {
                    l[0]
                } else {
                    l[((cid - a) as usize).min(l.len() - 1)]
                }
            })
    }
}

/// How a string is cut into codes.
#[derive(Debug, Clone)]
enum CodeSplit {
    /// One byte per code (simple fonts).
    Single,
    /// A predefined CMap.
    Predefined(Predefined),
    /// An embedded CMap stream.
    Embedded(CMap),
}

/// What was learnt from an embedded TrueType/OpenType font program.
#[derive(Debug, Clone, Default)]
struct Embedded {
    /// Glyph id → character, from the Unicode `cmap` subtables.
    gid_unicode: HashMap<u16, char>,
    /// Advance widths in thousandths of an em, by glyph id.
    advances: Vec<f32>,
    /// Simple fonts: byte code → glyph id, from a (3,0) or (1,0) `cmap`.
    code_gid: HashMap<u8, u16>,
}

fn parse_embedded(data: &[u8], simple: bool) -> Option<Embedded> {
    let face = ttf_parser::Face::parse(data, 0).ok()?;
    let upem = face.units_per_em().max(1) as f32;
    let mut e = Embedded::default();
    let n = face.number_of_glyphs();
    e.advances = (0..n)
        .map(|g| {
            face.glyph_hor_advance(ttf_parser::GlyphId(g))
                .map(|a| a as f32 * 1000.0 / upem)
                .unwrap_or(0.0)
        })
        .collect();
    if let Some(cmap) = face.tables().cmap {
        for st in cmap.subtables {
            if st.is_unicode() {
                st.codepoints(|cp| {
                    if let (Some(c), Some(g)) = (char::from_u32(cp), st.glyph_index(cp)) {
                        let keep = match e.gid_unicode.get(&g.0) {
                            // Prefer ideographs and non-private-use characters.
                            Some(old) => is_private_use(*old) && !is_private_use(c),
                            None => true,
                        };
                        if keep && g.0 != 0 {
                            e.gid_unicode.insert(g.0, c);
                        }
                    }
                });
            } else if simple
                && st.encoding_id == 0
                && matches!(
                    st.platform_id,
                    ttf_parser::PlatformId::Windows | ttf_parser::PlatformId::Macintosh
                )
            {
                for code in 0u32..=255 {
                    let g = st
                        .glyph_index(0xF000 + code)
                        .or_else(|| st.glyph_index(code));
                    if let Some(g) = g {
                        e.code_gid.entry(code as u8).or_insert(g.0);
                    }
                }
            }
        }
    }
    Some(e)
}

/// True for private-use code points.
pub fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// One decoded code.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Unicode text (may be empty when nothing maps).
    pub text: String,
    /// Horizontal advance in thousandths of text space units (w0).
    pub width: f32,
    /// Vertical advance (w1y, usually negative) in thousandths.
    pub w1y: f32,
    /// Vertical-writing position vector (vx, vy) in thousandths.
    pub v: (f32, f32),
    /// True for the single-byte code 32, to which word spacing applies.
    pub word_space: bool,
}

/// A parsed font, ready to decode strings.
#[derive(Debug, Clone)]
pub struct Font {
    /// True when the font writes vertically.
    pub vertical: bool,
    /// Ascent in thousandths of an em (positive).
    pub ascent: f32,
    /// Descent in thousandths of an em (negative).
    pub descent: f32,
    /// Type3 glyph-space scale: `FontMatrix` d × 1000 (1 for other fonts).
    pub type3_vscale: f32,
    composite: bool,
    split: CodeSplit,
    predefined: Option<Predefined>,
    to_unicode: Option<CMap>,
    simple_map: Option<Box<[Option<char>; 256]>>,
    base_encoding: Option<BaseEncoding>,
    embedded: Option<Embedded>,
    cid_to_gid: Option<Vec<u16>>,
    first_char: u32,
    widths: Vec<f32>,
    missing_width: f32,
    cid_widths: CidWidths,
    dw: f32,
    w2: VerticalMetrics,
    dw2: (f32, f32),
    width_scale: f32,
}

impl Font {
    /// A stand-in used when a font cannot be found or read: one byte per
    /// code, WinAnsi, width 500.
    pub fn fallback() -> Font {
        Font {
            vertical: false,
            ascent: 880.0,
            descent: -120.0,
            type3_vscale: 1.0,
            composite: false,
            split: CodeSplit::Single,
            predefined: None,
            to_unicode: None,
            simple_map: None,
            base_encoding: Some(BaseEncoding::WinAnsi),
            embedded: None,
            cid_to_gid: None,
            first_char: 0,
            widths: Vec::new(),
            missing_width: 500.0,
            cid_widths: CidWidths::default(),
            dw: 1000.0,
            w2: VerticalMetrics::default(),
            dw2: (880.0, -1000.0),
            width_scale: 1.0,
        }
    }

    /// Reads a font dictionary, with no budget beyond the 32 MiB cap on
    /// each font stream.
    pub fn load(doc: &Document, dict: &Dictionary) -> Font {
        let mut unlimited = usize::MAX;
        Font::load_with_budget(doc, dict, &mut unlimited)
    }

    /// Reads a font dictionary; its streams (ToUnicode, CMap, CIDToGIDMap,
    /// font program) decode to at most `budget` bytes in all, which is
    /// reduced by what they use. A stream past the budget is ignored, as if
    /// absent.
    pub fn load_with_budget(doc: &Document, dict: &Dictionary, budget: &mut usize) -> Font {
        let mut f = Font::fallback();
        let subtype = obj::name_of(doc, dict.get(b"Subtype").ok()).unwrap_or_default();
        f.to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| budget_stream(doc, o, budget))
            .map(|d| parse_cmap(&d, budget))
            .filter(|m| !m.is_empty());
        if subtype == "Type0" {
            f.composite = true;
            f.base_encoding = None;
            let enc = dict.get(b"Encoding").ok();
            if let Some(name) = obj::name_of(doc, enc) {
                match Predefined::from_name(&name) {
                    Some((p, v)) => {
                        f.split = CodeSplit::Predefined(p);
                        f.predefined = Some(p);
                        f.vertical = v;
                    }
                    None => f.split = CodeSplit::Predefined(Predefined::Identity),
                }
            } else if let Some(o) = enc {
                let wmode = obj::deref(doc, o)
                    .as_stream()
                    .ok()
                    .and_then(|s| s.dict.get(b"WMode").ok().and_then(obj::num));
                let m = budget_stream(doc, o, budget)
                    .map(|d| parse_cmap(&d, budget))
                    .unwrap_or_default();
                f.vertical = wmode == Some(1.0);
                if let Some(base) = m.use_cmap.as_deref().and_then(Predefined::from_name) {
                    f.predefined = Some(base.0);
                    f.vertical |= base.1;
                }
                f.split = if m.codespaces.is_empty() {
                    CodeSplit::Predefined(f.predefined.unwrap_or(Predefined::Identity))
                } else {
                    CodeSplit::Embedded(m)
                };
            } else {
                f.split = CodeSplit::Predefined(Predefined::Identity);
            }
            let desc = dict
                .get(b"DescendantFonts")
                .ok()
                .and_then(|o| obj::deref(doc, o).as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| obj::deref(doc, o).as_dict().ok());
            if let Some(d) = desc {
                if let Some(w) = d.get(b"W").ok().map(|o| obj::array_deref(doc, o)) {
                    f.cid_widths = CidWidths::parse(&w);
                }
                f.dw = d.get(b"DW").ok().and_then(obj::num).unwrap_or(1000.0);
                if let Some(w2) = d.get(b"W2").ok().map(|o| obj::array_deref(doc, o)) {
                    f.w2 = VerticalMetrics::parse(&w2);
                }
                if let Some(dw2) = d.get(b"DW2").ok().map(|o| obj::array_deref(doc, o)) {
                    if let (Some(a), Some(b)) = (
                        dw2.first().and_then(obj::num),
                        dw2.get(1).and_then(obj::num),
                    ) {
                        f.dw2 = (a, b);
                    }
                }
                if let Ok(o) = d.get(b"CIDToGIDMap") {
                    if let Some(data) = budget_stream(doc, o, budget) {
                        f.cid_to_gid = Some(
                            data.chunks_exact(2)
                                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                                .collect(),
                        );
                    }
                }
                f.read_descriptor(doc, d, true, budget);
            }
            return f;
        }
        // Simple fonts.
        f.first_char = dict
            .get(b"FirstChar")
            .ok()
            .and_then(obj::num)
            .unwrap_or(0.0)
            .max(0.0) as u32;
        if let Ok(w) = dict.get(b"Widths") {
            f.widths = obj::array_deref(doc, w)
                .iter()
                .map(|o| obj::num(o).unwrap_or(0.0))
                .collect();
        }
        if subtype == "Type3" {
            let fm = dict
                .get(b"FontMatrix")
                .ok()
                .map(|o| obj::array_deref(doc, o))
                .unwrap_or_default();
            let a = fm.first().and_then(obj::num).unwrap_or(0.001);
            let d = fm.get(3).and_then(obj::num).unwrap_or(0.001);
            f.width_scale = a * 1000.0;
            let vs = (d * 1000.0).abs();
            f.type3_vscale = if (0.01..=100.0).contains(&vs) {
                vs
            } else {
                1.0
            };
        }
        let is_truetype = subtype == "TrueType";
        let mut symbolic = false;
        if let Some(fd) = dict
            .get(b"FontDescriptor")
            .ok()
            .and_then(|o| obj::deref(doc, o).as_dict().ok())
        {
            let flags = fd.get(b"Flags").ok().and_then(obj::num).unwrap_or(0.0) as u32;
            symbolic = flags & 4 != 0;
            f.missing_width = fd
                .get(b"MissingWidth")
                .ok()
                .and_then(obj::num)
                .unwrap_or(0.0);
        }
        f.read_descriptor(doc, dict, false, budget);
        // Encoding and Differences.
        let enc = dict.get(b"Encoding").ok().map(|o| obj::deref(doc, o));
        let mut map: Option<Box<[Option<char>; 256]>> = None;
        match enc {
            Some(Object::Name(n)) => f.base_encoding = BaseEncoding::from_name(n),
            Some(Object::Dictionary(d)) => {
                f.base_encoding = d
                    .get(b"BaseEncoding")
                    .ok()
                    .and_then(|o| obj::name_of(doc, Some(o)))
                    .and_then(|n| BaseEncoding::from_name(n.as_bytes()));
                if let Ok(diffs) = d.get(b"Differences") {
                    let mut m = Box::new([None; 256]);
                    let mut code = 0usize;
                    for o in obj::array_deref(doc, diffs) {
                        match &o {
                            Object::Integer(i) => code = (*i).clamp(0, 255) as usize,
                            Object::Name(n) => {
                                if code < 256 {
                                    m[code] = glyph_name_to_unicode(&String::from_utf8_lossy(n));
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                    map = Some(m);
                }
            }
            _ => {
                f.base_encoding = if symbolic && subtype != "Type3" {
                    None
                } else {
                    Some(BaseEncoding::Standard)
                };
                if is_truetype && !symbolic {
                    f.base_encoding = Some(BaseEncoding::WinAnsi);
                }
            }
        }
        f.simple_map = map;
        if f.base_encoding.is_none() && f.simple_map.is_none() {
            f.base_encoding = Some(BaseEncoding::WinAnsi);
        }
        f
    }

    /// Reads `/FontDescriptor` (ascent, descent) and, when needed, the
    /// embedded font program.
    fn read_descriptor(
        &mut self,
        doc: &Document,
        font: &Dictionary,
        composite: bool,
        budget: &mut usize,
    ) {
        let Some(fd) = font
            .get(b"FontDescriptor")
            .ok()
            .and_then(|o| obj::deref(doc, o).as_dict().ok())
        else {
            return;
        };
        let asc = fd.get(b"Ascent").ok().and_then(obj::num).unwrap_or(0.0);
        let desc = fd.get(b"Descent").ok().and_then(obj::num).unwrap_or(0.0);
        if (500.0..=1300.0).contains(&asc) && (-500.0..=0.0).contains(&desc) {
            self.ascent = asc;
            self.descent = desc;
        }
        let need_unicode = self.to_unicode.is_none();
        let need_widths = !composite && self.widths.is_empty();
        if !(need_unicode || need_widths) {
            return;
        }
        let prog = fd
            .get(b"FontFile2")
            .ok()
            .or_else(|| fd.get(b"FontFile3").ok());
        if let Some(data) = prog.and_then(|o| budget_stream(doc, o, budget)) {
            self.embedded = parse_embedded(&data, !composite);
            if let Some(e) = &self.embedded {
                let n = e.advances.len() + e.gid_unicode.len() + e.code_gid.len();
                *budget = budget.saturating_sub(n.saturating_mul(ENTRY_COST_BYTES / 4));
            }
        }
    }

    /// Calls `f` for each code in `bytes`.
    pub fn decode(&self, bytes: &[u8], mut f: impl FnMut(Decoded)) {
        let mut i = 0;
        while i < bytes.len() {
            let rest = &bytes[i..];
            let len = match &self.split {
                CodeSplit::Single => 1,
                CodeSplit::Predefined(p) => p.next_code_len(rest),
                CodeSplit::Embedded(m) => m.next_code_len(rest),
            };
            let code = &rest[..len];
            i += len;
            f(if self.composite {
                self.decode_composite(code)
            } else {
                self.decode_simple(code[0])
            });
        }
    }

    fn decode_simple(&self, b: u8) -> Decoded {
        let mut text = String::new();
        if let Some(s) = self.to_unicode.as_ref().and_then(|m| m.lookup(&[b])) {
            text.push_str(&s);
        }
        if text.is_empty() {
            if let Some(c) = self.simple_map.as_ref().and_then(|m| m[b as usize]) {
                text.push(c);
            }
        }
        if text.is_empty() {
            if let Some(e) = &self.embedded {
                if let Some(c) = e.code_gid.get(&b).and_then(|g| e.gid_unicode.get(g)) {
                    text.push(*c);
                }
            }
        }
        if text.is_empty() {
            if let Some(c) = self.base_encoding.and_then(|e| e.decode(b)) {
                text.push(c);
            }
        }
        let code = b as u32;
        let width =
            if code >= self.first_char && ((code - self.first_char) as usize) < self.widths.len() {
                self.widths[(code - self.first_char) as usize]
            } else if let Some(w) = self.embedded.as_ref().and_then(|e| {
                let g = e.code_gid.get(&b).copied()?;
                e.advances.get(g as usize).copied()
            }) {
                w
            } else if self.widths.is_empty() && self.missing_width == 0.0 {
                500.0
            } else {
                self.missing_width
            } * self.width_scale;
        Decoded {
            text,
            width,
            w1y: -1000.0,
            v: (width / 2.0, 880.0),
            word_space: b == 32,
        }
    }

    fn decode_composite(&self, code: &[u8]) -> Decoded {
        let value = code.iter().fold(0u32, |a, &b| (a << 8) | b as u32);
        let mut text = String::new();
        if let Some(s) = self.to_unicode.as_ref().and_then(|m| m.lookup(code)) {
            if !s.chars().all(|c| c == '\0') {
                text.push_str(&s);
            }
        }
        if text.is_empty() {
            if let Some(s) = self.predefined.and_then(|p| p.decode(code)) {
                text = s;
            }
        }
        let cid = match &self.split {
            CodeSplit::Embedded(m) => m.cid(code),
            CodeSplit::Predefined(Predefined::Identity) => Some(value),
            CodeSplit::Predefined(_) | CodeSplit::Single => None,
        };
        let cid = cid.or_else(|| {
            // Predefined Unicode/GBK CMaps onto Adobe-GB1: printable ASCII is CID 1..=95.
            let c = text.chars().next()?;
            (text.chars().count() == 1 && (' '..='~').contains(&c)).then(|| c as u32 - 0x1F)
        });
        if text.is_empty() {
            if let (Some(e), Some(cid)) = (&self.embedded, cid) {
                let gid = match &self.cid_to_gid {
                    Some(m) => m.get(cid as usize).copied().unwrap_or(0),
                    None => cid.min(u16::MAX as u32) as u16,
                };
                if let Some(c) = e.gid_unicode.get(&gid) {
                    text.push(*c);
                }
            }
        }
        if text.is_empty() {
            text.push('\u{FFFD}');
        }
        let width = cid.and_then(|c| self.cid_widths.get(c)).unwrap_or(
            if self.predefined.is_some_and(|p| p != Predefined::Identity) && cid.is_some() {
                500.0
            } else {
                self.dw
            },
        );
        let (w1y, v) = match cid.and_then(|c| self.w2.get(c)) {
            Some([w1, vx, vy]) => (w1, (vx, vy)),
            None => (self.dw2.1, (width / 2.0, self.dw2.0)),
        };
        Decoded {
            text,
            width,
            w1y,
            v,
            word_space: code.len() == 1 && code[0] == 32,
        }
    }
}
