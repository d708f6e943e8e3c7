//! The arithmetic and completeness rules of the spec.

use serde_json::json;

use super::explain::{
    cell_problem, column_label_zh, compare, fmt_num, operand, place_text, row_label_zh,
    table_place_en, table_place_zh, CellIndex, Term,
};
use super::result;
use crate::record::{CheckResult, CheckStatus, Number, Record, Side, TemplateVersion};
use crate::template::spec::Spec;

const APPLICANT_COLUMNS: &[&str] = &[
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_welfare_org",
    "legal_service_org",
    "other_org",
];

const REVIEW_PARTS: &[&str] = &["upheld", "corrected", "other", "pending"];

fn app_columns(r: &Record) -> Vec<String> {
    Spec::builtin()
        .version(r.template)
        .table("applications")
        .map(|t| t.columns.iter().map(|c| c.key.clone()).collect())
        .unwrap_or_default()
}

fn num(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// The cells `(row, column)` of one table as one side of a comparison,
/// each named by `names`.
fn term(
    r: &Record,
    idx: &CellIndex<'_>,
    table: &str,
    cells: &[(&str, &str)],
    side: Side,
    names: Vec<(String, String)>,
    label: (&str, &str),
) -> Term {
    Term {
        cells: cells
            .iter()
            .map(|(row, col)| operand(r, idx, table, row, col, side))
            .collect(),
        names,
        label: (label.0.to_string(), label.1.to_string()),
        numbers_only: false,
    }
}

fn names(zh_en: &[(&str, &str)]) -> Vec<(String, String)> {
    zh_en
        .iter()
        .map(|(z, e)| (z.to_string(), e.to_string()))
        .collect()
}

/// `new_received + carried_over == results_total + carried_forward`, per column.
pub fn applications_balance(r: &Record) -> Vec<CheckResult> {
    if !r.tables.contains_key("applications") {
        return vec![missing_table(r, "applications")];
    }
    let idx = CellIndex::new(r);
    app_columns(r)
        .iter()
        .map(|c| {
            let expected = term(
                r,
                &idx,
                "applications",
                &[("new_received", c), ("carried_over", c)],
                Side::Expected,
                names(&[("本年新收", "new_received"), ("上年结转", "carried_over")]),
                ("本年新收 + 上年结转", "new_received + carried_over"),
            );
            let found = term(
                r,
                &idx,
                "applications",
                &[("results_total", c), ("carried_forward", c)],
                Side::Found,
                names(&[
                    ("办理结果总计", "results_total"),
                    ("结转下年度", "carried_forward"),
                ]),
                (
                    "办理结果总计 + 结转下年度",
                    "results_total + carried_forward",
                ),
            );
            compare(
                format!("applications/*/{c}"),
                column_place(r, "applications", c),
                expected,
                found,
                None,
            )
        })
        .collect()
}

/// `第三部分 自然人 列` and `applications, column natural_person`.
fn column_place(r: &Record, table: &str, col: &str) -> (String, String) {
    (
        format!(
            "{} {} 列",
            table_place_zh(table),
            column_label_zh(r.template, table, col)
        ),
        format!("{}, column {col}", table_place_en(table)),
    )
}

/// `第三部分 （一）予以公开 行` and `applications, row granted`.
fn row_place(r: &Record, table: &str, row: &str) -> (String, String) {
    (
        format!(
            "{} {} 行",
            table_place_zh(table),
            row_label_zh(r.template, table, row)
        ),
        format!("{}, row {row}", table_place_en(table)),
    )
}

/// The rows that （七）总计 closes, for the record's template.
pub fn result_rows(r: &Record) -> Vec<String> {
    let spec = Spec::builtin().version(r.template);
    let Some(t) = spec.table("applications") else {
        return Vec::new();
    };
    let hybrid = r.hybrid.as_deref() == Some("other_handling");
    let mut rows: Vec<String> = t
        .rows
        .iter()
        .map(|row| row.key.clone())
        .filter(|k| {
            k == "granted"
                || k == "partially_granted"
                || k.starts_with("denied_")
                || k.starts_with("unable_")
                || k.starts_with("not_processed_")
                || (k.starts_with("other_") && !(hybrid && r.template == TemplateVersion::Gb2021))
        })
        .collect();
    if hybrid && r.template == TemplateVersion::Gb2021 {
        rows.push("other_handling".into());
    }
    rows
}

/// `results_total == granted + partially_granted + denied_* + unable_* +
/// not_processed_* + other_*` (or `other_handling`), per column.
pub fn applications_results_total(r: &Record) -> Vec<CheckResult> {
    if !r.tables.contains_key("applications") {
        return vec![missing_table(r, "applications")];
    }
    let idx = CellIndex::new(r);
    let rows = result_rows(r);
    let row_names: Vec<(String, String)> = rows
        .iter()
        .map(|row| (row_label_zh(r.template, "applications", row), row.clone()))
        .collect();
    app_columns(r)
        .iter()
        .map(|c| {
            let cells: Vec<(&str, &str)> =
                rows.iter().map(|row| (row.as_str(), c.as_str())).collect();
            let mut expected = term(
                r,
                &idx,
                "applications",
                &cells,
                Side::Expected,
                row_names.clone(),
                ("办理结果各项", "the result rows"),
            );
            expected.numbers_only = true;
            let found = term(
                r,
                &idx,
                "applications",
                &[("results_total", c)],
                Side::Found,
                names(&[("（七）总计", "results_total")]),
                ("（七）总计", "results_total"),
            );
            compare(
                format!("applications/results_total/{c}"),
                column_place(r, "applications", c),
                expected,
                found,
                Some(Side::Found),
            )
        })
        .collect()
}

/// A row's parts summed against its printed 总计.
fn row_total(
    r: &Record,
    idx: &CellIndex<'_>,
    table: &str,
    row: &str,
    parts: &[&str],
) -> CheckResult {
    let cells: Vec<(&str, &str)> = parts.iter().map(|c| (row, *c)).collect();
    let part_names: Vec<(String, String)> = parts
        .iter()
        .map(|c| (column_label_zh(r.template, table, c), c.to_string()))
        .collect();
    let expected = term(
        r,
        idx,
        table,
        &cells,
        Side::Expected,
        part_names,
        ("各列之和", "the parts"),
    );
    let found = term(
        r,
        idx,
        table,
        &[(row, "total")],
        Side::Found,
        names(&[("总计", "total")]),
        ("总计", "total"),
    );
    compare(
        format!("{table}/{row}/total"),
        row_place(r, table, row),
        expected,
        found,
        Some(Side::Found),
    )
}

/// `total == natural_person + … + other_org`, per row.
pub fn applications_row_total(r: &Record) -> Vec<CheckResult> {
    let Some(t) = r.tables.get("applications") else {
        return vec![missing_table(r, "applications")];
    };
    let idx = CellIndex::new(r);
    t.keys()
        .map(|row| row_total(r, &idx, "applications", row, APPLICANT_COLUMNS))
        .collect()
}

/// `total == upheld + corrected + other + pending`, per row.
pub fn review_row_total(r: &Record) -> Vec<CheckResult> {
    let Some(t) = r.tables.get("review_litigation") else {
        return vec![missing_table(r, "review_litigation")];
    };
    let idx = CellIndex::new(r);
    t.keys()
        .map(|row| row_total(r, &idx, "review_litigation", row, REVIEW_PARTS))
        .collect()
}

fn missing_table(r: &Record, table: &str) -> CheckResult {
    let _ = r;
    let mut c = result(
        CheckStatus::NotAssessable,
        table.to_string(),
        None,
        None,
        format!("未找到{}的表，无法判断", table_place_zh(table)),
    );
    c.message_en = format!("table {table} not found, so the rule cannot be decided");
    c
}

/// True for columns that hold amounts (decimals) rather than counts.
fn is_amount(table: &str, col: &str) -> bool {
    let spec = Spec::builtin();
    spec.versions
        .values()
        .filter_map(|v| v.table(table))
        .any(|t| t.unit(col).is_some())
}

/// Counts are integers ≥ 0, amounts decimals ≥ 0; the gb2019 `change`
/// columns may be negative. One failing instance per bad cell, one passing
/// instance per clean table (which lists no cell: it read them all).
pub fn values_domain(r: &Record) -> Vec<CheckResult> {
    let idx = CellIndex::new(r);
    let mut out = Vec::new();
    for (table, rows) in &r.tables {
        let mut bad = 0;
        for (row, cols) in rows {
            for (col, v) in cols {
                let Some(Number(v)) = v else { continue };
                let signed = r.template == TemplateVersion::Gb2019 && col == "change";
                let amount = is_amount(table, col);
                let why = if *v < 0.0 && !signed {
                    Some(("为负数，件数和金额不能为负", "is negative"))
                } else if !amount && v.fract() != 0.0 {
                    Some(("不是整数，件数应为整数", "is not a whole number"))
                } else {
                    None
                };
                if let Some((why_zh, why_en)) = why {
                    bad += 1;
                    let cell = operand(r, &idx, table, row, col, Side::Found);
                    let (pz, pe) = place_text(std::slice::from_ref(&cell));
                    let raw = cell.raw.clone().unwrap_or_default();
                    let mut c = result(
                        CheckStatus::Fail,
                        format!("{table}/{row}/{col}"),
                        None,
                        Some(num(*v)),
                        format!(
                            "{} {} 行 {} 列：印为“{raw}”，读作 {}，{why_zh}{pz}",
                            table_place_zh(table),
                            row_label_zh(r.template, table, row),
                            column_label_zh(r.template, table, col),
                            fmt_num(*v)
                        ),
                    );
                    c.message_en = format!(
                        "{table}.{row}.{col} = {} (printed {raw:?}) {why_en}{pe}",
                        fmt_num(*v)
                    );
                    c.cells.push(cell);
                    out.push(c);
                }
            }
        }
        if bad == 0 {
            let mut c = result(
                CheckStatus::Pass,
                table.clone(),
                None,
                None,
                format!("{} 表的数值均在取值范围内", table_place_zh(table)),
            );
            c.message_en = format!("every value of {table} is in its domain");
            out.push(c);
        }
    }
    out
}

/// Every cell of every table has a value; rows and tables the format has
/// are present. One failing instance per blank, unread or missing cell (a
/// missing row or table is one instance).
pub fn values_complete(r: &Record) -> Vec<CheckResult> {
    let spec = Spec::builtin().version(r.template);
    let hybrid = r.hybrid.as_deref() == Some("other_handling");
    let idx = CellIndex::new(r);
    let mut out = Vec::new();
    for t in &spec.tables {
        let Some(rows) = r.tables.get(&t.key) else {
            let mut c = result(
                CheckStatus::Fail,
                t.key.clone(),
                None,
                None,
                format!("未找到{}（{}）的表", table_place_zh(&t.key), t.caption),
            );
            c.message_en = format!("table {} ({}) not found", t.key, t.caption);
            out.push(c);
            continue;
        };
        let mut bad = 0;
        for row in &t.rows {
            if hybrid && row.key.starts_with("other_") {
                continue;
            }
            let Some(cols) = rows.get(&row.key) else {
                bad += 1;
                let mut c = result(
                    CheckStatus::Fail,
                    format!("{}/{}", t.key, row.key),
                    None,
                    None,
                    format!(
                        "{}：未找到“{}”行，其单元格缺失",
                        table_place_zh(&t.key),
                        row.label
                    ),
                );
                c.message_en = format!("row {} ({}) not found", row.key, row.label);
                out.push(c);
                continue;
            };
            for col in &t.columns {
                if !matches!(cols.get(&col.key), Some(Some(_))) {
                    bad += 1;
                    let (zh, en, cell) = cell_problem(r, &idx, &t.key, &row.key, &col.key);
                    let mut c = result(
                        CheckStatus::Fail,
                        format!("{}/{}/{}", t.key, row.key, col.key),
                        None,
                        None,
                        zh,
                    );
                    c.message_en = en;
                    c.cells.push(cell);
                    out.push(c);
                }
            }
        }
        if bad == 0 {
            let mut c = result(
                CheckStatus::Pass,
                t.key.clone(),
                None,
                None,
                format!("{} 表的每个单元格都有数值", table_place_zh(&t.key)),
            );
            c.message_en = format!("every cell of {} has a value", t.key);
            out.push(c);
        }
    }
    out
}

/// Chinese numerals for the section numbers.
fn numeral(n: u32) -> &'static str {
    ["", "一", "二", "三", "四", "五", "六"]
        .get(n as usize)
        .copied()
        .unwrap_or("?")
}

/// The six sections are present, in order.
pub fn structure_sections(r: &Record) -> Vec<CheckResult> {
    let found: Vec<u32> = r.sections.iter().map(|s| s.number).collect();
    let missing: Vec<u32> = (1..=6).filter(|n| !found.contains(n)).collect();
    let status = if missing.is_empty() {
        CheckStatus::Pass
    } else {
        CheckStatus::Fail
    };
    let mut c = result(
        status,
        "sections".into(),
        Some(json!([1, 2, 3, 4, 5, 6])),
        Some(json!(found)),
        if missing.is_empty() {
            "一至六部分齐全，顺序正确".into()
        } else {
            format!(
                "未找到第{}部分",
                missing
                    .iter()
                    .map(|n| numeral(*n))
                    .collect::<Vec<_>>()
                    .join("、")
            )
        },
    );
    c.message_en = if missing.is_empty() {
        "the six sections are present, in order".into()
    } else {
        format!("sections not found: {missing:?}")
    };
    vec![c]
}
