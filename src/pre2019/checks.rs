//! The checks a pre-format report's own data supports, and no more: there
//! was no national rule, so only what the table and the prose themselves
//! say is checked.
//!
//! - `pre2019.parts_sum`: the items printed under a total that the spec
//!   marks exhaustive (request channels, reply kinds, …) add up to it;
//! - `pre2019.cumulative_covers_year`: 历年累计 is at least 本年度;
//! - `pre2019.prose_matches_table`: a figure the prose states for an
//!   indicator equals the table row with the same key.
//!
//! The cross-year rule (`series.cumulative_chain`) is in
//! [`crate::check::series`].

use serde_json::json;

use super::spec::Compiled;
use crate::check::result;
use crate::record::{CheckResult, CheckStatus, Indicator, Number, Record};

fn num(v: f64) -> serde_json::Value {
    serde_json::to_value(Number(v)).unwrap_or(serde_json::Value::Null)
}

/// Where an indicator is named in a check: its key, or its label.
fn name(i: &Indicator) -> String {
    i.key.clone().unwrap_or_else(|| i.label.clone())
}

fn value(i: &Indicator, cumulative: bool) -> Option<f64> {
    if cumulative {
        i.cumulative.map(|n| n.0)
    } else {
        i.value.map(|n| n.0)
    }
}

/// Columns of the table an indicator stands in: (is cumulative, name).
fn columns(r: &Record, i: &Indicator) -> Vec<(bool, &'static str)> {
    let has_cum = r
        .statistics_tables
        .as_ref()
        .and_then(|t| t.get(i.table_index))
        .is_some_and(|t| t.columns.iter().any(|c| c == "cumulative"));
    let mut v = vec![(false, "value")];
    if has_cum {
        v.push((true, "cumulative"));
    }
    v
}

/// Evaluates one `pre2019.*` rule over a record.
pub fn evaluate(rule: &str, r: &Record) -> Vec<CheckResult> {
    match rule {
        "pre2019.parts_sum" => parts_sum(r),
        "pre2019.cumulative_covers_year" => cumulative_covers_year(r),
        "pre2019.prose_matches_table" => prose_matches_table(r),
        _ => Vec::new(),
    }
}

/// The items of each exhaustive total add up to it, in each column.
pub fn parts_sum(r: &Record) -> Vec<CheckResult> {
    let c = Compiled::builtin();
    let Some(ind) = r.indicators.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, total) in ind.iter().enumerate() {
        let Some(key) = total.key.as_deref() else {
            continue;
        };
        if !c.indicator(key).is_some_and(|s| s.exhaustive) {
            continue;
        }
        let items: Vec<&Indicator> = ind.iter().filter(|i| i.parent == Some(k)).collect();
        if items.len() < 2 {
            continue;
        }
        let last = ind.iter().rposition(|i| i.parent == Some(k)).unwrap_or(k);
        if let Some(next) = ind.get(last + 1).filter(|n| list_may_go_on(total, n)) {
            out.push(result(
                CheckStatus::NotAssessable,
                format!("indicators/{key}"),
                None,
                None,
                format!(
                    "{key}: the row after its items («{}») has a label the spec does not know and the same unit; it may be one more item, so the items are not known to be all",
                    next.label
                ),
            ));
            continue;
        }
        let names: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
        for (cum, col) in columns(r, total) {
            let location = format!("indicators/{key}/{col}");
            let units_differ = items.iter().any(|i| i.unit != total.unit);
            let parts: Option<f64> = items.iter().map(|i| value(i, cum)).sum();
            let t = value(total, cum);
            out.push(match (parts, t) {
                _ if units_differ => result(
                    CheckStatus::NotAssessable,
                    location,
                    None,
                    None,
                    format!("{key}: its items ({}) are not all in its unit", names.join("、")),
                ),
                (Some(p), Some(t)) if (p - t).abs() < 1e-6 => result(
                    CheckStatus::Pass,
                    location,
                    Some(num(p)),
                    Some(num(t)),
                    format!("{key} ({col}): the items {} add up to {}", names.join("、"), num(t)),
                ),
                (Some(p), Some(t)) => result(
                    CheckStatus::Fail,
                    location.clone(),
                    Some(num(p)),
                    Some(num(t)),
                    format!(
                        "{key} ({col}) at {location}: the items under it ({}) add up to {}, the total prints {}",
                        names.join("、"),
                        num(p),
                        num(t)
                    ),
                ),
                _ => result(
                    CheckStatus::NotAssessable,
                    location,
                    parts.map(num),
                    t.map(num),
                    format!("{key} ({col}): the total or an item is blank or not certain"),
                ),
            });
        }
    }
    out
}

