//! The numbered parts of a pre-format report (一、概述, 二、主动公开政府信息情况,
//! …), found by their headings even where a crawler ran the whole report
//! into one line ("一、 概述2016年，在省政府办公厅…").
//!
//! A heading is a Chinese numeral and `、` standing at a line's start or
//! after a sentence, then words that name a part (the `section_keywords` of
//! the spec), ending at the first heading ending (`情况`, `措施`, …) or with
//! the line. Printed numbers must rise; headings inside a statistics table
//! are not parts.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::flat::Flat;
use super::spec::Compiled;
use crate::record::Section;
use crate::template::spec::VersionSpec;

/// A part's heading in the flat text.
#[derive(Debug, Clone)]
pub(crate) struct Heading {
    /// The section key.
    pub key: String,
    /// The printed number (一 = 1).
    pub printed: u32,
    /// The heading as printed, whitespace removed.
    pub text: String,
    /// Where the heading (its numeral) starts.
    pub start: usize,
    /// Where its text begins.
    pub end: usize,
}

fn numeral_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[\s。；;！!？?：:）)”])((?:第)?([一二三四五六七八九十]{1,3})(?:部分)?\s*[、.．:：]?\s*)")
            .expect("valid regex")
    })
}

fn cn(s: &str) -> Option<u32> {
    const N: &str = "一二三四五六七八九十";
    let d = |c: char| N.find(c).map(|i| (i / 3) as u32 + 1);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] => d(*a),
        ['十', b] => Some(10 + d(*b)?),
        [a, '十'] => Some(d(*a)? * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
}

/// Which part a heading's words name.
///
/// ```
/// use xxgk::pre2019::sections::classify;
/// assert_eq!(classify("概述"), Some("overview"));
/// assert_eq!(classify("政府信息依申请公开工作情况"), Some("applications"));
/// assert_eq!(classify("因政府信息公开申请行政复议、提起行政诉讼的情况"), Some("review_litigation"));
/// assert_eq!(classify("平潭综合实验区政府信息公开情况统计表"), Some("statistics_table"));
/// assert_eq!(classify("全面深化政府信息公开工作"), None);
/// ```
pub fn classify(words: &str) -> Option<&'static str> {
    let c = Compiled::builtin();
    c.spec
        .section_keywords
        .iter()
        .find(|s| s.words.iter().any(|w| words.contains(w.as_str())))
        .map(|s| s.key.as_str())
}

const SENTENCE: &[char] = &['。', '；', ';', '！', '!', '？', '?', '，', ','];

