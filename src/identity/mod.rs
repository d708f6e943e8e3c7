//! Agency identity: which reports are of one agency, whatever way the agency
//! prints its name.
//!
//! A record keeps `agency` exactly as printed in the title and adds
//! `agency_key`, the canonical key that the cross-year (`series.*`) checks
//! pair reports by, and `region`, the administrative division the name
//! determines (GB/T 2260 code, name, level), when it determines one. The
//! rules, with the names they fold, are in `docs/identity.md`:
//!
//! 1. **characters**: whitespace, middle dots and quotation marks
//!    (`《》“”「」『』`) are removed, markup and punctuation at either end
//!    (`#`, `*`, `：`, `。`, …) are dropped, full-width letters, digits and
//!    brackets become ASCII, `〔〕［］【】` become `[]`, Latin letters are
//!    lowercased;
//! 2. **region**: the division names the agency name starts with
//!    (`江苏省淮安市洪泽区…`, at most one per level, each inside the one
//!    before) are looked up in the division table ([`divisions`]). When they
//!    determine exactly one division, the key is its code and the rest of the
//!    name (`320813:人民政府`), so parent prefixes fold away:
//!    淮安市洪泽区人民政府 = 洪泽区人民政府 = 江苏省淮安市洪泽区人民政府. A
//!    name that several divisions carry (鼓楼区 without its city; 城区, 郊区
//!    and 矿区 always need a parent) determines none: the key stays the
//!    printed text and is never folded onto a prefixed name;
//! 3. **offices**: after a region, 人民政府办公厅 / 政府办公厅 / 办公厅 are
//!    one name, as are 人民政府办公室 / 政府办公室 / 办公室 and 人民政府 /
//!    政府.
//!
//! Nothing else is folded: a misprinted or misread place name (沐阳县 for
//! 沭阳县) is another agency, which [`near_matches`] can point out. And a
//! text that cannot be an agency's name (a misread title catching prose:
//! sentence punctuation, a date) gets no key at all ([`identify`]), so it is
//! never paired.
//!
//! ```
//! use xxgk::identity::agency_key;
//! assert_eq!(agency_key("淮安市洪泽区人民政府"), agency_key("洪泽区人民政府"));
//! assert_ne!(agency_key("鼓楼区人民政府"), agency_key("南京市鼓楼区人民政府"));
//! ```

pub mod divisions;

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

pub use divisions::RegionLevel;
use divisions::{table, Division, Table};

/// The administrative division an agency name determines.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Region {
    /// Six-digit GB/T 2260 code (the division's newest code in the table).
    pub code: String,
    /// The division's official name, e.g. `洪泽区`.
    pub name: String,
    /// Province, prefecture or county level.
    pub level: RegionLevel,
}

/// An agency name taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyName {
    /// The name with characters folded (rule 1).
    pub folded: String,
    /// The division names the folded name starts with (may be empty).
    pub region_text: String,
    /// The division those names determine, if exactly one.
    pub region: Option<Region>,
    /// The rest of the folded name, office forms folded (rule 3).
    pub body: String,
    /// The canonical key: `code:body` with a region, else the region text
    /// and body, else the folded name.
    pub key: String,
}

/// County-level names that are also common words (城区 "urban district",
/// 郊区 "suburbs", 矿区 "mining area"): they name a division only after
/// their parent's name.
const NEEDS_PARENT: [&str; 3] = ["城区", "郊区", "矿区"];

/// Office forms that name one agency after a region (rule 3), as
/// `(printed, canonical)`.
const OFFICE_FORMS: [(&str, &str); 8] = [
    ("人民政府办公厅", "人民政府办公厅"),
    ("政府办公厅", "人民政府办公厅"),
    ("办公厅", "人民政府办公厅"),
    ("人民政府办公室", "人民政府办公室"),
    ("政府办公室", "人民政府办公室"),
    ("办公室", "人民政府办公室"),
    ("人民政府", "人民政府"),
    ("政府", "人民政府"),
];

