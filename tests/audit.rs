//! The published outputs, tried with the real tools a reader uses: the HTML
//! audit opened in headless Chromium with the network off, `xxgk.sqlite`
//! served by Datasette, and the CSV files loaded by the pandas and DuckDB
//! code of docs/loading.md. `scripts/setup.sh` installs Chromium (Debian)
//! and a Python virtual environment with datasette, duckdb and pandas at
//! `target/pyenv`.
//!
//! The reports: a real PDF whose totals disagree with their parts, a text
//! report with a planted inconsistency, its next year that breaks the
//! carry chain, and a file that is not a report.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};
use xxgk::record::{CheckStatus, Severity};

const PDF: &str = "tests/fixtures/pdf/chrome_gb2021_2022.pdf";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The inputs, written into `dir/in`: returns their paths.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let pdf = input.join("chrome_gb2021_2022.pdf");
    std::fs::copy(root().join(PDF), &pdf).unwrap();
    // planted: 本年新收 自然人 printed 7 where the report has 0, so the row
    // total and the balance of that column no longer hold
    let seed = std::fs::read_to_string(root().join("fixtures/seed_guyuan_2020.txt")).unwrap();
    let line = seed
        .lines()
        .find(|l| l.starts_with("一、本年新收"))
        .expect("the seed has the 本年新收 row");
    let planted_line = line.replacen("\t0\t", "\t7\t", 1);
    assert_ne!(line, planted_line);
    let planted = input.join("planted_guyuan_2020.txt");
    std::fs::write(&planted, seed.replacen(line, &planted_line, 1)).unwrap();
    // the next year of the same agency: it carries over 3 applications
    // where 2020 carried forward none
    let carried = seed
        .lines()
        .find(|l| l.starts_with("二、上年结转"))
        .expect("the seed has the 上年结转 row");
    let next = seed
        .replacen(carried, &carried.replacen("\t0\t", "\t3\t", 1), 1)
        .replace("2020", "2021");
    let y2021 = input.join("guyuan_2021.txt");
    std::fs::write(&y2021, next).unwrap();
    let junk = input.join("notes.txt");
    std::fs::write(&junk, "会议纪要：这不是年度报告。\n").unwrap();
    vec![pdf, planted, y2021, junk]
}

fn chromium() -> PathBuf {
    for c in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if Path::new(c).exists() {
            return PathBuf::from(c);
        }
    }
    panic!("chromium is missing: run scripts/setup.sh (Debian package chromium)");
}

/// Runs Chromium headless with the network off (every host name resolves
/// to nothing, and the proxy is a closed local port).
fn chromium_run(profile: &Path, args: &[String]) -> std::process::Output {
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--disable-gpu",
        "--no-sandbox",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--proxy-server=http://127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .env("HOME", profile)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("chromium starts");
    let start = Instant::now();
    let mut out = Vec::new();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let _ = stdout.read_to_end(&mut out);
        out
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let stdout = reader.join().unwrap();
            let mut stderr = Vec::new();
            let _ = child.stderr.take().unwrap().read_to_end(&mut stderr);
            return std::process::Output {
                status,
                stdout,
                stderr,
            };
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn dump_dom(profile: &Path, page: &Path) -> String {
    dump_dom_at(profile, page, "")
}

/// The DOM of `page` opened at `#fragment` (after its script ran).
fn dump_dom_at(profile: &Path, page: &Path, fragment: &str) -> String {
    let out = chromium_run(
        profile,
        &[
            "--dump-dom".into(),
            format!(
                "file://{}{fragment}",
                page.canonicalize().unwrap().display()
            ),
        ],
    );
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8(out.stdout).unwrap();
    assert!(dom.contains("</html>"), "no DOM from chromium: {dom:.300}");
    dom
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e:?}"))
}

