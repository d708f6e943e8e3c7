//! The batch path: nothing lost, deterministic, resumable, contained
//! failures, SQLite, series checks, shards merged like one run.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use xxgk::batch::{self, BatchOptions};

const TEXT: &str = "tests/fixtures/text";

/// A tiny archive: three good text reports (one a next-year copy of
/// another, so a series pair exists), broken files and a non-report.
fn archive(dir: &Path) -> (usize, usize) {
    let good = dir.join("good");
    let bad = dir.join("bad/nested");
    fs::create_dir_all(&good).unwrap();
    fs::create_dir_all(&bad).unwrap();
    for name in ["gb2019_2020.txt", "gb2021_2022.txt"] {
        fs::copy(Path::new(TEXT).join(name), good.join(name)).unwrap();
    }
    let text = fs::read_to_string(Path::new(TEXT).join("gb2021_2022.txt")).unwrap();
    fs::write(
        good.join("gb2021_2023_copy.txt"),
        text.replace("2022年", "2023年"),
    )
    .unwrap();
    fs::write(bad.join("empty.pdf"), b"").unwrap();
    fs::write(bad.join("not_pdf.pdf"), b"<html>hello</html>").unwrap();
    fs::write(
        bad.join("truncated.pdf"),
        b"%PDF-1.7\n1 0 obj\n<< /Type /Cat",
    )
    .unwrap();
    fs::write(
        dir.join("bad/notes.txt"),
        "这不是年度报告。\n只是一段文字。\n",
    )
    .unwrap();
    (3, 4)
}

fn opts(out: &Path, jobs: usize) -> BatchOptions {
    let mut o = BatchOptions::new(out.to_path_buf());
    o.jobs = jobs;
    o
}

fn read(p: PathBuf) -> Vec<u8> {
    fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn csv_rows(p: PathBuf) -> Vec<csv::StringRecord> {
    let bytes = read(p);
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    csv::Reader::from_reader(bytes)
        .records()
        .map(|r| r.unwrap())
        .collect()
}

const OUTPUTS: [&str; 6] = [
    "records.ndjson",
    "reports.csv",
    "cells.csv",
    "checks.csv",
    "errors.csv",
    "series.csv",
];

#[test]
fn nothing_lost_records_plus_errors_equal_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let (n, m) = archive(tmp.path());
    let input = tmp.path().to_string_lossy().into_owned();
    let out = tmp.path().join("out-a"); // outside the archive folders below
    let summary = batch::run(
        &[format!("{input}/good"), format!("{input}/bad")],
        &opts(&out, 2),
    )
    .unwrap();
    assert_eq!(summary.inputs, n + m);
    assert_eq!(summary.outputs.records, n, "{summary}");
    assert_eq!(summary.outputs.errors(), m, "{summary}");
    let records = String::from_utf8(read(out.join("records.ndjson"))).unwrap();
    assert_eq!(records.lines().count(), n);
    assert_eq!(csv_rows(out.join("reports.csv")).len(), n);
    let errors = csv_rows(out.join("errors.csv"));
    assert_eq!(errors.len(), m);
    assert!(errors.iter().any(|r| &r[2] == "not_a_report"));
    // every input path appears exactly once across records and errors
    let mut paths: Vec<String> = records
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["source"]["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .chain(errors.iter().map(|r| r[0].to_string()))
        .collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), n + m);
    assert!(paths.iter().all(|p| p.starts_with(&input)));
    // BOM by default
    assert!(read(out.join("reports.csv")).starts_with("\u{feff}".as_bytes()));
}

