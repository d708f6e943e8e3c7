//! How a check instance explains itself: the cells it read (key, printed
//! text, value, page), the arithmetic with the printed numbers, which side
//! is the printed total, and a message in Chinese (first) and English.
//!
//! Pages are shown to people 1-based, as a PDF viewer and `xxgk debug
//! --page` count them (`page_index + 1`); text input is located by line.
//!
//! ```
//! let text = std::fs::read("fixtures/seed_guyuan_2020.txt").unwrap();
//! let rec = xxgk::extract_bytes("seed_guyuan_2020.txt", &text, &xxgk::Settings::default()).unwrap();
//! let c = rec.checks.iter().find(|c| c.rule == "applications.balance").unwrap();
//! assert!(c.message.starts_with("第三部分 自然人 列：本年新收 "), "{}", c.message);
//! assert_eq!(c.cells.len(), 4);
//! assert_eq!(c.cells[0].key, "applications.new_received.natural_person");
//! ```

use std::collections::{BTreeSet, HashMap};

use serde_json::json;

use crate::record::{
    Arithmetic, CellSource, CellState, CheckCell, CheckResult, CheckStatus, Number, Record,
    Severity, Side, TemplateVersion,
};
use crate::template::spec::Spec;

/// The record's cells by `(table, row, column)`, for finding the printed
/// text and place of the cells a rule reads.
#[derive(Debug)]
pub struct CellIndex<'a> {
    map: HashMap<(&'a str, &'a str, &'a str), &'a CellSource>,
}

impl<'a> CellIndex<'a> {
    /// Indexes a record's `cells` (the first cell of a key wins).
    pub fn new(r: &'a Record) -> CellIndex<'a> {
        let mut map = HashMap::with_capacity(r.cells.len());
        for c in &r.cells {
            map.entry((c.table.as_str(), c.row.as_str(), c.column.as_str()))
                .or_insert(c);
        }
        CellIndex { map }
    }

    /// The provenance of one cell, if it was recorded.
    pub fn get(&self, table: &str, row: &str, column: &str) -> Option<&'a CellSource> {
        self.map.get(&(table, row, column)).copied()
    }
}

/// What the record holds for one cell: its state and its value. The value
/// comes from `tables` (what the checks use), the printed text and place
/// from `cells`.
pub fn cell_state(r: &Record, idx: &CellIndex<'_>, table: &str, row: &str, col: &str) -> CellState {
    let Some(cols) = r.tables.get(table).and_then(|t| t.get(row)) else {
        return CellState::Missing;
    };
    let has_value = matches!(cols.get(col), Some(Some(_)));
    match idx.get(table, row, col) {
        Some(c) => CellState::of(
            has_value,
            &c.raw,
            c.page_index.is_some() || c.line_number.is_some(),
            c.ocr.as_ref().is_some_and(|o| o.uncertain),
        ),
        None if has_value => CellState::Value,
        None => CellState::Unread,
    }
}

/// The cell a check reads, with its state, printed text and place.
pub fn operand(
    r: &Record,
    idx: &CellIndex<'_>,
    table: &str,
    row: &str,
    col: &str,
    side: Side,
) -> CheckCell {
    let value = r
        .tables
        .get(table)
        .and_then(|t| t.get(row))
        .and_then(|c| c.get(col))
        .copied()
        .flatten();
    let src = idx.get(table, row, col);
    CheckCell {
        key: format!("{table}.{row}.{col}"),
        side,
        state: cell_state(r, idx, table, row, col),
        raw: src.map(|c| c.raw.clone()),
        value,
        page: src.and_then(|c| c.page_index).map(|p| p + 1),
        page_index: src.and_then(|c| c.page_index),
        line_number: src.and_then(|c| c.line_number),
        previous: false,
        ocr: src.and_then(|c| c.ocr.clone()),
    }
}

