//! Metadata: the title, the agency as printed and the report year.

use regex::Regex;
use std::sync::OnceLock;

use crate::layout::Line;

/// Title, agency and year of a report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// The title as printed, whitespace removed.
    pub title: Option<String>,
    /// The agency named in the title.
    pub agency: Option<String>,
    /// The report year.
    pub year: Option<i32>,
}

fn phrase_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?:政府)?(?:信息公开|政务公开)").expect("valid regex"))
}

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"((?:19|20)[0-9]{2})年(?:度)?").expect("valid regex"))
}

fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Finds the title among the first lines (it may wrap over several lines)
/// and reads the agency and year from it.
///
/// ```
/// use xxgk::meta::parse_title;
/// let m = parse_title("固原市城市管理局 2020 年政府信息公开工作年度报告").unwrap();
/// assert_eq!(m.agency.as_deref(), Some("固原市城市管理局"));
/// assert_eq!(m.year, Some(2020));
/// let m = parse_title("2024年上海市科委政府信息公开工作年度报告").unwrap();
/// assert_eq!(m.agency.as_deref(), Some("上海市科委"));
/// ```
pub fn parse_title(text: &str) -> Option<Meta> {
    let t = squeeze(text);
    let t = t
        .strip_prefix("标题:")
        .or_else(|| t.strip_prefix("标题："))
        .unwrap_or(&t);
    let t = t.trim_matches(['《', '》']);
    // The phrase 政府信息公开 / 政务公开, then 报告 or 年报 within a few
    // characters (工作, 年度, the year).
    let phrase = phrase_re().find(t)?;
    let rest = &t[phrase.end()..];
    let end = ["报告", "年报"]
        .iter()
        .filter_map(|w| rest.find(w).map(|i| i + w.len()))
        .min()
        .filter(|&e| rest[..e].chars().count() <= 14)?;
    let title = &t[..phrase.end() + end];
    let year = year_re()
        .captures(title)
        .and_then(|c| c[1].parse::<i32>().ok());
    // The agency: what stands before the phrase, the year taken out.
    let before = year_re().replace_all(&t[..phrase.start()], "");
    let agency = before
        .trim_end_matches("关于")
        .trim_end_matches('的')
        .trim_matches(['《', '》', '：', ':', '，', ','])
        .to_string();
    Some(Meta {
        title: Some(title.trim_end_matches('》').to_string()),
        agency: (!agency.is_empty()).then_some(agency),
        year,
    })
}

