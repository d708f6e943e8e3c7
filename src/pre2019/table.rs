//! The 政府信息公开情况统计表 of a pre-format report, read as rows of
//! label, unit and figures.
//!
//! The table is found by its header (指标名称 | 计量单位 | 本年度 | 历年累计)
//! or its caption. Its text is then read as one stream of tokens (text,
//! figures, dashes), whatever the input: one row per line, cells separated
//! by tabs or spaces, or a whole table run together on one line by a
//! crawler ("主动公开文件数条346085376其中：1、政府网站公开数条3460853762、…").
//! Where a line's cells stand under the header's cells (HTML, tab-separated
//! text, a PDF row), each figure is taken from its column. Otherwise each
//! row is its label text followed by its figures; a run of digits holding
//! several cells is kept as the list of every way to cut it
//! ([`Node::readings`]), for [`super::resolve`] to decide.
//!
//! Each row's label is cut into segments at 其中 and at numbering (一、,
//! （一）, 1、, （1）, ①): the last segment is the row, earlier ones are
//! headings inside the table. [`hierarchy`] then gives every row its parent
//! (the total a 其中 list or numbered items stand under).

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::flat::Flat;
use super::spec::{label_core, Compiled};
use crate::layout::Line;

/// What a column of the table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    /// 指标名称.
    Label,
    /// 计量单位.
    Unit,
    /// 本年度.
    Value,
    /// 历年累计.
    Cumulative,
    /// A column of figures not read (a second year, say).
    Other,
}

impl ColKind {
    /// The name used in the record.
    pub fn name(self) -> &'static str {
        match self {
            ColKind::Label => "label",
            ColKind::Unit => "unit",
            ColKind::Value => "value",
            ColKind::Cumulative => "cumulative",
            ColKind::Other => "other",
        }
    }

    fn is_figure(self) -> bool {
        matches!(self, ColKind::Value | ColKind::Cumulative | ColKind::Other)
    }
}

/// The style of a numbering, from the outermost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Style {
    /// 一、
    Cn,
    /// （一）
    ParenCn,
    /// 1、 1. 1．
    Arabic,
    /// （1）
    ParenArabic,
    /// ①
    Circled,
}

/// The marks in front of a label.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markers {
    /// 其中 stands before it.
    pub qizhong: bool,
    /// Its numbering.
    pub numbering: Option<(Style, u32)>,
}

/// A heading or a row of the table.
#[derive(Debug, Clone)]
pub struct Node {
    /// True for a row (label with figures), false for a heading.
    pub is_row: bool,
    /// The label as printed, numbering and 其中 taken off.
    pub label: String,
    /// Its marks.
    pub markers: Markers,
    /// The unit, when printed.
    pub unit: Option<String>,
    /// The printed text.
    pub raw: String,
    /// Where it starts in the flat text.
    pub start: usize,
    /// Every reading of its figures (one per way to cut a run of digits),
    /// each with one value per figure column; `Err` says why there is none.
    pub readings: Result<Vec<Vec<Option<f64>>>, String>,
}

/// One statistics table.
#[derive(Debug, Clone)]
pub struct ParsedTable {
    /// The caption as printed.
    pub caption: Option<String>,
    /// The header as printed.
    pub header: Option<String>,
    /// Where the header (or caption) stands.
    pub header_at: usize,
    /// The figure columns, left to right.
    pub columns: Vec<ColKind>,
    /// Where the table lies in the flat text.
    pub span: Range<usize>,
    /// Headings and rows in printed order.
    pub nodes: Vec<Node>,
    /// Problems met.
    pub warnings: Vec<String>,
}

impl ParsedTable {
    /// The index of a column kind among the figure columns.
    pub fn column(&self, kind: ColKind) -> Option<usize> {
        self.columns.iter().position(|c| *c == kind)
    }
}

/// Folds a full-width digit to ASCII.
fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - 0xFF10 + 0x30),
        _ => None,
    }
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '（')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | '）')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '－' | '-' | '/' | '／' | '―' | '–' | '…')
}

const CN_NUMERALS: &str = "一二三四五六七八九十";

/// The value of a Chinese numeral of one to three characters (一 … 九十九).
fn cn_value(s: &str) -> Option<u32> {
    let d = |c: char| CN_NUMERALS.find(c).map(|i| (i / 3) as u32 + 1);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] => d(*a),
        ['十', b] => Some(10 + d(*b)?),
        [a, '十'] => Some(d(*a)? * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    Text,
    Num,
    Dash,
    Blank,
}

#[derive(Debug, Clone)]
struct Tok {
    kind: TokKind,
    start: usize,
    end: usize,
    /// Text as printed; for a number, its ASCII digits.
    text: String,
    space_before: bool,
    col: Option<ColKind>,
    line: usize,
}

