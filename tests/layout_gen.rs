//! Generated reports: positioned layouts built from seeds, read back through
//! `document_from_pages` and `build_record`, and compared with the
//! generator's own truth.
//!
//! Each seed draws a combination of real traits (template and year, title
//! wrapping, ruling, zero styles and blank cells, table 四's shape, table 三
//! across pages, vertical group labels, wrapped labels, landscape pages,
//! thousands separators, amounts in 元, typos, page numbers, …; see
//! `layout_gen/traits.rs`) and builds the pages directly as glyphs and rules.
//!
//! Pass criterion per report: every truth cell is right, or null with a
//! warning naming its table/row (or the table); a number that differs from
//! the printed one always fails; no row the report does not print; title,
//! agency, year, template (and the hybrid flag) right.
//!
//! Tests:
//! - `generated_reports_in_forms_read_today` (always run): the traits the
//!   library reads completely today ([`PASSING_EXCLUDES`] leaves the others
//!   out), `XXGK_GEN_PASSING_SEEDS` seeds (default 300).
//! - `generated_reports_all_traits` (ignored until the library reads every
//!   trait): every trait, `XXGK_GEN_SEEDS` seeds (default 500); prints each
//!   failing seed with its traits and differences, the per-trait table and
//!   the most frequent failure kinds:
//!   `cargo test --release --test layout_gen -- --ignored --nocapture`
//! - `dump_one_seed` (ignored): one report's traits, its lines as the
//!   library reads them, its warnings and differences:
//!   `XXGK_GEN_SEED=17 cargo test --release --test layout_gen dump_one_seed -- --ignored --nocapture`
//! - `generator_is_deterministic_and_sound`: same seed, same pages; the
//!   truth adds up and follows the value conventions; glyphs stay on the
//!   page, do not overlap and are not crossed by rules.
//!
//! Environment: `XXGK_GEN_SEEDS`, `XXGK_GEN_PASSING_SEEDS` (seed counts;
//! seeds are 1..=n), `XXGK_GEN_PROFILE` (`full` or `passing`),
//! `XXGK_GEN_EXCLUDE` (comma-separated `dimension=value`s to leave out, as
//! printed in the per-trait table), `XXGK_GEN_VERBOSE=1` (every difference
//! of every failing seed), `XXGK_GEN_JSON=DIR` (`dump_one_seed` writes the
//! pages as JSON).

#[path = "layout_gen/compare.rs"]
mod compare;
#[path = "layout_gen/compose.rs"]
mod compose;
#[path = "layout_gen/content.rs"]
mod content;
#[path = "layout_gen/forms.rs"]
mod forms;
#[path = "layout_gen/page.rs"]
mod page;
#[path = "layout_gen/rng.rs"]
mod rng;
#[path = "layout_gen/table.rs"]
mod table;
#[path = "layout_gen/traits.rs"]
mod traits;

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::Value;

use compare::{compare, Kind, Outcome, Tally};
use compose::{generate, Generated};
use traits::Profile;

/// Placeholder bytes: `build_record` only looks for `%%EOF` in a PDF.
const BYTES: &[u8] = b"%PDF-1.7\n% generated layout, no PDF bytes\n%%EOF\n";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// The fixed seed list: 1..=n.
fn seeds(n: usize) -> Vec<u64> {
    (1..=n as u64).collect()
}

fn document(gen: &Generated) -> xxgk::Result<xxgk::ingest::Document> {
    xxgk::ingest::pdf::document_from_pages(gen.pages.clone(), &xxgk::Settings::default())
}

fn extract(gen: &Generated) -> Result<Value, String> {
    let doc = document(gen).map_err(|e| format!("document_from_pages: {e}"))?;
    let name = format!("generated-{}.pdf", gen.seed);
    let record = xxgk::build_record(&name, BYTES, &doc).map_err(|e| e.to_string())?;
    serde_json::to_value(&record).map_err(|e| e.to_string())
}