/// A number as people write it: no trailing `.0`, at most four decimals.
///
/// ```
/// assert_eq!(xxgk::check::explain::fmt_num(21.0), "21");
/// assert_eq!(xxgk::check::explain::fmt_num(53.6318), "53.6318");
/// assert_eq!(xxgk::check::explain::fmt_num(0.1 + 0.2), "0.3");
/// ```
pub fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn num_json(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// Where in the national form a table stands, in Chinese: `第三部分` for
/// the applications table, `第四部分` for review and litigation,
/// `第二部分 第二十条第（一）项` for the Article 20 tables.
pub fn table_place_zh(table: &str) -> String {
    match table {
        "applications" => "第三部分".into(),
        "review_litigation" => "第四部分".into(),
        t => match Spec::builtin()
            .versions
            .values()
            .find_map(|v| v.table(t))
            .map(|s| s.caption.clone())
        {
            Some(c) => format!("第二部分 {c}"),
            None => t.to_string(),
        },
    }
}

/// The English name of a table's place in the form.
pub fn table_place_en(table: &str) -> String {
    match table {
        "applications" => "Part 3 (applications)".into(),
        "review_litigation" => "Part 4 (review and litigation)".into(),
        t => format!("Part 2 ({t})"),
    }
}

/// The national formats to look a label up in, the report's own first (a
/// pre2019 report has no form: both, newest first).
fn form_versions(version: TemplateVersion) -> [TemplateVersion; 2] {
    match version {
        TemplateVersion::Gb2019 => [TemplateVersion::Gb2019, TemplateVersion::Gb2021],
        TemplateVersion::Gb2021 | TemplateVersion::Pre2019 => {
            [TemplateVersion::Gb2021, TemplateVersion::Gb2019]
        }
    }
}

fn row_spec<'a>(
    version: TemplateVersion,
    table: &str,
    row: &str,
) -> Option<&'a crate::template::spec::RowSpec> {
    let spec = Spec::builtin();
    form_versions(version).into_iter().find_map(|v| {
        spec.version(v)
            .table(table)?
            .rows
            .iter()
            .find(|r| r.key == row)
    })
}

/// A row's label as printed in the form, shortened for a sentence: the
/// sub-group kept (`（三）不予公开 1.属于国家秘密`), a long note in
/// brackets dropped (`（二）部分公开`). Unknown rows give their key.
pub fn row_label_zh(version: TemplateVersion, table: &str, row: &str) -> String {
    match (table, row) {
        ("applications", "new_received") => return "本年新收".into(),
        ("applications", "carried_over") => return "上年结转".into(),
        ("applications", "results_total") => return "办理结果总计".into(),
        ("applications", "carried_forward") => return "结转下年度".into(),
        _ => {}
    }
    let Some(r) = row_spec(version, table, row) else {
        return row.to_string();
    };
    let mut label = r.label.clone();
    if let Some(i) = label.find('（').filter(|&i| i > 0) {
        if label.ends_with('）') && !label[..i].ends_with('）') {
            label.truncate(i);
        }
    }
    match (&r.subgroup, &r.group) {
        (Some(sub), _) => format!("{sub} {label}"),
        (None, Some(g)) if table == "review_litigation" => format!("{g}（{label}）"),
        _ => label,
    }
}

/// A column's label as printed in the form (`自然人`, `总计`).
pub fn column_label_zh(version: TemplateVersion, table: &str, col: &str) -> String {
    let spec = Spec::builtin();
    form_versions(version)
        .into_iter()
        .find_map(|v| {
            spec.version(v)
                .table(table)?
                .columns
                .iter()
                .find(|c| c.key == col)
                .map(|c| c.label.clone())
        })
        .unwrap_or_else(|| col.to_string())
}

/// The pages (or lines) the cells stand on, for a sentence: `（第 3 页）`,
/// `（第 3–4 页）`, `（第 12–40 行）`, and the English `(page 3)`; empty when
/// no cell has a place.
pub fn place_text(cells: &[CheckCell]) -> (String, String) {
    let pages: BTreeSet<usize> = cells.iter().filter_map(|c| c.page).collect();
    let lines: BTreeSet<usize> = cells.iter().filter_map(|c| c.line_number).collect();
    let span = |s: &BTreeSet<usize>| -> Option<(usize, usize)> {
        Some((*s.iter().next()?, *s.iter().next_back()?))
    };
    if let Some((a, b)) = span(&pages) {
        if a == b {
            (format!("（第 {a} 页）"), format!(" (page {a})"))
        } else {
            (format!("（第 {a}–{b} 页）"), format!(" (pages {a}–{b})"))
        }
    } else if let Some((a, b)) = span(&lines) {
        if a == b {
            (format!("（第 {a} 行）"), format!(" (line {a})"))
        } else {
            (format!("（第 {a}–{b} 行）"), format!(" (lines {a}–{b})"))
        }
    } else {
        (String::new(), String::new())
    }
}

fn state_en(s: CellState) -> &'static str {
    match s {
        CellState::Value => "has a value",
        CellState::Blank => "left blank by the report",
        CellState::Unread => "not read by xxgk",
        CellState::Missing => "not found (row or table missing)",
    }
}

