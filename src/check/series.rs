//! Cross-report rules (`series.*` in the spec): two reports of one agency in
//! consecutive years.
//!
//! - `series.carry_chain`: for each column of the applications table,
//!   `this.carried_over == previous_year.carried_forward`;
//! - `series.in_force_chain` (gb2021 pairs only): for each row of `art20_1`,
//!   `this.in_force == previous_year.in_force + this.issued - this.repealed`.
//!
//! The rules read only a [`ReportSummary`] (a few cells and the metadata), so
//! a batch keeps one small summary per report instead of whole records.
//! [`series_checks`] is a pure function over summaries.
//!
//! Reports are grouped by [`agency_key`] (the agency with whitespace removed
//! and full-width brackets and letters folded). When several reports of one
//! agency share a year (copies, re-publications), each report of year `Y` is
//! paired with the first report of year `Y - 1` in path order.

use std::collections::BTreeMap;

use crate::check::severity;
use crate::record::{CheckResult, CheckStatus, Number, Record, TemplateVersion};
use crate::template::spec::Spec;

/// The cells and metadata of one report that the series rules read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSummary {
    /// The report's `source.path`.
    pub path: String,
    /// The agency as printed.
    pub agency: Option<String>,
    /// The report year.
    pub year: Option<i32>,
    /// The national format.
    pub template: TemplateVersion,
    /// `table.row.column` → value, only for the cells the rules read
    /// (applications rows `carried_over` and `carried_forward`, all of `art20_1`).
    pub cells: BTreeMap<String, Option<f64>>,
}

/// One evaluated series rule instance, naming both reports.
#[derive(Debug, Clone)]
pub struct SeriesCheck {
    /// The later report's path (the check belongs to it).
    pub path: String,
    /// The earlier report's path.
    pub previous_path: String,
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
        ReportSummary {
            path: record.source.path.clone(),
            agency: record.agency.clone(),
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
        Some(ReportSummary {
            path: record.get("source")?.get("path")?.as_str()?.to_string(),
            agency: record
                .get("agency")
                .and_then(|a| a.as_str())
                .map(String::from),
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

/// The key reports are grouped by: the agency with whitespace (also
/// full-width) and middle dots removed, full-width brackets, digits and
/// letters folded to ASCII, `〔〕［］【】` folded to `[]`, Latin letters lowercased.
///
/// ```
/// use xxgk::check::series::agency_key;
/// assert_eq!(agency_key("示例市 生态环境局（本级）"), agency_key("示例市生态环境局(本级)"));
/// assert_ne!(agency_key("示例市生态环境局"), agency_key("示例区生态环境局"));
/// ```
pub fn agency_key(agency: &str) -> String {
    agency
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '•' | '・' | '\u{200b}' | '\u{feff}'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '〔' | '［' | '【' => '[',
            '〕' | '］' | '】' => ']',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .flat_map(|c| c.to_lowercase())
        .collect()
}

fn num(v: f64) -> serde_json::Value {
    serde_json::to_value(Number(v)).unwrap_or(serde_json::Value::Null)
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Evaluates the series rules over every pair of reports of one agency in
/// consecutive years. Results come sorted by agency key, year and path, so
/// the output does not depend on the order of `reports`.
///
/// ```
/// use std::collections::BTreeMap;
/// use xxgk::check::series::{series_checks, ReportSummary};
/// use xxgk::record::{CheckStatus, TemplateVersion};
/// let report = |path: &str, year, over: f64, forward: f64| ReportSummary {
///     path: path.into(),
///     agency: Some("示例市生态环境局".into()),
///     year: Some(year),
///     template: TemplateVersion::Gb2021,
///     cells: BTreeMap::from([
///         ("applications.carried_over.total".to_string(), Some(over)),
///         ("applications.carried_forward.total".to_string(), Some(forward)),
///     ]),
/// };
/// let checks = series_checks(&[report("a2022.pdf", 2022, 1.0, 2.0), report("a2023.pdf", 2023, 2.0, 0.0)]);
/// let total = checks.iter().find(|c| c.result.location.ends_with("/total")).unwrap();
/// assert_eq!(total.result.status, CheckStatus::Pass);
/// assert_eq!((total.path.as_str(), total.previous_path.as_str()), ("a2023.pdf", "a2022.pdf"));
/// ```
pub fn series_checks(reports: &[ReportSummary]) -> Vec<SeriesCheck> {
    // agency key → year → reports sorted by path
    let mut groups: BTreeMap<String, BTreeMap<i32, Vec<&ReportSummary>>> = BTreeMap::new();
    for r in reports {
        let (Some(agency), Some(year)) = (&r.agency, r.year) else {
            continue;
        };
        let key = agency_key(agency);
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
    let mut out = Vec::new();
    for years in groups.values_mut() {
        for list in years.values_mut() {
            list.sort_by(|a, b| a.path.cmp(&b.path));
        }
        for (year, list) in years.iter() {
            let Some(prev) = years.get(&(year - 1)).and_then(|l| l.first()) else {
                continue;
            };
            for this in list {
                out.extend(pair_checks(prev, this));
            }
        }
    }
    out
}

/// The series rule instances for one pair (`prev` one year before `this`).
pub fn pair_checks(prev: &ReportSummary, this: &ReportSummary) -> Vec<SeriesCheck> {
    let spec = Spec::builtin();
    let vspec = spec.version(this.template);
    let mut out = Vec::new();
    let mut push = |rule_id: &str, status, location: String, expected, found, message| {
        let sev = vspec
            .rule(rule_id)
            .map(severity)
            .unwrap_or(crate::record::Severity::Warning);
        out.push(SeriesCheck {
            path: this.path.clone(),
            previous_path: prev.path.clone(),
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
                        format!("{c}: carried over {f} = carried forward by {}", prev.path)
                    } else {
                        format!(
                            "{c}: {} carries over {f} but {} carried forward {e}",
                            this.path, prev.path
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
                    format!("{c}: carried over or previous carried forward is blank or missing"),
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
                                "{r}: in force {f}, expected {p} in force in {} + {i} issued - {x} repealed = {e}",
                                prev.path
                            ),
                        );
                    }
                    _ => push(
                        "series.in_force_chain",
                        CheckStatus::NotAssessable,
                        location,
                        None,
                        found.map(num),
                        format!("{r}: an operand is blank or missing"),
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
        assert!(series_checks(&[a, b, c, d]).is_empty());
    }

    #[test]
    fn duplicates_pair_with_first_previous() {
        let a1 = summary("x/a1.pdf", "甲局", 2021, TemplateVersion::Gb2021);
        let a2 = summary("x/a2.pdf", "甲局", 2021, TemplateVersion::Gb2021);
        let b1 = summary("x/b1.pdf", "甲局", 2022, TemplateVersion::Gb2021);
        let b2 = summary("x/b2.pdf", "甲局", 2022, TemplateVersion::Gb2021);
        let checks = series_checks(&[b2, a2, b1, a1]);
        assert!(checks.iter().all(|c| c.previous_path == "x/a1.pdf"));
        assert!(checks.iter().any(|c| c.path == "x/b1.pdf"));
        assert!(checks.iter().any(|c| c.path == "x/b2.pdf"));
    }

    #[test]
    fn agency_key_folds_variants() {
        assert_eq!(agency_key("ＡＢ市　人民政府"), agency_key("ab市人民政府"));
        assert_eq!(agency_key("〔示例〕局"), agency_key("［示例］局"));
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