fn run_one(gen: &Generated) -> Outcome {
    match extract(gen) {
        Ok(rec) => compare(gen, &rec),
        Err(e) => Outcome {
            error: Some(e),
            ..Outcome::default()
        },
    }
}

/// Results over a seed list.
struct Run {
    profile: &'static str,
    outcomes: Vec<(Generated, Outcome)>,
    seconds: f64,
}

fn run(profile: &Profile, seeds: &[u64]) -> Run {
    let start = Instant::now();
    let outcomes = seeds
        .iter()
        .map(|&seed| {
            let gen = generate(seed, profile);
            let o = run_one(&gen);
            (gen, o)
        })
        .collect();
    Run {
        profile: profile.name,
        outcomes,
        seconds: start.elapsed().as_secs_f64(),
    }
}

impl Run {
    fn failures(&self) -> Vec<&(Generated, Outcome)> {
        self.outcomes.iter().filter(|(_, o)| !o.passed()).collect()
    }

    /// Per failing seed: its traits and its differences (at most
    /// `max_diffs` each).
    fn failure_report(&self, max_diffs: usize) -> String {
        let mut s = String::new();
        for (g, o) in self.failures() {
            s.push_str(&format!(
                "seed {} (profile {}): {}\n",
                g.seed,
                self.profile,
                g.traits.describe()
            ));
            let mut lines: Vec<String> = Vec::new();
            if let Some(e) = &o.error {
                lines.push(format!("no record: {e}"));
            }
            lines.extend(o.meta.iter().cloned());
            lines.extend(o.unexpected.iter().map(|u| format!("unexpected row {u}")));
            lines.extend(
                o.diffs
                    .iter()
                    .filter(|d| d.kind != Kind::NullWarned)
                    .map(|d| d.to_string()),
            );
            let n = lines.len();
            for l in lines.iter().take(max_diffs) {
                s.push_str("    ");
                s.push_str(l);
                s.push('\n');
            }
            if n > max_diffs {
                s.push_str(&format!("    … and {} more\n", n - max_diffs));
            }
        }
        s
    }

    fn totals(&self) -> Tally {
        let mut t = Tally::default();
        for (_, o) in &self.outcomes {
            t.add(o);
        }
        t
    }

    /// The per-trait table: one line per `dimension=value`.
    fn trait_table(&self) -> String {
        let mut by: BTreeMap<(String, String), Tally> = BTreeMap::new();
        for (g, o) in &self.outcomes {
            let labels = g
                .traits
                .labels()
                .into_iter()
                .chain(g.observed.iter().copied());
            for (d, v) in labels {
                by.entry((d.to_string(), v.to_string())).or_default().add(o);
            }
        }
        let mut s = String::new();
        s.push_str(&Tally::header());
        s.push('\n');
        s.push_str(&self.totals().row("ALL"));
        s.push('\n');
        let mut last = String::new();
        for ((d, v), t) in &by {
            if *d != last {
                s.push('\n');
                last = d.clone();
            }
            s.push_str(&t.row(&format!("{d}={v}")));
            s.push('\n');
        }
        s
    }

