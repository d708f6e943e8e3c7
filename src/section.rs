//! The six numbered sections (一、总体情况 … 六、其他需要报告的事项), found by
//! their headings and the heading variants seen in published reports.

use regex::Regex;
use std::sync::OnceLock;

use crate::layout::Line;
use crate::record::Section;
use crate::template::spec::VersionSpec;

/// A heading found in the line list.
#[derive(Debug, Clone)]
pub struct Heading {
    /// Index into the document's lines.
    pub line_index: usize,
    /// The spec's section number (1–6), from the heading's meaning.
    pub number: u32,
    /// The spec's section key.
    pub key: String,
    /// The heading as printed (whitespace removed).
    pub text: String,
}

fn heading_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // 一、总体情况 | 一．总体情况 | 第一部分 总体情况. Not （一）…: those
        // are the sub-headings inside a section.
        Regex::new(
            r"^(?:第([一二三四五六七八九十])部分[、.．:：]?|([一二三四五六七八九十])[ \t]*[、.．，,])[ \t]*([^ \t].+)$",
        )
        .expect("valid regex")
    })
}

/// Which section a heading's words name, by keyword.
///
/// ```
/// use xxgk::section::classify_heading;
/// assert_eq!(classify_heading("总体情况"), Some(1));
/// assert_eq!(classify_heading("因政府信息公开工作被申请行政复议、提起行政诉讼情况"), Some(4));
/// assert_eq!(classify_heading("本年新收政府信息公开申请数量"), None);
/// ```
pub fn classify_heading(words: &str) -> Option<u32> {
    let w: String = words.chars().filter(|c| !c.is_whitespace()).collect();
    // Table row labels that look like headings.
    if ["数量", "办理结果", "结转下年度", "继续办理"]
        .iter()
        .any(|k| w.contains(k))
    {
        return None;
    }
    if w.contains("总体情况") || w == "概述" {
        Some(1)
    } else if w.contains("主动公开") {
        Some(2)
    } else if w.contains("复议") || w.contains("诉讼") {
        Some(4)
    } else if w.contains("收到和处理") || w.contains("依申请公开") || w.contains("公开申请")
    {
        Some(3)
    } else if w.contains("问题") || w.contains("改进") {
        Some(5)
    } else if w.contains("其他需要报告") || w.contains("其他事项") {
        Some(6)
    } else {
        None
    }
}

/// Finds the section headings, in order, each section once.
pub fn find_headings(lines: &[Line], spec: &VersionSpec) -> Vec<Heading> {
    let mut found: Vec<Heading> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.furniture || line.cells.iter().filter(|c| !c.text.is_empty()).count() > 1 {
            continue;
        }
        let text: String = line
            .cells
            .iter()
            .flat_map(|c| c.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        let Some(caps) = heading_re().captures(&text) else {
            continue;
        };
        // (A heading's words are short: two to forty-one characters.)
        if !(2..=41).contains(&caps[3].chars().count()) {
            continue;
        }
        let Some(number) = classify_heading(&caps[3]) else {
            continue;
        };
        if found.iter().any(|h| h.number == number) {
            continue;
        }
        // Keep the outline in order: a later heading may not name an earlier section.
        if found.last().is_some_and(|h| h.number > number) {
            continue;
        }
        let key = spec
            .sections
            .iter()
            .find(|s| s.number == number)
            .map(|s| s.key.clone())
            .unwrap_or_default();
        found.push(Heading {
            line_index: i,
            number,
            key,
            text,
        });
    }
    found
}

/// Builds the record's sections: each heading with the text up to the next.
pub fn sections(lines: &[Line], headings: &[Heading], positioned: bool) -> Vec<Section> {
    headings
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let end = headings.get(k + 1).map_or(lines.len(), |n| n.line_index);
            let mut text = String::new();
            for l in &lines[h.line_index + 1..end] {
                if l.furniture {
                    continue;
                }
                let t = l.text();
                if t.trim().is_empty() {
                    continue;
                }
                text.push_str(t.trim());
                text.push('\n');
            }
            Section {
                number: h.number,
                key: h.key.clone(),
                heading: h.text.clone(),
                page_index: positioned.then_some(lines[h.line_index].page_index),
                text: text.trim_end().to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::TemplateVersion;
    use crate::template::spec::Spec;

    fn headings(text: &str) -> Vec<(u32, String)> {
        let doc = crate::ingest::text::read_text(text);
        let spec = Spec::builtin().version(TemplateVersion::Gb2021);
        find_headings(&doc.lines, spec)
            .into_iter()
            .map(|h| (h.number, h.text))
            .collect()
    }

    #[test]
    fn heading_variants() {
        let h = headings(
            "第一部分 总体情况\n（一）主动公开情况\n二．主动公开政府信息情况\n\
             三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n\
             四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n\
             五、政府信息公开工作存在的主要问题及改进情况\n六、其他需要报告的事项\n",
        );
        let numbers: Vec<u32> = h.iter().map(|x| x.0).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6], "{h:?}");
        assert_eq!(h[0].1, "第一部分总体情况");
    }

    #[test]
    fn sub_headings_and_table_rows_are_not_sections() {
        let h = headings("一、总体情况\n（一）主动公开情况\n一、本年新收政府信息公开申请数量\n四、结转下年度继续办理\n");
        assert_eq!(h.len(), 1, "{h:?}");
    }
}
