//! Page geometry: glyph advances, line wrapping, and a page flow that
//! places text and rules on pages the way a word processor does (top-left
//! origin, points), breaking pages and printing page numbers in the footer.

use xxgk::geom::BBox;
use xxgk::layout::{Glyph, Page, Rule};

use super::traits::{PageNumbers, Stroke};

/// Advance of one character at `size`: CJK and full-width forms are one em,
/// ASCII about half.
pub fn advance(c: char, size: f32) -> f32 {
    if c.is_ascii() {
        match c {
            '.' | ',' | ':' | ';' | '!' | '|' | 'i' | 'l' => 0.28 * size,
            ' ' => 0.25 * size,
            _ => 0.5 * size,
        }
    } else {
        size
    }
}

pub fn text_width(s: &str, size: f32) -> f32 {
    s.chars().map(|c| advance(c, size)).sum()
}

/// Characters a line may not start with (Chinese line-breaking rules).
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》”’」』】,.;:?!)%".contains(c)
}

/// Breaks `text` into lines no wider than `width`. Runs of ASCII letters
/// and digits (numbers such as 1,234 or 7730.28) are not broken; closing
/// punctuation stays with the character before it.
pub fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    // Tokens: one CJK character, or a run of ASCII word characters.
    let mut tokens: Vec<String> = Vec::new();
    for c in text.chars() {
        let word = c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '-' | '%');
        match tokens.last_mut() {
            Some(t)
                if word
                    && t.chars().last().is_some_and(|p| {
                        p.is_ascii_alphanumeric() || matches!(p, '.' | ',' | '-')
                    })
                    && t.is_ascii() =>
            {
                t.push(c)
            }
            _ => tokens.push(c.to_string()),
        }
    }
    // Greedy filling; a token that may not start a line pushes the last
    // token of the full line down with it (oikomi is not emulated).
    let mut lines: Vec<Vec<String>> = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let width_of = |toks: &[String]| toks.iter().map(|t| text_width(t, size)).sum::<f32>();
    for t in tokens {
        let tw = text_width(&t, size);
        let first = t.chars().next().unwrap_or(' ');
        if !cur.is_empty() && width_of(&cur) + tw > width + 0.01 {
            let mut next = Vec::new();
            if no_line_start(first) && cur.len() > 1 {
                next.push(cur.pop().unwrap_or_default());
            }
            lines.push(std::mem::replace(&mut cur, next));
        }
        cur.push(t);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    let lines: Vec<String> = lines.into_iter().map(|l| l.concat()).collect();
    lines
}

/// The size and margins of a page.
#[derive(Debug, Clone, Copy)]
pub struct PageGeom {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl PageGeom {
    /// A4 portrait with 公文 margins.
    pub fn portrait() -> PageGeom {
        PageGeom {
            width: 595.3,
            height: 841.9,
            left: 79.4,
            right: 73.7,
            top: 104.9,
            bottom: 99.2,
        }
    }

    /// A4 landscape, as a section break in Word makes it.
    pub fn landscape() -> PageGeom {
        PageGeom {
            width: 841.9,
            height: 595.3,
            left: 72.0,
            right: 72.0,
            top: 70.0,
            bottom: 70.0,
        }
    }

    pub fn content_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    pub fn content_bottom(&self) -> f32 {
        self.height - self.bottom
    }

    pub fn content_height(&self) -> f32 {
        self.content_bottom() - self.top
    }
}

/// Horizontal placement of a line of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// Pages being filled top to bottom.
pub struct Flow {
    pub pages: Vec<Page>,
    pub geom: PageGeom,
    /// The top of the free space on the current page.
    pub y: f32,
    stroke: Stroke,
}

impl Flow {
    pub fn new(geom: PageGeom, stroke: Stroke) -> Flow {
        let mut f = Flow {
            pages: Vec::new(),
            geom,
            y: 0.0,
            stroke,
        };
        f.new_page(geom);
        f
    }

    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    /// Starts a new page with `geom`.
    pub fn new_page(&mut self, geom: PageGeom) {
        self.geom = geom;
        self.pages.push(Page {
            page_index: self.pages.len(),
            width_pt: geom.width,
            height_pt: geom.height,
            glyphs: Vec::new(),
            rules: Vec::new(),
        });
        self.y = geom.top;
    }

    /// Starts a new page unless the current one is still empty; keeps the
    /// orientation unless `geom` is given.
    pub fn break_page(&mut self, geom: Option<PageGeom>) {
        let geom = geom.unwrap_or(self.geom);
        let page = &self.pages[self.page_index()];
        if page.glyphs.is_empty() && page.rules.is_empty() {
            let i = self.page_index();
            self.pages[i].width_pt = geom.width;
            self.pages[i].height_pt = geom.height;
            self.geom = geom;
            self.y = geom.top;
        } else {
            self.new_page(geom);
        }
    }

