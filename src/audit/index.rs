//! The index page: every report (sortable, filterable by agency, year,
//! rule and status), the cross-year chain breaks naming both reports, and
//! the files that could not be read, with their reasons.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde_json::Value;

use super::html::{close_page, esc, open_page, INDEX_SCRIPT};
use super::{failing_rules, page_name, Verdict};
use crate::check::explain::rule_title;
use crate::check::series::SeriesCheck;
use crate::output::{cell_counts, CellCounts, ErrorRow};
use crate::record::{CheckStatus, Severity};

/// One report in the index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// `source.path`.
    pub path: String,
    /// The title as printed.
    pub title: Option<String>,
    /// The agency as printed.
    pub agency: Option<String>,
    /// The canonical agency key.
    pub agency_key: Option<String>,
    /// The report year.
    pub year: Option<i32>,
    /// `gb2019` or `gb2021`.
    pub template: String,
    /// `pdf`, `text`, `html` or `docx`.
    pub format: String,
    /// The outcome of its own checks.
    pub verdict: Verdict,
    /// The rules with a failing instance (its own and, once known, the
    /// series rules).
    pub rules: BTreeSet<String>,
    /// Cells without a value, by why.
    pub cells: CellCounts,
    /// Reading warnings.
    pub warnings: usize,
    /// The first copy, when this report is a copy of another.
    pub duplicate_of: Option<String>,
}

fn severity(s: &str) -> Severity {
    match s {
        "error" => Severity::Error,
        "info" => Severity::Info,
        _ => Severity::Warning,
    }
}

fn status(s: &str) -> CheckStatus {
    match s {
        "pass" => CheckStatus::Pass,
        "fail" => CheckStatus::Fail,
        _ => CheckStatus::NotAssessable,
    }
}

impl IndexEntry {
    /// The entry of a record given as JSON; `None` when it is not a record.
    pub fn from_json(rec: &Value) -> Option<IndexEntry> {
        let s = |v: Option<&Value>| v.and_then(|x| x.as_str()).map(String::from);
        let checks = rec.get("checks").and_then(|c| c.as_array());
        let verdict = Verdict::of(checks.into_iter().flatten().map(|c| {
            let f = |k: &str| c.get(k).and_then(|x| x.as_str()).unwrap_or_default();
            (f("rule"), severity(f("severity")), status(f("status")))
        }));
        Some(IndexEntry {
            path: s(rec.pointer("/source/path"))?,
            title: s(rec.get("title")),
            agency: s(rec.get("agency")),
            agency_key: s(rec.get("agency_key")),
            year: rec
                .get("year")
                .and_then(|y| y.as_i64())
                .and_then(|y| i32::try_from(y).ok()),
            template: s(rec.get("template")).unwrap_or_default(),
            format: s(rec.pointer("/source/format")).unwrap_or_default(),
            verdict,
            rules: failing_rules(rec),
            cells: cell_counts(rec),
            warnings: rec
                .get("warnings")
                .and_then(|w| w.as_array())
                .map_or(0, Vec::len),
            duplicate_of: s(rec.get("duplicate_of")),
        })
    }
}

fn opt_year(y: Option<i32>) -> String {
    y.map(|y| y.to_string()).unwrap_or_default()
}

