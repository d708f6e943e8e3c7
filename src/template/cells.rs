//! A line split into its label texts and its value cells.

use crate::geom::BBox;
use crate::layout::Line;
use crate::normalize::is_value_text;

/// A value cell taken from a line.
#[derive(Debug, Clone)]
pub(crate) struct ValueCell {
    pub(crate) text: String,
    pub(crate) bbox: Option<BBox>,
    pub(crate) page_index: usize,
    pub(crate) line_index: usize,
    /// The unit a header or caption states for the column ("元" in
    /// "本年收费金额（单位：元）"), when the value itself names none.
    pub(crate) unit: Option<&'static str>,
    /// Why the cell cannot be read as one value (two cells under one
    /// header, several numbers in one cell): it is left blank with this
    /// reason as a warning.
    pub(crate) ambiguous: Option<String>,
}

/// A line split into its label texts and its value cells.
#[derive(Debug, Clone, Default)]
pub(crate) struct SplitLine {
    pub(crate) labels: Vec<String>,
    pub(crate) values: Vec<ValueCell>,
    /// Values came from splitting one text run at spaces, so blank cells
    /// cannot be told apart.
    pub(crate) loose: bool,
}

pub(crate) fn split_line(line: &Line, line_index: usize, positioned: bool) -> SplitLine {
    let cells = &line.cells;
    let last_label = cells
        .iter()
        .rposition(|c| !c.text.trim().is_empty() && !is_value_text(&c.text));
    let (label_cells, value_cells) = match last_label {
        Some(k) => (&cells[..=k], &cells[k + 1..]),
        None => (&cells[..0], &cells[..]),
    };
    let mut out = SplitLine {
        labels: label_cells
            .iter()
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        ..SplitLine::default()
    };
    // A text line without separators: token columns stand in for x.
    let columns = !positioned && cells.len() == 1;
    for c in value_cells {
        if positioned && c.text.trim().is_empty() {
            continue;
        }
        // A cell holding several numbers separated by spaces.
        let toks = tokens(&c.text, c.bbox.x0);
        if toks.len() > 1 && toks.iter().all(|t| is_value_text(&t.0)) && !c.text.contains("万元")
        {
            out.loose = true;
            for (t, x0, x1) in toks {
                out.values.push(ValueCell {
                    text: t,
                    bbox: (positioned || columns).then(|| BBox::new(x0, 0.0, x1, 0.0)),
                    page_index: line.page_index,
                    line_index,
                    unit: None,
                    ambiguous: None,
                });
            }
            continue;
        }
        out.values.push(ValueCell {
            text: c.text.trim().to_string(),
            bbox: positioned.then_some(c.bbox),
            page_index: c.page_index,
            line_index,
            unit: None,
            ambiguous: None,
        });
    }
    // "规章  0  0  0" in one run of text: split trailing numbers off the label.
    if out.values.is_empty() {
        if let (Some(last), Some(cell)) = (out.labels.pop(), label_cells.last()) {
            let toks = tokens(&cell.text, cell.bbox.x0);
            let n_vals = toks
                .iter()
                .rev()
                .take_while(|t| is_value_text(&t.0))
                .count();
            if n_vals > 0 && n_vals < toks.len() {
                let k = toks.len() - n_vals;
                // Each word of the label part apart: a group label printed
                // before the row label ("三、本 （一）予以公开") is another label.
                out.labels.extend(toks[..k].iter().map(|t| t.0.clone()));
                out.loose = true;
                for (t, x0, x1) in toks.into_iter().skip(k) {
                    out.values.push(ValueCell {
                        text: t,
                        bbox: columns.then(|| BBox::new(x0, 0.0, x1, 0.0)),
                        page_index: line.page_index,
                        line_index,
                        unit: None,
                        ambiguous: None,
                    });
                }
            } else if !positioned && toks.len() > 1 {
                out.labels.extend(toks.into_iter().map(|t| t.0));
            } else {
                out.labels.push(last);
            }
        }
    }
    out
}

/// Whitespace-separated tokens of a text with their character columns,
/// counted from `x0`.
pub(crate) fn tokens(text: &str, x0: f32) -> Vec<(String, f32, f32)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0usize;
    for (i, ch) in text.chars().enumerate() {
        if ch.is_whitespace() {
            if !cur.is_empty() {
                let n = cur.chars().count();
                out.push((
                    std::mem::take(&mut cur),
                    x0 + start as f32,
                    x0 + (start + n) as f32,
                ));
            }
        } else {
            if cur.is_empty() {
                start = i;
            }
            cur.push(ch);
        }
    }
    if !cur.is_empty() {
        let n = cur.chars().count();
        out.push((cur, x0 + start as f32, x0 + (start + n) as f32));
    }
    // A unit printed apart from its number ("126.5 万元") belongs to it.
    let mut merged: Vec<(String, f32, f32)> = Vec::with_capacity(out.len());
    for t in out {
        let unit = matches!(t.0.as_str(), "万元" | "元" | "亿元" | "件" | "个" | "项");
        match merged.last_mut() {
            Some(prev) if unit && is_value_text(&prev.0) => {
                prev.0 = format!("{} {}", prev.0, t.0);
                prev.2 = t.2;
            }
            _ => merged.push(t),
        }
    }
    merged
}