    pub fn remaining(&self) -> f32 {
        self.geom.content_bottom() - self.y
    }

    /// Makes room for `h` points, breaking the page when they do not fit.
    pub fn ensure(&mut self, h: f32) {
        if h > self.remaining() {
            self.break_page(None);
        }
    }

    /// Places `text` as horizontal glyphs with its box top at `top`.
    pub fn text_at(&mut self, page: usize, x: f32, top: f32, text: &str, size: f32) {
        let mut x = x;
        for c in text.chars() {
            let w = advance(c, size);
            if !c.is_whitespace() {
                self.pages[page].glyphs.push(Glyph {
                    page_index: page,
                    text: c.to_string(),
                    bbox: BBox::new(x, top, x + w, top + size),
                    size_pt: size,
                    vertical: false,
                });
            }
            x += w;
        }
    }

    /// Places `text` in a vertical font: glyphs stacked downwards from `top`,
    /// centred on `center_x`.
    pub fn vertical_at(&mut self, page: usize, center_x: f32, top: f32, text: &str, size: f32) {
        let mut y = top;
        for c in text.chars() {
            self.pages[page].glyphs.push(Glyph {
                page_index: page,
                text: c.to_string(),
                bbox: BBox::new(center_x - size / 2.0, y, center_x + size / 2.0, y + size),
                size_pt: size,
                vertical: true,
            });
            y += size;
        }
    }

    /// A ruling line from (x0, y0) to (x1, y1); horizontal or vertical.
    pub fn rule(&mut self, page: usize, x0: f32, y0: f32, x1: f32, y1: f32, weight: f32) {
        let bbox = match self.stroke {
            Stroke::Line => BBox::new(x0, y0, x1, y1),
            Stroke::Rect => {
                let h = weight / 2.0;
                BBox::new(x0 - h, y0 - h, x1 + h, y1 + h)
            }
        };
        self.pages[page].rules.push(Rule {
            page_index: page,
            bbox,
        });
    }

    /// A paragraph: wrapped to the text width, first line indented by
    /// `indent` ems, `leading` points from line to line, breaking pages.
    pub fn paragraph(&mut self, text: &str, size: f32, leading: f32, indent: f32) {
        let width = self.geom.content_width();
        let indent_pt = indent * size;
        let first = wrap(text, size, width - indent_pt);
        let mut lines = vec![first[0].clone()];
        let rest: String = first[1..].concat();
        if !rest.is_empty() {
            lines.extend(wrap(&rest, size, width));
        }
        for (i, line) in lines.iter().enumerate() {
            self.ensure(leading);
            let x = self.geom.left + if i == 0 { indent_pt } else { 0.0 };
            let top = self.y + (leading - size) / 2.0;
            let page = self.page_index();
            self.text_at(page, x, top, line, size);
            self.y += leading;
        }
    }

    /// One line of text aligned within the text width.
    pub fn line(&mut self, text: &str, size: f32, leading: f32, align: Align) {
        self.ensure(leading);
        let w = text_width(text, size);
        let x = match align {
            Align::Left => self.geom.left,
            Align::Center => self.geom.left + (self.geom.content_width() - w) / 2.0,
            Align::Right => self.geom.left + self.geom.content_width() - w,
        };
        let top = self.y + (leading - size) / 2.0;
        let page = self.page_index();
        self.text_at(page, x, top, text, size);
        self.y += leading;
    }

    pub fn space(&mut self, h: f32) {
        self.y += h;
    }

    /// The pages, with page numbers printed in the footers.
    pub fn finish(mut self, numbers: PageNumbers) -> Vec<Page> {
        let n = self.pages.len();
        for i in 0..n {
            let text = match numbers {
                PageNumbers::None => continue,
                PageNumbers::Dashed => format!("- {} -", i + 1),
                PageNumbers::EmDashed => format!("— {} —", i + 1),
                PageNumbers::Di => format!("第{}页", i + 1),
            };
            let (w, h) = (self.pages[i].width_pt, self.pages[i].height_pt);
            let size = 12.0;
            let x = (w - text_width(&text, size)) / 2.0;
            self.text_at(i, x, h - 50.0, &text, size);
        }
        self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_numbers_and_punctuation() {
        let lines = wrap("共收到申请1,234件。", 10.0, 60.0);
        assert_eq!(lines.concat(), "共收到申请1,234件。");
        assert!(lines.iter().all(|l| !l.starts_with('。')));
        assert!(lines.iter().any(|l| l.contains("1,234")));
    }
}
