//! The `pre2019` block of `schema/template.json` as data: section keywords,
//! the statistics table's captions, header words and units, the known
//! indicators (keys, printed labels and their variants, where they stand)
//! and the phrasings the prose uses to state them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::template::label::{normalize, strip_numbering};
use crate::template::spec::TEMPLATE_JSON;

/// The `pre2019` block (the parts beyond sections and rules, which
/// [`crate::template::spec::VersionSpec`] reads).
#[derive(Debug, Deserialize)]
pub struct Pre2019Spec {
    /// Words whose presence in a heading names a section, tried in order.
    pub section_keywords: Vec<SectionWords>,
    /// Words a heading ends with (`情况`, `措施`, …), used to tell where a
    /// heading run into its text ends.
    pub heading_endings: Vec<String>,
    /// The statistics table.
    pub statistics_table: TableWords,
    /// The indicators the spec knows.
    pub indicators: Vec<IndicatorSpec>,
    /// How the prose states a figure for the whole agency.
    pub prose: ProseSpec,
}

/// The words that name one section in a heading.
#[derive(Debug, Deserialize)]
pub struct SectionWords {
    /// The section key.
    pub key: String,
    /// Any of these in a heading names the section.
    pub words: Vec<String>,
}

/// Words of the statistics table.
#[derive(Debug, Deserialize)]
pub struct TableWords {
    /// Captions printed above the table.
    pub captions: Vec<String>,
    /// Header words by column kind.
    pub header: HeaderWords,
    /// Units a row may print, longest first where one ends another.
    pub units: Vec<String>,
    /// Units of counts: figures in any of them may be compared.
    pub count_units: Vec<String>,
}

/// Header words by column kind; `YYYY` stands for a year.
#[derive(Debug, Deserialize)]
pub struct HeaderWords {
    /// The label column (`指标名称`).
    pub label: Vec<String>,
    /// The unit column (`计量单位`).
    pub unit: Vec<String>,
    /// This year's figures (`本年度`, `2014年度`, `统计数`).
    pub value: Vec<String>,
    /// Cumulative figures (`历年累计`).
    pub cumulative: Vec<String>,
    /// Value words that only name a group of columns when a more precise
    /// word (本年度, 历年累计) is printed too.
    pub generic: Vec<String>,
}

/// A known indicator.
#[derive(Debug, Deserialize)]
pub struct IndicatorSpec {
    /// Stable key.
    pub key: String,
    /// Printed labels (variants included); text after ` (` is a note.
    pub labels: Vec<String>,
    /// Regular expressions over the normalised label core, for label
    /// families the list does not spell out.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// The key of the row this indicator is an item of, when the label
    /// alone does not say (`其他情形数` under `review` or `litigation`).
    #[serde(default)]
    pub under: Option<String>,
    /// The total this indicator is one of the items of when it is listed
    /// under 其中 (a request channel under `applications_received`): an
    /// unnumbered row with such a label continues the 其中 list. Unlike
    /// `under`, the label keeps its key wherever it stands.
    #[serde(default)]
    pub item_of: Option<String>,
    /// The items printed under this total are meant to add up to it.
    #[serde(default)]
    pub exhaustive: bool,
    /// Prose phrasings (named groups `n`, the figure, and `u`, its unit).
    #[serde(default)]
    pub prose: Vec<String>,
    /// Text the whole prose match must contain.
    #[serde(default)]
    pub prose_require: Option<String>,
    /// A prose match containing any of these words (alternatives of a
    /// regular expression) states a part, not this indicator.
    #[serde(default)]
    pub prose_exclude: Option<String>,
    /// The sections whose prose is read for this indicator.
    #[serde(default)]
    pub prose_sections: Vec<String>,
}

/// How a prose figure is told to be the whole agency's.
#[derive(Debug, Deserialize)]
pub struct ProseSpec {
    /// Time words that may open the subject (`2016年`, `全年`).
    pub subject_time: String,
    /// The start of a subject naming the whole agency (`全区`, `我局`).
    pub subject_whole: String,
    /// Words that make the subject a part (`其中`, `各乡镇…及…`).
    pub subject_deny: String,
    /// What may close the subject (`共`, `累计`).
    pub subject_tail: String,
    /// Words that make the figure a cumulative one.
    pub cumulative_words: String,
}

/// The compiled spec.
#[derive(Debug)]
pub struct Compiled {
    /// The data.
    pub spec: Pre2019Spec,
    /// Per indicator: normalised label cores.
    pub label_cores: Vec<Vec<String>>,
    /// Per indicator: compiled label patterns.
    pub label_patterns: Vec<Vec<Regex>>,
    /// Per indicator: compiled prose phrasings.
    pub prose: Vec<Vec<Regex>>,
    /// Per indicator: compiled exclusions.
    pub prose_exclude: Vec<Option<Regex>>,
    /// Subject regexes: time, whole, deny, tail, cumulative.
    pub subject: [Regex; 5],
}

