//! Row and column labels: normalisation and tolerant comparison.

use regex::Regex;
use std::sync::OnceLock;

/// Normalises printed label text for comparison: whitespace removed,
/// full-width ASCII folded to ASCII, quotes dropped, enumeration punctuation
/// unified (`、` `．` → `.`).
///
/// ```
/// use xxgk::template::label::normalize;
/// assert_eq!(normalize("3．危及 “三安全一稳定”"), "3.危及三安全一稳定");
/// assert_eq!(normalize("（二）部分公开"), "(二)部分公开");
/// assert_eq!(normalize("3.其它"), "3.其他");
/// ```
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '、' | '。' => '.',
            // 其它 and 其他 are the same word in these labels.
            '它' => '他',
            _ => c,
        };
        if c.is_whitespace() || matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」')
        {
            continue;
        }
        out.push(c);
    }
    out
}

fn numbering_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:[一二三四五六七八九十]+\.|\([一二三四五六七八九十0-9]+\)|[0-9]+[.)]|[①-⑳])+",
        )
        .expect("valid regex")
    })
}

/// Removes leading enumeration (`一.`, `(三)`, `1.`, `(1)`) from a
/// normalised label.
///
/// ```
/// use xxgk::template::label::{normalize, strip_numbering};
/// assert_eq!(strip_numbering(&normalize("（三）不予公开")), "不予公开");
/// assert_eq!(strip_numbering(&normalize("1、属于国家秘密")), "属于国家秘密");
/// ```
pub fn strip_numbering(s: &str) -> &str {
    match numbering_re().find(s) {
        Some(m) => &s[m.end()..],
        None => s,
    }
}

/// The enumeration prefix of a normalised label (`"1."`, `"(六)"`), if any.
pub fn numbering(s: &str) -> Option<&str> {
    numbering_re().find(s).map(|m| m.as_str())
}

/// The core of a printed label: normalised, enumeration removed.
pub fn core(s: &str) -> String {
    strip_numbering(&normalize(s)).to_string()
}

/// Similarity of two strings in `[0, 1]`: twice the longest common
/// subsequence of characters over the total length.
///
/// ```
/// use xxgk::template::label::similarity;
/// assert_eq!(similarity("属于国家秘密", "属于国家秘密"), 1.0);
/// assert!(similarity("其他法律行政止公开", "其他法律行政法规禁止公开") > 0.8);
/// assert!(similarity("重复申请", "信访举报投诉类申请") < 0.6);
/// ```
pub fn similarity(a: &str, b: &str) -> f32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() || a.len() > 200 || b.len() > 200 {
        return 0.0;
    }
    let mut prev = vec![0u16; b.len() + 1];
    let mut cur = vec![0u16; b.len() + 1];
    for ca in &a {
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    2.0 * f32::from(prev[b.len()]) / (a.len() + b.len()) as f32
}
