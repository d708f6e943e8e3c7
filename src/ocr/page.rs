//! One page image → glyphs, rules and value readings.
//!
//! 1. The image is brought to at most [`OcrSettings::max_dpi`], thresholded
//!    (Otsu) and straightened (projection-profile skew).
//! 2. Ruling lines become [`Rule`]s in points and [`Grid::build`] gives the
//!    table cells, as for a born-digital page.
//! 3. Each cell's ink (rule remnants and specks removed) is classified: a
//!    dash, a number (a single line of digit-shaped marks) or a label.
//!    Numbers of one table row are read together as one line image, digits
//!    only; labels are read as Chinese text.
//! 4. Text outside the tables is read as a page of Chinese prose.
//!
//! Everything read becomes [`Glyph`]s on the page, so the rest of the
//! pipeline is the same code as for a text layer; each number keeps its
//! confidence in an [`OcrValue`].

use image::GrayImage;

use super::engine::{GrayView, OcrEngine, Symbol, TextKind};
use super::lexicon;
use super::raster::{self, Bits, Component};
use super::rules::find_rules;
use super::{OcrSettings, OcrValue, PageOcr};
use crate::error::Result;
use crate::geom::BBox;
use crate::layout::grid::Grid;
use crate::layout::{Glyph, Rule};
use crate::settings::LayoutSettings;

/// Ink height of digits in the line image read by the engine, in pixels.
const DIGIT_HEIGHT_PX: f32 = 20.0;

/// What a cell's ink looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Shape {
    Empty,
    Dash,
    Number,
    Label,
}

/// A table cell's ink, cut out of the page.
pub(super) struct CellInk {
    /// Cell rectangle in points.
    pub(super) cell: BBox,
    /// Origin of `bits` in page pixels.
    pub(super) x: usize,
    pub(super) y: usize,
    /// Kept ink only.
    pub(super) bits: Bits,
    /// The grey pixels of the same area, removed ink painted white.
    pub(super) gray: GrayImage,
    /// The kept marks, in `bits` coordinates.
    pub(super) comps: Vec<Component>,
    pub(super) shape: Shape,
}

impl CellInk {
    fn ink_box(&self) -> (usize, usize, usize, usize) {
        let x0 = self.comps.iter().map(|c| c.x0).min().unwrap_or(0);
        let y0 = self.comps.iter().map(|c| c.y0).min().unwrap_or(0);
        let x1 = self.comps.iter().map(|c| c.x1).max().unwrap_or(0);
        let y1 = self.comps.iter().map(|c| c.y1).max().unwrap_or(0);
        (x0, y0, x1, y1)
    }
}

