//! Values placed into columns by position: field index for text, x
//! position learned from the table's complete rows for PDF.

use indexmap::IndexMap;

use crate::template::cells::ValueCell;
use crate::template::rows::RowHit;

/// Column x-centres learned from the rows of a table that have one value per
/// column, per page (a table may move between pages) and overall.
pub(crate) fn learn_centers(
    hits: &[RowHit],
    table: &str,
    n: usize,
) -> (IndexMap<usize, Vec<f32>>, Option<Vec<f32>>) {
    let mut per_page: IndexMap<usize, Vec<Vec<f32>>> = IndexMap::new();
    let mut all: Vec<Vec<f32>> = Vec::new();
    for h in hits
        .iter()
        .filter(|h| h.table.key == table && h.values.len() == n)
    {
        let xs: Option<Vec<f32>> = h
            .values
            .iter()
            .map(|v| v.bbox.map(|b| b.center_x()))
            .collect();
        if let Some(xs) = xs {
            per_page
                .entry(h.values[0].page_index)
                .or_default()
                .push(xs.clone());
            all.push(xs);
        }
    }
    let median = |rows: &[Vec<f32>]| -> Vec<f32> {
        (0..n)
            .map(|j| {
                let mut col: Vec<f32> = rows.iter().map(|r| r[j]).collect();
                col.sort_by(f32::total_cmp);
                col[col.len() / 2]
            })
            .collect()
    };
    let pages = per_page
        .iter()
        .map(|(p, rows)| (*p, median(rows)))
        .collect();
    let overall = (!all.is_empty()).then(|| median(&all));
    (pages, overall)
}

/// Places a row's values into `n` column slots.
pub(crate) fn place(
    hit: &RowHit,
    n: usize,
    positioned: bool,
    centers: &(IndexMap<usize, Vec<f32>>, Option<Vec<f32>>),
) -> Result<Vec<Option<ValueCell>>, String> {
    let mut vals = hit.values.clone();
    let by_position = vals.iter().all(|v| v.bbox.is_some()) && (positioned || hit.loose);
    if !by_position {
        // Right-align: a label may span several fields, and a line may end
        // with a tab.
        while vals.len() > n && vals.last().is_some_and(|v| v.text.is_empty()) {
            vals.pop();
        }
        while vals.len() > n && vals.first().is_some_and(|v| v.text.is_empty()) {
            vals.remove(0);
        }
        if hit.loose && vals.len() != n {
            return Err(format!(
                "{} values for {n} columns, and blank cells cannot be told apart",
                vals.len()
            ));
        }
        if vals.len() > n {
            return Err(format!("{} values for {n} columns", vals.len()));
        }
        let mut out: Vec<Option<ValueCell>> = vals.into_iter().map(Some).collect();
        if out.len() < n {
            // Fields missing at the end of a line: blank cells.
            out.resize(n, None);
        }
        return Ok(out);
    }
    if vals.len() == n {
        return Ok(vals.into_iter().map(Some).collect());
    }
    // Text positions are character columns: they line up only in a text
    // laid out in columns (a `pdftotext -layout` dump, values two or more
    // spaces apart). A short row of text run together with single spaces
    // is never placed by them.
    let spread = vals.windows(2).all(|w| match (w[0].bbox, w[1].bbox) {
        (Some(a), Some(b)) => b.x0 - a.x1 >= 2.0,
        _ => false,
    });
    if !positioned && !spread {
        return Err(format!(
            "{} values for {n} columns, and which columns they stand in is not certain",
            vals.len()
        ));
    }
    let page = vals.first().map_or(0, |v| v.page_index);
    let Some(cs) = centers.0.get(&page).or(centers.1.as_ref()) else {
        return Err(format!(
            "{} values for {n} columns and no complete row to learn the columns from",
            vals.len()
        ));
    };
    let mut out: Vec<Option<ValueCell>> = vec![None; n];
    let gap = cs
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(f32::INFINITY, f32::min);
    for v in vals {
        let x = v.bbox.map_or(0.0, |b| b.center_x());
        let (j, d) = cs
            .iter()
            .enumerate()
            .map(|(j, c)| (j, (c - x).abs()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("n > 0");
        if d > gap / 2.0 || out[j].is_some() {
            return Err(format!("cannot place value {:?} at x={x:.1}", v.text));
        }
        out[j] = Some(v);
    }
    Ok(out)
}