/// Nothing on the page points outside it: no network resource at all.
fn assert_self_contained(html: &str, what: &str) {
    let doc = Html::parse_document(html);
    for el in doc.select(&sel(
        "[src], [href], link, script[src], img, iframe, object, embed",
    )) {
        for attr in ["src", "href"] {
            if let Some(v) = el.value().attr(attr) {
                assert!(
                    !v.contains("//") && !v.starts_with("data:text/html"),
                    "{what}: <{} {attr}={v:?}> reaches outside the page",
                    el.value().name()
                );
            }
        }
    }
    let text = html.replace("http://www.w3.org/2000/svg", "");
    assert!(
        !text.contains("http://") && !text.contains("https://") && !text.contains("@import"),
        "{what}: references a network resource"
    );
}

#[test]
fn audit_pages_render_in_chromium_and_show_every_failing_check() {
    let tmp = tempfile::tempdir().unwrap();
    let files = inputs(tmp.path());
    let out = tmp.path().join("audit");
    let mut args: Vec<String> = vec!["audit".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(["--out".into(), out.display().to_string()]);
    let run = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(&args)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let profile = tmp.path().join("chromium-profile");
    std::fs::create_dir_all(&profile).unwrap();

    let mut failing_seen = 0;
    for f in &files[..3] {
        let path = f.display().to_string();
        let record = xxgk::extract_path(f, &xxgk::Settings::default()).unwrap();
        let page = out.join(xxgk::audit::page_name(&path));
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(
            html.len() < 1_000_000,
            "{path}: page of {} bytes",
            html.len()
        );
        assert_self_contained(&html, &path);
        let dom = Html::parse_document(&dump_dom(&profile, &page));
        assert!(dom
            .root_element()
            .text()
            .collect::<String>()
            .contains(&record.source.sha256));
        let failing: Vec<_> = record
            .checks
            .iter()
            .filter(|c| c.status == CheckStatus::Fail && c.severity == Severity::Error)
            .collect();
        let verdict = dom
            .select(&sel(".verdict"))
            .next()
            .map(|v| v.text().collect::<String>())
            .unwrap_or_default();
        if failing.is_empty() {
            assert!(!verdict.contains("不符"), "{path}: {verdict}");
        } else {
            assert!(
                verdict.contains(&format!("本报告有 {} 处", failing.len())),
                "{path}: {verdict}"
            );
        }
        for c in failing {
            failing_seen += 1;
            let s = format!(
                "article[data-rule=\"{}\"][data-location=\"{}\"][data-status=\"fail\"]",
                c.rule, c.location
            );
            let article = dom
                .select(&sel(&s))
                .next()
                .unwrap_or_else(|| panic!("{path}: no article for {} at {}", c.rule, c.location));
            let text: String = article.text().collect();
            assert!(text.contains(&c.message), "{path}: {} not shown", c.message);
            assert!(text.contains(&c.message_en), "{path}: English message");
            for cell in c.cells.iter().filter(|x| !x.previous) {
                // the operand with its printed text and page
                if let Some(raw) = cell.raw.as_deref().filter(|r| !r.is_empty()) {
                    assert!(text.contains(raw), "{path}: {} printed {raw}", cell.key);
                }
                if let Some(p) = cell.page {
                    assert!(text.contains(&format!("第 {p} 页")), "{path}: page {p}");
                }
                if cell.state == xxgk::record::CellState::Missing {
                    continue;
                }
                let td = dom
                    .select(&sel(&format!("[data-cell=\"{}\"]", cell.key)))
                    .next()
                    .unwrap_or_else(|| panic!("{path}: no cell {}", cell.key));
                assert!(
                    td.value().classes().any(|k| k == "fail"),
                    "{path}: cell {} of a failing check is not highlighted",
                    cell.key
                );
            }
        }
        if path.ends_with(".pdf") {
            assert!(
                dom.select(&sel("svg")).next().is_some(),
                "{path}: no picture of the page"
            );
        }
    }
    assert!(failing_seen >= 4, "the inputs have failing checks");

    // the index: every report, the chain break naming both reports, the refused file
    let index = out.join("index.html");
    let html = std::fs::read_to_string(&index).unwrap();
    assert_self_contained(&html, "index.html");
    let dom = Html::parse_document(&dump_dom(&profile, &index));
    let rows: Vec<_> = dom.select(&sel("#reports tbody tr")).collect();
    assert_eq!(rows.len(), 3);
    for f in &files[..3] {
        let href = xxgk::audit::page_name(&f.display().to_string());
        assert!(
            dom.select(&sel(&format!("a[href=\"{href}\"]")))
                .next()
                .is_some(),
            "index links {href}"
        );
    }
    let series: String = dom.select(&sel("#series")).next().unwrap().text().collect();
    assert!(
        series.contains("planted_guyuan_2020.txt") && series.contains("guyuan_2021.txt"),
        "{series}"
    );
    let refused: String = dom
        .select(&sel("#refused"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(refused.contains("notes.txt") && refused.contains("not_a_report"));

    // the index's script filters in the browser: by year, given in the address
    let dom = Html::parse_document(&dump_dom_at(&profile, &index, "#year=2021"));
    let visible: Vec<String> = dom
        .select(&sel("#reports tbody tr:not([hidden])"))
        .map(|tr| tr.value().attr("data-path").unwrap_or_default().to_string())
        .collect();
    assert_eq!(visible.len(), 1, "{visible:?}");
    assert!(visible[0].ends_with("guyuan_2021.txt"));
    let shown: String = dom.select(&sel("#shown")).next().unwrap().text().collect();
    assert_eq!(shown, "1");

    // a screenshot of the PDF's page, as a reader sees it
    let shot = tmp.path().join("audit.png");
    let page = out.join(xxgk::audit::page_name(&files[0].display().to_string()));
    let o = chromium_run(
        &profile,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".into(),
            format!("file://{}", page.canonicalize().unwrap().display()),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000);
    if let Some(keep) = std::env::var_os("XXGK_AUDIT_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}

/// The Python of the virtual environment scripts/setup.sh makes, or `None`
/// when the machine has no python3 at all (the tests that need it are then
/// skipped, saying so).
fn pyenv() -> Option<PathBuf> {
    let python = root().join("target/pyenv/bin/python");
    if python.exists() {
        return Some(python);
    }
    let has_python = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_python {
        eprintln!("skipped: no python3 on this machine");
        return None;
    }
    panic!("target/pyenv is missing: run scripts/setup.sh (it installs datasette, duckdb, pandas)");
}

/// A batch with --audit over the inputs, into `tmp/out`.
fn batch(tmp: &Path) -> PathBuf {
    let files = inputs(tmp);
    let out = tmp.join("out");
    let mut o = xxgk::batch::BatchOptions::new(out.clone());
    o.jobs = 2;
    o.bom = true;
    o.audit = true;
    let s = xxgk::batch::run(
        &files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>(),
        &o,
    )
    .unwrap();
    assert_eq!(s.outputs.records, 3, "{s}");
    for f in &files[..3] {
        let page = xxgk::audit::page_name(&f.display().to_string());
        assert!(out.join("audit").join(page).is_file());
    }
    assert!(out.join("audit/index.html").is_file());
    out
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// GET on 127.0.0.1:port; the body.
fn get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        s,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let code = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Ok((code, body.to_string()))
}

#[test]
fn datasette_serves_both_views_as_json() {
    let Some(python) = pyenv() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = batch(tmp.path());
    assert!(out.join("metadata.json").is_file());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let datasette = python.with_file_name("datasette");
    let _server = Server(
        Command::new(&datasette)
            .args([
                "serve",
                "xxgk.sqlite",
                "-m",
                "metadata.json",
                "-h",
                "127.0.0.1",
            ])
            .args(["-p", &port.to_string()])
            .current_dir(&out)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("datasette starts"),
    );
    let start = Instant::now();
    while get(port, "/-/versions.json").is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "datasette did not answer in 60 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let json = |path: &str| -> serde_json::Value {
        let (code, body) = get(port, path).unwrap();
        assert_eq!(code, 200, "{path}: {body:.500}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body:.300}"))
    };
    let db = rusqlite::Connection::open(out.join("xxgk.sqlite")).unwrap();
    let failing: i64 = db
        .query_row(
            "SELECT count(*) FROM checks WHERE status = 'fail'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let rows = json("/xxgk/failing_checks.json?_shape=array&_size=max");
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len() as i64, failing);
    // the planted inconsistency, with the rule in words and its operands
    let planted = rows
        .iter()
        .find(|r| {
            r["path"]
                .as_str()
                .unwrap()
                .ends_with("planted_guyuan_2020.txt")
                && r["rule"] == "applications.row_total"
        })
        .expect("the planted failure is listed");
    assert_eq!(planted["rule_zh"], "总计 = 自然人 + 五类法人或其他组织");
    assert!(planted["operands"]
        .as_str()
        .unwrap()
        .contains("applications.new_received.natural_person = 7"));
    assert_eq!(planted["year"], 2020);
    // the chain break names both reports
    assert!(rows.iter().any(|r| r["rule"] == "series.carry_chain"
        && r["path"].as_str().unwrap().ends_with("guyuan_2021.txt")
        && r["previous_path"]
            .as_str()
            .unwrap()
            .ends_with("planted_guyuan_2020.txt")));

    let id = planted["check_id"].as_i64().unwrap();
    let cells = json(&format!(
        "/xxgk/check_cells.json?_shape=array&_size=max&check_id={id}"
    ));
    let cells = cells.as_array().unwrap();
    assert!(cells.len() >= 2);
    let natural = cells
        .iter()
        .find(|c| c["cell_key"] == "applications.new_received.natural_person")
        .unwrap();
    assert_eq!(natural["raw"], "7");
    assert_eq!(natural["label_zh"], "第三部分 本年新收 · 自然人");
    assert_eq!(natural["unit"], "件");
    assert!(natural["line_number"].as_i64().is_some());
    // metadata.json is served: descriptions in Chinese and English
    let meta = json("/-/metadata.json");
    assert!(
        meta["databases"]["xxgk"]["tables"]["check_cells"]["description"]
            .as_str()
            .unwrap()
            .contains("Each cell")
    );
}

/// The Python code blocks of docs/loading.md.
fn loading_snippets() -> Vec<String> {
    let doc = std::fs::read_to_string(root().join("docs/loading.md")).unwrap();
    let mut out = Vec::new();
    let mut rest = doc.as_str();
    while let Some(i) = rest.find("```python\n") {
        let body = &rest[i + 10..];
        let end = body.find("```").unwrap();
        out.push(body[..end].to_string());
        rest = &body[end + 3..];
    }
    out
}

#[test]
fn loading_docs_run_with_pandas_and_duckdb() {
    let Some(python) = pyenv() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = batch(tmp.path());
    let snippets = loading_snippets();
    assert_eq!(snippets.len(), 2, "docs/loading.md: pandas and DuckDB");
    for (name, code) in ["pandas", "duckdb"].iter().zip(&snippets) {
        assert!(code.contains(&format!("import {name}")));
        let o = Command::new(&python)
            .args(["-c", code])
            .current_dir(&out)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            stdout.contains("planted_guyuan_2020.txt") || stdout.contains("固原"),
            "{name}: {stdout}"
        );
        assert!(
            stdout.contains("applications.row_total"),
            "{name}: {stdout}"
        );
    }
    // pandas keeps a blank cell missing: the nullable dtypes hold
    let o = Command::new(&python)
        .args([
            "-c",
            &format!(
                "{}\nassert str(reports['applications.new_received.total'].dtype) == 'Int64'\nprint(int(reports['checks_failed'].sum()))",
                snippets[0]
            ),
        ])
        .current_dir(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