#[test]
fn missing_input_stops_the_batch_before_it_starts() {
    let tmp = tempfile::tempdir().unwrap();
    archive(tmp.path());
    let out = tmp.path().join("out");
    let missing = tmp.path().join("nope/*.pdf").to_string_lossy().into_owned();
    let typo = tmp.path().join("godo").to_string_lossy().into_owned();
    let good = tmp.path().join("good").to_string_lossy().into_owned();
    let e = batch::run(&[good, missing.clone(), typo.clone()], &opts(&out, 1)).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    let inner = e
        .get_ref()
        .and_then(|i| i.downcast_ref::<batch::inputs::MissingInputs>())
        .unwrap();
    assert_eq!(inner.inputs, [missing, typo]);
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn deterministic_whatever_jobs_and_resumable() {
    let tmp = tempfile::tempdir().unwrap();
    archive(tmp.path());
    let input = vec![
        tmp.path().join("good").to_string_lossy().into_owned(),
        tmp.path().join("bad").to_string_lossy().into_owned(),
    ];
    let one = tmp.path().join("one");
    let two = tmp.path().join("two");
    batch::run(&input, &opts(&one, 1)).unwrap();
    batch::run(&input, &opts(&two, 2)).unwrap();
    for f in OUTPUTS {
        assert_eq!(read(one.join(f)), read(two.join(f)), "{f} differs");
    }

    // rerun: everything readable is skipped, outputs unchanged
    let before: Vec<Vec<u8>> = OUTPUTS.iter().map(|f| read(one.join(f))).collect();
    let again = batch::run(&input, &opts(&one, 2)).unwrap();
    assert_eq!(again.skipped, 7, "{again}");
    assert_eq!(again.processed, 0);
    let after: Vec<Vec<u8>> = OUTPUTS.iter().map(|f| read(one.join(f))).collect();
    assert_eq!(before, after);

    // --force reprocesses, same outputs
    let mut o = opts(&one, 2);
    o.force = true;
    let forced = batch::run(&input, &o).unwrap();
    assert_eq!(forced.processed, 7);
    let after: Vec<Vec<u8>> = OUTPUTS.iter().map(|f| read(one.join(f))).collect();
    assert_eq!(before, after);

    // a changed file is reprocessed
    let f = tmp.path().join("bad/notes.txt");
    fs::write(&f, "still not a report\n").unwrap();
    let changed = batch::run(&input, &opts(&one, 2)).unwrap();
    assert_eq!((changed.processed, changed.skipped), (1, 6));
}

#[test]
fn interrupted_journal_is_recovered() {
    let tmp = tempfile::tempdir().unwrap();
    archive(tmp.path());
    let input = vec![tmp.path().join("good").to_string_lossy().into_owned()];
    let out = tmp.path().join("out");
    batch::run(&input, &opts(&out, 1)).unwrap();
    let clean = read(out.join("records.ndjson"));
    // simulate a run killed mid-write: drop the last record, leave half a line
    let journal = out.join("journal.ndjson");
    let text = fs::read_to_string(&journal).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let last = lines.pop().unwrap();
    let cut = format!("{}\n{}", lines.join("\n"), &last[..last.len() / 2]);
    fs::write(&journal, cut).unwrap();
    fs::write(out.join("records.ndjson.tmp"), b"{\"half").unwrap();
    let s = batch::run(&input, &opts(&out, 1)).unwrap();
    assert_eq!((s.processed, s.skipped), (1, 2));
    assert_eq!(read(out.join("records.ndjson")), clean);
    assert!(!out.join("records.ndjson.tmp").exists());
}

/// An extractor that panics on `boom.txt` and never returns on `hang.txt`.
fn faulty() -> xxgk::batch::run::Extractor {
    Arc::new(|name: &str, _: &[u8]| {
        if name.ends_with("boom.txt") {
            panic!("parser blew up");
        }
        // hangs forever: only the batch's time limit ends the wait
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let _ = rx.recv();
        drop(tx);
        unreachable!()
    })
}

#[test]
fn a_panic_becomes_an_error_row() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("boom.txt");
    fs::write(&file, "x").unwrap();
    let mut o = opts(&tmp.path().join("out"), 1);
    o.extractor = Some(faulty());
    let s = batch::run(&[file.to_string_lossy().into_owned()], &o).unwrap();
    assert_eq!(s.outputs.errors_by_reason.get("internal"), Some(&1), "{s}");
    let errors = csv_rows(tmp.path().join("out/errors.csv"));
    assert!(errors[0][3].contains("parser blew up"));
}

#[test]
fn a_hang_becomes_a_timeout_row() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("hang.txt");
    fs::write(&file, "y").unwrap();
    let mut o = opts(&tmp.path().join("out"), 1);
    // the extractor never returns, so the outcome does not depend on timing
    o.timeout = Duration::from_millis(20);
    o.extractor = Some(faulty());
    let s = batch::run(&[file.to_string_lossy().into_owned()], &o).unwrap();
    assert_eq!(s.outputs.errors_by_reason.get("timeout"), Some(&1), "{s}");
}

