//! The archive overview: one row per agency (agency key) with the years
//! present, the gaps, how the cross-year chain checks came out and the
//! years with conflicting versions. Written to `series.csv` and the SQLite
//! table `agencies`.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::series::{
    groups, paired_years, ReportSummary, SeriesCheck, CONFLICTING_VERSIONS,
};
use crate::identity::{near_matches, parse_agency, Region};
use crate::record::CheckStatus;

/// One agency of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRow {
    /// The agency key.
    pub agency_key: String,
    /// The division the key's names determine, if one.
    pub region: Option<Region>,
    /// The agency as printed, each distinct spelling once, sorted.
    pub agencies: Vec<String>,
    /// Reports counted (copies left out), dated or not.
    pub reports: usize,
    /// Copies of another report of the batch (`duplicate_of` set).
    pub copies: usize,
    /// Reports counted that have no year.
    pub undated: usize,
    /// Years with a report, ascending.
    pub years: Vec<i32>,
    /// Years between the first and the last with no report (not failures).
    pub gaps: Vec<i32>,
    /// Pairs of reports in consecutive years that were checked (a year with
    /// several versions is not paired).
    pub pairs: usize,
    /// Chain check instances (`series.carry_chain`, `series.in_force_chain`)
    /// that pass.
    pub chain_pass: usize,
    /// … that fail.
    pub chain_fail: usize,
    /// … that cannot be decided (a blank operand).
    pub chain_not_assessable: usize,
    /// Years with two or more different versions of the report.
    pub conflicting_years: Vec<i32>,
    /// Other agency keys whose names differ from this one's by one character
    /// of a place name (a misprint or a misread?); never folded.
    pub near_matches: Vec<String>,
}