/// Splits text into tokens. Brackets holding words are text (a note such as
/// "（不同渠道和方式公开相同信息计1条）"); so is everything up to a closing
/// bracket whose opening one stood on an earlier line.
fn tokenize(
    flat: &str,
    range: Range<usize>,
    col: Option<ColKind>,
    line: usize,
    out: &mut Vec<Tok>,
) {
    let s = &flat[range.clone()];
    let base = range.start;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    // Text forced up to an unmatched closing bracket.
    let mut forced = 0usize;
    let mut depth = 0usize;
    for (k, &(_, c)) in chars.iter().enumerate() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            if depth == 0 {
                forced = k + 1;
            } else {
                depth -= 1;
            }
        }
    }
    let mut k = 0;
    let mut space = true;
    let push_text = |out: &mut Vec<Tok>, from: usize, to: usize, space: bool| {
        let (a, b) = (
            base + chars[from].0,
            base + chars.get(to).map_or(s.len(), |c| c.0),
        );
        match out.last_mut() {
            Some(t) if t.kind == TokKind::Text && !space && t.end == a && t.line == line => {
                t.end = b;
                t.text.push_str(&flat[a..b]);
            }
            _ => out.push(Tok {
                kind: TokKind::Text,
                start: a,
                end: b,
                text: flat[a..b].to_string(),
                space_before: space,
                col,
                line,
            }),
        }
    };
    while k < chars.len() {
        let c = chars[k].1;
        if is_space(c) {
            space = true;
            k += 1;
            continue;
        }
        if k < forced {
            push_text(out, k, k + 1, space);
            space = false;
            k += 1;
            continue;
        }
        if is_open(c) {
            // A bracket with its closing one within reach: text as a whole.
            let mut d = 0usize;
            let mut close = None;
            for (j, &(_, cj)) in chars.iter().enumerate().skip(k).take(80) {
                if is_open(cj) {
                    d += 1;
                } else if is_close(cj) {
                    d -= 1;
                    if d == 0 {
                        close = Some(j);
                        break;
                    }
                }
            }
            let to = close.map_or(k + 1, |j| j + 1);
            push_text(out, k, to, space);
            space = false;
            k = to;
            continue;
        }
        if digit(c).is_some() {
            let mut j = k;
            let mut digits = String::new();
            while j < chars.len() {
                let cj = chars[j].1;
                if let Some(d) = digit(cj) {
                    digits.push(d);
                    j += 1;
                } else if matches!(cj, '.' | '．')
                    && chars.get(j + 1).is_some_and(|n| digit(n.1).is_some())
                    && !digits.contains('.')
                {
                    digits.push('.');
                    j += 1;
                } else if matches!(cj, ',' | '，')
                    && (1..=3).all(|o| chars.get(j + o).is_some_and(|n| digit(n.1).is_some()))
                    && chars.get(j + 4).is_none_or(|n| digit(n.1).is_none())
                    && !digits.contains('.')
                {
                    j += 1; // a thousands separator
                } else {
                    break;
                }
            }
            let (a, b) = (
                base + chars[k].0,
                base + chars.get(j).map_or(s.len(), |c| c.0),
            );
            out.push(Tok {
                kind: TokKind::Num,
                start: a,
                end: b,
                text: digits,
                space_before: space,
                col,
                line,
            });
            space = false;
            k = j;
            continue;
        }
        // A dash or 无 standing alone is a figure left out.
        if space && (is_dash(c) || c == '无') {
            let mut j = k;
            while j < chars.len() && (is_dash(chars[j].1) || (j == k && c == '无')) {
                j += 1;
            }
            if chars.get(j).is_none_or(|n| is_space(n.1)) {
                let (a, b) = (
                    base + chars[k].0,
                    base + chars.get(j).map_or(s.len(), |c| c.0),
                );
                out.push(Tok {
                    kind: TokKind::Dash,
                    start: a,
                    end: b,
                    text: flat[a..b].to_string(),
                    space_before: true,
                    col,
                    line,
                });
                space = false;
                k = j;
                continue;
            }
        }
        push_text(out, k, k + 1, space);
        space = false;
        k += 1;
    }
}

/// The header's columns as cells of one line, for reading rows by column.
#[derive(Debug, Clone)]
struct HeaderCells {
    /// (kind, x0, x1) left to right.
    cols: Vec<(ColKind, f32, f32)>,
    positioned: bool,
}

impl HeaderCells {
    /// The index (into `cols`) of the column a cell stands in.
    fn column_of(&self, x0: f32, x1: f32) -> Option<usize> {
        if self.positioned {
            let center = (x0 + x1) / 2.0;
            let mid = |k: usize| (self.cols[k].1 + self.cols[k].2) / 2.0;
            (0..self.cols.len()).find(|&k| {
                let lo = if k == 0 {
                    f32::MIN
                } else {
                    (mid(k - 1) + mid(k)) / 2.0
                };
                let hi = if k + 1 == self.cols.len() {
                    f32::MAX
                } else {
                    (mid(k) + mid(k + 1)) / 2.0
                };
                center >= lo && center < hi
            })
        } else {
            self.cols
                .iter()
                .position(|(_, a, b)| x0 >= *a - 0.01 && x0 < *b - 0.01)
        }
    }
}

/// A header found in the text.
#[derive(Debug, Clone)]
struct HeaderHit {
    range: Range<usize>,
    kinds: Vec<ColKind>,
    has_unit: bool,
}

fn header_regex(c: &Compiled) -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let h = &c.spec.statistics_table.header;
        let alt = |ws: &[String]| {
            let mut ws: Vec<String> = ws
                .iter()
                .map(|w| regex::escape(w).replace("YYYY", "(?:19|20)[0-9]{2}"))
                .collect();
            ws.sort_by_key(|w| std::cmp::Reverse(w.len()));
            ws.join("|")
        };
        let figures = format!("{}|{}", alt(&h.value), alt(&h.cumulative));
        Regex::new(&format!(
            r"(?:{})\s*(?:(?:{})\s*)?(?:(?:{figures})\s*){{1,4}}",
            alt(&h.label),
            alt(&h.unit)
        ))
        .expect("header regex from template.json (tested)")
    })
}

/// Reads the kinds of a header's figure columns from its text.
fn header_kinds(text: &str, c: &Compiled, year: Option<i32>) -> (Vec<ColKind>, bool) {
    let h = &c.spec.statistics_table.header;
    let t: String = text.chars().filter(|c| !is_space(*c)).collect();
    let has_unit = h.unit.iter().any(|u| t.contains(u.as_str()));
    // Figure words in printed order.
    let mut words: Vec<(usize, String, ColKind)> = Vec::new();
    let year_re = Regex::new(r"((?:19|20)[0-9]{2})年(度)?").expect("valid regex");
    let mut taken = vec![false; t.len()];
    let mut take = |at: usize,
                    len: usize,
                    w: String,
                    k: ColKind,
                    words: &mut Vec<(usize, String, ColKind)>| {
        if taken[at..at + len].iter().any(|x| *x) {
            return;
        }
        taken[at..at + len].iter_mut().for_each(|x| *x = true);
        words.push((at, w, k));
    };
    let mut cum: Vec<&String> = h.cumulative.iter().collect();
    cum.sort_by_key(|w| std::cmp::Reverse(w.len()));
    for w in cum {
        for (at, _) in t.match_indices(w.as_str()) {
            take(at, w.len(), w.clone(), ColKind::Cumulative, &mut words);
        }
    }
    for m in year_re.captures_iter(&t) {
        let y: i32 = m[1].parse().unwrap_or(0);
        let whole = m.get(0).map_or(0..0, |g| g.range());
        let kind = match year {
            Some(ry) if ry != y => ColKind::Other,
            _ => ColKind::Value,
        };
        take(whole.start, whole.len(), m[0].to_string(), kind, &mut words);
    }
    let mut vals: Vec<&String> = h.value.iter().filter(|w| !w.contains("YYYY")).collect();
    vals.sort_by_key(|w| std::cmp::Reverse(w.len()));
    for w in vals {
        for (at, _) in t.match_indices(w.as_str()) {
            take(at, w.len(), w.clone(), ColKind::Value, &mut words);
        }
    }
    words.sort_by_key(|w| w.0);
    // A generic word (数量) over precise ones (本年度, 历年累计) names a group.
    let precise = words.iter().any(|(_, w, _)| !h.generic.contains(w));
    if precise {
        words.retain(|(_, w, _)| !h.generic.contains(w));
    }
    let mut kinds: Vec<ColKind> = words.into_iter().map(|w| w.2).collect();
    // Two columns of this year: only the first is read.
    let mut seen_value = false;
    for k in kinds.iter_mut() {
        if *k == ColKind::Value {
            if seen_value {
                *k = ColKind::Other;
            }
            seen_value = true;
        }
    }
    (kinds, has_unit)
}