    /// Failure kinds by the number of reports they occur in, with the first
    /// seed showing each.
    /// Failure kinds by the number of reports they occur in, with the first
    /// seed showing each and the traits over-represented among those
    /// reports (share within the kind ≥ 60% and at least 1.5 times the
    /// share over all reports).
    fn failure_kinds(&self, top: usize, warned: bool) -> String {
        let mut kinds: BTreeMap<String, Vec<&Generated>> = BTreeMap::new();
        for (g, o) in &self.outcomes {
            let ks = if warned {
                o.warned_kinds()
            } else {
                o.failure_kinds()
            };
            for k in ks {
                kinds.entry(k).or_default().push(g);
            }
        }
        let all_labels = |g: &Generated| -> Vec<String> {
            g.traits
                .labels()
                .into_iter()
                .chain(g.observed.iter().copied())
                .map(|(d, v)| format!("{d}={v}"))
                .collect()
        };
        let mut overall: BTreeMap<String, usize> = BTreeMap::new();
        for (g, _) in &self.outcomes {
            for l in all_labels(g) {
                *overall.entry(l).or_default() += 1;
            }
        }
        let total = self.outcomes.len() as f64;
        let mut v: Vec<(String, Vec<&Generated>)> = kinds.into_iter().collect();
        v.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        let mut s = String::new();
        for (k, gens) in v.into_iter().take(top) {
            let n = gens.len();
            let mut within: BTreeMap<String, usize> = BTreeMap::new();
            for g in &gens {
                for l in all_labels(g) {
                    *within.entry(l).or_default() += 1;
                }
            }
            let mut marked: Vec<(f64, String)> = within
                .into_iter()
                .filter_map(|(l, c)| {
                    let share = c as f64 / n as f64;
                    let base = overall[&l] as f64 / total;
                    (share >= 0.6 && share >= 1.5 * base)
                        .then(|| (share / base, format!("{l} {c}/{}", overall[&l])))
                })
                .collect();
            marked.sort_by(|a, b| b.0.total_cmp(&a.0));
            let traits: Vec<String> = marked.into_iter().take(3).map(|m| m.1).collect();
            s.push_str(&format!(
                "{n:>5} reports  {k}  (e.g. seed {}){}\n",
                gens[0].seed,
                if traits.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", traits.join(", "))
                }
            ));
        }
        s
    }

    fn summary(&self) -> String {
        let t = self.totals();
        format!(
            "profile {}: {} reports in {:.1}s, {} passed; cells: {} right, {} null with warning, {} null without warning, {} wrong numbers; {} reports with meta wrong, {} without a record, {} unexpected rows; {} reports with fewer than six sections found (not asserted)",
            self.profile,
            t.reports,
            self.seconds,
            t.passed,
            t.right,
            t.null_warned,
            t.null_silent,
            t.wrong,
            t.meta_failed,
            t.no_record,
            t.unexpected_rows,
            t.sections_short
        )
    }
}

/// The traits the library reads completely today. Widen it as the table
/// stage learns more (the ignored test shows what passes).
fn passing_profile() -> Profile {
    Profile::full().excluding("passing", PASSING_EXCLUDES)
}

/// What [`passing_profile`] leaves out: unruled and 三线表 tables, blank
/// zeros (an all-blank row or table goes missing), and table 三 broken
/// across pages (rows after the break are lost in some forms; landscape
/// pages are left out because table 三 rarely fits on one).
const PASSING_EXCLUDES: &[&str] = &[
    "ruling=unruled",
    "ruling=three-line",
    "zeros=blank",
    "t3-split=split",
    "t3-split=split-repeat-header",
    "table-pages=landscape",
];

/// `XXGK_GEN_PROFILE` (`full` or `passing`), minus the comma-separated
/// `dimension=value`s of `XXGK_GEN_EXCLUDE`.
fn profile_from_env(default: &str) -> Profile {
    let name = std::env::var("XXGK_GEN_PROFILE").unwrap_or_else(|_| default.to_string());
    let base = if name == "passing" {
        passing_profile()
    } else {
        Profile::full()
    };
    let excluded = std::env::var("XXGK_GEN_EXCLUDE").unwrap_or_default();
    let list: Vec<&str> = excluded
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    if list.is_empty() {
        base
    } else {
        let name = base.name;
        base.excluding(
            if name == "passing" {
                "passing-minus"
            } else {
                "full-minus"
            },
            &list,
        )
    }
}

#[test]
fn generated_reports_in_forms_read_today() {
    let run = run(
        &passing_profile(),
        &seeds(env_usize("XXGK_GEN_PASSING_SEEDS", 300)),
    );
    eprintln!("{}", run.summary());
    let failures = run.failures();
    assert!(
        failures.is_empty(),
        "{} of {} generated reports fail:\n{}\n{}",
        failures.len(),
        run.outcomes.len(),
        run.failure_report(12),
        run.trait_table()
    );
}