/// The overview of a batch: one row per agency key, sorted by key.
/// `summaries` are all the records' summaries (copies included), `checks`
/// the series checks, conflicting-version findings included.
pub fn agencies(summaries: &[ReportSummary], checks: &[SeriesCheck]) -> Vec<AgencyRow> {
    let mut rows: BTreeMap<&str, AgencyRow> = BTreeMap::new();
    let mut names: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for s in summaries {
        let Some(key) = s.agency_key.as_deref().filter(|k| !k.is_empty()) else {
            continue;
        };
        let row = rows.entry(key).or_insert_with(|| AgencyRow {
            agency_key: key.to_string(),
            region: None,
            agencies: Vec::new(),
            reports: 0,
            copies: 0,
            undated: 0,
            years: Vec::new(),
            gaps: Vec::new(),
            pairs: 0,
            chain_pass: 0,
            chain_fail: 0,
            chain_not_assessable: 0,
            conflicting_years: Vec::new(),
            near_matches: Vec::new(),
        });
        if let Some(a) = s.agency.as_deref() {
            names.entry(key).or_default().insert(a);
        }
        match (&s.duplicate_of, s.year) {
            (Some(_), _) => row.copies += 1,
            (None, None) => {
                row.reports += 1;
                row.undated += 1;
            }
            (None, Some(_)) => row.reports += 1,
        }
    }
    for (key, years) in groups(summaries) {
        let Some(row) = rows.get_mut(key) else {
            continue;
        };
        row.years = years.keys().copied().collect();
        if let (Some(&lo), Some(&hi)) = (row.years.first(), row.years.last()) {
            row.gaps = (lo..=hi).filter(|y| !years.contains_key(y)).collect();
        }
        row.pairs = paired_years(&years).len();
    }
    let mut conflicting: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in checks {
        let Some(row) = rows.get_mut(c.agency_key.as_str()) else {
            continue;
        };
        if c.result.rule == CONFLICTING_VERSIONS {
            conflicting
                .entry(c.agency_key.as_str())
                .or_default()
                .insert(c.path.as_str());
            continue;
        }
        match c.result.status {
            CheckStatus::Pass => row.chain_pass += 1,
            CheckStatus::Fail => row.chain_fail += 1,
            CheckStatus::NotAssessable => row.chain_not_assessable += 1,
        }
    }
    let year_of: BTreeMap<&str, i32> = summaries
        .iter()
        .filter_map(|s| Some((s.path.as_str(), s.year?)))
        .collect();
    for (key, paths) in conflicting {
        if let Some(row) = rows.get_mut(key) {
            let years: BTreeSet<i32> = paths
                .iter()
                .filter_map(|p| year_of.get(p))
                .copied()
                .collect();
            row.conflicting_years = years.into_iter().collect();
        }
    }
    // every spelling of every key, for the region and the near matches
    let spellings: Vec<(&str, &str)> = names
        .iter()
        .flat_map(|(k, set)| set.iter().map(move |n| (*k, *n)))
        .collect();
    let mut near: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let printed: Vec<&str> = spellings.iter().map(|(_, n)| *n).collect();
    for (i, j) in near_matches(&printed) {
        let (a, b) = (spellings[i].0, spellings[j].0);
        near.entry(a).or_default().insert(b);
        near.entry(b).or_default().insert(a);
    }
    for (key, row) in rows.iter_mut() {
        let set = names.remove(key).unwrap_or_default();
        row.region = set.iter().find_map(|n| parse_agency(n).region);
        row.agencies = set.into_iter().map(String::from).collect();
        row.near_matches = near
            .remove(key)
            .unwrap_or_default()
            .into_iter()
            .map(String::from)
            .collect();
    }
    rows.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::series::series_checks;
    use crate::record::TemplateVersion;

    fn s(path: &str, agency: &str, year: Option<i32>, dup: Option<&str>) -> ReportSummary {
        ReportSummary {
            path: path.into(),
            agency: Some(agency.into()),
            agency_key: Some(crate::identity::agency_key(agency)),
            duplicate_of: dup.map(String::from),
            year,
            template: TemplateVersion::Gb2021,
            cells: BTreeMap::from([
                ("applications.carried_over.total".into(), Some(1.0)),
                ("applications.carried_forward.total".into(), Some(1.0)),
            ]),
            printed: BTreeMap::new(),
        }
    }

    #[test]
    fn years_gaps_pairs_copies_and_near_matches() {
        let reports = [
            s("a/2019.txt", "淮安市洪泽区人民政府", Some(2019), None),
            s("a/2020.txt", "洪泽区人民政府", Some(2020), None),
            s(
                "a/2020.pdf",
                "洪泽区人民政府",
                Some(2020),
                Some("a/2020.txt"),
            ),
            s("a/2022.txt", "洪泽区人民政府", Some(2022), None),
            s("a/x.txt", "洪泽区人民政府", None, None),
            s("b/2020.txt", "淮安市洪择区人民政府", Some(2020), None),
        ];
        let checks = series_checks(&reports);
        let rows = agencies(&reports, &checks);
        assert_eq!(rows.len(), 2);
        let hz = rows
            .iter()
            .find(|r| r.agency_key == "320813:人民政府")
            .unwrap();
        assert_eq!(hz.agencies, ["洪泽区人民政府", "淮安市洪泽区人民政府"]);
        assert_eq!((hz.reports, hz.copies, hz.undated), (4, 1, 1));
        assert_eq!(hz.years, [2019, 2020, 2022]);
        assert_eq!(hz.gaps, [2021]);
        assert_eq!(hz.pairs, 1);
        assert_eq!(hz.chain_pass, 1);
        assert_eq!(hz.region.as_ref().unwrap().code, "320813");
        assert_eq!(hz.near_matches, ["320800:洪择区人民政府"]);
        let other = rows.iter().find(|r| r.agency_key != hz.agency_key).unwrap();
        assert_eq!(other.near_matches, ["320813:人民政府"]);
        assert_eq!(other.region.as_ref().unwrap().code, "320800");
    }
}