fn find_headers(flat: &Flat, c: &Compiled, year: Option<i32>) -> Vec<HeaderHit> {
    header_regex(c)
        .find_iter(&flat.text)
        .map(|m| {
            // The header ends with its last word, not with the spaces after it.
            let mut end = m.start() + m.as_str().trim_end().len();
            // A last figure word that begins the first row's label
            // ("本年 本年度主动公开政府信息数") is the label's.
            let h = &c.spec.statistics_table.header;
            for w in h.value.iter().chain(&h.cumulative) {
                if w.contains("YYYY") || !flat.text[m.start()..end].ends_with(w.as_str()) {
                    continue;
                }
                let at = end - w.len();
                let rest: String = flat.text[at..]
                    .chars()
                    .take_while(|ch| !is_space(*ch) && digit(*ch).is_none())
                    .take(30)
                    .collect();
                let starts_label = (w.chars().count() + 2..=rest.chars().count()).any(|n| {
                    let l: String = rest.chars().take(n).collect();
                    !c.keys_for_any(&l).is_empty()
                });
                let before = header_kinds(&flat.text[m.start()..at], c, year).0;
                if starts_label && !before.is_empty() {
                    end = flat.text[..at].trim_end().len();
                    break;
                }
            }
            let (kinds, has_unit) = header_kinds(&flat.text[m.start()..end], c, year);
            HeaderHit {
                range: m.start()..end,
                kinds,
                has_unit,
            }
        })
        .filter(|h| !h.kinds.is_empty())
        .collect()
}

