//! The record: what xxgk makes of one report.
//!
//! Keys of [`Record::tables`] are exactly those of the template spec
//! (`schema/template.json`): `tables.<table>.<row>.<column>`. The JSON Schema
//! of the serialized record is `schema/record.schema.json`.

use crate::geom::BBox;
use indexmap::IndexMap;
use serde::{Serialize, Serializer};

/// The JSON Schema (draft 2020-12) of a serialized record.
pub const RECORD_JSON_SCHEMA: &str = include_str!("../schema/record.schema.json");

/// Hex SHA-256 of a file's bytes, as in [`Source::sha256`].
///
/// ```
/// assert_eq!(xxgk::record::sha256_hex(b"").len(), 64);
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The record format identifier written in every record.
pub const RECORD_SCHEMA: &str = "xxgk.record/1";

/// A cell value: a number, or `None` for a blank or unreadable cell.
pub type CellValue = Option<Number>;

/// A number read from a report. Serializes as a JSON integer when it has no
/// fractional part.
///
/// ```
/// use xxgk::record::Number;
/// assert_eq!(serde_json::to_string(&Number(21.0)).unwrap(), "21");
/// assert_eq!(serde_json::to_string(&Number(7730.28)).unwrap(), "7730.28");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

/// `tables.<table>.<row>.<column>` → value, in template order.
pub type Tables = IndexMap<String, IndexMap<String, IndexMap<String, CellValue>>>;

/// Where the input came from.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The path as given.
    pub path: String,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// `pdf`, `text`, `html` or `docx`.
    pub format: SourceFormat,
    /// Number of pages (PDF), `None` for other formats.
    pub pages: Option<usize>,
    /// Indices of the pages read by OCR (scanned pages), ascending; absent
    /// when no page was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ocr: Vec<usize>,
}

/// The input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// A PDF with a text layer.
    Pdf,
    /// Plain text, tables as tab-separated fields or runs of spaces.
    Text,
    /// An HTML page or fragment.
    Html,
    /// A Word document (.docx).
    Docx,
}

/// Which national format the tables follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TemplateVersion {
    /// 国办公开办函〔2019〕60号 (report years 2019–2020).
    Gb2019,
    /// 国办公开办函〔2021〕30号 (report years 2021 on).
    Gb2021,
    /// Before the national format (report years 2008–2018): no fixed
    /// tables; the statistics table is read as [`Indicator`] rows.
    Pre2019,
}

impl TemplateVersion {
    /// The key used in the spec: `gb2019` or `gb2021`.
    pub fn key(self) -> &'static str {
        match self {
            TemplateVersion::Gb2019 => "gb2019",
            TemplateVersion::Gb2021 => "gb2021",
            TemplateVersion::Pre2019 => "pre2019",
        }
    }
}

/// One of the six numbered sections.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// 1 to 6, as in the format's outline.
    pub number: u32,
    /// The spec's key for the section (`overview`, `applications`, …).
    pub key: String,
    /// The heading as printed.
    pub heading: String,
    /// Page index where the heading stands (PDF only).
    pub page_index: Option<usize>,
    /// The section's text, heading excluded.
    pub text: String,
}

/// Where one table cell came from.
#[derive(Debug, Clone, Serialize)]
pub struct CellSource {
    /// Table key.
    pub table: String,
    /// Row key.
    pub row: String,
    /// Column key.
    pub column: String,
    /// The normalised value.
    pub value: CellValue,
    /// The printed text of the cell (`""` for a blank cell).
    pub raw: String,
    /// Page index (PDF), `None` for other formats.
    pub page_index: Option<usize>,
    /// Line number in the text (1-based), for text input.
    pub line_number: Option<usize>,
    /// The cell's box on the page (PDF only).
    pub bbox: Option<BBox>,
    /// How OCR read the cell, when its page was scanned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr: Option<CellOcr>,
}

/// How OCR read one cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellOcr {
    /// The engine's lowest per-character confidence in the cell, 0–100.
    pub confidence: f32,
    /// True when the reading was not trusted (low confidence, or a mark left
    /// unread): the value is null unless the report's arithmetic chose one
    /// of the engine's readings (`chosen_from`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
    /// The text the engine read, when it was not trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// The engine's readings the value was chosen from by the report's
    /// arithmetic (empty when no choice was made).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chosen_from: Vec<f64>,
}

/// A row the report prints beyond the national format.
#[derive(Debug, Clone, Serialize)]
pub struct ExtraRow {
    /// Table key.
    pub table: String,
    /// `extra_<n>`, numbered from 1 within the record.
    pub key: String,
    /// The row label as printed.
    pub label: String,
    /// Values by column key.
    pub values: IndexMap<String, CellValue>,
}

/// Severity of a rule, from the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The report contradicts itself.
    Error,
    /// Something is missing or doubtful.
    Warning,
    /// Worth knowing.
    Info,
}

/// The outcome of one rule instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// The rule holds.
    Pass,
    /// The rule is broken.
    Fail,
    /// An operand is blank or missing, so the rule cannot be decided.
    NotAssessable,
}

