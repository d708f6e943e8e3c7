//! The tables of a report laid out like the national form: Chinese row and
//! column labels with their groups, each cell's printed text, its state
//! (value, left blank by the report, not read by xxgk, row not found) and
//! the marks of the checks that fail on it.
//!
//! Every value cell is a `<td data-cell="table.row.column">`; a cell read
//! by a failing error-level check also has the class `fail` (and `total`
//! when it is the printed total compared), one read only by failing
//! warnings the class `warn`; its content links to the first such check
//! (`#chk-N`, N the check's index in the record).

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::OnceLock;

use super::html::esc;
use crate::check::explain::{cell_state, fmt_num, CellIndex};
use crate::record::{CellState, CheckStatus, Record, Severity, Side, TemplateVersion};
use crate::template::spec::{Spec, TableSpec};

/// How failing checks mark one cell.
#[derive(Debug, Clone, Default)]
pub struct Mark {
    /// Read by a failing error-level check.
    pub fail: bool,
    /// Read by a failing warning- or info-level check.
    pub warn: bool,
    /// The printed total side of a failing comparison.
    pub total: bool,
    /// Indices (in `record.checks`) of the failing checks that read it,
    /// error-level first.
    pub checks: Vec<usize>,
}

/// The marks of every cell read by a failing check, by `table.row.column`.
pub fn marks(r: &Record) -> HashMap<String, Mark> {
    let mut out: HashMap<String, Mark> = HashMap::new();
    // error-level checks first, so a cell links to the error it breaks
    for error_pass in [true, false] {
        for (i, c) in r.checks.iter().enumerate() {
            let error = c.severity == Severity::Error;
            if c.status != CheckStatus::Fail || error != error_pass {
                continue;
            }
            let printed_total = c.arithmetic.as_ref().and_then(|a| a.printed_total);
            for cell in c.cells.iter().filter(|x| !x.previous) {
                let m = out.entry(cell.key.clone()).or_default();
                if error {
                    m.fail = true;
                    m.total |= cell.side == Side::Found && printed_total == Some(Side::Found);
                } else {
                    m.warn = true;
                }
                if !m.checks.contains(&i) {
                    m.checks.push(i);
                }
            }
        }
    }
    out
}

/// Fields of `template.json` that the spec types do not carry: the corner
/// note and the column-group label of a table.
fn table_extras(version: TemplateVersion, table: &str) -> (Option<String>, Option<String>) {
    static JSON: OnceLock<serde_json::Value> = OnceLock::new();
    let json = JSON.get_or_init(|| {
        serde_json::from_str(crate::template::spec::TEMPLATE_JSON).unwrap_or_default()
    });
    let t = json
        .pointer(&format!("/versions/{}/tables", version.key()))
        .and_then(|t| t.as_array())
        .and_then(|ts| {
            ts.iter()
                .find(|t| t.get("key").and_then(|k| k.as_str()) == Some(table))
        });
    let get = |k: &str| {
        t.and_then(|t| t.get(k))
            .and_then(|v| v.as_str())
            .map(String::from)
    };
    (get("corner_note"), get("column_group_label"))
}

/// A row as shown: key, printed label, group and sub-group.
#[derive(Debug, Clone)]
struct RowView {
    key: String,
    label: String,
    group: Option<String>,
    subgroup: Option<String>,
}

/// The rows of a table as the record's form prints them: the spec's rows
/// (for the gb2021 hybrid, （六）其他处理 as one row), then any other row
/// the record has.
fn rows_of(r: &Record, t: &TableSpec) -> Vec<RowView> {
    let hybrid = r.hybrid.as_deref() == Some("other_handling")
        && r.template == TemplateVersion::Gb2021
        && t.key == "applications";
    let mut rows: Vec<RowView> = Vec::new();
    for row in &t.rows {
        if hybrid && row.key.starts_with("other_") {
            if !rows.iter().any(|x| x.key == "other_handling") {
                let spec = Spec::builtin().version(TemplateVersion::Gb2019);
                let label = spec
                    .table("applications")
                    .and_then(|a| a.rows.iter().find(|x| x.key == "other_handling"))
                    .map_or_else(|| "（六）其他处理".to_string(), |x| x.label.clone());
                rows.push(RowView {
                    key: "other_handling".into(),
                    label,
                    group: row.group.clone(),
                    subgroup: None,
                });
            }
            continue;
        }
        rows.push(RowView {
            key: row.key.clone(),
            label: row.label.clone(),
            group: row.group.clone(),
            subgroup: row.subgroup.clone(),
        });
    }
    if let Some(found) = r.tables.get(&t.key) {
        for key in found.keys() {
            if !rows.iter().any(|x| &x.key == key) {
                rows.push(RowView {
                    key: key.clone(),
                    label: key.clone(),
                    group: None,
                    subgroup: None,
                });
            }
        }
    }
    rows
}

