//! Turning the command line's inputs (files, folders, glob patterns) into a
//! sorted list of files, each named once whatever the spelling of its path.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// Expands `inputs` into files: a file is taken as given, a folder is walked
/// recursively (symlinks followed, hidden folders skipped) for every file
/// ([`is_report_name`]), any other argument is read as a glob pattern. Each file is named by [`display_path`]: its real path
/// (symlinks and `.`/`..` resolved), relative to the current folder when it
/// lies below it, else absolute. So `a/x.txt`, `./a/x.txt`,
/// `$PWD/a/x.txt` and a symlink to it are one file, `a/x.txt`. The list is
/// sorted by path text and has no duplicates, so it does not depend on the
/// order of `inputs`, their spelling or the file system.
///
/// An input that names nothing (no such file or folder, a pattern matching
/// no file) is returned in `missing`; an entry of a folder that cannot be
/// read (a broken link, a folder without permission) in `unreadable`.
///
/// ```
/// let found = xxgk::batch::inputs::expand(&["tests/fixtures/text".to_string()]);
/// assert!(found.files.iter().any(|p| p == "tests/fixtures/text/gb2019_2020.txt"));
/// assert!(found.files.windows(2).all(|w| w[0] < w[1]));
/// let again = xxgk::batch::inputs::expand(&["./tests/fixtures/../fixtures/text/".to_string()]);
/// assert_eq!(again.files, found.files);
/// ```
pub fn expand(inputs: &[String]) -> Expanded {
    let cwd = current_dir();
    let cwd = cwd.as_deref();
    let mut files = BTreeSet::new();
    let mut unreadable = BTreeSet::new();
    let mut missing = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if path.is_dir() {
            walk(path, cwd, &mut files, &mut unreadable);
        } else if path.symlink_metadata().is_ok() {
            // a file, or something that exists but may not read (a broken
            // link, a device): its error row will say why
            files.insert(display_path(path, cwd));
        } else {
            let mut any = false;
            if let Ok(paths) = glob::glob(input) {
                for p in paths.filter_map(|p| p.ok()) {
                    if p.is_dir() {
                        let before = files.len();
                        walk(&p, cwd, &mut files, &mut unreadable);
                        any |= files.len() > before;
                    } else if p.symlink_metadata().is_ok() {
                        any = true;
                        files.insert(display_path(&p, cwd));
                    }
                }
            }
            if !any {
                missing.push(input.clone());
            }
        }
    }
    // a broken entry that is also reached as a file stays a file
    let unreadable = unreadable
        .into_iter()
        .filter(|p| !files.contains(p))
        .collect();
    Expanded {
        files: files.into_iter().collect(),
        unreadable,
        missing,
    }
}

fn walk(
    dir: &Path,
    cwd: Option<&Path>,
    files: &mut BTreeSet<String>,
    unreadable: &mut BTreeSet<String>,
) {
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !e.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() && is_report_name(e.path()) => {
                files.insert(display_path(e.path(), cwd));
            }
            Ok(_) => {}
            // An unreadable folder or a broken link: an error row, not silence.
            Err(e) => {
                unreadable.insert(display_path(e.path().unwrap_or(dir), cwd));
            }
        }
    }
}

/// The current folder, resolved, if it can be read.
pub fn current_dir() -> Option<PathBuf> {
    std::env::current_dir()
        .ok()
        .map(|d| d.canonicalize().unwrap_or(d))
}

/// The name of a file in the outputs: its real path (symlinks, `.` and `..`
/// resolved), relative to `cwd` when it lies below it, else absolute. A
/// path that does not resolve (a broken link) is made absolute and cleaned
/// of `.` and `..` without reading the file system.
///
/// ```
/// use std::path::Path;
/// use xxgk::batch::inputs::display_path;
/// let cwd = Path::new("/nowhere/archive");
/// assert_eq!(display_path(Path::new("./2023/../2024/a.pdf"), Some(cwd)), "2024/a.pdf");
/// assert_eq!(display_path(Path::new("/nowhere/archive/2024/a.pdf"), Some(cwd)), "2024/a.pdf");
/// assert_eq!(display_path(Path::new("../other/b.pdf"), Some(cwd)), "/nowhere/other/b.pdf");
/// ```
pub fn display_path(path: &Path, cwd: Option<&Path>) -> String {
    let real = path.canonicalize().unwrap_or_else(|_| {
        let abs = match cwd {
            Some(c) if path.is_relative() => c.join(path),
            _ => path.to_path_buf(),
        };
        clean(&abs)
    });
    let shown = cwd
        .and_then(|c| real.strip_prefix(c).ok())
        .filter(|r| !r.as_os_str().is_empty())
        .unwrap_or(&real);
    shown.to_string_lossy().into_owned()
}

/// `.` and `..` removed without reading the file system.
fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(c);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The identity of a file named by [`display_path`]: its absolute path.
///
/// ```
/// use std::path::Path;
/// use xxgk::batch::inputs::file_id;
/// assert_eq!(file_id("2024/a.pdf", Some(Path::new("/nowhere"))), "/nowhere/2024/a.pdf");
/// assert_eq!(file_id("/x/a.pdf", Some(Path::new("/nowhere"))), "/x/a.pdf");
/// ```
pub fn file_id(display: &str, cwd: Option<&Path>) -> String {
    let p = Path::new(display);
    match cwd {
        Some(c) if p.is_relative() => c.join(p).to_string_lossy().into_owned(),
        _ => display.to_string(),
    }
}

/// Files that operating systems leave in folders; never reports.
const OS_FILES: &[&str] = &[".DS_Store", "Thumbs.db", "desktop.ini", ".directory"];

/// True when a file found in a folder is taken as an input: every file
/// except the operating system's own (`.DS_Store`, `Thumbs.db`,
/// `desktop.ini`). Whatever its extension (.docx, .ofd, .shtml, .doc,
/// none), each file taken ends as a record or an error row naming why it
/// was refused: nothing in a folder vanishes from the count. (Hidden
/// folders such as `.git` are not walked.)
///
/// ```
/// use std::path::Path;
/// use xxgk::batch::inputs::is_report_name;
/// assert!(is_report_name(Path::new("a/2023年报.PDF")));
/// assert!(is_report_name(Path::new("a/download_123")));
/// assert!(is_report_name(Path::new("a/report.ofd")));
/// assert!(is_report_name(Path::new("a/..x.txt")));
/// assert!(!is_report_name(Path::new("a/.DS_Store")));
/// ```
pub fn is_report_name(path: &Path) -> bool {
    !path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| OS_FILES.iter().any(|o| n.eq_ignore_ascii_case(o)))
}

/// The result of [`expand`].
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    /// Files found, named by [`display_path`], sorted and without duplicates.
    pub files: Vec<String>,
    /// Entries of input folders that could not be read (they become `io`
    /// error rows).
    pub unreadable: Vec<String>,
    /// Inputs that named nothing: no such file or folder, or a pattern that
    /// matched no file.
    pub missing: Vec<String>,
}

/// The error of a batch given inputs that name nothing (see
/// [`Expanded::missing`]). The batch does not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingInputs {
    /// The inputs as given.
    pub inputs: Vec<String>,
}

impl fmt::Display for MissingInputs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no such file or folder, or no file matches: ")?;
        for (i, p) in self.inputs.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for MissingInputs {}