fn state_zh(s: CellState) -> &'static str {
    match s {
        CellState::Value => "有值",
        CellState::Blank => "空白（报告未填写）",
        CellState::Unread => "未读出（xxgk 未能读取）",
        CellState::Missing => "未找到（缺少此行或此表）",
    }
}

/// One side of a comparison: the cells summed, and how to name it.
pub(crate) struct Term {
    /// The cells, in order.
    pub(crate) cells: Vec<CheckCell>,
    /// Names of the cells (one per cell), Chinese and English.
    pub(crate) names: Vec<(String, String)>,
    /// Name of the whole side (`办理结果各项`, `总计`), Chinese and English.
    pub(crate) label: (String, String),
    /// Print the numbers only, after `label`, not each with its name (for
    /// long sums).
    pub(crate) numbers_only: bool,
}

impl Term {
    fn sum(&self) -> Option<f64> {
        self.cells.iter().map(|c| c.value.map(|n| n.0)).sum()
    }

    /// `本年新收 483 + 上年结转 14 = 497`, or `总计 印为 47` for one printed
    /// cell, and the English.
    fn text(&self, total: f64, printed_total: bool) -> (String, String) {
        if printed_total && self.cells.len() == 1 {
            let v = fmt_num(total);
            return (
                format!("{} 印为 {v}", self.label.0),
                format!("printed {} {v}", self.label.1),
            );
        }
        let vals: Vec<String> = self
            .cells
            .iter()
            .map(|c| c.value.map_or_else(|| "?".into(), |n| fmt_num(n.0)))
            .collect();
        let (zh, en) = if self.numbers_only {
            (
                format!("{} {}", self.label.0, vals.join(" + ")),
                format!("{} {}", self.label.1, vals.join(" + ")),
            )
        } else {
            let named = |lang: fn(&(String, String)) -> &String| {
                self.names
                    .iter()
                    .zip(&vals)
                    .map(|(n, v)| format!("{} {v}", lang(n)))
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            (named(|n| &n.0), named(|n| &n.1))
        };
        if self.cells.len() == 1 {
            (zh, en)
        } else {
            let t = fmt_num(total);
            (format!("{zh} = {t}"), format!("{en} = {t}"))
        }
    }
}

/// Compares two sides and words the result. `place` names the instance
/// (`第三部分 自然人 列`, `applications, column natural_person`);
/// `printed_total` is the side that is one printed total, if one.
pub(crate) fn compare(
    location: String,
    place: (String, String),
    expected: Term,
    found: Term,
    printed_total: Option<Side>,
) -> CheckResult {
    let mut cells = expected.cells.clone();
    cells.extend(found.cells.iter().cloned());
    let (pz, pe) = place_text(&cells);
    match (expected.sum(), found.sum()) {
        (Some(e), Some(f)) => {
            let (ez, ee) = expected.text(e, printed_total == Some(Side::Expected));
            let (fz, fe) = found.text(f, printed_total == Some(Side::Found));
            let ok = (e - f).abs() < 1e-6;
            let diff = fmt_num((f - e).abs());
            let (tail_z, tail_e) = if ok {
                ("，相符".to_string(), ": they agree".to_string())
            } else {
                (format!("，相差 {diff}"), format!(": off by {diff}"))
            };
            let zh = format!("{ez}，{fz}{tail_z}");
            let en = format!("{ee}; {fe}{tail_e}");
            CheckResult {
                rule: String::new(),
                severity: Severity::Warning,
                status: if ok {
                    CheckStatus::Pass
                } else {
                    CheckStatus::Fail
                },
                location,
                expected: Some(num_json(e)),
                found: Some(num_json(f)),
                message: format!("{}：{zh}{pz}", place.0),
                message_en: format!("{}: {en}{pe}", place.1),
                cells,
                arithmetic: Some(Arithmetic {
                    zh,
                    en,
                    difference: Some(Number(f - e)),
                    printed_total,
                }),
            }
        }
        _ => {
            let (zh, en) = not_assessable_text(&expected, &found);
            CheckResult {
                rule: String::new(),
                severity: Severity::Warning,
                status: CheckStatus::NotAssessable,
                location,
                expected: None,
                found: None,
                message: format!("{}：{zh}，无法判断{pz}", place.0),
                message_en: format!("{}: {en}, so the rule cannot be decided{pe}", place.1),
                cells,
                arithmetic: None,
            }
        }
    }
}

/// `上年结转 空白（报告未填写）`: the operands without a value, named.
fn not_assessable_text(expected: &Term, found: &Term) -> (String, String) {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for t in [expected, found] {
        for (i, c) in t.cells.iter().enumerate() {
            if c.value.is_some() {
                continue;
            }
            let (nz, ne) = t
                .names
                .get(i)
                .cloned()
                .unwrap_or_else(|| (c.key.clone(), c.key.clone()));
            match c.ocr.as_ref().filter(|o| o.uncertain) {
                Some(o) => {
                    let read = o.reading.as_deref().unwrap_or("");
                    zh.push(format!(
                        "{nz} OCR 读数不可信（读作“{read}”，置信度 {:.0}）",
                        o.confidence
                    ));
                    en.push(format!(
                        "{ne} ({}) is an uncertain OCR reading (read '{read}' with confidence {:.0})",
                        c.key, o.confidence
                    ));
                }
                None => {
                    zh.push(format!("{nz} {}", state_zh(c.state)));
                    en.push(format!("{ne} ({}) {}", c.key, state_en(c.state)));
                }
            }
        }
    }
    (zh.join("、"), en.join("; "))
}

/// The sentence for one cell whose state is not a value, for
/// `values.complete`: `第三部分 （一）予以公开 行 自然人 列：空白（报告未填写）（第 3 页）`.
pub fn cell_problem(
    r: &Record,
    idx: &CellIndex<'_>,
    table: &str,
    row: &str,
    col: &str,
) -> (String, String, CheckCell) {
    let cell = operand(r, idx, table, row, col, Side::Found);
    let (pz, pe) = place_text(std::slice::from_ref(&cell));
    let raw = match cell.raw.as_deref() {
        Some(t) if !t.trim().is_empty() => format!("，印为“{t}”"),
        _ => String::new(),
    };
    let raw_en = match cell.raw.as_deref() {
        Some(t) if !t.trim().is_empty() => format!(", printed {t:?}"),
        _ => String::new(),
    };
    (
        format!(
            "{} {} 行 {} 列：{}{raw}{pz}",
            table_place_zh(table),
            row_label_zh(r.template, table, row),
            column_label_zh(r.template, table, col),
            state_zh(cell.state)
        ),
        format!(
            "{table}.{row}.{col} is {}{raw_en}{pe}",
            state_en(cell.state)
        ),
        cell,
    )
}

/// A rule in words, Chinese and English, for people (audit pages, the
/// SQLite `rules` table); `None` for an id xxgk does not know.
///
/// ```
/// let (zh, _) = xxgk::check::explain::rule_title("applications.balance").unwrap();
/// assert_eq!(zh, "本年新收 + 上年结转 = 办理结果总计 + 结转下年度");
/// ```
pub fn rule_title(rule: &str) -> Option<(&'static str, &'static str)> {
    Some(match rule {
        "applications.balance" => (
            "本年新收 + 上年结转 = 办理结果总计 + 结转下年度",
            "new applications + carried over = results total + carried forward",
        ),
        "applications.results_total" => (
            "（七）总计 = 各项办理结果之和",
            "(7) total = the sum of the result rows",
        ),
        "applications.row_total" => (
            "总计 = 自然人 + 五类法人或其他组织",
            "total = natural persons + the five kinds of organisations",
        ),
        "review_litigation.row_total" => (
            "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
            "total = upheld + corrected + other + pending",
        ),
        "values.domain" => (
            "件数为非负整数，金额为非负数",
            "counts are whole numbers ≥ 0, amounts ≥ 0",
        ),
        "values.complete" => ("每个单元格都有数值", "every cell has a value"),
        "structure.sections" => (
            "一至六部分齐全且有序",
            "the six sections are present, in order",
        ),
        "narrative.matches_tables" => (
            "正文所写的数字与表格一致",
            "figures stated in the prose equal the table",
        ),
        "series.carry_chain" => (
            "上年结转 = 上一年报告的结转下年度",
            "carried over = what the previous year's report carried forward",
        ),
        "series.in_force_chain" => (
            "现行有效 = 上年现行有效 + 本年制发 − 本年废止",
            "in force = in force the year before + issued − repealed",
        ),
        "series.conflicting_versions" => (
            "同一机关同一年度的两份报告数字不同",
            "two reports of one agency and year print different figures",
        ),
        _ => return None,
    })
}
