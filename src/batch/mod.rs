//! The batch path: many report files → one set of outputs
//! (`records.ndjson`, CSV files, `xxgk.sqlite`), in parallel, resumable and
//! deterministic. See `docs/batch.md` for the user's view.
//!
//! 1. [`inputs::expand`] turns files, folders and glob patterns into a
//!    sorted list; [`shard::Shard`] keeps one machine's share;
//! 2. a rayon pool runs [`run::process_file`] on each file (time limit,
//!    panics contained); every outcome is appended whole to the
//!    [`journal`] as soon as it is known;
//! 3. [`render::render`] writes the outputs from the journal, sorted by
//!    path, with the cross-report (`series.*`) checks, and renames them into
//!    place. [`merge`] renders several shard folders' journals together.
//!
//! Nothing is lost: every input file ends as exactly one record or one
//! error row (an input naming no file gives an `io` error row).
//!
//! ```no_run
//! use xxgk::batch::{run, BatchOptions};
//! let opts = BatchOptions::new("out".into());
//! let summary = run(&["reports/".to_string()], &opts)?;
//! eprintln!("{summary}");
//! # Ok::<(), std::io::Error>(())
//! ```

pub mod inputs;
pub mod journal;
pub mod render;
pub mod run;
pub mod shard;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::output::{ErrorRow, Formats};
use crate::Settings;
use journal::{JournalWriter, JOURNAL};
use render::RenderSummary;
use run::{Extractor, Outcome};
use shard::Shard;

/// How to run a batch.
#[derive(Clone)]
pub struct BatchOptions {
    /// The output folder (created if missing). Its journal makes reruns resume.
    pub out_dir: PathBuf,
    /// Worker threads; `0` means one per core. The default is `0`.
    pub jobs: usize,
    /// Time limit per file. The default is 60 s.
    pub timeout: Duration,
    /// Outputs to write. The default is all.
    pub formats: Formats,
    /// Start CSV files with a UTF-8 byte-order mark. The default is `true`.
    pub bom: bool,
    /// Reprocess files already recorded. The default is `false`.
    pub force: bool,
    /// Process only this shard of the inputs. The default is all.
    pub shard: Option<Shard>,
    /// Draw a progress bar on stderr. The default is `false`.
    pub progress: bool,
    /// Extraction settings.
    pub settings: Settings,
    /// Replaces the extractor (for tests); `None` uses [`crate::extract_bytes`].
    pub extractor: Option<Extractor>,
}

impl BatchOptions {
    /// The defaults, writing to `out_dir`.
    pub fn new(out_dir: PathBuf) -> BatchOptions {
        BatchOptions {
            out_dir,
            jobs: 0,
            timeout: Duration::from_secs(60),
            formats: Formats::default(),
            bom: true,
            force: false,
            shard: None,
            progress: false,
            settings: Settings::default(),
            extractor: None,
        }
    }
}

/// What a batch run did.
#[derive(Debug, Clone, Default)]
pub struct BatchSummary {
    /// Input files (after expansion and sharding), missing inputs included.
    pub inputs: usize,
    /// Files processed in this run.
    pub processed: usize,
    /// Files skipped as already recorded.
    pub skipped: usize,
    /// Records made in this run.
    pub new_records: usize,
    /// Error rows made in this run.
    pub new_errors: usize,
    /// The outputs as rendered (the whole output folder).
    pub outputs: RenderSummary,
}

impl fmt::Display for BatchSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} input files: {} processed ({} records, {} refused), {} skipped as already recorded",
            self.inputs, self.processed, self.new_records, self.new_errors, self.skipped
        )?;
        write!(f, "{}", self.outputs)
    }
}

impl fmt::Display for RenderSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "outputs: {} records, {} files refused",
            self.records,
            self.errors()
        )?;
        for (reason, n) in &self.errors_by_reason {
            writeln!(f, "  refused, {reason}: {n}")?;
        }
        if self.failing_by_rule.is_empty() {
            writeln!(f, "reports failing checks: none")?;
        } else {
            writeln!(f, "reports failing checks, by rule:")?;
            for (rule, n) in &self.failing_by_rule {
                writeln!(f, "  {rule}: {n}")?;
            }
        }
        Ok(())
    }
}

