//! The audit page of one report.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::form::{marks, render_table};
use super::html::{close_page, esc, open_page};
use super::picture::table_pictures;
use super::Verdict;
use crate::check::explain::{column_label_zh, fmt_num, row_label_zh, rule_title, CellIndex};
use crate::ingest::Document;
use crate::record::{CheckResult, CheckStatus, Record, Severity, Side, SourceFormat};
use crate::template::spec::Spec;

/// Failing warning-level instances listed on a page at most.
const MAX_WARNING_ARTICLES: usize = 40;

/// Characters of a section's text shown on a page at most.
const MAX_SECTION_CHARS: usize = 8000;

fn format_name(f: SourceFormat) -> &'static str {
    match f {
        SourceFormat::Pdf => "PDF",
        SourceFormat::Text => "文本 text",
        SourceFormat::Html => "HTML",
        SourceFormat::Docx => "Word (.docx)",
    }
}

fn severity_zh(s: Severity, status: CheckStatus) -> &'static str {
    match (status, s) {
        (CheckStatus::NotAssessable, _) => "无法判断",
        (CheckStatus::Pass, _) => "通过",
        (_, Severity::Error) => "错误",
        (_, Severity::Warning) => "提醒",
        (_, Severity::Info) => "参考",
    }
}

fn key_label(r: &Record, key: &str) -> String {
    let mut p = key.splitn(3, '.');
    match (p.next(), p.next(), p.next()) {
        (Some(t), Some(row), Some(c)) => format!(
            "{} · {}",
            row_label_zh(r.template, t, row),
            column_label_zh(r.template, t, c)
        ),
        _ => key.to_string(),
    }
}

