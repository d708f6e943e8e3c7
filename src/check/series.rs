//! Cross-report rules (`series.*` in the spec): two reports of one agency in
//! consecutive years.
//!
//! - `series.carry_chain`: for each column of the applications table,
//!   `this.carried_over == previous_year.carried_forward`;
//! - `series.in_force_chain` (gb2021 pairs only): for each row of `art20_1`,
//!   `this.in_force == previous_year.in_force + this.issued - this.repealed`;
//! - `series.cumulative_chain` (pre2019 pairs only): for each indicator key
//!   both statistics tables print, `this.cumulative ==
//!   previous_year.cumulative + this.value` (历年累计 grows by 本年度).
//!
//! A pre2019 report is never paired with a report of a national format: no
//! rule links the two.
//!
//! The rules read only a [`ReportSummary`] (a few cells and the metadata), so
//! a batch keeps one small summary per report instead of whole records.
//! [`series_checks`] is a pure function over summaries.
//!
//! Reports are paired only when their [`agency_key`](crate::identity::agency_key)s
//! are equal and their years consecutive. A copy of another report
//! (`duplicate_of` set) is left out. A year with two or more different
//! versions (cells differ: a corrected re-publication, or two agencies whose
//! titles read alike) is not paired at all: which version is the agency's,
//! or whether they are of one agency, cannot be told, and a check must never
//! compare two agencies. Each check names both files, both agencies as
//! printed and the key that paired them.

use std::collections::BTreeMap;

use crate::check::explain::{column_label_zh, fmt_num, place_text, row_label_zh};
use crate::check::severity;
use crate::record::{
    Arithmetic, CellState, CheckCell, CheckResult, CheckStatus, Number, Record, Side,
    TemplateVersion,
};
use crate::template::spec::Spec;

pub use crate::identity::agency_key;

/// The rule id of a finding that one agency published two different
/// versions of one year's report (cells differ).
pub const CONFLICTING_VERSIONS: &str = "series.conflicting_versions";

/// The cells and metadata of one report that the series rules read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSummary {
    /// The report's `source.path`.
    pub path: String,
    /// The agency as printed.
    pub agency: Option<String>,
    /// The canonical agency key (the record's, or computed from `agency` for
    /// a record of an older version); `None` when the agency is missing or
    /// is no agency's name.
    pub agency_key: Option<String>,
    /// The first copy of this report in the batch, when this is a copy.
    pub duplicate_of: Option<String>,
    /// The report year.
    pub year: Option<i32>,
    /// The national format.
    pub template: TemplateVersion,
    /// `table.row.column` → value, only for the cells the rules read
    /// (applications rows `carried_over` and `carried_forward`, all of
    /// `art20_1`); for a pre2019 report, `indicators.<key>.value` and
    /// `indicators.<key>.cumulative` of each keyed indicator.
    pub cells: BTreeMap<String, Option<f64>>,
    /// The printed text, place and state of those cells, when the record
    /// kept its provenance (for the checks to explain themselves).
    pub printed: BTreeMap<String, PrintedCell>,
}

/// What a report printed for one cell the series rules read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedCell {
    /// The printed text.
    pub raw: String,
    /// Page index (PDF).
    pub page_index: Option<usize>,
    /// Line number (text input).
    pub line_number: Option<usize>,
    /// Value, blank, unread.
    pub state: CellState,
}

/// One evaluated series rule instance, naming both reports.
#[derive(Debug, Clone)]
pub struct SeriesCheck {
    /// The later report's path (the check belongs to it).
    pub path: String,
    /// The earlier report's path (for `series.conflicting_versions`, the
    /// first version's).
    pub previous_path: String,
    /// The later report's agency as printed.
    pub agency: String,
    /// The earlier report's agency as printed.
    pub previous_agency: String,
    /// The agency key that paired the two reports.
    pub agency_key: String,
    /// The outcome, with rule id, severity, where, expected and found.
    pub result: CheckResult,
}

/// Whether the series rules read this cell.
fn wanted(table: &str, row: &str) -> bool {
    (table == "applications" && (row == "carried_over" || row == "carried_forward"))
        || table == "art20_1"
}

