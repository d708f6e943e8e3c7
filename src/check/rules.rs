//! The arithmetic and completeness rules of the spec.

use serde_json::json;

use super::result;
use crate::record::{CheckResult, CheckStatus, Number, Record, TemplateVersion};
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

/// A cell: `Err(why)` when the row is absent or the cell blank.
fn cell(r: &Record, table: &str, row: &str, col: &str) -> Result<f64, String> {
    match r.tables.get(table).and_then(|t| t.get(row)) {
        None => Err(format!("{table}.{row} not found")),
        Some(cols) => match cols.get(col) {
            Some(Some(Number(v))) => Ok(*v),
            _ => Err(match uncertain_ocr(r, table, row, col) {
                Some(why) => format!("{table}.{row}.{col} is an uncertain OCR reading ({why})"),
                None => format!("{table}.{row}.{col} is blank"),
            }),
        },
    }
}

/// Why a cell left null by OCR was not trusted, if it was.
fn uncertain_ocr(r: &Record, table: &str, row: &str, col: &str) -> Option<String> {
    let c = r
        .cells
        .iter()
        .find(|c| c.table == table && c.row == row && c.column == col)?;
    let o = c.ocr.as_ref().filter(|o| o.uncertain)?;
    Some(format!(
        "read '{}' with confidence {:.0}",
        o.reading.as_deref().unwrap_or(""),
        o.confidence
    ))
}

fn sum(r: &Record, table: &str, rows: &[&str], col: &str) -> Result<f64, String> {
    rows.iter().map(|row| cell(r, table, row, col)).sum()
}

fn sum_cols(r: &Record, table: &str, row: &str, cols: &[&str]) -> Result<f64, String> {
    cols.iter().map(|c| cell(r, table, row, c)).sum()
}

fn num(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Compares `expected` with `found` and words the result.
fn compare(
    location: String,
    expected: Result<f64, String>,
    found: Result<f64, String>,
    what: &str,
) -> CheckResult {
    match (expected, found) {
        (Ok(e), Ok(f)) if same(e, f) => result(
            CheckStatus::Pass,
            location,
            Some(num(e)),
            Some(num(f)),
            format!("{what}: {} = {}", num(e), num(f)),
        ),
        (Ok(e), Ok(f)) => result(
            CheckStatus::Fail,
            location.clone(),
            Some(num(e)),
            Some(num(f)),
            format!(
                "{what} at {location}: expected {}, found {}",
                num(e),
                num(f)
            ),
        ),
        (Err(why), _) | (_, Err(why)) => result(
            CheckStatus::NotAssessable,
            location,
            None,
            None,
            format!("{what}: {why}"),
        ),
    }
}

fn app_columns(r: &Record) -> Vec<String> {
    Spec::builtin()
        .version(r.template)
        .table("applications")
        .map(|t| t.columns.iter().map(|c| c.key.clone()).collect())
        .unwrap_or_default()
}

/// `new_received + carried_over == results_total + carried_forward`, per column.
pub fn applications_balance(r: &Record) -> Vec<CheckResult> {
    if !r.tables.contains_key("applications") {
        return vec![missing_table("applications")];
    }
    app_columns(r)
        .iter()
        .map(|c| {
            compare(
                format!("applications/*/{c}"),
                sum(r, "applications", &["new_received", "carried_over"], c),
                sum(r, "applications", &["results_total", "carried_forward"], c),
                "新收 + 上年结转 should equal 办理结果总计 + 结转下年度",
            )
        })
        .collect()
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
        return vec![missing_table("applications")];
    }
    let rows = result_rows(r);
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    app_columns(r)
        .iter()
        .map(|c| {
            compare(
                format!("applications/results_total/{c}"),
                sum(r, "applications", &rows, c),
                cell(r, "applications", "results_total", c),
                "（七）总计 should equal the sum of the 办理结果 rows",
            )
        })
        .collect()
}

