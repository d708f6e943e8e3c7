//! PDF text layer and layout: the hongze WPS report, fixture PDFs from real
//! producers, and unit tests of CMaps, widths, radicals and GBK decoding.

use std::path::PathBuf;

use lopdf::Object;
use xxgk::ingest::pdf::cmap::CMap;
use xxgk::ingest::pdf::encoding::Predefined;
use xxgk::ingest::pdf::font::CidWidths;
use xxgk::ingest::pdf::kangxi::{unify_radical, unify_radicals};
use xxgk::ingest::pdf::{read_document, read_pages};
use xxgk::Settings;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> Option<Vec<u8>> {
    let p = manifest().join("tests/fixtures/pdf").join(name);
    match std::fs::read(&p) {
        Ok(b) => Some(b),
        Err(_) => {
            eprintln!("note: {} absent, test skipped", p.display());
            None
        }
    }
}

fn lines_of(bytes: &[u8]) -> Vec<String> {
    let doc = read_document(bytes, &Settings::default()).expect("readable");
    doc.lines.iter().map(|l| l.text()).collect()
}

fn has(lines: &[String], want: &str) -> bool {
    lines.iter().any(|l| l == want)
}

#[test]
fn hongze_2023_tables() {
    let p = manifest().join("../shared/corpus/002_hongze_2023.pdf");
    let Ok(bytes) = std::fs::read(&p) else {
        eprintln!("note: {} absent, test skipped", p.display());
        return;
    };
    let doc = read_document(&bytes, &Settings::default()).unwrap();
    assert_eq!(doc.page_count, Some(5));
    let lines: Vec<String> = doc.lines.iter().map(|l| l.text()).collect();
    for want in [
        "一、本年新收政府信息公开申请数量\t21\t0\t0\t0\t0\t0\t21",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t4\t0\t0\t0\t0\t0\t4",
        "规章\t0\t0\t0",
        "行政规范性文件\t0\t5\t5",
        "行政处罚\t4119",
        "行政事业性收费\t7730.28",
        "三、本年度办理结果",
        "3.补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0",
        "5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0",
        "（七）总计\t21\t0\t0\t0\t0\t0\t21",
        "四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0",
        "10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0",
    ] {
        assert!(
            has(&lines, want),
            "missing line {want:?}\n{}",
            lines.join("\n")
        );
    }
    // The group label comes right before its first row.
    let i = lines
        .iter()
        .position(|l| l == "三、本年度办理结果")
        .unwrap();
    assert!(lines[i + 1].starts_with("（一）予以公开\t"));
    // Page numbers are furniture; table rows are not.
    let furniture: Vec<String> = doc
        .lines
        .iter()
        .filter(|l| l.furniture)
        .map(|l| l.text())
        .collect();
    assert_eq!(furniture.len(), 5, "{furniture:?}");
    assert!(furniture.iter().any(|t| t == "- 3 -"), "{furniture:?}");
    // Vertical writing (Identity-V) was read as such.
    assert!(doc.pages[2].glyphs.iter().any(|g| g.vertical));
}

/// The 三 table rows every gb2021_2023 fixture must produce.
const GB2021_2023_ROWS: &[&str] = &[
    "一、本年新收政府信息公开申请数量\t41\t5\t1\t0\t4\t1\t52",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t4\t1\t0\t0\t0\t0\t5",
    "5．要求行政机关确认或重新出具已获取信息\t1\t0\t0\t0\t0\t0\t1",
    "（七）总计\t42\t5\t1\t0\t3\t1\t52",
    "四、结转下年度继续办理\t2\t1\t0\t0\t\t0\t4",
    "3\t1\t1\t0\t5\t1\t0\t0\t1\t2\t1\t0\t0\t0\t1",
];