impl ReportSummary {
    /// The summary of a record.
    pub fn from_record(record: &Record) -> ReportSummary {
        let mut cells = BTreeMap::new();
        for (t, rows) in &record.tables {
            for (r, cols) in rows {
                if !wanted(t, r) {
                    continue;
                }
                for (c, v) in cols {
                    cells.insert(format!("{t}.{r}.{c}"), v.map(|n| n.0));
                }
            }
        }
        for i in record.indicators.iter().flatten() {
            if let Some(k) = &i.key {
                cells.insert(format!("indicators.{k}.value"), i.value.map(|n| n.0));
                cells.insert(
                    format!("indicators.{k}.cumulative"),
                    i.cumulative.map(|n| n.0),
                );
            }
        }
        let idx = crate::check::explain::CellIndex::new(record);
        let mut printed = BTreeMap::new();
        for c in record.cells.iter().filter(|c| wanted(&c.table, &c.row)) {
            let key = format!("{}.{}.{}", c.table, c.row, c.column);
            if !cells.contains_key(&key) || printed.contains_key(&key) {
                continue;
            }
            let state =
                crate::check::explain::cell_state(record, &idx, &c.table, &c.row, &c.column);
            printed.insert(
                key,
                PrintedCell {
                    raw: c.raw.clone(),
                    page_index: c.page_index,
                    line_number: c.line_number,
                    state,
                },
            );
        }
        ReportSummary {
            printed,
            path: record.source.path.clone(),
            agency: record.agency.clone(),
            agency_key: record.agency_key.clone(),
            duplicate_of: record.duplicate_of.clone(),
            year: record.year,
            template: record.template,
            cells,
        }
    }

    /// The summary of a record given as parsed JSON (as written to
    /// `records.ndjson`). `None` if the JSON is not a record.
    pub fn from_json(record: &serde_json::Value) -> Option<ReportSummary> {
        let template = match record.get("template")?.as_str()? {
            "gb2019" => TemplateVersion::Gb2019,
            "gb2021" => TemplateVersion::Gb2021,
            "pre2019" => TemplateVersion::Pre2019,
            _ => return None,
        };
        let mut cells = BTreeMap::new();
        if let Some(tables) = record.get("tables").and_then(|t| t.as_object()) {
            for (t, rows) in tables {
                for (r, cols) in rows.as_object().into_iter().flatten() {
                    if !wanted(t, r) {
                        continue;
                    }
                    for (c, v) in cols.as_object().into_iter().flatten() {
                        cells.insert(format!("{t}.{r}.{c}"), v.as_f64());
                    }
                }
            }
        }
        for i in record
            .get("indicators")
            .and_then(|t| t.as_array())
            .into_iter()
            .flatten()
        {
            if let Some(k) = i.get("key").and_then(|k| k.as_str()) {
                for c in ["value", "cumulative"] {
                    cells.insert(
                        format!("indicators.{k}.{c}"),
                        i.get(c).and_then(|v| v.as_f64()),
                    );
                }
            }
        }
        let mut printed = BTreeMap::new();
        for c in record
            .get("cells")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
        {
            let part = |k: &str| c.get(k).and_then(|v| v.as_str()).unwrap_or_default();
            let (t, r, col) = (part("table"), part("row"), part("column"));
            let key = format!("{t}.{r}.{col}");
            if !wanted(t, r) || printed.contains_key(&key) {
                continue;
            }
            let Some(value) = cells.get(&key) else {
                continue;
            };
            let raw = part("raw").to_string();
            let index = |k: &str| {
                c.get(k)
                    .and_then(|v| v.as_u64())
                    .and_then(|v| usize::try_from(v).ok())
            };
            let (page_index, line_number) = (index("page_index"), index("line_number"));
            let uncertain = c
                .pointer("/ocr/uncertain")
                .and_then(|u| u.as_bool())
                .unwrap_or(false);
            let state = CellState::of(
                value.is_some(),
                &raw,
                page_index.is_some() || line_number.is_some(),
                uncertain,
            );
            printed.insert(
                key,
                PrintedCell {
                    raw,
                    page_index,
                    line_number,
                    state,
                },
            );
        }
        let agency = record
            .get("agency")
            .and_then(|a| a.as_str())
            .map(String::from);
        Some(ReportSummary {
            printed,
            path: record.get("source")?.get("path")?.as_str()?.to_string(),
            // a record of an older version has no agency_key: compute it
            agency_key: match record.get("agency_key") {
                Some(k) => k.as_str().map(String::from),
                None => agency
                    .as_deref()
                    .and_then(crate::identity::identify)
                    .map(|a| a.key),
            },
            duplicate_of: record
                .get("duplicate_of")
                .and_then(|a| a.as_str())
                .map(String::from),
            agency,
            year: record
                .get("year")
                .and_then(|y| y.as_i64())
                .and_then(|y| i32::try_from(y).ok()),
            template,
            cells,
        })
    }

