//! The national format's tables as grids of cells: the 第二十条 tables,
//! table 三 (applications) with its three header rows and nested group
//! labels, and the shapes table 四 (review_litigation) is printed in.

use super::content::{Printed, TableOut};
use super::page::{text_width, Align};
use super::table::{label_width, Dir, Table};
use super::traits::{GroupLabel, LabelWidth, Review};

/// Width of `n` ems at `size` plus padding.
fn ems(n: f32, size: f32, pad: f32) -> f32 {
    n * size + 2.0 * pad
}

/// Narrowest a value column may be: its widest value, or two ideographs,
/// with the cell padding on both sides.
fn min_value_width(cells: &[&Printed], size: f32, pad: f32) -> f32 {
    cells
        .iter()
        .map(|p| text_width(&p.text, size))
        .fold(2.0 * size, f32::max)
        + 2.0 * pad
}

/// Fits label columns of `want` widths and `n_values` equal value columns
/// of at least `min_v` into `width`. With room to spare every column grows
/// (a table stretched to the text width); without, labels
/// shrink (and wrap) so the values keep their room.
fn fit(want: &[f32], n_values: usize, min_v: f32, width: f32) -> Vec<f32> {
    let label_total: f32 = want.iter().sum();
    let values = n_values as f32 * min_v;
    let (k, v) = if label_total + values > width {
        let k = ((width - values) / label_total).max(0.2);
        (k, (width - label_total * k) / n_values as f32)
    } else {
        // Labels grow less than values: a narrow label column stays narrow.
        let k = (width / (label_total + values)).min(1.3);
        (k, (width - label_total * k) / n_values as f32)
    };
    want.iter()
        .map(|w| w * k)
        .chain(std::iter::repeat_n(v.max(min_v), n_values))
        .collect()
}

/// Every value cell of a table.
fn all_values(tb: &TableOut) -> Vec<&Printed> {
    tb.rows.iter().flat_map(|r| r.cells.iter()).collect()
}

fn values(t: &mut Table, row: usize, first_col: usize, cells: &[Printed]) {
    for (i, p) in cells.iter().enumerate() {
        t.add(row, first_col + i, 1, 1, &p.text, Align::Center);
    }
}

/// The 第二十条 tables as one table: per item a caption row spanning all
/// columns, a header row (信息内容 …) and its rows; items with fewer columns
/// span the last ones (gb2021) or leave them empty (gb2019).
pub fn art20_combined(tables: &[TableOut], width: f32, size: f32, pad: f32) -> Table {
    let cells: Vec<&Printed> = tables.iter().flat_map(all_values).collect();
    let widths = fit(
        &[ems(9.0, size, pad)],
        3,
        min_value_width(&cells, size, pad),
        width,
    );
    let mut t = Table::new(widths, 0);
    let mut r = 0;
    for tb in tables {
        t.add(r, 0, 1, 4, &tb.caption, Align::Center);
        r += 1;
        let n = tb.columns.len();
        let span = |i: usize| if n == 1 && i == 0 { 3 } else { 1 };
        t.add(r, 0, 1, 1, "信息内容", Align::Center);
        for (i, (_, label)) in tb.columns.iter().enumerate() {
            t.add(r, 1 + i, 1, span(i), label, Align::Center);
        }
        r += 1;
        for row in &tb.rows {
            t.add(r, 0, 1, 1, &row.label, Align::Left);
            for (i, p) in row.cells.iter().enumerate() {
                t.add(r, 1 + i, 1, span(i), &p.text, Align::Center);
            }
            r += 1;
        }
    }
    t
}

/// One 第二十条 item as a table of its own (the caption is printed above).
pub fn art20_separate(tb: &TableOut, width: f32, size: f32, pad: f32) -> Table {
    let n = tb.columns.len();
    let min_v = min_value_width(&all_values(tb), size, pad);
    let widths = fit(&[ems(9.0, size, pad)], n.max(2), min_v, width);
    let mut t = Table::new(widths, 1);
    let span = if n == 1 { 2 } else { 1 };
    t.add(0, 0, 1, 1, "信息内容", Align::Center);
    for (i, (_, label)) in tb.columns.iter().enumerate() {
        t.add(0, 1 + i, 1, span, label, Align::Center);
    }
    for (r, row) in tb.rows.iter().enumerate() {
        t.add(1 + r, 0, 1, 1, &row.label, Align::Left);
        for (i, p) in row.cells.iter().enumerate() {
            t.add(1 + r, 1 + i, 1, span, &p.text, Align::Center);
        }
    }
    t
}

