//! End-to-end: reports in, records out, compared with hand-checked truth.
//!
//! Truth files (`*.truth.json`) use the layout of `../shared/corpus`: meta,
//! `tables.<table>.<row>.<column>`, and `source_inconsistencies` (the rules
//! the published report itself breaks).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn xxgk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
}

/// Runs `xxgk extract FILE` and parses the record.
fn extract(path: &Path) -> Result<Value, String> {
    let out = xxgk().arg("extract").arg(path).output().expect("run xxgk");
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())
}

/// Differences between a record and its truth, one line each.
fn compare(record: &Value, truth: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    for key in ["agency", "year", "template"] {
        if record[key] != truth[key] {
            diffs.push(format!("{key}: want {} got {}", truth[key], record[key]));
        }
    }
    let want = truth["tables"].as_object().expect("truth tables");
    for (t, rows) in want {
        for (r, cols) in rows.as_object().unwrap() {
            for (c, v) in cols.as_object().unwrap() {
                let got = &record["tables"][t][r][c];
                let same = match (v.as_f64(), got.as_f64()) {
                    (Some(a), Some(b)) => (a - b).abs() < 1e-6,
                    _ => v.is_null() && got.is_null() && record["tables"][t][r].get(c).is_some(),
                };
                if !same {
                    diffs.push(format!("{t}.{r}.{c}: want {v} got {got}"));
                }
            }
        }
    }
    let failing: Vec<(&str, &str)> = record["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| (c["rule"].as_str().unwrap(), c["severity"].as_str().unwrap()))
        .collect();
    let expected: Vec<&str> = truth["source_inconsistencies"]
        .as_array()
        .map(|a| a.iter().map(|i| i["rule"].as_str().unwrap()).collect())
        .unwrap_or_default();
    for rule in &expected {
        if !failing.iter().any(|(r, _)| r == rule) {
            diffs.push(format!("inconsistency {rule} not caught"));
        }
    }
    for (rule, sev) in &failing {
        if *sev == "error" && !expected.contains(rule) {
            diffs.push(format!("false alarm: {rule}"));
        }
    }
    diffs
}

/// Every `<case>.truth.json` in `dir` with its one input file.
fn cases(dir: &Path) -> Vec<(String, PathBuf, Value)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut names: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    names.sort();
    for p in &names {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let Some(case) = name.strip_suffix(".truth.json") else {
            continue;
        };
        let input = names.iter().find(|q| {
            let n = q.file_name().unwrap().to_string_lossy();
            n.starts_with(&format!("{case}.")) && !n.ends_with(".truth.json")
        });
        let Some(input) = input else { continue };
        let truth: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        out.push((case.to_string(), input.clone(), truth));
    }
    out
}

