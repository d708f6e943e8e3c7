use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// xxgk: read 政府信息公开工作年度报告 into checked records.
#[derive(Parser)]
#[command(name = "xxgk", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to read pages by OCR: auto (pages without a text layer that
    /// hold an image), always (every page), never (refuse scanned PDFs).
    #[arg(long, global = true, default_value = "auto", value_name = "WHEN")]
    ocr: xxgk::settings::OcrMode,
}

#[derive(Subcommand)]
enum Command {
    /// Extract and check reports: one JSON record per file (NDJSON for several files).
    ///
    /// Exit status: 0 when every file gave a record (even if the report fails
    /// its own checks), 1 with --strict when a record fails an error-severity
    /// check, 2 when a file could not be read as a report (the others are
    /// still processed).
    #[command(after_help = "Examples:
  xxgk extract report.pdf --pretty
  xxgk extract 2022/*.pdf > records.ndjson
  xxgk extract report.pdf --strict --no-provenance || echo \"the report fails its own checks\"")]
    Extract {
        /// Report files: PDF, plain text or HTML.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// Pretty-print the JSON (one file only; NDJSON stays one line per record).
        #[arg(long)]
        pretty: bool,
        /// Exit 1 when a record fails an error-severity check.
        #[arg(long)]
        strict: bool,
        /// Leave out the per-cell provenance list (`cells`).
        #[arg(long)]
        no_provenance: bool,
    },
    /// Draw what xxgk detected on one PDF page as SVG: glyph boxes (grey),
    /// ruling lines (red), cells of each line (blue, labelled line:cell),
    /// page furniture (orange).
    #[command(after_help = "Examples:
  xxgk debug report.pdf --page 3 --svg page3.svg")]
    Debug {
        /// The PDF to read.
        file: std::path::PathBuf,
        /// Page number, starting at 1.
        #[arg(long, default_value_t = 1)]
        page: usize,
        /// Where to write the SVG.
        #[arg(long)]
        svg: std::path::PathBuf,
    },
    /// Print the tables whose structure xxgk read (ruled PDF grids, PDF
    /// tables read from the text's alignment, HTML and DOCX tables): one
    /// line per grid row, cells separated by " | ",
    /// "·" where a span covers the position, "∅" for an empty cell.
    #[command(after_help = "Examples:
  xxgk tables report.pdf
  xxgk tables report.docx | less")]
    Tables {
        /// The file to read.
        file: std::path::PathBuf,
    },
    /// Print the JSON Schema (draft 2020-12) of the record.
    #[command(after_help = "Examples:
  xxgk schema > record.schema.json")]
    Schema,
    /// Print the text of a PDF (or text file) in reading order; table cells are tab-separated.
    #[command(after_help = "Examples:
  xxgk text report.pdf | less
  xxgk text report.pdf --glyphs | awk -F'\\t' '$1 == 2'   # glyphs of the third page
  xxgk text report.pdf --rules")]
    Text {
        /// The file to read.
        file: std::path::PathBuf,
        /// Print one glyph per line: page index, x0, top, size, text.
        #[arg(long)]
        glyphs: bool,
        /// Print the ruling lines: page index, x0, top, x1, bottom.
        #[arg(long)]
        rules: bool,
    },
    /// Process many reports in parallel into one set of outputs
    /// (records.ndjson, reports.csv, cells.csv, checks.csv, errors.csv, xxgk.sqlite).
    ///
    /// Every input file ends as one record or one error row. Rerunning into
    /// the same DIR skips files already recorded (same file, path, SHA-256
    /// and xxgk version). Exit status: 0 when the batch ran (refused files
    /// are rows in errors.csv), 2 when an input names nothing (the batch
    /// does not start) or the outputs could not be written.
    ///
    /// With --audit, also writes the HTML audit into DIR/audit/ (see `xxgk audit`).
    #[command(after_help = "Examples:
  xxgk batch reports/ --out out/
  xxgk batch 'archive/**/*.pdf' --out out/ --jobs 4 --audit
  xxgk batch reports/ --out out/ --format csv --no-bom
  xxgk batch reports/ --out shard1/ --shard 1/2   # then: xxgk merge shard1 shard2 --out out/")]
    Batch {
        /// Files, folders (walked recursively) or glob patterns.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// Output folder.
        #[arg(long)]
        out: std::path::PathBuf,
        /// Worker threads; by default one per core of this machine.
        #[arg(long, default_value_t = default_jobs())]
        jobs: usize,
        /// Also write the HTML audit (a page per report and an index) into DIR/audit/.
        #[arg(long)]
        audit: bool,
        /// Time limit per file, in seconds.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// Outputs to write: any of ndjson,csv,sqlite (default: all).
        #[arg(long, default_value = "ndjson,csv,sqlite")]
        format: xxgk::output::Formats,
        /// Write CSV files without the UTF-8 byte-order mark.
        #[arg(long)]
        no_bom: bool,
        /// Reprocess files already recorded in DIR.
        #[arg(long)]
        force: bool,
        /// Process only shard K of N (1-based), split by a hash of the path.
        #[arg(long, value_name = "K/N")]
        shard: Option<xxgk::batch::shard::Shard>,
    },
    /// Combine the output folders of `xxgk batch --shard` runs into one set of outputs.
    #[command(after_help = "Examples:
  xxgk batch reports/ --out s1/ --shard 1/2
  xxgk batch reports/ --out s2/ --shard 2/2
  xxgk merge s1/ s2/ --out out/")]
    Merge {
        /// Shard output folders.
        #[arg(required = true)]
        shard_dirs: Vec<std::path::PathBuf>,
        /// Output folder.
        #[arg(long)]
        out: std::path::PathBuf,
        /// Outputs to write: any of ndjson,csv,sqlite (default: all).
        #[arg(long, default_value = "ndjson,csv,sqlite")]
        format: xxgk::output::Formats,
        /// Write CSV files without the UTF-8 byte-order mark.
        #[arg(long)]
        no_bom: bool,
    },
    /// Write a self-contained HTML audit a person can read and publish: one
    /// page per report (its tables laid out like the national form, each
    /// failing check explained with the printed numbers and their page, the
    /// failing cells highlighted, and for PDFs a picture of the page) and
    /// DIR/index.html over all of them. No page loads anything from the
    /// network.
    ///
    /// Exit status: 0 when the audit was written (reports failing their
    /// checks and refused files are in it), 2 when an input names nothing or
    /// the pages could not be written.
    #[command(after_help = "Examples:
  xxgk audit report.pdf --out audit/
  xxgk audit reports/ 'archive/2023/*.pdf' --out audit/ --jobs 2
  chromium audit/index.html")]
    Audit {
        /// Files, folders (walked recursively) or glob patterns.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// Output folder.
        #[arg(long)]
        out: std::path::PathBuf,
        /// Worker threads; by default one per core of this machine.
        #[arg(long, default_value_t = default_jobs())]
        jobs: usize,
    },
}

