//! Which national format a report follows, read from its tables.

use crate::layout::Line;
use crate::record::TemplateVersion;
use crate::template::label::normalize;

/// Labels printed only in the 2021 format.
const GB2021_MARKERS: &[&str] = &[
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
    "逾期不补正",
    "逾期未按收费通知",
];

/// Labels printed only in the 2019 format.
const GB2019_MARKERS: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "第二十条第(九)项",
    "采购总金额",
    "政府集中采购",
    "其他对外管理服务事项",
];

/// How strongly the text points to each format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// Distinct 2019-only labels seen.
    pub gb2019: usize,
    /// Distinct 2021-only labels seen.
    pub gb2021: usize,
}

/// Counts the format markers in the text.
///
/// ```
/// use xxgk::template::detect::evidence;
/// let e = evidence("信息内容 本年制发件数 本年废止件数 现行有效件数");
/// assert_eq!((e.gb2019, e.gb2021), (0, 3));
/// ```
pub fn evidence(text: &str) -> Evidence {
    let t = normalize(text);
    Evidence {
        gb2019: GB2019_MARKERS.iter().filter(|m| t.contains(*m)).count(),
        gb2021: GB2021_MARKERS.iter().filter(|m| t.contains(*m)).count(),
    }
}

/// Picks the format: the tables decide; the year is only a tie-breaker.
///
/// ```
/// use xxgk::template::detect::{choose, Evidence};
/// use xxgk::record::TemplateVersion;
/// assert_eq!(choose(Evidence { gb2019: 0, gb2021: 3 }, Some(2020)), TemplateVersion::Gb2021);
/// assert_eq!(choose(Evidence { gb2019: 0, gb2021: 0 }, Some(2020)), TemplateVersion::Gb2019);
/// ```
pub fn choose(e: Evidence, year: Option<i32>) -> TemplateVersion {
    use std::cmp::Ordering::*;
    match e.gb2021.cmp(&e.gb2019) {
        Greater => TemplateVersion::Gb2021,
        Less => TemplateVersion::Gb2019,
        Equal => match year {
            Some(y) if y <= 2020 => TemplateVersion::Gb2019,
            _ => TemplateVersion::Gb2021,
        },
    }
}

/// Detects the format of a document's lines.
pub fn detect(lines: &[Line], year: Option<i32>) -> (TemplateVersion, Evidence) {
    let mut text = String::new();
    for l in lines {
        for c in &l.cells {
            text.push_str(&c.text);
        }
        text.push('\n');
    }
    let e = evidence(&text);
    (choose(e, year), e)
}