/// Reads one page image. `width_pt`/`height_pt` are the page's size.
pub fn read_page(
    engine: &mut dyn OcrEngine,
    image: &GrayImage,
    dpi: f32,
    page_index: usize,
    settings: &OcrSettings,
    layout: &LayoutSettings,
) -> Result<PageOcr> {
    // 1. Resolution, threshold, skew.
    let (mut gray, mut dpi) = (image.clone(), dpi);
    if dpi > settings.max_dpi {
        gray = raster::scale(&gray, settings.max_dpi / dpi);
        dpi = settings.max_dpi;
    }
    let small = raster::scale(&gray, (100.0 / dpi).min(1.0));
    let small_bits = Bits::from_gray(&small, raster::otsu(&small).min(200));
    let skew_deg = raster::estimate_skew(&small_bits, settings.max_skew_deg);
    if skew_deg.abs() >= 0.05 {
        gray = raster::rotate(&gray, skew_deg);
    }
    let threshold = raster::otsu(&gray).min(200);
    let bits = Bits::from_gray(&gray, threshold);
    let px = |pt: f32| pt * dpi / 72.0;
    let to_pt = |p: f32| p * 72.0 / dpi;

    // 2. Rules and grid. Table borders may be thin grey lines that the
    // text threshold drops: rules are looked for in everything clearly
    // darker than the paper.
    let rule_threshold = threshold.max(raster::paper_level(&gray).saturating_sub(30));
    let rule_bits = if rule_threshold > threshold {
        Bits::from_gray(&gray, rule_threshold)
    } else {
        bits.clone()
    };
    let mut rules: Vec<Rule> = find_rules(&rule_bits, dpi, page_index, 25.0, 14.0, 4.0);
    drop(rule_bits);
    let mut grid = Grid::build(&rules, layout);

    // 3. Cells.
    let cut = |grid: &Grid| -> Vec<CellInk> {
        grid.cells
            .iter()
            .filter_map(|c| cut_cell(&bits, &gray, c.bbox, dpi))
            .collect()
    };
    let mut cells = cut(&grid);
    // A table with cells several rows tall (its rules between rows lost):
    // the rows are put back from the alignment of its numbers and labels.
    // (`within`: a box inside a table's box.)
    let within = |b: &BBox, t: &BBox| {
        b.x0 >= t.x0 - 1.0
            && b.x1 <= t.x1 + 1.0
            && b.top >= t.top - 1.0
            && b.bottom <= t.bottom + 1.0
    };
    let mut found_rows = Vec::new();
    for t in &grid.tables {
        let mine: Vec<&CellInk> = cells.iter().filter(|c| within(&c.cell, &t.bbox)).collect();
        if mine
            .iter()
            .filter(|c| super::rows::rows_lost(c, dpi))
            .count()
            >= 2
        {
            found_rows.extend(super::rows::row_rules(
                &bits, t.bbox, &mine, &rules, dpi, page_index,
            ));
        }
    }
    if !found_rows.is_empty() {
        rules.extend(found_rows);
        grid = Grid::build(&rules, layout);
        cells = cut(&grid);
    }
    // A table with cells holding numbers side by side lost rules between
    // its columns too: its grid is dropped, with its rules, and it is read
    // from the alignment of its words (its numbers then read one by one).
    let lost: Vec<BBox> = grid
        .tables
        .iter()
        .map(|t| t.bbox)
        .filter(|t| {
            cells
                .iter()
                .filter(|c| within(&c.cell, t) && super::rows::columns_lost(c, dpi))
                .count()
                >= 2
        })
        .collect();
    if !lost.is_empty() {
        rules.retain(|r| !lost.iter().any(|t| within(&r.bbox, t)));
        grid = Grid::build(&rules, layout);
        cells = cut(&grid);
    }
    let mut glyphs = Vec::new();
    let mut values = Vec::new();
    read_values(
        engine,
        &mut cells,
        page_index,
        dpi,
        settings,
        &mut glyphs,
        &mut values,
    )?;
    // Labels.
    for c in cells.iter().filter(|c| c.shape == Shape::Label) {
        let (x0, y0, x1, y1) = c.ink_box();
        let margin = px(1.0) as usize + 2;
        let (bx0, by0) = (x0.saturating_sub(margin), y0.saturating_sub(margin));
        let (bx1, by1) = (
            (x1 + margin).min(c.bits.width),
            (y1 + margin).min(c.bits.height),
        );
        let crop = image::imageops::crop_imm(
            &c.gray,
            bx0 as u32,
            by0 as u32,
            (bx1 - bx0) as u32,
            (by1 - by0) as u32,
        )
        .to_image();
        let factor = (300.0 / dpi).max(1.0);
        let (img, pad) = padded(&crop, factor, 12);
        let mut syms = engine.recognize(view(&img, 300), TextKind::Label)?;
        // Tesseract's own threshold fails on some small, mostly white label
        // images: when the reading is not a label of the format, the image
        // is thresholded here (after scaling, so edges stay smooth) and
        // read again; the reading closer to a label is kept.
        if label_score(&syms) < 0.9 {
            let mut bin = img.clone();
            for p in bin.iter_mut() {
                *p = if *p <= threshold { 0 } else { 255 };
            }
            let again = engine.recognize(view(&bin, 300), TextKind::Label)?;
            if label_score(&again) > label_score(&syms) {
                syms = again;
            }
        }
        let syms = correct_label(syms);
        let ox = (c.x + bx0) as f32;
        let oy = (c.y + by0) as f32;
        let map = |v: i32, o: f32| to_pt(o + (v as f32 - pad as f32) / factor);
        let first = glyphs.len();
        push_text(&mut glyphs, &syms, page_index, |b| {
            BBox::new(map(b[0], ox), map(b[1], oy), map(b[2], ox), map(b[3], oy))
        });
        // A value read as text (e.g. "126.5万元"): it keeps the confidence
        // of the Chinese reading; plain digits here mean the marks did not
        // look like a number, so the reading is not trusted.
        let text: String = syms.iter().map(|s| s.text.as_str()).collect();
        if !syms.is_empty() && crate::normalize::is_value_text(&text) {
            let bbox = glyphs[first..]
                .iter()
                .fold(glyphs[first].bbox, |b, g| b.union(&g.bbox));
            let plain = text
                .chars()
                .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == '-');
            let confidence = syms.iter().map(|s| s.confidence).fold(100.0, f32::min);
            let mut value = OcrValue {
                page_index,
                bbox,
                text: text.clone(),
                confidence,
                alternatives: Vec::new(),
                other_readings: Vec::new(),
                problem: None,
            };
            // The digits reading must agree: of the whole cell when the
            // marks did not look like digits (touching, odd font), else of
            // the digits that open it ("126.5" of "126.5万元"); the Chinese
            // model misreads digits with high confidence.
            let digits: String = text
                .chars()
                .filter(|ch| ch.is_ascii_digit() || *ch == '.' || *ch == '-')
                .collect();
            let own_cell = if plain {
                None
            } else {
                let page_comps: Vec<Component> = c
                    .comps
                    .iter()
                    .map(|k| Component {
                        x0: k.x0 + c.x,
                        y0: k.y0 + c.y,
                        x1: k.x1 + c.x,
                        y1: k.y1 + c.y,
                        pixels: k.pixels,
                    })
                    .collect();
                super::words::number_prefix(&page_comps, dpi)
                    .map(|word| super::words::word_cell(&bits, &gray, &word, Shape::Number, dpi))
            };
            let r = match (&own_cell, plain) {
                (_, true) => Some(read_number_row(engine, vec![c])?.remove(0)),
                (Some(w), false) => Some(read_number_row(engine, vec![w])?.remove(0)),
                (None, false) => None,
            };
            match r {
                Some(r) if r.problem.is_none() && r.text == digits => {
                    value.confidence = confidence.min(r.confidence);
                    if plain {
                        value.alternatives = r.alternatives;
                    }
                }
                Some(r) => {
                    value.problem =
                        Some(format!("read '{text}' as text but '{}' as digits", r.text));
                    value.other_readings = vec![r.text];
                }
                None => {
                    value.problem = Some(format!(
                        "read '{text}' as text, and its digits could not be read on their own"
                    ));
                }
            }
            values.push(value);
        }
    }
    // 4. Numbers outside the grid's tables (a table whose rules were lost):
    // read as digits here, and left out of the page pass.
    let table_boxes: Vec<BBox> = grid.tables.iter().map(|t| t.bbox).collect();
    let mut loose = super::words::loose_number_words(&bits, &gray, &table_boxes, dpi);
    read_values(
        engine,
        &mut loose,
        page_index,
        dpi,
        settings,
        &mut glyphs,
        &mut values,
    )?;
    // 5. Prose: the page with its tables and loose numbers whited out.
    let mut prose = gray.clone();
    for c in &loose {
        for y in c.y..c.y + c.bits.height {
            for x in c.x..c.x + c.bits.width {
                prose.put_pixel(x as u32, y as u32, image::Luma([255]));
            }
        }
    }
    for t in &grid.tables {
        let (x0, y0) = (
            px(t.bbox.x0 - 2.0).max(0.0) as u32,
            px(t.bbox.top - 2.0).max(0.0) as u32,
        );
        let x1 = (px(t.bbox.x1 + 2.0) as u32).min(prose.width());
        let y1 = (px(t.bbox.bottom + 2.0) as u32).min(prose.height());
        for y in y0..y1 {
            for x in x0..x1 {
                prose.put_pixel(x, y, image::Luma([255]));
            }
        }
    }
    let has_ink = {
        let b = Bits::from_gray(&prose, threshold);
        b.ink.iter().filter(|&&i| i).count() > 50
    };
    if has_ink {
        let factor = if dpi < 200.0 { 200.0 / dpi } else { 1.0 };
        let img = if factor > 1.0 {
            raster::scale(&prose, factor)
        } else {
            prose
        };
        let syms = engine.recognize(view(&img, (dpi * factor) as u32), TextKind::Page)?;
        let map = |v: i32| to_pt(v as f32 / factor);
        push_text(&mut glyphs, &syms, page_index, |b| {
            BBox::new(map(b[0]), map(b[1]), map(b[2]), map(b[3]))
        });
    }
    Ok(PageOcr {
        page_index,
        glyphs,
        rules,
        values,
        skew_deg,
        dpi,
    })
}