/// One value cell.
fn cell_td(
    out: &mut String,
    r: &Record,
    idx: &CellIndex<'_>,
    marks: &HashMap<String, Mark>,
    table: &str,
    row: &str,
    col: &str,
) {
    let key = format!("{table}.{row}.{col}");
    let state = cell_state(r, idx, table, row, col);
    let src = idx.get(table, row, col);
    let value = r
        .tables
        .get(table)
        .and_then(|t| t.get(row))
        .and_then(|c| c.get(col))
        .copied()
        .flatten();
    let raw = src.map(|c| c.raw.trim()).unwrap_or_default();
    let mut class = vec![state.key()];
    let mark = marks.get(&key);
    if let Some(m) = mark {
        if m.fail {
            class.push("fail");
            if m.total {
                class.push("total");
            }
        } else if m.warn {
            class.push("warn");
        }
    }
    let mut title = format!("{key}｜{}", state.zh());
    if let Some(v) = value {
        let _ = write!(title, "｜值 {}", fmt_num(v.0));
    }
    if let Some(p) = src.and_then(|c| c.page_index) {
        let _ = write!(title, "｜第 {} 页", p + 1);
    } else if let Some(l) = src.and_then(|c| c.line_number) {
        let _ = write!(title, "｜第 {l} 行");
    }
    if let Some(o) = src.and_then(|c| c.ocr.as_ref()) {
        let _ = write!(title, "｜OCR 置信度 {:.0}", o.confidence);
    }
    let mut content = String::new();
    match state {
        CellState::Value => {
            let shown = value.map(|v| fmt_num(v.0)).unwrap_or_default();
            if raw.is_empty() {
                content.push_str(&esc(&shown));
            } else {
                content.push_str(&esc(raw));
                if raw != shown {
                    let _ = write!(content, "<span class=\"val\">= {}</span>", esc(&shown));
                }
            }
        }
        CellState::Blank => content.push_str("<span class=\"st\">空白</span>"),
        CellState::Unread => {
            content.push_str(&esc(raw));
            content.push_str("<span class=\"st\">未读出</span>");
        }
        CellState::Missing => content.push_str("<span class=\"st\">缺</span>"),
    }
    if let Some(first) = mark.and_then(|m| m.checks.first()) {
        let rules: Vec<&str> = mark
            .map(|m| {
                m.checks
                    .iter()
                    .map(|&i| r.checks[i].rule.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let _ = write!(title, "｜不符：{}", rules.join("、"));
        content = format!("<a href=\"#chk-{first}\">{content}</a>");
    }
    let _ = write!(
        out,
        "<td data-cell=\"{}\" data-state=\"{}\" class=\"{}\" title=\"{}\">{content}</td>",
        esc(&key),
        state.key(),
        class.join(" "),
        esc(&title)
    );
}

/// Renders one table of the record's format. Tables the report lacks are
/// drawn too, every cell `缺` (not found).
pub fn render_table(
    out: &mut String,
    r: &Record,
    idx: &CellIndex<'_>,
    t: &TableSpec,
    marks: &HashMap<String, Mark>,
) {
    if t.key == "review_litigation" && t.columns.len() * t.rows.len() == 15 {
        render_review(out, r, idx, t, marks);
        return;
    }
    let rows = rows_of(r, t);
    let has_group = rows.iter().any(|x| x.group.is_some());
    let has_sub = rows.iter().any(|x| x.subgroup.is_some());
    let label_cols = 1 + usize::from(has_group) + usize::from(has_sub);
    let col_groups = t.columns.iter().any(|c| c.group.is_some());
    let (corner_note, group_label) = table_extras(r.template, &t.key);
    let header_rows = 1 + usize::from(col_groups) + usize::from(group_label.is_some());
    let _ = write!(
        out,
        "<table class=\"form\" id=\"form-{}\" data-table=\"{}\">\n<thead>\n<tr><th class=\"corner\" rowspan=\"{header_rows}\" colspan=\"{label_cols}\">{}</th>",
        esc(&t.key),
        esc(&t.key),
        esc(corner_note.as_deref().unwrap_or("信息内容"))
    );
    if let Some(g) = &group_label {
        let _ = write!(
            out,
            "<th colspan=\"{}\">{}</th></tr>\n<tr>",
            t.columns.len(),
            esc(g)
        );
    }
    if col_groups {
        let mut i = 0;
        while i < t.columns.len() {
            let c = &t.columns[i];
            match &c.group {
                None => {
                    let _ = write!(out, "<th rowspan=\"2\">{}</th>", esc(&c.label));
                    i += 1;
                }
                Some(g) => {
                    let n = t.columns[i..]
                        .iter()
                        .take_while(|x| x.group.as_ref() == Some(g))
                        .count();
                    let _ = write!(out, "<th colspan=\"{n}\">{}</th>", esc(g));
                    i += n;
                }
            }
        }
        out.push_str("</tr>\n<tr>");
        for c in t.columns.iter().filter(|c| c.group.is_some()) {
            let _ = write!(out, "<th>{}</th>", esc(&c.label));
        }
    } else {
        for c in &t.columns {
            let _ = write!(out, "<th>{}</th>", esc(&c.label));
        }
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    let found = r.tables.get(&t.key);
    for (i, row) in rows.iter().enumerate() {
        let missing = found.is_none_or(|f| !f.contains_key(&row.key));
        let _ = write!(
            out,
            "<tr data-row=\"{}\"{}>",
            esc(&row.key),
            if missing {
                " class=\"missing-row\""
            } else {
                ""
            }
        );
        let mut used = 0;
        if let Some(g) = &row.group {
            if i == 0 || rows[i - 1].group.as_ref() != Some(g) {
                let n = rows[i..]
                    .iter()
                    .take_while(|x| x.group.as_ref() == Some(g))
                    .count();
                let _ = write!(out, "<th class=\"rl grp\" rowspan=\"{n}\">{}</th>", esc(g));
            }
            used += 1;
        }
        if let Some(s) = &row.subgroup {
            if i == 0 || rows[i - 1].subgroup.as_ref() != Some(s) {
                let n = rows[i..]
                    .iter()
                    .take_while(|x| x.subgroup.as_ref() == Some(s))
                    .count();
                let _ = write!(out, "<th class=\"rl sub\" rowspan=\"{n}\">{}</th>", esc(s));
            }
            used += 1;
        }
        let span = label_cols - used;
        let note = if missing {
            "<span class=\"small\">（未找到此行）</span>"
        } else {
            ""
        };
        if span > 1 {
            let _ = write!(
                out,
                "<th class=\"rl\" colspan=\"{span}\">{}{note}</th>",
                esc(&row.label)
            );
        } else {
            let _ = write!(out, "<th class=\"rl\">{}{note}</th>", esc(&row.label));
        }
        for c in &t.columns {
            cell_td(out, r, idx, marks, &t.key, &row.key, &c.key);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    extra_rows(out, r, t);
}

/// Section 四's table as the form prints it: one data row of 15 cells under
/// 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉).
fn render_review(
    out: &mut String,
    r: &Record,
    idx: &CellIndex<'_>,
    t: &TableSpec,
    marks: &HashMap<String, Mark>,
) {
    let n = t.columns.len();
    let _ = write!(
        out,
        "<table class=\"form\" id=\"form-{0}\" data-table=\"{0}\">\n<thead>\n<tr>",
        esc(&t.key)
    );
    // first header row: rows without a group span two header rows
    let mut i = 0;
    while i < t.rows.len() {
        let row = &t.rows[i];
        match &row.group {
            None => {
                let _ = write!(
                    out,
                    "<th colspan=\"{n}\" rowspan=\"2\">{}</th>",
                    esc(&row.label)
                );
                i += 1;
            }
            Some(g) => {
                let k = t.rows[i..]
                    .iter()
                    .take_while(|x| x.group.as_ref() == Some(g))
                    .count();
                let _ = write!(out, "<th colspan=\"{}\">{}</th>", k * n, esc(g));
                i += k;
            }
        }
    }
    out.push_str("</tr>\n<tr>");
    for row in t.rows.iter().filter(|x| x.group.is_some()) {
        let _ = write!(out, "<th colspan=\"{n}\">{}</th>", esc(&row.label));
    }
    out.push_str("</tr>\n<tr>");
    for _ in &t.rows {
        for c in &t.columns {
            let _ = write!(out, "<th>{}</th>", esc(&c.label));
        }
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n<tr>");
    for row in &t.rows {
        for c in &t.columns {
            cell_td(out, r, idx, marks, &t.key, &row.key, &c.key);
        }
    }
    out.push_str("</tr>\n</tbody>\n</table>\n");
    extra_rows(out, r, t);
}

/// Rows the report prints beyond the format, under the table.
fn extra_rows(out: &mut String, r: &Record, t: &TableSpec) {
    let extra: Vec<_> = r.extra_rows.iter().filter(|x| x.table == t.key).collect();
    if extra.is_empty() {
        return;
    }
    out.push_str(
        "<table class=\"form extra\"><caption class=\"small\">表外行：报告在统一格式之外加印的行 · rows beyond the national format</caption><tbody>\n",
    );
    for x in extra {
        let _ = write!(out, "<tr><th class=\"rl\">{}</th>", esc(&x.label));
        for c in &t.columns {
            let v = x.values.get(&c.key).copied().flatten();
            let _ = write!(
                out,
                "<td data-extra=\"{}.{}.{}\">{}</td>",
                esc(&t.key),
                esc(&x.key),
                esc(&c.key),
                v.map(|n| fmt_num(n.0)).unwrap_or_default()
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}