/// Reads the metadata from the first lines of a document.
///
/// The title is the earliest run of one to four lines that reads as a
/// whole title: no sentence punctuation, and the title phrase
/// (…政府信息公开工作年度报告, …年报) ends the run. So a title wrapped
/// over several lines is read whole, a dateline above it ("来源：…") is
/// left out, and a sentence of the preamble that names the report
/// ("本机关2023年政府信息公开工作年度报告电子版可在…") is never taken for
/// it. A line standing above a complete title (a site banner) is dropped.
///
/// ```
/// use xxgk::ingest::text::read_text;
/// use xxgk::meta::find_meta;
/// let doc = read_text("来源：某市人民政府\n平江市望江区新华街道办事处政府信息公开工\n作2023年度报告\n本报告由本机关编制。本机关2023年政府信息公开工作年度报告\n");
/// let m = find_meta(&doc.lines);
/// assert_eq!(m.agency.as_deref(), Some("平江市望江区新华街道办事处"));
/// assert_eq!(m.year, Some(2023));
/// ```
pub fn find_meta(lines: &[Line]) -> Meta {
    let texts: Vec<String> = lines
        .iter()
        .filter(|l| !l.furniture)
        .map(|l| strip_markup(&squeeze(&l.text())))
        .filter(|t| !t.is_empty())
        .take(16)
        .collect();
    let whole = |from: usize, n: usize| -> Option<Meta> {
        let w = texts.get(from..from + n)?;
        let joined: String = w.concat();
        if joined.chars().count() > 80 {
            return None;
        }
        let m = parse_title(&joined)?;
        (ends_with_title(&joined) && !has_sentence_punctuation(&joined)).then_some(m)
    };
    let complete = |m: &Meta| m.year.is_some() && m.agency.as_deref().is_some_and(is_agency);
    for (from, first) in texts.iter().enumerate() {
        for n in 1..=4 {
            let Some(m) = whole(from, n) else { continue };
            if !complete(&m) {
                continue;
            }
            // A banner line above a complete title ("XX市人民政府" over
            // "XX局2022年…报告", or a word such as "正文"): take the
            // title alone. A name cut by the
            // wrap ("…开发区管" + "理委员会2023年…") is kept whole.
            if n > 1 && (names_agency(first) || first.chars().count() <= 4) {
                if let Some(rest) = whole(from + 1, n - 1)
                    .filter(complete)
                    .filter(|r| r.agency.as_deref().is_some_and(starts_like_name))
                {
                    return rest;
                }
            }
            return m;
        }
    }
    // A title without agency or year, or one with text after it: the old
    // reading of one to three lines, the first that names anything.
    let mut partial: Option<Meta> = (0..texts.len())
        .flat_map(|from| (1..=4).map(move |n| (from, n)))
        .find_map(|(from, n)| whole(from, n));
    for n in 1..=3 {
        for w in texts.windows(n) {
            let joined: String = w.concat();
            if joined.chars().count() > 80 || has_sentence_punctuation(&joined) {
                continue;
            }
            if let Some(m) = parse_title(&joined) {
                if complete(&m) {
                    return m;
                }
                if partial.is_none() && (m.year.is_some() || m.agency.is_some()) {
                    partial = Some(m);
                }
            }
        }
    }
    let mut meta = partial.unwrap_or_default();
    if meta.agency.as_deref().is_some_and(|a| !is_agency(a)) {
        meta.agency = None;
    }
    if meta.year.is_none() {
        meta.year = year_from_text(lines);
    }
    meta
}

/// Markdown marks in a heading line: "# ", "**…**".
fn strip_markup(s: &str) -> String {
    s.trim_start_matches(['#', '>'])
        .chars()
        .filter(|&c| c != '*')
        .collect::<String>()
        .trim_matches(['_', '#'])
        .to_string()
}

/// A line that is a whole agency or site name: it ends as names do.
fn names_agency(line: &str) -> bool {
    const ENDS: &[&str] = &[
        "人民政府",
        "政府",
        "局",
        "委员会",
        "委",
        "办公室",
        "办公厅",
        "厅",
        "院",
        "中心",
        "办事处",
        "网",
        "门户",
        "网站",
    ];
    ENDS.iter().any(|e| line.ends_with(e))
}

/// An agency name that begins as names do: with a place or a national
/// body, not with the tail of a word cut by a line break.
fn starts_like_name(agency: &str) -> bool {
    const MARKS: &[&str] = &[
        "省", "市", "县", "区", "旗", "州", "盟", "镇", "乡", "街道", "国家", "中国", "中华",
        "中共", "自治",
    ];
    let head: String = agency.chars().take(8).collect();
    MARKS.iter().any(|m| head.contains(m))
}

/// True when a title ends the text: "…报告", "…年报", maybe closed by 》
/// or followed by a bracketed year ("…报告（2022年度）").
fn ends_with_title(t: &str) -> bool {
    let t = t.trim_end_matches(['》', '"', '”', ')', '）']);
    let t = match t.rfind(['（', '(']) {
        Some(i) if t[i..].contains('年') && t[i..].chars().count() <= 10 => &t[..i],
        _ => t,
    };
    t.ends_with("报告") || t.ends_with("年报")
}

/// Sentence punctuation, never in a title ("标题：" aside).
fn has_sentence_punctuation(t: &str) -> bool {
    let t = t
        .strip_prefix("标题：")
        .or_else(|| t.strip_prefix("标题:"))
        .unwrap_or(t);
    t.contains(['。', '，', ',', '；', ';', '：', ':', '！', '？', '!', '?'])
}