/// Reads the number cells (stray specks dropped, then one line image per
/// row of cells) and the dash cells among `cells` into glyphs and
/// [`OcrValue`]s.
fn read_values(
    engine: &mut dyn OcrEngine,
    cells: &mut [CellInk],
    page_index: usize,
    dpi: f32,
    settings: &OcrSettings,
    glyphs: &mut Vec<Glyph>,
    values: &mut Vec<OcrValue>,
) -> Result<()> {
    let to_pt = |p: usize| p as f32 * 72.0 / dpi;
    let ink_bbox = |c: &CellInk| {
        let (x0, y0, x1, y1) = c.ink_box();
        BBox::new(
            to_pt(c.x + x0),
            to_pt(c.y + y0),
            to_pt(c.x + x1),
            to_pt(c.y + y1),
        )
    };
    for c in cells.iter_mut().filter(|c| c.shape == Shape::Number) {
        drop_stray_marks(c);
    }
    let cells: &[CellInk] = cells;
    let mut numbers: Vec<usize> = (0..cells.len())
        .filter(|&i| cells[i].shape == Shape::Number)
        .collect();
    numbers.sort_by(|&a, &b| {
        cells[a]
            .cell
            .center_y()
            .total_cmp(&cells[b].cell.center_y())
    });
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for i in numbers {
        let cy = cells[i].cell.center_y();
        match rows.last_mut() {
            Some(r) if (cells[r[0]].cell.center_y() - cy).abs() < 3.0 => r.push(i),
            _ => rows.push(vec![i]),
        }
    }
    for row in &mut rows {
        row.sort_by(|&a, &b| cells[a].cell.x0.total_cmp(&cells[b].cell.x0));
        let readings = read_number_row(engine, row.iter().map(|&i| &cells[i]).collect())?;
        for (&i, reading) in row.iter().zip(readings) {
            push_value(
                glyphs,
                values,
                page_index,
                ink_bbox(&cells[i]),
                reading,
                settings,
            );
        }
    }
    for c in cells.iter().filter(|c| c.shape == Shape::Dash) {
        let reading = Reading {
            text: "—".into(),
            confidence: 99.0,
            alternatives: Vec::new(),
            other_readings: Vec::new(),
            problem: None,
        };
        push_value(glyphs, values, page_index, ink_bbox(c), reading, settings);
    }
    Ok(())
}

