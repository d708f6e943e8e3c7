use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// xxgk: read 政府信息公开工作年度报告 into checked records.
#[derive(Parser)]
#[command(name = "xxgk", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the text of a PDF (or text file) in reading order; table cells are tab-separated.
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = xxgk::Settings::default();
    match cli.command {
        Command::Text {
            file,
            glyphs,
            rules,
        } => run_text(&file, glyphs, rules, &settings),
    }
}

fn run_text(
    file: &std::path::Path,
    glyphs: bool,
    rules: bool,
    settings: &xxgk::Settings,
) -> ExitCode {
    let name = file.display().to_string();
    let doc = match std::fs::read(file)
        .map_err(xxgk::Error::from)
        .and_then(|b| xxgk::ingest::read_document(&name, &b, settings))
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("xxgk: {name}: {e}");
            return ExitCode::from(2);
        }
    };
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
