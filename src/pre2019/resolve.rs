//! Which reading of each row's figures the report makes certain.
//!
//! A row printed with separators has one reading. A run of digits holding
//! several cells ("条346085376" under 本年度 | 历年累计) has one reading per
//! way to cut it; [`super::table`] already dropped those the row itself
//! rules out (a leading zero, a fraction of a count, 历年累计 below
//! 本年度). What is left is decided only by what the report itself says:
//!
//! - an item under 其中 (or numbered inside its total) is at most its total,
//!   in each column (same unit only);
//! - the items of a total whose parts the spec marks exhaustive (request
//!   channels, reply kinds) add up to it;
//! - a figure the prose states for the row's indicator, when one of the
//!   cuts gives exactly that figure.
//!
//! A row keeps a reading only when every combination of the rows' readings
//! that satisfies these gives it the same one; otherwise its figures are
//! left blank with a warning.

use std::collections::{BTreeMap, BTreeSet};

/// A row's readings: one value per figure column.
pub(crate) type Reading = Vec<Option<f64>>;

/// What the report's arithmetic says about two or more rows.
#[derive(Debug, Clone)]
pub(crate) enum Constraint {
    /// `item <= total` in every column where both are known.
    AtMost {
        /// The item row.
        item: usize,
        /// The total row.
        total: usize,
    },
    /// `total == sum(items)` in every column where all are known.
    Sum {
        /// The total row.
        total: usize,
        /// The item rows.
        items: Vec<usize>,
    },
}

impl Constraint {
    fn rows(&self) -> Vec<usize> {
        match self {
            Constraint::AtMost { item, total } => vec![*item, *total],
            Constraint::Sum { total, items } => {
                let mut v = items.clone();
                v.push(*total);
                v
            }
        }
    }

    fn holds(&self, get: &dyn Fn(usize) -> Option<Reading>, columns: usize) -> bool {
        for c in 0..columns {
            let v = |r: usize| get(r).and_then(|x| x.get(c).copied().flatten());
            match self {
                Constraint::AtMost { item, total } => {
                    if let (Some(i), Some(t)) = (v(*item), v(*total)) {
                        if i > t + 1e-9 {
                            return false;
                        }
                    }
                }
                Constraint::Sum { total, items } => {
                    let parts: Option<f64> = items.iter().map(|r| v(*r)).sum();
                    if let (Some(p), Some(t)) = (parts, v(*total)) {
                        if (p - t).abs() > 1e-6 {
                            return false;
                        }
                    }
                }
            }
        }
        true
    }
}

/// The outcome for one row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// One reading, as printed.
    Certain(Reading),
    /// One reading, chosen among the cuts by the report's arithmetic (and
    /// by a prose figure when `by_prose`).
    Decided {
        /// The reading.
        reading: Reading,
        /// How many cuts there were.
        cuts: usize,
        /// A prose figure chose among them.
        by_prose: bool,
    },
    /// No certain reading.
    Blank(String),
}

/// Most combinations tried for one group of linked rows.
const MAX_COMBINATIONS: usize = 200_000;

