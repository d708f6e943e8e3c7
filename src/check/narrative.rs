//! The narrative check: figures the prose states for the tables' quantities
//! (本年新收…件, 上年结转…件, 行政复议…件, 行政诉讼…件) compared with the
//! table cells. Only tight phrasings are read, to keep false alarms rare.

use regex::Regex;
use serde_json::json;
use std::sync::OnceLock;

use super::result;
use crate::record::{CheckResult, CheckStatus, Number, Record};

/// A quantity the prose may state, with the cells it equals.
struct Quantity {
    name: &'static str,
    cells: &'static [(&'static str, &'static str, &'static str)],
    patterns: &'static [&'static str],
}

const QUANTITIES: &[Quantity] = &[
    Quantity {
        name: "本年新收申请",
        cells: &[("applications", "new_received", "total")],
        patterns: &[
            r"(?:受理|收到|新收|接收)(?P<gap10>.*?)申请(?:共计|共|合计)?([0-9]+)件",
            r"(?:受理|收到|新收)([0-9]+)件(?P<gap8>.*?)申请",
            r"公开申请(?:共计|合计)([0-9]+)件",
            r"受理依申请公开(?:情况)?([0-9]+)件",
        ],
    },
    Quantity {
        name: "上年结转申请",
        cells: &[("applications", "carried_over", "total")],
        patterns: &[r"上年(?:度)?结转(?P<gap12>.*?)([0-9]+)件"],
    },
    Quantity {
        name: "行政复议",
        cells: &[("review_litigation", "review", "total")],
        patterns: &[
            r"行政复议(?:案件|申请)?(?:共|数为)?([0-9]+)件",
            r"([0-9]+)件(?P<gap12>.*?)的行政复议",
        ],
    },
    Quantity {
        name: "行政诉讼",
        cells: &[
            ("review_litigation", "litigation_direct", "total"),
            ("review_litigation", "litigation_after_review", "total"),
        ],
        patterns: &[
            r"行政诉讼(?:案件|数为|数)?(?:共)?([0-9]+)件",
            // "行政复议7件，诉讼9件": 诉讼 right after the 复议 figure.
            r"行政复议[0-9]+件[，、,]诉讼([0-9]+)件",
        ],
    },
];

fn compiled() -> &'static Vec<Vec<Regex>> {
    static RE: OnceLock<Vec<Vec<Regex>>> = OnceLock::new();
    RE.get_or_init(|| {
        QUANTITIES
            .iter()
            .map(|q| {
                q.patterns
                    .iter()
                    .map(|p| Regex::new(p).expect("valid regex"))
                    .collect()
            })
            .collect()
    })
}

/// Figures stated in the prose: (quantity index, value, matched text).
pub fn stated_figures(prose: &str) -> Vec<(usize, f64, String)> {
    let text: String = prose.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out: Vec<(usize, f64, String)> = Vec::new();
    for (qi, res) in compiled().iter().enumerate() {
        for re in res {
            for caps in re.captures_iter(&text) {
                // A gap between the words is at most as long as its name says
                // (`gap10`: ten characters).
                // A gap holds no clause break and no figure.
                let too_long = ["gap8", "gap10", "gap12"].iter().any(|g| {
                    let limit: usize = g[3..].parse().unwrap_or(0);
                    caps.name(g).is_some_and(|m| {
                        let t = m.as_str();
                        t.chars().count() > limit
                            || t.contains(['。', '；', '，'])
                            || (*g == "gap10" && t.contains('、'))
                            || t.bytes().any(|b| b.is_ascii_digit())
                    })
                });
                if too_long {
                    continue;
                }
                // The figure: the capture group that is not a gap.
                let Some(figure) = caps
                    .iter()
                    .skip(1)
                    .zip(re.capture_names().skip(1))
                    .find_map(|(m, name)| m.filter(|_| name.is_none()))
                else {
                    continue;
                };
                let Ok(v) = figure.as_str().parse::<f64>() else {
                    continue;
                };
                let m = caps[0].to_string();
                if !out
                    .iter()
                    .any(|(q, _, t)| *q == qi && (t.contains(&m) || m.contains(t.as_str())))
                {
                    out.push((qi, v, m));
                }
            }
        }
    }
    out
}

/// Compares each figure the prose states with the table.
pub fn matches_tables(r: &Record) -> Vec<CheckResult> {
    let prose: String = r
        .sections
        .iter()
        .flat_map(|s| s.text.lines())
        .filter(|l| !l.contains('\t'))
        .collect::<Vec<_>>()
        .join("\n");
    stated_figures(&prose)
        .into_iter()
        .map(|(qi, v, text)| {
            let q = &QUANTITIES[qi];
            let table: Option<f64> = q
                .cells
                .iter()
                .map(|(t, row, c)| {
                    match r
                        .tables
                        .get(*t)
                        .and_then(|x| x.get(*row))
                        .and_then(|x| x.get(*c))
                    {
                        Some(Some(Number(n))) => Some(*n),
                        _ => None,
                    }
                })
                .sum();
            let location = q
                .cells
                .iter()
                .map(|(t, row, c)| format!("{t}/{row}/{c}"))
                .collect::<Vec<_>>()
                .join("+");
            match table {
                None => result(
                    CheckStatus::NotAssessable,
                    location,
                    Some(json!(v)),
                    None,
                    format!(
                        "prose states {}: «{text}», but the table cell is blank or missing",
                        q.name
                    ),
                ),
                Some(t) if (t - v).abs() < 1e-6 => result(
                    CheckStatus::Pass,
                    location,
                    Some(json!(v)),
                    Some(json!(t)),
                    format!("prose «{text}» agrees with the table"),
                ),
                Some(t) => result(
                    CheckStatus::Fail,
                    location,
                    Some(json!(v)),
                    Some(json!(t)),
                    format!(
                        "prose states {} = {v} («{text}») but the table has {t}",
                        q.name
                    ),
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tight_phrasings() {
        let f = stated_figures("2023 年全区受理政府信息公开申请 21 件，均在法定期限答复。");
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].0, f[0].1), (0, 21.0));
        let f = stated_figures("全年收到政府信息公开申请 34 件，上年结转政府信息公开申请 2 件");
        assert_eq!(
            f.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(),
            [(0, 34.0), (1, 2.0)]
        );
        let f = stated_figures("信息公开类行政复议7件，诉讼9件，均获维持");
        assert_eq!(
            f.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(),
            [(2, 7.0), (3, 9.0)]
        );
        let f = stated_figures("有 1 件涉及政府信息公开工作的行政复议。涉及的行政诉讼数为 0 件。");
        assert_eq!(
            f.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(),
            [(2, 1.0), (3, 0.0)]
        );
    }

    #[test]
    fn ignores_unrelated_counts() {
        assert!(stated_figures("主动公开政府信息 1136 条，受理信访件 38 件。").is_empty());
    }
}
