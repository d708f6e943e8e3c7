//! Reports from before the national format (template `pre2019`, report
//! years 2008–2018).
//!
//! Before 国办公开办函〔2019〕60号 there was no national table. Reports still
//! share a shape: numbered parts (概述, 主动公开, 依申请公开, 收费及减免, 复议诉讼,
//! 问题及改进) and, very often, a 政府信息公开情况统计表 of rows
//! 指标名称 | 计量单位 | 本年度 | 历年累计 (or only 本年度) whose labels vary by
//! province and year. A `pre2019` record keeps:
//!
//! - the metadata, as for the national formats;
//! - the parts found by their headings ([`sections`]);
//! - each statistics table's rows as [`Indicator`]s: the label as printed,
//!   unit, this year's and the cumulative figure, where it was printed, the
//!   row it is an item of (其中), and a stable key when the label is one the
//!   spec knows ([`spec`], the `pre2019` block of `schema/template.json`);
//! - figures the prose states for an indicator ([`StatedFigure`]), beside
//!   the table, never merged into it;
//! - the checks the data supports ([`checks`]).
//!
//! Figures printed run together ("条346085376") are cut only where the
//! unit and the report's own arithmetic leave one way ([`resolve`]);
//! otherwise they are null with a warning. A figure is never one the
//! report does not print.
//!
//! ```
//! let text = "某县教育局2012年政府信息公开工作年度报告\n一、概述\n全年主动公开政府信息120条。\n\
//!             二、政府信息公开情况统计表\n指标名称\t计量单位\t本年度\t历年累计\n\
//!             主动公开政府信息数\t条\t120\t560\n";
//! let rec = xxgk::extract_bytes("r.txt", text.as_bytes(), &xxgk::Settings::default()).unwrap();
//! assert_eq!(rec.template, xxgk::record::TemplateVersion::Pre2019);
//! let ind = &rec.indicators.as_ref().unwrap()[0];
//! assert_eq!(ind.key.as_deref(), Some("proactive_total"));
//! assert_eq!((ind.value.unwrap().0, ind.cumulative.unwrap().0), (120.0, 560.0));
//! ```

pub mod checks;
mod flat;
mod prose;
mod resolve;
pub mod sections;
pub mod spec;
mod table;

use std::collections::BTreeMap;

use regex::Regex;
use std::sync::OnceLock;

use crate::ingest::Document;
use crate::layout::Line;
use crate::meta::{parse_title, Meta};
use crate::record::{Indicator, Number, Section, StatedFigure, StatisticsTable, TemplateVersion};
use crate::template::detect::Evidence;
use crate::template::spec::Spec;
use flat::Flat;
use resolve::{Constraint, Outcome};
use spec::Compiled;
use table::ColKind;

/// The first report year of the national format.
pub const FIRST_FORMAT_YEAR: i32 = 2019;

/// What a pre-format report gives beyond its metadata.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    /// The numbered parts.
    pub sections: Vec<Section>,
    /// The statistics tables found.
    pub statistics_tables: Vec<StatisticsTable>,
    /// Their rows.
    pub indicators: Vec<Indicator>,
    /// Figures the prose states.
    pub stated_figures: Vec<StatedFigure>,
    /// Problems met.
    pub warnings: Vec<String>,
}

impl Parts {
    /// Rows with a key and at least one figure: what makes a table a
    /// pre-format statistics table rather than a table that happens to
    /// share a word with one.
    pub fn known_rows_with_figures(&self) -> usize {
        self.indicators
            .iter()
            .filter(|i| i.key.is_some() && (i.value.is_some() || i.cumulative.is_some()))
            .count()
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn report_end_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:报告|年报)(?:[（(](?:19|20)[0-9]{2}年度?[)）])?》?$").expect("valid regex")
    })
}