/// Rule 1: whitespace (also full-width), zero-width characters, middle
/// dots and quotation marks (`《》“”‘’「」『』"'`) removed, full-width ASCII
/// forms (letters, digits, brackets) folded to ASCII, `〔〕［］【】` folded to
/// `[]`, Latin letters lowercased, and markup or punctuation left at either
/// end (a markdown `#`, a colon, a full stop) dropped.
///
/// ```
/// use xxgk::identity::fold_chars;
/// assert_eq!(fold_chars("ＡＢ市　生态环境局（本级）"), "ab市生态环境局(本级)");
/// assert_eq!(fold_chars("〔示例〕局"), fold_chars("【示例】局"));
/// assert_eq!(fold_chars("#《平江县柳林镇人民政府》："), "平江县柳林镇人民政府");
/// ```
pub fn fold_chars(s: &str) -> String {
    let folded: String = s
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '·' | '•'
                        | '・'
                        | '\u{200b}'
                        | '\u{feff}'
                        | '《'
                        | '》'
                        | '“'
                        | '”'
                        | '‘'
                        | '’'
                        | '「'
                        | '」'
                        | '『'
                        | '』'
                        | '"'
                        | '\''
                )
        })
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '〔' | '［' | '【' => '[',
            '〕' | '］' | '】' => ']',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .flat_map(|c| c.to_lowercase())
        .collect();
    folded
        .trim_matches(|c: char| {
            matches!(
                c,
                '#' | '*'
                    | '>'
                    | '|'
                    | '_'
                    | '-'
                    | '='
                    | '~'
                    | ':'
                    | ','
                    | '.'
                    | ';'
                    | '!'
                    | '?'
                    | '。'
                    | '、'
                    | '，'
                    | '：'
                    | '；'
            )
        })
        .to_string()
}

/// One way of reading the start of a name as division names: where it
/// ends (byte offset) and the last division read.
struct Reading<'a> {
    end: usize,
    last: &'a Division,
}

/// Every reading of up to three nested division names at the start of
/// `text` (char boundaries `bounds`), depth first.
fn readings<'a>(
    t: &'a Table,
    text: &str,
    bounds: &[usize],
    from: usize,
    last: Option<&'a Division>,
    depth: usize,
    out: &mut Vec<Reading<'a>>,
) {
    if depth == 3 {
        return;
    }
    let start = bounds[from];
    for len in 2..=t.max_name_chars() {
        let Some(&end) = bounds.get(from + len) else {
            break;
        };
        let name = &text[start..end];
        if last.is_none() && NEEDS_PARENT.contains(&name) {
            continue;
        }
        for d in t.named(name) {
            if last.is_some_and(|l| !l.contains(d)) {
                continue;
            }
            out.push(Reading { end, last: d });
            readings(t, text, bounds, from + len, Some(d), depth + 1, out);
        }
    }
}

/// Takes an agency name apart: folds it (rule 1), reads the division names
/// it starts with (rule 2) and folds the office forms after them (rule 3).
///
/// ```
/// use xxgk::identity::{parse_agency, RegionLevel};
/// let a = parse_agency("江苏省淮安市洪泽区人民政府");
/// assert_eq!(a.region_text, "江苏省淮安市洪泽区");
/// let r = a.region.unwrap();
/// assert_eq!((r.code.as_str(), r.name.as_str(), r.level), ("320813", "洪泽区", RegionLevel::County));
/// assert_eq!(a.key, "320813:人民政府");
/// // 鼓楼区 is a district of Nanjing, Xuzhou, Fuzhou and Kaifeng
/// let g = parse_agency("鼓楼区政府办公室");
/// assert_eq!((g.region, g.key.as_str()), (None, "鼓楼区人民政府办公室"));
/// ```
pub fn parse_agency(agency: &str) -> AgencyName {
    let folded = fold_chars(agency);
    let t = table();
    let mut bounds: Vec<usize> = folded.char_indices().map(|(i, _)| i).collect();
    bounds.push(folded.len());
    let mut found = Vec::new();
    readings(t, &folded, &bounds, 0, None, 0, &mut found);
    let end = found.iter().map(|r| r.end).max().unwrap_or(0);
    let finals: BTreeSet<&str> = found
        .iter()
        .filter(|r| r.end == end)
        .map(|r| t.current(r.last).code)
        .collect();
    let region = match (finals.len(), finals.first()) {
        (1, Some(code)) => t.by_code(code).map(|d| Region {
            code: d.code.to_string(),
            name: d.name.to_string(),
            level: d.level,
        }),
        _ => None,
    };
    let region_text = folded[..end].to_string();
    let rest = &folded[end..];
    let body = match end {
        0 => rest.to_string(),
        _ => OFFICE_FORMS
            .iter()
            .find(|(printed, _)| *printed == rest)
            .map_or(rest, |(_, canonical)| canonical)
            .to_string(),
    };
    let key = match (&region, end) {
        (Some(r), _) => format!("{}:{body}", r.code),
        (None, 0) => folded.clone(),
        (None, _) => format!("{region_text}{body}"),
    };
    AgencyName {
        folded,
        region_text,
        region,
        body,
        key,
    }
}