/// True when `next`, the row after the last item of `total`, may be one
/// more item the spec does not know: no key, not an item of anything, the
/// same table, group and unit.
pub(crate) fn list_may_go_on(total: &Indicator, next: &Indicator) -> bool {
    next.key.is_none()
        && next.parent.is_none()
        && next.table_index == total.table_index
        && next.group == total.group
        && next.unit == total.unit
}

/// 历年累计 is at least 本年度 on every row that prints both.
pub fn cumulative_covers_year(r: &Record) -> Vec<CheckResult> {
    let Some(ind) = r.indicators.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in ind {
        if !columns(r, i).iter().any(|c| c.0) {
            continue;
        }
        let location = format!("indicators/{}/cumulative", name(i));
        let (v, cu) = (value(i, false), value(i, true));
        out.push(match (v, cu) {
            (Some(v), Some(cu)) if cu + 1e-9 >= v => result(
                CheckStatus::Pass,
                location,
                Some(num(v)),
                Some(num(cu)),
                format!("{}: 历年累计 {} ≥ 本年度 {}", name(i), num(cu), num(v)),
            ),
            (Some(v), Some(cu)) => result(
                CheckStatus::Fail,
                location.clone(),
                Some(num(v)),
                Some(num(cu)),
                format!(
                    "{} at {location}: 历年累计 {} is less than this year's {}",
                    name(i),
                    num(cu),
                    num(v)
                ),
            ),
            _ => result(
                CheckStatus::NotAssessable,
                location,
                v.map(num),
                cu.map(num),
                format!("{}: 本年度 or 历年累计 is blank or not certain", name(i)),
            ),
        });
    }
    out
}

/// A prose figure equals the table row of its indicator.
pub fn prose_matches_table(r: &Record) -> Vec<CheckResult> {
    let c = Compiled::builtin();
    let (Some(ind), Some(stated)) = (r.indicators.as_ref(), r.stated_figures.as_ref()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for s in stated {
        let Some(row) = ind
            .iter()
            .find(|i| i.key.as_deref() == Some(s.key.as_str()))
        else {
            continue;
        };
        let cum = s.column == "cumulative";
        let col = if cum { "cumulative" } else { "value" };
        let location = format!("indicators/{}/{col}", s.key);
        let units_fit = match row.unit.as_deref() {
            None => true,
            Some(u) => u == s.unit || (c.is_count_unit(u) && c.is_count_unit(&s.unit)),
        };
        let t = value(row, cum);
        let stated_v = s.value.0;
        out.push(if s.chose_reading {
            result(
                CheckStatus::NotAssessable,
                location,
                Some(num(stated_v)),
                t.map(num),
                format!(
                    "prose «{}» chose how the table's run-together figures are cut; not an independent comparison",
                    s.text
                ),
            )
        } else if !units_fit {
            result(
                CheckStatus::NotAssessable,
                location,
                Some(num(stated_v)),
                t.map(num),
                format!(
                    "prose «{}» is in {}, the table row in {}",
                    s.text,
                    s.unit,
                    row.unit.as_deref().unwrap_or("")
                ),
            )
        } else {
            match t {
                None => result(
                    CheckStatus::NotAssessable,
                    location,
                    Some(num(stated_v)),
                    None,
                    format!(
                        "prose states {} = {} («{}»), but the table's figure is blank or not certain",
                        s.key,
                        num(stated_v),
                        s.text
                    ),
                ),
                Some(t) if (t - stated_v).abs() < 1e-6 => result(
                    CheckStatus::Pass,
                    location,
                    Some(num(stated_v)),
                    Some(num(t)),
                    format!("prose «{}» agrees with the table", s.text),
                ),
                Some(t) => result(
                    CheckStatus::Fail,
                    location,
                    Some(json!(num(stated_v))),
                    Some(num(t)),
                    format!(
                        "prose states {} = {} («{}») but the table row «{}» prints {}",
                        s.key,
                        num(stated_v),
                        s.text,
                        row.label,
                        num(t)
                    ),
                ),
            }
        });
    }
    out
}
