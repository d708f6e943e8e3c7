//! Reports from before the national format (template `pre2019`): the
//! fixtures in `tests/fixtures/pre2019/` (one per shape: space-separated,
//! run together, 其中 rows, only 本年度, 回应解读 rows, 其中 items that do
//! not add up, prose that disagrees with the table), the two real reports of
//! `../shared/corpus/pre2019/` when present, the batch outputs
//! (`indicators.csv`, the SQLite `indicators` table, `series.cumulative_chain`)
//! and the JSON schema.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use xxgk::record::{CheckStatus, Record, TemplateVersion};
use xxgk::Settings;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    manifest().join("tests/fixtures/pre2019").join(name)
}

fn extract(path: &Path) -> Record {
    xxgk::extract_path(path, &Settings::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `(value, cumulative)` of the row with `key`.
fn row(rec: &Record, key: &str) -> (Option<f64>, Option<f64>) {
    let i = rec
        .indicators
        .as_ref()
        .expect("a pre2019 record has indicators")
        .iter()
        .find(|i| i.key.as_deref() == Some(key))
        .unwrap_or_else(|| panic!("{}: no row {key}", rec.source.path));
    (i.value.map(|n| n.0), i.cumulative.map(|n| n.0))
}

/// Every keyed row of the record is exactly `expected` (key, value,
/// cumulative), in printed order: no row more, no row less.
fn assert_rows(rec: &Record, expected: &[(&str, Option<f64>, Option<f64>)]) {
    let got: Vec<(String, Option<f64>, Option<f64>)> = rec
        .indicators
        .as_ref()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i.key.clone().unwrap_or_else(|| format!("?{}", i.label)),
                i.value.map(|n| n.0),
                i.cumulative.map(|n| n.0),
            )
        })
        .collect();
    let want: Vec<(String, Option<f64>, Option<f64>)> = expected
        .iter()
        .map(|(k, v, c)| (k.to_string(), *v, *c))
        .collect();
    assert_eq!(got, want, "{}", rec.source.path);
}

fn statuses(rec: &Record, rule: &str) -> Vec<CheckStatus> {
    rec.checks
        .iter()
        .filter(|c| c.rule == rule)
        .map(|c| c.status)
        .collect()
}

fn parent_key(rec: &Record, key: &str) -> Option<String> {
    let ind = rec.indicators.as_ref().unwrap();
    let i = ind.iter().find(|i| i.key.as_deref() == Some(key))?;
    ind.get(i.parent?)?.key.clone()
}

#[test]
fn space_separated_with_qizhong_rows() {
    let rec = extract(&fixture("space_2013.txt"));
    assert_eq!(rec.template, TemplateVersion::Pre2019);
    assert_eq!(rec.agency.as_deref(), Some("示例县人民政府"));
    assert_eq!(rec.year, Some(2013));
    assert!(rec.tables.is_empty());
    let s = Some;
    assert_rows(
        &rec,
        &[
            ("proactive_total", s(1280.0), s(9650.0)),
            ("proactive_web", s(1100.0), s(8200.0)),
            ("proactive_gazette", s(180.0), s(1450.0)),
            ("applications_received", s(21.0), s(133.0)),
            ("applications_by_channel.in_person", s(5.0), s(40.0)),
            ("applications_by_channel.online", s(12.0), s(70.0)),
            ("applications_by_channel.letter", s(4.0), s(23.0)),
            ("replies_total", s(21.0), s(133.0)),
            ("replies_granted", s(15.0), s(100.0)),
            ("replies_partly_granted", s(4.0), s(20.0)),
            ("replies_denied", s(2.0), s(13.0)),
            ("fees", s(0.0), s(0.0)),
            ("review", s(1.0), s(3.0)),
            ("litigation", s(0.0), s(1.0)),
            ("complaints", s(0.0), s(0.0)),
        ],
    );
    assert_eq!(
        parent_key(&rec, "proactive_gazette").as_deref(),
        Some("proactive_total")
    );
    assert_eq!(
        parent_key(&rec, "applications_by_channel.letter").as_deref(),
        Some("applications_received")
    );
    assert_eq!(
        parent_key(&rec, "replies_denied").as_deref(),
        Some("replies_total")
    );
    let keys: Vec<&str> = rec.sections.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "overview",
            "proactive_disclosure",
            "applications",
            "fees",
            "review_litigation",
            "problems_and_improvements",
            "statistics_table"
        ]
    );
    // Prose figures are recorded beside the table, with their place.
    let stated = rec.stated_figures.as_ref().unwrap();
    let p = stated.iter().find(|s| s.key == "proactive_total").unwrap();
    assert_eq!(p.value.0, 1280.0);
    assert_eq!(p.line_number, Some(5));
    assert!(p.sentence.contains("主动公开政府信息1280条"));
    assert!(stated
        .iter()
        .any(|s| s.key == "applications_received" && s.value.0 == 21.0));
    // Everything adds up and agrees.
    assert!(rec
        .checks
        .iter()
        .filter(|c| c.rule.starts_with("pre2019."))
        .all(|c| c.status == CheckStatus::Pass));
    assert!(statuses(&rec, "pre2019.parts_sum").len() >= 4);
    assert!(rec.warnings.is_empty(), "{:?}", rec.warnings);
}

