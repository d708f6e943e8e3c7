//! The data dictionary: every column of the CSV files (and of the SQLite
//! tables of the same names) with its Chinese label, unit and, for the cell
//! columns of `reports.csv`, the template versions that have it. Written as
//! `dictionary.csv` and as the SQLite table `dictionary`; `metadata.json`
//! (see [`super::metadata`]) is made from the same descriptions.

use crate::check::explain::{column_label_zh, row_label_zh};
use crate::record::TemplateVersion;
use crate::template::spec::Spec;

/// Header of `dictionary.csv` (and the columns of the SQLite table
/// `dictionary`).
pub const DICTIONARY_COLUMNS: [&str; 11] = [
    "file",
    "column_index",
    "column_name",
    "table_key",
    "row_key",
    "column_key",
    "label_zh",
    "unit",
    "templates",
    "description_zh",
    "description_en",
];

/// One column of an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictEntry {
    /// The CSV file (`reports.csv`, …); the SQLite table has the file's stem.
    pub file: &'static str,
    /// The column's place in the file, 1-based.
    pub column_index: usize,
    /// The column's name, the same in CSV and SQLite.
    pub column_name: String,
    /// For a cell column of `reports.csv`: the table, row and column keys.
    pub cell: Option<(String, String, String)>,
    /// The label in Chinese: for a cell, the section, row and column as the
    /// national form prints them.
    pub label_zh: String,
    /// `件`, `万元` or empty.
    pub unit: String,
    /// For a cell column, the template versions that have the cell,
    /// `;`-separated (`gb2019;gb2021`).
    pub templates: String,
    /// What the column holds, in Chinese.
    pub description_zh: String,
    /// What the column holds, in English.
    pub description_en: String,
}

impl DictEntry {
    /// The entry as a `dictionary.csv` row.
    pub fn row(&self) -> Vec<String> {
        let (t, r, c) = self.cell.clone().unwrap_or_default();
        vec![
            self.file.to_string(),
            self.column_index.to_string(),
            self.column_name.clone(),
            t,
            r,
            c,
            self.label_zh.clone(),
            self.unit.clone(),
            self.templates.clone(),
            self.description_zh.clone(),
            self.description_en.clone(),
        ]
    }
}

