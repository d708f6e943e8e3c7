//! Text whose table cells run together: crawler dumps of web pages print a
//! whole table as one line, labels and numbers glued ("规章000行政规范性文件
//! 693665…", "一、本年新收政府信息公开申请数量640020470").
//!
//! [`unglue`] cuts such a line into one line per section heading and per
//! template row: the row's label, then its run of digits. [`split_run`]
//! lists the ways a run can be cut into cells; the matcher keeps a split only
//! when the table's own totals leave exactly one.

use crate::geom::BBox;
use crate::layout::{Cell, Line};
use crate::template::label::{core, normalize, numbering};
use crate::template::spec::{Spec, VersionSpec};

/// Text that only a printed table carries (normalised).
const TABLE_MARKS: &[&str] = &["第二十条第", "申请人情况", "勾稽关系"];

/// Row labels (distinct) that must appear in one line before it is cut.
const MIN_LABELS: usize = 3;

/// A place in a glued line where a row label or a heading stands.
struct Anchor {
    start: usize,
    end: usize,
    /// The enumeration printed before the label ("3.", "(二)"), to strip
    /// from the end of the previous run.
    numbering: Option<String>,
    heading: bool,
}

/// Cuts glued lines into one line per heading and per row. Lines that are
/// not glued are returned unchanged.
pub fn unglue(lines: Vec<Line>, spec: &VersionSpec) -> Vec<Line> {
    let labels = row_labels(spec);
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.cells.len() != 1 {
            out.push(line);
            continue;
        }
        let original = line.cells[0].text.clone();
        let (text, map) = normalize_with_map(&original);
        if text.chars().count() < 40 {
            out.push(line);
            continue;
        }
        let anchors = find_anchors(&text, &labels, spec);
        if anchors.iter().filter(|a| !a.heading).count() < MIN_LABELS {
            out.push(line);
            continue;
        }
        let page_index = line.page_index;
        let push = |out: &mut Vec<Line>, cells: Vec<String>| {
            out.push(Line {
                page_index,
                cells: cells
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| Cell {
                        text: t,
                        bbox: BBox::new(i as f32, 0.0, i as f32 + 1.0, 0.0),
                        page_index,
                    })
                    .collect(),
                furniture: false,
            })
        };
        // Slices of the normalised text, given back as printed.
        let orig = |a: usize, b: usize| original[map[a]..map[b]].trim().to_string();
        push(&mut out, vec![orig(0, anchors[0].start)]);
        for (k, a) in anchors.iter().enumerate() {
            let next_start = anchors.get(k + 1).map_or(text.len(), |n| n.start);
            let label = orig(a.start, a.end);
            let mut rest = &text[a.end..next_start];
            if let Some(num) = anchors.get(k + 1).and_then(|n| n.numbering.as_deref()) {
                rest = rest.strip_suffix(num).unwrap_or(rest);
            }
            let rest_at = a.end;
            // Text after the last run: header words may end in a run of
            // digits that is a table of its own (section 四's one row of 15
            // cells under its header).
            let push_tail = |out: &mut Vec<Line>, from: usize, to: usize| {
                let tail = &text[from..to];
                let digits = tail
                    .char_indices()
                    .rev()
                    .take_while(|(_, c)| c.is_ascii_digit() || *c == ' ')
                    .last()
                    .map_or(tail.len(), |(i, _)| i);
                if tail[digits..].trim().len() >= 5 {
                    push(
                        out,
                        vec![orig(from, from + digits), tail[digits..].trim().to_string()],
                    );
                } else if !tail.trim().is_empty() {
                    push(out, vec![orig(from, to)]);
                }
            };
            if a.heading {
                push(&mut out, vec![label]);
                push_tail(&mut out, rest_at, rest_at + rest.len());
                continue;
            }
            let run_len = rest
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ' ' || *c == '-'))
                .map_or(rest.len(), |(i, _)| i);
            let mut run = &rest[..run_len];
            // A trailing unit ("75394432.52元") stays with the run.
            let after = &rest[run_len..];
            let unit = ["万元", "元"].into_iter().find(|u| after.starts_with(u));
            let run_owned;
            if let Some(u) = unit {
                run_owned = format!("{run}{u}");
                run = &run_owned;
            }
            let run = run.trim();
            push(&mut out, vec![label, run.to_string()]);
            let tail_at = rest_at + run_len + unit.map_or(0, str::len);
            push_tail(&mut out, tail_at, rest_at + rest.len());
        }
    }
    out
}

/// [`normalize`] with, for each byte offset of the result (and its end),
/// the byte offset in `s` it came from.
fn normalize_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    for (i, ch) in s.char_indices() {
        let n = normalize(&ch.to_string());
        for _ in 0..n.len() {
            map.push(i);
        }
        out.push_str(&n);
    }
    map.push(s.len());
    (out, map)
}

