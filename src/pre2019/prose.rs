//! Figures the prose states for an indicator ("2016年全区主动公开政府信息
//! 3460条", "全年共受理政府信息公开申请21件"), with their sentence and
//! place. Only the whole agency's figures count: the subject before the
//! phrasing may be a time (2016年, 全年), the agency as a whole (全区, 我局,
//! the agency's own name) and 共 or 累计, nothing else ("其中，区直各部门主动
//! 公开政府信息1687条" is a part). They are recorded beside the table, never
//! merged into it.

use std::ops::Range;

use super::flat::Flat;
use super::sections::{section_at, Heading};
use super::spec::Compiled;

/// A figure the prose states.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stated {
    /// The indicator key.
    pub key: String,
    /// True for a cumulative (累计) figure.
    pub cumulative: bool,
    /// The figure.
    pub value: f64,
    /// Its unit.
    pub unit: String,
    /// The words that state it.
    pub text: String,
    /// The sentence.
    pub sentence: String,
    /// The section it stands in.
    pub section: String,
    /// Where the words start in the flat text.
    pub start: usize,
}

const ENDS: &[char] = &['。', '；', ';', '！', '!', '？', '?', '\n'];
const CLAUSE: &[char] = &['，', ',', '：', ':', '）', ')', '、'];

/// The sentences of the flat text outside `skip`, as byte ranges.
fn sentences(text: &str, skip: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let push = |a: usize, b: usize, out: &mut Vec<Range<usize>>| {
        // Cut out the skipped ranges.
        let mut pieces: Vec<Range<usize>> = std::iter::once(a..b).collect();
        for s in skip {
            pieces = pieces
                .into_iter()
                .flat_map(|p| {
                    if s.end <= p.start || s.start >= p.end {
                        vec![p]
                    } else {
                        vec![p.start..s.start.max(p.start), s.end.min(p.end)..p.end]
                    }
                })
                .filter(|p| p.start < p.end)
                .collect();
        }
        out.extend(pieces);
    };
    for (i, c) in text.char_indices() {
        if ENDS.contains(&c) {
            push(start, i + c.len_utf8(), &mut out);
            start = i + c.len_utf8();
        }
    }
    push(start, text.len(), &mut out);
    out
}

/// True when the subject before a phrasing names the whole agency.
fn whole_subject(subject: &str, agency: Option<&str>, c: &Compiled) -> bool {
    let [time, whole, deny, tail, _] = &c.subject;
    let check = |s: &str| -> bool {
        let s = time.find(s).map_or(s, |m| &s[m.end()..]);
        let s = match tail.find(s) {
            Some(m) => &s[..m.start()],
            None => s,
        };
        if s.is_empty() {
            return true;
        }
        if agency.is_some_and(|a| a == s || a.ends_with(s) && s.chars().count() >= 2) {
            return true;
        }
        whole.is_match(s) && !deny.is_match(s)
    };
    // After the last clause mark, or from the last year named.
    let after_clause = subject
        .char_indices()
        .rev()
        .find(|(_, ch)| CLAUSE.contains(ch))
        .map_or(subject, |(i, ch)| &subject[i + ch.len_utf8()..]);
    if check(after_clause) {
        return true;
    }
    let year = regex::Regex::new(r"(?:19|20)[0-9]{2}年").expect("valid regex");
    year.find_iter(subject)
        .last()
        .is_some_and(|m| check(&subject[m.start()..]))
}