/// (file, column, label, description zh, description en) of every column
/// that is not a cell of the form.
const META: &[(&str, &str, &str, &str, &str)] = &[
    (
        "reports.csv",
        "path",
        "文件路径",
        "报告文件的路径",
        "path of the report file",
    ),
    (
        "reports.csv",
        "sha256",
        "SHA-256",
        "文件内容的 SHA-256（十六进制）",
        "hex SHA-256 of the file's bytes",
    ),
    (
        "reports.csv",
        "format",
        "格式",
        "pdf、text、html 或 docx",
        "pdf, text, html or docx",
    ),
    (
        "reports.csv",
        "pages",
        "页数",
        "PDF 的页数，其他格式为空",
        "PDF page count, empty for other formats",
    ),
    (
        "reports.csv",
        "title",
        "标题",
        "报告标题（原文）",
        "the title as printed",
    ),
    (
        "reports.csv",
        "agency",
        "机关",
        "标题中的机关名称（原文，去空白）",
        "the agency as printed in the title",
    ),
    (
        "reports.csv",
        "agency_key",
        "机关标识",
        "规范化的机关标识，跨年度配对报告",
        "canonical agency key, pairs reports across years",
    ),
    (
        "reports.csv",
        "region_code",
        "行政区划代码",
        "机关名称确定的 GB/T 2260 代码",
        "GB/T 2260 code the agency name determines",
    ),
    (
        "reports.csv",
        "region_name",
        "行政区划",
        "行政区划名称",
        "name of the division",
    ),
    (
        "reports.csv",
        "region_level",
        "区划级别",
        "province、prefecture 或 county",
        "province, prefecture or county",
    ),
    (
        "reports.csv",
        "year",
        "年度",
        "报告年度（不是发布日期）",
        "report year (not the publication date)",
    ),
    (
        "reports.csv",
        "template",
        "统一格式",
        "gb2019 或 gb2021（国办公开办函〔2021〕30号）",
        "gb2019 or gb2021, the national form the report follows",
    ),
    (
        "reports.csv",
        "hybrid",
        "混合格式",
        "混用两版格式时的说明，如 other_handling",
        "how the report mixes the two forms, e.g. other_handling",
    ),
    (
        "reports.csv",
        "checks_failed",
        "错误数",
        "不通过的错误级核对（含跨年度核对）",
        "failing error-level check instances, cross-year checks included",
    ),
    (
        "reports.csv",
        "cells_blank",
        "空白单元格",
        "报告留空的单元格数",
        "cells the report left blank",
    ),
    (
        "reports.csv",
        "cells_unread",
        "未读出单元格",
        "报告印有内容但 xxgk 未能读出数值的单元格数",
        "cells printed but not read by xxgk",
    ),
    (
        "reports.csv",
        "cells_missing",
        "缺失单元格",
        "所在行或表格未找到的单元格数",
        "cells whose row or table was not found",
    ),
    (
        "reports.csv",
        "warning_count",
        "读取提示数",
        "读取提示的条数（内容见 warnings）",
        "reading warnings (their text: table warnings)",
    ),
    (
        "reports.csv",
        "duplicate_of",
        "副本",
        "同一机关、年度、数字的第一份报告路径",
        "path of the first copy (same agency key, year and cells)",
    ),
    (
        "reports.csv",
        "conflicts_with",
        "另一版本",
        "同一机关、年度但数字不同的第一份报告路径",
        "path of the first version when the cells differ",
    ),
    (
        "cells.csv",
        "path",
        "文件路径",
        "报告文件的路径（SQLite 中为 report_id）",
        "path of the report (report_id in SQLite)",
    ),
    (
        "cells.csv",
        "table_key",
        "表格",
        "表格标识，如 applications",
        "table key, e.g. applications",
    ),
    (
        "cells.csv",
        "row_key",
        "行",
        "行标识，如 new_received",
        "row key, e.g. new_received",
    ),
    (
        "cells.csv",
        "column_key",
        "列",
        "列标识，如 natural_person",
        "column key, e.g. natural_person",
    ),
    (
        "cells.csv",
        "value",
        "数值",
        "读出的数值；空白或未读出为空（不是 0）",
        "the value read; empty when blank or unread (never 0)",
    ),
    (
        "cells.csv",
        "raw",
        "原文",
        "单元格原文（空白为空字符串）",
        "the printed text ('' when blank)",
    ),
    (
        "cells.csv",
        "state",
        "状态",
        "value 有值、blank 空白、unread 未读出、missing 未找到",
        "value, blank, unread or missing",
    ),
    (
        "cells.csv",
        "page",
        "页码",
        "所在页（从 1 起，与印刷页序一致，PDF）",
        "page, 1-based as printed (PDF)",
    ),
    (
        "cells.csv",
        "page_index",
        "页序号",
        "所在页（从 0 起，供程序使用，PDF）",
        "page, 0-based, for programs (PDF)",
    ),
    (
        "cells.csv",
        "line_number",
        "行号",
        "文本输入中的行号（从 1 起）",
        "line in the text (text input), 1-based",
    ),
    (
        "checks.csv",
        "path",
        "文件路径",
        "报告文件的路径（SQLite 中为 report_id）",
        "path of the report (report_id in SQLite)",
    ),
    (
        "checks.csv",
        "rule",
        "规则",
        "规则标识，如 applications.balance（说明见 rules 表）",
        "rule id, e.g. applications.balance (see table rules)",
    ),
    (
        "checks.csv",
        "severity",
        "级别",
        "error 错误、warning 提醒、info 参考",
        "error, warning or info",
    ),
    (
        "checks.csv",
        "status",
        "结果",
        "pass 通过、fail 不通过、not_assessable 无法判断",
        "pass, fail or not_assessable",
    ),
    (
        "checks.csv",
        "location",
        "位置",
        "核对的位置，如 applications/*/natural_person",
        "the instance, e.g. applications/*/natural_person",
    ),
    (
        "checks.csv",
        "expected",
        "应为",
        "规则要求的值（如各项之和），JSON",
        "the value the rule expects (e.g. the sum of the parts), JSON",
    ),
    (
        "checks.csv",
        "found",
        "实为",
        "报告印出的值（如总计），JSON",
        "the value found (e.g. the printed total), JSON",
    ),
    (
        "checks.csv",
        "message",
        "说明",
        "中文说明：位置、印出的数字、算式、相差、页码",
        "the finding in Chinese, with the printed numbers and pages",
    ),
    (
        "checks.csv",
        "previous_path",
        "上一年报告",
        "跨年度核对：上一年报告的路径",
        "series rules: the earlier report",
    ),
    (
        "checks.csv",
        "agency",
        "机关",
        "跨年度核对：本报告的机关",
        "series rules: the agency as printed",
    ),
    (
        "checks.csv",
        "previous_agency",
        "上一年机关",
        "跨年度核对：上一年报告的机关",
        "series rules: the earlier report's agency",
    ),
    (
        "checks.csv",
        "agency_key",
        "机关标识",
        "跨年度核对：配对两份报告的机关标识",
        "series rules: the key that paired the reports",
    ),
    (
        "checks.csv",
        "message_en",
        "英文说明",
        "英文说明",
        "the finding in English",
    ),
    (
        "checks.csv",
        "arithmetic",
        "算式",
        "算式（中文），用印出的数字",
        "the arithmetic in Chinese, with the printed numbers",
    ),
    (
        "checks.csv",
        "difference",
        "相差",
        "实为 − 应为",
        "found − expected",
    ),
    (
        "checks.csv",
        "printed_total",
        "印出的总计",
        "哪一边是报告印出的总计：found、expected 或空（两边都是求和）",
        "which side is one printed total: found, expected, or empty",
    ),
    (
        "checks.csv",
        "operands",
        "读取的单元格",
        "核对读取的单元格：标识 = 原文（页码）",
        "the cells read: key = printed text (page)",
    ),
    (
        "errors.csv",
        "path",
        "文件路径",
        "未能读取为报告的文件",
        "a file that gave no record",
    ),
    (
        "errors.csv",
        "sha256",
        "SHA-256",
        "文件内容的 SHA-256；文件无法读取时为空",
        "hex SHA-256; empty when the file could not be read",
    ),
    (
        "errors.csv",
        "reason",
        "原因",
        "原因代码，如 not_a_report、timeout",
        "reason code, e.g. not_a_report, timeout",
    ),
    (
        "errors.csv",
        "message",
        "说明",
        "一句话说明",
        "one sentence",
    ),
    (
        "indicators.csv",
        "path",
        "文件路径",
        "报告文件的路径",
        "path of the report file",
    ),
    (
        "indicators.csv",
        "seq",
        "次序",
        "该行在记录 indicators 中的序号（从 0 起）",
        "index of the row in the record's indicators, from 0",
    ),
    (
        "indicators.csv",
        "table_index",
        "统计表序号",
        "报告中第几个统计表（从 0 起）",
        "which statistics table of the report, from 0",
    ),
    (
        "indicators.csv",
        "indicator_key",
        "指标标识",
        "已知指标的稳定标识，如 proactive_total；未知指标为空",
        "stable key of a known indicator, e.g. proactive_total; empty for a row the spec does not know",
    ),
    (
        "indicators.csv",
        "label",
        "指标名称",
        "指标名称（原文，去编号与“其中”）",
        "the indicator's label as printed, numbering and 其中 taken off",
    ),
    (
        "indicators.csv",
        "unit",
        "计量单位",
        "计量单位（原文）：条、件、元……",
        "the unit as printed: 条, 件, 元, …",
    ),
    (
        "indicators.csv",
        "value",
        "本年度",
        "本年度数值；空白或不确定时为空",
        "this year's figure; empty when blank or not certain",
    ),
    (
        "indicators.csv",
        "cumulative",
        "历年累计",
        "历年累计数值；空白、不确定或无此列时为空",
        "the cumulative figure; empty when blank, not certain or not printed",
    ),
    (
        "indicators.csv",
        "parent_seq",
        "上级指标",
        "“其中”项所属合计行的 seq",
        "seq of the total a 其中 item belongs to",
    ),
    (
        "indicators.csv",
        "group_label",
        "分组",
        "该行所在的表内小标题",
        "the heading inside the table the row stands under",
    ),
    (
        "indicators.csv",
        "page_index",
        "页（从 0 起）",
        "所在页（PDF，从 0 起）",
        "0-based page (PDF)",
    ),
    (
        "indicators.csv",
        "line_number",
        "行号",
        "所在行（文本输入，从 1 起）",
        "1-based line (text input)",
    ),
    (
        "indicators.csv",
        "raw",
        "原文",
        "该行原文",
        "the row as printed",
    ),
];

