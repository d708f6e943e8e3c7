//! A record compared with the generator's truth, cell by cell, and the
//! tallies kept per trait.
//!
//! The record is read as JSON (the documented contract), not through the
//! library's structs. A truth cell is *right* when the record holds the same
//! number (or null for a blank cell, with the row present); otherwise a null
//! is *null with warning* when some warning in `record.warnings` names its
//! `table.row` or its table alone, else *null without warning*; any other
//! number is a *wrong number*.

use std::collections::BTreeMap;

use serde_json::Value;

use super::compose::Generated;
use super::content::TruthCell;

/// How one truth cell came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Right,
    NullWarned,
    NullSilent,
    Wrong,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Right => "right",
            Kind::NullWarned => "null with warning",
            Kind::NullSilent => "null without warning",
            Kind::Wrong => "wrong number",
        }
    }
}

/// One cell that did not come out right.
#[derive(Debug, Clone)]
pub struct Diff {
    pub kind: Kind,
    pub cell: TruthCell,
    pub got: Option<f64>,
    /// The record has no such row at all.
    pub row_absent: bool,
    /// For a wrong number: where the number is printed instead, when it is
    /// another cell's value in the same column (another row) or the same
    /// row (another column).
    pub taken_from: Option<Source>,
}

/// Where a wrong number came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    OtherRow,
    OtherColumn,
}

impl std::fmt::Display for Diff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.cell;
        let num = |v: Option<f64>| v.map_or("null".to_string(), |v| format!("{v}"));
        write!(
            f,
            "{}.{}.{}: {} (printed {:?}, want {}, got {}{})",
            c.table,
            c.row,
            c.column,
            self.kind.name(),
            c.printed,
            num(c.truth),
            num(self.got),
            if self.row_absent { ", row absent" } else { "" }
        )
    }
}

/// The comparison of one report.
#[derive(Debug, Default)]
pub struct Outcome {
    /// No record at all (the reason).
    pub error: Option<String>,
    pub counts: BTreeMap<Kind, usize>,
    /// Cells not right (null with warning included, for the record).
    pub diffs: Vec<Diff>,
    /// Title, agency, year, template or hybrid wrong.
    pub meta: Vec<String>,
    /// Rows in the record that the report does not print, with numbers.
    pub unexpected: Vec<String>,
    /// Sections found (informational).
    pub sections: usize,
    pub warnings: Vec<String>,
    /// Truth cells per table.
    pub table_cells: BTreeMap<String, usize>,
}

impl Outcome {
    pub fn count(&self, k: Kind) -> usize {
        self.counts.get(&k).copied().unwrap_or(0)
    }

    /// The pass criterion: every cell right or null with a warning, no
    /// wrong number, no invented row, and the metadata right.
    pub fn passed(&self) -> bool {
        self.error.is_none()
            && self.count(Kind::Wrong) == 0
            && self.count(Kind::NullSilent) == 0
            && self.meta.is_empty()
            && self.unexpected.is_empty()
    }