/// Decides every row. `readings[r]` are the row's readings (`Err` when it
/// has none); `prose[r]` a figure (column, value) the prose states for the
/// row; `columns` the number of figure columns.
pub(crate) fn resolve(
    readings: &[Result<Vec<Reading>, String>],
    prose: &BTreeMap<usize, Vec<(usize, f64)>>,
    constraints: &[Constraint],
    columns: usize,
) -> Vec<Outcome> {
    let n = readings.len();
    let mut cands: Vec<Option<Vec<Reading>>> = readings.iter().map(|r| r.clone().ok()).collect();
    let mut by_prose = vec![false; n];
    // A prose figure picks among the cuts that give it.
    for (r, figures) in prose {
        let Some(Some(list)) = cands.get_mut(*r) else {
            continue;
        };
        if list.len() < 2 {
            continue;
        }
        let kept: Vec<Reading> = list
            .iter()
            .filter(|rd| {
                figures.iter().all(|(c, v)| {
                    rd.get(*c)
                        .copied()
                        .flatten()
                        .is_some_and(|x| (x - v).abs() < 1e-9)
                })
            })
            .cloned()
            .collect();
        if !kept.is_empty() && kept.len() < list.len() {
            *list = kept;
            by_prose[*r] = true;
        }
    }
    let original: Vec<usize> = readings
        .iter()
        .map(|r| r.as_ref().map_or(0, Vec::len))
        .collect();
    let ambiguous: Vec<usize> = (0..n)
        .filter(|&r| cands[r].as_ref().is_some_and(|c| c.len() > 1))
        .collect();
    let fixed = |r: usize, cands: &[Option<Vec<Reading>>]| -> Option<Reading> {
        match &cands[r] {
            Some(c) if c.len() == 1 => Some(c[0].clone()),
            _ => None,
        }
    };
    // Groups of ambiguous rows linked by constraints.
    let mut group_of: BTreeMap<usize, usize> = BTreeMap::new();
    let mut groups: Vec<BTreeSet<usize>> = Vec::new();
    for &r in &ambiguous {
        let g = groups.len();
        groups.push(BTreeSet::from([r]));
        group_of.insert(r, g);
    }
    for c in constraints {
        let rows: Vec<usize> = c
            .rows()
            .into_iter()
            .filter(|r| group_of.contains_key(r))
            .collect();
        for w in rows.windows(2) {
            let (a, b) = (group_of[&w[0]], group_of[&w[1]]);
            if a != b {
                let moved = std::mem::take(&mut groups[b]);
                for r in &moved {
                    group_of.insert(*r, a);
                }
                groups[a].extend(moved);
            }
        }
    }
    let mut decided: BTreeMap<usize, Result<Reading, String>> = BTreeMap::new();
    for g in groups.iter().filter(|g| !g.is_empty()) {
        let rows: Vec<usize> = g.iter().copied().collect();
        let touching: Vec<&Constraint> = constraints
            .iter()
            .filter(|c| c.rows().iter().any(|r| g.contains(r)))
            .collect();
        if touching.is_empty() {
            for &r in &rows {
                decided.insert(
                    r,
                    Err(format!(
                        "{} ways to cut the figures, and nothing in the table tells them apart",
                        cands[r].as_ref().map_or(0, Vec::len)
                    )),
                );
            }
            continue;
        }
        let sizes: Vec<usize> = rows
            .iter()
            .map(|r| cands[*r].as_ref().map_or(1, Vec::len))
            .collect();
        let total = sizes
            .iter()
            .try_fold(1usize, |acc, s| acc.checked_mul(*s))
            .unwrap_or(usize::MAX);
        if total > MAX_COMBINATIONS {
            for &r in &rows {
                decided.insert(
                    r,
                    Err(format!(
                        "too many ways to cut the figures of linked rows ({total}); not tried"
                    )),
                );
            }
            continue;
        }
        let mut seen: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); rows.len()];
        let mut pick = vec![0usize; rows.len()];
        let mut any = false;
        loop {
            let get = |r: usize| -> Option<Reading> {
                match rows.iter().position(|x| *x == r) {
                    Some(k) => cands[r].as_ref().map(|c| c[pick[k]].clone()),
                    None => fixed(r, &cands),
                }
            };
            if touching.iter().all(|c| c.holds(&get, columns)) {
                any = true;
                for (k, p) in pick.iter().enumerate() {
                    seen[k].insert(*p);
                }
            }
            let mut k = 0;
            while k < pick.len() {
                pick[k] += 1;
                if pick[k] < sizes[k] {
                    break;
                }
                pick[k] = 0;
                k += 1;
            }
            if k == pick.len() {
                break;
            }
        }
        for (k, &r) in rows.iter().enumerate() {
            let list = cands[r].as_ref().expect("ambiguous rows have readings");
            let outcome = if !any {
                Err(format!(
                    "{} ways to cut the figures and none makes the table's own sums hold",
                    list.len()
                ))
            } else if seen[k].len() == 1 {
                let only = *seen[k].iter().next().expect("one");
                Ok(list[only].clone())
            } else {
                Err(format!(
                    "{} ways to cut the figures fit the table's own sums",
                    seen[k].len()
                ))
            };
            decided.insert(r, outcome);
        }
    }
    (0..n)
        .map(|r| match &readings[r] {
            Err(why) => Outcome::Blank(why.clone()),
            Ok(list) if list.len() == 1 => Outcome::Certain(list[0].clone()),
            Ok(_) => match (&cands[r], decided.get(&r)) {
                (Some(c), _) if c.len() == 1 => Outcome::Decided {
                    reading: c[0].clone(),
                    cuts: original[r],
                    by_prose: by_prose[r],
                },
                (_, Some(Ok(reading))) => Outcome::Decided {
                    reading: reading.clone(),
                    cuts: original[r],
                    by_prose: by_prose[r],
                },
                (_, Some(Err(why))) => Outcome::Blank(why.clone()),
                _ => Outcome::Blank("no reading".into()),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(v: &[(f64, f64)]) -> Result<Vec<Reading>, String> {
        Ok(v.iter().map(|(a, b)| vec![Some(*a), Some(*b)]).collect())
    }

    #[test]
    fn an_item_at_most_its_total_decides() {
        let cuts = [(3.0, 46085376.0), (34.0, 6085376.0), (3460.0, 85376.0)];
        let readings = vec![r(&cuts), r(&cuts), r(&[(0.0, 0.0)])];
        let items = [
            Constraint::AtMost { item: 1, total: 0 },
            Constraint::AtMost { item: 2, total: 0 },
        ];
        // Nothing but the items: still three ways.
        let out = resolve(&readings, &BTreeMap::new(), &items, 2);
        assert!(matches!(out[0], Outcome::Blank(_)), "{out:?}");
        // The prose states 3460 for the total: the item follows.
        let prose = BTreeMap::from([(0usize, vec![(0usize, 3460.0)])]);
        let out = resolve(&readings, &prose, &items, 2);
        let want = vec![Some(3460.0), Some(85376.0)];
        assert!(
            matches!(&out[0], Outcome::Decided { reading, by_prose: true, .. } if *reading == want)
        );
        assert!(
            matches!(&out[1], Outcome::Decided { reading, by_prose: false, .. } if *reading == want)
        );
        assert_eq!(out[2], Outcome::Certain(vec![Some(0.0), Some(0.0)]));
    }

    #[test]
    fn sums_decide_or_leave_blank() {
        // total 1|12 or 11|2? items 0|5 and 1|7 (printed apart).
        let readings = vec![
            r(&[(1.0, 12.0), (11.0, 2.0)]),
            r(&[(0.0, 5.0)]),
            r(&[(1.0, 7.0)]),
        ];
        let sum = [Constraint::Sum {
            total: 0,
            items: vec![1, 2],
        }];
        let out = resolve(&readings, &BTreeMap::new(), &sum, 2);
        assert_eq!(
            out[0],
            Outcome::Decided {
                reading: vec![Some(1.0), Some(12.0)],
                cuts: 2,
                by_prose: false
            }
        );
        // Items that fit neither cut: blank, not a guess.
        let readings = vec![
            r(&[(1.0, 12.0), (11.0, 2.0)]),
            r(&[(0.0, 5.0)]),
            r(&[(3.0, 3.0)]),
        ];
        let out = resolve(&readings, &BTreeMap::new(), &sum, 2);
        assert!(matches!(out[0], Outcome::Blank(_)));
    }
}