#[test]
#[ignore = "the library does not read every trait yet; run with --ignored --nocapture for the per-trait table"]
fn generated_reports_all_traits() {
    let run = run(
        &profile_from_env("full"),
        &seeds(env_usize("XXGK_GEN_SEEDS", 500)),
    );
    let verbose = env_usize("XXGK_GEN_VERBOSE", 0) > 0;
    println!(
        "{}",
        run.failure_report(if verbose { usize::MAX } else { 8 })
    );
    println!("{}\n", run.summary());
    println!("{}", run.trait_table());
    println!(
        "most frequent failure kinds:\n{}",
        run.failure_kinds(20, false)
    );
    println!(
        "cells null with a warning (accepted):\n{}",
        run.failure_kinds(10, true)
    );
    let failures = run.failures().len();
    assert_eq!(failures, 0, "{failures} generated reports fail; see above");
}

#[test]
#[ignore = "debugging aid: XXGK_GEN_SEED=N [XXGK_GEN_PROFILE=passing]"]
fn dump_one_seed() {
    let seed = env_usize("XXGK_GEN_SEED", 1) as u64;
    let profile = profile_from_env("full");
    let gen = generate(seed, &profile);
    println!(
        "seed {seed} (profile {}): {}",
        profile.name,
        gen.traits.describe()
    );
    println!("observed: {:?}", gen.observed);
    println!(
        "title {:?}, agency {:?}",
        gen.report.title, gen.report.agency
    );
    match document(&gen) {
        Ok(doc) => {
            let mut page = usize::MAX;
            for l in &doc.lines {
                if l.page_index != page {
                    page = l.page_index;
                    let p = &gen.pages[page];
                    println!("---- page {} ({}x{})", page + 1, p.width_pt, p.height_pt);
                }
                println!(
                    "{}{}",
                    if l.furniture { "[furniture] " } else { "" },
                    l.text()
                );
            }
            let mut with_tables = doc.clone();
            with_tables.tables = xxgk::document_tables(&doc, &xxgk::Settings::default());
            println!("\ntables:\n{}", xxgk::debug::tables_text(&with_tables));
        }
        Err(e) => println!("document_from_pages: {e}"),
    }
    let o = run_one(&gen);
    println!("\nwarnings:");
    for w in &o.warnings {
        println!("  {w}");
    }
    println!("\nsections found: {}", o.sections);
    for m in &o.meta {
        println!("META {m}");
    }
    for u in &o.unexpected {
        println!("UNEXPECTED {u}");
    }
    for d in &o.diffs {
        println!("{d}");
    }
    println!("passed: {}", o.passed());
    if let Ok(dir) = std::env::var("XXGK_GEN_JSON") {
        let json = serde_json::to_string(&gen.pages).unwrap();
        let path = std::path::Path::new(&dir).join(format!("generated-{seed}.pages.json"));
        std::fs::write(&path, json).unwrap();
        println!("pages written to {}", path.display());
    }
}

/// The generator itself: same seed, same pages; the truth adds up; glyphs
/// stay on the page and do not overlap.
#[test]
fn generator_is_deterministic_and_sound() {
    let profile = Profile::full();
    for seed in seeds(60) {
        let a = generate(seed, &profile);
        let b = generate(seed, &profile);
        assert_eq!(
            serde_json::to_string(&a.pages).unwrap(),
            serde_json::to_string(&b.pages).unwrap(),
            "seed {seed}: not deterministic"
        );
        check_truth(&a);
        check_layout(&a);
    }
}

