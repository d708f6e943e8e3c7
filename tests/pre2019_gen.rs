//! Generated pre-2019 reports: many seeds, each a report with a mix of the
//! traits real ones show (label variants, tab- or space-separated cells,
//! cells run together as crawlers print them, only 本年度, 其中 rows numbered
//! or not, 回应解读 rows under headings, wrapped labels, blank cells, prose
//! near the table, prose that disagrees with the table). Every report must give a pre2019 record,
//! every figure must be right or null (never wrong), figures printed with
//! separators must all be read, and a disagreeing prose figure must be
//! flagged.

// Shared with tests/layout_gen.rs, which uses all of it.
#[allow(dead_code)]
#[path = "layout_gen/rng.rs"]
mod rng;

use rng::Rng;
use xxgk::record::{CheckStatus, TemplateVersion};
use xxgk::Settings;

/// How the table's cells are printed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Layout {
    /// One row a line, cells separated by tabs.
    Tabs,
    /// One row a line, cells separated by spaces.
    Lines,
    /// The whole table on one line, cells separated by spaces.
    OneLine,
    /// The whole table on one line, cells run together.
    RunTogether,
}

struct Row {
    key: &'static str,
    label: String,
    unit: &'static str,
    value: Option<u64>,
    cumulative: Option<u64>,
    /// Printed under 其中 of the row before its list.
    item: bool,
    /// A heading row printed before this row.
    heading: Option<String>,
}

struct Report {
    text: String,
    rows: Vec<Row>,
    layout: Layout,
    has_cumulative: bool,
    prose_disagrees: bool,
}

fn pick<'a>(r: &mut Rng, xs: &[&'a str]) -> &'a str {
    xs[r.below(xs.len())]
}

fn amount(r: &mut Rng, small: bool) -> u64 {
    match r.below(10) {
        0..=2 => 0,
        3..=5 => r.range(1, 9) as u64,
        6..=7 => r.range(10, 99) as u64,
        _ if small => r.range(1, 30) as u64,
        _ => r.range(100, 9999) as u64,
    }
}

/// Splits `total` into `n` parts.
fn split(r: &mut Rng, total: u64, n: usize) -> Vec<u64> {
    let mut cuts: Vec<u64> = (0..n - 1)
        .map(|_| r.range(0, total as i64) as u64)
        .collect();
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut prev = 0;
    for c in cuts {
        out.push(c - prev);
        prev = c;
    }
    out.push(total - prev);
    out
}

/// A total with items: (value, cumulative) of each, items adding up.
fn with_items(r: &mut Rng, n: usize, small: bool) -> Vec<(u64, u64)> {
    let v = amount(r, small);
    let before = amount(r, small) * r.range(1, 5) as u64;
    let vs = split(r, v, n);
    let bs = split(r, before, n);
    let mut out = vec![(v, v + before)];
    out.extend(vs.iter().zip(&bs).map(|(a, b)| (*a, a + b)));
    out
}

