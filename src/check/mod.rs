//! Consistency checks: every rule of the spec that needs only one report,
//! evaluated per instance (column or row), with where, expected and found.
//!
//! A check never changes a value. A rule with a blank or missing operand is
//! [`CheckStatus::NotAssessable`], never a pass.

pub mod explain;
pub mod narrative;
pub mod rules;
pub mod series;

use crate::record::{CheckResult, CheckStatus, Record, Severity};
use crate::template::spec::{RuleSpec, Spec};

/// Evaluates every single-report rule of the record's template and returns
/// the results in rule order.
pub fn check_record(record: &Record) -> Vec<CheckResult> {
    let spec = Spec::builtin().version(record.template);
    let mut out = Vec::new();
    for rule in &spec.rules {
        if rule.scope.is_some() {
            continue; // series.* rules need two reports: see the batch stage.
        }
        let mut results = match rule.id.as_str() {
            "applications.balance" => rules::applications_balance(record),
            "applications.results_total" => rules::applications_results_total(record),
            "applications.row_total" => rules::applications_row_total(record),
            "review_litigation.row_total" => rules::review_row_total(record),
            "values.domain" => rules::values_domain(record),
            "values.complete" => rules::values_complete(record),
            "structure.sections" => rules::structure_sections(record),
            "narrative.matches_tables" => narrative::matches_tables(record),
            id if id.starts_with("pre2019.") => crate::pre2019::checks::evaluate(id, record),
            _ => Vec::new(),
        };
        for r in &mut results {
            r.rule = rule.id.clone();
            r.severity = severity(rule);
        }
        out.extend(results);
    }
    out
}

/// The severity the spec gives a rule.
pub fn severity(rule: &RuleSpec) -> Severity {
    match rule.severity.as_str() {
        "error" => Severity::Error,
        "info" => Severity::Info,
        _ => Severity::Warning,
    }
}

/// A result with rule and severity filled in by [`check_record`]; the
/// message serves both languages and no cell is listed (see
/// [`explain`] for results that explain themselves).
pub fn result(
    status: CheckStatus,
    location: String,
    expected: Option<serde_json::Value>,
    found: Option<serde_json::Value>,
    message: String,
) -> CheckResult {
    CheckResult {
        rule: String::new(),
        severity: Severity::Warning,
        status,
        location,
        expected,
        found,
        message_en: message.clone(),
        message,
        cells: Vec::new(),
        arithmetic: None,
    }
}
