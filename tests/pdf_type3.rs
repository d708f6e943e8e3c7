//! Chromium's Type 3 fonts: `tests/fixtures/pdf/chrome_type3_gb2021_2022.pdf`
//! is the gb2021_2022 report printed by Chromium in Noto Sans CJK SC (CFF),
//! which Skia writes as Type 3 fonts. Their ToUnicode maps glyphs shared
//! with a radical to the radical (`⼯` U+2F2F for 工, `⺠` U+2EA0 for 民);
//! the reader must give back the ideographs and leave full-width `（）` alone.

use std::path::PathBuf;

use lopdf::{Document, Object};
use serde_json::Value;
use xxgk::ingest::pdf::read_document;
use xxgk::Settings;

const NAME: &str = "chrome_type3_gb2021_2022";

fn fixture(ext: &str) -> Option<Vec<u8>> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(format!("{NAME}.{ext}"));
    match std::fs::read(&p) {
        Ok(b) => Some(b),
        Err(_) => {
            eprintln!("note: {} absent, test skipped", p.display());
            None
        }
    }
}

fn is_radical(c: char) -> bool {
    // U+2E80–U+2EFF (CJK Radicals Supplement) and U+2F00–U+2FDF (Kangxi Radicals)
    (0x2E80..=0x2FDF).contains(&(c as u32))
}

/// Radicals named by the ToUnicode CMaps of the Type 3 fonts.
fn radicals_in_tounicode(bytes: &[u8]) -> (usize, Vec<char>) {
    let doc = Document::load_mem(bytes).expect("lopdf loads the fixture");
    let mut type3 = 0;
    let mut found = Vec::new();
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type3".as_slice()) {
            continue;
        }
        type3 += 1;
        let Ok(id) = dict.get(b"ToUnicode").and_then(Object::as_reference) else {
            continue;
        };
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            continue;
        };
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let text = String::from_utf8_lossy(&data);
        // destinations are UTF-16BE hex strings; the sources are one byte (<00>..<FF>)
        for tok in text.split('<').skip(1).filter_map(|t| t.split('>').next()) {
            if tok.len() % 4 != 0 || tok.is_empty() {
                continue;
            }
            let units: Option<Vec<u16>> = (0..tok.len())
                .step_by(4)
                .map(|i| u16::from_str_radix(&tok[i..i + 4], 16).ok())
                .collect();
            if let Some(units) = units {
                found.extend(
                    char::decode_utf16(units)
                        .filter_map(|c| c.ok())
                        .filter(|&c| is_radical(c)),
                );
            }
        }
    }
    found.sort();
    found.dedup();
    (type3, found)
}

#[test]
fn fixture_really_has_type3_fonts_with_radical_tounicode() {
    let Some(bytes) = fixture("pdf") else { return };
    let (type3, radicals) = radicals_in_tounicode(&bytes);
    assert!(
        type3 > 10,
        "expected Chromium's Type 3 fonts, found {type3}"
    );
    for want in ['⼯', '⺠', '⽰', '⼈'] {
        assert!(
            radicals.contains(&want),
            "ToUnicode lacks {want}: {radicals:?}"
        );
    }
}

#[test]
fn type3_text_has_ideographs_not_radicals() {
    let Some(bytes) = fixture("pdf") else { return };
    let doc = read_document(&bytes, &Settings::default()).expect("readable");
    let lines: Vec<String> = doc.lines.iter().map(|l| l.text()).collect();
    let text = lines.join("\n");
    let bad: Vec<char> = text.chars().filter(|&c| is_radical(c)).collect();
    assert!(bad.is_empty(), "radicals left in the text: {bad:?}");
    for want in [
        "示例市生态环境局2022年政府信息公开工作年度报告",
        "中华人民共和国政府信息公开条例",
        "政府信息公开",
        "工作",
        "全年共收到政府信息公开申请33件",
        "被申请行政复议4件",
        "第二十条第（一）项",
        "（七）总计",
        "１２６",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    // full-width brackets are kept (no NFKC): no ASCII bracket anywhere
    assert!(text.contains('（') && text.contains('）'));
    assert!(!text.contains('(') && !text.contains(')'), "{text}");
}

#[test]
fn type3_record_equals_truth() {
    let (Some(bytes), Some(truth)) = (fixture("pdf"), fixture("truth.json")) else {
        return;
    };
    let truth: Value = serde_json::from_slice(&truth).unwrap();
    let rec = xxgk::extract_bytes(&format!("{NAME}.pdf"), &bytes, &Settings::default())
        .expect("a record");
    let rec = serde_json::to_value(&rec).unwrap();
    for key in ["agency", "year", "template"] {
        assert_eq!(rec[key], truth[key], "{key}");
    }
    // a few key cells: "—" → 0, full-width "１２６" → 126, the deliberate 29
    assert_eq!(rec["tables"]["art20_1"]["regulations"]["issued"], 0);
    assert_eq!(rec["tables"]["art20_6"]["admin_penalty"]["decisions"], 126);
    assert_eq!(
        rec["tables"]["applications"]["results_total"]["natural_person"],
        29
    );
    assert_eq!(rec["tables"]["review_litigation"]["review"]["total"], 4);
    // every cell of the truth, and no more
    let mut n_truth = 0;
    let mut diffs = Vec::new();
    for (t, rows) in truth["tables"].as_object().unwrap() {
        for (r, cols) in rows.as_object().unwrap() {
            for (c, v) in cols.as_object().unwrap() {
                n_truth += 1;
                let got = &rec["tables"][t][r][c];
                let same = match (v.as_f64(), got.as_f64()) {
                    (Some(a), Some(b)) => (a - b).abs() < 1e-6,
                    _ => v.is_null() && got.is_null(),
                };
                if !same {
                    diffs.push(format!("{t}.{r}.{c}: want {v} got {got}"));
                }
            }
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    let n_rec: usize = rec["tables"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|rows| rows.as_object().unwrap().values())
        .map(|cols| cols.as_object().unwrap().len())
        .sum();
    assert_eq!(n_truth, 200);
    assert_eq!(n_rec, n_truth, "cells in the record vs the truth");
    // the source error is caught: every rule of source_inconsistencies fails
    let failing: Vec<&str> = rec["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .filter_map(|c| c["rule"].as_str())
        .collect();
    for i in truth["source_inconsistencies"].as_array().unwrap() {
        let rule = i["rule"].as_str().unwrap();
        assert!(failing.contains(&rule), "{rule} not caught: {failing:?}");
    }
}