/// Table 三 with the national merged-cell header:
///
/// ```text
/// | corner note           | 申请人情况                                          |
/// |                       | 自然人 | 法人或其他组织                        | 总计 |
/// |                       |        | 商业企业 科研机构 社会公益组织 法律服务机构 其他 |      |
/// | 一、本年新收…          | values …                                           |
/// | 三、… | （一）予以公开  | …
/// |       | （三）不予公开 | 1.属于国家秘密 | …
/// ```
pub fn applications(
    tb: &TableOut,
    group: GroupLabel,
    label_w: LabelWidth,
    width: f32,
    size: f32,
    pad: f32,
) -> Table {
    let wide = label_w == LabelWidth::Wide;
    let want: Vec<f32> = match group {
        GroupLabel::Flat => vec![ems(if wide { 20.0 } else { 9.0 }, size, pad)],
        _ => {
            let w0 = match group {
                GroupLabel::Horizontal => ems(if wide { 5.0 } else { 3.0 }, size, pad),
                GroupLabel::Stacked => ems(1.0, size, pad) + 1.0,
                _ => ems(1.0, size, pad) + 2.0,
            };
            vec![
                w0,
                ems(if wide { 7.0 } else { 4.0 }, size, pad),
                ems(if wide { 17.0 } else { 7.5 }, size, pad),
            ]
        }
    };
    let nl = want.len();
    let nv = tb.columns.len();
    let min_v = min_value_width(&all_values(tb), size, pad);
    let mut t = Table::new(fit(&want, nv, min_v, width), 3);
    let corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
    t.add(0, 0, 3, nl, corner, Align::Center);
    t.add(0, nl, 1, nv, "申请人情况", Align::Center);
    t.add(1, nl, 2, 1, &tb.columns[0].1, Align::Center);
    t.add(1, nl + 1, 1, nv - 2, "法人或其他组织", Align::Center);
    t.add(1, nl + nv - 1, 2, 1, &tb.columns[nv - 1].1, Align::Center);
    for i in 1..nv - 1 {
        t.add(2, nl + i, 1, 1, &tb.columns[i].1, Align::Center);
    }
    let mut r = 3;
    let rows = &tb.rows;
    match group {
        GroupLabel::Flat => {
            let mut last_group: Option<&str> = None;
            let mut last_sub: Option<&str> = None;
            for row in rows {
                if row.group.as_deref() != last_group {
                    if let Some(g) = &row.group {
                        t.add(r, 0, 1, 1, g, Align::Left);
                        r += 1;
                    }
                    last_group = row.group.as_deref();
                }
                if row.subgroup.as_deref() != last_sub {
                    if let Some(sg) = &row.subgroup {
                        t.add(r, 0, 1, 1, sg, Align::Left);
                        r += 1;
                    }
                    last_sub = row.subgroup.as_deref();
                }
                t.add(r, 0, 1, 1, &row.label, Align::Left);
                values(&mut t, r, nl, &row.cells);
                r += 1;
            }
        }
        _ => {
            let dir = if group == GroupLabel::VerticalFont {
                Dir::Vertical
            } else {
                Dir::Horizontal
            };
            let mut i = 0;
            while i < rows.len() {
                let row = &rows[i];
                match (&row.group, &row.subgroup) {
                    (None, _) => {
                        t.add(r, 0, 1, 3, &row.label, Align::Left);
                        values(&mut t, r, nl, &row.cells);
                        r += 1;
                        i += 1;
                    }
                    (Some(g), _) => {
                        // The group's rows, with their subgroups.
                        let n = rows[i..]
                            .iter()
                            .take_while(|x| x.group.as_ref() == Some(g))
                            .count();
                        let start = r;
                        let mut j = i;
                        while j < i + n {
                            let x = &rows[j];
                            match &x.subgroup {
                                None => {
                                    t.add(r, 1, 1, 2, &x.label, Align::Left);
                                    values(&mut t, r, nl, &x.cells);
                                    r += 1;
                                    j += 1;
                                }
                                Some(sg) => {
                                    let m = rows[j..i + n]
                                        .iter()
                                        .take_while(|y| y.subgroup.as_ref() == Some(sg))
                                        .count();
                                    t.add(r, 1, m, 1, sg, Align::Center);
                                    for y in &rows[j..j + m] {
                                        t.add(r, 2, 1, 1, &y.label, Align::Left);
                                        values(&mut t, r, nl, &y.cells);
                                        r += 1;
                                    }
                                    j += m;
                                }
                            }
                        }
                        t.add_dir(start, 0, r - start, 1, g, Align::Center, dir);
                        i += n;
                    }
                }
            }
        }
    }
    t
}

