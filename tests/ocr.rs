//! Scanned reports through OCR, end to end, on the committed scans in
//! `tests/fixtures/scanned/` (made by `scripts/make_scans.py` from the
//! project's own PDFs: rendered, skewed, noised, JPEG / CCITT G4 / Flate,
//! 150–300 dpi). The OCR engine (Tesseract) is the real one.
//!
//! What must hold: every scan gives a record; no number is emitted that the
//! report does not print (a value is the printed one or null); at least
//! 90 % of cells are right (measured figures in docs/ocr.md); no error-severity check fails that the printed
//! report does not really break; the pages read by OCR are named in
//! `source.ocr`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scanned(name: &str) -> PathBuf {
    manifest().join("tests/fixtures/scanned").join(name)
}

fn xxgk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
}

fn extract(path: &Path, args: &[&str]) -> (Option<Value>, String) {
    let out = xxgk()
        .args(args)
        .arg("extract")
        .arg(path)
        .output()
        .expect("run xxgk");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    if !out.status.success() {
        return (None, stderr);
    }
    (
        Some(serde_json::from_slice(&out.stdout).expect("one JSON record")),
        stderr,
    )
}

fn truth(case: &str) -> Value {
    let text = std::fs::read_to_string(scanned(&format!("{case}.truth.json"))).expect("truth");
    serde_json::from_str(&text).expect("truth JSON")
}

/// (cells right, cells, wrong numbers emitted, false alarms).
fn score(record: &Value, truth: &Value) -> (usize, usize, Vec<String>, Vec<String>) {
    let (mut right, mut total, mut wrong) = (0, 0, Vec::new());
    for (t, rows) in truth["tables"].as_object().unwrap() {
        for (r, cols) in rows.as_object().unwrap() {
            for (c, want) in cols.as_object().unwrap() {
                total += 1;
                let got = &record["tables"][t][r][c];
                match (want.as_f64(), got.as_f64()) {
                    (Some(a), Some(b)) if (a - b).abs() < 1e-6 => right += 1,
                    (None, None) if want.is_null() && got.is_null() => right += 1,
                    (_, Some(b)) => wrong.push(format!("{t}.{r}.{c}: want {want} got {b}")),
                    _ => {}
                }
            }
        }
    }
    let expected: Vec<&str> = truth["source_inconsistencies"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["rule"].as_str()).collect())
        .unwrap_or_default();
    let false_alarms = record["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail" && c["severity"] == "error")
        .filter_map(|c| c["rule"].as_str())
        .filter(|r| !expected.contains(r))
        .map(String::from)
        .collect();
    (right, total, wrong, false_alarms)
}

fn check_scan(case: &str, ocr_pages: &[u64]) {
    let (rec, stderr) = extract(&scanned(&format!("{case}.pdf")), &[]);
    let rec = rec.unwrap_or_else(|| panic!("{case}: no record: {stderr}"));
    let truth = truth(case);
    let (right, total, wrong, false_alarms) = score(&rec, &truth);
    assert!(wrong.is_empty(), "{case}: numbers not printed: {wrong:?}");
    assert!(
        false_alarms.is_empty(),
        "{case}: false alarms {false_alarms:?}"
    );
    assert!(
        right * 100 >= total * 90,
        "{case}: only {right} of {total} cells right"
    );
    assert_eq!(rec["template"], truth["template"], "{case}");
    let pages: Vec<u64> = rec["source"]["ocr"]
        .as_array()
        .expect("source.ocr")
        .iter()
        .map(|p| p.as_u64().unwrap())
        .collect();
    assert_eq!(pages, ocr_pages, "{case}: pages read by OCR");
    // Every value on a scanned page carries its confidence; an uncertain
    // one is null unless the report's arithmetic chose it.
    for c in rec["cells"].as_array().unwrap() {
        let Some(ocr) = c.get("ocr") else { continue };
        assert!(ocr["confidence"].is_number(), "{case}: {c}");
        if ocr["uncertain"] == true && ocr.get("chosen_from").is_none() {
            assert!(c["value"].is_null(), "{case}: uncertain but not null: {c}");
        }
    }
}

#[test]
fn jpeg_scan_200_dpi() {
    check_scan("scan_jpeg200_lo_docx_gb2021_2022", &[0, 1, 2]);
}

#[test]
fn jpeg_scan_150_dpi() {
    check_scan("scan_jpeg150_chrome_gb2019_2020", &[0, 1, 2]);
}

#[test]
fn ccitt_g4_scan_300_dpi() {
    check_scan("scan_g4_300_lo_docx_gb2021_2023", &[0, 1, 2]);
}

/// Light grey borders that the scan left dashed, one pixel wide and
/// stepped, most horizontal ones lost on its turned pages: the faint rules
/// are found, and the rows of the table whose rules between rows were lost
/// are put back from its numbers and labels.
#[test]
fn faint_rules_g4_scan_300_dpi() {
    check_scan("scan_g4_300_lo_html_gb2021_2023", &[0, 1, 2, 3]);
}

#[test]
fn flate_scan_200_dpi() {
    check_scan("scan_flate200_chrome_gb2021h_2024", &[0, 1, 2]);
}

/// The first page keeps its text layer; only the scanned pages are OCR'd.
#[test]
fn mixed_text_and_scanned_pages() {
    check_scan("scan_mixed_chrome_gb2021_2022", &[1, 2]);
}

/// A report whose printed totals are wrong still fails its checks when
/// scanned: (七)总计 / 自然人 is printed 29 while its rows sum to 28.
#[test]
fn a_real_inconsistency_survives_ocr() {
    let (rec, stderr) = extract(&scanned("scan_mixed_chrome_gb2021_2022.pdf"), &[]);
    let rec = rec.unwrap_or_else(|| panic!("no record: {stderr}"));
    let status = |rule: &str, location: &str| {
        rec["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule"] == rule && c["where"] == location)
            .map(|c| c["status"].as_str().unwrap().to_string())
    };
    assert_eq!(
        status(
            "applications.results_total",
            "applications/results_total/natural_person"
        )
        .as_deref(),
        Some("fail")
    );
}

/// `--ocr never` refuses a scan as before, and reads only the text pages
/// of a mixed file.
#[test]
fn ocr_modes() {
    let (rec, stderr) = extract(
        &scanned("scan_flate200_chrome_gb2021h_2024.pdf"),
        &["--ocr", "never"],
    );
    assert!(rec.is_none());
    assert!(stderr.contains("no text layer"), "{stderr}");
    let (rec, _) = extract(
        &scanned("scan_mixed_chrome_gb2021_2022.pdf"),
        &["--ocr", "never"],
    );
    let rec = rec.expect("the text page still gives a record");
    assert!(rec["source"].get("ocr").is_none());
}

#[test]
fn text_command_reads_a_scan() {
    let out = xxgk()
        .arg("text")
        .arg(scanned("scan_flate200_chrome_gb2021h_2024.pdf"))
        .output()
        .expect("run xxgk");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("政府信息公开"), "{text}");
}