fn view(img: &GrayImage, dpi: u32) -> GrayView<'_> {
    GrayView {
        pixels: img.as_raw(),
        width: img.width(),
        height: img.height(),
        dpi,
    }
}

/// The image scaled by `factor` with `pad` white pixels around it.
fn padded(img: &GrayImage, factor: f32, pad: u32) -> (GrayImage, u32) {
    let scaled = if (factor - 1.0).abs() > 0.01 {
        raster::scale(img, factor)
    } else {
        img.clone()
    };
    let mut out = GrayImage::from_pixel(
        scaled.width() + 2 * pad,
        scaled.height() + 2 * pad,
        image::Luma([255]),
    );
    image::imageops::replace(&mut out, &scaled, pad as i64, pad as i64);
    (out, pad)
}

/// Cuts a grid cell's inside out of the page and keeps its text ink:
/// remnants of the rules (long thin marks at the edge) and specks go.
fn cut_cell(bits: &Bits, page: &GrayImage, cell: BBox, dpi: f32) -> Option<CellInk> {
    let px = |pt: f32| pt * dpi / 72.0;
    let shrink = px(1.2) + 1.0;
    let x0 = (px(cell.x0) + shrink).max(0.0) as usize;
    let y0 = (px(cell.top) + shrink).max(0.0) as usize;
    let x1 = ((px(cell.x1) - shrink).max(0.0) as usize).min(bits.width);
    let y1 = ((px(cell.bottom) - shrink).max(0.0) as usize).min(bits.height);
    if x1 <= x0 + 2 || y1 <= y0 + 2 {
        return None;
    }
    let mut crop = bits.crop(x0, y0, x1, y1);
    let (comps, labels) = raster::components(&crop);
    let speck = (px(0.6) * px(0.6)).max(3.0) as usize;
    let thin = px(1.5).max(2.0) as usize;
    let mut keep: Vec<bool> = comps
        .iter()
        .map(|c| {
            let edge = c.x0 == 0 || c.y0 == 0 || c.x1 == crop.width || c.y1 == crop.height;
            let line_like = c.height() <= thin && c.width() * 2 >= crop.width
                || c.width() <= thin && c.height() * 2 >= crop.height;
            // A rule's remnant that the cut missed (residual skew).
            let remnant = c.height() <= thin && c.width() * 10 >= crop.width * 8
                || c.width() <= thin && c.height() * 10 >= crop.height * 8;
            let long = c.width() * 10 >= crop.width * 9 || c.height() * 10 >= crop.height * 9;
            // A piece of a broken rule just inside the cut.
            let near = px(1.0) as usize;
            let near_edge = c.x0 <= near || c.x1 + near >= crop.width;
            let piece = near_edge && c.width() <= thin && c.height() * 4 >= crop.height
                || edge && c.height() <= thin && c.width() * 4 >= crop.width;
            c.pixels >= speck && !(edge && (line_like || long)) && !remnant && !piece
        })
        .collect();
    // The dots of a rule that the scan broke up (a light border through
    // the cell, or at a cut placed between rows): three or more small flat
    // marks on one level, spread over half the cell's width.
    let flat: Vec<usize> = (0..comps.len())
        .filter(|&k| keep[k] && comps[k].height() <= thin && comps[k].width() as f32 <= px(4.0))
        .collect();
    for &k in &flat {
        let y = comps[k].y0 + comps[k].y1;
        let level: Vec<usize> = flat
            .iter()
            .copied()
            .filter(|&j| (comps[j].y0 + comps[j].y1).abs_diff(y) <= thin)
            .collect();
        let x0 = level.iter().map(|&j| comps[j].x0).min().unwrap_or(0);
        let x1 = level.iter().map(|&j| comps[j].x1).max().unwrap_or(0);
        if level.len() >= 3 && (x1 - x0) * 2 >= crop.width {
            for j in level {
                keep[j] = false;
            }
        }
    }
    // Specks away from every line of text (the dots of a lost rule near
    // the cell's edge): a decimal point, a minus sign or a punctuation mark
    // stands on a line of text.
    let big = comps
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(c, _)| c.height())
        .max()
        .unwrap_or(0);
    let small = |c: &Component| c.height().max(c.width()) * 100 <= big * 35;
    let lines_of_text: Vec<(usize, usize)> = comps
        .iter()
        .zip(&keep)
        .filter(|(c, k)| **k && c.height() * 2 >= big)
        .map(|(c, _)| (c.y0.saturating_sub(big * 3 / 10), c.y1 + big * 3 / 10))
        .collect();
    for (c, k) in comps.iter().zip(keep.iter_mut()) {
        if *k && small(c) && !lines_of_text.iter().any(|&(t, b)| c.y1 > t && c.y0 < b) {
            *k = false;
        }
    }
    // Pieces of a broken rule: thin marks much taller (or wider) than the
    // text beside them.
    let mut sizes: Vec<usize> = comps
        .iter()
        .zip(&keep)
        .filter(|(c, k)| **k && c.width() > thin && c.height() > thin)
        .map(|(c, _)| c.height().max(c.width()))
        .collect();
    if !sizes.is_empty() {
        sizes.sort_unstable();
        let text_size = sizes[sizes.len() / 2] as f32;
        for (c, k) in comps.iter().zip(keep.iter_mut()) {
            let thin_tall = c.width() <= thin && c.height() as f32 > 1.3 * text_size;
            let thin_wide = c.height() <= thin && c.width() as f32 > 1.6 * text_size;
            if thin_tall || thin_wide {
                *k = false;
            }
        }
    }
    for (i, l) in labels.iter().enumerate() {
        if *l != 0 && !keep[*l as usize - 1] {
            crop.ink[i] = false;
        }
    }
    let mut gray = image::imageops::crop_imm(
        page,
        x0 as u32,
        y0 as u32,
        crop.width as u32,
        crop.height as u32,
    )
    .to_image();
    for (i, l) in labels.iter().enumerate() {
        if *l != 0 && !keep[*l as usize - 1] {
            gray.put_pixel(
                (i % crop.width) as u32,
                (i / crop.width) as u32,
                image::Luma([255]),
            );
        }
    }
    let comps: Vec<Component> = comps
        .into_iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(c, _)| c)
        .collect();
    let shape = classify(&comps, dpi);
    Some(CellInk {
        cell,
        x: x0,
        y: y0,
        bits: crop,
        gray,
        comps,
        shape,
    })
}