/// True when the first lines hold a whole report title: one to four lines
/// that read as `…信息公开…报告` (or `…年报`) and nothing else, as
/// [`crate::meta::find_meta`] reads titles. A notice that names a report
/// ("关于做好2014年政府信息公开工作年度报告有关事项的通知") is not one.
///
/// ```
/// use xxgk::ingest::text::read_text;
/// use xxgk::pre2019::has_report_title;
/// assert!(has_report_title(&read_text("标题: 平潭综合实验区2016年度政府信息公开工作年度报告\n正文").lines));
/// assert!(!has_report_title(&read_text("关于做好2014年政府信息公开工作年度报告有关事项的通知\n各单位：").lines));
/// ```
pub fn has_report_title(lines: &[Line]) -> bool {
    let texts: Vec<String> = lines
        .iter()
        .filter(|l| !l.furniture)
        .map(|l| {
            let t = squeeze(&l.text());
            let t = t
                .strip_prefix("标题:")
                .or_else(|| t.strip_prefix("标题："))
                .unwrap_or(&t)
                .trim_start_matches(['#', '>'])
                .chars()
                .filter(|&c| c != '*')
                .collect::<String>();
            t
        })
        .filter(|t| !t.is_empty())
        .take(16)
        .collect();
    for from in 0..texts.len() {
        for n in 1..=4 {
            let Some(w) = texts.get(from..from + n) else {
                break;
            };
            let joined: String = w.concat();
            if joined.chars().count() > 80 {
                break;
            }
            let punct = joined.contains(['。', '，', ',', '；', ';', '：', ':', '！', '？']);
            if !punct
                && report_end_re().is_match(joined.trim_end_matches(['"', '”']))
                && parse_title(&joined).is_some()
            {
                return true;
            }
        }
    }
    false
}

/// True for a report of a year before the national format whose text has
/// none of the format's labels: read as `pre2019` before the national
/// formats are tried.
pub fn before_format(lines: &[Line], meta: &Meta, evidence: Evidence) -> bool {
    meta.year.is_some_and(|y| y < FIRST_FORMAT_YEAR)
        && evidence.gb2019 == 0
        && evidence.gb2021 == 0
        && has_report_title(lines)
}

/// True when a document the national formats refused is a pre-format
/// report: a whole report title of a year before 2019, or a pre-format
/// statistics table (two or more known rows with figures).
pub fn accepts(lines: &[Line], meta: &Meta, parts: &Parts) -> bool {
    let titled = meta.year.is_some_and(|y| y < FIRST_FORMAT_YEAR) && has_report_title(lines);
    titled || parts.known_rows_with_figures() >= 2
}