/// Finds the part headings outside the `skip` ranges (the statistics
/// tables), in printed order.
pub(crate) fn find_headings(flat: &Flat, skip: &[Range<usize>]) -> Vec<Heading> {
    let c = Compiled::builtin();
    let text = &flat.text;
    let mut out: Vec<Heading> = Vec::new();
    for caps in numeral_re().captures_iter(text) {
        let Some(whole) = caps.get(1) else { continue };
        let numeral = &caps[2];
        // The separator is required unless the form is 第…部分.
        let marked = whole.as_str().trim_end().ends_with(['、', '.', '．'])
            || whole.as_str().contains("部分");
        if !marked {
            continue;
        }
        let start = whole.start();
        if skip.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let Some(printed) = cn(numeral) else { continue };
        if out.last().is_some_and(|h| h.printed >= printed) {
            continue;
        }
        let words_at = whole.end();
        // The rest of the line, up to a sentence's punctuation.
        let line_end = text[words_at..]
            .find('\n')
            .map_or(text.len(), |i| words_at + i);
        let rest = &text[words_at..line_end];
        let short_line = rest.chars().count() <= 40 && !rest.contains(SENTENCE);
        // A short line of one word run is the heading; words after a space
        // may be the next thing run into the line ("…统计表 指标名称").
        let one_run = !rest.trim().contains(char::is_whitespace);
        let end = if short_line && !rest.trim().is_empty() && one_run {
            words_at + rest.trim_end().len()
        } else {
            // Up to the first heading ending, within 40 characters.
            let window_end = rest
                .char_indices()
                .take(40)
                .find(|(_, ch)| SENTENCE.contains(ch) || *ch == '\t')
                .map_or_else(
                    || rest.char_indices().nth(40).map_or(rest.len(), |(i, _)| i),
                    |(i, _)| i,
                );
            let window = &rest[..window_end];
            // The earliest ending (the longest where two start together);
            // one followed by 和/及/与 joins the next ("问题和改进措施").
            let ending_at = |from: usize| -> Option<usize> {
                let mut best: Option<(usize, usize)> = None;
                for e in &c.spec.heading_endings {
                    if let Some(i) = window[from..].find(e.as_str()) {
                        let cand = (from + i, from + i + e.len());
                        best = match best {
                            Some(b) if b.0 < cand.0 || (b.0 == cand.0 && b.1 >= cand.1) => Some(b),
                            _ => Some(cand),
                        };
                    }
                }
                best.map(|b| b.1)
            };
            let whole_line = (short_line && !rest.trim().is_empty()).then(|| rest.trim_end().len());
            // No heading ending: the whole short line, else no heading.
            let Some(mut e) = ending_at(0).or(whole_line) else {
                continue;
            };
            while window
                .get(e..)
                .is_some_and(|w| w.starts_with(['和', '及', '与', '、']))
            {
                match ending_at(e) {
                    Some(next) => e = next,
                    None => break,
                }
            }
            words_at + e
        };
        let heading: String = text[start..end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let words: String = text[words_at..end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if words.chars().count() < 2 {
            continue;
        }
        let Some(key) = classify(&words) else {
            continue;
        };
        if out.iter().any(|h| h.key == key) {
            continue;
        }
        out.push(Heading {
            key: key.to_string(),
            printed,
            text: heading,
            start,
            end,
        });
    }
    out
}

/// The record's sections: each heading with the text up to the next.
pub(crate) fn sections(
    flat: &Flat,
    headings: &[Heading],
    spec: &VersionSpec,
    positioned: bool,
) -> Vec<Section> {
    headings
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let end = headings.get(k + 1).map_or(flat.text.len(), |n| n.start);
            let body = &flat.text[h.end..end.max(h.end)];
            let text = body
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            Section {
                number: spec
                    .sections
                    .iter()
                    .find(|s| s.key == h.key)
                    .map_or(0, |s| s.number),
                key: h.key.clone(),
                heading: h.text.clone(),
                page_index: positioned.then(|| flat.place(h.start).page_index),
                text,
            }
        })
        .collect()
}

/// The key of the section a byte offset lies in (`preamble` before the
/// first heading).
pub(crate) fn section_at(headings: &[Heading], offset: usize) -> String {
    headings
        .iter()
        .rev()
        .find(|h| h.start <= offset)
        .map_or_else(|| "preamble".to_string(), |h| h.key.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(String, String)> {
        let doc = crate::ingest::text::read_text(text);
        let flat = Flat::new(&doc.lines);
        find_headings(&flat, &[])
            .into_iter()
            .map(|h| (h.key, h.text))
            .collect()
    }

    #[test]
    fn headings_run_into_their_text() {
        let k = keys("本报告由概述、主动公开政府信息情况组成。一、 概述2016年，我区坚持公开。（一）组织机构方面我区成立小组。二、主动公开政府信息情况（一）主动公开政府信息的数量2016年全区主动公开政府信息3460条。三、政府信息依申请公开工作情况 2016年全区未收到申请。四、政府信息公开的收费及减免情况2016年暂不收费。五、因政府信息公开申请行政复议、提起行政诉讼的情况2016年未收到。六、主要问题和改进措施2016年，我区取得进展。七、平潭综合实验区政府信息公开情况统计表 指标名称");
        let got: Vec<&str> = k.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            got,
            [
                "overview",
                "proactive_disclosure",
                "applications",
                "fees",
                "review_litigation",
                "problems_and_improvements",
                "statistics_table"
            ],
            "{k:?}"
        );
        assert_eq!(k[0].1, "一、概述");
        assert_eq!(k[5].1, "六、主要问题和改进措施");
        assert_eq!(k[6].1, "七、平潭综合实验区政府信息公开情况统计表");
    }

    #[test]
    fn headings_on_lines_of_their_own() {
        let k = keys("一、基本情况\n今年我局……。\n二、主动公开政府信息的情况\n三、依申请公开情况\n四、存在的问题和改进措施\n");
        let got: Vec<&str> = k.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            got,
            [
                "overview",
                "proactive_disclosure",
                "applications",
                "problems_and_improvements"
            ]
        );
    }
}