fn generate(seed: u64) -> Report {
    let mut r = Rng::new(seed, 7);
    let year = r.range(2009, 2018) as i32;
    let agency = pick(
        &mut r,
        &[
            "示例县人民政府",
            "示例市教育局",
            "示例区卫生和计划生育局",
            "示例省交通运输厅",
            "示例镇人民政府",
        ],
    );
    let layout = match r.below(4) {
        0 => Layout::Tabs,
        1 => Layout::Lines,
        2 => Layout::OneLine,
        _ => Layout::RunTogether,
    };
    let has_cumulative = !r.chance(0.25);
    let numbered = r.chance(0.5);
    let numbering = pick(&mut r, &["{}、", "{}.", "（{}）"]);
    let qizhong = pick(&mut r, &["其中：", "其中:", "其中"]);
    // One long label wrapped onto a second line (row-a-line layouts).
    let wrap = matches!(layout, Layout::Tabs | Layout::Lines) && r.chance(0.3);
    let app_unit = pick(&mut r, &["件", "条"]);
    let mut rows: Vec<Row> = Vec::new();
    let push_group = |rows: &mut Vec<Row>,
                      r: &mut Rng,
                      total: (&'static str, &[&str]),
                      items: &[(&'static str, &[&str])],
                      unit: &'static str,
                      small: bool,
                      heading: Option<String>| {
        let figs = with_items(r, items.len().max(1), small);
        rows.push(Row {
            key: total.0,
            label: pick(r, total.1).to_string(),
            unit,
            value: Some(figs[0].0),
            cumulative: Some(figs[0].1),
            item: false,
            heading,
        });
        if items.is_empty() {
            return;
        }
        for (k, (key, labels)) in items.iter().enumerate() {
            rows.push(Row {
                key,
                label: pick(r, labels).to_string(),
                unit,
                value: Some(figs[k + 1].0),
                cumulative: Some(figs[k + 1].1),
                item: true,
                heading: None,
            });
        }
    };
    let groups = layout != Layout::RunTogether && year >= 2016 && r.chance(0.6);
    let proactive_items: Vec<(&'static str, &[&str])> = if r.chance(0.7) {
        vec![
            ("proactive_web", &["政府网站公开数", "网站公开数"][..]),
            ("proactive_gazette", &["政府公报公开数", "公报公开数"][..]),
        ]
    } else {
        Vec::new()
    };
    push_group(
        &mut rows,
        &mut r,
        (
            "proactive_total",
            &[
                "主动公开政府信息数",
                "主动公开文件数",
                "主动公开信息数",
                "主动公开政府信息总数",
                "主动公开政府信息条数",
                "本年度主动公开政府信息数",
            ],
        ),
        &[],
        "条",
        false,
        groups.then(|| "一、主动公开情况".to_string()),
    );
    // Proactive items need not add up (not exhaustive): print them anyway
    // with figures at most the total.
    if !proactive_items.is_empty() {
        let (tv, tc) = (rows[0].value.unwrap(), rows[0].cumulative.unwrap());
        for (key, labels) in proactive_items {
            let v = r.range(0, tv as i64) as u64;
            let c = v + r.range(0, (tc - tv) as i64) as u64;
            rows.push(Row {
                key,
                label: pick(&mut r, labels).to_string(),
                unit: "条",
                value: Some(v),
                cumulative: Some(c),
                item: true,
                heading: None,
            });
        }
    }
    if groups {
        let heading = Some("二、回应解读情况".to_string());
        for (k, (key, label, unit)) in [
            ("responses_hot_topics", "回应公众关注热点或重大舆情数", "次"),
            ("press_conferences", "参加或举办新闻发布会总次数", "次"),
            ("online_interviews", "政府网站在线访谈次数", "次"),
            ("policy_interpretations", "政策解读稿件发布数", "篇"),
        ]
        .into_iter()
        .enumerate()
        {
            let v = amount(&mut r, true);
            rows.push(Row {
                key,
                label: label.to_string(),
                unit,
                value: Some(v),
                cumulative: Some(v + amount(&mut r, true)),
                item: false,
                heading: if k == 0 { heading.clone() } else { None },
            });
        }
    }
    let all_channels: [(&'static str, &[&str]); 5] = [
        (
            "applications_by_channel.in_person",
            &["当面申请数", "现场申请数"],
        ),
        ("applications_by_channel.fax", &["传真申请数"]),
        (
            "applications_by_channel.email",
            &["电子邮件申请数", "电子邮箱申请数"],
        ),
        (
            "applications_by_channel.online",
            &["网上申请数", "网络申请数"],
        ),
        ("applications_by_channel.letter", &["信函申请数"]),
    ];
    let n_channels = r.range(2, 5) as usize;
    let start = r.below(5 - n_channels + 1);
    let channels = &all_channels[start..start + n_channels];
    push_group(
        &mut rows,
        &mut r,
        (
            "applications_received",
            &[
                "受理依申请公开信息总数",
                "受理政府信息公开申请数",
                "依申请公开信息数",
                "受理依申请公开申请总数",
                "收到申请数",
            ],
        ),
        channels,
        app_unit,
        true,
        groups.then(|| "三、依申请公开情况".to_string()),
    );
    let replies: [(&'static str, &[&str]); 3] = [
        ("replies_granted", &["同意公开答复数", "同意公开"]),
        (
            "replies_partly_granted",
            &["同意部分公开答复数", "同意部分公开"],
        ),
        (
            "replies_denied",
            &["否决公开答复数", "不予公开答复数", "否决公开"],
        ),
    ];
    if r.chance(0.7) {
        push_group(
            &mut rows,
            &mut r,
            (
                "replies_total",
                &["对申请的答复总数", "答复总数", "对申请的答复数"],
            ),
            &replies,
            app_unit,
            true,
            None,
        );
    }
    for (key, labels, unit) in [
        (
            "fees",
            &["政府信息公开收费减免金额", "依申请公开信息收取的费用"][..],
            "元",
        ),
        ("review", &["行政复议数"][..], "件"),
        ("litigation", &["行政诉讼数"][..], "件"),
        ("complaints", &["行政申诉、举报数"][..], "件"),
    ] {
        if key == "complaints" && r.chance(0.5) {
            continue;
        }
        let v = if key == "fees" {
            0
        } else {
            amount(&mut r, true)
        };
        rows.push(Row {
            key,
            label: pick(&mut r, labels).to_string(),
            unit,
            value: Some(v),
            cumulative: Some(
                v + if key == "fees" {
                    0
                } else {
                    amount(&mut r, true)
                },
            ),
            item: false,
            heading: None,
        });
    }
    if !has_cumulative {
        for row in &mut rows {
            row.cumulative = None;
        }
    }
    // A blank cell now and then where cells are separated by tabs.
    if layout != Layout::RunTogether && has_cumulative && r.chance(0.3) {
        let k = r.below(rows.len());
        rows[k].cumulative = None;
    }

    // The text.
    let mut t = String::new();
    let crawler = matches!(layout, Layout::OneLine | Layout::RunTogether);
    let title = format!(
        "{agency}{year}{}",
        pick(
            &mut r,
            &[
                "年政府信息公开工作年度报告",
                "年度政府信息公开工作年度报告",
                "年政府信息公开年度报告",
            ]
        )
    );
    if crawler {
        t.push_str(&format!(
            "标题: {title}\n发布时间: {}-01-20 00:00\n==================== 正文 ====================\n当前位置： 首页 政府信息公开年报 {title} ",
            year + 1
        ));
    } else {
        t.push_str(&format!("{title}\n"));
    }
    let sep = if crawler { " " } else { "\n" };
    let proactive = rows[0].value.unwrap();
    let prose_disagrees = r.chance(0.2);
    let stated = if prose_disagrees {
        proactive + r.range(1, 2000) as u64
    } else {
        proactive
    };
    let apps = rows
        .iter()
        .find(|x| x.key == "applications_received")
        .and_then(|x| x.value)
        .unwrap_or(0);
    t.push_str(&format!(
        "一、概述{sep}{year}年，我单位认真贯彻《条例》，政府信息公开工作稳步推进。{sep}"
    ));
    t.push_str(&format!(
        "二、主动公开政府信息情况{sep}全年主动公开政府信息{stated}条，其中通过门户网站发布信息若干。{sep}"
    ));
    t.push_str(&format!(
        "三、依申请公开政府信息情况{sep}全年共受理政府信息公开申请{apps}{app_unit}。{sep}"
    ));
    t.push_str(&format!(
        "四、政府信息公开的收费及减免情况{sep}未收取任何费用。{sep}五、存在的主要问题和改进措施{sep}公开的及时性有待提高。{sep}"
    ));
    let caption = pick(
        &mut r,
        &[
            "政府信息公开情况统计表",
            "政府信息公开工作情况统计表",
            "政府信息公开统计表",
        ],
    );
    t.push_str(&format!("六、{caption}{sep}"));
    let value_head = match r.below(3) {
        0 => "本年度".to_string(),
        1 => format!("{year}年度"),
        _ => "本年".to_string(),
    };
    let cum_head = pick(&mut r, &["历年累计", "累计数"]);
    let mut head = vec!["指标名称", "计量单位", value_head.as_str()];
    if has_cumulative {
        head.push(cum_head);
    }
    let (cell, line) = match layout {
        Layout::Tabs => ("\t", "\n"),
        Layout::Lines => (" ", "\n"),
        Layout::OneLine => (" ", " "),
        Layout::RunTogether => ("", ""),
    };
    t.push_str(&head.join(cell));
    t.push_str(line);
    let mut item_no = 0;
    // The longest label is the one wrapped.
    let wrap_at = (0..rows.len())
        .max_by_key(|k| rows[*k].label.chars().count())
        .unwrap_or(0);
    for k in 0..rows.len() {
        let row = &rows[k];
        if let Some(h) = &row.heading {
            t.push_str(h);
            if layout == Layout::Tabs {
                t.push_str(&"\t".repeat(head.len() - 1));
            }
            t.push_str(line);
        }
        let mut label = String::new();
        if row.item {
            if k == 0 || !rows[k - 1].item {
                label.push_str(qizhong);
                item_no = 0;
            }
            item_no += 1;
            if numbered {
                label.push_str(&numbering.replace("{}", &item_no.to_string()));
            }
        }
        if wrap && k == wrap_at {
            // The label's last characters on a line of their own, before
            // the row's other cells.
            let chars: Vec<char> = row.label.chars().collect();
            let cut = chars.len() - 2;
            label.push_str(&chars[..cut].iter().collect::<String>());
            label.push('\n');
            label.push_str(&chars[cut..].iter().collect::<String>());
        } else {
            label.push_str(&row.label);
        }
        let mut cells = vec![label, row.unit.to_string()];
        cells.push(row.value.map_or(String::new(), |v| v.to_string()));
        if has_cumulative {
            cells.push(row.cumulative.map_or(String::new(), |v| v.to_string()));
        }
        if layout != Layout::Tabs {
            // A blank cell prints nothing, not even its separator.
            cells.retain(|c| !c.is_empty());
        }
        t.push_str(&cells.join(cell));
        t.push_str(line);
    }
    t.push('\n');
    Report {
        text: t,
        rows,
        layout,
        has_cumulative,
        prose_disagrees,
    }
}

#[derive(Default, Debug)]
struct Tally {
    reports: usize,
    refused: usize,
    right: usize,
    null: usize,
    wrong: usize,
    null_separated: usize,
    null_blank_dropped: usize,
    disagreements: usize,
    flagged: usize,
    null_without_warning: usize,
}

fn run(seeds: std::ops::Range<u64>) -> Tally {
    let mut t = Tally::default();
    for seed in seeds {
        let rep = generate(seed);
        t.reports += 1;
        let rec = match xxgk::extract_bytes("gen.txt", rep.text.as_bytes(), &Settings::default()) {
            Ok(rec) if rec.template == TemplateVersion::Pre2019 => rec,
            other => {
                t.refused += 1;
                eprintln!(
                    "seed {seed}: not a pre2019 record: {:?}",
                    other.map(|r| r.template)
                );
                continue;
            }
        };
        let ind = rec.indicators.clone().unwrap_or_default();
        for row in &rep.rows {
            let got = ind.iter().find(|i| i.key.as_deref() == Some(row.key));
            let want = [
                row.value.map(|v| v as f64),
                if rep.has_cumulative {
                    row.cumulative.map(|v| v as f64)
                } else {
                    None
                },
            ];
            let have = [
                got.and_then(|i| i.value.map(|n| n.0)),
                got.and_then(|i| i.cumulative.map(|n| n.0)),
            ];
            for (w, h) in want.iter().zip(have) {
                match (w, h) {
                    (Some(w), Some(h)) if *w == h => t.right += 1,
                    (None, None) => {}
                    (Some(_), None) => {
                        t.null += 1;
                        // A blank cell printed as nothing between spaces
                        // leaves the row's other figure uncertain.
                        let blank_dropped = rep.layout != Layout::Tabs
                            && rep.has_cumulative
                            && row.cumulative.is_none();
                        if blank_dropped {
                            t.null_blank_dropped += 1;
                        } else if rep.layout != Layout::RunTogether {
                            t.null_separated += 1;
                            eprintln!(
                                "seed {seed} ({:?}): {} left null, printed {w:?}",
                                rep.layout, row.key
                            );
                        }
                        // (A wrapped label is named with a space where it wraps.)
                        let said = rec.warnings.iter().any(|x| {
                            x.split_whitespace()
                                .collect::<String>()
                                .contains(row.label.as_str())
                        });
                        if !said && got.is_some() {
                            t.null_without_warning += 1;
                            eprintln!(
                                "seed {seed} ({:?}): {} null without a warning naming it: {:?}",
                                rep.layout, row.label, rec.warnings
                            );
                        }
                    }
                    _ => {
                        t.wrong += 1;
                        eprintln!(
                            "seed {seed} ({:?}): {} read {h:?}, printed {w:?}\n{}",
                            rep.layout, row.key, rep.text
                        );
                    }
                }
            }
        }
        // No key the report does not print.
        for i in &ind {
            if let Some(k) = &i.key {
                if !rep.rows.iter().any(|r| r.key == k) {
                    t.wrong += 1;
                    eprintln!("seed {seed}: row «{}» read as {k}", i.label);
                }
            }
        }
        if rep.prose_disagrees {
            t.disagreements += 1;
            if rec.checks.iter().any(|c| {
                c.rule == "pre2019.prose_matches_table"
                    && c.location == "indicators/proactive_total/value"
                    && c.status != CheckStatus::Pass
            }) {
                t.flagged += 1;
            } else {
                eprintln!(
                    "seed {seed} ({:?}): the prose disagreement is not flagged: {:?} {:?}",
                    rep.layout,
                    rec.stated_figures,
                    rec.checks
                        .iter()
                        .filter(|c| c.rule.contains("prose"))
                        .collect::<Vec<_>>()
                );
            }
        }
    }
    t
}

#[test]
fn generated_reports_give_no_wrong_number() {
    let t = run(0..400);
    eprintln!("{t:?}");
    assert_eq!(t.refused, 0);
    assert_eq!(t.wrong, 0);
    assert_eq!(
        t.null_separated, 0,
        "figures printed with separators are certain"
    );
    assert_eq!(t.flagged, t.disagreements);
    assert_eq!(t.null_without_warning, 0);
}

/// More seeds: `cargo test --release --test pre2019_gen -- --ignored`.
#[test]
#[ignore]
fn generated_reports_many_seeds() {
    let t = run(400..5000);
    eprintln!("{t:?}");
    assert_eq!(t.refused, 0);
    assert_eq!(t.wrong, 0);
    assert_eq!(t.null_separated, 0);
    assert_eq!(t.flagged, t.disagreements);
    assert_eq!(t.null_without_warning, 0);
}

/// Prints the report of one seed: `SEED=8 cargo test --release --test
/// pre2019_gen -- --ignored print_seed --nocapture`.
#[test]
#[ignore]
fn print_seed() {
    let seed = std::env::var("SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    println!("{}", generate(seed).text);
}

/// Generated reports with random damage (characters left out, separators,
/// numbering marks and digits put in): a record or a refusal, never a
/// panic or a hang.
#[test]
fn damaged_reports_never_panic() {
    const INSERTS: [&str; 9] = ["、", " ", "\t", "\n", "其中：", "1", "条", "（", "2、"];
    for seed in 0..300u64 {
        let rep = generate(seed);
        let mut r = Rng::new(seed, 11);
        let mut chars: Vec<String> = rep.text.chars().map(String::from).collect();
        for _ in 0..r.range(1, 12) {
            let at = r.below(chars.len());
            if r.chance(0.5) {
                chars.remove(at);
            } else {
                chars.insert(at, INSERTS[r.below(INSERTS.len())].to_string());
            }
        }
        let text: String = chars.concat();
        let started = std::time::Instant::now();
        let _ = xxgk::extract_bytes("damaged.txt", text.as_bytes(), &Settings::default());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "seed {seed}: slow"
        );
    }
}
