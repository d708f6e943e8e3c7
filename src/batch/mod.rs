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
//! error row. An input naming nothing (no such file or folder, a pattern
//! matching no file) stops the batch before it starts
//! ([`inputs::MissingInputs`]).
//!
//! ```no_run
//! use xxgk::batch::{run, BatchOptions};
//! let opts = BatchOptions::new("out".into());
//! let summary = run(&["reports/".to_string()], &opts)?;
//! eprintln!("{summary}");
//! # Ok::<(), std::io::Error>(())
//! ```

pub mod copies;
pub mod inputs;
pub mod journal;
pub mod overview;
pub mod render;
pub mod run;
pub mod shard;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use crate::output::Formats;
use crate::Settings;
use journal::{Entry, JournalWriter, JOURNAL};
use render::RenderSummary;
use run::{Extractor, Outcome};
use shard::Shard;

/// The audit folder inside a batch's output folder (`xxgk batch --audit`).
pub const AUDIT_DIR: &str = "audit";

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
    /// Also write the HTML audit into `out_dir/audit/` (see
    /// [`crate::audit`]). The default is `false`.
    pub audit: bool,
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
            audit: false,
        }
    }
}

/// What a batch run did.
#[derive(Debug, Clone, Default)]
pub struct BatchSummary {
    /// Input files (after expansion and sharding), unreadable folder entries included.
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
        writeln!(
            f,
            "series: {} agencies, {} pairs of consecutive years checked, {} missing years (gaps), {} copies set aside, {} reports with conflicting versions",
            self.agencies, self.pairs, self.gaps, self.copies, self.conflicting_reports
        )?;
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
        "{bar:30} {pos}/{len} files  {rate}  ETA {eta}  {msg}",
    ) {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.1} files/s", state.per_sec());
            },
        ));
    }
    bar
}

/// How many files may be finished ahead of the first unfinished one (per
/// worker); bounds the reorder buffer.
const WINDOW_PER_JOB: usize = 16;

/// A place in the sorted output: an entry of an earlier run that is not an
/// input this time, or input number `i`.
enum Slot {
    Old(Entry),
    New(usize),
}