/// Dash, number or label, from the marks' shapes alone.
pub(super) fn classify(comps: &[Component], dpi: f32) -> Shape {
    if comps.is_empty() {
        return Shape::Empty;
    }
    let px = |pt: f32| pt * dpi / 72.0;
    let h_max = comps.iter().map(|c| c.height()).max().unwrap_or(0) as f32;
    if comps.len() == 1 {
        let c = comps[0];
        if c.width() as f32 >= 2.5 * c.height() as f32
            && (c.height() as f32) <= px(2.0)
            && c.width() as f32 >= px(3.0)
        {
            return Shape::Dash;
        }
    }
    // Digits: one line of marks, all as tall as the tallest except `.`/`-`,
    // each narrower than tall; between 4 and 20 pt high.
    let top = comps.iter().map(|c| c.y0).min().unwrap_or(0) as f32;
    let bottom = comps.iter().map(|c| c.y1).max().unwrap_or(0) as f32;
    if comps.len() > 12 || h_max < px(3.5) || h_max > px(20.0) || bottom - top > h_max * 1.25 {
        return Shape::Label;
    }
    let digit_like = comps.iter().all(|c| {
        let (w, h) = (c.width() as f32, c.height() as f32);
        if h >= 0.75 * h_max {
            w <= 0.85 * h || w <= 1.9 * h && w > 1.1 * h // two touching digits
        } else {
            // a point or a minus sign
            h <= 0.35 * h_max && w <= 0.7 * h_max
        }
    });
    let tall: Vec<&Component> = comps
        .iter()
        .filter(|c| c.height() as f32 >= 0.75 * h_max)
        .collect();
    // Digits share their top and bottom (cap height and baseline); the
    // parts of CJK characters do not.
    let median = |mut v: Vec<usize>| {
        v.sort_unstable();
        v[v.len() / 2] as f32
    };
    let aligned = !tall.is_empty() && {
        let (t, b) = (
            median(tall.iter().map(|c| c.y0).collect()),
            median(tall.iter().map(|c| c.y1).collect()),
        );
        tall.iter().all(|c| {
            (c.y0 as f32 - t).abs() <= 0.15 * h_max && (c.y1 as f32 - b).abs() <= 0.15 * h_max
        })
    };
    if digit_like && aligned {
        Shape::Number
    } else {
        Shape::Label
    }
}