/// (normalised printed label, its core) of every row of every table, and
/// the spec's variants.
fn row_labels(spec: &VersionSpec) -> Vec<(String, String)> {
    let all = Spec::builtin();
    let mut out: Vec<(String, String)> = Vec::new();
    for t in &spec.tables {
        for r in &t.rows {
            let mut forms = vec![r.label.clone()];
            forms.extend(all.variants(&r.label));
            for f in forms {
                let n = normalize(&f);
                let c = core(&f);
                if c.chars().count() >= 2 && !out.iter().any(|(x, _)| *x == n) {
                    out.push((n, c));
                }
            }
        }
    }
    out
}

fn find_anchors(text: &str, labels: &[(String, String)], spec: &VersionSpec) -> Vec<Anchor> {
    let mut found: Vec<Anchor> = Vec::new();
    // Row labels: the core of the label, widened to the printed enumeration
    // when it stands right before it.
    for (printed, c) in labels {
        // Short cores ("其他", "规章") are matched only with their numbering
        // or when nothing else fits there; "其他" alone is too common.
        if c.chars().count() < 3 && numbering(printed).is_some() {
            for (pos, _) in text.match_indices(printed.as_str()) {
                found.push(Anchor {
                    start: pos,
                    end: pos + printed.len(),
                    numbering: numbering(printed).map(str::to_string),
                    heading: false,
                });
            }
            continue;
        }
        for (pos, _) in text.match_indices(c.as_str()) {
            let num = numbering(printed).filter(|n| text[..pos].ends_with(n));
            found.push(Anchor {
                start: pos - num.map_or(0, str::len),
                end: pos + c.len(),
                numbering: num.map(str::to_string),
                heading: false,
            });
        }
    }
    for s in &spec.sections {
        let h = normalize(&s.heading);
        for (pos, _) in text.match_indices(h.as_str()) {
            found.push(Anchor {
                start: pos,
                end: pos + h.len(),
                numbering: None,
                heading: true,
            });
        }
    }
    // Row labels count only inside the tables: from the first mark of a
    // printed table (a 第二十条 caption, the 申请 table's header) to the
    // heading of section 五. Prose elsewhere names the same things
    // ("予以公开258件") and stays whole.
    let tables_from = TABLE_MARKS
        .iter()
        .filter_map(|m| text.find(m))
        .min()
        .unwrap_or(text.len());
    let tables_to = spec
        .sections
        .iter()
        .find(|s| s.number == 5)
        .and_then(|s| text[tables_from..].find(&normalize(&s.heading)))
        .map_or(text.len(), |i| tables_from + i);
    found.retain(|a| a.heading || (a.start >= tables_from && a.end <= tables_to));
    // Longest first at each start; drop anchors inside another.
    found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Anchor> = Vec::new();
    for a in found {
        if kept.last().is_some_and(|k| a.start < k.end) {
            continue;
        }
        kept.push(a);
    }
    kept
}

/// Every way to cut a run of digits into `n` cells: no cell has a leading
/// zero (except "0" itself), a space in the run is always a cut, a decimal
/// point stays inside its cell.
///
/// ```
/// use xxgk::template::glued::split_run;
/// assert_eq!(split_run("000", 3), vec![vec!["0", "0", "0"]]);
/// assert!(split_run("12", 3).is_empty());
/// // A space is a cut: "7 10" is never 71|0.
/// assert_eq!(split_run("7 10", 2), vec![vec!["7", "10"]]);
/// assert!(split_run("693665", 3).len() > 1);
/// ```
pub fn split_run(run: &str, n: usize) -> Vec<Vec<String>> {
    let groups: Vec<&str> = run.split_whitespace().collect();
    let mut out = Vec::new();
    let mut cur = Vec::new();
    split_groups(&groups, n, &mut cur, &mut out);
    out
}

const MAX_SPLITS: usize = 10_000;

fn split_groups(groups: &[&str], n: usize, cur: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    if out.len() >= MAX_SPLITS {
        return;
    }
    let Some((first, rest)) = groups.split_first() else {
        if cur.len() == n {
            out.push(cur.clone());
        }
        return;
    };
    let remaining = n.saturating_sub(cur.len());
    if remaining == 0 {
        return;
    }
    // Cut `first` into k cells, k from 1 to what is left.
    let mut parts = Vec::new();
    split_digits(
        first,
        remaining - rest.len().min(remaining - 1),
        &mut parts,
        &mut |parts| {
            let before = cur.len();
            cur.extend(parts.iter().cloned());
            split_groups(rest, n, cur, out);
            cur.truncate(before);
        },
    );
}

