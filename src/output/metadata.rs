//! `metadata.json` beside `xxgk.sqlite`: what Datasette shows of the
//! database — a description of every table, view and column in Chinese and
//! English (with units: 件, 万元), the column that labels a row, suggested
//! facets and sort orders. `datasette xxgk.sqlite -m metadata.json` serves
//! it.

use std::path::Path;

use serde_json::{json, Map, Value};

use super::dictionary::describe;
use crate::record::TemplateVersion;
use crate::template::spec::Spec;

/// The file name beside `xxgk.sqlite`.
pub const METADATA_FILE: &str = "metadata.json";

/// Every rule id of both template versions with its severity, in spec
/// order, each once.
///
/// ```
/// let r = xxgk::output::metadata::rules();
/// assert!(r.iter().any(|(id, sev)| id == "applications.balance" && sev == "error"));
/// assert!(r.iter().any(|(id, _)| id == "series.carry_chain"));
/// ```
pub fn rules() -> Vec<(String, String)> {
    let spec = Spec::builtin();
    let mut out: Vec<(String, String)> = Vec::new();
    for v in [TemplateVersion::Gb2019, TemplateVersion::Gb2021] {
        for r in &spec.version(v).rules {
            if !out.iter().any(|(id, _)| *id == r.id) {
                out.push((r.id.clone(), r.severity.clone()));
            }
        }
    }
    for (id, sev) in [
        ("narrative.matches_tables", "warning"),
        ("series.conflicting_versions", "warning"),
    ] {
        if !out.iter().any(|(x, _)| x == id) {
            out.push((id.to_string(), sev.to_string()));
        }
    }
    out
}

/// A column description from the dictionary: `label — description / English`.
fn dict(file: &str, column: &str) -> Option<String> {
    describe(file, column).map(|(label, zh, en)| format!("{label}：{zh}。{en}"))
}

/// Columns given as (name, description), with dictionary descriptions for
/// the names `file` has.
fn columns(file: &str, own: &[(&str, &str)], names: &[&str]) -> Value {
    let mut m = Map::new();
    for n in names {
        if let Some(d) = dict(file, n) {
            m.insert(n.to_string(), Value::String(d));
        }
    }
    for (n, d) in own {
        m.insert(n.to_string(), Value::String(d.to_string()));
    }
    Value::Object(m)
}