/// One evaluated rule instance (a rule applied to one column or row).
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    /// Rule id from the spec, e.g. `applications.balance`.
    pub rule: String,
    /// Severity from the spec.
    pub severity: Severity,
    /// Outcome.
    pub status: CheckStatus,
    /// The instance, e.g. `applications/*/natural_person`.
    #[serde(rename = "where")]
    pub location: String,
    /// The value the rule expects (e.g. the sum of the parts).
    pub expected: Option<serde_json::Value>,
    /// The value found (e.g. the printed total).
    pub found: Option<serde_json::Value>,
    /// What the instance found, in Chinese: the place in the form, the
    /// arithmetic with the printed numbers, the difference and the pages
    /// (1-based, as printed).
    pub message: String,
    /// The same in English.
    pub message_en: String,
    /// The cells the instance read, in the order of the arithmetic (empty
    /// for rules that read no cell, such as `structure.sections`).
    pub cells: Vec<CheckCell>,
    /// The comparison spelled out, for the arithmetic rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arithmetic: Option<Arithmetic>,
}

/// What a report holds for one cell of the format.
///
/// ```
/// use xxgk::record::CellState;
/// assert_eq!(serde_json::to_string(&CellState::Unread).unwrap(), "\"unread\"");
/// assert_eq!(CellState::Blank.zh(), "空白");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    /// A value was read.
    Value,
    /// The report printed the cell and left it empty.
    Blank,
    /// The report printed something xxgk could not read as a value: text
    /// that is not a number, several numbers in one cell, an untrusted OCR
    /// reading, or no cell found under the column of a row that was read.
    Unread,
    /// The row (or the whole table) was not found in the report.
    Missing,
}

impl CellState {
    /// The state as written in the outputs: `value`, `blank`, `unread`,
    /// `missing`.
    pub fn key(self) -> &'static str {
        match self {
            CellState::Value => "value",
            CellState::Blank => "blank",
            CellState::Unread => "unread",
            CellState::Missing => "missing",
        }
    }

    /// A short Chinese word for people.
    pub fn zh(self) -> &'static str {
        match self {
            CellState::Value => "有值",
            CellState::Blank => "空白",
            CellState::Unread => "未读出",
            CellState::Missing => "未找到",
        }
    }

    /// The state of a cell given what the record says of it: whether it has
    /// a value, its printed text, whether its place in the document is known
    /// (page or line), and whether OCR left it untrusted.
    ///
    /// ```
    /// use xxgk::record::CellState;
    /// assert_eq!(CellState::of(true, "12", true, false), CellState::Value);
    /// assert_eq!(CellState::of(false, "", true, false), CellState::Blank);
    /// assert_eq!(CellState::of(false, "", false, false), CellState::Unread); // no cell under the column
    /// assert_eq!(CellState::of(false, "x?", true, false), CellState::Unread);
    /// ```
    pub fn of(has_value: bool, raw: &str, located: bool, ocr_uncertain: bool) -> CellState {
        if has_value {
            CellState::Value
        } else if ocr_uncertain || !raw.trim().is_empty() || !located {
            CellState::Unread
        } else {
            CellState::Blank
        }
    }
}

/// Which side of a rule's comparison a cell is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The side giving `expected` (e.g. the parts that are summed).
    Expected,
    /// The side giving `found` (e.g. the printed total).
    Found,
}

/// One cell a check instance read.
#[derive(Debug, Clone, Serialize)]
pub struct CheckCell {
    /// `table.row.column`, as in `tables`.
    pub key: String,
    /// The side of the comparison it is on.
    pub side: Side,
    /// Whether it has a value, was left blank, could not be read, or is
    /// missing.
    pub state: CellState,
    /// The printed text (`None` when no cell was read).
    pub raw: Option<String>,
    /// The value the check used.
    pub value: CellValue,
    /// Page number for people, 1-based as printed (`page_index + 1`), PDF only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// Page index, 0-based, PDF only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_index: Option<usize>,
    /// Line number in the text (1-based), text input only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_number: Option<usize>,
    /// True for a cell of the earlier report (`series.*` rules).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub previous: bool,
    /// How OCR read the cell, when its page was scanned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr: Option<CellOcr>,
}

/// The comparison of an arithmetic rule instance, spelled out.
#[derive(Debug, Clone, Serialize)]
pub struct Arithmetic {
    /// In Chinese, with the printed numbers: `本年新收 483 + 上年结转 14 =
    /// 497，办理结果总计 467 + 结转下年度 33 = 500，相差 3`.
    pub zh: String,
    /// The same in English.
    pub en: String,
    /// `found − expected`, when both are known.
    pub difference: Option<Number>,
    /// The side that is one printed total (`found` for a total compared
    /// with the sum of its parts); `None` when both sides are sums.
    pub printed_total: Option<Side>,
}