/// One worker per core, as the machine reports them.
fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut settings = xxgk::Settings::default();
    settings.ocr.mode = cli.ocr;
    match cli.command {
        Command::Extract {
            files,
            pretty,
            strict,
            no_provenance,
        } => run_extract(&files, pretty, strict, no_provenance, &settings),
        Command::Debug { file, page, svg } => run_debug(&file, page, &svg, &settings),
        Command::Tables { file } => {
            let name = file.display().to_string();
            match read_document(&file, &name, &settings) {
                Some(mut doc) => {
                    doc.tables = xxgk::document_tables(&doc, &settings);
                    print!("{}", xxgk::debug::tables_text(&doc));
                    ExitCode::SUCCESS
                }
                None => ExitCode::from(2),
            }
        }
        Command::Schema => {
            print!("{}", xxgk::record::RECORD_JSON_SCHEMA);
            ExitCode::SUCCESS
        }
        Command::Text {
            file,
            glyphs,
            rules,
        } => run_text(&file, glyphs, rules, &settings),
        Command::Batch {
            inputs,
            out,
            jobs,
            audit,
            timeout,
            format,
            no_bom,
            force,
            shard,
        } => {
            let mut opts = xxgk::batch::BatchOptions::new(out);
            opts.jobs = jobs;
            opts.audit = audit;
            opts.timeout = std::time::Duration::from_secs(timeout);
            opts.formats = format;
            opts.bom = !no_bom;
            opts.force = force;
            opts.shard = shard;
            opts.settings = settings;
            run_batch(&inputs, &opts)
        }
        Command::Merge {
            shard_dirs,
            out,
            format,
            no_bom,
        } => run_merge(&shard_dirs, &out, format, !no_bom),
        Command::Audit { inputs, out, jobs } => {
            let opts = xxgk::audit::AuditOptions {
                out_dir: out,
                jobs,
                settings,
            };
            run_audit(&inputs, &opts)
        }
    }
}