/// Runs a batch over `inputs` (files, folders, glob patterns) into
/// `opts.out_dir`. Files recorded by an earlier run into the same folder
/// (same file, path, SHA-256 and xxgk version) are skipped unless
/// `opts.force`; the outputs cover every file recorded in the folder.
///
/// A file is named once whatever the spelling of its path (see
/// [`inputs::expand`]). When an input names nothing, the batch does not
/// start: the error is an `std::io::ErrorKind::NotFound` whose inner error
/// is an [`inputs::MissingInputs`] naming them.
///
/// Files are handed to the workers in path order and their outcomes put
/// back in order through a bounded reorder buffer, so the outputs are
/// rendered while the batch runs, in path order, whatever the number of
/// jobs. Each outcome is also appended to the journal as soon as it is
/// known, so an interrupted run loses nothing done.
pub fn run(inputs: &[String], opts: &BatchOptions) -> std::io::Result<BatchSummary> {
    let expanded = inputs::expand(inputs);
    if !expanded.missing.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            inputs::MissingInputs {
                inputs: expanded.missing,
            },
        ));
    }
    let cwd = inputs::current_dir();
    let cwd = cwd.as_deref();
    std::fs::create_dir_all(&opts.out_dir)?;
    let journal_path = opts.out_dir.join(JOURNAL);
    let (mut old_entries, good_len) = journal::scan(&journal_path, 0)?;
    for e in old_entries.iter_mut().filter(|e| e.version.is_none()) {
        // a journal of an older version: its paths as they were given
        e.id = inputs::file_id(&inputs::display_path(Path::new(&e.path), cwd), cwd);
    }
    let old: HashMap<String, Entry> = render::latest(old_entries)
        .into_iter()
        .map(|e| (e.id.clone(), e))
        .collect();
    let mut writer = JournalWriter::open(&journal_path, good_len)?;
    let mut old_file = std::fs::File::open(&journal_path)?;

    let keep = |p: &String| opts.shard.is_none_or(|s| s.contains(p));
    let mut files: Vec<String> = expanded
        .files
        .into_iter()
        .chain(expanded.unreadable)
        .filter(keep)
        .collect();
    files.sort();
    files.dedup();
    // Never read our own outputs when DIR lies inside an input folder.
    if let Ok(out) = opts.out_dir.canonicalize() {
        files.retain(|f| {
            !Path::new(f)
                .canonicalize()
                .is_ok_and(|p| p.starts_with(&out))
        });
    }
    let ids: Vec<String> = files.iter().map(|f| inputs::file_id(f, cwd)).collect();
    // The SHA-256 of each input already recorded by this version under
    // the same path.
    let done: Vec<Option<&str>> = ids
        .iter()
        .zip(&files)
        .map(|(id, path)| {
            old.get(id)
                .filter(|e| {
                    !opts.force
                        && !e.sha256.is_empty()
                        && &e.path == path
                        && e.version.as_deref() == Some(journal::VERSION)
                })
                .map(|e| e.sha256.as_str())
        })
        .collect();

    // The output order: earlier entries not given again, and the inputs.
    let input_ids: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let input_paths: HashSet<&str> = files.iter().map(String::as_str).collect();
    let mut slots: Vec<(&str, Slot)> = old
        .values()
        .filter(|e| !input_ids.contains(e.id.as_str()) && !input_paths.contains(e.path.as_str()))
        .map(|e| (e.path.as_str(), Slot::Old(e.clone())))
        .chain(
            files
                .iter()
                .enumerate()
                .map(|(i, p)| (p.as_str(), Slot::New(i))),
        )
        .collect();
    slots.sort_by(|a, b| a.0.cmp(b.0));

    let mut summary = BatchSummary {
        inputs: files.len(),
        ..BatchSummary::default()
    };
    let audit_dir = opts.out_dir.join(AUDIT_DIR);
    let extractor = match opts.audit {
        true => crate::audit::batch_extractor(
            audit_dir.clone(),
            opts.settings.clone(),
            opts.extractor.clone(),
        ),
        false => opts
            .extractor
            .clone()
            .unwrap_or_else(|| run::default_extractor(opts.settings.clone())),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .thread_name(|i| format!("xxgk-batch-{i}"))
        .build()
        .map_err(std::io::Error::other)?;
    let threads = pool.current_num_threads();
    let window = WINDOW_PER_JOB * threads;
    let bar = progress_bar(files.len(), opts.progress);
    let mut renderer = render::Renderer::create(&opts.out_dir, opts.formats, opts.bom)?;
    if opts.audit {
        renderer = renderer.with_audit(audit_dir);
    }

    let next = AtomicUsize::new(0);
    let abort = AtomicBool::new(false);
    let consumed = (Mutex::new(0usize), Condvar::new());
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Outcome)>();
    let timeout = opts.timeout;
    let result = std::thread::scope(|scope| -> std::io::Result<()> {
        let (files, done, extractor) = (&files, &done, &extractor);
        let (next, abort, consumed) = (&next, &abort, &consumed);
        scope.spawn(move || {
            pool.scope(|s| {
                for _ in 0..threads {
                    let tx = tx.clone();
                    s.spawn(move |_| loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        if i >= files.len() {
                            break;
                        }
                        {
                            let (lock, cv) = consumed;
                            let mut c = lock.lock().unwrap_or_else(|e| e.into_inner());
                            while i >= *c + window && !abort.load(Ordering::SeqCst) {
                                c = cv.wait(c).unwrap_or_else(|e| e.into_inner());
                            }
                        }
                        if abort.load(Ordering::SeqCst) {
                            break;
                        }
                        let path = &files[i];
                        let already = |sha: &str| done[i] == Some(sha);
                        let outcome = run::process_file(path, &already, extractor, timeout);
                        if tx.send((i, outcome)).is_err() {
                            break;
                        }
                    });
                }
            });
            drop(tx);
        });
        let stop = |e: std::io::Error| {
            abort.store(true, Ordering::SeqCst);
            consumed.1.notify_all();
            e
        };
        let mut pending: BTreeMap<usize, Outcome> = BTreeMap::new();
        let mut slot_iter = slots.iter();
        let mut failures = 0usize;
        let mut emit_old = |renderer: &mut render::Renderer, e: &Entry| {
            let line = journal::read_line(&mut old_file, e)?;
            renderer.push(&line, e.is_error)
        };
        for (i, outcome) in rx.iter() {
            pending.insert(i, outcome);
            loop {
                let idx = *consumed.0.lock().unwrap_or_else(|e| e.into_inner());
                let Some(outcome) = pending.remove(&idx) else {
                    break;
                };
                // earlier entries that sort before this input
                for (_, slot) in slot_iter.by_ref() {
                    match slot {
                        Slot::Old(e) => emit_old(&mut renderer, e).map_err(stop)?,
                        Slot::New(j) => {
                            debug_assert_eq!(*j, idx, "slots follow input order");
                            break;
                        }
                    }
                }
                let id = &ids[idx];
                match outcome {
                    Outcome::Skipped => {
                        summary.skipped += 1;
                        if let Some(e) = old.get(id) {
                            emit_old(&mut renderer, e).map_err(stop)?;
                        }
                    }
                    Outcome::Record { json, value } => {
                        summary.processed += 1;
                        summary.new_records += 1;
                        let line = journal::record_line(id, &json);
                        writer.append(&line).map_err(stop)?;
                        let end = line.len() - 1; // the record, then the closing brace
                        renderer
                            .push_record(line.as_bytes(), end - json.len()..end, value)
                            .map_err(stop)?;
                    }
                    Outcome::Error(row) => {
                        summary.processed += 1;
                        summary.new_errors += 1;
                        failures += 1;
                        let line = journal::error_line(id, &row);
                        writer.append(&line).map_err(stop)?;
                        renderer.push(line.as_bytes(), true).map_err(stop)?;
                        bar.set_message(format!("failures: {failures}"));
                    }
                }
                bar.inc(1);
                *consumed.0.lock().unwrap_or_else(|e| e.into_inner()) = idx + 1;
                consumed.1.notify_all();
            }
        }
        for (_, slot) in slot_iter {
            if let Slot::Old(e) = slot {
                emit_old(&mut renderer, e)?;
            }
        }
        Ok(())
    });
    bar.finish_and_clear();
    result?;
    let c = *consumed.0.lock().unwrap_or_else(|e| e.into_inner());
    if c != files.len() {
        return Err(std::io::Error::other(format!(
            "batch: {} of {} files finished (internal error)",
            c,
            files.len()
        )));
    }
    drop(writer);
    summary.outputs = renderer.finish()?;
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