/// What the engine read in one value cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reading {
    pub(crate) text: String,
    pub(crate) confidence: f32,
    /// Per symbol: the engine's alternatives.
    pub(crate) alternatives: Vec<Vec<(String, f32)>>,
    /// Whole-cell readings of other passes that differ from `text`.
    pub(crate) other_readings: Vec<String>,
    /// Why the reading cannot be trusted whatever its confidence.
    pub(crate) problem: Option<String>,
}

/// How many digits the marks of a number cell hold (touching digits count
/// by width).
fn expected_digits(comps: &[Component]) -> usize {
    let h_max = comps.iter().map(|c| c.height()).max().unwrap_or(0) as f32;
    comps
        .iter()
        .filter(|c| c.height() as f32 >= 0.75 * h_max)
        .map(|c| ((c.width() as f32 / (0.58 * c.height() as f32)).round() as usize).max(1))
        .sum()
}

/// Whether the small mark `k` can be a decimal point: in the gap between
/// two neighbouring digits (`tall`, the marks as tall as digits), low on the
/// line, and small. A speck inside a digit's box (the hollow of a "0") or
/// above the baseline is not one.
fn decimal_point(k: &Component, tall: &[Component], h_max: f32) -> bool {
    let mut tall: Vec<&Component> = tall.iter().collect();
    tall.sort_by_key(|t| t.x0);
    let tol = (0.1 * h_max).max(1.0) as usize;
    let baseline = tall.iter().map(|t| t.y1).max().unwrap_or(0) as f32;
    let top = tall.iter().map(|t| t.y0).min().unwrap_or(0) as f32;
    let between = tall
        .windows(2)
        .any(|w| k.x0 + tol >= w[0].x1 && k.x1 <= w[1].x0 + tol);
    between
        && k.y1 as f32 >= baseline - 0.25 * h_max
        && k.y0 as f32 >= top + 0.5 * h_max
        && (k.width().max(k.height()) as f32) <= 0.4 * h_max
}

/// The marks of a number cell as tall as its digits, and their height.
fn digit_marks(comps: &[Component]) -> (Vec<Component>, f32) {
    let h_max = comps.iter().map(|k| k.height()).max().unwrap_or(0) as f32;
    let tall = comps
        .iter()
        .copied()
        .filter(|k| k.height() as f32 >= 0.75 * h_max)
        .collect();
    (tall, h_max)
}

/// Whether a number cell's marks hold a minus sign (a small wide mark
/// before the first digit) and a decimal point (a small mark low between
/// two digits).
fn small_marks(comps: &[Component]) -> (bool, bool) {
    let (tall, h_max) = digit_marks(comps);
    let first = tall.iter().map(|k| k.x0).min().unwrap_or(0);
    let (mut minus, mut point) = (false, false);
    for k in comps.iter().filter(|k| (k.height() as f32) < 0.75 * h_max) {
        if k.x1 <= first {
            minus = true;
        } else if decimal_point(k, &tall, h_max) {
            point = true;
        }
    }
    (minus, point)
}

/// Drops small marks of a number cell that cannot be a decimal point
/// (low between two digits) or a minus sign (before the first digit, wide):
/// specks of dust and JPEG noise.
fn drop_stray_marks(c: &mut CellInk) {
    let (tall, h_max) = digit_marks(&c.comps);
    let first = tall.iter().map(|k| k.x0).min().unwrap_or(0);
    let mut keep = Vec::new();
    for k in &c.comps {
        let small = (k.height() as f32) < 0.75 * h_max;
        let ok = !small
            || decimal_point(k, &tall, h_max)
            || (k.x1 <= first && k.width() as f32 >= 1.5 * k.height() as f32); // a minus sign
        if ok {
            keep.push(*k);
        } else {
            for y in k.y0..k.y1 {
                for x in k.x0..k.x1 {
                    c.bits.ink[y * c.bits.width + x] = false;
                }
            }
        }
    }
    c.comps = keep;
}

/// One reading of a number cell: text, lowest confidence, and per symbol
/// the engine's alternatives.
type CellRead = (String, f32, Vec<Vec<(String, f32)>>);