fn run_audit(inputs: &[String], opts: &xxgk::audit::AuditOptions) -> ExitCode {
    // A contained parser panic becomes a refused file; don't also print it.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("xxgk-audit") {
            default_hook(info);
        }
    }));
    match xxgk::audit::run(inputs, opts) {
        Ok(s) => {
            eprintln!(
                "xxgk: audit: {} report page(s), {} with failing checks, {} file(s) refused; open {}",
                s.reports,
                s.failing,
                s.refused.len(),
                s.index.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => run_failed("audit", &e, &opts.out_dir),
    }
}

/// Reads a file into positioned lines; on failure prints `xxgk: FILE: reason`.
fn read_document(
    file: &std::path::Path,
    name: &str,
    settings: &xxgk::Settings,
) -> Option<xxgk::ingest::Document> {
    std::fs::read(file)
        .map_err(xxgk::Error::from)
        .and_then(|b| xxgk::ingest::read_document(name, &b, settings))
        .map_err(|e| eprintln!("xxgk: {name}: {e}"))
        .ok()
}

fn run_text(
    file: &std::path::Path,
    glyphs: bool,
    rules: bool,
    settings: &xxgk::Settings,
) -> ExitCode {
    let name = file.display().to_string();
    let Some(doc) = read_document(file, &name, settings) else {
        return ExitCode::from(2);
    };
    for p in doc.pages.iter().filter(|p| p.glyphs.is_empty()) {
        eprintln!(
            "xxgk: {name}: page {}: no text layer (scanned?)",
            p.page_index + 1
        );
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let res = (|| -> std::io::Result<()> {
        if glyphs || rules {
            for p in &doc.pages {
                if glyphs {
                    for g in &p.glyphs {
                        writeln!(
                            out,
                            "{}\t{:.1}\t{:.1}\t{:.1}\t{}",
                            g.page_index, g.bbox.x0, g.bbox.top, g.size_pt, g.text
                        )?;
                    }
                }
                if rules {
                    for r in &p.rules {
                        writeln!(
                            out,
                            "{}\t{:.1}\t{:.1}\t{:.1}\t{:.1}",
                            r.page_index, r.bbox.x0, r.bbox.top, r.bbox.x1, r.bbox.bottom
                        )?;
                    }
                }
            }
        } else {
            let mut page = usize::MAX;
            for l in &doc.lines {
                if doc.positioned && l.page_index != page {
                    if page != usize::MAX {
                        writeln!(out, "\x0c")?;
                    }
                    page = l.page_index;
                }
                writeln!(out, "{}", l.text())?;
            }
        }
        out.flush()
    })();
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xxgk: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_extract(
    files: &[std::path::PathBuf],
    pretty: bool,
    strict: bool,
    no_provenance: bool,
    settings: &xxgk::Settings,
) -> ExitCode {
    let mut failed_input = false;
    let mut failed_check = false;
    let stdout = std::io::stdout();
    for file in files {
        let name = file.display().to_string();
        let result = std::panic::catch_unwind(|| xxgk::extract_path(file, settings))
            .unwrap_or_else(|p| {
                let detail = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".into());
                Err(xxgk::Error::new(xxgk::ErrorKind::Internal { detail }))
            });
        match result {
            Ok(mut record) => {
                if no_provenance {
                    record.cells.clear();
                }
                failed_check |= record.checks.iter().any(|c| {
                    c.status == xxgk::record::CheckStatus::Fail
                        && c.severity == xxgk::record::Severity::Error
                });
                let json = if pretty && files.len() == 1 {
                    serde_json::to_string_pretty(&record)
                } else {
                    serde_json::to_string(&record)
                }
                .expect("records serialize");
                let mut out = stdout.lock();
                if writeln!(out, "{json}").and_then(|_| out.flush()).is_err() {
                    return ExitCode::SUCCESS; // stdout closed (e.g. piped into head)
                }
            }
            Err(e) => {
                eprintln!("xxgk: {name}: {e}");
                failed_input = true;
            }
        }
    }
    if failed_input {
        ExitCode::from(2)
    } else if strict && failed_check {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_batch(inputs: &[String], opts: &xxgk::batch::BatchOptions) -> ExitCode {
    use std::io::IsTerminal;
    let mut opts = opts.clone();
    opts.progress = std::io::stderr().is_terminal();
    // A contained parser panic becomes an error row; don't also print it.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("xxgk-extract") {
            default_hook(info);
        }
    }));
    match xxgk::batch::run(inputs, &opts) {
        Ok(summary) => {
            eprint!("xxgk: batch: {summary}");
            ExitCode::SUCCESS
        }
        Err(e) => run_failed("batch", &e, &opts.out_dir),
    }
}

fn run_merge(
    shard_dirs: &[std::path::PathBuf],
    out: &std::path::Path,
    formats: xxgk::output::Formats,
    bom: bool,
) -> ExitCode {
    match xxgk::batch::merge(shard_dirs, out, formats, bom) {
        Ok(summary) => {
            eprint!("xxgk: merge: {summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xxgk: merge: {}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}

fn run_debug(
    file: &std::path::Path,
    page_number: usize,
    svg: &std::path::Path,
    settings: &xxgk::Settings,
) -> ExitCode {
    let name = file.display().to_string();
    let Some(doc) = read_document(file, &name, settings) else {
        return ExitCode::from(2);
    };
    let Some(text) = page_number
        .checked_sub(1)
        .and_then(|i| xxgk::debug::page_svg(&doc, i))
    else {
        eprintln!(
            "xxgk: {name}: no page {page_number} (the document has {} PDF pages)",
            doc.pages.len()
        );
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::write(svg, text) {
        eprintln!("xxgk: {}: {e}", svg.display());
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// Reports why `xxgk CMD` (batch or audit) did nothing: each input that
/// does not exist, or the output folder's error. Exit code 2.
fn run_failed(cmd: &str, e: &std::io::Error, out_dir: &std::path::Path) -> ExitCode {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<xxgk::batch::inputs::MissingInputs>())
    {
        Some(missing) => {
            for input in &missing.inputs {
                eprintln!("xxgk: {cmd}: {input}: no such file or folder, or no file matches");
            }
            eprintln!("xxgk: {cmd}: nothing done");
        }
        None => eprintln!("xxgk: {cmd}: {}: {e}", out_dir.display()),
    }
    ExitCode::from(2)
}