#[test]
fn series_checks_name_both_files_in_csv_and_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    archive(tmp.path());
    let out = tmp.path().join("out");
    let good = tmp.path().join("good").to_string_lossy().into_owned();
    batch::run(std::slice::from_ref(&good), &opts(&out, 2)).unwrap();
    let checks = csv_rows(out.join("checks.csv"));
    let series: Vec<_> = checks
        .iter()
        .filter(|r| &r[1] == "series.carry_chain")
        .collect();
    assert!(!series.is_empty());
    assert!(series
        .iter()
        .all(|r| r[0].ends_with("gb2021_2023_copy.txt") && r[8].ends_with("gb2021_2022.txt")));
    // the copy carries over what 2022 carried over, not what it carried forward
    assert!(series.iter().any(|r| &r[3] == "fail" || &r[3] == "pass"));
    assert!(checks.iter().any(|r| &r[1] == "series.in_force_chain"));

    let db = rusqlite::Connection::open(out.join("xxgk.sqlite")).unwrap();
    let one = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(one("SELECT count(*) FROM reports"), 3);
    assert_eq!(
        one("SELECT count(*) FROM checks WHERE rule LIKE 'series.%' AND previous_report_id IS NOT NULL
             AND report_id = (SELECT id FROM reports WHERE path LIKE '%copy.txt')"),
        series.len() as i64 + one("SELECT count(*) FROM checks WHERE rule = 'series.in_force_chain'")
    );
    assert_eq!(
        one("SELECT count(*) FROM cells"),
        csv_rows(out.join("cells.csv")).len() as i64
    );
    db.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    let violations: i64 = db
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |_| Ok(()))
        .unwrap()
        .count() as i64;
    assert_eq!(violations, 0);
    let ok: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn shards_merged_equal_one_run() {
    let tmp = tempfile::tempdir().unwrap();
    archive(tmp.path());
    let input = vec![
        tmp.path().join("good").to_string_lossy().into_owned(),
        tmp.path().join("bad").to_string_lossy().into_owned(),
    ];
    let single = tmp.path().join("single");
    batch::run(&input, &opts(&single, 1)).unwrap();
    let mut shard_dirs = Vec::new();
    let mut total = 0;
    for k in 1..=3 {
        let d = tmp.path().join(format!("shard{k}"));
        let mut o = opts(&d, 1);
        o.shard = Some(format!("{k}/3").parse().unwrap());
        total += batch::run(&input, &o).unwrap().inputs;
        shard_dirs.push(d);
    }
    assert_eq!(total, 7);
    let merged = tmp.path().join("merged");
    let s = batch::merge(&shard_dirs, &merged, Default::default(), true).unwrap();
    assert_eq!((s.records, s.errors()), (3, 4));
    for f in OUTPUTS {
        assert_eq!(read(single.join(f)), read(merged.join(f)), "{f} differs");
    }
}

#[test]
fn formats_and_no_bom() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut o = opts(&out, 1);
    o.formats = "csv".parse().unwrap();
    o.bom = false;
    batch::run(&[format!("{TEXT}/gb2019_2020.txt")], &o).unwrap();
    assert!(!out.join("xxgk.sqlite").exists());
    assert!(!out.join("records.ndjson").exists());
    let reports = read(out.join("reports.csv"));
    assert!(reports.starts_with(b"path,sha256,"));
    let rows = csv_rows(out.join("reports.csv"));
    assert_eq!(&rows[0][0], "tests/fixtures/text/gb2019_2020.txt");
}

#[test]
fn later_runs_add_to_the_folder_in_path_order() {
    let tmp = tempfile::tempdir().unwrap();
    archive(tmp.path());
    let good = tmp.path().join("good").to_string_lossy().into_owned();
    let bad = tmp.path().join("bad").to_string_lossy().into_owned();
    let both = tmp.path().join("both");
    batch::run(&[good.clone(), bad.clone()], &opts(&both, 2)).unwrap();
    // the same files in two runs, the second given only the broken ones
    let steps = tmp.path().join("steps");
    batch::run(std::slice::from_ref(&good), &opts(&steps, 2)).unwrap();
    let s = batch::run(std::slice::from_ref(&bad), &opts(&steps, 1)).unwrap();
    assert_eq!((s.inputs, s.processed), (4, 4));
    assert_eq!((s.outputs.records, s.outputs.errors()), (3, 4));
    for f in OUTPUTS {
        assert_eq!(read(both.join(f)), read(steps.join(f)), "{f} differs");
    }
}

#[test]
fn batch_records_are_the_extract_records() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let file = format!("{TEXT}/gb2021_2023.txt");
    batch::run(std::slice::from_ref(&file), &opts(&out, 1)).unwrap();
    let rec = xxgk::extract_path(file.as_ref(), &xxgk::Settings::default()).unwrap();
    let line = serde_json::to_string(&rec).unwrap() + "\n";
    assert_eq!(
        String::from_utf8(read(out.join("records.ndjson"))).unwrap(),
        line
    );
}