fn check_gb2021_2023(name: &str) {
    let Some(b) = fixture(name) else { return };
    let lines = lines_of(&b);
    assert!(
        lines[0].contains("2023年政府信息公开工作年度报告"),
        "{name}: title {:?}",
        lines[0]
    );
    for want in GB2021_2023_ROWS {
        assert!(
            has(&lines, want),
            "{name}: missing {want:?}\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn chromium_type0_identity_h() {
    check_gb2021_2023("chrome_gb2021_2023.pdf");
}

#[test]
fn libreoffice_docx_type1_builtin() {
    check_gb2021_2023("lo_docx_gb2021_2023.pdf");
}

#[test]
fn libreoffice_html_truetype_winansi() {
    let Some(b) = fixture("lo_html_gb2021_2023.pdf") else {
        return;
    };
    let lines = lines_of(&b);
    assert!(has(
        &lines,
        "一、本年新收政府信息公开申请数量\t41\t5\t1\t0\t4\t1\t52"
    ));
    assert!(has(&lines, "（七）总计\t42\t5\t1\t0\t3\t1\t52"));
}

#[test]
fn reportlab_stsong_ucs2_not_embedded() {
    check_gb2021_2023("rl_stsong_gb2021_2023.pdf");
}

#[test]
fn reportlab_embedded_truetype() {
    check_gb2021_2023("rl_ttf_gb2021_2023.pdf");
}

#[test]
fn raw_gbk_euc_h() {
    check_gb2021_2023("raw_gbk_gb2021_2023.pdf");
}

#[test]
fn raw_unigb_utf16_h() {
    check_gb2021_2023("raw_utf16_gb2021_2023.pdf");
}

#[test]
fn owner_password_only_opens() {
    check_gb2021_2023("enc_owner_gb2021_2023.pdf");
}

#[test]
fn long_document() {
    let Some(b) = fixture("long_100pages.pdf") else {
        return;
    };
    let doc = read_document(&b, &Settings::default()).unwrap();
    assert_eq!(doc.page_count, Some(100));
    let lines: Vec<String> = doc.lines.iter().map(|l| l.text()).collect();
    for want in GB2021_2023_ROWS {
        assert!(has(&lines, want), "missing {want:?}");
    }
}

#[test]
fn identity_h_without_tounicode_uses_embedded_cmap() {
    let Some(b) = fixture("chrome_gb2021_2022_notounicode.pdf") else {
        return;
    };
    let lines = lines_of(&b);
    assert!(
        lines[0].contains("2022年政府信息公开工作年度报告"),
        "{:?}",
        lines[0]
    );
    assert!(lines.iter().any(|l| l.starts_with("（七）总计\t")));
}

fn reason(name: &str) -> Option<&'static str> {
    let b = fixture(name)?;
    Some(match read_document(&b, &Settings::default()) {
        Ok(_) => "ok",
        Err(e) => e.reason_code(),
    })
}

#[test]
fn user_password_is_encrypted_error() {
    if let Some(r) = reason("enc_user_gb2021_2023.pdf") {
        assert_eq!(r, "encrypted");
    }
}

/// With OCR off, a scanned PDF is refused as having no text layer; with
/// OCR on (the default) its page images are read (tests/ocr.rs).
#[test]
fn scanned_has_no_text_layer_when_ocr_is_off() {
    let Some(b) = fixture("scanned_gb2019_2020.pdf") else {
        return;
    };
    let mut settings = Settings::default();
    settings.ocr.mode = xxgk::settings::OcrMode::Never;
    let r = read_document(&b, &settings).map(|_| ()).unwrap_err();
    assert_eq!(r.reason_code(), "no_text_layer");
}

#[test]
fn unmappable_fonts_are_unreliable_text() {
    for name in [
        "lo_docx_gb2021_2022_notounicode.pdf",
        "lo_docx_gb2021_2022_tounicode_null.pdf",
        "rl_ttf_gb2019_2020_notounicode.pdf",
    ] {
        if let Some(r) = reason(name) {
            assert_eq!(r, "unreliable_text", "{name}");
        }
    }
}

#[test]
fn readable_non_report_is_not_flagged() {
    if let Some(r) = reason("not_a_report.pdf") {
        assert_eq!(r, "ok");
    }
}

#[test]
fn truncated_pdf_never_panics() {
    if let Some(b) = fixture("truncated.pdf") {
        let _ = read_document(&b, &Settings::default());
    }
}

#[test]
fn garbage_bytes_never_panic() {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for len in [0usize, 8, 100, 1000, 5000] {
        let mut b = b"%PDF-1.7\n".to_vec();
        b.extend((0..len).map(|_| next() as u8));
        // Any error is fine (a contained panic is `Internal`); returning is the test.
        let _ = read_pages(&b);
    }
    // Every prefix of a real file.
    if let Some(real) = fixture("raw_gbk_gb2021_2023.pdf") {
        for cut in (0..real.len()).step_by(real.len() / 40 + 1) {
            let _ = read_pages(&real[..cut]);
        }
        // Flipped bytes inside the body.
        for _ in 0..40 {
            let mut m = real.clone();
            let i = (next() as usize) % m.len();
            m[i] = next() as u8;
            let _ = read_document(&m, &Settings::default());
        }
    }
}

#[test]
fn cmap_bfchar_bfrange_and_codespace() {
    let src = b"/CIDInit /ProcSet findresource begin
        12 dict begin begincmap
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
        /CMapName /Adobe-Identity-UCS def
        1 begincodespacerange <0000> <FFFF> endcodespacerange
        3 beginbfchar
        <0611> <653F>
        <0612> <5E9C>
        <0700> <D840DC00>
        endbfchar
        2 beginbfrange
        <0013> <001C> <0030>
        <0100> <0102> [<4E00> <4E8C> <4E09>]
        endbfrange
        endcmap CMapName currentdict /CMap defineresource pop end end";
    let m = CMap::parse(src);
    assert_eq!(m.codespaces.len(), 1);
    assert_eq!(m.next_code_len(&[0x06, 0x11]), 2);
    assert_eq!(m.lookup(&[0x06, 0x11]).as_deref(), Some("政"));
    assert_eq!(m.lookup(&[0x06, 0x12]).as_deref(), Some("府"));
    assert_eq!(m.lookup(&[0x07, 0x00]).as_deref(), Some("\u{20000}"));
    assert_eq!(m.lookup(&[0x00, 0x15]).as_deref(), Some("2"));
    assert_eq!(m.lookup(&[0x01, 0x01]).as_deref(), Some("二"));
    assert_eq!(m.lookup(&[0x01, 0x03]), None);
    // A one-byte code is not the same code as a two-byte one.
    assert_eq!(m.lookup(&[0x13]), None);
}

#[test]
fn cmap_mixed_codespace_and_cids() {
    let src = b"2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange
        1 begincidrange <8140> <817E> 100 endcidrange
        1 begincidchar <41> 34 endcidchar";
    let m = CMap::parse(src);
    assert_eq!(m.next_code_len(&[0x41, 0x81]), 1);
    assert_eq!(m.next_code_len(&[0x81, 0x42, 0x41]), 2);
    assert_eq!(m.cid(&[0x81, 0x42]), Some(102));
    assert_eq!(m.cid(&[0x41]), Some(34));
}

#[test]
fn cid_widths_both_forms() {
    let i = Object::Integer;
    let w = CidWidths::parse(&[
        i(1),
        Object::Array(vec![i(278), i(556), Object::Real(333.5)]),
        i(16),
        i(25),
        i(500),
        i(100),
        i(100),
        i(1000),
    ]);
    assert_eq!(w.get(1), Some(278.0));
    assert_eq!(w.get(3), Some(333.5));
    assert_eq!(w.get(4), None);
    assert_eq!(w.get(16), Some(500.0));
    assert_eq!(w.get(25), Some(500.0));
    assert_eq!(w.get(26), None);
    assert_eq!(w.get(100), Some(1000.0));
}

#[test]
fn kangxi_and_supplement_radicals() {
    assert_eq!(unify_radical('⼯'), '工');
    assert_eq!(unify_radical('⼀'), '一');
    assert_eq!(unify_radical('⼈'), '人');
    assert_eq!(unify_radical('⺠'), '民');
    assert_eq!(unify_radical('⻓'), '长');
    assert_eq!(unify_radical('⿕'), '龠');
    assert_eq!(unify_radicals("⼈⺠政府（⼀）"), "人民政府（一）");
    // Full-width punctuation is untouched (no NFKC).
    assert_eq!(unify_radicals("（一）"), "（一）");
}

#[test]
fn predefined_chinese_cmaps() {
    let (gbk, v) = Predefined::from_name("GBK-EUC-H").unwrap();
    assert!(!v);
    let (enc, _, _) = encoding_rs::GBK.encode("政府A1");
    let mut out = String::new();
    let mut i = 0;
    while i < enc.len() {
        let n = gbk.next_code_len(&enc[i..]);
        out.push_str(&gbk.decode(&enc[i..i + n]).unwrap());
        i += n;
    }
    assert_eq!(out, "政府A1");
    assert_eq!(
        Predefined::from_name("GB-EUC-V"),
        Some((Predefined::Gbk, true))
    );
    assert_eq!(
        Predefined::Ucs2.decode(&[0x4E, 0x00]).as_deref(),
        Some("一")
    );
    let utf16 = Predefined::Utf16;
    assert_eq!(utf16.next_code_len(&[0xD8, 0x40, 0xDC, 0x00]), 4);
    assert_eq!(
        utf16.decode(&[0xD8, 0x40, 0xDC, 0x00]).as_deref(),
        Some("\u{20000}")
    );
}