    /// Short names of what went wrong, one per kind (for the most frequent
    /// failure kinds).
    pub fn failure_kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = Vec::new();
        if let Some(e) = &self.error {
            kinds.push(format!(
                "no record: {}",
                e.chars().take(60).collect::<String>()
            ));
        }
        kinds.extend(self.meta.iter().map(|m| {
            let field = m.split(':').next().unwrap_or(m);
            format!("meta: {field} wrong")
        }));
        // A table with no row at all in the record.
        let missing_tables: Vec<&str> = {
            let mut t: Vec<&str> = self.diffs.iter().map(|d| d.cell.table.as_str()).collect();
            t.sort();
            t.dedup();
            t.retain(|table| {
                self.diffs
                    .iter()
                    .filter(|d| d.cell.table == *table)
                    .all(|d| d.row_absent && d.kind == Kind::NullSilent)
                    && self.table_cells.get(*table)
                        == Some(&self.diffs.iter().filter(|d| d.cell.table == *table).count())
            });
            t
        };
        for d in &self.diffs {
            let table = d.cell.table.as_str();
            let what = match d.kind {
                Kind::Right | Kind::NullWarned => continue,
                Kind::NullSilent if missing_tables.contains(&table) => "table missing, no warning",
                Kind::NullSilent if d.row_absent && d.cell.typo => {
                    "row absent, no warning (label with a typo)"
                }
                Kind::NullSilent if d.row_absent => "row absent, no warning",
                Kind::NullSilent => "printed value lost (null, no warning)",
                Kind::Wrong if d.cell.truth.is_none() => "blank cell read as a number",
                Kind::Wrong if d.taken_from == Some(Source::OtherRow) => {
                    "wrong number: another row's value"
                }
                Kind::Wrong if d.taken_from == Some(Source::OtherColumn) => {
                    "wrong number: another column's value"
                }
                Kind::Wrong => "wrong number",
            };
            kinds.push(format!("{what}: {table}"));
        }
        kinds.extend(self.unexpected.iter().map(|u| {
            let table = u.split('.').next().unwrap_or(u);
            format!("unexpected row: {table}")
        }));
        kinds.sort();
        kinds.dedup();
        kinds
    }
}

impl Outcome {
    /// Where cells came out null with a warning (acceptable, but worth
    /// knowing), one entry per table.
    pub fn warned_kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = self
            .diffs
            .iter()
            .filter(|d| d.kind == Kind::NullWarned)
            .map(|d| format!("null with warning: {}", d.cell.table))
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }
}