fn check_dir(dir: &Path, only: Option<&[&str]>) -> usize {
    let mut failures = Vec::new();
    let mut n = 0;
    for (case, input, truth) in cases(dir) {
        if only.is_some_and(|o| !o.contains(&case.as_str())) {
            continue;
        }
        n += 1;
        match extract(&input) {
            Ok(rec) => {
                let d = compare(&rec, &truth);
                if !d.is_empty() {
                    failures.push(format!(
                        "{case}: {} differences:\n  {}",
                        d.len(),
                        d.join("\n  ")
                    ));
                }
            }
            Err(e) => failures.push(format!("{case}: no record: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    n
}

#[test]
fn seed_report_matches_truth() {
    let n = check_dir(&manifest().join("fixtures"), None);
    assert_eq!(n, 1);
}

#[test]
fn text_fixtures_match_truth() {
    assert!(check_dir(&manifest().join("tests/fixtures/text"), None) >= 3);
}

/// `pdftotext -layout` dumps of the fixture PDFs: no tabs, blank cells
/// vanish, columns are read from character positions.
#[test]
fn pdftotext_layout_dumps_match_truth() {
    assert!(check_dir(&manifest().join("tests/fixtures/pdftotext"), None) >= 30);
}

#[test]
fn html_fixtures_match_truth() {
    assert!(check_dir(&manifest().join("tests/fixtures/html"), None) >= 3);
}

#[test]
fn pdf_fixtures_from_every_producer_match_truth() {
    // LibreOffice (docx, HTML, borderless), Chromium, reportlab (embedded TTF,
    // STSong-Light), hand-written GBK-EUC-H / UniGB-UTF16-H, owner-password
    // encryption, a 100-page document.
    assert!(check_dir(&manifest().join("tests/fixtures/pdf"), None) >= 30);
}

/// The cases of `../shared/corpus` that xxgk reads completely today.
const CORPUS_PERFECT: &[&str] = &[
    "seed_guyuan_2020",
    "002_hongze_2023",
    "004_shkewei_2024",
    "014_shanghaibgt_2019",
];

#[test]
fn shared_corpus_cases_match_truth() {
    let dir = manifest().join("../shared/corpus");
    if !dir.exists() {
        eprintln!("SKIPPED: ../shared/corpus not found; corpus cases not checked");
        return;
    }
    assert_eq!(check_dir(&dir, Some(CORPUS_PERFECT)), CORPUS_PERFECT.len());
}

/// Runs the project's scorer over the shared corpus and checks its summary:
/// the perfect cases stay perfect and no case raises a false alarm.
#[test]
fn score_py_over_shared_corpus() {
    let dir = manifest().join("../shared/corpus");
    let score = manifest().join("../shared/tools/score.py");
    if !dir.exists() || !score.exists() {
        eprintln!("SKIPPED: ../shared/corpus or ../shared/tools/score.py not found");
        return;
    }
    let json = tempfile::NamedTempFile::new().unwrap();
    let out = Command::new("python3")
        .arg(&score)
        .arg("--xxgk")
        .arg(env!("CARGO_BIN_EXE_xxgk"))
        .arg("--json")
        .arg(json.path())
        .arg(&dir)
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            eprintln!("SKIPPED: python3 not available ({e})");
            return;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    eprintln!("{text}");
    let results: Vec<Value> = serde_json::from_slice(&std::fs::read(json.path()).unwrap()).unwrap();
    for r in &results {
        let case = r["case"].as_str().unwrap();
        assert_eq!(
            r["false_alarms"].as_array().unwrap().len(),
            0,
            "{case}: false alarms {}",
            r["false_alarms"]
        );
        if CORPUS_PERFECT.contains(&case) {
            assert_eq!(r["correct"], r["cells"], "{case}");
            assert_eq!(r["missed"], 0, "{case}");
        }
    }
}

#[test]
fn records_validate_against_the_json_schema() {
    let schema: Value = serde_json::from_str(xxgk::record::RECORD_JSON_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut inputs = vec![manifest().join("fixtures/seed_guyuan_2020.txt")];
    for sub in ["text", "html"] {
        inputs.extend(
            cases(&manifest().join("tests/fixtures").join(sub))
                .into_iter()
                .map(|c| c.1),
        );
    }
    for input in inputs {
        let rec = extract(&input).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&rec)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "{}: {}",
            input.display(),
            errors.join("; ")
        );
    }
}

#[test]
fn provenance_points_back_to_the_text() {
    let rec = extract(&manifest().join("fixtures/seed_guyuan_2020.txt")).unwrap();
    let cell = rec["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["table"] == "art20_9" && c["column"] == "procurement_amount")
        .expect("provenance for the procurement amount");
    assert_eq!(cell["raw"], "53.6318 万元");
    assert_eq!(cell["value"], 53.6318);
    let line_no = cell["line_number"].as_u64().unwrap() as usize;
    let text = std::fs::read_to_string(manifest().join("fixtures/seed_guyuan_2020.txt")).unwrap();
    assert!(text
        .lines()
        .nth(line_no - 1)
        .unwrap()
        .contains("53.6318 万元"));
}

#[test]
fn schema_command_prints_the_schema() {
    let out = xxgk().arg("schema").output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

#[test]
fn bad_input_gives_one_line_error_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notice.pdf");
    std::fs::write(&bad, "这不是PDF").unwrap();
    let out = xxgk().arg("extract").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("notice.pdf") && err.contains("no %PDF- header"),
        "{err}"
    );
}

#[test]
fn unrelated_text_is_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("notice.txt");
    std::fs::write(
        &f,
        "关于举办政务公开培训班的通知\n各单位：\n定于下周举办培训班。\n",
    )
    .unwrap();
    let out = xxgk().arg("extract").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not a 政府信息公开工作年度报告 (no template tables found)"),
        "{err}"
    );
}

#[test]
fn several_files_give_ndjson_and_a_bad_file_does_not_stop_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("empty.txt");
    std::fs::write(&bad, "").unwrap();
    let seed = manifest().join("fixtures/seed_guyuan_2020.txt");
    let text2 = manifest().join("tests/fixtures/text/gb2021_2023.txt");
    let out = xxgk()
        .arg("extract")
        .arg(&seed)
        .arg(&bad)
        .arg(&text2)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    for l in lines {
        let v: Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["schema"], "xxgk.record/1");
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.txt"));
}