    /// One cell as a check operand: value, printed text, place, state.
    fn operand(
        &self,
        table: &str,
        row: &str,
        column: &str,
        side: Side,
        previous: bool,
    ) -> CheckCell {
        let key = format!("{table}.{row}.{column}");
        let value = self.cells.get(&key).copied().flatten();
        let printed = self.printed.get(&key);
        let state = match (printed, self.cells.get(&key)) {
            (Some(p), _) => p.state,
            (None, Some(Some(_))) => CellState::Value,
            (None, Some(None)) => CellState::Unread,
            (None, None) => CellState::Missing,
        };
        CheckCell {
            key,
            side,
            state,
            raw: printed.map(|p| p.raw.clone()),
            value: value.map(Number),
            page: printed.and_then(|p| p.page_index).map(|p| p + 1),
            page_index: printed.and_then(|p| p.page_index),
            line_number: printed.and_then(|p| p.line_number),
            previous,
            ocr: None,
        }
    }
}

fn num(v: f64) -> serde_json::Value {
    serde_json::to_value(Number(v)).unwrap_or(serde_json::Value::Null)
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Evaluates the series rules over every pair of reports of one agency
/// (equal agency keys) in consecutive years, copies (`duplicate_of` set)
/// left out and years with several versions not paired ([`paired_years`]).
/// Results come sorted by agency key and year, so the output does not
/// depend on the order of `reports`.
///
/// ```
/// use std::collections::BTreeMap;
/// use xxgk::check::series::{series_checks, ReportSummary};
/// use xxgk::record::{CheckStatus, TemplateVersion};
/// let report = |path: &str, agency: &str, year, over: f64, forward: f64| ReportSummary {
///     path: path.into(),
///     agency: Some(agency.into()),
///     agency_key: Some(xxgk::identity::agency_key(agency)),
///     duplicate_of: None,
///     year: Some(year),
///     template: TemplateVersion::Gb2021,
///     cells: BTreeMap::from([
///         ("applications.carried_over.total".to_string(), Some(over)),
///         ("applications.carried_forward.total".to_string(), Some(forward)),
///     ]),
///     printed: BTreeMap::new(),
/// };
/// let checks = series_checks(&[
///     report("a2023.pdf", "淮安市洪泽区人民政府", 2023, 1.0, 2.0),
///     report("b2024.pdf", "洪泽区人民政府", 2024, 2.0, 0.0),
/// ]);
/// let total = checks.iter().find(|c| c.result.location.ends_with("/total")).unwrap();
/// assert_eq!(total.result.status, CheckStatus::Pass);
/// assert_eq!((total.path.as_str(), total.previous_path.as_str()), ("b2024.pdf", "a2023.pdf"));
/// assert_eq!(total.agency_key, "320813:人民政府");
/// ```
pub fn series_checks(reports: &[ReportSummary]) -> Vec<SeriesCheck> {
    let mut out = Vec::new();
    for (key, years) in &groups(reports) {
        for (prev, this) in paired_years(years) {
            out.extend(pair_checks(key, prev, this));
        }
    }
    out
}

/// The pairs of one agency's reports that are checked: a report and the
/// report of the year before, when each is the only version of its year
/// and both are of a national format or both pre2019.
pub fn paired_years<'a>(
    years: &BTreeMap<i32, Vec<&'a ReportSummary>>,
) -> Vec<(&'a ReportSummary, &'a ReportSummary)> {
    let pre = |s: &ReportSummary| s.template == TemplateVersion::Pre2019;
    years
        .iter()
        .filter_map(
            |(year, list)| match (years.get(&(year - 1)), list.as_slice()) {
                (Some(prev), [this]) => match prev.as_slice() {
                    [prev] if pre(prev) == pre(this) => Some((*prev, *this)),
                    _ => None,
                },
                _ => None,
            },
        )
        .collect()
}

/// The reports that count, by agency key and year, each list sorted by
/// path: reports with an agency key and a year, copies left out.
pub fn groups(reports: &[ReportSummary]) -> BTreeMap<&str, BTreeMap<i32, Vec<&ReportSummary>>> {
    let mut groups: BTreeMap<&str, BTreeMap<i32, Vec<&ReportSummary>>> = BTreeMap::new();
    for r in reports {
        let (Some(key), Some(year), None) = (r.agency_key.as_deref(), r.year, &r.duplicate_of)
        else {
            continue;
        };
        if key.is_empty() {
            continue;
        }
        groups
            .entry(key)
            .or_default()
            .entry(year)
            .or_default()
            .push(r);
    }
    for years in groups.values_mut() {
        for list in years.values_mut() {
            list.sort_by(|a, b| a.path.cmp(&b.path));
        }
    }
    groups
}

/// One side of a conflict: the report's path, its agency as printed and
/// how many of its own error-level checks fail.
pub type VersionSide<'a> = (&'a str, &'a str, usize);

/// `第三部分 （一）予以公开 行 自然人 列` for a `table.row.column` key.
fn cell_place_zh(version: TemplateVersion, key: &str) -> String {
    let mut parts = key.splitn(3, '.');
    let (Some(t), Some(r), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
        return key.to_string();
    };
    format!(
        "{} {} 行 {} 列",
        crate::check::explain::table_place_zh(t),
        row_label_zh(version, t, r),
        column_label_zh(version, t, c)
    )
}