/// Captions standing as headings (not named inside a sentence).
fn find_captions(flat: &Flat, c: &Compiled) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for cap in &c.spec.statistics_table.captions {
        for (at, _) in flat.text.match_indices(cap.as_str()) {
            let end = at + cap.len();
            if out.iter().any(|r| r.start <= at && at < r.end) {
                continue;
            }
            // Back to the start of the heading: a line start, a numbering or
            // a word such as 附表; never across a sentence.
            let before = &flat.text[..at];
            let mut start = at;
            for (i, ch) in before.char_indices().rev().take(40) {
                if matches!(
                    ch,
                    '\n' | '\t' | '。' | '；' | ';' | '，' | ',' | '！' | '？'
                ) {
                    break;
                }
                start = i;
            }
            let head = flat.text[start..at].trim();
            let heading_like = head.is_empty()
                || head.starts_with("附")
                || head
                    .chars()
                    .next()
                    .is_some_and(|ch| CN_NUMERALS.contains(ch) || is_open(ch))
                || head.chars().count() <= 20 && !head.contains("由") && !head.contains("和");
            let after = flat.text[end..].chars().next();
            let ends_heading = after.is_none_or(|ch| {
                is_space(ch) || is_open(ch) || matches!(ch, '：' | ':' | '指' | '统' | '项')
            });
            if heading_like && ends_heading && !head.contains("本报告") {
                out.push(start..end);
            }
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// Finds and reads every statistics table of a document.
pub(crate) fn find_tables(
    flat: &Flat,
    lines: &[Line],
    positioned: bool,
    year: Option<i32>,
) -> Vec<ParsedTable> {
    let c = Compiled::builtin();
    let headers = find_headers(flat, c, year);
    let captions = find_captions(flat, c);
    let mut starts: Vec<(Option<Range<usize>>, Option<HeaderHit>)> = Vec::new();
    for h in &headers {
        // The caption just above the header (within 160 bytes, no header between).
        let cap = captions
            .iter()
            .rev()
            .find(|r| r.end <= h.range.start && h.range.start - r.end <= 160)
            .cloned();
        starts.push((cap, Some(h.clone())));
    }
    for cap in &captions {
        let covered = starts.iter().any(|(c2, h)| {
            c2.as_ref() == Some(cap)
                || h.as_ref()
                    .is_some_and(|h| cap.start >= h.range.start && cap.start < h.range.end + 200)
        });
        if !covered {
            starts.push((Some(cap.clone()), None));
        }
    }
    starts.sort_by_key(|(c2, h)| {
        h.as_ref()
            .map(|h| h.range.start)
            .or(c2.as_ref().map(|c2| c2.start))
            .unwrap_or(0)
    });
    let mut tables: Vec<ParsedTable> = Vec::new();
    for (k, (cap, header)) in starts.iter().enumerate() {
        let from = header
            .as_ref()
            .map(|h| h.range.end)
            .or(cap.as_ref().map(|c2| c2.end))
            .unwrap_or(0);
        if tables.iter().any(|t| t.span.contains(&from)) {
            continue;
        }
        let to = starts
            .get(k + 1)
            .and_then(|(c2, h)| {
                c2.as_ref()
                    .map(|r| r.start)
                    .or(h.as_ref().map(|h| h.range.start))
            })
            .filter(|&t| t > from)
            .unwrap_or(flat.text.len());
        let t = read_table(
            flat,
            lines,
            positioned,
            cap.clone(),
            header.clone(),
            from..to,
            c,
        );
        tables.push(t);
    }
    tables.retain(|t| t.nodes.iter().any(|n| n.is_row));
    tables
}

/// The header cells of the line holding the header, when each header word
/// stands in a cell of its own.
fn header_cells(
    flat: &Flat,
    lines: &[Line],
    positioned: bool,
    header: &HeaderHit,
    c: &Compiled,
) -> Option<HeaderCells> {
    let p = flat.place(header.range.start);
    let q = flat.place(header.range.end.saturating_sub(1));
    if p.line_index != q.line_index {
        return None;
    }
    let line = lines.get(p.line_index)?;
    let h = &c.spec.statistics_table.header;
    let mut cols = Vec::new();
    for cell in &line.cells {
        let t: String = cell.text.chars().filter(|c| !is_space(*c)).collect();
        if t.is_empty() {
            continue;
        }
        let kind = if h.label.iter().any(|w| t.contains(w.as_str())) {
            ColKind::Label
        } else if h.unit.contains(&t) {
            ColKind::Unit
        } else {
            let (kinds, _) = header_kinds(&t, c, None);
            match kinds.as_slice() {
                [k] => *k,
                _ => return None,
            }
        };
        cols.push((kind, cell.bbox.x0, cell.bbox.x1));
    }
    // The figure kinds as the header text reads them (a year column not
    // the report's is Other).
    let figure_cols = cols.iter().filter(|c| c.0.is_figure()).count();
    if cols.len() < 3 || figure_cols != header.kinds.len() {
        return None;
    }
    let mut kinds = header.kinds.iter();
    for col in cols.iter_mut().filter(|c| c.0.is_figure()) {
        col.0 = *kinds.next()?;
    }
    Some(HeaderCells { cols, positioned })
}

/// A plain figure: digits, maybe a decimal part and thousands separators.
fn plain_figure(text: &str) -> bool {
    let t = crate::normalize::fold(text);
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.matches('.').count() <= 1
        && !t.ends_with('.')
}

fn dash_text(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !is_space(*c)).collect();
    !t.is_empty() && (t.chars().all(is_dash) || t == "无")
}

/// Tokens of one line read by the header's columns, or `None` when the
/// line's cells do not stand under them.
fn structured_line(
    flat: &Flat,
    line_index: usize,
    line: &Line,
    cols: &HeaderCells,
) -> Option<Vec<Tok>> {
    let range = flat.line_range(line_index);
    let mut offsets = Vec::with_capacity(line.cells.len());
    let mut at = range.start;
    for (i, cell) in line.cells.iter().enumerate() {
        if i > 0 {
            at += 1; // the tab
        }
        offsets.push(at);
        at += cell.text.replace(['\t', '\n'], " ").len();
    }
    let mut labels: Vec<Tok> = Vec::new();
    let mut unit: Option<Tok> = None;
    let figure_cols: Vec<ColKind> = cols
        .cols
        .iter()
        .map(|c| c.0)
        .filter(|k| k.is_figure())
        .collect();
    let mut figures: Vec<Option<Tok>> = vec![None; figure_cols.len()];
    let mut any_figure = false;
    for (i, cell) in line.cells.iter().enumerate() {
        let idx = cols.column_of(cell.bbox.x0, cell.bbox.x1)?;
        let kind = cols.cols[idx].0;
        let start = offsets[i];
        let text = cell.text.replace(['\t', '\n'], " ");
        let end = start + text.len();
        let trimmed = text.trim();
        let tok = |kind_t: TokKind, t: String| Tok {
            kind: kind_t,
            start,
            end,
            text: t,
            space_before: true,
            col: Some(kind),
            line: line_index,
        };
        match kind {
            ColKind::Label => {
                if !trimmed.is_empty() {
                    labels.push(tok(TokKind::Text, text.clone()));
                }
            }
            ColKind::Unit => {
                if trimmed.chars().count() > 6 || trimmed.chars().any(|c| digit(c).is_some()) {
                    return None;
                }
                if !trimmed.is_empty() {
                    if unit.is_some() {
                        return None;
                    }
                    unit = Some(tok(TokKind::Text, trimmed.to_string()));
                }
            }
            _ => {
                // Which figure column: those before it in the header.
                let k = cols.cols[..idx].iter().filter(|c| c.0.is_figure()).count();
                if figures[k].is_some() {
                    return None;
                }
                if trimmed.is_empty() {
                    figures[k] = Some(tok(TokKind::Blank, String::new()));
                } else if dash_text(trimmed) {
                    figures[k] = Some(tok(TokKind::Dash, trimmed.to_string()));
                    any_figure = true;
                } else if plain_figure(trimmed) {
                    figures[k] = Some(tok(TokKind::Num, crate::normalize::fold(trimmed)));
                    any_figure = true;
                } else {
                    return None;
                }
            }
        }
    }
    let mut out = labels;
    if !any_figure {
        // A line of text only: heading, continuation, or a row whose
        // figures are all blank (kept as blanks when the line has a unit).
        // A line that prints every figure cell, all blank, and no unit is
        // a heading inside the table ("二、回应解读情况"): kept with its
        // blanks so that the next line's label does not join it.
        if unit.is_none() && (out.is_empty() || figures.iter().any(Option::is_none)) {
            return Some(out);
        }
    }
    out.extend(unit);
    let end = range.end;
    for (k, f) in figures.into_iter().enumerate() {
        out.push(f.unwrap_or(Tok {
            kind: TokKind::Blank,
            start: end,
            end,
            text: String::new(),
            space_before: true,
            col: Some(figure_cols[k]),
            line: line_index,
        }));
    }
    Some(out)
}

/// Tokens of the region, line by line.
fn region_tokens(
    flat: &Flat,
    lines: &[Line],
    region: Range<usize>,
    cols: Option<&HeaderCells>,
) -> Vec<Tok> {
    let mut out = Vec::new();
    let first = flat.place(region.start).line_index;
    let last = flat
        .place(region.end.saturating_sub(1).max(region.start))
        .line_index;
    let upto = last.min(lines.len().saturating_sub(1));
    for (li, line) in lines.iter().enumerate().take(upto + 1).skip(first) {
        let lr = flat.line_range(li);
        let r = lr.start.max(region.start)..lr.end.min(region.end);
        if r.start >= r.end {
            continue;
        }
        let whole_line = r == lr;
        if let (Some(cols), true) = (cols, whole_line) {
            if !line.furniture {
                if let Some(toks) = structured_line(flat, li, line, cols) {
                    out.extend(toks);
                    continue;
                }
            }
        }
        let before = out.len();
        tokenize(&flat.text, r, None, li, &mut out);
        if let Some(t) = out.get_mut(before) {
            t.space_before = true;
        }
    }
    out
}

/// A label text with the flat offset of each character.
struct LabelText {
    chars: Vec<(char, usize)>,
    /// Character indices where a token starts.
    token_starts: Vec<usize>,
}

impl LabelText {
    fn from_tokens(toks: &[Tok]) -> LabelText {
        let mut chars = Vec::new();
        let mut token_starts = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if i > 0 && t.space_before {
                chars.push((' ', t.start));
            }
            token_starts.push(chars.len());
            for (k, c) in t.text.char_indices() {
                chars.push((c, t.start + k.min(t.end - t.start)));
            }
        }
        LabelText {
            chars,
            token_starts,
        }
    }

    fn text(&self, r: Range<usize>) -> String {
        self.chars[r].iter().map(|c| c.0).collect()
    }
}