/// One report, extracted and checked.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// Always [`RECORD_SCHEMA`].
    pub schema: &'static str,
    /// The input file.
    pub source: Source,
    /// Set by `xxgk batch` when another file of the batch (the first in
    /// path order) is a copy of this report: same agency key, year and
    /// cells. Always `None` from `xxgk extract`.
    pub duplicate_of: Option<String>,
    /// The title as printed.
    pub title: Option<String>,
    /// The agency as printed in the title, whitespace removed.
    pub agency: Option<String>,
    /// The canonical key of the agency ([`crate::identity::agency_key`]):
    /// reports of one agency have equal keys however the name is printed.
    /// `None` when there is no agency or the text read as one cannot be an
    /// agency's name ([`crate::identity::identify`]).
    pub agency_key: Option<String>,
    /// The administrative division the agency name determines, when it
    /// determines exactly one ([`crate::identity::region_of`]).
    pub region: Option<crate::identity::Region>,
    /// The report year (not the publication date).
    pub year: Option<i32>,
    /// The national format the tables follow.
    pub template: TemplateVersion,
    /// A known deviation from the format, e.g. `other_handling` for a gb2021
    /// report with a single （六）其他处理 row.
    pub hybrid: Option<String>,
    /// The numbered sections found, in order.
    pub sections: Vec<Section>,
    /// Every cell of every table found.
    pub tables: Tables,
    /// Rows beyond the format.
    pub extra_rows: Vec<ExtraRow>,
    /// Where each cell came from.
    pub cells: Vec<CellSource>,
    /// Every rule instance evaluated.
    pub checks: Vec<CheckResult>,
    /// Non-fatal problems met while reading.
    pub warnings: Vec<String>,
    /// `pre2019` only: each 政府信息公开情况统计表 found (absent for the
    /// national formats).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistics_tables: Option<Vec<StatisticsTable>>,
    /// `pre2019` only: the rows of the statistics tables, in printed order
    /// (absent for the national formats).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicators: Option<Vec<Indicator>>,
    /// `pre2019` only: figures the prose states for an indicator, never
    /// merged into the table (absent for the national formats).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated_figures: Option<Vec<StatedFigure>>,
}

/// A 政府信息公开情况统计表 of a `pre2019` report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatisticsTable {
    /// The table's caption as printed, when one stands above it.
    pub caption: Option<String>,
    /// The header row as printed (`指标名称 计量单位 2014年度 历年累计`),
    /// `None` when the table has none.
    pub header: Option<String>,
    /// What each value column holds, left to right: `value` (本年度),
    /// `cumulative` (历年累计) or `other` (a column not read).
    pub columns: Vec<String>,
    /// Page index of the header (PDF), `None` otherwise.
    pub page_index: Option<usize>,
    /// Line number (1-based) of the header, for text input.
    pub line_number: Option<usize>,
}

/// One row of a `pre2019` statistics table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// Which statistics table (index into `statistics_tables`).
    pub table_index: usize,
    /// The stable key of a known indicator (`proactive_total`,
    /// `applications_by_channel.online`, …; the `pre2019` block of
    /// `schema/template.json`), `None` for a row the spec does not know.
    pub key: Option<String>,
    /// The row label as printed, its numbering and 其中 taken off.
    pub label: String,
    /// The unit as printed (`条`, `件`, `元`, …), when the row has one.
    pub unit: Option<String>,
    /// This year's figure (本年度) as printed; `None` when blank or when
    /// the printed text leaves more than one reading (with a warning).
    pub value: CellValue,
    /// The cumulative figure (历年累计), `None` when blank, not certain,
    /// or when the table has no such column.
    pub cumulative: CellValue,
    /// Index (into `indicators`) of the row this one is an item of: the
    /// total above a 其中 list or above numbered items.
    pub parent: Option<usize>,
    /// The heading the row stands under inside the table
    /// (`二、回应解读情况`), if any.
    pub group: Option<String>,
    /// Page index (PDF), `None` for other formats.
    pub page_index: Option<usize>,
    /// Line number (1-based), for text and HTML input.
    pub line_number: Option<usize>,
    /// The printed text of the row: label, unit and figures as they stand.
    pub raw: String,
}

/// A figure the prose of a `pre2019` report states for an indicator
/// ("2016年全区主动公开政府信息3460条").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatedFigure {
    /// The indicator's key.
    pub key: String,
    /// `value` (this year) or `cumulative` (a 累计 statement).
    pub column: String,
    /// The figure.
    pub value: Number,
    /// The unit printed after it.
    pub unit: String,
    /// The words that state it.
    pub text: String,
    /// The whole sentence.
    pub sentence: String,
    /// The key of the section it stands in (`preamble` before the first).
    pub section: Option<String>,
    /// Page index (PDF), `None` for other formats.
    pub page_index: Option<usize>,
    /// Line number (1-based), for text and HTML input.
    pub line_number: Option<usize>,
    /// Where the figure's words start in that line, in characters from 0.
    pub char_offset: usize,
    /// True when the table printed this indicator's figures run together
    /// and this figure chose among the ways to cut them (so the two are not
    /// compared).
    pub chose_reading: bool,
}
