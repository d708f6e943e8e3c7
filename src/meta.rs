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
pub fn find_meta(lines: &[Line]) -> Meta {
    let texts: Vec<String> = lines
        .iter()
        .filter(|l| !l.furniture)
        .map(|l| squeeze(&l.text()))
        .filter(|t| !t.is_empty())
        .take(12)
        .collect();
    // Try one line, then two or three joined (titles wrap, often with the
    // agency on a line of its own).
    let mut partial: Option<Meta> = None;
    for n in 1..=3 {
        for w in texts.windows(n) {
            let joined: String = w.concat();
            if joined.chars().count() > 80 {
                continue;
            }
            if let Some(m) = parse_title(&joined) {
                if m.year.is_some() && m.agency.is_some() {
                    return m;
                }
                if partial.is_none() && (m.year.is_some() || m.agency.is_some()) {
                    partial = Some(m);
                }
            }
        }
    }
    let mut meta = partial.unwrap_or_default();
    if meta.year.is_none() {
        meta.year = year_from_text(lines);
    }
    meta
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
    use super::parse_title;

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