/// Calls `f` with every cut of `s` into 1..=max cells.
fn split_digits(s: &str, max: usize, parts: &mut Vec<String>, f: &mut dyn FnMut(&[String])) {
    if s.is_empty() {
        if !parts.is_empty() {
            f(parts);
        }
        return;
    }
    if parts.len() >= max || parts.len() > 64 {
        return;
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for k in 1..=chars.len() {
        let end = chars.get(k).map_or(s.len(), |c| c.0);
        let cell = &s[..end];
        let ok = is_cell(cell) && !s[end..].starts_with('.');
        if ok {
            parts.push(cell.to_string());
            split_digits(&s[end..], max, parts, f);
            parts.pop();
        }
        if cell.starts_with('0') && !cell.contains('.') {
            break; // "0" is a cell; "01…" never is.
        }
    }
}

fn is_cell(c: &str) -> bool {
    let c = c.trim_end_matches("万元").trim_end_matches('元');
    if c.is_empty()
        || !c.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
        || c.starts_with('.')
        || c.ends_with('.')
        || c.matches('.').count() > 1
    {
        return false;
    }
    !(c.len() > 1 && c.starts_with('0') && !c.starts_with("0."))
}

/// True when a cell's text is a run of digits that may hold several cells.
pub fn is_run(text: &str) -> bool {
    let t = text.trim_end_matches("万元").trim_end_matches('元');
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::TemplateVersion;

    #[test]
    fn cuts_respect_zeros_spaces_and_decimals() {
        assert_eq!(split_run("0000000", 7).len(), 1);
        // "640020470": many cuts into 7 cells, one where 总计 is the sum.
        let fits: Vec<_> = split_run("640020470", 7)
            .into_iter()
            .filter(|c| {
                let v: Vec<i64> = c.iter().map(|x| x.parse().unwrap()).collect();
                v[..6].iter().sum::<i64>() == v[6]
            })
            .collect();
        assert_eq!(fits, vec![vec!["64", "0", "0", "2", "0", "4", "70"]]);
        // A space is always a cut: some leading cells make up "230" exactly.
        let cuts = split_run("230 000023", 7);
        assert!(!cuts.is_empty());
        assert!(cuts
            .iter()
            .all(|c| (1..=c.len()).any(|k| c[..k].concat() == "230")));
        // A decimal point stays inside its cell.
        assert!(split_run("24252.311082", 1) == vec![vec!["24252.311082"]]);
        assert!(split_run("13575394432.52元", 2)
            .iter()
            .all(|c| c[1].ends_with("元")));
        assert!(split_run("12", 3).is_empty());
    }

    #[test]
    fn unglues_rows_and_headings() {
        let spec = Spec::builtin().version(TemplateVersion::Gb2021);
        let text = "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数\
                    规章 000行政规范性文件693665第二十条第（五）项信息内容本年处理决定数量行政许可2293 \
                    第二十条第（六）项信息内容 本年处理决定数量行政处罚1282行政强制42";
        let line = crate::ingest::text::text_line(text, 0);
        let lines = unglue(vec![line], spec);
        let rows: Vec<String> = lines.iter().map(|l| l.text()).collect();
        assert!(
            rows.contains(&"二、主动公开政府信息情况".to_string()),
            "{rows:?}"
        );
        assert!(rows.contains(&"规章\t000".to_string()), "{rows:?}");
        assert!(
            rows.contains(&"行政规范性文件\t693665".to_string()),
            "{rows:?}"
        );
        assert!(rows.contains(&"行政许可\t2293".to_string()), "{rows:?}");
        assert!(rows.contains(&"行政强制\t42".to_string()), "{rows:?}");
    }

    #[test]
    fn prose_naming_rows_is_left_whole() {
        let spec = Spec::builtin().version(TemplateVersion::Gb2019);
        let text = "一、总体情况 全年共受理政府信息公开申请859件。予以公开及部分公开258件，不予公开35件，\
                    因本机关不掌握等原因无法提供265件，不予处理158件，其他处理0件。信息公开类行政复议7件，诉讼9件。";
        let lines = unglue(vec![crate::ingest::text::text_line(text, 0)], spec);
        assert!(lines.iter().all(|l| l.cells.len() == 1), "{lines:?}");
        assert!(lines.iter().any(|l| l.text().contains("行政复议7件")));
    }

    #[test]
    fn short_lines_are_left_alone() {
        let spec = Spec::builtin().version(TemplateVersion::Gb2021);
        let line = crate::ingest::text::text_line("规章\t0\t0\t0", 0);
        assert_eq!(unglue(vec![line.clone()], spec), vec![line]);
    }
}