const CASES: [&str; 3] = ["行政复议", "未经复议直接起诉", "复议后起诉"];

/// Table 四 in one of its shapes. `ThreeTables` gives three tables, to be
/// printed each under its caption ([`review_captions`]).
pub fn review(tb: &TableOut, shape: Review, width: f32, size: f32, pad: f32) -> Vec<Table> {
    let outcomes: Vec<&str> = tb.columns.iter().map(|(_, l)| l.as_str()).collect();
    let rows = &tb.rows;
    match shape {
        Review::Row3Level | Review::Row2Level => {
            let widths = vec![width / 15.0; 15];
            let mut t = Table::new(widths, if shape == Review::Row3Level { 3 } else { 2 });
            let mut r = 0;
            if shape == Review::Row3Level {
                t.add(0, 0, 2, 5, "行政复议", Align::Center);
                t.add(0, 5, 1, 10, "行政诉讼", Align::Center);
                t.add(1, 5, 1, 5, CASES[1], Align::Center);
                t.add(1, 10, 1, 5, CASES[2], Align::Center);
                r = 2;
            } else {
                for (k, case) in CASES.iter().enumerate() {
                    t.add(0, 5 * k, 1, 5, case, Align::Center);
                }
                r += 1;
            }
            for k in 0..3 {
                for (i, o) in outcomes.iter().enumerate() {
                    t.add(r, 5 * k + i, 1, 1, o, Align::Center);
                }
            }
            r += 1;
            for (k, row) in rows.iter().enumerate() {
                values(&mut t, r, 5 * k, &row.cells);
            }
            vec![t]
        }
        Review::ThreeRows => {
            let want = [ems(2.0, size, pad), ems(8.0, size, pad)];
            let min_v = min_value_width(&all_values(tb), size, pad);
            let mut t = Table::new(fit(&want, 5, min_v, width), 1);
            t.add(0, 0, 1, 2, "", Align::Center);
            for (i, o) in outcomes.iter().enumerate() {
                t.add(0, 2 + i, 1, 1, o, Align::Center);
            }
            t.add(1, 0, 1, 2, CASES[0], Align::Left);
            values(&mut t, 1, 2, &rows[0].cells);
            t.add(2, 0, 2, 1, "行政诉讼", Align::Center);
            t.add(2, 1, 1, 1, CASES[1], Align::Left);
            values(&mut t, 2, 2, &rows[1].cells);
            t.add(3, 1, 1, 1, CASES[2], Align::Left);
            values(&mut t, 3, 2, &rows[2].cells);
            vec![t]
        }
        Review::ThreeTables => rows
            .iter()
            .map(|row| {
                let mut t = Table::new(vec![width / 5.0; 5], 1);
                for (i, o) in outcomes.iter().enumerate() {
                    t.add(0, i, 1, 1, o, Align::Center);
                }
                values(&mut t, 1, 0, &row.cells);
                t
            })
            .collect(),
        Review::Transposed => {
            let want = [label_width("结果维持", size, pad) + size];
            let min_v = min_value_width(&all_values(tb), size, pad);
            let mut t = Table::new(fit(&want, 3, min_v, width), 2);
            t.add(0, 0, 2, 1, "", Align::Center);
            t.add(0, 1, 2, 1, CASES[0], Align::Center);
            t.add(0, 2, 1, 2, "行政诉讼", Align::Center);
            t.add(1, 2, 1, 1, CASES[1], Align::Center);
            t.add(1, 3, 1, 1, CASES[2], Align::Center);
            for (i, o) in outcomes.iter().enumerate() {
                t.add(2 + i, 0, 1, 1, o, Align::Left);
                for (k, row) in rows.iter().enumerate() {
                    t.add(2 + i, 1 + k, 1, 1, &row.cells[i].text, Align::Center);
                }
            }
            vec![t]
        }
    }
}

/// Captions of the three small tables of [`Review::ThreeTables`].
pub fn review_captions() -> [&'static str; 3] {
    [
        "（一）行政复议情况",
        "（二）行政诉讼（未经复议直接起诉）情况",
        "（三）行政诉讼（复议后起诉）情况",
    ]
}
