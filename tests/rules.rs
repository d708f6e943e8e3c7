//! Each consistency rule with a passing and a failing example, and the
//! label matching and value normalisation they rely on.

use xxgk::check::check_record;
use xxgk::record::{CheckStatus, Number, Record};

fn seed() -> Record {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/seed_guyuan_2020.txt");
    xxgk::extract_path(path.as_ref(), &xxgk::Settings::default()).unwrap()
}

fn set(r: &mut Record, table: &str, row: &str, col: &str, v: Option<f64>) {
    *r.tables
        .get_mut(table)
        .unwrap()
        .get_mut(row)
        .unwrap()
        .get_mut(col)
        .unwrap() = v.map(Number);
}

fn status(r: &Record, rule: &str, location: &str) -> CheckStatus {
    let checks = check_record(r);
    checks
        .iter()
        .find(|c| c.rule == rule && c.location == location)
        .unwrap_or_else(|| panic!("no {rule} at {location}"))
        .status
}

#[test]
fn balance_passes_and_fails() {
    let mut r = seed();
    let w = "applications/*/natural_person";
    assert_eq!(status(&r, "applications.balance", w), CheckStatus::Pass);
    set(
        &mut r,
        "applications",
        "new_received",
        "natural_person",
        Some(3.0),
    );
    assert_eq!(status(&r, "applications.balance", w), CheckStatus::Fail);
    let c = check_record(&r)
        .into_iter()
        .find(|c| c.rule == "applications.balance" && c.location == w)
        .unwrap();
    assert_eq!(c.expected, Some(serde_json::json!(3)));
    assert_eq!(c.found, Some(serde_json::json!(0)));
}

#[test]
fn blank_operand_is_not_assessable_never_pass() {
    let mut r = seed();
    set(&mut r, "applications", "carried_over", "total", None);
    assert_eq!(
        status(&r, "applications.balance", "applications/*/total"),
        CheckStatus::NotAssessable
    );
    assert_eq!(
        status(&r, "values.complete", "applications/carried_over/total"),
        CheckStatus::Fail
    );
}

#[test]
fn results_total_passes_and_fails() {
    let mut r = seed();
    let w = "applications/results_total/other_org";
    assert_eq!(
        status(&r, "applications.results_total", w),
        CheckStatus::Pass
    );
    set(
        &mut r,
        "applications",
        "denied_state_secret",
        "other_org",
        Some(1.0),
    );
    assert_eq!(
        status(&r, "applications.results_total", w),
        CheckStatus::Fail
    );
}

#[test]
fn results_total_uses_other_handling_in_gb2019() {
    let mut r = seed();
    set(&mut r, "applications", "other_handling", "total", Some(2.0));
    assert_eq!(
        status(
            &r,
            "applications.results_total",
            "applications/results_total/total"
        ),
        CheckStatus::Fail
    );
}

#[test]
fn applications_row_total_passes_and_fails() {
    let mut r = seed();
    let w = "applications/granted/total";
    assert_eq!(status(&r, "applications.row_total", w), CheckStatus::Pass);
    set(&mut r, "applications", "granted", "total", Some(5.0));
    assert_eq!(status(&r, "applications.row_total", w), CheckStatus::Fail);
}

#[test]
fn review_row_total_passes_and_fails() {
    let mut r = seed();
    let w = "review_litigation/review/total";
    assert_eq!(
        status(&r, "review_litigation.row_total", w),
        CheckStatus::Pass
    );
    set(&mut r, "review_litigation", "review", "upheld", Some(10.0));
    assert_eq!(
        status(&r, "review_litigation.row_total", w),
        CheckStatus::Fail
    );
}

#[test]
fn values_domain_passes_and_fails() {
    let mut r = seed();
    assert_eq!(
        status(&r, "values.domain", "applications"),
        CheckStatus::Pass
    );
    // gb2019 `change` may be negative.
    set(&mut r, "art20_5", "admin_license", "change", Some(-2.0));
    assert_eq!(status(&r, "values.domain", "art20_5"), CheckStatus::Pass);
    set(
        &mut r,
        "applications",
        "granted",
        "natural_person",
        Some(-1.0),
    );
    assert_eq!(
        status(&r, "values.domain", "applications/granted/natural_person"),
        CheckStatus::Fail
    );
    set(&mut r, "applications", "granted", "total", Some(1.5));
    assert_eq!(
        status(&r, "values.domain", "applications/granted/total"),
        CheckStatus::Fail
    );
}

