//! Cell text → number or null, following the spec's `value_conventions`.
//! The raw text is always kept beside the value.

/// What a cell's text means.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing printed: the cell was left blank.
    Blank,
    /// A number (in the column's unit).
    Number(f64),
    /// Text that is not a number and not a known "none" marker.
    Unreadable,
}

/// Text that stands for zero ("—", "/", "无", …).
const ZERO_MARKERS: &[&str] = &[
    "—",
    "——",
    "-",
    "--",
    "－",
    "/",
    "／",
    "无",
    "不适用",
    "0件",
    "〇",
];

/// A folded text split into its leading number and the rest:
/// `[+-]?[0-9]+(\.[0-9]+)?`, then anything. `None` when it does not start
/// with a number.
fn split_number(t: &str) -> Option<(&str, &str)> {
    let b = t.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let start_digits = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == start_digits {
        return None;
    }
    if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    Some((&t[..i], &t[i..]))
}

/// Folds full-width digits and signs to ASCII, drops whitespace and
/// thousands separators between digits.
///
/// ```
/// assert_eq!(xxgk::normalize::fold("１,２３4 "), "1234");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c),
            '．' => '.',
            '＋' => '+',
            '－' | '−' => '-',
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_ascii_digit()
            && chars[i + 1].is_ascii_digit();
        if (c == ',' || c == '，') && between_digits {
            continue;
        }
        out.push(c);
    }
    out
}

/// Reads a cell's text. `unit` is the column's unit from the spec (`万元`),
/// used to convert a value written in 元.
///
/// ```
/// use xxgk::normalize::{parse_cell, Value};
/// assert_eq!(parse_cell("", None), Value::Blank);
/// assert_eq!(parse_cell("—", None), Value::Number(0.0));
/// assert_eq!(parse_cell("22（其中修订16件）", None), Value::Number(22.0));
/// assert_eq!(parse_cell("53.6318 万元", Some("万元")), Value::Number(53.6318));
/// assert_eq!(parse_cell("12000元", Some("万元")), Value::Number(1.2));
/// assert_eq!(parse_cell("减少1", None), Value::Number(-1.0));
/// assert_eq!(parse_cell("见附件", None), Value::Unreadable);
/// assert_eq!(parse_cell("37/8", None), Value::Unreadable);
/// ```
pub fn parse_cell(text: &str, unit: Option<&str>) -> Value {
    let t = fold(text);
    if t.is_empty() {
        return Value::Blank;
    }
    if ZERO_MARKERS.contains(&t.as_str()) {
        return Value::Number(0.0);
    }
    // 本年增/减 written out in words: "增加2", "减少1".
    for (word, sign) in [("增加", 1.0), ("新增", 1.0), ("减少", -1.0)] {
        if let Some(rest) = t.strip_prefix(word) {
            return match parse_cell(rest, unit) {
                Value::Number(v) if v >= 0.0 => Value::Number(sign * v),
                _ => Value::Unreadable,
            };
        }
    }
    let Some((number, after)) = split_number(&t) else {
        return Value::Unreadable;
    };
    let Ok(mut v) = number.parse::<f64>() else {
        return Value::Unreadable;
    };
    // After the number: nothing, a unit, or an annotation in brackets.
    // Anything else ("37/8", "3 0" run together) is not one value.
    let annotated = after.is_empty()
        || after.starts_with(['(', '（'])
        || ["万元", "元", "亿元", "件", "个", "项", "条", "次"]
            .iter()
            .any(|u| after.starts_with(u));
    if !annotated {
        return Value::Unreadable;
    }
    let rest = after.trim_start_matches(['(', '（', ' ']);
    if unit == Some("万元") && rest.starts_with('元') {
        v /= 10000.0;
        v = (v * 1e8).round() / 1e8;
    } else if unit == Some("万元") && rest.starts_with("亿元") {
        v *= 10000.0;
    }
    // A further number glued to the first (e.g. "1 2" folded to "12" is
    // impossible here because whitespace was removed before the regex; a
    // second number after text is an annotation and is ignored).
    Value::Number(v)
}

/// Reads a cell's text whose column states a unit in its header or
/// caption (`stated`, e.g. "元" for "本年收费金额（单位：元）"). A number
/// written without a unit is in the stated unit and converted to the
/// column's; a unit written in the cell wins.
///
/// ```
/// use xxgk::normalize::{parse_cell_in, Value};
/// assert_eq!(parse_cell_in("2,030,800.00", Some("万元"), Some("元")), Value::Number(203.08));
/// assert_eq!(parse_cell_in("3.5万元", Some("万元"), Some("元")), Value::Number(3.5));
/// assert_eq!(parse_cell_in("12", Some("万元"), None), Value::Number(12.0));
/// ```
pub fn parse_cell_in(text: &str, unit: Option<&str>, stated: Option<&str>) -> Value {
    let t = fold(text);
    let bare = split_number(&t).is_some_and(|(_, rest)| rest.trim().is_empty());
    match (unit, stated) {
        (Some(u), Some(s)) if bare && u != s && matches!(s, "元" | "万元" | "亿元") => {
            parse_cell(&format!("{t}{s}"), unit)
        }
        _ => parse_cell(text, unit),
    }
}

/// True when the text reads as a value cell (a number or a "none" marker),
/// as opposed to label text.
///
/// ```
/// use xxgk::normalize::is_value_text;
/// assert!(is_value_text("4119"));
/// assert!(is_value_text("—"));
/// assert!(is_value_text("7730.28"));
/// assert!(is_value_text("减少1"));
/// assert!(!is_value_text("行政许可"));
/// assert!(!is_value_text("1.属于国家秘密"));
/// ```
pub fn is_value_text(text: &str) -> bool {
    let t = fold(text);
    if t.is_empty() {
        return false;
    }
    if let Some(rest) = ["增加", "新增", "减少"]
        .iter()
        .find_map(|w| t.strip_prefix(w))
    {
        return !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.');
    }
    if ZERO_MARKERS.contains(&t.as_str()) {
        return true;
    }
    let Some((number, rest)) = split_number(&t) else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    // "1.属于…" is an enumerated label, not a value.
    if number.ends_with('.') || rest.starts_with('.') || rest.starts_with('、') {
        return false;
    }
    // units and annotations: 53.6318万元, 22（其中修订16件）, 5件
    rest.starts_with("万元")
        || rest.starts_with('元')
        || rest.starts_with("亿元")
        || rest.starts_with('件')
        || rest.starts_with('个')
        || rest.starts_with('项')
        || rest.starts_with('(')
        || rest.starts_with('（')
}