/// An agency as printed: not a pronoun ("本机关", "我局") or a fragment of
/// a sentence.
fn is_agency(a: &str) -> bool {
    !a.starts_with(['本', '我', '该', '对', '在', '由']) && a.chars().count() >= 2
}

/// The report year stated in the text ("统计期限自2023年1月1日起") when
/// the title has none.
fn year_from_text(lines: &[Line]) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re =
        RE.get_or_init(|| Regex::new(r"((?:19|20)[0-9]{2})年(?:1月1日|度)").expect("valid regex"));
    lines.iter().take(60).find_map(|l| {
        let t = squeeze(&l.text());
        re.captures(&t).and_then(|c| c[1].parse().ok())
    })
}

#[cfg(test)]
mod tests {
    use super::{find_meta, parse_title};
    use crate::ingest::text::read_text;

    /// Titles wrapped, preceded by a dateline or a banner, marked up as
    /// markdown, and followed by a preamble that names the report.
    #[test]
    fn titles_over_several_lines() {
        let preamble = "本报告由本机关根据《条例》编制。本报告所列数据的统计期限自\n\
                        2023年1月1日起至2023年12月31日止。本机关2023年政府信息公开工作年度报告\n\
                        电子版可在门户网站下载。";
        let cases = [
            ("平江市望江区新华街道办事处政府信息公开工\n作2023年度报告", "平江市望江区新华街道办事处", 2023),
            ("来源：安平县市场监督管理局发布时间：2025-02-14\n安平县市场监督管理局2024\n年政府信息公开工作年度报\n告", "安平县市场监督管理局", 2024),
            ("兴安市城东经济技术开发区管\n理委员会2023年政府信息公\n开工作年度报告", "兴安市城东经济技术开发区管理委员会", 2023),
            ("某市人民政府\n某市交通运输局2022年政府信息公开工作年度报告", "某市交通运输局", 2022),
            ("某市交通运输局\n2022年政府信息公开工作年度报告", "某市交通运输局", 2022),
            ("正文\n2024 年上海市科委政府信息公开工作\n年度报告", "上海市科委", 2024),
            ("# **安平县市场监督管理局2024** **年政府信息公开工作年度报** **告**", "安平县市场监督管理局", 2024),
            ("《某县教育局2021年度政府信息公开工作年度报告》", "某县教育局", 2021),
            ("某县教育局政府信息公开工作年度报告（2021年度）", "某县教育局", 2021),
        ];
        for (title, agency, year) in cases {
            let doc = read_text(&format!("{title}\n{preamble}\n一、总体情况\n"));
            let m = find_meta(&doc.lines);
            assert_eq!(m.agency.as_deref(), Some(agency), "{title}");
            assert_eq!(m.year, Some(year), "{title}");
        }
    }

    #[test]
    fn title_forms() {
        let cases = [
            (
                "北京市海淀区人民政府2022年政府信息公开工作年度报告",
                "北京市海淀区人民政府",
                2022,
            ),
            (
                "北京市海淀区人民政府 2022 年度政府信息公开工作年度报告",
                "北京市海淀区人民政府",
                2022,
            ),
            (
                "国家税务总局政府信息公开工作2021年度报告",
                "国家税务总局",
                2021,
            ),
            (
                "2023年上海市科委政府信息公开工作年度报告",
                "上海市科委",
                2023,
            ),
            (
                "XX市生态环境局关于2022年度政府信息公开工作年度报告",
                "XX市生态环境局",
                2022,
            ),
            (
                "XX县人民政府办公室2020年政务公开工作年度报告",
                "XX县人民政府办公室",
                2020,
            ),
            ("XX镇人民政府2021年度政府信息公开年报", "XX镇人民政府", 2021),
            (
                "《XX区教育局2022年政府信息公开工作年度报告》",
                "XX区教育局",
                2022,
            ),
        ];
        for (title, agency, year) in cases {
            let m = parse_title(title).unwrap_or_else(|| panic!("{title}"));
            assert_eq!(m.agency.as_deref(), Some(agency), "{title}");
            assert_eq!(m.year, Some(year), "{title}");
        }
    }
}