/// Reads the number cells of one table row as one line image: each cell's
/// ink scaled to `height_px`, side by side with wide gaps, in the given
/// order.
fn read_strip(
    engine: &mut dyn OcrEngine,
    cells: &[&CellInk],
    order: &[usize],
    height_px: f32,
) -> Result<Vec<CellRead>> {
    let gap = (height_px * 3.0) as u32;
    let margin = 10u32;
    let mut parts = Vec::new();
    for &k in order {
        let c = cells[k];
        let (x0, y0, x1, y1) = c.ink_box();
        let h = (y1 - y0).max(1) as f32;
        // Grey, not thresholded: anti-aliased edges read better once scaled.
        let g = image::imageops::crop_imm(
            &c.gray,
            x0 as u32,
            y0 as u32,
            (x1 - x0) as u32,
            (y1 - y0) as u32,
        )
        .to_image();
        parts.push(raster::scale(&g, height_px / h));
    }
    let width: u32 = parts.iter().map(|p| p.width() + gap).sum::<u32>() + gap;
    let height = parts.iter().map(|p| p.height()).max().unwrap_or(1) + 2 * margin;
    let mut strip = GrayImage::from_pixel(width, height, image::Luma([255]));
    let mut spans = vec![(0i32, 0i32); cells.len()];
    let mut x = gap;
    for (p, &k) in parts.iter().zip(order) {
        image::imageops::replace(
            &mut strip,
            p,
            x as i64,
            (margin + (height - 2 * margin - p.height()) / 2) as i64,
        );
        spans[k] = (x as i32, (x + p.width()) as i32);
        x += p.width() + gap;
    }
    let syms = engine.recognize(view(&strip, 300), TextKind::Digits)?;
    let half = gap as i32 / 2;
    Ok(spans
        .iter()
        .map(|&(a, b)| {
            let mine: Vec<&Symbol> = syms
                .iter()
                .filter(|s| {
                    let cx = (s.bbox[0] + s.bbox[2]) / 2;
                    cx >= a - half && cx < b + half
                })
                .collect();
            let text: String = mine.iter().map(|s| s.text.as_str()).collect();
            let confidence = if mine.is_empty() {
                0.0
            } else {
                mine.iter().map(|s| s.confidence).fold(100.0f32, f32::min)
            };
            (
                text,
                confidence,
                mine.iter().map(|s| s.alternatives.clone()).collect(),
            )
        })
        .collect())
}

/// Reads the number cells of one table row twice, as two line images that
/// differ in order and scale; a cell whose two readings differ, or whose
/// digits do not match its digit-shaped marks, is a problem.
fn read_number_row(engine: &mut dyn OcrEngine, cells: Vec<&CellInk>) -> Result<Vec<Reading>> {
    let forward: Vec<usize> = (0..cells.len()).collect();
    let backward: Vec<usize> = forward.iter().rev().copied().collect();
    let first = read_strip(engine, &cells, &forward, DIGIT_HEIGHT_PX)?;
    let second = read_strip(engine, &cells, &backward, DIGIT_HEIGHT_PX * 1.3)?;
    let mut out = Vec::new();
    for ((c, (text, confidence, alternatives)), (text2, confidence2, _)) in
        cells.iter().zip(first).zip(second)
    {
        let digits = text.chars().filter(|ch| ch.is_ascii_digit()).count();
        let expected = expected_digits(&c.comps);
        let (minus, point) = small_marks(&c.comps);
        let mut other_readings = Vec::new();
        let problem = if text.is_empty() {
            Some("the cell has ink but nothing was read".to_string())
        } else if digits != expected {
            Some(format!(
                "{expected} digit-shaped marks but {digits} digits read"
            ))
        } else if minus != text.starts_with('-') {
            Some("a minus sign was seen but not read, or read but not seen".to_string())
        } else if point != text.contains('.') {
            Some("a decimal point was seen but not read, or read but not seen".to_string())
        } else if text != text2 {
            other_readings.push(text2.clone());
            Some(format!("a second reading gave '{text2}'"))
        } else {
            None
        };
        out.push(Reading {
            text,
            confidence: confidence.min(if problem.is_none() {
                confidence2
            } else {
                100.0
            }),
            alternatives,
            other_readings,
            problem,
        });
    }
    Ok(out)
}

/// Glyphs for a value cell (its characters spread over the ink box) and its
/// [`OcrValue`].
fn push_value(
    glyphs: &mut Vec<Glyph>,
    values: &mut Vec<OcrValue>,
    page_index: usize,
    bbox: BBox,
    reading: Reading,
    _settings: &OcrSettings,
) {
    let n = reading.text.chars().count();
    let size_pt = (bbox.height() / 0.72).max(4.0);
    for (k, ch) in reading.text.chars().enumerate() {
        let w = bbox.width() / n.max(1) as f32;
        glyphs.push(Glyph {
            page_index,
            text: ch.to_string(),
            bbox: BBox::new(
                bbox.x0 + w * k as f32,
                bbox.top,
                bbox.x0 + w * (k + 1) as f32,
                bbox.bottom,
            ),
            size_pt,
            vertical: false,
        });
    }
    values.push(OcrValue {
        page_index,
        bbox,
        text: reading.text,
        confidence: reading.confidence,
        alternatives: reading.alternatives,
        other_readings: reading.other_readings,
        problem: reading.problem,
    });
}