#[test]
fn strict_exits_1_on_a_report_that_breaks_its_arithmetic() {
    let case = manifest().join("tests/fixtures/text/gb2021_2022.txt");
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(manifest().join("tests/fixtures/text/gb2021_2022.truth.json"))
            .unwrap(),
    )
    .unwrap();
    assert!(!truth["source_inconsistencies"]
        .as_array()
        .unwrap()
        .is_empty());
    let plain = xxgk().arg("extract").arg(&case).output().unwrap();
    assert_eq!(plain.status.code(), Some(0));
    let strict = xxgk()
        .args(["extract", "--strict"])
        .arg(&case)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let seed = xxgk()
        .args(["extract", "--strict"])
        .arg(manifest().join("fixtures/seed_guyuan_2020.txt"))
        .output()
        .unwrap();
    assert_eq!(seed.status.code(), Some(0));
}

#[test]
fn rows_beyond_the_format_go_to_extra_rows() {
    let seed = std::fs::read_to_string(manifest().join("fixtures/seed_guyuan_2020.txt")).unwrap();
    let text = seed.replace(
        "规范性文件\t0\t0\t0\n",
        "规范性文件\t0\t0\t0\n其他主动公开文件\t5\t0\t12\n",
    );
    assert_ne!(text, seed);
    let rec =
        xxgk::extract_bytes("extra.txt", text.as_bytes(), &xxgk::Settings::default()).unwrap();
    assert_eq!(rec.extra_rows.len(), 1);
    let extra = &rec.extra_rows[0];
    assert_eq!(
        (
            extra.table.as_str(),
            extra.key.as_str(),
            extra.label.as_str()
        ),
        ("art20_1", "extra_1", "其他主动公开文件")
    );
    let v: Vec<Option<f64>> = extra.values.values().map(|v| v.map(|n| n.0)).collect();
    assert_eq!(v, [Some(5.0), Some(0.0), Some(12.0)]);
    // The format's rows are untouched.
    assert_eq!(
        serde_json::to_value(&rec.tables["art20_1"]).unwrap(),
        serde_json::json!({
            "regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
            "normative_docs": {"new_made": 0, "new_published": 0, "total_published": 0}
        })
    );
}

#[test]
fn a_budget_table_alone_is_not_a_report() {
    let text = "某某局2023年部门预算\n一、收入支出预算总表\n项目\t金额\n行政事业性收费\t120\n政府集中采购\t3\t45\n";
    let err =
        xxgk::extract_bytes("budget.txt", text.as_bytes(), &xxgk::Settings::default()).unwrap_err();
    assert_eq!(err.reason_code(), "not_a_report");
}

