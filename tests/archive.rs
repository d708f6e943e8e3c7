//! Identity across an archive: a generated multi-year archive (small text
//! reports in the tab-separated format of `fixtures/seed_guyuan_2020.txt`,
//! one agency printed several ways, ambiguous and misprinted names, known
//! chain breaks, gaps, copies and a corrected re-publication) run through
//! `xxgk batch`; every adjacent-year pair of one agency is paired, no pair
//! joins two agencies, every failure is a real break. Also: one file under
//! several spellings of its path is one input, and the journal's version.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use xxgk::batch::{self, BatchOptions};

/// A report of `agency` for `year` whose applications table carries over
/// `over` and carries forward `forward` (natural persons and total), with
/// `extra` more applications received and granted (a corrected figure when
/// it differs between two versions). Every other table cell is 0, so the
/// report's own sums hold.
fn report(agency: &str, year: i32, over: u32, forward: u32, extra: u32) -> String {
    let template = if year <= 2020 {
        "tests/fixtures/text/gb2019_2020.txt"
    } else {
        "tests/fixtures/text/gb2021_2022.txt"
    };
    let text = fs::read_to_string(template).unwrap();
    let mut out = Vec::new();
    let mut title_done = false;
    for line in text.lines() {
        if !title_done && !line.trim().is_empty() {
            out.push(format!("{agency}{year}年政府信息公开工作年度报告"));
            title_done = true;
            continue;
        }
        if !line.contains('\t') {
            out.push(line.to_string());
            continue;
        }
        let mut fields: Vec<String> = line
            .split('\t')
            .map(|f| match f.trim().parse::<f64>() {
                Ok(_) => "0".to_string(),
                Err(_) => f.to_string(),
            })
            .collect();
        let value = if line.contains("本年新收") {
            Some(forward + extra)
        } else if line.contains("上年结转") {
            Some(over)
        } else if line.contains("予以公开") || (line.contains("七") && line.contains("总计"))
        {
            Some(over + extra)
        } else if line.contains("结转下年度") {
            Some(forward)
        } else {
            None
        };
        if let Some(v) = value {
            let numeric: Vec<usize> = (0..fields.len()).filter(|&i| fields[i] == "0").collect();
            assert!(numeric.len() >= 7, "{line}");
            let last7 = &numeric[numeric.len() - 7..];
            fields[last7[0]] = v.to_string(); // natural persons
            fields[last7[6]] = v.to_string(); // total
        }
        out.push(fields.join("\t"));
    }
    out.join("\n") + "\n"
}

/// The same report as a web page: tab-separated lines become table rows.
fn to_html(text: &str) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let mut out =
        String::from("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n");
    let mut in_table = false;
    for line in text.lines() {
        if line.contains('\t') {
            if !in_table {
                out.push_str("<table>\n");
                in_table = true;
            }
            out.push_str("<tr>");
            for f in line.split('\t') {
                out.push_str(&format!("<td>{}</td>", esc(f)));
            }
            out.push_str("</tr>\n");
        } else {
            if in_table {
                out.push_str("</table>\n");
                in_table = false;
            }
            if !line.trim().is_empty() {
                out.push_str(&format!("<p>{}</p>\n", esc(line)));
            }
        }
    }
    if in_table {
        out.push_str("</table>\n");
    }
    out + "</body></html>\n"
}