/// True when `w` names `name` as a key (not as the start of a longer key).
fn names(w: &str, name: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    w.match_indices(name).any(|(i, _)| {
        let before = w[..i].chars().next_back();
        let after = w[i + name.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(|c| ident(c) || c == '.')
    })
}

/// Whether a warning names this cell's `table.row`, or its table alone.
fn warned(warnings: &[String], table: &str, row: &str) -> bool {
    let row_key = format!("{table}.{row}");
    warnings.iter().any(|w| {
        names(w, &row_key) || names(w, table) || {
            // `table.row.column` names the row too.
            let dotted = format!("{row_key}.");
            w.contains(&dotted)
        }
    })
}

/// Compares a record (as JSON) with the truth of `gen`.
pub fn compare(gen: &Generated, record: &Value) -> Outcome {
    let r = &gen.report;
    let mut out = Outcome::default();
    let warnings: Vec<String> = record["warnings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|w| w.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let s = |v: &Value| v.as_str().map(str::to_string);
    if s(&record["title"]).as_deref() != Some(r.title.as_str()) {
        out.meta
            .push(format!("title: want {:?} got {}", r.title, record["title"]));
    }
    if s(&record["agency"]).as_deref() != Some(r.agency.as_str()) {
        out.meta.push(format!(
            "agency: want {:?} got {}",
            r.agency, record["agency"]
        ));
    }
    if record["year"].as_i64() != Some(r.year as i64) {
        out.meta
            .push(format!("year: want {} got {}", r.year, record["year"]));
    }
    if s(&record["template"]).as_deref() != Some(r.template) {
        out.meta.push(format!(
            "template: want {} got {}",
            r.template, record["template"]
        ));
    }
    let hybrid = s(&record["hybrid"]);
    if r.hybrid != (hybrid.as_deref() == Some("other_handling")) {
        out.meta.push(format!(
            "hybrid: want {} got {}",
            if r.hybrid {
                "\"other_handling\""
            } else {
                "null"
            },
            record["hybrid"]
        ));
    }

    let tables = &record["tables"];
    let truth = r.truth_cells();
    for cell in truth.clone() {
        *out.table_cells.entry(cell.table.clone()).or_default() += 1;
        let row = &tables[&cell.table][&cell.row];
        let row_absent = !row.is_object();
        let got_value = &row[&cell.column];
        let got = got_value.as_f64();
        let present = row.get(&cell.column).is_some();
        let taken_from = match got {
            Some(g) if cell.truth.is_some() => {
                let same = |c: &&TruthCell| c.truth.is_some_and(|t| (t - g).abs() < 1e-6);
                let others = truth.iter().filter(|c| c.table == cell.table);
                let rows: Vec<&TruthCell> = others
                    .clone()
                    .filter(|c| c.column == cell.column && c.row != cell.row)
                    .collect();
                let cols: Vec<&TruthCell> = others
                    .filter(|c| c.row == cell.row && c.column != cell.column)
                    .collect();
                if rows.iter().any(same) {
                    Some(Source::OtherRow)
                } else if cols.iter().any(same) {
                    Some(Source::OtherColumn)
                } else {
                    None
                }
            }
            _ => None,
        };
        let kind = match (cell.truth, got) {
            (Some(a), Some(b)) if (a - b).abs() < 1e-6 => Kind::Right,
            (None, None) if present => Kind::Right,
            (_, Some(_)) => Kind::Wrong,
            (_, None) => {
                if warned(&warnings, &cell.table, &cell.row) {
                    Kind::NullWarned
                } else {
                    Kind::NullSilent
                }
            }
        };
        *out.counts.entry(kind).or_default() += 1;
        if kind != Kind::Right {
            out.diffs.push(Diff {
                kind,
                cell,
                got,
                row_absent,
                taken_from,
            });
        }
    }

    // Rows the record has and the report does not print.
    if let Some(ts) = tables.as_object() {
        for (t, rows) in ts {
            for (row, cols) in rows.as_object().into_iter().flatten() {
                let known = truth.iter().any(|c| &c.table == t && &c.row == row);
                let numbers = cols
                    .as_object()
                    .is_some_and(|c| c.values().any(|v| v.is_number()));
                if !known && numbers {
                    out.unexpected.push(format!("{t}.{row}: {cols}"));
                }
            }
        }
    }
    out.sections = record["sections"].as_array().map_or(0, |a| a.len());
    out.warnings = warnings;
    out
}

/// Counts over a set of reports.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub reports: usize,
    pub passed: usize,
    pub right: usize,
    pub null_warned: usize,
    pub null_silent: usize,
    pub wrong: usize,
    pub meta_failed: usize,
    pub no_record: usize,
    pub unexpected_rows: usize,
    /// Reports where fewer than six sections were found (informational).
    pub sections_short: usize,
}

impl Tally {
    pub fn add(&mut self, o: &Outcome) {
        self.reports += 1;
        self.passed += o.passed() as usize;
        self.right += o.count(Kind::Right);
        self.null_warned += o.count(Kind::NullWarned);
        self.null_silent += o.count(Kind::NullSilent);
        self.wrong += o.count(Kind::Wrong);
        self.meta_failed += (!o.meta.is_empty()) as usize;
        self.no_record += o.error.is_some() as usize;
        self.unexpected_rows += o.unexpected.len();
        self.sections_short += (o.error.is_none() && o.sections < 6) as usize;
    }

    pub fn header() -> String {
        format!(
            "{:<40} {:>5} {:>5} {:>7} {:>6} {:>6} {:>6} {:>5} {:>5}",
            "trait", "rep", "pass", "right", "null+w", "null-w", "wrong", "meta", "norec"
        )
    }

    pub fn row(&self, label: &str) -> String {
        format!(
            "{:<40} {:>5} {:>5} {:>7} {:>6} {:>6} {:>6} {:>5} {:>5}",
            label,
            self.reports,
            self.passed,
            self.right,
            self.null_warned,
            self.null_silent,
            self.wrong,
            self.meta_failed,
            self.no_record
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_names() {
        let w = vec!["review_litigation: found 14 values; table left blank".to_string()];
        assert!(warned(&w, "review_litigation", "review"));
        let w = vec!["applications.granted.total: unreadable cell \"x\"".to_string()];
        assert!(warned(&w, "applications", "granted"));
        assert!(!warned(&w, "applications", "partially_granted"));
        let w = vec!["applications.other_handling: row left blank".to_string()];
        assert!(!warned(&w, "applications", "other"));
        assert!(warned(&w, "applications", "other_handling"));
        let w = vec!["art20_1.regulations: row left blank".to_string()];
        assert!(!warned(&w, "art20_5", "regulations"));
    }
}