/// A piece of label text with the marks in front of it.
#[derive(Debug, Clone)]
struct Segment {
    markers: Markers,
    /// Character range of the marks and text.
    start: usize,
    text_start: usize,
    end: usize,
}

/// The mark at character `p`, and its length.
fn marker_at(l: &LabelText, p: usize) -> Option<(Option<(Style, u32)>, usize)> {
    let cs = &l.chars;
    let c = |i: usize| cs.get(i).map(|x| x.0);
    let at_start = p == 0
        || l.token_starts.contains(&p)
        || c(p - 1).is_some_and(|x| {
            is_space(x) || matches!(x, '：' | ':' | '，' | ',' | '。' | '；' | ')' | '）')
        });
    // 其中
    if c(p) == Some('其') && c(p + 1) == Some('中') {
        let colon = c(p + 2).is_some_and(|x| matches!(x, '：' | ':' | '，' | ','));
        if colon || at_start {
            return Some((None, 2 + usize::from(colon)));
        }
    }
    // （一） （1）
    if c(p).is_some_and(is_open) {
        let mut j = p + 1;
        let mut s = String::new();
        while let Some(x) = c(j) {
            if CN_NUMERALS.contains(x) || digit(x).is_some() {
                s.push(digit(x).unwrap_or(x));
                j += 1;
            } else {
                break;
            }
        }
        if !s.is_empty() && j - p <= 4 && c(j).is_some_and(is_close) {
            let m = if s.chars().all(|x| x.is_ascii_digit()) {
                (Style::ParenArabic, s.parse().ok()?)
            } else {
                (Style::ParenCn, cn_value(&s)?)
            };
            return Some((Some(m), j + 1 - p));
        }
        return None;
    }
    if !at_start {
        return None;
    }
    // ①
    if let Some(x) = c(p) {
        if ('①'..='⑳').contains(&x) {
            return Some((Some((Style::Circled, x as u32 - '①' as u32 + 1)), 1));
        }
    }
    // 一、 and 1、
    let mut j = p;
    let mut s = String::new();
    while let Some(x) = c(j) {
        if CN_NUMERALS.contains(x) || digit(x).is_some() {
            s.push(digit(x).unwrap_or(x));
            j += 1;
        } else {
            break;
        }
    }
    if s.is_empty() || j - p > 3 {
        return None;
    }
    let sep = c(j)?;
    if !matches!(sep, '、' | '.' | '．') {
        return None;
    }
    if c(j + 1).is_some_and(|x| digit(x).is_some()) {
        return None;
    }
    let m = if s.chars().all(|x| x.is_ascii_digit()) {
        (Style::Arabic, s.parse().ok()?)
    } else if s.chars().all(|x| CN_NUMERALS.contains(x)) {
        (Style::Cn, cn_value(&s)?)
    } else {
        return None;
    };
    Some((Some(m), j + 1 - p))
}

fn segments(l: &LabelText) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut cur = Segment {
        markers: Markers::default(),
        start: 0,
        text_start: 0,
        end: 0,
    };
    let mut p = 0;
    while p < l.chars.len() {
        if let Some((m, len)) = marker_at(l, p) {
            let has_text = l.chars[cur.text_start..p].iter().any(|c| !is_space(c.0));
            if has_text {
                cur.end = p;
                out.push(cur);
                cur = Segment {
                    markers: Markers::default(),
                    start: p,
                    text_start: p,
                    end: p,
                };
            }
            match m {
                None => cur.markers.qizhong = true,
                Some(n) => {
                    if cur.markers.numbering.is_none() {
                        cur.markers.numbering = Some(n)
                    }
                }
            }
            p += len;
            cur.text_start = p;
            continue;
        }
        p += 1;
    }
    cur.end = l.chars.len();
    out.push(cur);
    out
}

/// The unit at the end of a label, and the label without it.
fn split_unit(label: &str, has_unit: bool, c: &Compiled) -> (String, Option<String>) {
    let label = label.trim();
    let units = &c.spec.statistics_table.units;
    let mut sorted: Vec<&String> = units.iter().collect();
    sorted.sort_by_key(|u| std::cmp::Reverse(u.chars().count()));
    // Separated by a space: "政府网站公开数 条".
    if let Some((head, tail)) = label.rsplit_once(' ') {
        if sorted.iter().any(|u| u.as_str() == tail) && !head.trim().is_empty() {
            return (head.trim().to_string(), Some(tail.to_string()));
        }
    }
    // In brackets: "主动公开信息数（条）".
    for u in &sorted {
        for (o, cl) in [('（', '）'), ('(', ')')] {
            let suffix = format!("{o}{u}{cl}");
            if label.ends_with(&suffix) && label.len() > suffix.len() {
                return (label.to_string(), Some(u.to_string()));
            }
        }
    }
    if has_unit {
        for u in &sorted {
            if let Some(head) = label.strip_suffix(u.as_str()) {
                if label_core(head).chars().count() >= 2 {
                    return (head.trim().to_string(), Some(u.to_string()));
                }
            }
        }
    }
    (label.to_string(), None)
}

/// True when a label reads as a row label, not a sentence.
fn label_like(label: &str) -> bool {
    let mut depth = 0usize;
    let mut n = 0usize;
    for ch in label.chars() {
        if is_open(ch) {
            depth += 1;
            continue;
        }
        if is_close(ch) {
            depth = depth.saturating_sub(1);
            continue;
        }
        if depth > 0 {
            continue;
        }
        n += 1;
        if matches!(
            ch,
            '。' | '；' | ';' | '！' | '!' | '？' | '?' | '，' | ',' | '：' | ':' | '“' | '"'
        ) {
            return false;
        }
    }
    n > 0 && n <= 40
}