/// The index page. `has_page` says whether a report's page exists (its
/// path given), to link it.
pub fn index_page(
    entries: &[IndexEntry],
    series: &[SeriesCheck],
    refused: &[ErrorRow],
    has_page: &dyn Fn(&str) -> bool,
) -> String {
    let mut out = String::with_capacity(4096 + entries.len() * 700);
    // series failures by report
    let mut series_rules: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for s in series
        .iter()
        .filter(|s| s.result.status == CheckStatus::Fail)
    {
        series_rules
            .entry(s.path.as_str())
            .or_default()
            .insert(s.result.rule.as_str());
    }
    let by_path: BTreeMap<&str, &IndexEntry> =
        entries.iter().map(|e| (e.path.as_str(), e)).collect();
    let status_of = |e: &IndexEntry| -> (&'static str, &'static str) {
        let v = &e.verdict;
        if v.status() == "ok" && series_rules.contains_key(e.path.as_str()) {
            ("warn", "有提醒")
        } else {
            (v.status(), v.status_zh())
        }
    };
    open_page(
        &mut out,
        "政府信息公开工作年度报告审计 · xxgk audit",
        "index",
    );
    out.push_str("<h1>政府信息公开工作年度报告 · 审计 <span class=\"en small\" lang=\"en\">xxgk audit of annual reports on government information disclosure</span></h1>\n");
    let count = |s: &str| entries.iter().filter(|e| status_of(e).0 == s).count();
    let breaks = series
        .iter()
        .filter(|s| s.result.status == CheckStatus::Fail)
        .count();
    let _ = writeln!(
        out,
        "<p class=\"counts\">共 <b>{}</b> 份报告：<b>{}</b> 份有数字与自身合计不符，{} 份无法完全核对，{} 份有提醒，{} 份全部相符；{} 个文件未能读取；跨年度不符 {} 处。<br><span class=\"en\" lang=\"en\">{} reports: {} with totals that disagree with their parts, {} not fully checkable, {} with warnings, {} that agree throughout; {} files refused; {} cross-year findings.</span></p>",
        entries.len(),
        count("fail"),
        count("incomplete"),
        count("warn"),
        count("ok"),
        refused.len(),
        breaks,
        entries.len(),
        count("fail"),
        count("incomplete"),
        count("warn"),
        count("ok"),
        refused.len(),
        breaks
    );
    out.push_str("<nav class=\"top\"><a href=\"#list\">报告 reports</a> · <a href=\"#series\">跨年度不符 cross-year</a> · <a href=\"#refused\">未能读取 refused</a></nav>\n");

    // filters
    let years: BTreeSet<i32> = entries.iter().filter_map(|e| e.year).collect();
    let mut rules: BTreeSet<&str> = entries
        .iter()
        .flat_map(|e| e.rules.iter().map(String::as_str))
        .collect();
    rules.extend(series_rules.values().flatten().copied());
    out.push_str("<section id=\"list\"><h2>报告 · Reports</h2>\n<div class=\"filters noprint\">");
    out.push_str("<label>机关或文件 agency or file<input id=\"f-agency\" type=\"search\" placeholder=\"如：洪泽区\"></label>");
    out.push_str("<label>年度 year<select id=\"f-year\"><option value=\"\">全部 all</option>");
    for y in &years {
        let _ = write!(out, "<option value=\"{y}\">{y}</option>");
    }
    out.push_str("</select></label><label>不通过的规则 failing rule<select id=\"f-rule\"><option value=\"\">全部 all</option>");
    for r in &rules {
        let _ = write!(
            out,
            "<option value=\"{}\">{} {}</option>",
            esc(r),
            esc(r),
            esc(rule_title(r).map(|t| t.0).unwrap_or(""))
        );
    }
    out.push_str("</select></label><label>状态 status<select id=\"f-status\"><option value=\"\">全部 all</option><option value=\"fail\">不符 fail</option><option value=\"incomplete\">无法完全核对 incomplete</option><option value=\"warn\">有提醒 warn</option><option value=\"ok\">相符 ok</option></select></label>");
    let _ = writeln!(
        out,
        "<span>显示 shown <b id=\"shown\">{}</b> / {}</span></div>",
        entries.len(),
        entries.len()
    );
    out.push_str("<table class=\"list\" id=\"reports\"><thead><tr><th class=\"sortable\" data-type=\"num\">状态 status</th><th class=\"sortable\">机关 agency</th><th class=\"sortable\" data-type=\"num\">年度 year</th><th class=\"sortable\">文件 file</th><th class=\"sortable\" data-type=\"num\" title=\"错误级检查不通过的处数 failing error-level instances\">不符 errors</th><th class=\"sortable\" data-type=\"num\" title=\"无法判断 not assessable\">无法判断</th><th class=\"sortable\" data-type=\"num\" title=\"提醒 warnings\">提醒</th><th class=\"sortable\" data-type=\"num\" title=\"未读出的单元格 cells not read\">未读出</th><th>不通过的规则 failing rules</th></tr></thead><tbody>\n");
    let rank = |s: &str| match s {
        "fail" => 3,
        "incomplete" => 2,
        "warn" => 1,
        _ => 0,
    };
    for e in entries {
        let (st, st_zh) = status_of(e);
        let mut rules: BTreeSet<&str> = e.rules.iter().map(String::as_str).collect();
        if let Some(s) = series_rules.get(e.path.as_str()) {
            rules.extend(s.iter().copied());
        }
        let rules_text = rules.iter().copied().collect::<Vec<_>>().join(" ");
        let file = if has_page(&e.path) {
            format!(
                "<a href=\"{}\">{}</a>",
                esc(&page_name(&e.path)),
                esc(&e.path)
            )
        } else {
            format!(
                "{} <span class=\"small muted\">（无审计页）</span>",
                esc(&e.path)
            )
        };
        let dup = e
            .duplicate_of
            .as_deref()
            .map(|d| {
                format!(
                    "<br><span class=\"small muted\">副本 copy of {}</span>",
                    esc(d)
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr data-path=\"{}\" data-agency=\"{}\" data-year=\"{}\" data-status=\"{st}\" data-rules=\"{}\"><td data-sort=\"{}\"><span class=\"status {st}\">{st_zh}</span></td><td>{}</td><td class=\"num\">{}</td><td>{file}{dup}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"small\">{}</td></tr>",
            esc(&e.path),
            esc(e.agency.as_deref().unwrap_or("")),
            opt_year(e.year),
            esc(&rules_text),
            rank(st),
            esc(e.agency.as_deref().unwrap_or("（未识别）")),
            opt_year(e.year),
            e.verdict.errors,
            e.verdict.not_assessable,
            e.verdict.warnings + series_rules.get(e.path.as_str()).map_or(0, |_| 1),
            e.cells.unread,
            rules
                .iter()
                .map(|r| format!("<code>{}</code>", esc(r)))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    out.push_str("</tbody></table></section>\n");

    // cross-year findings
    out.push_str("<section id=\"series\"><h2>跨年度不符 · Cross-year findings</h2>\n<p class=\"small muted\">同一机关（机关键相同）相邻两年的报告：上年结转应等于上一年的结转下年度；同一年度两份报告数字不同也列在这里。 Reports of one agency in consecutive years, and two versions of one year.</p>\n");
    let fails: Vec<&SeriesCheck> = series
        .iter()
        .filter(|s| s.result.status == CheckStatus::Fail)
        .collect();
    if fails.is_empty() {
        out.push_str("<p>没有跨年度不符。 None.</p>\n");
    } else {
        out.push_str("<table class=\"list\" id=\"chain-breaks\"><thead><tr><th>规则 rule</th><th>本报告 this report</th><th>对照的报告 other report</th><th>单元格 where</th><th>说明 finding</th></tr></thead><tbody>\n");
        let link = |path: &str, agency: &str| {
            let year = by_path
                .get(path)
                .and_then(|e| e.year)
                .map(|y| format!(" {y}"))
                .unwrap_or_default();
            let name = format!("{agency}{year}");
            if has_page(path) {
                format!(
                    "<a href=\"{}\">{}</a><br><span class=\"small muted\">{}</span>",
                    esc(&page_name(path)),
                    esc(&name),
                    esc(path)
                )
            } else {
                format!(
                    "{}<br><span class=\"small muted\">{}</span>",
                    esc(&name),
                    esc(path)
                )
            }
        };
        for s in fails {
            let _ = writeln!(
                out,
                "<tr data-rule=\"{}\" data-path=\"{}\" data-previous=\"{}\" data-agency-key=\"{}\"><td><code>{}</code><br><span class=\"small\">{}</span></td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}<br><span class=\"en small\" lang=\"en\">{}</span></td></tr>",
                esc(&s.result.rule),
                esc(&s.path),
                esc(&s.previous_path),
                esc(&s.agency_key),
                esc(&s.result.rule),
                esc(rule_title(&s.result.rule).map(|t| t.0).unwrap_or("")),
                link(&s.path, &s.agency),
                link(&s.previous_path, &s.previous_agency),
                esc(&s.result.location),
                esc(&s.result.message),
                esc(&s.result.message_en)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");

    // refused files
    out.push_str("<section id=\"refused\"><h2>未能读取的文件 · Files refused</h2>\n");
    if refused.is_empty() {
        out.push_str("<p>没有。 None.</p>\n");
    } else {
        out.push_str("<table class=\"list\" id=\"refused-files\"><thead><tr><th>文件 file</th><th>原因 reason</th><th>说明 message</th></tr></thead><tbody>\n");
        for e in refused {
            let _ = writeln!(
                out,
                "<tr data-reason=\"{}\"><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
                esc(&e.reason),
                esc(&e.path),
                esc(&e.reason),
                esc(&e.message)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
    let _ = writeln!(
        out,
        "<footer>xxgk {} · 每份报告一页，数字均为报告原文所印。 One page per report; figures as printed.</footer>",
        env!("CARGO_PKG_VERSION")
    );
    close_page(&mut out, Some(INDEX_SCRIPT));
    out
}