fn progress_bar(total: usize, show: bool) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:30} {pos}/{len} files  {per_sec}  ETA {eta}  {msg}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Runs a batch over `inputs` (files, folders, glob patterns) into
/// `opts.out_dir`, then renders the outputs. Files recorded by an earlier run
/// into the same folder (same path and SHA-256) are skipped unless
/// `opts.force`.
pub fn run(inputs: &[String], opts: &BatchOptions) -> std::io::Result<BatchSummary> {
    std::fs::create_dir_all(&opts.out_dir)?;
    let journal_path = opts.out_dir.join(JOURNAL);
    let (done_entries, good_len) = journal::scan(&journal_path, 0)?;
    let done: HashSet<(String, String)> = if opts.force {
        HashSet::new()
    } else {
        done_entries
            .into_iter()
            .filter(|e| !e.sha256.is_empty())
            .map(|e| (e.path, e.sha256))
            .collect()
    };
    let mut writer = JournalWriter::open(&journal_path, good_len)?;

    let expanded = inputs::expand(inputs);
    let keep = |p: &String| opts.shard.is_none_or(|s| s.contains(p));
    let files: Vec<String> = expanded.files.into_iter().filter(keep).collect();
    let missing: Vec<String> = expanded.missing.into_iter().filter(keep).collect();

    let mut summary = BatchSummary {
        inputs: files.len() + missing.len(),
        ..BatchSummary::default()
    };
    for m in &missing {
        let row = ErrorRow {
            path: m.clone(),
            sha256: String::new(),
            reason: "io".into(),
            message: "cannot read file: no such file, folder or matching pattern".into(),
        };
        writer.append(&journal::error_line(&row))?;
        summary.processed += 1;
        summary.new_errors += 1;
    }

    let extractor = opts
        .extractor
        .clone()
        .unwrap_or_else(|| run::default_extractor(opts.settings.clone()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .thread_name(|i| format!("xxgk-batch-{i}"))
        .build()
        .map_err(std::io::Error::other)?;
    let bar = progress_bar(files.len(), opts.progress);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Outcome>(256);
    let timeout = opts.timeout;
    let mut write_result = Ok(());
    std::thread::scope(|scope| {
        let files = &files;
        let done = &done;
        let extractor = &extractor;
        scope.spawn(move || {
            pool.install(|| {
                files.par_iter().for_each_with(tx, |tx, path| {
                    let already = |sha: &str| done.contains(&(path.clone(), sha.to_string()));
                    let outcome = run::process_file(path, &already, extractor, timeout);
                    let _ = tx.send(outcome);
                });
            });
        });
        for outcome in rx {
            let line = match outcome {
                Outcome::Skipped => {
                    summary.skipped += 1;
                    None
                }
                Outcome::Record { json } => {
                    summary.processed += 1;
                    summary.new_records += 1;
                    Some(json)
                }
                Outcome::Error(row) => {
                    summary.processed += 1;
                    summary.new_errors += 1;
                    Some(journal::error_line(&row))
                }
            };
            if let Some(line) = line {
                if write_result.is_ok() {
                    write_result = writer.append(&line);
                }
            }
            bar.inc(1);
            if summary.new_errors > 0 {
                bar.set_message(format!("failures: {}", summary.new_errors));
            }
        }
    });
    bar.finish_and_clear();
    write_result?;
    drop(writer);
    summary.outputs = render::render(&[journal_path], &opts.out_dir, opts.formats, opts.bom)?;
    Ok(summary)
}

/// Combines shard folders (each the output folder of `xxgk batch --shard`)
/// into one set of outputs in `out_dir`, with the cross-report checks
/// evaluated over all shards. The result is the same as one batch over all
/// the files.
pub fn merge(
    shard_dirs: &[PathBuf],
    out_dir: &Path,
    formats: Formats,
    bom: bool,
) -> std::io::Result<RenderSummary> {
    std::fs::create_dir_all(out_dir)?;
    let mut journals = Vec::new();
    for d in shard_dirs {
        let j = d.join(JOURNAL);
        if !j.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{}: no {JOURNAL} (not a batch output folder)", d.display()),
            ));
        }
        journals.push(j);
    }
    render::render(&journals, out_dir, formats, bom)
}