/// `total == natural_person + … + other_org`, per row.
pub fn applications_row_total(r: &Record) -> Vec<CheckResult> {
    let Some(t) = r.tables.get("applications") else {
        return vec![missing_table("applications")];
    };
    t.keys()
        .map(|row| {
            compare(
                format!("applications/{row}/total"),
                sum_cols(r, "applications", row, APPLICANT_COLUMNS),
                cell(r, "applications", row, "total"),
                "总计 should equal the sum of the applicant columns",
            )
        })
        .collect()
}

/// `total == upheld + corrected + other + pending`, per row.
pub fn review_row_total(r: &Record) -> Vec<CheckResult> {
    let Some(t) = r.tables.get("review_litigation") else {
        return vec![missing_table("review_litigation")];
    };
    t.keys()
        .map(|row| {
            compare(
                format!("review_litigation/{row}/total"),
                sum_cols(r, "review_litigation", row, REVIEW_PARTS),
                cell(r, "review_litigation", row, "total"),
                "总计 should equal 维持 + 纠正 + 其他 + 尚未审结",
            )
        })
        .collect()
}

fn missing_table(table: &str) -> CheckResult {
    result(
        CheckStatus::NotAssessable,
        table.to_string(),
        None,
        None,
        format!("table {table} not found"),
    )
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
/// instance per clean table.
pub fn values_domain(r: &Record) -> Vec<CheckResult> {
    let mut out = Vec::new();
    for (table, rows) in &r.tables {
        let mut bad = 0;
        for (row, cols) in rows {
            for (col, v) in cols {
                let Some(Number(v)) = v else { continue };
                let signed = r.template == TemplateVersion::Gb2019 && col == "change";
                let amount = is_amount(table, col);
                let why = if *v < 0.0 && !signed {
                    Some("is negative")
                } else if !amount && v.fract() != 0.0 {
                    Some("is not a whole number")
                } else {
                    None
                };
                if let Some(why) = why {
                    bad += 1;
                    out.push(result(
                        CheckStatus::Fail,
                        format!("{table}/{row}/{col}"),
                        None,
                        Some(num(*v)),
                        format!("{table}.{row}.{col} = {} {why}", num(*v)),
                    ));
                }
            }
        }
        if bad == 0 {
            out.push(result(
                CheckStatus::Pass,
                table.clone(),
                None,
                None,
                format!("every value of {table} is in its domain"),
            ));
        }
    }
    out
}

/// Every cell of every table has a value; rows and tables the format has
/// are present. One failing instance per blank cell or missing row or table.
pub fn values_complete(r: &Record) -> Vec<CheckResult> {
    let spec = Spec::builtin().version(r.template);
    let hybrid = r.hybrid.as_deref() == Some("other_handling");
    let mut out = Vec::new();
    for t in &spec.tables {
        let Some(rows) = r.tables.get(&t.key) else {
            out.push(result(
                CheckStatus::Fail,
                t.key.clone(),
                None,
                None,
                format!("table {} ({}) not found", t.key, t.caption),
            ));
            continue;
        };
        let mut bad = 0;
        for row in &t.rows {
            if hybrid && row.key.starts_with("other_") {
                continue;
            }
            let Some(cols) = rows.get(&row.key) else {
                bad += 1;
                out.push(result(
                    CheckStatus::Fail,
                    format!("{}/{}", t.key, row.key),
                    None,
                    None,
                    format!("row {} ({}) not found", row.key, row.label),
                ));
                continue;
            };
            for c in &t.columns {
                if !matches!(cols.get(&c.key), Some(Some(_))) {
                    bad += 1;
                    out.push(result(
                        CheckStatus::Fail,
                        format!("{}/{}/{}", t.key, row.key, c.key),
                        None,
                        None,
                        format!("{}.{}.{} is blank", t.key, row.key, c.key),
                    ));
                }
            }
        }
        if bad == 0 {
            out.push(result(
                CheckStatus::Pass,
                t.key.clone(),
                None,
                None,
                format!("every cell of {} has a value", t.key),
            ));
        }
    }
    out
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
    vec![result(
        status,
        "sections".into(),
        Some(json!([1, 2, 3, 4, 5, 6])),
        Some(json!(found)),
        if missing.is_empty() {
            "the six sections are present, in order".into()
        } else {
            format!("sections not found: {missing:?}")
        },
    )]
}