/// The same report as a Word file: paragraphs, and tables whose rows are
/// the tab-separated lines.
fn to_docx(text: &str) -> Vec<u8> {
    use std::io::Write;
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let para = |t: &str| {
        format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            esc(t)
        )
    };
    let mut body = String::new();
    let mut in_table = false;
    for line in text.lines() {
        if line.contains('\t') {
            if !in_table {
                body.push_str("<w:tbl>");
                in_table = true;
            }
            body.push_str("<w:tr>");
            for f in line.split('\t') {
                body.push_str(&format!("<w:tc>{}</w:tc>", para(f)));
            }
            body.push_str("</w:tr>");
        } else {
            if in_table {
                body.push_str("</w:tbl>");
                in_table = false;
            }
            if !line.trim().is_empty() {
                body.push_str(&para(line));
            }
        }
    }
    if in_table {
        body.push_str("</w:tbl>");
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// One file of the archive: the true agency (its folder), the path below
/// the archive, the content.
struct File {
    truth: &'static str,
    name: String,
    body: Vec<u8>,
}

fn file(truth: &'static str, name: &str, body: impl Into<Vec<u8>>) -> File {
    File {
        truth,
        name: format!("{truth}/{name}"),
        body: body.into(),
    }
}

/// The archive. Truth (the folder) names the real agency; the printed
/// names vary inside one folder and collide across folders.
fn archive_files() -> Vec<File> {
    let mut v = Vec::new();
    // 洪泽: seven years, four spellings, one break (2023 carries over 4,
    // 2022 carried forward 3); a web copy of 2024.
    let hongze = [
        (2019, "淮安市洪泽区人民政府", 0, 2),
        (2020, "洪泽区人民政府", 2, 5),
        (2021, "江苏省淮安市洪泽区人民政府", 5, 1),
        (2022, "洪泽区人民政府", 1, 3),
        (2023, "淮安市洪泽区人民政府", 4, 6),
        (2024, "洪泽区 人民政府", 6, 2),
        (2025, "洪泽区人民政府", 2, 0),
    ];
    for (year, name, over, forward) in hongze {
        v.push(file(
            "hongze",
            &format!("{year}.txt"),
            report(name, year, over, forward, 1),
        ));
    }
    v.push(file(
        "hongze",
        "web/2024.html",
        to_html(&report("洪泽区 人民政府", 2024, 6, 2, 1)),
    ));
    // 鼓楼区: two cities' districts and one report naming no city. A wrong
    // pairing would fail: Nanjing 2022 carries forward 5, Xuzhou 2023
    // carries over 9.
    v.push(file(
        "gulou_nanjing",
        "2021.txt",
        report("南京市鼓楼区人民政府", 2021, 0, 7, 0),
    ));
    v.push(file(
        "gulou_nanjing",
        "2022.txt",
        report("南京市鼓楼区人民政府", 2022, 7, 5, 0),
    ));
    v.push(file(
        "gulou_xuzhou",
        "2022.txt",
        report("徐州市鼓楼区人民政府", 2022, 1, 9, 0),
    ));
    v.push(file(
        "gulou_xuzhou",
        "2023.txt",
        report("徐州市鼓楼区人民政府", 2023, 9, 0, 0),
    ));
    v.push(file(
        "gulou_unknown",
        "2023.txt",
        report("鼓楼区人民政府", 2023, 8, 8, 0),
    ));
    // 固原市城市管理局: 2021 missing, a gap and not a failure.
    v.push(file(
        "guyuan_cg",
        "2019.txt",
        report("固原市城市管理局", 2019, 0, 3, 2),
    ));
    v.push(file(
        "guyuan_cg",
        "2020.txt",
        report("固原市城市管理局", 2020, 3, 4, 0),
    ));
    v.push(file(
        "guyuan_cg",
        "2022.txt",
        report("固原市城市管理局", 2022, 9, 1, 0),
    ));
    // 固原市生态环境局 2021: the report, a re-download, its web page and a
    // corrected re-publication (one more application received and granted).
    let first = report("固原市生态环境局", 2021, 2, 4, 3);
    v.push(file("guyuan_sthj", "2021.txt", first.clone()));
    v.push(file("guyuan_sthj", "download/2021(1).txt", first.clone()));
    v.push(file("guyuan_sthj", "web/2021.html", to_html(&first)));
    v.push(file("guyuan_sthj", "word/2021.docx", to_docx(&first)));
    v.push(file(
        "guyuan_sthj",
        "2021_corrected.txt",
        report("固原市生态环境局", 2021, 2, 4, 4),
    ));
    v.push(file(
        "guyuan_sthj",
        "2022.txt",
        report("固原市生态环境局", 2022, 4, 0, 1),
    ));
    // 沭阳县 and a misread 沐阳县: two agencies for xxgk, a near match.
    v.push(file(
        "shuyang",
        "2021.txt",
        report("宿迁市沭阳县人民政府", 2021, 0, 6, 0),
    ));
    v.push(file(
        "shuyang_misread",
        "2022.txt",
        report("沐阳县人民政府", 2022, 2, 0, 0),
    ));
    // 甘肃省人民政府办公厅 printed two ways; 绵阳 and 平潭 never pair with it.
    v.push(file(
        "gansu_bgt",
        "2019.txt",
        report("甘肃省人民政府办公厅", 2019, 0, 1, 0),
    ));
    v.push(file(
        "gansu_bgt",
        "2020.txt",
        report("甘肃省政府办公厅", 2020, 1, 0, 0),
    ));
    v.push(file(
        "mianyang",
        "2020.txt",
        report("绵阳市人民政府", 2020, 5, 5, 0),
    ));
    v.push(file(
        "pingtan",
        "2020.txt",
        report("平潭综合实验区管理委员会", 2020, 6, 6, 0),
    ));
    v
}

fn write_archive(dir: &Path) -> BTreeMap<String, &'static str> {
    let mut truth = BTreeMap::new();
    for f in archive_files() {
        let p = dir.join(&f.name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, &f.body).unwrap();
        truth.insert(f.name.clone(), f.truth);
    }
    truth
}