/// Finds the stated figures outside the statistics tables.
pub(crate) fn stated_figures(
    flat: &Flat,
    skip: &[Range<usize>],
    headings: &[Heading],
    agency: Option<&str>,
) -> Vec<Stated> {
    let c = Compiled::builtin();
    let mut out: Vec<Stated> = Vec::new();
    for range in sentences(&flat.text, skip) {
        let raw = &flat.text[range.clone()];
        // Whitespace out, with the way back to the flat text.
        let mut squeezed = String::with_capacity(raw.len());
        let mut map = Vec::with_capacity(raw.len() + 1);
        let chars: Vec<(usize, char)> = raw.char_indices().collect();
        for (k, &(i, ch)) in chars.iter().enumerate() {
            if ch.is_whitespace() || ch == '\u{3000}' {
                continue;
            }
            // A thousands separator between digits (1,280): left out.
            let digit_at = |n: usize| chars.get(n).is_some_and(|c| c.1.is_ascii_digit());
            if ch == ','
                && k > 0
                && digit_at(k - 1)
                && (1..=3).all(|d| digit_at(k + d))
                && !digit_at(k + 4)
            {
                continue;
            }
            let ch = match ch {
                '０'..='９' => char::from_u32(ch as u32 - 0xFF10 + 0x30).unwrap_or(ch),
                _ => ch,
            };
            for _ in 0..ch.len_utf8() {
                map.push(range.start + i);
            }
            squeezed.push(ch);
        }
        map.push(range.end);
        if squeezed.is_empty() {
            continue;
        }
        for (k, ind) in c.spec.indicators.iter().enumerate() {
            for re in &c.prose[k] {
                for caps in re.captures_iter(&squeezed) {
                    let Some(m) = caps.get(0) else { continue };
                    let section = section_at(headings, map[m.start()]);
                    if !ind.prose_sections.is_empty() && !ind.prose_sections.contains(&section) {
                        continue;
                    }
                    let text = m.as_str();
                    if ind
                        .prose_require
                        .as_deref()
                        .is_some_and(|w| !text.contains(w))
                    {
                        continue;
                    }
                    if c.prose_exclude[k]
                        .as_ref()
                        .is_some_and(|x| x.is_match(text))
                    {
                        continue;
                    }
                    // A part's heading run into the sentence is not its
                    // subject ("二、主动公开政府信息情况 全年主动公开…").
                    let at = map[m.start()];
                    let from = headings
                        .iter()
                        .filter(|h| h.end > range.start && h.end <= at)
                        .map(|h| h.end)
                        .max()
                        .and_then(|e| map.iter().position(|x| *x >= e))
                        .unwrap_or(0)
                        .min(m.start());
                    let subject = &squeezed[from..m.start()];
                    if !whole_subject(subject, agency, c) {
                        continue;
                    }
                    let (Some(n), Some(u)) = (caps.name("n"), caps.name("u")) else {
                        continue;
                    };
                    let Ok(value) = n.as_str().parse::<f64>() else {
                        continue;
                    };
                    let start = map[m.start()];
                    if out.iter().any(|s| s.key == ind.key && s.start == start) {
                        continue;
                    }
                    let clause = subject
                        .char_indices()
                        .rev()
                        .find(|(_, ch)| CLAUSE.contains(ch))
                        .map_or(subject, |(i, ch)| &subject[i + ch.len_utf8()..]);
                    let cumulative = c.subject[4].is_match(clause) || c.subject[4].is_match(text);
                    out.push(Stated {
                        key: ind.key.clone(),
                        cumulative,
                        value,
                        unit: u.as_str().to_string(),
                        text: text.to_string(),
                        sentence: raw.trim().to_string(),
                        section: section.clone(),
                        start,
                    });
                }
            }
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(text: &str) -> Vec<(String, f64, bool)> {
        let doc = crate::ingest::text::read_text(text);
        let flat = Flat::new(&doc.lines);
        stated_figures(&flat, &[], &[], Some("平潭综合实验区"))
            .into_iter()
            .map(|s| (s.key, s.value, s.cumulative))
            .collect()
    }

    #[test]
    fn whole_figures_only() {
        assert_eq!(
            figures("二、主动公开政府信息情况（一）主动公开政府信息的数量2016年全区主动公开政府信息3460条。其中，区管委会及区直各部门主动公开政府信息1822条，占53%。各乡镇主动公开政府信息1638条。"),
            [("proactive_total".to_string(), 3460.0, false)]
        );
        assert_eq!(
            figures("2023年，全年共受理政府信息公开申请 21 件。目前共受理申请121510件。2014年全区收到有关政府信息公开的信函申请1条。"),
            [("applications_received".to_string(), 21.0, false)]
        );
        assert_eq!(
            figures("截至2016年底，累计主动公开政府信息85376条。"),
            [("proactive_total".to_string(), 85376.0, true)]
        );
        assert!(figures("我局通过门户网站主动公开政府信息120条。").is_empty());
    }
}