/// Crawler dumps whose table cells run together ("640020470"): every cell
/// the report's totals pin down is read right, and a run that stays
/// ambiguous as text (the truth took it from the page's HTML, and lists it
/// as uncertain) is left null rather than guessed.
#[test]
fn glued_web_dumps_read_every_unambiguous_cell() {
    let dir = manifest().join("../shared/corpus");
    if !dir.exists() {
        eprintln!("SKIPPED: ../shared/corpus not found");
        return;
    }
    let mut n = 0;
    for (case, input, truth) in cases(&dir) {
        if !case.contains("pingtan") {
            continue;
        }
        n += 1;
        let rec = extract(&input).unwrap();
        let uncertain: Vec<&str> = truth["uncertain"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap())
            .collect();
        for d in compare(&rec, &truth) {
            let path = d.split(':').next().unwrap();
            let allowed = uncertain.contains(&path) && d.ends_with("got null");
            assert!(allowed, "{case}: {d}");
        }
    }
    assert!(n >= 3);
}

/// A report PDF with one page that has no text layer (as when a scanned page
/// is appended): the record is made and the page is named in a warning.
#[test]
fn a_page_without_text_is_reported() {
    use lopdf::{dictionary, Object};
    let path = manifest().join("tests/fixtures/pdf/chrome_gb2021_2023.pdf");
    let mut doc = lopdf::Document::load(&path).unwrap();
    let pages_id = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let blank = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    let pages = doc.get_object_mut(pages_id).unwrap().as_dict_mut().unwrap();
    let count = pages.get(b"Count").unwrap().as_i64().unwrap();
    pages.set("Count", Object::Integer(count + 1));
    pages
        .get_mut(b"Kids")
        .unwrap()
        .as_array_mut()
        .unwrap()
        .push(Object::Reference(blank));
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let rec = xxgk::extract_bytes("mixed.pdf", &bytes, &xxgk::Settings::default()).unwrap();
    let last = format!("page {}: no text layer", count + 1);
    assert!(
        rec.warnings.iter().any(|w| w.starts_with(&last)),
        "{:?}",
        rec.warnings
    );
    assert_eq!(rec.source.pages, Some(count as usize + 1));
}

#[test]
fn debug_draws_a_page_as_svg() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("p1.svg");
    let pdf = manifest().join("tests/fixtures/pdf/lo_docx_gb2021_2022.pdf");
    let out = xxgk()
        .arg("debug")
        .arg(&pdf)
        .args(["--page", "1", "--svg"])
        .arg(&svg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.trim_end().ends_with("</svg>"));
    for layer in ["id=\"glyphs\"", "id=\"rules\"", "id=\"cells\""] {
        assert!(text.contains(layer), "{layer}");
    }
    let none = xxgk()
        .arg("debug")
        .arg(&pdf)
        .args(["--page", "99", "--svg"])
        .arg(&svg)
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no page 99"));
}

/// A note inside the table area that names a row and a number ("（一）予以
///公开 3") does not take the row from the table line that follows.
#[test]
fn prose_naming_a_row_does_not_take_the_tables_row() {
    let seed = std::fs::read_to_string(manifest().join("fixtures/seed_guyuan_2020.txt")).unwrap();
    let first_row = "一、本年新收政府信息公开申请数量";
    let text = seed.replacen(first_row, &format!("注：（一）予以公开 3\n{first_row}"), 1);
    assert_ne!(text, seed);
    let rec =
        xxgk::extract_bytes("prose.txt", text.as_bytes(), &xxgk::Settings::default()).unwrap();
    let granted = serde_json::to_value(&rec.tables["applications"]["granted"]).unwrap();
    assert_eq!(granted["natural_person"], 0);
    assert_eq!(granted["total"], 0);
}

/// A PDF cut short still gives what can be read, and the record says the
/// file is truncated; an empty file is refused as such.
#[test]
fn truncated_and_empty_pdfs_say_so() {
    let pdf = manifest().join("tests/fixtures/pdf/truncated.pdf");
    let rec = extract(&pdf).expect("the first page survives the cut");
    let warnings = rec["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("truncated")),
        "{warnings:?}"
    );
    let out = xxgk()
        .arg("extract")
        .arg(manifest().join("tests/fixtures/pdf/empty.pdf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty file"));
}