fn check_truth(g: &Generated) {
    let r = &g.report;
    let v = |p: &content::Printed| p.truth.unwrap_or(0.0);
    let apps = &r.applications;
    let n = apps.columns.len();
    for row in &apps.rows {
        let parts: f64 = row.cells[..n - 1].iter().map(v).sum();
        assert_eq!(
            parts,
            v(&row.cells[n - 1]),
            "seed {}: {} total",
            g.seed,
            row.key
        );
    }
    for c in 0..n {
        let sum = |keys: &[&str]| -> f64 { keys.iter().map(|k| v(&apps.row(k).cells[c])).sum() };
        let results: f64 = apps
            .rows
            .iter()
            .filter(|x| x.group.is_some() && x.key != "results_total")
            .map(|x| v(&x.cells[c]))
            .sum();
        assert_eq!(results, sum(&["results_total"]), "seed {}", g.seed);
        assert_eq!(
            sum(&["new_received", "carried_over"]),
            sum(&["results_total", "carried_forward"]),
            "seed {}: balance",
            g.seed
        );
    }
    for row in &r.review.rows {
        let parts: f64 = row.cells[..4].iter().map(v).sum();
        assert_eq!(parts, v(&row.cells[4]), "seed {}", g.seed);
    }
    // Printed text and truth agree under the spec's value conventions.
    for c in r.truth_cells() {
        let t = c.printed.as_str();
        let expect = match t {
            "" => None,
            "-" | "/" | "—" => Some(0.0),
            _ => {
                let yuan = t.ends_with('元') && !t.ends_with("万元");
                let digits: String = t
                    .trim_end_matches("万元")
                    .trim_end_matches('元')
                    .chars()
                    .filter(|ch| *ch != ',')
                    .collect();
                let x: f64 = digits
                    .parse()
                    .unwrap_or_else(|_| panic!("seed {}: {t:?}", g.seed));
                Some(if yuan { x / 10000.0 } else { x })
            }
        };
        let same = match (expect, c.truth) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        };
        assert!(
            same,
            "seed {}: {}.{}.{} printed {t:?} truth {:?}",
            g.seed, c.table, c.row, c.column, c.truth
        );
    }
    assert_eq!(r.title_lines.concat(), r.title);
    assert!(r.title.contains(&r.agency) && r.title.contains(&r.year.to_string()));
}

fn check_layout(g: &Generated) {
    for p in &g.pages {
        for gl in &p.glyphs {
            let b = gl.bbox;
            assert!(
                b.x0 >= 0.0 && b.x1 <= p.width_pt && b.top >= 0.0 && b.bottom <= p.height_pt,
                "seed {}: glyph {:?} off page {}",
                g.seed,
                gl.text,
                p.page_index
            );
        }
        // No two glyphs overlap (text overflowing a cell would).
        let mut gs: Vec<&xxgk::layout::Glyph> = p.glyphs.iter().collect();
        gs.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        for (i, a) in gs.iter().enumerate() {
            for b in &gs[i + 1..] {
                if b.bbox.x0 >= a.bbox.x1 - 0.5 {
                    break;
                }
                let ox = a.bbox.x1.min(b.bbox.x1) - a.bbox.x0.max(b.bbox.x0);
                let oy = a.bbox.bottom.min(b.bbox.bottom) - a.bbox.top.max(b.bbox.top);
                assert!(
                    ox <= 0.5 || oy <= 0.5,
                    "seed {}: glyphs {:?} and {:?} overlap on page {}",
                    g.seed,
                    a.text,
                    b.text,
                    p.page_index + 1
                );
            }
        }
        // No rule crosses a glyph (text running over a cell border).
        for r in &p.rules {
            let vertical = r.bbox.width() < r.bbox.height();
            for gl in &p.glyphs {
                let b = gl.bbox;
                let crosses = if vertical {
                    let x = r.bbox.center_x();
                    x > b.x0 + 0.5
                        && x < b.x1 - 0.5
                        && r.bbox.top < b.bottom - 0.5
                        && r.bbox.bottom > b.top + 0.5
                } else {
                    let y = r.bbox.center_y();
                    y > b.top + 0.5
                        && y < b.bottom - 0.5
                        && r.bbox.x0 < b.x1 - 0.5
                        && r.bbox.x1 > b.x0 + 0.5
                };
                assert!(
                    !crosses,
                    "seed {}: a rule crosses glyph {:?} on page {}",
                    g.seed,
                    gl.text,
                    p.page_index + 1
                );
            }
        }
    }
}