/// One check instance, explained: rule, message in Chinese and English,
/// the arithmetic and the cells it read.
fn check_article(out: &mut String, r: &Record, i: usize, c: &CheckResult, only_blank_ops: bool) {
    let status = crate::output::enum_text(&c.status);
    let severity = crate::output::enum_text(&c.severity);
    let (title_zh, title_en) = rule_title(&c.rule).unwrap_or(("", ""));
    let _ = writeln!(
        out,
        "<article class=\"check {status} {severity}\" id=\"chk-{i}\" data-rule=\"{}\" data-status=\"{status}\" data-severity=\"{severity}\" data-location=\"{}\" data-cells=\"{}\">",
        esc(&c.rule),
        esc(&c.location),
        esc(&c.cells
            .iter()
            .filter(|x| !x.previous)
            .map(|x| x.key.as_str())
            .collect::<Vec<_>>()
            .join(" "))
    );
    let _ = writeln!(
        out,
        "<h3><span class=\"sev\">{}</span>{} <code>{}</code> <span class=\"en small\" lang=\"en\">{}</span></h3>",
        severity_zh(c.severity, c.status),
        esc(title_zh),
        esc(&c.rule),
        esc(title_en)
    );
    let _ = write!(
        out,
        "<p class=\"msg\">{}</p>\n<p class=\"en\" lang=\"en\">{}</p>\n",
        esc(&c.message),
        esc(&c.message_en)
    );
    if let Some(a) = &c.arithmetic {
        let which = match a.printed_total {
            Some(Side::Found) => "右边（found）是报告印出的总计，左边（expected）是印出各项之和。 The right side (found) is the printed total; the left (expected) the sum of the printed parts.",
            Some(Side::Expected) => "左边（expected）是报告印出的总计。 The left side (expected) is the printed total.",
            None => "两边都是报告印出的数字之和。 Both sides are sums of printed numbers.",
        };
        let _ = writeln!(
            out,
            "<p class=\"small\">应为 expected <b>{}</b> · 实为 found <b>{}</b>{} — {}</p>",
            c.expected.as_ref().map(super::json_num).unwrap_or_default(),
            c.found.as_ref().map(super::json_num).unwrap_or_default(),
            a.difference
                .map(|d| format!(" · 差 difference <b>{}</b>", fmt_num(d.0)))
                .unwrap_or_default(),
            which
        );
    }
    let ops: Vec<_> = c
        .cells
        .iter()
        .filter(|x| !only_blank_ops || x.value.is_none())
        .collect();
    if !ops.is_empty() {
        out.push_str("<table class=\"ops\"><thead><tr><th>单元格 cell</th><th>项目 · 列</th><th>印为 printed</th><th>值 value</th><th>状态 state</th><th>页/行 page</th><th>边 side</th></tr></thead><tbody>\n");
        for x in ops {
            let place = match (x.page, x.line_number) {
                (Some(p), _) => format!("第 {p} 页"),
                (None, Some(l)) => format!("第 {l} 行"),
                _ => String::new(),
            };
            let side = match x.side {
                Side::Expected => "左 expected",
                Side::Found => "右 found",
            };
            let _ = writeln!(
                out,
                "<tr class=\"{}\" data-cell-ref=\"{}\"><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{side}</td></tr>",
                crate::output::enum_text(&x.side),
                esc(&x.key),
                esc(&x.key),
                if x.previous { " <span class=\"small\">（上一年报告）</span>" } else { "" },
                esc(&key_label(r, &x.key)),
                esc(x.raw.as_deref().unwrap_or("")),
                x.value.map(|v| fmt_num(v.0)).unwrap_or_default(),
                x.state.zh(),
                esc(&place),
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</article>\n");
}

/// The statistics table of a pre2019 report, row by row as printed: label,
/// unit, this year, cumulative (blank cells shown as blank, never 0), the
/// row as printed and where it stands.
fn indicators_table(out: &mut String, inds: &[crate::record::Indicator]) {
    out.push_str(
        "<h3 id=\"t-indicators\">政府信息公开情况统计表 · Statistics table (pre-2019)</h3>\n",
    );
    out.push_str("<table class=\"list\"><thead><tr><th>指标名称 indicator</th><th>标识 key</th><th>计量单位 unit</th><th>本年度 this year</th><th>历年累计 cumulative</th><th>原文 printed</th><th>位置 place</th></tr></thead><tbody>\n");
    let num = |v: &crate::record::CellValue| match v {
        Some(n) => esc(&crate::check::explain::fmt_num(n.0)),
        None => "<span class=\"muted\">空白或不确定</span>".to_string(),
    };
    for (seq, i) in inds.iter().enumerate() {
        let place = match (i.page_index, i.line_number) {
            (Some(p), _) => format!("第 {} 页", p + 1),
            (None, Some(l)) => format!("第 {l} 行"),
            _ => String::new(),
        };
        let indent = if i.parent.is_some() {
            "　其中："
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr data-indicator=\"{seq}\"><td>{indent}{}</td><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"small\">{}</td><td class=\"small muted\">{}</td></tr>",
            esc(&i.label),
            esc(i.key.as_deref().unwrap_or("")),
            esc(i.unit.as_deref().unwrap_or("")),
            num(&i.value),
            num(&i.cumulative),
            esc(&i.raw),
            esc(&place)
        );
    }
    out.push_str("</tbody></table>\n");
}

/// The audit page of one report. `doc` is the document read (for the
/// pictures of PDF pages); without it, or for other formats, the page has
/// no pictures. The page links back to `../index.html`.
pub fn report_page(r: &Record, doc: Option<&Document>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let verdict = Verdict::of(
        r.checks
            .iter()
            .map(|c| (c.rule.as_str(), c.severity, c.status)),
    );
    let who = format!(
        "{} {}",
        r.agency.as_deref().unwrap_or("（未识别机关）"),
        r.year.map(|y| format!("{y} 年")).unwrap_or_default()
    );
    open_page(
        &mut out,
        &format!("{who} 政府信息公开年报审计 · xxgk"),
        "report",
    );
    out.push_str("<nav class=\"top\"><a href=\"../index.html\">← 全部报告 · all reports</a> · <a href=\"#checks\">不符之处</a> · <a href=\"#tables\">表格</a> · <a href=\"#sections\">正文</a></nav>\n");
    let _ = writeln!(
        out,
        "<h1>{}</h1>",
        esc(r.title.as_deref().unwrap_or(&r.source.path))
    );
    let _ = writeln!(
        out,
        "<p class=\"verdict {}\" id=\"verdict\">{}<span class=\"en\" lang=\"en\">{}</span></p>",
        verdict.class(),
        esc(&verdict.zh()),
        esc(&verdict.en())
    );
    // source and identity
    out.push_str("<dl class=\"meta\">\n");
    let _ = write!(
        out,
        "<dt>文件 file</dt><dd><code>{}</code></dd>\n<dt>SHA-256</dt><dd><code>{}</code></dd>\n",
        esc(&r.source.path),
        esc(&r.source.sha256)
    );
    let _ = writeln!(
        out,
        "<dt>格式 format</dt><dd>{}{}{}</dd>",
        format_name(r.source.format),
        r.source
            .pages
            .map(|p| format!("，{p} 页 pages"))
            .unwrap_or_default(),
        if r.source.ocr.is_empty() {
            String::new()
        } else {
            format!(
                "；OCR 识别的页 pages read by OCR: {}",
                r.source
                    .ocr
                    .iter()
                    .map(|p| (p + 1).to_string())
                    .collect::<Vec<_>>()
                    .join("、")
            )
        }
    );
    let region = r
        .region
        .as_ref()
        .map(|g| format!("；{} {}（{}）", g.code, g.name, g.level.key()))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<dt>机关 agency</dt><dd>{} <span class=\"muted small\">agency_key <code>{}</code>{}</span></dd>",
        esc(r.agency.as_deref().unwrap_or("（未识别）")),
        esc(r.agency_key.as_deref().unwrap_or("")),
        esc(&region)
    );
    let _ = writeln!(
        out,
        "<dt>年度 year</dt><dd>{}</dd>",
        r.year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "（未识别）".into())
    );
    let spec = Spec::builtin().version(r.template);
    let _ = writeln!(
        out,
        "<dt>统一格式 template</dt><dd>{}（{}）{}</dd>",
        r.template.key(),
        esc(&spec.document),
        r.hybrid
            .as_deref()
            .map(|h| format!(
                " · hybrid <code>{}</code>（（六）其他处理 印为一行）",
                esc(h)
            ))
            .unwrap_or_default()
    );
    let count = |s: CheckStatus| r.checks.iter().filter(|c| c.status == s).count();
    let _ = writeln!(
        out,
        "<dt>检查 checks</dt><dd>{} 处不通过 fail（其中错误级 {} error-level）· {} 处无法判断 not assessable · {} 处通过 pass</dd>",
        count(CheckStatus::Fail),
        verdict.errors,
        count(CheckStatus::NotAssessable),
        count(CheckStatus::Pass)
    );
    let _ = write!(
        out,
        "<dt>xxgk</dt><dd>{}</dd>\n</dl>\n",
        env!("CARGO_PKG_VERSION")
    );

    // findings
    out.push_str("<section class=\"checks\" id=\"checks\">\n<h2>不符之处 · Findings</h2>\n");
    let mut failing: Vec<(usize, &CheckResult)> = r
        .checks
        .iter()
        .enumerate()
        .filter(|(_, c)| c.status == CheckStatus::Fail)
        .collect();
    failing.sort_by_key(|(i, c)| (c.severity != Severity::Error, *i));
    if failing.is_empty() {
        out.push_str("<p>没有不通过的检查。 No check fails.</p>\n");
    }
    // Every failing error is shown; failing warnings up to a bound (a
    // badly read report can have hundreds), the rest counted, so a page
    // stays well under 1 MB.
    let mut warnings_shown = 0;
    for (i, c) in &failing {
        if c.severity != Severity::Error {
            if warnings_shown == MAX_WARNING_ARTICLES {
                continue;
            }
            warnings_shown += 1;
        }
        check_article(&mut out, r, *i, c, false);
    }
    let warnings_failing = failing
        .iter()
        .filter(|(_, c)| c.severity != Severity::Error)
        .count();
    if warnings_failing > warnings_shown {
        let _ = writeln!(
            out,
            "<p class=\"muted\">另有 {} 处提醒未在此列出，见 checks.csv 或 xxgk.sqlite。 {} more failing warning(s) are not listed here; see checks.csv or xxgk.sqlite.</p>",
            warnings_failing - warnings_shown,
            warnings_failing - warnings_shown
        );
    }
    let na: Vec<(usize, &CheckResult)> = r
        .checks
        .iter()
        .enumerate()
        .filter(|(_, c)| c.status == CheckStatus::NotAssessable)
        .collect();
    if !na.is_empty() {
        let _ = writeln!(
            out,
            "<details class=\"na\"><summary>无法判断 {} 处（有单元格空白、未读出或缺失）· {} not assessable</summary>",
            na.len(),
            na.len()
        );
        for (i, c) in &na {
            check_article(&mut out, r, *i, c, true);
        }
        out.push_str("</details>\n");
    }
    let mut passed: BTreeMap<&str, usize> = BTreeMap::new();
    for c in r.checks.iter().filter(|c| c.status == CheckStatus::Pass) {
        *passed.entry(c.rule.as_str()).or_default() += 1;
    }
    if !passed.is_empty() {
        out.push_str("<details class=\"passed\"><summary>通过的检查 · passed</summary><table class=\"list\"><thead><tr><th>规则 rule</th><th></th><th>通过 pass</th></tr></thead><tbody>\n");
        for (rule, n) in passed {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{n}</td></tr>",
                esc(rule),
                esc(rule_title(rule).map(|t| t.0).unwrap_or(""))
            );
        }
        out.push_str("</tbody></table></details>\n");
    }
    out.push_str("</section>\n");

    // tables
    let idx = CellIndex::new(r);
    let marks = marks(r);
    out.push_str("<section class=\"tables\" id=\"tables\">\n<h2>表格（按统一格式排列，单元格为报告原文所印）· Tables as the national form prints them</h2>\n");
    out.push_str("<div class=\"legend\"><span><span class=\"sw\">12</span>原文所印 printed</span><span><span class=\"sw\" style=\"background:#fde3e6;outline:2px solid #b3001b;outline-offset:-2px\">9</span>与合计不符 fails an error check</span><span><span class=\"sw\" style=\"outline:2px dashed #a35f00;outline-offset:-2px\">3</span>提醒 fails a warning</span><span><span class=\"sw\" style=\"background:repeating-linear-gradient(135deg,#fff 0 6px,#f0f0f0 6px 8px)\">空白</span>报告留空 left blank by the report</span><span><span class=\"sw\" style=\"background:repeating-linear-gradient(45deg,#fff7e0 0 5px,#f5d88c 5px 7px)\">未读出</span>xxgk 未能读出 not read by xxgk</span><span><span class=\"sw\" style=\"background:#ececec\">缺</span>未找到此行或此表 row or table not found</span></div>\n");
    for t in &spec.tables {
        let _ = writeln!(
            out,
            "<h3 id=\"t-{}\">{} · {} <code class=\"muted\">{}</code>{}</h3>",
            esc(&t.key),
            esc(&crate::check::explain::table_place_zh(&t.key)),
            esc(&t.caption),
            esc(&t.key),
            if r.tables.contains_key(&t.key) {
                String::new()
            } else {
                " <span class=\"small muted\">本报告中未找到此表 · table not found</span>".into()
            }
        );
        render_table(&mut out, r, &idx, t, &marks);
        let table_fails = marks
            .iter()
            .any(|(k, m)| m.fail && k.split('.').next() == Some(t.key.as_str()));
        if let (true, Some(doc)) = (table_fails, doc) {
            for (page_index, svg) in table_pictures(r, doc, &t.key, &marks) {
                let _ = writeln!(
                    out,
                    "<figure class=\"page\" id=\"fig-{}-p{}\">{svg}<figcaption>第 {} 页局部（page_index {}），按 xxgk 读出的字形与表格线重绘，红框为不符的单元格。 Page {} as xxgk read it (glyphs and ruling lines redrawn); failing cells outlined in red.</figcaption></figure>",
                    esc(&t.key),
                    page_index + 1,
                    page_index + 1,
                    page_index,
                    page_index + 1
                );
            }
        }
    }
    if let Some(inds) = r.indicators.as_deref().filter(|i| !i.is_empty()) {
        indicators_table(&mut out, inds);
    }
    out.push_str("</section>\n");

    // sections
    out.push_str("<section class=\"sections\" id=\"sections\">\n<h2>正文 · Sections</h2>\n");
    if r.sections.is_empty() {
        out.push_str("<p class=\"muted\">未找到一至六部分的标题。 No section heading found.</p>\n");
    }
    for s in &r.sections {
        let (text, cut) = match s.text.char_indices().nth(MAX_SECTION_CHARS) {
            Some((at, _)) => (&s.text[..at], true),
            None => (s.text.as_str(), false),
        };
        let _ = writeln!(
            out,
            "<details><summary>{}{}</summary><pre>{}{}</pre></details>",
            esc(&s.heading),
            s.page_index
                .map(|p| format!(" <span class=\"small muted\">第 {} 页</span>", p + 1))
                .unwrap_or_default(),
            esc(text),
            if cut {
                "\n……（以下略，全文见 records.ndjson 或 xxgk.sqlite 的 sections 表 · the rest is in records.ndjson and the sections table）"
            } else {
                ""
            }
        );
    }
    out.push_str("</section>\n");
    if !r.warnings.is_empty() {
        let _ = writeln!(
            out,
            "<section id=\"warnings\"><h2>读取提示 · Reading warnings <span class=\"small muted\">{}</span></h2><ul class=\"warnings\">",
            r.warnings.len()
        );
        for w in &r.warnings {
            let _ = writeln!(out, "<li>{}</li>", esc(w));
        }
        out.push_str("</ul></section>\n");
    }
    let _ = writeln!(
        out,
        "<footer>xxgk {} · 数字均为报告原文所印，xxgk 不修改、不补全数字；空白记为空白，读不出的记为“未读出”。 Figures are as printed; xxgk never repairs a number.</footer>",
        env!("CARGO_PKG_VERSION")
    );
    close_page(&mut out, None);
    out
}