#[test]
fn run_together_cut_only_where_one_reading_is_left() {
    let rec = extract(&fixture("runtogether_2016.txt"));
    assert_eq!(rec.template, TemplateVersion::Pre2019);
    let s = Some;
    assert_rows(
        &rec,
        &[
            // 条4251516: three cuts; the prose (425条) names one.
            ("proactive_total", s(425.0), s(1516.0)),
            ("proactive_web", s(400.0), s(1400.0)),
            // 条25116: 2|5116 would exceed its total's 1516.
            ("proactive_gazette", s(25.0), s(116.0)),
            ("applications_received", s(7.0), s(130.0)),
            // 件2502、: the next row's numbering taken off.
            ("applications_by_channel.in_person", s(2.0), s(50.0)),
            ("applications_by_channel.online", s(5.0), s(80.0)),
            ("applications_by_channel.letter", s(0.0), s(0.0)),
            ("replies_total", s(7.0), s(130.0)),
            ("review", s(0.0), s(0.0)),
            // 件1213: 1|213 or 12|13, nothing tells them apart.
            ("litigation", None, None),
        ],
    );
    assert!(rec
        .warnings
        .iter()
        .any(|w| w.contains("行政诉讼数") && w.contains("left blank")));
    assert!(rec
        .warnings
        .iter()
        .any(|w| w.contains("主动公开文件数") && w.contains("prose")));
    // The prose chose the cut: not also counted as agreeing with it.
    assert_eq!(
        statuses(&rec, "pre2019.prose_matches_table"),
        [CheckStatus::NotAssessable, CheckStatus::Pass]
    );
    let lit = rec
        .indicators
        .as_ref()
        .unwrap()
        .iter()
        .find(|i| i.key.as_deref() == Some("litigation"))
        .unwrap();
    assert_eq!(lit.raw, "行政诉讼数件1213");
}

#[test]
fn tab_separated_qizhong_lists_and_a_blank_cell() {
    let rec = extract(&fixture("qizhong_tabs_2012.txt"));
    let s = Some;
    assert_rows(
        &rec,
        &[
            ("proactive_total", s(320.0), s(1500.0)),
            ("proactive_web", s(300.0), s(1400.0)),
            ("proactive_gazette", s(20.0), s(100.0)),
            ("applications_received", s(10.0), s(45.0)),
            ("applications_by_channel.in_person", s(3.0), s(15.0)),
            ("applications_by_channel.fax", s(0.0), s(2.0)),
            ("applications_by_channel.email", s(2.0), s(8.0)),
            ("applications_by_channel.online", s(4.0), s(15.0)),
            ("applications_by_channel.letter", s(1.0), s(5.0)),
            ("replies_total", s(10.0), s(45.0)),
            ("replies_granted", s(6.0), s(30.0)),
            ("replies_partly_granted", s(3.0), s(10.0)),
            ("replies_denied", s(1.0), s(5.0)),
            // 历年累计 left blank: null, not 0.
            ("fees", s(0.0), None),
            ("review", s(0.0), s(2.0)),
            ("litigation", s(0.0), s(1.0)),
            ("complaints", s(0.0), s(0.0)),
        ],
    );
    for k in [
        "applications_by_channel.in_person",
        "applications_by_channel.fax",
        "applications_by_channel.email",
        "applications_by_channel.online",
        "applications_by_channel.letter",
    ] {
        assert_eq!(
            parent_key(&rec, k).as_deref(),
            Some("applications_received"),
            "{k}"
        );
    }
    assert_eq!(
        statuses(&rec, "pre2019.parts_sum"),
        [CheckStatus::Pass; 4],
        "channels and replies, both columns"
    );
    let fees = rec.indicators.as_ref().unwrap();
    let fees = fees
        .iter()
        .find(|i| i.key.as_deref() == Some("fees"))
        .unwrap();
    assert_eq!(fees.unit.as_deref(), Some("元"));
    assert_eq!(fees.line_number, Some(21));
}