/// Reads the rows of one table between `region.start` and `region.end`.
fn read_table(
    flat: &Flat,
    lines: &[Line],
    positioned: bool,
    caption: Option<Range<usize>>,
    header: Option<HeaderHit>,
    region: Range<usize>,
    c: &Compiled,
) -> ParsedTable {
    let mut warnings = Vec::new();
    let cols = header
        .as_ref()
        .and_then(|h| header_cells(flat, lines, positioned, h, c));
    let toks = region_tokens(flat, lines, region.clone(), cols.as_ref());
    let has_unit = header.as_ref().is_some_and(|h| h.has_unit);
    let mut columns = header.as_ref().map(|h| h.kinds.clone()).unwrap_or_default();
    if columns.is_empty() {
        // No header: the number of figure columns is what the rows print
        // with separators, and only a single column can be named.
        let mut counts = std::collections::BTreeMap::<usize, usize>::new();
        let mut i = 0;
        while i < toks.len() {
            if toks[i].kind == TokKind::Text {
                i += 1;
                continue;
            }
            let j = (i..toks.len())
                .find(|&j| toks[j].kind == TokKind::Text)
                .unwrap_or(toks.len());
            if toks[i..j].iter().all(|t| t.space_before) {
                *counts.entry(j - i).or_default() += 1;
            }
            i = j;
        }
        let n = counts
            .iter()
            .max_by_key(|(n, k)| (**k, std::cmp::Reverse(**n)))
            .map_or(1, |(n, _)| *n);
        columns = if n == 1 {
            vec![ColKind::Value]
        } else {
            warnings.push(format!(
                "statistics table without a header: its {n} columns of figures are not named, figures not read"
            ));
            vec![ColKind::Other; n]
        };
    }
    // A table that prints some row's figures apart (spaces, tabs) prints
    // them all apart: a row with fewer figures than columns has a blank
    // cell, not figures run together.
    let separated = {
        let mut found = false;
        let mut i = 0;
        while i < toks.len() {
            let j = (i..toks.len())
                .find(|&j| toks[j].kind == TokKind::Text)
                .unwrap_or(toks.len());
            // A last number that the next label's 、 follows is that
            // label's numbering ("… 2、政府公报公开数").
            let numbering = toks.get(j).is_some_and(|t| {
                !t.space_before && t.col.is_none() && t.text.starts_with(['、', '.', '．'])
            });
            let figures_end = if numbering && j > i { j - 1 } else { j };
            // (The first figure may stand right after the unit: 条1280 9650.)
            if figures_end >= i + 2 && toks[i + 1..figures_end].iter().all(|t| t.space_before) {
                found = true;
                break;
            }
            i = j + 1;
        }
        found
    };
    let mut nodes: Vec<Node> = Vec::new();
    let mut pending: Vec<Tok> = Vec::new();
    let mut end = region.start;
    let mut i = 0;
    'rows: while i < toks.len() {
        if toks[i].kind == TokKind::Text {
            pending.push(toks[i].clone());
            i += 1;
            continue;
        }
        let mut j = i;
        while j < toks.len() && toks[j].kind != TokKind::Text {
            // Figures of a structured line end with the line.
            if j > i && toks[j].col.is_some() && toks[j].line != toks[j - 1].line {
                break;
            }
            j += 1;
        }
        let mut fields: Vec<Tok> = toks[i..j].to_vec();
        let next = toks.get(j).filter(|t| t.kind == TokKind::Text);
        let numbering_follows = next.is_some_and(|t| {
            let mut cs = t.text.chars();
            !t.space_before
                && t.col.is_none()
                && matches!(cs.next(), Some('、' | '.' | '．'))
                && cs.next().is_some_and(|x| digit(x).is_none())
        });
        let label = LabelText::from_tokens(&pending);
        let segs = segments(&label);
        let has_label_text = segs.last().is_some_and(|s| {
            label.chars[s.text_start..s.end]
                .iter()
                .any(|c| !is_space(c.0))
        });
        let mut carry: Option<Tok> = None;
        let mut uncertain_numbering = false;
        if numbering_follows {
            let last = fields.last().cloned();
            match last {
                Some(last) if last.kind == TokKind::Num && !last.text.contains('.') => {
                    if !has_label_text
                        || (fields.len() == 1
                            && last.space_before
                            && last.text.len() <= 2
                            && pending.is_empty())
                    {
                        // The figure is the next label's numbering.
                        pending.push(Tok {
                            kind: TokKind::Text,
                            ..last
                        });
                        i = j;
                        continue 'rows;
                    }
                    if last.space_before && last.text.len() <= 2 && fields.len() > 1 {
                        fields.pop();
                        carry = Some(Tok {
                            kind: TokKind::Text,
                            ..last
                        });
                    } else {
                        // Run together with the row's figures: the numbering
                        // expected after this row's, else a new list's 1.
                        let this = segs.last().and_then(|s| s.markers.numbering);
                        let expected = match this {
                            Some((Style::Arabic, n)) => vec![n + 1, 1],
                            _ => vec![1],
                        };
                        let mut done = false;
                        for e in expected {
                            let e = e.to_string();
                            if last.text.len() > e.len() && last.text.ends_with(&e) {
                                let keep = last.text.len() - e.len();
                                // Walk back e.len() digits in the printed text.
                                let mut cut = last.end;
                                for _ in 0..e.len() {
                                    cut = flat.text[..cut]
                                        .char_indices()
                                        .next_back()
                                        .map_or(cut, |(k, _)| k);
                                }
                                let lastf = fields.last_mut().expect("a last field");
                                lastf.text.truncate(keep);
                                lastf.end = cut;
                                carry = Some(Tok {
                                    kind: TokKind::Text,
                                    start: cut,
                                    end: last.end,
                                    text: e,
                                    space_before: false,
                                    col: None,
                                    line: last.line,
                                });
                                done = true;
                                break;
                            }
                        }
                        uncertain_numbering = !done;
                    }
                }
                _ => {}
            }
        }
        // The row: its label is the last segment.
        let Some(last_seg) = segs.last().cloned() else {
            i = j;
            continue;
        };
        let seg_text = label.text(last_seg.text_start..last_seg.end);
        let (mut row_label, mut unit) = split_unit(&seg_text, has_unit, c);
        // A heading inside the table on a line (or before a space) of its
        // own, run into the next row's label ("二、回应解读情况 回应公众关注
        // 热点或重大舆情数"): the words after the space are the row's when
        // they are a label the spec knows and the whole is not.
        let mut row_from = last_seg.start;
        let mut split_heading: Option<Node> = None;
        if c.keys_for_any(&row_label).is_empty() {
            for k in (last_seg.text_start + 1..last_seg.end).rev() {
                if !is_space(label.chars[k].0) {
                    continue;
                }
                let head = label.text(last_seg.text_start..k).trim().to_string();
                let tail = label.text(k + 1..last_seg.end);
                let (tail_label, tail_unit) = split_unit(&tail, has_unit, c);
                if head.is_empty() || c.keys_for_any(&tail_label).is_empty() {
                    continue;
                }
                split_heading = Some(Node {
                    is_row: false,
                    label: head,
                    markers: last_seg.markers.clone(),
                    unit: None,
                    raw: label.text(last_seg.start..k).trim().to_string(),
                    start: label.chars.get(last_seg.start).map_or(0, |c| c.1),
                    readings: Ok(Vec::new()),
                });
                row_from = k + 1;
                row_label = tail_label;
                unit = tail_unit;
                break;
            }
        }
        if let Some(u) = pending.iter().find(|t| t.col == Some(ColKind::Unit)) {
            unit = Some(u.text.trim().to_string());
        }
        // Is it still the table?
        let known = !c.keys_for_any(&row_label).is_empty();
        // All blank and no unit: a heading, unless the label is a known
        // row's (a row whose figures are blank).
        let heading_only =
            fields.iter().all(|f| f.kind == TokKind::Blank) && unit.is_none() && !known;
        let every_label_like = segs.iter().all(|s| {
            let t = label.text(s.text_start..s.end);
            t.trim().is_empty() || label_like(&t)
        });
        let ok = !pending.is_empty()
            && has_label_text
            && every_label_like
            && (unit.is_some() || !has_unit || known || heading_only);
        if !ok {
            if !pending.is_empty() || nodes.is_empty() {
                break;
            }
            // Figures with no label right after a row: not this table's.
            break;
        }
        // Headings (and a continuation of the previous label).
        for (k, s) in segs.iter().enumerate() {
            let is_last = k + 1 == segs.len();
            if is_last && !heading_only {
                break;
            }
            let text = label.text(s.text_start..s.end).trim().to_string();
            if text.is_empty() {
                continue;
            }
            let open_prev = nodes.last().is_some_and(|n| {
                n.label.matches(['（', '(']).count() > n.label.matches(['）', ')']).count()
            });
            if k == 0 && s.markers == Markers::default() && open_prev {
                if let Some(n) = nodes.last_mut() {
                    n.label.push_str(&text);
                }
                continue;
            }
            let start = label.chars.get(s.start).map_or(0, |c| c.1);
            nodes.push(Node {
                is_row: false,
                label: text.clone(),
                markers: s.markers.clone(),
                unit: None,
                raw: label.text(s.start..s.end).trim().to_string(),
                start,
                readings: Ok(Vec::new()),
            });
        }
        if !heading_only {
            let row_markers = if split_heading.is_some() {
                Markers::default()
            } else {
                last_seg.markers.clone()
            };
            nodes.extend(split_heading);
            let start = label.chars.get(row_from).map_or(0, |c| c.1);
            let fend = fields.last().map_or(start, |f| f.end);
            let raw: String = flat
                .text
                .get(start..fend.max(start))
                .unwrap_or_default()
                .chars()
                .map(|c| if c == '\t' || c == '\n' { ' ' } else { c })
                .collect::<String>()
                .trim()
                .to_string();
            let readings = if uncertain_numbering {
                Err(format!(
                    "the figures run into the next row's numbering ({:?}); where they end is not certain",
                    fields.last().map(|f| f.text.clone()).unwrap_or_default()
                ))
            } else {
                readings(&fields, &columns, unit.as_deref(), separated, c)
            };
            nodes.push(Node {
                is_row: true,
                label: row_label,
                markers: row_markers,
                unit,
                raw,
                start,
                readings,
            });
            end = fend;
        }
        pending.clear();
        pending.extend(carry);
        i = j;
    }
    let header_at = header
        .as_ref()
        .map(|h| h.range.start)
        .or(caption.as_ref().map(|c2| c2.start))
        .unwrap_or(region.start);
    // The table starts at its header (a caption may be a part's heading).
    let span_start = match (&header, &caption) {
        (Some(h), _) => h.range.start,
        (None, Some(c2)) => c2.end,
        (None, None) => region.start,
    };
    ParsedTable {
        caption: caption.map(|r| flat.text[r].trim().to_string()),
        header: header.as_ref().map(|h| {
            flat.text[h.range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        }),
        header_at,
        columns,
        span: span_start..end.max(region.start),
        nodes,
        warnings,
    }
}

