//! Copies and versions of one report in a batch: reports with the same
//! agency key and year are copies (the PDF and the web page of one report,
//! a re-download) when their cells agree, different versions (a corrected
//! re-publication) when they do not.
//!
//! Cells agree when every cell filled in both reports has the same value in
//! both (a cell one extraction left blank does not make two copies
//! different) and at least one cell is filled in both (or neither report has
//! any filled cell).

use std::collections::BTreeMap;

use serde_json::Value;

/// `table.row.column` → value (`None` for a blank cell), of every table cell.
pub type Cells = BTreeMap<String, Option<f64>>;

/// The cells of a record given as JSON (its `tables`; for a pre2019
/// record, its indicators as `indicators.<key or label>.value` and
/// `.cumulative`).
///
/// ```
/// let rec = serde_json::json!({"tables": {"applications": {"granted": {"total": 3, "natural_person": null}}}});
/// let cells = xxgk::batch::copies::cells(&rec);
/// assert_eq!(cells["applications.granted.total"], Some(3.0));
/// assert_eq!(cells["applications.granted.natural_person"], None);
/// ```
pub fn cells(record: &Value) -> Cells {
    let mut out = Cells::new();
    let tables = record.get("tables").and_then(Value::as_object);
    for (t, rows) in tables.into_iter().flatten() {
        for (r, cols) in rows.as_object().into_iter().flatten() {
            for (c, v) in cols.as_object().into_iter().flatten() {
                out.insert(format!("{t}.{r}.{c}"), v.as_f64());
            }
        }
    }
    let indicators = record.get("indicators").and_then(Value::as_array);
    for (n, i) in indicators.into_iter().flatten().enumerate() {
        let name = match (i.get("key").and_then(Value::as_str), i.get("label")) {
            (Some(k), _) => k.to_string(),
            (None, label) => format!("{n}:{}", label.and_then(Value::as_str).unwrap_or("")),
        };
        for c in ["value", "cumulative"] {
            out.insert(
                format!("indicators.{name}.{c}"),
                i.get(c).and_then(Value::as_f64),
            );
        }
    }
    out
}

/// A digest of the cells: equal digests, equal cells.
pub fn digest(cells: &Cells) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (k, v) in cells {
        h.update(k.as_bytes());
        match v {
            Some(v) => h.update(format!("={v:?};").as_bytes()),
            None => h.update(b"=;"),
        }
    }
    h.finalize().into()
}

/// How two reports' cells compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The cells agree (see the module text): the reports are copies.
    pub same_report: bool,
    /// Every cell whose value differs, blank against filled included:
    /// `(table.row.column, first's value, other's value)`, in key order.
    pub differences: Vec<(String, Option<f64>, Option<f64>)>,
}

/// Compares the cells of two reports (the union of their keys; a cell one
/// report lacks counts as blank).
///
/// ```
/// use xxgk::batch::copies::{compare, Cells};
/// let a = Cells::from([("t.r.a".to_string(), Some(1.0)), ("t.r.b".to_string(), Some(2.0))]);
/// let mut b = a.clone();
/// b.insert("t.r.b".into(), None); // one extraction missed a cell
/// assert!(compare(&a, &b).same_report);
/// b.insert("t.r.a".into(), Some(5.0)); // a corrected figure
/// let c = compare(&a, &b);
/// assert!(!c.same_report);
/// assert_eq!(c.differences, vec![("t.r.a".to_string(), Some(1.0), Some(5.0)), ("t.r.b".to_string(), Some(2.0), None)]);
/// ```
pub fn compare(first: &Cells, other: &Cells) -> Comparison {
    let mut differences = Vec::new();
    let mut conflicting = false;
    let mut common = 0usize;
    let keys: std::collections::BTreeSet<&String> = first.keys().chain(other.keys()).collect();
    for k in keys {
        let a = first.get(k).copied().flatten();
        let b = other.get(k).copied().flatten();
        match (a, b) {
            (Some(x), Some(y)) if (x - y).abs() < 1e-9 => common += 1,
            (None, None) => {}
            _ => {
                conflicting |= a.is_some() && b.is_some();
                differences.push((k.clone(), a, b));
            }
        }
    }
    let any_filled = first.values().chain(other.values()).any(Option::is_some);
    Comparison {
        same_report: !conflicting && (common > 0 || !any_filled),
        differences,
    }
}

/// The record's JSON text (one line, as in the journal) with its
/// `duplicate_of` member set to `path`. A record written before the member
/// existed gets it first.
///
/// ```
/// use xxgk::batch::copies::with_duplicate_of;
/// let line = r#"{"schema":"x","source":{"path":"b"},"duplicate_of":null,"title":"t"}"#;
/// assert_eq!(with_duplicate_of(line.as_bytes(), "a/报告.pdf"),
///     r#"{"schema":"x","source":{"path":"b"},"duplicate_of":"a/报告.pdf","title":"t"}"#.as_bytes());
/// assert_eq!(with_duplicate_of(br#"{"schema":"x"}"#, "a"), br#"{"duplicate_of":"a","schema":"x"}"#.to_vec());
/// ```
pub fn with_duplicate_of(record: &[u8], path: &str) -> Vec<u8> {
    // An unescaped `"duplicate_of":null` can only be the member itself:
    // quotes inside JSON strings are escaped.
    const NULL: &[u8] = br#""duplicate_of":null"#;
    let value = Value::from(path).to_string();
    let mut out = Vec::with_capacity(record.len() + value.len());
    match record.windows(NULL.len()).position(|w| w == NULL) {
        Some(i) => {
            out.extend_from_slice(&record[..i]);
            out.extend_from_slice(br#""duplicate_of":"#);
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(&record[i + NULL.len()..]);
        }
        None => {
            out.extend_from_slice(br#"{"duplicate_of":"#);
            out.extend_from_slice(value.as_bytes());
            let rest = record.get(1..).unwrap_or_default();
            if rest.first() != Some(&b'}') {
                out.push(b',');
            }
            out.extend_from_slice(rest);
        }
    }
    out
}