#[test]
fn values_complete_passes_and_fails() {
    let mut r = seed();
    assert_eq!(status(&r, "values.complete", "art20_1"), CheckStatus::Pass);
    r.tables
        .get_mut("art20_1")
        .unwrap()
        .shift_remove("regulations");
    assert_eq!(
        status(&r, "values.complete", "art20_1/regulations"),
        CheckStatus::Fail
    );
}

#[test]
fn structure_sections_passes_and_fails() {
    let mut r = seed();
    assert_eq!(
        status(&r, "structure.sections", "sections"),
        CheckStatus::Pass
    );
    r.sections.retain(|s| s.number != 5);
    assert_eq!(
        status(&r, "structure.sections", "sections"),
        CheckStatus::Fail
    );
}

#[test]
fn narrative_passes_and_fails() {
    let mut r = seed();
    let w = "applications/new_received/total";
    assert_eq!(status(&r, "narrative.matches_tables", w), CheckStatus::Pass);
    set(&mut r, "applications", "new_received", "total", Some(4.0));
    let c = check_record(&r)
        .into_iter()
        .find(|c| c.rule == "narrative.matches_tables")
        .unwrap();
    assert_eq!(c.status, CheckStatus::Fail);
    assert_eq!(c.severity, xxgk::record::Severity::Warning);
}

#[test]
fn every_single_report_rule_is_evaluated() {
    let r = seed();
    let checks = check_record(&r);
    let spec = xxgk::template::spec::Spec::builtin().version(r.template);
    for rule in spec.rules.iter().filter(|r| r.scope.is_none()) {
        assert!(
            checks.iter().any(|c| c.rule == rule.id),
            "rule {} not evaluated",
            rule.id
        );
    }
}

#[test]
fn checks_never_change_values() {
    let mut r = seed();
    set(&mut r, "applications", "granted", "total", Some(5.0));
    let before = serde_json::to_string(&r.tables).unwrap();
    let _ = check_record(&r);
    assert_eq!(before, serde_json::to_string(&r.tables).unwrap());
}

mod labels {
    use xxgk::template::label::{core, similarity};

    #[test]
    fn variants_and_typos() {
        assert!(
            core("（二）部分公开（区别处理的，只计这一情形，不计其他情形）")
                .starts_with("部分公开")
        );
        assert_eq!(
            core("3、危及\"三安全一稳定\""),
            core("3.危及“三安全一稳定”")
        );
        assert_eq!(core("(四) 无法提供"), "无法提供");
        assert!(
            similarity(
                &core("2.其他法律行政止公开"),
                &core("2.其他法律行政法规禁止公开")
            ) >= 0.8
        );
        assert!(similarity(&core("行政许可"), &core("行政处罚")) < 0.8);
    }
}

mod values {
    use xxgk::normalize::{parse_cell, Value};

    #[test]
    fn conventions_of_the_spec() {
        assert_eq!(parse_cell("", None), Value::Blank);
        assert_eq!(parse_cell("\u{a0}", None), Value::Blank);
        assert_eq!(parse_cell("０", None), Value::Number(0.0));
        assert_eq!(parse_cell("１２６", None), Value::Number(126.0));
        assert_eq!(parse_cell("1,234", None), Value::Number(1234.0));
        for zero in ["—", "-", "--", "/", "无", "不适用"] {
            assert_eq!(parse_cell(zero, None), Value::Number(0.0), "{zero}");
        }
        assert_eq!(parse_cell("22（其中修订16件）", None), Value::Number(22.0));
        assert_eq!(parse_cell("7730.28", Some("万元")), Value::Number(7730.28));
        assert_eq!(parse_cell("536318元", Some("万元")), Value::Number(53.6318));
        assert_eq!(parse_cell("见附件", None), Value::Unreadable);
    }
}

mod words {
    /// 本年增/减 written in words reads as a signed number and keeps its place.
    #[test]
    fn change_in_words() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/text/gb2019_2020.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let varied = text.replacen("行政许可\t23\t-2\t1184", "行政许可\t23\t减少2\t1184", 1);
        assert_ne!(varied, text);
        let rec =
            xxgk::extract_bytes("w.txt", varied.as_bytes(), &xxgk::Settings::default()).unwrap();
        let row = serde_json::to_value(&rec.tables["art20_5"]["admin_license"]).unwrap();
        assert_eq!(
            row,
            serde_json::json!({"prev_year_items": 23, "change": -2, "decisions": 1184})
        );
    }
}