/// Printed variants of short row labels: 其它 for 其他, 合计 for 总计.
#[test]
fn short_label_variants_are_recognised() {
    let path = manifest().join("tests/fixtures/text/gb2021_2022.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let varied = text
        .replacen("3.其他\t", "3.其它\t", 1)
        .replacen("（七）总计", "（七）合计", 1);
    assert_ne!(varied, text);
    let plain = xxgk::extract_bytes("a.txt", text.as_bytes(), &xxgk::Settings::default()).unwrap();
    let rec = xxgk::extract_bytes("b.txt", varied.as_bytes(), &xxgk::Settings::default()).unwrap();
    for row in ["other_other", "results_total"] {
        assert_eq!(
            serde_json::to_value(&rec.tables["applications"][row]).unwrap(),
            serde_json::to_value(&plain.tables["applications"][row]).unwrap(),
            "{row}"
        );
    }
}

/// The trait fixtures (reports from real producers combining the traits
/// that break table reading: sparse and blank columns, prose near tables,
/// table 四 in four shapes, wrapped titles and labels, unruled and
/// three-line tables, tables across pages, pipe and tab text, …): every
/// cell is right, or null with a warning naming its table; a number that
/// differs from the printed one always fails; metadata right; the planted
/// arithmetic errors caught and no false alarm. Tables whose structure the
/// source states (DOCX, HTML, ruled PDF) come out whole.
#[test]
fn trait_fixtures_never_give_a_wrong_number() {
    let dir = manifest().join("tests/fixtures/traits");
    let whole = ["docx_", "html_", "pdf_chrome_t044", "pdf_lo_docx_t063"];
    let mut failures = Vec::new();
    let mut n = 0;
    for (case, input, truth) in cases(&dir) {
        n += 1;
        let rec = match extract(&input) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{case}: no record: {e}"));
                continue;
            }
        };
        let warnings: Vec<&str> = rec["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| w.as_str())
            .collect();
        let must_be_whole = whole.iter().any(|w| case.starts_with(w));
        for d in compare(&rec, &truth) {
            // "t.r.c: want W got G"
            let key = d.split(':').next().unwrap_or("");
            let table = key.split('.').next().unwrap_or("");
            let null_with_warning = d.ends_with("got null")
                && !must_be_whole
                && warnings.iter().any(|w| w.starts_with(table));
            if !null_with_warning {
                failures.push(format!("{case}: {d}"));
            }
        }
    }
    assert!(n >= 18, "only {n} trait fixtures");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A Word document: paragraphs and tables (gridSpan, vMerge) read like the
/// PDF and the web page of the same report.
#[test]
fn docx_reports_are_read() {
    let docx = manifest().join("tests/fixtures/traits/docx_t049.docx");
    let rec = extract(&docx).expect("a record");
    assert_eq!(rec["source"]["format"], "docx");
    assert_eq!(rec["agency"], "庆元县石桥镇人民政府");
    let lo = rec["tables"]["applications"]["new_received"]["total"].as_f64();
    assert!(lo.is_some(), "{}", rec["tables"]["applications"]);
}

/// Legacy Word (.doc) and WPS files are refused with the format named and
/// how to convert; an OFD or a zip that is no DOCX says what it is.
#[test]
fn legacy_office_and_other_packages_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let ole = [0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    for (name, bytes, want) in [
        ("report.doc", ole.to_vec(), "legacy Word .doc"),
        ("report.wps", ole.to_vec(), "WPS Office .wps"),
    ] {
        let f = dir.path().join(name);
        std::fs::write(&f, &bytes).unwrap();
        let out = xxgk().arg("extract").arg(&f).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(name) && err.contains(want) && err.contains("--convert-to docx"),
            "{err}"
        );
    }
    // An OFD package: a zip with OFD.xml.
    let ofd = dir.path().join("report.ofd");
    {
        let file = std::fs::File::create(&ofd).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        zip.start_file("OFD.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, b"<ofd:OFD/>").unwrap();
        zip.finish().unwrap();
    }
    let out = xxgk().arg("extract").arg(&ofd).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("report.ofd") && err.contains("OFD"), "{err}");
}