#[test]
fn outputs_inside_an_input_folder_are_not_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    fs::copy(
        Path::new(TEXT).join("gb2019_2020.txt"),
        tmp.path().join("a.txt"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let input = vec![tmp.path().to_string_lossy().into_owned()];
    batch::run(&input, &opts(&out, 1)).unwrap();
    let again = batch::run(&input, &opts(&out, 1)).unwrap();
    assert_eq!((again.inputs, again.skipped), (1, 1), "{again}");
    assert_eq!(again.outputs.errors(), 0);
}

#[test]
fn cli_batch_and_merge() {
    let tmp = tempfile::tempdir().unwrap();
    archive(tmp.path());
    let exe = env!("CARGO_BIN_EXE_xxgk");
    let good = tmp.path().join("good");
    let out = tmp.path().join("cli");
    let run = std::process::Command::new(exe)
        .arg("batch")
        .arg(&good)
        .arg(tmp.path().join("bad/*/*.pdf"))
        .args([
            "--jobs",
            "2",
            "--format",
            "ndjson,csv",
            "--no-bom",
            "--shard",
            "1/1",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(run.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("outputs: 3 records, 3 files refused"),
        "{stderr}"
    );
    assert!(!out.join("xxgk.sqlite").exists());
    assert!(read(out.join("errors.csv")).starts_with(b"path,"));
    let merged = tmp.path().join("merged");
    let merge = std::process::Command::new(exe)
        .arg("merge")
        .arg(&out)
        .args(["--format", "ndjson,csv", "--no-bom", "--out"])
        .arg(&merged)
        .output()
        .unwrap();
    assert!(merge.status.success());
    for f in OUTPUTS {
        assert_eq!(read(out.join(f)), read(merged.join(f)), "{f} differs");
    }
    let bad = std::process::Command::new(exe)
        .args(["batch", "x", "--shard", "4/3", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

/// A folder of every kind of file a site's download folder holds: each
/// gives a record or an error row naming why it was refused; nothing
/// vanishes from the count.
#[test]
fn folders_keep_every_file_whatever_its_extension() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("downloads");
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::copy(fixtures.join("traits/docx_t049.docx"), dir.join("a.docx")).unwrap();
    std::fs::copy(fixtures.join("html/gb2021_2022.html"), dir.join("b.shtml")).unwrap();
    let ole = [0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    std::fs::write(dir.join("c.doc"), ole).unwrap();
    std::fs::write(dir.join("d.ofd"), b"PK\x03\x04 not really").unwrap();
    std::fs::write(dir.join("e.xyz"), "随便写点什么").unwrap();
    std::fs::write(dir.join(".DS_Store"), [0u8; 8]).unwrap();
    let out = tmp.path().join("out");
    let summary = batch::run(&[dir.to_string_lossy().into_owned()], &opts(&out, 2)).unwrap();
    assert_eq!(summary.inputs, 5, "{summary}");
    assert_eq!(summary.outputs.records, 2, "{summary}");
    assert_eq!(summary.outputs.errors(), 3, "{summary}");
    let errors = csv_rows(out.join("errors.csv"));
    let reasons: Vec<(&str, &str)> = errors.iter().map(|r| (&r[0][..], &r[2][..])).collect();
    assert!(
        reasons
            .iter()
            .any(|(p, r)| p.ends_with("c.doc") && *r == "unsupported_format"),
        "{reasons:?}"
    );
}

/// SQLite's keywords and PostgreSQL's reserved words: no column of the CSV
/// files or of the database may be one, so no query needs to quote a name.
const RESERVED: &[&str] = &[
    "abort",
    "action",
    "add",
    "after",
    "all",
    "alter",
    "always",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "attach",
    "autoincrement",
    "before",
    "begin",
    "between",
    "both",
    "by",
    "cascade",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "commit",
    "conflict",
    "constraint",
    "create",
    "cross",
    "current",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "database",
    "default",
    "deferrable",
    "deferred",
    "delete",
    "desc",
    "detach",
    "distinct",
    "do",
    "drop",
    "each",
    "else",
    "end",
    "escape",
    "except",
    "exclude",
    "exclusive",
    "exists",
    "explain",
    "fail",
    "false",
    "fetch",
    "filter",
    "first",
    "following",
    "for",
    "foreign",
    "from",
    "full",
    "generated",
    "glob",
    "grant",
    "group",
    "groups",
    "having",
    "if",
    "ignore",
    "immediate",
    "in",
    "index",
    "indexed",
    "initially",
    "inner",
    "insert",
    "instead",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "key",
    "last",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "match",
    "materialized",
    "natural",
    "no",
    "not",
    "nothing",
    "notnull",
    "null",
    "nulls",
    "of",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "others",
    "outer",
    "over",
    "partition",
    "placing",
    "plan",
    "pragma",
    "preceding",
    "primary",
    "query",
    "raise",
    "range",
    "recursive",
    "references",
    "regexp",
    "reindex",
    "release",
    "rename",
    "replace",
    "restrict",
    "returning",
    "right",
    "rollback",
    "row",
    "rows",
    "savepoint",
    "select",
    "session_user",
    "set",
    "some",
    "symmetric",
    "table",
    "temp",
    "temporary",
    "then",
    "ties",
    "to",
    "trailing",
    "transaction",
    "trigger",
    "true",
    "unbounded",
    "union",
    "unique",
    "update",
    "user",
    "using",
    "vacuum",
    "values",
    "variadic",
    "view",
    "virtual",
    "when",
    "where",
    "window",
    "with",
    "without",
];

#[test]
fn csv_and_sqlite_share_column_names_and_none_is_reserved() {
    let tmp = tempfile::tempdir().unwrap();
    archive(tmp.path());
    let out = tmp.path().join("out");
    let good = tmp.path().join("good").to_string_lossy().into_owned();
    batch::run(std::slice::from_ref(&good), &opts(&out, 2)).unwrap();
    let db = rusqlite::Connection::open(out.join("xxgk.sqlite")).unwrap();
    let columns = |table: &str| -> Vec<String> {
        let mut st = db
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for v in [
        "failing_checks",
        "check_cells",
        "warnings",
        "sections",
        "dictionary",
    ] {
        assert!(tables.iter().any(|t| t == v), "no {v} in {tables:?}");
    }
    for t in &tables {
        assert!(!RESERVED.contains(&t.as_str()), "table {t}");
        for c in columns(t) {
            assert!(!RESERVED.contains(&c.to_lowercase().as_str()), "{t}.{c}");
        }
    }
    for (file, table) in [
        ("cells.csv", "cells"),
        ("checks.csv", "checks"),
        ("errors.csv", "errors"),
        ("reports.csv", "reports"),
        ("dictionary.csv", "dictionary"),
        ("indicators.csv", "indicators"),
    ] {
        let header = csv::Reader::from_reader(
            &read(out.join(file))[3..], // after the byte-order mark
        )
        .headers()
        .unwrap()
        .clone();
        let in_db = columns(table);
        for h in header.iter() {
            // reports.csv's cell columns are `table.row.column`, quoted by any tool
            if h.contains('.') {
                continue;
            }
            assert!(!RESERVED.contains(&h), "{file}: {h}");
            // the same name in SQLite, except the path, which SQLite keeps in `reports`
            if h != "path"
                && !(file == "checks.csv" && h.ends_with("agency"))
                && !(file == "checks.csv" && h == "previous_path")
                && !(file == "checks.csv" && h == "operands")
            {
                assert!(
                    in_db.iter().any(|c| c == h),
                    "{file}: {h} not in SQLite {table}"
                );
            }
        }
    }
    // reports.csv counts what its empty cells mean, and checks_failed counts
    // error-level failures only, the cross-report ones included
    let reports = csv_rows(out.join("reports.csv"));
    let header = csv::Reader::from_reader(&read(out.join("reports.csv"))[3..])
        .headers()
        .unwrap()
        .clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    for r in &reports {
        let path = &r[0];
        let n: i64 = r[at("checks_failed")].parse().unwrap();
        let in_db: i64 = db
            .query_row(
                "SELECT count(*) FROM checks c JOIN reports r ON r.id = c.report_id
                 WHERE r.path = ?1 AND c.severity = 'error' AND c.status = 'fail'",
                [path],
                |x| x.get(0),
            )
            .unwrap();
        assert_eq!(n, in_db, "{path}");
        for c in [
            "cells_blank",
            "cells_unread",
            "cells_missing",
            "warning_count",
        ] {
            assert!(r[at(c)].parse::<usize>().is_ok(), "{path}: {c}");
        }
    }
}