/// Every reading of a row's figures: one per way to cut them into the
/// table's figure columns, each satisfying what the unit and the row
/// itself require (whole numbers for counts, 历年累计 ≥ 本年度).
fn readings(
    fields: &[Tok],
    columns: &[ColKind],
    unit: Option<&str>,
    separated: bool,
    c: &Compiled,
) -> Result<Vec<Vec<Option<f64>>>, String> {
    let n = columns.len();
    let parse = |t: &Tok| -> Option<f64> {
        match t.kind {
            TokKind::Num => t.text.parse().ok(),
            _ => None,
        }
    };
    let mut out: Vec<Vec<Option<f64>>> = Vec::new();
    if fields.iter().all(|f| f.col.is_some()) && !fields.is_empty() {
        // By column.
        let mut row = vec![None; n];
        for (slot, f) in row.iter_mut().zip(fields) {
            *slot = parse(f);
        }
        out.push(row);
    } else if fields.iter().any(|f| f.kind != TokKind::Num) {
        if fields.len() != n {
            return Err(format!(
                "{} figures and dashes for {n} columns; which column each fills is not certain",
                fields.len()
            ));
        }
        out.push(fields.iter().map(parse).collect());
    } else if fields.len() == n {
        out.push(fields.iter().map(parse).collect());
    } else if fields.len() > n {
        return Err(format!(
            "{} figures for {n} columns; which column each fills is not certain",
            fields.len()
        ));
    } else if separated {
        return Err(format!(
            "{} figures for {n} columns in a table that prints its figures apart: a cell is blank, which one is not certain",
            fields.len()
        ));
    } else {
        let run: Vec<&str> = fields.iter().map(|f| f.text.as_str()).collect();
        for cut in crate::template::glued::split_run(&run.join(" "), n) {
            out.push(cut.iter().map(|x| x.parse::<f64>().ok()).collect());
        }
    }
    let count = unit.is_some_and(|u| c.is_count_unit(u));
    let vi = columns.iter().position(|k| *k == ColKind::Value);
    let ci = columns.iter().position(|k| *k == ColKind::Cumulative);
    out.retain(|r| {
        if count && r.iter().flatten().any(|v| v.fract() != 0.0) {
            return false;
        }
        match (vi.and_then(|i| r[i]), ci.and_then(|i| r[i])) {
            (Some(v), Some(cu)) => cu >= v,
            _ => true,
        }
    });
    if out.is_empty() {
        let printed: Vec<&str> = fields.iter().map(|f| f.text.as_str()).collect();
        return Err(format!(
            "figures {:?} cannot be read as {n} columns",
            printed.join(" ")
        ));
    }
    Ok(out)
}