#[derive(Deserialize)]
struct Root {
    versions: BTreeMap<String, serde_json::Value>,
}

/// A label as compared with the spec: normalised ([`normalize`]), its
/// 其中 and numbering taken off, notes in brackets removed.
///
/// ```
/// use xxgk::pre2019::spec::label_core;
/// assert_eq!(label_core("其中：1、政府网站公开数"), "政府网站公开数");
/// assert_eq!(label_core("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"), "主动公开政府信息数");
/// assert_eq!(label_core("4.不同意公开答复数"), "不同意公开答复数");
/// ```
pub fn label_core(label: &str) -> String {
    let mut s = normalize(label);
    loop {
        let t = s
            .trim_start_matches(['.', ':', ',', ';'])
            .trim_start_matches("其中")
            .trim_start_matches([':', ',', '.']);
        let t = strip_numbering(t).to_string();
        if t == s {
            break;
        }
        s = t;
    }
    // Notes in brackets: （不同渠道和方式公开相同信息计1条）.
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim_end_matches([':', '.', ',']).to_string()
}

impl Compiled {
    /// The spec compiled into xxgk, parsed once.
    ///
    /// ```
    /// let c = xxgk::pre2019::spec::Compiled::builtin();
    /// assert!(c.spec.indicators.iter().any(|i| i.key == "proactive_total"));
    /// ```
    pub fn builtin() -> &'static Compiled {
        static C: OnceLock<Compiled> = OnceLock::new();
        C.get_or_init(|| {
            let root: Root = serde_json::from_str(TEMPLATE_JSON)
                .expect("schema/template.json is valid (tested)");
            let spec: Pre2019Spec = serde_json::from_value(
                root.versions
                    .get("pre2019")
                    .cloned()
                    .expect("template.json has versions.pre2019 (tested)"),
            )
            .expect("versions.pre2019 is well formed (tested)");
            let re = |p: &str| Regex::new(p).expect("valid regex in template.json (tested)");
            let label_cores = spec
                .indicators
                .iter()
                .map(|i| {
                    i.labels
                        .iter()
                        .map(|l| label_core(l.split(" (").next().unwrap_or(l)))
                        .collect()
                })
                .collect();
            let label_patterns = spec
                .indicators
                .iter()
                .map(|i| i.patterns.iter().map(|p| re(p)).collect())
                .collect();
            let prose = spec
                .indicators
                .iter()
                .map(|i| i.prose.iter().map(|p| re(p)).collect())
                .collect();
            let prose_exclude = spec
                .indicators
                .iter()
                .map(|i| i.prose_exclude.as_deref().map(re))
                .collect();
            let p = &spec.prose;
            let subject = [
                re(&p.subject_time),
                re(&p.subject_whole),
                re(&p.subject_deny),
                re(&p.subject_tail),
                re(&p.cumulative_words),
            ];
            Compiled {
                spec,
                label_cores,
                label_patterns,
                prose,
                prose_exclude,
                subject,
            }
        })
    }

    /// The indicator spec of a key.
    pub fn indicator(&self, key: &str) -> Option<&IndicatorSpec> {
        self.spec.indicators.iter().find(|i| i.key == key)
    }

    /// The indicators a label names (by normalised core or pattern), in
    /// spec order; `parent_key` is the key of the row it stands under.
    ///
    /// ```
    /// let c = xxgk::pre2019::spec::Compiled::builtin();
    /// assert_eq!(c.keys_for("其中：1、政府网站公开数", None), ["proactive_web"]);
    /// assert_eq!(c.keys_for("（三）其他情形数", Some("review")), ["review_other"]);
    /// assert!(c.keys_for("（三）其他情形数", None).is_empty());
    /// ```
    pub fn keys_for(&self, label: &str, parent_key: Option<&str>) -> Vec<&str> {
        let core = label_core(label);
        if core.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (k, ind) in self.spec.indicators.iter().enumerate() {
            if ind.under.is_some() && ind.under.as_deref() != parent_key {
                continue;
            }
            let hit = self.label_cores[k].contains(&core)
                || self.label_patterns[k].iter().any(|p| p.is_match(&core));
            if hit {
                out.push(ind.key.as_str());
            }
        }
        out
    }

    /// The indicators a label may name wherever it stands (`under`
    /// ignored): whether the label is one the spec knows.
    pub fn keys_for_any(&self, label: &str) -> Vec<&str> {
        let core = label_core(label);
        if core.is_empty() {
            return Vec::new();
        }
        self.spec
            .indicators
            .iter()
            .enumerate()
            .filter(|(k, _)| {
                self.label_cores[*k].contains(&core)
                    || self.label_patterns[*k].iter().any(|p| p.is_match(&core))
            })
            .map(|(_, i)| i.key.as_str())
            .collect()
    }

    /// True when `unit` is a unit of counts.
    pub fn is_count_unit(&self, unit: &str) -> bool {
        self.spec
            .statistics_table
            .count_units
            .iter()
            .any(|u| u == unit)
    }
}
