//! The content-stream interpreter: graphics and text state, text showing
//! operators (glyphs) and path painting operators (ruling lines).
//!
//! Coordinates: the interpreter starts from a matrix that maps the page's
//! user space to the displayed page with a top-left origin (honouring
//! `/MediaBox` and `/Rotate`), so every box it emits is already in the
//! [`BBox`](crate::geom::BBox) convention.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::Font;
use super::kangxi;
use super::limits::Limits;
use super::obj;
use crate::error::{Error, ErrorKind};
use crate::geom::BBox;
use crate::layout::{Glyph, Rule};

/// An affine matrix `[a b c d e f]`.
pub type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × n`: apply `m`, then `n`.
pub fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Parsed fonts of one document, by object id.
pub type FontCache = HashMap<ObjectId, Rc<Font>>;

/// What is left of the per-document [`Limits`] while the pages are read.
#[derive(Debug, Clone)]
pub struct Budget {
    /// Decoded stream bytes left (contents, forms, fonts, CMaps).
    pub decoded_bytes: usize,
    /// Content operations left.
    pub operations: usize,
    /// Glyphs left.
    pub glyphs: usize,
}

impl Budget {
    /// The whole budget of a document.
    pub fn new(limits: &Limits) -> Budget {
        Budget {
            decoded_bytes: limits.max_decoded_bytes,
            operations: limits.max_operations,
            glyphs: limits.max_glyphs,
        }
    }
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    h_scale: f32,
    leading: f32,
    rise: f32,
}

#[derive(Default)]
struct SubPath {
    pts: Vec<(f32, f32)>,
    closed: bool,
    rect: bool,
}

/// Interprets the content of one page.
pub struct PageInterp<'a> {
    doc: &'a Document,
    fonts: &'a mut FontCache,
    limits: &'a Limits,
    budget: &'a mut Budget,
    page_index: usize,
    /// Form XObjects being run, innermost last (a form drawing itself is
    /// skipped).
    forms: Vec<ObjectId>,
    /// Decoded bytes of this page's content and forms so far.
    content_bytes: usize,
    /// Glyphs found so far.
    pub glyphs: Vec<Glyph>,
    /// Rules found so far.
    pub rules: Vec<Rule>,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    path: Vec<SubPath>,
    ops: usize,
    /// The thickest filled rectangle still read as a rule, in points.
    rule_max_thickness_pt: f32,
}

impl<'a> PageInterp<'a> {
    /// Starts a page whose user space maps to the display through `base`.
    pub fn new(
        doc: &'a Document,
        fonts: &'a mut FontCache,
        limits: &'a Limits,
        budget: &'a mut Budget,
        page_index: usize,
        base: Matrix,
    ) -> Self {
        PageInterp {
            doc,
            fonts,
            limits,
            budget,
            page_index,
            forms: Vec::new(),
            content_bytes: 0,
            glyphs: Vec::new(),
            rules: Vec::new(),
            gs: GState {
                ctm: base,
                font: None,
                size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                h_scale: 1.0,
                leading: 0.0,
                rise: 0.0,
            },
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            path: Vec::new(),
            ops: 0,
            rule_max_thickness_pt: 3.0,
        }
    }

    /// Most glyphs this page may still hold: the page limit or what is left
    /// of the document's.
    fn glyph_cap(&self) -> usize {
        self.limits.max_glyphs_per_page.min(self.budget.glyphs)
    }

    /// Charges `n` decoded content bytes to the page and the document.
    pub fn charge_content(&mut self, n: usize) {
        self.content_bytes = self.content_bytes.saturating_add(n);
        self.budget.decoded_bytes = self.budget.decoded_bytes.saturating_sub(n);
    }

    /// The most bytes the next content or form stream may decode to.
    pub fn content_allowance(&self) -> usize {
        self.limits
            .max_content_bytes_per_page
            .saturating_sub(self.content_bytes)
            .min(self.budget.decoded_bytes)
    }

    /// Ends the page: charges its operations and glyphs to the document.
    pub fn finish(&mut self) {
        self.budget.operations = self.budget.operations.saturating_sub(self.ops);
        self.budget.glyphs = self.budget.glyphs.saturating_sub(self.glyphs.len());
    }

    /// Runs a content stream with its resources.
    pub fn run(
        &mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
        depth: usize,
    ) -> Result<(), Error> {
        for op in lopdf::content::Content::decode_iter(content) {
            let Ok(op) = op else { break };
            self.ops += 1;
            if self.ops > self.limits.max_operations_per_page {
                return Err(limit(format!(
                    "more than {} content operations on page {}",
                    self.limits.max_operations_per_page,
                    self.page_index + 1
                )));
            }
            if self.ops > self.budget.operations {
                return Err(limit(format!(
                    "more than {} content operations in the document (page {})",
                    self.limits.max_operations,
                    self.page_index + 1
                )));
            }
            self.op(&op.operator, &op.operands, resources, depth)?;
            if self.glyphs.len() > self.glyph_cap() {
                return Err(limit(
                    if self.glyphs.len() > self.limits.max_glyphs_per_page {
                        format!(
                            "more than {} glyphs on page {}",
                            self.limits.max_glyphs_per_page,
                            self.page_index + 1
                        )
                    } else {
                        format!(
                            "more than {} glyphs in the document (page {})",
                            self.limits.max_glyphs,
                            self.page_index + 1
                        )
                    },
                ));
            }
            if self.rules.len() > self.limits.max_rules_per_page {
                return Err(limit(format!(
                    "more than {} ruling lines on page {}",
                    self.limits.max_rules_per_page,
                    self.page_index + 1
                )));
            }
        }
        Ok(())
    }

    fn op(
        &mut self,
        name: &str,
        args: &[Object],
        resources: Option<&Dictionary>,
        depth: usize,
    ) -> Result<(), Error> {
        let n = |i: usize| args.get(i).and_then(obj::num).unwrap_or(0.0);
        match name {
            "q" if self.stack.len() < 1024 => self.stack.push(self.gs.clone()),
            "Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            "cm" if args.len() == 6 => {
                let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                self.gs.ctm = mul(&m, &self.gs.ctm);
            }
            "BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            "Tf" => {
                self.gs.size = n(1);
                self.gs.font = args
                    .first()
                    .and_then(|a| a.as_name().ok())
                    .map(|fname| self.font(resources, fname));
            }
            "Tc" => self.gs.char_spacing = n(0),
            "Tw" => self.gs.word_spacing = n(0),
            "Tz" => self.gs.h_scale = n(0) / 100.0,
            "TL" => self.gs.leading = n(0),
            "Ts" => self.gs.rise = n(0),
            "Td" => self.td(n(0), n(1)),
            "TD" => {
                self.gs.leading = -n(1);
                self.td(n(0), n(1));
            }
            "Tm" if args.len() == 6 => {
                self.tm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                self.tlm = self.tm;
            }
            "T*" => self.td(0.0, -self.gs.leading),
            "Tj" => {
                if let Some(Object::String(s, _)) = args.first() {
                    self.show(s);
                }
            }
            "'" => {
                self.td(0.0, -self.gs.leading);
                if let Some(Object::String(s, _)) = args.first() {
                    self.show(s);
                }
            }
            "\"" => {
                self.gs.word_spacing = n(0);
                self.gs.char_spacing = n(1);
                self.td(0.0, -self.gs.leading);
                if let Some(Object::String(s, _)) = args.get(2) {
                    self.show(s);
                }
            }
            "TJ" => {
                if let Some(Object::Array(items)) = args.first() {
                    for it in items {
                        match it {
                            Object::String(s, _) => self.show(s),
                            o => {
                                if let Some(adj) = obj::num(o) {
                                    self.adjust(adj);
                                }
                            }
                        }
                    }
                }
            }
            "Do" => {
                if let Some(xname) = args.first().and_then(|a| a.as_name().ok()) {
                    self.do_xobject(resources, xname, depth)?;
                }
            }
            "m" => {
                let p = apply(&self.gs.ctm, n(0), n(1));
                self.path.push(SubPath {
                    pts: vec![p],
                    ..Default::default()
                });
            }
            "l" => {
                let p = apply(&self.gs.ctm, n(0), n(1));
                match self.path.last_mut() {
                    Some(sp) if !sp.closed && !sp.rect => sp.pts.push(p),
                    _ => self.path.push(SubPath {
                        pts: vec![p],
                        ..Default::default()
                    }),
                }
            }
            "c" | "v" | "y" => {
                // Curves are never rules: start a fresh subpath at the end point.
                let k = if name == "c" { 4 } else { 2 };
                let p = apply(&self.gs.ctm, n(k), n(k + 1));
                self.path.push(SubPath {
                    pts: vec![p],
                    ..Default::default()
                });
            }
            "h" => {
                if let Some(sp) = self.path.last_mut() {
                    sp.closed = true;
                }
            }
            "re" => {
                let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                let ctm = self.gs.ctm;
                let pts = vec![
                    apply(&ctm, x, y),
                    apply(&ctm, x + w, y),
                    apply(&ctm, x + w, y + h),
                    apply(&ctm, x, y + h),
                ];
                self.path.push(SubPath {
                    pts,
                    closed: true,
                    rect: true,
                });
            }
            "S" | "s" => {
                if name == "s" {
                    if let Some(sp) = self.path.last_mut() {
                        sp.closed = true;
                    }
                }
                self.stroke_rules();
                self.path.clear();
            }
            "f" | "F" | "f*" => {
                self.fill_rules();
                self.path.clear();
            }
            "B" | "B*" | "b" | "b*" => {
                if name.starts_with('b') {
                    for sp in &mut self.path {
                        sp.closed = true;
                    }
                }
                self.fill_rules();
                self.stroke_rules();
                self.path.clear();
            }
            "n" => self.path.clear(),
            _ => {}
        }
        Ok(())
    }

    fn td(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    fn adjust(&mut self, adj: f32) {
        let vertical = self.gs.font.as_ref().is_some_and(|f| f.vertical);
        let d = -adj / 1000.0 * self.gs.size;
        let t = if vertical {
            [1.0, 0.0, 0.0, 1.0, 0.0, d]
        } else {
            [1.0, 0.0, 0.0, 1.0, d * self.gs.h_scale, 0.0]
        };
        self.tm = mul(&t, &self.tm);
    }

    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Rc<Font> {
        let doc = self.doc;
        let entry = resources
            .and_then(|r| r.get(b"Font").ok())
            .map(|f| obj::deref(doc, f))
            .and_then(|f| f.as_dict().ok())
            .and_then(|d| d.get(name).ok());
        let Some(entry) = entry else {
            return Rc::new(Font::fallback());
        };
        if let Object::Reference(id) = entry {
            if let Some(f) = self.fonts.get(id) {
                return f.clone();
            }
            let font = match obj::deref(doc, entry).as_dict() {
                Ok(d) => Rc::new(Font::load_with_budget(
                    doc,
                    d,
                    &mut self.budget.decoded_bytes,
                )),
                Err(_) => Rc::new(Font::fallback()),
            };
            self.fonts.insert(*id, font.clone());
            return font;
        }
        match entry.as_dict() {
            Ok(d) => Rc::new(Font::load_with_budget(
                doc,
                d,
                &mut self.budget.decoded_bytes,
            )),
            Err(_) => Rc::new(Font::fallback()),
        }
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.gs.font.clone() else {
            return;
        };
        let size = self.gs.size;
        let th = self.gs.h_scale;
        let (tc, tw, rise) = (self.gs.char_spacing, self.gs.word_spacing, self.gs.rise);
        let ctm = self.gs.ctm;
        let asc = font.ascent / 1000.0;
        let desc = font.descent / 1000.0;
        let vscale = font.type3_vscale;
        let page_index = self.page_index;
        let mut tm = self.tm;
        // One past the cap, so that `run` sees the limit was passed; a single
        // long string cannot grow the page past it.
        let cap = self.glyph_cap().saturating_add(1);
        let glyphs = &mut self.glyphs;
        font.decode(bytes, |d| {
            let trm = mul(&mul(&[size * th, 0.0, 0.0, size, 0.0, rise], &tm), &ctm);
            let w = d.width / 1000.0;
            let (x0, x1, y0, y1) = if font.vertical {
                let (vx, vy) = (d.v.0 / 1000.0, d.v.1 / 1000.0);
                (-vx, -vx + w, -vy + desc, -vy + asc)
            } else {
                (0.0, w, desc * vscale, asc * vscale)
            };
            let corners = [
                apply(&trm, x0, y0),
                apply(&trm, x1, y0),
                apply(&trm, x0, y1),
                apply(&trm, x1, y1),
            ];
            let mut bb = BBox::new(f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for (x, y) in corners {
                bb.x0 = bb.x0.min(x);
                bb.x1 = bb.x1.max(x);
                bb.top = bb.top.min(y);
                bb.bottom = bb.bottom.max(y);
            }
            let size_pt = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt() * vscale;
            if bb.x0.is_finite()
                && bb.top.is_finite()
                && bb.x1.is_finite()
                && bb.bottom.is_finite()
                && glyphs.len() < cap
            {
                let text = if kangxi::has_radical(&d.text) {
                    kangxi::unify_radicals(&d.text)
                } else {
                    d.text
                };
                glyphs.push(Glyph {
                    page_index,
                    text,
                    bbox: bb,
                    size_pt,
                    vertical: font.vertical,
                });
            }
            let spacing = tc + if d.word_space { tw } else { 0.0 };
            let t = if font.vertical {
                [1.0, 0.0, 0.0, 1.0, 0.0, d.w1y / 1000.0 * size + spacing]
            } else {
                [1.0, 0.0, 0.0, 1.0, (w * size + spacing) * th, 0.0]
            };
            tm = mul(&t, &tm);
        });
        self.tm = tm;
    }

    fn do_xobject(
        &mut self,
        resources: Option<&Dictionary>,
        name: &[u8],
        depth: usize,
    ) -> Result<(), Error> {
        let doc = self.doc;
        let Some(entry) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .map(|x| obj::deref(doc, x))
            .and_then(|x| x.as_dict().ok())
            .and_then(|d| d.get(name).ok())
        else {
            return Ok(());
        };
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        if id.is_some_and(|id| self.forms.contains(&id)) {
            // A form that draws itself: nothing new to read.
            return Ok(());
        }
        let Ok(xo) = obj::deref(doc, entry).as_stream() else {
            return Ok(());
        };
        if obj::name_of(doc, xo.dict.get(b"Subtype").ok()).as_deref() != Some("Form") {
            return Ok(());
        }
        if depth + 1 > self.limits.max_xobject_depth {
            return Err(limit(format!(
                "form XObjects nested deeper than {} on page {}",
                self.limits.max_xobject_depth,
                self.page_index + 1
            )));
        }
        let allowance = self.content_allowance();
        let content = match xo.get_plain_content_with_limit(allowance) {
            Ok(c) => c,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return Err(limit(format!(
                    "the content and form XObjects of page {} decode to more than {} bytes \
                     (or the document's streams to more than {} bytes)",
                    self.page_index + 1,
                    self.limits.max_content_bytes_per_page,
                    self.limits.max_decoded_bytes
                )))
            }
            // A form that cannot be decoded draws nothing.
            Err(_) => return Ok(()),
        };
        self.charge_content(content.len());
        let matrix = xo
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| obj::nums(doc, m, 6))
            .map(|v| [v[0], v[1], v[2], v[3], v[4], v[5]])
            .unwrap_or(IDENTITY);
        let res = xo
            .dict
            .get(b"Resources")
            .ok()
            .map(|r| obj::deref(doc, r))
            .and_then(|r| r.as_dict().ok())
            .or(resources);
        let saved = self.gs.clone();
        let saved_stack = self.stack.len();
        let (tm, tlm) = (self.tm, self.tlm);
        self.gs.ctm = mul(&matrix, &self.gs.ctm);
        self.forms.extend(id);
        let r = self.run(&content, res, depth + 1);
        if id.is_some() {
            self.forms.pop();
        }
        self.stack.truncate(saved_stack);
        self.gs = saved;
        self.tm = tm;
        self.tlm = tlm;
        r
    }

    fn push_rule(&mut self, x0: f32, top: f32, x1: f32, bottom: f32) {
        if [x0, top, x1, bottom].iter().all(|v| v.is_finite()) {
            self.rules.push(Rule {
                page_index: self.page_index,
                bbox: BBox::new(x0.min(x1), top.min(bottom), x0.max(x1), top.max(bottom)),
            });
        }
    }

    fn stroke_rules(&mut self) {
        const AXIS_TOLERANCE_PT: f32 = 1.0;
        let mut segs = Vec::new();
        for sp in &self.path {
            let n = sp.pts.len();
            if n < 2 {
                continue;
            }
            for i in 0..n - 1 {
                segs.push((sp.pts[i], sp.pts[i + 1]));
            }
            if sp.closed && n > 2 {
                segs.push((sp.pts[n - 1], sp.pts[0]));
            }
        }
        for ((ax, ay), (bx, by)) in segs {
            let (dx, dy) = ((ax - bx).abs(), (ay - by).abs());
            if dy <= AXIS_TOLERANCE_PT && dx >= 0.5 {
                let y = (ay + by) / 2.0;
                self.push_rule(ax, y, bx, y);
            } else if dx <= AXIS_TOLERANCE_PT && dy >= 0.5 {
                let x = (ax + bx) / 2.0;
                self.push_rule(x, ay, x, by);
            }
        }
    }

    fn fill_rules(&mut self) {
        let mut found = Vec::new();
        for sp in &self.path {
            let pts = &sp.pts;
            let pts: &[(f32, f32)] = if pts.len() == 5
                && (pts[0].0 - pts[4].0).abs() < 0.01
                && (pts[0].1 - pts[4].1).abs() < 0.01
            {
                &pts[..4]
            } else {
                pts
            };
            if pts.len() != 4 {
                continue;
            }
            let axis = (0..4).all(|i| {
                let (a, b) = (pts[i], pts[(i + 1) % 4]);
                (a.0 - b.0).abs() < 0.01 || (a.1 - b.1).abs() < 0.01
            });
            if !axis {
                continue;
            }
            let x0 = pts.iter().map(|p| p.0).fold(f32::MAX, f32::min);
            let x1 = pts.iter().map(|p| p.0).fold(f32::MIN, f32::max);
            let y0 = pts.iter().map(|p| p.1).fold(f32::MAX, f32::min);
            let y1 = pts.iter().map(|p| p.1).fold(f32::MIN, f32::max);
            if (x1 - x0).min(y1 - y0) <= self.rule_max_thickness_pt && (x1 - x0).max(y1 - y0) >= 0.5
            {
                found.push((x0, y0, x1, y1));
            }
        }
        for (x0, y0, x1, y1) in found {
            self.push_rule(x0, y0, x1, y1);
        }
    }
}

fn limit(detail: String) -> Error {
    Error::new(ErrorKind::LimitExceeded { detail })
}