/// Reads the parts, the statistics tables and the prose figures of a
/// pre-format report.
pub fn read(doc: &Document, meta: &Meta) -> Parts {
    let c = Compiled::builtin();
    let vspec = Spec::builtin().version(TemplateVersion::Pre2019);
    let flat = Flat::new(&doc.lines);
    let tables = table::find_tables(&flat, &doc.lines, doc.positioned, meta.year);
    let spans: Vec<std::ops::Range<usize>> = tables.iter().map(|t| t.span.clone()).collect();
    let headings = sections::find_headings(&flat, &spans);
    let sections = sections::sections(&flat, &headings, vspec, doc.positioned);
    let stated = prose::stated_figures(&flat, &spans, &headings, meta.agency.as_deref());
    let mut parts = Parts {
        sections,
        ..Parts::default()
    };
    // Every row of every table, numbered across tables.
    struct Row {
        table: usize,
        node: usize,
        key: Option<String>,
        parent: Option<usize>,
        group: Option<String>,
        explicit: bool,
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut readings = Vec::new();
    let mut constraints: Vec<Constraint> = Vec::new();
    let mut used_keys: BTreeMap<String, usize> = BTreeMap::new();
    for (ti, t) in tables.iter().enumerate() {
        parts.warnings.extend(t.warnings.iter().cloned());
        let links = table::hierarchy(&t.nodes, c);
        let mut row_of_node: BTreeMap<usize, usize> = BTreeMap::new();
        for (ni, n) in t.nodes.iter().enumerate() {
            if !n.is_row {
                continue;
            }
            let (parent_node, group_node, explicit) = links[ni];
            let parent = parent_node.and_then(|p| row_of_node.get(&p).copied());
            let parent_key = parent.and_then(|p| rows[p].key.clone());
            let keys = c.keys_for(&n.label, parent_key.as_deref());
            let mut key = keys.first().map(|k| k.to_string());
            if let Some(k) = &key {
                if let Some(first) = used_keys.get(k) {
                    parts.warnings.push(format!(
                        "statistics table: row «{}» also reads as {k}, already given to row «{}»; left without a key",
                        n.label,
                        t.nodes[rows[*first].node].label
                    ));
                    key = None;
                } else {
                    used_keys.insert(k.clone(), rows.len());
                }
            }
            row_of_node.insert(ni, rows.len());
            rows.push(Row {
                table: ti,
                node: ni,
                key,
                parent,
                group: group_node.map(|g| t.nodes[g].raw.clone()),
                explicit,
            });
            readings.push(n.readings.clone());
        }
    }
    // What the report's arithmetic says, table by table.
    for (r, row) in rows.iter().enumerate() {
        let t = &tables[row.table];
        let node = &t.nodes[row.node];
        if let Some(p) = row.parent {
            if row.explicit && t.nodes[rows[p].node].unit == node.unit {
                constraints.push(Constraint::AtMost { item: r, total: p });
            }
        }
        if row
            .key
            .as_deref()
            .and_then(|k| c.indicator(k))
            .is_some_and(|s| s.exhaustive)
        {
            let items: Vec<usize> = (0..rows.len())
                .filter(|i| rows[*i].parent == Some(r))
                .collect();
            // The row after the items: one the spec does not know, with
            // the total's unit, may be one more item (see
            // checks::list_may_go_on): then the items are not known to be all.
            let may_go_on = items
                .last()
                .and_then(|l| rows.get(l + 1))
                .is_some_and(|nx| {
                    nx.key.is_none()
                        && nx.parent.is_none()
                        && nx.table == row.table
                        && nx.group == row.group
                        && t.nodes[nx.node].unit == node.unit
                });
            if items.len() >= 2
                && !may_go_on
                && items
                    .iter()
                    .all(|i| t.nodes[rows[*i].node].unit == node.unit)
            {
                constraints.push(Constraint::Sum { total: r, items });
            }
        }
    }
    // Prose figures of the same indicator and a unit that fits.
    let mut prose_for: BTreeMap<usize, Vec<(usize, f64)>> = BTreeMap::new();
    for s in &stated {
        let Some(r) = rows
            .iter()
            .position(|x| x.key.as_deref() == Some(s.key.as_str()))
        else {
            continue;
        };
        let t = &tables[rows[r].table];
        let unit_fits = t.nodes[rows[r].node]
            .unit
            .as_deref()
            .is_none_or(|u| u == s.unit || (c.is_count_unit(u) && c.is_count_unit(&s.unit)));
        let col = t.column(if s.cumulative {
            ColKind::Cumulative
        } else {
            ColKind::Value
        });
        if let (true, Some(col)) = (unit_fits, col) {
            prose_for.entry(r).or_default().push((col, s.value));
        }
    }
    // Tables with different column counts are resolved apart: columns are
    // counted per table, so constraints never cross tables.
    let mut outcomes: Vec<Option<Outcome>> = vec![None; rows.len()];
    for (ti, t) in tables.iter().enumerate() {
        let idx: Vec<usize> = (0..rows.len()).filter(|r| rows[*r].table == ti).collect();
        let local = |r: usize| idx.iter().position(|x| *x == r);
        let rd: Vec<_> = idx.iter().map(|r| readings[*r].clone()).collect();
        let pr: BTreeMap<usize, Vec<(usize, f64)>> = prose_for
            .iter()
            .filter_map(|(r, v)| local(*r).map(|l| (l, v.clone())))
            .collect();
        let cs: Vec<Constraint> = constraints
            .iter()
            .filter_map(|c2| match c2 {
                Constraint::AtMost { item, total } => Some(Constraint::AtMost {
                    item: local(*item)?,
                    total: local(*total)?,
                }),
                Constraint::Sum { total, items } => Some(Constraint::Sum {
                    total: local(*total)?,
                    items: items
                        .iter()
                        .map(|i| local(*i))
                        .collect::<Option<Vec<_>>>()?,
                }),
            })
            .collect();
        for (l, o) in resolve::resolve(&rd, &pr, &cs, t.columns.len())
            .into_iter()
            .enumerate()
        {
            outcomes[idx[l]] = Some(o);
        }
    }
    let mut chose: Vec<(String, bool)> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let t = &tables[row.table];
        let n = &t.nodes[row.node];
        let place = flat.place(n.start);
        let vi = t.column(ColKind::Value);
        let ci = t.column(ColKind::Cumulative);
        let label = &n.label;
        let (reading, note) = match outcomes[r].clone() {
            Some(Outcome::Certain(rd)) => (Some(rd), None),
            Some(Outcome::Decided {
                reading,
                cuts,
                by_prose,
            }) => {
                let shown: Vec<String> = reading
                    .iter()
                    .map(|v| v.map_or_else(String::new, num_text))
                    .collect();
                if by_prose {
                    chose.push((row.key.clone().unwrap_or_default(), true));
                }
                let why = if by_prose {
                    "the only one giving the figure the prose states for it"
                } else {
                    "the only one with which the table's own arithmetic holds (an item under 其中 at most its total, the items of an exhaustive total adding up to it)"
                };
                (
                    Some(reading),
                    Some(format!(
                        "statistics table: row «{label}»: figures printed without separators ({:?}); of {cuts} ways to cut them, {} is {why}",
                        n.raw,
                        shown.join(" | ")
                    )),
                )
            }
            Some(Outcome::Blank(why)) => (
                None,
                Some(format!(
                    "statistics table: row «{label}» ({:?}): figures left blank: {why}",
                    n.raw
                )),
            ),
            None => (None, None),
        };
        parts.warnings.extend(note);
        let get = |i: Option<usize>| -> Option<Number> {
            reading
                .as_ref()
                .and_then(|rd| i.and_then(|i| rd.get(i).copied().flatten()))
                .map(Number)
        };
        let (value, cumulative) = (get(vi), get(ci));
        if reading.is_some() && value.is_none() && vi.is_some() {
            parts.warnings.push(format!(
                "statistics table: row «{label}»: 本年度 is blank ({:?})",
                n.raw
            ));
        }
        parts.indicators.push(Indicator {
            table_index: row.table,
            key: row.key.clone(),
            label: label.clone(),
            unit: n.unit.clone(),
            value,
            cumulative,
            parent: row.parent,
            group: row.group.clone(),
            page_index: doc.positioned.then_some(place.page_index),
            line_number: (!doc.positioned).then_some(place.line_index + 1),
            raw: n.raw.clone(),
        });
    }
    for t in &tables {
        let place = flat.place(t.header_at);
        parts.statistics_tables.push(StatisticsTable {
            caption: t.caption.clone(),
            header: t.header.clone(),
            columns: t.columns.iter().map(|k| k.name().to_string()).collect(),
            page_index: doc.positioned.then_some(place.page_index),
            line_number: (!doc.positioned).then_some(place.line_index + 1),
        });
    }
    for s in stated {
        let place = flat.place(s.start);
        let chose_reading = chose.iter().any(|(k, _)| *k == s.key)
            && prose_for
                .values()
                .flatten()
                .any(|(_, v)| (*v - s.value).abs() < 1e-9);
        parts.stated_figures.push(StatedFigure {
            key: s.key,
            column: if s.cumulative { "cumulative" } else { "value" }.to_string(),
            value: Number(s.value),
            unit: s.unit,
            text: s.text,
            sentence: s.sentence,
            section: Some(s.section),
            page_index: doc.positioned.then_some(place.page_index),
            line_number: (!doc.positioned).then_some(place.line_index + 1),
            char_offset: place.char_offset,
            chose_reading,
        });
    }
    parts
}

fn num_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}