/// The `series.conflicting_versions` findings of a report that has the
/// agency key and year of an earlier report (`first`, in path order) but
/// different cells: one per differing cell, `expected` the first version's
/// value and `found` this one's (`null` for a blank or missing cell).
/// `differences` are `(table.row.column, first's value, this value)`. When
/// either report fails its own error-level checks, the message says so: the
/// difference may then be a reading error rather than a second version.
pub fn conflict_checks(
    key: &str,
    first: VersionSide<'_>,
    this: VersionSide<'_>,
    differences: &[(String, Option<f64>, Option<f64>)],
) -> Vec<SeriesCheck> {
    let mut doubt = String::new();
    let mut doubt_zh = String::new();
    for (path, _, errors) in [first, this] {
        if errors > 0 {
            doubt.push_str(&format!(
                "; {path} fails {errors} of its own error-level checks (a reading error?)"
            ));
            doubt_zh.push_str(&format!(
                "；{path} 自身有 {errors} 处错误级检查不通过（也可能是读取错误）"
            ));
        }
    }
    let check = |location: String, expected, found, cells, message: String, message_en: String| {
        SeriesCheck {
            path: this.0.to_string(),
            previous_path: first.0.to_string(),
            agency: this.1.to_string(),
            previous_agency: first.1.to_string(),
            agency_key: key.to_string(),
            result: CheckResult {
                rule: CONFLICTING_VERSIONS.to_string(),
                severity: crate::record::Severity::Warning,
                status: CheckStatus::Fail,
                location,
                expected,
                found,
                message,
                message_en,
                cells,
                arithmetic: None,
            },
        }
    };
    let show = |v: Option<f64>| v.map_or("blank".to_string(), fmt_num);
    let show_zh = |v: Option<f64>| v.map_or("空白".to_string(), fmt_num);
    if differences.is_empty() {
        return vec![check(
            "*".into(),
            None,
            None,
            Vec::new(),
            format!(
                "{}（{}）与 {}（{}）是同一机关（机关键 {key}）同一年度的报告，但没有共同填写的单元格{doubt_zh}",
                first.0, first.1, this.0, this.1
            ),
            format!(
                "{} ({}) and {} ({}) report the same year of agency key {key} but have no filled cell in common{doubt}",
                first.0, first.1, this.0, this.1
            ),
        )];
    }
    differences
        .iter()
        .map(|(cell, a, b)| {
            let mut cells = Vec::new();
            let value_cell = |v: f64, side, previous| CheckCell {
                key: cell.clone(),
                side,
                state: CellState::Value,
                raw: None,
                value: Some(Number(v)),
                page: None,
                page_index: None,
                line_number: None,
                previous,
                ocr: None,
            };
            if let Some(v) = a {
                cells.push(value_cell(*v, Side::Expected, true));
            }
            if let Some(v) = b {
                cells.push(value_cell(*v, Side::Found, false));
            }
            let version = if cell.starts_with("art20_1.") && cell.contains(".new_made") {
                TemplateVersion::Gb2019
            } else {
                TemplateVersion::Gb2021
            };
            check(
                cell.replace('.', "/"),
                a.map(num),
                b.map(num),
                cells,
                format!(
                    "{}：{}（{}）印为 {}，同一年度的 {}（{}）印为 {}；同一报告的两个版本（机关键 {key}）{doubt_zh}",
                    cell_place_zh(version, cell),
                    this.0,
                    this.1,
                    show_zh(*b),
                    first.0,
                    first.1,
                    show_zh(*a)
                ),
                format!(
                    "{cell}: {} ({}) prints {} where {} ({}) of the same year printed {}; two versions of one report (agency key {key}){doubt}",
                    this.0,
                    this.1,
                    show(*b),
                    first.0,
                    first.1,
                    show(*a)
                ),
            )
        })
        .collect()
}