#[test]
fn only_this_year_column() {
    let rec = extract(&fixture("only_value_2010.txt"));
    let st = &rec.statistics_tables.as_ref().unwrap()[0];
    assert_eq!(st.columns, ["value"]);
    let s = Some;
    assert_rows(
        &rec,
        &[
            ("proactive_total", s(56.0), None),
            ("proactive_web", s(50.0), None),
            ("proactive_gazette", s(6.0), None),
            ("applications_received", s(0.0), None),
            ("replies_total", s(0.0), None),
            ("review", s(0.0), None),
            ("litigation", None, None),
        ],
    );
    assert!(rec
        .warnings
        .iter()
        .any(|w| w.contains("行政诉讼数") && w.contains("blank")));
    assert!(statuses(&rec, "pre2019.cumulative_covers_year").is_empty());
}

#[test]
fn response_and_interpretation_rows_under_their_headings() {
    let rec = extract(&fixture("huiying_2017.txt"));
    let s = Some;
    assert_rows(
        &rec,
        &[
            ("proactive_total", s(2043.0), s(15876.0)),
            ("proactive_normative_docs", s(35.0), s(410.0)),
            ("responses_hot_topics", s(14.0), s(40.0)),
            ("press_conferences", s(6.0), s(20.0)),
            ("press_conferences_by_heads", s(2.0), s(7.0)),
            ("online_interviews", s(3.0), s(11.0)),
            ("policy_interpretations", s(25.0), s(60.0)),
            ("applications_received", s(12.0), s(88.0)),
            ("applications_by_channel.in_person", s(4.0), s(30.0)),
            ("applications_by_channel.online", s(8.0), s(58.0)),
            ("review", s(1.0), s(4.0)),
            ("litigation", s(0.0), s(2.0)),
        ],
    );
    let ind = rec.indicators.as_ref().unwrap();
    let by = |k: &str| ind.iter().find(|i| i.key.as_deref() == Some(k)).unwrap();
    assert_eq!(
        by("policy_interpretations").group.as_deref(),
        Some("二、回应解读情况")
    );
    assert_eq!(by("policy_interpretations").unit.as_deref(), Some("篇"));
    assert_eq!(by("review").group.as_deref(), Some("三、依申请公开情况"));
    assert_eq!(
        parent_key(&rec, "press_conferences_by_heads").as_deref(),
        Some("press_conferences")
    );
    assert!(rec.warnings.is_empty(), "{:?}", rec.warnings);
}

#[test]
fn qizhong_items_that_do_not_add_up_fail_parts_sum() {
    let rec = extract(&fixture("parts_mismatch_2015.txt"));
    // The figures stay as printed.
    assert_eq!(row(&rec, "applications_received"), (Some(9.0), Some(40.0)));
    assert_eq!(
        row(&rec, "applications_by_channel.letter"),
        (Some(1.0), Some(10.0))
    );
    let fails: Vec<_> = rec
        .checks
        .iter()
        .filter(|c| c.rule == "pre2019.parts_sum" && c.status == CheckStatus::Fail)
        .collect();
    assert_eq!(fails.len(), 2, "{fails:?}");
    assert!(fails
        .iter()
        .all(|c| c.location.starts_with("indicators/applications_received/")));
    assert_eq!(fails[0].expected, Some(serde_json::json!(6)));
    assert_eq!(fails[0].found, Some(serde_json::json!(9)));
    // The replies do add up.
    assert!(rec.checks.iter().any(|c| c.rule == "pre2019.parts_sum"
        && c.location.starts_with("indicators/replies_total/")
        && c.status == CheckStatus::Pass));
}

#[test]
fn prose_that_disagrees_with_the_table_is_flagged_not_merged() {
    let rec = extract(&fixture("prose_disagrees_2012.txt"));
    assert_eq!(row(&rec, "proactive_total"), (Some(739.0), Some(5120.0)));
    let stated = rec.stated_figures.as_ref().unwrap();
    let p = stated.iter().find(|s| s.key == "proactive_total").unwrap();
    assert_eq!(p.value.0, 1913.0);
    assert_eq!((p.line_number, p.char_offset), (Some(3), 8));
    let c = rec
        .checks
        .iter()
        .find(|c| c.rule == "pre2019.prose_matches_table" && c.status == CheckStatus::Fail)
        .expect("the disagreement is flagged");
    assert_eq!(c.location, "indicators/proactive_total/value");
    assert_eq!(c.expected, Some(serde_json::json!(1913)));
    assert_eq!(c.found, Some(serde_json::json!(739)));
    // 21件 agrees.
    assert!(rec
        .checks
        .iter()
        .any(|c| c.rule == "pre2019.prose_matches_table"
            && c.location == "indicators/applications_received/value"
            && c.status == CheckStatus::Pass));
}