fn csv_rows(p: PathBuf) -> Vec<BTreeMap<String, String>> {
    let bytes = fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut r = csv::Reader::from_reader(bytes);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|row| {
            header
                .iter()
                .cloned()
                .zip(row.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The archive path of an output path (outputs name files relative to the
/// current folder or absolutely).
fn below(archive: &Path, path: &str) -> String {
    let real = archive.canonicalize().unwrap();
    Path::new(path)
        .strip_prefix(&real)
        .unwrap_or_else(|_| panic!("{path} is not in the archive"))
        .to_string_lossy()
        .into_owned()
}

#[test]
fn generated_archive_pairs_one_agency_only_and_every_failure_is_real() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let truth = write_archive(&archive);
    let out = tmp.path().join("out");
    let mut o = BatchOptions::new(out.clone());
    o.jobs = 2;
    let s = batch::run(&[archive.to_string_lossy().into_owned()], &o).unwrap();
    assert_eq!(s.outputs.records, truth.len(), "{s}");
    assert_eq!(s.outputs.errors(), 0, "{s}");

    let reports = csv_rows(out.join("reports.csv"));
    let by_path: BTreeMap<String, &BTreeMap<String, String>> = reports
        .iter()
        .map(|r| (below(&archive, &r["path"]), r))
        .collect();
    // identity fields
    let hz = by_path["hongze/2021.txt"];
    assert_eq!(hz["agency"], "江苏省淮安市洪泽区人民政府");
    assert_eq!(hz["agency_key"], "320813:人民政府");
    assert_eq!(
        (hz["region_code"].as_str(), hz["region_name"].as_str()),
        ("320813", "洪泽区")
    );
    assert_eq!(by_path["gulou_unknown/2023.txt"]["region_code"], "");

    // copies: the re-download and both web pages; the corrected version
    // is not a copy but conflicts with the first
    let copies: BTreeMap<String, String> = by_path
        .iter()
        .filter(|(_, r)| !r["duplicate_of"].is_empty())
        .map(|(p, r)| (p.clone(), below(&archive, &r["duplicate_of"])))
        .collect();
    assert_eq!(
        copies,
        BTreeMap::from([
            (
                "guyuan_sthj/download/2021(1).txt".into(),
                "guyuan_sthj/2021.txt".into()
            ),
            (
                "guyuan_sthj/web/2021.html".into(),
                "guyuan_sthj/2021.txt".into()
            ),
            (
                "guyuan_sthj/word/2021.docx".into(),
                "guyuan_sthj/2021.txt".into()
            ),
            ("hongze/web/2024.html".into(), "hongze/2024.txt".into()),
        ])
    );
    let conflicting: Vec<(&String, String)> = by_path
        .iter()
        .filter(|(_, r)| !r["conflicts_with"].is_empty())
        .map(|(p, r)| (p, below(&archive, &r["conflicts_with"])))
        .collect();
    assert_eq!(
        conflicting,
        [(
            &"guyuan_sthj/2021_corrected.txt".to_string(),
            "guyuan_sthj/2021.txt".to_string()
        )]
    );
    // the same in records.ndjson, whose records follow the JSON Schema
    let ndjson = fs::read_to_string(out.join("records.ndjson")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(xxgk::record::RECORD_JSON_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for line in ndjson.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", v["source"]["path"]);
    }
    let dup_lines = ndjson
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["duplicate_of"].is_string())
        .count();
    assert_eq!(dup_lines, 4);

    // series checks: both reports of one true agency, consecutive years
    let checks = csv_rows(out.join("checks.csv"));
    let series: Vec<_> = checks
        .iter()
        .filter(|c| c["rule"].starts_with("series."))
        .collect();
    let mut pairs = BTreeSet::new();
    let mut failures = BTreeSet::new();
    for c in &series {
        let (this, prev) = (
            below(&archive, &c["path"]),
            below(&archive, &c["previous_path"]),
        );
        assert_eq!(truth[&this], truth[&prev], "{this} paired with {prev}");
        assert!(!c["agency"].is_empty() && !c["previous_agency"].is_empty());
        assert!(!c["agency_key"].is_empty());
        assert!(!copies.contains_key(&this) && !copies.contains_key(&prev));
        if c["rule"] == "series.conflicting_versions" {
            continue;
        }
        pairs.insert((prev.clone(), this.clone()));
        if c["status"] == "fail" {
            failures.insert((prev, this, c["location"].clone()));
        }
    }
    let expected_pairs: BTreeSet<(String, String)> = [
        ("hongze/2019.txt", "hongze/2020.txt"),
        ("hongze/2020.txt", "hongze/2021.txt"),
        ("hongze/2021.txt", "hongze/2022.txt"),
        ("hongze/2022.txt", "hongze/2023.txt"),
        ("hongze/2023.txt", "hongze/2024.txt"),
        ("hongze/2024.txt", "hongze/2025.txt"),
        ("gulou_nanjing/2021.txt", "gulou_nanjing/2022.txt"),
        ("gulou_xuzhou/2022.txt", "gulou_xuzhou/2023.txt"),
        ("guyuan_cg/2019.txt", "guyuan_cg/2020.txt"),
        ("gansu_bgt/2019.txt", "gansu_bgt/2020.txt"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(pairs, expected_pairs);
    // the one break of the archive, and nothing else
    let expected_failures: BTreeSet<(String, String, String)> = ["natural_person", "total"]
        .iter()
        .map(|c| {
            (
                "hongze/2022.txt".to_string(),
                "hongze/2023.txt".to_string(),
                format!("applications/carried_over/{c}"),
            )
        })
        .collect();
    assert_eq!(failures, expected_failures);
    let hz_fail = series
        .iter()
        .find(|c| c["status"] == "fail" && c["rule"] == "series.carry_chain")
        .unwrap();
    assert_eq!(hz_fail["agency"], "淮安市洪泽区人民政府");
    assert_eq!(hz_fail["previous_agency"], "洪泽区人民政府");
    assert_eq!(hz_fail["agency_key"], "320813:人民政府");
    // the corrected version: one finding per differing cell
    let conflicts: BTreeSet<String> = series
        .iter()
        .filter(|c| c["rule"] == "series.conflicting_versions")
        .map(|c| c["location"].clone())
        .collect();
    let expected: BTreeSet<String> = ["new_received", "granted", "results_total"]
        .iter()
        .flat_map(|r| {
            ["natural_person", "total"]
                .iter()
                .map(move |c| format!("applications/{r}/{c}"))
        })
        .collect();
    assert_eq!(conflicts, expected);

    // the overview
    let agencies = csv_rows(out.join("series.csv"));
    let row = |key: &str| {
        agencies
            .iter()
            .find(|r| r["agency_key"] == key)
            .unwrap_or_else(|| panic!("no agency {key}"))
    };
    let hz = row("320813:人民政府");
    assert_eq!(hz["years"], "2019;2020;2021;2022;2023;2024;2025");
    assert_eq!(
        (
            hz["reports"].as_str(),
            hz["copies"].as_str(),
            hz["pairs"].as_str()
        ),
        ("7", "1", "6")
    );
    assert_eq!(hz["chain_fail"], "2");
    assert_eq!(
        hz["agencies"],
        "江苏省淮安市洪泽区人民政府;洪泽区人民政府;淮安市洪泽区人民政府"
    );
    let cg = agencies
        .iter()
        .find(|r| r["agencies"] == "固原市城市管理局")
        .unwrap();
    assert_eq!(
        (cg["gaps"].as_str(), cg["chain_fail"].as_str()),
        ("2021", "0")
    );
    let sthj = agencies
        .iter()
        .find(|r| r["agencies"] == "固原市生态环境局")
        .unwrap();
    // a year with two versions is not paired: which is the agency's?
    assert_eq!(
        (
            sthj["conflicting_years"].as_str(),
            sthj["copies"].as_str(),
            sthj["reports"].as_str(),
            sthj["pairs"].as_str()
        ),
        ("2021", "3", "3", "0")
    );
    let misread = agencies
        .iter()
        .find(|r| r["agencies"] == "沐阳县人民政府")
        .unwrap();
    assert_eq!(misread["near_matches"], "321322:人民政府");
    assert_eq!(misread["pairs"], "0");
    assert_eq!(agencies.len(), 11, "one row per true agency");
    assert_eq!(
        (
            s.outputs.pairs,
            s.outputs.gaps,
            s.outputs.copies,
            s.outputs.conflicting_reports
        ),
        (10, 1, 4, 1)
    );

    // SQLite has the same
    let db = rusqlite::Connection::open(out.join("xxgk.sqlite")).unwrap();
    let one = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        one("SELECT count(*) FROM reports WHERE duplicate_of IS NOT NULL"),
        4
    );
    assert_eq!(
        one("SELECT count(*) FROM reports WHERE conflicts_with IS NOT NULL"),
        1
    );
    assert_eq!(one("SELECT count(*) FROM agencies"), 11);
    assert_eq!(
        one("SELECT pairs FROM agencies WHERE agency_key = '320813:人民政府'"),
        6
    );
    assert_eq!(
        one(
            "SELECT count(*) FROM checks c JOIN reports r ON r.id = c.report_id
             JOIN reports p ON p.id = c.previous_report_id
             WHERE c.rule LIKE 'series.%' AND r.agency_key <> p.agency_key"
        ),
        0
    );
    assert_eq!(
        one("SELECT count(*) FROM checks WHERE rule LIKE 'series.%' AND agency_key IS NULL"),
        0
    );
}

#[test]
fn outputs_do_not_depend_on_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    write_archive(&archive);
    let input = [archive.to_string_lossy().into_owned()];
    let run = |dir: &str, jobs| {
        let mut o = BatchOptions::new(tmp.path().join(dir));
        o.jobs = jobs;
        batch::run(&input, &o).unwrap();
    };
    run("one", 1);
    run("two", 2);
    for f in [
        "records.ndjson",
        "reports.csv",
        "cells.csv",
        "checks.csv",
        "errors.csv",
        "series.csv",
        "xxgk.sqlite",
    ] {
        assert_eq!(
            fs::read(tmp.path().join("one").join(f)).unwrap(),
            fs::read(tmp.path().join("two").join(f)).unwrap(),
            "{f} differs"
        );
    }
}

const OUTPUTS: [&str; 6] = [
    "records.ndjson",
    "reports.csv",
    "cells.csv",
    "checks.csv",
    "errors.csv",
    "series.csv",
];

fn xxgk(cwd: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn one_file_whatever_the_spelling_of_its_path() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    let archive = root.join("archive");
    let truth = write_archive(&archive);
    std::os::unix::fs::symlink(&archive, root.join("link")).unwrap();
    let abs = archive.to_string_lossy().into_owned();
    let spellings = [
        vec!["archive"],
        vec!["./archive/"],
        vec![abs.as_str()],
        vec!["link"],
        // the same files twice, and one of them a third time by a pattern
        vec!["archive", abs.as_str(), "link/hongze/*.txt"],
    ];
    for (i, args) in spellings.iter().enumerate() {
        let out = format!("out{i}");
        let mut a = vec!["batch"];
        a.extend(args.iter().copied());
        a.extend(["--jobs", "2", "--out", &out]);
        let run = xxgk(&root, &a);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let records = fs::read_to_string(root.join(&out).join("records.ndjson")).unwrap();
        assert_eq!(records.lines().count(), truth.len(), "{args:?}");
        for f in OUTPUTS {
            assert_eq!(
                fs::read(root.join("out0").join(f)).unwrap(),
                fs::read(root.join(&out).join(f)).unwrap(),
                "{f} differs between {:?} and {args:?}",
                spellings[0]
            );
        }
    }
    // paths below the folder the batch ran in are relative to it
    let rows = csv_rows(root.join("out0/reports.csv"));
    assert!(rows.iter().all(|r| r["path"].starts_with("archive/")));

    // a rerun into the same folder under another spelling records nothing twice
    let again = xxgk(&root, &["batch", &abs, "--out", "out0"]);
    assert!(again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("0 processed"), "{stderr}");
    let records = fs::read_to_string(root.join("out0/records.ndjson")).unwrap();
    assert_eq!(records.lines().count(), truth.len());
    for f in OUTPUTS {
        assert_eq!(
            fs::read(root.join("out0").join(f)).unwrap(),
            fs::read(root.join("out1").join(f)).unwrap(),
            "{f} changed by the rerun"
        );
    }
}

#[test]
fn a_missing_input_is_named_and_fails_the_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write_archive(&root.join("archive"));
    fs::write(root.join("locked.txt"), "x").unwrap();
    let run = xxgk(
        root,
        &["batch", "archive", "archiv", "nope/*.pdf", "--out", "out"],
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("xxgk: batch: archiv: no such file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("xxgk: batch: nope/*.pdf: no such file"),
        "{stderr}"
    );
    assert!(!root.join("out").exists());
    // a file that exists but is not a report, a link to nothing: rows, the
    // batch goes on
    std::os::unix::fs::symlink("nowhere.txt", root.join("broken.txt")).unwrap();
    let run = xxgk(
        root,
        &[
            "batch",
            "archive/hongze",
            "locked.txt",
            "broken.txt",
            "--out",
            "out",
        ],
    );
    assert!(run.status.success());
    let errors = csv_rows(root.join("out/errors.csv"));
    let rows: Vec<(&str, &str)> = errors
        .iter()
        .map(|r| (r["path"].as_str(), r["reason"].as_str()))
        .collect();
    assert_eq!(rows, [("broken.txt", "io"), ("locked.txt", "not_a_report")]);
}

#[test]
fn journal_records_the_version_and_a_resume_redoes_other_versions() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let truth = write_archive(&archive);
    let input = [archive.join("hongze").to_string_lossy().into_owned()];
    let out = tmp.path().join("out");
    let o = BatchOptions::new(out.clone());
    let first = batch::run(&input, &o).unwrap();
    let n = truth.keys().filter(|k| k.starts_with("hongze/")).count();
    assert_eq!(first.processed, n);
    let journal = out.join("journal.ndjson");
    let text = fs::read_to_string(&journal).unwrap();
    let version = format!("\"xxgk\":\"{}\"", env!("CARGO_PKG_VERSION"));
    assert_eq!(text.matches(&version).count(), n);
    let before: Vec<Vec<u8>> = OUTPUTS
        .iter()
        .map(|f| fs::read(out.join(f)).unwrap())
        .collect();

    // the same version: nothing to do
    assert_eq!(batch::run(&input, &o).unwrap().skipped, n);
    // lines of another version are done again
    fs::write(&journal, text.replace(&version, "\"xxgk\":\"0.0.0-old\"")).unwrap();
    let redo = batch::run(&input, &o).unwrap();
    assert_eq!((redo.processed, redo.skipped), (n, 0));
    // lines of a journal from before the version was kept (bare records,
    // the same file recorded under a relative and an absolute path) are
    // done again, once per file
    let old: String = fs::read_to_string(out.join("records.ndjson"))
        .unwrap()
        .lines()
        .flat_map(|l| {
            let abs = l.to_string();
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let p = v["source"]["path"].as_str().unwrap();
            let cwd = std::env::current_dir().unwrap();
            let rel = pathdiff(Path::new(p), &cwd);
            [abs.clone(), abs.replace(p, &rel)]
        })
        .map(|l| l + "\n")
        .collect();
    fs::write(&journal, old).unwrap();
    let redo = batch::run(&input, &o).unwrap();
    assert_eq!((redo.processed, redo.skipped), (n, 0), "{redo}");
    let after: Vec<Vec<u8>> = OUTPUTS
        .iter()
        .map(|f| fs::read(out.join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
}

/// `path` relative to `base` (both absolute), with `..` as needed.
fn pathdiff(path: &Path, base: &Path) -> String {
    let p: Vec<_> = path.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c);
    }
    out.to_string_lossy().into_owned()
}

#[test]
fn real_report_pdf_and_its_text_are_one_report_and_pair_with_the_next_year() {
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/002_hongze_2023.pdf");
    if !pdf.exists() {
        eprintln!("SKIPPED: ../shared/corpus not found");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hongze");
    fs::create_dir_all(&dir).unwrap();
    fs::copy(&pdf, dir.join("2023.pdf")).unwrap();
    // the web dump of the same report: its text, tables tab-separated
    let text = xxgk(tmp.path(), &["text", "hongze/2023.pdf"]);
    assert!(text.status.success());
    fs::write(dir.join("2023_web.txt"), &text.stdout).unwrap();
    // the next year, printed with the city: carries over what 2023 carried forward
    let rec = xxgk::extract_path(&dir.join("2023.pdf"), &xxgk::Settings::default()).unwrap();
    assert_eq!(rec.agency.as_deref(), Some("洪泽区人民政府"));
    let forward = rec.tables["applications"]["carried_forward"]["total"]
        .unwrap()
        .0 as u32;
    fs::write(
        dir.join("2024.txt"),
        report("淮安市洪泽区人民政府", 2024, forward, 0, 0),
    )
    .unwrap();
    let out = tmp.path().join("out");
    batch::run(
        &[dir.to_string_lossy().into_owned()],
        &BatchOptions::new(out.clone()),
    )
    .unwrap();
    let reports = csv_rows(out.join("reports.csv"));
    let web = reports
        .iter()
        .find(|r| r["path"].ends_with("2023_web.txt"))
        .unwrap();
    assert!(web["duplicate_of"].ends_with("hongze/2023.pdf"), "{web:?}");
    let checks = csv_rows(out.join("checks.csv"));
    let total = checks
        .iter()
        .find(|c| {
            c["rule"] == "series.carry_chain" && c["location"] == "applications/carried_over/total"
        })
        .unwrap();
    assert!(total["previous_path"].ends_with("hongze/2023.pdf"));
    assert_eq!(
        (total["agency"].as_str(), total["previous_agency"].as_str()),
        ("淮安市洪泽区人民政府", "洪泽区人民政府")
    );
    assert_eq!(total["status"], "pass");
}

#[test]
fn every_copy_of_one_report_in_seven_formats_is_a_duplicate() {
    // tests/fixtures/traits: one report (平江县柳林镇人民政府 2020) made by
    // three PDF producers, pdftotext, tab-separated text and two markdown
    // conversions
    let dir = Path::new("tests/fixtures/traits");
    let copies: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("t028") && !n.ends_with(".json"))
        .collect();
    assert_eq!(copies.len(), 7, "{copies:?}");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let inputs: Vec<String> = copies
        .iter()
        .map(|n| dir.join(n).to_string_lossy().into_owned())
        .collect();
    let s = batch::run(&inputs, &BatchOptions::new(out.clone())).unwrap();
    assert_eq!(
        (s.outputs.copies, s.outputs.conflicting_reports),
        (6, 0),
        "{s}"
    );
    let reports = csv_rows(out.join("reports.csv"));
    let first = &reports[0]["path"];
    assert!(reports[1..].iter().all(|r| &r["duplicate_of"] == first));
    assert!(reports
        .iter()
        .all(|r| r["agency_key"] == "430626:柳林镇人民政府"));
}