/// The series rule instances for one pair (`prev` one year before `this`).
/// `key` is the agency key that paired them, named in every check.
pub fn pair_checks(key: &str, prev: &ReportSummary, this: &ReportSummary) -> Vec<SeriesCheck> {
    let spec = Spec::builtin();
    let vspec = spec.version(this.template);
    let mut out = Vec::new();
    let this_agency = this.agency.clone().unwrap_or_default();
    let prev_agency = prev.agency.clone().unwrap_or_default();
    let (this_year, prev_year) = (this.year.unwrap_or(0), prev.year.unwrap_or(0));
    let this_name = format!("{} ({this_agency} {this_year})", this.path);
    let prev_name = format!("{} ({prev_agency} {prev_year})", prev.path);
    let this_zh = format!("{}（{this_agency} {this_year} 年）", this.path);
    let prev_zh = format!("{}（{prev_agency} {prev_year} 年）", prev.path);
    let paired = format!("paired by agency key {key}");
    let paired_zh = format!("（按机关键 {key} 配对）");
    let mut push = |rule_id: &str, r: CheckResult| {
        let sev = vspec
            .rule(rule_id)
            .map(severity)
            .unwrap_or(crate::record::Severity::Warning);
        out.push(SeriesCheck {
            path: this.path.clone(),
            previous_path: prev.path.clone(),
            agency: this_agency.clone(),
            previous_agency: prev_agency.clone(),
            agency_key: key.to_string(),
            result: CheckResult {
                rule: rule_id.to_string(),
                severity: sev,
                ..r
            },
        });
    };
    let outcome = |e: f64, f: f64| {
        if same(e, f) {
            (
                CheckStatus::Pass,
                "相符".to_string(),
                "they agree".to_string(),
            )
        } else {
            let d = fmt_num((f - e).abs());
            (
                CheckStatus::Fail,
                format!("相差 {d}"),
                format!("off by {d}"),
            )
        }
    };
    if let Some(table) = vspec.table("applications") {
        for col in &table.columns {
            let c = col.key.as_str();
            let location = format!("applications/carried_over/{c}");
            let cells = vec![
                prev.operand("applications", "carried_forward", c, Side::Expected, true),
                this.operand("applications", "carried_over", c, Side::Found, false),
            ];
            let (pz, pe) = place_text(&cells[1..]);
            let col_zh = column_label_zh(this.template, "applications", c);
            let (status, expected, found, message, message_en, arithmetic) =
                match (cells[0].value, cells[1].value) {
                    (Some(Number(e)), Some(Number(f))) => {
                        let (status, tail_zh, tail_en) = outcome(e, f);
                        let zh = format!(
                            "上年结转 {}，上一年的结转下年度 {}，{tail_zh}",
                            fmt_num(f),
                            fmt_num(e)
                        );
                        let en = format!(
                            "carried over {} against {} carried forward the year before: {tail_en}",
                            fmt_num(f),
                            fmt_num(e)
                        );
                        (
                            status,
                            Some(num(e)),
                            Some(num(f)),
                            format!(
                                "第三部分 {col_zh} 列：{this_zh}上年结转 {}，{prev_zh}结转下年度 {}，{tail_zh}{paired_zh}{pz}",
                                fmt_num(f),
                                fmt_num(e)
                            ),
                            if status == CheckStatus::Pass {
                                format!("{c}: {this_name} carries over {} = carried forward by {prev_name}; {paired}{pe}", fmt_num(f))
                            } else {
                                format!(
                                    "{c}: {this_name} carries over {} but {prev_name} carried forward {}; {paired}{pe}",
                                    fmt_num(f),
                                    fmt_num(e)
                                )
                            },
                            Some(Arithmetic {
                                zh,
                                en,
                                difference: Some(Number(f - e)),
                                printed_total: None,
                            }),
                        )
                    }
                    (e, f) => (
                        CheckStatus::NotAssessable,
                        e.map(|n| num(n.0)),
                        f.map(|n| num(n.0)),
                        format!("第三部分 {col_zh} 列：{this_zh}的上年结转或{prev_zh}的结转下年度空白或缺失，无法判断{paired_zh}"),
                        format!("{c}: carried over in {this_name} or carried forward in {prev_name} is blank or missing; {paired}"),
                        None,
                    ),
                };
            push(
                "series.carry_chain",
                CheckResult {
                    rule: String::new(),
                    severity: crate::record::Severity::Warning,
                    status,
                    location,
                    expected,
                    found,
                    message,
                    message_en,
                    cells,
                    arithmetic,
                },
            );
        }
    }
    if this.template == TemplateVersion::Pre2019 && prev.template == TemplateVersion::Pre2019 {
        // Every key whose cumulative figure the later report prints.
        let keys: Vec<&str> = this
            .cells
            .keys()
            .filter_map(|k| k.strip_prefix("indicators.")?.strip_suffix(".cumulative"))
            .collect();
        for k in keys {
            if !prev
                .cells
                .contains_key(&format!("indicators.{k}.cumulative"))
            {
                continue; // the earlier table has no such row
            }
            let location = format!("indicators/{k}/cumulative");
            let cells = vec![
                prev.operand("indicators", k, "cumulative", Side::Expected, true),
                this.operand("indicators", k, "value", Side::Expected, false),
                this.operand("indicators", k, "cumulative", Side::Found, false),
            ];
            let vals: Vec<Option<f64>> = cells.iter().map(|c| c.value.map(|n| n.0)).collect();
            let result = match vals[..] {
                [Some(p), Some(v), Some(f)] => {
                    let e = p + v;
                    let (status, tail_zh, tail_en) = outcome(e, f);
                    let zh = format!(
                        "上年历年累计 {} + 本年度 {} = {}，本年历年累计 印为 {}，{tail_zh}",
                        fmt_num(p),
                        fmt_num(v),
                        fmt_num(e),
                        fmt_num(f)
                    );
                    let en = format!(
                        "cumulative {} the year before + {} this year = {}, printed cumulative {}: {tail_en}",
                        fmt_num(p),
                        fmt_num(v),
                        fmt_num(e),
                        fmt_num(f)
                    );
                    CheckResult {
                        rule: String::new(),
                        severity: crate::record::Severity::Warning,
                        status,
                        location,
                        expected: Some(num(e)),
                        found: Some(num(f)),
                        message: format!("统计表 {k}：{this_zh}{zh}{paired_zh}"),
                        message_en: format!(
                            "{k}: {this_name} prints 历年累计 {}, expected {} in {prev_name} + {} this year = {}; {paired}",
                            fmt_num(f),
                            fmt_num(p),
                            fmt_num(v),
                            fmt_num(e)
                        ),
                        cells,
                        arithmetic: Some(Arithmetic {
                            zh,
                            en,
                            difference: Some(Number(f - e)),
                            printed_total: None,
                        }),
                    }
                }
                _ => CheckResult {
                    rule: String::new(),
                    severity: crate::record::Severity::Warning,
                    status: CheckStatus::NotAssessable,
                    location,
                    expected: None,
                    found: vals[2].map(num),
                    message: format!(
                        "统计表 {k}：{this_zh}的历年累计或本年度、或{prev_zh}的历年累计空白或不确定，无法判断{paired_zh}"
                    ),
                    message_en: format!(
                        "{k}: 历年累计 or 本年度 in {this_name}, or 历年累计 in {prev_name}, is blank or not certain; {paired}"
                    ),
                    cells,
                    arithmetic: None,
                },
            };
            push("series.cumulative_chain", result);
        }
    }
    if this.template == TemplateVersion::Gb2021 && prev.template == TemplateVersion::Gb2021 {
        if let Some(table) = vspec.table("art20_1") {
            for row in &table.rows {
                let r = row.key.as_str();
                let location = format!("art20_1/{r}/in_force");
                let cells = vec![
                    prev.operand("art20_1", r, "in_force", Side::Expected, true),
                    this.operand("art20_1", r, "issued", Side::Expected, false),
                    this.operand("art20_1", r, "repealed", Side::Expected, false),
                    this.operand("art20_1", r, "in_force", Side::Found, false),
                ];
                let (pz, pe) = place_text(&cells[1..]);
                let row_zh = row_label_zh(this.template, "art20_1", r);
                let vals: Vec<Option<f64>> = cells.iter().map(|c| c.value.map(|n| n.0)).collect();
                let result = match vals[..] {
                    [Some(p), Some(i), Some(x), Some(f)] => {
                        let e = p + i - x;
                        let (status, tail_zh, tail_en) = outcome(e, f);
                        let zh = format!(
                            "上年现行有效 {} + 本年制发 {} − 本年废止 {} = {}，本年现行有效 印为 {}，{tail_zh}",
                            fmt_num(p),
                            fmt_num(i),
                            fmt_num(x),
                            fmt_num(e),
                            fmt_num(f)
                        );
                        let en = format!(
                            "in force the year before {} + issued {} − repealed {} = {}; printed in force {}: {tail_en}",
                            fmt_num(p),
                            fmt_num(i),
                            fmt_num(x),
                            fmt_num(e),
                            fmt_num(f)
                        );
                        CheckResult {
                            rule: String::new(),
                            severity: crate::record::Severity::Info,
                            status,
                            location,
                            expected: Some(num(e)),
                            found: Some(num(f)),
                            message: format!(
                                "第二部分 第二十条第（一）项 {row_zh} 行：{this_zh}对照{prev_zh}，{zh}{paired_zh}{pz}"
                            ),
                            message_en: format!(
                                "{r}: {this_name} has {} in force, expected {} in force in {prev_name} + {} issued - {} repealed = {}; {paired}{pe}",
                                fmt_num(f),
                                fmt_num(p),
                                fmt_num(i),
                                fmt_num(x),
                                fmt_num(e)
                            ),
                            cells,
                            arithmetic: Some(Arithmetic {
                                zh,
                                en,
                                difference: Some(Number(f - e)),
                                printed_total: Some(Side::Found),
                            }),
                        }
                    }
                    _ => CheckResult {
                        rule: String::new(),
                        severity: crate::record::Severity::Info,
                        status: CheckStatus::NotAssessable,
                        location,
                        expected: None,
                        found: vals[3].map(num),
                        message: format!(
                            "第二部分 第二十条第（一）项 {row_zh} 行：{this_zh}或{prev_zh}有单元格空白或缺失，无法判断{paired_zh}"
                        ),
                        message_en: format!(
                            "{r}: an operand in {this_name} or {prev_name} is blank or missing; {paired}"
                        ),
                        cells,
                        arithmetic: None,
                    },
                };
                push("series.in_force_chain", result);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(path: &str, agency: &str, year: i32, t: TemplateVersion) -> ReportSummary {
        ReportSummary {
            path: path.into(),
            agency: Some(agency.into()),
            agency_key: Some(agency_key(agency)),
            duplicate_of: None,
            year: Some(year),
            template: t,
            cells: BTreeMap::new(),
            printed: BTreeMap::new(),
        }
    }

    fn set(s: &mut ReportSummary, key: &str, v: f64) {
        s.cells.insert(key.to_string(), Some(v));
    }

    fn status_of<'a>(checks: &'a [SeriesCheck], rule: &str, loc: &str) -> &'a SeriesCheck {
        checks
            .iter()
            .find(|c| c.result.rule == rule && c.result.location == loc)
            .unwrap_or_else(|| panic!("no {rule} at {loc}"))
    }

    #[test]
    fn carry_chain_pass_and_fail() {
        let mut a = summary(
            "a/2021.pdf",
            "示例市生态环境局",
            2021,
            TemplateVersion::Gb2021,
        );
        let mut b = summary(
            "b/2022.pdf",
            "示例市 生态环境局",
            2022,
            TemplateVersion::Gb2021,
        );
        set(&mut a, "applications.carried_forward.natural_person", 3.0);
        set(&mut b, "applications.carried_over.natural_person", 3.0);
        set(&mut a, "applications.carried_forward.total", 5.0);
        set(&mut b, "applications.carried_over.total", 4.0);
        let checks = series_checks(&[b.clone(), a.clone()]);
        let np = status_of(
            &checks,
            "series.carry_chain",
            "applications/carried_over/natural_person",
        );
        assert_eq!(np.result.status, CheckStatus::Pass);
        assert_eq!(np.path, "b/2022.pdf");
        assert_eq!(np.previous_path, "a/2021.pdf");
        let total = status_of(
            &checks,
            "series.carry_chain",
            "applications/carried_over/total",
        );
        assert_eq!(total.result.status, CheckStatus::Fail);
        assert_eq!(total.result.expected, Some(serde_json::json!(5)));
        assert_eq!(total.result.found, Some(serde_json::json!(4)));
        assert_eq!(total.result.severity, crate::record::Severity::Warning);
        // a column with no values is not assessable, never a pass
        let other = status_of(
            &checks,
            "series.carry_chain",
            "applications/carried_over/other_org",
        );
        assert_eq!(other.result.status, CheckStatus::NotAssessable);
        // input order does not matter
        let again = series_checks(&[a, b]);
        assert_eq!(
            format!(
                "{:?}",
                again.iter().map(|c| &c.result.message).collect::<Vec<_>>()
            ),
            format!(
                "{:?}",
                checks.iter().map(|c| &c.result.message).collect::<Vec<_>>()
            )
        );
    }

    #[test]
    fn in_force_chain_gb2021_only() {
        let mut a = summary(
            "2021.pdf",
            "示例区（市场监督管理局）",
            2021,
            TemplateVersion::Gb2021,
        );
        let mut b = summary(
            "2022.pdf",
            "示例区(市场监督管理局)",
            2022,
            TemplateVersion::Gb2021,
        );
        set(&mut a, "art20_1.normative_docs.in_force", 15.0);
        set(&mut b, "art20_1.normative_docs.issued", 2.0);
        set(&mut b, "art20_1.normative_docs.repealed", 3.0);
        set(&mut b, "art20_1.normative_docs.in_force", 14.0);
        set(&mut a, "art20_1.regulations.in_force", 1.0);
        set(&mut b, "art20_1.regulations.issued", 0.0);
        set(&mut b, "art20_1.regulations.repealed", 0.0);
        set(&mut b, "art20_1.regulations.in_force", 2.0);
        let checks = series_checks(&[a.clone(), b.clone()]);
        let nd = status_of(
            &checks,
            "series.in_force_chain",
            "art20_1/normative_docs/in_force",
        );
        assert_eq!(nd.result.status, CheckStatus::Pass);
        assert_eq!(nd.result.severity, crate::record::Severity::Info);
        let reg = status_of(
            &checks,
            "series.in_force_chain",
            "art20_1/regulations/in_force",
        );
        assert_eq!(reg.result.status, CheckStatus::Fail);
        assert_eq!(reg.result.expected, Some(serde_json::json!(1)));

        // a gb2019 → gb2021 pair gets the carry chain but not the in-force chain
        a.template = TemplateVersion::Gb2019;
        let checks = series_checks(&[a, b]);
        assert!(checks.iter().all(|c| c.result.rule == "series.carry_chain"));
        assert!(!checks.is_empty());
    }

    #[test]
    fn no_pair_without_consecutive_years_or_same_agency() {
        let a = summary("a.pdf", "甲局", 2020, TemplateVersion::Gb2019);
        let b = summary("b.pdf", "甲局", 2022, TemplateVersion::Gb2021);
        let c = summary("c.pdf", "乙局", 2021, TemplateVersion::Gb2021);
        let mut d = summary("d.pdf", "甲局", 2021, TemplateVersion::Gb2021);
        d.agency = None;
        d.agency_key = None;
        assert!(series_checks(&[a, b, c, d]).is_empty());
    }

    #[test]
    fn copies_left_out_years_with_versions_not_paired() {
        let a1 = summary("x/a1.pdf", "甲局", 2021, TemplateVersion::Gb2021);
        let mut a2 = summary("x/a2.pdf", "甲局", 2021, TemplateVersion::Gb2021);
        a2.duplicate_of = Some("x/a1.pdf".into());
        let b1 = summary("x/b1.pdf", "甲局", 2022, TemplateVersion::Gb2021);
        let checks = series_checks(&[a2.clone(), b1.clone(), a1.clone()]);
        assert!(!checks.is_empty());
        assert!(checks
            .iter()
            .all(|c| c.previous_path == "x/a1.pdf" && c.path == "x/b1.pdf"));
        assert!(checks.iter().all(|c| c.agency_key == "甲局"));
        // two versions of 2022 (a correction, or two agencies read alike):
        // neither is paired with 2021
        let b2 = summary("x/b2.pdf", "甲局", 2022, TemplateVersion::Gb2021);
        assert!(series_checks(&[a1, a2, b1, b2]).is_empty());
    }

    #[test]
    fn pairs_by_key_not_by_printed_name() {
        let a = summary(
            "hz/2023.pdf",
            "淮安市洪泽区人民政府",
            2023,
            TemplateVersion::Gb2021,
        );
        let b = summary(
            "hz/2024.pdf",
            "洪泽区人民政府",
            2024,
            TemplateVersion::Gb2021,
        );
        let c = summary(
            "gl/2024.pdf",
            "鼓楼区人民政府",
            2024,
            TemplateVersion::Gb2021,
        );
        let d = summary(
            "gl/2023.pdf",
            "南京市鼓楼区人民政府",
            2023,
            TemplateVersion::Gb2021,
        );
        let checks = series_checks(&[a, b, c, d]);
        assert!(!checks.is_empty());
        for ch in &checks {
            assert_eq!(
                (ch.path.as_str(), ch.previous_path.as_str()),
                ("hz/2024.pdf", "hz/2023.pdf")
            );
            assert_eq!(ch.agency, "洪泽区人民政府");
            assert_eq!(ch.previous_agency, "淮安市洪泽区人民政府");
            assert!(
                ch.result.message.contains("320813:人民政府"),
                "{}",
                ch.result.message
            );
        }
    }

    #[test]
    fn conflicts_list_each_differing_cell() {
        let c = conflict_checks(
            "k",
            ("a.pdf", "甲局", 0),
            ("b.html", "甲局", 2),
            &[("applications.granted.total".into(), Some(3.0), Some(4.0))],
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].result.rule, CONFLICTING_VERSIONS);
        assert_eq!(c[0].result.location, "applications/granted/total");
        assert_eq!(c[0].result.expected, Some(serde_json::json!(3)));
        assert_eq!(c[0].previous_path, "a.pdf");
        assert!(c[0].result.message_en.contains("b.html fails 2 of its own"));
        assert!(!c[0].result.message_en.contains("a.pdf fails"));
        assert!(c[0]
            .result
            .message
            .contains("b.html 自身有 2 处错误级检查不通过"));
        assert_eq!(
            conflict_checks("k", ("a", "甲", 0), ("b", "甲", 0), &[]).len(),
            1
        );
    }

    #[test]
    fn summary_from_json_matches_from_fields() {
        let json = serde_json::json!({
            "source": {"path": "p.txt"}, "agency": "甲局", "year": 2022, "template": "gb2021",
            "tables": {"applications": {"carried_over": {"total": 2}, "granted": {"total": 9}},
                       "art20_1": {"regulations": {"in_force": null}}}
        });
        let s = ReportSummary::from_json(&json).unwrap();
        assert_eq!(s.cells.len(), 2);
        assert_eq!(s.cells["applications.carried_over.total"], Some(2.0));
        assert_eq!(s.cells["art20_1.regulations.in_force"], None);
        assert_eq!(s.year, Some(2022));
    }
}