#[test]
fn notices_and_budget_reports_are_still_refused() {
    for name in ["notice_2014.txt", "budget_2016.txt"] {
        let err =
            xxgk::extract_path(&fixture(name), &Settings::default()).expect_err("not a report");
        assert_eq!(
            err.category(),
            xxgk::error::Category::NotAReport,
            "{name}: {err}"
        );
    }
}

#[test]
fn records_validate_against_the_json_schema() {
    let schema: Value = serde_json::from_str(xxgk::record::RECORD_JSON_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for entry in fs::read_dir(manifest().join("tests/fixtures/pre2019")).unwrap() {
        let path = entry.unwrap().path();
        let Ok(rec) = xxgk::extract_path(&path, &Settings::default()) else {
            continue;
        };
        let v = serde_json::to_value(&rec).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

/// The real reports of `../shared/corpus/pre2019/` give pre2019 records
/// whose figures are those read by hand (`indicators.json`), none wrong.
#[test]
fn shared_pre2019_reports_match_their_hand_reading() {
    let dir = manifest().join("../shared/corpus/pre2019");
    let Ok(truth) = fs::read_to_string(dir.join("indicators.json")) else {
        eprintln!("SKIPPED: ../shared/corpus/pre2019 not found");
        return;
    };
    let truth: Value = serde_json::from_str(&truth).unwrap();
    let (mut right, mut wrong, mut null) = (0, 0, 0);
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let rec = extract(&path);
        assert_eq!(rec.template, TemplateVersion::Pre2019, "{}", path.display());
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let Some(t) = truth.get(stem) else { continue };
        assert_eq!(rec.agency.as_deref(), t["agency"].as_str(), "{stem}");
        assert_eq!(rec.year.map(i64::from), t["year"].as_i64(), "{stem}");
        for (key, want) in t["indicators"].as_object().unwrap() {
            let (v, c) = row(&rec, key);
            for (got, want) in [(v, &want["value"]), (c, &want["cumulative"])] {
                match (got, want.as_f64()) {
                    (Some(g), Some(w)) if g == w => right += 1,
                    (None, _) => null += 1,
                    _ => {
                        wrong += 1;
                        eprintln!("{stem} {key}: {got:?}, hand reading {want}");
                    }
                }
            }
        }
    }
    eprintln!("shared pre2019: {right} right, {null} null, {wrong} wrong");
    assert_eq!(wrong, 0);
    assert_eq!(null, 0);
    assert_eq!(right, 20);
}

fn csv_rows(p: PathBuf) -> Vec<csv::StringRecord> {
    let bytes = fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    csv::Reader::from_reader(bytes)
        .records()
        .map(|r| r.unwrap())
        .collect()
}

/// Two consecutive years of one agency in a batch: `series.cumulative_chain`
/// checks 历年累计(Y) = 历年累计(Y−1) + 本年度(Y); the indicators reach
/// `indicators.csv` and the SQLite `indicators` table.
#[test]
fn batch_outputs_and_the_cumulative_chain() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    let y2013 = fs::read_to_string(fixture("space_2013.txt")).unwrap();
    fs::write(input.join("a_2013.txt"), &y2013).unwrap();
    // The 2014 report of the same agency: 主动公开 1300 this year, so
    // 9650 + 1300 = 10950; the review row is printed wrong (3 + 2 ≠ 6).
    let y2014 = y2013
        .replace("2013", "2014")
        .replace("主动公开政府信息1280条", "主动公开政府信息1300条")
        .replace(
            "主动公开政府信息数 条 1280 9650",
            "主动公开政府信息数 条 1300 10950",
        )
        .replace("行政复议数 件 1 3", "行政复议数 件 2 6");
    fs::write(input.join("b_2014.txt"), &y2014).unwrap();
    let out = tmp.path().join("out");
    let mut o = xxgk::batch::BatchOptions::new(out.clone());
    o.jobs = 1;
    xxgk::batch::run(&[input.to_string_lossy().into_owned()], &o).unwrap();

    let checks = csv_rows(out.join("checks.csv"));
    let chain: Vec<_> = checks
        .iter()
        .filter(|r| &r[1] == "series.cumulative_chain")
        .collect();
    let status = |loc: &str| -> String {
        chain
            .iter()
            .find(|r| r.iter().any(|f| f == loc))
            .map(|r| r[3].to_string())
            .unwrap_or_default()
    };
    assert_eq!(status("indicators/proactive_total/cumulative"), "pass");
    assert_eq!(status("indicators/review/cumulative"), "fail");
    assert!(chain.iter().all(|r| r[0].ends_with("b_2014.txt")));

    let ind = csv_rows(out.join("indicators.csv"));
    assert_eq!(ind.len(), 30);
    let r = ind
        .iter()
        .find(|r| r[0].ends_with("b_2014.txt") && &r[3] == "proactive_total")
        .unwrap();
    assert_eq!(
        (&r[4], &r[5], &r[6], &r[7]),
        ("主动公开政府信息数", "条", "1300", "10950")
    );

    let db = rusqlite::Connection::open(out.join("xxgk.sqlite")).unwrap();
    let one = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(one("SELECT count(*) FROM indicators"), 30);
    assert_eq!(
        one(
            "SELECT cumulative FROM indicators JOIN reports ON reports.id = report_id
             WHERE indicator_key = 'proactive_total' AND reports.year = 2014"
        ),
        10950
    );
    assert_eq!(
        one("SELECT count(*) FROM indicators i JOIN indicators p
             ON p.report_id = i.report_id AND p.seq = i.parent_seq
             WHERE i.indicator_key = 'applications_by_channel.online' AND p.indicator_key = 'applications_received'"),
        2
    );
    assert_eq!(
        one("SELECT count(*) FROM reports WHERE template = 'pre2019'"),
        2
    );
}

fn extract_text(text: &str) -> Record {
    xxgk::extract_bytes("t.txt", text.as_bytes(), &Settings::default()).unwrap()
}

/// A table that prints its figures apart: a row with one figure for two
/// columns has a blank cell, and which one is not certain.
#[test]
fn one_figure_for_two_columns_in_a_table_printed_apart_is_null() {
    let rec = extract_text(
        "示例县2013年政府信息公开工作年度报告\n指标名称计量单位本年度历年累计主动公开政府信息数条1280 9650受理依申请公开信息总数件21 133行政复议数件13\n",
    );
    assert_eq!(row(&rec, "proactive_total"), (Some(1280.0), Some(9650.0)));
    assert_eq!(
        row(&rec, "applications_received"),
        (Some(21.0), Some(133.0))
    );
    assert_eq!(row(&rec, "review"), (None, None));
    assert!(rec
        .warnings
        .iter()
        .any(|w| w.contains("行政复议数") && w.contains("blank")));
}

#[test]
fn thousands_separators_in_table_and_prose() {
    let rec = extract_text(
        "示例县2013年政府信息公开工作年度报告\n一、概述\n全年主动公开政府信息1,280条。\n二、政府信息公开情况统计表\n指标名称 计量单位 本年度 历年累计\n主动公开政府信息数 条 1,280 9,650\n受理依申请公开信息总数 件 ２１ １３３\n",
    );
    assert_eq!(row(&rec, "proactive_total"), (Some(1280.0), Some(9650.0)));
    assert_eq!(
        row(&rec, "applications_received"),
        (Some(21.0), Some(133.0))
    );
    let stated = rec.stated_figures.as_ref().unwrap();
    assert_eq!(stated.len(), 1);
    assert_eq!(stated[0].value.0, 1280.0);
    assert_eq!(
        statuses(&rec, "pre2019.prose_matches_table"),
        [CheckStatus::Pass]
    );
}

/// The audit page of a pre2019 report lays out its statistics table: one
/// row per indicator, with the figures as the record holds them (a blank
/// or uncertain figure is said to be so, never shown as 0).
#[test]
fn audit_page_lists_every_indicator() {
    let path = fixture("parts_mismatch_2015.txt");
    let rec = extract(&path);
    let inds = rec.indicators.clone().expect("a pre2019 record");
    assert!(!inds.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .arg("audit")
        .arg(&path)
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = fs::read_dir(dir.path().join("reports"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .next()
        .expect("one report page");
    for (seq, i) in inds.iter().enumerate() {
        let start = page
            .find(&format!("<tr data-indicator=\"{seq}\">"))
            .unwrap_or_else(|| panic!("indicator {seq} ({}) not on the page", i.label));
        let row = &page[start..start + page[start..].find("</tr>").unwrap()];
        assert!(row.contains(&i.label), "{row}");
        match i.value {
            Some(v) => assert!(
                row.contains(&format!("<td class=\"num\">{}</td>", v.0)),
                "{row}"
            ),
            None => assert!(row.contains("空白或不确定"), "{row}"),
        }
    }
}