/// The parent and group of each node: `(parent row, group heading,
/// explicit)`, `explicit` when the row is an item by a printed mark (其中,
/// or a numbering inside a numbered total), not only by standing in a list.
///
/// A row right after 其中 is an item of the row before it, and so are the
/// rows that follow with the same numbering (or, for unnumbered items, with
/// the same unit and no label of a total of their own). A numbered row is
/// an item of the nearest row above it with an outer numbering, or of the
/// unnumbered row above it.
pub(crate) fn hierarchy(nodes: &[Node], c: &Compiled) -> Vec<(Option<usize>, Option<usize>, bool)> {
    let level = |n: &Node| -> u8 {
        match n.markers.numbering {
            Some((s, _)) => s as u8 + 1,
            None => 0,
        }
    };
    let mut out = vec![(None, None, false); nodes.len()];
    // (level, node index): headings and rows that may hold items.
    let mut stack: Vec<(u8, usize)> = Vec::new();
    // The open 其中 list: (parent row, numbering style of its items, unit).
    let mut list: Option<(Option<usize>, Option<Style>, Option<String>)> = None;
    let mut prev_row: Option<usize> = None;
    for (k, n) in nodes.iter().enumerate() {
        if !n.is_row {
            list = None;
            let l = level(n).max(1);
            while stack
                .last()
                .is_some_and(|(sl, i)| nodes[*i].is_row || *sl >= l)
            {
                stack.pop();
            }
            stack.push((l, k));
            prev_row = None;
            continue;
        }
        let group = stack
            .iter()
            .rev()
            .find(|(_, i)| !nodes[*i].is_row)
            .map(|(_, i)| *i);
        let style = n.markers.numbering.map(|(s, _)| s);
        if n.markers.qizhong {
            let parent = prev_row;
            list = Some((parent, style, n.unit.clone()));
            out[k] = (parent, group, parent.is_some());
            prev_row = Some(k);
            continue;
        }
        if let Some((parent, lstyle, lunit)) = &list {
            let continues = match lstyle {
                Some(s) => style == Some(*s),
                None => {
                    // The keys the list's total may have.
                    let totals: Vec<&str> = parent
                        .map(|p| c.keys_for_any(&nodes[p].label))
                        .unwrap_or_default();
                    let keys = c.keys_for_any(&n.label);
                    style.is_none()
                        && n.unit == *lunit
                        && !keys.is_empty()
                        && keys.iter().all(|key| {
                            c.indicator(key).is_some_and(|i| {
                                i.under.is_some()
                                    || i.item_of.as_deref().is_some_and(|t| totals.contains(&t))
                            })
                        })
                }
            };
            if continues {
                out[k] = (*parent, group, lstyle.is_some() && parent.is_some());
                prev_row = Some(k);
                continue;
            }
            list = None;
        }
        let l = level(n);
        if l == 0 {
            while stack.last().is_some_and(|(_, i)| nodes[*i].is_row) {
                stack.pop();
            }
            out[k] = (None, group, false);
        } else {
            while stack
                .last()
                .is_some_and(|(sl, i)| *sl >= l && (nodes[*i].is_row || *sl > 0))
            {
                stack.pop();
            }
            let parent = stack.last().filter(|(_, i)| nodes[*i].is_row).map(|x| x.1);
            out[k] = (parent, group, parent.is_some());
        }
        stack.push((l, k));
        prev_row = Some(k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::read_text;

    fn table(text: &str) -> ParsedTable {
        let doc = read_text(text);
        let flat = Flat::new(&doc.lines);
        let mut t = find_tables(&flat, &doc.lines, false, Some(2014));
        assert_eq!(t.len(), 1, "{t:?}");
        t.remove(0)
    }

    type RowView = (
        String,
        Option<String>,
        Result<Vec<Vec<Option<f64>>>, String>,
    );

    fn rows(t: &ParsedTable) -> Vec<RowView> {
        t.nodes
            .iter()
            .filter(|n| n.is_row)
            .map(|n| (n.label.clone(), n.unit.clone(), n.readings.clone()))
            .collect()
    }

    #[test]
    fn space_separated_rows() {
        let t = table("六、统计表 指标名称 计量单位 2014年度 历年累计 主动公开文件数 条 2543 78967 其中：1、政府网站公开数 条 2543 78967 2、政府公报公开数 条 0 0 受理依申请公开信息总数 条 1 1 附件下载");
        let r = rows(&t);
        assert_eq!(t.columns, [ColKind::Value, ColKind::Cumulative]);
        assert_eq!(r.len(), 4, "{r:?}");
        assert_eq!(r[0].0, "主动公开文件数");
        assert_eq!(r[0].1.as_deref(), Some("条"));
        assert_eq!(r[0].2, Ok(vec![vec![Some(2543.0), Some(78967.0)]]));
        assert_eq!(r[1].0, "政府网站公开数");
        assert_eq!(r[2].0, "政府公报公开数");
        assert_eq!(r[2].2, Ok(vec![vec![Some(0.0), Some(0.0)]]));
        let rows_only: Vec<&Node> = t.nodes.iter().filter(|n| n.is_row).collect();
        assert!(rows_only[1].markers.qizhong);
        assert_eq!(rows_only[2].markers.numbering, Some((Style::Arabic, 2)));
    }

    #[test]
    fn run_together_rows_keep_every_cut() {
        let t = table("指标名称计量单位2016年度历年累计主动公开文件数条346085376其中：1、政府网站公开数条3460853762、政府公报公开数条00受理依申请公开信息总数条00");
        let r = rows(&t);
        assert_eq!(r.len(), 4, "{r:?}");
        let cuts = r[0].2.clone().unwrap();
        assert!(cuts.contains(&vec![Some(3460.0), Some(85376.0)]));
        assert!(cuts.len() > 1);
        assert_eq!(r[1].0, "政府网站公开数");
        assert_eq!(r[1].2.clone().unwrap(), cuts);
        assert_eq!(r[2].0, "政府公报公开数");
        assert_eq!(r[2].2, Ok(vec![vec![Some(0.0), Some(0.0)]]));
    }

    #[test]
    fn tab_separated_rows_by_column() {
        let t = table("政府信息公开情况统计表\n指标名称\t计量单位\t本年度\t历年累计\n行政复议数\t件\t5\t\n二、回应解读情况\t\t\t\n政策解读稿件发布数\t篇\t12\t30\n");
        let r = rows(&t);
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[0].2, Ok(vec![vec![Some(5.0), None]]));
        assert_eq!(r[1].2, Ok(vec![vec![Some(12.0), Some(30.0)]]));
        assert!(
            t.nodes
                .iter()
                .any(|n| !n.is_row && n.label == "回应解读情况"),
            "{:?}",
            t.nodes
        );
    }
}