/// The metadata, as JSON.
///
/// ```
/// let m = xxgk::output::metadata::metadata();
/// let t = &m["databases"]["xxgk"]["tables"];
/// assert!(t["failing_checks"]["description"].as_str().unwrap().contains("不通过"));
/// assert!(t["reports"]["facets"].as_array().unwrap().iter().any(|f| f == "year"));
/// ```
pub fn metadata() -> Value {
    // The columns shared with the CSV files (`path` is `reports.path`;
    // the other tables refer to it by `report_id`).
    let report_cols = crate::output::csv::REPORT_META_COLUMNS;
    let cell_cols = &crate::output::csv::CELLS_COLUMNS[1..];
    let check_cols = [
        "rule",
        "severity",
        "status",
        "location",
        "expected",
        "found",
        "message",
        "message_en",
        "arithmetic",
        "difference",
        "printed_total",
        "agency_key",
    ];
    let report_id = ("report_id", "报告（reports.id）。The report (reports.id).");
    json!({
        "title": "xxgk：政府信息公开工作年度报告 · Government information disclosure annual reports",
        "description": "每份报告一行（reports），单元格按原文（cells），核对及其读取的单元格（checks、check_operands）。数字均为报告原文所印，xxgk 不修改、不补全数字：空白为空，不是 0。先看视图 failing_checks（不符之处）和 check_cells（核对读取的单元格）。 One row per report; cells as printed; checks with the cells they read. Figures are as printed, never repaired: a blank cell is empty, not 0. Start with the views failing_checks and check_cells.",
        "databases": {
            "xxgk": {
                "description": "xxgk batch 输出 · the output of xxgk batch (schema xxgk.sqlite/3)",
                "tables": {
                    "failing_checks": {
                        "description": "每一处不通过的核对：机关、年度、规则（文字）、算式和读取的单元格（原文与页码）。 Every failing check: agency, year, the rule in words, the arithmetic and the cells it read with their printed text and page.",
                        "columns": columns("checks.csv", &[
                            ("check_id", "核对（checks.id）。The check instance."),
                            ("path", "报告文件。The report file."),
                            ("agency", "机关（原文）。The agency as printed."),
                            ("year", "年度。Report year."),
                            ("rule_zh", "规则（中文）。The rule in Chinese."),
                            ("rule_en", "规则（英文）。The rule in English."),
                            ("operands", "读取的单元格：标识 = 原文（页码）。The cells read: key = printed text (page)."),
                            ("previous_path", "跨年度核对：上一年报告。Series rules: the earlier report."),
                            report_id,
                        ], &check_cols),
                        "facets": ["rule", "severity", "year", "agency"],
                        "sort": "path",
                    },
                    "check_cells": {
                        "description": "每个核对读取的每个单元格：原文、数值、页码、在算式哪一边。 Each cell each check read: printed text, value, page, side of the comparison.",
                        "columns": columns("cells.csv", &[
                            ("check_id", "核对（checks.id）。The check instance."),
                            ("path", "报告文件。The report file."),
                            ("agency", "机关（原文）。The agency as printed."),
                            ("year", "年度。Report year."),
                            ("rule", "规则标识。Rule id."),
                            ("status", "核对结果：pass、fail、not_assessable。The check's outcome."),
                            ("severity", "级别：error、warning、info。Severity."),
                            ("location", "核对的位置。The instance."),
                            ("seq", "在算式中的次序。Order in the arithmetic."),
                            ("cell_key", "单元格标识 table.row.column。The cell's key."),
                            ("label_zh", "单元格在统一格式中的名称。The cell as the national form names it."),
                            ("side", "expected（求和的一边）或 found（印出的总计）。The side of the comparison."),
                            ("unit", "单位：件或万元。Unit."),
                            ("previous", "1 表示上一年报告的单元格。1 for a cell of the earlier report."),
                            ("message", "核对说明（中文）。The finding in Chinese."),
                        ], cell_cols),
                        "facets": ["rule", "status", "state", "side"],
                    },
                    "reports": {
                        "description": "每份报告一行：来源、机关、年度、格式、错误数、未读出与空白单元格数。 One row per report: source, agency, year, form, failing error checks, cells blank, unread and missing.",
                        "columns": columns("reports.csv", &[("id", "报告编号（按路径排序）。Report id, in path order.")], &report_cols),
                        "facets": ["year", "template", "format", "region_level", "checks_failed"],
                        "label_column": "title",
                        "sort_desc": "checks_failed",
                    },
                    "cells": {
                        "description": "每个单元格按原文：数值（件；采购、收费金额为万元）、状态（有值、空白、未读出）、页码。 Every cell as printed: value (件, amounts in 万元), state (value, blank, unread), page.",
                        "columns": columns("cells.csv", &[report_id, ("seq", "在记录中的次序。Order in the record.")], cell_cols),
                        "facets": ["table_key", "state"],
                    },
                    "checks": {
                        "description": "每个核对实例（本报告的和跨年度的）。 Every check instance, the report's own and the cross-year ones.",
                        "columns": columns("checks.csv", &[
                            ("id", "核对编号。Check id."),
                            report_id,
                            ("previous_report_id", "跨年度核对：上一年报告。Series rules: the earlier report."),
                        ], &check_cols),
                        "facets": ["rule", "status", "severity"],
                    },
                    "check_operands": {
                        "description": "每个核对读取的单元格（视图 check_cells 附上报告与名称）。 The cells each check read (the view check_cells adds the report and labels).",
                        "columns": columns("cells.csv", &[
                            ("check_id", "核对（checks.id）。The check instance."),
                            ("cell_key", "单元格标识 table.row.column。The cell's key."),
                            ("side", "expected 或 found。The side of the comparison."),
                            ("previous", "1 表示上一年报告的单元格。1 for a cell of the earlier report."),
                        ], cell_cols),
                        "facets": ["state", "side"],
                    },
                    "warnings": {
                        "description": "读取提示，每条一行（例如某表格未找到、某单元格未读出）。 Reading warnings, one row each (a table not found, a cell not read).",
                        "columns": {"report_id": report_id.1, "seq": "次序。Order.", "message": "提示内容。The warning."},
                    },
                    "sections": {
                        "description": "报告的六个部分及其正文。 The report's six sections with their text.",
                        "columns": {
                            "report_id": report_id.1,
                            "number": "部分序号 1–6。Section number.",
                            "section_key": "部分标识。Section key.",
                            "heading": "标题（原文）。Heading as printed.",
                            "page": "标题所在页（从 1 起）。Page of the heading, 1-based.",
                            "body": "正文（不含标题）。The section's text."
                        },
                        "facets": ["number"],
                    },
                    "errors": {
                        "description": "未能读取为报告的文件及原因。 Files that gave no record, with the reason.",
                        "columns": columns("errors.csv", &[], &crate::output::csv::ERRORS_COLUMNS),
                        "facets": ["reason"],
                    },
                    "indicators": {
                        "description": "2019 年以前报告的统计表各行：指标名称、单位、本年度、历年累计。 The statistics-table rows of pre-2019 reports: label, unit, this year, cumulative.",
                        "columns": columns("indicators.csv", &[report_id], &crate::output::csv::INDICATORS_COLUMNS[1..]),
                        "facets": ["indicator_key", "unit"],
                        "label_column": "label",
                    },
                    "agencies": {
                        "description": "每个机关一行：年度、缺年、跨年度核对结果。 One row per agency: years, gaps, cross-year check outcomes.",
                        "facets": ["region_level"],
                    },
                    "rules": {
                        "description": "核对规则的文字说明。 The rules in words.",
                        "columns": {"rule": "规则标识。Rule id.", "severity": "级别。Severity.", "title_zh": "规则（中文）。", "title_en": "The rule in English."},
                        "label_column": "title_zh",
                    },
                    "dictionary": {
                        "description": "数据字典：CSV 与 SQLite 的每一列，中文名称、单位、具有该单元格的格式版本。 Every column of the CSV files and SQLite tables, with its Chinese label, unit and the template versions that have it.",
                        "facets": ["file", "unit", "templates"],
                        "label_column": "label_zh",
                    },
                    "meta": {"description": "数据库版本。Schema and xxgk versions."},
                }
            }
        }
    })
}

/// Writes `metadata.json` into `dir`.
pub fn write(dir: &Path) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(&metadata()).map_err(std::io::Error::other)?;
    let staged = super::Staged::new(dir, METADATA_FILE)?;
    std::fs::write(staged.path(), text + "\n")?;
    staged.commit()
}