/// `xxgk tables` prints the table model: origin, grid, spans.
#[test]
fn tables_command_prints_the_grid() {
    let html = manifest().join("tests/fixtures/html/gb2021_2022.html");
    let out = xxgk().arg("tables").arg(&html).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("table 1: html"), "{text}");
    assert!(text.contains("申请人情况"), "{text}");
}

/// Table 四 printed with its labels and no figure: every cell is null (left
/// blank by the report, said in a warning), not a missing table; with one
/// figure printed, the table is read and nothing is said to be blank.
#[test]
fn table_printed_without_figures_is_blank_not_missing() {
    let seed = std::fs::read_to_string(manifest().join("fixtures/seed_guyuan_2020.txt")).unwrap();
    let values = "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n";
    assert!(seed.contains(values));
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.txt");
    std::fs::write(&blank, seed.replace(values, "\n")).unwrap();
    let record = extract(&blank).unwrap();
    let table = &record["tables"]["review_litigation"];
    for row in ["review", "litigation_direct", "litigation_after_review"] {
        for col in ["upheld", "corrected", "other", "pending", "total"] {
            assert!(
                table[row][col].is_null(),
                "{row}.{col}: {}",
                table[row][col]
            );
        }
    }
    let warnings = record["warnings"].to_string();
    assert!(warnings.contains("review_litigation: table"), "{warnings}");
    assert!(warnings.contains("no figure"), "{warnings}");

    let one = dir.path().join("one.txt");
    let row = "3\t\t\t\t3\t\t\t\t\t\t\t\t\t\t\n";
    std::fs::write(&one, seed.replace(values, row)).unwrap();
    let record = extract(&one).unwrap();
    assert!(!record["warnings"].to_string().contains("no figure"));
    assert_eq!(record["tables"]["review_litigation"]["review"]["upheld"], 3);
}

/// A column label misprinted (or misread) so that it matches none of the
/// format's: its values are read as the one column of the format left
/// unnamed between the columns named as its neighbours, with a warning.
/// With two such labels nothing is inferred and both columns stay blank.
#[test]
fn a_column_with_an_unknown_label_is_read_by_elimination() {
    let html = std::fs::read_to_string(manifest().join("tests/fixtures/html/gb2021_2023.html"))
        .expect("fixture");
    let dir = std::env::temp_dir().join(format!("xxgk-elim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let original = extract(&manifest().join("tests/fixtures/html/gb2021_2023.html")).unwrap();
    let column = |r: &Value, col: &str| -> Vec<Value> {
        r["tables"]["applications"]
            .as_object()
            .unwrap()
            .values()
            .map(|row| row[col].clone())
            .collect()
    };
    let expected = column(&original, "commercial_enterprise");
    assert!(expected.iter().any(|v| v.as_f64().is_some_and(|n| n > 0.0)));

    let one = dir.join("one.html");
    std::fs::write(&one, html.replace("商业企业", "商全业让")).unwrap();
    let r = extract(&one).unwrap();
    assert_eq!(column(&r, "commercial_enterprise"), expected);
    assert_eq!(
        column(&r, "research_institution"),
        column(&original, "research_institution")
    );
    let warned = r["warnings"].as_array().unwrap().iter().any(|w| {
        w.as_str()
            .unwrap()
            .contains("one column of the format left unnamed")
    });
    assert!(warned, "{}", r["warnings"]);

    let two = dir.join("two.html");
    std::fs::write(
        &two,
        html.replace("商业企业", "商全业让")
            .replace("科研机构", "科砑杌枸"),
    )
    .unwrap();
    let r = extract(&two).unwrap();
    assert!(column(&r, "commercial_enterprise")
        .iter()
        .all(Value::is_null));
    assert!(column(&r, "research_institution")
        .iter()
        .all(Value::is_null));
    std::fs::remove_dir_all(&dir).ok();
}
