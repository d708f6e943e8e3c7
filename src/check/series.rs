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

use crate::check::severity;
use crate::record::{CheckResult, CheckStatus, Number, Record, TemplateVersion};
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
        ReportSummary {
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
        let agency = record
            .get("agency")
            .and_then(|a| a.as_str())
            .map(String::from);
        Some(ReportSummary {
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

    fn cell(&self, table: &str, row: &str, column: &str) -> Option<f64> {
        self.cells
            .get(&format!("{table}.{row}.{column}"))
            .copied()
            .flatten()
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
pub type Side<'a> = (&'a str, &'a str, usize);

/// The `series.conflicting_versions` findings of a report that has the
/// agency key and year of an earlier report (`first`, in path order) but
/// different cells: one per differing cell, `expected` the first version's
/// value and `found` this one's (`null` for a blank or missing cell).
/// `differences` are `(table.row.column, first's value, this value)`. When
/// either report fails its own error-level checks, the message says so: the
/// difference may then be a reading error rather than a second version.
pub fn conflict_checks(
    key: &str,
    first: Side<'_>,
    this: Side<'_>,
    differences: &[(String, Option<f64>, Option<f64>)],
) -> Vec<SeriesCheck> {
    let mut doubt = String::new();
    for (path, _, errors) in [first, this] {
        if errors > 0 {
            doubt.push_str(&format!(
                "; {path} fails {errors} of its own error-level checks (a reading error?)"
            ));
        }
    }
    let check = |location: String, expected, found, message: String| SeriesCheck {
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
        },
    };
    let show = |v: Option<f64>| v.map_or("blank".to_string(), |v| num(v).to_string());
    if differences.is_empty() {
        return vec![check(
            "*".into(),
            None,
            None,
            format!(
                "{} ({}) and {} ({}) report the same year of agency key {key} but have no filled cell in common{doubt}",
                first.0, first.1, this.0, this.1
            ),
        )];
    }
    differences
        .iter()
        .map(|(cell, a, b)| {
            check(
                cell.replace('.', "/"),
                a.map(num),
                b.map(num),
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
    let paired = format!("paired by agency key {key}");
    let mut push = |rule_id: &str, status, location: String, expected, found, message| {
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
                status,
                location,
                expected,
                found,
                message,
            },
        });
    };
    if let Some(table) = vspec.table("applications") {
        for col in &table.columns {
            let c = col.key.as_str();
            let found = this.cell("applications", "carried_over", c);
            let expected = prev.cell("applications", "carried_forward", c);
            let location = format!("applications/carried_over/{c}");
            match (expected, found) {
                (Some(e), Some(f)) => {
                    let ok = same(e, f);
                    let message = if ok {
                        format!("{c}: {this_name} carries over {f} = carried forward by {prev_name}; {paired}")
                    } else {
                        format!(
                            "{c}: {this_name} carries over {f} but {prev_name} carried forward {e}; {paired}"
                        )
                    };
                    let status = if ok {
                        CheckStatus::Pass
                    } else {
                        CheckStatus::Fail
                    };
                    push(
                        "series.carry_chain",
                        status,
                        location,
                        Some(num(e)),
                        Some(num(f)),
                        message,
                    );
                }
                (e, f) => push(
                    "series.carry_chain",
                    CheckStatus::NotAssessable,
                    location,
                    e.map(num),
                    f.map(num),
                    format!("{c}: carried over in {this_name} or carried forward in {prev_name} is blank or missing; {paired}"),
                ),
            }
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
            let found = this.cell("indicators", k, "cumulative");
            let prev_cum = prev.cell("indicators", k, "cumulative");
            let value = this.cell("indicators", k, "value");
            if !prev
                .cells
                .contains_key(&format!("indicators.{k}.cumulative"))
            {
                continue; // the earlier table has no such row
            }
            let location = format!("indicators/{k}/cumulative");
            match (prev_cum, value, found) {
                (Some(p), Some(v), Some(f)) => {
                    let e = p + v;
                    let ok = same(e, f);
                    let status = if ok {
                        CheckStatus::Pass
                    } else {
                        CheckStatus::Fail
                    };
                    push(
                        "series.cumulative_chain",
                        status,
                        location,
                        Some(num(e)),
                        Some(num(f)),
                        format!(
                            "{k}: {this_name} prints 历年累计 {f}, expected {p} in {prev_name} + {v} this year = {e}; {paired}"
                        ),
                    );
                }
                _ => push(
                    "series.cumulative_chain",
                    CheckStatus::NotAssessable,
                    location,
                    None,
                    found.map(num),
                    format!(
                        "{k}: 历年累计 or 本年度 in {this_name}, or 历年累计 in {prev_name}, is blank or not certain; {paired}"
                    ),
                ),
            }
        }
    }
    if this.template == TemplateVersion::Gb2021 && prev.template == TemplateVersion::Gb2021 {
        if let Some(table) = vspec.table("art20_1") {
            for row in &table.rows {
                let r = row.key.as_str();
                let location = format!("art20_1/{r}/in_force");
                let found = this.cell("art20_1", r, "in_force");
                let parts = (
                    prev.cell("art20_1", r, "in_force"),
                    this.cell("art20_1", r, "issued"),
                    this.cell("art20_1", r, "repealed"),
                );
                match (parts, found) {
                    ((Some(p), Some(i), Some(x)), Some(f)) => {
                        let e = p + i - x;
                        let ok = same(e, f);
                        let status = if ok {
                            CheckStatus::Pass
                        } else {
                            CheckStatus::Fail
                        };
                        push(
                            "series.in_force_chain",
                            status,
                            location,
                            Some(num(e)),
                            Some(num(f)),
                            format!(
                                "{r}: {this_name} has {f} in force, expected {p} in force in {prev_name} + {i} issued - {x} repealed = {e}; {paired}"
                            ),
                        );
                    }
                    _ => push(
                        "series.in_force_chain",
                        CheckStatus::NotAssessable,
                        location,
                        None,
                        found.map(num),
                        format!("{r}: an operand in {this_name} or {prev_name} is blank or missing; {paired}"),
                    ),
                }
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
        assert!(c[0].result.message.contains("b.html fails 2 of its own"));
        assert!(!c[0].result.message.contains("a.pdf fails"));
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
