//! Runs of digits printed without separators, cut into cells only where
//! the report's own totals leave exactly one way.

use crate::template::cells::ValueCell;
use crate::template::glued;
use crate::template::rows::RowHit;
use crate::template::spec::{TableSpec, VersionSpec};

/// Cuts section 四's run of digits into its 15 cells when exactly one cut
/// makes each of the three rows add up to its 总计.
pub(crate) fn split_review_run(
    run: &str,
    t: &TableSpec,
    warnings: &mut Vec<String>,
) -> Option<Vec<String>> {
    let per_row = t.columns.len();
    let n = per_row * t.rows.len();
    let fits: Vec<Vec<String>> = glued::split_run(run, n)
        .into_iter()
        .filter(|cells| {
            let v: Vec<f64> = cells
                .iter()
                .map(|c| c.parse().unwrap_or(f64::NAN))
                .collect();
            v.chunks(per_row).all(|row| {
                let (parts, total) = row.split_at(per_row - 1);
                (parts.iter().sum::<f64>() - total[0]).abs() < 1e-6
            })
        })
        .collect();
    if fits.len() == 1 {
        warnings.push(format!(
            "review_litigation: cells printed without separators ({run:?}); cut where each row adds up to its 总计"
        ));
        fits.into_iter().next()
    } else {
        warnings.push(format!(
            "review_litigation: cells printed without separators ({run:?}); {} cuts fit the row totals, table left blank",
            fits.len()
        ));
        None
    }
}

/// Rows whose cells were printed as one run of digits: cut each run into the
/// table's columns. A cut is kept only when the report's own totals leave
/// exactly one: the row's 总计 for the 申请 table, then the column totals
/// (（七）总计 and the balance) across the ambiguous rows. Runs that stay
/// ambiguous are left blank, with a warning.
pub(crate) fn resolve_runs(hits: &mut [RowHit], vspec: &VersionSpec, warnings: &mut Vec<String>) {
    const MAX_COMBINATIONS: usize = 200_000;
    let mut options: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
    for (i, h) in hits.iter().enumerate() {
        let n = h.table.columns.len();
        if n < 2 || h.values.len() != 1 || !glued::is_run(&h.values[0].text) {
            continue;
        }
        let mut cands = glued::split_run(&h.values[0].text, n);
        if h.table.key == "applications" {
            cands.retain(|c| {
                let v: Vec<f64> = c.iter().map(|x| x.parse().unwrap_or(f64::NAN)).collect();
                (v[..n - 1].iter().sum::<f64>() - v[n - 1]).abs() < 1e-6
            });
        }
        options.push((i, cands));
    }
    if options.is_empty() {
        return;
    }
    let mut chosen: Vec<(usize, Option<Vec<String>>)> = Vec::new();
    let mut ambiguous: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
    for (i, cands) in options {
        match cands.len() {
            1 => chosen.push((i, cands.into_iter().next())),
            0 => chosen.push((i, None)),
            _ if hits[i].table.key == "applications" => ambiguous.push((i, cands)),
            _ => chosen.push((i, None)),
        }
    }
    // Column totals decide between the cuts of the ambiguous 申请 rows.
    if !ambiguous.is_empty() {
        let total: usize = ambiguous.iter().map(|(_, c)| c.len()).product();
        let mut fits: Vec<Vec<usize>> = Vec::new();
        if total <= MAX_COMBINATIONS {
            let known: std::collections::HashMap<String, Vec<f64>> = hits
                .iter()
                .enumerate()
                .filter(|(_, h)| h.table.key == "applications")
                .filter_map(|(i, h)| {
                    let cells = chosen
                        .iter()
                        .find(|(j, _)| *j == i)
                        .map(|(_, c)| c.clone())
                        .unwrap_or_else(|| {
                            Some(h.values.iter().map(|v| v.text.clone()).collect())
                        })?;
                    let v: Vec<f64> = cells
                        .iter()
                        .map(|x| x.parse().unwrap_or(f64::NAN))
                        .collect();
                    Some((h.row_key.clone(), v))
                })
                .collect();
            let result_rows: Vec<&str> = vspec
                .table("applications")
                .map(|t| {
                    t.rows
                        .iter()
                        .map(|r| r.key.as_str())
                        .filter(|k| {
                            !matches!(
                                *k,
                                "new_received"
                                    | "carried_over"
                                    | "results_total"
                                    | "carried_forward"
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let mut pick = vec![0usize; ambiguous.len()];
            loop {
                let mut rows = known.clone();
                for (k, (i, cands)) in ambiguous.iter().enumerate() {
                    let v = cands[pick[k]]
                        .iter()
                        .map(|x| x.parse().unwrap_or(f64::NAN))
                        .collect();
                    rows.insert(hits[*i].row_key.clone(), v);
                }
                if columns_add_up(&rows, &result_rows) {
                    fits.push(pick.clone());
                }
                // Next combination.
                let mut k = 0;
                while k < pick.len() {
                    pick[k] += 1;
                    if pick[k] < ambiguous[k].1.len() {
                        break;
                    }
                    pick[k] = 0;
                    k += 1;
                }
                if k == pick.len() {
                    break;
                }
            }
        }
        if fits.len() == 1 {
            for (k, (i, cands)) in ambiguous.iter().enumerate() {
                chosen.push((*i, Some(cands[fits[0][k]].clone())));
            }
        } else {
            for (i, _) in &ambiguous {
                chosen.push((*i, None));
            }
        }
    }
    chosen.sort_by_key(|(i, _)| *i);
    for (i, cells) in chosen {
        let h = &mut hits[i];
        let run = h.values[0].clone();
        match cells {
            Some(cells) => {
                warnings.push(format!(
                    "{}.{}: cells printed without separators ({:?}); cut as {} (the only cut the report's totals allow)",
                    h.table.key,
                    h.row_key,
                    run.text,
                    cells.join("|")
                ));
                h.values = cells
                    .into_iter()
                    .map(|c| ValueCell {
                        text: c,
                        ..run.clone()
                    })
                    .collect();
            }
            None => {
                warnings.push(format!(
                    "{}.{}: cells printed without separators ({:?}) can be cut in several ways; row left blank",
                    h.table.key, h.row_key, run.text
                ));
                h.values = vec![
                    ValueCell {
                        text: String::new(),
                        ..run.clone()
                    };
                    h.table.columns.len()
                ];
            }
        }
    }
}

/// True when every column of the 申请 table whose operands are all known
/// closes: （七）总计 equals the result rows, and 新收 + 结转 equals 总计 +
/// 结转下年度.
pub(crate) fn columns_add_up(
    rows: &std::collections::HashMap<String, Vec<f64>>,
    result_rows: &[&str],
) -> bool {
    let n = rows.values().map(Vec::len).max().unwrap_or(0);
    for c in 0..n {
        let get = |k: &str| rows.get(k).and_then(|v| v.get(c)).copied();
        if let Some(total) = get("results_total") {
            let parts: Option<f64> = result_rows
                .iter()
                .filter(|k| rows.contains_key(**k))
                .map(|k| get(k))
                .sum();
            if let Some(p) = parts {
                if (p - total).abs() > 1e-6 {
                    return false;
                }
            }
        }
        if let (Some(a), Some(b), Some(t), Some(f)) = (
            get("new_received"),
            get("carried_over"),
            get("results_total"),
            get("carried_forward"),
        ) {
            if (a + b - t - f).abs() > 1e-6 {
                return false;
            }
        }
    }
    true
}