/// Glyphs for recognised text; every glyph of a text line gets the line's
/// height as its size.
fn push_text(
    glyphs: &mut Vec<Glyph>,
    syms: &[Symbol],
    page_index: usize,
    to_page: impl Fn([i32; 4]) -> BBox,
) {
    let mut start = 0;
    while start < syms.len() {
        let mut end = start + 1;
        while end < syms.len() && !syms[end].line_start {
            end += 1;
        }
        let boxes: Vec<BBox> = syms[start..end].iter().map(|s| to_page(s.bbox)).collect();
        let size_pt = boxes
            .iter()
            .map(|b| b.height().max(b.width()))
            .fold(0.0f32, f32::max)
            .max(4.0);
        for (s, b) in syms[start..end].iter().zip(boxes) {
            glyphs.push(Glyph {
                page_index,
                text: s.text.clone(),
                bbox: b,
                size_pt,
                vertical: false,
            });
        }
        start = end;
    }
}

/// Common OCR slips at the start of table labels: the brackets of `（一）`
/// read as `《`, `〈`, `(`… (the closing one even as a numeral, `（七六`),
/// and `、` read as `，` after a number.
fn tidy_label_start(syms: &mut [Symbol]) {
    let is = |s: &Symbol, set: &str| {
        s.text.chars().count() == 1 && s.text.chars().all(|c| set.contains(c))
    };
    if syms.len() >= 3
        && is(&syms[0], "《〈(（[{<「『【")
        && is(&syms[1], "一二三四五六七八九十")
        && (is(&syms[2], "》〉)）]}>」』】") || is(&syms[2], "一二三四五六七八九十"))
    {
        syms[0].text = "（".into();
        syms[2].text = "）".into();
    }
    if syms.len() >= 2 && is(&syms[0], "0123456789") && is(&syms[1], "，,") {
        syms[1].text = "、".into();
    }
}

/// A label cell's symbols made right: its start tidied, and its text
/// (numbering aside) replaced by the format's label when that is close and
/// clearly the closest ([`lexicon::closest_label`]). The new characters take
/// the boxes of the old ones, spread evenly.
fn correct_label(mut syms: Vec<Symbol>) -> Vec<Symbol> {
    tidy_label_start(&mut syms);
    if syms.iter().any(|s| s.text.chars().count() != 1) {
        return syms;
    }
    let text: String = syms.iter().map(|s| s.text.as_str()).collect();
    let k = lexicon::numbering_len(&text);
    let core: String = text.chars().skip(k).collect();
    let Some(label) = lexicon::closest_label(&core) else {
        return syms;
    };
    if label == core {
        return syms;
    }
    let old = syms.split_off(k);
    let new: Vec<char> = label.chars().collect();
    let mut last = usize::MAX;
    for (i, ch) in new.iter().enumerate() {
        let j = i * old.len() / new.len();
        let mut s = old[j].clone();
        s.text = ch.to_string();
        s.alternatives.clear();
        s.line_start = old[j].line_start && j != last;
        last = j;
        syms.push(s);
    }
    syms
}

/// How close a label reading is to a label of the format (0 when not).
fn label_score(syms: &[Symbol]) -> f32 {
    let text: String = syms.iter().map(|s| s.text.as_str()).collect();
    let core: String = text.chars().skip(lexicon::numbering_len(&text)).collect();
    lexicon::best_label(&core).map(|(_, s, _)| s).unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(x0: usize, y0: usize, x1: usize, y1: usize) -> Component {
        Component {
            x0,
            y0,
            x1,
            y1,
            pixels: (x1 - x0) * (y1 - y0),
        }
    }

    /// "12.35": the point stands low between the "2" and the "3".
    #[test]
    fn a_point_between_two_digits_on_the_baseline_is_a_decimal_point() {
        let comps = [
            mark(0, 0, 10, 20),
            mark(12, 0, 22, 20),
            mark(24, 17, 27, 20),
            mark(29, 0, 39, 20),
            mark(41, 0, 51, 20),
        ];
        assert_eq!(small_marks(&comps), (false, true));
    }

    /// A speck in the hollow of a "0", or high between two digits, is not
    /// a decimal point.
    #[test]
    fn a_speck_inside_a_digit_or_high_up_is_not_a_decimal_point() {
        let zero = [mark(0, 0, 10, 20), mark(4, 9, 6, 11)];
        assert_eq!(small_marks(&zero), (false, false));
        let high = [mark(0, 0, 10, 20), mark(11, 2, 13, 4), mark(14, 0, 24, 20)];
        assert_eq!(small_marks(&high), (false, false));
    }
}
