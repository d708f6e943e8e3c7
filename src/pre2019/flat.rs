//! A document's lines as one text, with the way back from a byte offset to
//! the line (and page) it came from. Crawler dumps print a whole report on
//! one line; printed PDFs and tab-separated text put each heading and table
//! row on a line of its own. Reading the text as one stream serves both.

use crate::layout::Line;

/// The lines of a document joined: cells by `\t`, lines by `\n`; page
/// furniture (printed page numbers) left out as empty lines.
#[derive(Debug, Clone)]
pub(crate) struct Flat {
    /// The text.
    pub text: String,
    /// Byte offset where each line starts.
    pub line_starts: Vec<usize>,
    /// Page index of each line.
    pub pages: Vec<usize>,
}

/// Where a byte offset stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    /// Index into the document's lines.
    pub line_index: usize,
    /// Characters from the line's start.
    pub char_offset: usize,
    /// The line's page index.
    pub page_index: usize,
}

impl Flat {
    /// Joins the lines.
    pub fn new(lines: &[Line]) -> Flat {
        let mut text = String::new();
        let mut line_starts = Vec::with_capacity(lines.len());
        let mut pages = Vec::with_capacity(lines.len());
        for l in lines {
            line_starts.push(text.len());
            pages.push(l.page_index);
            if !l.furniture {
                for (i, c) in l.cells.iter().enumerate() {
                    if i > 0 {
                        text.push('\t');
                    }
                    // A cell's own tabs and newlines would break the map.
                    text.extend(c.text.chars().map(|ch| {
                        if ch == '\t' || ch == '\n' {
                            ' '
                        } else {
                            ch
                        }
                    }));
                }
            }
            text.push('\n');
        }
        Flat {
            text,
            line_starts,
            pages,
        }
    }

    /// The line, page and character offset of a byte offset.
    pub fn place(&self, offset: usize) -> Place {
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let end = offset.min(self.text.len()).max(start);
        let char_offset = self.text.get(start..end).map_or(0, |s| s.chars().count());
        Place {
            line_index,
            char_offset,
            page_index: self.pages.get(line_index).copied().unwrap_or(0),
        }
    }

    /// The byte range of a line (without its newline).
    pub fn line_range(&self, line_index: usize) -> std::ops::Range<usize> {
        let start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(line_index + 1)
            .map_or(self.text.len(), |e| e.saturating_sub(1));
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_offsets_in_lines() {
        let doc = crate::ingest::text::read_text("标题\n一、概述 正文\t3\n");
        let f = Flat::new(&doc.lines);
        let at = f.text.find("正文").unwrap();
        let p = f.place(at);
        assert_eq!((p.line_index, p.char_offset), (1, 5));
        assert_eq!(&f.text[f.line_range(1)], "一、概述 正文\t3");
    }
}
