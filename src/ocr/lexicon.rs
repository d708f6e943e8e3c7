//! Table labels read by OCR, put right against the labels the national
//! format prints.
//!
//! Labels are a closed vocabulary (row, column and group labels of
//! `schema/template.json`, with their variants). A label cell whose text,
//! numbering aside, is close to exactly one of them (similarity at least
//! [`MIN_SIMILARITY`], and clearly closer than to any other) takes that
//! label's characters. Only label text is corrected this way; numbers never
//! are.

use std::sync::OnceLock;

use crate::template::label::{normalize, similarity};
use crate::template::spec::Spec;

/// Least similarity for a label to be corrected.
pub const MIN_SIMILARITY: f32 = 0.6;

/// How much closer the best label must be than the next one.
pub const MIN_MARGIN: f32 = 0.1;

/// (normalised core, printed core) of every label the format prints.
fn lexicon() -> &'static [(String, String)] {
    static LEX: OnceLock<Vec<(String, String)>> = OnceLock::new();
    LEX.get_or_init(|| {
        let spec = Spec::builtin();
        let mut printed: Vec<String> = Vec::new();
        for v in spec.versions.values() {
            for t in &v.tables {
                for r in &t.rows {
                    printed.push(r.label.clone());
                    printed.extend(r.group.clone());
                    printed.extend(r.subgroup.clone());
                }
                for c in &t.columns {
                    printed.push(c.label.clone());
                    printed.extend(c.group.clone());
                }
            }
        }
        for k in spec.label_variants.keys() {
            if k != "numbering" {
                printed.push(k.clone());
                printed.extend(spec.variants(k));
            }
        }
        let mut out: Vec<(String, String)> = Vec::new();
        for p in printed {
            let core: String = p.chars().skip(numbering_len(&p)).collect();
            let n = normalize(&core);
            if n.chars().count() >= 2 && !out.iter().any(|(k, _)| *k == n) {
                out.push((n, core));
            }
        }
        out
    })
}

/// Characters of a label's leading enumeration (`（三）`, `1、`, `一、`).
pub fn numbering_len(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() && (chars[i].is_whitespace()) {
        i += 1;
    }
    let numeral = |c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit();
    let open = |c: char| "(（".contains(c);
    let close = |c: char| ")）".contains(c);
    let stop = |c: char| "、.．,，".contains(c);
    if i < chars.len() && open(chars[i]) {
        let mut j = i + 1;
        while j < chars.len() && numeral(chars[j]) {
            j += 1;
        }
        if j > i + 1 && j < chars.len() && close(chars[j]) {
            return j + 1;
        }
        return 0;
    }
    let mut j = i;
    while j < chars.len() && numeral(chars[j]) {
        j += 1;
    }
    if j > i {
        let mut k = j;
        while k < chars.len() && (stop(chars[k]) || chars[k] == ' ') {
            k += 1;
        }
        if k > j {
            return k;
        }
    }
    0
}

/// The format's label closest to `core` (a label's text without its
/// numbering), when it is close and clearly the closest.
///
/// ```
/// use xxgk::ocr::lexicon::closest_label;
/// assert_eq!(closest_label("巴以公开").as_deref(), Some("予以公开"));
/// assert_eq!(closest_label("天气晴朗"), None);
/// ```
pub fn closest_label(core: &str) -> Option<String> {
    match best_label(core) {
        Some((p, s, second)) if s >= MIN_SIMILARITY && s - second >= MIN_MARGIN => Some(p),
        _ => None,
    }
}

/// The format's label most similar to `core`, with its similarity and the
/// next best similarity.
pub fn best_label(core: &str) -> Option<(String, f32, f32)> {
    let n = normalize(core);
    if n.chars().count() < 2 {
        return None;
    }
    let mut best: (f32, Option<&String>) = (0.0, None);
    let mut second = 0.0f32;
    for (k, printed) in lexicon() {
        let s = similarity(&n, k);
        if s > best.0 {
            second = best.0;
            best = (s, Some(printed));
        } else if s > second && best.1.is_none_or(|b| b != printed) {
            second = s;
        }
    }
    best.1.map(|p| (p.clone(), best.0, second))
}