/// Takes apart an agency name that can be one ([`parse_agency`]); `None`
/// for a text that cannot be an agency's name: empty once folded, holding
/// sentence punctuation (`。，；！？`) or a date (`12月31日`). Such a text is
/// a title misread into the prose; giving it a key would pair unrelated
/// reports that were misread the same way.
///
/// ```
/// use xxgk::identity::identify;
/// assert_eq!(identify("洪泽区人民政府").unwrap().key, "320813:人民政府");
/// assert!(identify("1月1日起至12月31日止。本机关").is_none());
/// assert!(identify("《》").is_none());
/// ```
pub fn identify(agency: &str) -> Option<AgencyName> {
    let a = parse_agency(agency);
    let chars: Vec<char> = a.folded.chars().collect();
    let punctuation = chars
        .iter()
        .any(|c| matches!(c, '。' | ',' | ';' | '!' | '?'));
    let date = chars
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], '月' | '日'));
    (!a.folded.is_empty() && !punctuation && !date).then_some(a)
}

/// The canonical agency key (see [`parse_agency`]): two reports are of one
/// agency when their keys are equal.
///
/// ```
/// use xxgk::identity::agency_key;
/// assert_eq!(agency_key("江苏省人民政府办公厅"), agency_key("江苏省政府办公厅"));
/// assert_eq!(agency_key("示例市 生态环境局（本级）"), agency_key("示例市生态环境局(本级)"));
/// assert_ne!(agency_key("沐阳县人民政府"), agency_key("沭阳县人民政府"));
/// ```
pub fn agency_key(agency: &str) -> String {
    parse_agency(agency).key
}

/// The region an agency name determines, if exactly one.
///
/// ```
/// use xxgk::identity::region_of;
/// assert_eq!(region_of("淮安市洪泽区人民政府").unwrap().code, "320813");
/// assert_eq!(region_of("上海市科委").unwrap().code, "310000");
/// assert!(region_of("鼓楼区人民政府").is_none());
/// assert!(region_of("国家税务总局").is_none());
/// ```
pub fn region_of(agency: &str) -> Option<Region> {
    parse_agency(agency).region
}

/// Pairs of names that look like one agency with a place name misprinted or
/// misread: `(i, j)` where `names[i]` starts with known division names,
/// `names[j]` has different key and differs from it (or from its shortest
/// form, the division's own name followed by the rest) by exactly one
/// character, at a place inside the division names that `names[j]` does not
/// read as a division. Such names are never folded; this only points them
/// out. Pairs come sorted, each once.
///
/// ```
/// use xxgk::identity::near_matches;
/// let names = ["沭阳县人民政府", "沐阳县人民政府", "宿迁市沭阳县人民政府", "南京市民政局", "南京市财政局"];
/// assert_eq!(near_matches(&names), vec![(0, 1), (2, 1)]);
/// ```
pub fn near_matches<S: AsRef<str>>(names: &[S]) -> Vec<(usize, usize)> {
    let parsed: Vec<AgencyName> = names.iter().map(|n| parse_agency(n.as_ref())).collect();
    fn pattern(chars: &[char], i: usize) -> String {
        chars
            .iter()
            .enumerate()
            .map(|(k, &c)| if k == i { '\u{0}' } else { c })
            .collect()
    }
    // pattern → names that may be the right spelling
    let mut known: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in parsed.iter().enumerate() {
        let region_chars = p.region_text.chars().count();
        let mut forms = vec![(p.folded.chars().collect::<Vec<char>>(), region_chars)];
        if let Some(r) = &p.region {
            let rest = &p.folded[p.region_text.len()..];
            forms.push((
                format!("{}{rest}", r.name).chars().collect(),
                r.name.chars().count(),
            ));
        }
        for (chars, n) in forms {
            for k in 0..n {
                known.entry(pattern(&chars, k)).or_default().push(i);
            }
        }
    }
    let mut out = BTreeSet::new();
    for (j, p) in parsed.iter().enumerate() {
        let chars: Vec<char> = p.folded.chars().collect();
        let unread = p.region_text.chars().count();
        for k in unread..chars.len() {
            for &i in known.get(&pattern(&chars, k)).into_iter().flatten() {
                if parsed[i].key != p.key {
                    out.insert((i, j));
                }
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests;