/// The description of a column (Chinese, English), when the dictionary
/// has one.
pub fn describe(file: &str, column: &str) -> Option<(&'static str, &'static str, &'static str)> {
    META.iter()
        .find(|(f, c, ..)| *f == file && *c == column)
        .map(|(_, _, l, zh, en)| (*l, *zh, *en))
}

/// Every column of `reports.csv`, `cells.csv`, `checks.csv`, `errors.csv`
/// and `indicators.csv`, in file order.
///
/// ```
/// let d = xxgk::output::dictionary::entries();
/// let e = d.iter().find(|e| e.column_name == "applications.new_received.natural_person").unwrap();
/// assert_eq!(e.label_zh, "第三部分 本年新收 · 自然人");
/// assert_eq!(e.unit, "件");
/// assert_eq!(e.templates, "gb2019;gb2021");
/// let fee = d.iter().find(|e| e.column_name.ends_with(".fee_amount")).unwrap();
/// assert_eq!(fee.unit, "万元");
/// ```
pub fn entries() -> Vec<DictEntry> {
    let spec = Spec::builtin();
    let meta = |file: &'static str| {
        META.iter()
            .filter(move |(f, ..)| *f == file)
            .map(|(f, c, l, zh, en)| DictEntry {
                file: f,
                column_index: 0,
                column_name: c.to_string(),
                cell: None,
                label_zh: l.to_string(),
                unit: if c.starts_with("cells_") || *c == "checks_failed" || *c == "warning_count" {
                    "个".into()
                } else {
                    String::new()
                },
                templates: String::new(),
                description_zh: zh.to_string(),
                description_en: en.to_string(),
            })
    };
    let mut out: Vec<DictEntry> = meta("reports.csv").collect();
    let versions = [TemplateVersion::Gb2019, TemplateVersion::Gb2021];
    for (t, r, c) in super::csv::report_cell_columns() {
        let have: Vec<TemplateVersion> = versions
            .into_iter()
            .filter(|v| {
                spec.version(*v).table(&t).is_some_and(|ts| {
                    ts.rows.iter().any(|x| x.key == r) && ts.columns.iter().any(|x| x.key == c)
                })
            })
            .collect();
        let Some(&v) = have.last() else { continue };
        let ts = spec
            .version(v)
            .table(&t)
            .expect("the version has the table");
        let section = match t.as_str() {
            "applications" => "第三部分".to_string(),
            "review_litigation" => "第四部分".to_string(),
            _ => format!("第二部分 {}", ts.caption.trim()),
        };
        let unit = ts.unit(&c).unwrap_or("件").to_string();
        let label = format!(
            "{section} {} · {}",
            row_label_zh(v, &t, &r),
            column_label_zh(v, &t, &c)
        );
        out.push(DictEntry {
            file: "reports.csv",
            column_index: 0,
            column_name: format!("{t}.{r}.{c}"),
            description_zh: if label.contains(&unit) {
                format!("{label}；空白或未读出为空，不是 0")
            } else {
                format!("{label}（单位：{unit}）；空白或未读出为空，不是 0")
            },
            description_en: format!(
                "table {t}, row {r}, column {c}, in {unit}; empty when blank or unread, never 0"
            ),
            cell: Some((t, r, c)),
            label_zh: label,
            unit,
            templates: have
                .iter()
                .map(crate::output::enum_text)
                .collect::<Vec<_>>()
                .join(";"),
        });
    }
    out.extend(meta("cells.csv"));
    out.extend(meta("checks.csv"));
    out.extend(meta("errors.csv"));
    out.extend(meta("indicators.csv"));
    let mut last = ("", 0);
    for e in &mut out {
        last = if last.0 == e.file {
            (e.file, last.1 + 1)
        } else {
            (e.file, 1)
        };
        e.column_index = last.1;
    }
    out
}
